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

/** The destination's RTC and metrics settings. */
function timeControl(destination: Accessor): Array<[keyof FoundRule, string | number | undefined]> {
  const rtc = either(destination, "replicationTime", "replicationTimes");
  return [
    ["replicationTimeStatus", rtc.text("status")],
    ["replicationTimeMinutes", rtc.count("time", "minutes") ?? rtc.count("minutes")],
    ["metricsStatus", destination.text("metrics", "status")],
    [
      "metricsEventThresholdMinutes",
      destination.count("metrics", "eventThreshold", "minutes") ?? destination.count("metrics", "minutes"),
    ],
  ];
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
  const fields: Array<[keyof FoundRule, string | number | undefined]> = [
    ["id", rule.text("id")],
    ["status", rule.text("status")],
    ["priority", rule.count("priority")],
    ["legacyPrefix", filter ? undefined : rule.text("prefix")],
    ["filterPrefix", filter?.text("prefix") ?? filter?.text("and", "prefix")],
    [
      "deleteMarkerReplication",
      rule.text("deleteMarkerReplication", "status") ?? rule.text("deleteMarkerReplicationStatus"),
    ],
    ["sseKmsEncryptedObjects", sseKmsOptIn(criteria)],
    ["replicaModifications", criteria.text("replicaModifications", "status")],
    ["destinationBucket", destination.requiredText("bucket")],
    ["destinationAccount", destination.text("account") ?? destination.text("accountId")],
    ["storageClass", destination.text("storageClass")],
    ["replicaKmsKeyId", replicaKey],
    ["ownerOverride", translation.text("owner")],
    ...timeControl(destination),
  ];
  const found: FoundRule = { hasFilter: filter !== undefined };
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i]!; // read by index: a destructuring pattern would iterate the pair
    if (field[1] !== undefined) (found as unknown as Record<string, unknown>)[field[0]] = field[1];
  }
  const tags = filterTags(filter);
  if (Object.keys(tags).length > 0) found.filterTags = tags;
  return found;
}
