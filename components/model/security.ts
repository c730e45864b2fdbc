/**
 * Security of everyone who can touch a replication's data: every principal a key policy, key
 * grant, bucket policy or bucket ACL on a replication path admits, judged together with the role,
 * the buckets and the rules that use them, and what AWS refuses at deploy kept apart from what
 * deploys and is exposed. The replication role itself is judged in `roleSecurity.ts`.
 */

import { parseArn } from "./arn";
import { wildcardMatch } from "./evaluate";
import { Finding, FindingCode, Severity, finding } from "./findings";
import { FoundAclGrant, FoundBucket, FoundKey, FoundPolicy, FoundPublicAccessBlock, FoundReplication } from "./found";
import { PolicyStatement, asList } from "./policyDocument";
import {
  PrincipalKind,
  PrincipalRestriction,
  StatementActions,
  StatementPrincipal,
  actionList,
  admittedFrom,
  admitsLowered,
  allActionsText,
  describePrincipal,
  grantsAllOfRead,
  principalRestriction,
  statementActions,
  statementPrincipals,
} from "./principals";
import { roleSecurityFindings } from "./roleSecurity";
import {
  ScopedBucket,
  ScopedKey,
  SecurityOptions,
  SecurityScope,
  accountAllowed,
  allowStatements,
  s3Scoped,
  securityScope,
  statementLocation,
} from "./securityScope";

/** KMS actions that read, re-key, share, or destroy access to data encrypted under a key. */
export const KEY_SENSITIVE_ACTIONS = [
  "kms:Decrypt",
  "kms:ReEncryptFrom",
  "kms:ReEncryptTo",
  "kms:Encrypt",
  "kms:GenerateDataKey",
  "kms:GenerateDataKeyWithoutPlaintext",
  "kms:CreateGrant",
  "kms:PutKeyPolicy",
  "kms:ScheduleKeyDeletion",
  "kms:DisableKey",
  "kms:DisableKeyRotation",
  "kms:ImportKeyMaterial",
  "kms:DeleteImportedKeyMaterial",
] as const;

/** KEY_SENSITIVE_ACTIONS with their lower-cased forms. */
const KEY_SENSITIVE = actionList(KEY_SENSITIVE_ACTIONS);

/** KMS actions of S3 using a key for replication (and of the console's "other AWS accounts" form). */
const KEY_USE_ACTIONS = new Set(
  [
    "kms:Decrypt",
    "kms:ReEncryptFrom",
    "kms:ReEncryptTo",
    "kms:Encrypt",
    "kms:GenerateDataKey",
    "kms:GenerateDataKeyWithoutPlaintext",
  ].map((action) => action.toLowerCase()),
);

/** S3 object actions that read, write or delete replicated data (or its ACL, tags or retention). */
export const OBJECT_DATA_ACTIONS = [
  "s3:GetObject",
  "s3:GetObjectVersion",
  "s3:GetObjectVersionForReplication",
  "s3:GetObjectAcl",
  "s3:GetObjectVersionAcl",
  "s3:GetObjectTagging",
  "s3:GetObjectVersionTagging",
  "s3:PutObject",
  "s3:PutObjectAcl",
  "s3:PutObjectVersionAcl",
  "s3:PutObjectTagging",
  "s3:DeleteObject",
  "s3:DeleteObjectVersion",
  "s3:DeleteObjectTagging",
  "s3:RestoreObject",
  "s3:ReplicateObject",
  "s3:ReplicateDelete",
  "s3:ReplicateTags",
  "s3:ObjectOwnerOverrideToBucketOwner",
  "s3:PutObjectRetention",
  "s3:PutObjectLegalHold",
  "s3:BypassGovernanceRetention",
] as const;

/** OBJECT_DATA_ACTIONS with their lower-cased forms. */
const OBJECT_DATA = actionList(OBJECT_DATA_ACTIONS);

/** S3 bucket actions that list replicated data or change who can reach it. */
export const BUCKET_CONTROL_ACTIONS = [
  "s3:ListBucket",
  "s3:ListBucketVersions",
  "s3:PutBucketPolicy",
  "s3:DeleteBucketPolicy",
  "s3:PutBucketAcl",
  "s3:PutBucketOwnershipControls",
  "s3:PutBucketPublicAccessBlock",
  "s3:PutReplicationConfiguration",
  "s3:PutBucketVersioning",
  "s3:PutEncryptionConfiguration",
  "s3:PutLifecycleConfiguration",
  "s3:PutBucketObjectLockConfiguration",
  "s3:DeleteBucket",
] as const;

