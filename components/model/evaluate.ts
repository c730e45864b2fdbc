/**
 * A small, deterministic evaluator of IAM policy documents, used by the analysis (the pack and
 * the checker) to decide whether found documents allow the requests S3 makes. The tests check
 * its verdicts against an independent evaluator over the whole scenario matrix.
 */

import { PolicyDocument, PolicyStatement, asList } from "./policyDocument";
import {
  CompiledStatement,
  MatchSubject,
  compileStatement,
  globMatch,
  matchesAction,
  matchesConditions,
  matchesResource,
  matchSubject,
  matchesStatement,
} from "./compiledStatement";
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
  return new PolicyEvaluator().evaluate(request, documents);
}

/**
 * The evaluator of one analysis: it reads each document once (the first time a request meets it)
 * and judges every later request against that reading, so the documents must not change while it
 * is in use. Make one per analysis; `evaluateRequest` makes one per call.
 *
 * @example
 * One evaluator for the requests of one path: each document is read once, however many requests meet it.
 * ```ts
 * import { PolicyEvaluator, ResourcePolicyKind, type NamedPolicy } from "s3-replication/components/model";
 *
 * const role = "arn:aws:iam::111111111111:role/orders-replication";
 * const rolePolicy: NamedPolicy = {
 *   name: "aws:iam/rolePolicy:RolePolicy orders-replication",
 *   document: {
 *     Version: "2012-10-17",
 *     Statement: [{ Effect: "Allow", Action: "s3:ReplicateObject", Resource: "arn:aws:s3:::orders-dr/*" }],
 *   },
 * };
 * const evaluator = new PolicyEvaluator();
 * for (const key of ["a.csv", "b.csv"]) {
 *   const decision = evaluator.evaluate(
 *     {
 *       id: `replicate ${key}`,
 *       purpose: "S3 writes the replica",
 *       principal: role,
 *       principalIsService: false,
 *       principalAccount: "111111111111",
 *       action: "s3:ReplicateObject",
 *       resource: `arn:aws:s3:::orders-dr/${key}`,
 *       resourceAccount: "111111111111",
 *       resourcePolicy: ResourcePolicyKind.BucketPolicy,
 *       context: {},
 *     },
 *     { identityPolicies: [rolePolicy] },
 *   );
 *   console.log(key, decision.allowed, decision.reason); // allowed: the same account, no bucket policy
 * }
 * ```
 */
export class PolicyEvaluator {
  private readonly compiled = new WeakMap<PolicyDocument, CompiledDocument>();

  /** The verdict on a request (as {@link evaluateRequest}). */
  evaluate(request: ReplicationRequest, documents: EvaluationDocuments): Decision {
    return this.decide(
      request,
      documents.identityPolicies,
      documents.resourcePolicy,
      request.resourceAccount,
      request.resourcePolicy,
    );
  }

  /** The verdict on a request given its identity policies and its resource policy, if any. */
  evaluateWith(
    request: ReplicationRequest,
    identity: NamedPolicy[],
    resourcePolicy: NamedPolicy | undefined,
  ): Decision {
    return this.decide(request, identity, resourcePolicy, request.resourceAccount, request.resourcePolicy);
  }

  /**
   * `evaluateWith(...).allowed`, found without building the decision (no statement refs, no
   * reasons): most required requests are allowed, and only a denial is explained.
   */
  allowsWith(
    request: ReplicationRequest,
    identityPolicies: NamedPolicy[],
    resourcePolicy: NamedPolicy | undefined,
  ): boolean {
    const subject = matchSubject(request);
    const identity = request.principalIsService ? [] : identityPolicies;
    if (this.deniedBy(identity, subject)) return false;
    const resource = resourcePolicy === undefined ? undefined : this.read(resourcePolicy.document);
    if (resource !== undefined && strongestMatch(resource.Deny, request, subject, true) !== undefined) return false;
    let identityAllowed = false;
    for (let index = 0; index < identity.length && !identityAllowed; index++)
      identityAllowed = anyMatches(this.read(identity[index]!.document).Allow, subject);
    const resourceAllow = resource === undefined ? undefined : strongestMatch(resource.Allow, request, subject, true);
    return isAllowed(
      request,
      request.resourceAccount,
      request.resourcePolicy,
      identityAllowed,
      resourceAllow?.principal,
    );
  }

