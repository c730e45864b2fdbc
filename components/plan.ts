/**
 * From S3Replication arguments to the core model's topology: defaults, argument checks and the
 * model's own checks with the component's argument paths. Pure: the component calls it at
 * construction (with placeholders for values known only at deploy time) and again in `apply`.
 */

import * as pulumi from "@pulumi/pulumi";
import { KeyReferenceKind, isAccountId, isPartition, parseArn, parseKeyReference, partitionOfRegion } from "./model/arn";
import { DestinationTopology, Encryption, ReplicationTopology, usesKmsKey } from "./model/topology";
import { ValidationIssue, keyDeletionWindowIssues, topologyIssues } from "./model/validate";
import { kmsQuotaShareIssues } from "./model/monitoring";
import { ReplicaOwnership, StorageClass } from "./enums";
import { Destination, S3ReplicationArgs, SourceBucket } from "./s3ReplicationArgs";

/** Where one bucket lives, as resolved (or assumed at construction). */
export interface SideValues {
  /** Account id. */
  account: string;
  /** Region. */
  region: string;
  /** Partition. */
  partition: string;
  /** Bucket name. */
  bucketName: string;
  /** Key ARN (KMS encryption, or an existing key given with SSE-S3 so the model can reject it). */
  keyArn?: string;
}

/** Every value a topology needs beyond the arguments. */
export interface ResolvedValues {
  /** The source. */
  source: SideValues;
  /** The destinations, in argument order. */
  destinations: SideValues[];
  /** Name of the forward replication role. */
  roleName: string;
  /** Names of the reverse roles (two-way), keyed by destination name. */
  reverseRoleNames: Record<string, string>;
}

/** Which resolved values are real (deploy time) rather than construction-time placeholders. */
export interface Known {
  /** The source region is real. */
  sourceRegion: boolean;
}

type Side = SourceBucket | Destination;

/** The default encryption of a side. */
export function encryptionOf(side: Side): Encryption {
  return side.encryption ?? Encryption.SseKms;
}

/** Bucket Key default: on for SSE-KMS, off otherwise. */
export function bucketKeyOf(side: Side): boolean {
  return side.bucketKeyEnabled ?? encryptionOf(side) === Encryption.SseKms;
}

/** True when the component creates the side's KMS key (or MRK replica). */
export function ownsKey(side: Side): boolean {
  return usesKmsKey(encryptionOf(side)) && side.existingKeyArn === undefined;
}

/** True when the side names an existing bucket. */
export function existingBucket(side: Side): boolean {
  return side.existingBucketName !== undefined;
}

/** Object Lock of a destination (inherits the source's). */
export function destinationObjectLock(destination: Destination, source: SourceBucket): boolean {
  return destination.objectLock ?? source.objectLock ?? false;
}

/** Metrics default: on with RTC. */
export function metricsOf(destination: Destination): boolean {
  return destination.metrics ?? destination.replicationTime ?? false;
}

/** Rule priority default: the position in the list. */
export function priorityOf(destination: Destination, index: number): number {
  return destination.priority ?? index;
}

/** The account of an IAM role ARN, if it is one. */
export function roleArnAccount(arn: string): string | undefined {
  const parsed = parseArn(arn);
  if (!parsed || parsed.service !== "iam" || !parsed.resource.startsWith("role/")) return undefined;
  return parsed.account;
}

/** The model topology for the arguments and resolved values. */
export function buildTopology(args: S3ReplicationArgs, values: ResolvedValues): ReplicationTopology {
  const src = args.source;
  const withKey = (side: Side, v: SideValues): { keyArn?: string; awsManagedKey?: boolean } =>
    v.keyArn === undefined ? {} : { keyArn: v.keyArn, awsManagedKey: parseKeyReference(v.keyArn).awsManagedS3Alias };
  const source = {
    account: values.source.account, region: values.source.region, partition: values.source.partition,
    bucketName: values.source.bucketName, encryption: encryptionOf(src), bucketKeyEnabled: bucketKeyOf(src),
    objectLockEnabled: src.objectLock ?? false, ...withKey(src, values.source),
  };
  const twoWay = args.twoWay ?? false;
  const destinations = args.destinations.map((d, i): DestinationTopology => {
    const v = values.destinations[i] ?? values.source;
    const tags = d.filterTags !== undefined && Object.keys(d.filterTags).length > 0 ? d.filterTags : undefined;
    const filter = d.filterPrefix === undefined && tags === undefined ? undefined
      : { ...(d.filterPrefix === undefined ? {} : { prefix: d.filterPrefix }), ...(tags === undefined ? {} : { tags }) };
    const cross = v.account !== values.source.account;
    return {
      account: v.account, region: v.region, partition: v.partition, bucketName: v.bucketName,
      encryption: encryptionOf(d), bucketKeyEnabled: bucketKeyOf(d), objectLockEnabled: destinationObjectLock(d, src),
      ...withKey(d, v),
      name: d.name, ruleId: d.ruleId ?? d.name, priority: priorityOf(d, i),
      ...(filter === undefined ? {} : { filter }),
      ...(d.storageClass === undefined ? {} : { storageClass: d.storageClass }),
      deleteMarkerReplication: d.replicateDeleteMarkers ?? false,
      ownershipOverride: d.replicaOwnership === undefined ? cross : d.replicaOwnership === ReplicaOwnership.Destination,
      replicationTime: d.replicationTime ?? false,
      metrics: metricsOf(d),
      replicaModifications: d.replicaModifications ?? twoWay,
    };
  });
  return {
    source, destinations, twoWay,
    role: { account: values.source.account, partition: values.source.partition, name: values.roleName },
    ...(twoWay ? { reverseRoleNames: values.reverseRoleNames } : {}),
  };
}

