/**
 * The `s3-replication` command (policypack/check/bin.js) where a peer dependency is missing: the
 * components need only @pulumi/pulumi and @pulumi/aws, so @pulumi/policy is an optional peer, but
 * the checker cannot run without it, and says in one line what to install.
 */

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "../..");

/** An installed-package layout outside the repository whose compiled cli.js requires `module`. */
function installedWith(module: string): string {
  const pkg = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "s3r-bin-")), "s3-replication");
  const check = path.join(pkg, "dist", "policypack", "check");
  fs.mkdirSync(check, { recursive: true });
  fs.copyFileSync(path.join(ROOT, "package.json"), path.join(pkg, "package.json"));
  fs.copyFileSync(path.join(ROOT, "policypack", "check", "bin.js"), path.join(check, "bin.js"));
  fs.writeFileSync(path.join(check, "cli.js"), `require(${JSON.stringify(module)});\n`);
  return path.join(check, "bin.js");
}

const run = (bin: string) =>
  spawnSync(process.execPath, [bin, "check", "stack.json"], { encoding: "utf8", env: { PATH: process.env["PATH"] } });

describe("s3-replication command: a missing peer dependency", () => {
  it("names @pulumi/policy and the install command with the package's peer range, in one line, exit 2", () => {
    const range = (
      JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
        peerDependencies: Record<string, string>;
      }
    ).peerDependencies["@pulumi/policy"];
    const r = run(installedWith("@pulumi/policy/policy/server"));
    assert.equal(r.status, 2);
    assert.equal(
      r.stderr,
      `s3-replication: the command needs @pulumi/policy, a peer dependency that is not installed: npm install --save-dev "@pulumi/policy@${range}"\n`,
    );
  });

  it("reports any other missing module as it is", () => {
    const r = run(installedWith("./nowhere"));
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^s3-replication: cannot start: Cannot find module '\.\/nowhere'\n$/);
  });
});
