/**
 * Replication monitoring as Pulumi resources: alarms on each rule's replication metrics, KMS
 * request-rate alarms, SNS topics and an opt-in dashboard, each created through the provider of
 * the account that owns the metric and in the Region where the metric is published. The rules of
 * where and how live in the model (`model/monitoring.ts`); this file only creates resources.
 *
 * CloudWatch alarm actions name SNS topics by ARN, and a topic ARN carries its Region
 * (PutMetricAlarm, https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html;
 * "Notifying users on alarm changes", https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Notify_Users_Alarm_Changes.html):
 * each alarm here notifies a topic created in its own account and Region, one topic per
 * (account, Region) that holds alarms.
 */

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { replicationEventTopicPolicy } from "./documents/topicPolicy";
import { partitionOfRegion } from "./model/arn";
import {
  DashboardEventTopic,
  DashboardKmsRegion,
  DashboardRule,
  KMS_SYMMETRIC_USAGE_DIMENSIONS,
  KMS_USAGE_METRIC,
  KMS_USAGE_PERIOD_SECONDS,
  MetricRegion,
  S3_METRICS_NAMESPACE,
  USAGE_METRICS_NAMESPACE,
  kmsUsageAlarmShape,
  KmsUsageAlarmShape,
  kmsUsageRegions,
  alarmTopicsFor,
  replicationEventTypes,
  missingFailureSignal,
  ReplicationMetric,
  replicationAlarmSpecs,
  replicationDashboardBody,
  replicationMetricDimensions,
} from "./model/monitoring";

/** The account that owns a rule (its source bucket's owner, whose role replicates): where the rule's metrics and KMS usage are. */
export interface MonitoringAccount {
  /** Stable key of the account within the replication: `source`, or the destination's name when it has a provider of its own. */
  key: string;
  /** Provider of that account; undefined = the parent's provider. */
  provider?: pulumi.ProviderResource;
  /** Region key of the provider's own Region (resources there need no `region` override). */
  homeRegionKey: string;
  /** Prefix of the names of this account's monitoring resources, e.g. `orders` or `orders-to-dr`. */
  namePrefix: string;
  /** The account id (picks the existing alarm topics of this account). Default: unknown (no existing topic matches). */
  accountId?: pulumi.Input<string>;
}

/** A bucket end of a rule. */
export interface MonitoredEndpoint {
  /** Bucket name. */
  bucketName: pulumi.Input<string>;
  /** Region of the bucket. */
  region: pulumi.Input<string>;
  /** Stable key of the Region (a plain Region name, or `source` for a source Region known only at deploy time). */
  regionKey: string;
  /** True when the bucket's objects are KMS-encrypted (SSE-KMS or DSSE-KMS). */
  usesKms: boolean;
  /** Stable key of the bucket (`source`, or a destination name): one event notification per source bucket. Default: the rule key. */
  key?: string;
  /** Prefix of the names of the bucket's event resources, e.g. `orders-source`. Default: the rule's name prefix. */
  namePrefix?: string;
}

/** One replication rule to monitor. */
export interface MonitoredRule {
  /** Key of the rule's alarms in the outputs, e.g. `dr` or `dr-back`. */
  key: string;
  /** Prefix of the rule's alarm names, e.g. `orders-to-dr` or `orders-to-dr-back`. */
  namePrefix: string;
  /** Label in descriptions and dashboard titles, e.g. `orders -> dr`. */
  label: string;
  /** The rule id (the RuleId dimension). */
  ruleId: pulumi.Input<string>;
  /** Source bucket of the rule. */
  source: MonitoredEndpoint;
  /** Destination bucket of the rule. */
  destination: MonitoredEndpoint;
  /** The account that owns the rule. */
  owner: MonitoringAccount;
  /** Replication metrics on. */
  metrics: boolean;
  /** S3 RTC on. */
  replicationTime: boolean;
  /** Resources the alarms wait for (the replication configuration). */
  dependsOn?: pulumi.Resource[];
}

