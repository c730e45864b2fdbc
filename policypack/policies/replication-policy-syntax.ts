/** Every policy a replication depends on (trust, role, key and bucket policies) uses valid action names and well-formed ARNs; each rule's destination.bucket is a bucket ARN (else DstBucketNotFound). */
import { FindingCode } from "s3-replication/components/model";
import { findingPolicy } from "./common";

export const replicationPolicySyntax = findingPolicy({
  name: "replication-policy-syntax",
  description:
    "Every policy a replication depends on (trust, role, key and bucket policies) uses valid action names and well-formed ARNs; each rule's destination.bucket is an S3 bucket ARN (a bucket name or any other value names no bucket S3 can find: DstBucketNotFound).",
  severity: "high",
  codes: [FindingCode.InvalidAction, FindingCode.MalformedArn, FindingCode.DestinationBucketMissing],
});
