// The corpus: replication setups written the way Pulumi users write them (AWS documentation
// examples translated to Pulumi, Terraform- and CloudFormation-shaped programs, the resource
// shapes of the deprecated and legacy bucket arguments), each with the verdict AWS's
// documentation gives it. corpus.test.ts runs every one in preview, in update and through the
// checker, and writes docs/corpus.md.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { RunPoliciesOptions } from "../../policypack/testing";
import { harnessCorpus } from "./harnessCases";

/** An AWS documentation page. */
export interface DocPage {
  title: string;
  url: string;
}

/** A breakage the pack must report: the policy and the finding code (or message fragment). */
export interface Breakage {
  policy: string;
  /** A fragment of the violation message (usually the finding code, e.g. "S3R013"). */
  says: string;
  /**
   * Omitted when preview reports the finding itself. Otherwise what preview cannot know yet: the
   * "judged at up" advisory on `resource` names `unknown` and the check (`says`).
   */
  inPreview?: { resource: string; unknown: string };
}

/** What AWS's documentation says of the program. */
export type Verdict =
  | { kind: "correct" }
  /** Works, but part of it cannot be judged from the stack: an advisory must say what (e.g. the managed policy ARN). */
  | { kind: "advisory"; says: string }
  | { kind: "broken"; breaks: Breakage[] }
  /** Replicates, but breaks an invariant of the pack beyond AWS's requirements (least privilege, hardening): the finding must be reported. */
  | { kind: "finding"; breaks: Breakage[] };

/** One corpus program. */
export interface CorpusCase {
  name: string;
  /** How it is written (the shapes it exercises). */
  shape: string;
  verdict: Verdict;
  doc: DocPage;
  program: () => void;
  /** What the engine and provider would answer (invokes, StackReference outputs, read state). */
  options?: Omit<RunPoliciesOptions, "preview">;
}

const DOCS = {
  permissions: {
    title: "Setting up permissions for live replication (Amazon S3 User Guide)",
    url: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/setting-repl-config-perm-overview.html",
  },
  sameAccount: {
    title: "Configuring replication for buckets in the same account (Amazon S3 User Guide)",
    url: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-walkthrough1.html",
  },
  crossAccount: {
    title: "Configuring replication for buckets in different accounts (Amazon S3 User Guide)",
    url: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-walkthrough-2.html",
  },
  kms: {
    title: "Replicating encrypted objects (SSE-S3, SSE-KMS, DSSE-KMS, SSE-C) (Amazon S3 User Guide)",
    url: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-config-for-kms-objects.html",
  },
  requirements: {
    title: "Requirements and considerations for replication (Amazon S3 User Guide)",
    url: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-requirements.html",
  },
  objectLock: {
    title: "Managing Object Lock: using Object Lock with S3 Replication (Amazon S3 User Guide)",
    url: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock-managing.html",
  },
  twoWay: {
    title: "Replicating metadata changes with replica modification sync (Amazon S3 User Guide)",
    url: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-for-metadata-changes.html",
  },
  mrk: {
    title: "Multi-Region keys in AWS KMS (AWS KMS Developer Guide)",
    url: "https://docs.aws.amazon.com/kms/latest/developerguide/multi-region-keys-overview.html",
  },
  grants: {
    title: "Grants in AWS KMS (AWS KMS Developer Guide)",
    url: "https://docs.aws.amazon.com/kms/latest/developerguide/grants.html",
  },
  managed: {
    title: "Managed policies and inline policies: AWS managed policies (IAM User Guide)",
    url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-vs-inline.html",
  },
  putReplication: {
    title: "PutBucketReplication (Amazon S3 API Reference)",
    url: "https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketReplication.html",
  },
  putPolicy: {
    title: "PutBucketPolicy (Amazon S3 API Reference)",
    url: "https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketPolicy.html",
  },
  putKeyPolicy: {
    title: "PutKeyPolicy (AWS KMS API Reference)",
    url: "https://docs.aws.amazon.com/kms/latest/APIReference/API_PutKeyPolicy.html",
  },
} satisfies Record<string, DocPage>;

/** The trust policy every example uses: S3 assumes the role. */
const s3Trust = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { Service: "s3.amazonaws.com" }, Action: "sts:AssumeRole" }],
});

/** AWS's live-replication role policy (SSE-S3 objects), as the S3 User Guide writes it. */
function docsRolePolicy(source: string, destination: string): object {
  return {
    Version: "2012-10-17",
    Statement: [
      { Effect: "Allow", Action: ["s3:GetReplicationConfiguration", "s3:ListBucket"], Resource: [source] },
      {
        Effect: "Allow",
        Action: ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"],
        Resource: [`${source}/*`],
      },
      {
        Effect: "Allow",
        Action: ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"],
        Resource: `${destination}/*`,
      },
    ],
  };
}

const versioned = (name: string, bucket: aws.s3.Bucket, opts?: pulumi.CustomResourceOptions): aws.s3.BucketVersioning =>
  new aws.s3.BucketVersioning(name, { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } }, opts);

const sseS3 = (
  name: string,
  bucket: aws.s3.Bucket,
  opts?: pulumi.CustomResourceOptions,
): aws.s3.BucketServerSideEncryptionConfiguration =>
  new aws.s3.BucketServerSideEncryptionConfiguration(
    name,
    { bucket: bucket.id, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] },
    opts,
  );

const blockPublic = (
  name: string,
  bucket: aws.s3.Bucket,
  opts?: pulumi.CustomResourceOptions,
): aws.s3.BucketPublicAccessBlock =>
  new aws.s3.BucketPublicAccessBlock(
    name,
    {
      bucket: bucket.id,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    },
    opts,
  );

const tlsOnly = (name: string, bucket: aws.s3.Bucket, opts?: pulumi.CustomResourceOptions): aws.s3.BucketPolicy =>
  new aws.s3.BucketPolicy(
    name,
    {
      bucket: bucket.id,
      policy: pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "TlsOnly",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:*",
            Resource: [bucket.arn, pulumi.interpolate`${bucket.arn}/*`],
            Condition: { Bool: { "aws:SecureTransport": "false" } },
          },
        ],
      }),
    },
    opts,
  );

