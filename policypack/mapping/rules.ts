/**
 * Replication rules in every shape a stack holds them, read into the core model's FoundRule:
 * BucketReplicationConfig `rules`, the legacy aws.s3.Bucket inline `replicationConfiguration`
 * and the deprecated aws.s3.BucketV2 inline `replicationConfigurations`.
 */

import { FoundRule } from "s3-replication/components/model";
import { Accessor } from "./accessor";
import { Plain, isUnknown } from "./values";

/** The accessor of the first of some alternative keys that is present (singular, or the plural list BucketV2 uses inline). */
function either(value: Accessor, singular: string, plural: string): Accessor {
  return value.at(value.raw(singular) === undefined && value.raw(plural) !== undefined ? plural : singular);
}

/** An accessor of a rule given as a plain value (read leniently) or already as an accessor. */
function accessorOf(rule: Plain | Accessor): Accessor {
  return rule instanceof Accessor ? rule : new Accessor(rule);
}

/**
 * A rule's destination block: `destination` (BucketReplicationConfig, legacy `aws.s3.Bucket`
 * inline) or `destinations` (the deprecated `aws.s3.BucketV2` inline `replicationConfigurations`,
 * whose nested blocks are one-element lists).
 */
export function ruleDestination(rule: Plain | Accessor): Accessor {
  return either(accessorOf(rule), "destination", "destinations");
}

/** The replica key value of a rule, in any of the shapes (V2 `encryptionConfiguration`, legacy `replicaKmsKeyId`). */
export function ruleReplicaKey(rule: Plain | Accessor): Plain {
  const destination = ruleDestination(rule);
  if (isUnknown(destination.root)) return destination.root;
  const nested = destination.raw("encryptionConfiguration", "replicaKmsKeyId");
  return nested !== undefined ? nested : destination.raw("replicaKmsKeyId");
}

/** The tags of a rule's filter (`and.tags`, `tags`, or the single `tag`). */
function filterTags(filter: Accessor | undefined): Record<string, string> {
  const tags: Record<string, string> = {};
  if (filter === undefined) return tags;
  const block = filter.record("and", "tags") !== undefined ? filter.at("and", "tags") : filter.at("tags");
  for (const key of Object.keys(block.record() ?? {})) {
    const value = block.text(key);
    if (value !== undefined) tags[key] = value;
  }
  const tagKey = filter.text("tag", "key");
  if (tagKey !== undefined) tags[tagKey] = filter.text("tag", "value") ?? "";
  return tags;
}

/** The SSE-KMS opt-in of a rule: `status` (V2), or the legacy boolean `enabled`. */
function sseKmsOptIn(criteria: Accessor): string | undefined {
  const status = criteria.text("sseKmsEncryptedObjects", "status");
  if (status !== undefined) return status;
  const legacy = criteria.flag("sseKmsEncryptedObjects", "enabled");
  return legacy === undefined ? undefined : legacy ? "Enabled" : "Disabled";
}

/** Sets a field of a rule when its value is known (the fields are set in reading order). */
function setDefined<K extends keyof FoundRule>(found: FoundRule, key: K, value: FoundRule[K] | undefined): void {
  if (value !== undefined) found[key] = value;
}

/** The destination's RTC and metrics settings. */
function readTimeControl(found: FoundRule, destination: Accessor): void {
  const rtc = either(destination, "replicationTime", "replicationTimes");
  setDefined(found, "replicationTimeStatus", rtc.text("status"));
  setDefined(found, "replicationTimeMinutes", rtc.count("time", "minutes") ?? rtc.count("minutes"));
  setDefined(found, "metricsStatus", destination.text("metrics", "status"));
  setDefined(
    found,
    "metricsEventThresholdMinutes",
    destination.count("metrics", "eventThreshold", "minutes") ?? destination.count("metrics", "minutes"),
  );
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
export function foundRule(value: Plain | Accessor): FoundRule {
  const rule = accessorOf(value);
  const filterBlock = either(rule, "filter", "filters");
  const filter = filterBlock.record() !== undefined ? filterBlock : undefined;
  const destination = ruleDestination(rule);
  const criteria = either(rule, "sourceSelectionCriteria", "sourceSelectionCriterias");
  const translation = either(destination, "accessControlTranslation", "accessControlTranslations");
  const nestedKey = destination.raw("encryptionConfiguration", "replicaKmsKeyId") !== undefined;
  const replicaKey = nestedKey
    ? destination.text("encryptionConfiguration", "replicaKmsKeyId")
    : destination.text("replicaKmsKeyId");
  // Each value read and set in turn, in this order (the order of the rule's fields and of any records).
  const found: FoundRule = { hasFilter: filter !== undefined };
  setDefined(found, "id", rule.text("id"));
  setDefined(found, "status", rule.text("status"));
  setDefined(found, "priority", rule.count("priority"));
  setDefined(found, "legacyPrefix", filter ? undefined : rule.text("prefix"));
  setDefined(found, "filterPrefix", filter?.text("prefix") ?? filter?.text("and", "prefix"));
  setDefined(
    found,
    "deleteMarkerReplication",
    rule.text("deleteMarkerReplication", "status") ?? rule.text("deleteMarkerReplicationStatus"),
  );
  setDefined(found, "sseKmsEncryptedObjects", sseKmsOptIn(criteria));
  setDefined(found, "replicaModifications", criteria.text("replicaModifications", "status"));
  setDefined(found, "destinationBucket", destination.requiredText("bucket"));
  setDefined(found, "destinationAccount", destination.text("account") ?? destination.text("accountId"));
  setDefined(found, "storageClass", destination.text("storageClass"));
  setDefined(found, "replicaKmsKeyId", replicaKey);
  setDefined(found, "ownerOverride", translation.text("owner"));
  readTimeControl(found, destination);
  const tags = filterTags(filter);
  if (Object.keys(tags).length > 0) found.filterTags = tags;
  return found;
}
