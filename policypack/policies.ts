/**
 * The pack's explicit list of checks (one invariant a file under policies/) and the policies that
 * run them: ONE stack policy (policies/stack-policy.ts) runs every stack check on the stack the SDK
 * deserializes once per AnalyzeStack, and the checks of one resource's inputs are resource
 * policies, each tagged with its resource type (so `Analyze` skips every other resource). Loaded
 * by index.ts (which serves it) and lazily by the offline harness (which never constructs the
 * PolicyPack).
 */
import type { EnforcementLevel, Policies } from "@pulumi/policy";
import type { FindingCode } from "s3-replication/components/model";
import { catalogueFindings } from "./policies/catalogue-findings";
import { Check, ResourceCheck } from "./policies/common";
import { PackShape, STACK_POLICY, legacyConfigMessage } from "./policies/config";
import { stackPolicy } from "./policies/stack-policy";
import { bucketEncryption } from "./policies/bucket-encryption";
import { bucketPublicAccess } from "./policies/bucket-public-access";
import { bucketTlsOnly } from "./policies/bucket-tls-only";
import { destinationBucketPolicy } from "./policies/destination-bucket-policy";
import { kmsKeyEnabled, kmsKeyRotation } from "./policies/kms-key";
import { replicaKey } from "./policies/replica-key";
import { replicaKeyPolicy } from "./policies/replica-key-policy";
import { replicationAdviceCheck } from "./policies/replication-advice";
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

/** The checks of one resource's inputs, each a resource policy per resource type. */
export const resourceChecks: ResourceCheck[] = [replicationRuleShape, kmsKeyRotation, kmsKeyEnabled];

/** Codes the resource policies report (no stack check reports them again). */
const RESOURCE_CODES: FindingCode[] = resourceChecks.flatMap((check) => check.codes);

/**
 * The checks, in report order. A blocking check leaves the advice-class findings of its codes out,
 * so replication-advice reports them (read when the pack runs, after BLOCKING_CODES is built); an
 * advisory check reports its own advice.
 */
const namedChecks: Check[] = [
  replicationVersioning,
  replicationOrdering,
  singleConfiguration,
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
  replicationAdviceCheck((code) => BLOCKING_CODES.has(code)),
  replicationMonitoring,
  replicationUnjudged,
];

/** Codes of the blocking checks (replication-advice is advisory, so not among them). */
const BLOCKING_CODES = new Set<FindingCode>(
  namedChecks.filter((check) => check.enforcementLevel !== "advisory").flatMap((check) => check.codes),
);

/** Every stack check, in report order: the named checks, then every other catalogue code by its class. */
export const checks: Check[] = [
  ...namedChecks,
  catalogueFindings([...namedChecks.flatMap((check) => check.codes), ...RESOURCE_CODES]),
];

/** Every policy of the pack: the stack policy, then the resource policies. */
export const policies: Policies = [stackPolicy(checks), ...resourceChecks.flatMap((check) => check.policies)];

/** The pack's description (GetAnalyzerInfo): the checks it runs. */
export const packDescription = `Encrypted S3 replication, judged across resources. Stack checks (policy ${STACK_POLICY}, the stack read once): ${checks.map((check) => check.name).join(", ")}. Resource checks (tagged by resource type): ${resourceChecks.map((check) => check.name).join(", ")}.`;

/** The pack's shape for migrating config files written for the policy-per-check pack. */
export const packShape: PackShape = {
  policies: policies.map((policy) => policy.name),
  checks: new Map<string, EnforcementLevel>(checks.map((check) => [check.name, check.enforcementLevel])),
  splits: new Map(resourceChecks.map((check) => [check.name, check.policies.map((policy) => policy.name)])),
};

/**
 * Refuses a config file written for the policy-per-check pack (a key per check) with one message giving
 * the file to write instead; the checker calls it on `--config` before running the pack.
 */
export function checkConfig(config: Record<string, unknown>): void {
  const message = legacyConfigMessage(config, packShape);
  if (message !== undefined) throw new Error(message);
}

export { STACK_POLICY };