/** BUCKET_CONTROL_ACTIONS with their lower-cased forms. */
const BUCKET_CONTROL = actionList(BUCKET_CONTROL_ACTIONS);

/** What S3 replication itself does on a bucket (either direction): a counterpart account may hold these. */
const BUCKET_REPLICATION_USE = new Set(
  [
    "s3:ReplicateObject",
    "s3:ReplicateDelete",
    "s3:ReplicateTags",
    "s3:ObjectOwnerOverrideToBucketOwner",
    "s3:GetObjectVersionForReplication",
    "s3:GetObjectVersionAcl",
    "s3:GetObjectVersionTagging",
    "s3:PutObjectRetention",
    "s3:PutObjectLegalHold",
    "s3:ListBucket",
    "s3:PutBucketVersioning",
  ].map((action) => action.toLowerCase()),
);

/** Every security finding of one replication: its keys, buckets and role, and every principal on them. */
export function securityFindings(found: FoundReplication, options: SecurityOptions = {}): Finding[] {
  const scope = securityScope(found, options);
  return [
    ...scope.keys.flatMap((entry) => keySecurityFindings(entry, scope)),
    ...scope.buckets.flatMap((entry) => bucketSecurityFindings(entry, scope)),
    ...replicaOwnershipFindings(found),
    ...(found.role ? roleSecurityFindings(found.role, scope) : []),
  ];
}

/** The account a key belongs to. */
function keyAccount(key: FoundKey): string | undefined {
  return key.account ?? (key.arn ? parseArn(key.arn)?.account || undefined : undefined);
}

/** A verdict on one principal of one statement. */
interface PrincipalVerdict {
  code: FindingCode;
  severity?: Severity;
  accounts?: string[];
}

/** One Allow statement of a resource policy as its principals are judged, read once. */
interface JudgedStatement {
  statement: PolicyStatement;
  /** The sensitive actions it admits (`ResourceJudgement.sensitive`). */
  sensitive: readonly string[];
  /** True when it grants every action of the service. */
  full: boolean;
  /** How its conditions narrow a wildcard principal. */
  restriction: PrincipalRestriction | undefined;
}

/**
 * Judges one principal of an Allow statement on a resource of `judge.resourceAccount`: undefined
 * when it is the resource's account, the replication role, an allowed account, a counterpart
 * account (`judge.counterparts`: the replication's accounts, and for a key the accounts of the
 * paths that write replicas with it) using it for replication (`judge.replicationUse`), or a
 * service or wildcard narrowed to such accounts.
 */
function judgePrincipal(
  principal: StatementPrincipal,
  judged: JudgedStatement,
  judge: ResourceJudgement,
): PrincipalVerdict | undefined {
  const { scope, codes } = judge;
  switch (principal.kind) {
    case PrincipalKind.Anyone:
      return judged.restriction === undefined ? { code: codes.public } : narrowed(principal, judged, judge);
    case PrincipalKind.Service:
      return judged.restriction === undefined
        ? { code: FindingCode.ServicePrincipalUnscoped }
        : narrowed(principal, judged, judge);
    case PrincipalKind.Federated:
      return { code: codes.other, accounts: [] };
    default: {
      if (principal.written === scope.roleArn) return undefined;
      const account = principal.account ?? "";
      // Another replication's role using a shared bucket or key for replication only (two-way, fan-in).
      if (scope.peerRoles.has(principal.written) && usesForReplication(principal, account, judged, judge))
        return undefined;
      return outsider(principal, account, judged, judge) ? { code: codes.other, accounts: [account] } : undefined;
    }
  }
}

/** The verdict on a service or wildcard narrowed by the statement's conditions to some accounts. */
function narrowed(
  principal: StatementPrincipal,
  judged: JudgedStatement,
  judge: ResourceJudgement,
): PrincipalVerdict | undefined {
  const others = (judged.restriction?.accounts ?? []).filter((account) => outsider(principal, account, judged, judge));
  return others.length > 0 ? { code: judge.codes.other, accounts: others } : undefined;
}

