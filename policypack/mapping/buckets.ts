/**
 * Buckets: every bucket the stack creates (aws.s3.Bucket, the deprecated BucketV2) with its inline
 * settings, and every existing bucket the stack configures or replicates to (named by a
 * configuration resource's `bucket`, or a rule's destination ARN), whose settings are unknown
 * unless a resource of the stack gives them. The separate settings resources are read by
 * bucketSettings.ts.
 */

import {
  FoundBucket,
  SingleConfiguration,
  bucketArnProblem,
  parseArn,
  partitionOfRegion,
} from "s3-replication/components/model";
import { Accounts } from "./accounts";
import { MappingContext, T, refOf, stackOf } from "./context";
import { applyEncryption, firstBlock } from "./encryption";
import { PlainResource } from "./resources";

/** The buckets of a stack and the indexes that join resources to them. */
export class Buckets {
  /** The buckets the stack creates (or reads), by URN. */
  readonly byUrn = new Map<string, FoundBucket>();
  /** The ARN of each bucket resource (as found, else built from its name), by URN. */
  readonly arnOf = new Map<string, string>();
  /** Bucket resources by name, id and ARN (first wins). */
  readonly index = new Map<string, PlainResource>();
  /** Buckets the stack configures but does not create, by name. */
  readonly external = new Map<string, FoundBucket>();
  /** The partition of each existing bucket, from the ARN that named it. */
  private readonly externalPartition = new Map<FoundBucket, string>();
  /** The versioning resource of each bucket. */
  readonly versioningOf = new Map<FoundBucket, PlainResource>();
  /** Buckets whose default-encryption key is unknown in preview: the key resource its SSE depends on. */
  readonly pendingKeyJoin = new Map<FoundBucket, PlainResource>();
  /** The bucket resources, in stack order. */
  readonly resources: PlainResource[];

  /** Reads every bucket resource of the stack. */
  constructor(
    private readonly ctx: MappingContext,
    private readonly accounts: Accounts,
  ) {
    this.resources = ctx.of(T.bucket);
    for (const r of this.resources) this.add(r);
  }

  private add(r: PlainResource): void {
    const props = this.ctx.props(r);
    const name = props.requiredText("bucket");
    const region = this.accounts.regionOf(r);
    const account = this.accounts.accountOf(r);
    const partition = region !== undefined ? partitionOfRegion(region) : "aws";
    const bucket: FoundBucket = {
      ref: refOf(r),
      partition,
      ...(name ? { name } : {}),
      ...(region ? { region } : {}),
      ...(account ? { account } : {}),
    };
    this.readInline(r, bucket);
    this.byUrn.set(r.urn, bucket);
    this.ctx.partOf(bucket.ref, r);
    const arn = props.requiredText("arn") ?? (name ? `arn:${partition}:s3:::${name}` : undefined);
    if (arn) this.arnOf.set(r.urn, arn);
    // The same name from two resources: the one with the smallest URN joins, whatever the order of
    // the stack (S3R069 names both).
    for (const value of [name, props.requiredText("id"), props.requiredText("arn"), arn]) {
      const held = value === undefined ? undefined : this.index.get(value);
      if (value !== undefined && (held === undefined || r.urn < held.urn)) this.index.set(value, r);
    }
    if (name !== undefined && !r.external)
      this.ctx.writes(SingleConfiguration.Bucket, name, r, `${bucket.ref} (${stackOf(r.urn)})`);
  }

  /** The settings a bucket resource holds itself: Object Lock, inline versioning, encryption and policy. */
  private readInline(r: PlainResource, bucket: FoundBucket): void {
    const { ctx } = this;
    const props = ctx.props(r);
    const lock = this.objectLockOf(r);
    if (lock !== undefined) bucket.objectLockEnabled = lock;
    // The deprecated aws.s3.BucketV2 spells its inline blocks in the plural; aws.s3.Bucket in the singular.
    const plural = T.bucketV2.test(r.type);
    const inlineVersioning = plural ? props.flag("versionings", "enabled") : props.flag("versioning", "enabled");
    if (inlineVersioning === true) bucket.versioning = "Enabled";
    // aws.s3.Bucket: `serverSideEncryptionConfiguration.rule`; aws.s3.BucketV2: `serverSideEncryptionConfigurations[].rules[]`.
    const sseProp = plural ? "serverSideEncryptionConfigurations" : "serverSideEncryptionConfiguration";
    if (props.record(sseProp)) {
      const rule = firstBlock(props.at(sseProp), "rule", "rules");
      applyEncryption(bucket, rule, ctx.deps(r, sseProp, T.anyKey), this.pendingKeyJoin);
    }
    // A new bucket has no bucket policy until one is put: "Only the bucket owner can associate a
    // policy with a bucket" (Bucket policies for Amazon S3,
    // https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-policies.html).
    const inlinePolicy = ctx.unsetComputed(r, "policy")
      ? undefined
      : ctx.parseOf(r, `${refOf(r)} policy`, props.raw("policy"), "the bucket policy");
    if (inlinePolicy) bucket.policy = inlinePolicy;
    // It may be a second writer next to a BucketPolicy (a new bucket has none: no AWS default).
    ctx.holdsCopy(SingleConfiguration.BucketPolicy, bucket.ref, r, "policy", {
      canonical: () => ctx.canonicalCopy(props.raw("policy")),
    });
    if (r.external) this.markRead(r, bucket);
  }

