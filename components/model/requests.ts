/**
 * The requests Amazon S3 makes while replicating, as data. Derived from a topology by
 * `replicationRequests` (see below); the proof and the analysis evaluate each one.
 */

import {
  ASSUME_ROLE_ACTION,
  BATCH_OPERATIONS_SERVICE_PRINCIPAL,
  BATCH_REPORT_PREFIX,
  DESTINATION_DELETE_ACTION,
  DESTINATION_REPLICATE_ACTION,
  DESTINATION_OBJECT_LOCK_ACTIONS,
  KEY_ADMIN_ACTIONS,
  OWNERSHIP_OVERRIDE_ACTION,
  REPLICA_KEY_BUCKET_KEY_ACTION,
  REPLICA_KEY_ENCRYPT_ACTION,
  REPLICA_KEY_PLAINTEXT_ACTION,
  REPLICATION_SERVICE_PRINCIPAL,
  SOURCE_BUCKET_ACTIONS,
  SOURCE_KEY_ACTIONS,
  SOURCE_OBJECT_ACTIONS,
  SOURCE_OBJECT_LOCK_ACTIONS,
} from "./actions";
import { parseKeyReference } from "./arn";
import {
  BucketEndpoint,
  Encryption,
  ReplicationPath,
  bucketArn,
  replicatesKmsObjects,
  roleArn,
  usesKmsKey,
} from "./topology";

/** Which document(s) decide a request besides the caller's identity policy. */
export enum ResourcePolicyKind {
  /** The role's trust policy (for `sts:AssumeRole`). */
  TrustPolicy = "trust-policy",
  /** The bucket policy of the bucket the request targets. */
  BucketPolicy = "bucket-policy",
  /** The key policy of the KMS key the request targets. */
  KeyPolicy = "key-policy",
}

/** One request S3 makes during replication, with the context it really sends. */
export interface ReplicationRequest {
  /** Stable id, e.g. `dr:source-object:s3:GetObjectVersionForReplication`. */
  id: string;
  /** Why S3 makes it, in one sentence. */
  purpose: string;
  /** The calling principal: the replication role ARN, or a service principal such as `s3.amazonaws.com`. */
  principal: string;
  /** True when `principal` is a service principal (only `sts:AssumeRole` here). */
  principalIsService: boolean;
  /** The account the principal belongs to (the role's account; for a service principal, the account S3 acts for). */
  principalAccount: string;
  /** The IAM action, e.g. `kms:Decrypt`. */
  action: string;
  /** The resource ARN. */
  resource: string;
  /** The account that owns the resource. */
  resourceAccount: string;
  /** Which resource policy also decides the request. */
  resourcePolicy: ResourcePolicyKind;
  /** Request context keys S3 sends, e.g. `kms:ViaService`, `kms:EncryptionContext:aws:s3:arn`. */
  context: Record<string, string>;
  /** The destination name this request serves, or undefined for source-only requests shared by all. */
  destination?: string;
  /**
   * Forbidden requests only: AWS's own replication examples grant it, or granting it exposes
   * nothing more (an unneeded KMS action on the same key, bucket and S3 conditions), so the proof
   * holds this package's documents to denying it but the analysis does not flag other stacks that allow it.
   */
  grantedByAwsExamples?: boolean;
}

/** The object key the model uses as "an object the rule replicates" (under the rule's prefix). */
export function sampleObjectKey(path: ReplicationPath): string {
  return `${path.destination.filter?.prefix ?? ""}replicated/sample-object.bin`;
}

/** The `kms:ViaService` value S3 sends for a key in a region. */
export function s3ViaService(region: string): string {
  return `s3.${region}.amazonaws.com`;
}

/** The account that owns a key, from its ARN (the bucket's account when the ARN does not say). */
function keyAccount(keyArn: string, fallback: string): string {
  return parseKeyReference(keyArn).account ?? fallback;
}

/** The region of a key, from its ARN (the bucket's region when the ARN does not say). */
function keyRegion(keyArn: string, fallback: string): string {
  return parseKeyReference(keyArn).region ?? fallback;
}

/**
 * The encryption contexts S3 uses with the SOURCE bucket's key: the object ARN for objects
 * written without a Bucket Key, the bucket ARN for objects written with one. The configuration
 * produces the bucket ARN when the source's default has Bucket Keys on, the object ARN when it
 * is off or the bucket is DSSE-KMS (no Bucket Keys).
 * AWS: "Reducing the cost of SSE-KMS with Amazon S3 Bucket Keys" (encryption context),
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-key.html
 */
export function encryptionContexts(bucket: BucketEndpoint, objectKey: string): string[] {
  return bucketKeyOn(bucket) ? [bucketArn(bucket)] : [`${bucketArn(bucket)}/${objectKey}`];
}

