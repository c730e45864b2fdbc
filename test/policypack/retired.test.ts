// Config files of earlier versions of the pack under the engine's own config handling (the harness
// reproduces pulumi/pulumi's ReconcilePolicyPackConfig and Configure, policypack/harness/config.ts):
// an old entry that only sets a level used to pass silently (the engine keeps the entry and sends
// it to a pack that has no such policy) and one with properties failed on `invalid enforcement
// level ""`; both fail closed now, each with one message saying what to write instead.
import * as assert from "node:assert/strict";
import { runPolicies, type Violation } from "../../policypack/testing";
import { policies } from "../../policypack/policies";
import { ALL_BEGIN, ALL_END, movedPropertyText, retiredPolicyMessage } from "../../policypack/policies/retired";
import { happyProgram } from "./program";

const program = happyProgram({});
const mandatory = (violations: Violation[]): string[] =>
  violations.filter((v) => v.enforcementLevel === "mandatory").map((v) => `${v.policyName}: ${v.message}`);

describe("policy pack: config files of earlier versions fail closed under the engine's config handling", function () {
  this.timeout(300_000);

  it("every retired policy name is declared, disabled, and looks at the root stack only", () => {
    const retired = policies.filter((p) => p.name !== "s3-replication-checks");
    assert.deepEqual(
      retired.map((p) => p.name).filter((name) => name === ALL_BEGIN || name === ALL_END),
      [ALL_BEGIN, ALL_END],
    );
    for (const name of ["replication-trust", "kms-key-enabled-replica-key", "replication-rule-shape-bucket-v2"])
      assert.ok(
        retired.some((p) => p.name === name),
        name,
      );
    assert.equal(retired.length, 30);
  });

  it("without the retired names declared (the pack before), the engine passes an old level silently and fails old properties unclearly", async () => {
    const live = policies.filter((p) => p.name === "s3-replication-checks");
    const quiet = await runPolicies(program, { policies: live, config: { "replication-trust": "advisory" } });
    assert.deepEqual(mandatory(quiet.violations), []);
    await assert.rejects(
      runPolicies(program, {
        policies: live,
        config: { "bucket-encryption": { allowedEncryptionTypes: ["aws:kms"] } },
      }),
      /invalid enforcement level "" \(config for "bucket-encryption"\)/,
    );
  });

  it("an old entry with only a level stops the run with one mandatory violation saying what to write", async () => {
    for (const preview of [true, false]) {
      const result = await runPolicies(program, {
        preview,
        config: { "replication-trust": "advisory", "replication-versioning": "mandatory" },
      });
      assert.deepEqual(mandatory(result.violations), [
        `replication-versioning: ${retiredPolicyMessage("replication-versioning", "replication-versioning")}`,
      ]);
      assert.match(
        result.violations.find((v) => v.policyName === "replication-versioning")?.urn ?? "",
        /::pulumi:pulumi:Stack::/,
      );
    }
    const split = await runPolicies(program, { config: { "kms-key-enabled-replica-key": "advisory" } });
    assert.deepEqual(mandatory(split.violations), [
      `kms-key-enabled-replica-key: ${retiredPolicyMessage("kms-key-enabled-replica-key", "kms-key-enabled")}`,
    ]);
  });

  it("an old entry with properties, with or without a level, is refused before the program runs, naming where they went", async () => {
    for (const entry of [
      { allowedEncryptionTypes: ["aws:kms"] },
      { enforcementLevel: "advisory", allowedEncryptionTypes: ["aws:kms"] },
    ]) {
      await assert.rejects(runPolicies(program, { config: { "bucket-encryption": entry } }), (error: Error) => {
        assert.ok(
          error.message.includes(
            `bucket-encryption: allowedEncryptionTypes: allowedEncryptionTypes must be one of the following: ${JSON.stringify(movedPropertyText("allowedEncryptionTypes"))}`,
          ),
          error.message,
        );
        return true;
      });
    }
  });

  it('"all" alone enables no migration message; "all" with an entry disabling a retired name does', async () => {
    for (const level of ["advisory", "mandatory"]) {
      const result = await runPolicies(program, { config: { all: level } });
      assert.deepEqual(
        result.violations.filter((v) => v.policyName !== "s3-replication-checks" && !/^\[S3R/.test(v.message)),
        [],
        level,
      );
    }
    const old = await runPolicies(program, { config: { all: "mandatory", "replication-monitoring": "disabled" } });
    const messages = mandatory(old.violations).filter((line) => line.includes("earlier version"));
    assert.equal(messages.length, 1, messages.join("\n"));
    assert.match(messages[0]!, /^replication-monitoring: the policy config disables "replication-monitoring"/);
    // "all" disabled and one old entry enabled: that entry's message.
    const only = await runPolicies(program, { config: { all: "disabled", "replication-versioning": "mandatory" } });
    assert.deepEqual(mandatory(only.violations), [
      `replication-versioning: ${retiredPolicyMessage("replication-versioning", "replication-versioning")}`,
    ]);
  });
});
