/**
 * The publishable pack, installed as the Pulumi service installs a published pack: prepare-publish.js
 * (both modes) makes the directory `pulumi policy publish` uploads, `npm install` runs in it, and the
 * pack's entry loads as the policy host loads it (ts-node, type check on, the host's compiler
 * options) and serves every policy from compiled JavaScript: no TypeScript module is loaded. Offline, from the npm cache: the registry packages come at the repository's
 * locked versions (a lockfile written beside the package.json); in registry mode, s3-replication
 * at the root package's version is the tarball `npm pack` makes, what `npm publish` would upload.
 */

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { policies } from "../../policypack/policies";
import { ROOT, cleanEnv, lockedVersion, npm, pack, tarballEntry, writeLock } from "../support/install";

const PACK = path.join(ROOT, "policypack");

/**
 * Loads a pack directory the way @pulumi/pulumi's run-policy-pack does: typescript and ts-node
 * resolved from @pulumi/pulumi and registered with type checking, no tsconfig.json (skipProject)
 * with its default compiler options, then `require(DIR)` (package.json main, which constructs the
 * PolicyPack; @pulumi/policy's serve is replaced by a recorder, no gRPC server). Prints the
 * policies served and the TypeScript modules loaded (none when the pack is compiled JavaScript).
 */
const HOST_LOADER = `
const path = require("path"); const fs = require("fs");
const [dir] = process.argv.slice(1);
process.chdir(dir);
const pulumi = path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [dir] }));
const compiler = require.resolve("typescript", { paths: [pulumi] });
require(require.resolve("ts-node", { paths: [pulumi] })).register({
  typeCheck: true, skipProject: !fs.existsSync("tsconfig.json"), compiler,
  compilerOptions: { target: "ES2020", module: "nodenext", moduleResolution: "nodenext", sourceMap: "true" },
});
const server = require(require.resolve("@pulumi/policy/server", { paths: [dir] }));
let served;
server.serve = (name, version, level, args) => { served = args.policies.map((p) => p.name); };
require(dir);
const typescript = Object.keys(require.cache).filter((file) => /\\.tsx?$/.test(file));
process.stdout.write(JSON.stringify({ policies: served, typescript }));
`;

interface Manifest {
  name: string;
  version: string;
  main?: string;
  license?: string;
  dependencies: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

const readJson = <T>(file: string): T => JSON.parse(fs.readFileSync(file, "utf8")) as T;

/** prepare-publish.js into a fresh directory; returns the directory. */
function prepare(...flags: string[]): string {
  const target = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "s3r-publish-")), "pack");
  const repository = ["--repository", "https://git.test/acme/s3-replication"];
  execFileSync(process.execPath, [path.join(PACK, "prepare-publish.js"), target, ...repository, ...flags], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  return target;
}

/** What the policy host loads from the directory: the policies its entry serves, the .ts modules loaded. */
function load(dir: string): unknown {
  return JSON.parse(
    execFileSync(process.execPath, ["-e", HOST_LOADER, dir], {
      cwd: dir,
      encoding: "utf8",
      env: cleanEnv(),
      stdio: ["ignore", "pipe", "pipe"],
    }),
  );
}

/** What the published pack must serve: every policy, from compiled JavaScript only. */
const SERVED = { policies: policies.map((p) => p.name), typescript: [] };

/** The prepared directory holds compiled JavaScript only: no .ts file outside node_modules, main index.js. */
function assertCompiled(dir: string, pkg: { main?: string }): void {
  assert.equal(pkg.main, "index.js");
  const typescript = (fs.readdirSync(dir, { recursive: true }) as string[]).filter(
    (file) => !file.split(path.sep).includes("node_modules") && /\.ts$/.test(file),
  );
  assert.deepEqual(typescript, []);
}

/** The pack's registry dependencies (exact versions), s3-replication left out, plus s3-replication's own (which npm installs beside it). */
function registryDependencies(pkg: Manifest): Record<string, string> {
  const root = readJson<Manifest>(path.join(ROOT, "package.json"));
  return {
    ...root.dependencies,
    ...Object.fromEntries(Object.entries(pkg.dependencies).filter(([name]) => name !== "s3-replication")),
  };
}

describe("published policy pack: npm install in the prepared directory, then the policy host loads it", function () {
  this.timeout(300_000);

  it("registry mode: s3-replication at the root package's version, as npm publish uploads it", () => {
    const { tarball } = pack();
    const dir = prepare();
    const pkg = readJson<Manifest>(path.join(dir, "package.json"));
    const root = readJson<Manifest>(path.join(ROOT, "package.json"));
    assert.equal(pkg.dependencies["s3-replication"], root.version);
    // The registry would serve this tarball for s3-replication@VERSION: lock it to the file.
    // npm installs the package's required peers beside it (@pulumi/aws: the pack itself never loads it).
    const peers = Object.keys(root.peerDependencies ?? {}).filter(
      (name) => !root.peerDependenciesMeta?.[name]?.optional && pkg.dependencies[name] === undefined,
    );
    writeLock(
      dir,
      { ...registryDependencies(pkg), ...Object.fromEntries(peers.map((name) => [name, lockedVersion(name)])) },
      { "node_modules/s3-replication": tarballEntry(tarball) },
    );
    npm(dir, ["install"]);
    assert.equal(readJson<Manifest>(path.join(dir, "node_modules/s3-replication/package.json")).version, root.version);
    assert.ok(
      fs.existsSync(path.join(dir, "node_modules/s3-replication/dist/components/model/index.js")),
      "the compiled package, not a development link",
    );
    assertCompiled(dir, pkg);
    assert.deepEqual(load(dir), SERVED);
  });

  it("--vendor: the core travels in vendor/ as a file: dependency", () => {
    const dir = prepare("--vendor");
    const pkg = readJson<Manifest>(path.join(dir, "package.json"));
    assert.equal(pkg.dependencies["s3-replication"], "file:./vendor/s3-replication");
    writeLock(dir, registryDependencies(pkg));
    npm(dir, ["install"]);
    assert.equal(
      fs.realpathSync(path.join(dir, "node_modules/s3-replication")),
      fs.realpathSync(path.join(dir, "vendor/s3-replication")),
    );
    assertCompiled(dir, pkg);
    assert.deepEqual(load(dir), SERVED);
  });
});
