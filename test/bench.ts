/**
 * `npm run bench`: speed and memory figures, printed, never asserted (timed tests are flaky;
 * these numbers go into docs/performance.md by hand when they change).
 */

import { performance } from "node:perf_hooks";
import { decidingDocuments, foundReplications, generateDocuments } from "../components/documents";
import { analyzeReplication } from "../components/model/analysis";
import { forbiddenRequests, replicationRequests } from "../components/model/requests";
import { replicationPaths } from "../components/model/topology";
import { scenarioMatrix } from "./support/scenarios";

interface Figure { name: string; value: string }

function time<T>(fn: () => T): [T, number] {
  const start = performance.now();
  const result = fn();
  return [result, performance.now() - start];
}

async function main(): Promise<void> {
  const figures: Figure[] = [];
  const scenarios = scenarioMatrix();
  const [documents, generateMs] = time(() => scenarios.map((scenario) => generateDocuments(scenario.topology)));
  figures.push({ name: "generateDocuments", value: `${(generateMs / scenarios.length).toFixed(3)} ms per topology (${scenarios.length} topologies)` });
  const [requestCount, requestMs] = time(() => scenarios.reduce((sum, scenario) => sum + replicationPaths(scenario.topology).reduce((inner, path) => inner + replicationRequests(path).length + forbiddenRequests(path).length, 0), 0));
  figures.push({ name: "request model", value: `${requestCount} requests in ${requestMs.toFixed(1)} ms` });
  const found = scenarios.flatMap((scenario, index) => foundReplications(scenario.topology, documents[index]!));
  const [, analysisMs] = time(() => found.forEach((item) => analyzeReplication(item)));
  figures.push({ name: "analyzeReplication", value: `${(analysisMs / found.length).toFixed(3)} ms per replication configuration (${found.length} configurations)` });

  try {
    const { simulateRequest } = await import("./support/simulate");
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
    figures.push({ name: "independent simulation", value: `${((performance.now() - start) / count).toFixed(3)} ms per request (${count} requests)` });
  } catch (error) {
    figures.push({ name: "independent simulation", value: `skipped (${error instanceof Error ? error.message : String(error)})` });
  }
  const memory = process.memoryUsage();
  figures.push({ name: "memory", value: `rss ${(memory.rss / 1048576).toFixed(0)} MiB, heap used ${(memory.heapUsed / 1048576).toFixed(0)} MiB` });
  for (const figure of figures) console.log(`${figure.name.padEnd(24)} ${figure.value}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
