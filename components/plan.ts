/**
 * From S3Replication arguments to the core model's topology: defaults, argument checks and the
 * model's own checks with the component's argument paths. Pure: the component calls it at
 * construction (with placeholders for values known only at deploy time) and again in `apply`.
 */

import * as pulumi from "@pulumi/pulumi";
import {
  KeyReferenceKind,
  bucketNameProblem,
  isAccountId,
  isPartition,
  parseArn,
  parseKeyReference,
  partitionOfRegion,
} from "./model/arn";
import { BucketEndpoint, DestinationTopology, Encryption, ReplicationTopology, usesKmsKey } from "./model/topology";
import {
  IssueLocation,
  ValidationIssue,
  keyDeletionWindowIssues,
  modelPath,
  topologyIssues,
  withArgumentPaths,
} from "./model/validate";
import { alarmTopicArnIssues, kmsQuotaShareIssues } from "./model/monitoring";
import { externalIdIssues, filterPrefixIssues, regionIssues, tagIssues } from "./model/awsLimits";
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
  /** The region of destination i is real (not a placeholder for a provider's region). Default: true. */
  destinationRegion?: (index: number) => boolean;
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

/**
 * Metrics default: on, so every rule has a failure signal (S3 publishes OperationsFailedReplication
 * and sends failure events only for rules with metrics on: "Using S3 Replication metrics",
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/repl-metrics.html; "Receiving replication
 * failure events with Amazon S3 Event Notifications",
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-metrics-events.html). Off only
 * when the destination says `metrics: false`.
 */
export function metricsOf(destination: Pick<Destination, "metrics" | "replicationTime">): boolean {
  return destination.metrics ?? true;
}

/** Rule priority default: the position in the list. */
export function priorityOf(destination: Pick<Destination, "priority">, index: number): number {
  return destination.priority ?? index;
}

/** The account of an IAM role ARN, if it is one. */
export function roleArnAccount(arn: string): string | undefined {
  const parsed = parseArn(arn);
  if (!parsed || parsed.service !== "iam" || !parsed.resource.startsWith("role/")) return undefined;
  return parsed.account;
}

/** The bucket part of the topology for one side: where it lives (resolved values) and how it encrypts. */
export function endpointOf(
  v: SideValues,
  encryption: Encryption,
  bucketKeyEnabled: boolean,
  objectLockEnabled: boolean,
): BucketEndpoint {
  return {
    account: v.account,
    region: v.region,
    partition: v.partition,
    bucketName: v.bucketName,
    encryption,
    bucketKeyEnabled,
    objectLockEnabled,
    ...(v.keyArn === undefined
      ? {}
      : { keyArn: v.keyArn, awsManagedKey: parseKeyReference(v.keyArn).awsManagedS3Alias }),
  };
}

/** The rule settings of a destination (plain data, shared by S3Replication and the replication block). */
export type RuleSettings = Pick<
  Destination,
  | "name"
  | "ruleId"
  | "priority"
  | "filterPrefix"
  | "filterTags"
  | "storageClass"
  | "replicateDeleteMarkers"
  | "replicaOwnership"
  | "replicationTime"
  | "metrics"
  | "replicaModifications"
>;

/** One destination of the topology: its bucket endpoint and its rule, with the defaults. */
export function destinationTopology(
  d: RuleSettings,
  index: number,
  endpoint: BucketEndpoint,
  sourceAccount: string,
  twoWay: boolean,
): DestinationTopology {
  const tags = d.filterTags !== undefined && Object.keys(d.filterTags).length > 0 ? d.filterTags : undefined;
  const filter =
    d.filterPrefix === undefined && tags === undefined
      ? undefined
      : {
          ...(d.filterPrefix === undefined ? {} : { prefix: d.filterPrefix }),
          ...(tags === undefined ? {} : { tags }),
        };
  const cross = endpoint.account !== sourceAccount;
  return {
    ...endpoint,
    name: d.name,
    ruleId: d.ruleId ?? d.name,
    priority: priorityOf(d, index),
    ...(filter === undefined ? {} : { filter }),
    ...(d.storageClass === undefined ? {} : { storageClass: d.storageClass }),
    deleteMarkerReplication: d.replicateDeleteMarkers ?? false,
    // A destination we create has BucketOwnerEnforced, which makes the destination owner own every
    // replica without an override ("Controlling ownership of objects and disabling ACLs for your bucket",
    // https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html): least privilege
    // keeps the override (and s3:ObjectOwnerOverrideToBucketOwner) for an existing cross-account bucket
    // whose ownership setting we do not control, or when asked.
    ownershipOverride:
      d.replicaOwnership === undefined
        ? cross && existingBucket(d)
        : d.replicaOwnership === ReplicaOwnership.Destination,
    replicationTime: d.replicationTime ?? false,
    metrics: metricsOf(d),
    replicaModifications: d.replicaModifications ?? twoWay,
  };
}

