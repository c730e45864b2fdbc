/**
 * Cross-resource analysis of one replication configuration as found: rule shape, versioning,
 * encryption pairing, keys, ownership, Object Lock, and whether the role, trust policy, key
 * policies and destination bucket policy allow exactly the requests S3 makes. The policy pack
 * and the checker are thin layers over `analyzeReplication`; each concern lives in its own file
 * (ruleShape, ruleEncryption, destinationChecks, permissions, denials, proof).
 */

import { bucketArnProblem, parseArn } from "./arn";
import { allowedDestinationFindings, objectLockFindings, ruleOwnershipFindings } from "./destinationChecks";
import type { ReplicationCheckOptions } from "./destinationChecks";
import { Finding, FindingCode, finding } from "./findings";
import { FoundKey, FoundPolicy, FoundReplication, FoundRule } from "./found";
import { pathFromFound, resolveKey } from "./foundPath";
import { iamSidFindings, lintPolicy } from "./lint";
import { permissionFindings } from "./permissions";
import { keyFindings, versioningFindings } from "./resourceAnalysis";
import { ruleEncryptionFindings } from "./ruleEncryption";
import { ruleShapeFindings } from "./ruleShape";
import { securityFindings } from "./security";
import { unreadableDocumentFindings } from "./unreadable";
import type { PolicyDocument } from "./policyDocument";
import type { ReplicationPath } from "./topology";
// The contracts of a half-stack are the statements the components write (components/documents):
// the analysis states them rather than deriving them again.
import { contractFindings, roleOutsideStack } from "../documents/contracts";
import { replicationRolePolicy } from "../documents/rolePolicy";

/** The permission policy the components write for a role serving one path (the outside role's contract). */
const pathRolePolicy = (path: ReplicationPath): PolicyDocument =>
  replicationRolePolicy({ role: path.role, paths: [path] });

export type { ReplicationCheckOptions } from "./destinationChecks";
export { resolveKey } from "./foundPath";
export type { PathProof, ProvenRequest } from "./proof";
export { replicationProof } from "./proof";
export { ruleShapeFindings } from "./ruleShape";
export { isBatchPlaintextAdvice } from "./permissions";

/** Every finding for one replication configuration. */
export function analyzeReplication(found: FoundReplication, options: ReplicationCheckOptions = {}): Finding[] {
  const findings: Finding[] = [...ruleShapeFindings(found.rules, found.ref)];
  findings.push(...versioningFindings(found.source, "source"));
  const sourceKey = resolveKey(found, found.source.encryption?.keyId);
  if (sourceKey) findings.push(...keyFindings(sourceKey));
  findings.push(...roleArnFindings(found));
  const lint = policyLinter(findings);
  if (found.role) {
    lint(found.role.trustPolicy);
    found.role.policies.forEach(lint);
    for (const policy of [found.role.trustPolicy, ...found.role.policies])
      if (policy) findings.push(...iamSidFindings(policy));
  }
  found.rules.forEach((rule, index) => {
    if (rule.status !== "Disabled") addRuleFindings(found, rule, index, { findings, lint, sourceKey, options });
  });
  findings.push(...sourceOwnershipFindings(found));
  findings.push(...securityFindings(found, options));
  findings.push(...unreadableDocumentFindings(found));
  findings.push(...contractFindings(found));
  return dedupe(findings);
}

/** Where one rule's findings go: the configuration's list, its policy linter, and what every rule shares. */
interface RuleSink {
  findings: Finding[];
  lint: (policy: FoundPolicy | undefined) => void;
  sourceKey: FoundKey | undefined;
  options: ReplicationCheckOptions;
}

/** Lints each policy once, adding its findings. */
function policyLinter(findings: Finding[]): (policy: FoundPolicy | undefined) => void {
  const linted = new Set<string>();
  return (policy) => {
    if (policy && !linted.has(policy.ref)) {
      linted.add(policy.ref);
      findings.push(...lintPolicy(policy));
    }
  };
}

