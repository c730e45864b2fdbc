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

import { kmsRequestQuota } from "./cost";
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
 * these metrics only while there is replication activity to report ("Using S3 Replication metrics":
 * metrics are delivered on a best-effort basis), and the metrics page advises treating missing data
 * as "ignore (maintain the alarm state)", so a quiet period neither clears nor raises an alarm.
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
  const failed: ReplicationAlarmSpec = {
    kind: "failed",
    metric: ReplicationMetric.OperationsFailedReplication,
    region: replicationMetricSpec(ReplicationMetric.OperationsFailedReplication).publishedIn,
    statistic: "Sum",
    period: 300,
    threshold: 0,
    comparisonOperator: "GreaterThanThreshold",
    treatMissingData: REPLICATION_ALARM_MISSING_DATA,
    meaning: "operations failed to replicate",
  };
  if (!rule.replicationTime) return [failed];
  const latency: ReplicationAlarmSpec = {
    kind: "latency",
    metric: ReplicationMetric.ReplicationLatency,
    region: replicationMetricSpec(ReplicationMetric.ReplicationLatency).publishedIn,
    statistic: "Maximum",
    period: 300,
    threshold: RTC_THRESHOLD_SECONDS,
    comparisonOperator: "GreaterThanThreshold",
    treatMissingData: REPLICATION_ALARM_MISSING_DATA,
    meaning: "replication latency over the 15-minute RTC threshold",
  };
  return [failed, latency];
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
export function replicationDashboardBody(rules: DashboardRule[], kms: DashboardKmsRegion[]): DashboardBody {
  const widgets: DashboardMetricWidget[] = [];
  rules.forEach((rule, row) => {
    REPLICATION_METRICS.forEach((spec, column) => {
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
      widgets.push(widget);
    });
  });
  const top = rules.length * WIDGET.height;
  kms.forEach((entry, i) => {
    const quota = kmsRequestQuota(entry.region);
    const d = KMS_SYMMETRIC_USAGE_DIMENSIONS;
    widgets.push({
      type: "metric",
      x: (i % 2) * 12,
      y: top + Math.floor(i / 2) * WIDGET.height,
      width: 12,
      height: WIDGET.height,
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
    });
  });
  return { widgets };
}
