/**
 * KMS request cost and quota share of a replication path. Pure arithmetic over AWS's rules
 * ("Replicating encrypted objects (SSE-S3, SSE-KMS, DSSE-KMS, SSE-C)",
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-config-for-kms-objects.html;
 * "Request quotas", https://docs.aws.amazon.com/kms/latest/developerguide/requests-per-second.html):
 * each replicated SSE-KMS/DSSE-KMS object costs about one KMS request in the source region
 * (decrypt) and one in the destination region (encrypt); in the source region the application's
 * own SSE-KMS writes come on top, so "the AWS KMS request rate doubles in the source Region"
 * (AWS advises a quota increase once the PUT rate passes half the quota); only KMS-encrypted
 * objects cost KMS requests (SSE-S3 objects keep SSE-S3 in a KMS-default destination); an S3
 * Bucket Key cuts KMS requests by UP TO 99% (not with DSSE-KMS), and replicas keep the SOURCE
 * object's Bucket Key (see `replicaForms`); the requests count against the symmetric key
 * request quota of the role's (source) account, per region.
 */

/** Default symmetric-key request quota (requests per second, per account and region). */
export const DEFAULT_KMS_REQUEST_QUOTA = 10_000;

/** Regions with a higher symmetric-key request quota (check the KMS quotas page for the current table). */
export const KMS_REQUEST_QUOTAS: Readonly<Record<string, number>> = {
  "us-east-2": 20_000,
  "ap-southeast-1": 20_000,
  "ap-southeast-2": 20_000,
  "ap-northeast-1": 20_000,
  "eu-central-1": 20_000,
  "eu-west-2": 20_000,
  "us-east-1": 100_000,
  "us-west-2": 100_000,
  "eu-west-1": 100_000,
};

/** The most a Bucket Key cuts KMS requests by ("up to 99%"). */
export const BUCKET_KEY_MAX_REDUCTION = 0.99;

/** KMS requests per replicated object on one side without a Bucket Key. */
export const KMS_REQUESTS_PER_OBJECT = 1;

/** The symmetric-key request quota of a region. */
export function kmsRequestQuota(region: string): number {
  return KMS_REQUEST_QUOTAS[region] ?? DEFAULT_KMS_REQUEST_QUOTA;
}

/** One side of a path as far as KMS is concerned. */
export interface KmsSideInput {
  /** Region of the bucket (and so of the KMS calls). */
  region: string;
  /** True when objects on this side are encrypted with a KMS key (SSE-KMS or DSSE-KMS). */
  usesKms: boolean;
  /** True for DSSE-KMS (Bucket Keys are not supported). */
  dsse?: boolean;
  /** Bucket Key enabled on this side. */
  bucketKeyEnabled: boolean;
}

/** KMS cost of one side. */
export interface KmsSideCost {
  region: string;
  usesKms: boolean;
  bucketKeyEnabled: boolean;
  /** Requests per million replicated objects without a Bucket Key. */
  requestsPerMillionWithoutBucketKey: number;
  /** Requests per million replicated objects with a Bucket Key, at best (up to 99% fewer). */
  requestsPerMillionWithBucketKeyAtBest: number;
  /** The region's symmetric-key request quota (requests/s) of the role's account. */
  quotaPerSecond: number;
}

/** A region's load at a given object rate. */
export interface KmsRegionLoad {
  region: string;
  quotaPerSecond: number;
  /** Requests/s at the rate with the path's current Bucket Key settings, worst case (Bucket Keys may save nothing). */
  requestsPerSecondWorstCase: number;
  /** Requests/s at the rate with the current settings, best case (Bucket Keys save 99%). */
  requestsPerSecondBestCase: number;
  /** Share of the quota, worst case (1 = all of it). */
  quotaShareWorstCase: number;
  /** Share of the quota, best case. */
  quotaShareBestCase: number;
  /** `yes`: over the quota even at best; `possible`: over it in the worst case only; `no`. */
  throttles: "yes" | "possible" | "no";
}

/** KMS cost of a path. */
export interface PathKmsCost {
  source: KmsSideCost;
  destination: KmsSideCost;
  /** Given object rate (objects/s), when one was given. */
  objectsPerSecond?: number;
  /** Per region (one entry for same-region replication, whose two sides share a quota). */
  load?: KmsRegionLoad[];
}

function side(s: KmsSideInput): KmsSideCost {
  const per = s.usesKms ? KMS_REQUESTS_PER_OBJECT * 1_000_000 : 0;
  const canUseBucketKey = s.usesKms && s.dsse !== true;
  return {
    region: s.region,
    usesKms: s.usesKms,
    bucketKeyEnabled: s.bucketKeyEnabled && canUseBucketKey,
    requestsPerMillionWithoutBucketKey: per,
    requestsPerMillionWithBucketKeyAtBest: canUseBucketKey ? Math.round(per * (1 - BUCKET_KEY_MAX_REDUCTION)) : per,
    quotaPerSecond: kmsRequestQuota(s.region),
  };
}

function perObject(s: KmsSideCost, best: boolean): number {
  if (!s.usesKms) {
    return 0;
  }
  return s.bucketKeyEnabled && best
    ? KMS_REQUESTS_PER_OBJECT * (1 - BUCKET_KEY_MAX_REDUCTION)
    : KMS_REQUESTS_PER_OBJECT;
}

/** KMS requests in the source region per object written: the application's own SSE-KMS write plus replication's decrypt. */
export const SOURCE_REGION_REQUESTS_PER_OBJECT = 2;

/**
 * The destination side as replication really uses it: KMS only when KMS-encrypted source objects
 * arrive (SSE-S3 objects stay SSE-S3), and a Bucket Key whenever the source object has one or
 * the destination's default adds one (DSSE-KMS objects never have one).
 */
