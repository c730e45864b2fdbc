/**
 * Each corrected rule of the analysis, judged on configurations written the way AWS's own
 * documentation writes them ("Setting up permissions for live replication", "Replicating encrypted
 * objects (SSE-S3, SSE-KMS, DSSE-KMS, SSE-C)", "Using an S3 Bucket Key with replication"): the
 * documented configuration draws no finding, and the broken variant draws the finding that names
 * what S3 will do.
 */

import assert from "node:assert/strict";
import { analyzeReplication } from "../../components/model/analysis";
import { Finding, FindingCode } from "../../components/model/findings";
import { FoundReplication, FoundRule } from "../../components/model/found";
import { PolicyStatement } from "../../components/model/policyDocument";

const ACCOUNT = "111111111111";
const SOURCE = "orders-source-bucket";
const DESTINATION = "orders-destination-bucket";
const SOURCE_KEY = `arn:aws:kms:us-east-1:${ACCOUNT}:key/11111111-2222-4333-8444-555555555555`;
const REPLICA_KEY = `arn:aws:kms:us-west-2:${ACCOUNT}:key/66666666-7777-4888-8999-000000000000`;
const ROLE = `arn:aws:iam::${ACCOUNT}:role/replicationRole`;

/** The encryption of one side: algorithm and Bucket Key. */
interface Side { algorithm: "AES256" | "aws:kms" | "aws:kms:dsse"; bucketKey: boolean }

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
    { Effect: "Allow", Action: ["s3:GetReplicationConfiguration", "s3:ListBucket"], Resource: `arn:aws:s3:::${SOURCE}` },
    { Effect: "Allow", Action: ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"], Resource: `arn:aws:s3:::${SOURCE}/*` },
    { Effect: "Allow", Action: w.destinationActions ?? ["s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags"], Resource: `arn:aws:s3:::${DESTINATION}/*` },
  ];
  if (kms(w.source)) {
    statements.push({
      Effect: "Allow", Action: ["kms:Decrypt"], Resource: SOURCE_KEY,
      Condition: { StringLike: { "kms:ViaService": "s3.us-east-1.amazonaws.com", "kms:EncryptionContext:aws:s3:arn": w.sourceContexts ?? [w.source.bucketKey ? `arn:aws:s3:::${SOURCE}` : `arn:aws:s3:::${SOURCE}/*`] } },
    });
  }
  if (w.replicaActions !== undefined && w.replicaActions.length > 0) {
    statements.push({
      Effect: "Allow", Action: w.replicaActions, Resource: REPLICA_KEY,
      Condition: { StringLike: { "kms:ViaService": "s3.us-west-2.amazonaws.com", "kms:EncryptionContext:aws:s3:arn": w.replicaContexts ?? [`arn:aws:s3:::${DESTINATION}/*`] } },
    });
  }
  statements.push(...(w.extra ?? []));
  const ownerPolicy = (ref: string) => ({ ref, document: { Version: "2012-10-17" as const, Statement: [{ Sid: "Enable IAM User Permissions", Effect: "Allow" as const, Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: "kms:*", Resource: "*" }] } });
  const bucket = (name: string, region: string, side: Side, keyArn: string) => ({
    ref: `bucket ${name}`, name, account: ACCOUNT, region, partition: "aws", versioning: "Enabled", ownership: "BucketOwnerEnforced",
    encryption: { algorithm: side.algorithm, bucketKeyEnabled: side.bucketKey, ...(kms(side) ? { keyId: keyArn } : {}) },
    publicAccessBlock: { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
  });
  const rule: FoundRule = {
    id: "rule-1", status: "Enabled", priority: 1, hasFilter: true, filterPrefix: "", deleteMarkerReplication: "Enabled",
    destinationBucket: `arn:aws:s3:::${DESTINATION}`,
    ...(kms(w.source) ? { sseKmsEncryptedObjects: "Enabled", replicaKmsKeyId: REPLICA_KEY } : {}),
    ...w.rule,
  };
  return {
    ref: "replication", source: bucket(SOURCE, "us-east-1", w.source, SOURCE_KEY), roleArn: ROLE,
    role: {
      ref: "role replicationRole", arn: ROLE, name: "replicationRole", account: ACCOUNT, unresolvedPolicyArns: [],
      trustPolicy: { ref: "trust", document: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "s3.amazonaws.com" }, Action: "sts:AssumeRole" }] } },
      policies: [{ ref: "role policy", document: { Version: "2012-10-17", Statement: statements } }],
    },
    rules: [rule],
    destinations: { [`arn:aws:s3:::${DESTINATION}`]: bucket(DESTINATION, "us-west-2", w.destination, REPLICA_KEY) },
    keys: {
      [SOURCE_KEY]: { ref: "source key", arn: SOURCE_KEY, region: "us-east-1", account: ACCOUNT, grants: [], rotationEnabled: true, policy: ownerPolicy("source key policy") },
      [REPLICA_KEY]: { ref: "replica key", arn: REPLICA_KEY, region: "us-west-2", account: ACCOUNT, grants: [], rotationEnabled: true, policy: ownerPolicy("replica key policy") },
    },
  };
}

