// The five building blocks check their arguments as S3Replication does (issue 18 item 11): random
// argument sets (valid and invalid mixed: wrong types, null, lists, hostile strings, values AWS
// rejects) either construct or are refused with a ReplicationConfigError naming the argument path
// and the fix, never a raw TypeError; and one test per AWS rule.
import * as assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import fc from "fast-check";
import {
  BucketReplication,
  EncryptedBucket,
  ReplicationAccess,
  ReplicationKey,
  ReplicationRole,
  S3Replication,
} from "../../components";
import { ReplicationConfigError } from "../../components/model/validate";
import { SEED } from "../support/property";
import { run } from "./support";

const odd = fc.oneof(
  fc.constantFrom<unknown>(
    "",
    " ",
    "eu-west-1",
    "eu-nowhere-9",
    "aws",
    "AES256",
    "aws:kms",
    "STANDARD",
    "Source",
    "222222222222",
    "abc",
    "alias/orders",
    "alias/aws/s3",
    "orders-bucket",
    "Not_A_Bucket",
    "__proto__",
    "\u202e\u001b[2J",
    "x".repeat(300),
    "é".repeat(600),
    { "aws:owner": "me" },
    { team: "storage" },
    { team: 7 },
    [],
    ["x"],
    {},
  ),
  fc.double(),
  fc.constantFrom(-1, 0, 7, 30, NaN, Infinity),
  fc.boolean(),
  fc.constant(null),
);

/** A record over `keys`: sensible values mostly, odd ones sometimes. */
function argsOver(sensible: Record<string, fc.Arbitrary<unknown>>, keys: string[]): fc.Arbitrary<unknown> {
  const record = fc
    .tuple(
      fc.record(sensible, { requiredKeys: [] }),
      fc.dictionary(fc.constantFrom(...keys), odd, { maxKeys: 2, noNullPrototype: true }),
      fc.integer({ min: 0, max: 4 }),
    )
    .map(([good, wild, mix]) => (mix === 0 ? { ...good, ...wild } : good));
  return fc.oneof({ weight: 12, arbitrary: record }, { weight: 1, arbitrary: odd });
}

const tags = fc.oneof(
  { weight: 9, arbitrary: fc.constant({ team: "storage" }) },
  { weight: 1, arbitrary: fc.constantFrom({ "aws:cost": "x" }, { ["k".repeat(129)]: "v" }, { team: "v".repeat(257) }) },
);
const BUCKET_ARGS = argsOver(
  {
    encryption: fc.constantFrom("AES256", "AES256", "aws:kms", "aws:kms", "aws:kms:dsse", "aes"),
    kmsKeyArn: fc.constant("arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab"),
    bucketName: fc.constantFrom("orders-bucket", "orders-logs", "orders-dr", "Orders"),
    region: fc.constantFrom("us-east-1", "eu-west-1", "ap-southeast-2", "us-north-9"),
    bucketKeyEnabled: fc.boolean(),
    account: fc.constantFrom("111111111111", "222222222222", "111111111111", "1111"),
    tags,
  },
  [
    "bucketName",
    "existingBucketName",
    "region",
    "partition",
    "encryption",
    "kmsKeyArn",
    "bucketKeyEnabled",
    "objectLock",
    "policy",
    "account",
    "managePolicy",
    "secureSettings",
    "forceDestroy",
    "retainOnDelete",
    "tags",
  ],
);
const KEY_ARGS = argsOver(
  {
    description: fc.constantFrom("orders", "logs", "dr", "d".repeat(8193)),
    region: fc.constantFrom("us-east-1", "eu-west-1", "us-west-2", "xx-east-1"),
    deletionWindowInDays: fc.constantFrom(7, 30, 14, 3),
    aliasName: fc.constantFrom("alias/orders", "alias/dr", "alias/logs", "orders", "alias/aws/orders"),
    tags,
  },
  [
    "description",
    "multiRegion",
    "primaryKeyArn",
    "region",
    "deletionWindowInDays",
    "aliasName",
    "policy",
    "account",
    "partition",
    "retainOnDelete",
    "tags",
  ],
);
const ROLE_ARGS = argsOver(
  {
    roleName: fc.constantFrom("orders-replication", "dr-role", "logs@role", "r".repeat(65), "bad name"),
    batchReplication: fc.boolean(),
    trustConditions: fc.boolean(),
    sourceAccount: fc.constantFrom("111111111111", "222222222222", "12"),
    tags,
  },
  ["roleName", "permissionPolicy", "batchReplication", "trustConditions", "sourceAccount", "tags"],
);
const GRANT = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      name: fc.constantFrom("forward", "back"),
      granteeRoleArn: fc.constant("arn:aws:iam::111111111111:role/r"),
      operations: fc.constant(["Decrypt"]),
    }),
  },
  { weight: 1, arbitrary: fc.record({ name: odd, granteeRoleArn: odd, operations: odd }, { requiredKeys: [] }) },
);
const ACCESS_ARGS = argsOver(
  {
    bucketName: fc.constantFrom("orders-bucket", "orders-dr", "Bad_Bucket"),
    bucketPolicy: fc.constant('{"Version":"2012-10-17","Statement":[]}'),
    keyArn: fc.constant("arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab"),
    grants: fc.oneof({ weight: 4, arbitrary: fc.array(GRANT, { maxLength: 2 }) }, { weight: 1, arbitrary: odd }),
    region: fc.constantFrom("us-east-1", "eu-west-1", "mars-1"),
  },
  ["bucketName", "bucketPolicy", "keyArn", "keyPolicy", "grants", "region"],
);
const END = fc.oneof(
  { weight: 6, arbitrary: fc.record({ bucket: fc.constant("BUCKET") }) },
  {
    weight: 1,
    arbitrary: fc.record(
      { bucket: fc.oneof(fc.constant("BUCKET"), odd), key: odd, grantExistingKey: odd },
      { requiredKeys: [] },
    ),
  },
  { weight: 1, arbitrary: odd },
);
const TARGET = fc
  .tuple(
    END,
    fc.record(
      {
        filterPrefix: fc.constantFrom("logs/", "data/", "é".repeat(513)),
        storageClass: fc.constantFrom("STANDARD_IA", "GLACIER", "COLD"),
        ruleId: fc.constantFrom("dr", "rule-1", "r".repeat(256)),
        priority: fc.constantFrom(1, 2, -1, 0.5),
      },
      { requiredKeys: [] },
    ),
    fc.dictionary(fc.constantFrom("name", "replicationTime", "metrics", "filterTags", "replicaOwnership"), odd, {
      maxKeys: 1,
      noNullPrototype: true,
    }),
  )
  .map(([end, rule, wild]) =>
    typeof end === "object" && end !== null
      ? { name: "dr", ...end, ...rule, ...(JSON.stringify(wild).length % 3 === 0 ? wild : {}) }
      : end,
  );
