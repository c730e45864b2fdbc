/**
 * Advisory: what the pack could not judge. Malformed JSON policies a replication depends on, and
 * any internal error of the analysis, are reported here instead of being thrown or passed silently.
 */
import { StackValidationPolicy } from "@pulumi/policy";
import { FoundPolicy } from "s3-replication/components/model";
import { analyzeStack, urnFor } from "./common";

export const replicationUnjudged: StackValidationPolicy = {
  name: "replication-unjudged",
  description: "Reports what the pack could not judge: policy documents that are not valid JSON policies (unknown values in preview are skipped silently) and analysis errors.",
  severity: "low",
  enforcementLevel: "advisory",
  remediationSteps: "Make every policy document valid JSON with a Statement list of objects (Effect Allow/Deny, string or string-list Action/Resource), then re-run.",
  validateStack: (args, reportViolation) => {
    try {
      const analysis = analyzeStack(args);
      if (!analysis) return;
      const seen = new Set<string>();
      const note = (policy: FoundPolicy | undefined): void => {
        if (!policy?.unreadable || policy.unreadable === "unknown during preview" || seen.has(policy.ref)) return;
        seen.add(policy.ref);
        reportViolation(`${policy.ref}: could not be judged, ${policy.unreadable}. Fix: write a valid JSON policy document (e.g. with JSON.stringify or aws.iam.getPolicyDocument).`, urnFor(analysis.model, policy.ref));
      };
      for (const bucket of analysis.model.buckets) note(bucket.policy);
      for (const key of analysis.model.keys) note(key.policy);
      for (const replication of analysis.model.replications) {
        note(replication.role?.trustPolicy);
        replication.role?.policies.forEach(note);
      }
      for (const error of analysis.errors) reportViolation(`could not be judged: ${error}`);
    } catch {
      // never throw
    }
  },
};
