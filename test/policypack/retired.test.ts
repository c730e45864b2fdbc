// Config files of earlier versions of the pack under the engine's own config handling (the harness
// reproduces pulumi/pulumi's ReconcilePolicyPackConfig and Configure, policypack/harness/config.ts):
// an old entry that only sets a level used to pass silently (the engine keeps the entry and sends
// it to a pack that has no such policy) and one with properties failed on `invalid enforcement
// level ""`; both fail closed now, each with one message saying what to write instead, the
// message the checker gives for the same file.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import type { StackValidationPolicy } from "@pulumi/policy";
import { runPolicies, type Violation } from "../../policypack/testing";
import { checkConfig, packShape, policies } from "../../policypack/policies";
import { legacyConfigMessage } from "../../policypack/policies/config";
import {
  CONFIG_POLICY,
  movedPropertyText,
  retiredPolicyMessage,
  sentConfigMessage,
} from "../../policypack/policies/retired";
import { happyProgram } from "./program";

const program = happyProgram({});
/** A program with no resource but the root stack: the config policy and the retired names look at nothing else. */
const empty = (): void => undefined;
const mandatory = (violations: Violation[]): string[] =>
  violations.filter((v) => v.enforcementLevel === "mandatory").map((v) => `${v.policyName}: ${v.message}`);
/** The mandatory violations of a run of the empty program under `config`. */
const refusals = async (config: Record<string, unknown>): Promise<string[]> =>
  mandatory((await runPolicies(empty, { config })).violations);
/** What the config policy reports for a file: the checker's message for that same file. */
const refusal = (file: Record<string, unknown>): string =>
  `${CONFIG_POLICY}: ${sentConfigMessage(legacyConfigMessage(file, packShape) ?? "(the checker accepts this file)")}`;

