/**
 * Monitoring of S3Replication: every alarm, topic and dashboard widget in the account and Region
 * where its metric is published, run as a user's program under the mock runtime.
 */

import * as assert from "node:assert";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { RecordedResource, RunResult, runPolicies } from "../../policypack/testing";
import { awsContextOf } from "../../policypack/harness/awsContext";
import { Encryption, S3Replication, S3ReplicationArgs, replicationMonitoring } from "../../components";
import { judged } from "../policypack/pending";
import { DEST_ACCOUNT, DEST_ROLE, SOURCE_ACCOUNT, all, find, input, output, run, runReplication } from "./support";

const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const TOPIC = "aws:sns/topic:Topic";
const DASHBOARD = "aws:cloudwatch/dashboard:Dashboard";
const BUCKET = "aws:s3/bucket:Bucket";
const KMS_DIMENSIONS = { Service: "KMS", Type: "API", Resource: "CryptographicOperationsSymmetric", Class: "None" };

/** Account and Region a resource is created in: its provider's account, its own `region` argument or else its provider's. */
function placeOf(
  resource: RecordedResource,
  accounts: Record<string, string> = {},
): { provider: string; account: string; region: string } {
  if (!resource.provider) throw new Error(`${resource.name} has no provider`);
  const context = awsContextOf(resource.provider, accounts);
  const own = input(resource, "region");
  return {
    provider: resource.provider.name,
    account: context.account,
    region: typeof own === "string" ? own : context.region,
  };
}

const bucketName = (r: RunResult, name: string): unknown => input(find(r, BUCKET, name), "bucket");
/** The usage metric a KMS alarm reads: its own, or its metric-math query's. */
function usageMetricOf(alarm: RecordedResource): Record<string, unknown> | undefined {
  const queries = input(alarm, "metricQueries");
  if (!Array.isArray(queries)) return undefined;
  const q = queries.find((query: { metric?: { namespace?: string } }) => query.metric?.namespace === "AWS/Usage") as
    { metric: Record<string, unknown> } | undefined;
  return q?.metric;
}
const kmsAlarms = (r: RunResult): RecordedResource[] =>
  all(r, ALARM).filter((a) => input(a, "namespace") === "AWS/Usage" || usageMetricOf(a) !== undefined);

/** A source in us-east-1 (100,000/s quota) replicating to eu-central-1 (20,000/s) in another account with RTC, and to ap-south-1 (10,000/s) in the same account with metrics. */
const crossAccount: S3ReplicationArgs = {
  source: {},
  alarmTopic: true,
  destinations: [
    { name: "dr", region: "eu-central-1", assumeRoleArn: DEST_ROLE, replicationTime: true },
    { name: "near", region: "ap-south-1", metrics: true },
  ],
};

