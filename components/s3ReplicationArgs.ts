/** The arguments of S3Replication: plain data every Pulumi language can pass (no unions, no provider objects). */

import * as pulumi from "@pulumi/pulumi";
import { Encryption, ReplicaOwnership, StorageClass } from "./enums";

/** The source bucket and its key. Its provider is the component's standard `provider` option. */
export interface SourceBucket {
  /**
   * Name of a new source bucket. Default: none (Pulumi auto-names the bucket from the component name).
   */
  bucketName?: string;
  /**
   * Name of an existing source bucket to replicate from instead of creating one (versioning and default encryption are then managed on it; its bucket policy is left alone unless manageBucketPolicy is true). Default: none (a new bucket is created).
   */
  existingBucketName?: pulumi.Input<string>;
  /**
   * Default encryption of the source bucket. Default: SSE-KMS (`aws:kms`) with a new customer managed key.
   */
  encryption?: Encryption;
  /**
   * Full ARN of an existing KMS key for the source bucket (the component cannot edit its policy; see grantExistingKey and the requiredKeyPolicyStatements output). Default: none (a new customer managed key is created when the encryption uses KMS).
   */
  existingKeyArn?: pulumi.Input<string>;
  /**
   * Create the new source key as a multi-Region primary key, so destinations can use its replicas (multiRegionReplica). Default: false.
   */
  multiRegionKey?: boolean;
  /**
   * Waiting period, in days (7-30), before a deleted new key is destroyed. Default: 30.
   */
  keyDeletionWindowInDays?: number;
  /**
   * Alias of the new source key, starting with `alias/`. Default: `alias/s3-replication/<project>/<stack>/<component name>-source` (unique per stack, stable across updates).
   */
  keyAlias?: string;
  /**
   * S3 Bucket Key on the default encryption (cuts KMS requests; not supported with DSSE-KMS). Default: true for SSE-KMS, false otherwise.
   */
  bucketKeyEnabled?: boolean;
  /**
   * Enable Object Lock on the new source bucket (destinations then get Object Lock too). Cannot be turned off, and changing it replaces a bucket. Default: false.
   */
  objectLock?: boolean;
  /**
   * Account id of the source, when known (saves the getCallerIdentity lookup and lets more checks run at construction). Default: looked up with aws.getCallerIdentity on the source provider.
   */
  account?: string;
  /**
   * Region of the source, when known. Default: looked up with aws.getRegion on the source provider.
   */
  region?: string;
  /**
   * AWS partition of the source. Default: looked up with aws.getPartition on the source provider.
   */
  partition?: string;
  /**
   * Let `pulumi destroy` delete a new source bucket that still holds objects. Default: false.
   */
  forceDestroy?: boolean;
  /**
   * Keep the source bucket and key in AWS when they are deleted from the stack. Default: true.
   */
  retainOnDelete?: boolean;
  /**
   * Write the bucket policy (TLS-only plus replication grants) on an existing bucket too. Default: true for a new bucket, false for an existing one (the statements it needs are then in the requiredBucketPolicyStatements output).
   */
  manageBucketPolicy?: boolean;
  /**
   * When the source uses an existing key in the source account, give the replication role a KMS grant for what it needs. Default: true.
   */
  grantExistingKey?: boolean;
  /**
   * Expire noncurrent source object versions after this many days (a lifecycle configuration created after the replication configuration). Default: none (no lifecycle configuration).
   */
  noncurrentVersionExpirationDays?: number;
}

/**
 * One destination: plain data. Its resources are created through, in this order: the provider
 * given for it in TypeScript (`destinationProviders` option); else a provider the component
 * builds from assumeRoleArn, roleSessionName, externalId, profile and defaultTags when any of
 * assumeRoleArn, profile or defaultTags is given; else the source provider itself, in this
 * destination's region.
 */
