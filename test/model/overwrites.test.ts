/**
 * Two writers of one bucket policy, key policy or replication configuration (S3R041): breaking
 * only where a replication path uses the target; elsewhere a security finding (issue 21 item 4).
 */

import assert from "node:assert/strict";
import { FindingClass, FindingCode } from "../../components/model/findings";
import { FoundReplication } from "../../components/model/found";
import { SingleConfiguration, overwriteFindings, replicationTargets } from "../../components/model/overwrites";

const found: FoundReplication = {
  ref: "s3.BucketReplicationConfig replication",
  source: { ref: "s3.Bucket source", name: "source" },
  destinations: { "arn:aws:s3:::destination": { ref: "s3.Bucket destination", name: "destination" } },
  rules: [
    {
      status: "Enabled",
      destinationBucket: "arn:aws:s3:::destination",
      replicaKmsKeyId: "arn:aws:kms:us-east-1:111111111111:key/k1",
    },
  ],
  keys: {
    "arn:aws:kms:us-east-1:111111111111:key/k1": {
      ref: "kms.Key replica",
      arn: "arn:aws:kms:us-east-1:111111111111:key/k1",
      grants: [],
    },
  },
} as unknown as FoundReplication;

const twoWriters = (kind: SingleConfiguration, target: string) => ({ kind, target, writers: ["a", "b"] });

describe("S3R041: two writers of one configuration", () => {
  const targets = replicationTargets([found]);
  it("reads the source, the destination and the replica key as replication targets", () => {
    assert.deepEqual([...targets].sort(), ["kms.Key replica", "s3.Bucket destination", "s3.Bucket source"]);
  });
  it("breaks replication on a destination's bucket policy and on a replica key's key policy", () => {
    const findings = overwriteFindings(
      [
        twoWriters(SingleConfiguration.BucketPolicy, "s3.Bucket destination"),
        twoWriters(SingleConfiguration.KeyPolicy, "kms.Key replica"),
      ],
      targets,
    );
    assert.deepEqual(
      findings.map((item) => item.kind),
      [FindingClass.BreaksReplication, FindingClass.BreaksReplication],
    );
  });
  it("is a security finding on a bucket and a key no replication path touches", () => {
    const findings = overwriteFindings(
      [
        twoWriters(SingleConfiguration.BucketPolicy, "s3.Bucket logs"),
        twoWriters(SingleConfiguration.KeyPolicy, "kms.Key other"),
      ],
      targets,
    );
    assert.deepEqual(
      findings.map((item) => [item.code, item.kind]),
      [
        [FindingCode.ConfigurationOverwritten, FindingClass.Security],
        [FindingCode.ConfigurationOverwritten, FindingClass.Security],
      ],
    );
    assert.match(findings[0]?.message ?? "", /no replication path uses it/);
  });
  it("two replication configurations always break replication", () => {
    const [item] = overwriteFindings([twoWriters(SingleConfiguration.Replication, "s3.Bucket elsewhere")], targets);
    assert.equal(item?.kind, FindingClass.BreaksReplication);
  });
});
