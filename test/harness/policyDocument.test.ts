// aws.iam.getPolicyDocument / getPolicyDocumentOutput are computed by the provider itself (no AWS
// call), so the harness answers them offline. Expected documents: the examples of the Terraform
// registry page "Data Source: aws_iam_policy_document"
// (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/data-sources/iam_policy_document),
// written below as Pulumi programs exactly as Pulumi's getPolicyDocument docs write them. The page
// still shows `"Sid": ""` for statements without a Sid; since provider v5 an empty Sid is left out
// (hashicorp/terraform-provider-aws#28539, "Omit Sid in aws_iam_policy_document data source when
// empty"), which pulumi-aws 7 embeds, so the expectations below leave it out too.
import * as assert from "node:assert/strict";
import * as zlib from "node:zlib";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { runPolicies, UNKNOWN, type RunResult } from "../../policypack/testing";
import { byName, recordingPolicies } from "./fixtures";

function docs(): Record<string, unknown> {
  const s3BucketName = "reports";
  const basic = aws.iam.getPolicyDocument({
    statements: [
      { sid: "1", actions: ["s3:ListAllMyBuckets", "s3:GetBucketLocation"], resources: ["arn:aws:s3:::*"] },
      {
        conditions: [{ test: "StringLike", variable: "s3:prefix", values: ["", "home/", "home/&{aws:username}/"] }],
        actions: ["s3:ListBucket"],
        resources: [`arn:aws:s3:::${s3BucketName}`],
      },
      {
        actions: ["s3:*"],
        resources: [
          `arn:aws:s3:::${s3BucketName}/home/&{aws:username}`,
          `arn:aws:s3:::${s3BucketName}/home/&{aws:username}/*`,
        ],
      },
    ],
  });
  const multipleConditionKeys = aws.iam.getPolicyDocument({
    statements: [
      {
        actions: ["kms:Decrypt", "kms:GenerateDataKey"],
        resources: ["*"],
        conditions: [
          { test: "ForAnyValue:StringEquals", variable: "kms:EncryptionContext:service", values: ["pi"] },
          { test: "ForAnyValue:StringEquals", variable: "kms:EncryptionContext:aws:pi:service", values: ["rds"] },
        ],
      },
    ],
  });
  const trustedRoleArn = "arn:aws:iam::123456789012:role/trusted";
  const assumeRole = aws.iam.getPolicyDocument({
    statements: [
      {
        principals: [
          { type: "Service", identifiers: ["firehose.amazonaws.com"] },
          { type: "AWS", identifiers: [trustedRoleArn] },
          {
            type: "Federated",
            identifiers: ["arn:aws:iam::123456789012:saml-provider/corp", "cognito-identity.amazonaws.com"],
          },
        ],
        actions: ["sts:AssumeRole"],
      },
    ],
  });
  const source = aws.iam.getPolicyDocument({
    statements: [
      { actions: ["ec2:*"], resources: ["*"] },
      { sid: "SidToOverride", actions: ["s3:*"], resources: ["*"] },
    ],
  });
  const sourceDocumentExample = source.then((source) =>
    aws.iam.getPolicyDocument({
      statements: [
        {
          sid: "SidToOverride",
          actions: ["s3:*"],
          resources: ["arn:aws:s3:::somebucket", "arn:aws:s3:::somebucket/*"],
        },
      ],
      sourcePolicyDocuments: [source.json],
    }),
  );
  const override = aws.iam.getPolicyDocument({
    statements: [{ sid: "SidToOverride", actions: ["s3:*"], resources: ["*"] }],
  });
  const overridePolicyDocumentExample = override.then((override) =>
    aws.iam.getPolicyDocument({
      statements: [
        { actions: ["ec2:*"], resources: ["*"] },
        {
          sid: "SidToOverride",
          actions: ["s3:*"],
          resources: ["arn:aws:s3:::somebucket", "arn:aws:s3:::somebucket/*"],
        },
      ],
      overridePolicyDocuments: [override.json],
    }),
  );
  const placeholderSource = aws.iam.getPolicyDocument({
    statements: [{ sid: "OverridePlaceholder", actions: ["ec2:DescribeAccountAttributes"], resources: ["*"] }],
  });
  const placeholderOverride = aws.iam.getPolicyDocument({
    statements: [{ sid: "OverridePlaceholder", actions: ["s3:GetObject"], resources: ["*"] }],
  });
  const politik = Promise.all([placeholderSource, placeholderOverride]).then(([source, override]) =>
    aws.iam.getPolicyDocument({ sourcePolicyDocuments: [source.json], overridePolicyDocuments: [override.json] }),
  );
  const sourceOne = aws.iam.getPolicyDocument({
    statements: [
      { actions: ["ec2:*"], resources: ["*"] },
      { sid: "UniqueSidOne", actions: ["s3:*"], resources: ["*"] },
    ],
  });
  const sourceTwo = aws.iam.getPolicyDocument({
    statements: [
      { sid: "UniqueSidTwo", actions: ["iam:*"], resources: ["*"] },
      { actions: ["lambda:*"], resources: ["*"] },
    ],
  });
  const combinedSources = Promise.all([sourceOne, sourceTwo]).then(([one, two]) =>
    aws.iam.getPolicyDocument({ sourcePolicyDocuments: [one.json, two.json] }),
  );
  const policyOne = aws.iam.getPolicyDocument({
    statements: [{ sid: "OverridePlaceHolderOne", effect: "Allow", actions: ["s3:*"], resources: ["*"] }],
  });
  const policyTwo = aws.iam.getPolicyDocument({
    statements: [
      { effect: "Allow", actions: ["ec2:*"], resources: ["*"] },
      { sid: "OverridePlaceHolderTwo", effect: "Allow", actions: ["iam:*"], resources: ["*"] },
    ],
  });
  const policyThree = aws.iam.getPolicyDocument({
    statements: [{ sid: "OverridePlaceHolderOne", effect: "Deny", actions: ["logs:*"], resources: ["*"] }],
  });
  const combinedOverrides = Promise.all([policyOne, policyTwo, policyThree]).then(([one, two, three]) =>
    aws.iam.getPolicyDocument({
      statements: [{ sid: "OverridePlaceHolderTwo", effect: "Deny", actions: ["*"], resources: ["*"] }],
      overridePolicyDocuments: [one.json, two.json, three.json],
    }),
  );
  const json = (p: Promise<aws.iam.GetPolicyDocumentResult>) => p.then((d) => d.json);
  return {
    basic: json(basic),
    multipleConditionKeys: json(multipleConditionKeys),
    assumeRole: json(assumeRole),
    sourceDocumentExample: json(sourceDocumentExample),
    overridePolicyDocumentExample: json(overridePolicyDocumentExample),
    politik: json(politik),
    combinedSources: json(combinedSources),
    combinedOverrides: json(combinedOverrides),
    basicResult: basic,
  };
}

