// Runs a pack's policies the way @pulumi/policy's analyzer server (server.js, version pinned in
// package.json) runs them, without the server: the stack is read once and every policy is handed
// the same argument objects. What the server does per policy, the run does once:
//
// - server.js `makeAnalyzeStackRpcFun` deserializes EVERY resource's properties (and its
//   provider's) once PER STACK POLICY, and `makeAnalyzeRpcFun` once per resource per resource
//   policy, each from the protobuf `Struct` of the request. Here each resource's properties are
//   deserialized once (inputs for Analyze, outputs for AnalyzeStack) and shared.
// - The values are those the server would see: the analyzer form of the recorded properties
//   (wire.ts `propsForAnalyzer`), in the form a `google.protobuf.Struct` hands back after the wire
//   (object keys sorted, strings through protobuf's UTF-8 encoding), then the SDK's own
//   `deserializeProperties` and `unknownCheckingProxy` (so a read of an unknown value throws the
//   SDK's UnknownValueError, reported as the server reports it: an advisory "can't run policy").
// - Config, enforcement levels (`disabled` skipped, `remediate` judged as `mandatory`), the
//   `__pulumiType` fast paths, `getConfig`, `notApplicable`, `reportViolation` (message text,
//   URN, level, severity) and a policy that throws (the whole analysis fails, naming the policy,
//   as the server's gRPC error does) follow server.js line by line.
// - The diagnostics are answered by the SDK's own `makeAnalyzeResponse`, written and read back as
//   gRPC writes the server's answer, and read as the driver reads that answer.
//
// Sharing has one consequence the server does not have: a policy could change what the next one
// reads. The shared values are read-only (a write throws a TypeError naming the property, which
// the policy reports or which fails the run), so a policy that would have changed its own copy
// fails closed instead of influencing another. Remediations are not run here: a pack configured
// with a `remediate` policy goes through the server (policypack/check/engine.ts).
import * as structpb from "google-protobuf/google/protobuf/struct_pb";
import type { EnforcementLevel, Policies, Severity } from "@pulumi/policy";
import { READ_ONLY_TARGET, sealResources } from "../mapping/sealed";
import { mappedList, mappedRecord } from "../mapping/values";
import * as analyzerpb from "@pulumi/pulumi/proto/analyzer_pb";
import {
  collectAnswer,
  managedRecords,
  roundTrip,
  wireAnswer,
  type ConfiguredAnalyzer,
  type Findings,
} from "./analyzerDriver";
import type { RecordedOptions, RecordedProvider, RecordedResource } from "./types";
import { OUTPUT_VALUE_SIG, RESOURCE_SIG, SIG_KEY, forAnalyzer, type WireObject, type WireValue } from "./wire";

/** The SDK internals server.js uses (@pulumi/policy's deserialize.js, proxy.js, policy.js). */
interface PolicySdk {
  deserializeProperties(struct: { toJavaScript(): unknown }, proxySecrets: boolean): Record<string, unknown>;
  unknownCheckingProxy<T>(value: T): T;
  UnknownValueError: abstract new (...args: never[]) => Error;
  isResourcePolicy(p: unknown): boolean;
  isStackPolicy(p: unknown): boolean;
  getPulumiType(o: unknown): string | undefined;
}

function loadSdk(): PolicySdk {
  const deserialize = require("@pulumi/policy/deserialize") as Pick<PolicySdk, "deserializeProperties">;
  const proxy = require("@pulumi/policy/proxy") as Pick<PolicySdk, "unknownCheckingProxy" | "UnknownValueError">;
  const policy = require("@pulumi/policy/policy") as Pick<
    PolicySdk,
    "isResourcePolicy" | "isStackPolicy" | "getPulumiType"
  >;
  return {
    deserializeProperties: deserialize.deserializeProperties,
    unknownCheckingProxy: proxy.unknownCheckingProxy,
    UnknownValueError: proxy.UnknownValueError,
    isResourcePolicy: policy.isResourcePolicy,
    isStackPolicy: policy.isStackPolicy,
    getPulumiType: policy.getPulumiType,
  };
}

/** A pack as `serve(name, version, level, {policies})` receives it. */
export interface DirectPack {
  name: string;
  version: string;
  /** The pack's default enforcement level. */
  enforcementLevel: EnforcementLevel;
  policies: Policies;
}