/** True when an account is neither allowed nor a counterpart using the resource for replication. */
function outsider(
  principal: StatementPrincipal,
  account: string,
  judged: JudgedStatement,
  judge: ResourceJudgement,
): boolean {
  return (
    !accountAllowed(judge.scope, account, judge.resourceAccount) &&
    !(judge.counterparts.has(account) && usesForReplication(principal, account, judged, judge))
  );
}

/** True when the principal's account uses the resource for replication only (never with every action of it). */
function usesForReplication(
  principal: StatementPrincipal,
  account: string,
  judged: JudgedStatement,
  judge: ResourceJudgement,
): boolean {
  return !judged.full && judge.replicationUse(judged.statement, judged.sensitive, principal, account);
}

/** Says what AWS does with a grant: refuses it at deploy, accepts it but ignores it, or applies it. */
export enum DeployVerdict {
  /** AWS rejects the request that writes it: the stack fails at `up`. */
  Refused = "refused at deploy",
  /** AWS accepts it but a setting makes it ineffective while the setting stays. */
  Ineffective = "deploys, ineffective",
  /** AWS accepts and applies it: the data is exposed. */
  Exposed = "deploys, exposed",
}

interface ResourceJudgement {
  scope: SecurityScope;
  subject: string;
  resourceAccount: string;
  resourceLabel: string;
  /** The accounts that may use the resource for replication (see judgePrincipal). */
  counterparts: Pick<ReadonlySet<string>, "has">;
  service: "kms" | "s3";
  codes: { public: FindingCode; other: FindingCode; full: FindingCode };
  /** The sensitive actions a statement admits (its actions read once). */
  sensitive: (statement: PolicyStatement, actions: StatementActions) => string[];
  /** Whether a principal's account uses the resource for replication only, given the statement's sensitive actions. */
  replicationUse: (
    statement: PolicyStatement,
    sensitive: readonly string[],
    principal: StatementPrincipal,
    account: string,
  ) => boolean;
  deploy: (code: FindingCode) => { verdict: DeployVerdict; why: string };
}

/** One Allow statement of a resource policy with its actions and principals, read once for every judgement of it. */
interface ReadAllow {
  statement: PolicyStatement;
  /** Its position in the document. */
  index: number;
  actions: StatementActions;
  principals: StatementPrincipal[];
}

/** The Allow statements of a resource policy, each read once. */
function readAllows(policy: FoundPolicy | undefined): ReadAllow[] {
  const allows = allowStatements(policy);
  const read: ReadAllow[] = [];
  for (let at = 0; at < allows.length; at++) {
    const { statement, index } = allows[at]!;
    read.push({ statement, index, actions: statementActions(statement), principals: statementPrincipals(statement) });
  }
  return read;
}

/** Findings for every Allow statement of a resource policy that admits a principal it should not. */
function resourcePolicyFindings(allows: readonly ReadAllow[], judge: ResourceJudgement): Finding[] {
  const findings: Finding[] = [];
  // Indexed loops: this runs mostly before the JIT optimises it, when for-of allocates per element.
  for (let at = 0; at < allows.length; at++) {
    const { statement, index, actions: read, principals } = allows[at]!;
    const full = grantsAllOfRead(read, judge.service);
    if (drawsNoFinding(principals, full, judge)) continue;
    const sensitive = judge.sensitive(statement, read);
    if (sensitive.length === 0 && !full) continue;
    const restriction = principalRestriction(statement.Condition);
    const judged: JudgedStatement = { statement, sensitive, full, restriction };
    const location = statementLocation(statement, index);
    const actions = full ? allActionsText(statement, judge.service) : sensitive.join(", ");
    for (let position = 0; position < principals.length; position++) {
      const principal = principals[position]!;
      const verdict = judgePrincipal(principal, judged, judge);
      if (verdict !== undefined) {
        const { verdict: deployed, why } = judge.deploy(verdict.code);
        const who =
          verdict.accounts !== undefined && verdict.accounts.length > 0 && principal.kind !== PrincipalKind.Account
            ? `${describePrincipal(principal)}, narrowed to account ${verdict.accounts.join(", ")} by its condition,`
            : describePrincipal(principal);
        findings.push(
          finding(verdict.code, {
            subject: judge.subject,
            location,
            ...(verdict.severity ? { severity: verdict.severity } : {}),
            detail: { principal: principal.written, actions, deploy: deployed },
            message: `${judge.resourceLabel} lets ${who} ${actions}${restriction ? "" : " with no condition restricting the caller"}; ${why}.`,
            fix: fixFor(verdict.code, principal, judge),
          }),
        );
      }
      // The resource's account may administer it; a replication role (this one or a peer's) never needs all of it.
      const replicationRole = isReplicationRole(principal, judge.scope);
      const ownAccount =
        principal.kind === PrincipalKind.Account && principal.account === judge.resourceAccount && !replicationRole;
      if (full && !ownAccount && verdict?.code !== judge.codes.public) {
        findings.push(
          finding(judge.codes.full, {
            subject: judge.subject,
            location,
            detail: { principal: principal.written, actions: allActionsText(statement, judge.service) },
            message: `${judge.resourceLabel} gives ${describePrincipal(principal)} every ${judge.service} action (${allActionsText(statement, judge.service)}), though it is not a principal of the ${judge.service === "kms" ? "key" : "bucket"}'s account ${judge.resourceAccount}; ${judge.deploy(judge.codes.full).why}.`,
            fix: `grant ${principal.written} only the ${judge.service} actions it uses`,
          }),
        );
      }
    }
  }
  return findings;
}

