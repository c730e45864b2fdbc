/**
 * The security analysis, one rule at a time: each insecure variant is one change to the documents
 * the core generates for the default scenario (cross-account, cross-region, SSE-KMS with Bucket
 * Keys) and draws its finding; the documented patterns (AWS's default key policy, the console's
 * "other AWS accounts" form on the replica key, the role's account on the replica key) draw none.
 * Where a rule is about exposure, the independent evaluator shows the outsider really gains access.
 */

import assert from "node:assert/strict";
import { awsDefaultKeyPolicy } from "../../components/documents/keyPolicy";
import { analyzeReplication } from "../../components/model/analysis";
import { Finding, FindingClass, FindingCode, Severity } from "../../components/model/findings";
import { FoundBucket, FoundKey, FoundReplication } from "../../components/model/found";
import { PolicyDocument, PolicyStatement } from "../../components/model/policyDocument";
import { ReplicationRequest, ResourcePolicyKind } from "../../components/model/requests";
import { publicAccessFindings } from "../../components/model/resourceAnalysis";
import { securityFindings } from "../../components/model/security";
import { notePeerReplicaKeys } from "../../components/model/securityScope";
import { foundReplications, generateDocuments } from "../../components/documents";
import { DESTINATION_ACCOUNT, SOURCE_ACCOUNT, defaultScenario } from "../support/scenarios";
import { consoleFormStatements, happyFound } from "../support/securityFound";
import { simulateRequest } from "../support/simulate";

const OUTSIDER = "999999999999";
const OUTSIDER_ROLE = `arn:aws:iam::${OUTSIDER}:role/intruder`;
const SECURITY_CODES = new Set<FindingCode>([
  FindingCode.TrustAdmitsOthers,
  FindingCode.KeyPolicyPublic,
  FindingCode.KeyPolicyOtherAccount,
  FindingCode.KeyPolicyFullAccess,
  FindingCode.KeyPolicyLockout,
  FindingCode.BucketPolicyPublic,
  FindingCode.BucketPolicyOtherAccount,
  FindingCode.BucketPolicyFullAccess,
  FindingCode.BucketAclPublic,
  FindingCode.BucketAclOtherAccount,
  FindingCode.ReplicaOwnershipNotEnforced,
  FindingCode.ServicePrincipalUnscoped,
  FindingCode.RoleBeyondReplication,
]);

const keyOf = (found: FoundReplication, account: string): FoundKey =>
  Object.values(found.keys).find((key) => key.account === account)!;
const destinationOf = (found: FoundReplication): FoundBucket => Object.values(found.destinations)[0]!;
const doc = (value: { document?: PolicyDocument } | undefined): PolicyDocument => {
  assert.ok(value?.document);
  return value.document;
};
const add = (document: PolicyDocument, statement: PolicyStatement): void => {
  document.Statement.push(statement);
};

/**
 * The default scenario both ways (one configuration per direction, as found together), each key's
 * policy given the console's form naming `other(key account)`.
 */
function twoWayPair(other: (keyAccount: string) => string): FoundReplication[] {
  const topology = { ...defaultScenario().topology, twoWay: true };
  const pair = JSON.parse(
    JSON.stringify(foundReplications(topology, generateDocuments(topology))),
  ) as FoundReplication[];
  assert.equal(pair.length, 2);
  for (const found of pair)
    for (const key of Object.values(found.keys))
      doc(key.policy).Statement.push(...consoleFormStatements(other(key.account!)));
  return pair;
}

function expectFinding(findings: Finding[], code: FindingCode, text: RegExp): Finding {
  const match = findings.find((item) => item.code === code && text.test(`${item.message} Fix: ${item.fix}`));
  assert.ok(
    match,
    `expected ${code} matching ${text}; got:\n${findings.map((item) => `${item.code} ${item.message}`).join("\n")}`,
  );
  return match;
}

