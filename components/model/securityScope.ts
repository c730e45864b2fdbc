/**
 * The scope the security analysis judges one replication in: which buckets, keys and role are on
 * its paths, whose accounts are part of it, and who else the user allows. Pure.
 */

import { parseArn, parseKeyReference, KeyReferenceKind } from "./arn";
import { FoundBucket, FoundKey, FoundPolicy, FoundReplication, PeerReplicaKey } from "./found";
import { resolveKey } from "./foundPath";
import { PolicyStatement, asList } from "./policyDocument";
import { indexOnce, positionsByKey } from "./positions";

/** Choices the security analysis takes (the policy pack's configuration). */
export interface SecurityOptions {
  /**
   * Accounts (12-digit ids) besides the replication's own that may hold grants on its keys and
   * buckets. @default none
   */
  allowedPrincipalAccounts?: string[];
}

/** A key on a replication path, with the role it plays. */
export interface ScopedKey {
  /** The key. */
  key: FoundKey;
  /** True when some enabled rule writes replicas with it. */
  replica: boolean;
  /**
   * The accounts whose replication writes replicas with this key: the replication role's account
   * when `replica`, and that of every other configuration found with this one (the reverse rule of
   * a two-way pair, fan-in) whose rules write replicas with it.
   */
  writers: Set<string>;
}

/** A bucket on a replication path, with the role it plays. */
export interface ScopedBucket {
  /** The bucket. */
  bucket: FoundBucket;
  /** True for a destination. */
  destination: boolean;
}

/** Everything the security analysis needs of one replication. */
export interface SecurityScope {
  /** The replication role's ARN, when known. */
  roleArn?: string;
  /** The replication role's account, when known. */
  roleAccount?: string;
  /** The accounts of the replication: source, destinations, role. */
  pathAccounts: Set<string>;
  /** Accounts the user allows besides those. */
  allowedAccounts: Set<string>;
  /** The replication roles of the other configurations found with this one. */
  peerRoles: Set<string>;
  /** Bucket names on the paths (source and destinations). */
  bucketNames: Set<string>;
  /** Key ARNs on the paths. */
  keyArns: Set<string>;
  /** The keys on the paths. */
  keys: ScopedKey[];
  /** The buckets on the paths. */
  buckets: ScopedBucket[];
}

/** The set of each peer role list, built once per list (the stack's replications share one). */
const peerRoleSets = new WeakMap<readonly string[], Set<string>>();

function peerRoleSet(arns: readonly string[] | undefined): Set<string> {
  return arns === undefined ? new Set() : indexOnce(peerRoleSets, arns, (list) => new Set(list));
}

/** The scope of one replication: its enabled rules' buckets and keys, its role, its accounts. */
export function securityScope(found: FoundReplication, options: SecurityOptions = {}): SecurityScope {
  const roleArn = found.role?.arn ?? found.roleArn;
  const roleAccount = found.role?.account ?? (roleArn ? parseArn(roleArn)?.account || undefined : undefined);
  const keyArns = new Set<string>();
  const keys = pathKeys(found, keyArns).map(({ key, replica }): ScopedKey => {
    const writers = peerWriters(found, key);
    if (replica && roleAccount !== undefined) writers.add(roleAccount);
    return { key, replica, writers };
  });
  const scope: SecurityScope = {
    pathAccounts: new Set(),
    allowedAccounts: new Set(options.allowedPrincipalAccounts ?? []),
    peerRoles: peerRoleSet(found.peerRoleArns),
    bucketNames: new Set(),
    keyArns,
    keys,
    buckets: [],
  };
  if (roleArn !== undefined) scope.roleArn = roleArn;
  if (roleAccount !== undefined) scope.roleAccount = roleAccount;
  const addAccount = (account: string | undefined): void => {
    if (account !== undefined && account !== "") scope.pathAccounts.add(account);
  };
  const addBucket = (bucket: FoundBucket, destination: boolean): void => {
    if (bucket.name !== undefined) scope.bucketNames.add(bucket.name);
    addAccount(bucket.account);
    if (!scope.buckets.some((entry) => entry.bucket === bucket)) scope.buckets.push({ bucket, destination });
  };
  addAccount(roleAccount);
  addBucket(found.source, false);
  for (const rule of found.rules) {
    if (rule.status === "Disabled" || rule.destinationBucket === undefined) continue;
    addAccount(rule.destinationAccount);
    const destination = found.destinations[rule.destinationBucket];
    const name = parseArn(rule.destinationBucket)?.resource.split("/")[0];
    if (name) scope.bucketNames.add(name);
    if (destination !== undefined) addBucket(destination, true);
  }
  return scope;
}