describe("S3Replication monitoring: alarms where the metrics are", () => {
  let r: RunResult;
  before(async () => {
    r = await runReplication(crossAccount);
  });

  it("the RTC latency alarm watches ReplicationLatency in the destination bucket's Region, in the rule owner's (source) account", () => {
    const latency = find(r, ALARM, "orders-to-dr-latency-alarm");
    assert.strictEqual(input(latency, "namespace"), "AWS/S3");
    assert.strictEqual(input(latency, "metricName"), "ReplicationLatency");
    assert.deepStrictEqual(input(latency, "dimensions"), {
      SourceBucket: bucketName(r, "orders-source-bucket"),
      DestinationBucket: bucketName(r, "orders-to-dr-bucket"),
      RuleId: "dr",
    });
    assert.deepStrictEqual(placeOf(latency), { provider: "source", account: SOURCE_ACCOUNT, region: "eu-central-1" });
    assert.strictEqual(input(latency, "threshold"), 900);
    assert.strictEqual(input(latency, "treatMissingData"), "ignore");
  });

  it("the failed-operations alarm watches OperationsFailedReplication in the source bucket's Region", () => {
    for (const [name, destination] of [
      ["orders-to-dr-failed-alarm", "orders-to-dr-bucket"],
      ["orders-to-near-failed-alarm", "orders-to-near-bucket"],
    ] as const) {
      const failed = find(r, ALARM, name);
      assert.strictEqual(input(failed, "namespace"), "AWS/S3");
      assert.strictEqual(input(failed, "metricName"), "OperationsFailedReplication");
      assert.deepStrictEqual(input(failed, "dimensions"), {
        SourceBucket: bucketName(r, "orders-source-bucket"),
        DestinationBucket: bucketName(r, destination),
        RuleId: destination === "orders-to-dr-bucket" ? "dr" : "near",
      });
      assert.deepStrictEqual(placeOf(failed), { provider: "source", account: SOURCE_ACCOUNT, region: "us-east-1" });
      assert.strictEqual(input(failed, "treatMissingData"), "ignore");
    }
    assert.throws(
      () => find(r, ALARM, "orders-to-near-latency-alarm"),
      /no aws:cloudwatch/,
      "no latency alarm without RTC",
    );
  });

  it("each alarm notifies a topic in its own account and Region", () => {
    for (const alarm of all(r, ALARM)) {
      const actions = input(alarm, "alarmActions");
      assert.ok(Array.isArray(actions) && actions.length === 1, alarm.name);
      const topic = all(r, TOPIC).find((t) => output(t, "arn") === actions[0]);
      assert.ok(topic, `${alarm.name} notifies no topic of this stack`);
      assert.deepStrictEqual(placeOf(topic), placeOf(alarm), alarm.name);
      assert.match(String(actions[0]), new RegExp(`^arn:aws:sns:${placeOf(alarm).region}:${placeOf(alarm).account}:`));
    }
    assert.deepStrictEqual(
      all(r, TOPIC)
        .map((t) => t.name)
        .sort(),
      ["orders-alarms", "orders-alarms-ap-south-1", "orders-alarms-eu-central-1"],
    );
    assert.strictEqual(
      input(find(r, TOPIC, "orders-alarms"), "region"),
      undefined,
      "the source topic keeps its name and Region",
    );
  });

  it("a KMS request-rate alarm per Region replication draws KMS requests from, in the role's account, at 80% of the account's applied quota (SERVICE_QUOTA)", () => {
    const byRegion = Object.fromEntries(kmsAlarms(r).map((a) => [placeOf(a).region, a]));
    assert.deepStrictEqual(Object.keys(byRegion).sort(), ["ap-south-1", "eu-central-1", "us-east-1"]);
    for (const [region, alarm] of Object.entries(byRegion)) {
      assert.deepStrictEqual(usageMetricOf(alarm), {
        namespace: "AWS/Usage",
        metricName: "CallCount",
        dimensions: KMS_DIMENSIONS,
        period: 60,
        stat: "Sum",
      });
      const queries = input(alarm, "metricQueries") as Array<{ expression?: string; returnData: boolean }>;
      assert.deepStrictEqual(
        queries.filter((q) => q.returnData).map((q) => q.expression),
        ["100 * (usage / 60) / SERVICE_QUOTA(usage)"],
        "usage per second as a percentage of the applied quota",
      );
      assert.strictEqual(input(alarm, "metricName"), undefined, "no fixed metric next to the metric math");
      assert.strictEqual(input(alarm, "threshold"), 80, region);
      assert.strictEqual(input(alarm, "treatMissingData"), "notBreaching");
      assert.deepStrictEqual(placeOf(alarm), { provider: "source", account: SOURCE_ACCOUNT, region });
    }
  });

  it("the output lists every alarm and every topic", () => {
    const root = find(r, "s3-replication:index:S3Replication", "orders");
    assert.deepStrictEqual(Object.keys(output(root, "alarmArns") as object).sort(), [
      "dr-failed",
      "dr-latency",
      "kms-source-ap-south-1",
      "kms-source-eu-central-1",
      "kms-source-source-region",
      "near-failed",
    ]);
    assert.deepStrictEqual(Object.keys(output(root, "alarmTopicArns") as object).sort(), [
      "source-ap-south-1",
      "source-eu-central-1",
      "source-source-region",
    ]);
    assert.strictEqual(output(root, "alarmTopicArn"), output(find(r, TOPIC, "orders-alarms"), "arn"));
  });
});

