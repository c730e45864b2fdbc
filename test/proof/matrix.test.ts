/**
 * The proof: for every scenario of the matrix, the generated documents allow every request S3
 * makes (with the context S3 sends) and deny every forbidden request, as judged by the
 * independent evaluator @cloud-copilot/iam-simulate (patched; see test/evaluator). The
 * in-package evaluator used by the policy pack must reach the same verdict on every request.
 */

import assert from "node:assert/strict";
import { decidingDocuments, generateDocuments } from "../../components/documents";
import { evaluateRequest, NamedPolicy } from "../../components/model/evaluate";
import { forbiddenRequests, replicationRequests } from "../../components/model/requests";
import { Encryption, replicationPaths } from "../../components/model/topology";
import { scenarioMatrix } from "../support/scenarios";
import { simulateRequest } from "../support/simulate";

describe("proof: generated documents under an independent IAM evaluator", function () {
  this.timeout(300_000);
  const totals = { scenarios: 0, allowed: 0, denied: 0, failures: [] as string[] };

  after(() => {
    console.log(
      `      proof: ${totals.scenarios} scenarios, ${totals.allowed} allowed checks, ${totals.denied} denied checks, ${totals.failures.length} failures`,
    );
  });

  // Issue 21: Batch Replication of unencrypted objects (SSE-S3 source into a KMS default), and
  // Object Lock on the destination only (one-way), beside the matrix's both-sides Object Lock.
  const base = scenarioMatrix();
  const batch = base
    .filter(
      (s) =>
        s.topology.source.encryption === Encryption.SseS3 &&
        s.topology.destinations.some((d) => d.keyArn !== undefined),
    )
    .map((s) => ({ id: `${s.id} batch`, topology: { ...s.topology, batchReplication: true } }));
  const lockDestinationOnly = base
    .filter((s) => !s.topology.twoWay && !s.topology.source.objectLockEnabled)
    .slice(0, 12)
    .map((s) => ({
      id: `${s.id} lock-destination-only`,
      topology: {
        ...s.topology,
        destinations: s.topology.destinations.map((d) => ({ ...d, objectLockEnabled: true })),
      },
    }));
  const scenarios = [...base, ...batch, ...lockDestinationOnly];
  it("covers at least 48 scenarios", () => {
    assert.ok(scenarios.length >= 48, `only ${scenarios.length} scenarios`);
  });

  for (const scenario of scenarios) {
    it(scenario.id, async () => {
      const documents = generateDocuments(scenario.topology);
      const failures: string[] = [];
      for (const path of replicationPaths(scenario.topology)) {
        // Every form a replica can take: objects with and without their own Bucket Key (issue 21).
        const required = replicationRequests(path, true);
        const forbidden = forbiddenRequests(path);
        assert.ok(forbidden.length >= 20, `${path.id}: only ${forbidden.length} forbidden requests`);
        for (const [requests, expectAllowed] of [
          [required, true],
          [forbidden, false],
        ] as const) {
          for (const request of requests) {
            const docs = decidingDocuments(documents, request);
            const outcome = await simulateRequest(request, docs);
            assert.deepEqual(outcome.ignoredContextKeys, [], `${request.id}: the evaluator ignored context keys`);
            const named: NamedPolicy[] = docs.identityPolicies.map((document, index) => ({
              name: `identity-${index}`,
              document,
            }));
            const ours = evaluateRequest(request, {
              identityPolicies: named,
              ...(docs.resourcePolicy ? { resourcePolicy: { name: "resource", document: docs.resourcePolicy } } : {}),
            });
            if (outcome.allowed !== expectAllowed)
              failures.push(
                `${request.id}: expected ${expectAllowed ? "Allowed" : "Denied"}, iam-simulate says ${outcome.result}`,
              );
            if (ours.allowed !== outcome.allowed)
              failures.push(
                `${request.id}: in-package evaluator says ${ours.allowed ? "Allowed" : "Denied"} (${ours.reason}), iam-simulate ${outcome.result}`,
              );
            if (expectAllowed) totals.allowed++;
            else totals.denied++;
          }
        }
      }
      totals.scenarios++;
      totals.failures.push(...failures.map((failure) => `${scenario.id}: ${failure}`));
      assert.deepEqual(failures, []);
    });
  }
});
