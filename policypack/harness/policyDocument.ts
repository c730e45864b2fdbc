// `aws.iam.getPolicyDocument` answered offline. The AWS provider computes this data source locally
// (terraform-provider-aws internal/service/iam policy_document_data_source.go and policy_model.go;
// read for the rules, not copied): no AWS call, so the harness renders the document itself, with the
// provider's rules:
// - statement fields in the order Sid, Effect, Action, NotAction, Resource, NotResource, Principal,
//   NotPrincipal, Condition; an empty Sid is left out (provider v5+, hashicorp/terraform-provider-aws#28539);
// - `actions`, `notActions`, `resources`, `notResources` and principal `identifiers` are sets: duplicates
//   dropped, one element rendered as a string, several sorted in reverse (descending) order;
// - principals grouped by type (`{"AWS": ..., "Service": ...}`, keys sorted); a single principal of type
//   "*" with identifier "*" is rendered `"*"` (type "AWS" with "*" stays `{"AWS": "*"}`);
// - conditions grouped by test then variable (keys sorted), values in the given order, one value
//   rendered as a string;
// - `&{...}` in resources, principals and condition values becomes `${...}` (IAM policy variables);
// - `sourcePolicyDocuments` merged first (their Sids must be unique), then the statements (a statement
//   replaces an earlier one with the same Sid), then each of `overridePolicyDocuments` (same rule);
//   documents read from JSON keep their values as written, except principals (lists re-sorted in
//   reverse order) and conditions (booleans become strings, single values strings);
// - `json` is Go's indented JSON (two spaces, `<`, `>`, `&` escaped), `minifiedJson` the compact form,
//   and the id the CRC-32 of `json`.
// The Terraform registry page of `aws_iam_policy_document` documents these outputs.
import { isObject, plainValue, type WireObject, type WireValue } from "./wire";

/** Invoke token of `aws.iam.getPolicyDocument` / `getPolicyDocumentOutput`. */
export const GET_POLICY_DOCUMENT = "aws:iam/getPolicyDocument:getPolicyDocument";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

interface Principal {
  type: string;
  identifiers: string | string[];
}

interface Condition {
  test: string;
  variable: string;
  values: string | string[];
}

interface Statement {
  Sid: string;
  Effect: string;
  Action?: Json;
  NotAction?: Json;
  Resource?: Json;
  NotResource?: Json;
  Principal?: Principal[];
  NotPrincipal?: Principal[];
  Condition?: Condition[];
}

interface Doc {
  Version: string;
  Id: string;
  Statement: Statement[];
}

/** A provider error: the message the provider (through the bridge) fails the invoke with. */
export class PolicyDocumentError extends Error {
  constructor(message: string) {
    super(`${GET_POLICY_DOCUMENT}: ${message}`);
    this.name = "PolicyDocumentError";
  }
}

const VERSIONS = ["2008-10-17", "2012-10-17"];

