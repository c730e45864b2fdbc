// Several exports checked together: the cross-account fixtures (two teams, two stacks) joined by
// ARN, judged as one stack; the result does not depend on the order of the files; every finding and
// bucket names the export it came from.
import * as assert from "node:assert/strict";
import * as fs from "fs";
import * as path from "path";
import { check, main } from "../../policypack/check/cli";
import type { CheckReport } from "../../policypack/check/report";
import { runPolicies, toStackExport } from "../../policypack/testing";
import {
  CROSS_ACCOUNT_FILES,
  RoleSource,
  crossAccountExports,
  denyOnly,
  roleOutsideProgram,
} from "./fixtures/crossAccount";
import { tmp } from "./support";

const SOURCE = CROSS_ACCOUNT_FILES.source;
const DESTINATION = CROSS_ACCOUNT_FILES.destination;
const ROLE = "arn:aws:iam::111111111111:role/orders-replication";

async function report(files: string[]): Promise<CheckReport> {
  return (await check({ file: files[0]!, files, format: "json" })).report;
}

/** Every ordering of a list. */
function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
  );
}

describe("check: several exports joined (cross-account fixtures)", function () {
  this.timeout(600_000);

  it("the committed fixtures are what the two programs export (offline harness)", async () => {
    const fresh = await crossAccountExports();
    assert.deepEqual(
      fresh.source,
      JSON.parse(fs.readFileSync(SOURCE, "utf8")),
      "rerun test/check/fixtures/crossAccount.ts",
    );
    assert.deepEqual(fresh.destination, JSON.parse(fs.readFileSync(DESTINATION, "utf8")));
    const broken = await crossAccountExports({ bucketPolicy: denyOnly });
    assert.deepEqual(broken.destination, JSON.parse(fs.readFileSync(CROSS_ACCOUNT_FILES.destinationNoGrant, "utf8")));
  });

  it("joined: one path across the two stacks, no finding, every export and bucket named", async () => {
    const r = await report([SOURCE, DESTINATION]);
    assert.deepEqual(
      r.input.exports.map((e) => [path.basename(e.file), `${e.project}/${e.stack}`]),
      [
        ["crossAccount-destination.json", "orders-dr/dr"],
        ["crossAccount-source.json", "orders/prod"],
      ],
    );
    assert.equal(r.paths.length, 1);
    const [p] = r.paths;
    assert.equal(p!.id, "orders-src -> orders-dst");
    assert.equal(p!.roleArn, ROLE);
    assert.equal(p!.source.export, SOURCE);
    assert.equal(p!.destination.export, DESTINATION);
    assert.deepEqual([p!.source.account, p!.destination.account], ["111111111111", "222222222222"]);
    assert.deepEqual(r.findings, []);
    assert.equal(r.summary.exitCode, 0);
  });

  it("a destination bucket policy in B granting A's role nothing is found from A's role and rule, in every file order", async () => {
    const broken = await crossAccountExports({ bucketPolicy: denyOnly });
    const dst = tmp("broken-destination.json", JSON.stringify(broken.destination));
    const dir = path.dirname(tmp("joined/x"));
    fs.mkdirSync(dir, { recursive: true });
    fs.copyFileSync(SOURCE, path.join(dir, "a-source.json"));
    fs.copyFileSync(dst, path.join(dir, "b-destination.json"));
    const reports: CheckReport[] = [];
    for (const files of permutations([SOURCE, dst])) reports.push(await report(files));
    const [first] = reports;
    for (const r of reports) assert.deepEqual(r, first);
    const mandatory = first!.findings.filter((f) => f.enforcementLevel === "mandatory");
    assert.ok(mandatory.length > 0, "no mandatory finding");
    const grant = mandatory.find((f) => f.resourceType === "aws:s3/bucketPolicy:BucketPolicy");
    assert.ok(grant, JSON.stringify(mandatory.map((f) => f.problem)));
    assert.equal(grant.export, dst);
    assert.match(
      grant.problem,
      /the bucket policy does not let arn:aws:iam::111111111111:role\/orders-replication s3:/,
    );
    assert.equal(first!.summary.exitCode, 1);
    // A directory of exports is the same check (files named by the directory).
    const fromDir = await report([dir]);
    assert.deepEqual(
      fromDir.findings.map((f) => [f.code, f.problem]),
      first!.findings.map((f) => [f.code, f.problem]),
    );
    // Each stack alone: the pack claims no breakage that depends on the other stack's documents.
    for (const alone of [SOURCE, dst]) {
      const r = await report([alone]);
      assert.deepEqual(
        r.findings.filter((f) => f.enforcementLevel === "mandatory").map((f) => f.problem),
        [],
        alone,
      );
    }
  });

  it("text and SARIF name the export each resource came from", async () => {
    const broken = await crossAccountExports({ keyPolicy: denyOnly });
    const dst = tmp("broken-key-destination.json", JSON.stringify(broken.destination));
    let text = "";
    assert.equal(
      await main(
        ["check", SOURCE, dst],
        (s) => (text += s),
        () => undefined,
      ),
      1,
    );
    assert.match(text, /^s3-replication check: 2 exports joined/);
    assert.ok(text.includes(`source from ${SOURCE}; destination from ${dst}`), text);
    assert.ok(text.includes(`aws:kms/key:Key orders-dst-key (from ${dst})`), text);
    let sarif = "";
    await main(
      ["check", dst, SOURCE, "--format", "sarif"],
      (s) => (sarif += s),
      () => undefined,
    );
    const log = JSON.parse(sarif) as {
      runs: Array<{
        results: Array<{ locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }>;
      }>;
    };
    const uris = log.runs[0]!.results.map((r) => r.locations[0]!.physicalLocation.artifactLocation.uri);
    assert.ok(uris.includes(dst), uris.join(", "));
  });

  it("one stack alone: the contracts of what it cannot see, in JSON and SARIF (the destination's statements)", async () => {
    const r = await report([SOURCE]);
    assert.deepEqual(
      r.contracts.map((c) => [c.side, c.holder, c.paths, c.export]),
      [
        ["destination-bucket-policy", "arn:aws:s3:::orders-dst", ["orders-src -> orders-dst"], SOURCE],
        ["replica-key-policy", r.paths[0]!.replicaKmsKeyId, ["orders-src -> orders-dst"], SOURCE],
      ],
    );
    assert.deepEqual(
      (r.contracts[0]!.statements as Array<{ Principal: unknown; Action: string[] }>).map((s) => [
        s.Principal,
        s.Action,
      ]),
      [
        [
          { AWS: ROLE },
          ["s3:ReplicateObject", "s3:ReplicateTags", "s3:ReplicateDelete", "s3:ObjectOwnerOverrideToBucketOwner"],
        ],
      ],
    );
    assert.deepEqual(r.summary.mandatory, 0);
    let sarif = "";
    await main(
      ["check", SOURCE, "--format", "sarif"],
      (s) => (sarif += s),
      () => undefined,
    );
    const log = JSON.parse(sarif) as { runs: Array<{ properties: { contracts: unknown } }> };
    assert.deepEqual(log.runs[0]!.properties.contracts, JSON.parse(JSON.stringify(r.contracts)));
    // Joined with the destination's export, nothing is outside: no contract.
    assert.deepEqual((await report([SOURCE, DESTINATION])).contracts, []);
  });

  it("every contract finding (S3R066, S3R067) carries its own document's statements, in JSON and in its SARIF result", async () => {
    const run = await runPolicies(roleOutsideProgram(RoleSource.Arn), {
      project: "orders",
      stack: "prod",
      policies: [],
    });
    const roleOutside = tmp("role-outside.json", JSON.stringify(toStackExport(run, new Date(0))));
    for (const file of [SOURCE, roleOutside]) {
      const r = await report([file]);
      const contractFindings = r.findings.filter((f) => f.code === "S3R066" || f.code === "S3R067");
      assert.equal(contractFindings.length, r.contracts.length, file);
      assert.ok(contractFindings.length > 0, file);
      // Each finding carries exactly one of the report's contracts, and no two carry the same one.
      const carried = contractFindings.map((f) => f.contract);
      assert.deepEqual(
        [...carried].sort((a, b) => `${a?.side}${a?.holder}`.localeCompare(`${b?.side}${b?.holder}`)),
        [...r.contracts]
          .map((c) => ({ side: c.side, holder: c.holder, paths: c.paths, statements: c.statements }))
          .sort((a, b) => `${a.side}${a.holder}`.localeCompare(`${b.side}${b.holder}`)),
      );
      for (const f of contractFindings) {
        assert.equal(f.code === "S3R066", f.contract!.side === "role", f.problem);
        assert.ok(f.problem.includes(JSON.stringify(f.contract!.statements)), f.problem);
      }
      assert.ok(r.findings.filter((f) => !contractFindings.includes(f)).every((f) => f.contract === null));
      let sarif = "";
      await main(
        ["check", file, "--format", "sarif"],
        (s) => (sarif += s),
        () => undefined,
      );
      const log = JSON.parse(sarif) as {
        runs: Array<{ results: Array<{ ruleId: string; properties: { contract?: unknown } }> }>;
      };
      const results = log.runs[0]!.results.filter((x) => x.ruleId === "S3R066" || x.ruleId === "S3R067");
      assert.deepEqual(
        results.map((x) => x.properties.contract),
        JSON.parse(JSON.stringify(contractFindings.map((f) => f.contract))),
      );
    }
    const roleReport = await report([roleOutside]);
    const role = roleReport.findings.find((f) => f.code === "S3R066");
    assert.equal(role?.contract?.holder, ROLE);
    assert.ok(
      (role!.contract!.statements as Array<{ Action: string[] | string }>).some((s) =>
        ([] as string[]).concat(s.Action).includes("s3:ReplicateObject"),
      ),
    );
  });

  it("two stacks claiming the same bucket: a finding naming both, the same report in all six file orders", async () => {
    const other = tmp(
      "claims-destination.json",
      fs.readFileSync(DESTINATION, "utf8").replace(/urn:pulumi:dr::/g, "urn:pulumi:dr2::"),
    );
    const reports: CheckReport[] = [];
    for (const files of permutations([SOURCE, DESTINATION, other])) reports.push(await report(files));
    for (const r of reports) assert.deepEqual(r, reports[0]);
    const claims = reports[0]!.findings.filter((f) => f.code === "S3R069");
    const claim = claims.find((f) => / each manage the bucket /.test(f.problem));
    assert.ok(claim, reports[0]!.findings.map((f) => f.problem).join("\n"));
    // The copied stack holds the destination's key too: one key ARN, claimed twice.
    assert.equal(claims.filter((f) => / each manage the key arn:aws:kms:/.test(f.problem)).length, 1);
    assert.match(
      claim.problem,
      /s3\.Bucket "orders-dst" \(orders-dr\/dr\) and s3\.Bucket "orders-dst" \(orders-dr\/dr2\) each manage the bucket orders-dst/,
    );
    assert.equal(claim.enforcementLevel, "mandatory");
  });

  /** An export of another stack (`urn:pulumi:STACK::PROJECT`) holding only the resources of `file` whose type matches `keep`. */
  function otherStack(file: string, keep: RegExp, stack: string, project: string): string {
    const parsed = JSON.parse(fs.readFileSync(file, "utf8")) as {
      deployment: { resources: Array<{ type: string }> };
    };
    const [, from] = /"(urn:pulumi:[^:]+::[^:]+)::/.exec(fs.readFileSync(file, "utf8")) ?? [];
    const moved = JSON.parse(JSON.stringify(parsed).split(`${from}::`).join(`urn:pulumi:${stack}::${project}::`)) as {
      deployment: { resources: Array<{ type: string }> };
    };
    moved.deployment.resources = moved.deployment.resources.filter((r) => keep.test(r.type));
    return tmp(`${project}-${stack}.json`, JSON.stringify(moved));
  }

  /** The reports of every file order, asserted identical; the first. */
  async function sameInEveryOrder(files: string[]): Promise<CheckReport> {
    const reports: CheckReport[] = [];
    for (const order of permutations(files)) reports.push(await report(order));
    for (const r of reports) assert.deepEqual(r, reports[0]);
    return reports[0]!;
  }

  it("two stacks claiming the same KMS key (one ARN): S3R069 naming both stacks, the same report in all six file orders", async () => {
    const keys = otherStack(DESTINATION, /^pulumi:|^aws:kms\/key:Key$/, "k2", "keys");
    const r = await sameInEveryOrder([SOURCE, DESTINATION, keys]);
    const claims = r.findings.filter((f) => f.code === "S3R069");
    assert.equal(claims.length, 1, r.findings.map((f) => f.problem).join("\n"));
    assert.match(
      claims[0]!.problem,
      /kms\.Key "orders-dst-key" \(keys\/k2\) and kms\.Key "orders-dst-key" \(orders-dr\/dr\) each manage the key arn:aws:kms:eu-west-1:222222222222:key\//,
    );
    assert.equal(claims[0]!.enforcementLevel, "mandatory");
    // Without the second stack: no claim.
    assert.deepEqual((await report([SOURCE, DESTINATION])).findings, []);
  });

  it("one key resource twice in one stack (same ARN): S3R069", async () => {
    const parsed = JSON.parse(fs.readFileSync(DESTINATION, "utf8")) as {
      deployment: { resources: Array<{ type: string; urn: string }> };
    };
    const key = parsed.deployment.resources.find((x) => x.type === "aws:kms/key:Key")!;
    parsed.deployment.resources.push({
      ...key,
      urn: key.urn.replace(/::orders-dst-key$/, "::orders-dst-key-imported"),
    });
    const r = await report([SOURCE, tmp("key-twice.json", JSON.stringify(parsed))]);
    const claim = r.findings.find((f) => f.code === "S3R069");
    assert.match(
      claim?.problem ?? "",
      /kms\.Key "orders-dst-key" \(orders-dr\/dr\) and kms\.Key "orders-dst-key-imported" \(orders-dr\/dr\) each manage the key/,
    );
  });

  it("two stacks writing one bucket's replication configuration or bucket policy: S3R041 naming each writer's stack, in every file order", async () => {
    const replication = otherStack(SOURCE, /^pulumi:|BucketReplicationConfig$/, "r2", "repl");
    const r = await sameInEveryOrder([SOURCE, DESTINATION, replication]);
    const overwrite = r.findings.filter((f) => f.code === "S3R041");
    assert.equal(overwrite.length, 1, r.findings.map((f) => f.problem).join("\n"));
    assert.match(
      overwrite[0]!.problem,
      /s3\.BucketReplicationConfig "replication" \(orders\/prod\) and s3\.BucketReplicationConfig "replication" \(repl\/r2\) each write the replication configuration of s3\.Bucket "orders-src"/,
    );
    const policies = otherStack(DESTINATION, /^pulumi:|bucketPolicy:BucketPolicy$/, "p2", "policies");
    const p = await sameInEveryOrder([SOURCE, DESTINATION, policies]);
    assert.match(
      p.findings.find((f) => f.code === "S3R041")?.problem ?? "",
      /s3\.BucketPolicy "orders-dst-policy" \(orders-dr\/dr\) and s3\.BucketPolicy "orders-dst-policy" \(policies\/p2\) each write the bucket policy of s3\.Bucket "orders-dst"/,
    );
  });

  it("exit 2 when two files are exports of the same stack, or a directory holds no export", async () => {
    let err = "";
    const copy = tmp("source-again.json", fs.readFileSync(SOURCE, "utf8"));
    assert.equal(
      await main(
        ["check", SOURCE, copy],
        () => undefined,
        (s) => (err += s),
      ),
      2,
    );
    assert.match(err, /both hold urn:pulumi:prod::orders::.*exports of the same stack \(orders\/prod\)/);
    err = "";
    const empty = path.dirname(tmp("empty-dir/x"));
    fs.mkdirSync(empty, { recursive: true });
    assert.equal(
      await main(
        ["check", empty],
        () => undefined,
        (s) => (err += s),
      ),
      2,
    );
    assert.match(err, /holds no export/);
  });
});
