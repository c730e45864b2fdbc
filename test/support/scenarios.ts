/**
 * The scenario matrix of the proof: encryption x Bucket Keys x account x region x multi-Region
 * key x ownership override x number of destinations x two-way, every combination the model
 * accepts. Deterministic ids, so a failure names its scenario.
 */

import { Encryption, ReplicationTopology, DestinationTopology, BucketEndpoint } from "../../components/model/topology";

export const SOURCE_ACCOUNT = "111111111111";
export const DESTINATION_ACCOUNT = "222222222222";
export const SOURCE_REGION = "us-east-1";
export const DESTINATION_REGION = "eu-west-1";
export const SECOND_REGION = "ap-southeast-2";

const MRK = "mrk-1234567890abcdef1234567890abcdef";
const uuid = (n: number): string =>
  `${String(n).repeat(8).slice(0, 8)}-aaaa-4bbb-8ccc-${String(n).repeat(12).slice(0, 12)}`;

/** One named scenario. */
export interface Scenario {
  id: string;
  topology: ReplicationTopology;
}

/** The axes of one scenario. */
export interface ScenarioAxes {
  sourceEncryption: Encryption;
  destinationEncryption: Encryption;
  sourceBucketKey: boolean;
  destinationBucketKey: boolean;
  crossAccount: boolean;
  crossRegion: boolean;
  multiRegionKey: boolean;
  ownershipOverride: boolean;
  destinations: 1 | 2;
  twoWay: boolean;
  objectLock: boolean;
  deleteMarkers: boolean;
}

const keyArn = (region: string, account: string, id: string): string => `arn:aws:kms:${region}:${account}:key/${id}`;

function endpoint(
  account: string,
  region: string,
  bucketName: string,
  encryption: Encryption,
  bucketKey: boolean,
  key: string | undefined,
  objectLock: boolean,
): BucketEndpoint {
  return {
    account,
    region,
    partition: "aws",
    bucketName,
    encryption,
    objectLockEnabled: objectLock,
    bucketKeyEnabled: encryption === Encryption.DsseKms ? false : bucketKey,
    ...(encryption === Encryption.SseS3 || key === undefined ? {} : { keyArn: key }),
  };
}

/** Builds the topology of one scenario. */
export function scenarioTopology(axes: ScenarioAxes): ReplicationTopology {
  const destinationAccount = axes.crossAccount ? DESTINATION_ACCOUNT : SOURCE_ACCOUNT;
  const sourceKey = axes.multiRegionKey
    ? keyArn(SOURCE_REGION, SOURCE_ACCOUNT, MRK)
    : keyArn(SOURCE_REGION, SOURCE_ACCOUNT, uuid(1));
  const source = endpoint(
    SOURCE_ACCOUNT,
    SOURCE_REGION,
    "orders-source-bucket",
    axes.sourceEncryption,
    axes.sourceBucketKey,
    sourceKey,
    axes.objectLock,
  );
  const regions = axes.crossRegion ? [DESTINATION_REGION, SECOND_REGION] : [SOURCE_REGION, SOURCE_REGION];
  const destinations: DestinationTopology[] = [];
  for (let index = 0; index < axes.destinations; index++) {
    const region = regions[index] ?? SOURCE_REGION;
    const key = axes.multiRegionKey
      ? keyArn(region, SOURCE_ACCOUNT, MRK)
      : keyArn(region, destinationAccount, uuid(index + 2));
    destinations.push({
      ...endpoint(
        destinationAccount,
        region,
        `orders-replica-${index + 1}`,
        axes.destinationEncryption,
        axes.destinationBucketKey,
        key,
        axes.objectLock,
      ),
      name: `dr${index + 1}`,
      ruleId: `dr${index + 1}`,
      priority: index + 1,
      deleteMarkerReplication: axes.deleteMarkers,
      ownershipOverride: axes.ownershipOverride,
      replicationTime: index === 0,
      metrics: index === 0,
      replicaModifications: false,
      ...(index === 1 ? { filter: { prefix: "invoices/" }, storageClass: "STANDARD_IA" } : {}),
    });
  }
  return {
    source,
    role: { account: SOURCE_ACCOUNT, partition: "aws", name: "orders-replication" },
    destinations,
    twoWay: axes.twoWay,
  };
}

