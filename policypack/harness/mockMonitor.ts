// A recording resource monitor: stands in for the engine's ResourceMonitor under the SDK's mock
// runtime, records every registration as the engine would store it (engine URNs, parents,
// dependencies, property dependencies, provider references, default providers) and answers with
// AWS-like state.
import * as structpb from "google-protobuf/google/protobuf/struct_pb";
import { MockMonitor } from "@pulumi/pulumi/runtime/mocks";
import * as resproto from "@pulumi/pulumi/proto/resource_pb";
import { awsContextOf, type AwsContext } from "./awsContext";
import { awsInvoke, isBuiltinInvoke, UnmockedInvokeError } from "./awsInvokes";
import { awsCreate, checkedInputs, providerId, providerOutputs } from "./awsOutputs";
import { readOutputs, stackReferenceOutputs, STACK_REFERENCE_TYPE } from "./reads";
import type { InvokeAnswer, RecordedOptions, RecordedProvider, RecordedResource } from "./types";
import {
  clone,
  engineSecretOutputs,
  isUnknown,
  plainValue,
  toWire,
  UNKNOWN,
  type WireObject,
  type WireValue,
} from "./wire";

type Callback = (err: Error | null, response?: unknown) => void;

const STACK_TYPE = "pulumi:pulumi:Stack";

/** What a run is about: names, mode and where providers' accounts come from. */
export interface MonitorSettings {
  project: string;
  stack: string;
  preview: boolean;
  /** Stack config (`aws:region`, ...): the inputs of default providers. */
  stackConfig: Record<string, unknown>;
  accounts: Record<string, string>;
  /** The user's answers to provider functions, by token. */
  invokes: Record<string, InvokeAnswer>;
  /** Outputs of referenced stacks, by stack name. */
  stackReferences: Record<string, Record<string, unknown>>;
  /** State of read resources, by `<type>::<id>` or URN. */
  reads: Record<string, Record<string, unknown>>;
}

/** The engine's URN: the parent's full qualified type, except the root Stack's, prefixes the type. */
export function engineUrn(stack: string, project: string, parent: string, type: string, name: string): string {
  let qualified = type;
  if (parent !== "") {
    const parentType = parent.split("::")[2] ?? "";
    if (parentType !== STACK_TYPE) {
      qualified = `${parentType}$${type}`;
    }
  }
  return `urn:pulumi:${stack}::${project}::${qualified}::${name}`;
}

/** The URNs of the aliases a registration names (full URNs, or specs completed as the engine does; inherited child aliases not included). */
function aliasUrns(
  req: resproto.RegisterResourceRequest,
  stack: string,
  project: string,
  parent: string,
  type: string,
  name: string,
): string[] {
  return req
    .getAliasesList()
    .map((alias) => {
      const spec = alias.getSpec();
      if (alias.getUrn() !== "" || spec === undefined) return alias.getUrn();
      const aliasParent = spec.getNoparent() ? "" : spec.getParenturn() !== "" ? spec.getParenturn() : parent;
      return engineUrn(
        spec.getStack() || stack,
        spec.getProject() || project,
        aliasParent,
        spec.getType() || type,
        spec.getName() || name,
      );
    })
    .concat(req.getAliasurnsList());
}

/** The engine's default provider name for a package version (`default_7_48_0`). */
export function defaultProviderName(version: string): string {
  const m = /^(\d+)\.(\d+)\.(\d+)(?:-([^+]*))?(?:\+(.*))?$/.exec(version);
  if (m === null) {
    return "default";
  }
  let name = `default_${m[1]}_${m[2]}_${m[3]}`;
  for (const part of [...(m[4]?.split(".") ?? []), ...(m[5]?.split(".") ?? [])]) {
    name += `_${part}`;
  }
  return name;
}

/** Go `time.ParseDuration` subset used by the engine for custom timeouts, in seconds. */
export function durationSeconds(text: string): number {
  if (text === "") {
    return 0;
  }
  const units: Record<string, number> = { ns: 1e-9, us: 1e-6, µs: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };
  let total = 0;
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/gy;
  let m: RegExpExecArray | null;
  let consumed = 0;
  while ((m = re.exec(text)) !== null) {
    total += Number(m[1]) * (units[m[2] ?? "s"] ?? 1);
    consumed = re.lastIndex;
  }
  if (consumed !== text.length) {
    throw new Error(`invalid custom timeout duration "${text}"`);
  }
  return total;
}