/** True when a bucket's default encryption uses an S3 Bucket Key (SSE-KMS only; DSSE-KMS has none). */
export function bucketKeyOn(bucket: Pick<BucketEndpoint, "encryption" | "bucketKeyEnabled">): boolean {
  return bucket.encryption === Encryption.SseKms && bucket.bucketKeyEnabled;
}

/** A kind of source object that can arrive at a destination, by what it needs from the replica key. */
export enum ArrivingObject {
  /** An SSE-KMS/DSSE-KMS source object: S3 re-encrypts it with the replica key (`kms:Encrypt`). */
  KmsEncrypted = "kms-encrypted",
  /**
   * A plaintext source object (written before January 2023 without default encryption, brought
   * only by Batch Replication): it takes the destination's default encryption, so a KMS default
   * needs `kms:GenerateDataKey`.
   */
  Plaintext = "plaintext",
}

/** How replicas of one kind of arriving object are encrypted: with a Bucket Key or without. */
export interface ReplicaForm {
  /** The kind of source object. */
  object: ArrivingObject;
  /** True when the replica is written with an S3 Bucket Key (context: the destination bucket ARN). */
  bucketKey: boolean;
  /**
   * False when the configuration does not produce this form but a bucket's history can (objects a
   * Bucket-Key source holds from before its Bucket Key was on): the generated documents allow it,
   * the analysis does not demand it.
   */
  produced: boolean;
}

/**
 * The replica forms a destination receives over one path. AWS rules relied on:
 * - A replica keeps the SOURCE object's Bucket Key setting: a Bucket-Key source object is
 *   replicated with a Bucket Key even when the destination default has Bucket Keys off ("Using
 *   an S3 Bucket Key with replication", example 1, in "Reducing the cost of SSE-KMS with Amazon
 *   S3 Bucket Keys", https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-key.html).
 * - A source object can carry a Bucket Key although its bucket's default has none (the writer set
 *   `x-amz-server-side-encryption-bucket-key-enabled`, or the default was on when it was written:
 *   "Configuring an S3 Bucket Key at the object level",
 *   https://docs.aws.amazon.com/AmazonS3/latest/userguide/configuring-bucket-key-object.html), and
 *   a Bucket-Key source holds objects from before its Bucket Key was on. So every path that
 *   replicates SSE-KMS objects gets both forms; the one the configuration produces is `produced`.
 * - SSE-KMS/DSSE-KMS source objects keep the source's encryption type under the replica key; the
 *   destination's default encryption is used only for unencrypted source objects; SSE-S3 objects
 *   stay SSE-S3 and make no KMS call ("Replicating encrypted objects (SSE-S3, SSE-KMS, DSSE-KMS,
 *   SSE-C)", https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-config-for-kms-objects.html).
 *   So a DSSE-KMS destination receives SSE-KMS Bucket-Key replicas from a Bucket-Key source.
 * - Unencrypted source objects exist only from before January 2023 (S3 encrypts every new object,
 *   "Using server-side encryption with Amazon S3 managed keys (SSE-S3)",
 *   https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingServerSideEncryption.html) and live
 *   replication replicates only objects written after the rule exists ("Replicating existing
 *   objects with Batch Replication",
 *   https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-batch-replication-batch.html): only
 *   Batch Replication brings them, so the plaintext form is there only when the path's owner sets
 *   up Batch Replication (`path.batchReplication`). Such an object lands with the destination
 *   default's Bucket Key setting (example 2 of the Bucket Key page).
 */
export function replicaForms(path: ReplicationPath): ReplicaForm[] {
  const { destination } = path;
  if (!usesKmsKey(destination.encryption) || destination.keyArn === undefined) return [];
  return [
    ...(replicatesKmsObjects(path) ? kmsObjectForms(path) : []),
    ...(path.batchReplication === true
      ? [{ object: ArrivingObject.Plaintext, bucketKey: bucketKeyOn(destination), produced: true }]
      : []),
  ];
}

/**
 * The two forms of replicas of SSE-KMS/DSSE-KMS source objects: with a Bucket Key and without.
 * The configuration produces the source default's Bucket Key (a Bucket-Key source), else the
 * destination default's (DSSE-KMS source objects never use one); the other form comes from
 * objects that carry their own setting.
 */
function kmsObjectForms(path: ReplicationPath): ReplicaForm[] {
  const { source, destination } = path;
  const produced = bucketKeyOn(source) || (bucketKeyOn(destination) && source.encryption !== Encryption.DsseKms);
  return [
    { object: ArrivingObject.KmsEncrypted, bucketKey: produced, produced: true },
    { object: ArrivingObject.KmsEncrypted, bucketKey: !produced, produced: false },
  ];
}

