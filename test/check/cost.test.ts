// The KMS cost model (components/model/cost.ts).
import * as assert from "node:assert/strict";
import {
  AccountRegionKmsLoad,
  DEFAULT_KMS_REQUEST_QUOTA,
  KmsPathLoadInput,
  KmsSideInput,
  accountRegionKmsLoad,
  kmsRequestQuota,
  pathKmsCost,
} from "../../components/model/cost";
import { PRICE_TABLE, SECONDS_PER_MONTH, monthlyCost } from "../../components/model/price";

describe("KMS cost model", () => {
  it("quota table: 10,000/s default, 20,000/s and 100,000/s regions", () => {
    assert.equal(kmsRequestQuota("ca-central-1"), DEFAULT_KMS_REQUEST_QUOTA);
    assert.equal(kmsRequestQuota("ca-central-1"), 10_000);
    for (const r of ["us-east-2", "ap-southeast-1", "ap-southeast-2", "ap-northeast-1", "eu-central-1", "eu-west-2"])
      assert.equal(kmsRequestQuota(r), 20_000, r);
    for (const r of ["us-east-1", "us-west-2", "eu-west-1"]) assert.equal(kmsRequestQuota(r), 100_000, r);
  });

  it("about one request per object per KMS side; Bucket Keys cut it by up to 99%; none for SSE-S3; none off for DSSE", () => {
    const c = pathKmsCost(
      { region: "us-east-1", usesKms: true, bucketKeyEnabled: true },
      { region: "eu-west-1", usesKms: false, bucketKeyEnabled: false },
    );
    assert.equal(c.source.requestsPerMillionWithoutBucketKey, 1_000_000);
    assert.equal(c.source.requestsPerMillionWithBucketKeyAtBest, 10_000);
    assert.equal(c.destination.requestsPerMillionWithoutBucketKey, 0);
    const d = pathKmsCost(
      { region: "us-east-1", usesKms: true, dsse: true, bucketKeyEnabled: true },
      { region: "us-east-1", usesKms: true, dsse: true, bucketKeyEnabled: false },
    );
    assert.equal(d.source.requestsPerMillionWithBucketKeyAtBest, 1_000_000);
    assert.equal(d.source.bucketKeyEnabled, false);
  });

  it("1,000 objects/s: the source region's rate doubles (the writes plus replication's decrypts), the destination adds one per object", () => {
    const c = pathKmsCost(
      { region: "ca-central-1", usesKms: true, bucketKeyEnabled: false },
      { region: "ca-central-1", usesKms: true, bucketKeyEnabled: false },
      1_000,
    );
    assert.deepEqual(c.load, [
      {
        region: "ca-central-1",
        quotaPerSecond: 10_000,
        requestsPerSecondWorstCase: 3_000,
        requestsPerSecondBestCase: 3_000,
        quotaShareWorstCase: 0.3,
        quotaShareBestCase: 0.3,
        throttles: "no",
      },
    ]);
    const x = pathKmsCost(
      { region: "ca-central-1", usesKms: true, bucketKeyEnabled: false },
      { region: "us-east-2", usesKms: true, bucketKeyEnabled: false },
      1_000,
    );
    assert.deepEqual(
      x.load?.map((l) => [l.region, l.requestsPerSecondWorstCase]),
      [
        ["ca-central-1", 2_000],
        ["us-east-2", 1_000],
      ],
    );
  });

  it("SSE-S3 source objects into a KMS-default destination cost no KMS request", () => {
    const c = pathKmsCost(
      { region: "us-east-1", usesKms: false, bucketKeyEnabled: false },
      { region: "eu-west-1", usesKms: true, bucketKeyEnabled: false },
      1_000,
    );
    assert.equal(c.destination.requestsPerMillionWithoutBucketKey, 0);
    assert.deepEqual(
      c.load?.map((l) => l.requestsPerSecondWorstCase),
      [0, 0],
    );
  });

  it("Bucket Key savings follow the source object: a Bucket-Key source saves at a destination with Bucket Keys off, a DSSE-KMS source never", () => {
    const c = pathKmsCost(
      { region: "us-east-1", usesKms: true, bucketKeyEnabled: true },
      { region: "eu-west-1", usesKms: true, bucketKeyEnabled: false },
      1_000,
    );
    assert.equal(c.destination.bucketKeyEnabled, true);
    const d = pathKmsCost(
      { region: "us-east-1", usesKms: true, dsse: true, bucketKeyEnabled: false },
      { region: "eu-west-1", usesKms: true, bucketKeyEnabled: true },
      1_000,
    );
    assert.equal(d.destination.bucketKeyEnabled, false);
    const e = pathKmsCost(
      { region: "us-east-1", usesKms: true, bucketKeyEnabled: true },
      { region: "eu-west-1", usesKms: true, dsse: true, bucketKeyEnabled: false },
      1_000,
    );
    assert.equal(
      e.destination.bucketKeyEnabled,
      true,
      "a DSSE-KMS destination receives SSE-KMS Bucket-Key replicas from a Bucket-Key source",
    );
  });

  it("flags throttling: yes without Bucket Keys, possible with them (up to 99% is not a promise)", () => {
    const off = pathKmsCost(
      { region: "eu-west-2", usesKms: true, bucketKeyEnabled: false },
      { region: "eu-west-1", usesKms: true, bucketKeyEnabled: false },
      25_000,
    );
    assert.deepEqual(
      off.load?.map((l) => [l.region, l.throttles]),
      [
        ["eu-west-2", "yes"],
        ["eu-west-1", "no"],
      ],
    );
    const on = pathKmsCost(
      { region: "eu-west-2", usesKms: true, bucketKeyEnabled: true },
      { region: "eu-west-1", usesKms: true, bucketKeyEnabled: true },
      25_000,
    );
    assert.deepEqual(
      on.load?.map((l) => [l.region, l.throttles, l.quotaShareBestCase]),
      [
        ["eu-west-2", "possible", 0.025],
        ["eu-west-1", "no", 0.0025],
      ],
    );
  });
});

