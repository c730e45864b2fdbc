/**
 * The documents each resource received are exactly what the core model generates for the
 * topology (built here by hand from the recorded resources, not by the component's planner).
 */

import * as assert from "node:assert";
import { RunResult } from "../../policypack/testing";
import { Encryption, ReplicaOwnership, StorageClass, S3ReplicationArgs } from "../../components";
import { TopologyDocuments, generateDocuments } from "../../components/documents";
import { BucketEndpoint, DestinationTopology, ReplicationTopology } from "../../components/model/topology";
import { DEST_ACCOUNT, DEST_ROLE, SOURCE_ACCOUNT, all, doc, find, input, output, runReplication } from "./support";

const B = "aws:s3/bucket:Bucket";
const KEY = "aws:kms/key:Key";
const ROLE = "aws:iam/role:Role";

function bucketName(r: RunResult, name: string): string {
  return output(find(r, B, name), "bucket") as string;
}
function keyArn(r: RunResult, type: string, name: string): string {
  return output(find(r, type, name), "arn") as string;
}
function roleName(r: RunResult, name: string): string {
  return output(find(r, ROLE, name), "name") as string;
}

type Rule = Omit<DestinationTopology, keyof BucketEndpoint>;
const rule = (name: string, priority: number, extra: Partial<Rule> = {}): Rule => ({
  name,
  ruleId: name,
  priority,
  deleteMarkerReplication: false,
  ownershipOverride: false,
  replicationTime: false,
  // S3Replication turns metrics on for every rule unless the destination says metrics: false.
  metrics: true,
  replicaModifications: false,
  ...extra,
});

/** Asserts every document attached in the run equals the core's documents for the topology. */
function assertDocuments(r: RunResult, topology: ReplicationTopology, prefix = "orders"): TopologyDocuments {
  const docs = generateDocuments(topology);
  // Forward role: trust, permission policy, replication configuration.
  const forward = docs.roles[0];
  assert.ok(forward);
  assert.deepStrictEqual(doc(find(r, ROLE, `${prefix}-role`), "assumeRolePolicy"), forward.trustPolicy);
  assert.deepStrictEqual(
    doc(find(r, "aws:iam/rolePolicy:RolePolicy", `${prefix}-role-policy`), "policy"),
    forward.permissionPolicy,
  );
  const replication = find(r, "aws:s3/bucketReplicationConfig:BucketReplicationConfig", `${prefix}-replication`);
  assert.deepStrictEqual(input(replication, "rules"), forward.replicationConfiguration.rules);
  assert.strictEqual(input(replication, "role"), forward.roleArn);
  assert.strictEqual(input(replication, "bucket"), topology.source.bucketName);
  // Bucket policies written by the component.
  for (const policy of all(r, "aws:s3/bucketPolicy:BucketPolicy")) {
    const expected = docs.buckets[input(policy, "bucket") as string];
    assert.ok(expected, `unexpected bucket policy ${policy.name}`);
    assert.deepStrictEqual(doc(policy, "policy"), expected.policy);
  }
  // Key policies written by the component (owned keys).
  for (const policy of all(r, "aws:kms/keyPolicy:KeyPolicy")) {
    const expected = docs.keys[input(policy, "keyId") as string];
    assert.ok(expected, `unexpected key policy ${policy.name}`);
    assert.deepStrictEqual(doc(policy, "policy"), expected.policy);
  }
  return docs;
}