/** Renames the model's field names to the component's argument names (existingBucketName, existingKeyArn). */
export function toArgumentPaths(args: S3ReplicationArgs, issues: ValidationIssue[]): ValidationIssue[] {
  return issues.map((issue) => {
    const match = /^(source|destinations\[(\d+)\])\.(bucketName|keyArn)$/.exec(issue.field);
    if (!match) return issue;
    const side: Side | undefined = match[1] === "source" ? args.source : args.destinations[Number(match[2])];
    if (side === undefined) return issue;
    if (match[3] === "bucketName") return existingBucket(side) ? { ...issue, field: `${match[1]}.existingBucketName` } : issue;
    return { ...issue, field: `${match[1]}.${side.existingKeyArn !== undefined ? "existingKeyArn" : "encryption"}` };
  });
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9-]{0,31}$/;
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const enumValues = (e: Record<string, string>): string[] => Object.values(e);

function sideArgumentIssues(side: Side, field: string): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const add = (prop: string, problem: string, fix: string): void => { issues.push({ field: `${field}.${prop}`, problem, fix }); };
  if (side.encryption !== undefined && !enumValues(Encryption).includes(side.encryption)) {
    add("encryption", `"${side.encryption}" is not an encryption type`, `use one of ${enumValues(Encryption).join(", ")}`);
  }
  if (side.bucketName !== undefined && side.existingBucketName !== undefined) {
    add("existingBucketName", "both bucketName (a new bucket) and existingBucketName (an existing one) are given", "give only one of them");
  }
  if (side.bucketKeyEnabled === true && side.encryption === Encryption.SseS3) {
    add("bucketKeyEnabled", "S3 Bucket Keys apply only to SSE-KMS", "set bucketKeyEnabled to false, or use SSE-KMS");
  }
  if (side.keyDeletionWindowInDays !== undefined) issues.push(...keyDeletionWindowIssues(side.keyDeletionWindowInDays, `${field}.keyDeletionWindowInDays`));
  if (side.keyAlias !== undefined && (!/^alias\/[A-Za-z0-9/_-]{1,250}$/.test(side.keyAlias) || side.keyAlias.startsWith("alias/aws/"))) {
    add("keyAlias", `"${side.keyAlias}" is not a valid customer alias name`, "use alias/NAME (letters, digits, /, _ and -; not alias/aws/...)");
  }
  if (side.existingKeyArn !== undefined && (side.keyAlias !== undefined || side.keyDeletionWindowInDays !== undefined)) {
    add(side.keyAlias !== undefined ? "keyAlias" : "keyDeletionWindowInDays", "applies to a new key, but existingKeyArn is given", "drop it, or drop existingKeyArn");
  }
  if (side.partition !== undefined && !isPartition(side.partition)) {
    add("partition", `"${side.partition}" is not an AWS partition`, "use aws, aws-cn or aws-us-gov");
  }
  return issues;
}

