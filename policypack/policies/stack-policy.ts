/**
 * The pack's one stack policy: every check (one invariant a file under policies/) run on the stack
 * the SDK deserializes once per AnalyzeStack. Each violation is reported under its check's name,
 * with its check's severity and the level the `checks` config gives it, through the SDK's object
 * form of reportViolation: a finding whose class blocks by default keeps the policy's own level
 * (so `all` and the policy's entry in the config file still set it), any other is advisory unless
 * configured.
 */
import type { EnforcementLevel, ReportViolation, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { FINDING_CLASSES, FindingClass, blocksByDefault } from "s3-replication/components/model";
import { Check, configOf, couldNotJudge, forgetStackArgs, reportNamed } from "./common";
import { PropertySchema, STACK_POLICY, checksSchema, unknownProperties } from "./config";

/** A violation's code and class, read from the tag messageOf writes (`[S3R013 critical breaks-replication] ...`). */
const TAG = /^\[(S3R\d{3}) \S+ ([a-z-]+)\]/;

/** The level the config gives a key, if any. */
function levelOf(levels: Record<string, unknown>, key: string | undefined): EnforcementLevel | undefined {
  const level = key === undefined ? undefined : levels[key];
  return level === "advisory" || level === "mandatory" || level === "disabled" ? level : undefined;
}

/**
 * The level of one violation of a check: configured for its code, else its check, else its class;
 * by default advisory for an advisory check or a class that does not block by default, else
 * undefined (the policy's level).
 */
export function violationLevel(
  check: Pick<Check, "name" | "enforcementLevel" | "byClass">,
  message: string,
  levels: Record<string, unknown>,
): EnforcementLevel | undefined {
  const [, code, kind] = TAG.exec(message) ?? [];
  const configured = levelOf(levels, code) ?? levelOf(levels, check.name) ?? levelOf(levels, kind);
  if (configured !== undefined) return configured;
  if (check.enforcementLevel === "advisory") return "advisory";
  // A finding of a class that does not block by default (incomplete replica, monitoring, advice)
  // is advisory under any check unless configured; the others keep the check's level.
  return kind !== undefined && !blocksByDefault(kind as FindingClass) ? "advisory" : undefined;
}

/** The keys of the `checks` config: check names, their codes, the finding classes. */
export function checkKeys(checks: readonly Check[]): string[] {
  return [...checks.map((check) => check.name), ...checks.flatMap((check) => check.codes), ...FINDING_CLASSES];
}

/** The stack policy's config properties: `checks` and every check's own. */
function properties(checks: readonly Check[]): Record<string, PropertySchema> {
  return Object.assign(
    { checks: checksSchema(checkKeys(checks)) },
    ...checks.map((check) => check.configSchema?.properties ?? {}),
  ) as Record<string, PropertySchema>;
}

/** What is wrong with a config (unknown properties, unknown check keys), one sentence each. */
function configProblems(config: Record<string, unknown>, checks: readonly Check[]): string[] {
  const known = Object.keys(properties(checks));
  const levels = config["checks"];
  const nested =
    typeof levels === "object" && levels !== null && !Array.isArray(levels)
      ? unknownProperties(levels as Record<string, unknown>, checkKeys(checks), `${STACK_POLICY}.checks`)
      : [];
  return [...unknownProperties(config, known, STACK_POLICY), ...nested];
}

/** The description of the stack policy: the checks it runs. */
function describe(checks: readonly Check[]): string {
  const list = checks.map((check) => `${check.name}${check.codes.length > 0 ? ` (${check.codes.join(", ")})` : ""}`);
  return `Every check of the pack on the stack read once, each violation named by its check, code, class and resource. Checks: ${list.join("; ")}.`;
}

/** The pack's stack policy over these checks (report order). */
export function stackPolicy(checks: readonly Check[]): StackValidationPolicy {
  const description = describe(checks);
  return {
    name: STACK_POLICY,
    description,
    severity: "critical",
    enforcementLevel: "mandatory",
    remediationSteps:
      "Each violation's message ends with its fix; policypack/README.md lists every check and how to set its level.",
    configSchema: { properties: properties(checks) },
    validateStack: (args, reportViolation: ReportViolation) => {
      const refuse = (message: string): void =>
        reportNamed(reportViolation, {
          name: STACK_POLICY,
          message,
          description,
          severity: "critical",
          enforcementLevel: "mandatory",
        });
      let config: Record<string, unknown>;
      try {
        config = configOf<Record<string, unknown>>(args);
      } catch (error) {
        return refuse(couldNotJudge(error));
      }
      const problems = configProblems(config, checks);
      if (problems.length > 0) {
        // Fail closed: a misspelt property would switch a check off silently.
        return refuse(`the config is refused, nothing was judged: ${problems.join("; ")}.`);
      }
      const levels = (config["checks"] ?? {}) as Record<string, unknown>;
      try {
        runChecks(checks, args, config, levels, reportViolation);
      } finally {
        forgetStackArgs();
      }
    },
  };
}

/** Runs every check on the stack, each violation reported under its check at its level. */
function runChecks(
  checks: readonly Check[],
  args: StackValidationArgs,
  config: Record<string, unknown>,
  levels: Record<string, unknown>,
  reportViolation: ReportViolation,
): void {
  for (const check of checks) {
    check.run(args, config, (message, urn) => {
      const level = violationLevel(check, message, levels);
      if (level === "disabled") return;
      reportNamed(reportViolation, {
        name: check.name,
        message,
        description: check.description,
        severity: check.severity,
        ...(urn !== undefined ? { urn } : {}),
        ...(level !== undefined ? { enforcementLevel: level } : {}),
      });
    });
  }
}
