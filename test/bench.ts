/**
 * `npm run bench`: what users feel, measured from outside, side by side in one run. Prints a
 * table; every figure is a ratio of two things measured in the same run (interleaved), with the
 * raw medians beside it. Never a test, never asserted: docs/performance.md records a run.
 *
 * Times are CPU times (user + system) of the measured process: the machine this runs on is shared,
 * and wall time depends on the neighbours (the notes under the table give wall medians too).
 *
 * Sections: the checker (`s3-replication check` as a process) and the pack (through the harness's
 * analyzer driver, as a process) on generated exports of 1,000 / 10,000 / 50,000 resources vs a
 * floor process that parses the export and walks every value once; at 1,000 and 10,000 side by side
 * on the same exports: the floor, no policy, one empty stack policy, the pack and `@pulumi/awsguard`
 * (installed pinned into test/bench/peer on demand), on two paths: the harness path (one process)
 * and the pack's own process, served over gRPC and driven as the engine drives it
 * (test/bench/servedRun.js); cold starts; 200 `S3Replication`s vs the same
 * raw resources, and one with 1,000 destinations (a figure); the start of the component plugin
 * (GetSchema) and of the published pack vs minimal ones (test/bench/startup.ts); `npm test` and its
 * slowest files.
 *
 * By default it is meant to finish in about 10 minutes on an idle 2-core machine, so it can run
 * before every performance claim: one run at 50,000 resources (three of the checker and the floor,
 * whose marginal to 50k decides the checker's rows), 50 `S3Replication`s (one run each
 * side), three start-up rounds, no `npm test` (docs/performance.md records timed runs). `--full`: two runs at 50,000, 200 `S3Replication`s (three runs each side)
 * and `npm test` with its slowest files. Other options: `--skip-tests`, `--quick` (1k and 10k only,
 * one run each), `--runs-50k N`, `--only SECTION,...` (scale, cold, startup, components, tests; `--only
 * tests` runs `npm test` without `--full`).
 */

import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { linkModulesOfCopy } from "./support/linkedModules";
import { generateExport, templates } from "./bench/generateExport";
import { microFigures } from "./bench/micro";
import { startup } from "./bench/startup";

const REPO = path.resolve(__dirname, "..");
const BENCH = path.join(REPO, "test", "bench");
const TS_NODE = [require.resolve("ts-node/dist/bin.js"), "--transpile-only"];

/**
 * One measured process: CPU time (user + system, what the ratios use: the machine is shared, so
 * wall time depends on the neighbours), wall time and peak RSS.
 */
interface Sample {
  ms: number;
  /** CPU ms of the main thread and of the other threads (V8's compiler and collector helpers), where /proc tells. */
  mainMs?: number;
  backgroundMs?: number;
  wallMs: number;
  peakMiB: number;
  stdout: string;
}

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const full = args.includes("--full");
const only = args.includes("--only") ? new Set((args[args.indexOf("--only") + 1] ?? "").split(",")) : undefined;
/** Whether a section (scale, cold, startup, components, tests) runs; `npm test` only with --full or --only tests. */
const selected = (section: string): boolean =>
  only === undefined
    ? section !== "tests" || (full && !args.includes("--skip-tests"))
    : only.has(section) && !(section === "tests" && args.includes("--skip-tests"));
const runs50k = Number(args[args.indexOf("--runs-50k") + 1] ?? (full ? "2" : "1")) || (full ? 2 : 1);
/** How many S3Replications the components section builds, and how many runs each side. */
const replications = full ? 200 : 50;
const work = fs.mkdtempSync(path.join(os.tmpdir(), "s3r-bench-"));

