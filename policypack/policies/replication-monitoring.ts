/** Monitoring that cannot work: alarms that can never fire, replication events that can never arrive, rules with no failure signal. */
import { FindingCode, analyzeMonitoring } from "s3-replication/components/model";
import { findingCheck } from "./common";

export const replicationMonitoring = findingCheck({
  name: "replication-monitoring",
  description:
    "Replication monitoring that cannot work: a CloudWatch alarm on an S3 replication metric that S3 does not publish, in a Region where it is not published, with dimensions that match no rule, or on a rule with metrics off; an S3 event notification of replication events on a bucket whose rules have metrics off or to a destination in another Region; a rule with no failure signal at all.",
  severity: "high",
  codes: [FindingCode.AlarmCannotFire, FindingCode.ReplicationEventsCannotArrive, FindingCode.NoFailureSignal],
  // Monitoring and advice: non-blocking by default (FindingClass.Monitoring).
  enforcementLevel: "advisory",
  extra: (model) => (model.monitoring === undefined ? [] : analyzeMonitoring(model.monitoring)),
});
