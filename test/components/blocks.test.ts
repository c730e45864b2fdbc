/** The building blocks, each usable alone, and composed by reference (BucketReplication) with providers the user already holds. */

import * as assert from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import * as aws from "@pulumi/aws";
import * as ts from "typescript";
import * as components from "../../components";
import { BucketReplication, EncryptedBucket, Encryption, ReplicationKey, ReplicationRole } from "../../components";
import { generateDocuments } from "../../components/documents";
import { ReplicationTopology } from "../../components/model/topology";
import { RecordedResource, RunResult, runPolicies } from "../../policypack/testing";
import { judged } from "../policypack/pending";
import { DEST_ACCOUNT, SOURCE_ACCOUNT, all, doc, find, input, output, run } from "./support";

const PROVIDER = "pulumi:providers:aws";

/** The TypeScript block under `heading` in a page of the repository, as the user copies it. */
function sample(page: string, heading: string): string {
  const text = fs.readFileSync(path.resolve(__dirname, "../..", page), "utf8");
  const at = text.indexOf(heading);
  assert.ok(at >= 0, `${page}: no section ${heading}`);
  const code = /```ts\n([\s\S]*?)```/.exec(text.slice(at))?.[1];
  assert.ok(code !== undefined, `${page}: no TypeScript block under ${heading}`);
  return code;
}

const README_BLOCKS = sample("README.md", "## Building blocks: two providers in hand");

/** A sample compiled as it is written, importing this package as `s3-replication`. */
function compiled(code: string): () => void {
  const js = ts.transpileModule(code, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020 },
  }).outputText;
  const modules: Record<string, unknown> = { "s3-replication": components, "@pulumi/aws": aws };
  const load = (id: string): unknown => {
    if (!(id in modules)) throw new Error(`the sample imports ${id}, which the test does not provide`);
    return modules[id];
  };
  return () => {
    const module = { exports: {} };
    // The sample's own CommonJS module: require, exports, module.
    new Function("require", "exports", "module", js)(load, module.exports, module);
  };
}

/** The README's building-blocks program (two providers, blocks composed by reference), run as written. */
const blocksProgram = compiled(README_BLOCKS);

/** Two destinations, each through its own provider (one in another account, one in the source's account, another Region), optionally two-way. */
function twoDestinations(twoWay: boolean) {
  return (): void => {
    const src = new aws.Provider("src", { region: "us-east-1" });
    const dst = new aws.Provider("dst", { region: "eu-west-1", profile: "orders-dr" });
    const near = new aws.Provider("near", { region: "us-west-2" });
    const block = (name: string, provider: aws.Provider) => {
      const key = new ReplicationKey(`${name}-key`, {}, { provider });
      return { bucket: new EncryptedBucket(name, { kmsKeyArn: key.keyArn }, { provider }), key };
    };
    new BucketReplication(
      "orders",
      {
        source: block("orders-src", src),
        destinations: [
          { name: "dr", ...block("orders-dr", dst) },
          { name: "near", ...block("orders-near", near) },
        ],
        twoWay,
      },
      { provider: src },
    );
  };
}

const ACCOUNTS = { accounts: { src: SOURCE_ACCOUNT, near: SOURCE_ACCOUNT, dst: DEST_ACCOUNT } };

/** The one resource of a type whose input `key` equals `value`. */
function withInput(r: RunResult, type: string, key: string, value: unknown): RecordedResource {
  const found = all(r, type).filter((x) => input(x, key) === value);
  assert.strictEqual(
    found.length,
    1,
    `exactly one ${type} with ${key} = ${String(value)}; found ${found.map((x) => x.name).join(", ")}`,
  );
  return found[0] as RecordedResource;
}

/**
 * The topology the blocks of a run make (read from what AWS returned), the core's documents for
 * it, and the check that each bucket and key has exactly one policy, equal to the core's.
 */
