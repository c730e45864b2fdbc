// Runs the checker's two engines (policypack/check/engine.ts: "direct" and "sdk-server") on the
// same records and compares what they say: the same violations and advisories (order-normalised),
// or the same failure (first line of the error).
import type { RecordedResource } from "../../policypack/harness/types";
import { runOnRecords, type EngineKind, type EngineResult, type PolicySet } from "../../policypack/check/engine";

/** What one engine said: its findings, or the first line of the error it failed with. */
export type Outcome = { findings: { violations: string[]; advisories: string[] } } | { error: string };

/** The findings in a comparable form: each violation as JSON, both lists sorted. */
export function normalised(result: Pick<EngineResult, "violations" | "advisories">): {
  violations: string[];
  advisories: string[];
} {
  return {
    violations: result.violations.map((v) => JSON.stringify(v, Object.keys(v).sort())).sort(),
    advisories: [...result.advisories].sort(),
  };
}

/** Runs one engine; a failure is its error's first line. */
export async function outcomeOf(
  engine: EngineKind,
  records: readonly RecordedResource[],
  set: PolicySet,
  config: Record<string, unknown> = {},
): Promise<Outcome> {
  try {
    const result = await runOnRecords(records, { project: "project", stack: "stack" }, set, config, { engine });
    return { findings: normalised(result) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { error: message.split("\n")[0] ?? message };
  }
}

/** How two outcomes differ (empty when they are the same): one line per difference. */
export function differences(a: Outcome, b: Outcome): string[] {
  if ("error" in a || "error" in b) {
    const ea = "error" in a ? a.error : "no error";
    const eb = "error" in b ? b.error : "no error";
    return ea === eb ? [] : [`failure: ${ea} <> ${eb}`];
  }
  const out: string[] = [];
  for (const kind of ["violations", "advisories"] as const) {
    const left = new Set(a.findings[kind]);
    const right = new Set(b.findings[kind]);
    for (const item of a.findings[kind]) if (!right.has(item)) out.push(`${kind}: only in the first: ${item}`);
    for (const item of b.findings[kind]) if (!left.has(item)) out.push(`${kind}: only in the second: ${item}`);
    if (left.size === right.size && [...left].every((item) => right.has(item))) {
      if (JSON.stringify(a.findings[kind]) !== JSON.stringify(b.findings[kind])) {
        out.push(`${kind}: the same entries, repeated differently`);
      }
    }
  }
  return out;
}

/** Runs both engines and returns the direct one's outcome and the differences from the server's. */
export async function bothEngines(
  records: readonly RecordedResource[],
  set: PolicySet,
  config: Record<string, unknown> = {},
): Promise<{ direct: Outcome; server: Outcome; differences: string[] }> {
  const server = await outcomeOf("sdk-server", records, set, config);
  const direct = await outcomeOf("direct", records, set, config);
  return { direct, server, differences: differences(direct, server) };
}