function emptyOptions(): RecordedOptions {
  return {
    protect: false,
    ignoreChanges: [],
    additionalSecretOutputs: [],
    aliases: [],
    customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
    retainOnDelete: false,
  };
}

function structToWire(s: structpb.Struct | undefined): WireObject {
  return s === undefined ? {} : (s.toJavaScript() as WireObject);
}

export class RecordingMonitor extends MockMonitor {
  /** Every resource, in the order the engine would have registered it. */
  readonly records: RecordedResource[] = [];
  /** Errors the engine would have failed the deployment with (and failed invokes). */
  readonly errors: Error[] = [];
  private readonly byUrn = new Map<string, RecordedResource>();
  private readonly defaultProviders = new Map<string, RecordedResource>();

  constructor(private readonly settings: MonitorSettings) {
    super({
      call: (args) => {
        throw new Error(`offline harness: unexpected mock call ${args.token}`);
      },
      newResource: (args) => {
        throw new Error(`offline harness: unexpected mock resource ${args.type}`);
      },
    });
  }

  private fail(err: unknown): Error {
    const e = err instanceof Error ? err : new Error(String(err));
    this.errors.push(e);
    // The SDK rebuilds a failed RPC's error from its gRPC `details`: carry the message there.
    (e as Error & { details?: string }).details = e.message;
    return e;
  }

  private add(rec: RecordedResource): void {
    if (this.byUrn.has(rec.urn)) {
      throw new Error(`Duplicate resource URN '${rec.urn}'; try giving it a unique name`);
    }
    this.byUrn.set(rec.urn, rec);
    this.records.push(rec);
    this.resources.set(rec.urn, { urn: rec.urn, id: rec.id ?? null, state: rec.outputs });
  }

  private providerOf(rec: RecordedResource): RecordedProvider {
    return {
      urn: rec.urn,
      id: rec.id ?? UNKNOWN,
      ref: `${rec.urn}::${rec.id ?? UNKNOWN}`,
      name: rec.name,
      type: rec.type,
      props: rec.inputs,
    };
  }

  /** The default provider for a package version, registered the first time it is needed. */
  private defaultProvider(pkg: string, version: string): RecordedProvider {
    const key = `${pkg}@${version}`;
    let rec = this.defaultProviders.get(key);
    if (rec === undefined) {
      const { project, stack, preview, stackConfig } = this.settings;
      const inputs: WireObject = {};
      for (const [k, v] of Object.entries(stackConfig)) {
        if (k.startsWith(`${pkg}:`) && v !== undefined) {
          inputs[k.slice(pkg.length + 1)] = clone(v as WireValue);
        }
      }
      if (version !== "") {
        inputs["version"] = version;
      }
      const type = `pulumi:providers:${pkg}`;
      const name = version === "" ? "default" : defaultProviderName(version);
      const urn = engineUrn(stack, project, "", type, name);
      rec = {
        type,
        name,
        urn,
        custom: true,
        id: providerId(urn, preview),
        inputs,
        outputs: providerOutputs(inputs),
        dependencies: [],
        propertyDependencies: {},
        options: emptyOptions(),
        defaultProvider: true,
      };
      this.add(rec);
      this.defaultProviders.set(key, rec);
    }
    return this.providerOf(rec);
  }

  /** Resolves the provider reference the SDK sent ("" = the package's default provider). */
  private resolveProvider(ref: string, pkg: string, version: string): RecordedProvider {
    if (ref === "") {
      return this.defaultProvider(pkg, version);
    }
    const sep = ref.lastIndexOf("::");
    const urn = sep < 0 ? ref : ref.slice(0, sep);
    const rec = this.byUrn.get(urn);
    if (rec === undefined || !rec.type.startsWith("pulumi:providers:")) {
      throw new Error(`unknown provider '${ref}'`);
    }
    return this.providerOf(rec);
  }

  private checkParent(parent: string): void {
    if (parent !== "" && !this.byUrn.has(parent)) {
      throw new Error(`could not find parent resource ${parent}`);
    }
  }

