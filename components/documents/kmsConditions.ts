/** The KMS conditions that keep a key to S3, in its region, for one bucket. */

import { PolicyCondition } from "../model/policyDocument";
import { ReplicaKeyUse, s3ViaService } from "../model/requests";
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
  const contexts =
    bucket.encryption === Encryption.DsseKms ? [objectsArn(bucket)] : [bucketArn(bucket), objectsArn(bucket)];
  return {
    StringEquals: { "kms:ViaService": s3ViaService(region) },
    StringLike: { "kms:EncryptionContext:aws:s3:arn": contexts },
  };
}

/**
 * The conditions of a replica key statement: S3 in the key's region, and exactly the encryption
 * contexts the arriving replicas use: the destination bucket ARN when replicas are written with a
 * Bucket Key (the source object's or the destination default's: see `replicaForms`), the bucket's
 * objects when they are written without one. A DSSE-KMS destination receiving Bucket-Key source
 * objects therefore allows the bucket ARN too.
 */
export function replicaKeyConditions(destination: BucketEndpoint, keyArn: string, use: ReplicaKeyUse): PolicyCondition {
  const region = parseKeyReference(keyArn).region ?? destination.region;
  const contexts = [
    ...(use.bucketContext ? [bucketArn(destination)] : []),
    ...(use.objectContext ? [objectsArn(destination)] : []),
  ];
  return {
    StringEquals: { "kms:ViaService": s3ViaService(region) },
    StringLike: { "kms:EncryptionContext:aws:s3:arn": contexts },
  };
}
