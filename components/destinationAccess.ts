/**
 * How S3Replication reaches each destination: the provider the user gave (TypeScript), a provider
 * built from the destination's plain settings on the source provider's base credentials, or the
 * source provider itself in the destination's region. Accounts, regions and partitions come from
 * invokes on exactly that provider (for a provider built to assume a role: the role's account and
 * partition, which is what those invokes would return).
 */

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { parseArn } from "./model/arn";
import { Destination } from "./s3ReplicationArgs";

/** The base credentials of a provider: what a destination provider built from plain data starts from. */
export interface BaseCredentials {
  /** Named profile. */
  profile?: pulumi.Input<string | undefined>;
  /** Static access key id. */
  accessKey?: pulumi.Input<string | undefined>;
  /** Static secret key. */
  secretKey?: pulumi.Input<string | undefined>;
  /** Session token of the static keys. */
  token?: pulumi.Input<string | undefined>;
  /** Shared config files (default provider only: an explicit provider does not expose them). */
  sharedConfigFiles?: string[];
  /** Shared credentials files (default provider only). */
  sharedCredentialsFiles?: string[];
}

/** A provider whose settings this program can read (an `aws.Provider` object of this program, not a reference from another language). */
interface ReadableAwsProvider {
  profile: pulumi.Output<string | undefined>;
  accessKey: pulumi.Output<string | undefined>;
  secretKey: pulumi.Output<string | undefined>;
  token: pulumi.Output<string | undefined>;
}

function isReadable(provider: pulumi.ProviderResource): provider is pulumi.ProviderResource & ReadableAwsProvider {
  const p = provider as unknown as Partial<Record<keyof ReadableAwsProvider, unknown>>;
  return (
    pulumi.Output.isInstance(p.profile) &&
    pulumi.Output.isInstance(p.accessKey) &&
    pulumi.Output.isInstance(p.secretKey) &&
    pulumi.Output.isInstance(p.token)
  );
}

/** The entries whose value is not undefined. */
const defined = <T extends object>(values: T): { [K in keyof T]?: Exclude<T[K], undefined> } =>
  Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };

/**
 * The base credentials of the source provider: an explicit `aws.Provider`'s profile and static
 * keys; for the default provider (none given), the `aws:` stack config it reads (profile, keys,
 * token, shared config and credentials files). Undefined when the provider's settings cannot be
 * read (a provider reference passed from another Pulumi language).
 */
export function sourceBaseCredentials(provider: pulumi.ProviderResource | undefined): BaseCredentials | undefined {
  if (provider === undefined) {
    const config = new pulumi.Config("aws");
    return defined({
      profile: config.get("profile"),
      accessKey: config.get("accessKey"),
      secretKey: config.getSecret("secretKey"),
      token: config.getSecret("token"),
      sharedConfigFiles: config.getObject<string[]>("sharedConfigFiles"),
      sharedCredentialsFiles: config.getObject<string[]>("sharedCredentialsFiles"),
    });
  }
  if (!isReadable(provider)) return undefined;
  return {
    profile: provider.profile,
    accessKey: provider.accessKey,
    secretKey: provider.secretKey,
    token: provider.token,
  };
}

/** True when the component builds a provider for the destination (it names a role, a profile or default tags). */
export function buildsProvider(d: Destination): boolean {
  return d.assumeRoleArn !== undefined || d.profile !== undefined || d.defaultTags !== undefined;
}

/**
 * The arguments of a destination's own provider: its region, the base credentials (the
 * destination's profile replaces the source's profile and static keys), the role to assume with
 * its session name and external id, and default tags.
 */
export function destinationProviderArgs(d: Destination, base: BaseCredentials): aws.ProviderArgs {
  const credentials: BaseCredentials =
    d.profile !== undefined
      ? defined({
          profile: d.profile,
          sharedConfigFiles: base.sharedConfigFiles,
          sharedCredentialsFiles: base.sharedCredentialsFiles,
        })
      : base;
  return {
    ...defined({ region: d.region }),
    ...credentials,
    ...(d.assumeRoleArn === undefined
      ? {}
      : {
          assumeRoles: [
            { roleArn: d.assumeRoleArn, ...defined({ sessionName: d.roleSessionName, externalId: d.externalId }) },
          ],
        }),
    ...(d.defaultTags === undefined ? {} : { defaultTags: { tags: d.defaultTags } }),
  };
}