/** The configuration's role is not an IAM role ARN. */
function roleArnFindings(found: FoundReplication): Finding[] {
  if (found.role !== undefined || found.roleArn === undefined || parseArn(found.roleArn)?.service === "iam") return [];
  return [
    finding(FindingCode.RoleMissing, {
      subject: found.ref,
      detail: { setting: "role", value: found.roleArn },
      message: `the configuration's role "${found.roleArn}" is not an IAM role ARN.`,
      fix: "set role to the replication role's ARN",
    }),
  ];
}

/** Adds the findings of one enabled rule, each labelled with its path (lint findings are the policy's, unlabelled). */
function addRuleFindings(found: FoundReplication, rule: FoundRule, index: number, sink: RuleSink): void {
  const label = `rule ${rule.id ?? index}`;
  if (rule.destinationBucket === undefined) return;
  const problem = bucketArnProblem(rule.destinationBucket);
  if (problem !== undefined) {
    sink.findings.push(destinationArnFinding(found, rule.destinationBucket, problem, label));
    return;
  }
  const destination = found.destinations[rule.destinationBucket];
  if (destination === undefined) return;
  const pathLabel = `${found.source.name ?? found.source.ref} -> ${destination.name ?? destination.ref}`;
  const add = (items: Finding[]): void => {
    sink.findings.push(...items.map((item) => ({ ...item, path: item.path ?? pathLabel })));
  };
  add(versioningFindings(destination, "destination"));
  sink.lint(destination.policy);
  add(ruleEncryptionFindings(found, rule, destination, label));
  add(ruleOwnershipFindings(found, rule, destination, label));
  add(allowedDestinationFindings(found.ref, rule, destination, label, sink.options));
  add(objectLockFindings(found, destination));
  const path = pathFromFound(found, rule, destination, index);
  if (path === undefined || (found.role === undefined && !roleOutsideStack(found))) return;
  const replicaKey = resolveKey(found, path.destination.keyArn);
  if (replicaKey) {
    add(keyFindings(replicaKey));
    sink.lint(replicaKey.policy);
  }
  if (sink.sourceKey) sink.lint(sink.sourceKey.policy);
  add(permissionFindings(found, path, label, destination, sink.options.undecided === true, pathRolePolicy));
}

/** S3 looks the destination up by its bucket ARN: anything else names no bucket it can find (DstBucketNotFound). */
function destinationArnFinding(found: FoundReplication, bucket: string, problem: string, label: string): Finding {
  return finding(FindingCode.DestinationBucketMissing, {
    subject: found.ref,
    location: label,
    detail: { setting: "destination.bucket", value: bucket },
    message: `destination.bucket ${problem}; S3 cannot find a destination bucket by it (DstBucketNotFound).`,
    fix: `set destination.bucket to the destination bucket's ARN, arn:${found.source.partition ?? "aws"}:s3:::${bucketNameGuess(bucket)}`,
  });
}

/** The bucket a malformed destination.bucket most likely means (for the fix): a bare name, or the ARN's first resource segment. */
function bucketNameGuess(value: string): string {
  const parsed = parseArn(value);
  const candidate = parsed
    ? (parsed.resource.split(/[/:]/)[0] ?? "")
    : (value.replace(/^s3:\/\//, "").split("/")[0] ?? "");
  return candidate !== "" && !/[*?]/.test(candidate) ? candidate : "BUCKET";
}

/** A source whose objects can stay their uploaders' cannot replicate them (SrcGetAclNotPermitted). */
function sourceOwnershipFindings(found: FoundReplication): Finding[] {
  const ownership = found.source.ownership;
  if (ownership === undefined || ownership === "BucketOwnerEnforced") return [];
  return [
    finding(FindingCode.SourceOwnershipNotEnforced, {
      subject: found.source.ref,
      detail: { setting: "objectOwnership", value: ownership },
      message: `object ownership is ${ownership}, so objects uploaded by other accounts stay theirs and fail with SrcGetAclNotPermitted.`,
      fix: "set aws.s3.BucketOwnershipControls objectOwnership to BucketOwnerEnforced",
    }),
  ];
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