/** The replica-key actions and encryption contexts the generated documents allow for a path. */
export interface ReplicaKeyUse {
  /** KMS actions, in a stable order. */
  actions: string[];
  /** True when some replica is written with a Bucket Key (context: the destination bucket ARN). */
  bucketContext: boolean;
  /** True when some replica is written without one (context: the destination object ARNs). */
  objectContext: boolean;
}

/**
 * What the replica key must allow the role over one path: `kms:Encrypt` for KMS-encrypted source
 * objects, `kms:GenerateDataKey` only for plaintext objects into a KMS default, `kms:Decrypt`
 * whenever replicas are written with a Bucket Key ("Setting up permissions for live replication"
 * and the Bucket Key page above). Undefined when the destination uses no KMS key.
 */
export function replicaKeyUse(path: ReplicationPath, producedOnly = false): ReplicaKeyUse | undefined {
  const forms = replicaForms(path).filter((form) => form.produced || !producedOnly);
  if (forms.length === 0) return undefined;
  const actions: string[] = [];
  if (forms.some((form) => form.object === ArrivingObject.KmsEncrypted)) actions.push(REPLICA_KEY_ENCRYPT_ACTION);
  if (forms.some((form) => form.object === ArrivingObject.Plaintext)) actions.push(REPLICA_KEY_PLAINTEXT_ACTION);
  if (forms.some((form) => form.bucketKey)) actions.push(REPLICA_KEY_BUCKET_KEY_ACTION);
  return {
    actions,
    bucketContext: forms.some((form) => form.bucketKey),
    objectContext: forms.some((form) => !form.bucketKey),
  };
}

/** Adds a request made with the path's role credentials to `requests`. */
type RoleRequestCollector = (
  action: string,
  resource: string,
  resourceAccount: string,
  resourcePolicy: ResourcePolicyKind,
  purpose: string,
  context?: Record<string, string>,
  suffix?: string,
) => void;

/**
 * Which forbidden requests a list keeps, by action, resource, whether the request is one AWS's
 * examples grant or that exposes nothing more (`grantedByAwsExamples`) and context: all of them
 * unless a caller narrows it. Asked before the request is built; `context` undefined asks whether
 * any request with that action and resource may be kept (before its contexts are built), so the
 * answer must then be true whenever it is true for some context.
 */
export type RequestFilter = (
  action: string,
  resource: string,
  harmless: boolean,
  context?: Record<string, string>,
) => boolean;

const EVERY_REQUEST: RequestFilter = () => true;

function roleRequestCollector(
  path: ReplicationPath,
  requests: ReplicationRequest[],
  idPrefix: string,
  keep: RequestFilter = EVERY_REQUEST,
  harmless = false,
): RoleRequestCollector {
  const principal = roleArn(path.role);
  return (action, resource, resourceAccount, resourcePolicy, purpose, context = {}, suffix = "") => {
    if (!keep(action, resource, harmless, context)) return;
    const request: ReplicationRequest = {
      id: `${idPrefix}${action}${suffix}`,
      purpose,
      principal,
      principalIsService: false,
      principalAccount: path.role.account,
      action,
      resource,
      resourceAccount,
      resourcePolicy,
      context,
      destination: path.destination.name,
    };
    if (harmless) request.grantedByAwsExamples = true;
    requests.push(request);
  };
}

/**
 * Every request S3 makes for one replication path, with the context S3 sends. `allForms` adds the
 * replica-key requests of the replica forms the configuration does not produce but objects can
 * still carry (see `replicaForms`): the generated documents allow them, the analysis does not demand them.
 */
export function replicationRequests(path: ReplicationPath, allForms = false): ReplicationRequest[] {
  const requests: ReplicationRequest[] = [];
  const byRole = roleRequestCollector(path, requests, `${path.id}:`);
  s3AssumesRole(path, requests);
  sourceDataRequests(path, byRole);
  destinationDataRequests(path, byRole);
  sourceKeyRequests(path, byRole);
  replicaKeyRequests(path, byRole, allForms);
  return requests;
}

/**
 * S3 assumes the role. Whether S3 sends aws:SourceAccount/aws:SourceArn is unverified: the role
 * must be assumable both with and without them.
 */
function s3AssumesRole(path: ReplicationPath, requests: ReplicationRequest[]): void {
  const purpose = "S3 assumes the replication role";
  const sourceContext = { "aws:SourceAccount": path.source.account, "aws:SourceArn": bucketArn(path.source) };
  requests.push(
    serviceAssumesRole(path, ASSUME_ROLE_ACTION, REPLICATION_SERVICE_PRINCIPAL, purpose, {}),
    serviceAssumesRole(
      path,
      `${ASSUME_ROLE_ACTION}(with-source-context)`,
      REPLICATION_SERVICE_PRINCIPAL,
      purpose,
      sourceContext,
    ),
  );
}

