// The IAM wildcard matcher of the in-package evaluator: it agrees with a plain dynamic-programming
// reference on random patterns and values, and its work is bounded by an operation counter (at
// most (value length + 1) x (pattern length + 1) steps), so adversarial patterns such as
// `*?*?...*Z` (issue 18 item 8) cannot stall the gate. No timed assertion: the counter is the bound.
import assert from "node:assert/strict";
import fc from "fast-check";
import { decidingDocuments, generateDocuments } from "../../components/documents";
import {
  MatchSteps,
  NamedPolicy,
  PolicyEvaluator,
  evaluateRequest,
  globMatch,
  statementMatches,
  wildcardMatch,
} from "../../components/model/evaluate";
import {
  ReplicationRequest,
  ResourcePolicyKind,
  forbiddenRequests,
  replicationRequests,
} from "../../components/model/requests";
import { replicationPaths } from "../../components/model/topology";
import { propertyParameters } from "../support/property";
import { scenarioMatrix } from "../support/scenarios";

/** Reference: the textbook table, "pattern[..i] matches value[..j]". Obviously right, O(n x m). */
function referenceMatch(pattern: string, value: string): boolean {
  let row = Array.from({ length: value.length + 1 }, (_, j) => j === 0);
  for (const token of pattern) {
    const next = [token === "*" && row[0] === true];
    for (let j = 1; j <= value.length; j++) {
      next.push(
        token === "*"
          ? row[j] === true || next[j - 1] === true
          : row[j - 1] === true && (token === "?" || token === value[j - 1]),
      );
    }
    row = next;
  }
  return row[value.length] === true;
}

/** The issue's pattern: `*?` twelve times, then `*Z`. */
const ISSUE_PATTERN = `${"*?".repeat(12)}*Z`;
const OBJECT_ARN = "arn:aws:s3:::orders-replica-bucket-eu-west-1/exports/2026/12/07/part-000001.parquet";

function counted(pattern: string, value: string): { matched: boolean; steps: number } {
  const counter: MatchSteps = { steps: 0 };
  return { matched: globMatch(pattern, value, counter), steps: counter.steps };
}

const bound = (pattern: string, value: string): number => (value.length + 1) * (pattern.length + 1);

describe("model: IAM wildcard matching", () => {
  it("the issue's pattern against an object ARN: no match, within the step bound", () => {
    const { matched, steps } = counted(ISSUE_PATTERN, OBJECT_ARN);
    assert.equal(matched, false);
    assert.ok(steps <= bound(ISSUE_PATTERN, OBJECT_ARN), `${steps} steps`);
    assert.equal(counted(ISSUE_PATTERN, `${OBJECT_ARN}Z`).matched, true);
  });

  it("the issue's pattern as a statement Resource is judged (no match) through statementMatches", () => {
    const statement = { Effect: "Allow" as const, Action: "s3:ReplicateObject", Resource: ISSUE_PATTERN };
    assert.equal(
      statementMatches(statement, { action: "s3:ReplicateObject", resource: OBJECT_ARN, context: {} }),
      false,
    );
    assert.equal(
      statementMatches(statement, { action: "s3:ReplicateObject", resource: `${OBJECT_ARN}Z`, context: {} }),
      true,
    );
  });

  it("actions match case-insensitively, resources case-sensitively", () => {
    assert.equal(wildcardMatch("S3:Replicate*", "s3:replicateobject", true), true);
    assert.equal(wildcardMatch("arn:aws:s3:::Orders/*", "arn:aws:s3:::orders/a", false), false);
    assert.equal(wildcardMatch("arn:aws:s3:::orders/?", "arn:aws:s3:::orders/ab", false), false);
    assert.equal(wildcardMatch("arn:aws:s3:::orders/*", "arn:aws:s3:::orders/", false), true);
  });

  it("property: agrees with the reference on random patterns and values, within the step bound", () => {
    const tally = { runs: 0, matched: 0, maxRatio: 0 };
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom("a", "b", "*", "?"), maxLength: 14 }),
        fc.string({ unit: fc.constantFrom("a", "b"), maxLength: 24 }),
        (pattern, value) => {
          const { matched, steps } = counted(pattern, value);
          tally.runs++;
          if (matched) tally.matched++;
          tally.maxRatio = Math.max(tally.maxRatio, steps / bound(pattern, value));
          assert.equal(matched, referenceMatch(pattern, value), `${pattern} on ${value}`);
          assert.ok(steps <= bound(pattern, value), `${steps} steps for ${pattern} on ${value}`);
        },
      ),
      propertyParameters(5000),
    );
    console.log(
      `      wildcard property: ${tally.runs} random pairs, ${tally.matched} matched, worst steps/bound ${tally.maxRatio.toFixed(2)}`,
    );
  });

  it("property: adversarial star-question patterns against long subjects stay within the step bound", () => {
    const tally = { runs: 0, maxSteps: 0 };
    const adversarial = fc
      .tuple(
        fc.integer({ min: 1, max: 40 }),
        fc.constantFrom("*?", "*a", "?*", "**?", "*a*"),
        fc.constantFrom("Z", "aZ", "?Z"),
      )
      .map(([count, unit, tail]) => `${unit.repeat(count)}*${tail}`);
    fc.assert(
      fc.property(adversarial, fc.integer({ min: 0, max: 3000 }), (pattern, length) => {
        const value = "a".repeat(length);
        const { matched, steps } = counted(pattern, value);
        tally.runs++;
        tally.maxSteps = Math.max(tally.maxSteps, steps);
        assert.equal(matched, false);
        assert.ok(steps <= bound(pattern, value), `${steps} steps for ${pattern} on ${length} characters`);
      }),
      propertyParameters(300),
    );
    console.log(`      adversarial wildcards: ${tally.runs} patterns, at most ${tally.maxSteps} steps`);
  });
});

