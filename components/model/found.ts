/**
 * Configuration as found in a stack (inputs or outputs of resources, or a stack export): every
 * field optional because a preview may not know it yet. The policy pack and the checker map
 * resources onto these shapes; the analysis judges them.
 */

import { PolicyDocument } from "./policyDocument";

/** A policy document as found: parsed, or the reason it could not be. */
export interface FoundPolicy {
  /** How findings name the document (resource type and name). */
  ref: string;
  /** The parsed document, when it parsed. */
  document?: PolicyDocument;
  /** Why it did not parse (malformed JSON, unknown in preview: DOCUMENT_UNKNOWN_IN_PREVIEW). */
  unreadable?: string;
}

/** The `unreadable` reason of a document whose text is unknown in preview (judged at `up`, not a verdict). */
export const DOCUMENT_UNKNOWN_IN_PREVIEW = "unknown during preview";

/** A bucket's default encryption as found. */
export interface FoundEncryption {
  /** `AES256`, `aws:kms` or `aws:kms:dsse`. */
  algorithm?: string;
  /** `kmsMasterKeyId` as written (ARN, alias or id). */
  keyId?: string;
  /** Bucket Key on. */
  bucketKeyEnabled?: boolean;
}

/** Public access block settings as found. */
export interface FoundPublicAccessBlock {
  /** Block public ACLs. */
  blockPublicAcls?: boolean;
  /** Block public bucket policies. */
  blockPublicPolicy?: boolean;
  /** Ignore public ACLs. */
  ignorePublicAcls?: boolean;
  /** Restrict public buckets. */
  restrictPublicBuckets?: boolean;
}

/** An account's public access block as found (aws.s3.AccountPublicAccessBlock). */
export interface FoundAccountPublicAccessBlock extends FoundPublicAccessBlock {
  /** How findings name it. */
  ref: string;
}

/** One grant of a bucket ACL as found. */
export interface FoundAclGrant {
  /** Grantee type (`Group`, `CanonicalUser`, `AmazonCustomerByEmail`). */
  type?: string;
  /** The grantee: a group URI, canonical user id or e-mail address. */
  grantee?: string;
  /** The permission (`READ`, `WRITE`, `READ_ACP`, `WRITE_ACP`, `FULL_CONTROL`). */
  permission?: string;
}

/** A bucket ACL as found (aws.s3.BucketAcl / BucketAclV2, or the bucket's own acl/grants). */
export interface FoundAcl {
  /** How findings name it. */
  ref: string;
  /** The canned ACL (`private`, `public-read`, ...). */
  canned?: string;
  /** The bucket owner's canonical user id, when the ACL names it (`accessControlPolicy.owner.id`). */
  ownerId?: string;
  /** Explicit grants. */
  grants: FoundAclGrant[];
}

/** A bucket and its configuration resources as found. */
export interface FoundBucket {
  /** How findings name it. */
  ref: string;
  /** Bucket name. */
  name?: string;
  /** Owning account. */
  account?: string;
  /** Region. */
  region?: string;
  /** Partition. */
  partition?: string;
  /** Versioning status (`Enabled`, `Suspended`, `Disabled`); undefined = no versioning resource found. */
  versioning?: string;
  /** True when the versioning setting could not be read (unknown in preview). */
  versioningUnknown?: boolean;
  /** Default encryption; undefined = none found. */
  encryption?: FoundEncryption;
  /** True when the encryption could not be read. */
  encryptionUnknown?: boolean;
  /** Object Lock enabled. */
  objectLockEnabled?: boolean;
  /** Object ownership (`BucketOwnerEnforced`, ...). */
  ownership?: string;
  /** Public access block; undefined = none found. */
  publicAccessBlock?: FoundPublicAccessBlock;
  /** Bucket policy; undefined = none found. */
  policy?: FoundPolicy;
  /**
   * True when the bucket policy cannot be seen: a bucket the stack does not create (an existing
   * bucket) and whose policy it does not write. Requests that need it are not judged.
   */
  policyUnknown?: boolean;
  /** True when the public access block cannot be seen (an existing bucket with no public access block resource in the stack). */
  publicAccessBlockUnknown?: boolean;
  /**
   * The public access block of the bucket's account, when the stack writes one: S3 applies the most
   * restrictive combination of it and the bucket's.
   */
  accountPublicAccessBlock?: FoundAccountPublicAccessBlock;
  /** The bucket's ACL, when the stack writes one. */
  acl?: FoundAcl;
}

/** A KMS grant as found. */
export interface FoundGrant {
  /** How findings name it. */
  ref: string;
  /** The grantee principal ARN. */
  granteePrincipal?: string;
  /** Granted operations (`Encrypt`, `Decrypt`, `GenerateDataKey`, ...). */
  operations: string[];
}

