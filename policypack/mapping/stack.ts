/**
 * The one mapping every stack policy uses: the outputs of every resource in a stack ->
 * FoundReplication[] (plus every bucket and key, for the single-resource checks). Resources are
 * joined by value (names, ARNs, key ids) AND by propertyDependencies, so the joins hold in preview
 * when ARNs are unknown. Accounts and regions come from each resource's `region`, its provider
 * (`region`, `assumeRoles`, `allowedAccountIds`), ARNs, and the rule's `destination.account`.
 */

import {
  ConfigurationWriters,
  FoundBucket,
  FoundGrant,
  FoundKey,
  FoundPolicy,
  FoundReplication,
  FoundRole,
  FoundRule,
  PolicyDocument,
  KeyReferenceKind,
  SingleConfiguration,
  bucketArnProblem,
  parseArn,
  parseKeyReference,
  partitionOfRegion,
} from "s3-replication/components/model";
import { awsDefaultKeyPolicy } from "s3-replication/components/documents";
import { PlainResource, toPlainResources } from "./resources";
import { Plain, at, bool, hasUnknown, isUnknown, list, num, obj, str } from "./values";

/** A versioning resource the replication configuration is not ordered after. */
export interface OrderingIssue {
  /** URN of the replication configuration. */
  urn: string;
  /** Its ref. */
  ref: string;
  /** Refs of the versioning resources missing from its dependencies. */
  missing: string[];
}

/** Everything the stack policies judge. */
export interface StackModel {
  /** One per replication configuration (BucketReplicationConfig or legacy inline). */
  replications: FoundReplication[];
  /** Every bucket of the stack: those it creates, and existing ones it configures or replicates to (settings it cannot see marked unknown). */
  buckets: FoundBucket[];
  /** Every KMS key of the stack (keys and replica keys), and existing keys a key policy or grant of the stack names. */
  keys: FoundKey[];
  /** Resource URN of each ref. */
  urnOfRef: Map<string, string>;
  /** `${replication ref}|rule ${id}` of rules whose replica key is unknown in preview and could not be joined. */
  unknownReplicaKeys: Set<string>;
  /** Refs of replications whose rules are unknown (preview): one placeholder rule per destination the rules depend on. */
  placeholderRules: Set<string>;
  /** Replication configurations not ordered after the versioning resources of their buckets. */
  ordering: OrderingIssue[];
  /** Every single-valued configuration (bucket policy, key policy, replication configuration) and the resources writing it. */
  writers: ConfigurationWriters[];
  /** Refs of the buckets and keys the stack reads (`.get`) instead of managing: their hardening is not judged. */
  readRefs: Set<string>;
  /** What could not be judged yet, one entry per resource (values unknown in preview). */
  pending: PendingJudgement[];
  /** URNs of the resources that make up each bucket, key and role (by ref): the resource itself and those configuring it. */
  urnsOfRef: Map<string, string[]>;
  /** Every key by each way the stack names it (ARN, alias name and ARN). */
  keysByReference: Record<string, FoundKey>;
  /** Every role of the stack. */
  roles: FoundRole[];
  /**
   * AWS providers whose account the stack does not reveal (no `assumeRoles` or `allowedAccountIds`,
   * no known ARN of theirs: a preview with default credentials), unless `MapOptions.accounts`
   * assumed one. The analysis then judges every account they may be in.
   */
  unknownAccounts: UnknownAccount[];
  /** Every 12-digit account id the stack's values name (the accounts an unknown account may equal). */
  namedAccounts: string[];
}

/** A provider whose account is not known. */
export interface UnknownAccount {
  /** The provider's URN (empty for resources without a provider). */
  provider: string;
  /** How messages name it: `the aws provider "src"`, `the default aws provider`. */
  label: string;
}

/** Options of the mapping. */
export interface MapOptions {
  /** An account assumed for a provider (by URN) whose account the stack does not reveal. */
  accounts?: ReadonlyMap<string, string>;
}

/** A resource some of whose values are unknown (preview): what they are, judged at `up`. */
export interface PendingJudgement {
  /** The resource's URN. */
  urn: string;
  /** How findings name it. */
  ref: string;
  /** What is unknown (e.g. "the policy document", "the replica key of rule dr"). */
  unknown: string[];
  /** The checks that wait for it, when known (e.g. "S3R019 destination-bucket-policy on bucket b"). */
  checks?: string[];
}

/** The `unreadable` reason of a document whose text is unknown in preview. */
export const UNKNOWN_IN_PREVIEW = "unknown during preview";

const T = {
  bucket: /^aws:s3\/bucket(V2)?:Bucket(V2)?$/,
  bucketV2: /^aws:s3\/bucketV2:BucketV2$/,
  versioning: /^aws:s3\/bucketVersioning(V2)?:BucketVersioning(V2)?$/,
  sse: /^aws:s3\/bucketServerSideEncryptionConfiguration(V2)?:BucketServerSideEncryptionConfiguration(V2)?$/,
  replication: /^aws:s3\/bucketReplicationConfig:BucketReplicationConfig$/,
  bucketPolicy: /^aws:s3\/bucketPolicy:BucketPolicy$/,
  publicAccess: /^aws:s3\/bucketPublicAccessBlock:BucketPublicAccessBlock$/,
  ownership: /^aws:s3\/bucketOwnershipControls:BucketOwnershipControls$/,
  objectLock: /^aws:s3\/bucketObjectLockConfiguration(V2)?:BucketObjectLockConfiguration(V2)?$/,
  key: /^aws:kms\/key:Key$/,
  replicaKey: /^aws:kms\/replicaKey:ReplicaKey$/,
  keyPolicy: /^aws:kms\/keyPolicy:KeyPolicy$/,
  grant: /^aws:kms\/grant:Grant$/,
  alias: /^aws:kms\/alias:Alias$/,
  role: /^aws:iam\/role:Role$/,
  rolePolicy: /^aws:iam\/rolePolicy:RolePolicy$/,
  policy: /^aws:iam\/policy:Policy$/,
  attachment: /^aws:iam\/rolePolicyAttachment:RolePolicyAttachment$/,
  policyAttachment: /^aws:iam\/policyAttachment:PolicyAttachment$/,
  inlineExclusive: /^aws:iam\/rolePoliciesExclusive:RolePoliciesExclusive$/,
  attachmentsExclusive: /^aws:iam\/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive$/,
};

/** How findings name a resource: `s3.Bucket "name"`. */
export function refOf(resource: Pick<PlainResource, "type" | "name">): string {
  const [, module = "", type = resource.type] = /^[^:]*:([^/]*)\/[^:]*:(.*)$/.exec(resource.type) ?? [];
  return `${module}.${type} "${resource.name}"`;
}

