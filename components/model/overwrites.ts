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

import { Finding, FindingClass, FindingCode, Severity, finding } from "./findings";
import { FoundReplication } from "./found";
import { resolveKey } from "./foundPath";

/** The single-valued configurations AWS keeps one of per target. */
export enum SingleConfiguration {
  BucketPolicy = "bucket policy",
  KeyPolicy = "key policy",
  Replication = "replication configuration",
  /** The bucket itself, by name: two resources creating or managing one bucket (in one stack or in exports checked together). */
  Bucket = "bucket",
  /** The KMS key itself, by ARN: two key resources managing one key (an import in two stacks, or twice in one). */
  Key = "key",
}

/** The kinds that name a resource managed twice (S3R069), not a configuration written twice (S3R041). */
const CLAIMED: ReadonlySet<SingleConfiguration> = new Set([SingleConfiguration.Bucket, SingleConfiguration.Key]);

/** Resources that write the same single-valued configuration of one target. */
export interface ConfigurationWriters {
  /** Which configuration. */
  kind: SingleConfiguration;
  /** The bucket or key, as findings name it. */
  target: string;
  /** The resources writing it, as findings name them (two or more). */
  writers: string[];
}

/**
 * A finding for each target written by more than one resource. With `replicationTargets` (the
 * buckets and keys replication paths touch, see `replicationTargets`), an overwrite of a bucket
 * policy or key policy elsewhere is a security finding, not a replication breakage: what it
 * overwrites protects that bucket or key, and no replication depends on it.
 */
export function overwriteFindings(
  groups: readonly ConfigurationWriters[],
  replicationTargets?: ReadonlySet<string>,
): Finding[] {
  return groups
    .filter((group) => group.writers.length > 1 && !CLAIMED.has(group.kind))
    .map((group) => {
      const offPath =
        replicationTargets !== undefined &&
        group.kind !== SingleConfiguration.Replication &&
        !replicationTargets.has(group.target);
      return finding(FindingCode.ConfigurationOverwritten, {
        subject: group.writers[0] ?? group.target,
        ...(offPath ? { kind: FindingClass.Security, severity: Severity.Medium } : {}),
        detail: { target: group.target, writers: group.writers.join(", ") },
        message: `${group.writers.join(" and ")} each write the ${group.kind} of ${group.target}; AWS keeps one ${group.kind} per ${group.kind === SingleConfiguration.KeyPolicy ? "key" : "bucket"}, so they overwrite each other on every deployment and the result depends on which ran last${offPath ? " (no replication path uses it: replication is not affected, the protection either policy gives may be lost)" : ""}.`,
        fix: `merge them into one ${group.kind} resource for ${group.target}`,
      });
    });
}

/** What a claim of each kind means, and how to fix it. */
const CLAIM_TEXT: Record<string, { why: string; read: string }> = {
  [SingleConfiguration.Bucket]: {
    why: "a bucket name is unique, so they manage one bucket: one fails to create it or they overwrite each other's settings",
    read: "aws.s3.Bucket.get",
  },
  [SingleConfiguration.Key]: {
    why: "a key ARN names one key, so they manage one key: they overwrite each other's settings (description, rotation, key policy)",
    read: "aws.kms.Key.get",
  },
};

/**
 * A finding for each bucket name or key ARN managed by more than one resource (S3R069), naming them
 * in sorted order so the finding does not depend on the order of the stack or of the exports. A
 * bucket name is unique across AWS ("Bucket naming rules",
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html): two resources
 * managing it manage one bucket. A key ARN identifies one KMS key ("Find the key ID and key ARN",
 * https://docs.aws.amazon.com/kms/latest/developerguide/find-cmk-id-arn.html): two key resources
 * with the same ARN (one key imported into two stacks) manage one key.
 */
export function claimFindings(groups: readonly ConfigurationWriters[]): Finding[] {
  return groups
    .filter((group) => CLAIMED.has(group.kind) && new Set(group.writers).size > 1)
    .map((group) => {
      const writers = [...group.writers].sort();
      const text = CLAIM_TEXT[group.kind] ?? { why: "", read: "" };
      return finding(FindingCode.ResourceClaimedTwice, {
        subject: writers[0] ?? group.target,
        detail: { target: group.target, writers: writers.join(", ") },
        message: `${writers.join(" and ")} each manage the ${group.kind} ${group.target}; ${text.why}, and what holds depends on which ran last.`,
        fix: `manage ${group.target} from one resource and read it elsewhere (${text.read})`,
      });
    });
}

/** The buckets and keys replication paths touch, as findings name them: sources, destinations, source keys and replica keys. */
export function replicationTargets(replications: readonly FoundReplication[]): Set<string> {
  const targets = new Set<string>();
  for (const found of replications) {
    targets.add(found.source.ref);
    const keys = [found.source.encryption?.keyId];
    for (const destination of Object.values(found.destinations)) {
      targets.add(destination.ref);
      keys.push(destination.encryption?.keyId);
    }
    keys.push(...found.rules.map((rule) => rule.replicaKmsKeyId));
    for (const key of keys) {
      const resolved = resolveKey(found, key);
      if (resolved !== undefined) targets.add(resolved.ref);
    }
  }
  return targets;
}
