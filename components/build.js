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
//   dev     builds the compiled development cache (prepare, except under `npm pack`/`npm publish`;
//           nothing to do when it is up to date, unless --force): see below.
//   prepare npm's `prepare`: `build` when npm prepares the package as a dependency (installed from
//           git: see asDependency), else `link` then `dev` (a clone's own `npm ci`).
//   links URL  writes `repository`, `homepage` and `bugs` into package.json from the repository's
//           URL (policypack/publishLinks.js). `npm publish` (prepack: build) refuses to run while
//           package.json lacks them, so that the registry's links resolve; no URL is invented here.
//
// Installed from git (`npm install git+https://...`, `github:owner/repo`), npm runs `prepare`, never
// `prepack`: it clones the repository into a temporary directory, runs `npm install` there (dev
// dependencies included; its environment carries _PACOTE_NO_PREPARE_), then runs `prepare` once more
// with npm_package_resolved set and packs the directory (`files`), as `npm pack` would without the
// pack hooks (npm's pacote, lib/git.js and lib/dir.js). So the second `prepare` compiles dist/ as
// `prepack` does; development links there would need ts-node and the sources, which a dependency
// does not have.
//
// Development links: in a clone, the policy pack (policypack/, an npm workspace) imports the core by
// package name (`s3-replication/components/model`), and Node resolves it through the root
// package's `exports` to dist/. So that a clone runs its TypeScript sources (tests, `npm start`,
// `pulumi preview --policy-pack ./policypack`) without a build, dist/ then holds, per exported
// entry point, a two-line module that loads the source (through ts-node, which every development
// entry registers) and a declaration file that re-exports it. They are never published: `npm pack`
// builds first. CommonJS, Node builtins only (plus typescript/ts-node, dev dependencies).
//
// Compiled development cache: type-checking the TypeScript sources on every start is what makes a
// clone slow to start (the policy host registers ts-node with type checking for
// `pulumi preview --policy-pack ./policypack`; the checker's command transpiles them). `dev`
// compiles components/ and policypack/ (the pack's PolicyPack entry included, tests left out) with
// the full type check into node_modules/.cache/s3-replication/dist, beside a copy of the root
// package.json and a node_modules/s3-replication link to the cache itself (so the compiled pack
// imports the compiled core), and writes manifest.json last: the SHA-256 of every file the
// compilation read from the repository (sources, tsconfig files, package.json files,
// package-lock.json, this script). policypack/devCache.js uses the cache only when every one of
// them is unchanged, else the entries load the TypeScript sources as before: it never runs code
// older than the sources. A type error leaves no cache (the sources then report it as before).
// The cache also holds plugin-analysis.json, the SDK Analyzer's result for the component plugin
// (pluginAnalysis below), from which components/plugin.js answers GetSchema while the cache is fresh.
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

const CACHE = path.join(root, "node_modules", ".cache", "s3-replication");

/** Files outside the sources whose content decides what the compilation emits (relative to the root). */
const CACHE_INPUTS = [
  "package.json",
  "package-lock.json",
  "tsconfig.json",
  "components/tsconfig.build.json",
  "components/build.js",
  // What the SDK's Analyzer reads for the plugin's analysis (see pluginAnalysis).
  "components/package.json",
  "components/tsconfig.json",
];

/** The component plugin's analysis in the cache (components/plugin.js serves GetSchema from it). */
const PLUGIN_ANALYSIS = "plugin-analysis.json";

/**
 * What the component plugin's GetSchema computes on every start, computed once here: the SDK's
 * Analyzer (@pulumi/pulumi/provider/experimental/analyzer, exactly as ComponentProvider.getSchema
 * runs it: the plugin directory components/, its package.json, the components its entry exports)
 * on the sources just compiled. COMPILED_INDEX is their compiled index.js, which lists the
 * components as run-plugin finds them (getPulumiComponents). Returns undefined, with the reason
 * printed, when the Analyzer fails: the plugin then runs it at GetSchema and reports the error there.
 */
