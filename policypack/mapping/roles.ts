/**
 * Roles and their attached policies: each role's trust policy and its permissions from every way
 * they attach (inline, RolePolicy, managedPolicyArns, RolePolicyAttachment, PolicyAttachment, the
 * exclusive-attachment resources). Inline policies are keyed by name and attached ones by policy,
 * so a role's read-back mirror (`inlinePolicies`, `managedPolicyArns` after a refresh) never counts
 * a document twice.
 */

import { FoundPolicy, FoundRole } from "s3-replication/components/model";
import { Accounts } from "./accounts";
import { MappingContext, T, refOf } from "./context";
import { PlainResource } from "./resources";
import { isUnknown } from "./values";

/** A role's permission documents as they are gathered: inline by name, attached by policy (an ARN when unseen). */
interface RolePieces {
  inline: Map<string, FoundPolicy>;
  attached: Map<string, FoundPolicy | string>;
}

/** The roles of a stack and the indexes that join resources to them. */
export class Roles {
  /** The roles, by URN. */
  readonly byUrn = new Map<string, FoundRole>();
  /** Role resources by name, ARN and id (first wins). */
  readonly index = new Map<string, PlainResource>();
  /** IAM policy resources by ARN. */
  private readonly policyIndex = new Map<string, PlainResource>();
  private readonly piecesOf = new Map<string, RolePieces>();
  /** The role resources, in stack order. */
  readonly resources: PlainResource[];

  /** Indexes the roles and policies of the stack (their documents are read by readRoles). */
  constructor(
    private readonly ctx: MappingContext,
    private readonly accounts: Accounts,
  ) {
    for (const r of ctx.of(T.policy)) {
      const arn = ctx.props(r).requiredText("arn");
      if (arn !== undefined) this.policyIndex.set(arn, r);
    }
    this.resources = ctx.of(T.role);
    for (const role of this.resources) {
      const props = ctx.props(role);
      for (const value of [props.requiredText("name"), props.requiredText("arn"), props.requiredText("id")])
        if (value !== undefined && !this.index.has(value)) this.index.set(value, role);
    }
  }

  /** The role a property of `r` names: by name, ARN or id, else its property dependency. */
  roleOf(r: PlainResource, prop: string): PlainResource | undefined {
    const value = this.ctx.props(r).requiredText(prop);
    const hit = value === undefined ? undefined : this.index.get(value);
    if (hit) return hit;
    const byDeps = this.ctx.deps(r, prop, T.role);
    return byDeps.length === 1 ? byDeps[0] : undefined;
  }

  /** The documents gathered for a role so far. */
  pieces(role: PlainResource): RolePieces {
    let entry = this.piecesOf.get(role.urn);
    if (entry === undefined) {
      entry = { inline: new Map(), attached: new Map() };
      this.piecesOf.set(role.urn, entry);
    }
    return entry;
  }

  /** Attaches a managed policy (by ARN value, else the Policy resource the value depends on) to a role. */
  attach(role: PlainResource, owner: PlainResource, arn: string | undefined, dependencies: PlainResource[]): void {
    const { ctx } = this;
    ctx.partOf(refOf(role), owner);
    const target =
      (arn !== undefined ? this.policyIndex.get(arn) : undefined) ??
      (arn === undefined && dependencies.length === 1 ? dependencies[0] : undefined);
    const attached = this.pieces(role).attached;
    if (target !== undefined) {
      ctx.partOf(refOf(role), target);
      const policy = ctx.parseOf(
        target,
        refOf(target),
        ctx.props(target).requiredDocument("policy"),
        "the policy document",
      );
      attached.set(target.urn, policy ?? { ref: refOf(target), unreadable: "the policy has no document" });
    } else if (arn !== undefined) {
      attached.set(arn, arn);
    } else {
      attached.set(`${owner.urn}|${attached.size}`, `(unknown policy of ${refOf(owner)})`);
      ctx.pend(owner, "the attached policy");
    }
  }

  /** Reads a role resource: its ARN, name, account, trust policy, inline and managed policies. */
  add(r: PlainResource): void {
    const { ctx } = this;
    const props = ctx.props(r);
    const arn = props.requiredText("arn");
    const name = props.text("name");
    const account = this.accounts.accountOf(r);
    const role: FoundRole = {
      ref: refOf(r),
      policies: [],
      unresolvedPolicyArns: [],
      ...(arn ? { arn } : {}),
      ...(name ? { name } : {}),
      ...(account ? { account } : {}),
    };
    const trust = ctx.parseOf(
      r,
      `${refOf(r)} assumeRolePolicy`,
      props.requiredDocument("assumeRolePolicy"),
      "the trust policy",
    );
    if (trust) role.trustPolicy = trust;
    this.readInlinePolicies(r);
    this.readManagedPolicies(r);
    this.readBoundary(r, role);
    this.byUrn.set(r.urn, role);
    ctx.partOf(role.ref, r);
  }

  /**
   * The role's permissions boundary (`permissionsBoundary`, a policy ARN): its document when the
   * policy is in the stack, else its ARN (the analysis names what it must allow).
   */
  private readBoundary(r: PlainResource, role: FoundRole): void {
    const { ctx } = this;
    const arn = ctx.props(r).text("permissionsBoundary");
    const deps = ctx.deps(r, "permissionsBoundary", T.policy);
    const target =
      (arn !== undefined ? this.policyIndex.get(arn) : undefined) ?? (deps.length === 1 ? deps[0] : undefined);
    if (target !== undefined) {
      ctx.partOf(refOf(r), target);
      const policy = ctx.parseOf(target, refOf(target), ctx.p(target, "policy"), "the permissions boundary");
      if (policy) role.permissionsBoundary = policy;
    } else if (arn !== undefined && arn !== "") {
      role.permissionsBoundaryArn = arn;
    }
  }

