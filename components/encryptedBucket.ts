/** EncryptedBucket: a bucket (new or existing) with versioning, default encryption, and the secure settings. */

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { bucketPolicy, tlsOnlyStatements } from "./documents/bucketPolicy";
import { PolicyStatement } from "./model/policyDocument";
import { PolicyStatements } from "./resourcePolicy";
import { Encryption } from "./enums";
import { encryptionChoiceIssues, throwIfIssues, withArgumentPaths } from "./model/validate";
import { ArgSpec, checkBlockArgs } from "./blockArgs";
import { accountIssues, bucketNameIssues, partitionIssues, regionIssues } from "./model/awsLimits";

/** The type and AWS rule of every EncryptedBucket argument (checked at construction). */
const ENCRYPTED_BUCKET_ARGS: ArgSpec = {
  bucketName: { kind: "string", check: bucketNameIssues },
  existingBucketName: { kind: "input", check: bucketNameIssues },
  region: { kind: "string", check: regionIssues },
  partition: { kind: "input", check: partitionIssues },
  encryption: { kind: "string", oneOf: Object.values(Encryption) },
  kmsKeyArn: { kind: "input" },
  bucketKeyEnabled: { kind: "boolean" },
  objectLock: { kind: "boolean" },
  policy: { kind: "input" },
  account: { kind: "input", check: accountIssues },
  managePolicy: { kind: "boolean" },
  secureSettings: { kind: "boolean" },
  forceDestroy: { kind: "boolean" },
  retainOnDelete: { kind: "boolean" },
  tags: { kind: "tags" },
};

/** Arguments of EncryptedBucket. */
export interface EncryptedBucketArgs {
  /**
   * Name of a new bucket. Default: none (auto-named from the component name).
   */
  bucketName?: string;
  /**
   * Name of an existing bucket to configure instead of creating one. Default: none (a new bucket is created).
   */
  existingBucketName?: pulumi.Input<string>;
  /**
   * Region of the bucket when it differs from the provider's (the per-resource region argument). Default: the provider's region.
   */
  region?: string;
  /**
   * AWS partition of the bucket's account. Default: looked up with aws.getPartition on the provider.
   */
  partition?: pulumi.Input<string>;
  /**
   * Default encryption. Default: SSE-KMS (`aws:kms`).
   */
  encryption?: Encryption;
  /**
   * Full ARN of the KMS key for SSE-KMS / DSSE-KMS. Required when the encryption uses KMS. Default: none.
   */
  kmsKeyArn?: pulumi.Input<string>;
  /**
   * S3 Bucket Key on the default encryption (not supported with DSSE-KMS). Default: true for SSE-KMS, false otherwise.
   */
  bucketKeyEnabled?: boolean;
  /**
   * Object Lock on a new bucket (cannot be turned off; changing it replaces the bucket). Default: false.
   */
  objectLock?: boolean;
  /**
   * The whole bucket policy as JSON. Default: the TLS-only policy, plus the statements a replication adds (TypeScript: addToResourcePolicy).
   */
  policy?: pulumi.Input<string>;
  /**
   * Account id of the bucket's owner, for the documents a replication writes about it. Default: looked up with aws.getCallerIdentity on the provider when a replication needs it.
   */
  account?: pulumi.Input<string>;
  /**
   * Write the bucket policy (the policy argument, else TLS-only). Default: true for a new bucket, false for an existing one.
   */
  managePolicy?: boolean;
  /**
   * Block all public access and enforce bucket-owner ownership (ACLs off). Default: true for a new bucket, false for an existing one.
   */
  secureSettings?: boolean;
  /**
   * Let `pulumi destroy` delete a bucket that still holds objects. Default: false.
   */
  forceDestroy?: boolean;
  /**
   * Keep a new bucket in AWS when it is deleted from the stack. Default: true.
   */
  retainOnDelete?: boolean;
  /**
   * Tags of a new bucket. Default: none.
   */
  tags?: Record<string, string>;
}

/** Options of EncryptedBucket: the standard ones, plus earlier URNs of its bucket policy (when it moved here from another parent). */
export interface EncryptedBucketOptions extends pulumi.ComponentResourceOptions {
  /**
   * Earlier URNs of the bucket policy, kept as aliases so an update moves it instead of replacing it. Default: none.
   */
  policyAliases?: pulumi.Input<string>[];
  /**
   * The Region of the bucket's provider, when the program already knows it (TypeScript; for what a
   * replication reads with placement). Default: looked up with aws.getRegion on the provider when needed.
   */
  providerRegion?: pulumi.Input<string>;
}