describe("KMS load per (calling account, Region)", () => {
  const kmsSide = (region: string): KmsSideInput => ({ region, usesKms: true, bucketKeyEnabled: false });
  const three = ["a", "b", "c"].map((name): KmsPathLoadInput => ({
    id: `src -> ${name}`,
    account: "111111111111",
    sourceBucket: "src",
    source: kmsSide("ca-central-1"),
    destination: kmsSide("eu-west-3"),
    objectsPerSecond: 4_000,
  }));

  it("three destinations in one Region: each path reads 40% alone, the account's one Region figure is 120%, over the quota", () => {
    for (const p of three) {
      const alone = pathKmsCost(p.source, p.destination, p.objectsPerSecond).load?.find(
        (l) => l.region === "eu-west-3",
      );
      assert.equal(alone?.quotaShareWorstCase, 0.4);
      assert.equal(alone?.throttles, "no");
    }
    const load = accountRegionKmsLoad(three);
    const west3 = load.filter((l) => l.region === "eu-west-3");
    assert.equal(west3.length, 1, "one figure per (account, Region)");
    assert.deepEqual(west3[0], {
      account: "111111111111",
      region: "eu-west-3",
      quotaPerSecond: 10_000,
      requestsPerSecondWorstCase: 12_000,
      requestsPerSecondBestCase: 12_000,
      quotaShareWorstCase: 1.2,
      quotaShareBestCase: 1.2,
      throttles: "yes",
      paths: ["src -> a", "src -> b", "src -> c"],
    });
  });

  it("the source Region counts each path's decrypt and the application's writes to the bucket once", () => {
    const source = accountRegionKmsLoad(three).find((l) => l.region === "ca-central-1");
    assert.equal(source?.requestsPerSecondWorstCase, 3 * 4_000 + 4_000);
  });

  it("one path alone gives the same figures as the path's own cost", () => {
    const [first] = three;
    assert.ok(first);
    const { paths: _paths, account: _account, ...summed } = accountRegionKmsLoad([first])[0] ?? {};
    assert.deepEqual(summed, pathKmsCost(first.source, first.destination, first.objectsPerSecond).load?.[0]);
  });

  it("another calling account in the same Region has its own quota", () => {
    const other = { ...three[0], id: "peer -> a", account: "222222222222", sourceBucket: "peer" } as KmsPathLoadInput;
    const load = accountRegionKmsLoad([...three, other]).filter((l) => l.region === "eu-west-3");
    assert.deepEqual(
      load.map((l) => [l.account, l.requestsPerSecondWorstCase]),
      [
        ["111111111111", 12_000],
        ["222222222222", 4_000],
      ],
    );
  });
});

describe("monthly cost in money", () => {
  it("prices KMS requests, key-months with rotation, replication metrics, RTC and inter-Region transfer from the dated table", () => {
    const estimate = monthlyCost({
      rules: [
        { objectsPerSecond: 10, metrics: true, replicationTime: true, crossRegion: true },
        { objectsPerSecond: 10, metrics: true, replicationTime: false, crossRegion: false },
      ],
      objectSizeBytes: 1024 ** 2,
      kmsLoad: [{ account: "111111111111", requestsPerSecondWorstCase: 30 } as AccountRegionKmsLoad],
      keys: 2,
      rotatingKeys: 2,
    });
    assert.equal(estimate.pricesAsOf, PRICE_TABLE.asOf);
    assert.deepEqual(estimate.pricingPages, PRICE_TABLE.pages);
    const month = SECONDS_PER_MONTH;
    const gb = (10 * month) / 1024; // 10 objects/s of 1 MiB
    const byItem = Object.fromEntries(estimate.lines.map((l) => [l.item.split(" (")[0], l]));
    assert.equal(byItem["KMS requests"]?.usdPerMonth, Math.round(((30 * month - 20_000) / 10_000) * 0.03 * 100) / 100);
    assert.equal(byItem["KMS key-months"]?.quantity, 6, "2 keys + 2 billed backing keys each from rotation");
    assert.equal(byItem["KMS key-months"]?.usdPerMonth, 6);
    assert.equal(byItem["replication metrics"]?.usdPerMonth, 2 * 4 * 0.3);
    assert.equal(byItem["S3 RTC data"]?.usdPerMonth, Math.round(gb * 0.015 * 100) / 100);
    assert.equal(byItem["inter-Region data transfer"]?.usdPerMonth, Math.round(gb * 0.02 * 100) / 100);
    assert.equal(
      estimate.totalUsdPerMonth,
      Math.round(estimate.lines.reduce((s, l) => s + l.usdPerMonth, 0) * 100) / 100,
    );
  });

  it("metrics off and one Region: no metric, RTC or transfer charge", () => {
    const estimate = monthlyCost({
      rules: [{ objectsPerSecond: 10, metrics: false, replicationTime: false, crossRegion: false }],
      objectSizeBytes: 1000,
      kmsLoad: [],
      keys: 0,
      rotatingKeys: 0,
    });
    assert.equal(estimate.totalUsdPerMonth, 0);
  });
});
