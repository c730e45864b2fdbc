// Every security rule through the offline harness: one insecure change to the correct hand-written
// cross-account program (program.ts) per test draws its finding, with the principal named and what
// AWS does with it at deploy; the correct program and AWS's documented patterns draw none.
import * as assert from "node:assert/strict";
import { PolicyDocument, PolicyStatement } from "s3-replication/components/model";
import { awsDefaultKeyPolicy } from "s3-replication/components/documents";
import * as aws from "@pulumi/aws";
import { publicAccessFindings } from "s3-replication/components/model";
import { readStackExport } from "../../policypack/check/exportReader";
import { modelOfRecords } from "../../policypack/check/topology";
import { runPolicies, toStackExport } from "../../policypack/testing";
import { DST_ACCOUNT, DST_BUCKET, ROLE_ARN, SRC_ACCOUNT, Tweaks, happyProgram } from "./program";
import { twoWayProgram } from "./twoWayProgram";
import type { Case } from "./brokenCases";

const THIRD = "333333333333";
const OWNER_ID = "a".repeat(64);
const OTHER_ID = "b".repeat(64);
/** A BucketAcl accessControlPolicy: the owner's FULL_CONTROL plus these grants. */
const aclPolicy = (...grants: Array<Record<string, unknown>>): Record<string, unknown> => ({
  owner: { id: OWNER_ID },
  grants: [{ grantee: { type: "CanonicalUser", id: OWNER_ID }, permission: "FULL_CONTROL" }, ...grants],
});
const NO_BLOCK = {
  blockPublicAcls: false,
  blockPublicPolicy: false,
  ignorePublicAcls: false,
  restrictPublicBuckets: false,
};
const add =
  (statement: PolicyStatement) =>
  (doc: PolicyDocument): PolicyDocument => ({ ...doc, Statement: [...doc.Statement, statement] });
const without =
  (sid: string) =>
  (doc: PolicyDocument): PolicyDocument => ({ ...doc, Statement: doc.Statement.filter((s) => s.Sid !== sid) });
const readReplicas = (principal: NonNullable<PolicyStatement["Principal"]>): PolicyStatement => ({
  Sid: "ReadReplicas",
  Effect: "Allow",
  Principal: principal,
  Action: "s3:GetObject",
  Resource: `arn:aws:s3:::${DST_BUCKET}/*`,
});