/** Where a block lives and how it encrypts: what a replication reads from it (TypeScript). */
export interface BucketPlacement {
  /** The provider the block was created with (undefined = the default provider). */
  provider: pulumi.ProviderResource | undefined;
  /** The per-resource region argument of its resources (absent = the provider's region). */
  region: { region?: string };
  /** Account id. */
  account: pulumi.Output<string>;
  /** Region name. */
  regionName: pulumi.Output<string>;
  /** Partition. */
  partition: pulumi.Output<string>;
  /** Bucket name (resolves once versioning is Enabled). */
  bucketName: pulumi.Output<string>;
  /** Default encryption. */
  encryption: Encryption;
  /** Bucket Key on. */
  bucketKeyEnabled: boolean;
  /** Object Lock on. */
  objectLockEnabled: boolean;
  /** Its KMS key ARN (undefined with SSE-S3). */
  keyArn: pulumi.Output<string | undefined>;
  /** True when the block writes the bucket policy (statements added are attached); false: they are only published. */
  writesPolicy: boolean;
}

/** What the TypeScript methods of an EncryptedBucket reach. */
interface Internals {
  addStatements: (statements: pulumi.Input<PolicyStatement[]>) => void;
  statementsAdded: pulumi.Output<PolicyStatement[]>;
  placementOf: () => BucketPlacement;
  written: pulumi.Output<string>;
}
const INTERNALS = new WeakMap<EncryptedBucket, Internals>();
function internalsOf(bucket: EncryptedBucket): Internals {
  const found = INTERNALS.get(bucket);
  if (found === undefined) throw new Error("EncryptedBucket: not constructed");
  return found;
}

/**
 * An S3 bucket with versioning Enabled, default encryption (SSE-KMS with a Bucket Key by
 * default), all public access blocked, `BucketOwnerEnforced` ownership and a TLS-only bucket
 * policy. With `existingBucketName` it configures a bucket that already exists instead.
 *
 * @example
 * A bucket under its own key, through a provider you configure, then a bucket that already exists:
 * ```ts
 * import * as aws from "@pulumi/aws";
 * import { EncryptedBucket, ReplicationKey } from "s3-replication";
 *
 * const dr = new aws.Provider("dr", { region: "eu-west-1", profile: "orders-dr" });
 * const key = new ReplicationKey("orders-dr-key", { aliasName: "alias/orders-dr" }, { provider: dr });
 * const bucket = new EncryptedBucket("orders-dr", { kmsKeyArn: key.keyArn }, { provider: dr });
 * const legacy = new EncryptedBucket("legacy", { existingBucketName: "acme-legacy-orders", kmsKeyArn: key.keyArn }, { provider: dr });
 *
 * export const bucketName = bucket.bucketName;
 * export const legacyArn = legacy.bucketArn;
 * ```
 */
export class EncryptedBucket extends pulumi.ComponentResource {
  /** Bucket name (resolves once versioning is Enabled, so replication rules built from it wait for versioning). */
  public readonly bucketName: pulumi.Output<string>;
  /** Bucket ARN. */
  public readonly bucketArn: pulumi.Output<string>;
  /** The default encryption algorithm (`AES256`, `aws:kms` or `aws:kms:dsse`). */
  public readonly sseAlgorithm: pulumi.Output<string>;

  /** Resolves once the bucket policy is written (its id; empty when this block writes none), for resources that must wait for it (TypeScript). */
  policyWritten(): pulumi.Output<string> {
    return internalsOf(this).written;
  }

  /**
   * Adds statements to the bucket's one policy (TypeScript; the replication blocks call it).
   * Without a policy this block writes (an existing bucket), they are only collected: see
   * addedStatements.
   */
  addToResourcePolicy(statements: pulumi.Input<PolicyStatement[]>): void {
    internalsOf(this).addStatements(statements);
  }

  /** Every statement added to the policy, in order (TypeScript). */
  addedStatements(): pulumi.Output<PolicyStatement[]> {
    return internalsOf(this).statementsAdded;
  }