const REPLICATION_ARGS = argsOver(
  {
    source: END,
    destinations: fc.oneof(
      { weight: 6, arbitrary: fc.array(TARGET, { minLength: 1, maxLength: 1 }) },
      { weight: 1, arbitrary: fc.constant([]) },
    ),
    roleName: fc.constantFrom("orders-role", "dr-role", "bad role"),
    twoWay: fc.constant(false),
    tags,
  },
  ["source", "destinations", "twoWay", "roleName", "trustConditions", "tags"],
);

/** Two SSE-S3 buckets shared by the BucketReplication sets of one program, made on first use. */
class BucketPool {
  private made: Record<string, EncryptedBucket> = {};
  constructor(private readonly prefix: string) {}
  /** The pool's bucket for one end. */
  get(end: "source" | "destination"): EncryptedBucket {
    return (this.made[end] ??= new EncryptedBucket(`${this.prefix}-${end}`, { encryption: "AES256" as never }));
  }
}

/** The arguments with each "BUCKET" token replaced by the pool's bucket for its end. */
function withBlocks(value: unknown, pool: BucketPool): unknown {
  const walk = (v: unknown, end: "source" | "destination"): unknown => {
    if (v === "BUCKET") return pool.get(end);
    if (Array.isArray(v)) return v.map((x) => walk(x, end));
    if (v !== null && typeof v === "object")
      return Object.fromEntries(
        Object.entries(v).map(([k, x]) => [k, walk(x, k === "destinations" ? "destination" : end)]),
      );
    return v;
  };
  return walk(value, "source");
}

const BLOCKS: Array<[string, fc.Arbitrary<unknown>, (name: string, args: unknown, pool: BucketPool) => void]> = [
  ["EncryptedBucket", BUCKET_ARGS, (n, a) => new EncryptedBucket(n, a as never)],
  ["ReplicationKey", KEY_ARGS, (n, a) => new ReplicationKey(n, a as never)],
  ["ReplicationRole", ROLE_ARGS, (n, a) => new ReplicationRole(n, a as never)],
  ["ReplicationAccess", ACCESS_ARGS, (n, a) => new ReplicationAccess(n, a as never)],
  ["BucketReplication", REPLICATION_ARGS, (n, a, pool) => new BucketReplication(n, withBlocks(a, pool) as never)],
];
const RUNS = 800;
/** Argument sets per program: one program of 800 blocks costs minutes. */
const BATCH = 50;

