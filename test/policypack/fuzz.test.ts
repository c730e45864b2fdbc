// Random and malformed resources fed to every policy (wrapped in the SDK's unknown-checking proxy,
// as the analyzer does): no exception may escape.
import * as assert from "node:assert/strict";
import type { PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
// The proxy and sentinels are @internal in the SDK's typings: load them as the analyzer does.

const { unknownCheckingProxy, unknownStringValue, unknownArrayValue, unknownObjectValue } =
  require("@pulumi/policy/proxy") as {
    unknownCheckingProxy: (value: unknown) => unknown;
    unknownStringValue: string;
    unknownArrayValue: string;
    unknownObjectValue: string;
  };
import { policies, retiredPolicyNames } from "../../policypack/policies";
import { mapStack } from "../../policypack/mapping";

const TYPES = [
  "aws:s3/bucket:Bucket",
  "aws:s3/bucketV2:BucketV2",
  "aws:s3/bucketVersioning:BucketVersioning",
  "aws:s3/bucketVersioningV2:BucketVersioningV2",
  "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
  "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
  "aws:s3/bucketPolicy:BucketPolicy",
  "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
  "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
  "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration",
  "aws:kms/key:Key",
  "aws:kms/replicaKey:ReplicaKey",
  "aws:kms/keyPolicy:KeyPolicy",
  "aws:kms/grant:Grant",
  "aws:kms/alias:Alias",
  "aws:iam/role:Role",
  "aws:iam/rolePolicy:RolePolicy",
  "aws:iam/policy:Policy",
  "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
  "pulumi:providers:aws",
  "pulumi:pulumi:Stack",
  "random:index:Thing",
];
const KEYS = [
  "bucket",
  "arn",
  "name",
  "role",
  "rules",
  "policy",
  "assumeRolePolicy",
  "keyId",
  "versioningConfiguration",
  "status",
  "destination",
  "filter",
  "priority",
  "id",
  "replicaKmsKeyId",
  "encryptionConfiguration",
  "sourceSelectionCriteria",
  "sseKmsEncryptedObjects",
  "region",
  "enableKeyRotation",
  "isEnabled",
  "managedPolicyArns",
  "inlinePolicies",
  "policyArn",
  "rule",
  "objectOwnership",
  "applyServerSideEncryptionByDefault",
  "sseAlgorithm",
  "kmsMasterKeyId",
  "bucketKeyEnabled",
  "replicationConfiguration",
  "objectLockEnabled",
  "Statement",
  "Effect",
  "Action",
  "Resource",
  "Principal",
  "Condition",
  "metrics",
  "replicationTime",
  "eventThreshold",
  "minutes",
  "accessControlTranslation",
  "account",
  "operations",
  "targetKeyId",
  // The deprecated BucketV2 inline shapes (plural one-element lists), legacy inline names, grants and multi-Region replicas.
  "destinations",
  "filters",
  "sourceSelectionCriterias",
  "accessControlTranslations",
  "replicationTimes",
  "replicationConfigurations",
  "serverSideEncryptionConfigurations",
  "serverSideEncryptionConfiguration",
  "applyServerSideEncryptionByDefaults",
  "versionings",
  "versioning",
  "enabled",
  "accountId",
  "deleteMarkerReplicationStatus",
  "granteePrincipal",
  "primaryKeyArn",
  "multiRegion",
  "path",
];

let seed = 12345;
const rand = (n: number): number => {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  return seed % n;
};
const pick = <T>(items: T[]): T => items[rand(items.length)] as T;

function value(depth: number): unknown {
  switch (rand(depth > 3 ? 9 : 13)) {
    case 0:
      return unknownStringValue;
    case 1:
      return pick([
        "Enabled",
        "Disabled",
        "Suspended",
        "aws:kms",
        "AES256",
        "arn:aws:s3:::b",
        "arn:aws:kms:eu-west-1:222222222222:key/x",
        "alias/aws/s3",
        "",
        "*",
      ]);
    case 2:
      return rand(2) === 0;
    case 3:
      return rand(100) - 50;
    case 4:
      return null;
    case 5:
      return undefined;
    case 6:
      return pick([
        "{not json",
        "[]",
        "null",
        '{"Statement":5}',
        '{"Statement":[{"Effect":"Allow","Action":7,"Principal":{"AWS":[1]}}]}',
        JSON.stringify({
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "*", Condition: { StringEquals: "x" } }],
        }),
      ]);
    case 7:
      return pick([unknownArrayValue, unknownObjectValue]);
    case 8:
      return "arn:aws:iam::111111111111:role/r";
    case 9:
    case 10:
      return Array.from({ length: rand(4) }, () => value(depth + 1));
    default: {
      const out: Record<string, unknown> = {};
      for (let i = rand(6); i > 0; i--) out[pick(KEYS)] = value(depth + 1);
      return out;
    }
  }
}

