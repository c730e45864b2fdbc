// Item 6 of issue 18, as a property: every property of generated stacks is mutated to a value of
// another type (a list, an object, a number, a boolean or null where a string is, a string where a
// list or object is, ...) and the pack's analysis judges the mutated stack. No finding is lost
// without trace: for each mutation either no finding of the verdict (every finding: code, subject,
// resource) is lost (unchanged, or only more findings: it fails closed), or a finding or a
// could-not-be-judged note names the mutated resource. Provider settings (region, assumeRoles,
// assumeRole, allowedAccountIds: JSON text, as the engine hands them) are mutated too, inside their
// JSON, on every resource of the provider: the provider is then named by S3R064. The figures
// (mutations run, outcomes by kind) are printed.
import * as assert from "node:assert/strict";
import fc from "fast-check";
import { FindingCode } from "s3-replication/components/model";
import { analyzeStack, type StackAnalysis } from "../../policypack/policies/common";
import { runPolicies } from "../../policypack/testing";
import type { RecordedResource } from "../../policypack/harness/types";
import { propertyParameters } from "../support/property";
import { happyProgram, withoutAction, type Tweaks } from "./program";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = Array<string | number>;

/** Broken setups (so a dropped read can lose a finding) in each resource style, and one happy one. */
const SETUPS: Tweaks[] = [
  { dstVersioning: "Suspended", rolePolicy: withoutAction("s3:ReplicateObject") },
  { style: "v2", dstVersioning: "Suspended", rolePolicy: withoutAction("s3:ReplicateObject") },
  { style: "inline", dstVersioning: "Suspended", rolePolicy: withoutAction("s3:ReplicateObject") },
  { roleStyle: "attachment", dstVersioning: "Suspended", rolePolicy: withoutAction("s3:ReplicateObject") },
  { keyPolicyInline: true, srcVersioning: "Suspended", rolePolicy: withoutAction("s3:ReplicateObject") },
  {},
];

/** A stack as AnalyzeStack hands it to a policy: outputs as props, dependencies as URNs. */
interface StackResource {
  type: string;
  name: string;
  urn: string;
  props: Json;
  provider?: { urn: string; name: string; type: string; props: Json };
  dependencies: Array<{ urn: string }>;
  propertyDependencies: Record<string, Array<{ urn: string }>>;
}

function asStack(records: readonly RecordedResource[]): StackResource[] {
  return records
    .filter((r) => r.custom && !r.type.startsWith("pulumi:providers:"))
    .map((r) => ({
      type: r.type,
      name: r.name,
      urn: r.urn,
      props: structuredClone(r.outputs) as Json,
      ...(r.provider ? { provider: { ...r.provider, props: r.provider.props as Json } } : {}),
      dependencies: r.dependencies.map((urn) => ({ urn })),
      propertyDependencies: Object.fromEntries(
        Object.entries(r.propertyDependencies).map(([key, urns]) => [key, urns.map((urn) => ({ urn }))]),
      ),
    }));
}

/** Every path into a value (objects and lists), outermost first. */
function pathsOf(value: Json, prefix: Path = [], out: Path[] = []): Path[] {
  if (value === null || typeof value !== "object") return out;
  for (const [key, inner] of Object.entries(value)) {
    const path = [...prefix, Array.isArray(value) ? Number(key) : key];
    out.push(path);
    pathsOf(inner, path, out);
  }
  return out;
}

function valueAt(root: Json, path: Path): Json {
  return path.reduce<Json>((v, key) => (v as Record<string, Json>)[key] as Json, root);
}

function withValue(root: Json, path: Path, value: Json): Json {
  const copy = structuredClone(root);
  const parent = valueAt(copy, path.slice(0, -1)) as Record<string | number, Json>;
  parent[path[path.length - 1]!] = value;
  return copy;
}

/**
 * Values of another type than `value`'s. Null replaces only scalars: null where a nested block or
 * list was is how state writes an unset block (a bucket without an inline replication
 * configuration), a different valid stack rather than a wrong type.
 */
function wrongTypes(value: Json): Json[] {
  const all: Array<[string, Json]> = [
    ["string", "mutated"],
    ["number", 7],
    ["boolean", true],
    ["list", ["mutated"]],
    ["object", { mutated: "x" }],
    ["null", null],
  ];
  const kind = value === null ? "null" : Array.isArray(value) ? "list" : typeof value;
  const block = kind === "list" || kind === "object";
  return all.filter(([k]) => k !== kind && !(block && k === "null")).map(([, v]) => v);
}

