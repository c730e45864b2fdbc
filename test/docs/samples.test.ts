/**
 * Every TypeScript sample of README.md, docs/*.md and the sources' `@example` doc comments (what the
 * API reference shows) compiles with tsc --strict as a user copies it,
 * against this package's exported entry points only (resolved through the `exports` of package.json,
 * so an import of any other subpath fails). test/release/package.test.ts compiles the same
 * samples in a fresh project against the installed package.
 */

import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";
import { ROOT, USER_COMPILER_OPTIONS, docCommentSamples, pageSamples, samples } from "../support/samples";

describe("documentation samples: every TypeScript block compiles (tsc --strict, exported entry points only)", function () {
  this.timeout(300_000);
  const all = samples();

  it("finds the samples (README.md and docs/*.md)", () => {
    const pages = pageSamples();
    assert.ok(pages.length >= 8, pages.map((s) => s.where).join(", "));
  });

  it("finds the blocks of the sources' doc comments (every @example), the comment margin removed", () => {
    const examples = docCommentSamples();
    assert.ok(examples.length >= 8, examples.map((s) => s.where).join(", "));
    const bucket = examples.find((s) => s.where.startsWith("components/encryptedBucket.ts:"));
    assert.ok(bucket, "the EncryptedBucket example");
    assert.match(bucket.text, /^import \* as aws from "@pulumi\/aws";\n/);
    assert.doesNotMatch(bucket.text, /^\s*\*/m);
  });

  it("compiles each one as its own file", () => {
    // Inside the repository so the samples resolve @pulumi/* and @types/* from its node_modules.
    const dir = fs.mkdtempSync(path.join(ROOT, "node_modules", ".cache", "s3r-samples-"));
    try {
      for (const sample of all) fs.writeFileSync(path.join(dir, sample.file), sample.text);
      // Node16 resolution honours package.json `exports`, as Node does: the package resolves by its
      // name to itself (node_modules/s3-replication, the workspace's link to the root) through
      // exports to dist/'s development links, so a subpath it does not export fails to resolve.
      const parsed = ts.convertCompilerOptionsFromJson(
        { ...USER_COMPILER_OPTIONS, module: "node16", moduleResolution: "node16" },
        dir,
      );
      assert.deepEqual(parsed.errors, []);
      const program = ts.createProgram({
        rootNames: all.map((s) => path.join(dir, s.file)),
        options: { ...parsed.options, typeRoots: [path.join(ROOT, "node_modules", "@types")] },
      });
      const where = new Map(all.map((s) => [path.join(dir, s.file), s.where]));
      // The package's own sources are type-checked by npm run typecheck under its tsconfig: only the
      // samples' diagnostics count here (a sample's wrong use of the package shows in the sample).
      const errors = ts
        .getPreEmitDiagnostics(program)
        .filter((d) => !d.file || where.has(d.file.fileName))
        .map((d) => {
          const text = ts.flattenDiagnosticMessageText(d.messageText, "\n");
          if (!d.file || d.start === undefined) return text;
          const { line } = d.file.getLineAndCharacterOfPosition(d.start);
          return `${where.get(d.file.fileName) ?? d.file.fileName} (+${line + 1}): ${text}`;
        });
      assert.deepEqual(errors, []);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
