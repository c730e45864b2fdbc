// What the report is organised by: buckets, keys, roles and replication paths, read from the
// exported resources by the same stack model the policies use (policypack/mapping), not a second
// parser. Presentation only (grouping findings, the diagram, the cost note): every judgement comes
// from the policies.
import { FoundBucket, FoundKey, FoundReplication, FoundRole, resolveKey } from "s3-replication/components/model";
import { replicationContracts, type ReplicationContract } from "s3-replication/components/documents";
import { StackModel, mapPlainStack, toPlainResources } from "../mapping";
import type { RecordedResource } from "../harness/types";
import { SIG_KEY, SECRET_SIG, forAnalyzer, isObject, type WireValue } from "../harness/wire";

export interface BucketView {
  /** Stable node id. */
  id: string;
  name: string;
  arn: string;
  urn?: string;
  account?: string;
  region?: string;
  /** sseAlgorithm of the default encryption (AES256, aws:kms, aws:kms:dsse), if found. */
  encryption?: string;
  /** kmsMasterKeyId as written. */
  keyId?: string;
  bucketKeyEnabled: boolean;
  /** URNs of the bucket and its configuration resources. */
  urns: string[];
}

export interface KeyView {
  id: string;
  /** Key ARN (or the id/alias as written when the key is not in the stack). */
  arn: string;
  label: string;
  urn?: string;
  account?: string;
  region?: string;
  /** Aliases (name and ARN) pointing at it. */
  aliases: string[];
  /** URNs of the key, its aliases and key policy resources. */
  urns: string[];
}

export interface RoleView {
  id: string;
  arn: string;
  name: string;
  urn?: string;
  account?: string;
  /** URNs of the role, its inline/attached policy resources. */
  urns: string[];
}

export interface PathView {
  /** `source -> destination` (bucket names). */
  id: string;
  ruleId?: string;
  source: BucketView;
  destination: BucketView;
  role?: RoleView;
  /** The replication configuration resource (or the legacy bucket carrying it inline). */
  configurationUrn?: string;
  /** Replica key as written in the rule. */
  replicaKmsKeyId?: string;
  /** Replication metrics on for the rule (priced by the cost estimate). */
  metrics?: boolean;
  /** S3 RTC on for the rule. */
  replicationTime?: boolean;
  replicaKey?: KeyView;
  sourceKey?: KeyView;
  /** Every URN whose findings belong to this path. */
  urns: Set<string>;
}

export interface Topology {
  buckets: BucketView[];
  keys: KeyView[];
  roles: RoleView[];
  paths: PathView[];
  /** What must hold outside the stack (a role or destination the stack does not hold): the core's contracts. */
  contracts: ContractView[];
}

/** A contract of the core (components/documents/contracts.ts) with the URN of the configuration that needs it. */
export interface ContractView extends ReplicationContract {
  urn?: string;
}

/** A wire value as the analyzer hands it to policies: references reduced, secret envelopes opened. */
function revealed(value: WireValue): unknown {
  const analyzer = forAnalyzer(value);
  const open = (v: WireValue): unknown => {
    if (Array.isArray(v)) return v.map(open);
    if (!isObject(v)) return v;
    if (v[SIG_KEY] === SECRET_SIG) return open(v["value"] ?? null);
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(v)) if (!key.startsWith("__")) out[key] = open(inner);
    return out;
  };
  return open(analyzer);
}

/** The records as AnalyzeStack would hand them to the policies (outputs, provider inputs, dependencies). */
export function modelOfRecords(records: readonly RecordedResource[]): StackModel {
  const asPolicyResources = records.map((r) => ({
    type: r.type,
    name: r.name,
    urn: r.urn,
    props: revealed(r.outputs),
    ...(r.provider !== undefined
      ? {
          provider: {
            urn: r.provider.urn,
            name: r.provider.name,
            type: r.provider.type,
            props: revealed(r.provider.props),
          },
        }
      : {}),
    dependencies: r.dependencies.map((urn) => ({ urn })),
    propertyDependencies: Object.fromEntries(
      Object.entries(r.propertyDependencies).map(([key, urns]) => [key, urns.map((urn) => ({ urn }))]),
    ),
    ...(r.external === true ? { external: true } : {}),
  }));
  return mapPlainStack(toPlainResources(asPolicyResources));
}

/** Buckets, keys, roles and replication paths of the records, from the stack model. */
export function buildTopology(records: readonly RecordedResource[]): Topology {
  return topologyOf(modelOfRecords(records));
}

