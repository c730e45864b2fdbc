/**
 * Rules on a topology that AWS would reject or that would silently replicate nothing.
 * Each issue says where, in the model's names (side and field), what is wrong and the fix; the
 * components map the location to their argument path with one table, and check their
 * arguments with the same functions, so every rule is written once.
 */

import {
  KeyReferenceKind,
  bucketNameProblem,
  isAccountId,
  isRegionName,
  multiRegionReplicaArn,
  parseKeyReference,
} from "./arn";
import { BucketEndpoint, DestinationTopology, Encryption, ReplicationTopology, usesKmsKey } from "./topology";

/** The bucket of a topology an issue is about: the source, or a destination by its position. */
export type IssueSide = "source" | number;

/** Where an issue is, in the model's own names. */
export interface IssueLocation {
  /** The bucket whose setting it is. Default: none (the topology as a whole, e.g. `destinations`, or a bucket on its own). */
  side?: IssueSide;
  /** The model field, as the topology names it: `bucketName`, `keyArn`, `replicationTime`, ... */
  field: string;
}

/** One invalid setting: where, what is wrong, how to fix it. */
export interface ValidationIssue {
  /** The argument path, e.g. `destinations[1].replicationTime` (for a model rule: built from `at`). */
  field: string;
  /** What is wrong, quoting the value. */
  problem: string;
  /** How to fix it. */
  fix: string;
  /** Where a model rule found it, in the model's names (a component maps it to its argument path). Default: none (an argument rule: `field` is the path). */
  at?: IssueLocation;
}

/** The model's path of a location: `source.keyArn`, `destinations[2].metrics`, `destinations`. */
export function modelPath(at: IssueLocation): string {
  if (at.side === undefined) return at.field;
  return `${at.side === "source" ? "source" : `destinations[${at.side}]`}.${at.field}`;
}

/** An issue found by a model rule at `at`, its `field` the model's path (components map it to theirs). */
export function issueAt(at: IssueLocation, problem: string, fix: string): ValidationIssue {
  return { field: modelPath(at), problem, fix, at };
}

/** The issues with their argument paths: `pathOf` maps each located issue's location; argument issues are kept as they are. */
export function withArgumentPaths(issues: ValidationIssue[], pathOf: (at: IssueLocation) => string): ValidationIssue[] {
  return issues.map((issue) => (issue.at === undefined ? issue : { ...issue, field: pathOf(issue.at) }));
}

/**
 * Thrown when a topology or component argument is invalid; its message lists every issue.
 *
 * @example
 * Every issue of a component's arguments, each with its argument path and the fix:
 * ```ts
 * import { S3Replication } from "s3-replication";
 * import { ReplicationConfigError } from "s3-replication/components/model";
 *
 * try {
 *   new S3Replication("orders", {
 *     source: {},
 *     destinations: [{ name: "dr", region: "eu-west-1", replicationTime: true, metrics: false }],
 *   });
 * } catch (error) {
 *   if (!(error instanceof ReplicationConfigError)) throw error;
 *   for (const issue of error.issues) console.log(`${issue.field}: ${issue.problem}. Fix: ${issue.fix}.`);
 * }
 * ```
 */
export class ReplicationConfigError extends Error {
  /** The issues found. */
  readonly issues: ValidationIssue[];

  /** Creates the error from its issues. */
  constructor(issues: ValidationIssue[]) {
    super(issues.map((issue) => `${issue.field}: ${issue.problem}. Fix: ${issue.fix}.`).join("\n"));
    this.name = "ReplicationConfigError";
    this.issues = issues;
  }
}

/** Throws a ReplicationConfigError when there is any issue. */
export function throwIfIssues(issues: ValidationIssue[]): void {
  if (issues.length > 0) throw new ReplicationConfigError(issues);
}

