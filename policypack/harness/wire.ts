// Wire-form values: what the Pulumi SDK sends to the engine over gRPC (google.protobuf.Struct as
// plain JSON), with the engine's special encodings for unknowns, secrets and resource references.
// See @pulumi/pulumi/runtime/rpc.js and pulumi/pulumi sdk/go/common/resource/plugin/rpc.go.

/** A JSON value as carried by a google.protobuf.Struct. */
export type WireValue = null | boolean | number | string | WireValue[] | WireObject;
/** A property map in wire form. */
export interface WireObject {
  [key: string]: WireValue;
}

/** The engine's unknown sentinels (pulumi/pulumi sdk/go/common/resource/plugin/rpc.go). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
export const UNKNOWN_SENTINELS: ReadonlySet<string> = new Set([
  "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7", // bool
  "3eeb2bf0-c639-47a8-9e75-3b44932eb421", // number
  UNKNOWN, // string
  "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2", // array
  "030794c1-ac77-496b-92df-f27374a8bd58", // asset
  "e48ece36-62e2-4504-bad9-02848725956a", // archive
  "dd056dcd-154b-4c76-9bd3-c8f88648b5ff", // object
]);

export const SIG_KEY = "4dabf18193072939515e22adb298388d";
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
export const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
export const OUTPUT_VALUE_SIG = "d0e6a833031e9bbcd3f4e8bde6ca49a4";

export function isObject(v: WireValue | undefined): v is WireObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function isUnknown(v: WireValue | undefined): boolean {
  return typeof v === "string" && UNKNOWN_SENTINELS.has(v);
}

export function isSecret(v: WireValue | undefined): v is WireObject {
  return isObject(v) && v[SIG_KEY] === SECRET_SIG;
}

/** Wraps a value in the secret envelope. */
export function secret(v: WireValue): WireObject {
  return { [SIG_KEY]: SECRET_SIG, value: v };
}

/**
 * Outputs as the engine records them: an output is made secret when `additionalSecretOutputs`
 * names it (never `id`), or when the input of the same name is a secret ("If an input secret is
 * potentially leaked as an output, preemptively mark it as secret": pulumi/pulumi
 * pkg/resource/deploy/step_executor.go). A value derived from a secret input under another name
 * (a bucket's `arn` from its secret `bucket`) stays as the provider returned it.
 */
export function engineSecretOutputs(
  inputs: WireObject,
  outputs: WireObject,
  additional: readonly string[],
): WireObject {
  const out: WireObject = {};
  for (const [key, value] of Object.entries(outputs)) {
    const marked = (additional.includes(key) && key !== "id") || isSecret(inputs[key]);
    out[key] = marked && !isSecret(value) ? secret(value) : value;
  }
  return out;
}

/** Strips one secret envelope, if any. */
export function unwrap(v: WireValue | undefined): WireValue | undefined {
  return isSecret(v) ? v["value"] : v;
}

/** A known string (secret envelopes unwrapped), or undefined when absent, unknown or not a string. */
export function knownString(v: WireValue | undefined): string | undefined {
  const u = unwrap(v);
  return typeof u === "string" && !isUnknown(u) ? u : undefined;
}

/** True when the value, or anything nested inside it, is unknown. */
export function containsUnknown(v: WireValue | undefined): boolean {
  if (v === undefined) {
    return false;
  }
  if (isUnknown(v)) {
    return true;
  }
  if (Array.isArray(v)) {
    return v.some(containsUnknown);
  }
  if (isObject(v)) {
    return Object.values(v).some(containsUnknown);
  }
  return false;
}

/** Deep copy (wire values are plain JSON). */
export function clone<T extends WireValue>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

/**
 * The form in which the engine hands properties to an analyzer: it marshals state with
 * KeepUnknowns and KeepSecrets but not KeepResources, so a resource reference becomes the
 * referenced resource's id (unknown when the id is unknown) or, for a component, its URN; an
 * output value (never sent by the Node SDK to the mock monitor, handled for completeness) becomes
 * its plain, secret or unknown value.
 */
