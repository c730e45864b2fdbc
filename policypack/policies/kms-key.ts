/** KMS keys: automatic rotation on, key enabled. Checks of each key on its own. */
import { Finding, FindingCode, FoundKey, keyFindings } from "s3-replication/components/model";
import { PlainResource, at, bool, str } from "../mapping";
import { resourceFindingCheck } from "./common";

function keyOf(resource: PlainResource, ref: string): FoundKey {
  const key: FoundKey = { ref, grants: [], awsManaged: false };
  const spec = str(at(resource.props, "customerMasterKeySpec")) ?? str(at(resource.props, "keySpec"));
  if (spec) key.keySpec = spec;
  // A primary key without enableKeyRotation has rotation off (the provider's default is false).
  const rotation = bool(at(resource.props, "enableKeyRotation"));
  if (rotation !== undefined) key.rotationEnabled = rotation;
  else if (/^aws:kms\/key:Key$/.test(resource.type) && at(resource.props, "enableKeyRotation") === undefined)
    key.rotationEnabled = false;
  const enabled = bool(at(resource.props, "isEnabled")) ?? bool(at(resource.props, "enabled"));
  if (enabled !== undefined) key.enabled = enabled;
  return key;
}

/**
 * Each key's findings, judged once for both checks of a stack policy call (rotation, enabled: a
 * key resource is judged by both). Keyed by the stack's plain record of the key, so it goes with
 * the stack; the ref is kept to be sure it is the same judgement.
 */
const judgedKeys = new WeakMap<PlainResource, { ref: string; findings: Finding[] }>();

function judgeKey(resource: PlainResource, ref: string): Finding[] {
  const known = judgedKeys.get(resource);
  if (known !== undefined && known.ref === ref) return known.findings;
  const findings = keyFindings(keyOf(resource, ref));
  judgedKeys.set(resource, { ref, findings });
  return findings;
}

/** Rotation of every customer managed key (aws:kms/key:Key). */
export const kmsKeyRotation = resourceFindingCheck({
  name: "kms-key-rotation",
  description: "Every customer managed symmetric KMS key has automatic rotation enabled (enableKeyRotation).",
  severity: "medium",
  codes: [FindingCode.KeyRotationDisabled],
  types: ["aws:kms/key:Key"],
  judge: judgeKey,
});

/** Keys and replica keys enabled (aws:kms/key:Key, aws:kms/replicaKey:ReplicaKey). */
export const kmsKeyEnabled = resourceFindingCheck({
  name: "kms-key-enabled",
  description:
    "KMS keys and replica keys are enabled: a disabled key fails every replication it serves (DstKmsKeyInvalidState / SrcKmsKeyInvalidState).",
  severity: "critical",
  codes: [FindingCode.KeyStateInvalid],
  types: ["aws:kms/key:Key", "aws:kms/replicaKey:ReplicaKey"],
  judge: judgeKey,
});
