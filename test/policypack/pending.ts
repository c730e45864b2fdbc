// Preview's "judged at up" advisories (replication-unjudged): one per resource with values unknown
// in preview. Tests of correct programs in preview accept these and nothing else.
import type { Violation } from "../../policypack/testing";
import { isPendingAdvisory } from "../../policypack/policies/replication-unjudged";

export { isPendingAdvisory };

/** The violations that are judgements (everything but the pending advisories). */
export function judged<T extends Pick<Violation, "policyName" | "message" | "enforcementLevel">>(
  violations: readonly T[],
): T[] {
  return violations.filter((violation) => !isPendingAdvisory(violation));
}
