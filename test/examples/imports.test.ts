/** The example programs import this package as a user's program does: by its name, never by a path into the repository. */

import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";

const EXAMPLES = path.resolve(__dirname, "../../examples");

describe("examples: imports", () => {
  const programs = fs
    .readdirSync(EXAMPLES, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((dir) =>
      fs
        .readdirSync(path.join(EXAMPLES, dir.name))
        .filter((file) => file.endsWith(".ts"))
        .map((file) => path.join(dir.name, file)),
    );

  it("finds the example programs", () => {
    assert.ok(programs.length >= 6, programs.join(", "));
  });

  it("every import is a package name or a file of the example's own folder", () => {
    const outside: string[] = [];
    for (const program of programs) {
      const text = fs.readFileSync(path.join(EXAMPLES, program), "utf8");
      for (const [, specifier] of text.matchAll(/(?:from|require\()\s*"([^"]+)"/g))
        if (specifier?.startsWith("..")) outside.push(`${program}: ${specifier}`);
    }
    assert.deepEqual(outside, []);
  });

  it("the components come from the package's name, s3-replication", () => {
    const users = programs.filter((p) => /\bS3Replication\b/.test(fs.readFileSync(path.join(EXAMPLES, p), "utf8")));
    assert.ok(users.length >= 6);
    for (const program of users)
      assert.match(fs.readFileSync(path.join(EXAMPLES, program), "utf8"), /from "s3-replication"/, program);
  });
});
