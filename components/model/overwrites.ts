/**
 * One configuration per target: a bucket has one bucket policy and one replication configuration,
 * a KMS key has one key policy. Two resources writing the same one overwrite each other on every
 * deployment, and what AWS holds is whichever was written last.
 *
 * AWS: "Creates a replication configuration or replaces an existing one." (PutBucketReplication,
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketReplication.html); "Applies an
 * Amazon S3 bucket policy to an Amazon S3 bucket." (PutBucketPolicy,
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketPolicy.html); a key has one key
 * policy, named `default` ("The only valid value is default", PutKeyPolicy,
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_PutKeyPolicy.html).
 */

import { Finding, FindingCode, finding } from "./findings";

/** The single-valued configurations AWS keeps one of per target. */
export enum SingleConfiguration {
  BucketPolicy = "bucket policy",
  KeyPolicy = "key policy",
  Replication = "replication configuration",
}

/** Resources that write the same single-valued configuration of one target. */
export interface ConfigurationWriters {
  /** Which configuration. */
  kind: SingleConfiguration;
  /** The bucket or key, as findings name it. */
  target: string;
  /** The resources writing it, as findings name them (two or more). */
  writers: string[];
}

/** A finding for each target written by more than one resource. */
export function overwriteFindings(groups: readonly ConfigurationWriters[]): Finding[] {
  return groups
    .filter((group) => group.writers.length > 1)
    .map((group) =>
      finding(FindingCode.ConfigurationOverwritten, {
        subject: group.writers[0] ?? group.target,
        detail: { target: group.target, writers: group.writers.join(", ") },
        message: `${group.writers.join(" and ")} each write the ${group.kind} of ${group.target}; AWS keeps one ${group.kind} per ${group.kind === SingleConfiguration.KeyPolicy ? "key" : "bucket"}, so they overwrite each other on every deployment and the result depends on which ran last.`,
        fix: `merge them into one ${group.kind} resource for ${group.target}`,
      }),
    );
}