const codes = (findings: Finding[]): string[] => findings.map((item) => `${item.code} ${item.message}`);
function clean(w: Written): void {
  assert.deepEqual(codes(analyzeReplication(written(w))), []);
}
function flags(w: Written, code: FindingCode, text: RegExp): void {
  const findings = analyzeReplication(written(w));
  assert.ok(findings.some((item) => item.code === code && text.test(`${item.message} Fix: ${item.fix}`)), `expected ${code} ~ ${text}; got:\n${codes(findings).join("\n")}`);
}

const BK = { algorithm: "aws:kms", bucketKey: true } as const;
const NO_BK = { algorithm: "aws:kms", bucketKey: false } as const;
const DSSE = { algorithm: "aws:kms:dsse", bucketKey: false } as const;
const SSE_S3 = { algorithm: "AES256", bucketKey: false } as const;
const DEST_BUCKET_CONTEXT = `arn:aws:s3:::${DESTINATION}`;

describe("AWS-documented configurations: Bucket Keys follow the source object", () => {
  it("Bucket-Key source into an SSE-KMS destination without Bucket Keys: kms:Decrypt and the bucket ARN on the replica key is correct, not excess", () =>
    clean({ source: BK, destination: NO_BK, replicaActions: ["kms:Encrypt", "kms:Decrypt"], replicaContexts: [DEST_BUCKET_CONTEXT] }));
  it("... without kms:Decrypt on the replica key the replicas fail (S3R022, DstPutObjectNotPermitted)", () =>
    flags({ source: BK, destination: NO_BK, replicaActions: ["kms:Encrypt"], replicaContexts: [DEST_BUCKET_CONTEXT] }, FindingCode.BucketKeyDecryptMissing, /source writes objects with a Bucket Key.*Bucket Keys off.*DstPutObjectNotPermitted/));
  it("... with only the object ARN as context the replicas fail (S3R015)", () =>
    flags({ source: BK, destination: NO_BK, replicaActions: ["kms:Encrypt", "kms:Decrypt"] }, FindingCode.KmsContextMismatch, /arn:aws:s3:::orders-destination-bucket\b/));
  it("Bucket-Key source into a DSSE-KMS destination: the replicas keep the source's SSE-KMS Bucket Key", () =>
    clean({ source: BK, destination: DSSE, replicaActions: ["kms:Encrypt", "kms:Decrypt"], replicaContexts: [DEST_BUCKET_CONTEXT] }));
  it("... a DSSE-style object-only context there breaks them (S3R015)", () =>
    flags({ source: BK, destination: DSSE, replicaActions: ["kms:Encrypt", "kms:Decrypt"] }, FindingCode.KmsContextMismatch, /does not admit encryption context arn:aws:s3:::orders-destination-bucket\b/));
  it("SSE-KMS without Bucket Keys on both sides: AWS's example (kms:Encrypt, object ARNs) is clean", () =>
    clean({ source: NO_BK, destination: NO_BK, replicaActions: ["kms:Encrypt"] }));
  it("no-Bucket-Key source into a Bucket-Key destination: kms:Decrypt and the bucket ARN", () =>
    clean({ source: NO_BK, destination: BK, replicaActions: ["kms:Encrypt", "kms:Decrypt"], replicaContexts: [DEST_BUCKET_CONTEXT] }));
  it("... without kms:Decrypt (S3R022 names the destination's Bucket Key)", () =>
    flags({ source: NO_BK, destination: BK, replicaActions: ["kms:Encrypt"], replicaContexts: [DEST_BUCKET_CONTEXT] }, FindingCode.BucketKeyDecryptMissing, /destination writes replicas with a Bucket Key/));
});

export { written, clean, flags, BK, NO_BK, DSSE, SSE_S3, DEST_BUCKET_CONTEXT };