describe("S3Replication monitoring: the reverse rules of two-way", () => {
  let r: RunResult;
  before(async () => {
    r = await runReplication({
      source: {},
      twoWay: true,
      destinations: [{ name: "peer", region: "eu-central-1", assumeRoleArn: DEST_ROLE, replicationTime: true }],
    });
  });

  it("the reverse rule's alarms watch the destination bucket as source, in the destination account", () => {
    const dims = {
      SourceBucket: bucketName(r, "orders-to-peer-bucket"),
      DestinationBucket: bucketName(r, "orders-source-bucket"),
      RuleId: "peer-back",
    };
    const failed = find(r, ALARM, "orders-to-peer-back-failed-alarm");
    assert.strictEqual(input(failed, "metricName"), "OperationsFailedReplication");
    assert.deepStrictEqual(input(failed, "dimensions"), dims);
    assert.deepStrictEqual(placeOf(failed), {
      provider: "orders-to-peer-provider",
      account: DEST_ACCOUNT,
      region: "eu-central-1",
    });
    const latency = find(r, ALARM, "orders-to-peer-back-latency-alarm");
    assert.strictEqual(input(latency, "metricName"), "ReplicationLatency");
    assert.deepStrictEqual(input(latency, "dimensions"), dims);
    assert.deepStrictEqual(placeOf(latency), {
      provider: "orders-to-peer-provider",
      account: DEST_ACCOUNT,
      region: "us-east-1",
    });
    assert.strictEqual(input(latency, "treatMissingData"), "ignore");
    const reverseConfig = find(
      r,
      "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
      "orders-to-peer-back-replication",
    );
    assert.ok(latency.dependencies.includes(reverseConfig.urn), "the reverse alarms wait for the reverse rule");
  });

  it("the reverse role's KMS requests are watched in its account, in both Regions", () => {
    const own = kmsAlarms(r)
      .filter((a) => placeOf(a).account === DEST_ACCOUNT)
      .map((a) => [a.name, placeOf(a).region, input(a, "threshold")]);
    assert.deepStrictEqual(own.sort(), [
      ["orders-to-peer-kms-requests-alarm", "eu-central-1", 80],
      ["orders-to-peer-kms-requests-source-region-alarm", "us-east-1", 80],
    ]);
    assert.strictEqual(kmsAlarms(r).length, 4, "two Regions for each of the two roles");
  });
});

describe("S3Replication monitoring: KMS alarms follow the encryption and the arguments", () => {
  it("no KMS alarm when no side uses a KMS key", async () => {
    const r = await runReplication({
      source: { encryption: Encryption.SseS3 },
      destinations: [{ name: "c", region: "eu-central-1", encryption: Encryption.SseS3, metrics: true }],
    });
    assert.deepStrictEqual(kmsAlarms(r), []);
    assert.strictEqual(all(r, ALARM).length, 1);
  });

  it("an SSE-S3 source into an SSE-KMS destination: the destination Region only", async () => {
    const r = await runReplication({
      source: { encryption: Encryption.SseS3 },
      destinations: [{ name: "c", region: "eu-central-1" }],
    });
    assert.deepStrictEqual(
      kmsAlarms(r).map((a) => placeOf(a).region),
      ["eu-central-1"],
    );
  });

  it("the share is configurable", async () => {
    const r = await runReplication({
      source: {},
      kmsRequestAlarmShare: 0.5,
      destinations: [{ name: "c", region: "eu-central-1" }],
    });
    assert.deepStrictEqual(
      kmsAlarms(r)
        .map((a) => [placeOf(a).region, input(a, "threshold")])
        .sort(),
      [
        ["eu-central-1", 50],
        ["us-east-1", 50],
      ],
    );
  });

  for (const share of [0, 1.5, Number.NaN]) {
    it(`rejects kmsRequestAlarmShare ${share} at construction, naming the argument`, async () => {
      await assert.rejects(
        runReplication({
          source: {},
          kmsRequestAlarmShare: share,
          destinations: [{ name: "c", region: "eu-central-1" }],
        }),
        /kmsRequestAlarmShare.*above 0 and at most 1/s,
      );
    });
  }

  it("kmsRequestAlarms false and alarms false turn them off", async () => {
    const off = await runReplication({
      source: {},
      kmsRequestAlarms: false,
      destinations: [{ name: "c", region: "eu-central-1", metrics: true }],
    });
    assert.deepStrictEqual(kmsAlarms(off), []);
    assert.strictEqual(all(off, ALARM).length, 1);
    const none = await runReplication({
      source: {},
      alarms: false,
      destinations: [{ name: "c", region: "eu-central-1", replicationTime: true }],
    });
    assert.deepStrictEqual(all(none, ALARM), []);
  });
});

interface Widget {
  properties: {
    title: string;
    region: string;
    metrics: unknown[][];
    annotations?: { horizontal: Array<{ label: string; value: number }> };
  };
}

