/** docs/check.md stays true: its JSON, SARIF and Mermaid samples are what the checker prints now on the legacy export. */

import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { check, main, render, type CheckOutcome } from "../../policypack/check/cli";
import { renderMermaid } from "../../policypack/check/formats";

const ROOT = path.resolve(__dirname, "../..");
const page = fs.readFileSync(path.join(ROOT, "docs/check.md"), "utf8");

/** The fenced blocks of a language in the page, in order. */
function fences(lang: string): string[] {
  return [...page.matchAll(new RegExp("^```" + lang + "\\n([\\s\\S]*?)^```$", "gm"))].map((m) => m[1] ?? "");
}

describe("docs/check.md", () => {
  let outcome: CheckOutcome;
  before(async function () {
    this.timeout(120_000);
    const cwd = process.cwd();
    process.chdir(ROOT); // the samples name the export relative to the repository root
    try {
      outcome = await check({
        file: "test/check/fixtures/legacy-stack.json",
        format: "json",
        objectsPerSecond: 30_000,
      });
    } finally {
      process.chdir(cwd);
    }
  });

  it("JSON sample: the report with its first path, first finding and first policy", () => {
    const [sample] = fences("json").filter((block) => block.includes('"schemaVersion"'));
    assert.ok(sample, "docs/check.md has the JSON sample");
    const report = JSON.parse(render(outcome, "json")) as Record<string, unknown[]>;
    const abridged = {
      ...report,
      paths: report["paths"]?.slice(0, 1),
      findings: report["findings"]?.slice(0, 1),
      policies: report["policies"]?.slice(0, 1),
    };
    assert.deepEqual(
      abridged,
      JSON.parse(sample),
      "docs/check.md JSON sample differs from what the checker prints now",
    );
  });

  it("SARIF sample: the log with its first rule and first result", () => {
    const [sample] = fences("json").filter((block) => block.includes('"2.1.0"'));
    assert.ok(sample, "docs/check.md has the SARIF sample");
    const sarif = JSON.parse(render(outcome, "sarif")) as {
      runs: Array<{ tool: { driver: { rules: unknown[] } }; results: unknown[] }>;
    };
    for (const run of sarif.runs) {
      run.tool.driver.rules = run.tool.driver.rules.slice(0, 1);
      run.results = run.results.slice(0, 1);
    }
    assert.deepEqual(sarif, JSON.parse(sample), "docs/check.md SARIF sample differs from what the checker prints now");
  });

  it("Mermaid sample: the diagram of the legacy export", () => {
    const [sample] = fences("mermaid");
    assert.ok(sample, "docs/check.md has the Mermaid sample");
    const md = renderMermaid(outcome.report, outcome.topology);
    const chart = /```mermaid\n([\s\S]*?)^```$/m.exec(md)?.[1];
    assert.equal(chart, sample, "docs/check.md diagram differs from what the checker draws now");
  });

  it("text sample: each line shown is a line the checker prints", () => {
    const [sample] = fences("text").filter((block) => block.startsWith("s3-replication check:"));
    assert.ok(sample, "docs/check.md has the text sample");
    const printed = new Set(render(outcome, "text").split("\n"));
    const missing = sample
      .split("\n")
      .filter((line) => line.trim() !== "" && line.trim() !== "..." && !printed.has(line));
    assert.deepEqual(missing, []);
  });

  it("options table: every option of the CLI's usage, and no other", () => {
    const { USAGE } = require("../../policypack/check/cli") as { USAGE: string };
    const documented = [...page.matchAll(/^\| `(--[a-z-]+)/gm)].map((m) => m[1]).sort();
    const usage = [...USAGE.matchAll(/^ {2}(?:-[hv], )?(--[a-z-]+)/gm)]
      .map((m) => m[1])
      .filter((o) => o !== "--help")
      .sort();
    assert.deepEqual(documented, usage);
  });

  it("two stacks, two accounts: each console sample is what the command prints, with its exit code", async function () {
    this.timeout(120_000);
    const samples = fences("console").filter((block) => block.startsWith("$ npx s3-replication check "));
    assert.equal(samples.length, 2, "docs/check.md has the two cross-account runs");
    for (const sample of samples) {
      const [command = "", ...rest] = sample.split("\n");
      const status = rest.indexOf("$ echo $?");
      const printed = rest.slice(0, status).join("\n") + "\n";
      const args = command.slice("$ npx s3-replication ".length).split(" ");
      let out = "";
      const cwd = process.cwd();
      process.chdir(ROOT); // the samples name the exports relative to the repository root
      try {
        const code = await main(
          args,
          (s) => (out += s),
          (s) => (out += s),
        );
        assert.equal(String(code), rest[status + 1], command);
      } finally {
        process.chdir(cwd);
      }
      assert.equal(out, printed, `docs/check.md: ${command} prints something else now`);
    }
  });
});
