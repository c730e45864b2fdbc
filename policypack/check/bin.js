#!/usr/bin/env node
// `s3-replication` command. In the installed package (dist/policypack/check/, where the build copies
// this file) it runs the compiled cli.js beside it. In a clone it runs the compiled cli.js of the
// development cache when that was built from exactly the current sources (../devCache.js), else
// cli.ts through ts-node (transpile only, the repository's tsconfig), so it works after `npm ci`
// with no build step and never runs code older than the sources. A `--policies MODULE.ts` still
// loads in a clone: ts-node is registered on the first .ts file required.
"use strict";
const fs = require("fs");
const path = require("path");
const project = path.join(__dirname, "..", "..", "tsconfig.json");

function firstLine(e) {
  return e && e.message ? String(e.message).split("\n")[0] : String(e);
}

/** The package's own package.json: two levels up in a clone, three in the installed dist/. */
function ownManifest() {
  for (const up of [
    ["..", ".."],
    ["..", "..", ".."],
  ]) {
    const file = path.join(__dirname, ...up, "package.json");
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, "utf8"));
      if (pkg.name === "s3-replication") return pkg;
    }
  }
  return {};
}

/**
 * The one line that says what to install when the command cannot load a peer dependency (the
 * checker needs @pulumi/policy and @pulumi/pulumi, optional for the components alone), else undefined.
 */
function missingPeer(e) {
  const name = /^Cannot find module '((?:@[^/']+\/)?[^/']+)/.exec(firstLine(e))?.[1];
  const range = name && e.code === "MODULE_NOT_FOUND" ? (ownManifest().peerDependencies ?? {})[name] : undefined;
  if (range === undefined) return undefined;
  return `s3-replication: the command needs ${name}, a peer dependency that is not installed: npm install --save-dev "${name}@${range}"`;
}
let cli;
try {
  if (fs.existsSync(path.join(__dirname, "cli.js"))) {
    cli = require("./cli.js");
  } else {
    const compiled = require("../devCache.js").compiledFile("policypack/check/cli.ts");
    if (compiled === undefined) {
      require("ts-node").register({ transpileOnly: true, project });
      cli = require("./cli.ts");
    } else {
      if (!require.extensions[".ts"]) {
        require.extensions[".ts"] = function registerTsNode(module, filename) {
          delete require.extensions[".ts"];
          require("ts-node").register({ transpileOnly: true, project });
          return require.extensions[".ts"](module, filename);
        };
      }
      cli = require(compiled);
    }
  }
} catch (e) {
  process.stderr.write(`${missingPeer(e) ?? `s3-replication: cannot start: ${firstLine(e)}`}\n`);
  process.exit(2);
}
cli.run();
