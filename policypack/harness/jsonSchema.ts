// Policy config validation as the engine does it: Pulumi's engine validates each policy's config
// with gojsonschema v1.2.0 (pulumi/pulumi pkg/resource/analyzer/config.go, validatePolicyConfig,
// draft "hybrid": no $schema) and prints each error's `String()`. The validation itself is ajv's
// (a maintained JSON Schema validator); this module only words ajv's errors as gojsonschema does,
// and keeps the two places where gojsonschema's semantics differ from ajv's:
//
// - multipleOf is exact: gojsonschema divides the numbers as decimals (big.Rat), so 0.3 is a
//   multiple of 0.1; ajv divides floats and refuses it. Replaced by an exact decimal check.
// - A value of the wrong type draws only the type error: gojsonschema returns before `enum` and
//   `const` (validation.go, validateRecursive); ajv reports those too. Dropped.
//
// Wording follows gojsonschema's locales.go and errors.go: `{{.field}}` is the whole path without
// `(root).` (`checks.S3R013 must be one of the following: ...`), a list of types prints as
// `[string,null]`, numbers as Go's big.Float prints them (%g, 10 digits), and `uniqueItems` names
// every repeated pair. Keywords of the SDK's schema type whose errors gojsonschema merges from
// sub-results (contains, dependencies, propertyNames) and `format` (gojsonschema checks formats ajv
// does not know without a plugin) are refused loudly rather than worded differently; keywords
// neither knows are ignored, as by gojsonschema. Draft-04's boolean exclusiveMinimum/Maximum,
// which gojsonschema's hybrid draft also reads, is refused as an invalid schema: @pulumi/policy's
// schema type allows only numbers there.
import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";

/** One validation error: the dotted path of the value (`(root)` for the top) and what is wrong. */
export interface SchemaError {
  field: string;
  description: string;
}

/** A schema keyword the harness does not word as the engine: refused rather than ignored. */
export class UnsupportedSchemaError extends Error {
  /** Names the keyword. */
  constructor(keyword: string) {
    super(
      `offline harness: JSON schema keyword '${keyword}' is not supported by policypack/harness/jsonSchema.ts (the engine's error wording for it is not reproduced)`,
    );
    this.name = "UnsupportedSchemaError";
  }
}

/** Keywords ajv knows that the harness refuses (see the module comment). */
const REFUSED = [
  "contains",
  "dependencies",
  "propertyNames",
  "format",
  "anyOf",
  "oneOf",
  "allOf",
  "not",
  "if",
  "then",
  "else",
];

/** `digits / 10^scale` equal to the number as JSON writes it (the shortest decimal that reads back the same). */
function decimal(x: number): { digits: bigint; scale: number } {
  const [mantissa = "0", exponent = "0"] = String(x).toLowerCase().split("e");
  const [whole = "0", fraction = ""] = mantissa.split(".");
  const scale = fraction.length - Number(exponent);
  const digits = BigInt(whole + fraction);
  return scale >= 0 ? { digits, scale } : { digits: digits * 10n ** BigInt(-scale), scale: 0 };
}

/** gojsonschema's multipleOf: `value / divisor` is an integer, computed on the decimals exactly. */
export function isMultipleOf(value: number, divisor: number): boolean {
  const a = decimal(value);
  const b = decimal(divisor);
  return (a.digits * 10n ** BigInt(b.scale)) % (b.digits * 10n ** BigInt(a.scale)) === 0n;
}

/** ajv's strict-mode warning about an unknown keyword: thrown when it is one the harness refuses. */
function refuseRemovedKeywords(...message: unknown[]): void {
  const keyword = /unknown keyword: "([^"]+)"/.exec(message.map(String).join(" "))?.[1];
  if (keyword !== undefined && REFUSED.includes(keyword)) throw new UnsupportedSchemaError(keyword);
}

function newAjv(): Ajv {
  const ajv = new Ajv({
    allErrors: true, // gojsonschema reports every error
    verbose: true, // errors carry the keyword's schema value and the data, for the wording
    ownProperties: true, // `constructor` or `toString` are names a config may use, not Object.prototype's
    allowUnionTypes: true,
    // gojsonschema ignores keywords it does not know (`x-doc`, `deprecated`): so does the harness,
    // except those it refuses (removed below), which gojsonschema does apply.
    strict: false,
    strictSchema: "log",
    logger: { log: () => undefined, error: () => undefined, warn: refuseRemovedKeywords },
  });
  // The draft-07 meta-schema (which checks every schema before it is compiled: a multipleOf of 0 or
  // a string minLength is refused) is compiled first, while it can still use the keywords removed next.
  ajv.validateSchema({});
  for (const keyword of [...REFUSED, "multipleOf"]) ajv.removeKeyword(keyword);
  ajv.addKeyword({
    keyword: "multipleOf",
    type: "number",
    schemaType: "number",
    validate: (divisor: number, value: number) => isMultipleOf(value, divisor),
  });
  return ajv;
}

let shared: Ajv | undefined;
/** Compiled validators by the schema's JSON (the harness builds a new schema object per policy and run). */
const compiled = new Map<string, ValidateFunction>();

