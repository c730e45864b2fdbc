/** Bad input fails at construction (or, for deploy-time values, in apply) naming the argument path and the fix. */

import * as assert from "node:assert";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import {
  Destination,
  Encryption,
  ReplicaOwnership,
  S3Replication,
  S3ReplicationArgs,
  SourceBucket,
  StorageClass,
} from "../../components";
import { ReplicationConfigError } from "../../components/model/validate";
import { DEST_ROLE, run, runReplication } from "./support";

const OTHER_ROLE = "arn:aws:iam::333333333333:role/deploy";
const dest = (extra: Partial<Destination> = {}): Destination => ({ name: "dr", region: "eu-west-1", ...extra });
const one = (
  extra: Partial<Destination> = {},
  source: SourceBucket = {},
  top: Partial<S3ReplicationArgs> = {},
): S3ReplicationArgs => ({ source, destinations: [dest(extra)], ...top });
const KEY_EU = "arn:aws:kms:eu-west-1:222222222222:key/66666666-7777-4888-8999-000000000000";
const KEY_US = "arn:aws:kms:us-east-1:222222222222:key/66666666-7777-4888-8999-000000000000";
const MRK_US = `arn:aws:kms:us-east-1:111111111111:key/mrk-${"a".repeat(32)}`;

type Case = [string, S3ReplicationArgs, string, RegExp];