/**
 * The keys on a configuration's enabled paths, in path order (the source's, then each rule's
 * replica key and its destination's), each once, with whether a rule writes replicas with it.
 * Adds to `keyArns` every key ARN on the paths, the references as written included.
 */
function pathKeys(found: FoundReplication, keyArns: Set<string>): Array<{ key: FoundKey; replica: boolean }> {
  const keys: Array<{ key: FoundKey; replica: boolean }> = [];
  const add = (reference: string | undefined, replica: boolean): void => {
    if (reference !== undefined && parseKeyReference(reference).kind === KeyReferenceKind.KeyArn)
      keyArns.add(reference);
    const key = resolveKey(found, reference);
    if (key === undefined) return;
    if (key.arn !== undefined) keyArns.add(key.arn);
    const known = keys.find((entry) => entry.key === key);
    if (known) known.replica = known.replica || replica;
    else keys.push({ key, replica });
  };
  add(found.source.encryption?.keyId, false);
  for (const rule of found.rules) {
    if (rule.status === "Disabled" || rule.destinationBucket === undefined) continue;
    add(rule.replicaKmsKeyId, true);
    const destination = found.destinations[rule.destinationBucket];
    if (destination !== undefined) add(destination.encryption?.keyId, true);
  }
  return keys;
}

/**
 * The positions of each key name in a shared `peerReplicaKeys` list, built once per list: the stack
 * reader gives every configuration of a stack the same list (thousands of entries at 10k
 * resources), so each key is looked up instead of scanning the list for it. The model is not
 * changed once the reader has joined it.
 */
const peerKeyIndexes = new WeakMap<readonly PeerReplicaKey[], Map<string, number[]>>();

function peerKeyIndex(peers: readonly PeerReplicaKey[]): Map<string, number[]> {
  return indexOnce(peerKeyIndexes, peers, (list) => positionsByKey(list, (peer) => peer.key));
}

/**
 * The accounts of the other configurations that write replicas with a key (`peerReplicaKeys`,
 * skipping this configuration's own run `ownReplicaKeys`).
 */
function peerWriters(found: FoundReplication, key: FoundKey): Set<string> {
  const writers = new Set<string>();
  const peers = found.peerReplicaKeys;
  if (peers === undefined) return writers;
  const index = peerKeyIndex(peers);
  const own = found.ownReplicaKeys ?? { start: 0, end: 0 };
  const addWriters = (name: string): void => {
    for (const position of index.get(name) ?? [])
      if (position < own.start || position >= own.end)
        for (const account of peers[position]!.accounts) writers.add(account);
  };
  addWriters(key.ref);
  if (key.arn !== undefined && key.arn !== key.ref) addWriters(key.arn);
  return writers;
}

/** The account whose replication role uses a configuration's keys: the role's, else the source's. */
function writerAccount(found: FoundReplication): string | undefined {
  const roleArn = found.role?.arn ?? found.roleArn;
  return found.role?.account ?? (roleArn ? parseArn(roleArn)?.account || undefined : undefined) ?? found.source.account;
}

/** The keys one configuration writes replicas with (by ref and ARN), with its writer account. */
function replicaKeysOf(found: FoundReplication): PeerReplicaKey[] {
  const account = writerAccount(found);
  if (account === undefined) return [];
  return pathKeys(found, new Set()).flatMap(({ key, replica }) =>
    replica
      ? [key.ref, ...(key.arn !== undefined ? [key.arn] : [])].map((name) => ({ key: name, accounts: [account] }))
      : [],
  );
}

