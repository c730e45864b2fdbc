// The happy-path raw-resource program (no components): two providers, SSE-KMS buckets with Bucket
// Keys, keys + key policies, role + role policy, destination bucket policy and a
// BucketReplicationConfig ordered after both versionings. The policy JSON comes from the core's
// generateDocuments, so happy path == what the core generates. Each broken test changes ONE thing.
//
// Documents that do not name a key ARN (trust, bucket and key policies) are plain strings, as a
// hand-written program has them, so they are known in preview; the role policy names the keys'
// ARNs and is unknown in preview (unless the keys live outside the stack: `externalKeys`).
//
// Real-world shapes are variants of the same program (`style`, `roleStyle`, `replicaKeyRef`,
// `mrk`, `grant`, `externalKeys`, `keyPolicyInline`): the same topology written with other resource
// types, so a shape's passing variant must have zero violations and its broken variant the one
// violation its change causes.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { PolicyDocument, PolicyStatement } from "s3-replication/components/model";
import { Encryption, ReplicationTopology } from "s3-replication/components/model";
import { ReplicationRule, TopologyDocuments, generateDocuments } from "s3-replication/components/documents";

export const SRC_ACCOUNT = "111111111111";
export const DST_ACCOUNT = "222222222222";
export const SRC_BUCKET = "orders-src";
export const DST_BUCKET = "orders-dst";
export const ROLE_NAME = "orders-replication";
export const ROLE_ARN = `arn:aws:iam::${SRC_ACCOUNT}:role/${ROLE_NAME}`;
/** Key ARNs of keys outside the stack (`externalKeys`). */
export const EXTERNAL_SRC_KEY = "arn:aws:kms:us-east-1:111111111111:key/11111111-1111-4111-8111-111111111111";
export const externalDstKey = (account: string): string =>
  `arn:aws:kms:eu-west-1:${account}:key/22222222-2222-4222-8222-222222222222`;

type Json = Record<string, unknown>;

/** Resource types for the buckets and their settings. */
/** A document tweak: the same document with `action` removed from every statement's Action list. */
export const withoutAction =
  (action: string) =>
  (doc: PolicyDocument): PolicyDocument => ({
    ...doc,
    Statement: doc.Statement.map((s): PolicyStatement =>
      Array.isArray(s.Action) ? { ...s, Action: s.Action.filter((a) => a !== action) } : s,
    ),
  });

export type BucketStyle =
  /** aws.s3.Bucket + BucketVersioning + BucketServerSideEncryptionConfiguration + BucketReplicationConfig. */
  | "current"
  /** The deprecated aws.s3.BucketV2 + BucketVersioningV2 + BucketServerSideEncryptionConfigurationV2 + BucketReplicationConfig. */
  | "v2"
  /** aws.s3.Bucket's legacy inline `versioning`, `serverSideEncryptionConfiguration`, `replicationConfiguration`. */
  | "inline"
  /** aws.s3.BucketV2's deprecated inline `versionings`, `serverSideEncryptionConfigurations`, `replicationConfigurations` (lists). */
  | "v2-inline";

/** How the role gets its permission policy. */
export type RoleStyle = "rolePolicy" | "inlinePolicies" | "managedPolicyArns" | "attachment";

/** What the rule's replicaKmsKeyId is. */
export type ReplicaKeyRef = "key" | "alias-arn" | "alias-target" | "source-key";

