/**
 * Cross-resource analysis of one replication configuration as found: rule shape, versioning,
 * encryption pairing, keys, ownership, Object Lock, and whether the role, trust policy, key
 * policies and destination bucket policy allow exactly the requests S3 makes. The policy pack
 * and the checker are thin layers over `analyzeReplication`.
 */

import { BATCH_OPERATIONS_SERVICE_PRINCIPAL } from "./actions";
import { KeyReferenceKind, bucketArnProblem, parseArn, parseKeyReference } from "./arn";
import { Decision, DecisionReason, NamedPolicy, StatementRef, evaluateRequest, statementMatches } from "./evaluate";
import { Finding, FindingClass, FindingCode, Severity, finding } from "./findings";
import { FoundBucket, FoundGrant, FoundKey, FoundPolicy, FoundReplication, FoundRule } from "./found";
import { lintPolicy } from "./lint";
import { asList } from "./policyDocument";
import {
  ReplicationRequest,
  ResourcePolicyKind,
  bucketKeyOn,
  forbiddenRequests,
  replicationRequests,
} from "./requests";
import { keyFindings, versioningFindings } from "./resourceAnalysis";
import {
  BucketEndpoint,
  DestinationTopology,
  Encryption,
  ReplicationPath,
  RoleRef,
  replicatesKmsObjects,
  usesKmsKey,
} from "./topology";

/** Choices the cross-resource checks take (the policy pack's configuration). */
export interface ReplicationCheckOptions {
  /** Accounts destinations may be in. @default any */
  allowedDestinationAccounts?: string[];
  /** Regions destinations may be in. @default any */
  allowedDestinationRegions?: string[];
  /** Require Replication Time Control on every rule. @default false */
  requireReplicationTime?: boolean;
  /**
   * Also return the permission findings that wait on a resource policy whose text is not known
   * yet (preview): the role's own policies do not allow the request, and the unknown policy may or
   * may not. Each carries `waitsFor` (the unknown document) and is not a verdict. @default false
   */
  undecided?: boolean;
}

const SOURCE_CONDITION_KEYS = ["aws:sourcearn", "aws:sourceaccount"];

/** Every finding for one replication configuration. */
export function analyzeReplication(found: FoundReplication, options: ReplicationCheckOptions = {}): Finding[] {
  const findings: Finding[] = [...ruleShapeFindings(found.rules, found.ref)];
  findings.push(...versioningFindings(found.source, "source"));
  const sourceKey = resolveKey(found, found.source.encryption?.keyId);
  if (sourceKey) findings.push(...keyFindings(sourceKey));
  if (found.role === undefined && found.roleArn !== undefined && parseArn(found.roleArn)?.service !== "iam") {
    findings.push(
      finding(FindingCode.RoleMissing, {
        subject: found.ref,
        detail: { setting: "role", value: found.roleArn },
        message: `the configuration's role "${found.roleArn}" is not an IAM role ARN.`,
        fix: "set role to the replication role's ARN",
      }),
    );
  }
  const lintedPolicies = new Set<string>();
  const lint = (policy: FoundPolicy | undefined): void => {
    if (policy && !lintedPolicies.has(policy.ref)) {
      lintedPolicies.add(policy.ref);
      findings.push(...lintPolicy(policy));
    }
  };
  if (found.role) {
    lint(found.role.trustPolicy);
    found.role.policies.forEach(lint);
  }
  found.rules.forEach((rule, index) => {
    if (rule.status === "Disabled") return;
    const label = `rule ${rule.id ?? index}`;
    const destination = rule.destinationBucket === undefined ? undefined : found.destinations[rule.destinationBucket];
    const destinationProblem =
      rule.destinationBucket === undefined ? undefined : bucketArnProblem(rule.destinationBucket);
    if (rule.destinationBucket !== undefined && destinationProblem !== undefined) {
      // S3 looks the destination up by its bucket ARN: anything else names no bucket it can find (DstBucketNotFound).
      findings.push(
        finding(FindingCode.DestinationBucketMissing, {
          subject: found.ref,
          location: label,
          detail: { setting: "destination.bucket", value: rule.destinationBucket },
          message: `destination.bucket ${destinationProblem}; S3 cannot find a destination bucket by it (DstBucketNotFound).`,
          fix: `set destination.bucket to the destination bucket's ARN, arn:${found.source.partition ?? "aws"}:s3:::${bucketNameGuess(rule.destinationBucket)}`,
        }),
      );
      return;
    }
    if (destination === undefined) return;
    const pathLabel = `${found.source.name ?? found.source.ref} -> ${destination.name ?? destination.ref}`;
    const add = (items: Finding[]): void => {
      findings.push(...items.map((item) => ({ ...item, path: item.path ?? pathLabel })));
    };
    add(versioningFindings(destination, "destination"));
    lint(destination.policy);
    add(ruleEncryptionFindings(found, rule, destination, label));
    add(ruleOwnershipFindings(found, rule, destination, label));
    add(allowedDestinationFindings(found.ref, rule, destination, label, options));
    if (found.source.objectLockEnabled === true && destination.objectLockEnabled === false) {
      add([
        finding(FindingCode.ObjectLockDestinationMissing, {
          subject: destination.ref,
          detail: { setting: "objectLockEnabled", value: "false" },
          message: "the source uses Object Lock but this destination does not (DstBucketObjectLockConfigMissing).",
          fix: "create the destination with objectLockEnabled true (a new bucket: Object Lock cannot be added to most existing buckets without AWS support)",
        }),
      ]);
    }
    const path = pathFromFound(found, rule, destination, index);
    if (path && found.role) {
      const replicaKey = resolveKey(found, path.destination.keyArn);
      if (replicaKey) {
        add(keyFindings(replicaKey));
        lint(replicaKey.policy);
      }
      if (sourceKey) lint(sourceKey.policy);
      add(permissionFindings(found, path, label, destination, options.undecided === true));
    }
  });
  if (found.source.ownership !== undefined && found.source.ownership !== "BucketOwnerEnforced") {
    findings.push(
      finding(FindingCode.SourceOwnershipNotEnforced, {
        subject: found.source.ref,
        detail: { setting: "objectOwnership", value: found.source.ownership },
        message: `object ownership is ${found.source.ownership}, so objects uploaded by other accounts stay theirs and fail with SrcGetAclNotPermitted.`,
        fix: "set aws.s3.BucketOwnershipControls objectOwnership to BucketOwnerEnforced",
      }),
    );
  }
  return dedupe(findings);
}