/** A bucket hardened as our own pack asks (encryption, public access block, TLS-only policy), versioned. */
function hardenedBucket(
  name: string,
  bucketName: string,
  opts?: pulumi.CustomResourceOptions,
  extra: Partial<aws.s3.BucketArgs> = {},
): { bucket: aws.s3.Bucket; versioning: aws.s3.BucketVersioning } {
  const bucket = new aws.s3.Bucket(name, { bucket: bucketName, ...extra }, opts);
  const versioning = versioned(`${name}-versioning`, bucket, opts);
  sseS3(`${name}-sse`, bucket, opts);
  blockPublic(`${name}-pab`, bucket, opts);
  tlsOnly(`${name}-tls`, bucket, opts);
  return { bucket, versioning };
}

const replicateAll = (
  destination: pulumi.Input<string>,
  extra: object = {},
): aws.types.input.s3.BucketReplicationConfigRule => ({
  id: "all",
  status: "Enabled",
  priority: 1,
  filter: {},
  deleteMarkerReplication: { status: "Disabled" },
  destination: { bucket: destination, ...extra },
});

/**
 * The S3 User Guide's SSE-KMS cross-Region setup, written out as a user would: two hardened SSE-KMS
 * buckets with Bucket Keys (source in `east`, destination in `west`), a role whose inline policy scopes
 * each key with kms:ViaService and kms:EncryptionContext, and a rule that opts in to SSE-KMS objects.
 * The programs differ only in their bucket-name prefix and keys (single-Region or multi-Region).
 */
function kmsCrossRegionReplication(
  prefix: string,
  sourceKeyArn: pulumi.Input<string>,
  destinationKeyArn: pulumi.Input<string>,
  east: aws.Provider,
  west: aws.Provider,
): void {
  const kmsBucket = (
    name: string,
    bucketName: string,
    keyArn: pulumi.Input<string>,
    provider: aws.Provider,
  ): { bucket: aws.s3.Bucket; versioning: aws.s3.BucketVersioning } => {
    const bucket = new aws.s3.Bucket(name, { bucket: bucketName }, { provider });
    const versioning = versioned(`${name}-versioning`, bucket, { provider });
    new aws.s3.BucketServerSideEncryptionConfiguration(
      `${name}-sse`,
      {
        bucket: bucket.id,
        rules: [
          {
            applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: keyArn },
            bucketKeyEnabled: true,
          },
        ],
      },
      { provider },
    );
    blockPublic(`${name}-pab`, bucket, { provider });
    tlsOnly(`${name}-tls`, bucket, { provider });
    return { bucket, versioning };
  };
  const src = kmsBucket("source", `${prefix}-src`, sourceKeyArn, east);
  const dst = kmsBucket("destination", `${prefix}-dst`, destinationKeyArn, west);
  const role = new aws.iam.Role("replication", { assumeRolePolicy: s3Trust }, { provider: east });
  new aws.iam.RolePolicy(
    "replication",
    {
      role: role.id,
      policy: pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Action: ["s3:GetReplicationConfiguration", "s3:ListBucket"],
            Resource: [src.bucket.arn],
          },
          {
            Effect: "Allow",
            Action: ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"],
            Resource: [pulumi.interpolate`${src.bucket.arn}/*`],
          },
          {
            Effect: "Allow",
            Action: ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"],
            Resource: pulumi.interpolate`${dst.bucket.arn}/*`,
          },
          {
            Effect: "Allow",
            Action: ["kms:Decrypt"],
            Resource: [sourceKeyArn],
            Condition: {
              StringLike: {
                "kms:ViaService": "s3.us-east-1.amazonaws.com",
                "kms:EncryptionContext:aws:s3:arn": [src.bucket.arn, pulumi.interpolate`${src.bucket.arn}/*`],
              },
            },
          },
          {
            Effect: "Allow",
            Action: ["kms:Encrypt", "kms:GenerateDataKey", "kms:Decrypt"],
            Resource: [destinationKeyArn],
            Condition: {
              StringLike: {
                "kms:ViaService": "s3.eu-west-1.amazonaws.com",
                "kms:EncryptionContext:aws:s3:arn": [dst.bucket.arn, pulumi.interpolate`${dst.bucket.arn}/*`],
              },
            },
          },
        ],
      }),
    },
    { provider: east },
  );
  new aws.s3.BucketReplicationConfig(
    "replication",
    {
      bucket: src.bucket.id,
      role: role.arn,
      rules: [
        {
          ...replicateAll(dst.bucket.arn, { encryptionConfiguration: { replicaKmsKeyId: destinationKeyArn } }),
          sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: "Enabled" } },
        },
      ],
    },
    { provider: east, dependsOn: [src.versioning, dst.versioning] },
  );
}

/** A role-policy document as docsRolePolicy writes it, with its statements' actions editable. */
type EditableDocument = { Statement: Array<{ Action: string[]; Resource: string | string[] }> };

/**
 * The S3 User Guide's same-account setup (hardened buckets, the guide's role policy inline) with
 * one change: `edit` rewrites the role policy, `destination` adds bucket arguments, `kmsDestination`
 * gives the destination an SSE-KMS (or DSSE-KMS) default with a key of its own and no KMS
 * permission anywhere (issue 21 shapes).
 */
function guideReplication(
  prefix: string,
  options: {
    edit?: (document: EditableDocument) => void;
    bucketArgs?: Partial<aws.s3.BucketArgs>;
    kmsDestination?: "aws:kms" | "aws:kms:dsse";
    /** The actions of a permissions boundary (an iam.Policy in the stack) on the role. */
    boundaryActions?: string[];
  } = {},
): { src: aws.s3.Bucket; dst: aws.s3.Bucket } {
  const src = hardenedBucket("source", `${prefix}-src`, undefined, options.bucketArgs);
  const dst = new aws.s3.Bucket("destination", { bucket: `${prefix}-dst`, ...options.bucketArgs });
  const dstVersioning = versioned("destination-versioning", dst);
  blockPublic("destination-pab", dst);
  tlsOnly("destination-tls", dst);
  if (options.kmsDestination === undefined) sseS3("destination-sse", dst);
  else {
    const key = new aws.kms.Key("destination-key", { enableKeyRotation: true });
    new aws.s3.BucketServerSideEncryptionConfiguration("destination-sse", {
      bucket: dst.id,
      rules: [
        { applyServerSideEncryptionByDefault: { sseAlgorithm: options.kmsDestination, kmsMasterKeyId: key.arn } },
      ],
    });
  }
  const document = docsRolePolicy(`arn:aws:s3:::${prefix}-src`, `arn:aws:s3:::${prefix}-dst`) as EditableDocument;
  options.edit?.(document);
  const boundary =
    options.boundaryActions === undefined
      ? undefined
      : new aws.iam.Policy("boundary", {
          policy: JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Action: options.boundaryActions, Resource: "*" }],
          }),
        });
  const role = new aws.iam.Role("replication", {
    assumeRolePolicy: s3Trust,
    inlinePolicies: [{ name: "replication", policy: JSON.stringify(document) }],
    ...(boundary === undefined ? {} : { permissionsBoundary: boundary.arn }),
  });
  new aws.s3.BucketReplicationConfig(
    "replication",
    { bucket: src.bucket.id, role: role.arn, rules: [replicateAll(dst.arn)] },
    { dependsOn: [src.versioning, dstVersioning] },
  );
  return { src: src.bucket, dst };
}

