// The direct analysis (policypack/harness/directAnalyzer.ts) says exactly what @pulumi/policy's
// analyzer server says (policypack/harness/analyzerDriver.ts), on generated stacks of odd values
// (unknowns, secrets, lone surrogates, prototype keys, duplicate URNs, dangling dependencies,
// reads) through probe policies that report every argument they are handed and through the pack,
// and in the odd things policies do: throw, read an unknown value, report an object, say not
// applicable, change their arguments.
import * as assert from "node:assert/strict";
import fc from "fast-check";
import { policies as packPolicies } from "../../policypack/policies";
import { analyzeDirect } from "../../policypack/harness/directAnalyzer";
import { configureAnalyzer, loadAnalyzer } from "../../policypack/harness/analyzerDriver";
import type { RecordedProvider, RecordedResource, WireObject, WireValue } from "../../policypack/harness/types";
import {
  OUTPUT_VALUE_SIG,
  RESOURCE_SIG,
  SECRET_SIG,
  SIG_KEY,
  UNKNOWN,
  UNKNOWN_SENTINELS,
} from "../../policypack/harness/wire";
import type { PolicySet } from "../../policypack/check/engine";
import { bothEngines, normalised, outcomeOf } from "../support/engines";
import { mutatingPolicy, probePolicies, throwingPolicy } from "../support/probePolicies";
import { propertyParameters } from "../support/property";

const TYPES = [
  "aws:s3/bucket:Bucket",
  "aws:s3/bucketV2:BucketV2",
  "aws:s3/bucketVersioning:BucketVersioning",
  "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
  "aws:kms/key:Key",
  "aws:iam/role:Role",
  "aws:iam/rolePolicy:RolePolicy",
  "x:y:Z",
];
/** Property names: ordinary, numeric (JS orders them first), a prototype key, a lone surrogate, non-ASCII. */
const KEYS = [..."rules role policy destination bucket b a 10 2 é".split(" "), "__proto__", "\ud800x"];

const leaf: fc.Arbitrary<WireValue> = fc.oneof(
  fc.constantFrom<WireValue>("Enabled", "Suspended", "aws:kms", "arn:aws:s3:::b", "", ...UNKNOWN_SENTINELS),
  fc.string({ unit: "binary", maxLength: 6 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
);
/**
 * Assets and archives as the SDK sends them (the policy SDK makes asset objects of them). A
 * signature it does not know fails the run (tested on its own below: a run that fails before its
 * AnalyzeStack leaves the pack's record of analyzed resources to the next run in the process).
 */
const special: fc.Arbitrary<WireValue> = fc.constantFrom<WireValue>(
  { [SIG_KEY]: "c44067f5952c0a294b673a41bacd8c17", path: "./index.html" },
  { [SIG_KEY]: "c44067f5952c0a294b673a41bacd8c17", text: "hello" },
  { [SIG_KEY]: "0def7320c3a5731c473e5ecbe6d01bc7", path: "./site" },
);
/** A resource reference as the SDK sends it: a component's (no id), a custom resource's (known or unknown id). */
const reference: fc.Arbitrary<WireValue> = fc.constantFrom<WireValue>(
  { [SIG_KEY]: RESOURCE_SIG, urn: "urn:pulumi:stack::project::my:component::c" },
  { [SIG_KEY]: RESOURCE_SIG, urn: "urn:pulumi:stack::project::aws:s3/bucket:Bucket::b", id: "b-123" },
  { [SIG_KEY]: RESOURCE_SIG, urn: "urn:pulumi:stack::project::aws:kms/key:Key::k", id: UNKNOWN },
);
const value: fc.Arbitrary<WireValue> = fc.letrec<{ value: WireValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    { arbitrary: leaf, weight: 6 },
    { arbitrary: fc.array(tie("value"), { maxLength: 3 }), weight: 2 },
    { arbitrary: fc.dictionary(fc.constantFrom(...KEYS), tie("value"), { maxKeys: 4 }), weight: 2 },
    { arbitrary: tie("value").map((v): WireValue => ({ [SIG_KEY]: SECRET_SIG, value: v })), weight: 1 },
    { arbitrary: reference, weight: 1 },
    { arbitrary: special, weight: 1 },
    {
      arbitrary: fc
        .tuple(tie("value"), fc.boolean())
        .map(([v, secret]): WireValue => ({ [SIG_KEY]: OUTPUT_VALUE_SIG, value: v, secret })),
      weight: 1,
    },
  ),
})).value;
const props = fc.dictionary(fc.constantFrom(...KEYS), value, { maxKeys: 5 }) as fc.Arbitrary<WireObject>;

