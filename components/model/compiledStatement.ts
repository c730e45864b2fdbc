/**
 * A policy statement read once for the evaluator: its Action/NotAction patterns lower-cased and
 * classified, its Resource patterns classified, its conditions parsed into tests. The analysis
 * asks some sixty questions of the same few documents for each replication path; reading each
 * statement once lets every question match without allocating (no lists, no lower-cased copies,
 * no closures per match). The rules are those of `statementMatches` in evaluate.ts, which uses this.
 */

import { PolicyStatement, asList } from "./policyDocument";

/** How one Action or Resource pattern matches, decided when the statement is read. */
enum PatternKind {
  /** Only `*`: matches every value. */
  Any,
  /** No wildcard: matches the value equal to it. */
  Exact,
  /** A literal followed by `*` only: matches the values starting with the literal. */
  Prefix,
  /** Any other use of `*` or `?`: the glob match. */
  Glob,
  /** Not a string: matches nothing. */
  Never,
}

/** One pattern of a statement, read once (lower-cased when the field matches case-insensitively). */
interface Pattern {
  kind: PatternKind;
  /** The pattern (for Prefix, the literal before the trailing stars). */
  text: string;
}

/** One condition key of one operator block, as a test of the request's value for that key. */
interface ConditionTest {
  /** The condition key, lower-cased (context keys match case-insensitively). */
  key: string;
  /** The operator's verdict on the request's value (undefined when the request does not send the key). */
  test: (actual: string | undefined) => boolean;
}

/** A statement read once: what `statementMatches` needs, without the per-call normalisation. */
export interface CompiledStatement {
  /** The statement as written (Effect, Principal and Sid are read from it). */
  statement: PolicyStatement;
  /** Its position in its document. */
  index: number;
  /** Action patterns, lower-cased; undefined when the statement has no Action. */
  action: readonly Pattern[] | undefined;
  /** NotAction patterns, lower-cased; undefined when the statement has no NotAction. */
  notAction: readonly Pattern[] | undefined;
  /** Resource patterns; undefined when the statement has no Resource. */
  resource: readonly Pattern[] | undefined;
  /** NotResource patterns; undefined when the statement has no NotResource. */
  notResource: readonly Pattern[] | undefined;
  /** The condition tests, all of which must pass; false when the Condition can never match. */
  conditions: readonly ConditionTest[] | false;
}

/** A request's action and resource as compiled statements match them: the action lower-cased once. */
export interface MatchSubject {
  /** The action, lower-cased (undefined when it is not a string: nothing matches it). */
  action: string | undefined;
  /** The resource (undefined when it is not a string: nothing matches it). */
  resource: string | undefined;
  /** The request context. */
  context: Record<string, string>;
  /** The context by lower-cased key, built the first time a condition asks (most statements have none). */
  lowerContext?: Map<string, string>;
}

/** The subject `matchesStatement` takes for a request. */
export function matchSubject(request: {
  action: string;
  resource: string;
  context: Record<string, string>;
}): MatchSubject {
  return {
    action: typeof request.action === "string" ? request.action.toLowerCase() : undefined,
    resource: typeof request.resource === "string" ? request.resource : undefined,
    context: request.context,
  };
}

/** Reads a statement once (`index`: its position in its document). */
export function compileStatement(statement: PolicyStatement, index = 0): CompiledStatement {
  return {
    statement,
    index,
    action: compilePatterns(statement.Action, true),
    notAction: compilePatterns(statement.NotAction, true),
    resource: compilePatterns(statement.Resource, false),
    notResource: compilePatterns(statement.NotResource, false),
    conditions: compileConditions(statement.Condition),
  };
}

/** True when the statement's action, resource and conditions match the subject (principal aside). */
export function matchesStatement(compiled: CompiledStatement, subject: MatchSubject): boolean {
  if (compiled.action !== undefined && !matchesAny(compiled.action, subject.action)) return false;
  if (compiled.notAction !== undefined && matchesAny(compiled.notAction, subject.action)) return false;
  if (compiled.action === undefined && compiled.notAction === undefined) return false;
  if (compiled.resource !== undefined && !matchesAny(compiled.resource, subject.resource)) return false;
  if (compiled.notResource !== undefined && matchesAny(compiled.notResource, subject.resource)) return false;
  return conditionsPass(compiled.conditions, subject);
}

function compilePatterns(field: string | string[] | undefined, ignoreCase: boolean): Pattern[] | undefined {
  if (field === undefined) return undefined;
  return asList<unknown>(field).map((pattern) =>
    typeof pattern === "string"
      ? classify(ignoreCase ? pattern.toLowerCase() : pattern)
      : { kind: PatternKind.Never, text: "" },
  );
}

/** The cheapest exact equivalent of `globMatch(pattern, value)` for this pattern. */
function classify(pattern: string): Pattern {
  let wildcard = 0;
  while (wildcard < pattern.length && pattern[wildcard] !== "*" && pattern[wildcard] !== "?") wildcard++;
  if (wildcard === pattern.length) return { kind: PatternKind.Exact, text: pattern };
  for (let index = wildcard; index < pattern.length; index++)
    if (pattern[index] !== "*") return { kind: PatternKind.Glob, text: pattern };
  return wildcard === 0
    ? { kind: PatternKind.Any, text: "" }
    : { kind: PatternKind.Prefix, text: pattern.slice(0, wildcard) };
}

function matchesAny(patterns: readonly Pattern[], value: string | undefined): boolean {
  if (value === undefined) return false;
  for (const pattern of patterns) if (matchesPattern(pattern, value)) return true;
  return false;
}

