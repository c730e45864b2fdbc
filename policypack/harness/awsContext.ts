// Which AWS account, region and partition a provider (and so its resources) works in, read the
// way the AWS provider would: the region from the provider's `region` input, the account from
// the role it assumes, its allowed accounts, or the caller-supplied map.
import { createHash } from "crypto";
import type { RecordedProvider } from "./types";
import { isObject, knownString, unwrap, type WireValue } from "./wire";

/** Account used when nothing tells which account a provider's credentials belong to. */
export const DEFAULT_ACCOUNT = "111111111111";
/** Region used when the stack config has no `aws:region`. */
export const DEFAULT_REGION = "us-east-1";

export interface AwsContext {
  account: string;
  region: string;
  partition: string;
  /** Role name when the provider assumes a role (for getCallerIdentity). */
  assumedRole?: string;
}

export function partitionOf(region: string): string {
  if (region.startsWith("cn-")) {
    return "aws-cn";
  }
  if (region.startsWith("us-gov-")) {
    return "aws-us-gov";
  }
  return "aws";
}

export function dnsSuffixOf(partition: string): string {
  return partition === "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com";
}

/** Explicit provider inputs arrive JSON-encoded (`"[{\"roleArn\":...}]"`); config may give objects. */
function decodeJson(v: WireValue | undefined): WireValue | undefined {
  const u = unwrap(v);
  if (typeof u !== "string") {
    return u;
  }
  try {
    return JSON.parse(u) as WireValue;
  } catch {
    // Not JSON: kept as the text, which names no role or account, so `awsContextOf` falls back to
    // the next source (the `accounts` option, then the default). The pack's reading of the same
    // provider records the text as unreadable (mapping/accessor.ts `parsed`: "JSON object or list").
    return u;
  }
}

function firstRoleArn(props: Record<string, WireValue>): string | undefined {
  for (const key of ["assumeRoles", "assumeRole"]) {
    let v = decodeJson(props[key]);
    if (Array.isArray(v)) {
      v = unwrap(v[0]);
    }
    if (isObject(v)) {
      const arn = knownString(v["roleArn"]);
      if (arn !== undefined) {
        return arn;
      }
    }
  }
  return undefined;
}

function firstAllowedAccount(props: Record<string, WireValue>): string | undefined {
  const v = decodeJson(props["allowedAccountIds"]);
  return Array.isArray(v) ? knownString(v[0]) : undefined;
}

/** The account, region and partition a provider works in. */
export function awsContextOf(provider: RecordedProvider, accounts: Record<string, string>): AwsContext {
  const props = provider.props;
  const region = knownString(props["region"]) ?? DEFAULT_REGION;
  const roleArn = firstRoleArn(props);
  const roleMatch = roleArn === undefined ? null : /^arn:[^:]+:iam::(\d{12}):role\/(?:.*\/)?([^/]+)$/.exec(roleArn);
  const account =
    roleMatch?.[1] ??
    firstAllowedAccount(props) ??
    accounts[provider.name] ??
    accounts[provider.urn] ??
    DEFAULT_ACCOUNT;
  const ctx: AwsContext = { account, region, partition: partitionOf(region) };
  if (roleMatch?.[2] !== undefined) {
    ctx.assumedRole = roleMatch[2];
  }
  return ctx;
}

/** Deterministic hex derived from a seed (ids and auto-name suffixes stay stable run to run). */
export function hexFrom(seed: string, length: number): string {
  let out = "";
  let i = 0;
  while (out.length < length) {
    out += createHash("sha256").update(`${seed}#${i++}`).digest("hex");
  }
  return out.slice(0, length);
}

/** Deterministic UUID (v4 layout) derived from a seed. */
export function uuidFrom(seed: string): string {
  const h = hexFrom(seed, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