/** True when a principal is the replication role or another replication's role. */
function isReplicationRole(principal: StatementPrincipal, scope: SecurityScope): boolean {
  return principal.written === scope.roleArn || scope.peerRoles.has(principal.written);
}

/**
 * True when a statement can draw no finding, whatever it grants: each principal is one judgePrincipal
 * admits before reading the statement, an account principal of the resource's own account
 * (`accountAllowed`) or the replication role itself, and, when the statement grants every action of
 * the service, each is of the resource's own account and none a replication role (the full-access
 * finding spares only those). The common key policy (the account's root with `kms:*`, the role with
 * its key use) is passed over without reading its actions or conditions.
 */
function drawsNoFinding(principals: readonly StatementPrincipal[], full: boolean, judge: ResourceJudgement): boolean {
  for (let index = 0; index < principals.length; index++) {
    const principal = principals[index]!;
    if (principal.kind !== PrincipalKind.Account) return false;
    const ownAccount = principal.account === judge.resourceAccount;
    const admitted = full
      ? ownAccount && !isReplicationRole(principal, judge.scope)
      : ownAccount || principal.written === judge.scope.roleArn;
    if (!admitted) return false;
  }
  return true;
}

function fixFor(code: FindingCode, principal: StatementPrincipal, judge: ResourceJudgement): string {
  if (code === FindingCode.ServicePrincipalUnscoped)
    return `add aws:SourceAccount (or aws:SourceArn) naming ${judge.resourceAccount}'s resources to the statement for ${principal.written}`;
  if (code === judge.codes.public)
    return `name the principals instead of ${principal.written}, or restrict the statement with aws:PrincipalOrgID, aws:SourceAccount/aws:SourceArn${judge.service === "kms" ? " or kms:CallerAccount with kms:ViaService" : ""}`;
  return `remove ${principal.written} from the statement, or list its account in allowedPrincipalAccounts if it is trusted`;
}

/**
 * A key on a path: its policy's principals, its grants, and whether the policy locks the key's
 * own account out. KMS has no public access block: what its policy admits is applied as written.
 */
export function keySecurityFindings(entry: ScopedKey, scope: SecurityScope): Finding[] {
  const { key } = entry;
  const account = keyAccount(key);
  if (account === undefined || key.awsManaged === true) return [];
  const subject = key.policy?.ref ?? key.ref;
  const exposed = {
    verdict: DeployVerdict.Exposed,
    why: "KMS accepts the key policy as written (it has no public access block), so this deploys and is exposed",
  };
  const allows = readAllows(key.policy);
  const findings = resourcePolicyFindings(allows, {
    scope,
    subject,
    resourceAccount: account,
    resourceLabel: `the ${entry.replica ? "replica" : "source"} key's policy`,
    // Asked only of a principal of another account: the two sets are not merged for every key.
    counterparts: { has: (account) => scope.pathAccounts.has(account) || entry.writers.has(account) },
    service: "kms",
    codes: {
      public: FindingCode.KeyPolicyPublic,
      other: FindingCode.KeyPolicyOtherAccount,
      full: FindingCode.KeyPolicyFullAccess,
    },
    sensitive: (_statement, actions) => admittedFrom(actions, KEY_SENSITIVE),
    replicationUse: (statement, sensitive, principal, principalAccount) =>
      keyUseOnly(statement, sensitive) &&
      ((principal.kind === PrincipalKind.Account && entry.writers.has(principalAccount)) || s3Scoped(statement, scope)),
    deploy: () => exposed,
  });
  findings.push(...lockoutFindings(key, account, subject, allows), ...grantFindings(entry, account, scope));
  return findings;
}

