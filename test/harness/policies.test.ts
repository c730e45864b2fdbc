// The policies run through @pulumi/policy's own analyzer server: proxies, isType, notApplicable,
// getConfig, stackTags and the unknown-value advisory behave as in a real preview.
import * as assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { validateResourceOfType, validateStackResourcesOfType, type Policies } from "@pulumi/policy";
import { runPolicies } from "../../policypack/testing";
import { replicationProgram, stackResource } from "./fixtures";

/** Reports every bucket whose versioning target it cannot prove, reading the bucket name first. */
const versioningPolicies: Policies = [
  {
    name: "versioning-names-a-bucket",
    description: "BucketVersioning must name its bucket.",
    enforcementLevel: "mandatory",
    severity: "high",
    validateResource: validateResourceOfType(aws.s3.BucketVersioning, (v, _args, report) => {
      report("checked: the versioning resource exists");
      if (!v.bucket.startsWith("orders")) {
        report(`bucket ${v.bucket} is not an orders bucket`);
      }
    }),
  },
  {
    name: "stack-knows-key-arns",
    description: "Every key ARN must be in its provider's region.",
    enforcementLevel: "advisory",
    validateStack: validateStackResourcesOfType(aws.kms.Key, (keys, args, report) => {
      for (const key of keys) {
        const region = args.resources.find((r) => r.props === key)?.provider?.props["region"];
        if (!key.arn.includes(`:${String(region)}:`)) {
          report(`key ${key.arn} is not in ${String(region)}`);
        }
      }
    }),
  },
];

/** A component whose registered outputs hold a resource and itself. */
class Holder extends pulumi.ComponentResource {
  readonly bucket: aws.s3.Bucket;
  constructor(name: string) {
    super("s3-replication:test:Holder", name);
    this.bucket = new aws.s3.Bucket("held", { bucket: "held-bucket" }, { parent: this });
    this.registerOutputs({ bucket: this.bucket, self: this });
  }
}

