/**
 * Encryption pairing of one rule: SSE-KMS objects the rule skips, and the replica key it names
 * (how it is referenced, its Region, whether it is AWS managed across accounts, its key spec).
 */

import { KeyReference, KeyReferenceKind, parseKeyReference } from "./arn";
import { Finding, FindingClass, FindingCode, Severity, finding } from "./findings";
import { FoundBucket, FoundReplication, FoundRule } from "./found";
import { isCrossAccount, resolveKey } from "./foundPath";
import { Encryption, usesKmsKey } from "./topology";

/** The encryption findings of one rule: skipped SSE-KMS objects and the replica key. */
export function ruleEncryptionFindings(
  found: FoundReplication,
  rule: FoundRule,
  destination: FoundBucket,
  label: string,
): Finding[] {
  const findings = kmsObjectsSkippedFindings(found, rule, label);
  const replicaKey = rule.replicaKmsKeyId;
  if (replicaKey === undefined) return findings;
  const reference = parseKeyReference(replicaKey);
  const crossAccount = isCrossAccount(found, rule, destination);
  const at = { subject: found.ref, location: label };
  const partition = found.source.partition ?? "aws";
  findings.push(...replicaKeyReferenceFindings(replicaKey, reference, crossAccount, at, partition));
  findings.push(...replicaKeyRegionFindings(replicaKey, reference, destination.region, at));
  findings.push(...resolvedReplicaKeyFindings(found, replicaKey, crossAccount, label));
  return findings;
}

/** Where a rule's findings are reported. */
interface RuleSite {
  subject: string;
  location: string;
}

function kmsObjectsSkippedFindings(found: FoundReplication, rule: FoundRule, label: string): Finding[] {
  const sourceAlgorithm = found.source.encryption?.algorithm;
  if (
    sourceAlgorithm === undefined ||
    !usesKmsKey(sourceAlgorithm as Encryption) ||
    rule.sseKmsEncryptedObjects === "Enabled" ||
    rule.replicaKmsKeyId !== undefined
  )
    return [];
  return [
    finding(FindingCode.KmsObjectsSkipped, {
      subject: found.ref,
      location: label,
      detail: { setting: "sourceSelectionCriteria.sseKmsEncryptedObjects" },
      message: `the source encrypts with ${sourceAlgorithm} but the rule does not opt in to SSE-KMS objects: they are skipped silently.`,
      fix: "enable sourceSelectionCriteria.sseKmsEncryptedObjects and set destination.encryptionConfiguration.replicaKmsKeyId",
    }),
  ];
}

/** How the replica key is referenced: aws/s3 across accounts, an alias ARN, a bare alias or id, or no key ARN. */
function replicaKeyReferenceFindings(
  replicaKey: string,
  reference: KeyReference,
  crossAccount: boolean,
  at: RuleSite,
  partition: string,
): Finding[] {
  const detail = { setting: "replicaKmsKeyId", value: replicaKey };
  if (reference.awsManagedS3Alias && crossAccount)
    return [
      finding(FindingCode.AwsManagedKeyCrossAccount, {
        ...at,
        detail,
        message: "the replica key is the AWS managed key aws/s3, which cannot be used across accounts.",
        fix: "use a customer managed key in the destination account",
      }),
    ];
  if (reference.kind === KeyReferenceKind.AliasArn)
    // The API takes "the Amazon Resource Name (ARN) for the KMS key or the alias ARN"
    // (PutBucketReplication, EncryptionConfiguration: https://docs.aws.amazon.com/AmazonS3/latest/API/API_EncryptionConfiguration.html):
    // an alias ARN names its account and region, so it is valid. A key ARN cannot be re-pointed later: advice.
    return [
      finding(FindingCode.ReplicaKeyNotArn, {
        ...at,
        severity: Severity.Low,
        kind: FindingClass.Advice,
        detail,
        message: `replicaKmsKeyId "${replicaKey}" is an alias ARN, which S3 accepts; the alias can later be pointed at another key, which the replication role's and key's policies may not admit.`,
        fix: "optionally give the key ARN the alias points to",
      }),
    ];
  if (reference.kind === KeyReferenceKind.Alias || reference.kind === KeyReferenceKind.KeyId)
    return [
      finding(FindingCode.ReplicaKeyNotArn, {
        ...at,
        detail,
        message: `replicaKmsKeyId "${replicaKey}" is a bare alias name or key id: AWS KMS resolves it in the requester's account, so replicas can be encrypted with a key of the source account instead of the destination owner's.`,
        fix: "give the full key ARN (or alias ARN) of the replica key",
      }),
    ];
  if (reference.kind === KeyReferenceKind.Invalid)
    return [
      finding(FindingCode.MalformedArn, {
        ...at,
        detail,
        message: `replicaKmsKeyId "${replicaKey}" is not a KMS key ARN.`,
        fix: `give arn:${partition}:kms:REGION:ACCOUNT:key/KEY-ID`,
      }),
    ];
  return [];
}

/** The replica key must be in the destination's Region (DstKmsKeyNotFound). */
function replicaKeyRegionFindings(
  replicaKey: string,
  reference: KeyReference,
  destinationRegion: string | undefined,
  at: RuleSite,
): Finding[] {
  if (reference.region === undefined || destinationRegion === undefined || reference.region === destinationRegion)
    return [];
  return [
    finding(FindingCode.ReplicaKeyWrongRegion, {
      ...at,
      detail: { setting: "replicaKmsKeyId", value: replicaKey, region: reference.region, expected: destinationRegion },
      message: `the replica key is in ${reference.region} but the destination bucket is in ${destinationRegion}; every replication fails with DstKmsKeyNotFound.`,
      fix: reference.multiRegion
        ? `use the multi-Region replica ARN in ${destinationRegion} (same mrk- id)`
        : `use a customer managed key in ${destinationRegion}`,
    }),
  ];
}

/** The replica key found in the stack: customer managed across accounts, symmetric. */
function resolvedReplicaKeyFindings(
  found: FoundReplication,
  replicaKey: string,
  crossAccount: boolean,
  label: string,
): Finding[] {
  const findings: Finding[] = [];
  const key = resolveKey(found, replicaKey);
  if (key === undefined) return findings;
  if (key.awsManaged === true && crossAccount) {
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
    (key.keySpec !== undefined && key.keySpec !== "SYMMETRIC_DEFAULT") ||
    (key.keyUsage !== undefined && key.keyUsage !== "ENCRYPT_DECRYPT")
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
