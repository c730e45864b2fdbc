// AWS-like state for the resource types the pack reasons about: what the AWS provider's Check adds
// to the inputs (auto-names) and what Create returns (ids, ARNs, names, regions). In preview the
// values AWS only knows after create are the unknown sentinel, as a real preview shows them.
import { dnsSuffixOf, hexFrom, partitionOf, uuidFrom, type AwsContext } from "./awsContext";
import { clone, isUnknown, knownString, UNKNOWN, unwrap, type WireObject, type WireValue } from "./wire";

/** Types whose physical name Pulumi auto-names in Check (`<name>-<7 hex>`), and the name property. */
const AUTO_NAMED: Record<string, { prop: string; prefix: string }> = {
    "aws:s3/bucket:Bucket": { prop: "bucket", prefix: "bucketPrefix" },
    "aws:s3/bucketV2:BucketV2": { prop: "bucket", prefix: "bucketPrefix" },
    "aws:iam/role:Role": { prop: "name", prefix: "namePrefix" },
    "aws:iam/policy:Policy": { prop: "name", prefix: "namePrefix" },
    "aws:sns/topic:Topic": { prop: "name", prefix: "namePrefix" },
    "aws:cloudwatch/metricAlarm:MetricAlarm": { prop: "name", prefix: "namePrefix" },
};

/** Services whose resources have no `region` argument in aws v7. */
const GLOBAL_SERVICES = new Set(["iam", "organizations", "cloudfront", "route53", "globalaccelerator", "shield"]);

/**
 * The inputs after the provider's Check, as far as the harness reproduces it: the auto-name of
 * types Pulumi auto-names, unless the program gave the name or a name prefix.
 */
export function checkedInputs(type: string, urn: string, name: string, inputs: WireObject): WireObject {
    const auto = AUTO_NAMED[type];
    if (auto === undefined || auto.prop in inputs || auto.prefix in inputs) {
        return inputs;
    }
    return { ...inputs, [auto.prop]: `${name}-${hexFrom(`autoname:${urn}`, 7)}` };
}

export interface CreateResult {
    id: string;
    outputs: WireObject;
}

interface Spec {
    type: string;
    urn: string;
    inputs: WireObject;
    ctx: AwsContext;
    preview: boolean;
}

/** Outputs of an aws:* custom resource as the provider's Create (or preview) returns them. */
export function awsCreate(type: string, urn: string, inputs: WireObject, ctx: AwsContext, preview: boolean): CreateResult {
    const spec: Spec = { type, urn, inputs, ctx, preview };
    const outputs = clone(inputs);
    const service = type.split(":")[1]?.split("/")[0] ?? "";
    if (!GLOBAL_SERVICES.has(service)) {
        outputs["region"] = inputs["region"] ?? ctx.region;
    }
    if ("tags" in inputs) {
        outputs["tagsAll"] = inputs["tags"] ?? null;
    }
    const known = (v: string): string => (preview ? UNKNOWN : v);
    const region = resourceRegion(spec);
    const arn = (svc: string, rest: string, withRegion = true, withAccount = true): string =>
        known(`arn:${ctx.partition}:${svc}:${withRegion ? region : ""}:${withAccount ? ctx.account : ""}:${rest}`);
    let id: string;
    switch (type) {
        case "aws:s3/bucket:Bucket":
        case "aws:s3/bucketV2:BucketV2": {
            const bucket = generatedName(spec, "bucket", "bucketPrefix");
            outputs["bucket"] = bucket;
            id = known(bucket);
            const suffix = dnsSuffixOf(partitionOf(region));
            outputs["arn"] = isUnknown(bucket) ? UNKNOWN : arn("s3", bucket, false, false);
            outputs["bucketDomainName"] = known(`${bucket}.s3.${suffix}`);
            outputs["bucketRegionalDomainName"] = known(`${bucket}.s3.${region}.${suffix}`);
            break;
        }
        case "aws:kms/key:Key": {
            const multiRegion = unwrap(inputs["multiRegion"]) === true;
            const keyId = known(multiRegion ? `mrk-${hexFrom(`key:${urn}`, 32)}` : uuidFrom(`key:${urn}`));
            id = keyId;
            Object.assign(outputs, {
                keyId,
                arn: arn("kms", `key/${keyId}`),
                keyUsage: inputs["keyUsage"] ?? "ENCRYPT_DECRYPT",
                customerMasterKeySpec: inputs["customerMasterKeySpec"] ?? "SYMMETRIC_DEFAULT",
                isEnabled: inputs["isEnabled"] ?? true,
                enableKeyRotation: inputs["enableKeyRotation"] ?? false,
                multiRegion: inputs["multiRegion"] ?? false,
                policy: inputs["policy"] ?? known(defaultKeyPolicy(ctx)),
            });
            break;
        }
        case "aws:kms/replicaKey:ReplicaKey": {
            const primary = knownString(inputs["primaryKeyArn"]);
            const m = primary === undefined ? null : /^arn:([^:]+):kms:[^:]*:(\d{12}):key\/(.+)$/.exec(primary);
            const keyId = known(m?.[3] ?? `mrk-${hexFrom(`key:${urn}`, 32)}`);
            id = keyId;
            const account = m?.[2] ?? ctx.account;
            Object.assign(outputs, {
                keyId,
                arn: known(`arn:${m?.[1] ?? ctx.partition}:kms:${region}:${account}:key/${keyId}`),
                keyUsage: "ENCRYPT_DECRYPT",
                enabled: inputs["enabled"] ?? true,
                policy: inputs["policy"] ?? known(defaultKeyPolicy({ ...ctx, account })),
            });
            break;
        }
        case "aws:kms/alias:Alias": {
            const aliasName = generatedName(spec, "name", "namePrefix", "alias/");
            id = known(aliasName);
            outputs["name"] = aliasName;
            outputs["arn"] = isUnknown(aliasName) ? UNKNOWN : arn("kms", aliasName);
            outputs["targetKeyArn"] = targetKeyArn(spec, region);
            break;
        }
        case "aws:iam/role:Role": {
            const roleName = generatedName(spec, "name", "namePrefix");
            const path = knownString(inputs["path"]) ?? "/";
            id = known(roleName);
            Object.assign(outputs, {
                name: roleName,
                path,
                arn: isUnknown(roleName) ? UNKNOWN : arn("iam", `role${path}${roleName}`, false),
                uniqueId: known(`AROA${hexFrom(`uid:${urn}`, 17).toUpperCase()}`),
                maxSessionDuration: inputs["maxSessionDuration"] ?? 3600,
                forceDetachPolicies: inputs["forceDetachPolicies"] ?? false,
            });
            break;
        }
        case "aws:iam/policy:Policy": {
            const policyName = generatedName(spec, "name", "namePrefix");
            const path = knownString(inputs["path"]) ?? "/";
            const policyArn = isUnknown(policyName) ? UNKNOWN : arn("iam", `policy${path}${policyName}`, false);
            id = policyArn;
            Object.assign(outputs, {
                name: policyName,
                path,
                arn: policyArn,
                policyId: known(`ANPA${hexFrom(`pid:${urn}`, 17).toUpperCase()}`),
            });
            break;
        }
        case "aws:sns/topic:Topic": {
            const topicName = generatedName(spec, "name", "namePrefix");
            const topicArn = isUnknown(topicName) ? UNKNOWN : arn("sns", topicName);
            id = topicArn;
            Object.assign(outputs, { name: topicName, arn: topicArn });
            break;
        }
        case "aws:cloudwatch/metricAlarm:MetricAlarm": {
            const alarmName = inputs["name"];
            const alarmArn = isUnknown(alarmName) ? UNKNOWN : arn("cloudwatch", `alarm:${knownString(alarmName) ?? ""}`);
            id = known(knownString(alarmName) ?? "");
            Object.assign(outputs, { arn: alarmArn });
            break;
        }
        case "aws:cloudwatch/dashboard:Dashboard": {
            const dashboardName = knownString(inputs["dashboardName"]) ?? "";
            id = dashboardName;
            Object.assign(outputs, { dashboardArn: known(`arn:${ctx.partition}:cloudwatch::${ctx.account}:dashboard/${dashboardName}`) });
            break;
        }
        default: {
            // Bucket-scoped S3 resources (versioning, encryption, policy, replication, ...) use the
            // bucket name as id; anything else gets an opaque id.
            const bucket = type.startsWith("aws:s3/") ? inputs["bucket"] : undefined;
            const b = knownString(bucket);
            id = known(b ?? `${type.split(":").pop()?.toLowerCase() ?? "res"}-${hexFrom(`id:${urn}`, 17)}`);
        }
    }
    outputs["id"] = id;
    return { id, outputs };
}

