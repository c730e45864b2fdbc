// Property: generated S3Replication arguments (valid and invalid mixed: odd strings, huge and
// non-finite numbers, wrong types, duplicate names, prototype keys, null) through the component's
// construction-time validation (s3ReplicationIssues, what the constructor throws from). It never
// throws: it answers issues, each naming an argument path and a fix. Arguments it accepts are
// constructed through the mock runtime (a smaller number) and the pack finds nothing wrong.
import * as assert from "node:assert/strict";
import fc from "fast-check";
import { s3ReplicationIssues } from "../../components/plan";
import { S3Replication } from "../../components";
import { runPolicies } from "../../policypack/testing";
import { propertyParameters } from "../support/property";

const odd = fc.oneof(
  fc.constantFrom(
    "",
    " ",
    "dr",
    "eu-west-1",
    "us-east-1",
    "ap-southeast-2",
    "aws",
    "aws-cn",
    "AES256",
    "aws:kms",
    "aws:kms:dsse",
    "Enabled",
    "arn:aws:kms:eu-west-1:222222222222:key/1234abcd-12ab-34cd-56ef-1234567890ab",
    "arn:aws:iam::222222222222:role/deployer",
    "222222222222",
    "__proto__",
    "constructor",
    "toString",
    "a::b",
    "\u202e\u001b[2J",
    "x".repeat(300),
  ),
  fc.string({ maxLength: 8 }),
  fc.double(),
  fc.constantFrom(Number.MAX_SAFE_INTEGER, 1e308, -1, 0, NaN, Infinity),
  fc.boolean(),
  fc.constant(null),
);
const SIDE_KEYS = [
  "bucketName",
  "encryption",
  "existingKeyArn",
  "keyDeletionWindowInDays",
  "bucketKeyEnabled",
  "objectLock",
  "account",
  "region",
  "partition",
  "keyAlias",
];
const DEST_KEYS = [
  ...SIDE_KEYS,
  "assumeRoleArn",
  "priority",
  "ruleId",
  "replicateDeleteMarkers",
  "replicaOwnership",
  "replicationTime",
  "metrics",
  "storageClass",
  "filterPrefix",
  "__proto__",
  "constructor",
];

/** A record whose keys are drawn from `keys`, values mostly sensible, sometimes odd. */
const settings = (
  keys: string[],
  sensible: Record<string, fc.Arbitrary<unknown>>,
): fc.Arbitrary<Record<string, unknown>> =>
  fc
    .dictionary(fc.constantFrom(...keys), odd, { maxKeys: 3, noNullPrototype: true })
    .chain((wild) =>
      fc
        .record(sensible, { requiredKeys: [] })
        .map((good) =>
          Object.keys(wild).length > 0 && Math.abs(JSON.stringify(wild).length % 3) === 0 ? { ...good, ...wild } : good,
        ),
    );

const ENCRYPTIONS = fc.constantFrom("AES256", "aws:kms", "aws:kms:dsse");
const source = settings(SIDE_KEYS, {
  encryption: ENCRYPTIONS,
  region: fc.constantFrom("us-east-1", "eu-west-1"),
  bucketKeyEnabled: fc.boolean(),
});
const destination = settings(DEST_KEYS, {
  name: fc.constantFrom("dr", "backup", "dr"),
  region: fc.constantFrom("eu-west-1", "us-west-2"),
  encryption: ENCRYPTIONS,
  replicateDeleteMarkers: fc.boolean(),
  replicationTime: fc.boolean(),
  assumeRoleArn: fc.constant("arn:aws:iam::222222222222:role/deployer"),
}).map((d) => ("name" in d ? d : { ...d, name: "dr" }));
const args = fc.oneof(
  {
    weight: 20,
    arbitrary: fc.record(
      { source, destinations: fc.array(destination, { minLength: 0, maxLength: 3 }), twoWay: fc.boolean() },
      { requiredKeys: ["source", "destinations"] },
    ),
  },
  {
    weight: 1,
    arbitrary: fc.oneof(
      fc.constant(null),
      fc.constant({ source: null, destinations: [null] }),
      fc.record({ source: odd, destinations: odd }),
    ),
  },
);
const name = fc.oneof({ weight: 8, arbitrary: fc.constantFrom("orders", "logs-1") }, { weight: 1, arbitrary: odd });

const ARGUMENT_PATH =
  /^(args|name|source|destinations|roleName|twoWay|trustConditions|alarms|alarmTopic|kmsRequestAlarms|kmsRequestAlarmShare|dashboard|batchReplication|batchReportBucketArn|tags|opts)\b/;

describe("property: S3Replication arguments", function () {
  this.timeout(120_000);
  const accepted: Array<[string, unknown]> = [];
  const tally = { accepted: 0, refused: 0 };
  after(() =>
    console.log(
      `      property components: ${tally.accepted} argument sets accepted, ${tally.refused} refused with argument paths`,
    ),
  );

  it("validation never throws: it accepts, or names argument paths and fixes (10,000 argument sets)", () => {
    fc.assert(
      fc.property(name, args, (n, a) => {
        const issues = s3ReplicationIssues(n, a as never, {});
        for (const issue of issues) {
          assert.match(issue.field, ARGUMENT_PATH, JSON.stringify(issue));
          assert.ok(issue.problem.length > 0 && issue.fix.length > 0, JSON.stringify(issue));
        }
        if (issues.length === 0) {
          tally.accepted++;
          if (
            typeof n === "string" &&
            accepted.length < 8 &&
            !accepted.some(([, other]) => JSON.stringify(other) === JSON.stringify(a))
          )
            accepted.push([n, a]);
        } else {
          tally.refused++;
        }
      }),
      propertyParameters(10_000),
    );
    assert.ok(tally.accepted >= 500 && tally.refused >= 500, `generator too one-sided: ${JSON.stringify(tally)}`);
  });

  it("accepted arguments construct under the mock runtime and the pack finds nothing wrong", async () => {
    assert.ok(accepted.length > 0);
    for (const [n, a] of accepted) {
      const result = await runPolicies(
        () => {
          new S3Replication(n, a as never);
        },
        { accounts: { "arn:aws:iam::222222222222:role/deployer": "222222222222" } },
      );
      assert.deepEqual(
        result.violations.filter((v) => v.enforcementLevel === "mandatory").map((v) => `${v.policyName}: ${v.message}`),
        [],
        JSON.stringify(a),
      );
    }
  });
});
