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
import * as structpb from "google-protobuf/google/protobuf/struct_pb";
import * as analyzerpb from "@pulumi/pulumi/proto/analyzer_pb";
import type { Policies } from "@pulumi/policy";
import { policies as packPolicies } from "../../policypack/policies";

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

  figures.push({ name: "Analyze, the pack", value: await analyzeHandlerFigure() });

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

/** `@pulumi/policy`'s Analyze handler as server.js builds it for a pack (an internal export). */
type AnalyzeHandler = (
  call: { request: analyzerpb.AnalyzeRequest },
  callback: (error: unknown, answer: analyzerpb.AnalyzeResponse) => void,
) => void;
interface PolicyServer {
  makeAnalyzeRpcFun(name: string, version: string, level: string, policies: Policies): AnalyzeHandler;
}

/** µs per call of `policies`' Analyze handler on one bucket, its answer written as gRPC writes it. */
async function analyzeCost(policies: Policies, calls: number): Promise<number> {
  const server = require("@pulumi/policy/server") as PolicyServer;
  const handler = server.makeAnalyzeRpcFun("bench", "0.0.0", "advisory", policies);
  const request = new analyzerpb.AnalyzeRequest();
  request.setType("aws:s3/bucket:Bucket");
  request.setUrn("urn:pulumi:bench::bench::aws:s3/bucket:Bucket::data");
  request.setName("data");
  request.setProperties(structpb.Struct.fromJavaScript({ bucket: "data", tags: { team: "storage" } }));
  const start = process.cpuUsage();
  for (let i = 0; i < calls; i++) {
    await new Promise<void>((resolve, reject) =>
      handler({ request }, (error, answer) => {
        if (error) reject(error);
        else resolve(void answer.serializeBinary());
      }),
    );
  }
  const used = process.cpuUsage(start);
  return (used.user + used.system) / calls;
}

/**
 * What the pack's resource policies (the config policy and the retired names, policies/retired.ts)
 * add to every Analyze the engine makes, against one stack policy (docs/performance.md, eighth
 * measurement): medians of three alternating rounds of 20,000 calls each, CPU of all threads.
 */
async function analyzeHandlerFigure(): Promise<string> {
  const oneStackPolicy: Policies = [{ name: "empty", description: "", validateStack: () => undefined }];
  const pack: number[] = [];
  const empty: number[] = [];
  for (let round = 0; round < 3; round++) {
    empty.push(await analyzeCost(oneStackPolicy, 20000));
    pack.push(await analyzeCost(packPolicies, 20000));
  }
  const median = (values: number[]): number => [...values].sort((a, b) => a - b)[1]!;
  return (
    `${median(pack).toFixed(1)} µs per call with the pack's ${packPolicies.length} policies, ` +
    `${median(empty).toFixed(1)} with one stack policy`
  );
}
