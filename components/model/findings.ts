/**
 * The catalogue of findings: every way replication or encryption can be misconfigured that
 * this package can see from configuration. Codes are stable (they appear in SARIF, JSON output
 * and diagrams); each says which S3 replication failure reason it foresees, if any.
 */

/** How bad a finding is. */
export enum Severity {
  /** Replication fails or silently skips objects. */
  Critical = "critical",
  /** A security default is broken or data is exposed. */
  High = "high",
  /** Risky or excessive, but replication works. */
  Medium = "medium",
  /** Advisory. */
  Low = "low",
}

/**
 * What kind of problem a finding is. Only `breaks-replication` makes a replication path BROKEN;
 * the pack blocks by default on `breaks-replication` and `security`, and only advises on `advice`.
 */
export enum FindingClass {
  /** Objects fail to replicate (a failure reason S3 reports) or are skipped silently, or S3 rejects the configuration. */
  BreaksReplication = "breaks-replication",
  /**
   * Objects replicate, but incompletely: without their tags, ACLs or owner as AWS documents it.
   * High severity, non-blocking by default.
   */
  IncompleteReplica = "incomplete-replica",
  /** Over-permission or missing hardening: replication works, but more is exposed than needed. */
  Security = "security",
  /**
   * A monitoring signal that cannot fire (an alarm on a metric S3 does not publish, in the wrong
   * Region, or on a rule without metrics). Non-blocking by default.
   */
  Monitoring = "monitoring",
  /** Works and exposes nothing: a recommendation (cost, clarity, least privilege beyond AWS's own examples). */
  Advice = "advice",
}

/** Every finding class, in report order. */
export const FINDING_CLASSES: readonly FindingClass[] = [
  FindingClass.BreaksReplication,
  FindingClass.IncompleteReplica,
  FindingClass.Security,
  FindingClass.Monitoring,
  FindingClass.Advice,
];

/** Whether findings of a class block (mandatory enforcement) by default: breaks replication and security. */
export function blocksByDefault(kind: FindingClass): boolean {
  return kind === FindingClass.BreaksReplication || kind === FindingClass.Security;
}

/** Stable finding codes. */
export enum FindingCode {
  VersioningNotEnabled = "S3R001",
  RuleShapeInvalid = "S3R002",
  KmsOptInWithoutReplicaKey = "S3R003",
  ReplicaKeyWithoutKmsOptIn = "S3R004",
  KmsObjectsSkipped = "S3R005",
  ReplicaKeyNotArn = "S3R006",
  ReplicaKeyWrongRegion = "S3R007",
  AwsManagedKeyCrossAccount = "S3R008",
  ReplicaKeyNotSymmetric = "S3R009",
  TrustDeniesS3 = "S3R010",
  TrustUnverifiedCondition = "S3R011",
  TrustAdmitsOthers = "S3R012",
  RoleMissingPermission = "S3R013",
  GetObjectVersionInsteadOfReplication = "S3R014",
  KmsContextMismatch = "S3R015",
  RoleExcessPermission = "S3R016",
  InvalidAction = "S3R017",
  MalformedArn = "S3R018",
  DestinationBucketPolicyMissing = "S3R019",
  KeyPolicyMissingRole = "S3R020",
  KeyPolicySourceCondition = "S3R021",
  BucketKeyDecryptMissing = "S3R022",
  OwnershipOverrideSameAccount = "S3R023",
  OwnershipOverrideIncomplete = "S3R024",
  ObjectLockDestinationMissing = "S3R025",
  ExplicitDeny = "S3R026",
  SourceOwnershipNotEnforced = "S3R027",
  // S3R028 (a bucket without default encryption) is retired: S3 encrypts every bucket with SSE-S3
  // at least, so a bucket without a configuration of its own is judged as SSE-S3 (S3R029 when
  // SSE-S3 is not allowed).
  EncryptionNotAllowed = "S3R029",
  DsseWithBucketKey = "S3R030",
  BucketKeyDisabled = "S3R031",
  PublicAccessNotBlocked = "S3R032",
  TlsNotEnforced = "S3R033",
  KeyRotationDisabled = "S3R034",
  CustomerManagedKeyRequired = "S3R035",
  DestinationNotAllowed = "S3R036",
  ReplicationTimeRequired = "S3R037",
  DestinationBucketMissing = "S3R038",
  RoleMissing = "S3R039",
  KeyStateInvalid = "S3R040",
  ConfigurationOverwritten = "S3R041",
  AlarmCannotFire = "S3R050",
  ReplicationEventsCannotArrive = "S3R051",
  NoFailureSignal = "S3R052",
  KeyPolicyPublic = "S3R053",
  KeyPolicyOtherAccount = "S3R054",
  KeyPolicyFullAccess = "S3R055",
  KeyPolicyLockout = "S3R056",
  BucketPolicyPublic = "S3R057",
  BucketPolicyOtherAccount = "S3R058",
  BucketPolicyFullAccess = "S3R059",
  BucketAclPublic = "S3R060",
  ReplicaOwnershipNotEnforced = "S3R061",
  ServicePrincipalUnscoped = "S3R062",
  RoleBeyondReplication = "S3R063",
  PropertyUnreadable = "S3R064",
  DocumentUnreadable = "S3R065",
  RoleContract = "S3R066",
  DestinationContract = "S3R067",
  IamSidInvalid = "S3R068",
  ResourceClaimedTwice = "S3R069",
  BucketAclOtherAccount = "S3R075",
  InlineCopyAmbiguous = "S3R080",
}