  /**
   * Object Lock of a bucket resource. A bucket the stack creates without objectLockEnabled has none
   * (the provider's default is false; in preview the unset computed value is unknown and stays unjudged).
   */
  private objectLockOf(r: PlainResource): boolean | undefined {
    const { ctx } = this;
    const props = ctx.props(r);
    const lockValue = ctx.unsetComputed(r, "objectLockEnabled") ? undefined : props.raw("objectLockEnabled");
    const lockConfiguration = ctx.unsetComputed(r, "objectLockConfiguration")
      ? undefined
      : props.raw("objectLockConfiguration");
    const enabled = lockValue === undefined ? undefined : props.flag("objectLockEnabled");
    if (enabled !== undefined) return enabled;
    if (lockConfiguration !== undefined && props.text("objectLockConfiguration", "objectLockEnabled") === "Enabled")
      return true;
    return lockValue === undefined && lockConfiguration === undefined && !r.external ? false : undefined;
  }

  /** A bucket the stack reads, not manages: what AWS holds is only what the read returned; the rest is unseen. */
  private markRead(r: PlainResource, bucket: FoundBucket): void {
    this.ctx.readRefs.add(bucket.ref);
    if (bucket.versioning === undefined && this.ctx.props(r).flag("versioning", "enabled") === undefined)
      bucket.versioningUnknown = true;
    if (bucket.encryption === undefined) bucket.encryptionUnknown = true;
    if (bucket.policy === undefined) bucket.policyUnknown = true;
    bucket.publicAccessBlockUnknown = true;
  }

  /** The bucket resource a configuration resource belongs to: by its `bucket` value, else its property dependency. */
  bucketOf(r: PlainResource, prop = "bucket"): PlainResource | undefined {
    const value = this.ctx.props(r).requiredText(prop);
    if (value !== undefined) {
      const byValue = this.index.get(value);
      if (byValue) return byValue;
    }
    const byDeps = this.ctx.deps(r, prop, T.bucket);
    return byDeps.length === 1 ? byDeps[0] : undefined;
  }

  /**
   * An existing bucket (one per name), created on first mention, with every setting unknown until
   * a resource of the stack gives it. Its account and region: those of the resource that manages
   * it, else the rule's `destination.account`.
   */
  externalBucket(name: string, owner?: PlainResource, account?: string, partition?: string): FoundBucket {
    let bucket = this.external.get(name);
    if (bucket === undefined) {
      bucket = {
        ref: `bucket ${name}`,
        name,
        versioningUnknown: true,
        encryptionUnknown: true,
        policyUnknown: true,
        publicAccessBlockUnknown: true,
      };
      this.external.set(name, bucket);
    }
    const region = owner ? this.accounts.regionOf(owner) : undefined;
    const ownerAccount = owner ? this.accounts.accountOf(owner) : undefined;
    if (bucket.region === undefined && region !== undefined) bucket.region = region;
    const bucketAccount = ownerAccount ?? account;
    if (bucket.account === undefined && bucketAccount !== undefined) bucket.account = bucketAccount;
    if (partition !== undefined) this.externalPartition.set(bucket, partition);
    // Findings on the bucket point at the first resource that configures it (its versioning when there is one).
    if (owner && !this.ctx.urnOfRef.has(bucket.ref)) this.ctx.urnOfRef.set(bucket.ref, owner.urn);
    return bucket;
  }

  /** The bucket a configuration resource configures (one the stack creates, else an existing one), recorded as part of it. */
  targetOf(r: PlainResource, prop = "bucket"): FoundBucket | undefined {
    const target = this.targetBucketOf(r, prop);
    if (target) this.ctx.partOf(target.ref, r);
    return target;
  }

  private targetBucketOf(r: PlainResource, prop: string): FoundBucket | undefined {
    const created = this.bucketOf(r, prop);
    if (created) return this.byUrn.get(created.urn);
    if (this.ctx.deps(r, prop, T.bucket).length > 0) return undefined; // joined to created buckets, ambiguously
    const value = this.ctx.props(r).requiredText(prop);
    const name = value === undefined ? undefined : bucketNameOfValue(value);
    return name === undefined ? undefined : this.externalBucket(name, r);
  }

  /** Every bucket: those the stack creates, then the existing ones. */
  all(): FoundBucket[] {
    return [...this.byUrn.values(), ...this.external.values()];
  }

  /** Gives each existing bucket its partition: the ARN's that named it, else its region's. */
  settlePartitions(): void {
    for (const bucket of this.external.values()) {
      bucket.partition =
        this.externalPartition.get(bucket) ?? (bucket.region !== undefined ? partitionOfRegion(bucket.region) : "aws");
    }
  }
}

/** A bucket name from a configuration resource's `bucket` value (a name, or tolerated: a bucket ARN). */
function bucketNameOfValue(value: string): string | undefined {
  if (!value.startsWith("arn:")) return value;
  return bucketArnProblem(value) === undefined ? parseArn(value)?.resource : undefined;
}
