/**
 * Generated proof of the security analysis: random extra statements (principal or NotPrincipal,
 * action or NotAction, resource or NotResource, condition) added to one document of the correct cross-account configuration (a key policy, a
 * bucket policy, the trust policy or the role's policy). Each either draws a security finding, or
 * is provably harmless: the independent evaluator shows that no principal outside the allowed set
 * (a third account's role; for source resources also the destination account's; for the trust
 * also another service) gains any action on replicated data, and the replication role gains
 * nothing beyond replication. The figures are printed.
 */

import assert from "node:assert/strict";
import fc from "fast-check";
import { FindingClass } from "../../components/model/findings";
import { FoundReplication } from "../../components/model/found";
import { PolicyDocument, PolicyStatement } from "../../components/model/policyDocument";
import { ReplicationRequest, ResourcePolicyKind } from "../../components/model/requests";
import { analyzeReplication } from "../../components/model/analysis";
import { DESTINATION_ACCOUNT, SOURCE_ACCOUNT } from "../support/scenarios";
import { propertyParameters } from "../support/property";
import { simulateRequest } from "../support/simulate";
import { happyFound } from "../support/securityFound";

const THIRD = "999999999999";
const role = (account: string): string => `arn:aws:iam::${account}:role/intruder`;

type Target = "source-key" | "replica-key" | "source-bucket" | "destination-bucket" | "trust" | "role";
const TARGETS: Target[] = ["source-key", "replica-key", "source-bucket", "destination-bucket", "trust", "role"];

interface Sample {
  target: Target;
  statement: PolicyStatement;
}

/** The configuration's names, read once from the correct documents. */
function names(found: FoundReplication): {
  sourceKey: string;
  replicaKey: string;
  source: string;
  destination: string;
  roleArn: string;
} {
  const keys = Object.values(found.keys);
  return {
    sourceKey: keys.find((key) => key.account === SOURCE_ACCOUNT)!.arn!,
    replicaKey: keys.find((key) => key.account === DESTINATION_ACCOUNT)!.arn!,
    source: found.source.name!,
    destination: Object.values(found.destinations)[0]!.name!,
    roleArn: found.role!.arn!,
  };
}

function sampleArbitrary(found: FoundReplication): fc.Arbitrary<Sample> {
  const n = names(found);
  const principal = fc.constantFrom<PolicyStatement["Principal"]>(
    "*",
    { AWS: "*" },
    { AWS: `arn:aws:iam::${THIRD}:root` },
    { AWS: THIRD },
    { AWS: role(THIRD) },
    { AWS: `arn:aws:iam::${SOURCE_ACCOUNT}:root` },
    { AWS: `arn:aws:iam::${DESTINATION_ACCOUNT}:root` },
    { AWS: role(DESTINATION_ACCOUNT) },
    { AWS: n.roleArn },
    { Service: "logging.s3.amazonaws.com" },
    { Service: "ec2.amazonaws.com" },
    { Service: "s3.amazonaws.com" },
  );
  const action = fc.constantFrom(
    "*",
    "kms:*",
    "kms:Decrypt",
    "kms:Describe*",
    "kms:Get*",
    "kms:Encrypt",
    "kms:CreateGrant",
    "kms:PutKeyPolicy",
    "kms:ScheduleKeyDeletion",
    "s3:*",
    "s3:Get*",
    "s3:List*",
    "s3:GetObject",
    "s3:PutObject",
    "s3:DeleteObject",
    "s3:GetBucketLocation",
    "s3:ReplicateObject",
    "sts:AssumeRole",
    "iam:PassRole",
    "ec2:*",
  );
  const resource = fc.constantFrom(
    "*",
    `arn:aws:s3:::${n.source}`,
    `arn:aws:s3:::${n.source}/*`,
    `arn:aws:s3:::${n.destination}/*`,
    `arn:aws:s3:::${n.destination}`,
    "arn:aws:s3:::elsewhere/*",
    "arn:aws:s3:::orders-*",
    n.sourceKey,
    n.replicaKey,
  );
  const condition = fc.constantFrom<PolicyStatement["Condition"] | undefined>(
    undefined,
    { StringEquals: { "aws:PrincipalOrgID": "o-abcdef1234" } },
    { StringEquals: { "aws:SourceAccount": THIRD } },
    { StringEquals: { "aws:SourceAccount": SOURCE_ACCOUNT } },
    { StringEquals: { "kms:CallerAccount": SOURCE_ACCOUNT } },
    { StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" } },
    { Bool: { "aws:SecureTransport": "true" } },
  );
  return fc
    .record({
      target: fc.constantFrom(...TARGETS),
      effect: fc.constantFrom<"Allow" | "Deny">("Allow", "Allow", "Allow", "Deny"),
      principal,
      actions: fc.uniqueArray(action, { minLength: 1, maxLength: 3 }),
      resources: fc.uniqueArray(resource, { minLength: 1, maxLength: 2 }),
      condition,
      // Which elements are written negated: NotPrincipal, NotAction, NotResource (one in four each).
      not: fc.record({
        principal: fc.constantFrom(false, false, false, true),
        action: fc.constantFrom(false, false, false, true),
        resource: fc.constantFrom(false, false, false, true),
      }),
    })
    .map(({ target, effect, principal: who, actions, resources, condition: when, not }) => {
      const statement: PolicyStatement = { Sid: "Generated", Effect: effect };
      if (not.action) statement.NotAction = actions;
      else statement.Action = actions;
      if (target !== "trust") {
        if (not.resource) statement.NotResource = resources;
        else statement.Resource = resources;
      }
      // NotPrincipal names principals: "*" is not a meaningful NotPrincipal, so a wildcard stays Principal.
      const wildcard = who === "*" || (typeof who === "object" && who !== null && who.AWS === "*");
      if (target !== "role" && who !== undefined) {
        if (not.principal && !wildcard) statement.NotPrincipal = who;
        else statement.Principal = who;
      }
      if (when !== undefined) statement.Condition = when;
      return { target, statement };
    });
}

/** The document a sample changes, in a fresh copy of the correct configuration. */
function documentOf(found: FoundReplication, target: Target): PolicyDocument {
  const keys = Object.values(found.keys);
  const pick = (value: { document?: PolicyDocument } | undefined): PolicyDocument => value!.document!;
  switch (target) {
    case "source-key":
      return pick(keys.find((key) => key.account === SOURCE_ACCOUNT)!.policy);
    case "replica-key":
      return pick(keys.find((key) => key.account === DESTINATION_ACCOUNT)!.policy);
    case "source-bucket":
      return pick(found.source.policy);
    case "destination-bucket":
      return pick(Object.values(found.destinations)[0]!.policy);
    case "trust":
      return pick(found.role!.trustPolicy);
    default:
      return pick(found.role!.policies[0]);
  }
}

const OUTSIDER_IDENTITY: PolicyDocument = {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }],
};

