/**
 * Judging the monitoring people write: alarms on replication metrics and S3 event notifications of
 * replication events that can never fire, and rules with no failure signal at all. Pure: the
 * stack reader hands plain descriptions in, findings come out. The AWS rules are those of
 * `monitoring.ts` (where each metric is published, which dimensions it carries, which events need
 * metrics or RTC); the pages:
 * - "Using S3 Replication metrics", https://docs.aws.amazon.com/AmazonS3/latest/userguide/repl-metrics.html:
 *   the four metrics, their dimensions (SourceBucket, DestinationBucket, RuleId), the Region each is
 *   published in, and that they exist only for rules with metrics (or RTC) on.
 * - "Receiving replication failure events with Amazon S3 Event Notifications",
 *   https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-metrics-events.html: failure
 *   events need metrics on, threshold events need RTC.
 * - "Amazon S3 Event Notifications", https://docs.aws.amazon.com/AmazonS3/latest/userguide/EventNotifications.html
 *   (and "Configuring a bucket for notifications": "The Amazon SNS topic must be in the same Region
 *   as your Amazon S3 bucket"): the destination is in the bucket's Region.
 */

import { parseArn } from "./arn";
import { Finding, FindingCode, finding } from "./findings";
import {
  REPLICATION_METRICS,
  ReplicationMetric,
  S3_METRICS_NAMESPACE,
  metricRegionOf,
  missingFailureSignal,
} from "./monitoring";

/** One replication rule of the stack, as far as monitoring goes. */
export interface MonitoredRuleFound {
  /** How findings name the rule, e.g. `rule "dr" of aws:s3/bucketReplicationConfig:BucketReplicationConfig "orders"`. */
  subject: string;
  /** URN of the resource holding the rule, if known. */
  urn?: string;
  /** The rule id (RuleId dimension); undefined when unknown. */
  ruleId?: string;
  /** Source bucket name. */
  sourceBucket?: string;
  /** Destination bucket name. */
  destinationBucket?: string;
  /** Region of the source bucket, when known. */
  sourceRegion?: string;
  /** Region of the destination bucket, when known. */
  destinationRegion?: string;
  /** Replication metrics on (`metrics.status = Enabled`, or RTC on). */
  metrics: boolean;
  /** S3 RTC on. */
  replicationTime: boolean;
}

/** One metric an alarm reads (its own, or one query of a metric-math alarm). */
export interface AlarmMetricFound {
  /** Namespace, e.g. `AWS/S3`. */
  namespace?: string;
  /** Metric name. */
  metricName?: string;
  /** Dimensions (values undefined when unknown in preview). */
  dimensions: Record<string, string | undefined>;
}

/** One CloudWatch alarm of the stack. */
export interface AlarmFound {
  /** How findings name it. */
  subject: string;
  /** URN. */
  urn?: string;
  /** The Region it is created in, when known. */
  region?: string | undefined;
  /** The metrics it reads. */
  metrics: AlarmMetricFound[];
}

/** One destination of an S3 bucket notification. */
export interface NotificationTargetFound {
  /** Topic, queue or function ARN (undefined when unknown). */
  arn?: string;
  /** The events it asks for. */
  events: string[];
}

/** One S3 bucket notification configuration of the stack. */
export interface NotificationFound {
  /** How findings name it. */
  subject: string;
  /** URN. */
  urn?: string;
  /** The bucket (name). */
  bucket?: string;
  /** The bucket's (and the resource's) Region, when known. */
  region?: string | undefined;
  /** Its topics, queues and functions. */
  targets: NotificationTargetFound[];
}

/** What the monitoring judgement reads. */
export interface MonitoringFound {
  /** The stack's replication rules. */
  rules: MonitoredRuleFound[];
  /** The stack's CloudWatch alarms. */
  alarms: AlarmFound[];
  /** The stack's bucket notifications. */
  notifications: NotificationFound[];
}

const PUBLISHED = new Set<string>(REPLICATION_METRICS.map((m) => m.metric));
const RULE_DIMENSIONS = ["SourceBucket", "DestinationBucket", "RuleId"] as const;