/** The model topology for the arguments and resolved values. */
export function buildTopology(args: S3ReplicationArgs, values: ResolvedValues): ReplicationTopology {
  const src = args.source;
  const source = endpointOf(values.source, encryptionOf(src), bucketKeyOf(src), src.objectLock ?? false);
  const twoWay = args.twoWay ?? false;
  const destinations = args.destinations.map((d, i): DestinationTopology => {
    const v = values.destinations[i] ?? values.source;
    return destinationTopology(
      d,
      i,
      endpointOf(v, encryptionOf(d), bucketKeyOf(d), destinationObjectLock(d, src)),
      values.source.account,
      twoWay,
    );
  });
  return {
    source,
    destinations,
    twoWay,
    role: { account: values.source.account, partition: values.source.partition, name: values.roleName },
    ...(twoWay ? { reverseRoleNames: values.reverseRoleNames } : {}),
    ...(args.batchReplication === true ? { batchReplication: true } : {}),
  };
}

/**
 * The one table from the model's field names to S3Replication's argument names, where they differ:
 * the model's `bucketName` is the argument `existingBucketName` for an existing bucket, and its
 * `keyArn` is `existingKeyArn` for an existing key or else the key the component creates for the
 * side's `encryption`. A model field not listed has the argument's name.
 */
const ARGUMENT_OF_MODEL_FIELD: Readonly<Record<string, (side: Side) => string>> = {
  bucketName: (side) => (existingBucket(side) ? "existingBucketName" : "bucketName"),
  keyArn: (side) => (side.existingKeyArn !== undefined ? "existingKeyArn" : "encryption"),
};

/** Adds an issue on a property of `field` (e.g. `destinations[0]` and `region`) to `issues`. */
function issueAdder(issues: ValidationIssue[], field: string): (prop: string, problem: string, fix: string) => void {
  return (prop, problem, fix) => {
    issues.push({ field: `${field}.${prop}`, problem, fix });
  };
}

/** The argument path of a model location, e.g. `destinations[1].existingBucketName` (see ARGUMENT_OF_MODEL_FIELD). */
export function argumentPath(args: S3ReplicationArgs, at: IssueLocation): string {
  if (at.side === undefined) return at.field;
  const side: Side | undefined = at.side === "source" ? args.source : args.destinations[at.side];
  const toArgument = Object.prototype.hasOwnProperty.call(ARGUMENT_OF_MODEL_FIELD, at.field)
    ? ARGUMENT_OF_MODEL_FIELD[at.field]
    : undefined;
  return modelPath({
    side: at.side,
    field: side === undefined || toArgument === undefined ? at.field : toArgument(side),
  });
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9-]{0,31}$/;
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const enumValues = (e: Record<string, string>): string[] => Object.values(e);

function sideArgumentIssues(side: Side, field: string): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const add = issueAdder(issues, field);
  if (side.encryption !== undefined && !enumValues(Encryption).includes(side.encryption)) {
    add(
      "encryption",
      `"${side.encryption}" is not an encryption type`,
      `use one of ${enumValues(Encryption).join(", ")}`,
    );
  }
  if (side.bucketName !== undefined && side.existingBucketName !== undefined) {
    add(
      "existingBucketName",
      "both bucketName (a new bucket) and existingBucketName (an existing one) are given",
      "give only one of them",
    );
  }
  if (side.bucketKeyEnabled === true && side.encryption === Encryption.SseS3) {
    add("bucketKeyEnabled", "S3 Bucket Keys apply only to SSE-KMS", "set bucketKeyEnabled to false, or use SSE-KMS");
  }
  if (side.keyDeletionWindowInDays !== undefined)
    issues.push(...keyDeletionWindowIssues(side.keyDeletionWindowInDays, `${field}.keyDeletionWindowInDays`));
  if (typeof side.region === "string" && side.region !== "")
    issues.push(...regionIssues(side.region, `${field}.region`));
  if (
    side.keyAlias !== undefined &&
    (!/^alias\/[A-Za-z0-9/_-]{1,250}$/.test(side.keyAlias) || side.keyAlias.startsWith("alias/aws/"))
  ) {
    add(
      "keyAlias",
      `"${side.keyAlias}" is not a valid customer alias name`,
      "use alias/NAME (letters, digits, /, _ and -; not alias/aws/...)",
    );
  }
  if (
    side.existingKeyArn !== undefined &&
    (side.keyAlias !== undefined || side.keyDeletionWindowInDays !== undefined)
  ) {
    add(
      side.keyAlias !== undefined ? "keyAlias" : "keyDeletionWindowInDays",
      "applies to a new key, but existingKeyArn is given",
      "drop it, or drop existingKeyArn",
    );
  }
  if (side.partition !== undefined && !isPartition(side.partition)) {
    add("partition", `"${side.partition}" is not an AWS partition`, "use aws, aws-cn or aws-us-gov");
  }
  return issues;
}

