// Property: generated and malformed stacks (odd shapes, wrong types, non-finite numbers, prototype
// keys, non-JSON policy documents, missing providers, duplicate URNs and targets, unknowns) through
// every policy of the pack, as the analyzer hands them over (props behind the SDK's proxy): no
// exception escapes, every message is a finding or says what could not be judged (or is unknown in preview), and a resource
// whose props cannot be read is reported by every policy, never swallowed.
import * as assert from "node:assert/strict";
import fc from "fast-check";
import type { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { policies, retiredPolicyNames } from "../../policypack/policies";
import { propertyParameters } from "../support/property";
// The proxy and sentinels are @internal in the SDK's typings: load them as the analyzer does.

const proxy = require("@pulumi/policy/proxy") as {
  unknownCheckingProxy: (value: unknown) => unknown;
  unknownStringValue: string;
  unknownArrayValue: string;
};

const TYPES = [
  "aws:s3/bucket:Bucket",
  "aws:s3/bucketV2:BucketV2",
  "aws:s3/bucketVersioning:BucketVersioning",
  "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
  "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
  "aws:s3/bucketPolicy:BucketPolicy",
  "aws:kms/key:Key",
  "aws:kms/keyPolicy:KeyPolicy",
  "aws:kms/alias:Alias",
  "aws:iam/role:Role",
  "aws:iam/rolePolicy:RolePolicy",
  "aws:iam/policy:Policy",
  "pulumi:providers:aws",
  "x:y:Z",
];
const KEYS = [
  "bucket",
  "arn",
  "role",
  "rules",
  "policy",
  "status",
  "destination",
  "replicaKmsKeyId",
  "kmsMasterKeyId",
  "sseAlgorithm",
  "versioningConfiguration",
  "encryptionConfiguration",
  "sourceSelectionCriteria",
  "Statement",
  "Action",
  "Principal",
  "Condition",
  "targetKeyId",
  "region",
  "__proto__",
  "constructor",
  "toString",
];
const DOCUMENTS = [
  "{not json",
  "null",
  "[]",
  '{"Statement":5}',
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":7,"Resource":{}}]}',
  '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*","Condition":{"StringEquals":"x"}}]}',
];

const leaf = fc.oneof(
  fc.constantFrom(
    "Enabled",
    "Suspended",
    "aws:kms",
    "AES256",
    "arn:aws:s3:::b",
    "arn:aws:kms:eu-west-1:222222222222:key/k",
    "alias/aws/s3",
    "",
    "*",
    proxy.unknownStringValue,
    proxy.unknownArrayValue,
  ),
  fc.constantFrom(...DOCUMENTS),
  fc.string({ unit: "binary", maxLength: 12 }),
  fc.double(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
);
const value = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    fc.array(tie("value"), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom(...KEYS), tie("value"), { maxKeys: 5, noNullPrototype: true }),
  ),
})).value;

const stack = fc.array(
  fc.record({
    type: fc.constantFrom(...TYPES),
    name: fc.constantFrom("a", "b", "c", "d"),
    props: fc.dictionary(fc.constantFrom(...KEYS), value, { maxKeys: 6 }),
    provider: fc.option(fc.record({ region: value, assumeRoles: value })),
    unreadable: fc.boolean(),
    dependsOn: fc.array(fc.nat(20), { maxLength: 2 }),
  }),
  { minLength: 1, maxLength: 14 },
);

type Generated = typeof stack extends fc.Arbitrary<infer T> ? T : never;

/** The stack as the analyzer hands it to a stack policy (duplicate names give duplicate URNs). */
function resources(generated: Generated, explode: boolean): PolicyResource[] {
  const out = generated.map((g) => {
    const r = {
      type: g.type,
      name: g.name,
      urn: `urn:pulumi:s::p::${g.type}::${g.name}`,
      props: proxy.unknownCheckingProxy(g.props),
      opts: {},
      dependencies: [] as PolicyResource[],
      propertyDependencies: {} as Record<string, PolicyResource[]>,
      ...(g.provider
        ? {
            provider: {
              type: "pulumi:providers:aws",
              urn: "urn:p",
              name: "p",
              props: proxy.unknownCheckingProxy(g.provider),
            },
          }
        : {}),
      isType: () => false,
      asType: () => undefined,
    };
    if (explode && g.unreadable)
      Object.defineProperty(r, "props", {
        get: () => {
          throw new Error("props unreadable");
        },
        enumerable: true,
      });
    return r as unknown as PolicyResource;
  });
  generated.forEach((g, i) => {
    for (const index of g.dependsOn) {
      const other = out[index % out.length]!;
      out[i]!.dependencies.push(other);
      out[i]!.propertyDependencies["bucket"] = [other];
    }
  });
  return out;
}

/** Every policy on the stack; what each reported. Throws what escapes a policy. */
async function judge(list: PolicyResource[]): Promise<Map<string, string[]>> {
  const reports = new Map<string, string[]>();
  const common = {
    getConfig: (): never => ({}) as never,
    notApplicable: (): never => {
      throw new Error("not applicable");
    },
    stackTags: new Map<string, string>(),
  };
  for (const policy of policies) {
    const messages: string[] = [];
    reports.set(policy.name, messages);
    // The SDK's two forms of reportViolation: a message, or (the stack policy naming each check) an object.
    const report = (violation: string | { message: string }): void => {
      messages.push(typeof violation === "string" ? violation : violation.message);
    };
    if ("validateStack" in policy) {
      await (policy as StackValidationPolicy).validateStack({ resources: list, ...common }, report);
      continue;
    }
    const validate = (policy as ResourceValidationPolicy).validateResource;
    for (const resource of list) {
      for (const fn of Array.isArray(validate) ? validate : validate ? [validate] : []) {
        await fn(
          Object.defineProperties(
            {},
            { ...Object.getOwnPropertyDescriptors(resource), ...Object.getOwnPropertyDescriptors(common) },
          ) as never,
          report,
        );
      }
    }
  }
  return reports;
}

describe("property: the pack on generated and malformed stacks", function () {
  this.timeout(120_000);
  let resourcesSeen = 0;
  after(() => console.log(`      property pack: ${resourcesSeen} generated resources through every policy`));

  it("no exception escapes; every message is a finding, what could not be judged or what is unknown in preview (1,700 stacks)", async () => {
    await fc.assert(
      fc.asyncProperty(stack, async (generated) => {
        resourcesSeen += generated.length;
        for (const [name, messages] of await judge(resources(generated, false))) {
          for (const message of messages)
            assert.match(message, /^\[S3R\d{3} |could not be judged|unknown in preview/, `${name}: ${message}`);
        }
      }),
      propertyParameters(1700),
    );
    assert.ok(resourcesSeen >= 10_000, `only ${resourcesSeen} resources`);
  });

  it("a resource whose props cannot be read is reported by every policy that reads it (300 stacks)", async () => {
    await fc.assert(
      fc.asyncProperty(
        stack.filter((g) => g.some((r) => r.unreadable)),
        async (generated) => {
          const reports = await judge(resources(generated, true));
          // (The retired policy names read no props: policies/retired.ts.)
          for (const policy of policies.filter((p) => !retiredPolicyNames.includes(p.name))) {
            assert.ok(
              (reports.get(policy.name) ?? []).includes("could not be judged: props unreadable"),
              `${policy.name}: ${JSON.stringify(reports.get(policy.name))}`,
            );
          }
        },
      ),
      propertyParameters(300),
    );
  });
});