/** Parses a policy document as found (JSON string or object); never throws. */
export function parsePolicy(ref: string, value: Plain): FoundPolicy | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  if (isUnknown(value) || hasUnknown(value)) return { ref, unreadable: UNKNOWN_IN_PREVIEW };
  let parsed: unknown = value;
  if (typeof value === "string") {
    try {
      parsed = JSON.parse(value);
    } catch (error) {
      return { ref, unreadable: `malformed JSON (${error instanceof Error ? error.message : String(error)})` };
    }
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed))
    return { ref, unreadable: "not a JSON policy document object" };
  const document = parsed as Record<string, unknown>;
  const rawStatements = document["Statement"];
  const statements = Array.isArray(rawStatements)
    ? rawStatements
    : rawStatements !== null && typeof rawStatements === "object"
      ? [rawStatements]
      : undefined;
  if (statements === undefined) return { ref, unreadable: "the document has no Statement list" };
  const bad = statements.findIndex(
    (statement) =>
      statement === null ||
      typeof statement !== "object" ||
      Array.isArray(statement) ||
      ((statement as Record<string, unknown>)["Effect"] !== "Allow" &&
        (statement as Record<string, unknown>)["Effect"] !== "Deny"),
  );
  if (bad >= 0) return { ref, unreadable: `statement ${bad} is not an object with Effect Allow or Deny` };
  const badField = statements.findIndex((statement) => {
    const s = statement as Record<string, unknown>;
    const stringish = (v: unknown): boolean =>
      v === undefined || typeof v === "string" || (Array.isArray(v) && v.every((x) => typeof x === "string"));
    const principal = s["Principal"] ?? s["NotPrincipal"];
    const principalOk =
      principal === undefined ||
      principal === "*" ||
      (typeof principal === "object" &&
        principal !== null &&
        !Array.isArray(principal) &&
        Object.values(principal as Record<string, unknown>).every(stringish));
    const condition = s["Condition"];
    const conditionOk =
      condition === undefined ||
      (typeof condition === "object" &&
        condition !== null &&
        !Array.isArray(condition) &&
        Object.values(condition as Record<string, unknown>).every(
          (block) => typeof block === "object" && block !== null && !Array.isArray(block),
        ));
    return (
      !stringish(s["Action"]) ||
      !stringish(s["NotAction"]) ||
      !stringish(s["Resource"]) ||
      !stringish(s["NotResource"]) ||
      !principalOk ||
      !conditionOk
    );
  });
  if (badField >= 0)
    return {
      ref,
      unreadable: `statement ${badField} has an Action, Resource, Principal or Condition of an unexpected shape`,
    };
  return { ref, document: { ...(document as object), Statement: statements } as PolicyDocument };
}

function accountOfArn(arn: string | undefined): string | undefined {
  const account = arn === undefined ? undefined : parseArn(arn)?.account;
  return account !== undefined && /^\d{12}$/.test(account) ? account : undefined;
}

/** Maps the resources of a stack. Never throws on odd input (callers still guard). */
export function mapStack(input: unknown, options: MapOptions = {}): StackModel {
  return mapPlainStack(toPlainResources(input), options);
}

/** How messages name a resource's provider. */
function providerLabel(r: PlainResource): string {
  const pkg = r.type.split(":")[0] ?? "aws";
  if (r.provider === undefined) return `the default ${pkg} provider`;
  return r.provider.name.startsWith("default")
    ? `the default ${pkg} provider`
    : `the ${pkg} provider "${r.provider.name}"`;
}

