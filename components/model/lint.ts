/** Syntax checks of any policy document: action names, resource ARNs, principal ARNs. */

import { actionNameProblem } from "./actions";
import { parseArn, resourceArnProblem } from "./arn";
import { Finding, FindingCode, finding } from "./findings";
import { FoundPolicy } from "./found";
import { PolicyStatement, asList } from "./policyDocument";

/** Findings for invalid action names and malformed ARNs in a found policy document. */
export function lintPolicy(policy: FoundPolicy): Finding[] {
  const document = policy.document;
  if (!document || !Array.isArray(document.Statement)) return [];
  const findings: Finding[] = [];
  document.Statement.forEach((statement, index) => {
    const where = { policy, statement, index };
    // An element a statement does not have holds no value to check (most have no NotAction or NotResource).
    if (statement.Action !== undefined) addElementFindings(findings, where, statement.Action, ACTION_CHECK);
    if (statement.NotAction !== undefined) addElementFindings(findings, where, statement.NotAction, ACTION_CHECK);
    if (statement.Resource !== undefined) addElementFindings(findings, where, statement.Resource, RESOURCE_CHECK);
    if (statement.NotResource !== undefined) addElementFindings(findings, where, statement.NotResource, RESOURCE_CHECK);
    const principal = statement.Principal;
    if (principal !== undefined && principal !== "*") {
      const entries = asList(principal.AWS);
      for (let at = 0; at < entries.length; at++) {
        const entry = entries[at];
        if (typeof entry !== "string" || entry === "*" || /^\d{12}$/.test(entry)) continue;
        const arn = parseArn(entry);
        if (!arn || arn.service !== "iam" || !/^\d{12}$/.test(arn.account)) {
          findings.push(
            finding(FindingCode.MalformedArn, {
              subject: policy.ref,
              location: locationOf(where),
              detail: { principal: entry },
              message: `principal "${entry}" is not an IAM principal ARN or account id.`,
              fix: "name the principal as arn:aws:iam::ACCOUNT:role/NAME or arn:aws:iam::ACCOUNT:root",
            }),
          );
        }
      }
    }
  });
  return findings;
}

/** One statement of a policy, as findings locate it. */
interface StatementPlace {
  policy: FoundPolicy;
  statement: PolicyStatement;
  index: number;
}

/** Where a statement is, for `location` (written only for a finding). */
function locationOf({ statement, index }: StatementPlace): string {
  return statement.Sid ? `statement "${statement.Sid}"` : `statement ${index}`;
}

/** How one element of a statement (its actions, its resources) is checked and reported. */
interface ElementCheck {
  /** The problem with a string value, or undefined when it is well formed. */
  problemOf: (value: string) => string | undefined;
  code: FindingCode;
  /** The element's name in the message and the detail: `action` or `resource`. */
  name: "action" | "resource";
  fix: string;
}

const ACTION_CHECK: ElementCheck = {
  problemOf: actionNameProblem,
  code: FindingCode.InvalidAction,
  name: "action",
  fix: "write the action as SERVICE:Action with its exact IAM name",
};

const RESOURCE_CHECK: ElementCheck = {
  problemOf: resourceArnProblem,
  code: FindingCode.MalformedArn,
  name: "resource",
  fix: "correct the ARN (S3: arn:aws:s3:::BUCKET or arn:aws:s3:::BUCKET/KEY)",
};

/** Adds a finding per value of an element that is not a string or that `problemOf` refuses. */
function addElementFindings(
  findings: Finding[],
  where: StatementPlace,
  element: string | string[] | undefined,
  check: ElementCheck,
): void {
  const values = asList<unknown>(element);
  for (let index = 0; index < values.length; index++) {
    const value = values[index];
    const problem = typeof value === "string" ? check.problemOf(value) : `${JSON.stringify(value)} is not a string`;
    if (!problem) continue;
    findings.push(
      finding(check.code, {
        subject: where.policy.ref,
        location: locationOf(where),
        detail: { [check.name]: String(value) },
        message: `${check.name} ${problem}.`,
        fix: check.fix,
      }),
    );
  }
}

/**
 * Sids IAM rejects in an IAM policy (a role's permission or trust policy): "For IAM policies, basic
 * alphanumeric characters (A-Z,a-z,0-9) are the only allowed characters in the Sid value"; key and
 * bucket policies accept more, spaces included ("IAM JSON policy elements: Sid",
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_sid.html). The
 * provider no longer checks at plan (its check was reverted in 5.84, terraform-provider-aws#40639),
 * so IAM refuses the document at apply and the role is left without it.
 */
export function iamSidFindings(policy: FoundPolicy): Finding[] {
  const statements = policy.document?.Statement;
  if (!Array.isArray(statements)) return [];
  return statements.flatMap((statement, index) => {
    const sid = statement.Sid;
    if (typeof sid !== "string" || /^[A-Za-z0-9]*$/.test(sid)) return [];
    return [
      finding(FindingCode.IamSidInvalid, {
        subject: policy.ref,
        location: `statement ${index}`,
        detail: { setting: "Sid", value: sid },
        message: `Sid ${JSON.stringify(sid)} has characters other than A-Z, a-z and 0-9, which IAM rejects in an IAM policy at apply (MalformedPolicyDocument): the role is left without this policy.`,
        // The fix names no rewritten Sid: the policy may be a secret, and a rewritten value would not be redacted.
        fix: "remove every character other than A-Z, a-z and 0-9 from the Sid",
      }),
    ];
  });
}
