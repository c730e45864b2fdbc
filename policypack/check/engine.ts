// The checker's engine: the policies run on resources read from a stack export instead of
// resources recorded from a program, configured the way the engine configures them (through
// @pulumi/policy's own analyzer server: ConfigureStack, GetAnalyzerInfo, Configure). The checker
// has no rules of its own. Two ways to run them, with the same findings (test/check/engine.test.ts
// proves it on every stack the project has):
// - "direct" (the default): policypack/harness/directAnalyzer.ts reads the stack once and hands
//   every policy the same argument objects, as server.js would build them;
// - "sdk-server": the offline harness's analyzer driver (policypack/harness/analyzerDriver.ts),
//   every resource through server.js's Analyze and AnalyzeStack handlers, as `pulumi preview
//   --policy-pack` runs them (the server deserializes the whole stack once per stack policy).
import * as path from "path";
import type { EnforcementLevel, Policies, Severity } from "@pulumi/policy";
import type * as analyzerpb from "@pulumi/pulumi/proto/analyzer_pb";
import { analyzeResources, configureAnalyzer, exportSettings, loadAnalyzer } from "../harness/analyzerDriver";
import { PolicyConfigError } from "../harness/config";
import { analyzeDirect, type DirectFindings } from "../harness/directAnalyzer";
import { sealedModelOf, withProgramInputs, type StackModel } from "../mapping";
import type { RecordedResource, Violation } from "../harness/types";
import type { ExportedStack } from "./exportReader";
import { packVersion } from "../version";

/** A policy pack as a module exports it (policypack/policies.ts). */
export interface PolicySet {
  policies: Policies;
  /** Pack name. Default "s3-replication". */
  packName?: string;
  /** Pack version. Default: policypack/package.json's version. */
  version?: string;
  /** Default enforcement level of the pack (as `new PolicyPack({enforcementLevel})`). Default "advisory". */
  enforcementLevel?: EnforcementLevel;
  /** Refuses a config file the pack cannot read as meant (throws one message), before it runs. */
  checkConfig?: (config: Record<string, unknown>) => void;
}

/** What the analyzer says of one policy (GetAnalyzerInfo). */
export interface PolicyDescription {
  name: string;
  displayName: string;
  description: string;
  remediationSteps: string;
  url: string;
  enforcementLevel: EnforcementLevel;
  severity?: Severity;
}

export interface EngineResult {
  packName: string;
  packVersion: string;
  policies: PolicyDescription[];
  violations: Violation[];
  /** Policies that could not run because a value was unknown. */
  advisories: string[];
  /**
   * The stack model the pack's stack policies mapped (direct engine, a stack without reads), when
   * they did: the checker's topology is drawn from it.
   */
  stackModel?: StackModel;
}

/** Loads a policy module: `policies` (required), `packName`, `enforcementLevel`. */
export function loadPolicySet(modulePath: string): PolicySet {
  const mod = require(modulePath) as Partial<PolicySet> & { default?: Partial<PolicySet> };
  const m = mod.policies !== undefined ? mod : (mod.default ?? {});
  if (!Array.isArray(m.policies)) {
    throw new Error(`${modulePath} does not export \`policies\``);
  }
  const set: PolicySet = { policies: m.policies };
  if (typeof m.packName === "string") set.packName = m.packName;
  if (typeof m.version === "string") set.version = m.version;
  if (typeof m.enforcementLevel === "string") set.enforcementLevel = m.enforcementLevel;
  if (typeof m.checkConfig === "function") set.checkConfig = m.checkConfig;
  return set;
}

/** The pack of this repository (policypack/policies.ts). */
export function defaultPolicySet(): PolicySet {
  return loadPolicySet(path.join(__dirname, "..", "policies"));
}

/** How the policies are run (see the top of this file). */
export type EngineKind = "direct" | "sdk-server";

/** Options of runChecks / runOnRecords. */
export interface EngineOptions {
  /**
   * "direct" (default): the stack read once for every policy; "sdk-server": through
   * @pulumi/policy's analyzer server, as the Pulumi engine runs the pack. A pack with a policy
   * configured `remediate` always runs through the server.
   */
  engine?: EngineKind;
}

const LEVELS: Record<number, EnforcementLevel> = { 0: "advisory", 1: "mandatory", 2: "disabled", 3: "remediate" };
const SEVERITIES: Record<number, Severity> = { 1: "low", 2: "medium", 3: "high", 4: "critical" };

/**
 * Runs the policies on the exported resources: Configure as the engine would (config merged with
 * the schema defaults and validated), `Analyze` on every resource's inputs with its provider's
 * inputs, `AnalyzeStack` on every resource's outputs with parents, dependencies and
 * propertyDependencies. Throws (plain Error) on an invalid pack or config.
 */
export async function runChecks(
  stack: ExportedStack,
  set: PolicySet,
  config: Record<string, unknown> = {},
  options: EngineOptions = {},
): Promise<EngineResult> {
  return runOnRecords(stack.resources, { project: stack.project, stack: stack.stack }, set, config, options);
}

/** The same on records (an export read back, or a harness run). Throws (plain Error) on an invalid pack or config. */
export async function runOnRecords(
  records: readonly RecordedResource[],
  names: { project: string; stack: string },
  set: PolicySet,
  config: Record<string, unknown> = {},
  options: EngineOptions = {},
): Promise<EngineResult> {
  const name = set.packName ?? "s3-replication";
  const version = set.version ?? packVersion;
  const level = set.enforcementLevel ?? "advisory";
  try {
    set.checkConfig?.(config);
  } catch (error) {
    throw new PolicyConfigError(error instanceof Error ? error.message : String(error));
  }
  const analyzer = loadAnalyzer(name, version, level, set.policies);
  const configured = await configureAnalyzer(analyzer, exportSettings(names, false), config);
  const info = await analyzer.call<analyzerpb.AnalyzerInfo>("getAnalyzerInfo", {});
  const policies: PolicyDescription[] = info.getPoliciesList().map((p) => {
    const d: PolicyDescription = {
      name: p.getName(),
      displayName: p.getDisplayname(),
      description: p.getDescription(),
      remediationSteps: p.getRemediationSteps(),
      url: p.getUrl(),
      enforcementLevel: LEVELS[p.getEnforcementlevel()] ?? "advisory",
    };
    const sev = SEVERITIES[p.getSeverity()];
    if (sev !== undefined) d.severity = sev;
    return d;
  });
  const direct = (options.engine ?? "direct") === "direct" && !configured.remediating;
  // The export keeps inputs: the stack reader knows exactly which inline policies and replication
  // configurations the program sets (the engine's AnalyzeStack has outputs only; programInputs.ts).
  const findings: DirectFindings = await withProgramInputs(records, () =>
    direct
      ? analyzeDirect({ name, version, enforcementLevel: level, policies: set.policies }, configured, records)
      : analyzeResources(analyzer, records),
  );
  // Reads never reach the pack; the topology shows them (from the records), so only a stack without reads shares the pack's model.
  const stackModel =
    findings.stackResources !== undefined && !records.some((r) => r.external === true)
      ? sealedModelOf(findings.stackResources)
      : undefined;
  return {
    packName: name,
    packVersion: version,
    policies,
    violations: findings.violations,
    advisories: findings.advisories,
    ...(stackModel !== undefined ? { stackModel } : {}),
  };
}