/**
 * True when the statement's sensitive KMS actions are only data-key use (and, as in the console's
 * "other AWS accounts" form, grants for AWS resources: kms:GrantIsForAWSResource true; Key
 * policies, "Allowing users in other accounts to use a KMS key",
 * https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-modifying-external-accounts.html).
 */
function keyUseOnly(statement: PolicyStatement, sensitive: readonly string[]): boolean {
  const forAwsResource = Object.entries(statement.Condition ?? {}).some(
    ([operator, block]) =>
      operator === "Bool" &&
      Object.entries(block ?? {}).some(
        ([key, value]) => key.toLowerCase() === "kms:grantisforawsresource" && String(value).toLowerCase() === "true",
      ),
  );
  return sensitive.every(
    (action) => KEY_USE_ACTIONS.has(action.toLowerCase()) || (action === "kms:CreateGrant" && forAwsResource),
  );
}

/**
 * A key policy in which no principal of the key's account may call kms:PutKeyPolicy: KMS's policy
 * lockout safety check refuses it at CreateKey / PutKeyPolicy unless
 * BypassPolicyLockoutSafetyCheck is set; bypassed, the key deploys and its account can never change
 * the policy again ("Default key policy", https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html;
 * PutKeyPolicy, https://docs.aws.amazon.com/kms/latest/APIReference/API_PutKeyPolicy.html).
 */
function lockoutFindings(key: FoundKey, account: string, subject: string, allows: readonly ReadAllow[]): Finding[] {
  if (key.policy?.document === undefined) return [];
  const administers = allows.some(
    ({ actions, principals }) =>
      admitsLowered(actions, "kms:putkeypolicy") &&
      principals.some(
        (principal) =>
          principal.kind === PrincipalKind.Anyone ||
          (principal.kind === PrincipalKind.Account && principal.account === account),
      ),
  );
  if (administers) return [];
  const bypassed = key.bypassPolicyLockoutSafetyCheck === true;
  return [
    finding(FindingCode.KeyPolicyLockout, {
      subject,
      detail: { action: "kms:PutKeyPolicy", account, deploy: bypassed ? DeployVerdict.Exposed : DeployVerdict.Refused },
      message: bypassed
        ? `no principal of the key's account ${account} may call kms:PutKeyPolicy, and bypassPolicyLockoutSafetyCheck is set: it deploys, and the account can never change this key policy again (only AWS Support can restore it).`
        : `no principal of the key's account ${account} may call kms:PutKeyPolicy: KMS refuses this policy at deploy (the policy lockout safety check) unless bypassPolicyLockoutSafetyCheck is set.`,
      fix: `add { Effect: Allow, Principal: { AWS: "arn:aws:iam::${account}:root" }, Action: "kms:*", Resource: "*" } (AWS's default statement) or a statement giving a key administrator kms:PutKeyPolicy`,
    }),
  ];
}

/** Grants on a key to principals outside the key's account, the role, allowed or counterpart accounts. */
function grantFindings(entry: ScopedKey, account: string, scope: SecurityScope): Finding[] {
  return entry.key.grants.flatMap((grant) => {
    const grantee = grant.granteePrincipal;
    if (grantee === undefined || grantee === scope.roleArn) return [];
    const granteeAccount = parseArn(grantee)?.account;
    if (granteeAccount === undefined || granteeAccount === "") return [];
    const use = grant.operations.every((operation) => KEY_USE_ACTIONS.has(`kms:${operation}`.toLowerCase()));
    if (accountAllowed(scope, granteeAccount, account) || (use && scope.pathAccounts.has(granteeAccount))) return [];
    return [
      finding(FindingCode.KeyPolicyOtherAccount, {
        subject: grant.ref,
        location: "grant",
        detail: { principal: grantee, actions: grant.operations.join(", "), deploy: DeployVerdict.Exposed },
        message: `the grant lets ${grantee} (account ${granteeAccount}) ${grant.operations.join(", ")} with the ${entry.replica ? "replica" : "source"} key of account ${account}; KMS applies grants as written, so this deploys and is exposed.`,
        fix: `retire the grant, or list ${granteeAccount} in allowedPrincipalAccounts if it is trusted`,
      }),
    ];
  });
}