function assertCoreDocuments(
  r: RunResult,
  sides: Array<{ name: string; bucket: string; account: string; region: string }>,
  twoWay: boolean,
): void {
  const side = (s: { bucket: string; account: string; region: string }) => {
    const bucketName = String(output(find(r, "aws:s3/bucket:Bucket", `${s.bucket}-bucket`), "bucket"));
    const keyArn = String(output(find(r, "aws:kms/key:Key", `${s.bucket}-key-key`), "arn"));
    return {
      account: s.account,
      region: s.region,
      partition: "aws",
      bucketName,
      encryption: Encryption.SseKms,
      keyArn,
      awsManagedKey: false,
      bucketKeyEnabled: true,
      objectLockEnabled: false,
    };
  };
  const [source, ...destinations] = sides;
  if (source === undefined) throw new Error("no source");
  const src = side(source);
  const roleName = String(output(find(r, "aws:iam/role:Role", "orders-role"), "name"));
  const topology: ReplicationTopology = {
    source: src,
    twoWay,
    role: { account: src.account, partition: "aws", name: roleName },
    destinations: destinations.map((d, i) => ({
      ...side(d),
      name: d.name,
      ruleId: d.name,
      priority: i,
      deleteMarkerReplication: false,
      // Every bucket here is an EncryptedBucket block (BucketOwnerEnforced): no ownership override by default.
      ownershipOverride: false,
      replicationTime: false,
      // Metrics are on unless a destination says metrics: false (every rule has a failure signal).
      metrics: true,
      replicaModifications: twoWay,
    })),
    ...(twoWay
      ? {
          reverseRoleNames: Object.fromEntries(
            destinations.map((d) => [
              d.name,
              String(output(find(r, "aws:iam/role:Role", `orders-to-${d.name}-back-role`), "name")),
            ]),
          ),
        }
      : {}),
  };
  const docs = generateDocuments(topology);
  assert.strictEqual(all(r, "aws:s3/bucketPolicy:BucketPolicy").length, sides.length, "one bucket policy per bucket");
  assert.strictEqual(all(r, "aws:kms/keyPolicy:KeyPolicy").length, sides.length, "one key policy per key");
  for (const [bucketName, expected] of Object.entries(docs.buckets)) {
    assert.deepStrictEqual(
      doc(withInput(r, "aws:s3/bucketPolicy:BucketPolicy", "bucket", bucketName), "policy"),
      expected.policy,
      `bucket policy of ${bucketName}`,
    );
  }
  for (const [keyArn, expected] of Object.entries(docs.keys)) {
    assert.deepStrictEqual(
      doc(withInput(r, "aws:kms/keyPolicy:KeyPolicy", "keyId", keyArn), "policy"),
      expected.policy,
      `key policy of ${keyArn}`,
    );
  }
  assert.strictEqual(docs.roles.length, twoWay ? sides.length : 1);
  for (const role of docs.roles) {
    const name = role.scope.role.name;
    const roleResource = all(r, "aws:iam/role:Role").find((x) => output(x, "name") === name);
    assert.ok(roleResource, `role ${name}`);
    assert.deepStrictEqual(
      doc(find(r, "aws:iam/rolePolicy:RolePolicy", `${roleResource.name}-policy`), "policy"),
      role.permissionPolicy,
      `permission policy of ${name}`,
    );
    const config = withInput(
      r,
      "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
      "bucket",
      role.scope.paths[0]?.source.bucketName,
    );
    assert.deepStrictEqual(input(config, "rules"), role.replicationConfiguration.rules, `rules of ${name}`);
    assert.strictEqual(input(config, "role"), role.roleArn);
  }
}

