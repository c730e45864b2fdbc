/**
 * Generates `pulumi stack export --show-secrets` files (deployment version 3) of any size for the
 * benchmarks: many independent replication setups, a quarter of them broken, across several
 * accounts, regions and providers.
 *
 * Each setup is a clone of one of a few template setups. A template is the raw-resource test
 * program (test/policypack/program.ts: two providers, keys, key policies, buckets and their
 * configuration resources, role, role policy, replication configuration) run once through the
 * offline harness and written with toStackExport, so every resource has the shape a real export
 * has. A clone renames everything that identifies the setup: resource names (so URNs, parents,
 * dependencies and provider references), bucket and role names, key ids, accounts and regions.
 *
 * `npx ts-node --transpile-only test/bench/generateExport.ts --resources 10000 --out FILE`
 */

import * as fs from "fs";
import { runPolicies, toStackExport, type StackExport, type StackExportResource } from "../../policypack/testing";
import { happyProgram, withoutAction, type Tweaks } from "../policypack/program";

/** One template setup: its resources (Stack excluded) and whether the pack finds it broken. */
export interface Template {
  title: string;
  broken: boolean;
  resources: StackExportResource[];
}

/** The cycle of templates: 8 setups, 2 of them broken (a quarter). */
const CYCLE: Array<{ title: string; broken: boolean; tweaks: Tweaks }> = [
  { title: "cross-account SSE-KMS", broken: false, tweaks: {} },
  { title: "deprecated BucketV2 resources", broken: false, tweaks: { style: "v2" } },
  { title: "destination versioning Suspended", broken: true, tweaks: { dstVersioning: "Suspended" } },
  { title: "legacy inline bucket configuration", broken: false, tweaks: { style: "inline" } },
  { title: "same account", broken: false, tweaks: { dstAccount: "111111111111" } },
  { title: "role policy attachment", broken: false, tweaks: { roleStyle: "attachment" } },
  { title: "role lacks s3:ReplicateObject", broken: true, tweaks: { rolePolicy: withoutAction("s3:ReplicateObject") } },
  { title: "key policies inline", broken: false, tweaks: { keyPolicyInline: true } },
];

/** Runs each template program once through the harness (a few seconds). */
export async function templates(): Promise<Template[]> {
  const out: Template[] = [];
  for (const entry of CYCLE) {
    const result = await runPolicies(happyProgram(entry.tweaks));
    if (result.violations.length > 0 !== entry.broken) {
      throw new Error(
        `template "${entry.title}": expected ${entry.broken ? "violations" : "none"}, got ${result.violations.length}`,
      );
    }
    const exported = toStackExport(result, new Date("2026-01-01T00:00:00Z"));
    out.push({
      title: entry.title,
      broken: entry.broken,
      resources: exported.deployment.resources.filter((r) => r.type !== "pulumi:pulumi:Stack"),
    });
  }
  return out;
}

const ACCOUNTS = ["111111111111", "222222222222", "333333333333", "444444444444", "555555555555", "666666666666"];
const REGIONS = ["us-east-1", "eu-west-1", "us-west-2", "eu-central-1", "ap-southeast-2"];
const URN_PREFIX = "urn:pulumi:stack::project::";
const STACK_URN = `${URN_PREFIX}pulumi:pulumi:Stack::project-stack`;
/** A URN of the template (any type, any name), possibly followed by `::<provider id>`. */
const URN = /(urn:pulumi:stack::project::(?:[^:"]|:(?!:))+::)([A-Za-z0-9_.-]+)/g;
const UUID = /\b([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-)[0-9a-f]{12}\b/g;
const MOCK_ID = /\b([a-z]+-[0-9a-f]{17})\b/g;
const TOKENS = /111111111111|222222222222|us-east-1|eu-west-1|orders-/g;

/** How setup `index` renames its template's identifiers. */
function renamer(index: number): (text: string) => string {
  const tag = index.toString(36);
  const srcAccount = ACCOUNTS[index % ACCOUNTS.length]!;
  const dstAccount =
    ACCOUNTS[(index + 1 + (Math.floor(index / ACCOUNTS.length) % (ACCOUNTS.length - 1))) % ACCOUNTS.length]!;
  const srcRegion = REGIONS[index % REGIONS.length]!;
  const dstRegion = REGIONS[(index + 2) % REGIONS.length]!;
  const tokens: Record<string, string> = {
    "111111111111": srcAccount,
    "222222222222": dstAccount,
    "us-east-1": srcRegion,
    "eu-west-1": dstRegion,
    "orders-": `s${tag}-`,
  };
  const hex = index.toString(16).padStart(12, "0");
  return (text) =>
    text
      .replace(URN, (whole, head: string, name: string) => (whole === STACK_URN ? whole : `${head}${name}-${tag}`))
      .replace(UUID, (_whole, head: string) => `${head}${hex}`)
      .replace(MOCK_ID, (id: string) => `${id}-${tag}`)
      .replace(TOKENS, (token) => tokens[token]!);
}

function rename(value: unknown, change: (text: string) => string): unknown {
  if (typeof value === "string") return change(value);
  if (Array.isArray(value)) return value.map((item) => rename(item, change));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, rename(item, change)]));
  }
  return value;
}

/** What a generated export holds. */
export interface GeneratedExport {
  export: StackExport;
  setups: number;
  brokenSetups: number;
}

/** An export of at least `resources` resources (whole setups; the Stack resource included). */
export function generateExport(pool: readonly Template[], resources: number): GeneratedExport {
  const stack: StackExportResource = { urn: STACK_URN, custom: false, type: "pulumi:pulumi:Stack" };
  const out: StackExportResource[] = [stack];
  let setups = 0;
  let brokenSetups = 0;
  while (out.length < resources) {
    const template = pool[setups % pool.length]!;
    const change = renamer(setups);
    for (const resource of template.resources) out.push(rename(resource, change) as StackExportResource);
    if (template.broken) brokenSetups++;
    setups++;
  }
  return {
    export: {
      version: 3,
      deployment: { manifest: { time: "2026-01-01T00:00:00.000Z", magic: "", version: "v3.270.0" }, resources: out },
    },
    setups,
    brokenSetups,
  };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const at = (flag: string): string | undefined => {
    const i = args.indexOf(flag);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const count = Number(at("--resources") ?? "1000");
  const file = at("--out");
  if (!Number.isInteger(count) || count < 1 || file === undefined) {
    throw new Error("usage: generateExport.ts --resources N --out FILE");
  }
  const generated = generateExport(await templates(), count);
  fs.writeFileSync(file, JSON.stringify(generated.export));
  console.log(
    `${file}: ${generated.export.deployment.resources.length} resources, ${generated.setups} setups, ${generated.brokenSetups} broken`,
  );
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  });
}
