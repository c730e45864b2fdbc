/**
 * The pack's explicit list of policies (one invariant a file under policies/). Loaded by index.ts
 * (which serves it) and lazily by the offline harness (which never constructs the PolicyPack).
 */
import type { Policies } from "@pulumi/policy";
import { bucketEncryption } from "./policies/bucket-encryption";
import { bucketPublicAccess } from "./policies/bucket-public-access";
import { bucketTlsOnly } from "./policies/bucket-tls-only";
import { destinationBucketPolicy } from "./policies/destination-bucket-policy";
import { kmsKeyEnabled, kmsKeyRotation } from "./policies/kms-key";
import { replicaKey } from "./policies/replica-key";
import { replicaKeyPolicy } from "./policies/replica-key-policy";
import { replicationAdvice } from "./policies/replication-advice";
import { replicationDestinationAllowed } from "./policies/replication-destination-allowed";
import { replicationKmsConditions } from "./policies/replication-kms-conditions";
import { replicationKmsPairing } from "./policies/replication-kms-pairing";
import { replicationMonitoring } from "./policies/replication-monitoring";
import { replicationObjectLock } from "./policies/replication-object-lock";
import { replicationOrdering } from "./policies/replication-ordering";
import { replicationOwnership } from "./policies/replication-ownership";
import { replicationPolicySyntax } from "./policies/replication-policy-syntax";
import { replicationPrincipals } from "./policies/replication-principals";
import { replicationRolePermissions } from "./policies/replication-role-permissions";
import { replicationRuleShape } from "./policies/replication-rule-shape";
import { replicationTimeControl } from "./policies/replication-time-control";
import { replicationTrust } from "./policies/replication-trust";
import { replicationUnjudged } from "./policies/replication-unjudged";
import { replicationVersioning } from "./policies/replication-versioning";
import { singleConfiguration } from "./policies/single-configuration";

/** The pack's name (PulumiPolicy.yaml / package.json describe the same pack). */
export const packName = "s3-replication";

/** Every policy of the pack, in report order. */
export const policies: Policies = [
  replicationVersioning,
  replicationOrdering,
  singleConfiguration,
  replicationRuleShape,
  replicationKmsPairing,
  replicaKey,
  replicationTrust,
  replicationRolePermissions,
  replicationKmsConditions,
  replicationPolicySyntax,
  destinationBucketPolicy,
  replicaKeyPolicy,
  replicationPrincipals,
  replicationOwnership,
  replicationObjectLock,
  replicationDestinationAllowed,
  replicationTimeControl,
  bucketEncryption,
  bucketPublicAccess,
  bucketTlsOnly,
  kmsKeyRotation,
  kmsKeyEnabled,
  replicationAdvice,
  replicationMonitoring,
  replicationUnjudged,
];