/** True for an event type S3 sends about replication (including `s3:Replication:*`). */
export function isReplicationEvent(event: string): boolean {
  return event.startsWith("s3:Replication:");
}

/** Why one alarm metric can never receive data, or undefined (also when unknown values leave it open). */
function metricProblem(metric: AlarmMetricFound, alarm: AlarmFound, rules: MonitoredRuleFound[]): string | undefined {
  if (metric.namespace !== S3_METRICS_NAMESPACE) return undefined;
  const name = metric.metricName;
  const ruleDims = RULE_DIMENSIONS.filter((d) => d in metric.dimensions);
  if (name === undefined) return undefined;
  if (!PUBLISHED.has(name)) {
    if (!/Replicat/i.test(name)) return undefined;
    return `S3 publishes no replication metric named ${name} (the metrics are ${[...PUBLISHED].join(", ")})`;
  }
  if (ruleDims.length < RULE_DIMENSIONS.length)
    return `S3 publishes ${name} only with the dimensions SourceBucket, DestinationBucket and RuleId; this alarm names ${ruleDims.length === 0 ? "none of them" : ruleDims.join(", ")}`;
  const [source, destination, ruleId] = RULE_DIMENSIONS.map((d) => metric.dimensions[d]);
  if (source === undefined || destination === undefined || ruleId === undefined) return undefined;
  const ofSource = rules.filter((r) => r.sourceBucket === source);
  if (ofSource.length === 0 || ofSource.some((r) => r.ruleId === undefined || r.destinationBucket === undefined))
    return undefined;
  const rule = ofSource.find((r) => r.ruleId === ruleId && r.destinationBucket === destination);
  if (rule === undefined)
    return `no rule of bucket ${source} has RuleId ${ruleId} and destination ${destination} (its rules: ${ofSource.map((r) => `${r.ruleId ?? "?"} -> ${r.destinationBucket ?? "?"}`).join(", ")})`;
  if (!rule.metrics && !rule.replicationTime)
    return `${rule.subject} has replication metrics off, so S3 publishes no ${name} for it`;
  const expected = metricRegionOf(name as ReplicationMetric, {
    source: rule.sourceRegion,
    destination: rule.destinationRegion,
  });
  if (alarm.region !== undefined && expected !== undefined && alarm.region !== expected)
    return `S3 publishes ${name} in ${expected} (the ${expected === rule.sourceRegion ? "source" : "destination"} bucket's Region), not in ${alarm.region} where the alarm is`;
  return undefined;
}

/** Alarms on replication metrics that can never fire (S3R050). */
export function alarmsThatCannotFire(found: MonitoringFound): Finding[] {
  return found.alarms.flatMap((alarm) =>
    alarm.metrics.flatMap((metric) => {
      const problem = metricProblem(metric, alarm, found.rules);
      if (problem === undefined) return [];
      return [
        finding(FindingCode.AlarmCannotFire, {
          subject: alarm.subject,
          detail: { metric: metric.metricName ?? "", ...(alarm.region === undefined ? {} : { region: alarm.region }) },
          message: `this alarm can never fire: ${problem}.`,
          fix: "watch OperationsFailedReplication (or ReplicationLatency, BytesPendingReplication, OperationsPendingReplication) in namespace AWS/S3 with the rule's SourceBucket, DestinationBucket and RuleId, created in the Region where S3 publishes it (failed operations: the source bucket's; latency and pending: the destination's), on a rule with metrics on.",
        }),
      ];
    }),
  );
}

