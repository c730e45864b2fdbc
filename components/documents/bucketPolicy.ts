/** Bucket policy statements: the destination's grant to a role in another account, and TLS-only. */

import { PolicyDocument, PolicyStatement } from "../model/policyDocument";
import { BucketEndpoint, ReplicationPath, bucketArn, isCrossAccount, objectsArn, roleArn } from "../model/topology";
import { destinationObjectActions } from "./rolePolicy";
import { sidPart } from "./statementIds";

/**
 * The destination bucket policy statement that admits a role from another account to write
 * replicas (and override ownership when the rule does). Empty in the same account, where the
 * role's identity policy is enough.
 */
export function destinationBucketPolicyStatements(path: ReplicationPath): PolicyStatement[] {
  if (!isCrossAccount(path.role, path.destination)) return [];
  return [
    {
      Sid: `AllowReplicationFrom${sidPart(path.role.name)}`,
      Effect: "Allow",
      Principal: { AWS: roleArn(path.role) },
      Action: destinationObjectActions(path.destination),
      Resource: objectsArn(path.destination),
    },
  ];
}

/** Denies every request to the bucket and its objects that does not use TLS. */
export function tlsOnlyStatements(bucket: Pick<BucketEndpoint, "partition" | "bucketName">): PolicyStatement[] {
  return [
    {
      Sid: "DenyInsecureTransport",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      Resource: [bucketArn(bucket), objectsArn(bucket)],
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    },
  ];
}

/** A whole bucket policy from statements. */
export function bucketPolicy(statements: PolicyStatement[]): PolicyDocument {
  return { Version: "2012-10-17", Statement: statements };
}
