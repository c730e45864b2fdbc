/** Every child has the right provider, region, parent, options and dependencies. */

import * as assert from "node:assert";
import { RecordedResource, RunResult } from "../../policypack/testing";
import { DEST_ROLE, all, find, input, output, runReplication } from "./support";

const byUrn = (r: RunResult, urn: string): RecordedResource => {
  const found = r.resources.find((x) => x.urn === urn);
  if (!found) throw new Error(`no resource ${urn}`);
  return found;
};

/** Every custom resource a resource depends on, directly or through a component's children. */
function dependsOn(r: RunResult, resource: RecordedResource, target: RecordedResource): boolean {
  return (
    resource.dependencies.includes(target.urn) ||
    Object.values(resource.propertyDependencies).some((urns) => urns.includes(target.urn))
  );
}

describe("S3Replication wiring", () => {
  let r: RunResult;
  before(async () => {
    r = await runReplication({
      source: { noncurrentVersionExpirationDays: 30 },
      alarmTopic: true,
      batchReplication: true,
      destinations: [
        { name: "dr", region: "eu-west-1", assumeRoleArn: DEST_ROLE, externalId: "ext-1", replicationTime: true },
        { name: "near", region: "us-west-2" },
      ],
    });
  });

  it("builds the destination provider as a child, from plain data", () => {
    const provider = find(r, "pulumi:providers:aws", "orders-to-dr-provider");
    assert.strictEqual(byUrn(r, provider.parent ?? "").name, "orders");
    assert.strictEqual(input(provider, "region"), "eu-west-1");
    assert.deepStrictEqual(JSON.parse(input(provider, "assumeRoles") as string), [
      { roleArn: DEST_ROLE, externalId: "ext-1" },
    ]);
    assert.strictEqual(
      all(r, "pulumi:providers:aws").filter((p) => p.name.startsWith("orders-")).length,
      1,
      "no provider for a destination reached with the source's credentials",
    );
  });

  it("puts source resources on the source provider and destination resources on theirs, in their region", () => {
    for (const res of r.resources.filter((x) => x.custom && !x.type.startsWith("pulumi:providers"))) {
      // Alarms and their topics go where each metric is published: test/components/monitoring.test.ts.
      if (res.type.startsWith("aws:cloudwatch") || res.type.startsWith("aws:sns")) continue;
      const dest = /orders-to-(dr|near)-/.exec(res.name)?.[1];
      const isIam = res.type.startsWith("aws:iam/");
      if (dest === "dr") {
        assert.strictEqual(res.provider?.name, "orders-to-dr-provider", res.name);
        if (!isIam) assert.strictEqual(input(res, "region"), "eu-west-1", res.name);
      } else if (dest === "near") {
        assert.strictEqual(res.provider?.name, "source", res.name);
        assert.strictEqual(input(res, "region"), "us-west-2", res.name);
      } else {
        assert.strictEqual(res.provider?.name, "source", res.name);
        assert.strictEqual(input(res, "region"), undefined, res.name);
      }
    }
  });

  it("parents every child under the component (directly or through a building block)", () => {
    const root = find(r, "s3-replication:index:S3Replication", "orders");
    for (const res of r.resources) {
      if (res === root || res.type === "pulumi:pulumi:Stack" || res.defaultProvider === true || res.name === "source")
        continue;
      let cursor: RecordedResource | undefined = res;
      while (cursor && cursor !== root && cursor.parent) cursor = byUrn(r, cursor.parent);
      assert.strictEqual(cursor, root, `${res.type} ${res.name} is not under the component`);
    }
  });

  it("retains buckets and keys on delete, never forceDestroy by default, rotation on, 30-day window", () => {
    for (const bucket of all(r, "aws:s3/bucket:Bucket")) {
      assert.strictEqual(bucket.options.retainOnDelete, true, bucket.name);
      assert.strictEqual(input(bucket, "forceDestroy"), undefined, bucket.name);
      assert.strictEqual(input(bucket, "objectLockEnabled"), undefined, bucket.name);
    }
    for (const key of all(r, "aws:kms/key:Key")) {
      assert.strictEqual(key.options.retainOnDelete, true, key.name);
      assert.strictEqual(input(key, "enableKeyRotation"), true);
      assert.strictEqual(input(key, "deletionWindowInDays"), 30);
      assert.strictEqual(input(key, "multiRegion"), undefined);
    }
    assert.strictEqual(all(r, "aws:kms/alias:Alias").length, 3);
  });

  it("secure bucket settings: versioning, SSE-KMS with Bucket Key, public access blocked, BucketOwnerEnforced", () => {
    for (const side of ["orders-source", "orders-to-dr", "orders-to-near"]) {
      assert.deepStrictEqual(
        input(find(r, "aws:s3/bucketVersioning:BucketVersioning", `${side}-versioning`), "versioningConfiguration"),
        { status: "Enabled" },
      );
      const sse = input(
        find(
          r,
          "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
          `${side}-encryption`,
        ),
        "rules",
      ) as Array<{ bucketKeyEnabled: boolean; applyServerSideEncryptionByDefault: { sseAlgorithm: string } }>;
      assert.strictEqual(sse[0]?.applyServerSideEncryptionByDefault.sseAlgorithm, "aws:kms");
      assert.strictEqual(sse[0]?.bucketKeyEnabled, true);
      const pab = find(r, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", `${side}-public-access-block`);
      for (const k of ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"])
        assert.strictEqual(input(pab, k), true);
      assert.deepStrictEqual(
        input(find(r, "aws:s3/bucketOwnershipControls:BucketOwnershipControls", `${side}-ownership`), "rule"),
        { objectOwnership: "BucketOwnerEnforced" },
      );
    }
  });

  it("orders the replication configuration after versioning on every side, the role policy and the key and bucket policies", () => {
    const config = find(r, "aws:s3/bucketReplicationConfig:BucketReplicationConfig", "orders-replication");
    const needs = [
      ...["orders-source", "orders-to-dr", "orders-to-near"].map((s) =>
        find(r, "aws:s3/bucketVersioning:BucketVersioning", `${s}-versioning`),
      ),
      find(r, "aws:iam/rolePolicy:RolePolicy", "orders-role-policy"),
      ...all(r, "aws:kms/keyPolicy:KeyPolicy"),
      ...all(r, "aws:s3/bucketPolicy:BucketPolicy"),
    ];
    assert.strictEqual(all(r, "aws:kms/keyPolicy:KeyPolicy").length, 3);
    for (const need of needs) assert.ok(dependsOn(r, config, need), `replication does not wait for ${need.name}`);
    const lifecycle = find(
      r,
      "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
      "orders-source-lifecycle",
    );
    assert.ok(dependsOn(r, lifecycle, config), "the lifecycle configuration must wait for replication");
  });

  it("creates every key policy and bucket policy after the role it names", () => {
    const role = find(r, "aws:iam/role:Role", "orders-role");
    const roleArn = String(output(role, "arn"));
    const policies = [...all(r, "aws:kms/keyPolicy:KeyPolicy"), ...all(r, "aws:s3/bucketPolicy:BucketPolicy")];
    const naming = policies.filter((policy) => String(input(policy, "policy")).includes(roleArn));
    assert.deepStrictEqual(naming.map((p) => p.name).sort(), [
      "orders-source-key-policy",
      "orders-to-dr-key-policy",
      "orders-to-dr-policy",
      "orders-to-near-key-policy",
    ]);
    for (const policy of naming) assert.ok(dependsOn(r, policy, role), `${policy.name} does not wait for the role`);
  });

  it("alarms per destination (metrics are on by default), latency with RTC, notifying the topic; Batch Replication role", () => {
    const failed = find(r, "aws:cloudwatch/metricAlarm:MetricAlarm", "orders-to-dr-failed-alarm");
    assert.strictEqual(input(failed, "metricName"), "OperationsFailedReplication");
    assert.deepStrictEqual(input(failed, "dimensions"), {
      SourceBucket: input(find(r, "aws:s3/bucket:Bucket", "orders-source-bucket"), "bucket"),
      DestinationBucket: input(find(r, "aws:s3/bucket:Bucket", "orders-to-dr-bucket"), "bucket"),
      RuleId: "dr",
    });
    const latency = find(r, "aws:cloudwatch/metricAlarm:MetricAlarm", "orders-to-dr-latency-alarm");
    assert.strictEqual(input(latency, "metricName"), "ReplicationLatency");
    const topicArn = find(r, "aws:sns/topic:Topic", "orders-alarms").outputs["arn"];
    assert.deepStrictEqual(input(failed, "alarmActions"), [topicArn]);
    const replicationAlarms = all(r, "aws:cloudwatch/metricAlarm:MetricAlarm").filter(
      (a) => input(a, "namespace") === "AWS/S3",
    );
    assert.deepStrictEqual(
      replicationAlarms.map((a) => a.name).sort(),
      ["orders-to-dr-failed-alarm", "orders-to-dr-latency-alarm", "orders-to-near-failed-alarm"],
      "a failure alarm per rule (metrics on by default), latency only with RTC",
    );
    const batch = find(r, "aws:iam/role:Role", "orders-batch-role");
    const trust = JSON.parse(input(batch, "assumeRolePolicy") as string) as {
      Statement: Array<{ Principal: { Service: string } }>;
    };
    assert.strictEqual(trust.Statement[0]?.Principal.Service, "batchoperations.s3.amazonaws.com");
    const batchPolicy = JSON.parse(
      input(find(r, "aws:iam/rolePolicy:RolePolicy", "orders-batch-role-policy"), "policy") as string,
    ) as {
      Statement: Array<{ Action: string[]; Resource: string }>;
    };
    const writes = batchPolicy.Statement.filter((s) => s.Action.includes("s3:PutObject")).map((s) => s.Resource);
    assert.deepStrictEqual(writes, [
      `${String(find(r, "aws:s3/bucket:Bucket", "orders-source-bucket").outputs["arn"])}/batch-replication-reports/job-*`,
    ]);
  });

  it("role trust is s3.amazonaws.com without conditions by default", () => {
    const trust = JSON.parse(input(find(r, "aws:iam/role:Role", "orders-role"), "assumeRolePolicy") as string) as {
      Statement: Array<Record<string, unknown>>;
    };
    assert.deepStrictEqual(trust.Statement, [
      {
        Sid: "AllowS3ToAssumeReplicationRole",
        Effect: "Allow",
        Principal: { Service: "s3.amazonaws.com" },
        Action: "sts:AssumeRole",
      },
    ]);
  });
});