  /**
   * The verdict of identity policies alone, as if no resource policy had a say: the request
   * evaluated as made on a bucket of the caller's own account that has no bucket policy.
   */
  identityDecision(request: ReplicationRequest, identity: NamedPolicy[]): Decision {
    return this.decide(request, identity, undefined, request.principalAccount, ResourcePolicyKind.BucketPolicy);
  }

  /**
   * True when the identity policies alone allow the request (`identityDecision(...).allowed`),
   * found without building a decision: most forbidden requests are asked only this.
   */
  identityAllows(
    request: Pick<ReplicationRequest, "principalIsService" | "action" | "resource" | "context">,
    identity: NamedPolicy[],
  ): boolean {
    if (request.principalIsService) return false;
    const subject = matchSubject(request);
    if (this.deniedBy(identity, subject)) return false;
    for (let index = 0; index < identity.length; index++)
      if (anyMatches(this.read(identity[index]!.document).Allow, subject)) return true;
    return false;
  }

  /**
   * A test of the role's requests before they are built: false for an action and resource that no
   * Allow statement of the policies matches (Action/NotAction and Resource/NotResource), so that no
   * request with them is allowed by the policies; given the request's context too, exactly
   * `identityAllows` of the role's request with that action, resource and context. Only the Allow
   * statements naming the action are asked (looked up once per action and filter), and the Deny
   * statements only when one of them allows.
   */
  allowFilter(
    policies: NamedPolicy[],
  ): (action: string, resource: string, context?: Record<string, string>) => boolean {
    const naming = new Map<string, CompiledStatement[]>();
    return (action, resource, context) => {
      let statements = naming.get(action);
      if (statements === undefined) {
        statements = this.allowStatementsNaming(action, policies);
        naming.set(action, statements);
      }
      const value = typeof resource === "string" ? resource : undefined;
      for (let index = 0; index < statements.length; index++) {
        const compiled = statements[index]!;
        if (!matchesResource(compiled, value)) continue;
        if (context === undefined) return true;
        if (matchesConditions(compiled, context))
          return !this.deniedBy(policies, matchSubject({ action, resource, context }));
      }
      return false;
    };
  }

  /** True when a Deny statement of the policies matches the subject (principals aside). */
  private deniedBy(policies: NamedPolicy[], subject: MatchSubject): boolean {
    for (let index = 0; index < policies.length; index++)
      if (anyMatches(this.read(policies[index]!.document).Deny, subject)) return true;
    return false;
  }

  /** The Allow statements of the policies whose Action/NotAction admits the action. */
  private allowStatementsNaming(action: string, policies: NamedPolicy[]): CompiledStatement[] {
    const lower = typeof action === "string" ? action.toLowerCase() : undefined;
    const naming: CompiledStatement[] = [];
    for (let index = 0; index < policies.length; index++)
      for (const compiled of this.read(policies[index]!.document).Allow)
        if (matchesAction(compiled, lower)) naming.push(compiled);
    return naming;
  }

  /** True when an Allow statement of the documents matches the request (principals aside). */
  anyAllowMatches(request: ReplicationRequest, policies: NamedPolicy[]): boolean {
    const subject = matchSubject(request);
    return policies.some((policy) => anyMatches(this.read(policy.document).Allow, subject));
  }

  /** The document, read once. */
  private read(document: PolicyDocument): CompiledDocument {
    let compiled = this.compiled.get(document);
    if (compiled === undefined) {
      compiled = compileDocument(document);
      this.compiled.set(document, compiled);
    }
    return compiled;
  }