/** Issues with one bucket's placement, name and encryption. */
export function bucketIssues(bucket: Partial<BucketEndpoint>, side: IssueSide): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  if (bucket.account !== undefined && !isAccountId(bucket.account)) {
    issues.push(
      issueAt(
        { side, field: "account" },
        `"${bucket.account}" is not a 12-digit account id`,
        "give the 12-digit AWS account id",
      ),
    );
  }
  if (bucket.region !== undefined && !isRegionName(bucket.region)) {
    issues.push(
      issueAt({ side, field: "region" }, `"${bucket.region}" is not a region name`, "give a region such as eu-west-1"),
    );
  }
  if (bucket.bucketName !== undefined) {
    const problem = bucketNameProblem(bucket.bucketName);
    if (problem)
      issues.push(
        issueAt(
          { side, field: "bucketName" },
          `"${bucket.bucketName}" ${problem}`,
          "choose a name that follows the S3 bucket naming rules",
        ),
      );
  }
  issues.push(...encryptionIssues(bucket, side));
  return issues;
}

/**
 * Issues with an encryption choice alone, whether or not the key is known yet: DSSE-KMS has no
 * Bucket Keys; SSE-KMS and DSSE-KMS need a key (model field `keyArn`). `side`: the bucket's
 * place in a topology (none: a bucket on its own).
 */
export function encryptionChoiceIssues(
  encryption: Encryption | undefined,
  bucketKeyEnabled: boolean | undefined,
  hasKey: boolean,
  side?: IssueSide,
): ValidationIssue[] {
  const at = (field: string): IssueLocation => (side === undefined ? { field } : { side, field });
  const issues: ValidationIssue[] = [];
  if (encryption === Encryption.DsseKms && bucketKeyEnabled === true) {
    issues.push(
      issueAt(
        at("bucketKeyEnabled"),
        "S3 Bucket Keys are not supported with DSSE-KMS",
        "set bucketKeyEnabled to false, or use SSE-KMS",
      ),
    );
  }
  if (encryption !== undefined && usesKmsKey(encryption) && !hasKey) {
    issues.push(
      issueAt(
        at("keyArn"),
        `encryption ${encryption} needs a KMS key`,
        "give the full key ARN (arn:aws:kms:REGION:ACCOUNT:key/ID)",
      ),
    );
  }
  return issues;
}

/** Issues with a bucket's encryption settings and key reference. */
export function encryptionIssues(bucket: Partial<BucketEndpoint>, side: IssueSide): ValidationIssue[] {
  const encryption = bucket.encryption;
  const issues = encryptionChoiceIssues(encryption, bucket.bucketKeyEnabled, bucket.keyArn !== undefined, side);
  if (encryption === Encryption.SseS3 && bucket.keyArn !== undefined) {
    issues.push(
      issueAt(
        { side, field: "keyArn" },
        "a key was given but the encryption is SSE-S3 (AES256)",
        "drop the key, or use SSE-KMS",
      ),
    );
  }
  if (bucket.keyArn !== undefined) {
    const key = parseKeyReference(bucket.keyArn);
    if (key.kind === KeyReferenceKind.Invalid) {
      issues.push(
        issueAt(
          { side, field: "keyArn" },
          `"${bucket.keyArn}" is not a KMS key ARN`,
          "give arn:PARTITION:kms:REGION:ACCOUNT:key/KEY-ID",
        ),
      );
    } else if (key.kind !== KeyReferenceKind.KeyArn) {
      issues.push(
        issueAt(
          { side, field: "keyArn" },
          `"${bucket.keyArn}" is an alias or bare key id; S3 resolves it in the requester's account and region, so it can pick the wrong key`,
          `give the full key ARN (arn:${bucket.partition ?? "aws"}:kms:REGION:ACCOUNT:key/KEY-ID)`,
        ),
      );
    } else if (key.region !== undefined && bucket.region !== undefined && key.region !== bucket.region) {
      issues.push(
        issueAt(
          { side, field: "keyArn" },
          `the key is in ${key.region} but the bucket is in ${bucket.region}; S3 needs a key in the bucket's region`,
          key.multiRegion
            ? `use the multi-Region replica in ${bucket.region}: ${multiRegionReplicaArn(bucket.keyArn, bucket.region) ?? "the same mrk- id in that region"}`
            : `use a key in ${bucket.region}`,
        ),
      );
    }
  }
  return issues;
}

