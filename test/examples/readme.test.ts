/** The README and the pages it links stay true: its commands exist, each topic is said once, links resolve. */

import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "../..");
const read = (file: string): string => fs.readFileSync(path.join(ROOT, file), "utf8");
const readme = read("README.md");

/** Every documentation page of the repository (relative paths). */
const PAGES = [
  "README.md",
  "CONTRIBUTING.md",
  "policypack/README.md",
  ...fs
    .readdirSync(path.join(ROOT, "docs"))
    .filter((f) => f.endsWith(".md"))
    .map((f) => `docs/${f}`),
];

/** The prose paragraphs of a page (code blocks left out), whitespace-normalised. */
function paragraphs(text: string): string[] {
  const prose = text.replace(/^```[\s\S]*?^```$/gm, "");
  return prose
    .split(/\n\s*\n/)
    .map((p) => p.replace(/\s+/g, " ").trim())
    .filter((p) => p.length >= 120);
}

describe("README", () => {
  it("gives the newcomer's two commands, and CI runs exactly the test one", () => {
    assert.match(readme, /npm ci && npm start/);
    assert.match(readme, /npm test/);
    const ci = read(".ci/run");
    assert.match(ci, /^npm ci$/m);
    assert.match(ci, /^npm test$/m);
  });

  it("holds the pack's policy table once, in policypack/README.md", () => {
    const rows = (text: string): string[] =>
      text.split("\n").filter((line) => /^\| `[a-z-]+` \| (critical|high|medium|low) \|/.test(line));
    assert.ok(rows(read("policypack/README.md")).length >= 20);
    assert.deepEqual(
      PAGES.filter((page) => page !== "policypack/README.md" && rows(read(page)).length > 0),
      [],
    );
  });

  it("says each paragraph once across the README and its pages", () => {
    const seen = new Map<string, string>();
    const repeated: string[] = [];
    for (const page of PAGES) {
      for (const p of paragraphs(read(page))) {
        const first = seen.get(p);
        if (first !== undefined && first !== page) repeated.push(`${page} repeats ${first}: ${p.slice(0, 80)}...`);
        seen.set(p, first ?? page);
      }
    }
    assert.deepEqual(repeated, []);
  });

  it("links only to files that exist, from every page", () => {
    const broken = PAGES.flatMap((page) =>
      [...read(page).matchAll(/\]\((?!https?:|#|mailto:)([^)#]+)(?:#[^)]*)?\)/g)]
        .map((match) => match[1] ?? "")
        .filter((link) => !fs.existsSync(path.join(ROOT, path.dirname(page), link)))
        .map((link) => `${page}: ${link}`),
    );
    assert.deepEqual(broken, []);
  });

  it("links every page under docs/ from the README", () => {
    const unlinked = PAGES.filter((page) => page.startsWith("docs/") && !readme.includes(`](${page})`));
    assert.deepEqual(unlinked, []);
  });
});
