// The compiled development cache of a clone (built by `node components/build.js dev`, which
// `npm ci` runs): components/ and policypack/ compiled with the full type check into
// node_modules/.cache/s3-replication. The pack's entry (main.js) and the checker's command
// (check/bin.js) load a compiled file from it only when every file the compilation read is
// unchanged: the SHA-256 of each, listed in the cache's manifest.json, is compared with the file's
// content on every start (a few milliseconds), so an edited, added-to, reverted or deleted source
// makes the entries load the TypeScript sources instead. Never older code than the sources.
// S3R_NO_COMPILED=1 forces the sources. CommonJS, Node builtins only.
"use strict";
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");

const ROOT = path.join(__dirname, "..");
const CACHE = path.join(ROOT, "node_modules", ".cache", "s3-replication");

/** Why the cache cannot be used ("" when it can): absent, unreadable, or a file it was built from differs. */
function staleReason() {
  if (process.env.S3R_NO_COMPILED) return "S3R_NO_COMPILED is set";
  let manifest;
  try {
    manifest = JSON.parse(fs.readFileSync(path.join(CACHE, "manifest.json"), "utf8"));
  } catch (error) {
    return error && error.code === "ENOENT" ? "no compiled cache" : `unreadable manifest: ${error && error.message}`;
  }
  const inputs = manifest && manifest.inputs;
  if (!inputs || typeof inputs !== "object" || Object.keys(inputs).length === 0) return "manifest lists no inputs";
  for (const [file, sha256] of Object.entries(inputs)) {
    let content;
    try {
      content = fs.readFileSync(path.join(ROOT, file));
    } catch (error) {
      return `${file} is unreadable (${error && error.code})`;
    }
    if (crypto.createHash("sha256").update(content).digest("hex") !== sha256) return `${file} changed`;
  }
  return "";
}

/**
 * The compiled counterpart of SOURCE (a .ts path relative to the repository root, e.g.
 * "policypack/index.ts") when the cache is fresh and holds it, else undefined.
 */
function compiledFile(source) {
  if (staleReason() !== "") return undefined;
  const file = path.join(CACHE, "dist", source.replace(/\.ts$/, ".js"));
  return fs.existsSync(file) ? file : undefined;
}

module.exports = { CACHE, compiledFile, staleReason };