/** The region a resource lives in: its own v7 `region` argument, else its provider's. */
function resourceRegion(spec: Spec): string {
    const own = spec.inputs["region"];
    if (own !== undefined) {
        return knownString(own) ?? UNKNOWN;
    }
    return spec.ctx.region;
}

/**
 * The physical name: the (auto-)named input if any; with only a prefix, AWS-style
 * `<prefix><26 digits>` after create, unknown in preview.
 */
function generatedName(spec: Spec, prop: string, prefixProp: string, fallbackPrefix = ""): string {
    const given = spec.inputs[prop];
    if (given !== undefined) {
        return knownString(given) ?? UNKNOWN;
    }
    const prefix = spec.inputs[prefixProp];
    if (spec.preview || (prefix !== undefined && knownString(prefix) === undefined)) {
        return UNKNOWN;
    }
    const digits = BigInt(`0x${hexFrom(`prefix:${spec.urn}`, 24)}`).toString().padStart(26, "0").slice(0, 26);
    return `${knownString(prefix) ?? fallbackPrefix}${digits}`;
}

function targetKeyArn(spec: Spec, region: string): WireValue {
    const target = spec.inputs["targetKeyId"];
    const t = knownString(target);
    if (t === undefined) {
        return target === undefined ? null : UNKNOWN;
    }
    if (t.startsWith("arn:")) {
        return t;
    }
    return spec.preview ? UNKNOWN : `arn:${spec.ctx.partition}:kms:${region}:${spec.ctx.account}:key/${t}`;
}

/** The key policy AWS attaches when CreateKey gets none. */
function defaultKeyPolicy(ctx: AwsContext): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Id: "key-default-1",
        Statement: [
            {
                Sid: "Enable IAM User Permissions",
                Effect: "Allow",
                Principal: { AWS: `arn:${ctx.partition}:iam::${ctx.account}:root` },
                Action: "kms:*",
                Resource: "*",
            },
        ],
    });
}

/** Outputs of a provider resource: the engine stores a provider's inputs as its outputs. */
export function providerOutputs(inputs: WireObject): WireObject {
    return clone(inputs);
}

/** A fresh provider id as the engine's provider registry mints it (unknown in preview). */
export function providerId(urn: string, preview: boolean): string {
    return preview ? UNKNOWN : uuidFrom(`provider:${urn}`);
}
