/** The pure monitoring rules: which Region each metric is published in, KMS usage Regions and thresholds, the dashboard body. */

import * as assert from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import {
  MetricRegion,
  ReplicationMetric,
  kmsQuotaShareIssues,
  kmsUsageAlarmThreshold,
  kmsUsageRegions,
  metricRegionOf,
  replicationAlarmSpecs,
  replicationDashboardBody,
  alarmTopicsFor,
  alarmTopicArnIssues,
  kmsUsageAlarmShape,
  missingFailureSignal,
  replicationEventTypes,
  failureReasonCodes,
} from "../../components/model/monitoring";

describe("monitoring model", () => {
  it("latency and pending metrics are read in the destination Region, failed operations in the source Region", () => {
    const regions = { source: "us-east-1", destination: "eu-west-1" };
    assert.strictEqual(metricRegionOf(ReplicationMetric.ReplicationLatency, regions), "eu-west-1");
    assert.strictEqual(metricRegionOf(ReplicationMetric.BytesPendingReplication, regions), "eu-west-1");
    assert.strictEqual(metricRegionOf(ReplicationMetric.OperationsPendingReplication, regions), "eu-west-1");
    assert.strictEqual(metricRegionOf(ReplicationMetric.OperationsFailedReplication, regions), "us-east-1");
  });

  it("alarms: none without metrics, failed with metrics, failed and latency with RTC; missing data ignored", () => {
    assert.deepStrictEqual(replicationAlarmSpecs({ metrics: false, replicationTime: false }), []);
    assert.deepStrictEqual(
      replicationAlarmSpecs({ metrics: true, replicationTime: false }).map((s) => [s.metric, s.region]),
      [["OperationsFailedReplication", MetricRegion.Source]],
    );
    const rtc = replicationAlarmSpecs({ metrics: true, replicationTime: true });
    assert.deepStrictEqual(
      rtc.map((s) => [s.metric, s.region, s.threshold, s.treatMissingData]),
      [
        ["OperationsFailedReplication", MetricRegion.Source, 0, "ignore"],
        ["ReplicationLatency", MetricRegion.Destination, 900, "ignore"],
      ],
    );
  });

  it("KMS usage Regions: each side that uses a KMS key, once per Region", () => {
    assert.deepStrictEqual(kmsUsageRegions({ region: "a", usesKms: true }, { region: "b", usesKms: true }), ["a", "b"]);
    assert.deepStrictEqual(kmsUsageRegions({ region: "a", usesKms: false }, { region: "b", usesKms: true }), ["b"]);
    assert.deepStrictEqual(kmsUsageRegions({ region: "a", usesKms: true }, { region: "a", usesKms: true }), ["a"]);
    assert.deepStrictEqual(kmsUsageRegions({ region: "a", usesKms: false }, { region: "b", usesKms: false }), []);
  });

  it("KMS alarm threshold: the share of the Region's per-second quota, as calls per minute", () => {
    assert.strictEqual(kmsUsageAlarmThreshold("us-east-1", 0.8), 4_800_000);
    assert.strictEqual(kmsUsageAlarmThreshold("eu-west-2", 0.5), 600_000);
    assert.strictEqual(kmsUsageAlarmThreshold("sa-east-1", 1), 600_000);
    assert.deepStrictEqual(kmsQuotaShareIssues(undefined, "x"), []);
    assert.deepStrictEqual(kmsQuotaShareIssues(1, "x"), []);
    assert.deepStrictEqual(
      kmsQuotaShareIssues(-0.1, "x").map((i) => i.field),
      ["x"],
    );
    assert.deepStrictEqual(
      kmsQuotaShareIssues(2, "x").map((i) => i.field),
      ["x"],
    );
  });

  it("the dashboard body gives every widget the Region its metric is published in", () => {
    const body = replicationDashboardBody(
      [
        {
          label: "a -> b",
          sourceBucket: "a",
          destinationBucket: "b",
          ruleId: "r",
          sourceRegion: "us-east-1",
          destinationRegion: "eu-west-1",
          replicationTime: false,
        },
      ],
      [{ region: "eu-west-2", share: 0.5 }],
    );
    assert.deepStrictEqual(
      body.widgets.map((w) => [w.properties.metrics.at(-1)?.[1], w.properties.region]),
      [
        ["ReplicationLatency", "eu-west-1"],
        ["BytesPendingReplication", "eu-west-1"],
        ["OperationsPendingReplication", "eu-west-1"],
        ["OperationsFailedReplication", "us-east-1"],
        ["CallCount", "eu-west-2"],
      ],
    );
    assert.deepStrictEqual(body.widgets[0]?.properties.metrics[0], [
      "AWS/S3",
      "ReplicationLatency",
      "SourceBucket",
      "a",
      "DestinationBucket",
      "b",
      "RuleId",
      "r",
    ]);
    assert.strictEqual(body.widgets[0]?.properties.annotations, undefined, "no RTC line without RTC");
    assert.deepStrictEqual(
      body.widgets[4]?.properties.annotations?.horizontal.map((a) => a.value),
      [20_000, 10_000],
    );
  });
});

