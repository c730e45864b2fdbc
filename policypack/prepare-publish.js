#!/usr/bin/env node
// Prepares policypack/ for `pulumi policy publish`, which uploads the pack directory alone: copies
// it (without node_modules, tests, this script, check/: the `s3-replication check` CLI of the
// root package, which the pack never loads, and the clone's entry main.js with devCache.js, which
// load the clone's compiled development cache) to a directory of its own, as compiled JavaScript,
// and replaces the workspace dependency `"s3-replication": "file:.."` with something that resolves
// there:
//
//   default     the root package's exact version from the npm registry (`s3-replication@X.Y.Z`);
//   --vendor    a copy of the core the pack imports (s3-replication/components/model, ...) under
//               vendor/s3-replication, depended on as "file:./vendor/s3-replication".
//
// Compiled JavaScript: the policy host registers ts-node with type checking and would compile a
// TypeScript pack on every start (seconds); a `main` of JavaScript that requires JavaScript only
// never reaches it. Each copied .ts file is replaced by its compiled .js from the clone's compiled
// development cache (components/build.js `dev`: the full type check, and a manifest of the SHA-256
// of every file it was built from), which this script rebuilds first when it is not from exactly
// the current sources, and checks again after copying: the copy is never older than the sources.
//
// Usage: node policypack/prepare-publish.js [TARGET_DIR] [--vendor] [--force] [--repository URL]
//   TARGET_DIR  default: <os.tmpdir()>/policypack-publish. An existing directory is replaced only
//               when an earlier run made it (or with --force).
//   --repository URL  the repository's address (https://HOST/OWNER/REPO, or S3R_REPOSITORY_URL, or
//               the root package.json's `repository` once it has one): written as the copy's
//               `repository`, `homepage` and `bugs` (policypack/publishLinks.js). Required: without
//               it the script refuses, since the published links would not resolve.
// Prints the exact commands to run next. CommonJS, Node builtins only.
"use strict";
const { spawnSync } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");

const PACK = __dirname;
const ROOT = path.join(PACK, "..");
const MARKER = ".prepared-by-prepare-publish";
const SELF = path.basename(__filename);
const CORE = "s3-replication";
const { publishLinks, repositoryUrlOf } = require("./publishLinks.js");

/** Top-level directories of the pack not uploaded: the root package's CLI (it is not part of the pack). */
const NOT_PUBLISHED = new Set(["check"]);
/** Top-level files of a clone only: the entry that prefers the clone's compiled cache, its loader, this script's links. */
const CLONE_ONLY = new Set(["main.js", "devCache.js", "publishLinks.js"]);
/** The published pack's entry (package.json main): compiled, so the policy host's ts-node compiles nothing. */
const PUBLISHED_MAIN = "index.js";

/** Entries never copied (`relative` to the tree being copied): installed modules, tests, this script, local state. */
function excluded(relative, isDirectory) {
  const name = path.basename(relative);
  if (isDirectory)
    return name === "node_modules" || name === "test" || name === "tests" || name === "__tests__" || name === ".pulumi";
  return /\.(test|spec)\.[cm]?[jt]s$/.test(name) || name.endsWith(".tgz") || name === ".DS_Store";
}

/** Build output of `npm pack` (components/build.js): a .js or .d.ts next to its .ts source. */
function generated(base, relative) {
  const source = relative.endsWith(".d.ts")
    ? `${relative.slice(0, -5)}.ts`
    : relative.endsWith(".js")
      ? `${relative.slice(0, -3)}.ts`
      : undefined;
  return source !== undefined && fs.existsSync(path.join(base, source));
}

/** What of policypack/ is not uploaded. */
function excludedFromPack(relative, isDirectory) {
  return (
    excluded(relative, isDirectory) ||
    relative === SELF ||
    (isDirectory && NOT_PUBLISHED.has(relative)) ||
    (!isDirectory && CLONE_ONLY.has(relative)) ||
    (!isDirectory && generated(PACK, relative))
  );
}