/** What the catalogue says of a code. */
export interface FindingRule {
  /** Short title. */
  title: string;
  /** Default severity. */
  severity: Severity;
  /** Default class: breaks replication, security, or advice. */
  kind: FindingClass;
  /** The S3 replication failure reason it foresees, if any. */
  failureReason?: string;
  /** The general fix. */
  help: string;
}

/** The catalogue. */
export const FINDING_RULES: Record<FindingCode, FindingRule> = {
  [FindingCode.VersioningNotEnabled]: {
    title: "Versioning not enabled",
    severity: Severity.Critical,
    kind: FindingClass.BreaksReplication,
    failureReason: "DstBucketUnversioned",
    help: "Enable versioning (status Enabled) on the source and every destination bucket, and order the replication configuration after both.",
  },
  [FindingCode.RuleShapeInvalid]: {
    title: "Replication rule shape rejected by S3",
    severity: Severity.Critical,
    kind: FindingClass.BreaksReplication,
    help: "V2 rules need a filter, a unique id and priority, and deleteMarkerReplication; RTC needs metrics with a 15-minute threshold; no event threshold without RTC; no delete marker replication with tag filters.",
  },
  [FindingCode.KmsOptInWithoutReplicaKey]: {
    title: "SSE-KMS opt-in without a replica key",
    severity: Severity.Critical,
    kind: FindingClass.BreaksReplication,
    help: "Name destination.encryptionConfiguration.replicaKmsKeyId whenever sourceSelectionCriteria.sseKmsEncryptedObjects is Enabled.",
  },
  [FindingCode.ReplicaKeyWithoutKmsOptIn]: {
    title: "Replica key without SSE-KMS opt-in",
    severity: Severity.Critical,
    kind: FindingClass.BreaksReplication,
    help: "Enable sourceSelectionCriteria.sseKmsEncryptedObjects whenever a replica key is named.",
  },
  [FindingCode.KmsObjectsSkipped]: {
    title: "SSE-KMS objects skipped silently",
    severity: Severity.Critical,
    kind: FindingClass.BreaksReplication,
    help: "The source holds SSE-KMS/DSSE-KMS objects: enable sseKmsEncryptedObjects and name a replica key in the destination's region.",
  },
  [FindingCode.ReplicaKeyNotArn]: {
    title: "Replica key given as an alias or id",
    severity: Severity.High,
    kind: FindingClass.Security,
    help: "Give the key ARN (an alias ARN is accepted, as advice): a bare alias name or key id is resolved in the requester's account and can pick a source-account key.",
  },
  [FindingCode.ReplicaKeyWrongRegion]: {
    title: "Replica key in the wrong region",
    severity: Severity.Critical,
    kind: FindingClass.BreaksReplication,
    failureReason: "DstKmsKeyNotFound",
    help: "Use a key in the destination bucket's region (for a multi-Region key, its replica in that region).",
  },
  [FindingCode.AwsManagedKeyCrossAccount]: {
    title: "AWS managed key across accounts",
    severity: Severity.Critical,
    kind: FindingClass.BreaksReplication,
    failureReason: "DstPutObjectNotPermitted",
    help: "AWS managed keys (aws/s3) cannot be shared: use customer managed keys.",
  },
  [FindingCode.ReplicaKeyNotSymmetric]: {
    title: "Replica key is not a symmetric encryption key",
    severity: Severity.Critical,
    kind: FindingClass.BreaksReplication,
    failureReason: "DstKmsKeyInvalidState",
    help: "S3 supports only symmetric encryption KMS keys (SYMMETRIC_DEFAULT, ENCRYPT_DECRYPT).",
  },
  [FindingCode.TrustDeniesS3]: {
    title: "S3 cannot assume the role",
    severity: Severity.Critical,
    kind: FindingClass.BreaksReplication,
    failureReason: "AssumeRoleNotPermitted",
    help: "The trust policy must allow s3.amazonaws.com to call sts:AssumeRole.",
  },
  [FindingCode.TrustUnverifiedCondition]: {
    title: "Trust condition S3 may not satisfy",
    severity: Severity.Medium,
    kind: FindingClass.Advice,
    failureReason: "AssumeRoleNotPermitted",
    help: "AWS does not document that S3 sends aws:SourceAccount/aws:SourceArn when it assumes a replication role; drop the condition unless you have verified it.",
  },
  [FindingCode.TrustAdmitsOthers]: {
    title: "Role trusts principals other than S3",
    severity: Severity.High,
    kind: FindingClass.Security,
    help: "Trust only s3.amazonaws.com (a shared Batch Replication trust, batchoperations.s3.amazonaws.com, is advice only).",
  },
  [FindingCode.RoleMissingPermission]: {
    title: "Role lacks a permission replication needs",
    severity: Severity.Critical,
    kind: FindingClass.BreaksReplication,
    failureReason: "DstPutObjectNotPermitted / SrcGetObjectNotPermitted (named per action)",
    help: "Grant exactly the actions listed for replication on the source and destination.",
  },
  [FindingCode.GetObjectVersionInsteadOfReplication]: {
    title: "s3:GetObjectVersion instead of s3:GetObjectVersionForReplication",
    severity: Severity.Critical,
    kind: FindingClass.BreaksReplication,
    failureReason: "SrcGetObjectNotPermitted",
    help: "S3 reads the version it replicates with s3:GetObjectVersionForReplication: grant it on the source objects.",
  },
  [FindingCode.KmsContextMismatch]: {
    title: "KMS encryption-context condition does not match Bucket Key use",
    severity: Severity.Critical,
    kind: FindingClass.BreaksReplication,
    failureReason: "DstPutObjectNotPermitted",
    help: "kms:EncryptionContext:aws:s3:arn must admit the forms this configuration produces: the bucket ARN for objects written with a Bucket Key, BUCKET/* for objects written without one.",
  },
  [FindingCode.RoleExcessPermission]: {
    title: "Role holds more than replication needs",
    severity: Severity.Medium,
    kind: FindingClass.Security,
    help: "Remove the excess action or resource from the replication role.",
  },
  [FindingCode.InvalidAction]: {
    title: "Invalid action name",
    severity: Severity.High,
    kind: FindingClass.Advice,
    help: "Write actions as SERVICE:Action (e.g. s3:ReplicateObject).",
  },
  [FindingCode.MalformedArn]: {
    title: "Malformed ARN",
    severity: Severity.High,
    kind: FindingClass.BreaksReplication,
    help: "S3 ARNs are arn:aws:s3:::BUCKET[/KEY] with empty region and account fields.",
  },
  [FindingCode.DestinationBucketPolicyMissing]: {
    title: "Destination bucket policy does not admit the role",
    severity: Severity.Critical,
    kind: FindingClass.BreaksReplication,
    failureReason: "DstPutObjectNotPermitted",
    help: "Across accounts, the destination bucket policy must allow the replication role the s3:Replicate* actions.",
  },
  [FindingCode.KeyPolicyMissingRole]: {
    title: "Key policy does not admit the role",
    severity: Severity.Critical,
    kind: FindingClass.BreaksReplication,
    failureReason: "DstPutObjectNotPermitted",
    help: "The key policy must allow the replication role the KMS actions (or delegate to its account in the same account).",
  },
  [FindingCode.KeyPolicySourceCondition]: {
    title: "Key policy statement for the role conditioned on aws:SourceArn/aws:SourceAccount",
    severity: Severity.Critical,
    kind: FindingClass.BreaksReplication,
    failureReason: "DstPutObjectNotPermitted",
    help: "S3 calls KMS with the role's credentials, so aws:SourceArn/aws:SourceAccount are absent: use kms:ViaService and kms:EncryptionContext:aws:s3:arn.",
  },
  [FindingCode.BucketKeyDecryptMissing]: {
    title: "No kms:Decrypt on the replica key while Bucket-Key replicas arrive",
    severity: Severity.Critical,
    kind: FindingClass.BreaksReplication,
    failureReason: "DstPutObjectNotPermitted",
    help: "Replicas keep the source object's Bucket Key (and unencrypted objects take the destination's): whenever the source or the destination uses Bucket Keys, the role needs kms:Decrypt on the replica key with the destination bucket ARN as encryption context (role policy and key policy).",
  },
  [FindingCode.OwnershipOverrideSameAccount]: {
    title: "Ownership override in one account",
    severity: Severity.Medium,
    kind: FindingClass.Advice,
    help: "Remove accessControlTranslation: it changes nothing when source and destination share an account.",
  },
  [FindingCode.OwnershipOverrideIncomplete]: {
    title: "Ownership override incomplete",
    severity: Severity.Critical,
    kind: FindingClass.BreaksReplication,
    help: "accessControlTranslation.owner = Destination needs destination.account and s3:ObjectOwnerOverrideToBucketOwner for the role.",
  },
  [FindingCode.ObjectLockDestinationMissing]: {
    title: "Object Lock source, destination without Object Lock",
    severity: Severity.Critical,
    kind: FindingClass.BreaksReplication,
    failureReason: "DstBucketObjectLockConfigMissing",
    help: "Enable Object Lock on every destination of an Object Lock source.",
  },
  [FindingCode.ExplicitDeny]: {
    title: "A Deny statement blocks replication",
    severity: Severity.Critical,
    kind: FindingClass.BreaksReplication,
    help: "Exclude the replication role from the Deny statement.",
  },
  [FindingCode.SourceOwnershipNotEnforced]: {
    title: "Source objects may be owned by other accounts",
    severity: Severity.Medium,
    kind: FindingClass.Advice,
    failureReason: "SrcGetAclNotPermitted",
    help: "Set the source bucket's object ownership to BucketOwnerEnforced.",
  },
  [FindingCode.EncryptionNotAllowed]: {
    title: "Encryption type not allowed",
    severity: Severity.High,
    kind: FindingClass.Security,
    help: "Use one of the allowed encryption types.",
  },
  [FindingCode.DsseWithBucketKey]: {
    title: "DSSE-KMS with a Bucket Key",
    severity: Severity.High,
    kind: FindingClass.Advice,
    help: "Bucket Keys are not supported with DSSE-KMS: disable bucketKeyEnabled.",
  },
  [FindingCode.BucketKeyDisabled]: {
    title: "Bucket Key disabled",
    severity: Severity.Low,
    kind: FindingClass.Advice,
    help: "Enable the S3 Bucket Key: it cuts KMS requests (and throttling risk) by up to 99%.",
  },
  [FindingCode.PublicAccessNotBlocked]: {
    title: "Public access not fully blocked",
    severity: Severity.High,
    kind: FindingClass.Security,
    help: "Set all four public access block settings to true.",
  },
  [FindingCode.TlsNotEnforced]: {
    title: "Bucket policy does not deny non-TLS requests",
    severity: Severity.High,
    kind: FindingClass.Security,
    help: "Add a Deny on s3:* for the bucket and its objects when aws:SecureTransport is false.",
  },
  [FindingCode.KeyRotationDisabled]: {
    title: "KMS key rotation disabled",
    severity: Severity.Medium,
    kind: FindingClass.Advice,
    help: "Enable automatic key rotation.",
  },
  [FindingCode.CustomerManagedKeyRequired]: {
    title: "Customer managed key required",
    severity: Severity.High,
    kind: FindingClass.Security,
    help: "Encrypt with SSE-KMS using a customer managed key.",
  },
  [FindingCode.DestinationNotAllowed]: {
    title: "Destination account or region not allowed",
    severity: Severity.High,
    kind: FindingClass.Security,
    help: "Replicate only to the allowed accounts and regions.",
  },
  [FindingCode.ReplicationTimeRequired]: {
    title: "Replication Time Control required",
    severity: Severity.Medium,
    kind: FindingClass.Advice,
    help: "Enable RTC (with metrics) on every rule.",
  },
  [FindingCode.DestinationBucketMissing]: {
    title: "Destination bucket not found",
    severity: Severity.Critical,
    kind: FindingClass.BreaksReplication,
    failureReason: "DstBucketNotFound",
    help: "The rule's destination.bucket must be the ARN of an existing bucket.",
  },
  [FindingCode.RoleMissing]: {
    title: "Replication role not found",
    severity: Severity.Critical,
    kind: FindingClass.BreaksReplication,
    failureReason: "AssumeRoleNotPermitted",
    help: "The configuration's role must be an existing IAM role ARN.",
  },
  [FindingCode.KeyStateInvalid]: {
    title: "KMS key disabled or pending deletion",
    severity: Severity.Critical,
    kind: FindingClass.BreaksReplication,
    failureReason: "DstKmsKeyInvalidState",
    help: "Enable the key (isEnabled = true).",
  },
  [FindingCode.ConfigurationOverwritten]: {
    title: "Two resources write the same single-valued configuration",
    severity: Severity.Critical,
    kind: FindingClass.BreaksReplication,
    help: "Keep one BucketPolicy / KeyPolicy / BucketReplicationConfig per bucket or key and merge the statements or rules into it: AWS keeps only the last one written.",
  },
  [FindingCode.AlarmCannotFire]: {
    title: "Replication alarm can never fire",
    severity: Severity.High,
    kind: FindingClass.Monitoring,
    help: "Alarm on a metric S3 publishes (OperationsFailedReplication, ReplicationLatency, BytesPendingReplication, OperationsPendingReplication) with the rule's SourceBucket, DestinationBucket and RuleId, in the Region where S3 publishes it (failed operations: the source bucket's; latency and pending: the destination's), on a rule with metrics on.",
  },
  [FindingCode.ReplicationEventsCannotArrive]: {
    title: "Replication event notification can never arrive",
    severity: Severity.High,
    kind: FindingClass.Monitoring,
    help: "S3 sends s3:Replication:* events only for rules with metrics on (threshold events with RTC), and only to a destination in the bucket's own Region: turn metrics on and use a topic, queue or function in that Region.",
  },
  [FindingCode.NoFailureSignal]: {
    title: "Replication rule with no failure signal",
    severity: Severity.Medium,
    kind: FindingClass.Advice,
    help: "Turn replication metrics on for the rule and alarm on OperationsFailedReplication in the source bucket's Region, or deliver s3:Replication:OperationFailedReplication events: otherwise objects that fail to replicate stay behind and nobody is told.",
  },
  [FindingCode.KeyPolicyPublic]: {
    title: "Key policy or grant admits any principal",
    severity: Severity.Critical,
    kind: FindingClass.Security,
    help: "Name the principals (the key's account, the replication role), or restrict the wildcard with aws:PrincipalOrgID, aws:SourceAccount/aws:SourceArn or kms:CallerAccount with kms:ViaService.",
  },
  [FindingCode.KeyPolicyOtherAccount]: {
    title: "Key policy or grant admits another account",
    severity: Severity.High,
    kind: FindingClass.Security,
    help: "Admit only the key's account, the replication role and (on a replica key) the role's account; list any other trusted account in allowedPrincipalAccounts.",
  },
  [FindingCode.KeyPolicyFullAccess]: {
    title: "kms:* for a principal outside the key's account",
    severity: Severity.High,
    kind: FindingClass.Security,
    help: "Give kms:* only to the key's own account (its root or administrators); give others the KMS actions they use.",
  },
  [FindingCode.KeyPolicyLockout]: {
    title: "Key policy locks its own account out",
    severity: Severity.Critical,
    kind: FindingClass.Security,
    help: "Keep a statement letting the key's account (its root, or an administrator role) call kms:PutKeyPolicy, such as AWS's default statement for the account root.",
  },
  [FindingCode.BucketPolicyPublic]: {
    title: "Bucket policy admits any principal to replicated data",
    severity: Severity.Critical,
    kind: FindingClass.Security,
    help: "Name the principals, or restrict the wildcard with aws:PrincipalOrgID or aws:SourceAccount/aws:SourceArn; keep BlockPublicPolicy and RestrictPublicBuckets on.",
  },
  [FindingCode.BucketPolicyOtherAccount]: {
    title: "Bucket policy admits another account to replicated data",
    severity: Severity.High,
    kind: FindingClass.Security,
    help: "Admit only the bucket's account and the replication role (its account for replication actions only); list any other trusted account in allowedPrincipalAccounts.",
  },
  [FindingCode.BucketPolicyFullAccess]: {
    title: "s3:* for a principal outside the bucket's account",
    severity: Severity.High,
    kind: FindingClass.Security,
    help: "Give s3:* to no principal outside the bucket's account; grant the S3 actions a principal uses.",
  },
  [FindingCode.BucketAclPublic]: {
    title: "Bucket ACL grants access to everyone",
    severity: Severity.Critical,
    kind: FindingClass.Security,
    help: "Use the private ACL (or BucketOwnerEnforced, which disables ACLs) and keep BlockPublicAcls and IgnorePublicAcls on.",
  },
  [FindingCode.ReplicaOwnershipNotEnforced]: {
    title: "Replicas owned by the source account",
    severity: Severity.Medium,
    kind: FindingClass.Security,
    help: "Set the destination's object ownership to BucketOwnerEnforced, or override the replica owner (accessControlTranslation owner Destination).",
  },
  [FindingCode.ServicePrincipalUnscoped]: {
    title: "Service principal without a source condition",
    severity: Severity.Medium,
    kind: FindingClass.Security,
    help: "Add aws:SourceAccount or aws:SourceArn (confused-deputy protection) to the statement for the service principal.",
  },
  [FindingCode.RoleBeyondReplication]: {
    title: "Replication role holds permissions beyond replication",
    severity: Severity.High,
    kind: FindingClass.Security,
    help: "Keep the replication role to S3 replication actions on its buckets and KMS use of its keys: remove IAM, STS and other services' actions and S3 actions on other buckets.",
  },
  [FindingCode.PropertyUnreadable]: {
    title: "A property has a value of the wrong type: could not be judged",
    severity: Severity.Critical,
    kind: FindingClass.BreaksReplication,
    help: "Give the property a value of the type the resource takes (a string for a name or ARN, a list of rule objects for `rules`, an object for a nested block): the provider rejects other types, and nothing that depends on the value can be judged until then.",
  },
  [FindingCode.DocumentUnreadable]: {
    title: "A policy document on a replication path cannot be read",
    severity: Severity.Critical,
    kind: FindingClass.BreaksReplication,
    help: "Write the document as valid JSON with a Statement list of objects (Effect Allow or Deny, string or string-list Action and Resource): IAM and S3 reject a malformed policy document, and a trust policy that admits no one cannot be assumed.",
  },
  [FindingCode.RoleContract]: {
    title: "The replication role is outside the stack: the statements it must hold",
    severity: Severity.Medium,
    kind: FindingClass.Advice,
    help: "The stack's documents were judged against the role ARN the configuration names; the role's own policies cannot be seen here. Give the team that owns the role the listed statements (its permission policy must allow them), or check both stacks together with `s3-replication check A.json B.json`.",
  },
  [FindingCode.DestinationContract]: {
    title: "The destination is outside the stack: the statements its policies must hold",
    severity: Severity.Medium,
    kind: FindingClass.Advice,
    help: "The destination bucket policy or replica key policy cannot be seen here (another account's stack, an existing bucket, an external key). Give the team that owns it the listed statements, or check both stacks together with `s3-replication check A.json B.json`.",
  },
  [FindingCode.IamSidInvalid]: {
    title: "IAM policy Sid that IAM rejects",
    severity: Severity.Critical,
    kind: FindingClass.BreaksReplication,
    help: "IAM policies accept only alphanumeric Sids (A-Z, a-z, 0-9): remove the spaces and other characters (key and bucket policies accept them).",
  },
  [FindingCode.ResourceClaimedTwice]: {
    title: "Two resources manage the same bucket or KMS key",
    severity: Severity.High,
    kind: FindingClass.BreaksReplication,
    help: "Manage each bucket and each KMS key from one resource in one stack: a bucket name is unique and a key ARN names one key, so a second resource either fails to create it or overwrites its settings, and which settings hold depends on which ran last. Read it in the other stack (aws.s3.Bucket.get, aws.kms.Key.get) instead.",
  },
  [FindingCode.BucketAclOtherAccount]: {
    title: "Bucket ACL grants another account",
    severity: Severity.High,
    kind: FindingClass.Security,
    help: "Drop ACL grants to other accounts' canonical user ids and e-mail grantees (keep BucketOwnerEnforced, which disables ACLs); grant another account access in the bucket policy, where allowedPrincipalAccounts applies.",
  },
  [FindingCode.InlineCopyAmbiguous]: {
    title:
      "A resource's inline copy of a policy or replication configuration differs from the resource that manages it",
    severity: Severity.Low,
    kind: FindingClass.Advice,
    help: "If the program sets the inline `policy` / `replicationConfiguration` too, remove it and keep the separate resource (two writers overwrite each other); if it does not, the state holds an older copy read back by a refresh: run `pulumi refresh`.",
  },
};

