// One engine, two entry points: a program run through the offline harness (as `pulumi up
// --policy-pack` would judge it), written as `pulumi stack export` with the harness's
// toStackExport, then checked by the CLI, yields exactly the pack's findings: the same
// (policy, resource URN, message) list. Runs every example program and broken variants of the
// pack's raw-resource test program.
import * as assert from "node:assert/strict";
import { spawn } from "child_process";
import { RunResult, runPolicies, toStackExport } from "../../policypack/testing";
import { listExamples, runExample } from "../../examples/offlineRun";
import type { CheckReport } from "../../policypack/check/report";
import { happyProgram, withoutAction, type Tweaks } from "../policypack/program";
import { BIN, REPO, tmp } from "./support";

const BROKEN: Array<[string, Tweaks]> = [
  ["happy path", {}],
  ["destination versioning Suspended", { dstVersioning: "Suspended" }],
  ["replication not ordered after versioning", { noDependsOn: true }],
  [
    "trust admits another service",
    {
      trustPolicy: (doc) => ({
        ...doc,
        Statement: doc.Statement.map((s) => ({ ...s, Principal: { Service: "ec2.amazonaws.com" } })),
      }),
    },
  ],
  ["role lacks s3:ReplicateObject", { rolePolicy: withoutAction("s3:ReplicateObject") }],
  ["destination bucket policy empty", { dstBucketPolicy: (doc) => ({ ...doc, Statement: [] }) }],
  ["no destination SSE configuration", { noDstSse: true }],
  ["source key rotation off, destination key disabled", { srcKeyRotation: false, dstKeyEnabled: false }],
  ["Object Lock source, destination without", { srcObjectLock: true, dstObjectLock: false }],
  ["public access not blocked", { dstPublicAccess: { blockPublicAcls: false } }],
];

interface Program {
  title: string;
  run: () => Promise<RunResult>;
}

function programs(): Program[] {
  const list: Program[] = BROKEN.map(([title, tweaks]) => ({
    title: `pack test program: ${title}`,
    run: () => runPolicies(happyProgram(tweaks), { project: "project", stack: "stack" }),
  }));
  // Every example, as `npm start` runs it: its own index.ts with its sample stack config.
  for (const example of listExamples().filter((candidate) => candidate.name !== "root")) {
    list.push({ title: `example ${example.name}`, run: async () => (await runExample(example, false)).result });
  }
  return list;
}

type Key = [string, string, string];

function cliJson(file: string): Promise<{ status: number | null; report?: CheckReport; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, "check", file, "--format", "json"], { cwd: REPO });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("close", (status) => {
      try {
        resolve({ status, report: JSON.parse(out) as CheckReport, stderr: err });
      } catch {
        resolve({ status, stderr: err });
      }
    });
  });
}

describe("check CLI and the policy pack give identical findings", function () {
  this.timeout(300_000);
  const cases = programs();
  const expected = new Map<string, Key[]>();
  const actual = new Map<string, { status: number | null; keys?: Key[]; stderr: string }>();

  before(async () => {
    const files: Array<[string, string]> = [];
    for (const [i, c] of cases.entries()) {
      const result = await c.run();
      expected.set(c.title, result.violations.map((v): Key => [v.policyName, v.urn ?? "", v.message]).sort());
      files.push([c.title, tmp(`identical-${i}.json`, JSON.stringify(toStackExport(result), null, 2))]);
    }
    // The CLI runs, a few at a time.
    for (let i = 0; i < files.length; i += 4) {
      await Promise.all(
        files.slice(i, i + 4).map(async ([title, file]) => {
          const r = await cliJson(file);
          const entry: { status: number | null; keys?: Key[]; stderr: string } = { status: r.status, stderr: r.stderr };
          if (r.report !== undefined)
            entry.keys = r.report.findings.map((f): Key => [f.policyName, f.urn ?? "", f.message]).sort();
          actual.set(title, entry);
        }),
      );
    }
  });

  for (const c of cases) {
    it(c.title, () => {
      const want = expected.get(c.title);
      const got = actual.get(c.title);
      assert.ok(want !== undefined && got !== undefined);
      assert.ok(got.keys !== undefined, `CLI gave no JSON report (exit ${got.status}): ${got.stderr}`);
      assert.deepEqual(got.keys, want);
      const mandatory = want.length > 0 && got.status === 1;
      assert.ok(got.status === 0 || mandatory, `exit ${got.status}: ${got.stderr}`);
    });
  }

  it("covers the broken programs and at least one example", () => {
    assert.ok(cases.length >= BROKEN.length);
    assert.ok(
      [...expected.values()].some((v) => v.length > 0),
      "some program has findings",
    );
    assert.ok(
      [...expected.values()].some((v) => v.length === 0),
      "some program has none",
    );
  });
});