function copyTree(from, to, skip, base = "") {
  fs.mkdirSync(to, { recursive: true });
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const relative = base ? `${base}/${entry.name}` : entry.name;
    if (skip(relative, entry.isDirectory())) continue;
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isDirectory()) copyTree(source, target, skip, relative);
    else if (entry.isFile()) fs.copyFileSync(source, target);
  }
}

function listFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : listFiles(full);
    return entry.isFile() ? [full] : [];
  });
}

/** Module specifiers of static imports, re-exports, require() and import() calls (comments removed). */
function specifiers(source) {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`\\])\/\/.*$/gm, "$1");
  const found = [];
  const patterns = [
    /\b(?:import|export)\s[^"'`;]*?\bfrom\s*["']([^"']+)["']/g,
    /\bimport\s*["']([^"']+)["']/g,
    /\b(?:require|require\.resolve|import)\s*\(\s*["']([^"']+)["']/g,
  ];
  for (const pattern of patterns) for (const match of code.matchAll(pattern)) found.push(match[1]);
  return found;
}

/** Relative imports of the copied files that leave the directory. */
function importsOutside(dir) {
  const problems = [];
  for (const file of listFiles(dir).filter((f) => /\.[cm]?[jt]s$/.test(f))) {
    for (const spec of specifiers(fs.readFileSync(file, "utf8"))) {
      if (!spec.startsWith(".")) continue;
      const target = path.resolve(path.dirname(file), spec);
      if (target !== dir && !target.startsWith(dir + path.sep))
        problems.push(`${path.relative(dir, file)} imports ${spec}`);
    }
  }
  return problems;
}

/** The PolicyPack's name (policies.ts `export const packName = "..."`), which `pulumi policy enable` takes. */
function packNameOf(dir) {
  try {
    const match = /export\s+const\s+packName\s*=\s*["']([^"']+)["']/.exec(
      fs.readFileSync(path.join(dir, "policies.ts"), "utf8"),
    );
    return match ? match[1] : CORE;
  } catch {
    return CORE;
  }
}

function fail(message) {
  process.stderr.write(`prepare-publish: ${message}\n`);
  process.exit(1);
}

function prepareTarget(target, force) {
  if (!fs.existsSync(target)) return;
  const entries = fs.readdirSync(target);
  if (entries.length === 0) return;
  if (!force && !entries.includes(MARKER))
    fail(`${target} exists and was not made by this script; choose another directory or pass --force.`);
  fs.rmSync(target, { recursive: true, force: true });
}

/**
 * The compiled development cache's dist/ (compiled policypack/ and components/), built now when it
 * is not from exactly the current sources; refuses when the sources do not type-check.
 */
function compiledSources() {
  const devCache = require("./devCache.js");
  const before = devCache.staleReason();
  if (before !== "") {
    process.stderr.write(`prepare-publish: compiling the sources (${before})\n`);
    const r = spawnSync(process.execPath, [path.join(ROOT, "components", "build.js"), "dev", "--force"], {
      stdio: ["ignore", "ignore", "inherit"],
      env: { ...process.env, npm_command: "" },
    });
    if (r.status !== 0 || devCache.staleReason() !== "")
      fail(`the sources could not be compiled (${devCache.staleReason() || `exit ${r.status}`}); nothing to publish.`);
  }
  return path.join(devCache.CACHE, "dist");
}

/**
 * Replaces every .ts file under DIR by its compiled .js under COMPILED (same relative path), the
 * source map comment left out (the maps point into the clone). Fails when one is missing.
 */
