/**
 * One configuration per target: a bucket has one bucket policy and one replication configuration,
 * a KMS key has one key policy. Two resources writing the same one overwrite each other on every
 * deployment, and what AWS holds is whichever was written last.
 *
 * AWS: "Creates a replication configuration or replaces an existing one." (PutBucketReplication,
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketReplication.html); "Applies an
 * Amazon S3 bucket policy to an Amazon S3 bucket." (PutBucketPolicy,
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketPolicy.html); a key has one key
 * policy, named `default` ("The only valid value is default", PutKeyPolicy,
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_PutKeyPolicy.html).
 */

import { Finding, FindingClass, FindingCode, Severity, finding } from "./findings";
import { FoundReplication } from "./found";
import { resolveKey } from "./foundPath";

/** The single-valued configurations AWS keeps one of per target. */
export enum SingleConfiguration {
  BucketPolicy = "bucket policy",
  KeyPolicy = "key policy",
  Replication = "replication configuration",
  /** The bucket itself, by name: two resources creating or managing one bucket (in one stack or in exports checked together). */
  Bucket = "bucket",
  /** The KMS key itself, by ARN: two key resources managing one key (an import in two stacks, or twice in one). */
  Key = "key",
}

/** The kinds that name a resource managed twice (S3R069), not a configuration written twice (S3R041). */
const CLAIMED: ReadonlySet<SingleConfiguration> = new Set([SingleConfiguration.Bucket, SingleConfiguration.Key]);

/** Resources that write the same single-valued configuration of one target. */
export interface ConfigurationWriters {
  /** Which configuration. */
  kind: SingleConfiguration;
  /** The bucket or key, as findings name it. */
  target: string;
  /** The resources writing it, as findings name them (two or more). */
  writers: string[];
  /**
   * Resources whose own (inline) copy of it may be a second writer or a copy read back from AWS
   * (`readInlineCopy`: ambiguous), as findings name them.
   */
  possibleWriters?: string[];
}

/** How a resource's own (inline) copy of a configuration stands next to the separate resources writing it. */
export enum InlineCopyReading {
  /** The program sets it: a second writer. */
  Writer = "writer",
  /** What AWS holds, read back (the separate writer's document, or AWS's default): no second writer. */
  Mirror = "mirror",
  /** Known, but either the program's or an older copy read back by a refresh: the state cannot tell. */
  Ambiguous = "ambiguous",
}

/** A resource's own copy of a single-valued configuration (a key's or bucket's inline `policy`, a bucket's inline `replicationConfiguration`). */
export interface InlineCopy {
  /** Which configuration. */
  kind: SingleConfiguration;
  /** The bucket or key, as findings name it. */
  target: string;
  /** The resource holding the copy, as findings name it. */
  writer: string;
  /** The copy in canonical form (`canonicalJson`); undefined when unknown in preview. */
  copy?: string;
  /**
   * Whether the program sets it: true or false when known exactly (the export's inputs; a
   * property dependency; a resource created in preview, whose outputs are its inputs), undefined
   * when only the state's outputs show it (they also hold what a refresh reads back).
   */
  set?: boolean;
  /** What AWS holds when nobody sets it (KMS's default key policy), canonical. */
  awsDefaults: readonly string[];
}

/** Canonical JSON of a value (a JSON string is parsed first; object keys sorted), for comparing documents as AWS stores them. */
export function canonicalJson(value: unknown): string {
  let parsed = value;
  if (typeof value === "string") {
    try {
      parsed = JSON.parse(value);
    } catch {
      return JSON.stringify(value); // not JSON: compared as the text it is
    }
  }
  const sorted = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sorted);
    if (v === null || typeof v !== "object") return v;
    const record = v as Record<string, unknown>;
    return Object.fromEntries(
      Object.keys(record)
        .sort()
        .map((k) => [k, sorted(record[k])]),
    );
  };
  return JSON.stringify(sorted(parsed));
}