export interface Destination {
  /** Stable name of the destination: it names the destination's resources and its rule, so never change it once deployed. Letters, digits and hyphens. */
  name: string;
  /**
   * Region of the destination bucket, e.g. `eu-west-1`. Required, except in TypeScript with a destination provider (`destinationProviders` option), whose region it then defaults to (given anyway, it is the per-resource region of the destination's resources). Default: the destination provider's region.
   */
  region?: string;
  /**
   * Role to assume to reach the destination account (the component then builds the destination's provider from this destination's settings and the base credentials described under profile). Default: none (no role: the source's account).
   */
  assumeRoleArn?: string;
  /**
   * Session name for assumeRoleArn (shows in the destination account's CloudTrail). Default: none (the AWS provider picks one).
   */
  roleSessionName?: string;
  /**
   * External id for assumeRoleArn. Default: none.
   */
  externalId?: pulumi.Input<string>;
  /**
   * Named profile (from the shared config and credentials files) for the base credentials of the destination's provider; the role in assumeRoleArn, if any, is assumed from them. Default: the source provider's base credentials: its profile and static keys (the aws:profile, aws:accessKey, aws:secretKey, aws:token, aws:sharedConfigFiles and aws:sharedCredentialsFiles stack config when the source is the default provider); where the source sets none, the AWS default chain (environment variables, the default profile, an instance or task role), as for the source.
   */
  profile?: string;
  /**
   * Default tags of the destination's provider: AWS adds them to every taggable resource created through it (the component's tags argument still applies on top). Default: none (only the component's tags).
   */
  defaultTags?: Record<string, string>;
  /**
   * Account id of the destination, when known. Default: the account of assumeRoleArn, else the source's account (confirmed with aws.getCallerIdentity on the destination provider).
   */
  account?: string;
  /**
   * AWS partition of the destination. Default: the partition of its region.
   */
  partition?: string;
  /**
   * Name of a new destination bucket. Default: none (auto-named from the component and destination names).
   */
  bucketName?: string;
  /**
   * Name of an existing destination bucket instead of creating one. Default: none (a new bucket is created).
   */
  existingBucketName?: pulumi.Input<string>;
  /**
   * Default encryption of the destination bucket. Default: SSE-KMS (`aws:kms`) with a new customer managed key in the destination's region.
   */
  encryption?: Encryption;
  /**
   * Full ARN of an existing KMS key in the destination's region (not an alias). Default: none (a new key is created when the encryption uses KMS).
   */
  existingKeyArn?: pulumi.Input<string>;
  /**
   * Make the destination key the replica, in the destination's region, of the source's multi-Region key (aws.kms.ReplicaKey; same account only). Default: false.
   */
  multiRegionReplica?: boolean;
  /**
   * Waiting period, in days (7-30), before a deleted new destination key is destroyed. Default: 30.
   */
  keyDeletionWindowInDays?: number;
  /**
   * Alias of the new destination key, starting with `alias/`. Default: `alias/s3-replication/<project>/<stack>/<component name>-<destination name>` (unique per stack, stable across updates).
   */
  keyAlias?: string;
  /**
   * S3 Bucket Key on the destination's default encryption. Default: true for SSE-KMS, false otherwise.
   */
  bucketKeyEnabled?: boolean;
  /**
   * Object Lock on a new destination bucket. Default: the source's objectLock (a destination without Object Lock is rejected when the source uses it).
   */
  objectLock?: boolean;
  /**
   * Storage class of the replicas. Default: none (the source object's storage class).
   */
  storageClass?: StorageClass;
  /**
   * Replicate only keys with this prefix. Default: none (every object).
   */
  filterPrefix?: string;
  /**
   * Replicate only objects carrying all these tags (tags given at PutObject time). Default: none.
   */
  filterTags?: Record<string, string>;
  /**
   * Rule priority, unique across destinations. Default: the destination's position in the list.
   */
  priority?: number;
  /**
   * Rule id, unique across destinations. Default: the destination's name.
   */
  ruleId?: string;
  /**
   * Replicate delete markers (not supported with tag filters). Default: false.
   */
  replicateDeleteMarkers?: boolean;
  /**
   * Replica ownership. Default: Source, except Destination for an EXISTING bucket in another account
   * (a bucket this component creates has BucketOwnerEnforced, which gives the destination owner the
   * replicas without the override or s3:ObjectOwnerOverrideToBucketOwner). Destination is rejected in the same account.
   */
  replicaOwnership?: ReplicaOwnership;
  /**
   * S3 Replication Time Control (15 minutes; turns metrics on). Default: false.
   */
  replicationTime?: boolean;
  /**
   * Replication metrics, which S3 needs to publish the failed-operations metric and to send failure events; with alarms on, the rule gets an alarm on OperationsFailedReplication. Billed as CloudWatch custom metrics (see docs/components.md, Monitoring). Default: true. false is an explicit opt-out: the rule then has no failure signal, and the rulesWithoutFailureSignal output says so (RTC needs metrics, so false is rejected with replicationTime).
   */
  metrics?: boolean;
  /**
   * Sync metadata changes made on replicas back to the source. Default: the value of twoWay.
   */
  replicaModifications?: boolean;
  /**
   * Let `pulumi destroy` delete a new destination bucket that still holds objects. Default: false.
   */
  forceDestroy?: boolean;
  /**
   * Keep the destination bucket and key in AWS when they are deleted from the stack. Default: true.
   */
  retainOnDelete?: boolean;
  /**
   * Write the bucket policy on an existing destination bucket too. Default: true for a new bucket, false for an existing one (see the requiredBucketPolicyStatements output).
   */
  manageBucketPolicy?: boolean;
  /**
   * When the destination uses an existing key, give the replication role a KMS grant through the destination's provider. Default: true.
   */
  grantExistingKey?: boolean;
}

