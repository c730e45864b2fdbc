/**
 * Security of the replication role: who its trust policy admits (named exactly as written), and
 * what its own policies grant beyond S3 replication and its KMS use. Pure.
 */

import {
  BATCH_OPERATIONS_SERVICE_PRINCIPAL,
  BATCH_REPORT_PREFIX,
  REPLICATION_ACTIONS,
  REPLICATION_SERVICE_PRINCIPAL,
} from "./actions";
import { parseArn } from "./arn";
import { globMatch } from "./compiledStatement";
import { Finding, FindingClass, FindingCode, Severity, finding } from "./findings";
import { FoundRole } from "./found";
import { PolicyStatement, asList } from "./policyDocument";
import {
  PrincipalKind,
  StatementActions,
  actionList,
  admittedFrom,
  admitsLowered,
  describePrincipal,
  grantsAllOfRead,
  principalRestriction,
  statementActions,
  statementPrincipals,
} from "./principals";
import { SecurityScope, allowStatements, s3Scoped, statementLocation } from "./securityScope";

/** Every security finding of the replication role: its trust and its permissions. */
export function roleSecurityFindings(role: FoundRole, scope: SecurityScope): Finding[] {
  return [...trustFindings(role), ...permissionFindings(role, scope)];
}

const ASSUME_ACTIONS = actionList(["sts:AssumeRole", "sts:AssumeRoleWithWebIdentity", "sts:AssumeRoleWithSAML"]);

/**
 * Principals other than s3.amazonaws.com that the trust policy lets assume the role, each named
 * as the statement writes it ("Setting up permissions for live replication",
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/setting-repl-config-perm-overview.html).
 * IAM accepts such a trust policy, so each deploys and is exposed. A role that S3 Batch
 * Operations also assumes (batchoperations.s3.amazonaws.com) is AWS's documented Batch
 * Replication setup: least-privilege advice only ("Configuring IAM policies for Batch
 * Replication", https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-batch-replication-policies.html).
 */
export function trustFindings(role: FoundRole): Finding[] {
  const subject = role.trustPolicy?.ref ?? role.ref;
  return allowStatements(role.trustPolicy).flatMap(({ statement, index }) => {
    const actions = admittedFrom(statementActions(statement), ASSUME_ACTIONS);
    if (actions.length === 0) return [];
    const restriction = principalRestriction(statement.Condition);
    return statementPrincipals(statement).flatMap((principal) => {
      if (principal.kind === PrincipalKind.Service && principal.written === REPLICATION_SERVICE_PRINCIPAL) return [];
      const batch =
        principal.kind === PrincipalKind.Service && principal.written === BATCH_OPERATIONS_SERVICE_PRINCIPAL;
      const wide = principal.kind === PrincipalKind.Anyone && restriction === undefined;
      return [
        finding(FindingCode.TrustAdmitsOthers, {
          subject,
          location: statementLocation(statement, index),
          detail: { principal: principal.written, action: actions.join(", "), deploy: "deploys, exposed" },
          ...(batch
            ? { severity: Severity.Low, kind: FindingClass.Advice }
            : wide
              ? { severity: Severity.Critical }
              : {}),
          message: batch
            ? `the trust policy also lets ${principal.written} assume the replication role; AWS documents this for Batch Replication and replication works, but a separate Batch Replication role keeps each role to one service.`
            : `the trust policy lets ${describePrincipal(principal)} ${actions.join(" / ")} the replication role${restriction ? ` (narrowed by ${restriction.keys.join(", ")})` : ""}, which only s3.amazonaws.com needs; IAM accepts it, so this deploys and is exposed.`,
          fix: batch
            ? "optionally give Batch Replication its own role trusting only batchoperations.s3.amazonaws.com"
            : `remove ${principal.written} from the trust policy: trust only s3.amazonaws.com (and batchoperations.s3.amazonaws.com for Batch Replication)`,
        }),
      ];
    });
  });
}

/** AWS managed policies that grant administrator or IAM control. */
const ADMIN_MANAGED = /:policy\/(AdministratorAccess|IAMFullAccess|PowerUserAccess)$/;

