/** Every principal on a replication's keys, buckets and role is the key's or bucket's account, the replication role, an allowed account, or a service scoped to a source; the role holds nothing beyond replication. */
import { FindingCode } from "s3-replication/components/model";
import { findingCheck, stringList } from "./common";

export const replicationPrincipals = findingCheck({
  name: "replication-principals",
  description:
    "Every principal on a replication's keys, buckets and role is the key's or bucket's account, the replication role, an allowed account, or a service scoped to a source; the role holds nothing beyond replication (configure allowedPrincipalAccounts; default: none).",
  severity: "critical",
  codes: [
    FindingCode.KeyPolicyPublic,
    FindingCode.KeyPolicyOtherAccount,
    FindingCode.KeyPolicyFullAccess,
    FindingCode.KeyPolicyLockout,
    FindingCode.BucketPolicyPublic,
    FindingCode.BucketPolicyOtherAccount,
    FindingCode.BucketPolicyFullAccess,
    FindingCode.BucketAclPublic,
    FindingCode.BucketAclOtherAccount,
    FindingCode.ReplicaOwnershipNotEnforced,
    FindingCode.ServicePrincipalUnscoped,
    FindingCode.RoleBeyondReplication,
  ],
  configSchema: {
    properties: {
      allowedPrincipalAccounts: {
        type: "array",
        items: { type: "string", pattern: "^[0-9]{12}$" },
        description:
          "Accounts besides the replication's own that may hold grants on its keys and buckets (default: none).",
      },
    },
  },
  options: (config) => {
    const accounts = stringList(config["allowedPrincipalAccounts"]);
    return accounts ? { allowedPrincipalAccounts: accounts } : {};
  },
});
