// The CLI as a child process: exit codes 0/1/2, one-line messages for every kind of bad input.
import * as assert from "node:assert/strict";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parseArgs, UsageError } from "../../policypack/check/cli";
import { BIN, cli, legacy, LEGACY, noStack, REPO, TEST_POLICIES, tmp } from "./support";

const SIG = "4dabf18193072939515e22adb298388d";
const SECRET = "1b47061264138c4ac30d75fd1eb44270";

function bad(name: string, content: string, expected: RegExp, extra: string[] = []): void {
  it(`exit 2: ${name}`, () => {
    const file = tmp(`${name.replace(/\W+/g, "-")}.json`, content);
    const r = cli(["check", file, ...extra]);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, expected);
    assert.equal(r.stdout, "");
    assert.ok(noStack(r.stderr), r.stderr);
    assert.ok(r.stderr.trim().split("\n").length === 1, `one line: ${r.stderr}`);
  });
}

describe("check CLI: exit codes and bad input", () => {
  it("exit 1 on the legacy export (mandatory violations), report on stdout", () => {
    const r = cli(["check", LEGACY]);
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stdout, /BROKEN {2}legacy-orders -> legacy-orders-dr/);
    assert.ok(noStack(r.stderr));
  });

  it("exit 0 when only advisory policies fire (config turns the mandatory ones advisory)", () => {
    const config = tmp("advisory.json", JSON.stringify({ all: "advisory" }));
    const r = cli(["check", LEGACY, "--config", config, "--format", "json"]);
    assert.equal(r.status, 0, r.stderr);
    const report = JSON.parse(r.stdout) as { summary: { mandatory: number; findings: number; exitCode: number } };
    assert.equal(report.summary.mandatory, 0);
    assert.ok(report.summary.findings > 0);
    assert.equal(report.summary.exitCode, 0);
  });

  it("exit 0 on a stack with no findings", () => {
    const doc = legacy();
    doc.deployment.resources = doc.deployment.resources.filter((r) => String(r["type"]).startsWith("pulumi:"));
    const r = cli(["check", tmp("empty.json", JSON.stringify(doc))]);
    assert.equal(r.status, 0, r.stderr + r.stdout);
    assert.match(r.stdout, /0 finding\(s\)/);
  });

  it("--help prints usage and exits 0; works through npx from the repo root", () => {
    const r = cli(["--help"]);
    assert.equal(r.status, 0);
    assert.match(r.stdout, /Usage: s3-replication check FILE/);
    const n = spawnSync("npx", ["--offline", "s3-replication", "check", LEGACY, "--format", "json"], {
      cwd: REPO,
      encoding: "utf8",
      timeout: 120_000,
    });
    assert.equal(n.status, 1, n.stderr);
    assert.equal((JSON.parse(n.stdout) as { schemaVersion: number }).schemaVersion, 3);
  });

  it("reads the export from standard input with FILE -", () => {
    const r = cli(["check", "-", "--policies", TEST_POLICIES, "--format", "json"], fs.readFileSync(LEGACY, "utf8"));
    assert.equal(r.status, 1, r.stderr);
  });

  it("exit 2 on usage errors: no command, no file, unknown option, bad format, bad rate", () => {
    for (const args of [
      [],
      ["check"],
      ["check", LEGACY, "--bogus"],
      ["check", LEGACY, "--format", "xml"],
      ["check", LEGACY, "--objects-per-second", "-3"],
      ["frobnicate"],
    ]) {
      const r = cli(args);
      assert.equal(r.status, 2, `${args.join(" ")}: ${r.stderr}`);
      assert.match(r.stderr, /^s3-replication: /);
      assert.ok(noStack(r.stderr));
    }
  });

  it("exit 2 on a missing file", () => {
    const r = cli(["check", "does-not-exist.json"]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /cannot read export file does-not-exist\.json \(ENOENT\)/);
  });

  bad("not JSON", "{ this is not json", /is not JSON/);
  bad("JSON but not a deployment", JSON.stringify({ resources: [] }), /is not a deployment/);
  bad("a bare array", "[]", /is not a deployment/);
  bad(
    "unsupported version",
    JSON.stringify({ version: 2, deployment: { resources: [] } }),
    /unsupported deployment version 2; only version 3/,
  );
  bad(
    "resources not a list",
    JSON.stringify({ version: 3, deployment: { resources: {} } }),
    /deployment\.resources must be a list/,
  );
  {
    const doc = legacy();
    const role = doc.deployment.resources.find((r) => r["type"] === "aws:iam/role:Role") as Record<
      string,
      Record<string, unknown>
    >;
    role["outputs"]!["assumeRolePolicy"] = { [SIG]: SECRET, ciphertext: "v1:abcd:efgh" };
    bad(
      "encrypted secret",
      JSON.stringify(doc),
      /resource urn:pulumi:prod::legacy-dr::aws:iam\/role:Role::replication-role property outputs\.assumeRolePolicy is an encrypted secret \(ciphertext\).*--show-secrets/,
    );
  }
  {
    const doc = legacy();
    const bucket = doc.deployment.resources.find((r) => r["type"] === "aws:s3/bucket:Bucket") as Record<
      string,
      unknown
    >;
    delete bucket["provider"];
    bad(
      "custom resource with no provider",
      JSON.stringify(doc),
      /resource urn:pulumi:prod::legacy-dr::aws:s3\/bucket:Bucket::orders-dr has no provider/,
    );
  }
  {
    const doc = legacy();
    doc.deployment.resources = doc.deployment.resources.filter(
      (r) => r["urn"] !== "urn:pulumi:prod::legacy-dr::pulumi:providers:aws::dr",
    );
    bad(
      "provider not in the export",
      JSON.stringify(doc),
      /has no provider: its provider urn:pulumi:prod::legacy-dr::pulumi:providers:aws::dr::[0-9a-f-]+ is not in the deployment/,
    );
  }
  bad("config that is not JSON", fs.readFileSync(LEGACY, "utf8"), /config file .* is not JSON/, [
    "--config",
    tmp("bad-config.json", "nope"),
  ]);
  bad(
    "config the engine rejects",
    fs.readFileSync(LEGACY, "utf8"),
    /config file .*bad-level\.json: parsing enforcement level for "all": "sometimes" is not a valid enforcement level/,
    ["--config", tmp("bad-level.json", JSON.stringify({ all: "sometimes" }))],
  );
  it("exit 2 on a config file of an earlier version, printing the whole file to write instead", () => {
    const old = { "replication-versioning": "advisory", "bucket-encryption": { allowedEncryptionTypes: ["aws:kms"] } };
    const r = cli(["check", LEGACY, "--config", tmp("old-config.json", JSON.stringify(old))]);
    assert.equal(r.status, 2, r.stderr);
    assert.equal(r.stdout, "");
    assert.ok(noStack(r.stderr), r.stderr);
    const [head, ...file] = r.stderr.trimEnd().split("\n");
    assert.match(
      head ?? "",
      /^s3-replication check: config file .*old-config\.json: "bucket-encryption", "replication-versioning" are no longer policies of the pack .* Write instead:$/,
    );
    assert.deepEqual(JSON.parse(file.join("\n")), {
      "s3-replication-checks": {
        allowedEncryptionTypes: ["aws:kms"],
        checks: { "replication-versioning": "advisory" },
      },
    });
  });

  it("exit 2 when a policy throws, printing what it threw over its lines and none of the stack's frames", () => {
    const module = tmp(
      "throwing-policies.js",
      'exports.policies = [{ name: "thrower", description: "d", validateStack: () => { throw new Error("policy bug\\nsecond line"); } }];\n',
    );
    const r = cli(["check", LEGACY, "--policies", module]);
    assert.equal(r.status, 2, r.stderr);
    assert.ok(noStack(r.stderr), r.stderr);
    assert.deepEqual(r.stderr.trimEnd().split("\n"), [
      "s3-replication check: cannot run the policies: Error validating resource with policy 'thrower' from policy pack 's3-replication@v0.1.0':",
      "Error: policy bug",
      "second line",
    ]);
  });

  it("exit 2 when the policies module does not compile, printing the compiler's error", () => {
    const module = tmp("uncompilable-policies.ts", "export const policies = [;\n");
    const r = cli(["check", LEGACY, "--policies", module]);
    assert.equal(r.status, 2, r.stderr);
    assert.ok(noStack(r.stderr), r.stderr);
    assert.match(r.stderr, /cannot load the policies: .*\n.*uncompilable-policies\.ts\(1,26\): error TS1137/);
  });

  it("prints what policypack/README.md shows for the old config file it quotes", () => {
    const readme = fs.readFileSync(path.join(REPO, "policypack", "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("The checker refuses any such file with one message"));
    const [oldFile, shown] = [...section.matchAll(/```(?:json)?\n([\s\S]*?)```/g)].map((m) => m[1] ?? "");
    const dir = path.dirname(tmp("readme-old.json", ""));
    fs.writeFileSync(path.join(dir, "old.json"), oldFile ?? "");
    const r = spawnSync(process.execPath, [BIN, "check", LEGACY, "--config", "old.json"], {
      cwd: dir,
      encoding: "utf8",
    });
    assert.equal(r.status, 2, r.stderr);
    assert.equal(r.stderr, shown);
  });

  it("exit 2 on a config the engine refuses twice over, printing every error", () => {
    const config = {
      "s3-replication-checks": { checks: { "replication-versioning": "loud" }, allowedEncryptionTypes: [1] },
    };
    const r = cli(["check", LEGACY, "--config", tmp("two-errors.json", JSON.stringify(config))]);
    assert.equal(r.status, 2, r.stderr);
    assert.ok(noStack(r.stderr), r.stderr);
    const lines = r.stderr.trimEnd().split("\n");
    assert.match(lines[0] ?? "", /^s3-replication check: config file .*two-errors\.json: validating policy config: /);
    assert.ok(
      lines.some((line) => /allowedEncryptionTypes\.0: Invalid type/.test(line)),
      r.stderr,
    );
    assert.ok(
      lines.some((line) => /checks\.replication-versioning must be one of the following/.test(line)),
      r.stderr,
    );
    assert.equal(lines.length, 3, r.stderr);
  });

  bad("policies module that does not exist", fs.readFileSync(LEGACY, "utf8"), /cannot load the policies/, [
    "--policies",
    "nowhere/policies.ts",
  ]);
});

describe("check CLI: command line (util.parseArgs)", () => {
  const usage = (args: string[]): string => {
    try {
      parseArgs(args);
    } catch (e) {
      assert.ok(e instanceof UsageError, String(e));
      return e.message;
    }
    assert.fail(`${args.join(" ")} was accepted`);
  };

  it("--version and -v print the package's version and exit 0", () => {
    const pkg = JSON.parse(fs.readFileSync(`${REPO}/package.json`, "utf8")) as { version: string };
    for (const flag of ["--version", "-v"]) {
      const r = cli([flag]);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout, `s3-replication ${pkg.version}\n`);
    }
  });

  it("an unknown option names the nearest real one", () => {
    assert.equal(usage(["check", "x.json", "--fromat", "json"]), "unknown option --fromat; did you mean --format?");
    assert.equal(
      usage(["check", "x.json", "--objects-per-sec=3"]),
      "unknown option --objects-per-sec; did you mean --objects-per-second?",
    );
    assert.equal(usage(["check", "x.json", "--confg", "c.json"]), "unknown option --confg; did you mean --config?");
    assert.equal(usage(["check", "x.json", "--zzzzzzzz"]), "unknown option --zzzzzzzz");
    const r = cli(["check", LEGACY, "--outptu", "x"]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^s3-replication: unknown option --outptu; did you mean --output\?\n/);
  });

  it("an option missing its value, or swallowing the next option, is a usage error", () => {
    assert.equal(usage(["check", "x.json", "--format"]), "--format needs a value");
    assert.equal(usage(["check", "x.json", "--config="]), "--config needs a value");
    assert.match(usage(["check", "x.json", "--format", "--help"]), /^--format needs a value, not the option --help/);
    assert.equal(usage(["check", "x.json", "--help=yes"]), "--help takes no value");
  });

  it("keeps every option: values inline or separate, - for standard input, -- before a file named like an option", () => {
    assert.deepEqual(
      parseArgs([
        "check",
        "-",
        "--format=sarif",
        "--config",
        "c.json",
        "--diagram",
        "d.md",
        "--objects-per-second",
        "2.5",
        "--output=o",
        "--policies",
        "p.ts",
      ]),
      {
        file: "-",
        format: "sarif",
        config: "c.json",
        diagram: "d.md",
        objectsPerSecond: 2.5,
        output: "o",
        policies: "p.ts",
      },
    );
    assert.deepEqual(parseArgs(["check", "--", "--odd.json"]), { file: "--odd.json", format: "text" });
    assert.equal(parseArgs(["check", "x.json", "-h"]), "help");
    assert.equal(parseArgs(["help"]), "help");
  });
});
