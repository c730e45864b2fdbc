// What a program reads instead of creating: a StackReference (outputs per stack name, as the
// engine's builtin returns them), `Resource.get` reads (id given by the program, state from the
// user or unknown, recorded external) and provider functions answered by the user.
import * as assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
  runPolicies,
  secret,
  SECRET_SIG,
  SIG_KEY,
  toStackExport,
  UNKNOWN,
  type RunPoliciesOptions,
  type RunResult,
} from "../../policypack/testing";
import { byName, recordingPolicies, stackResource, type Seen } from "./fixtures";

const SOURCE_KEY_ID = "1234abcd-12ab-34cd-56ef-1234567890ab";

/** A cross-account replication role written the way users write it: the destination from another stack. */
function program(): Record<string, unknown> {
  const dest = new pulumi.StackReference("acme/dest/prod");
  const bucketArn = dest.requireOutput("bucketArn");
  const keyArn = dest.getOutput("keyArn");
  const source = aws.s3.Bucket.get("source", "orders-source");
  const sourceKey = aws.kms.Key.get("source-key", SOURCE_KEY_ID);
  const archive = aws.s3.getBucketOutput({ bucket: "orders-archive" });
  const role = new aws.iam.Role("replication", {
    assumeRolePolicy: JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { Service: "s3.amazonaws.com" }, Action: "sts:AssumeRole" }],
    }),
  });
  new aws.iam.RolePolicy("replication", {
    role: role.name,
    policy: pulumi.jsonStringify({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Action: ["s3:GetReplicationConfiguration", "s3:ListBucket"],
          Resource: [source.arn, archive.arn],
        },
        { Effect: "Allow", Action: ["s3:ReplicateObject"], Resource: pulumi.interpolate`${bucketArn}/*` },
        { Effect: "Allow", Action: ["kms:Decrypt"], Resource: sourceKey.arn },
        { Effect: "Allow", Action: ["kms:Encrypt"], Resource: keyArn },
      ],
    }),
  });
  return { sourceVersioning: source.versioning, archiveRegion: archive.region };
}

const options: RunPoliciesOptions = {
  stackReferences: {
    "acme/dest/prod": {
      bucketArn: "arn:aws:s3:::orders-replica",
      keyArn: secret("arn:aws:kms:eu-west-1:222222222222:key/mrk-1"),
    },
  },
  reads: { "aws:s3/bucket:Bucket::orders-source": { versioning: { enabled: true, mfaDelete: false } } },
  invokes: {
    "aws:s3/getBucket:getBucket": (args, provider) => ({
      id: String(args["bucket"]),
      bucket: String(args["bucket"]),
      arn: `arn:${provider.partition}:s3:::${String(args["bucket"])}`,
      region: provider.region,
    }),
  },
};

