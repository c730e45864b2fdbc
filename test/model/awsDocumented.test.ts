/**
 * Each corrected rule of the analysis, judged on configurations written the way AWS's own
 * documentation writes them ("Setting up permissions for live replication", "Replicating encrypted
 * objects (SSE-S3, SSE-KMS, DSSE-KMS, SSE-C)", "Using an S3 Bucket Key with replication"): the
 * documented configuration draws no finding, and the broken variant draws the finding that names
 * what S3 will do.
 */

import assert from "node:assert/strict";
import { analyzeReplication, isBatchPlaintextAdvice } from "../../components/model/analysis";
import { Finding, FindingClass, FindingCode, Severity, breaksReplication } from "../../components/model/findings";
import { bucketEncryptionFindings } from "../../components/model/resourceAnalysis";
import { Encryption } from "../../components/model/topology";
import { FoundReplication, FoundRule } from "../../components/model/found";
import { PolicyStatement } from "../../components/model/policyDocument";

const ACCOUNT = "111111111111";
const SOURCE = "orders-source-bucket";
const DESTINATION = "orders-destination-bucket";
const SOURCE_KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/11111111-2222-4333-8444-555555555555`;
const REPLICA_KEY = `arn:aws:kms:us-west-2:${ACCOUNT}:key/66666666-7777-4888-8999-000000000000`;
const ROLE = `arn:aws:iam::${ACCOUNT}:role/replicationRole`;

/** The encryption of one side: algorithm and Bucket Key. */
interface Side {
  algorithm: "AES256" | "aws:kms" | "aws:kms:dsse";
  bucketKey: boolean;
}

/** What a written configuration varies. */
interface Written {
  source: Side;
  destination: Side;
  /** The replica key statement's actions (AWS: kms:Encrypt; plus kms:Decrypt with Bucket Keys). */
  replicaActions?: string[];
  /** The replica key statement's kms:EncryptionContext:aws:s3:arn values. */
  replicaContexts?: string[];
  /** The source key statement's contexts. */
  sourceContexts?: string[];
  /** Destination object actions (AWS: ReplicateObject, ReplicateDelete, ReplicateTags). */
  destinationActions?: string[];
  /** Extra statements in the role's policy. */
  extra?: PolicyStatement[];
  /** Rule changes. */
  rule?: Partial<FoundRule>;
}

const kms = (side: Side): boolean => side.algorithm !== "AES256";

/** A same-account configuration as AWS's replication examples write it. */
function written(w: Written): FoundReplication {
  const statements: PolicyStatement[] = [
    {
      Effect: "Allow",
      Action: ["s3:GetReplicationConfiguration", "s3:ListBucket"],
      Resource: `arn:aws:s3:::${SOURCE}`,
    },
    {
      Effect: "Allow",
      Action: ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"],
      Resource: `arn:aws:s3:::${SOURCE}/*`,
    },
    {
      Effect: "Allow",
      Action: w.destinationActions ?? ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"],
      Resource: `arn:aws:s3:::${DESTINATION}/*`,
    },
  ];
  if (kms(w.source)) {
    statements.push({
      Effect: "Allow",
      Action: ["kms:Decrypt"],
      Resource: SOURCE_KEY,
      Condition: {
        StringLike: {
          "kms:ViaService": "s3.us-east-1.amazonaws.com",
          "kms:EncryptionContext:aws:s3:arn": w.sourceContexts ?? [
            w.source.bucketKey ? `arn:aws:s3:::${SOURCE}` : `arn:aws:s3:::${SOURCE}/*`,
          ],
        },
      },
    });
  }
  if (w.replicaActions !== undefined && w.replicaActions.length > 0) {
    statements.push({
      Effect: "Allow",
      Action: w.replicaActions,
      Resource: REPLICA_KEY,
      Condition: {
        StringLike: {
          "kms:ViaService": "s3.us-west-2.amazonaws.com",
          "kms:EncryptionContext:aws:s3:arn": w.replicaContexts ?? [`arn:aws:s3:::${DESTINATION}/*`],
        },
      },
    });
  }
  statements.push(...(w.extra ?? []));
  const ownerPolicy = (ref: string) => ({
    ref,
    document: {
      Version: "2012-10-17" as const,
      Statement: [
        {
          Sid: "Enable IAM User Permissions",
          Effect: "Allow" as const,
          Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
          Action: "kms:*",
          Resource: "*",
        },
      ],
    },
  });
  const bucket = (name: string, region: string, side: Side, keyArn: string) => ({
    ref: `bucket ${name}`,
    name,
    account: ACCOUNT,
    region,
    partition: "aws",
    versioning: "Enabled",
    ownership: "BucketOwnerEnforced",
    encryption: {
      algorithm: side.algorithm,
      bucketKeyEnabled: side.bucketKey,
      ...(kms(side) ? { keyId: keyArn } : {}),
    },
    publicAccessBlock: {
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    },
  });
  const rule: FoundRule = {
    id: "rule-1",
    status: "Enabled",
    priority: 1,
    hasFilter: true,
    filterPrefix: "",
    deleteMarkerReplication: "Enabled",
    destinationBucket: `arn:aws:s3:::${DESTINATION}`,
    ...(kms(w.source) ? { sseKmsEncryptedObjects: "Enabled", replicaKmsKeyId: REPLICA_KEY } : {}),
    ...w.rule,
  };
  return {
    ref: "replication",
    source: bucket(SOURCE, "us-east-1", w.source, SOURCE_KEY),
    roleArn: ROLE,
    role: {
      ref: "role replicationRole",
      arn: ROLE,
      name: "replicationRole",
      account: ACCOUNT,
      unresolvedPolicyArns: [],
      trustPolicy: {
        ref: "trust",
        document: {
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Principal: { Service: "s3.amazonaws.com" }, Action: "sts:AssumeRole" }],
        },
      },
      policies: [{ ref: "role policy", document: { Version: "2012-10-17", Statement: statements } }],
    },
    rules: [rule],
    destinations: { [`arn:aws:s3:::${DESTINATION}`]: bucket(DESTINATION, "us-west-2", w.destination, REPLICA_KEY) },
    keys: {
      [SOURCE_KEY]: {
        ref: "source key",
        arn: SOURCE_KEY,
        region: "us-east-1",
        account: ACCOUNT,
        grants: [],
        rotationEnabled: true,
        policy: ownerPolicy("source key policy"),
      },
      [REPLICA_KEY]: {
        ref: "replica key",
        arn: REPLICA_KEY,
        region: "us-west-2",
        account: ACCOUNT,
        grants: [],
        rotationEnabled: true,
        policy: ownerPolicy("replica key policy"),
      },
    },
  };
}

const codes = (findings: Finding[]): string[] => findings.map((item) => `${item.code} ${item.message}`);
function clean(w: Written): void {
  assert.deepEqual(codes(analyzeReplication(written(w))), []);
}
function flags(w: Written, code: FindingCode, text: RegExp): void {
  const findings = analyzeReplication(written(w));
  assert.ok(
    findings.some((item) => item.code === code && text.test(`${item.message} Fix: ${item.fix}`)),
    `expected ${code} ~ ${text}; got:\n${codes(findings).join("\n")}`,
  );
}

const BK = { algorithm: "aws:kms", bucketKey: true } as const;
const NO_BK = { algorithm: "aws:kms", bucketKey: false } as const;
const DSSE = { algorithm: "aws:kms:dsse", bucketKey: false } as const;
const SSE_S3 = { algorithm: "AES256", bucketKey: false } as const;
const DEST_BUCKET_CONTEXT = `arn:aws:s3:::${DESTINATION}`;

describe("AWS-documented configurations: Bucket Keys follow the source object", () => {
  it("Bucket-Key source into an SSE-KMS destination without Bucket Keys: kms:Decrypt and the bucket ARN on the replica key is correct, not excess", () =>
    clean({
      source: BK,
      destination: NO_BK,
      replicaActions: ["kms:Encrypt", "kms:Decrypt"],
      replicaContexts: [DEST_BUCKET_CONTEXT],
    }));
  it("... without kms:Decrypt on the replica key the replicas fail (S3R022, DstPutObjectNotPermitted)", () =>
    flags(
      { source: BK, destination: NO_BK, replicaActions: ["kms:Encrypt"], replicaContexts: [DEST_BUCKET_CONTEXT] },
      FindingCode.BucketKeyDecryptMissing,
      /source writes objects with a Bucket Key.*Bucket Keys off.*DstPutObjectNotPermitted/,
    ));
  it("... with only the object ARN as context the replicas fail (S3R015)", () =>
    flags(
      { source: BK, destination: NO_BK, replicaActions: ["kms:Encrypt", "kms:Decrypt"] },
      FindingCode.KmsContextMismatch,
      /arn:aws:s3:::orders-destination-bucket\b/,
    ));
  it("Bucket-Key source into a DSSE-KMS destination: the replicas keep the source's SSE-KMS Bucket Key", () =>
    clean({
      source: BK,
      destination: DSSE,
      replicaActions: ["kms:Encrypt", "kms:Decrypt"],
      replicaContexts: [DEST_BUCKET_CONTEXT],
    }));
  it("... a DSSE-style object-only context there breaks them (S3R015)", () =>
    flags(
      { source: BK, destination: DSSE, replicaActions: ["kms:Encrypt", "kms:Decrypt"] },
      FindingCode.KmsContextMismatch,
      /does not admit encryption context arn:aws:s3:::orders-destination-bucket\b/,
    ));
  it("SSE-KMS without Bucket Keys on both sides: AWS's example (kms:Encrypt, object ARNs) is clean", () =>
    clean({ source: NO_BK, destination: NO_BK, replicaActions: ["kms:Encrypt"] }));
  it("no-Bucket-Key source into a Bucket-Key destination: kms:Decrypt and the bucket ARN", () =>
    clean({
      source: NO_BK,
      destination: BK,
      replicaActions: ["kms:Encrypt", "kms:Decrypt"],
      replicaContexts: [DEST_BUCKET_CONTEXT],
    }));
  it("... without kms:Decrypt (S3R022 names the destination's Bucket Key)", () =>
    flags(
      { source: NO_BK, destination: BK, replicaActions: ["kms:Encrypt"], replicaContexts: [DEST_BUCKET_CONTEXT] },
      FindingCode.BucketKeyDecryptMissing,
      /destination writes replicas with a Bucket Key/,
    ));
});

/** No finding but advice. */
function noViolation(found: FoundReplication): Finding[] {
  const findings = analyzeReplication(found);
  assert.deepEqual(
    findings.filter((item) => item.kind !== FindingClass.Advice).map((item) => `${item.code} ${item.message}`),
    [],
  );
  return findings;
}