const ROLE_SESSION_NAME = /^[\w+=,.@-]{2,64}$/;

/**
 * A destination `account` must be the account of its `assumeRoleArn`: the provider's session
 * belongs to the assumed role, so the destination's resources are created in the role's account
 * ("AssumeRole", AWS STS API Reference: the temporary credentials are the role's,
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html); another `account`
 * would put the wrong account in the replica key's and bucket's policies.
 */
function accountRoleIssues(d: Destination, field: string): ValidationIssue[] {
  const roleAccount = d.assumeRoleArn === undefined ? undefined : roleArnAccount(d.assumeRoleArn);
  if (d.account === undefined || roleAccount === undefined || !isAccountId(roleAccount) || roleAccount === d.account)
    return [];
  return [
    {
      field: `${field}.account`,
      problem: `${JSON.stringify(d.account)} is not the account of assumeRoleArn "${d.assumeRoleArn ?? ""}" (${roleAccount}), where the destination's resources are created`,
      fix: `set account to "${roleAccount}", or give the role of account ${d.account} as assumeRoleArn`,
    },
  ];
}

/**
 * How a destination is reached: a role ARN, its session name and external id, a profile, default
 * tags; none of them beside a provider given in TypeScript (configure that provider instead).
 */
export function destinationAccessIssues(d: Destination, withProvider: boolean, field: string): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const add = issueAdder(issues, field);
  if (withProvider) {
    for (const prop of ["assumeRoleArn", "roleSessionName", "externalId", "profile", "defaultTags"] as const) {
      if (d[prop] !== undefined)
        add(
          prop,
          `is given, but so is a provider for destination "${d.name}" (destinationProviders), which alone decides how it is reached`,
          `configure ${prop} on that provider, or drop the provider`,
        );
    }
    return issues;
  }
  if (typeof d.externalId === "string") issues.push(...externalIdIssues(d.externalId, `${field}.externalId`));
  if (isObject(d.defaultTags)) issues.push(...tagIssues(d.defaultTags, `${field}.defaultTags`));
  if (d.externalId !== undefined && d.assumeRoleArn === undefined)
    add("externalId", "an external id was given without assumeRoleArn", "give assumeRoleArn too, or drop externalId");
  if (d.roleSessionName !== undefined && d.assumeRoleArn === undefined)
    add(
      "roleSessionName",
      "a role session name was given without assumeRoleArn",
      "give assumeRoleArn too, or drop roleSessionName",
    );
  // IAM RoleSessionName: 2-64 characters of [\w+=,.@-] (AWS STS API Reference, AssumeRole: https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html).
  if (d.roleSessionName !== undefined && !ROLE_SESSION_NAME.test(d.roleSessionName))
    add(
      "roleSessionName",
      `${JSON.stringify(d.roleSessionName)} is not a valid role session name`,
      "use 2-64 letters, digits and +=,.@_-",
    );
  if (
    d.assumeRoleArn !== undefined &&
    (roleArnAccount(d.assumeRoleArn) === undefined || !isAccountId(roleArnAccount(d.assumeRoleArn) ?? ""))
  ) {
    add("assumeRoleArn", `"${d.assumeRoleArn}" is not an IAM role ARN`, "give arn:aws:iam::ACCOUNT:role/NAME");
  }
  issues.push(...accountRoleIssues(d, field));
  if (d.profile !== undefined && (typeof d.profile !== "string" || d.profile.trim() === ""))
    add("profile", "the profile name is empty", "give a profile name from your shared config file, or drop profile");
  if (d.defaultTags !== undefined && Object.keys(d.defaultTags).some((k) => k === ""))
    add("defaultTags", "a tag key is empty", "give non-empty tag keys");
  return issues;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** The shape of the arguments: objects where objects are expected, a list of destinations. Checked first: nothing else can run without it. */