describe("policy pack: config files of earlier versions fail closed under the engine's config handling", function () {
  this.timeout(300_000);

  it("the config policy is enabled, every retired policy name disabled, all on the root stack only", () => {
    const others = policies.filter((p) => p.name !== "s3-replication-checks");
    assert.deepEqual(
      others.filter((p) => p.enforcementLevel !== "disabled").map((p) => `${p.name} ${p.enforcementLevel}`),
      [`${CONFIG_POLICY} mandatory`],
    );
    for (const name of ["replication-trust", "kms-key-enabled-replica-key", "replication-rule-shape-bucket-v2"])
      assert.ok(
        others.some((p) => p.name === name),
        name,
      );
    assert.equal(others.length, 29);
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

  it("old entries with only a level stop the run with one mandatory violation: the checker's message", async () => {
    for (const preview of [true, false]) {
      const config = { "replication-trust": "advisory", "replication-versioning": "mandatory" };
      const result = await runPolicies(program, { preview, config });
      assert.deepEqual(mandatory(result.violations), [refusal(config)]);
      assert.match(result.violations.find((v) => v.policyName === CONFIG_POLICY)?.urn ?? "", /::pulumi:pulumi:Stack::/);
    }
    const split = { "kms-key-enabled-replica-key": "advisory" };
    assert.deepEqual(await refusals(split), [refusal(split)]);
    assert.match(refusal(split), /"kms-key-enabled": "advisory"/);
  });

  it("an old entry with properties of its policy, with or without a level, is refused before the program runs, naming where they went", async () => {
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

  it("an old entry with only properties its policy never had (no level) stops the run, naming the nearest property", async () => {
    // The engine validates no property a schema does not name, and the retired policy stays disabled.
    const bogus = { "replication-trust": { bogus: 1 } };
    assert.deepEqual(await refusals(bogus), [refusal(bogus)]);
    assert.match(refusal(bogus), /s3-replication-checks has no property "bogus"/);
    const misspelt = { "replication-destination-allowed": { allowedDestinationAcounts: ["222222222222"] } };
    assert.deepEqual(await refusals(misspelt), [refusal(misspelt)]);
    assert.match(
      refusal(misspelt),
      /s3-replication-checks has no property "allowedDestinationAcounts" \(did you mean "allowedDestinationAccounts"\?\)/,
    );
    // policypack/README.md shows this very violation for its old file.
    const readme = fs.readFileSync(path.join(__dirname, "..", "..", "policypack", "README.md"), "utf8");
    const old = {
      "replication-trust": { enforcementLevel: "advisory" },
      "replication-destination-allowed": { allowedDestinationAcounts: ["222222222222"] },
    };
    assert.deepEqual(await refusals(old), [refusal(old)]);
    assert.ok(
      readme.includes(`\`\`\`\n${refusal(old).slice(CONFIG_POLICY.length + 2)}\n\`\`\``),
      "README shows the violation",
    );
  });

  it("the checker refuses each file the pack stops, with the message the pack gives", () => {
    for (const config of [
      { "replication-trust": { bogus: 1 } },
      { "replicaton-trust": "mandatory" },
      { all: "advisory", "replication-trust": "mandatory" },
      { [CONFIG_POLICY]: { strict: true } },
    ]) {
      assert.throws(() => checkConfig(config), { message: legacyConfigMessage(config, packShape) });
      assert.ok(refusal(config).includes(legacyConfigMessage(config, packShape) ?? "?"));
    }
    assert.doesNotThrow(() =>
      checkConfig({ all: "mandatory", "s3-replication-checks": { checks: { S3R013: "advisory" } } }),
    );
  });

  it("a name of no policy, and a property given to a name that takes a level only, stop the run", async () => {
    for (const config of [
      { "replicaton-trust": "mandatory" },
      { "s3-replication-checks": { checks: { "replication-trust": "advisory" } }, "s3-replicaton-checks": "advisory" },
      { all: { enforcementLevel: "mandatory", allowedDestinationAccounts: ["222222222222"] } },
      { [CONFIG_POLICY]: { strict: true } },
    ]) {
      assert.deepEqual(await refusals(config), [refusal(config)], JSON.stringify(config));
    }
    assert.match(
      refusal({ "replicaton-trust": "mandatory" }),
      /"replicaton-trust" is no policy of the pack \(did you mean "replication-trust"\?\)/,
    );
  });

  it("served beside another pack's policies in one PolicyPack, their names and entries are accepted; a misspelling of ours is not", async () => {
    const own: StackValidationPolicy = {
      name: "team-own-policy",
      description: "A policy of the team's own, served in the same PolicyPack.",
      enforcementLevel: "advisory",
      validateStack: () => undefined,
    };
    const together = [...policies, own];
    for (const config of [{}, { "team-own-policy": "mandatory" }, { all: "mandatory" }]) {
      const result = await runPolicies(empty, { policies: together, config });
      assert.deepEqual(mandatory(result.violations), [], JSON.stringify(config));
    }
    const misspelt = { "replicaton-trust": "mandatory" };
    const result = await runPolicies(empty, { policies: together, config: misspelt });
    assert.deepEqual(mandatory(result.violations), [refusal(misspelt)]);
  });

  it('"all" alone is accepted; "all" with an old entry at another level stops the run', async () => {
    for (const level of ["advisory", "mandatory", "disabled"]) {
      assert.deepEqual(await refusals({ all: level }), [], level);
    }
    for (const config of [
      { all: "mandatory", "replication-monitoring": "disabled" },
      { all: "advisory", "replication-trust": "mandatory" },
      { all: "mandatory", "replication-trust": "advisory", "bucket-encryption": "disabled" },
    ]) {
      assert.deepEqual(await refusals(config), [refusal(config)], JSON.stringify(config));
    }
  });

  it("an old entry at the level the engine gives it anyway leaves no trace the pack can read: the checker refuses that file", async () => {
    // The engine sends the same Configure request with and without the entry (applyConfig).
    for (const config of [
      { all: "mandatory", "replication-trust": "mandatory" },
      { "replication-trust": "disabled" },
    ]) {
      assert.deepEqual(await refusals(config), [], JSON.stringify(config));
      assert.match(
        legacyConfigMessage(config, packShape) ?? "",
        /^"replication-trust" is no longer a policy of the pack/,
      );
    }
  });

  it("with the config policy disabled, the first retired name an entry enables reports itself", async () => {
    const only = { all: "disabled", "replication-versioning": "mandatory" };
    assert.deepEqual(await refusals(only), [
      `replication-versioning: ${retiredPolicyMessage("replication-versioning", "replication-versioning")}`,
    ]);
    const off = { [CONFIG_POLICY]: "disabled", "replication-trust": "advisory", "replication-versioning": "mandatory" };
    assert.deepEqual(await refusals(off), [
      `replication-versioning: ${retiredPolicyMessage("replication-versioning", "replication-versioning")}`,
    ]);
  });
});
