/** Advice: findings that neither break replication nor expose anything, reported advisory whatever policy their code belongs to. */
import { FindingCode, bucketEncryptionFindings } from "s3-replication/components/model";
import { findingPolicy } from "./common";

export const replicationAdvice = findingPolicy({
  name: "replication-advice",
  description: "Advice only, never blocking: an alias ARN as replica key, a trust shared with Batch Replication, an unverified trust condition, a misspelt action that grants nothing, an ownership override that changes nothing, source ownership not enforced, a bucket relying on S3's SSE-S3 default, DSSE-KMS with a Bucket Key setting (key rotation and required RTC report in their own advisory policies).",
  severity: "low",
  // Codes whose own policy is advisory (all advice) report there: not twice.
  codes: Object.values(FindingCode).filter((code) => code !== FindingCode.ReplicationTimeRequired && code !== FindingCode.KeyRotationDisabled),
  enforcementLevel: "advisory",
  adviceOnly: true,
  extra: (model) => model.buckets.flatMap((bucket) => bucketEncryptionFindings(bucket)),
});