/** What to create. */
export interface MonitoringOptions {
  /** Alarms on the rules' replication metrics and on KMS usage. */
  alarms: boolean;
  /** An SNS topic per account and Region that holds alarms, notified by them. */
  alarmTopic: boolean;
  /** Existing SNS topic ARNs: each alarm also notifies those of its own account and Region. Default: none. */
  existingTopicArns?: string[];
  /** S3 Event Notifications of replication failures (and RTC threshold events) on each source bucket, to an SNS topic created in the bucket's Region. Default: false. */
  failureEvents?: boolean;
  /** Existing SNS topics for those events (turns them on): each source bucket notifies the topic of its owner's account and Region. Default: none. */
  existingFailureEventTopicArns?: string[];
  /** Where warnings go (an alarm that notifies nobody). Default: pulumi.log.warn on the parent. */
  warn?: (message: string) => void;
  /** The KMS request-rate alarms (with alarms on). */
  kmsAlarms: boolean;
  /** Share of the Region's KMS request quota at which the KMS alarm fires. */
  kmsQuotaShare: number;
  /** A CloudWatch dashboard per account that owns rules. */
  dashboard: boolean;
  /** Name of the dashboard of each account, from its name prefix. */
  dashboardName: (account: MonitoringAccount) => string;
  /** Tags for the taggable resources. */
  tags?: Record<string, string>;
}

/** What was created, keyed for the component's outputs. */
export interface MonitoringResult {
  /** Alarm ARNs: `<rule key>-failed`, `<rule key>-latency`, `kms-<account key>-<region key>`. */
  alarmArns: Record<string, pulumi.Output<string>>;
  /** Topic ARNs keyed `<account key>-<region key>`. */
  topicArns: Record<string, pulumi.Output<string>>;
  /** Dashboard names keyed by account key. */
  dashboardNames: Record<string, pulumi.Output<string>>;
  /** The alarms, for readers that want the resources. */
  alarms: aws.cloudwatch.MetricAlarm[];
  /** Rules with no failure signal (metrics or alarms explicitly off), keyed by rule key, with why. */
  withoutFailureSignal: Record<string, string>;
  /** The SNS topic receiving each source bucket's replication events, keyed by bucket key (`source`, or a destination name). */
  eventTopicArns: Record<string, pulumi.Output<string>>;
}

/** Text of a Region key in names: the Region, `source-region` for the source's Region, `provider-<name>` for a provider's own Region. */
const regionText = (regionKey: string): string =>
  regionKey === "source" ? "source-region" : regionKey.replace(/[^A-Za-z0-9-]/g, "-");

/** Key of an (account, Region) place in the outputs (topics, KMS alarms), e.g. `source-source-region` or `dr-eu-west-1`. */
export function placementKey(accountKey: string, regionKey: string): string {
  return `${accountKey}-${regionText(regionKey)}`;
}

/** One (account, Region) place of monitoring resources. */
interface Placement {
  account: MonitoringAccount;
  regionKey: string;
  region: pulumi.Input<string>;
}

/** Name suffix and options of a placement: no `region` override in the account's own Region. */
function placementOf(
  p: Placement,
  parent: pulumi.Resource,
): { suffix: string; key: string; region: { region?: pulumi.Input<string> }; opts: pulumi.CustomResourceOptions } {
  const home = p.regionKey === p.account.homeRegionKey;
  return {
    suffix: home ? "" : `-${regionText(p.regionKey)}`,
    key: placementKey(p.account.key, p.regionKey),
    region: home ? {} : { region: p.region },
    opts: { parent, ...(p.account.provider === undefined ? {} : { provider: p.account.provider }) },
  };
}

/**
 * Creates the monitoring of a set of replication rules under `parent`: for each rule its alarms
 * in the Region where each metric is published, through the rule owner's provider; per (owner
 * account, Region) that the rules draw KMS requests from, an alarm on the account's symmetric KMS
 * request rate at a share of that Region's quota; topics per (account, Region) with alarms; and
 * optionally one dashboard per owner account. Names derive from the given prefixes only, so
 * adding, removing or reordering rules never renames another rule's resources.
 */
