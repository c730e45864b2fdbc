#!/usr/bin/env node
// Packaging of the npm package. The published entry points are the `exports` of the root
// package.json, every one under dist/ (never beside the sources):
//
//   build   compiles components/ and policypack/ (tests and the pack's PolicyPack entry left out)
//           to dist/ with declarations, for `npm pack` / `npm publish` (prepack). A failed build
//           leaves no compiled file: dist/ is put back to the development links. The checker's
//           command (policypack/check/bin.js, plain CommonJS) is copied beside its compiled cli.js.
//   clean   removes the compiled build and writes the development links (postpack).
//   link    writes the development links if they are missing (prepare, i.e. `npm ci` in a clone).
//
// Development links: in a clone, the policy pack (policypack/, an npm workspace) imports the core by
// package name (`s3-replication/components/model`), and Node resolves it through the root
// package's `exports` to dist/. So that a clone runs its TypeScript sources (tests, `npm start`,
// `pulumi preview --policy-pack ./policypack`) without a build, dist/ then holds, per exported
// entry point, a two-line module that loads the source (through ts-node, which every development
// entry registers) and a declaration file that re-exports it. They are never published: `npm pack`
// builds first. CommonJS, Node builtins only (plus typescript/ts-node, dev dependencies).
"use strict";
const { execFileSync } = require("child_process");
const fs = require("fs");
const path = require("path");

const root = path.resolve(__dirname, "..");
const dist = path.join(root, "dist");
const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));

/** The compiled files of each export (`./dist/X.js`), as paths relative to the root without extension. */
function entryPoints() {
  return Object.values(pkg.exports)
    .map((target) => (typeof target === "string" ? target : target.default))
    .filter((target) => /^\.\/dist\/.*\.js$/.test(target))
    .map((target) => target.slice("./dist/".length, -".js".length));
}

const LINK_MARKER = "development link";

/** The checker's command: a CommonJS file of the sources, copied beside the compiled cli.js. */
const BIN = "policypack/check/bin.js";

function writeLinks() {
  let written = 0;
  const bin = path.join(dist, BIN);
  if (!fs.existsSync(bin)) {
    fs.mkdirSync(path.dirname(bin), { recursive: true });
    const source = path.relative(path.dirname(bin), path.join(root, BIN)).split(path.sep).join("/");
    fs.writeFileSync(
      bin,
      `#!/usr/bin/env node\n// ${LINK_MARKER} (components/build.js): in a clone, ${BIN}; never published.\nrequire(${JSON.stringify(source)});\n`,
      { mode: 0o755 },
    );
    written++;
  }
  for (const entry of entryPoints()) {
    const js = path.join(dist, `${entry}.js`);
    if (fs.existsSync(js)) continue;
    const source = path.relative(path.dirname(js), path.join(root, entry)).split(path.sep).join("/");
    fs.mkdirSync(path.dirname(js), { recursive: true });
    fs.writeFileSync(
      js,
      [
        `// ${LINK_MARKER} (components/build.js): in a clone, ${entry}.ts; never published.`,
        `"use strict";`,
        `if (!require.extensions[".ts"]) require("ts-node").register({ transpileOnly: true, project: ${JSON.stringify(path.join(root, "tsconfig.json"))} });`,
        `module.exports = require(${JSON.stringify(source)});`,
        "",
      ].join("\n"),
    );
    fs.writeFileSync(
      path.join(dist, `${entry}.d.ts`),
      `// ${LINK_MARKER} (components/build.js)\nexport * from ${JSON.stringify(source)};\n`,
    );
    written++;
  }
  return written;
}

/** Removes dist/'s compiled output (and links); the API reference under dist/api stays. */
function removeBuild() {
  for (const dir of ["components", "policypack"]) fs.rmSync(path.join(dist, dir), { recursive: true, force: true });
}

const command = process.argv[2];
if (command === "build") {
  removeBuild();
  try {
    execFileSync(
      process.execPath,
      [require.resolve("typescript/bin/tsc"), "-p", path.join(__dirname, "tsconfig.build.json")],
      { stdio: "inherit" },
    );
  } catch {
    removeBuild();
    writeLinks();
    console.error("build failed: dist/ holds the development links again, no compiled file was left");
    process.exit(1);
  }
  fs.copyFileSync(path.join(root, BIN), path.join(dist, BIN));
  fs.chmodSync(path.join(dist, BIN), 0o755);
  const missing = entryPoints().filter(
    (entry) => !fs.existsSync(path.join(dist, `${entry}.js`)) || !fs.existsSync(path.join(dist, `${entry}.d.ts`)),
  );
  if (missing.length > 0) {
    removeBuild();
    writeLinks();
    console.error(`build failed: package.json exports ${missing.join(", ")}, which the build did not produce`);
    process.exit(1);
  }
  console.log(`built ${entryPoints().length} entry points into dist/`);
} else if (command === "clean") {
  removeBuild();
  console.log(`removed the build; wrote ${writeLinks()} development links`);
} else if (command === "link") {
  writeLinks();
} else {
  console.error("usage: node components/build.js build|clean|link");
  process.exit(2);
}