function expectClean(findings: Finding[]): void {
  const security = findings.filter((item) => SECURITY_CODES.has(item.code) && item.kind === FindingClass.Security);
  assert.deepEqual(
    security.map((item) => `${item.code} ${item.message}`),
    [],
  );
}

/** An outsider's request on a resource of the scenario, for the independent evaluator. */
function outsiderRequest(
  action: string,
  resource: string,
  resourceAccount: string,
  kind: ResourcePolicyKind,
): ReplicationRequest {
  return {
    id: `outsider:${action}`,
    purpose: "an outsider reaching replicated data",
    principal: OUTSIDER_ROLE,
    principalIsService: false,
    principalAccount: OUTSIDER,
    action,
    resource,
    resourceAccount,
    resourcePolicy: kind,
    context: {},
  };
}

/** The outsider's own policy allows everything: only the resource policy stands in the way. */
const OUTSIDER_IDENTITY: PolicyDocument = {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }],
};

describe("security: the generated documents and AWS's documented patterns draw no finding", () => {
  it("the correct cross-account stack", () => {
    expectClean(analyzeReplication(happyFound()));
  });

  it("AWS's default key policy on the source key (account root, kms:*)", () => {
    const found = happyFound();
    keyOf(found, SOURCE_ACCOUNT).policy!.document = awsDefaultKeyPolicy(SOURCE_ACCOUNT, "aws");
    assert.deepEqual(analyzeReplication(found), []);
  });

  it("the console's 'other AWS accounts' form naming the source account on the replica key", () => {
    const found = happyFound();
    doc(keyOf(found, DESTINATION_ACCOUNT).policy).Statement.push(...consoleFormStatements(SOURCE_ACCOUNT));
    expectClean(analyzeReplication(found));
  });

  it("a two-way pair with the console's 'other AWS accounts' form on both keys (each the other side's replica key)", () => {
    const pair = twoWayPair((account) => (account === SOURCE_ACCOUNT ? DESTINATION_ACCOUNT : SOURCE_ACCOUNT));
    const before = pair.flatMap((found) => securityFindings(found));
    expectFinding(
      before,
      FindingCode.KeyPolicyOtherAccount,
      /source key's policy lets account 222222222222 kms:Decrypt/,
    );
    notePeerReplicaKeys(pair);
    for (const found of pair) expectClean(analyzeReplication(found));
  });

  it("a wildcard narrowed by aws:PrincipalOrgID, or by kms:CallerAccount with kms:ViaService", async () => {
    const found = happyFound();
    const key = keyOf(found, SOURCE_ACCOUNT);
    add(doc(key.policy), {
      Sid: "Org",
      Effect: "Allow",
      Principal: { AWS: "*" },
      Action: "kms:Decrypt",
      Resource: "*",
      Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abcdef1234" } },
    });
    add(doc(key.policy), {
      Sid: "ViaS3InTheAccount",
      Effect: "Allow",
      Principal: { AWS: "*" },
      Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
      Resource: "*",
      Condition: {
        StringEquals: { "kms:CallerAccount": SOURCE_ACCOUNT, "kms:ViaService": "s3.us-east-1.amazonaws.com" },
      },
    });
    expectClean(analyzeReplication(found));
    const outcome = await simulateRequest(
      outsiderRequest("kms:Decrypt", key.arn!, SOURCE_ACCOUNT, ResourcePolicyKind.KeyPolicy),
      { identityPolicies: [OUTSIDER_IDENTITY], resourcePolicy: doc(key.policy) },
    );
    assert.equal(outcome.allowed, false, "the evaluator: an outsider outside the org cannot decrypt");
  });
});

