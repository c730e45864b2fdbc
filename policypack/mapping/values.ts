/**
 * Safe reading of the values the analyzer hands to policies. Props arrive wrapped in the SDK's
 * unknown-checking proxy, which throws on any read of a value unknown during preview; these helpers
 * unwrap the proxy once and turn unknowns into the UNKNOWN marker, so a policy never throws.
 */

import { READ_ONLY_TARGET } from "./sealed";

/** Marker for a value unknown during preview. */
export const UNKNOWN: unique symbol = Symbol("unknown");
/** A plain value: JSON data, or the UNKNOWN marker anywhere inside. */
export type Plain = string | number | boolean | null | undefined | typeof UNKNOWN | Plain[] | { [key: string]: Plain };

/** Unknown sentinels of the engine and the SDK (string, bool, number, array, asset, archive, object). */
const SENTINELS = new Set([
  "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
  "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7",
  "3eeb2bf0-c639-47a8-9e75-3b44932eb421",
  "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2",
  "030794c1-ac77-496b-92df-f27374a8bd58",
  "e48ece36-62e2-4504-bad9-02848725956a",
  "dd056dcd-154b-4c76-9bd3-c8f88648b5ff",
]);
const PROXY_TARGET = "__getSpecialProxyTarget";

/** The value behind the SDK's unknown-checking proxy, if it is one. */
function unproxied(value: object): object {
  const inner = (value as Record<string, unknown>)[PROXY_TARGET];
  return inner !== undefined && inner !== null && typeof inner === "object" ? inner : value;
}

/** The plain objects behind the direct analysis's read-only view, if it is one (copied, never changed). */
function sharedTarget(value: object): object | undefined {
  const shared = (value as { [READ_ONLY_TARGET]?: unknown })[READ_ONLY_TARGET];
  return shared !== undefined && shared !== null && typeof shared === "object" ? shared : undefined;
}

function target(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  const unwrapped = unproxied(value);
  return sharedTarget(unwrapped) ?? unwrapped;
}

/** Copies of read-only shared values (mapping/sealed.ts READ_ONLY_TARGET), made once: they cannot change. */
const sharedCopies = new WeakMap<object, Plain>();

/**
 * The plain form of a (possibly proxied) value, unknowns as UNKNOWN: a copy where it differs,
 * the value's own plain parts shared (copy on write, below). A getter that throws propagates.
 * The copy of a read-only shared value is made once and shared (never modify a plain value).
 */
export function plain(value: unknown, depth = 0): Plain {
  if (depth > 40) return undefined;
  const shared =
    depth === 0 && value !== null && typeof value === "object" ? sharedTarget(unproxied(value)) : undefined;
  if (shared === undefined) return copyOf(value, depth);
  let copy = sharedCopies.get(shared);
  if (copy === undefined) {
    copy = copyOf(shared, 0);
    sharedCopies.set(shared, copy);
  }
  return copy;
}

function copyOf(value: unknown, depth: number): Plain {
  if (depth > 40) return undefined;
  const raw = target(value);
  if (raw === undefined || raw === null) return raw as null | undefined;
  if (typeof raw === "string") return SENTINELS.has(raw) ? UNKNOWN : raw;
  if (typeof raw === "number" || typeof raw === "boolean") return raw;
  if (typeof raw !== "object") return undefined;
  return Array.isArray(raw) ? listCopy(raw, depth) : recordCopy(raw as Record<string, unknown>, depth);
}

/*
 * Copy on write: a list or object whose items are all plain already (no unknown sentinel, proxy,
 * read-only view or class instance anywhere inside, not too deep) is its own plain form and is
 * shared, not copied; only the objects on the way to a changed value are copied. The values the
 * SDK deserializes for one policy call are fresh plain data nobody else holds, and the mapping
 * never modifies a plain value, so sharing them is safe and saves a copy of the whole stack.
 */

/** A list's plain form: itself when no item changes, else a copy. */
function listCopy(raw: readonly unknown[], depth: number): Plain[] {
  return mappedList(raw, plainBelow, depth);
}

/** An object's plain form: itself when it is a plain object and no value changes, else a copy of its own keys. */
function recordCopy(raw: Record<string, unknown>, depth: number): { [key: string]: Plain } {
  // Secret envelopes and resource references deserialize to plain values; keep only data.
  return mappedRecord(raw, Object.keys(raw), plainBelow, depth);
}

/** `plain` of a value one level below `depth` (the item function of listCopy and recordCopy). */
function plainBelow(item: unknown, depth: number): Plain {
  return plain(item, depth + 1);
}

/**
 * Copy on write of a list: `next(item, context)` of each item, in the list itself when no item
 * changes (identity) and it is a plain array, else in a new array (the unchanged items shared).
 * The mapping's plain reading and the direct analysis's deserialization both make their copies so.
 */
export function mappedList<I, O, C>(list: readonly I[], next: (item: I, context: C) => O, context: C): O[] {
  let out: O[] | undefined = Object.getPrototypeOf(list) === Array.prototype ? undefined : [];
  for (let i = 0; i < list.length; i++) {
    const item = list[i] as I;
    const value = next(item, context);
    if (out === undefined && (value as unknown) !== item) out = list.slice(0, i) as unknown as O[];
    if (out !== undefined) out.push(value);
  }
  return out ?? (list as unknown as O[]);
}

