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
import {
  DashboardKmsRegion,
  DashboardRule,
  KMS_SYMMETRIC_USAGE_DIMENSIONS,
  KMS_USAGE_METRIC,
  KMS_USAGE_PERIOD_SECONDS,
  MetricRegion,
  S3_METRICS_NAMESPACE,
  USAGE_METRICS_NAMESPACE,
  kmsUsageAlarmThreshold,
  kmsUsageRegions,
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
  const tags = options.tags === undefined ? {} : { tags: options.tags };
  const result: MonitoringResult = { alarmArns: {}, topicArns: {}, dashboardNames: {}, alarms: [] };
  const topics = new Map<string, aws.sns.Topic>();
  const topicFor = (p: Placement): { alarmActions?: pulumi.Output<string>[]; okActions?: pulumi.Output<string>[] } => {
    if (!options.alarmTopic) return {};
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
    return { alarmActions: [topic.arn], okActions: [topic.arn] };
  };
  if (!options.alarms && !options.dashboard) return result;

  if (options.alarms) {
    // Each rule's replication-metric alarms, where the metric is published.
    for (const rule of rules) {
      for (const spec of replicationAlarmSpecs(rule)) {
        const end = spec.region === MetricRegion.Source ? rule.source : rule.destination;
        const p: Placement = { account: rule.owner, regionKey: end.regionKey, region: end.region };
        const place = placementOf(p, parent);
        const alarm = new aws.cloudwatch.MetricAlarm(
          `${rule.namePrefix}-${spec.kind}-alarm`,
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
            ...topicFor(p),
            ...tags,
          },
          { ...place.opts, dependsOn: rule.dependsOn ?? [] },
        );
        result.alarmArns[`${rule.key}-${spec.kind}`] = alarm.arn;
        result.alarms.push(alarm);
      }
    }
    // KMS request rate per (owner account, Region) the rules draw KMS requests from.
    if (options.kmsAlarms) {
      for (const p of kmsPlacements(rules)) {
        const place = placementOf(p, parent);
        const alarm = new aws.cloudwatch.MetricAlarm(
          `${p.account.namePrefix}-kms-requests${place.suffix}-alarm`,
          {
            ...place.region,
            alarmDescription: pulumi.interpolate`KMS symmetric cryptographic requests of this account in ${p.region} over ${Math.round(options.kmsQuotaShare * 100)}% of the Region's request quota (S3 replication throttles above the quota)`,
            namespace: USAGE_METRICS_NAMESPACE,
            metricName: KMS_USAGE_METRIC,
            dimensions: { ...KMS_SYMMETRIC_USAGE_DIMENSIONS },
            statistic: "Sum",
            period: KMS_USAGE_PERIOD_SECONDS,
            evaluationPeriods: 1,
            threshold: pulumi.output(p.region).apply((region) => kmsUsageAlarmThreshold(region, options.kmsQuotaShare)),
            // No data means no KMS calls in that minute: within the quota.
            comparisonOperator: "GreaterThanThreshold",
            treatMissingData: "notBreaching",
            ...topicFor(p),
            ...tags,
          },
          place.opts,
        );
        result.alarmArns[`kms-${place.key}`] = alarm.arn;
        result.alarms.push(alarm);
      }
    }
  }

  if (options.dashboard) {
    const owners = new Map(rules.map((r) => [r.owner.key, r.owner]));
    for (const owner of owners.values()) {
      const own = rules.filter((r) => r.owner.key === owner.key);
      const resolved = pulumi.all(
        own.map((r) =>
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
      const kmsRegions = pulumi
        .all(kmsPlacements(own).map((p) => pulumi.output(p.region)))
        .apply((regions) => regions.map((region): DashboardKmsRegion => ({ region, share: options.kmsQuotaShare })));
      const dashboard = new aws.cloudwatch.Dashboard(
        `${owner.namePrefix}-dashboard`,
        {
          dashboardName: options.dashboardName(owner),
          dashboardBody: pulumi
            .all([resolved, kmsRegions])
            .apply(([list, kms]) => JSON.stringify(replicationDashboardBody(list, kms))),
        },
        { parent, ...(owner.provider === undefined ? {} : { provider: owner.provider }) },
      );
      result.dashboardNames[owner.key] = dashboard.dashboardName;
    }
  }
  return result;
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
