/**
 * Where replication's CloudWatch metrics are published and how to alarm on them: pure rules the
 * component follows to place each alarm and dashboard widget, and the tests and the report read.
 * No Pulumi resources here.
 *
 * The AWS pages these rules come from (the judge, not this file):
 * - "Using S3 Replication metrics", https://docs.aws.amazon.com/AmazonS3/latest/userguide/repl-metrics.html
 *   (column "Which Region is this metric published in?"): Bytes Pending Replication, Replication
 *   Latency and Operations Pending Replication are published in the Region of the DESTINATION
 *   bucket; Operations Failed Replication in the Region of the SOURCE bucket. An alarm created in
 *   another Region watches a metric that never receives data, so it never fires.
 * - "Monitoring replication with metrics, event notifications, and statuses",
 *   https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-metrics.html: the metrics are
 *   shown in the SOURCE bucket's Metrics tab, i.e. they belong to the account that owns the
 *   replication configuration (the rule's owner), also when the destination is in another account.
 *   So a rule's metrics live in (rule owner's account, Region per the table above).
 * - "Request quotas" (AWS KMS Developer Guide),
 *   https://docs.aws.amazon.com/kms/latest/developerguide/requests-per-second.html: the shared
 *   "Cryptographic operations (symmetric) request rate" quota, per account and Region, and the
 *   advice to alarm when the request rate reaches a share of it (the AWS Security Blog post it links,
 *   "Manage your AWS KMS API request rates using Service Quotas and Amazon CloudWatch",
 *   https://aws.amazon.com/blogs/security/manage-your-aws-kms-api-request-rates-using-service-quotas-and-amazon-cloudwatch/).
 * - "CloudWatch usage metrics",
 *   https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch-Usage-Metrics.html:
 *   `AWS/Usage` `CallCount` with the dimensions Service, Type, Resource, Class, collected every
 *   minute; its useful statistic is SUM, the operations of the 1-minute period.
 * - "Dashboard Body Structure and Syntax",
 *   https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Dashboard-Body-Structure.html:
 *   each metric widget names the `region` its metrics are read from.
 */

import { parseArn, partitionOfRegion } from "./arn";
import { kmsRequestQuota } from "./cost";
import { FINDING_RULES } from "./findings";
import { ValidationIssue } from "./validate";

/** CloudWatch namespace of the S3 Replication metrics. */
export const S3_METRICS_NAMESPACE = "AWS/S3";

/** Which bucket's Region a metric is published in. */
export enum MetricRegion {
  /** The Region of the rule's source bucket. */
  Source = "source",
  /** The Region of the rule's destination bucket. */
  Destination = "destination",
}

/** The S3 Replication metrics (published per rule when the rule has metrics or RTC on). */
export enum ReplicationMetric {
  /** Seconds the destination is behind the source (maximum). */
  ReplicationLatency = "ReplicationLatency",
  /** Bytes of objects pending replication. */
  BytesPendingReplication = "BytesPendingReplication",
  /** Operations pending replication. */
  OperationsPendingReplication = "OperationsPendingReplication",
  /** Operations that failed to replicate. */
  OperationsFailedReplication = "OperationsFailedReplication",
}

/** What a dashboard or alarm needs to know about one replication metric. */
export interface ReplicationMetricSpec {
  /** The metric. */
  metric: ReplicationMetric;
  /** Which bucket's Region it is published in ("Using S3 Replication metrics"). */
  publishedIn: MetricRegion;
  /** The statistic that reads it. */
  statistic: "Maximum" | "Sum";
  /** A human title for dashboards. */
  title: string;
}

/** Every replication metric, in dashboard order, with the Region it is published in. */
export const REPLICATION_METRICS: readonly ReplicationMetricSpec[] = [
  {
    metric: ReplicationMetric.ReplicationLatency,
    publishedIn: MetricRegion.Destination,
    statistic: "Maximum",
    title: "Replication latency (seconds)",
  },
  {
    metric: ReplicationMetric.BytesPendingReplication,
    publishedIn: MetricRegion.Destination,
    statistic: "Maximum",
    title: "Bytes pending replication",
  },
  {
    metric: ReplicationMetric.OperationsPendingReplication,
    publishedIn: MetricRegion.Destination,
    statistic: "Maximum",
    title: "Operations pending replication",
  },
  {
    metric: ReplicationMetric.OperationsFailedReplication,
    publishedIn: MetricRegion.Source,
    statistic: "Sum",
    title: "Operations failed replication",
  },
];