/** Rule-shape findings: what S3 rejects at PutBucketReplication, or accepts and then mis-replicates. */
export function ruleShapeFindings(rules: FoundRule[], ref: string): Finding[] {
  const findings: Finding[] = [];
  const shape = (
    rule: FoundRule,
    index: number,
    setting: string,
    message: string,
    fix: string,
    code = FindingCode.RuleShapeInvalid,
  ): void => {
    findings.push(
      finding(code, { subject: ref, location: `rule ${rule.id ?? index}`, detail: { setting }, message, fix }),
    );
  };
  const ids = new Set<string>();
  const priorities = new Set<number>();
  rules.forEach((rule, index) => {
    if (rule.hasFilter) {
      // An omitted priority is sent as 0 by the provider; only colliding priorities are rejected (below).
      if (rule.deleteMarkerReplication === undefined)
        shape(
          rule,
          index,
          "deleteMarkerReplication",
          "a rule with a filter (schema V2) must set deleteMarkerReplication.",
          "add deleteMarkerReplication { status: Disabled } (or Enabled)",
        );
    } else if (rules.length > 1 && rule.legacyPrefix === undefined) {
      shape(
        rule,
        index,
        "filter",
        "a configuration with several rules needs a filter on each rule (schema V2).",
        "add filter: {} (or a prefix/tag filter) with a priority",
      );
    }
    if (rule.id !== undefined) {
      if (ids.has(rule.id))
        shape(rule, index, "id", `rule id "${rule.id}" is used twice.`, "give each rule a unique id");
      ids.add(rule.id);
    }
    if (rule.hasFilter) {
      // PutBucketReplication: Priority "must be unique" among V2 rules; the Pulumi/Terraform provider sends 0 when a filtered rule omits it.
      const priority = rule.priority ?? 0;
      if (priorities.has(priority))
        shape(
          rule,
          index,
          "priority",
          `priority ${priority}${rule.priority === undefined ? " (the provider's value for an omitted priority)" : ""} is used twice; S3 rejects the configuration.`,
          "give each filtered rule a unique priority",
        );
      priorities.add(priority);
    }
    const tagged = rule.filterTags !== undefined && Object.keys(rule.filterTags).length > 0;
    if (tagged && rule.deleteMarkerReplication === "Enabled")
      shape(
        rule,
        index,
        "deleteMarkerReplication",
        "delete marker replication is not supported for tag-based rules.",
        "disable deleteMarkerReplication or drop the tag filter",
      );
    const rtc = rule.replicationTimeStatus === "Enabled";
    if (rtc && rule.metricsStatus !== "Enabled")
      shape(
        rule,
        index,
        "destination.metrics",
        "Replication Time Control requires metrics Enabled with a 15-minute event threshold.",
        "add metrics { status: Enabled, eventThreshold: { minutes: 15 } }",
      );
    if (rtc && rule.replicationTimeMinutes !== undefined && rule.replicationTimeMinutes !== 15)
      shape(
        rule,
        index,
        "destination.replicationTime.time.minutes",
        `RTC minutes is ${rule.replicationTimeMinutes}; S3 accepts only 15.`,
        "set replicationTime.time.minutes to 15",
      );
    if (
      rtc &&
      rule.metricsStatus === "Enabled" &&
      rule.metricsEventThresholdMinutes !== undefined &&
      rule.metricsEventThresholdMinutes !== 15
    )
      shape(
        rule,
        index,
        "destination.metrics.eventThreshold.minutes",
        `the metrics event threshold is ${rule.metricsEventThresholdMinutes}; with RTC it must be 15.`,
        "set metrics.eventThreshold.minutes to 15",
      );
    if (!rtc && rule.metricsEventThresholdMinutes !== undefined)
      shape(
        rule,
        index,
        "destination.metrics.eventThreshold",
        "metrics cannot contain an event threshold when ReplicationTime is not Enabled (S3 rejects the configuration).",
        "remove metrics.eventThreshold or enable replicationTime",
      );
    if (rule.ownerOverride !== undefined && rule.destinationAccount === undefined)
      shape(
        rule,
        index,
        "destination.account",
        "accessControlTranslation (ownership override) requires destination.account.",
        "set destination.account to the destination bucket's account",
        FindingCode.OwnershipOverrideIncomplete,
      );
    if (rule.sseKmsEncryptedObjects === "Enabled" && rule.replicaKmsKeyId === undefined)
      shape(
        rule,
        index,
        "destination.encryptionConfiguration.replicaKmsKeyId",
        "the rule opts in to SSE-KMS objects but names no replica key (S3 rejects it).",
        "set destination.encryptionConfiguration.replicaKmsKeyId to the full ARN of a key in the destination's region",
        FindingCode.KmsOptInWithoutReplicaKey,
      );
    if (rule.replicaKmsKeyId !== undefined && rule.sseKmsEncryptedObjects !== "Enabled")
      shape(
        rule,
        index,
        "sourceSelectionCriteria.sseKmsEncryptedObjects",
        "the rule names a replica key but does not opt in to SSE-KMS objects, so they are skipped (or S3 rejects it).",
        "set sourceSelectionCriteria.sseKmsEncryptedObjects.status to Enabled",
        FindingCode.ReplicaKeyWithoutKmsOptIn,
      );
  });
  return findings;
}

