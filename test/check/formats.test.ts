// Output formats on the legacy export with a tiny local policy set (formats do not depend on the
// pack's exact findings): JSON schema stability, SARIF 2.1.0 shape, Mermaid diagram, text grouping.
import * as assert from "node:assert/strict";
import * as fs from "fs";
import { check, render, type CheckOutcome } from "../../policypack/check/cli";
import { loadPolicySet } from "../../policypack/check/engine";
import { escapeLines, renderMermaid, renderSarif } from "../../policypack/check/formats";
import { cli, LEGACY, TEST_POLICIES, tmp } from "./support";

const SRC = "urn:pulumi:prod::legacy-dr::aws:s3/bucket:Bucket::orders";
const DST = "urn:pulumi:prod::legacy-dr::aws:s3/bucket:Bucket::orders-dr";
const ATTACH = "urn:pulumi:prod::legacy-dr::aws:iam/rolePolicyAttachment:RolePolicyAttachment::replication-attach";

describe("check output formats (local policy set)", () => {
  let outcome: CheckOutcome;
  before(async () => {
    outcome = await check({ file: LEGACY, format: "json", objectsPerSecond: 60_000 }, loadPolicySet(TEST_POLICIES));
  });

  it("JSON: stable schema (schemaVersion 3, documented keys, deterministic order)", () => {
    const r = outcome.report;
    assert.deepEqual(Object.keys(r), [
      "schemaVersion",
      "tool",
      "input",
      "policyPack",
      "config",
      "summary",
      "objectsPerSecond",
      "paths",
      "findings",
      "contracts",
      "notRun",
      "policies",
      "objectsPerSecondByRule",
      "kmsLoad",
      "monthlyCost",
    ]);
    assert.equal(r.schemaVersion, 3);
    assert.deepEqual(r.input, {
      file: LEGACY,
      project: "legacy-dr",
      stack: "prod",
      resources: 10,
      exports: [{ file: LEGACY, project: "legacy-dr", stack: "prod", resources: 10 }],
    });
    assert.deepEqual(r.policyPack, { name: "check-test-policies", version: "0.1.0" });
    assert.deepEqual(Object.keys(r.summary), [
      "findings",
      "mandatory",
      "advisory",
      "paths",
      "brokenPaths",
      "throttlingPaths",
      "throttlingRegions",
      "exitCode",
    ]);
    for (const f of r.findings) {
      assert.deepEqual(Object.keys(f), [
        "code",
        "policyName",
        "enforcementLevel",
        "severity",
        "kind",
        "urn",
        "resourceType",
        "resourceName",
        "message",
        "problem",
        "fix",
        "paths",
        "export",
        "contract",
      ]);
    }
    for (const p of r.paths) {
      assert.deepEqual(Object.keys(p), [
        "id",
        "ruleId",
        "source",
        "destination",
        "roleArn",
        "replicaKmsKeyId",
        "configurationUrn",
        "codes",
        "broken",
        "cost",
      ]);
      assert.deepEqual(Object.keys(p.source), [
        "name",
        "arn",
        "account",
        "region",
        "encryption",
        "kmsKeyId",
        "bucketKeyEnabled",
        "urn",
        "export",
      ]);
    }
    assert.deepEqual(
      r.findings.map((f) => [f.code, f.policyName, f.enforcementLevel, f.urn, f.paths]),
      [
        ["S3R016", "test-role-attachments", "advisory", ATTACH, ["legacy-orders -> legacy-orders-dr"]],
        ["S3R005", "test-replica-key", "mandatory", SRC, ["legacy-orders -> legacy-orders-dr"]],
        ["S3R001", "test-bucket-versioning", "mandatory", DST, ["legacy-orders -> legacy-orders-dr"]],
      ].sort((a, b) => String(a[3]).localeCompare(String(b[3]))),
    );
    assert.deepEqual(r.summary, {
      findings: 3,
      mandatory: 2,
      advisory: 1,
      paths: 1,
      brokenPaths: 1,
      throttlingPaths: 1,
      throttlingRegions: 1,
      exitCode: 1,
    });
    const f = r.findings.find((x) => x.code === "S3R001");
    assert.equal(f?.problem, "bucket orders-dr: versioning is not enabled.");
    assert.equal(f?.fix, "enable versioning.");
    assert.equal(f?.severity, "critical");
    // Same input, same bytes.
    return check({ file: LEGACY, format: "json", objectsPerSecond: 60_000 }, loadPolicySet(TEST_POLICIES)).then(
      (again) => assert.equal(render(again, "json"), render(outcome, "json")),
    );
  });

  it("JSON: the path reads the legacy inline replication, the role, both accounts and regions", () => {
    const [p] = outcome.report.paths;
    assert.ok(p);
    assert.equal(p.id, "legacy-orders -> legacy-orders-dr");
    assert.equal(p.ruleId, "orders-to-dr");
    assert.equal(p.roleArn, "arn:aws:iam::111111111111:role/legacy-replication-role");
    assert.deepEqual(
      [p.source.account, p.source.region, p.source.encryption, p.source.bucketKeyEnabled],
      ["111111111111", "us-east-1", "aws:kms", false],
    );
    assert.deepEqual([p.destination.account, p.destination.region], ["222222222222", "eu-west-1"]);
    assert.equal(p.configurationUrn, SRC);
    assert.deepEqual(p.codes, ["S3R001", "S3R005", "S3R016"]);
    assert.equal(p.broken, true);
  });

  it("cost note: per million objects with and without Bucket Keys, quota share, throttling at the given rate", () => {
    const [p] = outcome.report.paths;
    assert.ok(p);
    assert.equal(p.cost.source.requestsPerMillionWithoutBucketKey, 1_000_000);
    assert.equal(p.cost.source.requestsPerMillionWithBucketKeyAtBest, 10_000);
    assert.equal(p.cost.objectsPerSecond, 60_000);
    assert.deepEqual(
      p.cost.load?.map((l) => [l.region, l.quotaPerSecond, l.quotaShareWorstCase, l.throttles]),
      [
        // the source region's rate doubles: the application's SSE-KMS writes plus replication's decrypts
        ["us-east-1", 100_000, 1.2, "yes"],
        ["eu-west-1", 100_000, 0.6, "no"],
      ],
    );
    const text = render(outcome, "text");
    assert.match(
      text,
      /source \(us-east-1\): 1,000,000 KMS requests per million objects without a Bucket Key, as few as 10,000 with one \(up to 99% fewer\)/,
    );
    assert.match(
      text,
      /at 60,000 objects\/s: 60\.0% of the source account's 100,000\/s KMS quota in eu-west-1 \(this path alone\)/,
    );
  });

  it("cost note: a rate over the quota marks the account's Region, with the paths that draw on it", async () => {
    const o = await check({ file: LEGACY, format: "text", objectsPerSecond: 150_000 }, loadPolicySet(TEST_POLICIES));
    assert.equal(o.report.summary.throttlingPaths, 1);
    assert.equal(o.report.summary.throttlingRegions, 2, "us-east-1 and eu-west-1");
    const text = render(o, "text");
    assert.match(text, /300\.0% of the source account's 100,000\/s KMS quota in us-east-1 \(this path alone\)/);
    assert.match(
      text,
      /account 111111111111 in us-east-1: 300,000 requests\/s worst case, 300\.0% of its 100,000\/s quota OVER QUOTA; paths: legacy-orders -> legacy-orders-dr/,
    );
    assert.match(text, /account 111111111111 in eu-west-1: .* 150\.0% of its 100,000\/s quota OVER QUOTA/);
    assert.match(
      text,
      /total about \$[0-9,.]+\/month \(prices of us-east-1 as of 20\d\d-\d\d-\d\d: https:\/\/aws\.amazon\.com\/kms\/pricing\//,
    );
  });

  it("per-rule rates: RULE=N overrides the global rate for that rule's paths; no rate, no load or cost", async () => {
    const o = await check(
      { file: LEGACY, format: "json", objectsPerSecond: 10, objectsPerSecondByRule: { "orders-to-dr": 40_000 } },
      loadPolicySet(TEST_POLICIES),
    );
    assert.equal(o.report.paths[0]?.cost.objectsPerSecond, 40_000);
    assert.deepEqual(o.report.objectsPerSecondByRule, { "orders-to-dr": 40_000 });
    assert.equal(o.report.kmsLoad?.find((l) => l.region === "us-east-1")?.requestsPerSecondWorstCase, 80_000);
    const none = await check({ file: LEGACY, format: "json" }, loadPolicySet(TEST_POLICIES));
    assert.equal(none.report.kmsLoad, null);
    assert.equal(none.report.monthlyCost, null);
  });

  it("text: grouped by path with severity, resource, problem and fix", () => {
    const text = render(outcome, "text");
    assert.match(text, /^BROKEN {2}legacy-orders -> legacy-orders-dr {2}\(rule orders-to-dr\)$/m);
    assert.match(
      text,
      /111111111111\/us-east-1 -> 222222222222\/eu-west-1; role arn:aws:iam::111111111111:role\/legacy-replication-role/,
    );
    assert.match(
      text,
      /\[MANDATORY critical breaks-replication\] S3R001 \(test-bucket-versioning\)\n {4}resource: aws:s3\/bucket:Bucket orders-dr\n {4}problem: {2}bucket orders-dr: versioning is not enabled\.\n {4}fix: {6}enable versioning\./,
    );
    assert.match(text, /3 finding\(s\): 2 mandatory, 1 advisory; 1 path\(s\), 1 broken/);
  });

  it("SARIF 2.1.0: rules with descriptions and help, results with levels and URN logical locations", () => {
    const sarif = renderSarif(outcome.report) as {
      version: string;
      $schema: string;
      runs: Array<{
        tool: { driver: { name: string; rules: Array<Record<string, { text: string } | string>> } };
        results: Array<Record<string, unknown>>;
      }>;
    };
    assert.equal(sarif.version, "2.1.0");
    assert.match(sarif.$schema, /sarif-2\.1\.0/);
    const run = sarif.runs[0];
    assert.ok(run);
    const rules = run.tool.driver.rules;
    assert.deepEqual(rules.map((r) => r["id"]).sort(), ["S3R001", "S3R005", "S3R016"]);
    for (const r of rules) {
      for (const k of ["shortDescription", "fullDescription", "help"]) {
        const v = r[k] as { text: string };
        assert.ok(typeof v.text === "string" && v.text.length > 0, `${String(r["id"])}.${k}`);
      }
    }
    assert.equal(
      (rules.find((r) => r["id"] === "S3R001")?.["shortDescription"] as { text: string }).text,
      "Versioning not enabled",
    );
    assert.equal(run.results.length, 3);
    for (const res of run.results) {
      const rule = rules[res["ruleIndex"] as number];
      assert.equal(rule?.["id"], res["ruleId"]);
      assert.ok(["error", "warning", "note", "none"].includes(res["level"] as string));
      assert.ok(typeof (res["message"] as { text: string }).text === "string");
      const locs = res["locations"] as Array<{ logicalLocations: Array<{ fullyQualifiedName: string }> }>;
      assert.match(locs[0]?.logicalLocations[0]?.fullyQualifiedName ?? "", /^urn:pulumi:prod::legacy-dr::/);
    }
    const v = run.results.find((x) => x["ruleId"] === "S3R001");
    assert.equal(v?.["level"], "error");
    assert.equal(
      (v?.["locations"] as Array<{ logicalLocations: Array<{ fullyQualifiedName: string }> }>)[0]?.logicalLocations[0]
        ?.fullyQualifiedName,
      DST,
    );
    assert.equal(run.results.find((x) => x["ruleId"] === "S3R016")?.["level"], "warning");
  });

  it("Mermaid: accounts, regions, buckets, keys, role, the path; broken edges labelled with codes", () => {
    const md = renderMermaid(outcome.report, outcome.topology);
    assert.match(md, /```mermaid\nflowchart LR\n/);
    assert.match(md, /subgraph acct_111111111111\["account 111111111111"\]/);
    assert.match(md, /subgraph acct_222222222222\["account 222222222222"\]/);
    assert.match(md, /\["us-east-1"\]/);
    assert.match(md, /\["eu-west-1"\]/);
    assert.match(md, /\[\("bucket legacy-orders<br\/>aws:kms"\)\]/);
    assert.match(md, /\{\{"KMS key orders-dr-key"\}\}/);
    assert.match(md, /\(\["role legacy-replication-role"\]\)/);
    assert.match(md, /b\d+ -\.->\|"BROKEN: S3R001, S3R005<br\/>warn: S3R016"\| b\d+/);
    assert.match(md, /linkStyle \d+(,\d+)* stroke:#d00/);
    assert.match(md, /\| legacy-orders -> legacy-orders-dr \| broken \| S3R001, S3R005, S3R016 \|/);
  });

  it("CLI writes --diagram and --output files, and --format sarif on stdout", () => {
    const diagram = tmp("diagram.md");
    const out = tmp("report.sarif");
    const r = cli([
      "check",
      LEGACY,
      "--policies",
      TEST_POLICIES,
      "--format",
      "sarif",
      "--diagram",
      diagram,
      "--output",
      out,
    ]);
    assert.equal(r.status, 1, r.stderr);
    assert.equal(r.stdout, "");
    assert.equal((JSON.parse(fs.readFileSync(out, "utf8")) as { version: string }).version, "2.1.0");
    assert.match(fs.readFileSync(diagram, "utf8"), /BROKEN: S3R001/);
  });
});

describe("check formats: messages over several lines", () => {
  it("escapeLines keeps the line breaks and escapes every other control, line by line", () => {
    assert.equal(escapeLines("a\u202eb\nc\rd\n\u001b[2Je"), "a\\u{202e}b\nc\\u{000d}d\n\\u{001b}[2Je");
  });
});
