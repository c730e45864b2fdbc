// Secret values are never printed (issue 18 item 9): the checker collects every string a
// `--show-secrets` export holds inside a secret envelope (and, for a secret that is a JSON document
// such as a policy, its string leaves), and every rendering shows `[secret]` where a message, a
// path or a diagram label would quote one. URNs and resource names (Pulumi's own, never secret)
// are kept, so findings still name the resource.
import { SECRET_MARK, redactText, wireSecretLeaves } from "../secretValues";

export { SECRET_MARK, redactText };

/** Every secret string of a parsed `pulumi stack export --show-secrets` document, longest first. */
export function secretStrings(document: unknown): string[] {
  const found = new Set<string>();
  wireSecretLeaves(document, found);
  return [...found].sort((a, b) => b.length - a.length);
}

/** Keys whose values are Pulumi's own names (never secret): kept so findings name the resource. */
const KEPT_KEYS = new Set(["urn", "urns", "resourceName", "resourceType", "configurationUrn", "type"]);

/** A copy of a report-like value (plain objects, arrays, scalars) with secrets redacted in every string. */
export function redactSecrets<T>(value: T, secrets: readonly string[]): T {
  if (secrets.length === 0) return value;
  const walk = (v: unknown, key: string | undefined): unknown => {
    if (key !== undefined && KEPT_KEYS.has(key)) return v;
    if (typeof v === "string") return redactText(v, secrets);
    if (Array.isArray(v)) return v.map((item) => walk(item, undefined));
    if (v !== null && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype)
      return Object.fromEntries(Object.entries(v).map(([k, item]) => [k, walk(item, k)]));
    return v;
  };
  return walk(value, undefined) as T;
}