/** One way a role statement reaches beyond replication. */
export interface Excess {
  /** What it grants, for the message. */
  what: string;
  /** How bad that is. */
  severity: Severity;
}

/** IAM actions that write roles, their policies or their credentials. */
const IAM_WRITES = actionList([
  "iam:CreateRole",
  "iam:PutRolePolicy",
  "iam:AttachRolePolicy",
  "iam:CreateAccessKey",
  "iam:UpdateAssumeRolePolicy",
]).lowered;

/** The ways one Allow statement of the role's policies reaches beyond replication. */
export function statementExcess(statement: PolicyStatement, scope: SecurityScope): Excess[] {
  const actions = statementActions(statement);
  // Only replication's own S3 and KMS use, by name: no IAM, STS, other service or write replication
  // never makes (`NON_REPLICATION_WRITES`) can be granted, so only the resources can reach beyond.
  if (replicationUseOnly(actions)) return kmsExcess(statement, actions, scope, s3Excess(statement, actions, scope, []));
  const iamAll = grantsAllOfRead(actions, "iam");
  if (iamAll && grantsAllOfRead(actions, "sts") && grantsAllOfRead(actions, "ec2"))
    return [{ what: "every action of every service", severity: Severity.Critical }];
  const excess: Excess[] = [];
  if (iamAll) excess.push({ what: "iam:* (IAM administration)", severity: Severity.Critical });
  else if (admitsLowered(actions, "iam:passrole"))
    excess.push({ what: "iam:PassRole (hands roles to other services)", severity: Severity.High });
  if (!iamAll && IAM_WRITES.some((action) => admitsLowered(actions, action)))
    excess.push({ what: "IAM write actions", severity: Severity.Critical });
  if (admitsLowered(actions, "sts:assumerole"))
    excess.push({ what: "sts:AssumeRole (acts as other roles)", severity: Severity.High });
  const others = otherServices(statement);
  if (others.length > 0) excess.push({ what: `actions of ${others.join(", ")}`, severity: Severity.High });
  s3Excess(statement, actions, scope, excess);
  const writes = pathWrites(statement, actions, scope);
  if (writes.length > 0)
    excess.push({
      what: `${writes.join(", ")} on this replication's buckets (replication never makes these requests)`,
      severity: Severity.High,
    });
  return kmsExcess(statement, actions, scope, excess);
}

/** Adds the S3 resources beyond the replication's buckets. */
function s3Excess(
  statement: PolicyStatement,
  actions: StatementActions,
  scope: SecurityScope,
  excess: Excess[],
): Excess[] {
  const s3Elsewhere = resourcesOffPath(statement, actions, "s3", scope);
  if (s3Elsewhere.length > 0)
    excess.push({
      what: `S3 actions on ${s3Elsewhere.join(", ")} (not a bucket of this replication)`,
      severity: Severity.High,
    });
  return excess;
}

/** Adds the KMS resources beyond the replication's keys, unless the statement is scoped to S3 on its buckets. */
function kmsExcess(
  statement: PolicyStatement,
  actions: StatementActions,
  scope: SecurityScope,
  excess: Excess[],
): Excess[] {
  // The resources first: s3Scoped is asked only of a statement that reaches another key.
  const kmsOffPath = resourcesOffPath(statement, actions, "kms", scope);
  if (kmsOffPath.length > 0 && !s3Scoped(statement, scope))
    excess.push({
      what: `KMS actions on ${kmsOffPath.join(", ")} (not a key of this replication)`,
      severity: Severity.High,
    });
  return excess;
}

/** S3 writes, deletes and control actions S3 replication never makes (its own are s3:Replicate*). */
const NON_REPLICATION_WRITES = actionList([
  "s3:PutObject",
  "s3:PutObjectAcl",
  "s3:DeleteObject",
  "s3:DeleteObjectVersion",
  "s3:RestoreObject",
  "s3:BypassGovernanceRetention",
  "s3:PutBucketPolicy",
  "s3:DeleteBucketPolicy",
  "s3:PutBucketAcl",
  "s3:PutReplicationConfiguration",
  "s3:PutLifecycleConfiguration",
  "s3:PutEncryptionConfiguration",
  "s3:PutBucketPublicAccessBlock",
  "s3:PutBucketOwnershipControls",
  "s3:DeleteBucket",
]);