/** S3 reads the source bucket's configuration and the source object (with its retention and legal hold under Object Lock). */
function sourceDataRequests(path: ReplicationPath, byRole: RoleRequestCollector): void {
  const { source } = path;
  const bucketRequest = (action: string, resource: string, purpose: string): void =>
    byRole(action, resource, source.account, ResourcePolicyKind.BucketPolicy, purpose);
  const sourceBucket = bucketArn(source);
  for (const action of SOURCE_BUCKET_ACTIONS) {
    bucketRequest(
      action,
      sourceBucket,
      "S3 reads the source bucket's replication configuration and lists versions (delete markers)",
    );
  }
  const sourceObject = `${sourceBucket}/${sampleObjectKey(path)}`;
  for (const action of SOURCE_OBJECT_ACTIONS) {
    bucketRequest(action, sourceObject, "S3 reads the source object version, its ACL and its tags");
  }
  if (!source.objectLockEnabled) return;
  for (const action of SOURCE_OBJECT_LOCK_ACTIONS) {
    bucketRequest(action, sourceObject, "S3 reads the source object's retention and legal hold");
  }
}

/** S3 writes the replica (and delete markers, ownership changes when the rule asks for them). */
function destinationDataRequests(path: ReplicationPath, byRole: RoleRequestCollector): void {
  const { destination } = path;
  const destinationActions: string[] = [DESTINATION_REPLICATE_ACTION];
  if (destination.deleteMarkerReplication) destinationActions.push(DESTINATION_DELETE_ACTION);
  if (destination.ownershipOverride) destinationActions.push(OWNERSHIP_OVERRIDE_ACTION);
  const destinationObject = `${bucketArn(destination)}/${sampleObjectKey(path)}`;
  for (const action of destinationActions) {
    byRole(
      action,
      destinationObject,
      destination.account,
      ResourcePolicyKind.BucketPolicy,
      "S3 writes the replica (object, tags, delete markers, ownership, lock) into the destination",
    );
  }
}

/** S3 decrypts SSE-KMS/DSSE-KMS source objects with the source key, in each encryption context objects carry. */
function sourceKeyRequests(path: ReplicationPath, byRole: RoleRequestCollector): void {
  const { source } = path;
  if (!replicatesKmsObjects(path) || source.keyArn === undefined) return;
  const region = keyRegion(source.keyArn, source.region);
  const account = keyAccount(source.keyArn, source.account);
  for (const context of encryptionContexts(source, sampleObjectKey(path))) {
    for (const action of SOURCE_KEY_ACTIONS) {
      byRole(
        action,
        source.keyArn,
        account,
        ResourcePolicyKind.KeyPolicy,
        "S3 decrypts the SSE-KMS source object with the source key",
        kmsContext(region, context, path.role.account),
        `(${context})`,
      );
    }
  }
}

/** S3 encrypts each replica form with the replica key (and decrypts its Bucket Key for Bucket-Key replicas). */
function replicaKeyRequests(path: ReplicationPath, byRole: RoleRequestCollector, allForms: boolean): void {
  const { destination } = path;
  if (destination.keyArn === undefined) return;
  const keyArn = destination.keyArn;
  const region = keyRegion(keyArn, destination.region);
  const account = keyAccount(keyArn, destination.account);
  const destinationObject = `${bucketArn(destination)}/${sampleObjectKey(path)}`;
  for (const form of replicaForms(path).filter((candidate) => candidate.produced || allForms)) {
    const context = form.bucketKey ? bucketArn(destination) : destinationObject;
    const [action, purpose] =
      form.object === ArrivingObject.KmsEncrypted
        ? [REPLICA_KEY_ENCRYPT_ACTION, "S3 encrypts the replica of a KMS-encrypted source object with the replica key"]
        : [
            REPLICA_KEY_PLAINTEXT_ACTION,
            "S3 encrypts the replica of a plaintext source object with the destination's KMS default",
          ];
    const kind = `[${form.object}${form.bucketKey ? "+bucket-key" : ""}]`;
    const keyRequest = (keyAction: string, why: string): void =>
      byRole(
        keyAction,
        keyArn,
        account,
        ResourcePolicyKind.KeyPolicy,
        why,
        kmsContext(region, context, path.role.account),
        `(${context})${kind}`,
      );
    keyRequest(action, purpose);
    if (form.bucketKey) {
      keyRequest(
        REPLICA_KEY_BUCKET_KEY_ACTION,
        "S3 decrypts the replica's Bucket Key with the replica key (replicas written with a Bucket Key)",
      );
    }
  }
}

