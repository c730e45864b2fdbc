/**
 * Argument checks of the building blocks (EncryptedBucket, ReplicationKey, ReplicationRole,
 * ReplicationAccess, BucketReplication): each block declares the type of every argument and the
 * AWS rule its value must meet, and is refused at construction with a ReplicationConfigError that
 * names the argument path (`EncryptedBucket orders.tags["aws:x"]`) and the fix, never a TypeError.
 * A value given as an Output is checked when it resolves, which is during preview when it is known.
 */

import * as pulumi from "@pulumi/pulumi";
import { tagIssues } from "./model/awsLimits";
import { ValidationIssue, throwIfIssues } from "./model/validate";

/** The type an argument must have. */
export type ArgKind = "string" | "boolean" | "number" | "input" | "tags" | "object" | "list" | "instance";

/** How one argument is checked. */
export interface ArgRule {
  /** Its type: `input` is a string or an Output (or promise) of one; `instance` an object of `instanceOf`. */
  kind: ArgKind;
  /** The AWS rule on a string or number value (an `input` is checked once it resolves). Default: none. */
  check?: (value: never, field: string) => ValidationIssue[];
  /** Required (not undefined). Default: false. */
  required?: boolean;
  /** The fields of an object, or of each item of a list. Default: none. */
  fields?: ArgSpec;
  /** The class an `instance` argument must be of (with its name for messages). Default: none. */
  instanceOf?: { name: string; is: (value: unknown) => boolean };
  /** Allowed values of a string (an enum). Default: any. */
  oneOf?: readonly string[];
  /** Fewest items of a list. Default: 0. */
  minItems?: number;
}

/** The rules of every argument of a block. */
export type ArgSpec = Record<string, ArgRule>;

const describe = (value: unknown): string =>
  value === null
    ? "null"
    : Array.isArray(value)
      ? "a list"
      : `${typeof value} ${String(JSON.stringify(value)).slice(0, 40)}`;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** True for a value a Pulumi Input may be before it resolves: an Output or a promise. */
function isPending(value: unknown): boolean {
  return pulumi.Output.isInstance(value) || (isRecord(value) && typeof value["then"] === "function");
}

/** Issues with one value against its rule; `later` collects the checks of values that resolve later. */
function valueIssues(value: unknown, rule: ArgRule, field: string, later: Array<() => void>): ValidationIssue[] {
  const wrong = (expected: string, fix = `give ${expected}, or leave it out`): ValidationIssue[] => [
    { field, problem: `${describe(value)} is not ${expected}`, fix },
  ];
  switch (rule.kind) {
    case "boolean":
    case "number":
      if (typeof value !== rule.kind || (rule.kind === "number" && !Number.isFinite(value)))
        return wrong(`a ${rule.kind}`);
      return rule.check?.(value as never, field) ?? [];
    case "string":
      if (typeof value !== "string") return wrong("a string");
      return stringIssues(value, rule, field);
    case "input":
      if (isPending(value)) {
        later.push(() => {
          (pulumi.output(value as pulumi.Input<string>) as pulumi.Output<unknown>).apply((resolved: unknown) => {
            if (resolved !== undefined) throwIfIssues(valueIssues(resolved, { ...rule, kind: "string" }, field, []));
          });
        });
        return [];
      }
      if (typeof value !== "string") return wrong("a string or an Output of one");
      return stringIssues(value, rule, field);
    case "tags":
      if (!isRecord(value)) return wrong("a map of tag keys to string values");
      return tagIssues(value, field);
    case "object":
      if (!isRecord(value)) return wrong("an object");
      return specIssues(value, rule.fields ?? {}, field, later);
    case "list":
      if (isPending(value)) return [];
      if (!Array.isArray(value)) return wrong("a list");
      if (value.length < (rule.minItems ?? 0))
        return [{ field, problem: `the list has ${value.length} items`, fix: `give at least ${rule.minItems ?? 0}` }];
      return value.flatMap((item, i) =>
        rule.fields === undefined
          ? valueIssues(item, { kind: "input" }, `${field}[${i}]`, later)
          : valueIssues(item, { kind: "object", fields: rule.fields }, `${field}[${i}]`, later),
      );
    case "instance":
      return rule.instanceOf?.is(value) === true ? [] : wrong(`a ${rule.instanceOf?.name ?? "block"}`);
  }
}

function stringIssues(value: string, rule: ArgRule, field: string): ValidationIssue[] {
  if (rule.oneOf !== undefined && !rule.oneOf.includes(value))
    return [
      {
        field,
        problem: `${JSON.stringify(value).slice(0, 60)} is not one of the values`,
        fix: `use one of ${rule.oneOf.join(", ")}`,
      },
    ];
  return rule.check?.(value as never, field) ?? [];
}

/** Issues with an object's arguments against a spec (`field`: the path of the object). */
export function specIssues(
  args: Record<string, unknown>,
  spec: ArgSpec,
  field: string,
  later: Array<() => void>,
): ValidationIssue[] {
  return Object.entries(spec).flatMap(([key, rule]) => {
    const value = Object.prototype.hasOwnProperty.call(args, key) ? args[key] : undefined;
    const at = `${field}.${key}`;
    if (value === undefined)
      return rule.required === true ? [{ field: at, problem: "is missing", fix: `give ${key}` }] : [];
    return valueIssues(value, rule, at, later);
  });
}

/** How many composers (S3Replication) are building blocks from arguments they have already checked. */
let composing = 0;

/**
 * Builds blocks from arguments the caller has already checked under its own argument paths
 * (S3Replication: `destinations[0].account`, not `EncryptedBucket orders-to-dr.account`): the
 * blocks' own checks are off while `build` runs (synchronously).
 */
export function composeChecked<T>(build: () => T): T {
  composing++;
  try {
    return build();
  } finally {
    composing--;
  }
}

/**
 * Checks a block's name and arguments: throws a ReplicationConfigError listing every issue found
 * now, and checks each Output argument when it resolves (an issue then fails the preview).
 */
export function checkBlockArgs(block: string, name: unknown, args: unknown, spec: ArgSpec): void {
  if (composing > 0) return;
  if (typeof name !== "string" || name === "")
    throwIfIssues([
      { field: `${block} name`, problem: `${describe(name)} is not a resource name`, fix: "give a non-empty string" },
    ]);
  const field = `${block} ${String(name)}`;
  if (!isRecord(args))
    throwIfIssues([
      {
        field: `${field} args`,
        problem: `${describe(args)} is not an arguments object`,
        fix: "give an object ({} for the defaults)",
      },
    ]);
  const later: Array<() => void> = [];
  throwIfIssues(specIssues(args as Record<string, unknown>, spec, field, later));
  for (const check of later) check();
}
