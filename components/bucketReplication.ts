/**
 * BucketReplication (TypeScript): replication composed by reference, the aws-cdk-lib way. It takes
 * the source and destination bucket blocks (each created with its own provider) and their key
 * blocks, derives the topology from them, creates the role(s) through the source's (and, two-way,
 * each destination's) provider, adds to each bucket's and key's one policy the statements that
 * replication needs, and writes the replication configuration(s). Every document comes from the
 * core (components/documents); each policy depends only on the buckets, keys and roles of the
 * paths it serves, so N destinations cost O(N) resources and dependencies.
 */

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { destinationBucketPolicyStatements, tlsOnlyStatements } from "./documents/bucketPolicy";
import { replicaKeyPolicyStatements, sourceKeyPolicyStatements } from "./documents/keyPolicy";
import { keyGrantFor } from "./documents/keyGrant";
import { ArgSpec, checkBlockArgs } from "./blockArgs";
import { filterPrefixIssues, roleNameIssues } from "./model/awsLimits";
import { ReplicaOwnership, StorageClass } from "./enums";
import { ReplicationConfiguration, replicationConfiguration } from "./documents/replicationConfiguration";
import { replicationRolePolicy } from "./documents/rolePolicy";
import { BucketPlacement, EncryptedBucket } from "./encryptedBucket";
import { PolicyDocument, PolicyStatement } from "./model/policyDocument";
import {
  BucketEndpoint,
  ReplicationPath,
  ReplicationTopology,
  RoleRef,
  forwardPathId,
  forwardScope,
  pathById,
  replicationPaths,
  reversePathId,
  usesKmsKey,
} from "./model/topology";
import { ValidationIssue, throwIfIssues, topologyIssues } from "./model/validate";
import { RuleSettings, SideValues, destinationTopology, endpointOf } from "./plan";
import { KeyGrant, REPLICATION_GRANT_TYPE, ReplicationAccess } from "./replicationAccess";
import { ReplicationKey } from "./replicationKey";
import { ReplicationRole } from "./replicationRole";

/** One end of the replication: a bucket block and, for a key this stack owns, its key block. */
export interface ReplicationEnd {
  /** The bucket block (its provider, region, encryption, Bucket Key and Object Lock are read from it). */
  bucket: EncryptedBucket;
  /** The key block of the bucket's KMS key, whose policy receives the statements. Default: none (SSE-S3, or a key you do not own: see grantExistingKey). */
  key?: ReplicationKey;
  /** For a KMS key without a key block (one you do not own): give the roles KMS grants through this end's provider. Default: true. */
  grantExistingKey?: boolean;
}

/** One destination: its end and the rule that feeds it. */
export interface ReplicationTarget extends ReplicationEnd, RuleSettings {}

/** Arguments of BucketReplication. */
export interface BucketReplicationArgs {
  /** The source end. */
  source: ReplicationEnd;
  /** The destinations, at least one; each name must be unique. */
  destinations: ReplicationTarget[];
  /** Also replicate every destination back to the source. Default: false. */
  twoWay?: boolean;
  /** Name of the replication role. Default: auto-named from the block name. */
  roleName?: string;
  /** Opt-in (UNVERIFIED) trust condition aws:SourceAccount on the roles. Default: false. */
  trustConditions?: boolean;
  /** Tags of the roles. Default: none. */
  tags?: Record<string, string>;
}

/** The blocks of one end: its bucket, its key, whether grants are made on a key without a block. */
const END_ARGS: ArgSpec = {
  bucket: {
    kind: "instance",
    required: true,
    instanceOf: { name: "EncryptedBucket", is: (value) => value instanceof EncryptedBucket },
  },
  key: { kind: "instance", instanceOf: { name: "ReplicationKey", is: (value) => value instanceof ReplicationKey } },
  grantExistingKey: { kind: "boolean" },
};