/** True when a resource pattern can match the bucket's ARN or one of its objects (`prefix`: the ARN and `/`). */
function touches(pattern: string, bucketArn: string, prefix: string, objects: boolean): boolean {
  if (!objects) return wildcardMatch(pattern, bucketArn, false);
  const wildcard = pattern.search(/[*?]/);
  if (wildcard < 0) return pattern.startsWith(prefix);
  const literal = pattern.slice(0, wildcard);
  return prefix.startsWith(literal) || literal.startsWith(prefix);
}

/** The data and control actions a bucket-policy statement admits on this bucket. */
export function bucketActionsAdmitted(statement: PolicyStatement, bucketArn: string): string[] {
  return bucketActionsRead(statement, statementActions(statement), bucketArn);
}

/** `bucketActionsAdmitted` on the statement's actions read once. */
function bucketActionsRead(statement: PolicyStatement, actions: StatementActions, bucketArn: string): string[] {
  const resources = asList(statement.Resource);
  const prefix = `${bucketArn}/`;
  const reaches = (objects: boolean): boolean =>
    statement.NotResource !== undefined ||
    resources.some((pattern) => touches(String(pattern), bucketArn, prefix, objects));
  const data = reaches(true) ? admittedFrom(actions, OBJECT_DATA) : [];
  return reaches(false) ? data.concat(admittedFrom(actions, BUCKET_CONTROL)) : data;
}

/** The four public access block settings. */
export type PublicAccessSetting = keyof FoundPublicAccessBlock;

/**
 * Which public access block turns a setting on for a bucket: the bucket's own, else its account's
 * (S3 applies the most restrictive combination of the two: "Configuring block public access
 * settings for your S3 buckets",
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/configuring-block-public-access-bucket.html;
 * "Configuring block public access settings for your account",
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/configuring-block-public-access-account.html),
 * as messages name it; undefined when neither does.
 */
export function publicAccessBlockedBy(bucket: FoundBucket, setting: PublicAccessSetting): string | undefined {
  if (bucket.publicAccessBlock?.[setting] === true) return "the bucket's public access block";
  const account = bucket.accountPublicAccessBlock;
  if (account?.[setting] === true) return `the account's public access block (${account.ref})`;
  return undefined;
}

/**
 * What S3 does with a public bucket policy under the public access blocks (the bucket's and its
 * account's): BlockPublicPolicy makes PutBucketPolicy fail, RestrictPublicBuckets limits a public
 * policy to AWS service principals and the bucket owner's account ("Blocking public access to your
 * Amazon S3 storage", https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html).
 */
export function publicPolicyDeploy(bucket: FoundBucket): { verdict: DeployVerdict; why: string } {
  const blocked = publicAccessBlockedBy(bucket, "blockPublicPolicy");
  if (blocked !== undefined)
    return {
      verdict: DeployVerdict.Refused,
      why: `AWS refuses this bucket policy at deploy (${blocked} sets BlockPublicPolicy), so \`up\` fails until the statement is removed`,
    };
  const restricted = publicAccessBlockedBy(bucket, "restrictPublicBuckets");
  if (restricted !== undefined)
    return {
      verdict: DeployVerdict.Ineffective,
      why: `it deploys, but RestrictPublicBuckets limits it to AWS services and the bucket's own account while the block stays on (set by ${restricted})`,
    };
  return {
    verdict: DeployVerdict.Exposed,
    why:
      bucket.publicAccessBlockUnknown === true
        ? "it deploys and is exposed unless the bucket's public access block (outside this stack) blocks public policies"
        : "it deploys and is exposed (no public access block, the bucket's or its account's, sets BlockPublicPolicy or RestrictPublicBuckets)",
  };
}

