/**
 * Providers and accounts: the account and region of every resource. Accounts come from each
 * provider's `assumeRoles` / `assumeRole` and `allowedAccountIds`, else from an ARN one of its
 * resources produced; regions from a resource's `region`, else its provider's. A provider whose
 * account the stack does not reveal is an UnknownAccount (the analysis judges every account it may
 * be), unless `MapOptions.accounts` assumes one.
 *
 * Provider props are read leniently (a provider's complex settings may arrive as JSON text): a value
 * that cannot be read leaves the account unknown, which the analysis already judges in every
 * account it may be.
 */

import { parseArn, partitionOfRegion } from "s3-replication/components/model";
import { MappingContext, T } from "./context";
import type { UnknownAccount } from "./model";
import { PlainResource } from "./resources";
import { at, list, str } from "./values";

/** The 12-digit account of an ARN, if it has one. */
export function accountOfArn(arn: string | undefined): string | undefined {
  const account = arn === undefined ? undefined : parseArn(arn)?.account;
  return account !== undefined && /^\d{12}$/.test(account) ? account : undefined;
}

/** The region of an ARN, if it has one. */
export function regionOfArn(arn: string | undefined): string | undefined {
  const region = arn === undefined ? undefined : parseArn(arn)?.region;
  return region ? region : undefined;
}

/** How messages name a resource's provider. */
function providerLabel(r: PlainResource): string {
  const pkg = r.type.split(":")[0] ?? "aws";
  if (r.provider === undefined) return `the default ${pkg} provider`;
  return r.provider.name.startsWith("default")
    ? `the default ${pkg} provider`
    : `the ${pkg} provider "${r.provider.name}"`;
}

/** The key of a resource's provider (empty for the default provider). */
function providerKey(r: PlainResource): string {
  return r.provider?.urn ?? "";
}

/** The account a provider declares: its assumed role's ARN, or its single allowed account. */
function declaredAccount(r: PlainResource): string | undefined {
  if (r.provider === undefined) return undefined;
  const props = r.provider.props;
  const roles = list(at(props, "assumeRoles")) ?? list(at(props, "assumeRole"));
  // Chained assumeRoles: each role is assumed with the previous one's session, so the provider acts
  // as the LAST role, in its account ("AssumeRole", AWS STS API Reference, role chaining:
  // https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html).
  const roleArn = str(at(roles?.[roles.length - 1], "roleArn")) ?? str(at(props, "assumeRole", "roleArn"));
  const allowed = list(at(props, "allowedAccountIds"));
  const account = accountOfArn(roleArn) ?? (allowed?.length === 1 ? str(allowed[0]) : undefined);
  return account !== undefined && /^\d{12}$/.test(account) ? account : undefined;
}

/** The accounts and regions of a stack's resources. */
export class Accounts {
  /** The account of each provider (by URN), declared or learned. */
  private readonly byProvider = new Map<string, string>();
  /** Providers whose account is not known, by URN. */
  readonly unknown = new Map<string, UnknownAccount>();
  /** Every 12-digit account id the stack's values name (only gathered when some account is unknown). */
  readonly named = new Set<string>();

  /** Reads the accounts of every provider of the stack. */
  constructor(private readonly ctx: MappingContext) {
    const { resources } = ctx;
    for (const r of resources) {
      if (r.provider === undefined || this.byProvider.has(providerKey(r))) continue;
      const account = declaredAccount(r);
      if (account !== undefined) this.byProvider.set(providerKey(r), account);
    }
    this.learnFromArns();
    this.noteUnknown();
    if (this.unknown.size > 0)
      for (const r of resources)
        for (const m of JSON.stringify([r.props, r.provider?.props ?? null]).matchAll(/(?<![0-9])[0-9]{12}(?![0-9])/g))
          this.named.add(m[0]);
  }

  /** Providers that declare nothing: the account of an ARN their roles, keys or policies produced. */
  private learnFromArns(): void {
    for (const r of this.ctx.resources) {
      if (this.byProvider.has(providerKey(r))) continue;
      if (T.role.test(r.type) || T.anyKey.test(r.type) || T.policy.test(r.type)) {
        const account = accountOfArn(this.ctx.props(r).text("arn"));
        if (account !== undefined) this.byProvider.set(providerKey(r), account);
      }
    }
  }

  /** Providers still without an account: assumed (MapOptions.accounts) or unknown. */
  private noteUnknown(): void {
    for (const r of this.ctx.resources) {
      const key = providerKey(r);
      if (!r.type.startsWith("aws:") || this.byProvider.has(key) || this.unknown.has(key)) continue;
      if (accountOfArn(this.ctx.props(r).text("arn")) !== undefined) continue;
      const assumed = this.ctx.options.accounts?.get(key);
      if (assumed !== undefined) this.byProvider.set(key, assumed);
      else this.unknown.set(key, { provider: key, label: providerLabel(r) });
    }
  }

  /** A resource's account: its ARN's, else its provider's. */
  accountOf(r: PlainResource): string | undefined {
    return accountOfArn(this.ctx.props(r).text("arn")) ?? this.byProvider.get(providerKey(r));
  }

  /** A resource's region: its `region`, else its provider's. */
  regionOf(r: PlainResource): string | undefined {
    return this.ctx.props(r).text("region") ?? this.providerRegion(r);
  }

  /** The region of a resource's provider. */
  providerRegion(r: PlainResource): string | undefined {
    return r.provider ? str(at(r.provider.props, "region")) : undefined;
  }

  /** A role's ARN: as found, else (preview) from its name, path and account. */
  roleArnOf(r: PlainResource): string | undefined {
    const props = this.ctx.props(r);
    const known = props.text("arn");
    if (known) return known;
    const name = props.text("name");
    const account = this.accountOf(r);
    const region = this.providerRegion(r);
    const rolePath = props.text("path") ?? "/";
    return name && account
      ? `arn:${region ? partitionOfRegion(region) : "aws"}:iam::${account}:role${rolePath}${name}`
      : undefined;
  }
}
