/** Single-resource invariants: bucket encryption, public access, TLS, versioning; key rotation. */

import { NamedPolicy, PolicyEvaluator } from "./evaluate";
import { Finding, FindingClass, FindingCode, finding } from "./findings";
import { FoundBucket, FoundKey } from "./found";
import { PolicyDocument, asList } from "./policyDocument";
import { ResourcePolicyKind } from "./requests";
import { publicAccessBlockedBy } from "./security";
import { Encryption } from "./topology";

/** Choices the bucket checks take (the policy pack's configuration). */
export interface BucketCheckOptions {
  /** Allowed default encryption types. @default every type */
  allowedEncryption?: Encryption[];
  /** Require SSE-KMS/DSSE-KMS with a customer managed key. @default false */
  requireCustomerManagedKey?: boolean;
  /** Require Bucket Keys on SSE-KMS buckets. @default false */
  requireBucketKey?: boolean;
}

/** Findings on a bucket's default encryption. */
export function bucketEncryptionFindings(bucket: FoundBucket, options: BucketCheckOptions = {}): Finding[] {
  if (bucket.encryptionUnknown) return [];
  // A bucket without a configuration of its own has AWS's: "Amazon S3 now applies server-side
  // encryption with Amazon S3 managed keys (SSE-S3) as the base level of encryption for every bucket
  // in Amazon S3" (Using server-side encryption with Amazon S3 managed keys (SSE-S3),
  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingServerSideEncryption.html). There is
  // no unencrypted bucket to report: it is judged as SSE-S3.
  const encryption = { ...bucket.encryption, algorithm: bucket.encryption?.algorithm ?? Encryption.SseS3 };
  const findings: Finding[] = [];
  const algorithm = encryption.algorithm;
  const allowed = options.allowedEncryption;
  if (allowed !== undefined && !allowed.some((type) => type === algorithm)) {
    findings.push(
      finding(FindingCode.EncryptionNotAllowed, {
        subject: bucket.ref,
        detail: { setting: "sseAlgorithm", value: algorithm },
        message: `the bucket's default encryption is ${algorithm}${bucket.encryption?.algorithm === undefined ? " (S3's base level for a bucket without a configuration of its own)" : ""}, which is not among the allowed types (${allowed.join(", ")}).`,
        fix: `set sseAlgorithm to one of ${allowed.join(", ")}`,
      }),
    );
  }
  if (algorithm === Encryption.DsseKms && encryption.bucketKeyEnabled === true) {
    findings.push(
      finding(FindingCode.DsseWithBucketKey, {
        subject: bucket.ref,
        detail: { setting: "bucketKeyEnabled", value: "true" },
        message: "DSSE-KMS does not support S3 Bucket Keys.",
        fix: "set bucketKeyEnabled to false",
      }),
    );
  }
  if (
    options.requireCustomerManagedKey === true &&
    (algorithm === Encryption.SseS3 || encryption.keyId === undefined || encryption.keyId.endsWith("alias/aws/s3"))
  ) {
    findings.push(
      finding(FindingCode.CustomerManagedKeyRequired, {
        subject: bucket.ref,
        detail: { setting: "kmsMasterKeyId", value: encryption.keyId ?? "(none)" },
        message: `the bucket encrypts with ${encryption.keyId === undefined ? algorithm : "the AWS managed key"} instead of a customer managed KMS key.`,
        fix: "use sseAlgorithm aws:kms with kmsMasterKeyId set to a customer managed key ARN",
      }),
    );
  }
  if (options.requireBucketKey === true && algorithm === Encryption.SseKms && encryption.bucketKeyEnabled !== true) {
    findings.push(
      finding(FindingCode.BucketKeyDisabled, {
        kind: FindingClass.Security,
        subject: bucket.ref,
        detail: { setting: "bucketKeyEnabled", value: String(encryption.bucketKeyEnabled ?? false) },
        message: "the SSE-KMS bucket does not use an S3 Bucket Key, so every object costs KMS requests.",
        fix: "set bucketKeyEnabled to true",
      }),
    );
  }
  return findings;
}

