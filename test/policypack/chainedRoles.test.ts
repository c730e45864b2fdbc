// A provider with chained assumeRoles acts as the LAST role (each role is assumed with the
// previous one's session: "AssumeRole", AWS STS API Reference, role chaining), so its resources are
// in that role's account. Read as the first role, the destination below would look same-account
// and its missing bucket policy would go unreported (issue 21 item 8).
import * as assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import { runPolicies } from "../../policypack/testing";
import { enabledVersioning, replicateAll, replicationRole } from "../support/replicationStack";

function program(): void {
  const destination = new aws.Provider("destination", {
    region: "us-east-1",
    assumeRoles: [
      { roleArn: "arn:aws:iam::111111111111:role/hop" },
      { roleArn: "arn:aws:iam::222222222222:role/deployer" },
    ],
  });
  const src = new aws.s3.Bucket("source", { bucket: "chain-src" });
  const dst = new aws.s3.Bucket("destination", { bucket: "chain-dst" }, { provider: destination });
  const role = replicationRole("replication", {
    source: "chain-src",
    destination: "chain-dst",
    destinationActions: ["s3:ReplicateObject", "s3:ReplicateDelete"],
  });
  replicateAll(
    "replication",
    { source: src.id, role: role.arn, destinationArn: dst.arn, priority: 1 },
    {
      dependsOn: [
        enabledVersioning("source-versioning", src.id),
        enabledVersioning("destination-versioning", dst.id, { provider: destination }),
      ],
    },
  );
}

describe("policy pack: chained assumeRoles", () => {
  it("update: the destination is in the last role's account, so its missing bucket policy is S3R019", async () => {
    const result = await runPolicies(program);
    const messages = result.violations.map((v) => v.message);
    assert.ok(
      messages.some((m) => m.includes("S3R019")),
      messages.join("\n"),
    );
  });
});