describe("S3Replication monitoring: the opt-in dashboard", () => {
  let r: RunResult;
  before(async () => {
    r = await runReplication({ ...crossAccount, twoWay: true, dashboard: true });
  });
  const widgets = (name: string): Widget[] =>
    (JSON.parse(input(find(r, DASHBOARD, name), "dashboardBody") as string) as { widgets: Widget[] }).widgets;
  const metricOf = (w: Widget): unknown =>
    (w.properties.metrics.find((m) => m[0] === "AWS/S3" || m[0] === "AWS/Usage") ?? [])[1];

  it("one dashboard per account that owns rules, through that account's provider", () => {
    assert.deepStrictEqual(
      all(r, DASHBOARD)
        .map((d) => [d.name, input(d, "dashboardName"), placeOf(d).account])
        .sort(),
      [
        ["orders-dashboard", "orders-s3-replication", SOURCE_ACCOUNT],
        ["orders-to-dr-dashboard", "orders-to-dr-s3-replication", DEST_ACCOUNT],
      ],
    );
  });

  it("each rule's widgets read latency and pending metrics in the destination Region, failed operations in the source Region", () => {
    const source = widgets("orders-dashboard");
    const of = (rule: string, metric: string): Widget => {
      const w = source.find((x) => x.properties.title.startsWith(rule) && metricOf(x) === metric);
      assert.ok(w, `${rule} ${metric}`);
      return w;
    };
    for (const [rule, destinationRegion] of [
      ["orders -> dr", "eu-central-1"],
      ["orders -> near", "ap-south-1"],
      ["near -> orders", "us-east-1"],
    ]) {
      for (const metric of ["ReplicationLatency", "BytesPendingReplication", "OperationsPendingReplication"]) {
        assert.strictEqual(of(rule as string, metric).properties.region, destinationRegion, `${rule} ${metric}`);
      }
    }
    assert.strictEqual(of("orders -> dr", "OperationsFailedReplication").properties.region, "us-east-1");
    assert.strictEqual(of("near -> orders", "OperationsFailedReplication").properties.region, "ap-south-1");
    assert.deepStrictEqual(
      of("orders -> dr", "ReplicationLatency").properties.annotations?.horizontal.map((a) => a.value),
      [900],
    );
    const reverse = widgets("orders-to-dr-dashboard");
    assert.strictEqual(reverse.find((w) => metricOf(w) === "ReplicationLatency")?.properties.region, "us-east-1");
    assert.strictEqual(
      reverse.find((w) => metricOf(w) === "OperationsFailedReplication")?.properties.region,
      "eu-central-1",
    );
  });

  it("the KMS widgets read the usage metric in each Region against that Region's quota", () => {
    const kms = widgets("orders-dashboard").filter((w) => metricOf(w) === "CallCount");
    assert.deepStrictEqual(
      kms.map((w) => [w.properties.region, w.properties.annotations?.horizontal.map((a) => a.value)]).sort(),
      [
        ["ap-south-1", [10_000, 8_000]],
        ["eu-central-1", [20_000, 16_000]],
        ["us-east-1", [100_000, 80_000]],
      ],
    );
    const metric = kms[0]?.properties.metrics.find((m) => m[0] === "AWS/Usage");
    assert.deepStrictEqual(metric?.slice(0, 10), [
      "AWS/Usage",
      "CallCount",
      "Service",
      "KMS",
      "Type",
      "API",
      "Resource",
      "CryptographicOperationsSymmetric",
      "Class",
      "None",
    ]);
  });
});

describe("S3Replication monitoring: the policy pack", () => {
  for (const preview of [false, true]) {
    it(`reports no violation on alarms, topics, event notifications and dashboards (${preview ? "preview" : "update"})`, async () => {
      const r = await runPolicies(
        () => {
          const source = new aws.Provider("source", { region: "us-east-1" });
          new S3Replication(
            "orders",
            { ...crossAccount, twoWay: true, dashboard: true, failureEvents: true },
            { provider: source },
          );
        },
        { preview, stackConfig: { "aws:region": "us-east-1" } },
      );
      assert.ok(all(r, ALARM).length > 6, "the run has the alarms");
      assert.strictEqual(
        all(r, "aws:s3/bucketNotification:BucketNotification").length,
        3,
        "and the event notifications",
      );
      // Preview may only add the pack's "judged at `pulumi up`" notes for values unknown until then.
      assert.deepStrictEqual(
        judged(r.violations).map((v) => `${v.policyName}: ${v.message}`),
        [],
      );
    });
  }
});

