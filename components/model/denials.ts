/**
 * Explanations of denied requests: which document, statement and exact missing piece stop a
 * request S3 makes for replication, and the finding that names it.
 */

import { parseArn } from "./arn";
import { Decision, DecisionReason, NamedPolicy, statementMatches, wildcardMatch } from "./evaluate";
import { Finding, FindingClass, FindingCode, Severity, finding } from "./findings";
import { bucketNameOfArn } from "./foundPath";
import { asList } from "./policyDocument";
import { contextDetail, describeContext, failureReasonOf, grantPattern, statementLabel } from "./requestText";
import { ReplicationRequest, ResourcePolicyKind, bucketKeyOn } from "./requests";
import { ReplicationPath, replicatesKmsObjects } from "./topology";

/** The condition keys S3 is not documented to send for replication. */
export const SOURCE_CONDITION_KEYS = ["aws:sourcearn", "aws:sourceaccount"];

/** What every explanation of one denied request shares. */
interface Denial {
  request: ReplicationRequest;
  decision: Decision;
  identity: NamedPolicy[];
  resourcePolicy: NamedPolicy | undefined;
  roleRef: string;
  path: ReplicationPath;
  /** The fields every finding of this denial carries (path label and detail). */
  base: { path: string; detail: Record<string, string> };
  /** `ACTION on RESOURCE (context)`. */
  needs: string;
}

/** Names the document, statement and exact missing piece behind a denied request. */
export function explainDenial(
  request: ReplicationRequest,
  decision: Decision,
  identity: NamedPolicy[],
  resourcePolicy: NamedPolicy | undefined,
  roleRef: string,
  label: string,
  path: ReplicationPath,
): Finding {
  const detail = {
    action: request.action,
    resource: request.resource,
    principal: request.principal,
    ...contextDetail(request),
  };
  const denial: Denial = {
    request,
    decision,
    identity,
    resourcePolicy,
    roleRef,
    path,
    base: { path: label, detail },
    needs: `${request.action} on ${request.resource}${describeContext(request)}`,
  };
  return asIncompleteReplica(request, resourcePolicyDenial(denial));
}

/** The finding for a denial, by where it is denied. */
function resourcePolicyDenial(denial: Denial): Finding {
  const { decision, request } = denial;
  if (decision.reason === DecisionReason.ExplicitDeny) return explicitDenyFinding(denial);
  if (request.resourcePolicy === ResourcePolicyKind.TrustPolicy) return trustDenial(denial);
  if (decision.reason === DecisionReason.NoIdentityAllow) return identityDenial(denial);
  if (request.resourcePolicy === ResourcePolicyKind.KeyPolicy) return keyPolicyDenial(denial);
  const { request: denied, resourcePolicy: policy, path } = denial;
  return finding(FindingCode.DestinationBucketPolicyMissing, {
    ...denial.base,
    subject: policy?.name ?? `bucket ${bucketNameOfArn(denied.resource) ?? denied.resource}`,
    message: `the bucket policy does not let ${denied.principal} ${denial.needs}${otherPrincipals(policy, denied.principal)}; S3 reports ${failureReasonOf(denied, path)}.`,
    fix: `add a bucket policy statement with Principal ${denied.principal} allowing ${denied.action} on ${grantPattern(denied.resource)}`,
  });
}

/**
 * Actions without which the object still replicates, only without part of it: without
 * `s3:GetObjectVersionTagging` the object replicates and its tags do not (SrcGetTaggingNotPermitted,
 * "Amazon S3 replication failure reasons",
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-failure-codes.html; "Setting up
 * permissions for live replication",
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/setting-repl-config-perm-overview.html).
 */
const INCOMPLETE_REPLICA_ACTIONS: ReadonlySet<string> = new Set(["s3:GetObjectVersionTagging"]);

/** A denial of an action the object replicates without is an incomplete replica (high, non-blocking by default), not breakage. */
export function asIncompleteReplica(request: ReplicationRequest, item: Finding): Finding {
  if (!INCOMPLETE_REPLICA_ACTIONS.has(request.action)) return item;
  return { ...item, kind: FindingClass.IncompleteReplica, severity: Severity.High };
}

