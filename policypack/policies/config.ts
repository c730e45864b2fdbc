/**
 * The pack's config file as `--policy-pack-config` and the checker's `--config` read it: the
 * `checks` levels and options of the stack policy (policies/stack-policy.ts), unknown properties
 * refused with the nearest real name, and files written for the policy-per-check pack (a key per policy)
 * refused with one message giving the file to write instead.
 */
import type { EnforcementLevel, PolicyConfigSchema } from "@pulumi/policy";

/** One property schema of a policy config. */
export type PropertySchema = PolicyConfigSchema["properties"][string];
import { FINDING_CLASSES } from "s3-replication/components/model";

/** The name of the pack's one stack policy (and of its entry in a config file). */
export const STACK_POLICY = "s3-replication-checks";

/** The levels a check can be given. */
export const CHECK_LEVELS: readonly EnforcementLevel[] = ["advisory", "mandatory", "disabled"];

/** Levenshtein distance (small strings: config keys). */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++)
      next[j] = Math.min(
        (row[j] ?? 0) + 1,
        (next[j - 1] ?? 0) + 1,
        (row[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    row = next;
  }
  return row[b.length] ?? 0;
}

/** The known name nearest to `name` (case-insensitive edit distance). */
export function nearest(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const d = distance(name.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best;
}

/** One sentence per property of `config` not in `known`, naming the nearest known one. */
export function unknownProperties(config: Record<string, unknown>, known: readonly string[], where: string): string[] {
  return Object.keys(config)
    .filter((key) => !known.includes(key))
    .map((key) => {
      const near = nearest(key, known);
      return `${where} has no property "${key}"${near !== undefined ? ` (did you mean "${near}"?)` : ""}`;
    });
}

/** The `checks` property's schema: each check name, finding code and finding class, to a level; nothing else. */
export function checksSchema(keys: readonly string[]): PropertySchema {
  const level: PropertySchema = { type: "string", enum: [...CHECK_LEVELS] };
  return {
    type: "object",
    description: `The level of each check: a check name, a finding code or a finding class (${FINDING_CLASSES.join(", ")}) to ${CHECK_LEVELS.join(", ")}; a code wins over its check, a check over a class.`,
    properties: Object.fromEntries(keys.map((key) => [key, level])),
    additionalProperties: false,
  };
}

/** What the pack knows of itself for migrating a legacy config file. */
export interface PackShape {
  /** The names of the pack's policies that run checks (the stack policy; not the retired names). */
  policies: readonly string[];
  /** The stack policy's checks (name -> whether advisory by default). */
  checks: ReadonlyMap<string, EnforcementLevel>;
  /** Policy names of earlier packs (a policy per check, per-type resource policies) -> the check they are now. */
  retired: ReadonlyMap<string, string>;
  /** Every declared policy's default level (the stack policy, the config policy, the retired names). */
  defaults: ReadonlyMap<string, EnforcementLevel>;
  /** The stack policy's config properties (besides `checks`). */
  properties: readonly string[];
}

/** Adds a check level to a config file being built. */
function setCheck(out: Record<string, unknown>, name: string, level: unknown): void {
  const entry = (out[STACK_POLICY] ??= {}) as Record<string, unknown>;
  const checks = (entry["checks"] ??= {}) as Record<string, unknown>;
  checks[name] = level;
}

/** One legacy entry (a check of the stack policy) written in the new form. */
function migrateCheck(out: Record<string, unknown>, name: string, value: unknown): void {
  if (typeof value === "string") return setCheck(out, name, value);
  if (value === null || typeof value !== "object" || Array.isArray(value)) return setCheck(out, name, value);
  const { enforcementLevel, ...properties } = value as Record<string, unknown>;
  if (enforcementLevel !== undefined) setCheck(out, name, enforcementLevel);
  const entry = (out[STACK_POLICY] ??= {}) as Record<string, unknown>;
  Object.assign(entry, properties);
}

/**
 * A config file written for the policy-per-check pack in the new form: each check's level under
 * `s3-replication-checks.checks`, its options beside them; `all` kept (and given to the checks
 * that advise by default, which `all` no longer reaches); a former per-type resource policy's level given
 * to its check. Entries of the current pack are kept as they are.
 */
export function migrateConfig(config: Record<string, unknown>, shape: PackShape): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  // As the engine: `all` first, then each entry.
  const entries = Object.entries(config).sort(([a], [b]) => Number(b === "all") - Number(a === "all"));
  for (const [key, value] of entries) {
    if (key === "all" && typeof value === "string" && value !== "disabled") {
      out[key] = value;
      for (const [name, level] of shape.checks) if (level === "advisory") setCheck(out, name, value);
    } else if (shape.retired.has(key) && !shape.policies.includes(key))
      migrateCheck(out, shape.retired.get(key) ?? key, value);
    else if (key === STACK_POLICY && typeof value === "object" && value !== null) {
      const entry = (out[STACK_POLICY] ??= {}) as Record<string, unknown>;
      const { checks, ...rest } = value as Record<string, unknown>;
      Object.assign(entry, rest);
      if (typeof checks === "object" && checks !== null)
        for (const [name, level] of Object.entries(checks)) setCheck(out, name, level);
    } else out[key] = value;
  }
  return out;
}

/** The keys a config file may give besides policy names: "all", and the engine's ESC "environments". */
const RESERVED = ["all", "environments"];

/** Whether a key names a policy of an earlier version (not one the pack still has). */
function isLegacy(key: string, shape: PackShape): boolean {
  return shape.retired.has(key) && !shape.policies.includes(key);
}

/**
 * How many edits away from a name of the pack (old or new) an unknown key is taken for a misspelling
 * of it. A key further away may be a policy of another pack served with these policies in one
 * PolicyPack (the engine sends every declared policy: the pack cannot tell the two apart).
 */
const MISSPELT = 2;

/** One sentence per key that names no policy but is a misspelling of a name of the pack, naming it. */
function unknownNames(config: Record<string, unknown>, shape: PackShape): string[] {
  const known = [...shape.defaults.keys(), ...shape.retired.keys(), "all"];
  return Object.keys(config)
    .filter((key) => !RESERVED.includes(key) && !known.includes(key))
    .flatMap((key) => {
      const near = nearest(key, known);
      return near !== undefined && distance(key.toLowerCase(), near.toLowerCase()) <= MISSPELT
        ? [`"${key}" is no policy of the pack (did you mean "${near}"?)`]
        : [];
    });
}

/** One sentence per entry that gives properties to a name that takes none ("all", the config policy). */
function stray(config: Record<string, unknown>, shape: PackShape): string[] {
  return Object.entries(config)
    .filter(
      ([key]) => key === "all" || (shape.defaults.has(key) && !shape.policies.includes(key) && !isLegacy(key, shape)),
    )
    .filter(([, value]) => typeof value === "object" && value !== null && !Array.isArray(value))
    .flatMap(([key, value]) =>
      Object.keys(value as Record<string, unknown>)
        .filter((property) => property !== "enforcementLevel")
        .map((property) => `"${key}" takes a level only, not "${property}"`),
    );
}

/** The properties the legacy entries carry that the stack policy does not have. */
function unknownMovedProperties(config: Record<string, unknown>, shape: PackShape): string[] {
  const moved = Object.entries(config).flatMap(([key, value]) =>
    isLegacy(key, shape) && typeof value === "object" && value !== null && !Array.isArray(value)
      ? Object.keys(value as Record<string, unknown>).filter((property) => property !== "enforcementLevel")
      : [],
  );
  return [...new Set(moved)].filter((property) => !shape.properties.includes(property));
}

/** The legacy entries' sentence: the file to write, without the properties the pack does not have (named, with the nearest real one). */
function legacySentence(config: Record<string, unknown>, legacy: readonly string[], shape: PackShape): string {
  const written = migrateConfig(config, shape);
  const unknown = unknownMovedProperties(config, shape);
  const entry = written[STACK_POLICY] as Record<string, unknown> | undefined;
  for (const property of unknown) delete entry?.[property];
  const many = legacy.length > 1;
  const what = many ? "are no longer policies of the pack but checks" : "is no longer a policy of the pack but a check";
  const dropped = unknownProperties(Object.fromEntries(unknown.map((p) => [p, true])), shape.properties, STACK_POLICY);
  const left = dropped.length > 0 ? ` ${dropped.join("; ")}: left out below.` : "";
  return `${legacy.map((key) => `"${key}"`).join(", ")} ${what} of its one stack policy "${STACK_POLICY}" (the pack reads the stack once); the engine would ignore ${many ? "these entries" : "this entry"}.${left} Write instead:\n${JSON.stringify(written, null, 2)}`;
}

/**
 * Undefined for a config file of this pack; else one message: the keys that are no longer policies
 * and the file to write instead (with the properties they carry that the pack does not have), the
 * keys that name no policy, the properties given to a name that takes a level only.
 */
export function legacyConfigMessage(file: Record<string, unknown>, shape: PackShape): string | undefined {
  // In name order: the engine sends its entries in no set order.
  const config = Object.fromEntries(Object.entries(file).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const legacy = Object.keys(config).filter((key) => isLegacy(key, shape));
  const others = [...unknownNames(config, shape), ...stray(config, shape)];
  if (legacy.length === 0 && others.length === 0) return undefined;
  const sentences = others.length > 0 ? [`${others.join("; ")}.`] : [];
  if (legacy.length > 0) sentences.push(legacySentence(config, legacy, shape));
  return sentences.join(" ");
}

/**
 * The entries of a config file that the policy config `Configure` carried shows (policies/
 * sent-config.ts): "all" and every undeclared name as written, and each declared policy other than the stack
 * policy whose level differs from the one the engine would give it without an entry (its default,
 * or "all"'s) or that carries properties. An entry giving a declared policy the level it would have
 * anyway leaves no trace (the engine sends the same entry either way); the stack policy's entry is
 * left out (its schema defaults are merged into it) and judged by the stack policy itself.
 */
export function fileFromSent(
  sent: ReadonlyMap<string, { enforcementLevel: EnforcementLevel; properties: Record<string, unknown> }>,
  shape: PackShape,
): Record<string, unknown> {
  const all = sent.get("all")?.enforcementLevel;
  const file: Record<string, unknown> = {};
  for (const [name, { enforcementLevel, properties }] of sent) {
    if (shape.policies.includes(name)) continue;
    const expected = shape.defaults.has(name) ? (all ?? shape.defaults.get(name)) : undefined;
    const level = enforcementLevel !== expected ? { enforcementLevel } : {};
    if (Object.keys(properties).length > 0) file[name] = { ...level, ...properties };
    else if (enforcementLevel !== expected) file[name] = enforcementLevel;
  }
  return file;
}
