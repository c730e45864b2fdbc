/**
 * s3-replication: Pulumi components for encrypted S3 replication across accounts and regions,
 * generated from the core model (components/model) and documents (components/documents).
 */
export { Encryption, ReplicaOwnership, StorageClass } from "./enums";
export { EncryptedBucket, EncryptedBucketArgs } from "./encryptedBucket";
export { ReplicationKey, ReplicationKeyArgs } from "./replicationKey";
export { ReplicationRole, ReplicationRoleArgs } from "./replicationRole";
export { ReplicationGrant, ReplicationGrantArgs, KeyGrant } from "./replicationGrant";
export { S3Replication, S3ReplicationOptions } from "./s3Replication";
export { MonitoredEndpoint, MonitoredRule, MonitoringAccount, MonitoringOptions, MonitoringResult, placementKey, replicationMonitoring } from "./monitoring";
export { Destination, S3ReplicationArgs, SourceBucket } from "./s3ReplicationArgs";
export { constructionIssues } from "./plan";
export * as model from "./model";
export * as documents from "./documents";