describe("S3Replication emits exactly the core documents", () => {
  it("cross-account, cross-region SSE-KMS with defaults", async () => {
    const r = await runReplication({
      source: {},
      destinations: [{ name: "dr", region: "eu-west-1", assumeRoleArn: DEST_ROLE }],
    });
    const src: BucketEndpoint = {
      account: SOURCE_ACCOUNT,
      region: "us-east-1",
      partition: "aws",
      bucketName: bucketName(r, "orders-source-bucket"),
      encryption: Encryption.SseKms,
      keyArn: keyArn(r, KEY, "orders-source-key-key"),
      bucketKeyEnabled: true,
      objectLockEnabled: false,
    };
    const dst: DestinationTopology = {
      account: DEST_ACCOUNT,
      region: "eu-west-1",
      partition: "aws",
      bucketName: bucketName(r, "orders-to-dr-bucket"),
      encryption: Encryption.SseKms,
      keyArn: keyArn(r, KEY, "orders-to-dr-key-key"),
      bucketKeyEnabled: true,
      objectLockEnabled: false,
      ...rule("dr", 0),
    };
    const docs = assertDocuments(r, {
      source: src,
      destinations: [dst],
      twoWay: false,
      role: { account: SOURCE_ACCOUNT, partition: "aws", name: roleName(r, "orders-role") },
    });
    assert.strictEqual(all(r, "aws:kms/keyPolicy:KeyPolicy").length, 2);
    assert.strictEqual(all(r, "aws:s3/bucketPolicy:BucketPolicy").length, 2);
    // The replica key is the destination-region ARN.
    const rules = docs.roles[0]?.replicationConfiguration.rules ?? [];
    assert.match(
      rules[0]?.destination.encryptionConfiguration?.replicaKmsKeyId ?? "",
      /^arn:aws:kms:eu-west-1:222222222222:key\//,
    );
  });

  it("same-account, same-region SSE-S3", async () => {
    const r = await runReplication({
      source: { encryption: Encryption.SseS3 },
      destinations: [{ name: "copy", region: "us-east-1", encryption: Encryption.SseS3 }],
    });
    const base = {
      account: SOURCE_ACCOUNT,
      region: "us-east-1",
      partition: "aws",
      encryption: Encryption.SseS3,
      bucketKeyEnabled: false,
      objectLockEnabled: false,
    };
    assertDocuments(r, {
      source: { ...base, bucketName: bucketName(r, "orders-source-bucket") },
      destinations: [{ ...base, bucketName: bucketName(r, "orders-to-copy-bucket"), ...rule("copy", 0) }],
      twoWay: false,
      role: { account: SOURCE_ACCOUNT, partition: "aws", name: roleName(r, "orders-role") },
    });
    assert.strictEqual(all(r, KEY).length, 0);
    assert.strictEqual(all(r, "aws:kms/keyPolicy:KeyPolicy").length, 0);
  });

  it("multi-Region key: the destination key is the replica in the destination region", async () => {
    const r = await runReplication({
      source: { multiRegionKey: true },
      destinations: [{ name: "west", region: "us-west-2", multiRegionReplica: true }],
    });
    const primary = keyArn(r, KEY, "orders-source-key-key");
    const replica = keyArn(r, "aws:kms/replicaKey:ReplicaKey", "orders-to-west-key-key");
    assert.match(primary, /:key\/mrk-/);
    assert.strictEqual(replica, primary.replace("us-east-1", "us-west-2"));
    assert.strictEqual(
      input(find(r, "aws:kms/replicaKey:ReplicaKey", "orders-to-west-key-key"), "primaryKeyArn"),
      primary,
    );
    const docs = assertDocuments(r, {
      source: {
        account: SOURCE_ACCOUNT,
        region: "us-east-1",
        partition: "aws",
        bucketName: bucketName(r, "orders-source-bucket"),
        encryption: Encryption.SseKms,
        keyArn: primary,
        bucketKeyEnabled: true,
        objectLockEnabled: false,
      },
      destinations: [
        {
          account: SOURCE_ACCOUNT,
          region: "us-west-2",
          partition: "aws",
          bucketName: bucketName(r, "orders-to-west-bucket"),
          encryption: Encryption.SseKms,
          keyArn: replica,
          bucketKeyEnabled: true,
          objectLockEnabled: false,
          ...rule("west", 0),
        },
      ],
      twoWay: false,
      role: { account: SOURCE_ACCOUNT, partition: "aws", name: roleName(r, "orders-role") },
    });
    assert.strictEqual(
      docs.roles[0]?.replicationConfiguration.rules[0]?.destination.encryptionConfiguration?.replicaKmsKeyId,
      replica,
    );
  });

  it("two-way: both rules with replica modifications, a reverse role in the destination account", async () => {
    const r = await runReplication({
      source: {},
      twoWay: true,
      destinations: [{ name: "peer", region: "eu-west-1", assumeRoleArn: DEST_ROLE }],
    });
    const topology: ReplicationTopology = {
      source: {
        account: SOURCE_ACCOUNT,
        region: "us-east-1",
        partition: "aws",
        bucketName: bucketName(r, "orders-source-bucket"),
        encryption: Encryption.SseKms,
        keyArn: keyArn(r, KEY, "orders-source-key-key"),
        bucketKeyEnabled: true,
        objectLockEnabled: false,
      },
      destinations: [
        {
          account: DEST_ACCOUNT,
          region: "eu-west-1",
          partition: "aws",
          bucketName: bucketName(r, "orders-to-peer-bucket"),
          encryption: Encryption.SseKms,
          keyArn: keyArn(r, KEY, "orders-to-peer-key-key"),
          bucketKeyEnabled: true,
          objectLockEnabled: false,
          ...rule("peer", 0, { replicaModifications: true }),
        },
      ],
      twoWay: true,
      role: { account: SOURCE_ACCOUNT, partition: "aws", name: roleName(r, "orders-role") },
      reverseRoleNames: { peer: roleName(r, "orders-to-peer-back-role") },
    };
    const docs = assertDocuments(r, topology);
    const back = docs.roles[1];
    assert.ok(back);
    const reverseRole = find(r, ROLE, "orders-to-peer-back-role");
    assert.strictEqual(reverseRole.provider?.name, "orders-to-peer-provider");
    assert.deepStrictEqual(doc(reverseRole, "assumeRolePolicy"), back.trustPolicy);
    assert.deepStrictEqual(
      doc(find(r, "aws:iam/rolePolicy:RolePolicy", "orders-to-peer-back-role-policy"), "policy"),
      back.permissionPolicy,
    );
    const reverseConfig = find(
      r,
      "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
      "orders-to-peer-back-replication",
    );
    assert.deepStrictEqual(input(reverseConfig, "rules"), back.replicationConfiguration.rules);
    for (const rl of [
      ...(docs.roles[0]?.replicationConfiguration.rules ?? []),
      ...back.replicationConfiguration.rules,
    ]) {
      assert.deepStrictEqual(rl.sourceSelectionCriteria?.replicaModifications, { status: "Enabled" });
    }
  });

  it("several destinations: RTC, metrics, filters, delete markers, storage class, DSSE, ownership", async () => {
    const args: S3ReplicationArgs = {
      source: { bucketName: "orders-primary-bucket" },
      destinations: [
        {
          name: "dr",
          region: "eu-west-1",
          assumeRoleArn: DEST_ROLE,
          replicationTime: true,
          replicateDeleteMarkers: true,
          storageClass: StorageClass.StandardIa,
          filterPrefix: "invoices/",
        },
        {
          name: "audit",
          region: "us-west-2",
          encryption: Encryption.DsseKms,
          filterTags: { class: "audit", keep: "yes" },
          priority: 7,
          metrics: true,
        },
        {
          name: "local",
          region: "us-east-1",
          assumeRoleArn: DEST_ROLE,
          replicaOwnership: ReplicaOwnership.Source,
          bucketKeyEnabled: false,
        },
      ],
    };
    const r = await runReplication(args);
    const src: BucketEndpoint = {
      account: SOURCE_ACCOUNT,
      region: "us-east-1",
      partition: "aws",
      bucketName: "orders-primary-bucket",
      encryption: Encryption.SseKms,
      keyArn: keyArn(r, KEY, "orders-source-key-key"),
      bucketKeyEnabled: true,
      objectLockEnabled: false,
    };
    const endpoint = (
      n: string,
      account: string,
      region: string,
      encryption: Encryption,
      bucketKeyEnabled: boolean,
    ): BucketEndpoint => ({
      account,
      region,
      partition: "aws",
      bucketName: bucketName(r, `orders-to-${n}-bucket`),
      encryption,
      keyArn: keyArn(r, KEY, `orders-to-${n}-key-key`),
      bucketKeyEnabled,
      objectLockEnabled: false,
    });
    assertDocuments(r, {
      source: src,
      twoWay: false,
      role: { account: SOURCE_ACCOUNT, partition: "aws", name: roleName(r, "orders-role") },
      destinations: [
        {
          ...endpoint("dr", DEST_ACCOUNT, "eu-west-1", Encryption.SseKms, true),
          ...rule("dr", 0, {
            replicationTime: true,
            metrics: true,
            deleteMarkerReplication: true,
            storageClass: "STANDARD_IA",
            filter: { prefix: "invoices/" },
          }),
        },
        {
          ...endpoint("audit", SOURCE_ACCOUNT, "us-west-2", Encryption.DsseKms, false),
          ...rule("audit", 7, { metrics: true, filter: { tags: { class: "audit", keep: "yes" } } }),
        },
        { ...endpoint("local", DEST_ACCOUNT, "us-east-1", Encryption.SseKms, false), ...rule("local", 2) },
      ],
    });
  });

  it("existing buckets and keys: grants through the owner's provider and the statements the owners must add", async () => {
    const srcKey = "arn:aws:kms:us-east-1:111111111111:key/11111111-2222-4333-8444-555555555555";
    const dstKey = "arn:aws:kms:eu-west-1:222222222222:key/66666666-7777-4888-8999-000000000000";
    const r = await runReplication({
      source: { existingBucketName: "legacy-orders", existingKeyArn: srcKey },
      destinations: [
        {
          name: "dr",
          region: "eu-west-1",
          assumeRoleArn: DEST_ROLE,
          existingBucketName: "legacy-orders-dr",
          existingKeyArn: dstKey,
        },
      ],
    });
    assert.strictEqual(all(r, B).length, 0);
    assert.strictEqual(all(r, KEY).length, 0);
    assert.strictEqual(all(r, "aws:kms/keyPolicy:KeyPolicy").length, 0);
    assert.strictEqual(all(r, "aws:s3/bucketPolicy:BucketPolicy").length, 0);
    const topology: ReplicationTopology = {
      source: {
        account: SOURCE_ACCOUNT,
        region: "us-east-1",
        partition: "aws",
        bucketName: "legacy-orders",
        encryption: Encryption.SseKms,
        keyArn: srcKey,
        awsManagedKey: false,
        bucketKeyEnabled: true,
        objectLockEnabled: false,
      },
      destinations: [
        {
          account: DEST_ACCOUNT,
          region: "eu-west-1",
          partition: "aws",
          bucketName: "legacy-orders-dr",
          encryption: Encryption.SseKms,
          keyArn: dstKey,
          awsManagedKey: false,
          bucketKeyEnabled: true,
          objectLockEnabled: false,
          ...rule("dr", 0, { ownershipOverride: true }),
        },
      ],
      twoWay: false,
      role: { account: SOURCE_ACCOUNT, partition: "aws", name: roleName(r, "orders-role") },
    };
    const docs = assertDocuments(r, topology);
    const roleArn = output(find(r, ROLE, "orders-role"), "arn");
    const srcGrant = find(r, "aws:kms/grant:Grant", "orders-source-access-grant-forward");
    const dstGrant = find(r, "aws:kms/grant:Grant", "orders-to-dr-access-grant-forward");
    assert.strictEqual(srcGrant.provider?.name, "source");
    assert.strictEqual(dstGrant.provider?.name, "orders-to-dr-provider");
    assert.strictEqual(input(dstGrant, "keyId"), dstKey);
    assert.strictEqual(input(dstGrant, "granteePrincipal"), roleArn);
    assert.deepStrictEqual(input(srcGrant, "operations"), ["Decrypt"]);
    assert.deepStrictEqual(input(dstGrant, "operations"), ["Encrypt", "Decrypt"]);
    // Replicas arrive with or without a Bucket Key (a source object can carry its own setting,
    // "Configuring an S3 Bucket Key at the object level"), so KMS sees the destination bucket's ARN
    // or an object ARN: no exact grant constraint expresses both, on either key (issue 21 item 7).
    assert.strictEqual(input(dstGrant, "constraints"), undefined);
    assert.strictEqual(input(srcGrant, "constraints"), undefined);
    const component = find(r, "s3-replication:index:S3Replication", "orders");
    const requiredKeys = output(component, "requiredKeyPolicyStatements") as Record<string, string>;
    assert.deepStrictEqual(JSON.parse(requiredKeys[dstKey] ?? "null"), docs.keys[dstKey]?.statements);
    assert.deepStrictEqual(JSON.parse(requiredKeys[srcKey] ?? "null"), docs.keys[srcKey]?.statements);
    const requiredBuckets = output(component, "requiredBucketPolicyStatements") as Record<string, string>;
    assert.deepStrictEqual(
      JSON.parse(requiredBuckets["legacy-orders-dr"] ?? "null"),
      docs.buckets["legacy-orders-dr"]?.policy.Statement,
    );
  });
});

