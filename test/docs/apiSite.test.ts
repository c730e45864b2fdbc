/**
 * The API reference (`npm run docs`, typedoc into dist/api/; `npm test` builds it before the specs
 * run) opens with the README's overview and links every guide under docs/ and the pack's README.
 */

import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "../..");
const SITE = path.join(ROOT, "dist", "api");

describe("API reference site (typedoc)", () => {
  const index = (): string => {
    const file = path.join(SITE, "index.html");
    assert.ok(fs.existsSync(file), "dist/api/index.html is missing: run npm run docs");
    return fs.readFileSync(file, "utf8");
  };

  it("opens with the README's overview", () => {
    const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    const intro = /^# s3-replication\n\n([^\n]+)/.exec(readme)?.[1];
    assert.ok(intro, "README.md starts with its title and an overview paragraph");
    const firstWords = intro.replace(/\*\*/g, "").split(" ").slice(0, 6).join(" ");
    const text = index()
      .replace(/<[^>]+>/g, "")
      .replace(/\s+/g, " ");
    assert.ok(text.includes(firstWords), `index.html does not show "${firstWords}"`);
  });

  it("links every guide: docs/*.md and policypack/README.md as pages of the site", () => {
    const html = index();
    const guides = [
      ...fs
        .readdirSync(path.join(ROOT, "docs"))
        .filter((f) => f.endsWith(".md"))
        .map((f) => `docs_${f.replace(/\.md$/, "")}`),
      "policypack_README",
    ];
    for (const guide of guides) {
      assert.ok(fs.existsSync(path.join(SITE, "documents", `${guide}.html`)), `${guide}.html`);
      assert.ok(html.includes(`documents/${guide}.html`), `index.html links ${guide}`);
    }
  });
});
