import * as assert from "node:assert/strict";
import { runPolicies } from "../../policypack/testing";
import { happyProgram } from "./program";

describe("policy pack: happy path", () => {
  it("a correct raw-resource program has zero violations", async () => {
    const result = await runPolicies(happyProgram());
    assert.deepEqual(result.violations.map((v) => `${v.policyName}: ${v.message}`), []);
  });
  it("preview of the correct program has zero violations and no advisories", async () => {
    const result = await runPolicies(happyProgram(), { preview: true });
    assert.deepEqual(result.violations.map((v) => `${v.policyName}: ${v.message}`), []);
    assert.deepEqual(result.advisories, []);
  });
});
