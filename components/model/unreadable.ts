/**
 * What cannot be judged is reported, never passed: a stack value of the wrong type (the stack
 * reader's typed accessor records it) is a mandatory "could not be judged" finding on its resource,
 * and a policy document on a replication path that cannot be read is a finding where the path
 * cannot work with it.
 */

import { parseArn } from "./arn";
import { Finding, FindingCode, finding } from "./findings";
import { DOCUMENT_UNKNOWN_IN_PREVIEW, FoundPolicy, FoundReplication } from "./found";
import { resolveKey } from "./foundPath";

/** A value the stack reader could not read: where it is and what type it had. */
export interface UnreadableValue {
  /** How findings name the resource holding it. */
  ref: string;
  /** The property path inside the resource, e.g. `rules[0].destination.bucket`. */
  path: string;
  /** The type expected there. */
  expected: string;
  /** The type found instead. */
  found: string;
}

/** A type name with its article: `a string`, `an object`. */
function article(type: string): string {
  return `${/^[aeiou]/.test(type) ? "an" : "a"} ${type}`;
}

/** The S3R064 finding of a wrong-typed value: the resource, the property, the types. */
export function unreadableValueFinding(value: UnreadableValue): Finding {
  return finding(FindingCode.PropertyUnreadable, {
    subject: value.ref,
    location: value.path,
    detail: { property: value.path, expected: value.expected, found: value.found },
    message: `could not be judged: \`${value.path}\` is ${article(value.found)} where ${article(value.expected)} is expected, so nothing that depends on it is judged.`,
    fix: `give \`${value.path}\` ${article(value.expected)} value`,
  });
}

/** True for a document that was found and cannot be read (not one unknown in preview). */
function unreadable(policy: FoundPolicy | undefined): policy is FoundPolicy & { unreadable: string } {
  return policy?.unreadable !== undefined && policy.unreadable !== DOCUMENT_UNKNOWN_IN_PREVIEW;
}

/** The S3R065 finding of one unreadable document: why it cannot be read and why the path needs it. */
function documentFinding(policy: FoundPolicy & { unreadable: string }, role: string, path?: string): Finding {
  return finding(FindingCode.DocumentUnreadable, {
    subject: policy.ref,
    ...(path !== undefined ? { path } : {}),
    detail: { reason: policy.unreadable },
    message: `the document cannot be read (${policy.unreadable}): ${role}, so replication cannot work with it.`,
    fix: "write a valid JSON policy document with a Statement list of objects (e.g. with JSON.stringify or aws.iam.getPolicyDocument)",
  });
}

/**
 * Unreadable documents where a replication path cannot work with them. IAM rejects a malformed
 * policy document ("The request was rejected because the policy document was malformed",
 * IAM MalformedPolicyDocumentException,
 * https://docs.aws.amazon.com/botocore/latest/reference/services/iam/client/exceptions/MalformedPolicyDocumentException.html),
 * and S3 needs the role's trust policy to admit s3.amazonaws.com, its permissions policy to grant
 * the replication actions, and across accounts the destination bucket policy (and the replica
 * key's policy) to grant the role ("Setting up permissions for live replication",
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/setting-repl-config-perm-overview.html).
 * So: the trust policy and every role policy; across accounts the destination bucket policy and
 * the replica key policy. A same-account resource policy the role's own policy may make moot stays
 * a could-not-be-judged note.
 */
export function unreadableDocumentFindings(found: FoundReplication): Finding[] {
  const role = found.role;
  if (role === undefined) return [];
  const findings: Finding[] = [];
  if (unreadable(role.trustPolicy))
    findings.push(documentFinding(role.trustPolicy, "a trust policy S3 cannot read does not let S3 assume the role"));
  for (const policy of role.policies)
    if (unreadable(policy))
      findings.push(
        documentFinding(policy, "a role policy IAM cannot evaluate grants the role none of the replication actions"),
      );
  const roleAccount = role.account ?? parseArn(found.roleArn ?? role.arn ?? "")?.account;
  found.rules.forEach((rule, index) => {
    if (rule.status === "Disabled" || rule.destinationBucket === undefined) return;
    const label = `rule ${rule.id ?? index}`;
    const destination = found.destinations[rule.destinationBucket];
    const account = destination?.account ?? rule.destinationAccount;
    if (roleAccount === undefined || account === undefined || account === roleAccount) return;
    if (unreadable(destination?.policy))
      findings.push(
        documentFinding(destination.policy, "across accounts the destination bucket policy must grant the role", label),
      );
    const key = resolveKey(found, rule.replicaKmsKeyId);
    const keyAccount = key?.account ?? parseArn(key?.arn ?? "")?.account;
    if (keyAccount !== undefined && keyAccount !== roleAccount && unreadable(key?.policy))
      findings.push(documentFinding(key.policy, "across accounts the replica key's policy must grant the role", label));
  });
  return findings;
}
