/**
 * The permission proof of a found configuration: each request S3 makes and each forbidden request,
 * judged on the found documents, with the statements (or KMS grants) that decide it.
 */

import { Decision, DecisionReason, NamedPolicy, StatementRef, evaluateRequest } from "./evaluate";
import { FoundGrant, FoundReplication } from "./found";
import { pathFromFound, readable } from "./foundPath";
import { coveringGrant, identityVerdict, pathRequests, resourcePolicyFor } from "./permissions";
import { ReplicationRequest, ResourcePolicyKind } from "./requests";
import { ReplicationPath } from "./topology";

/** One request of a path and the verdict the found documents give it. */
export interface ProvenRequest {
  /** The request. */
  request: ReplicationRequest;
  /** The verdict, with the statements that allow it; undefined when a document it needs is unknown or not in the stack. */
  decision?: Decision;
}

/** The permission proof of one rule of a found configuration. */
export interface PathProof {
  /** `source -> destination`. */
  label: string;
  /** The model path the rule was read as. */
  path: ReplicationPath;
  /** Every request S3 makes, with its verdict. */
  required: ProvenRequest[];
  /** Every forbidden request, with its verdict. */
  forbidden: ProvenRequest[];
}

/**
 * The permission proof of a found configuration, rule by rule: each request S3 makes and each
 * forbidden request, judged on the found documents, with the statements that decide it.
 * Rules too little is known about (preview, resources outside the stack) are left out.
 */
export function replicationProof(found: FoundReplication): PathProof[] {
  const role = found.role;
  if (role === undefined) return [];
  const identity = readable(role.policies);
  const judge = (request: ReplicationRequest, required: boolean): ProvenRequest => {
    const decision = proofDecision(found, request, identity, required);
    return decision === undefined ? { request } : { request, decision };
  };
  const proofs: PathProof[] = [];
  found.rules.forEach((rule, index) => {
    const destination = rule.destinationBucket === undefined ? undefined : found.destinations[rule.destinationBucket];
    if (destination === undefined || rule.status === "Disabled") return;
    const path = pathFromFound(found, rule, destination, index);
    if (path === undefined) return;
    const requests = pathRequests(path, destination);
    proofs.push({
      label: `${found.source.name ?? found.source.ref} -> ${destination.name ?? destination.ref}`,
      path,
      required: requests.required.map((request) => judge(request, true)),
      forbidden: requests.forbidden.map((request) => judge(request, false)),
    });
  });
  return proofs;
}

function grantRef(grant: FoundGrant): StatementRef {
  return { policy: grant.ref, index: 0, sid: `grant of ${grant.operations.join(", ")}` };
}

function allowedWithGrant(own: Decision, grant: FoundGrant): Decision {
  return { allowed: true, reason: DecisionReason.Allowed, allowedBy: [...own.allowedBy, grantRef(grant)] };
}

/**
 * The proof's verdict on one request, or undefined when it cannot be judged. A required KMS
 * request the key policy does not admit is allowed by a grant that covers it. When the resource
 * policy is outside the stack (an existing bucket's policy, an existing key's policy) only what
 * that policy cannot change is decided: a Deny in the role's own policies; across accounts, a
 * request the role's policies do not allow; a required request a grant covers; in one account, a
 * bucket request the role's policies allow (a bucket policy is not needed there).
 */
function proofDecision(
  found: FoundReplication,
  request: ReplicationRequest,
  identity: NamedPolicy[],
  required: boolean,
): Decision | undefined {
  const resourcePolicy = resourcePolicyFor(found, request);
  if (resourcePolicy !== "unknown") {
    const decision = evaluateRequest(request, {
      identityPolicies: identity,
      ...(resourcePolicy ? { resourcePolicy } : {}),
    });
    if (decision.allowed || !required || decision.reason === DecisionReason.ExplicitDeny) return decision;
    const grant = coveringGrant(found, request, identity);
    return grant === undefined ? decision : allowedWithGrant(identityVerdict(request, identity), grant);
  }
  if (request.resourcePolicy === ResourcePolicyKind.TrustPolicy || request.principalIsService) return undefined;
  const own = identityVerdict(request, identity);
  if (own.reason === DecisionReason.ExplicitDeny) return own;
  const sameAccount = request.principalAccount === request.resourceAccount;
  if (!own.allowed) return sameAccount ? undefined : own;
  const grant = required ? coveringGrant(found, request, identity) : undefined;
  if (grant !== undefined) return allowedWithGrant(own, grant);
  return sameAccount && request.resourcePolicy === ResourcePolicyKind.BucketPolicy ? own : undefined;
}
