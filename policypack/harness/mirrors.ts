// What a refresh (`pulumi up --refresh` on a deployed stack) reads back into a resource's outputs
// from settings the stack manages with separate resources: the AWS provider's Read of a bucket
// fills its inline `versioning`, `serverSideEncryptionConfiguration`, `replicationConfiguration`
// and `policy` from the bucket's live configuration, a role's `inlinePolicies` and
// `managedPolicyArns` from its live policies, a key's `policy` from its live key policy. Each
// mirror repeats a setting another resource of the stack owns; it is not a second setting.
import type { RecordedResource } from "./types";
import { clone, isObject, knownString, unwrap, type WireObject, type WireValue } from "./wire";

const BUCKETS = new Set(["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"]);

/**
 * Nested blocks Pulumi's `BucketV2` keeps as lists under a plural name (the same provider schema
 * that `Bucket` flattens: `versioning` -> `versionings: [...]`, `rule` -> `rules: [...]`).
 */
const BUCKET_V2_BLOCKS: Record<string, string> = {
  versioning: "versionings",
  serverSideEncryptionConfiguration: "serverSideEncryptionConfigurations",
  rule: "rules",
  applyServerSideEncryptionByDefault: "applyServerSideEncryptionByDefaults",
  replicationConfiguration: "replicationConfigurations",
  destination: "destinations",
  filter: "filters",
  sourceSelectionCriteria: "sourceSelectionCriterias",
  sseKmsEncryptedObjects: "sseKmsEncryptedObjects",
  accessControlTranslation: "accessControlTranslations",
  replicationTime: "replicationTimes",
  metrics: "metrics",
};

/** A `Bucket` output property and value in the shape `BucketV2` declares it. */
export function bucketV2Shape(prop: string, value: WireValue): [string, WireValue] {
  const convert = (v: WireValue): WireValue => {
    if (Array.isArray(v)) return v.map(convert);
    if (!isObject(v)) return v;
    const out: WireObject = {};
    for (const [k, x] of Object.entries(v)) {
      const plural = BUCKET_V2_BLOCKS[k];
      if (plural !== undefined && isObject(x)) out[plural] = [convert(x)];
      else out[k] = k === "tags" ? x : convert(x);
    }
    return out;
  };
  const plural = BUCKET_V2_BLOCKS[prop];
  return plural !== undefined && isObject(value) ? [plural, [convert(value)]] : [prop, convert(value)];
}

function obj(v: WireValue | undefined): WireObject | undefined {
  const u = unwrap(v);
  return isObject(u) ? u : undefined;
}

function first(v: WireValue | undefined): WireObject | undefined {
  const u = unwrap(v);
  return Array.isArray(u) ? obj(u[0]) : obj(u);
}

function defined(o: Record<string, WireValue | undefined>): WireObject {
  const out: WireObject = {};
  for (const [k, v] of Object.entries(o)) {
    if (v !== undefined) {
      out[k] = v;
    }
  }
  return out;
}

/** `BucketReplicationConfig` rule -> the bucket's inline `replicationConfiguration.rules[]` shape. */
function inlineReplicationRule(rule: WireObject): WireObject {
  const dest = obj(rule["destination"]) ?? {};
  const time = obj(dest["replicationTime"]);
  const metrics = obj(dest["metrics"]);
  const filter = obj(rule["filter"]);
  const and = obj(filter?.["and"]);
  const tag = obj(filter?.["tag"]);
  const sse = obj(obj(rule["sourceSelectionCriteria"])?.["sseKmsEncryptedObjects"]);
  return defined({
    id: rule["id"],
    priority: rule["priority"],
    prefix: rule["prefix"],
    status: rule["status"],
    deleteMarkerReplicationStatus: obj(rule["deleteMarkerReplication"])?.["status"],
    filter:
      filter === undefined
        ? undefined
        : defined({
            prefix: filter["prefix"] ?? and?.["prefix"],
            tags:
              and?.["tags"] ?? (tag !== undefined ? { [String(unwrap(tag["key"]))]: tag["value"] ?? "" } : undefined),
          }),
    destination: defined({
      bucket: dest["bucket"],
      storageClass: dest["storageClass"],
      accountId: dest["account"],
      replicaKmsKeyId: obj(dest["encryptionConfiguration"])?.["replicaKmsKeyId"],
      accessControlTranslation: dest["accessControlTranslation"],
      replicationTime:
        time === undefined ? undefined : defined({ status: time["status"], minutes: obj(time["time"])?.["minutes"] }),
      metrics:
        metrics === undefined
          ? undefined
          : defined({ status: metrics["status"], minutes: obj(metrics["eventThreshold"])?.["minutes"] }),
    }),
    sourceSelectionCriteria:
      sse === undefined ? undefined : { sseKmsEncryptedObjects: { enabled: unwrap(sse["status"]) === "Enabled" } },
  });
}