/** Runs `node [-r peak.js] ARGS` and returns its wall time and peak RSS. Throws when it fails unexpectedly. */
function measure(
  nodeArgs: string[],
  options: { cwd?: string; okStatus?: number[]; env?: Record<string, string> } = {},
): Sample {
  const peakFile = path.join(work, "peak");
  fs.rmSync(peakFile, { force: true });
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ["-r", path.join(BENCH, "peak.js"), ...nodeArgs], {
    cwd: options.cwd ?? REPO,
    encoding: "utf8",
    maxBuffer: 1 << 28,
    env: { ...process.env, ...options.env, BENCH_PEAK_FILE: peakFile, NODE_NO_WARNINGS: "1" },
  });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  if (!(options.okStatus ?? [0]).includes(r.status ?? -1)) {
    throw new Error(`node ${nodeArgs.join(" ")} exited ${r.status}: ${r.stderr.slice(0, 2000)}`);
  }
  return sampleOf(JSON.parse(fs.readFileSync(peakFile, "utf8")) as Usage, wallMs, r.stdout);
}

/** What test/bench/peak.js writes of a process. */
interface Usage {
  maxRSS: number;
  cpuMs: number;
  mainCpuMs?: number;
  backgroundCpuMs?: number;
}

function sampleOf(usage: Usage, wallMs: number, stdout: string): Sample {
  return {
    ms: usage.cpuMs,
    ...(usage.mainCpuMs !== undefined ? { mainMs: usage.mainCpuMs } : {}),
    ...(usage.backgroundCpuMs !== undefined ? { backgroundMs: usage.backgroundCpuMs } : {}),
    wallMs,
    peakMiB: usage.maxRSS / 1024,
    stdout,
  };
}

/**
 * A pack served in its own process and driven over gRPC as the engine drives it
 * (test/bench/servedRun.js, which plays the engine and is not measured): the figures are the pack
 * process's, as test/bench/peak.js wrote them there; wall time is the whole run's.
 */
function measureServed(compiled: string, file: string, which: string): Sample {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [path.join(BENCH, "servedRun.js"), compiled, file, which], {
    cwd: REPO,
    encoding: "utf8",
    maxBuffer: 1 << 28,
    env: { ...process.env, NODE_NO_WARNINGS: "1" },
    // A pack that never answers would hold the bench forever; a 10k run takes about 15 s.
    timeout: 10 * 60 * 1000,
  });
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  const line = /^served (.*)$/m.exec(r.stdout);
  if (r.status !== 0 || line === null) {
    const how = r.error !== undefined ? `failed (${r.error.message})` : `exited ${r.status}`;
    throw new Error(`servedRun.js ${which} ${how}: ${r.stderr.slice(0, 2000)}`);
  }
  return sampleOf(JSON.parse(line[1]!) as Usage, wallMs, r.stdout);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Runs each contender `runs` times, interleaved; returns the samples per contender. */
function sideBySide(runs: number, contenders: Record<string, () => Sample>): Record<string, Sample[]> {
  const out: Record<string, Sample[]> = Object.fromEntries(Object.keys(contenders).map((k) => [k, []]));
  for (let i = 0; i < runs; i++) {
    for (const [name, run] of Object.entries(contenders)) out[name]!.push(run());
  }
  return out;
}

const ms = (samples: Sample[]): number => median(samples.map((s) => s.ms));
const wall = (samples: Sample[]): number => median(samples.map((s) => s.wallMs));
const mib = (samples: Sample[]): number => median(samples.map((s) => s.peakMiB));

/** One row of the printed table. */
interface Row {
  figure: string;
  ratio: number;
  target?: number;
  raw: string;
}
const rows: Row[] = [];
const notes: string[] = [];

function log(line: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
}

/**
 * The published package, compiled: components/ and policypack/ copied to a temp directory and
 * compiled there into dist/ (components/build.js's tsconfig), with node_modules linked so that
 * `s3-replication` resolves to the compiled copy. Returns its dist/ (dist/policypack/check/bin.js,
 * dist/policypack/policies.js, ...).
 */