/** Arguments of S3Replication. */
export interface S3ReplicationArgs {
  /** The source bucket. */
  source: SourceBucket;
  /** The destinations, at least one; each name must be unique. */
  destinations: Destination[];
  /**
   * Also replicate every destination back to the source (a second rule per pair, replica modifications on both). Default: false.
   */
  twoWay?: boolean;
  /**
   * Name of the replication role. Default: none (auto-named from the component name).
   */
  roleName?: string;
  /**
   * Opt-in (UNVERIFIED) trust condition `aws:SourceAccount` on the replication role; if S3 does not send it, every replication fails with AssumeRoleNotPermitted. Default: false.
   */
  trustConditions?: boolean;
  /**
   * CloudWatch alarms, each in the account and Region where its metric is published: per rule with metrics on (the reverse rules of two-way too), failed operations (source bucket's Region) and, with RTC on, latency over 15 minutes (destination bucket's Region); and the KMS request-rate alarms (see kmsRequestAlarms). Default: true.
   */
  alarms?: boolean;
  /**
   * Create SNS topics that the alarms notify: one per account and Region that holds alarms (an alarm notifies a topic in its own Region). Default: false.
   */
  alarmTopic?: boolean;
  /**
   * Existing SNS topics the alarms notify (e.g. an organisation-wide alerts topic), as full topic ARNs: each alarm notifies the topics of its own account and Region (the rule owner's account; the Region where its metric is published), as well as the topic alarmTopic creates. An alarm left with no topic at all is a construction warning naming it. Default: none.
   */
  existingAlarmTopicArns?: string[];
  /**
   * Deliver failure reasons: an S3 Event Notification on each source bucket (the reverse rules' destination buckets too) of s3:Replication:OperationFailedReplication, plus s3:Replication:OperationMissedThreshold and s3:Replication:OperationReplicatedAfterThreshold when a rule of the bucket has RTC, to an SNS topic created in the bucket's Region and account whose policy admits only S3 for that bucket and account. A bucket has one notification configuration: on an existing bucket this replaces the one it has. Default: false (true when existingFailureEventTopicArns is given).
   */
  failureEvents?: boolean;
  /**
   * Existing SNS topics (full ARNs) for the replication events instead of created ones: each source bucket notifies the topic of its owner's account and its Region (deployment fails naming the bucket when there is none). Their policies must admit S3 (see docs/components.md, Monitoring). Giving any turns failureEvents on. Default: none.
   */
  existingFailureEventTopicArns?: string[];
  /**
   * With alarms on, an alarm per account and Region that replication draws KMS requests from (the rule owner's account; the source Region when the source uses a KMS key, the destination Region when the destination does) on the account's symmetric KMS request rate (AWS/Usage CallCount) above kmsRequestAlarmShare of that Region's quota. Default: true.
   */
  kmsRequestAlarms?: boolean;
  /**
   * Share (above 0, at most 1) of a Region's KMS symmetric request quota at which the KMS request-rate alarm fires. Default: 0.8 (80% of the quota).
   */
  kmsRequestAlarmShare?: number;
  /**
   * Create a CloudWatch dashboard per account that owns rules (named `<component name>-s3-replication`, or `<component name>-to-<destination>-s3-replication` for the reverse rules in a destination account): latency, pending bytes and operations, failed operations per rule, and the KMS request rate against the quota per Region, each widget reading its metric in the Region where it is published. Default: false.
   */
  dashboard?: boolean;
  /**
   * Create a Batch Replication role (trusting batchoperations.s3.amazonaws.com) for replicating existing objects. Default: false.
   */
  batchReplication?: boolean;
  /**
   * ARN of the bucket that receives Batch Replication completion reports. Default: the source bucket.
   */
  batchReportBucketArn?: pulumi.Input<string>;
  /**
   * Tags for every taggable resource. Default: none.
   */
  tags?: Record<string, string>;
}
