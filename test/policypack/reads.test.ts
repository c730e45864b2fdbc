// Reads (`aws.s3.Bucket.get`): the engine never sends a read to a policy pack (its step executor
// keeps read states apart from the resources it manages, and AnalyzeStack gets only those), so the
// pack judges a read bucket as an existing bucket the stack configures: its hardening is not
// judged. That holds whichever policies are enabled: here with every check of single resources disabled,
// and, to show the check is live, the same bucket created by the program does draw the findings.
import * as assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import { resourceChecks } from "../../policypack/policies";
import { runPolicies } from "../../policypack/testing";
import { enabledVersioning, replicateAll, replicationRole } from "../support/replicationStack";

/** A user's program replicating an existing bucket (read with `.get`, or created here) to a new one. */
function program(read: boolean): () => void {
  return () => {
    const source = read
      ? aws.s3.Bucket.get("source", "orders-existing")
      : new aws.s3.Bucket("source", { bucket: "orders-existing" });
    const sourceVersioning = enabledVersioning("source-versioning", source.id);
    const destination = new aws.s3.Bucket("destination", { bucket: "orders-copy" });
    const destinationVersioning = enabledVersioning("destination-versioning", destination.id);
    const role = replicationRole("replication", {
      source: "orders-existing",
      destination: "orders-copy",
      destinationActions: ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"],
    });
    replicateAll(
      "replication",
      { source: source.id, role: role.arn, destinationArn: destination.arn },
      { dependsOn: [sourceVersioning, destinationVersioning] },
    );
  };
}

/** Every check of single resources disabled (inside `checks`): only the checks of the stack run. */
const resourcePoliciesDisabled = {
  "s3-replication-checks": { checks: Object.fromEntries(resourceChecks.map((check) => [check.name, "disabled"])) },
};

/** Findings that judge the hardening of the source bucket (TLS-only policy, public access block). */
const hardeningOfSource = (violations: Array<{ policyName: string; message: string }>): string[] =>
  violations
    .filter(
      (v) =>
        (v.policyName === "bucket-tls-only" || v.policyName === "bucket-public-access") && /"source"/.test(v.message),
    )
    .map((v) => v.policyName)
    .sort();

describe("policy pack: a read bucket is not judged for hardening, whichever policies are enabled", () => {
  it("disables every check of single resources of the pack (there are some)", () => {
    assert.deepEqual(Object.keys(resourcePoliciesDisabled["s3-replication-checks"].checks).sort(), [
      "kms-key-enabled",
      "kms-key-rotation",
      "replication-rule-shape",
    ]);
  });

  for (const preview of [false, true]) {
    const mode = preview ? "preview" : "update";
    it(`${mode}: the bucket read with .get draws no hardening finding, and the replication is still judged`, async () => {
      const result = await runPolicies(program(true), { preview, config: resourcePoliciesDisabled });
      assert.deepEqual(hardeningOfSource(result.violations), []);
      // The stack policies ran: the created destination (left unhardened on purpose) is judged.
      assert.deepEqual(
        result.violations
          .filter((v) => v.enforcementLevel === "mandatory")
          .map(
            (v) =>
              `${v.policyName}: ${/\[(S3R\d{3}) [^\]]*\] ([^:]*):/.exec(v.message)?.slice(1).join(" ") ?? v.message}`,
          )
          .sort(),
        ['bucket-public-access: S3R032 s3.Bucket "destination"', 'bucket-tls-only: S3R033 s3.Bucket "destination"'],
        "the replication itself is sound: only the destination's hardening is reported",
      );
      assert.ok(
        result.resources.some((r) => r.type === "aws:s3/bucket:Bucket" && r.name === "source" && r.external === true),
        "the harness recorded the read",
      );
    });

    it(`${mode}: the same bucket created by the program draws both hardening findings`, async () => {
      const result = await runPolicies(program(false), { preview, config: resourcePoliciesDisabled });
      assert.deepEqual(hardeningOfSource(result.violations), ["bucket-public-access", "bucket-tls-only"]);
    });
  }
});
