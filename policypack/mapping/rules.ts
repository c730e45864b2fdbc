/**
 * Replication rules in every shape a stack holds them, read into the core model's FoundRule:
 * BucketReplicationConfig `rules`, the legacy aws.s3.Bucket inline `replicationConfiguration`
 * and the deprecated aws.s3.BucketV2 inline `replicationConfigurations`.
 */

import { FoundRule } from "s3-replication/components/model";
import { Plain, at, bool, isUnknown, num, obj, str } from "./values";

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