describe("security: key policies and grants", () => {
  it("in a two-way pair, a third account in the console's 'other AWS accounts' form is still another account", () => {
    const pair = twoWayPair(() => OUTSIDER);
    notePeerReplicaKeys(pair);
    for (const found of pair)
      expectFinding(
        securityFindings(found),
        FindingCode.KeyPolicyOtherAccount,
        /lets account 999999999999 kms:Decrypt/,
      );
  });

  it("configurations joined share one list of replica keys, each skipping its own entries", () => {
    // Without a role, the writer a configuration lists for its replica key is its source account:
    // counted as a peer, it would excuse the console's form naming that account on the replica key.
    const found = happyFound();
    delete found.role;
    delete found.roleArn;
    doc(keyOf(found, DESTINATION_ACCOUNT).policy).Statement.push(...consoleFormStatements(SOURCE_ACCOUNT));
    const alone = securityFindings(found);
    expectFinding(alone, FindingCode.KeyPolicyOtherAccount, /replica key's policy lets account 111111111111/);
    const otherKey = `arn:aws:kms:us-east-1:${OUTSIDER}:key/mrk-00000000000000000000000000000001`;
    const other: FoundReplication = {
      ref: "s3.BucketReplicationConfig other",
      source: { ref: "s3.Bucket other", account: OUTSIDER },
      rules: [
        {
          status: "Enabled",
          hasFilter: true,
          destinationBucket: "arn:aws:s3:::other-replica",
          replicaKmsKeyId: otherKey,
        },
      ],
      destinations: {},
      keys: { [otherKey]: { ref: "kms.Key other", arn: otherKey, grants: [] } },
    };
    notePeerReplicaKeys([other, found]);
    assert.equal(found.peerReplicaKeys, other.peerReplicaKeys, "one list for the configurations joined");
    assert.deepEqual(found.ownReplicaKeys, { start: 2, end: 4 });
    assert.deepEqual(securityFindings(found), alone);
  });

  it("another replication's role using the key through S3 for these buckets is expected only as a peer (two-way, fan-in)", () => {
    const found = happyFound();
    const peer = `arn:aws:iam::${OUTSIDER}:role/back-replication`;
    const bucket = found.source.name!;
    add(doc(keyOf(found, SOURCE_ACCOUNT).policy), {
      Sid: "PeerEncrypts",
      Effect: "Allow",
      Principal: { AWS: peer },
      Action: ["kms:Encrypt", "kms:Decrypt"],
      Resource: "*",
      Condition: {
        StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" },
        StringLike: { "kms:EncryptionContext:aws:s3:arn": [`arn:aws:s3:::${bucket}`] },
      },
    });
    expectFinding(securityFindings(found), FindingCode.KeyPolicyOtherAccount, /back-replication/);
    found.peerRoleArns = [peer];
    assert.deepEqual(securityFindings(found), []);
  });

  it("kms:* for AWS * on the source key is critical, deploys and is exposed (the evaluator agrees)", async () => {
    const found = happyFound();
    const key = keyOf(found, SOURCE_ACCOUNT);
    add(doc(key.policy), { Sid: "Everyone", Effect: "Allow", Principal: { AWS: "*" }, Action: "kms:*", Resource: "*" });
    const item = expectFinding(
      analyzeReplication(found),
      FindingCode.KeyPolicyPublic,
      /source key's policy lets any principal \(AWS "\*"\) kms:\* with no condition.*deploys and is exposed/,
    );
    assert.equal(item.severity, Severity.Critical);
    assert.equal(item.location, 'statement "Everyone"');
    const outcome = await simulateRequest(
      outsiderRequest("kms:Decrypt", key.arn!, SOURCE_ACCOUNT, ResourcePolicyKind.KeyPolicy),
      { identityPolicies: [OUTSIDER_IDENTITY], resourcePolicy: doc(key.policy) },
    );
    assert.equal(outcome.allowed, true);
  });

  it("a wildcard narrowed by aws:SourceAccount to a third account is another account", () => {
    const found = happyFound();
    add(doc(keyOf(found, DESTINATION_ACCOUNT).policy), {
      Effect: "Allow",
      Principal: "*",
      Action: "kms:Decrypt",
      Resource: "*",
      Condition: { StringEquals: { "aws:SourceAccount": OUTSIDER } },
    });
    expectFinding(analyzeReplication(found), FindingCode.KeyPolicyOtherAccount, /narrowed to account 999999999999/);
  });

  it("a third account on the replica key is high, and silent once allowed", async () => {
    const found = happyFound();
    const key = keyOf(found, DESTINATION_ACCOUNT);
    add(doc(key.policy), {
      Sid: "Third",
      Effect: "Allow",
      Principal: { AWS: `arn:aws:iam::${OUTSIDER}:root` },
      Action: ["kms:Decrypt"],
      Resource: "*",
    });
    const item = expectFinding(
      analyzeReplication(found),
      FindingCode.KeyPolicyOtherAccount,
      /replica key's policy lets account 999999999999 kms:Decrypt.*allowedPrincipalAccounts/,
    );
    assert.equal(item.severity, Severity.High);
    expectClean(analyzeReplication(found, { allowedPrincipalAccounts: [OUTSIDER] }));
    const outcome = await simulateRequest(
      outsiderRequest("kms:Decrypt", key.arn!, DESTINATION_ACCOUNT, ResourcePolicyKind.KeyPolicy),
      { identityPolicies: [OUTSIDER_IDENTITY], resourcePolicy: doc(key.policy) },
    );
    assert.equal(outcome.allowed, true);
  });

  it("the destination account decrypting the source key is another account (judged across resources)", () => {
    const found = happyFound();
    add(doc(keyOf(found, SOURCE_ACCOUNT).policy), {
      Effect: "Allow",
      Principal: { AWS: `arn:aws:iam::${DESTINATION_ACCOUNT}:root` },
      Action: ["kms:Decrypt", "kms:DescribeKey"],
      Resource: "*",
    });
    expectFinding(
      analyzeReplication(found),
      FindingCode.KeyPolicyOtherAccount,
      /source key's policy lets account 222222222222 kms:Decrypt/,
    );
  });

  it("kms:* for the replication role on the replica key", () => {
    const found = happyFound();
    add(doc(keyOf(found, DESTINATION_ACCOUNT).policy), {
      Effect: "Allow",
      Principal: { AWS: found.role!.arn! },
      Action: "kms:*",
      Resource: "*",
    });
    expectFinding(
      analyzeReplication(found),
      FindingCode.KeyPolicyFullAccess,
      /every kms action \(kms:\*\).*not a principal of the key's account 222222222222/,
    );
  });

  it("an Allow with NotAction grants every action it does not name: a wildcard narrowed to the key's account with NotAction kms:Encrypt is S3R055 (the evaluator agrees)", async () => {
    const found = happyFound();
    const key = keyOf(found, SOURCE_ACCOUNT);
    add(doc(key.policy), {
      Sid: "AllButEncrypt",
      Effect: "Allow",
      Principal: "*",
      NotAction: ["kms:Encrypt", "ec2:*"],
      Resource: "*",
      Condition: { StringEquals: { "kms:CallerAccount": SOURCE_ACCOUNT } },
    });
    expectFinding(
      analyzeReplication(found),
      FindingCode.KeyPolicyFullAccess,
      /every kms action \(kms:\* but kms:Encrypt, ec2:\* \(NotAction\)\)/,
    );
    const sameAccount = {
      ...outsiderRequest("kms:ScheduleKeyDeletion", key.arn!, SOURCE_ACCOUNT, ResourcePolicyKind.KeyPolicy),
      principal: `arn:aws:iam::${SOURCE_ACCOUNT}:role/anyone`,
      principalAccount: SOURCE_ACCOUNT,
    };
    const outcome = await simulateRequest(sameAccount, { identityPolicies: [], resourcePolicy: doc(key.policy) });
    assert.equal(outcome.allowed, true, "any principal of the account may schedule the key's deletion, IAM or not");
  });

  it("kms:* (or NotAction naming no KMS action) for the replication role on the source key of its own account is S3R055", () => {
    for (const actions of [{ Action: "kms:*" }, { NotAction: "s3:ReplicateObject" }]) {
      const found = happyFound();
      add(doc(keyOf(found, SOURCE_ACCOUNT).policy), {
        Effect: "Allow",
        Principal: { AWS: found.role!.arn! },
        ...actions,
        Resource: "*",
      });
      expectFinding(
        analyzeReplication(found),
        FindingCode.KeyPolicyFullAccess,
        /source key's policy gives arn:aws:iam::111111111111:role\/orders-replication .* every kms action/,
      );
    }
  });

  it("a key policy without kms:PutKeyPolicy for its account: refused at deploy, or deployed when the check is bypassed", () => {
    const found = happyFound();
    const key = keyOf(found, DESTINATION_ACCOUNT);
    doc(key.policy).Statement = doc(key.policy).Statement.filter(
      (statement) => statement.Sid !== "EnableKeyOwnerAccount",
    );
    const refused = expectFinding(
      securityFindings(found),
      FindingCode.KeyPolicyLockout,
      /KMS refuses this policy at deploy/,
    );
    assert.equal(refused.detail["deploy"], "refused at deploy");
    key.bypassPolicyLockoutSafetyCheck = true;
    const bypassed = expectFinding(
      securityFindings(found),
      FindingCode.KeyPolicyLockout,
      /bypassPolicyLockoutSafetyCheck is set: it deploys/,
    );
    assert.equal(bypassed.detail["deploy"], "deploys, exposed");
  });

  it("a grant to a third account", () => {
    const found = happyFound();
    keyOf(found, DESTINATION_ACCOUNT).grants.push({
      ref: "aws:kms/grant:Grant leak",
      granteePrincipal: OUTSIDER_ROLE,
      operations: ["Decrypt"],
    });
    expectFinding(
      analyzeReplication(found),
      FindingCode.KeyPolicyOtherAccount,
      /the grant lets arn:aws:iam::999999999999:role\/intruder/,
    );
  });
});

describe("security: bucket policies, ACLs and ownership", () => {
  const readReplicas = (principal: NonNullable<PolicyStatement["Principal"]>): PolicyStatement => ({
    Sid: "Read",
    Effect: "Allow",
    Principal: principal,
    Action: "s3:GetObject",
    Resource: `arn:aws:s3:::${destinationOf(happyFound()).name}/*`,
  });

  it("anyone reading replicas: refused under BlockPublicPolicy, ineffective under RestrictPublicBuckets, else exposed", async () => {
    const found = happyFound();
    const bucket = destinationOf(found);
    add(doc(bucket.policy), readReplicas("*"));
    bucket.publicAccessBlock = { blockPublicPolicy: true, restrictPublicBuckets: true };
    expectFinding(
      analyzeReplication(found),
      FindingCode.BucketPolicyPublic,
      /AWS refuses this bucket policy at deploy/,
    );
    bucket.publicAccessBlock = { blockPublicPolicy: false, restrictPublicBuckets: true };
    expectFinding(analyzeReplication(found), FindingCode.BucketPolicyPublic, /deploys, but RestrictPublicBuckets/);
    bucket.publicAccessBlock = {};
    expectFinding(analyzeReplication(found), FindingCode.BucketPolicyPublic, /deploys and is exposed/);
    const outcome = await simulateRequest(
      outsiderRequest(
        "s3:GetObject",
        `arn:aws:s3:::${bucket.name}/data.csv`,
        DESTINATION_ACCOUNT,
        ResourcePolicyKind.BucketPolicy,
      ),
      { identityPolicies: [OUTSIDER_IDENTITY], resourcePolicy: doc(bucket.policy) },
    );
    assert.equal(outcome.allowed, true);
  });

  it("the account's public access block counts where the bucket's does, and the message says which", () => {
    const found = happyFound();
    const bucket = destinationOf(found);
    add(doc(bucket.policy), readReplicas("*"));
    bucket.publicAccessBlock = {};
    const ref = 's3.AccountPublicAccessBlock "dr-account"';
    bucket.accountPublicAccessBlock = { ref, blockPublicPolicy: true };
    expectFinding(
      analyzeReplication(found),
      FindingCode.BucketPolicyPublic,
      /AWS refuses this bucket policy at deploy \(the account's public access block \(s3\.AccountPublicAccessBlock "dr-account"\) sets BlockPublicPolicy\)/,
    );
    bucket.accountPublicAccessBlock = { ref, restrictPublicBuckets: true };
    expectFinding(
      analyzeReplication(found),
      FindingCode.BucketPolicyPublic,
      /deploys, but RestrictPublicBuckets limits it .* \(set by the account's public access block \(s3\.AccountPublicAccessBlock "dr-account"\)\)/,
    );
    bucket.policy = { ref: "none", document: { Version: "2012-10-17", Statement: [] } };
    bucket.acl = { ref: 's3.BucketAcl "dst-acl"', canned: "public-read", grants: [] };
    bucket.ownership = "BucketOwnerPreferred";
    bucket.accountPublicAccessBlock = { ref, ignorePublicAcls: true };
    expectFinding(
      analyzeReplication(found),
      FindingCode.BucketAclPublic,
      /deploys, but IgnorePublicAcls makes S3 ignore it while the block stays on \(set by the account's public access block/,
    );
    bucket.accountPublicAccessBlock = { ref, blockPublicAcls: true };
    expectFinding(
      analyzeReplication(found),
      FindingCode.BucketAclPublic,
      /AWS refuses it at deploy: the account's public access block .* sets BlockPublicAcls/,
    );
  });

  it("S3R032 reads the account's public access block: all four on there leaves nothing to report", () => {
    const bucket = destinationOf(happyFound());
    bucket.publicAccessBlock = { blockPublicAcls: false };
    const notBlocked = (): string[] => publicAccessFindings(bucket).map((item) => item.message);
    assert.deepEqual(notBlocked(), [
      "public access block settings not true: blockPublicAcls, blockPublicPolicy, ignorePublicAcls, restrictPublicBuckets.",
    ]);
    const ref = 's3.AccountPublicAccessBlock "dr-account"';
    bucket.accountPublicAccessBlock = { ref, blockPublicPolicy: true, restrictPublicBuckets: true };
    assert.deepEqual(notBlocked(), [
      `public access block settings not true in the bucket's block nor in the account's (${ref}): blockPublicAcls, ignorePublicAcls.`,
    ]);
    bucket.accountPublicAccessBlock = {
      ref,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    };
    assert.deepEqual(notBlocked(), []);
  });

  it("a third account reading replicas, silent once allowed", () => {
    const found = happyFound();
    add(doc(destinationOf(found).policy), readReplicas({ AWS: OUTSIDER }));
    expectFinding(
      analyzeReplication(found),
      FindingCode.BucketPolicyOtherAccount,
      /destination bucket's policy lets account 999999999999 s3:GetObject/,
    );
    expectClean(analyzeReplication(found, { allowedPrincipalAccounts: [OUTSIDER] }));
  });

  it("s3:* for the replication role on the destination", () => {
    const found = happyFound();
    const bucket = destinationOf(found);
    add(doc(bucket.policy), {
      Effect: "Allow",
      Principal: { AWS: found.role!.arn! },
      Action: "s3:*",
      Resource: [`arn:aws:s3:::${bucket.name}`, `arn:aws:s3:::${bucket.name}/*`],
    });
    expectFinding(analyzeReplication(found), FindingCode.BucketPolicyFullAccess, /every s3 action \(s3:\*\)/);
  });

  it("a service principal without a source condition, and with one", () => {
    const found = happyFound();
    const bucket = destinationOf(found);
    const logging: PolicyStatement = {
      Effect: "Allow",
      Principal: { Service: "logging.s3.amazonaws.com" },
      Action: "s3:PutObject",
      Resource: `arn:aws:s3:::${bucket.name}/logs/*`,
    };
    add(doc(bucket.policy), logging);
    expectFinding(
      analyzeReplication(found),
      FindingCode.ServicePrincipalUnscoped,
      /the service logging\.s3\.amazonaws\.com/,
    );
    logging.Condition = { StringEquals: { "aws:SourceAccount": DESTINATION_ACCOUNT } };
    expectClean(analyzeReplication(found));
  });

  it("a public ACL: refused with ACLs disabled or BlockPublicAcls, ineffective under IgnorePublicAcls, else exposed", () => {
    const found = happyFound();
    const bucket = destinationOf(found);
    bucket.acl = { ref: "aws:s3/bucketAcl:BucketAcl dst-acl", canned: "public-read", grants: [] };
    expectFinding(analyzeReplication(found), FindingCode.BucketAclPublic, /ACLs are disabled \(BucketOwnerEnforced\)/);
    bucket.ownership = "ObjectWriter";
    bucket.publicAccessBlock = { blockPublicAcls: true };
    expectFinding(analyzeReplication(found), FindingCode.BucketAclPublic, /public access block sets BlockPublicAcls/);
    bucket.publicAccessBlock = { ignorePublicAcls: true };
    expectFinding(analyzeReplication(found), FindingCode.BucketAclPublic, /IgnorePublicAcls makes S3 ignore it/);
    bucket.publicAccessBlock = {};
    bucket.acl = {
      ref: "aws:s3/bucketAcl:BucketAcl dst-acl",
      grants: [{ type: "Group", grantee: "http://acs.amazonaws.com/groups/global/AllUsers", permission: "READ" }],
    };
    expectFinding(
      analyzeReplication(found),
      FindingCode.BucketAclPublic,
      /READ for http:\/\/acs\.amazonaws\.com\/groups\/global\/AllUsers; it deploys and is exposed/,
    );
  });

  it("an ACL grant to another account's canonical user id or an e-mail grantee: refused with ACLs disabled, else exposed", () => {
    const found = happyFound();
    const bucket = destinationOf(found);
    const owner = "a".repeat(64);
    const other = "b".repeat(64);
    const ownerGrant = { type: "CanonicalUser", grantee: owner, permission: "FULL_CONTROL" };
    bucket.acl = { ref: 's3.BucketAcl "dst-acl"', ownerId: owner, grants: [ownerGrant] };
    bucket.ownership = "BucketOwnerPreferred";
    expectClean(analyzeReplication(found));
    bucket.acl.grants.push({ type: "CanonicalUser", grantee: other, permission: "READ" });
    const item = expectFinding(
      analyzeReplication(found),
      FindingCode.BucketAclOtherAccount,
      new RegExp(`ACL grants READ for the canonical user ${other}, not the bucket owner; it deploys and is exposed`),
    );
    assert.equal(item.severity, Severity.High);
    assert.equal(item.kind, FindingClass.Security);
    bucket.ownership = "BucketOwnerEnforced";
    expectFinding(
      analyzeReplication(found),
      FindingCode.BucketAclOtherAccount,
      /AWS refuses it at deploy: the bucket's ACLs are disabled \(BucketOwnerEnforced\)/,
    );
    bucket.acl = {
      ref: 's3.BucketAcl "dst-acl"',
      ownerId: owner,
      grants: [ownerGrant, { type: "AmazonCustomerByEmail", grantee: "dr@example.com", permission: "WRITE" }],
    };
    bucket.ownership = "BucketOwnerPreferred";
    expectFinding(
      analyzeReplication(found),
      FindingCode.BucketAclOtherAccount,
      /WRITE for the e-mail grantee dr@example\.com.*AWS refuses it at deploy: S3 no longer accepts e-mail grantees/,
    );
    // Without the owner's id the canonical grants cannot be told apart: not judged.
    bucket.acl = {
      ref: 's3.BucketAcl "dst-acl"',
      grants: [{ type: "CanonicalUser", grantee: other, permission: "READ" }],
    };
    expectClean(analyzeReplication(found));
  });

  it("a cross-account destination with ACLs enabled and no owner override keeps replicas owned by the source", () => {
    const found = happyFound();
    destinationOf(found).ownership = "ObjectWriter";
    for (const rule of found.rules) delete rule.ownerOverride;
    expectFinding(
      securityFindings(found),
      FindingCode.ReplicaOwnershipNotEnforced,
      /replicas stay owned by the source account 111111111111/,
    );
    destinationOf(found).ownership = "BucketOwnerEnforced";
    assert.deepEqual(securityFindings(found), []);
  });
});

describe("security: the replication role", () => {
  it("a trust of AWS * is critical and names that principal, not another", () => {
    const found = happyFound();
    add(doc(found.role!.trustPolicy), { Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" });
    const items = analyzeReplication(found).filter((item) => item.code === FindingCode.TrustAdmitsOthers);
    assert.equal(items.length, 1, items.map((item) => item.message).join("\n"));
    assert.match(items[0]!.message, /lets any principal \(AWS "\*"\) sts:AssumeRole the replication role/);
    assert.doesNotMatch(items[0]!.message, /ec2|lambda/);
    assert.equal(items[0]!.severity, Severity.Critical);
  });

  it("a trust admitting another account's root", () => {
    const found = happyFound();
    add(doc(found.role!.trustPolicy), {
      Effect: "Allow",
      Principal: { AWS: `arn:aws:iam::${OUTSIDER}:root` },
      Action: "sts:AssumeRole",
    });
    expectFinding(analyzeReplication(found), FindingCode.TrustAdmitsOthers, /lets account 999999999999 sts:AssumeRole/);
  });

  const excess: Array<[string, PolicyStatement, RegExp, Severity]> = [
    ["iam:*", { Effect: "Allow", Action: "iam:*", Resource: "*" }, /iam:\* \(IAM administration\)/, Severity.Critical],
    ["iam:PassRole", { Effect: "Allow", Action: "iam:PassRole", Resource: "*" }, /iam:PassRole/, Severity.High],
    [
      "sts:AssumeRole",
      { Effect: "Allow", Action: "sts:AssumeRole", Resource: OUTSIDER_ROLE },
      /sts:AssumeRole \(acts as other roles\)/,
      Severity.High,
    ],
    [
      "another service",
      { Effect: "Allow", Action: ["ec2:RunInstances"], Resource: "*" },
      /actions of ec2/,
      Severity.High,
    ],
    [
      "s3:* on every bucket",
      { Effect: "Allow", Action: "s3:*", Resource: "*" },
      /S3 actions on \* \(not a bucket of this replication\)/,
      Severity.High,
    ],
    [
      "kms on every key",
      { Effect: "Allow", Action: "kms:Decrypt", Resource: "*" },
      /KMS actions on \* \(not a key of this replication\)/,
      Severity.High,
    ],
    ["Action *", { Effect: "Allow", Action: "*", Resource: "*" }, /every action of every service/, Severity.Critical],
  ];
  for (const [title, statement, text, severity] of excess) {
    it(`the role's policy grants ${title}`, () => {
      const found = happyFound();
      add(doc(found.role!.policies[0]), statement);
      const item = expectFinding(analyzeReplication(found), FindingCode.RoleBeyondReplication, text);
      assert.equal(item.severity, severity);
    });
  }

  it("an AWS managed AdministratorAccess attached to the role", () => {
    const found = happyFound();
    found.role!.unresolvedPolicyArns.push("arn:aws:iam::aws:policy/AdministratorAccess");
    const item = expectFinding(securityFindings(found), FindingCode.RoleBeyondReplication, /AdministratorAccess/);
    assert.equal(item.severity, Severity.Critical);
  });
});