/** Issues with a KMS key deletion window: KMS accepts 7 to 30 whole days. */
export function keyDeletionWindowIssues(days: number, field: string): ValidationIssue[] {
  if (Number.isInteger(days) && days >= 7 && days <= 30) return [];
  return [{ field, problem: `${days} is not a whole number of days from 7 to 30`, fix: "give 7 to 30 (default 30)" }];
}

/** Issues with one destination's rule, relative to the source. */
export function destinationIssues(
  destination: DestinationTopology,
  source: BucketEndpoint,
  side: number,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [...bucketIssues(destination, side)];
  const crossAccount = destination.account !== source.account;
  if (destination.ownershipOverride && !crossAccount) {
    issues.push(
      issueAt(
        { side, field: "replicaOwnership" },
        "a replica ownership override on a destination in the source's own account changes nothing",
        "remove the ownership override, or replicate to another account",
      ),
    );
  }
  if (destination.replicationTime && !destination.metrics) {
    issues.push(
      issueAt(
        { side, field: "metrics" },
        "Replication Time Control requires replication metrics",
        "enable metrics (with a 15 minute event threshold) or disable replicationTime",
      ),
    );
  }
  if (
    destination.deleteMarkerReplication &&
    destination.filter?.tags !== undefined &&
    Object.keys(destination.filter.tags).length > 0
  ) {
    issues.push(
      issueAt(
        { side, field: "replicateDeleteMarkers" },
        "delete marker replication is not supported for rules that filter on tags",
        "drop the tag filter or disable delete marker replication",
      ),
    );
  }
  if (!Number.isInteger(destination.priority) || destination.priority < 0) {
    issues.push(
      issueAt(
        { side, field: "priority" },
        `${destination.priority} is not a non-negative integer`,
        "give a whole number, unique across destinations",
      ),
    );
  }
  if (
    source.keyArn !== undefined &&
    usesKmsKey(source.encryption) &&
    !(usesKmsKey(destination.encryption) && destination.keyArn !== undefined)
  ) {
    issues.push(
      issueAt(
        { side, field: "encryption" },
        "the source holds SSE-KMS/DSSE-KMS objects but this destination has no replica KMS key, so those objects would be skipped silently",
        "encrypt the destination with SSE-KMS (a customer managed key in its region)",
      ),
    );
  }
  if (!crossAccount && destination.keyArn !== undefined && destination.awsManagedKey === true) {
    issues.push(
      issueAt(
        { side, field: "keyArn" },
        "the replica key is an AWS managed key; S3 needs a customer managed key as the replica key",
        "use a customer managed key in the destination's region",
      ),
    );
  }
  if (
    crossAccount &&
    destination.keyArn !== undefined &&
    (destination.awsManagedKey === true || parseKeyReference(destination.keyArn).awsManagedS3Alias)
  ) {
    issues.push(
      issueAt(
        { side, field: "keyArn" },
        "an AWS managed key (aws/s3) cannot be used across accounts",
        "use a customer managed key in the destination account",
      ),
    );
  }
  // An AWS managed key on the SOURCE of a one-way path works across accounts: the role decrypts in
  // its own account. Only a replica key must be customer managed (two-way: see topologyIssues).
  if (source.objectLockEnabled && !destination.objectLockEnabled) {
    issues.push(
      issueAt(
        { side, field: "objectLock" },
        "the source uses Object Lock but this destination does not (DstBucketObjectLockConfigMissing)",
        "enable Object Lock on the destination bucket",
      ),
    );
  }
  if (destination.bucketName === source.bucketName && destination.partition === source.partition) {
    issues.push(
      issueAt(
        { side, field: "bucketName" },
        "the destination is the source bucket itself",
        "replicate to another bucket",
      ),
    );
  }
  return issues;
}

/** Most rules one replication configuration holds (see topologyIssues). */
export const MAX_REPLICATION_RULES = 1000;

