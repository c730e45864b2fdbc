/**
 * The bench's `startup` section: how long the two artefacts that Pulumi starts as processes take
 * to be ready, side by side with their minimal counterparts on the same machine, in the same run.
 *
 * - The component plugin (components/): the real plugin entry, `@pulumi/pulumi/cmd/run-plugin`,
 *   started in the plugin directory as the Node.js language host starts it, asked GetSchema over
 *   gRPC, then stopped; vs a minimal plugin (one component, one string input, TypeScript, as
 *   Pulumi's docs write one) started and asked the same way.
 * - The published policy pack: the directory `policypack/prepare-publish.js` makes (what
 *   `pulumi policy publish` uploads), with the dependencies npm would install there (the registry
 *   mode's s3-replication being the compiled package, `npm pack`'s content), loaded as the policy
 *   host loads a pack (`test/bench/coldStart.js policy-host DIR pack`: ts-node registered exactly
 *   as run-policy-pack does, then `require(DIR)`); vs a minimal TypeScript pack (one policy) loaded
 *   the same way.
 *
 * Figures are CPU times (user + system) of the started process (test/bench/peak.js, which also
 * counts the TypeScript modules the process loaded: 0 when it ran compiled JavaScript only).
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { servedSchema } from "../support/schema";

const REPO = path.resolve(__dirname, "../..");
const BENCH = __dirname;

/** One started process: CPU and wall time, and how many .ts modules it loaded. */
interface Start {
  cpuMs: number;
  wallMs: number;
  tsModules: number;
  answer: string;
}

/** A row of the bench's table. */
export interface StartupRow {
  figure: string;
  ratio: number;
  target?: number;
  raw: string;
}

/** What a bench section hands back: rows for the table, notes under it. */
export interface StartupResult {
  rows: StartupRow[];
  notes: string[];
}

const MINIMAL_PLUGIN = `import * as pulumi from "@pulumi/pulumi";

/** The arguments of the minimal component. */
export interface GreetingArgs {
  /** Who to greet. */
  name: pulumi.Input<string>;
}

/** A minimal component. */
export class Greeting extends pulumi.ComponentResource {
  /** The greeting. */
  public readonly message: pulumi.Output<string>;

  constructor(name: string, args: GreetingArgs, opts?: pulumi.ComponentResourceOptions) {
    super("minimal:index:Greeting", name, {}, opts);
    this.message = pulumi.interpolate\`hello \${args.name}\`;
    this.registerOutputs({ message: this.message });
  }
}
`;

const MINIMAL_PACK = `import { PolicyPack } from "@pulumi/policy";

new PolicyPack("minimal", {
  policies: [
    {
      name: "no-public-read-acl",
      description: "Buckets are not public-read.",
      enforcementLevel: "mandatory",
      validateResource: (args, reportViolation) => {
        if (args.type === "aws:s3/bucketV2:BucketV2" && args.props.acl === "public-read") reportViolation("public");
      },
    },
  ],
});
`;

/** node_modules for a directory outside the repository: the clone's packages, some replaced. */
function linkModules(dir: string, replace: Record<string, string> = {}): void {
  const modules = path.join(dir, "node_modules");
  fs.mkdirSync(modules, { recursive: true });
  for (const entry of fs.readdirSync(path.join(REPO, "node_modules"))) {
    if (entry.startsWith(".")) continue;
    fs.symlinkSync(replace[entry] ?? path.join(REPO, "node_modules", entry), path.join(modules, entry));
  }
}

/** Writes FILES (relative path -> content) under DIR, with node_modules linked. Returns DIR. */
function project(dir: string, files: Record<string, string>): string {
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), content);
  }
  linkModules(dir);
  return dir;
}

/** The minimal plugin's directory (package.json, PulumiPlugin.yaml, tsconfig.json, index.ts). */
function minimalPlugin(work: string): string {
  return project(path.join(work, "minimal-plugin"), {
    "package.json": JSON.stringify({ name: "minimal", version: "0.1.0", main: "index.ts" }),
    "PulumiPlugin.yaml": "runtime: nodejs\n",
    "tsconfig.json": JSON.stringify({ compilerOptions: { strict: true, target: "ES2020", module: "commonjs" } }),
    "index.ts": MINIMAL_PLUGIN,
  });
}

/** The minimal pack's directory (package.json, PulumiPolicy.yaml, index.ts). */
function minimalPack(work: string): string {
  return project(path.join(work, "minimal-pack"), {
    "package.json": JSON.stringify({ name: "minimal-pack", version: "0.1.0", main: "index.ts" }),
    "PulumiPolicy.yaml": "runtime: nodejs\n",
    "index.ts": MINIMAL_PACK,
  });
}

/**
 * The published pack: prepare-publish.js (registry mode) into WORK/published, its dependencies
 * linked as npm would install them, s3-replication being COMPILED_ROOT (the compiled package).
 */
