/**
 * Keys and key policies: every KMS key and replica key the stack creates (with a placeholder ARN in
 * preview, when region and account are known, so joins still resolve), its key policy (inline, or
 * a KeyPolicy resource), its grants and aliases, and every existing key a key policy or grant of
 * the stack names.
 */

import {
  FoundKey,
  FoundPolicy,
  KeyReferenceKind,
  SingleConfiguration,
  canonicalJson,
  parseKeyReference,
  partitionOfRegion,
} from "s3-replication/components/model";
import { awsDefaultKeyPolicy } from "s3-replication/components/documents";
import { Accounts, regionOfArn } from "./accounts";
import { Buckets } from "./buckets";
import { MappingContext, T, refOf, stackOf } from "./context";
import { PlainResource } from "./resources";
import { isUnknown } from "./values";

/** A deterministic key id (UUID form, `mrk-` + 32 hex for a multi-Region key) standing for a key whose ARN is unknown in preview. */
function previewKeyId(urn: string, multiRegion = false): string {
  let hash = 2166136261;
  let hex = "";
  for (let round = 0; hex.length < 32; round++) {
    for (const char of `${round}:${urn}`) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619) >>> 0;
    hex += hash.toString(16).padStart(8, "0");
  }
  return multiRegion ? `mrk-${hex.slice(0, 32)}` : `00000000-0000-4000-8000-${hex.slice(0, 12)}`;
}

/**
 * The place of a key's inline policy text until it is parsed (`Keys.settleInlinePolicies`): most
 * keys of a stack have a KeyPolicy resource, whose document replaces it, so it is parsed only for
 * the others. It holds the `policy` field's place among the key's fields meanwhile.
 */
const INLINE_POLICY_LATER: FoundPolicy = Object.freeze({
  ref: "(an inline key policy, parsed once the KeyPolicy resources are read)",
});

/** The keys of a stack and the indexes that join resources to them. */
export class Keys {
  /** The keys the stack creates (or reads), by URN. */
  readonly byUrn = new Map<string, FoundKey>();
  /** Every key by each way the stack names it (ARN, alias name and ARN). */
  readonly byReference: Record<string, FoundKey> = {};
  /** Key resources by ARN, key id and id (a multi-Region key and its replicas share the key id). */
  private readonly index = new Map<string, PlainResource[]>();
  /** Existing keys a key policy or grant names. */
  readonly external: FoundKey[] = [];
  /** The key and replica key resources, in stack order. */
  readonly resources: PlainResource[];
  /** The keys holding INLINE_POLICY_LATER, with their resource. */
  private readonly inlinePolicies = new Map<FoundKey, PlainResource>();
  /** AWS's default key policy in canonical form, by `${partition}|${account}`. */
  private readonly defaultPolicyCopies = new Map<string, string>();

  /** Reads every key resource of the stack. */
  constructor(
    private readonly ctx: MappingContext,
    private readonly accounts: Accounts,
  ) {
    this.resources = [...ctx.of(T.key), ...ctx.of(T.replicaKey)];
    for (const r of this.resources) this.add(r);
    for (const k of this.resources) {
      const props = ctx.props(k);
      const arn = props.requiredText("arn");
      const keyId = props.requiredText("keyId");
      const id = props.requiredText("id");
      // Each distinct value once (a key's id is its key id).
      this.indexKey(k, arn);
      if (keyId !== arn) this.indexKey(k, keyId);
      if (id !== arn && id !== keyId) this.indexKey(k, id);
    }
  }

  /** Indexes a key resource under one of its values. */
  private indexKey(k: PlainResource, value: string | undefined): void {
    if (value === undefined) return;
    const same = this.index.get(value);
    if (same) same.push(k);
    else this.index.set(value, [k]);
  }

  /** The key id a key will have (preview): a multi-Region key's id is `mrk-...`, shared by its replicas. */
  private keyIdOf(r: PlainResource): string {
    const props = this.ctx.props(r);
    const known = props.text("keyId") ?? props.requiredText("arn")?.split("/").pop();
    if (known) return known;
    if (T.replicaKey.test(r.type)) {
      const primaryArn = props.text("primaryKeyArn");
      const primary = primaryArn ? undefined : this.ctx.deps(r, "primaryKeyArn", T.key)[0];
      return primaryArn?.split("/").pop() ?? (primary ? this.keyIdOf(primary) : previewKeyId(r.urn, true));
    }
    return previewKeyId(r.urn, props.flag("multiRegion") === true);
  }