function compiledTree(): string {
  const root = path.join(work, "compiled");
  fs.mkdirSync(root);
  for (const entry of ["components", "policypack"]) {
    fs.cpSync(path.join(REPO, entry), path.join(root, entry), {
      recursive: true,
      filter: (src) => !src.includes(`${path.sep}node_modules`),
    });
  }
  for (const file of ["package.json", "tsconfig.json"]) fs.copyFileSync(path.join(REPO, file), path.join(root, file));
  linkModulesOfCopy(REPO, root);
  const tsc = spawnSync(
    process.execPath,
    [require.resolve("typescript/bin/tsc"), "-p", path.join(root, "components", "tsconfig.build.json")],
    { encoding: "utf8" },
  );
  if (tsc.status !== 0) throw new Error(`compiling the package failed: ${tsc.stdout}${tsc.stderr}`);
  // As components/build.js does: the checker's command beside its compiled cli.js.
  fs.copyFileSync(
    path.join(REPO, "policypack", "check", "bin.js"),
    path.join(root, "dist", "policypack", "check", "bin.js"),
  );
  return path.join(root, "dist");
}

/**
 * The clone's compiled development cache (components/build.js `dev`, which `npm ci` runs), rebuilt
 * when a source changed since it was built, so the clone figures measure what a clone runs after
 * `npm ci`. Returns what was done, for the notes.
 */
function freshDevCache(): string {
  const devCache = require(path.join(REPO, "policypack", "devCache.js")) as { staleReason(): string };
  const before = devCache.staleReason();
  if (before === "") return "the clone's compiled development cache was fresh";
  const r = spawnSync(process.execPath, [path.join(REPO, "components", "build.js"), "dev"], { encoding: "utf8" });
  if (r.status !== 0 || devCache.staleReason() !== "")
    throw new Error(`building the development cache failed: ${r.stdout}${r.stderr}`);
  return `the clone's compiled development cache was rebuilt first (${before})`;
}

/** The bench-only peer folder (its own package.json and package-lock.json pin @pulumi/awsguard). */
const PEER = path.join(BENCH, "peer");

/**
 * The peer pack's policy module (test/bench/peer/awsguard.js), installed on demand with `npm ci
 * --prefix test/bench/peer` (pinned by that folder's own lock file; the project's `npm ci` never
 * installs it) when its node_modules is missing or older than the lock file. Undefined, with a
 * note, when the install fails (no registry).
 */
function peerPack(): string | undefined {
  const installed = path.join(PEER, "node_modules", ".package-lock.json");
  const lock = path.join(PEER, "package-lock.json");
  if (!fs.existsSync(installed) || fs.statSync(installed).mtimeMs < fs.statSync(lock).mtimeMs) {
    log("installing the peer pack (npm ci --prefix test/bench/peer)");
    const npm = process.platform === "win32" ? "npm.cmd" : "npm";
    const r = spawnSync(npm, ["ci", "--prefix", PEER, "--ignore-scripts", "--no-audit", "--no-fund"], {
      cwd: REPO,
      encoding: "utf8",
    });
    if (r.status !== 0) {
      notes.push(`@pulumi/awsguard not measured: npm ci --prefix test/bench/peer failed: ${r.stderr.slice(-500)}`);
      return undefined;
    }
  }
  return path.join(PEER, "awsguard.js");
}

/** The contenders of the side-by-side rows, each run at 1k and 10k besides the floor. */
const SERVER_PATH = ["none", "empty", "idle", "pack", "awsguard"] as const;

/** The two paths the contenders are measured on: their sample names and how the rows call them. */
interface ContenderPath {
  /** How the rows name the path. */
  label: string;
  /** The sample name of each contender on this path. */
  names: Record<(typeof SERVER_PATH)[number], string>;
}

/** In one process: the harness reads the export and calls the SDK's server in place (packRun.js). */
const HARNESS_PATH: ContenderPath = {
  label: "harness path",
  names: { none: "none", empty: "empty", idle: "idle", pack: "pack", awsguard: "awsguard" },
};

/** The pack's own process, served over gRPC, the engine's side in another process (servedRun.js). */
const SERVED_PATH: ContenderPath = {
  label: "the pack's process, served",
  names: {
    none: "servedNone",
    empty: "servedEmpty",
    idle: "servedIdle",
    pack: "servedPack",
    awsguard: "servedAwsguard",
  },
};