describe("AWS-documented configurations: nothing stricter than AWS", () => {
  it("no s3:ReplicateTags (s3:ReplicateObject also replicates tags) is clean (S3R013/S3R019)", () =>
    clean({
      source: BK,
      destination: NO_BK,
      replicaActions: ["kms:Encrypt", "kms:Decrypt"],
      replicaContexts: [DEST_BUCKET_CONTEXT],
      destinationActions: ["s3:ReplicateObject", "s3:ReplicateDelete"],
    }));
  it("... but without s3:ReplicateObject every object fails (S3R013, DstPutObjectNotPermitted)", () =>
    flags(
      {
        source: BK,
        destination: NO_BK,
        replicaActions: ["kms:Encrypt", "kms:Decrypt"],
        replicaContexts: [DEST_BUCKET_CONTEXT],
        destinationActions: ["s3:ReplicateDelete", "s3:ReplicateTags"],
      },
      FindingCode.RoleMissingPermission,
      /s3:ReplicateObject.*DstPutObjectNotPermitted/,
    ));
  it("SSE-KMS source: kms:Encrypt alone on the replica key (no kms:GenerateDataKey) is clean", () =>
    clean({ source: NO_BK, destination: NO_BK, replicaActions: ["kms:Encrypt"] }));
  it("SSE-S3 source into a KMS-default destination: kms:GenerateDataKey for plaintext objects, no kms:Encrypt", () =>
    clean({ source: SSE_S3, destination: NO_BK, replicaActions: ["kms:GenerateDataKey"] }));
  it("SSE-S3 into SSE-S3 needs no KMS permission at all", () => clean({ source: SSE_S3, destination: SSE_S3 }));
  it("Bucket-Key source: the bucket ARN alone as the source key's context is clean (S3R015 demands only the form produced)", () =>
    clean({
      source: BK,
      destination: BK,
      replicaActions: ["kms:Encrypt", "kms:Decrypt"],
      replicaContexts: [DEST_BUCKET_CONTEXT],
    }));
  it("... the object ARN alone there breaks every object (S3R015)", () =>
    flags(
      {
        source: BK,
        destination: BK,
        replicaActions: ["kms:Encrypt", "kms:Decrypt"],
        replicaContexts: [DEST_BUCKET_CONTEXT],
        sourceContexts: [`arn:aws:s3:::${SOURCE}/*`],
      },
      FindingCode.KmsContextMismatch,
      /does not admit encryption context arn:aws:s3:::orders-source-bucket\b/,
    ));
  it("an alias ARN as replicaKmsKeyId is valid per the API: advice at most (S3R006)", () => {
    const found = written({
      source: NO_BK,
      destination: NO_BK,
      replicaActions: ["kms:Encrypt"],
      rule: { replicaKmsKeyId: `arn:aws:kms:us-west-2:${ACCOUNT}:alias/replica` },
    });
    found.keys[`arn:aws:kms:us-west-2:${ACCOUNT}:alias/replica`] = found.keys[REPLICA_KEY]!;
    const advice = noViolation(found).filter((item) => item.code === FindingCode.ReplicaKeyNotArn);
    assert.equal(advice.length, 1);
    assert.equal(advice[0]?.kind, FindingClass.Advice);
  });
  it("... a bare alias name is the real problem (S3R006, security)", () =>
    flags(
      {
        source: NO_BK,
        destination: NO_BK,
        replicaActions: ["kms:Encrypt"],
        rule: { replicaKmsKeyId: "alias/replica" },
      },
      FindingCode.ReplicaKeyNotArn,
      /bare alias name or key id/,
    ));
  it("a role also trusted by batchoperations.s3.amazonaws.com is advice (S3R012)", () => {
    const found = written({ source: NO_BK, destination: NO_BK, replicaActions: ["kms:Encrypt"] });
    found.role!.trustPolicy!.document!.Statement[0]!.Principal = {
      Service: ["s3.amazonaws.com", "batchoperations.s3.amazonaws.com"],
    };
    const advice = noViolation(found).filter((item) => item.code === FindingCode.TrustAdmitsOthers);
    assert.equal(advice.length, 1);
  });
  it("... trusting ec2.amazonaws.com is a security finding (S3R012)", () => {
    const found = written({ source: NO_BK, destination: NO_BK, replicaActions: ["kms:Encrypt"] });
    found.role!.trustPolicy!.document!.Statement[0]!.Principal = { Service: ["s3.amazonaws.com", "ec2.amazonaws.com"] };
    assert.ok(
      analyzeReplication(found).some(
        (item) => item.code === FindingCode.TrustAdmitsOthers && item.kind === FindingClass.Security,
      ),
    );
  });
  it("s3:PutObjectRetention and s3:PutObjectLegalHold on the destination (named by the failure-reasons table) are not excess; real actions are not 'not an action' (S3R016, S3R017)", () =>
    clean({
      source: NO_BK,
      destination: NO_BK,
      replicaActions: ["kms:Encrypt"],
      extra: [
        {
          Effect: "Allow",
          Action: ["s3:PutObjectRetention", "s3:PutObjectLegalHold"],
          Resource: `arn:aws:s3:::${DESTINATION}/*`,
        },
      ],
    }));
  it("... a misspelt action is still reported with the nearest real one (S3R017)", () =>
    flags(
      {
        source: NO_BK,
        destination: NO_BK,
        replicaActions: ["kms:Encrypt"],
        extra: [{ Effect: "Allow", Action: ["s3:ReplicateObjects"], Resource: `arn:aws:s3:::${DESTINATION}/*` }],
      },
      FindingCode.InvalidAction,
      /"s3:ReplicateObjects" is not an IAM action; did you mean "s3:ReplicateObject"/,
    ));
  it("s3:GetObjectVersion instead of s3:GetObjectVersionForReplication, no KMS opt-in: least-privilege advice (S3R014)", () => {
    const found = written({ source: SSE_S3, destination: SSE_S3 });
    found.role!.policies[0]!.document!.Statement[1]!.Action = [
      "s3:GetObjectVersion",
      "s3:GetObjectVersionAcl",
      "s3:GetObjectVersionTagging",
    ];
    const findings = noViolation(found);
    const item = findings.find((candidate) => candidate.code === FindingCode.GetObjectVersionInsteadOfReplication);
    assert.ok(item);
    assert.equal(item.kind, FindingClass.Advice);
    assert.match(item.message, /replicates unencrypted and SSE-S3 objects/);
  });
  it("... with a rule that selects SSE-KMS objects it breaks them (S3R014, SrcGetObjectNotPermitted)", () => {
    const found = written({ source: NO_BK, destination: NO_BK, replicaActions: ["kms:Encrypt"] });
    found.role!.policies[0]!.document!.Statement[1]!.Action = [
      "s3:GetObjectVersion",
      "s3:GetObjectVersionAcl",
      "s3:GetObjectVersionTagging",
    ];
    const item = analyzeReplication(found).find(
      (candidate) => candidate.code === FindingCode.GetObjectVersionInsteadOfReplication,
    );
    assert.ok(item);
    assert.equal(item.kind, FindingClass.BreaksReplication);
    assert.match(item.message, /SSE-KMS\/DSSE-KMS objects this rule selects.*SrcGetObjectNotPermitted/);
  });
});

