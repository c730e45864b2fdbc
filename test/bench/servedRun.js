// A policy pack in its own process, driven over gRPC as the Pulumi engine drives it: what
// `pulumi preview --policy-pack` costs the pack's process, nothing of the engine's side counted.
// `node servedRun.js ROOT FILE [WHICH [--violations OUT]]` (WHICH as in servedPack.js, default
// `pack`; OUT gets the violations as JSON) reads the export in this process (the engine's side:
// building and writing every request, reading every answer), starts `node -r peak.js
// servedPack.js ROOT WHICH`, and calls it as the engine's analyzer plugin does: ConfigureStack,
// GetAnalyzerInfo, Configure, then for every managed resource Remediate and Analyze (the step
// generator asks every analyzer for both, whatever its policies), then AnalyzeStack once. It stops
// the pack with SIGTERM and prints the number of violations, then one line `served {...}`: the
// pack process's peak RSS and CPU figures (test/bench/peak.js).
"use strict";
const fs = require("fs");
const os = require("os");
const path = require("path");
const { spawn } = require("child_process");
const [root, file, whichArg, ...rest] = process.argv.slice(2);
const which = whichArg ?? "pack";
// `--violations OUT`: also writes the violations the engine would get, as the harness lists them.
const violationsFile = rest[0] === "--violations" ? rest[1] : undefined;
const { readStackExport } = require(path.join(root, "policypack", "check", "exportReader"));
const driver = require(path.join(root, "policypack", "harness", "analyzerDriver"));
// The gRPC client and the service definition of the SDK the pack is served with.
const sdk = path.dirname(require.resolve("@pulumi/policy/server", { paths: [root] }));
const grpc = require(require.resolve("@grpc/grpc-js", { paths: [sdk] }));
const { AnalyzerService } = require(require.resolve("@pulumi/pulumi/proto/analyzer_grpc_pb", { paths: [sdk] }));
const { Empty } = require(require.resolve("google-protobuf/google/protobuf/empty_pb", { paths: [sdk] }));

const stack = readStackExport(fs.readFileSync(file, "utf8"), file);
const peakFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "s3r-served-")), "peak.json");
const pack = spawn(
  process.execPath,
  ["-r", path.join(__dirname, "peak.js"), path.join(__dirname, "servedPack.js"), root, which],
  { env: { ...process.env, BENCH_PEAK_FILE: peakFile }, stdio: ["ignore", "pipe", "inherit"] },
);
const exited = new Promise((resolve) => pack.on("exit", (code, signal) => resolve({ code, signal })));
// Stopped from outside (the bench's timeout), this process takes the pack with it.
process.on("SIGTERM", () => {
  pack.kill("SIGKILL");
  process.exit(1);
});

/** The port the pack prints once its server listens (server.js `serve`). */
function port() {
  return new Promise((resolve, reject) => {
    let out = "";
    pack.stdout.on("data", (chunk) => {
      out += chunk;
      const m = /^(\d+)\r?\n/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    exited.then(({ code }) => reject(new Error(`the pack exited (${code}) before it served: ${out}`)));
    // Loading a pack takes a second or two; one that never serves fails the run.
    setTimeout(() => reject(new Error(`the pack printed no port within 120 s: ${out}`)), 120000).unref();
  });
}

/**
 * The harness's Analyzer interface over a gRPC client of the served pack, named as the pack names
 * itself in GetAnalyzerInfo (the driver tells a preview's unknown-value advisory by that name and
 * version, as the engine does).
 */
async function remoteAnalyzer(address) {
  const Client = grpc.makeGenericClientConstructor(AnalyzerService);
  const limit = 400 * 1024 * 1024; // the engine's and server.js's limit
  const client = new Client(address, grpc.credentials.createInsecure(), {
    "grpc.max_receive_message_length": limit,
    "grpc.max_send_message_length": limit,
  });
  const call = (method, request) => {
    const message = method === "getAnalyzerInfo" || method === "getPluginInfo" ? new Empty() : request;
    return new Promise((resolve, reject) =>
      client[method](message, (error, answer) => (error ? reject(error) : resolve(answer))),
    );
  };
  const info = await call("getAnalyzerInfo");
  const analyzer = { name: info.getName(), version: info.getVersion(), service: AnalyzerService, call };
  return { analyzer, close: () => client.close() };
}

async function main() {
  const { analyzer, close } = await remoteAnalyzer(`127.0.0.1:${await port()}`);
  await driver.configureAnalyzer(analyzer, driver.exportSettings(stack, true), {});
  const findings = await driver.analyzeResources(analyzer, stack.resources, { everyRemediate: true });
  close();
  pack.kill("SIGTERM");
  const { signal, code } = await exited;
  if (!fs.existsSync(peakFile)) throw new Error(`the pack wrote no figures (exit ${code}, signal ${signal})`);
  const figures = JSON.parse(fs.readFileSync(peakFile, "utf8"));
  fs.rmSync(path.dirname(peakFile), { recursive: true, force: true });
  if (violationsFile !== undefined) fs.writeFileSync(violationsFile, JSON.stringify(findings.violations));
  process.stdout.write(`${findings.violations.length} violations\nserved ${JSON.stringify(figures)}\n`);
}

main().catch((error) => {
  pack.kill("SIGKILL");
  process.stderr.write(`${(error && error.stack) || error}\n`);
  process.exitCode = 1;
});
