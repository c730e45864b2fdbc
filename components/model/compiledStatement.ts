/**
 * A policy statement read once for the evaluator: its Action/NotAction patterns lower-cased and
 * classified, its Resource patterns classified, its conditions parsed into tests. The analysis
 * asks some sixty questions of the same few documents for each replication path; reading each
 * statement once lets every question match without allocating (no lists, no lower-cased copies,
 * no closures per match). The rules are those of `statementMatches` in evaluate.ts, which uses this.
 */

import { PolicyStatement } from "./policyDocument";

/** How a pattern with a wildcard (or no string at all) matches, decided when the statement is read. */
enum PatternKind {
  /** Only `*`: matches every value. */
  Any,
  /** A literal followed by `*` only: matches the values starting with the literal. */
  Prefix,
  /** Any other use of `*` or `?`: the glob match. */
  Glob,
  /** Not a string: matches nothing. */
  Never,
}

/**
 * One pattern of a statement, read once (lower-cased when the field matches case-insensitively):
 * a string is a pattern without wildcards, matching the value equal to it (most patterns are).
 */
type Pattern = string | { kind: PatternKind; text: string };

/** One condition key of one operator block, as a test of the request's value for that key. */
interface ConditionTest {
  /** The condition key as written. */
  rawKey: string;
  /** The condition key, lower-cased (context keys match case-insensitively). */
  key: string;
  /** How the operator compares the request's value with the expected ones. */
  comparison: Comparison;
  /** The expected values: as written (Equals), lower-cased (EqualsIgnoreCase), classified patterns (Like). */
  values: readonly Pattern[];
  /** A negated operator (StringNotEquals, ...): true when no expected value matches. */
  negated: boolean;
  /** The verdict when the request does not send the key (for Null: whether the key must be missing). */
  whenMissing: boolean;
}

/** How a condition operator compares, decided when the statement's conditions are read. */
enum Comparison {
  /** A set prefix other than ForAnyValue/ForAllValues: never matches. */
  Never,
  /** Null: whether the key is missing. */
  Null,
  /** An operator the evaluator does not know: matches only a missing key that passes anyway. */
  Unknown,
  Equals,
  EqualsIgnoreCase,
  Like,
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
  /**
   * The condition tests, all of which must pass; false when the Condition can never match;
   * undefined until a request first matches the statement's actions and resources.
   */
  conditions: readonly ConditionTest[] | false | undefined;
}

/** A request's action and resource as compiled statements match them: the action lower-cased once. */
export interface MatchSubject {
  /** The action, lower-cased (undefined when it is not a string: nothing matches it). */
  action: string | undefined;
  /** The resource (undefined when it is not a string: nothing matches it). */
  resource: string | undefined;
  /** The request context. */
  context: Record<string, string>;
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
    conditions: statement.Condition === undefined ? NO_CONDITIONS : undefined,
  };
}

/** True when the statement's action, resource and conditions match the subject (principal aside). */
export function matchesStatement(compiled: CompiledStatement, subject: MatchSubject): boolean {
  return (
    matchesAction(compiled, subject.action) &&
    matchesResource(compiled, subject.resource) &&
    matchesConditions(compiled, subject.context)
  );
}

/** True when the statement's conditions pass on the request context. */
export function matchesConditions(compiled: CompiledStatement, context: Record<string, string>): boolean {
  // Conditions are read when first needed: most statements never get past their actions.
  compiled.conditions ??= compileConditions(compiled.statement.Condition);
  return conditionsPass(compiled.conditions, context);
}

/** True when the statement's Action/NotAction admits the action (lower-cased; undefined matches nothing). */
export function matchesAction(compiled: CompiledStatement, action: string | undefined): boolean {
  if (compiled.action !== undefined && !matchesAny(compiled.action, action)) return false;
  if (compiled.notAction !== undefined && matchesAny(compiled.notAction, action)) return false;
  return compiled.action !== undefined || compiled.notAction !== undefined;
}

/** True when the statement's Resource/NotResource admits the resource (undefined matches no Resource pattern). */
export function matchesResource(compiled: CompiledStatement, resource: string | undefined): boolean {
  if (compiled.resource !== undefined && !matchesAny(compiled.resource, resource)) return false;
  return compiled.notResource === undefined || !matchesAny(compiled.notResource, resource);
}