describe("building blocks composed by reference (BucketReplication)", () => {
  it("the README's program: two providers, at most 20 lines, no document plumbing; docs/components.md shows the same", () => {
    const lines = README_BLOCKS.split("\n").filter((line) => line.trim() !== "");
    assert.ok(lines.length <= 20, `${lines.length} lines`);
    assert.strictEqual((README_BLOCKS.match(/new aws\.Provider\(/g) ?? []).length, 2);
    for (const plumbing of ["generateDocuments", "documents", "managePolicy", "addToResourcePolicy", "policy:", "[0]"])
      assert.ok(!README_BLOCKS.includes(plumbing), `the program uses ${plumbing}`);
    assert.strictEqual(sample("docs/components.md", "## Full control with your own providers"), README_BLOCKS);
  });

  it("the README's program: every child through the provider its block was given, nothing through a default provider", async () => {
    const r = await runPolicies(blocksProgram, { policies: [], ...ACCOUNTS });
    assert.ok(!r.resources.some((x) => x.defaultProvider === true));
    for (const res of r.resources.filter((x) => x.custom && x.type !== PROVIDER)) {
      assert.strictEqual(res.provider?.name, /orders-dst/.test(res.name) ? "dst" : "src", res.name);
    }
  });

  it("one destination, cross-account, one-way: one policy per bucket and key, each equal to the core's for the same topology", async () => {
    const r = await runPolicies(blocksProgram, { policies: [], ...ACCOUNTS });
    assertCoreDocuments(
      r,
      [
        { name: "source", bucket: "orders-src", account: SOURCE_ACCOUNT, region: "us-east-1" },
        { name: "dr", bucket: "orders-dst", account: DEST_ACCOUNT, region: "eu-west-1" },
      ],
      false,
    );
  });

  for (const twoWay of [false, true]) {
    it(`two destinations (cross-account and same-account), ${twoWay ? "two-way" : "one-way"}: the core's documents, one policy per bucket and key`, async () => {
      const r = await runPolicies(twoDestinations(twoWay), { policies: [], ...ACCOUNTS });
      assertCoreDocuments(
        r,
        [
          { name: "source", bucket: "orders-src", account: SOURCE_ACCOUNT, region: "us-east-1" },
          { name: "dr", bucket: "orders-dr", account: DEST_ACCOUNT, region: "eu-west-1" },
          { name: "near", bucket: "orders-near", account: SOURCE_ACCOUNT, region: "us-west-2" },
        ],
        twoWay,
      );
      if (twoWay) assert.strictEqual(find(r, "aws:iam/role:Role", "orders-to-dr-back-role").provider?.name, "dst");
    });
  }

  it("the pack reports no violation on the composed programs, in preview and in update", async () => {
    for (const program of [blocksProgram, twoDestinations(false), twoDestinations(true)]) {
      for (const preview of [true, false]) {
        const r = await runPolicies(program, { preview, ...ACCOUNTS });
        assert.deepStrictEqual(judged(r.violations), [], `preview=${String(preview)}`);
      }
    }
  });

  it("ReplicationAccess writes the bucket policy, key policy and grants it is given; ReplicationGrant, its former name, the same under its old type token", async () => {
    const KEY = "arn:aws:kms:us-east-1:111111111111:key/66666666-7777-4888-8999-000000000000";
    const ROLE = "arn:aws:iam::111111111111:role/replication";
    const access = (name: string) => ({
      bucketName: `${name}-bucket`,
      bucketPolicy: '{"Version":"2012-10-17","Statement":[]}',
      keyArn: KEY,
      keyPolicy: '{"Version":"2012-10-17","Statement":[]}',
      grants: [{ name: "forward", granteeRoleArn: ROLE, operations: ["Decrypt"] }],
    });
    const r = await run(() => {
      new components.ReplicationAccess("now", access("now"));
      new components.ReplicationGrant("before", access("before"));
    });
    const children = (parent: string) =>
      r.resources
        .filter(
          (x) =>
            x.parent ===
            find(
              r,
              parent === "now" ? "s3-replication:index:ReplicationAccess" : "s3-replication:index:ReplicationGrant",
              parent,
            ).urn,
        )
        .map((x) => `${x.type} ${x.name}`)
        .sort();
    assert.deepStrictEqual(children("now"), [
      "aws:kms/grant:Grant now-grant-forward",
      "aws:kms/keyPolicy:KeyPolicy now-key-policy",
      "aws:s3/bucketPolicy:BucketPolicy now-bucket-policy",
    ]);
    assert.deepStrictEqual(children("before"), [
      "aws:kms/grant:Grant before-grant-forward",
      "aws:kms/keyPolicy:KeyPolicy before-key-policy",
      "aws:s3/bucketPolicy:BucketPolicy before-bucket-policy",
    ]);
  });

  it("a statement added after the policy is complete is refused, never dropped", async () => {
    await assert.rejects(
      run(async () => {
        const bucket = new EncryptedBucket("late", { encryption: Encryption.SseS3 });
        await new Promise((resolve) => setImmediate(resolve)); // after the synchronous part that created the bucket
        bucket.addToResourcePolicy([]);
      }),
      /EncryptedBucket late: its policy document is already complete/,
    );
  });

  it("EncryptedBucket alone: TLS-only policy, SSE-S3 without a key, existing bucket untouched beyond versioning and encryption", async () => {
    const r = await run(() => {
      new EncryptedBucket("plain", { encryption: Encryption.SseS3 });
      new EncryptedBucket("adopted", { existingBucketName: "legacy-bucket", encryption: Encryption.SseS3 });
    });
    const policy = doc(find(r, "aws:s3/bucketPolicy:BucketPolicy", "plain-policy"), "policy") as {
      Statement: Array<{ Sid: string; Resource: string[] }>;
    };
    const name = output(find(r, "aws:s3/bucket:Bucket", "plain-bucket"), "bucket");
    assert.deepStrictEqual(
      policy.Statement.map((s) => s.Sid),
      ["DenyInsecureTransport"],
    );
    assert.deepStrictEqual(policy.Statement[0]?.Resource, [
      `arn:aws:s3:::${String(name)}`,
      `arn:aws:s3:::${String(name)}/*`,
    ]);
    assert.deepStrictEqual(
      r.resources
        .filter((x) => x.name.startsWith("adopted-") && x.custom)
        .map((x) => x.name)
        .sort(),
      ["adopted-encryption", "adopted-versioning"],
    );
    assert.strictEqual(
      input(find(r, "aws:s3/bucketVersioning:BucketVersioning", "adopted-versioning"), "bucket"),
      "legacy-bucket",
    );
  });

  it("EncryptedBucket rejects KMS without a key and DSSE with Bucket Keys", async () => {
    await assert.rejects(
      run(() => new EncryptedBucket("b", {})),
      /kmsKeyArn: encryption aws:kms needs a KMS key/,
    );
    await assert.rejects(
      run(
        () =>
          new EncryptedBucket("b", {
            encryption: Encryption.DsseKms,
            kmsKeyArn: "arn:aws:kms:us-east-1:111111111111:key/x",
            bucketKeyEnabled: true,
          }),
      ),
      /not supported with DSSE-KMS/,
    );
  });

  it("ReplicationKey rejects a deletion window KMS does not accept", async () => {
    await assert.rejects(
      run(() => new ReplicationKey("k", { deletionWindowInDays: 5 })),
      /ReplicationKey k\.deletionWindowInDays: 5 is not a whole number of days from 7 to 30\. Fix: give 7 to 30/,
    );
  });

  it("ReplicationKey alone: rotation, 30-day window, retained; a replica key when given a primary", async () => {
    const r = await run(() => {
      const primary = new ReplicationKey("primary", { multiRegion: true });
      new ReplicationKey("replica", { primaryKeyArn: primary.keyArn, region: "eu-west-1" });
    });
    const key = find(r, "aws:kms/key:Key", "primary-key");
    assert.deepStrictEqual(
      [
        input(key, "enableKeyRotation"),
        input(key, "deletionWindowInDays"),
        input(key, "multiRegion"),
        key.options.retainOnDelete,
      ],
      [true, 30, true, true],
    );
    const replica = find(r, "aws:kms/replicaKey:ReplicaKey", "replica-key");
    assert.strictEqual(input(replica, "region"), "eu-west-1");
    assert.strictEqual(output(replica, "arn"), String(output(key, "arn")).replace("us-east-1", "eu-west-1"));
    await assert.rejects(
      run(() => new ReplicationKey("k", { deletionWindowInDays: 3 })),
      /deletionWindowInDays: 3/,
    );
  });

  it("ReplicationRole alone: trust conditions only as an opt-in", async () => {
    const r = await run(() => {
      new ReplicationRole("plain", {});
      new ReplicationRole("hardened", { trustConditions: true });
    });
    const plain = doc(find(r, "aws:iam/role:Role", "plain"), "assumeRolePolicy") as {
      Statement: Array<{ Condition?: unknown }>;
    };
    const hardened = doc(find(r, "aws:iam/role:Role", "hardened"), "assumeRolePolicy") as {
      Statement: Array<{ Condition?: unknown }>;
    };
    assert.strictEqual(plain.Statement[0]?.Condition, undefined);
    assert.deepStrictEqual(hardened.Statement[0]?.Condition, { StringEquals: { "aws:SourceAccount": "111111111111" } });
    assert.strictEqual(all(r, "aws:iam/rolePolicy:RolePolicy").length, 0);
  });
});