describe("property: building-block arguments (at least 800 random sets each)", function () {
  this.timeout(600_000);
  for (const [block, arbitrary, construct] of BLOCKS) {
    it(`${block}: constructs, or refuses naming the argument path and the fix; never a raw error`, async () => {
      const samples = fc.sample(arbitrary, { seed: SEED, numRuns: RUNS });
      const tally = { constructed: 0, refused: 0 };
      const raw: string[] = [];
      for (let start = 0; start < samples.length; start += BATCH)
        await run(() => {
          const pool = new BucketPool(`pool-${start}`);
          samples.slice(start, start + BATCH).forEach((args, offset) => {
            const name = `${block.toLowerCase()}-${start + offset}`;
            try {
              construct(name, args, pool);
              tally.constructed++;
            } catch (e) {
              if (!(e instanceof ReplicationConfigError)) {
                raw.push(`${JSON.stringify(args)}: ${String(e)}`);
                return;
              }
              tally.refused++;
              for (const issue of e.issues) {
                if (!issue.field.startsWith(`${block} ${name}`) || issue.fix === "" || issue.problem === "")
                  raw.push(`${JSON.stringify(args)}: ${JSON.stringify(issue)}`);
              }
            }
          });
        });
      console.log(
        `      ${block}: ${samples.length} argument sets, ${tally.constructed} constructed, ${tally.refused} refused with argument paths, ${raw.length} raw errors`,
      );
      assert.deepEqual(raw.slice(0, 5), []);
      assert.ok(tally.constructed >= 30 && tally.refused >= 30, `generator too one-sided: ${JSON.stringify(tally)}`);
    });
  }
});

/** The message of what `build` throws inside a program run. */
async function refusal(build: () => void): Promise<string> {
  let message = "";
  await run(() => {
    try {
      build();
    } catch (e) {
      message = String(e);
    }
  });
  return message;
}

const bucket = (name: string): EncryptedBucket => new EncryptedBucket(name, { encryption: "AES256" as never });

