// `s3-replication check FILE [--format text|json|sarif] [--config FILE] [--diagram FILE.md]
//  [--objects-per-second N] [--policies MODULE] [--output FILE]`
// Exit codes: 0 nothing mandatory violated, 1 something is, 2 no verdict: unusable input (one-line message,
// never a stack trace).
import * as fs from "fs";
import * as path from "path";
import { defaultPolicySet, loadPolicySet, runChecks, type PolicySet } from "./engine";
import { InputError, readStackExport } from "./exportReader";
import { escapeControls, escapeStrings, renderMermaid, renderSarif, renderText, safeJson } from "./formats";
import { buildReport, type CheckReport } from "./report";
import { buildTopology, topologyOf, type Topology } from "./topology";

export const USAGE = `Usage: s3-replication check FILE [options]

Judges the S3 replication in a \`pulumi stack export --show-secrets\` file offline, with the
policies of the s3-replication policy pack.

Options:
  --format text|json|sarif   output format (default text)
  --config FILE              policy config, the same JSON as the pack's --policy-pack-config
  --diagram FILE.md          also write a Mermaid diagram of the topology to FILE.md
  --objects-per-second N     flag paths whose KMS requests would exceed a region's quota at N objects/s
  --output FILE              write the report to FILE instead of standard output
  --policies MODULE          run another policy module (exports \`policies\`) instead of the pack
  -h, --help                 show this help

Exit codes: 0 nothing mandatory violated, 1 a mandatory policy is violated, 2 no verdict (unusable
input, or the report could not be written). A --diagram that cannot be written is said on stderr
and does not change the verdict's exit code.
`;

export interface CheckOptions {
  file: string;
  format: "text" | "json" | "sarif";
  config?: string;
  diagram?: string;
  objectsPerSecond?: number;
  output?: string;
  policies?: string;
}

export class UsageError extends Error {}

/** Parses argv (after the program name). Returns "help" for --help. */
export function parseArgs(argv: readonly string[]): CheckOptions | "help" {
  const args = [...argv];
  if (args.includes("-h") || args.includes("--help") || args[0] === "help") return "help";
  const cmd = args.shift();
  if (cmd !== "check") {
    throw new UsageError(
      cmd === undefined
        ? "missing command: s3-replication check FILE"
        : `unknown command "${cmd}": the only command is check`,
    );
  }
  let file: string | undefined;
  const opts: Partial<CheckOptions> = {};
  while (args.length > 0) {
    const a = args.shift() as string;
    const eq = a.startsWith("--") ? a.indexOf("=") : -1;
    const flag = eq > 0 ? a.slice(0, eq) : a;
    const value = (): string => {
      const v = eq > 0 ? a.slice(eq + 1) : args.shift();
      if (v === undefined || v === "") throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case "--format": {
        const v = value();
        if (v !== "text" && v !== "json" && v !== "sarif")
          throw new UsageError(`--format must be text, json or sarif, not "${v}"`);
        opts.format = v;
        break;
      }
      case "--config":
        opts.config = value();
        break;
      case "--diagram":
        opts.diagram = value();
        break;
      case "--output":
        opts.output = value();
        break;
      case "--policies":
        opts.policies = value();
        break;
      case "--objects-per-second": {
        const v = value();
        const n = Number(v);
        if (!Number.isFinite(n) || n <= 0)
          throw new UsageError(`--objects-per-second must be a positive number, not "${v}"`);
        opts.objectsPerSecond = n;
        break;
      }
      default:
        if (a.startsWith("-") && a !== "-") throw new UsageError(`unknown option ${a}`);
        if (file !== undefined) throw new UsageError(`one FILE only (got "${file}" and "${a}")`);
        file = a;
    }
  }
  if (file === undefined)
    throw new UsageError("missing FILE: s3-replication check FILE (a `pulumi stack export --show-secrets` file)");
  const result: CheckOptions = { file, format: opts.format ?? "text" };
  if (opts.config !== undefined) result.config = opts.config;
  if (opts.diagram !== undefined) result.diagram = opts.diagram;
  if (opts.objectsPerSecond !== undefined) result.objectsPerSecond = opts.objectsPerSecond;
  if (opts.output !== undefined) result.output = opts.output;
  if (opts.policies !== undefined) result.policies = opts.policies;
  return result;
}