/** The spec of one replication metric. */
export function replicationMetricSpec(metric: ReplicationMetric): ReplicationMetricSpec {
  const spec = REPLICATION_METRICS.find((s) => s.metric === metric);
  if (spec === undefined) throw new Error(`unknown replication metric ${String(metric)}`);
  return spec;
}

/** The Region (of the two a rule joins) where a replication metric is published. */
export function metricRegionOf<T>(metric: ReplicationMetric, regions: { source: T; destination: T }): T {
  return replicationMetricSpec(metric).publishedIn === MetricRegion.Source ? regions.source : regions.destination;
}

/** The dimensions S3 publishes a rule's replication metrics with. */
export function replicationMetricDimensions<T>(
  sourceBucket: T,
  destinationBucket: T,
  ruleId: T,
): { SourceBucket: T; DestinationBucket: T; RuleId: T } {
  return { SourceBucket: sourceBucket, DestinationBucket: destinationBucket, RuleId: ruleId };
}

/**
 * How replication-metric alarms treat missing data: `ignore` (keep the alarm state). S3 publishes
 * the latency and pending metrics also without replication activity, failed operations only when
 * operations fail ("Using S3 Replication metrics",
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/repl-metrics.html: metrics are delivered on
 * a best-effort basis), and the metrics page advises treating missing data as "ignore (maintain the
 * alarm state)", so a gap neither clears nor raises an alarm.
 */
export const REPLICATION_ALARM_MISSING_DATA = "ignore";

/** The S3 RTC threshold: 15 minutes, in seconds ("Meeting compliance requirements using S3 Replication Time Control"). */
export const RTC_THRESHOLD_SECONDS = 900;

/** An alarm on a rule's replication metric. */
export interface ReplicationAlarmSpec {
  /** Short kind, used in names and output keys (`failed`, `latency`). */
  kind: string;
  /** The metric. */
  metric: ReplicationMetric;
  /** Which bucket's Region it must be created in. */
  region: MetricRegion;
  /** The statistic. */
  statistic: "Maximum" | "Sum";
  /** Period, seconds. */
  period: number;
  /** Threshold the statistic is compared with. */
  threshold: number;
  /** Comparison (CloudWatch operator name). */
  comparisonOperator: "GreaterThanThreshold";
  /** Missing-data treatment. */
  treatMissingData: string;
  /** What the alarm means, for its description. */
  meaning: string;
}

/** The alarms a rule gets: failed operations with metrics on, latency over the RTC threshold with RTC on. */
export function replicationAlarmSpecs(rule: { metrics: boolean; replicationTime: boolean }): ReplicationAlarmSpec[] {
  if (!rule.metrics && !rule.replicationTime) return [];
  const failed = replicationAlarm(
    "failed",
    ReplicationMetric.OperationsFailedReplication,
    "Sum",
    0,
    "operations failed to replicate",
  );
  if (!rule.replicationTime) return [failed];
  const latency = replicationAlarm(
    "latency",
    ReplicationMetric.ReplicationLatency,
    "Maximum",
    RTC_THRESHOLD_SECONDS,
    "replication latency over the 15-minute RTC threshold",
  );
  return [failed, latency];
}

/** An alarm when a replication metric's statistic over 5 minutes exceeds `threshold`, in the Region the metric is published in. */
function replicationAlarm(
  kind: string,
  metric: ReplicationMetric,
  statistic: ReplicationAlarmSpec["statistic"],
  threshold: number,
  meaning: string,
): ReplicationAlarmSpec {
  return {
    kind,
    metric,
    region: replicationMetricSpec(metric).publishedIn,
    statistic,
    period: 300,
    threshold,
    comparisonOperator: "GreaterThanThreshold",
    treatMissingData: REPLICATION_ALARM_MISSING_DATA,
    meaning,
  };
}

/** CloudWatch namespace of the service-quota usage metrics. */
export const USAGE_METRICS_NAMESPACE = "AWS/Usage";

/** The usage metric of API calls. */
export const KMS_USAGE_METRIC = "CallCount";

/**
 * Dimensions of the account's KMS symmetric cryptographic request count (the usage metric behind
 * the "Cryptographic operations (symmetric) request rate" quota: Decrypt, Encrypt,
 * GenerateDataKey, ReEncrypt... on symmetric keys, the calls replication makes).
 */
