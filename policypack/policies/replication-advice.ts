/** Advice: findings that neither break replication nor expose anything, reported advisory whatever policy their code belongs to. */
import { FindingCode, bucketEncryptionFindings, possibleOverwriteFindings } from "s3-replication/components/model";
import type { StackModel } from "../mapping";
import { Check, FindingCheckDefinition, findingCheck } from "./common";

/**
 * The replication-advice check. `dropsAdvice` says which codes' advice-class findings no other
 * check reports (a blocking check leaves advice out): this check reports those, so no advice is
 * lost without trace whichever check owns its code.
 */
export function replicationAdviceCheck(dropsAdvice: (code: FindingCode) => boolean): Check {
  return findingCheck({ ...ADVICE, adviceOf: dropsAdvice });
}

const ADVICE = {
  name: "replication-advice",
  description:
    "Advice only, never blocking: an alias ARN as replica key, a trust shared with Batch Replication, an unverified trust condition, a misspelt action that grants nothing, an ownership override that changes nothing, source ownership not enforced, DSSE-KMS with a Bucket Key setting, an inline key or bucket policy or replication configuration that may be a second writer (key rotation and required RTC report in their own advisory policies).",
  severity: "low",
  // The codes that can yield an advice-class finding under a mandatory policy (their catalogue
  // class, or a per-finding one: an alias ARN, a Batch Replication trust). Key rotation (S3R034)
  // and required RTC (S3R037) are all advice and report in their own advisory policies.
  codes: [
    FindingCode.ReplicaKeyNotArn,
    FindingCode.TrustUnverifiedCondition,
    FindingCode.TrustAdmitsOthers,
    FindingCode.InvalidAction,
    FindingCode.OwnershipOverrideSameAccount,
    FindingCode.SourceOwnershipNotEnforced,
    FindingCode.DsseWithBucketKey,
    // Half-stacks: the statements a role or destination outside the stack must hold (contracts).
    FindingCode.RoleContract,
    FindingCode.DestinationContract,
    // An inline policy or replication configuration the state cannot tell from a read-back copy.
    FindingCode.InlineCopyAmbiguous,
  ],
  enforcementLevel: "advisory" as const,
  adviceOnly: true,
  extra: (model: StackModel) => [
    ...model.buckets.flatMap((bucket) => bucketEncryptionFindings(bucket)),
    ...possibleOverwriteFindings(model.writers),
  ],
} satisfies FindingCheckDefinition;