/** The views of a stack model (linear in its size: every join is a map lookup). */
export function topologyOf(model: StackModel): Topology {
  const urnsOf = (ref: string): string[] => model.urnsOfRef.get(ref) ?? [];
  const bucketViews = new Map<FoundBucket, BucketView>();
  const bucketView = (bucket: FoundBucket): BucketView => {
    let view = bucketViews.get(bucket);
    if (view !== undefined) return view;
    const name = bucket.name ?? bucket.ref;
    view = {
      id: `b${bucketViews.size}`,
      name,
      arn: `arn:${bucket.partition ?? "aws"}:s3:::${name}`,
      bucketKeyEnabled: bucket.encryption?.bucketKeyEnabled === true,
      urns: [...urnsOf(bucket.ref)],
    };
    const urn = model.urnOfRef.get(bucket.ref);
    if (urn !== undefined) view.urn = urn;
    if (bucket.account !== undefined) view.account = bucket.account;
    if (bucket.region !== undefined) view.region = bucket.region;
    if (bucket.encryption?.algorithm !== undefined) view.encryption = bucket.encryption.algorithm;
    if (bucket.encryption?.keyId !== undefined) view.keyId = bucket.encryption.keyId;
    bucketViews.set(bucket, view);
    return view;
  };
  const aliasesOf = new Map<FoundKey, string[]>();
  for (const [reference, key] of Object.entries(model.keysByReference)) {
    if (reference === key.arn) continue;
    const list = aliasesOf.get(key);
    if (list === undefined) aliasesOf.set(key, [reference]);
    else list.push(reference);
  }
  const keyViews = new Map<FoundKey, KeyView>();
  const keyView = (key: FoundKey): KeyView => {
    let view = keyViews.get(key);
    if (view !== undefined) return view;
    const aliases = aliasesOf.get(key) ?? [];
    const label = aliases.find((alias) => alias.startsWith("alias/")) ?? /"([^"]+)"/.exec(key.ref)?.[1] ?? key.ref;
    view = { id: `k${keyViews.size}`, arn: key.arn ?? key.ref, label, aliases, urns: [...urnsOf(key.ref)] };
    const urn = model.urnOfRef.get(key.ref);
    if (urn !== undefined) view.urn = urn;
    if (key.account !== undefined) view.account = key.account;
    if (key.region !== undefined) view.region = key.region;
    keyViews.set(key, view);
    return view;
  };
  /** A key named by a rule or a bucket's encryption: the stack's key, else one outside the stack (as written). */
  const outside = new Map<string, KeyView>();
  const keyFor = (replication: FoundReplication | undefined, reference: string | undefined): KeyView | undefined => {
    if (reference === undefined) return undefined;
    const key = replication !== undefined ? resolveKey(replication, reference) : model.keysByReference[reference];
    if (key !== undefined) return keyView(key);
    let view = outside.get(reference);
    if (view === undefined) {
      const parts = /^arn:[^:]+:kms:([^:]*):(\d{12}):/.exec(reference);
      view = {
        id: `y${outside.size}`,
        arn: reference,
        label: reference.replace(/^arn:[^:]+:kms:[^:]*:\d*:/, ""),
        aliases: [],
        urns: [],
      };
      if (parts?.[1]) view.region = parts[1];
      if (parts?.[2]) view.account = parts[2];
      outside.set(reference, view);
    }
    return view;
  };
  const roleViews = new Map<FoundRole, RoleView>();
  const roleView = (role: FoundRole): RoleView => {
    let view = roleViews.get(role);
    if (view !== undefined) return view;
    view = {
      id: `r${roleViews.size}`,
      arn: role.arn ?? role.name ?? role.ref,
      name: role.name ?? role.ref,
      urns: [...urnsOf(role.ref)],
    };
    const urn = model.urnOfRef.get(role.ref);
    if (urn !== undefined) view.urn = urn;
    if (role.account !== undefined) view.account = role.account;
    roleViews.set(role, view);
    return view;
  };
  model.buckets.forEach(bucketView);
  model.keys.forEach(keyView);
  model.roles.forEach(roleView);

  const paths: PathView[] = [];
  for (const replication of model.replications) {
    if (model.placeholderRules.has(replication.ref)) continue;
    const source = bucketView(replication.source);
    const configurationUrn = model.urnOfRef.get(replication.ref);
    const role = replication.role !== undefined ? roleView(replication.role) : undefined;
    for (const rule of replication.rules) {
      const destinationBucket =
        rule.destinationBucket === undefined ? undefined : replication.destinations[rule.destinationBucket];
      if (destinationBucket === undefined) continue;
      const destination = bucketView(destinationBucket);
      const path: PathView = {
        id: `${source.name} -> ${destination.name}`,
        source,
        destination,
        urns: new Set([
          ...(configurationUrn !== undefined ? [configurationUrn] : []),
          ...source.urns,
          ...destination.urns,
        ]),
      };
      if (configurationUrn !== undefined) path.configurationUrn = configurationUrn;
      if (rule.id !== undefined) path.ruleId = rule.id;
      path.metrics = rule.metricsStatus === "Enabled";
      path.replicationTime = rule.replicationTimeStatus === "Enabled";
      if (role !== undefined) {
        path.role = role;
        role.urns.forEach((urn) => path.urns.add(urn));
      }
      if (rule.replicaKmsKeyId !== undefined) {
        path.replicaKmsKeyId = rule.replicaKmsKeyId;
        const replicaKey = keyFor(replication, rule.replicaKmsKeyId);
        if (replicaKey !== undefined) {
          path.replicaKey = replicaKey;
          replicaKey.urns.forEach((urn) => path.urns.add(urn));
        }
      }
      const sourceKey = keyFor(replication, source.keyId);
      if (sourceKey !== undefined) {
        path.sourceKey = sourceKey;
        sourceKey.urns.forEach((urn) => path.urns.add(urn));
      }
      keyFor(replication, destination.keyId)?.urns.forEach((urn) => path.urns.add(urn));
      paths.push(path);
    }
  }
  // Keys referenced only by bucket encryption still appear in the picture.
  for (const bucket of bucketViews.values()) keyFor(undefined, bucket.keyId);
  const contracts = model.replications.flatMap((replication) =>
    replicationContracts(replication).map((contract): ContractView => {
      const urn = model.urnOfRef.get(contract.configuration) ?? urnsOf(contract.configuration)[0];
      return urn === undefined ? contract : { ...contract, urn };
    }),
  );
  return {
    buckets: [...bucketViews.values()],
    keys: [...keyViews.values(), ...outside.values()],
    roles: [...roleViews.values()],
    paths,
    contracts,
  };
}
