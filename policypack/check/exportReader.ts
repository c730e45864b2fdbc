// Reads a `pulumi stack export` file (deployment version 3) into the records the offline harness
// hands to the analyzer: the same shape (`RecordedResource`) a harness run produces, so the
// checker drives the pack through the harness's own analyzer driver.
import type { RecordedOptions, RecordedProvider, RecordedResource } from "../harness/types";
import { isObject, SECRET_SIG, SIG_KEY, type WireObject, type WireValue } from "../harness/wire";

/** Unusable input: the CLI prints the message and exits 2. */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InputError";
  }
}

/** What the checker knows of the stack besides its resources. */
export interface ExportedStack {
  project: string;
  stack: string;
  /** Every live resource of the deployment, in state order (pending deletes skipped). */
  resources: RecordedResource[];
}

const PROVIDER_TYPE_PREFIX = "pulumi:providers:";

const URN_PREFIX = "urn:pulumi:";

/** `urn:pulumi:<stack>::<project>::<qualified type>::<name>` */
export function parseUrn(
  urn: string,
): { stack: string; project: string; qualifiedType: string; name: string } | undefined {
  // The first three `::` separate stack, project and type (as `split("::")` finds them); the name is the rest.
  const stackEnd = urn.indexOf("::");
  if (stackEnd < URN_PREFIX.length || !urn.startsWith(URN_PREFIX)) return undefined;
  const projectEnd = urn.indexOf("::", stackEnd + 2);
  if (projectEnd < 0) return undefined;
  const typeEnd = urn.indexOf("::", projectEnd + 2);
  if (typeEnd < 0) return undefined;
  return {
    stack: urn.slice(URN_PREFIX.length, stackEnd),
    project: urn.slice(stackEnd + 2, projectEnd),
    qualifiedType: urn.slice(projectEnd + 2, typeEnd),
    name: urn.slice(typeEnd + 2),
  };
}

/** Splits a provider reference `<urn>::<id>` (the URN itself contains `::`). */
export function splitProviderRef(ref: string): { urn: string; id: string } | undefined {
  const i = ref.lastIndexOf("::");
  if (i <= 0) {
    return undefined;
  }
  return { urn: ref.slice(0, i), id: ref.slice(i + 2) };
}

/**
 * Deepest nesting of a property value read. AWS resources nest a few levels (a replication rule's
 * destination's encryption configuration is 5); anything deeper is refused by name, before any
 * recursive code (the decoder here, protobuf serialisation, the policies) could overflow the stack.
 */
export const MAX_DEPTH = 64;

/**
 * The path (`where` then `.key` / `[i]` steps) of the first value nested deeper than `limit` levels
 * in a parsed JSON value, else undefined. Iterative: a value nested millions deep cannot overflow
 * the call stack here, whatever would have read it next.
 */
export function nestedTooDeep(value: unknown, where: string, limit = MAX_DEPTH): string | undefined {
  const stack: Array<{ v: unknown; at: string; depth: number }> = [{ v: value, at: where, depth: 0 }];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    if (typeof item.v !== "object" || item.v === null) continue;
    if (item.depth > limit) return item.at.length > 160 ? `${item.at.slice(0, 150)}...` : item.at;
    const entries = Array.isArray(item.v)
      ? item.v.map((x, i): [string, unknown] => [`[${i}]`, x])
      : Object.entries(item.v).map(([k, x]): [string, unknown] => [`.${k}`, x]);
    for (const [step, x] of entries) stack.push({ v: x, at: item.at + step, depth: item.depth + 1 });
  }
  return undefined;
}

/**
 * Properties of AWS resources (at any depth) that name a bucket, role, key, region, ARN, account
 * or resource and are strings in every AWS provider schema: a number or boolean there would
 * silently hide the resource from every join, so it is refused by name.
 */
const STRING_PROPERTIES = new Set([
  "arn",
  "bucket",
  "role",
  "region",
  "name",
  "keyId",
  "kmsMasterKeyId",
  "replicaKmsKeyId",
  "targetKeyId",
  "account",
  "accountId",
  "policyArn",
  "roleArn",
  "expectedBucketOwner",
  "sourceBucket",
  "destinationBucket",
]);

/**
 * Where a value of the export sits: a root text and the keys and indexes walked from it, made into
 * text only when a message names it (the readers below walk every value; almost none is refused).
 */
class ValuePath {
  private readonly steps: Array<string | number> = [];

  constructor(private readonly root: string) {}

  /** One step in (`.key` or `[index]`); `leave` undoes it. */
  enter(step: string | number): void {
    this.steps.push(step);
  }

  leave(): void {
    this.steps.pop();
  }

