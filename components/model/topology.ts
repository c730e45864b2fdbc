/**
 * The pure description of a replication topology: one source bucket, one replication role,
 * N destinations, optionally two-way. No Pulumi resources here: the components, the policy
 * pack, the checker and the tests all reason over these plain values.
 */

/** Default encryption of a bucket (the `sseAlgorithm` S3 stores). SSE-C is per object, never a bucket default. */
export enum Encryption {
  /** SSE-S3: keys managed by S3. */
  SseS3 = "AES256",
  /** SSE-KMS: a KMS key. */
  SseKms = "aws:kms",
  /** DSSE-KMS: dual-layer encryption with a KMS key (no Bucket Keys). */
  DsseKms = "aws:kms:dsse",
}

/** The encryption types that use a KMS key. */
export function usesKmsKey(encryption: Encryption): boolean {
  return encryption === Encryption.SseKms || encryption === Encryption.DsseKms;
}

/** One bucket of the topology, with where it lives and how it encrypts. */
export interface BucketEndpoint {
  /** 12-digit account id that owns the bucket. */
  account: string;
  /** Region of the bucket, e.g. `eu-west-1`. */
  region: string;
  /** AWS partition, e.g. `aws`, `aws-cn`, `aws-us-gov`. */
  partition: string;
  /** The bucket name. */
  bucketName: string;
  /** Default encryption of the bucket. */
  encryption: Encryption;
  /** Full ARN of the bucket's KMS key (required for SSE-KMS and DSSE-KMS). */
  keyArn?: string;
  /** True when the key is an AWS managed key (`alias/aws/s3`), which cannot be shared across accounts. */
  awsManagedKey?: boolean;
  /** S3 Bucket Key on the default encryption (not allowed with DSSE-KMS). */
  bucketKeyEnabled: boolean;
  /** Object Lock enabled on the bucket. */
  objectLockEnabled: boolean;
}

/** A rule filter: prefix and/or tags (tags only see tags given at PutObject time). */
export interface ReplicationFilter {
  /** Key prefix. */
  prefix?: string;
  /** Object tags, all of which must match. */
  tags?: Record<string, string>;
}

/** One destination and the rule that feeds it. */
export interface DestinationTopology extends BucketEndpoint {
  /** Stable destination name (also the rule id unless `ruleId` is given). */
  name: string;
  /** Rule id in the replication configuration (unique). */
  ruleId: string;
  /** Rule priority (unique). */
  priority: number;
  /** Rule filter; absent = the whole bucket. */
  filter?: ReplicationFilter;
  /** Storage class of replicas (absent = the source object's class). */
  storageClass?: string;
  /** Replicate delete markers (not supported with tag filters). */
  deleteMarkerReplication: boolean;
  /** Change replica ownership to the destination account (cross-account only). */
  ownershipOverride: boolean;
  /** S3 Replication Time Control (15 minutes). Requires metrics. */
  replicationTime: boolean;
  /** Replication metrics (and failure events). */
  metrics: boolean;
  /** Sync metadata changes made on replicas back (two-way replication). */
  replicaModifications: boolean;
}

/** A role reference: where the role lives and its name. */
export interface RoleRef {
  /** Account that owns the role (always the account of the path's source bucket). */
  account: string;
  /** Partition of that account. */
  partition: string;
  /** Role name. */
  name: string;
  /** Role path, default `/`. */
  path?: string;
}

/** A whole topology. */
export interface ReplicationTopology {
  /** The source bucket. */
  source: BucketEndpoint;
  /** The replication role, in the source account. */
  role: RoleRef;
  /** The destinations, in rule order. */
  destinations: DestinationTopology[];
  /** Also replicate each destination back to the source (replica modifications on both rules). */
  twoWay: boolean;
  /** Role names for the reverse paths, keyed by destination name (default: `<role>-<destination>-back`). */
  reverseRoleNames?: Record<string, string>;
  /** Existing source objects are replicated with S3 Batch Replication (forward paths). @default false */
  batchReplication?: boolean;
}

/** One directed replication path: a source, a role in the source's account, and one destination. */
export interface ReplicationPath {
  /** `forward:<destination>` or `reverse:<destination>`. */
  id: string;
  /** Source bucket of this path. */
  source: BucketEndpoint;
  /** Role S3 assumes for this path. */
  role: RoleRef;
  /** Destination bucket and rule. */
  destination: DestinationTopology;
  /**
   * Existing source objects are replicated over this path with S3 Batch Replication, which can
   * bring unencrypted objects written before January 2023. @default false
   */
  batchReplication?: boolean;
}

/** ARN of a role. */
export function roleArn(role: RoleRef): string {
  const path = role.path ?? "/";
  return `arn:${role.partition}:iam::${role.account}:role${path}${role.name}`;
}

/** ARN of a bucket. */
export function bucketArn(bucket: Pick<BucketEndpoint, "partition" | "bucketName">): string {
  return `arn:${bucket.partition}:s3:::${bucket.bucketName}`;
}