function ruleEncryptionFindings(
  found: FoundReplication,
  rule: FoundRule,
  destination: FoundBucket,
  label: string,
): Finding[] {
  const findings: Finding[] = [];
  const sourceAlgorithm = found.source.encryption?.algorithm;
  if (
    sourceAlgorithm !== undefined &&
    usesKmsKey(sourceAlgorithm as Encryption) &&
    rule.sseKmsEncryptedObjects !== "Enabled" &&
    rule.replicaKmsKeyId === undefined
  ) {
    findings.push(
      finding(FindingCode.KmsObjectsSkipped, {
        subject: found.ref,
        location: label,
        detail: { setting: "sourceSelectionCriteria.sseKmsEncryptedObjects" },
        message: `the source encrypts with ${sourceAlgorithm} but the rule does not opt in to SSE-KMS objects: they are skipped silently.`,
        fix: "enable sourceSelectionCriteria.sseKmsEncryptedObjects and set destination.encryptionConfiguration.replicaKmsKeyId",
      }),
    );
  }
  const replicaKey = rule.replicaKmsKeyId;
  if (replicaKey === undefined) return findings;
  const reference = parseKeyReference(replicaKey);
  const crossAccount = isCrossAccount(found, rule, destination);
  if (reference.awsManagedS3Alias && crossAccount) {
    findings.push(
      finding(FindingCode.AwsManagedKeyCrossAccount, {
        subject: found.ref,
        location: label,
        detail: { setting: "replicaKmsKeyId", value: replicaKey },
        message: "the replica key is the AWS managed key aws/s3, which cannot be used across accounts.",
        fix: "use a customer managed key in the destination account",
      }),
    );
  } else if (reference.kind === KeyReferenceKind.AliasArn) {
    // The API takes "the Amazon Resource Name (ARN) for the KMS key or the alias ARN"
    // (PutBucketReplication, EncryptionConfiguration: https://docs.aws.amazon.com/AmazonS3/latest/API/API_EncryptionConfiguration.html):
    // an alias ARN names its account and region, so it is valid. A key ARN cannot be re-pointed later: advice.
    findings.push(
      finding(FindingCode.ReplicaKeyNotArn, {
        subject: found.ref,
        location: label,
        severity: Severity.Low,
        kind: FindingClass.Advice,
        detail: { setting: "replicaKmsKeyId", value: replicaKey },
        message: `replicaKmsKeyId "${replicaKey}" is an alias ARN, which S3 accepts; the alias can later be pointed at another key, which the replication role's and key's policies may not admit.`,
        fix: "optionally give the key ARN the alias points to",
      }),
    );
  } else if (reference.kind === KeyReferenceKind.Alias || reference.kind === KeyReferenceKind.KeyId) {
    findings.push(
      finding(FindingCode.ReplicaKeyNotArn, {
        subject: found.ref,
        location: label,
        detail: { setting: "replicaKmsKeyId", value: replicaKey },
        message: `replicaKmsKeyId "${replicaKey}" is a bare alias name or key id: AWS KMS resolves it in the requester's account, so replicas can be encrypted with a key of the source account instead of the destination owner's.`,
        fix: "give the full key ARN (or alias ARN) of the replica key",
      }),
    );
  } else if (reference.kind === KeyReferenceKind.Invalid) {
    findings.push(
      finding(FindingCode.MalformedArn, {
        subject: found.ref,
        location: label,
        detail: { setting: "replicaKmsKeyId", value: replicaKey },
        message: `replicaKmsKeyId "${replicaKey}" is not a KMS key ARN.`,
        fix: "give arn:aws:kms:REGION:ACCOUNT:key/KEY-ID",
      }),
    );
  }
  const destinationRegion = destination.region;
  if (reference.region !== undefined && destinationRegion !== undefined && reference.region !== destinationRegion) {
    findings.push(
      finding(FindingCode.ReplicaKeyWrongRegion, {
        subject: found.ref,
        location: label,
        detail: {
          setting: "replicaKmsKeyId",
          value: replicaKey,
          region: reference.region,
          expected: destinationRegion,
        },
        message: `the replica key is in ${reference.region} but the destination bucket is in ${destinationRegion}; every replication fails with DstKmsKeyNotFound.`,
        fix: reference.multiRegion
          ? `use the multi-Region replica ARN in ${destinationRegion} (same mrk- id)`
          : `use a customer managed key in ${destinationRegion}`,
      }),
    );
  }
  const key = resolveKey(found, replicaKey);
  if (key?.awsManaged === true && crossAccount) {
    findings.push(
      finding(FindingCode.AwsManagedKeyCrossAccount, {
        subject: key.ref,
        location: label,
        detail: { key: replicaKey },
        message: "the replica key is AWS managed and cannot be used across accounts.",
        fix: "use a customer managed key",
      }),
    );
  }
  if (
    key &&
    ((key.keySpec !== undefined && key.keySpec !== "SYMMETRIC_DEFAULT") ||
      (key.keyUsage !== undefined && key.keyUsage !== "ENCRYPT_DECRYPT"))
  ) {
    findings.push(
      finding(FindingCode.ReplicaKeyNotSymmetric, {
        subject: key.ref,
        location: label,
        detail: { keySpec: key.keySpec ?? "", keyUsage: key.keyUsage ?? "" },
        message: `the replica key is ${key.keySpec ?? ""}/${key.keyUsage ?? ""}; S3 needs a symmetric encryption key.`,
        fix: "use a SYMMETRIC_DEFAULT ENCRYPT_DECRYPT key",
      }),
    );
  }
  return findings;
}

function ruleOwnershipFindings(
  found: FoundReplication,
  rule: FoundRule,
  destination: FoundBucket,
  label: string,
): Finding[] {
  if (rule.ownerOverride === undefined) return [];
  const sourceAccount = found.source.account;
  const destinationAccount = rule.destinationAccount ?? destination.account;
  if (sourceAccount !== undefined && destinationAccount !== undefined && sourceAccount === destinationAccount) {
    return [
      finding(FindingCode.OwnershipOverrideSameAccount, {
        subject: found.ref,
        location: label,
        detail: { setting: "accessControlTranslation.owner", value: rule.ownerOverride },
        message: "the rule overrides replica ownership but source and destination are in the same account.",
        fix: "remove accessControlTranslation (and destination.account)",
      }),
    ];
  }
  return [];
}

function allowedDestinationFindings(
  ref: string,
  rule: FoundRule,
  destination: FoundBucket,
  label: string,
  options: ReplicationCheckOptions,
): Finding[] {
  const findings: Finding[] = [];
  const account = rule.destinationAccount ?? destination.account;
  if (
    options.allowedDestinationAccounts !== undefined &&
    account !== undefined &&
    !options.allowedDestinationAccounts.includes(account)
  ) {
    findings.push(
      finding(FindingCode.DestinationNotAllowed, {
        subject: ref,
        location: label,
        detail: { account },
        message: `the destination is in account ${account}, not among the allowed accounts (${options.allowedDestinationAccounts.join(", ")}).`,
        fix: "replicate to an allowed account, or extend allowedDestinationAccounts",
      }),
    );
  }
  if (
    options.allowedDestinationRegions !== undefined &&
    destination.region !== undefined &&
    !options.allowedDestinationRegions.includes(destination.region)
  ) {
    findings.push(
      finding(FindingCode.DestinationNotAllowed, {
        subject: ref,
        location: label,
        detail: { region: destination.region },
        message: `the destination is in region ${destination.region}, not among the allowed regions (${options.allowedDestinationRegions.join(", ")}).`,
        fix: "replicate to an allowed region, or extend allowedDestinationRegions",
      }),
    );
  }
  if (options.requireReplicationTime === true && rule.replicationTimeStatus !== "Enabled") {
    findings.push(
      finding(FindingCode.ReplicationTimeRequired, {
        subject: ref,
        location: label,
        detail: { setting: "destination.replicationTime" },
        message: "the rule does not use Replication Time Control, which this pack's configuration requires.",
        fix: "add replicationTime { status: Enabled, time: { minutes: 15 } } and metrics with a 15-minute threshold",
      }),
    );
  }
  return findings;
}