/** The validator of `schema` (compiled once per distinct schema). */
function validatorOf(schema: unknown): ValidateFunction {
  const key = canonical(schema);
  const known = compiled.get(key);
  if (known !== undefined) return known;
  shared ??= newAjv();
  let validate: ValidateFunction;
  try {
    validate = shared.compile(JSON.parse(key) as object | boolean);
  } catch (error) {
    if (error instanceof UnsupportedSchemaError) throw error;
    throw new Error(`offline harness: invalid JSON schema: ${String(error)}`);
  }
  compiled.set(key, validate);
  return validate;
}

function typeOf(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
  return typeof v;
}

/** A number as Go's big.Float prints it in a template (`%g` with 10 significant digits). */
export function goNumber(x: number): string {
  const exponent = x === 0 ? 0 : Math.floor(Math.log10(Math.abs(Number(x.toPrecision(10)))));
  if (exponent < -4 || exponent >= 10) {
    const [m = "", e = "0"] = x.toExponential(9).split("e");
    const mantissa = m.includes(".") ? m.replace(/\.?0+$/, "") : m;
    const power = Math.abs(Number(e));
    return `${mantissa}e${Number(e) < 0 ? "-" : "+"}${power < 10 ? `0${power}` : power}`;
  }
  const fixed = x.toPrecision(10);
  return fixed.includes(".") ? fixed.replace(/\.?0+$/, "") : fixed;
}

/** gojsonschema's field: the path of the value, dotted, without `(root).`. */
function fieldOf(instancePath: string): string {
  if (instancePath === "") return "(root)";
  return instancePath
    .slice(1)
    .split("/")
    .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"))
    .join(".");
}

/** JSON of a value, keys sorted (Go marshals maps sorted), for enum/const wording and equality. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (typeof v === "object" && v !== null) {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`).join(",")}}`;
  }
  return JSON.stringify(v);
}

/** gojsonschema's uniqueItems errors: every item equal to an earlier one, with the last such index. */
function uniqueItemsErrors(items: unknown[]): string[] {
  const seen = new Map<string, number>();
  const out: string[] = [];
  items.forEach((item, j) => {
    const i = seen.get(canonical(item));
    if (i !== undefined) out.push(`array items[${i},${j}] must be unique`);
    seen.set(canonical(item), j);
  });
  return out;
}

/** The gojsonschema descriptions of one ajv error. */
function describe(e: ErrorObject): string[] {
  const limit = (): string => goNumber(Number(e.schema));
  const field = fieldOf(e.instancePath);
  switch (e.keyword) {
    case "false schema":
      return ["False always fails validation"];
    case "type": {
      const types = ([] as unknown[]).concat(e.schema);
      return [
        `Invalid type. Expected: ${types.length > 1 ? `[${types.join(",")}]` : types.join("")}, given: ${typeOf(e.data)}`,
      ];
    }
    case "enum":
      return [`${field} must be one of the following: ${(e.schema as unknown[]).map(canonical).join(", ")}`];
    case "const":
      return [`${field} does not match: ${canonical(e.schema)}`];
    case "minimum":
      return [`Must be greater than or equal to ${limit()}`];
    case "exclusiveMinimum":
      return [`Must be greater than ${limit()}`];
    case "maximum":
      return [`Must be less than or equal to ${limit()}`];
    case "exclusiveMaximum":
      return [`Must be less than ${limit()}`];
    case "multipleOf":
      return [`Must be a multiple of ${limit()}`];
    case "minLength":
      return [`String length must be greater than or equal to ${String(e.schema)}`];
    case "maxLength":
      return [`String length must be less than or equal to ${String(e.schema)}`];
    case "pattern":
      return [`Does not match pattern '${String(e.schema)}'`];
    case "additionalItems":
      return ["No additional items allowed on array"];
    case "minItems":
      return [`Array must have at least ${String(e.schema)} items`];
    case "maxItems":
      return [`Array must have at most ${String(e.schema)} items`];
    case "uniqueItems":
      return uniqueItemsErrors(e.data as unknown[]);
    case "required":
      return [`${String(e.params["missingProperty"])} is required`];
    case "additionalProperties":
      return [`Additional property ${String(e.params["additionalProperty"])} is not allowed`];
    case "minProperties":
      return [`Must have at least ${String(e.schema)} properties`];
    case "maxProperties":
      return [`Must have at most ${String(e.schema)} properties`];
    default:
      throw new UnsupportedSchemaError(e.keyword);
  }
}

/** Drops what gojsonschema does not report: `enum`/`const` of a subschema whose `type` failed. */
function engineErrors(errors: ErrorObject[]): ErrorObject[] {
  const failedType = new Set(
    errors.filter((e) => e.keyword === "type").map((e) => `${e.instancePath} ${e.schemaPath.replace(/\/type$/, "")}`),
  );
  return errors.filter(
    (e) =>
      e.keyword === "type" ||
      !failedType.has(`${e.instancePath} ${e.schemaPath.replace(new RegExp(`/${e.keyword}$`), "")}`),
  );
}

/** Validates `value` against `schema`; returns every error (empty when valid), in ajv's order. */
export function validateSchema(schema: unknown, value: unknown): SchemaError[] {
  const validate = validatorOf(schema);
  if (validate(value)) return [];
  return engineErrors(validate.errors ?? []).flatMap((e) =>
    describe(e).map((description) => ({ field: fieldOf(e.instancePath), description })),
  );
}

/** gojsonschema's `ResultError.String()` as the engine prints it ("(root): " trimmed). */
export function formatSchemaError(e: SchemaError): string {
  return e.field === "(root)" ? e.description : `${e.field}: ${e.description}`;
}
