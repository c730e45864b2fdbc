/** KMS key policy statements: the account's own administration, and what replication needs. */

import { SOURCE_KEY_ACTIONS } from "../model/actions";
import { PolicyDocument, PolicyStatement } from "../model/policyDocument";
import { replicaKeyUse } from "../model/requests";
import { ReplicationPath, RoleScope, replicatesKmsObjects, roleArn } from "../model/topology";
import { replicaKeyConditions, s3KeyConditions } from "./kmsConditions";
import { sidPart } from "./statementIds";

/**
 * The key owner's account administers the key and may delegate use through IAM policies
 * (`arn:PARTITION:iam::ACCOUNT:root`, `kms:*`): the AWS default key policy statement, without
 * which a key can become unmanageable.
 */
export function keyOwnerStatement(account: string, partition: string): PolicyStatement {
  return {
    Sid: "EnableKeyOwnerAccount",
    Effect: "Allow",
    Principal: { AWS: `arn:${partition}:iam::${account}:root` },
    Action: "kms:*",
    Resource: "*",
  };
}

/**
 * Statements for the source key: the role of these paths may `kms:Decrypt` only through S3
 * in the key's region and only for the source bucket's objects. No `aws:SourceArn` /
 * `aws:SourceAccount` conditions: S3 calls KMS with the role's credentials, so they never match.
 */
export function sourceKeyPolicyStatements(scope: RoleScope): PolicyStatement[] {
  const path = scope.paths.find(replicatesKmsObjects);
  if (path === undefined || path.source.keyArn === undefined) return [];
  return [
    {
      Sid: `ReplicationRole${sidPart(scope.role.name)}Decrypts`,
      Effect: "Allow",
      Principal: { AWS: roleArn(scope.role) },
      Action: [...SOURCE_KEY_ACTIONS],
      Resource: "*",
      Condition: s3KeyConditions(path.source, path.source.keyArn),
    },
  ];
}

/**
 * Statements for a destination's replica key: the path's role may encrypt replicas (and
 * decrypt Bucket Keys whenever replicas arrive with one: the source object's Bucket Key counts) only through S3 in the key's region for that bucket.
 * Across accounts this statement is required; in the same account it is explicit least privilege.
 */
export function replicaKeyPolicyStatements(path: ReplicationPath): PolicyStatement[] {
  const { destination } = path;
  const use = replicaKeyUse(path);
  if (use === undefined || destination.keyArn === undefined) return [];
  return [
    {
      Sid: `ReplicationRole${sidPart(path.role.name)}Encrypts${sidPart(destination.name)}`,
      Effect: "Allow",
      Principal: { AWS: roleArn(path.role) },
      Action: use.actions,
      Resource: "*",
      Condition: replicaKeyConditions(destination, destination.keyArn, use),
    },
  ];
}

/** A whole key policy: the owner statement plus the given statements. */
export function keyPolicy(account: string, partition: string, statements: PolicyStatement[]): PolicyDocument {
  return { Version: "2012-10-17", Statement: [keyOwnerStatement(account, partition), ...statements] };
}

/**
 * The key policy AWS KMS attaches when CreateKey gets none: one statement letting the owning
 * account use IAM policies for every KMS operation on the key ("When you create a KMS key
 * programmatically ... and you don't specify a key policy, AWS KMS applies a very simple default
 * key policy", Default key policy, AWS KMS Developer Guide,
 * https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html).
 */
export function awsDefaultKeyPolicy(account: string, partition: string): PolicyDocument {
  return {
    Version: "2012-10-17",
    Id: "key-default-1",
    Statement: [{ ...keyOwnerStatement(account, partition), Sid: "Enable IAM User Permissions" }],
  };
}
