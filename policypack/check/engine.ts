// The checker's engine: the offline harness's analyzer driver (policypack/harness/analyzerDriver.ts)
// run on resources read from a stack export instead of resources recorded from a program. The
// policies run inside @pulumi/policy's own analyzer server, configured the way the engine
// configures it; the checker has no rules of its own.
import * as path from "path";
import type { EnforcementLevel, Policies, Severity } from "@pulumi/policy";
import type * as analyzerpb from "@pulumi/pulumi/proto/analyzer_pb";
import { analyzeResources, configureAnalyzer, loadAnalyzer } from "../harness/analyzerDriver";
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
  return set;
}

/** The pack of this repository (policypack/policies.ts). */
export function defaultPolicySet(): PolicySet {
  return loadPolicySet(path.join(__dirname, "..", "policies"));
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
): Promise<EngineResult> {
  return runOnRecords(stack.resources, { project: stack.project, stack: stack.stack }, set, config);
}

/** The same on records (an export read back, or a harness run). */
export async function runOnRecords(
  records: readonly RecordedResource[],
  names: { project: string; stack: string },
  set: PolicySet,
  config: Record<string, unknown> = {},
): Promise<EngineResult> {
  const name = set.packName ?? "s3-replication";
  const version = set.version ?? packVersion;
  const analyzer = loadAnalyzer(name, version, set.enforcementLevel ?? "advisory", set.policies);
  await configureAnalyzer(
    analyzer,
    {
      project: names.project,
      stack: names.stack,
      organization: "organization",
      preview: false,
      stackConfig: {},
      stackTags: {},
    },
    config,
  );
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
  const findings = await analyzeResources(analyzer, records);
  return {
    packName: name,
    packVersion: version,
    policies,
    violations: findings.violations,
    advisories: findings.advisories,
  };
}
