// Issue 18 item 9, the pack's side: its own violation messages never print a secret value. What a
// policy is handed for a secret (policypack/secretValues.ts has the SDK and engine references): the
// engine keeps the envelope on the wire (inputs, and outputs of the same name), the SDK unwraps it
// and the policy gets the plain value with no mark. The offline harness hands secrets as the engine
// does, and the pack's messages show [secret] instead of every value it received as a secret, in
// preview and in update, while still naming the resource.
import * as assert from "node:assert/strict";
import fc from "fast-check";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { Policies } from "@pulumi/policy";
import { runPolicies, type RunResult } from "../../policypack/testing";
import { SECRET_SIG, SIG_KEY } from "../../policypack/harness/wire";
import {
  type DeserializeModule,
  forgetSecretValues,
  isPlainWire,
  redactSecretValues,
  watchSecretValues,
} from "../../policypack/secretValues";

/** Every secret of the program starts with this, so no fragment of one may appear either. */
const MARK = "topsecret";
const SECRET_BUCKET = `${MARK}-src-9k2`;
const SECRET_SID = `${MARK}-sid-77`;
const SECRET_TARGET = `arn:aws:s3:::${MARK}-target`;
const SECRET_NOT_JSON = `${MARK}-not-a-policy-document`;

const trust = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { Service: "s3.amazonaws.com" }, Action: "sts:AssumeRole" }],
});

/**
 * A broken replication whose source bucket name, role policy and destination bucket policy are
 * secrets: findings quote the bucket (its ARN and path), the role policy's Sid (S3R068) and the
 * unreadable bucket policy (S3R065).
 */
function secretProgram(): void {
  const src = new aws.s3.Bucket("src", { bucket: pulumi.secret(SECRET_BUCKET) });
  const dst = new aws.s3.Bucket("dst", { bucket: "plain-dst-bucket" });
  const dstVersioning = new aws.s3.BucketVersioning("dst-versioning", {
    bucket: dst.bucket,
    versioningConfiguration: { status: "Enabled" },
  });
  new aws.s3.BucketPolicy("dst-policy", { bucket: dst.bucket, policy: pulumi.secret(SECRET_NOT_JSON) });
  const role = new aws.iam.Role("role", { name: "repl-role", assumeRolePolicy: trust });
  const policy = {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: SECRET_SID,
        Effect: "Allow",
        Action: ["s3:GetReplicationConfiguration", "s3:ListBucket"],
        Resource: [SECRET_TARGET],
      },
    ],
  };
  new aws.iam.RolePolicy("role-policy", { role: role.name, policy: pulumi.secret(JSON.stringify(policy)) });
  const everything = { id: "all", status: "Enabled", filter: {}, deleteMarkerReplication: { status: "Disabled" } };
  const rules = [{ ...everything, destination: { bucket: dst.arn } }];
  new aws.s3.BucketReplicationConfig(
    "replication",
    { bucket: src.bucket, role: role.arn, rules },
    { dependsOn: [dstVersioning] },
  );
}

const envelope = (value: unknown): Record<string, unknown> => ({ [SIG_KEY]: SECRET_SIG, value });

