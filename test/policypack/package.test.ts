// The pack directory works alone: its own package.json with a pinned version, PulumiPolicy.yaml,
// an explicit list of well-formed policies, and every import resolved from inside policypack/
// (the core through the `s3-replication` package, never a relative path out of the directory).
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { policies, packName } from "../../policypack/policies";

const PACK = path.join(__dirname, "..", "..", "policypack");
const OWN = ["index.ts", "policies.ts", "policies", "mapping"];

function sources(entry: string): string[] {
  const full = path.join(PACK, entry);
  if (fs.statSync(full).isFile()) return [full];
  return fs.readdirSync(full).flatMap((name) => sources(path.join(entry, name)));
}

describe("policy pack: the directory works alone", () => {
  it("has package.json (name, version, pinned dependencies) and PulumiPolicy.yaml", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(PACK, "package.json"), "utf8")) as { version: string; dependencies: Record<string, string> };
    assert.match(pkg.version, /^\d+\.\d+\.\d+$/);
    assert.equal(pkg.dependencies["@pulumi/policy"], "1.21.0");
    assert.ok(pkg.dependencies["s3-replication"]);
    assert.match(fs.readFileSync(path.join(PACK, "PulumiPolicy.yaml"), "utf8"), /^runtime: nodejs$/m);
    assert.equal(packName, "s3-replication");
  });

  it("no import leaves the pack directory", () => {
    for (const file of OWN.flatMap(sources).filter((f) => f.endsWith(".ts"))) {
      for (const [, spec] of fs.readFileSync(file, "utf8").matchAll(/from\s+"([^"]+)"/g)) {
        if (!spec!.startsWith(".")) continue;
        const target = path.resolve(path.dirname(file), spec!);
        assert.ok(target.startsWith(PACK + path.sep), `${path.relative(PACK, file)} imports ${spec} outside policypack/`);
      }
    }
  });

  it("every import resolves from inside policypack/ (s3-replication via the workspace package)", () => {
    for (const file of OWN.flatMap(sources).filter((f) => f.endsWith(".ts"))) {
      for (const [, spec] of fs.readFileSync(file, "utf8").matchAll(/from\s+"([^".][^"]*)"/g)) {
        assert.doesNotThrow(() => require.resolve(spec!, { paths: [PACK] }), `${spec} from ${path.relative(PACK, file)}`);
      }
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const model = require(require.resolve("s3-replication/components/model", { paths: [PACK] })) as { analyzeReplication?: unknown };
    assert.equal(typeof model.analyzeReplication, "function");
  });

  it("every policy has a kebab-case name, description, severity, enforcement level and remediation steps", () => {
    const names = new Set<string>();
    for (const policy of policies) {
      assert.match(policy.name, /^[a-z0-9]+(-[a-z0-9]+)*$/);
      assert.ok(!names.has(policy.name), `duplicate ${policy.name}`);
      names.add(policy.name);
      assert.ok(policy.description.length > 20, policy.name);
      assert.ok(policy.severity, policy.name);
      assert.ok(policy.enforcementLevel, policy.name);
      assert.ok((policy.remediationSteps ?? "").length > 10, policy.name);
    }
    for (const configurable of ["bucket-encryption", "replication-destination-allowed", "replication-time-control"]) {
      assert.ok(policies.find((p) => p.name === configurable)?.configSchema, configurable);
    }
  });

  it("the README's policy table lists every policy", () => {
    const readme = fs.readFileSync(path.join(PACK, "README.md"), "utf8");
    for (const policy of policies) assert.ok(readme.includes(`\`${policy.name}\``), policy.name);
  });
});