/** One finding. */
export interface Finding {
  /** Stable code. */
  code: FindingCode;
  /** Severity. */
  severity: Severity;
  /** Class: breaks replication, security, or advice (the catalogue's unless the finding says otherwise). */
  kind: FindingClass;
  /** The resource or document the finding is about, as the caller named it. */
  subject: string;
  /** The statement (Sid or index) or setting path inside the subject. */
  location?: string | undefined;
  /** The replication path (`source -> destination`) it concerns, if any. */
  path?: string;
  /** The exact action, resource, condition or setting at fault. */
  detail: Record<string, string>;
  /** One sentence: what is wrong. */
  message: string;
  /** One sentence: how to fix it. */
  fix: string;
  /**
   * Set only on findings asked for with `undecided`: the document whose unknown text decides
   * them (preview). Such a finding is not a verdict: it names a check that waits for `up`.
   */
  waitsFor?: string;
}

/** Builds a finding with the catalogue's severity and class unless overridden. */
export function finding(
  code: FindingCode,
  fields: Omit<Finding, "code" | "severity" | "kind"> & { severity?: Severity; kind?: FindingClass },
): Finding {
  return {
    code,
    severity: fields.severity ?? FINDING_RULES[code].severity,
    kind: fields.kind ?? FINDING_RULES[code].kind,
    ...fields,
  };
}

/** True when the finding foresees replication failing or skipping objects (the path is BROKEN). */
export function breaksReplication(item: Pick<Finding, "kind">): boolean {
  return item.kind === FindingClass.BreaksReplication;
}

/** Formats a finding as one line. */
export function formatFinding(item: Finding): string {
  const where = item.location ? ` (${item.location})` : "";
  return `[${item.code} ${item.severity} ${item.kind}] ${item.subject}${where}: ${item.message} Fix: ${item.fix}`;
}
