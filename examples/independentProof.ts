/**
 * The independent second opinion for `npm start`: re-evaluates every request of the report
 * with @cloud-copilot/iam-simulate (a dev dependency, AGPL: only this runner and the tests
 * load it, never the package) and counts agreements.
 */

import { generateDocuments } from "../components/documents";
import { forbiddenRequests, replicationRequests, ResourcePolicyKind } from "../components/model/requests";
import { replicationPaths, ReplicationTopology, roleArn } from "../components/model/topology";

/** Verdicts of the independent evaluator. */
export interface IndependentVerdicts {
  /** Required requests it allowed. */
  allowed: number;
  /** Forbidden requests it denied. */
  denied: number;
  /** Requests with the wrong verdict. */
  failures: string[];
}

/** Runs the independent evaluator over a topology's requests, or returns undefined when it is not installed. */
export async function independentVerdicts(topology: ReplicationTopology): Promise<IndependentVerdicts | undefined> {
  let simulate: typeof import("../test/support/simulate").simulateRequest;
  try {
    simulate = (await import("../test/support/simulate")).simulateRequest;
  } catch {
    return undefined;
  }
  const documents = generateDocuments(topology);
  const verdicts: IndependentVerdicts = { allowed: 0, denied: 0, failures: [] };
  for (const path of replicationPaths(topology)) {
    const role = documents.roles.find((candidate) => candidate.roleArn === roleArn(path.role));
    if (!role) continue;
    for (const [requests, expected] of [[replicationRequests(path), true], [forbiddenRequests(path), false]] as const) {
      for (const request of requests) {
        const resourcePolicy = request.resourcePolicy === ResourcePolicyKind.TrustPolicy ? role.trustPolicy
          : request.resourcePolicy === ResourcePolicyKind.KeyPolicy ? documents.keys[request.resource]?.policy
          : documents.buckets[request.resource.split(":::")[1]?.split("/")[0] ?? ""]?.policy;
        const outcome = await simulate(request, { identityPolicies: [role.permissionPolicy], ...(resourcePolicy ? { resourcePolicy } : {}) });
        if (outcome.allowed !== expected) verdicts.failures.push(`${request.id}: ${outcome.result}`);
        else if (expected) verdicts.allowed++;
        else verdicts.denied++;
      }
    }
  }
  return verdicts;
}