/** A KMS key as found. */
export interface FoundKey {
  /** How findings name it. */
  ref: string;
  /** Key ARN. */
  arn?: string;
  /** Region. */
  region?: string;
  /** Owning account. */
  account?: string;
  /** The key policy; undefined = not found (a key you do not own). */
  policy?: FoundPolicy;
  /** True for an AWS managed key. */
  awsManaged?: boolean;
  /** Key spec (`SYMMETRIC_DEFAULT`, ...). */
  keySpec?: string;
  /** Key usage (`ENCRYPT_DECRYPT`, ...). */
  keyUsage?: string;
  /** Automatic rotation. */
  rotationEnabled?: boolean;
  /** Enabled (false = disabled). */
  enabled?: boolean;
  /** Multi-Region. */
  multiRegion?: boolean;
  /** Grants on the key. */
  grants: FoundGrant[];
  /** True when the key (or its KeyPolicy resource) sets bypassPolicyLockoutSafetyCheck. */
  bypassPolicyLockoutSafetyCheck?: boolean;
}

/** An IAM role as found. */
export interface FoundRole {
  /** How findings name it. */
  ref: string;
  /** Role ARN. */
  arn?: string;
  /** Role name. */
  name?: string;
  /** Owning account. */
  account?: string;
  /** Trust policy. */
  trustPolicy?: FoundPolicy;
  /** Permission policies: inline, RolePolicy resources, attached customer managed policies. */
  policies: FoundPolicy[];
  /** Attached policy ARNs whose documents were not found (AWS managed policies). */
  unresolvedPolicyArns: string[];
  /** The role's permissions boundary, when its policy is in the stack. */
  permissionsBoundary?: FoundPolicy;
  /** The ARN of a permissions boundary whose policy is not in the stack. */
  permissionsBoundaryArn?: string;
}

/** A replication rule as found (V2, or legacy V1 with `prefix`). */
export interface FoundRule {
  /** Rule id. */
  id?: string;
  /** `Enabled` / `Disabled`. */
  status?: string;
  /** Priority. */
  priority?: number;
  /** Legacy V1 prefix (no filter). */
  legacyPrefix?: string;
  /** True when the rule has a filter block (V2). */
  hasFilter: boolean;
  /** Filter prefix. */
  filterPrefix?: string;
  /** Filter tags. */
  filterTags?: Record<string, string>;
  /** Delete marker replication status (undefined = not set). */
  deleteMarkerReplication?: string;
  /** sseKmsEncryptedObjects status. */
  sseKmsEncryptedObjects?: string;
  /** replicaModifications status. */
  replicaModifications?: string;
  /** Destination bucket ARN. */
  destinationBucket?: string;
  /** Destination account. */
  destinationAccount?: string;
  /** Storage class. */
  storageClass?: string;
  /** Replica key as written. */
  replicaKmsKeyId?: string;
  /** Ownership override owner (`Destination`). */
  ownerOverride?: string;
  /** RTC status. */
  replicationTimeStatus?: string;
  /** RTC minutes. */
  replicationTimeMinutes?: number;
  /** Metrics status. */
  metricsStatus?: string;
  /** Metrics event threshold minutes. */
  metricsEventThresholdMinutes?: number;
}

/** One replication configuration with everything it depends on. */
export interface FoundReplication {
  /** How findings name the configuration. */
  ref: string;
  /** The source bucket. */
  source: FoundBucket;
  /** The role ARN the configuration names. */
  roleArn?: string;
  /** The role, when found in the stack. */
  role?: FoundRole;
  /** The rules. */
  rules: FoundRule[];
  /** Destination buckets found, keyed by bucket ARN. */
  destinations: Record<string, FoundBucket>;
  /** KMS keys found, keyed by key ARN (and by alias ARN where known). */
  keys: Record<string, FoundKey>;
  /**
   * The replication roles of the other configurations found with this one (the same stack, or the
   * exports joined with it): their replication grants on shared buckets and keys (two-way, fan-in)
   * are not another account's. The list may hold this replication's own role too (the stack's
   * mapping shares one list between its replications).
   */
  peerRoleArns?: string[];
  /**
   * The keys the other configurations found with this one write replicas with (by key ARN and by
   * ref), each with the accounts of those configurations' sources and roles: on a key that is a
   * replica key of another path (the reverse rule of a two-way pair, fan-in), the console's "other
   * AWS accounts" form naming that path's source account is the documented pattern. The list may
   * hold this replication's own keys too, at `ownReplicaKeys` (the stack's mapping shares one list
   * between its replications).
   */
  peerReplicaKeys?: PeerReplicaKey[];
  /** Where this replication's own entries are in `peerReplicaKeys`, skipped: positions start to end - 1. @default none */
  ownReplicaKeys?: { start: number; end: number };
}

/** A key another configuration writes replicas with, and the accounts whose replication uses it. */
export interface PeerReplicaKey {
  /** The key's ARN or ref (how FoundKey names it). */
  key: string;
  /** The source and role accounts of the configurations that write replicas with it. */
  accounts: string[];
}