// ---------------------------------------------------------------------------------------------
// Values as a google.protobuf.Struct hands them back after the wire.

const SURROGATE = /[\ud800-\udfff]/;

/** A string after protobuf's UTF-8 encoding and decoding (which rewrites lone surrogates). */
function wireString(s: string): string {
  if (!SURROGATE.test(s)) return s;
  const v = new structpb.Value();
  v.setStringValue(s);
  return structpb.Value.deserializeBinary(v.serializeBinary()).getStringValue();
}

/** A Struct's value after the wire: keys sorted (as jspb maps iterate), strings re-encoded. */
function structValue(v: WireValue): WireValue {
  if (typeof v === "string") return wireString(v);
  if (v === null || typeof v === "number" || typeof v === "boolean") return v;
  const proto = Object.getPrototypeOf(v) as unknown;
  if (Array.isArray(v) && proto === Array.prototype) return v.map(structValue);
  if (!Array.isArray(v) && (proto === Object.prototype || proto === null)) return structObject(v);
  return throughWire(v);
}

/**
 * Anything else (an object whose prototype a `__proto__` key replaced, a value JSON has no
 * form for) through protobuf itself: how jspb classifies it (goog.typeOf) is its own business.
 */
function throughWire(v: unknown): WireValue {
  const value = structpb.Value.fromJavaScript(v as structpb.JavaScriptValue);
  return structpb.Value.deserializeBinary(value.serializeBinary()).toJavaScript() as WireValue;
}

function structObject(o: WireObject): WireObject {
  // Struct.fromJavaScript reads the keys with for-in (inherited enumerable keys included, as
  // after a `__proto__` key was assigned); toJavaScript assigns them back in sorted order.
  const keys: string[] = [];
  for (const k in o) keys.push(k);
  return sortedObject(keys, (k) => structValue(o[k]!));
}

/** An object of the keys, sorted, each key re-encoded (they may then sort differently, or coincide: the later one wins, as in a jspb map). */
function sortedObject(keys: string[], valueOf: (key: string) => WireValue): WireObject {
  if (!ascending(keys)) keys.sort(); // most are in order already: sort() would copy them to find out
  const out: WireObject = {};
  if (!keys.some((k) => SURROGATE.test(k))) {
    for (const k of keys) out[k] = valueOf(k);
    return out;
  }
  const entries = new Map<string, WireValue>();
  for (const k of keys) entries.set(wireString(k), valueOf(k));
  for (const k of [...entries.keys()].sort()) out[k] = entries.get(k)!;
  return out;
}

/**
 * `structValue(forAnalyzer(v))` in one copy (wire.ts `forAnalyzer`: references reduced, output
 * values opened). A reference, an output value or a `__proto__` key takes the two steps.
 */
function analyzerValue(v: WireValue): WireValue {
  if (typeof v === "string") return wireString(v);
  if (v === null || typeof v !== "object") return v;
  if (Array.isArray(v)) return v.map(analyzerValue);
  const sig = v[SIG_KEY];
  const keys = Object.keys(v);
  if (sig === RESOURCE_SIG || sig === OUTPUT_VALUE_SIG || keys.includes("__proto__")) {
    return structValue(forAnalyzer(v));
  }
  return sortedObject(keys, (k) => analyzerValue(v[k]!));
}

/**
 * What the SDK's `deserializeProperties` makes of a value's Struct form (`analyzerValue`). Plain
 * data comes back as it is wherever the wire changes nothing (a plain list, an object whose keys
 * are in the order a jspb map iterates them, no lone surrogate in a string): only the lists and
 * objects on the way to a changed value are copied, as the mapping's copy on write does
 * (mapping/values.ts). Policies see it behind the read-only view, so sharing the record's values
 * cannot change them. A value with a signature key (secret, asset, archive), or with a `__proto__`
 * key, goes through the SDK's own deserialization.
 */
function deserializedValue(sdk: PolicySdk, v: WireValue): unknown {
  if (typeof v === "string") return wireString(v);
  if (v === null || typeof v !== "object") return v;
  if (Array.isArray(v)) return mappedList(v, deserializedItem, sdk);
  const keys = Object.keys(v);
  if (Object.getPrototypeOf(v) !== Object.prototype || SIG_KEY in v || keys.includes("__proto__")) {
    return sdk.deserializeProperties({ toJavaScript: () => ({ value: analyzerValue(v) }) }, false)["value"];
  }
  if (!inWireOrder(keys)) return sortedObject(keys, (k) => deserializedValue(sdk, v[k]!) as WireValue);
  return mappedRecord(v, keys, deserializedItem, sdk);
}