export function shapeIssues(args: unknown): ValidationIssue[] {
  if (!isObject(args))
    return [
      {
        field: "args",
        problem: `${args === null ? "null" : typeof args} was given instead of the arguments object`,
        fix: "give { source: {...}, destinations: [...] }",
      },
    ];
  const issues: ValidationIssue[] = [];
  if (!isObject(args["source"]))
    issues.push({
      field: "source",
      problem:
        args["source"] === undefined
          ? "is missing"
          : `${args["source"] === null ? "null" : typeof args["source"]} is not an object`,
      fix: "give the source bucket's settings, {} for all defaults",
    });
  const destinations = args["destinations"];
  if (!Array.isArray(destinations)) {
    issues.push({
      field: "destinations",
      problem: destinations === undefined ? "is missing" : "is not a list",
      fix: 'give a list of destinations, e.g. [{ name: "dr", region: "eu-west-1" }]',
    });
  } else {
    destinations.forEach((d: unknown, i) => {
      if (!isObject(d))
        issues.push({
          field: `destinations[${i}]`,
          problem: `${d === null ? "null" : typeof d} is not a destination`,
          fix: "give { name, region, ... }",
        });
      else issues.push(...typeIssues(d, DESTINATION_TYPES, `destinations[${i}]`));
    });
  }
  if (isObject(args["source"])) issues.push(...typeIssues(args["source"], SIDE_TYPES, "source"));
  return issues;
}

/** The JavaScript type of each plain setting (a program in any language can send any JSON value). */
const SIDE_TYPES: Record<string, "string" | "number" | "boolean"> = {
  bucketName: "string",
  existingBucketName: "string",
  encryption: "string",
  existingKeyArn: "string",
  multiRegionKey: "boolean",
  keyDeletionWindowInDays: "number",
  keyAlias: "string",
  bucketKeyEnabled: "boolean",
  objectLock: "boolean",
  account: "string",
  region: "string",
  partition: "string",
  forceDestroy: "boolean",
  retainOnDelete: "boolean",
  manageBucketPolicy: "boolean",
  grantExistingKey: "boolean",
  noncurrentVersionExpirationDays: "number",
};
const DESTINATION_TYPES: Record<string, "string" | "number" | "boolean"> = {
  ...SIDE_TYPES,
  name: "string",
  assumeRoleArn: "string",
  roleSessionName: "string",
  externalId: "string",
  profile: "string",
  multiRegionReplica: "boolean",
  storageClass: "string",
  filterPrefix: "string",
  priority: "number",
  ruleId: "string",
  replicateDeleteMarkers: "boolean",
  replicaOwnership: "string",
  replicationTime: "boolean",
  metrics: "boolean",
  replicaModifications: "boolean",
};

/**
 * Settings of the wrong type, null included (leave a setting out to take its default). Values that
 * are not plain (Outputs, promises) are objects and are left to the checks that know which
 * settings may be outputs.
 */
function typeIssues(
  settings: Record<string, unknown>,
  types: Record<string, "string" | "number" | "boolean">,
  field: string,
): ValidationIssue[] {
  return Object.entries(types).flatMap(([key, type]): ValidationIssue[] => {
    const value = Object.prototype.hasOwnProperty.call(settings, key) ? settings[key] : undefined;
    if (value === undefined || (value !== null && typeof value === "object") || typeof value === type) return [];
    const what = value === null ? "null" : `${typeof value} ${JSON.stringify(value)}`;
    return [
      {
        field: `${field}.${key}`,
        problem: `${what} is not a ${type}`,
        fix: `give a ${type}${type === "string" ? " (or an Output of one)" : ""}, or leave ${key} out`,
      },
    ];
  });
}

/** Argument rules the model does not know: enum values, conflicting options, MRK placement, provider settings. */
export function argumentIssues(
  args: S3ReplicationArgs,
  topology: ReplicationTopology,
  known: Known,
  providers: ReadonlySet<string> = new Set(),
): ValidationIssue[] {
  return [
    ...sourceArgumentIssues(args.source),
    ...(args.roleName !== undefined && !ROLE_NAME.test(args.roleName)
      ? [
          {
            field: "roleName",
            problem: `"${args.roleName}" is not a valid IAM role name`,
            fix: "use 1-64 letters, digits and +=,.@_-",
          },
        ]
      : []),
    ...monitoringArgumentIssues(args),
    ...(isObject(args.tags) ? tagIssues(args.tags, "tags") : []),
    ...args.destinations.flatMap((d, i) => [
      ...destinationArgumentIssues(args, d, `destinations[${i}]`, providers),
      ...destinationPlacementIssues(args.source, d, `destinations[${i}]`, placementOfDestination(topology, known, i)),
    ]),
  ];
}

