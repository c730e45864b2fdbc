/**
 * The analyzer's resources as plain records: props unwrapped (unknowns marked), provider props,
 * dependencies and property dependencies as URNs. Reading never throws, whatever the shape.
 */

import { Plain, plain } from "./values";

/** A provider as a policy sees it. */
export interface PlainProvider {
  urn: string;
  name: string;
  type: string;
  props: Plain;
}

/** A resource as the mapping reads it. */
export interface PlainResource {
  urn: string;
  type: string;
  name: string;
  props: Plain;
  provider?: PlainProvider;
  dependencies: string[];
  propertyDependencies: Record<string, string[]>;
  /**
   * True for a resource the stack reads (`aws.s3.Bucket.get`, `getBucketOutput` answers are not
   * resources): its settings are AWS's, not the program's, so its hardening is not judged.
   */
  external?: boolean;
}

function safe<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch {
    return fallback;
  }
}

function urnOf(value: unknown): string | undefined {
  return safe(() => {
    const urn = (value as { urn?: unknown } | null | undefined)?.urn;
    return typeof urn === "string" ? urn : undefined;
  }, undefined);
}

/** Converts one analyzer resource (stack `PolicyResource` or resource-args-like) to a plain record. */
export function toPlainResource(resource: unknown, index = 0): PlainResource {
  const r = (resource ?? {}) as Record<string, unknown>;
  const type = safe(() => (typeof r["type"] === "string" ? (r["type"] as string) : ""), "");
  const name = safe(() => (typeof r["name"] === "string" ? (r["name"] as string) : `resource-${index}`), `resource-${index}`);
  const urn = safe(() => (typeof r["urn"] === "string" ? (r["urn"] as string) : `urn:unknown:${index}:${name}`), `urn:unknown:${index}`);
  const props = safe(() => plain(r["props"]), undefined);
  const providerRaw = safe(() => r["provider"], undefined) as Record<string, unknown> | undefined;
  const provider = providerRaw && typeof providerRaw === "object" ? safe((): PlainProvider | undefined => ({
    urn: typeof providerRaw["urn"] === "string" ? (providerRaw["urn"] as string) : "",
    name: typeof providerRaw["name"] === "string" ? (providerRaw["name"] as string) : "",
    type: typeof providerRaw["type"] === "string" ? (providerRaw["type"] as string) : "",
    props: plain(providerRaw["props"]),
  }), undefined) : undefined;
  const dependencies = safe(() => {
    const deps = r["dependencies"];
    return Array.isArray(deps) ? deps.map(urnOf).filter((u): u is string => u !== undefined) : [];
  }, [] as string[]);
  const propertyDependencies = safe(() => {
    const out: Record<string, string[]> = {};
    const map = r["propertyDependencies"];
    if (map && typeof map === "object") {
      for (const [key, deps] of Object.entries(map as Record<string, unknown>)) {
        out[key] = Array.isArray(deps) ? deps.map(urnOf).filter((u): u is string => u !== undefined) : [];
      }
    }
    return out;
  }, {} as Record<string, string[]>);
  const external = safe(() => r["external"] === true, false);
  return { urn, type, name, props, ...(provider ? { provider } : {}), dependencies, propertyDependencies, ...(external ? { external } : {}) };
}

/** Converts every resource; never throws. */
export function toPlainResources(resources: unknown): PlainResource[] {
  const items = safe(() => (Array.isArray(resources) ? [...resources] : []), [] as unknown[]);
  return items.map((resource, index) => toPlainResource(resource, index));
}
