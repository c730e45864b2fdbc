// Old stacks: the legacy inline arguments of aws.s3.Bucket (versioning, SSE, replicationConfiguration).
import * as assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import { runPolicies } from "../../policypack/testing";

function legacyProgram(destinationVersioning: boolean): () => void {
  return () => {
    const role = new aws.iam.Role("legacy-role", {
      name: "legacy-replication",
      assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: "s3.amazonaws.com" }, Action: "sts:AssumeRole" }],
      }),
    });
    new aws.s3.Bucket("legacy-dst", { bucket: "legacy-dst", versioning: { enabled: destinationVersioning } } as never);
    new aws.s3.Bucket("legacy-src", {
      bucket: "legacy-src",
      versioning: { enabled: true },
      replicationConfiguration: {
        role: role.arn,
        rules: [{ id: "all", status: "Enabled", prefix: "", destination: { bucket: "arn:aws:s3:::legacy-dst" } }],
      },
    } as never);
  };
}

describe("policy pack: legacy inline bucket arguments", () => {
  it("reads inline versioning and replicationConfiguration", async () => {
    const broken = await runPolicies(legacyProgram(false));
    assert.ok(
      broken.violations.some(
        (v) => v.policyName === "replication-versioning" && /s3\.Bucket "legacy-dst"/.test(v.message),
      ),
      broken.violations.map((v) => `${v.policyName}: ${v.message}`).join("\n"),
    );
    const fixed = await runPolicies(legacyProgram(true));
    assert.ok(!fixed.violations.some((v) => v.policyName === "replication-versioning"));
  });
});
