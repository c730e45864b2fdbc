/**
 * What the pack reports, as a comparable list, on the corpus programs (preview and update) under
 * many enforcement configurations. test/policypack/legacy-verdicts.json holds these verdicts as the pack
 * of 25 policies gave them before it became one stack policy, retaken (`npx ts-node
 * --transpile-only test/policypack/verdicts.ts`, each legacy configuration written in the new form)
 * only for deliberate changes: advice-class findings of blocking checks reported by
 * replication-advice instead of dropped, incomplete-replica findings advisory by default (issue 21).
 * verdicts.test.ts checks the pack still gives exactly them.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { createHash } from "node:crypto";
import { runPolicies, toStackExport, type RecordedResource } from "../../policypack/testing";
import { defaultPolicySet, runChecks, runOnRecords } from "../../policypack/check/engine";
import { readStackExport } from "../../policypack/check/exportReader";
import { generateExport, type Template } from "../bench/generateExport";
import { corpus } from "../corpus/cases";
import { packShape } from "../../policypack/policies";
import { migrateConfig } from "../../policypack/policies/config";
import { harnessCorpus } from "../corpus/harnessCases";
import { cases } from "./brokenCases";
import { happyProgram } from "./program";

/** The fixture file. */
export const VERDICTS_FILE = path.join(__dirname, "legacy-verdicts.json");

/** The 25 policies of the pack before it became one stack policy (their names are the check groups now). */
export const LEGACY_POLICIES = [
  "replication-versioning",
  "replication-ordering",
  "single-configuration",
  "replication-rule-shape",
  "replication-kms-pairing",
  "replica-key",
  "replication-trust",
  "replication-role-permissions",
  "replication-kms-conditions",
  "replication-policy-syntax",
  "destination-bucket-policy",
  "replica-key-policy",
  "replication-principals",
  "replication-ownership",
  "replication-object-lock",
  "replication-destination-allowed",
  "replication-time-control",
  "bucket-encryption",
  "bucket-public-access",
  "bucket-tls-only",
  "kms-key-rotation",
  "kms-key-enabled",
  "replication-monitoring",
  "replication-advice",
  "replication-unjudged",
] as const;

/** The legacy policies that were advisory by default. */
const ADVISORY_POLICIES = new Set<string>([
  "replication-monitoring",
  "replication-time-control",
  "kms-key-rotation",
  "replication-advice",
  "replication-unjudged",
]);

/** A policy-pack config file in the legacy form (policy name -> level or object). */
export type LegacyConfig = Record<string, unknown>;

/** The configurations judged: defaults, `all` at each level, each policy at each level, the options. */
export function legacyConfigs(): Array<[string, LegacyConfig]> {
  const out: Array<[string, LegacyConfig]> = [["default", {}]];
  for (const level of ["advisory", "mandatory", "disabled"]) out.push([`all ${level}`, { all: level }]);
  for (const name of LEGACY_POLICIES) {
    // The level a policy does not have by default, and disabled.
    const other = ADVISORY_POLICIES.has(name) ? "mandatory" : "advisory";
    for (const level of [other, "disabled"]) out.push([`${name} ${level}`, { [name]: level }]);
  }
  out.push([
    "options",
    {
      "replication-destination-allowed": {
        allowedDestinationAccounts: ["111111111111"],
        allowedDestinationRegions: ["us-east-1"],
      },
      "replication-time-control": { requireReplicationTime: true },
      "replication-principals": { allowedPrincipalAccounts: ["222222222222"] },
      "bucket-encryption": {
        allowedEncryptionTypes: ["aws:kms"],
        requireCustomerManagedKey: true,
        requireBucketKey: true,
        enforcementLevel: "advisory",
      },
      "replication-advice": "mandatory",
    },
  ]);
  return out;
}

/** One reported violation: policy, level, resource, and the finding line (without the policy description). */
export type Verdict = [policy: string, level: string, urn: string, line: string];

/** The verdicts of one run, sorted. */
export function verdictsOf(
  violations: ReadonlyArray<{ policyName: string; enforcementLevel: string; urn?: string; message: string }>,
): Verdict[] {
  return violations
    .map((v): Verdict => [v.policyName, v.enforcementLevel, v.urn ?? "", v.message.split("\n").pop() ?? ""])
    .sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
}

/** One stack the verdicts are taken on: a corpus program's resources (preview or update), or an export. */
export interface VerdictStack {
  name: string;
  judge: (config: Record<string, unknown>) => Promise<Verdict[]>;
}

const NAMES = { project: "project", stack: "stack" };

/** Every corpus program once in preview and once in update, and one export holding every broken variant of the pack's test program. */
export async function verdictStacks(): Promise<VerdictStack[]> {
  const set = defaultPolicySet();
  const out: VerdictStack[] = [];
  // (corpus holds the harness corpus too: each program once.)
  const programs = [...new Map([...corpus, ...harnessCorpus].map((c) => [c.name, c])).values()];
  for (const c of programs) {
    for (const preview of [true, false]) {
      const records: RecordedResource[] = (await runPolicies(c.program, { ...c.options, preview })).resources;
      out.push({
        name: `${c.name} (${preview ? "preview" : "update"})`,
        judge: async (config) => verdictsOf((await runOnRecords(records, NAMES, set, config)).violations),
      });
    }
  }
  const pool: Template[] = [];
  for (const c of cases) {
    const exported = toStackExport(await runPolicies(happyProgram(c.tweaks)), new Date("2026-01-01T00:00:00Z"));
    const resources = exported.deployment.resources.filter((r) => r.type !== "pulumi:pulumi:Stack");
    pool.push({ title: c.title, broken: true, resources });
  }
  const size = pool.reduce((n, t) => n + t.resources.length, 1);
  const stack = readStackExport(JSON.stringify(generateExport(pool, size).export), "broken variants");
  out.push({
    name: "every broken variant (update)",
    judge: async (config) => verdictsOf((await runChecks(stack, set, config)).violations),
  });
  return out;
}

/** The fixture: per stack, the default verdicts in full and every configuration's as a digest. */
export type VerdictTable = Record<string, { default: Verdict[]; digests: Record<string, string> }>;

/** The digest of a verdict list. */
export function digest(verdicts: Verdict[]): string {
  return createHash("sha256").update(JSON.stringify(verdicts)).digest("hex").slice(0, 16);
}

async function write(): Promise<void> {
  const table: VerdictTable = {};
  for (const stack of await verdictStacks()) {
    const digests: Record<string, string> = {};
    for (const [label, config] of legacyConfigs())
      digests[label] = digest(await stack.judge(migrateConfig(config, packShape)));
    table[stack.name] = { default: await stack.judge({}), digests };
  }
  fs.writeFileSync(VERDICTS_FILE, `${JSON.stringify(table, null, 1)}\n`);
}

if (require.main === module) {
  write().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
