/** Rule shape S3 accepts (schema V2): a resource policy over the replication configuration's inputs. */
import { FindingCode, ruleShapeFindings } from "s3-replication/components/model";
import { at, foundRule, list, obj } from "../mapping";
import { resourceFindingPolicy } from "./common";

export const replicationRuleShape = resourceFindingPolicy({
  name: "replication-rule-shape",
  description:
    "Replication rules have the shape S3 accepts: V2 rules with filter, unique id and priority, deleteMarkerReplication; no delete markers with tag filters; RTC with metrics and a 15-minute threshold; no event threshold without RTC.",
  severity: "critical",
  codes: [FindingCode.RuleShapeInvalid],
  types: /^aws:s3\/(bucketReplicationConfig:BucketReplicationConfig|bucket(V2)?:Bucket(V2)?)$/,
  judge: (resource, ref) => {
    const inline =
      obj(at(resource.props, "replicationConfiguration")) ?? obj(at(resource.props, "replicationConfigurations"));
    const rules =
      list(/bucketReplicationConfig/.test(resource.type) ? at(resource.props, "rules") : inline?.["rules"]) ?? [];
    return ruleShapeFindings(rules.filter((rule) => obj(rule) !== undefined).map(foundRule), ref);
  },
});