function randomStack(size: number): PolicyResource[] {
  const resources: PolicyResource[] = [];
  for (let i = 0; i < size; i++) {
    const type = pick(TYPES);
    const props = value(0);
    resources.push({
      type,
      urn: `urn:pulumi:s::p::${type}::r${i}`,
      name: `r${i}`,
      props: unknownCheckingProxy(
        props !== null && typeof props === "object" && !Array.isArray(props) ? props : { bucket: props },
      ) as Record<string, unknown>,
      opts: {
        protect: false,
        ignoreChanges: [],
        additionalSecretOutputs: [],
        aliases: [],
        customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
      } as never,
      dependencies: [],
      propertyDependencies: {},
      ...(rand(2) === 0
        ? {
            provider: {
              type: "pulumi:providers:aws",
              urn: "urn:p",
              name: "p",
              props: unknownCheckingProxy({
                region: pick(["us-east-1", unknownStringValue, 5]),
                assumeRoles: pick([
                  unknownArrayValue,
                  '[{"roleArn":"arn:aws:iam::222222222222:role/x"}]',
                  [{ roleArn: 3 }],
                  null,
                ]),
              }) as Record<string, unknown>,
            },
          }
        : {}),
      isType: () => false,
      asType: () => undefined,
    } as PolicyResource);
  }
  for (const resource of resources) {
    for (let i = rand(3); i > 0; i--) {
      const other = pick(resources);
      resource.dependencies.push(other);
      resource.propertyDependencies[
        pick([
          "bucket",
          "rules",
          "role",
          "keyId",
          "policyArn",
          "managedPolicyArns",
          "granteePrincipal",
          "primaryKeyArn",
          "targetKeyId",
          "replicationConfiguration",
          "replicationConfigurations",
          "serverSideEncryptionConfiguration",
          "serverSideEncryptionConfigurations",
        ])
      ] = [other];
    }
  }
  return resources;
}

const configs: unknown[] = [
  {},
  { allowedDestinationAccounts: "x" },
  { allowedEncryptionTypes: [1, "AES256"], requireBucketKey: "yes" },
  null,
];

/** reportViolation: the string form, or the SDK's object form (the pack's checks report under their own names). */
type Report = (message: string | { message: string }, urn?: string) => void;

/** Runs every policy on a stack (stack policies once, resource policies per resource); returns what each reported. */
async function runAll(resources: PolicyResource[], config: unknown): Promise<Map<string, string[]>> {
  const getConfig = (): never => config as never;
  const notApplicable = (): never => {
    throw new Error("not applicable");
  };
  const reports = new Map<string, string[]>();
  for (const policy of policies) {
    const messages: string[] = [];
    reports.set(policy.name, messages);
    const report: Report = (message) => {
      messages.push(typeof message === "string" ? message : message.message);
    };
    if ("validateStack" in policy) {
      await (policy as StackValidationPolicy).validateStack(
        { resources, getConfig, notApplicable, stackTags: new Map() },
        report,
      );
    } else {
      const validate = (policy as ResourceValidationPolicy).validateResource;
      for (const resource of resources) {
        for (const fn of Array.isArray(validate) ? validate : validate ? [validate] : []) {
          // The resource's own properties, getters kept (a getter that throws must throw inside the policy).
          const args = Object.defineProperties(
            {},
            {
              ...Object.getOwnPropertyDescriptors(resource),
              getConfig: { value: getConfig },
              notApplicable: { value: notApplicable },
              stackTags: { value: new Map() },
            },
          );
          await fn(args as never, report);
        }
      }
    }
  }
  return reports;
}

describe("policy pack: fuzz (no exception escapes, none is swallowed)", () => {
  it("300 random stacks: no exception escapes and the pack reads every odd shape without an internal error", async () => {
    const internal: string[] = [];
    let findings = 0;
    for (let round = 0; round < 300; round++) {
      const resources = randomStack(1 + rand(14));
      assert.doesNotThrow(() => mapStack(resources));
      for (const [name, messages] of await runAll(resources, pick(configs))) {
        internal.push(...messages.filter((m) => m.startsWith("could not be judged")).map((m) => `${name}: ${m}`));
        findings += messages.filter((m) => /^\[S3R\d{3} /.test(m)).length;
      }
    }
    assert.deepEqual([...new Set(internal)], [], "random input is data, not an error");
    assert.ok(findings > 100, `random stacks hold broken configurations: only ${findings} findings`);
  });

  it("an exception while reading a resource is reported by every policy as 'could not be judged', never swallowed", async () => {
    const resources = randomStack(6);
    const exploding = {
      ...resources[0],
      type: "aws:kms/key:Key",
      get props(): Record<string, unknown> {
        throw new Error("boom: props unreadable");
      },
    } as unknown as PolicyResource;
    const reports = await runAll([exploding, ...resources.slice(1)], {});
    // (The retired policy names look at nothing but the root stack's type: policies/retired.ts.)
    for (const policy of policies.filter((p) => !retiredPolicyNames.includes(p.name))) {
      const messages = reports.get(policy.name) ?? [];
      assert.ok(
        messages.includes("could not be judged: boom: props unreadable"),
        `${policy.name} reported: ${JSON.stringify(messages)}`,
      );
    }
  });

  it("a config read that throws is reported, not read as an empty config", async () => {
    const getConfig = (): never => {
      throw new Error("config unreadable");
    };
    const messages: string[] = [];
    const stackPolicy = policies.find((p) => p.name === "s3-replication-checks") as StackValidationPolicy;
    await stackPolicy.validateStack(
      {
        resources: randomStack(3),
        getConfig,
        notApplicable: () => {
          throw new Error("n/a");
        },
        stackTags: new Map(),
      },
      (m: unknown) => {
        messages.push(typeof m === "string" ? m : (m as { message: string }).message);
      },
    );
    assert.deepEqual(messages, ["could not be judged: config unreadable"]);
  });
});
