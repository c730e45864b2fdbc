/**
 * S3Replication: one source bucket replicated, encrypted, to N destinations across providers. The
 * constructor is a sequence of named steps: where the source is, the source's key and bucket
 * blocks, each destination's access, key and bucket blocks, the replication block (roles,
 * statements, rules), the lifecycle rule, monitoring, the Batch Replication role, the outputs.
 */

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { batchReplicationRolePolicy } from "./documents/rolePolicy";
import { EncryptedBucket } from "./encryptedBucket";
import { PolicyDocument } from "./model/policyDocument";
import { BucketEndpoint, ReplicationTopology, reverseRuleId, usesKmsKey } from "./model/topology";
import { BucketReplication } from "./bucketReplication";
import { throwIfIssues } from "./model/validate";
import { composeChecked } from "./blockArgs";
import { DestinationAccess, destinationAccess } from "./destinationAccess";
import {
  ResolvedValues,
  SideValues,
  bucketKeyOf,
  componentIssues,
  destinationObjectLock,
  defaultAliasName,
  encryptionOf,
  existingBucket,
  metricsOf,
  ownsKey,
  s3ReplicationIssues,
} from "./plan";
import { DEFAULT_KMS_QUOTA_ALARM_SHARE } from "./model/monitoring";
import { MonitoredRule, MonitoringAccount, MonitoringResult, placementKey, replicationMonitoring } from "./monitoring";
import { ReplicationKey } from "./replicationKey";
import { ReplicationRole } from "./replicationRole";
import { Destination, S3ReplicationArgs, SourceBucket } from "./s3ReplicationArgs";

export * from "./s3ReplicationArgs";

/**
 * Options of S3Replication: the standard component options (the source's provider is `provider`)
 * and, in TypeScript, a provider per destination.
 */
export interface S3ReplicationOptions extends pulumi.ComponentResourceOptions {
  /**
   * The provider of each destination, keyed by destination name (TypeScript only: other languages
   * describe the destination with plain data). Its account, region and partition are looked up
   * through it; every resource of that destination is created through it. Default: none (see
   * Destination for what the component uses).
   */
  destinationProviders?: Record<string, pulumi.ProviderResource>;
}

/** What every step reads: the component's name, arguments and options. */
interface Context {
  /** The component name (prefix of every child's name). */
  name: string;
  /** The arguments, validated. */
  args: S3ReplicationArgs;
  /** The component: parent of every child. */
  component: pulumi.ComponentResource;
  /** The user's destination providers, keyed by destination name. */
  destinationProviders: Record<string, pulumi.ProviderResource>;
  /** `{ tags }` when tags are given, else `{}`. */
  tags: { tags?: Record<string, string> };
}

/** Account, Region and partition of one side. */
interface Place {
  account: pulumi.Output<string>;
  regionName: pulumi.Output<string>;
  partition: pulumi.Output<string>;
}

/** The blocks of one side: its bucket and, for a key the component creates, its key. */
interface SideBlocks {
  /** The bucket block. */
  bucket: EncryptedBucket;
  /** The key block (a new key), else undefined. */
  key: ReplicationKey | undefined;
  /** The key's ARN: the new key's, the existing key's, or undefined with SSE-S3. */
  keyArn: pulumi.Output<string | undefined>;
}

/** One destination: how it is reached, where it is, and its blocks. */
interface DestinationSide extends SideBlocks {
  /** The destination's arguments. */
  destination: Destination;
  /** How it is reached (its provider and Region argument) and where it is. */
  access: DestinationAccess;
}

const json = (document: PolicyDocument): string => JSON.stringify(document);

/** The URN prefix of the component's children (what pulumi.createUrn derives from a parent), computed once per component. */
const CHILD_URN_PREFIX = new WeakMap<pulumi.ComponentResource, pulumi.Output<string>>();

