/** S3Replication: one source bucket replicated, encrypted, to N destinations across providers. */

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { batchReplicationRolePolicy } from "./documents/rolePolicy";
import { EncryptedBucket } from "./encryptedBucket";
import { PolicyDocument } from "./model/policyDocument";
import { BucketEndpoint, ReplicationTopology, reverseRuleId, usesKmsKey } from "./model/topology";
import { BucketReplication } from "./bucketReplication";
import { throwIfIssues } from "./model/validate";
import { destinationAccess } from "./destinationAccess";
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
import { MonitoredRule, MonitoringAccount, placementKey, replicationMonitoring } from "./monitoring";
import { ReplicationKey } from "./replicationKey";
import { ReplicationRole } from "./replicationRole";
import { Destination, S3ReplicationArgs } from "./s3ReplicationArgs";

export * from "./s3ReplicationArgs";

interface SideResources {
  childOpts: { provider?: pulumi.ProviderResource };
  region: { region?: string };
  bucket: EncryptedBucket;
  key: ReplicationKey | undefined;
  account: pulumi.Output<string>;
  regionName: pulumi.Output<string>;
  partition: pulumi.Output<string>;
  keyArn: pulumi.Output<string | undefined>;
}

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

const json = (document: PolicyDocument): string => JSON.stringify(document);

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

