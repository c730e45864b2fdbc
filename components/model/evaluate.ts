/**
 * A small, deterministic evaluator of IAM policy documents, used by the analysis (the pack and
 * the checker) to decide whether found documents allow the requests S3 makes. The tests check
 * its verdicts against an independent evaluator over the whole scenario matrix.
 */

import { PolicyDocument, PolicyStatement, asList } from "./policyDocument";
import { ReplicationRequest, ResourcePolicyKind } from "./requests";
import { parseArn } from "./arn";

/** A policy document with the name findings use for it. */
export interface NamedPolicy {
  /** How findings name the document, e.g. `aws:iam/rolePolicy:RolePolicy orders-replication`. */
  name: string;
  /** The document. */
  document: PolicyDocument;
}

/** A pointer at one statement of one document. */
export interface StatementRef {
  /** The document's name. */
  policy: string;
  /** Index of the statement. */
  index: number;
  /** The statement's Sid, when it has one. */
  sid?: string;
}

/** Why a request was allowed or denied. */
export enum DecisionReason {
  /** Allowed by the documents. */
  Allowed = "allowed",
  /** A Deny statement matched. */
  ExplicitDeny = "explicit-deny",
  /** The caller's identity policy does not allow it. */
  NoIdentityAllow = "no-identity-allow",
  /** The resource policy (bucket, key or trust policy) does not admit the caller. */
  NoResourceAllow = "no-resource-allow",
}

/** The verdict on one request. */
export interface Decision {
  /** True when allowed. */
  allowed: boolean;
  /** Why. */
  reason: DecisionReason;
  /** Statements that allowed it (identity and resource). */
  allowedBy: StatementRef[];
  /** The Deny statement that matched, if any. */
  deniedBy?: StatementRef;
}

/** The documents that decide a request. */
export interface EvaluationDocuments {
  /** The caller's identity policies (empty for a service principal). */
  identityPolicies: NamedPolicy[];
  /** The resource policy (trust, bucket or key policy), when there is one. */
  resourcePolicy?: NamedPolicy;
}

/** How a statement's Principal matches the caller. */
enum PrincipalMatch {
  None,
  Account,
  Exact,
}

/** Evaluates a request against documents the way IAM does for same- and cross-account calls. */
export function evaluateRequest(request: ReplicationRequest, documents: EvaluationDocuments): Decision {
  const identity = request.principalIsService ? [] : documents.identityPolicies;
  for (const policy of identity) {
    const deny = findStatement(policy, request, "Deny", false);
    if (deny) return { allowed: false, reason: DecisionReason.ExplicitDeny, allowedBy: [], deniedBy: deny.ref };
  }
  const resourcePolicy = documents.resourcePolicy;
  if (resourcePolicy) {
    const deny = findStatement(resourcePolicy, request, "Deny", true);
    if (deny) return { allowed: false, reason: DecisionReason.ExplicitDeny, allowedBy: [], deniedBy: deny.ref };
  }
  let identityAllow: Match | undefined;
  for (const policy of identity) {
    identityAllow = findStatement(policy, request, "Allow", false);
    if (identityAllow !== undefined) break;
  }
  const resourceAllow = resourcePolicy ? findStatement(resourcePolicy, request, "Allow", true) : undefined;
  const allowedBy = [identityAllow?.ref, resourceAllow?.ref].filter((ref): ref is StatementRef => ref !== undefined);
  const sameAccount = request.principalAccount === request.resourceAccount;
  const direct = resourceAllow?.principal === PrincipalMatch.Exact;
  const accountGrant = resourceAllow?.principal === PrincipalMatch.Account;

  if (request.principalIsService || request.resourcePolicy === ResourcePolicyKind.TrustPolicy) {
    return direct || (accountGrant && identityAllow !== undefined)
      ? { allowed: true, reason: DecisionReason.Allowed, allowedBy }
      : { allowed: false, reason: DecisionReason.NoResourceAllow, allowedBy };
  }
  let allowed: boolean;
  if (sameAccount) {
    // Same account: the identity policy alone is enough for S3; for KMS the key policy must
    // name the caller or delegate to the account (root) and the identity policy allow it.
    allowed =
      request.resourcePolicy === ResourcePolicyKind.KeyPolicy
        ? direct || (accountGrant && identityAllow !== undefined)
        : identityAllow !== undefined || direct;
  } else {
    allowed = (direct || accountGrant) && identityAllow !== undefined;
  }
  if (allowed) return { allowed, reason: DecisionReason.Allowed, allowedBy };
  // Name the document to fix: across accounts the resource policy first when it does not admit
  // the caller; in one account the identity policy, unless the key policy delegates nothing.
  const resourceMissing = sameAccount
    ? request.resourcePolicy === ResourcePolicyKind.KeyPolicy && !direct && !accountGrant
    : !direct && !accountGrant;
  return {
    allowed: false,
    reason: resourceMissing ? DecisionReason.NoResourceAllow : DecisionReason.NoIdentityAllow,
    allowedBy,
  };
}