/** The rule settings of a destination (S3 API Reference, ReplicationRule; filter prefixes are key prefixes). */
const TARGET_ARGS: ArgSpec = {
  ...END_ARGS,
  name: { kind: "string", required: true },
  ruleId: {
    kind: "string",
    check: (id: string, field: string): ValidationIssue[] =>
      id.length >= 1 && id.length <= 255
        ? []
        : [{ field, problem: "a rule id has 1 to 255 characters", fix: "use 1 to 255 characters" }],
  },
  priority: {
    kind: "number",
    check: (priority: number, field: string): ValidationIssue[] =>
      Number.isInteger(priority) && priority >= 0
        ? []
        : [
            {
              field,
              problem: `${priority} is not a non-negative integer`,
              fix: "give a whole number, unique across destinations",
            },
          ],
  },
  filterPrefix: { kind: "string", check: filterPrefixIssues },
  filterTags: { kind: "tags" },
  storageClass: { kind: "string", oneOf: Object.values(StorageClass) },
  replicateDeleteMarkers: { kind: "boolean" },
  replicaOwnership: { kind: "string", oneOf: Object.values(ReplicaOwnership) },
  replicationTime: { kind: "boolean" },
  metrics: { kind: "boolean" },
  replicaModifications: { kind: "boolean" },
};

/** The type and AWS rule of every BucketReplication argument (checked at construction). */
const BUCKET_REPLICATION_ARGS: ArgSpec = {
  source: { kind: "object", required: true, fields: END_ARGS },
  destinations: { kind: "list", required: true, fields: TARGET_ARGS, minItems: 1 },
  twoWay: { kind: "boolean" },
  roleName: { kind: "string", check: roleNameIssues },
  trustConditions: { kind: "boolean" },
  tags: { kind: "tags" },
};

/** Options of BucketReplication. */
export interface BucketReplicationOptions extends pulumi.ComponentResourceOptions {
  /** Where the roles, grants and replication configurations were before (S3Replication's own URN), kept as aliases. Default: none. */
  childAliasParent?: pulumi.Resource;
  /** Issues of the resolved topology, with the caller's argument paths. Default: the core's topologyIssues. */
  topologyIssues?: (topology: ReplicationTopology) => ValidationIssue[];
}

/** The resolved values and the resources of one end. */
interface End {
  bucket: EncryptedBucket;
  placement: BucketPlacement;
  values: pulumi.Output<SideValues>;
  key: ReplicationKey | undefined;
  grantExistingKey: boolean;
  opts: { provider?: pulumi.ProviderResource };
}

const json = (document: PolicyDocument | PolicyStatement[]): string => JSON.stringify(document);
const EMPTY: PolicyDocument = { Version: "2012-10-17", Statement: [] };

/** The values of one end, resolved. */
function endOf(end: ReplicationEnd): End {
  const placement = end.bucket.placement();
  const values = pulumi
    .all([placement.account, placement.regionName, placement.partition, placement.bucketName, placement.keyArn])
    .apply(([account, region, partition, bucketName, keyArn]): SideValues => ({
      account,
      region,
      partition,
      bucketName,
      ...(keyArn === undefined ? {} : { keyArn }),
    }));
  return {
    bucket: end.bucket,
    placement,
    values,
    key: end.key,
    grantExistingKey: end.grantExistingKey ?? true,
    opts: placement.provider === undefined ? {} : { provider: placement.provider },
  };
}

/**
 * Replication between bucket and key blocks, composed by reference (TypeScript only): from the
 * source and destination blocks (each created with its own provider) it derives the topology,
 * creates the role through the source's provider, adds to each bucket's and key's one policy the
 * statements replication needs, and writes the replication rules. Rule settings are those of
 * S3Replication's destinations.
 *
 * @example
 * Two accounts, each with its own provider:
 * ```ts
 * import * as aws from "@pulumi/aws";
 * import { BucketReplication, EncryptedBucket, ReplicationKey } from "s3-replication";
 *
 * const src = new aws.Provider("src", { region: "us-east-1", profile: "orders-prod" });
 * const dst = new aws.Provider("dst", { region: "eu-west-1", profile: "orders-dr" });
 *
 * const srcKey = new ReplicationKey("orders-src-key", { aliasName: "alias/orders-src" }, { provider: src });
 * const dstKey = new ReplicationKey("orders-dst-key", { aliasName: "alias/orders-dst" }, { provider: dst });
 * const srcBucket = new EncryptedBucket("orders-src", { kmsKeyArn: srcKey.keyArn }, { provider: src });
 * const dstBucket = new EncryptedBucket("orders-dst", { kmsKeyArn: dstKey.keyArn }, { provider: dst });
 *
 * const replication = new BucketReplication(
 *   "orders",
 *   {
 *     source: { bucket: srcBucket, key: srcKey },
 *     destinations: [{ name: "dr", bucket: dstBucket, key: dstKey, replicationTime: true }],
 *   },
 *   { provider: src },
 * );
 *
 * export const roleArn = replication.roleArn;
 * ```
 */
