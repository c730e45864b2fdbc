// `s3-replication check FILE|DIR... [--format text|json|sarif] [--config FILE] [--diagram FILE.md]
//  [--objects-per-second N] [--policies MODULE] [--output FILE]`, `s3-replication --version`
// Exit codes: 0 nothing mandatory violated, 1 something is, 2 no verdict: unusable input (one-line message,
// never a stack trace).
import * as fs from "fs";
import * as path from "path";
import { parseArgs as nodeParseArgs, type ParseArgsConfig } from "util";
import { nearestName } from "s3-replication/components/model";
import { PolicyConfigError } from "../harness/config";
import { defaultPolicySet, loadPolicySet, runChecks, type PolicySet } from "./engine";
import { InputError, MAX_DEPTH, nestedTooDeep, parseExportText, readExportDocument } from "./exportReader";
import { exportFiles, joinExports, type JoinedExports } from "./join";
import { redactSecrets, secretStrings } from "./secrets";
import {
  escapeControls,
  escapeLines,
  escapeStrings,
  renderMermaid,
  renderSarif,
  renderText,
  safeJson,
} from "./formats";
import { buildReport, type CheckReport } from "./report";
import { buildTopology, topologyOf, type Topology } from "./topology";

export const USAGE = `Usage: s3-replication check FILE|DIR... [options]

Judges the S3 replication in \`pulumi stack export --show-secrets\` files offline, with the
policies of the s3-replication policy pack. Several exports (or a directory of them) are joined by
ARN and judged as one estate: a role in one stack, its destination bucket and key in another.

Options:
  --format text|json|sarif   output format (default text)
  --config FILE              policy config, the same JSON as the pack's --policy-pack-config
  --diagram FILE.md          also write a Mermaid diagram of the topology to FILE.md
  --objects-per-second N     KMS load at N objects/s on every path: each (calling account, Region) summed
                             over its paths and marked when over its quota, and a monthly cost estimate
  --objects-per-second RULE=N
                             N objects/s for the paths of rule id RULE (or path id "src -> dst");
                             repeat it per rule; overrides the global rate for those paths
  --objects-per-second-file FILE
                             per-rule rates from a JSON object {"RULE": N, ...}
  --object-size BYTES        average object size for the cost estimate (default 1048576)
  --output FILE              write the report to FILE instead of standard output
  --policies MODULE          run another policy module (exports \`policies\`) instead of the pack
  -h, --help                 show this help
  -v, --version              print the version of s3-replication

Exit codes: 0 nothing mandatory violated, 1 a mandatory policy is violated, 2 no verdict (unusable
input, or the report could not be written). A --diagram that cannot be written is said on stderr
and does not change the verdict's exit code.
`;

/** What `s3-replication check` was asked to do. */
export interface CheckOptions {
  /** The first export file (`-` for standard input). */
  file: string;
  /** Every export file or directory to join, `file` first; default `[file]`. */
  files?: string[];
  format: "text" | "json" | "sarif";
  config?: string;
  diagram?: string;
  objectsPerSecond?: number;
  /** Objects per second per rule id (or path id). */
  objectsPerSecondByRule?: Record<string, number>;
  /** Average object size, bytes (cost estimate). */
  objectSizeBytes?: number;
  output?: string;
  policies?: string;
}

/** A command line that cannot be run: the CLI prints the message and the usage, and exits 2. */
export class UsageError extends Error {}

/**
 * Unusable input said over several lines, every one printed: a refused policy config (each error,
 * or the file to write instead), a policy that failed (what it threw, without the stack's frames).
 */
class InputErrorLines extends InputError {}

/** The options `util.parseArgs` reads; every one but the booleans takes a value. */
const OPTIONS = {
  format: { type: "string" },
  config: { type: "string" },
  diagram: { type: "string" },
  "objects-per-second": { type: "string", multiple: true },
  "objects-per-second-file": { type: "string" },
  "object-size": { type: "string" },
  output: { type: "string" },
  policies: { type: "string" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "v" },
} as const satisfies ParseArgsConfig["options"];

type OptionName = keyof typeof OPTIONS;
/** An option token of util.parseArgs (tokens: true). */
interface OptionToken {
  name: string;
  rawName: string;
  value?: string | undefined;
  inlineValue?: boolean | undefined;
}

