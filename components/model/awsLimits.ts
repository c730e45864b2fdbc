/**
 * Values the AWS APIs reject, checked when a component is constructed (or, for an Output, when it
 * resolves during preview): tag limits, Regions, role names, key descriptions and aliases, filter
 * prefixes, external ids. Each rule returns issues naming the argument path and the fix.
 */

import { bucketNameProblem, isAccountId, isPartition } from "./arn";
import { ValidationIssue } from "./validate";

/**
 * The Regions that exist (the AWS provider's Region list, plus GovCloud, ISO and the European
 * Sovereign Cloud). AWS General Reference, AWS Regions:
 * https://docs.aws.amazon.com/general/latest/gr/rande.html
 */
export const KNOWN_REGIONS: ReadonlySet<string> = new Set([
  ...["us-east-1", "us-east-2", "us-west-1", "us-west-2", "af-south-1", "ap-east-1", "ap-east-2"],
  ...["ap-south-1", "ap-south-2", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3"],
  ...["ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5"],
  ...["ap-southeast-6", "ap-southeast-7", "ca-central-1", "ca-west-1", "cn-north-1", "cn-northwest-1"],
  ...["eu-central-1", "eu-central-2", "eu-north-1", "eu-south-1", "eu-south-2", "eu-west-1", "eu-west-2"],
  ...["eu-west-3", "il-central-1", "me-central-1", "me-south-1", "mx-central-1", "sa-east-1"],
  ...["us-gov-east-1", "us-gov-west-1", "us-iso-east-1", "us-iso-west-1", "us-isob-east-1", "eusc-de-east-1"],
]);

const issue = (field: string, problem: string, fix: string): ValidationIssue[] => [{ field, problem, fix }];
const shown = (value: unknown): string => {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}..."` : text;
};

/** A Region that exists. */
export function regionIssues(region: string, field: string): ValidationIssue[] {
  if (KNOWN_REGIONS.has(region)) return [];
  return issue(field, `${shown(region)} is not an AWS Region`, "give a Region code such as us-east-1 or eu-west-1");
}

/** A 12-digit account id. */
export function accountIssues(account: string, field: string): ValidationIssue[] {
  return isAccountId(account)
    ? []
    : issue(field, `${shown(account)} is not a 12-digit account id`, "give the 12-digit AWS account id");
}

/** A partition name. */
export function partitionIssues(partition: string, field: string): ValidationIssue[] {
  return isPartition(partition)
    ? []
    : issue(field, `${shown(partition)} is not an AWS partition`, "give aws, aws-cn or aws-us-gov (or leave it out)");
}

/** Most tags on one bucket, key or role (Tagging AWS resources, Tag naming limits and requirements). */
export const MAX_TAGS = 50;

/**
 * Tags: at most 50; keys 1-128 characters, values at most 256; the `aws:` prefix is reserved
 * (Tagging AWS resources, https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html).
 */
export function tagIssues(tags: Record<string, unknown>, field: string): ValidationIssue[] {
  const entries = Object.entries(tags);
  const issues: ValidationIssue[] = [];
  if (entries.length > MAX_TAGS)
    issues.push(
      ...issue(field, `${entries.length} tags, more than AWS allows (${MAX_TAGS})`, `give at most ${MAX_TAGS} tags`),
    );
  for (const [key, value] of entries) {
    const at = `${field}[${JSON.stringify(key)}]`;
    if (typeof value !== "string")
      issues.push(...issue(at, `${value === null ? "null" : typeof value} is not a string`, "give a string value"));
    else if ([...value].length > 256)
      issues.push(...issue(at, "the value is longer than 256 characters", "shorten the value"));
    if (key.length === 0 || [...key].length > 128)
      issues.push(...issue(at, "a tag key must have 1 to 128 characters", "give a key of 1 to 128 characters"));
    if (key.toLowerCase().startsWith("aws:"))
      issues.push(
        ...issue(at, "the aws: prefix is reserved for AWS's own tags", "choose a key that does not start with aws:"),
      );
  }
  return issues;
}

/** IAM role names: 1-64 of `[\w+=,.@-]` (IAM API Reference, CreateRole: https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html). */
export function roleNameIssues(roleName: string, field: string): ValidationIssue[] {
  return /^[\w+=,.@-]{1,64}$/.test(roleName)
    ? []
    : issue(field, `${shown(roleName)} is not a valid IAM role name`, "use 1-64 letters, digits and +=,.@_-");
}

/** KMS key descriptions: at most 8,192 characters (KMS API Reference, CreateKey: https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateKey.html). */
export function keyDescriptionIssues(description: string, field: string): ValidationIssue[] {
  return description.length <= 8192
    ? []
    : issue(field, `the description has ${description.length} characters, more than KMS accepts (8,192)`, "shorten it");
}

/**
 * KMS alias names: `alias/` then letters, digits, `/_-`, 1-256 characters in all, not under the
 * reserved `alias/aws/` (KMS API Reference, CreateAlias:
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_CreateAlias.html).
 */
export function keyAliasIssues(alias: string, field: string): ValidationIssue[] {
  if (!/^alias\/[a-zA-Z0-9/_-]+$/.test(alias) || alias.length > 256)
    return issue(
      field,
      `${shown(alias)} is not a KMS alias name`,
      "give alias/NAME (letters, digits, /_-; at most 256 characters)",
    );
  if (alias.startsWith("alias/aws/"))
    return issue(field, "alias/aws/ is reserved for AWS managed keys", "choose another alias");
  return [];
}

/**
 * Rule filter prefixes: an object key prefix, so at most 1,024 bytes of UTF-8 (Amazon S3 User
 * Guide, Naming Amazon S3 objects: https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-keys.html).
 */
export function filterPrefixIssues(prefix: string, field: string): ValidationIssue[] {
  const bytes = Buffer.byteLength(prefix, "utf8");
  return bytes <= 1024
    ? []
    : issue(
        field,
        `the prefix is ${bytes} bytes; S3 keys (and so prefixes) are at most 1,024 bytes of UTF-8`,
        "shorten the prefix",
      );
}

/**
 * STS external ids: 2-1,224 characters of `[\w+=,.@:/-]` (AWS STS API Reference, AssumeRole:
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html).
 */
export function externalIdIssues(externalId: string, field: string): ValidationIssue[] {
  return /^[\w+=,.@:/-]{2,1224}$/.test(externalId)
    ? []
    : issue(
        field,
        externalId === "" ? "the external id is empty" : `${shown(externalId)} is not a valid external id`,
        "give the external id the role's trust policy expects (2-1,224 letters, digits and +=,.@:/_-), or leave it out",
      );
}

/** A bucket name S3 accepts (the naming rules of `bucketNameProblem`). */
export function bucketNameIssues(bucketName: string, field: string): ValidationIssue[] {
  const problem = bucketNameProblem(bucketName);
  return problem === undefined
    ? []
    : issue(field, `${shown(bucketName)} ${problem}`, "choose a name that follows the S3 bucket naming rules");
}