describe("harness: stack references, reads and user-answered provider functions", () => {
  for (const preview of [false, true]) {
    describe(preview ? "preview (reads happen for real in preview too)" : "update", () => {
      let result: RunResult;
      const seen: Seen = { resources: [], stacks: [] };
      before(async () => {
        result = await runPolicies(program, { ...options, ...recordingPolicies(seen), preview });
      });

      it("answers the StackReference as the engine's builtin: outputs, secret output names, external, no provider", () => {
        const ref = result.resources.find((r) => r.type === "pulumi:pulumi:StackReference");
        assert.ok(ref !== undefined);
        assert.equal(ref.id, "acme/dest/prod");
        assert.equal(ref.external, true);
        assert.equal(ref.provider, undefined);
        assert.deepEqual(ref.outputs, {
          name: "acme/dest/prod",
          outputs: {
            bucketArn: "arn:aws:s3:::orders-replica",
            keyArn: { [SIG_KEY]: SECRET_SIG, value: "arn:aws:kms:eu-west-1:222222222222:key/mrk-1" },
          },
          secretOutputNames: ["keyArn"],
        });
      });

      it("reads keep the program's id, derive the ARN, take the user's state and leave the rest unknown", () => {
        const source = byName(result, "source");
        assert.equal(source.external, true);
        assert.equal(source.id, "orders-source");
        assert.equal(source.outputs["bucket"], "orders-source");
        assert.equal(source.outputs["arn"], "arn:aws:s3:::orders-source");
        assert.deepEqual(source.outputs["versioning"], { enabled: true, mfaDelete: false });
        assert.equal(source.outputs["serverSideEncryptionConfiguration"], UNKNOWN);
        assert.equal(source.outputs["replicationConfiguration"], UNKNOWN);
        assert.equal(source.outputs["policy"], UNKNOWN);
        const key = byName(result, "source-key");
        assert.equal(key.external, true);
        assert.equal(key.outputs["keyId"], SOURCE_KEY_ID);
        assert.equal(key.outputs["arn"], `arn:aws:kms:us-east-1:111111111111:key/${SOURCE_KEY_ID}`);
        assert.equal(key.outputs["policy"], UNKNOWN, "a read key's policy is not invented");
        assert.equal(key.outputs["multiRegion"], UNKNOWN);
      });

      it("the program gets the answers: the role policy is complete and known", () => {
        const rolePolicy = result.resources.find((r) => r.type === "aws:iam/rolePolicy:RolePolicy");
        assert.ok(rolePolicy !== undefined);
        const text = rolePolicy.inputs["policy"];
        const doc = JSON.parse(
          String(typeof text === "object" && text !== null && !Array.isArray(text) ? text["value"] : text),
        ) as {
          Statement: { Resource: unknown }[];
        };
        assert.deepEqual(
          doc.Statement.map((s) => s.Resource),
          [
            ["arn:aws:s3:::orders-source", "arn:aws:s3:::orders-archive"],
            "arn:aws:s3:::orders-replica/*",
            `arn:aws:kms:us-east-1:111111111111:key/${SOURCE_KEY_ID}`,
            "arn:aws:kms:eu-west-1:222222222222:key/mrk-1",
          ],
        );
        const outputs = byName(result, "project-stack").outputs;
        assert.deepEqual(outputs["sourceVersioning"], { enabled: true, mfaDelete: false });
        assert.equal(outputs["archiveRegion"], "us-east-1");
      });

      it("sends the pack no read, neither to Analyze nor to AnalyzeStack (the engine keeps reads apart)", () => {
        const isRead = (t: string): boolean =>
          t === "aws:s3/bucket:Bucket" || t === "aws:kms/key:Key" || t.startsWith("pulumi:pulumi:StackRef");
        assert.deepEqual(seen.resources.map((r) => r.type).filter(isRead), []);
        const stack = seen.stacks[0];
        assert.ok(stack !== undefined);
        assert.deepEqual(stack.resources.map((r) => r.type).filter(isRead), []);
        // What the stack manages is there, with its property dependencies on the reads dropped (not in the stack).
        assert.equal(stackResource(stack, "replication").type, "aws:iam/role:Role");
        const rolePolicy = stack.resources.find((r) => r.type === "aws:iam/rolePolicy:RolePolicy");
        assert.ok(rolePolicy !== undefined);
        assert.deepEqual(
          (rolePolicy.propertyDependencies["policy"] ?? []).map((d) => d.type),
          [],
          "the read bucket and key are not resources of the stack",
        );
      });

      it("exports reads as the engine does: external: true", () => {
        const exported = toStackExport(result).deployment.resources;
        const external = exported.filter((r) => r.external === true).map((r) => r.type);
        assert.deepEqual(external.sort(), ["aws:kms/key:Key", "aws:s3/bucket:Bucket", "pulumi:pulumi:StackReference"]);
      });
    });
  }

  it("fails clearly on a stack nobody gave outputs for, naming the option", async () => {
    await assert.rejects(
      runPolicies(
        () => {
          const ref = new pulumi.StackReference("acme/other/prod");
          new aws.s3.Bucket("b", { tags: { from: ref.requireOutput("x").apply(String) } });
        },
        { ...recordingPolicies(), stackReferences: { "acme/dest/prod": {} } },
      ),
      (err: Error) => {
        assert.match(err.message, /reads the stack 'acme\/other\/prod' with a StackReference/);
        assert.match(err.message, /\{ stackReferences: \{ "acme\/other\/prod": \{ outputName: value, \.\.\. \} \} \}/);
        assert.match(err.message, /given: 'acme\/dest\/prod'/);
        return true;
      },
    );
  });

  it("fails an unanswered provider function naming the token and the option, with no stack trace on stderr", async () => {
    const written: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    }) as typeof process.stderr.write;
    let message = "";
    try {
      await runPolicies(() => {
        const b = aws.s3.getBucketOutput({ bucket: "orders-source" });
        new aws.s3.BucketVersioning("v", { bucket: b.bucket, versioningConfiguration: { status: "Enabled" } });
      }, recordingPolicies()).catch((err: Error) => {
        message = err.message;
        assert.ok(!(err.stack ?? "").includes("    at "), "an expected failure carries no stack");
      });
    } finally {
      process.stderr.write = write;
    }
    assert.match(message, /provider function 'aws:s3\/getBucket:getBucket'/);
    assert.match(message, /\{ invokes: \{ "aws:s3\/getBucket:getBucket": \(args, provider\) => \(\{/);
    assert.deepEqual(
      written.filter((w) => w.includes("    at ")),
      [],
    );
  });

  it("lets the user answer replace a built-in answer (getCallerIdentity)", async () => {
    const r = await runPolicies(() => ({ account: aws.getCallerIdentityOutput({}).accountId }), {
      ...recordingPolicies(),
      invokes: {
        "aws:index/getCallerIdentity:getCallerIdentity": (_args, provider) => ({
          accountId: "999999999999",
          arn: `arn:${provider.partition}:iam::999999999999:user/ci`,
          id: "999999999999",
          userId: "AIDAEXAMPLE",
        }),
      },
    });
    assert.equal(byName(r, "project-stack").outputs["account"], "999999999999");
  });

  it("refuses an answer that is not plain JSON, naming the path", async () => {
    await assert.rejects(
      runPolicies(() => ({ b: aws.s3.getBucketOutput({ bucket: "x" }).arn }), {
        ...recordingPolicies(),
        invokes: { "aws:s3/getBucket:getBucket": () => ({ arn: pulumi.output("arn:aws:s3:::x") }) },
      }),
      /options\.invokes\["aws:s3\/getBucket:getBucket"\] result\.arn must be plain JSON/,
    );
  });
});