/** `deserializedValue` with its arguments in the order `mappedList` and `mappedRecord` pass them. */
function deserializedItem(item: WireValue, sdk: PolicySdk): unknown {
  return deserializedValue(sdk, item);
}

/** True when the keys are in the order `sort()` gives them (UTF-16 code units; keys are distinct). */
function ascending(keys: readonly string[]): boolean {
  for (let i = 1; i < keys.length; i++) if (!(keys[i - 1]! < keys[i]!)) return false;
  return true;
}

/** True when the keys are in sorted order (as jspb maps iterate) and none changes on the wire. */
function inWireOrder(keys: readonly string[]): boolean {
  if (!ascending(keys)) return false;
  for (let i = 0; i < keys.length; i++) if (SURROGATE.test(keys[i]!)) return false;
  return true;
}

/**
 * A property map as a policy receives it: server.js's `deserializeProperties` of the Struct the
 * engine sends (`propsForAnalyzer`, then the wire), in one copy.
 */
function analyzerProperties(sdk: PolicySdk, props: WireObject): Record<string, unknown> {
  return sortedObject(
    Object.keys(props).filter((k) => !k.startsWith("__")),
    (k) => deserializedValue(sdk, props[k]!) as WireValue,
  );
}

// ---------------------------------------------------------------------------------------------
// Read-only sharing.

const SHARED =
  "the checker hands the same resource values to every policy; a policy may not change them (its own copy under the policy SDK)";

function isPlainData(v: object): boolean {
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === Array.prototype || proto === null;
}

const readOnly: ProxyHandler<object> = {
  get(target, prop) {
    if (prop === READ_ONLY_TARGET) return target; // the mapping copies from it (mapping/sealed.ts)
    const v = Reflect.get(target, prop) as unknown;
    return v !== null && typeof v === "object" && isPlainData(v) ? guard(v) : v;
  },
  set(_target, prop) {
    throw new TypeError(`cannot set ${String(prop)}: ${SHARED}`);
  },
  defineProperty(_target, prop) {
    throw new TypeError(`cannot define ${String(prop)}: ${SHARED}`);
  },
  deleteProperty(_target, prop) {
    throw new TypeError(`cannot delete ${String(prop)}: ${SHARED}`);
  },
  setPrototypeOf() {
    throw new TypeError(`cannot change a prototype: ${SHARED}`);
  },
  preventExtensions() {
    throw new TypeError(`cannot freeze: ${SHARED}`);
  },
};

function guard<T extends object>(v: T): T {
  return new Proxy(v, readOnly) as T;
}

function deepFreeze<T>(v: T): T {
  if (v !== null && typeof v === "object" && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const key in v) if (Object.prototype.hasOwnProperty.call(v, key)) deepFreeze(v[key]);
  }
  return v;
}

// ---------------------------------------------------------------------------------------------
// The SDK's argument objects, built once.

/** server.js `freezeMap`: the read-only stack tags every policy receives. */
function frozenTags(tags: Record<string, string>): ReadonlyMap<string, string> {
  const map = new Map<string, string>();
  for (const [k, v] of Object.entries(tags)) map.set(wireString(k), wireString(v));
  return Object.freeze({
    entries: map.entries.bind(map),
    forEach: map.forEach.bind(map),
    get: map.get.bind(map),
    has: map.has.bind(map),
    keys: map.keys.bind(map),
    size: map.size,
    values: map.values.bind(map),
    [Symbol.iterator]: map[Symbol.iterator].bind(map),
  }) as unknown as ReadonlyMap<string, string>;
}

/** A proto3 double after the wire (a zero, -0 included, is not sent and reads back as 0). */
const double = (x: number): number => (x === 0 ? 0 : x);

