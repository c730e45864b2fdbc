/**
 * The analysis, one mistake class at a time: each broken document set is a small change to the
 * documents the core generates for the default scenario (cross-account, cross-region, SSE-KMS
 * with Bucket Keys), and must be reported with the right code and fix. The generated documents
 * of every matrix scenario yield no finding at all.
 */

import assert from "node:assert/strict";
import { foundReplications, generateDocuments } from "../../components/documents";
import { analyzeReplication, isBatchPlaintextAdvice, ruleShapeFindings } from "../../components/model/analysis";
import { Finding, FindingCode } from "../../components/model/findings";
import { FoundReplication } from "../../components/model/found";
import { PolicyDocument, PolicyStatement, asList } from "../../components/model/policyDocument";
import { defaultScenario, scenarioMatrix, DESTINATION_ACCOUNT } from "../support/scenarios";

/** A fresh found configuration of the default scenario, from the generated documents. */
function happy(): FoundReplication {
  const scenario = defaultScenario();
  const found = foundReplications(scenario.topology, generateDocuments(scenario.topology))[0];
  assert.ok(found);
  return JSON.parse(JSON.stringify(found)) as FoundReplication;
}

const rolePolicy = (found: FoundReplication): PolicyDocument => found.role!.policies[0]!.document!;
const statement = (document: PolicyDocument, sid: string): PolicyStatement => {
  const found = document.Statement.find((candidate) => candidate.Sid === sid);
  assert.ok(found, `no statement ${sid}`);
  return found;
};
const destination = (found: FoundReplication) => Object.values(found.destinations)[0]!;
const replicaKey = (found: FoundReplication) =>
  Object.values(found.keys).find((key) => key.account === DESTINATION_ACCOUNT)!;
const sourceKey = (found: FoundReplication) =>
  Object.values(found.keys).find((key) => key.account !== DESTINATION_ACCOUNT)!;

function expectFinding(findings: Finding[], code: FindingCode, text: RegExp): Finding {
  const match = findings.find((item) => item.code === code && text.test(`${item.message} Fix: ${item.fix}`));
  assert.ok(
    match,
    `expected ${code} matching ${text}; got:\n${findings.map((item) => `${item.code} ${item.message} Fix: ${item.fix}`).join("\n")}`,
  );
  return match;
}

describe("analysis: generated documents are clean", () => {
  it("every matrix scenario yields no finding", () => {
    const dirty: string[] = [];
    for (const scenario of scenarioMatrix()) {
      for (const found of foundReplications(scenario.topology, generateDocuments(scenario.topology))) {
        // The Batch Replication advice is true of generated SSE-S3-into-KMS paths too (no Batch Replication set up).
        const findings = analyzeReplication(found).filter((item) => !isBatchPlaintextAdvice(item));
        if (findings.length > 0) dirty.push(`${scenario.id}: ${findings.map((item) => item.code).join(",")}`);
      }
    }
    assert.deepEqual(dirty, []);
  });
});

