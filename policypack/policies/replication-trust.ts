/** The replication role exists, its trust policy admits s3.amazonaws.com (sts:AssumeRole) with no condition S3 cannot satisfy, and trusts no one else (AssumeRoleNotPermitted). */
import { FindingCode } from "s3-replication/components/model";
import { findingCheck } from "./common";

export const replicationTrust = findingCheck({
  name: "replication-trust",
  description:
    "The replication role exists, its trust policy admits s3.amazonaws.com (sts:AssumeRole) with no condition S3 cannot satisfy, and trusts no one else (AssumeRoleNotPermitted).",
  severity: "critical",
  codes: [
    FindingCode.TrustDeniesS3,
    FindingCode.TrustUnverifiedCondition,
    FindingCode.TrustAdmitsOthers,
    FindingCode.RoleMissing,
  ],
});