/** Go's string order (bytes of UTF-8). */
function goCompare(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

function descending(values: readonly string[]): string[] {
  return [...values].sort((a, b) => goCompare(b, a));
}

/** A set of strings as the provider renders it: one element as a string, else sorted descending. */
function decodeSet(values: readonly string[]): string | string[] {
  const unique = [...new Set(values)];
  return unique.length === 1 ? (unique[0] as string) : descending(unique);
}

function replaceVars(value: string, version: string, what: string): string {
  if (version === "2008-10-17" && value.includes("&{")) {
    throw new PolicyDocumentError(
      `reading ${what}: found &{ sequence in (${value}), which is not supported in document version 2008-10-17`,
    );
  }
  return value.split("&{").join("${");
}

function replaceVarsIn(values: string | string[], version: string, what: string): string | string[] {
  return typeof values === "string"
    ? replaceVars(values, version, what)
    : values.map((v) => replaceVars(v, version, what));
}

// ---------------------------------------------------------------------------------------------
// Arguments (the Pulumi invoke's inputs) to the current document.

function stringArg(v: WireValue | undefined, path: string): string | undefined {
  if (v === undefined || v === null) {
    return undefined;
  }
  if (typeof v !== "string") {
    throw new PolicyDocumentError(`${path} must be a string, got ${JSON.stringify(v)}`);
  }
  return v;
}

function stringList(v: WireValue | undefined, path: string): string[] {
  if (v === undefined || v === null) {
    return [];
  }
  if (!Array.isArray(v)) {
    throw new PolicyDocumentError(`${path} must be a list of strings, got ${JSON.stringify(v)}`);
  }
  return v.map((x, i) => {
    if (typeof x !== "string") {
      throw new PolicyDocumentError(`${path}[${i}] must be a string, got ${JSON.stringify(x)}`);
    }
    return x;
  });
}

function objectList(v: WireValue | undefined, path: string): WireObject[] {
  if (v === undefined || v === null) {
    return [];
  }
  if (!Array.isArray(v) || !v.every(isObject)) {
    throw new PolicyDocumentError(`${path} must be a list of objects, got ${JSON.stringify(v)}`);
  }
  return v as WireObject[];
}

/** Blocks of a Terraform set: identical blocks count once. */
function uniqueBlocks<T>(blocks: T[]): T[] {
  const seen = new Set<string>();
  return blocks.filter((b) => {
    const key = JSON.stringify(b);
    if (seen.has(key)) {
      return false;
    }
    seen.add(key);
    return true;
  });
}

function principalsArg(v: WireValue | undefined, path: string, version: string): Principal[] | undefined {
  const blocks = objectList(v, path).map((p, i) => {
    const type = stringArg(p["type"], `${path}[${i}].type`);
    if (type === undefined) {
      throw new PolicyDocumentError(`${path}[${i}].type is required`);
    }
    const identifiers = [...new Set(stringList(p["identifiers"], `${path}[${i}].identifiers`))];
    return { type, identifiers };
  });
  const unique = uniqueBlocks(blocks);
  if (unique.length === 0) {
    return undefined;
  }
  return unique.map((p) => ({
    type: p.type,
    identifiers: replaceVarsIn(decodeSet(p.identifiers), version, "principals"),
  }));
}

function conditionsArg(v: WireValue | undefined, path: string, version: string): Condition[] | undefined {
  const blocks = objectList(v, path).map((c, i) => {
    const test = stringArg(c["test"], `${path}[${i}].test`);
    const variable = stringArg(c["variable"], `${path}[${i}].variable`);
    if (test === undefined || variable === undefined || c["values"] === undefined || c["values"] === null) {
      throw new PolicyDocumentError(`${path}[${i}]: test, variable and values are required`);
    }
    return { test, variable, values: stringList(c["values"], `${path}[${i}].values`) };
  });
  const unique = uniqueBlocks(blocks);
  if (unique.length === 0) {
    return undefined;
  }
  return unique.map((c) => {
    const values = c.values.map((x) => replaceVars(x, version, "condition: reading values"));
    return { test: c.test, variable: c.variable, values: values.length === 1 ? (values[0] as string) : values };
  });
}

function statementArg(s: WireObject, i: number, version: string, sids: Set<string>): Statement {
  const path = `statements[${i}]`;
  const sid = stringArg(s["sid"], `${path}.sid`) ?? "";
  // Any Sid is rendered as given: the provider's plan-time alphanumeric check (5.82) was reverted in
  // 5.84 (hashicorp/terraform-provider-aws#40639) and is not in the provider this package bridges.
  // Key and bucket policies accept spaces; IAM rejects them in identity policies at apply ("IAM JSON
  // policy elements: Sid", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_sid.html).
  if (sids.has(sid)) {
    throw new PolicyDocumentError(
      `writing IAM Policy Document: duplicate Sid (${sid}). Remove the Sid or ensure the Sid is unique.`,
    );
  }
  if (sid !== "") {
    sids.add(sid);
  }
  const effect = stringArg(s["effect"], `${path}.effect`) ?? "Allow";
  if (effect !== "Allow" && effect !== "Deny") {
    throw new PolicyDocumentError(`expected ${path}.effect to be one of ["Allow" "Deny"], got ${effect}`);
  }
  const stmt: Statement = { Sid: sid, Effect: effect };
  const set = (key: string, what: string, vars: boolean): Json | undefined => {
    const values = stringList(s[key], `${path}.${key}`);
    if (values.length === 0) {
      return undefined;
    }
    const decoded = decodeSet(values);
    return vars ? replaceVarsIn(decoded, version, what) : decoded;
  };
  const fields: [keyof Statement, Json | Principal[] | Condition[] | undefined][] = [
    ["Action", set("actions", "actions", false)],
    ["NotAction", set("notActions", "not_actions", false)],
    ["Resource", set("resources", "resources", true)],
    ["NotResource", set("notResources", "not_resources", true)],
    ["Principal", principalsArg(s["principals"], `${path}.principals`, version)],
    ["NotPrincipal", principalsArg(s["notPrincipals"], `${path}.notPrincipals`, version)],
    ["Condition", conditionsArg(s["conditions"], `${path}.conditions`, version)],
  ];
  for (const [k, v] of fields) {
    if (v !== undefined) {
      (stmt as unknown as Record<string, unknown>)[k] = v;
    }
  }
  return stmt;
}

// ---------------------------------------------------------------------------------------------
// Documents given as JSON (sourcePolicyDocuments / overridePolicyDocuments), read as Go's
// encoding/json reads them into the provider's document type.

function typeName(v: Json): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  return typeof v === "object" ? "object" : typeof v;
}

