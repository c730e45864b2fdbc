/**
 * Every policy a replication depends on (trust, role, key and bucket policies) can be read and uses
 * valid action names and well-formed ARNs; each rule's destination.bucket is a bucket ARN (else
 * DstBucketNotFound); every value of the stack has the type its property takes (else it could not
 * be judged).
 */
import { FindingCode } from "s3-replication/components/model";
import { findingCheck } from "./common";

export const replicationPolicySyntax = findingCheck({
  name: "replication-policy-syntax",
  description:
    "Every policy a replication depends on (trust, role, key and bucket policies) can be read and uses valid action names and well-formed ARNs; each rule's destination.bucket is an S3 bucket ARN (a bucket name or any other value names no bucket S3 can find: DstBucketNotFound); every value the pack reads has the type its property takes (a wrong-typed value could not be judged); IAM policy Sids are alphanumeric (IAM rejects others at apply).",
  severity: "high",
  codes: [
    FindingCode.InvalidAction,
    FindingCode.MalformedArn,
    FindingCode.DestinationBucketMissing,
    FindingCode.PropertyUnreadable,
    FindingCode.DocumentUnreadable,
    FindingCode.IamSidInvalid,
  ],
});