const NO_CONDITIONS: readonly ConditionTest[] = Object.freeze([]);
const ANY: Pattern = { kind: PatternKind.Any, text: "" };
const NEVER_PATTERN: Pattern = { kind: PatternKind.Never, text: "" };

function compilePatterns(field: string | string[] | undefined, ignoreCase: boolean): Pattern[] | undefined {
  if (field === undefined) return undefined;
  if (!Array.isArray(field)) return [compilePattern(field, ignoreCase)];
  const patterns: Pattern[] = [];
  for (let index = 0; index < field.length; index++) patterns.push(compilePattern(field[index], ignoreCase));
  return patterns;
}

function compilePattern(pattern: unknown, ignoreCase: boolean): Pattern {
  if (typeof pattern !== "string") return NEVER_PATTERN;
  const text = ignoreCase ? pattern.toLowerCase() : pattern;
  // Most patterns have no wildcard: kept as the string, without a call to classify.
  return text.indexOf("*") < 0 && text.indexOf("?") < 0 ? text : classify(text);
}

/** The cheapest exact equivalent of `globMatch(pattern, value)` for this pattern. */
function classify(pattern: string): Pattern {
  // indexOf rather than a loop over the characters: patterns are read mostly before the JIT has
  // optimised this, and most are long ARNs with no wildcard or one trailing `*`.
  const star = pattern.indexOf("*");
  if (pattern.indexOf("?") >= 0) return { kind: PatternKind.Glob, text: pattern };
  if (star < 0) return pattern;
  for (let index = star + 1; index < pattern.length; index++)
    if (pattern.charCodeAt(index) !== STAR) return { kind: PatternKind.Glob, text: pattern };
  return star === 0 ? ANY : { kind: PatternKind.Prefix, text: pattern.slice(0, star) };
}

const STAR = 0x2a;

function matchesAny(patterns: readonly Pattern[], value: string | undefined): boolean {
  if (value === undefined) return false;
  // Indexed loops here and below: the analysis runs once per stack, mostly before the JIT has
  // optimised it, and a for-of loop then allocates an iterator result per element.
  for (let index = 0; index < patterns.length; index++) if (matchesPattern(patterns[index]!, value)) return true;
  return false;
}

