// A policy pack through the harness's analyzer driver, as a process: reads the export with the
// checker's reader and runs the policies inside @pulumi/policy's analyzer server, as `pulumi
// preview --policy-pack` runs them (Analyze on every resource, AnalyzeStack once), no report.
// `node packRun.js ROOT FILE [WHICH]`: ROOT is a compiled tree (see test/bench.ts); WHICH is `pack`
// (default: this repository's pack), `none` (the same path with no policy at all: the floor of the
// server path) or the path of a module exporting `policies` (the peer, test/bench/peer/awsguard.js).
// Prints the number of violations.
"use strict";
const fs = require("fs");
const path = require("path");
const root = process.argv[2];
const which = process.argv[4] ?? "pack";
const { readStackExport } = require(path.join(root, "policypack", "check", "exportReader"));
const engine = require(path.join(root, "policypack", "check", "engine"));
const set =
  which === "pack"
    ? engine.defaultPolicySet()
    : which === "none"
      ? { policies: [] }
      : engine.loadPolicySet(path.resolve(which));
const stack = readStackExport(fs.readFileSync(process.argv[3], "utf8"), process.argv[3]);
engine.runChecks(stack, set, {}, { engine: "sdk-server" }).then(
  (result) => {
    process.stdout.write(`${result.violations.length} violations\n`);
  },
  (error) => {
    process.stderr.write(`${error && error.message}\n`);
    process.exitCode = 1;
  },
);