/** Every issue of a topology, located in the model's names (`field`: the model's path; see withArgumentPaths). */
export function topologyIssues(topology: ReplicationTopology): ValidationIssue[] {
  const issues: ValidationIssue[] = [...bucketIssues(topology.source, "source")];
  if (topology.destinations.length === 0) {
    issues.push(issueAt({ field: "destinations" }, "the list is empty", "give at least one destination"));
  }
  // One rule per destination; "a replication configuration must have at least one rule and can contain a maximum of 1,000 rules"
  // (Amazon S3 API Reference, ReplicationConfiguration: https://docs.aws.amazon.com/AmazonS3/latest/API/API_ReplicationConfiguration.html).
  if (topology.destinations.length > MAX_REPLICATION_RULES) {
    issues.push(
      issueAt(
        { field: "destinations" },
        `${topology.destinations.length} destinations need ${topology.destinations.length} rules, but S3 accepts at most ${MAX_REPLICATION_RULES} rules in one replication configuration`,
        `give at most ${MAX_REPLICATION_RULES} destinations per source bucket`,
      ),
    );
  }
  const names = new Map<string, number>();
  const ruleIds = new Map<string, number>();
  const priorities = new Map<number, number>();
  topology.destinations.forEach((destination, index) => {
    issues.push(...destinationIssues(destination, topology.source, index));
    const duplicate = (
      seen: Map<string | number, number>,
      value: string | number,
      what: string,
      prop: string,
    ): void => {
      const first = seen.get(value);
      if (first !== undefined)
        issues.push(
          issueAt(
            { side: index, field: prop },
            `${what} ${JSON.stringify(value)} is already used by destinations[${first}]`,
            `give each destination a unique ${what}`,
          ),
        );
      else seen.set(value, index);
    };
    duplicate(names as Map<string | number, number>, destination.name, "name", "name");
    duplicate(ruleIds as Map<string | number, number>, destination.ruleId, "rule id", "ruleId");
    duplicate(priorities as Map<string | number, number>, destination.priority, "priority", "priority");
  });
  if (topology.twoWay) {
    const source = topology.source;
    const sourceAwsManaged =
      source.keyArn !== undefined &&
      (source.awsManagedKey === true || parseKeyReference(source.keyArn).awsManagedS3Alias);
    if (sourceAwsManaged && topology.destinations.some((destination) => destination.account !== source.account)) {
      issues.push(
        issueAt(
          { side: "source", field: "keyArn" },
          "two-way replication makes the source key the replica key of the reverse path, and an AWS managed key (aws/s3) cannot be used across accounts",
          "use a customer managed key for the source",
        ),
      );
    }
    topology.destinations.forEach((destination, index) => {
      issues.push(...reverseObjectLockIssues(destination, topology.source, index));
      if (
        destination.keyArn !== undefined &&
        usesKmsKey(destination.encryption) &&
        !(topology.source.keyArn !== undefined && usesKmsKey(topology.source.encryption))
      ) {
        issues.push(
          issueAt(
            { side: "source", field: "encryption" },
            `two-way replication sends destinations[${index}]'s SSE-KMS objects back to the source, which has no KMS key`,
            "encrypt the source with SSE-KMS too",
          ),
        );
      }
    });
  }
  return issues;
}

/**
 * Two-way replication also replicates each destination back to the source: a destination with
 * Object Lock needs a source with Object Lock, or every reverse replication fails with
 * DstBucketObjectLockConfigMissing ("Amazon S3 replication failure reasons",
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-failure-codes.html).
 */
function reverseObjectLockIssues(
  destination: DestinationTopology,
  source: BucketEndpoint,
  index: number,
): ValidationIssue[] {
  if (!destination.objectLockEnabled || source.objectLockEnabled) return [];
  return [
    issueAt(
      { side: "source", field: "objectLock" },
      `two-way replication replicates destinations[${index}] back to the source; destinations[${index}] uses Object Lock and the source does not, so every reverse replication fails (DstBucketObjectLockConfigMissing)`,
      `enable Object Lock on the source too (source objectLock: true), or turn it off on destinations[${index}]`,
    ),
  ];
}

/** Throws a ReplicationConfigError listing every issue of the topology. */
export function assertValidTopology(topology: ReplicationTopology): void {
  throwIfIssues(topologyIssues(topology));
}
