/**
 * The pack judges the monitoring people write (policy replication-monitoring, S3R050-S3R052): for
 * each case AWS's own alarm or notification draws nothing, and the broken variant is reported with
 * the fix. Run on the happy raw-resource program (source us-east-1, destination eu-west-1, rule "dr").
 */

import * as assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import { runPolicies } from "../../policypack/testing";
import { DST_BUCKET, SRC_ACCOUNT, SRC_BUCKET, Tweaks, happyProgram } from "./program";

const POLICY = "replication-monitoring";
const DIMENSIONS = { SourceBucket: SRC_BUCKET, DestinationBucket: DST_BUCKET, RuleId: "dr" };
const SRC_TOPIC = `arn:aws:sns:us-east-1:${SRC_ACCOUNT}:replication-events`;

/** The rule with metrics (and RTC) off. */
const metricsOff: Tweaks = {
  replicationTime: false,
  rules: (rules) =>
    rules.map((r) => ({ ...r, destination: { ...r.destination, metrics: { status: "Disabled" } } })) as unknown[],
};

/** The alarm of the S3 user guide's metrics page: OperationsFailedReplication, the rule's three dimensions, the source bucket's Region. */
const failedAlarm = (overrides: Partial<aws.cloudwatch.MetricAlarmArgs> = {}) =>
  ({
    namespace: "AWS/S3",
    metricName: "OperationsFailedReplication",
    dimensions: DIMENSIONS,
    statistic: "Sum",
    period: 300,
    evaluationPeriods: 1,
    threshold: 0,
    comparisonOperator: "GreaterThanThreshold",
    treatMissingData: "ignore",
    ...overrides,
  }) as aws.cloudwatch.MetricAlarmArgs;

interface Monitoring {
  alarms?: Array<[string, aws.cloudwatch.MetricAlarmArgs]>;
  notification?: aws.s3.BucketNotificationArgs;
}

/** The happy program plus hand-written monitoring through the source account's provider. */
function program(monitoring: Monitoring, tweaks: Tweaks = {}): () => Record<string, unknown> {
  return () => {
    const out = happyProgram(tweaks)();
    const provider = new aws.Provider("monitoring", { region: "us-east-1", allowedAccountIds: [SRC_ACCOUNT] });
    for (const [name, args] of monitoring.alarms ?? []) new aws.cloudwatch.MetricAlarm(name, args, { provider });
    if (monitoring.notification) new aws.s3.BucketNotification("events", monitoring.notification, { provider });
    return out;
  };
}

async function monitoringMessages(monitoring: Monitoring, tweaks: Tweaks = {}, preview = false): Promise<string[]> {
  const r = await runPolicies(program(monitoring, tweaks), { preview });
  return r.violations.filter((v) => v.policyName === POLICY).map((v) => v.message);
}

const correct: Monitoring = {
  alarms: [
    ["failed", failedAlarm()],
    [
      "latency",
      failedAlarm({ metricName: "ReplicationLatency", statistic: "Maximum", threshold: 900, region: "eu-west-1" }),
    ],
  ],
  notification: {
    bucket: SRC_BUCKET,
    topics: [{ topicArn: SRC_TOPIC, events: ["s3:Replication:OperationFailedReplication"] }],
  },
};

describe("policy replication-monitoring", () => {
  for (const preview of [false, true]) {
    it(`AWS's own alarms and a failure notification in the bucket's Region draw nothing (${preview ? "preview" : "update"})`, async () => {
      assert.deepEqual(await monitoringMessages(correct, {}, preview), []);
    });
  }

  const broken: Array<[string, Monitoring, Tweaks, RegExp]> = [
    [
      "an alarm on a metric name S3 does not publish (FailedReplicationOperations)",
      { alarms: [["failed", failedAlarm({ metricName: "FailedReplicationOperations" })]] },
      {},
      /\[S3R050 high monitoring\] cloudwatch\.MetricAlarm "failed": this alarm can never fire: S3 publishes no replication metric named FailedReplicationOperations.*Fix: watch OperationsFailedReplication/,
    ],
    [
      "failed operations watched in the destination's Region",
      { alarms: [["failed", failedAlarm({ region: "eu-west-1" })]] },
      {},
      /S3R050.*publishes OperationsFailedReplication in us-east-1 \(the source bucket's Region\), not in eu-west-1/,
    ],
    [
      "latency watched in the source's Region",
      { alarms: [["latency", failedAlarm({ metricName: "ReplicationLatency" })]] },
      {},
      /S3R050.*publishes ReplicationLatency in eu-west-1 \(the destination bucket's Region\), not in us-east-1/,
    ],
    [
      "dimensions that match no rule",
      { alarms: [["failed", failedAlarm({ dimensions: { ...DIMENSIONS, RuleId: "backup" } })]] },
      {},
      /S3R050.*no rule of bucket orders-src has RuleId backup/,
    ],
    [
      "an alarm on a rule whose metrics are off",
      { alarms: [["failed", failedAlarm()]] },
      metricsOff,
      /S3R050.*rule "dr" has replication metrics off/,
    ],
    [
      "replication events to a topic in another Region",
      {
        notification: {
          bucket: SRC_BUCKET,
          topics: [
            {
              topicArn: `arn:aws:sns:eu-west-1:${SRC_ACCOUNT}:events`,
              events: ["s3:Replication:OperationFailedReplication"],
            },
          ],
        },
      },
      {},
      /\[S3R051 high monitoring\] s3\.BucketNotification "events": these replication events can never arrive: .* in eu-west-1.*bucket's Region \(us-east-1\)/,
    ],
    [
      "replication events on a bucket whose rules have metrics off",
      { notification: correct.notification as aws.s3.BucketNotificationArgs },
      metricsOff,
      /S3R051.*every replication rule of bucket orders-src has metrics off/,
    ],
    [
      "a rule with no failure signal at all",
      {},
      metricsOff,
      /\[S3R052 medium advice\] .*rule "dr": .*has no failure signal: replication metrics are off/,
    ],
  ];
  for (const [title, monitoring, tweaks, message] of broken) {
    it(title, async () => {
      const messages = await monitoringMessages(monitoring, tweaks);
      assert.ok(
        messages.some((m) => message.test(m)),
        `expected ${message} in:\n${messages.join("\n")}`,
      );
    });
  }

  it("a rule with metrics on and no alarm still has its metrics: no advice", async () => {
    assert.deepEqual(await monitoringMessages({}), []);
  });
});