/**
 * Where S3Replication wrote a side's bucket or key policy before the blocks owned them (the
 * ReplicationGrant `<side>-access`): kept as aliases so an update moves them. The URN pulumi.createUrn
 * gives for that child of that child, from one lookup of the component's URN.
 */
function legacyPolicyUrn(ctx: Context, side: string, kind: "bucket" | "key"): pulumi.Output<string> {
  let prefix = CHILD_URN_PREFIX.get(ctx.component);
  if (prefix === undefined) {
    prefix = ctx.component.urn.apply((urn) => `${urn.substring(0, urn.lastIndexOf("::"))}$`);
    CHILD_URN_PREFIX.set(ctx.component, prefix);
  }
  const type = kind === "bucket" ? "aws:s3/bucketPolicy:BucketPolicy" : "aws:kms/keyPolicy:KeyPolicy";
  return prefix.apply((p) => `${p}s3-replication:index:ReplicationGrant$${type}::${side}-access-${kind}-policy`);
}

/** Step 1: where the source is: each of account, Region and partition given, else looked up through the component's provider. */
function sourcePlace(ctx: Context): Place {
  const src = ctx.args.source;
  const invoke = { parent: ctx.component };
  return {
    account: src.account !== undefined ? pulumi.output(src.account) : aws.getCallerIdentityOutput({}, invoke).accountId,
    regionName: src.region !== undefined ? pulumi.output(src.region) : aws.getRegionOutput({}, invoke).region,
    partition:
      src.partition !== undefined ? pulumi.output(src.partition) : aws.getPartitionOutput({}, invoke).partition,
  };
}

/** What differs between the source's and a destination's blocks. */
interface SideSpec {
  /** The side's arguments. */
  side: SourceBucket | Destination;
  /** Prefix of the blocks' names: `<name>-source` or `<name>-to-<destination>`. */
  prefix: string;
  /** Key description. */
  description: string;
  /** Default alias (unique per project and stack). */
  aliasName: string;
  /** Where the side is. */
  account: pulumi.Output<string>;
  /** Its partition. */
  partition: pulumi.Output<string>;
  /** Object Lock on the bucket. */
  objectLock: boolean;
  /** Key settings only one side has: multiRegion (source), primaryKeyArn (a multi-Region replica). */
  keyExtras: { multiRegion?: boolean; primaryKeyArn?: pulumi.Output<string> };
  /** Options of the blocks: the parent, and the side's provider. */
  opts: pulumi.ComponentResourceOptions;
  /** The per-resource Region argument (absent: the provider's Region). */
  region: { region?: string };
  /** The provider's Region, when known (saves the bucket block a lookup). */
  providerRegion?: pulumi.Output<string>;
}

/** Step 2 (per side): the key block of a key the component creates (a new key, or a multi-Region replica). */
function keyBlock(ctx: Context, spec: SideSpec): ReplicationKey | undefined {
  const side = spec.side;
  if (!ownsKey(side)) return undefined;
  return new ReplicationKey(
    `${spec.prefix}-key`,
    {
      description: spec.description,
      ...spec.region,
      ...spec.keyExtras,
      deletionWindowInDays: side.keyDeletionWindowInDays ?? 30,
      aliasName: side.keyAlias ?? spec.aliasName,
      retainOnDelete: side.retainOnDelete ?? true,
      account: spec.account,
      partition: spec.partition,
      ...ctx.tags,
    },
    { ...spec.opts, policyAliases: [legacyPolicyUrn(ctx, spec.prefix, "key")] },
  );
}

