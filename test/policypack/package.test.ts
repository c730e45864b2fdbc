// The pack directory works alone: its own package.json with a pinned version and every runtime
// dependency declared at the version the lockfile installs, PulumiPolicy.yaml, an explicit list of
// well-formed policies documented in the README, and every import resolved from inside policypack/
// (the core through the `s3-replication` package, never a relative path out of the directory).
import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import { builtinModules } from "node:module";
import * as os from "node:os";
import * as path from "node:path";
import * as ts from "typescript";
import type { PolicyConfigSchema } from "@pulumi/policy";
import { FINDING_RULES } from "s3-replication/components/model";
import { checks, packName, retiredPolicyNames, policies as declared } from "../../policypack/policies";

/** The policies that run checks (the retired names are declared only to refuse old config: retired.test.ts). */
const policies = declared.filter((policy) => !retiredPolicyNames.includes(policy.name));
import { runPolicies } from "../../policypack/testing";
import { happyProgram } from "./program";

const ROOT = path.join(__dirname, "..", "..");
const PACK = path.join(ROOT, "policypack");
const OWN = ["index.ts", "policies.ts", "policies", "mapping"];

interface PackageJson {
  name: string;
  version: string;
  main?: string;
  dependencies: Record<string, string>;
}
const readJson = <T>(file: string): T => JSON.parse(fs.readFileSync(file, "utf8")) as T;
const packageJson = (): PackageJson => readJson<PackageJson>(path.join(PACK, "package.json"));

function sources(entry: string, base = PACK): string[] {
  const full = path.join(base, entry);
  if (fs.statSync(full).isFile()) return [full];
  return fs
    .readdirSync(full)
    .filter((name) => name !== "node_modules")
    .flatMap((name) => sources(path.join(entry, name), base));
}

/** Runtime files of the pack directory: every .ts/.js under policypack/ except tests and node_modules. */
function runtimeFiles(base = PACK): string[] {
  return sources(".", base).filter(
    (file) => /\.[cm]?[jt]s$/.test(file) && !/\.(test|spec)\.[cm]?[jt]s$/.test(file) && !file.endsWith(".d.ts"),
  );
}

/**
 * Module specifiers a file loads at runtime: imports and re-exports (not `import type`, unless
 * `types`), require(), require.resolve(), import().
 */
