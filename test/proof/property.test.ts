/**
 * Property: for random topologies (any encryption on each side, Bucket Keys on either side,
 * accounts, regions, destinations, two-way, Object Lock, delete markers, RTC, ownership override)
 * either the core refuses the topology with its validation error (each issue naming a field path
 * and a fix), or the generated documents leave the core's analysis nothing to report, and under
 * the independent IAM evaluator they allow every request replication needs and deny every
 * forbidden one. No other exception.
 */

import assert from "node:assert/strict";
import fc from "fast-check";
import { decidingDocuments, foundReplications, generateDocuments } from "../../components/documents";
import { analyzeReplication, isBatchPlaintextAdvice } from "../../components/model/analysis";
import { forbiddenRequests, replicationRequests } from "../../components/model/requests";
import {
  BucketEndpoint,
  DestinationTopology,
  Encryption,
  ReplicationTopology,
  replicationPaths,
} from "../../components/model/topology";
import { ReplicationConfigError } from "../../components/model/validate";
import type { TopologyDocuments } from "../../components/documents";
import { propertyParameters } from "../support/property";
import { simulateRequest } from "../support/simulate";

const ACCOUNTS = ["111111111111", "222222222222", "333333333333"];
const REGIONS = ["us-east-1", "eu-west-1", "ap-southeast-2"];

const side = fc.record({
  account: fc.constantFrom(...ACCOUNTS),
  region: fc.constantFrom(...REGIONS),
  encryption: fc.constantFrom(Encryption.SseS3, Encryption.SseKms, Encryption.DsseKms),
  bucketKey: fc.boolean(),
});

type Side = { account: string; region: string; encryption: Encryption; bucketKey: boolean };

function endpoint(s: Side, bucketName: string, keyId: number, objectLock: boolean): BucketEndpoint {
  return {
    account: s.account,
    region: s.region,
    partition: "aws",
    bucketName,
    encryption: s.encryption,
    objectLockEnabled: objectLock,
    bucketKeyEnabled: s.encryption === Encryption.DsseKms ? false : s.bucketKey,
    ...(s.encryption === Encryption.SseS3
      ? {}
      : {
          keyArn: `arn:aws:kms:${s.region}:${s.account}:key/00000000-0000-4000-8000-${String(keyId).padStart(12, "0")}`,
        }),
  };
}

/** A topology: valid or not (a KMS source with an SSE-S3 destination, say): the core decides. */
const topology: fc.Arbitrary<ReplicationTopology> = fc
  .record({
    source: side,
    destinations: fc.array(
      fc.record({
        side,
        ownership: fc.boolean(),
        rtc: fc.boolean(),
        metrics: fc.boolean(),
        deleteMarkers: fc.boolean(),
      }),
      { minLength: 1, maxLength: 3 },
    ),
    twoWay: fc.boolean(),
    objectLock: fc.boolean(),
  })
  .map(({ source, destinations, twoWay, objectLock }) => {
    const two = twoWay && destinations.length === 1;
    return {
      source: endpoint(source, "src-bucket", 1, objectLock),
      role: { account: source.account, partition: "aws", name: "replication" },
      destinations: destinations.map((d, index): DestinationTopology => ({
        ...endpoint(d.side, `dst-bucket-${index}`, index + 2, objectLock),
        name: `d${index}`,
        ruleId: `d${index}`,
        priority: index + 1,
        deleteMarkerReplication: d.deleteMarkers && !objectLock,
        ownershipOverride: d.ownership && d.side.account !== source.account && !two,
        replicationTime: d.rtc,
        metrics: d.rtc || d.metrics,
        replicaModifications: two,
      })),
      twoWay: two,
    };
  });

const tally = { valid: 0, refused: 0 };

/** The documents, or undefined when the core refuses the topology with field-named issues. */
function documentsOrRefusal(t: ReplicationTopology): TopologyDocuments | undefined {
  try {
    const documents = generateDocuments(t);
    tally.valid++;
    return documents;
  } catch (error) {
    if (!(error instanceof ReplicationConfigError)) throw error;
    assert.ok(error.issues.length > 0);
    for (const issue of error.issues)
      assert.match(issue.field, /^(source|destinations\[\d+\]|role|twoWay)(\.\w+)*$/, error.message);
    tally.refused++;
    return undefined;
  }
}

describe("property: generated documents for random topologies", function () {
  this.timeout(180_000);
  after(() => console.log(`      property topologies: ${tally.valid} valid, ${tally.refused} refused by validation`));

  it("leave the analysis nothing to report (500 topologies)", () => {
    fc.assert(
      fc.property(topology, (t) => {
        const documents = documentsOrRefusal(t);
        if (documents === undefined) return;
        const findings = foundReplications(t, documents).flatMap((found) =>
          analyzeReplication(found)
            .filter((f) => !isBatchPlaintextAdvice(f))
            .map((f) => `${f.code} ${f.subject}: ${f.message}`),
        );
        assert.deepEqual(findings, []);
      }),
      propertyParameters(500),
    );
    assert.ok(
      tally.valid >= 100,
      `only ${tally.valid} of 500 topologies were valid: the generator hardly tests the documents`,
    );
  });

  it("allow every needed request and deny every forbidden one under the independent evaluator (40 topologies)", async () => {
    await fc.assert(
      fc.asyncProperty(topology, async (t) => {
        const documents = documentsOrRefusal(t);
        if (documents === undefined) return;
        const failures: string[] = [];
        for (const path of replicationPaths(t)) {
          for (const [requests, allowed] of [
            [replicationRequests(path), true],
            [forbiddenRequests(path), false],
          ] as const) {
            for (const request of requests) {
              const outcome = await simulateRequest(request, decidingDocuments(documents, request));
              if (outcome.allowed !== allowed)
                failures.push(`${request.id}: expected ${allowed ? "Allowed" : "Denied"}, got ${outcome.result}`);
            }
          }
        }
        assert.deepEqual(failures, []);
      }),
      propertyParameters(40),
    );
  });
});
