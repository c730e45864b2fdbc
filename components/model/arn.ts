/**
 * ARN and name syntax: parsing, building and the naming rules S3, KMS and IAM enforce.
 * Each function returns a problem sentence (or undefined) so callers can name the field.
 */
import { build as buildArn, parse as parseAwsArn, validate as validateArn } from "@aws-sdk/util-arn-parser";

/** The parts of an ARN. */
export interface ParsedArn {
  /** Partition, e.g. `aws`. */
  partition: string;
  /** Service, e.g. `s3`, `kms`, `iam`. */
  service: string;
  /** Region (empty for S3 and IAM). */
  region: string;
  /** Account id (empty for S3). */
  account: string;
  /** The resource part, e.g. `key/1234...`, `role/name`, `bucket/key`. */
  resource: string;
}

const PARTITIONS = ["aws", "aws-cn", "aws-us-gov", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-eusc"];
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const ACCOUNT = /^\d{12}$/;

/**
 * Splits an ARN into its parts, or returns undefined when it is not an ARN. Parsed by AWS's own
 * `@aws-sdk/util-arn-parser` (the ARN format: arn:partition:service:region:account-id:resource, the
 * resource part keeping its colons), see "Identify AWS resources with Amazon Resource Names (ARNs)",
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html
 */
export function parseArn(arn: string): ParsedArn | undefined {
  return remembered(parsedArns, arn, readArn);
}

function readArn(arn: string): ParsedArn | undefined {
  if (!validateArn(arn)) return undefined;
  const { partition, service, region, accountId, resource } = parseAwsArn(arn);
  return Object.freeze({ partition, service, region, account: accountId, resource });
}

/**
 * Entries one cache of parsed text holds at most: a stack names each role, bucket and key ARN in
 * many documents, and the analyses parse every mention (about 20,000 parses of 4,500 ARNs at 10k
 * resources). The parse is a pure function of the string, so an entry never goes stale; the bound
 * (the cache is emptied when full) keeps what a long-lived process holds small.
 */
const PARSE_CACHE_LIMIT = 16384;
const parsedArns = new Map<string, ParsedArn | undefined>();
const parsedKeyReferences = new Map<string, KeyReference>();

/** `parse(text)`, remembered in `cache` (results are frozen: every caller shares them). */
function remembered<T>(cache: Map<string, T>, text: string, parse: (text: string) => T): T {
  if (typeof text !== "string") return parse(text);
  const known = cache.get(text);
  if (known !== undefined || cache.has(text)) return known as T;
  const parsed = parse(text);
  if (cache.size >= PARSE_CACHE_LIMIT) cache.clear();
  cache.set(text, parsed);
  return parsed;
}

/** True for a 12-digit account id. */
export function isAccountId(value: string): boolean {
  return ACCOUNT.test(value);
}

/** True for a syntactically valid region name such as `eu-west-1` or `us-gov-west-1`. */
export function isRegionName(value: string): boolean {
  return REGION.test(value);
}

/** True for a known partition name. */
export function isPartition(value: string): boolean {
  return PARTITIONS.includes(value);
}

/** The partition a region belongs to. */
export function partitionOfRegion(region: string): string {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  if (region.startsWith("us-iso-")) return "aws-iso";
  if (region.startsWith("us-isob-")) return "aws-iso-b";
  if (region.startsWith("eusc-")) return "aws-eusc";
  return "aws";
}

/**
 * Problems with a general-purpose bucket name under the S3 naming rules: 3-63 characters,
 * lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit,
 * no `..`, not an IP address, none of the reserved prefixes and suffixes.
 */
export function bucketNameProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 63) return `must be 3 to 63 characters long (it has ${name.length})`;
  if (!/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(name)) {
    return "may hold only lowercase letters, digits, dots and hyphens, and must start and end with a letter or digit";
  }
  if (name.includes("..")) return "must not contain two adjacent dots";
  if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) return "must not be formatted as an IP address";
  // Indexed loops: this runs for every bucket ARN a policy names, mostly before the JIT optimises
  // it, when for-of allocates per element.
  for (let index = 0; index < RESERVED_PREFIXES.length; index++) {
    const prefix = RESERVED_PREFIXES[index]!;
    if (name.startsWith(prefix)) return `must not start with the reserved prefix "${prefix}"`;
  }
  for (let index = 0; index < RESERVED_SUFFIXES.length; index++) {
    const suffix = RESERVED_SUFFIXES[index]!;
    if (name.endsWith(suffix)) return `must not end with the reserved suffix "${suffix}"`;
  }
  return undefined;
}

