/** Two providers in hand (TypeScript) and destinations described by plain data (every language): which provider creates what. */

import * as assert from "node:assert";
import * as aws from "@pulumi/aws";
import { S3Replication, S3ReplicationArgs } from "../../components";
import { RecordedResource, RunResult, runPolicies, unwrap } from "../../policypack/testing";
import { judged } from "../policypack/pending";
import { DEST_ACCOUNT, DEST_ROLE, SOURCE_ACCOUNT, all, doc, find, input, output, run } from "./support";

const PROVIDER = "pulumi:providers:aws";

/** The program of the README's two-provider example: an SSO-profile source and a profile-based destination with default tags. */
function twoProviders(args: Partial<S3ReplicationArgs> = {}): void {
  const src = new aws.Provider("src", { region: "us-east-1", profile: "orders-prod" });
  const dst = new aws.Provider("dst", {
    region: "eu-west-1",
    profile: "orders-dr",
    defaultTags: { tags: { team: "dr" } },
  });
  new S3Replication(
    "orders",
    { source: {}, destinations: [{ name: "dr" }], ...args },
    { provider: src, destinationProviders: { dr: dst } },
  );
}

const TWO_ACCOUNTS = { accounts: { src: SOURCE_ACCOUNT, dst: DEST_ACCOUNT } };

async function runTwoProviders(preview: boolean, args: Partial<S3ReplicationArgs> = {}): Promise<RunResult> {
  return runPolicies(() => twoProviders(args), { preview, ...TWO_ACCOUNTS });
}

/**
 * Whether a child named after a destination belongs to the destination's side. The rule's failure
 * alarm does not: S3 publishes OperationsFailedReplication in the source bucket's Region, in the
 * rule owner's account ("Using S3 Replication metrics",
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/repl-metrics.html).
 */
const onDestinationSide = (name: string): boolean => name.startsWith("orders-to-dr") && !name.endsWith("-failed-alarm");

/** The custom resources of a run, providers and the Stack left out. */
const customs = (r: RunResult): RecordedResource[] => r.resources.filter((x) => x.custom && x.type !== PROVIDER);