function explicitDenyFinding({ base, decision, roleRef, needs, request, path }: Denial): Finding {
  return finding(FindingCode.ExplicitDeny, {
    ...base,
    subject: decision.deniedBy?.policy ?? roleRef,
    location: statementLabel(decision) ?? "",
    message: `a Deny statement blocks ${needs}, which replication needs; S3 reports ${failureReasonOf(request, path)}.`,
    fix: "exclude the replication role (aws:PrincipalArn) from the Deny, or narrow it",
  });
}

function trustDenial({ base, resourcePolicy, roleRef, request }: Denial): Finding {
  const conditioned = resourcePolicy?.document.Statement.some(
    (statement) => statement.Effect === "Allow" && hasConditionKey(statement.Condition, SOURCE_CONDITION_KEYS),
  );
  if (conditioned && Object.keys(request.context).length === 0) {
    return finding(FindingCode.TrustUnverifiedCondition, {
      ...base,
      subject: resourcePolicy?.name ?? roleRef,
      message:
        "the trust policy admits s3.amazonaws.com only with aws:SourceAccount/aws:SourceArn, which S3 is not documented to send when it assumes a replication role.",
      fix: "remove the condition from the trust policy (or verify S3 sends it in your account first)",
    });
  }
  return finding(FindingCode.TrustDeniesS3, {
    ...base,
    subject: resourcePolicy?.name ?? roleRef,
    message: "the trust policy does not let s3.amazonaws.com call sts:AssumeRole (AssumeRoleNotPermitted).",
    fix: 'add { Effect: Allow, Principal: { Service: "s3.amazonaws.com" }, Action: "sts:AssumeRole" }',
  });
}

/** The role's own policies do not allow the request. */
function identityDenial(denial: Denial): Finding {
  const { base, identity, roleRef, request, path, needs } = denial;
  const subject = policyToChange(identity, request) ?? roleRef;
  const isKms = request.resourcePolicy === ResourcePolicyKind.KeyPolicy;
  if (
    request.action === "s3:GetObjectVersionForReplication" &&
    identity.some((policy) => anyStatementMatches(policy, { ...request, action: "s3:GetObjectVersion" }))
  ) {
    return getObjectVersionFinding(denial, subject);
  }
  if (isKms && identity.some((policy) => anyStatementMatches(policy, request, [ENCRYPTION_CONTEXT_KEY]))) {
    return finding(FindingCode.KmsContextMismatch, {
      ...base,
      subject,
      message: `the role's ${request.action} statement (S3 reports ${failureReasonOf(request, path)}) does not admit encryption context ${encryptionContext(request)}${bucketKeyContext(request) ? ", the bucket ARN S3 uses when a Bucket Key is on" : ", the object ARN S3 uses without a Bucket Key"}.`,
      fix: contextFix(request),
    });
  }
  if (isBucketKeyDecrypt(denial)) {
    return finding(FindingCode.BucketKeyDecryptMissing, {
      ...base,
      subject,
      message: `${bucketKeyWhy(path)}, so S3 needs kms:Decrypt with the replica key, which the role may not use; every such replica fails with DstPutObjectNotPermitted.`,
      fix: "add kms:Decrypt to the role's replica key statement (with the same S3 conditions)",
    });
  }
  return finding(FindingCode.RoleMissingPermission, {
    ...base,
    subject,
    message: `the replication role may not ${needs}: ${request.purpose}; S3 reports ${failureReasonOf(request, path)}.`,
    fix: `grant ${request.action} on ${grantPattern(request.resource)} in the role's policy`,
  });
}

/**
 * The role policy a missing permission belongs in: the first one with an Allow statement on the
 * request's resource (the statement to extend), else the role's first policy. A role with several
 * policies (one per direction of a two-way setup, one per key) is told to change the right one.
 */