function matchesPattern(pattern: Pattern, value: string): boolean {
  switch (pattern.kind) {
    case PatternKind.Any:
      return true;
    case PatternKind.Exact:
      return pattern.text === value;
    case PatternKind.Prefix:
      return value.startsWith(pattern.text);
    case PatternKind.Glob:
      return globMatch(pattern.text, value);
    default:
      return false;
  }
}

/** A counter of the comparison steps {@link globMatch} makes (for tests that bound the work). */
export interface MatchSteps {
  /** Steps taken so far; each step advances the value or the pattern by one position. */
  steps: number;
}

/**
 * The IAM glob match, case-sensitive (`*` any run of characters, `?` one character): a greedy
 * two-pointer scan that, on a mismatch, returns to the last `*` and lets it absorb one more
 * character. Every return moves that star's anchor one character right, so the work is at most
 * (value length + 1) x (pattern length + 1) steps, counted in `counter` when given: a pattern such
 * as `*?*?*?...*Z` cannot stall the gate.
 */
export function globMatch(pattern: string, value: string, counter?: MatchSteps): boolean {
  let p = 0;
  let v = 0;
  let star = -1;
  let anchor = 0;
  while (v < value.length) {
    if (counter) counter.steps++;
    const token = pattern[p];
    if (token === "*") {
      star = p++;
      anchor = v;
    } else if (p < pattern.length && (token === "?" || token === value[v])) {
      p++;
      v++;
    } else if (star >= 0) {
      p = star + 1;
      v = ++anchor;
    } else return false;
  }
  while (pattern[p] === "*") p++;
  return p === pattern.length;
}

const NEGATED = new Set([
  "StringNotEquals",
  "StringNotEqualsIgnoreCase",
  "StringNotLike",
  "ArnNotEquals",
  "ArnNotLike",
  "NumericNotEquals",
  "DateNotEquals",
]);

/** The condition tests of a statement, in the order written; false when a block is not an object. */
function compileConditions(condition: unknown): ConditionTest[] | false {
  if (condition === undefined) return [];
  if (typeof condition !== "object" || condition === null) return false;
  const tests: ConditionTest[] = [];
  for (const [rawOperator, block] of Object.entries(condition)) {
    if (typeof block !== "object" || block === null) return false;
    for (const [key, expected] of Object.entries(block))
      tests.push({ key: key.toLowerCase(), test: operatorTest(rawOperator, expected) });
  }
  return tests;
}

/** The subject's context by lower-cased key (a later key wins over an earlier one that differs only in case). */
function lowerCased(subject: MatchSubject): Map<string, string> {
  if (subject.lowerContext === undefined) {
    const lower = new Map<string, string>();
    const context = subject.context;
    for (const key in context) if (Object.hasOwn(context, key)) lower.set(key.toLowerCase(), context[key]!);
    subject.lowerContext = lower;
  }
  return subject.lowerContext;
}

function conditionsPass(conditions: readonly ConditionTest[] | false, subject: MatchSubject): boolean {
  if (conditions === false) return false;
  if (conditions.length === 0) return true;
  const lowerContext = lowerCased(subject);
  for (const condition of conditions) if (!condition.test(lowerContext.get(condition.key))) return false;
  return true;
}

const NEVER = (): boolean => false;

/**
 * The test of one condition operator (with its ForAnyValue/ForAllValues prefix and IfExists
 * suffix) against the expected value(s). A key the request does not send passes IfExists and
 * ForAllValues, fails ForAnyValue, and otherwise passes only the negated operators.
 */
function operatorTest(rawOperator: string, expected: unknown): (actual: string | undefined) => boolean {
  let operator = rawOperator;
  let setOperator: "ForAnyValue" | "ForAllValues" | undefined;
  const colon = operator.indexOf(":");
  if (colon >= 0) {
    const prefix = operator.slice(0, colon);
    if (prefix !== "ForAnyValue" && prefix !== "ForAllValues") return NEVER;
    setOperator = prefix;
    operator = operator.slice(colon + 1);
  }
  const ifExists = operator.endsWith("IfExists");
  if (ifExists) operator = operator.slice(0, -"IfExists".length);
  const values = (Array.isArray(expected) ? expected : [expected]).map((value) => String(value));
  if (operator === "Null") {
    const wantsMissing = values[0]?.toLowerCase() === "true";
    return (actual) => wantsMissing === (actual === undefined);
  }
  const negated = NEGATED.has(operator);
  const whenMissing =
    ifExists || setOperator === "ForAllValues" ? true : setOperator === "ForAnyValue" ? false : negated;
  const anyValueMatches = valueMatcher(operator, values);
  if (anyValueMatches === undefined) return (actual) => (actual === undefined ? whenMissing : false);
  return (actual) => (actual === undefined ? whenMissing : anyValueMatches(actual) !== negated);
}

/** Whether a sent value matches any expected value under the operator; undefined for an operator the evaluator does not know. */
function valueMatcher(operator: string, values: readonly string[]): ((actual: string) => boolean) | undefined {
  switch (operator) {
    case "StringEquals":
    case "StringNotEquals":
    case "ArnEquals":
    case "ArnNotEquals":
      return (actual) => values.includes(actual);
    case "StringEqualsIgnoreCase":
    case "StringNotEqualsIgnoreCase":
    case "Bool": {
      const lower = values.map((value) => value.toLowerCase());
      return (actual) => lower.length > 0 && lower.includes(actual.toLowerCase());
    }
    case "StringLike":
    case "StringNotLike":
    case "ArnLike":
    case "ArnNotLike":
      return (actual) => {
        if (typeof actual !== "string") return false;
        for (const value of values) if (globMatch(value, actual)) return true;
        return false;
      };
    default:
      return undefined;
  }
}
