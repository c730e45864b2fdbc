/**
 * Who a resource-policy statement admits: its principals as written, and the conditions that
 * narrow a wildcard principal to accounts, an organization or a service's source resource. Pure
 * reading of documents; the security analysis (`security.ts`) judges what it reads.
 */

import { parseArn } from "./arn";
import { globMatch } from "./compiledStatement";
import { PolicyCondition, PolicyStatement, asList } from "./policyDocument";

/** What kind of principal a statement names. */
export enum PrincipalKind {
  /** `"*"` or `{ AWS: "*" }` (or an Allow with NotPrincipal): every principal of every account. */
  Anyone = "anyone",
  /** An account (id or root ARN) or a principal of one (role, user, session ARN). */
  Account = "account",
  /** An AWS service principal such as `s3.amazonaws.com`. */
  Service = "service",
  /** A federated principal (identity provider). */
  Federated = "federated",
}

/** One principal of a statement. */
export interface StatementPrincipal {
  /** Kind. */
  kind: PrincipalKind;
  /** The principal as written (for messages). */
  written: string;
  /** The account, for an account principal. */
  account?: string;
  /** True when it names the account itself (id or `:root`), not one principal of it. */
  wholeAccount?: boolean;
}

/** How a statement's conditions narrow who can match it. */
export interface PrincipalRestriction {
  /** Accounts the caller (or the service's source) must be in, when the conditions name them. */
  accounts?: string[];
  /** The condition keys that restrict (as written). */
  keys: string[];
}

/**
 * The principals a statement names. An Allow with NotPrincipal admits everyone but the named
 * principals, so it reads as Anyone ("NotPrincipal", IAM JSON policy elements,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html).
 */
export function statementPrincipals(statement: PolicyStatement): StatementPrincipal[] {
  if (statement.NotPrincipal !== undefined)
    return [{ kind: PrincipalKind.Anyone, written: `NotPrincipal ${JSON.stringify(statement.NotPrincipal)}` }];
  const principal = statement.Principal;
  if (principal === undefined) return [];
  if (principal === "*") return [{ kind: PrincipalKind.Anyone, written: '"*"' }];
  if (typeof principal !== "object" || principal === null) return [];
  const principals: StatementPrincipal[] = [];
  // Indexed loops: this runs mostly before the JIT optimises it, when for-of allocates per element.
  const aws = asList(principal.AWS);
  for (let index = 0; index < aws.length; index++) principals.push(awsPrincipal(aws[index]!));
  const services = asList(principal.Service);
  for (let index = 0; index < services.length; index++)
    principals.push({ kind: PrincipalKind.Service, written: String(services[index]) });
  const federated = asList(principal.Federated);
  for (let index = 0; index < federated.length; index++)
    principals.push({ kind: PrincipalKind.Federated, written: String(federated[index]) });
  return principals;
}

function awsPrincipal(entry: string): StatementPrincipal {
  const written = String(entry);
  if (written === "*") return { kind: PrincipalKind.Anyone, written: 'AWS "*"' };
  if (/^\d{12}$/.test(written)) return { kind: PrincipalKind.Account, written, account: written, wholeAccount: true };
  const arn = parseArn(written);
  if (arn === undefined || arn.account === "")
    return { kind: PrincipalKind.Anyone, written: `AWS "${written}" (not an ARN or account id)` };
  return { kind: PrincipalKind.Account, written, account: arn.account, wholeAccount: arn.resource === "root" };
}

/** Condition keys whose value names the caller's (or the source's) account. */
const ACCOUNT_KEYS = ["aws:principalaccount", "aws:sourceaccount", "kms:calleraccount", "aws:sourceowner"];
/** Condition keys whose value is an ARN that names an account. */
const ARN_KEYS = ["aws:principalarn", "aws:sourcearn"];
/** Condition keys that tie the caller or source to an organization (or one resource without account). */
const SCOPE_KEYS = ["aws:principalorgid", "aws:principalorgpaths", "aws:sourceorgid", "aws:sourceorgpaths"];
/** Operators that require the key to be present and equal (or like) one of the values. */
const POSITIVE = new Set(["stringequals", "stringequalsignorecase", "stringlike", "arnequals", "arnlike"]);

