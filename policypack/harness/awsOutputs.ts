// AWS-like state for the resource types the pack reasons about: what the AWS provider's Check adds
// to the inputs (auto-names) and what Create returns (ids, ARNs, names, regions). In preview the
// values AWS only knows after create are the unknown sentinel, as a real preview shows them.
import { awsDefaultKeyPolicy } from "s3-replication/components/documents";
import { dnsSuffixOf, hexFrom, partitionOf, uuidFrom, type AwsContext } from "./awsContext";
import { bucketV2Shape } from "./mirrors";
import { computedProperties } from "./schema";
import { clone, isUnknown, knownString, UNKNOWN, unwrap, type WireObject, type WireValue } from "./wire";

/**
 * Types whose physical name Pulumi auto-names in Check (`<name>-<7 hex>`), the name property, its
 * maximum length and whether the provider lower-cases the name (pulumi-aws maps `aws_s3_bucket`'s
 * `bucket` with `AutoNameTransform("bucket", 63, strings.ToLower)`: S3 bucket names are lower case,
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html).
 */
const AUTO_NAMED: Record<string, { prop: string; prefix: string; maxLength: number; lowerCase?: true }> = {
  "aws:s3/bucket:Bucket": { prop: "bucket", prefix: "bucketPrefix", maxLength: 63, lowerCase: true },
  "aws:s3/bucketV2:BucketV2": { prop: "bucket", prefix: "bucketPrefix", maxLength: 63, lowerCase: true },
  "aws:iam/role:Role": { prop: "name", prefix: "namePrefix", maxLength: 64 },
  "aws:iam/policy:Policy": { prop: "name", prefix: "namePrefix", maxLength: 128 },
  "aws:sns/topic:Topic": { prop: "name", prefix: "namePrefix", maxLength: 256 },
  "aws:cloudwatch/metricAlarm:MetricAlarm": { prop: "name", prefix: "namePrefix", maxLength: 255 },
};

/** Computed properties the provider knows at plan time (the bridge's plan sets them from the provider). */
const PLAN_KNOWN = new Set(["region", "tagsAll"]);

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
  const base = auto.lowerCase === true ? name.toLowerCase() : name;
  const generated = `${base}-${hexFrom(`autoname:${urn}`, 7)}`;
  if (generated.length > auto.maxLength) {
    // As the SDK's resource.NewUniqueHex refuses it in the provider's Check.
    throw new Error(
      `${type} ${name}: name '${base}-' plus 7 random chars is longer than maximum length ${auto.maxLength}; ` +
        `give a shorter resource name or set '${auto.prop}'`,
    );
  }
  return { ...inputs, [auto.prop]: generated };
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

/**
 * Outputs of an aws:* custom resource as the provider's Create (or preview) returns them: in
 * preview every computed property the program did not set is unknown (the bridge's plan keeps
 * unknowns); after create, the identifiers AWS assigns and AWS's defaults as the provider reads
 * them back.
 */
export function awsCreate(
  type: string,
  urn: string,
  inputs: WireObject,
  ctx: AwsContext,
  preview: boolean,
): CreateResult {
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
      Object.assign(outputs, {
        dashboardArn: known(`arn:${ctx.partition}:cloudwatch::${ctx.account}:dashboard/${dashboardName}`),
      });
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
  if (preview) {
    // The bridge's plan keeps unknowns: every computed property the program did not set is
    // unknown until Create returns (except what the plan computes from the provider).
    for (const prop of computedProperties(type)) {
      if (!(prop in inputs) && !PLAN_KNOWN.has(prop)) {
        outputs[prop] = UNKNOWN;
      }
    }
  } else {
    for (const [prop, value] of Object.entries(awsDefaults(type, inputs, outputs))) {
      const [name, shaped] = type === "aws:s3/bucketV2:BucketV2" ? bucketV2Shape(prop, value) : [prop, value];
      if (!(name in inputs)) {
        outputs[name] = shaped;
      }
    }
  }
  return { id, outputs };
}

/**
 * What AWS sets on a new resource that the program did not configure, as the provider reads it
 * back after Create (only outputs the program did not set).
 */
function awsDefaults(type: string, inputs: WireObject, outputs: WireObject): WireObject {
  const unset = (prop: string): boolean => !(prop in inputs);
  const out: WireObject = {};
  switch (type) {
    case "aws:s3/bucket:Bucket":
    case "aws:s3/bucketV2:BucketV2": {
      const objectLock = unwrap(inputs["objectLockEnabled"]) === true;
      if (unset("objectLockEnabled")) out["objectLockEnabled"] = false;
      // "Amazon S3 now applies server-side encryption with Amazon S3 managed keys (SSE-S3) as the
      // base level of encryption for every bucket" (Setting default server-side encryption
      // behavior for Amazon S3 buckets, https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-encryption.html).
      if (unset("serverSideEncryptionConfiguration")) {
        out["serverSideEncryptionConfiguration"] = {
          rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" }, bucketKeyEnabled: false },
        };
      }
      // A new bucket is unversioned, unless Object Lock is enabled at creation, which enables
      // versioning (https://docs.aws.amazon.com/AmazonS3/latest/userguide/Versioning.html,
      // https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html).
      if (unset("versioning")) out["versioning"] = { enabled: objectLock, mfaDelete: false };
      break;
    }
    case "aws:iam/role:Role":
      // The provider reads the attached managed policies back: none on a new role.
      if (unset("managedPolicyArns")) out["managedPolicyArns"] = [];
      break;
    case "aws:kms/key:Key":
      // Automatic rotation defaults to every 365 days
      // (https://docs.aws.amazon.com/kms/latest/developerguide/rotate-keys.html).
      if (unset("rotationPeriodInDays") && unwrap(outputs["enableKeyRotation"]) === true)
        out["rotationPeriodInDays"] = 365;
      break;
    default:
  }
  return out;
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
  const digits = BigInt(`0x${hexFrom(`prefix:${spec.urn}`, 24)}`)
    .toString()
    .padStart(26, "0")
    .slice(0, 26);
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

/** The key policy AWS attaches when CreateKey gets none (the core's statement of it). */
function defaultKeyPolicy(ctx: Pick<AwsContext, "account" | "partition">): string {
  return JSON.stringify(awsDefaultKeyPolicy(ctx.account, ctx.partition));
}

/** Outputs of a provider resource: the engine stores a provider's inputs as its outputs. */
export function providerOutputs(inputs: WireObject): WireObject {
  return clone(inputs);
}

/** A fresh provider id as the engine's provider registry mints it (unknown in preview). */
export function providerId(urn: string, preview: boolean): string {
  return preview ? UNKNOWN : uuidFrom(`provider:${urn}`);
}
