/**
 * What the generated documents grant for every kind of object a source bucket can hold (issue 21):
 * KMS permissions on the replica key only for objects that really arrive encrypted with it, both
 * encryption-context forms and kms:Decrypt whenever SSE-KMS objects replicate (objects can carry
 * their own Bucket Key), and the Object Lock writes on Object Lock destinations.
 */

import assert from "node:assert/strict";
import { generateDocuments } from "../../components/documents";
import { PolicyDocument, PolicyStatement, asList } from "../../components/model/policyDocument";
import { Encryption, ReplicationTopology } from "../../components/model/topology";
import { ScenarioAxes, defaultScenario, scenarioTopology } from "../support/scenarios";

const AXES: ScenarioAxes = {
  sourceEncryption: Encryption.SseKms,
  destinationEncryption: Encryption.SseKms,
  sourceBucketKey: false,
  destinationBucketKey: false,
  crossAccount: true,
  crossRegion: true,
  multiRegionKey: false,
  ownershipOverride: false,
  destinations: 1,
  twoWay: false,
  objectLock: false,
  deleteMarkers: false,
};

function topology(axes: Partial<ScenarioAxes>, batchReplication = false): ReplicationTopology {
  return { ...scenarioTopology({ ...AXES, ...axes }), ...(batchReplication ? { batchReplication: true } : {}) };
}

function rolePolicy(t: ReplicationTopology): PolicyDocument {
  const role = generateDocuments(t).roles[0];
  assert.ok(role);
  return role.permissionPolicy;
}

function replicaKeyStatement(t: ReplicationTopology): PolicyStatement | undefined {
  const keyArn = t.destinations[0]?.keyArn;
  return rolePolicy(t).Statement.find((statement) => statement.Resource === keyArn);
}

function contexts(statement: PolicyStatement | undefined): string[] {
  const like = statement?.Condition?.["StringLike"]?.["kms:EncryptionContext:aws:s3:arn"];
  return asList(like as string | string[] | undefined);
}

describe("generated documents: the replica key for each kind of source object", () => {
  // "Replicating encrypted objects": SSE-S3 objects replicate as SSE-S3 and make no KMS call
  // (https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-config-for-kms-objects.html).
  for (const destinationEncryption of [Encryption.SseKms, Encryption.DsseKms]) {
    it(`SSE-S3 source into ${destinationEncryption}: no replica key permission without Batch Replication`, () => {
      const t = topology({ sourceEncryption: Encryption.SseS3, destinationEncryption });
      assert.equal(replicaKeyStatement(t), undefined);
      const key = generateDocuments(t).keys[t.destinations[0]?.keyArn ?? ""];
      assert.deepEqual(key?.statements ?? [], []);
    });
  }
  it("SSE-S3 source into SSE-KMS with Batch Replication: kms:GenerateDataKey for objects written unencrypted before 2023", () => {
    const t = topology({ sourceEncryption: Encryption.SseS3 }, true);
    assert.deepEqual(asList(replicaKeyStatement(t)?.Action), ["kms:GenerateDataKey"]);
  });
  for (const [name, axes] of [
    ["SSE-KMS source, no Bucket Keys anywhere", {}],
    ["SSE-KMS source with a Bucket Key", { sourceBucketKey: true }],
    ["only the destination with a Bucket Key", { destinationBucketKey: true }],
    ["DSSE-KMS source", { sourceEncryption: Encryption.DsseKms }],
  ] as const) {
    it(`${name}: kms:Encrypt and kms:Decrypt with both context forms on the replica key (objects carry their own Bucket Key)`, () => {
      const t = topology(axes);
      const statement = replicaKeyStatement(t);
      assert.deepEqual(asList(statement?.Action), ["kms:Encrypt", "kms:Decrypt"]);
      const bucket = `arn:aws:s3:::${t.destinations[0]?.bucketName ?? ""}`;
      assert.deepEqual(contexts(statement), [bucket, `${bucket}/*`]);
      const key = generateDocuments(t).keys[t.destinations[0]?.keyArn ?? ""];
      assert.deepEqual(asList(key?.statements[0]?.Action), ["kms:Encrypt", "kms:Decrypt"]);
    });
  }
});

describe("generated documents: Object Lock destinations", () => {
  // The failure-reason table names s3:PutObjectRetention and s3:PutObjectLegalHold on the
  // destination (DstPutRetentionNotPermitted, DstPutLegalHoldNotPermitted:
  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-failure-codes.html).
  const lockWrites = ["s3:PutObjectRetention", "s3:PutObjectLegalHold"];
  it("the role and the cross-account destination bucket policy grant the Object Lock writes on replicas", () => {
    const t = topology({ objectLock: true });
    const destination = t.destinations[0];
    assert.ok(destination);
    const replicate = rolePolicy(t).Statement.find((statement) => statement.Sid?.startsWith("Replicate"));
    for (const action of lockWrites) assert.ok(asList(replicate?.Action).includes(action), action);
    const grants = generateDocuments(t).buckets[destination.bucketName]?.replicationStatements ?? [];
    for (const action of lockWrites)
      assert.ok(
        grants.some((statement) => asList(statement.Action).includes(action)),
        `bucket policy grants ${action}`,
      );
  });
  it("without Object Lock they are not granted", () => {
    const actions = rolePolicy(defaultScenario().topology).Statement.flatMap((statement) => asList(statement.Action));
    for (const action of lockWrites) assert.equal(actions.includes(action), false, action);
  });
});