  override async registerResource(req: resproto.RegisterResourceRequest, callback: Callback): Promise<void> {
    try {
      const rec = this.register(req);
      const resp = new resproto.RegisterResourceResponse();
      resp.setUrn(rec.urn);
      resp.setId(rec.id === undefined || isUnknown(rec.id) ? "" : rec.id);
      resp.setObject(structpb.Struct.fromJavaScript(rec.custom ? rec.outputs : {}));
      callback(null, resp);
    } catch (err) {
      callback(this.fail(err));
    }
  }

  private register(req: resproto.RegisterResourceRequest): RecordedResource {
    const { project, stack, preview } = this.settings;
    const type = req.getType();
    const name = req.getName();
    if (req.getRemote()) {
      throw new Error(`offline harness: remote (multi-language) component ${type} cannot run offline`);
    }
    if (req.getTransformsList().length > 0) {
      throw new Error(`offline harness: resource transforms (${type} ${name}) are not reproduced offline`);
    }
    if (req.getImportid() !== "") {
      throw new Error(`offline harness: import of ${type} ${name} is not reproduced offline`);
    }
    const parent = req.getParent();
    this.checkParent(parent);
    const urn = engineUrn(stack, project, type === STACK_TYPE ? "" : parent, type, name);
    const sent = structToWire(req.getObject());
    const propertyDependencies: Record<string, string[]> = {};
    req.getPropertydependenciesMap().forEach((deps, key) => {
      propertyDependencies[key] = deps.getUrnsList();
    });
    for (const key of Object.keys(sent)) {
      propertyDependencies[key] ??= [];
    }
    const timeouts = req.getCustomtimeouts();
    const options: RecordedOptions = {
      protect: req.getProtect() === true,
      ignoreChanges: req.getIgnorechangesList(),
      additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
      aliases: aliasUrns(req, stack, project, parent, type, name), // none in use on a fresh stack: recorded so tests can check moves
      customTimeouts: {
        createSeconds: durationSeconds(timeouts?.getCreate() ?? ""),
        updateSeconds: durationSeconds(timeouts?.getUpdate() ?? ""),
        deleteSeconds: durationSeconds(timeouts?.getDelete() ?? ""),
      },
      retainOnDelete: req.getRetainondelete() === true,
    };
    if (req.getDeletebeforereplacedefined()) {
      options.deleteBeforeReplace = req.getDeletebeforereplace();
    }
    const rec: RecordedResource = {
      type,
      name,
      urn,
      custom: req.getCustom(),
      inputs: sent,
      outputs: {},
      dependencies: req.getDependenciesList(),
      propertyDependencies,
      options,
    };
    if (parent !== "" && type !== STACK_TYPE) {
      rec.parent = parent;
    }
    if (type.startsWith("pulumi:providers:")) {
      if (req.getVersion() !== "") {
        rec.inputs = { ...sent, version: req.getVersion() };
      }
      rec.id = providerId(urn, preview);
      rec.outputs = providerOutputs(rec.inputs);
    } else if (rec.custom) {
      const pkg = type.split(":")[0] ?? "";
      const provider = this.resolveProvider(req.getProvider(), pkg, req.getVersion());
      rec.provider = provider;
      rec.inputs = checkedInputs(type, urn, name, sent);
      const created = this.create(type, urn, rec.inputs, provider, preview);
      rec.id = created.id;
      rec.outputs = engineSecretOutputs(rec.inputs, created.outputs, options.additionalSecretOutputs);
    }
    this.add(rec);
    return rec;
  }

  private create(type: string, urn: string, inputs: WireObject, provider: RecordedProvider, preview: boolean) {
    if (!type.startsWith("aws:")) {
      const id = preview ? UNKNOWN : `${urn.split("::").pop() ?? "id"}-id`;
      return { id, outputs: { ...clone(inputs), id } };
    }
    return awsCreate(type, urn, inputs, awsContextOf(provider, this.settings.accounts), preview);
  }

  override registerResourceOutputs(req: resproto.RegisterResourceOutputsRequest, callback: Callback): void {
    try {
      const rec = this.byUrn.get(req.getUrn());
      if (rec === undefined) {
        throw new Error(`unknown resource ${req.getUrn()}`);
      }
      if (!rec.custom) {
        rec.outputs = structToWire(req.getOutputs());
        this.resources.set(rec.urn, { urn: rec.urn, id: null, state: rec.outputs });
      }
      callback(null, {});
    } catch (err) {
      callback(this.fail(err));
    }
  }

