/**
 * Policy names of earlier versions of the pack (a policy per check, then per-type resource
 * policies), declared again so that a config file written for them fails closed under the real
 * engine instead of being ignored.
 *
 * What the engine does with a config entry (pulumi/pulumi pkg/resource/analyzer/config.go):
 * `ReconcilePolicyPackConfig` starts from the policies `GetAnalyzerInfo` declares
 * (`createConfigWithDefaults`), then `applyConfig` copies EVERY entry of the file into the result,
 * declared or not; `validatePolicyPackConfig` validates only the declared policies' properties.
 * `analyzer.Configure` (sdk/go/common/resource/plugin/analyzer_plugin.go) then refuses any entry
 * whose level is empty (`invalid enforcement level ""`) and sends the others, which the SDK's
 * server stores by name and no policy of another name ever reads. So, for a name the pack did not
 * declare, an entry with only a level is silently ignored and an entry with properties but no
 * level fails with that unclear error.
 *
 * Declared, each retired name is a resource policy, disabled by default, tagged with the root stack
 * type (the SDK's `Analyze` skips every other resource before reading it, so it costs nothing):
 * - an entry that sets a property the retired policy had (and only such entries carry properties)
 *   is refused by the engine's schema validation before anything runs: each property's schema
 *   admits only a text saying where it moved;
 * - an entry that enables it makes it report, on the root stack's `Analyze`, ONE mandatory
 *   violation per run saying what to write instead (so `pulumi up` stops before any resource is
 *   created);
 * - "all" enables every declared policy: two helpers, disabled by default so that only "all" (or
 *   their own entry) enables them, run first and last; then the retired policies stay silent and
 *   the last helper reports the retired names an entry disabled (`{"all": "mandatory",
 *   "replication-monitoring": "disabled"}`). An old entry giving a retired name a level while
 *   "all" enables it is not told apart from "all" alone (the pack never sees levels).
 */
import type {
  ReportViolation,
  ResourceValidation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  Severity,
} from "@pulumi/policy";
import type { PropertySchema } from "./config";
import { STACK_POLICY } from "./config";
import { reportNamed } from "./common";

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

/** The migration message of a retired policy enabled by the config (its own entry, or `all`). */
export function retiredPolicyMessage(name: string, check: string): string {
  return (
    `the policy config enables "${name}", a policy of an earlier version of this pack (the first retired name it met); ` +
    `the run is stopped, as the engine would ignore that entry. It is the check "${check}" of the pack's one policy "${STACK_POLICY}" now: write ` +
    `{"${STACK_POLICY}": {"checks": {"${check}": "<level>"}}} instead. \`s3-replication check STACK.json --config FILE\` prints the whole file to write (${GUIDE}).`
  );
}

/**
 * What the retired policies of one `Analyze` call of the root stack saw: whether "all" enabled
 * them (the first helper ran), which of them ran, and whether one already reported. One call runs
 * its policies in one turn of the event loop (the SDK awaits settled promises between them), so
 * the state is dropped at the next turn.
 */
interface CallState {
  all: boolean;
  ran: string[];
  reported: boolean;
}

let call: CallState | undefined;

function callState(): CallState {
  if (call === undefined) {
    const state: CallState = { all: false, ran: [], reported: false };
    call = state;
    setImmediate(() => {
      if (call === state) call = undefined;
    });
  }
  return call;
}

/** Reports one migration message per `Analyze` call, mandatory. */
function reportOnce(state: CallState, name: string, message: string, reportViolation: ReportViolation): void {
  if (state.reported) return;
  state.reported = true;
  reportNamed(reportViolation, {
    name,
    message,
    description: message,
    severity: "critical",
    enforcementLevel: "mandatory",
  });
}

/** The names of the two helpers around the retired policies, enabled only by "all" (their level is disabled by default). */
export const ALL_BEGIN = "s3-replication-all";
export const ALL_END = "s3-replication-all-end";

/** The message when "all" enabled the retired policies and some entries disabled some of them. */
export function disabledRetiredMessage(names: readonly string[], checks: readonly string[]): string {
  const list = names.map((name) => `"${name}"`).join(", ");
  return (
    `the policy config disables ${list}, ${names.length > 1 ? "policies" : "a policy"} of an earlier version of this pack; ` +
    `the run is stopped, as the engine would ignore ${names.length > 1 ? "those entries" : "that entry"}. ${names.length > 1 ? "They are the checks" : "It is the check"} ${checks.map((check) => `"${check}"`).join(", ")} ` +
    `of the pack's one policy "${STACK_POLICY}" now: write {"${STACK_POLICY}": {"checks": {${checks.map((check) => `"${check}": "disabled"`).join(", ")}}}} instead. ` +
    `\`s3-replication check STACK.json --config FILE\` prints the whole file to write (${GUIDE}).`
  );
}

/**
 * The two helpers around the retired policies: the first tells them that "all" enabled them (it
 * runs only then); the last, also run only then, reports the retired names an entry disabled.
 */
function allHelpers(names: readonly RetiredName[]): [ResourceValidationPolicy, ResourceValidationPolicy] {
  const helper = (
    name: string,
    description: string,
    run: (state: CallState, report: ReportViolation) => void,
  ): ResourceValidationPolicy => ({
    name,
    description,
    severity: "low",
    enforcementLevel: "disabled",
    validateResource: onRootStack((reportViolation) => run(callState(), reportViolation)),
  });
  const begin = helper(
    ALL_BEGIN,
    `Enabled only by "all": tells the retired policy names that "all" enabled them.`,
    (state) => {
      state.all = true;
    },
  );
  const end = helper(
    ALL_END,
    `Enabled only by "all": reports the retired policy names an entry of the config disabled.`,
    (state, report) => {
      const off = names.filter((retired) => !state.ran.includes(retired.name));
      if (!state.all || off.length === 0) return;
      const message = disabledRetiredMessage(
        off.map((retired) => retired.name),
        [...new Set(off.map((retired) => retired.check))],
      );
      reportOnce(state, off[0]!.name, message, report);
    },
  );
  return [begin, end];
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
 * The declared retired policies, each disabled by default and tagged with the root stack type,
 * between the two helpers "all" alone enables.
 */
export function retiredPolicies(names: readonly RetiredName[]): ResourceValidationPolicy[] {
  const [begin, end] = allHelpers(names);
  return [begin, ...names.map(retiredPolicy), end];
}

/** One retired policy name as a policy: disabled, its old properties refused by the schema, a report when enabled. */
function retiredPolicy({ name, check, severity, properties }: RetiredName): ResourceValidationPolicy {
  const validateResource = onRootStack((reportViolation) => {
    const state = callState();
    state.ran.push(name);
    // Enabled by "all" (the first helper ran): the last helper judges which entries disabled some.
    if (!state.all) reportOnce(state, name, retiredPolicyMessage(name, check), reportViolation);
  });
  // Any value is refused, the error naming where the property went: `P must be one of the following: "moved: ..."`.
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