const cases: Case[] = [
  // The destination list.
  ["empty destination list", { source: {}, destinations: [] }, "destinations", /the list is empty/],
  [
    "duplicate destination names",
    { source: {}, destinations: [dest(), dest({ region: "us-west-2" })] },
    "destinations[1].name",
    /name "dr" is already used by destinations\[0\]/,
  ],
  [
    "duplicate priorities",
    { source: {}, destinations: [dest({ priority: 3 }), { name: "b", region: "us-west-2", priority: 3 }] },
    "destinations[1].priority",
    /priority 3 is already used/,
  ],
  [
    "duplicate rule ids",
    { source: {}, destinations: [dest({ ruleId: "r" }), { name: "b", region: "us-west-2", ruleId: "r" }] },
    "destinations[1].ruleId",
    /rule id "r" is already used/,
  ],
  ["negative priority", one({ priority: -1 }), "destinations[0].priority", /-1 is not a non-negative integer/],
  ["fractional priority", one({ priority: 1.5 }), "destinations[0].priority", /1.5 is not a non-negative integer/],
  ["invalid destination name", one({ name: "dr eu" }), "destinations[0].name", /not a valid destination name/],
  ["missing region", one({ region: "" }), "destinations[0].region", /region is missing/],
  ["invalid region", one({ region: "europe" }), "destinations[0].region", /"europe" is not a region name/],
  [
    "destination in another partition",
    one({ region: "cn-north-1" }, { region: "us-east-1" }),
    "destinations[0].region",
    /S3 cannot replicate across partitions/,
  ],
  // Rule shape.
  [
    "RTC without metrics",
    one({ replicationTime: true, metrics: false }),
    "destinations[0].metrics",
    /Replication Time Control requires replication metrics/,
  ],
  [
    "delete markers with a tag filter",
    one({ replicateDeleteMarkers: true, filterTags: { a: "b" } }),
    "destinations[0].replicateDeleteMarkers",
    /not supported for rules that filter on tags/,
  ],
  ["empty tag key", one({ filterTags: { "": "x" } }), "destinations[0].filterTags", /tag key is empty/],
  ["empty rule id", one({ ruleId: "" }), "destinations[0].ruleId", /not a valid rule id/],
  [
    "invalid storage class",
    one({ storageClass: "COLD" as StorageClass }),
    "destinations[0].storageClass",
    /"COLD" is not a storage class/,
  ],
  [
    "two-way without replica modifications",
    one({ replicaModifications: false }, {}, { twoWay: true }),
    "destinations[0].replicaModifications",
    /two-way replication needs replica modification sync/,
  ],
  // Ownership.
  [
    "ownership override in the same account",
    one({ replicaOwnership: ReplicaOwnership.Destination }),
    "destinations[0].replicaOwnership",
    /changes nothing/,
  ],
  [
    "ownership override, assumed role in the source's own account",
    one(
      { replicaOwnership: ReplicaOwnership.Destination, assumeRoleArn: "arn:aws:iam::111111111111:role/x" },
      { account: "111111111111" },
    ),
    "destinations[0].replicaOwnership",
    /changes nothing/,
  ],
  [
    "invalid replica ownership",
    one({ replicaOwnership: "Bucket" as ReplicaOwnership }),
    "destinations[0].replicaOwnership",
    /"Bucket" is not a replica ownership/,
  ],
  // Keys.
  [
    "replica key in another region",
    one({ existingKeyArn: KEY_US }),
    "destinations[0].existingKeyArn",
    /the key is in us-east-1 but the bucket is in eu-west-1/,
  ],
  [
    "multi-Region key ARN of the wrong region",
    one({ existingKeyArn: MRK_US }),
    "destinations[0].existingKeyArn",
    /use the multi-Region replica in eu-west-1/,
  ],
  [
    "alias ARN as the replica key",
    one({ existingKeyArn: "arn:aws:kms:eu-west-1:222222222222:alias/dr" }),
    "destinations[0].existingKeyArn",
    /alias or bare key id/,
  ],
  [
    "bare key id",
    one({ existingKeyArn: "66666666-7777-4888-8999-000000000000" }),
    "destinations[0].existingKeyArn",
    /alias or bare key id/,
  ],
  [
    "not a key ARN",
    one({ existingKeyArn: "arn:aws:s3:::bucket" }),
    "destinations[0].existingKeyArn",
    /is not a KMS key ARN/,
  ],
  [
    "AWS managed key on a cross-account destination",
    one(
      { assumeRoleArn: DEST_ROLE, existingKeyArn: "arn:aws:kms:eu-west-1:222222222222:alias/aws/s3" },
      { account: "111111111111" },
    ),
    "destinations[0].existingKeyArn",
    /AWS managed key \(aws\/s3\) cannot be used across accounts/,
  ],
  [
    "AWS managed source key in two-way cross-account replication",
    one(
      { assumeRoleArn: DEST_ROLE },
      { account: "111111111111", existingKeyArn: "arn:aws:kms:us-east-1:111111111111:alias/aws/s3" },
      { twoWay: true },
    ),
    "source.existingKeyArn",
    /source key the replica key of the reverse path/,
  ],
  [
    "DSSE with Bucket Keys on a destination",
    one({ encryption: Encryption.DsseKms, bucketKeyEnabled: true }),
    "destinations[0].bucketKeyEnabled",
    /not supported with DSSE-KMS/,
  ],
  [
    "DSSE with Bucket Keys on the source",
    one({}, { encryption: Encryption.DsseKms, bucketKeyEnabled: true }),
    "source.bucketKeyEnabled",
    /not supported with DSSE-KMS/,
  ],
  [
    "Bucket Keys with SSE-S3",
    one({ encryption: Encryption.SseS3, bucketKeyEnabled: true }, { encryption: Encryption.SseS3 }),
    "destinations[0].bucketKeyEnabled",
    /apply only to SSE-KMS/,
  ],
  [
    "existing key with SSE-S3",
    one(
      {},
      {
        encryption: Encryption.SseS3,
        existingKeyArn: "arn:aws:kms:us-east-1:111111111111:key/66666666-7777-4888-8999-000000000000",
      },
    ),
    "source.existingKeyArn",
    /the encryption is SSE-S3/,
  ],
  [
    "SSE-KMS source to an SSE-S3 destination",
    one({ encryption: Encryption.SseS3 }),
    "destinations[0].encryption",
    /would be skipped silently/,
  ],
  [
    "two-way from an SSE-S3 source to an SSE-KMS destination",
    one({}, { encryption: Encryption.SseS3 }, { twoWay: true }),
    "source.encryption",
    /back to the source, which has no KMS key/,
  ],
  [
    "invalid encryption value",
    one({ encryption: "aws:kms:x" as Encryption }),
    "destinations[0].encryption",
    /"aws:kms:x" is not an encryption type/,
  ],
  [
    "deletion window too short",
    one({ keyDeletionWindowInDays: 5 }),
    "destinations[0].keyDeletionWindowInDays",
    /5 is not a whole number of days from 7 to 30/,
  ],
  [
    "alias without the alias/ prefix",
    one({ keyAlias: "orders" }),
    "destinations[0].keyAlias",
    /not a valid customer alias name/,
  ],
  [
    "alias in the AWS namespace",
    one({}, { keyAlias: "alias/aws/orders" }),
    "source.keyAlias",
    /not a valid customer alias name/,
  ],
  [
    "alias with an existing key",
    one({ existingKeyArn: KEY_EU, keyAlias: "alias/x" }),
    "destinations[0].keyAlias",
    /applies to a new key, but existingKeyArn is given/,
  ],
  // Multi-Region keys.
  [
    "multiRegionKey with an existing key",
    one(
      {},
      {
        multiRegionKey: true,
        existingKeyArn: "arn:aws:kms:us-east-1:111111111111:key/66666666-7777-4888-8999-000000000000",
      },
    ),
    "source.multiRegionKey",
    /existingKeyArn is given/,
  ],
  [
    "multiRegionKey with SSE-S3",
    one({ encryption: Encryption.SseS3 }, { multiRegionKey: true, encryption: Encryption.SseS3 }),
    "source.multiRegionKey",
    /needs KMS encryption/,
  ],
  [
    "replica without a multi-Region source key",
    one({ multiRegionReplica: true }),
    "destinations[0].multiRegionReplica",
    /no new multi-Region key to replicate/,
  ],
  [
    "replica with an existing key",
    one({ multiRegionReplica: true, existingKeyArn: KEY_EU }, { multiRegionKey: true }),
    "destinations[0].multiRegionReplica",
    /existingKeyArn is given/,
  ],
  [
    "replica in another account",
    one({ multiRegionReplica: true, assumeRoleArn: DEST_ROLE }, { multiRegionKey: true, account: "111111111111" }),
    "destinations[0].multiRegionReplica",
    /must live in the primary key's \(source\) account/,
  ],
  [
    "replica in the primary's region",
    one({ multiRegionReplica: true, region: "us-east-1" }, { multiRegionKey: true, region: "us-east-1" }),
    "destinations[0].multiRegionReplica",
    /cannot be in the primary's region/,
  ],
  // Buckets.
  ["bucket name too short", one({}, { bucketName: "ab" }), "source.bucketName", /must be 3 to 63 characters long/],
  [
    "bucket name with uppercase",
    one({ bucketName: "Orders-DR" }),
    "destinations[0].bucketName",
    /may hold only lowercase letters/,
  ],
  [
    "bucket name formatted as an IP address",
    one({ bucketName: "192.168.1.10" }),
    "destinations[0].bucketName",
    /must not be formatted as an IP address/,
  ],
  [
    "bucket name with a reserved prefix",
    one({ bucketName: "xn--orders" }),
    "destinations[0].bucketName",
    /reserved prefix "xn--"/,
  ],
  [
    "existing bucket name breaking the rules",
    one({ existingBucketName: "bad..name" }),
    "destinations[0].existingBucketName",
    /two adjacent dots/,
  ],
  [
    "both a new and an existing bucket name",
    one({ bucketName: "orders-dr", existingBucketName: "orders-dr-old" }),
    "destinations[0].existingBucketName",
    /give only one of them/,
  ],
  [
    "destination is the source bucket",
    one({ existingBucketName: "orders-main" }, { existingBucketName: "orders-main" }),
    "destinations[0].existingBucketName",
    /the destination is the source bucket itself/,
  ],
  [
    "Object Lock source, destination without it",
    one({ objectLock: false }, { objectLock: true }),
    "destinations[0].objectLock",
    /DstBucketObjectLockConfigMissing/,
  ],
  [
    "lifecycle days not positive",
    one({}, { noncurrentVersionExpirationDays: 0 }),
    "source.noncurrentVersionExpirationDays",
    /0 is not a positive whole number/,
  ],
  // Accounts, providers, names.
  ["invalid source account", one({}, { account: "1234" }), "source.account", /"1234" is not a 12-digit account id/],
  [
    "invalid destination account",
    one({ account: "abc" }),
    "destinations[0].account",
    /"abc" is not a 12-digit account id/,
  ],
  ["invalid partition", one({ partition: "aws-moon" }), "destinations[0].partition", /not an AWS partition/],
  ["external id without a role", one({ externalId: "x" }), "destinations[0].externalId", /without assumeRoleArn/],
  [
    "assumeRoleArn not a role ARN",
    one({ assumeRoleArn: "arn:aws:iam::222222222222:user/bob" }),
    "destinations[0].assumeRoleArn",
    /is not an IAM role ARN/,
  ],
  [
    // The session belongs to the assumed role: its account is where the destination is created.
    "destination account contradicting its assumeRoleArn (a one-digit typo)",
    one({ assumeRoleArn: "arn:aws:iam::222222222222:role/deploy", account: "222222222223" }),
    "destinations[0].account",
    /"222222222223" is not the account of assumeRoleArn "arn:aws:iam::222222222222:role\/deploy" \(222222222222\), where the destination's resources are created/,
  ],
  ["invalid role name", one({}, {}, { roleName: "a role" }), "roleName", /not a valid IAM role name/],
  ["empty profile", one({ profile: " " }), "destinations[0].profile", /the profile name is empty/],
  [
    "role session name without a role",
    one({ roleSessionName: "deploy" }),
    "destinations[0].roleSessionName",
    /without assumeRoleArn/,
  ],
  [
    "invalid role session name",
    one({ assumeRoleArn: DEST_ROLE, roleSessionName: "a b" }),
    "destinations[0].roleSessionName",
    /not a valid role session name/,
  ],
  [
    "a setting of the wrong type",
    one({ bucketName: false as unknown as string }),
    "destinations[0].bucketName",
    /boolean false is not a string/,
  ],

  [
    "alarm topic without metrics and without KMS alarms",
    one({ metrics: false }, {}, { alarmTopic: true, kmsRequestAlarms: false }),
    "alarmTopic",
    /no destination has metrics/,
  ],
  [
    "alarm topic without metrics on SSE-S3",
    one({ encryption: Encryption.SseS3, metrics: false }, { encryption: Encryption.SseS3 }, { alarmTopic: true }),
    "alarmTopic",
    /no side uses KMS/,
  ],
  [
    "KMS alarm share above 1",
    one({}, {}, { kmsRequestAlarmShare: 1.2 }),
    "kmsRequestAlarmShare",
    /1.2 is not a share of the quota/,
  ],
  [
    "alarm topic with alarms off",
    one({ metrics: true }, {}, { alarmTopic: true, alarms: false }),
    "alarmTopic",
    /alarms are off/,
  ],
  [
    "existing alarm topic that is a queue",
    one({}, {}, { existingAlarmTopicArns: ["arn:aws:sqs:us-east-1:111111111111:alerts"] }),
    "existingAlarmTopicArns[0]",
    /not an SNS topic ARN/,
  ],
  [
    "existing alarm topics with alarms off",
    one({}, {}, { alarms: false, existingAlarmTopicArns: ["arn:aws:sns:us-east-1:111111111111:alerts"] }),
    "existingAlarmTopicArns",
    /alarms are off/,
  ],
  [
    "existing event topic without an account",
    one({}, {}, { existingFailureEventTopicArns: ["arn:aws:sns:us-east-1::alerts"] }),
    "existingFailureEventTopicArns[0]",
    /not an SNS topic ARN/,
  ],
  [
    "event topics with failureEvents false",
    one({}, {}, { failureEvents: false, existingFailureEventTopicArns: ["arn:aws:sns:us-east-1:111111111111:e"] }),
    "failureEvents",
    /drop failureEvents: false/,
  ],
];

