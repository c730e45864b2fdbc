// Secret values are never printed (issue 18 item 9), by the pack's own messages too. What a policy
// is handed for a secret property, read in @pulumi/policy 1.21.0 and pulumi/pulumi:
//
// - The engine sends secrets to the analyzer in their envelope: `Analyze` and `AnalyzeStack`
//   marshal properties with `KeepSecrets: true` (pulumi/pulumi
//   sdk/go/common/resource/plugin/analyzer_plugin.go, `(a *analyzer) Analyze` and `AnalyzeStack`).
//   An output is secret when the provider returned it secret, when `additionalSecretOutputs` names
//   it, or when the input of the same name was secret (pkg/resource/deploy/step_executor.go: "If an
//   input secret is potentially leaked as an output, preemptively mark it as secret"); a value
//   derived from a secret (a bucket's `arn` from its secret `bucket`) is not.
// - The SDK unwraps them and loses the mark: server.js calls `deserializeProperties(struct, false)`
//   for Analyze (node_modules/@pulumi/policy/server.js:255), AnalyzeStack (:351) and the provider
//   (:501); with `proxySecrets` false, deserialize.js:117-123 returns the secret's plain value, not a
//   `Secret` (only Remediate, :553, keeps the mark). A policy cannot tell a secret from any string.
//
// So the pack watches the one place that still sees the envelopes: it wraps the SDK module's
// `deserializeProperties` (server.js calls it through the module object, so the wrapper is what it
// calls) to note every string inside a secret envelope before handing the same struct on, and the
// pack's messages show `[secret]` wherever they would quote a noted value or a string containing it
// (an ARN built from a secret bucket name). Only the values are noted, never their keys; what the
// policies read is unchanged. A struct with no signature anywhere (no secret, asset or archive: most
// resources) is handed on as `toJavaScript` gives it, which is what the SDK's function would return a
// copy of, so the SDK no longer copies every resource a second time (isPlainWire).

import { SECRET_SIG, SIG_KEY } from "./harness/wire";

/** How deep the watcher reads a wire value: wireSecretLeaves stops there, isPlainWire leaves deeper values to the SDK. */
const MAX_WIRE_DEPTH = 200;

/** What is shown instead of a secret value. */
export const SECRET_MARK = "[secret]";

/** Shorter strings are not redacted (a secret `true` or `42` would blank every such word). */
const MIN_SECRET_LENGTH = 4;

/** Policy grammar inside a secret document: not secret, and redacting it would garble every message. */
const GRAMMAR_KEYS = new Set(["Version", "Effect", "Action", "NotAction"]);

/** The string leaves of a secret value (keys under GRAMMAR_KEYS skipped; JSON text opened), into `out`. */
export function secretLeaves(value: unknown, out: Set<string>, depth = 0): void {
  if (depth > 64) return;
  if (typeof value === "string") {
    const text = value.trim();
    if (text.startsWith("{") || text.startsWith("[")) {
      try {
        secretLeaves(JSON.parse(text), out, depth + 1);
        return;
      } catch {
        // not JSON text: the string itself is the secret
      }
    }
    if (value.length >= MIN_SECRET_LENGTH) out.add(value);
  } else if (typeof value === "number" && String(value).length >= MIN_SECRET_LENGTH) {
    out.add(String(value));
  } else if (Array.isArray(value)) {
    for (const item of value) secretLeaves(item, out, depth + 1);
  } else if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) if (!GRAMMAR_KEYS.has(key)) secretLeaves(item, out, depth + 1);
  }
}

/**
 * Every secret envelope's leaves inside a value, into `out`: envelopes in the wire form `{sig, value}`
 * (as a Struct's `toJavaScript` gives it) or in the form `pulumi stack export --show-secrets` writes,
 * `{sig, plaintext: "<JSON>"}`.
 */
export function wireSecretLeaves(value: unknown, out: Set<string>, depth = 0): void {
  if (depth > MAX_WIRE_DEPTH || value === null || typeof value !== "object") return;
  if (Array.isArray(value)) {
    for (const item of value) wireSecretLeaves(item, out, depth + 1);
    return;
  }
  const record = value as Record<string, unknown>;
  if (record[SIG_KEY] === SECRET_SIG) {
    envelopeLeaves(record, out);
    return;
  }
  // Own keys without a list of the values: every deserialized struct of the run is walked.
  for (const key in record)
    if (Object.prototype.hasOwnProperty.call(record, key)) wireSecretLeaves(record[key], out, depth + 1);
}