const generatedStack = fc.array(
  fc.record({
    type: fc.constantFrom(...TYPES),
    name: fc.constantFrom("a", "b", "c", "\u202ed"),
    inputs: props,
    outputs: props,
    provider: fc.option(fc.nat(2)),
    parent: fc.option(fc.nat(20)),
    dependsOn: fc.array(fc.nat(20), { maxLength: 2 }),
    external: fc.boolean(),
    protect: fc.boolean(),
    deleteBeforeReplace: fc.option(fc.boolean()),
    timeout: fc.constantFrom(0, -0, 60, 1.5),
  }),
  { minLength: 1, maxLength: 10 },
);

const PROVIDER_PROPS = fc.sample(props, { numRuns: 3, seed: 7 });

/** The generated stack as the harness records it (duplicate names give duplicate URNs). */
type Generated = typeof generatedStack extends fc.Arbitrary<infer T> ? T : never;

function records(generated: Generated): RecordedResource[] {
  const providers: RecordedProvider[] = PROVIDER_PROPS.map((p, i) => ({
    urn: `urn:pulumi:stack::project::pulumi:providers:aws::p${i}`,
    id: i === 2 ? UNKNOWN : `id-${i}`,
    ref: `urn:pulumi:stack::project::pulumi:providers:aws::p${i}::id-${i}`,
    name: `p${i}`,
    type: "pulumi:providers:aws",
    props: p,
  }));
  const urnOf = (g: { type: string; name: string }): string => `urn:pulumi:stack::project::${g.type}::${g.name}`;
  return generated.map((g) => {
    const r: RecordedResource = {
      type: g.type,
      name: g.name,
      urn: urnOf(g),
      custom: true,
      inputs: g.inputs,
      outputs: g.outputs,
      dependencies: g.dependsOn.map((i) => (i < generated.length ? urnOf(generated[i]!) : `urn:dangling:${i}`)),
      propertyDependencies: {
        zeta: g.dependsOn.map((i) => urnOf(generated[i % generated.length]!)),
        alpha: [],
        "\ud800k": g.dependsOn.slice(0, 1).map((i) => urnOf(generated[i % generated.length]!)),
      },
      options: {
        protect: g.protect,
        ignoreChanges: ["b", "a"],
        additionalSecretOutputs: [],
        aliases: [],
        customTimeouts: { createSeconds: g.timeout, updateSeconds: 0, deleteSeconds: 0 },
        retainOnDelete: false,
        ...(g.deleteBeforeReplace !== null ? { deleteBeforeReplace: g.deleteBeforeReplace } : {}),
      },
    };
    if (g.parent !== null) r.parent = g.parent < generated.length ? urnOf(generated[g.parent]!) : "urn:missing:parent";
    if (g.provider !== null) r.provider = providers[g.provider]!;
    if (g.external) r.external = true;
    return r;
  });
}

const probes: PolicySet = { policies: probePolicies, packName: "probes", version: "1.0.0" };
const pack: PolicySet = { policies: packPolicies };

