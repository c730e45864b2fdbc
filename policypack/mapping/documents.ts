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
  const bad = statements.findIndex(
    (statement) =>
      statement === null ||
      typeof statement !== "object" ||
      Array.isArray(statement) ||
      ((statement as Record<string, unknown>)["Effect"] !== "Allow" &&
        (statement as Record<string, unknown>)["Effect"] !== "Deny"),
  );
  if (bad >= 0) return { ref, unreadable: `statement ${bad} is not an object with Effect Allow or Deny` };
  const badField = statements.findIndex((statement) => {
    const s = statement as Record<string, unknown>;
    const stringish = (v: unknown): boolean =>
      v === undefined || typeof v === "string" || (Array.isArray(v) && v.every((x) => typeof x === "string"));
    const principal = s["Principal"] ?? s["NotPrincipal"];
    const principalOk =
      principal === undefined ||
      principal === "*" ||
      (typeof principal === "object" &&
        principal !== null &&
        !Array.isArray(principal) &&
        Object.values(principal as Record<string, unknown>).every(stringish));
    const condition = s["Condition"];
    const conditionOk =
      condition === undefined ||
      (typeof condition === "object" &&
        condition !== null &&
        !Array.isArray(condition) &&
        Object.values(condition as Record<string, unknown>).every(
          (block) => typeof block === "object" && block !== null && !Array.isArray(block),
        ));
    return (
      !stringish(s["Action"]) ||
      !stringish(s["NotAction"]) ||
      !stringish(s["Resource"]) ||
      !stringish(s["NotResource"]) ||
      !principalOk ||
      !conditionOk
    );
  });
  if (badField >= 0)
    return {
      ref,
      unreadable: `statement ${badField} has an Action, Resource, Principal or Condition of an unexpected shape`,
    };
  return { ref, document: { ...(document as object), Statement: statements } as PolicyDocument };
}