  private add(r: PlainResource): void {
    const { ctx } = this;
    const props = ctx.props(r);
    const region = this.accounts.regionOf(r) ?? regionOfArn(props.requiredText("arn"));
    const account = this.accounts.accountOf(r);
    const partition = region ? partitionOfRegion(region) : "aws";
    const arn =
      props.requiredText("arn") ??
      (region && account ? `arn:${partition}:kms:${region}:${account}:key/${this.keyIdOf(r)}` : undefined);
    const key: FoundKey = {
      ref: refOf(r),
      grants: [],
      awsManaged: false,
      ...(arn ? { arn } : {}),
      ...(region ? { region } : {}),
      ...(account ? { account } : {}),
    };
    this.readSettings(r, key);
    // A key created without a policy gets AWS's default key policy (awsDefaultKeyPolicy).
    const inline = props.raw("policy");
    if (ctx.unsetComputed(r, "policy") && account !== undefined)
      key.policy = { ref: `${refOf(r)} policy`, document: awsDefaultKeyPolicy(account, partition) };
    else if (typeof inline === "string" && inline !== "") {
      // Text: parsed later, unless a KeyPolicy replaces it (parsing text notes nothing pending).
      key.policy = INLINE_POLICY_LATER;
      this.inlinePolicies.set(key, r);
    } else {
      const policy = ctx.parseOf(r, `${refOf(r)} policy`, inline, "the key policy");
      if (policy) key.policy = policy;
    }
    // Its inline policy may be a second writer next to a KeyPolicy (issue 21 item 4).
    ctx.holdsCopy(SingleConfiguration.KeyPolicy, key.ref, r, "policy", {
      canonical: () => ctx.canonicalCopy(props.raw("policy")),
      awsDefaults: () => (account !== undefined ? [this.defaultPolicyCopy(account, partition)] : []),
    });
    if (r.external) ctx.readRefs.add(key.ref);
    // Two key resources with one ARN (one key imported into two stacks, or twice into one): S3R069.
    const knownArn = props.requiredText("arn");
    if (knownArn !== undefined && !r.external)
      ctx.writes(SingleConfiguration.Key, knownArn, r, `${key.ref} (${stackOf(r.urn)})`);
    this.byUrn.set(r.urn, key);
    ctx.partOf(key.ref, r);
    if (arn) this.byReference[arn] = key;
  }

  /** AWS's default key policy of an account, canonical: made once per account and partition (keys of one account share it). */
  private defaultPolicyCopy(account: string, partition: string): string {
    const key = `${partition}|${account}`;
    let copy = this.defaultPolicyCopies.get(key);
    if (copy === undefined) {
      copy = canonicalJson(awsDefaultKeyPolicy(account, partition));
      this.defaultPolicyCopies.set(key, copy);
    }
    return copy;
  }

  /** A key's spec, usage, rotation, state and multi-Region flag. */
  private readSettings(r: PlainResource, key: FoundKey): void {
    const props = this.ctx.props(r);
    const spec = props.text("customerMasterKeySpec") ?? props.text("keySpec");
    if (spec) key.keySpec = spec;
    const usage = props.text("keyUsage");
    if (usage) key.keyUsage = usage;
    const rotation = props.flag("enableKeyRotation");
    if (rotation !== undefined) key.rotationEnabled = rotation;
    const enabled = props.flag("isEnabled") ?? props.flag("enabled");
    if (enabled !== undefined) key.enabled = enabled;
    const multi = props.flag("multiRegion") ?? (T.replicaKey.test(r.type) ? true : undefined);
    if (multi !== undefined) key.multiRegion = multi;
    if (props.flag("bypassPolicyLockoutSafetyCheck") === true) key.bypassPolicyLockoutSafetyCheck = true;
  }

  /** The key resource a property of `r` names: by value (in `r`'s region first), else its property dependency. */
  keyResourceOf(r: PlainResource, prop: string): PlainResource | undefined {
    const value = this.ctx.props(r).requiredText(prop);
    if (value !== undefined) {
      // A multi-Region key and its replicas share the key id: prefer the one in this resource's region.
      const hits = this.index.get(value) ?? [];
      const region = this.accounts.regionOf(r);
      const hit = hits.length > 1 ? (hits.find((k) => this.byUrn.get(k.urn)?.region === region) ?? hits[0]) : hits[0];
      if (hit) return hit;
    }
    const byDeps = this.ctx.deps(r, prop, T.anyKey);
    return byDeps.length === 1 ? byDeps[0] : undefined;
  }

  /** The key a key policy or grant configures: one the stack creates, else an existing one it names. */
  targetOf(r: PlainResource, prop: string): FoundKey | undefined {
    const k = this.keyResourceOf(r, prop);
    return k ? this.byUrn.get(k.urn) : this.externalKeyOf(r, prop);
  }