/** Argument rules the model does not know: enum values, conflicting options, MRK placement, provider settings. */
export function argumentIssues(args: S3ReplicationArgs, topology: ReplicationTopology, known: Known): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const src = args.source;
  issues.push(...sideArgumentIssues(src, "source"));
  if (src.multiRegionKey === true && !ownsKey(src)) {
    issues.push({ field: "source.multiRegionKey", problem: src.existingKeyArn !== undefined ? "applies to a new key, but existingKeyArn is given" : "a multi-Region key needs KMS encryption", fix: "drop multiRegionKey, or let the component create an SSE-KMS key" });
  }
  const n = src.noncurrentVersionExpirationDays;
  if (n !== undefined && (!Number.isInteger(n) || n < 1)) {
    issues.push({ field: "source.noncurrentVersionExpirationDays", problem: `${n} is not a positive whole number of days`, fix: "give 1 or more days" });
  }
  if (args.roleName !== undefined && !ROLE_NAME.test(args.roleName)) {
    issues.push({ field: "roleName", problem: `"${args.roleName}" is not a valid IAM role name`, fix: "use 1-64 letters, digits and +=,.@_-" });
  }
  const anyMetrics = args.destinations.some(metricsOf);
  const anyKmsAlarm = args.kmsRequestAlarms !== false && [src, ...args.destinations].some((side) => usesKmsKey(encryptionOf(side)));
  if (args.alarmTopic === true && (args.alarms === false || !(anyMetrics || anyKmsAlarm))) {
    issues.push({ field: "alarmTopic", problem: args.alarms === false ? "an alarm topic was asked for but alarms are off" : "an alarm topic was asked for but no destination has metrics and no side uses KMS, so there are no alarms", fix: "turn on metrics (or replicationTime) on a destination, or drop alarmTopic" });
  }
  issues.push(...kmsQuotaShareIssues(args.kmsRequestAlarmShare, "kmsRequestAlarmShare"));
  args.destinations.forEach((d, i) => {
    const field = `destinations[${i}]`;
    const add = (prop: string, problem: string, fix: string): void => { issues.push({ field: `${field}.${prop}`, problem, fix }); };
    if (typeof d.name !== "string" || !NAME.test(d.name)) {
      add("name", `${JSON.stringify(d.name)} is not a valid destination name`, "use 1-32 letters, digits and hyphens, starting with a letter or digit; never change it once deployed");
    }
    if (typeof d.region !== "string" || d.region === "") add("region", "the region is missing", "give the destination bucket's region, e.g. eu-west-1");
    issues.push(...sideArgumentIssues(d, field));
    if (d.storageClass !== undefined && !enumValues(StorageClass).includes(d.storageClass)) {
      add("storageClass", `"${d.storageClass}" is not a storage class`, `use one of ${enumValues(StorageClass).join(", ")}`);
    }
    if (d.replicaOwnership !== undefined && !enumValues(ReplicaOwnership).includes(d.replicaOwnership)) {
      add("replicaOwnership", `"${d.replicaOwnership}" is not a replica ownership`, "use Destination or Source");
    }
    if (d.externalId !== undefined && d.assumeRoleArn === undefined) add("externalId", "an external id was given without assumeRoleArn", "give assumeRoleArn too, or drop externalId");
    if (d.assumeRoleArn !== undefined && (roleArnAccount(d.assumeRoleArn) === undefined || !isAccountId(roleArnAccount(d.assumeRoleArn) ?? ""))) {
      add("assumeRoleArn", `"${d.assumeRoleArn}" is not an IAM role ARN`, "give arn:aws:iam::ACCOUNT:role/NAME");
    }
    if ((args.twoWay ?? false) && d.replicaModifications === false) {
      add("replicaModifications", "two-way replication needs replica modification sync on both rules", "drop replicaModifications: false, or turn off twoWay");
    }
    if (d.filterTags !== undefined && Object.keys(d.filterTags).some((k) => k === "")) add("filterTags", "a tag key is empty", "give non-empty tag keys");
    if (d.ruleId !== undefined && (d.ruleId === "" || d.ruleId.length > 255)) add("ruleId", `"${d.ruleId}" is not a valid rule id`, "use 1 to 255 characters");
    const topo = topology.destinations[i];
    if (topo !== undefined && known.sourceRegion && partitionOfRegion(topo.region) !== topology.source.partition) {
      add("region", `${topo.region} is in partition ${partitionOfRegion(topo.region)} but the source is in ${topology.source.partition}; S3 cannot replicate across partitions`, "choose a destination region in the source's partition");
    }
    if (d.multiRegionReplica === true) {
      if (!(src.multiRegionKey === true && ownsKey(src))) add("multiRegionReplica", "the source has no new multi-Region key to replicate", "set source.multiRegionKey to true (with a new SSE-KMS source key), or drop multiRegionReplica");
      if (!ownsKey(d)) add("multiRegionReplica", d.existingKeyArn !== undefined ? "a replica key is created, but existingKeyArn is given" : "a multi-Region replica key needs KMS encryption", "drop multiRegionReplica, or existingKeyArn");
      if (topo !== undefined && topo.account !== topology.source.account) {
        add("multiRegionReplica", "multi-Region replica keys must live in the primary key's (source) account, but this destination is in another account", "drop multiRegionReplica (a new key is created in the destination account), or replicate within the source account");
      }
      if (topo !== undefined && known.sourceRegion && topo.region === topology.source.region) {
        add("multiRegionReplica", `a multi-Region replica cannot be in the primary's region (${topo.region})`, "drop multiRegionReplica for a same-region destination");
      }
    }
  });
  return issues;
}