/** Go's encoding/json matches object keys to fields case-insensitively; a later key wins. */
function fields(o: { [key: string]: Json }, names: readonly string[]): Map<string, Json> {
  const out = new Map<string, Json>();
  for (const [k, v] of Object.entries(o)) {
    const name = names.find((n) => n === k) ?? names.find((n) => n.toLowerCase() === k.toLowerCase());
    if (name !== undefined) {
      out.set(name, v);
    }
  }
  return out;
}

function goString(v: Json | undefined, what: string): string | undefined {
  if (v === undefined || v === null) {
    return undefined;
  }
  if (typeof v !== "string") {
    throw new Error(`json: cannot unmarshal ${typeName(v)} into Go struct field ${what} of type string`);
  }
  return v;
}

function parsePrincipals(v: Json): Principal[] | undefined {
  if (typeof v === "string") {
    return [{ type: "*", identifiers: ["*"] }];
  }
  if (v === null || typeof v !== "object" || Array.isArray(v)) {
    throw new Error(`Unsupported data type ${typeName(v)} for IAMPolicyStatementPrincipalSet`);
  }
  const out: Principal[] = [];
  for (const [type, ids] of Object.entries(v)) {
    if (typeof ids === "string") {
      out.push({ type, identifiers: ids });
    } else if (Array.isArray(ids)) {
      const values = ids.map((x, i) => {
        if (typeof x !== "string") {
          throw new Error(
            `Unsupported element type ${typeName(x)} for IAMPolicyStatementPrincipalSet.Identifiers[${i}] (principal type "${type}"): must be string`,
          );
        }
        return x;
      });
      out.push({ type, identifiers: [...values].sort(goCompare) });
    } else {
      throw new Error(`Unsupported data type ${typeName(ids)} for IAMPolicyStatementPrincipalSet.Identifiers`);
    }
  }
  return out.length === 0 ? undefined : out;
}

function parseConditions(v: Json): Condition[] | undefined {
  if (v === null) {
    return undefined;
  }
  if (typeof v !== "object" || Array.isArray(v)) {
    throw new Error(`json: cannot unmarshal ${typeName(v)} into Go value of type map[string]map[string]interface {}`);
  }
  const out: Condition[] = [];
  for (const [test, byVariable] of Object.entries(v)) {
    if (byVariable === null) {
      continue;
    }
    if (typeof byVariable !== "object" || Array.isArray(byVariable)) {
      throw new Error(`json: cannot unmarshal ${typeName(byVariable)} into Go value of type map[string]interface {}`);
    }
    for (const [variable, values] of Object.entries(byVariable)) {
      if (typeof values === "string") {
        out.push({ test, variable, values: [values] });
      } else if (typeof values === "boolean") {
        out.push({ test, variable, values: String(values) });
      } else if (Array.isArray(values)) {
        const strings = values.map((x) => {
          if (typeof x !== "string") {
            // The provider asserts strings here and fails on anything else.
            throw new Error(`condition ${test} ${variable}: value ${JSON.stringify(x)} is not a string`);
          }
          return x;
        });
        out.push({ test, variable, values: strings });
      }
      // Numbers and nulls are dropped by the provider's reader.
    }
  }
  return out.length === 0 ? undefined : out;
}

