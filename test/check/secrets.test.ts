// Issue 18 item 9: secret values are never printed. The legacy export with its source bucket name
// and its replication policy as secrets (`--show-secrets` form): text, JSON, SARIF and the diagram
// show [secret] where they would quote them, and still name the resource (URN, name) and the path.
// A secret whose plaintext is not JSON is refused without echoing it.
import * as assert from "node:assert/strict";
import * as fs from "fs";
import { secretStrings } from "../../policypack/check/secrets";
import { SECRET_SIG, SIG_KEY } from "../../policypack/harness/wire";
import { checkInProcess, legacy, tmp } from "./support";

const SECRET_BUCKET = "topsecret-orders-7f3a";
const SECRET_ACCOUNT_ARN = "arn:aws:s3:::topsecret-policy-target";
const secret = (value: unknown): Record<string, unknown> => ({
  [SIG_KEY]: SECRET_SIG,
  plaintext: JSON.stringify(value),
});

/** The legacy export, its source bucket renamed and secret, its replication policy secret. */
function secretExport(): string {
  const doc = JSON.parse(JSON.stringify(legacy()).split("legacy-orders").join(SECRET_BUCKET)) as ReturnType<
    typeof legacy
  >;
  for (const r of doc.deployment.resources) {
    const type = r["type"];
    for (const side of ["inputs", "outputs"]) {
      const props = r[side] as Record<string, unknown> | undefined;
      if (props === undefined) continue;
      if (type === "aws:s3/bucket:Bucket" && props["bucket"] === SECRET_BUCKET) props["bucket"] = secret(SECRET_BUCKET);
      if (type === "aws:iam/policy:Policy") {
        const policy = String(props["policy"]).replace(
          `"arn:aws:s3:::${SECRET_BUCKET}-dr/*"`,
          `"${SECRET_ACCOUNT_ARN}/*"`,
        );
        props["policy"] = secret(policy);
      }
    }
  }
  return tmp("secret.json", JSON.stringify(doc));
}

const check = checkInProcess;

describe("check: secret values are never printed", () => {
  let file: string;
  before(() => {
    file = secretExport();
  });

  it("the secrets are found: the bucket name and the policy's values", () => {
    const found = secretStrings(JSON.parse(fs.readFileSync(file, "utf8")));
    assert.ok(found.includes(SECRET_BUCKET));
    assert.ok(found.includes(`${SECRET_ACCOUNT_ARN}/*`));
    assert.ok(!found.includes("Allow") && !found.includes("s3:ReplicateObject"));
  });

  for (const format of ["text", "json", "sarif"]) {
    it(`${format}: [secret] instead of the values; the finding still names the resource and the path`, async () => {
      const r = await check([file, "--format", format]);
      assert.equal(r.status, 1, r.stderr);
      assert.ok(!r.stdout.includes(SECRET_BUCKET) && !r.stdout.includes("topsecret"), r.stdout);
      assert.ok(r.stdout.includes("[secret]"));
      assert.match(
        r.stdout,
        format === "text"
          ? /resource: aws:s3\/bucket:Bucket orders\n/
          : /urn:pulumi:prod::legacy-dr::aws:s3\/bucket:Bucket::orders"/,
      );
      assert.match(r.stdout, /\[secret\] -> \[secret\]-dr/);
    });
  }

  it("diagram: [secret] instead of the values", async () => {
    const diagram = tmp("secret-diagram.md");
    const r = await check([file, "--format", "json", "--diagram", diagram]);
    assert.equal(r.status, 1, r.stderr);
    const md = fs.readFileSync(diagram, "utf8");
    assert.ok(!md.includes("topsecret"), md);
    assert.match(md, /bucket \[secret\]/);
  });

  it("a secret whose plaintext is not JSON: exit 2, the text never echoed", async () => {
    const doc = legacy();
    const bucket = doc.deployment.resources.find((x) => x["type"] === "aws:s3/bucket:Bucket")!;
    (bucket["outputs"] as Record<string, unknown>)["bucket"] = { [SIG_KEY]: SECRET_SIG, plaintext: "hunter2-password" };
    const r = await check([tmp("secret-not-json.json", JSON.stringify(doc))]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /is a secret whose plaintext is not JSON \(16 characters, not shown\)/);
    assert.ok(!r.stderr.includes("hunter"), r.stderr);
  });
});
