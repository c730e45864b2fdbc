// parsePolicy: a document as a stack holds it (JSON text or an object) -> the model's FoundPolicy,
// or the reason it cannot be read. The shape checks of each statement, one by one.
import * as assert from "node:assert/strict";
import { Plain, UNKNOWN, UNKNOWN_IN_PREVIEW, parsePolicy } from "../../policypack/mapping";

const allow = { Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::b/*" };
const ODD = "statement 1 has an Action, Resource, Principal or Condition of an unexpected shape";

/** The unreadable reason of a document whose second statement is `statement`. */
function reasonOf(statement: Plain): string | undefined {
  return parsePolicy("p", { Version: "2012-10-17", Statement: [allow, statement] })?.unreadable;
}

describe("mapping: parsePolicy statement shapes", () => {
  it("reads JSON text and an object; a single Statement object becomes a one-element list", () => {
    const text = parsePolicy("p", JSON.stringify({ Version: "2012-10-17", Statement: allow }));
    assert.deepEqual(text, { ref: "p", document: { Version: "2012-10-17", Statement: [allow] } });
    assert.equal(parsePolicy("p", ""), undefined);
    assert.equal(
      parsePolicy("p", { Statement: [allow, { ...allow, Action: UNKNOWN }] })?.unreadable,
      UNKNOWN_IN_PREVIEW,
    );
  });

  it("accepts every shape a policy document has: strings and string lists, '*' or a map of principals, condition blocks", () => {
    for (const statement of [
      { ...allow, Action: ["s3:GetObject", "s3:PutObject"], NotResource: "arn:aws:s3:::c" },
      { ...allow, Effect: "Deny", Principal: "*" },
      { ...allow, Principal: { AWS: ["arn:aws:iam::111111111111:root"], Service: "s3.amazonaws.com" } },
      { ...allow, NotPrincipal: { AWS: "arn:aws:iam::111111111111:root" } },
      { ...allow, Condition: { StringEquals: { "aws:SourceAccount": "111111111111" } } },
    ])
      assert.equal(reasonOf(statement), undefined, JSON.stringify(statement));
  });

  it("names the first statement that is not an object with Effect Allow or Deny", () => {
    for (const statement of [null, "Allow", [allow], { ...allow, Effect: "allow" }, { Action: "s3:*" }])
      assert.equal(reasonOf(statement), "statement 1 is not an object with Effect Allow or Deny");
  });

  it("names the first statement with an Action, Resource, Principal or Condition of another shape", () => {
    for (const statement of [
      { ...allow, Action: ["s3:GetObject", 7] },
      { ...allow, NotAction: { s3: "GetObject" } },
      { ...allow, Resource: 1 },
      { ...allow, NotResource: [null] },
      { ...allow, Principal: ["arn:aws:iam::111111111111:root"] },
      { ...allow, Principal: { AWS: 111111111111 } },
      { ...allow, NotPrincipal: "arn:aws:iam::111111111111:root" },
      { ...allow, Condition: { StringEquals: "aws:SourceAccount" } },
      { ...allow, Condition: [{ StringEquals: {} }] },
    ])
      assert.equal(reasonOf(statement), ODD, JSON.stringify(statement));
  });
});