describe("replicationMonitoring for the building blocks (providers in hand)", () => {
  it("places a rule's alarms by the owner's provider and the metric's Region", async () => {
    const r = await run(() => {
      const src = new aws.Provider("src", { region: "us-east-1" });
      const dst = new aws.Provider("dst", { region: "eu-west-1", assumeRoles: [{ roleArn: DEST_ROLE }] });
      const parent = new pulumi.ComponentResource("example:index:Replication", "orders", {}, { provider: src });
      const sourceEnd = { bucketName: "orders-src", region: "us-east-1", regionKey: "us-east-1", usesKms: true };
      const destinationEnd = { bucketName: "orders-dst", region: "eu-west-1", regionKey: "eu-west-1", usesKms: false };
      replicationMonitoring(
        [
          {
            key: "dr",
            namePrefix: "orders-to-dr",
            label: "orders -> dr",
            ruleId: "dr",
            source: sourceEnd,
            destination: destinationEnd,
            owner: { key: "source", homeRegionKey: "us-east-1", namePrefix: "orders" },
            metrics: true,
            replicationTime: true,
          },
          {
            key: "dr-back",
            namePrefix: "orders-to-dr-back",
            label: "dr -> orders",
            ruleId: "dr-back",
            source: destinationEnd,
            destination: sourceEnd,
            owner: { key: "dr", provider: dst, homeRegionKey: "eu-west-1", namePrefix: "orders-to-dr" },
            metrics: true,
            replicationTime: true,
          },
        ],
        {
          alarms: true,
          alarmTopic: false,
          kmsAlarms: true,
          kmsQuotaShare: 0.5,
          dashboard: false,
          dashboardName: (a) => a.namePrefix,
        },
        parent,
      );
    });
    const at = (name: string): [string, string, string] => {
      const p = placeOf(find(r, ALARM, name));
      return [p.provider, p.account, p.region];
    };
    assert.deepStrictEqual(at("orders-to-dr-latency-alarm"), ["src", SOURCE_ACCOUNT, "eu-west-1"]);
    assert.deepStrictEqual(at("orders-to-dr-failed-alarm"), ["src", SOURCE_ACCOUNT, "us-east-1"]);
    assert.deepStrictEqual(at("orders-to-dr-back-latency-alarm"), ["dst", DEST_ACCOUNT, "us-east-1"]);
    assert.deepStrictEqual(at("orders-to-dr-back-failed-alarm"), ["dst", DEST_ACCOUNT, "eu-west-1"]);
    // Only the source side uses KMS: each role's KMS requests are in us-east-1, half of its applied quota.
    assert.deepStrictEqual(
      kmsAlarms(r)
        .map((a) => [a.name, ...Object.values(placeOf(a)), input(a, "threshold")])
        .sort(),
      [
        ["orders-kms-requests-alarm", "src", SOURCE_ACCOUNT, "us-east-1", 50],
        ["orders-to-dr-kms-requests-us-east-1-alarm", "dst", DEST_ACCOUNT, "us-east-1", 50],
      ],
    );
  });
});

describe("S3Replication monitoring with the user's own destination provider", () => {
  it("places alarms by the provider's Region when the destination names none, and keeps names plain", async () => {
    const accounts = { src: SOURCE_ACCOUNT, dst: DEST_ACCOUNT };
    const r = await runPolicies(
      () => {
        const src = new aws.Provider("src", { region: "us-east-1" });
        const dst = new aws.Provider("dst", { region: "eu-central-1" });
        new S3Replication(
          "orders",
          { source: {}, twoWay: true, alarmTopic: true, destinations: [{ name: "dr", replicationTime: true }] },
          { provider: src, destinationProviders: { dr: dst } },
        );
      },
      { accounts },
    );
    assert.deepStrictEqual(
      r.violations.map((v) => v.message),
      [],
    );
    const at = (name: string): [string, string, string] => {
      const p = placeOf(find(r, ALARM, name), accounts);
      return [p.provider, p.account, p.region];
    };
    assert.deepStrictEqual(at("orders-to-dr-latency-alarm"), ["src", SOURCE_ACCOUNT, "eu-central-1"]);
    assert.deepStrictEqual(at("orders-to-dr-failed-alarm"), ["src", SOURCE_ACCOUNT, "us-east-1"]);
    assert.deepStrictEqual(at("orders-to-dr-back-failed-alarm"), ["dst", DEST_ACCOUNT, "eu-central-1"]);
    assert.deepStrictEqual(at("orders-to-dr-back-latency-alarm"), ["dst", DEST_ACCOUNT, "us-east-1"]);
    for (const resource of [...all(r, ALARM), ...all(r, TOPIC)])
      assert.match(resource.name, /^[A-Za-z0-9-]+$/, resource.name);
    assert.deepStrictEqual(
      kmsAlarms(r)
        .map((a) => [a.name, placeOf(a, accounts).account, placeOf(a, accounts).region, input(a, "threshold")])
        .sort(),
      [
        ["orders-kms-requests-alarm", SOURCE_ACCOUNT, "us-east-1", 80],
        ["orders-kms-requests-provider-dr-alarm", SOURCE_ACCOUNT, "eu-central-1", 80],
        ["orders-to-dr-kms-requests-alarm", DEST_ACCOUNT, "eu-central-1", 80],
        ["orders-to-dr-kms-requests-source-region-alarm", DEST_ACCOUNT, "us-east-1", 80],
      ],
    );
  });
});