/** server.js `getResourceOptions` of the options the driver sends (analyzerDriver.ts `options`). */
function resourceOptions(o: RecordedOptions, parent: string | undefined): Record<string, unknown> {
  const result: Record<string, unknown> = {
    protect: Boolean(o.protect),
    ignoreChanges: o.ignoreChanges.map(wireString),
    aliases: o.aliases.map(wireString),
    customTimeouts: {
      createSeconds: double(o.customTimeouts.createSeconds),
      updateSeconds: double(o.customTimeouts.updateSeconds),
      deleteSeconds: double(o.customTimeouts.deleteSeconds),
    },
    additionalSecretOutputs: o.additionalSecretOutputs.map(wireString),
  };
  if (o.deleteBeforeReplace !== undefined) result["deleteBeforeReplace"] = Boolean(o.deleteBeforeReplace);
  const p = wireString(parent ?? "");
  if (p) result["parent"] = p;
  return deepFreeze(result);
}

/** server.js `isTypeOf`. */
function isTypeOf(sdk: PolicySdk, type: string, resourceClass: unknown): boolean {
  const pulumiType = sdk.getPulumiType(resourceClass);
  if (pulumiType) return type === pulumiType;
  const isInstance = (resourceClass as { isInstance?: unknown } | null | undefined)?.isInstance;
  return typeof isInstance === "function" && isInstance({ __pulumiType: type }) === true;
}

/** A value that failed to build: rethrown where the server would have met it (inside a policy's try). */
type Lazy<T> = { value: T } | { error: unknown };

function attempt<T>(build: () => T): Lazy<T> {
  try {
    return { value: build() };
  } catch (error) {
    return { error };
  }
}

function take<T>(lazy: Lazy<T>): T {
  if ("error" in lazy) throw lazy.error;
  return lazy.value;
}

class NotApplicableError extends Error {
  constructor(readonly reason?: string) {
    super(reason ?? "Policy does not apply");
  }
}

function throwNotApplicable(reason?: string): never {
  throw new NotApplicableError(reason);
}

/** server.js's diagnostic record (what `reportViolation` pushes). */
interface SdkDiagnostic {
  policyName: string;
  message?: unknown;
  urn?: unknown;
  enforcementLevel: unknown;
  severity?: unknown;
  [key: string]: unknown;
}

/** server.js `makeReportViolationFun`. */
function reportViolationFun(
  policyName: string,
  description: string | undefined,
  enforcementLevel: EnforcementLevel,
  severity: Severity | undefined,
  ds: SdkDiagnostic[],
): (message?: unknown, urn?: unknown) => void {
  return (message, urn) => {
    if (typeof message === "object") {
      // As server.js: a null message is read as an object (and throws, failing the policy).
      const info = message as Record<string, unknown>;
      ds.push({
        policyName: (info["name"] as string) || policyName,
        message: info["message"] || info["description"] || description,
        urn: info["urn"],
        description: info["description"] || description,
        enforcementLevel: info["enforcementLevel"] || enforcementLevel,
        severity: info["severity"] || severity,
      });
    } else {
      let violationMessage: unknown = description;
      if (message) violationMessage = `${String(violationMessage)}\n${String(message)}`;
      ds.push({ policyName, message: violationMessage, urn, description, enforcementLevel, severity });
    }
  };
}

/** The SDK's own answer builder (protoutil.js, internal: absent from its typings). */
const protoutil = require("@pulumi/policy/protoutil") as {
  makeAnalyzeResponse(ds: readonly SdkDiagnostic[], notApplicable: undefined): analyzerpb.AnalyzeResponse;
};

/**
 * The diagnostics of one call as the engine reads them: answered by server.js's own
 * `makeAnalyzeResponse` (an unknown level fails the call there), written and read back as gRPC
 * does (analyzerDriver.ts `wireAnswer`), then read as the driver reads the server's answers.
 */
function collectAll(
  pack: DirectPack,
  method: "analyze" | "analyzeStack",
  ds: SdkDiagnostic[],
  findings: Findings,
  urn?: string,
): void {
  if (ds.length === 0) return;
  const response = protoutil.makeAnalyzeResponse(ds, undefined);
  const answer = wireAnswer(method, () => roundTrip(response, analyzerpb.AnalyzeResponse));
  collectAnswer(pack, answer, findings, urn);
}

/** server.js `asGrpcError(e, message)`. */
function grpcError(e: unknown, message: string): Error {
  return new Error(`${message}:\n${e instanceof Error ? e.stack : String(e)}`);
}

interface PolicyShape {
  name: string;
  description?: string;
  enforcementLevel?: EnforcementLevel;
  severity?: Severity;
  validateResource?: unknown;
  validateStack?: unknown;
}