/**
 * Findings when the bucket does not block all public access: a setting counts as on when the
 * bucket's block or its account's sets it (S3 applies the most restrictive combination,
 * `publicAccessBlockedBy`).
 */
export function publicAccessFindings(bucket: FoundBucket): Finding[] {
  const settings = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"] as const;
  const off = settings.filter((setting) => publicAccessBlockedBy(bucket, setting) === undefined);
  if (off.length === 0 || bucket.publicAccessBlockUnknown) return [];
  const block = bucket.publicAccessBlock;
  const account = bucket.accountPublicAccessBlock;
  return [
    finding(FindingCode.PublicAccessNotBlocked, {
      subject: bucket.ref,
      detail: { setting: off.join(",") },
      message:
        block === undefined && account === undefined
          ? "the bucket has no public access block."
          : `public access block settings not true${account ? ` in the bucket's block nor in the account's (${account.ref})` : ""}: ${off.join(", ")}.`,
      fix: "add an aws.s3.BucketPublicAccessBlock with all four settings true",
    }),
  ];
}

/** The caller of the TLS probes: a principal of the bucket's account whose own policy allows all of S3. */
const TLS_PROBE_IDENTITY: NamedPolicy[] = [
  {
    name: "probe",
    document: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "*" }] },
  },
];

/**
 * Findings when the bucket policy does not deny requests without TLS. `evaluator`: the evaluator of
 * the caller's analysis, to read the probe's identity policy once for every bucket it judges.
 */
export function tlsFindings(bucket: FoundBucket, evaluator: PolicyEvaluator = new PolicyEvaluator()): Finding[] {
  if (
    bucket.policy?.unreadable !== undefined ||
    bucket.name === undefined ||
    (bucket.policy === undefined && bucket.policyUnknown)
  )
    return [];
  const partition = bucket.partition ?? "aws";
  const document = bucket.policy?.document;
  if (document !== undefined && deniesWithoutTlsAsDocumented(document, `arn:${partition}:s3:::${bucket.name}`))
    return [];
  const probes = [`arn:${partition}:s3:::${bucket.name}`, `arn:${partition}:s3:::${bucket.name}/any-object`].map(
    (resource) =>
      document === undefined
        ? false
        : !evaluator.evaluate(
            {
              id: "tls-probe",
              purpose: "a request without TLS",
              principal: `arn:${partition}:iam::${bucket.account ?? "000000000000"}:user/probe`,
              principalIsService: false,
              principalAccount: bucket.account ?? "000000000000",
              action: resource.includes("/") ? "s3:GetObject" : "s3:ListBucket",
              resource,
              resourceAccount: bucket.account ?? "000000000000",
              resourcePolicy: ResourcePolicyKind.BucketPolicy,
              context: { "aws:SecureTransport": "false" },
            },
            { identityPolicies: TLS_PROBE_IDENTITY, resourcePolicy: { name: bucket.policy?.ref ?? "", document } },
          ).allowed,
  );
  if (probes.every((denied) => denied)) return [];
  return [
    finding(FindingCode.TlsNotEnforced, {
      subject: bucket.ref,
      detail: { setting: "bucketPolicy", condition: "aws:SecureTransport=false" },
      message:
        document === undefined
          ? "the bucket has no bucket policy, so requests without TLS are not denied."
          : "the bucket policy does not deny requests without TLS to the bucket and its objects.",
      fix: 'add a Deny statement on "s3:*" for the bucket ARN and BUCKET/* with Condition Bool aws:SecureTransport = "false"',
    }),
  ];
}

/** The only members AWS's TLS-only statement has. */
const TLS_STATEMENT_MEMBERS = new Set(["Sid", "Effect", "Principal", "Action", "Resource", "Condition"]);

