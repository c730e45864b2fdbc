// Preview's "judged at up" advisories (replication-unjudged): one per resource with values unknown
// in preview. Tests of correct programs in preview accept these and nothing else.
import type { Violation } from "../../policypack/testing";
import { isPendingAdvisory } from "../../policypack/policies/replication-unjudged";

export { isPendingAdvisory };

/**
 * True for a half-stack contract (S3R066, S3R067): an advisory listing what a role or destination
 * outside the stack must hold, not a verdict on the stack (test/policypack/halfStack.test.ts).
 */
export function isContractAdvisory(violation: Pick<Violation, "message" | "enforcementLevel">): boolean {
  return violation.enforcementLevel === "advisory" && /\[S3R06[67] /.test(violation.message);
}

/** The violations that are judgements (everything but the pending advisories and the half-stack contracts). */
export function judged<T extends Pick<Violation, "policyName" | "message" | "enforcementLevel">>(
  violations: readonly T[],
): T[] {
  return violations.filter((violation) => !isPendingAdvisory(violation) && !isContractAdvisory(violation));
}
