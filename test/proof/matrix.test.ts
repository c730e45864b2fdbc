/**
 * The proof: for every scenario of the matrix, the generated documents allow every request S3
 * makes (with the context S3 sends) and deny every forbidden request, as judged by the
 * independent evaluator @cloud-copilot/iam-simulate (patched; see test/evaluator). The
 * in-package evaluator used by the policy pack must reach the same verdict on every request.
 */

import assert from "node:assert/strict";
import { generateDocuments, TopologyDocuments } from "../../components/documents";
import { evaluateRequest, NamedPolicy } from "../../components/model/evaluate";
import { forbiddenRequests, replicationRequests, ReplicationRequest, ResourcePolicyKind } from "../../components/model/requests";
import { replicationPaths, ReplicationPath, roleArn } from "../../components/model/topology";
import { PolicyDocument } from "../../components/model/policyDocument";
import { scenarioMatrix } from "../support/scenarios";
import { simulateRequest } from "../support/simulate";

/** The documents that decide a request in a scenario. */
function documentsFor(request: ReplicationRequest, path: ReplicationPath, documents: TopologyDocuments): { identity: PolicyDocument[]; resource?: PolicyDocument } {
  const role = documents.roles.find((candidate) => candidate.roleArn === roleArn(path.role));
  assert.ok(role, `no role documents for ${roleArn(path.role)}`);
  const identity = [role.permissionPolicy];
  switch (request.resourcePolicy) {
    case ResourcePolicyKind.TrustPolicy: return { identity, resource: role.trustPolicy };
    case ResourcePolicyKind.KeyPolicy: {
      const key = documents.keys[request.resource];
      assert.ok(key, `no key policy for ${request.resource}`);
      return { identity, resource: key.policy };
    }
    case ResourcePolicyKind.BucketPolicy: {
      const bucketName = request.resource.split(":::")[1]?.split("/")[0] ?? "";
      const bucket = documents.buckets[bucketName];
      return bucket ? { identity, resource: bucket.policy } : { identity };
    }
  }
}

describe("proof: generated documents under an independent IAM evaluator", function () {
  this.timeout(300_000);
  const totals = { scenarios: 0, allowed: 0, denied: 0, failures: [] as string[] };

  after(() => {
    console.log(`      proof: ${totals.scenarios} scenarios, ${totals.allowed} allowed checks, ${totals.denied} denied checks, ${totals.failures.length} failures`);
  });

  const scenarios = scenarioMatrix();
  it("covers at least 48 scenarios", () => {
    assert.ok(scenarios.length >= 48, `only ${scenarios.length} scenarios`);
  });

  for (const scenario of scenarios) {
    it(scenario.id, async () => {
      const documents = generateDocuments(scenario.topology);
      const failures: string[] = [];
      for (const path of replicationPaths(scenario.topology)) {
        const required = replicationRequests(path);
        const forbidden = forbiddenRequests(path);
        assert.ok(forbidden.length >= 20, `${path.id}: only ${forbidden.length} forbidden requests`);
        for (const [requests, expectAllowed] of [[required, true], [forbidden, false]] as const) {
          for (const request of requests) {
            const docs = documentsFor(request, path, documents);
            const outcome = await simulateRequest(request, { identityPolicies: docs.identity, ...(docs.resource ? { resourcePolicy: docs.resource } : {}) });
            assert.deepEqual(outcome.ignoredContextKeys, [], `${request.id}: the evaluator ignored context keys`);
            const named: NamedPolicy[] = docs.identity.map((document, index) => ({ name: `identity-${index}`, document }));
            const ours = evaluateRequest(request, { identityPolicies: named, ...(docs.resource ? { resourcePolicy: { name: "resource", document: docs.resource } } : {}) });
            if (outcome.allowed !== expectAllowed) failures.push(`${request.id}: expected ${expectAllowed ? "Allowed" : "Denied"}, iam-simulate says ${outcome.result}`);
            if (ours.allowed !== outcome.allowed) failures.push(`${request.id}: in-package evaluator says ${ours.allowed ? "Allowed" : "Denied"} (${ours.reason}), iam-simulate ${outcome.result}`);
            if (expectAllowed) totals.allowed++; else totals.denied++;
          }
        }
      }
      totals.scenarios++;
      totals.failures.push(...failures.map((failure) => `${scenario.id}: ${failure}`));
      assert.deepEqual(failures, []);
    });
  }
});