describe("direct analysis: the same findings as the SDK's analyzer server", function () {
  this.timeout(300_000);

  it("probe policies see the same arguments and say the same on generated stacks (300 stacks)", async () => {
    let compared = 0;
    await fc.assert(
      fc.asyncProperty(generatedStack, async (generated) => {
        const both = await bothEngines(records(generated), probes, { "probe-resource": { label: "x" } });
        assert.deepEqual(both.differences, []);
        if ("findings" in both.direct) compared += both.direct.findings.violations.length;
      }),
      propertyParameters(300),
    );
    // About half the generated records are reads, which reach neither engine (as in the engine).
    assert.ok(compared > 2000, `only ${compared} violations compared`);
  });

  it("the pack says the same on generated stacks (300 stacks)", async () => {
    await fc.assert(
      fc.asyncProperty(generatedStack, async (generated) => {
        const both = await bothEngines(records(generated), pack);
        assert.deepEqual(both.differences, []);
      }),
      propertyParameters(300),
    );
  });

  const one: RecordedResource[] = [
    {
      type: "aws:s3/bucket:Bucket",
      name: "orders",
      urn: "urn:pulumi:stack::project::aws:s3/bucket:Bucket::orders",
      custom: true,
      inputs: { bucket: "orders", versioning: { enabled: UNKNOWN } },
      outputs: { bucket: "orders", arn: "arn:aws:s3:::orders" },
      dependencies: [],
      propertyDependencies: {},
      options: {
        protect: false,
        ignoreChanges: [],
        additionalSecretOutputs: [],
        aliases: [],
        customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
        retainOnDelete: false,
      },
    },
  ];

  it("a read of an unknown value is an advisory naming the policy and the property, in both", async () => {
    const both = await bothEngines(one, probes);
    assert.deepEqual(both.differences, []);
    assert.ok("findings" in both.direct);
    assert.ok(
      both.direct.findings.advisories.some((a) =>
        a.startsWith(
          "can't run policy 'probe-strict-reader' from policy pack 'probes@v1.0.0' during preview: string value at .versioning.enabled can't be known during preview",
        ),
      ),
      JSON.stringify(both.direct.findings.advisories),
    );
  });

  it("a value the SDK cannot deserialize fails the analysis naming the first policy that reads it, in both", async () => {
    const odd: RecordedResource[] = [{ ...one[0]!, inputs: { bucket: { [SIG_KEY]: "0000", value: 1 } } }];
    const both = await bothEngines(odd, probes);
    assert.deepEqual(both.differences, []);
    assert.deepEqual(both.direct, {
      error: "Error validating resource with policy 'probe-resource' from policy pack 'probes@v1.0.0':",
    });
  });

  it("a violation's text with half a surrogate pair reads as the engine reads it after the wire, in both", async () => {
    const halfPair: PolicySet = {
      policies: [
        { name: "half-pair", description: "Reports text.", validateStack: (_a, report) => report("a\uD83Db") },
        {
          name: "half-pair-resource",
          description: "Reports text.",
          validateResource: (_a, report) => report("c\uD800d"),
        },
      ],
      packName: "probes",
      version: "1.0.0",
    };
    const both = await bothEngines(one, halfPair);
    assert.deepEqual(both.differences, []);
    assert.ok("findings" in both.direct);
    const messages = both.direct.findings.violations.map((v) => (JSON.parse(v) as { message: string }).message);
    assert.deepEqual(messages.sort(), ["Reports text.\nab", "Reports text.\ncd"]);
  });

  it("an answer the wire cannot carry fails the analysis naming the call, in both", async () => {
    const listedUrn: PolicySet = {
      policies: [
        {
          name: "listed-urn",
          description: "Reports a list where a URN goes.",
          validateStack: (_a, report) => report("m", ["a", "b"] as unknown as string),
        },
      ],
      packName: "probes",
      version: "1.0.0",
    };
    const both = await bothEngines(one, listedUrn);
    assert.deepEqual(both.differences, []);
    assert.ok("error" in both.direct);
    assert.match(
      both.direct.error,
      /^offline harness: the pack's answer to analyzeStack cannot be written as gRPC writes it: /,
    );
  });

  it("a policy that throws fails the whole analysis naming the policy, in both", async () => {
    const set: PolicySet = { policies: [...probePolicies, throwingPolicy], packName: "probes", version: "1.0.0" };
    const both = await bothEngines(one, set);
    assert.deepEqual(both.differences, []);
    assert.deepEqual(both.direct, {
      error: "Error validating resource with policy 'probe-throws' from policy pack 'probes@v1.0.0':",
    });
  });

  it("disabled policies do not run and config reaches getConfig, in both", async () => {
    const config = { "probe-strict-reader": "disabled", "probe-stack": { enforcementLevel: "advisory" } };
    const both = await bothEngines(one, probes, config);
    assert.deepEqual(both.differences, []);
    assert.ok("findings" in both.direct);
    assert.ok(!both.direct.findings.violations.some((v) => v.includes("probe-strict-reader")));
    assert.ok(
      both.direct.findings.violations.some((v) => v.includes('"label\\":\\"probe\\"')),
      "schema default",
    );
  });

  it("a policy that changes its arguments fails closed in the direct analysis (its own copy under the SDK)", async () => {
    const set: PolicySet = { policies: [mutatingPolicy], packName: "probes", version: "1.0.0" };
    const server = await outcomeOf("sdk-server", one, set);
    const direct = await outcomeOf("direct", one, set);
    assert.ok("findings" in server && server.findings.violations.length === 1, JSON.stringify(server));
    assert.deepEqual(direct, {
      error: "Error validating resource with policy 'probe-mutates' from policy pack 'probes@v1.0.0':",
    });
  });

  it("the comparison fails when the direct analysis loses a policy's config", async () => {
    const config = { "probe-resource": { label: "given" } };
    const server = await outcomeOf("sdk-server", one, probes, config);
    const analyzer = loadAnalyzer("probes", "1.0.0", "advisory", probePolicies);
    const configured = await configureAnalyzer(
      analyzer,
      {
        project: "project",
        stack: "stack",
        organization: "organization",
        preview: false,
        stackConfig: {},
        stackTags: {},
      },
      config,
    );
    const whole = normalised(
      await analyzeDirect(
        { name: "probes", version: "1.0.0", enforcementLevel: "advisory", policies: probePolicies },
        configured,
        one,
      ),
    );
    assert.deepEqual({ findings: whole }, server, "with its config, the same");
    delete configured.policyConfig["probe-resource"];
    const dropped = normalised(
      await analyzeDirect(
        { name: "probes", version: "1.0.0", enforcementLevel: "advisory", policies: probePolicies },
        configured,
        one,
      ),
    );
    assert.notDeepEqual({ findings: dropped }, server, "without it, a difference the comparison sees");
  });
});