/**
 * Reads an inline copy next to the copies the separate resources write (undefined: unknown in
 * preview). The Pulumi state keeps a resource's outputs, and the provider reads the inline
 * attribute back from AWS (Optional+Computed): a key created without `policy` holds KMS's default
 * key policy ("Default key policy",
 * https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html), and after
 * `pulumi refresh` a key's or bucket's inline copy holds what the KeyPolicy, BucketPolicy or
 * BucketReplicationConfig wrote, even an earlier version of it. So only an exact origin (`set`)
 * makes a copy a writer (whatever it holds: after a refresh the state shows the mirror even of a
 * copy the program sets); of unknown origin, a copy equal to a separate writer's or to AWS's
 * default is a mirror, and any other is ambiguous.
 */
export function readInlineCopy(inline: InlineCopy, separate: readonly (string | undefined)[]): InlineCopyReading {
  if (inline.set === true) return InlineCopyReading.Writer;
  const same = inline.copy !== undefined && separate.includes(inline.copy);
  if (inline.set === false || inline.copy === undefined || same || inline.awsDefaults.includes(inline.copy))
    return InlineCopyReading.Mirror;
  // A separate copy unknown in preview may equal this one: judged at `up`.
  return separate.includes(undefined) ? InlineCopyReading.Mirror : InlineCopyReading.Ambiguous;
}

/**
 * Adds each inline copy to the writers of its target's group, when separate resources write that
 * target too: a writer first (it was there before the separate resource), an ambiguous copy as
 * a possible writer. `separateCopies` holds the separate writers' copies by `${kind}|${target}`.
 */
export function withInlineCopies(
  groups: readonly ConfigurationWriters[],
  inlineCopies: readonly InlineCopy[],
  separateCopies: ReadonlyMap<string, readonly (string | undefined)[]>,
): ConfigurationWriters[] {
  // Indexed once by kind, then target: a stack has thousands of groups and copies, most groups
  // without one (looked up without writing a key for each).
  const byTarget = new Map<SingleConfiguration, Map<string, InlineCopy[]>>();
  for (const c of inlineCopies) {
    let targets = byTarget.get(c.kind);
    if (targets === undefined) byTarget.set(c.kind, (targets = new Map()));
    const list = targets.get(c.target);
    if (list === undefined) targets.set(c.target, [c]);
    else list.push(c);
  }
  return groups.map((group) => {
    const copies = byTarget.get(group.kind)?.get(group.target);
    if (copies === undefined || group.kind === SingleConfiguration.Bucket) return group;
    const key = `${group.kind}|${group.target}`;
    const readings = copies.map((c) => [c.writer, readInlineCopy(c, separateCopies.get(key) ?? [])] as const);
    const writers = readings.filter(([, r]) => r === InlineCopyReading.Writer).map(([w]) => w);
    const possible = readings.filter(([, r]) => r === InlineCopyReading.Ambiguous).map(([w]) => w);
    return {
      ...group,
      writers: [...writers, ...group.writers],
      ...(possible.length > 0 ? { possibleWriters: possible } : {}),
    };
  });
}

/**
 * A finding for each target written by more than one resource. With `replicationTargets` (the
 * buckets and keys replication paths touch, see `replicationTargets`), an overwrite of a bucket
 * policy or key policy elsewhere is a security finding, not a replication breakage: what it
 * overwrites protects that bucket or key, and no replication depends on it.
 */
export function overwriteFindings(
  groups: readonly ConfigurationWriters[],
  replicationTargets?: ReadonlySet<string>,
): Finding[] {
  return groups
    .filter((group) => group.writers.length > 1 && !CLAIMED.has(group.kind))
    .map((group) => {
      const offPath =
        replicationTargets !== undefined &&
        group.kind !== SingleConfiguration.Replication &&
        !replicationTargets.has(group.target);
      return finding(FindingCode.ConfigurationOverwritten, {
        subject: group.writers[0] ?? group.target,
        ...(offPath ? { kind: FindingClass.Security, severity: Severity.Medium } : {}),
        detail: { target: group.target, writers: group.writers.join(", ") },
        message: `${group.writers.join(" and ")} each write the ${group.kind} of ${group.target}; AWS keeps one ${group.kind} per ${group.kind === SingleConfiguration.KeyPolicy ? "key" : "bucket"}, so they overwrite each other on every deployment and the result depends on which ran last${offPath ? " (no replication path uses it: replication is not affected, the protection either policy gives may be lost)" : ""}.`,
        fix: `merge them into one ${group.kind} resource for ${group.target}`,
      });
    });
}

