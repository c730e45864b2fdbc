/**
 * The stack reader: the outputs of every resource in a stack -> the StackModel every stack policy
 * and the checker judge. A small pipeline of one reader per resource family, each in its own file,
 * sharing an explicit MappingContext (the resources by URN and kind, and what the readers record):
 *
 * 1. accounts.ts: providers and accounts (the account and region of every resource);
 * 2. buckets.ts, bucketSettings.ts, encryption.ts: buckets and their settings;
 * 3. keys.ts: keys, key policies, grants and aliases;
 * 4. roles.ts: roles, their trust policies and every way a policy attaches to them;
 * 5. replications.ts, rules.ts: replication configurations and their rules;
 * 6. monitoring.ts: CloudWatch alarms, S3 bucket notifications and each rule's metrics.
 *
 * Resources are joined by value (names, ARNs, key ids) AND by propertyDependencies, so the joins
 * hold in preview when ARNs are unknown. Every property is read through the typed accessor
 * (accessor.ts, `MappingContext.props`).
 */

import { Accounts } from "./accounts";
import { Buckets } from "./buckets";
import { readAccountPublicAccessBlocks, readBucketSettings, shareAclOwnerIds } from "./bucketSettings";
import { MappingContext } from "./context";
import { Keys, readKeyResources } from "./keys";
import type { MapOptions, StackModel } from "./model";
import { readMonitoring } from "./monitoring";
import { readReplications } from "./replications";
import { PlainResource, toPlainResources } from "./resources";
import { readRoles } from "./roles";

export * from "./model";
export type { UnreadableProperty } from "./accessor";
export { refOf } from "./context";
export { UNKNOWN_IN_PREVIEW, parsePolicy } from "./documents";
export { foundRule, ruleDestination, ruleReplicaKey } from "./rules";

/** Maps the resources of a stack. Never throws on odd input (callers still guard). */
export function mapStack(input: unknown, options: MapOptions = {}): StackModel {
  return mapPlainStack(toPlainResources(input), options);
}

/** Maps resources already read by `toPlainResources`: each family reader in turn, then the model. */
export function mapPlainStack(resources: PlainResource[], options: MapOptions = {}): StackModel {
  const ctx = new MappingContext(resources, options);
  const accounts = new Accounts(ctx);
  const buckets = new Buckets(ctx, accounts);
  readBucketSettings(ctx, buckets);
  const keys = new Keys(ctx, accounts);
  readKeyResources(ctx, keys, accounts, buckets);
  const roles = readRoles(ctx, accounts);
  const family = readReplications(ctx, accounts, buckets, keys, roles);
  buckets.settlePartitions();
  readAccountPublicAccessBlocks(ctx, accounts, buckets.all());
  shareAclOwnerIds(buckets.all());
  return {
    replications: family.replications,
    buckets: buckets.all(),
    keys: keys.all(),
    urnOfRef: ctx.urnOfRef,
    unknownReplicaKeys: family.unknownReplicaKeys,
    placeholderRules: family.placeholderRules,
    ordering: family.ordering,
    writers: ctx.writersWithCopies(),
    readRefs: ctx.readRefs,
    pending: [...ctx.pendingByUrn.values()],
    urnsOfRef: ctx.urnsOfRef,
    keysByReference: keys.byReference,
    roles: [...roles.byUrn.values()],
    unknownAccounts: [...accounts.unknown.values()],
    namedAccounts: [...accounts.named].sort(),
    monitoring: readMonitoring(ctx, accounts, family.replications, family.placeholderRules),
    unreadable: [...ctx.unreadable.values()],
  };
}