const cases: Case[] = [
  {
    title: "kms:* for AWS * on the source key",
    tweaks: {
      srcKeyPolicy: add({ Sid: "Everyone", Effect: "Allow", Principal: { AWS: "*" }, Action: "kms:*", Resource: "*" }),
    },
    policy: "replication-principals",
    message:
      /S3R053 critical security\] kms\.KeyPolicy "src-key-policy" \(statement "Everyone"\): the source key's policy lets any principal \(AWS "\*"\) kms:\*.*deploys and is exposed/,
    preview: true,
  },
  {
    title: "a third account decrypting replicas with the replica key",
    tweaks: {
      dstKeyPolicy: add({
        Sid: "Third",
        Effect: "Allow",
        Principal: { AWS: `arn:aws:iam::${THIRD}:root` },
        Action: "kms:Decrypt",
        Resource: "*",
      }),
    },
    policy: "replication-principals",
    message: /S3R054 high security\].*replica key's policy lets account 333333333333 kms:Decrypt/,
    preview: true,
  },
  {
    title: "the destination account decrypting the source key",
    tweaks: {
      srcKeyPolicy: add({
        Effect: "Allow",
        Principal: { AWS: `arn:aws:iam::${DST_ACCOUNT}:root` },
        Action: ["kms:Decrypt", "kms:DescribeKey"],
        Resource: "*",
      }),
    },
    policy: "replication-principals",
    message: /S3R054 .*source key's policy lets account 222222222222 kms:Decrypt/,
    preview: true,
  },
  {
    title: "kms:* for the replication role on the replica key",
    tweaks: {
      dstKeyPolicy: add({ Effect: "Allow", Principal: { AWS: ROLE_ARN }, Action: "kms:*", Resource: "*" }),
    },
    policy: "replication-principals",
    message:
      /S3R055 .*gives arn:aws:iam::111111111111:role\/orders-replication \(account 111111111111\) every kms action/,
    preview: true,
  },
  {
    title: "every kms action but kms:Encrypt (NotAction) for any principal of the source account",
    tweaks: {
      srcKeyPolicy: add({
        Sid: "AllButEncrypt",
        Effect: "Allow",
        Principal: "*",
        NotAction: "kms:Encrypt",
        Resource: "*",
        Condition: { StringEquals: { "kms:CallerAccount": SRC_ACCOUNT } },
      }),
    },
    policy: "replication-principals",
    message:
      /S3R055 .*source key's policy gives any principal \("\*"\) every kms action \(kms:\* but kms:Encrypt \(NotAction\)\)/,
    preview: true,
  },
  {
    title: "a replica key policy without the account's kms:PutKeyPolicy",
    tweaks: { dstKeyPolicy: without("EnableKeyOwnerAccount") },
    policy: "replication-principals",
    message: /S3R056 critical security\] kms\.KeyPolicy "dst-key-policy".*KMS refuses this policy at deploy/,
    preview: true,
  },
  {
    title: "a replica key policy without the account's kms:PutKeyPolicy, lock-out check bypassed",
    tweaks: { dstKeyPolicy: without("EnableKeyOwnerAccount"), bypassLockout: true },
    policy: "replication-principals",
    message:
      /S3R056 .*bypassPolicyLockoutSafetyCheck is set: it deploys, and the account can never change this key policy/,
    preview: true,
  },
  {
    title: "a grant on the replica key to a third account",
    tweaks: { grant: ["Decrypt"], grantee: `arn:aws:iam::${THIRD}:role/reader` },
    policy: "replication-principals",
    message: /S3R054 .*kms\.Grant "dst-grant" \(grant\): the grant lets arn:aws:iam::333333333333:role\/reader/,
  },
  {
    title: "anyone reading replicas, under the correct stack's public access block",
    tweaks: { dstBucketPolicy: add(readReplicas("*")) },
    policy: "replication-principals",
    message: /S3R057 critical security\] s3\.BucketPolicy "dst-policy".*AWS refuses this bucket policy at deploy/,
    preview: true,
  },
  {
    title: "anyone reading replicas, RestrictPublicBuckets only",
    tweaks: { dstBucketPolicy: add(readReplicas("*")), dstPublicAccess: { blockPublicPolicy: false } },
    policy: "replication-principals",
    message: /S3R057 .*deploys, but RestrictPublicBuckets limits it/,
    preview: true,
  },
  {
    title: "anyone reading replicas, no public access block",
    tweaks: {
      dstBucketPolicy: add(readReplicas("*")),
      dstPublicAccess: { blockPublicPolicy: false, restrictPublicBuckets: false },
    },
    policy: "replication-principals",
    message: /S3R057 .*deploys and is exposed/,
    preview: true,
  },
  {
    title: "anyone reading replicas, the bucket's block off and the account's BlockPublicPolicy on",
    tweaks: {
      dstBucketPolicy: add(readReplicas("*")),
      dstPublicAccess: NO_BLOCK,
      dstAccountPublicAccess: { blockPublicPolicy: true },
    },
    policy: "replication-principals",
    message:
      /S3R057 .*AWS refuses this bucket policy at deploy \(the account's public access block \(s3\.AccountPublicAccessBlock "dst-account-pab"\) sets BlockPublicPolicy\)/,
    preview: true,
  },
  {
    title: "anyone reading replicas, the bucket's block off and the account's RestrictPublicBuckets on",
    tweaks: {
      dstBucketPolicy: add(readReplicas("*")),
      dstPublicAccess: NO_BLOCK,
      dstAccountPublicAccess: { restrictPublicBuckets: true },
    },
    policy: "replication-principals",
    message:
      /S3R057 .*deploys, but RestrictPublicBuckets limits it .*\(set by the account's public access block \(s3\.AccountPublicAccessBlock "dst-account-pab"\)\)/,
    preview: true,
  },
  {
    title: "a third account reading replicas",
    tweaks: { dstBucketPolicy: add(readReplicas({ AWS: THIRD })) },
    policy: "replication-principals",
    message: /S3R058 high security\].*destination bucket's policy lets account 333333333333 s3:GetObject/,
    preview: true,
  },
  {
    title: "s3:* for the replication role on the destination",
    tweaks: {
      dstBucketPolicy: add({
        Effect: "Allow",
        Principal: { AWS: ROLE_ARN },
        Action: "s3:*",
        Resource: [`arn:aws:s3:::${DST_BUCKET}`, `arn:aws:s3:::${DST_BUCKET}/*`],
      }),
    },
    policy: "replication-principals",
    message: /S3R059 .*every s3 action \(s3:\*\)/,
    preview: true,
  },
  {
    title: "a public-read ACL on the destination (ACLs enabled, no public access block)",
    tweaks: {
      dstAcl: "public-read",
      dstOwnership: "BucketOwnerPreferred",
      dstPublicAccess: { blockPublicAcls: false, ignorePublicAcls: false },
    },
    policy: "replication-principals",
    message: /S3R060 critical security\] s3\.BucketAcl "dst-acl".*canned ACL public-read; it deploys and is exposed/,
    preview: true,
  },
  {
    title: "a public-read ACL on the destination (ACLs enabled), the account's IgnorePublicAcls on",
    tweaks: {
      dstAcl: "public-read",
      dstOwnership: "BucketOwnerPreferred",
      dstPublicAccess: NO_BLOCK,
      dstAccountPublicAccess: { ignorePublicAcls: true },
    },
    policy: "replication-principals",
    message:
      /S3R060 .*deploys, but IgnorePublicAcls makes S3 ignore it while the block stays on \(set by the account's public access block \(s3\.AccountPublicAccessBlock "dst-account-pab"\)\)/,
    preview: true,
  },
  {
    title: "a public-read ACL on the correct destination (ACLs disabled)",
    tweaks: { dstAcl: "public-read" },
    policy: "replication-principals",
    message: /S3R060 .*AWS refuses it at deploy: the bucket's ACLs are disabled/,
    preview: true,
  },
  {
    title: "a READ grant to another account's canonical user id on the destination (ACLs enabled)",
    tweaks: {
      dstAclPolicy: aclPolicy({ grantee: { type: "CanonicalUser", id: OTHER_ID }, permission: "READ" }),
      dstOwnership: "BucketOwnerPreferred",
    },
    policy: "replication-principals",
    message: new RegExp(
      `S3R075 high security\\] s3\\.BucketAcl "dst-acl".*READ for the canonical user ${OTHER_ID}, not the bucket owner; it deploys and is exposed`,
    ),
    preview: true,
  },
  {
    title: "a READ grant to another account's canonical user id on the correct destination (ACLs disabled)",
    tweaks: {
      dstAclPolicy: aclPolicy({ grantee: { type: "CanonicalUser", id: OTHER_ID }, permission: "READ" }),
    },
    policy: "replication-principals",
    message: /S3R075 .*AWS refuses it at deploy: the bucket's ACLs are disabled \(BucketOwnerEnforced\)/,
    preview: true,
  },
  {
    title: "a WRITE grant to an e-mail grantee on the destination",
    tweaks: {
      dstAclPolicy: aclPolicy({
        grantee: { type: "AmazonCustomerByEmail", emailAddress: "dr@example.com" },
        permission: "WRITE",
      }),
      dstOwnership: "BucketOwnerPreferred",
    },
    policy: "replication-principals",
    message:
      /S3R075 .*WRITE for the e-mail grantee dr@example\.com.*AWS refuses it at deploy: S3 no longer accepts e-mail grantees/,
    preview: true,
  },
  {
    title: "replicas owned by the source account",
    tweaks: {
      dstOwnership: "ObjectWriter",
      rules: (rules) =>
        rules.map(({ destination: { accessControlTranslation: _a, account: _b, ...d }, ...rule }) => ({
          ...rule,
          destination: d,
        })),
    },
    policy: "replication-principals",
    message: /S3R061 .*replicas stay owned by the source account 111111111111/,
  },
  {
    title: "a service principal without a source condition",
    tweaks: {
      dstBucketPolicy: add({
        Effect: "Allow",
        Principal: { Service: "logging.s3.amazonaws.com" },
        Action: "s3:PutObject",
        Resource: `arn:aws:s3:::${DST_BUCKET}/logs/*`,
      }),
    },
    policy: "replication-principals",
    message: /S3R062 .*the service logging\.s3\.amazonaws\.com s3:PutObject/,
    preview: true,
  },
  {
    title:
      "an SSE-S3 destination where a customer managed key is required (peers: CKV_AWS_145, s3-default-encryption-kms)",
    tweaks: { dstSse: () => ({ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }) },
    policy: "bucket-encryption",
    message: /S3R035/,
    config: { "s3-replication-checks": { requireCustomerManagedKey: true } },
    preview: true,
  },
  {
    title: "a trust of AWS *",
    tweaks: { trustPolicy: add({ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" }) },
    policy: "replication-trust",
    message: /S3R012 critical security\].*lets any principal \(AWS "\*"\) sts:AssumeRole the replication role/,
    preview: true,
  },
  {
    title: "a trust admitting a third account",
    tweaks: {
      trustPolicy: add({ Effect: "Allow", Principal: { AWS: `arn:aws:iam::${THIRD}:root` }, Action: "sts:AssumeRole" }),
    },
    policy: "replication-trust",
    message: /S3R012 high security\].*lets account 333333333333 sts:AssumeRole/,
    preview: true,
  },
  ...(
    [
      ["iam:*", { Effect: "Allow", Action: "iam:*", Resource: "*" }, /S3R063 critical .*iam:\* \(IAM administration\)/],
      ["iam:PassRole", { Effect: "Allow", Action: "iam:PassRole", Resource: "*" }, /S3R063 high .*iam:PassRole/],
      [
        "sts:AssumeRole onto another role",
        { Effect: "Allow", Action: "sts:AssumeRole", Resource: `arn:aws:iam::${SRC_ACCOUNT}:role/admin` },
        /S3R063 high .*sts:AssumeRole \(acts as other roles\)/,
      ],
      [
        "another service",
        { Effect: "Allow", Action: "dynamodb:*", Resource: "*" },
        /S3R063 high .*actions of dynamodb/,
      ],
      [
        "s3:* on every bucket",
        { Effect: "Allow", Action: "s3:*", Resource: "*" },
        /S3R063 high .*S3 actions on \* \(not a bucket of this replication\)/,
      ],
    ] as Array<[string, PolicyStatement, RegExp]>
  ).map(([title, statement, message]): Case => ({
    title: `the role's policy grants ${title}`,
    tweaks: { rolePolicy: add(statement) },
    policy: "replication-principals",
    message,
  })),
];

describe("policy pack: security, one insecure change per test", () => {
  for (const c of cases) {
    for (const preview of c.preview ? [false, true] : [false]) {
      it(`${c.title} -> ${c.policy}${preview ? " (preview)" : ""}`, async () => {
        const result = await runPolicies(happyProgram(c.tweaks), {
          preview,
          ...(c.config ? { config: c.config } : {}),
        });
        const hits = result.violations.filter((v) => v.policyName === c.policy && c.message.test(v.message));
        assert.ok(
          hits.length > 0,
          `expected ${c.policy} ~ ${c.message}; got:\n${result.violations.map((v) => `${v.policyName}: ${v.message}`).join("\n")}`,
        );
        assert.ok(hits.every((v) => v.enforcementLevel === "mandatory" && v.urn !== undefined));
      });
    }
  }
});

/** Fails on any security violation (replication-principals, or the trust's S3R012). */
function assertNoSecurity(violations: Array<{ policyName: string; message: string }>): void {
  const security = violations.filter((v) => v.policyName === "replication-principals" || /S3R012/.test(v.message));
  assert.deepEqual(
    security.map((v) => v.message),
    [],
  );
}

describe("policy pack: security, the correct stack and AWS's documented patterns draw none", () => {
  const clean = async (tweaks: Tweaks, config?: Record<string, unknown>): Promise<void> => {
    const result = await runPolicies(happyProgram(tweaks), config ? { config } : {});
    assertNoSecurity(result.violations);
  };

  it("the correct cross-account program", () => clean({}));

  it("AWS's default key policy on the source key", () =>
    clean({ srcKeyPolicy: () => awsDefaultKeyPolicy(SRC_ACCOUNT, "aws") }));

  it("the console's 'other AWS accounts' form naming the source account on the replica key", () =>
    clean({
      dstKeyPolicy: add({
        Sid: "Allow use of the key",
        Effect: "Allow",
        Principal: { AWS: `arn:aws:iam::${SRC_ACCOUNT}:root` },
        Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
        Resource: "*",
      }),
    }));

  it("a destination whose own block is off under an account-level block with all four settings: no S3R032", async () => {
    const all = { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true };
    const on = await runPolicies(happyProgram({ dstPublicAccess: NO_BLOCK, dstAccountPublicAccess: all }));
    assert.deepEqual(
      on.violations.filter((v) => v.policyName === "bucket-public-access").map((v) => v.message),
      [],
    );
    const off = await runPolicies(happyProgram({ dstPublicAccess: NO_BLOCK }));
    assert.ok(off.violations.some((v) => v.policyName === "bucket-public-access" && /S3R032/.test(v.message)));
  });

  it("an ACL granting only the bucket owner (ACLs enabled)", () =>
    clean({ dstAclPolicy: aclPolicy(), dstOwnership: "BucketOwnerPreferred" }));

  it("a third account listed in allowedPrincipalAccounts", () =>
    clean(
      {
        dstBucketPolicy: add(readReplicas({ AWS: THIRD })),
        dstKeyPolicy: add({
          Effect: "Allow",
          Principal: { AWS: `arn:aws:iam::${THIRD}:root` },
          Action: "kms:Decrypt",
          Resource: "*",
        }),
      },
      { "s3-replication-checks": { allowedPrincipalAccounts: [THIRD] } },
    ));
});

describe("policy pack: security, a two-way cross-account stack as AWS documents it", () => {
  it("the console's 'other AWS accounts' form naming the other side on each key (each the other path's replica key) draws none", async () => {
    const result = await runPolicies(twoWayProgram());
    assertNoSecurity(result.violations);
  });

  it("a third account in the same form on either key draws S3R054", async () => {
    const result = await runPolicies(twoWayProgram(() => THIRD));
    const hits = result.violations.filter((v) =>
      /S3R054 high security\].*(source|replica) key's policy lets account 333333333333 kms:Decrypt/.test(v.message),
    );
    assert.equal(
      new Set(hits.map((v) => v.urn)).size,
      2,
      result.violations.map((v) => `${v.policyName}: ${v.message}`).join("\n"),
    );
  });
});