/** One change to the happy path. */
export interface Tweaks {
  srcVersioning?: string;
  dstVersioning?: string;
  /** Omit the dependsOn of the replication configuration. */
  noDependsOn?: boolean;
  rules?: (rules: ReplicationRule[]) => unknown[];
  rolePolicy?: (doc: PolicyDocument) => unknown;
  trustPolicy?: (doc: PolicyDocument) => unknown;
  dstBucketPolicy?: (doc: PolicyDocument) => unknown;
  srcBucketPolicy?: (doc: PolicyDocument) => unknown;
  dstKeyPolicy?: (doc: PolicyDocument) => unknown;
  srcKeyPolicy?: (doc: PolicyDocument) => unknown;
  srcSse?: (rule: Json) => Json;
  dstSse?: (rule: Json) => Json;
  /** Drop the destination's SSE configuration. */
  noDstSse?: boolean;
  dstPublicAccess?: Json;
  /** An aws.s3.AccountPublicAccessBlock ("dst-account-pab") on the destination account's provider with these settings. */
  dstAccountPublicAccess?: Json;
  srcKeyRotation?: boolean;
  dstKeyEnabled?: boolean;
  srcObjectLock?: boolean;
  dstObjectLock?: boolean;
  srcOwnership?: string;
  /** The destination bucket's object ownership (default BucketOwnerEnforced). */
  dstOwnership?: string;
  /** A bucket ACL resource (aws.s3.BucketAcl) on the destination with this canned ACL. */
  dstAcl?: string;
  /** A bucket ACL resource (aws.s3.BucketAcl) on the destination with this accessControlPolicy (owner and grants). */
  dstAclPolicy?: Json;
  /** The destination bucket's legacy inline `grants` (aws.s3.Bucket; no owner id). */
  dstInlineGrants?: Json[];
  /** The destination's kms.KeyPolicy sets bypassPolicyLockoutSafetyCheck. */
  bypassLockout?: boolean;
  /** The grantee of the `grant` (default: the replication role). */
  grantee?: string;
  /** Destination topology changes before documents are generated. */
  bucketKey?: boolean;
  replicationTime?: boolean;
  /** Destination account (same-account variant: 111111111111). */
  dstAccount?: string;
  /** Documents for replication both ways (a reverse role and rule; see twoWayProgram.ts). */
  twoWay?: boolean;
  /** Resource types for buckets and their settings (default "current"). */
  style?: BucketStyle;
  /** How the role gets its permission policy (default "rolePolicy": an iam.RolePolicy). */
  roleStyle?: RoleStyle;
  /** What the rule names as replica key (default "key": the replica key's ARN output). */
  replicaKeyRef?: ReplicaKeyRef;
  /**
   * The replica key is a multi-Region key: its primary in us-east-1 of the destination account, a
   * kms.ReplicaKey in the destination region. "replica": the rule (and everything else) uses the
   * replica; "primary": the rule names the primary's ARN (wrong region).
   */
  mrk?: "replica" | "primary";
  /** A kms.Grant to the role on the replica key, with these operations (e.g. Encrypt, GenerateDataKey, Decrypt). */
  grant?: string[];
  /** Keys outside the stack (literal ARNs, no kms resources): every document is known in preview. */
  externalKeys?: boolean;
  /** Key policies as the kms.Key's own `policy` argument instead of kms.KeyPolicy resources. */
  keyPolicyInline?: boolean;
  /**
   * Both buckets already exist: no aws.s3.Bucket, the configuration resources (versioning, SSE,
   * public access block, ownership, bucket policy) name them by their literal names. Split
   * resources only ("current" or "v2" style).
   */
  existingBuckets?: boolean;
  /** With `existingBuckets`: the stack has no configuration resource at all for the destination bucket (only the rule's ARN names it). */
  noDstConfig?: boolean;
}

/** The documents the core generates for the happy topology, given the real key ARNs. */
export function documentsFor(srcKeyArn: string, dstKeyArn: string, tweaks: Tweaks = {}): TopologyDocuments {
  const dstAccount = tweaks.dstAccount ?? DST_ACCOUNT;
  const topology: ReplicationTopology = {
    source: {
      account: SRC_ACCOUNT,
      region: "us-east-1",
      partition: "aws",
      bucketName: SRC_BUCKET,
      encryption: Encryption.SseKms,
      keyArn: srcKeyArn,
      bucketKeyEnabled: tweaks.bucketKey ?? true,
      objectLockEnabled: tweaks.srcObjectLock ?? false,
    },
    role: { account: SRC_ACCOUNT, partition: "aws", name: ROLE_NAME },
    destinations: [
      {
        name: "dr",
        ruleId: "dr",
        priority: 1,
        account: dstAccount,
        region: "eu-west-1",
        partition: "aws",
        bucketName: DST_BUCKET,
        encryption: Encryption.SseKms,
        keyArn: dstKeyArn,
        bucketKeyEnabled: tweaks.bucketKey ?? true,
        objectLockEnabled: tweaks.srcObjectLock ?? false,
        deleteMarkerReplication: true,
        ownershipOverride: dstAccount !== SRC_ACCOUNT,
        replicationTime: tweaks.replicationTime ?? true,
        metrics: true,
        replicaModifications: false,
      },
    ],
    twoWay: tweaks.twoWay ?? false,
  };
  return generateDocuments(topology);
}