export const KMS_SYMMETRIC_USAGE_DIMENSIONS: Readonly<Record<"Service" | "Type" | "Resource" | "Class", string>> = {
  Service: "KMS",
  Type: "API",
  Resource: "CryptographicOperationsSymmetric",
  Class: "None",
};

/** Period of the usage metric, seconds (collected every minute). */
export const KMS_USAGE_PERIOD_SECONDS = 60;

/** Default share of a Region's KMS request quota at which the usage alarm fires. */
export const DEFAULT_KMS_QUOTA_ALARM_SHARE = 0.8;

/**
 * Threshold of the KMS usage alarm: `share` of the Region's symmetric request quota (requests per
 * second, from the cost model's table), as calls per 1-minute period (the metric's SUM).
 */
export function kmsUsageAlarmThreshold(region: string, share: number): number {
  return Math.floor(share * kmsRequestQuota(region) * KMS_USAGE_PERIOD_SECONDS);
}

/** The argument rule of the quota share: a number above 0 and at most 1. */
export function kmsQuotaShareIssues(share: number | undefined, field: string): ValidationIssue[] {
  if (share === undefined) return [];
  if (typeof share !== "number" || !Number.isFinite(share) || share <= 0 || share > 1) {
    return [
      {
        field,
        problem: `${JSON.stringify(share)} is not a share of the quota`,
        fix: `give a number above 0 and at most 1, e.g. ${DEFAULT_KMS_QUOTA_ALARM_SHARE} for ${DEFAULT_KMS_QUOTA_ALARM_SHARE * 100}% of the Region's quota`,
      },
    ];
  }
  return [];
}

/** One side of a rule, as far as KMS usage is concerned. */
export interface KmsUsageSide<R> {
  /** The side's Region (or a key standing for it). */
  region: R;
  /** True when the side's objects are encrypted with a KMS key (SSE-KMS or DSSE-KMS). */
  usesKms: boolean;
}

/**
 * The Regions a rule draws KMS requests from, charged to the rule owner's (the role's) account:
 * the source Region when the source uses a KMS key (decrypt), the destination Region when the
 * destination does (encrypt); one entry when both are the same Region.
 */
export function kmsUsageRegions<R>(source: KmsUsageSide<R>, destination: KmsUsageSide<R>): R[] {
  const regions: R[] = [];
  for (const side of [source, destination]) {
    if (side.usesKms && !regions.includes(side.region)) regions.push(side.region);
  }
  return regions;
}

/** One rule on a dashboard, with resolved names and Regions. */
export interface DashboardRule {
  /** Title prefix, e.g. `orders -> dr`. */
  label: string;
  /** Source bucket name. */
  sourceBucket: string;
  /** Destination bucket name. */
  destinationBucket: string;
  /** Rule id. */
  ruleId: string;
  /** Region of the source bucket. */
  sourceRegion: string;
  /** Region of the destination bucket. */
  destinationRegion: string;
  /** RTC on (the latency widget shows the 15-minute threshold). */
  replicationTime: boolean;
}

/** One Region's KMS usage on a dashboard. */
export interface DashboardKmsRegion {
  /** The Region. */
  region: string;
  /** Share of the quota the alarm fires at. */
  share: number;
}

/** One replication-event topic on a dashboard (failureEvents). */
export interface DashboardEventTopic {
  /** The rules whose events it receives, e.g. `orders -> dr, orders -> near`. */
  label: string;
  /** The topic's name (the TopicName dimension). */
  topicName: string;
  /** The topic's Region (the source bucket's). */
  region: string;
}

/** A horizontal line on a graph. */
export interface DashboardAnnotation {
  /** Label. */
  label: string;
  /** Value on the y axis. */
  value: number;
}

/** A metric widget of a dashboard body. */
export interface DashboardMetricWidget {
  /** Always `metric`. */
  type: "metric";
  /** Grid position and size. */
  x: number;
  y: number;
  width: number;
  height: number;
  /** Widget properties. */
  properties: {
    title: string;
    /** The Region the widget reads its metrics from. */
    region: string;
    view: "timeSeries";
    stat: string;
    period: number;
    metrics: Array<Array<string | Record<string, string | number | boolean>>>;
    annotations?: { horizontal: DashboardAnnotation[] };
  };
}

/** A CloudWatch dashboard body. */
export interface DashboardBody {
  /** The widgets. */
  widgets: DashboardMetricWidget[];
}

const WIDGET = { width: 6, height: 6 };

/**
 * The dashboard of a set of rules and KMS Regions: per rule a row with latency, pending bytes,
 * pending operations (read in the destination's Region) and failed operations (read in the
 * source's Region); then per Region the KMS symmetric request rate (per second) against the quota
 * and the alarm threshold.
 */