/**
 * Encrypted S3 replication from one source bucket to one or more destinations, each possibly
 * in another region and account: buckets (or existing ones), KMS keys, the replication role,
 * bucket and key policies, the replication configuration, alarms and an optional Batch
 * Replication role, all generated from the core model. Bad arguments fail at construction
 * with the argument path and the fix.
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

  /** Validates the arguments (throwing ReplicationConfigError) and creates every resource. */
  constructor(name: string, args: S3ReplicationArgs, opts?: S3ReplicationOptions) {
    // Checked before anything is registered: bad input never reaches the engine or AWS.
    const { destinationProviders = {}, ...componentOpts } = opts ?? {};
    throwIfIssues(s3ReplicationIssues(name, args, destinationProviders));
    super("s3-replication:index:S3Replication", name, {}, componentOpts);
    const src = args.source;
    const tags = args.tags === undefined ? {} : { tags: args.tags };
    const parent = { parent: this };
    // Where S3Replication wrote a side's bucket or key policy before the blocks owned them (ReplicationGrant `<side>-access`): kept as aliases.
    const legacyPolicyUrn = (side: string, kind: "bucket" | "key"): pulumi.Output<string> =>
      pulumi.createUrn(
        `${side}-access-${kind}-policy`,
        kind === "bucket" ? "aws:s3/bucketPolicy:BucketPolicy" : "aws:kms/keyPolicy:KeyPolicy",
        pulumi.createUrn(`${side}-access`, "s3-replication:index:ReplicationGrant", this.urn),
      );

    // Source side: the component's own provider (inherited by every child).
    const sourceAccount =
      src.account !== undefined ? pulumi.output(src.account) : aws.getCallerIdentityOutput({}, parent).accountId;
    const sourceRegion = src.region !== undefined ? pulumi.output(src.region) : aws.getRegionOutput({}, parent).region;
    const sourcePartition =
      src.partition !== undefined ? pulumi.output(src.partition) : aws.getPartitionOutput({}, parent).partition;
    const sourceKey = ownsKey(src)
      ? new ReplicationKey(
          `${name}-source-key`,
          {
            description: `S3 replication source key of ${name}`,
            multiRegion: src.multiRegionKey ?? false,
            deletionWindowInDays: src.keyDeletionWindowInDays ?? 30,
            aliasName: src.keyAlias ?? defaultAliasName(name, "source"),
            retainOnDelete: src.retainOnDelete ?? true,
            account: sourceAccount,
            partition: sourcePartition,
            ...tags,
          },
          { ...parent, policyAliases: [legacyPolicyUrn(`${name}-source`, "key")] },
        )
      : undefined;
    const sourceKeyArn: pulumi.Output<string | undefined> =
      sourceKey?.keyArn ??
      (src.existingKeyArn !== undefined ? pulumi.output(src.existingKeyArn) : pulumi.output(undefined));
    const sourceBucket = new EncryptedBucket(
      `${name}-source`,
      {
        ...(src.bucketName === undefined ? {} : { bucketName: src.bucketName }),
        ...(src.existingBucketName === undefined ? {} : { existingBucketName: src.existingBucketName }),
        encryption: encryptionOf(src),
        bucketKeyEnabled: bucketKeyOf(src),
        partition: sourcePartition,
        ...(usesKmsKey(encryptionOf(src)) ? { kmsKeyArn: sourceKeyArn.apply((k) => k ?? "") } : {}),
        objectLock: src.objectLock ?? false,
        managePolicy: src.manageBucketPolicy ?? !existingBucket(src),
        account: sourceAccount,
        forceDestroy: src.forceDestroy ?? false,
        retainOnDelete: src.retainOnDelete ?? true,
        ...tags,
      },
      { ...parent, policyAliases: [legacyPolicyUrn(`${name}-source`, "bucket")] },
    );

    // Destinations: each reached through the user's provider, a provider built from its settings, or the source provider in its region.
    const sourceProvider = this.getProvider("aws::Provider");
    const destinations = args.destinations.map((d): SideResources => {
      const prefix = `${name}-to-${d.name}`;
      const access = destinationAccess(
        d,
        prefix,
        this,
        destinationProviders[d.name],
        { account: sourceAccount, partition: sourcePartition },
        sourceProvider,
      );
      const { childOpts, account, partition } = access;
      const key = ownsKey(d)
        ? new ReplicationKey(
            `${prefix}-key`,
            {
              description: `S3 replication key of ${name} in ${d.name}`,
              ...access.region,
              ...(d.multiRegionReplica === true && sourceKey !== undefined ? { primaryKeyArn: sourceKey.keyArn } : {}),
              deletionWindowInDays: d.keyDeletionWindowInDays ?? 30,
              aliasName: d.keyAlias ?? defaultAliasName(name, d.name),
              retainOnDelete: d.retainOnDelete ?? true,
              account,
              partition,
              ...tags,
            },
            { ...parent, ...childOpts, policyAliases: [legacyPolicyUrn(prefix, "key")] },
          )
        : undefined;
      const keyArn: pulumi.Output<string | undefined> =
        key?.keyArn ?? (d.existingKeyArn !== undefined ? pulumi.output(d.existingKeyArn) : pulumi.output(undefined));
      const bucket = new EncryptedBucket(
        prefix,
        {
          ...access.region,
          ...(d.bucketName === undefined ? {} : { bucketName: d.bucketName }),
          ...(d.existingBucketName === undefined ? {} : { existingBucketName: d.existingBucketName }),
          encryption: encryptionOf(d),
          bucketKeyEnabled: bucketKeyOf(d),
          partition,
          ...(usesKmsKey(encryptionOf(d)) ? { kmsKeyArn: keyArn.apply((k) => k ?? "") } : {}),
          objectLock: destinationObjectLock(d, src),
          managePolicy: d.manageBucketPolicy ?? !existingBucket(d),
          account,
          forceDestroy: d.forceDestroy ?? false,
          retainOnDelete: d.retainOnDelete ?? true,
          ...tags,
        },
        { ...parent, ...childOpts, policyAliases: [legacyPolicyUrn(prefix, "bucket")] },
      );
      return {
        childOpts,
        region: access.region,
        bucket,
        key,
        account,
        regionName: access.regionName,
        partition,
        keyArn,
      };
    });

    // Replication: the block derives the topology, the roles, every policy statement and the rules from the bucket and key blocks.
    const twoWay = args.twoWay ?? false;
    const providerNames = new Set(Object.keys(destinationProviders));
    const replicationBlock = new BucketReplication(
      name,
      {
        source: {
          bucket: sourceBucket,
          ...(sourceKey === undefined ? {} : { key: sourceKey }),
          grantExistingKey: src.grantExistingKey ?? true,
        },
        destinations: args.destinations.map((d, i) => {
          const side = destinations[i] as SideResources;
          return {
            ...d,
            bucket: side.bucket,
            ...(side.key === undefined ? {} : { key: side.key }),
            grantExistingKey: d.grantExistingKey ?? true,
          };
        }),
        twoWay,
        trustConditions: args.trustConditions ?? false,
        ...(args.roleName === undefined ? {} : { roleName: args.roleName }),
        ...tags,
      },
      {
        ...parent,
        childAliasParent: this,
        // The same checks as at construction, with argument paths, on the resolved values.
        topologyIssues: (topology) =>
          componentIssues(args, resolvedValues(topology), { sourceRegion: true }, providerNames),
      },
    );
    const replication = replicationBlock.replication;
    const reverseReplications = replicationBlock.reverseReplications;

    // A lifecycle configuration waits for the replication configuration (MissingRequestBodyError otherwise).
    if (src.noncurrentVersionExpirationDays !== undefined) {
      new aws.s3.BucketLifecycleConfiguration(
        `${name}-source-lifecycle`,
        {
          bucket: sourceBucket.bucketName,
          rules: [
            {
              id: "expire-noncurrent-versions",
              status: "Enabled",
              filter: {},
              noncurrentVersionExpiration: { noncurrentDays: src.noncurrentVersionExpirationDays },
            },
          ],
        },
        { ...parent, dependsOn: [replication] },
      );
    }

    // Monitoring: each alarm in the account and Region where its metric is published (components/monitoring.ts).
    const sourceOwner: MonitoringAccount = { key: "source", homeRegionKey: "source", namePrefix: name };
    // A destination's Region is known by name, or only as its provider's (a key of its own).
    const regionKeyOf = (d: Destination): string =>
      d.region === undefined ? `provider:${d.name}` : d.region === src.region ? "source" : d.region;
    const ownerOf = (d: Destination, i: number): MonitoringAccount => {
      const provider = (destinations[i] as SideResources).childOpts.provider;
      // A provider the user gave may be in another Region than d.region: its resources then always name their Region.
      const homeRegionKey = destinationProviders[d.name] !== undefined ? `provider:${d.name}` : regionKeyOf(d);
      return provider === undefined
        ? sourceOwner
        : { key: d.name, provider, homeRegionKey, namePrefix: `${name}-to-${d.name}` };
    };
    const sourceEnd = {
      bucketName: sourceBucket.bucketName,
      region: sourceRegion,
      regionKey: "source",
      usesKms: usesKmsKey(encryptionOf(src)),
    };
    const monitored: MonitoredRule[] = args.destinations.flatMap((d, i) => {
      const side = destinations[i] as SideResources;
      const destinationEnd = {
        bucketName: side.bucket.bucketName,
        region: side.regionName,
        regionKey: regionKeyOf(d),
        usesKms: usesKmsKey(encryptionOf(d)),
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
        owner: sourceOwner,
        ...common,
        dependsOn: [replication],
      };
      const back = reverseReplications[i];
      return back === undefined
        ? [forward]
        : [
            forward,
            {
              key: `${d.name}-back`,
              namePrefix: `${name}-to-${d.name}-back`,
              label: `${d.name} -> ${name}`,
              ruleId: reverseRuleId(ruleId),
              source: destinationEnd,
              destination: sourceEnd,
              owner: ownerOf(d, i),
              ...common,
              dependsOn: [back],
            },
          ];
    });
    const monitoring = replicationMonitoring(
      monitored,
      {
        alarms: args.alarms ?? true,
        alarmTopic: args.alarmTopic === true,
        kmsAlarms: args.kmsRequestAlarms ?? true,
        kmsQuotaShare: args.kmsRequestAlarmShare ?? DEFAULT_KMS_QUOTA_ALARM_SHARE,
        dashboard: args.dashboard === true,
        dashboardName: (owner) => `${owner.namePrefix}-s3-replication`.replace(/[^A-Za-z0-9_-]/g, "-"),
        ...(args.tags === undefined ? {} : { tags: args.tags }),
      },
      this,
    );

    // Existing objects: an opt-in Batch Replication role; run the job as documented in docs/components.md (Existing objects).
    let batchRoleArn: pulumi.Output<string> = pulumi.output("");
    if (args.batchReplication === true) {
      const reportBucketArn =
        args.batchReportBucketArn !== undefined ? pulumi.output(args.batchReportBucketArn) : sourceBucket.bucketArn;
      const batchPolicy = pulumi
        .all([sourcePartition, sourceBucket.bucketName, reportBucketArn])
        .apply(([partition, bucketName, report]) =>
          json(batchReplicationRolePolicy({ partition, bucketName }, { reportBucketArn: report })),
        );
      batchRoleArn = new ReplicationRole(
        `${name}-batch-role`,
        { batchReplication: true, permissionPolicy: batchPolicy, ...tags },
        parent,
      ).roleArn;
    }

    // Outputs.
    const byName = <T>(values: pulumi.Output<T>[]): pulumi.Output<Record<string, T>> =>
      pulumi.all(values).apply((list) => Object.fromEntries(args.destinations.map((d, i) => [d.name, list[i] as T])));
    this.sourceBucketName = sourceBucket.bucketName;
    this.sourceBucketArn = sourceBucket.bucketArn;
    this.sourceKeyArn = sourceKeyArn.apply((k) => k ?? "");
    this.roleArn = replicationBlock.roleArn;
    this.destinationBucketNames = byName(destinations.map((d) => d.bucket.bucketName));
    this.destinationBucketArns = byName(destinations.map((d) => d.bucket.bucketArn));
    this.destinationKeyArns = byName(destinations.map((d) => d.keyArn.apply((k) => k ?? "")));
    this.reverseRoleArns = replicationBlock.reverseRoleArns;
    this.replicationRules = replicationBlock.replicationRules;
    this.requiredKeyPolicyStatements = replicationBlock.requiredKeyPolicyStatements;
    this.requiredBucketPolicyStatements = replicationBlock.requiredBucketPolicyStatements;
    this.alarmArns = pulumi.output(monitoring.alarmArns);
    this.alarmTopicArn =
      monitoring.topicArns[placementKey(sourceOwner.key, sourceOwner.homeRegionKey)] ?? pulumi.output("");
    this.alarmTopicArns = pulumi.output(monitoring.topicArns);
    this.dashboardNames = pulumi.output(monitoring.dashboardNames);
    this.batchRoleArn = batchRoleArn;
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
    });
  }
}
