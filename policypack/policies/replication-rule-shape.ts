/** Rule shape S3 accepts (schema V2): a check of each replication configuration on its own. */
import { FindingCode, ruleShapeFindings } from "s3-replication/components/model";
import { at, foundRule, list, obj } from "../mapping";
import { resourceFindingCheck } from "./common";

/**
 * Rule shape: the rules of aws.s3.BucketReplicationConfig and the inline replicationConfiguration of
 * aws.s3.Bucket / BucketV2.
 */
export const replicationRuleShape = resourceFindingCheck({
  name: "replication-rule-shape",
  description:
    "Replication rules have the shape S3 accepts: V2 rules with filter, unique id and priority, deleteMarkerReplication; no delete markers with tag filters; RTC with metrics and a 15-minute threshold; no event threshold without RTC.",
  severity: "critical",
  codes: [FindingCode.RuleShapeInvalid],
  types: ["aws:s3/bucketReplicationConfig:BucketReplicationConfig", "aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"],
  judge: (resource, ref) => {
    const inline =
      obj(at(resource.props, "replicationConfiguration")) ?? obj(at(resource.props, "replicationConfigurations"));
    const rules =
      list(/bucketReplicationConfig/.test(resource.type) ? at(resource.props, "rules") : inline?.["rules"]) ?? [];
    // Most buckets replicate nothing: no rule, no finding (nothing to read into rules).
    if (rules.length === 0) return [];
    return ruleShapeFindings(rules.filter((rule) => obj(rule) !== undefined).map(foundRule), ref);
  },
});