function pluginAnalysis(compiledIndex) {
  const plugin = path.join(root, "components");
  try {
    const { getPulumiComponents } = require("@pulumi/pulumi/provider/experimental/provider");
    const { Analyzer } = require("@pulumi/pulumi/provider/experimental/analyzer");
    const names = getPulumiComponents(require(compiledIndex)).map((component) => component.name);
    const manifest = JSON.parse(fs.readFileSync(path.join(plugin, "package.json"), "utf8"));
    const name = require("./pluginHost.js").providerName(manifest.name).name;
    const result = new Analyzer(plugin, name, manifest, new Set(names)).analyze();
    return { components: names, analysis: result };
  } catch (error) {
    console.error(`compiled development cache: no plugin analysis (${error && error.message})`);
    return undefined;
  }
}

/** SHA-256 of a file's bytes (hex): the same digest policypack/devCache.js compares. */
function digest(file) {
  return require("crypto").createHash("sha256").update(fs.readFileSync(file)).digest("hex");
}

/**
 * Builds the compiled development cache (see the header) into a temporary directory renamed into
 * place, the manifest written last, so a concurrent reader sees a whole cache or none (and then
 * runs the sources). Returns false,
 * with the compiler's diagnostics printed, when the sources do not type-check (no cache is left).
 */
function buildCache() {
  const ts = require("typescript");
  const parsed = ts.getParsedCommandLineOfConfigFile(
    path.join(__dirname, "tsconfig.build.json"),
    { noEmit: false, declaration: false, sourceMap: true, noEmitOnError: true },
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
      },
    },
  );
  const temporary = `${CACHE}.tmp-${process.pid}`;
  fs.rmSync(temporary, { recursive: true, force: true });
  fs.rmSync(CACHE, { recursive: true, force: true });
  const options = { ...parsed.options, outDir: path.join(temporary, "dist") };
  // The pack's PolicyPack entry (left out of the published build) is what the policy host loads.
  const rootNames = [...parsed.fileNames, path.join(root, "policypack", "index.ts")];
  const program = ts.createProgram({ rootNames, options });
  const diagnostics = [...parsed.errors, ...ts.getPreEmitDiagnostics(program)];
  const emitted = diagnostics.length === 0 ? program.emit() : undefined;
  const errors = [...diagnostics, ...(emitted ? emitted.diagnostics : [])];
  if (errors.length > 0 || !emitted || emitted.emitSkipped) {
    fs.rmSync(temporary, { recursive: true, force: true });
    const host = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => root, getNewLine: () => "\n" };
    process.stderr.write(ts.formatDiagnostics(errors, host));
    return false;
  }
  const sources = program
    .getSourceFiles()
    .map((file) => path.resolve(file.fileName))
    .filter((file) => !path.relative(root, file).startsWith("..") && !file.split(path.sep).includes("node_modules"));
  const inputs = {};
  for (const file of [...sources, ...CACHE_INPUTS.map((f) => path.join(root, f))].sort())
    inputs[path.relative(root, file).split(path.sep).join("/")] = digest(file);
  fs.copyFileSync(path.join(root, "package.json"), path.join(temporary, "package.json"));
  const analysis = pluginAnalysis(path.join(temporary, "dist", "components", "index.js"));
  if (analysis) fs.writeFileSync(path.join(temporary, PLUGIN_ANALYSIS), `${JSON.stringify(analysis)}\n`);
  fs.rmSync(CACHE, { recursive: true, force: true });
  fs.renameSync(temporary, CACHE);
  // The compiled pack imports the compiled core by package name: node_modules/s3-replication is the
  // cache itself (a Windows junction needs an absolute target, made after the rename).
  fs.mkdirSync(path.join(CACHE, "node_modules"));
  const link = path.join(CACHE, "node_modules", "s3-replication");
  if (process.platform === "win32") fs.symlinkSync(CACHE, link, "junction");
  else fs.symlinkSync("..", link);
  // The manifest last, whole (renamed into place): until it exists, the entries run the sources.
  const manifest = { typescript: ts.version, built: new Date().toISOString(), inputs };
  fs.writeFileSync(`${path.join(CACHE, "manifest.json")}.tmp`, `${JSON.stringify(manifest, null, 2)}\n`);
  fs.renameSync(`${path.join(CACHE, "manifest.json")}.tmp`, path.join(CACHE, "manifest.json"));
  return true;
}