describe("model: one evaluator for many requests", () => {
  /** Every request of every path of the matrix (required, every replica form, forbidden), with its documents. */
  function matrixRequests(): { request: ReplicationRequest; identity: NamedPolicy[]; resource?: NamedPolicy }[] {
    return scenarioMatrix().flatMap((scenario) => {
      const documents = generateDocuments(scenario.topology);
      return replicationPaths(scenario.topology).flatMap((path) =>
        [...replicationRequests(path, true), ...forbiddenRequests(path)].map((request) => {
          const docs = decidingDocuments(documents, request);
          const identity = docs.identityPolicies.map((document, index) => ({ name: `identity-${index}`, document }));
          return docs.resourcePolicy
            ? { request, identity, resource: { name: "resource", document: docs.resourcePolicy } }
            : { request, identity };
        }),
      );
    });
  }

  it("judges every request of the matrix as a fresh evaluation does (allowsWith its verdict alone), one reading of each document serving all", () => {
    const cases = matrixRequests();
    const shared = new PolicyEvaluator();
    const reasons = new Set<string>();
    for (const { request, identity, resource } of cases) {
      const documents = resource
        ? { identityPolicies: identity, resourcePolicy: resource }
        : { identityPolicies: identity };
      const fresh = evaluateRequest(request, documents);
      reasons.add(fresh.reason);
      assert.deepEqual(shared.evaluate(request, documents), fresh, request.id);
      assert.deepEqual(shared.evaluateWith(request, identity, resource), fresh, request.id);
      assert.equal(shared.allowsWith(request, identity, resource), fresh.allowed, request.id);
    }
    assert.ok(cases.length > 5000, `${cases.length} requests`);
    assert.deepEqual([...reasons].sort(), ["allowed", "no-identity-allow", "no-resource-allow"]);
  });

  it("identityDecision (and identityAllows, its verdict alone) is the verdict of the request made on a bucket of the caller's own account with no bucket policy", () => {
    const shared = new PolicyEvaluator();
    let allowed = 0;
    for (const { request, identity } of matrixRequests()) {
      const sameAccount = {
        ...request,
        resourceAccount: request.principalAccount,
        resourcePolicy: ResourcePolicyKind.BucketPolicy,
      };
      const expected = evaluateRequest(sameAccount, { identityPolicies: identity });
      if (expected.allowed) allowed++;
      assert.deepEqual(shared.identityDecision(request, identity), expected, request.id);
      assert.equal(shared.identityAllows(request, identity), expected.allowed, request.id);
      if (!request.principalIsService)
        assert.equal(
          shared.allowFilter(identity)(request.action, request.resource, request.context),
          expected.allowed,
          request.id,
        );
      // allowFilter may say yes to more, never no to a request that is allowed.
      if (expected.allowed)
        assert.equal(shared.allowFilter(identity)(request.action, request.resource), true, request.id);
    }
    assert.ok(allowed > 1000, `${allowed} allowed`);
  });

  it("an explicit Deny wins and names its statement, on the shared evaluator as on a fresh one", () => {
    const shared = new PolicyEvaluator();
    const request = matrixRequests().find((item) => item.request.action === "s3:ReplicateObject")!;
    const deny: NamedPolicy = {
      name: "deny",
      document: {
        Version: "2012-10-17",
        Statement: [{ Sid: "NoReplicas", Effect: "Deny", Action: "s3:Replicate*", Resource: "*" }],
      },
    };
    const identity = [...request.identity, deny];
    const decision = shared.identityDecision(request.request, identity);
    assert.deepEqual(decision, {
      allowed: false,
      reason: "explicit-deny",
      allowedBy: [],
      deniedBy: { policy: "deny", index: 0, sid: "NoReplicas" },
    });
    assert.deepEqual(shared.evaluateWith(request.request, identity, request.resource), decision);
    assert.equal(shared.allowsWith(request.request, identity, request.resource), false);
    // A resource policy's Deny counts only for the principals it names.
    for (const [principal, denies] of [
      ["*", true],
      [{ AWS: "arn:aws:iam::999999999999:role/someone-else" }, false],
    ] as const) {
      const resource: NamedPolicy = {
        name: "resource-deny",
        document: {
          Version: "2012-10-17",
          Statement: [{ Effect: "Deny", Principal: principal, Action: "s3:Replicate*", Resource: "*" }],
        },
      };
      const judged = shared.evaluateWith(request.request, request.identity, resource);
      assert.equal(judged.reason === "explicit-deny", denies);
      assert.equal(shared.allowsWith(request.request, request.identity, resource), judged.allowed);
    }
    assert.equal(shared.identityAllows(request.request, request.identity), true);
    assert.equal(shared.identityAllows(request.request, identity), false);
    const { action, resource } = request.request;
    assert.equal(shared.allowFilter(identity)("S3:REPLICATEOBJECT", resource), true);
    assert.equal(shared.allowFilter(identity)(action, "arn:aws:s3:::not-a-replication-destination/key"), false);
    assert.equal(shared.allowFilter(identity)("kms:ScheduleKeyDeletion", resource), false);
    assert.equal(shared.allowFilter([deny])(action, resource), false);
    // With the context: the Deny wins over the Allow that names the request.
    assert.equal(shared.allowFilter(request.identity)(action, resource, request.request.context), true);
    assert.equal(shared.allowFilter(identity)(action, resource, request.request.context), false);
  });
});
