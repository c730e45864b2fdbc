/**
 * The analyzer's resources as plain records: props unwrapped (unknowns marked), provider props,
 * dependencies and property dependencies as URNs. Odd shapes read as absent values; an exception
 * (a getter that throws) propagates, so the policy reading it reports "could not be judged".
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

function urnOf(value: unknown): string | undefined {
  const urn = (value as { urn?: unknown } | null | undefined)?.urn;
  return typeof urn === "string" ? urn : undefined;
}

/** Converts one analyzer resource (stack `PolicyResource` or resource-args-like) to a plain record. */
export function toPlainResource(resource: unknown, index = 0): PlainResource {
  const r = (resource ?? {}) as Record<string, unknown>;
  const type = typeof r["type"] === "string" ? r["type"] : "";
  const name = typeof r["name"] === "string" ? r["name"] : `resource-${index}`;
  const urn = typeof r["urn"] === "string" ? r["urn"] : `urn:unknown:${index}:${name}`;
  const props = plain(r["props"]);
  const providerRaw = r["provider"];
  const provider = providerRaw !== null && typeof providerRaw === "object" ? providerOf(providerRaw as Record<string, unknown>) : undefined;
  const deps = r["dependencies"];
  const dependencies = Array.isArray(deps) ? deps.map(urnOf).filter((u): u is string => u !== undefined) : [];
  const propertyDependencies: Record<string, string[]> = {};
  const map = r["propertyDependencies"];
  if (map !== null && typeof map === "object") {
    for (const [key, list] of Object.entries(map as Record<string, unknown>)) {
      propertyDependencies[key] = Array.isArray(list) ? list.map(urnOf).filter((u): u is string => u !== undefined) : [];
    }
  }
  const external = r["external"] === true;
  return { urn, type, name, props, ...(provider ? { provider } : {}), dependencies, propertyDependencies, ...(external ? { external } : {}) };
}

function providerOf(raw: Record<string, unknown>): PlainProvider {
  return {
    urn: typeof raw["urn"] === "string" ? raw["urn"] : "",
    name: typeof raw["name"] === "string" ? raw["name"] : "",
    type: typeof raw["type"] === "string" ? raw["type"] : "",
    props: plain(raw["props"]),
  };
}

/** Converts every resource. Odd shapes read as absent values; a getter that throws propagates (the policy reports it). */
export function toPlainResources(resources: unknown): PlainResource[] {
  const items = Array.isArray(resources) ? [...resources] : [];
  return items.map((resource, index) => toPlainResource(resource, index));
}
