// The subset of JSON Schema the engine's validator (gojsonschema) applies to policy config, with
// its error wording. No JSON Schema library is installed (no ajv in node_modules), so the harness
// implements the keywords below and rejects any other keyword loudly rather than ignore it.
//
// Supported: type, enum, const, minimum, maximum, exclusiveMinimum, exclusiveMaximum (draft 4
// boolean or draft 6 number), multipleOf, minLength, maxLength, pattern, items (schema or tuple),
// additionalItems, minItems, maxItems, uniqueItems, properties, required, patternProperties,
// additionalProperties, minProperties, maxProperties; true/false schemas. Annotations
// (description, title, default, examples, $comment) are ignored, as by the validator.

/** One validation error: the dotted path of the value (`(root)` for the top) and what is wrong. */
export interface SchemaError {
  field: string;
  description: string;
}

export class UnsupportedSchemaError extends Error {
  constructor(keyword: string, field: string) {
    super(
      `offline harness: JSON schema keyword '${keyword}' (at ${field}) is not supported by policypack/harness/jsonSchema.ts`,
    );
    this.name = "UnsupportedSchemaError";
  }
}

const ANNOTATIONS = new Set(["description", "title", "default", "examples", "$comment"]);
const KEYWORDS = new Set([
  "type",
  "enum",
  "const",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "multipleOf",
  "minLength",
  "maxLength",
  "pattern",
  "items",
  "additionalItems",
  "minItems",
  "maxItems",
  "uniqueItems",
  "properties",
  "required",
  "patternProperties",
  "additionalProperties",
  "minProperties",
  "maxProperties",
]);

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Schema = boolean | { [k: string]: unknown };

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function typeOf(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
  if (typeof v === "object") return "object";
  return typeof v;
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (isPlainObject(v)) {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(v);
}

function child(field: string, key: string | number): string {
  return field === "(root)" ? String(key) : `${field}.${key}`;
}

function num(schema: Record<string, unknown>, key: string): number | undefined {
  const v = schema[key];
  return typeof v === "number" ? v : undefined;
}

/** Validates `value` against `schema`; returns every error (empty when valid). */
export function validateSchema(schema: unknown, value: unknown, field = "(root)"): SchemaError[] {
  const errors: SchemaError[] = [];
  check(schema as Schema, value, field, errors);
  return errors;
}

function check(schema: Schema, value: unknown, field: string, errors: SchemaError[]): void {
  const err = (description: string, at = field): void => {
    errors.push({ field: at, description });
  };
  if (schema === true) return;
  if (schema === false) {
    err("False always fails validation");
    return;
  }
  if (!isPlainObject(schema)) {
    throw new Error(`offline harness: invalid JSON schema at ${field}`);
  }
  for (const k of Object.keys(schema)) {
    if (!KEYWORDS.has(k) && !ANNOTATIONS.has(k)) {
      throw new UnsupportedSchemaError(k, field);
    }
  }
  const t = typeOf(value);
  const types = schema["type"] === undefined ? undefined : ([] as unknown[]).concat(schema["type"]);
  if (types !== undefined && !types.some((x) => x === t || (x === "number" && t === "integer"))) {
    err(`Invalid type. Expected: ${types.join(", ")}, given: ${t}`);
    return;
  }
  const fieldName = field === "(root)" ? field : (field.split(".").pop() ?? field);
  if (Array.isArray(schema["enum"]) && !schema["enum"].some((e) => canonical(e) === canonical(value))) {
    err(`${fieldName} must be one of the following: ${schema["enum"].map((e) => JSON.stringify(e)).join(", ")}`);
  }
  if ("const" in schema && canonical(schema["const"]) !== canonical(value)) {
    err(`${fieldName} does not match: ${JSON.stringify(schema["const"])}`);
  }
  if (typeof value === "number") checkNumber(schema, value, err);
  if (typeof value === "string") checkString(schema, value, err);
  if (Array.isArray(value)) checkArray(schema, value, field, errors, err);
  if (isPlainObject(value)) checkObject(schema, value, field, errors, err);
}

function checkNumber(schema: Record<string, unknown>, value: number, err: (d: string) => void): void {
  const min = num(schema, "minimum");
  const max = num(schema, "maximum");
  const exMin = schema["exclusiveMinimum"];
  const exMax = schema["exclusiveMaximum"];
  if (min !== undefined) {
    if (exMin === true ? value <= min : value < min) {
      err(`Must be greater than ${exMin === true ? "" : "or equal to "}${min}`);
    }
  }
  if (max !== undefined) {
    if (exMax === true ? value >= max : value > max) {
      err(`Must be less than ${exMax === true ? "" : "or equal to "}${max}`);
    }
  }
  if (typeof exMin === "number" && value <= exMin) err(`Must be greater than ${exMin}`);
  if (typeof exMax === "number" && value >= exMax) err(`Must be less than ${exMax}`);
  const multipleOf = num(schema, "multipleOf");
  if (multipleOf !== undefined && !Number.isInteger(value / multipleOf)) err(`Must be a multiple of ${multipleOf}`);
}

function checkString(schema: Record<string, unknown>, value: string, err: (d: string) => void): void {
  const length = [...value].length;
  const minLength = num(schema, "minLength");
  const maxLength = num(schema, "maxLength");
  if (minLength !== undefined && length < minLength) err(`String length must be greater than or equal to ${minLength}`);
  if (maxLength !== undefined && length > maxLength) err(`String length must be less than or equal to ${maxLength}`);
  const pattern = schema["pattern"];
  if (typeof pattern === "string" && !new RegExp(pattern, "u").test(value)) err(`Does not match pattern '${pattern}'`);
}

function checkArray(
  schema: Record<string, unknown>,
  value: unknown[],
  field: string,
  errors: SchemaError[],
  err: (d: string) => void,
): void {
  const items = schema["items"];
  if (Array.isArray(items)) {
    value.forEach((v, i) => {
      if (i < items.length) {
        check(items[i] as Schema, v, child(field, i), errors);
      } else if (schema["additionalItems"] === false) {
        err("No additional items allowed on array");
      } else if (schema["additionalItems"] !== undefined) {
        check(schema["additionalItems"] as Schema, v, child(field, i), errors);
      }
    });
  } else if (items !== undefined) {
    value.forEach((v, i) => check(items as Schema, v, child(field, i), errors));
  }
  const minItems = num(schema, "minItems");
  const maxItems = num(schema, "maxItems");
  if (minItems !== undefined && value.length < minItems) err(`Array must have at least ${minItems} items`);
  if (maxItems !== undefined && value.length > maxItems) err(`Array must have at most ${maxItems} items`);
  if (schema["uniqueItems"] === true) {
    const seen = new Map<string, number>();
    value.forEach((v, j) => {
      const i = seen.get(canonical(v));
      if (i !== undefined) err(`array items[${i},${j}] must be unique`);
      else seen.set(canonical(v), j);
    });
  }
}

function checkObject(
  schema: Record<string, unknown>,
  value: Record<string, unknown>,
  field: string,
  errors: SchemaError[],
  err: (d: string) => void,
): void {
  const properties = isPlainObject(schema["properties"]) ? schema["properties"] : {};
  const patterns = isPlainObject(schema["patternProperties"]) ? schema["patternProperties"] : {};
  if (Array.isArray(schema["required"])) {
    for (const name of schema["required"]) {
      if (typeof name === "string" && !Object.prototype.hasOwnProperty.call(value, name)) err(`${name} is required`);
    }
  }
  const keys = Object.keys(value);
  const minProperties = num(schema, "minProperties");
  const maxProperties = num(schema, "maxProperties");
  if (minProperties !== undefined && keys.length < minProperties) err(`Must have at least ${minProperties} properties`);
  if (maxProperties !== undefined && keys.length > maxProperties) err(`Must have at most ${maxProperties} properties`);
  for (const key of keys) {
    const v = value[key] as Json;
    let matched = false;
    // Own properties only: `constructor` or `toString` are names a config may use, not Object.prototype's.
    if (Object.prototype.hasOwnProperty.call(properties, key)) {
      matched = true;
      check(properties[key] as Schema, v, child(field, key), errors);
    }
    for (const [pattern, sub] of Object.entries(patterns)) {
      if (new RegExp(pattern, "u").test(key)) {
        matched = true;
        check(sub as Schema, v, child(field, key), errors);
      }
    }
    if (!matched && schema["additionalProperties"] !== undefined) {
      if (schema["additionalProperties"] === false) {
        err(`Additional property ${key} is not allowed`);
      } else {
        check(schema["additionalProperties"] as Schema, v, child(field, key), errors);
      }
    }
  }
}

/** gojsonschema's `ResultError.String()` as the engine prints it ("(root): " trimmed). */
export function formatSchemaError(e: SchemaError): string {
  return e.field === "(root)" ? e.description : `${e.field}: ${e.description}`;
}
