/** Every bucket policy denies requests without TLS. */
import { FindingCode, PolicyEvaluator, tlsFindings } from "s3-replication/components/model";
import { findingCheck } from "./common";

export const bucketTlsOnly = findingCheck({
  name: "bucket-tls-only",
  description:
    "Every S3 bucket's policy denies requests without TLS (aws:SecureTransport false) to the bucket and its objects.",
  severity: "high",
  codes: [FindingCode.TlsNotEnforced],
  // Buckets the stack reads (`.get`) are not judged: their settings are not the program's. One
  // evaluator for the stack: the probe's identity policy is read once, not once per bucket.
  extra: (model) => {
    const evaluator = new PolicyEvaluator();
    return model.buckets
      .filter((bucket) => !model.readRefs.has(bucket.ref))
      .flatMap((bucket) => tlsFindings(bucket, evaluator));
  },
});
