/**
 * `npm install <git url>`: what a user gets before the package is on the registry. npm clones the
 * repository, runs `npm install` and `prepare` there (never `prepack`) and packs the clone; the
 * package must then be the compiled one, as from `npm pack`. Offline: a fresh clone of this
 * repository's HEAD (committed files only) is installed from its `git+file://` URL into a fresh
 * project, every other package from the npm cache at the repository's locked versions. Every
 * entry point is required and the bin runs. (`github:owner/repo` takes the same path in npm: a
 * git clone, then the same `prepare`.)
 */

import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ROOT, cleanEnv, lockedVersion, npm, writeLock, type LockEntry } from "../support/install";

interface Manifest extends LockEntry {
  name: string;
  version: string;
  exports: Record<string, unknown>;
  bin: Record<string, string>;
}

const git = (cwd: string, args: string[]): string => execFileSync("git", args, { cwd, encoding: "utf8" }).trim();

describe("npm install from a git URL (git+file:// of a fresh clone) into a fresh project", function () {
  this.timeout(600_000);
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as Manifest;
  let project: string;

  before(() => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "s3r-git-install-"));
    const clone = path.join(work, "clone");
    const head = git(ROOT, ["rev-parse", "HEAD"]);
    git(work, ["clone", "--quiet", ROOT, clone]);
    git(clone, ["checkout", "--quiet", head]);
    project = path.join(work, "project");
    fs.mkdirSync(project);
    const url = `git+file://${clone}#${head}`;
    const registry = Object.fromEntries(
      ["@pulumi/pulumi", "@pulumi/aws", "@pulumi/policy", "google-protobuf"].map((name) => [name, lockedVersion(name)]),
    );
    const pkg = {
      name: "consumer",
      version: "1.0.0",
      private: true,
      dependencies: { ...registry, [manifest.name]: url },
    };
    fs.writeFileSync(path.join(project, "package.json"), `${JSON.stringify(pkg, null, 2)}\n`);
    // What npm records for a git dependency: the commit URL, the package's own manifest fields.
    const entry: LockEntry = { version: manifest.version, resolved: url };
    for (const key of ["license", "dependencies", "peerDependencies", "peerDependenciesMeta", "bin", "engines"])
      if (manifest[key] !== undefined) entry[key] = manifest[key];
    writeLock(project, { ...registry, ...manifest.dependencies }, { [`node_modules/${manifest.name}`]: entry });
    const started = Date.now();
    npm(project, ["install"]);
    console.log(
      `      npm install ${url.replace(work, "TMP")}: ${((Date.now() - started) / 1000).toFixed(0)} s (offline)`,
    );
  });

  it("installs the compiled package: no development link, no TypeScript source", () => {
    const installed = path.join(project, "node_modules", manifest.name);
    const files = execFileSync("find", [".", "-type", "f", "-not", "-path", "./node_modules/*"], {
      cwd: installed,
      encoding: "utf8",
    })
      .split("\n")
      .filter(Boolean);
    assert.ok(files.includes("./dist/components/index.js"), files.join("\n"));
    assert.deepEqual(
      files.filter((f) => /\.ts$/.test(f) && !/\.d\.ts$/.test(f)),
      [],
    );
    for (const file of files.filter((f) => /\.js$/.test(f)))
      assert.ok(!fs.readFileSync(path.join(installed, file), "utf8").includes("development link"), file);
  });

  it("requires every entry point of `exports`", () => {
    for (const subpath of Object.keys(manifest.exports)) {
      const specifier = `${manifest.name}${subpath.slice(1)}`;
      const r = spawnSync(process.execPath, ["-e", `require(${JSON.stringify(specifier)})`], {
        cwd: project,
        encoding: "utf8",
        env: cleanEnv(),
      });
      assert.equal(r.status, 0, `${specifier}: ${r.stderr}`);
    }
  });

  it("runs the bin", () => {
    for (const bin of Object.keys(manifest.bin)) {
      const r = spawnSync(path.join(project, "node_modules", ".bin", bin), ["--help"], {
        cwd: project,
        encoding: "utf8",
        env: cleanEnv(),
      });
      assert.equal(r.status, 0, r.stdout + r.stderr);
      assert.match(r.stdout, /check/);
    }
  });
});