export function replicationMonitoring(
  rules: MonitoredRule[],
  options: MonitoringOptions,
  parent: pulumi.Resource,
): MonitoringResult {
  const result: MonitoringResult = {
    alarmArns: {},
    topicArns: {},
    dashboardNames: {},
    alarms: [],
    withoutFailureSignal: failureSignalGaps(rules, options.alarms, eventsOn(options)),
    eventTopicArns: {},
  };
  const events = failureNotifications(rules, options, parent);
  result.eventTopicArns = Object.fromEntries([...events].map(([key, e]) => [key, e.topicArn]));
  if (!options.alarms && !options.dashboard) return result;
  const tags = options.tags === undefined ? {} : { tags: options.tags };
  const topicFor = alarmNotifications(options, alarmTopicCreator(tags, parent, result), parent);
  const build: AlarmBuild = { options, parent, result, tags, topicFor };
  if (options.alarms) {
    createReplicationAlarms(rules, build);
    // KMS request rate per (owner account, Region) the rules draw KMS requests from.
    if (options.kmsAlarms) createKmsAlarms(rules, build);
  }
  if (options.dashboard) createDashboards(rules, events, build);
  return result;
}

/** The alarm actions of an alarm at a place (none when nothing would be notified). */
type AlarmActions = { alarmActions?: pulumi.Output<string[]>; okActions?: pulumi.Output<string[]> };

/** The `tags` input of a taggable resource: none, or the options' tags. */
type TagsInput = { tags?: Record<string, string> };

/** What every step of `replicationMonitoring` shares. */
interface AlarmBuild {
  options: MonitoringOptions;
  parent: pulumi.Resource;
  /** Filled in by each step. */
  result: MonitoringResult;
  /** The `tags` input of the taggable resources (empty without tags). */
  tags: TagsInput;
  /** The actions of an alarm named `alarmName` at a place (creates the place's topic on first use). */
  topicFor: (p: Placement, alarmName: string) => AlarmActions;
}

/**
 * Every alarm notifies the topic created for its place (alarmTopic, one per place, created when
 * the place's first alarm asks for it) and the existing topics of its account and Region; it
 * warns when an alarm would notify nobody.
 */
function alarmNotifications(
  options: MonitoringOptions,
  createdTopic: (p: Placement) => aws.sns.Topic,
  parent: pulumi.Resource,
): (p: Placement, alarmName: string) => AlarmActions {
  const existing = options.existingTopicArns ?? [];
  const warn = options.warn ?? ((message: string): void => void pulumi.log.warn(message, parent));
  return (p, alarmName) => {
    if (!options.alarmTopic && existing.length === 0) {
      warn(noActionWarning(alarmName, "no alarmTopic and no existingAlarmTopicArns"));
      return {};
    }
    const created = options.alarmTopic ? [createdTopic(p).arn] : [];
    const matching =
      existing.length === 0
        ? pulumi.output([] as string[])
        : pulumi.all([p.account.accountId ?? "", p.region]).apply(([account, region]) => {
            const found = alarmTopicsFor(existing, account, region);
            if (found.length === 0 && !options.alarmTopic)
              warn(
                noActionWarning(
                  alarmName,
                  `no topic of existingAlarmTopicArns is in account ${account || "(unknown)"} Region ${region}`,
                ),
              );
            return found;
          });
    const actions = pulumi.all([pulumi.all(created), matching]).apply(([a, b]) => [...a, ...b]);
    return { alarmActions: actions, okActions: actions };
  };
}

/** The alarm topic of a place: created on first use, recorded in `result.topicArns`. */
function alarmTopicCreator(
  tags: TagsInput,
  parent: pulumi.Resource,
  result: MonitoringResult,
): (p: Placement) => aws.sns.Topic {
  const topics = new Map<string, aws.sns.Topic>();
  return (p) => {
    const place = placementOf(p, parent);
    let topic = topics.get(place.key);
    if (topic === undefined) {
      topic = new aws.sns.Topic(
        `${p.account.namePrefix}-alarms${place.suffix}`,
        { ...place.region, ...tags },
        place.opts,
      );
      topics.set(place.key, topic);
      result.topicArns[place.key] = topic.arn;
    }
    return topic;
  };
}

