/**
 * Two writers of one bucket policy, key policy or replication configuration (S3R041): breaking
 * only where a replication path uses the target; elsewhere a security finding (issue 21 item 4).
 */

import assert from "node:assert/strict";
import { FindingClass, FindingCode } from "../../components/model/findings";
import { FoundReplication } from "../../components/model/found";
import {
  InlineCopy,
  InlineCopyReading,
  SingleConfiguration,
  canonicalJson,
  overwriteFindings,
  possibleOverwriteFindings,
  readInlineCopy,
  replicationTargets,
  withInlineCopies,
} from "../../components/model/overwrites";

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

describe("S3R041/S3R080: a resource's inline copy next to the separate writer (issue 21 item 4)", () => {
  const admin = canonicalJson('{"Version":"2012-10-17","Statement":[{"Sid":"Admin","Effect":"Allow"}]}');
  const awsDefault = canonicalJson({ Version: "2012-10-17", Id: "key-default-1", Statement: [] });
  const copy = (fields: Partial<InlineCopy>): InlineCopy => ({
    kind: SingleConfiguration.KeyPolicy,
    target: 'kms.Key "k"',
    writer: 'kms.Key "k"',
    awsDefaults: [awsDefault],
    ...fields,
  });
  it("compares documents as JSON, whatever the key order or spacing", () => {
    assert.equal(canonicalJson('{ "b": 1, "a": [ {"d": 2, "c": 3} ] }'), canonicalJson({ a: [{ c: 3, d: 2 }], b: 1 }));
  });
  it("a copy the program sets is a writer whatever it holds; one it does not set never is", () => {
    assert.equal(readInlineCopy(copy({ set: true, copy: admin }), [admin]), InlineCopyReading.Writer);
    assert.equal(readInlineCopy(copy({ set: true }), [admin]), InlineCopyReading.Writer);
    assert.equal(readInlineCopy(copy({ set: false, copy: "other" }), [admin]), InlineCopyReading.Mirror);
  });
  it("of unknown origin: KMS's default or the separate writer's document is a mirror, another is ambiguous", () => {
    assert.equal(readInlineCopy(copy({ copy: awsDefault }), [admin]), InlineCopyReading.Mirror);
    assert.equal(readInlineCopy(copy({ copy: admin }), [admin]), InlineCopyReading.Mirror);
    assert.equal(readInlineCopy(copy({ copy: "other" }), [admin]), InlineCopyReading.Ambiguous);
    // The separate document unknown in preview may equal it: judged at up.
    assert.equal(readInlineCopy(copy({ copy: "other" }), [undefined]), InlineCopyReading.Mirror);
  });
  it("adds a writer to its group (breaking on a replication path) and an ambiguous copy as advice only", () => {
    const group = { kind: SingleConfiguration.KeyPolicy, target: "kms.Key replica", writers: ['kms.KeyPolicy "p"'] };
    const separate = new Map([[`${group.kind}|${group.target}`, [admin]]]);
    const [written] = withInlineCopies(
      [group],
      [copy({ target: group.target, set: true, writer: "kms.Key replica" })],
      separate,
    );
    assert.deepEqual(written?.writers, ["kms.Key replica", 'kms.KeyPolicy "p"']);
    assert.equal(overwriteFindings([written!], targets())[0]?.kind, FindingClass.BreaksReplication);
    const [ambiguous] = withInlineCopies(
      [group],
      [copy({ target: group.target, copy: "other", writer: "kms.Key replica" })],
      separate,
    );
    assert.deepEqual(overwriteFindings([ambiguous!], targets()), []);
    const advice = possibleOverwriteFindings([ambiguous!]);
    assert.deepEqual(
      advice.map((item) => [item.code, item.kind]),
      [[FindingCode.InlineCopyAmbiguous, FindingClass.Advice]],
    );
    assert.match(advice[0]?.message ?? "", /either the program sets it inline too .* or the state holds an older copy/);
  });
  it("a lone inline copy (no separate writer) is no group at all", () => {
    assert.deepEqual(withInlineCopies([], [copy({ set: true })], new Map()), []);
  });
});

function targets(): Set<string> {
  return replicationTargets([found]);
}
