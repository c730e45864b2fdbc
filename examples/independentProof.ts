/**
 * The independent second opinion for `npm start`: re-evaluates every request of the report
 * with @cloud-copilot/iam-simulate (a dev dependency, AGPL: only this runner and the tests
 * load it, never the package) and counts agreements.
 */

import { decidingDocuments, generateDocuments } from "../components/documents";
import { forbiddenRequests, replicationRequests } from "../components/model/requests";
import { replicationPaths, ReplicationTopology } from "../components/model/topology";

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
    for (const [requests, expected] of [
      [replicationRequests(path), true],
      [forbiddenRequests(path), false],
    ] as const) {
      for (const request of requests) {
        const outcome = await simulate(request, decidingDocuments(documents, request));
        if (outcome.allowed !== expected) verdicts.failures.push(`${request.id}: ${outcome.result}`);
        else if (expected) verdicts.allowed++;
        else verdicts.denied++;
      }
    }
  }
  return verdicts;
}
