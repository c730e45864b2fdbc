// Drives the policies through @pulumi/policy's own analyzer server (server.js), exactly the code
// `pulumi preview --policy-pack` talks to over gRPC, without a network or a second process.
//
// How the handlers are captured: server.js keeps module-level state (the pack being served, the
// policy config set by Configure, the stack tags) and its `serve()` exits the process when called
// twice. So each run loads a FRESH instance of server.js (require cache entry removed, then
// restored), and calls its `serve(name, version, level, {policies})` (what `new PolicyPack` calls,
// minus reading package.json from the working directory) while grpc's `Server.prototype.addService`
// and `bindAsync` are stubbed: addService hands us the handler table, bindAsync never binds, so no
// port is opened or printed. `process.exit` (which serve calls on an invalid pack) is turned into an
// exception for the duration. The handlers are then called with protobuf requests built like the
// engine's, each round-tripped through its binary encoding as gRPC would.
import * as path from "path";
import type { EnforcementLevel, Policies, Severity } from "@pulumi/policy";
import * as structpb from "google-protobuf/google/protobuf/struct_pb";
import * as analyzerpb from "@pulumi/pulumi/proto/analyzer_pb";
import { parsePolicyPackConfig, reconcilePolicyPackConfig, type PolicyConfig, type PolicyInfo } from "./config";
import type { RecordedOptions, RecordedProvider, RecordedResource, Violation } from "./types";
import { propsForAnalyzer, type WireObject } from "./wire";
import { forgetSecretValues } from "../secretValues";

type Handler = (
  call: { request: unknown },
  callback: (err: Error | null | undefined, resp?: unknown) => void,
) => unknown;

interface ServerModule {
  serve(
    name: string,
    version: string,
    level: EnforcementLevel,
    args: { policies: Policies },
    initialConfig?: unknown,
  ): void;
}

interface GrpcServerPrototype {
  addService(service: unknown, impl: Record<string, Handler>): void;
  bindAsync(...args: unknown[]): void;
}

/** The analyzer service of one freshly loaded policy pack. */
export interface Analyzer {
  readonly name: string;
  readonly version: string;
  /** The service definition server.js registered (its methods' requestDeserialize is what gRPC decodes requests with). */
  readonly service: unknown;
  call<T>(method: string, request: unknown): Promise<T>;
}

function loadFreshServer(): { server: ServerModule; grpcProto: GrpcServerPrototype } {
  const serverPath = require.resolve("@pulumi/policy/server");
  const previous = require.cache[serverPath];
  delete require.cache[serverPath];
  let server: ServerModule;
  try {
    server = require(serverPath) as ServerModule;
  } finally {
    if (previous !== undefined) {
      require.cache[serverPath] = previous;
    } else {
      delete require.cache[serverPath];
    }
  }
  const grpcPath = require.resolve("@grpc/grpc-js", { paths: [path.dirname(serverPath)] });
  const grpc = require(grpcPath) as { Server: { prototype: GrpcServerPrototype } };
  return { server, grpcProto: grpc.Server.prototype };
}

/** Loads the policies into a fresh analyzer server and captures its gRPC handlers. */
export function loadAnalyzer(name: string, version: string, level: EnforcementLevel, policies: Policies): Analyzer {
  // The engine starts a pack process per operation: the secret values a previous run sent are forgotten.
  forgetSecretValues();
  const { server, grpcProto } = loadFreshServer();
  let handlers: Record<string, Handler> | undefined;
  let service: unknown;
  const saved = {
    addService: grpcProto.addService,
    bindAsync: grpcProto.bindAsync,
    exit: process.exit,
    error: console.error,
  };
  let lastError = "";
  grpcProto.addService = (registered, impl) => {
    service = registered;
    handlers = impl;
  };
  grpcProto.bindAsync = () => undefined;
  console.error = (...args: unknown[]) => {
    lastError = args.map(String).join(" ");
  };
  process.exit = ((code?: number) => {
    throw new Error(`policy pack rejected (the analyzer would exit with code ${code ?? 0}): ${lastError}`);
  }) as typeof process.exit;
  try {
    server.serve(name, version, level, { policies });
  } finally {
    grpcProto.addService = saved.addService;
    grpcProto.bindAsync = saved.bindAsync;
    process.exit = saved.exit;
    console.error = saved.error;
  }
  const table = handlers;
  if (table === undefined) {
    throw new Error("offline harness: @pulumi/policy serve() registered no analyzer service");
  }
  const methods = service as Record<string, ResponseCodec | undefined>;
  return {
    name,
    version,
    service,
    call<T>(method: string, request: unknown): Promise<T> {
      const handler = table[method];
      const codec = methods[method];
      if (handler === undefined) {
        return Promise.reject(new Error(`offline harness: analyzer has no ${method} handler`));
      }
      if (codec === undefined) {
        return Promise.reject(new Error(`offline harness: the analyzer's service definition has no ${method} method`));
      }
      return new Promise<T>((resolve, reject) => {
        const answer = (err: unknown, resp: unknown): void => {
          if (err) return reject(err);
          try {
            resolve(wireAnswer(method, () => wireResponse(codec, resp)) as T);
          } catch (error) {
            reject(error);
          }
        };
        Promise.resolve(handler({ request }, answer)).catch(reject);
      });
    },
  };
}