const PLACEHOLDER_SRC_KEY = "arn:aws:kms:us-east-1:111111111111:key/00000000-0000-4000-8000-000000000001";
const placeholderDstKey = (account: string): string =>
  `arn:aws:kms:eu-west-1:${account}:key/00000000-0000-4000-8000-000000000002`;
const json = (value: unknown): string => JSON.stringify(value);

/** Drops undefined fields (so a converted rule has only what was set). */
function defined(value: Json): Json {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}

/**
 * A BucketReplicationConfig rule in the legacy inline shape: aws.s3.Bucket's
 * `replicationConfiguration.rules[]` (`plural` false) or aws.s3.BucketV2's
 * `replicationConfigurations[].rules[]` (`plural` true: nested blocks are one-element lists and
 * named `filters`, `destinations`, `sourceSelectionCriterias`, `accessControlTranslations`,
 * `replicationTimes`, `metrics`).
 */
export function toInlineRule(input: unknown, plural: boolean): Json {
  const rule = input as Json & {
    destination?: Json;
    filter?: Json;
    sourceSelectionCriteria?: { sseKmsEncryptedObjects?: { status?: string } };
    deleteMarkerReplication?: { status?: string };
  };
  const one = (value: Json | undefined): Json | Json[] | undefined =>
    value === undefined ? undefined : plural ? [value] : value;
  const name = (singular: string, many: string): string => (plural ? many : singular);
  const d = (rule.destination ?? {}) as Json & {
    encryptionConfiguration?: { replicaKmsKeyId?: string };
    accessControlTranslation?: Json;
    replicationTime?: { status?: string; time?: { minutes?: number } };
    metrics?: { status?: string; eventThreshold?: { minutes?: number } };
  };
  const sse = rule.sourceSelectionCriteria?.sseKmsEncryptedObjects?.status;
  const destination = defined({
    bucket: d["bucket"],
    accountId: d["account"],
    storageClass: d["storageClass"],
    replicaKmsKeyId: d.encryptionConfiguration?.replicaKmsKeyId,
    [name("accessControlTranslation", "accessControlTranslations")]: one(d.accessControlTranslation),
    [name("replicationTime", "replicationTimes")]: one(
      d.replicationTime && defined({ status: d.replicationTime.status, minutes: d.replicationTime.time?.minutes }),
    ),
    metrics: one(d.metrics && defined({ status: d.metrics.status, minutes: d.metrics.eventThreshold?.minutes })),
  });
  return defined({
    id: rule["id"],
    priority: rule["priority"],
    status: rule["status"],
    prefix: rule["prefix"],
    [name("filter", "filters")]: one(
      rule.filter &&
        defined({
          prefix: rule.filter["prefix"],
          tags: (rule.filter["tag"] as Json | undefined)
            ? { [String((rule.filter["tag"] as Json)["key"])]: (rule.filter["tag"] as Json)["value"] }
            : undefined,
        }),
    ),
    deleteMarkerReplicationStatus: rule.deleteMarkerReplication?.status,
    [name("sourceSelectionCriteria", "sourceSelectionCriterias")]: one(
      sse === undefined ? undefined : { sseKmsEncryptedObjects: one({ enabled: sse === "Enabled" }) },
    ),
    [name("destination", "destinations")]: one(destination),
  });
}

