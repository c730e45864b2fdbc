/** KMS permissions for replication match Bucket Key use: kms:EncryptionContext:aws:s3:arn admits the bucket ARN and the object ARNs, and a Bucket-Key destination's replica key allows kms:Decrypt to the role. */
import { FindingCode } from "s3-replication/components/model";
import { findingCheck } from "./common";

export const replicationKmsConditions = findingCheck({
  name: "replication-kms-conditions",
  description:
    "KMS permissions for replication match Bucket Key use: kms:EncryptionContext:aws:s3:arn admits the bucket ARN and the object ARNs, and a Bucket-Key destination's replica key allows kms:Decrypt to the role.",
  severity: "critical",
  codes: [FindingCode.KmsContextMismatch, FindingCode.BucketKeyDecryptMissing],
});
