/**
 * Offline harness: run a Pulumi program and this policy pack together, without the Pulumi CLI,
 * a cloud account or a network, and get back what `pulumi preview --policy-pack` /
 * `pulumi up --policy-pack` would have handed the policies and what the policies reported.
 *
 * What a run reproduces (see policypack/harness/*.ts, one concern per file):
 * - **Program** (`programRunner.ts`): the program runs under the SDK's mock runtime in a fresh
 *   runtime store, inside `runInPulumiStack` (root `pulumi:pulumi:Stack`, so secrets and resource
 *   references are on, as under the CLI). A program that throws, an unhandled rejection, a
 *   `pulumi.log.error`, an unmocked provider function or any registration the engine would refuse
 *   (duplicate URN, unknown parent or provider) fails the run with that error.
 * - **Engine records** (`mockMonitor.ts`): each resource's type, name, engine URN (parent's full
 *   qualified type, Stack type dropped), inputs in wire form (unknown sentinels, secret envelopes),
 *   parent, dependencies, property dependencies, options and provider (URN, id, inputs). Default
 *   providers are synthesized as the engine names them (`default_7_48_0`, inputs = stack config of
 *   the package + `version`). Pulumi auto-names (bucket, role, policy, topic names) are added to
 *   the inputs as the provider's Check does.
 * - **AWS-like state** (`awsOutputs.ts`, `awsInvokes.ts`, `awsContext.ts`): bucket names and ARNs,
 *   KMS key ids (`mrk-` for multi-Region keys, replica keys share the primary's id), role/policy/
 *   topic/alias ARNs, each in the account and region of the resource's provider (account from the
 *   provider's assumed role, `allowedAccountIds`, `options.accounts`, else 111111111111).
 *   `getCallerIdentity`, `getRegion`, `getPartition` are answered per provider and
 *   `aws.iam.getPolicyDocument` is rendered as the provider renders it (`policyDocument.ts`); any
 *   other provider function is answered by `options.invokes` or fails the run naming the token.
 *   Outputs are the provider's: in preview every computed attribute the program did not set is
 *   unknown (the bridge's plan keeps unknowns); after create, AWS's defaults as the provider reads
 *   them back (a new bucket is SSE-S3 encrypted and unversioned, a new key has AWS's default key
 *   policy); `refresh` adds the read-back mirrors of `pulumi up --refresh` (`mirrors.ts`).
 * - **Reads** (`reads.ts`): `pulumi.StackReference` outputs from `options.stackReferences`, as the
 *   engine's builtin returns them; `Resource.get` reads keep the program's id, their state comes from
 *   `options.reads` or is unknown; both are recorded `external: true` and, as the engine does,
 *   never sent to the pack (neither `Analyze` nor `AnalyzeStack`).
 * - **Policy pack** (`analyzerDriver.ts`, `config.ts`, `jsonSchema.ts`): the policies are served by
 *   @pulumi/policy's own analyzer server code; the config is reconciled and validated as the engine
 *   does before `Configure`; `Analyze` runs on every resource's inputs, `AnalyzeStack` on every
 *   resource's outputs (providers and the Stack included). A policy that reads an unknown value in
 *   preview becomes an entry of `advisories` (the SDK's "can't run policy ... during preview").
 * - **State export** (`stackExport.ts`): `toStackExport` writes the run as `pulumi stack export`.
 *
 * Not reproduced (the run is always a fresh stack: every resource is a create): provider schema
 * defaults and validation done by the real provider's Check (beyond auto-names), aliases of earlier
 * state. These fail the run rather than pass it: remediations that change properties, resource and
 * stack transforms, imports, remote components.
 *
 * Runs must not overlap; runs one after another share no state. Node 20 works (the SDK asks for
 * Node >= 22 and prints a warning).
 *
 * @example
 * A program judged as in `pulumi preview`, monitoring findings made blocking:
 * ```ts
 * import * as aws from "@pulumi/aws";
 * import { S3Replication } from "s3-replication";
 * import { runPolicies } from "s3-replication/policypack/testing";
 *
 * export async function judge(): Promise<string[]> {
 *   const { violations, advisories } = await runPolicies(
 *     () => {
 *       const src = new aws.Provider("src", { region: "us-east-1" });
 *       new S3Replication("orders", { source: {}, destinations: [{ name: "dr", region: "eu-west-1" }] }, { provider: src });
 *     },
 *     { preview: true, config: { "s3-replication-checks": { checks: { monitoring: "mandatory" } } } },
 *   );
 *   return [...violations.map((v) => `${v.enforcementLevel}: ${v.message}`), ...advisories];
 * }
 * ```
 * @module
 */
