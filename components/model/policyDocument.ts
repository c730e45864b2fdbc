/**
 * The JSON shape of an AWS IAM policy document (identity, trust, key or bucket policy),
 * as this package writes and reads it.
 */

/** A principal block as written in a resource or trust policy. */
export interface PolicyPrincipal {
  /** AWS principals: account ids, account root ARNs, role or user ARNs, or "*". */
  AWS?: string | string[];
  /** Service principals such as `s3.amazonaws.com`. */
  Service?: string | string[];
  /** Federated principals (never produced by this package; read only). */
  Federated?: string | string[];
}

/** A condition block: operator -> condition key -> value(s). */
export type PolicyCondition = Record<string, Record<string, string | string[] | boolean>>;

/** One statement of a policy document. */
export interface PolicyStatement {
  /** Statement id, used in findings to point at the statement. */
  Sid?: string;
  /** Allow or Deny. */
  Effect: "Allow" | "Deny";
  /** The principal (resource and trust policies only). */
  Principal?: PolicyPrincipal | "*";
  /** The principal exclusion (read only). */
  NotPrincipal?: PolicyPrincipal | "*";
  /** Actions, e.g. `s3:ReplicateObject`. */
  Action?: string | string[];
  /** Actions excluded (read only). */
  NotAction?: string | string[];
  /** Resource ARNs. */
  Resource?: string | string[];
  /** Resources excluded (read only). */
  NotResource?: string | string[];
  /** Conditions. */
  Condition?: PolicyCondition;
}

/** A whole policy document. */
export interface PolicyDocument {
  /** Always `2012-10-17` for documents this package writes. */
  Version: "2012-10-17" | "2008-10-17";
  /** Optional document id. */
  Id?: string;
  /** The statements. */
  Statement: PolicyStatement[];
}

/** Normalises a string-or-list field of a policy to a list. */
export function asList<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}
