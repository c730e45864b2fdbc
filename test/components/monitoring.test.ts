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
const kmsAlarms = (r: RunResult): RecordedResource[] =>
  all(r, ALARM).filter((a) => input(a, "namespace") === "AWS/Usage");

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

  it("a KMS request-rate alarm per Region replication draws KMS requests from, in the role's account, at 80% of that Region's quota", () => {
    const byRegion = Object.fromEntries(kmsAlarms(r).map((a) => [placeOf(a).region, a]));
    assert.deepStrictEqual(Object.keys(byRegion).sort(), ["ap-south-1", "eu-central-1", "us-east-1"]);
    // 80% of 100,000/s (us-east-1), 20,000/s (eu-central-1), 10,000/s (default) per second, as calls per 1-minute SUM.
    const expected: Record<string, number> = { "us-east-1": 4_800_000, "eu-central-1": 960_000, "ap-south-1": 480_000 };
    for (const [region, alarm] of Object.entries(byRegion)) {
      assert.strictEqual(input(alarm, "metricName"), "CallCount");
      assert.deepStrictEqual(input(alarm, "dimensions"), KMS_DIMENSIONS);
      assert.strictEqual(input(alarm, "statistic"), "Sum");
      assert.strictEqual(input(alarm, "period"), 60);
      assert.strictEqual(input(alarm, "threshold"), expected[region], region);
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
      ["orders-to-peer-kms-requests-alarm", "eu-central-1", 960_000],
      ["orders-to-peer-kms-requests-source-region-alarm", "us-east-1", 4_800_000],
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
        ["eu-central-1", 600_000],
        ["us-east-1", 3_000_000],
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
    it(`reports no violation on alarms, topics and dashboards (${preview ? "preview" : "update"})`, async () => {
      const r = await runPolicies(
        () => {
          const source = new aws.Provider("source", { region: "us-east-1" });
          new S3Replication("orders", { ...crossAccount, twoWay: true, dashboard: true }, { provider: source });
        },
        { preview, stackConfig: { "aws:region": "us-east-1" } },
      );
      assert.ok(all(r, ALARM).length > 6, "the run has the alarms");
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
    // Only the source side uses KMS: each role's KMS requests are in us-east-1, half of its 100,000/s quota.
    assert.deepStrictEqual(
      kmsAlarms(r)
        .map((a) => [a.name, ...Object.values(placeOf(a)), input(a, "threshold")])
        .sort(),
      [
        ["orders-kms-requests-alarm", "src", SOURCE_ACCOUNT, "us-east-1", 3_000_000],
        ["orders-to-dr-kms-requests-us-east-1-alarm", "dst", DEST_ACCOUNT, "us-east-1", 3_000_000],
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
        ["orders-kms-requests-alarm", SOURCE_ACCOUNT, "us-east-1", 4_800_000],
        ["orders-kms-requests-provider-dr-alarm", SOURCE_ACCOUNT, "eu-central-1", 960_000],
        ["orders-to-dr-kms-requests-alarm", DEST_ACCOUNT, "eu-central-1", 960_000],
        ["orders-to-dr-kms-requests-source-region-alarm", DEST_ACCOUNT, "us-east-1", 4_800_000],
      ],
    );
  });
});
