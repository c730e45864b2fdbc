/**
 * The compiled development cache (components/build.js `dev`, policypack/devCache.js): a clone's
 * policy pack and checker start from compiled, type-checked JavaScript, and never from code older
 * than the sources. Proved on a copy of the repository (its own cache, node_modules linked to this
 * one's) with the real policy host (@pulumi/pulumi's run-policy-pack: ts-node with type checking,
 * `require(".")` in the pack directory, the pack's gRPC server asked for its policies) and the real
 * checker command. To tell which code ran, the test plants a marker in the cache's compiled output
 * (not in the sources): the marker shows while the sources are unchanged, and an edit of a
 * TypeScript source shows instead as soon as it is made, until it is reverted.
 */
import * as assert from "node:assert/strict";
import { execFileSync, spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { linkModulesOfCopy } from "../support/linkedModules";
import { servedSchema } from "../support/schema";

const REPO = path.join(__dirname, "..", "..");

/** The fields of GetAnalyzerInfo's reply the test reads. */
interface AnalyzerInfo {
  policies: Array<{ name: string; description: string }>;
}

interface DevCache {
  CACHE: string;
  staleReason(): string;
  compiledFile(source: string): string | undefined;
}

/** A copy of the repository's sources with node_modules linked to this one's (its own .cache), dist/ links written. */
function copyOfRepository(): string {
  const copy = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "s3r-devcache-")), "repo");
  for (const dir of ["components", "policypack"])
    fs.cpSync(path.join(REPO, dir), path.join(copy, dir), {
      recursive: true,
      filter: (source) => !source.split(path.sep).includes("node_modules"),
    });
  for (const file of ["package.json", "package-lock.json", "tsconfig.json"])
    fs.copyFileSync(path.join(REPO, file), path.join(copy, file));
  linkModulesOfCopy(REPO, copy, { skip: [".cache"], type: "junction" });
  execFileSync(process.execPath, [path.join(copy, "components", "build.js"), "link"], { cwd: copy });
  return copy;
}

/**
 * Starts the policy host on the pack directory as `pulumi preview --policy-pack DIR` does (cwd DIR,
 * program "."), asks the pack's analyzer server for its policies, and stops the host.
 */
