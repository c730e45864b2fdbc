/**
 * Replication configurations: every BucketReplicationConfig, and every bucket's inline replication
 * configuration (legacy aws.s3.Bucket, deprecated BucketV2) not managed by a separate one, read
 * into FoundReplication: the source bucket, the role, each rule with its destination bucket and
 * replica key joined by value, else (preview) by the resources the rules depend on.
 */

import {
  FoundBucket,
  FoundReplication,
  FoundRule,
  SingleConfiguration,
  bucketArnProblem,
  canonicalJson,
  notePeerReplicaKeys,
  parseArn,
  partitionOfRegion,
} from "s3-replication/components/model";
import { Accounts } from "./accounts";
import { Buckets } from "./buckets";
import { MappingContext, T, copyOf, refOf } from "./context";
import { Keys } from "./keys";
import type { OrderingIssue } from "./model";
import { PlainResource } from "./resources";
import { Roles } from "./roles";
import { foundRule, ruleDestination, ruleReplicaKey } from "./rules";
import { Accessor } from "./accessor";
import { Plain, hasUnknown, isUnknown } from "./values";

/** One replication configuration as its reader sees it. */
interface Configuration {
  /** The resource holding it (the BucketReplicationConfig, or the bucket of an inline one). */
  owner: PlainResource;
  /** How findings name it. */
  ref: string;
  /** The source bucket resource, when the stack creates it. */
  sourceResource: PlainResource | undefined;
  /** The source bucket, when it could be named. */
  sourceBucket: FoundBucket | undefined;
  /** The configuration's value (`role`, `rules`). */
  config: Accessor;
  /** The owner's property holding the rules (for its property dependencies). */
  rulesProp: string;
  /** The role resource, when joined. */
  roleTarget: PlainResource | undefined;
  /** True for a separate BucketReplicationConfig (ordered after the buckets' versioning resources). */
  isSeparate: boolean;
}

/** The rules of one configuration while they are joined to their destinations and keys. */
interface RuleJoin {
  configuration: Configuration;
  destinations: Record<string, FoundBucket>;
  destinationBuckets: FoundBucket[];
  candidateBuckets: PlainResource[];
  candidateKeys: PlainResource[];
  unresolvedDest: number;
  unresolvedKey: number;
}

/** What the replication reader gives the model. */
export interface ReplicationFamily {
  replications: FoundReplication[];
  unknownReplicaKeys: Set<string>;
  placeholderRules: Set<string>;
  ordering: OrderingIssue[];
}

/** Reads every replication configuration of the stack. */
export function readReplications(
  ctx: MappingContext,
  accounts: Accounts,
  buckets: Buckets,
  keys: Keys,
  roles: Roles,
): ReplicationFamily {
  const reader = new ReplicationReader(ctx, accounts, buckets, keys, roles);
  const separatelyReplicated = new Set<string>();
  for (const r of ctx.of(T.replication)) {
    const sourceResource = buckets.bucketOf(r);
    const source = buckets.targetOf(r);
    if (sourceResource) separatelyReplicated.add(sourceResource.urn);
    if (source) ctx.writesCopy(SingleConfiguration.Replication, source.ref, r, () => replicationCopy(r.props));
    const roleTarget = roles.roleOf(r, "role");
    if (roleTarget === undefined && isUnknown(ctx.p(r, "role"))) ctx.pend(r, "the replication role");
    reader.build({
      owner: r,
      ref: refOf(r),
      sourceResource,
      sourceBucket: source,
      config: ctx.props(r),
      rulesProp: "rules",
      roleTarget,
      isSeparate: true,
    });
  }
  for (const r of buckets.resources) {
    // A bucket's inline replication configuration read back after a refresh mirrors the separate
    // BucketReplicationConfig that manages it: judged once, as that resource. One the program
    // sets too is a second writer (holdsCopy, readInlineCopy).
    if (!separatelyReplicated.has(r.urn)) reader.buildInline(r);
    else holdsInlineReplication(ctx, r, buckets.byUrn.get(r.urn));
  }
  notePeerRoles(reader.family.replications);
  notePeerReplicaKeys(reader.family.replications);
  return reader.family;
}