/**
 * True when the document holds AWS's TLS-only statement for the bucket exactly as AWS documents it
 * (and the components write it): Deny, Principal "*", Action s3:*, Resource the bucket ARN and
 * BUCKET/*, Condition { Bool: { "aws:SecureTransport": "false" } } and nothing else ("How can I
 * make my bucket policies comply with the AWS Config rule s3-bucket-ssl-requests-only?",
 * https://repost.aws/knowledge-center/s3-bucket-policy-for-config-rule). That explicit Deny
 * matches every caller, both probes' resources and their context, and an explicit deny overrides
 * any allow ("Policy evaluation logic",
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html), so
 * the evaluator denies both probes whatever else the document says: they are not run. Any other
 * form is judged by the evaluator.
 */
function deniesWithoutTlsAsDocumented(document: PolicyDocument, bucketArn: string): boolean {
  const statements = Array.isArray(document.Statement) ? document.Statement : [];
  for (let index = 0; index < statements.length; index++) {
    const statement = statements[index];
    if (typeof statement !== "object" || statement === null || statement.Effect !== "Deny") continue;
    if (Object.keys(statement).some((member) => !TLS_STATEMENT_MEMBERS.has(member))) continue;
    const resources = asList<unknown>(statement.Resource);
    if (
      statement.Principal === "*" &&
      asList<unknown>(statement.Action).includes("s3:*") &&
      resources.includes(bucketArn) &&
      resources.includes(`${bucketArn}/*`) &&
      onlyTlsCondition(statement.Condition)
    )
      return true;
  }
  return false;
}

/** True for exactly `{ Bool: { "aws:SecureTransport": "false" } }`. */
function onlyTlsCondition(condition: unknown): boolean {
  if (typeof condition !== "object" || condition === null) return false;
  const operators = Object.keys(condition);
  if (operators.length !== 1 || operators[0] !== "Bool") return false;
  const block = (condition as Record<string, unknown>)["Bool"];
  if (typeof block !== "object" || block === null) return false;
  const keys = Object.keys(block);
  return (
    keys.length === 1 && keys[0] === "aws:SecureTransport" && (block as Record<string, unknown>)[keys[0]] === "false"
  );
}

/** Findings when versioning is not Enabled (replication buckets only). */
export function versioningFindings(bucket: FoundBucket, role: string): Finding[] {
  if (bucket.versioningUnknown || bucket.versioning === "Enabled") return [];
  return [
    finding(FindingCode.VersioningNotEnabled, {
      subject: bucket.ref,
      detail: { setting: "versioningConfiguration.status", value: bucket.versioning ?? "(none)" },
      message: `the ${role} bucket's versioning is ${bucket.versioning ?? "not configured"}; replication requires Enabled.`,
      fix: "add an aws.s3.BucketVersioning with status Enabled and make the replication configuration depend on it",
    }),
  ];
}

/** Findings on a KMS key: rotation off, disabled. */
export function keyFindings(key: FoundKey): Finding[] {
  const findings: Finding[] = [];
  const symmetric = key.keySpec === undefined || key.keySpec === "SYMMETRIC_DEFAULT";
  if (!key.awsManaged && symmetric && key.rotationEnabled === false) {
    findings.push(
      finding(FindingCode.KeyRotationDisabled, {
        subject: key.ref,
        detail: { setting: "enableKeyRotation", value: "false" },
        message: "automatic rotation is off for this customer managed key.",
        fix: "set enableKeyRotation to true",
      }),
    );
  }
  if (key.enabled === false) {
    findings.push(
      finding(FindingCode.KeyStateInvalid, {
        subject: key.ref,
        detail: { setting: "isEnabled", value: "false" },
        message: "the key is disabled, so every object it protects fails to replicate.",
        fix: "set isEnabled to true",
      }),
    );
  }
  return findings;
}