function policyToChange(identity: NamedPolicy[], request: ReplicationRequest): string | undefined {
  const names = identity.find((policy) =>
    policy.document.Statement.some(
      (statement) =>
        statement.Effect === "Allow" &&
        asList(statement.Resource).some((resource) => wildcardMatch(resource, request.resource, false)),
    ),
  );
  return (names ?? identity[0])?.name;
}

/**
 * The role grants `s3:GetObjectVersion` instead of `s3:GetObjectVersionForReplication`. AWS:
 * `s3:GetObjectVersion` replicates unencrypted and SSE-S3 objects, not SSE-KMS/DSSE-KMS ones
 * ("Replicating encrypted objects (SSE-S3, SSE-KMS, DSSE-KMS, SSE-C)",
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-config-for-kms-objects.html):
 * breaking only when the rule selects KMS-encrypted objects, least-privilege advice otherwise.
 */
function getObjectVersionFinding({ base, path }: Denial, subject: string): Finding {
  const fix = "replace s3:GetObjectVersion with s3:GetObjectVersionForReplication on the source objects";
  if (!replicatesKmsObjects(path))
    return finding(FindingCode.GetObjectVersionInsteadOfReplication, {
      ...base,
      subject,
      severity: Severity.Low,
      kind: FindingClass.Advice,
      message:
        "the role grants s3:GetObjectVersion instead of s3:GetObjectVersionForReplication; AWS documents that s3:GetObjectVersion replicates unencrypted and SSE-S3 objects, and no rule of this path selects SSE-KMS/DSSE-KMS objects, so replication works; s3:GetObjectVersionForReplication lets the role read objects only for replication.",
      fix,
    });
  return finding(FindingCode.GetObjectVersionInsteadOfReplication, {
    ...base,
    subject,
    message:
      "the role grants s3:GetObjectVersion but not s3:GetObjectVersionForReplication, which S3 needs to replicate the SSE-KMS/DSSE-KMS objects this rule selects; each fails with SrcGetObjectNotPermitted.",
    fix,
  });
}

/** The key policy does not admit the role. */
function keyPolicyDenial(denial: Denial): Finding {
  const { base, resourcePolicy, request, path, needs } = denial;
  const subject = resourcePolicy?.name ?? request.resource;
  const namesRole =
    resourcePolicy?.document.Statement.filter(
      (statement) => statement.Effect === "Allow" && principalNames(statement, request.principal),
    ) ?? [];
  if (namesRole.some((statement) => hasConditionKey(statement.Condition, SOURCE_CONDITION_KEYS))) {
    return finding(FindingCode.KeyPolicySourceCondition, {
      ...base,
      subject,
      message:
        "the key policy statement for the replication role is conditioned on aws:SourceArn/aws:SourceAccount, which are absent when S3 calls KMS with the role's credentials.",
      fix: "replace those conditions with kms:ViaService and kms:EncryptionContext:aws:s3:arn",
    });
  }
  if (
    namesRole.some((statement) =>
      statementMatches({ ...statement, Condition: stripKeys(statement.Condition, [ENCRYPTION_CONTEXT_KEY]) }, request),
    )
  ) {
    return finding(FindingCode.KmsContextMismatch, {
      ...base,
      subject,
      message: `the key policy statement for the role does not admit encryption context ${encryptionContext(request)}; S3 reports ${failureReasonOf(request, path)}.`,
      fix: contextFix(request),
    });
  }
  if (isBucketKeyDecrypt(denial)) {
    return finding(FindingCode.BucketKeyDecryptMissing, {
      ...base,
      subject,
      message: `${bucketKeyWhy(path)}, so S3 needs kms:Decrypt with the replica key, which its key policy does not let the role use; every such replica fails with DstPutObjectNotPermitted.`,
      fix: "add kms:Decrypt to the key policy statement for the replication role",
    });
  }
  return finding(FindingCode.KeyPolicyMissingRole, {
    ...base,
    subject,
    message: `the key policy does not let ${request.principal} ${needs}${otherPrincipals(resourcePolicy, request.principal)}; S3 reports ${failureReasonOf(request, path)}.`,
    fix: `add a key policy statement with Principal ${request.principal} allowing ${request.action} with the S3 conditions`,
  });
}