/** A bucket's inline replication configuration property: `replicationConfiguration`, BucketV2 `replicationConfigurations`. */
function inlineReplicationProp(r: PlainResource): string {
  return T.bucketV2.test(r.type) ? "replicationConfigurations" : "replicationConfiguration";
}

/**
 * A replication configuration in canonical form, for telling a copy read back from AWS from
 * another configuration: its role and, of each rule, what the bucket's inline schema holds in
 * every shape (id, status, priority, destination bucket, replica key). The inline schema has no
 * field for newer rule settings (replica modification sync, for one), so a read-back copy lacks
 * them: comparing them would take every mirror for a second writer. Undefined when unknown in
 * preview.
 */
function replicationCopy(value: Plain): string | undefined {
  if (copyOf(value) === undefined) return undefined;
  const config = new Accessor(value);
  const rules = (config.each("rules") ?? [])
    .map((rule) => {
      const { id, status, priority, destinationBucket, replicaKmsKeyId } = foundRule(rule);
      return canonicalJson({ id, status, priority, destinationBucket, replicaKmsKeyId });
    })
    .sort();
  return canonicalJson({ role: config.text("role") ?? null, rules });
}

/** Records a separately replicated bucket's own inline configuration, when it has rules. */
function holdsInlineReplication(ctx: MappingContext, r: PlainResource, bucket: FoundBucket | undefined): void {
  const prop = inlineReplicationProp(r);
  const inline = new Accessor(ctx.p(r, prop)).at();
  if (bucket === undefined || (!isUnknown(inline.root) && (inline.items("rules") ?? []).length === 0)) return;
  ctx.holdsCopy(SingleConfiguration.Replication, bucket.ref, r, prop, {
    canonical: () => replicationCopy(inline.root),
  });
}

/**
 * Tells each replication the roles of the configurations found with it: their replication grants
 * on shared buckets and keys are expected. One shared list (its own role among them: the security
 * analysis judges the own role first), so the stack costs one list, not one per replication.
 */
function notePeerRoles(replications: FoundReplication[]): void {
  const roleOf = (replication: FoundReplication): string | undefined => replication.role?.arn ?? replication.roleArn;
  const all = [...new Set(replications.map(roleOf).filter((arn): arn is string => arn !== undefined))];
  for (const replication of replications) {
    if (all.some((arn) => arn !== roleOf(replication))) replication.peerRoleArns = all;
  }
}

/** Builds the FoundReplication of each configuration, with the indexes of the other families. */
class ReplicationReader {
  readonly family: ReplicationFamily = {
    replications: [],
    unknownReplicaKeys: new Set(),
    placeholderRules: new Set(),
    ordering: [],
  };

  constructor(
    private readonly ctx: MappingContext,
    private readonly accounts: Accounts,
    private readonly buckets: Buckets,
    private readonly keys: Keys,
    private readonly roles: Roles,
  ) {}

  /** A bucket's inline configuration: aws.s3.Bucket `replicationConfiguration`, BucketV2 `replicationConfigurations` (a list). */
  buildInline(r: PlainResource): void {
    const prop = inlineReplicationProp(r);
    const props = this.ctx.props(r);
    if (!props.record(prop) || (props.at(prop).items("rules") ?? []).length === 0) return;
    const inline = props.at(prop);
    const roleValue = inline.requiredText("role");
    const roleTarget =
      (roleValue !== undefined ? this.roles.index.get(roleValue) : undefined) ?? this.ctx.deps(r, prop, T.role)[0];
    this.build({
      owner: r,
      ref: `${refOf(r)} ${prop}`,
      sourceResource: r,
      sourceBucket: this.buckets.byUrn.get(r.urn),
      config: inline,
      rulesProp: prop,
      roleTarget,
      isSeparate: false,
    });
  }

