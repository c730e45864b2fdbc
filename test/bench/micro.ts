/**
 * Micro-figures of the core (`npm run bench` prints them after its table): ms per generated
 * topology, per analysis, per independent simulation.
 */

import { performance } from "node:perf_hooks";
import { decidingDocuments, foundReplications, generateDocuments } from "../../components/documents";
import { analyzeReplication } from "../../components/model/analysis";
import { forbiddenRequests, replicationRequests } from "../../components/model/requests";
import { replicationPaths } from "../../components/model/topology";
import { scenarioMatrix } from "../support/scenarios";

/** One printed figure. */
export interface Figure {
  name: string;
  value: string;
}

function time<T>(fn: () => T): [T, number] {
  const start = performance.now();
  const result = fn();
  return [result, performance.now() - start];
}

/** Measures the core in this process. */
export async function microFigures(): Promise<Figure[]> {
  const figures: Figure[] = [];
  const scenarios = scenarioMatrix();
  const [documents, generateMs] = time(() => scenarios.map((scenario) => generateDocuments(scenario.topology)));
  figures.push({
    name: "generateDocuments",
    value: `${(generateMs / scenarios.length).toFixed(3)} ms per topology (${scenarios.length} topologies)`,
  });
  const [requestCount, requestMs] = time(() =>
    scenarios.reduce(
      (sum, scenario) =>
        sum +
        replicationPaths(scenario.topology).reduce(
          (inner, path) => inner + replicationRequests(path).length + forbiddenRequests(path).length,
          0,
        ),
      0,
    ),
  );
  figures.push({ name: "request model", value: `${requestCount} requests in ${requestMs.toFixed(1)} ms` });
  const found = scenarios.flatMap((scenario, index) => foundReplications(scenario.topology, documents[index]!));
  const [, analysisMs] = time(() => found.forEach((item) => analyzeReplication(item)));
  figures.push({
    name: "analyzeReplication",
    value: `${(analysisMs / found.length).toFixed(3)} ms per replication configuration (${found.length} configurations)`,
  });

  try {
    const { simulateRequest } = await import("../support/simulate");
    const scenario = scenarios[0]!;
    const path = replicationPaths(scenario.topology)[0]!;
    const requests = replicationRequests(path).filter((request) => request.resourcePolicy !== "trust-policy");
    const start = performance.now();
    let count = 0;
    for (let round = 0; round < 50; round++) {
      for (const request of requests) {
        await simulateRequest(request, decidingDocuments(documents[0]!, request));
        count++;
      }
    }
    figures.push({
      name: "independent simulation",
      value: `${((performance.now() - start) / count).toFixed(3)} ms per request (${count} requests)`,
    });
  } catch (error) {
    figures.push({
      name: "independent simulation",
      value: `skipped (${error instanceof Error ? error.message : String(error)})`,
    });
  }
  return figures;
}
