/**
 * The scaffolding of a hand-written replication stack (the resources a user's program declares
 * without the components): the trust policy S3 assumes a role with, versioning, a replication
 * role with its inline policy, and a one-rule replication configuration. Shared by the pack's and
 * the checker's tests that need a small stack of their own.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** A trust policy that lets S3 assume the role (and nothing else). */
export const S3_TRUST = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { Service: "s3.amazonaws.com" }, Action: "sts:AssumeRole" }],
});

/** Versioning Enabled on a bucket (a replication rule's source and destination need it). */
export function enabledVersioning(
  name: string,
  bucket: pulumi.Input<string>,
  opts: pulumi.CustomResourceOptions = {},
): aws.s3.BucketVersioning {
  return new aws.s3.BucketVersioning(name, { bucket, versioningConfiguration: { status: "Enabled" } }, opts);
}

/** What a replication role's inline policy grants: read the source, write the destination with these actions. */
export interface ReplicationGrants {
  /** Source bucket name. */
  source: string;
  /** Destination bucket name. */
  destination: string;
  /** Actions on the destination's objects, e.g. `s3:ReplicateObject`. */
  destinationActions: string[];
}

/** A role S3 may assume; with `grants`, an inline policy named `replication` that grants them. */
export function replicationRole(
  name: string,
  grants?: ReplicationGrants,
  opts: pulumi.CustomResourceOptions = {},
): aws.iam.Role {
  if (grants === undefined) return new aws.iam.Role(name, { assumeRolePolicy: S3_TRUST }, opts);
  const policy = JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Action: ["s3:GetReplicationConfiguration", "s3:ListBucket"],
        Resource: `arn:aws:s3:::${grants.source}`,
      },
      {
        Effect: "Allow",
        Action: ["s3:GetObjectVersionForReplication", "s3:GetObjectVersionAcl", "s3:GetObjectVersionTagging"],
        Resource: `arn:aws:s3:::${grants.source}/*`,
      },
      { Effect: "Allow", Action: grants.destinationActions, Resource: `arn:aws:s3:::${grants.destination}/*` },
    ],
  });
  return new aws.iam.Role(
    name,
    { assumeRolePolicy: S3_TRUST, inlinePolicies: [{ name: "replication", policy }] },
    opts,
  );
}

/** The one rule (`all`) of a replication configuration: every object, delete markers not replicated. */
export interface ReplicateAll {
  /** Source bucket (its id or name). */
  source: pulumi.Input<string>;
  /** The replication role's ARN. */
  role: pulumi.Input<string>;
  /** Destination bucket ARN. */
  destinationArn: pulumi.Input<string>;
  /** Rule priority. Default: none given. */
  priority?: number;
}

/** A BucketReplicationConfig with the one rule `all`. */
export function replicateAll(
  name: string,
  rule: ReplicateAll,
  opts: pulumi.CustomResourceOptions = {},
): aws.s3.BucketReplicationConfig {
  return new aws.s3.BucketReplicationConfig(
    name,
    {
      bucket: rule.source,
      role: rule.role,
      rules: [
        {
          id: "all",
          status: "Enabled",
          ...(rule.priority === undefined ? {} : { priority: rule.priority }),
          filter: {},
          deleteMarkerReplication: { status: "Disabled" },
          destination: { bucket: rule.destinationArn },
        },
      ],
    },
    opts,
  );
}