/**
 * The restriction a statement's conditions put on a wildcard principal, or undefined when none
 * does: a positive operator (no IfExists, no ForAllValues) on `aws:PrincipalOrgID`,
 * `aws:PrincipalAccount`, `aws:SourceAccount`, `aws:SourceArn`, `aws:PrincipalArn` or
 * `kms:CallerAccount` with values that fix the account ("Grant access to AWS services",
 * confused deputy prevention, https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html;
 * kms:CallerAccount, https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-caller-account).
 * `kms:ViaService` alone restricts nothing (any caller may go through the service).
 */
export function principalRestriction(condition: PolicyCondition | undefined): PrincipalRestriction | undefined {
  if (condition === undefined || condition === null) return undefined;
  const keys: string[] = [];
  const accounts: string[] = [];
  let accountBound = false;
  // Indexed loops over the keys: this runs mostly before the JIT optimises it, when for-of and
  // entry destructuring allocate per element.
  const operators = Object.keys(condition);
  for (let at = 0; at < operators.length; at++) {
    const rawOperator = operators[at]!;
    const block = condition[rawOperator];
    const operator = rawOperator.replace(/^ForAnyValue:/i, "").toLowerCase();
    if (!POSITIVE.has(operator) || typeof block !== "object" || block === null) continue;
    const blockKeys = Object.keys(block);
    for (let index = 0; index < blockKeys.length; index++) {
      const key = blockKeys[index]!;
      const value = block[key];
      const lower = key.toLowerCase();
      const values = asList(value as string | string[]).map(String);
      if (values.length === 0 || values.some((entry) => entry.trim() === "" || entry === "*")) continue;
      if (ACCOUNT_KEYS.includes(lower)) {
        if (values.some((entry) => !/^\d{12}$/.test(entry))) continue;
        keys.push(key);
        accounts.push(...values);
        accountBound = true;
      } else if (ARN_KEYS.includes(lower)) {
        const named = values.map((entry) => parseArn(entry)?.account);
        if (named.some((account) => account === undefined || /[*?]/.test(account))) continue;
        keys.push(key);
        const fixed = named.filter((account): account is string => account !== undefined && account !== "");
        if (fixed.length === values.length) {
          accounts.push(...fixed);
          accountBound = true;
        }
      } else if (SCOPE_KEYS.includes(lower)) {
        keys.push(key);
      }
    }
  }
  if (keys.length === 0) return undefined;
  return accountBound ? { accounts: [...new Set(accounts)], keys } : { keys };
}

/**
 * A statement's Action patterns (its NotAction patterns when it has NotAction, which then decide
 * alone), read once for the many actions the security analysis asks about: each pattern
 * lower-cased once (IAM matches action names case-insensitively) instead of on every match.
 */
export interface StatementActions {
  /** True when the patterns are NotAction's: the statement admits every action they do not match. */
  not: boolean;
  /** The patterns as written. */
  written: readonly unknown[];
  /** Each pattern as a string, lower-cased (`String(pattern).toLowerCase()`). */
  lowered: readonly string[];
  /**
   * True when every pattern is a string without `*` or `?`: each then matches exactly the action it
   * names (IAM's wildcards are the only way a pattern matches more), so a match is an equality.
   */
  exact: boolean;
}

/** Reads a statement's Action / NotAction patterns once. */
export function statementActions(statement: PolicyStatement): StatementActions {
  const not = statement.NotAction !== undefined;
  const written: readonly unknown[] = asList<unknown>(not ? statement.NotAction : statement.Action);
  const lowered: string[] = [];
  let exact = true;
  for (let index = 0; index < written.length; index++) {
    const pattern = written[index];
    const lower = String(pattern).toLowerCase();
    lowered.push(lower);
    exact = exact && typeof pattern === "string" && !lower.includes("*") && !lower.includes("?");
  }
  return { not, written, lowered, exact };
}

/** True when the patterns admit an action already lower-cased (undefined: not a string, matched by no pattern). */
export function admitsLowered(actions: StatementActions, lowered: string | undefined): boolean {
  let matched = false;
  if (lowered !== undefined && actions.exact) matched = actions.lowered.includes(lowered);
  else if (lowered !== undefined)
    for (let index = 0; index < actions.lowered.length && !matched; index++)
      matched = typeof actions.written[index] === "string" && globMatch(actions.lowered[index]!, lowered);
  return actions.not ? !matched : matched;
}

/** True when any of the statement's Action / NotAction patterns admits the action. */
export function admitsAction(statement: PolicyStatement, action: string): boolean {
  return admitsLowered(statementActions(statement), typeof action === "string" ? action.toLowerCase() : undefined);
}