export function replicationDashboardBody(
  rules: DashboardRule[],
  kms: DashboardKmsRegion[],
  eventTopics: DashboardEventTopic[] = [],
): DashboardBody {
  const widgets = rules.flatMap((rule, row) =>
    REPLICATION_METRICS.map((spec, column) => replicationMetricWidget(rule, spec, row, column)),
  );
  const top = rules.length * WIDGET.height;
  kms.forEach((entry, i) => widgets.push(kmsUsageWidget(entry, i, top)));
  const eventsTop = top + Math.ceil(kms.length / 2) * WIDGET.height;
  eventTopics.forEach((topic, i) => widgets.push(eventCountWidget(topic, i, eventsTop)));
  return { widgets };
}

/** The place of the i-th half-width widget of a section that starts at `top`: two a row. */
function halfWidthCell(i: number, top: number): Omit<DashboardMetricWidget, "properties"> {
  return {
    type: "metric",
    x: (i % 2) * 12,
    y: top + Math.floor(i / 2) * WIDGET.height,
    width: 12,
    height: WIDGET.height,
  };
}

/** One replication metric of a rule (row), read in the Region it is published in; latency shows the RTC threshold with RTC on. */
function replicationMetricWidget(
  rule: DashboardRule,
  spec: ReplicationMetricSpec,
  row: number,
  column: number,
): DashboardMetricWidget {
  const region = metricRegionOf(spec.metric, { source: rule.sourceRegion, destination: rule.destinationRegion });
  const dimensions = replicationMetricDimensions(rule.sourceBucket, rule.destinationBucket, rule.ruleId);
  const widget: DashboardMetricWidget = {
    type: "metric",
    x: column * WIDGET.width,
    y: row * WIDGET.height,
    ...WIDGET,
    properties: {
      title: `${rule.label}: ${spec.title} (${region})`,
      region,
      view: "timeSeries",
      stat: spec.statistic,
      period: 60,
      metrics: [
        [
          S3_METRICS_NAMESPACE,
          spec.metric,
          "SourceBucket",
          dimensions.SourceBucket,
          "DestinationBucket",
          dimensions.DestinationBucket,
          "RuleId",
          dimensions.RuleId,
        ],
      ],
    },
  };
  if (spec.metric === ReplicationMetric.ReplicationLatency && rule.replicationTime) {
    widget.properties.annotations = {
      horizontal: [{ label: "RTC threshold (15 min)", value: RTC_THRESHOLD_SECONDS }],
    };
  }
  return widget;
}

/** The KMS symmetric request rate (per second) of a Region against its quota and the alarm threshold. */
function kmsUsageWidget(entry: DashboardKmsRegion, i: number, top: number): DashboardMetricWidget {
  const quota = kmsRequestQuota(entry.region);
  const d = KMS_SYMMETRIC_USAGE_DIMENSIONS;
  return {
    ...halfWidthCell(i, top),
    properties: {
      title: `KMS symmetric requests per second in ${entry.region} (quota ${quota})`,
      region: entry.region,
      view: "timeSeries",
      stat: "Sum",
      period: KMS_USAGE_PERIOD_SECONDS,
      metrics: [
        [{ expression: `m1/${KMS_USAGE_PERIOD_SECONDS}`, label: "requests/s", id: "e1" }],
        [
          USAGE_METRICS_NAMESPACE,
          KMS_USAGE_METRIC,
          "Service",
          d.Service,
          "Type",
          d.Type,
          "Resource",
          d.Resource,
          "Class",
          d.Class,
          { id: "m1", visible: false },
        ],
      ],
      annotations: {
        horizontal: [
          { label: "quota", value: quota },
          {
            label: `alarm (${Math.round(entry.share * 100)}%)`,
            value: kmsUsageAlarmThreshold(entry.region, entry.share) / KMS_USAGE_PERIOD_SECONDS,
          },
        ],
      },
    },
  };
}

/**
 * The count of replication events (failures, and RTC threshold events) S3 published to a topic:
 * SNS's `NumberOfMessagesPublished` (Sum) with the `TopicName` dimension, read in the topic's
 * Region ("Monitoring Amazon SNS topics using CloudWatch",
 * https://docs.aws.amazon.com/sns/latest/dg/sns-monitoring-using-cloudwatch.html).
 */
