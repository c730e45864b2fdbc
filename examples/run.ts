/**
 * `npm start`: the offline main job. No AWS account, no Pulumi CLI.
 *
 *   npm start                        the root program (Pulumi.yaml: the cross-account example)
 *   npm start -- --example NAME      another example (see --help)
 *   npm start -- --scenario          the core model alone: the default scenario's documents and proof
 *   npm start -- --rate N            objects per second for the KMS quota note and cost (default 1000)
 *   npm start -- --object-size B     average object size in bytes for the cost estimate (default 1 MiB)
 *   npm start -- --quiet             leave out the documents
 *   npm start -- --help
 */

import * as path from "node:path";
import { independentVerdicts } from "./independentProof";
import { printProofReport } from "./proofReport";
import { listExamples, runExample } from "./offlineRun";
import {
  printAlarms,
  printDocuments,
  printKmsLoadAndCost,
  printNotifications,
  printPermissionProof,
  printResourcesByAccount,
  printVerdict,
} from "./offlineReport";
import { defaultScenario } from "../test/support/scenarios";

const log = (line: string): void => console.log(line);

function usage(): string {
  const examples = listExamples()
    .map((example) => `  ${example.name.padEnd(28)} ${example.description}`)
    .join("\n");
  return [
    "usage: npm start [-- --example NAME] [-- --scenario] [-- --rate N] [-- --object-size BYTES] [-- --quiet] [-- --help]",
    "",
    "Runs an example program offline through the offline harness (policypack/testing.ts), in preview",
    "and update mode, with the policy pack; prints the resources by account and region, the permission",
    "proof of every replication path, the pack's verdict and the KMS request cost. No AWS account needed.",
    "",
    "examples (from examples/*/Pulumi.yaml; sample stack config in Pulumi.demo.yaml):",
    examples,
  ].join("\n");
}

async function runScenario(): Promise<number> {
  const scenario = defaultScenario();
  log(`s3-replication offline run: core model, default scenario "${scenario.id}"`);
  const totals = printProofReport(scenario.topology, log);
  log(
    `\nproof: ${totals.allowed} allowed, ${totals.denied} denied, ${totals.failures.length} failures; analysis: ${totals.findings} findings`,
  );
  const independent = await independentVerdicts(scenario.topology);
  if (independent === undefined)
    log(
      "independent evaluator (@cloud-copilot/iam-simulate, dev dependency) not installed: run npm ci for the second opinion",
    );
  else
    log(
      `independent evaluator: ${independent.allowed} allowed, ${independent.denied} denied, ${independent.failures.length} failures`,
    );
  return totals.failures.length === 0 && totals.findings === 0 && (independent?.failures.length ?? 0) === 0 ? 0 : 1;
}

async function runNamedExample(name: string, rate: number, objectSize: number, quiet: boolean): Promise<number> {
  const example = listExamples().find((candidate) => candidate.name === name);
  if (example === undefined) {
    log(`unknown example "${name}"\n\n${usage()}`);
    return 2;
  }
  log(
    `s3-replication offline run: ${example.name === "root" ? "root program (Pulumi.yaml)" : `example ${example.name}`}: ${example.description}`,
  );
  log(
    `program ${path.join(example.dir, "index.ts")}, project ${example.project}, sample stack config: ${JSON.stringify(example.stackConfig)}`,
  );
  const started = Date.now();
  const preview = await runExample(example, true);
  const update = await runExample(example, false);

  log("\n== Resources by account and region (update)");
  printResourcesByAccount(update, log);
  log("\n== Alarms: each in the account and Region where its metric is published (update)");
  printAlarms(update, log);
  log("\n== Replication failure events: S3 Event Notifications to a topic in the bucket's Region (update)");
  printNotifications(update, log);
  if (!quiet) {
    log("\n== Documents the program attached (update)");
    printDocuments(update, log);
  }
  log("\n== Permission proof of every replication path, on the documents the program attached (update)");
  const totals = printPermissionProof(update, rate, log);
  log("\n== KMS load per calling account and Region (every path on the same quota), and the monthly cost (update)");
  printKmsLoadAndCost(update, rate, objectSize, log);
  log("\n== Policy pack verdict");
  totals.violations = printVerdict(preview, log) + printVerdict(update, log);
  log(
    `\nsummary: ${totals.allowed} requests allowed, ${totals.denied} forbidden requests denied, ${totals.unjudged} not judgeable in this stack, ${totals.failures.length} wrong verdicts; ${totals.violations} pack violations; ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  return totals.failures.length === 0 && totals.violations === 0 ? 0 : 1;
}

async function main(argv: string[]): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    log(usage());
    return 0;
  }
  if (argv.includes("--scenario")) return runScenario();
  const exampleIndex = argv.indexOf("--example");
  const rateIndex = argv.indexOf("--rate");
  const rate = rateIndex >= 0 ? Number(argv[rateIndex + 1]) : 1000;
  if (!Number.isFinite(rate) || rate <= 0) {
    log(`--rate needs a positive number of objects per second\n\n${usage()}`);
    return 2;
  }
  const sizeIndex = argv.indexOf("--object-size");
  const objectSize = sizeIndex >= 0 ? Number(argv[sizeIndex + 1]) : 1024 * 1024;
  if (!Number.isFinite(objectSize) || objectSize <= 0) {
    log(`--object-size needs a positive number of bytes\n\n${usage()}`);
    return 2;
  }
  return runNamedExample(
    exampleIndex >= 0 ? (argv[exampleIndex + 1] ?? "") : "root",
    rate,
    objectSize,
    argv.includes("--quiet"),
  );
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  },
);
