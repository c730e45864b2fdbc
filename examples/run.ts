/**
 * `npm start`: the offline main job. No AWS account, no Pulumi CLI.
 *   npm start                      the default scenario (cross-account, cross-region, SSE-KMS, Bucket Keys)
 *   npm start -- --help            this text
 */

import { independentVerdicts } from "./independentProof";
import { printProofReport } from "./proofReport";
import { defaultScenario } from "../test/support/scenarios";

async function main(argv: string[]): Promise<number> {
  if (argv.includes("--help") || argv.includes("-h")) {
    console.log("usage: npm start [-- --help]\n\nRuns the default scenario offline and prints its documents, permission proof and analysis.");
    return 0;
  }
  const scenario = defaultScenario();
  console.log(`s3-replication offline run: default scenario "${scenario.id}"`);
  const totals = printProofReport(scenario.topology, (line) => console.log(line));
  console.log(`\nproof: ${totals.allowed} allowed, ${totals.denied} denied, ${totals.failures.length} failures; analysis: ${totals.findings} findings`);
  const independent = await independentVerdicts(scenario.topology);
  if (independent === undefined) {
    console.log("independent evaluator (@cloud-copilot/iam-simulate, dev dependency) not installed: run npm ci for the second opinion");
  } else {
    console.log(`independent evaluator: ${independent.allowed} allowed, ${independent.denied} denied, ${independent.failures.length} failures${independent.failures.length > 0 ? `\n  ${independent.failures.join("\n  ")}` : ""}`);
  }
  return totals.failures.length === 0 && totals.findings === 0 && (independent?.failures.length ?? 0) === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
