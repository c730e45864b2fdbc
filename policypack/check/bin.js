#!/usr/bin/env node
// `s3-replication` command. In the published package it runs the compiled cli.js; in a clone it
// runs policypack/check/cli.ts through ts-node (transpile only, the repository's tsconfig), so
// it works from a fresh clone after `npm ci` with no build step.
"use strict";
const fs = require("fs");
const path = require("path");
try {
    if (fs.existsSync(path.join(__dirname, "cli.js"))) {
        require("./cli.js").run();
    } else {
        require("ts-node").register({
            transpileOnly: true,
            project: path.join(__dirname, "..", "..", "tsconfig.json"),
        });
        require("./cli.ts").run();
    }
} catch (e) {
    process.stderr.write(`s3-replication: cannot start: ${e && e.message ? String(e.message).split("\n")[0] : String(e)}\n`);
    process.exit(2);
}
