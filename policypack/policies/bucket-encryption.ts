/** Every bucket has default encryption of an allowed type; DSSE-KMS without Bucket Keys. */
import { Encryption, FindingCode, bucketEncryptionFindings } from "s3-replication/components/model";
import { findingCheck, stringList } from "./common";

const ALL = [Encryption.SseS3, Encryption.SseKms, Encryption.DsseKms] as string[];

export const bucketEncryption = findingCheck({
  name: "bucket-encryption",
  description:
    "Every S3 bucket has a default server-side encryption configuration of an allowed type (optionally SSE-KMS with a customer managed key and a Bucket Key); DSSE-KMS never with a Bucket Key.",
  severity: "high",
  codes: [
    FindingCode.EncryptionNotAllowed,
    FindingCode.DsseWithBucketKey,
    FindingCode.BucketKeyDisabled,
    FindingCode.CustomerManagedKeyRequired,
  ],
  configSchema: {
    properties: {
      allowedEncryptionTypes: {
        type: "array",
        items: { type: "string", enum: ALL },
        default: ALL,
        description: "Allowed sseAlgorithm values.",
      },
      requireCustomerManagedKey: {
        type: "boolean",
        default: false,
        description: "Require SSE-KMS/DSSE-KMS with a customer managed key.",
      },
      requireBucketKey: { type: "boolean", default: false, description: "Require S3 Bucket Keys on SSE-KMS buckets." },
    },
  },
  extra: (model, config) => {
    const allowed = stringList(config["allowedEncryptionTypes"])?.filter((type) => ALL.includes(type)) as
      Encryption[] | undefined;
    const options = {
      ...(allowed ? { allowedEncryption: allowed } : {}),
      requireCustomerManagedKey: config["requireCustomerManagedKey"] === true,
      requireBucketKey: config["requireBucketKey"] === true,
    };
    // Buckets the stack reads (`.get`) are not judged: their settings are not the program's.
    return model.buckets
      .filter((bucket) => !model.readRefs.has(bucket.ref))
      .flatMap((bucket) => bucketEncryptionFindings(bucket, options));
  },
});