const STATEMENT_FIELDS = [
  "Sid",
  "Effect",
  "Action",
  "NotAction",
  "Resource",
  "NotResource",
  "Principal",
  "NotPrincipal",
  "Condition",
];

function parseStatement(v: Json, i: number): Statement {
  if (v === null || typeof v !== "object" || Array.isArray(v)) {
    throw new Error(
      `statement ${i}: json: cannot unmarshal ${typeName(v)} into Go value of type iam.IAMPolicyStatement`,
    );
  }
  const f = fields(v, STATEMENT_FIELDS);
  const stmt: Statement = {
    Sid: goString(f.get("Sid"), "Statement.Sid") ?? "",
    Effect: goString(f.get("Effect"), "Statement.Effect") ?? "",
  };
  for (const key of ["Action", "NotAction", "Resource", "NotResource"] as const) {
    const x = f.get(key);
    if (x !== undefined && x !== null) {
      stmt[key] = x;
    }
  }
  for (const key of ["Principal", "NotPrincipal"] as const) {
    const x = f.get(key);
    if (x !== undefined) {
      const p = parsePrincipals(x);
      if (p !== undefined) {
        stmt[key] = p;
      }
    }
  }
  const c = f.get("Condition");
  if (c !== undefined) {
    const parsed = parseConditions(c);
    if (parsed !== undefined) {
      stmt.Condition = parsed;
    }
  }
  return stmt;
}

function parseDocument(text: string): Doc {
  const raw = JSON.parse(text) as Json;
  const doc: Doc = { Version: "", Id: "", Statement: [] };
  if (raw === null) {
    return doc;
  }
  if (typeof raw !== "object" || Array.isArray(raw)) {
    throw new Error(`json: cannot unmarshal ${typeName(raw)} into Go value of type iam.IAMPolicyDoc`);
  }
  const f = fields(raw, ["Version", "Id", "Statement"]);
  doc.Version = goString(f.get("Version"), "IAMPolicyDoc.Version") ?? "";
  doc.Id = goString(f.get("Id"), "IAMPolicyDoc.Id") ?? "";
  const stmts = f.get("Statement");
  if (stmts !== undefined && stmts !== null) {
    if (!Array.isArray(stmts)) {
      throw new Error(
        `json: cannot unmarshal ${typeName(stmts)} into Go struct field IAMPolicyDoc.Statement of type []*iam.IAMPolicyStatement`,
      );
    }
    doc.Statement = stmts.map(parseStatement);
  }
  return doc;
}

/** The provider's merge: adopt a non-empty Id, upgrade the Version, replace statements by Sid. */
function merge(into: Doc, next: Doc): void {
  if (next.Id !== "") {
    into.Id = next.Id;
  }
  if (next.Version > into.Version) {
    into.Version = next.Version;
  }
  for (const stmt of next.Statement) {
    const at = stmt.Sid === "" ? -1 : into.Statement.findIndex((s) => s.Sid === stmt.Sid);
    if (at < 0) {
      into.Statement.push(stmt);
    } else {
      into.Statement[at] = stmt;
    }
  }
}

function documentList(v: WireValue | undefined, path: string): (string | null)[] {
  if (v === undefined || v === null) {
    return [];
  }
  if (!Array.isArray(v)) {
    throw new PolicyDocumentError(`${path} must be a list of JSON strings`);
  }
  return v.map((x, i) => {
    if (x === null) {
      return null;
    }
    if (typeof x !== "string") {
      throw new PolicyDocumentError(`${path}[${i}] must be a JSON string, got ${JSON.stringify(x)}`);
    }
    try {
      JSON.parse(x);
    } catch (err) {
      throw new PolicyDocumentError(`"${path}.${i}" contains an invalid JSON: ${(err as Error).message}`);
    }
    return x;
  });
}