interface Match {
  ref: StatementRef;
  principal: PrincipalMatch;
}

function findStatement(
  policy: NamedPolicy,
  request: ReplicationRequest,
  effect: "Allow" | "Deny",
  needsPrincipal: boolean,
): Match | undefined {
  const statements = Array.isArray(policy.document.Statement) ? policy.document.Statement : [];
  // The first statement with the strongest principal match; its ref is built once, at the end
  // (the analysis evaluates hundreds of thousands of requests on a large stack).
  let bestIndex = -1;
  let bestPrincipal = PrincipalMatch.None;
  for (let index = 0; index < statements.length; index++) {
    const statement = statements[index]!;
    if (statement.Effect !== effect) continue;
    if (!statementMatches(statement, request)) continue;
    const principal = needsPrincipal ? principalMatch(statement, request) : PrincipalMatch.Exact;
    if (principal > bestPrincipal) {
      bestIndex = index;
      bestPrincipal = principal;
    }
  }
  if (bestIndex < 0) return undefined;
  const sid = statements[bestIndex]!.Sid;
  return {
    ref: { policy: policy.name, index: bestIndex, ...(sid === undefined ? {} : { sid }) },
    principal: bestPrincipal,
  };
}

/** True when the statement's action, resource and conditions match the request (principal aside). */
export function statementMatches(
  statement: PolicyStatement,
  request: Pick<ReplicationRequest, "action" | "resource" | "context">,
): boolean {
  if (
    statement.Action !== undefined &&
    !asList(statement.Action).some((pattern) => wildcardMatch(pattern, request.action, true))
  )
    return false;
  if (
    statement.NotAction !== undefined &&
    asList(statement.NotAction).some((pattern) => wildcardMatch(pattern, request.action, true))
  )
    return false;
  if (statement.Action === undefined && statement.NotAction === undefined) return false;
  if (
    statement.Resource !== undefined &&
    !asList(statement.Resource).some((pattern) => wildcardMatch(pattern, request.resource, false))
  )
    return false;
  if (
    statement.NotResource !== undefined &&
    asList(statement.NotResource).some((pattern) => wildcardMatch(pattern, request.resource, false))
  )
    return false;
  return conditionsMatch(statement, request.context);
}

function principalMatch(statement: PolicyStatement, request: ReplicationRequest): PrincipalMatch {
  if (statement.NotPrincipal !== undefined) return PrincipalMatch.None;
  const principal = statement.Principal;
  if (principal === undefined) return PrincipalMatch.None;
  if (principal === "*") return PrincipalMatch.Exact;
  if (request.principalIsService) {
    return asList(principal.Service).some((service) => service === request.principal) ||
      asList(principal.AWS).includes("*")
      ? PrincipalMatch.Exact
      : PrincipalMatch.None;
  }
  let result = PrincipalMatch.None;
  for (const entry of asList(principal.AWS)) {
    if (entry === "*" || entry === request.principal) return PrincipalMatch.Exact;
    const arn = parseArn(entry);
    const account = arn ? (arn.resource === "root" ? arn.account : undefined) : entry;
    if (account !== undefined && account === request.principalAccount) result = PrincipalMatch.Account;
  }
  return result;
}

/**
 * Matches an IAM wildcard pattern (`*` any run of characters, `?` one character) against a value,
 * in O(pattern x value) steps at worst and no backtracking blow-up: a pattern such as `*?*?*?...*Z`
 * cannot stall the gate. The evaluator knows no other wildcard (policy variables are not expanded).
 * IAM allows `*` and `?` (any number of them) inside each ARN segment (IAM JSON policy elements: Resource,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html).
 */
export function wildcardMatch(pattern: string, value: string, ignoreCase: boolean): boolean {
  if (typeof pattern !== "string" || typeof value !== "string") return false;
  return ignoreCase ? globMatch(pattern.toLowerCase(), value.toLowerCase()) : globMatch(pattern, value);
}

