/**
 * s3-replication: Pulumi components for encrypted S3 replication across accounts and regions,
 * generated from the core model (components/model) and documents (components/documents).
 */
export { Encryption, ReplicaOwnership, StorageClass } from "./enums";
export { BucketPlacement, EncryptedBucket, EncryptedBucketArgs, EncryptedBucketOptions } from "./encryptedBucket";
export { ReplicationKey, ReplicationKeyArgs, ReplicationKeyOptions } from "./replicationKey";
export { ReplicationRole, ReplicationRoleArgs } from "./replicationRole";
export {
  KeyGrant,
  ReplicationAccess,
  ReplicationAccessArgs,
  ReplicationGrant,
  ReplicationGrantArgs,
} from "./replicationAccess";
export { S3Replication, S3ReplicationOptions } from "./s3Replication";
export {
  MonitoredEndpoint,
  MonitoredRule,
  MonitoringAccount,
  MonitoringOptions,
  MonitoringResult,
  placementKey,
  replicationMonitoring,
} from "./monitoring";
export { Destination, S3ReplicationArgs, SourceBucket } from "./s3ReplicationArgs";
export { constructionIssues } from "./plan";
export * as model from "./model";
export * as documents from "./documents";

import { BucketReplication as BucketReplicationBlock } from "./bucketReplication";
export {
  BucketReplicationArgs,
  BucketReplicationOptions,
  ReplicationEnd,
  ReplicationTarget,
} from "./bucketReplication";
/**
 * Replication between bucket and key blocks, composed by reference (TypeScript only: see
 * components/bucketReplication.ts). The class itself, under its own name: `new`, `instanceof` and
 * `extends` work as on any export.
 * @reexport
 */
export const BucketReplication = BucketReplicationBlock;
/** Replication between bucket and key blocks (the instance type). */
export type BucketReplication = BucketReplicationBlock;
// Not enumerable: `pulumi package add` discovers components by enumerating these exports, and
// BucketReplication takes block references, which other languages cannot pass (its schema would
// not resolve). TypeScript imports it as usual.
Object.defineProperty(module.exports, "BucketReplication", { enumerable: false });
