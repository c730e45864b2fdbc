/**
 * Every document a topology needs, generated from the model in one call. Pure: inputs ->
 * JSON-ready objects. The components attach these; the policy pack and the proof judge them.
 */

import { PolicyDocument, PolicyStatement } from "../model/policyDocument";
import {
  BucketEndpoint,
  ReplicationTopology,
  RoleScope,
  bucketArn,
  replicatesKmsObjects,
  roleArn,
  roleScopes,
  usesKmsKey,
  scopeSource,
} from "../model/topology";
import { assertValidTopology } from "../model/validate";
import { ReplicationRequest, ResourcePolicyKind } from "../model/requests";
import { bucketPolicy, destinationBucketPolicyStatements, tlsOnlyStatements } from "./bucketPolicy";
import { keyPolicy, replicaKeyPolicyStatements, sourceKeyPolicyStatements } from "./keyPolicy";
import { ReplicationConfiguration, replicationConfiguration } from "./replicationConfiguration";
import { replicationRolePolicy } from "./rolePolicy";
import { TrustHardening, replicationTrustPolicy } from "./trustPolicy";

export * from "./bucketPolicy";
export * from "./keyPolicy";
export * from "./replicationConfiguration";
export * from "./rolePolicy";
export * from "./trustPolicy";
export * from "./kmsConditions";
export * from "./keyGrant";
export * from "./topicPolicy";
export * from "./contracts";
export { sidPart } from "./statementIds";

/** The documents of one replication role (one per source bucket). */
export interface RoleDocuments {
  /** The role's ARN. */
  roleArn: string;
  /** The scope (role and paths) the documents serve. */
  scope: RoleScope;
  /** Trust policy. */
  trustPolicy: PolicyDocument;
  /** Permission policy. */
  permissionPolicy: PolicyDocument;
  /** The replication configuration of the role's source bucket. */
  replicationConfiguration: ReplicationConfiguration;
}

/** The statements a KMS key's policy must hold for replication, plus the whole policy when we own the key. */
export interface KeyDocuments {
  /** Key ARN. */
  keyArn: string;
  /** Account that owns the key. */
  account: string;
  /** Replication statements (to add to a key policy you do not own). */
  statements: PolicyStatement[];
  /** The whole policy: owner statement plus the replication statements. */
  policy: PolicyDocument;
}

/** The bucket policy of one bucket of the topology. */
export interface BucketDocuments {
  /** Bucket name. */
  bucketName: string;
  /** Account that owns the bucket. */
  account: string;
  /** Cross-account replication grants (destination buckets only). */
  replicationStatements: PolicyStatement[];
  /** The whole policy: TLS-only plus the replication grants. */
  policy: PolicyDocument;
}

/** Everything a topology needs. */
export interface TopologyDocuments {
  /** One entry per role (forward, and reverse roles when two-way). */
  roles: RoleDocuments[];
  /** One entry per KMS key, keyed by key ARN. */
  keys: Record<string, KeyDocuments>;
  /** One entry per bucket, keyed by bucket name. */
  buckets: Record<string, BucketDocuments>;
}

/** Options for document generation. */
export interface DocumentOptions {
  /** Opt-in trust hardening (unverified; see TrustHardening). */
  trustHardening?: boolean;
}

/**
 * Validates the topology (throwing ReplicationConfigError with every issue) and generates all
 * documents: trust and permission policy per role, key policy statements per key, bucket
 * policy per bucket, the replication configuration per source bucket.
 */
