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

  it("context keys match case-insensitively, the later of two keys differing in case winning, non-ASCII keys lower-cased as JavaScript does", () => {
    const statement = (key: string, value: string): Parameters<typeof statementMatches>[0] => ({
      Effect: "Allow",
      Action: "kms:Decrypt",
      Resource: "*",
      Condition: { StringEquals: { [key]: value } },
    });
    const request = (context: Record<string, string>): Parameters<typeof statementMatches>[1] => ({
      action: "kms:Decrypt",
      resource: "k",
      context,
    });
    assert.equal(statementMatches(statement("kms:viaservice", "a"), request({ "KMS:ViaService": "a" })), true);
    assert.equal(statementMatches(statement("KMS:VIASERVICE", "a"), request({ "kms:ViaService": "a" })), true);
    const twice = request({ "aws:SourceArn": "x", "AWS:SOURCEARN": "y" });
    assert.equal(statementMatches(statement("aws:sourcearn", "y"), twice), true);
    assert.equal(statementMatches(statement("aws:SourceArn", "x"), twice), false);
    assert.equal(statementMatches(statement("abcd", "a"), request({ aBc: "a" })), false);
    assert.equal(statementMatches(statement("abc", "a"), request({ aBcD: "a" })), false);
    // U+0130 lower-cases to two code units ("i" and a combining dot): a key longer in lower case.
    assert.equal(statementMatches(statement("x:\u0069\u0307d", "a"), request({ "X:\u0130D": "a" })), true);
    assert.equal(statementMatches(statement("x:\u0069d", "a"), request({ "X:\u0130D": "a" })), false);
  });

  it("conditions read on first use: a statement first asked about another action still judges its conditions", () => {
    const compiled = compileStatement({
      Effect: "Allow",
      Action: "kms:Decrypt",
      Resource: "*",
      Condition: { StringLike: { "kms:EncryptionContext:aws:s3:arn": "arn:aws:s3:::orders/*" } },
    });
    const subject = (action: string, arn: string): ReturnType<typeof matchSubject> =>
      matchSubject({ action, resource: "k", context: { "kms:EncryptionContext:aws:s3:arn": arn } });
    assert.equal(matchesStatement(compiled, subject("kms:Encrypt", "arn:aws:s3:::orders/a")), false);
    assert.equal(compiled.conditions, undefined);
    assert.equal(matchesStatement(compiled, subject("kms:Decrypt", "arn:aws:s3:::other/a")), false);
    assert.equal(matchesStatement(compiled, subject("KMS:decrypt", "arn:aws:s3:::orders/a")), true);
  });
});