/** A bucket on a path: its policy's principals, and its ACL. */
export function bucketSecurityFindings(entry: ScopedBucket, scope: SecurityScope): Finding[] {
  const { bucket } = entry;
  if (bucket.account === undefined || bucket.name === undefined) return [];
  const bucketArn = `arn:${bucket.partition ?? "aws"}:s3:::${bucket.name}`;
  const findings = resourcePolicyFindings(readAllows(bucket.policy), {
    scope,
    subject: bucket.policy?.ref ?? bucket.ref,
    resourceAccount: bucket.account,
    resourceLabel: `the ${entry.destination ? "destination" : "source"} bucket's policy`,
    counterparts: scope.pathAccounts,
    service: "s3",
    codes: {
      public: FindingCode.BucketPolicyPublic,
      other: FindingCode.BucketPolicyOtherAccount,
      full: FindingCode.BucketPolicyFullAccess,
    },
    sensitive: (statement, actions) => bucketActionsRead(statement, actions, bucketArn),
    replicationUse: (_statement, sensitive) =>
      sensitive.every((action) => BUCKET_REPLICATION_USE.has(action.toLowerCase())),
    deploy: (code) =>
      code === FindingCode.BucketPolicyPublic
        ? publicPolicyDeploy(bucket)
        : {
            verdict: DeployVerdict.Exposed,
            why: "S3 applies grants to named accounts whatever the public access block says, so this deploys and is exposed",
          },
  });
  return [...findings, ...aclFindings(bucket), ...aclOtherAccountFindings(bucket)];
}

const PUBLIC_CANNED = new Set(["public-read", "public-read-write", "authenticated-read"]);
const PUBLIC_GROUPS = [
  "http://acs.amazonaws.com/groups/global/AllUsers",
  "http://acs.amazonaws.com/groups/global/AuthenticatedUsers",
];

/**
 * A public bucket ACL (a canned public-read, public-read-write or authenticated-read, or a grant
 * to the AllUsers or AuthenticatedUsers group). With ACLs disabled (BucketOwnerEnforced) S3
 * rejects it (AccessControlListNotSupported); BlockPublicAcls makes PutBucketAcl fail;
 * IgnorePublicAcls makes S3 ignore it ("Blocking public access to your Amazon S3 storage",
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html;
 * "Controlling ownership of objects and disabling ACLs",
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html).
 */
export function aclFindings(bucket: FoundBucket): Finding[] {
  const acl = bucket.acl;
  if (acl === undefined) return [];
  const grants = [
    ...(acl.canned !== undefined && PUBLIC_CANNED.has(acl.canned) ? [`the canned ACL ${acl.canned}`] : []),
    ...acl.grants
      .filter((grant) => grant.grantee !== undefined && PUBLIC_GROUPS.includes(grant.grantee))
      .map((grant) => `${grant.permission ?? "a permission"} for ${grant.grantee ?? ""}`),
  ];
  if (grants.length === 0) return [];
  const blocked = publicAccessBlockedBy(bucket, "blockPublicAcls");
  const ignored = publicAccessBlockedBy(bucket, "ignorePublicAcls");
  const [verdict, why] =
    bucket.ownership === "BucketOwnerEnforced"
      ? [
          DeployVerdict.Refused,
          "AWS refuses it at deploy: the bucket's ACLs are disabled (BucketOwnerEnforced), so S3 answers AccessControlListNotSupported",
        ]
      : blocked !== undefined
        ? [DeployVerdict.Refused, `AWS refuses it at deploy: ${blocked} sets BlockPublicAcls`]
        : ignored !== undefined
          ? [
              DeployVerdict.Ineffective,
              `it deploys, but IgnorePublicAcls makes S3 ignore it while the block stays on (set by ${ignored})`,
            ]
          : [
              DeployVerdict.Exposed,
              "it deploys and is exposed (no BlockPublicAcls or IgnorePublicAcls, the bucket's or its account's, and ACLs are enabled)",
            ];
  return [
    finding(FindingCode.BucketAclPublic, {
      subject: acl.ref,
      detail: { acl: grants.join("; "), deploy: verdict },
      message: `the ${bucket.name ?? bucket.ref} bucket's ACL grants ${grants.join(" and ")}; ${why}.`,
      fix: "use the private ACL (or drop the ACL resource and keep BucketOwnerEnforced)",
    }),
  ];
}

