// Policy config as the engine prepares it before `Configure` (pulumi/pulumi
// pkg/resource/analyzer/config.go and sdk/go/common/resource/plugin/analyzer_plugin.go):
// parse the config JSON, start from each policy's default enforcement level and schema defaults,
// apply "all" then the per-policy entries, validate every policy's properties against
// `{type: "object", properties, required}` (the SDK sends only `properties` and `required`; the
// engine adds an `enforcementLevel` enum), then refuse entries without a valid level.
// Entries for a policy the pack does not declare are kept, as the engine keeps them: `applyConfig`
// (called by `ReconcilePolicyPackConfig`, pkg/resource/analyzer/config.go) copies every entry of
// the file into the result, `validatePolicyPackConfig` validates the declared policies only, and
// `analyzer.Configure` (sdk/go/common/resource/plugin/analyzer_plugin.go) refuses an entry whose
// level is empty (`invalid enforcement level ""`) and sends the others to the pack, whose server
// stores them under a name no policy's getConfig reads (policypack/policies/retired.ts reads the
// whole request instead: policies/sent-config.ts).
import type { EnforcementLevel } from "@pulumi/policy";
import { formatSchemaError, validateSchema } from "./jsonSchema";

export const ENFORCEMENT_LEVELS: readonly EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];

export function isEnforcementLevel(v: unknown): v is EnforcementLevel {
  return typeof v === "string" && (ENFORCEMENT_LEVELS as readonly string[]).includes(v);
}

/** A policy as `GetAnalyzerInfo` describes it. */
export interface PolicyInfo {
  name: string;
  enforcementLevel: EnforcementLevel;
  /** Present for every policy when the pack supports config (the Node SDK always does). */
  configSchema?: { properties: Record<string, unknown>; required: string[] };
}

/**
 * A policy config the engine refuses (or a pack refuses through its `checkConfig`): what the
 * engine prints before anything runs. Its message may run over several lines (one per error, or a
 * file to write instead), and every line is meant to be read.
 */
export class PolicyConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PolicyConfigError";
  }
}

/** One policy's config: enforcement level ("" = not set) and properties. */
export interface PolicyConfig {
  enforcementLevel: EnforcementLevel | "";
  properties?: Record<string, unknown>;
}

function extractEnforcementLevel(key: string, props: Record<string, unknown>): EnforcementLevel | "" {
  if (!("enforcementLevel" in props)) {
    return "";
  }
  const el = props["enforcementLevel"];
  delete props["enforcementLevel"];
  if (typeof el !== "string") {
    throw new PolicyConfigError(
      `parsing enforcement level for "${key}": ${JSON.stringify(el)} is not a valid enforcement level; must be a string`,
    );
  }
  if (!isEnforcementLevel(el)) {
    throw new PolicyConfigError(`parsing enforcement level for "${key}": "${el}" is not a valid enforcement level`);
  }
  return el;
}

/** The Go type name `%T` prints for a value decoded from JSON. */
function goTypeName(v: unknown): string {
  if (v === null) return "<nil>";
  if (Array.isArray(v)) return "[]interface {}";
  switch (typeof v) {
    case "string":
      return "string";
    case "number":
      return "float64";
    case "boolean":
      return "bool";
    default:
      return "map[string]interface {}";
  }
}

/** Parses the config JSON (`--policy-pack-config` file form). */
export function parsePolicyPackConfig(raw: Record<string, unknown>): Map<string, PolicyConfig> {
  const result = new Map<string, PolicyConfig>();
  const config = JSON.parse(JSON.stringify(raw)) as Record<string, unknown>;
  // ESC environment references (pkg/resource/analyzer/config.go): the engine takes the
  // "environments" key out of the policy config (an array of strings, else an error) and opens
  // those environments; offline there is no ESC, so the key is checked and stripped.
  if ("environments" in config) {
    const envs = config["environments"];
    if (!Array.isArray(envs)) {
      throw new PolicyConfigError(`"environments" must be an array of strings, got ${goTypeName(envs)}`);
    }
    envs.forEach((v, i) => {
      if (typeof v !== "string") {
        throw new PolicyConfigError(`"environments[${i}]" must be a string, got ${goTypeName(v)}`);
      }
    });
    delete config["environments"];
  }
  for (const [key, value] of Object.entries(config)) {
    let entry: PolicyConfig;
    if (typeof value === "string") {
      if (!isEnforcementLevel(value)) {
        throw new PolicyConfigError(
          `parsing enforcement level for "${key}": "${value}" is not a valid enforcement level`,
        );
      }
      entry = { enforcementLevel: value };
    } else if (typeof value === "object" && value !== null && !Array.isArray(value)) {
      const props = value as Record<string, unknown>;
      entry = { enforcementLevel: extractEnforcementLevel(key, props) };
      if (Object.keys(props).length > 0) {
        entry.properties = props;
      }
    } else {
      throw new PolicyConfigError(
        `parsing "${key}": ${JSON.stringify(value)} is not a valid value; must be a string or object`,
      );
    }
    if (entry.enforcementLevel !== "" || entry.properties !== undefined) {
      result.set(key, entry);
    }
  }
  return result;
}