describe("policy pack: secret values are never printed in its messages", function () {
  this.timeout(600_000);
  const runs: Record<"update" | "preview", RunResult> = {} as never;
  before(async () => {
    runs.update = await runPolicies(secretProgram);
    runs.preview = await runPolicies(secretProgram, { preview: true });
  });

  it("the harness hands secrets as the engine does: inputs and same-named outputs in their envelope, a derived output plain", () => {
    const src = runs.update.resources.find((r) => r.name === "src")!;
    assert.deepEqual(src.inputs["bucket"], envelope(SECRET_BUCKET));
    // step_executor.go: an output whose input of the same name is secret is made secret.
    assert.deepEqual(src.outputs["bucket"], envelope(SECRET_BUCKET));
    // A value derived under another name is not: the engine sends the ARN in plain text.
    assert.equal(src.outputs["arn"], `arn:aws:s3:::${SECRET_BUCKET}`);
    const rolePolicy = runs.update.resources.find((r) => r.name === "role-policy")!;
    assert.equal((rolePolicy.outputs["policy"] as Record<string, unknown>)[SIG_KEY], SECRET_SIG);
  });

  it("the SDK hands a policy the plain value with no mark (deserializeProperties(..., false))", async () => {
    const seen: unknown[] = [];
    const policies: Policies = [
      {
        name: "reads-the-bucket-name",
        description: "Records what it is handed for a secret bucket name.",
        enforcementLevel: "advisory",
        validateResource: (args) => {
          if (args.type === "aws:s3/bucket:Bucket" && args.name === "src") seen.push(args.props["bucket"]);
        },
      },
    ];
    await runPolicies(secretProgram, { policies });
    assert.deepEqual(seen, [SECRET_BUCKET]);
  });

  for (const mode of ["update", "preview"] as const) {
    it(`${mode}: every message shows [secret] and no secret text, and still names the resource`, () => {
      const messages = runs[mode].violations.map((v) => v.message);
      const leaking = messages.filter((m) => m.includes(MARK));
      assert.deepEqual(leaking, [], "a message quotes a secret (or a fragment of one)");
      const redacted = messages.filter((m) => m.includes("[secret]"));
      // The secret bucket in its ARN, the secret Sid, and the path named by the secret bucket.
      assert.ok(
        redacted.some((m) => /iam\.RolePolicy "role-policy".*arn:aws:s3:::\[secret\]/.test(m)),
        messages.join("\n"),
      );
      assert.ok(
        redacted.some((m) => /S3R068.*iam\.RolePolicy "role-policy".*Sid "\[secret\]"/.test(m)),
        messages.join("\n"),
      );
      // The unreadable secret document is named, never quoted.
      assert.ok(
        messages.some((m) => /s3\.BucketPolicy "dst-policy".*malformed JSON \(the text is not JSON\)/.test(m)),
        messages.join("\n"),
      );
      assert.ok(messages.some((m) => /s3\.Bucket "src"/.test(m)));
    });
  }

  it("redaction: a noted secret and any text containing it, longest first; nothing before a secret is seen", () => {
    forgetSecretValues();
    assert.equal(redactSecretValues(`bucket ${SECRET_BUCKET}`), `bucket ${SECRET_BUCKET}`);
    const sdk = {
      deserializeProperties: (struct: { toJavaScript(): unknown }): unknown => struct.toJavaScript(),
    };
    watchSecretValues(sdk);
    watchSecretValues(sdk); // idempotent
    const handed = sdk.deserializeProperties({
      toJavaScript: () => ({
        bucket: envelope(SECRET_BUCKET),
        policy: envelope(JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Sid: "ab" }] })),
      }),
    });
    // The SDK's own function gets the same value.
    assert.deepEqual((handed as Record<string, unknown>)["bucket"], envelope(SECRET_BUCKET));
    assert.equal(
      redactSecretValues(`arn:aws:s3:::${SECRET_BUCKET}/* Allow 2012-10-17 ab`),
      "arn:aws:s3:::[secret]/* Allow 2012-10-17 ab",
    );
    forgetSecretValues();
    assert.equal(redactSecretValues(SECRET_BUCKET), SECRET_BUCKET);
  });
});

/** A second instance of @pulumi/policy's deserialize module: its function as the SDK wrote it, never wrapped. */
function unwrappedSdk(): DeserializeModule {
  const file = require.resolve("@pulumi/policy/deserialize");
  const loaded = require.cache[file];
  delete require.cache[file];
  try {
    return require(file) as DeserializeModule;
  } finally {
    if (loaded !== undefined) require.cache[file] = loaded;
  }
}

const ASSET_SIG = "c44067f5952c0a294b673a41bacd8c17";
const ARCHIVE_SIG = "0def7320c3a5731c473e5ecbe6d01bc7";

