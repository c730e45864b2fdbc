/**
 * Permission findings of one path: every request S3 makes judged on the found role policies,
 * trust policy, key policies, bucket policies and KMS grants, and every forbidden request the
 * role is allowed anyway. With the role outside the stack (named by ARN only), the stack's bucket
 * and key policies are judged against that ARN, the role assumed to hold its contract.
 */

import { Decision, DecisionReason, NamedPolicy, PolicyEvaluator } from "./evaluate";
import { Finding, FindingClass, FindingCode, Severity, finding } from "./findings";
import { FoundBucket, FoundGrant, FoundPolicy, FoundReplication, FoundRole } from "./found";
import { bucketOfArn, readable, resolveKey } from "./foundPath";
import { asIncompleteReplica, explainDenial } from "./denials";
import { contextDetail, describeContext, failureReasonOf, grantPattern, statementLabel } from "./requestText";
import {
  ReplicationRequest,
  RequestFilter,
  ResourcePolicyKind,
  forbiddenRequests,
  replicationRequests,
} from "./requests";
import { Encryption, ReplicationPath, replicatesKmsObjects } from "./topology";
import { parseArn } from "./arn";
import type { PolicyDocument } from "./policyDocument";

/** Evaluates the requests and the forbidden requests of a path against the found documents. */
export function permissionFindings(
  found: FoundReplication,
  path: ReplicationPath,
  label: string,
  destination: FoundBucket,
  undecided: boolean,
  rolePolicy?: (path: ReplicationPath) => PolicyDocument,
): Finding[] {
  const role = found.role ?? outsideRole(found, path, rolePolicy);
  if (role === undefined) return [];
  const judge: PathJudge = {
    found,
    path,
    label,
    undecided,
    role,
    identity: readable(role.policies),
    // One evaluator for the path: it reads each document once for the sixty-odd requests.
    evaluator: new PolicyEvaluator(),
    resourcePolicies: new Map(),
  };
  // A forbidden request draws a finding only when the role's policies allow it and it is not harmless
  // (`forbiddenRequestFinding`): the others are never built. A role outside the stack is not judged on them.
  const { required, forbidden } = pathRequests(
    path,
    destination,
    found.role === undefined ? () => false : requestsTheRoleMayMake(judge),
  );
  if (found.role === undefined) return required.flatMap((request) => outsideRoleRequestFindings(judge, request));
  return [
    ...required.flatMap((request) => requiredRequestFindings(judge, request)),
    ...forbidden.flatMap((request) => forbiddenRequestFinding(judge, request)),
    ...batchPlaintextAdvice(judge),
    ...externalBoundaryAdvice(role, required, label),
  ];
}

/** What every request of one path is judged with: the configuration, the path and its role, read once. */
interface PathJudge {
  found: FoundReplication;
  path: ReplicationPath;
  label: string;
  /** True when findings that wait for a resource policy whose text is unknown are reported. */
  undecided: boolean;
  /** The path's role: the stack's, or the contract of one outside it. */
  role: FoundRole;
  /** The role's policies whose text is known. */
  identity: NamedPolicy[];
  evaluator: PolicyEvaluator;
  /** The resource policy of each resource by kind (`resourcePolicyFor`), looked up once. */
  resourcePolicies: Map<ResourcePolicyKind, Map<string, NamedPolicy | undefined | "unknown">>;
}

/**
 * The forbidden requests worth building: those the role's policies allow and that are not harmless
 * (the others draw no finding, see `forbiddenRequestFinding`), so that most paths build none.
 */
function requestsTheRoleMayMake(judge: PathJudge): RequestFilter {
  const allows = judge.evaluator.allowFilter(judge.identity);
  return (action, resource, harmless, context) => !harmless && allows(action, resource, context);
}

