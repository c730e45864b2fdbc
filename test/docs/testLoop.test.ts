/**
 * The contributor's test loop (CONTRIBUTING.md): the documented one-file command runs one file, and
 * the scripts between them run every spec file, each once, whatever file another change adds.
 */

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { noActionWarning } from "../../components/monitoring";

const ROOT = path.resolve(__dirname, "../..");
const scripts = (
  JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }
).scripts;

/** The quoted globs and the `--ignore` globs of a mocha script. */
function globsOf(script: string): { specs: string[]; ignores: string[] } {
  const words = [...script.matchAll(/"([^"]+)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? "");
  const specs: string[] = [];
  const ignores: string[] = [];
  for (let i = 1; i < words.length; i++) {
    const word = words[i] ?? "";
    if (word === "--ignore") ignores.push(words[++i] ?? "");
    else if (word === "--jobs") i++;
    else if (!word.startsWith("-")) specs.push(word);
  }
  return { specs, ignores };
}

/** Every spec file under test/, relative to the root. */
function specFiles(dir = "test"): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const file = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return specFiles(file);
    return file.endsWith(".test.ts") ? [file] : [];
  });
}

/** Files a mocha script runs: its globs expanded by mocha itself, minus its ignores. */
function filesOf(script: string): string[] {
  const lookupFiles = require("mocha/lib/cli/lookup-files") as (
    spec: string,
    ext: string[],
    recursive: boolean,
  ) => string[];
  const { specs, ignores } = globsOf(script);
  const ignored = new Set(
    ignores.flatMap((glob) => lookupFiles(glob, [], false)).map((f) => path.relative(ROOT, path.resolve(ROOT, f))),
  );
  return specs
    .flatMap((glob) => lookupFiles(glob, [], false))
    .map((f) => path.relative(ROOT, path.resolve(ROOT, f)).split(path.sep).join("/"))
    .filter((f) => !ignored.has(f));
}

describe("test loop: CONTRIBUTING's commands", function () {
  this.timeout(120_000);

  it("`npx mocha FILE` runs that file only (no spec list forced by the configuration)", () => {
    const file = "test/model/monitoring.test.ts";
    assert.ok(fs.readFileSync(path.join(ROOT, "CONTRIBUTING.md"), "utf8").includes("npx mocha test/model/"));
    const r = spawnSync(
      process.execPath,
      [require.resolve("mocha/bin/mocha.js"), "--dry-run", "--reporter", "json", file],
      {
        cwd: ROOT,
        encoding: "utf8",
      },
    );
    assert.equal(r.status, 0, r.stderr);
    const report = JSON.parse(r.stdout.slice(r.stdout.indexOf("{"))) as { tests: Array<{ file: string }> };
    const files = new Set(report.tests.map((t) => path.relative(ROOT, t.file).split(path.sep).join("/")));
    assert.deepEqual([...files], [file]);
  });

  it("npm test and npm run test:release run every spec file exactly once between them", () => {
    const mocha = filesOf(scripts["test:mocha"] ?? "");
    const release = filesOf(scripts["test:release"] ?? "");
    assert.ok(scripts["test"]?.includes("npm run test:mocha"));
    assert.ok(fs.readFileSync(path.join(ROOT, ".ci", "run"), "utf8").includes("npm run test:release"));
    assert.deepEqual([...mocha, ...release].sort(), specFiles().sort());
    assert.ok(release.length > 0 && release.every((f) => f.startsWith("test/release/")));
  });

  it("npm run test:unit runs the pure core: every file under test/model/", () => {
    const unit = filesOf(scripts["test:unit"] ?? "");
    for (const file of specFiles().filter((f) => f.startsWith("test/model/"))) assert.ok(unit.includes(file), file);
  });

  it("drops only @pulumi/aws's known deprecation warning and the alarm-without-action construction warning from the test log (test/support/sdkWarnings.js)", () => {
    const program = `
      const aws = require("@pulumi/aws");
      const pulumi = require("@pulumi/pulumi");
      pulumi.runtime.setMocks({ newResource: (a) => ({ id: a.name, state: a.inputs }), call: () => ({}) });
      new aws.s3.BucketV2("legacy");
      pulumi.log.warn(${JSON.stringify(noActionWarning("orders-to-dr-failed-alarm", "no alarmTopic and no existingAlarmTopicArns"))});
      pulumi.log.warn("another warning");`;
    const config = require(path.join(ROOT, ".mocharc.js")) as { require: string[] };
    assert.ok(config.require.includes("test/support/sdkWarnings.js"), "every mocha run loads the filter");
    const r = spawnSync(process.execPath, ["-r", "./test/support/sdkWarnings.js", "-e", program], {
      cwd: ROOT,
      encoding: "utf8",
    });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, "warning: [runtime] another warning\n");
    const unfiltered = spawnSync(process.execPath, ["-e", program], { cwd: ROOT, encoding: "utf8" });
    assert.match(unfiltered.stderr, /BucketV2 is deprecated/, "the SDK still prints it without the filter");
  });
});