/** Why a notification's replication events can never arrive, or undefined. */
function notificationProblem(
  n: NotificationFound,
  target: NotificationTargetFound,
  rules: MonitoredRuleFound[],
): string | undefined {
  const targetRegion = target.arn === undefined ? undefined : parseArn(target.arn)?.region;
  if (n.region !== undefined && targetRegion !== undefined && targetRegion !== "" && targetRegion !== n.region)
    return `its destination ${target.arn ?? ""} is in ${targetRegion}, and S3 sends a bucket's events only to a destination in the bucket's Region (${n.region})`;
  const own = rules.filter((r) => r.sourceBucket !== undefined && r.sourceBucket === n.bucket);
  if (own.length === 0) return undefined;
  if (own.every((r) => !r.metrics && !r.replicationTime))
    return `every replication rule of bucket ${n.bucket ?? ""} has metrics off (${own.map((r) => r.subject).join(", ")}), and S3 sends replication events only for rules with metrics on`;
  const threshold = target.events.filter((e) => e.includes("Threshold"));
  if (threshold.length > 0 && own.every((r) => !r.replicationTime))
    return `${threshold.join(", ")} need S3 RTC, and no rule of bucket ${n.bucket ?? ""} has it`;
  return undefined;
}

/** Bucket notifications of replication events that can never arrive (S3R051). */
export function notificationsThatCannotArrive(found: MonitoringFound): Finding[] {
  return found.notifications.flatMap((n) =>
    n.targets
      .filter((t) => t.events.some(isReplicationEvent))
      .flatMap((target) => {
        const problem = notificationProblem(n, target, found.rules);
        if (problem === undefined) return [];
        return [
          finding(FindingCode.ReplicationEventsCannotArrive, {
            subject: n.subject,
            detail: { bucket: n.bucket ?? "", destination: target.arn ?? "" },
            message: `these replication events can never arrive: ${problem}.`,
            fix: "turn replication metrics on for the bucket's rules (RTC for the threshold events) and send the events to an SNS topic, SQS queue or Lambda function in the bucket's own Region.",
          }),
        ];
      }),
  );
}

/** True when a working alarm in the stack watches the rule's failed operations. */
function failureAlarmed(rule: MonitoredRuleFound, found: MonitoringFound): boolean {
  return found.alarms.some((alarm) =>
    alarm.metrics.some(
      (m) =>
        m.namespace === S3_METRICS_NAMESPACE &&
        m.metricName === ReplicationMetric.OperationsFailedReplication &&
        m.dimensions["SourceBucket"] === rule.sourceBucket &&
        m.dimensions["RuleId"] === rule.ruleId &&
        metricProblem(m, alarm, found.rules) === undefined,
    ),
  );
}

/** True when the rule's source bucket delivers failure events. */
function failureNotified(rule: MonitoredRuleFound, found: MonitoringFound): boolean {
  return found.notifications.some(
    (n) =>
      n.bucket === rule.sourceBucket &&
      n.targets.some((t) =>
        t.events.some((e) => e === "s3:Replication:OperationFailedReplication" || e === "s3:Replication:*"),
      ),
  );
}

/**
 * Rules with no failure signal at all (S3R052, advice): metrics off, and no alarm or notification
 * in the stack for them. A rule with metrics on still has its metrics in the console; one whose
 * alarm lives in another stack is not judged here beyond its metrics.
 */
export function rulesWithoutFailureSignal(found: MonitoringFound): Finding[] {
  return found.rules.flatMap((rule) => {
    const metrics = rule.metrics || rule.replicationTime;
    if (metrics) return [];
    const why = missingFailureSignal({
      metrics,
      failedAlarm: failureAlarmed(rule, found),
      failureNotification: failureNotified(rule, found),
    });
    if (why === undefined) return [];
    return [
      finding(FindingCode.NoFailureSignal, {
        subject: rule.subject,
        detail: { ruleId: rule.ruleId ?? "", sourceBucket: rule.sourceBucket ?? "" },
        message: `${rule.subject} has no failure signal: ${why}; objects that fail to replicate stay behind and nobody is told.`,
        fix: "set the rule's destination.metrics.status to Enabled and alarm on OperationsFailedReplication in the source bucket's Region (or deliver s3:Replication:OperationFailedReplication events to a topic in that Region).",
      }),
    ];
  });
}

/** Every monitoring finding of a stack. */
export function analyzeMonitoring(found: MonitoringFound): Finding[] {
  return [...alarmsThatCannotFire(found), ...notificationsThatCannotArrive(found), ...rulesWithoutFailureSignal(found)];
}
