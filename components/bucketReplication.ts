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
import { replicationConfiguration } from "./documents/replicationConfiguration";
import { replicationRolePolicy } from "./documents/rolePolicy";
import { BucketPlacement, EncryptedBucket } from "./encryptedBucket";
import { PolicyDocument, PolicyStatement, asList } from "./model/policyDocument";
import {
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

/** The KMS operations the key statements give one role (for a grant on a key whose policy we cannot write). */
function grantOperations(statements: PolicyStatement[], grantee: string): string[] {
  const ops = statements
    .filter((s) => s.Effect === "Allow" && typeof s.Principal === "object" && asList(s.Principal.AWS).includes(grantee))
    .flatMap((s) => asList(s.Action))
    .map((a) => a.replace(/^kms:/, ""));
  return [...new Set(ops)];
}

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

/** Replication between bucket blocks, wired by reference (see the module comment). */
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
    const { childAliasParent, topologyIssues: issuesOf = topologyIssues, ...componentOpts } = opts ?? {};
    super("s3-replication:index:BucketReplication", name, {}, componentOpts);
    const moved = childAliasParent === undefined ? {} : { aliases: [{ parent: childAliasParent }] };
    const twoWay = args.twoWay ?? false;
    const tags = args.tags === undefined ? {} : { tags: args.tags };
    const source = endOf(args.source);
    const destinations = args.destinations.map(endOf);

    // Step 1, roles: forward in the source account; two-way, one reverse role per destination in its account.
    const [forwardPolicy, setForwardPolicy] = pulumi.deferredOutput<string>();
    const role = new ReplicationRole(
      `${name}-role`,
      {
        ...(args.roleName === undefined ? {} : { roleName: args.roleName }),
        permissionPolicy: forwardPolicy,
        trustConditions: args.trustConditions ?? false,
        sourceAccount: source.placement.account,
        ...tags,
      },
      { parent: this, ...source.opts, ...moved },
    );
    const reverse = twoWay
      ? args.destinations.map((d, i) => {
          const end = destinations[i] as End;
          const [policy, setPolicy] = pulumi.deferredOutput<string>();
          const reverseRole = new ReplicationRole(
            `${name}-to-${d.name}-back-role`,
            {
              permissionPolicy: policy,
              trustConditions: args.trustConditions ?? false,
              sourceAccount: end.placement.account,
              ...tags,
            },
            { parent: this, ...end.opts, ...moved },
          );
          return { role: reverseRole, setPolicy };
        })
      : [];

    // Step 2, the paths of each destination (forward, and reverse when two-way): each from its own values only.
    const endpoint = (end: End, v: SideValues) =>
      endpointOf(v, end.placement.encryption, end.placement.bucketKeyEnabled, end.placement.objectLockEnabled);
    const forwardRole = pulumi
      .all([source.values, role.roleName])
      .apply(([v, roleName]): RoleRef => ({ account: v.account, partition: v.partition, name: roleName }));
    const pathsOf = args.destinations.map((d, i) => {
      const end = destinations[i] as End;
      const reverseName = reverse[i]?.role.roleName ?? pulumi.output("");
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
    const forwardPath = (i: number) => pathOf(i, forwardPathId);
    const reversePath = (i: number) => pathOf(i, reversePathId);

    // Step 3, statements into each bucket's and key's one policy: forward paths first, then reverse (the core's order).
    const keyStatements = new Map<End, pulumi.Output<PolicyStatement[]>[]>();
    const bucketStatements = new Map<End, pulumi.Output<PolicyStatement[]>[]>();
    const toKey = (end: End, statements: pulumi.Output<PolicyStatement[]>): void => {
      end.key?.addToResourcePolicy(statements);
      appendTo(keyStatements, end, statements);
    };
    if (args.destinations.length > 0)
      toKey(
        source,
        forwardPath(0).apply((path) => sourceKeyPolicyStatements({ role: path.role, paths: [path] })),
      );
    args.destinations.forEach((_, i) => {
      const end = destinations[i] as End;
      const path = forwardPath(i);
      toKey(end, path.apply(replicaKeyPolicyStatements));
      addBucket(end, path.apply(destinationBucketPolicyStatements), bucketStatements);
    });
    if (twoWay) {
      args.destinations.forEach((_, i) => {
        const end = destinations[i] as End;
        const path = reversePath(i);
        toKey(source, path.apply(replicaKeyPolicyStatements));
        addBucket(source, path.apply(destinationBucketPolicyStatements), bucketStatements);
        toKey(
          end,
          path.apply((p) => sourceKeyPolicyStatements({ role: p.role, paths: [p] })),
        );
      });
    }

    // Step 4, KMS grants on keys without a key block (their policy is the owner's to write), by a ReplicationAccess block.
    const sideNames = [`${name}-source`, ...args.destinations.map((d) => `${name}-to-${d.name}`)];
    const roles = [role, ...reverse.map((r) => r.role)];
    const roleLabels = ["forward", ...reverse.map((_, i) => `${args.destinations[i]?.name ?? i}-back`)];
    const grants: ReplicationAccess[] = [];
    // Created as ReplicationGrant before it was renamed (under S3Replication itself before the blocks).
    const grantAliases: pulumi.Alias[] = [
      { type: REPLICATION_GRANT_TYPE },
      ...(childAliasParent === undefined ? [] : [{ type: REPLICATION_GRANT_TYPE, parent: childAliasParent }]),
    ];
    [source, ...destinations].forEach((end, i) => {
      if (end.key !== undefined || !end.grantExistingKey || !usesKmsKey(end.placement.encryption)) return;
      const statements = pulumi.all(keyStatements.get(end) ?? []).apply((lists) => lists.flat());
      const keyGrants: KeyGrant[] = roles.map((r, k) => ({
        name: roleLabels[k] ?? `role-${k}`,
        granteeRoleArn: r.roleArn,
        operations: pulumi.all([statements, r.roleArn]).apply(([s, arn]) => grantOperations(s, arn)),
      }));
      grants.push(
        new ReplicationAccess(
          `${sideNames[i] ?? name}-access`,
          {
            ...end.placement.region,
            keyArn: end.placement.keyArn.apply((k) => k ?? ""),
            grants: keyGrants,
          },
          { parent: this, ...end.opts, dependsOn: roles, aliases: grantAliases },
        ),
      );
    });

    // Step 5, the role policies and replication configurations: the whole topology, validated with the caller's paths.
    const topology = pulumi
      .all([
        source.values,
        pulumi.all(destinations.map((d) => d.values)),
        role.roleName,
        pulumi.all(reverse.map((r) => r.role.roleName)),
      ])
      .apply(([sv, dvs, roleName, backNames]): ReplicationTopology => {
        const src = endpoint(source, sv);
        return {
          source: src,
          twoWay,
          role: { account: sv.account, partition: sv.partition, name: roleName },
          destinations: args.destinations.map((d, i) =>
            destinationTopology(d, i, endpoint(destinations[i] as End, dvs[i] as SideValues), sv.account, twoWay),
          ),
          ...(twoWay
            ? { reverseRoleNames: Object.fromEntries(args.destinations.map((d, i) => [d.name, backNames[i] ?? ""])) }
            : {}),
        };
      });
    const forward = topology.apply((t) => {
      throwIfIssues(issuesOf(t));
      return forwardScope(t);
    });
    setForwardPolicy(forward.apply((scope) => json(scope === undefined ? EMPTY : replicationRolePolicy(scope))));
    const policiesWritten = (ends: End[]) =>
      pulumi.all(
        ends.flatMap((e) => [e.bucket.policyWritten(), ...(e.key === undefined ? [] : [e.key.policyWritten()])]),
      );
    const forwardConfig = forward.apply((scope) => (scope === undefined ? undefined : replicationConfiguration(scope)));
    const waitForAll = pulumi.all([
      policiesWritten([source, ...destinations]),
      pulumi.all(grants.map((g) => g.grantIds)),
    ]);
    this.replication = new aws.s3.BucketReplicationConfig(
      `${name}-replication`,
      {
        ...source.placement.region,
        bucket: source.placement.bucketName,
        role: role.roleArn,
        rules: pulumi.all([forwardConfig, waitForAll]).apply(([config]) => config?.rules ?? []),
      },
      { parent: this, ...source.opts, dependsOn: [role, ...grants], ...moved },
    );
    this.reverseReplications = reverse.map((r, i) => {
      const d = args.destinations[i] as ReplicationTarget;
      const end = destinations[i] as End;
      const scope = reversePath(i).apply((path) => ({ role: path.role, paths: [path] }));
      r.setPolicy(scope.apply((s) => json(replicationRolePolicy(s))));
      return new aws.s3.BucketReplicationConfig(
        `${name}-to-${d.name}-back-replication`,
        {
          ...end.placement.region,
          bucket: end.placement.bucketName,
          role: r.role.roleArn,
          rules: pulumi
            .all([scope, policiesWritten([source, end]), forward])
            .apply(([s]) => replicationConfiguration(s).rules),
        },
        { parent: this, ...end.opts, dependsOn: [r.role, this.replication, ...grants], ...moved },
      );
    });

    // Outputs.
    this.roleArn = role.roleArn;
    this.reverseRoleArns = pulumi
      .all(reverse.map((r) => r.role.roleArn))
      .apply((list) => Object.fromEntries(list.map((arn, i) => [args.destinations[i]?.name ?? "", arn])));
    this.replicationRules = forwardConfig.apply((config) => JSON.stringify(config?.rules ?? []));
    const published = (
      entries: Array<[End, pulumi.Output<PolicyStatement[]>[]]>,
      keyOf: (end: End) => pulumi.Output<string | undefined>,
    ) =>
      pulumi
        .all(
          entries.map(([end, parts]) =>
            pulumi.all([keyOf(end), pulumi.all(parts)]).apply(([k, lists]) => [k ?? "", lists.flat()] as const),
          ),
        )
        .apply((pairs) =>
          Object.fromEntries(pairs.filter(([k, s]) => k !== "" && s.length > 0).map(([k, s]) => [k, json(s)])),
        );
    this.requiredKeyPolicyStatements = published(
      [...keyStatements].filter(([end]) => end.key === undefined && usesKmsKey(end.placement.encryption)),
      (end) => end.placement.keyArn,
    );
    // A bucket whose policy this stack does not write: its owner adds the TLS-only statement and the replication grants.
    const unwritten = [source, ...destinations]
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
    this.requiredBucketPolicyStatements = published(unwritten, (end) => end.placement.bucketName);
    this.registerOutputs({
      roleArn: this.roleArn,
      reverseRoleArns: this.reverseRoleArns,
      replicationRules: this.replicationRules,
      requiredKeyPolicyStatements: this.requiredKeyPolicyStatements,
      requiredBucketPolicyStatements: this.requiredBucketPolicyStatements,
    });
  }
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