const RESERVED_PREFIXES = ["xn--", "sthree-", "amzn-s3-demo-"];
const RESERVED_SUFFIXES = ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"];

/**
 * Problems with a value given as an S3 *bucket* ARN (a replication rule's `destination.bucket`):
 * `arn:PARTITION:s3:::BUCKET`, empty region and account, no object key, no wildcard. The name
 * itself is not held to today's naming rules (legacy us-east-1 buckets predate them).
 */
export function bucketArnProblem(value: string): string | undefined {
  const parsed = parseArn(value);
  if (!parsed) return `"${value}" is not an ARN (S3 needs the bucket ARN arn:aws:s3:::BUCKET, not the bucket name)`;
  if (parsed.service !== "s3")
    return `"${value}" is a ${parsed.service || "(no service)"} ARN, not an S3 bucket ARN (arn:aws:s3:::BUCKET)`;
  if (!isPartition(parsed.partition)) return `"${value}" has an unknown partition "${parsed.partition}"`;
  if (parsed.region !== "" || parsed.account !== "")
    return `"${value}" is not an S3 bucket ARN: its region and account fields must be empty (arn:aws:s3:::BUCKET)`;
  if (parsed.resource === "") return `"${value}" has no bucket name (arn:aws:s3:::BUCKET)`;
  if (parsed.resource.includes("/"))
    return `"${value}" is an object or prefix ARN, not a bucket ARN (arn:aws:s3:::BUCKET)`;
  if (/[*?]/.test(parsed.resource)) return `"${value}" has a wildcard: a rule names one bucket`;
  return undefined;
}

/** The kinds of KMS key reference. */
export enum KeyReferenceKind {
  /** A full key ARN `arn:...:kms:REGION:ACCOUNT:key/ID`. */
  KeyArn = "key-arn",
  /** An alias ARN `arn:...:kms:REGION:ACCOUNT:alias/NAME`. */
  AliasArn = "alias-arn",
  /** A bare alias `alias/NAME`. */
  Alias = "alias",
  /** A bare key id. */
  KeyId = "key-id",
  /** Anything else. */
  Invalid = "invalid",
}

/** A parsed KMS key reference. */
export interface KeyReference {
  /** What kind of reference it is. */
  kind: KeyReferenceKind;
  /** Region (ARNs only). */
  region?: string;
  /** Account (ARNs only). */
  account?: string;
  /** Partition (ARNs only). */
  partition?: string;
  /** Key id (`mrk-...` for a multi-Region key) or alias name. */
  id?: string;
  /** True for a multi-Region key id. */
  multiRegion: boolean;
  /** True for the AWS managed S3 key alias `alias/aws/s3`. */
  awsManagedS3Alias: boolean;
}