async function scale(compiled: string): Promise<void> {
  const pool = await templates();
  const sizes = quick ? [1000, 10000] : [1000, 10000, 50000];
  const runsFor = (n: number): number => (quick ? 1 : n >= 50000 ? runs50k : 3);
  const peer = peerPack();
  const results = new Map<number, { count: number; samples: Record<string, Sample[]> }>();
  for (const size of sizes) {
    const generated = generateExport(pool, size);
    const file = path.join(work, `export-${size}.json`);
    fs.writeFileSync(file, JSON.stringify(generated.export));
    const count = generated.export.deployment.resources.length;
    const report = path.join(work, `report-${size}.json`);
    log(
      `${count} resources (${generated.setups} setups, ${generated.brokenSetups} broken): ${runsFor(size)} runs each`,
    );
    const floor = (): Sample => measure([path.join(BENCH, "floor.js"), file]);
    const checker = (): Sample =>
      measure(
        [path.join(compiled, "policypack", "check", "bin.js"), "check", file, "--format", "json", "--output", report],
        { okStatus: [0, 1] },
      );
    const samples = sideBySide(runsFor(size), {
      floor,
      checker,
      pack: () => measure([path.join(BENCH, "packRun.js"), compiled, file]),
      // The side-by-side rows (1k and 10k): the same harness path with no policy, with one empty
      // stack policy (the SDK's one reading), with the pack doing nothing (its presence), and the
      // peer pack.
      ...(size <= 10000
        ? {
            none: () => measure([path.join(BENCH, "packRun.js"), compiled, file, "none"]),
            empty: () =>
              measure([path.join(BENCH, "packRun.js"), compiled, file, path.join(BENCH, "emptyStackPolicy.js")]),
            idle: () => measure([path.join(BENCH, "packRun.js"), compiled, file, path.join(BENCH, "idlePack.js")]),
            ...(peer !== undefined
              ? { awsguard: () => measure([path.join(BENCH, "packRun.js"), compiled, file, peer]) }
              : {}),
            // The same contenders in their own process, over gRPC, as the engine runs a pack.
            servedNone: () => measureServed(compiled, file, "none"),
            servedEmpty: () => measureServed(compiled, file, path.join(BENCH, "emptyStackPolicy.js")),
            servedIdle: () => measureServed(compiled, file, path.join(BENCH, "idlePack.js")),
            servedPack: () => measureServed(compiled, file, "pack"),
            ...(peer !== undefined ? { servedAwsguard: () => measureServed(compiled, file, peer) } : {}),
          }
        : {}),
    });
    // The checker's rows rest on its marginal to 50k against the floor's: three samples of both there
    // (a few seconds each), even when the pack, about 30 s a run at 50k, runs once.
    if (!quick && size >= 50000) {
      const more = sideBySide(Math.max(0, 3 - runsFor(size)), { floor, checker });
      for (const who of ["floor", "checker"]) samples[who]!.push(...more[who]!);
    }
    const summary = (JSON.parse(fs.readFileSync(report, "utf8")) as { summary: { brokenPaths: number; paths: number } })
      .summary;
    const violations = (who: string): number | undefined =>
      samples[who] === undefined ? undefined : Number(/^(\d+) violations/.exec(samples[who]![0]!.stdout)?.[1]);
    const packViolations = violations("pack");
    const servedViolations = violations("servedPack");
    if (
      summary.brokenPaths !== generated.brokenSetups ||
      summary.paths !== generated.setups ||
      packViolations !== generated.brokenSetups ||
      (servedViolations !== undefined && servedViolations !== generated.brokenSetups)
    ) {
      notes.push(
        `${count} resources: the checker found ${summary.brokenPaths}/${summary.paths} broken paths, the pack ${packViolations} violations (served: ${servedViolations ?? "not run"}); ${generated.brokenSetups}/${generated.setups} setups are broken`,
      );
    }
    results.set(size, { count, samples });
  }
  const first = results.get(sizes[0]!)!;
  const last = results.get(sizes[sizes.length - 1]!)!;
  const middle = results.get(sizes[sizes.length - 2]!)!;
  const marginal = (who: string, r: typeof first, s: typeof first): number =>
    (ms(s.samples[who]!) - ms(r.samples[who]!)) / (s.count - r.count);
  const growth = (who: string): number =>
    ms(last.samples[who]!) / ms(middle.samples[who]!) / (last.count / middle.count);
  const floorMarginal = marginal("floor", first, last);
  const span = `${first.count}->${last.count}`;
  for (const who of ["checker", "pack"]) {
    const m = marginal(who, first, last);
    rows.push({
      figure: `${who}: marginal time per resource vs floor (${span})`,
      ratio: m / floorMarginal,
      target: 10,
      raw: `${(m * 1000).toFixed(1)} vs ${(floorMarginal * 1000).toFixed(1)} µs/resource`,
    });
  }
  for (const who of ["checker", "pack", "floor"]) {
    rows.push({
      figure: `${who}: time growth ${middle.count}->${last.count} vs linear`,
      ratio: growth(who),
      ...(who === "floor" ? {} : { target: 1.25 }),
      raw: `${(ms(middle.samples[who]!) / 1000).toFixed(2)} s -> ${(ms(last.samples[who]!) / 1000).toFixed(2)} s`,
    });
  }
  for (const who of ["checker", "pack"]) {
    rows.push({
      figure: `${who}: peak RSS at ${last.count} vs floor`,
      ratio: mib(last.samples[who]!) / mib(last.samples["floor"]!),
      target: 6,
      raw: `${mib(last.samples[who]!).toFixed(0)} vs ${mib(last.samples["floor"]!).toFixed(0)} MiB`,
    });
  }
  sideBySideRows(results.get(1000), results.get(10000), SERVED_PATH);
  sideBySideRows(results.get(1000), results.get(10000), HARNESS_PATH);
  for (const r of results.values()) {
    notes.push(
      `${r.count} resources, medians: ` +
        ["floor", "checker", "pack"]
          .map(
            (who) =>
              `${who} ${(ms(r.samples[who]!) / 1000).toFixed(2)} s CPU (${(wall(r.samples[who]!) / 1000).toFixed(2)} s wall) / ${mib(r.samples[who]!).toFixed(0)} MiB of ${r.samples[who]!.length}`,
          )
          .join(", "),
    );
  }
}