  /** The path as messages write it: the root, then `.key` and `[index]` steps. */
  text(): string {
    let out = this.root;
    for (const step of this.steps) out += typeof step === "number" ? `[${step}]` : `.${step}`;
    return out;
  }
}

function checkStringProperties(v: WireValue, where: string): void {
  checkStringsAt(v, new ValuePath(where));
}

function checkStringsAt(v: WireValue, path: ValuePath): void {
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      path.enter(i);
      checkStringsAt(v[i] as WireValue, path);
      path.leave();
    }
    return;
  }
  if (!isObject(v) || v[SIG_KEY] !== undefined) {
    return;
  }
  for (const k of Object.keys(v)) {
    const x = v[k] as WireValue;
    const inner = isObject(x) && x[SIG_KEY] === SECRET_SIG ? x["value"] : x;
    path.enter(k);
    if (STRING_PROPERTIES.has(k) && (typeof inner === "number" || typeof inner === "boolean")) {
      throw new InputError(
        `${path.text()} is the ${typeof inner} ${JSON.stringify(inner)} where AWS has a string (a name, id, region or ARN); fix the export`,
      );
    }
    checkStringsAt(x, path);
    path.leave();
  }
}

/**
 * Secrets: `--show-secrets` writes `{sig, plaintext: "<JSON>"}`, which is decoded into the wire
 * form `{sig, value}`; without it the export holds `{sig, ciphertext}`, which cannot be read.
 */
function decode(v: unknown, where: string): WireValue {
  return decodeAt(v, new ValuePath(where), 0);
}

function decodeAt(v: unknown, path: ValuePath, depth: number): WireValue {
  if (depth > MAX_DEPTH) {
    const where = path.text();
    const at = where.length > 160 ? `${where.slice(0, 150)}...` : where;
    throw new InputError(`${at} nests deeper than ${MAX_DEPTH} levels; no AWS resource property does`);
  }
  if (v === null || typeof v === "string" || typeof v === "boolean" || typeof v === "number") {
    return v;
  }
  if (Array.isArray(v)) {
    const out: WireValue[] = [];
    for (let i = 0; i < v.length; i++) {
      path.enter(i);
      out.push(decodeAt(v[i], path, depth + 1));
      path.leave();
    }
    return out;
  }
  if (typeof v === "object") {
    const o = v as Record<string, unknown>;
    if (o[SIG_KEY] === SECRET_SIG) return decodeSecret(o, path, depth);
    const out: WireObject = {};
    for (const k of Object.keys(o)) {
      path.enter(k);
      out[k] = decodeAt(o[k], path, depth + 1);
      path.leave();
    }
    return out;
  }
  throw new InputError(`${path.text()} holds a value JSON cannot carry`);
}

/** A secret envelope in the wire form `{sig, value}`, its value decoded. */
function decodeSecret(o: Record<string, unknown>, path: ValuePath, depth: number): WireValue {
  const plaintext = o["plaintext"];
  if (typeof plaintext === "string") {
    let parsed: unknown;
    try {
      parsed = JSON.parse(plaintext);
    } catch {
      // JSON.parse's message quotes the text: a secret is never echoed, only its length.
      throw new InputError(
        `${path.text()} is a secret whose plaintext is not JSON (${plaintext.length} characters, not shown); export with \`pulumi stack export --show-secrets\``,
      );
    }
    return { [SIG_KEY]: SECRET_SIG, value: decodeAt(parsed, path, depth + 1) };
  }
  if ("ciphertext" in o) {
    throw new InputError(
      `${path.text()} is an encrypted secret (ciphertext) that cannot be read offline; export with \`pulumi stack export --show-secrets --file FILE\``,
    );
  }
  if ("value" in o) {
    return { [SIG_KEY]: SECRET_SIG, value: decodeAt(o["value"], path, depth + 1) };
  }
  throw new InputError(`${path.text()} is a secret with neither plaintext nor ciphertext`);
}

function stringList(v: unknown, where: string): string[] {
  if (v === undefined || v === null) {
    return [];
  }
  if (!Array.isArray(v) || v.some((x) => typeof x !== "string")) {
    throw new InputError(`${where} must be a list of strings`);
  }
  return [...(v as string[])];
}

function propertyMap(v: unknown, where: string): WireObject {
  if (v === undefined || v === null) {
    return {};
  }
  if (!isObject(v as WireValue)) {
    throw new InputError(`${where} must be an object`);
  }
  return decode(v, where) as WireObject;
}

function options(r: Record<string, unknown>, where: string): RecordedOptions {
  return {
    protect: r["protect"] === true,
    ignoreChanges: stringList(r["ignoreChanges"], `${where}.ignoreChanges`),
    additionalSecretOutputs: stringList(r["additionalSecretOutputs"], `${where}.additionalSecretOutputs`),
    aliases: [],
    customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
    retainOnDelete: r["retainOnDelete"] === true,
  };
}