const KEY_ID = /^(mrk-[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/** Parses a KMS key reference as S3 accepts one in `kmsMasterKeyId` or `replicaKmsKeyId`. */
export function parseKeyReference(value: string): KeyReference {
  return remembered(parsedKeyReferences, value, frozenKeyReference);
}

function frozenKeyReference(value: string): KeyReference {
  return Object.freeze(readKeyReference(value));
}

function readKeyReference(value: string): KeyReference {
  const arn = parseArn(value);
  if (arn) {
    if (
      arn.service !== "kms" ||
      !isRegionName(arn.region) ||
      !isAccountId(arn.account) ||
      !isPartition(arn.partition)
    ) {
      return { kind: KeyReferenceKind.Invalid, multiRegion: false, awsManagedS3Alias: false };
    }
    const base = { region: arn.region, account: arn.account, partition: arn.partition };
    if (arn.resource.startsWith("alias/")) {
      const id = arn.resource.slice("alias/".length);
      return { kind: KeyReferenceKind.AliasArn, ...base, id, multiRegion: false, awsManagedS3Alias: id === "aws/s3" };
    }
    if (arn.resource.startsWith("key/")) {
      const id = arn.resource.slice("key/".length);
      if (!KEY_ID.test(id)) return { kind: KeyReferenceKind.Invalid, multiRegion: false, awsManagedS3Alias: false };
      return {
        kind: KeyReferenceKind.KeyArn,
        ...base,
        id,
        multiRegion: id.startsWith("mrk-"),
        awsManagedS3Alias: false,
      };
    }
    return { kind: KeyReferenceKind.Invalid, multiRegion: false, awsManagedS3Alias: false };
  }
  if (value.startsWith("alias/")) {
    const id = value.slice("alias/".length);
    return { kind: KeyReferenceKind.Alias, id, multiRegion: false, awsManagedS3Alias: id === "aws/s3" };
  }
  if (KEY_ID.test(value))
    return { kind: KeyReferenceKind.KeyId, id: value, multiRegion: value.startsWith("mrk-"), awsManagedS3Alias: false };
  return { kind: KeyReferenceKind.Invalid, multiRegion: false, awsManagedS3Alias: false };
}

/** The ARN of the same multi-Region key in another region (same `mrk-` id and account). */
export function multiRegionReplicaArn(primaryKeyArn: string, region: string): string | undefined {
  const key = parseKeyReference(primaryKeyArn);
  if (
    key.kind !== KeyReferenceKind.KeyArn ||
    !key.multiRegion ||
    key.partition === undefined ||
    key.account === undefined ||
    key.id === undefined
  )
    return undefined;
  return buildArn({
    partition: key.partition,
    service: "kms",
    region,
    accountId: key.account,
    resource: `key/${key.id}`,
  });
}

/**
 * Problems with an ARN written in a policy `Resource` (wildcards allowed): S3 ARNs have empty
 * region and account fields and a valid bucket part; KMS and IAM ARNs have their account.
 */
export function resourceArnProblem(arn: string): string | undefined {
  if (arn === "*") return undefined;
  const parsed = parseArn(arn);
  if (!parsed) return `"${arn}" is not an ARN (expected arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE)`;
  if (!isPartition(parsed.partition) && !parsed.partition.includes("*"))
    return `"${arn}" has an unknown partition "${parsed.partition}"`;
  if (parsed.service === "s3") {
    if (parsed.region !== "" || parsed.account !== "") {
      return `"${arn}" is not a valid S3 bucket or object ARN: S3 ARNs have empty region and account fields (arn:aws:s3:::BUCKET/KEY)`;
    }
    const slash = parsed.resource.indexOf("/");
    const bucket = slash < 0 ? parsed.resource : parsed.resource.slice(0, slash);
    if (bucket === "") return `"${arn}" has no bucket name (arn:aws:s3:::BUCKET or arn:aws:s3:::BUCKET/KEY)`;
    if (!bucket.includes("*") && !bucket.includes("?") && !bucket.includes("$") && bucketNameProblem(bucket)) {
      return `"${arn}" names an invalid bucket "${bucket}": ${bucketNameProblem(bucket)}`;
    }
    return undefined;
  }
  if (parsed.service === "kms" || parsed.service === "iam") {
    if (parsed.account !== "" && !parsed.account.includes("*") && !isAccountId(parsed.account)) {
      return `"${arn}" has an invalid account "${parsed.account}" (12 digits)`;
    }
    if (
      parsed.service === "kms" &&
      parsed.region !== "" &&
      !parsed.region.includes("*") &&
      !isRegionName(parsed.region)
    ) {
      return `"${arn}" has an invalid region "${parsed.region}"`;
    }
  }
  return undefined;
}