  /** Where the bucket lives and how it encrypts (TypeScript; account and region looked up on its provider when not given). */
  placement(): BucketPlacement {
    return internalsOf(this).placementOf();
  }

  /** Creates the bucket and its settings. */
  constructor(name: string, args: EncryptedBucketArgs, opts?: EncryptedBucketOptions) {
    checkBlockArgs("EncryptedBucket", name, args, ENCRYPTED_BUCKET_ARGS);
    const { policyAliases, providerRegion, ...componentOpts } = opts ?? {};
    super("s3-replication:index:EncryptedBucket", name, {}, componentOpts);
    const encryption = args.encryption ?? Encryption.SseKms;
    // The model names the key `keyArn`; this block's argument is kmsKeyArn.
    throwIfIssues(
      withArgumentPaths(
        encryptionChoiceIssues(encryption, args.bucketKeyEnabled, args.kmsKeyArn !== undefined),
        (at) => `EncryptedBucket ${name}.${at.field === "keyArn" ? "kmsKeyArn" : at.field}`,
      ),
    );
    const existing = args.existingBucketName !== undefined;
    const region = args.region === undefined ? {} : { region: args.region };
    const site: BucketSite = { name, region, child: { parent: this }, bucketId: bucketIdOf(name, args, region, this) };
    // One change at a time on a bucket: parallel changes can fail with OperationAborted (409).
    const versioning = new aws.s3.BucketVersioning(
      `${name}-versioning`,
      { ...region, bucket: site.bucketId, versioningConfiguration: { status: "Enabled" } },
      site.child,
    );
    const bucketKey = args.bucketKeyEnabled ?? encryption === Encryption.SseKms;
    const sse = defaultEncryption(site, args, encryption, bucketKey, versioning);
    const previous = (args.secureSettings ?? !existing) ? secureSettings(site, sse) : sse;
    const partition = args.partition ?? aws.getPartitionOutput({}, { parent: this }).partition;
    // The one bucket policy: TLS-only plus the statements replications add.
    const added = new PolicyStatements(`EncryptedBucket ${name}`);
    const writesPolicy = args.managePolicy ?? !existing;
    const written = writesPolicy
      ? writeBucketPolicy(site, args.policy, partition, added, previous, policyAliases)
      : pulumi.output("");
    this.bucketName = pulumi.all([versioning.bucket, sse.bucket]).apply(([b]) => b);
    const placementOf = placementReader(this, args, providerRegion, {
      provider: this.getProvider("aws::Provider"),
      region,
      partition: pulumi.output(partition),
      bucketName: this.bucketName,
      encryption,
      bucketKeyEnabled: bucketKey,
      objectLockEnabled: args.objectLock === true,
      keyArn: pulumi
        .output(args.kmsKeyArn)
        .apply((k) => (encryption === Encryption.SseS3 || k === undefined || k === "" ? undefined : k)),
      writesPolicy,
    });
    const addStatements = (statements: pulumi.Input<PolicyStatement[]>): void => {
      if (args.policy !== undefined)
        throw new Error(
          `EncryptedBucket ${name}: a replication adds statements to its policy, but the whole policy is given (policy). Fix: drop policy.`,
        );
      added.add(statements);
    };
    // Kept off the instance: the multi-language schema takes every field for an output.
    INTERNALS.set(this, { addStatements, statementsAdded: added.statements, placementOf, written });
    this.bucketArn = pulumi.interpolate`arn:${partition}:s3:::${site.bucketId}`;
    this.sseAlgorithm = pulumi.output(encryption as string);
    this.registerOutputs({ bucketName: this.bucketName, bucketArn: this.bucketArn, sseAlgorithm: this.sseAlgorithm });
  }
}

/** Where an EncryptedBucket's settings go: its name, the per-resource region, the child options and the bucket. */
interface BucketSite {
  name: string;
  region: { region?: string };
  child: pulumi.CustomResourceOptions;
  bucketId: pulumi.Output<string>;
}