describe("monitoring model: failure signals, alarm actions, the applied KMS quota", () => {
  it("a rule has no failure signal without metrics, or with metrics but no alarm and no notification", () => {
    assert.match(
      missingFailureSignal({ metrics: false, failedAlarm: true, failureNotification: true }) ?? "",
      /metrics are off/,
    );
    assert.match(
      missingFailureSignal({ metrics: true, failedAlarm: false, failureNotification: false }) ?? "",
      /nothing watches/,
    );
    assert.strictEqual(
      missingFailureSignal({ metrics: true, failedAlarm: true, failureNotification: false }),
      undefined,
    );
    assert.strictEqual(
      missingFailureSignal({ metrics: true, failedAlarm: false, failureNotification: true }),
      undefined,
    );
  });

  it("an alarm notifies the existing topics of its own account and Region only", () => {
    const topics = [
      "arn:aws:sns:us-east-1:111111111111:alerts",
      "arn:aws:sns:eu-west-1:111111111111:alerts",
      "arn:aws:sns:us-east-1:222222222222:alerts",
    ];
    assert.deepStrictEqual(alarmTopicsFor(topics, "111111111111", "us-east-1"), [topics[0]]);
    assert.deepStrictEqual(alarmTopicsFor(topics, "333333333333", "us-east-1"), []);
    assert.deepStrictEqual(alarmTopicArnIssues(topics, "t"), []);
    assert.deepStrictEqual(
      alarmTopicArnIssues(["alerts"], "t").map((i) => i.field),
      ["t[0]"],
    );
  });

  it("the KMS alarm reads the applied quota with SERVICE_QUOTA in the aws partition, the default table elsewhere", () => {
    const applied = kmsUsageAlarmShape("eu-west-3", 0.8);
    assert.strictEqual(applied.appliedQuota, true);
    assert.strictEqual(applied.threshold, 80);
    assert.deepStrictEqual(
      applied.metricQueries?.map((q) => q.expression ?? q.metric?.metricName),
      ["CallCount", "100 * (usage / 60) / SERVICE_QUOTA(usage)"],
    );
    const china = kmsUsageAlarmShape("cn-north-1", 0.8);
    assert.deepStrictEqual(china, { appliedQuota: false, threshold: kmsUsageAlarmThreshold("cn-north-1", 0.8) });
  });

  it("replication events: the failure event always, the RTC threshold events with RTC", () => {
    assert.deepStrictEqual(replicationEventTypes(false), ["s3:Replication:OperationFailedReplication"]);
    assert.deepStrictEqual(replicationEventTypes(true), [
      "s3:Replication:OperationFailedReplication",
      "s3:Replication:OperationMissedThreshold",
      "s3:Replication:OperationReplicatedAfterThreshold",
    ]);
  });
});

describe("failure reasons mapped to the finding codes that foresee them", () => {
  it("docs/components.md shows exactly the catalogue's map", () => {
    const text = fs.readFileSync(path.join(__dirname, "..", "..", "docs", "components.md"), "utf8");
    const rows = Object.entries(failureReasonCodes())
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([reason, codes]) => `| \`${reason}\` | ${codes.join(", ")} |`);
    assert.ok(rows.length >= 9 && rows.some((r) => r.includes("DstBucketUnversioned") && r.includes("S3R001")));
    const start = text.indexOf("| `failureReason` | Finding codes that foresee it |");
    const table = text
      .slice(start)
      .split("\n")
      .slice(2, 2 + rows.length);
    assert.deepStrictEqual(table, rows);
  });
});
