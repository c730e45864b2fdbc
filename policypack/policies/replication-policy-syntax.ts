/** Every policy a replication depends on (trust, role, key and bucket policies) uses valid action names and well-formed ARNs; the rule's destination bucket is an ARN. */
import { FindingCode } from "s3-replication/components/model";
import { findingPolicy } from "./common";

export const replicationPolicySyntax = findingPolicy({
  name: "replication-policy-syntax",
  description: "Every policy a replication depends on (trust, role, key and bucket policies) uses valid action names and well-formed ARNs; the rule's destination bucket is an ARN.",
  severity: "high",
  codes: [FindingCode.InvalidAction, FindingCode.MalformedArn],
});