/** Maps resources already read by `toPlainResources`. */
export function mapPlainStack(resources: PlainResource[], options: MapOptions = {}): StackModel {
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const urnOfRef = new Map<string, string>();
  const byKind = new Map<RegExp, PlainResource[]>(Object.values(T).map((pattern) => [pattern, []]));
  // The kinds of each distinct type, matched once (a stack has a few types and many resources).
  const kindsOfType = new Map<string, PlainResource[][]>();
  for (const r of resources) {
    let kinds = kindsOfType.get(r.type);
    if (kinds === undefined) {
      kinds = [...byKind].filter(([pattern]) => pattern.test(r.type)).map(([, members]) => members);
      kindsOfType.set(r.type, kinds);
    }
    for (const members of kinds) members.push(r);
  }
  const of = (pattern: RegExp): PlainResource[] => byKind.get(pattern) ?? resources.filter((r) => pattern.test(r.type));
  const pendingByUrn = new Map<string, PendingJudgement>();
  /** Notes a value unknown in preview: the resource is judged on it at `up`. */
  const pend = (r: PlainResource, what: string): void => {
    // A resource the stack reads has unknowns that `up` will not resolve (its unread state): not pending.
    if (r.external) return;
    let entry = pendingByUrn.get(r.urn);
    if (entry === undefined) {
      entry = { urn: r.urn, ref: refOf(r), unknown: [] };
      pendingByUrn.set(r.urn, entry);
    }
    if (!entry.unknown.includes(what)) entry.unknown.push(what);
  };
  /** parsePolicy, noting a document unknown in preview against its resource. */
  const parseOf = (r: PlainResource, ref: string, value: Plain, what: string): FoundPolicy | undefined => {
    const policy = parsePolicy(ref, value);
    if (policy?.unreadable === UNKNOWN_IN_PREVIEW) pend(r, what);
    return policy;
  };
  const writerGroups = new Map<string, ConfigurationWriters>();
  /** Records that a resource writes a target's single-valued configuration. */
  const writes = (kind: SingleConfiguration, target: string, r: PlainResource): void => {
    const key = `${kind}|${target}`;
    let group = writerGroups.get(key);
    if (group === undefined) {
      group = { kind, target, writers: [] };
      writerGroups.set(key, group);
    }
    group.writers.push(refOf(r));
  };
  const readRefs = new Set<string>();
  const urnsOfRef = new Map<string, string[]>();
  /** Records that a resource is part of a bucket, key or role (for grouping findings by replication path). */
  const partOf = (ref: string, r: PlainResource): void => {
    const urns = urnsOfRef.get(ref);
    if (urns === undefined) urnsOfRef.set(ref, [r.urn]);
    else if (!urns.includes(r.urn)) urns.push(r.urn);
  };
  const p = (r: PlainResource, ...path: string[]): Plain => at(r.props, ...path);
  /**
   * True when `prop` is the provider's unknown for an attribute the program did not set: unknown,
   * no property dependency, on a resource the stack creates (not reads). The bridge's plan leaves
   * every such computed attribute unknown in preview; at create AWS gives its default (no bucket
   * policy, the default key policy, no Object Lock), which is what `up` then judges.
   */
  const unsetComputed = (r: PlainResource, prop: string): boolean =>
    !r.external && isUnknown(p(r, prop)) && (r.propertyDependencies[prop] ?? []).length === 0;
  const deps = (r: PlainResource, prop: string, pattern: RegExp): PlainResource[] =>
    (r.propertyDependencies[prop] ?? [])
      .map((urn) => byUrn.get(urn))
      .filter((d): d is PlainResource => d !== undefined && pattern.test(d.type));
  for (const r of resources) urnOfRef.set(refOf(r), r.urn);

  // Accounts per provider: declared (assumeRoles, allowedAccountIds) or learned from ARNs it produced.
  const providerKey = (r: PlainResource): string => r.provider?.urn ?? "";
  const providerAccounts = new Map<string, string>();
  for (const r of resources) {
    if (r.provider === undefined || providerAccounts.has(providerKey(r))) continue;
    const roles = list(at(r.provider.props, "assumeRoles")) ?? list(at(r.provider.props, "assumeRole"));
    const roleArn = str(at(roles?.[0], "roleArn")) ?? str(at(r.provider.props, "assumeRole", "roleArn"));
    const allowed = list(at(r.provider.props, "allowedAccountIds"));
    const account = accountOfArn(roleArn) ?? (allowed?.length === 1 ? str(allowed[0]) : undefined);
    if (account !== undefined && /^\d{12}$/.test(account)) providerAccounts.set(providerKey(r), account);
  }
  for (const r of resources) {
    if (providerAccounts.has(providerKey(r))) continue;
    if (T.role.test(r.type) || T.key.test(r.type) || T.replicaKey.test(r.type) || T.policy.test(r.type)) {
      const account = accountOfArn(str(p(r, "arn")));
      if (account !== undefined) providerAccounts.set(providerKey(r), account);
    }
  }
  const unknownAccounts = new Map<string, UnknownAccount>();
  for (const r of resources) {
    const key = providerKey(r);
    if (!r.type.startsWith("aws:") || providerAccounts.has(key) || unknownAccounts.has(key)) continue;
    if (accountOfArn(str(p(r, "arn"))) !== undefined) continue;
    const assumed = options.accounts?.get(key);
    if (assumed !== undefined) providerAccounts.set(key, assumed);
    else unknownAccounts.set(key, { provider: key, label: providerLabel(r) });
  }
  const namedAccounts = new Set<string>();
  if (unknownAccounts.size > 0)
    for (const r of resources)
      for (const m of JSON.stringify([r.props, r.provider?.props ?? null]).matchAll(/(?<![0-9])[0-9]{12}(?![0-9])/g))
        namedAccounts.add(m[0]);
  const accountOf = (r: PlainResource): string | undefined =>
    accountOfArn(str(p(r, "arn"))) ?? providerAccounts.get(providerKey(r));
  const regionOf = (r: PlainResource): string | undefined =>
    str(p(r, "region")) ?? (r.provider ? str(at(r.provider.props, "region")) : undefined);
  /** A role's ARN: as found, else (preview) from its name, path and account. */
  const roleArnOf = (r: PlainResource): string | undefined => {
    const known = str(p(r, "arn"));
    if (known) return known;
    const name = str(p(r, "name"));
    const account = accountOf(r);
    const region = r.provider ? str(at(r.provider.props, "region")) : undefined;
    const rolePath = str(p(r, "path")) ?? "/";
    return name && account
      ? `arn:${region ? partitionOfRegion(region) : "aws"}:iam::${account}:role${rolePath}${name}`
      : undefined;
  };

  // Buckets.
  const bucketResources = of(T.bucket);
  const bucketByUrn = new Map<string, FoundBucket>();
  const bucketArnOf = new Map<string, string>();
  const nameOfBucket = (r: PlainResource): string | undefined => str(p(r, "bucket"));
  /** Buckets by name, id and ARN (first wins), and by ARN as the model spells it. */
  const bucketIndex = new Map<string, PlainResource>();
  for (const r of bucketResources) {
    const name = nameOfBucket(r);
    const region = regionOf(r);
    const account = accountOf(r);
    const partition = region !== undefined ? partitionOfRegion(region) : "aws";
    const bucket: FoundBucket = {
      ref: refOf(r),
      partition,
      ...(name ? { name } : {}),
      ...(region ? { region } : {}),
      ...(account ? { account } : {}),
    };
    // A bucket the stack creates without objectLockEnabled has none (the provider's default is false;
    // in preview the unset computed value is unknown and stays unjudged).
    const lockValue = unsetComputed(r, "objectLockEnabled") ? undefined : p(r, "objectLockEnabled");
    const lockConfiguration = unsetComputed(r, "objectLockConfiguration") ? undefined : p(r, "objectLockConfiguration");
    const lock =
      bool(lockValue) ??
      (str(at(lockConfiguration, "objectLockEnabled")) === "Enabled"
        ? true
        : lockValue === undefined && lockConfiguration === undefined && !r.external
          ? false
          : undefined);
    if (lock !== undefined) bucket.objectLockEnabled = lock;
    // The deprecated aws.s3.BucketV2 spells its inline blocks in the plural; aws.s3.Bucket in the singular.
    const plural = T.bucketV2.test(r.type);
    const inlineVersioning = plural ? bool(p(r, "versionings", "enabled")) : bool(p(r, "versioning", "enabled"));
    if (inlineVersioning === true) bucket.versioning = "Enabled";
    // aws.s3.Bucket: `serverSideEncryptionConfiguration.rule`; aws.s3.BucketV2: `serverSideEncryptionConfigurations[].rules[]`.
    const sseProp = plural ? "serverSideEncryptionConfigurations" : "serverSideEncryptionConfiguration";
    const inlineSse = obj(p(r, sseProp));
    if (inlineSse)
      applyEncryption(
        bucket,
        obj(inlineSse["rule"]) ?? obj(inlineSse["rules"]),
        r,
        deps(r, sseProp, /^aws:kms\/(key:Key|replicaKey:ReplicaKey)$/),
      );
    // A new bucket has no bucket policy until one is put: "Only the bucket owner can associate a
    // policy with a bucket" (Bucket policies for Amazon S3,
    // https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-policies.html).
    const inlinePolicy = unsetComputed(r, "policy")
      ? undefined
      : parseOf(r, `${refOf(r)} policy`, p(r, "policy"), "the bucket policy");
    if (inlinePolicy) bucket.policy = inlinePolicy;
    if (r.external) {
      // Read, not managed: what AWS holds is only what the read returned; the rest is unseen.
      readRefs.add(bucket.ref);
      if (bucket.versioning === undefined && bool(p(r, "versioning", "enabled")) === undefined)
        bucket.versioningUnknown = true;
      if (bucket.encryption === undefined) bucket.encryptionUnknown = true;
      if (bucket.policy === undefined) bucket.policyUnknown = true;
      bucket.publicAccessBlockUnknown = true;
    }
    bucketByUrn.set(r.urn, bucket);
    partOf(bucket.ref, r);
    const arn = str(p(r, "arn")) ?? (name ? `arn:${partition}:s3:::${name}` : undefined);
    if (arn) bucketArnOf.set(r.urn, arn);
    for (const value of [name, str(p(r, "id")), str(p(r, "arn")), arn])
      if (value !== undefined && !bucketIndex.has(value)) bucketIndex.set(value, r);
  }
  /** The bucket a configuration resource belongs to: by its `bucket` value, else its property dependency. */
  const bucketOf = (r: PlainResource, prop = "bucket"): PlainResource | undefined => {
    const value = str(p(r, prop));
    if (value !== undefined) {
      const byValue = bucketIndex.get(value);
      if (byValue) return byValue;
    }
    const byDeps = deps(r, prop, T.bucket);
    return byDeps.length === 1 ? byDeps[0] : undefined;
  };

  // Buckets the stack configures but does not create (existing buckets), one per name: named by the
  // `bucket` of a configuration resource or replication configuration, or by a rule's destination
  // ARN. Each has the settings its configuration resources give; a setting with no resource in the
  // stack is unknown (not absent), so nothing is judged on it.
  const externalBuckets = new Map<string, FoundBucket>();
  const externalPartition = new Map<FoundBucket, string>();
  const externalBucket = (name: string, owner?: PlainResource, account?: string, partition?: string): FoundBucket => {
    let bucket = externalBuckets.get(name);
    if (bucket === undefined) {
      bucket = {
        ref: `bucket ${name}`,
        name,
        versioningUnknown: true,
        encryptionUnknown: true,
        policyUnknown: true,
        publicAccessBlockUnknown: true,
      };
      externalBuckets.set(name, bucket);
    }
    // Account and region: the provider (or `region`) of the resources that manage it, else the rule's destination.account.
    const region = owner ? regionOf(owner) : undefined;
    const ownerAccount = owner ? accountOf(owner) : undefined;
    if (bucket.region === undefined && region !== undefined) bucket.region = region;
    const bucketAccount = ownerAccount ?? account;
    if (bucket.account === undefined && bucketAccount !== undefined) bucket.account = bucketAccount;
    if (partition !== undefined) externalPartition.set(bucket, partition);
    // Findings on the bucket point at the first resource that configures it (its versioning when there is one).
    if (owner && !urnOfRef.has(bucket.ref)) urnOfRef.set(bucket.ref, owner.urn);
    return bucket;
  };
  /** A bucket name from a configuration resource's `bucket` value (a name, or tolerated: a bucket ARN). */
  const bucketNameOfValue = (value: string): string | undefined => {
    if (!value.startsWith("arn:")) return value;
    return bucketArnProblem(value) === undefined ? parseArn(value)?.resource : undefined;
  };
  /** The bucket a configuration resource configures: one the stack creates, else an existing one by name. */
  const targetOf = (r: PlainResource, prop = "bucket"): FoundBucket | undefined => {
    const target = targetBucketOf(r, prop);
    if (target) partOf(target.ref, r);
    return target;
  };
  const targetBucketOf = (r: PlainResource, prop: string): FoundBucket | undefined => {
    const created = bucketOf(r, prop);
    if (created) return bucketByUrn.get(created.urn);
    if (deps(r, prop, T.bucket).length > 0) return undefined; // joined to created buckets, ambiguously
    const value = str(p(r, prop));
    const name = value === undefined ? undefined : bucketNameOfValue(value);
    return name === undefined ? undefined : externalBucket(name, r);
  };

  const versioningOf = new Map<FoundBucket, PlainResource>();
  for (const r of of(T.versioning)) {
    const bucket = targetOf(r);
    if (!bucket) continue;
    versioningOf.set(bucket, r);
    const status = p(r, "versioningConfiguration", "status");
    if (isUnknown(status)) {
      bucket.versioningUnknown = true;
      pend(r, "the versioning status");
    } else {
      delete bucket.versioningUnknown;
      const value = str(status);
      if (value !== undefined) bucket.versioning = value;
      else delete bucket.versioning;
    }
  }
  for (const r of of(T.sse)) {
    const bucket = targetOf(r);
    if (!bucket) continue;
    const rules = p(r, "rules");
    if (isUnknown(rules)) {
      bucket.encryptionUnknown = true;
      pend(r, "the default encryption");
      continue;
    }
    applyEncryption(
      bucket,
      obj(rules) ?? obj(p(r, "rule")),
      r,
      deps(r, "rules", /^aws:kms\/(key:Key|replicaKey:ReplicaKey)$/),
    );
  }
  for (const r of of(T.bucketPolicy)) {
    const bucket = targetOf(r);
    const policy = parseOf(r, refOf(r), p(r, "policy"), "the policy document");
    if (bucket) writes(SingleConfiguration.BucketPolicy, bucket.ref, r);
    if (bucket && policy) {
      bucket.policy = policy;
      delete bucket.policyUnknown;
    }
  }
  for (const r of of(T.publicAccess)) {
    const bucket = targetOf(r);
    if (!bucket) continue;
    delete bucket.publicAccessBlockUnknown;
    const block: FoundBucket["publicAccessBlock"] = {};
    for (const setting of [
      "blockPublicAcls",
      "blockPublicPolicy",
      "ignorePublicAcls",
      "restrictPublicBuckets",
    ] as const) {
      const value = bool(p(r, setting));
      if (value !== undefined) block[setting] = value;
      else if (isUnknown(p(r, setting))) block[setting] = true; // unknown in preview: do not judge
    }
    bucket.publicAccessBlock = block;
  }
  for (const r of of(T.ownership)) {
    const bucket = targetOf(r);
    const ownership = str(p(r, "rule", "objectOwnership"));
    if (bucket && ownership) bucket.ownership = ownership;
  }
  for (const r of of(T.objectLock)) {
    const bucket = targetOf(r);
    if (bucket && str(p(r, "objectLockEnabled")) === "Enabled") bucket.objectLockEnabled = true;
  }

  // Keys (placeholder ARNs in preview, when region and account are known, so joins still resolve).
  const keyResources = [...of(T.key), ...of(T.replicaKey)];
  const keyByUrn = new Map<string, FoundKey>();
  const keys: Record<string, FoundKey> = {};
  /** The key id a key will have (preview): a multi-Region key's id is `mrk-...`, shared by its replicas. */
  const keyIdOf = (r: PlainResource): string => {
    const known = str(p(r, "keyId")) ?? str(p(r, "arn"))?.split("/").pop();
    if (known) return known;
    if (T.replicaKey.test(r.type)) {
      const primaryArn = str(p(r, "primaryKeyArn"));
      const primary = primaryArn ? undefined : deps(r, "primaryKeyArn", T.key)[0];
      return primaryArn?.split("/").pop() ?? (primary ? keyIdOf(primary) : previewKeyId(r.urn, true));
    }
    return previewKeyId(r.urn, bool(p(r, "multiRegion")) === true);
  };
  for (const r of keyResources) {
    const region = regionOf(r) ?? regionOfArn(str(p(r, "arn")));
    const account = accountOf(r);
    const partition = region ? partitionOfRegion(region) : "aws";
    const arn =
      str(p(r, "arn")) ??
      (region && account ? `arn:${partition}:kms:${region}:${account}:key/${keyIdOf(r)}` : undefined);
    const key: FoundKey = {
      ref: refOf(r),
      grants: [],
      awsManaged: false,
      ...(arn ? { arn } : {}),
      ...(region ? { region } : {}),
      ...(account ? { account } : {}),
    };
    const spec = str(p(r, "customerMasterKeySpec")) ?? str(p(r, "keySpec"));
    if (spec) key.keySpec = spec;
    const usage = str(p(r, "keyUsage"));
    if (usage) key.keyUsage = usage;
    const rotation = bool(p(r, "enableKeyRotation"));
    if (rotation !== undefined) key.rotationEnabled = rotation;
    const enabled = bool(p(r, "isEnabled")) ?? bool(p(r, "enabled"));
    if (enabled !== undefined) key.enabled = enabled;
    const multi = bool(p(r, "multiRegion")) ?? (T.replicaKey.test(r.type) ? true : undefined);
    if (multi !== undefined) key.multiRegion = multi;
    // A key created without a policy gets AWS's default key policy (awsDefaultKeyPolicy).
    const policy =
      unsetComputed(r, "policy") && account !== undefined
        ? { ref: `${refOf(r)} policy`, document: awsDefaultKeyPolicy(account, partition) }
        : parseOf(r, `${refOf(r)} policy`, p(r, "policy"), "the key policy");
    if (policy) key.policy = policy;
    if (r.external) readRefs.add(key.ref);
    keyByUrn.set(r.urn, key);
    partOf(key.ref, r);
    if (arn) keys[arn] = key;
  }
  /** Keys by ARN, key id and id (a multi-Region key and its replicas share the key id). */
  const keyIndex = new Map<string, PlainResource[]>();
  for (const k of keyResources) {
    for (const value of new Set([str(p(k, "arn")), str(p(k, "keyId")), str(p(k, "id"))])) {
      if (value === undefined) continue;
      const same = keyIndex.get(value);
      if (same) same.push(k);
      else keyIndex.set(value, [k]);
    }
  }
  const keyResourceOf = (r: PlainResource, prop: string): PlainResource | undefined => {
    const value = str(p(r, prop));
    if (value !== undefined) {
      // A multi-Region key and its replicas share the key id: prefer the one in this resource's region.
      const hits = keyIndex.get(value) ?? [];
      const region = regionOf(r);
      const hit = hits.length > 1 ? (hits.find((k) => keyByUrn.get(k.urn)?.region === region) ?? hits[0]) : hits[0];
      if (hit) return hit;
    }
    const byDeps = deps(r, prop, /^aws:kms\/(key:Key|replicaKey:ReplicaKey)$/);
    return byDeps.length === 1 ? byDeps[0] : undefined;
  };
  /**
   * A key the stack does not create (an existing key) that a key policy or grant of the stack names:
   * by key ARN, or by key id in the account and region of the resource's provider. It has only what
   * those resources give it (its policy is not visible otherwise).
   */
  const externalKeys: FoundKey[] = [];
  const externalKeyOf = (r: PlainResource, prop: string): FoundKey | undefined => {
    if (deps(r, prop, /^aws:kms\/(key:Key|replicaKey:ReplicaKey|alias:Alias)$/).length > 0) return undefined;
    const value = str(p(r, prop));
    if (value === undefined) return undefined;
    const reference = parseKeyReference(value);
    const region = reference.region ?? regionOf(r);
    const account = reference.account ?? accountOf(r);
    let arn: string | undefined;
    if (reference.kind === KeyReferenceKind.KeyArn) arn = value;
    else if (reference.kind === KeyReferenceKind.KeyId && region !== undefined && account !== undefined)
      arn = `arn:${partitionOfRegion(region)}:kms:${region}:${account}:key/${value}`;
    if (arn === undefined) return undefined;
    const existing = keys[arn];
    if (existing) return existing;
    const key: FoundKey = {
      ref: `kms key ${arn}`,
      arn,
      grants: [],
      ...(region ? { region } : {}),
      ...(account ? { account } : {}),
      ...(reference.multiRegion ? { multiRegion: true } : {}),
    };
    keys[arn] = key;
    externalKeys.push(key);
    urnOfRef.set(key.ref, r.urn);
    return key;
  };
  for (const r of of(T.keyPolicy)) {
    const k = keyResourceOf(r, "keyId");
    const key = (k && keyByUrn.get(k.urn)) ?? (k ? undefined : externalKeyOf(r, "keyId"));
    const policy = parseOf(r, refOf(r), p(r, "policy"), "the key policy");
    if (key) {
      writes(SingleConfiguration.KeyPolicy, key.ref, r);
      partOf(key.ref, r);
    }
    if (key && policy) key.policy = policy;
  }
  for (const r of of(T.grant)) {
    const k = keyResourceOf(r, "keyId");
    const key = (k && keyByUrn.get(k.urn)) ?? (k ? undefined : externalKeyOf(r, "keyId"));
    if (!key) continue;
    partOf(key.ref, r);
    const granteeTarget = isUnknown(p(r, "granteePrincipal")) ? deps(r, "granteePrincipal", T.role) : [];
    const grantee =
      str(p(r, "granteePrincipal")) ??
      (granteeTarget.length === 1 && granteeTarget[0] ? roleArnOf(granteeTarget[0]) : undefined);
    if (grantee === undefined && isUnknown(p(r, "granteePrincipal"))) pend(r, "the grantee principal");
    const grant: FoundGrant = {
      ref: refOf(r),
      operations: (list(p(r, "operations")) ?? []).map(str).filter((o): o is string => o !== undefined),
      ...(grantee ? { granteePrincipal: grantee } : {}),
    };
    key.grants.push(grant);
  }
  for (const r of of(T.alias)) {
    const k = keyResourceOf(r, "targetKeyId");
    const key = k && keyByUrn.get(k.urn);
    if (!key) continue;
    partOf(key.ref, r);
    const name = str(p(r, "name"));
    const arn =
      str(p(r, "arn")) ??
      (name && key.region && key.account
        ? `arn:${key.arn?.split(":")[1] ?? "aws"}:kms:${key.region}:${key.account}:${name}`
        : undefined);
    if (name) keys[name] = key;
    if (arn) keys[arn] = key;
  }
  // Fill in each bucket's default-encryption key from its SSE resource's key join.
  for (const bucket of [...bucketByUrn.values(), ...externalBuckets.values()]) {
    const pending = pendingKeyJoin.get(bucket);
    if (pending && bucket.encryption && bucket.encryption.keyId === undefined) {
      const key = keyByUrn.get(pending.urn);
      if (key?.arn) bucket.encryption.keyId = key.arn;
    }
  }

  // Roles: permissions from every way they attach (inline, RolePolicy, managedPolicyArns,
  // RolePolicyAttachment, PolicyAttachment, the exclusive-attachment resources). Inline policies are
  // keyed by name and attached ones by policy, so a role's read-back mirror (`inlinePolicies`,
  // `managedPolicyArns` after a refresh) never counts a document twice.
  const policyIndex = new Map<string, PlainResource>();
  for (const r of of(T.policy)) {
    const arn = str(p(r, "arn"));
    if (arn !== undefined) policyIndex.set(arn, r);
  }
  const roleResources = of(T.role);
  const roleIndex = new Map<string, PlainResource>();
  for (const role of roleResources) {
    for (const value of [str(p(role, "name")), str(p(role, "arn")), str(p(role, "id"))])
      if (value !== undefined && !roleIndex.has(value)) roleIndex.set(value, role);
  }
  const roleOf = (r: PlainResource, prop: string): PlainResource | undefined => {
    const value = str(p(r, prop));
    const hit = value === undefined ? undefined : roleIndex.get(value);
    if (hit) return hit;
    const byDeps = deps(r, prop, T.role);
    return byDeps.length === 1 ? byDeps[0] : undefined;
  };
  /** A role's permission documents as they are gathered. */
  interface RolePieces {
    inline: Map<string, FoundPolicy>;
    attached: Map<string, FoundPolicy | string>;
  }
  const piecesOf = new Map<string, RolePieces>();
  const pieces = (role: PlainResource): RolePieces => {
    let entry = piecesOf.get(role.urn);
    if (entry === undefined) {
      entry = { inline: new Map(), attached: new Map() };
      piecesOf.set(role.urn, entry);
    }
    return entry;
  };
  /** Attaches a managed policy (by ARN value, else the Policy resource the value depends on) to a role. */
  const attach = (role: PlainResource, owner: PlainResource, value: Plain, dependencies: PlainResource[]): void => {
    partOf(refOf(role), owner);
    const arn = str(value);
    const target =
      (arn !== undefined ? policyIndex.get(arn) : undefined) ??
      (arn === undefined && dependencies.length === 1 ? dependencies[0] : undefined);
    const attached = pieces(role).attached;
    if (target !== undefined) {
      partOf(refOf(role), target);
      const policy = parseOf(target, refOf(target), p(target, "policy"), "the policy document");
      attached.set(target.urn, policy ?? { ref: refOf(target), unreadable: "the policy has no document" });
    } else if (arn !== undefined) {
      attached.set(arn, arn);
    } else {
      attached.set(`${owner.urn}|${attached.size}`, `(unknown policy of ${refOf(owner)})`);
      pend(owner, "the attached policy");
    }
  };
  const roleByUrn = new Map<string, FoundRole>();
  for (const r of roleResources) {
    const arn = str(p(r, "arn"));
    const name = str(p(r, "name"));
    const account = accountOf(r);
    const role: FoundRole = {
      ref: refOf(r),
      policies: [],
      unresolvedPolicyArns: [],
      ...(arn ? { arn } : {}),
      ...(name ? { name } : {}),
      ...(account ? { account } : {}),
    };
    const trust = parseOf(r, `${refOf(r)} assumeRolePolicy`, p(r, "assumeRolePolicy"), "the trust policy");
    if (trust) role.trustPolicy = trust;
    const own = pieces(r);
    const inlines = p(r, "inlinePolicies");
    (list(inlines) ?? []).forEach((inline, index) => {
      const inlineName = str(at(inline, "name")) ?? String(index);
      const policy = parseOf(
        r,
        `${refOf(r)} inline policy ${inlineName}`,
        at(inline, "policy"),
        `the inline policy ${inlineName}`,
      );
      if (policy) own.inline.set(inlineName, policy);
    });
    const managed = p(r, "managedPolicyArns");
    const managedDeps = deps(r, "managedPolicyArns", T.policy);
    const managedList = list(managed) ?? [];
    managedList.forEach((entry) => {
      if (!isUnknown(entry)) attach(r, r, entry, []);
    });
    if (isUnknown(managed) || managedList.some(isUnknown)) managedDeps.forEach((d) => attach(r, r, undefined, [d]));
    if (r.external && (inlines === undefined || managed === undefined)) {
      // A role the stack reads: its policies are AWS's and were not read back.
      own.attached.set(`${r.urn}|read`, `(the policies of ${refOf(r)}, a role the stack reads)`);
    }
    roleByUrn.set(r.urn, role);
    partOf(role.ref, r);
  }
  for (const r of of(T.rolePolicy)) {
    const target = roleOf(r, "role");
    if (target) partOf(refOf(target), r);
    const policy = parseOf(r, refOf(r), p(r, "policy"), "the policy document");
    // Keyed by the inline policy's name: the role's read-back `inlinePolicies` mirror has the same name.
    if (target && policy) pieces(target).inline.set(str(p(r, "name")) ?? r.urn, policy);
  }
  for (const r of of(T.attachment)) {
    const target = roleOf(r, "role");
    if (target) attach(target, r, p(r, "policyArn"), deps(r, "policyArn", T.policy));
  }
  for (const r of of(T.policyAttachment)) {
    // aws.iam.PolicyAttachment attaches one policy to every role of its `roles` list (names).
    const names = list(p(r, "roles"));
    const known = (names ?? [])
      .map(str)
      .filter((n): n is string => n !== undefined)
      .map((n) => roleIndex.get(n))
      .filter((role): role is PlainResource => role !== undefined);
    const targets = new Set([
      ...known,
      ...(isUnknown(p(r, "roles")) || (names ?? []).some(isUnknown) ? deps(r, "roles", T.role) : []),
    ]);
    for (const target of targets) attach(target, r, p(r, "policyArn"), deps(r, "policyArn", T.policy));
  }
  for (const r of of(T.attachmentsExclusive)) {
    // The role's managed policies are exactly `policyArns`: listed ones are attached, others detached.
    const target = roleOf(r, "roleName");
    if (target === undefined) continue;
    const arns = p(r, "policyArns");
    const entries = list(arns);
    if (entries !== undefined && !entries.some(isUnknown)) {
      const own = pieces(target);
      own.attached.clear();
      entries.forEach((entry) => attach(target, r, entry, []));
    } else {
      deps(r, "policyArns", T.policy).forEach((d) => attach(target, r, undefined, [d]));
      pend(r, "the exclusive list of attached policies");
    }
  }
  for (const r of of(T.inlineExclusive)) {
    // The role's inline policies are exactly `policyNames`: others are deleted.
    const target = roleOf(r, "roleName");
    const names = list(p(r, "policyNames"));
    if (target === undefined) continue;
    if (names === undefined || names.some(isUnknown)) {
      pend(r, "the exclusive list of inline policy names");
      continue;
    }
    const keep = new Set(names.map(str));
    const own = pieces(target);
    for (const name of [...own.inline.keys()]) if (!keep.has(name)) own.inline.delete(name);
  }
  for (const r of roleResources) {
    const role = roleByUrn.get(r.urn);
    const own = piecesOf.get(r.urn);
    if (role === undefined || own === undefined) continue;
    role.policies.push(...own.inline.values());
    for (const entry of own.attached.values()) {
      if (typeof entry === "string") role.unresolvedPolicyArns.push(entry);
      else role.policies.push(entry);
    }
  }

  // Replication configurations.
  const replications: FoundReplication[] = [];
  const unknownReplicaKeys = new Set<string>();
  const placeholderRules = new Set<string>();
  const ordering: OrderingIssue[] = [];
  const buildReplication = (
    owner: PlainResource,
    ref: string,
    sourceResource: PlainResource | undefined,
    sourceBucket: FoundBucket | undefined,
    config: Plain,
    rulesProp: string,
    roleTarget: PlainResource | undefined,
    isSeparate: boolean,
  ): void => {
    // A source bucket that cannot be named (unknown in preview): nothing is judged on its settings.
    const ownerRegion = regionOf(owner);
    const ownerAccount = accountOf(owner);
    const source: FoundBucket = sourceBucket ?? {
      ref: "bucket (unknown)",
      versioningUnknown: true,
      encryptionUnknown: true,
      policyUnknown: true,
      publicAccessBlockUnknown: true,
      ...(ownerRegion ? { region: ownerRegion, partition: partitionOfRegion(ownerRegion) } : {}),
      ...(ownerAccount ? { account: ownerAccount } : {}),
    };
    const roleArn = str(at(config, "role"));
    const role = roleTarget && roleByUrn.get(roleTarget.urn);
    const destinations: Record<string, FoundBucket> = {};
    const destinationBuckets: FoundBucket[] = [];
    const ruleList = (list(at(config, "rules")) ?? []).filter((rule) => obj(rule) !== undefined);
    const candidateBuckets = deps(owner, rulesProp, T.bucket).filter((b) => b.urn !== sourceResource?.urn);
    const candidateKeys = [
      ...new Set([
        ...deps(owner, rulesProp, /^aws:kms\/(key:Key|replicaKey:ReplicaKey)$/),
        // A rule naming an alias output (alias.arn or alias.targetKeyArn, indistinguishable in preview) uses the alias's key.
        ...deps(owner, rulesProp, T.alias)
          .map((alias) => keyResourceOf(alias, "targetKeyId"))
          .filter((k): k is PlainResource => k !== undefined),
      ]),
    ];
    const unresolvedDest = ruleList.filter((rule) => str(at(ruleDestination(rule), "bucket")) === undefined).length;
    const unresolvedKey = ruleList.filter((rule) => isUnknown(ruleReplicaKey(rule))).length;
    if (isUnknown(at(config, "rules")) || (ruleList.length === 0 && hasUnknown(at(config, "rules")))) {
      placeholderRules.add(ref);
      pend(owner, "the replication rules");
      candidateBuckets.forEach((candidate, index) => {
        const arn = bucketArnOf.get(candidate.urn);
        const destination = bucketByUrn.get(candidate.urn);
        if (arn && destination) {
          ruleList.push({
            id: `(unknown in preview ${index})`,
            status: "Enabled",
            filter: {},
            destination: { bucket: arn },
          });
          destinations[arn] = destination;
        }
      });
    }
    const rules: FoundRule[] = ruleList.map((rule, index) => {
      const found = foundRule(rule);
      const label = `${ref}|rule ${found.id ?? index}`;
      // Destination bucket: by ARN value, else the single bucket the rules depend on.
      let destResource: PlainResource | undefined;
      if (found.destinationBucket !== undefined) {
        const arn = found.destinationBucket;
        destResource =
          bucketIndex.get(arn) ??
          (arn.includes(":::") ? bucketIndex.get(arn.slice(arn.indexOf(":::") + 3)) : undefined);
      } else if (unresolvedDest === 1 && candidateBuckets.length === 1) {
        destResource = candidateBuckets[0];
        const arn = destResource ? bucketArnOf.get(destResource.urn) : undefined;
        if (arn) found.destinationBucket = arn;
      }
      let destination = destResource && bucketByUrn.get(destResource.urn);
      if (
        destination === undefined &&
        found.destinationBucket !== undefined &&
        bucketArnProblem(found.destinationBucket) === undefined
      ) {
        // A bucket the stack does not create: named by the rule's ARN (and configured, or not, by resources of the stack).
        const arn = parseArn(found.destinationBucket);
        if (arn) destination = externalBucket(arn.resource, undefined, found.destinationAccount, arn.partition);
      }
      if (
        destination === undefined &&
        found.destinationBucket === undefined &&
        hasUnknown(at(ruleDestination(rule), "bucket"))
      )
        pend(owner, `the destination bucket of rule ${found.id ?? index}`);
      if (destination && found.destinationBucket) {
        destinations[found.destinationBucket] = destination;
        destinationBuckets.push(destination);
      }
      // Replica key: by value, else the key the rules depend on (single, or the one in the destination's region).
      if (isUnknown(ruleReplicaKey(rule))) {
        const inRegion = candidateKeys.filter(
          (k) => destination?.region !== undefined && keyByUrn.get(k.urn)?.region === destination.region,
        );
        const pick =
          unresolvedKey === 1 && candidateKeys.length === 1
            ? candidateKeys[0]
            : inRegion.length === 1
              ? inRegion[0]
              : undefined;
        const arn = pick ? keyByUrn.get(pick.urn)?.arn : undefined;
        if (arn) found.replicaKmsKeyId = arn;
        else {
          unknownReplicaKeys.add(label);
          pend(owner, `the replica key of rule ${found.id ?? index}`);
        }
      }
      return found;
    });
    const replication: FoundReplication = {
      ref,
      source,
      rules,
      destinations,
      keys,
      ...(roleArn ? { roleArn } : role?.arn ? { roleArn: role.arn } : {}),
      ...(role ? { role } : {}),
    };
    urnOfRef.set(ref, owner.urn);
    replications.push(replication);
    if (isSeparate) {
      const needed = [source, ...destinationBuckets]
        .map((bucket) => versioningOf.get(bucket))
        .filter((v): v is PlainResource => v !== undefined);
      const missing = [...new Set(needed)].filter(
        (v) =>
          !owner.dependencies.includes(v.urn) &&
          !Object.values(owner.propertyDependencies).some((list) => list.includes(v.urn)),
      );
      if (missing.length > 0) ordering.push({ urn: owner.urn, ref, missing: missing.map(refOf) });
    }
  };
  const separatelyReplicated = new Set<string>();
  for (const r of of(T.replication)) {
    const sourceResource = bucketOf(r);
    const source = targetOf(r);
    if (sourceResource) separatelyReplicated.add(sourceResource.urn);
    if (source) writes(SingleConfiguration.Replication, source.ref, r);
    const roleTarget = roleOf(r, "role");
    if (roleTarget === undefined && isUnknown(p(r, "role"))) pend(r, "the replication role");
    buildReplication(r, refOf(r), sourceResource, source, r.props, "rules", roleTarget, true);
  }
  for (const r of bucketResources) {
    // A bucket's inline replication configuration read back after a refresh mirrors the separate
    // BucketReplicationConfig that manages it: judged once, as that resource.
    if (separatelyReplicated.has(r.urn)) continue;
    // aws.s3.Bucket: `replicationConfiguration`; the deprecated aws.s3.BucketV2: `replicationConfigurations` (a list).
    const prop = T.bucketV2.test(r.type) ? "replicationConfigurations" : "replicationConfiguration";
    const inline = obj(p(r, prop));
    if (!inline || (list(inline["rules"]) ?? []).length === 0) continue;
    const roleValue = str(inline["role"]);
    const roleTarget = (roleValue !== undefined ? roleIndex.get(roleValue) : undefined) ?? deps(r, prop, T.role)[0];
    buildReplication(r, `${refOf(r)} ${prop}`, r, bucketByUrn.get(r.urn), inline, prop, roleTarget, false);
  }
  for (const bucket of externalBuckets.values()) {
    bucket.partition =
      externalPartition.get(bucket) ?? (bucket.region !== undefined ? partitionOfRegion(bucket.region) : "aws");
  }
  return {
    replications,
    buckets: [...bucketByUrn.values(), ...externalBuckets.values()],
    keys: [...keyByUrn.values(), ...externalKeys],
    urnOfRef,
    unknownReplicaKeys,
    placeholderRules,
    ordering,
    writers: [...writerGroups.values()],
    readRefs,
    pending: [...pendingByUrn.values()],
    urnsOfRef,
    keysByReference: keys,
    roles: [...roleByUrn.values()],
    unknownAccounts: [...unknownAccounts.values()],
    namedAccounts: [...namedAccounts].sort(),
  };
}

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

