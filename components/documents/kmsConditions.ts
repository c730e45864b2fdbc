/** The KMS conditions that keep a key to S3, in its region, for one bucket. */

import { PolicyCondition } from "../model/policyDocument";
import { s3ViaService } from "../model/requests";
import { BucketEndpoint, Encryption, bucketArn, objectsArn } from "../model/topology";
import { parseKeyReference } from "../model/arn";

/**
 * `kms:ViaService` = S3 in the key's region, and `kms:EncryptionContext:aws:s3:arn` = the
 * bucket's objects (written without a Bucket Key) or the bucket itself (written with one).
 * Both contexts are allowed because a bucket that ever switched Bucket Keys holds both kinds
 * (DSSE-KMS has no Bucket Keys, so only object contexts).
 */
export function s3KeyConditions(bucket: BucketEndpoint, keyArn: string): PolicyCondition {
  const region = parseKeyReference(keyArn).region ?? bucket.region;
  const contexts = bucket.encryption === Encryption.DsseKms ? [objectsArn(bucket)] : [bucketArn(bucket), objectsArn(bucket)];
  return {
    StringEquals: { "kms:ViaService": s3ViaService(region) },
    StringLike: { "kms:EncryptionContext:aws:s3:arn": contexts },
  };
}