function matches(err: unknown, field: string, problem: RegExp): boolean {
  assert.ok(err instanceof Error, `not an Error: ${String(err)}`);
  const issues = (err as ReplicationConfigError).issues ?? [];
  const issue = issues.find((i) => i.field === field && (problem.test(i.problem) || problem.test(i.fix)));
  assert.ok(issue, `no issue ${field} ~ ${problem} in:\n${err.message}`);
  assert.ok(issue.fix.length > 0);
  assert.ok(err.message.includes(`${field}: ${issue.problem}. Fix: ${issue.fix}.`), err.message);
  return true;
}

describe("S3Replication rejects bad input at construction", () => {
  for (const [what, args, field, problem] of cases) {
    it(`${what} -> ${field}`, async () => {
      await assert.rejects(runReplication(args), (err) => matches(err, field, problem));
    });
  }

  it(`covers at least 40 rules (${cases.length})`, () => {
    assert.ok(cases.length >= 40);
  });

  it("a component name too long for its auto-named reverse roles -> name", async () => {
    const name = "orders-replication-of-the-eu-and-us-regions-x";
    const args = one({ bucketName: "orders-dr-bucket" }, { bucketName: "orders-source-bucket" }, { twoWay: true });
    await assert.rejects(
      run(() => new S3Replication(name, args, { provider: new aws.Provider("source", { region: "us-east-1" }) })),
      (err) => matches(err, "name", /auto-named IAM role .* longer than 64 characters/),
    );
  });

  it("fails before any AWS resource is registered", async () => {
    let caught: unknown;
    const r = await run(() => {
      const source = new aws.Provider("source", { region: "us-east-1" });
      try {
        new S3Replication("orders", one({ replicationTime: true, metrics: false }), { provider: source });
      } catch (err) {
        caught = err;
      }
    });
    assert.ok(caught instanceof ReplicationConfigError);
    assert.deepStrictEqual(
      r.resources.filter((x) => x.type.startsWith("aws:") || x.type.startsWith("s3-replication:")).map((x) => x.name),
      [],
    );
  });

  it("accepts the valid cases next to the rules", async () => {
    for (const args of [
      one({ assumeRoleArn: DEST_ROLE, replicaOwnership: ReplicaOwnership.Destination }),
      one({ replicationTime: true }),
      one({ replicateDeleteMarkers: true, filterPrefix: "a/" }),
      one({ multiRegionReplica: true, region: "us-west-2" }, { multiRegionKey: true }),
      one({ encryption: Encryption.DsseKms }, { encryption: Encryption.DsseKms }),
      one({ objectLock: true }, { objectLock: true }),
      one({}, { objectLock: true }),
    ]) {
      await runReplication(args);
    }
  });
});

