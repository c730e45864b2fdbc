/**
 * What a user does with the npm package, offline: `npm pack` once per test run, and fresh projects
 * that `npm install` it from the tarball with every other package from the npm cache (~/.npm,
 * filled by `npm ci`). The cache holds tarballs by integrity, not the registry's package
 * documents, so each project gets a lockfile cut from the repository's: the same pinned versions
 * of its dependencies and everything they pull, nothing else.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export const ROOT = path.resolve(__dirname, "../..");

/** An entry of package-lock.json's `packages`. */
export interface LockEntry {
  version?: string;
  integrity?: string;
  resolved?: string;
  link?: boolean;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  [key: string]: unknown;
}

/** The packed package: the tarball and the files npm put in it. */
export interface Packed {
  tarball: string;
  files: string[];
}

let packed: Packed | undefined;

/** `npm pack` of the repository (prepack builds dist/, postpack restores the development links), once per run. */
export function pack(): Packed {
  if (packed) return packed;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "s3r-tarball-"));
  const out = execFileSync("npm", ["pack", "--json", "--pack-destination", dir], {
    cwd: ROOT,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  const [info] = JSON.parse(out.slice(out.indexOf("["))) as Array<{ filename: string; files: Array<{ path: string }> }>;
  if (!info) throw new Error(`npm pack printed no package: ${out}`);
  packed = { tarball: path.join(dir, info.filename), files: info.files.map((f) => f.path).sort() };
  return packed;
}

/** The repository's exact version of a dependency (package-lock.json). */
export function lockedVersion(name: string): string {
  const lock = JSON.parse(fs.readFileSync(path.join(ROOT, "package-lock.json"), "utf8")) as {
    packages: Record<string, LockEntry>;
  };
  const version = lock.packages[`node_modules/${name}`]?.version;
  if (!version) throw new Error(`${name} is not in package-lock.json`);
  return version;
}

/** The lockfile entries `dependencies` pull, resolved as Node does (nested node_modules first). */
function closure(packages: Record<string, LockEntry>, dependencies: Record<string, string>): Record<string, LockEntry> {
  const out: Record<string, LockEntry> = {};
  const visit = (from: string, name: string, optional: boolean): void => {
    for (let base = from; ;) {
      const key = `${base === "" ? "" : `${base}/`}node_modules/${name}`;
      const entry = packages[key];
      if (entry && !entry.link) {
        if (out[key]) return;
        out[key] = entry;
        const peers = Object.keys(entry.peerDependencies ?? {}).filter(
          (p) => !entry.peerDependenciesMeta?.[p]?.optional,
        );
        for (const dep of [...Object.keys(entry.dependencies ?? {}), ...peers]) visit(key, dep, false);
        for (const dep of Object.keys(entry.optionalDependencies ?? {})) visit(key, dep, true);
        return;
      }
      if (base === "") {
        if (optional) return;
        throw new Error(`package-lock.json does not resolve ${name} from ${from || "the root"}`);
      }
      const cut = base.lastIndexOf("/node_modules/");
      base = cut < 0 ? "" : base.slice(0, cut);
    }
  };
  for (const name of Object.keys(dependencies)) visit("", name, false);
  return out;
}

/**
 * A fresh project in a temp directory with `dependencies` (exact versions from the repository's
 * lockfile) and `files`, and the package from `tarball` as a user's `npm install TARBALL` records
 * it (`"NAME": "file:TARBALL"` in package.json, the tarball's integrity and its own dependencies in
 * package-lock.json), then one offline `npm install`. Offline, npm cannot read the registry
 * documents its resolution would fetch, so the lockfile names every package; `npm ls` then checks
 * the package's peer ranges against the project's own copies.
 */
export function freshProject(
  prefix: string,
  dependencies: Record<string, string>,
  files: Record<string, string>,
  tarball: string,
): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const manifest = tarballManifest(tarball);
  const pkg = {
    name: path.basename(dir).toLowerCase(),
    version: "1.0.0",
    private: true,
    dependencies: { ...dependencies, [manifest.name]: `file:${tarball}` },
  };
  fs.writeFileSync(path.join(dir, "package.json"), `${JSON.stringify(pkg, null, 2)}\n`);
  writeLock(
    dir,
    { ...dependencies, ...manifest.dependencies },
    { [`node_modules/${manifest.name}`]: tarballEntry(tarball, manifest) },
  );
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  npm(dir, ["install"]);
  fs.rmSync(path.join(dir, "node_modules", ".package-lock.json"), { force: true }); // npm ls then reads the installed tree itself
  npm(dir, [
    "ls",
    manifest.name,
    ...Object.keys(manifest.peerDependencies ?? {}).filter((peer) => dependencies[peer] !== undefined),
  ]);
  return dir;
}

/** The package.json inside a tarball. */
export function tarballManifest(tarball: string): LockEntry & { name: string; version: string } {
  const text = execFileSync("tar", ["-xzOf", tarball, "package/package.json"], { encoding: "utf8" });
  return JSON.parse(text) as LockEntry & { name: string; version: string };
}

/** The lockfile entry of a package installed from a tarball file: what npm records for `npm install TARBALL`. */
export function tarballEntry(
  tarball: string,
  manifest: LockEntry & { name: string; version: string } = tarballManifest(tarball),
): LockEntry {
  const entry: LockEntry = {
    version: manifest.version,
    resolved: `file:${tarball}`,
    integrity: `sha512-${createHash("sha512").update(fs.readFileSync(tarball)).digest("base64")}`,
  };
  for (const key of ["license", "dependencies", "peerDependencies", "peerDependenciesMeta", "bin", "engines"]) {
    if (manifest[key] !== undefined) entry[key] = manifest[key];
  }
  return entry;
}

/**
 * Writes DIR/package-lock.json: the repository's locked versions of `registry` (name -> exact
 * version) and everything they pull, plus `extra` entries; npm then installs them from the cache.
 */
export function writeLock(dir: string, registry: Record<string, string>, extra: Record<string, LockEntry> = {}): void {
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as {
    name: string;
    version: string;
    dependencies?: Record<string, string>;
  };
  const lock = JSON.parse(fs.readFileSync(path.join(ROOT, "package-lock.json"), "utf8")) as {
    packages: Record<string, LockEntry>;
  };
  for (const [name, version] of Object.entries(registry)) {
    const locked = lock.packages[`node_modules/${name}`]?.version;
    if (locked !== version)
      throw new Error(`${name}@${version} is not the repository's locked version (${String(locked)})`);
  }
  const packages = {
    "": { name: pkg.name, version: pkg.version, dependencies: pkg.dependencies ?? {} },
    ...closure(lock.packages, registry),
    ...extra,
  };
  fs.writeFileSync(
    path.join(dir, "package-lock.json"),
    `${JSON.stringify({ name: pkg.name, version: pkg.version, lockfileVersion: 3, requires: true, packages }, null, 2)}\n`,
  );
}

/** Runs npm offline (the cache only) in `dir`; returns its output, throws with it on failure. */
export function npm(dir: string, args: string[]): string {
  try {
    return execFileSync(
      "npm",
      [...args, "--offline", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"],
      { cwd: dir, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], env: cleanEnv() },
    );
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`npm ${args.join(" ")} in ${dir} failed:\n${e.stdout ?? ""}${e.stderr ?? e.message}`);
  }
}

/** The environment of a user's shell: none of this repository's npm or ts-node settings. */
export function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(npm_|TS_NODE_|NODE_OPTIONS$|INIT_CWD$)/i.test(key)) env[key] = value;
  }
  return env;
}
