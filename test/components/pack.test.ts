/** Cross-check: the policy pack (same core model, other engineers' code) finds nothing wrong in what the components emit. */

import * as assert from "node:assert";
import * as aws from "@pulumi/aws";
import { runPolicies } from "../../policypack/testing";
import { Encryption, S3Replication, S3ReplicationArgs, StorageClass } from "../../components";
import { DEST_ROLE } from "./support";
import { judged } from "../policypack/pending";

const scenarios: Record<string, S3ReplicationArgs> = {
  "cross-account SSE-KMS with RTC": {
    source: {},
    destinations: [
      {
        name: "dr",
        region: "eu-west-1",
        assumeRoleArn: DEST_ROLE,
        replicationTime: true,
        replicateDeleteMarkers: true,
      },
    ],
  },
  "two-way": {
    source: {},
    twoWay: true,
    destinations: [{ name: "peer", region: "eu-west-1", assumeRoleArn: DEST_ROLE }],
  },
  "SSE-S3 same account": {
    source: { encryption: Encryption.SseS3 },
    destinations: [{ name: "c", region: "us-east-1", encryption: Encryption.SseS3 }],
  },
  "multi-Region key": {
    source: { multiRegionKey: true },
    destinations: [{ name: "w", region: "us-west-2", multiRegionReplica: true }],
  },
  "DSSE-KMS with Object Lock": {
    source: { encryption: Encryption.DsseKms, objectLock: true },
    destinations: [{ name: "d", region: "eu-west-1", encryption: Encryption.DsseKms, assumeRoleArn: DEST_ROLE }],
  },
  "existing buckets and keys": {
    source: {
      existingBucketName: "legacy-a",
      existingKeyArn: "arn:aws:kms:us-east-1:111111111111:key/11111111-2222-4333-8444-555555555555",
    },
    destinations: [
      {
        name: "dr",
        region: "eu-west-1",
        assumeRoleArn: DEST_ROLE,
        existingBucketName: "legacy-b",
        existingKeyArn: "arn:aws:kms:eu-west-1:222222222222:key/66666666-7777-4888-8999-000000000000",
      },
    ],
  },
  "several destinations": {
    source: { noncurrentVersionExpirationDays: 30 },
    alarmTopic: true,
    batchReplication: true,
    destinations: [
      { name: "dr", region: "eu-west-1", assumeRoleArn: DEST_ROLE, replicationTime: true },
      {
        name: "tagged",
        region: "us-west-2",
        filterTags: { a: "b" },
        storageClass: StorageClass.Glacier,
        metrics: true,
      },
    ],
  },
};

describe("the policy pack on component output", () => {
  for (const [name, args] of Object.entries(scenarios)) {
    for (const preview of [false, true]) {
      it(`${name} (${preview ? "preview" : "update"}): no violations`, async () => {
        const r = await runPolicies(
          () => {
            const source = new aws.Provider("source", { region: "us-east-1" });
            new S3Replication("orders", args, { provider: source });
          },
          { preview },
        );
        // Preview may add only the advisories naming what it cannot know yet (judged at up).
        assert.deepStrictEqual(
          judged(r.violations).map((v) => `${v.policyName}: ${v.message}`),
          [],
        );
      });
    }
  }
});