function isCrossAccount(found: FoundReplication, rule: FoundRule, destination: FoundBucket): boolean {
  const sourceAccount = found.source.account ?? accountOfArn(found.roleArn);
  const destinationAccount = rule.destinationAccount ?? destination.account;
  return sourceAccount !== undefined && destinationAccount !== undefined && sourceAccount !== destinationAccount;
}

function accountOfArn(arn: string | undefined): string | undefined {
  return arn === undefined ? undefined : parseArn(arn)?.account || undefined;
}

/** Finds a key by ARN, alias ARN or id among the keys found. */
export function resolveKey(found: FoundReplication, reference: string | undefined): FoundKey | undefined {
  if (reference === undefined) return undefined;
  const direct = found.keys[reference];
  if (direct) return direct;
  return Object.values(found.keys).find(
    (key) => key.arn !== undefined && (key.arn.endsWith(`/${reference}`) || key.arn === reference),
  );
}

/** Builds the model path for a found rule, or undefined when too little is known. */
function pathFromFound(
  found: FoundReplication,
  rule: FoundRule,
  destination: FoundBucket,
  index: number,
): ReplicationPath | undefined {
  const role = found.role;
  const roleArnValue = role?.arn ?? found.roleArn;
  const roleArnParts = roleArnValue === undefined ? undefined : parseArn(roleArnValue);
  const roleAccount = role?.account ?? (roleArnParts?.account || undefined) ?? found.source.account;
  const sourceName = found.source.name;
  const destinationName = destination.name ?? bucketNameOfArn(rule.destinationBucket);
  if (roleAccount === undefined || sourceName === undefined || destinationName === undefined) return undefined;
  const roleName = role?.name ?? roleArnParts?.resource.split("/").pop();
  if (roleName === undefined) return undefined;
  const rolePath = roleArnParts
    ? `/${roleArnParts.resource.split("/").slice(1, -1).join("/")}${roleArnParts.resource.split("/").length > 2 ? "/" : ""}`
    : "/";
  const roleRef: RoleRef = {
    account: roleAccount,
    partition: found.source.partition ?? roleArnParts?.partition ?? "aws",
    name: roleName,
    path: rolePath,
  };
  const sourceAccount = found.source.account ?? roleAccount;
  const optIn = rule.sseKmsEncryptedObjects === "Enabled";
  const sourceKey = optIn ? keyArnOf(found, found.source.encryption?.keyId) : undefined;
  const sourceAlgorithm = (found.source.encryption?.algorithm ?? Encryption.SseS3) as Encryption;
  const source: BucketEndpoint = {
    account: sourceAccount,
    region: found.source.region ?? regionOfKey(sourceKey) ?? "us-east-1",
    partition: roleRef.partition,
    bucketName: sourceName,
    encryption: sourceKey !== undefined && usesKmsKey(sourceAlgorithm) ? sourceAlgorithm : Encryption.SseS3,
    bucketKeyEnabled: found.source.encryption?.bucketKeyEnabled === true,
    objectLockEnabled: found.source.objectLockEnabled === true,
    ...(sourceKey !== undefined && usesKmsKey(sourceAlgorithm) ? { keyArn: sourceKey } : {}),
  };
  const destinationAccount = rule.destinationAccount ?? destination.account ?? sourceAccount;
  const destinationAlgorithm = destination.encryption?.algorithm as Encryption | undefined;
  const replicaKey = keyArnOf(
    found,
    rule.replicaKmsKeyId ??
      (destinationAlgorithm !== undefined && usesKmsKey(destinationAlgorithm)
        ? destination.encryption?.keyId
        : undefined),
  );
  const destinationEncryption =
    destinationAlgorithm !== undefined && usesKmsKey(destinationAlgorithm)
      ? destinationAlgorithm
      : replicaKey !== undefined
        ? Encryption.SseKms
        : Encryption.SseS3;
  const target: DestinationTopology = {
    name: destinationName,
    ruleId: rule.id ?? `rule-${index}`,
    priority: rule.priority ?? index,
    account: destinationAccount,
    region: destination.region ?? regionOfKey(replicaKey) ?? source.region,
    partition: roleRef.partition,
    bucketName: destinationName,
    encryption: replicaKey !== undefined ? destinationEncryption : Encryption.SseS3,
    bucketKeyEnabled: destination.encryption?.bucketKeyEnabled === true,
    objectLockEnabled: destination.objectLockEnabled === true,
    deleteMarkerReplication: rule.deleteMarkerReplication === "Enabled",
    ownershipOverride: rule.ownerOverride !== undefined,
    replicationTime: rule.replicationTimeStatus === "Enabled",
    metrics: rule.metricsStatus === "Enabled",
    replicaModifications: rule.replicaModifications === "Enabled",
    ...(replicaKey !== undefined ? { keyArn: replicaKey } : {}),
    ...(rule.filterPrefix !== undefined || rule.legacyPrefix !== undefined
      ? { filter: { prefix: rule.filterPrefix ?? rule.legacyPrefix ?? "" } }
      : {}),
  };
  return { id: `rule:${rule.id ?? index}`, source, role: roleRef, destination: target };
}