/** Each rule's replication-metric alarms, where the metric is published. */
function createReplicationAlarms(rules: MonitoredRule[], build: AlarmBuild): void {
  for (const rule of rules) {
    for (const spec of replicationAlarmSpecs(rule)) {
      const end = spec.region === MetricRegion.Source ? rule.source : rule.destination;
      const p: Placement = { account: rule.owner, regionKey: end.regionKey, region: end.region };
      const place = placementOf(p, build.parent);
      const alarmName = `${rule.namePrefix}-${spec.kind}-alarm`;
      const alarm = new aws.cloudwatch.MetricAlarm(
        alarmName,
        {
          ...place.region,
          alarmDescription: `S3 replication ${rule.label}: ${spec.meaning}`,
          namespace: S3_METRICS_NAMESPACE,
          metricName: spec.metric,
          dimensions: replicationMetricDimensions(rule.source.bucketName, rule.destination.bucketName, rule.ruleId),
          statistic: spec.statistic,
          period: spec.period,
          evaluationPeriods: 1,
          threshold: spec.threshold,
          comparisonOperator: spec.comparisonOperator,
          treatMissingData: spec.treatMissingData,
          ...build.topicFor(p, alarmName),
          ...build.tags,
        },
        { ...place.opts, dependsOn: rule.dependsOn ?? [] },
      );
      build.result.alarmArns[`${rule.key}-${spec.kind}`] = alarm.arn;
      build.result.alarms.push(alarm);
    }
  }
}

/** An alarm on the account's symmetric KMS request rate per (owner account, Region) the rules draw KMS requests from. */
function createKmsAlarms(rules: MonitoredRule[], build: AlarmBuild): void {
  const share = build.options.kmsQuotaShare;
  for (const p of kmsPlacements(rules)) {
    const place = placementOf(p, build.parent);
    const alarmName = `${p.account.namePrefix}-kms-requests${place.suffix}-alarm`;
    const alarm = new aws.cloudwatch.MetricAlarm(
      alarmName,
      {
        ...place.region,
        alarmDescription: pulumi.interpolate`KMS symmetric cryptographic requests of this account in ${p.region} over ${Math.round(share * 100)}% of the Region's request quota (S3 replication throttles above the quota)`,
        ...kmsUsageAlarmInputs(pulumi.output(p.region).apply((region) => kmsUsageAlarmShape(region, share))),
        evaluationPeriods: 1,
        // No data means no KMS calls in that minute: within the quota.
        comparisonOperator: "GreaterThanThreshold",
        treatMissingData: "notBreaching",
        ...build.topicFor(p, alarmName),
        ...build.tags,
      },
      place.opts,
    );
    build.result.alarmArns[`kms-${place.key}`] = alarm.arn;
    build.result.alarms.push(alarm);
  }
}

/** One dashboard per account that owns rules: its rules, its KMS Regions and its replication-event topics. */
function createDashboards(rules: MonitoredRule[], events: Map<string, EventDelivery>, build: AlarmBuild): void {
  const { options, parent } = build;
  const owners = new Map(rules.map((r) => [r.owner.key, r.owner]));
  for (const owner of owners.values()) {
    const own = rules.filter((r) => r.owner.key === owner.key);
    const resolved = dashboardRules(own);
    const kmsRegions = pulumi
      .all(kmsPlacements(own).map((p) => pulumi.output(p.region)))
      .apply((regions) => regions.map((region): DashboardKmsRegion => ({ region, share: options.kmsQuotaShare })));
    const eventTopics = dashboardEventTopics([...events.values()].filter((e) => e.placement.account.key === owner.key));
    const dashboard = new aws.cloudwatch.Dashboard(
      `${owner.namePrefix}-dashboard`,
      {
        dashboardName: options.dashboardName(owner),
        dashboardBody: pulumi
          .all([resolved, kmsRegions, eventTopics])
          .apply(([list, kms, topics]) => JSON.stringify(replicationDashboardBody(list, kms, topics))),
      },
      { parent, ...(owner.provider === undefined ? {} : { provider: owner.provider }) },
    );
    build.result.dashboardNames[owner.key] = dashboard.dashboardName;
  }
}