  /** Builds one FoundReplication and records it. */
  build(configuration: Configuration): void {
    const { owner, ref, config, roleTarget } = configuration;
    const source = configuration.sourceBucket ?? this.unnamedSource(owner);
    const roleArn = config.requiredText("role");
    config.requiredItems("rules");
    const role = roleTarget && this.roles.byUrn.get(roleTarget.urn);
    const ruleList = (config.each("rules") ?? []).filter((rule) => rule.requiredRecord() !== undefined);
    const join = this.ruleJoin(configuration, ruleList);
    const rulesValue = config.raw("rules");
    if (isUnknown(rulesValue) || (ruleList.length === 0 && hasUnknown(rulesValue)))
      this.addPlaceholders(join, ruleList);
    const rules = ruleList.map((rule, index) => this.ruleOf(join, rule, index));
    const replication: FoundReplication = {
      ref,
      source,
      rules,
      destinations: join.destinations,
      keys: this.keys.byReference,
      ...(roleArn ? { roleArn } : role?.arn ? { roleArn: role.arn } : {}),
      ...(role ? { role } : {}),
    };
    this.ctx.urnOfRef.set(ref, owner.urn);
    this.family.replications.push(replication);
    if (configuration.isSeparate) this.checkOrdering(owner, ref, [source, ...join.destinationBuckets]);
  }

  /** A source bucket that cannot be named (unknown in preview): nothing is judged on its settings. */
  private unnamedSource(owner: PlainResource): FoundBucket {
    const region = this.accounts.regionOf(owner);
    const account = this.accounts.accountOf(owner);
    return {
      ref: "bucket (unknown)",
      versioningUnknown: true,
      encryptionUnknown: true,
      policyUnknown: true,
      publicAccessBlockUnknown: true,
      ...(region ? { region, partition: partitionOfRegion(region) } : {}),
      ...(account ? { account } : {}),
    };
  }

  /** The resources the rules depend on (preview joins) and how many rules need them. */
  private ruleJoin(configuration: Configuration, ruleList: Accessor[]): RuleJoin {
    const { owner, rulesProp, sourceResource } = configuration;
    const candidateBuckets = this.ctx.deps(owner, rulesProp, T.bucket).filter((b) => b.urn !== sourceResource?.urn);
    const candidateKeys = [
      ...new Set([
        ...this.ctx.deps(owner, rulesProp, T.anyKey),
        // A rule naming an alias output (alias.arn or alias.targetKeyArn, indistinguishable in preview) uses the alias's key.
        ...this.ctx
          .deps(owner, rulesProp, T.alias)
          .map((alias) => this.keys.keyResourceOf(alias, "targetKeyId"))
          .filter((k): k is PlainResource => k !== undefined),
      ]),
    ];
    return {
      configuration,
      destinations: {},
      destinationBuckets: [],
      candidateBuckets,
      candidateKeys,
      unresolvedDest: ruleList.filter((rule) => ruleDestination(rule).text("bucket") === undefined).length,
      unresolvedKey: ruleList.filter((rule) => isUnknown(ruleReplicaKey(rule))).length,
    };
  }

  /** Rules unknown in preview: one placeholder rule per destination bucket the rules depend on. */
  private addPlaceholders(join: RuleJoin, ruleList: Accessor[]): void {
    const { owner, ref } = join.configuration;
    this.family.placeholderRules.add(ref);
    this.ctx.pend(owner, "the replication rules");
    join.candidateBuckets.forEach((candidate, index) => {
      const arn = this.buckets.arnOf.get(candidate.urn);
      const destination = this.buckets.byUrn.get(candidate.urn);
      if (arn && destination) {
        const placeholder = {
          id: `(unknown in preview ${index})`,
          status: "Enabled",
          filter: {},
          destination: { bucket: arn },
        };
        ruleList.push(new Accessor(placeholder));
        join.destinations[arn] = destination;
      }
    });
  }

  /** One rule, joined to its destination bucket and replica key. */
  private ruleOf(join: RuleJoin, rule: Accessor, index: number): FoundRule {
    const found = foundRule(rule);
    const destination = this.destinationOf(join, found, rule, index);
    if (destination && found.destinationBucket) {
      join.destinations[found.destinationBucket] = destination;
      join.destinationBuckets.push(destination);
    }
    if (isUnknown(ruleReplicaKey(rule))) this.joinReplicaKey(join, found, destination, index);
    return found;
  }

