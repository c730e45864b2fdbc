/**
 * The cache in front of the evaluator's resource-type lookup (test/support/evaluatorCache.ts)
 * answers exactly what the evaluator's own function answers, and is what the evaluator calls.
 */
import assert from "node:assert/strict";
import { runSimulation } from "@cloud-copilot/iam-simulate";
import {
  cachedLookup,
  installEvaluatorCache,
  resourceTypesModule,
  type ResourceTypesLookup,
} from "../support/evaluatorCache";

const ACCOUNT = "111111111111";
const KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;

/** Lookups of replication's requests: objects, buckets, keys, roles, wildcards, none and several types. */
const LOOKUPS: Array<[string, string, string]> = [
  ["s3", "GetObjectVersionForReplication", "arn:aws:s3:::source/key"],
  ["s3", "ReplicateObject", "arn:aws:s3:::destination/*"],
  ["s3", "ReplicateTags", "arn:aws:s3:::destination/a/b"],
  ["s3", "GetReplicationConfiguration", "arn:aws:s3:::source"],
  ["s3", "ListBucket", "arn:aws:s3:::source"],
  ["s3", "PutObject", "*"],
  ["s3", "GetObject", "arn:aws:s3:::source"],
  ["kms", "Decrypt", KEY],
  ["kms", "GenerateDataKey", `arn:aws:kms:us-east-1:${ACCOUNT}:alias/replica`],
  ["iam", "PassRole", `arn:aws:iam::${ACCOUNT}:role/replication`],
  ["sts", "AssumeRole", `arn:aws:iam::${ACCOUNT}:role/replication`],
  ["s3", "ListAllMyBuckets", "*"],
  ["s3", "NoSuchAction", "arn:aws:s3:::source"],
];

/** What a lookup settles to, rejections included, as comparable data. */
async function settled(answer: Promise<unknown[]>): Promise<unknown> {
  return answer.then(
    (types) => ({ types }),
    (error: unknown) => ({ error: error instanceof Error ? error.message : String(error) }),
  );
}

describe("evaluator: the cached resource-type lookup (evaluatorCache.ts)", () => {
  const original = installEvaluatorCache();

  it("answers every lookup as the evaluator's own function does, the second time too", async () => {
    const cached = cachedLookup(original);
    let typed = 0;
    for (const [service, action, resource] of LOOKUPS) {
      const expected = await settled(original(service, action, resource));
      if ("types" in (expected as object)) typed++;
      assert.deepEqual(await settled(cached(service, action, resource)), expected, `${service}:${action} ${resource}`);
      assert.deepEqual(await settled(cached(service, action, resource)), expected, `again: ${service}:${action}`);
    }
    assert.ok(typed >= 8 && typed < LOOKUPS.length, `both answers and rejections compared (${typed} answered)`);
  });

  it("asks the evaluator once per service, action and resource", async () => {
    const asked: string[] = [];
    const counting: ResourceTypesLookup = (service, action, resource) => {
      asked.push(`${service}:${action} ${resource}`);
      return original(service, action, resource);
    };
    const cached = cachedLookup(counting);
    for (const [service, action, resource] of [...LOOKUPS, ...LOOKUPS]) {
      await cached(service, action, resource).catch(() => undefined);
    }
    assert.equal(asked.length, LOOKUPS.length);
    await cached("s3", "ReplicateObject", "arn:aws:s3:::other/*");
    assert.equal(asked.length, LOOKUPS.length + 1);
  });

  it("is what the evaluator calls: a simulation goes through the module's export", async () => {
    const m = resourceTypesModule();
    const installed = m.getResourceTypesForAction;
    assert.notEqual(installed, original, "installed in front of the evaluator's function");
    assert.equal(installEvaluatorCache(), original, "installed once");
    const asked: string[] = [];
    m.getResourceTypesForAction = (service, action, resource) => {
      asked.push(`${service}:${action} ${resource}`);
      return original(service, action, resource);
    };
    try {
      const result = await runSimulation(
        {
          request: {
            principal: `arn:aws:iam::${ACCOUNT}:role/replication`,
            action: "s3:ReplicateObject",
            resource: { resource: "arn:aws:s3:::destination/key", accountId: ACCOUNT },
            contextVariables: {},
          },
          identityPolicies: [
            {
              name: "role",
              policy: {
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Action: "s3:ReplicateObject", Resource: "arn:aws:s3:::destination/*" }],
              },
            },
          ],
          serviceControlPolicies: [],
          resourceControlPolicies: [],
        },
        { simulationMode: "Strict" },
      );
      assert.equal(result.resultType === "single" ? result.overallResult : result.resultType, "Allowed");
    } finally {
      m.getResourceTypesForAction = installed;
    }
    assert.ok(asked.includes("s3:ReplicateObject arn:aws:s3:::destination/key"), asked.join(", "));
  });
});