/** A replication role's permissions as users write them: outputs of resources, conditions, notPrincipals. */
function replicationRoleProgram(): Record<string, unknown> {
  const source = new aws.s3.Bucket("source", { bucket: "orders-source" });
  const replica = new aws.s3.Bucket("replica", { bucket: "orders-replica" });
  const key = new aws.kms.Key("replica-key", { enableKeyRotation: true });
  const doc = aws.iam.getPolicyDocumentOutput({
    policyId: "ReplicationRolePolicy",
    statements: [
      {
        sid: "ReadSource",
        actions: ["s3:GetReplicationConfiguration", "s3:ListBucket", "s3:ListBucket"],
        resources: [source.arn],
      },
      {
        sid: "ReadVersions",
        actions: ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"],
        resources: [pulumi.interpolate`${source.arn}/*`],
      },
      {
        sid: "Replicate",
        actions: ["s3:ReplicateObject", "s3:ReplicateDelete"],
        resources: [pulumi.interpolate`${replica.arn}/*`],
      },
      {
        sid: "EncryptReplicas",
        actions: ["kms:Encrypt"],
        resources: [key.arn],
        conditions: [
          {
            test: "StringLike",
            variable: "kms:EncryptionContext:aws:s3:arn",
            values: [pulumi.interpolate`${replica.arn}/*`],
          },
          { test: "StringEquals", variable: "kms:ViaService", values: ["s3.us-east-1.amazonaws.com"] },
        ],
      },
      {
        sid: "DenyInsecure",
        effect: "Deny",
        notActions: ["s3:GetObject"],
        notResources: ["arn:aws:s3:::orders-public/*"],
        notPrincipals: [{ type: "AWS", identifiers: ["arn:aws:iam::111111111111:root"] }],
        conditions: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
      },
      { sid: "Anyone", actions: ["s3:GetObject"], resources: ["*"], principals: [{ type: "*", identifiers: ["*"] }] },
      { sid: "AnyAws", actions: ["s3:GetObject"], resources: ["*"], principals: [{ type: "AWS", identifiers: ["*"] }] },
      {
        sid: "Escaped",
        actions: ["s3:GetObject"],
        resources: ["*"],
        conditions: [{ test: "StringEquals", variable: "s3:prefix", values: ["a&b<c>"] }],
      },
    ],
  });
  new aws.iam.Policy("replication", { policy: doc.json });
  return { json: doc.json, minifiedJson: doc.minifiedJson, id: doc.id };
}

