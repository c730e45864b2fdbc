/**
 * Replication configuration rules (schema V2), shaped like the `rules` input of
 * `aws.s3.BucketReplicationConfig` so components pass them straight through.
 */

import {
  DestinationTopology,
  ReplicationPath,
  RoleScope,
  bucketArn,
  isCrossAccount,
  replicatesKmsObjects,
  roleArn,
  scopeSource,
} from "../model/topology";

/** A status block. */
export interface StatusBlock {
  /** `Enabled` or `Disabled`. */
  status: string;
}

/** A tag. */
export interface TagPair {
  /** Tag key. */
  key: string;
  /** Tag value. */
  value: string;
}

/** A V2 rule filter. */
export interface RuleFilter {
  /** Prefix alone. */
  prefix?: string;
  /** One tag alone. */
  tag?: TagPair;
  /** Prefix and/or several tags. */
  and?: { prefix?: string; tags?: Record<string, string> };
}

/** A rule's destination block. */
export interface RuleDestination {
  /** Destination bucket ARN. */
  bucket: string;
  /** Destination account (set whenever it differs from the source's; required with ownership override). */
  account?: string;
  /** Replica storage class. */
  storageClass?: string;
  /** Replica key: the full ARN of a key in the destination's region. */
  encryptionConfiguration?: { replicaKmsKeyId: string };
  /** Ownership override. */
  accessControlTranslation?: { owner: string };
  /** Replication Time Control. */
  replicationTime?: { status: string; time: { minutes: number } };
  /** Replication metrics. */
  metrics?: { status: string; eventThreshold?: { minutes: number } };
}

/** One V2 replication rule. */
export interface ReplicationRule {
  /** Rule id. */
  id: string;
  /** `Enabled`. */
  status: string;
  /** Priority (unique). */
  priority: number;
  /** Filter (`{}` = every object). */
  filter: RuleFilter;
  /** Delete marker replication. */
  deleteMarkerReplication: StatusBlock;
  /** Which encrypted objects and replica changes replicate. */
  sourceSelectionCriteria?: { sseKmsEncryptedObjects?: StatusBlock; replicaModifications?: StatusBlock };
  /** Destination. */
  destination: RuleDestination;
}

/** A whole replication configuration of one source bucket. */
export interface ReplicationConfiguration {
  /** Source bucket name. */
  bucket: string;
  /** Role ARN. */
  role: string;
  /** Rules, one per destination. */
  rules: ReplicationRule[];
}

const status = (on: boolean): StatusBlock => ({ status: on ? "Enabled" : "Disabled" });

/** The V2 filter for a destination's filter settings. */
export function ruleFilter(destination: DestinationTopology): RuleFilter {
  const prefix = destination.filter?.prefix;
  const tags = destination.filter?.tags ?? {};
  const tagEntries = Object.entries(tags);
  if (tagEntries.length === 0) return prefix === undefined ? {} : { prefix };
  if (tagEntries.length === 1 && prefix === undefined) {
    const [key, value] = tagEntries[0] ?? ["", ""];
    return { tag: { key, value } };
  }
  return { and: { ...(prefix === undefined ? {} : { prefix }), tags } };
}

/**
 * The rule for one path: opts in to SSE-KMS/DSSE-KMS objects exactly when it names the replica
 * key (never one without the other); RTC always with metrics and a 15-minute threshold; the
 * event threshold only with RTC; the destination account whenever it differs.
 */
export function replicationRule(path: ReplicationPath): ReplicationRule {
  const { destination } = path;
  const kms = replicatesKmsObjects(path) && destination.keyArn !== undefined;
  const criteria = {
    ...(kms ? { sseKmsEncryptedObjects: status(true) } : {}),
    ...(destination.replicaModifications ? { replicaModifications: status(true) } : {}),
  };
  const metricsOn = destination.metrics || destination.replicationTime;
  const ruleDestination: RuleDestination = {
    bucket: bucketArn(destination),
    ...(isCrossAccount(path.source, destination) ? { account: destination.account } : {}),
    ...(destination.storageClass === undefined ? {} : { storageClass: destination.storageClass }),
    ...(kms && destination.keyArn !== undefined
      ? { encryptionConfiguration: { replicaKmsKeyId: destination.keyArn } }
      : {}),
    ...(destination.ownershipOverride ? { accessControlTranslation: { owner: "Destination" } } : {}),
    ...(destination.replicationTime ? { replicationTime: { status: "Enabled", time: { minutes: 15 } } } : {}),
    ...(metricsOn
      ? { metrics: { status: "Enabled", ...(destination.replicationTime ? { eventThreshold: { minutes: 15 } } : {}) } }
      : {}),
  };
  return {
    id: destination.ruleId,
    status: "Enabled",
    priority: destination.priority,
    filter: ruleFilter(destination),
    deleteMarkerReplication: status(destination.deleteMarkerReplication),
    ...(Object.keys(criteria).length > 0 ? { sourceSelectionCriteria: criteria } : {}),
    destination: ruleDestination,
  };
}

/** The replication configuration of the source bucket a role scope serves. */
export function replicationConfiguration(scope: RoleScope): ReplicationConfiguration {
  const source = scopeSource(scope);
  if (source === undefined)
    throw new Error("replicationConfiguration: scope.paths is empty. Fix: give at least one replication path.");
  return { bucket: source.bucketName, role: roleArn(scope.role), rules: scope.paths.map(replicationRule) };
}