const REPLICATION_CONFIG = "aws:s3/bucketReplicationConfig:BucketReplicationConfig";
const SOURCE_TOPIC = `arn:aws:sns:us-east-1:${SOURCE_ACCOUNT}:org-alerts`;
const DEST_TOPIC = `arn:aws:sns:eu-central-1:${DEST_ACCOUNT}:org-alerts`;

/** Runs the program with pulumi.log.warn captured; returns the run and the warnings. */
async function withWarnings(args: S3ReplicationArgs): Promise<{ r: RunResult; warnings: string[] }> {
  const warnings: string[] = [];
  const log = pulumi.log as { warn: (message: string) => Promise<void> };
  const original = log.warn;
  log.warn = async (message: string): Promise<void> => {
    warnings.push(message);
  };
  try {
    return { r: await runReplication(args), warnings };
  } finally {
    log.warn = original;
  }
}

describe("S3Replication monitoring: a failure signal by default", () => {
  const twoWay: S3ReplicationArgs = {
    source: {},
    twoWay: true,
    existingAlarmTopicArns: [SOURCE_TOPIC, DEST_TOPIC],
    destinations: [
      { name: "dr", region: "eu-central-1", assumeRoleArn: DEST_ROLE },
      { name: "near", region: "ap-south-1" },
    ],
  };
  let r: RunResult;
  let warnings: string[];
  before(async () => {
    ({ r, warnings } = await withWarnings(twoWay));
  });

  it("every rule, the reverse rules of two-way included, has replication metrics on with no argument", () => {
    const statuses = all(r, REPLICATION_CONFIG).flatMap((config) =>
      (input(config, "rules") as Array<{ id: string; destination: { metrics?: { status: string } } }>).map((rule) => [
        rule.id,
        rule.destination.metrics?.status,
      ]),
    );
    assert.strictEqual(statuses.length, 4);
    for (const [id, status] of statuses) assert.strictEqual(status, "Enabled", String(id));
  });

  it("every rule has an OperationsFailedReplication alarm in its source bucket's Region, in the rule owner's account", () => {
    const failed = all(r, ALARM)
      .filter((a) => input(a, "metricName") === "OperationsFailedReplication")
      .map((a) => [a.name, placeOf(a).account, placeOf(a).region])
      .sort();
    assert.deepStrictEqual(failed, [
      ["orders-to-dr-back-failed-alarm", DEST_ACCOUNT, "eu-central-1"],
      ["orders-to-dr-failed-alarm", SOURCE_ACCOUNT, "us-east-1"],
      ["orders-to-near-back-failed-alarm", SOURCE_ACCOUNT, "ap-south-1"],
      ["orders-to-near-failed-alarm", SOURCE_ACCOUNT, "us-east-1"],
    ]);
    assert.deepStrictEqual(
      output(find(r, "s3-replication:index:S3Replication", "orders"), "rulesWithoutFailureSignal"),
      {},
    );
  });

  it("each alarm notifies the existing topic of its own account and Region", () => {
    assert.deepStrictEqual(input(find(r, ALARM, "orders-to-dr-failed-alarm"), "alarmActions"), [SOURCE_TOPIC]);
    assert.deepStrictEqual(input(find(r, ALARM, "orders-to-near-failed-alarm"), "okActions"), [SOURCE_TOPIC]);
    assert.deepStrictEqual(input(find(r, ALARM, "orders-to-dr-back-failed-alarm"), "alarmActions"), [DEST_TOPIC]);
    assert.deepStrictEqual(all(r, TOPIC), [], "existing topics: none created");
  });

  it("an alarm whose account and Region have no topic is a warning naming it; the alarms with a topic are not", () => {
    assert.deepStrictEqual(input(find(r, ALARM, "orders-to-near-back-failed-alarm"), "alarmActions"), []);
    const warned = warnings
      .filter((w) => w.includes("has no action"))
      .map((w) => /^alarm (\S+) /.exec(w)?.[1])
      .sort();
    const without = all(r, ALARM)
      .filter((a) => (input(a, "alarmActions") as unknown[]).length === 0)
      .map((a) => a.name)
      .sort();
    assert.ok(without.includes("orders-to-near-back-failed-alarm") && without.length < all(r, ALARM).length);
    assert.deepStrictEqual(warned, without);
  });

  it("with no topic at all, every alarm is a construction warning naming it", async () => {
    const { r: bare, warnings: all_ } = await withWarnings({
      source: {},
      destinations: [{ name: "dr", region: "eu-central-1" }],
    });
    const names = all(bare, ALARM).map((a) => a.name);
    assert.ok(names.includes("orders-to-dr-failed-alarm"), "the default has a failure alarm");
    for (const name of names)
      assert.ok(
        all_.some((w) => w.startsWith(`alarm ${name} has no action`) && w.includes("existingAlarmTopicArns")),
        name,
      );
  });

  it("metrics: false is an explicit opt-out: no failure alarm, and the output says the rule has no failure signal", async () => {
    const r2 = await runReplication({
      source: {},
      alarmTopic: true,
      destinations: [
        { name: "dr", region: "eu-central-1", metrics: false },
        { name: "near", region: "ap-south-1" },
      ],
    });
    assert.throws(() => find(r2, ALARM, "orders-to-dr-failed-alarm"), /no aws:cloudwatch/);
    find(r2, ALARM, "orders-to-near-failed-alarm");
    const gaps = output(
      find(r2, "s3-replication:index:S3Replication", "orders"),
      "rulesWithoutFailureSignal",
    ) as Record<string, string>;
    assert.deepStrictEqual(Object.keys(gaps), ["dr"]);
    assert.match(gaps["dr"] ?? "", /orders -> dr: replication metrics are off/);
  });

  it("alarms: false leaves every rule without a failure signal, and says so", async () => {
    const r2 = await runReplication({
      source: {},
      alarms: false,
      destinations: [{ name: "dr", region: "eu-central-1" }],
    });
    const gaps = output(find(r2, "s3-replication:index:S3Replication", "orders"), "rulesWithoutFailureSignal");
    assert.match((gaps as Record<string, string>)["dr"] ?? "", /nothing watches them/);
  });

  it("rejects an existing alarm topic that is not an SNS topic ARN, naming the argument and the fix", async () => {
    await assert.rejects(
      runReplication({
        source: {},
        existingAlarmTopicArns: [SOURCE_TOPIC, "arn:aws:sqs:us-east-1:111111111111:q"],
        destinations: [{ name: "dr", region: "eu-central-1" }],
      }),
      /existingAlarmTopicArns\[1\].*not an SNS topic ARN.*full ARN/s,
    );
  });
});