import type { EnforcementLevel, Policies } from "@pulumi/policy";
import { analyzeResources, configureAnalyzer, loadAnalyzer } from "./harness/analyzerDriver";
import { isEnforcementLevel } from "./harness/config";
import { applyRefreshMirrors } from "./harness/mirrors";
import { runProgram } from "./harness/programRunner";
import { packVersion } from "./version";
import type { RunPoliciesOptions, RunResult } from "./harness/types";

export type {
  InvokeAnswer,
  InvokeProvider,
  RecordedOptions,
  RecordedProvider,
  RecordedResource,
  RunPoliciesOptions,
  RunResult,
  Violation,
  WireObject,
  WireValue,
} from "./harness/types";
export { toStackExport, type StackExport, type StackExportResource } from "./harness/stackExport";
export { UNKNOWN, SECRET_SIG, SIG_KEY, isUnknown, isSecret, unwrap, secret } from "./harness/wire";
export { GET_POLICY_DOCUMENT } from "./harness/policyDocument";
export { DEFAULT_ACCOUNT, DEFAULT_REGION } from "./harness/awsContext";
export { isPendingAdvisory } from "./policies/replication-unjudged";

/** Pack name used when neither `options.packName` nor policies.ts says otherwise. */
export const DEFAULT_PACK_NAME = "s3-replication";

interface PackDefinition {
  policies: Policies;
  packName: string;
  enforcementLevel: EnforcementLevel;
}

/** The pack's own policy list: the `policies` (and optional `packName`, `enforcementLevel`) exports of ./policies. */
function loadPackModule(): Partial<PackDefinition> & { policies: Policies } {
  let mod: unknown;
  try {
    // Lazy: tests that pass their own policies never load the pack's.
    mod = require("./policies");
  } catch (err) {
    const e = err as { code?: string; message?: string };
    if (e.code === "MODULE_NOT_FOUND" && (e.message ?? "").includes("'./policies'")) {
      throw new Error(
        "offline harness: policypack/policies.ts is missing; it must export `policies` (the pack's policy " +
          "list). Pass `options.policies` to run other policies.",
      );
    }
    throw err;
  }
  const m = mod as { policies?: unknown; packName?: unknown; enforcementLevel?: unknown };
  if (!Array.isArray(m.policies)) {
    throw new Error("offline harness: policypack/policies.ts must export `policies: Policies` (an array)");
  }
  const def: Partial<PackDefinition> & { policies: Policies } = { policies: m.policies as Policies };
  if (typeof m.packName === "string") {
    def.packName = m.packName;
  }
  if (isEnforcementLevel(m.enforcementLevel)) {
    def.enforcementLevel = m.enforcementLevel;
  }
  return def;
}

/**
 * Runs `program` as `pulumi up --policy-pack` would (or `pulumi preview --policy-pack` with
 * `preview: true`) and returns the recorded resources, the policy violations and the policies that
 * could not run during preview.
 *
 * @param program A Pulumi program: creates resources, may be async, may return stack outputs.
 * @param options Mode, policy config, project/stack names, accounts of providers that do not
 *   reveal theirs, and the policies (default: the pack's, from policypack/policies.ts).
 * @throws The program's error, an unmocked provider function, an invalid policy config (the
 *   engine's messages), or an invalid pack (as the analyzer would exit with).
 */
export async function runPolicies(
  program: () => unknown | Promise<unknown>,
  options: RunPoliciesOptions = {},
): Promise<RunResult> {
  const preview = options.preview ?? false;
  const project = options.project ?? "project";
  const stack = options.stack ?? "stack";
  const organization = options.organization ?? "organization";
  // As the CLI: the stack's config as given (no `aws:region` is added when the stack sets none).
  const stackConfig: Record<string, unknown> = { ...options.stackConfig };
  const pack: Partial<PackDefinition> & { policies: Policies } =
    options.policies !== undefined ? { policies: options.policies } : loadPackModule();
  const packName = options.packName ?? pack.packName ?? DEFAULT_PACK_NAME;

  // As the CLI does: load and configure the pack first (invalid config fails before the program runs).
  const analyzer = loadAnalyzer(packName, packVersion, pack.enforcementLevel ?? "advisory", pack.policies);
  await configureAnalyzer(
    analyzer,
    { project, stack, organization, preview, stackConfig, stackTags: options.stackTags ?? {} },
    options.config ?? {},
  );
  const monitor = await runProgram(program, {
    project,
    stack,
    organization,
    preview,
    stackConfig,
    accounts: options.accounts ?? {},
    invokes: options.invokes ?? {},
    stackReferences: options.stackReferences ?? {},
    reads: options.reads ?? {},
  });
  if (!preview && options.refresh === true) {
    applyRefreshMirrors(monitor.records);
  }
  const findings = await analyzeResources(analyzer, monitor.records);
  return {
    resources: monitor.records,
    violations: findings.violations,
    advisories: findings.advisories,
    project,
    stack,
    preview,
  };
}