/** The source's own settings: encryption and bucket settings, its multi-Region key, version expiry. */
function sourceArgumentIssues(src: SourceBucket): ValidationIssue[] {
  const issues = sideArgumentIssues(src, "source");
  if (src.multiRegionKey === true && !ownsKey(src)) {
    issues.push({
      field: "source.multiRegionKey",
      problem:
        src.existingKeyArn !== undefined
          ? "applies to a new key, but existingKeyArn is given"
          : "a multi-Region key needs KMS encryption",
      fix: "drop multiRegionKey, or let the component create an SSE-KMS key",
    });
  }
  const n = src.noncurrentVersionExpirationDays;
  if (n !== undefined && (!Number.isInteger(n) || n < 1)) {
    issues.push({
      field: "source.noncurrentVersionExpirationDays",
      problem: `${n} is not a positive whole number of days`,
      fix: "give 1 or more days",
    });
  }
  return issues;
}

/** Monitoring options that contradict each other or ask for what cannot exist (alarms, topics, failure events). */
function monitoringArgumentIssues(args: S3ReplicationArgs): ValidationIssue[] {
  const eventTopics = (args.existingFailureEventTopicArns ?? []).length > 0;
  return [
    ...alarmTopicIssues(args),
    ...kmsQuotaShareIssues(args.kmsRequestAlarmShare, "kmsRequestAlarmShare"),
    ...alarmTopicArnIssues(args.existingAlarmTopicArns, "existingAlarmTopicArns"),
    ...alarmTopicArnIssues(args.existingFailureEventTopicArns, "existingFailureEventTopicArns"),
    ...(args.failureEvents === false && eventTopics
      ? [
          {
            field: "failureEvents",
            problem: "false, but existingFailureEventTopicArns gives topics for the events",
            fix: "drop failureEvents: false (the topics turn events on), or drop existingFailureEventTopicArns",
          },
        ]
      : []),
    ...((args.failureEvents === true || eventTopics) && !args.destinations.some(metricsOf)
      ? [
          {
            field: "failureEvents",
            problem:
              "failure events were asked for, but every destination has metrics: false (S3 sends replication events only for rules with metrics on)",
            fix: "turn metrics back on for a destination, or drop failureEvents",
          },
        ]
      : []),
    ...(args.existingAlarmTopicArns !== undefined && args.existingAlarmTopicArns.length > 0 && args.alarms === false
      ? [
          {
            field: "existingAlarmTopicArns",
            problem: "alarm topics were given but alarms are off",
            fix: "drop existingAlarmTopicArns, or turn alarms on",
          },
        ]
      : []),
  ];
}

/** An alarm topic asked for with alarms off, or with no alarm to notify it (no metrics, no KMS alarm). */
function alarmTopicIssues(args: S3ReplicationArgs): ValidationIssue[] {
  const anyMetrics = args.destinations.some(metricsOf);
  const anyKmsAlarm =
    args.kmsRequestAlarms !== false &&
    [args.source, ...args.destinations].some((side) => usesKmsKey(encryptionOf(side)));
  if (args.alarmTopic !== true || (args.alarms !== false && (anyMetrics || anyKmsAlarm))) return [];
  return [
    {
      field: "alarmTopic",
      problem:
        args.alarms === false
          ? "an alarm topic was asked for but alarms are off"
          : "an alarm topic was asked for but no destination has metrics and no side uses KMS, so there are no alarms",
      fix: "turn on metrics (or replicationTime) on a destination, or drop alarmTopic",
    },
  ];
}

