// single-configuration for key policies: AWS keeps one key policy per key (PutKeyPolicy replaces
// it), so two aws.kms.KeyPolicy resources on one key overwrite each other on every `up`. The
// bucket-policy and replication-configuration cases run in the corpus (two-bucket-policies,
// two-replication-configs).
import * as assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { runPolicies, toStackExport, type RunResult } from "../../policypack/testing";
import { readStackExport } from "../../policypack/check/exportReader";
import { defaultPolicySet, runChecks } from "../../policypack/check/engine";

/** A key policy of one statement: `principal` may do anything with the key. */
const keyDocument = (sid: string, principal: pulumi.Input<string>): pulumi.Output<string> =>
  pulumi.jsonStringify({
    Version: "2012-10-17",
    Statement: [{ Sid: sid, Effect: "Allow", Principal: { AWS: principal }, Action: "kms:*", Resource: "*" }],
  });

/** A key administered by its account, with one or two key policies written as separate resources. */
function program(policies: 1 | 2): () => void {
  return () => {
    const key = new aws.kms.Key("orders", { description: "orders", enableKeyRotation: true });
    const admin = (sid: string): pulumi.Output<string> => keyDocument(sid, "arn:aws:iam::111111111111:root");
    new aws.kms.KeyPolicy("orders-admin", { keyId: key.id, policy: admin("Admin") });
    if (policies === 2) new aws.kms.KeyPolicy("orders-audit", { keyId: key.id, policy: admin("Audit") });
  };
}

const overwrites = (violations: Array<{ policyName: string; message: string }>): string[] =>
  violations.filter((v) => v.policyName === "single-configuration").map((v) => v.message.split("\n").pop() ?? "");

describe("policy pack: single-configuration, key policies", () => {
  for (const preview of [false, true]) {
    const mode = preview ? "preview" : "update";
    it(`${mode}: two KeyPolicy resources on one key are S3R041, naming both`, async () => {
      const result = await runPolicies(program(2), { preview });
      const found = overwrites(result.violations);
      assert.equal(found.length, 1, found.join("\n"));
      assert.match(
        found[0] ?? "",
        /^\[S3R041 .*kms\.KeyPolicy "orders-admin" and kms\.KeyPolicy "orders-audit" each write the key policy of kms\.Key "orders"/,
      );
      assert.equal(
        result.violations.find((v) => v.policyName === "single-configuration")?.enforcementLevel,
        "mandatory",
      );
      // No replication path uses this key: an overwrite there is a security finding, not a replication breakage (issue 21).
      assert.match(found[0] ?? "", /^\[S3R041 medium security\]/);
    });
    it(`${mode}: one KeyPolicy resource is not an overwrite`, async () => {
      const result = await runPolicies(program(1), { preview });
      assert.deepEqual(overwrites(result.violations), []);
    });
  }
});

// Issue 21 item 4: a key's inline `policy` next to a KeyPolicy is a second writer. The state's
// outputs also hold what the provider read back from AWS (KMS's default key policy at create, the
// KeyPolicy's document after a refresh), so the pack claims it only where its origin is exact
// (a key created in preview, a policy that depends on other resources) and advises (S3R080) where
// the outputs cannot tell; the checker reads the export's inputs and always knows.
type Inline = "none" | "literal" | "dependent";

function inlineAndSeparate(inline: Inline): () => void {
  return () => {
    const admin = new aws.iam.Role("key-admin", {
      assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          { Effect: "Allow", Principal: { AWS: "arn:aws:iam::111111111111:root" }, Action: "sts:AssumeRole" },
        ],
      }),
    });
    const policy =
      inline === "literal"
        ? keyDocument("Inline", "arn:aws:iam::111111111111:root")
        : inline === "dependent"
          ? keyDocument("Inline", admin.arn)
          : undefined;
    const key = new aws.kms.Key("orders", {
      description: "orders",
      enableKeyRotation: true,
      ...(policy ? { policy } : {}),
    });
    new aws.kms.KeyPolicy("orders-admin", {
      keyId: key.id,
      policy: keyDocument("Admin", "arn:aws:iam::111111111111:root"),
    });
  };
}

