/** A KMS grant for a key whose policy this stack cannot write: the same operations and limits as the key statements. */

import { PolicyStatement, asList } from "../model/policyDocument";

/** The S3 encryption-context key: S3 sends the object ARN, or the bucket ARN when a Bucket Key is used. */
export const S3_CONTEXT_KEY = "aws:s3:arn";
const CONTEXT_CONDITION = `kms:EncryptionContext:${S3_CONTEXT_KEY}`;

/** One KMS grant: its operations (without `kms:`) and its encryption-context constraint. */
export interface KeyGrantDocument {
  /** KMS operations without the `kms:` prefix, e.g. Encrypt, GenerateDataKey. */
  operations: string[];
  /** `EncryptionContextSubset`: the context pairs every request must carry; absent when none can be required. */
  encryptionContextSubset?: Record<string, string>;
}

/**
 * The grant that gives `grantee` what the key statements give it. Grant constraints match exact
 * values only (KMS API Reference, GrantConstraints,
 * https://docs.aws.amazon.com/kms/latest/APIReference/API_GrantConstraints.html), while S3 sends
 * `aws:s3:arn` = the bucket ARN for objects written with a Bucket Key and the object's ARN
 * otherwise (Using an S3 Bucket Key,
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-key.html). So the grant is
 * constrained to the bucket whenever the statements need the bucket context only; where they need
 * object contexts (`BUCKET/*`, no Bucket Key) no grant constraint can express them, and the grant
 * carries the operations alone (enable Bucket Keys, or give the key owner the key statements).
 * That is the narrowest AWS allows: a constraint is a map of exact key-value pairs ("the grant
 * allows the operation only when the encryption context in the request includes the key-value
 * pairs specified in this constraint"), S3's only pair is `aws:s3:arn`, and an object ARN differs
 * per object; `kms:ViaService` has no grant form. `EncryptionContextSubset` rather than
 * `EncryptionContextEquals`, so an object written with additional context pairs still replicates
 * (they are "passed on to AWS KMS for future GetObject operations": PutObject,
 * `x-amz-server-side-encryption-context`, https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html).
 * The components create one grant per bucket end and key, so a grant never needs two buckets.
 */
export function keyGrantFor(statements: PolicyStatement[], grantee: string): KeyGrantDocument {
  const mine = statements.filter(
    (s) => s.Effect === "Allow" && typeof s.Principal === "object" && asList(s.Principal.AWS).includes(grantee),
  );
  const operations = [...new Set(mine.flatMap((s) => asList(s.Action)).map((a) => a.replace(/^kms:/, "")))];
  const contexts = new Set(mine.flatMap(contextValues));
  const [only] = [...contexts];
  const exact =
    contexts.size === 1 && only !== undefined && !/[*?]/.test(only) && mine.every((s) => contextValues(s).length > 0);
  return exact ? { operations, encryptionContextSubset: { [S3_CONTEXT_KEY]: only } } : { operations };
}

/** The `kms:EncryptionContext:aws:s3:arn` values a statement's conditions allow (StringEquals or StringLike). */
function contextValues(statement: PolicyStatement): string[] {
  const condition = statement.Condition ?? {};
  return ["StringEquals", "StringLike"].flatMap((operator) =>
    asList(condition[operator]?.[CONTEXT_CONDITION] as string | string[] | undefined),
  );
}
