/**
 * The npm package as a consumer gets it, offline: `npm pack`, `npm install <tarball>` into a fresh
 * project with its own @pulumi/pulumi and @pulumi/aws, the README's two-provider program compiled
 * with tsc in strict mode against the installed declarations, run under the Pulumi SDK's mock
 * runtime, judged by `runPolicies` from the installed harness, and its stack export checked by the
 * installed `s3-replication check`.
 */

import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { ROOT, cleanEnv, freshProject, lockedVersion, pack, type Packed } from "../support/install";
import { USER_COMPILER_OPTIONS, samples } from "../support/samples";

/** The README's shortest two-provider program, as the user copies it. */
function readmeProgram(): string {
  const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## The shortest two-provider program"));
  const program = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
  if (!program) throw new Error("README.md: no TypeScript block under 'The shortest two-provider program'");
  return program;
}

/** Pulumi's TypeScript project template tsconfig, strict, nothing skipped, emitting into bin/. */
const TSCONFIG = {
  compilerOptions: { ...USER_COMPILER_OPTIONS, noEmit: false, types: ["node"], outDir: "bin", sourceMap: true },
  files: ["index.ts", "test.ts"],
};

/** tsc -p CONFIG in the project; fails with its output. */
function compile(project: string, config: string): void {
  const tsc = spawnSync(process.execPath, [path.join(ROOT, "node_modules/typescript/bin/tsc"), "-p", config], {
    cwd: project,
    encoding: "utf8",
    env: cleanEnv(),
  });
  assert.equal(tsc.status, 0, tsc.stdout + tsc.stderr);
}

/** The program under the SDK's mock runtime (pulumi.runtime.setMocks), then the harness, then the export. */
const TEST = `import * as fs from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import { runPolicies, toStackExport } from "s3-replication/policypack/testing";

const ACCOUNT: Record<string, string> = { source: "111111111111" };

async function main(): Promise<void> {
  // 1. The Pulumi SDK's own unit-test runtime.
  const created: string[] = [];
  pulumi.runtime.setMocks({
    newResource: (args) => {
      created.push(args.type);
      const id = \`\${args.name}-id\`;
      const region = String(args.inputs["region"] ?? "us-east-1");
      if (args.type === "aws:kms/key:Key") {
        const keyId = \`1234abcd-12ab-34cd-56ef-\${String(created.length).padStart(12, "0")}\`;
        return { id: keyId, state: { ...args.inputs, keyId, arn: \`arn:aws:kms:\${region}:111111111111:key/\${keyId}\` } };
      }
      if (args.type === "aws:s3/bucket:Bucket" || args.type === "aws:s3/bucketV2:BucketV2") {
        const bucket = String(args.inputs["bucket"] ?? args.name);
        return { id: bucket, state: { ...args.inputs, bucket, arn: \`arn:aws:s3:::\${bucket}\` } };
      }
      if (args.type === "aws:iam/role:Role") {
        const name = String(args.inputs["name"] ?? args.name);
        return { id: name, state: { ...args.inputs, name, arn: \`arn:aws:iam::111111111111:role/\${name}\` } };
      }
      return { id, state: { ...args.inputs } };
    },
    call: (args) => {
      if (args.token === "aws:index/getCallerIdentity:getCallerIdentity") return { accountId: "111111111111", arn: "arn:aws:iam::111111111111:user/ci", userId: "ci" };
      if (args.token === "aws:index/getRegion:getRegion") return { name: "us-east-1", region: "us-east-1", id: "us-east-1" };
      if (args.token === "aws:index/getPartition:getPartition") return { partition: "aws", dnsSuffix: "amazonaws.com", id: "aws" };
      throw new Error(\`unmocked call \${args.token}\`);
    },
  }, "consumer", "test", false);
  const program: { sourceBucket: pulumi.Output<string>; destinationBuckets: pulumi.Output<Record<string, string>> } = require("./index");
  const [source, destinations] = await new Promise<[string, Record<string, string>]>((resolve) =>
    pulumi.all([program.sourceBucket, program.destinationBuckets]).apply(([s, d]) => resolve([s, d])));
  console.log(\`mock runtime: \${created.length} resources, source bucket \${source}, destinations \${JSON.stringify(destinations)}\`);

  // 2. The installed harness and pack, preview and update.
  for (const preview of [true, false]) {
    const result = await runPolicies(() => {
      delete require.cache[require.resolve("./index")];
      require("./index");
    }, { preview, accounts: ACCOUNT });
    const mandatory = result.violations.filter((v) => v.enforcementLevel === "mandatory");
    console.log(\`runPolicies \${preview ? "preview" : "update "}: \${result.resources.length} resources, \${mandatory.length} mandatory violation(s), \${result.violations.length - mandatory.length} advisory\`);
    for (const v of mandatory) console.log(\`  \${v.policyName}: \${v.message}\`);
    if (!preview) fs.writeFileSync("stack.json", JSON.stringify(toStackExport(result), null, 2));
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
`;

