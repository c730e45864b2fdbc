/** A statement's actions read once (lower-cased) answer as matching each action afresh does. */

import assert from "node:assert/strict";
import { wildcardMatch } from "../../components/model/evaluate";
import { PolicyStatement } from "../../components/model/policyDocument";
import {
  actionList,
  admittedActions,
  admittedFrom,
  admitsAction,
  admitsLowered,
  grantsAllOf,
  grantsAllOfRead,
  statementActions,
} from "../../components/model/principals";

const ACTIONS = actionList(["kms:Decrypt", "kms:PutKeyPolicy", "s3:GetObject", "s3:PutObject", "iam:PassRole"]);

const STATEMENTS: PolicyStatement[] = [
  { Effect: "Allow", Action: ["KMS:decrypt", "s3:Get*"], Resource: "*" },
  { Effect: "Allow", Action: "kms:*", Resource: "*" },
  { Effect: "Allow", Action: "*", Resource: "*" },
  { Effect: "Allow", NotAction: ["kms:Put*", "iam:*"], Resource: "*" },
  { Effect: "Allow", NotAction: "s3:*", Action: "s3:GetObject", Resource: "*" },
  { Effect: "Allow", Action: ["s3:?utObject", 7 as unknown as string], Resource: "*" },
  { Effect: "Allow", Resource: "*" },
];

/** What admitsAction answered before the statement was read once: every pattern matched afresh. */
function matchedAfresh(statement: PolicyStatement, action: string): boolean {
  const list = (value: unknown): unknown[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
  if (statement.NotAction !== undefined)
    return !list(statement.NotAction).some((pattern) => wildcardMatch(pattern as string, action, true));
  return list(statement.Action).some((pattern) => wildcardMatch(pattern as string, action, true));
}

describe("principals: a statement's actions read once", () => {
  it("admit exactly the actions each pattern matches case-insensitively (NotAction deciding alone, non-strings matching nothing)", () => {
    for (const statement of STATEMENTS) {
      const read = statementActions(statement);
      const expected = ACTIONS.actions.filter((action) => matchedAfresh(statement, action));
      assert.deepEqual(admittedFrom(read, ACTIONS), expected, JSON.stringify(statement));
      assert.deepEqual(admittedActions(statement, ACTIONS.actions), expected);
      for (const action of ACTIONS.actions) {
        assert.equal(admitsAction(statement, action), expected.includes(action));
        assert.equal(admitsLowered(read, action.toLowerCase()), expected.includes(action));
      }
    }
  });

  it("grant a whole service through *, SERVICE:* or a NotAction that leaves part of it", () => {
    const granted = (statement: PolicyStatement): string[] =>
      ["kms", "s3", "iam"].filter((service) => grantsAllOfRead(statementActions(statement), service));
    assert.deepEqual(STATEMENTS.map(granted), [
      [],
      ["kms"],
      ["kms", "s3", "iam"],
      ["kms", "s3"],
      ["kms", "iam"],
      [],
      [],
    ]);
    for (const statement of STATEMENTS)
      assert.deepEqual(
        ["kms", "s3", "iam"].filter((service) => grantsAllOf(statement, service)),
        granted(statement),
      );
  });
});

describe("principals: statements that name their actions exactly", () => {
  const EXACT: PolicyStatement[] = [
    { Effect: "Allow", Action: ["S3:PutObject", "kms:decrypt", "s3:PutObject", "sts:AssumeRole"], Resource: "*" },
    { Effect: "Allow", Action: "iam:PassRole", Resource: "*" },
    { Effect: "Allow", NotAction: ["kms:PutKeyPolicy", "s3:GetObject"], Resource: "*" },
    { Effect: "Allow", Action: [], Resource: "*" },
  ];
  const NOT_EXACT: PolicyStatement[] = [
    { Effect: "Allow", Action: ["kms:Decrypt", "s3:Get*"], Resource: "*" },
    { Effect: "Allow", Action: ["kms:Decrypt", "s3:?utObject"], Resource: "*" },
    { Effect: "Allow", Action: ["kms:Decrypt", 7 as unknown as string], Resource: "*" },
  ];
  /** The same list with an action twice: no positions, so every pattern is matched against every action. */
  const TWICE = actionList(["s3:PutObject", "kms:Decrypt", "S3:putobject"]);

  it("are read as exact only when every pattern is a string without * or ?", () => {
    assert.deepEqual(
      [...EXACT, ...NOT_EXACT].map((statement) => statementActions(statement).exact),
      [true, true, true, true, false, false, false],
    );
    assert.equal(TWICE.positions, undefined);
    assert.equal(ACTIONS.positions?.get("s3:putobject"), 3);
  });

  it("admit, in the list's order, exactly what matching each pattern admits", () => {
    for (const statement of EXACT) {
      const read = statementActions(statement);
      const matched = { ...read, exact: false };
      for (const list of [ACTIONS, TWICE]) {
        const expected = list.actions.filter((action) => matchedAfresh(statement, action));
        assert.deepEqual(admittedFrom(read, list), expected, JSON.stringify(statement));
        assert.deepEqual(admittedFrom(matched, list), expected, JSON.stringify(statement));
        for (const action of list.lowered) assert.equal(admitsLowered(read, action), admitsLowered(matched, action));
      }
      for (const service of ["kms", "s3", "iam", "sts"])
        assert.equal(grantsAllOfRead(read, service), grantsAllOfRead(matched, service));
    }
  });
});