/** The export's `deployment.resources` list, after checking the envelope `pulumi stack export` writes. */
function deploymentResources(doc: unknown, file: string): unknown[] {
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) {
    throw new InputError(`${file} is not a deployment: expected the object \`pulumi stack export\` writes`);
  }
  const top = doc as Record<string, unknown>;
  const deployment = top["deployment"];
  if (typeof deployment !== "object" || deployment === null || Array.isArray(deployment) || !("version" in top)) {
    throw new InputError(
      `${file} is not a deployment: expected {"version": 3, "deployment": {"resources": [...]}} as \`pulumi stack export\` writes`,
    );
  }
  if (top["version"] !== 3) {
    throw new InputError(
      `${file}: unsupported deployment version ${JSON.stringify(top["version"])}; only version 3 (Pulumi CLI 3.x \`pulumi stack export\`) is supported`,
    );
  }
  const rawResources = (deployment as Record<string, unknown>)["resources"];
  if (rawResources === undefined || rawResources === null) {
    // An empty list is an empty stack (nothing to judge, exit 0); no list at all is not a stack's state.
    throw new InputError(
      `${file} has no deployment.resources list, so there is nothing to judge; export a deployed stack (\`pulumi stack export --show-secrets --file FILE\`), or write "resources": [] for an empty one`,
    );
  }
  if (!Array.isArray(rawResources)) {
    throw new InputError(`${file} is not a deployment: deployment.resources must be a list`);
  }
  return rawResources;
}

/** The live resources (pending deletes skipped), each an object with a valid URN and a type. */
function liveResources(rawResources: unknown[], file: string): Array<Record<string, unknown>> {
  const raw: Array<Record<string, unknown>> = [];
  for (const [i, r] of rawResources.entries()) {
    if (typeof r !== "object" || r === null || Array.isArray(r)) {
      throw new InputError(`${file}: deployment.resources[${i}] is not an object`);
    }
    const rec = r as Record<string, unknown>;
    if (typeof rec["urn"] !== "string" || parseUrn(rec["urn"]) === undefined) {
      throw new InputError(`${file}: deployment.resources[${i}] has no valid urn`);
    }
    if (typeof rec["type"] !== "string" || rec["type"] === "") {
      throw new InputError(`${file}: resource ${rec["urn"]} has no type`);
    }
    if (rec["delete"] === true) {
      continue; // pending deletion: not part of the stack's state (it may share its URN with the live resource)
    }
    raw.push(rec);
  }
  return raw;
}

/** The live resources by URN; a URN twice is refused (the verdict would depend on which is read). */
function indexByUrn(raw: Array<Record<string, unknown>>, file: string): Map<string, Record<string, unknown>> {
  const byUrn = new Map<string, Record<string, unknown>>();
  for (const r of raw) {
    const urn = r["urn"] as string;
    if (byUrn.has(urn)) {
      throw new InputError(
        `${file}: resource ${urn} appears twice among the live resources; a deployment holds each URN once (the verdict would depend on which one is read)`,
      );
    }
    byUrn.set(urn, r);
  }
  return byUrn;
}

/** Reads a resource's provider: undefined for providers and the engine's builtins, one record per reference. */
type ProviderReader = (r: Record<string, unknown>, urn: string) => RecordedProvider | undefined;

/** The provider reader of one export: each reference resolved against the export's own providers, once. */
function providerReader(file: string, byUrn: Map<string, Record<string, unknown>>): ProviderReader {
  const providers = new Map<string, RecordedProvider>();
  return (r, urn) => {
    const ref = r["provider"];
    const type = r["type"] as string;
    if (ref === undefined || ref === null || ref === "") {
      // Providers, and the engine's builtin StackReference (served by the engine itself, no provider resource).
      if (r["custom"] === true && !type.startsWith(PROVIDER_TYPE_PREFIX) && type !== "pulumi:pulumi:StackReference") {
        throw new InputError(
          `${file}: resource ${urn} has no provider; every custom resource of a deployment names one (\`provider\`: "<urn>::<id>")`,
        );
      }
      return undefined;
    }
    if (typeof ref !== "string") {
      throw new InputError(`${file}: resource ${urn} has a provider reference that is not a string`);
    }
    const cached = providers.get(ref);
    if (cached !== undefined) {
      return cached;
    }
    const provider = recordProvider(file, urn, ref, byUrn);
    providers.set(ref, provider);
    return provider;
  };
}

