/** Versioning is Enabled on the source and every destination bucket of a replication configuration (DstBucketUnversioned). */
import { FindingCode } from "s3-replication/components/model";
import { findingCheck } from "./common";

export const replicationVersioning = findingCheck({
  name: "replication-versioning",
  description:
    "Versioning is Enabled on the source and every destination bucket of a replication configuration (DstBucketUnversioned).",
  severity: "critical",
  codes: [FindingCode.VersioningNotEnabled],
});