/** Step 3 (per side): the bucket block (a new bucket or an existing one), encrypted with the side's key. */
function bucketBlock(ctx: Context, spec: SideSpec, keyArn: pulumi.Output<string | undefined>): EncryptedBucket {
  const side = spec.side;
  const encryption = encryptionOf(side);
  return new EncryptedBucket(
    spec.prefix,
    {
      ...spec.region,
      ...(side.bucketName === undefined ? {} : { bucketName: side.bucketName }),
      ...(side.existingBucketName === undefined ? {} : { existingBucketName: side.existingBucketName }),
      encryption,
      bucketKeyEnabled: bucketKeyOf(side),
      partition: spec.partition,
      ...(usesKmsKey(encryption) ? { kmsKeyArn: keyArn.apply((k) => k ?? "") } : {}),
      objectLock: spec.objectLock,
      managePolicy: side.manageBucketPolicy ?? !existingBucket(side),
      account: spec.account,
      forceDestroy: side.forceDestroy ?? false,
      retainOnDelete: side.retainOnDelete ?? true,
      ...ctx.tags,
    },
    {
      ...spec.opts,
      policyAliases: [legacyPolicyUrn(ctx, spec.prefix, "bucket")],
      ...(spec.providerRegion === undefined ? {} : { providerRegion: spec.providerRegion }),
    },
  );
}

/** Steps 2 and 3 for one side: its key block, then its bucket block. */
function sideBlocks(ctx: Context, spec: SideSpec): SideBlocks {
  const key = keyBlock(ctx, spec);
  const keyArn: pulumi.Output<string | undefined> =
    key?.keyArn ??
    (spec.side.existingKeyArn !== undefined ? pulumi.output(spec.side.existingKeyArn) : pulumi.output(undefined));
  return { bucket: bucketBlock(ctx, spec, keyArn), key, keyArn };
}

/** The source's blocks, through the component's own provider (inherited by every child). */
function sourceBlocks(ctx: Context, place: Place): SideBlocks {
  const src = ctx.args.source;
  return sideBlocks(ctx, {
    side: src,
    prefix: `${ctx.name}-source`,
    description: `S3 replication source key of ${ctx.name}`,
    aliasName: defaultAliasName(ctx.name, "source"),
    account: place.account,
    partition: place.partition,
    objectLock: src.objectLock ?? false,
    keyExtras: { multiRegion: src.multiRegionKey ?? false },
    opts: { parent: ctx.component },
    region: {},
    providerRegion: place.regionName,
  });
}

/**
 * Step 4: each destination, reached through the user's provider, a provider built from its
 * settings, or the source provider in its Region; then its key and bucket blocks there.
 */
function destinationSides(ctx: Context, source: Place, sourceKey: ReplicationKey | undefined): DestinationSide[] {
  const sourceProvider = ctx.component.getProvider("aws::Provider");
  return ctx.args.destinations.map((d): DestinationSide => {
    const prefix = `${ctx.name}-to-${d.name}`;
    const access = destinationAccess(
      d,
      prefix,
      ctx.component,
      ctx.destinationProviders[d.name],
      { account: source.account, partition: source.partition },
      sourceProvider,
    );
    const blocks = sideBlocks(ctx, {
      side: d,
      prefix,
      description: `S3 replication key of ${ctx.name} in ${d.name}`,
      aliasName: defaultAliasName(ctx.name, d.name),
      account: access.account,
      partition: access.partition,
      objectLock: destinationObjectLock(d, ctx.args.source),
      keyExtras: d.multiRegionReplica === true && sourceKey !== undefined ? { primaryKeyArn: sourceKey.keyArn } : {},
      opts: { parent: ctx.component, ...access.childOpts },
      region: access.region,
    });
    return { destination: d, access, ...blocks };
  });
}

/**
 * Step 5: the replication block. It derives the topology, the roles, every policy statement and
 * the rules from the bucket and key blocks; the topology is checked in apply with the same rules
 * and argument paths as at construction.
 */