/** How gRPC writes and reads a method's response (the service definition's own functions). */
interface ResponseCodec {
  responseSerialize(value: unknown): Uint8Array;
  responseDeserialize(bytes: Uint8Array): unknown;
}

/**
 * A response as the engine receives it: written by the method's `responseSerialize` in the pack's
 * process, as grpc-js does before sending (a response the wire cannot carry throws here too), then
 * read back with its `responseDeserialize`.
 */
function wireResponse(codec: ResponseCodec, response: unknown): unknown {
  return codec.responseDeserialize(codec.responseSerialize(response));
}

/**
 * `write()`: an answer written and read back as gRPC does. A failure is grpc-js's for such a call
 * ("Failed to serialize response": the engine gets an error, no answer), said with the call's name.
 */
export function wireAnswer<T>(method: string, write: () => T): T {
  try {
    return write();
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new Error(`offline harness: the pack's answer to ${method} cannot be written as gRPC writes it: ${why}`);
  }
}

/** gRPC serializes every message; do the same so nothing passes that the wire would not carry. */
export function roundTrip<T extends { serializeBinary(): Uint8Array }>(
  msg: T,
  cls: { deserializeBinary(b: Uint8Array): T },
): T {
  return cls.deserializeBinary(msg.serializeBinary());
}

const LEVELS: Record<number, EnforcementLevel> = {
  [analyzerpb.EnforcementLevel.ADVISORY]: "advisory",
  [analyzerpb.EnforcementLevel.MANDATORY]: "mandatory",
  [analyzerpb.EnforcementLevel.REMEDIATE]: "remediate",
  [analyzerpb.EnforcementLevel.DISABLED]: "disabled",
};
const LEVEL_CODES: Record<EnforcementLevel, analyzerpb.EnforcementLevel> = {
  advisory: analyzerpb.EnforcementLevel.ADVISORY,
  mandatory: analyzerpb.EnforcementLevel.MANDATORY,
  remediate: analyzerpb.EnforcementLevel.REMEDIATE,
  disabled: analyzerpb.EnforcementLevel.DISABLED,
};
const SEVERITIES: Record<number, Severity> = {
  [analyzerpb.PolicySeverity.POLICY_SEVERITY_LOW]: "low",
  [analyzerpb.PolicySeverity.POLICY_SEVERITY_MEDIUM]: "medium",
  [analyzerpb.PolicySeverity.POLICY_SEVERITY_HIGH]: "high",
  [analyzerpb.PolicySeverity.POLICY_SEVERITY_CRITICAL]: "critical",
};

function level(code: number): EnforcementLevel {
  const l = LEVELS[code];
  if (l === undefined) {
    throw new Error(`invalid enforcement level ${code}`);
  }
  return l;
}

/** What the engine tells a pack of the stack it runs on (ConfigureStack). */
export interface StackSettings {
  project: string;
  stack: string;
  organization: string;
  preview: boolean;
  stackConfig: Record<string, unknown>;
  stackTags: Record<string, string>;
}

/**
 * The settings of a stack read from `pulumi stack export`: its project and stack names, the
 * harness's default organization, no stack config or tags (an export keeps neither).
 */
export function exportSettings(names: { project: string; stack: string }, preview: boolean): StackSettings {
  return {
    project: names.project,
    stack: names.stack,
    organization: "organization",
    preview,
    stackConfig: {},
    stackTags: {},
  };
}

/**
 * Whether a configured analyzer has a policy at level `remediate`. Without one, `Remediate` answers
 * nothing for any resource, so the driver does not call it (it would deserialize every resource's
 * inputs a second time for nothing). Analyzers never configured are asked.
 */
const remediating = new WeakMap<Analyzer, boolean>();