/** Measured samples of one export size. */
interface SizeResult {
  count: number;
  samples: Record<string, Sample[]>;
}

/**
 * The side-by-side rows of one path on the same 1k and 10k exports: the floor, no policy, one
 * empty stack policy, the pack and @pulumi/awsguard (CPU time at each size, marginal µs per
 * resource from 1k to 10k, peak RSS at 10k), then the targets: the pack at most 1.2x the
 * no-policy path per resource and below the peer, its peak at most 1.15x the no-policy path.
 */
function sideBySideRows(small: SizeResult | undefined, large: SizeResult | undefined, on: ContenderPath): void {
  if (small === undefined || large === undefined) return;
  const span = large.count - small.count;
  // The floor is the same process on both paths; each contender has its path's sample name.
  const key = (who: (typeof SERVER_PATH)[number] | "floor"): string => (who === "floor" ? who : on.names[who]);
  const has = (who: (typeof SERVER_PATH)[number]): boolean => large.samples[key(who)] !== undefined;
  const marginal = (who: (typeof SERVER_PATH)[number] | "floor"): number =>
    ((ms(large.samples[key(who)]!) - ms(small.samples[key(who)]!)) / span) * 1000;
  const peak = (who: (typeof SERVER_PATH)[number]): number => mib(large.samples[key(who)]!);
  notes.push(
    `${on.label}, side by side on the same exports (${small.count} and ${large.count} resources), CPU medians:`,
  );
  for (const who of ["floor", ...SERVER_PATH.filter(has)] as const) {
    const samples = (sizes: SizeResult): Sample[] => sizes.samples[key(who)]!;
    notes.push(
      `  ${who.padEnd(9)} ${(ms(samples(small)) / 1000).toFixed(2)} s / ${(ms(samples(large)) / 1000).toFixed(2)} s CPU, ${marginal(who).toFixed(0)} µs per resource${threadMarginals(samples(small), samples(large), span)}, ${mib(samples(large)).toFixed(0)} MiB peak at ${large.count}`,
    );
  }
  if (!has("none") || !has("pack")) return;
  const none = marginal("none");
  rows.push({
    figure: `pack vs no policy (${on.label}): marginal time per resource (${small.count}->${large.count})`,
    ratio: marginal("pack") / none,
    target: 1.2,
    raw: `${marginal("pack").toFixed(0)} vs ${none.toFixed(0)} µs/resource`,
  });
  rows.push({
    figure: `pack vs no policy (${on.label}): peak RSS at ${large.count}`,
    ratio: peak("pack") / peak("none"),
    target: 1.15,
    raw: `${peak("pack").toFixed(0)} vs ${peak("none").toFixed(0)} MiB`,
  });
  if (has("empty")) {
    // No target: what any pack with a stack policy pays the SDK, and what is the pack's own.
    const empty = marginal("empty");
    rows.push({
      figure: `  of it the SDK's one reading for a stack policy (one empty stack policy vs no policy)`,
      ratio: empty / none,
      raw: `${empty.toFixed(0)} vs ${none.toFixed(0)} µs/resource`,
    });
    rows.push({
      figure: `  and the pack's own analysis (pack vs one empty stack policy)`,
      ratio: marginal("pack") / empty,
      raw: `${marginal("pack").toFixed(0)} vs ${empty.toFixed(0)} µs/resource`,
    });
  }
  if (has("idle")) {
    // No target: the pack doing nothing (its policies declared, its modules loaded, the SDK's
    // reading made) against no policy, the floor any analysis of this pack starts from.
    const idle = marginal("idle");
    rows.push({
      figure: `  the pack doing nothing vs no policy (its presence and the SDK's reading)`,
      ratio: idle / none,
      raw: `${idle.toFixed(0)} vs ${none.toFixed(0)} µs/resource`,
    });
    rows.push({
      figure: `  the pack's analysis alone (pack vs the pack doing nothing)`,
      ratio: marginal("pack") / idle,
      raw: `${marginal("pack").toFixed(0)} vs ${idle.toFixed(0)} µs/resource`,
    });
  }
  if (!has("awsguard")) return;
  rows.push({
    figure: `pack vs @pulumi/awsguard (${on.label}): marginal time per resource`,
    ratio: marginal("pack") / marginal("awsguard"),
    target: 1,
    raw: `${marginal("pack").toFixed(0)} vs ${marginal("awsguard").toFixed(0)} µs/resource (no policy ${none.toFixed(0)})`,
  });
}