async function hostPolicies(packDir: string, env: NodeJS.ProcessEnv = {}): Promise<AnalyzerInfo> {
  const runPolicyPack = require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [packDir] });
  const host = spawn(process.execPath, [runPolicyPack, "127.0.0.1:0", "."], {
    cwd: packDir,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  try {
    const port = await new Promise<string>((resolve, reject) => {
      let out = "";
      let err = "";
      host.stdout.on("data", (chunk: Buffer) => {
        out += chunk.toString();
        const line = /^(\d+)\n/.exec(out);
        if (line) resolve(line[1]!);
      });
      host.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
      host.on("exit", (code) => reject(new Error(`the policy host exited ${code} before serving: ${out}${err}`)));
    });
    const grpc = require(require.resolve("@grpc/grpc-js", { paths: [packDir] })) as typeof import("@grpc/grpc-js");
    const { AnalyzerClient } = require(
      require.resolve("@pulumi/pulumi/proto/analyzer_grpc_pb", { paths: [packDir] }),
    ) as {
      AnalyzerClient: new (
        address: string,
        credentials: unknown,
      ) => {
        getAnalyzerInfo(
          request: unknown,
          callback: (error: Error | null, reply: { toObject(): { policiesList: AnalyzerInfo["policies"] } }) => void,
        ): void;
        close(): void;
      };
    };
    const { Empty } = require(require.resolve("google-protobuf/google/protobuf/empty_pb", { paths: [packDir] })) as {
      Empty: new () => unknown;
    };
    const client = new AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    try {
      return await new Promise<AnalyzerInfo>((resolve, reject) =>
        client.getAnalyzerInfo(new Empty(), (error, reply) =>
          error ? reject(error) : resolve({ policies: reply.toObject().policiesList }),
        ),
      );
    } finally {
      client.close();
    }
  } finally {
    host.kill();
  }
}

/** `s3-replication check FILE --format json` with the copy's command; the parsed report. */
function check(copy: string, file: string): { tool: { name: string }; summary: { findings: number } } {
  const bin = path.join(copy, "policypack", "check", "bin.js");
  let out: string;
  try {
    out = execFileSync(process.execPath, [bin, "check", file, "--format", "json"], { cwd: copy, encoding: "utf8" });
  } catch (error) {
    const e = error as { status?: number; stdout?: string; stderr?: string };
    if (e.status !== 1) throw new Error(`check exited ${e.status}: ${e.stderr}`);
    out = e.stdout ?? "";
  }
  return JSON.parse(out) as ReturnType<typeof check>;
}

/** Replaces the first occurrence of FROM in FILE (which must contain it) with TO. */
function replaceIn(file: string, from: string, to: string): void {
  const text = fs.readFileSync(file, "utf8");
  assert.ok(text.includes(from), `${path.basename(file)} contains ${JSON.stringify(from)}`);
  fs.writeFileSync(file, text.replace(from, to));
}

describe("compiled development cache: the clone runs compiled code built from exactly its sources", function () {
  this.timeout(600_000);
  let copy: string;
  let devCache: DevCache;
  const legacy = path.join(REPO, "test", "check", "fixtures", "legacy-stack.json");

  before(() => {
    copy = copyOfRepository();
    execFileSync(process.execPath, [path.join(copy, "components", "build.js"), "dev"], {
      cwd: copy,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    devCache = require(path.join(copy, "policypack", "devCache.js")) as DevCache;
  });
  after(() => {
    if (copy) fs.rmSync(path.dirname(copy), { recursive: true, force: true });
  });

  it("the build lists every source it compiled, and the cache is fresh for exactly those", () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(devCache.CACHE, "manifest.json"), "utf8")) as {
      inputs: Record<string, string>;
    };
    for (const file of [
      "policypack/index.ts",
      "policypack/policies.ts",
      "policypack/check/cli.ts",
      "policypack/package.json",
      "components/model/index.ts",
      "components/documents/index.ts",
      "package-lock.json",
      "tsconfig.json",
    ])
      assert.match(manifest.inputs[file] ?? "", /^[0-9a-f]{64}$/, file);
    assert.ok(!Object.keys(manifest.inputs).some((file) => file.includes("node_modules") || file.startsWith("test/")));
    assert.equal(devCache.staleReason(), "");
    assert.equal(
      devCache.compiledFile("policypack/index.ts"),
      path.join(devCache.CACHE, "dist", "policypack", "index.js"),
    );
  });

  it("the policy host runs the cache while the sources are unchanged, an edited source at once, the cache again once reverted", async () => {
    const name = "s3-replication-checks";
    const compiledPolicy = path.join(devCache.CACHE, "dist", "policypack", "policies", "stack-policy.js");
    const source = path.join(copy, "policypack", "policies", "stack-policy.ts");
    const original = fs.readFileSync(source, "utf8");
    const description = (info: AnalyzerInfo): string => info.policies.find((p) => p.name === name)!.description;

    // A marker in the compiled output only: seen exactly when the cache is what runs.
    replaceIn(compiledPolicy, "`Every check of the pack", "`[from the cache] Every check of the pack");
    const cached = await hostPolicies(path.join(copy, "policypack"));
    assert.match(description(cached), /\[from the cache\] Every check/);

    // Touched, not changed: the same code, the cache still runs.
    const later = new Date(Date.now() + 5000);
    fs.utimesSync(source, later, later);
    assert.match(description(await hostPolicies(path.join(copy, "policypack"))), /\[from the cache\] Every check/);

    // Edited: the host type-checks and runs the edited source.
    replaceIn(source, "`Every check of the pack", "`[edited] Every check of the pack");
    assert.match(devCache.staleReason(), /policypack\/policies\/stack-policy\.ts changed/);
    const edited = await hostPolicies(path.join(copy, "policypack"));
    assert.match(description(edited), /\[edited\] Every check/);
    assert.equal(edited.policies.length, cached.policies.length, "the sources serve the same policies as the cache");

    // A type error in the edited source is the host's type error, as without the cache.
    fs.writeFileSync(source, `${original}\nconst wrong: number = "text";\n`);
    await assert.rejects(hostPolicies(path.join(copy, "policypack")), /TS2322|not assignable to type 'number'/);

    // Reverted: the cache's code again.
    fs.writeFileSync(source, original);
    assert.equal(devCache.staleReason(), "");
    assert.match(description(await hostPolicies(path.join(copy, "policypack"))), /\[from the cache\] Every check/);

    // S3R_NO_COMPILED=1 forces the sources.
    assert.doesNotMatch(
      description(await hostPolicies(path.join(copy, "policypack"), { S3R_NO_COMPILED: "1" })),
      /\[from the cache\] Every check/,
    );
  });

  it("the component plugin (run-plugin, GetSchema) serves the cache's analysis while the sources are unchanged, an edited source or plugin manifest at once", async () => {
    const plugin = path.join(copy, "components");
    const analysisFile = path.join(devCache.CACHE, "plugin-analysis.json");
    const analysis = JSON.parse(fs.readFileSync(analysisFile, "utf8")) as {
      analysis: { components: Record<string, { description?: string }> };
    };
    const description = async (env: Record<string, string> = {}): Promise<string> => {
      const { schema } = await servedSchema({ dir: plugin, env });
      const resources = (JSON.parse(schema) as { resources: Record<string, { description?: string }> }).resources;
      return resources["s3-replication:index:S3Replication"]?.description ?? "";
    };
    // A marker in the cached analysis only: served exactly when the cache is what runs.
    const component = analysis.analysis.components["S3Replication"]!;
    component.description = `[from the cache] ${component.description}`;
    fs.writeFileSync(analysisFile, JSON.stringify(analysis));
    assert.match(await description(), /^\[from the cache\] Encrypted S3 replication/);

    // Edited: the SDK's Analyzer runs on the edited source at GetSchema (ts-node compiles it).
    const source = path.join(plugin, "s3Replication.ts");
    const original = fs.readFileSync(source, "utf8");
    replaceIn(
      source,
      " * Encrypted S3 replication from one source bucket",
      " * [edited] Encrypted S3 replication from one source bucket",
    );
    assert.match(devCache.staleReason(), /components\/s3Replication\.ts changed/);
    assert.match(await description(), /^\[edited\] Encrypted S3 replication/);
    fs.writeFileSync(source, original);
    assert.match(await description(), /^\[from the cache\] Encrypted S3 replication/);

    // What the Analyzer reads besides the sources: the plugin's package.json and tsconfig.json.
    for (const file of ["package.json", "tsconfig.json"]) {
      const manifest = path.join(plugin, file);
      const text = fs.readFileSync(manifest, "utf8");
      fs.writeFileSync(manifest, `${text.trimEnd()}\n\n`);
      assert.match(devCache.staleReason(), new RegExp(`components/${file.replace(".", "\\.")} changed`));
      fs.writeFileSync(manifest, text);
    }
    assert.equal(devCache.staleReason(), "");

    // S3R_NO_COMPILED=1 forces the sources.
    assert.match(await description({ S3R_NO_COMPILED: "1" }), /^Encrypted S3 replication/);
  });

  it("the checker's command runs the cache while the core is unchanged, an edited core source at once", () => {
    const compiledReport = path.join(devCache.CACHE, "dist", "policypack", "check", "report.js");
    replaceIn(compiledReport, 'name: "s3-replication check"', 'name: "s3-replication check [from the cache]"');
    const cached = check(copy, legacy);
    assert.equal(cached.tool.name, "s3-replication check [from the cache]");

    // An edit two imports away from the command (the core's finding catalogue): the sources run.
    const findings = path.join(copy, "components", "model", "findings.ts");
    const original = fs.readFileSync(findings, "utf8");
    fs.appendFileSync(findings, "\n// edited\n");
    const edited = check(copy, legacy);
    assert.equal(edited.tool.name, "s3-replication check");
    assert.equal(edited.summary.findings, cached.summary.findings);

    // A removed source makes the cache unusable too.
    fs.writeFileSync(findings, original);
    assert.equal(check(copy, legacy).tool.name, "s3-replication check [from the cache]");
    const unused = path.join(copy, "components", "model", "cost.ts");
    fs.renameSync(unused, `${unused}.moved`);
    assert.match(devCache.staleReason(), /components\/model\/cost\.ts is unreadable \(ENOENT\)/);
    fs.renameSync(`${unused}.moved`, unused);
    assert.equal(devCache.staleReason(), "");
  });

  it("a source that does not type-check leaves no cache (the sources run), and `npm ci`'s prepare still succeeds", () => {
    const source = path.join(copy, "components", "model", "cost.ts");
    const original = fs.readFileSync(source, "utf8");
    fs.appendFileSync(source, '\nexport const wrong: number = "text";\n');
    try {
      // As `npm ci` runs it (prepare): the install goes on, the compiler's diagnostic is printed.
      const prepare = spawnSync(process.execPath, [path.join(copy, "components", "build.js"), "dev"], {
        cwd: copy,
        env: { ...process.env, npm_lifecycle_event: "prepare" },
        encoding: "utf8",
      });
      assert.equal(prepare.status, 0);
      assert.match(prepare.stderr, /cost\.ts.*TS2322/);
      assert.match(prepare.stderr, /not built/);
      assert.match(devCache.staleReason(), /no compiled cache/);
      assert.equal(check(copy, legacy).tool.name, "s3-replication check");
    } finally {
      fs.writeFileSync(source, original);
    }
  });
});