const pendingKeyJoin = new WeakMap<FoundBucket, PlainResource>();

function regionOfArn(arn: string | undefined): string | undefined {
  const region = arn === undefined ? undefined : parseArn(arn)?.region;
  return region ? region : undefined;
}

/** Reads an SSE rule (separate resource or legacy inline) into the bucket. */
function applyEncryption(
  bucket: FoundBucket,
  rule: { [key: string]: Plain } | undefined,
  owner?: PlainResource,
  keyDeps: PlainResource[] = [],
): void {
  if (rule === undefined) return;
  const byDefault = obj(rule["applyServerSideEncryptionByDefault"]) ?? obj(rule["applyServerSideEncryptionByDefaults"]);
  const algorithm = byDefault ? byDefault["sseAlgorithm"] : undefined;
  if (isUnknown(algorithm)) {
    bucket.encryptionUnknown = true;
    return;
  }
  const keyValue = byDefault ? byDefault["kmsMasterKeyId"] : undefined;
  const keyId = str(keyValue);
  const bucketKey = bool(rule["bucketKeyEnabled"]);
  bucket.encryption = {
    ...(str(algorithm) ? { algorithm: str(algorithm) as string } : {}),
    ...(keyId ? { keyId } : {}),
    ...(bucketKey !== undefined ? { bucketKeyEnabled: bucketKey } : {}),
  };
  delete bucket.encryptionUnknown;
  if (isUnknown(keyValue) && owner && keyDeps.length === 1 && keyDeps[0]) pendingKeyJoin.set(bucket, keyDeps[0]);
}

