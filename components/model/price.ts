/**
 * Replication's running cost in money: a monthly estimate for a given object rate and object size,
 * from a dated price table. Pure arithmetic, no network call: prices change, so the table names
 * the day it was written and the AWS pricing pages it was read from; check them before budgeting.
 *
 * The pages (the judge, not this file):
 * - AWS Key Management Service pricing, https://aws.amazon.com/kms/pricing/: $1 per KMS key per
 *   month (each multi-Region primary and replica key counts); with automatic rotation "each newly
 *   generated backing key costs an additional $1/month" (AWS capped this in 2024: only the first
 *   and second rotations are billed, so a rotating key costs at most $3 per month); symmetric
 *   requests $0.03 per 10,000 after a free tier of 20,000 requests per month.
 * - Amazon S3 pricing, https://aws.amazon.com/s3/pricing/ (Replication tab): S3 Replication
 *   metrics "are billed at the same rate as Amazon CloudWatch custom metrics"; S3 Replication Time
 *   Control data transfer $0.015 per GB; Cross-Region Replication pays inter-Region data transfer
 *   OUT of the source Region, $0.02 per GB between most Regions (Data Transfer tab).
 * - Amazon CloudWatch pricing, https://aws.amazon.com/cloudwatch/pricing/: custom metrics $0.30 per
 *   metric per month (first 10,000 metrics).
 * - "Using S3 Replication metrics", https://docs.aws.amazon.com/AmazonS3/latest/userguide/repl-metrics.html:
 *   four metrics per rule (ReplicationLatency, BytesPendingReplication, OperationsPendingReplication,
 *   OperationsFailedReplication).
 */

import { AccountRegionKmsLoad } from "./cost";

/** The prices the estimate uses (US East (N. Virginia); other Regions differ by a few percent). */
export interface PriceTable {
  /** The day the table was written from the pricing pages (YYYY-MM-DD). */
  asOf: string;
  /** The Region the prices are for. */
  region: string;
  /** The AWS pricing pages the prices come from. */
  pages: readonly string[];
  /** USD per KMS key per month. */
  kmsKeyMonth: number;
  /** USD per month per billed backing key that automatic rotation adds. */
  kmsRotationKeyMonth: number;
  /** Rotations that add a billed backing key (later ones are free). */
  kmsBilledRotations: number;
  /** USD per 10,000 symmetric KMS requests. */
  kmsPer10kRequests: number;
  /** Free KMS requests per month (per account, all Regions). */
  kmsFreeRequestsPerMonth: number;
  /** USD per CloudWatch custom metric per month (replication metrics are billed as such). */
  customMetricMonth: number;
  /** Replication metrics S3 publishes per rule. */
  replicationMetricsPerRule: number;
  /** USD per GB replicated with S3 RTC. */
  rtcPerGb: number;
  /** USD per GB replicated to another Region (inter-Region data transfer out). */
  interRegionPerGb: number;
}

/** The price table, dated; update it (and its date) from the pages it names. */
export const PRICE_TABLE: PriceTable = {
  asOf: "2026-12-07",
  region: "us-east-1",
  pages: [
    "https://aws.amazon.com/kms/pricing/",
    "https://aws.amazon.com/s3/pricing/",
    "https://aws.amazon.com/cloudwatch/pricing/",
  ],
  kmsKeyMonth: 1,
  kmsRotationKeyMonth: 1,
  kmsBilledRotations: 2,
  kmsPer10kRequests: 0.03,
  kmsFreeRequestsPerMonth: 20_000,
  customMetricMonth: 0.3,
  replicationMetricsPerRule: 4,
  rtcPerGb: 0.015,
  interRegionPerGb: 0.02,
};

/** Seconds in the month the estimate prices (730 hours, as AWS's pricing examples use). */
export const SECONDS_PER_MONTH = 730 * 3600;

/** One rule, as far as its running cost goes. */
export interface PricedRule {
  /** Objects per second the rule replicates. */
  objectsPerSecond: number;
  /** Replication metrics on. */
  metrics: boolean;
  /** S3 RTC on. */
  replicationTime: boolean;
  /** Source and destination in different Regions. */
  crossRegion: boolean;
}