function readFile(file: string, what: string): string {
  try {
    return file === "-" ? fs.readFileSync(0, "utf8") : fs.readFileSync(file, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(`cannot read ${what} ${file}${code ? ` (${code})` : ""}`);
  }
}

function readConfig(file: string): Record<string, unknown> {
  const text = readFile(file, "config file");
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (err) {
    throw new InputError(`config file ${file} is not JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  if (typeof v !== "object" || v === null || Array.isArray(v)) {
    throw new InputError(`config file ${file} must be a JSON object keyed by policy name (as --policy-pack-config)`);
  }
  return v as Record<string, unknown>;
}

/** The s3-replication package's version: the nearest package.json named s3-replication above this file (a clone or the installed package). */
function toolVersion(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const file = path.join(dir, "package.json");
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, "utf8")) as { name?: unknown; version?: unknown };
      if (pkg.name === "s3-replication" && typeof pkg.version === "string") return pkg.version;
    }
    if (path.dirname(dir) === dir)
      throw new Error(`s3-replication: no package.json of s3-replication above ${__dirname}`);
  }
}

/** Everything a check produces. */
export interface CheckOutcome {
  report: CheckReport;
  topology: Topology;
}

/** Runs a check in process (tests and the CLI). InputError = unusable input. */
export async function check(opts: CheckOptions, policySet?: PolicySet): Promise<CheckOutcome> {
  const stack = readStackExport(readFile(opts.file, "export file"), opts.file);
  const config = opts.config !== undefined ? readConfig(opts.config) : {};
  let set: PolicySet;
  try {
    set = policySet ?? (opts.policies !== undefined ? loadPolicySet(path.resolve(opts.policies)) : defaultPolicySet());
  } catch (err) {
    throw new InputError(`cannot load the policies: ${firstLine(err)}`);
  }
  let engine;
  try {
    engine = await runChecks(stack, set, config);
  } catch (err) {
    throw new InputError(`cannot run the policies: ${firstLine(err)}`);
  }
  // The pack's own model of the stack when its policies mapped it (no second mapping), else the records'.
  const topology = engine.stackModel !== undefined ? topologyOf(engine.stackModel) : buildTopology(stack.resources);
  const input: Parameters<typeof buildReport>[0] = {
    file: opts.file,
    project: stack.project,
    stack: stack.stack,
    records: stack.resources,
    engine,
    topology,
    config,
    toolVersion: toolVersion(),
  };
  if (opts.objectsPerSecond !== undefined) input.objectsPerSecond = opts.objectsPerSecond;
  return { report: buildReport(input), topology };
}

export function render(outcome: CheckOutcome, format: CheckOptions["format"]): string {
  switch (format) {
    case "json":
      return safeJson(outcome.report) + "\n";
    case "sarif":
      return safeJson(renderSarif(outcome.report)) + "\n";
    default:
      return renderText(escapeStrings(outcome.report));
  }
}

/** Writes a file the user named; InputError naming the path and the reason when it cannot. */
function writeOut(file: string, text: string, what: string): void {
  try {
    fs.writeFileSync(file, text);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === "EISDIR"
        ? "it is a directory"
        : code === "ENOENT"
          ? "its directory does not exist"
          : code === "EACCES" || code === "EPERM"
            ? "permission denied"
            : firstLine(err);
    throw new InputError(`cannot write ${what} to ${file}: ${why}${code ? ` (${code})` : ""}`);
  }
}

function firstLine(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  return msg.split("\n")[0] ?? msg;
}

/** The CLI: returns the exit code. */
export async function main(
  argv: readonly string[],
  out: (s: string) => void,
  err: (s: string) => void,
): Promise<number> {
  try {
    const opts = parseArgs(argv);
    if (opts === "help") {
      out(USAGE);
      return 0;
    }
    const outcome = await check(opts);
    const text = render(outcome, opts.format);
    if (opts.output !== undefined) {
      writeOut(opts.output, text, "the report");
    } else {
      out(text);
    }
    if (opts.diagram !== undefined) {
      // The verdict is out: a diagram that cannot be written is said on stderr and the
      // verdict's exit code stands (0 or 1; 2 means no verdict was given).
      try {
        writeOut(opts.diagram, renderMermaid(outcome.report, outcome.topology), "the diagram");
      } catch (e) {
        err(`s3-replication check: ${escapeControls(firstLine(e))}; the verdict stands\n`);
      }
    }
    return outcome.report.summary.exitCode;
  } catch (e) {
    if (e instanceof UsageError) {
      err(`s3-replication: ${escapeControls(e.message)}\n${USAGE}`);
    } else if (e instanceof InputError) {
      err(`s3-replication check: ${escapeControls(e.message)}\n`);
    } else {
      err(`s3-replication check: internal error: ${escapeControls(firstLine(e))}\n`);
    }
    return 2;
  }
}

/** Entry point of bin.js: runs main on process.argv, sets the exit code, never prints a stack trace. */
export function run(): void {
  const fail = (e: unknown): void => {
    process.stderr.write(`s3-replication check: internal error: ${firstLine(e)}\n`);
    process.exit(2);
  };
  process.on("uncaughtException", fail);
  process.on("unhandledRejection", fail);
  main(
    process.argv.slice(2),
    (s) => process.stdout.write(s),
    (s) => process.stderr.write(s),
  ).then((code) => {
    process.exitCode = code;
  }, fail);
}

if (require.main === module) {
  run();
}
