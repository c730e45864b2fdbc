/**
 * The TypeScript samples of the documentation, as users copy them: every ```ts (or ```typescript)
 * block of README.md and docs/*.md, and every such block of a doc comment in the package's sources
 * (components/, policypack/: the `@example`s the API reference shows). A block is a
 * whole file. A fragment says so on the line before its fence, `<!-- sample: fragment of NAME -->`,
 * and is compiled appended to the fixture test/docs/fixtures/NAME.ts (which declares what the
 * fragment uses).
 */
import * as fs from "node:fs";
import * as path from "node:path";

export const ROOT = path.resolve(__dirname, "../..");

/** One sample: where it is and the file a user would compile. */
export interface Sample {
  /** `PAGE:LINE` of the opening fence. */
  where: string;
  /** A file name for it: PAGE-LINE.ts. */
  file: string;
  /** The fixture (if a fragment) followed by the block. */
  text: string;
}

/** The pages whose TypeScript blocks are samples. */
export function samplePages(): string[] {
  const docs = fs
    .readdirSync(path.join(ROOT, "docs"))
    .filter((name) => name.endsWith(".md"))
    .map((name) => `docs/${name}`);
  return ["README.md", ...docs.sort()];
}

/** The TypeScript blocks of `lines` (a page, or a doc comment's `@example` sections), `where` naming `FILE:LINE`. */
function blocks(lines: string[], page: string, lineOf: (i: number) => number): Sample[] {
  const out: Sample[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^```(ts|typescript)\s*$/.test(lines[i] ?? "")) continue;
    const end = lines.findIndex((line, j) => j > i && line.startsWith("```"));
    const body = lines.slice(i + 1, end).join("\n");
    const fragment = /^<!-- sample: fragment of ([\w-]+) -->$/.exec(lines[i - 1] ?? "")?.[1];
    const fixture =
      fragment === undefined ? "" : fs.readFileSync(path.join(ROOT, "test/docs/fixtures", `${fragment}.ts`), "utf8");
    out.push({
      where: `${page}:${lineOf(i)}`,
      file: `${page.replace(/[/.]/g, "-")}-${lineOf(i)}.ts`,
      text: `${fixture}${body}\n`,
    });
    i = end;
  }
  return out;
}

/** Every TypeScript block of the pages. */
export function pageSamples(pages = samplePages()): Sample[] {
  return pages.flatMap((page) =>
    blocks(fs.readFileSync(path.join(ROOT, page), "utf8").split("\n"), page, (i) => i + 1),
  );
}

/** The package's TypeScript sources (components/ and policypack/, no node_modules), relative to the root. */
export function sourceFiles(dir = "components"): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return entry.name === "node_modules" ? [] : sourceFiles(rel);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") ? [rel] : [];
  });
}

/** The lines of each doc comment of `text`, the comment's ` * ` margin removed, with the line (0-based) it starts on. */
export function docComments(text: string): { start: number; lines: string[] }[] {
  return [...text.matchAll(/\/\*\*[\s\S]*?\*\//g)].map((comment) => ({
    start: text.slice(0, comment.index).split("\n").length - 1,
    lines: comment[0].split("\n").map((line) => line.replace(/^\s*\/?\*{1,2}\/?(?: |$)/, "")),
  }));
}

/**
 * Every TypeScript block of the sources' doc comments: each `@example` (the API reference shows
 * them) and any other block a comment shows as code.
 */
export function docCommentSamples(files = [...sourceFiles("components"), ...sourceFiles("policypack")]): Sample[] {
  return files.flatMap((file) =>
    docComments(fs.readFileSync(path.join(ROOT, file), "utf8")).flatMap((comment) =>
      blocks(comment.lines, file, (i) => comment.start + i + 1),
    ),
  );
}

/** Every sample: the pages' blocks, then the doc comments'. */
export function samples(): Sample[] {
  return [...pageSamples(), ...docCommentSamples()];
}

/** The compiler options of a user's strict Pulumi TypeScript project (Pulumi's template, nothing relaxed). */
export const USER_COMPILER_OPTIONS = {
  strict: true,
  target: "es2020",
  module: "commonjs",
  moduleResolution: "node",
  noFallthroughCasesInSwitch: true,
  noImplicitReturns: true,
  forceConsistentCasingInFileNames: true,
  noUncheckedIndexedAccess: true,
  exactOptionalPropertyTypes: true,
  noEmit: true,
  skipLibCheck: true, // @pulumi/policy 1.21.0's own index.d.ts does not compile (./proxy lacks two exports it names)
  types: ["node", "mocha"],
};