/** What a claim of each kind means, and how to fix it. */
const CLAIM_TEXT: Record<string, { why: string; read: string }> = {
  [SingleConfiguration.Bucket]: {
    why: "a bucket name is unique, so they manage one bucket: one fails to create it or they overwrite each other's settings",
    read: "aws.s3.Bucket.get",
  },
  [SingleConfiguration.Key]: {
    why: "a key ARN names one key, so they manage one key: they overwrite each other's settings (description, rotation, key policy)",
    read: "aws.kms.Key.get",
  },
};

/**
 * Advice for each inline copy that may be a second writer (S3R080): the state cannot tell a copy
 * the program sets from one a refresh read back, so no breakage is claimed on it.
 */
export function possibleOverwriteFindings(groups: readonly ConfigurationWriters[]): Finding[] {
  return groups.flatMap((group) =>
    (group.possibleWriters ?? []).map((writer) =>
      finding(FindingCode.InlineCopyAmbiguous, {
        subject: writer,
        detail: { target: group.target, writers: [writer, ...group.writers].join(", ") },
        message: `${writer} holds a ${group.kind} of ${group.target} that differs from the one ${group.writers.join(" and ")} ${group.writers.length > 1 ? "write" : "writes"}: either the program sets it inline too (then they overwrite each other on every deployment, AWS keeping one ${group.kind} per ${group.kind === SingleConfiguration.KeyPolicy ? "key" : "bucket"}), or the state holds an older copy that a refresh read back from AWS.`,
        fix: `set the ${group.kind} of ${group.target} only in ${group.writers[0] ?? "one resource"}; if ${writer} does not set it, run \`pulumi refresh\``,
      }),
    ),
  );
}

/**
 * A finding for each bucket name or key ARN managed by more than one resource (S3R069), naming them
 * in sorted order so the finding does not depend on the order of the stack or of the exports. A
 * bucket name is unique across AWS ("Bucket naming rules",
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html): two resources
 * managing it manage one bucket. A key ARN identifies one KMS key ("Find the key ID and key ARN",
 * https://docs.aws.amazon.com/kms/latest/developerguide/find-cmk-id-arn.html): two key resources
 * with the same ARN (one key imported into two stacks) manage one key.
 */
export function claimFindings(groups: readonly ConfigurationWriters[]): Finding[] {
  return groups
    .filter((group) => CLAIMED.has(group.kind) && new Set(group.writers).size > 1)
    .map((group) => {
      const writers = [...group.writers].sort();
      const text = CLAIM_TEXT[group.kind] ?? { why: "", read: "" };
      return finding(FindingCode.ResourceClaimedTwice, {
        subject: writers[0] ?? group.target,
        detail: { target: group.target, writers: writers.join(", ") },
        message: `${writers.join(" and ")} each manage the ${group.kind} ${group.target}; ${text.why}, and what holds depends on which ran last.`,
        fix: `manage ${group.target} from one resource and read it elsewhere (${text.read})`,
      });
    });
}

/** The buckets and keys replication paths touch, as findings name them: sources, destinations, source keys and replica keys. */
export function replicationTargets(replications: readonly FoundReplication[]): Set<string> {
  const targets = new Set<string>();
  for (const found of replications) {
    targets.add(found.source.ref);
    const keys = [found.source.encryption?.keyId];
    for (const destination of Object.values(found.destinations)) {
      targets.add(destination.ref);
      keys.push(destination.encryption?.keyId);
    }
    keys.push(...found.rules.map((rule) => rule.replicaKmsKeyId));
    for (const key of keys) {
      const resolved = resolveKey(found, key);
      if (resolved !== undefined) targets.add(resolved.ref);
    }
  }
  return targets;
}
