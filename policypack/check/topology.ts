// What the report is organised by: buckets, keys, roles and replication paths read from the
// exported resources. Presentation only (grouping findings, the diagram, the cost note): every
// judgement comes from the policies.
import { awsContextOf } from "../harness/awsContext";
import type { RecordedProvider, RecordedResource } from "../harness/types";
import { isObject, knownString, unwrap, type WireObject, type WireValue } from "../harness/wire";

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
}

const BUCKET_TYPES = new Set(["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"]);
const KEY_TYPES = new Set(["aws:kms/key:Key", "aws:kms/replicaKey:ReplicaKey", "aws:kms/externalKey:ExternalKey"]);
const REPLICATION_TYPES = new Set(["aws:s3/bucketReplicationConfig:BucketReplicationConfig"]);
const SSE_TYPES = new Set([
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
]);

function val(r: RecordedResource, key: string): WireValue | undefined {
    const o = unwrap(r.outputs[key]);
    return o !== undefined && o !== null ? o : unwrap(r.inputs[key]);
}

function str(r: RecordedResource, key: string): string | undefined {
    return knownString(val(r, key));
}

function obj(v: WireValue | undefined): WireObject | undefined {
    const u = unwrap(v);
    if (Array.isArray(u)) {
        return obj(u[0]);
    }
    return isObject(u) ? u : undefined;
}

function list(v: WireValue | undefined): WireValue[] {
    const u = unwrap(v);
    return Array.isArray(u) ? u : u === undefined || u === null ? [] : [u];
}

function field(o: WireObject | undefined, ...keys: string[]): WireValue | undefined {
    let cur: WireValue | undefined = o;
    for (const k of keys) {
        const c = obj(cur);
        if (c === undefined) return undefined;
        cur = unwrap(c[k]);
    }
    return cur;
}

function arnParts(arn: string): { account: string; region: string } | undefined {
    const m = /^arn:[^:]+:[^:]+:([^:]*):(\d{12}|):/.exec(arn);
    return m === null ? undefined : { region: m[1] ?? "", account: m[2] ?? "" };
}

/** Accounts learnt from the ARNs of resources a provider manages (for providers whose inputs do not say). */
let learntAccounts = new Map<string, string>();

function learnAccounts(records: readonly RecordedResource[]): Map<string, string> {
    const m = new Map<string, string>();
    for (const r of records) {
        if (r.provider === undefined || m.has(r.provider.urn)) continue;
        const arn = knownString(unwrap(r.outputs["arn"]));
        const account = arn === undefined ? undefined : arnParts(arn)?.account;
        if (account !== undefined && account !== "") m.set(r.provider.urn, account);
    }
    return m;
}

function providerContext(p: RecordedProvider | undefined): { account?: string; region?: string } {
    if (p === undefined) return {};
    const ctx = awsContextOf(p, { [p.name]: "", [p.urn]: "" });
    const out: { account?: string; region?: string } = {};
    const account = ctx.account !== "" ? ctx.account : learntAccounts.get(p.urn);
    if (account !== undefined) out.account = account;
    const region = knownString(p.props["region"]);
    if (region !== undefined) out.region = region;
    return out;
}

/** Which bucket a configuration resource configures: its `bucket` input or its dependency. */
function configures(r: RecordedResource, b: BucketView): boolean {
    const name = str(r, "bucket");
    if (name !== undefined && (name === b.name || name === b.arn)) return true;
    return b.urn !== undefined && (r.propertyDependencies["bucket"] ?? []).includes(b.urn);
}

interface RawRule {
    id?: string;
    destinationBucket?: string;
    destinationAccount?: string;
    replicaKmsKeyId?: string;
}

function rulesOf(cfg: WireObject | undefined): RawRule[] {
    return list(field(cfg, "rules")).map((x) => {
        const rule = obj(x);
        const dest = obj(field(rule, "destination"));
        const r: RawRule = {};
        const id = knownString(field(rule, "id"));
        if (id !== undefined) r.id = id;
        const bucket = knownString(field(dest, "bucket"));
        if (bucket !== undefined) r.destinationBucket = bucket;
        const account = knownString(field(dest, "account")) ?? knownString(field(dest, "accountId"));
        if (account !== undefined) r.destinationAccount = account;
        const key = knownString(field(dest, "encryptionConfiguration", "replicaKmsKeyId")) ?? knownString(field(dest, "replicaKmsKeyId"));
        if (key !== undefined) r.replicaKmsKeyId = key;
        return r;
    });
}

function nodeId(prefix: string, n: number): string {
    return `${prefix}${n}`;
}

