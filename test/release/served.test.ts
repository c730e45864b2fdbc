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

describe("the pack served over gRPC in its own process", function () {
  this.timeout(300000);

  it("gives the engine the violations the in-process driver gives, one per broken setup", async () => {
    const devCache = require(path.join(REPO, "policypack", "devCache.js")) as { CACHE: string; staleReason(): string };
    assert.equal(devCache.staleReason(), "", "the development cache is built from these sources (npm run build:dev)");
    const generated = generateExport(await templates(), 300);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "s3r-served-"));
    const file = path.join(dir, "stack.json");
    const text = JSON.stringify(generated.export);
    fs.writeFileSync(file, text);
    const out = path.join(dir, "violations.json");
    const run = spawnSync(
      process.execPath,
      [
        path.join(REPO, "test", "bench", "servedRun.js"),
        path.join(devCache.CACHE, "dist"),
        file,
        "pack",
        "--violations",
        out,
      ],
      { encoding: "utf8" },
    );
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /^served \{"maxRSS":\d+,"cpuMs":/m, "the pack process's own figures");
    const served = JSON.parse(fs.readFileSync(out, "utf8")) as Violation[];

    const stack = readStackExport(text, file);
    const set = defaultPolicySet();
    const analyzer = loadAnalyzer(set.packName ?? "s3-replication", packVersion, "advisory", set.policies);
    await configureAnalyzer(analyzer, exportSettings(stack, true), {});
    const inProcess = await analyzeResources(analyzer, stack.resources, { everyRemediate: true });
    fs.rmSync(dir, { recursive: true, force: true });

    assert.equal(served.length, generated.brokenSetups, "one violation per broken setup");
    assert.deepEqual(served, inProcess.violations);
  });

  it("runs the stack policy warm as many times as asked, every run judging the same stack alike", async () => {
    const devCache = require(path.join(REPO, "policypack", "devCache.js")) as { CACHE: string };
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "s3r-warm-"));
    const file = path.join(dir, "stack.json");
    const out = path.join(dir, "violations.json");
    const generated = generateExport(await templates(), 120);
    fs.writeFileSync(file, JSON.stringify(generated.export));
    const run = spawnSync(
      process.execPath,
      [
        path.join(REPO, "test", "bench", "servedRun.js"),
        path.join(devCache.CACHE, "dist"),
        file,
        path.join(REPO, "test", "bench", "warmStackPolicy.js"),
        "--violations",
        out,
      ],
      { encoding: "utf8", env: { ...process.env, BENCH_WARM_RUNS: "3" } },
    );
    assert.equal(run.status, 0, run.stderr);
    // Three figures, and the count every run reported (the module throws when a run differs).
    const line = new RegExp(
      `^warm runs: \\d+/\\d+ \\d+/\\d+ \\d+/\\d+ \\(wall/CPU ms; ${generated.brokenSetups} violations each\\)$`,
      "m",
    );
    assert.match(run.stderr, line);
    const served = JSON.parse(fs.readFileSync(out, "utf8")) as Violation[];
    fs.rmSync(dir, { recursive: true, force: true });
    assert.equal(served.length, generated.brokenSetups, "the first run's violations reach the engine, once");
  });

  it("the bench's idle contender declares every policy of the pack and judges nothing", async () => {
    const devCache = require(path.join(REPO, "policypack", "devCache.js")) as { CACHE: string };
    const root = path.join(devCache.CACHE, "dist");
    const idle = path.join(REPO, "test", "bench", "idlePack.js");
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "s3r-idle-"));
    const file = path.join(dir, "stack.json");
    const out = path.join(dir, "violations.json");
    const generated = generateExport(await templates(), 120);
    assert.ok(generated.brokenSetups > 0, "the stack has broken setups the pack would report");
    fs.writeFileSync(file, JSON.stringify(generated.export));
    const run = spawnSync(
      process.execPath,
      [path.join(REPO, "test", "bench", "servedRun.js"), root, file, idle, "--violations", out],
      {
        encoding: "utf8",
      },
    );
    assert.equal(run.status, 0, run.stderr);
    const served = JSON.parse(fs.readFileSync(out, "utf8")) as Violation[];
    fs.rmSync(dir, { recursive: true, force: true });
    assert.deepEqual(served, []);
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