describe("security: legacy inline ACL grants (aws.s3.Bucket grants, no owner id)", () => {
  const inlineRead = [{ type: "CanonicalUser", id: OTHER_ID, permissions: ["READ"] }];
  /** The program plus a second destination-account bucket whose BucketAcl names the account's owner id. */
  const withOwnerAcl = (tweaks: Tweaks) => {
    const base = happyProgram(tweaks);
    return () => {
      const out = base();
      const dst = new aws.Provider("dst-logs", {
        region: "eu-west-1",
        assumeRoles: [{ roleArn: `arn:aws:iam::${DST_ACCOUNT}:role/deployer` }],
      });
      const logs = new aws.s3.Bucket("dst-logs", { bucket: "orders-dst-logs" }, { provider: dst });
      new aws.s3.BucketAcl(
        "dst-logs-acl",
        { bucket: logs.bucket, accessControlPolicy: aclPolicy() as never },
        { provider: dst },
      );
      return out;
    };
  };

  it("a grant to another canonical user id is judged once an ACL of the account names the owner's id", async () => {
    const tweaks: Tweaks = { dstInlineGrants: inlineRead, dstOwnership: "BucketOwnerPreferred" };
    const unknownOwner = await runPolicies(happyProgram(tweaks));
    assert.deepEqual(
      unknownOwner.violations.filter((v) => /S3R075/.test(v.message)).map((v) => v.message),
      [],
      "without the owner's id the grant cannot be told from the owner's own",
    );
    const known = await runPolicies(withOwnerAcl(tweaks));
    assert.ok(
      known.violations.some((v) =>
        new RegExp(`S3R075 high security\\] s3\\.Bucket "dst-bucket".*READ for the canonical user ${OTHER_ID}`).test(
          v.message,
        ),
      ),
      known.violations.map((v) => v.message).join("\n"),
    );
  });
});