/** The resource policy that judges a request (`resourcePolicyFor`), looked up once per resource of the path. */
function pathResourcePolicy(judge: PathJudge, request: ReplicationRequest): NamedPolicy | undefined | "unknown" {
  let byResource = judge.resourcePolicies.get(request.resourcePolicy);
  if (byResource === undefined) {
    byResource = new Map();
    judge.resourcePolicies.set(request.resourcePolicy, byResource);
  }
  let policy = byResource.get(request.resource);
  if (policy === undefined && !byResource.has(request.resource)) {
    policy = resourcePolicyFor(judge.found, request);
    byResource.set(request.resource, policy);
  }
  return policy;
}

const BATCH_PLAINTEXT_SETTING = "batch-replication-of-unencrypted-objects";

/**
 * True for the advice that only Batch Replication of objects written unencrypted before 2023
 * would need the replica key (see `batchPlaintextAdvice`); the component's own documents draw it
 * too when it does not set up Batch Replication.
 */
export function isBatchPlaintextAdvice(item: Finding): boolean {
  return item.kind === FindingClass.Advice && item.detail["setting"] === BATCH_PLAINTEXT_SETTING;
}

/**
 * A KMS-default destination that only SSE-S3 objects reach over live replication: SSE-S3 replicas
 * stay SSE-S3 and make no call to the replica key ("Replicating encrypted objects",
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-config-for-kms-objects.html),
 * and every object written since January 2023 is encrypted ("Using server-side encryption with
 * Amazon S3 managed keys (SSE-S3)",
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingServerSideEncryption.html). Only Batch
 * Replication of older unencrypted objects would take the destination's KMS default: when the
 * role could not then use the replica key, say so as advice, with what it would need.
 */
function batchPlaintextAdvice(judge: PathJudge): Finding[] {
  const { path, label, role } = judge;
  if (path.batchReplication === true || replicatesKmsObjects(path)) return [];
  const live = new Set(replicationRequests(path).map((request) => request.id));
  const denied = replicationRequests({ ...path, batchReplication: true })
    .filter((request) => !live.has(request.id))
    .filter((request) => requiredRequestFindings({ ...judge, undecided: false }, request).length > 0);
  const first = denied[0];
  if (first === undefined) return [];
  const actions = [...new Set(denied.map((request) => request.action))].join(" and ");
  return [
    finding(FindingCode.RoleMissingPermission, {
      subject: judge.identity[0]?.name ?? role.ref,
      path: label,
      severity: Severity.Low,
      kind: FindingClass.Advice,
      detail: { action: actions, resource: first.resource, setting: BATCH_PLAINTEXT_SETTING },
      message: `only SSE-S3 objects reach this SSE-KMS/DSSE-KMS destination over live replication; they replicate as SSE-S3 and the role needs no replica key permission. Only S3 Batch Replication of objects written unencrypted before January 2023 would encrypt replicas with the destination's default key and need ${actions} on ${first.resource}.`,
      fix: `before running Batch Replication on objects from before 2023, grant ${actions} on the replica key (kms:ViaService and kms:EncryptionContext:aws:s3:arn conditions) in the role's and the key's policies`,
    }),
  ];
}

/** The findings a required request draws: its role's permissions boundary, then the documents found. */
function requiredRequestFindings(judge: PathJudge, request: ReplicationRequest): Finding[] {
  const boundary = boundaryFindings(judge, request);
  const documents = documentFindings(judge, request);
  // Most requests draw neither: no list is copied for them.
  return boundary.length === 0 ? documents : [...boundary, ...documents];
}

/**
 * A permissions boundary caps what the role's policies grant: "permissions boundaries attached to
 * the IAM role can cause replication to fail" ("Troubleshooting replication",
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-troubleshoot.html; "Permissions
 * boundaries for IAM entities",
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html). A request the
 * boundary (in the stack) does not allow breaks replication: the finding names it, on the boundary.
 */
