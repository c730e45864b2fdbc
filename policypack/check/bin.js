#!/usr/bin/env node
// `s3-replication` command. In the installed package (dist/policypack/check/, where the build copies
// this file) it runs the compiled cli.js beside it; in a clone it runs cli.ts through ts-node
// (transpile only, the repository's tsconfig), so it works after `npm ci` with no build step.
"use strict";
const fs = require("fs");
const path = require("path");
let cli;
try {
  if (fs.existsSync(path.join(__dirname, "cli.js"))) {
    cli = require("./cli.js");
  } else {
    require("ts-node").register({ transpileOnly: true, project: path.join(__dirname, "..", "..", "tsconfig.json") });
    cli = require("./cli.ts");
  }
} catch (e) {
  process.stderr.write(
    `s3-replication: cannot start: ${e && e.message ? String(e.message).split("\n")[0] : String(e)}\n`,
  );
  process.exit(2);
}
cli.run();
