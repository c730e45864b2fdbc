/**
 * The replication configuration is ordered after the versioning of its source and destination
 * buckets (a Pulumi graph property, read from the stack resource's dependencies): created in
 * parallel, S3 rejects it intermittently ("Destination bucket must have versioning enabled").
 */
import { FINDING_RULES, FindingCode } from "s3-replication/components/model";
import { Check, couldNotJudge, modelFor } from "./common";

/** The ordering check (a Pulumi graph property, no catalogue code). */
export const replicationOrdering: Check = {
  name: "replication-ordering",
  description:
    "Every aws.s3.BucketReplicationConfig depends on the BucketVersioning resources of its source and destination buckets (dependsOn), so a first `up` does not race versioning.",
  severity: "high",
  enforcementLevel: "mandatory",
  codes: [],
  remediationSteps: `Add the source and every destination aws.s3.BucketVersioning to the replication configuration's dependsOn. ${FINDING_RULES[FindingCode.VersioningNotEnabled].help}`,
  run: (args, _config, reportViolation) => {
    try {
      const { model } = modelFor(args);
      for (const issue of model?.ordering ?? []) {
        reportViolation(
          `${issue.ref}: the replication configuration is not ordered after ${issue.missing.join(", ")}; created in parallel, S3 can reject it ("Destination bucket must have versioning enabled"). Fix: add ${issue.missing.join(", ")} to its dependsOn.`,
          issue.urn,
        );
      }
    } catch (error) {
      reportViolation(couldNotJudge(error));
    }
  },
};