const NOTIFICATION = "aws:s3/bucketNotification:BucketNotification";
const TOPIC_POLICY = "aws:sns/topicPolicy:TopicPolicy";
const FAILED_EVENT = "s3:Replication:OperationFailedReplication";
const RTC_EVENTS = ["s3:Replication:OperationMissedThreshold", "s3:Replication:OperationReplicatedAfterThreshold"];

describe("S3Replication monitoring: failure reasons delivered (failureEvents)", () => {
  let r: RunResult;
  before(async () => {
    r = await runReplication({
      source: {},
      twoWay: true,
      failureEvents: true,
      existingAlarmTopicArns: [SOURCE_TOPIC],
      destinations: [
        { name: "dr", region: "eu-central-1", assumeRoleArn: DEST_ROLE, replicationTime: true },
        { name: "near", region: "ap-south-1" },
      ],
    });
  });
  const topicArnOf = (name: string): unknown => output(find(r, TOPIC, name), "arn");

  it("each source bucket notifies a topic in its own Region and account of the failure event, plus the RTC events with RTC", () => {
    const cases: Array<[string, string, string, string, string[]]> = [
      [
        "orders-source-replication-events",
        "orders-source-bucket",
        SOURCE_ACCOUNT,
        "us-east-1",
        [FAILED_EVENT, ...RTC_EVENTS],
      ],
      [
        "orders-to-dr-replication-events",
        "orders-to-dr-bucket",
        DEST_ACCOUNT,
        "eu-central-1",
        [FAILED_EVENT, ...RTC_EVENTS],
      ],
      ["orders-to-near-replication-events", "orders-to-near-bucket", SOURCE_ACCOUNT, "ap-south-1", [FAILED_EVENT]],
    ];
    assert.deepStrictEqual(
      all(r, NOTIFICATION)
        .map((n) => n.name)
        .sort(),
      cases.map((c) => c[0]).sort(),
    );
    for (const [name, bucket, account, region, events] of cases) {
      const notification = find(r, NOTIFICATION, name);
      const topic = find(r, TOPIC, name);
      assert.strictEqual(input(notification, "bucket"), bucketName(r, bucket), name);
      assert.deepStrictEqual(input(notification, "topics"), [{ topicArn: topicArnOf(name), events }], name);
      assert.deepStrictEqual(placeOf(notification), { ...placeOf(topic) }, `${name}: topic and bucket in one place`);
      assert.deepStrictEqual([placeOf(topic).account, placeOf(topic).region], [account, region], name);
      assert.match(String(topicArnOf(name)), new RegExp(`^arn:aws:sns:${region}:${account}:`), name);
    }
  });

  it("each topic's policy admits only S3, only for its source bucket and the bucket owner's account", () => {
    for (const [name, bucket, account] of [
      ["orders-source-replication-events", "orders-source-bucket", SOURCE_ACCOUNT],
      ["orders-to-dr-replication-events", "orders-to-dr-bucket", DEST_ACCOUNT],
    ] as const) {
      const policy = find(r, TOPIC_POLICY, `${name}-policy`);
      assert.strictEqual(input(policy, "arn"), topicArnOf(name));
      assert.deepStrictEqual(placeOf(policy), placeOf(find(r, TOPIC, name)));
      assert.deepStrictEqual(JSON.parse(input(policy, "policy") as string), {
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "AllowS3ReplicationEventsOfTheSourceBucket",
            Effect: "Allow",
            Principal: { Service: "s3.amazonaws.com" },
            Action: "SNS:Publish",
            Resource: topicArnOf(name),
            Condition: {
              ArnLike: { "aws:SourceArn": `arn:aws:s3:::${String(bucketName(r, bucket))}` },
              StringEquals: { "aws:SourceAccount": account },
            },
          },
        ],
      });
    }
  });

  it("the notification waits for the bucket's replication configuration and the topic policy", () => {
    const notification = find(r, NOTIFICATION, "orders-source-replication-events");
    assert.ok(notification.dependencies.includes(find(r, REPLICATION_CONFIG, "orders-replication").urn));
    assert.ok(notification.dependencies.includes(find(r, TOPIC_POLICY, "orders-source-replication-events-policy").urn));
  });

  it("the output names each bucket's event topic", () => {
    const root = find(r, "s3-replication:index:S3Replication", "orders");
    assert.deepStrictEqual(output(root, "replicationEventTopicArns"), {
      source: topicArnOf("orders-source-replication-events"),
      dr: topicArnOf("orders-to-dr-replication-events"),
      near: topicArnOf("orders-to-near-replication-events"),
    });
  });

  it("an existing topic per account and Region turns events on and is used as it is", async () => {
    const r2 = await runReplication({
      source: {},
      existingFailureEventTopicArns: [SOURCE_TOPIC],
      destinations: [{ name: "dr", region: "eu-central-1" }],
    });
    assert.deepStrictEqual(input(find(r2, NOTIFICATION, "orders-source-replication-events"), "topics"), [
      { topicArn: SOURCE_TOPIC, events: [FAILED_EVENT] },
    ]);
    assert.deepStrictEqual(all(r2, TOPIC_POLICY), [], "the existing topic's policy is its owner's");
  });

  it("no notification by default, and none for a rule with metrics off", async () => {
    const plain = await runReplication({ source: {}, destinations: [{ name: "dr", region: "eu-central-1" }] });
    assert.deepStrictEqual(all(plain, NOTIFICATION), []);
    await assert.rejects(
      runReplication({
        source: {},
        failureEvents: true,
        destinations: [{ name: "dr", region: "eu-central-1", metrics: false }],
      }),
      /failureEvents.*metrics: false.*turn metrics back on/s,
    );
  });
});