describe("S3Replication with the user's own destination provider (TypeScript)", () => {
  it("creates every destination child through that provider and every other child through the source's; builds no provider and uses no default one", async () => {
    const r = await runTwoProviders(false);
    assert.deepStrictEqual(
      r.resources
        .filter((x) => x.type === PROVIDER)
        .map((x) => x.name)
        .sort(),
      ["dst", "src"],
    );
    assert.ok(!r.resources.some((x) => x.defaultProvider === true), "nothing may go through a default provider");
    for (const res of customs(r)) {
      const expected = onDestinationSide(res.name) ? "dst" : "src";
      assert.strictEqual(res.provider?.name, expected, `${res.type} ${res.name}`);
    }
    // No per-resource region: the destination's region is its provider's.
    assert.strictEqual(input(find(r, "aws:s3/bucket:Bucket", "orders-to-dr-bucket"), "region"), undefined);
  });

  it("takes the destination's account and region from that provider: cross-account documents and replica owner", async () => {
    const r = await runTwoProviders(false);
    const key = find(r, "aws:kms/key:Key", "orders-to-dr-key-key");
    assert.match(String(output(key, "arn")), new RegExp(`^arn:aws:kms:eu-west-1:${DEST_ACCOUNT}:key/`));
    const rules = input(
      find(r, "aws:s3/bucketReplicationConfig:BucketReplicationConfig", "orders-replication"),
      "rules",
    ) as Array<{ destination: { account?: string; accessControlTranslation?: { owner: string } } }>;
    assert.strictEqual(rules[0]?.destination.account, DEST_ACCOUNT);
    assert.strictEqual(
      rules[0]?.destination.accessControlTranslation,
      undefined,
      "a created BucketOwnerEnforced destination needs no ownership override",
    );
    const bucketPolicy = doc(find(r, "aws:s3/bucketPolicy:BucketPolicy", "orders-to-dr-policy"), "policy") as {
      Statement: Array<{ Principal?: { AWS?: string } }>;
    };
    const role = String(output(find(r, "aws:iam/role:Role", "orders-role"), "arn"));
    assert.ok(role.includes(`::${SOURCE_ACCOUNT}:role/`), role);
    assert.ok(
      bucketPolicy.Statement.some((s) => s.Principal?.AWS === role),
      "the destination bucket policy admits the source account's role",
    );
  });

  it("the pack reports no violation, in preview and in update", async () => {
    for (const preview of [true, false]) {
      const r = await runTwoProviders(preview);
      // Preview may only add the pack's "judged at `pulumi up`" notes.
      assert.deepStrictEqual(judged(r.violations), [], `preview=${String(preview)}`);
    }
  });

  it("two-way with the user's destination provider: the reverse role and rule live in the destination account, through its provider", async () => {
    const r = await runTwoProviders(false, { twoWay: true });
    const back = find(r, "aws:iam/role:Role", "orders-to-dr-back-role");
    assert.strictEqual(back.provider?.name, "dst");
    assert.ok(String(output(back, "arn")).includes(`::${DEST_ACCOUNT}:role/`));
    assert.strictEqual(
      find(r, "aws:s3/bucketReplicationConfig:BucketReplicationConfig", "orders-to-dr-back-replication").provider?.name,
      "dst",
    );
    assert.deepStrictEqual(r.violations, []);
  });

  it("rejects a provider keyed by no destination, one that is not an AWS provider, and plain access settings beside a provider", async () => {
    await assert.rejects(
      run(() => {
        const dst = new aws.Provider("dst", { region: "eu-west-1" });
        new S3Replication(
          "orders",
          { source: {}, destinations: [{ name: "dr" }] },
          { destinationProviders: { dr2: dst } },
        );
      }),
      /opts\.destinationProviders\.dr2: no destination is named "dr2"[\s\S]*destinations\[0\]\.region: the region is missing/,
    );
    await assert.rejects(
      run(() => {
        const dst = new aws.Provider("dst", { region: "eu-west-1" });
        new S3Replication(
          "orders",
          { source: {}, destinations: [{ name: "dr", assumeRoleArn: DEST_ROLE, profile: "p" }] },
          { destinationProviders: { dr: dst } },
        );
      }),
      /destinations\[0\]\.assumeRoleArn: is given, but so is a provider for destination "dr"[\s\S]*destinations\[0\]\.profile: is given/,
    );
    await assert.rejects(
      run(() => {
        new S3Replication(
          "orders",
          { source: {}, destinations: [{ name: "dr" }] },
          { destinationProviders: { dr: {} as unknown as aws.Provider } },
        );
      }),
      /opts\.destinationProviders\.dr: is not an AWS provider/,
    );
  });
});