/**
 * The marginal µs per resource of the main thread and of the other threads (V8's optimising
 * compiler and the collector's helpers), medians, where every sample has the split.
 */
function threadMarginals(small: Sample[], large: Sample[], span: number): string {
  const split = (samples: Sample[], part: "mainMs" | "backgroundMs"): number | undefined =>
    samples.every((s) => s[part] !== undefined) ? median(samples.map((s) => s[part]!)) : undefined;
  const per = (part: "mainMs" | "backgroundMs"): number | undefined => {
    const a = split(small, part);
    const b = split(large, part);
    return a === undefined || b === undefined ? undefined : ((b - a) / span) * 1000;
  };
  const main = per("mainMs");
  const background = per("backgroundMs");
  return main === undefined || background === undefined
    ? ""
    : ` (main thread ${main.toFixed(0)}, background threads ${background.toFixed(0)})`;
}

function coldStarts(compiled: string): void {
  const runs = quick ? 3 : 7;
  const small = path.join(work, "export-small.json");
  const packDir = path.join(REPO, "policypack");
  const compiledPack = path.join(compiled, "policypack");
  notes.push(freshDevCache());
  const sources = { env: { S3R_NO_COMPILED: "1" } };
  const checkArgs = (bin: string): string[] => [bin, "check", small, "--output", path.join(work, "small.txt")];
  const served: string[] = [];
  const host = (options: { env?: Record<string, string> } = {}): Sample => {
    const sample = measure([path.join(BENCH, "coldStart.js"), "policy-host", packDir, "pack"], options);
    served.push(sample.stdout.trim());
    return sample;
  };
  const s = sideBySide(runs, {
    policyOnly: () => measure([path.join(BENCH, "coldStart.js"), "plain", compiledPack]),
    packCompiled: () => measure([path.join(BENCH, "coldStart.js"), "plain", compiledPack, "./policies.js"]),
    hostPolicyOnly: () => measure([path.join(BENCH, "coldStart.js"), "policy-host", packDir]),
    hostPack: () => host(),
    hostPackSources: () => host(sources),
    checkCompiled: () => measure(checkArgs(path.join(compiled, "policypack", "check", "bin.js")), { okStatus: [0, 1] }),
    checkClone: () => measure(checkArgs(path.join(REPO, "policypack", "check", "bin.js")), { okStatus: [0, 1] }),
    checkCloneSources: () =>
      measure(checkArgs(path.join(REPO, "policypack", "check", "bin.js")), { okStatus: [0, 1], ...sources }),
  });
  // The ratio of a cold start is the median of the per-round ratios (the two ran one after the
  // other in each round, so a neighbour's burst of load affects both): at about a second each,
  // ratios of medians moved by +-10% between runs on the shared machine.
  const pair = (figure: string, a: string, b: string, target?: number): void => {
    rows.push({
      figure,
      ratio: median(s[a]!.map((sample, i) => sample.ms / s[b]![i]!.ms)),
      ...(target === undefined ? {} : { target }),
      raw: `${ms(s[a]!).toFixed(0)} vs ${ms(s[b]!).toFixed(0)} ms`,
    });
  };
  pair("cold start: pack's policies vs @pulumi/policy alone, compiled", "packCompiled", "policyOnly", 1.1);
  pair(
    "cold start: the policy host loads ./policypack from a clone (ts-node, type check registered)",
    "hostPack",
    "hostPolicyOnly",
    1.1,
  );
  pair(
    "  the same after a source edit, before `npm run build:dev` (TypeScript sources, type checked)",
    "hostPackSources",
    "hostPolicyOnly",
  );
  pair("cold start: s3-replication check from a clone vs compiled", "checkClone", "checkCompiled", 1.1);
  pair(
    "  the same after a source edit, before `npm run build:dev` (ts-node, transpile only)",
    "checkCloneSources",
    "checkCompiled",
  );
  pair(
    "cold start: s3-replication check (20 resources) compiled vs @pulumi/policy alone",
    "checkCompiled",
    "policyOnly",
  );
  const distinct = [...new Set(served)];
  notes.push(
    `cold starts: ${runs} rounds, ratio = median of the per-round ratios, raw = medians; the policy host served ${distinct.join(" / ")}`,
  );
}

