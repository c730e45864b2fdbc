// The KMS cost model (components/model/cost.ts).
import * as assert from "node:assert/strict";
import { DEFAULT_KMS_REQUEST_QUOTA, kmsRequestQuota, pathKmsCost } from "../../components/model/cost";

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
