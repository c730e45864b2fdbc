// No verdict changed when the pack became one stack policy: on the corpus programs (preview and
// update) and an export of every broken variant of the pack's test program, under 55 configs
// (defaults, `all` at each level, each of the 25 former policies at another level and disabled,
// the options), the pack reports exactly the violations the policy-per-check pack reported
// (legacy-verdicts.json: policy, level, resource, finding line), each config written in the new form.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import { packShape } from "../../policypack/policies";
import { migrateConfig } from "../../policypack/policies/config";
import { FINDING_RULES } from "s3-replication/components/model";
import { VERDICTS_FILE, type VerdictTable, digest, legacyConfigs, verdictStacks } from "../policypack/verdicts";

describe("policy pack: every verdict as the policy-per-check pack gave it", function () {
  this.timeout(900_000);
  const table = JSON.parse(fs.readFileSync(VERDICTS_FILE, "utf8")) as VerdictTable;

  it("judges every stack under every config exactly as before (the config migrated)", async () => {
    const stacks = await verdictStacks();
    assert.deepEqual(
      stacks.map((s) => s.name),
      Object.keys(table),
    );
    let compared = 0;
    for (const stack of stacks) {
      const expected = table[stack.name]!;
      assert.deepEqual(await stack.judge({}), expected.default, `${stack.name}: default config`);
      for (const [label, config] of legacyConfigs()) {
        const verdicts = await stack.judge(migrateConfig(config, packShape));
        assert.equal(
          digest(verdicts),
          expected.digests[label],
          `${stack.name}, ${label} (${JSON.stringify(migrateConfig(config, packShape))}):\n${verdicts.map((v) => v.join(" | ")).join("\n")}`,
        );
        compared++;
      }
    }
    console.log(`      ${compared} stack x config verdict lists identical (${stacks.length} stacks)`);
  });

  it("the fixture's default verdicts report at least the 31 codes the corpus and broken variants reach", () => {
    const codes = new Set(
      Object.values(table).flatMap((entry) => entry.default.map((v) => /^\[(S3R\d{3}) /.exec(v[3])?.[1] ?? "")),
    );
    codes.delete("");
    assert.ok(codes.size >= 31, `${codes.size} codes`);
    for (const code of codes) assert.ok(code in FINDING_RULES, code);
  });
});
