/** The replication role's permission policy, and the Batch Replication role's. */

import {
  BATCH_MANIFEST_ACTIONS,
  BATCH_REPORT_ACTIONS,
  BATCH_SOURCE_BUCKET_ACTIONS,
  BATCH_SOURCE_OBJECT_ACTIONS,
  DESTINATION_DELETE_ACTION,
  DESTINATION_OBJECT_ACTIONS,
  DESTINATION_OBJECT_LOCK_ACTIONS,
  OWNERSHIP_OVERRIDE_ACTION,
  SOURCE_BUCKET_ACTIONS,
  SOURCE_KEY_ACTIONS,
  SOURCE_OBJECT_ACTIONS,
  SOURCE_OBJECT_LOCK_ACTIONS,
  batchReportObjects,
} from "../model/actions";
import { PolicyDocument, PolicyStatement } from "../model/policyDocument";
import { replicaKeyUse } from "../model/requests";
import {
  DestinationTopology,
  ReplicationPath,
  RoleScope,
  bucketArn,
  objectsArn,
  replicatesKmsObjects,
  scopeSource,
} from "../model/topology";
import { replicaKeyConditions, s3KeyConditions } from "./kmsConditions";
import { sidPart } from "./statementIds";

/**
 * The destination object actions a path needs (delete markers and ownership override only when
 * used), and the Object Lock writes on an Object Lock destination (see `DESTINATION_OBJECT_LOCK_ACTIONS`).
 */
export function destinationObjectActions(destination: DestinationTopology): string[] {
  return [
    ...DESTINATION_OBJECT_ACTIONS,
    ...(destination.deleteMarkerReplication ? [DESTINATION_DELETE_ACTION] : []),
    ...(destination.ownershipOverride ? [OWNERSHIP_OVERRIDE_ACTION] : []),
    ...(destination.objectLockEnabled ? DESTINATION_OBJECT_LOCK_ACTIONS : []),
  ];
}

/**
 * The replica key actions a path needs: `kms:Encrypt` for KMS-encrypted source objects,
 * `kms:GenerateDataKey` only for plaintext objects into a KMS default, `kms:Decrypt` whenever
 * replicas arrive with a Bucket Key (the SOURCE object's Bucket Key counts, not only the
 * destination's). Empty when the destination uses no KMS key. See `replicaKeyUse`.
 */
export function replicaKeyActions(path: ReplicationPath): string[] {
  return replicaKeyUse(path)?.actions ?? [];
}

/**
 * The least-privilege permission policy of one replication role: read the source for
 * replication only, replicate into exactly the named destinations, and use each KMS key only
 * through S3 in its region for its own bucket.
 */
export function replicationRolePolicy(scope: RoleScope): PolicyDocument {
  const source = scopeSource(scope);
  if (source === undefined)
    throw new Error("replicationRolePolicy: scope.paths is empty. Fix: give at least one replication path.");
  const statements: PolicyStatement[] = [
    { Sid: "SourceBucket", Effect: "Allow", Action: [...SOURCE_BUCKET_ACTIONS], Resource: bucketArn(source) },
    {
      Sid: "SourceObjects",
      Effect: "Allow",
      Action: [...SOURCE_OBJECT_ACTIONS, ...(source.objectLockEnabled ? SOURCE_OBJECT_LOCK_ACTIONS : [])],
      Resource: objectsArn(source),
    },
  ];
  for (const path of scope.paths) {
    statements.push({
      Sid: `Replicate${sidPart(path.destination.name)}`,
      Effect: "Allow",
      Action: destinationObjectActions(path.destination),
      Resource: objectsArn(path.destination),
    });
  }
  if (scope.paths.some(replicatesKmsObjects) && source.keyArn !== undefined) {
    statements.push({
      Sid: "DecryptSource",
      Effect: "Allow",
      Action: [...SOURCE_KEY_ACTIONS],
      Resource: source.keyArn,
      Condition: s3KeyConditions(source, source.keyArn),
    });
  }
  for (const path of scope.paths) statements.push(...replicaKeyStatement(path));
  return { Version: "2012-10-17", Statement: statements };
}

function replicaKeyStatement(path: ReplicationPath): PolicyStatement[] {
  const { destination } = path;
  const use = replicaKeyUse(path);
  if (use === undefined || destination.keyArn === undefined) return [];
  return [
    {
      Sid: `EncryptReplica${sidPart(destination.name)}`,
      Effect: "Allow",
      Action: use.actions,
      Resource: destination.keyArn,
      Condition: replicaKeyConditions(destination, destination.keyArn, use),
    },
  ];
}

/** Where a Batch Replication job reads its manifest and writes its report. */
export interface BatchReplicationBuckets {
  /** ARN of the bucket that holds manifests you supply (omit when S3 generates the manifest). */
  manifestBucketArn?: string;
  /** ARN of the bucket that receives completion reports. */
  reportBucketArn: string;
  /** Key prefix of the completion reports (the job's report `Prefix`). Default: `batch-replication-reports`. */
  reportPrefix?: string;
}

/**
 * The Batch Replication role's permission policy (existing objects): initiate replication of
 * source objects, read the replication configuration and write an inventory when S3 builds the
 * manifest, read manifests, write reports (only under the report prefix, never elsewhere in the
 * report bucket, which is often the source bucket).
 */
export function batchReplicationRolePolicy(
  source: Pick<DestinationTopology, "partition" | "bucketName">,
  buckets: BatchReplicationBuckets,
): PolicyDocument {
  const statements: PolicyStatement[] = [
    {
      Sid: "InitiateReplication",
      Effect: "Allow",
      Action: [...BATCH_SOURCE_OBJECT_ACTIONS],
      Resource: objectsArn(source),
    },
    {
      Sid: "SourceConfiguration",
      Effect: "Allow",
      Action: [...BATCH_SOURCE_BUCKET_ACTIONS],
      Resource: bucketArn(source),
    },
    {
      Sid: "WriteReport",
      Effect: "Allow",
      Action: [...BATCH_REPORT_ACTIONS],
      Resource: batchReportObjects(buckets.reportBucketArn, buckets.reportPrefix),
    },
  ];
  if (buckets.manifestBucketArn !== undefined) {
    statements.push({
      Sid: "ReadManifest",
      Effect: "Allow",
      Action: [...BATCH_MANIFEST_ACTIONS],
      Resource: `${buckets.manifestBucketArn}/*`,
    });
  }
  return { Version: "2012-10-17", Statement: statements };
}