function replicationBlock(ctx: Context, source: SideBlocks, destinations: DestinationSide[]): BucketReplication {
  const { args, name } = ctx;
  const src = args.source;
  const providerNames = new Set(Object.keys(ctx.destinationProviders));
  return new BucketReplication(
    name,
    {
      source: {
        bucket: source.bucket,
        ...(source.key === undefined ? {} : { key: source.key }),
        grantExistingKey: src.grantExistingKey ?? true,
      },
      destinations: destinations.map(({ destination: d, bucket, key }) => ({
        ...d,
        bucket,
        ...(key === undefined ? {} : { key }),
        grantExistingKey: d.grantExistingKey ?? true,
      })),
      twoWay: args.twoWay ?? false,
      trustConditions: args.trustConditions ?? false,
      ...(args.roleName === undefined ? {} : { roleName: args.roleName }),
      ...ctx.tags,
    },
    {
      parent: ctx.component,
      childAliasParent: ctx.component,
      topologyIssues: (topology) =>
        componentIssues(args, resolvedValues(topology), { sourceRegion: true }, providerNames),
    },
  );
}

/** Step 6: the source's lifecycle rule, after the replication configuration (S3 answers MissingRequestBodyError otherwise). */
function sourceLifecycle(ctx: Context, source: SideBlocks, replication: BucketReplication): void {
  const days = ctx.args.source.noncurrentVersionExpirationDays;
  if (days === undefined) return;
  new aws.s3.BucketLifecycleConfiguration(
    `${ctx.name}-source-lifecycle`,
    {
      bucket: source.bucket.bucketName,
      rules: [
        {
          id: "expire-noncurrent-versions",
          status: "Enabled",
          filter: {},
          noncurrentVersionExpiration: { noncurrentDays: days },
        },
      ],
    },
    { parent: ctx.component, dependsOn: [replication.replication] },
  );
}

/** The monitoring account of the source (the component's own provider). */
function sourceOwner(ctx: Context, place?: Place): MonitoringAccount {
  return {
    key: "source",
    homeRegionKey: "source",
    namePrefix: ctx.name,
    ...(place === undefined ? {} : { accountId: place.account }),
  };
}

/**
 * Step 7: monitoring: each rule's alarms (forward, and back for two-way) in the account and
 * Region where its metric is published, the KMS request-rate alarms, topics and dashboards
 * (components/monitoring.ts).
 */
function monitoring(
  ctx: Context,
  place: Place,
  source: SideBlocks,
  destinations: DestinationSide[],
  replication: BucketReplication,
): MonitoringResult {
  const { args, name } = ctx;
  const src = args.source;
  const owner = sourceOwner(ctx, place);
  // A destination's Region is known by name, or only as its provider's (a key of its own).
  const regionKeyOf = (d: Destination): string =>
    d.region === undefined ? `provider:${d.name}` : d.region === src.region ? "source" : d.region;
  const ownerOf = ({ destination: d, access }: DestinationSide): MonitoringAccount => {
    const provider = access.childOpts.provider;
    // A provider the user gave may be in another Region than d.region: its resources then always name their Region.
    const homeRegionKey = ctx.destinationProviders[d.name] !== undefined ? `provider:${d.name}` : regionKeyOf(d);
    return provider === undefined
      ? owner
      : { key: d.name, provider, homeRegionKey, namePrefix: `${name}-to-${d.name}`, accountId: access.account };
  };
  const sourceEnd = {
    bucketName: source.bucket.bucketName,
    region: place.regionName,
    regionKey: "source",
    usesKms: usesKmsKey(encryptionOf(src)),
    key: "source",
    namePrefix: `${name}-source`,
  };
  const back = new Map(replication.reverseReplications.map((config, i) => [args.destinations[i]?.name, config]));
  const monitored: MonitoredRule[] = destinations.flatMap((side) => {
    const d = side.destination;
    const destinationEnd = {
      bucketName: side.bucket.bucketName,
      region: side.access.regionName,
      regionKey: regionKeyOf(d),
      usesKms: usesKmsKey(encryptionOf(d)),
      key: d.name,
      namePrefix: `${name}-to-${d.name}`,
    };
    const ruleId = d.ruleId ?? d.name;
    const common = { metrics: metricsOf(d), replicationTime: d.replicationTime === true };
    const forward: MonitoredRule = {
      key: d.name,
      namePrefix: `${name}-to-${d.name}`,
      label: `${name} -> ${d.name}`,
      ruleId,
      source: sourceEnd,
      destination: destinationEnd,
      owner,
      ...common,
      dependsOn: [replication.replication],
    };
    const reverse = back.get(d.name);
    if (reverse === undefined) return [forward];
    return [
      forward,
      {
        key: `${d.name}-back`,
        namePrefix: `${name}-to-${d.name}-back`,
        label: `${d.name} -> ${name}`,
        ruleId: reverseRuleId(ruleId),
        source: destinationEnd,
        destination: sourceEnd,
        owner: ownerOf(side),
        ...common,
        dependsOn: [reverse],
      },
    ];
  });
  return replicationMonitoring(
    monitored,
    {
      alarms: args.alarms ?? true,
      alarmTopic: args.alarmTopic === true,
      existingTopicArns: args.existingAlarmTopicArns ?? [],
      failureEvents: args.failureEvents ?? false,
      existingFailureEventTopicArns: args.existingFailureEventTopicArns ?? [],
      kmsAlarms: args.kmsRequestAlarms ?? true,
      kmsQuotaShare: args.kmsRequestAlarmShare ?? DEFAULT_KMS_QUOTA_ALARM_SHARE,
      dashboard: args.dashboard === true,
      dashboardName: (account) => `${account.namePrefix}-s3-replication`.replace(/[^A-Za-z0-9_-]/g, "-"),
      ...(args.tags === undefined ? {} : { tags: args.tags }),
    },
    ctx.component,
  );
}

