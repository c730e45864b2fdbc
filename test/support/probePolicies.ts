// Policies that report what they are handed, for comparing the checker's two engines: every
// argument a policy can read (type, URN, name, props as the policy sees them and as stored behind
// the SDK's unknown-checking proxy, options, provider, parent, dependencies, property
// dependencies, config, stack tags), plus the odd things policies do (throw, read an unknown
// value, report an object, say not applicable, apply to one type only).
import type { Policies, PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";

const TARGET = "__getSpecialProxyTarget";

/** The value behind the SDK's proxy (unknown sentinels included), as JSON. */
function raw(value: unknown): string {
  const inner = value !== null && typeof value === "object" ? (value as Record<string, unknown>)[TARGET] : value;
  return JSON.stringify(inner ?? null) ?? "undefined";
}

function describeResource(r: PolicyResource): string {
  return JSON.stringify({
    type: r.type,
    urn: r.urn,
    name: r.name,
    props: raw(r.props),
    opts: r.opts,
    provider: r.provider && {
      type: r.provider.type,
      urn: r.provider.urn,
      name: r.provider.name,
      props: raw(r.provider.props),
    },
    parent: r.parent?.urn,
    dependencies: r.dependencies.map((d) => d.urn),
    propertyDependencies: Object.entries(r.propertyDependencies).map(([k, v]) => [k, v.map((d) => d.urn)]),
    keys: Object.keys(r),
  });
}

/** Reports every resource's arguments (inputs) and its config. */
const resourceProbe: ResourceValidationPolicy = {
  name: "probe-resource",
  description: "Reports the arguments of every resource.",
  enforcementLevel: "advisory",
  configSchema: { properties: { label: { type: "string", default: "probe" } } },
  validateResource: (args, reportViolation) => {
    reportViolation(
      JSON.stringify({
        type: args.type,
        urn: args.urn,
        name: args.name,
        props: raw(args.props),
        opts: args.opts,
        provider: args.provider && { urn: args.provider.urn, props: raw(args.provider.props) },
        config: args.getConfig(),
        tags: [...args.stackTags.entries()],
        keys: Object.keys(args),
      }),
      "urn:ignored:by:the:engine",
    );
  },
};

/** Reads every property through the SDK's proxy: an unknown value stops it ("can't run ... during preview"). */
const strictReader: ResourceValidationPolicy = {
  name: "probe-strict-reader",
  description: "Reads every input property.",
  enforcementLevel: "mandatory",
  severity: "high",
  validateResource: (args, reportViolation) => {
    reportViolation(`${args.name}: ${JSON.stringify(args.props)}`);
  },
};

/** Applies to buckets only, through the SDK's `__pulumiType` fast path; reports an object. */
const bucketsOnly: ResourceValidationPolicy = {
  name: "probe-buckets-only",
  description: "Buckets only.",
  validateResource: Object.assign(
    (args: { name: string; isType(c: unknown): boolean }, reportViolation: (m: unknown) => void) => {
      reportViolation({
        message: `bucket ${args.name} ${String(args.isType({ __pulumiType: "aws:s3/bucket:Bucket" }))}`,
        severity: "low",
      });
    },
    { __pulumiType: "aws:s3/bucket:Bucket" },
  ) as unknown as NonNullable<ResourceValidationPolicy["validateResource"]>,
};

/** Not applicable to anything but roles. */
const rolesOnly: ResourceValidationPolicy = {
  name: "probe-roles-only",
  description: "Roles only.",
  enforcementLevel: "mandatory",
  validateResource: (args, reportViolation) => {
    if (args.type !== "aws:iam/role:Role") args.notApplicable("not a role");
    reportViolation(`role ${args.name}`);
  },
};

/** Reports every resource of the stack (outputs), its parent, dependencies and provider. */
const stackProbe: StackValidationPolicy = {
  name: "probe-stack",
  description: "Reports the stack.",
  enforcementLevel: "mandatory",
  validateStack: (args, reportViolation) => {
    for (const r of args.resources) reportViolation(describeResource(r), r.urn);
    reportViolation(`config ${JSON.stringify(args.getConfig())} tags ${JSON.stringify([...args.stackTags.entries()])}`);
  },
};

/** Reads every output of the stack through the proxy. */
const stackStrictReader: StackValidationPolicy = {
  name: "probe-stack-strict-reader",
  description: "Reads every output.",
  validateStack: (args, reportViolation) => {
    reportViolation(args.resources.map((r) => JSON.stringify(r.props)).join("\n"));
  },
};

/** Every probe. */
export const probePolicies: Policies = [
  resourceProbe,
  strictReader,
  bucketsOnly,
  rolesOnly,
  stackProbe,
  stackStrictReader,
];

/** A policy that throws on every bucket (the whole analysis fails, naming it). */
export const throwingPolicy: ResourceValidationPolicy = {
  name: "probe-throws",
  description: "Throws on buckets.",
  validateResource: (args) => {
    if (args.type.startsWith("aws:s3/bucket")) throw new RangeError(`cannot judge ${args.name}`);
  },
};

/** A policy that changes what it is handed (its own copy under the SDK; refused by the direct engine). */
export const mutatingPolicy: StackValidationPolicy = {
  name: "probe-mutates",
  description: "Changes its arguments.",
  validateStack: (args, reportViolation) => {
    for (const r of args.resources) (r.props as Record<string, unknown>)["changed"] = true;
    reportViolation("changed");
  },
};