/** A service principal assuming the path's role (judged by the role's trust policy), on behalf of the source's account. */
function serviceAssumesRole(
  path: ReplicationPath,
  id: string,
  service: string,
  purpose: string,
  context: Record<string, string>,
): ReplicationRequest {
  return {
    id: `${path.id}:${id}`,
    purpose,
    principal: service,
    principalIsService: true,
    principalAccount: path.source.account,
    action: ASSUME_ROLE_ACTION,
    resource: roleArn(path.role),
    resourceAccount: path.role.account,
    resourcePolicy: ResourcePolicyKind.TrustPolicy,
    context,
    destination: path.destination.name,
  };
}

function kmsContext(region: string, encryptionContext: string, callerAccount: string): Record<string, string> {
  return {
    "kms:ViaService": s3ViaService(region),
    "kms:EncryptionContext:aws:s3:arn": encryptionContext,
    "kms:CallerAccount": callerAccount,
  };
}

/**
 * Requests the replication role (or others, against its trust policy) must NOT be able to make:
 * reading or deleting source data, writing destination data outside replication, replicating
 * into buckets no rule names, key use outside S3 or for other buckets, key administration, and
 * other principals assuming the role. `keep` leaves out the requests it refuses before they are
 * built (the analysis asks only about the actions and resources an Allow statement of the role
 * names, and never about harmless ones), in the same order otherwise.
 */
export function forbiddenRequests(path: ReplicationPath, keep: RequestFilter = EVERY_REQUEST): ReplicationRequest[] {
  const requests: ReplicationRequest[] = [];
  const scope = forbiddenScope(path, requests, keep);
  forbidSourceChanges(scope);
  forbidDestinationChanges(scope);
  forbidUnconfiguredFeatures(scope);
  forbidKeyMisuse(scope);
  if (keep(ASSUME_ROLE_ACTION, roleArn(path.role), false, {})) forbidOtherAssumers(path, requests);
  return requests;
}

/** The resources one path's forbidden requests target, and where they are collected. */
interface ForbiddenScope {
  path: ReplicationPath;
  /** The sample object key (see `sampleObjectKey`). */
  key: string;
  sourceBucket: string;
  sourceObject: string;
  destinationBucket: string;
  destinationObject: string;
  /** A bucket in the destination's account that no rule names. */
  strayBucket: string;
  requests: ReplicationRequest[];
  /** The caller's filter (see `forbiddenRequests`): asked first where a request's arguments cost something to build. */
  keep: RequestFilter;
  /** Adds a forbidden request made with the role's credentials. */
  byRole: RoleRequestCollector;
  /** As `byRole`, for a request AWS's examples grant or that exposes nothing more (`grantedByAwsExamples`). */
  byRoleHarmless: RoleRequestCollector;
}

function forbiddenScope(path: ReplicationPath, requests: ReplicationRequest[], keep: RequestFilter): ForbiddenScope {
  const { source, destination } = path;
  const key = sampleObjectKey(path);
  const sourceBucket = bucketArn(source);
  const destinationBucket = bucketArn(destination);
  const idPrefix = `${path.id}:forbidden:`;
  return {
    path,
    key,
    sourceBucket,
    sourceObject: `${sourceBucket}/${key}`,
    destinationBucket,
    destinationObject: `${destinationBucket}/${key}`,
    strayBucket: `arn:${destination.partition}:s3:::not-a-replication-destination-${destination.account}`,
    requests,
    keep,
    byRole: roleRequestCollector(path, requests, idPrefix, keep),
    byRoleHarmless: roleRequestCollector(path, requests, idPrefix, keep, true),
  };
}

/** Adds one bucket-policy request per action on a resource of `account`, all for one reason. */
function forbidActions(
  scope: ForbiddenScope,
  actions: readonly string[],
  resource: string,
  account: string,
  purpose: string,
): void {
  for (const action of actions) scope.byRole(action, resource, account, ResourcePolicyKind.BucketPolicy, purpose);
}

/** The role must not touch source data or the source bucket outside replication. */
function forbidSourceChanges(scope: ForbiddenScope): void {
  const { account } = scope.path.source;
  forbidActions(
    scope,
    [
      "s3:GetObject",
      "s3:GetObjectVersion",
      "s3:PutObject",
      "s3:DeleteObject",
      "s3:DeleteObjectVersion",
      "s3:PutObjectTagging",
      "s3:PutObjectAcl",
    ],
    scope.sourceObject,
    account,
    "the role must not read, write or delete source data outside replication",
  );
  forbidActions(
    scope,
    [
      "s3:PutBucketPolicy",
      "s3:PutReplicationConfiguration",
      "s3:DeleteBucket",
      "s3:PutBucketVersioning",
      "s3:PutEncryptionConfiguration",
    ],
    scope.sourceBucket,
    account,
    "the role must not change the source bucket",
  );
}