function toJavaScript(dir, compiled) {
  for (const file of listFiles(dir).filter((f) => /\.ts$/.test(f) && !/\.d\.ts$/.test(f))) {
    const relative = path.relative(dir, file).replace(/\.ts$/, ".js");
    const js = path.join(compiled, relative);
    if (!fs.existsSync(js)) fail(`${relative} has no compiled counterpart in ${compiled}.`);
    const code = fs.readFileSync(js, "utf8").replace(/\n\/\/# sourceMappingURL=\S+\s*$/, "\n");
    fs.writeFileSync(path.join(path.dirname(file), path.basename(relative)), code);
    fs.rmSync(file);
  }
}

/** Copies the parts of the core the pack imports (s3-replication/<dir>) into vendor/s3-replication. */
function vendorCore(target, root, compiled) {
  const subpaths = new Set();
  for (const file of listFiles(target).filter((f) => /\.[cm]?[jt]s$/.test(f))) {
    for (const spec of specifiers(fs.readFileSync(file, "utf8"))) {
      if (spec === CORE)
        fail(
          `${path.relative(target, file)} imports "${CORE}" itself; --vendor copies only the pure core subpaths (${CORE}/components/model, ...).`,
        );
      if (spec.startsWith(`${CORE}/`)) subpaths.add(spec.slice(CORE.length + 1));
    }
  }
  const vendor = path.join(target, "vendor", CORE);
  for (const subpath of subpaths) {
    const source = path.join(root, subpath);
    if (!fs.existsSync(source) || !fs.statSync(source).isDirectory())
      fail(`the pack imports ${CORE}/${subpath}, which is not a directory of the root package.`);
    copyTree(
      source,
      path.join(vendor, subpath),
      (relative, isDirectory) => excluded(relative, isDirectory) || (!isDirectory && generated(source, relative)),
    );
    toJavaScript(path.join(vendor, subpath), path.join(compiled, subpath));
  }
  const outside = importsOutside(vendor);
  if (outside.length > 0) fail(`the vendored core imports outside what was copied:\n  ${outside.join("\n  ")}`);
  const bare = [
    ...new Set(
      listFiles(vendor)
        .flatMap((file) => specifiers(fs.readFileSync(file, "utf8")))
        .filter((spec) => !spec.startsWith(".") && !spec.startsWith("node:")),
    ),
  ];
  const rootPkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
  const dependencies = {};
  for (const spec of bare) {
    const name = spec.startsWith("@") ? spec.split("/").slice(0, 2).join("/") : spec.split("/")[0];
    if (require("module").builtinModules.includes(name)) continue;
    const version = rootPkg.dependencies && rootPkg.dependencies[name];
    if (!version) fail(`the vendored core imports ${name}, which the root package does not depend on.`);
    dependencies[name] = version;
  }
  const pkg = {
    name: CORE,
    version: rootPkg.version,
    description: `${CORE} core, vendored for the published policy pack`,
    license: rootPkg.license,
    private: true,
    ...(Object.keys(dependencies).length > 0 ? { dependencies } : {}),
  };
  fs.writeFileSync(path.join(vendor, "package.json"), `${JSON.stringify(pkg, null, 2)}\n`);
  return [...subpaths].map((subpath) => `${CORE}/${subpath}`);
}

const USAGE = "Usage: node policypack/prepare-publish.js [TARGET_DIR] [--vendor] [--force] [--repository URL]\n";

/** Splits the command line: `--repository URL` / `--repository=URL`, the other flags, the target. */
function parseArgs(argv) {
  const rest = [];
  let repository;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--repository") {
      if (argv[i + 1] === undefined || argv[i + 1].startsWith("--")) fail("--repository needs a URL");
      repository = argv[++i];
    } else if (argv[i].startsWith("--repository=")) repository = argv[i].slice("--repository=".length);
    else rest.push(argv[i]);
  }
  return {
    repository,
    flags: new Set(rest.filter((arg) => arg.startsWith("--"))),
    positional: rest.filter((arg) => !arg.startsWith("--")),
  };
}

/** The copy's `repository`/`homepage`/`bugs`, from --repository, S3R_REPOSITORY_URL or the root package.json; refuses without one. */
function linksFor(repository, rootPkg) {
  const url = repository || process.env.S3R_REPOSITORY_URL || repositoryUrlOf(rootPkg);
  if (!url)
    fail(
      "no repository URL: pass --repository https://HOST/OWNER/REPO (or set S3R_REPOSITORY_URL) so that the published pack's repository, homepage and bugs links resolve.",
    );
  try {
    return publishLinks(url, "policypack");
  } catch (error) {
    return fail(error.message);
  }
}