function boundaryFindings(judge: PathJudge, request: ReplicationRequest): Finding[] {
  const { label, path } = judge;
  const boundary = judge.role.permissionsBoundary;
  if (boundary?.document === undefined || request.principalIsService) return [];
  const verdict = judge.evaluator.identityDecision(request, [{ name: boundary.ref, document: boundary.document }]);
  if (verdict.allowed) return [];
  const needs = `${request.action} on ${request.resource}${describeContext(request)}`;
  const common = {
    subject: boundary.ref,
    path: label,
    detail: {
      action: request.action,
      resource: request.resource,
      setting: "permissionsBoundary",
      ...contextDetail(request),
    },
  };
  const item =
    verdict.reason === DecisionReason.ExplicitDeny
      ? finding(FindingCode.ExplicitDeny, {
          ...common,
          location: statementLabel(verdict) ?? "",
          message: `the role's permissions boundary denies ${needs}, which replication needs; S3 reports ${failureReasonOf(request, path)}.`,
          fix: "exclude the replication requests from the Deny in the permissions boundary, or narrow it",
        })
      : finding(FindingCode.RoleMissingPermission, {
          ...common,
          message: `the role's permissions boundary does not allow ${needs} (${request.purpose}); a boundary caps what the role's policies grant, so S3 reports ${failureReasonOf(request, path)}.`,
          fix: `allow ${request.action} on ${grantPattern(request.resource)} in the permissions boundary`,
        });
  return [asIncompleteReplica(request, item)];
}

/**
 * A permissions boundary whose policy the stack cannot see: advice naming what it must allow (every
 * request the role makes for this path), since a boundary that lacks one breaks replication.
 */
function externalBoundaryAdvice(role: FoundRole, required: ReplicationRequest[], label: string): Finding[] {
  const arn = role.permissionsBoundaryArn;
  if (arn === undefined || role.permissionsBoundary !== undefined) return [];
  const needed = [
    ...new Set(
      required
        .filter((request) => !request.principalIsService)
        .map((request) => `${request.action} on ${grantPattern(request.resource)}`),
    ),
  ];
  return [
    finding(FindingCode.RoleMissingPermission, {
      subject: role.ref,
      path: label,
      severity: Severity.Low,
      kind: FindingClass.Advice,
      detail: { setting: "permissionsBoundary", value: arn },
      message: `the role's permissions boundary ${arn} is not in the stack, so it cannot be judged; it caps the role's policies and must allow: ${needed.join("; ")}.`,
      fix: `check that ${arn} allows each of these requests (with the KMS conditions), or manage the boundary policy in the stack`,
    }),
  ];
}

/**
 * The role a configuration names by ARN when the stack does not hold it (a central IAM stack),
 * assumed to hold exactly its contract: the permission policy the components would write for this
 * path (`rolePolicy`, from components/documents). Undefined when the ARN names no IAM role.
 */
function outsideRole(
  found: FoundReplication,
  path: ReplicationPath,
  rolePolicy: ((path: ReplicationPath) => PolicyDocument) | undefined,
): FoundRole | undefined {
  const arn = found.roleArn === undefined ? undefined : parseArn(found.roleArn);
  if (rolePolicy === undefined || arn?.service !== "iam" || !arn.resource.startsWith("role/")) return undefined;
  const ref = `the replication role ${found.roleArn} (outside this stack)`;
  return {
    ref,
    policies: [{ ref: `${ref}, as its contract (S3R066) says`, document: rolePolicy(path) }],
    unresolvedPolicyArns: [],
  };
}

/**
 * A required request judged with the role outside the stack: only the stack's own documents (the
 * bucket and key policies it holds, their grants) can deny it, since the role is assumed to hold its
 * contract. A document the stack does not hold is not judged (it is the other stack's: its contract
 * says what it must hold), nor is the trust policy.
 */
function outsideRoleRequestFindings(judge: PathJudge, request: ReplicationRequest): Finding[] {
  const { found, label, path, role, identity } = judge;
  if (request.resourcePolicy === ResourcePolicyKind.TrustPolicy || request.principalIsService) return [];
  const resourcePolicy = pathResourcePolicy(judge, request);
  if (resourcePolicy === "unknown") return [];
  // Most requests are allowed: the decision (statement refs, reason) is built only to explain a denial.
  if (judge.evaluator.allowsWith(request, identity, resourcePolicy)) return [];
  const decision = judge.evaluator.evaluateWith(request, identity, resourcePolicy);
  if (coveringGrant(found, request, identity, judge.evaluator) !== undefined) return [];
  return [explainDenial(request, decision, identity, resourcePolicy, role.ref, label, path)];
}