function components(): void {
  const runs = quick || !full ? 1 : 3;
  const recording = path.join(work, `raw-${replications}.json`);
  measure([...TS_NODE, path.join(BENCH, "components.ts"), "record", String(replications), recording]);
  const s = sideBySide(runs, {
    components: () => measure([...TS_NODE, path.join(BENCH, "components.ts"), "components", String(replications)]),
    raw: () => measure([...TS_NODE, path.join(BENCH, "components.ts"), "raw", recording]),
  });
  rows.push({
    figure: `${replications} S3Replications vs the raw program: time`,
    ratio: ms(s["components"]!) / ms(s["raw"]!),
    target: 1.3,
    raw: `${(ms(s["components"]!) / 1000).toFixed(2)} vs ${(ms(s["raw"]!) / 1000).toFixed(2)} s`,
  });
  rows.push({
    figure: `${replications} S3Replications vs the raw program: peak RSS`,
    ratio: mib(s["components"]!) / mib(s["raw"]!),
    target: 1.3,
    raw: `${mib(s["components"]!).toFixed(0)} vs ${mib(s["raw"]!).toFixed(0)} MiB`,
  });
  // One S3Replication with 1,000 destinations (S3's most rules per configuration): a figure, no target.
  const many = measure([...TS_NODE, path.join(BENCH, "components.ts"), "many", "1000"]);
  notes.push(
    `1,000-destination S3Replication (${many.stdout.trim()}): ${(many.ms / 1000).toFixed(1)} s CPU, ${(many.wallMs / 1000).toFixed(1)} s wall, ${many.peakMiB.toFixed(0)} MiB peak RSS`,
  );
}

