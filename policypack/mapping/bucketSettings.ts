/**
 * The separate settings resources of buckets: versioning, default encryption, bucket policy, public
 * access block, ownership controls, ACL and Object Lock configuration, each read into the bucket it
 * configures (one the stack creates, or an existing one by name).
 */

import {
  FoundAclGrant,
  FoundBucket,
  FoundPublicAccessBlock,
  SingleConfiguration,
} from "s3-replication/components/model";
import { Accounts } from "./accounts";
import { Buckets } from "./buckets";
import { MappingContext, T, refOf } from "./context";
import { applyEncryption, firstBlock } from "./encryption";
import { PlainResource } from "./resources";
import { Plain, isUnknown } from "./values";

/** Reads every bucket settings resource of the stack into its bucket. */
export function readBucketSettings(ctx: MappingContext, buckets: Buckets): void {
  readVersioning(ctx, buckets);
  readEncryption(ctx, buckets);
  readBucketPolicies(ctx, buckets);
  readPublicAccessBlocks(ctx, buckets);
  readAcls(ctx, buckets);
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
    const policy = ctx.parseOf(r, refOf(r), ctx.props(r).requiredDocument("policy"), "the policy document");
    if (bucket)
      ctx.writesCopy(SingleConfiguration.BucketPolicy, bucket.ref, r, () => ctx.canonicalCopy(ctx.p(r, "policy")));
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
    bucket.publicAccessBlock = blockSettings(ctx, r);
  }
}

/** The four settings of a public access block resource; unknown in preview reads as true (not judged). */
function blockSettings(ctx: MappingContext, r: PlainResource): FoundPublicAccessBlock {
  const block: FoundPublicAccessBlock = {};
  const props = ctx.props(r);
  for (let i = 0; i < PUBLIC_ACCESS_SETTINGS.length; i++) {
    const setting = PUBLIC_ACCESS_SETTINGS[i]!;
    const value = props.flag(setting);
    if (value !== undefined) block[setting] = value;
    else if (isUnknown(props.raw(setting))) block[setting] = true; // unknown in preview: do not judge
  }
  return block;
}

/**
 * Account-level public access blocks (aws.s3.AccountPublicAccessBlock, its `accountId` else its
 * provider's account), given to every bucket of that account: S3 applies the most restrictive
 * combination of the bucket's and the account's settings ("Configuring block public access
 * settings for your account",
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/configuring-block-public-access-account.html).
 * Run after the replications are read, so the existing buckets they name have their accounts.
 */
export function readAccountPublicAccessBlocks(ctx: MappingContext, accounts: Accounts, all: FoundBucket[]): void {
  for (const r of ctx.of(T.accountPublicAccess)) {
    // `accountId` when written (an id; unknown in preview or for a read, the provider's account).
    const written = ctx.props(r).text("accountId");
    const account = written !== undefined && /^\d{12}$/.test(written) ? written : accounts.accountOf(r);
    if (account === undefined) continue;
    const block = { ref: refOf(r), ...blockSettings(ctx, r) };
    for (const bucket of all) if (bucket.account === account) bucket.accountPublicAccessBlock = block;
  }
}

/**
 * Bucket ACLs: an aws.s3.BucketAcl (or BucketAclV2) resource's canned `acl` and
 * `accessControlPolicy.grants`, and the legacy inline `acl` / `grants` of aws.s3.Bucket(V2).
 */
function readAcls(ctx: MappingContext, buckets: Buckets): void {
  for (const r of ctx.of(T.bucket)) {
    const bucket = buckets.byUrn.get(r.urn);
    const props = ctx.props(r);
    const canned = props.text("acl");
    const grants = (props.items("grants") ?? []).flatMap(inlineGrants);
    if (bucket && (canned !== undefined || grants.length > 0))
      bucket.acl = { ref: refOf(r), ...(canned ? { canned } : {}), grants };
  }
  for (const r of ctx.of(T.acl)) {
    const bucket = buckets.targetOf(r);
    if (!bucket) continue;
    const props = ctx.props(r);
    const canned = props.text("acl");
    const grants = (props.items("accessControlPolicy", "grants") ?? []).map(aclGrant);
    const ownerId = props.text("accessControlPolicy", "owner", "id");
    bucket.acl = { ref: refOf(r), ...(canned ? { canned } : {}), ...(ownerId ? { ownerId } : {}), grants };
  }
}

/**
 * A canonical user id belongs to one account ("AWS account identifiers",
 * https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-identifiers.html): the owner id
 * an ACL of the stack names (a BucketAcl's `accessControlPolicy.owner.id`) is the owner id of every
 * other ACL of that account's buckets (the legacy inline `grants`, which name no owner). Run once
 * the buckets' accounts are known.
 */
export function shareAclOwnerIds(all: FoundBucket[]): void {
  const byAccount = new Map<string, string>();
  for (const bucket of all)
    if (bucket.account !== undefined && bucket.acl?.ownerId !== undefined)
      byAccount.set(bucket.account, bucket.acl.ownerId);
  for (const bucket of all) {
    const ownerId = bucket.account !== undefined ? byAccount.get(bucket.account) : undefined;
    if (bucket.acl !== undefined && bucket.acl.ownerId === undefined && ownerId !== undefined)
      bucket.acl.ownerId = ownerId;
  }
}

/** One grant of a BucketAcl: `grantee { type, uri, id, emailAddress }` and `permission`. */
function aclGrant(item: Plain): FoundAclGrant {
  const value = (item ?? {}) as { grantee?: Record<string, unknown>; permission?: unknown };
  const grantee = value.grantee ?? {};
  const who = [grantee["uri"], grantee["id"], grantee["emailAddress"]].find((entry) => typeof entry === "string");
  return {
    ...(typeof grantee["type"] === "string" ? { type: grantee["type"] } : {}),
    ...(typeof who === "string" ? { grantee: who } : {}),
    ...(typeof value.permission === "string" ? { permission: value.permission } : {}),
  };
}

/** The grants of a legacy inline `grants` entry: `{ type, uri, id, permissions: [...] }`, one per permission. */
function inlineGrants(item: Plain): FoundAclGrant[] {
  const value = (item ?? {}) as Record<string, unknown>;
  const who = [value["uri"], value["id"]].find((entry) => typeof entry === "string");
  const permissions = Array.isArray(value["permissions"]) ? value["permissions"] : [];
  return permissions
    .filter((permission): permission is string => typeof permission === "string")
    .map((permission) => ({
      ...(typeof value["type"] === "string" ? { type: value["type"] } : {}),
      ...(typeof who === "string" ? { grantee: who } : {}),
      permission,
    }));
}