/** The first of some alternative keys that is present (singular, or the plural list BucketV2 uses inline). */
function either(value: Plain, ...keys: string[]): Plain {
  for (const key of keys) {
    const found = at(value, key);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * A rule's destination block: `destination` (BucketReplicationConfig, legacy `aws.s3.Bucket`
 * inline) or `destinations` (the deprecated `aws.s3.BucketV2` inline `replicationConfigurations`,
 * whose nested blocks are one-element lists).
 */
export function ruleDestination(rule: Plain): Plain {
  return either(rule, "destination", "destinations");
}

/** The replica key value of a rule, in any of the shapes (V2 `encryptionConfiguration`, legacy `replicaKmsKeyId`). */
export function ruleReplicaKey(rule: Plain): Plain {
  const destination = ruleDestination(rule);
  if (isUnknown(destination)) return destination;
  const nested = at(destination, "encryptionConfiguration", "replicaKmsKeyId");
  return nested !== undefined ? nested : at(destination, "replicaKmsKeyId");
}

/**
 * A rule as the analysis reads rules, from any of the shapes a stack holds: BucketReplicationConfig
 * (`filter`, `destination.encryptionConfiguration`, `sourceSelectionCriteria.sseKmsEncryptedObjects.status`),
 * the legacy `aws.s3.Bucket` inline `replicationConfiguration` (`deleteMarkerReplicationStatus`,
 * `destination.replicaKmsKeyId`, `destination.accountId`, `sseKmsEncryptedObjects.enabled`,
 * `metrics.minutes`, `replicationTime.minutes`) and the deprecated `aws.s3.BucketV2` inline
 * `replicationConfigurations` (the same, with plural one-element lists: `filters`, `destinations`,
 * `sourceSelectionCriterias`, `accessControlTranslations`, `replicationTimes`).
 */
export function foundRule(rule: Plain): FoundRule {
  const filter = obj(either(rule, "filter", "filters"));
  const and = filter ? obj(filter["and"]) : undefined;
  const tag = filter ? obj(filter["tag"]) : undefined;
  const tagsValue = obj(and?.["tags"]) ?? obj(filter?.["tags"]);
  const tags: Record<string, string> = {};
  for (const [key, value] of Object.entries(tagsValue ?? {})) {
    const s = str(value);
    if (s !== undefined) tags[key] = s;
  }
  const tagKey = tag ? str(tag["key"]) : undefined;
  if (tagKey !== undefined) tags[tagKey] = str(tag?.["value"]) ?? "";
  const prefix = str(filter?.["prefix"]) ?? str(and?.["prefix"]);
  const destination = ruleDestination(rule);
  const criteria = either(rule, "sourceSelectionCriteria", "sourceSelectionCriterias");
  const s = (...path: string[]): string | undefined => str(at(rule, ...path));
  const legacySse = bool(at(criteria, "sseKmsEncryptedObjects", "enabled"));
  const sse =
    str(at(criteria, "sseKmsEncryptedObjects", "status")) ??
    (legacySse === undefined ? undefined : legacySse ? "Enabled" : "Disabled");
  const rtc = either(destination, "replicationTime", "replicationTimes");
  const rtcStatus = str(at(rtc, "status"));
  const rtcMinutes = num(at(rtc, "time", "minutes")) ?? num(at(rtc, "minutes"));
  const metricsStatus = str(at(destination, "metrics", "status"));
  const threshold =
    num(at(destination, "metrics", "eventThreshold", "minutes")) ?? num(at(destination, "metrics", "minutes"));
  const priority = num(at(rule, "priority"));
  const fields: Array<[keyof FoundRule, string | number | undefined]> = [
    ["id", s("id")],
    ["status", s("status")],
    ["priority", priority],
    ["legacyPrefix", filter ? undefined : s("prefix")],
    ["filterPrefix", prefix],
    ["deleteMarkerReplication", s("deleteMarkerReplication", "status") ?? s("deleteMarkerReplicationStatus")],
    ["sseKmsEncryptedObjects", sse],
    ["replicaModifications", str(at(criteria, "replicaModifications", "status"))],
    ["destinationBucket", str(at(destination, "bucket"))],
    ["destinationAccount", str(at(destination, "account")) ?? str(at(destination, "accountId"))],
    ["storageClass", str(at(destination, "storageClass"))],
    ["replicaKmsKeyId", str(ruleReplicaKey(rule))],
    ["ownerOverride", str(at(either(destination, "accessControlTranslation", "accessControlTranslations"), "owner"))],
    ["replicationTimeStatus", rtcStatus],
    ["replicationTimeMinutes", rtcMinutes],
    ["metricsStatus", metricsStatus],
    ["metricsEventThresholdMinutes", threshold],
  ];
  const found: FoundRule = { hasFilter: filter !== undefined };
  for (const [key, value] of fields)
    if (value !== undefined) (found as unknown as Record<string, unknown>)[key] = value;
  if (Object.keys(tags).length > 0) found.filterTags = tags;
  return found;
}
