/** `npm start`: every example runs offline through the harness with the pack, and its proof holds. */

import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as util from "node:util";
import { replicationProof } from "../../components/model/analysis";
import { listExamples, runExample } from "../../examples/offlineRun";
import { RecordedResource, unwrap } from "../../policypack/testing";
import { judged } from "../policypack/pending";

const ROOT = path.resolve(__dirname, "../..");

/**
 * The README's sample output of `npm start` (the block that starts with "== Resources"), checked
 * against the real output: in order, each README line is a line of the output, a line ending in
 * "..." is the start of one, and a line "..." alone stands for any number of lines left out.
 * Returns the README lines that are not there.
 */
function unshownReadmeLines(output: string): string[] {
  const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
  const block = /```\n(== Resources[\s\S]*?)```/.exec(readme)?.[1];
  if (block === undefined) return ["README.md: no sample output block starting with == Resources"];
  const real = output.split("\n");
  const missing: string[] = [];
  let at = 0;
  for (const line of block.trimEnd().split("\n")) {
    if (line.trim() === "...") continue;
    const matches = (candidate: string): boolean =>
      line.endsWith("...") ? candidate.startsWith(line.slice(0, -3)) : candidate === line;
    const found = real.findIndex((candidate, i) => i >= at && matches(candidate));
    if (found < 0) missing.push(line);
    else at = found + 1;
  }
  return missing;
}

/** The bucket-policy statements S3Replication says the owners of the buckets it does not own must add (its output). */
function requiredBucketStatements(resources: RecordedResource[]): unknown[] {
  const component = resources.find((resource) => resource.type === "s3-replication:index:S3Replication");
  const required = unwrap(component?.outputs["requiredBucketPolicyStatements"]) as Record<string, string> | undefined;
  assert.ok(required !== undefined, "S3Replication has no requiredBucketPolicyStatements output");
  return Object.values(required).flatMap((json) => JSON.parse(json) as unknown[]);
}

describe("npm start: the offline main job", function () {
  this.timeout(120_000);
  const examples = listExamples();

  it("lists the root program (project s3-replication, sample config re-namespaced) and every example folder", () => {
    const root = examples.find((example) => example.name === "root");
    assert.ok(root);
    assert.equal(root.project, "s3-replication");
    assert.equal(root.stackConfig["s3-replication:destinationRoleArn"], "arn:aws:iam::222222222222:role/pulumi-deploy");
    assert.deepEqual(
      examples.map((example) => example.name).filter((name) => name !== "root"),
      [
        "cross-account",
        "existing-buckets-and-keys",
        "multi-destination-rtc",
        "multi-region-key",
        "same-account-sse-s3",
        "two-way",
      ],
    );
  });

  for (const example of examples) {
    it(`${example.name}: no violation in preview and update but the contract of what it does not own; every request allowed, every forbidden one denied`, async () => {
      const preview = await runExample(example, true);
      const update = await runExample(example, false);
      // Preview may add only the advisories naming what it cannot know yet (judged at up).
      assert.deepEqual(judged(preview.result.violations), []);
      assert.deepEqual(update.result.advisories, []);
      if (example.name === "existing-buckets-and-keys") {
        // The destination bucket is not in this stack: the only violation is the advisory contract
        // (S3R067) naming the statements its owner must hold, exactly those the component outputs.
        const [contract, ...others] = update.result.violations;
        assert.deepEqual(others, []);
        assert.equal(contract?.enforcementLevel, "advisory");
        assert.match(contract?.message ?? "", /^\[S3R067 /);
        const statements = /these statements: (\[.*\]) Fix:/.exec(contract?.message ?? "")?.[1];
        assert.ok(statements !== undefined, "the contract lists no statements");
        const required = requiredBucketStatements(update.result.resources);
        const listed = JSON.parse(statements) as unknown[];
        assert.ok(listed.length > 0, "the contract lists no statements");
        for (const statement of listed)
          assert.ok(
            required.some((item) => util.isDeepStrictEqual(item, statement)),
            `the contract's ${JSON.stringify(statement)} is not among the component's required statements`,
          );
      } else assert.deepEqual(update.result.violations, []);
      const proofs = (update.model?.replications ?? []).flatMap((found) => replicationProof(found));
      const wrong = proofs.flatMap((proof) => [
        ...proof.required
          .filter((item) => item.decision !== undefined && !item.decision.allowed)
          .map((item) => `${item.request.id} denied`),
        ...proof.forbidden
          .filter((item) => item.decision?.allowed === true)
          .map((item) => `${item.request.id} allowed`),
      ]);
      assert.deepEqual(wrong, []);
      assert.ok(proofs.length > 0, "no replication path was proven");
      // Keys and buckets the stack does not own have no policy in it: those requests stay unjudged.
      if (example.name !== "existing-buckets-and-keys") {
        assert.ok(
          proofs.every((proof) => proof.required.every((item) => item.decision !== undefined)),
          "a request could not be judged",
        );
      }
    });
  }

  it("the command: --help lists the examples, an unknown example exits 2, the root run exits 0 with a clean summary", () => {
    const run = (...args: string[]) =>
      spawnSync(
        process.execPath,
        [require.resolve("ts-node/dist/bin.js"), "--transpile-only", path.join(ROOT, "examples/run.ts"), ...args],
        { cwd: ROOT, encoding: "utf8" },
      );
    const help = run("--help");
    assert.equal(help.status, 0);
    assert.match(help.stdout, /multi-destination-rtc/);
    assert.equal(run("--example", "nope").status, 2);
    const root = run("--quiet");
    assert.equal(root.status, 0, root.stdout + root.stderr);
    assert.match(root.stdout, /account 222222222222 {2}eu-west-1 {2}via orders-to-dr-provider/);
    assert.match(
      root.stdout,
      /summary: 11 requests allowed, 54 forbidden requests denied, 0 not judgeable in this stack, 0 wrong verdicts; 0 pack violations/,
    );
    assert.match(root.stdout, /KMS cost of/);
  });

  it("npm start from a shell prints the documents of the default scenario", () => {
    const output = execFileSync("npm", ["start", "--silent"], {
      cwd: ROOT,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    for (const title of ["(trust policy)", "iam.RolePolicy", "kms.KeyPolicy", "s3.BucketPolicy", "rules"])
      assert.ok(output.includes(title), `no ${title}`);
    assert.deepEqual(unshownReadmeLines(output), [], "README.md's sample output of npm start is not what it prints");
  });
});