function request(
  principal: string,
  action: string,
  resource: string,
  resourceAccount: string,
  kind: ResourcePolicyKind,
  context: Record<string, string> = {},
): ReplicationRequest {
  const service = !principal.startsWith("arn:");
  return {
    id: `probe:${principal}:${action}:${resource}`,
    purpose: "a probe of who reaches replicated data",
    principal,
    principalIsService: service,
    principalAccount: service ? SOURCE_ACCOUNT : principal.split(":")[4]!,
    action,
    resource,
    resourceAccount,
    resourcePolicy: kind,
    context,
  };
}

/** Every probe of who reaches replicated data, with the documents that decide it. */
function probes(
  found: FoundReplication,
): Array<{ request: ReplicationRequest; identity: PolicyDocument[]; resourcePolicy?: PolicyDocument }> {
  const n = names(found);
  const list: Array<{ request: ReplicationRequest; identity: PolicyDocument[]; resourcePolicy?: PolicyDocument }> = [];
  const tls = { "aws:SecureTransport": "true" };
  const keyProbes = (keyArn: string, account: string, target: Target, region: string, bucket: string): void => {
    const outsiders = target === "source-key" ? [role(THIRD), role(DESTINATION_ACCOUNT)] : [role(THIRD)];
    const viaS3 = {
      "kms:ViaService": `s3.${region}.amazonaws.com`,
      "kms:EncryptionContext:aws:s3:arn": `arn:aws:s3:::${bucket}/data.csv`,
    };
    for (const who of outsiders)
      for (const action of ["kms:Decrypt", "kms:CreateGrant", "kms:PutKeyPolicy", "kms:ScheduleKeyDeletion"])
        for (const context of action === "kms:Decrypt" ? [{}, viaS3] : [{}])
          list.push({
            request: request(who, action, keyArn, account, ResourcePolicyKind.KeyPolicy, context),
            identity: [OUTSIDER_IDENTITY],
            resourcePolicy: documentOf(found, target),
          });
  };
  keyProbes(n.sourceKey, SOURCE_ACCOUNT, "source-key", "us-east-1", n.source);
  keyProbes(n.replicaKey, DESTINATION_ACCOUNT, "replica-key", "eu-west-1", n.destination);
  const bucketProbes = (bucket: string, account: string, target: Target): void => {
    const outsiders = target === "source-bucket" ? [role(THIRD), role(DESTINATION_ACCOUNT)] : [role(THIRD)];
    for (const who of outsiders) {
      for (const action of ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"])
        list.push({
          request: request(
            who,
            action,
            `arn:aws:s3:::${bucket}/data.csv`,
            account,
            ResourcePolicyKind.BucketPolicy,
            tls,
          ),
          identity: [OUTSIDER_IDENTITY],
          resourcePolicy: documentOf(found, target),
        });
      for (const action of ["s3:ListBucket", "s3:PutBucketPolicy"])
        list.push({
          request: request(who, action, `arn:aws:s3:::${bucket}`, account, ResourcePolicyKind.BucketPolicy, tls),
          identity: [OUTSIDER_IDENTITY],
          resourcePolicy: documentOf(found, target),
        });
    }
  };
  bucketProbes(n.source, SOURCE_ACCOUNT, "source-bucket");
  bucketProbes(n.destination, DESTINATION_ACCOUNT, "destination-bucket");
  for (const who of [role(THIRD), "ec2.amazonaws.com"])
    list.push({
      request: request(who, "sts:AssumeRole", n.roleArn, SOURCE_ACCOUNT, ResourcePolicyKind.TrustPolicy),
      identity: who.startsWith("arn:") ? [OUTSIDER_IDENTITY] : [],
      resourcePolicy: documentOf(found, "trust"),
    });
  // The replication role itself: nothing on replicated data beyond what replication does.
  const rolePolicies = found.role!.policies.map((policy) => policy.document!);
  const roleProbe = (
    action: string,
    resource: string,
    account: string,
    kind: ResourcePolicyKind,
    policy?: PolicyDocument,
  ) =>
    list.push({
      request: request(n.roleArn, action, resource, account, kind, kind === ResourcePolicyKind.BucketPolicy ? tls : {}),
      identity: rolePolicies,
      ...(policy ? { resourcePolicy: policy } : {}),
    });
  for (const action of ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"]) {
    roleProbe(
      action,
      `arn:aws:s3:::${n.source}/data.csv`,
      SOURCE_ACCOUNT,
      ResourcePolicyKind.BucketPolicy,
      documentOf(found, "source-bucket"),
    );
    roleProbe(
      action,
      `arn:aws:s3:::${n.destination}/data.csv`,
      DESTINATION_ACCOUNT,
      ResourcePolicyKind.BucketPolicy,
      documentOf(found, "destination-bucket"),
    );
    roleProbe(action, "arn:aws:s3:::elsewhere/data.csv", SOURCE_ACCOUNT, ResourcePolicyKind.BucketPolicy);
  }
  roleProbe("kms:Decrypt", n.sourceKey, SOURCE_ACCOUNT, ResourcePolicyKind.KeyPolicy, documentOf(found, "source-key"));
  roleProbe(
    "kms:PutKeyPolicy",
    n.replicaKey,
    DESTINATION_ACCOUNT,
    ResourcePolicyKind.KeyPolicy,
    documentOf(found, "replica-key"),
  );
  return list;
}

describe("security: random extra statements either draw a security finding or are provably harmless", function () {
  this.timeout(600_000);

  it("the correct configuration gives no probe access (the baseline)", async () => {
    const found = happyFound();
    for (const probe of probes(found)) {
      const outcome = await simulateRequest(probe.request, {
        identityPolicies: probe.identity,
        ...(probe.resourcePolicy ? { resourcePolicy: probe.resourcePolicy } : {}),
      });
      assert.equal(outcome.allowed, false, `${probe.request.id} is allowed by the correct documents`);
    }
  });

  it("every generated statement", async () => {
    const figures = { samples: 0, drewFinding: 0, harmless: 0, probes: 0 };
    const negated = { drew: 0, harmless: 0 };
    const isNegated = (statement: PolicyStatement): boolean =>
      statement.NotPrincipal !== undefined || statement.NotAction !== undefined || statement.NotResource !== undefined;
    const byTarget = new Map<Target, { drew: number; harmless: number }>();
    await fc.assert(
      fc.asyncProperty(sampleArbitrary(happyFound()), async (sample) => {
        const found = happyFound();
        documentOf(found, sample.target).Statement.push(sample.statement);
        const security = analyzeReplication(found).filter((item) => item.kind === FindingClass.Security);
        const tally = byTarget.get(sample.target) ?? { drew: 0, harmless: 0 };
        byTarget.set(sample.target, tally);
        figures.samples += 1;
        if (security.length > 0) {
          figures.drewFinding += 1;
          tally.drew += 1;
          if (isNegated(sample.statement)) negated.drew += 1;
          return;
        }
        for (const probe of probes(found)) {
          figures.probes += 1;
          const outcome = await simulateRequest(probe.request, {
            identityPolicies: probe.identity,
            ...(probe.resourcePolicy ? { resourcePolicy: probe.resourcePolicy } : {}),
          });
          assert.equal(
            outcome.allowed,
            false,
            `no security finding, yet the evaluator allows ${probe.request.id} after adding to the ${sample.target}: ${JSON.stringify(sample.statement)}`,
          );
        }
        figures.harmless += 1;
        tally.harmless += 1;
        if (isNegated(sample.statement)) negated.harmless += 1;
      }),
      propertyParameters(400),
    );
    console.log(
      `      ${figures.samples} statements: ${figures.drewFinding} drew a security finding, ${figures.harmless} provably harmless (${figures.probes} evaluator probes)`,
    );
    for (const [target, tally] of byTarget)
      console.log(`        ${target}: ${tally.drew} drew a finding, ${tally.harmless} harmless`);
    console.log(
      `        with NotPrincipal, NotAction or NotResource: ${negated.drew} drew a finding, ${negated.harmless} harmless`,
    );
    assert.ok(figures.drewFinding > 0 && figures.harmless > 0, "both outcomes occur");
    assert.ok(negated.drew > 0 && negated.harmless > 0, "both outcomes occur for negated statements");
  });
});