/**
 * The analyzer's state after Configure, as server.js holds it: `policyPackConfig` (per policy, its
 * properties with `enforcementLevel` added, read back from the round-tripped Configure request
 * exactly as server.js `configure` reads it) and the stack tags of ConfigureStack.
 */
export interface ConfiguredAnalyzer {
  /** server.js `policyPackConfig`: `{}` when Configure was not called. */
  policyConfig: Record<string, Record<string, unknown>>;
  stackTags: Record<string, string>;
  /** Whether some policy is configured `remediate`. */
  remediating: boolean;
}

/**
 * What the engine does when it loads a pack: ConfigureStack, GetAnalyzerInfo, reconcile and
 * validate the config, Configure. Throws on invalid config, before any program runs. Returns the
 * configuration the analyzer now holds (what a direct run of the policies needs).
 */
export async function configureAnalyzer(
  a: Analyzer,
  stack: StackSettings,
  config: Record<string, unknown>,
): Promise<ConfiguredAnalyzer> {
  const sc = new analyzerpb.AnalyzerStackConfigureRequest();
  sc.setStack(stack.stack);
  sc.setProject(stack.project);
  sc.setOrganization(stack.organization);
  sc.setDryRun(stack.preview);
  for (const [k, v] of Object.entries(stack.stackConfig)) {
    sc.getConfigMap().set(k, typeof v === "string" ? v : JSON.stringify(v));
  }
  for (const [k, v] of Object.entries(stack.stackTags)) {
    sc.getTagsMap().set(k, v);
  }
  await a.call("configureStack", roundTrip(sc, analyzerpb.AnalyzerStackConfigureRequest));

  const info = await a.call<analyzerpb.AnalyzerInfo>("getAnalyzerInfo", {});
  const policies: PolicyInfo[] = info.getPoliciesList().map((p) => {
    const pi: PolicyInfo = { name: p.getName(), enforcementLevel: level(p.getEnforcementlevel()) };
    if (info.getSupportsconfig()) {
      const schema = p.getConfigschema();
      const properties = (schema?.getProperties()?.toJavaScript() ?? {}) as Record<string, unknown>;
      properties["enforcementLevel"] = { type: "string", enum: ["advisory", "mandatory", "remediate", "disabled"] };
      pi.configSchema = { properties, required: schema?.getRequiredList() ?? [] };
    }
    return pi;
  });
  policies.sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  const initial = new Map<string, PolicyConfig>();
  info.getInitialconfigMap().forEach((v, k) => {
    const entry: PolicyConfig = { enforcementLevel: level(v.getEnforcementlevel()) };
    const props = v.getProperties()?.toJavaScript();
    if (props !== undefined) {
      entry.properties = props;
    }
    initial.set(k, entry);
  });
  const reconciled = reconcilePolicyPackConfig(policies, initial, parsePolicyPackConfig(config), a);
  const remediates = policies.some(
    (p) => (reconciled.get(p.name)?.enforcementLevel ?? p.enforcementLevel) === "remediate",
  );
  remediating.set(a, remediates);

  const req = new analyzerpb.ConfigureAnalyzerRequest();
  for (const [k, v] of reconciled) {
    const pc = new analyzerpb.PolicyConfig();
    pc.setEnforcementlevel(LEVEL_CODES[v.enforcementLevel]);
    pc.setProperties(structpb.Struct.fromJavaScript((v.properties ?? {}) as Record<string, structpb.JavaScriptValue>));
    req.getPolicyconfigMap().set(k, pc);
  }
  const policyConfig: Record<string, Record<string, unknown>> = {};
  if (reconciled.size > 0) {
    const sent = roundTrip(req, analyzerpb.ConfigureAnalyzerRequest);
    await a.call("configure", sent);
    // As server.js `configure` reads it: the properties, then the level name.
    for (const [k, v] of sent.getPolicyconfigMap().entries()) {
      const props = (v.getProperties()?.toJavaScript() ?? {}) as Record<string, unknown>;
      props["enforcementLevel"] = level(v.getEnforcementlevel());
      policyConfig[k] = props;
    }
  }
  return { policyConfig, stackTags: { ...stack.stackTags }, remediating: remediates };
}

function struct(o: WireObject): structpb.Struct {
  return structpb.Struct.fromJavaScript(propsForAnalyzer(o) as Record<string, structpb.JavaScriptValue>);
}