/** The happy program with one change. */
export function happyProgram(tweaks: Tweaks = {}): () => Record<string, unknown> {
  return () => {
    const style = tweaks.style ?? "current";
    const v2 = style === "v2" || style === "v2-inline";
    const inline = style === "inline" || style === "v2-inline";
    const dstAccount = tweaks.dstAccount ?? DST_ACCOUNT;
    const src = new aws.Provider("src", { region: "us-east-1", allowedAccountIds: [SRC_ACCOUNT] });
    const dstProvider = (name: string, region: string): aws.Provider =>
      new aws.Provider(
        name,
        dstAccount === SRC_ACCOUNT
          ? { region, allowedAccountIds: [SRC_ACCOUNT] }
          : { region, assumeRoles: [{ roleArn: `arn:aws:iam::${dstAccount}:role/deployer` }] },
      );
    const dst = dstProvider("dst", "eu-west-1");

    // Keys: in the stack (a multi-Region destination key when `mrk`), or outside it.
    let srcKeyArn: pulumi.Input<string> = EXTERNAL_SRC_KEY;
    let dstKeyArn: pulumi.Input<string> = externalDstKey(dstAccount);
    let ruleKeyArn: pulumi.Input<string> = dstKeyArn;
    let srcKey: aws.kms.Key | undefined;
    let dstKeyId: pulumi.Input<string> | undefined;
    const keyPolicyOf = (doc: pulumi.Input<string>): { policy?: pulumi.Input<string> } =>
      tweaks.keyPolicyInline ? { policy: doc } : {};
    // Documents without key ARNs are plain strings (known in preview); the others wait for the keys.
    // With keys outside the stack, the documents name those keys' real ARNs (they are known up front).
    const staticDocs = tweaks.externalKeys
      ? documentsFor(EXTERNAL_SRC_KEY, externalDstKey(dstAccount), tweaks)
      : documentsFor(PLACEHOLDER_SRC_KEY, placeholderDstKey(dstAccount), tweaks);
    const render = (doc: PolicyDocument, tweak?: (doc: PolicyDocument) => unknown): string => {
      if (typeof tweak !== "function") return json(doc);
      const out = tweak(doc);
      return typeof out === "string" ? out : json(out);
    };
    const staticPick = (
      select: (d: TopologyDocuments) => PolicyDocument,
      tweak?: (doc: PolicyDocument) => unknown,
    ): string => render(select(staticDocs), tweak);
    const keyDoc = (d: TopologyDocuments, which: "src" | "dst"): PolicyDocument => {
      const entries = Object.values(d.keys);
      return (
        which === "src"
          ? entries.find((k) => k.keyArn.includes(":us-east-1:"))
          : entries.find((k) => k.keyArn.includes(":eu-west-1:"))
      )!.policy;
    };
    if (!tweaks.externalKeys) {
      srcKey = new aws.kms.Key(
        "src-key",
        {
          enableKeyRotation: tweaks.srcKeyRotation ?? true,
          description: "orders source",
          ...keyPolicyOf(staticPick((d) => keyDoc(d, "src"), tweaks.srcKeyPolicy)),
        },
        { provider: src },
      );
      srcKeyArn = srcKey.arn;
      const dstKeyPolicy = keyPolicyOf(staticPick((d) => keyDoc(d, "dst"), tweaks.dstKeyPolicy));
      if (tweaks.mrk) {
        const dstPrimaryProvider = dstProvider("dst-primary", "us-east-1");
        const primary = new aws.kms.Key(
          "dst-key-primary",
          { multiRegion: true, enableKeyRotation: true, description: "orders replica (primary)" },
          { provider: dstPrimaryProvider },
        );
        const replica = new aws.kms.ReplicaKey(
          "dst-key",
          {
            primaryKeyArn: primary.arn,
            enabled: tweaks.dstKeyEnabled ?? true,
            description: "orders replica",
            ...dstKeyPolicy,
          },
          { provider: dst },
        );
        dstKeyArn = replica.arn;
        dstKeyId = replica.keyId;
        ruleKeyArn = tweaks.mrk === "primary" ? primary.arn : replica.arn;
      } else {
        const dstKey = new aws.kms.Key(
          "dst-key",
          {
            enableKeyRotation: true,
            isEnabled: tweaks.dstKeyEnabled ?? true,
            description: "orders replica",
            ...dstKeyPolicy,
          },
          { provider: dst },
        );
        dstKeyArn = dstKey.arn;
        dstKeyId = dstKey.id;
        ruleKeyArn = dstKey.arn;
      }
      if (tweaks.replicaKeyRef === "alias-arn" || tweaks.replicaKeyRef === "alias-target") {
        const alias = new aws.kms.Alias(
          "dst-alias",
          { name: "alias/orders-replica", targetKeyId: dstKeyId },
          { provider: dst },
        );
        ruleKeyArn = tweaks.replicaKeyRef === "alias-arn" ? alias.arn : alias.targetKeyArn;
      } else if (tweaks.replicaKeyRef === "source-key") {
        ruleKeyArn = srcKey.arn;
      }
    }
    const docs = pulumi.all([srcKeyArn, dstKeyArn]).apply(([s, d]) => documentsFor(s, d, tweaks));
    const pick = (
      select: (d: TopologyDocuments) => PolicyDocument,
      tweak?: (doc: PolicyDocument) => unknown,
    ): pulumi.Input<string> =>
      tweaks.externalKeys ? staticPick(select, tweak) : docs.apply((d) => render(select(d), tweak));

    // Rules as a raw program writes them: plain values, with the replica key ARN an output leaf
    // (unknown in preview, joined by propertyDependencies).
    const plainRules = (tweaks.rules ?? ((r) => r))(
      documentsFor(PLACEHOLDER_SRC_KEY, placeholderDstKey(dstAccount), tweaks).roles[0]!.replicationConfiguration.rules,
    );
    const shapedRules = inline ? plainRules.map((rule) => toInlineRule(rule, v2)) : plainRules;
    const withKeys = (value: unknown): unknown[] =>
      JSON.parse(JSON.stringify(value), (_key, leaf: unknown) => {
        if (leaf === placeholderDstKey(dstAccount))
          return tweaks.externalKeys ? externalDstKey(dstAccount) : ruleKeyArn;
        if (leaf === PLACEHOLDER_SRC_KEY) return srcKeyArn;
        return leaf;
      }) as unknown[];
    const rules = withKeys(shapedRules);

    const role = new aws.iam.Role(
      "replication-role",
      {
        name: ROLE_NAME,
        assumeRolePolicy: staticPick((d) => d.roles[0]!.trustPolicy, tweaks.trustPolicy),
        ...(tweaks.roleStyle === "inlinePolicies"
          ? {
              inlinePolicies: [
                { name: "replication", policy: pick((d) => d.roles[0]!.permissionPolicy, tweaks.rolePolicy) },
              ],
            }
          : {}),
        ...(tweaks.roleStyle === "managedPolicyArns"
          ? {
              managedPolicyArns: [
                new aws.iam.Policy(
                  "replication-policy",
                  { name: "orders-replication", policy: pick((d) => d.roles[0]!.permissionPolicy, tweaks.rolePolicy) },
                  { provider: src },
                ).arn,
              ],
            }
          : {}),
      },
      { provider: src },
    );
    if (tweaks.roleStyle === undefined || tweaks.roleStyle === "rolePolicy") {
      new aws.iam.RolePolicy(
        "replication-role-policy",
        { role: role.name, policy: pick((d) => d.roles[0]!.permissionPolicy, tweaks.rolePolicy) },
        { provider: src },
      );
    } else if (tweaks.roleStyle === "attachment") {
      const policy = new aws.iam.Policy(
        "replication-policy",
        { name: "orders-replication", policy: pick((d) => d.roles[0]!.permissionPolicy, tweaks.rolePolicy) },
        { provider: src },
      );
      new aws.iam.RolePolicyAttachment(
        "replication-attachment",
        { role: role.name, policyArn: policy.arn },
        { provider: src },
      );
    }
    if (tweaks.grant && dstKeyId !== undefined) {
      new aws.kms.Grant(
        "dst-grant",
        { keyId: dstKeyId, granteePrincipal: tweaks.grantee ?? role.arn, operations: tweaks.grant },
        { provider: dst },
      );
    }

    // Buckets and their settings.
    const sseRule = (keyArn: pulumi.Input<string>, tweak?: (rule: Json) => Json): Json =>
      (tweak ?? ((r) => r))({
        applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: keyArn },
        bucketKeyEnabled: tweaks.bucketKey ?? true,
      });
    const inlineSse = (rule: Json): Json =>
      v2
        ? {
            serverSideEncryptionConfigurations: [
              {
                rules: [
                  {
                    ...rule,
                    applyServerSideEncryptionByDefaults: [rule["applyServerSideEncryptionByDefault"]],
                    applyServerSideEncryptionByDefault: undefined,
                  },
                ],
              },
            ],
          }
        : { serverSideEncryptionConfiguration: { rule } };
    const inlineVersioning = (status: string): Json =>
      v2 ? { versionings: [{ enabled: status === "Enabled" }] } : { versioning: { enabled: status === "Enabled" } };
    const bucketArgs = (
      name: string,
      objectLock: boolean,
      versioning: string,
      sse: Json | undefined,
      extra: Json = {},
      always: Json = {},
    ): Json => ({
      bucket: name,
      objectLockEnabled: objectLock,
      ...(inline ? { ...inlineVersioning(versioning), ...(sse ? inlineSse(sse) : {}), ...extra } : {}),
      ...always,
    });
    const Bucket = (v2 ? aws.s3.BucketV2 : aws.s3.Bucket) as unknown as new (
      name: string,
      args: Json,
      opts: pulumi.CustomResourceOptions,
    ) => aws.s3.Bucket;
    const existing = tweaks.existingBuckets === true;
    if (existing && inline)
      throw new Error("existingBuckets needs split configuration resources (style current or v2)");
    const noDstConfig = existing && tweaks.noDstConfig === true;
    const dstBucket = existing
      ? undefined
      : new Bucket(
          "dst-bucket",
          bucketArgs(
            DST_BUCKET,
            tweaks.dstObjectLock ?? tweaks.srcObjectLock ?? false,
            tweaks.dstVersioning ?? "Enabled",
            tweaks.noDstSse ? undefined : sseRule(dstKeyArn, tweaks.dstSse),
            {},
            tweaks.dstInlineGrants ? { grants: tweaks.dstInlineGrants } : {},
          ),
          { provider: dst },
        );
    const inlineReplication: Json = v2
      ? { replicationConfigurations: [{ role: role.arn, rules }] }
      : { replicationConfiguration: { role: role.arn, rules } };
    const srcBucket = existing
      ? undefined
      : new Bucket(
          "src-bucket",
          bucketArgs(
            SRC_BUCKET,
            tweaks.srcObjectLock ?? false,
            tweaks.srcVersioning ?? "Enabled",
            sseRule(srcKeyArn, tweaks.srcSse),
            inlineReplication,
          ),
          { provider: src },
        );
    // Existing buckets are named by their literal names (no bucket resource to take an output from).
    const srcName: pulumi.Input<string> = srcBucket?.bucket ?? SRC_BUCKET;
    const dstName: pulumi.Input<string> = dstBucket?.bucket ?? DST_BUCKET;
    let replicationId: pulumi.Output<string> = srcBucket?.id ?? pulumi.output(SRC_BUCKET);
    if (!inline) {
      const Versioning = (v2 ? aws.s3.BucketVersioningV2 : aws.s3.BucketVersioning) as unknown as new (
        name: string,
        args: Json,
        opts: pulumi.CustomResourceOptions,
      ) => aws.s3.BucketVersioning;
      const Sse = (v2
        ? aws.s3.BucketServerSideEncryptionConfigurationV2
        : aws.s3.BucketServerSideEncryptionConfiguration) as unknown as new (
        name: string,
        args: Json,
        opts: pulumi.CustomResourceOptions,
      ) => pulumi.CustomResource;
      const srcVersioning = new Versioning(
        "src-versioning",
        { bucket: srcName, versioningConfiguration: { status: tweaks.srcVersioning ?? "Enabled" } },
        { provider: src },
      );
      const dstVersioning = noDstConfig
        ? undefined
        : new Versioning(
            "dst-versioning",
            { bucket: dstName, versioningConfiguration: { status: tweaks.dstVersioning ?? "Enabled" } },
            { provider: dst },
          );
      new Sse("src-sse", { bucket: srcName, rules: [sseRule(srcKeyArn, tweaks.srcSse)] }, { provider: src });
      if (!tweaks.noDstSse && !noDstConfig)
        new Sse("dst-sse", { bucket: dstName, rules: [sseRule(dstKeyArn, tweaks.dstSse)] }, { provider: dst });
      const replication = new aws.s3.BucketReplicationConfig(
        "replication",
        { bucket: srcName, role: role.arn, rules: rules as never },
        {
          provider: src,
          ...(tweaks.noDependsOn ? {} : { dependsOn: [srcVersioning, ...(dstVersioning ? [dstVersioning] : [])] }),
        },
      );
      replicationId = replication.id;
    }
    const block = {
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    };
    new aws.s3.BucketPublicAccessBlock("src-pab", { bucket: srcName, ...block }, { provider: src });
    if (!noDstConfig)
      new aws.s3.BucketPublicAccessBlock(
        "dst-pab",
        { bucket: dstName, ...block, ...tweaks.dstPublicAccess },
        { provider: dst },
      );
    if (tweaks.dstAccountPublicAccess !== undefined)
      new aws.s3.AccountPublicAccessBlock("dst-account-pab", tweaks.dstAccountPublicAccess, { provider: dst });
    new aws.s3.BucketOwnershipControls(
      "src-ownership",
      { bucket: srcName, rule: { objectOwnership: tweaks.srcOwnership ?? "BucketOwnerEnforced" } },
      { provider: src },
    );
    if (!noDstConfig)
      new aws.s3.BucketOwnershipControls(
        "dst-ownership",
        { bucket: dstName, rule: { objectOwnership: tweaks.dstOwnership ?? "BucketOwnerEnforced" } },
        { provider: dst },
      );
    if (tweaks.dstAcl !== undefined || tweaks.dstAclPolicy !== undefined)
      new aws.s3.BucketAcl(
        "dst-acl",
        {
          bucket: dstName,
          ...(tweaks.dstAcl !== undefined ? { acl: tweaks.dstAcl } : {}),
          ...(tweaks.dstAclPolicy !== undefined
            ? { accessControlPolicy: tweaks.dstAclPolicy as unknown as aws.types.input.s3.BucketAclAccessControlPolicy }
            : {}),
        },
        { provider: dst },
      );
    new aws.s3.BucketPolicy(
      "src-policy",
      { bucket: srcName, policy: staticPick((d) => d.buckets[SRC_BUCKET]!.policy, tweaks.srcBucketPolicy) },
      { provider: src },
    );
    if (!noDstConfig)
      new aws.s3.BucketPolicy(
        "dst-policy",
        { bucket: dstName, policy: staticPick((d) => d.buckets[DST_BUCKET]!.policy, tweaks.dstBucketPolicy) },
        { provider: dst },
      );
    if (!tweaks.externalKeys && !tweaks.keyPolicyInline) {
      new aws.kms.KeyPolicy(
        "src-key-policy",
        { keyId: srcKey!.id, policy: staticPick((d) => keyDoc(d, "src"), tweaks.srcKeyPolicy) },
        { provider: src },
      );
      new aws.kms.KeyPolicy(
        "dst-key-policy",
        {
          keyId: dstKeyId!,
          policy: staticPick((d) => keyDoc(d, "dst"), tweaks.dstKeyPolicy),
          ...(tweaks.bypassLockout ? { bypassPolicyLockoutSafetyCheck: true } : {}),
        },
        { provider: dst },
      );
    }
    return { replication: replicationId };
  };
}