/** The rules of a dashboard, resolved. */
function dashboardRules(rules: MonitoredRule[]): pulumi.Output<DashboardRule[]> {
  return pulumi.all(
    rules.map((r) =>
      pulumi
        .all([r.source.bucketName, r.destination.bucketName, r.ruleId, r.source.region, r.destination.region])
        .apply(([sourceBucket, destinationBucket, ruleId, sourceRegion, destinationRegion]): DashboardRule => ({
          label: r.label,
          sourceBucket,
          destinationBucket,
          ruleId,
          sourceRegion,
          destinationRegion,
          replicationTime: r.replicationTime,
        })),
    ),
  );
}

/** An owner's replication-event topics: the dashboard counts the events S3 published to each. */
function dashboardEventTopics(deliveries: EventDelivery[]): pulumi.Output<DashboardEventTopic[]> {
  return pulumi.all(
    deliveries.map((e) =>
      pulumi.all([e.topicArn, e.placement.region]).apply(([arn, region]): DashboardEventTopic => ({
        label: e.rules.map((r) => r.label).join(", "),
        topicName: arn.split(":").pop() ?? arn,
        region,
      })),
    ),
  );
}

/**
 * The metric (or metric-math) inputs of a KMS request-rate alarm: the applied quota through
 * SERVICE_QUOTA where it is published, else the usage metric against the default table (both
 * shapes are fields of one MetricAlarm, so a Region known only at deploy time still gets one).
 */
function kmsUsageAlarmInputs(shape: pulumi.Output<KmsUsageAlarmShape>): aws.cloudwatch.MetricAlarmArgs {
  const plain = <T>(value: T): pulumi.Output<T | undefined> => shape.apply((s) => (s.appliedQuota ? undefined : value));
  return {
    threshold: shape.apply((s) => s.threshold),
    metricQueries: shape.apply((s) => s.metricQueries),
    namespace: plain(USAGE_METRICS_NAMESPACE),
    metricName: plain(KMS_USAGE_METRIC),
    dimensions: plain({ ...KMS_SYMMETRIC_USAGE_DIMENSIONS }),
    statistic: plain("Sum"),
    period: plain(KMS_USAGE_PERIOD_SECONDS),
  };
}

/** True when replication events are delivered (asked for, or a topic for them given). */
const eventsOn = (options: MonitoringOptions): boolean =>
  options.failureEvents === true || (options.existingFailureEventTopicArns ?? []).length > 0;

/** One source bucket's replication-event delivery. */
interface EventDelivery {
  /** The topic the bucket notifies. */
  topicArn: pulumi.Output<string>;
  /** Where it is (for the dashboard). */
  placement: Placement;
  /** The rules of the bucket. */
  rules: MonitoredRule[];
}

/** The rules with metrics on, grouped by source bucket (a bucket has one notification configuration). */
function rulesBySourceBucket(rules: MonitoredRule[]): Map<string, MonitoredRule[]> {
  const buckets = new Map<string, MonitoredRule[]>();
  for (const rule of rules.filter((r) => r.metrics)) {
    const key = rule.source.key ?? rule.key;
    buckets.set(key, [...(buckets.get(key) ?? []), rule]);
  }
  return buckets;
}

/**
 * Replication events delivered: per source bucket of rules with metrics on, an S3 Event
 * Notification of the failure event (and the RTC threshold events) to an SNS topic in the
 * bucket's Region, in the bucket owner's account (model/monitoring.ts replicationEventTypes): a
 * topic created with a policy admitting only S3 for that bucket and account
 * (documents/topicPolicy.ts), or the existing topic of that account and Region. The notification
 * waits for the replication configuration (parallel changes to one bucket can fail).
 */
