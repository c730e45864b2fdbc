#!/usr/bin/env node
// Packaging: `node components/build.js build` compiles components/ and policypack/ in place
// (JavaScript and declarations next to the sources) for `npm pack` / `npm publish`;
// `node components/build.js clean` removes exactly the generated files (a .js or .d.ts whose
// .ts source sits beside it), so the working tree is sources only again. Used by the
// prepack/postpack scripts; development never needs a build (ts-node runs the sources).
"use strict";
const { execFileSync } = require("child_process");
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..");
const trees = ["components", "policypack"].map((dir) => path.join(root, dir));

function generatedFiles(dir) {
  const found = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== "node_modules") found.push(...generatedFiles(full));
      continue;
    }
    const source = entry.name.endsWith(".d.ts") ? full.slice(0, -5) + ".ts" : entry.name.endsWith(".js") ? full.slice(0, -3) + ".ts" : undefined;
    if (source !== undefined && fs.existsSync(source)) found.push(full);
  }
  return found;
}

function clean() {
  const files = trees.flatMap(generatedFiles);
  for (const file of files) fs.unlinkSync(file);
  return files.length;
}

const command = process.argv[2];
if (command === "build") {
  clean();
  execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", path.join(__dirname, "tsconfig.build.json")], { stdio: "inherit" });
  console.log(`built ${trees.flatMap(generatedFiles).length} files`);
} else if (command === "clean") {
  console.log(`removed ${clean()} generated files`);
} else {
  console.error("usage: node components/build.js build|clean");
  process.exit(2);
}
