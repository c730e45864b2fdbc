/** Across accounts, the destination bucket policy admits the replication role for s3:Replicate* (and s3:ObjectOwnerOverrideToBucketOwner with an ownership override). */
import { FindingCode } from "s3-replication/components/model";
import { findingPolicy } from "./common";

export const destinationBucketPolicy = findingPolicy({
  name: "destination-bucket-policy",
  description:
    "Across accounts, the destination bucket policy admits the replication role for s3:Replicate* (and s3:ObjectOwnerOverrideToBucketOwner with an ownership override).",
  severity: "critical",
  codes: [FindingCode.DestinationBucketPolicyMissing],
});
