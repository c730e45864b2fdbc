// Issue 18 item 10: the --diagram Markdown escapes names as the text report does. Hostile bucket,
// project and stack names (controls, a closing fence, a forged heading, a table pipe, HTML, a
// Mermaid quote) leave one heading, one fence pair, a four-column legend and no raw controls.
import * as assert from "node:assert/strict";
import * as fs from "fs";
import { main } from "../../policypack/check/cli";
import { escapeMarkdown } from "../../policypack/check/formats";
import { legacy, tmp } from "./support";

const HOSTILE = 'orders\r\n```\n# FORGED heading\n| a | b |\u001b[2J\u202e<img src=x>"`*_';
const UNSAFE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/;

/** The legacy export with the source bucket's name and the project name made hostile. */
function hostileExport(): string {
  const text = JSON.stringify(legacy())
    .split('"legacy-orders"')
    .join(JSON.stringify(HOSTILE))
    .split("::legacy-dr::")
    .join(`::${JSON.stringify(`legacy\n# FORGED project <b>`).slice(1, -1)}::`);
  return tmp("hostile-diagram.json", text);
}

describe("check --diagram: names are escaped as the text report escapes them", () => {
  let md: string;
  before(async () => {
    const diagram = tmp("hostile-diagram.md");
    const status = await main(
      ["check", hostileExport(), "--format", "json", "--diagram", diagram],
      () => undefined,
      () => undefined,
    );
    assert.equal(status, 1);
    md = fs.readFileSync(diagram, "utf8");
  });

  it("no raw control, C1 or bidirectional character", () => {
    assert.doesNotMatch(md, UNSAFE);
    assert.ok(md.includes("\\\\u{001b}"), md);
  });

  it("one heading, one fence pair: a name cannot close the code fence or forge a heading", () => {
    const lines = md.split("\n");
    assert.deepEqual(
      lines.filter((l) => /^ {0,3}#/.test(l)).map((l) => l.slice(0, 24)),
      ["# Replication topology: "],
    );
    assert.deepEqual(
      lines.filter((l) => /^ {0,3}(```|~~~)/.test(l)),
      ["```mermaid", "```"],
    );
  });

  it("legend rows keep four unescaped pipes; labels carry no raw HTML or quote", () => {
    const rows = md.split("\n").filter((l) => l.startsWith("| ") && !l.startsWith("| Path"));
    assert.ok(rows.length > 0);
    for (const row of rows) assert.equal(row.match(/(?<!\\)\|/g)?.length, 4, row);
    const mermaid = md.slice(md.indexOf("```mermaid") + 10, md.lastIndexOf("```"));
    assert.doesNotMatch(mermaid.replace(/<br\/>/g, ""), /<|`/);
    assert.match(mermaid, /bucket orders\\u\{000d\}\\u\{000a\}#96;#96;#96;.*#lt;img src=x#gt;#quot;#96;/);
  });

  it("escapeMarkdown: backslash-escapes inline Markdown, keeps plain names readable", () => {
    assert.equal(escapeMarkdown("legacy-orders -> legacy-orders-dr"), "legacy-orders -> legacy-orders-dr");
    assert.equal(escapeMarkdown("a|b`c*d_e[f]<g&h~i\\"), "a\\|b\\`c\\*d\\_e\\[f\\]\\<g\\&h\\~i\\\\");
  });
});