/** The bucket a malformed destination.bucket most likely means (for the fix): a bare name, or the ARN's first resource segment. */
function bucketNameGuess(value: string): string {
  const parsed = parseArn(value);
  const candidate = parsed
    ? (parsed.resource.split(/[/:]/)[0] ?? "")
    : (value.replace(/^s3:\/\//, "").split("/")[0] ?? "");
  return candidate !== "" && !/[*?]/.test(candidate) ? candidate : "BUCKET";
}

function bucketNameOfArn(arn: string | undefined): string | undefined {
  const parsed = arn === undefined ? undefined : parseArn(arn);
  return parsed?.service === "s3" ? parsed.resource.split("/")[0] : undefined;
}

function keyArnOf(found: FoundReplication, reference: string | undefined): string | undefined {
  if (reference === undefined) return undefined;
  const key = resolveKey(found, reference);
  if (key?.arn !== undefined) return key.arn;
  return parseKeyReference(reference).kind === KeyReferenceKind.KeyArn ? reference : undefined;
}

function regionOfKey(keyArn: string | undefined): string | undefined {
  return keyArn === undefined ? undefined : parseKeyReference(keyArn).region;
}

/** Evaluates the requests and the forbidden requests of a path against the found documents. */
function permissionFindings(
  found: FoundReplication,
  path: ReplicationPath,
  label: string,
  destination: FoundBucket,
  undecided: boolean,
): Finding[] {
  const role = found.role;
  if (role === undefined) return [];
  const identity = readable(role.policies);
  const identityComplete = role.unresolvedPolicyArns.length === 0 && identity.length === role.policies.length;
  const findings: Finding[] = [];
  const { required, forbidden } = pathRequests(path, destination);
  for (const request of required) {
    const resourcePolicy = resourcePolicyFor(found, request);
    if (resourcePolicy === "unknown") {
      // The resource policy is not visible: only the role's own Deny, or (across accounts) its missing Allow, decides.
      if (request.resourcePolicy === ResourcePolicyKind.TrustPolicy || request.principalIsService) continue;
      const own = identityVerdict(request, identity);
      const decisive =
        own.reason === DecisionReason.ExplicitDeny ||
        (!own.allowed && request.principalAccount !== request.resourceAccount);
      if (own.reason === DecisionReason.NoIdentityAllow && !identityComplete) continue;
      if (decisive) findings.push(explainDenial(request, own, identity, undefined, role.ref, label, path));
      else if (undecided && !own.allowed)
        findings.push({
          ...explainDenial(request, own, identity, undefined, role.ref, label, path),
          waitsFor: unknownResourcePolicyRef(found, request),
        });
      continue;
    }
    const decision = evaluateRequest(request, {
      identityPolicies: identity,
      ...(resourcePolicy ? { resourcePolicy } : {}),
    });
    if (decision.allowed || grantCovers(found, request, identity)) continue;
    if (decision.reason === DecisionReason.NoIdentityAllow && !identityComplete) continue;
    findings.push(explainDenial(request, decision, identity, resourcePolicy, role.ref, label, path));
  }
  for (const request of forbidden) {
    if (request.resourcePolicy === ResourcePolicyKind.TrustPolicy) {
      const trust = role.trustPolicy?.document;
      if (trust === undefined) continue;
      const decision = evaluateRequest(request, {
        identityPolicies: [],
        resourcePolicy: { name: role.trustPolicy?.ref ?? role.ref, document: trust },
      });
      if (decision.allowed) {
        // AWS documents a Batch Replication role trusting batchoperations.s3.amazonaws.com; one role
        // trusting both services works ("Configuring IAM policies for Batch Replication",
        // https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-batch-replication-policies.html): least-privilege advice only.
        const batch = request.principal === BATCH_OPERATIONS_SERVICE_PRINCIPAL;
        findings.push(
          finding(FindingCode.TrustAdmitsOthers, {
            subject: role.trustPolicy?.ref ?? role.ref,
            location: statementLabel(decision),
            detail: { principal: request.principal, action: request.action },
            ...(batch ? { severity: Severity.Low, kind: FindingClass.Advice } : {}),
            message: batch
              ? `the trust policy also lets ${request.principal} assume the replication role; AWS documents this for Batch Replication and replication works, but a separate Batch Replication role keeps each role to one service.`
              : `the trust policy lets ${request.principal} assume the replication role, which only s3.amazonaws.com needs.`,
            fix: batch
              ? "optionally give Batch Replication its own role trusting only batchoperations.s3.amazonaws.com"
              : "trust only s3.amazonaws.com (and batchoperations.s3.amazonaws.com for Batch Replication)",
          }),
        );
      }
      continue;
    }
    if (request.grantedByAwsExamples === true) continue;
    const sameAccount = {
      ...request,
      resourceAccount: request.principalAccount,
      resourcePolicy: ResourcePolicyKind.BucketPolicy,
    };
    const decision = evaluateRequest(sameAccount, { identityPolicies: identity });
    if (decision.allowed) {
      const ref = decision.allowedBy[0];
      findings.push(
        finding(FindingCode.RoleExcessPermission, {
          subject: ref?.policy ?? role.ref,
          location: statementLabel(decision),
          path: label,
          detail: { action: request.action, resource: request.resource, ...contextDetail(request) },
          message: `the replication role may ${request.action} on ${grantPattern(request.resource)}${describeContext(request)}: ${request.purpose}.`,
          fix: "narrow the statement to the replication actions, the named buckets and the S3 KMS conditions",
        }),
      );
    }
  }
  return findings;
}

/**
 * The requests of a path and the forbidden ones. When the destination's default encryption is not
 * visible (an existing bucket with no SSE resource in the stack), whether it uses a Bucket Key is
 * unknown: only what holds either way is required or forbidden (a Bucket-Key SOURCE still makes
 * kms:Decrypt with the replica key required: replicas keep the source object's Bucket Key).
 */
function pathRequests(
  path: ReplicationPath,
  destination: FoundBucket,
): { required: ReplicationRequest[]; forbidden: ReplicationRequest[] } {
  if (destination.encryptionUnknown !== true || path.destination.keyArn === undefined) {
    return { required: replicationRequests(path), forbidden: forbiddenRequests(path) };
  }
  const variants = [false, true].map((bucketKeyEnabled) => ({
    ...path,
    destination: { ...path.destination, encryption: Encryption.SseKms, bucketKeyEnabled },
  }));
  const both = (make: (candidate: ReplicationPath) => ReplicationRequest[]): ReplicationRequest[] => {
    const [off, on] = variants.map(make);
    const onIds = new Set((on ?? []).map((request) => request.id));
    return (off ?? []).filter((request) => onIds.has(request.id));
  };
  return { required: both(replicationRequests), forbidden: both(forbiddenRequests) };
}

function readable(policies: FoundPolicy[]): NamedPolicy[] {
  return policies.flatMap((policy) => (policy.document ? [{ name: policy.ref, document: policy.document }] : []));
}

/** How a finding names the resource policy of a request whose text is unknown. */
function unknownResourcePolicyRef(found: FoundReplication, request: ReplicationRequest): string {
  switch (request.resourcePolicy) {
    case ResourcePolicyKind.KeyPolicy: {
      const key = resolveKey(found, request.resource);
      return key?.policy?.ref ?? `the key policy of ${key?.ref ?? request.resource}`;
    }
    case ResourcePolicyKind.BucketPolicy: {
      const bucketName = bucketNameOfArn(request.resource);
      const bucket =
        bucketName === found.source.name
          ? found.source
          : Object.values(found.destinations).find((candidate) => candidate.name === bucketName);
      return bucket?.policy?.ref ?? `the bucket policy of ${bucket?.ref ?? request.resource}`;
    }
    default:
      return found.role?.trustPolicy?.ref ?? `the trust policy of ${found.role?.ref ?? "the role"}`;
  }
}

function resourcePolicyFor(found: FoundReplication, request: ReplicationRequest): NamedPolicy | undefined | "unknown" {
  const toNamed = (policy: FoundPolicy | undefined): NamedPolicy | undefined | "unknown" => {
    if (policy === undefined) return undefined;
    return policy.document ? { name: policy.ref, document: policy.document } : "unknown";
  };
  switch (request.resourcePolicy) {
    case ResourcePolicyKind.TrustPolicy:
      return found.role?.trustPolicy ? toNamed(found.role.trustPolicy) : "unknown";
    case ResourcePolicyKind.KeyPolicy: {
      const key = resolveKey(found, request.resource);
      if (key?.policy === undefined) return "unknown";
      return toNamed(key.policy);
    }
    case ResourcePolicyKind.BucketPolicy: {
      const bucketName = bucketNameOfArn(request.resource);
      const bucket =
        bucketName === found.source.name
          ? found.source
          : Object.values(found.destinations).find((candidate) => candidate.name === bucketName);
      if (bucket?.policy === undefined && bucket?.policyUnknown === true) return "unknown";
      return toNamed(bucket?.policy);
    }
  }
  return undefined;
}

const GRANT_OPERATION = (action: string): string => action.replace(/^kms:/, "");

function grantCovers(found: FoundReplication, request: ReplicationRequest, identity: NamedPolicy[]): boolean {
  return coveringGrant(found, request, identity) !== undefined;
}

/** The KMS grant that lets the role make this request (across accounts only with the role's own policy allowing it too). */
function coveringGrant(
  found: FoundReplication,
  request: ReplicationRequest,
  identity: NamedPolicy[],
): FoundGrant | undefined {
  if (request.resourcePolicy !== ResourcePolicyKind.KeyPolicy) return undefined;
  const key = resolveKey(found, request.resource);
  const grant = key?.grants.find(
    (candidate) =>
      candidate.granteePrincipal === request.principal &&
      candidate.operations.includes(GRANT_OPERATION(request.action)),
  );
  if (grant === undefined) return undefined;
  if (request.principalAccount === request.resourceAccount) return grant;
  return identity.some((policy) =>
    policy.document.Statement.some((statement) => statement.Effect === "Allow" && statementMatches(statement, request)),
  )
    ? grant
    : undefined;
}

/** The verdict of the role's own policies alone (as if no resource policy had a say). */
function identityVerdict(request: ReplicationRequest, identity: NamedPolicy[]): Decision {
  return evaluateRequest(
    { ...request, resourceAccount: request.principalAccount, resourcePolicy: ResourcePolicyKind.BucketPolicy },
    { identityPolicies: identity },
  );
}

/**
 * The proof's verdict on one request, or undefined when it cannot be judged. A required KMS
 * request the key policy does not admit is allowed by a grant that covers it. When the resource
 * policy is outside the stack (an existing bucket's policy, an existing key's policy) only what
 * that policy cannot change is decided: a Deny in the role's own policies; across accounts, a
 * request the role's policies do not allow; a required request a grant covers; in one account, a
 * bucket request the role's policies allow (a bucket policy is not needed there).
 */
function proofDecision(
  found: FoundReplication,
  request: ReplicationRequest,
  identity: NamedPolicy[],
  required: boolean,
): Decision | undefined {
  const grantRef = (grant: FoundGrant): StatementRef => ({
    policy: grant.ref,
    index: 0,
    sid: `grant of ${grant.operations.join(", ")}`,
  });
  const resourcePolicy = resourcePolicyFor(found, request);
  if (resourcePolicy !== "unknown") {
    const decision = evaluateRequest(request, {
      identityPolicies: identity,
      ...(resourcePolicy ? { resourcePolicy } : {}),
    });
    if (decision.allowed || !required || decision.reason === DecisionReason.ExplicitDeny) return decision;
    const grant = coveringGrant(found, request, identity);
    if (grant === undefined) return decision;
    const own = identityVerdict(request, identity);
    return { allowed: true, reason: DecisionReason.Allowed, allowedBy: [...own.allowedBy, grantRef(grant)] };
  }
  if (request.resourcePolicy === ResourcePolicyKind.TrustPolicy || request.principalIsService) return undefined;
  const own = identityVerdict(request, identity);
  if (own.reason === DecisionReason.ExplicitDeny) return own;
  const sameAccount = request.principalAccount === request.resourceAccount;
  if (!own.allowed) return sameAccount ? undefined : own;
  const grant = required ? coveringGrant(found, request, identity) : undefined;
  if (grant !== undefined)
    return { allowed: true, reason: DecisionReason.Allowed, allowedBy: [...own.allowedBy, grantRef(grant)] };
  return sameAccount && request.resourcePolicy === ResourcePolicyKind.BucketPolicy ? own : undefined;
}

function statementLabel(decision: Decision): string | undefined {
  const ref = decision.deniedBy ?? decision.allowedBy[0];
  if (!ref) return undefined;
  return ref.sid ? `statement "${ref.sid}"` : `statement ${ref.index}`;
}

function contextDetail(request: ReplicationRequest): Record<string, string> {
  return Object.keys(request.context).length > 0 ? { context: JSON.stringify(request.context) } : {};
}

function describeContext(request: ReplicationRequest): string {
  const via = request.context["kms:ViaService"];
  const context = request.context["kms:EncryptionContext:aws:s3:arn"];
  if (via === undefined && context === undefined)
    return request.resource.includes(":kms:") ? " (called directly, not through S3)" : "";
  return ` (kms:ViaService=${via ?? "none"}, kms:EncryptionContext:aws:s3:arn=${context ?? "none"})`;
}

/** Names the document, statement and exact missing piece behind a denied request. */
function explainDenial(
  request: ReplicationRequest,
  decision: Decision,
  identity: NamedPolicy[],
  resourcePolicy: NamedPolicy | undefined,
  roleRef: string,
  label: string,
  path: ReplicationPath,
): Finding {
  const detail = {
    action: request.action,
    resource: request.resource,
    principal: request.principal,
    ...contextDetail(request),
  };
  const base = { path: label, detail };
  const needs = `${request.action} on ${request.resource}${describeContext(request)}`;
  const bucketKeyContext =
    request.context["kms:EncryptionContext:aws:s3:arn"] !== undefined &&
    !request.context["kms:EncryptionContext:aws:s3:arn"].includes(
      "/",
      request.context["kms:EncryptionContext:aws:s3:arn"].indexOf(":::") + 3,
    );
  if (decision.reason === DecisionReason.ExplicitDeny) {
    return finding(FindingCode.ExplicitDeny, {
      ...base,
      subject: decision.deniedBy?.policy ?? roleRef,
      location: statementLabel(decision) ?? "",
      message: `a Deny statement blocks ${needs}, which replication needs; S3 reports ${failureReasonOf(request, path)}.`,
      fix: "exclude the replication role (aws:PrincipalArn) from the Deny, or narrow it",
    });
  }
  if (request.resourcePolicy === ResourcePolicyKind.TrustPolicy) {
    const conditioned = resourcePolicy?.document.Statement.some(
      (statement) => statement.Effect === "Allow" && hasConditionKey(statement.Condition, SOURCE_CONDITION_KEYS),
    );
    if (conditioned && Object.keys(request.context).length === 0) {
      return finding(FindingCode.TrustUnverifiedCondition, {
        ...base,
        subject: resourcePolicy?.name ?? roleRef,
        message:
          "the trust policy admits s3.amazonaws.com only with aws:SourceAccount/aws:SourceArn, which S3 is not documented to send when it assumes a replication role.",
        fix: "remove the condition from the trust policy (or verify S3 sends it in your account first)",
      });
    }
    return finding(FindingCode.TrustDeniesS3, {
      ...base,
      subject: resourcePolicy?.name ?? roleRef,
      message: "the trust policy does not let s3.amazonaws.com call sts:AssumeRole (AssumeRoleNotPermitted).",
      fix: 'add { Effect: Allow, Principal: { Service: "s3.amazonaws.com" }, Action: "sts:AssumeRole" }',
    });
  }
  const isKms = request.resourcePolicy === ResourcePolicyKind.KeyPolicy;
  const bucketKeyDecrypt = isKms && request.action === "kms:Decrypt" && request.resource === path.destination.keyArn;
  const bucketKeyWhy =
    bucketKeyOn(path.source) && replicatesKmsObjects(path)
      ? `the source writes objects with a Bucket Key and their replicas keep it${bucketKeyOn(path.destination) ? " (the destination uses one too)" : ", even though the destination's default has Bucket Keys off"}`
      : "the destination writes replicas with a Bucket Key";
  if (decision.reason === DecisionReason.NoIdentityAllow) {
    const subject = identity[0]?.name ?? roleRef;
    if (
      request.action === "s3:GetObjectVersionForReplication" &&
      identity.some((policy) => anyStatementMatches(policy, { ...request, action: "s3:GetObjectVersion" }))
    ) {
      return finding(FindingCode.GetObjectVersionInsteadOfReplication, {
        ...base,
        subject,
        message:
          "the role grants s3:GetObjectVersion but not s3:GetObjectVersionForReplication, the action S3 uses to read the object version it replicates; without it S3 cannot read source objects (SrcGetObjectNotPermitted).",
        fix: "replace s3:GetObjectVersion with s3:GetObjectVersionForReplication on the source objects",
      });
    }
    if (
      isKms &&
      identity.some((policy) => anyStatementMatches(policy, request, ["kms:encryptioncontext:aws:s3:arn"]))
    ) {
      return finding(FindingCode.KmsContextMismatch, {
        ...base,
        subject,
        message: `the role's ${request.action} statement (S3 reports ${failureReasonOf(request, path)}) does not admit encryption context ${request.context["kms:EncryptionContext:aws:s3:arn"] ?? ""}${bucketKeyContext ? ", the bucket ARN S3 uses when a Bucket Key is on" : ", the object ARN S3 uses without a Bucket Key"}.`,
        fix: `add ${request.context["kms:EncryptionContext:aws:s3:arn"] ?? ""} to kms:EncryptionContext:aws:s3:arn (${bucketKeyContext ? "the bucket ARN, for objects written with a Bucket Key" : "BUCKET/*, for objects written without a Bucket Key"})`,
      });
    }
    if (bucketKeyDecrypt) {
      return finding(FindingCode.BucketKeyDecryptMissing, {
        ...base,
        subject,
        message: `${bucketKeyWhy}, so S3 needs kms:Decrypt with the replica key, which the role may not use; every such replica fails with DstPutObjectNotPermitted.`,
        fix: "add kms:Decrypt to the role's replica key statement (with the same S3 conditions)",
      });
    }
    return finding(FindingCode.RoleMissingPermission, {
      ...base,
      subject,
      message: `the replication role may not ${needs}: ${request.purpose}; S3 reports ${failureReasonOf(request, path)}.`,
      fix: `grant ${request.action} on ${grantPattern(request.resource)} in the role's policy`,
    });
  }
  // The resource policy does not admit the role.
  if (isKms) {
    const subject = resourcePolicy?.name ?? request.resource;
    const namesRole =
      resourcePolicy?.document.Statement.filter(
        (statement) => statement.Effect === "Allow" && principalNames(statement, request.principal),
      ) ?? [];
    if (namesRole.some((statement) => hasConditionKey(statement.Condition, SOURCE_CONDITION_KEYS))) {
      return finding(FindingCode.KeyPolicySourceCondition, {
        ...base,
        subject,
        message:
          "the key policy statement for the replication role is conditioned on aws:SourceArn/aws:SourceAccount, which are absent when S3 calls KMS with the role's credentials.",
        fix: "replace those conditions with kms:ViaService and kms:EncryptionContext:aws:s3:arn",
      });
    }
    if (
      namesRole.some((statement) =>
        statementMatches(
          { ...statement, Condition: stripKeys(statement.Condition, ["kms:encryptioncontext:aws:s3:arn"]) },
          request,
        ),
      )
    ) {
      return finding(FindingCode.KmsContextMismatch, {
        ...base,
        subject,
        message: `the key policy statement for the role does not admit encryption context ${request.context["kms:EncryptionContext:aws:s3:arn"] ?? ""}; S3 reports ${failureReasonOf(request, path)}.`,
        fix: `add ${request.context["kms:EncryptionContext:aws:s3:arn"] ?? ""} to kms:EncryptionContext:aws:s3:arn (${bucketKeyContext ? "the bucket ARN, for objects written with a Bucket Key" : "BUCKET/*, for objects written without a Bucket Key"})`,
      });
    }
    if (bucketKeyDecrypt) {
      return finding(FindingCode.BucketKeyDecryptMissing, {
        ...base,
        subject,
        message: `${bucketKeyWhy}, so S3 needs kms:Decrypt with the replica key, which its key policy does not let the role use; every such replica fails with DstPutObjectNotPermitted.`,
        fix: "add kms:Decrypt to the key policy statement for the replication role",
      });
    }
    const others = otherPrincipals(resourcePolicy, request.principal);
    return finding(FindingCode.KeyPolicyMissingRole, {
      ...base,
      subject,
      message: `the key policy does not let ${request.principal} ${needs}${others}; S3 reports ${failureReasonOf(request, path)}.`,
      fix: `add a key policy statement with Principal ${request.principal} allowing ${request.action} with the S3 conditions`,
    });
  }
  const others = otherPrincipals(resourcePolicy, request.principal);
  return finding(FindingCode.DestinationBucketPolicyMissing, {
    ...base,
    subject: resourcePolicy?.name ?? `bucket ${bucketNameOfArn(request.resource) ?? request.resource}`,
    message: `the bucket policy does not let ${request.principal} ${needs}${others}; S3 reports ${failureReasonOf(request, path)}.`,
    fix: `add a bucket policy statement with Principal ${request.principal} allowing ${request.action} on ${grantPattern(request.resource)}`,
  });
}

/**
 * The failure reason S3 reports when this request is denied ("Amazon S3 replication failure
 * reasons", https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-failure-codes.html).
 */
function failureReasonOf(request: ReplicationRequest, path: ReplicationPath): string {
  if (request.action === "sts:AssumeRole") return "AssumeRoleNotPermitted";
  if (request.action === "s3:GetObjectVersionAcl") return "SrcGetAclNotPermitted";
  if (request.action === "s3:GetObjectVersionTagging")
    return "SrcGetTaggingNotPermitted (the object replicates without its tags)";
  if (request.action === "s3:GetObjectRetention") return "SrcGetRetentionNotPermitted";
  if (request.action === "s3:GetObjectLegalHold") return "SrcGetLegalHoldNotPermitted";
  if (request.action === "s3:ReplicateDelete") return "DstDelObjNotPermitted";
  if (request.action === "s3:GetReplicationConfiguration" || request.action === "s3:ListBucket")
    return "a replication failure for every object (the role cannot read the source bucket)";
  const sourceSide =
    request.resource === path.source.keyArn || bucketNameOfArn(request.resource) === path.source.bucketName;
  return sourceSide ? "SrcGetObjectNotPermitted" : "DstPutObjectNotPermitted";
}

/** The resource a statement should name to cover a request: the bucket's objects for an object ARN, else the ARN itself. */
function grantPattern(resource: string): string {
  const parsed = parseArn(resource);
  if (parsed?.service !== "s3" || !parsed.resource.includes("/")) return resource;
  return `arn:${parsed.partition}:s3:::${parsed.resource.split("/")[0] ?? ""}/*`;
}

function anyStatementMatches(policy: NamedPolicy, request: ReplicationRequest, ignoreKeys: string[] = []): boolean {
  return policy.document.Statement.some(
    (statement) =>
      statement.Effect === "Allow" &&
      statementMatches(
        { ...statement, ...(statement.Condition ? { Condition: stripKeys(statement.Condition, ignoreKeys) } : {}) },
        request,
      ),
  );
}

function stripKeys(
  condition: Record<string, Record<string, unknown>> | undefined,
  keys: string[],
): Record<string, Record<string, string | string[] | boolean>> {
  const result: Record<string, Record<string, string | string[] | boolean>> = {};
  for (const [operator, block] of Object.entries(condition ?? {})) {
    const kept = Object.entries(block ?? {}).filter(([key]) => !keys.includes(key.toLowerCase()));
    if (kept.length > 0) result[operator] = Object.fromEntries(kept) as Record<string, string | string[] | boolean>;
  }
  return result;
}

function hasConditionKey(condition: Record<string, Record<string, unknown>> | undefined, keys: string[]): boolean {
  return Object.values(condition ?? {}).some((block) =>
    Object.keys(block ?? {}).some((key) => keys.includes(key.toLowerCase())),
  );
}

function principalNames(statement: { Principal?: unknown }, principal: string): boolean {
  const value = statement.Principal;
  if (value === "*") return true;
  if (typeof value !== "object" || value === null) return false;
  const account = parseArn(principal)?.account;
  return asList((value as { AWS?: string | string[] }).AWS).some(
    (entry) =>
      entry === principal ||
      entry === "*" ||
      (account !== undefined && (entry === account || entry === `arn:aws:iam::${account}:root`)),
  );
}

function otherPrincipals(policy: NamedPolicy | undefined, principal: string): string {
  const named = new Set<string>();
  for (const statement of policy?.document.Statement ?? []) {
    if (statement.Effect !== "Allow" || statement.Principal === undefined || statement.Principal === "*") continue;
    for (const entry of asList(statement.Principal.AWS)) if (entry !== principal) named.add(entry);
  }
  return named.size > 0 ? ` (it names only ${[...named].join(", ")})` : " (no statement names it)";
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((item) => {
    const key = `${item.code}|${item.subject}|${item.location ?? ""}|${item.path ?? ""}|${item.detail["action"] ?? ""}|${item.detail["setting"] ?? ""}|${item.detail["resource"] ?? ""}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** One request of a path and the verdict the found documents give it. */
export interface ProvenRequest {
  /** The request. */
  request: ReplicationRequest;
  /** The verdict, with the statements that allow it; undefined when a document it needs is unknown or not in the stack. */
  decision?: Decision;
}

/** The permission proof of one rule of a found configuration. */
export interface PathProof {
  /** `source -> destination`. */
  label: string;
  /** The model path the rule was read as. */
  path: ReplicationPath;
  /** Every request S3 makes, with its verdict. */
  required: ProvenRequest[];
  /** Every forbidden request, with its verdict. */
  forbidden: ProvenRequest[];
}

/**
 * The permission proof of a found configuration, rule by rule: each request S3 makes and each
 * forbidden request, judged on the found documents, with the statements that decide it.
 * Rules too little is known about (preview, resources outside the stack) are left out.
 */
export function replicationProof(found: FoundReplication): PathProof[] {
  const role = found.role;
  if (role === undefined) return [];
  const identity = readable(role.policies);
  const judge = (request: ReplicationRequest, required: boolean): ProvenRequest => {
    const decision = proofDecision(found, request, identity, required);
    return decision === undefined ? { request } : { request, decision };
  };
  const proofs: PathProof[] = [];
  found.rules.forEach((rule, index) => {
    const destination = rule.destinationBucket === undefined ? undefined : found.destinations[rule.destinationBucket];
    if (destination === undefined || rule.status === "Disabled") return;
    const path = pathFromFound(found, rule, destination, index);
    if (path === undefined) return;
    const requests = pathRequests(path, destination);
    proofs.push({
      label: `${found.source.name ?? found.source.ref} -> ${destination.name ?? destination.ref}`,
      path,
      required: requests.required.map((request) => judge(request, true)),
      forbidden: requests.forbidden.map((request) => judge(request, false)),
    });
  });
  return proofs;
}