export function forAnalyzer(v: WireValue): WireValue {
  if (Array.isArray(v)) {
    return v.map(forAnalyzer);
  }
  if (!isObject(v)) {
    return v;
  }
  const sig = v[SIG_KEY];
  if (sig === RESOURCE_SIG) {
    const urn = typeof v["urn"] === "string" ? v["urn"] : "";
    if (!("id" in v)) {
      return urn;
    }
    const id = v["id"];
    return typeof id === "string" && id !== "" && !isUnknown(id) ? id : UNKNOWN;
  }
  if (sig === OUTPUT_VALUE_SIG) {
    const inner = "value" in v ? forAnalyzer(v["value"] ?? null) : UNKNOWN;
    return v["secret"] === true ? secret(inner) : inner;
  }
  const out: WireObject = {};
  for (const [k, val] of Object.entries(v)) {
    out[k] = forAnalyzer(val);
  }
  return out;
}

/** Analyzer form of a property map; engine internal keys (`__` prefix) are skipped. */
export function propsForAnalyzer(props: WireObject): WireObject {
  const out: WireObject = {};
  for (const [k, val] of Object.entries(props)) {
    if (!k.startsWith("__")) {
      out[k] = forAnalyzer(val);
    }
  }
  return out;
}

/** The value with every secret envelope removed (what a user-facing callback sees). */
export function plainValue(v: WireValue | undefined): WireValue | undefined {
  if (isSecret(v)) {
    return plainValue(v["value"]);
  }
  if (Array.isArray(v)) {
    return v.map((x) => plainValue(x) ?? null);
  }
  if (isObject(v)) {
    const out: WireObject = {};
    for (const [k, x] of Object.entries(v)) {
      const p = plainValue(x);
      if (p !== undefined) {
        out[k] = p;
      }
    }
    return out;
  }
  return v;
}

/**
 * A user-supplied JS value (an invoke answer, read state, stack outputs) as a wire value: plain
 * JSON only (`undefined` properties dropped); anything else (an Output, a function, a class
 * instance) is refused naming its path, since the engine could not carry it either.
 */
export function toWire(v: unknown, path: string): WireValue {
  if (v === null || typeof v === "string" || typeof v === "boolean") {
    return v;
  }
  if (typeof v === "number") {
    if (!Number.isFinite(v)) {
      throw new OfflineHarnessError(`offline harness: ${path} is ${v}, which JSON cannot carry`);
    }
    return v;
  }
  if (Array.isArray(v)) {
    return v.map((x, i) => toWire(x === undefined ? null : x, `${path}[${i}]`));
  }
  if (typeof v === "object" && (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null)) {
    const out: WireObject = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if (x !== undefined) {
        out[k] = toWire(x, `${path}.${k}`);
      }
    }
    return out;
  }
  throw new OfflineHarnessError(
    `offline harness: ${path} must be plain JSON (strings, numbers, booleans, arrays, objects); got ` +
      `${typeof v === "object" ? (v.constructor?.name ?? "an object") : typeof v}` +
      (typeof v === "object" ? " (an Output? give the plain value, or secret(value) for a secret)" : ""),
  );
}

/** True when the value, or anything nested inside it, is a secret. */
export function containsSecret(v: WireValue | undefined): boolean {
  if (isSecret(v)) {
    return true;
  }
  if (Array.isArray(v)) {
    return v.some(containsSecret);
  }
  return isObject(v) && Object.values(v).some(containsSecret);
}

/**
 * A failure the user is expected to fix in the program or the run's options (a missing answer, a
 * bad option): its message says what to do, and it carries no stack trace to print.
 */
export class OfflineHarnessError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "OfflineHarnessError";
    this.stack = `${this.name}: ${message}`;
  }
}