/** A destination's own settings: name, region, access, encryption and bucket settings, rule settings. */
function destinationArgumentIssues(
  args: S3ReplicationArgs,
  d: Destination,
  field: string,
  providers: ReadonlySet<string>,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const add = issueAdder(issues, field);
  if (typeof d.name !== "string" || !NAME.test(d.name)) {
    add(
      "name",
      `${JSON.stringify(d.name)} is not a valid destination name`,
      "use 1-32 letters, digits and hyphens, starting with a letter or digit; never change it once deployed",
    );
  }
  const withProvider = providers.has(d.name);
  if (d.region === undefined ? !withProvider : typeof d.region !== "string" || d.region === "")
    add("region", "the region is missing", "give the destination bucket's region, e.g. eu-west-1");
  issues.push(...destinationAccessIssues(d, withProvider, field));
  issues.push(...sideArgumentIssues(d, field));
  if (d.storageClass !== undefined && !enumValues(StorageClass).includes(d.storageClass)) {
    add(
      "storageClass",
      `"${d.storageClass}" is not a storage class`,
      `use one of ${enumValues(StorageClass).join(", ")}`,
    );
  }
  if (d.replicaOwnership !== undefined && !enumValues(ReplicaOwnership).includes(d.replicaOwnership)) {
    add("replicaOwnership", `"${d.replicaOwnership}" is not a replica ownership`, "use Destination or Source");
  }
  if ((args.twoWay ?? false) && d.replicaModifications === false) {
    add(
      "replicaModifications",
      "two-way replication needs replica modification sync on both rules",
      "drop replicaModifications: false, or turn off twoWay",
    );
  }
  if (d.filterTags !== undefined && Object.keys(d.filterTags).some((k) => k === ""))
    add("filterTags", "a tag key is empty", "give non-empty tag keys");
  if (typeof d.filterPrefix === "string") issues.push(...filterPrefixIssues(d.filterPrefix, `${field}.filterPrefix`));
  if (d.ruleId !== undefined && (d.ruleId === "" || d.ruleId.length > 255))
    add("ruleId", `"${d.ruleId}" is not a valid rule id`, "use 1 to 255 characters");
  return issues;
}

/** Where a destination is against its source, as far as it is known at construction. */
interface DestinationPlacement {
  /** The destination's account and region, with the source's (undefined when the topology has no such destination). */
  destination: { account: string; region: string } | undefined;
  source: { account: string; region: string; partition: string };
  /** Both regions are real (not placeholders for a provider's region). */
  regionsKnown: boolean;
}

/** The placement of destination `i`. */
function placementOfDestination(topology: ReplicationTopology, known: Known, i: number): DestinationPlacement {
  return {
    destination: topology.destinations[i],
    source: topology.source,
    regionsKnown: known.sourceRegion && (known.destinationRegion?.(i) ?? true),
  };
}

/** A destination in another partition, and the rules of a multi-Region replica key (issues on that destination). */
function destinationPlacementIssues(
  src: SourceBucket,
  d: Destination,
  field: string,
  place: DestinationPlacement,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const add = issueAdder(issues, field);
  const topo = place.destination;
  if (topo !== undefined && place.regionsKnown && partitionOfRegion(topo.region) !== place.source.partition) {
    add(
      "region",
      `${topo.region} is in partition ${partitionOfRegion(topo.region)} but the source is in ${place.source.partition}; S3 cannot replicate across partitions`,
      "choose a destination region in the source's partition",
    );
  }
  if (d.multiRegionReplica !== true) return issues;
  if (!(src.multiRegionKey === true && ownsKey(src)))
    add(
      "multiRegionReplica",
      "the source has no new multi-Region key to replicate",
      "set source.multiRegionKey to true (with a new SSE-KMS source key), or drop multiRegionReplica",
    );
  if (!ownsKey(d))
    add(
      "multiRegionReplica",
      d.existingKeyArn !== undefined
        ? "a replica key is created, but existingKeyArn is given"
        : "a multi-Region replica key needs KMS encryption",
      "drop multiRegionReplica, or existingKeyArn",
    );
  if (topo !== undefined && topo.account !== place.source.account) {
    add(
      "multiRegionReplica",
      "multi-Region replica keys must live in the primary key's (source) account, but this destination is in another account",
      "drop multiRegionReplica (a new key is created in the destination account), or replicate within the source account",
    );
  }
  if (topo !== undefined && place.regionsKnown && topo.region === place.source.region) {
    add(
      "multiRegionReplica",
      `a multi-Region replica cannot be in the primary's region (${topo.region})`,
      "drop multiRegionReplica for a same-region destination",
    );
  }
  return issues;
}

