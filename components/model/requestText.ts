/**
 * How findings describe a replication request: the failure reason S3 reports when it is denied,
 * the resource a statement should name, its KMS context and the statement that decided it.
 */

import { parseArn } from "./arn";
import { Decision } from "./evaluate";
import { bucketNameOfArn } from "./foundPath";
import { ReplicationRequest } from "./requests";
import { ReplicationPath } from "./topology";

/**
 * The failure reason S3 reports when this request is denied ("Amazon S3 replication failure
 * reasons", https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-failure-codes.html).
 */
export function failureReasonOf(request: ReplicationRequest, path: ReplicationPath): string {
  const named = NAMED_FAILURE_REASONS[request.action];
  if (named !== undefined) return named;
  const sourceSide =
    request.resource === path.source.keyArn || bucketNameOfArn(request.resource) === path.source.bucketName;
  return sourceSide ? "SrcGetObjectNotPermitted" : "DstPutObjectNotPermitted";
}

const NAMED_FAILURE_REASONS: Readonly<Record<string, string>> = {
  "sts:AssumeRole": "AssumeRoleNotPermitted",
  "s3:GetObjectVersionAcl": "SrcGetAclNotPermitted",
  "s3:GetObjectVersionTagging": "SrcGetTaggingNotPermitted (the object replicates without its tags)",
  "s3:GetObjectRetention": "SrcGetRetentionNotPermitted",
  "s3:GetObjectLegalHold": "SrcGetLegalHoldNotPermitted",
  "s3:ReplicateDelete": "DstDelObjNotPermitted",
  "s3:GetReplicationConfiguration": "a replication failure for every object (the role cannot read the source bucket)",
  "s3:ListBucket": "a replication failure for every object (the role cannot read the source bucket)",
};

/** The resource a statement should name to cover a request: the bucket's objects for an object ARN, else the ARN itself. */
export function grantPattern(resource: string): string {
  const parsed = parseArn(resource);
  if (parsed?.service !== "s3" || !parsed.resource.includes("/")) return resource;
  return `arn:${parsed.partition}:s3:::${parsed.resource.split("/")[0] ?? ""}/*`;
}

/** The statement that decided a request, as a finding's location. */
export function statementLabel(decision: Decision): string | undefined {
  const ref = decision.deniedBy ?? decision.allowedBy[0];
  if (!ref) return undefined;
  return ref.sid ? `statement "${ref.sid}"` : `statement ${ref.index}`;
}

/** The request's context keys as a finding's detail. */
export function contextDetail(request: ReplicationRequest): Record<string, string> {
  return Object.keys(request.context).length > 0 ? { context: JSON.stringify(request.context) } : {};
}

/** The request's KMS context in words. */
export function describeContext(request: ReplicationRequest): string {
  const via = request.context["kms:ViaService"];
  const context = request.context["kms:EncryptionContext:aws:s3:arn"];
  if (via === undefined && context === undefined)
    return request.resource.includes(":kms:") ? " (called directly, not through S3)" : "";
  return ` (kms:ViaService=${via ?? "none"}, kms:EncryptionContext:aws:s3:arn=${context ?? "none"})`;
}