export class BucketReplication extends pulumi.ComponentResource {
  /** ARN of the forward replication role. */
  public readonly roleArn: pulumi.Output<string>;
  /** Reverse role ARNs (two-way), keyed by destination name. */
  public readonly reverseRoleArns: pulumi.Output<Record<string, string>>;
  /** The forward replication rules, as JSON. */
  public readonly replicationRules: pulumi.Output<string>;
  /** For every key without a key block: key ARN -> JSON list of the statements its owner must add. */
  public readonly requiredKeyPolicyStatements: pulumi.Output<Record<string, string>>;
  /** For every bucket whose block writes no policy: bucket name -> JSON list of the statements its owner must add. */
  public readonly requiredBucketPolicyStatements: pulumi.Output<Record<string, string>>;
  /** The forward replication configuration (TypeScript: for alarms and lifecycle rules that wait for it). */
  readonly replication: aws.s3.BucketReplicationConfig;
  /** The reverse replication configurations (two-way), in destination order. */
  readonly reverseReplications: aws.s3.BucketReplicationConfig[];

  /** Derives the topology from the blocks and creates roles, statements and configurations. */
  constructor(name: string, args: BucketReplicationArgs, opts?: BucketReplicationOptions) {
    checkBlockArgs("BucketReplication", name, args, BUCKET_REPLICATION_ARGS);
    const { childAliasParent, topologyIssues: issuesOf = topologyIssues, ...componentOpts } = opts ?? {};
    super("s3-replication:index:BucketReplication", name, {}, componentOpts);
    const ctx: Context = {
      name,
      args,
      parent: this,
      childAliasParent,
      moved: childAliasParent === undefined ? {} : { aliases: [{ parent: childAliasParent }] },
      twoWay: args.twoWay ?? false,
      source: endOf(args.source),
      destinations: args.destinations.map(endOf),
    };
    const roles = createRoles(ctx);
    const paths = destinationPaths(ctx, roles);
    const statements = addPolicyStatements(ctx, paths);
    const grants = createKeyGrants(ctx, roles, statements.key);
    const forward = resolvedTopology(ctx, roles).apply((t) => {
      throwIfIssues(issuesOf(t));
      return forwardScope(t);
    });
    roles.setForwardPolicy(forward.apply((scope) => json(scope === undefined ? EMPTY : replicationRolePolicy(scope))));
    const forwardConfig = forward.apply((scope) => (scope === undefined ? undefined : replicationConfiguration(scope)));
    this.replication = forwardReplication(ctx, roles, forwardConfig, grants);
    this.reverseReplications = reverseReplications(ctx, roles, paths, forward, [this.replication, ...grants]);

    this.roleArn = roles.forward.roleArn;
    this.reverseRoleArns = pulumi
      .all(roles.reverse.map((r) => r.role.roleArn))
      .apply((list) => Object.fromEntries(list.map((arn, i) => [args.destinations[i]?.name ?? "", arn])));
    this.replicationRules = forwardConfig.apply((config) => JSON.stringify(config?.rules ?? []));
    this.requiredKeyPolicyStatements = requiredKeyStatements(statements.key);
    this.requiredBucketPolicyStatements = requiredBucketStatements(ctx, statements.bucket);
    this.registerOutputs({
      roleArn: this.roleArn,
      reverseRoleArns: this.reverseRoleArns,
      replicationRules: this.replicationRules,
      requiredKeyPolicyStatements: this.requiredKeyPolicyStatements,
      requiredBucketPolicyStatements: this.requiredBucketPolicyStatements,
    });
  }
}

/** What every step of the construction reads: the block's name, arguments, parent and resolved ends. */
interface Context {
  name: string;
  args: BucketReplicationArgs;
  parent: BucketReplication;
  childAliasParent: pulumi.Resource | undefined;
  /** The alias every child created under S3Replication before the blocks carries. */
  moved: { aliases?: pulumi.Alias[] };
  twoWay: boolean;
  source: End;
  destinations: End[];
}

/** The replication roles: forward in the source account; two-way, one reverse role per destination. */
interface Roles {
  forward: ReplicationRole;
  setForwardPolicy: (policy: pulumi.Output<string>) => void;
  reverse: Array<{ role: ReplicationRole; setPolicy: (policy: pulumi.Output<string>) => void }>;
}