/** Refuses an option token util.parseArgs's strict mode would refuse, with a one-line message (and the nearest name). */
function checkOption(token: OptionToken): void {
  const spec = (OPTIONS as Record<string, { type: "string" | "boolean" }>)[token.name];
  if (spec === undefined) {
    const near = nearestName(token.name, Object.keys(OPTIONS));
    throw new UsageError(`unknown option ${token.rawName}${near === undefined ? "" : `; did you mean --${near}?`}`);
  }
  if (spec.type === "boolean") {
    if (token.value !== undefined) throw new UsageError(`${token.rawName} takes no value`);
    return;
  }
  if (token.value === undefined || token.value === "") throw new UsageError(`--${token.name} needs a value`);
  if (!token.inlineValue && token.value.startsWith("-") && token.value !== "-") {
    throw new UsageError(
      `--${token.name} needs a value, not the option ${token.value} (write --${token.name}=${token.value} for a value starting with -)`,
    );
  }
}

/** The command line's tokens, checked; positionals in order, option values last one wins. */
function tokenize(argv: readonly string[]): {
  positionals: string[];
  values: Partial<Record<OptionName, string | boolean>>;
  /** Every --objects-per-second value, in order (the option repeats per rule). */
  rates: string[];
} {
  const { tokens } = nodeParseArgs({
    args: [...argv],
    options: OPTIONS,
    allowPositionals: true,
    strict: false,
    tokens: true,
  });
  const positionals: string[] = [];
  const values: Partial<Record<OptionName, string | boolean>> = {};
  const rates: string[] = [];
  for (const token of tokens) {
    if (token.kind === "positional") positionals.push(token.value);
    if (token.kind !== "option") continue;
    checkOption(token);
    values[token.name as OptionName] = token.value ?? true;
    if (token.name === "objects-per-second" && token.value !== undefined) rates.push(token.value);
  }
  return { positionals, values, rates };
}

function formatOption(v: string | boolean | undefined): CheckOptions["format"] {
  if (v === undefined) return "text";
  if (v !== "text" && v !== "json" && v !== "sarif")
    throw new UsageError(`--format must be text, json or sarif, not "${String(v)}"`);
  return v;
}