/** The provider record a reference `<urn>::<id>` names, which must be a provider of the export. */
function recordProvider(
  file: string,
  urn: string,
  ref: string,
  byUrn: Map<string, Record<string, unknown>>,
): RecordedProvider {
  const split = splitProviderRef(ref);
  const p = split === undefined ? undefined : byUrn.get(split.urn);
  if (split === undefined || p === undefined) {
    throw new InputError(`${file}: resource ${urn} has no provider: its provider ${ref} is not in the deployment`);
  }
  if (typeof p["type"] !== "string" || !p["type"].startsWith(PROVIDER_TYPE_PREFIX)) {
    throw new InputError(
      `${file}: resource ${urn} property provider names ${split.urn}, a ${String(p["type"])}, not a provider (pulumi:providers:*)`,
    );
  }
  return {
    urn: split.urn,
    id: split.id,
    ref,
    name: parseUrn(split.urn)?.name ?? "",
    type: p["type"],
    props: propertyMap(p["inputs"], `resource ${split.urn} property inputs`),
  };
}

/** Sets `id` and `parent` on the record when the export holds them (strings, as the export writes). */
function readIdAndParent(r: Record<string, unknown>, rec: RecordedResource, file: string): void {
  for (const key of ["id", "parent"]) {
    if (r[key] !== undefined && r[key] !== null && typeof r[key] !== "string") {
      throw new InputError(
        `${file}: resource ${rec.urn} property ${key} is the ${typeof r[key]} ${JSON.stringify(r[key])}; \`pulumi stack export\` writes a string`,
      );
    }
  }
  if (typeof r["id"] === "string" && r["id"] !== "") rec.id = r["id"];
  if (typeof r["parent"] === "string" && r["parent"] !== "") rec.parent = r["parent"];
}

/** Fills the record's property dependencies: an object of URN lists. */
function readPropertyDependencies(r: Record<string, unknown>, rec: RecordedResource, file: string): void {
  const pd = r["propertyDependencies"];
  if (pd === undefined || pd === null) return;
  if (typeof pd !== "object" || Array.isArray(pd)) {
    throw new InputError(`${file}: resource ${rec.urn} propertyDependencies must be an object`);
  }
  for (const [k, v] of Object.entries(pd as Record<string, unknown>)) {
    rec.propertyDependencies[k] = stringList(v, `resource ${rec.urn} propertyDependencies.${k}`);
  }
}

/** One live resource of the export as the harness records it. */
function recordResource(r: Record<string, unknown>, file: string, providerOf: ProviderReader): RecordedResource {
  const urn = r["urn"] as string;
  const rec: RecordedResource = {
    type: r["type"] as string,
    name: parseUrn(urn)?.name ?? "",
    urn,
    custom: r["custom"] === true,
    inputs: propertyMap(r["inputs"], `resource ${urn} property inputs`),
    outputs: propertyMap(r["outputs"], `resource ${urn} property outputs`),
    dependencies: stringList(r["dependencies"], `resource ${urn} dependencies`),
    propertyDependencies: {},
    options: options(r, `resource ${urn}`),
  };
  readIdAndParent(r, rec, file);
  if (rec.type.startsWith("aws:") || rec.type.startsWith(`${PROVIDER_TYPE_PREFIX}aws`)) {
    checkStringProperties(rec.inputs, `${file}: resource ${urn} property inputs`);
    checkStringProperties(rec.outputs, `${file}: resource ${urn} property outputs`);
  }
  if (r["external"] === true) rec.external = true;
  readPropertyDependencies(r, rec, file);
  const provider = providerOf(r, urn);
  if (provider !== undefined) rec.provider = provider;
  return rec;
}

/** Parses the text of an export file. Throws InputError on anything unusable. */
export function readStackExport(text: string, file = "input"): ExportedStack {
  return readExportDocument(parseExportText(text, file), file);
}

/** The JSON document of an export file's text. Throws InputError when the text is not JSON. */
export function parseExportText(text: string, file = "input"): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new InputError(`${file} is not JSON (${err instanceof Error ? err.message : String(err)})`);
  }
}

/**
 * Reads the parsed document of an export file (`parseExportText`), never changing it: the
 * checker reads the secrets from the same document afterwards. Throws InputError on anything
 * unusable.
 */
export function readExportDocument(doc: unknown, file = "input"): ExportedStack {
  const raw = liveResources(deploymentResources(doc, file), file);
  const providerOf = providerReader(file, indexByUrn(raw, file));
  const resources = raw.map((r) => recordResource(r, file, providerOf));
  // The project and stack of the first resource whose URN names them (every URN of an export does).
  let first: ReturnType<typeof parseUrn>;
  for (let i = 0; i < raw.length && first === undefined; i++) first = parseUrn(raw[i]!["urn"] as string);
  return { project: first?.project ?? "", stack: first?.stack ?? "", resources };
}