describe("building blocks: one rule, one refusal", () => {
  const rules: Array<[string, () => void, RegExp]> = [
    [
      "a tag key starting aws:",
      () => new EncryptedBucket("t", { tags: { "aws:team": "x" } }),
      /EncryptedBucket t\.tags\["aws:team"\]: the aws: prefix is reserved.*Fix: choose a key that does not start with aws:/,
    ],
    [
      "a tag key over 128 characters",
      () => new ReplicationRole("t", { tags: { ["k".repeat(129)]: "v" } }),
      /ReplicationRole t\.tags\[.*1 to 128 characters/,
    ],
    [
      "a tag value over 256 characters",
      () => new ReplicationKey("t", { tags: { a: "v".repeat(257) } }),
      /ReplicationKey t\.tags\["a"\]: the value is longer than 256/,
    ],
    [
      "more than 50 tags",
      () =>
        new EncryptedBucket("t", { tags: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, "v"])) }),
      /EncryptedBucket t\.tags: 51 tags, more than AWS allows \(50\)/,
    ],
    [
      "a Region that does not exist",
      () => new EncryptedBucket("t", { region: "eu-nowhere-1" }),
      /EncryptedBucket t\.region: "eu-nowhere-1" is not an AWS Region/,
    ],
    [
      "a Region that does not exist (key)",
      () => new ReplicationKey("t", { region: "us-east-9" }),
      /ReplicationKey t\.region: "us-east-9" is not an AWS Region/,
    ],
    [
      "a filter prefix over 1,024 bytes",
      () =>
        new BucketReplication("t", {
          source: { bucket: bucket("s") },
          destinations: [{ name: "dr", bucket: bucket("d"), filterPrefix: "é".repeat(513) }],
        }),
      /BucketReplication t\.destinations\[0\]\.filterPrefix: the prefix is 1026 bytes/,
    ],
    [
      "an invalid role name",
      () => new ReplicationRole("t", { roleName: "orders role" }),
      /ReplicationRole t\.roleName: "orders role" is not a valid IAM role name/,
    ],
    [
      "a key description over 8,192 characters",
      () => new ReplicationKey("t", { description: "d".repeat(8193) }),
      /ReplicationKey t\.description: the description has 8193 characters/,
    ],
    [
      "an alias without alias/",
      () => new ReplicationKey("t", { aliasName: "orders" }),
      /ReplicationKey t\.aliasName: "orders" is not a KMS alias name/,
    ],
    [
      "an alias under alias/aws/",
      () => new ReplicationKey("t", { aliasName: "alias/aws/orders" }),
      /ReplicationKey t\.aliasName: alias\/aws\/ is reserved/,
    ],
    [
      "an invalid bucket name",
      () => new EncryptedBucket("t", { bucketName: "Orders_Bucket" }),
      /EncryptedBucket t\.bucketName: "Orders_Bucket" may hold only lowercase/,
    ],
    [
      "an invalid account",
      () => new ReplicationRole("t", { sourceAccount: "1234" }),
      /ReplicationRole t\.sourceAccount: "1234" is not a 12-digit account id/,
    ],
    [
      "an unknown partition",
      () => new ReplicationKey("t", { partition: "aws-moon" }),
      /ReplicationKey t\.partition: "aws-moon" is not an AWS partition/,
    ],
    [
      "an unknown encryption",
      () => new EncryptedBucket("t", { encryption: "rot13" as never }),
      /EncryptedBucket t\.encryption: "rot13" is not one of the values.*Fix: use one of AES256/,
    ],
    [
      "an unknown storage class",
      () =>
        new BucketReplication("t", {
          source: { bucket: bucket("s") },
          destinations: [{ name: "dr", bucket: bucket("d"), storageClass: "COLD" as never }],
        }),
      /destinations\[0\]\.storageClass: "COLD" is not one of the values/,
    ],
    [
      "a rule id over 255 characters",
      () =>
        new BucketReplication("t", {
          source: { bucket: bucket("s") },
          destinations: [{ name: "dr", bucket: bucket("d"), ruleId: "r".repeat(256) }],
        }),
      /destinations\[0\]\.ruleId: a rule id has 1 to 255 characters/,
    ],
    [
      "a wrong type",
      () => new ReplicationRole("t", { batchReplication: "yes" as never }),
      /ReplicationRole t\.batchReplication: string "yes" is not a boolean/,
    ],
    [
      "null arguments",
      () => new ReplicationKey("t", null as never),
      /ReplicationKey t args: null is not an arguments object/,
    ],
    [
      "a bucket that is not a block",
      () => new BucketReplication("t", { source: { bucket: "orders" as never }, destinations: [] }),
      /BucketReplication t\.source\.bucket: string "orders" is not a EncryptedBucket/,
    ],
    [
      "a grant without a grantee",
      () =>
        new ReplicationAccess("t", {
          keyArn: "arn:aws:kms:us-east-1:111111111111:key/k",
          grants: [{ name: "g", operations: ["Decrypt"] } as never],
        }),
      /ReplicationAccess t\.grants\[0\]\.granteeRoleArn: is missing/,
    ],
    [
      "a Region that does not exist (access)",
      () => new ReplicationAccess("t", { region: "mars-1" }),
      /ReplicationAccess t\.region: "mars-1" is not an AWS Region/,
    ],
  ];
  rules.push([
    "two grants with one name",
    () =>
      new ReplicationAccess("t", {
        keyArn: "arn:aws:kms:us-east-1:111111111111:key/k",
        grants: ["g", "g"].map((name) => ({
          name,
          granteeRoleArn: "arn:aws:iam::111111111111:role/r",
          operations: ["Decrypt"],
        })),
      }),
    /ReplicationAccess t\.grants: the grant name "g" is used twice/,
  ]);
  for (const [rule, build, expected] of rules) {
    it(`refuses ${rule}`, async () => {
      assert.match(await refusal(build), expected);
    });
  }

  it("checks an Output-valued argument when it resolves at preview", async () => {
    await assert.rejects(
      run(() => {
        new EncryptedBucket("t", { encryption: "AES256" as never, existingBucketName: pulumi.output("Not_A_Bucket") });
      }, true),
      /EncryptedBucket t\.existingBucketName: "Not_A_Bucket" may hold only lowercase/,
    );
  });

  it("S3Replication refuses an empty externalId, a long filter prefix, an aws: tag and an unknown Region", async () => {
    const message = await refusal(
      () =>
        new S3Replication("t", {
          source: { region: "us-east-1" },
          destinations: [
            {
              name: "dr",
              region: "eu-west-1",
              assumeRoleArn: "arn:aws:iam::222222222222:role/d",
              externalId: "",
              filterPrefix: "p".repeat(1025),
            },
            { name: "far", region: "eu-nowhere-1" },
          ],
          tags: { "aws:owner": "x" },
        }),
    );
    assert.match(message, /destinations\[0\]\.externalId: the external id is empty/);
    assert.match(message, /destinations\[0\]\.filterPrefix: the prefix is 1025 bytes/);
    assert.match(message, /destinations\[1\]\.region: "eu-nowhere-1" is not an AWS Region/);
    assert.match(message, /tags\["aws:owner"\]: the aws: prefix is reserved/);
  });
});
