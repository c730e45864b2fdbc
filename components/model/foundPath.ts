/**
 * Reading a found configuration as model paths: which key a reference names, which bucket an ARN
 * names, and the `ReplicationPath` (source, role, destination) one found rule describes.
 */

import { KeyReferenceKind, parseArn, parseKeyReference } from "./arn";
import { NamedPolicy } from "./evaluate";
import { FoundBucket, FoundKey, FoundPolicy, FoundReplication, FoundRule } from "./found";
import { BucketEndpoint, DestinationTopology, Encryption, ReplicationPath, RoleRef, usesKmsKey } from "./topology";

/** Finds a key by ARN, alias ARN or id among the keys found. */
export function resolveKey(found: FoundReplication, reference: string | undefined): FoundKey | undefined {
  if (reference === undefined) return undefined;
  const direct = found.keys[reference];
  if (direct) return direct;
  return Object.values(found.keys).find(
    (key) => key.arn !== undefined && (key.arn.endsWith(`/${reference}`) || key.arn === reference),
  );
}

/**
 * The bucket name of an S3 ARN, or undefined for anything else: the resource part of
 * `arn:partition:s3:region:account:resource` (as `parseArn` reads it, colons in the resource kept)
 * up to its first `/`. Read in place rather than parsed: the analysis asks it of every object ARN
 * of every path, each seen once.
 */
export function bucketNameOfArn(arn: string | undefined): string | undefined {
  if (typeof arn !== "string" || !arn.startsWith("arn:")) return undefined;
  const partitionEnd = arn.indexOf(":", 4);
  const serviceEnd = partitionEnd < 0 ? -1 : arn.indexOf(":", partitionEnd + 1);
  const regionEnd = serviceEnd < 0 ? -1 : arn.indexOf(":", serviceEnd + 1);
  const accountEnd = regionEnd < 0 ? -1 : arn.indexOf(":", regionEnd + 1);
  if (accountEnd < 0 || arn.slice(partitionEnd + 1, serviceEnd) !== "s3") return undefined;
  const slash = arn.indexOf("/", accountEnd + 1);
  return slash < 0 ? arn.slice(accountEnd + 1) : arn.slice(accountEnd + 1, slash);
}

/** The account of an ARN, or undefined when it names none. */
export function accountOfArn(arn: string | undefined): string | undefined {
  return arn === undefined ? undefined : parseArn(arn)?.account || undefined;
}

/** Whether a rule replicates into another account than the source's (or the role's). */
export function isCrossAccount(found: FoundReplication, rule: FoundRule, destination: FoundBucket): boolean {
  const sourceAccount = found.source.account ?? accountOfArn(found.roleArn);
  const destinationAccount = rule.destinationAccount ?? destination.account;
  return sourceAccount !== undefined && destinationAccount !== undefined && sourceAccount !== destinationAccount;
}

/** The found policies whose text is known, as the evaluator takes them. */
export function readable(policies: FoundPolicy[]): NamedPolicy[] {
  return policies.flatMap((policy) => (policy.document ? [{ name: policy.ref, document: policy.document }] : []));
}

/** The bucket a finding's request names: the source, one of the destinations, or none found. */
export function bucketOfArn(found: FoundReplication, arn: string): FoundBucket | undefined {
  const bucketName = bucketNameOfArn(arn);
  return bucketName === found.source.name
    ? found.source
    : Object.values(found.destinations).find((candidate) => candidate.name === bucketName);
}

/** Builds the model path for a found rule, or undefined when too little is known. */
export function pathFromFound(
  found: FoundReplication,
  rule: FoundRule,
  destination: FoundBucket,
  index: number,
): ReplicationPath | undefined {
  const role = roleRefOf(found);
  const destinationName = destination.name ?? bucketNameOfArn(rule.destinationBucket);
  if (role === undefined || destinationName === undefined) return undefined;
  const source = sourceEndpoint(found, rule, role);
  if (source === undefined) return undefined;
  return {
    id: `rule:${rule.id ?? index}`,
    source,
    role,
    destination: destinationTopology(found, rule, destination, index, destinationName, source),
  };
}

