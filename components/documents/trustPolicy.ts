/** Trust policies of the replication role and of the Batch Replication role. */

import {
  ASSUME_ROLE_ACTION,
  BATCH_OPERATIONS_SERVICE_PRINCIPAL,
  REPLICATION_SERVICE_PRINCIPAL,
} from "../model/actions";
import { PolicyDocument } from "../model/policyDocument";

/** Opt-in hardening of the replication role's trust policy. */
export interface TrustHardening {
  /**
   * Require `aws:SourceAccount` = this account. UNVERIFIED: AWS does not document that S3 sends
   * it when it assumes a replication role; if it does not, every replication fails with
   * AssumeRoleNotPermitted. Never on by default.
   */
  sourceAccount?: string;
}

/**
 * The replication role's trust policy: `s3.amazonaws.com` may call `sts:AssumeRole`, with no
 * condition (every AWS example has none; see TrustHardening for the unverified opt-in).
 */
export function replicationTrustPolicy(hardening: TrustHardening = {}): PolicyDocument {
  return serviceTrustPolicy("AllowS3ToAssumeReplicationRole", REPLICATION_SERVICE_PRINCIPAL, hardening.sourceAccount);
}

/** The Batch Replication role's trust policy: only `batchoperations.s3.amazonaws.com`. */
export function batchReplicationTrustPolicy(): PolicyDocument {
  return serviceTrustPolicy("AllowS3BatchOperationsToAssumeRole", BATCH_OPERATIONS_SERVICE_PRINCIPAL, undefined);
}

function serviceTrustPolicy(sid: string, service: string, sourceAccount: string | undefined): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: sid,
        Effect: "Allow",
        Principal: { Service: service },
        Action: ASSUME_ROLE_ACTION,
        ...(sourceAccount === undefined ? {} : { Condition: { StringEquals: { "aws:SourceAccount": sourceAccount } } }),
      },
    ],
  };
}
