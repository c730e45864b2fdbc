/** Replication Time Control on every rule, when the pack's configuration requires it. */
import { FindingCode } from "s3-replication/components/model";
import { findingCheck } from "./common";

export const replicationTimeControl = findingCheck({
  name: "replication-time-control",
  description:
    "Every enabled replication rule uses Replication Time Control (15 minutes, with metrics) when requireReplicationTime is true (default false).",
  severity: "medium",
  codes: [FindingCode.ReplicationTimeRequired],
  configSchema: {
    properties: {
      requireReplicationTime: { type: "boolean", default: false, description: "Require RTC on every rule." },
    },
  },
  options: (config) => ({ requireReplicationTime: config["requireReplicationTime"] === true }),
});
