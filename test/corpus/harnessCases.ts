// Corpus programs that need the harness to answer what the engine and the provider answer:
// aws.iam.getPolicyDocument(Output) rendered offline, a user-answered aws.s3.getBucket, and
// StackReference outputs. Same shape as cases.ts (CorpusCase), with the run options they need.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { CorpusCase } from "./cases";

const DOCS = {
  kms: {
    title: "Replicating encrypted objects (SSE-S3, SSE-KMS, DSSE-KMS, SSE-C) (Amazon S3 User Guide)",
    url: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-config-for-kms-objects.html",
  },
  permissions: {
    title: "Setting up permissions for live replication (Amazon S3 User Guide)",
    url: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/setting-repl-config-perm-overview.html",
  },
  crossAccount: {
    title: "Configuring replication for buckets in different accounts (Amazon S3 User Guide)",
    url: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-walkthrough-2.html",
  },
  requirements: {
    title: "Requirements and considerations for replication (Amazon S3 User Guide)",
    url: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-requirements.html",
  },
};

const assumeRole = (): pulumi.Output<aws.iam.GetPolicyDocumentResult> =>
  aws.iam.getPolicyDocumentOutput({
    statements: [
      {
        effect: "Allow",
        principals: [{ type: "Service", identifiers: ["s3.amazonaws.com"] }],
        actions: ["sts:AssumeRole"],
      },
    ],
  });

const hardening = (
  name: string,
  bucket: aws.s3.Bucket,
  opts?: pulumi.CustomResourceOptions,
): aws.s3.BucketVersioning => {
  new aws.s3.BucketServerSideEncryptionConfiguration(
    `${name}-sse`,
    { bucket: bucket.id, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] },
    opts,
  );
  new aws.s3.BucketPublicAccessBlock(
    `${name}-pab`,
    {
      bucket: bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    },
    opts,
  );
  const tls = aws.iam.getPolicyDocumentOutput(
    {
      statements: [
        {
          sid: "TlsOnly",
          effect: "Deny",
          principals: [{ type: "*", identifiers: ["*"] }],
          actions: ["s3:*"],
          resources: [bucket.arn, pulumi.interpolate`${bucket.arn}/*`],
          conditions: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
        },
      ],
    },
    opts,
  );
  new aws.s3.BucketPolicy(`${name}-tls`, { bucket: bucket.id, policy: tls.json }, opts);
  return new aws.s3.BucketVersioning(
    `${name}-versioning`,
    { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } },
    opts,
  );
};

/** The S3 User Guide's statements on the source bucket and its objects. */
const sourceStatements = (arn: pulumi.Input<string>): object[] => [
  { Effect: "Allow", Action: ["s3:GetReplicationConfiguration", "s3:ListBucket"], Resource: [arn] },
  {
    Effect: "Allow",
    Action: ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"],
    Resource: [pulumi.interpolate`${arn}/*`],
  },
];

