/**
 * The separate settings resources of buckets: versioning, default encryption, bucket policy, public
 * access block, ownership controls and Object Lock configuration, each read into the bucket it
 * configures (one the stack creates, or an existing one by name).
 */

import { FoundBucket, SingleConfiguration } from "s3-replication/components/model";
import { Buckets } from "./buckets";
import { MappingContext, T, refOf } from "./context";
import { applyEncryption, firstBlock } from "./encryption";
import { isUnknown } from "./values";

/** Reads every bucket settings resource of the stack into its bucket. */
export function readBucketSettings(ctx: MappingContext, buckets: Buckets): void {
  readVersioning(ctx, buckets);
  readEncryption(ctx, buckets);
  readBucketPolicies(ctx, buckets);
  readPublicAccessBlocks(ctx, buckets);
  for (const r of ctx.of(T.ownership)) {
    const bucket = buckets.targetOf(r);
    const ownership = ctx.props(r).text("rule", "objectOwnership");
    if (bucket && ownership) bucket.ownership = ownership;
  }
  for (const r of ctx.of(T.objectLock)) {
    const bucket = buckets.targetOf(r);
    if (bucket && ctx.props(r).text("objectLockEnabled") === "Enabled") bucket.objectLockEnabled = true;
  }
}

function readVersioning(ctx: MappingContext, buckets: Buckets): void {
  for (const r of ctx.of(T.versioning)) {
    const bucket = buckets.targetOf(r);
    if (!bucket) continue;
    buckets.versioningOf.set(bucket, r);
    const props = ctx.props(r);
    if (isUnknown(props.raw("versioningConfiguration", "status"))) {
      bucket.versioningUnknown = true;
      ctx.pend(r, "the versioning status");
      continue;
    }
    delete bucket.versioningUnknown;
    const value = props.text("versioningConfiguration", "status");
    if (value !== undefined) bucket.versioning = value;
    else delete bucket.versioning;
  }
}

function readEncryption(ctx: MappingContext, buckets: Buckets): void {
  for (const r of ctx.of(T.sse)) {
    const bucket = buckets.targetOf(r);
    if (!bucket) continue;
    const props = ctx.props(r);
    if (isUnknown(props.raw("rules"))) {
      bucket.encryptionUnknown = true;
      ctx.pend(r, "the default encryption");
      continue;
    }
    applyEncryption(bucket, firstBlock(props, "rules", "rule"), ctx.deps(r, "rules", T.anyKey), buckets.pendingKeyJoin);
  }
}

function readBucketPolicies(ctx: MappingContext, buckets: Buckets): void {
  for (const r of ctx.of(T.bucketPolicy)) {
    const bucket = buckets.targetOf(r);
    const policy = ctx.parseOf(r, refOf(r), ctx.p(r, "policy"), "the policy document");
    if (bucket) ctx.writes(SingleConfiguration.BucketPolicy, bucket.ref, r);
    if (bucket && policy) {
      bucket.policy = policy;
      delete bucket.policyUnknown;
    }
  }
}

const PUBLIC_ACCESS_SETTINGS = [
  "blockPublicAcls",
  "blockPublicPolicy",
  "ignorePublicAcls",
  "restrictPublicBuckets",
] as const;

function readPublicAccessBlocks(ctx: MappingContext, buckets: Buckets): void {
  for (const r of ctx.of(T.publicAccess)) {
    const bucket = buckets.targetOf(r);
    if (!bucket) continue;
    delete bucket.publicAccessBlockUnknown;
    const block: FoundBucket["publicAccessBlock"] = {};
    const props = ctx.props(r);
    for (const setting of PUBLIC_ACCESS_SETTINGS) {
      const value = props.flag(setting);
      if (value !== undefined) block[setting] = value;
      else if (isUnknown(props.raw(setting))) block[setting] = true; // unknown in preview: do not judge
    }
    bucket.publicAccessBlock = block;
  }
}