describe("harness: policies through the SDK analyzer server", () => {
  it("turns a read of an unknown value in preview into an advisory, keeping earlier violations", async () => {
    const r = await runPolicies(replicationProgram({ bucketName: "orders-dr" }), {
      preview: true,
      policies: versioningPolicies,
    });
    assert.deepEqual(
      r.violations.map((v) => v.message),
      ["BucketVersioning must name its bucket.\nchecked: the versioning resource exists"],
    );
    assert.equal(r.violations[0]?.severity, "high");
    assert.equal(r.violations[0]?.enforcementLevel, "mandatory");
    assert.equal(r.advisories.length, 2);
    assert.match(
      r.advisories[0] ?? "",
      /^can't run policy 'versioning-names-a-bucket' from policy pack 's3-replication@v0\.1\.0' during preview: string value at \.bucket can't be known during preview \[urn:.*BucketVersioning::dr-versioning\]$/,
    );
    assert.match(
      r.advisories[1] ?? "",
      /^can't run policy 'stack-knows-key-arns' .* string value at \.arn can't be known during preview$/,
    );
  });

  it("runs the same policies to completion in update mode", async () => {
    const r = await runPolicies(replicationProgram({ bucketName: "orders-dr" }), { policies: versioningPolicies });
    assert.deepEqual(r.advisories, []);
    assert.deepEqual(
      r.violations.map((v) => v.policyName),
      ["versioning-names-a-bucket"],
    );
    const bad = await runPolicies(replicationProgram({ bucketName: "logs-dr" }), { policies: versioningPolicies });
    assert.deepEqual(
      bad.violations.map((v) => v.message.split("\n")[1]),
      ["checked: the versioning resource exists", "bucket logs-dr is not an orders bucket"],
    );
    assert.match(bad.violations[1]?.urn ?? "", /BucketVersioning::dr-versioning$/);
  });

  it("gives validators isType, getConfig, stackTags, plain secrets and notApplicable", async () => {
    const notes: string[] = [];
    const policies: Policies = [
      {
        name: "inspect",
        description: "Inspects its arguments.",
        enforcementLevel: "advisory",
        configSchema: {
          properties: { allowedRegions: { type: "array", items: { type: "string" }, default: ["eu-west-1"] } },
        },
        validateResource: (args, report) => {
          if (!args.isType(aws.s3.Bucket)) {
            args.notApplicable("buckets only");
          }
          notes.push(`config=${JSON.stringify(args.getConfig())} team=${String(args.stackTags.get("team"))}`);
          report(`owner=${String((args.props["tags"] as Record<string, unknown>)["owner"])}`);
        },
      },
    ];
    const r = await runPolicies(
      () => {
        new aws.s3.Bucket("b", { tags: { owner: pulumi.secret("alice") } });
        new aws.kms.Key("k", {});
      },
      { policies, stackTags: { team: "storage" } },
    );
    assert.deepEqual(notes, ['config={"allowedRegions":["eu-west-1"]} team=storage']);
    assert.deepEqual(
      r.violations.map((v) => v.message),
      ["Inspects its arguments.\nowner=alice"],
    );
  });

  it("downgrades resource references in outputs to ids (components: URNs), as the engine marshals them", async () => {
    const seen: unknown[] = [];
    const program = () => {
      const holder = new Holder("holder");
      return { bucket: holder.bucket };
    };
    const r = await runPolicies(program, {
      policies: [
        {
          name: "component-outputs",
          description: "Reads resource references.",
          validateStack: (args) => {
            const holder = stackResource(args, "holder");
            seen.push(
              holder.props["bucket"],
              holder.props["self"],
              stackResource(args, "project-stack").props["bucket"],
            );
          },
        },
      ],
    });
    assert.deepEqual(seen.slice(0, 2), [
      "held-bucket",
      "urn:pulumi:stack::project::s3-replication:test:Holder::holder",
    ]);
    // A resource exported from the stack is expanded by the SDK into its properties.
    assert.equal((seen[2] as Record<string, unknown>)["arn"], "arn:aws:s3:::held-bucket");
    // The recorded state keeps the reference itself, as `pulumi stack export` shows it.
    const holder = r.resources.find((x) => x.name === "holder");
    assert.equal(
      (holder?.outputs["bucket"] as Record<string, unknown>)["urn"],
      r.resources.find((x) => x.name === "held")?.urn,
    );
    const preview = await runPolicies(program, {
      preview: true,
      policies: [
        {
          name: "read-ref",
          description: "Reads a reference.",
          validateStack: (args) => void stackResource(args, "holder").props["bucket"],
        },
      ],
    });
    assert.match(
      preview.advisories[0] ?? "",
      /can't run policy 'read-ref' .* value at \.bucket can't be known during preview/,
    );
  });

  it("fails the run when a policy throws (the engine fails the deployment)", async () => {
    await assert.rejects(
      runPolicies(replicationProgram(), {
        policies: [
          {
            name: "buggy",
            description: "Throws.",
            validateResource: () => {
              throw new Error("policy bug");
            },
          },
        ],
      }),
      /Error validating resource with policy 'buggy'[\s\S]*policy bug/,
    );
  });

  it("refuses to fake a remediation, and runs the validation when the policy is not set to remediate", async () => {
    const policies: Policies = [
      {
        name: "force-versioning-status",
        description: "Versioning must be Enabled.",
        remediateResource: (args) => ({ ...args.props, versioningConfiguration: { status: "Enabled" } }),
        validateResource: (args, report) => {
          if (args.type === "aws:s3/bucketVersioning:BucketVersioning") report("checked");
        },
      },
    ];
    await assert.rejects(
      runPolicies(replicationProgram(), { policies, config: { "force-versioning-status": "remediate" } }),
      /policy 'force-versioning-status' remediated .*; remediations are not reproduced offline/,
    );
    const r = await runPolicies(replicationProgram(), { policies, config: { "force-versioning-status": "mandatory" } });
    assert.deepEqual(
      r.violations.map((v) => v.message),
      ["Versioning must be Enabled.\nchecked"],
    );
  });

  it("skips disabled policies and applies the pack default level", async () => {
    const policies: Policies = [
      { name: "always", description: "Always reports.", validateStack: (_a, report) => report("x") },
      {
        name: "off",
        description: "Disabled.",
        enforcementLevel: "disabled",
        validateStack: (_a, report) => report("y"),
      },
    ];
    const r = await runPolicies(() => undefined, { policies });
    assert.deepEqual(
      r.violations.map((v) => [v.policyName, v.enforcementLevel]),
      [["always", "advisory"]],
    );
  });

  it("hands on each answer as the engine reads it: written and read back by the method's own gRPC codec", async () => {
    // protobuf's string writer drops half a surrogate pair, so the engine never sees it.
    const policies: Policies = [
      { name: "half-pair", description: "Reports text.", validateStack: (_a, report) => report("a\uD83Db") },
    ];
    const r = await runPolicies(() => undefined, { policies });
    assert.deepEqual(
      r.violations.map((v) => v.message),
      ["Reports text.\nab"],
    );
  });

  it("fails the run, naming the call, when an answer cannot be written as gRPC writes it", async () => {
    const policies: Policies = [
      {
        name: "listed-urn",
        description: "Reports a list where a URN goes.",
        validateStack: (_a, report) => report("m", ["a", "b"] as unknown as string),
      },
    ];
    await assert.rejects(
      runPolicies(() => undefined, { policies }),
      /offline harness: the pack's answer to analyzeStack cannot be written as gRPC writes it: /,
    );
  });
});
