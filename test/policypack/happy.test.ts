import * as assert from "node:assert/strict";
import { runPolicies } from "../../policypack/testing";
import { happyProgram } from "./program";
import { isPendingAdvisory, judged } from "./pending";

describe("policy pack: happy path", () => {
  it("a correct raw-resource program has zero violations", async () => {
    const result = await runPolicies(happyProgram());
    assert.deepEqual(
      result.violations.map((v) => `${v.policyName}: ${v.message}`),
      [],
    );
  });
  it("preview of the correct program: no finding; what preview cannot know is named once per resource, judged at up", async () => {
    const result = await runPolicies(happyProgram(), { preview: true });
    assert.deepEqual(
      judged(result.violations).map((v) => `${v.policyName}: ${v.message}`),
      [],
    );
    assert.deepEqual(result.advisories, []);
    const pending = result.violations
      .filter(isPendingAdvisory)
      .map((v) => v.message.split("\n").pop())
      .sort();
    // The keys' own `policy` is the provider's unknown in preview (a computed attribute the program
    // does not set): AWS gives a new key its default key policy, which the kms.KeyPolicy resources
    // replace, so nothing about the keys waits for `up`.
    assert.deepEqual(pending, [
      'iam.RolePolicy "replication-role-policy": unknown in preview: the policy document; the checks that need it run at `pulumi up`.',
    ]);
    assert.ok(
      result.violations.filter(isPendingAdvisory).every((v) => v.urn !== undefined),
      "each names its resource",
    );
  });
});