/** A fixed list of actions, each lower-cased once, for asking many statements which of them they admit. */
export interface ActionList {
  /** The actions as messages name them. */
  actions: readonly string[];
  /** The same actions, lower-cased. */
  lowered: readonly string[];
  /** The position of each lower-cased action, when no two are the same (undefined otherwise). */
  positions: ReadonlyMap<string, number> | undefined;
}

/** An action list with its lower-cased forms. */
export function actionList(actions: readonly string[]): ActionList {
  const lowered = actions.map((action) => action.toLowerCase());
  const positions = new Map(lowered.map((action, index) => [action, index] as const));
  return { actions, lowered, positions: positions.size === lowered.length ? positions : undefined };
}

/** The actions of a list that read patterns admit, in the list's order. */
export function admittedFrom(actions: StatementActions, list: ActionList): string[] {
  if (actions.exact && list.positions !== undefined) return admittedExactly(actions, list, list.positions);
  const admitted: string[] = [];
  for (let index = 0; index < list.actions.length; index++)
    if (admitsLowered(actions, list.lowered[index])) admitted.push(list.actions[index]!);
  return admitted;
}

/**
 * `admittedFrom` for exact patterns (`StatementActions.exact`): each pattern names at most one
 * action of the list, found by its position, instead of every action of the list being matched
 * against every pattern (the common statement lists its actions by name).
 */
function admittedExactly(
  actions: StatementActions,
  list: ActionList,
  positions: ReadonlyMap<string, number>,
): string[] {
  const named: number[] = [];
  for (let index = 0; index < actions.lowered.length; index++) {
    const at = positions.get(actions.lowered[index]!);
    if (at !== undefined && !named.includes(at)) named.push(at);
  }
  const admitted: string[] = [];
  if (actions.not) {
    for (let at = 0; at < list.actions.length; at++) if (!named.includes(at)) admitted.push(list.actions[at]!);
    return admitted;
  }
  if (named.length > 1) named.sort(ascending);
  for (let index = 0; index < named.length; index++) admitted.push(list.actions[named[index]!]!);
  return admitted;
}

function ascending(left: number, right: number): number {
  return left - right;
}

/** The actions of a list the statement admits. */
export function admittedActions(statement: PolicyStatement, actions: readonly string[]): string[] {
  return admittedFrom(statementActions(statement), actionList(actions));
}

/**
 * True when the statement grants every action of a service: `*`, `SERVICE:*`, or an Allow with
 * NotAction that does not exclude the whole service. An Allow with NotAction grants every action
 * it does not name, so excluding a few of a service's actions still grants the rest, its
 * administration included ("IAM JSON policy elements: NotAction",
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html).
 */
export function grantsAllOf(statement: PolicyStatement, service: string): boolean {
  return grantsAllOfRead(statementActions(statement), service);
}

/** `grantsAllOf` on patterns read once. */
export function grantsAllOfRead(actions: StatementActions, service: string): boolean {
  // Exact patterns name single actions: none is `*` or `SERVICE:*`, none matches `SERVICE:*`.
  if (actions.exact) return actions.not;
  const all = `${service.toLowerCase()}:*`;
  for (let index = 0; index < actions.lowered.length; index++) {
    const pattern = actions.lowered[index]!;
    if (actions.not ? globMatch(pattern, all) : pattern === "*" || pattern === all) return !actions.not;
  }
  return actions.not;
}

/** How messages name "every action of a service" for a statement: `kms:*`, or `kms:* but those NotAction names`. */
export function allActionsText(statement: PolicyStatement, service: string): string {
  const excluded = asList(statement.NotAction).map(String);
  return excluded.length > 0 ? `${service}:* but ${excluded.join(", ")} (NotAction)` : `${service}:*`;
}

/** How messages name a principal. */
export function describePrincipal(principal: StatementPrincipal): string {
  switch (principal.kind) {
    case PrincipalKind.Anyone:
      return `any principal (${principal.written})`;
    case PrincipalKind.Service:
      return `the service ${principal.written}`;
    case PrincipalKind.Federated:
      return `the federated principal ${principal.written}`;
    default:
      return principal.wholeAccount === true
        ? `account ${principal.account ?? principal.written}`
        : `${principal.written} (account ${principal.account ?? "?"})`;
  }
}
