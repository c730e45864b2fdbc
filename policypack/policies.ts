/**
 * The pack's explicit list of checks (one invariant a file under policies/) and the policy that
 * runs them: ONE stack policy (policies/stack-policy.ts) runs every check, those of the whole
 * stack and those of single resources, on the stack the SDK deserializes once per AnalyzeStack.
 * Loaded by index.ts (which serves it) and lazily by the offline harness (which never constructs
 * the PolicyPack).
 */
import type { EnforcementLevel, Policies } from "@pulumi/policy";
import type { FindingCode } from "s3-replication/components/model";
import { catalogueFindings } from "./policies/catalogue-findings";
import { Check } from "./policies/common";
import { PackShape, STACK_POLICY, legacyConfigMessage } from "./policies/config";
import { stackPolicy } from "./policies/stack-policy";
import { CONFIG_POLICY, RetiredName, retiredPolicies } from "./policies/retired";
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

/** The checks of single resources (each resource of their types judged alone). */
export const resourceChecks: Check[] = [replicationRuleShape, kmsKeyRotation, kmsKeyEnabled];

/** Codes the resource checks report (no other check reports them again). */
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

/**
 * Every check, in report order: the named checks, the resource checks, then every other catalogue
 * code by its class.
 */
export const checks: Check[] = [
  ...namedChecks,
  ...resourceChecks,
  catalogueFindings([...namedChecks.flatMap((check) => check.codes), ...RESOURCE_CODES]),
];

/** Policy names of earlier versions of the pack -> the check each is now. */
const RETIRED = new Map<string, string>([
  ...[...namedChecks, ...resourceChecks].map((check): [string, string] => [check.name, check.name]),
  // The per-type resource policies of the one-stack-policy pack before the resource checks joined it.
  ["replication-rule-shape-bucket", replicationRuleShape.name],
  ["replication-rule-shape-bucket-v2", replicationRuleShape.name],
  ["kms-key-enabled-replica-key", kmsKeyEnabled.name],
]);

/** Each retired name with the check it became and the config properties it had. */
const retiredNames: RetiredName[] = [...RETIRED].map(([name, check]) => ({
  name,
  check,
  severity: checks.find((c) => c.name === check)?.severity ?? "critical",
  properties: name === check ? Object.keys(checks.find((c) => c.name === check)?.configSchema?.properties ?? {}) : [],
}));

const stack = stackPolicy(checks);

/** The pack's shape for migrating config files written for the policy-per-check pack. */
export const packShape: PackShape = {
  policies: [STACK_POLICY],
  checks: new Map<string, EnforcementLevel>(checks.map((check) => [check.name, check.enforcementLevel])),
  retired: RETIRED,
  defaults: new Map<string, EnforcementLevel>([
    [STACK_POLICY, stack.enforcementLevel ?? "mandatory"],
    [CONFIG_POLICY, "mandatory"],
    ...[...RETIRED.keys()].map((name): [string, EnforcementLevel] => [name, "disabled"]),
  ]),
  properties: Object.keys(stack.configSchema?.properties ?? {}).filter((property) => property !== "checks"),
};

/**
 * Every policy of the pack: the stack policy, which runs every check, then the config policy and
 * the retired policy names (policies/retired.ts), which look at the root stack resource only.
 */
export const policies: Policies = [stack, ...retiredPolicies(retiredNames, packShape)];

/** The names of the config policy and the retired policies (every policy but the stack policy). */
export const retiredPolicyNames: readonly string[] = policies.slice(1).map((policy) => policy.name);

/** The pack's description (GetAnalyzerInfo): the checks it runs. */
export const packDescription = `Encrypted S3 replication, judged across resources. Checks (policy ${STACK_POLICY}, the stack read once): ${checks.map((check) => check.name).join(", ")}.`;

/**
 * Refuses a config file written for the policy-per-check pack (a key per check) with one message giving
 * the file to write instead; the checker calls it on `--config` before running the pack.
 */
export function checkConfig(config: Record<string, unknown>): void {
  const message = legacyConfigMessage(config, packShape);
  if (message !== undefined) throw new Error(message);
}

export { STACK_POLICY };
