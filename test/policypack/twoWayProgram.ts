// A two-way cross-account program written as AWS documents it: each account's bucket replicates
// into the other's (one role and one BucketReplicationConfig per direction), and each key's policy
// is AWS's default key policy plus the console's "other AWS accounts" statements naming the other
// account, whose replication writes replicas with that key ("Allowing users in other accounts to
// use a KMS key", https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-modifying-external-accounts.html).
// Roles, trusts and bucket policies come from the core's documents for the same two-way topology.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { PolicyDocument } from "s3-replication/components/model";
import { awsDefaultKeyPolicy } from "s3-replication/components/documents";
import { consoleFormStatements } from "../support/securityFound";
import { DST_ACCOUNT, DST_BUCKET, SRC_ACCOUNT, SRC_BUCKET, documentsFor } from "./program";

/** One side of the pair: its account, region, bucket and provider name. */
interface Side {
  name: "src" | "dst";
  account: string;
  region: string;
  bucket: string;
}

const SIDES: [Side, Side] = [
  { name: "src", account: SRC_ACCOUNT, region: "us-east-1", bucket: SRC_BUCKET },
  { name: "dst", account: DST_ACCOUNT, region: "eu-west-1", bucket: DST_BUCKET },
];

/**
 * The two-way program. `otherAccount(side)` is the account the console's form names on that side's
 * key (default: the other side's, as AWS documents).
 */
export function twoWayProgram(otherAccount?: (side: Side) => string): () => Record<string, unknown> {
  return () => {
    const providers = SIDES.map((side) =>
      side.account === SRC_ACCOUNT
        ? new aws.Provider(side.name, { region: side.region, allowedAccountIds: [SRC_ACCOUNT] })
        : new aws.Provider(side.name, {
            region: side.region,
            assumeRoles: [{ roleArn: `arn:aws:iam::${side.account}:role/deployer` }],
          }),
    );
    const keys = SIDES.map((side, index) => {
      const policy: PolicyDocument = awsDefaultKeyPolicy(side.account, "aws");
      const other = otherAccount?.(side) ?? SIDES[1 - index]!.account;
      policy.Statement.push(...consoleFormStatements(other));
      return new aws.kms.Key(
        `${side.name}-key`,
        { enableKeyRotation: true, policy: JSON.stringify(policy) },
        { provider: providers[index]! },
      );
    });
    const docs = pulumi.all([keys[0]!.arn, keys[1]!.arn]).apply(([a, b]) => documentsFor(a, b, { twoWay: true }));
    const buckets = SIDES.map((side, index) => {
      const provider = providers[index]!;
      const bucket = new aws.s3.Bucket(`${side.name}-bucket`, { bucket: side.bucket }, { provider });
      const versioning = new aws.s3.BucketVersioning(
        `${side.name}-versioning`,
        { bucket: bucket.bucket, versioningConfiguration: { status: "Enabled" } },
        { provider },
      );
      new aws.s3.BucketServerSideEncryptionConfiguration(
        `${side.name}-sse`,
        {
          bucket: bucket.bucket,
          rules: [
            {
              applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: keys[index]!.arn },
              bucketKeyEnabled: true,
            },
          ],
        },
        { provider },
      );
      new aws.s3.BucketPublicAccessBlock(
        `${side.name}-pab`,
        {
          bucket: bucket.bucket,
          blockPublicAcls: true,
          blockPublicPolicy: true,
          ignorePublicAcls: true,
          restrictPublicBuckets: true,
        },
        { provider },
      );
      new aws.s3.BucketOwnershipControls(
        `${side.name}-ownership`,
        { bucket: bucket.bucket, rule: { objectOwnership: "BucketOwnerEnforced" } },
        { provider },
      );
      new aws.s3.BucketPolicy(
        `${side.name}-policy`,
        { bucket: bucket.bucket, policy: docs.apply((d) => JSON.stringify(d.buckets[side.bucket]!.policy)) },
        { provider },
      );
      return { bucket, versioning };
    });
    SIDES.forEach((side, index) => {
      const provider = providers[index]!;
      const role = docs.apply((d) => d.roles.find((r) => r.scope.role.account === side.account)!);
      const replicationRole = new aws.iam.Role(
        `${side.name}-replication-role`,
        {
          name: role.apply((r) => r.roleArn.split("/").pop()!),
          assumeRolePolicy: role.apply((r) => JSON.stringify(r.trustPolicy)),
        },
        { provider },
      );
      new aws.iam.RolePolicy(
        `${side.name}-replication-policy`,
        { role: replicationRole.name, policy: role.apply((r) => JSON.stringify(r.permissionPolicy)) },
        { provider },
      );
      new aws.s3.BucketReplicationConfig(
        `${side.name}-replication`,
        {
          bucket: buckets[index]!.bucket.bucket,
          role: replicationRole.arn,
          rules: role.apply((r) => r.replicationConfiguration.rules) as never,
        },
        { provider, dependsOn: buckets.map((b) => b.versioning) },
      );
    });
    return {};
  };
}