/** What the estimate covers. */
export interface CostInput {
  /** The rules. */
  rules: readonly PricedRule[];
  /** Average object size, bytes. */
  objectSizeBytes: number;
  /** The KMS load per (account, Region) (requests/s; the worst case is priced). */
  kmsLoad: readonly AccountRegionKmsLoad[];
  /** Customer managed KMS keys the replication uses (each multi-Region replica counts). */
  keys: number;
  /** How many of them rotate automatically. */
  rotatingKeys: number;
}

/** One line of the estimate. */
export interface CostLine {
  /** What is priced. */
  item: string;
  /** The quantity per month, in `unit`. */
  quantity: number;
  /** Its unit. */
  unit: string;
  /** USD per month. */
  usdPerMonth: number;
}

/** A monthly estimate. */
export interface CostEstimate {
  /** The table's date and Region. */
  pricesAsOf: string;
  /** The table's Region. */
  pricesRegion: string;
  /** The pricing pages. */
  pricingPages: readonly string[];
  /** The lines, in a fixed order. */
  lines: CostLine[];
  /** Their sum, USD per month. */
  totalUsdPerMonth: number;
}

const cents = (n: number): number => Math.round(n * 100) / 100;

/** The monthly estimate of KMS requests, key-months, replication metrics, RTC and inter-Region transfer. */
export function monthlyCost(input: CostInput, prices: PriceTable = PRICE_TABLE): CostEstimate {
  const gb = (rate: number): number => (rate * SECONDS_PER_MONTH * input.objectSizeBytes) / 1024 ** 3;
  const requests = input.kmsLoad.reduce((sum, l) => sum + l.requestsPerSecondWorstCase * SECONDS_PER_MONTH, 0);
  const accounts = new Set(input.kmsLoad.map((l) => l.account)).size;
  const billedRequests = Math.max(0, requests - accounts * prices.kmsFreeRequestsPerMonth);
  const keyMonths = input.keys + input.rotatingKeys * prices.kmsBilledRotations;
  const metrics = input.rules.filter((r) => r.metrics || r.replicationTime).length * prices.replicationMetricsPerRule;
  const rtcGb = input.rules.filter((r) => r.replicationTime).reduce((sum, r) => sum + gb(r.objectsPerSecond), 0);
  const crossGb = input.rules.filter((r) => r.crossRegion).reduce((sum, r) => sum + gb(r.objectsPerSecond), 0);
  const lines: CostLine[] = [
    {
      item: "KMS requests (worst case, no Bucket Key savings; free tier deducted per account)",
      quantity: Math.round(requests),
      unit: "requests",
      usdPerMonth: cents((billedRequests / 10_000) * prices.kmsPer10kRequests),
    },
    {
      item: `KMS key-months (${input.keys} keys, ${input.rotatingKeys} rotating: up to ${prices.kmsBilledRotations} billed backing keys each)`,
      quantity: keyMonths,
      unit: "key-months",
      usdPerMonth: cents(
        input.keys * prices.kmsKeyMonth + input.rotatingKeys * prices.kmsBilledRotations * prices.kmsRotationKeyMonth,
      ),
    },
    {
      item: "replication metrics (billed as CloudWatch custom metrics)",
      quantity: metrics,
      unit: "metrics",
      usdPerMonth: cents(metrics * prices.customMetricMonth),
    },
    { item: "S3 RTC data", quantity: Math.round(rtcGb), unit: "GB", usdPerMonth: cents(rtcGb * prices.rtcPerGb) },
    {
      item: "inter-Region data transfer",
      quantity: Math.round(crossGb),
      unit: "GB",
      usdPerMonth: cents(crossGb * prices.interRegionPerGb),
    },
  ];
  return {
    pricesAsOf: prices.asOf,
    pricesRegion: prices.region,
    pricingPages: prices.pages,
    lines,
    totalUsdPerMonth: cents(lines.reduce((sum, l) => sum + l.usdPerMonth, 0)),
  };
}