/** Step 8: existing objects: the opt-in Batch Replication role (run the job as docs/components.md, Existing objects, says); its ARN or "". */
function batchRole(ctx: Context, place: Place, source: SideBlocks): pulumi.Output<string> {
  const { args } = ctx;
  if (args.batchReplication !== true) return pulumi.output("");
  const reportBucketArn =
    args.batchReportBucketArn !== undefined ? pulumi.output(args.batchReportBucketArn) : source.bucket.bucketArn;
  const policy = pulumi
    .all([place.partition, source.bucket.bucketName, reportBucketArn])
    .apply(([partition, bucketName, report]) =>
      json(batchReplicationRolePolicy({ partition, bucketName }, { reportBucketArn: report })),
    );
  return new ReplicationRole(
    `${ctx.name}-batch-role`,
    { batchReplication: true, permissionPolicy: policy, ...ctx.tags },
    { parent: ctx.component },
  ).roleArn;
}

/** The resolved values behind a topology (for the component's own checks in apply). */
function resolvedValues(topology: ReplicationTopology): ResolvedValues {
  const side = (b: BucketEndpoint): SideValues => ({
    account: b.account,
    region: b.region,
    partition: b.partition,
    bucketName: b.bucketName,
    ...(b.keyArn === undefined ? {} : { keyArn: b.keyArn }),
  });
  return {
    source: side(topology.source),
    destinations: topology.destinations.map(side),
    roleName: topology.role.name,
    reverseRoleNames: topology.reverseRoleNames ?? {},
  };
}

/** A record keyed by destination name from one Output per destination, in argument order. */
function byDestinationName<T>(
  destinations: DestinationSide[],
  value: (side: DestinationSide) => pulumi.Output<T>,
): pulumi.Output<Record<string, T>> {
  return pulumi
    .all(destinations.map(value))
    .apply((list) => Object.fromEntries(destinations.map((side, i) => [side.destination.name, list[i] as T])));
}

