/** The pure monitoring rules: which Region each metric is published in, KMS usage Regions and thresholds, the dashboard body. */

import * as assert from "node:assert";
import {
  MetricRegion,
  ReplicationMetric,
  kmsQuotaShareIssues,
  kmsUsageAlarmThreshold,
  kmsUsageRegions,
  metricRegionOf,
  replicationAlarmSpecs,
  replicationDashboardBody,
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
