// One change per test against the happy program; each asserts the violation by policy and message.
import * as assert from "node:assert/strict";
import { runPolicies } from "../../policypack/testing";
import { cases } from "./brokenCases";
import { happyProgram } from "./program";

describe("policy pack: one broken invariant per test", () => {
  for (const c of cases) {
    it(`${c.title} -> ${c.policy}`, async () => {
      const result = await runPolicies(happyProgram(c.tweaks), { ...(c.config ? { config: c.config } : {}) });
      const hits = result.violations.filter((v) => v.policyName === c.policy && c.message.test(v.message));
      assert.ok(
        hits.length > 0,
        `expected ${c.policy} ~ ${c.message}; got:\n${result.violations.map((v) => `${v.policyName}: ${v.message}`).join("\n")}`,
      );
      assert.ok(
        hits.every((v) => v.urn !== undefined),
        "violations name a resource",
      );
    });
    if (c.preview) {
      it(`${c.title} -> ${c.policy} (preview: same verdict)`, async () => {
        const result = await runPolicies(happyProgram(c.tweaks), {
          preview: true,
          ...(c.config ? { config: c.config } : {}),
        });
        const hits = result.violations.filter((v) => v.policyName === c.policy && c.message.test(v.message));
        assert.ok(
          hits.length > 0,
          `expected ${c.policy} ~ ${c.message} in preview; got:\n${result.violations.map((v) => `${v.policyName}: ${v.message}`).join("\n")}\nadvisories: ${result.advisories.join("\n")}`,
        );
      });
    }
  }
});