function effectiveDestination(source: KmsSideInput, destination: KmsSideInput): KmsSideInput {
  const sourceBucketKey = source.usesKms && source.dsse !== true && source.bucketKeyEnabled;
  const destinationBucketKey = destination.dsse !== true && destination.bucketKeyEnabled && source.dsse !== true;
  return {
    ...destination,
    usesKms: destination.usesKms && source.usesKms,
    bucketKeyEnabled: sourceBucketKey || destinationBucketKey,
    dsse: destination.dsse === true && !sourceBucketKey,
  };
}

/** KMS requests of a path, and (given an object rate) the share of each region's quota. */
export function pathKmsCost(source: KmsSideInput, destination: KmsSideInput, objectsPerSecond?: number): PathKmsCost {
  const cost: PathKmsCost = { source: side(source), destination: side(effectiveDestination(source, destination)) };
  if (objectsPerSecond === undefined) {
    return cost;
  }
  cost.objectsPerSecond = objectsPerSecond;
  const regions = new Map<string, { worst: number; best: number }>();
  for (const [s, factor] of [
    [cost.source, SOURCE_REGION_REQUESTS_PER_OBJECT],
    [cost.destination, 1],
  ] as const) {
    const r = regions.get(s.region) ?? { worst: 0, best: 0 };
    r.worst += objectsPerSecond * factor * perObject(s, false);
    r.best += objectsPerSecond * factor * perObject(s, true);
    regions.set(s.region, r);
  }
  cost.load = [...regions].map(([region, r]) => regionLoad(region, r.worst, r.best));
  return cost;
}

/** A Region's load from its requests per second (worst and best case) against its quota. */
function regionLoad(region: string, worstRate: number, bestRate: number): KmsRegionLoad {
  const quota = kmsRequestQuota(region);
  const worst = round(worstRate);
  const best = round(bestRate);
  return {
    region,
    quotaPerSecond: quota,
    requestsPerSecondWorstCase: worst,
    requestsPerSecondBestCase: best,
    quotaShareWorstCase: round(worst / quota),
    quotaShareBestCase: round(best / quota),
    throttles: best > quota ? "yes" : worst > quota ? "possible" : "no",
  };
}

function round(n: number): number {
  return Math.round(n * 10_000) / 10_000;
}

/** One replication path's share of the KMS load, for the per-(account, Region) sum. */
export interface KmsPathLoadInput {
  /** Path id, e.g. `source -> destination` (listed among the contributors). */
  id: string;
  /** The calling account: the replication role's (the source bucket owner's) account. */
  account: string;
  /** Source bucket name (its application writes are counted once, however many rules read it). */
  sourceBucket: string;
  /** The source side. */
  source: KmsSideInput;
  /** The destination side. */
  destination: KmsSideInput;
  /** Objects per second this path replicates. */
  objectsPerSecond: number;
}

/** The KMS load of one (calling account, Region): the sum of every path drawing on its quota. */
export interface AccountRegionKmsLoad extends KmsRegionLoad {
  /** The calling account (`unknown` when the stack does not say). */
  account: string;
  /** The paths that contribute requests here, sorted. */
  paths: string[];
}

/**
 * The KMS load per (calling account, Region), summed over every path. AWS: the request quotas are
 * per account and Region, shared by every KMS key and every caller of that account in that Region
 * ("Request quotas", https://docs.aws.amazon.com/kms/latest/developerguide/requests-per-second.html:
 * "the quota applies to all requests ... in the account and Region"), and replication's requests
 * are charged to the role's (source) account in both Regions. Three destinations in one Region
 * therefore add up: each reads "40%" alone, the account runs at 120%. The application's own
 * SSE-KMS writes to a source bucket are counted once per bucket (at the highest rate any of its
 * paths replicates), charged to the same account: the writer is usually the bucket owner.
 */
export function accountRegionKmsLoad(paths: readonly KmsPathLoadInput[]): AccountRegionKmsLoad[] {
  const places = new Map<
    string,
    { account: string; region: string; worst: number; best: number; paths: Set<string> }
  >();
  const add = (account: string, region: string, rate: number, s: KmsSideCost, path: string): void => {
    const worst = rate * perObject(s, false);
    const best = rate * perObject(s, true);
    if (worst === 0) return;
    const key = `${account}|${region}`;
    const place = places.get(key) ?? { account, region, worst: 0, best: 0, paths: new Set<string>() };
    place.worst += worst;
    place.best += best;
    place.paths.add(path);
    places.set(key, place);
  };
  const writes = new Map<string, { p: KmsPathLoadInput; rate: number }>();
  for (const p of paths) {
    const cost = pathKmsCost(p.source, p.destination);
    add(p.account, p.source.region, p.objectsPerSecond, cost.source, p.id);
    add(p.account, p.destination.region, p.objectsPerSecond, cost.destination, p.id);
    const key = `${p.account}|${p.sourceBucket}`;
    const seen = writes.get(key);
    if (seen === undefined || seen.rate < p.objectsPerSecond) writes.set(key, { p, rate: p.objectsPerSecond });
  }
  for (const { p, rate } of writes.values()) add(p.account, p.source.region, rate, side(p.source), p.id);
  return [...places.values()]
    .map((place): AccountRegionKmsLoad => ({
      account: place.account,
      ...regionLoad(place.region, place.worst, place.best),
      paths: [...place.paths].sort(),
    }))
    .sort((a, b) =>
      a.account + a.region < b.account + b.region ? -1 : a.account + a.region > b.account + b.region ? 1 : 0,
    );
}