/** Every issue, model and argument rules, with argument paths, de-duplicated. */
export function componentIssues(args: S3ReplicationArgs, values: ResolvedValues, known: Known): ValidationIssue[] {
  const topology = buildTopology(args, values);
  const all = [...toArgumentPaths(args, topologyIssues(topology)), ...argumentIssues(args, topology, known)];
  const seen = new Set<string>();
  return all.filter((issue) => {
    const key = `${issue.field}|${issue.problem}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const PLACEHOLDER_ACCOUNT = "000000000000";
const OTHER_ACCOUNT = "999999999999";
const PLACEHOLDER_REGION = "us-east-1";

/** A value when it is a plain string, else undefined (an Output or Promise known only at deploy time). */
export function plainString(value: pulumi.Input<string> | undefined): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function placeholderKeyArn(partition: string, region: string, account: string, multiRegion: boolean): string {
  const id = multiRegion ? `mrk-${"0".repeat(32)}` : "00000000-0000-4000-8000-000000000000";
  return `arn:${partition}:kms:${region}:${account}:key/${id}`;
}

/** The account a destination is known to be in at construction, or undefined when only the deploy can tell. */
function knownDestinationAccount(d: Destination, sourceAccount: string | undefined): string | undefined {
  if (d.account !== undefined) return d.account;
  if (d.assumeRoleArn !== undefined) return roleArnAccount(d.assumeRoleArn);
  return sourceAccount;
}

/**
 * The issues certain at construction: values known only at deploy time get placeholders, and
 * when the account relation of a destination is unknown, an issue is reported only if it holds
 * whether the destination turns out to be in the source's account or in another.
 */
export function constructionIssues(args: S3ReplicationArgs): ValidationIssue[] {
  const src = args.source;
  const srcKey = plainString(src.existingKeyArn);
  const srcKeyRegion = srcKey === undefined ? undefined : parseKeyReference(srcKey).region;
  const sourceRegion = src.region ?? srcKeyRegion ?? PLACEHOLDER_REGION;
  const known: Known = { sourceRegion: src.region !== undefined };
  const destinations = Array.isArray(args.destinations) ? args.destinations : [];
  const safeArgs: S3ReplicationArgs = { ...args, destinations };
  const unknownRelation = src.account === undefined
    ? destinations.map((d, i) => ({ i, account: knownDestinationAccount(d, undefined) })).filter((x) => x.account !== undefined)
    : [];
  const hypotheses: Array<{ sourceAccount: string; sameAs?: number }> = src.account !== undefined
    ? [{ sourceAccount: src.account }]
    : [{ sourceAccount: PLACEHOLDER_ACCOUNT }, ...unknownRelation.map((x) => ({ sourceAccount: x.account ?? PLACEHOLDER_ACCOUNT, sameAs: x.i }))];
  const runs = hypotheses.map((h) => {
    const sourcePartition = src.partition ?? partitionOfRegion(sourceRegion);
    const side = (s: Side, account: string, region: string, partition: string, placeholderBucket: string, multiRegion: boolean): SideValues => {
      const given = s.existingKeyArn === undefined ? undefined : plainString(s.existingKeyArn);
      const keyArn = s.existingKeyArn !== undefined ? (given ?? placeholderKeyArn(partition, region, account, false))
        : usesKmsKey(encryptionOf(s)) ? placeholderKeyArn(partition, region, account, multiRegion) : undefined;
      const bucketName = s.bucketName ?? plainString(s.existingBucketName) ?? placeholderBucket;
      return { account, region, partition, bucketName, ...(keyArn === undefined ? {} : { keyArn }) };
    };
    const values: ResolvedValues = {
      source: side(src, h.sourceAccount, sourceRegion, sourcePartition, "pending-source-bucket", src.multiRegionKey === true),
      destinations: destinations.map((d, i) => {
        const region = typeof d.region === "string" && d.region !== "" ? d.region : sourceRegion;
        let account = knownDestinationAccount(d, src.account) ?? h.sourceAccount;
        if (src.account === undefined && account !== undefined && h.sameAs !== i) account = account === h.sourceAccount ? OTHER_ACCOUNT : account;
        if (src.account === undefined && knownDestinationAccount(d, undefined) === undefined) account = h.sourceAccount;
        return side(d, account, region, d.partition ?? partitionOfRegion(region), `pending-destination-${i}`, d.multiRegionReplica === true);
      }),
      roleName: args.roleName ?? "pending-role",
      reverseRoleNames: {},
    };
    return componentIssues(safeArgs, values, known);
  });
  const [first, ...rest] = runs;
  if (first === undefined) return [];
  return first.filter((issue) => rest.every((run) => run.some((other) => other.field === issue.field && other.problem === issue.problem)));
}

/** Key ARN kinds that name a key S3 can use directly. */
export function isKeyArn(value: string): boolean {
  return parseKeyReference(value).kind === KeyReferenceKind.KeyArn;
}
