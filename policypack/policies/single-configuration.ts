/** One bucket policy, one key policy and one replication configuration per bucket or key: two resources writing the same one overwrite each other. */
import { FindingCode, claimFindings, overwriteFindings, replicationTargets } from "s3-replication/components/model";
import { findingCheck } from "./common";

export const singleConfiguration = findingCheck({
  name: "single-configuration",
  description:
    "At most one aws.s3.BucketPolicy and one aws.s3.BucketReplicationConfig per bucket and one aws.kms.KeyPolicy per key, a key's or bucket's inline policy or replication configuration counting as one: AWS keeps one, so two resources overwrite each other on every `up`.",
  severity: "critical",
  codes: [FindingCode.ConfigurationOverwritten, FindingCode.ResourceClaimedTwice],
  // Breaking only on a replication path; elsewhere a security finding. Two resources managing one bucket: S3R069.
  extra: (model) => [
    ...overwriteFindings(model.writers, replicationTargets(model.replications)),
    ...claimFindings(model.writers),
  ],
});