// ---------------------------------------------------------------------------------------------
// Rendering, as Go's encoding/json writes the provider's types.

function sortedObject(entries: [string, Json][]): { [key: string]: Json } {
  const out: { [key: string]: Json } = {};
  for (const [k, v] of [...entries].sort((a, b) => goCompare(a[0], b[0]))) {
    out[k] = v;
  }
  return out;
}

/** A value read from JSON as Go re-marshals an `interface{}`: object keys sorted. */
function goAny(v: Json): Json {
  if (Array.isArray(v)) {
    return v.map(goAny);
  }
  if (v !== null && typeof v === "object") {
    return sortedObject(Object.entries(v).map(([k, x]) => [k, goAny(x)]));
  }
  return v;
}

function renderPrincipals(ps: Principal[]): Json {
  const only = ps.length === 1 ? ps[0] : undefined;
  if (only !== undefined && only.type === "*") {
    const ids = only.identifiers;
    if (ids === "*" || (Array.isArray(ids) && ids.length === 1 && ids[0] === "*")) {
      return "*";
    }
  }
  const raw = new Map<string, string | string[]>();
  for (const p of ps) {
    const current = raw.get(p.type);
    if (Array.isArray(p.identifiers)) {
      const base = current === undefined ? [] : Array.isArray(current) ? current : [current];
      raw.set(p.type, [...base, ...descending(p.identifiers)]);
    } else if (current === undefined) {
      raw.set(p.type, p.identifiers);
    } else {
      raw.set(p.type, [...(Array.isArray(current) ? current : [current]), p.identifiers]);
    }
  }
  return sortedObject([...raw.entries()]);
}

function renderConditions(cs: Condition[]): Json {
  const raw = new Map<string, Map<string, string[]>>();
  for (const c of cs) {
    let byVariable = raw.get(c.test);
    if (byVariable === undefined) {
      byVariable = new Map();
      raw.set(c.test, byVariable);
    }
    byVariable.set(c.variable, [
      ...(byVariable.get(c.variable) ?? []),
      ...(Array.isArray(c.values) ? c.values : [c.values]),
    ]);
  }
  return sortedObject(
    [...raw.entries()].map(([test, byVariable]) => [
      test,
      sortedObject(
        [...byVariable.entries()].map(([variable, values]) => [
          variable,
          values.length === 1 ? (values[0] as string) : values,
        ]),
      ),
    ]),
  );
}

function renderStatement(s: Statement): Json {
  const out: { [key: string]: Json } = {};
  if (s.Sid !== "") out["Sid"] = s.Sid;
  if (s.Effect !== "") out["Effect"] = s.Effect;
  for (const key of ["Action", "NotAction", "Resource", "NotResource"] as const) {
    const v = s[key];
    if (v !== undefined) out[key] = goAny(v);
  }
  if (s.Principal !== undefined) out["Principal"] = renderPrincipals(s.Principal);
  if (s.NotPrincipal !== undefined) out["NotPrincipal"] = renderPrincipals(s.NotPrincipal);
  if (s.Condition !== undefined) out["Condition"] = renderConditions(s.Condition);
  return out;
}

function renderDocument(d: Doc): Json {
  const out: { [key: string]: Json } = {};
  if (d.Version !== "") out["Version"] = d.Version;
  if (d.Id !== "") out["Id"] = d.Id;
  if (d.Statement.length > 0) out["Statement"] = d.Statement.map(renderStatement);
  return out;
}

/** A JSON string literal as Go's encoder writes it (HTML-safe: <, >, & escaped; U+2028/9 escaped). */
function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (c < 0x20 || ch === "<" || ch === ">" || ch === "&" || c === 0x2028 || c === 0x2029) {
      out += `\\u${c.toString(16).padStart(4, "0")}`;
    } else if (c >= 0xd800 && c <= 0xdfff) {
      out += "\ufffd"; // a lone surrogate is not valid UTF-8: Go writes the replacement character
    } else out += ch;
  }
  return `${out}"`;
}