/** What a direct analysis found, and the resources its stack policies were handed (sealed), if any ran. */
export interface DirectFindings extends Findings {
  /** The frozen resources every stack policy was handed (registered sealed: mapping/sealed.ts). */
  stackResources?: readonly object[];
}

/**
 * Runs the policies on the records as the engine and server.js would (`Analyze` on every
 * resource the program registered, in order, then `AnalyzeStack` on all of them; reads on
 * neither), reading each resource once. `configured` is what configureAnalyzer returned for this pack; a pack with a
 * policy configured `remediate` is refused (run it through the server). Rejects as the server's
 * handler would fail (an invalid level, a policy that throws: the whole analysis).
 */
export async function analyzeDirect(
  pack: DirectPack,
  configured: ConfiguredAnalyzer,
  allRecords: readonly RecordedResource[],
): Promise<DirectFindings> {
  // As the engine: a read reaches neither Analyze nor AnalyzeStack (see analyzerDriver's managedRecords).
  const records = managedRecords(allRecords);
  if (configured.remediating) {
    throw new Error("direct analysis does not run remediations; run a pack with a remediate policy through the server");
  }
  const run = directRun(pack, configured);
  const findings: Findings = { violations: [], advisories: [] };
  await analyzeResources(run, records, findings);
  const stack = await analyzeStack(run, records, findings);
  return stack !== undefined && "value" in stack ? { ...findings, stackResources: stack.value } : findings;
}

/** What every policy call of one direct analysis shares: the SDK, levels, config and cached reads. */
interface DirectRun {
  pack: DirectPack;
  sdk: PolicySdk;
  stackTags: ReadonlyMap<string, string>;
  policies: readonly PolicyShape[];
  /** The policy's level: its config's, else its own, else the pack's. */
  levelOf(p: PolicyShape): EnforcementLevel;
  /** server.js's `getConfig` of a policy: its config without the level. */
  getConfigFun(policyName: string): () => Record<string, unknown>;
  /** How server.js names a policy in its errors. */
  policyFrom(p: PolicyShape): string;
  /** The advisory server.js reports when a policy read an unknown value. */
  unknownDiagnostic(p: PolicyShape, e: Error, own: "validateResource" | "validateStack"): SdkDiagnostic;
  deserialized(props: WireObject): Record<string, unknown>;
  /** server.js `getProviderResource` (the provider's properties deserialized once per provider). */
  providerOf(p: RecordedProvider | undefined): Record<string, unknown> | undefined;
  /** The resource's options, built once for Analyze and AnalyzeStack (frozen). */
  optionsOf(r: RecordedResource): Record<string, unknown>;
}

/** The shared state of one direct analysis of `pack` as `configured`. */
function directRun(pack: DirectPack, configured: ConfiguredAnalyzer): DirectRun {
  const sdk = loadSdk();
  const config = configured.policyConfig;
  const policyFrom = (p: PolicyShape): string => `policy '${p.name}' from policy pack '${pack.name}@v${pack.version}'`;
  const deserialized = (props: WireObject): Record<string, unknown> => analyzerProperties(sdk, props);
  return {
    pack,
    sdk,
    stackTags: frozenTags(configured.stackTags),
    policies: pack.policies as readonly PolicyShape[],
    levelOf: (p) =>
      (config[p.name]?.["enforcementLevel"] as EnforcementLevel | undefined) ||
      p.enforcementLevel ||
      pack.enforcementLevel,
    getConfigFun: (policyName) => () => {
      const c = config[policyName];
      if (!c) return {};
      const { enforcementLevel: _level, ...properties } = c;
      return properties;
    },
    policyFrom,
    unknownDiagnostic: (p, e, own) => {
      const rest: Record<string, unknown> = {};
      for (const k of Object.keys(p))
        if (k !== own && k !== "name") rest[k] = (p as unknown as Record<string, unknown>)[k];
      return {
        policyName: p.name,
        policyPackName: pack.name,
        policyPackVersion: pack.version,
        message: `can't run ${policyFrom(p)} during preview: ${e.message}`,
        ...rest,
        enforcementLevel: "advisory",
      };
    },
    deserialized,
    providerOf: providerReader(sdk, deserialized),
    optionsOf: optionsReader(),
  };
}

