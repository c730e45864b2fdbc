// single-configuration for key policies: AWS keeps one key policy per key (PutKeyPolicy replaces
// it), so two aws.kms.KeyPolicy resources on one key overwrite each other on every `up`. The
// bucket-policy and replication-configuration cases run in the corpus (two-bucket-policies,
// two-replication-configs).
import * as assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { runPolicies } from "../../policypack/testing";

/** A key administered by its account, with one or two key policies written as separate resources. */
function program(policies: 1 | 2): () => void {
  return () => {
    const key = new aws.kms.Key("orders", { description: "orders", enableKeyRotation: true });
    const admin = (sid: string): pulumi.Output<string> =>
      pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: sid,
            Effect: "Allow",
            Principal: { AWS: "arn:aws:iam::111111111111:root" },
            Action: "kms:*",
            Resource: "*",
          },
        ],
      });
    new aws.kms.KeyPolicy("orders-admin", { keyId: key.id, policy: admin("Admin") });
    if (policies === 2) new aws.kms.KeyPolicy("orders-audit", { keyId: key.id, policy: admin("Audit") });
  };
}

const overwrites = (violations: Array<{ policyName: string; message: string }>): string[] =>
  violations.filter((v) => v.policyName === "single-configuration").map((v) => v.message.split("\n").pop() ?? "");

describe("policy pack: single-configuration, key policies", () => {
  for (const preview of [false, true]) {
    const mode = preview ? "preview" : "update";
    it(`${mode}: two KeyPolicy resources on one key are S3R041, naming both`, async () => {
      const result = await runPolicies(program(2), { preview });
      const found = overwrites(result.violations);
      assert.equal(found.length, 1, found.join("\n"));
      assert.match(
        found[0] ?? "",
        /^\[S3R041 .*kms\.KeyPolicy "orders-admin" and kms\.KeyPolicy "orders-audit" each write the key policy of kms\.Key "orders"/,
      );
      assert.equal(
        result.violations.find((v) => v.policyName === "single-configuration")?.enforcementLevel,
        "mandatory",
      );
      // No replication path uses this key: an overwrite there is a security finding, not a replication breakage (issue 21).
      assert.match(found[0] ?? "", /^\[S3R041 medium security\]/);
    });
    it(`${mode}: one KeyPolicy resource is not an overwrite`, async () => {
      const result = await runPolicies(program(1), { preview });
      assert.deepEqual(overwrites(result.violations), []);
    });
  }
});
