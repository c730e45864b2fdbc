/**
 * A typed wrapper around the independent IAM evaluator `@cloud-copilot/iam-simulate`
 * (AGPL-3.0, dev dependency only, patched by `test/patches/` so that
 * `kms:EncryptionContext:<key>` condition keys are understood; see
 * /work/shared/EVALUATOR-NOTES.md and `test/evaluator/patch.test.ts`).
 *
 * `simulateRequest` evaluates one `ReplicationRequest` the way AWS does:
 * - same account (principalAccount === resourceAccount): the identity policy OR the
 *   resource policy may allow (except KMS keys and role trust policies, where the
 *   resource policy must admit the principal or delegate to its account - the
 *   evaluator's KMS and STS authorizers implement this);
 * - cross account: the identity policy AND the resource policy must both allow;
 * - `sts:AssumeRole` by a service principal: only the trust policy decides (a service
 *   principal has no identity policy, so any identity policies passed are not used).
 *
 * It never proves less than it claims: it throws when the evaluator reports a
 * validation error, a result other than a single Allowed / ExplicitlyDenied /
 * ImplicitlyDenied, or any request context key it ignored.
 *
 * The evaluator is asynchronous (its IAM data is loaded lazily and asynchronously; the
 * only synchronous entry point, `runUnsafeSimulation`, skips policy validation and
 * context-key checking), so there is deliberately no synchronous variant.
 */
import {
  runSimulation,
  type EvaluationResult,
  type RunSimulationResults,
  type Simulation,
} from "@cloud-copilot/iam-simulate";
import type { PolicyDocument } from "../../components/model/policyDocument";
import { installEvaluatorCache } from "./evaluatorCache";
import { ResourcePolicyKind, type ReplicationRequest } from "../../components/model/requests";

// The evaluator's per-simulation resource-type lookup, kept per request (evaluatorCache.ts).
installEvaluatorCache();

/** The documents that decide a request. */
export interface SimulationDocuments {
  /** The caller's identity policies (the replication role's). Not used for a service principal. */
  identityPolicies: PolicyDocument[];
  /** The trust, bucket or key policy named by `request.resourcePolicy`, if the resource has one. */
  resourcePolicy?: PolicyDocument;
  /** The caller's permissions boundary (the replication role's), if it has one. Not used for a service principal. */
  permissionsBoundary?: PolicyDocument;
}

/** What the evaluator decided for one request. */
export interface SimulationOutcome {
  /** True only for `Allowed`. */
  allowed: boolean;
  /** `Allowed`, `ExplicitlyDenied` or `ImplicitlyDenied`. */
  result: EvaluationResult;
  /** Request context keys the evaluator ignored; always empty (the call throws otherwise). */
  ignoredContextKeys: string[];
  /** The evaluator's full answer, for explanations in failure messages. */
  raw: RunSimulationResults;
}

/** Thrown when the evaluator could not evaluate the request exactly as given. */
export class SimulationError extends Error {
  constructor(
    message: string,
    /** The evaluator's answer, when it gave one. */
    readonly raw?: RunSimulationResults,
  ) {
    super(message);
    this.name = "SimulationError";
  }
}

const DECISIONS: readonly EvaluationResult[] = ["Allowed", "ExplicitlyDenied", "ImplicitlyDenied"];

/** The account id field of an ARN, or undefined when the value is not an ARN or has none. */
function arnAccount(value: string): string | undefined {
  const parts = value.split(":");
  if (parts.length < 6 || parts[0] !== "arn") return undefined;
  return parts[4] || undefined;
}

/** The service field of an ARN, or undefined when the value is not an ARN. */
function arnService(value: string): string | undefined {
  const parts = value.split(":");
  if (parts.length < 6 || parts[0] !== "arn") return undefined;
  return parts[2];
}

/**
 * The request context keys AWS itself adds to every request of this kind (they are not
 * sent by S3, so a `ReplicationRequest` need not list them). A key the request already
 * carries must agree, or the request is inconsistent.
 */
function requestContext(request: ReplicationRequest): Record<string, string> {
  const implicit: Record<string, string> = {};
  if (request.principalIsService) {
    implicit["aws:PrincipalServiceName"] = request.principal;
  } else {
    implicit["aws:PrincipalArn"] = request.principal;
    implicit["aws:PrincipalAccount"] = request.principalAccount;
    if (request.action.toLowerCase().startsWith("kms:")) {
      implicit["kms:CallerAccount"] = request.principalAccount;
    }
  }
  const context: Record<string, string> = { ...request.context };
  const lowerCaseKeys = new Map(Object.keys(context).map((key) => [key.toLowerCase(), key]));
  for (const [key, value] of Object.entries(implicit)) {
    const existing = lowerCaseKeys.get(key.toLowerCase());
    if (existing === undefined) {
      context[key] = value;
    } else if (context[existing] !== value) {
      throw new SimulationError(
        `${request.id}: context ${existing}=${String(context[existing])} contradicts the value AWS sets (${value})`,
      );
    }
  }
  return context;
}

