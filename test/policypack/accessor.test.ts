// Item 6 of issue 18: every property is read through one typed accessor that fails closed. A value
// of the wrong type (a `rules` that is a string, a `role` that is a list, a versioning status that
// is an object) is never dropped silently: the model records it (resource, property path, expected
// and found type) and the pack and the checker report it as a mandatory S3R064 finding on the
// resource, naming the property.
import * as assert from "node:assert/strict";
import { Accessor } from "../../policypack/mapping/accessor";
import { mapStack } from "../../policypack/mapping";
import { defaultPolicySet, runOnRecords } from "../../policypack/check/engine";
import { runPolicies } from "../../policypack/testing";
import type { RecordedResource } from "../../policypack/harness/types";
import { happyProgram } from "./program";

const REPLICATION = "aws:s3/bucketReplicationConfig:BucketReplicationConfig";

function replicationStack(props: Record<string, unknown>): unknown[] {
  const res = (type: string, name: string, values: Record<string, unknown>): unknown => ({
    type,
    name,
    urn: `urn:pulumi:s::p::${type}::${name}`,
    props: values,
    dependencies: [],
    propertyDependencies: {},
  });
  return [
    res("aws:s3/bucket:Bucket", "src", { bucket: "acc-src", arn: "arn:aws:s3:::acc-src" }),
    res("aws:s3/bucket:Bucket", "dst", { bucket: "acc-dst", arn: "arn:aws:s3:::acc-dst" }),
    res(REPLICATION, "rep", { bucket: "acc-src", ...props }),
  ];
}

