/**
 * The monitoring family reader: CloudWatch alarms (their own metric, or each metric of a
 * metric-math alarm's queries), S3 bucket notifications (topics, queues, functions) and, from the
 * replications already read, each rule's buckets, Regions, metrics and RTC. Every property is read
 * through the typed accessor; a value unknown in preview reads as undefined, which the judgement
 * (components/model/monitoringAnalysis.ts) leaves open.
 */

import type {
  AlarmFound,
  AlarmMetricFound,
  FoundReplication,
  MonitoredRuleFound,
  MonitoringFound,
  NotificationFound,
  NotificationTargetFound,
} from "s3-replication/components/model";
import { Accessor } from "./accessor";
import { Accounts } from "./accounts";
import { MappingContext, refOf } from "./context";
import { Plain } from "./values";

/** The resource types this reader reads. */
const MONITORING = {
  alarm: /^aws:cloudwatch\/metricAlarm:MetricAlarm$/,
  notification: /^aws:s3\/bucketNotification:BucketNotification$/,
};

/** The bucket name of an S3 bucket ARN (`arn:aws:s3:::name`), else the value itself. */
function bucketNameOf(arn: string | undefined): string | undefined {
  return arn?.replace(/^arn:[^:]*:s3:::/, "");
}

/** Dimensions as read: every key kept, values that are not known strings read as undefined. */
function dimensionsOf(value: { [key: string]: Plain } | undefined): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [key, v] of Object.entries(value ?? {})) out[key] = typeof v === "string" ? v : undefined;
  return out;
}

/** One metric an accessor names (namespace, metric name, dimensions), when it names one. */
function metricOf(a: Accessor): AlarmMetricFound | undefined {
  const namespace = a.text("namespace");
  const metricName = a.text("metricName");
  if (namespace === undefined && metricName === undefined) return undefined;
  return {
    ...(namespace === undefined ? {} : { namespace }),
    ...(metricName === undefined ? {} : { metricName }),
    dimensions: dimensionsOf(a.record("dimensions")),
  };
}

/** The alarms of the stack, each with the Region it is in and every metric it reads. */
function readAlarms(ctx: MappingContext, accounts: Accounts): AlarmFound[] {
  return ctx.of(MONITORING.alarm).map((r) => {
    const props = ctx.props(r);
    const own = metricOf(props);
    const queries = (props.items("metricQueries") ?? []).flatMap((_, i) => {
      const metric = metricOf(props.at("metricQueries", i, "metric"));
      return metric === undefined ? [] : [metric];
    });
    const region = accounts.regionOf(r);
    return {
      subject: refOf(r),
      urn: r.urn,
      ...(region === undefined ? {} : { region }),
      metrics: [...(own === undefined ? [] : [own]), ...queries],
    };
  });
}

/** The targets of one list of a notification (`topics`, `queues`, `lambdaFunctions`) and the key of their ARN. */
function targetsOf(props: Accessor, list: string, arnKey: string): NotificationTargetFound[] {
  return (props.items(list) ?? []).map((_, i) => {
    const item = props.at(list, i);
    const arn = item.text(arnKey);
    const events = (item.items("events") ?? []).filter((e): e is string => typeof e === "string");
    return { ...(arn === undefined ? {} : { arn }), events };
  });
}

/** The bucket notifications of the stack. */
function readNotifications(ctx: MappingContext, accounts: Accounts): NotificationFound[] {
  return ctx.of(MONITORING.notification).map((r) => {
    const props = ctx.props(r);
    const bucket = bucketNameOf(props.text("bucket"));
    const region = accounts.regionOf(r);
    return {
      subject: refOf(r),
      urn: r.urn,
      ...(bucket === undefined ? {} : { bucket }),
      ...(region === undefined ? {} : { region }),
      targets: [
        ...targetsOf(props, "topics", "topicArn"),
        ...targetsOf(props, "queues", "queueArn"),
        ...targetsOf(props, "lambdaFunctions", "lambdaFunctionArn"),
      ],
    };
  });
}

/** Each rule of the replications already read, as far as monitoring goes. */
function rulesOf(replications: readonly FoundReplication[], placeholders: ReadonlySet<string>): MonitoredRuleFound[] {
  return replications
    .filter((replication) => !placeholders.has(replication.ref))
    .flatMap((replication) =>
      replication.rules.map((rule): MonitoredRuleFound => {
        const destination =
          rule.destinationBucket === undefined ? undefined : replication.destinations[rule.destinationBucket];
        // The fields that are known, in this order (set one by one: a rule of a large stack is read once, cold).
        const found: Omit<MonitoredRuleFound, "metrics" | "replicationTime"> = {
          subject: `${replication.ref} rule "${rule.id ?? "?"}"`,
        };
        const destinationBucket = bucketNameOf(rule.destinationBucket);
        if (rule.id !== undefined) found.ruleId = rule.id;
        if (replication.source.name !== undefined) found.sourceBucket = replication.source.name;
        if (destinationBucket !== undefined) found.destinationBucket = destinationBucket;
        if (replication.source.region !== undefined) found.sourceRegion = replication.source.region;
        if (destination?.region !== undefined) found.destinationRegion = destination.region;
        return {
          ...found,
          metrics: rule.metricsStatus === "Enabled",
          replicationTime: rule.replicationTimeStatus === "Enabled",
        };
      }),
    );
}

/** Reads the stack's monitoring: its rules (not those unknown in preview: `placeholders`), alarms and bucket notifications. */
export function readMonitoring(
  ctx: MappingContext,
  accounts: Accounts,
  replications: readonly FoundReplication[],
  placeholders: ReadonlySet<string>,
): MonitoringFound {
  return {
    rules: rulesOf(replications, placeholders),
    alarms: readAlarms(ctx, accounts),
    notifications: readNotifications(ctx, accounts),
  };
}