describe("analysis: each mistake class is reported with its code and fix", () => {
  it("invalid action name (typo in the service separator)", () => {
    const found = happy();
    statement(rolePolicy(found), "SourceBucket").Action = ["s3.GetReplicationConfiguration", "s3:ListBucket"];
    expectFinding(
      analyzeReplication(found),
      FindingCode.InvalidAction,
      /"s3\.GetReplicationConfiguration" is not a valid action name/,
    );
  });

  it("misspelt replication action gets a did-you-mean", () => {
    const found = happy();
    statement(rolePolicy(found), "SourceObjects").Action = [
      "s3:GetObjectVersionForReplciation",
      "s3:GetObjectVersionAcl",
      "s3:GetObjectVersionTagging",
    ];
    expectFinding(
      analyzeReplication(found),
      FindingCode.InvalidAction,
      /did you mean "s3:GetObjectVersionForReplication"/,
    );
  });

  it("malformed S3 ARN (region and account filled in)", () => {
    const found = happy();
    statement(rolePolicy(found), "SourceBucket").Resource = "arn:aws:s3:us-east-1:111111111111:orders-source-bucket";
    const findings = analyzeReplication(found);
    expectFinding(findings, FindingCode.MalformedArn, /S3 ARNs have empty region and account fields/);
    expectFinding(
      findings,
      FindingCode.RoleMissingPermission,
      /s3:GetReplicationConfiguration on arn:aws:s3:::orders-source-bucket/,
    );
  });

  it("s3:GetObjectVersion in place of s3:GetObjectVersionForReplication", () => {
    const found = happy();
    statement(rolePolicy(found), "SourceObjects").Action = [
      "s3:GetObjectVersion",
      "s3:GetObjectVersionAcl",
      "s3:GetObjectVersionTagging",
    ];
    const findings = analyzeReplication(found);
    expectFinding(
      findings,
      FindingCode.GetObjectVersionInsteadOfReplication,
      /replace s3:GetObjectVersion with s3:GetObjectVersionForReplication/,
    );
    expectFinding(
      findings,
      FindingCode.RoleExcessPermission,
      /s3:GetObjectVersion on arn:aws:s3:::orders-source-bucket/,
    );
  });

  it("missing source bucket actions", () => {
    const found = happy();
    rolePolicy(found).Statement = rolePolicy(found).Statement.filter((candidate) => candidate.Sid !== "SourceBucket");
    const findings = analyzeReplication(found);
    expectFinding(
      findings,
      FindingCode.RoleMissingPermission,
      /may not s3:ListBucket on arn:aws:s3:::orders-source-bucket/,
    );
    expectFinding(findings, FindingCode.RoleMissingPermission, /s3:GetReplicationConfiguration/);
  });

  it("no KMS permissions while the buckets use SSE-KMS", () => {
    const found = happy();
    rolePolicy(found).Statement = rolePolicy(found).Statement.filter(
      (candidate) => !asList(candidate.Action).some((action) => action.startsWith("kms:")),
    );
    const findings = analyzeReplication(found);
    // Across accounts the replica key policy alone is not enough: the role's policy must allow too.
    expectFinding(findings, FindingCode.RoleMissingPermission, /may not kms:Encrypt on arn:aws:kms:eu-west-1/);
    // In the source account the key policy names the role directly, which KMS accepts alone.
    assert.ok(
      !findings.some(
        (item) => item.detail["action"] === "kms:Decrypt" && item.detail["resource"]?.includes("us-east-1"),
      ),
    );
  });

  it("no KMS permissions and a key policy that only delegates to IAM (same account)", () => {
    const found = happy();
    rolePolicy(found).Statement = rolePolicy(found).Statement.filter(
      (candidate) => !asList(candidate.Action).some((action) => action.startsWith("kms:")),
    );
    const document = sourceKey(found).policy!.document!;
    document.Statement = document.Statement.filter((candidate) => !candidate.Sid?.startsWith("ReplicationRole"));
    expectFinding(
      analyzeReplication(found),
      FindingCode.RoleMissingPermission,
      /may not kms:Decrypt on arn:aws:kms:us-east-1/,
    );
  });

  it("object-ARN-only encryption context while the destination uses a Bucket Key", () => {
    const found = happy();
    const encrypt = rolePolicy(found).Statement.find((candidate) => candidate.Sid?.startsWith("EncryptReplica"))!;
    encrypt.Condition!["StringLike"] = { "kms:EncryptionContext:aws:s3:arn": "arn:aws:s3:::orders-replica-1/*" };
    expectFinding(
      analyzeReplication(found),
      FindingCode.KmsContextMismatch,
      /bucket ARN S3 uses when a Bucket Key is on.*add arn:aws:s3:::orders-replica-1 to kms:EncryptionContext:aws:s3:arn/,
    );
  });

  it("replica key in another region than the destination", () => {
    const found = happy();
    found.rules[0]!.replicaKmsKeyId = found.rules[0]!.replicaKmsKeyId!.replace("eu-west-1", "us-east-1");
    expectFinding(
      analyzeReplication(found),
      FindingCode.ReplicaKeyWrongRegion,
      /replica key is in us-east-1 but the destination bucket is in eu-west-1/,
    );
  });

  it("replica key given as an alias", () => {
    const found = happy();
    found.rules[0]!.replicaKmsKeyId = "alias/orders-replica";
    expectFinding(
      analyzeReplication(found),
      FindingCode.ReplicaKeyNotArn,
      /bare alias name or key id: AWS KMS resolves it in the requester's account/,
    );
  });

  it("AWS managed key across accounts", () => {
    const found = happy();
    found.rules[0]!.replicaKmsKeyId = "arn:aws:kms:eu-west-1:222222222222:alias/aws/s3";
    expectFinding(analyzeReplication(found), FindingCode.AwsManagedKeyCrossAccount, /cannot be used across accounts/);
  });

  it("key policy statement for the role conditioned on aws:SourceArn", () => {
    const found = happy();
    const key = replicaKey(found).policy!.document!;
    const forRole = key.Statement.find((candidate) => candidate.Sid?.startsWith("ReplicationRole"))!;
    forRole.Condition = { StringEquals: { "aws:SourceArn": "arn:aws:s3:::orders-source-bucket" } };
    expectFinding(
      analyzeReplication(found),
      FindingCode.KeyPolicySourceCondition,
      /conditioned on aws:SourceArn\/aws:SourceAccount/,
    );
  });

  it("no kms:Decrypt on a Bucket-Key destination's key (role policy)", () => {
    const found = happy();
    const encrypt = rolePolicy(found).Statement.find((candidate) => candidate.Sid?.startsWith("EncryptReplica"))!;
    encrypt.Action = ["kms:Encrypt"];
    expectFinding(
      analyzeReplication(found),
      FindingCode.BucketKeyDecryptMissing,
      /needs kms:Decrypt with the replica key, which the role may not use.*DstPutObjectNotPermitted/,
    );
  });

  it("no kms:Decrypt on a Bucket-Key destination's key (key policy)", () => {
    const found = happy();
    const forRole = replicaKey(found).policy!.document!.Statement.find((candidate) =>
      candidate.Sid?.startsWith("ReplicationRole"),
    )!;
    forRole.Action = ["kms:Encrypt"];
    expectFinding(
      analyzeReplication(found),
      FindingCode.BucketKeyDecryptMissing,
      /which its key policy does not let the role use/,
    );
  });

  it("a principal in the wrong account in the destination bucket policy", () => {
    const found = happy();
    const grant = destination(found).policy!.document!.Statement.find((candidate) =>
      candidate.Sid?.startsWith("AllowReplicationFrom"),
    )!;
    grant.Principal = { AWS: "arn:aws:iam::999999999999:role/orders-replication" };
    expectFinding(
      analyzeReplication(found),
      FindingCode.DestinationBucketPolicyMissing,
      /it names only arn:aws:iam::999999999999:role\/orders-replication/,
    );
  });

  it("replica key policy without the role (cross-account)", () => {
    const found = happy();
    const document = replicaKey(found).policy!.document!;
    document.Statement = document.Statement.filter((candidate) => !candidate.Sid?.startsWith("ReplicationRole"));
    expectFinding(
      analyzeReplication(found),
      FindingCode.KeyPolicyMissingRole,
      /key policy does not let arn:aws:iam::111111111111:role\/orders-replication kms:Encrypt/,
    );
  });

  it("excess write actions on the destination", () => {
    const found = happy();
    statement(rolePolicy(found), "ReplicateDr1").Action = [
      "s3:ReplicateObject",
      "s3:ReplicateTags",
      "s3:ObjectOwnerOverrideToBucketOwner",
      "s3:PutObject",
      "s3:DeleteObject",
    ];
    const findings = analyzeReplication(found);
    expectFinding(findings, FindingCode.RoleExcessPermission, /may s3:PutObject on arn:aws:s3:::orders-replica-1/);
    expectFinding(findings, FindingCode.RoleExcessPermission, /may s3:DeleteObject on arn:aws:s3:::orders-replica-1/);
  });

  it("KMS use not scoped to S3 (no kms:ViaService)", () => {
    const found = happy();
    delete statement(rolePolicy(found), "DecryptSource").Condition;
    expectFinding(
      analyzeReplication(found),
      FindingCode.RoleExcessPermission,
      /kms:Decrypt on arn:aws:kms:us-east-1.*(ec2|called directly)/,
    );
  });

  it("trust policy conditioned on aws:SourceAccount (unverified)", () => {
    const found = happy();
    found.role!.trustPolicy!.document!.Statement[0]!.Condition = {
      StringEquals: { "aws:SourceAccount": "111111111111" },
    };
    expectFinding(analyzeReplication(found), FindingCode.TrustUnverifiedCondition, /not documented to send/);
  });

  it("trust policy for another service", () => {
    const found = happy();
    found.role!.trustPolicy!.document!.Statement[0]!.Principal = { Service: "ec2.amazonaws.com" };
    const findings = analyzeReplication(found);
    expectFinding(findings, FindingCode.TrustDeniesS3, /AssumeRoleNotPermitted/);
    expectFinding(findings, FindingCode.TrustAdmitsOthers, /ec2\.amazonaws\.com/);
  });

  it("ownership override without the permission", () => {
    const found = happy();
    statement(rolePolicy(found), "ReplicateDr1").Action = ["s3:ReplicateObject", "s3:ReplicateTags"];
    expectFinding(
      analyzeReplication(found),
      FindingCode.RoleMissingPermission,
      /s3:ObjectOwnerOverrideToBucketOwner.*Fix: grant s3:ObjectOwnerOverrideToBucketOwner on arn:aws:s3:::orders-replica-1\/\* in the role's policy/,
    );
  });

  it("ownership override in one account", () => {
    const found = happy();
    destination(found).account = "111111111111";
    found.rules[0]!.destinationAccount = "111111111111";
    expectFinding(analyzeReplication(found), FindingCode.OwnershipOverrideSameAccount, /same account/);
  });

  it("versioning suspended on the destination", () => {
    const found = happy();
    destination(found).versioning = "Suspended";
    expectFinding(
      analyzeReplication(found),
      FindingCode.VersioningNotEnabled,
      /destination bucket's versioning is Suspended/,
    );
  });

  it("SSE-KMS source without the opt-in: objects skipped silently", () => {
    const found = happy();
    delete found.rules[0]!.sseKmsEncryptedObjects;
    delete found.rules[0]!.replicaKmsKeyId;
    expectFinding(analyzeReplication(found), FindingCode.KmsObjectsSkipped, /skipped silently/);
  });

  it("Object Lock source with a destination without Object Lock", () => {
    const found = happy();
    found.source.objectLockEnabled = true;
    destination(found).objectLockEnabled = false;
    expectFinding(
      analyzeReplication(found),
      FindingCode.ObjectLockDestinationMissing,
      /DstBucketObjectLockConfigMissing/,
    );
  });

  it("an explicit Deny on the source key policy names the statement", () => {
    const found = happy();
    sourceKey(found).policy!.document!.Statement.push({
      Sid: "DenyAllDecrypt",
      Effect: "Deny",
      Principal: "*",
      Action: "kms:Decrypt",
      Resource: "*",
    });
    const denial = expectFinding(
      analyzeReplication(found),
      FindingCode.ExplicitDeny,
      /Deny statement blocks kms:Decrypt/,
    );
    assert.equal(denial.location, 'statement "DenyAllDecrypt"');
  });

  it("a disabled replica key", () => {
    const found = happy();
    replicaKey(found).enabled = false;
    expectFinding(analyzeReplication(found), FindingCode.KeyStateInvalid, /disabled/);
  });
});

