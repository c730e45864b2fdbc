// Preview's "judged at up" advisories (replication-unjudged): one per resource with values unknown
// in preview. Tests of correct programs in preview accept these and nothing else.
import type { Violation } from "../../policypack/testing";

/** A replication-unjudged advisory saying what is unknown in preview and that `up` judges it. */
export function isPendingAdvisory(violation: Pick<Violation, "policyName" | "message" | "enforcementLevel">): boolean {
  return violation.policyName === "replication-unjudged" && violation.enforcementLevel === "advisory"
    && / (is|are) unknown in preview, so the checks that need (it|them) did not run; they run at `pulumi up`\.$/.test(violation.message);
}

/** The violations that are judgements (everything but the pending advisories). */
export function judged<T extends Pick<Violation, "policyName" | "message" | "enforcementLevel">>(violations: readonly T[]): T[] {
  return violations.filter((violation) => !isPendingAdvisory(violation));
}
