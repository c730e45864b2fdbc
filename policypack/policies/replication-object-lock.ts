/** A source with Object Lock replicates only to destinations with Object Lock enabled (DstBucketObjectLockConfigMissing). */
import { FindingCode } from "s3-replication/components/model";
import { findingCheck } from "./common";

export const replicationObjectLock = findingCheck({
  name: "replication-object-lock",
  description:
    "A source with Object Lock replicates only to destinations with Object Lock enabled (DstBucketObjectLockConfigMissing).",
  severity: "critical",
  codes: [FindingCode.ObjectLockDestinationMissing],
});