function options(o: RecordedOptions, parent: string | undefined): analyzerpb.AnalyzerResourceOptions {
  const opts = new analyzerpb.AnalyzerResourceOptions();
  // The engine's marshalResourceOptions sends the parent URN; the SDK's getResourceOptions reads it.
  opts.setParent(parent ?? "");
  opts.setProtect(o.protect);
  opts.setIgnorechangesList(o.ignoreChanges);
  opts.setDeletebeforereplace(o.deleteBeforeReplace ?? false);
  opts.setDeletebeforereplacedefined(o.deleteBeforeReplace !== undefined);
  opts.setAdditionalsecretoutputsList(o.additionalSecretOutputs);
  opts.setAliasesList(o.aliases);
  const ct = new analyzerpb.AnalyzerResourceOptions.CustomTimeouts();
  ct.setCreate(o.customTimeouts.createSeconds);
  ct.setUpdate(o.customTimeouts.updateSeconds);
  ct.setDelete(o.customTimeouts.deleteSeconds);
  opts.setCustomtimeouts(ct);
  return opts;
}

function provider(p: RecordedProvider | undefined): analyzerpb.AnalyzerProviderResource | undefined {
  if (p === undefined) {
    return undefined;
  }
  const msg = new analyzerpb.AnalyzerProviderResource();
  msg.setUrn(p.urn);
  msg.setType(p.type);
  msg.setName(p.name);
  msg.setProperties(struct(p.props));
  return msg;
}

export interface Findings {
  violations: Violation[];
  advisories: string[];
}

/** One diagnostic of an Analyze or AnalyzeStack response, as the engine reads it. */
interface Diagnostic {
  policyName: string;
  message: string;
  enforcementLevel: EnforcementLevel;
  /** The diagnostic's own URN ("" when the policy named none). */
  urn: string;
  severity?: Severity;
}

/**
 * Adds one diagnostic to the findings as the engine reports it: an advisory "can't run policy
 * ... during preview" (a policy that read an unknown value) becomes an advisory line, anything
 * else a violation; `urn` (the analyzed resource's, for `Analyze`) wins over the diagnostic's own.
 */
function collectDiagnostic(
  pack: { name: string; version: string },
  d: Diagnostic,
  findings: Findings,
  urn?: string,
): void {
  const prefix = `can't run policy '${d.policyName}' from policy pack '${pack.name}@v${pack.version}' during preview: `;
  const at = urn ?? (d.urn !== "" ? d.urn : undefined);
  if (d.enforcementLevel === "advisory" && d.message.startsWith(prefix)) {
    findings.advisories.push(at === undefined ? d.message : `${d.message} [${at}]`);
    return;
  }
  const v: Violation = { policyName: d.policyName, message: d.message, enforcementLevel: d.enforcementLevel };
  if (at !== undefined) {
    v.urn = at;
  }
  if (d.severity !== undefined) {
    v.severity = d.severity;
  }
  findings.violations.push(v);
}

/**
 * The violations and advisories of one answer to `Analyze` (with the resource's URN) or
 * `AnalyzeStack`, read as the engine reads its diagnostics.
 */
export function collectAnswer(
  pack: { name: string; version: string },
  answer: analyzerpb.AnalyzeResponse,
  findings: Findings,
  urn?: string,
): void {
  for (const d of answer.getDiagnosticsList()) {
    const diagnostic: Diagnostic = {
      policyName: d.getPolicyname(),
      message: d.getMessage(),
      enforcementLevel: level(d.getEnforcementlevel()),
      urn: d.getUrn(),
    };
    const severity = SEVERITIES[d.getSeverity()];
    if (severity !== undefined) {
      diagnostic.severity = severity;
    }
    collectDiagnostic(pack, diagnostic, findings, urn);
  }
}

/**
 * The engine's first pass: `Remediate` (only policies configured `remediate` take part). A
 * diagnostic (a remediation that read an unknown value) becomes an advisory, as the engine reports
 * it. A remediation that changes properties fails the run: the engine would create the resource
 * from the remediated inputs, which the harness does not reproduce.
 */
async function remediate(
  a: Analyzer,
  req: analyzerpb.AnalyzeRequest,
  r: RecordedResource,
  findings: Findings,
): Promise<void> {
  const resp = await a.call<analyzerpb.RemediateResponse>("remediate", req);
  for (const rem of resp.getRemediationsList()) {
    if (rem.getDiagnostic() !== "") {
      findings.advisories.push(`${rem.getDiagnostic()} [${r.urn}]`);
    } else if (rem.getProperties() !== undefined) {
      throw new Error(
        `offline harness: policy '${rem.getPolicyname()}' remediated ${r.urn}; remediations are not reproduced ` +
          "offline (configure the policy as mandatory to test its validation)",
      );
    }
  }
}