describe("S3Replication monitoring: the dashboard counts the replication events", () => {
  it("with failureEvents, the owner's dashboard shows the SNS messages published to each event topic, in its Region", async () => {
    const r = await runReplication({ ...crossAccount, failureEvents: true, dashboard: true });
    const widgets = (
      JSON.parse(input(find(r, DASHBOARD, "orders-dashboard"), "dashboardBody") as string) as {
        widgets: Widget[];
      }
    ).widgets;
    const topicName = String(output(find(r, TOPIC, "orders-source-replication-events"), "name"));
    const events = widgets.filter((w) => w.properties.metrics[0]?.[0] === "AWS/SNS");
    assert.deepStrictEqual(
      events.map((w) => [w.properties.region, w.properties.metrics[0]]),
      [["us-east-1", ["AWS/SNS", "NumberOfMessagesPublished", "TopicName", topicName]]],
    );
    assert.match(events[0]?.properties.title ?? "", /orders -> dr, orders -> near/);
  });
});

describe("S3Replication monitoring: three destinations in one Region share one KMS figure", () => {
  it("one KMS request-rate alarm for the (account, Region) the three paths draw on, not one per path", async () => {
    const r = await runReplication({
      source: {},
      destinations: ["a", "b", "c"].map((name) => ({ name, region: "eu-west-3" })),
    });
    const west3 = kmsAlarms(r).filter((a) => placeOf(a).region === "eu-west-3");
    assert.deepStrictEqual(
      west3.map((a) => [a.name, placeOf(a).account]),
      [["orders-kms-requests-eu-west-3-alarm", SOURCE_ACCOUNT]],
    );
    assert.strictEqual(kmsAlarms(r).length, 2, "the source Region and eu-west-3");
  });
});
