/** The pack's judgement of hand-written monitoring (components/model/monitoringAnalysis.ts): each broken variant and the correct one. */

import * as assert from "node:assert";
import {
  AlarmFound,
  FindingCode,
  MonitoredRuleFound,
  MonitoringFound,
  NotificationFound,
  analyzeMonitoring,
} from "../../components/model";

const rule: MonitoredRuleFound = {
  subject: 'rule "dr"',
  ruleId: "dr",
  sourceBucket: "orders",
  destinationBucket: "orders-dr",
  sourceRegion: "us-east-1",
  destinationRegion: "eu-west-1",
  metrics: true,
  replicationTime: false,
};

/** The alarm of AWS's metrics page: OperationsFailedReplication with the rule's three dimensions, in the source bucket's Region. */
const failedAlarm = (
  overrides: Partial<AlarmFound> = {},
  metric: Partial<AlarmFound["metrics"][0]> = {},
): AlarmFound => ({
  subject: "alarm failed",
  region: "us-east-1",
  metrics: [
    {
      namespace: "AWS/S3",
      metricName: "OperationsFailedReplication",
      dimensions: { SourceBucket: "orders", DestinationBucket: "orders-dr", RuleId: "dr" },
      ...metric,
    },
  ],
  ...overrides,
});

const notification = (overrides: Partial<NotificationFound> = {}): NotificationFound => ({
  subject: "notification",
  bucket: "orders",
  region: "us-east-1",
  targets: [
    { arn: "arn:aws:sns:us-east-1:111111111111:events", events: ["s3:Replication:OperationFailedReplication"] },
  ],
  ...overrides,
});

const codes = (found: Partial<MonitoringFound>): string[] =>
  analyzeMonitoring({ rules: [rule], alarms: [], notifications: [], ...found }).map((f) => f.code);

describe("monitoring judgement: alarms that can never fire (S3R050)", () => {
  it("AWS's own alarms draw nothing: failed operations in the source Region, latency in the destination Region", () => {
    const latency = failedAlarm({ region: "eu-west-1" }, { metricName: "ReplicationLatency" });
    assert.deepStrictEqual(codes({ alarms: [failedAlarm(), latency] }), []);
  });

  for (const [what, alarm, pattern] of [
    [
      "a metric name S3 does not publish",
      failedAlarm({}, { metricName: "FailedReplicationOperations" }),
      /publishes no replication metric named FailedReplicationOperations/,
    ],
    [
      "failed operations watched in the destination's Region",
      failedAlarm({ region: "eu-west-1" }),
      /publishes OperationsFailedReplication in us-east-1 .*source.*not in eu-west-1/,
    ],
    [
      "latency watched in the source's Region",
      failedAlarm({}, { metricName: "ReplicationLatency" }),
      /ReplicationLatency in eu-west-1 .*destination/,
    ],
    [
      "a RuleId no rule has",
      failedAlarm({}, { dimensions: { SourceBucket: "orders", DestinationBucket: "orders-dr", RuleId: "drr" } }),
      /no rule of bucket orders has RuleId drr/,
    ],
    [
      "a missing RuleId dimension",
      failedAlarm({}, { dimensions: { SourceBucket: "orders", DestinationBucket: "orders-dr" } }),
      /only with the dimensions SourceBucket, DestinationBucket and RuleId/,
    ],
  ] as const) {
    it(`${what}: "this alarm can never fire", naming the fix`, () => {
      const findings = analyzeMonitoring({ rules: [rule], alarms: [alarm], notifications: [] });
      assert.deepStrictEqual(
        findings.map((f) => f.code),
        [FindingCode.AlarmCannotFire],
      );
      assert.match(findings[0]?.message ?? "", /this alarm can never fire/);
      assert.match(findings[0]?.message ?? "", pattern);
      assert.match(findings[0]?.fix ?? "", /OperationsFailedReplication.*Region/);
      assert.strictEqual(findings[0]?.kind, "monitoring");
      assert.strictEqual(findings[0]?.severity, "high");
    });
  }

  it("an alarm on a rule whose metrics are off can never fire", () => {
    const off = { ...rule, metrics: false };
    const found = analyzeMonitoring({ rules: [off], alarms: [failedAlarm()], notifications: [] });
    assert.ok(found.some((f) => f.code === FindingCode.AlarmCannotFire && /metrics off/.test(f.message)));
  });

  it("unknown values (preview) and buckets the stack does not replicate are not judged", () => {
    assert.deepStrictEqual(
      codes({
        alarms: [
          failedAlarm(
            { region: undefined },
            { dimensions: { SourceBucket: undefined, DestinationBucket: "x", RuleId: "y" } },
          ),
        ],
      }),
      [],
    );
    assert.deepStrictEqual(
      codes({
        alarms: [failedAlarm({}, { dimensions: { SourceBucket: "elsewhere", DestinationBucket: "x", RuleId: "y" } })],
      }),
      [],
    );
    assert.deepStrictEqual(
      codes({ alarms: [failedAlarm({}, { namespace: "AWS/S3", metricName: "4xxErrors", dimensions: {} })] }),
      [],
    );
  });
});

describe("monitoring judgement: replication events that can never arrive (S3R051)", () => {
  it("the failure event to a topic in the bucket's Region, on a rule with metrics, draws nothing", () => {
    assert.deepStrictEqual(codes({ notifications: [notification()] }), []);
  });

  it("a topic in another Region", () => {
    const n = notification({
      targets: [{ arn: "arn:aws:sns:eu-west-1:111111111111:events", events: ["s3:Replication:*"] }],
    });
    const findings = analyzeMonitoring({ rules: [rule], alarms: [], notifications: [n] });
    assert.deepStrictEqual(
      findings.map((f) => f.code),
      [FindingCode.ReplicationEventsCannotArrive],
    );
    assert.match(findings[0]?.message ?? "", /in eu-west-1.*bucket's Region \(us-east-1\)/);
  });

  it("a bucket whose rules have metrics off", () => {
    const findings = analyzeMonitoring({
      rules: [{ ...rule, metrics: false }],
      alarms: [],
      notifications: [notification()],
    });
    assert.ok(
      findings.some((f) => f.code === FindingCode.ReplicationEventsCannotArrive && /metrics off/.test(f.message)),
    );
  });

  it("threshold events without RTC", () => {
    const n = notification({
      targets: [
        { arn: "arn:aws:sns:us-east-1:111111111111:events", events: ["s3:Replication:OperationMissedThreshold"] },
      ],
    });
    assert.deepStrictEqual(codes({ notifications: [n] }), [FindingCode.ReplicationEventsCannotArrive]);
  });
});

describe("monitoring judgement: a rule with no failure signal (S3R052, advice)", () => {
  it("names the rule whose metrics are off", () => {
    const findings = analyzeMonitoring({ rules: [{ ...rule, metrics: false }], alarms: [], notifications: [] });
    assert.deepStrictEqual(
      findings.map((f) => [f.code, f.kind]),
      [[FindingCode.NoFailureSignal, "advice"]],
    );
    assert.match(findings[0]?.message ?? "", /rule "dr" has no failure signal/);
  });

  it("a rule with metrics on draws nothing", () => {
    assert.deepStrictEqual(codes({}), []);
  });
});
