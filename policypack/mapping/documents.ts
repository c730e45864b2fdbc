/**
 * Policy documents as found in a stack (a JSON string or an object): parsed into the core model's
 * FoundPolicy, or the reason they cannot be read.
 */

import { DOCUMENT_UNKNOWN_IN_PREVIEW, FoundPolicy, PolicyDocument } from "s3-replication/components/model";
import { Plain, hasUnknown, isUnknown } from "./values";

/** The `unreadable` reason of a document whose text is unknown in preview. */
export const UNKNOWN_IN_PREVIEW = DOCUMENT_UNKNOWN_IN_PREVIEW;

/**
 * Why JSON.parse refused a text, without the text: V8 quotes the start of what it could not parse
 * (`Unexpected token 'x', "topsecret-"... is not valid JSON`), and the document may be a secret.
 * Position-only messages (`Expected property name or '}' in JSON at position 1`) are kept.
 */
function jsonErrorWithoutText(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return /is not valid JSON/.test(message) ? "the text is not JSON" : message;
}

/*
 * The shape checks of a document's statements: module functions, not closures made per statement
 * (a stack has thousands of documents), and own values read in place of an Object.values array.
 */

const isText = (value: unknown): boolean => typeof value === "string";

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Absent, a string, or a list of strings: the shape of Action, Resource and a Principal's values. */
function stringish(value: unknown): boolean {
  return value === undefined || typeof value === "string" || (Array.isArray(value) && value.every(isText));
}

/** True when every own enumerable value of an object passes `ok` (Object.values(o).every(ok), without the array). */
function everyValue(o: Record<string, unknown>, ok: (value: unknown) => boolean): boolean {
  for (const key in o) if (Object.prototype.hasOwnProperty.call(o, key) && !ok(o[key])) return false;
  return true;
}

/** Not an object with Effect Allow or Deny. */
function notAStatement(statement: unknown): boolean {
  return !isRecord(statement) || (statement["Effect"] !== "Allow" && statement["Effect"] !== "Deny");
}

/** An Action, Resource, Principal or Condition of a shape no policy document has. */
function hasOddField(statement: unknown): boolean {
  const s = statement as Record<string, unknown>;
  const principal = s["Principal"] ?? s["NotPrincipal"];
  const principalOk =
    principal === undefined || principal === "*" || (isRecord(principal) && everyValue(principal, stringish));
  const condition = s["Condition"];
  const conditionOk = condition === undefined || (isRecord(condition) && everyValue(condition, isRecord));
  return (
    !stringish(s["Action"]) ||
    !stringish(s["NotAction"]) ||
    !stringish(s["Resource"]) ||
    !stringish(s["NotResource"]) ||
    !principalOk ||
    !conditionOk
  );
}

/** Parses a policy document as found (JSON string or object); never throws. */
export function parsePolicy(ref: string, value: Plain): FoundPolicy | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  if (isUnknown(value) || hasUnknown(value)) return { ref, unreadable: UNKNOWN_IN_PREVIEW };
  let parsed: unknown = value;
  if (typeof value === "string") {
    try {
      parsed = JSON.parse(value);
    } catch (error) {
      return { ref, unreadable: `malformed JSON (${jsonErrorWithoutText(error)})` };
    }
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed))
    return { ref, unreadable: "not a JSON policy document object" };
  const document = parsed as Record<string, unknown>;
  const rawStatements = document["Statement"];
  const statements = Array.isArray(rawStatements)
    ? rawStatements
    : rawStatements !== null && typeof rawStatements === "object"
      ? [rawStatements]
      : undefined;
  if (statements === undefined) return { ref, unreadable: "the document has no Statement list" };
  const bad = statements.findIndex(notAStatement);
  if (bad >= 0) return { ref, unreadable: `statement ${bad} is not an object with Effect Allow or Deny` };
  const badField = statements.findIndex(hasOddField);
  if (badField >= 0)
    return {
      ref,
      unreadable: `statement ${badField} has an Action, Resource, Principal or Condition of an unexpected shape`,
    };
  return { ref, document: { ...(document as object), Statement: statements } as PolicyDocument };
}