/** The leaves of one secret envelope: its `plaintext` (JSON text, else the text itself) and its `value`. */
function envelopeLeaves(envelope: Record<string, unknown>, out: Set<string>): void {
  const plaintext = envelope["plaintext"];
  if (typeof plaintext === "string") {
    try {
      secretLeaves(JSON.parse(plaintext), out);
    } catch {
      secretLeaves(plaintext, out); // not JSON text: the text itself is the secret
    }
  }
  secretLeaves(envelope["value"], out);
}

/** The text with every secret string (longest first) shown as `[secret]`. */
export function redactText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join(SECRET_MARK);
  return out;
}

/** The secret values the engine has sent this process (one process serves one operation). */
const seen = new Set<string>();
let sorted: string[] | undefined;

/** Forgets the secret values noted so far: the offline harness calls it where the engine would start a new pack process. */
export function forgetSecretValues(): void {
  seen.clear();
  sorted = undefined;
}

/** A message of the pack with every secret value the engine sent shown as `[secret]`. */
export function redactSecretValues(message: string): string {
  if (seen.size === 0) return message;
  sorted ??= [...seen].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  return redactText(message, sorted);
}

/** The SDK module whose `deserializeProperties` server.js calls (node_modules/@pulumi/policy/deserialize.js). */
export interface DeserializeModule {
  deserializeProperties(struct: { toJavaScript(): unknown }, proxySecrets: boolean): unknown;
}

const WRAPPED = Symbol.for("s3-replication.secretValues.wrapped");

/**
 * True when the SDK's `deserializeProperties(struct, false)` would return a deep copy of this value
 * (what `toJavaScript` gives) and nothing else: no object carries the signature key (a secret, an
 * asset, an archive, or a signature the SDK refuses), every object is an ordinary one (`toJavaScript`
 * assigns fields with `ret[key] =`, so a `__proto__` field would set a prototype the SDK's copy drops;
 * jspb's map does not keep one today, so this is a guard), and it is no deeper than MAX_WIRE_DEPTH.
 * Such a value holds no secret either.
 */
export function isPlainWire(value: unknown, depth = 0): boolean {
  if (value === null || typeof value !== "object") return true;
  if (depth > MAX_WIRE_DEPTH) return false; // left to the SDK's own function
  if (Array.isArray(value)) {
    for (const item of value as unknown[]) if (!isPlainWire(item, depth + 1)) return false;
    return true;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype) return false;
  const record = value as Record<string, unknown>;
  if (record[SIG_KEY] !== undefined) return false;
  for (const key in record)
    if (Object.prototype.hasOwnProperty.call(record, key) && !isPlainWire(record[key], depth + 1)) return false;
  return true;
}

/**
 * Wraps the SDK's `deserializeProperties` once (idempotent): every struct it deserializes is read
 * once (`toJavaScript`). A plain value (isPlainWire: no signature anywhere, so no secret) is handed
 * on as it is, since the SDK's function would return a copy of it that nothing else holds; that
 * spares the SDK's second copy of every resource. Any other value has its secret envelopes' leaves
 * noted and goes to the SDK's own function. Policies get exactly what they got before.
 */
export function watchSecretValues(module: DeserializeModule): void {
  const original = module.deserializeProperties as DeserializeModule["deserializeProperties"] & { [WRAPPED]?: true };
  if (original[WRAPPED] === true) return;
  const wrapped = Object.assign(
    (struct: { toJavaScript(): unknown }, proxySecrets: boolean): unknown => {
      const value = struct.toJavaScript();
      if (!proxySecrets && isPlainWire(value)) return value;
      const before = seen.size;
      wireSecretLeaves(value, seen);
      if (seen.size !== before) sorted = undefined;
      return original.call(module, { toJavaScript: () => value }, proxySecrets);
    },
    { [WRAPPED]: true as const },
  );
  module.deserializeProperties = wrapped;
}

// The pack's own copy of the SDK (the one its server.js requires) is watched as soon as the pack loads.
watchSecretValues(require("@pulumi/policy/deserialize") as DeserializeModule);
