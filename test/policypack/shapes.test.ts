// Real-world resource shapes: the happy topology written with the deprecated and legacy resource
// types, other ways of attaching the role's policy, grants, aliases, multi-Region replica keys and
// key policies as separate resources. Each shape: the passing variant has zero violations (update
// and preview); the broken variant has the violation its one change causes, named by policy and
// message (and in preview where the change is knowable there).
import * as assert from "node:assert/strict";
import { PolicyDocument } from "s3-replication/components/model";
import { runPolicies } from "../../policypack/testing";
import { BucketStyle, RoleStyle, Tweaks, happyProgram } from "./program";
import { judged } from "./pending";

const render = (violations: Array<{ policyName: string; message: string }>): string =>
  violations.map((v) => `${v.policyName}: ${v.message}`).join("\n");

async function expectClean(tweaks: Tweaks): Promise<void> {
  for (const preview of [false, true]) {
    const result = await runPolicies(happyProgram(tweaks), { preview });
    assert.deepEqual(
      judged(result.violations).map((v) => `${v.policyName}: ${v.message}`),
      [],
      preview ? "preview" : "update",
    );
    assert.deepEqual(result.advisories, [], "no policy skipped on unknowns");
  }
}

async function expectViolation(
  tweaks: Tweaks,
  policy: string,
  message: RegExp,
  modes: { preview: boolean; config?: Record<string, unknown> } = { preview: true },
): Promise<void> {
  for (const preview of modes.preview ? [false, true] : [false]) {
    const result = await runPolicies(happyProgram(tweaks), {
      preview,
      ...(modes.config !== undefined ? { config: modes.config } : {}),
    });
    const hits = result.violations.filter((v) => v.policyName === policy && message.test(v.message));
    assert.ok(
      hits.length > 0,
      `${preview ? "preview" : "update"}: expected ${policy} ~ ${message}; got:\n${render(result.violations)}`,
    );
    assert.ok(
      hits.every((v) => v.urn !== undefined),
      "violations name a resource",
    );
  }
}

const removeAction =
  (action: string) =>
  (doc: PolicyDocument): PolicyDocument => ({
    ...doc,
    Statement: doc.Statement.map((s) =>
      s.Action === undefined
        ? s
        : { ...s, Action: (Array.isArray(s.Action) ? s.Action : [s.Action]).filter((a) => a !== action) },
    ),
  });
const withoutRole = (doc: PolicyDocument): PolicyDocument => ({
  ...doc,
  Statement: doc.Statement.filter((s) => !JSON.stringify(s.Principal ?? "").includes(":role/")),
});
const dropReplicaKey = (rules: Parameters<NonNullable<Tweaks["rules"]>>[0]): unknown[] =>
  rules.map(({ destination: { encryptionConfiguration: _e, ...d }, ...rule }) => ({ ...rule, destination: d }));
const dropAccount = (rules: Parameters<NonNullable<Tweaks["rules"]>>[0]): unknown[] =>
  rules.map(({ destination: { account: _a, ...d }, ...rule }) => ({ ...rule, destination: d }));
const dsse = (rule: Record<string, unknown>): Record<string, unknown> => ({
  ...rule,
  applyServerSideEncryptionByDefault: {
    ...(rule["applyServerSideEncryptionByDefault"] as object),
    sseAlgorithm: "aws:kms:dsse",
  },
});

/** How findings name each style's buckets and replication configuration. */
const STYLES: Record<BucketStyle, { bucket: string; replication: string; types: string }> = {
  current: {
    bucket: "s3\\.Bucket",
    replication: 's3\\.BucketReplicationConfig "replication"',
    types: "aws.s3.Bucket + BucketVersioning + BucketServerSideEncryptionConfiguration + BucketReplicationConfig",
  },
  v2: {
    bucket: "s3\\.BucketV2",
    replication: 's3\\.BucketReplicationConfig "replication"',
    types:
      "deprecated aws.s3.BucketV2 + BucketVersioningV2 + BucketServerSideEncryptionConfigurationV2 + BucketReplicationConfig",
  },
  inline: {
    bucket: "s3\\.Bucket",
    replication: 's3\\.Bucket "src-bucket" replicationConfiguration',
    types: "aws.s3.Bucket inline versioning, serverSideEncryptionConfiguration, replicationConfiguration",
  },
  "v2-inline": {
    bucket: "s3\\.BucketV2",
    replication: 's3\\.BucketV2 "src-bucket" replicationConfigurations',
    types: "aws.s3.BucketV2 inline versionings, serverSideEncryptionConfigurations, replicationConfigurations",
  },
};

