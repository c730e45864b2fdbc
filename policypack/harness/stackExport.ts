// A run as `pulumi stack export --show-secrets` would print it after `pulumi up`: an untyped
// deployment, version 3, with the engine's JSON field names and its `omitempty` rules.
import { createHash } from "crypto";
import type { RunResult } from "./types";
import { isObject, isSecret, SIG_KEY, SECRET_SIG, type WireObject, type WireValue } from "./wire";

/** One resource of a version-3 deployment (apitype.ResourceV3; empty fields omitted). */
export interface StackExportResource {
  urn: string;
  custom: boolean;
  id?: string;
  type: string;
  inputs?: WireObject;
  outputs?: WireObject;
  parent?: string;
  protect?: boolean;
  external?: boolean;
  dependencies?: string[];
  /** Provider reference `<provider urn>::<provider id>`. */
  provider?: string;
  propertyDependencies?: Record<string, string[]>;
  additionalSecretOutputs?: string[];
  retainOnDelete?: boolean;
  ignoreChanges?: string[];
}

/** `pulumi stack export` output (apitype.UntypedDeployment with a DeploymentV3). */
export interface StackExport {
  version: 3;
  deployment: {
    manifest: { time: string; magic: string; version: string };
    resources: StackExportResource[];
  };
}

const CLI_VERSION = "v3.270.0";

/** Secrets as `--show-secrets` prints them: `{sig, plaintext: JSON text}`. */
function exportValue(v: WireValue): WireValue {
  if (isSecret(v)) {
    return { [SIG_KEY]: SECRET_SIG, plaintext: JSON.stringify(v["value"] ?? null) };
  }
  if (Array.isArray(v)) {
    return v.map(exportValue);
  }
  if (isObject(v)) {
    const out: WireObject = {};
    for (const [k, x] of Object.entries(v)) {
      out[k] = exportValue(x);
    }
    return out;
  }
  return v;
}

function exportMap(m: WireObject): WireObject | undefined {
  return Object.keys(m).length === 0 ? undefined : (exportValue(m) as WireObject);
}

/**
 * The run as a `pulumi stack export` deployment (version 3), so tools that read exported state
 * (the `s3-replication check` CLI) can be fed offline. Secrets are in `--show-secrets` form. A
 * preview run exports its unknown values as the unknown sentinel (a real preview writes no state).
 */
export function toStackExport(result: RunResult, time: Date = new Date()): StackExport {
  const resources = result.resources.map((r) => {
    const e: StackExportResource = { urn: r.urn, custom: r.custom, type: r.type };
    if (r.id !== undefined && r.id !== "") e.id = r.id;
    const inputs = exportMap(r.inputs);
    if (inputs !== undefined) e.inputs = inputs;
    const outputs = exportMap(r.outputs);
    if (outputs !== undefined) e.outputs = outputs;
    if (r.parent !== undefined) e.parent = r.parent;
    if (r.options.protect) e.protect = true;
    if (r.external === true) e.external = true;
    if (r.dependencies.length > 0) e.dependencies = [...r.dependencies];
    if (r.provider !== undefined) e.provider = r.provider.ref;
    if (Object.keys(r.propertyDependencies).length > 0) {
      e.propertyDependencies = Object.fromEntries(Object.entries(r.propertyDependencies).map(([k, v]) => [k, [...v]]));
    }
    if (r.options.additionalSecretOutputs.length > 0)
      e.additionalSecretOutputs = [...r.options.additionalSecretOutputs];
    if (r.options.retainOnDelete) e.retainOnDelete = true;
    if (r.options.ignoreChanges.length > 0) e.ignoreChanges = [...r.options.ignoreChanges];
    return e;
  });
  return {
    version: 3,
    deployment: {
      manifest: {
        time: time.toISOString(),
        magic: createHash("sha256").update(CLI_VERSION).digest("hex"),
        version: CLI_VERSION,
      },
      resources,
    },
  };
}