/** Go's `json.Marshal` (indent "") or `json.MarshalIndent(v, "", indent)`. */
export function goJson(v: Json, indent = "", depth = 0): string {
  if (v === null) return "null";
  if (typeof v === "string") return goQuote(v);
  if (typeof v === "number" || typeof v === "boolean") return JSON.stringify(v);
  const nl = indent === "" ? "" : `\n${indent.repeat(depth + 1)}`;
  const end = indent === "" ? "" : `\n${indent.repeat(depth)}`;
  const sep = indent === "" ? ":" : ": ";
  if (Array.isArray(v)) {
    if (v.length === 0) return "[]";
    return `[${v.map((x) => nl + goJson(x, indent, depth + 1)).join(",")}${end}]`;
  }
  const entries = Object.entries(v);
  if (entries.length === 0) return "{}";
  return `{${entries.map(([k, x]) => nl + goQuote(k) + sep + goJson(x, indent, depth + 1)).join(",")}${end}}`;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) {
      c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    }
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (IEEE) of the UTF-8 bytes: the provider's `StringHashcode`, used as the data source id. */
export function crc32(text: string): number {
  let c = 0xffffffff;
  for (const byte of Buffer.from(text, "utf8")) {
    c = (CRC_TABLE[(c ^ byte) & 0xff] as number) ^ (c >>> 8);
  }
  return (c ^ 0xffffffff) >>> 0;
}

/** The result of `aws.iam.getPolicyDocument(args)`, as the provider computes it. */
export function getPolicyDocument(wireArgs: WireObject): WireObject {
  const args = (plainValue(wireArgs) ?? {}) as WireObject;
  for (const deprecated of ["overrideJson", "sourceJson"]) {
    const v = args[deprecated];
    if (v !== undefined && v !== null && v !== "") {
      throw new PolicyDocumentError(
        `${deprecated} is no longer used by the provider and must be empty; use ${deprecated === "overrideJson" ? "overridePolicyDocuments" : "sourcePolicyDocuments"}`,
      );
    }
  }
  const version = stringArg(args["version"], "version") ?? "2012-10-17";
  if (!VERSIONS.includes(version)) {
    throw new PolicyDocumentError(`expected version to be one of ["2008-10-17" "2012-10-17"], got ${version}`);
  }
  const merged: Doc = { Version: "", Id: "", Statement: [] };
  const sources = documentList(args["sourcePolicyDocuments"], "sourcePolicyDocuments");
  const sourceSids = new Set<string>();
  sources.forEach((text, i) => {
    if (text === null) return;
    let doc: Doc;
    try {
      doc = parseDocument(text);
    } catch (err) {
      throw new PolicyDocumentError(
        `writing IAM Policy Document: merging source document ${i}: ${(err as Error).message}`,
      );
    }
    doc.Statement.forEach((s, j) => {
      if (s.Sid === "") return;
      if (sourceSids.has(s.Sid)) {
        throw new PolicyDocumentError(
          `writing IAM Policy Document: merging source document ${i}: duplicate Sid (${s.Sid}) in source_policy_documents (statement ${j}). Remove the Sid or ensure Sids are unique.`,
        );
      }
      sourceSids.add(s.Sid);
    });
    merge(merged, doc);
  });
  const current: Doc = { Version: version, Id: stringArg(args["policyId"], "policyId") ?? "", Statement: [] };
  const sids = new Set<string>();
  current.Statement = objectList(args["statements"], "statements").map((s, i) => statementArg(s, i, version, sids));
  merge(merged, current);
  documentList(args["overridePolicyDocuments"], "overridePolicyDocuments").forEach((text, i) => {
    if (text === null) return;
    try {
      merge(merged, parseDocument(text));
    } catch (err) {
      throw new PolicyDocumentError(
        `writing IAM Policy Document: merging override document ${i}: ${(err as Error).message}`,
      );
    }
  });
  const rendered = renderDocument(merged);
  const json = goJson(rendered, "  ");
  // The data source's state: its arguments (with the schema defaults) and the computed outputs.
  const result: WireObject = { ...args, version, json, minifiedJson: goJson(rendered), id: String(crc32(json)) };
  if (args["statements"] !== undefined && args["statements"] !== null) {
    result["statements"] = objectList(args["statements"], "statements").map((s) => ({
      ...s,
      effect: s["effect"] ?? "Allow",
    }));
  }
  return result;
}