/** The role must not touch destination data or the destination bucket outside replication. */
function forbidDestinationChanges(scope: ForbiddenScope): void {
  const { destination } = scope.path;
  forbidActions(
    scope,
    [
      "s3:PutObject",
      "s3:GetObject",
      "s3:DeleteObject",
      "s3:DeleteObjectVersion",
      "s3:PutObjectAcl",
      "s3:BypassGovernanceRetention",
    ],
    scope.destinationObject,
    destination.account,
    "the role must not read, write or delete destination data outside replication",
  );
  for (const action of destination.objectLockEnabled ? [] : DESTINATION_OBJECT_LOCK_ACTIONS) {
    scope.byRoleHarmless(
      action,
      scope.destinationObject,
      destination.account,
      ResourcePolicyKind.BucketPolicy,
      "the destination has no Object Lock, so the role never sets retention or legal holds there",
    );
  }
  forbidActions(
    scope,
    ["s3:PutBucketPolicy", "s3:PutLifecycleConfiguration", "s3:DeleteBucket"],
    scope.destinationBucket,
    destination.account,
    "the role must not change the destination bucket",
  );
}

/** No replication into a bucket no rule names, no delete markers or ownership change the rule does not ask for. */
function forbidUnconfiguredFeatures(scope: ForbiddenScope): void {
  const { destination } = scope.path;
  scope.byRole(
    "s3:ReplicateObject",
    `${scope.strayBucket}/${scope.key}`,
    destination.account,
    ResourcePolicyKind.BucketPolicy,
    "the role must not replicate into a bucket no rule names",
    {},
    "(stray-bucket)",
  );
  if (!destination.deleteMarkerReplication) {
    scope.byRoleHarmless(
      DESTINATION_DELETE_ACTION,
      scope.destinationObject,
      destination.account,
      ResourcePolicyKind.BucketPolicy,
      "delete markers are not replicated, so the role must not place them",
    );
  }
  if (!destination.ownershipOverride) {
    scope.byRole(
      OWNERSHIP_OVERRIDE_ACTION,
      scope.destinationObject,
      destination.account,
      ResourcePolicyKind.BucketPolicy,
      "the rule does not change replica ownership",
    );
  }
}

/** The source key and the replica key serve only S3, in their region, for their bucket, and nobody administers them. */
function forbidKeyMisuse(scope: ForbiddenScope): void {
  const { source, destination } = scope.path;
  if (replicatesKmsObjects(scope.path) && source.keyArn !== undefined)
    forbidKeyUse(scope, source.keyArn, source, ["kms:Decrypt"], "source");
  // A KMS destination no KMS-encrypted object reaches (an SSE-S3 source without Batch Replication)
  // gets no replica key permission at all: every replica key action is unneeded.
  const replicaUse = replicaKeyUse(scope.path) ?? { actions: [], bucketContext: false, objectContext: false };
  if (usesKmsKey(destination.encryption) && destination.keyArn !== undefined) {
    forbidKeyUse(scope, destination.keyArn, destination, replicaUse.actions, "replica");
    forbidUnneededReplicaKeyActions(scope, destination.keyArn, replicaUse.actions);
  }
}

/**
 * The contexts of forbidden key requests, each with the rule it breaks and its id suffix: S3's own
 * context with the service, the region or the bucket changed, and no S3 context at all.
 */
function forbiddenKmsContexts(scope: ForbiddenScope, region: string, bucket: BucketEndpoint): ForbiddenKmsContext[] {
  const own = `${bucketArn(bucket)}/${scope.key}`;
  const otherRegion = region === "us-east-1" ? "eu-west-1" : "us-east-1";
  const caller = scope.path.role.account;
  const context = (via: string, arn: string): Record<string, string> => ({
    "kms:ViaService": via,
    "kms:EncryptionContext:aws:s3:arn": arn,
    "kms:CallerAccount": caller,
  });
  return [
    {
      rule: "must only serve S3 in its region",
      context: context(`ec2.${region}.amazonaws.com`, own),
      suffix: "(via-ec2)",
    },
    {
      rule: "must only serve S3 in its own region",
      context: context(s3ViaService(otherRegion), own),
      suffix: "(via-other-region)",
    },
    {
      rule: "must only serve this bucket",
      context: context(s3ViaService(region), `${scope.strayBucket}/${scope.key}`),
      suffix: "(other-bucket-context)",
    },
    { rule: "must not be used directly", context: { "kms:CallerAccount": caller }, suffix: "(direct)" },
  ];
}

/** A forbidden context of key requests: the rule it breaks, the context, the id suffix. */
interface ForbiddenKmsContext {
  rule: string;
  context: Record<string, string>;
  suffix: string;
}

