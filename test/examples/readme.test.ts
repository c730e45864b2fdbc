/** The README stays true: its commands exist, and its policy table is the pack's. */

import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "../..");
const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");

describe("README", () => {
  it("gives the newcomer's two commands, and CI runs exactly the test one", () => {
    assert.match(readme, /npm ci && npm start/);
    assert.match(readme, /npm test/);
    const ci = fs.readFileSync(path.join(ROOT, ".ci/run"), "utf8");
    assert.match(ci, /^npm ci$/m);
    assert.match(ci, /^npm test$/m);
  });

  it("holds the pack's policy table row for row", () => {
    const table = (text: string): string[] => text.split("\n").filter((line) => /^\| `[a-z-]+` \| (critical|high|medium|low) \|/.test(line));
    const pack = table(fs.readFileSync(path.join(ROOT, "policypack/README.md"), "utf8"));
    assert.ok(pack.length >= 20);
    assert.deepEqual(table(readme), pack);
  });

  it("links only to files that exist", () => {
    const links = [...readme.matchAll(/\]\((?!https?:|#)([^)]+)\)/g)].map((match) => match[1] ?? "");
    assert.deepEqual(links.filter((link) => !fs.existsSync(path.join(ROOT, link))), []);
  });
});
