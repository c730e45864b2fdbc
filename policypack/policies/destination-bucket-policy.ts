/** Across accounts, the destination bucket policy admits the replication role for s3:Replicate* (and s3:ObjectOwnerOverrideToBucketOwner with an ownership override). */
import { FindingCode } from "s3-replication/components/model";
import { findingCheck } from "./common";

export const destinationBucketPolicy = findingCheck({
  name: "destination-bucket-policy",
  description:
    "Across accounts, the destination bucket policy admits the replication role for s3:Replicate* (and s3:ObjectOwnerOverrideToBucketOwner with an ownership override).",
  severity: "critical",
  codes: [FindingCode.DestinationBucketPolicyMissing],
});