/** Objects under a bucket's Batch Replication completion report prefix (compiled once). */
const BATCH_REPORT_OBJECTS = new RegExp(`^arn:[^:]+:s3:::[^/*?]+/${BATCH_REPORT_PREFIX}/`);

/**
 * The S3 writes and deletes a role statement allows on the replication's own buckets that S3
 * replication never makes. A Batch Replication completion report (s3:PutObject under
 * batch-replication-reports/) is what AWS documents for a role shared with Batch Replication.
 */
function pathWrites(statement: PolicyStatement, actions: StatementActions, scope: SecurityScope): string[] {
  if (statement.NotResource !== undefined) return [];
  let onBuckets = 0;
  let reportOnly = true;
  const resources = asList(statement.Resource);
  for (let index = 0; index < resources.length; index++) {
    const pattern = String(resources[index]);
    if (pattern !== "*" && !s3OnPathOrWildcard(pattern, scope)) continue;
    onBuckets++;
    reportOnly = reportOnly && BATCH_REPORT_OBJECTS.test(pattern);
  }
  if (onBuckets === 0) return [];
  const writes = admittedFrom(actions, NON_REPLICATION_WRITES);
  return reportOnly ? writes.filter((action) => action !== "s3:PutObject") : writes;
}

/** What comes before the first `separator` in a text (all of it when there is none): `split(separator)[0]`. */
function firstPart(text: string, separator: string): string {
  const at = text.indexOf(separator);
  return at < 0 ? text : text.slice(0, at);
}

/** True when an S3 pattern can reach one of the replication's buckets. */
function s3OnPathOrWildcard(pattern: string, scope: SecurityScope): boolean {
  const arn = parseArn(pattern);
  if (arn?.service !== "s3") return false;
  const name = firstPart(arn.resource, "/");
  for (const bucket of scope.bucketNames) if (globMatch(name, bucket)) return true;
  return false;
}

/** The services replication's role may name (and `*`, judged by the other checks). */
const ROLE_SERVICES = new Set(["s3", "kms", "iam", "sts", "*"]);

/** Services other than s3, kms, iam and sts that the statement's actions name. */
function otherServices(statement: PolicyStatement): string[] {
  if (statement.NotAction !== undefined) return ["every service but those NotAction names"];
  const services = new Set<string>();
  const patterns = asList(statement.Action);
  for (let index = 0; index < patterns.length; index++) {
    const service = firstPart(String(patterns[index]), ":").toLowerCase();
    if (!ROLE_SERVICES.has(service)) services.add(service);
  }
  return [...services];
}

/**
 * The statement's resource patterns, for one service's actions, that reach beyond the
 * replication's buckets or keys: a wildcard bucket or key (or NotResource), or another named
 * bucket or key with more than replication actions (a role shared by several replications names
 * their buckets and keys too, for replication only).
 */
function resourcesOffPath(
  statement: PolicyStatement,
  actions: StatementActions,
  service: "s3" | "kms",
  scope: SecurityScope,
): string[] {
  const prefix = `${service}:`;
  let touchesService = false;
  let replicationOnly = true;
  const names = actions.not ? ["*"] : actions.lowered;
  for (let index = 0; index < names.length; index++) {
    const name = names[index]!;
    const ofService = name.startsWith(prefix);
    touchesService = touchesService || ofService || name === "*";
    replicationOnly = replicationOnly && (!ofService || REPLICATION_USE.has(name));
  }
  if (!touchesService) return [];
  if (statement.NotResource !== undefined) return [`NotResource ${JSON.stringify(statement.NotResource)}`];
  const offPath: string[] = [];
  const resources = asList(statement.Resource);
  for (let index = 0; index < resources.length; index++) {
    const pattern = String(resources[index]);
    const otherService =
      service === "s3" ? pattern.includes(":kms:") || pattern.includes(":iam:") : pattern.includes(":s3:");
    if (otherService) continue;
    const target = namedTarget(pattern, service);
    if (!onPath(target, service, scope) && !(replicationOnly && target !== undefined)) offPath.push(pattern);
  }
  return offPath;
}

