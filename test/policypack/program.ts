// The happy-path raw-resource program (no components): two providers, SSE-KMS buckets with Bucket
// Keys, keys + key policies, role + role policy, destination bucket policy and a
// BucketReplicationConfig ordered after both versionings. The policy JSON comes from the core's
// generateDocuments, so happy path == what the core generates. Each broken test changes ONE thing.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { PolicyDocument } from "s3-replication/components/model";
import { Encryption, ReplicationTopology } from "s3-replication/components/model";
import { ReplicationRule, TopologyDocuments, generateDocuments } from "s3-replication/components/documents";

export const SRC_ACCOUNT = "111111111111";
export const DST_ACCOUNT = "222222222222";
export const SRC_BUCKET = "orders-src";
export const DST_BUCKET = "orders-dst";
export const ROLE_NAME = "orders-replication";

type Json = Record<string, unknown>;

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
  /** Drop the destination's SSE configuration resource. */
  noDstSse?: boolean;
  dstPublicAccess?: Json;
  srcKeyRotation?: boolean;
  dstKeyEnabled?: boolean;
  srcObjectLock?: boolean;
  dstObjectLock?: boolean;
  srcOwnership?: string;
  /** Destination topology changes before documents are generated. */
  bucketKey?: boolean;
  replicationTime?: boolean;
  /** Destination account (same-account variant: 111111111111). */
  dstAccount?: string;
}

/** The documents the core generates for the happy topology, given the real key ARNs. */
export function documentsFor(srcKeyArn: string, dstKeyArn: string, tweaks: Tweaks = {}): TopologyDocuments {
  const dstAccount = tweaks.dstAccount ?? DST_ACCOUNT;
  const topology: ReplicationTopology = {
    source: { account: SRC_ACCOUNT, region: "us-east-1", partition: "aws", bucketName: SRC_BUCKET, encryption: Encryption.SseKms, keyArn: srcKeyArn, bucketKeyEnabled: tweaks.bucketKey ?? true, objectLockEnabled: tweaks.srcObjectLock ?? false },
    role: { account: SRC_ACCOUNT, partition: "aws", name: ROLE_NAME },
    destinations: [{
      name: "dr", ruleId: "dr", priority: 1, account: dstAccount, region: "eu-west-1", partition: "aws", bucketName: DST_BUCKET,
      encryption: Encryption.SseKms, keyArn: dstKeyArn, bucketKeyEnabled: tweaks.bucketKey ?? true, objectLockEnabled: tweaks.srcObjectLock ?? false,
      deleteMarkerReplication: true, ownershipOverride: dstAccount !== SRC_ACCOUNT, replicationTime: tweaks.replicationTime ?? true,
      metrics: true, replicaModifications: false,
    }],
    twoWay: false,
  };
  return generateDocuments(topology);
}

const PLACEHOLDER_SRC_KEY = "arn:aws:kms:us-east-1:111111111111:key/00000000-0000-4000-8000-000000000001";
const placeholderDstKey = (account: string): string => `arn:aws:kms:eu-west-1:${account}:key/00000000-0000-4000-8000-000000000002`;
const json = (value: unknown): string => JSON.stringify(value);

