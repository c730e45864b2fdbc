/**
 * A bucket's default encryption, from an SSE rule: the separate
 * BucketServerSideEncryptionConfiguration resource's `rules`, or a bucket's inline block.
 */

import { FoundBucket } from "s3-replication/components/model";
import { Accessor } from "./accessor";
import { PlainResource } from "./resources";
import { isUnknown } from "./values";

/** The accessor of the first present block among alternative spellings (singular, or BucketV2's plural list). */
export function firstBlock(value: Accessor, first: string, second: string): Accessor | undefined {
  if (value.record(first) !== undefined) return value.at(first);
  return value.record(second) !== undefined ? value.at(second) : undefined;
}

/**
 * Reads an SSE rule (separate resource or legacy inline) into the bucket. A key unknown in preview
 * whose value depends on exactly one key resource is joined to it later (`pendingKeyJoin`).
 */
export function applyEncryption(
  bucket: FoundBucket,
  rule: Accessor | undefined,
  keyDeps: PlainResource[],
  pendingKeyJoin: Map<FoundBucket, PlainResource>,
): void {
  if (rule === undefined) return;
  const byDefault = firstBlock(rule, "applyServerSideEncryptionByDefault", "applyServerSideEncryptionByDefaults");
  if (isUnknown(byDefault?.raw("sseAlgorithm"))) {
    bucket.encryptionUnknown = true;
    return;
  }
  const algorithm = byDefault?.text("sseAlgorithm");
  const keyId = byDefault?.text("kmsMasterKeyId");
  const bucketKey = rule.flag("bucketKeyEnabled");
  bucket.encryption = {
    ...(algorithm ? { algorithm } : {}),
    ...(keyId ? { keyId } : {}),
    ...(bucketKey !== undefined ? { bucketKeyEnabled: bucketKey } : {}),
  };
  delete bucket.encryptionUnknown;
  if (isUnknown(byDefault?.raw("kmsMasterKeyId")) && keyDeps.length === 1 && keyDeps[0])
    pendingKeyJoin.set(bucket, keyDeps[0]);
}