export function generateDocuments(topology: ReplicationTopology, options: DocumentOptions = {}): TopologyDocuments {
  assertValidTopology(topology);
  const scopes = roleScopes(topology);
  const keys: Record<string, KeyDocuments> = {};
  const buckets: Record<string, BucketDocuments> = {};
  const addKeyStatements = (bucket: BucketEndpoint, statements: PolicyStatement[]): void => {
    if (!usesKmsKey(bucket.encryption) || bucket.keyArn === undefined) return;
    const entry = keys[bucket.keyArn] ?? {
      keyArn: bucket.keyArn,
      account: bucket.account,
      statements: [],
      policy: keyPolicy(bucket.account, bucket.partition, []),
    };
    entry.statements.push(...statements);
    entry.policy = keyPolicy(bucket.account, bucket.partition, entry.statements);
    keys[bucket.keyArn] = entry;
  };
  const addBucketStatements = (bucket: BucketEndpoint, statements: PolicyStatement[]): void => {
    const entry = buckets[bucket.bucketName] ?? {
      bucketName: bucket.bucketName,
      account: bucket.account,
      replicationStatements: [],
      policy: bucketPolicy(tlsOnlyStatements(bucket)),
    };
    entry.replicationStatements.push(...statements);
    entry.policy = bucketPolicy([...tlsOnlyStatements(bucket), ...entry.replicationStatements]);
    buckets[bucket.bucketName] = entry;
  };
  addBucketStatements(topology.source, []);
  addKeyStatements(topology.source, []);
  const roles = scopes.map((scope): RoleDocuments => {
    const source = scopeSource(scope);
    if (source !== undefined && scope.paths.some(replicatesKmsObjects))
      addKeyStatements(source, sourceKeyPolicyStatements(scope));
    for (const path of scope.paths) {
      addKeyStatements(path.destination, replicaKeyPolicyStatements(path));
      addBucketStatements(path.destination, destinationBucketPolicyStatements(path));
    }
    const hardening: TrustHardening = options.trustHardening === true ? { sourceAccount: scope.role.account } : {};
    return {
      roleArn: roleArn(scope.role),
      scope,
      trustPolicy: replicationTrustPolicy(hardening),
      permissionPolicy: replicationRolePolicy(scope),
      replicationConfiguration: replicationConfiguration(scope),
    };
  });
  return { roles, keys, buckets };
}

/** The bucket ARN helper, re-exported for document readers. */
export { bucketArn };
export * from "./asFound";

/** The generated documents that decide one request. */
export interface DecidingDocuments {
  /** Name of the resource policy's document, for explanations (`trust policy of ROLE`, `key policy of ARN`, `bucket policy of NAME`). */
  resourcePolicyName?: string;
  /** The calling role's permission policy (none for a service principal's request). */
  identityPolicies: PolicyDocument[];
  /** The trust, key or bucket policy of the target, when the topology has one. */
  resourcePolicy?: PolicyDocument;
}

/** Finds, among a topology's generated documents, those that decide a request. */
export function decidingDocuments(documents: TopologyDocuments, request: ReplicationRequest): DecidingDocuments {
  const role = documents.roles.find(
    (candidate) => candidate.roleArn === (request.principalIsService ? request.resource : request.principal),
  );
  const identityPolicies = role && !request.principalIsService ? [role.permissionPolicy] : [];
  switch (request.resourcePolicy) {
    case ResourcePolicyKind.TrustPolicy:
      return role
        ? {
            identityPolicies,
            resourcePolicy: role.trustPolicy,
            resourcePolicyName: `trust policy of ${role.scope.role.name}`,
          }
        : { identityPolicies };
    case ResourcePolicyKind.KeyPolicy: {
      const key = documents.keys[request.resource];
      return key
        ? { identityPolicies, resourcePolicy: key.policy, resourcePolicyName: `key policy of ${key.keyArn}` }
        : { identityPolicies };
    }
    case ResourcePolicyKind.BucketPolicy: {
      const bucketName = request.resource.split(":::")[1]?.split("/")[0] ?? "";
      const bucket = documents.buckets[bucketName];
      return bucket
        ? { identityPolicies, resourcePolicy: bucket.policy, resourcePolicyName: `bucket policy of ${bucketName}` }
        : { identityPolicies };
    }
  }
  return { identityPolicies };
}
