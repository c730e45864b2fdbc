/** Object Lock, trust hardening, preview, existing-resource options, loud failures. */

import * as assert from "node:assert";
import * as aws from "@pulumi/aws";
import { DEST_ROLE, all, doc, find, input, output, run, runReplication } from "./support";

describe("S3Replication features", () => {
  it("Object Lock: both buckets get it, the role gets the extra source reads and the Object Lock writes on replicas only", async () => {
    const r = await runReplication({
      source: { objectLock: true },
      destinations: [{ name: "vault", region: "eu-west-1", assumeRoleArn: DEST_ROLE }],
    });
    for (const bucket of all(r, "aws:s3/bucket:Bucket"))
      assert.strictEqual(input(bucket, "objectLockEnabled"), true, bucket.name);
    const policy = doc(find(r, "aws:iam/rolePolicy:RolePolicy", "orders-role-policy"), "policy") as {
      Statement: Array<{ Sid: string; Action: string[]; Resource: string | string[] }>;
    };
    assert.ok(policy.Statement.find((s) => s.Sid === "SourceObjects")?.Action.includes("s3:GetObjectRetention"));
    // The failure-reason table names s3:PutObjectRetention / s3:PutObjectLegalHold on the destination
    // (DstPutRetentionNotPermitted, DstPutLegalHoldNotPermitted): granted on the replicas, nowhere else.
    const writers = policy.Statement.filter((s) => ([] as string[]).concat(s.Action).includes("s3:PutObjectRetention"));
    assert.ok(writers.length > 0, "no statement grants s3:PutObjectRetention");
    for (const statement of writers) {
      assert.ok(([] as string[]).concat(statement.Action).includes("s3:PutObjectLegalHold"), statement.Sid);
      for (const resource of ([] as string[]).concat(statement.Resource))
        assert.match(resource, /^arn:aws:s3:::[^/]*vault[^/]*\/\*$/, `${statement.Sid} grants ${resource}`);
    }
  });

  it("trustConditions: aws:SourceAccount on the replication role only when asked", async () => {
    const r = await runReplication({
      source: {},
      trustConditions: true,
      destinations: [{ name: "dr", region: "eu-west-1" }],
    });
    const trust = doc(find(r, "aws:iam/role:Role", "orders-role"), "assumeRolePolicy") as {
      Statement: Array<{ Condition?: unknown }>;
    };
    assert.deepStrictEqual(trust.Statement[0]?.Condition, { StringEquals: { "aws:SourceAccount": "111111111111" } });
  });

  it("preview: runs with unknown outputs and registers every resource", async () => {
    const update = await runReplication({
      source: {},
      destinations: [{ name: "dr", region: "eu-west-1", assumeRoleArn: DEST_ROLE }],
    });
    const preview = await runReplication(
      { source: {}, destinations: [{ name: "dr", region: "eu-west-1", assumeRoleArn: DEST_ROLE }] },
      true,
    );
    assert.deepStrictEqual(preview.resources.map((x) => x.urn).sort(), update.resources.map((x) => x.urn).sort());
  });

  it("existing bucket with manageBucketPolicy writes its whole policy; grantExistingKey false creates no grant but still reports the statements", async () => {
    const key = "arn:aws:kms:eu-west-1:222222222222:key/66666666-7777-4888-8999-000000000000";
    const r = await runReplication({
      source: {},
      destinations: [
        {
          name: "dr",
          region: "eu-west-1",
          assumeRoleArn: DEST_ROLE,
          existingBucketName: "legacy-dr",
          manageBucketPolicy: true,
          existingKeyArn: key,
          grantExistingKey: false,
        },
      ],
    });
    assert.strictEqual(
      input(find(r, "aws:s3/bucketPolicy:BucketPolicy", "orders-to-dr-policy"), "bucket"),
      "legacy-dr",
    );
    assert.strictEqual(all(r, "aws:kms/grant:Grant").length, 0);
    const required = output(
      find(r, "s3-replication:index:S3Replication", "orders"),
      "requiredKeyPolicyStatements",
    ) as Record<string, string>;
    assert.deepStrictEqual(Object.keys(required), [key]);
    assert.deepStrictEqual(
      output(find(r, "s3-replication:index:S3Replication", "orders"), "requiredBucketPolicyStatements"),
      {},
    );
  });

  it("explicit account, region and partition overrides skip the lookups", async () => {
    const r = await runReplication({
      source: { account: "111111111111", region: "us-east-1", partition: "aws" },
      destinations: [
        { name: "dr", region: "eu-west-1", assumeRoleArn: DEST_ROLE, account: "222222222222", partition: "aws" },
      ],
    });
    const rules = JSON.parse(
      output(find(r, "s3-replication:index:S3Replication", "orders"), "replicationRules") as string,
    ) as Array<{ destination: { account: string } }>;
    assert.strictEqual(rules[0]?.destination.account, "222222222222");
  });

  it("an unmocked provider function fails the run loudly", async () => {
    await assert.rejects(run(() => aws.s3.getBucketOutput({ bucket: "x" })));
  });
});