/** Reads buckets, keys, roles and replication paths from the records. */
export function buildTopology(records: readonly RecordedResource[]): Topology {
    const buckets: BucketView[] = [];
    const keys: KeyView[] = [];
    const roles: RoleView[] = [];
    learntAccounts = learnAccounts(records);

    for (const r of records) {
        if (BUCKET_TYPES.has(r.type)) {
            const name = str(r, "bucket") ?? r.id ?? r.name;
            const ctx = providerContext(r.provider);
            const b: BucketView = {
                id: nodeId("b", buckets.length),
                name,
                arn: str(r, "arn") ?? `arn:aws:s3:::${name}`,
                urn: r.urn,
                bucketKeyEnabled: false,
                urns: [r.urn],
            };
            const region = str(r, "region") ?? ctx.region;
            if (region !== undefined) b.region = region;
            if (ctx.account !== undefined) b.account = ctx.account;
            // Legacy inline encryption (Bucket: serverSideEncryptionConfiguration.rule; BucketV2: ...Configurations[0].rules[0]).
            const sse = obj(field(obj(val(r, "serverSideEncryptionConfiguration")), "rule")) ?? obj(field(obj(val(r, "serverSideEncryptionConfigurations")), "rules"));
            applySse(b, sse);
            buckets.push(b);
        } else if (KEY_TYPES.has(r.type)) {
            const arn = str(r, "arn") ?? r.urn;
            const parts = arnParts(arn);
            const k: KeyView = { id: nodeId("k", keys.length), arn, label: r.name, urn: r.urn, aliases: [], urns: [r.urn] };
            const ctx = providerContext(r.provider);
            const account = parts?.account || ctx.account;
            const region = parts?.region || ctx.region;
            if (account !== undefined && account !== "") k.account = account;
            if (region !== undefined && region !== "") k.region = region;
            keys.push(k);
        } else if (r.type === "aws:iam/role:Role") {
            const name = str(r, "name") ?? r.name;
            const arn = str(r, "arn") ?? name;
            const role: RoleView = { id: nodeId("r", roles.length), arn, name, urn: r.urn, urns: [r.urn] };
            const account = arnParts(arn)?.account || providerContext(r.provider).account;
            if (account !== undefined && account !== "") role.account = account;
            roles.push(role);
        }
    }

    // Configuration resources of buckets.
    for (const r of records) {
        if (BUCKET_TYPES.has(r.type) || !r.type.startsWith("aws:s3/")) continue;
        for (const b of buckets) {
            if (configures(r, b)) {
                b.urns.push(r.urn);
                if (SSE_TYPES.has(r.type)) {
                    applySse(b, obj(val(r, "rules")));
                }
            }
        }
    }
    // Aliases and key policies.
    const keyByRef = (ref: string | undefined): KeyView | undefined => {
        if (ref === undefined) return undefined;
        return keys.find((k) => k.arn === ref || k.aliases.includes(ref) || k.arn.endsWith(`/${ref}`) || k.urn === ref);
    };
    for (const r of records) {
        if (r.type === "aws:kms/alias:Alias" || r.type === "aws:kms/keyPolicy:KeyPolicy") {
            const target = str(r, r.type === "aws:kms/alias:Alias" ? "targetKeyArn" : "keyId") ?? str(r, "targetKeyId");
            const k = keyByRef(target) ?? keys.find((x) => x.urn !== undefined && r.dependencies.includes(x.urn));
            if (k !== undefined) {
                k.urns.push(r.urn);
                if (r.type === "aws:kms/alias:Alias") {
                    const name = str(r, "name");
                    const arn = str(r, "arn");
                    if (name !== undefined) {
                        k.aliases.push(name);
                        if (k.label === "" || k.label.startsWith("key")) k.label = name;
                    }
                    if (arn !== undefined) k.aliases.push(arn);
                }
            }
        }
    }
    // Role policies and attachments.
    const policyByArn = new Map<string, RecordedResource>();
    for (const r of records) {
        if (r.type === "aws:iam/policy:Policy") {
            const arn = str(r, "arn");
            if (arn !== undefined) policyByArn.set(arn, r);
        }
    }
    for (const role of roles) {
        for (const r of records) {
            if (r.type === "aws:iam/rolePolicy:RolePolicy" || r.type === "aws:iam/rolePolicyAttachment:RolePolicyAttachment") {
                const target = str(r, "role");
                if (target === role.name || target === role.arn || (role.urn !== undefined && (r.propertyDependencies["role"] ?? []).includes(role.urn))) {
                    role.urns.push(r.urn);
                    const policy = policyByArn.get(str(r, "policyArn") ?? "");
                    if (policy !== undefined) role.urns.push(policy.urn);
                }
            }
        }
        const rec = records.find((r) => r.urn === role.urn);
        if (rec !== undefined) {
            for (const arn of list(val(rec, "managedPolicyArns"))) {
                const p = policyByArn.get(knownString(arn) ?? "");
                if (p !== undefined) role.urns.push(p.urn);
            }
        }
    }

    // Replication paths.
    const paths: PathView[] = [];
    const externalBuckets = new Map<string, BucketView>();
    const externalKeys = new Map<string, KeyView>();
    const bucketByRef = (ref: string): BucketView | undefined => buckets.find((b) => b.arn === ref || b.name === ref);
    const destinationBucket = (ref: string, account: string | undefined): BucketView => {
        const found = bucketByRef(ref) ?? externalBuckets.get(ref);
        if (found !== undefined) return found;
        const name = ref.startsWith("arn:") ? ref.slice(ref.lastIndexOf(":") + 1) : ref;
        const b: BucketView = { id: nodeId("x", externalBuckets.size), name, arn: ref, bucketKeyEnabled: false, urns: [] };
        if (account !== undefined) b.account = account;
        externalBuckets.set(ref, b);
        return b;
    };
    const keyFor = (ref: string | undefined): KeyView | undefined => {
        if (ref === undefined) return undefined;
        const found = keyByRef(ref) ?? externalKeys.get(ref);
        if (found !== undefined) return found;
        const k: KeyView = { id: nodeId("y", externalKeys.size), arn: ref, label: ref.replace(/^arn:[^:]+:kms:[^:]*:\d*:/, ""), aliases: [], urns: [] };
        const parts = arnParts(ref);
        if (parts !== undefined && parts.account !== "") k.account = parts.account;
        if (parts !== undefined && parts.region !== "") k.region = parts.region;
        externalKeys.set(ref, k);
        return k;
    };
    const addPaths = (cfgUrn: string, source: BucketView, cfg: WireObject | undefined, extraUrns: string[]): void => {
        const roleArn = knownString(field(cfg, "role"));
        const role = roleArn === undefined ? undefined : roles.find((x) => x.arn === roleArn || x.name === roleArn);
        for (const rule of rulesOf(cfg)) {
            if (rule.destinationBucket === undefined) continue;
            const destination = destinationBucket(rule.destinationBucket, rule.destinationAccount);
            const p: PathView = {
                id: `${source.name} -> ${destination.name}`,
                source,
                destination,
                configurationUrn: cfgUrn,
                urns: new Set([cfgUrn, ...extraUrns, ...source.urns, ...destination.urns]),
            };
            if (rule.id !== undefined) p.ruleId = rule.id;
            if (role !== undefined) {
                p.role = role;
                role.urns.forEach((u) => p.urns.add(u));
            }
            if (rule.replicaKmsKeyId !== undefined) {
                p.replicaKmsKeyId = rule.replicaKmsKeyId;
                const k = keyFor(rule.replicaKmsKeyId);
                if (k !== undefined) {
                    p.replicaKey = k;
                    k.urns.forEach((u) => p.urns.add(u));
                }
            }
            const sk = keyFor(source.keyId);
            if (sk !== undefined) {
                p.sourceKey = sk;
                sk.urns.forEach((u) => p.urns.add(u));
            }
            const dk = keyFor(destination.keyId);
            dk?.urns.forEach((u) => p.urns.add(u));
            paths.push(p);
        }
    };
    for (const r of records) {
        if (REPLICATION_TYPES.has(r.type)) {
            const name = str(r, "bucket");
            const source = buckets.find((b) => configures(r, b)) ?? destinationBucket(name ?? r.name, undefined);
            addPaths(r.urn, source, { role: val(r, "role") ?? null, rules: val(r, "rules") ?? null }, []);
        } else if (BUCKET_TYPES.has(r.type)) {
            const inline = obj(val(r, "replicationConfiguration")) ?? obj(val(r, "replicationConfigurations"));
            const source = buckets.find((b) => b.urn === r.urn);
            if (inline !== undefined && source !== undefined) {
                addPaths(r.urn, source, inline, []);
            }
        }
    }
    // Keys referenced only by bucket encryption still appear in the picture.
    for (const b of buckets) keyFor(b.keyId);
    return { buckets: [...buckets, ...externalBuckets.values()], keys: [...keys, ...externalKeys.values()], roles, paths };
}

function applySse(b: BucketView, rule: WireObject | undefined): void {
    if (rule === undefined) return;
    const alg = knownString(field(rule, "applyServerSideEncryptionByDefault", "sseAlgorithm"));
    const key = knownString(field(rule, "applyServerSideEncryptionByDefault", "kmsMasterKeyId"));
    if (alg !== undefined) b.encryption = alg;
    if (key !== undefined && key !== "") b.keyId = key;
    b.bucketKeyEnabled = field(rule, "bucketKeyEnabled") === true;
}