function eventCountWidget(topic: DashboardEventTopic, i: number, top: number): DashboardMetricWidget {
  return {
    ...halfWidthCell(i, top),
    properties: {
      title: `Replication failure events of ${topic.label} (${topic.region})`,
      region: topic.region,
      view: "timeSeries",
      stat: "Sum",
      period: 300,
      metrics: [["AWS/SNS", "NumberOfMessagesPublished", "TopicName", topic.topicName]],
    },
  };
}

/**
 * The existing SNS topics (ARNs) an alarm in (account, Region) can notify: those of that account
 * and Region. A CloudWatch alarm action names an SNS topic ARN, and the alarm can only use a topic
 * in its own Region ("Using Amazon CloudWatch alarms", section "Alarm actions",
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/AlarmThatSendsEmail.html; the
 * PutMetricAlarm API, https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html,
 * lists `arn:aws:sns:region:account-id:sns-topic-name` as the SNS action). A topic of another
 * account in the same Region can be notified when its policy admits CloudWatch; this package only
 * pairs an alarm with topics of its own account, so no cross-account topic policy is needed.
 */
export function alarmTopicsFor(topicArns: readonly string[], account: string, region: string): string[] {
  return topicArns.filter((arn) => {
    const parsed = parseArn(arn);
    return parsed?.service === "sns" && parsed.account === account && parsed.region === region;
  });
}

/** The argument rule of existing alarm topics: each a full SNS topic ARN (its account and Region say which alarms it serves). */
export function alarmTopicArnIssues(topicArns: unknown, field: string): ValidationIssue[] {
  if (topicArns === undefined) return [];
  if (!Array.isArray(topicArns)) {
    return [{ field, problem: `${JSON.stringify(topicArns)} is not a list`, fix: "give a list of SNS topic ARNs" }];
  }
  return topicArns.flatMap((arn: unknown, i): ValidationIssue[] => {
    const parsed = typeof arn === "string" ? parseArn(arn) : undefined;
    if (parsed?.service === "sns" && parsed.region !== "" && /^\d{12}$/.test(parsed.account) && parsed.resource !== "")
      return [];
    return [
      {
        field: `${field}[${i}]`,
        problem: `${JSON.stringify(arn)} is not an SNS topic ARN`,
        fix: "give the topic's full ARN, e.g. arn:aws:sns:us-east-1:111111111111:alerts (its account and Region pick the alarms it serves)",
      },
    ];
  });
}

/** What a rule has that tells someone when its objects fail to replicate. */
export interface FailureSignals {
  /** Replication metrics on (without them S3 publishes no failure metric and sends no failure event). */
  metrics: boolean;
  /** An alarm on the rule's OperationsFailedReplication in the source bucket's Region. */
  failedAlarm: boolean;
  /** An S3 Event Notification of s3:Replication:OperationFailedReplication on the source bucket. */
  failureNotification: boolean;
}

/**
 * Why a rule has no failure signal, or undefined when it has one. Without metrics S3 publishes no
 * OperationsFailedReplication and sends no s3:Replication:OperationFailedReplication event
 * ("Using S3 Replication metrics"; "Receiving replication failure events with Amazon S3 Event
 * Notifications", https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-metrics-events.html),
 * so objects that fail simply stay behind (status FAILED) and nobody is told.
 */
export function missingFailureSignal(signals: FailureSignals): string | undefined {
  if (!signals.metrics)
    return "replication metrics are off, so S3 publishes no failure metric and sends no failure event";
  if (!signals.failedAlarm && !signals.failureNotification)
    return "metrics are on but nothing watches them: no alarm on OperationsFailedReplication and no failure event notification";
  return undefined;
}

/** One query of a metric-math alarm (the shape of PutMetricAlarm's `Metrics`, as the AWS provider's `metricQueries`). */
export interface AlarmMetricQuery {
  /** Id, referenced by expressions. */
  id: string;
  /** Metric math expression (else `metric`). */
  expression?: string;
  /** Label. */
  label?: string;
  /** True for the one query the alarm compares with its threshold. */
  returnData: boolean;
  /** The metric read (else `expression`). */
  metric?: {
    namespace: string;
    metricName: string;
    dimensions: Record<string, string>;
    period: number;
    stat: string;
  };
}

/** How the KMS request-rate alarm of one Region compares usage with the quota. */
export interface KmsUsageAlarmShape {
  /** True when it reads the applied quota with SERVICE_QUOTA; false: the documented default table. */
  appliedQuota: boolean;
  /** With the applied quota: the metric-math queries (usage, and usage per second as a percentage of the quota). */
  metricQueries?: AlarmMetricQuery[];
  /** Threshold: a percentage of the quota (applied quota), else calls per 1-minute SUM. */
  threshold: number;
}