  /**
   * A key the stack does not create (an existing key) that a key policy or grant of the stack names:
   * by key ARN, or by key id in the account and region of the resource's provider. It has only what
   * those resources give it (its policy is not visible otherwise).
   */
  private externalKeyOf(r: PlainResource, prop: string): FoundKey | undefined {
    if (this.ctx.deps(r, prop, /^aws:kms\/(key:Key|replicaKey:ReplicaKey|alias:Alias)$/).length > 0) return undefined;
    const value = this.ctx.props(r).requiredText(prop);
    if (value === undefined) return undefined;
    const reference = parseKeyReference(value);
    const region = reference.region ?? this.accounts.regionOf(r);
    const account = reference.account ?? this.accounts.accountOf(r);
    let arn: string | undefined;
    if (reference.kind === KeyReferenceKind.KeyArn) arn = value;
    else if (reference.kind === KeyReferenceKind.KeyId && region !== undefined && account !== undefined)
      arn = `arn:${partitionOfRegion(region)}:kms:${region}:${account}:key/${value}`;
    if (arn === undefined) return undefined;
    const existing = this.byReference[arn];
    if (existing) return existing;
    const key: FoundKey = {
      ref: `kms key ${arn}`,
      arn,
      grants: [],
      ...(region ? { region } : {}),
      ...(account ? { account } : {}),
      ...(reference.multiRegion ? { multiRegion: true } : {}),
    };
    this.byReference[arn] = key;
    this.external.push(key);
    this.ctx.urnOfRef.set(key.ref, r.urn);
    return key;
  }

  /** Parses the inline policy texts no KeyPolicy replaced (run once the KeyPolicy resources are read). */
  settleInlinePolicies(): void {
    for (const [key, r] of this.inlinePolicies) {
      if (key.policy !== INLINE_POLICY_LATER) continue;
      const policy = this.ctx.parseOf(r, `${refOf(r)} policy`, this.ctx.p(r, "policy"), "the key policy");
      if (policy) key.policy = policy;
      else delete key.policy; // never: a text parses to a document or to the reason it does not
    }
  }

  /** Every key: those the stack creates, then the existing ones. */
  all(): FoundKey[] {
    return [...this.byUrn.values(), ...this.external];
  }
}

/** Reads key policies, grants and aliases into their keys, then joins bucket default-encryption keys. */
export function readKeyResources(ctx: MappingContext, keys: Keys, accounts: Accounts, buckets: Buckets): void {
  for (const r of ctx.of(T.keyPolicy)) {
    const key = keys.targetOf(r, "keyId");
    const policy = ctx.parseOf(r, refOf(r), ctx.props(r).requiredDocument("policy"), "the key policy");
    if (key) {
      ctx.writesCopy(SingleConfiguration.KeyPolicy, key.ref, r, () => ctx.canonicalCopy(ctx.p(r, "policy")));
      ctx.partOf(key.ref, r);
    }
    if (key && policy) key.policy = policy;
    if (key && ctx.props(r).flag("bypassPolicyLockoutSafetyCheck") === true) key.bypassPolicyLockoutSafetyCheck = true;
  }
  keys.settleInlinePolicies();
  for (const r of ctx.of(T.grant)) readGrant(ctx, keys, accounts, r);
  for (const r of ctx.of(T.alias)) readAlias(ctx, keys, r);
  // Fill in each bucket's default-encryption key from its SSE resource's key join.
  for (const bucket of buckets.all()) {
    const pending = buckets.pendingKeyJoin.get(bucket);
    if (pending && bucket.encryption && bucket.encryption.keyId === undefined) {
      const key = keys.byUrn.get(pending.urn);
      if (key?.arn) bucket.encryption.keyId = key.arn;
    }
  }
}

function readGrant(ctx: MappingContext, keys: Keys, accounts: Accounts, r: PlainResource): void {
  const key = keys.targetOf(r, "keyId");
  if (!key) return;
  ctx.partOf(key.ref, r);
  const props = ctx.props(r);
  const unknownGrantee = isUnknown(props.raw("granteePrincipal"));
  const granteeTarget = unknownGrantee ? ctx.deps(r, "granteePrincipal", T.role) : [];
  const grantee =
    props.text("granteePrincipal") ??
    (granteeTarget.length === 1 && granteeTarget[0] ? accounts.roleArnOf(granteeTarget[0]) : undefined);
  if (grantee === undefined && unknownGrantee) ctx.pend(r, "the grantee principal");
  const operations = (props.each("operations") ?? [])
    .map((operation) => operation.text())
    .filter((o): o is string => o !== undefined);
  key.grants.push({ ref: refOf(r), operations, ...(grantee ? { granteePrincipal: grantee } : {}) });
}

function readAlias(ctx: MappingContext, keys: Keys, r: PlainResource): void {
  const k = keys.keyResourceOf(r, "targetKeyId");
  const key = k && keys.byUrn.get(k.urn);
  if (!key) return;
  ctx.partOf(key.ref, r);
  const props = ctx.props(r);
  const name = props.text("name");
  const arn =
    props.requiredText("arn") ??
    (name && key.region && key.account
      ? `arn:${key.arn?.split(":")[1] ?? "aws"}:kms:${key.region}:${key.account}:${name}`
      : undefined);
  if (name) keys.byReference[name] = key;
  if (arn) keys.byReference[arn] = key;
}
