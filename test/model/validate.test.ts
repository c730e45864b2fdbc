/** Invalid topologies throw before any document is generated, naming the field and the fix. */

import assert from "node:assert/strict";
import { generateDocuments } from "../../components/documents";
import { Encryption, ReplicationTopology } from "../../components/model/topology";
import { defaultScenario } from "../support/scenarios";

type Mutation = (topology: ReplicationTopology) => void;

const cases: [string, Mutation, RegExp][] = [
  [
    "empty destination list",
    (t) => {
      t.destinations = [];
    },
    /destinations: the list is empty/,
  ],
  [
    "bucket name with capitals",
    (t) => {
      t.source.bucketName = "Orders";
    },
    /source\.bucketName: "Orders" may hold only lowercase/,
  ],
  [
    "bucket name too short",
    (t) => {
      t.destinations[0]!.bucketName = "ab";
    },
    /destinations\[0\]\.bucketName: "ab" must be 3 to 63/,
  ],
  [
    "bucket name like an IP",
    (t) => {
      t.destinations[0]!.bucketName = "192.168.1.1";
    },
    /IP address/,
  ],
  [
    "DSSE with Bucket Keys",
    (t) => {
      t.source.encryption = Encryption.DsseKms;
      t.source.bucketKeyEnabled = true;
    },
    /source\.bucketKeyEnabled: S3 Bucket Keys are not supported with DSSE-KMS/,
  ],
  [
    "SSE-KMS without a key",
    (t) => {
      delete t.destinations[0]!.keyArn;
    },
    /destinations\[0\]\.keyArn: encryption aws:kms needs a KMS key/,
  ],
  [
    "replica key in the wrong region",
    (t) => {
      t.destinations[0]!.keyArn = t.destinations[0]!.keyArn!.replace("eu-west-1", "us-west-2");
    },
    /destinations\[0\]\.keyArn: the key is in us-west-2 but the bucket is in eu-west-1/,
  ],
  [
    "replica key as an alias",
    (t) => {
      t.destinations[0]!.keyArn = "alias/replica";
    },
    /alias or bare key id/,
  ],
  [
    "AWS managed key across accounts",
    (t) => {
      t.destinations[0]!.keyArn = "arn:aws:kms:eu-west-1:222222222222:alias/aws/s3";
    },
    /AWS managed key \(aws\/s3\) cannot be used across accounts/,
  ],
  [
    "ownership override in one account",
    (t) => {
      t.destinations[0]!.account = t.source.account;
      t.destinations[0]!.keyArn = t.destinations[0]!.keyArn!.replace("222222222222", "111111111111");
    },
    /destinations\[0\]\.replicaOwnership: .*source's own account/,
  ],
  [
    "RTC without metrics",
    (t) => {
      t.destinations[0]!.replicationTime = true;
      t.destinations[0]!.metrics = false;
    },
    /destinations\[0\]\.metrics: Replication Time Control requires replication metrics/,
  ],
  [
    "delete markers with a tag filter",
    (t) => {
      t.destinations[0]!.deleteMarkerReplication = true;
      t.destinations[0]!.filter = { tags: { team: "a" } };
    },
    /delete marker replication is not supported for rules that filter on tags/,
  ],
  [
    "KMS source to an SSE-S3 destination",
    (t) => {
      t.destinations[0]!.encryption = Encryption.SseS3;
      delete t.destinations[0]!.keyArn;
      t.destinations[0]!.bucketKeyEnabled = false;
    },
    /would be skipped silently/,
  ],
  [
    "Object Lock source, destination without",
    (t) => {
      t.source.objectLockEnabled = true;
    },
    /destinations\[0\]\.objectLock: the source uses Object Lock/,
  ],
  [
    "duplicate destination names",
    (t) => {
      t.destinations.push({ ...t.destinations[0]!, bucketName: "other-bucket", ruleId: "x", priority: 9 });
    },
    /destinations\[1\]\.name: name "dr1" is already used by destinations\[0\]/,
  ],
  [
    "duplicate priorities",
    (t) => {
      t.destinations.push({ ...t.destinations[0]!, name: "dr9", bucketName: "other-bucket", ruleId: "x" });
    },
    /destinations\[1\]\.priority: priority 1 is already used/,
  ],
  [
    "bad account id",
    (t) => {
      t.destinations[0]!.account = "12345";
    },
    /destinations\[0\]\.account: "12345" is not a 12-digit account id/,
  ],
  [
    "bad region",
    (t) => {
      t.destinations[0]!.region = "europe";
    },
    /destinations\[0\]\.region: "europe" is not a region name/,
  ],
  [
    "destination is the source",
    (t) => {
      t.destinations[0]!.bucketName = t.source.bucketName;
    },
    /the destination is the source bucket itself/,
  ],
  [
    "AWS managed source key in two-way replication across accounts",
    (t) => {
      t.source.awsManagedKey = true;
      t.twoWay = true;
      t.destinations[0]!.ownershipOverride = false;
    },
    /source\.keyArn: two-way replication makes the source key the replica key of the reverse path/,
  ],
  [
    // The reverse rule replicates from the locked destination into the unlocked source: AWS fails it
    // with DstBucketObjectLockConfigMissing ("Amazon S3 replication failure reasons").
    "two-way replication with Object Lock on the destination only",
    (t) => {
      t.twoWay = true;
      t.destinations[0]!.ownershipOverride = false;
      t.source.objectLockEnabled = false;
      t.destinations[0]!.objectLockEnabled = true;
    },
    /source\.objectLock: two-way replication replicates destinations\[0\] back to the source; destinations\[0\] uses Object Lock and the source does not.*DstBucketObjectLockConfigMissing.*Fix: enable Object Lock on the source too/,
  ],
];

describe("model: invalid topologies are rejected with the field and the fix", () => {
  for (const [name, mutate, message] of cases) {
    it(name, () => {
      const topology = structuredClone(defaultScenario().topology);
      mutate(topology);
      assert.throws(
        () => generateDocuments(topology),
        (error: Error) => {
          assert.equal(error.name, "ReplicationConfigError");
          assert.match(error.message, message);
          assert.match(error.message, /Fix: /);
          return true;
        },
      );
    });
  }
  it("an AWS managed key on the source of a one-way cross-account path is valid (only a replica key must be customer managed)", () => {
    const topology = structuredClone(defaultScenario().topology);
    topology.source.awsManagedKey = true;
    assert.doesNotThrow(() => generateDocuments(topology));
  });
  it("two-way replication with Object Lock on both sides is valid", () => {
    const topology = structuredClone(defaultScenario().topology);
    topology.twoWay = true;
    topology.destinations[0]!.ownershipOverride = false;
    topology.source.objectLockEnabled = true;
    for (const destination of topology.destinations) destination.objectLockEnabled = true;
    assert.doesNotThrow(() => generateDocuments(topology));
  });
  it("the default scenario is valid", () => {
    assert.doesNotThrow(() => generateDocuments(defaultScenario().topology));
  });
});
