/**
 * Advisory: what the pack could not judge, so nothing passes silently. One advisory per resource
 * whose values are unknown in preview (what is unknown; judged at `up`), per document that is not a
 * valid JSON policy, and per attached policy whose document the stack cannot see (an AWS managed
 * policy such as arn:aws:iam::aws:policy/AmazonS3FullAccess): the role's missing permissions are
 * then not reported, since that document may grant them.
 */
import { FoundPolicy } from "s3-replication/components/model";
import { PendingJudgement, UNKNOWN_IN_PREVIEW } from "../mapping";
import { Check, analyzeStack, couldNotJudge, urnFor } from "./common";

/** The advisory for a resource with values unknown in preview: what is unknown and, when known, the checks that wait for it. */
export function pendingMessage(entry: Pick<PendingJudgement, "ref" | "unknown" | "checks">): string {
  const checks = entry.checks !== undefined && entry.checks.length > 0 ? ` (${entry.checks.join("; ")})` : "";
  return `${entry.ref}: unknown in preview: ${entry.unknown.join(", ")}; the checks that need ${entry.unknown.length > 1 ? "them" : "it"}${checks} run at \`pulumi up\`.`;
}

/** True for a replication-unjudged advisory saying what preview could not know (the SDK prefixes the policy description). */
export function isPendingAdvisory(violation: {
  policyName: string;
  message: string;
  enforcementLevel: string;
}): boolean {
  return (
    violation.policyName === "replication-unjudged" &&
    violation.enforcementLevel === "advisory" &&
    /: unknown in preview: .*; the checks that need (it|them)( \(.*\))? run at `pulumi up`\.$/.test(violation.message)
  );
}

/** The could-not-judge check: advisories naming what the pack could not judge. */
export const replicationUnjudged: Check = {
  name: "replication-unjudged",
  description:
    "Reports what the pack could not judge: values unknown in preview (one advisory per resource, judged at `up`), policy documents that are not valid JSON policies, and attached policies whose documents the stack does not hold (AWS managed policies).",
  severity: "low",
  enforcementLevel: "advisory",
  codes: [],
  remediationSteps:
    "Unknown in preview: nothing to do, `up` judges them. Invalid documents: write valid JSON with a Statement list of objects (Effect Allow/Deny, string or string-list Action/Resource). Unseen attached policies: grant replication's permissions in a policy the stack holds (a customer managed or inline policy), so the pack can judge them.",
  run: (args, _config, reportViolation) => {
    try {
      const analysis = analyzeStack(args);
      if (!analysis) return;
      const { model } = analysis;
      for (const entry of analysis.pending) {
        reportViolation(pendingMessage(entry), entry.urn === "" ? undefined : entry.urn);
      }
      const seen = new Set<string>();
      const note = (policy: FoundPolicy | undefined): void => {
        if (!policy?.unreadable || policy.unreadable === UNKNOWN_IN_PREVIEW || seen.has(policy.ref)) return;
        seen.add(policy.ref);
        reportViolation(
          `${policy.ref}: could not be judged, ${policy.unreadable}. Fix: write a valid JSON policy document (e.g. with JSON.stringify or aws.iam.getPolicyDocument).`,
          urnFor(model, policy.ref),
        );
      };
      for (const bucket of model.buckets) note(bucket.policy);
      for (const key of model.keys) note(key.policy);
      for (const replication of model.replications) {
        const role = replication.role;
        note(role?.trustPolicy);
        role?.policies.forEach(note);
        for (const arn of role?.unresolvedPolicyArns ?? []) {
          if (seen.has(`${role?.ref}|${arn}`)) continue;
          seen.add(`${role?.ref}|${arn}`);
          reportViolation(
            `${role?.ref}: the attached policy ${arn} is not in the stack (an AWS managed policy, or one managed elsewhere), so its document cannot be read; the role's permissions are judged only on the documents the stack holds, and missing permissions are not reported. Fix: grant replication's permissions in a policy the stack holds to have them judged.`,
            urnFor(model, role?.ref ?? replication.ref),
          );
        }
      }
    } catch (error) {
      reportViolation(couldNotJudge(error));
    }
  },
};