/** Throws when the request's fields contradict each other (the evaluator derives accounts from ARNs). */
function checkRequest(request: ReplicationRequest, docs: SimulationDocuments): void {
  const fail = (problem: string): never => {
    throw new SimulationError(`${request.id}: ${problem}`);
  };
  if (request.resource.includes("*")) fail(`resource ${request.resource} is not a single resource`);
  if (request.principalIsService) {
    if (arnAccount(request.principal) !== undefined) fail(`service principal ${request.principal} is an ARN`);
  } else if (arnAccount(request.principal) !== request.principalAccount) {
    fail(`principal ${request.principal} is not in principalAccount ${request.principalAccount}`);
  }
  const resourceAccount = arnAccount(request.resource);
  if (resourceAccount !== undefined && resourceAccount !== request.resourceAccount) {
    fail(`resource ${request.resource} is not in resourceAccount ${request.resourceAccount}`);
  }
  const service = arnService(request.resource);
  switch (request.resourcePolicy) {
    case ResourcePolicyKind.TrustPolicy:
      if (request.action.toLowerCase() !== "sts:assumerole" || service !== "iam") {
        fail(`a trust policy decides only sts:AssumeRole on a role, not ${request.action} on ${request.resource}`);
      }
      break;
    case ResourcePolicyKind.BucketPolicy:
      if (service !== "s3") fail(`a bucket policy cannot decide a request on ${request.resource}`);
      break;
    case ResourcePolicyKind.KeyPolicy:
      if (service !== "kms") fail(`a key policy cannot decide a request on ${request.resource}`);
      break;
  }
  if (request.principalIsService && request.resourcePolicy !== ResourcePolicyKind.TrustPolicy) {
    fail(`service principal ${request.principal} is only modelled for sts:AssumeRole`);
  }
  if (docs.resourcePolicy === undefined && request.resourcePolicy !== ResourcePolicyKind.BucketPolicy) {
    // Every role has a trust policy and every KMS key has a key policy.
    fail(`no ${request.resourcePolicy} given`);
  }
}

/** The evaluator input for one request. */
export function buildSimulation(request: ReplicationRequest, docs: SimulationDocuments): Simulation {
  checkRequest(request, docs);
  return {
    request: {
      principal: request.principal,
      action: request.action,
      resource: { resource: request.resource, accountId: request.resourceAccount },
      contextVariables: requestContext(request),
    },
    // A service principal has no identity policy: only the trust policy decides.
    identityPolicies: request.principalIsService
      ? []
      : docs.identityPolicies.map((policy, index) => ({ name: `identity-${index}`, policy })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    ...(docs.resourcePolicy !== undefined ? { resourcePolicy: docs.resourcePolicy } : {}),
    ...(docs.permissionsBoundary !== undefined && !request.principalIsService
      ? { permissionBoundaryPolicies: [{ name: "permissions-boundary", policy: docs.permissionsBoundary }] }
      : {}),
  };
}

/**
 * Evaluates one replication request against its documents. Throws a `SimulationError`
 * when the evaluator reports an error, an unexpected result shape or decision, or any
 * ignored context key.
 */
export async function simulateRequest(
  request: ReplicationRequest,
  docs: SimulationDocuments,
): Promise<SimulationOutcome> {
  const simulation = buildSimulation(request, docs);
  const raw = await runSimulation(simulation, { simulationMode: "Strict" });
  if (raw.resultType === "error") {
    throw new SimulationError(`${request.id}: evaluator error: ${JSON.stringify(raw.errors)}`, raw);
  }
  if (raw.resultType !== "single") {
    throw new SimulationError(`${request.id}: expected a single-resource result, got ${raw.resultType}`, raw);
  }
  const result = raw.overallResult;
  if (!DECISIONS.includes(result) || raw.result.analysis.result !== result) {
    throw new SimulationError(`${request.id}: unknown result ${String(result)}`, raw);
  }
  const ignoredContextKeys = raw.result.ignoredContextKeys;
  if (ignoredContextKeys === undefined) {
    throw new SimulationError(`${request.id}: evaluator did not report ignoredContextKeys`, raw);
  }
  if (ignoredContextKeys.length > 0) {
    throw new SimulationError(
      `${request.id}: evaluator ignored request context key(s) ${ignoredContextKeys.join(", ")}; ` +
        `the simulation would not prove what it claims`,
      raw,
    );
  }
  return { allowed: result === "Allowed", result, ignoredContextKeys: [...ignoredContextKeys], raw };
}