/** The verdict: every finding as `code subject @urn`, and the errors. */
function verdictOf(analysis: StackAnalysis | undefined): Set<string> {
  return new Set([
    ...(analysis?.findings ?? []).map(
      (f) => `${f.finding.code} ${f.finding.subject} ${f.finding.location ?? ""} @${f.urn ?? ""}`,
    ),
    ...(analysis?.errors ?? []).map((e) => `error ${e}`),
  ]);
}

/** How the mutated stack's analysis names the mutated resource, if it does. */
function traceOf(analysis: StackAnalysis | undefined, resource: StackResource): string | undefined {
  if (analysis === undefined) return undefined;
  const named = `"${resource.name}"`;
  const partOf = (ref: string): boolean => (analysis.model.urnsOfRef.get(ref) ?? []).includes(resource.urn);
  const couldNotJudge = (f: StackAnalysis["findings"][number]): boolean =>
    f.finding.code === FindingCode.PropertyUnreadable && f.urn === resource.urn;
  if (analysis.findings.some(couldNotJudge)) return "could not be judged (S3R064)";
  const finding = analysis.findings.find(
    (f) =>
      f.urn === resource.urn ||
      partOf(f.finding.subject) ||
      f.finding.subject.includes(named) ||
      f.finding.message.includes(named),
  );
  if (finding) return `a finding names it (${finding.finding.code})`;
  if (analysis.pending.some((p) => p.urn === resource.urn || p.ref.includes(named))) return "a pending note names it";
  if (analysis.errors.some((e) => e.includes(named))) return "an error names it";
  return undefined;
}