const ENCRYPTION_CONTEXT_KEY = "kms:encryptioncontext:aws:s3:arn";

function encryptionContext(request: ReplicationRequest): string {
  return request.context["kms:EncryptionContext:aws:s3:arn"] ?? "";
}

/** Whether the request's encryption context is a bucket ARN (a Bucket Key), not an object ARN. */
function bucketKeyContext(request: ReplicationRequest): boolean {
  const context = request.context["kms:EncryptionContext:aws:s3:arn"];
  return context !== undefined && !context.includes("/", context.indexOf(":::") + 3);
}

function contextFix(request: ReplicationRequest): string {
  return `add ${encryptionContext(request)} to kms:EncryptionContext:aws:s3:arn (${bucketKeyContext(request) ? "the bucket ARN, for objects written with a Bucket Key" : "BUCKET/*, for objects written without a Bucket Key"})`;
}

/** A kms:Decrypt with the replica key: S3 needs it when replicas are written with a Bucket Key. */
function isBucketKeyDecrypt({ request, path }: Denial): boolean {
  return (
    request.resourcePolicy === ResourcePolicyKind.KeyPolicy &&
    request.action === "kms:Decrypt" &&
    request.resource === path.destination.keyArn
  );
}

function bucketKeyWhy(path: ReplicationPath): string {
  return bucketKeyOn(path.source) && replicatesKmsObjects(path)
    ? `the source writes objects with a Bucket Key and their replicas keep it${bucketKeyOn(path.destination) ? " (the destination uses one too)" : ", even though the destination's default has Bucket Keys off"}`
    : "the destination writes replicas with a Bucket Key";
}

/** Whether an Allow statement of the policy matches the request, ignoring the given condition keys. */
export function anyStatementMatches(
  policy: NamedPolicy,
  request: ReplicationRequest,
  ignoreKeys: string[] = [],
): boolean {
  return policy.document.Statement.some(
    (statement) =>
      statement.Effect === "Allow" &&
      statementMatches(
        { ...statement, ...(statement.Condition ? { Condition: stripKeys(statement.Condition, ignoreKeys) } : {}) },
        request,
      ),
  );
}

function stripKeys(
  condition: Record<string, Record<string, unknown>> | undefined,
  keys: string[],
): Record<string, Record<string, string | string[] | boolean>> {
  const result: Record<string, Record<string, string | string[] | boolean>> = {};
  for (const [operator, block] of Object.entries(condition ?? {})) {
    const kept = Object.entries(block ?? {}).filter(([key]) => !keys.includes(key.toLowerCase()));
    if (kept.length > 0) result[operator] = Object.fromEntries(kept) as Record<string, string | string[] | boolean>;
  }
  return result;
}

function hasConditionKey(condition: Record<string, Record<string, unknown>> | undefined, keys: string[]): boolean {
  return Object.values(condition ?? {}).some((block) =>
    Object.keys(block ?? {}).some((key) => keys.includes(key.toLowerCase())),
  );
}

function principalNames(statement: { Principal?: unknown }, principal: string): boolean {
  const value = statement.Principal;
  if (value === "*") return true;
  if (typeof value !== "object" || value === null) return false;
  const parsed = parseArn(principal);
  const account = parsed?.account;
  return asList((value as { AWS?: string | string[] }).AWS).some(
    (entry) =>
      entry === principal ||
      entry === "*" ||
      (account !== undefined &&
        (entry === account || entry === `arn:${parsed?.partition ?? "aws"}:iam::${account}:root`)),
  );
}

function otherPrincipals(policy: NamedPolicy | undefined, principal: string): string {
  const named = new Set<string>();
  for (const statement of policy?.document.Statement ?? []) {
    if (statement.Effect !== "Allow" || statement.Principal === undefined || statement.Principal === "*") continue;
    for (const entry of asList(statement.Principal.AWS)) if (entry !== principal) named.add(entry);
  }
  return named.size > 0 ? ` (it names only ${[...named].join(", ")})` : " (no statement names it)";
}
