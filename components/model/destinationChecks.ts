/**
 * Per-rule destination checks: ownership override, the pack's allowed destination accounts and
 * regions, Replication Time Control when required, and Object Lock on both ends.
 */

import { Finding, FindingCode, finding } from "./findings";
import { FoundBucket, FoundReplication, FoundRule } from "./found";
import type { SecurityOptions } from "./securityScope";

/** Choices the cross-resource checks take (the policy pack's configuration). */
export interface ReplicationCheckOptions extends SecurityOptions {
  /** Accounts destinations may be in. @default any */
  allowedDestinationAccounts?: string[];
  /** Regions destinations may be in. @default any */
  allowedDestinationRegions?: string[];
  /** Require Replication Time Control on every rule. @default false */
  requireReplicationTime?: boolean;
  /**
   * Also return the permission findings that wait on a resource policy whose text is not known
   * yet (preview): the role's own policies do not allow the request, and the unknown policy may or
   * may not. Each carries `waitsFor` (the unknown document) and is not a verdict. @default false
   */
  undecided?: boolean;
}

/** An ownership override is for another account's destination. */
export function ruleOwnershipFindings(
  found: FoundReplication,
  rule: FoundRule,
  destination: FoundBucket,
  label: string,
): Finding[] {
  if (rule.ownerOverride === undefined) return [];
  const sourceAccount = found.source.account;
  const destinationAccount = rule.destinationAccount ?? destination.account;
  if (sourceAccount !== undefined && destinationAccount !== undefined && sourceAccount === destinationAccount) {
    return [
      finding(FindingCode.OwnershipOverrideSameAccount, {
        subject: found.ref,
        location: label,
        detail: { setting: "accessControlTranslation.owner", value: rule.ownerOverride },
        message: "the rule overrides replica ownership but source and destination are in the same account.",
        fix: "remove accessControlTranslation (and destination.account)",
      }),
    ];
  }
  return [];
}

/** The destination is in an allowed account and region, and uses RTC when the options require it. */
export function allowedDestinationFindings(
  ref: string,
  rule: FoundRule,
  destination: FoundBucket,
  label: string,
  options: ReplicationCheckOptions,
): Finding[] {
  const findings: Finding[] = [];
  const account = rule.destinationAccount ?? destination.account;
  const accounts = options.allowedDestinationAccounts;
  if (accounts !== undefined && account !== undefined && !accounts.includes(account)) {
    findings.push(
      finding(FindingCode.DestinationNotAllowed, {
        subject: ref,
        location: label,
        detail: { account },
        message: `the destination is in account ${account}, not among the allowed accounts (${accounts.join(", ")}).`,
        fix: "replicate to an allowed account, or extend allowedDestinationAccounts",
      }),
    );
  }
  const regions = options.allowedDestinationRegions;
  if (regions !== undefined && destination.region !== undefined && !regions.includes(destination.region)) {
    findings.push(
      finding(FindingCode.DestinationNotAllowed, {
        subject: ref,
        location: label,
        detail: { region: destination.region },
        message: `the destination is in region ${destination.region}, not among the allowed regions (${regions.join(", ")}).`,
        fix: "replicate to an allowed region, or extend allowedDestinationRegions",
      }),
    );
  }
  if (options.requireReplicationTime === true && rule.replicationTimeStatus !== "Enabled") {
    findings.push(
      finding(FindingCode.ReplicationTimeRequired, {
        subject: ref,
        location: label,
        detail: { setting: "destination.replicationTime" },
        message: "the rule does not use Replication Time Control, which this pack's configuration requires.",
        fix: "add replicationTime { status: Enabled, time: { minutes: 15 } } and metrics with a 15-minute threshold",
      }),
    );
  }
  return findings;
}

/**
 * A source with Object Lock needs a destination with Object Lock (DstBucketObjectLockConfigMissing).
 * Object Lock can be enabled on an existing versioned bucket ("Configuring S3 Object Lock", Enable
 * Object Lock on an existing S3 bucket,
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock-configure.html).
 */
export function objectLockFindings(found: FoundReplication, destination: FoundBucket): Finding[] {
  if (found.source.objectLockEnabled !== true || destination.objectLockEnabled !== false) return [];
  return [
    finding(FindingCode.ObjectLockDestinationMissing, {
      subject: destination.ref,
      detail: { setting: "objectLockEnabled", value: "false" },
      message: "the source uses Object Lock but this destination does not (DstBucketObjectLockConfigMissing).",
      fix: "enable Object Lock on the destination (objectLockEnabled true on a new bucket, or aws.s3.BucketObjectLockConfiguration with objectLockEnabled Enabled on an existing versioned one)",
    }),
  ];
}
