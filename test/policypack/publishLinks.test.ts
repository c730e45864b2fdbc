/**
 * The links a published package.json carries (policypack/publishLinks.js), and `npm publish` of
 * the root package refused while package.json lacks them (components/build.js).
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "../..");
const links = require(path.join(ROOT, "policypack", "publishLinks.js")) as {
  publishLinks(url: string, directory?: string): Record<string, unknown>;
  repositoryBase(url: string): string;
  missingLinks(pkg: Record<string, unknown>): string[];
};

describe("publish links (repository, homepage, bugs)", () => {
  it("derives npm's forms from https, git+https and github: URLs alike", () => {
    const expected = {
      repository: { type: "git", url: "git+https://github.com/acme/s3-replication.git" },
      homepage: "https://github.com/acme/s3-replication#readme",
      bugs: { url: "https://github.com/acme/s3-replication/issues" },
    };
    for (const url of [
      "https://github.com/acme/s3-replication",
      "https://github.com/acme/s3-replication.git",
      "git+https://github.com/acme/s3-replication.git",
      "github:acme/s3-replication",
    ])
      assert.deepEqual(links.publishLinks(url), expected, url);
    assert.deepEqual(links.publishLinks("https://git.test/acme/s3-replication", "policypack").repository, {
      type: "git",
      url: "git+https://git.test/acme/s3-replication.git",
      directory: "policypack",
    });
  });

  it("refuses what is not a repository address, and the docs' placeholders", () => {
    assert.throws(() => links.repositoryBase(""), /is not https:\/\/HOST\/OWNER\/REPO/);
    assert.throws(() => links.repositoryBase("http://github.com/acme/s3-replication"), /is not https:/);
    assert.throws(() => links.repositoryBase("https://github.com/acme"), /is not https:/);
    assert.throws(() => links.repositoryBase("https://github.com/OWNER/s3-replication.git"), /placeholder/);
    assert.throws(() => links.repositoryBase("https://example.com/acme/s3-replication"), /placeholder/);
  });

  it("names the link fields a package.json lacks", () => {
    assert.deepEqual(links.missingLinks({}), ["repository", "homepage", "bugs"]);
    assert.deepEqual(links.missingLinks(links.publishLinks("github:acme/s3-replication")), []);
    assert.deepEqual(links.missingLinks({ repository: "github:acme/r", homepage: "/", bugs: {} }), [
      "homepage",
      "bugs",
    ]);
  });

  it("the root package.json has no links yet (no public address), and `npm publish` is refused before building", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as Record<string, unknown>;
    assert.deepEqual(links.missingLinks(pkg), ["repository", "homepage", "bugs"]);
    const before = fs.readdirSync(path.join(ROOT, "dist")).sort();
    const r = spawnSync(process.execPath, [path.join(ROOT, "components", "build.js"), "build"], {
      encoding: "utf8",
      env: { ...process.env, npm_command: "publish" },
    });
    assert.equal(r.status, 1, r.stdout + r.stderr);
    assert.match(r.stderr, /npm publish refused: package\.json has no repository, homepage, bugs/);
    assert.match(r.stderr, /node components\/build\.js links https:\/\/HOST\/OWNER\/REPO/);
    assert.deepEqual(fs.readdirSync(path.join(ROOT, "dist")).sort(), before, "nothing built or removed");
  });

  it("`node components/build.js links URL` writes the three fields into package.json, the rest unchanged", () => {
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), "s3r-links-"));
    try {
      for (const dir of ["components", "policypack"]) fs.mkdirSync(path.join(copy, dir));
      for (const file of ["components/build.js", "policypack/publishLinks.js", "package.json"])
        fs.copyFileSync(path.join(ROOT, file), path.join(copy, file));
      const run = (url: string) =>
        spawnSync(process.execPath, [path.join(copy, "components", "build.js"), "links", url], { encoding: "utf8" });
      assert.equal(run("https://github.com/OWNER/s3-replication").status, 2);
      const r = run("github:acme/s3-replication");
      assert.equal(r.status, 0, r.stderr);
      const before = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as Record<string, unknown>;
      const after = JSON.parse(fs.readFileSync(path.join(copy, "package.json"), "utf8")) as Record<string, unknown>;
      assert.deepEqual(after, { ...before, ...links.publishLinks("github:acme/s3-replication") });
    } finally {
      fs.rmSync(copy, { recursive: true, force: true });
    }
  });
});