  private decide(
    request: ReplicationRequest,
    identityPolicies: NamedPolicy[],
    resourcePolicy: NamedPolicy | undefined,
    resourceAccount: string,
    resourcePolicyKind: ResourcePolicyKind,
  ): Decision {
    const subject = matchSubject(request);
    const identity = request.principalIsService ? [] : identityPolicies;
    for (let index = 0; index < identity.length; index++) {
      const deny = this.findStatement(identity[index]!, request, subject, "Deny", false);
      if (deny) return { allowed: false, reason: DecisionReason.ExplicitDeny, allowedBy: [], deniedBy: deny.ref };
    }
    if (resourcePolicy) {
      const deny = this.findStatement(resourcePolicy, request, subject, "Deny", true);
      if (deny) return { allowed: false, reason: DecisionReason.ExplicitDeny, allowedBy: [], deniedBy: deny.ref };
    }
    let identityAllow: Match | undefined;
    for (let index = 0; index < identity.length; index++) {
      identityAllow = this.findStatement(identity[index]!, request, subject, "Allow", false);
      if (identityAllow !== undefined) break;
    }
    const resourceAllow = resourcePolicy
      ? this.findStatement(resourcePolicy, request, subject, "Allow", true)
      : undefined;
    return verdict(request, resourceAccount, resourcePolicyKind, identityAllow, resourceAllow);
  }

  /** The first statement of the effect with the strongest principal match; its ref is built once, at the end. */
  private findStatement(
    policy: NamedPolicy,
    request: ReplicationRequest,
    subject: MatchSubject,
    effect: "Allow" | "Deny",
    needsPrincipal: boolean,
  ): Match | undefined {
    const best = strongestMatch(this.read(policy.document)[effect], request, subject, needsPrincipal);
    if (best === undefined) return undefined;
    const { index, statement } = best.compiled;
    const sid = statement.Sid;
    const ref: StatementRef = sid === undefined ? { policy: policy.name, index } : { policy: policy.name, index, sid };
    return { ref, principal: best.principal };
  }
}

/** A statement that matches a request, and how its Principal matches the caller. */
interface StrongestMatch {
  compiled: CompiledStatement;
  /** Exact or Account: a statement whose Principal does not match the caller is no match. */
  principal: PrincipalMatch;
}

/**
 * The first of the statements that matches the request with the strongest principal match
 * (`needsPrincipal` false: the first that matches, principals aside), undefined when none does.
 */
function strongestMatch(
  statements: readonly CompiledStatement[],
  request: ReplicationRequest,
  subject: MatchSubject,
  needsPrincipal: boolean,
): StrongestMatch | undefined {
  let best: CompiledStatement | undefined;
  let bestPrincipal = PrincipalMatch.None;
  // Indexed: the analysis runs mostly before the JIT has optimised it, when for-of allocates.
  for (let index = 0; index < statements.length; index++) {
    const compiled = statements[index]!;
    if (!matchesStatement(compiled, subject)) continue;
    const principal = needsPrincipal ? principalMatch(compiled.statement, request) : PrincipalMatch.Exact;
    if (principal > bestPrincipal) {
      best = compiled;
      bestPrincipal = principal;
      // Nothing matches more strongly than Exact: the first such statement is the one.
      if (principal === PrincipalMatch.Exact) break;
    }
  }
  return best === undefined ? undefined : { compiled: best, principal: bestPrincipal };
}

/** True when one of the statements matches the subject (principals aside). */
function anyMatches(statements: readonly CompiledStatement[], subject: MatchSubject): boolean {
  for (let index = 0; index < statements.length; index++)
    if (matchesStatement(statements[index]!, subject)) return true;
  return false;
}

/** A document read once: its statements by effect, in the order written. */
interface CompiledDocument {
  Allow: readonly CompiledStatement[];
  Deny: readonly CompiledStatement[];
}