function runtimeSpecifiers(file: string, options: { types?: boolean } = {}): string[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (
      ts.isImportDeclaration(node) &&
      (options.types || !node.importClause?.isTypeOnly) &&
      ts.isStringLiteral(node.moduleSpecifier)
    )
      found.push(node.moduleSpecifier.text);
    if (
      ts.isExportDeclaration(node) &&
      (options.types || !node.isTypeOnly) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    )
      found.push(node.moduleSpecifier.text);
    if (
      ts.isImportEqualsDeclaration(node) &&
      ts.isExternalModuleReference(node.moduleReference) &&
      ts.isStringLiteral(node.moduleReference.expression)
    )
      found.push(node.moduleReference.expression.text);
    if (ts.isCallExpression(node) && node.arguments.length > 0 && ts.isStringLiteralLike(node.arguments[0]!)) {
      const callee = node.expression.getText(source);
      if (callee === "require" || callee === "require.resolve" || node.expression.kind === ts.SyntaxKind.ImportKeyword)
        found.push((node.arguments[0] as ts.StringLiteralLike).text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The package a bare specifier names (`@scope/name/sub` -> `@scope/name`), or undefined for relative paths and Node builtins. */
function packageOf(spec: string): string | undefined {
  if (spec.startsWith(".") || spec.startsWith("/") || spec.startsWith("node:")) return undefined;
  const name = spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0]!;
  return builtinModules.includes(name) ? undefined : name;
}

/** Packages the policy host needs in the pack directory without any file importing them (it compiles the pack with them). */
const HOST_PACKAGES: Record<string, string> = {
  typescript: "@pulumi/pulumi's run-policy-pack loads typescript from the pack's node_modules (else a vendored 3.8.3)",
};

describe("policy pack: the directory works alone", () => {
  it("has package.json (name, version, pinned dependencies) and PulumiPolicy.yaml", () => {
    const pkg = packageJson();
    assert.match(pkg.version, /^\d+\.\d+\.\d+$/);
    assert.equal(pkg.dependencies["@pulumi/policy"], "1.21.0");
    assert.ok(pkg.dependencies["s3-replication"]);
    assert.match(fs.readFileSync(path.join(PACK, "PulumiPolicy.yaml"), "utf8"), /^runtime: nodejs$/m);
    assert.equal(packName, "s3-replication");
    // The host loads `main`: main.js, the compiled development cache's index.js when fresh, else index.ts
    // (test/release/devCache.test.ts runs both through the real policy host).
    assert.equal(pkg.main, "main.js");
    assert.match(
      fs.readFileSync(path.join(PACK, "main.js"), "utf8"),
      /compiledFile\("policypack\/index\.ts"\)[\s\S]*"\.\/index\.ts"/,
    );
  });

  it("no import leaves the pack directory (every file under policypack/: the pack, the harness, check/; type-only imports too)", () => {
    const files = runtimeFiles();
    for (const dir of ["check", "harness", "mapping", "policies"])
      assert.ok(
        files.some((file) => file.startsWith(path.join(PACK, dir) + path.sep)),
        `${dir}/ is scanned`,
      );
    const outside: string[] = [];
    for (const file of files) {
      for (const spec of runtimeSpecifiers(file, { types: true })) {
        if (!spec.startsWith(".")) continue;
        const target = path.resolve(path.dirname(file), spec);
        if (!target.startsWith(PACK + path.sep)) outside.push(`${path.relative(PACK, file)} imports ${spec}`);
      }
    }
    assert.deepEqual(
      outside,
      [],
      "the core is reached through the package (s3-replication/components/...), never by a relative path out of policypack/",
    );
  });

  it("the import scanner sees relative imports out of the directory, type-only ones included", () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "scan-")), "probe.ts");
    fs.writeFileSync(
      file,
      'import { a } from "../../components/model/cost";\nimport type { B } from "../../components/model/findings";\nimport { type C } from "./c";\n',
    );
    assert.deepEqual(runtimeSpecifiers(file, { types: true }), [
      "../../components/model/cost",
      "../../components/model/findings",
      "./c",
    ]);
    assert.deepEqual(runtimeSpecifiers(file), ["../../components/model/cost", "./c"]);
  });

  it("every import of the pack, the harness and check/ resolves from inside policypack/ (s3-replication via the workspace package)", () => {
    const files = [
      ...OWN.flatMap((entry) => sources(entry)),
      path.join(PACK, "testing.ts"),
      ...sources("harness"),
      ...sources("check"),
    ].filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"));
    for (const file of files) {
      for (const spec of runtimeSpecifiers(file)) {
        if (spec.startsWith(".")) continue;
        assert.doesNotThrow(
          () => require.resolve(spec, { paths: [PACK] }),
          `${spec} from ${path.relative(PACK, file)}`,
        );
      }
    }

    const model = require(require.resolve("s3-replication/components/model", { paths: [PACK] })) as {
      analyzeReplication?: unknown;
    };
    assert.equal(typeof model.analyzeReplication, "function");
  });

  it("package.json declares every package policypack/ imports at runtime (Node builtins excepted), and nothing else", () => {
    const pkg = packageJson();
    const imported = new Map<string, string>();
    for (const file of runtimeFiles()) {
      for (const spec of runtimeSpecifiers(file)) {
        const name = packageOf(spec);
        if (name !== undefined && name !== pkg.name && !imported.has(name))
          imported.set(name, `${spec} from ${path.relative(PACK, file)}`);
      }
    }
    // The scanner must see the runtime imports that are easy to miss: a deep protobuf import and a require.resolve.
    assert.ok(imported.has("google-protobuf") && imported.has("@grpc/grpc-js"), [...imported.keys()].join(", "));
    const missing = [...imported]
      .filter(([name]) => pkg.dependencies[name] === undefined)
      .map(([name, where]) => `${name} (${where})`);
    assert.deepEqual(missing, [], "imported but not declared in policypack/package.json");
    const unused = Object.keys(pkg.dependencies).filter(
      (name) => !imported.has(name) && HOST_PACKAGES[name] === undefined,
    );
    assert.deepEqual(unused, [], "declared but never imported");
  });

  it("declared dependencies are exact versions, the ones package-lock.json installs", () => {
    const lock = readJson<{ packages: Record<string, { version?: string }> }>(path.join(ROOT, "package-lock.json"));
    const rootVersion = readJson<PackageJson>(path.join(ROOT, "package.json")).version;
    for (const [name, spec] of Object.entries(packageJson().dependencies)) {
      if (name === "s3-replication") {
        assert.equal(spec, "file:..", "the workspace dependency (prepare-publish.js pins it for publishing)");
        assert.ok(rootVersion);
        continue;
      }
      assert.match(spec, /^\d+\.\d+\.\d+$/, `${name}@${spec} is pinned`);
      assert.equal(
        lock.packages[`node_modules/${name}`]?.version,
        spec,
        `${name}: package-lock.json installs ${lock.packages[`node_modules/${name}`]?.version}`,
      );
      // (@pulumi/policy's own package.json spells its version "v1.21.0".)
      const installed = readJson<{ version: string }>(
        require.resolve(`${name}/package.json`, { paths: [PACK] }),
      ).version.replace(/^v/, "");
      assert.equal(installed, spec, `${name} resolves from policypack/ at ${installed}`);
    }
  });

  it("every policy has a kebab-case name, description, severity, default enforcement level and remediation steps", () => {
    const names = new Set<string>();
    for (const policy of policies) {
      assert.match(policy.name, /^[a-z0-9]+(-[a-z0-9]+)*$/);
      assert.ok(!names.has(policy.name), `duplicate ${policy.name}`);
      names.add(policy.name);
      assert.ok(policy.description.length > 20, policy.name);
      assert.ok(["low", "medium", "high", "critical"].includes(policy.severity ?? ""), `${policy.name} severity`);
      assert.ok(
        ["advisory", "mandatory"].includes(policy.enforcementLevel ?? ""),
        `${policy.name} default enforcement level`,
      );
      assert.ok((policy.remediationSteps ?? "").length > 40, `${policy.name} remediation steps`);
    }
  });

  it("policies with choices have a configSchema whose properties are typed and described", () => {
    const withChoices = ["s3-replication-checks"];
    for (const name of withChoices) assert.ok(policies.find((p) => p.name === name)?.configSchema, name);
    for (const policy of policies) {
      const schema = policy.configSchema as PolicyConfigSchema | undefined;
      if (!schema) continue;
      assert.ok(
        withChoices.includes(policy.name),
        `${policy.name} has a configSchema: add it to the README config table`,
      );
      for (const [property, definition] of Object.entries(schema.properties)) {
        const d = definition as { type?: unknown; description?: unknown };
        assert.ok(typeof d.type === "string", `${policy.name}.${property} type`);
        assert.ok(
          typeof d.description === "string" && d.description.length > 10,
          `${policy.name}.${property} description`,
        );
      }
    }
  });
});

