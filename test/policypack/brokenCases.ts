// The broken variants of the happy program: one change each, the policy that reports it and the message.
import { PolicyDocument, PolicyStatement } from "s3-replication/components/model";
import { DST_ACCOUNT, ROLE_ARN, SRC_ACCOUNT, Tweaks } from "./program";

const mapStatements = (
  doc: PolicyDocument,
  change: (s: PolicyStatement) => PolicyStatement | undefined,
): PolicyDocument => ({
  ...doc,
  Statement: doc.Statement.map(change).filter((s): s is PolicyStatement => s !== undefined),
});
const replaceAction =
  (from: string, to: string | undefined) =>
  (doc: PolicyDocument): PolicyDocument =>
    mapStatements(doc, (s) => {
      const actions = (Array.isArray(s.Action) ? s.Action : s.Action === undefined ? [] : [s.Action]).flatMap((a) =>
        a === from ? (to === undefined ? [] : [to]) : [a],
      );
      if (s.Action !== undefined && actions.length === 0) return undefined;
      return s.Action === undefined ? s : { ...s, Action: actions };
    });

/** One broken variant. */
export interface Case {
  title: string;
  tweaks: Tweaks;
  policy: string;
  message: RegExp;
  /** Also expected in preview (joins through propertyDependencies). */
  preview?: boolean;
  config?: Record<string, unknown>;
}

const removeAction =
  (action: string) =>
  (doc: PolicyDocument): PolicyDocument =>
    mapStatements(doc, (s) => {
      if (s.Action === undefined) return s;
      const actions = (Array.isArray(s.Action) ? s.Action : [s.Action]).filter((a) => a !== action);
      return actions.length === 0 ? undefined : { ...s, Action: actions };
    });
const addStatement =
  (statement: PolicyStatement) =>
  (doc: PolicyDocument): PolicyDocument => ({ ...doc, Statement: [...doc.Statement, statement] });
const OVERRIDE = "s3:ObjectOwnerOverrideToBucketOwner";