function main(argv) {
  const { repository, flags, positional } = parseArgs(argv);
  for (const flag of flags)
    if (flag !== "--vendor" && flag !== "--force" && flag !== "--help") fail(`unknown option ${flag}`);
  if (flags.has("--help")) {
    process.stdout.write(USAGE);
    return;
  }
  if (positional.length > 1) fail("at most one target directory");
  const target = path.resolve(positional[0] || path.join(os.tmpdir(), "policypack-publish"));
  if (target === PACK || target.startsWith(PACK + path.sep) || PACK.startsWith(target + path.sep))
    fail(`the target ${target} overlaps the pack directory.`);

  const rootPkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
  if (
    rootPkg.name !== CORE ||
    typeof rootPkg.version !== "string" ||
    !/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(rootPkg.version)
  ) {
    fail(`../package.json must be ${CORE} with an exact version (found ${rootPkg.name}@${rootPkg.version}).`);
  }
  const links = linksFor(repository, rootPkg);

  const compiled = compiledSources();
  prepareTarget(target, flags.has("--force"));
  copyTree(PACK, target, excludedFromPack);
  toJavaScript(target, path.join(compiled, "policypack"));
  fs.writeFileSync(path.join(target, MARKER), "");

  const pkgPath = path.join(target, "package.json");
  const pkg = JSON.parse(fs.readFileSync(pkgPath, "utf8"));
  if (!pkg.dependencies || pkg.dependencies[CORE] === undefined)
    fail(`policypack/package.json does not depend on ${CORE}.`);
  const vendored = flags.has("--vendor") ? vendorCore(target, ROOT, compiled) : [];
  pkg.dependencies[CORE] = flags.has("--vendor") ? `file:./vendor/${CORE}` : rootPkg.version;
  pkg.main = PUBLISHED_MAIN;
  Object.assign(pkg, links);
  const local = Object.entries(pkg.dependencies).filter(
    ([name, spec]) => /^(file|link|workspace):/.test(String(spec)) && !(name === CORE && flags.has("--vendor")),
  );
  if (local.length > 0)
    fail(`dependencies that do not resolve outside the repository: ${local.map(([n, s]) => `${n}@${s}`).join(", ")}`);
  fs.writeFileSync(pkgPath, `${JSON.stringify(pkg, null, 2)}\n`);

  const outside = importsOutside(target);
  if (outside.length > 0) fail(`files import outside ${target}:\n  ${outside.join("\n  ")}`);
  // A source edited while copying: the copy may mix old and new code.
  const stale = require("./devCache.js").staleReason();
  if (stale !== "") fail(`the sources changed while preparing (${stale}); run the script again.`);

  const out = [`Prepared ${pkg.name}@${pkg.version} in ${target}`, `  repository: ${links.repository.url}`];
  if (flags.has("--vendor")) {
    out.push(`  ${CORE}: vendored (${vendored.join(", ")}) as file:./vendor/${CORE}`);
  } else {
    out.push(
      `  ${CORE}: ${rootPkg.version} from the npm registry (publish that version first: npm publish at the repository root)`,
    );
    if (/\.ts$/.test(String(rootPkg.main))) {
      out.push(
        `  note: ${CORE}@${rootPkg.version} ships TypeScript sources (main ${rootPkg.main}); the policy host's ts-node does not`,
      );
      out.push(
        `        compile files under node_modules, so publish it compiled to JavaScript, or re-run with --vendor.`,
      );
    }
  }
  out.push(
    "",
    "Next:",
    `  cd ${target} && npm install && pulumi policy publish ORG`,
    "",
    "then enable it for a policy group:",
    `  pulumi policy enable ORG/${packNameOf(target)} latest --policy-group default-policy-group --config PATH/TO/policy-config.json`,
  );
  process.stdout.write(`${out.join("\n")}\n`);
}

main(process.argv.slice(2));
