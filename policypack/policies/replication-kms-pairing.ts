/** SSE-KMS opt-in (sourceSelectionCriteria.sseKmsEncryptedObjects) and a replica key are always paired, and SSE-KMS sources opt in so their objects are not skipped silently. */
import { FindingCode } from "s3-replication/components/model";
import { findingCheck } from "./common";

export const replicationKmsPairing = findingCheck({
  name: "replication-kms-pairing",
  description:
    "SSE-KMS opt-in (sourceSelectionCriteria.sseKmsEncryptedObjects) and a replica key are always paired, and SSE-KMS sources opt in so their objects are not skipped silently.",
  severity: "critical",
  codes: [FindingCode.KmsOptInWithoutReplicaKey, FindingCode.ReplicaKeyWithoutKmsOptIn, FindingCode.KmsObjectsSkipped],
});
