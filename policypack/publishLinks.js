// The links a published package.json carries (`repository`, `homepage`, `bugs`), derived from the
// repository's URL, for the two publish paths: `npm publish` of the root package (components/build.js
// refuses it while the root package.json lacks them; `node components/build.js links URL` writes
// them) and the policy pack (policypack/prepare-publish.js requires the URL and writes them into the
// copy it prepares). No URL is invented: this repository has no public address yet, so the URL
// comes from whoever publishes. npm's own forms: repository {type: "git", url: "git+https://HOST/OWNER/REPO.git"},
// homepage "https://HOST/OWNER/REPO#readme", bugs {url: ".../issues"} (what `npm init` writes for a GitHub origin).
// CommonJS, Node builtins only.
"use strict";

/** Placeholders of the docs (README's `github.com/OWNER/...`), never a real address. */
const PLACEHOLDER_HOSTS = new Set(["example.com", "example.org", "example.net"]);
const PLACEHOLDER_OWNERS = new Set(["owner", "org", "user", "your-org", "your-name"]);

/**
 * The web address of a repository (`https://HOST/OWNER/REPO`) from its URL: `https://`,
 * `git+https://` (with or without `.git`) or `github:OWNER/REPO`. Throws an Error naming the fix
 * for anything else, or for the docs' placeholders.
 */
function repositoryBase(url) {
  const text = String(url === undefined ? "" : url).trim();
  const shorthand = /^github:([\w.-]+)\/([\w.-]+?)(\.git)?$/.exec(text);
  const match = shorthand
    ? ["", "github.com", shorthand[1], shorthand[2]]
    : /^(?:git\+)?https:\/\/([a-z0-9.-]+\.[a-z]{2,})(?::\d+)?\/([\w.-]+)\/([\w.-]+?)(?:\.git)?\/?$/i.exec(text);
  if (!match)
    throw new Error(
      `repository URL "${text}" is not https://HOST/OWNER/REPO, git+https://HOST/OWNER/REPO.git or github:OWNER/REPO`,
    );
  const [, host, owner, repo] = match;
  if (PLACEHOLDER_HOSTS.has(host.toLowerCase()) || PLACEHOLDER_OWNERS.has(owner.toLowerCase()))
    throw new Error(`repository URL "${text}" is a placeholder; give the repository's real address`);
  return `https://${host.toLowerCase()}/${owner}/${repo}`;
}

/**
 * `repository`, `homepage` and `bugs` for a package published from this repository (DIRECTORY:
 * the package's folder inside it, e.g. "policypack"; none for the root).
 */
function publishLinks(url, directory) {
  const base = repositoryBase(url);
  return {
    repository: { type: "git", url: `git+${base}.git`, ...(directory ? { directory } : {}) },
    homepage: `${base}#readme`,
    bugs: { url: `${base}/issues` },
  };
}

/** The link fields a package.json object lacks (or holds in a form no link resolves from). */
function missingLinks(pkg) {
  const url = (value) => (typeof value === "string" ? value : value && typeof value.url === "string" ? value.url : "");
  const missing = [];
  if (!url(pkg.repository)) missing.push("repository");
  if (typeof pkg.homepage !== "string" || !/^https:\/\//.test(pkg.homepage)) missing.push("homepage");
  if (!url(pkg.bugs)) missing.push("bugs");
  return missing;
}

/** The repository URL a package.json already names (string or {url}), else undefined. */
function repositoryUrlOf(pkg) {
  const value = pkg.repository;
  if (typeof value === "string") return value;
  return value && typeof value.url === "string" ? value.url : undefined;
}

module.exports = { missingLinks, publishLinks, repositoryBase, repositoryUrlOf };