  override async readResource(req: resproto.ReadResourceRequest, callback: Callback): Promise<void> {
    try {
      const rec = this.read(req);
      const resp = new resproto.ReadResourceResponse();
      resp.setUrn(rec.urn);
      resp.setProperties(structpb.Struct.fromJavaScript(rec.outputs));
      callback(null, resp);
    } catch (err) {
      callback(this.fail(err));
    }
  }

  /** A read (`Resource.get`, `StackReference`): recorded `external`, state from the user or unknown. */
  private read(req: resproto.ReadResourceRequest): RecordedResource {
    const { project, stack } = this.settings;
    const type = req.getType();
    const name = req.getName();
    const id = req.getId();
    const parent = req.getParent();
    this.checkParent(parent);
    const urn = engineUrn(stack, project, parent, type, name);
    const inputs = structToWire(req.getProperties());
    const rec: RecordedResource = {
      type,
      name,
      urn,
      custom: true,
      id,
      inputs,
      outputs: {},
      dependencies: req.getDependenciesList(),
      propertyDependencies: {},
      options: emptyOptions(),
      external: true,
    };
    if (parent !== "") {
      rec.parent = parent;
    }
    if (type === STACK_REFERENCE_TYPE) {
      // The engine's builtin provider answers it; no provider resource is involved.
      rec.outputs = stackReferenceOutputs(id, this.settings.stackReferences);
    } else {
      const pkg = type.split(":")[0] ?? "";
      const provider = this.resolveProvider(req.getProvider(), pkg, req.getVersion());
      rec.provider = provider;
      const given = this.settings.reads[urn] ?? this.settings.reads[`${type}::${id}`];
      const ctx = pkg === "aws" ? awsContextOf(provider, this.settings.accounts) : undefined;
      rec.outputs = readOutputs(type, id, inputs, given, ctx);
    }
    this.add(rec);
    return rec;
  }

  override async invoke(req: resproto.ResourceInvokeRequest, callback: Callback): Promise<void> {
    const token = req.getTok();
    if (token === "pulumi:pulumi:getResource") {
      return super.invoke(req, callback);
    }
    try {
      const pkg = token.split(":")[0] ?? "";
      const provider = this.resolveProvider(req.getProvider(), pkg, req.getVersion());
      const ctx = awsContextOf(provider, this.settings.accounts);
      const args = structToWire(req.getArgs());
      const answer = this.settings.invokes[token];
      let result: WireObject;
      if (answer !== undefined) {
        result = await this.userAnswer(token, answer, args, provider, ctx);
      } else if (pkg === "aws" && isBuiltinInvoke(token)) {
        result = awsInvoke(token, args, ctx);
      } else {
        throw new UnmockedInvokeError(token);
      }
      const resp = new resproto.ResourceInvokeResponse();
      resp.setReturn(structpb.Struct.fromJavaScript(result));
      callback(null, resp);
    } catch (err) {
      callback(this.fail(err));
    }
  }

  private async userAnswer(
    token: string,
    answer: InvokeAnswer,
    args: WireObject,
    provider: RecordedProvider,
    ctx: AwsContext,
  ): Promise<WireObject> {
    const out: unknown = await answer(plainValue(args) as Record<string, unknown>, {
      name: provider.name,
      urn: provider.urn,
      account: ctx.account,
      region: ctx.region,
      partition: ctx.partition,
      props: plainValue(provider.props) as Record<string, unknown>,
    });
    if (typeof out !== "object" || out === null || Array.isArray(out)) {
      throw new Error(
        `offline harness: the answer to '${token}' (options.invokes) must return an object, got ${JSON.stringify(out)}`,
      );
    }
    return toWire(out, `options.invokes["${token}"] result`) as WireObject;
  }

  override registerStackTransform(_req: unknown, callback: Callback): void {
    callback(this.fail(new Error("offline harness: stack transforms are not reproduced offline")));
  }

  override registerStackInvokeTransform(_req: unknown, callback: Callback): void {
    callback(this.fail(new Error("offline harness: invoke transforms are not reproduced offline")));
  }
}