/** server.js `getProviderResource`, each provider's properties deserialized once. */
function providerReader(
  sdk: PolicySdk,
  deserialized: (props: WireObject) => Record<string, unknown>,
): DirectRun["providerOf"] {
  const providerProps = new WeakMap<RecordedProvider, Lazy<Record<string, unknown>>>();
  return (p) => {
    if (p === undefined) return undefined;
    let props = providerProps.get(p);
    if (props === undefined) {
      props = attempt(() => guard(deserialized(p.props)));
      providerProps.set(p, props);
    }
    return Object.freeze({
      type: wireString(p.type),
      props: sdk.unknownCheckingProxy(take(props)),
      urn: wireString(p.urn),
      name: wireString(p.name),
    });
  };
}

/** Each resource's options, built once (frozen). */
function optionsReader(): DirectRun["optionsOf"] {
  const options = new WeakMap<RecordedResource, Record<string, unknown>>();
  return (r) => {
    let opts = options.get(r);
    if (opts === undefined) {
      opts = resourceOptions(r.options, r.parent);
      options.set(r, opts);
    }
    return opts;
  };
}

/** A policy's level as server.js applies it: `remediate` reports as `mandatory`. */
function reportLevel(run: DirectRun, p: PolicyShape): EnforcementLevel {
  const level = run.levelOf(p);
  return level === "remediate" ? "mandatory" : level;
}

/** Rethrows what server.js would fail the call with; keeps the unknown-value advisory. */
function policyFailure(
  run: DirectRun,
  p: PolicyShape,
  e: unknown,
  own: "validateResource" | "validateStack",
  ds: SdkDiagnostic[],
): void {
  if (e instanceof run.sdk.UnknownValueError) {
    ds.push(run.unknownDiagnostic(p, e, own));
  } else if (!(e instanceof NotApplicableError)) {
    throw grpcError(e, `Error validating resource with ${run.policyFrom(p)}`);
  }
}

/** `Analyze` on every record, in order: the enabled resource policies of its type. */
async function analyzeResources(
  run: DirectRun,
  records: readonly RecordedResource[],
  findings: Findings,
): Promise<void> {
  const resourcePolicies = run.policies.filter((p) => run.levelOf(p) !== "disabled" && run.sdk.isResourcePolicy(p));
  if (resourcePolicies.length === 0) return;
  for (const r of records) {
    const ds: SdkDiagnostic[] = [];
    const resource = resourceArgs(run, r);
    for (const p of resourcePolicies) {
      if (!p.validateResource) continue; // a remediation-only policy: not applicable
      if (!Array.isArray(p.validateResource)) {
        const pulumiType = run.sdk.getPulumiType(p.validateResource);
        if (pulumiType && resource.type !== pulumiType) continue;
      }
      const reportViolation = reportViolationFun(p.name, p.description, reportLevel(run, p), p.severity, ds);
      const validations = (Array.isArray(p.validateResource) ? p.validateResource : [p.validateResource]) as Array<
        (args: unknown, report: unknown) => unknown
      >;
      for (const validation of validations) {
        try {
          await Promise.resolve(validation(resource.args(p), reportViolation));
        } catch (e) {
          policyFailure(run, p, e, "validateResource", ds);
        }
      }
    }
    collectAll(run.pack, "analyze", ds, findings, r.urn);
  }
}

/** The arguments server.js hands a resource policy for one record, its inputs read once for all policies. */
function resourceArgs(
  run: DirectRun,
  r: RecordedResource,
): { type: string; args(p: PolicyShape): Record<string, unknown> } {
  const { sdk } = run;
  const type = wireString(r.type);
  const urn = wireString(r.urn);
  const name = wireString(r.name);
  let shared: Lazy<{ props: Record<string, unknown>; opts: Record<string, unknown> }> | undefined;
  const args = (p: PolicyShape): Record<string, unknown> => {
    shared ??= attempt(() => ({ props: guard(run.deserialized(r.inputs)), opts: run.optionsOf(r) }));
    const { props: target, opts } = take(shared);
    const props = sdk.unknownCheckingProxy(target);
    const out: Record<string, unknown> = {
      type,
      props,
      urn,
      name,
      opts,
      stackTags: run.stackTags,
      isType: (resourceClass: unknown) => isTypeOf(sdk, type, resourceClass),
      asType: (resourceClass: unknown) => (isTypeOf(sdk, type, resourceClass) ? props : undefined),
      getConfig: run.getConfigFun(p.name),
      notApplicable: throwNotApplicable,
    };
    const provider = run.providerOf(r.provider);
    if (provider) out["provider"] = provider;
    return out;
  };
  return { type, args };
}