describe("policy pack: real-world resource shapes", () => {
  for (const [style, names] of Object.entries(STYLES) as Array<[BucketStyle, (typeof STYLES)[BucketStyle]]>) {
    describe(`buckets as ${names.types}`, () => {
      it("passes (update and preview)", () => expectClean({ style }));
      it("destination versioning off -> replication-versioning", () =>
        expectViolation(
          { style, dstVersioning: "Suspended" },
          "replication-versioning",
          new RegExp(`S3R001.*${names.bucket} "dst-bucket".*destination bucket's versioning`),
        ));
      // S3 encrypts every bucket with SSE-S3 at least: a destination without its own encryption
      // configuration is an SSE-S3 bucket, a violation only where SSE-S3 is not allowed.
      it("destination left to S3's SSE-S3 default where only SSE-KMS is allowed -> bucket-encryption", () =>
        expectViolation(
          { style, noDstSse: true },
          "bucket-encryption",
          new RegExp(`S3R029.*${names.bucket} "dst-bucket".*AES256`),
          { preview: true, config: { "s3-replication-checks": { allowedEncryptionTypes: ["aws:kms"] } } },
        ));
      it("DSSE-KMS with a Bucket Key in the SSE rule -> bucket-encryption", () =>
        expectViolation(
          { style, dstSse: dsse },
          "replication-advice",
          new RegExp(`S3R030.*${names.bucket} "dst-bucket"`),
        ));
      it("SSE-KMS opt-in without a replica key -> replication-kms-pairing", () =>
        expectViolation(
          { style, rules: dropReplicaKey },
          "replication-kms-pairing",
          new RegExp(`S3R003.*${names.replication} \\(rule dr\\).*names no replica key`),
        ));
      it("the source key (an output) as replica key -> replica-key (joined through propertyDependencies in preview)", () =>
        expectViolation(
          { style, replicaKeyRef: "source-key" },
          "replica-key",
          new RegExp(
            `S3R007.*${names.replication} \\(rule dr\\).*replica key is in us-east-1 but the destination bucket is in eu-west-1`,
          ),
        ));
      it("ownership override without the destination account -> replication-ownership", () =>
        expectViolation(
          { style, rules: dropAccount },
          "replication-ownership",
          new RegExp(`S3R024.*${names.replication} \\(rule dr\\).*requires destination\\.account`),
        ));
      it("rule with a filter and no priority passes (the provider sends 0; only colliding priorities are rejected)", () =>
        expectClean({ style, rules: (rules) => rules.map(({ priority: _p, ...rule }) => rule) }));
      it("role lacks s3:ReplicateObject -> replication-role-permissions", () =>
        expectViolation(
          { style, rolePolicy: removeAction("s3:ReplicateObject") },
          "replication-role-permissions",
          /S3R013.*may not s3:ReplicateObject on arn:aws:s3:::orders-dst\//,
          { preview: false },
        ));
      if (style === "current" || style === "v2") {
        it("replication not ordered after the versioning resources -> replication-ordering", () =>
          expectViolation(
            { style, noDependsOn: true },
            "replication-ordering",
            new RegExp(`not ordered after s3\\.BucketVersioning${style === "v2" ? "V2" : ""} "src-versioning"`),
          ));
      }
    });
  }

  const ROLE_STYLES: Array<[RoleStyle, string, RegExp]> = [
    [
      "inlinePolicies",
      "iam.Role inlinePolicies",
      /S3R013.*iam\.Role "replication-role" inline policy replication.*may not s3:ReplicateObject/,
    ],
    [
      "managedPolicyArns",
      "iam.Role managedPolicyArns -> iam.Policy",
      /S3R013.*iam\.Policy "replication-policy".*may not s3:ReplicateObject/,
    ],
    [
      "attachment",
      "iam.Policy + iam.RolePolicyAttachment",
      /S3R013.*iam\.Policy "replication-policy".*may not s3:ReplicateObject/,
    ],
  ];
  for (const [roleStyle, label, message] of ROLE_STYLES) {
    describe(`role policy as ${label}`, () => {
      it("passes (update and preview)", () => expectClean({ roleStyle }));
      it("passes with keys outside the stack (the policy known in preview)", () =>
        expectClean({ roleStyle, externalKeys: true }));
      it("policy lacks s3:ReplicateObject -> replication-role-permissions", () =>
        expectViolation(
          { roleStyle, rolePolicy: removeAction("s3:ReplicateObject") },
          "replication-role-permissions",
          message,
          { preview: false },
        ));
      it("policy lacks s3:ReplicateObject, keys outside the stack -> replication-role-permissions (preview joins the policy through propertyDependencies)", () =>
        expectViolation(
          { roleStyle, externalKeys: true, rolePolicy: removeAction("s3:ReplicateObject") },
          "replication-role-permissions",
          message,
        ));
      it("policy grants s3:GetObjectVersion instead of ...ForReplication -> replication-role-permissions", () =>
        expectViolation(
          {
            roleStyle,
            externalKeys: true,
            rolePolicy: (doc) => ({
              ...doc,
              Statement: doc.Statement.map((s) =>
                s.Action === undefined
                  ? s
                  : {
                      ...s,
                      Action: (Array.isArray(s.Action) ? s.Action : [s.Action]).map((a) =>
                        a === "s3:GetObjectVersionForReplication" ? "s3:GetObjectVersion" : a,
                      ),
                    },
              ),
            }),
          },
          "replication-role-permissions",
          /S3R014/,
        ));
    });
  }

  describe("kms.Grant on the replica key (the key policy does not name the role)", () => {
    const ops = ["Encrypt", "GenerateDataKey", "Decrypt"];
    it("a grant of Encrypt, GenerateDataKey, Decrypt to the role passes (update and preview)", () =>
      expectClean({ dstKeyPolicy: withoutRole, grant: ops }));
    it("without the grant -> replica-key-policy", () =>
      expectViolation(
        { dstKeyPolicy: withoutRole },
        "replica-key-policy",
        /S3R020.*kms\.KeyPolicy "dst-key-policy".*does not let arn:aws:iam::111111111111:role\/orders-replication kms:Encrypt/,
      ));
    it("a grant without Encrypt -> replica-key-policy names kms:Encrypt", () =>
      expectViolation(
        { dstKeyPolicy: withoutRole, grant: ["GenerateDataKey", "Decrypt"] },
        "replica-key-policy",
        /S3R020.*kms\.KeyPolicy "dst-key-policy".*kms:Encrypt on arn:aws:kms:eu-west-1:/,
        { preview: false },
      ));
    it("a grant without Decrypt on a Bucket-Key destination -> replication-kms-conditions", () =>
      expectViolation(
        { dstKeyPolicy: withoutRole, grant: ["Encrypt", "GenerateDataKey"] },
        "replication-kms-conditions",
        /S3R022.*kms\.KeyPolicy "dst-key-policy".*kms:Decrypt/,
        { preview: false },
      ));
  });

  describe("kms.Alias", () => {
    it("the alias ARN as replicaKmsKeyId -> replica-key (flagged as alias)", () =>
      expectViolation(
        { replicaKeyRef: "alias-arn" },
        "replication-advice",
        /S3R006 low advice.*s3\.BucketReplicationConfig "replication" \(rule dr\).*"arn:aws:kms:eu-west-1:222222222222:alias\/orders-replica" is an alias ARN, which S3 accepts/,
        { preview: false },
      ));
    it("the alias ARN on a legacy inline rule -> replica-key", () =>
      expectViolation(
        { style: "inline", replicaKeyRef: "alias-arn" },
        "replication-advice",
        /S3R006.*s3\.Bucket "src-bucket" replicationConfiguration.*alias\/orders-replica/,
        { preview: false },
      ));
    it("the alias's targetKeyArn passes (update and preview)", () => expectClean({ replicaKeyRef: "alias-target" }));
  });

  describe("kms.ReplicaKey of a multi-Region key", () => {
    it("the destination-region replica as replica key passes (update and preview)", () =>
      expectClean({ mrk: "replica" }));
    it("the primary's ARN (another region) -> replica-key with the MRK fix", () =>
      expectViolation(
        { mrk: "primary" },
        "replica-key",
        /S3R007.*replica key is in us-east-1 but the destination bucket is in eu-west-1.*use the multi-Region replica ARN in eu-west-1 \(same mrk- id\)/,
      ));
    it("a kms.KeyPolicy on the replica (same mrk- key id as the primary) is joined to the replica", () =>
      expectViolation(
        { mrk: "replica", dstKeyPolicy: withoutRole },
        "replica-key-policy",
        /S3R020.*kms\.KeyPolicy "dst-key-policy".*kms:Encrypt on arn:aws:kms:eu-west-1:222222222222:key\/mrk-/,
      ));
    it("a disabled replica -> kms-key-enabled", () =>
      expectViolation(
        { mrk: "replica", dstKeyEnabled: false },
        "kms-key-enabled",
        /S3R040.*kms\.ReplicaKey "dst-key"/,
      ));
  });

  describe("key policies", () => {
    it("kms.KeyPolicy as a separate resource without the role -> replica-key-policy (preview joins keyId through propertyDependencies)", () =>
      expectViolation(
        { dstKeyPolicy: withoutRole },
        "replica-key-policy",
        /S3R020.*kms\.KeyPolicy "dst-key-policy".*kms:Encrypt/,
      ));
    it("kms.KeyPolicy on the source key without the role passes: same account, the policy delegates to the account (root)", () =>
      expectClean({ srcKeyPolicy: withoutRole }));
    it("kms.KeyPolicy on the source key naming neither the role nor the account -> replica-key-policy", () =>
      expectViolation(
        {
          srcKeyPolicy: (doc) => ({
            ...doc,
            Statement: [
              {
                Sid: "KeyAdmins",
                Effect: "Allow",
                Principal: { AWS: "arn:aws:iam::111111111111:role/key-admin" },
                Action: "kms:*",
                Resource: "*",
              },
            ],
          }),
        },
        "replica-key-policy",
        /S3R020.*kms\.KeyPolicy "src-key-policy".*kms:Decrypt on arn:aws:kms:us-east-1:111111111111:key\/.*it names only arn:aws:iam::111111111111:role\/key-admin/,
      ));
    it("the key's own policy argument passes (update and preview)", () => expectClean({ keyPolicyInline: true }));
    it("the key's own policy argument without the role -> replica-key-policy", () =>
      expectViolation(
        { keyPolicyInline: true, dstKeyPolicy: withoutRole },
        "replica-key-policy",
        /S3R020.*kms\.Key "dst-key" policy.*kms:Encrypt/,
      ));
  });
});
