/** Replica ownership override only across accounts, with destination.account and s3:ObjectOwnerOverrideToBucketOwner; the source enforces bucket-owner object ownership (SrcGetAclNotPermitted). */
import { FindingCode } from "s3-replication/components/model";
import { findingPolicy } from "./common";

export const replicationOwnership = findingPolicy({
  name: "replication-ownership",
  description: "Replica ownership override only across accounts, with destination.account and s3:ObjectOwnerOverrideToBucketOwner; the source enforces bucket-owner object ownership (SrcGetAclNotPermitted).",
  severity: "critical",
  codes: [FindingCode.OwnershipOverrideSameAccount, FindingCode.OwnershipOverrideIncomplete, FindingCode.SourceOwnershipNotEnforced],
});
