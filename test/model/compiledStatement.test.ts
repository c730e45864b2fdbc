// A statement read once (compiledStatement.ts) matches exactly as the wildcard matcher does: each
// Action/Resource pattern is classified once (any, exact, prefix, glob) and actions lower-cased
// once, and on random patterns, values and letter cases the statement's verdict is the one
// `wildcardMatch` gives pattern by pattern.
import assert from "node:assert/strict";
import fc from "fast-check";
import { statementMatches, wildcardMatch } from "../../components/model/evaluate";
import { compileStatement, matchSubject, matchesStatement } from "../../components/model/compiledStatement";
import { propertyParameters } from "../support/property";

const pattern = fc.string({ unit: fc.constantFrom("a", "B", "*", "?"), maxLength: 6 });
const value = fc.string({ unit: fc.constantFrom("a", "A", "b", "B"), maxLength: 6 });
const patterns = fc.oneof(pattern, fc.array(pattern, { maxLength: 3 }));
const list = (field: string | string[]): string[] => (Array.isArray(field) ? field : [field]);

describe("model: statements read once", () => {
  it("property: Action, NotAction, Resource and NotResource match as wildcardMatch does, pattern by pattern", () => {
    const tally = { runs: 0, matched: 0 };
    fc.assert(
      fc.property(
        patterns,
        patterns,
        fc.boolean(),
        fc.boolean(),
        value,
        value,
        (actions, resources, notA, notR, action, resource) => {
          const statement = {
            Effect: "Allow" as const,
            ...(notA ? { NotAction: actions } : { Action: actions }),
            ...(notR ? { NotResource: resources } : { Resource: resources }),
          };
          const actionHit = list(actions).some((candidate) => wildcardMatch(candidate, action, true));
          const resourceHit = list(resources).some((candidate) => wildcardMatch(candidate, resource, false));
          const expected = actionHit !== notA && resourceHit !== notR;
          const request = { action, resource, context: {} };
          tally.runs++;
          if (expected) tally.matched++;
          assert.equal(statementMatches(statement, request), expected, JSON.stringify({ statement, request }));
          // One reading serves every request: the same compiled statement, asked again, agrees.
          const compiled = compileStatement(statement);
          assert.equal(matchesStatement(compiled, matchSubject(request)), expected);
          assert.equal(matchesStatement(compiled, matchSubject(request)), expected);
        },
      ),
      propertyParameters(4000),
    );
    console.log(`      statements read once: ${tally.runs} random statements, ${tally.matched} matched`);
  });

  it("a pattern that is not a string matches nothing; a statement with neither Action nor NotAction matches nothing", () => {
    const request = { action: "s3:GetObject", resource: "arn:aws:s3:::b/k", context: {} };
    const odd = { Effect: "Allow", Action: [7, "s3:GetObject"], Resource: "*" } as never;
    assert.equal(statementMatches(odd, request), true);
    assert.equal(statementMatches({ Effect: "Allow", Action: [7], Resource: "*" } as never, request), false);
    assert.equal(statementMatches({ Effect: "Allow", Resource: "*" }, request), false);
    assert.equal(statementMatches({ Effect: "Allow", Action: [], Resource: "*" }, request), false);
  });

  it("conditions: a block that is not an object never matches; an empty Condition always does", () => {
    const request = {
      action: "kms:Decrypt",
      resource: "k",
      context: { "kms:ViaService": "s3.us-east-1.amazonaws.com" },
    };
    const base = { Effect: "Allow" as const, Action: "kms:Decrypt", Resource: "*" };
    assert.equal(statementMatches({ ...base, Condition: {} }, request), true);
    assert.equal(statementMatches({ ...base, Condition: { StringEquals: "x" } } as never, request), false);
    assert.equal(
      statementMatches(
        { ...base, Condition: { StringEquals: { "KMS:VIASERVICE": "s3.us-east-1.amazonaws.com" } } },
        request,
      ),
      true,
    );
    assert.equal(
      statementMatches({ ...base, Condition: { "ForAnyValue:StringLike": { "kms:ViaService": "s3.*" } } }, request),
      true,
    );
    assert.equal(
      statementMatches({ ...base, Condition: { "Sometimes:StringLike": { "kms:ViaService": "*" } } }, request),
      false,
    );
    assert.equal(
      statementMatches({ ...base, Condition: { NumericLessThan: { "kms:ViaService": "1" } } }, request),
      false,
    );
    assert.equal(
      statementMatches({ ...base, Condition: { StringNotEqualsIfExists: { "aws:SourceArn": "x" } } }, request),
      true,
    );
    assert.equal(statementMatches({ ...base, Condition: { Null: { "aws:SourceArn": "true" } } }, request), true);
    assert.equal(statementMatches({ ...base, Condition: { Bool: { "kms:ViaService": [] } } } as never, request), false);
  });
});