describe("S3Replication checks deploy-time values in apply with the same messages", () => {
  const later = (value: string): pulumi.Output<string> =>
    pulumi.output(new Promise<string>((resolve) => setTimeout(() => resolve(value), 5)));
  const deployCases: Case[] = [
    [
      "replica key ARN known at deploy time, wrong region",
      one({ existingKeyArn: later(KEY_US) }),
      "destinations[0].existingKeyArn",
      /the key is in us-east-1 but the bucket is in eu-west-1/,
    ],
    [
      "existing bucket name known at deploy time, invalid",
      one({ existingBucketName: later("Bad_Name") }),
      "destinations[0].existingBucketName",
      /may hold only lowercase letters/,
    ],
    [
      "ownership override, assumed role turns out to be the source's account",
      one({ replicaOwnership: ReplicaOwnership.Destination, assumeRoleArn: "arn:aws:iam::111111111111:role/x" }),
      "destinations[0].replicaOwnership",
      /changes nothing/,
    ],
    [
      "MRK replica, the destination turns out to be another account",
      one({ multiRegionReplica: true, assumeRoleArn: OTHER_ROLE }, { multiRegionKey: true }),
      "destinations[0].multiRegionReplica",
      /must live in the primary key's \(source\) account/,
    ],
    // An AWS managed key is named by its alias, which is rejected whatever the accounts turn out to be.
    [
      "AWS managed key alias for a destination in another account",
      one({ assumeRoleArn: OTHER_ROLE, existingKeyArn: "arn:aws:kms:eu-west-1:333333333333:alias/aws/s3" }),
      "destinations[0].existingKeyArn",
      /is an alias or bare key id/,
    ],
  ];
  for (const [what, args, field, problem] of deployCases) {
    it(`${what} -> ${field}`, async () => {
      await assert.rejects(runReplication(args), (err) => matches(err, field, problem));
    });
  }
});