/** Replication's own actions (S3 and KMS), lower-cased. */
const REPLICATION_USE = new Set(
  [
    ...REPLICATION_ACTIONS,
    "kms:GenerateDataKey",
    "kms:Encrypt",
    "kms:Decrypt",
    "s3:PutObjectRetention",
    "s3:PutObjectLegalHold",
  ].map((action) => action.toLowerCase()),
);

/**
 * The S3 and KMS actions of REPLICATION_USE that are not NON_REPLICATION_WRITES, lower-cased: a
 * statement granting only these by name reaches beyond replication only through its resources.
 */
const REPLICATION_USE_ONLY: ReadonlySet<string> = new Set(
  [...REPLICATION_USE].filter(
    (action) =>
      (action.startsWith("s3:") || action.startsWith("kms:")) && !NON_REPLICATION_WRITES.lowered.includes(action),
  ),
);

/** True when the statement's Action names only actions of REPLICATION_USE_ONLY, each exactly. */
function replicationUseOnly(actions: StatementActions): boolean {
  if (actions.not || !actions.exact) return false;
  for (let index = 0; index < actions.lowered.length; index++)
    if (!REPLICATION_USE_ONLY.has(actions.lowered[index]!)) return false;
  return true;
}

/**
 * What the pattern names when it names one bucket (S3: the bucket's name) or one key (KMS: the
 * pattern, a key ARN) without wildcards; undefined otherwise.
 */
function namedTarget(pattern: string, service: "s3" | "kms"): string | undefined {
  const arn = parseArn(pattern);
  if (arn?.service !== service) return undefined;
  const target = service === "s3" ? firstPart(arn.resource, "/") : pattern;
  return /[*?]/.test(target) ? undefined : target;
}

/** True when a named bucket or key (`namedTarget`) is one of the replication's. */
function onPath(target: string | undefined, service: "s3" | "kms", scope: SecurityScope): boolean {
  if (target === undefined) return false;
  return service === "s3" ? scope.bucketNames.has(target) : scope.keyArns.has(target);
}

/**
 * What the role's own policies grant beyond S3 replication and its KMS use: IAM, STS, other
 * services, S3 on other buckets, KMS on other keys, and AWS managed policies. IAM accepts all of
 * them, so each deploys and is exposed to whoever can make S3 act as the role.
 */
export function permissionFindings(role: FoundRole, scope: SecurityScope): Finding[] {
  const findings: Finding[] = [];
  // Indexed loops: this runs mostly before the JIT optimises it, when flatMap's closures and arrays cost per statement.
  for (let at = 0; at < role.policies.length; at++) {
    const policy = role.policies[at]!;
    const allows = allowStatements(policy);
    for (let position = 0; position < allows.length; position++) {
      const { statement, index } = allows[position]!;
      const excesses = statementExcess(statement, scope);
      for (let next = 0; next < excesses.length; next++) {
        const excess = excesses[next]!;
        findings.push(
          finding(FindingCode.RoleBeyondReplication, {
            subject: policy.ref,
            location: statementLocation(statement, index),
            severity: excess.severity,
            detail: { grants: excess.what, deploy: "deploys, exposed" },
            message: `the replication role's policy grants ${excess.what}, which replication does not use; IAM accepts it, so this deploys and is exposed.`,
            fix: "remove it: keep the role to the replication actions on its buckets and kms:Decrypt/Encrypt/GenerateDataKey on its keys",
          }),
        );
      }
    }
  }
  for (const arn of role.unresolvedPolicyArns) {
    if (parseArn(arn)?.account !== "aws") continue;
    findings.push(
      finding(FindingCode.RoleBeyondReplication, {
        subject: role.ref,
        severity: ADMIN_MANAGED.test(arn) ? Severity.Critical : Severity.High,
        detail: { grants: arn, deploy: "deploys, exposed" },
        message: `the replication role has the AWS managed policy ${arn} attached, which grants far more than replication; IAM accepts it, so this deploys and is exposed.`,
        fix: "detach it and give the role an inline policy with exactly the replication actions",
      }),
    );
  }
  return findings;
}