/** A README table (under a heading, up to the next): `| \`name\` | severity | default | checks |`. */
function readmeTable(
  readme: string,
  heading = "## Policies",
): Array<{ name: string; severity: string; level: string; checks: string }> {
  const start = readme.indexOf(`${heading}\n`);
  const end = readme.indexOf("\n## ", start + heading.length);
  const section = readme.slice(start, end < 0 ? undefined : end);
  return [...section.matchAll(/^\| `([a-z0-9-]+)` \| (\w+) \| (\w+) \| (.+) \|$/gm)].map((m) => ({
    name: m[1]!,
    severity: m[2]!,
    level: m[3]!,
    checks: m[4]!,
  }));
}

/** Finding codes a text names (`S3R003-S3R005` ranges expanded). */
function codesIn(text: string): Set<string> {
  const codes = new Set<string>();
  for (const [, from, to] of text.matchAll(/S3R(\d{3})(?:-S3R(\d{3}))?/g)) {
    for (let n = Number(from); n <= Number(to ?? from); n++) codes.add(`S3R${String(n).padStart(3, "0")}`);
  }
  return codes;
}

describe("policy pack: README", () => {
  const readme = fs.readFileSync(path.join(PACK, "README.md"), "utf8");

  it("the policy table lists every policy once, in pack order, with its severity and default enforcement level", () => {
    const rows = readmeTable(readme);
    assert.deepEqual(
      rows.map((r) => r.name),
      policies.map((p) => p.name),
    );
    for (const policy of policies) {
      const row = rows.find((r) => r.name === policy.name)!;
      assert.equal(row.severity, policy.severity, `${policy.name} severity`);
      assert.equal(row.level, policy.enforcementLevel, `${policy.name} default`);
      assert.ok(row.checks.length > 20, `${policy.name} says what it checks`);
    }
  });

  it("the check table lists every check of the stack policy once, in report order, with its severity and default", () => {
    const rows = readmeTable(readme, "## Checks");
    assert.deepEqual(
      rows.map((r) => r.name),
      checks.map((c) => c.name),
    );
    for (const check of checks) {
      const row = rows.find((r) => r.name === check.name)!;
      assert.equal(row.severity, check.severity, `${check.name} severity`);
      assert.equal(row.level, check.enforcementLevel, `${check.name} default`);
    }
  });

  it("each row names exactly the finding codes its policy or check reports", () => {
    const reported = new Set<string>();
    for (const row of readmeTable(readme)) {
      const policy = policies.find((p) => p.name === row.name)!;
      const codes = codesIn(policy.remediationSteps ?? "");
      assert.deepEqual([...codesIn(row.checks)].sort(), [...codes].sort(), `${row.name}: README codes vs the policy's`);
      codes.forEach((code) => reported.add(code));
    }
    for (const row of readmeTable(readme, "## Checks")) {
      const check = checks.find((c) => c.name === row.name)!;
      const codes = codesIn(check.remediationSteps);
      assert.deepEqual([...codesIn(row.checks)].sort(), [...codes].sort(), `${row.name}: README codes vs the check's`);
      codes.forEach((code) => reported.add(code));
    }
    // Every catalogue code is reported by some policy.
    const unreported = Object.keys(FINDING_RULES).filter((code) => !reported.has(code));
    assert.deepEqual(unreported, []);
  });

  it("documents the local run, the publish steps and the config format", () => {
    assert.ok(readme.includes("pulumi preview --policy-pack ./policypack --policy-pack-config ./policy-config.json"));
    assert.ok(readme.includes("node policypack/prepare-publish.js"));
    assert.ok(readme.includes("cd DIR && npm install && pulumi policy publish ORG"));
  });

  it("the example config sets every configSchema property, and the engine accepts it", async () => {
    const block = /### Policy config[\s\S]*?```json\n([\s\S]*?)```/.exec(readme);
    assert.ok(block, "a JSON example under 'Policy config'");
    const config = JSON.parse(block[1]!) as Record<string, unknown>;
    for (const policy of policies) {
      const schema = policy.configSchema as PolicyConfigSchema | undefined;
      for (const property of Object.keys(schema?.properties ?? {})) {
        const entry = config[policy.name] as Record<string, unknown> | undefined;
        assert.ok(
          entry && typeof entry === "object" && property in entry,
          `the example sets ${policy.name}.${property}`,
        );
        assert.ok(
          new RegExp(`\\| \`${policy.name}\` \\| \`${property}\` \\|`).test(readme),
          `the config table documents ${policy.name}.${property}`,
        );
      }
    }
    for (const name of Object.keys(config))
      assert.ok(name === "all" || policies.some((p) => p.name === name), `${name} is a policy`);
    // Validated and applied as the engine does: the happy program passes with it...
    const result = await runPolicies(happyProgram(), { config });
    assert.deepEqual(
      result.violations.map((v) => `${v.policyName}: ${v.message}`),
      [],
    );
    // ...and its choices bite: a destination outside the allowed accounts is reported.
    const own = config["s3-replication-checks"] as Record<string, unknown>;
    const strict = await runPolicies(happyProgram(), {
      config: { ...config, "s3-replication-checks": { ...own, allowedDestinationAccounts: ["333333333333"] } },
    });
    assert.ok(
      strict.violations.some((v) => v.policyName === "replication-destination-allowed" && /S3R036/.test(v.message)),
    );
  });
});

