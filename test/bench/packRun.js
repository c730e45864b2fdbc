// The pack through the harness's analyzer driver, as a process: reads the export with the
// checker's reader and runs the policies inside @pulumi/policy's analyzer server, as `pulumi
// preview --policy-pack` runs them (Analyze on every resource, AnalyzeStack once), no report. `node packRun.js ROOT FILE`: ROOT is a compiled tree (see test/bench.ts). Prints
// the number of violations.
"use strict";
const fs = require("fs");
const path = require("path");
const root = process.argv[2];
const { readStackExport } = require(path.join(root, "policypack", "check", "exportReader"));
const { runChecks, defaultPolicySet } = require(path.join(root, "policypack", "check", "engine"));
const stack = readStackExport(fs.readFileSync(process.argv[3], "utf8"), process.argv[3]);
runChecks(stack, defaultPolicySet(), {}, { engine: "sdk-server" }).then(
  (result) => {
    process.stdout.write(`${result.violations.length} violations\n`);
  },
  (error) => {
    process.stderr.write(`${error && error.message}\n`);
    process.exitCode = 1;
  },
);