/** A provider's props with its JSON-text settings opened (`assumeRoles` as a list, not text). */
function openedProps(props: Json): { [key: string]: Json } {
  const out: { [key: string]: Json } = {};
  for (const [key, value] of Object.entries(props as { [key: string]: Json })) {
    out[key] = typeof value === "string" && /^[[{]/.test(value) ? (JSON.parse(value) as Json) : value;
  }
  return out;
}

/** The props of a provider from opened props: the settings that were JSON text written back as JSON text. */
function closedProps(original: Json, opened: { [key: string]: Json }): Json {
  const before = original as { [key: string]: Json };
  return Object.fromEntries(
    Object.entries(opened).map(([key, value]) => {
      const wasText = typeof before[key] === "string" && /^[[{]/.test(before[key] as string);
      return [key, wasText && value !== null && typeof value === "object" ? JSON.stringify(value) : value];
    }),
  );
}

/** The distinct providers of a stack, by URN. */
function providersOf(stack: readonly StackResource[]): NonNullable<StackResource["provider"]>[] {
  const byUrn = new Map(stack.flatMap((r) => (r.provider ? [[r.provider.urn, r.provider] as const] : [])));
  return [...byUrn.values()];
}

/** How the mutated stack's analysis names a mutated provider, if it does. */
function providerTraceOf(
  analysis: StackAnalysis | undefined,
  provider: { urn: string; name: string },
): string | undefined {
  if (analysis === undefined) return undefined;
  if (analysis.findings.some((f) => f.finding.code === FindingCode.PropertyUnreadable && f.urn === provider.urn))
    return "could not be judged (S3R064 on the provider)";
  const named = `provider "${provider.name}"`;
  const finding = analysis.findings.find((f) => f.finding.message.includes(named));
  return finding ? `a finding names the provider (${finding.finding.code})` : undefined;
}

/**
 * One mutation's outcome against the unmutated verdict: its kind (`prefix` + unchanged, the trace,
 * more findings only, or lost without trace), whether nothing was lost without trace, and what was lost.
 */
function judged(
  base: Set<string>,
  analysis: StackAnalysis | undefined,
  traceIn: (analysis: StackAnalysis | undefined) => string | undefined,
  prefix: string,
): { kind: string; traced: boolean; lost: string } {
  const verdict = verdictOf(analysis);
  const lost = [...base].filter((item) => !verdict.has(item));
  const unchanged = lost.length === 0 && verdict.size === base.size;
  const trace = unchanged ? undefined : traceIn(analysis);
  const kind = unchanged
    ? "verdict unchanged"
    : (trace ?? (lost.length === 0 ? "more findings only (fails closed)" : "finding lost without trace"));
  return { kind: `${prefix}${kind}`, traced: lost.length === 0 || trace !== undefined, lost: JSON.stringify(lost) };
}

describe("property: a wrong-typed value anywhere never loses a finding without trace", function () {
  this.timeout(1_800_000);
  const stacks: StackResource[][] = [];
  const outcomes = new Map<string, number>();
  let mutations = 0;

  before(async () => {
    for (const tweaks of SETUPS) stacks.push(asStack((await runPolicies(happyProgram(tweaks))).resources));
  });
  after(() => {
    const figures = [...outcomes].sort((a, b) => b[1] - a[1]).map(([kind, n]) => `${kind}: ${n}`);
    console.log(`      mutations run: ${mutations}; outcomes: ${figures.join("; ")}`);
  });

  it("5,000 mutations of every property of generated exports: the verdict is unchanged, or the mutated resource is named", () => {
    const bases = stacks.map((stack) => verdictOf(analyzeStack({ resources: stack as never })));
    assert.ok(
      bases.slice(0, -1).every((base) => base.size > 0),
      "the broken setups have findings to lose",
    );
    const targets = stacks.flatMap((stack, s) =>
      stack.flatMap((resource, r) => pathsOf(resource.props).map((path) => ({ s, r, path }))),
    );
    const mutation = fc.record({ target: fc.constantFrom(...targets), pick: fc.nat() }).map(({ target, pick }) => {
      const resource = stacks[target.s]![target.r]!;
      const choices = wrongTypes(valueAt(resource.props, target.path));
      return { ...target, value: choices[pick % choices.length] as Json };
    });
    fc.assert(
      fc.property(mutation, ({ s, r, path, value }) => {
        mutations++;
        const stack = stacks[s]!;
        const resource = stack[r]!;
        const mutated = [...stack];
        mutated[r] = { ...resource, props: withValue(resource.props, path, value) };
        const analysis = analyzeStack({ resources: mutated as never });
        const outcome = judged(bases[s]!, analysis, (a) => traceOf(a, resource), "");
        outcomes.set(outcome.kind, (outcomes.get(outcome.kind) ?? 0) + 1);
        assert.ok(
          outcome.traced,
          `${resource.type} "${resource.name}" ${path.join(".")} = ${JSON.stringify(value)}: lost ${outcome.lost} without trace`,
        );
      }),
      propertyParameters(5000),
    );
    assert.ok(mutations >= 5000);
  });

  it("1,000 mutations of provider settings (inside their JSON text): the verdict is unchanged, or S3R064 names the provider", () => {
    const bases = stacks.map((stack) => verdictOf(analyzeStack({ resources: stack as never })));
    const targets = stacks.flatMap((stack, s) =>
      providersOf(stack).flatMap((provider) =>
        pathsOf(openedProps(provider.props)).map((path) => ({ s, provider, path })),
      ),
    );
    assert.ok(
      targets.some((t) => t.path.join(".") === "assumeRoles.0.roleArn") &&
        targets.some((t) => t.path.join(".") === "allowedAccountIds.0") &&
        targets.some((t) => t.path.join(".") === "region"),
      "the generated providers have the settings the mapping reads",
    );
    let providerMutations = 0;
    const traced = new Map<string, number>();
    const mutation = fc.record({ target: fc.constantFrom(...targets), pick: fc.nat() }).map(({ target, pick }) => {
      const choices = wrongTypes(valueAt(openedProps(target.provider.props), target.path));
      return { ...target, value: choices[pick % choices.length] as Json };
    });
    fc.assert(
      fc.property(mutation, ({ s, provider, path, value }) => {
        providerMutations++;
        mutations++;
        const props = closedProps(provider.props, withValue(openedProps(provider.props), path, value) as never);
        const mutated = stacks[s]!.map((r) =>
          r.provider?.urn === provider.urn ? { ...r, provider: { ...provider, props } } : r,
        );
        const analysis = analyzeStack({ resources: mutated as never });
        const outcome = judged(bases[s]!, analysis, (a) => providerTraceOf(a, provider), "provider: ");
        outcomes.set(outcome.kind, (outcomes.get(outcome.kind) ?? 0) + 1);
        const setting = path.join(".");
        traced.set(setting, (traced.get(setting) ?? 0) + (outcome.kind.includes("S3R064") ? 1 : 0));
        assert.ok(
          outcome.traced,
          `provider "${provider.name}" ${setting} = ${JSON.stringify(value)}: lost ${outcome.lost} without trace`,
        );
      }),
      propertyParameters(1000),
    );
    assert.ok(providerMutations >= 1000);
    // Every setting the mapping reads is named by S3R064 when wrong-typed.
    for (const setting of ["region", "assumeRoles.0.roleArn", "allowedAccountIds.0"])
      assert.ok((traced.get(setting) ?? 0) > 0, `${setting}: never reported as S3R064`);
  });
});