/**
 * Copy on write of an object, as `mappedList`: `next` of the value of each of `keys` (in that
 * order), in the object itself when no value changes and it is a plain object, else in a new
 * object of those keys.
 */
export function mappedRecord<I, O, C>(
  record: Readonly<Record<string, I>>,
  keys: readonly string[],
  next: (item: I, context: C) => O,
  context: C,
): Record<string, O> {
  let out: Record<string, O> | undefined = Object.getPrototypeOf(record) === Object.prototype ? undefined : {};
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    const item = record[key] as I;
    const value = next(item, context);
    if (out === undefined && (value as unknown) !== item) out = firstKeys<I, O>(record, keys, i);
    if (out !== undefined) out[key] = value;
  }
  return out ?? (record as unknown as Record<string, O>);
}

/** A new object with the first `count` keys of `record` (their values unchanged by `next`). */
function firstKeys<I, O>(
  record: Readonly<Record<string, I>>,
  keys: readonly string[],
  count: number,
): Record<string, O> {
  const out: Record<string, O> = {};
  for (let i = 0; i < count; i++) {
    const key = keys[i] as string;
    out[key] = record[key] as unknown as O;
  }
  return out;
}

/**
 * True when `plain(value)` would equal `expected` (same keys in the same order, same scalars,
 * unknowns where `expected` has UNKNOWN), without building the copy: how a policy recognises the
 * stack it has already mapped. Any doubt (a read that throws, NaN) answers false. Never throws.
 */
export function matchesPlain(value: unknown, expected: Plain, depth = 0): boolean {
  try {
    if (depth > 40) return expected === undefined;
    const raw = target(value);
    if (raw === undefined || raw === null) return expected === raw;
    if (typeof raw === "string") return SENTINELS.has(raw) ? expected === UNKNOWN : expected === raw;
    if (typeof raw === "number" || typeof raw === "boolean") return expected === raw;
    if (typeof raw !== "object") return expected === undefined;
    if (expected === null || typeof expected !== "object") return false;
    if (Array.isArray(raw)) {
      return (
        Array.isArray(expected) &&
        raw.length === expected.length &&
        raw.every((item, i) => matchesPlain(item, expected[i], depth + 1))
      );
    }
    if (Array.isArray(expected)) return false;
    const record = raw as Record<string, unknown>;
    const keys = Object.keys(record);
    const expectedKeys = Object.keys(expected);
    return (
      keys.length === expectedKeys.length &&
      keys.every((key, i) => key === expectedKeys[i] && matchesPlain(record[key], expected[key], depth + 1))
    );
  } catch {
    return false; // not recognised: the caller converts the value, and that reading reports what throws
  }
}

/** True when the value is the UNKNOWN marker. */
export function isUnknown(value: Plain): value is typeof UNKNOWN {
  return value === UNKNOWN;
}

/** The object at a key, or undefined. A one-element list (legacy nested blocks) counts as its element. */
export function obj(value: Plain): { [key: string]: Plain } | undefined {
  const single = Array.isArray(value) ? value[0] : value;
  return single !== null && typeof single === "object" && !Array.isArray(single) ? single : undefined;
}

/** A list, or undefined. */
export function list(value: Plain): Plain[] | undefined {
  if (Array.isArray(value)) return value;
  if (typeof value === "string" && value.trim().startsWith("[")) {
    try {
      const parsed = JSON.parse(value) as unknown;
      return Array.isArray(parsed) ? (plain(parsed) as Plain[]) : undefined;
    } catch {
      return undefined; // a string that merely starts with "[" is not a list: not an error
    }
  }
  return undefined;
}

/** Follows a path of keys through objects (one-element lists are stepped into). */
export function at(value: Plain, ...path: string[]): Plain {
  let current: Plain = value;
  for (const key of path) {
    if (isUnknown(current)) return UNKNOWN;
    const next = obj(current);
    if (next === undefined) return undefined;
    current = next[key];
  }
  return current;
}

/** A non-empty string, or undefined (unknown included). */
export function str(value: Plain): string | undefined {
  return typeof value === "string" && value.length > 0 ? value : undefined;
}

/** A number (numeric strings accepted), or undefined. */
export function num(value: Plain): number | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string" && /^-?\d+$/.test(value)) return Number(value);
  return undefined;
}

/** A boolean (`"true"`/`"false"` accepted, as provider inputs arrive), or undefined. */
export function bool(value: Plain): boolean | undefined {
  if (typeof value === "boolean") return value;
  if (value === "true") return true;
  if (value === "false") return false;
  return undefined;
}

/** True when the value or anything inside it is unknown. */
export function hasUnknown(value: Plain, depth = 0): boolean {
  if (isUnknown(value)) return true;
  if (depth > 40 || value === null || typeof value !== "object") return false;
  const items = Array.isArray(value) ? value : Object.values(value);
  return items.some((item) => hasUnknown(item, depth + 1));
}
