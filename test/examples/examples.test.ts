/** Every example compiles (tsc covers examples/) and runs under the mock runtime; its project files are complete. */

import * as assert from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { RunResult, runPolicies, unwrap } from "../../policypack/testing";
import * as crossAccount from "../../examples/cross-account/program";
import * as sameAccount from "../../examples/same-account-sse-s3/program";
import * as multiRegionKey from "../../examples/multi-region-key/program";
import * as twoWay from "../../examples/two-way/program";
import * as existing from "../../examples/existing-buckets-and-keys/program";
import * as multiDestination from "../../examples/multi-destination-rtc/program";

const ROOT = path.resolve(__dirname, "../..");
const DR_ROLE = "arn:aws:iam::222222222222:role/pulumi-deploy";

const count = (r: RunResult, type: string): number => r.resources.filter((x) => x.type === type).length;
const run = (program: () => unknown): Promise<RunResult> => runPolicies(program, { policies: [] });

describe("examples", () => {
  const folders = [
    "cross-account",
    "same-account-sse-s3",
    "multi-region-key",
    "two-way",
    "existing-buckets-and-keys",
    "multi-destination-rtc",
  ];

  for (const folder of folders) {
    it(`${folder}: Pulumi.yaml (name, nodejs+typescript, description), README, index.ts -> program.ts`, () => {
      const dir = path.join(ROOT, "examples", folder);
      const yaml = fs.readFileSync(path.join(dir, "Pulumi.yaml"), "utf8");
      assert.match(yaml, /^name: s3-replication-[a-z0-9-]+$/m);
      assert.match(yaml, /runtime:\n {2}name: nodejs\n {2}options:\n {4}typescript: true/);
      assert.match(yaml, /^description: .{20,}$/m);
      assert.ok(fs.readFileSync(path.join(dir, "README.md"), "utf8").includes("pulumi up"));
      assert.match(fs.readFileSync(path.join(dir, "index.ts"), "utf8"), /export = program\(\);/);
    });
  }

  it("the root Pulumi.yaml runs the cross-account example", () => {
    const yaml = fs.readFileSync(path.join(ROOT, "Pulumi.yaml"), "utf8");
    assert.match(yaml, /^main: examples\/cross-account\/$/m);
    assert.match(yaml, /runtime:\n {2}name: nodejs/);
    assert.ok(fs.existsSync(path.join(ROOT, "examples/cross-account/index.ts")));
  });

  it("cross-account: index.ts runs from stack config, with a destination provider assuming the role", async () => {
    const r = await runPolicies(() => require("../../examples/cross-account/index"), {
      policies: [],
      project: "s3-replication",
      stackConfig: {
        "aws:region": "us-east-1",
        "s3-replication:destinationRoleArn": DR_ROLE,
        "s3-replication:destinationRegion": "eu-west-1",
      },
    });
    const provider = r.resources.find((x) => x.name === "orders-to-dr-provider");
    assert.ok(provider);
    assert.strictEqual(unwrap(provider.inputs["region"]), "eu-west-1");
    assert.strictEqual(count(r, "aws:s3/bucketReplicationConfig:BucketReplicationConfig"), 1);
    assert.strictEqual(count(r, "aws:kms/keyPolicy:KeyPolicy"), 2);
    const stack = r.resources.find((x) => x.type === "pulumi:pulumi:Stack");
    assert.ok(stack && unwrap(stack.outputs["roleArn"]));
  });

  it("cross-account: program() under preview (unknown outputs)", async () => {
    const r = await runPolicies(
      () =>
        crossAccount.program({
          sourceRegion: "us-east-1",
          destinationRegion: "eu-west-1",
          destinationRoleArn: DR_ROLE,
        }),
      { policies: [], preview: true },
    );
    assert.strictEqual(count(r, "aws:s3/bucket:Bucket"), 2);
  });

  it("same-account-sse-s3", async () => {
    const r = await run(() => sameAccount.program({ region: "us-east-1" }));
    assert.strictEqual(count(r, "aws:kms/key:Key"), 0);
    const explicitProviders = r.resources
      .filter((x) => x.type === "pulumi:providers:aws" && x.defaultProvider !== true)
      .map((x) => x.name);
    assert.deepStrictEqual(explicitProviders, ["source"], "a same-account destination reuses the source's credentials");
  });

  it("multi-region-key", async () => {
    const r = await run(() => multiRegionKey.program({ sourceRegion: "us-east-1", destinationRegion: "us-west-2" }));
    assert.strictEqual(count(r, "aws:kms/replicaKey:ReplicaKey"), 1);
  });

  it("two-way", async () => {
    const r = await run(() =>
      twoWay.program({ sourceRegion: "us-east-1", peerRegion: "eu-west-1", peerRoleArn: DR_ROLE }),
    );
    assert.strictEqual(count(r, "aws:s3/bucketReplicationConfig:BucketReplicationConfig"), 2);
    assert.strictEqual(count(r, "aws:iam/role:Role"), 2);
  });

  it("existing-buckets-and-keys", async () => {
    const r = await run(() =>
      existing.program({
        sourceRegion: "us-east-1",
        sourceBucket: "legacy-orders",
        sourceKeyArn: "arn:aws:kms:us-east-1:111111111111:key/11111111-2222-4333-8444-555555555555",
        destinationRegion: "eu-west-1",
        destinationRoleArn: DR_ROLE,
        destinationBucket: "legacy-orders-dr",
        destinationKeyArn: "arn:aws:kms:eu-west-1:222222222222:key/66666666-7777-4888-8999-000000000000",
      }),
    );
    assert.strictEqual(count(r, "aws:s3/bucket:Bucket"), 0);
    assert.strictEqual(count(r, "aws:kms/grant:Grant"), 2);
    const stack = r.resources.find((x) => x.type === "pulumi:pulumi:Stack");
    assert.ok(stack);
    assert.strictEqual(Object.keys(unwrap(stack.outputs["requiredKeyPolicyStatements"]) as object).length, 2);
  });

  it("multi-destination-rtc", async () => {
    const r = await run(() => multiDestination.program({ sourceRegion: "us-east-1", drRoleArn: DR_ROLE }));
    // A failure alarm per rule in us-east-1 (metrics on by default), dr's RTC latency in eu-west-1; KMS request rate in the
    // four Regions the role draws KMS requests from (us-east-1, eu-west-1, us-west-2, eu-central-1); a topic per alarm Region,
    // and the source bucket's replication events to a topic of their own in us-east-1.
    assert.strictEqual(count(r, "aws:cloudwatch/metricAlarm:MetricAlarm"), 8);
    for (const d of ["dr", "analytics", "archive"])
      assert.ok(
        r.resources.some((x) => x.name === `events-to-${d}-failed-alarm`),
        d,
      );
    const latency = r.resources.find((x) => x.name === "events-to-dr-latency-alarm");
    assert.strictEqual(unwrap(latency?.inputs["region"]), "eu-west-1");
    assert.strictEqual(count(r, "aws:sns/topic:Topic"), 5);
    assert.strictEqual(count(r, "aws:s3/bucketNotification:BucketNotification"), 1);
    assert.strictEqual(count(r, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration"), 1);
  });
});
