/**
 * The pack in its own process, served by `@pulumi/policy`'s real gRPC server and driven over the
 * wire as the engine drives it (test/bench/servedRun.js, the path `npm run bench` measures as "the
 * pack's process, served"): the engine gets the same violations as from the harness's in-process
 * driver on the same records, and they are the generated stack's broken setups. Runs the clone's
 * compiled development cache (what `pulumi preview --policy-pack ./policypack` loads).
 */
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { readStackExport } from "../../policypack/check/exportReader";
import { defaultPolicySet, loadPolicySet } from "../../policypack/check/engine";
import {
  analyzeResources,
  configureAnalyzer,
  exportSettings,
  loadAnalyzer,
} from "../../policypack/harness/analyzerDriver";
import type { Violation } from "../../policypack/harness/types";
import { packVersion } from "../../policypack/version";
import { generateExport, templates } from "../bench/generateExport";

const REPO = path.join(__dirname, "..", "..");

/** The compiled tree the clone's development cache holds (what the policy host loads). */
function compiledTree(): string {
  const devCache = require(path.join(REPO, "policypack", "devCache.js")) as { CACHE: string };
  return path.join(devCache.CACHE, "dist");
}

/** What a contender served in its own process gave: its output and the violations the engine got. */
interface ServedRun {
  stdout: string;
  stderr: string;
  violations: Violation[];
}

/**
 * Serves a contender (`pack`, or a module path) on an export through test/bench/servedRun.js, the
 * path `npm run bench` measures; asserts it exits 0.
 */
function serve(which: string, exportText: string, env: NodeJS.ProcessEnv = process.env): ServedRun {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "s3r-served-"));
  try {
    const file = path.join(dir, "stack.json");
    const out = path.join(dir, "violations.json");
    fs.writeFileSync(file, exportText);
    const run = spawnSync(
      process.execPath,
      [path.join(REPO, "test", "bench", "servedRun.js"), compiledTree(), file, which, "--violations", out],
      { encoding: "utf8", env },
    );
    assert.equal(run.status, 0, run.stderr);
    return {
      stdout: run.stdout,
      stderr: run.stderr,
      violations: JSON.parse(fs.readFileSync(out, "utf8")) as Violation[],
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe("the pack served over gRPC in its own process", function () {
  this.timeout(300000);

  it("gives the engine the violations the in-process driver gives, one per broken setup", async () => {
    const devCache = require(path.join(REPO, "policypack", "devCache.js")) as { staleReason(): string };
    assert.equal(devCache.staleReason(), "", "the development cache is built from these sources (npm run build:dev)");
    const generated = generateExport(await templates(), 300);
    const text = JSON.stringify(generated.export);
    const run = serve("pack", text);
    assert.match(run.stdout, /^served \{"maxRSS":\d+,"cpuMs":/m, "the pack process's own figures");

    const stack = readStackExport(text, "stack.json");
    const set = defaultPolicySet();
    const analyzer = loadAnalyzer(set.packName ?? "s3-replication", packVersion, "advisory", set.policies);
    await configureAnalyzer(analyzer, exportSettings(stack, true), {});
    const inProcess = await analyzeResources(analyzer, stack.resources, { everyRemediate: true });

    assert.equal(run.violations.length, generated.brokenSetups, "one violation per broken setup");
    assert.deepEqual(run.violations, inProcess.violations);
  });

  it("runs the stack policy warm as many times as asked, every run judging the same stack alike", async () => {
    const generated = generateExport(await templates(), 120);
    const run = serve(path.join(REPO, "test", "bench", "warmStackPolicy.js"), JSON.stringify(generated.export), {
      ...process.env,
      BENCH_WARM_RUNS: "3",
    });
    // Three figures, and the count every run reported (the module throws when a run differs).
    const line = new RegExp(
      `^warm runs: \\d+/\\d+ \\d+/\\d+ \\d+/\\d+ \\(wall/CPU ms; ${generated.brokenSetups} violations each\\)$`,
      "m",
    );
    assert.match(run.stderr, line);
    assert.equal(run.violations.length, generated.brokenSetups, "the first run's violations reach the engine, once");
  });

  it("the bench's idle contender declares every policy of the pack and judges nothing", async () => {
    const root = compiledTree();
    const idle = path.join(REPO, "test", "bench", "idlePack.js");
    const generated = generateExport(await templates(), 120);
    assert.ok(generated.brokenSetups > 0, "the stack has broken setups the pack would report");
    assert.deepEqual(serve(idle, JSON.stringify(generated.export)).violations, []);
    // The module reads the compiled tree from argv[2], as packRun.js and servedRun.js pass it.
    const argv = process.argv;
    process.argv = [argv[0]!, argv[1]!, root];
    try {
      const names = (set: { policies: ReadonlyArray<{ name: string }> }): string[] => set.policies.map((p) => p.name);
      assert.deepEqual(names(loadPolicySet(idle)), names(require(path.join(root, "policypack", "policies.js"))));
    } finally {
      process.argv = argv;
    }
  });
});