describe("S3Replication: every encryption pair, account and region placement, Bucket Keys on/off", () => {
  const encs = [Encryption.SseS3, Encryption.SseKms, Encryption.DsseKms];
  const cases: Array<{ src: Encryption; dst: Encryption; cross: boolean; xregion: boolean; bk: boolean }> = [];
  for (const src of encs)
    for (const dst of encs)
      for (const cross of [false, true])
        for (const xregion of [false, true]) {
          cases.push({ src, dst, cross, xregion, bk: true });
          if (src === Encryption.SseKms && dst === Encryption.SseKms)
            cases.push({ src, dst, cross, xregion, bk: false });
        }
  for (const c of cases) {
    const title = `${c.src} -> ${c.dst}, ${c.cross ? "cross" : "same"}-account, ${c.xregion ? "cross" : "same"}-region${c.bk ? "" : ", no Bucket Keys"}`;
    it(title, async () => {
      const region = c.xregion ? "eu-west-1" : "us-east-1";
      const args: S3ReplicationArgs = {
        source: { encryption: c.src, ...(c.bk ? {} : { bucketKeyEnabled: false }) },
        destinations: [
          {
            name: "dr",
            region,
            encryption: c.dst,
            ...(c.cross ? { assumeRoleArn: DEST_ROLE } : {}),
            ...(c.bk ? {} : { bucketKeyEnabled: false }),
          },
        ],
      };
      if (c.src !== Encryption.SseS3 && c.dst === Encryption.SseS3) {
        await assert.rejects(
          runReplication(args),
          /destinations\[0\]\.encryption: the source holds SSE-KMS\/DSSE-KMS objects/,
        );
        return;
      }
      const r = await runReplication(args);
      const kms = (e: Encryption): boolean => e !== Encryption.SseS3;
      const account = c.cross ? DEST_ACCOUNT : SOURCE_ACCOUNT;
      const source: BucketEndpoint = {
        account: SOURCE_ACCOUNT,
        region: "us-east-1",
        partition: "aws",
        bucketName: bucketName(r, "orders-source-bucket"),
        encryption: c.src,
        ...(kms(c.src) ? { keyArn: keyArn(r, KEY, "orders-source-key-key") } : {}),
        bucketKeyEnabled: c.src === Encryption.SseKms && c.bk,
        objectLockEnabled: false,
      };
      const destination: DestinationTopology = {
        account,
        region,
        partition: "aws",
        bucketName: bucketName(r, "orders-to-dr-bucket"),
        encryption: c.dst,
        ...(kms(c.dst) ? { keyArn: keyArn(r, KEY, "orders-to-dr-key-key") } : {}),
        bucketKeyEnabled: c.dst === Encryption.SseKms && c.bk,
        objectLockEnabled: false,
        ...rule("dr", 0),
      };
      const docs = assertDocuments(r, {
        source,
        destinations: [destination],
        twoWay: false,
        role: { account: SOURCE_ACCOUNT, partition: "aws", name: roleName(r, "orders-role") },
      });
      const replica =
        docs.roles[0]?.replicationConfiguration.rules[0]?.destination.encryptionConfiguration?.replicaKmsKeyId;
      if (kms(c.src)) assert.match(replica ?? "", new RegExp(`^arn:aws:kms:${region}:${account}:key/`));
      else assert.strictEqual(replica, undefined);
      assert.strictEqual(all(r, "aws:kms/keyPolicy:KeyPolicy").length, [c.src, c.dst].filter(kms).length);
      if (kms(c.dst))
        assert.strictEqual(
          find(r, KEY, "orders-to-dr-key-key").provider?.name,
          c.cross ? "orders-to-dr-provider" : "source",
        );
    });
  }
});