  private readInlinePolicies(r: PlainResource): void {
    const own = this.pieces(r);
    (this.ctx.props(r).each("inlinePolicies") ?? []).forEach((inline, index) => {
      const inlineName = inline.text("name") ?? String(index);
      const ref = `${refOf(r)} inline policy ${inlineName}`;
      const policy = this.ctx.parseOf(r, ref, inline.raw("policy"), `the inline policy ${inlineName}`);
      if (policy) own.inline.set(inlineName, policy);
    });
  }

  private readManagedPolicies(r: PlainResource): void {
    const props = this.ctx.props(r);
    const managed = props.raw("managedPolicyArns");
    const managedList = props.each("managedPolicyArns") ?? [];
    managedList.forEach((entry) => {
      if (!isUnknown(entry.root)) this.attach(r, r, entry.text(), []);
    });
    if (isUnknown(managed) || managedList.some((entry) => isUnknown(entry.root)))
      this.ctx.deps(r, "managedPolicyArns", T.policy).forEach((d) => this.attach(r, r, undefined, [d]));
    if (r.external && (props.raw("inlinePolicies") === undefined || managed === undefined)) {
      // A role the stack reads: its policies are AWS's and were not read back.
      this.pieces(r).attached.set(`${r.urn}|read`, `(the policies of ${refOf(r)}, a role the stack reads)`);
    }
  }

  /** Gives each role its gathered documents (attached policies the stack does not hold as unresolved ARNs). */
  settle(): void {
    for (const r of this.resources) {
      const role = this.byUrn.get(r.urn);
      const own = this.piecesOf.get(r.urn);
      if (role === undefined || own === undefined) continue;
      role.policies.push(...own.inline.values());
      for (const entry of own.attached.values()) {
        if (typeof entry === "string") role.unresolvedPolicyArns.push(entry);
        else role.policies.push(entry);
      }
    }
  }
}

/** Reads every role and every resource attaching policies to roles. */
export function readRoles(ctx: MappingContext, accounts: Accounts): Roles {
  const roles = new Roles(ctx, accounts);
  for (const r of roles.resources) roles.add(r);
  for (const r of ctx.of(T.rolePolicy)) {
    const target = roles.roleOf(r, "role");
    if (target) ctx.partOf(refOf(target), r);
    const policy = ctx.parseOf(r, refOf(r), ctx.props(r).requiredDocument("policy"), "the policy document");
    // Keyed by the inline policy's name: the role's read-back `inlinePolicies` mirror has the same name.
    if (target && policy) roles.pieces(target).inline.set(ctx.props(r).text("name") ?? r.urn, policy);
  }
  for (const r of ctx.of(T.attachment)) {
    const target = roles.roleOf(r, "role");
    if (target) roles.attach(target, r, ctx.props(r).requiredText("policyArn"), ctx.deps(r, "policyArn", T.policy));
  }
  for (const r of ctx.of(T.policyAttachment)) readPolicyAttachment(ctx, roles, r);
  for (const r of ctx.of(T.attachmentsExclusive)) readAttachmentsExclusive(ctx, roles, r);
  for (const r of ctx.of(T.inlineExclusive)) readInlineExclusive(ctx, roles, r);
  roles.settle();
  return roles;
}

/** aws.iam.PolicyAttachment attaches one policy to every role of its `roles` list (names). */
function readPolicyAttachment(ctx: MappingContext, roles: Roles, r: PlainResource): void {
  const names = ctx.props(r).each("roles");
  const known = (names ?? [])
    .map((name) => name.text())
    .filter((n): n is string => n !== undefined)
    .map((n) => roles.index.get(n))
    .filter((role): role is PlainResource => role !== undefined);
  const unknown = isUnknown(ctx.p(r, "roles")) || (names ?? []).some((name) => isUnknown(name.root));
  const targets = new Set([...known, ...(unknown ? ctx.deps(r, "roles", T.role) : [])]);
  const arn = ctx.props(r).requiredText("policyArn");
  for (const target of targets) roles.attach(target, r, arn, ctx.deps(r, "policyArn", T.policy));
}

/** The role's managed policies are exactly `policyArns`: listed ones are attached, others detached. */
function readAttachmentsExclusive(ctx: MappingContext, roles: Roles, r: PlainResource): void {
  const target = roles.roleOf(r, "roleName");
  if (target === undefined) return;
  const entries = ctx.props(r).each("policyArns");
  if (entries !== undefined && !entries.some((entry) => isUnknown(entry.root))) {
    roles.pieces(target).attached.clear();
    entries.forEach((entry) => roles.attach(target, r, entry.text(), []));
  } else {
    ctx.deps(r, "policyArns", T.policy).forEach((d) => roles.attach(target, r, undefined, [d]));
    ctx.pend(r, "the exclusive list of attached policies");
  }
}

/** The role's inline policies are exactly `policyNames`: others are deleted. */
function readInlineExclusive(ctx: MappingContext, roles: Roles, r: PlainResource): void {
  const target = roles.roleOf(r, "roleName");
  const names = ctx.props(r).each("policyNames");
  if (target === undefined) return;
  if (names === undefined || names.some((name) => isUnknown(name.root))) {
    ctx.pend(r, "the exclusive list of inline policy names");
    return;
  }
  const keep = new Set(names.map((name) => name.text()));
  const own = roles.pieces(target);
  for (const name of [...own.inline.keys()]) if (!keep.has(name)) own.inline.delete(name);
}