/** Every issue, model and argument rules, with argument paths, de-duplicated. */
export function componentIssues(
  args: S3ReplicationArgs,
  values: ResolvedValues,
  known: Known,
  providers: ReadonlySet<string> = new Set(),
): ValidationIssue[] {
  const topology = buildTopology(args, values);
  const all = [
    ...withArgumentPaths(topologyIssues(topology), (at) => argumentPath(args, at)),
    ...argumentIssues(args, topology, known, providers),
  ];
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

/** How a destination's account relates to the source's, as far as construction can tell. */
enum Relation {
  Same,
  Other,
  Unknown,
}

/** The account a destination is known to be in at construction, or undefined when only the deploy can tell. */
function knownDestinationAccount(d: Destination): string | undefined {
  if (d.account !== undefined) return d.account;
  if (d.assumeRoleArn !== undefined) return roleArnAccount(d.assumeRoleArn);
  return undefined;
}

/** Whether the destination is in the source's account: known when both accounts are, or when it reuses the source's credentials. */
function relationOf(d: Destination, sourceAccount: string | undefined, hasProvider: boolean): Relation {
  const account = knownDestinationAccount(d);
  if (account === undefined) return hasProvider || d.profile !== undefined ? Relation.Unknown : Relation.Same;
  if (sourceAccount === undefined) return Relation.Unknown;
  return account === sourceAccount ? Relation.Same : Relation.Other;
}

/** Placeholder values of one side at construction (plain values where given). */
function placeholderSide(
  s: Side,
  account: string,
  region: string,
  partition: string,
  placeholderBucket: string,
  multiRegion: boolean,
): SideValues {
  const given = s.existingKeyArn === undefined ? undefined : plainString(s.existingKeyArn);
  const keyArn =
    s.existingKeyArn !== undefined
      ? (given ?? placeholderKeyArn(partition, region, account, false))
      : usesKmsKey(encryptionOf(s))
        ? placeholderKeyArn(partition, region, account, multiRegion)
        : undefined;
  const bucketName = s.bucketName ?? plainString(s.existingBucketName) ?? placeholderBucket;
  return { account, region, partition, bucketName, ...(keyArn === undefined ? {} : { keyArn }) };
}

/** The region of a key ARN given as a plain string. */
function plainKeyRegion(key: pulumi.Input<string> | undefined): string | undefined {
  const arn = plainString(key);
  return arn === undefined ? undefined : parseKeyReference(arn).region;
}

/**
 * The issues certain at construction: values known only at deploy time get placeholders, and
 * when the account relation of a destination is unknown (its account, or the source's, comes
 * from a provider), an issue is reported only if it holds whether the destination turns out to
 * be in the source's account or in another. Two runs of the linear checks, whatever the number
 * of destinations. `providers`: names of the destinations given a provider (TypeScript), whose
 * region and account are the provider's.
 */
export function constructionIssues(
  args: S3ReplicationArgs,
  providers: ReadonlySet<string> = new Set(),
): ValidationIssue[] {
  const shape = shapeIssues(args);
  if (shape.length > 0) return shape;
  const src = args.source;
  const sourceRegion = src.region ?? plainKeyRegion(src.existingKeyArn) ?? PLACEHOLDER_REGION;
  const destinations = args.destinations;
  const regionKnown = destinations.map((d) => typeof d.region === "string");
  const known: Known = { sourceRegion: src.region !== undefined, destinationRegion: (i) => regionKnown[i] ?? true };
  const sourceAccount = src.account ?? PLACEHOLDER_ACCOUNT;
  const sourcePartition = src.partition ?? partitionOfRegion(sourceRegion);
  const relations = destinations.map((d) => relationOf(d, src.account, providers.has(d.name)));
  const run = (unknownIsSame: boolean): ValidationIssue[] => {
    const values: ResolvedValues = {
      source: placeholderSide(
        src,
        sourceAccount,
        sourceRegion,
        sourcePartition,
        "pending-source-bucket",
        src.multiRegionKey === true,
      ),
      destinations: destinations.map((d, i) => {
        const region =
          typeof d.region === "string" && d.region !== ""
            ? d.region
            : (plainKeyRegion(d.existingKeyArn) ?? sourceRegion);
        const relation = relations[i] ?? Relation.Unknown;
        const same = relation === Relation.Same || (relation === Relation.Unknown && unknownIsSame);
        const other = knownDestinationAccount(d);
        const account = same ? sourceAccount : other !== undefined && other !== sourceAccount ? other : OTHER_ACCOUNT;
        return placeholderSide(
          d,
          account,
          region,
          d.partition ?? partitionOfRegion(region),
          `pending-destination-${i}`,
          d.multiRegionReplica === true,
        );
      }),
      roleName: args.roleName ?? "pending-role",
      reverseRoleNames: {},
    };
    return componentIssues(args, values, known, providers);
  };
  const first = run(true);
  if (!relations.includes(Relation.Unknown)) return first;
  const second = new Set(run(false).map((issue) => `${issue.field}|${issue.problem}`));
  return first.filter((issue) => second.has(`${issue.field}|${issue.problem}`));
}

/** Characters KMS accepts in alias names beyond letters and digits: /, _ and -. */
const aliasPart = (part: string): string => part.replace(/[^A-Za-z0-9/_-]/g, "-");

/**
 * The default alias of a key the component creates: `alias/s3-replication/<project>/<stack>/<parts>`,
 * unique per project and stack (two stacks of one program in one account and region never share
 * an alias) and the same on every update of a stack. KMS alias names are at most 256 characters
 * (AWS KMS API Reference, CreateAlias: https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateAlias.html).
 */
export function defaultAliasName(...parts: string[]): string {
  const name = `alias/s3-replication/${aliasPart(pulumi.getProject())}/${aliasPart(pulumi.getStack())}/${aliasPart(parts.join("-"))}`;
  return name.length <= 256 ? name : `${name.slice(0, 247)}-${hash8(name)}`;
}

/** A short stable hash (FNV-1a, 8 hex digits). */
function hash8(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, "0");
}