/** The role's key actions outside S3, in another region, for another bucket or directly; and key administration. */
function forbidKeyUse(
  scope: ForbiddenScope,
  keyArn: string,
  bucket: BucketEndpoint,
  actions: readonly string[],
  label: string,
): void {
  const account = keyAccount(keyArn, bucket.account);
  // The contexts are built only when the filter keeps an action on the key, and a purpose only for
  // a request it keeps (most paths keep none: see `forbiddenRequests`).
  let contexts: ForbiddenKmsContext[] | undefined;
  for (const action of actions) {
    if (!scope.keep(action, keyArn, false)) continue;
    contexts ??= forbiddenKmsContexts(scope, keyRegion(keyArn, bucket.region), bucket);
    for (const { rule, context, suffix } of contexts) {
      if (!scope.keep(action, keyArn, false, context)) continue;
      const purpose = `the ${label} key ${rule}`;
      scope.byRole(action, keyArn, account, ResourcePolicyKind.KeyPolicy, purpose, context, suffix);
    }
  }
  for (const action of KEY_ADMIN_ACTIONS) {
    if (!scope.keep(action, keyArn, false, {})) continue;
    const administer = `the role must not administer the ${label} key`;
    scope.byRole(action, keyArn, account, ResourcePolicyKind.KeyPolicy, administer);
  }
}

/** Replica key actions no arriving object may need, each with its context (bucket or object ARN) and why it is unneeded. */
const UNNEEDED_REPLICA_KEY_ACTIONS: readonly { action: string; bucketContext: boolean; purpose: string }[] = [
  {
    action: REPLICA_KEY_ENCRYPT_ACTION,
    bucketContext: false,
    purpose: "no KMS-encrypted source object arrives, so the role never encrypts with the replica key",
  },
  {
    action: REPLICA_KEY_PLAINTEXT_ACTION,
    bucketContext: false,
    purpose:
      "no plaintext object lands in this KMS default, so the role never generates data keys with the replica key",
  },
  {
    action: REPLICA_KEY_BUCKET_KEY_ACTION,
    bucketContext: true,
    purpose: "no replica is written with a Bucket Key, so the role never decrypts with the replica key",
  },
];

/** Replica key actions no arriving object needs (least privilege of our own documents; harmless in another stack). */
function forbidUnneededReplicaKeyActions(scope: ForbiddenScope, replicaKey: string, needed: readonly string[]): void {
  const { destination } = scope.path;
  for (const { action, bucketContext, purpose } of UNNEEDED_REPLICA_KEY_ACTIONS) {
    if (needed.includes(action) || !scope.keep(action, replicaKey, true)) continue;
    // Same key, same bucket: another stack granting it is harmless.
    scope.byRoleHarmless(
      action,
      replicaKey,
      keyAccount(replicaKey, destination.account),
      ResourcePolicyKind.KeyPolicy,
      purpose,
      kmsContext(
        keyRegion(replicaKey, destination.region),
        bucketContext ? scope.destinationBucket : scope.destinationObject,
        scope.path.role.account,
      ),
      "(replica-key)",
    );
  }
}

/** Services other than S3 must not assume the replication role. */
function forbidOtherAssumers(path: ReplicationPath, requests: ReplicationRequest[]): void {
  for (const service of ["ec2.amazonaws.com", "lambda.amazonaws.com", BATCH_OPERATIONS_SERVICE_PRINCIPAL]) {
    requests.push(
      serviceAssumesRole(
        path,
        `forbidden:${ASSUME_ROLE_ACTION}(${service})`,
        service,
        "only S3 may assume the replication role",
        {},
      ),
    );
  }
}

/** A request the Batch Replication role makes on a resource of the source's account (judged by its bucket policy). */
function batchRoleRequest(
  source: BucketEndpoint,
  role: ReplicationPath["role"],
  id: string,
  purpose: string,
  action: string,
  resource: string,
): ReplicationRequest {
  return {
    id,
    purpose,
    principal: roleArn(role),
    principalIsService: false,
    principalAccount: role.account,
    action,
    resource,
    resourceAccount: source.account,
    resourcePolicy: ResourcePolicyKind.BucketPolicy,
    context: {},
  };
}

/** Where a Batch Replication job reads its manifest and writes its report (bucket names). */
export interface BatchReplicationTargets {
  /** Bucket of a manifest you supply (absent when S3 generates the manifest). */
  manifestBucket?: string;
  /** Bucket that receives the completion report. */
  reportBucket: string;
  /** Key prefix of the completion report. Default: `batch-replication-reports` (BATCH_REPORT_PREFIX). */
  reportPrefix?: string;
}