/** The statements added to each end's key policy and bucket policy, per end (also published for owners). */
type StatementsByEnd = Map<End, pulumi.Output<PolicyStatement[]>[]>;

/** The forward and reverse path of each destination, each derived from its own values only. */
interface DestinationPaths {
  forward: (i: number) => pulumi.Output<ReplicationPath>;
  reverse: (i: number) => pulumi.Output<ReplicationPath>;
}

/** Step 1, roles: forward in the source account; two-way, one reverse role per destination in its account. */
function createRoles(ctx: Context): Roles {
  const { name, args, parent, moved } = ctx;
  const tags = args.tags === undefined ? {} : { tags: args.tags };
  const trustConditions = args.trustConditions ?? false;
  const [forwardPolicy, setForwardPolicy] = pulumi.deferredOutput<string>();
  const forward = new ReplicationRole(
    `${name}-role`,
    {
      ...(args.roleName === undefined ? {} : { roleName: args.roleName }),
      permissionPolicy: forwardPolicy,
      trustConditions,
      sourceAccount: ctx.source.placement.account,
      ...tags,
    },
    { parent, ...ctx.source.opts, ...moved },
  );
  const reverse = ctx.twoWay
    ? args.destinations.map((d, i) => {
        const end = ctx.destinations[i] as End;
        const [policy, setPolicy] = pulumi.deferredOutput<string>();
        const role = new ReplicationRole(
          `${name}-to-${d.name}-back-role`,
          { permissionPolicy: policy, trustConditions, sourceAccount: end.placement.account, ...tags },
          { parent, ...end.opts, ...moved },
        );
        return { role, setPolicy };
      })
    : [];
  return { forward, setForwardPolicy, reverse };
}

/** The core's endpoint of one end, from its resolved values and its block's settings. */
function endpoint(end: End, v: SideValues): BucketEndpoint {
  return endpointOf(v, end.placement.encryption, end.placement.bucketKeyEnabled, end.placement.objectLockEnabled);
}

/** Step 2, the paths of each destination (forward, and reverse when two-way): each from its own values only. */
function destinationPaths(ctx: Context, roles: Roles): DestinationPaths {
  const { args, source, twoWay } = ctx;
  const forwardRole = pulumi
    .all([source.values, roles.forward.roleName])
    .apply(([v, roleName]): RoleRef => ({ account: v.account, partition: v.partition, name: roleName }));
  const pathsOf = args.destinations.map((d, i) => {
    const end = ctx.destinations[i] as End;
    const reverseName = roles.reverse[i]?.role.roleName ?? pulumi.output("");
    return pulumi
      .all([source.values, end.values, forwardRole, reverseName])
      .apply(([sv, dv, roleRef, back]): ReplicationPath[] =>
        replicationPaths({
          source: endpoint(source, sv),
          role: roleRef,
          twoWay,
          destinations: [destinationTopology(d, i, endpoint(end, dv), sv.account, twoWay)],
          ...(twoWay ? { reverseRoleNames: { [d.name]: back } } : {}),
        }),
      );
  });
  const pathOf = (i: number, id: (destination: string) => string) =>
    (pathsOf[i] as pulumi.Output<ReplicationPath[]>).apply((paths) =>
      pathById(paths, id((args.destinations[i] as ReplicationTarget).name)),
    );
  return { forward: (i) => pathOf(i, forwardPathId), reverse: (i) => pathOf(i, reversePathId) };
}

/**
 * Step 3, statements into each bucket's and key's one policy: forward paths first, then reverse (the
 * core's order). Returns what was added per end, for the grants and the owners' lists.
 */
function addPolicyStatements(ctx: Context, paths: DestinationPaths): { key: StatementsByEnd; bucket: StatementsByEnd } {
  const { source, destinations } = ctx;
  const key: StatementsByEnd = new Map();
  const bucket: StatementsByEnd = new Map();
  const toKey = (end: End, statements: pulumi.Output<PolicyStatement[]>): void => {
    end.key?.addToResourcePolicy(statements);
    appendTo(key, end, statements);
  };
  const sourceKey = (path: ReplicationPath) => sourceKeyPolicyStatements({ role: path.role, paths: [path] });
  if (destinations.length > 0) toKey(source, paths.forward(0).apply(sourceKey));
  destinations.forEach((end, i) => {
    const path = paths.forward(i);
    toKey(end, path.apply(replicaKeyPolicyStatements));
    addBucket(end, path.apply(destinationBucketPolicyStatements), bucket);
  });
  if (ctx.twoWay) {
    destinations.forEach((end, i) => {
      const path = paths.reverse(i);
      toKey(source, path.apply(replicaKeyPolicyStatements));
      addBucket(source, path.apply(destinationBucketPolicyStatements), bucket);
      toKey(end, path.apply(sourceKey));
    });
  }
  return { key, bucket };
}

