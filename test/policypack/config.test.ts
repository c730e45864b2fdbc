// The pack's config: per-check levels under the one stack policy (by check, code or class),
// unknown properties refused with the nearest real name (by the pack, and by the engine's schema
// for `checks`), and config files of the policy-per-check pack refused by the checker with one message
// giving the file to write, the message policypack/README.md shows.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { PolicyDocument, PolicyStatement } from "s3-replication/components/model";
import { runPolicies, type Violation } from "../../policypack/testing";
import { defaultPolicySet, runOnRecords } from "../../policypack/check/engine";
import { checks, packDescription, packShape, policies, resourceChecks } from "../../policypack/policies";
import { legacyConfigMessage, migrateConfig, nearest } from "../../policypack/policies/config";
import { CONFIG_POLICY } from "../../policypack/policies/retired";
import { happyProgram } from "./program";

const withoutReplicate = (doc: PolicyDocument): PolicyDocument => ({
  ...doc,
  Statement: doc.Statement.map((s): PolicyStatement =>
    Array.isArray(s.Action) ? { ...s, Action: s.Action.filter((a) => a !== "s3:ReplicateObject") } : s,
  ),
});
const broken = happyProgram({ rolePolicy: withoutReplicate });
const s3r013 = (violations: Violation[]): Violation[] => violations.filter((v) => /^\[S3R013 /.test(v.message));

describe("policy pack: config", function () {
  this.timeout(120_000);

  it("reads the stack at most once per AnalyzeStack: one stack policy runs every check, resource checks included", () => {
    const stack = policies.filter((p) => "validateStack" in p);
    assert.deepEqual(
      stack.map((p) => p.name),
      ["s3-replication-checks"],
    );
    // Any other policy (the config policy, enabled; the retired names, disabled) looks at the root
    // stack resource only (the SDK's Analyze skips every other resource before reading it).
    for (const policy of policies.filter((p) => "validateResource" in p)) {
      assert.equal(policy.enforcementLevel, policy.name === CONFIG_POLICY ? "mandatory" : "disabled", policy.name);
      const validate = (policy as { validateResource: { __pulumiType?: unknown } }).validateResource;
      assert.equal(validate.__pulumiType, "pulumi:pulumi:Stack", policy.name);
    }
    for (const check of resourceChecks) assert.ok(checks.includes(check), check.name);
    // The pack's and the stack policy's descriptions list the checks they run.
    for (const check of checks) assert.ok(packDescription.includes(check.name), check.name);
    for (const check of checks) assert.ok(stack[0]!.description.includes(check.name), check.name);
  });

  it("a check of single resources is set inside `checks` by its check, code or class, like the others", async () => {
    const keys = happyProgram({ srcKeyRotation: false, dstKeyEnabled: false });
    const levels = async (checks: Record<string, string>): Promise<string[]> =>
      (await runPolicies(keys, { config: { "s3-replication-checks": { checks } } })).violations
        .filter((v) => /^\[S3R0(34|40) /.test(v.message))
        .map((v) => `${v.policyName} ${/^\[(S3R\d{3})/.exec(v.message)?.[1]} ${v.enforcementLevel}`)
        .sort();
    assert.deepEqual(await levels({}), ["kms-key-enabled S3R040 mandatory", "kms-key-rotation S3R034 advisory"]);
    assert.deepEqual(await levels({ S3R034: "mandatory", "kms-key-enabled": "advisory" }), [
      "kms-key-enabled S3R040 advisory",
      "kms-key-rotation S3R034 mandatory",
    ]);
    assert.deepEqual(await levels({ advice: "disabled", "breaks-replication": "advisory" }), [
      "kms-key-enabled S3R040 advisory",
    ]);
    assert.deepEqual(await levels({ "kms-key-enabled": "disabled", "kms-key-rotation": "disabled" }), []);
  });

  it("a check, a code or a class can be made advisory, mandatory or disabled", async () => {
    const levels = async (checks: Record<string, string>): Promise<string[]> =>
      s3r013((await runPolicies(broken, { config: { "s3-replication-checks": { checks } } })).violations).map(
        (v) => `${v.policyName} ${v.enforcementLevel}`,
      );
    assert.deepEqual([...new Set(await levels({}))], ["replication-role-permissions mandatory"]);
    assert.deepEqual([...new Set(await levels({ S3R013: "advisory" }))], ["replication-role-permissions advisory"]);
    assert.deepEqual(
      [...new Set(await levels({ "replication-role-permissions": "advisory" }))],
      ["replication-role-permissions advisory"],
    );
    assert.deepEqual(
      [...new Set(await levels({ "breaks-replication": "advisory" }))],
      ["replication-role-permissions advisory"],
    );
    assert.deepEqual(await levels({ "replication-role-permissions": "disabled" }), []);
    // A code wins over its check, a check over a class.
    assert.deepEqual(
      [...new Set(await levels({ "replication-role-permissions": "disabled", S3R013: "mandatory" }))],
      ["replication-role-permissions mandatory"],
    );
    assert.deepEqual(
      [...new Set(await levels({ "breaks-replication": "disabled", "replication-role-permissions": "advisory" }))],
      ["replication-role-permissions advisory"],
    );
  });

  it("a misspelt property is refused with the nearest real name, nothing judged", async () => {
    const result = await runPolicies(broken, {
      config: { "s3-replication-checks": { allowedDestinationAcounts: ["222222222222"] } },
    });
    assert.deepEqual(
      result.violations.map((v) => [v.policyName, v.enforcementLevel, v.message]),
      [
        [
          "s3-replication-checks",
          "mandatory",
          'the config is refused, nothing was judged: s3-replication-checks has no property "allowedDestinationAcounts" (did you mean "allowedDestinationAccounts"?).',
        ],
        // Nothing else was judged.
      ].concat(
        result.violations
          .filter((v) => v.policyName !== "s3-replication-checks")
          .map((v) => [v.policyName, v.enforcementLevel, v.message]),
      ),
    );
    assert.equal(nearest("replicaton-trust", [...packShape.checks.keys()]), "replication-trust");
  });

  it("a misspelt key of `checks` is refused by the engine's schema validation", async () => {
    await assert.rejects(
      runPolicies(broken, { config: { "s3-replication-checks": { checks: { "replicaton-trust": "advisory" } } } }),
      /s3-replication-checks: checks: Additional property replicaton-trust is not allowed/,
    );
    await assert.rejects(
      runPolicies(broken, { config: { "s3-replication-checks": { checks: { S3R013: "remediate" } } } }),
      /s3-replication-checks: checks\.S3R013: checks\.S3R013 must be one of the following/,
    );
  });

  it("the checker refuses a config file of the policy-per-check pack with one message: the file to write", async () => {
    const records = (await runPolicies(broken)).resources;
    const old = {
      "replication-destination-allowed": { allowedDestinationAccounts: ["222222222222"] },
      "replication-trust": "advisory",
    };
    const names = { project: "project", stack: "stack" };
    await assert.rejects(runOnRecords(records, names, defaultPolicySet(), old), (error: Error) => {
      assert.equal(error.message, legacyConfigMessage(old, packShape));
      return true;
    });
    const written = migrateConfig(old, packShape);
    assert.deepEqual(written, {
      "s3-replication-checks": {
        allowedDestinationAccounts: ["222222222222"],
        checks: { "replication-trust": "advisory" },
      },
    });
    // The file it says to write is accepted, and does what the old one meant.
    const result = await runOnRecords(records, names, defaultPolicySet(), written);
    assert.ok(result.violations.some((v) => v.policyName === "replication-role-permissions"));
    // policypack/README.md shows this very message, as the checker prints it for `--config old.json`
    // (test/check/cli.test.ts runs that command and compares its whole output with the README's).
    const readme = fs.readFileSync(path.join(__dirname, "..", "..", "policypack", "README.md"), "utf8");
    const printed = `s3-replication check: config file old.json: ${legacyConfigMessage(old, packShape)}`;
    assert.ok(readme.includes(`\`\`\`\n${printed}\n\`\`\``), "README shows the message");
  });
});
