/**
 * The analyzer's resources as plain records: props unwrapped (unknowns marked), provider props,
 * dependencies and property dependencies as URNs. Odd shapes read as absent values; an exception
 * (a getter that throws) propagates, so the policy reading it reports "could not be judged".
 */

import { Plain, matchesPlain, plain } from "./values";

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
   * True for a resource the stack reads (`aws.s3.Bucket.get`): its settings are AWS's, not the
   * program's, so its hardening is not judged. The engine never sends reads to a policy pack (it
   * keeps them apart from the resources it manages, and `AnalyzeStack` gets only those); a caller
   * that passes the resources of a state with its reads marks them `external: true`.
   */
  external?: boolean;
}

function urnOf(value: unknown): string | undefined {
  const urn = (value as { urn?: unknown } | null | undefined)?.urn;
  return typeof urn === "string" ? urn : undefined;
}

/** The URNs of a list of resources (a plain loop: every resource has a few such lists). */
function urnsOf(list: unknown): string[] {
  const urns: string[] = [];
  if (!Array.isArray(list)) return urns;
  for (const item of list as unknown[]) {
    const urn = urnOf(item);
    if (urn !== undefined) urns.push(urn);
  }
  return urns;
}

/** Converts one analyzer resource (stack `PolicyResource` or resource-args-like) to a plain record. */
export function toPlainResource(resource: unknown, index = 0): PlainResource {
  const r = (resource ?? {}) as Record<string, unknown>;
  const type = typeof r["type"] === "string" ? r["type"] : "";
  const name = typeof r["name"] === "string" ? r["name"] : `resource-${index}`;
  const urn = typeof r["urn"] === "string" ? r["urn"] : `urn:unknown:${index}:${name}`;
  const props = plain(r["props"]);
  const providerRaw = r["provider"];
  const provider =
    providerRaw !== null && typeof providerRaw === "object"
      ? providerOf(providerRaw as Record<string, unknown>)
      : undefined;
  const dependencies = urnsOf(r["dependencies"]);
  const propertyDependencies: Record<string, string[]> = {};
  const map = r["propertyDependencies"];
  if (map !== null && typeof map === "object") {
    const lists = map as Record<string, unknown>;
    for (const key of Object.keys(lists)) propertyDependencies[key] = urnsOf(lists[key]);
  }
  const external = r["external"] === true;
  return {
    urn,
    type,
    name,
    props,
    ...(provider ? { provider } : {}),
    dependencies,
    propertyDependencies,
    ...(external ? { external } : {}),
  };
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

function sameList(actual: string[], expected: string[]): boolean {
  return actual.length === expected.length && actual.every((item, i) => item === expected[i]);
}

const text = (value: unknown): string => (typeof value === "string" ? value : "");

/** True when toPlainResource(resource, index) would equal `want` (props and provider props compared in place). */
function sameResource(resource: unknown, index: number, want: PlainResource): boolean {
  const r = (resource ?? {}) as Record<string, unknown>;
  if (!matchesPlain(r["props"], want.props)) return false;
  const head = toPlainResource({ ...r, props: undefined, provider: undefined }, index);
  if (
    head.urn !== want.urn ||
    head.type !== want.type ||
    head.name !== want.name ||
    head.external !== want.external ||
    !sameList(head.dependencies, want.dependencies)
  )
    return false;
  const keys = Object.keys(head.propertyDependencies);
  if (!sameList(keys, Object.keys(want.propertyDependencies))) return false;
  if (!keys.every((key) => sameList(head.propertyDependencies[key]!, want.propertyDependencies[key]!))) return false;
  const provider = r["provider"] as Record<string, unknown> | null | undefined;
  const hasProvider = provider !== undefined && provider !== null && typeof provider === "object";
  if (!hasProvider || want.provider === undefined) return hasProvider === (want.provider !== undefined);
  return (
    text(provider["urn"]) === want.provider.urn &&
    text(provider["name"]) === want.provider.name &&
    text(provider["type"]) === want.provider.type &&
    matchesPlain(provider["props"], want.provider.props)
  );
}

/**
 * True when toPlainResources(resources) would give exactly `expected` (an earlier result): every
 * stack policy of one AnalyzeStack gets its own copy of the same stack, and this recognises it
 * without building a second plain copy. Never throws.
 */
export function samePlainResources(resources: unknown, expected: readonly PlainResource[]): boolean {
  try {
    return (
      Array.isArray(resources) &&
      resources.length === expected.length &&
      resources.every((resource, index) => sameResource(resource, index, expected[index]!))
    );
  } catch {
    return false; // not recognised: the caller converts the stack again, and that reading reports what throws
  }
}