/** The provider the component built for destination `dr` (its inputs, unwrapped). */
function builtProvider(r: RunResult): Record<string, unknown> {
  const provider = find(r, PROVIDER, "orders-to-dr-provider");
  return Object.fromEntries(
    Object.entries(provider.inputs).map(([k, v]) => {
      const value = unwrap(v);
      return [k, typeof value === "string" && /^[[{]/.test(value) ? (JSON.parse(value) as unknown) : value];
    }),
  );
}

describe("a destination from plain data (every Pulumi language)", () => {
  const plain: S3ReplicationArgs = {
    source: {},
    destinations: [
      {
        name: "dr",
        region: "eu-west-1",
        assumeRoleArn: DEST_ROLE,
        roleSessionName: "orders-replication",
        externalId: "ext-1",
        profile: "dr-base",
        defaultTags: { team: "dr" },
      },
    ],
  };

  it("builds the destination's provider from its role, session name, external id, profile and default tags; every destination child uses it", async () => {
    const r = await run(() => {
      const src = new aws.Provider("src", { region: "us-east-1", profile: "orders-prod" });
      new S3Replication("orders", plain, { provider: src });
    });
    const p = builtProvider(r);
    assert.strictEqual(p["region"], "eu-west-1");
    assert.strictEqual(p["profile"], "dr-base");
    assert.deepStrictEqual(p["assumeRoles"], [
      { roleArn: DEST_ROLE, sessionName: "orders-replication", externalId: "ext-1" },
    ]);
    assert.deepStrictEqual(p["defaultTags"], { tags: { team: "dr" } });
    for (const res of customs(r).filter((x) => onDestinationSide(x.name)))
      assert.strictEqual(res.provider?.name, "orders-to-dr-provider", res.name);
    assert.strictEqual(
      find(r, "aws:cloudwatch/metricAlarm:MetricAlarm", "orders-to-dr-failed-alarm").provider?.name,
      "src",
    );
    assert.deepStrictEqual(
      judged(
        (
          await runPolicies(
            () => {
              const src = new aws.Provider("src", { region: "us-east-1", profile: "orders-prod" });
              new S3Replication("orders", plain, { provider: src });
            },
            { preview: true },
          )
        ).violations,
      ),
      [],
    );
  });

  it("base credentials: the destination's provider starts from the source provider's profile and keys, never from ambient ones silently", async () => {
    const r = await run(() => {
      const src = new aws.Provider("src", { region: "us-east-1", profile: "orders-prod" });
      new S3Replication(
        "orders",
        { source: {}, destinations: [{ name: "dr", region: "eu-west-1", assumeRoleArn: DEST_ROLE }] },
        { provider: src },
      );
    });
    assert.strictEqual(builtProvider(r)["profile"], "orders-prod");
    const keys = await run(() => {
      const src = new aws.Provider("src", { region: "us-east-1", accessKey: "AKIAEXAMPLE", secretKey: "s3cr3t" });
      new S3Replication(
        "orders",
        { source: {}, destinations: [{ name: "dr", region: "eu-west-1", assumeRoleArn: DEST_ROLE }] },
        { provider: src },
      );
    });
    assert.deepStrictEqual(
      [builtProvider(keys)["accessKey"], builtProvider(keys)["secretKey"]],
      ["AKIAEXAMPLE", "s3cr3t"],
    );
  });

  it("base credentials of the default provider: the aws: stack config it reads (profile, shared files)", async () => {
    const r = await runPolicies(
      () => {
        new S3Replication("orders", {
          source: {},
          destinations: [{ name: "dr", region: "eu-west-1", assumeRoleArn: DEST_ROLE }],
        });
      },
      {
        policies: [],
        stackConfig: {
          "aws:region": "us-east-1",
          "aws:profile": "ci-deployer",
          "aws:sharedConfigFiles": '["/etc/aws/config"]',
        },
      },
    );
    const p = builtProvider(r);
    assert.strictEqual(p["profile"], "ci-deployer");
    assert.deepStrictEqual(p["sharedConfigFiles"], ["/etc/aws/config"]);
  });

  it("a destination profile replaces the source's profile and keys (only the shared files carry over)", async () => {
    const r = await run(() => {
      const src = new aws.Provider("src", { region: "us-east-1", accessKey: "AKIAEXAMPLE", secretKey: "s3cr3t" });
      new S3Replication(
        "orders",
        { source: {}, destinations: [{ name: "dr", region: "eu-west-1", profile: "dr-admin" }] },
        { provider: src },
      );
    });
    const p = builtProvider(r);
    assert.deepStrictEqual(
      [p["profile"], p["accessKey"], p["secretKey"], p["assumeRoles"]],
      ["dr-admin", undefined, undefined, undefined],
    );
  });

  it("without a role, profile or default tags, the destination uses the source provider itself in its region (no provider built)", async () => {
    const r = await run(() => {
      const src = new aws.Provider("src", { region: "us-east-1" });
      new S3Replication(
        "orders",
        { source: {}, destinations: [{ name: "near", region: "us-west-2" }] },
        { provider: src },
      );
    });
    assert.deepStrictEqual(
      all(r, PROVIDER)
        .filter((x) => x.defaultProvider !== true)
        .map((x) => x.name),
      ["src"],
    );
    const bucket = find(r, "aws:s3/bucket:Bucket", "orders-to-near-bucket");
    assert.deepStrictEqual([bucket.provider?.name, input(bucket, "region")], ["src", "us-west-2"]);
  });

  it("rejects a session name or external id without a role, and a session name STS refuses", async () => {
    await assert.rejects(
      run(
        () =>
          new S3Replication("orders", {
            source: {},
            destinations: [{ name: "dr", region: "eu-west-1", roleSessionName: "x y" }],
          }),
      ),
      /destinations\[0\]\.roleSessionName: a role session name was given without assumeRoleArn[\s\S]*destinations\[0\]\.roleSessionName: "x y" is not a valid role session name/,
    );
  });
});

describe("default names that do not collide", () => {
  const program = (): void => {
    const src = new aws.Provider("src", { region: "us-east-1" });
    new S3Replication(
      "orders",
      { source: {}, destinations: [{ name: "near", region: "us-west-2" }] },
      { provider: src },
    );
  };
  const aliases = async (stack: string): Promise<string[]> =>
    all(await runPolicies(program, { policies: [], stack }), "aws:kms/alias:Alias")
      .map((a) => String(input(a, "name")))
      .sort();

  it("two stacks of one program get different KMS alias names; one stack gets the same names on every run", async () => {
    const dev = await aliases("dev");
    const staging = await aliases("staging");
    assert.deepStrictEqual(dev, [
      "alias/s3-replication/project/dev/orders-near",
      "alias/s3-replication/project/dev/orders-source",
    ]);
    assert.ok(
      staging.every((a) => !dev.includes(a)),
      `${staging.join(", ")} collide with ${dev.join(", ")}`,
    );
    assert.deepStrictEqual(await aliases("dev"), dev);
  });
});

describe("S3Replication input the types do not stop (other languages, plain JavaScript)", () => {
  const construct = (name: unknown, args: unknown) => () =>
    run(() => new S3Replication(name as string, args as S3ReplicationArgs));

  it("null args, source or destination: our error with the argument path, not a TypeError", async () => {
    await assert.rejects(
      construct("orders", null)(),
      /^ReplicationConfigError: args: null was given instead of the arguments object/,
    );
    await assert.rejects(construct("orders", { source: null, destinations: [] })(), /source: null is not an object/);
    await assert.rejects(
      construct("orders", { source: {}, destinations: [{ name: "dr", region: "eu-west-1" }, null] })(),
      /destinations\[1\]: null is not a destination/,
    );
    await assert.rejects(construct("orders", { source: {} })(), /destinations: is missing/);
  });

  it("a component name that cannot name auto-named buckets and roles is refused at construction, naming `name`", async () => {
    const destinations = [{ name: "dr", region: "eu-west-1" }];
    await assert.rejects(
      construct("o".repeat(200), { source: {}, destinations })(),
      /^ReplicationConfigError: name: "o{200}" gives the auto-named bucket/,
    );
    await assert.rejects(
      construct("commandes-été", { source: {}, destinations })(),
      /name: "commandes-été" is not a usable component name/,
    );
    await assert.rejects(
      construct("a::b", { source: {}, destinations })(),
      /name: "a::b" is not a usable component name/,
    );
    // Named buckets and role: a longer name is fine.
    await run(
      () =>
        new S3Replication("o".repeat(60), {
          source: { bucketName: "orders-src-1" },
          destinations: [{ ...destinations[0], name: "dr", region: "eu-west-1", bucketName: "orders-dr-1" }],
          roleName: "orders",
        }),
    );
  });
});
