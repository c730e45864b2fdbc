/** EncryptedBucket: a bucket (new or existing) with versioning, default encryption, and the secure settings. */

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { bucketPolicy, tlsOnlyStatements } from "./documents/bucketPolicy";
import { Encryption } from "./enums";
import { encryptionChoiceIssues, throwIfIssues } from "./model/validate";

/** Arguments of EncryptedBucket. */
export interface EncryptedBucketArgs {
  /**
   * Name of a new bucket. Default: none (auto-named from the component name).
   * @default none
   */
  bucketName?: string;
  /**
   * Name of an existing bucket to configure instead of creating one. Default: none (a new bucket is created).
   * @default none
   */
  existingBucketName?: pulumi.Input<string>;
  /**
   * Region of the bucket when it differs from the provider's (the per-resource region argument). Default: the provider's region.
   * @default the provider's region
   */
  region?: string;
  /**
   * AWS partition of the bucket's account. Default: looked up with aws.getPartition on the provider.
   * @default looked up with aws.getPartition on the provider
   */
  partition?: pulumi.Input<string>;
  /**
   * Default encryption. Default: SSE-KMS (`aws:kms`).
   * @default SSE-KMS
   */
  encryption?: Encryption;
  /**
   * Full ARN of the KMS key for SSE-KMS / DSSE-KMS. Required when the encryption uses KMS. Default: none.
   * @default none
   */
  kmsKeyArn?: pulumi.Input<string>;
  /**
   * S3 Bucket Key on the default encryption (not supported with DSSE-KMS). Default: true for SSE-KMS, false otherwise.
   * @default true for SSE-KMS, false otherwise
   */
  bucketKeyEnabled?: boolean;
  /**
   * Object Lock on a new bucket (cannot be turned off; changing it replaces the bucket). Default: false.
   * @default false
   */
  objectLock?: boolean;
  /**
   * The whole bucket policy as JSON. Default: the TLS-only policy.
   * @default the TLS-only policy
   */
  policy?: pulumi.Input<string>;
  /**
   * Write the bucket policy (the policy argument, else TLS-only). Default: true for a new bucket, false for an existing one.
   * @default true for a new bucket, false for an existing one
   */
  managePolicy?: boolean;
  /**
   * Block all public access and enforce bucket-owner ownership (ACLs off). Default: true for a new bucket, false for an existing one.
   * @default true for a new bucket, false for an existing one
   */
  secureSettings?: boolean;
  /**
   * Let `pulumi destroy` delete a bucket that still holds objects. Default: false.
   * @default false
   */
  forceDestroy?: boolean;
  /**
   * Keep a new bucket in AWS when it is deleted from the stack. Default: true.
   * @default true
   */
  retainOnDelete?: boolean;
  /**
   * Tags of a new bucket. Default: none.
   * @default none
   */
  tags?: Record<string, string>;
}

/**
 * An S3 bucket with versioning Enabled, default encryption (SSE-KMS with a Bucket Key by
 * default), all public access blocked, `BucketOwnerEnforced` ownership and a TLS-only bucket
 * policy. With `existingBucketName` it configures a bucket that already exists instead.
 */
export class EncryptedBucket extends pulumi.ComponentResource {
  /** Bucket name (resolves once versioning is Enabled, so replication rules built from it wait for versioning). */
  public readonly bucketName: pulumi.Output<string>;
  /** Bucket ARN. */
  public readonly bucketArn: pulumi.Output<string>;
  /** The default encryption algorithm (`AES256`, `aws:kms` or `aws:kms:dsse`). */
  public readonly sseAlgorithm: pulumi.Output<string>;

  /** Creates the bucket and its settings. */
  constructor(name: string, args: EncryptedBucketArgs, opts?: pulumi.ComponentResourceOptions) {
    super("s3-replication:index:EncryptedBucket", name, {}, opts);
    const encryption = args.encryption ?? Encryption.SseKms;
    throwIfIssues(encryptionChoiceIssues(encryption, args.bucketKeyEnabled, args.kmsKeyArn !== undefined, `EncryptedBucket ${name}`, "kmsKeyArn"));
    const existing = args.existingBucketName !== undefined;
    const region = args.region === undefined ? {} : { region: args.region };
    const child: pulumi.CustomResourceOptions = { parent: this };
    let bucketId: pulumi.Output<string>;
    if (args.existingBucketName !== undefined) {
      bucketId = pulumi.output(args.existingBucketName);
    } else {
      const bucket = new aws.s3.Bucket(`${name}-bucket`, {
        ...region,
        ...(args.bucketName === undefined ? {} : { bucket: args.bucketName }),
        ...(args.objectLock === true ? { objectLockEnabled: true } : {}),
        ...(args.forceDestroy === true ? { forceDestroy: true } : {}),
        ...(args.tags === undefined ? {} : { tags: args.tags }),
      }, { ...child, retainOnDelete: args.retainOnDelete ?? true });
      bucketId = bucket.bucket;
    }
    // One change at a time on a bucket: parallel changes can fail with OperationAborted (409).
    const versioning = new aws.s3.BucketVersioning(`${name}-versioning`, {
      ...region, bucket: bucketId, versioningConfiguration: { status: "Enabled" },
    }, child);
    let previous: pulumi.Resource = versioning;
    const bucketKey = args.bucketKeyEnabled ?? encryption === Encryption.SseKms;
    const sse: aws.s3.BucketServerSideEncryptionConfiguration = new aws.s3.BucketServerSideEncryptionConfiguration(`${name}-encryption`, {
      ...region, bucket: bucketId,
      rules: [{
        applyServerSideEncryptionByDefault: {
          sseAlgorithm: encryption,
          ...(encryption === Encryption.SseS3 || args.kmsKeyArn === undefined ? {} : { kmsMasterKeyId: args.kmsKeyArn }),
        },
        ...(encryption === Encryption.SseS3 ? {} : { bucketKeyEnabled: bucketKey }),
      }],
    }, { ...child, dependsOn: [previous] });
    previous = sse;
    if (args.secureSettings ?? !existing) {
      const pab = new aws.s3.BucketPublicAccessBlock(`${name}-public-access-block`, {
        ...region, bucket: bucketId,
        blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true,
      }, { ...child, dependsOn: [previous] });
      previous = new aws.s3.BucketOwnershipControls(`${name}-ownership`, {
        ...region, bucket: bucketId, rule: { objectOwnership: "BucketOwnerEnforced" },
      }, { ...child, dependsOn: [pab] });
    }
    const partition = args.partition ?? aws.getPartitionOutput({}, { parent: this }).partition;
    if (args.managePolicy ?? !existing) {
      const policy = args.policy ?? pulumi.all([partition, bucketId]).apply(([p, bucketName]) => JSON.stringify(bucketPolicy(tlsOnlyStatements({ partition: p, bucketName }))));
      new aws.s3.BucketPolicy(`${name}-policy`, { ...region, bucket: bucketId, policy }, { ...child, dependsOn: [previous] });
    }
    this.bucketName = pulumi.all([versioning.bucket, sse.bucket]).apply(([b]) => b);
    this.bucketArn = pulumi.interpolate`arn:${partition}:s3:::${bucketId}`;
    this.sseAlgorithm = pulumi.output(encryption as string);
    this.registerOutputs({ bucketName: this.bucketName, bucketArn: this.bucketArn, sseAlgorithm: this.sseAlgorithm });
  }
}