/** ARN pattern of every object of a bucket. */
export function objectsArn(bucket: Pick<BucketEndpoint, "partition" | "bucketName">): string {
  return `${bucketArn(bucket)}/*`;
}

/** True when the two endpoints are in different accounts. */
export function isCrossAccount(a: Pick<BucketEndpoint, "account">, b: Pick<BucketEndpoint, "account">): boolean {
  return a.account !== b.account;
}

/** The default name of the role of the reverse path of a destination (IAM role names are at most 64 characters). */
export function defaultReverseRoleName(roleName: string, destinationName: string): string {
  return `${roleName}-${destinationName}-back`.slice(0, 64);
}

/** The rule id of the reverse rule (two-way) of a destination's rule. */
export function reverseRuleId(ruleId: string): string {
  return `${ruleId}-back`;
}

/** Every directed path of a topology: forward paths in rule order, then the reverse paths when two-way. */
export function replicationPaths(topology: ReplicationTopology): ReplicationPath[] {
  const forward = topology.destinations.map((destination) => ({
    id: forwardPathId(destination.name),
    source: topology.source,
    role: topology.role,
    destination: { ...destination, replicaModifications: destination.replicaModifications || topology.twoWay },
    ...(topology.batchReplication === true ? { batchReplication: true } : {}),
  }));
  if (!topology.twoWay) return forward;
  const reverse = topology.destinations.map((destination): ReplicationPath => {
    const { name, ruleId, priority, filter, storageClass, deleteMarkerReplication, replicationTime, metrics } =
      destination;
    const back: DestinationTopology = {
      ...topology.source,
      name,
      ruleId: reverseRuleId(ruleId),
      priority,
      deleteMarkerReplication,
      ownershipOverride: destination.ownershipOverride,
      replicationTime,
      metrics,
      replicaModifications: true,
      ...(filter === undefined ? {} : { filter }),
      ...(storageClass === undefined ? {} : { storageClass }),
    };
    const source: BucketEndpoint = stripRule(destination);
    const roleName = topology.reverseRoleNames?.[name] ?? defaultReverseRoleName(topology.role.name, name);
    return {
      id: reversePathId(name),
      source,
      role: { account: destination.account, partition: destination.partition, name: roleName },
      destination: back,
    };
  });
  return [...forward, ...reverse];
}

/** The bucket part of a destination. */
export function stripRule(destination: DestinationTopology): BucketEndpoint {
  const {
    account,
    region,
    partition,
    bucketName,
    encryption,
    keyArn,
    awsManagedKey,
    bucketKeyEnabled,
    objectLockEnabled,
  } = destination;
  return {
    account,
    region,
    partition,
    bucketName,
    encryption,
    bucketKeyEnabled,
    objectLockEnabled,
    ...(keyArn === undefined ? {} : { keyArn }),
    ...(awsManagedKey === undefined ? {} : { awsManagedKey }),
  };
}

/** The paths grouped by the role that serves them (one role per source bucket). */
export interface RoleScope {
  /** The role. */
  role: RoleRef;
  /** The paths the role serves, all from the same source bucket. */
  paths: ReplicationPath[];
}

/** The id of a destination's forward path (source to destination): `forward:<destination>`. */
export function forwardPathId(destination: string): string {
  return `forward:${destination}`;
}

/** The id of a destination's reverse path (two-way: destination back to source): `reverse:<destination>`. */
export function reversePathId(destination: string): string {
  return `reverse:${destination}`;
}

/** The path with this id; throws when there is none (asking for a path the topology does not have is a bug). */
export function pathById(paths: readonly ReplicationPath[], id: string): ReplicationPath {
  const found = paths.find((path) => path.id === id);
  if (found === undefined) throw new Error(`no replication path ${id} (have ${paths.map((p) => p.id).join(", ")})`);
  return found;
}

/** The scope of the topology's forward role (the paths from the source), or undefined without destinations. */
export function forwardScope(topology: ReplicationTopology): RoleScope | undefined {
  const arn = roleArn(topology.role);
  return roleScopes(topology).find((scope) => roleArn(scope.role) === arn);
}

/** The source bucket a role scope serves, or undefined for a scope without paths: every path of a scope starts at that bucket, so any of them names it. */
export function scopeSource(scope: RoleScope): BucketEndpoint | undefined {
  for (const path of scope.paths) return path.source;
  return undefined;
}

/** Groups the paths of a topology by role. */
export function roleScopes(topology: ReplicationTopology): RoleScope[] {
  const scopes = new Map<string, RoleScope>();
  for (const path of replicationPaths(topology)) {
    const key = roleArn(path.role);
    const scope = scopes.get(key);
    if (scope) scope.paths.push(path);
    else scopes.set(key, { role: path.role, paths: [path] });
  }
  return [...scopes.values()];
}

/** True when a path's rule must opt in to SSE-KMS/DSSE-KMS objects (the source has a KMS key). */
export function replicatesKmsObjects(path: ReplicationPath): boolean {
  return path.source.keyArn !== undefined && usesKmsKey(path.source.encryption);
}
