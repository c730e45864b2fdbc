/** The building blocks, each usable alone, composed with a destination provider the user already holds. */

import * as assert from "node:assert";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { EncryptedBucket, Encryption, ReplicationGrant, ReplicationKey, ReplicationRole } from "../../components";
import { generateDocuments } from "../../components/documents";
import { all, doc, find, input, output, run } from "./support";

const DEST_ROLE = "arn:aws:iam::222222222222:role/pulumi-deploy";

/** The block program of docs/components.md (Full control with your own providers): two providers, blocks, and the core documents in one apply. */
function blocksProgram(): void {
  const src = new aws.Provider("src", { region: "us-east-1" });
  const dst = new aws.Provider("dst", { region: "eu-west-1", assumeRoles: [{ roleArn: DEST_ROLE }] });
  const srcKey = new ReplicationKey("orders-src-key", { aliasName: "alias/orders-src" }, { provider: src });
  const dstKey = new ReplicationKey("orders-dst-key", { aliasName: "alias/orders-dst" }, { provider: dst });
  const srcBucket = new EncryptedBucket("orders-src", { kmsKeyArn: srcKey.keyArn, managePolicy: false }, { provider: src });
  const dstBucket = new EncryptedBucket("orders-dst", { kmsKeyArn: dstKey.keyArn, managePolicy: false }, { provider: dst });
  const srcAccount = aws.getCallerIdentityOutput({}, { provider: src }).accountId;
  const dstAccount = aws.getCallerIdentityOutput({}, { provider: dst }).accountId;
  const roleName = "orders-replication";
  const docs = pulumi.all([srcAccount, dstAccount, srcBucket.bucketName, dstBucket.bucketName, srcKey.keyArn, dstKey.keyArn])
    .apply(([sa, da, sb, db, sk, dk]) => generateDocuments({
      source: { account: sa, region: "us-east-1", partition: "aws", bucketName: sb, encryption: Encryption.SseKms, keyArn: sk, bucketKeyEnabled: true, objectLockEnabled: false },
      destinations: [{
        account: da, region: "eu-west-1", partition: "aws", bucketName: db, encryption: Encryption.SseKms, keyArn: dk, bucketKeyEnabled: true, objectLockEnabled: false,
        name: "dr", ruleId: "dr", priority: 0, deleteMarkerReplication: false, ownershipOverride: true, replicationTime: false, metrics: false, replicaModifications: false,
      }],
      role: { account: sa, partition: "aws", name: roleName }, twoWay: false,
    }));
  const role = new ReplicationRole("orders-role", {
    roleName, permissionPolicy: docs.apply((d) => JSON.stringify(d.roles[0]?.permissionPolicy)),
  }, { provider: src });
  // Policies that name the role: computed together with role.roleArn, so they are created after the role.
  const afterRole = pulumi.all([docs, role.roleArn]).apply(([d]) => d);
  new ReplicationGrant("orders-src-access", {
    bucketName: srcBucket.bucketName, bucketPolicy: pulumi.all([afterRole, srcBucket.bucketName]).apply(([d, b]) => JSON.stringify(d.buckets[b]?.policy)),
    keyArn: srcKey.keyArn, keyPolicy: pulumi.all([afterRole, srcKey.keyArn]).apply(([d, k]) => JSON.stringify(d.keys[k]?.policy)),
  }, { provider: src });
  new ReplicationGrant("orders-dst-access", {
    bucketName: dstBucket.bucketName, bucketPolicy: pulumi.all([afterRole, dstBucket.bucketName]).apply(([d, b]) => JSON.stringify(d.buckets[b]?.policy)),
    keyArn: dstKey.keyArn, keyPolicy: pulumi.all([afterRole, dstKey.keyArn]).apply(([d, k]) => JSON.stringify(d.keys[k]?.policy)),
  }, { provider: dst });
  new aws.s3.BucketReplicationConfig("orders-replication", {
    bucket: srcBucket.bucketName, role: role.roleArn,
    rules: docs.apply((d) => d.roles[0]?.replicationConfiguration.rules ?? []),
  }, { provider: src, dependsOn: [srcBucket, dstBucket, role] });
}