/** The bucket-level setting a separate S3 resource mirrors into the bucket's outputs. */
function bucketMirror(r: RecordedResource): [string, WireValue] | undefined {
  const i = r.inputs;
  switch (r.type) {
    case "aws:s3/bucketVersioning:BucketVersioning":
    case "aws:s3/bucketVersioningV2:BucketVersioningV2": {
      const c = obj(i["versioningConfiguration"]) ?? {};
      return [
        "versioning",
        { enabled: unwrap(c["status"]) === "Enabled", mfaDelete: unwrap(c["mfaDelete"]) === "Enabled" },
      ];
    }
    case "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration":
    case "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2": {
      const rule = first(i["rules"]) ?? {};
      return [
        "serverSideEncryptionConfiguration",
        {
          rule: defined({
            applyServerSideEncryptionByDefault: rule["applyServerSideEncryptionByDefault"],
            bucketKeyEnabled: rule["bucketKeyEnabled"] ?? false,
          }),
        },
      ];
    }
    case "aws:s3/bucketReplicationConfig:BucketReplicationConfig": {
      const rules = unwrap(i["rules"]);
      return [
        "replicationConfiguration",
        {
          role: i["role"] ?? null,
          rules: Array.isArray(rules) ? rules.map((x) => inlineReplicationRule(obj(x) ?? {})) : [],
        },
      ];
    }
    case "aws:s3/bucketPolicy:BucketPolicy":
      return ["policy", i["policy"] ?? null];
    default:
      return undefined;
  }
}

/**
 * Applies, in place, the mirrors a refresh would read back. Only known names match (a setting on
 * a bucket or role whose name is unknown cannot be located, as AWS could not either).
 */
export function applyRefreshMirrors(records: readonly RecordedResource[]): void {
  const byBucket = new Map<string, RecordedResource>();
  const byRole = new Map<string, RecordedResource>();
  const byKey = new Map<string, RecordedResource>();
  for (const r of records) {
    if (r.external === true) {
      continue; // not refreshed from the stack's own settings
    }
    if (BUCKETS.has(r.type)) {
      const name = knownString(r.outputs["bucket"]);
      if (name !== undefined) byBucket.set(name, r);
    } else if (r.type === "aws:iam/role:Role") {
      for (const k of [knownString(r.outputs["name"]), knownString(r.outputs["arn"])]) {
        if (k !== undefined) byRole.set(k, r);
      }
    } else if (r.type === "aws:kms/key:Key") {
      for (const k of [knownString(r.outputs["keyId"]), knownString(r.outputs["arn"])]) {
        if (k !== undefined) byKey.set(k, r);
      }
    }
  }
  const attachPolicy = (roleRef: WireValue | undefined, arn: WireValue | undefined): void => {
    const role = byRole.get(knownString(roleRef) ?? "");
    if (role === undefined || arn === undefined) return;
    const current = unwrap(role.outputs["managedPolicyArns"]);
    const list = Array.isArray(current) ? [...current] : [];
    if (!list.some((x) => knownString(x) === knownString(arn))) list.push(arn);
    role.outputs["managedPolicyArns"] = list;
  };
  for (const r of records) {
    if (r.external === true) continue;
    const mirror = bucketMirror(r);
    if (mirror !== undefined) {
      const bucket = byBucket.get(knownString(r.inputs["bucket"]) ?? "");
      if (bucket !== undefined) {
        const [prop, value] = bucket.type === "aws:s3/bucketV2:BucketV2" ? bucketV2Shape(mirror[0], mirror[1]) : mirror;
        bucket.outputs[prop] = clone(value);
      }
      continue;
    }
    switch (r.type) {
      case "aws:iam/rolePolicy:RolePolicy": {
        const role = byRole.get(knownString(r.inputs["role"]) ?? "");
        if (role === undefined) break;
        const current = unwrap(role.outputs["inlinePolicies"]);
        const list = (Array.isArray(current) ? current : []).filter(
          (p) => knownString(obj(p)?.["name"]) !== knownString(r.outputs["name"]),
        );
        list.push({ name: r.inputs["name"] ?? r.outputs["name"] ?? null, policy: r.inputs["policy"] ?? null });
        role.outputs["inlinePolicies"] = list;
        break;
      }
      case "aws:iam/rolePolicyAttachment:RolePolicyAttachment":
        attachPolicy(r.inputs["role"], r.inputs["policyArn"]);
        break;
      case "aws:iam/policyAttachment:PolicyAttachment": {
        const roles = unwrap(r.inputs["roles"]);
        for (const role of Array.isArray(roles) ? roles : []) attachPolicy(role, r.inputs["policyArn"]);
        break;
      }
      case "aws:kms/keyPolicy:KeyPolicy": {
        const key = byKey.get(knownString(r.inputs["keyId"]) ?? "");
        if (key !== undefined && r.inputs["policy"] !== undefined) key.outputs["policy"] = r.inputs["policy"];
        break;
      }
      default:
    }
  }
}