/**
 * ACL grants to another account: a canonical user id that is not the bucket owner's (the ACL's
 * `owner.id`; without it the grants cannot be told apart and are not judged) or an e-mail grantee.
 * The public access block does not apply to them (it blocks public grants only). With ACLs
 * disabled (BucketOwnerEnforced) S3 refuses them (AccessControlListNotSupported); S3 no longer
 * accepts e-mail grantees (PutBucketAcl answers 405 Method Not Allowed since October 1, 2025, and
 * the other Regions never supported them) ("Access control list (ACL) overview",
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html; PutBucketAcl,
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketAcl.html; Grantee,
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_Grantee.html; "Controlling ownership of
 * objects and disabling ACLs", https://docs.aws.amazon.com/AmazonS3/latest/userguide/about-object-ownership.html).
 */
export function aclOtherAccountFindings(bucket: FoundBucket): Finding[] {
  const acl = bucket.acl;
  if (acl === undefined) return [];
  const permission = (grant: FoundAclGrant): string => grant.permission ?? "a permission";
  const email = acl.grants.filter((grant) => grant.type === "AmazonCustomerByEmail");
  const canonical = acl.grants.filter(
    (grant) =>
      grant.type === "CanonicalUser" &&
      acl.ownerId !== undefined &&
      grant.grantee !== undefined &&
      grant.grantee !== acl.ownerId,
  );
  const findings: Finding[] = [];
  const report = (grants: FoundAclGrant[], who: string, verdict: DeployVerdict, why: string): void => {
    if (grants.length === 0) return;
    const listed = grants.map((grant) => `${permission(grant)} for ${who} ${grant.grantee ?? "?"}`).join(" and ");
    findings.push(
      finding(FindingCode.BucketAclOtherAccount, {
        subject: acl.ref,
        detail: { acl: listed, deploy: verdict },
        message: `the ${bucket.name ?? bucket.ref} bucket's ACL grants ${listed}, not the bucket owner; ${why}.`,
        fix: "remove the grant and keep BucketOwnerEnforced (ACLs disabled); give another account access in the bucket policy instead",
      }),
    );
  };
  report(
    email,
    "the e-mail grantee",
    DeployVerdict.Refused,
    "AWS refuses it at deploy: S3 no longer accepts e-mail grantees (PutBucketAcl answers 405 Method Not Allowed since October 1, 2025; other Regions never supported them)",
  );
  const [verdict, why] =
    bucket.ownership === "BucketOwnerEnforced"
      ? [
          DeployVerdict.Refused,
          "AWS refuses it at deploy: the bucket's ACLs are disabled (BucketOwnerEnforced), so S3 answers AccessControlListNotSupported",
        ]
      : [
          DeployVerdict.Exposed,
          `it deploys and is exposed${bucket.ownership === undefined ? " where the bucket's ACLs are enabled" : ""} (the public access block does not apply to grants to named accounts)`,
        ];
  report(canonical, "the canonical user", verdict, why);
  return findings;
}

/**
 * A cross-account rule without an owner override into a destination whose ACLs are enabled:
 * replicas stay owned by the source account ("By default, the source object owner also owns the
 * replica"; with BucketOwnerEnforced the destination owns every object; "Changing the replica
 * owner", https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-change-owner.html).
 */
export function replicaOwnershipFindings(found: FoundReplication): Finding[] {
  return found.rules.flatMap((rule, index) => {
    if (rule.status === "Disabled" || rule.destinationBucket === undefined || rule.ownerOverride !== undefined)
      return [];
    const destination = found.destinations[rule.destinationBucket];
    const ownership = destination?.ownership;
    const sourceAccount = found.source.account;
    const destinationAccount = rule.destinationAccount ?? destination?.account;
    if (ownership === undefined || ownership === "BucketOwnerEnforced") return [];
    if (sourceAccount === undefined || destinationAccount === undefined || sourceAccount === destinationAccount)
      return [];
    return [
      finding(FindingCode.ReplicaOwnershipNotEnforced, {
        subject: destination?.ref ?? found.ref,
        location: `rule ${rule.id ?? index}`,
        detail: { setting: "objectOwnership", value: ownership, owner: sourceAccount, deploy: DeployVerdict.Exposed },
        message: `the destination's object ownership is ${ownership} and the rule does not override the owner, so replicas stay owned by the source account ${sourceAccount}, which keeps control of them in ${destinationAccount}'s bucket; this deploys.`,
        fix: "set the destination's aws.s3.BucketOwnershipControls objectOwnership to BucketOwnerEnforced (or add accessControlTranslation { owner: Destination } with destination.account)",
      }),
    ];
  });
}