function publishedPack(work: string, compiledRoot: string): string {
  const dir = path.join(work, "published");
  const r = spawnSync(
    process.execPath,
    [path.join(REPO, "policypack", "prepare-publish.js"), dir, "--repository", "https://git.test/bench/s3-replication"],
    { encoding: "utf8" },
  );
  if (r.status !== 0) throw new Error(`prepare-publish.js failed: ${r.stdout}${r.stderr}`);
  linkModules(dir, { "s3-replication": compiledRoot });
  return dir;
}

/** Reads what peak.js wrote. */
function probe(file: string): { cpuMs: number; tsModules: number } {
  return JSON.parse(fs.readFileSync(file, "utf8")) as { cpuMs: number; tsModules: number };
}

/** Starts the plugin in DIR through run-plugin, asks GetSchema, stops it. */
async function pluginStart(dir: string, work: string): Promise<Start> {
  const file = path.join(work, "startup-probe.json");
  fs.rmSync(file, { force: true });
  const { schema, ms } = await servedSchema({
    dir,
    nodeArgs: ["-r", path.join(BENCH, "peak.js")],
    env: { BENCH_PEAK_FILE: file },
  });
  const { cpuMs, tsModules } = probe(file);
  const types = Object.keys((JSON.parse(schema) as { resources?: object }).resources ?? {}).length;
  return { cpuMs, wallMs: ms, tsModules, answer: `${types} components in the schema` };
}

/** Loads the pack in DIR as the policy host does; returns what it served. */
function packStart(dir: string, work: string): Start {
  const file = path.join(work, "startup-probe.json");
  fs.rmSync(file, { force: true });
  const started = process.hrtime.bigint();
  const r = spawnSync(
    process.execPath,
    ["-r", path.join(BENCH, "peak.js"), path.join(BENCH, "coldStart.js"), "policy-host", dir, "pack"],
    { encoding: "utf8", env: { ...process.env, BENCH_PEAK_FILE: file, NODE_NO_WARNINGS: "1" } },
  );
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (r.status !== 0) throw new Error(`loading the pack in ${dir} failed: ${r.stderr.slice(0, 2000)}`);
  return { ...probe(file), wallMs, answer: r.stdout.trim() };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The row of A vs B: the median of the per-round CPU ratios, CPU and wall medians beside it. */
function row(figure: string, a: Start[], b: Start[], target: number): StartupRow {
  const cpu = (s: Start[]): string => (median(s.map((x) => x.cpuMs)) / 1000).toFixed(1);
  const wall = (s: Start[]): string => (median(s.map((x) => x.wallMs)) / 1000).toFixed(1);
  return {
    figure,
    ratio: median(a.map((x, i) => x.cpuMs / b[i]!.cpuMs)),
    target,
    raw: `${cpu(a)} vs ${cpu(b)} s CPU (${wall(a)} vs ${wall(b)} s wall)`,
  };
}

/** What each contender served and how many .ts modules it loaded (the distinct values over its rounds). */
function served(name: string, starts: Start[]): string {
  const answers = [...new Set(starts.map((s) => s.answer))].join(" / ");
  const ts = [...new Set(starts.map((s) => s.tsModules))].join(" / ");
  return `${name}: ${answers}, ${ts} TypeScript modules loaded`;
}

/**
 * Runs the section: ROUNDS rounds, each starting the four contenders once, interleaved.
 * COMPILED_ROOT is the compiled package (test/bench.ts's compiledTree, its parent directory).
 */
export async function startup(work: string, compiledRoot: string, rounds: number): Promise<StartupResult> {
  const dirs = {
    plugin: path.join(REPO, "components"),
    minimalPlugin: minimalPlugin(work),
    published: publishedPack(work, compiledRoot),
    minimalPack: minimalPack(work),
  };
  const s: Record<keyof typeof dirs, Start[]> = { plugin: [], minimalPlugin: [], published: [], minimalPack: [] };
  for (let i = 0; i < rounds; i++) {
    s.plugin.push(await pluginStart(dirs.plugin, work));
    s.minimalPlugin.push(await pluginStart(dirs.minimalPlugin, work));
    s.published.push(packStart(dirs.published, work));
    s.minimalPack.push(packStart(dirs.minimalPack, work));
  }
  return {
    rows: [
      row("startup: component plugin answers GetSchema vs a minimal plugin", s.plugin, s.minimalPlugin, 1.5),
      row("startup: published pack loaded by the policy host vs a minimal pack", s.published, s.minimalPack, 1.5),
    ],
    notes: [
      `startup: ${rounds} rounds, ratio = median of the per-round CPU ratios; ` +
        [
          served("plugin", s.plugin),
          served("minimal plugin", s.minimalPlugin),
          served("published pack", s.published),
          served("minimal pack", s.minimalPack),
        ].join("; "),
    ],
  };
}