describe("npm package: installed from the tarball into a fresh project", function () {
  this.timeout(300_000);
  let packed: Packed;
  let project: string;

  before(() => {
    const started = Date.now();
    packed = pack();
    const packedAt = Date.now();
    const dependencies = Object.fromEntries(
      ["@pulumi/pulumi", "@pulumi/aws", "@pulumi/policy", "google-protobuf", "@types/node", "@types/mocha"].map(
        (name) => [name, lockedVersion(name)],
      ),
    );
    project = freshProject(
      "s3r-consumer-",
      dependencies,
      {
        "index.ts": readmeProgram(),
        "test.ts": TEST,
        "tsconfig.json": JSON.stringify(TSCONFIG, null, 2),
        ...Object.fromEntries(samples().map((sample) => [`samples/${sample.file}`, sample.text])),
        "samples/tsconfig.json": JSON.stringify({ compilerOptions: USER_COMPILER_OPTIONS, include: ["*.ts"] }, null, 2),
      },
      packed.tarball,
    );
    console.log(
      `      npm pack ${((packedAt - started) / 1000).toFixed(0)} s, fresh project and npm install ${((Date.now() - packedAt) / 1000).toFixed(0)} s (offline)`,
    );
  });

  it("ships the compiled entry points, declarations, the bin and the licence, and nothing else", () => {
    const { files } = packed;
    for (const file of [
      "package.json",
      "README.md",
      "LICENSE",
      "dist/policypack/check/bin.js",
      "dist/components/index.js",
      "dist/components/index.d.ts",
      "dist/components/model/index.js",
      "dist/policypack/testing.js",
      "dist/policypack/testing.d.ts",
      "dist/policypack/check/cli.js",
    ]) {
      assert.ok(files.includes(file), `${file} is in the tarball`);
    }
    const unexpected = files.filter(
      (f) =>
        !/^dist\/(components|policypack)\/.*\.(js|d\.ts)$/.test(f) &&
        !["package.json", "README.md", "LICENSE", "CHANGELOG.md", "dist/policypack/package.json"].includes(f),
    );
    assert.deepEqual(unexpected, [], "no TypeScript source, test, plugin file or build script");
    assert.deepEqual(
      files.filter((f) =>
        /development link/.test(fs.readFileSync(path.join(project, "node_modules/s3-replication", f), "utf8")),
      ),
      [],
      "no development link",
    );
    assert.deepEqual(
      files.filter((f) => f.startsWith("dist/policypack/index.")),
      [],
      "the pack's PolicyPack entry is not part of the library",
    );
  });

  it("leaves no compiled file in the working tree, and dist/ back to the development links", () => {
    const compiled = (dir: string): string[] =>
      fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) return entry.name === "node_modules" ? [] : compiled(full);
        return /\.(js|d\.ts)$/.test(entry.name) && fs.existsSync(full.replace(/(\.d\.ts|\.js)$/, ".ts"))
          ? [path.relative(ROOT, full)]
          : [];
      });
    assert.deepEqual([...compiled(path.join(ROOT, "components")), ...compiled(path.join(ROOT, "policypack"))], []);
    const dist = (dir: string): string[] =>
      fs
        .readdirSync(dir, { withFileTypes: true })
        .flatMap((entry) => (entry.isDirectory() ? dist(path.join(dir, entry.name)) : [path.join(dir, entry.name)]));
    const built = dist(path.join(ROOT, "dist", "components")).filter(
      (f) => !fs.readFileSync(f, "utf8").includes("development link"),
    );
    assert.deepEqual(built, []);
  });

  it("uses the project's own @pulumi/pulumi and @pulumi/aws (peer dependencies), no second copy", () => {
    const nested = path.join(project, "node_modules/s3-replication/node_modules");
    assert.equal(
      fs.existsSync(nested),
      false,
      `${nested} exists: ${fs.existsSync(nested) ? fs.readdirSync(nested).join(", ") : ""}`,
    );
    const manifest = JSON.parse(
      fs.readFileSync(path.join(project, "node_modules/s3-replication/package.json"), "utf8"),
    ) as Record<string, Record<string, string> | undefined>;
    assert.deepEqual(
      manifest["dependencies"] ?? {},
      Object.fromEntries(
        Object.entries(manifest["dependencies"] ?? {}).filter(([name]) => !name.startsWith("@pulumi/")),
      ),
    );
    assert.deepEqual(Object.keys(manifest["peerDependencies"] ?? {}).sort(), [
      "@pulumi/aws",
      "@pulumi/policy",
      "@pulumi/pulumi",
      "google-protobuf",
    ]);
    assert.equal(manifest["scripts"]?.["postinstall"], undefined);
    assert.equal(manifest["scripts"]?.["install"], undefined);
  });

  it("compiles the README's two-provider program and a test with tsc --strict against the installed declarations", () => {
    compile(project, "tsconfig.json");
    assert.ok(fs.existsSync(path.join(project, "bin/index.js")));
  });

  it("compiles every TypeScript sample of README.md, docs/*.md and the sources' @example doc comments with tsc --strict against the installed package", () => {
    assert.ok(fs.readdirSync(path.join(project, "samples")).some((file) => file.startsWith("components-")));
    compile(project, "samples/tsconfig.json");
  });

  it("runs it under the mock runtime, passes the installed pack, and `s3-replication check` agrees", () => {
    const run = spawnSync(process.execPath, ["bin/test.js"], { cwd: project, encoding: "utf8", env: cleanEnv() });
    assert.equal(run.status, 0, run.stdout + run.stderr);
    console.log(run.stdout.replace(/^/gm, "      "));
    assert.match(run.stdout, /^mock runtime: \d+ resources, source bucket \S+, destinations \{"dr":"\S+"\}$/m);
    const version = JSON.parse(fs.readFileSync(path.join(ROOT, "policypack/package.json"), "utf8")).version as string;
    // In preview the pack notes (advisory) what it can judge only at `up`; nothing mandatory fails.
    assert.match(run.stdout, /^runPolicies preview: \d+ resources, 0 mandatory violation\(s\), \d+ advisory$/m);
    assert.match(run.stdout, /^runPolicies update : \d+ resources, 0 mandatory violation\(s\), 0 advisory$/m);
    const check = spawnSync(path.join(project, "node_modules/.bin/s3-replication"), ["check", "stack.json"], {
      cwd: project,
      encoding: "utf8",
      env: cleanEnv(),
    });
    console.log(check.stdout.replace(/^/gm, "      "));
    assert.equal(check.status, 0, check.stdout + check.stderr);
    assert.match(check.stdout, new RegExp(`^policy pack s3-replication@${version.replace(/\./g, "\\.")}$`, "m"));
    assert.match(check.stdout, /^0 finding\(s\)/m);
  });

  it("exposes only the documented entry points", () => {
    const probe = (specifier: string): string => {
      const r = spawnSync(process.execPath, ["-e", `require(${JSON.stringify(specifier)}); console.log("ok")`], {
        cwd: project,
        encoding: "utf8",
        env: cleanEnv(),
      });
      return r.status === 0 ? "ok" : /ERR_PACKAGE_PATH_NOT_EXPORTED/.test(r.stderr) ? "not exported" : r.stderr;
    };
    assert.deepEqual(
      [
        "s3-replication",
        "s3-replication/components/model",
        "s3-replication/components/documents",
        "s3-replication/policypack/testing",
        "s3-replication/package.json",
      ].map(probe),
      ["ok", "ok", "ok", "ok", "ok"],
    );
    assert.deepEqual(
      [
        "s3-replication/policypack/policies",
        "s3-replication/dist/components/index.js",
        "s3-replication/policypack/check/cli",
      ].map(probe),
      ["not exported", "not exported", "not exported"],
    );
    execFileSync(
      process.execPath,
      [
        "-e",
        'const m = require("s3-replication"); if (typeof m.S3Replication !== "function") throw new Error("no S3Replication")',
      ],
      { cwd: project, env: cleanEnv() },
    );
  });
});