/** Step 4, KMS grants on keys without a key block (their policy is the owner's to write), by a ReplicationAccess block. */
function createKeyGrants(ctx: Context, roles: Roles, keyStatements: StatementsByEnd): ReplicationAccess[] {
  const { name, args, childAliasParent } = ctx;
  const sideNames = [`${name}-source`, ...args.destinations.map((d) => `${name}-to-${d.name}`)];
  const roleList = [roles.forward, ...roles.reverse.map((r) => r.role)];
  const roleLabels = ["forward", ...roles.reverse.map((_, i) => `${args.destinations[i]?.name ?? i}-back`)];
  // Created as ReplicationGrant before it was renamed (under S3Replication itself before the blocks).
  const aliases: pulumi.Alias[] = [
    { type: REPLICATION_GRANT_TYPE },
    ...(childAliasParent === undefined ? [] : [{ type: REPLICATION_GRANT_TYPE, parent: childAliasParent }]),
  ];
  const grants: ReplicationAccess[] = [];
  [ctx.source, ...ctx.destinations].forEach((end, i) => {
    if (end.key !== undefined || !end.grantExistingKey || !usesKmsKey(end.placement.encryption)) return;
    const statements = pulumi.all(keyStatements.get(end) ?? []).apply((lists) => lists.flat());
    const keyGrants: KeyGrant[] = roleList.map((r, k) => ({
      name: roleLabels[k] ?? `role-${k}`,
      granteeRoleArn: r.roleArn,
      ...grantOf(statements, r.roleArn),
    }));
    grants.push(
      new ReplicationAccess(
        `${sideNames[i] ?? name}-access`,
        { ...end.placement.region, keyArn: end.placement.keyArn.apply((k) => k ?? ""), grants: keyGrants },
        { parent: ctx.parent, ...end.opts, dependsOn: roleList, aliases },
      ),
    );
  });
  return grants;
}

/** A role's grant (operations and encryption-context constraint) from the key statements, as Inputs. */
function grantOf(
  statements: pulumi.Output<PolicyStatement[]>,
  roleArn: pulumi.Output<string>,
): Pick<KeyGrant, "operations" | "encryptionContextSubset"> {
  const grant = pulumi.all([statements, roleArn]).apply(([s, arn]) => keyGrantFor(s, arn));
  return { operations: grant.operations, encryptionContextSubset: grant.apply((g) => g.encryptionContextSubset) };
}

/** Step 5, the whole topology (for the forward role policy and configuration), from every end's values. */
function resolvedTopology(ctx: Context, roles: Roles): pulumi.Output<ReplicationTopology> {
  const { args, source, destinations, twoWay } = ctx;
  return pulumi
    .all([
      source.values,
      pulumi.all(destinations.map((d) => d.values)),
      roles.forward.roleName,
      pulumi.all(roles.reverse.map((r) => r.role.roleName)),
    ])
    .apply(([sv, dvs, roleName, backNames]): ReplicationTopology => ({
      source: endpoint(source, sv),
      twoWay,
      role: { account: sv.account, partition: sv.partition, name: roleName },
      destinations: args.destinations.map((d, i) =>
        destinationTopology(d, i, endpoint(destinations[i] as End, dvs[i] as SideValues), sv.account, twoWay),
      ),
      ...(twoWay
        ? { reverseRoleNames: Object.fromEntries(args.destinations.map((d, i) => [d.name, backNames[i] ?? ""])) }
        : {}),
    }));
}

/** Resolves once every bucket and key policy of these ends is written (rules wait for the grants they need). */
function policiesWritten(ends: End[]): pulumi.Output<unknown[]> {
  return pulumi.all(
    ends.flatMap((e) => [e.bucket.policyWritten(), ...(e.key === undefined ? [] : [e.key.policyWritten()])]),
  );
}