describe("security: an account-level public access block the stack only reads (AccountPublicAccessBlock.get)", () => {
  it("is not sent to the pack (the engine leaves reads out), but the checker's export mapping gives it to the account's buckets", async () => {
    const settings = {
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    };
    const base = happyProgram({ dstPublicAccess: NO_BLOCK });
    const result = await runPolicies(
      () => {
        const out = base();
        const dst = new aws.Provider("dst-reader", {
          region: "eu-west-1",
          assumeRoles: [{ roleArn: `arn:aws:iam::${DST_ACCOUNT}:role/deployer` }],
        });
        aws.s3.AccountPublicAccessBlock.get("dst-account", DST_ACCOUNT, undefined, { provider: dst });
        return out;
      },
      { reads: { [`aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock::${DST_ACCOUNT}`]: settings } },
    );
    assert.ok(result.violations.some((v) => v.policyName === "bucket-public-access" && /S3R032/.test(v.message)));
    const records = readStackExport(JSON.stringify(toStackExport(result)), "stack.json").resources;
    const destination = modelOfRecords(records).buckets.find((bucket) => bucket.account === DST_ACCOUNT);
    assert.deepEqual(destination?.accountPublicAccessBlock, {
      ref: 's3.AccountPublicAccessBlock "dst-account"',
      ...settings,
    });
    assert.deepEqual(publicAccessFindings(destination!), []);
  });
});