function rateOption(v: string, option = "--objects-per-second"): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${option} must be a positive number, not "${v}"`);
  return n;
}

/** The --objects-per-second values: one global N, and RULE=N per rule (the last of each wins). */
function ratesOption(values: readonly string[]): Pick<CheckOptions, "objectsPerSecond" | "objectsPerSecondByRule"> {
  const out: Pick<CheckOptions, "objectsPerSecond" | "objectsPerSecondByRule"> = {};
  for (const v of values) {
    const eq = v.lastIndexOf("=");
    if (eq < 0) {
      out.objectsPerSecond = rateOption(v);
      continue;
    }
    const rule = v.slice(0, eq);
    if (rule === "") throw new UsageError(`--objects-per-second ${v}: name the rule before "=" (RULE=N)`);
    out.objectsPerSecondByRule = {
      ...out.objectsPerSecondByRule,
      [rule]: rateOption(v.slice(eq + 1), `--objects-per-second ${rule}=`),
    };
  }
  return out;
}

/** Per-rule rates from a JSON file: an object of rule id (or path id) -> objects per second. */
function ratesFile(file: string): Record<string, number> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (err) {
    throw new UsageError(`--objects-per-second-file ${file}: ${firstLine(err)}`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
    throw new UsageError(`--objects-per-second-file ${file}: give a JSON object {"RULE": N, ...}`);
  return Object.fromEntries(
    Object.entries(parsed).map(([rule, n]) => [
      rule,
      rateOption(String(n), `--objects-per-second-file ${file}: ${rule}`),
    ]),
  );
}

/**
 * Parses argv (after the program name) with Node's `util.parseArgs`. Returns "help" for --help,
 * "version" for --version; throws UsageError (one line, with the nearest option name for a
 * misspelt one) on anything else it cannot run.
 */
export function parseArgs(argv: readonly string[]): CheckOptions | "help" | "version" {
  const { positionals, values, rates } = tokenize(argv);
  if (values.help === true || positionals[0] === "help") return "help";
  if (values.version === true) return "version";
  const [cmd, ...files] = positionals;
  if (cmd !== "check") {
    throw new UsageError(
      cmd === undefined
        ? "missing command: s3-replication check FILE"
        : `unknown command "${cmd}": the only command is check`,
    );
  }
  const [file] = files;
  if (file === undefined)
    throw new UsageError("missing FILE: s3-replication check FILE (a `pulumi stack export --show-secrets` file)");
  if (files.filter((f) => f === "-").length > 1) throw new UsageError("standard input (-) can be read once only");
  const result: CheckOptions = { file, format: formatOption(values.format) };
  if (files.length > 1) result.files = files;
  const strings = values as Partial<Record<OptionName, string>>;
  if (strings.config !== undefined) result.config = strings.config;
  if (strings.diagram !== undefined) result.diagram = strings.diagram;
  Object.assign(result, ratesOption(rates));
  if (strings["objects-per-second-file"] !== undefined)
    result.objectsPerSecondByRule = {
      ...ratesFile(strings["objects-per-second-file"]),
      ...result.objectsPerSecondByRule,
    };
  if (strings["object-size"] !== undefined)
    result.objectSizeBytes = rateOption(strings["object-size"], "--object-size");
  if (strings.output !== undefined) result.output = strings.output;
  if (strings.policies !== undefined) result.policies = strings.policies;
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
  const deep = nestedTooDeep(v, "config", MAX_DEPTH);
  if (deep !== undefined) {
    throw new InputError(
      `config file ${file}: ${deep} nests deeper than ${MAX_DEPTH} levels; a policy config is policies holding settings, a few levels deep`,
    );
  }
  return v as Record<string, unknown>;
}

/** The s3-replication package's version: the nearest package.json named s3-replication above this file (a clone or the installed package). */
export function toolVersion(): string {
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

/**
 * The export files joined, and their secret strings, each file read and parsed once. A function of
 * its own so that no text or parsed document outlives it: the analysis after it holds the records only.
 */
function readExports(files: readonly string[]): { stack: JoinedExports; secrets: string[] } {
  const texts = files.map((file) => ({ file, text: readFile(file, "export file") }));
  const documents = texts.map(({ file, text }) => ({ file, document: parseExportText(text, file) }));
  const stack = joinExports(
    documents.map(({ file, document }) => ({ file, stack: readExportDocument(document, file) })),
  );
  return { stack, secrets: secretStrings(documents.map(({ document }) => document)) };
}

/** Runs a check in process (tests and the CLI). InputError = unusable input. */
export async function check(opts: CheckOptions, policySet?: PolicySet): Promise<CheckOutcome> {
  const { stack, secrets } = readExports(exportFiles(opts.files ?? [opts.file]));
  const config = opts.config !== undefined ? readConfig(opts.config) : {};
  let set: PolicySet;
  try {
    set = policySet ?? (opts.policies !== undefined ? loadPolicySet(path.resolve(opts.policies)) : defaultPolicySet());
  } catch (err) {
    throw new InputErrorLines(`cannot load the policies: ${withoutFrames(err)}`);
  }
  let engine;
  try {
    engine = await runChecks(stack, set, config);
  } catch (err) {
    if (err instanceof PolicyConfigError) {
      throw new InputErrorLines(
        `${opts.config !== undefined ? `config file ${opts.config}` : "policy config"}: ${err.message}`,
      );
    }
    throw new InputErrorLines(`cannot run the policies: ${withoutFrames(err)}`);
  }
  // The pack's own model of the stack when its policies mapped it (no second mapping), else the records'.
  const topology = engine.stackModel !== undefined ? topologyOf(engine.stackModel) : buildTopology(stack.resources);
  const input: Parameters<typeof buildReport>[0] = {
    file: stack.exports[0]?.file ?? opts.file,
    project: stack.project,
    stack: stack.stack,
    exports: stack.exports,
    origins: stack.origins,
    records: stack.resources,
    engine,
    topology,
    config,
    toolVersion: toolVersion(),
  };
  if (opts.objectsPerSecond !== undefined) input.objectsPerSecond = opts.objectsPerSecond;
  if (opts.objectsPerSecondByRule !== undefined) input.objectsPerSecondByRule = opts.objectsPerSecondByRule;
  if (opts.objectSizeBytes !== undefined) input.objectSizeBytes = opts.objectSizeBytes;
  return { report: redactSecrets(buildReport(input), secrets), topology: redactSecrets(topology, secrets) };
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

/**
 * An error's message up to its stack's first frame: what a failed policy threw (the SDK writes
 * "Error validating ... with policy 'P' ...:" then the thrown error's stack), never where; a
 * module Node cannot find without the "Require stack:" of the modules that asked for it.
 */
function withoutFrames(err: unknown): string {
  const lines = (err instanceof Error ? err.message : String(err)).split("\n");
  const frame = lines.findIndex((line) => /^\s+at /.test(line) || line === "Require stack:");
  return (frame === -1 ? lines : lines.slice(0, frame)).join("\n").trimEnd();
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
    if (opts === "version") {
      out(`s3-replication ${toolVersion()}\n`);
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
    } else if (e instanceof InputErrorLines) {
      err(`s3-replication check: ${escapeLines(e.message)}\n`);
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