/** The account and partition a provider's credentials act in, when known without a lookup. */
interface RoleIdentity {
  account?: string;
  partition?: string;
}

/**
 * The account and partition of a provider that assumes `roleArn`: its credentials are the role's
 * session, and "Account: the AWS account ID number of the account that owns or contains the
 * calling entity" (AWS STS API Reference, GetCallerIdentity:
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html), so it is the
 * role's account, in the role's partition: no lookup needed.
 */
function assumedRoleIdentity(roleArn: string | undefined): RoleIdentity {
  const parsed = roleArn === undefined ? undefined : parseArn(roleArn);
  if (parsed === undefined || parsed.service !== "iam" || !parsed.resource.startsWith("role/")) return {};
  return { account: parsed.account, partition: parsed.partition };
}

/** Where one destination's resources go and where it lives. */
export interface DestinationAccess {
  /** Options of the destination's children: the provider to use (absent = the component's own). */
  childOpts: { provider?: pulumi.ProviderResource };
  /** The per-resource region argument (absent = the provider's region). */
  region: { region?: string };
  /** Account id. */
  account: pulumi.Output<string>;
  /** Region name. */
  regionName: pulumi.Output<string>;
  /** Partition. */
  partition: pulumi.Output<string>;
}

/** The source's account, region and partition, shared by destinations that use the source provider. */
export interface SourcePlace {
  /** Account id. */
  account: pulumi.Output<string>;
  /** Partition. */
  partition: pulumi.Output<string>;
}

/**
 * Resolves how the component reaches one destination (see Destination): the user's provider,
 * a provider built as a child of `parent`, or the source provider in the destination's region.
 */
export function destinationAccess(
  d: Destination,
  prefix: string,
  parent: pulumi.ComponentResource,
  userProvider: pulumi.ProviderResource | undefined,
  source: SourcePlace,
  sourceProvider: pulumi.ProviderResource | undefined,
): DestinationAccess {
  const region = d.region === undefined ? {} : { region: d.region };
  const place = (provider: pulumi.ProviderResource, role: RoleIdentity = {}): DestinationAccess => {
    const invoke = { parent, provider };
    const account = d.account ?? role.account;
    const partition = d.partition ?? role.partition;
    return {
      childOpts: { provider },
      region,
      account: account !== undefined ? pulumi.output(account) : aws.getCallerIdentityOutput({}, invoke).accountId,
      regionName: d.region !== undefined ? pulumi.output(d.region) : aws.getRegionOutput({}, invoke).region,
      partition: partition !== undefined ? pulumi.output(partition) : aws.getPartitionOutput({}, invoke).partition,
    };
  };
  if (userProvider !== undefined) return place(userProvider);
  if (buildsProvider(d)) {
    const base = sourceBaseCredentials(sourceProvider);
    if (base === undefined && d.profile === undefined) {
      // Never silent: a provider from another language hides its settings, so say what the new provider uses.
      pulumi.log.warn(
        `destination "${d.name}": the source provider's settings cannot be read here, so its provider uses the AWS default credential chain as base credentials; give the destination's profile to choose them`,
        parent,
      );
    }
    return place(
      new aws.Provider(`${prefix}-provider`, destinationProviderArgs(d, base ?? {}), { parent }),
      assumedRoleIdentity(d.assumeRoleArn),
    );
  }
  return {
    childOpts: {},
    region,
    account: d.account !== undefined ? pulumi.output(d.account) : source.account,
    regionName: pulumi.output(d.region ?? ""),
    partition: d.partition !== undefined ? pulumi.output(d.partition) : source.partition,
  };
}