/** A completion report object of a job (S3 writes under `<prefix>/job-<job id>/`). */
function batchReportObject(partition: string, targets: BatchReplicationTargets): string {
  const prefix = targets.reportPrefix ?? BATCH_REPORT_PREFIX;
  return `arn:${partition}:s3:::${targets.reportBucket}/${prefix}/job-0f1e2d3c/results/report.csv`;
}

/**
 * The requests S3 Batch Operations makes with the Batch Replication role (existing objects):
 * assume the role, read the replication configuration and write an inventory when it builds
 * the manifest, initiate replication of each source object, read a supplied manifest, write the report.
 */
export function batchReplicationRequests(
  source: BucketEndpoint,
  role: ReplicationPath["role"],
  targets: BatchReplicationTargets,
): ReplicationRequest[] {
  const arn = roleArn(role);
  const bucket = bucketArn(source);
  const at = (name: string): string => `arn:${source.partition}:s3:::${name}`;
  const requests: ReplicationRequest[] = [
    {
      id: "batch:sts:AssumeRole",
      purpose: "S3 Batch Operations assumes the Batch Replication role",
      principal: BATCH_OPERATIONS_SERVICE_PRINCIPAL,
      principalIsService: true,
      principalAccount: source.account,
      action: ASSUME_ROLE_ACTION,
      resource: arn,
      resourceAccount: role.account,
      resourcePolicy: ResourcePolicyKind.TrustPolicy,
      context: {},
    },
  ];
  const byRole = (action: string, resource: string, purpose: string): void => {
    requests.push(batchRoleRequest(source, role, `batch:${action}:${resource}`, purpose, action, resource));
  };
  byRole("s3:GetReplicationConfiguration", bucket, "Batch Operations reads the source's replication configuration");
  byRole(
    "s3:PutInventoryConfiguration",
    bucket,
    "Batch Operations builds the manifest with an inventory of the source",
  );
  byRole("s3:InitiateReplication", `${bucket}/existing/object.bin`, "Batch Operations replicates each existing object");
  byRole("s3:PutObject", batchReportObject(source.partition, targets), "Batch Operations writes the completion report");
  if (targets.manifestBucket !== undefined) {
    for (const action of ["s3:GetObject", "s3:GetObjectVersion"])
      byRole(action, `${at(targets.manifestBucket)}/manifest.csv`, "Batch Operations reads the manifest you supplied");
  }
  return requests;
}

/** Requests the Batch Replication role must not be able to make, and principals that must not assume it. */
export function batchForbiddenRequests(
  source: BucketEndpoint,
  role: ReplicationPath["role"],
  targets: BatchReplicationTargets,
): ReplicationRequest[] {
  const arn = roleArn(role);
  const bucket = bucketArn(source);
  const requests: ReplicationRequest[] = [];
  const byRole = (action: string, resource: string): void => {
    const purpose = "the Batch Replication role only initiates replication";
    requests.push(batchRoleRequest(source, role, `batch:forbidden:${action}:${resource}`, purpose, action, resource));
  };
  for (const action of [
    "s3:GetObject",
    "s3:GetObjectVersion",
    "s3:PutObject",
    "s3:DeleteObject",
    "s3:DeleteObjectVersion",
    "s3:GetObjectVersionForReplication",
    "s3:ReplicateObject",
  ])
    byRole(action, `${bucket}/existing/object.bin`);
  for (const action of [
    "s3:PutReplicationConfiguration",
    "s3:PutBucketPolicy",
    "s3:DeleteBucket",
    "s3:PutBucketVersioning",
  ])
    byRole(action, bucket);
  byRole("s3:DeleteObject", batchReportObject(source.partition, targets));
  // The report is written under its prefix only: not elsewhere in the report bucket (often the source).
  byRole("s3:PutObject", `arn:${source.partition}:s3:::${targets.reportBucket}/orders/2026/not-a-report.csv`);
  byRole("s3:PutObject", `arn:${source.partition}:s3:::${targets.reportBucket}/report.csv`);
  byRole("s3:InitiateReplication", `arn:${source.partition}:s3:::not-the-source-bucket/existing/object.bin`);
  for (const service of [REPLICATION_SERVICE_PRINCIPAL, "ec2.amazonaws.com", "lambda.amazonaws.com"]) {
    requests.push({
      id: `batch:forbidden:sts:AssumeRole(${service})`,
      purpose: "only S3 Batch Operations may assume the Batch Replication role",
      principal: service,
      principalIsService: true,
      principalAccount: source.account,
      action: ASSUME_ROLE_ACTION,
      resource: arn,
      resourceAccount: role.account,
      resourcePolicy: ResourcePolicyKind.TrustPolicy,
      context: {},
    });
  }
  return requests;
}