/** The S3R041 and S3R080 findings, whatever policy reports them, as `CODE level: message`. */
const writerFindings = (violations: ReadonlyArray<{ message: string; enforcementLevel: string }>): string[] =>
  violations
    .map((v) => v.message.split("\n").pop() ?? "")
    .filter((line) => /^\[S3R0(41|80) /.test(line))
    .map((line) => line.slice(0, 260));

async function checkerFindings(result: RunResult): Promise<string[]> {
  const exported = readStackExport(JSON.stringify(toStackExport(result)), "stack.json");
  const checked = await runChecks(exported, defaultPolicySet());
  return writerFindings([...checked.violations]);
}

const twoWriters =
  /^\[S3R041 medium security\] kms\.Key "orders": kms\.Key "orders" and kms\.KeyPolicy "orders-admin" each write the key policy of kms\.Key "orders"/;
const possibleWriter =
  /^\[S3R080 low advice\] kms\.Key "orders": kms\.Key "orders" holds a key policy of kms\.Key "orders" that differs from the one kms\.KeyPolicy "orders-admin" writes/;

describe("policy pack and checker: a key's inline policy next to a KeyPolicy (issue 21 item 4)", () => {
  it("no inline policy: no writer in preview, update, update after refresh, or the checker", async () => {
    for (const options of [{ preview: true }, {}, { refresh: true }]) {
      const result = await runPolicies(inlineAndSeparate("none"), options);
      assert.deepEqual(writerFindings(result.violations), [], JSON.stringify(options));
      assert.deepEqual(await checkerFindings(result), [], `checker ${JSON.stringify(options)}`);
    }
  });
  it("a literal inline policy: two writers in preview (the key is created: its outputs are its inputs)", async () => {
    const found = writerFindings((await runPolicies(inlineAndSeparate("literal"), { preview: true })).violations);
    assert.equal(found.length, 1, found.join("\n"));
    assert.match(found[0] ?? "", twoWriters);
  });
  it("a literal inline policy at update: the outputs cannot tell it from a refreshed copy, so advice only; the checker reads the inputs: two writers", async () => {
    const update = await runPolicies(inlineAndSeparate("literal"));
    const found = writerFindings(update.violations);
    assert.equal(found.length, 1, found.join("\n"));
    assert.match(found[0] ?? "", possibleWriter);
    assert.equal(update.violations.find((v) => v.message.includes("[S3R080 "))?.enforcementLevel, "advisory");
    const checked = await checkerFindings(update);
    assert.equal(checked.length, 1, checked.join("\n"));
    assert.match(checked[0] ?? "", twoWriters);
  });
  it("a literal inline policy after a refresh (the outputs mirror the KeyPolicy): nothing claimed by the pack, two writers for the checker", async () => {
    const refreshed = await runPolicies(inlineAndSeparate("literal"), { refresh: true });
    assert.deepEqual(writerFindings(refreshed.violations), []);
    const checked = await checkerFindings(refreshed);
    assert.equal(checked.length, 1, checked.join("\n"));
    assert.match(checked[0] ?? "", twoWriters);
  });
  it("an inline policy that depends on another resource: two writers everywhere (property dependencies come from inputs)", async () => {
    for (const options of [{ preview: true }, {}, { refresh: true }]) {
      const result = await runPolicies(inlineAndSeparate("dependent"), options);
      const found = writerFindings(result.violations);
      assert.equal(found.length, 1, `${JSON.stringify(options)}: ${found.join("\n")}`);
      assert.match(found[0] ?? "", twoWriters);
      const checked = await checkerFindings(result);
      assert.equal(checked.length, 1, checked.join("\n"));
      assert.match(checked[0] ?? "", twoWriters);
    }
  });
});

// The same reading for a bucket's inline `policy` next to a BucketPolicy and its inline
// `replicationConfiguration` next to a BucketReplicationConfig: a refresh reads both back into the
// bucket's outputs (policypack/harness/mirrors.ts), so the pack claims them only where exact.
const readerPolicy = (bucket: string, sid: string): string =>
  JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: sid,
        Effect: "Allow",
        Principal: { AWS: "arn:aws:iam::111111111111:root" },
        Action: "s3:GetObject",
        Resource: `arn:aws:s3:::${bucket}/*`,
      },
    ],
  });

function bucketWriters(inline: "policy" | "replication"): () => void {
  return () => {
    const role = new aws.iam.Role("replication", {
      assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: "s3.amazonaws.com" }, Action: "sts:AssumeRole" }],
      }),
    });
    const rule = (destination: string) => ({
      id: "all",
      status: "Enabled",
      priority: 1,
      filter: {},
      deleteMarkerReplication: { status: "Disabled" },
      destination: { bucket: `arn:aws:s3:::${destination}` },
    });
    const source = new aws.s3.Bucket("source", {
      bucket: "writers-src",
      ...(inline === "policy" ? { policy: readerPolicy("writers-src", "Inline") } : {}),
      ...(inline === "replication"
        ? {
            replicationConfiguration: {
              role: "arn:aws:iam::111111111111:role/other",
              rules: [{ id: "old", status: "Enabled", destination: { bucket: "arn:aws:s3:::writers-old" } }],
            },
          }
        : {}),
    });
    new aws.s3.BucketPolicy("source-policy", { bucket: source.id, policy: readerPolicy("writers-src", "Separate") });
    new aws.s3.BucketReplicationConfig("replication", {
      bucket: source.id,
      role: role.arn,
      rules: [rule("writers-dst")],
    });
  };
}

describe("policy pack and checker: a bucket's inline policy or replication configuration next to the separate resource", () => {
  const cases = [
    { inline: "policy" as const, kind: "bucket policy", separate: 's3.BucketPolicy "source-policy"' },
    {
      inline: "replication" as const,
      kind: "replication configuration",
      separate: 's3.BucketReplicationConfig "replication"',
    },
  ];
  for (const { inline, kind, separate } of cases) {
    const both = new RegExp(
      `^\\[S3R041 .*s3\\.Bucket "source" and ${separate.replace(/\./g, "\\.")} each write the ${kind} of s3\\.Bucket "source"`,
    );
    it(`${kind}: two writers in preview and for the checker; advice at update; nothing the refreshed mirror would claim`, async () => {
      const preview = writerFindings((await runPolicies(bucketWriters(inline), { preview: true })).violations);
      assert.deepEqual(preview.length, 1, preview.join("\n"));
      assert.match(preview[0] ?? "", both);
      const update = await runPolicies(bucketWriters(inline));
      const advised = writerFindings(update.violations);
      assert.equal(advised.length, 1, advised.join("\n"));
      assert.match(
        advised[0] ?? "",
        new RegExp(`^\\[S3R080 low advice\\] s3\\.Bucket "source": .* ${kind} of s3\\.Bucket "source"`),
      );
      const refreshed = await runPolicies(bucketWriters(inline), { refresh: true });
      assert.deepEqual(writerFindings(refreshed.violations), []);
      for (const result of [update, refreshed]) {
        const checked = await checkerFindings(result);
        assert.equal(checked.length, 1, checked.join("\n"));
        assert.match(checked[0] ?? "", both);
      }
    });
  }
});