/**
 * Encrypted S3 replication from one source bucket to one or more destinations, each possibly
 * in another region and account: buckets (or existing ones), KMS keys, the replication role,
 * bucket and key policies, the replication configuration, alarms and an optional Batch
 * Replication role, all generated from the core model. Bad arguments fail at construction
 * with the argument path and the fix.
 *
 * @example
 * One source in us-east-1 replicated to a destination in another account and Region, reached by
 * assuming a role there:
 * ```ts
 * import * as aws from "@pulumi/aws";
 * import { S3Replication } from "s3-replication";
 *
 * const source = new aws.Provider("source", { region: "us-east-1" });
 * const orders = new S3Replication(
 *   "orders",
 *   {
 *     source: {},
 *     destinations: [{ name: "dr", region: "eu-west-1", assumeRoleArn: "arn:aws:iam::222222222222:role/pulumi-deploy" }],
 *   },
 *   { provider: source },
 * );
 *
 * export const sourceBucket = orders.sourceBucketName;
 * export const destinationBuckets = orders.destinationBucketNames;
 * ```
 */
export class S3Replication extends pulumi.ComponentResource {
  /** Source bucket name. */
  public readonly sourceBucketName: pulumi.Output<string>;
  /** Source bucket ARN. */
  public readonly sourceBucketArn: pulumi.Output<string>;
  /** Source KMS key ARN, or an empty string with SSE-S3. */
  public readonly sourceKeyArn: pulumi.Output<string>;
  /** ARN of the replication role (in the source account). */
  public readonly roleArn: pulumi.Output<string>;
  /** Destination bucket names, keyed by destination name. */
  public readonly destinationBucketNames: pulumi.Output<Record<string, string>>;
  /** Destination bucket ARNs, keyed by destination name. */
  public readonly destinationBucketArns: pulumi.Output<Record<string, string>>;
  /** Replica KMS key ARNs (in each destination's region), keyed by destination name; empty string with SSE-S3. */
  public readonly destinationKeyArns: pulumi.Output<Record<string, string>>;
  /** Reverse replication role ARNs (two-way), keyed by destination name. */
  public readonly reverseRoleArns: pulumi.Output<Record<string, string>>;
  /** The replication rules of the source bucket, as JSON. */
  public readonly replicationRules: pulumi.Output<string>;
  /** For every existing key whose policy this stack cannot write: key ARN -> JSON list of the statements its owner must add. */
  public readonly requiredKeyPolicyStatements: pulumi.Output<Record<string, string>>;
  /** For every bucket whose policy this stack does not write: bucket name -> JSON list of the statements its owner must add. */
  public readonly requiredBucketPolicyStatements: pulumi.Output<Record<string, string>>;
  /** CloudWatch alarm ARNs, keyed by `<destination>-failed` and `<destination>-latency` (`<destination>-back-...` for the reverse rules of two-way), and `kms-<account>-<region>` for the KMS request-rate alarms. */
  public readonly alarmArns: pulumi.Output<Record<string, string>>;
  /** ARN of the SNS topic in the source account and Region, or an empty string. */
  public readonly alarmTopicArn: pulumi.Output<string>;
  /** ARNs of every SNS topic the alarms notify (one per account and Region holding alarms), keyed `<account>-<region>` (`source-source-region` is alarmTopicArn). */
  public readonly alarmTopicArns: pulumi.Output<Record<string, string>>;
  /** Names of the CloudWatch dashboards (with dashboard on), keyed by the account they are in: `source`, or a destination name. */
  public readonly dashboardNames: pulumi.Output<Record<string, string>>;
  /** ARN of the Batch Replication role, or an empty string. */
  public readonly batchRoleArn: pulumi.Output<string>;
  /** The SNS topic receiving each source bucket's replication events (failureEvents), keyed `source` or by the destination name (for the reverse rules of two-way); empty without failureEvents. */
  public readonly replicationEventTopicArns: pulumi.Output<Record<string, string>>;
  /** Rules that have no failure signal because metrics or alarms were explicitly turned off, keyed like alarmArns (`<destination>`, `<destination>-back`), each with why; empty by default (every rule has a failure alarm). */
  public readonly rulesWithoutFailureSignal: pulumi.Output<Record<string, string>>;