/** Step 6, the forward replication configuration, once every policy and grant it relies on exists. */
function forwardReplication(
  ctx: Context,
  roles: Roles,
  config: pulumi.Output<ReplicationConfiguration | undefined>,
  grants: ReplicationAccess[],
): aws.s3.BucketReplicationConfig {
  const { source } = ctx;
  const waitForAll = pulumi.all([
    policiesWritten([source, ...ctx.destinations]),
    pulumi.all(grants.map((g) => g.grantIds)),
  ]);
  return new aws.s3.BucketReplicationConfig(
    `${ctx.name}-replication`,
    {
      ...source.placement.region,
      bucket: source.placement.bucketName,
      role: roles.forward.roleArn,
      rules: pulumi.all([config, waitForAll]).apply(([c]) => c?.rules ?? []),
    },
    { parent: ctx.parent, ...source.opts, dependsOn: [roles.forward, ...grants], ...ctx.moved },
  );
}

/** Step 7 (two-way), each destination's reverse role policy and replication configuration back to the source. */
function reverseReplications(
  ctx: Context,
  roles: Roles,
  paths: DestinationPaths,
  forward: pulumi.Output<unknown>,
  after: pulumi.Resource[],
): aws.s3.BucketReplicationConfig[] {
  return roles.reverse.map((r, i) => {
    const d = ctx.args.destinations[i] as ReplicationTarget;
    const end = ctx.destinations[i] as End;
    const scope = paths.reverse(i).apply((path) => ({ role: path.role, paths: [path] }));
    r.setPolicy(scope.apply((s) => json(replicationRolePolicy(s))));
    return new aws.s3.BucketReplicationConfig(
      `${ctx.name}-to-${d.name}-back-replication`,
      {
        ...end.placement.region,
        bucket: end.placement.bucketName,
        role: r.role.roleArn,
        rules: pulumi
          .all([scope, policiesWritten([ctx.source, end]), forward])
          .apply(([s]) => replicationConfiguration(s).rules),
      },
      { parent: ctx.parent, ...end.opts, dependsOn: [r.role, ...after], ...ctx.moved },
    );
  });
}

/** Statements per end, published as owner-facing JSON lists (ends without a key or with nothing to add left out). */
function publishedStatements(
  entries: Array<[End, pulumi.Output<PolicyStatement[]>[]]>,
  keyOf: (end: End) => pulumi.Output<string | undefined>,
): pulumi.Output<Record<string, string>> {
  return pulumi
    .all(
      entries.map(([end, parts]) =>
        pulumi.all([keyOf(end), pulumi.all(parts)]).apply(([k, lists]) => [k ?? "", lists.flat()] as const),
      ),
    )
    .apply((pairs) =>
      Object.fromEntries(pairs.filter(([k, s]) => k !== "" && s.length > 0).map(([k, s]) => [k, json(s)])),
    );
}

/** For every KMS key without a key block: the statements its owner must add. */
function requiredKeyStatements(keyStatements: StatementsByEnd): pulumi.Output<Record<string, string>> {
  return publishedStatements(
    [...keyStatements].filter(([end]) => end.key === undefined && usesKmsKey(end.placement.encryption)),
    (end) => end.placement.keyArn,
  );
}

/** For every bucket whose policy this stack does not write: the TLS-only statement and the replication grants. */
function requiredBucketStatements(
  ctx: Context,
  bucketStatements: StatementsByEnd,
): pulumi.Output<Record<string, string>> {
  const unwritten = [ctx.source, ...ctx.destinations]
    .filter((end) => !end.placement.writesPolicy)
    .map((end): [End, pulumi.Output<PolicyStatement[]>[]] => [
      end,
      [
        pulumi
          .all([end.placement.partition, end.placement.bucketName])
          .apply(([partition, bucketName]) => tlsOnlyStatements({ partition, bucketName })),
        ...(bucketStatements.get(end) ?? []),
      ],
    ]);
  return publishedStatements(unwritten, (end) => end.placement.bucketName);
}

/** Adds a path's statements to a bucket's one policy (when its block writes one) and records them for the owner. */
function addBucket(
  end: End,
  statements: pulumi.Output<PolicyStatement[]>,
  record: Map<End, pulumi.Output<PolicyStatement[]>[]>,
): void {
  if (end.placement.writesPolicy) end.bucket.addToResourcePolicy(statements);
  appendTo(record, end, statements);
}

/** Appends to the list kept under a key (in place: a source's list grows with every destination). */
function appendTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}
