/**
 * The npm package as a consumer gets it: `npm pack` compiles components/ and policypack/ to
 * JavaScript with declarations (prepack) and leaves the tree clean (postpack); the tarball
 * holds no TypeScript sources, and plain Node (no ts-node) can load the components, the core,
 * the offline harness, the pack's policies (which reach the core by package name) and the CLI.
 */

import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "../..");

describe("npm package (npm pack)", function () {
  this.timeout(180_000);
  let consumer: string;
  let files: string[];

  before(() => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "s3r-pack-"));
    const output = execFileSync("npm", ["pack", "--silent", "--pack-destination", work], { cwd: ROOT, encoding: "utf8" }).trim().split("\n").pop() ?? "";
    consumer = path.join(work, "consumer");
    const installed = path.join(consumer, "node_modules", "s3-replication");
    fs.mkdirSync(installed, { recursive: true });
    execFileSync("tar", ["xzf", path.join(work, output), "-C", installed, "--strip-components=1"]);
    // The package's dependencies, as npm would install them beside it.
    for (const dependency of ["@pulumi", "google-protobuf", "@grpc"]) {
      fs.symlinkSync(path.join(ROOT, "node_modules", dependency), path.join(consumer, "node_modules", dependency));
    }
    const list = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => entry.isDirectory() ? list(path.join(dir, entry.name)) : [path.relative(installed, path.join(dir, entry.name))]);
    files = list(installed);
  });

  it("leaves no generated file in the working tree (a .js or .d.ts beside its .ts source would shadow it)", () => {
    const generated = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return entry.name === "node_modules" ? [] : generated(full);
      const source = full.replace(/(\.d\.ts|\.js)$/, ".ts");
      return source !== full && fs.existsSync(source) ? [path.relative(ROOT, full)] : [];
    });
    assert.deepEqual([...generated(path.join(ROOT, "components")), ...generated(path.join(ROOT, "policypack"))], []);
  });

  it("ships JavaScript and declarations, no TypeScript sources, no tests", () => {
    assert.ok(files.includes("components/index.js") && files.includes("components/index.d.ts"));
    assert.ok(files.includes("policypack/testing.js") && files.includes("policypack/check/cli.js"));
    assert.deepEqual(files.filter((file) => file.endsWith(".ts") && !file.endsWith(".d.ts")), []);
    assert.deepEqual(files.filter((file) => file.startsWith("test/") || file === "components/build.js"), []);
  });

  it("loads under plain Node: components, core, harness, the pack's policies and the CLI", () => {
    const script = [
      'const lib = require("s3-replication");',
      'const model = require("s3-replication/components/model");',
      'const { runPolicies } = require("s3-replication/policypack/testing");',
      'const { policies } = require("s3-replication/policypack/policies");',
      'if (typeof lib.S3Replication !== "function" || typeof model.analyzeReplication !== "function" || typeof runPolicies !== "function") throw new Error("missing export");',
      'console.log(policies.length);',
    ].join("\n");
    const result = spawnSync(process.execPath, ["-e", script], { cwd: consumer, encoding: "utf8" });
    assert.equal(result.status, 0, result.stderr);
    assert.ok(Number(result.stdout.trim()) >= 20);
    const cli = spawnSync(process.execPath, [path.join(consumer, "node_modules/s3-replication/policypack/check/bin.js"), "--help"], { cwd: consumer, encoding: "utf8" });
    assert.equal(cli.status, 0, cli.stderr);
    assert.match(cli.stdout, /s3-replication check FILE/);
  });
});