describe("building blocks", () => {
  it("compose with a user-held destination provider; each block's children use the provider given to it", async () => {
    const r = await run(blocksProgram);
    for (const res of r.resources.filter((x) => x.custom && !x.type.startsWith("pulumi:providers"))) {
      const expected = /orders-dst/.test(res.name) ? "dst" : "src";
      assert.strictEqual(res.provider?.name, expected, res.name);
    }
    const role = find(r, "aws:iam/role:Role", "orders-role");
    assert.strictEqual(output(role, "name"), "orders-replication");
    for (const policy of [...all(r, "aws:kms/keyPolicy:KeyPolicy"), ...all(r, "aws:s3/bucketPolicy:BucketPolicy")]) {
      assert.ok(Object.values(policy.propertyDependencies).some((urns) => urns.includes(role.urn)), `${policy.name} must wait for the role`);
    }
    const dstPolicy = doc(find(r, "aws:s3/bucketPolicy:BucketPolicy", "orders-dst-access-bucket-policy"), "policy") as { Statement: Array<{ Sid: string }> };
    assert.deepStrictEqual(dstPolicy.Statement.map((s) => s.Sid), ["DenyInsecureTransport", "AllowReplicationFromOrdersReplication"]);
  });

  it("EncryptedBucket alone: TLS-only policy, SSE-S3 without a key, existing bucket untouched beyond versioning and encryption", async () => {
    const r = await run(() => {
      new EncryptedBucket("plain", { encryption: Encryption.SseS3 });
      new EncryptedBucket("adopted", { existingBucketName: "legacy-bucket", encryption: Encryption.SseS3 });
    });
    const policy = doc(find(r, "aws:s3/bucketPolicy:BucketPolicy", "plain-policy"), "policy") as { Statement: Array<{ Sid: string; Resource: string[] }> };
    const name = output(find(r, "aws:s3/bucket:Bucket", "plain-bucket"), "bucket");
    assert.deepStrictEqual(policy.Statement.map((s) => s.Sid), ["DenyInsecureTransport"]);
    assert.deepStrictEqual(policy.Statement[0]?.Resource, [`arn:aws:s3:::${String(name)}`, `arn:aws:s3:::${String(name)}/*`]);
    assert.deepStrictEqual(r.resources.filter((x) => x.name.startsWith("adopted-") && x.custom).map((x) => x.name).sort(), ["adopted-encryption", "adopted-versioning"]);
    assert.strictEqual(input(find(r, "aws:s3/bucketVersioning:BucketVersioning", "adopted-versioning"), "bucket"), "legacy-bucket");
  });

  it("EncryptedBucket rejects KMS without a key and DSSE with Bucket Keys", async () => {
    await assert.rejects(run(() => new EncryptedBucket("b", {})), /kmsKeyArn: encryption aws:kms needs a KMS key/);
    await assert.rejects(run(() => new EncryptedBucket("b", { encryption: Encryption.DsseKms, kmsKeyArn: "arn:aws:kms:us-east-1:111111111111:key/x", bucketKeyEnabled: true })), /not supported with DSSE-KMS/);
  });

  it("ReplicationKey rejects a deletion window KMS does not accept", async () => {
    await assert.rejects(run(() => new ReplicationKey("k", { deletionWindowInDays: 5 })), /ReplicationKey k\.deletionWindowInDays: 5 is not a whole number of days from 7 to 30\. Fix: give 7 to 30/);
  });

  it("ReplicationKey alone: rotation, 30-day window, retained; a replica key when given a primary", async () => {
    const r = await run(() => {
      const primary = new ReplicationKey("primary", { multiRegion: true });
      new ReplicationKey("replica", { primaryKeyArn: primary.keyArn, region: "eu-west-1" });
    });
    const key = find(r, "aws:kms/key:Key", "primary-key");
    assert.deepStrictEqual([input(key, "enableKeyRotation"), input(key, "deletionWindowInDays"), input(key, "multiRegion"), key.options.retainOnDelete], [true, 30, true, true]);
    const replica = find(r, "aws:kms/replicaKey:ReplicaKey", "replica-key");
    assert.strictEqual(input(replica, "region"), "eu-west-1");
    assert.strictEqual(output(replica, "arn"), String(output(key, "arn")).replace("us-east-1", "eu-west-1"));
    await assert.rejects(run(() => new ReplicationKey("k", { deletionWindowInDays: 3 })), /deletionWindowInDays: 3/);
  });

  it("ReplicationRole alone: trust conditions only as an opt-in", async () => {
    const r = await run(() => {
      new ReplicationRole("plain", {});
      new ReplicationRole("hardened", { trustConditions: true });
    });
    const plain = doc(find(r, "aws:iam/role:Role", "plain"), "assumeRolePolicy") as { Statement: Array<{ Condition?: unknown }> };
    const hardened = doc(find(r, "aws:iam/role:Role", "hardened"), "assumeRolePolicy") as { Statement: Array<{ Condition?: unknown }> };
    assert.strictEqual(plain.Statement[0]?.Condition, undefined);
    assert.deepStrictEqual(hardened.Statement[0]?.Condition, { StringEquals: { "aws:SourceAccount": "111111111111" } });
    assert.strictEqual(all(r, "aws:iam/rolePolicy:RolePolicy").length, 0);
  });
});