const boundaryDoc = {
  title: "Troubleshooting replication (Amazon S3 User Guide)",
  url: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-troubleshoot.html",
};

const lockDoc = {
  title: "Configuring S3 Object Lock (Amazon S3 User Guide)",
  url: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock-configure.html",
};

/** Issue 21: every object a source can hold, as AWS documents each shape. */
const objectKindsCorpus: CorpusCase[] = [
  {
    name: "sse-s3-into-kms-default",
    shape:
      "SSE-S3 source into an SSE-KMS-default destination (its own kms.Key), the S3 User Guide's role policy with no KMS permission: SSE-S3 objects replicate as SSE-S3",
    verdict: { kind: "correct" },
    doc: DOCS.kms,
    program: () => void guideReplication("corpus-s3kms", { kmsDestination: "aws:kms" }),
  },
  {
    name: "sse-s3-into-dsse-default",
    shape: "SSE-S3 source into a DSSE-KMS-default destination, role without KMS permissions",
    verdict: { kind: "correct" },
    doc: DOCS.kms,
    program: () => void guideReplication("corpus-s3dsse", { kmsDestination: "aws:kms:dsse" }),
  },
  {
    name: "get-object-version-sse-s3",
    shape:
      "role granting s3:GetObjectVersion instead of s3:GetObjectVersionForReplication, no rule selecting SSE-KMS objects (GetObjectVersion replicates unencrypted and SSE-S3 objects)",
    verdict: { kind: "correct" },
    doc: DOCS.kms,
    program: () =>
      void guideReplication("corpus-getver", {
        edit: (d) => {
          const reads = d.Statement[1];
          if (reads) reads.Action = ["s3:GetObjectVersion", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"];
        },
      }),
  },
  {
    name: "no-tagging-permission",
    shape:
      "role without s3:GetObjectVersionTagging: objects replicate without their tags (SrcGetTaggingNotPermitted), an incomplete replica",
    verdict: {
      kind: "finding",
      breaks: [
        {
          policy: "replication-role-permissions",
          says: "S3R013",
          inPreview: { resource: 's3.BucketPolicy "source-tls"', unknown: "the policy document" },
        },
      ],
    },
    doc: DOCS.permissions,
    program: () =>
      void guideReplication("corpus-notags", {
        edit: (d) => {
          const reads = d.Statement[1];
          if (reads) reads.Action = ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl"];
        },
      }),
  },
  {
    name: "object-lock-destination-writes",
    shape:
      "Object Lock on both buckets; the role also grants s3:PutObjectRetention and s3:PutObjectLegalHold on the destination objects (named by the failure reasons)",
    verdict: { kind: "correct" },
    doc: lockDoc,
    program: () =>
      void guideReplication("corpus-lockw", {
        bucketArgs: { objectLockEnabled: true },
        edit: (d) => {
          d.Statement[1]?.Action.push("s3:GetObjectRetention", "s3:GetObjectLegalHold");
          d.Statement[2]?.Action.push("s3:PutObjectRetention", "s3:PutObjectLegalHold");
        },
      }),
  },
  {
    name: "permissions-boundary-allows",
    shape: "role with a permissionsBoundary (an iam.Policy in the stack) allowing s3:* : replication stays inside it",
    verdict: { kind: "correct" },
    doc: boundaryDoc,
    program: () => void guideReplication("corpus-bndok", { boundaryActions: ["s3:*"] }),
  },
  {
    name: "permissions-boundary-denies-replicate",
    shape:
      "role with a permissionsBoundary (an iam.Policy in the stack) allowing only s3:Get* and s3:List*: s3:ReplicateObject falls outside it",
    verdict: { kind: "broken", breaks: [{ policy: "replication-role-permissions", says: "S3R013" }] },
    doc: boundaryDoc,
    program: () => void guideReplication("corpus-bndno", { boundaryActions: ["s3:Get*", "s3:List*"] }),
  },
  {
    name: "bucket-policy-two-writers-off-path",
    shape:
      "two aws.s3.BucketPolicy resources on a logs bucket no replication path uses, next to a correct same-account replication",
    verdict: { kind: "finding", breaks: [{ policy: "single-configuration", says: "S3R041" }] },
    doc: DOCS.putPolicy,
    program: () => {
      guideReplication("corpus-offpath");
      const logs = hardenedBucket("logs", "corpus-offpath-logs");
      new aws.s3.BucketPolicy("logs-readers", {
        bucket: logs.bucket.id,
        policy: pulumi.jsonStringify({
          Version: "2012-10-17",
          Statement: [
            {
              Sid: "Readers",
              Effect: "Allow",
              Principal: { AWS: "arn:aws:iam::111111111111:root" },
              Action: "s3:GetObject",
              Resource: pulumi.interpolate`${logs.bucket.arn}/*`,
            },
          ],
        }),
      });
    },
  },
];

/** The key policy the account's administrators write for a replica key: the account root (IAM decides), plus an admin role when given. */
function replicaKeyPolicy(sid: string, adminRoleArn?: pulumi.Input<string>): pulumi.Output<string> {
  return pulumi.jsonStringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: sid,
        Effect: "Allow",
        Principal: { AWS: "arn:aws:iam::111111111111:root" },
        Action: "kms:*",
        Resource: "*",
      },
      ...(adminRoleArn === undefined
        ? []
        : [
            {
              Sid: "KeyAdmins",
              Effect: "Allow",
              Principal: { AWS: adminRoleArn },
              Action: "kms:Describe*",
              Resource: "*",
            },
          ]),
    ],
  });
}

