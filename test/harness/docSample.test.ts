// docs/testing.md shows this test (between the markers) as users write it, importing from the
// package; the last test below keeps the page and this file identical, so the sample on the page
// compiles (npm run typecheck) and runs (here).
import * as fs from "node:fs";
import * as path from "node:path";
// docs:begin
import * as assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { runPolicies, secret } from "../../policypack/testing";

it("judges my replication role offline: documents, another stack's outputs, an AWS lookup", async () => {
  const program = () => {
    const replica = new pulumi.StackReference("acme/replica/prod"); // outputs: stackReferences below
    const source = aws.s3.getBucketOutput({ bucket: "orders" }); // reads AWS: answered in invokes below
    const role = new aws.iam.Role("replication", {
      // Computed offline exactly as the AWS provider renders it.
      assumeRolePolicy: aws.iam.getPolicyDocumentOutput({
        statements: [
          {
            actions: ["sts:AssumeRole"],
            principals: [{ type: "Service", identifiers: ["s3.amazonaws.com"] }],
            conditions: [{ test: "StringEquals", variable: "aws:SourceAccount", values: ["111111111111"] }],
          },
        ],
      }).json,
    });
    new aws.iam.RolePolicy("replication", {
      role: role.name,
      policy: aws.iam.getPolicyDocumentOutput({
        statements: [
          { actions: ["s3:GetReplicationConfiguration", "s3:ListBucket"], resources: [source.arn] },
          {
            actions: ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"],
            resources: [pulumi.interpolate`${source.arn}/*`],
          },
          {
            actions: ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"],
            resources: [pulumi.interpolate`${replica.requireOutput("bucketArn")}/*`],
          },
          { actions: ["kms:Encrypt"], resources: [replica.requireOutput("keyArn")] },
        ],
      }).json,
    });
  };
  const { resources, violations } = await runPolicies(program, {
    stackReferences: {
      "acme/replica/prod": {
        bucketArn: "arn:aws:s3:::orders-replica",
        keyArn: secret("arn:aws:kms:eu-west-1:222222222222:key/mrk-1234abcd12ab34cd56ef1234567890ab"),
      },
    },
    invokes: {
      "aws:s3/getBucket:getBucket": (args, provider) => ({
        id: String(args["bucket"]),
        bucket: String(args["bucket"]),
        arn: `arn:${provider.partition}:s3:::${String(args["bucket"])}`,
        region: provider.region,
      }),
    },
  });
  const rolePolicy = resources.find((r) => r.type === "aws:iam/rolePolicy:RolePolicy");
  assert.match(JSON.stringify(rolePolicy?.inputs["policy"]), /arn:aws:s3:::orders-replica\/\*/);
  assert.deepEqual(
    violations.filter((v) => v.enforcementLevel === "mandatory"),
    [],
  );
});
// docs:end

for (const page of ["docs/testing.md", "README.md"]) {
  it(`${page} shows the sample above, as a user imports it`, () => {
    const text = fs.readFileSync(path.join(__dirname, "../..", page), "utf8");
    const source = fs.readFileSync(__filename, "utf8");
    const sample = (/\/\/ docs:begin\n([\s\S]*?)\/\/ docs:end\n/.exec(source)?.[1] ?? "").replace(
      '"../../policypack/testing"',
      '"s3-replication/policypack/testing"',
    );
    assert.ok(
      sample.includes("getPolicyDocumentOutput") && sample.includes("StackReference") && sample.includes("invokes:"),
    );
    assert.ok(text.includes("```ts\n" + sample + "```\n"), `${page} carries the sample of this file verbatim`);
  });
}