describe("policy pack: prepare-publish.js", () => {
  const script = path.join(PACK, "prepare-publish.js");
  const rootPkg = readJson<PackageJson>(path.join(ROOT, "package.json"));
  let work: string;
  beforeEach(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "prepare-publish-"));
  });
  afterEach(() => {
    fs.rmSync(work, { recursive: true, force: true });
  });
  const repository = "https://git.test/acme/s3-replication";
  const runWith = (env: NodeJS.ProcessEnv, ...args: string[]): string =>
    execFileSync(process.execPath, [script, ...args], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, S3R_REPOSITORY_URL: "", ...env },
    });
  const run = (...args: string[]): string => runWith({}, ...args, "--repository", repository);

  it("is CommonJS with Node builtins only", () => {
    const specs = runtimeSpecifiers(script);
    assert.deepEqual(
      specs.filter((spec) => packageOf(spec) !== undefined),
      [],
    );
    assert.ok(!/^\s*(import|export)\s/m.test(fs.readFileSync(script, "utf8")));
  });

  it("copies the pack, pins s3-replication to the root package's exact version and prints the next commands", () => {
    const target = path.join(work, "publish");
    const out = run(target);
    const pkg = readJson<PackageJson>(path.join(target, "package.json"));
    assert.equal(pkg.dependencies["s3-replication"], rootPkg.version);
    const { ["s3-replication"]: _core, ...others } = pkg.dependencies;
    const { ["s3-replication"]: _local, ...expected } = packageJson().dependencies;
    assert.deepEqual(others, expected, "the other dependencies are unchanged");
    assert.equal(pkg.version, packageJson().version);
    assert.equal(
      pkg.main,
      "index.js",
      "the published entry is compiled JavaScript (the host's ts-node compiles nothing)",
    );
    assert.ok(!fs.existsSync(path.join(target, "main.js")) && !fs.existsSync(path.join(target, "devCache.js")));
    assert.ok(
      !Object.values(pkg.dependencies).some((spec) => /^(file|link|workspace):/.test(spec)),
      "nothing resolves outside the directory",
    );
    assert.ok(out.includes(`cd ${target} && npm install && pulumi policy publish ORG`), out);
    assert.ok(out.includes("pulumi policy enable ORG/s3-replication latest"), out);
    for (const needed of [
      "PulumiPolicy.yaml",
      "index.js",
      "policies.js",
      "README.md",
      "testing.js",
      path.join("policies", "common.js"),
      path.join("mapping", "stack.js"),
      path.join("harness", "mockMonitor.js"),
    ]) {
      assert.ok(fs.existsSync(path.join(target, needed)), needed);
    }
    const copied = sources(".", target).map((file) => path.relative(target, file));
    // Compiled JavaScript only, one .js per source the pack would copy, without source map comments.
    assert.deepEqual(
      copied.filter((file) => /\.ts$/.test(file)),
      [],
    );
    const expectedJs = runtimeFiles()
      .map((file) => path.relative(PACK, file))
      .filter((file) => /\.ts$/.test(file) && !file.startsWith("check/"))
      .map((file) => file.replace(/\.ts$/, ".js"))
      .sort();
    assert.deepEqual(copied.filter((file) => /\.js$/.test(file)).sort(), expectedJs);
    assert.ok(!fs.readFileSync(path.join(target, "index.js"), "utf8").includes("sourceMappingURL"));
    assert.deepEqual(
      copied.filter(
        (file) =>
          /(^|\/)(node_modules|test|tests)\//.test(file) ||
          /\.(test|spec)\.[jt]s$/.test(file) ||
          file === "prepare-publish.js" ||
          file.startsWith("check/"),
      ),
      [],
    );
    for (const file of runtimeFiles(target)) {
      for (const spec of runtimeSpecifiers(file)) {
        if (spec.startsWith(".")) {
          const resolved = path.resolve(path.dirname(file), spec);
          assert.ok(
            resolved.startsWith(target + path.sep),
            `${path.relative(target, file)} imports ${spec} outside the directory`,
          );
          assert.ok(
            fs.existsSync(`${resolved}.js`) ||
              fs.existsSync(path.join(resolved, "index.js")) ||
              fs.existsSync(resolved),
            `${spec} from ${path.relative(target, file)} exists in the copy`,
          );
        } else {
          const name = packageOf(spec);
          assert.ok(
            name === undefined || pkg.dependencies[name] !== undefined,
            `${spec} from ${path.relative(target, file)} is declared`,
          );
        }
      }
    }
    if (/\.ts$/.test(rootPkg.main ?? "")) assert.match(out, /ships TypeScript sources.*\n.*--vendor/);
  });

  it("writes repository, homepage and bugs from the repository URL (--repository or S3R_REPOSITORY_URL)", () => {
    run(path.join(work, "flag"));
    const expected = {
      repository: { type: "git", url: "git+https://git.test/acme/s3-replication.git", directory: "policypack" },
      homepage: "https://git.test/acme/s3-replication#readme",
      bugs: { url: "https://git.test/acme/s3-replication/issues" },
    };
    const links = (dir: string): unknown => {
      const { repository: r, homepage, bugs } = readJson<Record<string, unknown>>(path.join(dir, "package.json"));
      return { repository: r, homepage, bugs };
    };
    assert.deepEqual(links(path.join(work, "flag")), expected);
    runWith({ S3R_REPOSITORY_URL: "git+https://git.test/acme/s3-replication.git" }, path.join(work, "env"));
    assert.deepEqual(links(path.join(work, "env")), expected);
  });

  it("refuses to prepare without a repository URL, or with the docs' placeholder, and makes nothing", () => {
    // The root package.json names no repository (there is no public address yet): nothing to fall back on.
    assert.throws(() => runWith({}, path.join(work, "none")), /no repository URL: pass --repository/);
    assert.ok(!fs.existsSync(path.join(work, "none")));
    assert.throws(
      () => runWith({}, path.join(work, "placeholder"), "--repository", "https://github.com/OWNER/s3-replication"),
      /placeholder/,
    );
    assert.throws(() => runWith({}, path.join(work, "bad"), "--repository", "s3-replication"), /is not https:/);
    assert.ok(!fs.existsSync(path.join(work, "placeholder")) && !fs.existsSync(path.join(work, "bad")));
  });

  it("refuses a directory it did not make, replaces one it made", () => {
    const target = path.join(work, "publish");
    fs.mkdirSync(target);
    fs.writeFileSync(path.join(target, "mine.txt"), "");
    assert.throws(() => run(target), /was not made by this script/);
    assert.ok(fs.existsSync(path.join(target, "mine.txt")));
    fs.rmSync(target, { recursive: true });
    run(target);
    fs.writeFileSync(path.join(target, "stale.txt"), "");
    run(target);
    assert.ok(!fs.existsSync(path.join(target, "stale.txt")));
  });

  it("defaults to policypack-publish under the OS temp directory", () => {
    const out = execFileSync(process.execPath, [script, "--help"], { encoding: "utf8" });
    assert.match(out, /Usage/);
    assert.ok(fs.readFileSync(script, "utf8").includes('path.join(os.tmpdir(), "policypack-publish")'));
  });
});