/** The existing bucket's name, or a new bucket (kept in AWS when deleted from the stack, unless retainOnDelete is false). */
function bucketIdOf(
  name: string,
  args: EncryptedBucketArgs,
  region: { region?: string },
  parent: pulumi.Resource,
): pulumi.Output<string> {
  if (args.existingBucketName !== undefined) return pulumi.output(args.existingBucketName);
  return new aws.s3.Bucket(
    `${name}-bucket`,
    {
      ...region,
      ...(args.bucketName === undefined ? {} : { bucket: args.bucketName }),
      ...(args.objectLock === true ? { objectLockEnabled: true } : {}),
      ...(args.forceDestroy === true ? { forceDestroy: true } : {}),
      ...(args.tags === undefined ? {} : { tags: args.tags }),
    },
    { parent, retainOnDelete: args.retainOnDelete ?? true },
  ).bucket;
}

/** The bucket's default encryption (the KMS key and Bucket Key setting with SSE-KMS and DSSE-KMS), after `previous`. */
function defaultEncryption(
  site: BucketSite,
  args: EncryptedBucketArgs,
  encryption: Encryption,
  bucketKey: boolean,
  previous: pulumi.Resource,
): aws.s3.BucketServerSideEncryptionConfiguration {
  return new aws.s3.BucketServerSideEncryptionConfiguration(
    `${site.name}-encryption`,
    {
      ...site.region,
      bucket: site.bucketId,
      rules: [
        {
          applyServerSideEncryptionByDefault: {
            sseAlgorithm: encryption,
            ...(encryption === Encryption.SseS3 || args.kmsKeyArn === undefined
              ? {}
              : { kmsMasterKeyId: args.kmsKeyArn }),
          },
          ...(encryption === Encryption.SseS3 ? {} : { bucketKeyEnabled: bucketKey }),
        },
      ],
    },
    { ...site.child, dependsOn: [previous] },
  );
}

/** All public access blocked, then `BucketOwnerEnforced` ownership (ACLs off), after `previous`; returns the last. */
function secureSettings(site: BucketSite, previous: pulumi.Resource): pulumi.Resource {
  const pab = new aws.s3.BucketPublicAccessBlock(
    `${site.name}-public-access-block`,
    {
      ...site.region,
      bucket: site.bucketId,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    },
    { ...site.child, dependsOn: [previous] },
  );
  return new aws.s3.BucketOwnershipControls(
    `${site.name}-ownership`,
    { ...site.region, bucket: site.bucketId, rule: { objectOwnership: "BucketOwnerEnforced" } },
    { ...site.child, dependsOn: [pab] },
  );
}

/** The bucket policy (the given one, else TLS-only plus the added statements), after `previous`; resolves to its id. */
function writeBucketPolicy(
  site: BucketSite,
  given: pulumi.Input<string> | undefined,
  partition: pulumi.Input<string>,
  added: PolicyStatements,
  previous: pulumi.Resource,
  aliases: pulumi.Input<string>[] | undefined,
): pulumi.Output<string> {
  const policy =
    given ??
    pulumi
      .all([partition, site.bucketId, added.statements])
      .apply(([p, bucketName, statements]) =>
        JSON.stringify(bucketPolicy([...tlsOnlyStatements({ partition: p, bucketName }), ...statements])),
      );
  return new aws.s3.BucketPolicy(
    `${site.name}-policy`,
    { ...site.region, bucket: site.bucketId, policy },
    { ...site.child, dependsOn: [previous], ...(aliases === undefined ? {} : { aliases }) },
  ).id;
}

/**
 * The bucket's placement, with its account and Region: the given ones, else looked up on its
 * provider on first use (and only then, so a bucket no replication reads invokes nothing).
 */
function placementReader(
  bucket: EncryptedBucket,
  args: EncryptedBucketArgs,
  providerRegion: pulumi.Input<string> | undefined,
  known: Omit<BucketPlacement, "account" | "regionName">,
): () => BucketPlacement {
  const invoke = { parent: bucket, ...(known.provider === undefined ? {} : { provider: known.provider }) };
  let account: pulumi.Output<string> | undefined = args.account === undefined ? undefined : pulumi.output(args.account);
  let regionName: pulumi.Output<string> | undefined =
    args.region !== undefined
      ? pulumi.output(args.region)
      : providerRegion === undefined
        ? undefined
        : pulumi.output(providerRegion);
  return () => {
    account ??= aws.getCallerIdentityOutput({}, invoke).accountId;
    regionName ??= aws.getRegionOutput({}, invoke).region;
    return { ...known, account, regionName };
  };
}