function scenarioId(axes: ScenarioAxes): string {
  const short = (encryption: Encryption): string =>
    ({ [Encryption.SseS3]: "s3", [Encryption.SseKms]: "kms", [Encryption.DsseKms]: "dsse" })[encryption];
  return [
    `${short(axes.sourceEncryption)}->${short(axes.destinationEncryption)}`,
    `bk:${axes.sourceBucketKey ? 1 : 0}${axes.destinationBucketKey ? 1 : 0}`,
    axes.crossAccount ? "xacct" : "sameacct",
    axes.crossRegion ? "xregion" : "sameregion",
    ...(axes.multiRegionKey ? ["mrk"] : []),
    ...(axes.ownershipOverride ? ["owner"] : []),
    `dest:${axes.destinations}`,
    ...(axes.twoWay ? ["twoway"] : []),
    ...(axes.objectLock ? ["lock"] : []),
    ...(axes.deleteMarkers ? ["dm"] : []),
  ].join(" ");
}

/** Every valid scenario of the matrix. */
export function scenarioMatrix(): Scenario[] {
  const pairs: [Encryption, Encryption][] = [
    [Encryption.SseS3, Encryption.SseS3],
    [Encryption.SseS3, Encryption.SseKms],
    [Encryption.SseS3, Encryption.DsseKms],
    [Encryption.SseKms, Encryption.SseKms],
    [Encryption.SseKms, Encryption.DsseKms],
    [Encryption.DsseKms, Encryption.DsseKms],
    [Encryption.DsseKms, Encryption.SseKms],
  ];
  const scenarios: Scenario[] = [];
  const bools = [false, true];
  for (const [sourceEncryption, destinationEncryption] of pairs) {
    for (const sourceBucketKey of bools)
      for (const destinationBucketKey of bools)
        for (const crossAccount of bools)
          for (const crossRegion of bools) {
            if (sourceBucketKey && sourceEncryption !== Encryption.SseKms) continue;
            if (destinationBucketKey && destinationEncryption !== Encryption.SseKms) continue;
            for (const multiRegionKey of bools)
              for (const ownershipOverride of bools)
                for (const destinations of [1, 2] as const) {
                  // Multi-Region keys: both sides KMS, cross-region, replicas in the key's (source) account.
                  if (
                    multiRegionKey &&
                    (crossAccount ||
                      !crossRegion ||
                      sourceEncryption === Encryption.SseS3 ||
                      destinationEncryption === Encryption.SseS3)
                  )
                    continue;
                  if (ownershipOverride && !crossAccount) continue;
                  const twoWay =
                    destinations === 1 &&
                    crossAccount &&
                    sourceEncryption === Encryption.SseKms &&
                    destinationEncryption === Encryption.SseKms &&
                    !ownershipOverride;
                  const objectLock = destinations === 2 && sourceEncryption === Encryption.SseKms && !crossRegion;
                  const deleteMarkers = destinations === 1;
                  const axes: ScenarioAxes = {
                    sourceEncryption,
                    destinationEncryption,
                    sourceBucketKey,
                    destinationBucketKey,
                    crossAccount,
                    crossRegion,
                    multiRegionKey,
                    ownershipOverride,
                    destinations,
                    twoWay,
                    objectLock,
                    deleteMarkers,
                  };
                  scenarios.push({ id: scenarioId(axes), topology: scenarioTopology(axes) });
                }
          }
  }
  return scenarios;
}

/** The default scenario: cross-account, cross-region, SSE-KMS on both sides, Bucket Keys on. */
export function defaultScenario(): Scenario {
  const axes: ScenarioAxes = {
    sourceEncryption: Encryption.SseKms,
    destinationEncryption: Encryption.SseKms,
    sourceBucketKey: true,
    destinationBucketKey: true,
    crossAccount: true,
    crossRegion: true,
    multiRegionKey: false,
    ownershipOverride: true,
    destinations: 1,
    twoWay: false,
    objectLock: false,
    deleteMarkers: false,
  };
  return { id: scenarioId(axes), topology: scenarioTopology(axes) };
}