const COMPONENT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
/** Pulumi adds a hyphen and 7 random characters to an auto-named physical name. */
const AUTONAME_SUFFIX = "-abcdef0";

/**
 * The component name: it names every child and, where no name is given, the physical names
 * Pulumi derives from it (`<name>-source-bucket-<random>`, `<name>-role-<random>`, ...), which
 * must be valid S3 bucket names and IAM role names (at most 64 characters: IAM API Reference,
 * CreateRole: https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html).
 */
export function componentNameIssues(name: unknown, args: S3ReplicationArgs): ValidationIssue[] {
  const issue = (problem: string, fix: string): ValidationIssue[] => [{ field: "name", problem, fix }];
  const fix = "use a short name of letters, digits and hyphens, e.g. orders";
  if (typeof name !== "string" || !COMPONENT_NAME.test(name)) {
    return issue(
      `${JSON.stringify(name)} is not a usable component name (it names child resources, auto-named buckets and roles)`,
      fix,
    );
  }
  const autoBuckets = [
    ...(args.source.bucketName === undefined && args.source.existingBucketName === undefined
      ? [`${name}-source-bucket`]
      : []),
    ...args.destinations
      .filter((d) => d.bucketName === undefined && d.existingBucketName === undefined)
      .map((d) => `${name}-to-${d.name}-bucket`),
  ];
  for (const bucket of autoBuckets) {
    const physical = `${bucket}${AUTONAME_SUFFIX}`.toLowerCase();
    const problem = bucketNameProblem(physical);
    if (problem !== undefined)
      return issue(
        `${JSON.stringify(name)} gives the auto-named bucket "${physical}", which ${problem}`,
        `${fix}, or give bucketName`,
      );
  }
  const autoRoles = [
    ...(args.roleName === undefined ? [`${name}-role`] : []),
    ...((args.twoWay ?? false) ? args.destinations.map((d) => `${name}-to-${d.name}-back-role`) : []),
    ...((args.batchReplication ?? false) ? [`${name}-batch-role`] : []),
  ];
  for (const role of autoRoles) {
    const physical = `${role}${AUTONAME_SUFFIX}`;
    if (physical.length > 64)
      return issue(
        `${JSON.stringify(name)} gives the auto-named IAM role "${physical}", longer than 64 characters`,
        role.startsWith(`${name}-role`) ? `${fix}, or give roleName` : fix,
      );
  }
  return [];
}

/** The TypeScript destination providers: each must be an AWS provider keyed by a destination's name. */
export function destinationProviderIssues(
  providers: Record<string, unknown>,
  args: S3ReplicationArgs,
): ValidationIssue[] {
  const names = new Set(args.destinations.map((d) => d.name));
  return Object.entries(providers).flatMap(([key, provider]): ValidationIssue[] => {
    const field = `opts.destinationProviders.${key}`;
    if (!names.has(key))
      return [
        {
          field,
          problem: `no destination is named "${key}"`,
          fix: `key each provider by a destination's name (${[...names].join(", ")})`,
        },
      ];
    const pkg =
      typeof provider === "object" &&
      provider !== null &&
      "getPackage" in provider &&
      typeof provider.getPackage === "function"
        ? (provider.getPackage as () => unknown)()
        : undefined;
    if (pkg !== "aws") return [{ field, problem: "is not an AWS provider", fix: "give an aws.Provider" }];
    return [];
  });
}

/** Every issue of S3Replication's arguments certain at construction, in the order they can be checked. */
export function s3ReplicationIssues(
  name: unknown,
  args: S3ReplicationArgs,
  providers: Record<string, unknown>,
): ValidationIssue[] {
  const shape = shapeIssues(args);
  if (shape.length > 0) return shape;
  const providerIssues = destinationProviderIssues(providers, args);
  return [
    ...componentNameIssues(name, args),
    ...providerIssues,
    ...constructionIssues(args, new Set(Object.keys(providers))),
  ];
}

/** Key ARN kinds that name a key S3 can use directly. */
export function isKeyArn(value: string): boolean {
  return parseKeyReference(value).kind === KeyReferenceKind.KeyArn;
}