function tests(): void {
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const scripts = (
    JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")) as { scripts: Record<string, string> }
  ).scripts;
  for (const script of ["test", "test:unit", "test:release"].filter((name) => scripts[name] !== undefined)) {
    const times = path.join(work, `times-${script.replace(":", "-")}.json`);
    const start = process.hrtime.bigint();
    const r = spawnSync(npm, ["run", script], {
      cwd: REPO,
      encoding: "utf8",
      maxBuffer: 1 << 28,
      env: { ...process.env, S3R_FILE_TIMES: times },
    });
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const count = /tests: (\d+) passed, (\d+) failed/.exec(r.stdout);
    notes.push(
      `npm run ${script}: ${seconds.toFixed(0)} s, exit ${r.status}${count ? `, ${count[1]} passed, ${count[2]} failed` : ""}`,
    );
    if (script === "test" && fs.existsSync(times)) {
      const perFile = Object.entries(JSON.parse(fs.readFileSync(times, "utf8")) as Record<string, number>)
        .sort((a, b) => b[1] - a[1])
        .slice(0, 5);
      for (const [file, fileMs] of perFile)
        notes.push(`  slowest: ${path.relative(REPO, file)} ${(fileMs / 1000).toFixed(1)} s`);
    }
  }
}

function printTable(): void {
  const width = Math.max(...rows.map((r) => r.figure.length));
  const lines = [`${"figure".padEnd(width)}  ratio   target  met  raw medians`];
  for (const r of rows) {
    const met = r.target === undefined ? "   " : r.ratio <= r.target ? "yes" : "NO ";
    lines.push(
      `${r.figure.padEnd(width)}  ${r.ratio.toFixed(2).padStart(5)}x  ${r.target === undefined ? "     " : `${r.target.toFixed(2)}x`.padStart(6)}  ${met}  ${r.raw}`,
    );
  }
  console.log(lines.join("\n"));
  for (const note of notes) console.log(note);
}

/** The 1, 5 and 15 minute load averages (the machine is shared: other processes' load shows here). */
function loadAverage(): string {
  return os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" / ");
}

async function main(): Promise<void> {
  const started = Date.now();
  console.log(
    `${new Date().toISOString()}, machine: ${os.cpus().length} x ${os.cpus()[0]?.model ?? "cpu"}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}, ${os.platform()} ${os.release()}, load average ${loadAverage()} at the start; ${full ? "--full" : "default"} mode`,
  );
  log("compiling the package into a temp directory");
  const compiled = compiledTree();
  const small = generateExport(await templates(), 20).export;
  fs.writeFileSync(path.join(work, "export-small.json"), JSON.stringify(small));
  if (selected("scale")) {
    log("scale");
    await scale(compiled);
  }
  if (selected("cold")) {
    log("cold starts");
    coldStarts(compiled);
  }
  if (selected("startup")) {
    log("startup: the component plugin and the published pack vs minimal ones");
    const result = await startup(work, path.dirname(compiled), quick ? 1 : 3);
    rows.push(...result.rows);
    notes.push(...result.notes);
  }
  if (selected("components")) {
    log("components");
    components();
  }
  if (selected("tests")) {
    log("npm test");
    tests();
  }
  printTable();
  for (const figure of await microFigures()) console.log(`${figure.name.padEnd(24)} ${figure.value}`);
  console.log(`bench took ${((Date.now() - started) / 1000).toFixed(0)} s; load average ${loadAverage()} at the end`);
  fs.rmSync(work, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : String(error));
  fs.rmSync(work, { recursive: true, force: true });
  process.exitCode = 1;
});