/** Under `npm publish`: refuses (exit 1, before anything is built) while package.json lacks its links. */
function requireLinksToPublish() {
  if (process.env.npm_command !== "publish") return;
  const missing = require("../policypack/publishLinks.js").missingLinks(pkg);
  if (missing.length === 0) return;
  console.error(
    `npm publish refused: package.json has no ${missing.join(", ")}, so the registry's links would not resolve. ` +
      "Run `node components/build.js links https://HOST/OWNER/REPO` with the repository's real URL, commit, publish.",
  );
  process.exit(1);
}

/** The `links URL` command: writes the published links into the root package.json (publishLinks.js). */
function writeLinksToPackage(url) {
  let links;
  try {
    links = require("../policypack/publishLinks.js").publishLinks(url);
  } catch (error) {
    console.error(`links: ${error.message}`);
    process.exit(2);
  }
  const file = path.join(root, "package.json");
  const current = JSON.parse(fs.readFileSync(file, "utf8"));
  fs.writeFileSync(file, `${JSON.stringify({ ...current, ...links }, null, 2)}\n`);
  console.log(`package.json: repository ${links.repository.url}, homepage ${links.homepage}, bugs ${links.bugs.url}`);
}

/** Compiles dist/ for the package (prepack); on failure puts the development links back and exits 1. */
function build() {
  requireLinksToPublish();
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
}

/**
 * How npm runs `prepare` here: "dependency" when it prepares the package to pack it as a dependency
 * (npm_package_resolved, set by npm's directory packer: a git install's second `prepare`),
 * "workspace-link" when a clone's `npm ci` prepares the root as the target of the workspace's
 * `file:..` link (npm_package_resolved is then the string "null"; the clone's own `prepare`
 * follows), "git-install" during the `npm install` npm runs in its temporary clone of a git
 * dependency (_PACOTE_NO_PREPARE_; the packer's `prepare` follows), else "clone" (a contributor's
 * own install).
 */
function prepareMode(env = process.env) {
  if (env.npm_package_resolved === "null") return "workspace-link";
  if (env.npm_package_resolved) return "dependency";
  if (env._PACOTE_NO_PREPARE_ !== undefined) return "git-install";
  return "clone";
}

/** The `dev` command: builds the compiled development cache unless it is up to date. */
function dev() {
  if (process.env.npm_command === "pack" || process.env.npm_command === "publish") return;
  // Built from exactly the current files already (npm test after npm ci): nothing to do.
  if (!process.argv.includes("--force") && require("../policypack/devCache.js").staleReason() === "") {
    console.log(`compiled development cache: ${path.relative(root, CACHE)} is up to date`);
    return;
  }
  const started = Date.now();
  if (buildCache()) {
    console.log(
      `compiled development cache: ${path.relative(root, CACHE)} (${((Date.now() - started) / 1000).toFixed(0)} s)`,
    );
  } else {
    console.error(
      "compiled development cache: not built (the sources do not type-check, see above); the pack and the checker run the TypeScript sources",
    );
    // Under `npm ci` / `npm install` a clone with a type error still installs.
    if (process.env.npm_lifecycle_event !== "prepare") process.exit(1);
  }
}

/**
 * npm's `prepare` in each mode (prepareMode). A clone's own install removes any compiled build
 * first: a dist/ compiled by an earlier `npm run build`, or by a prepare npm ran as a dependency,
 * would otherwise shadow the sources the contributor edits.
 */
function prepare(mode) {
  if (mode === "dependency") build();
  else if (mode === "git-install") console.log("installed from git: dist/ is compiled when npm packs the package");
  else if (mode === "workspace-link") console.log("prepared as the workspace's link: the clone's own prepare follows");
  else {
    removeBuild();
    writeLinks();
    dev();
  }
}

/** Runs one command of this script (see the top of the file). */
function main(command) {
  if (command === "build") {
    build();
  } else if (command === "clean") {
    removeBuild();
    console.log(`removed the build; wrote ${writeLinks()} development links`);
  } else if (command === "link") {
    writeLinks();
  } else if (command === "dev") {
    dev();
  } else if (command === "links") {
    writeLinksToPackage(process.argv[3]);
  } else if (command === "prepare") {
    prepare(prepareMode());
  } else {
    console.error("usage: node components/build.js build|clean|link|dev|prepare|links URL");
    process.exit(2);
  }
}

if (require.main === module) main(process.argv[2]);
else module.exports = { prepareMode };
