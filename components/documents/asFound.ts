/**
 * The documents a topology generates, seen as the analysis sees a stack: the bridge that lets
 * `npm start`, the proof and the tests judge generated documents with the same analysis the
 * policy pack runs on real resources.
 */

import { FoundBucket, FoundKey, FoundReplication, FoundRule } from "../model/found";
import { BucketEndpoint, ReplicationTopology, bucketArn, roleArn, scopeSource } from "../model/topology";
import { RoleDocuments, TopologyDocuments } from "./index";
import { ReplicationRule } from "./replicationConfiguration";

/** One FoundReplication per role (source bucket) of the topology, built from its documents. */
export function foundReplications(topology: ReplicationTopology, documents: TopologyDocuments): FoundReplication[] {
  const endpoints = new Map<string, BucketEndpoint>();
  endpoints.set(topology.source.bucketName, topology.source);
  for (const destination of topology.destinations) endpoints.set(destination.bucketName, destination);
  const bucket = (endpoint: BucketEndpoint): FoundBucket => ({
    ref: `bucket ${endpoint.bucketName}`,
    name: endpoint.bucketName,
    account: endpoint.account,
    region: endpoint.region,
    partition: endpoint.partition,
    versioning: "Enabled",
    objectLockEnabled: endpoint.objectLockEnabled,
    ownership: "BucketOwnerEnforced",
    encryption: {
      algorithm: endpoint.encryption,
      bucketKeyEnabled: endpoint.bucketKeyEnabled,
      ...(endpoint.keyArn === undefined ? {} : { keyId: endpoint.keyArn }),
    },
    publicAccessBlock: {
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    },
    ...(documents.buckets[endpoint.bucketName]
      ? {
          policy: {
            ref: `bucket policy ${endpoint.bucketName}`,
            document: documents.buckets[endpoint.bucketName]!.policy,
          },
        }
      : {}),
  });
  const keys: Record<string, FoundKey> = {};
  for (const [arn, key] of Object.entries(documents.keys)) {
    const region = arn.split(":")[3] ?? "";
    keys[arn] = {
      ref: `key ${arn}`,
      arn,
      account: key.account,
      region,
      policy: { ref: `key policy ${arn}`, document: key.policy },
      keySpec: "SYMMETRIC_DEFAULT",
      keyUsage: "ENCRYPT_DECRYPT",
      rotationEnabled: true,
      enabled: true,
      grants: [],
    };
  }
  return documents.roles.map((role: RoleDocuments): FoundReplication => {
    const sourceEndpoint = scopeSource(role.scope) ?? topology.source;
    const destinations: Record<string, FoundBucket> = {};
    for (const path of role.scope.paths) {
      const endpoint = endpoints.get(path.destination.bucketName) ?? path.destination;
      destinations[bucketArn(endpoint)] = bucket(endpoint);
    }
    return {
      ref: `replication ${sourceEndpoint.bucketName}`,
      source: bucket(endpoints.get(sourceEndpoint.bucketName) ?? sourceEndpoint),
      roleArn: role.roleArn,
      role: {
        ref: `role ${role.scope.role.name}`,
        arn: roleArn(role.scope.role),
        name: role.scope.role.name,
        account: role.scope.role.account,
        trustPolicy: { ref: `trust policy ${role.scope.role.name}`, document: role.trustPolicy },
        policies: [{ ref: `role policy ${role.scope.role.name}`, document: role.permissionPolicy }],
        unresolvedPolicyArns: [],
      },
      rules: role.replicationConfiguration.rules.map(foundRule),
      destinations,
      keys,
    };
  });
}

/** A generated rule as the analysis reads rules. */
export function foundRule(rule: ReplicationRule): FoundRule {
  const destination = rule.destination;
  const tags =
    rule.filter.and?.tags ?? (rule.filter.tag ? { [rule.filter.tag.key]: rule.filter.tag.value } : undefined);
  const prefix = rule.filter.prefix ?? rule.filter.and?.prefix;
  return {
    id: rule.id,
    status: rule.status,
    priority: rule.priority,
    hasFilter: true,
    deleteMarkerReplication: rule.deleteMarkerReplication.status,
    destinationBucket: destination.bucket,
    ...(prefix === undefined ? {} : { filterPrefix: prefix }),
    ...(tags === undefined ? {} : { filterTags: tags }),
    ...(rule.sourceSelectionCriteria?.sseKmsEncryptedObjects
      ? { sseKmsEncryptedObjects: rule.sourceSelectionCriteria.sseKmsEncryptedObjects.status }
      : {}),
    ...(rule.sourceSelectionCriteria?.replicaModifications
      ? { replicaModifications: rule.sourceSelectionCriteria.replicaModifications.status }
      : {}),
    ...(destination.account === undefined ? {} : { destinationAccount: destination.account }),
    ...(destination.storageClass === undefined ? {} : { storageClass: destination.storageClass }),
    ...(destination.encryptionConfiguration
      ? { replicaKmsKeyId: destination.encryptionConfiguration.replicaKmsKeyId }
      : {}),
    ...(destination.accessControlTranslation ? { ownerOverride: destination.accessControlTranslation.owner } : {}),
    ...(destination.replicationTime
      ? {
          replicationTimeStatus: destination.replicationTime.status,
          replicationTimeMinutes: destination.replicationTime.time.minutes,
        }
      : {}),
    ...(destination.metrics
      ? {
          metricsStatus: destination.metrics.status,
          ...(destination.metrics.eventThreshold
            ? { metricsEventThresholdMinutes: destination.metrics.eventThreshold.minutes }
            : {}),
        }
      : {}),
  };
}