function stackOutputs(r: RunResult): Record<string, unknown> {
  return byName(r, "project-stack").outputs as Record<string, unknown>;
}

function parsed(r: RunResult, name: string): unknown {
  const text = stackOutputs(r)[name];
  assert.equal(typeof text, "string", `${name} is rendered`);
  return JSON.parse(text as string);
}

describe("harness: aws.iam.getPolicyDocument answered offline as the provider renders it", () => {
  let docsRun: RunResult;
  before(async () => {
    docsRun = await runPolicies(docs, recordingPolicies());
  });

  it("basic example: &{...} becomes ${...}, condition values keep their order, several actions sort descending", () => {
    assert.deepEqual(parsed(docsRun, "basic"), {
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "1",
          Effect: "Allow",
          Action: ["s3:ListAllMyBuckets", "s3:GetBucketLocation"],
          Resource: "arn:aws:s3:::*",
        },
        {
          Effect: "Allow",
          Action: "s3:ListBucket",
          Resource: "arn:aws:s3:::reports",
          Condition: { StringLike: { "s3:prefix": ["", "home/", "home/${aws:username}/"] } },
        },
        {
          Effect: "Allow",
          Action: "s3:*",
          Resource: ["arn:aws:s3:::reports/home/${aws:username}/*", "arn:aws:s3:::reports/home/${aws:username}"],
        },
      ],
    });
  });

  it("renders the indented text, minified text and id (CRC-32 of the text) exactly", () => {
    const result = stackOutputs(docsRun)["basicResult"] as Record<string, unknown>;
    const json = result["json"] as string;
    assert.ok(
      json.startsWith(
        '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Sid": "1",\n      "Effect": "Allow",\n',
      ),
    );
    assert.equal(result["minifiedJson"], JSON.stringify(JSON.parse(json)));
    assert.equal(result["id"], String(zlib.crc32(json)));
    assert.equal(result["version"], "2012-10-17");
  });

  it("multiple condition keys: one test block, variables sorted", () => {
    assert.equal(
      stackOutputs(docsRun)["multipleConditionKeys"],
      JSON.stringify(
        {
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Action: ["kms:GenerateDataKey", "kms:Decrypt"],
              Resource: "*",
              Condition: {
                "ForAnyValue:StringEquals": {
                  "kms:EncryptionContext:aws:pi:service": "rds",
                  "kms:EncryptionContext:service": "pi",
                },
              },
            },
          ],
        },
        null,
        2,
      ),
    );
  });

  it("principals grouped by type, types sorted, several identifiers sorted descending", () => {
    assert.deepEqual((parsed(docsRun, "assumeRole") as { Statement: unknown[] }).Statement[0], {
      Effect: "Allow",
      Action: "sts:AssumeRole",
      Principal: {
        AWS: "arn:aws:iam::123456789012:role/trusted",
        Federated: ["cognito-identity.amazonaws.com", "arn:aws:iam::123456789012:saml-provider/corp"],
        Service: "firehose.amazonaws.com",
      },
    });
  });

  it("source document: the statement with the same Sid replaces the source's, in place", () => {
    assert.deepEqual(parsed(docsRun, "sourceDocumentExample"), {
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Action: "ec2:*", Resource: "*" },
        {
          Sid: "SidToOverride",
          Effect: "Allow",
          Action: "s3:*",
          Resource: ["arn:aws:s3:::somebucket/*", "arn:aws:s3:::somebucket"],
        },
      ],
    });
  });

  it("override document: its statement replaces the one with the same Sid", () => {
    assert.deepEqual(parsed(docsRun, "overridePolicyDocumentExample"), {
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Action: "ec2:*", Resource: "*" },
        { Sid: "SidToOverride", Effect: "Allow", Action: "s3:*", Resource: "*" },
      ],
    });
  });

  it("source and override documents together", () => {
    assert.deepEqual(parsed(docsRun, "politik"), {
      Version: "2012-10-17",
      Statement: [{ Sid: "OverridePlaceholder", Effect: "Allow", Action: "s3:GetObject", Resource: "*" }],
    });
  });

  it("merging source documents keeps every statement in order", () => {
    assert.deepEqual(parsed(docsRun, "combinedSources"), {
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Action: "ec2:*", Resource: "*" },
        { Sid: "UniqueSidOne", Effect: "Allow", Action: "s3:*", Resource: "*" },
        { Sid: "UniqueSidTwo", Effect: "Allow", Action: "iam:*", Resource: "*" },
        { Effect: "Allow", Action: "lambda:*", Resource: "*" },
      ],
    });
  });

  it("merging override documents: each later document replaces by Sid, others are appended", () => {
    assert.deepEqual(parsed(docsRun, "combinedOverrides"), {
      Version: "2012-10-17",
      Statement: [
        { Sid: "OverridePlaceHolderTwo", Effect: "Allow", Action: "iam:*", Resource: "*" },
        { Sid: "OverridePlaceHolderOne", Effect: "Deny", Action: "logs:*", Resource: "*" },
        { Effect: "Allow", Action: "ec2:*", Resource: "*" },
      ],
    });
  });

  describe("a replication role's document built from resource outputs", () => {
    let update: RunResult;
    let preview: RunResult;
    before(async () => {
      update = await runPolicies(replicationRoleProgram, recordingPolicies());
      preview = await runPolicies(replicationRoleProgram, { ...recordingPolicies(), preview: true });
    });

    it("update: the document is known and reaches the policy resource", () => {
      const doc = parsed(update, "json") as { Id: string; Statement: Record<string, unknown>[] };
      assert.equal(doc.Id, "ReplicationRolePolicy");
      const keyArn = byName(update, "replica-key").outputs["arn"];
      assert.deepEqual(doc.Statement[0], {
        Sid: "ReadSource",
        Effect: "Allow",
        Action: ["s3:ListBucket", "s3:GetReplicationConfiguration"],
        Resource: "arn:aws:s3:::orders-source",
      });
      assert.deepEqual(doc.Statement[3], {
        Sid: "EncryptReplicas",
        Effect: "Allow",
        Action: "kms:Encrypt",
        Resource: keyArn,
        Condition: {
          StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" },
          StringLike: { "kms:EncryptionContext:aws:s3:arn": "arn:aws:s3:::orders-replica/*" },
        },
      });
      assert.deepEqual(doc.Statement[4], {
        Sid: "DenyInsecure",
        Effect: "Deny",
        NotAction: "s3:GetObject",
        NotResource: "arn:aws:s3:::orders-public/*",
        NotPrincipal: { AWS: "arn:aws:iam::111111111111:root" },
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      });
      assert.equal(doc.Statement[5]?.["Principal"], "*");
      assert.deepEqual(doc.Statement[6]?.["Principal"], { AWS: "*" });
      assert.equal(byName(update, "replication").inputs["policy"], stackOutputs(update)["json"]);
    });

    it("escapes <, > and & as Go's encoder does", () => {
      const json = stackOutputs(update)["json"] as string;
      assert.ok(json.includes('"s3:prefix": "a\\u0026b\\u003cc\\u003e"'), json);
      const minified = stackOutputs(update)["minifiedJson"] as string;
      assert.ok(minified.includes('"Condition":{"StringEquals":{"s3:prefix":"a\\u0026b\\u003cc\\u003e"}}'), minified);
    });

    it("preview: a document over values AWS only knows after create is unknown, as under the CLI", () => {
      assert.equal(stackOutputs(preview)["json"], UNKNOWN);
      assert.equal(byName(preview, "replication").inputs["policy"], UNKNOWN);
    });
  });

  it("renders a Sid with spaces as the provider does (its plan-time check was reverted in 5.84, issue 40639)", async () => {
    const result = await runPolicies(() => {
      const d = aws.iam.getPolicyDocumentOutput({
        statements: [{ sid: "Allow S3 replication", actions: ["kms:Encrypt"], resources: ["*"] }],
      });
      new aws.kms.KeyPolicy("k", { keyId: "1234abcd-12ab-34cd-56ef-1234567890ab", policy: d.json });
    }, recordingPolicies());
    const policy = JSON.parse(String(byName(result, "k").inputs["policy"])) as { Statement: { Sid: string }[] };
    assert.equal(policy.Statement[0]?.Sid, "Allow S3 replication");
  });

  it("fails as the provider does on a duplicate Sid, naming it", async () => {
    await assert.rejects(
      runPolicies(() => {
        const d = aws.iam.getPolicyDocumentOutput({
          statements: [
            { sid: "Same", actions: ["s3:GetObject"], resources: ["*"] },
            { sid: "Same", actions: ["s3:PutObject"], resources: ["*"] },
          ],
        });
        new aws.iam.Policy("p", { policy: d.json });
      }, recordingPolicies()),
      /duplicate Sid \(Same\)/,
    );
  });
});