/** Wire values as the engine sends them: JSON, secret envelopes, assets, archives, odd keys. */
const wireValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constantFrom(null, true, false, 0, -1.5, "", "04da6b54-80e4-46f7-96ec-b56ff0331ba9", "arn:aws:s3:::b"),
    fc.string(),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom("a", "b", "__proto__", "constructor", "1", SIG_KEY), tie("value"), { maxKeys: 3 }),
    tie("value").map((value) => envelope(value)),
    fc.string().map((text) => ({ [SIG_KEY]: ASSET_SIG, text: `t${text}` })),
    fc.string().map((path) => ({ [SIG_KEY]: ARCHIVE_SIG, path: `p${path}` })),
  ),
})).value;

describe("policy pack: the secret watcher hands policies what the SDK would", () => {
  const sdk = unwrappedSdk();
  const watched: DeserializeModule = { deserializeProperties: sdk.deserializeProperties.bind(sdk) };
  watchSecretValues(watched);
  /**
   * A value's shape: each object's class, its prototype when it is not the standard one, its keys in
   * order and their values (an asset's promised fields by class only).
   */
  const shape = (value: unknown): unknown => {
    if (value === null || typeof value !== "object") return value;
    if (value instanceof Promise) return "Promise";
    const proto: unknown = Object.getPrototypeOf(value);
    const entries = Object.keys(value).map((key) => [key, shape((value as Record<string, unknown>)[key])]);
    const standard = proto === Object.prototype || proto === Array.prototype;
    return {
      class: (proto as { constructor?: { name?: string } } | null)?.constructor?.name ?? "none",
      ...(standard ? {} : { proto: shape(proto) }),
      entries,
    };
  };
  /** What each function gives (or the message it throws). */
  const outcome = (run: () => unknown): { shape?: unknown; error?: string } => {
    try {
      return { shape: shape(run()) };
    } catch (error) {
      return { error: error instanceof Error ? error.message : String(error) };
    }
  };

  it("the same value, prototypes and key order as the SDK's own function, for any struct the engine can send", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), wireValue, { maxKeys: 4 }), (top) => {
        // A wire struct, as the engine's request carries it (through JSON text: a `__proto__` key is an own key).
        const struct = Struct.fromJavaScript(JSON.parse(JSON.stringify(top)) as Record<string, never>);
        const bytes = struct.serializeBinary();
        const mine = outcome(() => watched.deserializeProperties(Struct.deserializeBinary(bytes), false));
        const theirs = outcome(() => sdk.deserializeProperties(Struct.deserializeBinary(bytes), false));
        assert.deepStrictEqual(mine, theirs);
      }),
      { numRuns: 500 },
    );
  });

  it("plain values pass as they are; any signature, odd prototype or depth beyond 200 goes to the SDK", () => {
    assert.equal(isPlainWire({ a: [1, "x", null, { b: false }] }), true);
    assert.equal(isPlainWire({ a: [{ b: envelope("s") }] }), false);
    assert.equal(isPlainWire({ a: { [SIG_KEY]: ASSET_SIG, path: "p" } }), false);
    assert.equal(isPlainWire({ a: { [SIG_KEY]: "not a known signature" } }), false);
    assert.equal(isPlainWire(JSON.parse('{"a": {"__proto__": {"b": 1}}}')), true); // an own key, as JSON makes it
    const prototyped: Record<string, unknown> = {};
    prototyped["__proto__"] = { b: 1 }; // what `ret[key] =` in toJavaScript would do with such a field
    assert.equal(isPlainWire({ a: prototyped }), false);
    let deep: unknown = "leaf";
    for (let i = 0; i < 201; i++) deep = [deep]; // lists at depths 0 to 200
    assert.equal(isPlainWire(deep), true);
    assert.equal(isPlainWire([deep]), false);
  });

  it("a secret in a struct is still noted and redacted", () => {
    forgetSecretValues();
    const struct = Struct.fromJavaScript({ bucket: envelope(SECRET_BUCKET) as never, plain: "x" });
    const handed = watched.deserializeProperties(struct, false) as Record<string, unknown>;
    assert.equal(handed["bucket"], SECRET_BUCKET);
    assert.equal(redactSecretValues(`arn:aws:s3:::${SECRET_BUCKET}`), "arn:aws:s3:::[secret]");
    forgetSecretValues();
  });
});
