/**
 * The whole policy config the engine sent to the pack's `Configure`, which no policy can read
 * through the SDK (each policy's `getConfig` returns its own entry; the map is private to
 * @pulumi/policy's server.js).
 *
 * What `Configure` carries (pulumi/pulumi): `ReconcilePolicyPackConfig` (pkg/resource/analyzer/
 * config.go) starts from every declared policy at its default level with its schema defaults
 * (`createConfigWithDefaults`); `applyConfig` gives every entry the level of "all", then copies
 * EVERY entry of the file over it, "all" itself and names the pack does not declare included; the
 * engine's `analyzer.Configure` (pkg/resource/plugin/analyzer_plugin.go) sends each entry with its
 * level and properties. So a declared policy appears with its default level (or "all"'s) unless an
 * entry changed it, with the properties an entry gave it; "all" and undeclared names appear as written.
 *
 * How it is read: gRPC decodes the request with `AnalyzerService.configure.requestDeserialize`
 * (@pulumi/pulumi/proto/analyzer_grpc_pb), which calls `ConfigureAnalyzerRequest.deserializeBinary`
 * of @pulumi/pulumi/proto/analyzer_pb, both the exported modules server.js loads. That static is
 * wrapped, once per process, to keep the last request decoded that configures the pack's config
 * policy (a pack process is configured once per run; the harness configures each of its runs
 * before analysing it).
 * test/policypack/sent-config.test.ts fails if the SDK stops decoding Configure that way, and the
 * pack fails closed when nothing was captured (policies/retired.ts).
 */
import * as path from "node:path";
import type { EnforcementLevel } from "@pulumi/policy";
import type * as analyzerpb from "@pulumi/pulumi/proto/analyzer_pb";

/** One policy's entry as `Configure` carried it. */
export interface SentEntry {
  enforcementLevel: EnforcementLevel;
  properties: Record<string, unknown>;
}

type AnalyzerProto = typeof analyzerpb;

/** The analyzer_pb module server.js itself loads (resolved from its directory). */
export function serverAnalyzerProto(): AnalyzerProto {
  const server = require.resolve("@pulumi/policy/server");
  return require(
    require.resolve("@pulumi/pulumi/proto/analyzer_pb", { paths: [path.dirname(server)] }),
  ) as AnalyzerProto;
}

const WRAPPED = Symbol.for("s3-replication.configureCapture");

/** The requests kept: for each policy name a pack registered, the last request decoded that configures it. */
interface Slot {
  owners: Set<string>;
  requests: Map<string, analyzerpb.ConfigureAnalyzerRequest>;
}

/**
 * One slot per process, shared by every copy of this module (the sources and the compiled dev
 * cache may both be loaded, and the static is wrapped once).
 */
const SLOT = Symbol.for("s3-replication.configureRequests");

function slot(): Slot {
  const global = globalThis as { [SLOT]?: Slot };
  return (global[SLOT] ??= { owners: new Set(), requests: new Map() });
}

/** Keeps a decoded request under each registered policy name it configures. */
function keep(decoded: analyzerpb.ConfigureAnalyzerRequest): void {
  const { owners, requests } = slot();
  const names = decoded.getPolicyconfigMap();
  for (const owner of owners) if (names.has(owner)) requests.set(owner, decoded);
}

/**
 * Wraps `ConfigureAnalyzerRequest.deserializeBinary` (once per process) to keep, for the policy
 * `owner`, the last request decoded that configures it: the engine sends every declared policy, so
 * this is its own pack's request, not another pack's configured in the same process (the harness
 * configures a collector pack beside it).
 */
export function captureConfigure(owner: string): void {
  slot().owners.add(owner);
  const request = serverAnalyzerProto().ConfigureAnalyzerRequest as unknown as {
    deserializeBinary: ((bytes: Uint8Array) => analyzerpb.ConfigureAnalyzerRequest) & { [WRAPPED]?: true };
  };
  if (request.deserializeBinary[WRAPPED] === true) return;
  const original = request.deserializeBinary.bind(request);
  request.deserializeBinary = Object.assign(
    (bytes: Uint8Array): analyzerpb.ConfigureAnalyzerRequest => {
      const decoded = original(bytes);
      keep(decoded);
      return decoded;
    },
    { [WRAPPED]: true as const },
  );
}

/** The level names of the wire enum. */
function levelName(proto: AnalyzerProto, level: number): EnforcementLevel {
  const names: Record<number, EnforcementLevel> = {
    [proto.EnforcementLevel.ADVISORY]: "advisory",
    [proto.EnforcementLevel.MANDATORY]: "mandatory",
    [proto.EnforcementLevel.REMEDIATE]: "remediate",
    [proto.EnforcementLevel.DISABLED]: "disabled",
  };
  const name = names[level];
  if (name === undefined) throw new Error(`unknown enforcement level ${level} in the policy config sent to Configure`);
  return name;
}

/** The entries of the last `Configure` request decoded that configures `owner`, by policy name; undefined if none was. */
export function sentPolicyConfig(owner: string): ReadonlyMap<string, SentEntry> | undefined {
  const request = slot().requests.get(owner);
  if (request === undefined) return undefined;
  const proto = serverAnalyzerProto();
  const entries = new Map<string, SentEntry>();
  for (const [name, entry] of request.getPolicyconfigMap().entries()) {
    const properties = (entry.getProperties()?.toJavaScript() ?? {}) as Record<string, unknown>;
    entries.set(name, { enforcementLevel: levelName(proto, entry.getEnforcementlevel()), properties });
  }
  return entries;
}