/**
 * Tells each configuration found together which keys the others write replicas with, and for
 * which accounts (`FoundReplication.peerReplicaKeys`): in a two-way pair the source key of one
 * direction is the replica key of the other, and the other side's account named in its policy is
 * AWS's documented cross-account pattern ("Allowing users in other accounts to use a KMS key",
 * https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-modifying-external-accounts.html).
 * They share one list of every configuration's replica keys, each knowing its own run in it
 * (`ownReplicaKeys`): one list instead of one copy of nearly all of it per configuration.
 */
export function notePeerReplicaKeys(replications: FoundReplication[]): void {
  const written = replications.map(replicaKeysOf);
  const all = written.flat();
  let start = 0;
  replications.forEach((replication, index) => {
    const end = start + written[index]!.length;
    if (all.length > end - start) {
      replication.peerReplicaKeys = all;
      replication.ownReplicaKeys = { start, end };
    } else {
      delete replication.peerReplicaKeys;
      delete replication.ownReplicaKeys;
    }
    start = end;
  });
}

/** True when an account is the resource's own, one of the replication's, or allowed by the user. */
export function accountAllowed(scope: SecurityScope, account: string, resourceAccount: string | undefined): boolean {
  return account === resourceAccount || scope.allowedAccounts.has(account);
}

/** Where a statement is in its document, for `location`. */
export function statementLocation(statement: PolicyStatement, index: number): string {
  return statement.Sid ? `statement "${statement.Sid}"` : `statement ${index}`;
}

/** The Allow statements of a readable document, with their index. */
export function allowStatements(policy: FoundPolicy | undefined): Array<{ statement: PolicyStatement; index: number }> {
  const statements = policy?.document?.Statement;
  const allows: Array<{ statement: PolicyStatement; index: number }> = [];
  if (Array.isArray(statements))
    statements.forEach((statement, index) => {
      if (statement.Effect === "Allow") allows.push({ statement, index });
    });
  return allows;
}

/**
 * True when a KMS statement only admits use through S3 for the replication's buckets:
 * `kms:ViaService` = s3.REGION.amazonaws.com and `kms:EncryptionContext:aws:s3:arn` naming only
 * those buckets (S3's encryption context, https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html#encryption-context).
 */
export function s3Scoped(statement: PolicyStatement, scope: SecurityScope): boolean {
  if (statement.Condition === undefined || statement.Condition === null) return false;
  const via: string[] = [];
  const context: string[] = [];
  // Indexed loops over the keys: this runs mostly before the JIT optimises it, when for-of and
  // entry destructuring allocate per element.
  const condition = statement.Condition as Record<string, unknown>;
  const operators = Object.keys(condition);
  for (let at = 0; at < operators.length; at++) {
    const operator = operators[at]!;
    if (operator !== "StringEquals" && operator !== "StringLike") continue;
    const block = (condition[operator] ?? {}) as Record<string, unknown>;
    const keys = Object.keys(block);
    for (let index = 0; index < keys.length; index++) {
      const lower = keys[index]!.toLowerCase();
      const into =
        lower === "kms:viaservice" ? via : lower === "kms:encryptioncontext:aws:s3:arn" ? context : undefined;
      if (into === undefined) continue;
      const values = asList(block[keys[index]!] as string | string[]);
      for (let entry = 0; entry < values.length; entry++) into.push(String(values[entry]));
    }
  }
  return (
    via.length > 0 &&
    via.every((service) => /^s3\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/.test(service)) &&
    context.length > 0 &&
    context.every((arn) => {
      const resource = parseArn(arn)?.resource;
      if (resource === undefined) return false;
      const slash = resource.indexOf("/");
      const name = slash < 0 ? resource : resource.slice(0, slash);
      return !/[*?]/.test(name) && scope.bucketNames.has(name);
    })
  );
}