function compileDocument(document: PolicyDocument): CompiledDocument {
  const compiled: CompiledDocument = { Allow: [], Deny: [] };
  const statements = Array.isArray(document.Statement) ? document.Statement : [];
  for (let index = 0; index < statements.length; index++) {
    const statement = statements[index]!;
    if (statement.Effect === "Allow" || statement.Effect === "Deny")
      (compiled[statement.Effect] as CompiledStatement[]).push(compileStatement(statement, index));
  }
  return compiled;
}

/** The decision once the matching statements are known (no Deny matched). */
function verdict(
  request: ReplicationRequest,
  resourceAccount: string,
  resourcePolicyKind: ResourcePolicyKind,
  identityAllow: Match | undefined,
  resourceAllow: Match | undefined,
): Decision {
  const allowedBy: StatementRef[] = [];
  if (identityAllow !== undefined) allowedBy.push(identityAllow.ref);
  if (resourceAllow !== undefined) allowedBy.push(resourceAllow.ref);
  const allowed = isAllowed(
    request,
    resourceAccount,
    resourcePolicyKind,
    identityAllow !== undefined,
    resourceAllow?.principal,
  );
  if (allowed) return { allowed, reason: DecisionReason.Allowed, allowedBy };
  if (request.principalIsService || resourcePolicyKind === ResourcePolicyKind.TrustPolicy)
    return { allowed: false, reason: DecisionReason.NoResourceAllow, allowedBy };
  const sameAccount = request.principalAccount === resourceAccount;
  const direct = resourceAllow?.principal === PrincipalMatch.Exact;
  const accountGrant = resourceAllow?.principal === PrincipalMatch.Account;
  // Name the document to fix: across accounts the resource policy first when it does not admit
  // the caller; in one account the identity policy, unless the key policy delegates nothing.
  const resourceMissing = sameAccount
    ? resourcePolicyKind === ResourcePolicyKind.KeyPolicy && !direct && !accountGrant
    : !direct && !accountGrant;
  return {
    allowed: false,
    reason: resourceMissing ? DecisionReason.NoResourceAllow : DecisionReason.NoIdentityAllow,
    allowedBy,
  };
}

/**
 * Whether the request is allowed once no Deny matched: `identityAllowed` when an identity policy
 * allows it, `resourcePrincipal` how the resource policy's strongest Allow names the caller
 * (undefined: no Allow statement of it matches).
 */
function isAllowed(
  request: ReplicationRequest,
  resourceAccount: string,
  resourcePolicyKind: ResourcePolicyKind,
  identityAllowed: boolean,
  resourcePrincipal: PrincipalMatch | undefined,
): boolean {
  const direct = resourcePrincipal === PrincipalMatch.Exact;
  const accountGrant = resourcePrincipal === PrincipalMatch.Account;
  if (request.principalIsService || resourcePolicyKind === ResourcePolicyKind.TrustPolicy)
    return direct || (accountGrant && identityAllowed);
  // Same account: the identity policy alone is enough for S3; for KMS the key policy must
  // name the caller or delegate to the account (root) and the identity policy allow it.
  if (request.principalAccount === resourceAccount)
    return resourcePolicyKind === ResourcePolicyKind.KeyPolicy
      ? direct || (accountGrant && identityAllowed)
      : identityAllowed || direct;
  return (direct || accountGrant) && identityAllowed;
}

interface Match {
  ref: StatementRef;
  principal: PrincipalMatch;
}

/** True when the statement's action, resource and conditions match the request (principal aside). */
export function statementMatches(
  statement: PolicyStatement,
  request: Pick<ReplicationRequest, "action" | "resource" | "context">,
): boolean {
  return matchesStatement(compileStatement(statement), matchSubject(request));
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

export { globMatch } from "./compiledStatement";
export type { MatchSteps } from "./compiledStatement";
