/** Every bucket blocks public access. */
import { FindingCode, publicAccessFindings } from "s3-replication/components/model";
import { findingCheck } from "./common";

export const bucketPublicAccess = findingCheck({
  name: "bucket-public-access",
  description: "Every S3 bucket has a public access block with all four settings true.",
  severity: "high",
  codes: [FindingCode.PublicAccessNotBlocked],
  // Buckets the stack reads (`.get`) are not judged: their settings are not the program's.
  extra: (model) => model.buckets.filter((bucket) => !model.readRefs.has(bucket.ref)).flatMap(publicAccessFindings),
});
