/**
 * Policy names of earlier versions of the pack (a policy per check, then per-type resource
 * policies), declared again, and the policy that reads the whole policy config the engine sent, so
 * that a config file written for an earlier version fails closed under the real engine instead of
 * being ignored.
 *
 * What the engine does with a config entry (pulumi/pulumi pkg/resource/analyzer/config.go):
 * `ReconcilePolicyPackConfig` starts from the policies `GetAnalyzerInfo` declares at their default
 * levels (`createConfigWithDefaults`), then `applyConfig` gives each the level of "all" and copies
 * EVERY entry of the file over the result, "all" and undeclared names included;
 * `validatePolicyPackConfig` validates only the declared policies' properties, against
 * `{type: "object", properties, required}` (`convertSchema`: the wire's PolicyConfigSchema has no
 * other field, so no `additionalProperties`: a property the schema does not name always passes).
 * `analyzer.Configure` (pkg/resource/plugin/analyzer_plugin.go) then refuses an entry whose level
 * is empty (`invalid enforcement level ""`) and sends the others; the SDK's server gives each
 * policy its own entry only (`makeGetConfigFun`).
 *
 * So each retired name is declared as a resource policy, disabled by default, tagged with the root
 * stack type (the SDK's `Analyze` skips every other resource before reading it: no cost):
 * - an entry that sets a property the retired policy had is refused by the engine's schema
 *   validation before anything runs: each property's schema admits only a text saying where it moved;
 * - the config policy (enabled by default, also on the root stack only) reads the whole config
 *   `Configure` carried (sent-config.ts) and stops the run with ONE mandatory violation, before
 *   `pulumi up` creates any resource, on an entry of a retired name that changes its level (from
 *   disabled, or from the level of "all") or carries any other property, on a name of no policy
 *   within two edits of one of the pack's, and on a property given to a name that takes a level
 *   only; its message is the checker's for the file the sent config shows;
 * - with the config policy disabled (its entry, or "all": "disabled"), the first retired name an
 *   entry enables reports itself.
 * What leaves no trace, as the engine sends the same config with and without it: an entry giving a
 * retired name the level it has anyway (`"disabled"`, or the level of "all"). The checker, which
 * reads the file, refuses it.
 */
import type {
  ReportViolation,
  ResourceValidation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  Severity,
} from "@pulumi/policy";
import type { PackShape, PropertySchema } from "./config";
import { STACK_POLICY, fileFromSent, legacyConfigMessage } from "./config";
import { reportNamed } from "./common";
import { captureConfigure, sentPolicyConfig } from "./sent-config";

/** The type of the root stack resource, the only resource a retired policy looks at. */
const ROOT_STACK = "pulumi:pulumi:Stack";

/**
 * A resource validation that runs only on the root stack resource, tagged with its type so that
 * the SDK's `Analyze` skips every other resource before reading it.
 */
function onRootStack(run: (reportViolation: ReportViolation) => void): ResourceValidation {
  const validate = (args: ResourceValidationArgs, reportViolation: ReportViolation): void => {
    if (args.type === ROOT_STACK) run(reportViolation);
  };
  return Object.assign(validate, { __pulumiType: ROOT_STACK });
}

/** Where policypack/README.md explains the migration. */
const GUIDE = 'policypack/README.md, "Config files of earlier versions"';

/** The text a moved property's schema admits (so the engine's validation error says where it went). */
export function movedPropertyText(property: string): string {
  return `moved: write ${property} under ${STACK_POLICY} (policypack/README.md, Config files of earlier versions)`;
}

/** The migration message of a retired policy enabled by the config, when the config policy is off. */
export function retiredPolicyMessage(name: string, check: string): string {
  return (
    `the policy config enables "${name}", a policy of an earlier version of this pack (the first retired name it met); ` +
    `the run is stopped, as the engine would ignore that entry. It is the check "${check}" of the pack's one policy "${STACK_POLICY}" now: write ` +
    `{"${STACK_POLICY}": {"checks": {"${check}": "<level>"}}} instead. \`s3-replication check STACK.json --config FILE\` prints the whole file to write (${GUIDE}).`
  );
}

/** The name of the policy that judges the whole policy config the engine sent. */
export const CONFIG_POLICY = "s3-replication-config";

/** The config policy's message: what the checker says of the file the sent config shows, and where the whole file comes from. */
export function sentConfigMessage(message: string): string {
  return `the policy config is refused, the run is stopped: ${message}\n(\`s3-replication check STACK.json --config FILE\` prints the whole file to write; ${GUIDE}.)`;
}