/** The happy program with one change. */
export function happyProgram(tweaks: Tweaks = {}): () => Record<string, unknown> {
  return () => {
    const dstAccount = tweaks.dstAccount ?? DST_ACCOUNT;
    const src = new aws.Provider("src", { region: "us-east-1", allowedAccountIds: [SRC_ACCOUNT] });
    const dst = new aws.Provider("dst", dstAccount === SRC_ACCOUNT
      ? { region: "eu-west-1", allowedAccountIds: [SRC_ACCOUNT] }
      : { region: "eu-west-1", assumeRoles: [{ roleArn: `arn:aws:iam::${dstAccount}:role/deployer` }] });
    const srcKey = new aws.kms.Key("src-key", { enableKeyRotation: tweaks.srcKeyRotation ?? true, description: "orders source" }, { provider: src });
    const dstKey = new aws.kms.Key("dst-key", { enableKeyRotation: true, isEnabled: tweaks.dstKeyEnabled ?? true, description: "orders replica" }, { provider: dst });
    const docs = pulumi.all([srcKey.arn, dstKey.arn]).apply(([s, d]) => documentsFor(s, d, tweaks));
    const pick = (select: (d: TopologyDocuments) => PolicyDocument, tweak?: (doc: PolicyDocument) => unknown): pulumi.Output<string> =>
      docs.apply((d) => { const doc = select(d); return typeof tweak === "function" ? (() => { const out = tweak(doc); return typeof out === "string" ? out : json(out); })() : json(doc); });

    const srcBucket = new aws.s3.Bucket("src-bucket", { bucket: SRC_BUCKET, objectLockEnabled: tweaks.srcObjectLock ?? false }, { provider: src });
    const dstBucket = new aws.s3.Bucket("dst-bucket", { bucket: DST_BUCKET, objectLockEnabled: tweaks.dstObjectLock ?? tweaks.srcObjectLock ?? false }, { provider: dst });
    const srcVersioning = new aws.s3.BucketVersioning("src-versioning", { bucket: srcBucket.bucket, versioningConfiguration: { status: tweaks.srcVersioning ?? "Enabled" } }, { provider: src });
    const dstVersioning = new aws.s3.BucketVersioning("dst-versioning", { bucket: dstBucket.bucket, versioningConfiguration: { status: tweaks.dstVersioning ?? "Enabled" } }, { provider: dst });
    const sseRule = (key: aws.kms.Key): Json => ({ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.arn }, bucketKeyEnabled: tweaks.bucketKey ?? true });
    new aws.s3.BucketServerSideEncryptionConfiguration("src-sse", { bucket: srcBucket.bucket, rules: [(tweaks.srcSse ?? ((r) => r))(sseRule(srcKey)) as never] }, { provider: src });
    if (!tweaks.noDstSse) new aws.s3.BucketServerSideEncryptionConfiguration("dst-sse", { bucket: dstBucket.bucket, rules: [(tweaks.dstSse ?? ((r) => r))(sseRule(dstKey)) as never] }, { provider: dst });
    const block = { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true };
    new aws.s3.BucketPublicAccessBlock("src-pab", { bucket: srcBucket.bucket, ...block }, { provider: src });
    new aws.s3.BucketPublicAccessBlock("dst-pab", { bucket: dstBucket.bucket, ...block, ...tweaks.dstPublicAccess }, { provider: dst });
    new aws.s3.BucketOwnershipControls("src-ownership", { bucket: srcBucket.bucket, rule: { objectOwnership: tweaks.srcOwnership ?? "BucketOwnerEnforced" } }, { provider: src });
    new aws.s3.BucketOwnershipControls("dst-ownership", { bucket: dstBucket.bucket, rule: { objectOwnership: "BucketOwnerEnforced" } }, { provider: dst });
    new aws.s3.BucketPolicy("src-policy", { bucket: srcBucket.bucket, policy: pick((d) => d.buckets[SRC_BUCKET]!.policy, tweaks.srcBucketPolicy) }, { provider: src });
    new aws.s3.BucketPolicy("dst-policy", { bucket: dstBucket.bucket, policy: pick((d) => d.buckets[DST_BUCKET]!.policy, tweaks.dstBucketPolicy) }, { provider: dst });
    const keyDoc = (d: TopologyDocuments, which: "src" | "dst"): PolicyDocument => {
      const entries = Object.values(d.keys);
      return (which === "src" ? entries.find((k) => k.keyArn.includes(":us-east-1:")) : entries.find((k) => k.keyArn.includes(":eu-west-1:")))!.policy;
    };
    new aws.kms.KeyPolicy("src-key-policy", { keyId: srcKey.id, policy: pick((d) => keyDoc(d, "src"), tweaks.srcKeyPolicy) }, { provider: src });
    new aws.kms.KeyPolicy("dst-key-policy", { keyId: dstKey.id, policy: pick((d) => keyDoc(d, "dst"), tweaks.dstKeyPolicy) }, { provider: dst });
    const role = new aws.iam.Role("replication-role", { name: ROLE_NAME, assumeRolePolicy: pick((d) => d.roles[0]!.trustPolicy, tweaks.trustPolicy) }, { provider: src });
    new aws.iam.RolePolicy("replication-role-policy", { role: role.name, policy: pick((d) => d.roles[0]!.permissionPolicy, tweaks.rolePolicy) }, { provider: src });
    // Rules as a raw program writes them: plain values, with the replica key ARN an output leaf
    // (unknown in preview, joined by propertyDependencies).
    const plainRules = (tweaks.rules ?? ((r) => r))(documentsFor(PLACEHOLDER_SRC_KEY, placeholderDstKey(dstAccount), tweaks).roles[0]!.replicationConfiguration.rules);
    const rules = JSON.parse(JSON.stringify(plainRules), (_key, value: unknown) => (value === placeholderDstKey(dstAccount) ? dstKey.arn : value)) as unknown[];
    const replication = new aws.s3.BucketReplicationConfig("replication", { bucket: srcBucket.bucket, role: role.arn, rules: rules as never },
      { provider: src, ...(tweaks.noDependsOn ? {} : { dependsOn: [srcVersioning, dstVersioning] }) });
    return { replication: replication.id };
  };
}
