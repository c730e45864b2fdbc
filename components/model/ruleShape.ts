/**
 * Rule-shape findings: what S3 rejects at PutBucketReplication, or accepts and then mis-replicates
 * (schema V1/V2, unique ids and priorities, Replication Time Control and metrics, ownership
 * override, the SSE-KMS opt-in and its replica key).
 */

import { Finding, FindingCode, finding } from "./findings";
import { FoundRule } from "./found";

/** One problem with a rule's shape, before it is made a finding. */
interface ShapeProblem {
  setting: string;
  message: string;
  fix: string;
  code?: FindingCode;
}

/** Rule-shape findings: what S3 rejects at PutBucketReplication, or accepts and then mis-replicates. */
export function ruleShapeFindings(rules: FoundRule[], ref: string): Finding[] {
  const ids = new Set<string>();
  const priorities = new Set<number>();
  return rules.flatMap((rule, index) =>
    [
      ...schemaProblems(rule, rules.length),
      ...uniquenessProblems(rule, ids, priorities),
      ...replicationTimeProblems(rule),
      ...ownershipProblems(rule),
      ...kmsSelectionProblems(rule),
    ].map((problem) =>
      finding(problem.code ?? FindingCode.RuleShapeInvalid, {
        subject: ref,
        location: `rule ${rule.id ?? index}`,
        detail: { setting: problem.setting },
        message: problem.message,
        fix: problem.fix,
      }),
    ),
  );
}

/** Schema V1/V2: a filtered rule needs deleteMarkerReplication; several rules need filters; no delete markers with tags. */
function schemaProblems(rule: FoundRule, ruleCount: number): ShapeProblem[] {
  const problems: ShapeProblem[] = [];
  if (rule.hasFilter) {
    // An omitted priority is sent as 0 by the provider; only colliding priorities are rejected (uniquenessProblems).
    if (rule.deleteMarkerReplication === undefined)
      problems.push({
        setting: "deleteMarkerReplication",
        message: "a rule with a filter (schema V2) must set deleteMarkerReplication.",
        fix: "add deleteMarkerReplication { status: Disabled } (or Enabled)",
      });
  } else if (ruleCount > 1 && rule.legacyPrefix === undefined) {
    problems.push({
      setting: "filter",
      message: "a configuration with several rules needs a filter on each rule (schema V2).",
      fix: "add filter: {} (or a prefix/tag filter) with a priority",
    });
  }
  return problems;
}

/** Rule ids and (V2) priorities must be unique; records the rule's id and priority in the sets. */
function uniquenessProblems(rule: FoundRule, ids: Set<string>, priorities: Set<number>): ShapeProblem[] {
  const problems: ShapeProblem[] = [];
  if (rule.id !== undefined) {
    if (ids.has(rule.id))
      problems.push({
        setting: "id",
        message: `rule id "${rule.id}" is used twice.`,
        fix: "give each rule a unique id",
      });
    ids.add(rule.id);
  }
  if (rule.hasFilter) {
    // PutBucketReplication: Priority "must be unique" among V2 rules; the Pulumi/Terraform provider sends 0 when a filtered rule omits it.
    const priority = rule.priority ?? 0;
    if (priorities.has(priority))
      problems.push({
        setting: "priority",
        message: `priority ${priority}${rule.priority === undefined ? " (the provider's value for an omitted priority)" : ""} is used twice; S3 rejects the configuration.`,
        fix: "give each filtered rule a unique priority",
      });
    priorities.add(priority);
  }
  const tagged = rule.filterTags !== undefined && Object.keys(rule.filterTags).length > 0;
  if (tagged && rule.deleteMarkerReplication === "Enabled")
    problems.push({
      setting: "deleteMarkerReplication",
      message: "delete marker replication is not supported for tag-based rules.",
      fix: "disable deleteMarkerReplication or drop the tag filter",
    });
  return problems;
}

/** Replication Time Control needs metrics with a 15-minute threshold; without RTC, metrics take no threshold. */
function replicationTimeProblems(rule: FoundRule): ShapeProblem[] {
  const problems: ShapeProblem[] = [];
  const rtc = rule.replicationTimeStatus === "Enabled";
  if (rtc && rule.metricsStatus !== "Enabled")
    problems.push({
      setting: "destination.metrics",
      message: "Replication Time Control requires metrics Enabled with a 15-minute event threshold.",
      fix: "add metrics { status: Enabled, eventThreshold: { minutes: 15 } }",
    });
  if (rtc && rule.replicationTimeMinutes !== undefined && rule.replicationTimeMinutes !== 15)
    problems.push({
      setting: "destination.replicationTime.time.minutes",
      message: `RTC minutes is ${rule.replicationTimeMinutes}; S3 accepts only 15.`,
      fix: "set replicationTime.time.minutes to 15",
    });
  const threshold = rule.metricsEventThresholdMinutes;
  if (rtc && rule.metricsStatus === "Enabled" && threshold !== undefined && threshold !== 15)
    problems.push({
      setting: "destination.metrics.eventThreshold.minutes",
      message: `the metrics event threshold is ${threshold}; with RTC it must be 15.`,
      fix: "set metrics.eventThreshold.minutes to 15",
    });
  if (!rtc && threshold !== undefined)
    problems.push({
      setting: "destination.metrics.eventThreshold",
      message:
        "metrics cannot contain an event threshold when ReplicationTime is not Enabled (S3 rejects the configuration).",
      fix: "remove metrics.eventThreshold or enable replicationTime",
    });
  return problems;
}

/** An ownership override names the destination account. */
function ownershipProblems(rule: FoundRule): ShapeProblem[] {
  if (rule.ownerOverride === undefined || rule.destinationAccount !== undefined) return [];
  return [
    {
      setting: "destination.account",
      message: "accessControlTranslation (ownership override) requires destination.account.",
      fix: "set destination.account to the destination bucket's account",
      code: FindingCode.OwnershipOverrideIncomplete,
    },
  ];
}

/** The SSE-KMS opt-in and the replica key go together. */
function kmsSelectionProblems(rule: FoundRule): ShapeProblem[] {
  const problems: ShapeProblem[] = [];
  if (rule.sseKmsEncryptedObjects === "Enabled" && rule.replicaKmsKeyId === undefined)
    problems.push({
      setting: "destination.encryptionConfiguration.replicaKmsKeyId",
      message: "the rule opts in to SSE-KMS objects but names no replica key (S3 rejects it).",
      fix: "set destination.encryptionConfiguration.replicaKmsKeyId to the full ARN of a key in the destination's region",
      code: FindingCode.KmsOptInWithoutReplicaKey,
    });
  if (rule.replicaKmsKeyId !== undefined && rule.sseKmsEncryptedObjects !== "Enabled")
    problems.push({
      setting: "sourceSelectionCriteria.sseKmsEncryptedObjects",
      message:
        "the rule names a replica key but does not opt in to SSE-KMS objects, so they are skipped (or S3 rejects it).",
      fix: "set sourceSelectionCriteria.sseKmsEncryptedObjects.status to Enabled",
      code: FindingCode.ReplicaKeyWithoutKmsOptIn,
    });
  return problems;
}
