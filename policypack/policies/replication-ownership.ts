/** Replica ownership override only across accounts, with destination.account and s3:ObjectOwnerOverrideToBucketOwner; the source enforces bucket-owner object ownership (SrcGetAclNotPermitted). */
import {
  FINDING_RULES,
  Finding,
  FindingCode,
  OWNERSHIP_OVERRIDE_ACTION,
  finding,
} from "s3-replication/components/model";
import { findingCheck, remediationFor } from "./common";

const CODES = [
  FindingCode.OwnershipOverrideSameAccount,
  FindingCode.OwnershipOverrideIncomplete,
  FindingCode.SourceOwnershipNotEnforced,
];

/** Denials of s3:ObjectOwnerOverrideToBucketOwner (role policy, destination bucket policy, or a Deny) make the override incomplete. */
const DENIALS = new Set<FindingCode>([
  FindingCode.RoleMissingPermission,
  FindingCode.DestinationBucketPolicyMissing,
  FindingCode.ExplicitDeny,
]);

/** An incomplete ownership override (S3R024) read from a denied s3:ObjectOwnerOverrideToBucketOwner. */
export function overrideDenied(item: Finding): Finding | undefined {
  if (!DENIALS.has(item.code) || item.detail["action"] !== OWNERSHIP_OVERRIDE_ACTION) return undefined;
  return finding(FindingCode.OwnershipOverrideIncomplete, {
    subject: item.subject,
    ...(item.location !== undefined ? { location: item.location } : {}),
    ...(item.path !== undefined ? { path: item.path } : {}),
    detail: { ...item.detail, setting: "accessControlTranslation.owner", deniedAs: item.code },
    message: `the rule overrides replica ownership (accessControlTranslation.owner Destination) but ${item.message.charAt(0).toLowerCase()}${item.message.slice(1)} Without ${OWNERSHIP_OVERRIDE_ACTION}, every replica fails (DstPutObjectNotPermitted).`,
    fix: item.fix,
  });
}

export const replicationOwnership = findingCheck({
  name: "replication-ownership",
  description:
    "Replica ownership override only across accounts, with destination.account and s3:ObjectOwnerOverrideToBucketOwner; the source enforces bucket-owner object ownership (SrcGetAclNotPermitted).",
  severity: "critical",
  codes: CODES,
  remediationSteps: remediationFor(
    CODES,
    `With accessControlTranslation { owner: "Destination" }: set destination.account, and allow ${OWNERSHIP_OVERRIDE_ACTION} on DESTINATION/* in both the role's policy and the destination bucket policy. ${FINDING_RULES[FindingCode.OwnershipOverrideSameAccount].help}`,
  ),
  derive: overrideDenied,
});