/**
 * Issue 21 item 4: the SSE-KMS cross-Region setup whose replica key's policy is written by an
 * aws.kms.KeyPolicy, with or without the key's own inline `policy` too (naming a key-admin role,
 * so its origin is exact in every mode: property dependencies come from inputs).
 */
function replicaKeyPolicyWriters(prefix: string, inline: boolean): void {
  const east = new aws.Provider("east", { region: "us-east-1" });
  const west = new aws.Provider("west", { region: "eu-west-1" });
  const admin = new aws.iam.Role("key-admin", { assumeRolePolicy: s3Trust }, { provider: east });
  const srcKey = new aws.kms.Key("source-key", { enableKeyRotation: true }, { provider: east });
  const dstKey = new aws.kms.Key(
    "destination-key",
    { enableKeyRotation: true, ...(inline ? { policy: replicaKeyPolicy("Inline", admin.arn) } : {}) },
    { provider: west },
  );
  new aws.kms.KeyPolicy(
    "destination-key-policy",
    { keyId: dstKey.id, policy: replicaKeyPolicy("Account") },
    { provider: west },
  );
  kmsCrossRegionReplication(prefix, srcKey.arn, dstKey.arn, east, west);
}

const keyPolicyWritersCorpus: CorpusCase[] = [
  {
    name: "replica-key-policy-one-writer",
    shape:
      "the SSE-KMS cross-Region setup, the replica key's policy written only by an aws.kms.KeyPolicy (the key sets none: its outputs hold KMS's default, then the KeyPolicy's after a refresh)",
    verdict: { kind: "correct" },
    doc: DOCS.putKeyPolicy,
    program: () => replicaKeyPolicyWriters("corpus-kp1", false),
  },
  {
    name: "replica-key-policy-inline-and-keypolicy",
    shape:
      "the same, the replica aws.kms.Key also setting its inline `policy`: two writers of the replica key's policy",
    verdict: { kind: "broken", breaks: [{ policy: "single-configuration", says: "S3R041" }] },
    doc: DOCS.putKeyPolicy,
    program: () => replicaKeyPolicyWriters("corpus-kp2", true),
  },
];