function matchesPattern(pattern: Pattern, value: string): boolean {
  if (typeof pattern === "string") return pattern === value;
  switch (pattern.kind) {
    case PatternKind.Any:
      return true;
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
  const blocks = condition as Record<string, unknown>;
  for (const rawOperator in blocks) {
    if (!Object.prototype.hasOwnProperty.call(blocks, rawOperator)) continue;
    const block = blocks[rawOperator];
    if (typeof block !== "object" || block === null) return false;
    const operator = readOperator(rawOperator);
    const keys = block as Record<string, unknown>;
    for (const key in keys)
      if (Object.prototype.hasOwnProperty.call(keys, key)) tests.push(conditionTest(operator, key, keys[key]));
  }
  return tests;
}

function conditionsPass(conditions: readonly ConditionTest[] | false, context: Record<string, string>): boolean {
  if (conditions === false) return false;
  for (let index = 0; index < conditions.length; index++) {
    const condition = conditions[index]!;
    if (!passes(condition, contextValue(context, condition))) return false;
  }
  return true;
}

/** The condition's verdict on the value the request sends for its key (undefined: not sent). */
function passes(test: ConditionTest, actual: string | undefined): boolean {
  switch (test.comparison) {
    case Comparison.Never:
      return false;
    case Comparison.Null:
      return test.whenMissing === (actual === undefined);
    default:
      if (actual === undefined) return test.whenMissing;
  }
  switch (test.comparison) {
    case Comparison.Equals:
      return test.values.includes(actual) !== test.negated;
    case Comparison.EqualsIgnoreCase:
      return (test.values.length > 0 && test.values.includes(actual.toLowerCase())) !== test.negated;
    case Comparison.Like:
      return (typeof actual === "string" && matchesAny(test.values, actual)) !== test.negated;
    default:
      return false;
  }
}

/**
 * The value the request sends for a condition's key: context keys match case-insensitively, and
 * of two keys differing only in case the later one wins. Compared without lower-casing copies.
 */
function contextValue(context: Record<string, string>, condition: ConditionTest): string | undefined {
  let value: string | undefined;
  for (const key in context)
    if (
      Object.prototype.hasOwnProperty.call(context, key) &&
      (key === condition.rawKey || equalsLowerCased(key, condition.key))
    )
      value = context[key];
  return value;
}

/** `key.toLowerCase() === lower`, without a copy when the key is ASCII (where only A-Z change). */
function equalsLowerCased(key: string, lower: string): boolean {
  let index = 0;
  for (; index < key.length; index++) {
    const code = key.charCodeAt(index);
    if (code > 0x7f) return key.toLowerCase() === lower;
    if ((code >= 0x41 && code <= 0x5a ? code + 0x20 : code) !== lower.charCodeAt(index)) break;
  }
  if (index === key.length) return index === lower.length;
  // A mismatch: final unless a later character is not ASCII (its lower case may differ in length).
  for (; index < key.length; index++) if (key.charCodeAt(index) > 0x7f) return key.toLowerCase() === lower;
  return false;
}

/** A condition operator read once: how it compares, whether it is negated, its verdict on a missing key. */
interface Operator {
  comparison: Comparison;
  negated: boolean;
  whenMissing: boolean;
}

const NEVER_OPERATOR: Operator = { comparison: Comparison.Never, negated: false, whenMissing: false };

/**
 * Reads an operator with its ForAnyValue/ForAllValues prefix and IfExists suffix. A key the
 * request does not send passes IfExists and ForAllValues, fails ForAnyValue, and otherwise passes
 * only the negated operators.
 */
function readOperator(rawOperator: string): Operator {
  let operator = rawOperator;
  let setOperator: "ForAnyValue" | "ForAllValues" | undefined;
  const colon = operator.indexOf(":");
  if (colon >= 0) {
    const prefix = operator.slice(0, colon);
    if (prefix !== "ForAnyValue" && prefix !== "ForAllValues") return NEVER_OPERATOR;
    setOperator = prefix;
    operator = operator.slice(colon + 1);
  }
  const ifExists = operator.endsWith("IfExists");
  if (ifExists) operator = operator.slice(0, -"IfExists".length);
  const negated = NEGATED.has(operator);
  const whenMissing =
    ifExists || setOperator === "ForAllValues" ? true : setOperator === "ForAnyValue" ? false : negated;
  return { comparison: comparisonOf(operator), negated, whenMissing };
}

function comparisonOf(operator: string): Comparison {
  switch (operator) {
    case "Null":
      return Comparison.Null;
    case "StringEquals":
    case "StringNotEquals":
    case "ArnEquals":
    case "ArnNotEquals":
      return Comparison.Equals;
    case "StringEqualsIgnoreCase":
    case "StringNotEqualsIgnoreCase":
    case "Bool":
      return Comparison.EqualsIgnoreCase;
    case "StringLike":
    case "StringNotLike":
    case "ArnLike":
    case "ArnNotLike":
      return Comparison.Like;
    default:
      return Comparison.Unknown;
  }
}

/** One key of an operator block, with its expected value(s) in the form the comparison takes. */
function conditionTest(operator: Operator, key: string, expected: unknown): ConditionTest {
  const written = Array.isArray(expected) ? expected : [expected];
  const values: Pattern[] = [];
  for (let index = 0; index < written.length; index++) {
    const text = String(written[index]);
    values.push(
      operator.comparison === Comparison.Like
        ? classify(text)
        : operator.comparison === Comparison.Equals
          ? text
          : text.toLowerCase(),
    );
  }
  // Null asks whether the key is missing: "true" (any case) wants it missing.
  const whenMissing = operator.comparison === Comparison.Null ? values[0] === "true" : operator.whenMissing;
  return {
    rawKey: key,
    key: key.toLowerCase(),
    comparison: operator.comparison,
    negated: operator.negated,
    whenMissing,
    values,
  };
}