/** The finding a required request draws, if the documents found deny it. */
function documentFindings(judge: PathJudge, request: ReplicationRequest): Finding[] {
  const { found, label, path, undecided, evaluator, role, identity } = judge;
  const identityComplete = role.unresolvedPolicyArns.length === 0 && identity.length === role.policies.length;
  const resourcePolicy = pathResourcePolicy(judge, request);
  if (resourcePolicy === "unknown") {
    // The resource policy is not visible: only the role's own Deny, or (across accounts) its missing Allow, decides.
    if (request.resourcePolicy === ResourcePolicyKind.TrustPolicy || request.principalIsService) return [];
    const own = evaluator.identityDecision(request, identity);
    const decisive =
      own.reason === DecisionReason.ExplicitDeny ||
      (!own.allowed && request.principalAccount !== request.resourceAccount);
    if (own.reason === DecisionReason.NoIdentityAllow && !identityComplete) return [];
    if (decisive) return [explainDenial(request, own, identity, undefined, role.ref, label, path)];
    if (undecided && !own.allowed)
      return [
        {
          ...explainDenial(request, own, identity, undefined, role.ref, label, path),
          waitsFor: unknownResourcePolicyRef(found, request),
        },
      ];
    return [];
  }
  if (evaluator.allowsWith(request, identity, resourcePolicy)) return [];
  const decision = evaluator.evaluateWith(request, identity, resourcePolicy);
  if (coveringGrant(found, request, identity, evaluator) !== undefined) return [];
  if (decision.reason === DecisionReason.NoIdentityAllow && !identityComplete) return [];
  return [explainDenial(request, decision, identity, resourcePolicy, role.ref, label, path)];
}

/** The finding a forbidden request draws when the role (or its trust policy) allows it. */
function forbiddenRequestFinding(judge: PathJudge, request: ReplicationRequest): Finding[] {
  // Who else the trust admits is judged statement by statement, each principal named as written (roleSecurity.ts).
  if (request.resourcePolicy === ResourcePolicyKind.TrustPolicy) return [];
  if (request.grantedByAwsExamples === true) return [];
  if (!judge.evaluator.identityAllows(request, judge.identity)) return [];
  const decision = judge.evaluator.identityDecision(request, judge.identity);
  const ref = decision.allowedBy[0];
  return [
    finding(FindingCode.RoleExcessPermission, {
      ...(LEAST_PRIVILEGE_ONLY.has(request.action) ? { severity: Severity.Low, kind: FindingClass.Advice } : {}),
      subject: ref?.policy ?? judge.role.ref,
      location: statementLabel(decision),
      path: judge.label,
      detail: { action: request.action, resource: request.resource, ...contextDetail(request) },
      message: `the replication role may ${request.action} on ${grantPattern(request.resource)}${describeContext(request)}: ${request.purpose}.`,
      fix: "narrow the statement to the replication actions, the named buckets and the S3 KMS conditions",
    }),
  ];
}

/**
 * Forbidden actions whose grant exposes little beyond replication: `s3:GetObjectVersion` replicates
 * unencrypted and SSE-S3 objects as AWS documents it ("Replicating encrypted objects", above), and
 * only S3 assumes the role: least-privilege advice, not a security finding.
 */
const LEAST_PRIVILEGE_ONLY: ReadonlySet<string> = new Set(["s3:GetObjectVersion"]);

/**
 * The requests of a path and the forbidden ones. When the destination's default encryption is not
 * visible (an existing bucket with no SSE resource in the stack), whether it uses a Bucket Key is
 * unknown: only what holds either way is required or forbidden (a Bucket-Key SOURCE still makes
 * kms:Decrypt with the replica key required: replicas keep the source object's Bucket Key).
 * `keepForbidden` leaves out the forbidden requests it refuses (see `forbiddenRequests`).
 */
