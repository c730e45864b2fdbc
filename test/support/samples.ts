/**
 * The TypeScript samples of the documentation, as users copy them: every ```ts (or ```typescript)
 * block of README.md and docs/*.md. A block is a whole file. A fragment says so on the line before
 * its fence, `<!-- sample: fragment of NAME -->`, and is compiled appended to the fixture
 * test/docs/fixtures/NAME.ts (which declares what the fragment uses).
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

/** Every TypeScript block of the pages. */
export function samples(pages = samplePages()): Sample[] {
  const out: Sample[] = [];
  for (const page of pages) {
    const lines = fs.readFileSync(path.join(ROOT, page), "utf8").split("\n");
    for (let i = 0; i < lines.length; i++) {
      if (!/^```(ts|typescript)\s*$/.test(lines[i] ?? "")) continue;
      const end = lines.findIndex((line, j) => j > i && line.startsWith("```"));
      const body = lines.slice(i + 1, end).join("\n");
      const fragment = /^<!-- sample: fragment of ([\w-]+) -->$/.exec(lines[i - 1] ?? "")?.[1];
      const fixture =
        fragment === undefined ? "" : fs.readFileSync(path.join(ROOT, "test/docs/fixtures", `${fragment}.ts`), "utf8");
      out.push({
        where: `${page}:${i + 1}`,
        file: `${page.replace(/[/.]/g, "-")}-${i + 1}.ts`,
        text: `${fixture}${body}\n`,
      });
      i = end;
    }
  }
  return out;
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
