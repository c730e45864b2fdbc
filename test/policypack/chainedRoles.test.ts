// A provider with chained assumeRoles acts as the LAST role (each role is assumed with the
// previous one's session: "AssumeRole", AWS STS API Reference, role chaining), so its resources are
// in that role's account. Read as the first role, the destination below would look same-account
// and its missing bucket policy would go unreported (issue 21 item 8).
import * as assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import { runPolicies } from "../../policypack/testing";

const trust = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { Service: "s3.amazonaws.com" }, Action: "sts:AssumeRole" }],
});

function program(): void {
  const destination = new aws.Provider("destination", {
    region: "us-east-1",
    assumeRoles: [
      { roleArn: "arn:aws:iam::111111111111:role/hop" },
      { roleArn: "arn:aws:iam::222222222222:role/deployer" },
    ],
  });
  const versioning = (name: string, bucket: aws.s3.Bucket, provider?: aws.Provider): aws.s3.BucketVersioning =>
    new aws.s3.BucketVersioning(
      name,
      { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } },
      provider ? { provider } : {},
    );
  const src = new aws.s3.Bucket("source", { bucket: "chain-src" });
  const dst = new aws.s3.Bucket("destination", { bucket: "chain-dst" }, { provider: destination });
  const role = new aws.iam.Role("replication", {
    assumeRolePolicy: trust,
    inlinePolicies: [
      {
        name: "replication",
        policy: JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Action: ["s3:GetReplicationConfiguration", "s3:ListBucket"],
              Resource: "arn:aws:s3:::chain-src",
            },
            {
              Effect: "Allow",
              Action: ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"],
              Resource: "arn:aws:s3:::chain-src/*",
            },
            {
              Effect: "Allow",
              Action: ["s3:ReplicateObject", "s3:ReplicateDelete"],
              Resource: "arn:aws:s3:::chain-dst/*",
            },
          ],
        }),
      },
    ],
  });
  new aws.s3.BucketReplicationConfig(
    "replication",
    {
      bucket: src.id,
      role: role.arn,
      rules: [
        {
          id: "all",
          status: "Enabled",
          priority: 1,
          filter: {},
          deleteMarkerReplication: { status: "Disabled" },
          destination: { bucket: dst.arn },
        },
      ],
    },
    { dependsOn: [versioning("source-versioning", src), versioning("destination-versioning", dst, destination)] },
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