  /** Validates the arguments (throwing ReplicationConfigError) and creates every resource, step by step (see the step functions above). */
  constructor(name: string, args: S3ReplicationArgs, opts?: S3ReplicationOptions) {
    // Checked before anything is registered: bad input never reaches the engine or AWS.
    const { destinationProviders = {}, ...componentOpts } = opts ?? {};
    throwIfIssues(s3ReplicationIssues(name, args, destinationProviders));
    super("s3-replication:index:S3Replication", name, {}, componentOpts);
    const ctx: Context = {
      name,
      args,
      component: this,
      destinationProviders,
      tags: args.tags === undefined ? {} : { tags: args.tags },
    };
    const place = sourcePlace(ctx);
    // The blocks are built from arguments s3ReplicationIssues checked under this component's paths.
    const { source, destinations, replication } = composeChecked(() => {
      const src = sourceBlocks(ctx, place);
      const dsts = destinationSides(ctx, place, src.key);
      return { source: src, destinations: dsts, replication: replicationBlock(ctx, src, dsts) };
    });
    sourceLifecycle(ctx, source, replication);
    const alarms = monitoring(ctx, place, source, destinations, replication);
    const owner = sourceOwner(ctx);

    this.sourceBucketName = source.bucket.bucketName;
    this.sourceBucketArn = source.bucket.bucketArn;
    this.sourceKeyArn = source.keyArn.apply((k) => k ?? "");
    this.roleArn = replication.roleArn;
    this.destinationBucketNames = byDestinationName(destinations, (side) => side.bucket.bucketName);
    this.destinationBucketArns = byDestinationName(destinations, (side) => side.bucket.bucketArn);
    this.destinationKeyArns = byDestinationName(destinations, (side) => side.keyArn.apply((k) => k ?? ""));
    this.reverseRoleArns = replication.reverseRoleArns;
    this.replicationRules = replication.replicationRules;
    this.requiredKeyPolicyStatements = replication.requiredKeyPolicyStatements;
    this.requiredBucketPolicyStatements = replication.requiredBucketPolicyStatements;
    this.alarmArns = pulumi.output(alarms.alarmArns);
    this.alarmTopicArn = alarms.topicArns[placementKey(owner.key, owner.homeRegionKey)] ?? pulumi.output("");
    this.alarmTopicArns = pulumi.output(alarms.topicArns);
    this.dashboardNames = pulumi.output(alarms.dashboardNames);
    this.batchRoleArn = batchRole(ctx, place, source);
    this.rulesWithoutFailureSignal = pulumi.output(alarms.withoutFailureSignal);
    this.replicationEventTopicArns = pulumi.output(alarms.eventTopicArns);
    this.registerOutputs({
      sourceBucketName: this.sourceBucketName,
      sourceBucketArn: this.sourceBucketArn,
      sourceKeyArn: this.sourceKeyArn,
      roleArn: this.roleArn,
      destinationBucketNames: this.destinationBucketNames,
      destinationBucketArns: this.destinationBucketArns,
      destinationKeyArns: this.destinationKeyArns,
      reverseRoleArns: this.reverseRoleArns,
      replicationRules: this.replicationRules,
      requiredKeyPolicyStatements: this.requiredKeyPolicyStatements,
      requiredBucketPolicyStatements: this.requiredBucketPolicyStatements,
      alarmArns: this.alarmArns,
      alarmTopicArn: this.alarmTopicArn,
      alarmTopicArns: this.alarmTopicArns,
      dashboardNames: this.dashboardNames,
      batchRoleArn: this.batchRoleArn,
      rulesWithoutFailureSignal: this.rulesWithoutFailureSignal,
      replicationEventTopicArns: this.replicationEventTopicArns,
    });
  }
}