/**
 * True where Service Quotas publishes the account's applied KMS request quota for CloudWatch's
 * SERVICE_QUOTA function: the commercial (`aws`) and GovCloud partitions, where KMS is integrated
 * with Service Quotas ("Visualizing your service quotas and setting alarms",
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch-Quotas-Visualize-Alarms.html).
 * Elsewhere (China, isolated partitions; unverified) the alarm falls back to the default table.
 */
export function kmsQuotaPublished(region: string): boolean {
  const partition = partitionOfRegion(region);
  return partition === "aws" || partition === "aws-us-gov";
}

/**
 * The KMS request-rate alarm of a Region. Where the applied quota is published: metric math
 * `100 * (usage / 60) / SERVICE_QUOTA(usage)` (requests per second as a percentage of the
 * account's applied quota; SERVICE_QUOTA "returns the service quota for the given usage metric",
 * "Using metric math", https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/using-metric-math.html;
 * the KMS guide's alarm recipe, "Manage your AWS KMS API request rates using Service Quotas and
 * Amazon CloudWatch"), over `share` * 100, so a raised quota raises the alarm with it. Elsewhere
 * the documented default quota of the Region (kmsUsageAlarmThreshold).
 */
export function kmsUsageAlarmShape(region: string, share: number): KmsUsageAlarmShape {
  if (!kmsQuotaPublished(region)) return { appliedQuota: false, threshold: kmsUsageAlarmThreshold(region, share) };
  return {
    appliedQuota: true,
    threshold: Math.round(share * 100 * 100) / 100,
    metricQueries: [
      {
        id: "usage",
        returnData: false,
        metric: {
          namespace: USAGE_METRICS_NAMESPACE,
          metricName: KMS_USAGE_METRIC,
          dimensions: { ...KMS_SYMMETRIC_USAGE_DIMENSIONS },
          period: KMS_USAGE_PERIOD_SECONDS,
          stat: "Sum",
        },
      },
      {
        id: "quotaShare",
        expression: `100 * (usage / ${KMS_USAGE_PERIOD_SECONDS}) / SERVICE_QUOTA(usage)`,
        label: "KMS symmetric requests, % of the applied quota",
        returnData: true,
      },
    ],
  };
}

/** The S3 event type of a replication failure (needs replication metrics on the rule). */
export const REPLICATION_FAILED_EVENT = "s3:Replication:OperationFailedReplication";

/** The S3 RTC threshold events (need RTC on the rule). */
export const REPLICATION_THRESHOLD_EVENTS: readonly string[] = [
  "s3:Replication:OperationMissedThreshold",
  "s3:Replication:OperationReplicatedAfterThreshold",
];

/**
 * The replication events a source bucket's notification asks for: the failure event always (it
 * carries the failure reason), the threshold events when a rule of the bucket has RTC. From
 * "Receiving replication failure events with Amazon S3 Event Notifications"
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-metrics-events.html): the
 * failure event needs metrics, not RTC; the threshold events need RTC. The destination must be an
 * SNS topic (or SQS queue, Lambda function) in the bucket's Region ("Amazon S3 Event
 * Notifications", https://docs.aws.amazon.com/AmazonS3/latest/userguide/EventNotifications.html;
 * EventBridge does not carry the replication event types: "Using EventBridge",
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/EventBridge.html).
 */
export function replicationEventTypes(anyReplicationTime: boolean): string[] {
  return anyReplicationTime ? [REPLICATION_FAILED_EVENT, ...REPLICATION_THRESHOLD_EVENTS] : [REPLICATION_FAILED_EVENT];
}

/**
 * Which finding codes foresee each S3 replication failure reason (the `failureReason` a failure
 * event carries, "Amazon S3 replication failure reasons",
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-failure-codes.html), read from
 * the finding catalogue: the map from an event's reason to the configuration that causes it.
 */
export function failureReasonCodes(): Record<string, string[]> {
  const map: Record<string, string[]> = {};
  for (const [code, rule] of Object.entries(FINDING_RULES)) {
    for (const reason of rule.failureReason?.match(/\b(?:Src|Dst|Assume)[A-Za-z]+/g) ?? []) {
      map[reason] = [...(map[reason] ?? []), code];
    }
  }
  return map;
}