function withDefaults(policies: readonly PolicyInfo[]): Map<string, PolicyConfig> {
  const result = new Map<string, PolicyConfig>();
  for (const p of policies) {
    const entry: PolicyConfig = { enforcementLevel: p.enforcementLevel };
    for (const [k, schema] of Object.entries(p.configSchema?.properties ?? {})) {
      if (typeof schema === "object" && schema !== null && "default" in schema) {
        entry.properties ??= {};
        entry.properties[k] = (schema as { default: unknown }).default;
      }
    }
    result.set(p.name, entry);
  }
  return result;
}

function apply(result: Map<string, PolicyConfig>, given: Map<string, PolicyConfig>): void {
  const all = given.get("all");
  if (all !== undefined && all.enforcementLevel !== "") {
    for (const [k, v] of result) {
      result.set(k, { ...v, enforcementLevel: all.enforcementLevel });
    }
  }
  for (const [policy, g] of given) {
    const current = result.get(policy);
    const entry: PolicyConfig = {
      enforcementLevel: g.enforcementLevel !== "" ? g.enforcementLevel : (current?.enforcementLevel ?? ""),
    };
    const properties = current?.properties ?? (g.properties !== undefined ? {} : undefined);
    if (properties !== undefined) {
      entry.properties = { ...properties, ...g.properties };
    }
    result.set(policy, entry);
  }
}

/** Validation errors, `policy: message`, of the reconciled config (engine's validatePolicyPackConfig). */
function validate(policies: readonly PolicyInfo[], config: Map<string, PolicyConfig>): string[] {
  const errors: string[] = [];
  for (const p of policies) {
    if (p.configSchema === undefined) {
      continue;
    }
    const schema: Record<string, unknown> = { type: "object" };
    if (Object.keys(p.configSchema.properties).length > 0) {
      schema["properties"] = p.configSchema.properties;
    }
    if (p.configSchema.required.length > 0) {
      schema["required"] = p.configSchema.required;
    }
    for (const e of validateSchema(schema, config.get(p.name)?.properties ?? {})) {
      errors.push(`${p.name}: ${formatSchemaError(e)}`);
    }
  }
  return errors;
}

/**
 * The config the engine hands to `Configure`: defaults, then `initial` (from the pack), then
 * `given` (the user's), validated. Throws the engine's errors.
 */
export function reconcilePolicyPackConfig(
  policies: readonly PolicyInfo[],
  initial: Map<string, PolicyConfig>,
  given: Map<string, PolicyConfig>,
  pack: { name: string; version: string },
): Map<string, PolicyConfig & { enforcementLevel: EnforcementLevel }> {
  const result = withDefaults(policies);
  apply(result, initial);
  apply(result, given);
  const errors = validate(policies, result);
  if (errors.length > 0) {
    const lines = errors.map((e) => `validating policy config: ${pack.name} ${pack.version}  ${e}`).sort();
    throw new PolicyConfigError(`${lines.join("\n")}\nvalidating policy config`);
  }
  const checked = new Map<string, PolicyConfig & { enforcementLevel: EnforcementLevel }>();
  for (const [k, v] of result) {
    if (v.enforcementLevel === "") {
      throw new PolicyConfigError(
        `configuring policy pack "${pack.name}": invalid enforcement level "" (config for "${k}")`,
      );
    }
    checked.set(k, { ...v, enforcementLevel: v.enforcementLevel });
  }
  return checked;
}