describe("mapping: the typed accessor fails closed on wrong-typed values", () => {
  it("records a value of the wrong type with its path, the expected and the found type; absent, null and unknown values are not records", () => {
    const records: string[] = [];
    const accessor = new Accessor(
      { a: { b: ["x"] }, n: null, s: "text", list: [{ k: 5 }] },
      (path, expected, found) => records.push(`${path}: ${expected} expected, ${found} found`),
      "props",
    );
    assert.equal(accessor.text("a", "b"), undefined);
    assert.equal(accessor.text("n"), undefined);
    assert.equal(accessor.text("missing"), undefined);
    assert.equal(accessor.text("s"), "text");
    assert.equal(accessor.flag("s"), undefined);
    assert.equal(accessor.text("s", "deeper"), undefined);
    assert.equal(accessor.each("list")?.[0]?.text("k"), undefined);
    assert.deepEqual(records, [
      "props.a.b: string expected, list found",
      "props.s: boolean expected, string found",
      "props.s: object expected, string found",
      "props.list[0].k: string expected, number found",
    ]);
  });

  it("a `rules` that is a string, a `role` that is a list, a rule's destination bucket that is an object: each recorded on the configuration", () => {
    const model = mapStack(
      replicationStack({
        role: ["arn:aws:iam::111111111111:role/r"],
        rules: "every object",
      }),
    );
    assert.deepEqual(
      model.unreadable.map((u) => `${u.ref} ${u.path}: ${u.expected}/${u.found}`),
      ['s3.BucketReplicationConfig "rep" role: string/list', 's3.BucketReplicationConfig "rep" rules: list/string'],
    );
    const nested = mapStack(
      replicationStack({
        role: "arn:aws:iam::111111111111:role/r",
        rules: [{ id: "r", status: "Enabled", filter: {}, destination: { bucket: { arn: "arn:aws:s3:::acc-dst" } } }],
      }),
    );
    assert.deepEqual(
      nested.unreadable.map((u) => `${u.path}: ${u.expected}/${u.found}`),
      ["rules[0].destination.bucket: string/object"],
    );
    assert.equal(nested.unreadable[0]?.urn, `urn:pulumi:s::p::${REPLICATION}::rep`);
  });

  it("the pack and the checker report a wrong-typed `rules` as a mandatory S3R064 on the configuration, naming the property (today: silently no replication, exit 0)", async () => {
    const run = await runPolicies(happyProgram());
    assert.deepEqual(run.violations, []);
    const records: RecordedResource[] = run.resources.map((r) =>
      r.type === REPLICATION ? { ...r, outputs: { ...r.outputs, rules: "replicate everything" } } : r,
    );
    const result = await runOnRecords(records, { project: "p", stack: "s" }, defaultPolicySet());
    const replication = records.find((r) => r.type === REPLICATION);
    const unreadable = result.violations.filter((v) => v.message.includes("S3R064"));
    assert.equal(unreadable.length, 1, JSON.stringify(result.violations, null, 1));
    assert.equal(unreadable[0]?.enforcementLevel, "mandatory");
    assert.equal(unreadable[0]?.urn, replication?.urn);
    assert.match(unreadable[0]?.message ?? "", /`rules` is a string where a list is expected/);
  });

  describe("provider settings", () => {
    const PROVIDER = "urn:pulumi:s::p::pulumi:providers:aws::dst";
    /** One bucket on a provider whose props are given. */
    const onProvider = (props: Record<string, unknown>): unknown[] => [
      {
        type: "aws:s3/bucket:Bucket",
        name: "dst",
        urn: "urn:pulumi:s::p::aws:s3/bucket:Bucket::dst",
        props: { bucket: "acc-dst" },
        provider: { urn: PROVIDER, name: "dst", type: "pulumi:providers:aws", props },
        dependencies: [],
        propertyDependencies: {},
      },
    ];
    const read = (props: Record<string, unknown>): { account?: string; region?: string; records: string[] } => {
      const model = mapStack(onProvider(props));
      const bucket = model.buckets.find((b) => b.name === "acc-dst");
      return {
        ...(bucket?.account ? { account: bucket.account } : {}),
        ...(bucket?.region ? { region: bucket.region } : {}),
        records: model.unreadable.map(
          (u) => `${u.urn === PROVIDER ? u.ref : u.urn} ${u.path}: ${u.expected}/${u.found}`,
        ),
      };
    };
    const role = (account: string): string => `arn:aws:iam::${account}:role/deployer`;

    it("well-typed settings, JSON text opened as the engine hands them: chained assumeRoles act as the last role, assumeRole, allowedAccountIds, region", () => {
      const chain = JSON.stringify([{ roleArn: role("111111111111") }, { roleArn: role("222222222222") }]);
      assert.deepEqual(read({ region: "eu-west-1", assumeRoles: chain }), {
        account: "222222222222",
        region: "eu-west-1",
        records: [],
      });
      assert.deepEqual(read({ assumeRoles: [{ roleArn: role("333333333333") }] }).account, "333333333333");
      assert.deepEqual(read({ assumeRole: JSON.stringify({ roleArn: role("444444444444") }) }).account, "444444444444");
      assert.deepEqual(read({ allowedAccountIds: JSON.stringify(["555555555555"]) }), {
        account: "555555555555",
        records: [],
      });
    });

    it("a wrong-typed region, assumeRoles, roleArn, assumeRole or allowedAccountIds is recorded on the provider, naming the property (before: silently no account or region)", () => {
      const provider = 'the aws provider "dst"';
      assert.deepEqual(read({ region: ["eu-west-1"] }).records, [`${provider} region: string/list`]);
      assert.deepEqual(read({ assumeRoles: { roleArn: role("111111111111") } }).records, [
        `${provider} assumeRoles: list/object`,
      ]);
      assert.deepEqual(read({ assumeRoles: JSON.stringify([{ roleArn: 111111111111 }]) }).records, [
        `${provider} assumeRoles[0].roleArn: string/number`,
      ]);
      assert.deepEqual(read({ assumeRoles: "[not json" }).records, [
        `${provider} assumeRoles: JSON object or list/string`,
      ]);
      assert.deepEqual(read({ assumeRole: { roleArn: [role("111111111111")] } }).records, [
        `${provider} assumeRole.roleArn: string/list`,
      ]);
      assert.deepEqual(read({ allowedAccountIds: "555555555555" }).records, [
        `${provider} allowedAccountIds: list/string`,
      ]);
      assert.deepEqual(read({ allowedAccountIds: [555555555555] }).records, [
        `${provider} allowedAccountIds[0]: string/number`,
      ]);
    });

    it("the pack and the checker report a provider's wrong-typed region as a mandatory S3R064 on the provider, naming it", async () => {
      const run = await runPolicies(happyProgram());
      const dst = run.resources.find((r) => r.provider?.name === "dst")!.provider!;
      const broken = { ...dst, props: { ...dst.props, region: ["eu-west-1"] } };
      const records: RecordedResource[] = run.resources.map((r) =>
        r.provider?.urn === dst.urn ? { ...r, provider: broken } : r,
      );
      const result = await runOnRecords(records, { project: "p", stack: "s" }, defaultPolicySet());
      const unreadable = result.violations.filter((v) => v.message.includes("S3R064"));
      assert.equal(unreadable.length, 1, JSON.stringify(result.violations, null, 1));
      assert.equal(unreadable[0]?.enforcementLevel, "mandatory");
      assert.equal(unreadable[0]?.urn, dst.urn);
      assert.match(unreadable[0]?.message ?? "", /aws provider "dst".*`region` is a list where a string is expected/);
    });
  });
});
