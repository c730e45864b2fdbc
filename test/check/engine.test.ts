// The checker's two engines (policypack/check/engine.ts) say the same on every stack the project
// has: the direct engine (the stack read once for every policy) and the SDK's analyzer server (as
// `pulumi preview --policy-pack` runs the pack), on the corpus programs (update and preview), the
// examples, the checker's test exports (with the pack and with the test policies), and a
// generated export of 1,000 resources; each under several policy configs. The comparison itself
// can fail: test/harness/directAnalyzer.test.ts shows it catching a dropped policy config.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import { runPolicies, toStackExport, type RunResult } from "../../policypack/testing";
import { readStackExport } from "../../policypack/check/exportReader";
import {
  defaultPolicySet,
  loadPolicySet,
  runChecks,
  runOnRecords,
  type PolicySet,
} from "../../policypack/check/engine";
import { buildTopology, topologyOf } from "../../policypack/check/topology";
import type { RecordedResource } from "../../policypack/harness/types";
import { listExamples, runExample } from "../../examples/offlineRun";
import { generateExport, templates } from "../bench/generateExport";
import { corpus } from "../corpus/cases";
import { bothEngines, type Outcome } from "../support/engines";
import { LEGACY, TEST_POLICIES } from "./support";

/** Policy configs each stack is judged under (the pack's options, levels, a disabled policy). */
const CONFIGS: Array<Record<string, unknown>> = [
  {},
  { all: "mandatory", "replication-versioning": "disabled" },
  {
    "replication-time-control": { requireReplicationTime: true },
    "replication-destination-allowed": {
      allowedDestinationAccounts: ["111111111111"],
      allowedDestinationRegions: ["eu-west-1"],
    },
  },
];

/** Records as the checker reads them back from `pulumi stack export`. */
function exported(result: RunResult, name: string): RecordedResource[] {
  return readStackExport(JSON.stringify(toStackExport(result)), `${name}.json`).resources;
}

let compared = 0;
let topologies = 0;

/**
 * The checker draws its topology from the model the pack's policies mapped (the direct engine):
 * the same topology as mapping the records on their own.
 */
async function sameTopology(records: readonly RecordedResource[]): Promise<void> {
  const result = await runOnRecords(records, { project: "project", stack: "stack" }, defaultPolicySet());
  if (records.some((r) => r.external === true)) {
    // Reads never reach the pack; the topology shows them, from the records.
    assert.equal(result.stackModel, undefined, "no pack model for a stack with reads");
    return;
  }
  assert.ok(result.stackModel !== undefined, "the pack's model is handed back");
  assert.deepEqual(topologyOf(result.stackModel), buildTopology(records));
  topologies++;
}

/** Asserts that both engines say the same on the records under every config; counts the findings compared. */
async function sameUnderEveryConfig(
  records: readonly RecordedResource[],
  set: PolicySet,
  configs = CONFIGS,
): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (const config of configs) {
    const both = await bothEngines(records, set, config);
    assert.deepEqual(both.differences, [], `config ${JSON.stringify(config)}`);
    if ("findings" in both.direct)
      compared += both.direct.findings.violations.length + both.direct.findings.advisories.length;
    outcomes.push(both.direct);
  }
  return outcomes;
}

describe("check engine: the direct engine and the SDK's analyzer server say the same", function () {
  this.timeout(600_000);
  after(() =>
    console.log(
      `      check engine: ${compared} findings compared between the two engines; ${topologies} topologies from the pack's model`,
    ),
  );

  for (const c of corpus) {
    it(`corpus ${c.name} (update, preview, and its export)`, async () => {
      const update = await runPolicies(c.program, { ...c.options });
      const preview = await runPolicies(c.program, { ...c.options, preview: true });
      await sameUnderEveryConfig(update.resources, defaultPolicySet());
      await sameUnderEveryConfig(preview.resources, defaultPolicySet());
      await sameUnderEveryConfig(exported(update, c.name), defaultPolicySet());
      await sameTopology(exported(update, c.name));
      await sameTopology(preview.resources);
    });
  }

  for (const example of listExamples().filter((candidate) => candidate.name !== "root")) {
    it(`example ${example.name} (update and preview)`, async () => {
      for (const preview of [false, true]) {
        const run = await runExample(example, preview);
        await sameUnderEveryConfig(run.result.resources, defaultPolicySet());
        await sameTopology(run.result.resources);
      }
    });
  }

  it("the checker's legacy test export, with the pack and with the test policies", async () => {
    const stack = readStackExport(fs.readFileSync(LEGACY, "utf8"), LEGACY);
    const [pack] = await sameUnderEveryConfig(stack.resources, defaultPolicySet(), [{}]);
    await sameTopology(stack.resources);
    assert.ok(pack !== undefined && "findings" in pack && pack.findings.violations.length > 0, JSON.stringify(pack));
    const [test] = await sameUnderEveryConfig(stack.resources, loadPolicySet(TEST_POLICIES), [{}, { all: "advisory" }]);
    assert.ok(test !== undefined && "findings" in test && test.findings.violations.length > 0, JSON.stringify(test));
  });

  it("a generated export of 1,000 resources (a quarter of its setups broken)", async () => {
    const generated = generateExport(await templates(), 1000);
    const stack = readStackExport(JSON.stringify(generated.export), "generated-1000.json");
    const [outcome] = await sameUnderEveryConfig(stack.resources, defaultPolicySet(), [CONFIGS[0]!, CONFIGS[2]!]);
    await sameTopology(stack.resources);
    assert.ok(outcome !== undefined && "findings" in outcome, JSON.stringify(outcome));
    const mandatory = outcome.findings.violations.filter((v) => v.includes('"enforcementLevel":"mandatory"'));
    assert.equal(mandatory.length, generated.brokenSetups, "one mandatory violation per broken setup");
  });

  it("runChecks runs the direct engine unless asked for the server, with the same findings", async () => {
    const stack = readStackExport(fs.readFileSync(LEGACY, "utf8"), LEGACY);
    const direct = await runChecks(stack, defaultPolicySet());
    const server = await runChecks(stack, defaultPolicySet(), {}, { engine: "sdk-server" });
    assert.deepEqual(direct.policies, server.policies);
    assert.deepEqual(direct.violations, server.violations, "the same findings, in the same order");
    assert.deepEqual(direct.advisories, server.advisories);
  });
});

describe("check engine: the pack's model stands in for the topology's only when it is this stack's", () => {
  it("no model when the stack policies are disabled, or when the server ran them", async () => {
    const stack = readStackExport(fs.readFileSync(LEGACY, "utf8"), LEGACY);
    const names = { project: "project", stack: "stack" };
    const stackPolicies = (defaultPolicySet().policies as Array<{ name: string; validateStack?: unknown }>)
      .filter((p) => p.validateStack !== undefined)
      .map((p) => p.name);
    const off = Object.fromEntries(stackPolicies.map((name) => [name, "disabled"]));
    assert.equal((await runOnRecords(stack.resources, names, defaultPolicySet(), off)).stackModel, undefined);
    const server = await runOnRecords(stack.resources, names, defaultPolicySet(), {}, { engine: "sdk-server" });
    assert.equal(server.stackModel, undefined);
    assert.ok((await runOnRecords(stack.resources, names, defaultPolicySet())).stackModel !== undefined);
  });
});