export const corpus: CorpusCase[] = [
  {
    name: "docs-same-account-jsonStringify",
    shape:
      "aws.s3.Bucket + BucketVersioning + BucketReplicationConfig; role policy as pulumi.jsonStringify of the S3 User Guide's policy (iam.RolePolicy)",
    verdict: { kind: "correct" },
    doc: DOCS.sameAccount,
    program: () => {
      const src = hardenedBucket("source", "corpus-docs-src");
      const dst = hardenedBucket("destination", "corpus-docs-dst");
      const role = new aws.iam.Role("replication", { assumeRolePolicy: s3Trust });
      new aws.iam.RolePolicy("replication", {
        role: role.id,
        policy: pulumi.jsonStringify({
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Action: ["s3:GetReplicationConfiguration", "s3:ListBucket"],
              Resource: [src.bucket.arn],
            },
            {
              Effect: "Allow",
              Action: ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"],
              Resource: [pulumi.interpolate`${src.bucket.arn}/*`],
            },
            {
              Effect: "Allow",
              Action: ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"],
              Resource: pulumi.interpolate`${dst.bucket.arn}/*`,
            },
          ],
        }),
      });
      new aws.s3.BucketReplicationConfig(
        "replication",
        { bucket: src.bucket.id, role: role.arn, rules: [replicateAll(dst.bucket.arn)] },
        { dependsOn: [src.versioning, dst.versioning] },
      );
    },
  },
  {
    name: "interpolate-policy",
    shape: "role policy written as a pulumi.interpolate JSON template string, attached inline with iam.RolePolicy",
    verdict: { kind: "correct" },
    doc: DOCS.permissions,
    program: () => {
      const src = hardenedBucket("source", "corpus-interp-src");
      const dst = hardenedBucket("destination", "corpus-interp-dst");
      const role = new aws.iam.Role("replication", { assumeRolePolicy: s3Trust });
      new aws.iam.RolePolicy("replication", {
        role: role.name,
        policy: pulumi.interpolate`{
  "Version": "2012-10-17",
  "Statement": [
    { "Effect": "Allow", "Action": ["s3:GetReplicationConfiguration", "s3:ListBucket"], "Resource": ["${src.bucket.arn}"] },
    { "Effect": "Allow", "Action": ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"], "Resource": ["${src.bucket.arn}/*"] },
    { "Effect": "Allow", "Action": ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"], "Resource": "${dst.bucket.arn}/*" }
  ]
}`,
      });
      new aws.s3.BucketReplicationConfig(
        "replication",
        { bucket: src.bucket.id, role: role.arn, rules: [replicateAll(dst.bucket.arn)] },
        { dependsOn: [src.versioning, dst.versioning] },
      );
    },
  },
  {
    name: "policy-attachment-roles",
    shape: "iam.Policy attached with iam.PolicyAttachment (its `roles` list of role names)",
    verdict: { kind: "correct" },
    doc: DOCS.permissions,
    program: () => {
      const src = hardenedBucket("source", "corpus-pa-src");
      const dst = hardenedBucket("destination", "corpus-pa-dst");
      const role = new aws.iam.Role("replication", { name: "corpus-pa-replication", assumeRolePolicy: s3Trust });
      const policy = new aws.iam.Policy("replication", {
        policy: JSON.stringify(docsRolePolicy("arn:aws:s3:::corpus-pa-src", "arn:aws:s3:::corpus-pa-dst")),
      });
      new aws.iam.PolicyAttachment("replication", { policyArn: policy.arn, roles: [role.name] });
      new aws.s3.BucketReplicationConfig(
        "replication",
        { bucket: src.bucket.id, role: role.arn, rules: [replicateAll(dst.bucket.arn)] },
        { dependsOn: [src.versioning, dst.versioning] },
      );
    },
  },
  {
    name: "policy-attachment-missing-replicate",
    shape:
      "iam.PolicyAttachment of a literal policy lacking s3:ReplicateObject (its text is known in preview; the same-account destination bucket policy, built from the bucket's ARN, is not, and could grant the action)",
    verdict: {
      kind: "broken",
      breaks: [
        {
          policy: "replication-role-permissions",
          says: "S3R013",
          inPreview: { resource: 's3.BucketPolicy "destination-tls"', unknown: "the policy document" },
        },
      ],
    },
    doc: DOCS.permissions,
    program: () => {
      const src = hardenedBucket("source", "corpus-pam-src");
      const dst = hardenedBucket("destination", "corpus-pam-dst");
      const role = new aws.iam.Role("replication", { name: "corpus-pam-replication", assumeRolePolicy: s3Trust });
      const document = docsRolePolicy("arn:aws:s3:::corpus-pam-src", "arn:aws:s3:::corpus-pam-dst") as {
        Statement: Array<{ Action: string[] }>;
      };
      document.Statement[2] = { ...document.Statement[2], Action: ["s3:ReplicateDelete", "s3:ReplicateTags"] } as {
        Action: string[];
      };
      const policy = new aws.iam.Policy("replication", { policy: JSON.stringify(document) });
      new aws.iam.PolicyAttachment("replication", { policyArn: policy.arn, roles: [role.name] });
      new aws.s3.BucketReplicationConfig(
        "replication",
        { bucket: src.bucket.id, role: role.arn, rules: [replicateAll(dst.bucket.arn)] },
        { dependsOn: [src.versioning, dst.versioning] },
      );
    },
  },
  {
    name: "aws-managed-policy-arn",
    shape:
      "role with managedPolicyArns: AmazonS3FullAccess (an AWS managed policy the stack cannot read): it replicates, but the role may use every bucket",
    verdict: { kind: "finding", breaks: [{ policy: "replication-principals", says: "S3R063" }] },
    doc: DOCS.managed,
    program: () => {
      const src = hardenedBucket("source", "corpus-managed-src");
      const dst = hardenedBucket("destination", "corpus-managed-dst");
      const role = new aws.iam.Role("replication", {
        assumeRolePolicy: s3Trust,
        managedPolicyArns: ["arn:aws:iam::aws:policy/AmazonS3FullAccess"],
      });
      new aws.s3.BucketReplicationConfig(
        "replication",
        { bucket: src.bucket.id, role: role.arn, rules: [replicateAll(dst.bucket.arn)] },
        { dependsOn: [src.versioning, dst.versioning] },
      );
    },
  },
  {
    name: "role-inline-policies",
    shape: "iam.Role inlinePolicies with a literal document (bucket names known, judged in preview)",
    verdict: { kind: "correct" },
    doc: DOCS.permissions,
    program: () => {
      const src = hardenedBucket("source", "corpus-inline-src");
      const dst = hardenedBucket("destination", "corpus-inline-dst");
      const role = new aws.iam.Role("replication", {
        assumeRolePolicy: s3Trust,
        inlinePolicies: [
          {
            name: "replication",
            policy: JSON.stringify(docsRolePolicy("arn:aws:s3:::corpus-inline-src", "arn:aws:s3:::corpus-inline-dst")),
          },
        ],
      });
      new aws.s3.BucketReplicationConfig(
        "replication",
        { bucket: src.bucket.id, role: role.arn, rules: [replicateAll(dst.bucket.arn)] },
        { dependsOn: [src.versioning, dst.versioning] },
      );
    },
  },
  {
    name: "role-inline-wrong-bucket",
    shape:
      "iam.Role inlinePolicies whose destination statement names another bucket (a copy-paste slip; in preview the same-account destination bucket policy, built from the bucket's ARN, is unknown and could grant the action)",
    verdict: {
      kind: "broken",
      breaks: [
        {
          policy: "replication-role-permissions",
          says: "S3R013",
          inPreview: { resource: 's3.BucketPolicy "destination-tls"', unknown: "the policy document" },
        },
      ],
    },
    doc: DOCS.permissions,
    program: () => {
      const src = hardenedBucket("source", "corpus-slip-src");
      const dst = hardenedBucket("destination", "corpus-slip-dst");
      const role = new aws.iam.Role("replication", {
        assumeRolePolicy: s3Trust,
        inlinePolicies: [
          {
            name: "replication",
            policy: JSON.stringify(docsRolePolicy("arn:aws:s3:::corpus-slip-src", "arn:aws:s3:::corpus-slip-backup")),
          },
        ],
      });
      new aws.s3.BucketReplicationConfig(
        "replication",
        { bucket: src.bucket.id, role: role.arn, rules: [replicateAll(dst.bucket.arn)] },
        { dependsOn: [src.versioning, dst.versioning] },
      );
    },
  },
  {
    name: "bucketv2-inline",
    shape:
      "deprecated aws.s3.BucketV2 with inline versionings, serverSideEncryptionConfigurations and replicationConfigurations",
    verdict: { kind: "correct" },
    doc: DOCS.sameAccount,
    program: () => {
      const role = new aws.iam.Role("replication", {
        assumeRolePolicy: s3Trust,
        inlinePolicies: [
          {
            name: "replication",
            policy: JSON.stringify(docsRolePolicy("arn:aws:s3:::corpus-v2-src", "arn:aws:s3:::corpus-v2-dst")),
          },
        ],
      });
      const sse = [{ rules: [{ applyServerSideEncryptionByDefaults: [{ sseAlgorithm: "AES256" }] }] }];
      const dst = new aws.s3.BucketV2("destination", {
        bucket: "corpus-v2-dst",
        versionings: [{ enabled: true }],
        serverSideEncryptionConfigurations: sse,
      });
      const src = new aws.s3.BucketV2("source", {
        bucket: "corpus-v2-src",
        versionings: [{ enabled: true }],
        serverSideEncryptionConfigurations: sse,
        replicationConfigurations: [
          {
            role: role.arn,
            rules: [
              {
                id: "all",
                status: "Enabled",
                priority: 1,
                filters: [{}],
                deleteMarkerReplicationStatus: "Disabled",
                destinations: [{ bucket: dst.arn }],
              },
            ],
          },
        ],
      });
      for (const [name, bucket] of [
        ["source", src],
        ["destination", dst],
      ] as const) {
        new aws.s3.BucketPublicAccessBlock(`${name}-pab`, {
          bucket: bucket.id,
          blockPublicAcls: true,
          blockPublicPolicy: true,
          ignorePublicAcls: true,
          restrictPublicBuckets: true,
        });
        new aws.s3.BucketPolicy(`${name}-tls`, {
          bucket: bucket.id,
          policy: pulumi.jsonStringify({
            Version: "2012-10-17",
            Statement: [
              {
                Effect: "Deny",
                Principal: "*",
                Action: "s3:*",
                Resource: [bucket.arn, pulumi.interpolate`${bucket.arn}/*`],
                Condition: { Bool: { "aws:SecureTransport": "false" } },
              },
            ],
          }),
        });
      }
    },
  },
  {
    name: "legacy-bucket-inline",
    shape:
      "aws.s3.Bucket inline versioning, serverSideEncryptionConfiguration and replicationConfiguration (the v6-era arguments)",
    verdict: { kind: "correct" },
    doc: DOCS.sameAccount,
    program: () => {
      const role = new aws.iam.Role("replication", {
        assumeRolePolicy: s3Trust,
        inlinePolicies: [
          {
            name: "replication",
            policy: JSON.stringify(docsRolePolicy("arn:aws:s3:::corpus-legacy-src", "arn:aws:s3:::corpus-legacy-dst")),
          },
        ],
      });
      const sse = { rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } } };
      const dst = new aws.s3.Bucket("destination", {
        bucket: "corpus-legacy-dst",
        versioning: { enabled: true },
        serverSideEncryptionConfiguration: sse,
      });
      const src = new aws.s3.Bucket("source", {
        bucket: "corpus-legacy-src",
        versioning: { enabled: true },
        serverSideEncryptionConfiguration: sse,
        replicationConfiguration: {
          role: role.arn,
          rules: [
            {
              id: "all",
              status: "Enabled",
              priority: 1,
              filter: {},
              deleteMarkerReplicationStatus: "Disabled",
              destination: { bucket: dst.arn },
            },
          ],
        },
      });
      for (const [name, bucket] of [
        ["source", src],
        ["destination", dst],
      ] as const) {
        blockPublic(`${name}-pab`, bucket);
        tlsOnly(`${name}-tls`, bucket);
      }
    },
  },
  {
    name: "cloudformation-style-star",
    shape:
      'a CloudFormation-style role: inline policy with Resource "*" (as many CloudFormation samples write it): it replicates, but may replicate into any bucket',
    verdict: {
      kind: "finding",
      breaks: [
        { policy: "replication-role-permissions", says: "S3R016" },
        { policy: "replication-principals", says: "S3R063" },
      ],
    },
    doc: DOCS.permissions,
    program: () => {
      const src = hardenedBucket("source", "corpus-cfn-src");
      const dst = hardenedBucket("destination", "corpus-cfn-dst");
      const role = new aws.iam.Role("ReplicationRole", {
        assumeRolePolicy: s3Trust,
        inlinePolicies: [
          {
            name: "ReplicationPolicy",
            policy: JSON.stringify({
              Version: "2012-10-17",
              Statement: [
                {
                  Effect: "Allow",
                  Action: [
                    "s3:GetReplicationConfiguration",
                    "s3:ListBucket",
                    "s3:GetObjectVersionForReplication",
                    "s3:GetObjectVersionAcl",
                    "s3:GetObjectVersionTagging",
                  ],
                  Resource: "*",
                },
                {
                  Effect: "Allow",
                  Action: ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"],
                  Resource: "*",
                },
              ],
            }),
          },
        ],
      });
      new aws.s3.BucketReplicationConfig(
        "BucketSourceReplication",
        { bucket: src.bucket.id, role: role.arn, rules: [replicateAll(dst.bucket.arn)] },
        { dependsOn: [src.versioning, dst.versioning] },
      );
    },
  },
  {
    name: "sse-kms-cross-region",
    shape:
      "SSE-KMS buckets in two Regions, replica key ARN from the destination key, role policy with kms:ViaService and kms:EncryptionContext conditions (the S3 User Guide's SSE-KMS example)",
    verdict: { kind: "correct" },
    doc: DOCS.kms,
    program: () => {
      const east = new aws.Provider("east", { region: "us-east-1" });
      const west = new aws.Provider("west", { region: "eu-west-1" });
      const srcKey = new aws.kms.Key("source-key", { enableKeyRotation: true }, { provider: east });
      const dstKey = new aws.kms.Key("destination-key", { enableKeyRotation: true }, { provider: west });
      kmsCrossRegionReplication("corpus-kms", srcKey.arn, dstKey.arn, east, west);
    },
  },
  {
    name: "replica-key-without-opt-in",
    shape: "SSE-KMS rule naming a replica key but without sourceSelectionCriteria.sseKmsEncryptedObjects",
    verdict: { kind: "broken", breaks: [{ policy: "replication-kms-pairing", says: "S3R004" }] },
    doc: DOCS.kms,
    program: () => {
      const src = hardenedBucket("source", "corpus-optin-src");
      const dst = hardenedBucket("destination", "corpus-optin-dst");
      const dstKey = new aws.kms.Key("destination-key", { enableKeyRotation: true });
      const role = new aws.iam.Role("replication", {
        assumeRolePolicy: s3Trust,
        inlinePolicies: [
          {
            name: "replication",
            policy: JSON.stringify(docsRolePolicy("arn:aws:s3:::corpus-optin-src", "arn:aws:s3:::corpus-optin-dst")),
          },
        ],
      });
      new aws.s3.BucketReplicationConfig(
        "replication",
        {
          bucket: src.bucket.id,
          role: role.arn,
          rules: [replicateAll(dst.bucket.arn, { encryptionConfiguration: { replicaKmsKeyId: dstKey.arn } })],
        },
        { dependsOn: [src.versioning, dst.versioning] },
      );
    },
  },
  {
    name: "multi-region-key",
    shape: "a multi-Region primary key (us-east-1) and its kms.ReplicaKey (eu-west-1) as the replica key",
    verdict: { kind: "correct" },
    doc: DOCS.mrk,
    program: () => {
      const east = new aws.Provider("east", { region: "us-east-1" });
      const west = new aws.Provider("west", { region: "eu-west-1" });
      const primary = new aws.kms.Key("primary", { multiRegion: true, enableKeyRotation: true }, { provider: east });
      const replica = new aws.kms.ReplicaKey("replica", { primaryKeyArn: primary.arn }, { provider: west });
      kmsCrossRegionReplication("corpus-mrk", primary.arn, replica.arn, east, west);
    },
  },
  {
    name: "two-way",
    shape: "two buckets replicating to each other, replica modification sync on both rules, one role per direction",
    verdict: { kind: "correct" },
    doc: DOCS.twoWay,
    program: () => {
      const a = hardenedBucket("a", "corpus-twoway-a");
      const b = hardenedBucket("b", "corpus-twoway-b");
      for (const [from, to, fromName, toName] of [
        [a, b, "corpus-twoway-a", "corpus-twoway-b"],
        [b, a, "corpus-twoway-b", "corpus-twoway-a"],
      ] as const) {
        const role = new aws.iam.Role(`${fromName}-replication`, {
          assumeRolePolicy: s3Trust,
          inlinePolicies: [
            {
              name: "replication",
              policy: JSON.stringify(docsRolePolicy(`arn:aws:s3:::${fromName}`, `arn:aws:s3:::${toName}`)),
            },
          ],
        });
        new aws.s3.BucketReplicationConfig(
          `${fromName}-replication`,
          {
            bucket: from.bucket.id,
            role: role.arn,
            rules: [
              {
                ...replicateAll(to.bucket.arn),
                sourceSelectionCriteria: { replicaModifications: { status: "Enabled" } },
              },
            ],
          },
          { dependsOn: [a.versioning, b.versioning] },
        );
      }
    },
  },
  {
    name: "object-lock",
    shape: "Object Lock on both buckets (objectLockEnabled), role with s3:GetObjectRetention and s3:GetObjectLegalHold",
    verdict: { kind: "correct" },
    doc: DOCS.objectLock,
    program: () => {
      const src = hardenedBucket("source", "corpus-lock-src", undefined, { objectLockEnabled: true });
      const dst = hardenedBucket("destination", "corpus-lock-dst", undefined, { objectLockEnabled: true });
      const document = docsRolePolicy("arn:aws:s3:::corpus-lock-src", "arn:aws:s3:::corpus-lock-dst") as {
        Statement: Array<{ Action: string[] }>;
      };
      document.Statement[1]?.Action.push("s3:GetObjectRetention", "s3:GetObjectLegalHold");
      const role = new aws.iam.Role("replication", {
        assumeRolePolicy: s3Trust,
        inlinePolicies: [{ name: "replication", policy: JSON.stringify(document) }],
      });
      new aws.s3.BucketReplicationConfig(
        "replication",
        { bucket: src.bucket.id, role: role.arn, rules: [replicateAll(dst.bucket.arn)] },
        { dependsOn: [src.versioning, dst.versioning] },
      );
    },
  },
  {
    name: "object-lock-destination-missing",
    shape: "Object Lock source replicating to a destination without Object Lock",
    verdict: { kind: "broken", breaks: [{ policy: "replication-object-lock", says: "S3R025" }] },
    doc: DOCS.objectLock,
    program: () => {
      const src = hardenedBucket("source", "corpus-nolock-src", undefined, { objectLockEnabled: true });
      const dst = hardenedBucket("destination", "corpus-nolock-dst");
      const document = docsRolePolicy("arn:aws:s3:::corpus-nolock-src", "arn:aws:s3:::corpus-nolock-dst") as {
        Statement: Array<{ Action: string[] }>;
      };
      document.Statement[1]?.Action.push("s3:GetObjectRetention", "s3:GetObjectLegalHold");
      const role = new aws.iam.Role("replication", {
        assumeRolePolicy: s3Trust,
        inlinePolicies: [{ name: "replication", policy: JSON.stringify(document) }],
      });
      new aws.s3.BucketReplicationConfig(
        "replication",
        { bucket: src.bucket.id, role: role.arn, rules: [replicateAll(dst.bucket.arn)] },
        { dependsOn: [src.versioning, dst.versioning] },
      );
    },
  },
  {
    name: "kms-grant",
    shape:
      "SSE-KMS replica key whose key policy admits only the account, plus a kms.Grant giving the role Encrypt, GenerateDataKey and Decrypt (Bucket Key on the destination)",
    verdict: { kind: "correct" },
    doc: DOCS.grants,
    program: () => {
      const src = hardenedBucket("source", "corpus-grant-src");
      const dst = new aws.s3.Bucket("destination", { bucket: "corpus-grant-dst" });
      const dstVersioning = versioned("destination-versioning", dst);
      const dstKey = new aws.kms.Key("destination-key", {
        enableKeyRotation: true,
        policy: JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            {
              Sid: "Enable IAM User Permissions",
              Effect: "Allow",
              Principal: { AWS: "arn:aws:iam::111111111111:root" },
              Action: "kms:*",
              Resource: "*",
            },
          ],
        }),
      });
      new aws.s3.BucketServerSideEncryptionConfiguration("destination-sse", {
        bucket: dst.id,
        rules: [
          {
            applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: dstKey.arn },
            bucketKeyEnabled: true,
          },
        ],
      });
      blockPublic("destination-pab", dst);
      tlsOnly("destination-tls", dst);
      const role = new aws.iam.Role("replication", { assumeRolePolicy: s3Trust });
      new aws.kms.Grant("replication", {
        keyId: dstKey.keyId,
        granteePrincipal: role.arn,
        operations: ["Encrypt", "GenerateDataKey", "Decrypt"],
      });
      new aws.iam.RolePolicy("replication", {
        role: role.id,
        policy: pulumi.jsonStringify({
          Version: "2012-10-17",
          Statement: [
            ...(
              docsRolePolicy("arn:aws:s3:::corpus-grant-src", "arn:aws:s3:::corpus-grant-dst") as {
                Statement: object[];
              }
            ).Statement,
            {
              Effect: "Allow",
              Action: ["kms:Encrypt", "kms:GenerateDataKey", "kms:Decrypt"],
              Resource: [dstKey.arn],
              Condition: {
                StringLike: {
                  "kms:ViaService": "s3.us-east-1.amazonaws.com",
                  "kms:EncryptionContext:aws:s3:arn": [
                    "arn:aws:s3:::corpus-grant-dst",
                    "arn:aws:s3:::corpus-grant-dst/*",
                  ],
                },
              },
            },
          ],
        }),
      });
      new aws.s3.BucketReplicationConfig(
        "replication",
        {
          bucket: src.bucket.id,
          role: role.arn,
          rules: [
            {
              ...replicateAll(dst.arn, { encryptionConfiguration: { replicaKmsKeyId: dstKey.arn } }),
              sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: "Enabled" } },
            },
          ],
        },
        { dependsOn: [src.versioning, dstVersioning] },
      );
    },
  },
  {
    name: "two-bucket-policies",
    shape: "two aws.s3.BucketPolicy resources on the destination bucket (a TLS-only policy and a separate one)",
    verdict: { kind: "broken", breaks: [{ policy: "single-configuration", says: "S3R041" }] },
    doc: DOCS.putPolicy,
    program: () => {
      const src = hardenedBucket("source", "corpus-twopol-src");
      const dst = hardenedBucket("destination", "corpus-twopol-dst");
      new aws.s3.BucketPolicy("destination-readers", {
        bucket: dst.bucket.id,
        policy: pulumi.jsonStringify({
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Principal: { AWS: "arn:aws:iam::111111111111:root" },
              Action: "s3:GetObject",
              Resource: pulumi.interpolate`${dst.bucket.arn}/*`,
            },
          ],
        }),
      });
      const role = new aws.iam.Role("replication", {
        assumeRolePolicy: s3Trust,
        inlinePolicies: [
          {
            name: "replication",
            policy: JSON.stringify(docsRolePolicy("arn:aws:s3:::corpus-twopol-src", "arn:aws:s3:::corpus-twopol-dst")),
          },
        ],
      });
      new aws.s3.BucketReplicationConfig(
        "replication",
        { bucket: src.bucket.id, role: role.arn, rules: [replicateAll(dst.bucket.arn)] },
        { dependsOn: [src.versioning, dst.versioning] },
      );
    },
  },
  {
    name: "two-replication-configs",
    shape: "two aws.s3.BucketReplicationConfig resources on one source bucket, one per destination",
    verdict: { kind: "broken", breaks: [{ policy: "single-configuration", says: "S3R041" }] },
    doc: DOCS.putReplication,
    program: () => {
      const src = hardenedBucket("source", "corpus-tworep-src");
      const dst1 = hardenedBucket("destination-1", "corpus-tworep-dst1");
      const dst2 = hardenedBucket("destination-2", "corpus-tworep-dst2");
      const document = docsRolePolicy("arn:aws:s3:::corpus-tworep-src", "arn:aws:s3:::corpus-tworep-dst1") as {
        Statement: Array<{ Resource: unknown }>;
      };
      if (document.Statement[2])
        document.Statement[2].Resource = ["arn:aws:s3:::corpus-tworep-dst1/*", "arn:aws:s3:::corpus-tworep-dst2/*"];
      const role = new aws.iam.Role("replication", {
        assumeRolePolicy: s3Trust,
        inlinePolicies: [{ name: "replication", policy: JSON.stringify(document) }],
      });
      new aws.s3.BucketReplicationConfig(
        "replication-1",
        { bucket: src.bucket.id, role: role.arn, rules: [replicateAll(dst1.bucket.arn)] },
        { dependsOn: [src.versioning, dst1.versioning] },
      );
      new aws.s3.BucketReplicationConfig(
        "replication-2",
        { bucket: src.bucket.id, role: role.arn, rules: [replicateAll(dst2.bucket.arn)] },
        { dependsOn: [src.versioning, dst2.versioning] },
      );
    },
  },
  {
    name: "cross-account-no-bucket-policy",
    shape:
      "destination bucket in another account (provider assumeRoles) with no bucket policy admitting the source's role; the source's default provider does not say its account in preview",
    verdict: {
      kind: "broken",
      breaks: [
        {
          policy: "destination-bucket-policy",
          says: "S3R019",
          inPreview: {
            resource: 's3.BucketReplicationConfig "replication"',
            unknown: "the account of the default aws provider",
          },
        },
      ],
    },
    doc: DOCS.crossAccount,
    program: () => {
      const destination = new aws.Provider("destination", {
        region: "us-east-1",
        assumeRoles: [{ roleArn: "arn:aws:iam::222222222222:role/deployer" }],
      });
      const src = hardenedBucket("source", "corpus-xacct-src");
      const dst = new aws.s3.Bucket("destination", { bucket: "corpus-xacct-dst" }, { provider: destination });
      const dstVersioning = versioned("destination-versioning", dst, { provider: destination });
      sseS3("destination-sse", dst, { provider: destination });
      blockPublic("destination-pab", dst, { provider: destination });
      const role = new aws.iam.Role("replication", {
        assumeRolePolicy: s3Trust,
        inlinePolicies: [
          {
            name: "replication",
            policy: JSON.stringify(docsRolePolicy("arn:aws:s3:::corpus-xacct-src", "arn:aws:s3:::corpus-xacct-dst")),
          },
        ],
      });
      new aws.s3.BucketReplicationConfig(
        "replication",
        { bucket: src.bucket.id, role: role.arn, rules: [replicateAll(dst.arn, { account: "222222222222" })] },
        { dependsOn: [src.versioning, dstVersioning] },
      );
    },
  },
  {
    name: "source-read-with-get",
    shape: "an existing source bucket read with aws.s3.Bucket.get (its settings are AWS's: not judged for hardening)",
    verdict: { kind: "correct" },
    doc: DOCS.requirements,
    program: () => {
      const src = aws.s3.Bucket.get("source", "corpus-read-src");
      const dst = hardenedBucket("destination", "corpus-read-dst");
      const srcVersioning = new aws.s3.BucketVersioning("source-versioning", {
        bucket: src.id,
        versioningConfiguration: { status: "Enabled" },
      });
      const role = new aws.iam.Role("replication", {
        assumeRolePolicy: s3Trust,
        inlinePolicies: [
          {
            name: "replication",
            policy: JSON.stringify(docsRolePolicy("arn:aws:s3:::corpus-read-src", "arn:aws:s3:::corpus-read-dst")),
          },
        ],
      });
      new aws.s3.BucketReplicationConfig(
        "replication",
        { bucket: src.id, role: role.arn, rules: [replicateAll(dst.bucket.arn)] },
        { dependsOn: [srcVersioning, dst.versioning] },
      );
    },
  },
  ...objectKindsCorpus,
  ...keyPolicyWritersCorpus,
  ...harnessCorpus,
];
