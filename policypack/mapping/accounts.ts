/**
 * Providers and accounts: the account and region of every resource. Accounts come from each
 * provider's `assumeRoles` / `assumeRole` and `allowedAccountIds`, else from an ARN one of its
 * resources produced; regions from a resource's `region`, else its provider's. A provider whose
 * account the stack does not reveal is an UnknownAccount (the analysis judges every account it may
 * be), unless `MapOptions.accounts` assumes one.
 *
 * Provider props are read through the typed accessor (`MappingContext.providerProps`), JSON text
 * opened (a provider's complex settings arrive as JSON text): a wrong-typed value (a `region` that
 * is a list, an `assumeRoles` that is an object, a `roleArn` that is a number) is recorded against
 * the provider, reported as S3R064 naming the property, and reads as absent (the account then
 * unknown, judged in every account it may be).
 */

import { parseArn, partitionOfRegion } from "s3-replication/components/model";
import type { Accessor } from "./accessor";
import { MappingContext, T } from "./context";
import type { UnknownAccount } from "./model";
import type { PlainProvider, PlainResource } from "./resources";

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

/**
 * The role a provider acts as: the LAST of chained `assumeRoles` (each role is assumed with the
 * previous one's session, so the provider acts as the last role, in its account: "AssumeRole", AWS
 * STS API Reference, role chaining: https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html),
 * else the `assumeRole` block of older providers (or the last of a list of them).
 */
function assumedRoleArn(props: Accessor): string | undefined {
  // Every role of a chain is read, so a wrong-typed one is recorded wherever it stands.
  const chain = props
    .parsed("assumeRoles")
    .each()
    ?.map((role) => role.requiredText("roleArn"));
  if (chain !== undefined && chain.length > 0) return chain[chain.length - 1];
  const single = props.parsed("assumeRole");
  const blocks = Array.isArray(single.root) ? (single.each() ?? []) : single.root === undefined ? [] : [single];
  return blocks.map((block) => block.requiredText("roleArn")).pop();
}

/** What a provider's settings say: the account it declares and its region. */
interface ProviderSettings {
  account?: string;
  region?: string;
}

/**
 * A provider's settings, every one read (so a wrong-typed one is recorded even where a resource's
 * own region makes it unused): its region, and the account it declares: its assumed role's ARN,
 * or its single allowed account.
 */
function readProvider(ctx: MappingContext, provider: PlainProvider): ProviderSettings {
  const props = ctx.providerProps(provider);
  const region = props.text("region");
  const roleArn = assumedRoleArn(props);
  const allowed = props
    .parsed("allowedAccountIds")
    .each()
    ?.map((item) => item.requiredText());
  const declared = accountOfArn(roleArn) ?? (allowed?.length === 1 ? allowed[0] : undefined);
  const account = declared !== undefined && /^\d{12}$/.test(declared) ? declared : undefined;
  return { ...(account ? { account } : {}), ...(region ? { region } : {}) };
}

/** The accounts and regions of a stack's resources. */
export class Accounts {
  /** The account of each provider (by URN), declared or learned. */
  private readonly byProvider = new Map<string, string>();
  /** What each provider's settings say (by URN). */
  private readonly settings = new Map<string, ProviderSettings>();
  /** Providers whose account is not known, by URN. */
  readonly unknown = new Map<string, UnknownAccount>();
  /** Every 12-digit account id the stack's values name (only gathered when some account is unknown). */
  readonly named = new Set<string>();

  /** Reads the accounts of every provider of the stack. */
  constructor(private readonly ctx: MappingContext) {
    const { resources } = ctx;
    // Indexed loops over the stack: they run once, mostly before the JIT optimises them (an array
    // iterator allocates a result object per element there).
    let unsettled = false;
    for (let i = 0; i < resources.length; i++) {
      const r = resources[i]!;
      const key = providerKey(r);
      if (r.provider !== undefined && !this.settings.has(key)) {
        const settings = readProvider(ctx, r.provider);
        this.settings.set(key, settings);
        if (settings.account !== undefined) this.byProvider.set(key, settings.account);
      }
      unsettled ||= r.type.startsWith("aws:") && !this.byProvider.has(key);
    }
    // When every AWS resource's provider declares its account (the common case), there is nothing
    // to learn or note: both passes only look at AWS resources whose provider has no account.
    if (unsettled) {
      this.learnFromArns();
      this.noteUnknown();
    }
    if (this.unknown.size > 0)
      for (const r of resources)
        for (const m of JSON.stringify([r.props, r.provider?.props ?? null]).matchAll(/(?<![0-9])[0-9]{12}(?![0-9])/g))
          this.named.add(m[0]);
  }

  /** Providers that declare nothing: the account of an ARN their roles, keys or policies produced. */
  private learnFromArns(): void {
    const { resources } = this.ctx;
    for (let i = 0; i < resources.length; i++) {
      const r = resources[i]!;
      if (this.byProvider.has(providerKey(r))) continue;
      if (T.role.test(r.type) || T.anyKey.test(r.type) || T.policy.test(r.type)) {
        const account = accountOfArn(this.ctx.props(r).text("arn"));
        if (account !== undefined) this.byProvider.set(providerKey(r), account);
      }
    }
  }

  /** Providers still without an account: assumed (MapOptions.accounts) or unknown. */
  private noteUnknown(): void {
    const { resources } = this.ctx;
    for (let i = 0; i < resources.length; i++) {
      const r = resources[i]!;
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
    return this.settings.get(providerKey(r))?.region;
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