export function pathRequests(
  path: ReplicationPath,
  destination: FoundBucket,
  keepForbidden?: RequestFilter,
): { required: ReplicationRequest[]; forbidden: ReplicationRequest[] } {
  const forbiddenOf = (candidate: ReplicationPath): ReplicationRequest[] => forbiddenRequests(candidate, keepForbidden);
  if (destination.encryptionUnknown !== true || path.destination.keyArn === undefined) {
    return { required: replicationRequests(path), forbidden: forbiddenOf(path) };
  }
  const variants = [false, true].map((bucketKeyEnabled) => ({
    ...path,
    destination: { ...path.destination, encryption: Encryption.SseKms, bucketKeyEnabled },
  }));
  const both = (make: (candidate: ReplicationPath) => ReplicationRequest[]): ReplicationRequest[] => {
    const [off, on] = variants.map((candidate) => make(candidate));
    const onIds = new Set((on ?? []).map((request) => request.id));
    return (off ?? []).filter((request) => onIds.has(request.id));
  };
  return { required: both(replicationRequests), forbidden: both(forbiddenOf) };
}

/** How a finding names the resource policy of a request whose text is unknown. */
function unknownResourcePolicyRef(found: FoundReplication, request: ReplicationRequest): string {
  switch (request.resourcePolicy) {
    case ResourcePolicyKind.KeyPolicy: {
      const key = resolveKey(found, request.resource);
      return key?.policy?.ref ?? `the key policy of ${key?.ref ?? request.resource}`;
    }
    case ResourcePolicyKind.BucketPolicy: {
      const bucket = bucketOfArn(found, request.resource);
      return bucket?.policy?.ref ?? `the bucket policy of ${bucket?.ref ?? request.resource}`;
    }
    default:
      return found.role?.trustPolicy?.ref ?? `the trust policy of ${found.role?.ref ?? "the role"}`;
  }
}

/** The resource policy that judges a request: undefined when there is none, "unknown" when its text is not known. */
export function resourcePolicyFor(
  found: FoundReplication,
  request: ReplicationRequest,
): NamedPolicy | undefined | "unknown" {
  const toNamed = (policy: FoundPolicy | undefined): NamedPolicy | undefined | "unknown" => {
    if (policy === undefined) return undefined;
    return policy.document ? { name: policy.ref, document: policy.document } : "unknown";
  };
  switch (request.resourcePolicy) {
    case ResourcePolicyKind.TrustPolicy:
      return found.role?.trustPolicy ? toNamed(found.role.trustPolicy) : "unknown";
    case ResourcePolicyKind.KeyPolicy: {
      const key = resolveKey(found, request.resource);
      if (key?.policy === undefined) return "unknown";
      return toNamed(key.policy);
    }
    case ResourcePolicyKind.BucketPolicy: {
      const bucket = bucketOfArn(found, request.resource);
      if (bucket?.policy === undefined && bucket?.policyUnknown === true) return "unknown";
      return toNamed(bucket?.policy);
    }
  }
  return undefined;
}

const GRANT_OPERATION = (action: string): string => action.replace(/^kms:/, "");

/** The KMS grant that lets the role make this request (across accounts only with the role's own policy allowing it too). */
export function coveringGrant(
  found: FoundReplication,
  request: ReplicationRequest,
  identity: NamedPolicy[],
  evaluator = new PolicyEvaluator(),
): FoundGrant | undefined {
  if (request.resourcePolicy !== ResourcePolicyKind.KeyPolicy) return undefined;
  const key = resolveKey(found, request.resource);
  const grant = key?.grants.find(
    (candidate) =>
      candidate.granteePrincipal === request.principal &&
      candidate.operations.includes(GRANT_OPERATION(request.action)),
  );
  if (grant === undefined) return undefined;
  if (request.principalAccount === request.resourceAccount) return grant;
  return evaluator.anyAllowMatches(request, identity) ? grant : undefined;
}

/** The verdict of the role's own policies alone (as if no resource policy had a say). */
export function identityVerdict(
  request: ReplicationRequest,
  identity: NamedPolicy[],
  evaluator = new PolicyEvaluator(),
): Decision {
  return evaluator.identityDecision(request, identity);
}