/** A counter of the comparison steps {@link globMatch} makes (for tests that bound the work). */
export interface MatchSteps {
  /** Steps taken so far; each step advances the value or the pattern by one position. */
  steps: number;
}

/**
 * The glob match behind {@link wildcardMatch}, case-sensitive: a greedy two-pointer scan that,
 * on a mismatch, returns to the last `*` and lets it absorb one more character. Every return
 * moves that star's anchor one character right, so the work is at most
 * (value length + 1) x (pattern length + 1) steps, counted in `counter` when given.
 */
export function globMatch(pattern: string, value: string, counter?: MatchSteps): boolean {
  let p = 0;
  let v = 0;
  let star = -1;
  let anchor = 0;
  while (v < value.length) {
    if (counter) counter.steps++;
    const token = pattern[p];
    if (token === "*") {
      star = p++;
      anchor = v;
    } else if (p < pattern.length && (token === "?" || token === value[v])) {
      p++;
      v++;
    } else if (star >= 0) {
      p = star + 1;
      v = ++anchor;
    } else return false;
  }
  while (pattern[p] === "*") p++;
  return p === pattern.length;
}

const NEGATED = new Set([
  "StringNotEquals",
  "StringNotEqualsIgnoreCase",
  "StringNotLike",
  "ArnNotEquals",
  "ArnNotLike",
  "NumericNotEquals",
  "DateNotEquals",
]);

/** A request context by lower-cased key, built once per context (a request meets many statements). */
const lowerContexts = new WeakMap<Record<string, string>, Map<string, string>>();

function lowerCased(context: Record<string, string>): Map<string, string> {
  let lower = lowerContexts.get(context);
  if (lower === undefined) {
    lower = new Map(Object.entries(context).map(([key, value]) => [key.toLowerCase(), value]));
    lowerContexts.set(context, lower);
  }
  return lower;
}

function conditionsMatch(statement: PolicyStatement, context: Record<string, string>): boolean {
  const condition = statement.Condition;
  if (condition === undefined) return true;
  if (typeof condition !== "object" || condition === null) return false;
  const lowerContext = lowerCased(context);
  return Object.entries(condition).every(([rawOperator, block]) => {
    if (typeof block !== "object" || block === null) return false;
    return Object.entries(block).every(([key, expected]) =>
      operatorMatches(rawOperator, lowerContext.get(key.toLowerCase()), expected),
    );
  });
}

function operatorMatches(rawOperator: string, actual: string | undefined, expected: unknown): boolean {
  let operator = rawOperator;
  let setOperator: "ForAnyValue" | "ForAllValues" | undefined;
  const colon = operator.indexOf(":");
  if (colon >= 0) {
    const prefix = operator.slice(0, colon);
    if (prefix !== "ForAnyValue" && prefix !== "ForAllValues") return false;
    setOperator = prefix;
    operator = operator.slice(colon + 1);
  }
  const ifExists = operator.endsWith("IfExists");
  if (ifExists) operator = operator.slice(0, -"IfExists".length);
  const values = (Array.isArray(expected) ? expected : [expected]).map((value) => String(value));
  if (operator === "Null") {
    const wantsMissing = values[0]?.toLowerCase() === "true";
    return wantsMissing === (actual === undefined);
  }
  if (actual === undefined) {
    if (ifExists) return true;
    if (setOperator === "ForAllValues") return true;
    if (setOperator === "ForAnyValue") return false;
    return NEGATED.has(operator);
  }
  const test = (value: string): boolean | undefined => {
    switch (operator) {
      case "StringEquals":
      case "StringNotEquals":
      case "ArnEquals":
      case "ArnNotEquals":
        return actual === value;
      case "StringEqualsIgnoreCase":
      case "StringNotEqualsIgnoreCase":
        return actual.toLowerCase() === value.toLowerCase();
      case "StringLike":
      case "StringNotLike":
      case "ArnLike":
      case "ArnNotLike":
        return wildcardMatch(value, actual, false);
      case "Bool":
        return actual.toLowerCase() === value.toLowerCase();
      default:
        return undefined;
    }
  };
  const results = values.map(test);
  if (results.some((result) => result === undefined)) return false;
  const anyMatch = results.some((result) => result === true);
  return NEGATED.has(operator) ? !anyMatch : anyMatch;
}