function failureNotifications(
  rules: MonitoredRule[],
  options: MonitoringOptions,
  parent: pulumi.Resource,
): Map<string, EventDelivery> {
  const deliveries = new Map<string, EventDelivery>();
  if (!eventsOn(options)) return deliveries;
  const existing = options.existingFailureEventTopicArns ?? [];
  const tags = options.tags === undefined ? {} : { tags: options.tags };
  for (const [key, own] of rulesBySourceBucket(rules)) {
    const first = own[0] as MonitoredRule;
    const end = first.source;
    const p: Placement = { account: first.owner, regionKey: end.regionKey, region: end.region };
    const place = placementOf(p, parent);
    const prefix = `${end.namePrefix ?? first.namePrefix}-replication-events`;
    const account = pulumi.output(first.owner.accountId ?? "");
    let topicArn: pulumi.Output<string>;
    const waitFor: pulumi.Resource[] = [...own.flatMap((r) => r.dependsOn ?? [])];
    if (existing.length > 0) {
      topicArn = pulumi.all([account, end.region, end.bucketName]).apply(([a, region, bucket]) => {
        const found = alarmTopicsFor(existing, a, region)[0];
        if (found === undefined)
          throw new Error(
            `existingFailureEventTopicArns: no SNS topic in account ${a || "(unknown)"} Region ${region} for the replication events of bucket ${bucket} (S3 notifies a topic in the bucket's Region); add that topic's ARN, or use failureEvents: true to create one`,
          );
        return found;
      });
    } else {
      const topic = new aws.sns.Topic(prefix, { ...place.region, ...tags }, place.opts);
      const policy = new aws.sns.TopicPolicy(
        `${prefix}-policy`,
        {
          ...place.region,
          arn: topic.arn,
          policy: pulumi.all([topic.arn, end.bucketName, account, end.region]).apply(([arn, bucketName, a, region]) =>
            JSON.stringify(
              replicationEventTopicPolicy({
                topicArn: arn,
                bucketName,
                bucketAccount: a,
                partition: partitionOfRegion(region),
              }),
            ),
          ),
        },
        place.opts,
      );
      topicArn = topic.arn;
      waitFor.push(policy);
    }
    new aws.s3.BucketNotification(
      prefix,
      {
        ...place.region,
        bucket: end.bucketName,
        topics: [{ topicArn, events: replicationEventTypes(own.some((r) => r.replicationTime)) }],
      },
      { ...place.opts, dependsOn: waitFor },
    );
    deliveries.set(key, { topicArn, placement: p, rules: own });
  }
  return deliveries;
}

/** The rules without a failure signal, keyed by rule key: why, and how to get one back. */
function failureSignalGaps(rules: MonitoredRule[], alarms: boolean, events: boolean): Record<string, string> {
  const gaps: Record<string, string> = {};
  for (const rule of rules) {
    const failedAlarm =
      alarms && replicationAlarmSpecs(rule).some((s) => s.metric === ReplicationMetric.OperationsFailedReplication);
    const why = missingFailureSignal({ metrics: rule.metrics, failedAlarm, failureNotification: events });
    if (why !== undefined) gaps[rule.key] = `${rule.label}: ${why} (turn metrics and alarms back on for this rule)`;
  }
  return gaps;
}

/** The construction warning of an alarm that would notify nobody: names the alarm, why, and the fix. */
export function noActionWarning(alarmName: string, why: string): string {
  return `alarm ${alarmName} has no action (${why}): it would change state and notify nobody; set alarmTopic: true or give an SNS topic of its account and Region in existingAlarmTopicArns`;
}

/** The (owner account, Region) places the rules draw KMS requests from, each once. */
function kmsPlacements(rules: MonitoredRule[]): Placement[] {
  const seen = new Map<string, Placement>();
  for (const rule of rules) {
    const ends = new Map([
      [rule.source.regionKey, rule.source],
      [rule.destination.regionKey, rule.destination],
    ]);
    for (const regionKey of kmsUsageRegions(
      { region: rule.source.regionKey, usesKms: rule.source.usesKms },
      { region: rule.destination.regionKey, usesKms: rule.destination.usesKms },
    )) {
      const end = ends.get(regionKey);
      const key = `${rule.owner.key}|${regionKey}`;
      if (end !== undefined && !seen.has(key)) seen.set(key, { account: rule.owner, regionKey, region: end.region });
    }
  }
  return [...seen.values()];
}
