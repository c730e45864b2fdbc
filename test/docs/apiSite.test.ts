/**
 * The API reference (`npm run docs`, typedoc into dist/api/; `npm test` builds it before the specs
 * run) opens with the README's overview and links every guide under docs/ and the pack's README;
 * every class the package's entry points export has a page showing an `@example` (which
 * test/docs/samples.test.ts compiles).
 */

import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";

const ROOT = path.resolve(__dirname, "../..");
const SITE = path.join(ROOT, "dist", "api");

/** The class a value export stands for: the class itself, or the class a `const X = Class` re-export names. */
function classOf(checker: ts.TypeChecker, symbol: ts.Symbol): ts.ClassDeclaration | undefined {
  const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
  const declaration = target.valueDeclaration;
  if (declaration !== undefined && ts.isClassDeclaration(declaration)) return declaration;
  if (declaration !== undefined && ts.isVariableDeclaration(declaration) && declaration.initializer !== undefined) {
    const initial = checker.getSymbolAtLocation(declaration.initializer);
    return initial === undefined ? undefined : classOf(checker, initial);
  }
  return undefined;
}

/** Every class exported by typedoc's entry points (namespace re-exports included): name -> declaration. */
export function exportedClasses(): Map<string, ts.ClassDeclaration> {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
    typedocOptions: { entryPoints: string[] };
  };
  const entries = pkg.typedocOptions.entryPoints.map((entry) => path.join(ROOT, entry));
  const config = ts.getParsedCommandLineOfConfigFile(
    path.join(ROOT, "tsconfig.json"),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => assert.fail(ts.flattenDiagnosticMessageText(d.messageText, "\n")),
    },
  );
  const program = ts.createProgram({ rootNames: entries, options: config?.options ?? {} });
  const checker = program.getTypeChecker();
  const found = new Map<string, ts.ClassDeclaration>();
  const seen = new Set<ts.Symbol>();
  const visit = (module: ts.Symbol): void => {
    if (seen.has(module)) return;
    seen.add(module);
    for (const symbol of checker.getExportsOfModule(module)) {
      const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
      if (target.flags & ts.SymbolFlags.ValueModule) visit(target);
      const declaration = classOf(checker, symbol);
      if (declaration !== undefined) found.set(symbol.name, declaration);
    }
  };
  for (const entry of entries) {
    const source = program.getSourceFile(entry);
    const module = source === undefined ? undefined : checker.getSymbolAtLocation(source);
    assert.ok(module, entry);
    visit(module);
  }
  return found;
}

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

  it("gives every exported class a page that shows an @example, BucketReplication included", function () {
    this.timeout(120_000);
    const classes = exportedClasses();
    assert.ok(classes.has("BucketReplication") && classes.has("EncryptedBucket"), [...classes.keys()].join(", "));
    const pages = fs.readdirSync(path.join(SITE, "classes"));
    const missing: string[] = [];
    for (const [name, declaration] of classes) {
      const page = pages.find((file) => file.endsWith(`.${name}.html`));
      if (page === undefined) missing.push(`${name}: no page`);
      else if (!fs.readFileSync(path.join(SITE, "classes", page), "utf8").includes('id="example"'))
        missing.push(`${name}: no example on ${page}`);
      const examples = ts.getJSDocTags(declaration).filter((tag) => tag.tagName.text === "example");
      if (!examples.some((tag) => /```ts\n/.test(ts.getTextOfJSDocComment(tag.comment) ?? "")))
        missing.push(`${name}: no \`@example\` with a \`\`\`ts block in its doc comment`);
    }
    assert.deepEqual(missing, []);
  });
});