describe("analysis: rule shape", () => {
  const base = {
    hasFilter: true,
    id: "a",
    priority: 1,
    deleteMarkerReplication: "Disabled",
    destinationBucket: "arn:aws:s3:::b",
  };
  const cases: [string, Parameters<typeof ruleShapeFindings>[0], RegExp][] = [
    [
      "two filtered rules without priority (the provider sends 0 for both)",
      [base, { ...base, id: "b" }].map(({ priority, ...rest }) => rest),
      /priority 0 \(the provider's value for an omitted priority\) is used twice/,
    ],
    [
      "filter without deleteMarkerReplication",
      [{ hasFilter: true, id: "a", priority: 1 }],
      /must set deleteMarkerReplication/,
    ],
    ["duplicate ids", [base, { ...base, priority: 2 }], /rule id "a" is used twice/],
    ["duplicate priorities", [base, { ...base, id: "b" }], /priority 1 is used twice/],
    [
      "delete markers with tags",
      [{ ...base, deleteMarkerReplication: "Enabled", filterTags: { team: "x" } }],
      /not supported for tag-based rules/,
    ],
    [
      "RTC without metrics",
      [{ ...base, replicationTimeStatus: "Enabled", replicationTimeMinutes: 15 }],
      /requires metrics Enabled/,
    ],
    [
      "event threshold without RTC",
      [{ ...base, metricsStatus: "Enabled", metricsEventThresholdMinutes: 15 }],
      /event threshold when ReplicationTime is not Enabled/,
    ],
    [
      "RTC minutes other than 15",
      [
        {
          ...base,
          replicationTimeStatus: "Enabled",
          replicationTimeMinutes: 10,
          metricsStatus: "Enabled",
          metricsEventThresholdMinutes: 15,
        },
      ],
      /accepts only 15/,
    ],
    ["ownership override without account", [{ ...base, ownerOverride: "Destination" }], /requires destination.account/],
    ["opt-in without replica key", [{ ...base, sseKmsEncryptedObjects: "Enabled" }], /names no replica key/],
    [
      "replica key without opt-in",
      [{ ...base, replicaKmsKeyId: "arn:aws:kms:eu-west-1:222222222222:key/mrk-1234567890abcdef1234567890abcdef" }],
      /does not opt in to SSE-KMS objects/,
    ],
  ];
  it("one filtered rule without priority is accepted (the provider sends 0)", () => {
    const { priority: _omitted, ...rule } = base;
    assert.deepEqual(
      ruleShapeFindings([rule], "config").map((item) => item.message),
      [],
    );
  });
  for (const [name, rules, message] of cases) {
    it(name, () => {
      const findings = ruleShapeFindings(rules, "config");
      assert.ok(
        findings.some((item) => message.test(item.message)),
        `${name}: ${findings.map((item) => item.message).join(" | ") || "(no finding)"}`,
      );
    });
  }
  it("a correct rule yields nothing", () => {
    assert.deepEqual(
      ruleShapeFindings(
        [
          {
            ...base,
            replicationTimeStatus: "Enabled",
            replicationTimeMinutes: 15,
            metricsStatus: "Enabled",
            metricsEventThresholdMinutes: 15,
          },
        ],
        "config",
      ),
      [],
    );
  });
});

describe("analysis: what AWS's own examples grant is not flagged in other stacks", () => {
  it("s3:ReplicateDelete without delete-marker replication is tolerated (our documents still leave it out)", () => {
    const found = happy();
    const replicate = statement(rolePolicy(found), "ReplicateDr1");
    replicate.Action = [...asList(replicate.Action), "s3:ReplicateDelete"];
    const grant = destination(found).policy!.document!.Statement.find((candidate) =>
      candidate.Sid?.startsWith("AllowReplicationFrom"),
    )!;
    grant.Action = [...asList(grant.Action), "s3:ReplicateDelete"];
    assert.deepEqual(analyzeReplication(found), []);
  });
});