/** `AnalyzeStack`: the enabled stack policies on every record, the stack built once. */
async function analyzeStack(
  run: DirectRun,
  records: readonly RecordedResource[],
  findings: Findings,
): Promise<Lazy<readonly object[]> | undefined> {
  const stackPolicies = run.policies.filter((p) => run.levelOf(p) !== "disabled" && run.sdk.isStackPolicy(p));
  let stack: Lazy<readonly object[]> | undefined;
  const ds: SdkDiagnostic[] = [];
  for (const p of stackPolicies) {
    const pulumiType = run.sdk.getPulumiType(p.validateStack);
    if (pulumiType && !records.some((r) => wireString(r.type) === pulumiType)) continue;
    const reportViolation = reportViolationFun(p.name, p.description, reportLevel(run, p), p.severity, ds);
    try {
      stack ??= attempt(() => stackResources(run.sdk, records, run));
      const args = {
        resources: [...take(stack)], // a list of its own per policy, as server.js builds one
        getConfig: run.getConfigFun(p.name),
        stackTags: run.stackTags,
        notApplicable: throwNotApplicable,
      };
      await Promise.resolve((p.validateStack as (args: unknown, report: unknown) => unknown)(args, reportViolation));
    } catch (e) {
      policyFailure(run, p, e, "validateStack", ds);
    }
  }
  collectAll(run.pack, "analyzeStack", ds, findings);
  return stack;
}

/**
 * server.js `makeAnalyzeStackRpcFun`'s resources (outputs, options, provider, then parent,
 * dependencies and propertyDependencies as resource objects), built once: frozen, their values
 * read-only, and the array registered as sealed (the pack recognises it without comparing it).
 */
function stackResources(
  sdk: PolicySdk,
  records: readonly RecordedResource[],
  build: {
    deserialized: (props: WireObject) => Record<string, unknown>;
    providerOf: (p: RecordedProvider | undefined) => Record<string, unknown> | undefined;
    optionsOf: (r: RecordedResource) => Record<string, unknown>;
  },
): readonly object[] {
  const { deserialized, providerOf, optionsOf } = build;
  const intermediates = records.map((r) => {
    const type = wireString(r.type);
    const props = sdk.unknownCheckingProxy(guard(deserialized(r.outputs)));
    const resource: Record<string, unknown> = {
      type,
      props,
      urn: wireString(r.urn),
      name: wireString(r.name),
      opts: optionsOf(r),
      dependencies: [],
      propertyDependencies: {},
      isType: (resourceClass: unknown) => isTypeOf(sdk, type, resourceClass),
      asType: (resourceClass: unknown) => (isTypeOf(sdk, type, resourceClass) ? props : undefined),
    };
    const provider = providerOf(r.provider);
    if (provider) resource["provider"] = provider;
    return { resource, r };
  });
  const byUrn = new Map<unknown, Record<string, unknown>>();
  for (const i of intermediates) byUrn.set(i.resource["urn"], i.resource);
  const resolve = (urns: readonly string[]): readonly object[] =>
    Object.freeze(urns.map((u) => byUrn.get(wireString(u))).filter((d): d is Record<string, unknown> => !!d));
  for (const { resource, r } of intermediates) {
    const parent = wireString(r.parent ?? "");
    if (parent) {
      const found = byUrn.get(parent);
      if (found) resource["parent"] = found;
    }
    resource["dependencies"] = resolve(r.dependencies);
    const propertyDependencies: Record<string, readonly object[]> = {};
    const keys = Object.keys(r.propertyDependencies)
      .filter((k) => r.propertyDependencies[k]!.length > 0)
      .map((k) => [wireString(k), k] as const)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    for (const [key, original] of keys) propertyDependencies[key] = resolve(r.propertyDependencies[original]!);
    resource["propertyDependencies"] = Object.freeze(propertyDependencies);
  }
  const resources = Object.freeze(intermediates.map((i) => Object.freeze(i.resource)));
  sealResources(resources);
  return resources;
}
