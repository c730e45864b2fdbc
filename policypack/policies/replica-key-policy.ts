/** The source and replica key policies admit the replication role for the KMS actions replication needs, with no aws:SourceArn/aws:SourceAccount condition on its statements. */
import { FindingCode } from "s3-replication/components/model";
import { findingCheck } from "./common";

export const replicaKeyPolicy = findingCheck({
  name: "replica-key-policy",
  description:
    "The source and replica key policies admit the replication role for the KMS actions replication needs, with no aws:SourceArn/aws:SourceAccount condition on its statements.",
  severity: "critical",
  codes: [FindingCode.KeyPolicyMissingRole, FindingCode.KeyPolicySourceCondition],
});