/** The fields `AnalyzeRequest` and `AnalyzerResource` share. */
interface DescribedResource {
  setUrn(value: string): unknown;
  setType(value: string): unknown;
  setName(value: string): unknown;
  setProperties(value?: structpb.Struct): unknown;
  setOptions(value?: analyzerpb.AnalyzerResourceOptions): unknown;
  setProvider(value?: analyzerpb.AnalyzerProviderResource): unknown;
}

/** Fills what the engine sends of a resource: URN, type, name, the given properties, options, provider. */
function describe<T extends DescribedResource>(target: T, r: RecordedResource, properties: WireObject): T {
  target.setUrn(r.urn);
  target.setType(r.type);
  target.setName(r.name);
  target.setProperties(struct(properties));
  target.setOptions(options(r.options, r.parent));
  const p = provider(r.provider);
  if (p !== undefined) {
    target.setProvider(p);
  }
  return target;
}

/**
 * The AnalyzeStack request (outputs, parents, dependencies, propertyDependencies of every
 * resource the stack manages: reads are left out, as the engine leaves them out) in its wire encoding. Built apart so the message objects are garbage before the
 * decoded copy the handler reads exists (the stack is held once, not twice, at its peak).
 */
function stackRequestBytes(records: readonly RecordedResource[]): Uint8Array {
  const stackReq = new analyzerpb.AnalyzeStackRequest();
  stackReq.setResourcesList(
    managedRecords(records).map((r) => {
      const res = describe(new analyzerpb.AnalyzerResource(), r, r.outputs);
      res.setParent(r.parent ?? "");
      res.setDependenciesList(r.dependencies);
      for (const [k, urns] of Object.entries(r.propertyDependencies)) {
        if (urns.length > 0) {
          const deps = new analyzerpb.AnalyzerPropertyDependencies();
          deps.setUrnsList(urns);
          res.getPropertydependenciesMap().set(k, deps);
        }
      }
      return res;
    }),
  );
  return stackReq.serializeBinary();
}

/**
 * The resources the stack manages: every record but the reads (`Resource.get`, StackReference).
 * The engine sends a policy pack neither `Analyze` nor `AnalyzeStack` of a read: its step executor
 * keeps read states apart ("If it's not managed by Pulumi (i.e. it's the result of a Read, perhaps
 * caused by a .get in an SDK, for instance), we'll record it in reads", pulumi/pulumi
 * pkg/resource/deploy/step_executor.go) and `AnalyzeResources` (step_generator.go) sends the
 * managed ones (`deployment.news`) only.
 */
export function managedRecords(records: readonly RecordedResource[]): RecordedResource[] {
  return records.filter((r) => r.external !== true);
}

/** How `analyzeResources` calls the analyzer. */
export interface AnalyzeOptions {
  /**
   * Call `Remediate` on every resource, as the engine does (its step generator asks every analyzer
   * to remediate each resource before analysing it), even when no policy is configured
   * `remediate` and every answer is empty. Default false: the offline harness leaves those calls
   * out, they cannot change a verdict; the served bench (test/bench/servedRun.js) makes them, its
   * figures are the pack process's under the engine.
   */
  everyRemediate?: boolean;
}

/**
 * `Remediate` (see {@link AnalyzeOptions}) and `Analyze` on every managed resource's inputs (in
 * registration order), then `AnalyzeStack` on their outputs.
 */
export async function analyzeResources(
  a: Analyzer,
  records: readonly RecordedResource[],
  options: AnalyzeOptions = {},
): Promise<Findings> {
  const findings: Findings = { violations: [], advisories: [] };
  for (const r of managedRecords(records)) {
    // One round trip through the wire encoding; the handlers only read the request.
    const req = roundTrip(describe(new analyzerpb.AnalyzeRequest(), r, r.inputs), analyzerpb.AnalyzeRequest);
    if (options.everyRemediate === true || remediating.get(a) !== false) {
      await remediate(a, req, r, findings);
    }
    const resp = await a.call<analyzerpb.AnalyzeResponse>("analyze", req);
    collectAnswer(a, resp, findings, r.urn);
  }
  const resp = await a.call<analyzerpb.AnalyzeResponse>(
    "analyzeStack",
    analyzerpb.AnalyzeStackRequest.deserializeBinary(stackRequestBytes(records)),
  );
  collectAnswer(a, resp, findings);
  return findings;
}
