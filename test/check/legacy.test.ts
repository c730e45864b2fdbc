// The hand-written export of an old stack (legacy aws:s3/bucket:Bucket with inline versioning,
// SSE and a V1 replication rule; an iam.Role with managedPolicyArns plus a RolePolicyAttachment to
// an iam.Policy; a second aws provider assuming a role into another account) through the real pack.
import * as assert from "node:assert/strict";
import { check } from "../../policypack/check/cli";
import type { CheckReport } from "../../policypack/check/report";
import { readStackExport } from "../../policypack/check/exportReader";
import * as fs from "fs";
import { LEGACY } from "./support";

const U = "urn:pulumi:prod::legacy-dr::";

describe("check: hand-written legacy export through the real pack", () => {
  let report: CheckReport;
  before(async function () {
    this.timeout(120_000);
    report = (await check({ file: LEGACY, format: "json" })).report;
  });

  it("reads the export: providers with their inputs (assumeRoles into account 222222222222), plaintext secrets decoded", () => {
    const stack = readStackExport(fs.readFileSync(LEGACY, "utf8"), LEGACY);
    const bucket = stack.resources.find((r) => r.urn === `${U}aws:s3/bucket:Bucket::orders-dr`);
    assert.equal(bucket?.provider?.name, "dr");
    assert.match(
      String(bucket?.provider?.props["assumeRoles"]),
      /arn:aws:iam::222222222222:role\/OrganizationAccountAccessRole/,
    );
    const src = stack.resources.find((r) => r.urn === `${U}aws:s3/bucket:Bucket::orders`);
    assert.equal(src?.provider?.name, "default_6_66_0");
    assert.deepEqual(src?.provider?.props["token"], {
      "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
      value: "not-a-real-session-token",
    });
    assert.deepEqual(src?.propertyDependencies["replicationConfiguration"], [
      `${U}aws:iam/role:Role::replication-role`,
      `${U}aws:s3/bucket:Bucket::orders-dr`,
    ]);
  });

  it("finds what is wrong with the old stack, each on the right resource", () => {
    const got = new Set(report.findings.map((f) => `${f.code} ${f.policyName} ${f.urn}`));
    const expected = [
      // V1 rule on an SSE-KMS source with no opt-in and no replica key: KMS objects skipped silently.
      `S3R005 replication-kms-pairing ${U}aws:s3/bucket:Bucket::orders`,
      // Destination bucket has no versioning.
      `S3R001 replication-versioning ${U}aws:s3/bucket:Bucket::orders-dr`,
      // The attached managed policy grants s3:GetObjectVersion instead of ...ForReplication: no rule
      // selects SSE-KMS objects, so the SSE-S3 objects that do replicate are read (advice, not lost).
      `S3R014 replication-advice ${U}aws:iam/policy:Policy::replication-policy`,
      // Cross-account: the destination account never admits the role. (The replica key is not
      // used: no rule selects KMS objects, and SSE-S3 objects keep SSE-S3 at the destination.)
      `S3R019 destination-bucket-policy ${U}aws:s3/bucket:Bucket::orders`,
      // Security defaults missing on the hand-built buckets and key.
      `S3R032 bucket-public-access ${U}aws:s3/bucket:Bucket::orders`,
      `S3R033 bucket-tls-only ${U}aws:s3/bucket:Bucket::orders-dr`,
      `S3R034 kms-key-rotation ${U}aws:kms/key:Key::orders-key`,
    ];
    for (const e of expected) assert.ok(got.has(e), `missing ${e}; got:\n${[...got].sort().join("\n")}`);
    assert.equal(report.summary.exitCode, 1);
  });

  it("groups every replication finding under the one path, across both accounts and regions", () => {
    assert.equal(report.paths.length, 1);
    const [p] = report.paths;
    assert.ok(p);
    assert.equal(p.id, "legacy-orders -> legacy-orders-dr");
    assert.equal(p.broken, true);
    assert.deepEqual(
      [p.source.account, p.source.region, p.destination.account, p.destination.region],
      ["111111111111", "us-east-1", "222222222222", "eu-west-1"],
    );
    for (const code of ["S3R001", "S3R005", "S3R014", "S3R019"]) assert.ok(p.codes.includes(code), code);
    assert.deepEqual(
      report.findings.filter((f) => f.paths.length === 0).map((f) => f.code),
      [],
    );
  });
});