/** Every broken variant, one change each. */
export const cases: Case[] = [
  {
    title: "destination versioning Suspended",
    tweaks: { dstVersioning: "Suspended" },
    policy: "replication-versioning",
    message: /s3\.Bucket "dst-bucket".*versioning is Suspended; replication requires Enabled/,
    preview: true,
  },
  {
    title: "source versioning Suspended",
    tweaks: { srcVersioning: "Suspended" },
    policy: "replication-versioning",
    message: /s3\.Bucket "src-bucket".*source bucket's versioning is Suspended/,
    preview: true,
  },
  {
    title: "replication not ordered after versioning",
    tweaks: { noDependsOn: true },
    policy: "replication-ordering",
    message:
      /s3\.BucketReplicationConfig "replication".*not ordered after s3\.BucketVersioning "src-versioning", s3\.BucketVersioning "dst-versioning"/,
    preview: true,
  },
  {
    title: "event threshold without RTC",
    tweaks: {
      rules: (rules) =>
        rules.map(({ destination: { replicationTime: _r, ...d }, ...rule }) => ({ ...rule, destination: d })),
    },
    policy: "replication-rule-shape",
    message: /event threshold when ReplicationTime is not Enabled/,
    preview: true,
  },
  {
    title: "SSE-KMS opt-in without replica key",
    tweaks: {
      rules: (rules) =>
        rules.map(({ destination: { encryptionConfiguration: _e, ...d }, ...rule }) => ({ ...rule, destination: d })),
    },
    policy: "replication-kms-pairing",
    message: /S3R003.*opts in to SSE-KMS objects but names no replica key/,
  },
  {
    title: "replica key without opt-in",
    tweaks: { rules: (rules) => rules.map(({ sourceSelectionCriteria: _s, ...rule }) => rule) },
    policy: "replication-kms-pairing",
    message: /S3R004.*does not opt in to SSE-KMS/,
  },
  {
    title: "replica key in the source region",
    tweaks: {
      rules: (rules) =>
        rules.map((rule) => ({
          ...rule,
          destination: {
            ...rule.destination,
            encryptionConfiguration: {
              replicaKmsKeyId: rule.destination.encryptionConfiguration!.replicaKmsKeyId.replace(
                "eu-west-1",
                "us-east-1",
              ),
            },
          },
        })),
    },
    policy: "replica-key",
    message: /S3R007.*replica key is in us-east-1 but the destination bucket is in eu-west-1/,
  },
  {
    title: "replica key given as alias",
    tweaks: {
      rules: (rules) =>
        rules.map((rule) => ({
          ...rule,
          destination: { ...rule.destination, encryptionConfiguration: { replicaKmsKeyId: "alias/orders" } },
        })),
    },
    policy: "replica-key",
    message: /S3R006.*alias\/orders/,
  },
  {
    title: "AWS managed key across accounts",
    tweaks: {
      rules: (rules) =>
        rules.map((rule) => ({
          ...rule,
          destination: { ...rule.destination, encryptionConfiguration: { replicaKmsKeyId: "alias/aws/s3" } },
        })),
    },
    policy: "replica-key",
    message: /S3R008.*AWS managed key/,
  },
  {
    title: "trust admits another service",
    tweaks: {
      trustPolicy: (doc) => mapStatements(doc, (s) => ({ ...s, Principal: { Service: "ec2.amazonaws.com" } })),
    },
    policy: "replication-trust",
    message: /S3R010.*s3\.amazonaws\.com/,
    preview: true,
  },
  {
    title: "trust conditioned on aws:SourceAccount",
    tweaks: {
      trustPolicy: (doc) =>
        mapStatements(doc, (s) => ({ ...s, Condition: { StringEquals: { "aws:SourceAccount": SRC_ACCOUNT } } })),
    },
    policy: "replication-advice",
    message: /S3R011.*aws:SourceAccount/,
    preview: true,
  },
  {
    title: "s3:GetObjectVersion instead of ForReplication",
    tweaks: { rolePolicy: replaceAction("s3:GetObjectVersionForReplication", "s3:GetObjectVersion") },
    policy: "replication-role-permissions",
    message: /S3R014.*s3:GetObjectVersionForReplication/,
  },
  {
    title: "role lacks s3:ReplicateObject",
    tweaks: { rolePolicy: replaceAction("s3:ReplicateObject", undefined) },
    policy: "replication-role-permissions",
    message: /S3R013.*s3:ReplicateObject/,
  },
  {
    title: "role holds s3:*",
    tweaks: {
      rolePolicy: (doc) => ({
        ...doc,
        Statement: [...doc.Statement, { Effect: "Allow", Action: "s3:*", Resource: "*" }],
      }),
    },
    policy: "replication-role-permissions",
    message: /S3R016/,
  },
  {
    title: "role lacks kms:Decrypt on the Bucket-Key replica key",
    tweaks: {
      rolePolicy: (doc) =>
        mapStatements(doc, (s) =>
          JSON.stringify(s.Resource ?? "").includes("eu-west-1")
            ? {
                ...s,
                Action: (Array.isArray(s.Action) ? s.Action : [s.Action ?? ""]).filter((a) => a !== "kms:Decrypt"),
              }
            : s,
        ),
    },
    policy: "replication-kms-conditions",
    message: /S3R022.*kms:Decrypt/,
  },
  {
    title: "encryption context only object ARNs",
    tweaks: {
      rolePolicy: (doc) =>
        mapStatements(doc, (s) =>
          s.Condition
            ? {
                ...s,
                Condition: JSON.parse(
                  JSON.stringify(s.Condition).replace(/"arn:aws:s3:::(orders-(src|dst))"/g, '"arn:aws:s3:::$1/*"'),
                ),
              }
            : s,
        ),
    },
    policy: "replication-kms-conditions",
    message: /S3R015/,
  },
  {
    title: "invalid action name",
    tweaks: {
      rolePolicy: (doc) => ({
        ...doc,
        Statement: [
          ...doc.Statement,
          { Effect: "Allow", Action: "s3:ReplicateObjects", Resource: "arn:aws:s3:::orders-dst/*" },
        ],
      }),
    },
    policy: "replication-advice",
    message: /S3R017.*s3:ReplicateObjects/,
  },
  {
    title: "malformed ARN",
    tweaks: {
      rolePolicy: (doc) => ({
        ...doc,
        Statement: [
          ...doc.Statement,
          { Effect: "Allow", Action: "s3:ListBucket", Resource: "arn:aws:s3:us-east-1::orders-src" },
        ],
      }),
    },
    policy: "replication-policy-syntax",
    message: /S3R018/,
  },
  {
    title: "destination bucket policy without the role",
    tweaks: { dstBucketPolicy: (doc) => mapStatements(doc, (s) => (s.Effect === "Allow" ? undefined : s)) },
    policy: "destination-bucket-policy",
    message: /S3R019.*s3:Replicate/,
    preview: true,
  },
  {
    title: "replica key policy without the role",
    tweaks: {
      dstKeyPolicy: (doc) =>
        mapStatements(doc, (s) => (JSON.stringify(s.Principal ?? "").includes("role/") ? undefined : s)),
    },
    policy: "replica-key-policy",
    message: /S3R020.*kms:/,
    preview: true,
  },
  {
    title: "replica key policy conditioned on aws:SourceArn",
    tweaks: {
      dstKeyPolicy: (doc) =>
        mapStatements(doc, (s) =>
          JSON.stringify(s.Principal ?? "").includes("role/")
            ? { ...s, Condition: { ArnEquals: { "aws:SourceArn": "arn:aws:s3:::orders-src" } } }
            : s,
        ),
    },
    policy: "replica-key-policy",
    message: /S3R021.*aws:SourceArn/,
    preview: true,
  },
  {
    title: "ownership override in one account",
    tweaks: {
      dstAccount: SRC_ACCOUNT,
      rules: (rules) =>
        rules.map((rule) => ({
          ...rule,
          destination: {
            ...rule.destination,
            account: SRC_ACCOUNT,
            accessControlTranslation: { owner: "Destination" },
          },
        })),
    },
    policy: "replication-advice",
    message: /S3R023/,
    preview: true,
  },
  {
    title: "source ownership not enforced",
    tweaks: { srcOwnership: "ObjectWriter" },
    policy: "replication-advice",
    message: /S3R027.*ObjectWriter/,
    preview: true,
  },
  {
    title: "Object Lock source, destination without",
    tweaks: { srcObjectLock: true, dstObjectLock: false },
    policy: "replication-object-lock",
    message: /S3R025.*Object Lock/,
    preview: true,
  },
  {
    title: "destination account not allowed",
    tweaks: {},
    config: { "s3-replication-checks": { allowedDestinationAccounts: ["333333333333"] } },
    policy: "replication-destination-allowed",
    message: /S3R036.*222222222222/,
  },
  {
    title: "RTC required",
    tweaks: { replicationTime: false },
    config: { "s3-replication-checks": { requireReplicationTime: true } },
    policy: "replication-time-control",
    message: /S3R037/,
    preview: true,
  },
  {
    // S3 encrypts every bucket with SSE-S3 at least (there is no unencrypted bucket): a destination
    // left to that default breaks the invariant only where SSE-S3 is not an allowed type.
    title: "destination left to S3's SSE-S3 default, only SSE-KMS allowed",
    tweaks: { noDstSse: true },
    config: { "s3-replication-checks": { allowedEncryptionTypes: ["aws:kms"] } },
    policy: "bucket-encryption",
    message: /S3R029.*s3\.Bucket "dst-bucket".*AES256/,
    preview: true,
  },
  {
    title: "DSSE with Bucket Key",
    tweaks: {
      dstSse: (rule) => ({
        ...rule,
        applyServerSideEncryptionByDefault: {
          ...(rule["applyServerSideEncryptionByDefault"] as object),
          sseAlgorithm: "aws:kms:dsse",
        },
      }),
    },
    policy: "replication-advice",
    message: /S3R030/,
    preview: true,
  },
  {
    title: "SSE-S3 not allowed",
    tweaks: { dstSse: () => ({ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }) },
    config: { "s3-replication-checks": { allowedEncryptionTypes: ["aws:kms"] } },
    policy: "bucket-encryption",
    message: /S3R029.*AES256/,
    preview: true,
  },
  {
    title: "public access not blocked",
    tweaks: { dstPublicAccess: { restrictPublicBuckets: false } },
    policy: "bucket-public-access",
    message: /S3R032.*restrictPublicBuckets/,
    preview: true,
  },
  {
    title: "no TLS-only statement",
    tweaks: { srcBucketPolicy: (doc) => mapStatements(doc, (s) => (s.Effect === "Deny" ? undefined : s)) },
    policy: "bucket-tls-only",
    message: /S3R033.*s3\.Bucket "src-bucket"/,
    preview: true,
  },
  {
    title: "key rotation off",
    tweaks: { srcKeyRotation: false },
    policy: "kms-key-rotation",
    message: /S3R034.*kms\.Key "src-key"/,
    preview: true,
  },
  {
    title: "replica key disabled",
    tweaks: { dstKeyEnabled: false },
    policy: "kms-key-enabled",
    message: /S3R040.*kms\.Key "dst-key"/,
    preview: true,
  },
  // S3R024: an ownership override S3 rejects or cannot perform.
  {
    title: "ownership override without destination.account",
    tweaks: {
      rules: (rules) => rules.map(({ destination: { account: _a, ...d }, ...rule }) => ({ ...rule, destination: d })),
    },
    policy: "replication-ownership",
    message: /S3R024.*s3\.BucketReplicationConfig "replication" \(rule dr\).*requires destination\.account/,
    preview: true,
  },
  {
    title: "ownership override without s3:ObjectOwnerOverrideToBucketOwner in the destination bucket policy",
    tweaks: { dstBucketPolicy: removeAction(OVERRIDE) },
    policy: "replication-ownership",
    message: /S3R024.*s3\.BucketPolicy "dst-policy".*overrides replica ownership.*s3:ObjectOwnerOverrideToBucketOwner/,
    preview: true,
  },
  {
    title:
      "ownership override without s3:ObjectOwnerOverrideToBucketOwner in the destination bucket policy (as a bucket-policy gap)",
    tweaks: { dstBucketPolicy: removeAction(OVERRIDE) },
    policy: "destination-bucket-policy",
    message: /S3R019.*s3\.BucketPolicy "dst-policy".*s3:ObjectOwnerOverrideToBucketOwner/,
    preview: true,
  },
  {
    title: "ownership override without s3:ObjectOwnerOverrideToBucketOwner in the role policy",
    tweaks: { rolePolicy: removeAction(OVERRIDE) },
    policy: "replication-ownership",
    message:
      /S3R024.*iam\.RolePolicy "replication-role-policy".*overrides replica ownership.*may not s3:ObjectOwnerOverrideToBucketOwner/,
  },
  {
    title: "ownership override without s3:ObjectOwnerOverrideToBucketOwner in the role policy, keys outside the stack",
    tweaks: { externalKeys: true, rolePolicy: removeAction(OVERRIDE) },
    policy: "replication-ownership",
    message: /S3R024.*iam\.RolePolicy "replication-role-policy".*may not s3:ObjectOwnerOverrideToBucketOwner/,
    preview: true,
  },
  // S3R026: a Deny that blocks the role, wherever it is.
  {
    title: "Deny in the destination bucket policy blocks the role",
    tweaks: {
      dstBucketPolicy: addStatement({
        Sid: "DenyWritesFromOtherAccounts",
        Effect: "Deny",
        Principal: "*",
        Action: ["s3:PutObject", "s3:Replicate*"],
        Resource: "arn:aws:s3:::orders-dst/*",
        Condition: { StringNotEquals: { "aws:PrincipalAccount": DST_ACCOUNT } },
      }),
    },
    policy: "replication-role-permissions",
    message:
      /S3R026.*s3\.BucketPolicy "dst-policy" \(statement "DenyWritesFromOtherAccounts"\).*blocks s3:ReplicateObject on arn:aws:s3:::orders-dst\/.*aws:PrincipalArn/,
    preview: true,
  },
  {
    title: "Deny naming the role in the destination bucket policy",
    tweaks: {
      dstBucketPolicy: addStatement({
        Sid: "DenyRole",
        Effect: "Deny",
        Principal: { AWS: ROLE_ARN },
        Action: "s3:ReplicateDelete",
        Resource: "arn:aws:s3:::orders-dst/*",
      }),
    },
    policy: "replication-role-permissions",
    message: /S3R026.*s3\.BucketPolicy "dst-policy" \(statement "DenyRole"\).*blocks s3:ReplicateDelete/,
    preview: true,
  },
  {
    title: "Deny in the replica key policy blocks the role",
    tweaks: {
      dstKeyPolicy: addStatement({
        Sid: "DenyOtherAccounts",
        Effect: "Deny",
        Principal: "*",
        Action: "kms:*",
        Resource: "*",
        Condition: { StringNotEquals: { "kms:CallerAccount": DST_ACCOUNT } },
      }),
    },
    policy: "replication-role-permissions",
    message:
      /S3R026.*kms\.KeyPolicy "dst-key-policy" \(statement "DenyOtherAccounts"\).*blocks kms:Encrypt on arn:aws:kms:eu-west-1:222222222222:key\//,
    preview: true,
  },
  {
    title: "Deny in the source key policy blocks the role",
    tweaks: {
      srcKeyPolicy: addStatement({
        Sid: "DenyDecryptToRole",
        Effect: "Deny",
        Principal: { AWS: ROLE_ARN },
        Action: "kms:Decrypt",
        Resource: "*",
      }),
    },
    policy: "replication-role-permissions",
    message:
      /S3R026.*kms\.KeyPolicy "src-key-policy" \(statement "DenyDecryptToRole"\).*blocks kms:Decrypt on arn:aws:kms:us-east-1:111111111111:key\//,
    preview: true,
  },
  {
    title: "Deny in the role's own policy",
    tweaks: {
      rolePolicy: addStatement({
        Sid: "NoReplicateDelete",
        Effect: "Deny",
        Action: "s3:ReplicateDelete",
        Resource: "*",
      }),
    },
    policy: "replication-role-permissions",
    message:
      /S3R026.*iam\.RolePolicy "replication-role-policy" \(statement "NoReplicateDelete"\).*blocks s3:ReplicateDelete/,
  },
  // Preview: cross-resource joins through propertyDependencies (ARNs, key ids and the rule's replica key unknown).
  {
    title: "replica key is the source key (output)",
    tweaks: { replicaKeyRef: "source-key" },
    policy: "replica-key",
    message:
      /S3R007.*s3\.BucketReplicationConfig "replication" \(rule dr\).*replica key is in us-east-1 but the destination bucket is in eu-west-1/,
    preview: true,
  },
  {
    title: "role policy (iam.Policy via managedPolicyArns) lacks s3:ReplicateObject, keys outside the stack",
    tweaks: { externalKeys: true, roleStyle: "managedPolicyArns", rolePolicy: removeAction("s3:ReplicateObject") },
    policy: "replication-role-permissions",
    message: /S3R013.*iam\.Policy "replication-policy".*may not s3:ReplicateObject/,
    preview: true,
  },
  {
    title: "role policy (iam.Policy + RolePolicyAttachment) lacks s3:ReplicateObject, keys outside the stack",
    tweaks: { externalKeys: true, roleStyle: "attachment", rolePolicy: removeAction("s3:ReplicateObject") },
    policy: "replication-role-permissions",
    message: /S3R013.*iam\.Policy "replication-policy".*may not s3:ReplicateObject/,
    preview: true,
  },
  {
    title: "trust policy without s3.amazonaws.com",
    tweaks: {
      trustPolicy: (doc) => mapStatements(doc, (s) => ({ ...s, Principal: { Service: "ec2.amazonaws.com" } })),
    },
    policy: "replication-trust",
    message:
      /S3R010.*iam\.Role "replication-role" assumeRolePolicy.*does not let s3\.amazonaws\.com call sts:AssumeRole/,
    preview: true,
  },
  {
    title: "malformed JSON bucket policy",
    tweaks: { dstBucketPolicy: () => "{not json" },
    policy: "replication-unjudged",
    message: /s3\.BucketPolicy "dst-policy".*malformed JSON/,
    preview: true,
  },
];