/** The replication role as the model names it, from the role found or the configuration's role ARN. */
function roleRefOf(found: FoundReplication): RoleRef | undefined {
  const role = found.role;
  const roleArnValue = role?.arn ?? found.roleArn;
  const roleArnParts = roleArnValue === undefined ? undefined : parseArn(roleArnValue);
  const roleAccount = role?.account ?? (roleArnParts?.account || undefined) ?? found.source.account;
  if (roleAccount === undefined || found.source.name === undefined) return undefined;
  const roleName = role?.name ?? roleArnParts?.resource.split("/").pop();
  if (roleName === undefined) return undefined;
  const rolePath = roleArnParts
    ? `/${roleArnParts.resource.split("/").slice(1, -1).join("/")}${roleArnParts.resource.split("/").length > 2 ? "/" : ""}`
    : "/";
  return {
    account: roleAccount,
    partition: found.source.partition ?? roleArnParts?.partition ?? "aws",
    name: roleName,
    path: rolePath,
  };
}

/** The source endpoint of a rule: its key only when the rule opts in to SSE-KMS objects. */
function sourceEndpoint(found: FoundReplication, rule: FoundRule, role: RoleRef): BucketEndpoint | undefined {
  const sourceName = found.source.name;
  if (sourceName === undefined) return undefined;
  const optIn = rule.sseKmsEncryptedObjects === "Enabled";
  const sourceKey = optIn ? keyArnOf(found, found.source.encryption?.keyId) : undefined;
  const sourceAlgorithm = (found.source.encryption?.algorithm ?? Encryption.SseS3) as Encryption;
  const kms = sourceKey !== undefined && usesKmsKey(sourceAlgorithm);
  return {
    account: found.source.account ?? role.account,
    region: found.source.region ?? regionOfKey(sourceKey) ?? "us-east-1",
    partition: role.partition,
    bucketName: sourceName,
    encryption: kms ? sourceAlgorithm : Encryption.SseS3,
    bucketKeyEnabled: found.source.encryption?.bucketKeyEnabled === true,
    objectLockEnabled: found.source.objectLockEnabled === true,
    ...(kms ? { keyArn: sourceKey } : {}),
  };
}

/** The destination of a rule: its replica key from the rule, else from the destination's KMS default. */
function destinationTopology(
  found: FoundReplication,
  rule: FoundRule,
  destination: FoundBucket,
  index: number,
  destinationName: string,
  source: BucketEndpoint,
): DestinationTopology {
  const destinationAlgorithm = destination.encryption?.algorithm as Encryption | undefined;
  const kmsDefault = destinationAlgorithm !== undefined && usesKmsKey(destinationAlgorithm);
  const replicaKey = keyArnOf(found, rule.replicaKmsKeyId ?? (kmsDefault ? destination.encryption?.keyId : undefined));
  const destinationEncryption = kmsDefault
    ? destinationAlgorithm
    : replicaKey !== undefined
      ? Encryption.SseKms
      : Encryption.SseS3;
  return {
    name: destinationName,
    ruleId: rule.id ?? `rule-${index}`,
    priority: rule.priority ?? index,
    account: rule.destinationAccount ?? destination.account ?? source.account,
    region: destination.region ?? regionOfKey(replicaKey) ?? source.region,
    partition: source.partition,
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
}

/** The key ARN a reference names: the found key's ARN, else the reference when it is a key ARN. */
function keyArnOf(found: FoundReplication, reference: string | undefined): string | undefined {
  if (reference === undefined) return undefined;
  const key = resolveKey(found, reference);
  if (key?.arn !== undefined) return key.arn;
  return parseKeyReference(reference).kind === KeyReferenceKind.KeyArn ? reference : undefined;
}

function regionOfKey(keyArn: string | undefined): string | undefined {
  return keyArn === undefined ? undefined : parseKeyReference(keyArn).region;
}