/** The config policy's message when the SDK gave it nothing to read. */
export const UNREAD_CONFIG =
  "the policy config the engine sent could not be read (the @pulumi/policy server no longer decodes Configure through ConfigureAnalyzerRequest.deserializeBinary: policies/sent-config.ts), so old or misspelt entries cannot be ruled out; the run is stopped.";

/** Reports one mandatory violation under a policy's name. */
function refuse(reportViolation: ReportViolation, name: string, message: string): void {
  reportNamed(reportViolation, {
    name,
    message,
    description: message,
    severity: "critical",
    enforcementLevel: "mandatory",
  });
}

/**
 * The policy, enabled by default, that reads the whole policy config `Configure` carried (policies/
 * sent-config.ts) on the root stack's `Analyze` (the first resource registered: `pulumi up` stops
 * before creating any other), and refuses what the checker refuses in the file that config shows
 * (config.ts `fileFromSent`, `legacyConfigMessage`): entries of earlier versions (with a level or
 * with properties only, which the engine validates against no schema the retired policy can
 * tighten: see retiredPolicy), names of no policy, properties given to a name that takes a level.
 */
function configPolicy(shape: PackShape): ResourceValidationPolicy {
  captureConfigure(CONFIG_POLICY);
  return {
    name: CONFIG_POLICY,
    description:
      "Reads the whole policy config the engine sent and stops the run on an entry of an earlier version of this pack, a name of no policy of it, or a property given to a name that takes a level only, saying what to write instead.",
    severity: "critical",
    enforcementLevel: "mandatory",
    configSchema: { properties: {} },
    validateResource: onRootStack((reportViolation) => {
      const sent = sentPolicyConfig(CONFIG_POLICY);
      if (sent === undefined) return refuse(reportViolation, CONFIG_POLICY, UNREAD_CONFIG);
      const message = legacyConfigMessage(fileFromSent(sent, shape), shape);
      if (message !== undefined) refuse(reportViolation, CONFIG_POLICY, sentConfigMessage(message));
    }),
  };
}

/**
 * Whether a retired policy that runs must report itself: only when the config policy cannot (an
 * entry or "all" disabled it, or nothing was captured), and then only the first retired name the
 * sent config enables, so that one message stops the run.
 */
function reportsItself(name: string, names: readonly RetiredName[]): boolean {
  const sent = sentPolicyConfig(CONFIG_POLICY);
  if (sent === undefined) return true;
  if ((sent.get(CONFIG_POLICY)?.enforcementLevel ?? "disabled") !== "disabled") return false;
  const first = names.find((retired) => (sent.get(retired.name)?.enforcementLevel ?? "disabled") !== "disabled");
  return first?.name === name;
}

/** One retired policy name: the check it became and the properties it had. */
export interface RetiredName {
  name: string;
  check: string;
  /** The check's severity (its violations carry the retired name). */
  severity: Severity;
  properties: readonly string[];
}

/**
 * The config policy, then the declared retired policies, each disabled by default and tagged with
 * the root stack type.
 */
export function retiredPolicies(names: readonly RetiredName[], shape: PackShape): ResourceValidationPolicy[] {
  return [configPolicy(shape), ...names.map((name) => retiredPolicy(name, names))];
}

/** One retired policy name as a policy: disabled, its old properties refused by the schema, a report when enabled and the config policy is off. */
function retiredPolicy(
  { name, check, severity, properties }: RetiredName,
  names: readonly RetiredName[],
): ResourceValidationPolicy {
  const validateResource = onRootStack((reportViolation) => {
    if (reportsItself(name, names)) refuse(reportViolation, name, retiredPolicyMessage(name, check));
  });
  // Any value is refused, the error naming where the property went: `P must be one of the following: "moved: ..."`.
  // Another property passes the engine (its schema has no additionalProperties: see sent-config.ts);
  // the config policy refuses it.
  const moved = (property: string): PropertySchema => ({
    enum: [movedPropertyText(property)],
    description: `Retired with the policy "${name}": ${movedPropertyText(property)}.`,
  });
  return {
    name,
    // Violations of the check carry the check's name: the engine and Pulumi Cloud find this description under it.
    description:
      name === check
        ? `The check "${check}" of the policy "${STACK_POLICY}" (its violations carry this name). As a policy of its own it is retired: disabled, and enabling it reports what to write instead.`
        : `Retired: now part of the check "${check}" of the policy "${STACK_POLICY}". Enabling it reports what to write instead.`,
    severity,
    enforcementLevel: "disabled",
    configSchema: { properties: Object.fromEntries(properties.map((property) => [property, moved(property)])) },
    validateResource,
  };
}
