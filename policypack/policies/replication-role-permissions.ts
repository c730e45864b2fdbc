/** The replication role holds exactly what replication needs: source bucket and object actions (s3:GetObjectVersionForReplication, not s3:GetObjectVersion), destination s3:Replicate*, KMS Decrypt/Encrypt; nothing more, and no Deny blocks it. */
import { FindingCode } from "s3-replication/components/model";
import { findingCheck } from "./common";

export const replicationRolePermissions = findingCheck({
  name: "replication-role-permissions",
  description:
    "The replication role holds exactly what replication needs: source bucket and object actions (s3:GetObjectVersionForReplication, not s3:GetObjectVersion), destination s3:Replicate*, KMS Decrypt/Encrypt; nothing more, and no Deny blocks it.",
  severity: "critical",
  codes: [
    FindingCode.RoleMissingPermission,
    FindingCode.GetObjectVersionInsteadOfReplication,
    FindingCode.RoleExcessPermission,
    FindingCode.ExplicitDeny,
  ],
});