export const harnessCorpus: CorpusCase[] = [
  {
    name: "getPolicyDocumentOutput-kms-conditions",
    shape:
      "every document from aws.iam.getPolicyDocumentOutput (trust, TLS-only bucket policies, the SSE-KMS role policy with kms:ViaService and kms:EncryptionContext conditions)",
    verdict: { kind: "correct" },
    doc: DOCS.kms,
    program: () => {
      const key = new aws.kms.Key("replica-key", { enableKeyRotation: true });
      const srcKey = new aws.kms.Key("source-key", { enableKeyRotation: true });
      const bucket = (
        name: string,
        bucketName: string,
        kmsKey: aws.kms.Key,
      ): { bucket: aws.s3.Bucket; versioning: aws.s3.BucketVersioning } => {
        const b = new aws.s3.Bucket(name, { bucket: bucketName });
        const versioning = hardening(name, b);
        new aws.s3.BucketServerSideEncryptionConfiguration(`${name}-kms`, {
          bucket: b.id,
          rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: kmsKey.arn } }],
        });
        return { bucket: b, versioning };
      };
      const src = bucket("source", "corpus-gpd-src", srcKey);
      const dst = bucket("destination", "corpus-gpd-dst", key);
      const role = new aws.iam.Role("replication", { assumeRolePolicy: assumeRole().json });
      const document = aws.iam.getPolicyDocumentOutput({
        statements: [
          {
            effect: "Allow",
            actions: ["s3:GetReplicationConfiguration", "s3:ListBucket"],
            resources: [src.bucket.arn],
          },
          {
            effect: "Allow",
            actions: ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"],
            resources: [pulumi.interpolate`${src.bucket.arn}/*`],
          },
          {
            effect: "Allow",
            actions: ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"],
            resources: [pulumi.interpolate`${dst.bucket.arn}/*`],
          },
          {
            effect: "Allow",
            actions: ["kms:Decrypt"],
            resources: [srcKey.arn],
            conditions: [
              { test: "StringLike", variable: "kms:ViaService", values: ["s3.us-east-1.amazonaws.com"] },
              {
                test: "StringLike",
                variable: "kms:EncryptionContext:aws:s3:arn",
                values: [pulumi.interpolate`${src.bucket.arn}/*`],
              },
            ],
          },
          {
            effect: "Allow",
            actions: ["kms:Encrypt"],
            resources: [key.arn],
            conditions: [
              { test: "StringLike", variable: "kms:ViaService", values: ["s3.us-east-1.amazonaws.com"] },
              {
                test: "StringLike",
                variable: "kms:EncryptionContext:aws:s3:arn",
                values: [pulumi.interpolate`${dst.bucket.arn}/*`],
              },
            ],
          },
        ],
      });
      new aws.iam.RolePolicy("replication", { role: role.id, policy: document.json });
      new aws.s3.BucketReplicationConfig(
        "replication",
        {
          bucket: src.bucket.id,
          role: role.arn,
          rules: [
            {
              id: "kms",
              status: "Enabled",
              priority: 1,
              filter: {},
              deleteMarkerReplication: { status: "Disabled" },
              sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: "Enabled" } },
              destination: { bucket: dst.bucket.arn, encryptionConfiguration: { replicaKmsKeyId: key.arn } },
            },
          ],
        },
        { dependsOn: [src.versioning, dst.versioning] },
      );
    },
  },
  {
    name: "terraform-converted",
    shape:
      "the shapes `pulumi convert` produces from a Terraform module: data aws_iam_policy_document -> getPolicyDocumentOutput(...).json, aws_iam_policy + aws_iam_role_policy_attachment, two providers, dependsOn the versioning",
    verdict: { kind: "correct" },
    doc: DOCS.permissions,
    program: () => {
      const central = new aws.Provider("central", { region: "eu-central-1" });
      const assume = aws.iam.getPolicyDocument({
        statements: [
          {
            effect: "Allow",
            principals: [{ type: "Service", identifiers: ["s3.amazonaws.com"] }],
            actions: ["sts:AssumeRole"],
          },
        ],
      });
      const replicationRole = new aws.iam.Role("replication", {
        name: "tf-iam-role-replication-12345",
        assumeRolePolicy: assume.then((doc) => doc.json),
      });
      const destination = new aws.s3.Bucket("destination", { bucket: "tf-test-bucket-destination-12345" });
      const source = new aws.s3.Bucket("source", { bucket: "tf-test-bucket-source-12345" }, { provider: central });
      const sourceVersioning = hardening("source", source, { provider: central });
      const destinationVersioning = hardening("destination", destination);
      const replication = aws.iam.getPolicyDocumentOutput({
        statements: [
          { effect: "Allow", actions: ["s3:GetReplicationConfiguration", "s3:ListBucket"], resources: [source.arn] },
          {
            effect: "Allow",
            actions: ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"],
            resources: [pulumi.interpolate`${source.arn}/*`],
          },
          {
            effect: "Allow",
            actions: ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"],
            resources: [pulumi.interpolate`${destination.arn}/*`],
          },
        ],
      });
      const replicationPolicy = new aws.iam.Policy("replication", {
        name: "tf-iam-role-policy-replication-12345",
        policy: replication.apply((doc) => doc.json),
      });
      new aws.iam.RolePolicyAttachment("replication", { role: replicationRole.name, policyArn: replicationPolicy.arn });
      new aws.s3.BucketReplicationConfig(
        "replication",
        {
          role: replicationRole.arn,
          bucket: source.id,
          rules: [
            {
              id: "examplerule",
              priority: 1,
              filter: { prefix: "example" },
              deleteMarkerReplication: { status: "Disabled" },
              status: "Enabled",
              destination: { bucket: destination.arn, storageClass: "STANDARD" },
            },
          ],
        },
        { provider: central, dependsOn: [sourceVersioning, destinationVersioning] },
      );
    },
  },
  {
    name: "source-from-getBucketOutput",
    shape: "an existing source bucket looked up with aws.s3.getBucketOutput (answered by the user, as AWS would)",
    verdict: { kind: "correct" },
    doc: DOCS.requirements,
    options: {
      invokes: {
        "aws:s3/getBucket:getBucket": (args) => ({
          id: String(args["bucket"]),
          bucket: String(args["bucket"]),
          arn: `arn:aws:s3:::${String(args["bucket"])}`,
          region: "us-east-1",
        }),
      },
    },
    program: () => {
      const src = aws.s3.getBucketOutput({ bucket: "corpus-lookup-src" });
      const dst = new aws.s3.Bucket("destination", { bucket: "corpus-lookup-dst" });
      const dstVersioning = hardening("destination", dst);
      const srcVersioning = new aws.s3.BucketVersioning("source-versioning", {
        bucket: src.bucket,
        versioningConfiguration: { status: "Enabled" },
      });
      const role = new aws.iam.Role("replication", { assumeRolePolicy: assumeRole().json });
      new aws.iam.RolePolicy("replication", {
        role: role.id,
        policy: pulumi.jsonStringify({
          Version: "2012-10-17",
          Statement: [
            ...sourceStatements(src.arn),
            {
              Effect: "Allow",
              Action: ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"],
              Resource: pulumi.interpolate`${dst.arn}/*`,
            },
          ],
        }),
      });
      new aws.s3.BucketReplicationConfig(
        "replication",
        {
          bucket: src.bucket,
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
        { dependsOn: [srcVersioning, dstVersioning] },
      );
    },
  },
  {
    name: "destination-from-stack-reference",
    shape:
      "cross-account: the destination bucket and its replica key taken from another stack's outputs (pulumi.StackReference), the destination's policies managed there",
    verdict: { kind: "correct" },
    doc: DOCS.crossAccount,
    options: {
      stackReferences: {
        "acme/replica/prod": {
          bucketArn: "arn:aws:s3:::corpus-ref-dst",
          keyArn: "arn:aws:kms:eu-west-1:222222222222:key/22222222-2222-4222-8222-222222222222",
          account: "222222222222",
        },
      },
    },
    program: () => {
      const replica = new pulumi.StackReference("acme/replica/prod");
      const dstBucketArn = replica.getOutput("bucketArn") as pulumi.Output<string>;
      const dstKeyArn = replica.getOutput("keyArn") as pulumi.Output<string>;
      const dstAccount = replica.getOutput("account") as pulumi.Output<string>;
      const srcKey = new aws.kms.Key("source-key", { enableKeyRotation: true });
      const src = new aws.s3.Bucket("source", { bucket: "corpus-ref-src" });
      const srcVersioning = hardening("source", src);
      new aws.s3.BucketServerSideEncryptionConfiguration("source-kms", {
        bucket: src.id,
        rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: srcKey.arn } }],
      });
      const role = new aws.iam.Role("replication", { assumeRolePolicy: assumeRole().json });
      new aws.iam.RolePolicy("replication", {
        role: role.id,
        policy: pulumi.jsonStringify({
          Version: "2012-10-17",
          Statement: [
            ...sourceStatements(src.arn),
            {
              Effect: "Allow",
              Action: [
                "s3:ReplicateObject",
                "s3:ReplicateDelete",
                "s3:ReplicateTags",
                "s3:ObjectOwnerOverrideToBucketOwner",
              ],
              Resource: pulumi.interpolate`${dstBucketArn}/*`,
            },
            {
              Effect: "Allow",
              Action: ["kms:Decrypt"],
              Resource: [srcKey.arn],
              Condition: {
                StringLike: {
                  "kms:ViaService": "s3.us-east-1.amazonaws.com",
                  "kms:EncryptionContext:aws:s3:arn": [pulumi.interpolate`${src.arn}/*`],
                },
              },
            },
            {
              Effect: "Allow",
              Action: ["kms:Encrypt"],
              Resource: [dstKeyArn],
              Condition: {
                StringLike: {
                  "kms:ViaService": "s3.eu-west-1.amazonaws.com",
                  "kms:EncryptionContext:aws:s3:arn": [pulumi.interpolate`${dstBucketArn}/*`],
                },
              },
            },
          ],
        }),
      });
      new aws.s3.BucketReplicationConfig(
        "replication",
        {
          bucket: src.id,
          role: role.arn,
          rules: [
            {
              id: "dr",
              status: "Enabled",
              priority: 1,
              filter: {},
              deleteMarkerReplication: { status: "Disabled" },
              sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: "Enabled" } },
              destination: {
                bucket: dstBucketArn,
                account: dstAccount,
                accessControlTranslation: { owner: "Destination" },
                encryptionConfiguration: { replicaKmsKeyId: dstKeyArn },
              },
            },
          ],
        },
        { dependsOn: [srcVersioning] },
      );
    },
  },
];