describe("AWS-documented configurations: a bucket without its own encryption configuration is SSE-S3", () => {
  // "Amazon S3 now applies server-side encryption with Amazon S3 managed keys (SSE-S3) as the base
  // level of encryption for every bucket" (https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingServerSideEncryption.html).
  const bare = { ref: "bucket plain", name: "plain" };
  it("draws no finding: it is encrypted (SSE-S3 is allowed by default)", () => {
    assert.deepEqual(bucketEncryptionFindings(bare), []);
  });
  it("is S3R029 when the allowed encryption types exclude SSE-S3, saying it is S3's base level", () => {
    const findings = bucketEncryptionFindings(bare, { allowedEncryption: [Encryption.SseKms] });
    assert.deepEqual(
      findings.map((f) => [f.code, f.kind, f.severity]),
      [[FindingCode.EncryptionNotAllowed, FindingClass.Security, Severity.High]],
    );
    assert.match(
      findings[0]?.message ?? "",
      /AES256 \(S3's base level for a bucket without a configuration of its own\)/,
    );
  });
  it("judges a configured SSE-S3 bucket the same way, without the base-level note", () => {
    const configured = { ...bare, encryption: { algorithm: Encryption.SseS3 } };
    const [item] = bucketEncryptionFindings(configured, { allowedEncryption: [Encryption.SseKms] });
    assert.equal(item?.code, FindingCode.EncryptionNotAllowed);
    assert.doesNotMatch(item?.message ?? "", /base level/);
  });
});

describe("AWS-documented configurations: every object a source can hold (issue 21)", () => {
  // "Replicating encrypted objects": SSE-S3 objects replicate as SSE-S3, the destination's default
  // encryption is not used for them (https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-config-for-kms-objects.html).
  for (const destination of [NO_BK, BK, DSSE]) {
    const name = `${destination.algorithm}${destination.bucketKey ? " with a Bucket Key" : ""}`;
    it(`SSE-S3 source into an ${name} destination, role without KMS permissions: no breaking finding, Batch Replication advice`, () => {
      const findings = noViolation(written({ source: SSE_S3, destination }));
      const advice = findings.filter(isBatchPlaintextAdvice);
      assert.equal(advice.length, 1);
      assert.match(advice[0]?.message ?? "", /Batch Replication of objects written unencrypted before January 2023/);
      assert.match(advice[0]?.message ?? "", /kms:GenerateDataKey/);
    });
  }
  it("... with kms:GenerateDataKey granted there is no advice either", () =>
    clean({ source: SSE_S3, destination: NO_BK, replicaActions: ["kms:GenerateDataKey"] }));
  it("a role without s3:GetObjectVersionTagging: the object replicates without its tags (incomplete-replica, high, not breaking)", () => {
    const found = written({ source: SSE_S3, destination: SSE_S3 });
    found.role!.policies[0]!.document!.Statement[1]!.Action = [
      "s3:GetObjectVersionForReplication",
      "s3:GetObjectVersionAcl",
    ];
    const findings = analyzeReplication(found);
    assert.deepEqual(
      findings.map((item) => [item.code, item.kind, item.severity]),
      [[FindingCode.RoleMissingPermission, FindingClass.IncompleteReplica, Severity.High]],
    );
    assert.match(findings[0]?.message ?? "", /SrcGetTaggingNotPermitted \(the object replicates without its tags\)/);
    assert.equal(findings.some(breaksReplication), false);
  });
  it("a no-Bucket-Key SSE-KMS source into a no-Bucket-Key destination demands only the object-ARN form (the analysis demands what the configuration produces)", () =>
    clean({ source: NO_BK, destination: NO_BK, replicaActions: ["kms:Encrypt"] }));
  it("... a missing kms:Decrypt on the replica key with a Bucket-Key source names the source's Bucket Key (S3R022, DstPutObjectNotPermitted)", () =>
    flags(
      { source: BK, destination: NO_BK, replicaActions: ["kms:Encrypt"], replicaContexts: [DEST_BUCKET_CONTEXT] },
      FindingCode.BucketKeyDecryptMissing,
      /source writes objects with a Bucket Key and their replicas keep it.*DstPutObjectNotPermitted/,
    ));
  it("the missing permission is reported on the role policy that holds the replica key statement (the document to change)", () => {
    const found = written({
      source: BK,
      destination: NO_BK,
      replicaActions: ["kms:Encrypt"],
      replicaContexts: [DEST_BUCKET_CONTEXT],
    });
    const role = found.role!;
    const [first] = role.policies;
    const keyStatements = first!.document!.Statement.filter((statement) => statement.Resource === REPLICA_KEY);
    const s3Only = {
      ...first!,
      document: {
        ...first!.document!,
        Statement: first!.document!.Statement.filter((statement) => statement.Resource !== REPLICA_KEY),
      },
    };
    const kmsPolicy = {
      ref: "iam.RolePolicy replica-key",
      document: { Version: "2012-10-17" as const, Statement: keyStatements },
    };
    role.policies = [s3Only, kmsPolicy];
    const item = analyzeReplication(found).find((candidate) => candidate.code === FindingCode.BucketKeyDecryptMissing);
    assert.equal(item?.subject, "iam.RolePolicy replica-key");
  });
});

describe("permissions boundaries (issue 21 item 9): a boundary caps the role's policies", () => {
  // "Troubleshooting replication": permissions boundaries attached to the IAM role can cause
  // replication to fail (https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-troubleshoot.html).
  const boundary = (actions: string[]) => ({
    ref: "iam.Policy boundary",
    document: {
      Version: "2012-10-17" as const,
      Statement: [{ Effect: "Allow" as const, Action: actions, Resource: "*" }],
    },
  });
  const withBoundary = (actions: string[]): FoundReplication => {
    const found = written({ source: NO_BK, destination: NO_BK, replicaActions: ["kms:Encrypt"] });
    found.role!.permissionsBoundary = boundary(actions);
    return found;
  };
  it("a boundary in the stack that allows s3:* and kms:* is clean", () =>
    assert.deepEqual(codes(analyzeReplication(withBoundary(["s3:*", "kms:*"]))), []));
  it("... one without kms:Encrypt breaks SSE-KMS replicas, reported on the boundary with the request and DstPutObjectNotPermitted", () => {
    const findings = analyzeReplication(withBoundary(["s3:*", "kms:Decrypt"]));
    const item = findings.find((candidate) => candidate.subject === "iam.Policy boundary");
    assert.equal(item?.code, FindingCode.RoleMissingPermission);
    assert.equal(item?.kind, FindingClass.BreaksReplication);
    assert.match(item?.message ?? "", /permissions boundary does not allow kms:Encrypt on .*DstPutObjectNotPermitted/);
  });
  it("a boundary outside the stack: advice listing what it must allow", () => {
    const found = written({ source: NO_BK, destination: NO_BK, replicaActions: ["kms:Encrypt"] });
    found.role!.permissionsBoundaryArn = `arn:aws:iam::${ACCOUNT}:policy/org-boundary`;
    const findings = noViolation(found);
    const advice = findings.find((item) => item.detail["setting"] === "permissionsBoundary");
    assert.equal(advice?.kind, FindingClass.Advice);
    assert.match(
      advice?.message ?? "",
      /org-boundary is not in the stack.*must allow: .*s3:ReplicateObject.*kms:Encrypt/,
    );
  });
});

describe("Sids (issue 21 item 10): IAM policies take only alphanumeric Sids, key and bucket policies accept spaces", () => {
  it("a role policy Sid with spaces is S3R068 (IAM rejects the document at apply)", () => {
    const found = written({ source: SSE_S3, destination: SSE_S3 });
    found.role!.policies[0]!.document!.Statement[0]!.Sid = "Read the source";
    const item = analyzeReplication(found).find((candidate) => candidate.code === FindingCode.IamSidInvalid);
    assert.equal(item?.kind, FindingClass.BreaksReplication);
    assert.match(item?.message ?? "", /"Read the source" has characters other than A-Z, a-z and 0-9/);
    // The fix names no rewritten Sid (the policy may be a secret, and a rewritten value escapes redaction).
    assert.match(item?.fix ?? "", /remove every character other than A-Z, a-z and 0-9 from the Sid/);
    assert.ok(!(item?.fix ?? "").includes("Readthesource"));
  });
  it("the same Sid in a key policy is accepted", () => {
    const found = written({ source: NO_BK, destination: NO_BK, replicaActions: ["kms:Encrypt"] });
    for (const key of Object.values(found.keys))
      if (key.policy?.document) key.policy.document.Statement[0]!.Sid = "Enable IAM User Permissions";
    assert.deepEqual(codes(analyzeReplication(found)), []);
  });
});