  /** The destination bucket: by ARN value, else the single bucket the rules depend on, else an existing bucket by ARN. */
  private destinationOf(join: RuleJoin, found: FoundRule, rule: Accessor, index: number): FoundBucket | undefined {
    let destResource: PlainResource | undefined;
    if (found.destinationBucket !== undefined) {
      const arn = found.destinationBucket;
      const index = this.buckets.index;
      destResource = index.get(arn) ?? (arn.includes(":::") ? index.get(arn.slice(arn.indexOf(":::") + 3)) : undefined);
    } else if (join.unresolvedDest === 1 && join.candidateBuckets.length === 1) {
      destResource = join.candidateBuckets[0];
      const arn = destResource ? this.buckets.arnOf.get(destResource.urn) : undefined;
      if (arn) found.destinationBucket = arn;
    }
    const destination = destResource && this.buckets.byUrn.get(destResource.urn);
    if (destination !== undefined) return destination;
    if (found.destinationBucket !== undefined && bucketArnProblem(found.destinationBucket) === undefined) {
      // A bucket the stack does not create: named by the rule's ARN (and configured, or not, by resources of the stack).
      const arn = parseArn(found.destinationBucket);
      return arn
        ? this.buckets.externalBucket(arn.resource, undefined, found.destinationAccount, arn.partition)
        : undefined;
    }
    if (found.destinationBucket === undefined && hasUnknown(ruleDestination(rule).raw("bucket")))
      this.ctx.pend(join.configuration.owner, `the destination bucket of rule ${found.id ?? index}`);
    return undefined;
  }

  /** A replica key unknown in preview: the key the rules depend on (single, or the one in the destination's region). */
  private joinReplicaKey(join: RuleJoin, found: FoundRule, destination: FoundBucket | undefined, index: number): void {
    const { candidateKeys } = join;
    const inRegion = candidateKeys.filter(
      (k) => destination?.region !== undefined && this.keys.byUrn.get(k.urn)?.region === destination.region,
    );
    const pick =
      join.unresolvedKey === 1 && candidateKeys.length === 1
        ? candidateKeys[0]
        : inRegion.length === 1
          ? inRegion[0]
          : undefined;
    const arn = pick ? this.keys.byUrn.get(pick.urn)?.arn : undefined;
    if (arn) {
      found.replicaKmsKeyId = arn;
      return;
    }
    const { ref, owner } = join.configuration;
    this.family.unknownReplicaKeys.add(`${ref}|rule ${found.id ?? index}`);
    this.ctx.pend(owner, `the replica key of rule ${found.id ?? index}`);
  }

  /**
   * Versioning resources of the configuration's buckets it is not ordered after. dependsOn cannot
   * cross stacks: another stack's versioning (exports checked together) is ordered by the teams'
   * deployments, not by this stack's graph.
   */
  private checkOrdering(owner: PlainResource, ref: string, bucketsOfPath: FoundBucket[]): void {
    const needed = bucketsOfPath
      .map((bucket) => this.buckets.versioningOf.get(bucket))
      .filter((v): v is PlainResource => v !== undefined && stackOfUrn(v.urn) === stackOfUrn(owner.urn));
    const missing = [...new Set(needed)].filter(
      (v) =>
        !owner.dependencies.includes(v.urn) &&
        !Object.values(owner.propertyDependencies).some((urns) => urns.includes(v.urn)),
    );
    if (missing.length > 0) this.family.ordering.push({ urn: owner.urn, ref, missing: missing.map(refOf) });
  }
}

/** The stack and project part of a URN (`urn:pulumi:STACK::PROJECT`). */
function stackOfUrn(urn: string): string {
  // urn.split("::").slice(0, 2).join("::"), without the list of every part.
  const first = urn.indexOf("::");
  const second = first < 0 ? -1 : urn.indexOf("::", first + 2);
  return second < 0 ? urn : urn.slice(0, second);
}
