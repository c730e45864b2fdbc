/**
 * The model the stack reader produces and the analysis consumes: every replication, bucket, key
 * and role of a stack as the core model's found shapes, with what joins them to the stack's
 * resources (URNs by ref) and what could not be judged yet.
 */

import type { UnreadableProperty } from "./accessor";
import type {
  ConfigurationWriters,
  FoundBucket,
  FoundKey,
  FoundReplication,
  FoundRole,
  MonitoringFound,
} from "s3-replication/components/model";

/** A versioning resource the replication configuration is not ordered after. */
export interface OrderingIssue {
  /** URN of the replication configuration. */
  urn: string;
  /** Its ref. */
  ref: string;
  /** Refs of the versioning resources missing from its dependencies. */
  missing: string[];
}

/** Everything the stack policies judge. */
export interface StackModel {
  /** One per replication configuration (BucketReplicationConfig or legacy inline). */
  replications: FoundReplication[];
  /** Every bucket of the stack: those it creates, and existing ones it configures or replicates to (settings it cannot see marked unknown). */
  buckets: FoundBucket[];
  /** Every KMS key of the stack (keys and replica keys), and existing keys a key policy or grant of the stack names. */
  keys: FoundKey[];
  /** Resource URN of each ref. */
  urnOfRef: Map<string, string>;
  /** `${replication ref}|rule ${id}` of rules whose replica key is unknown in preview and could not be joined. */
  unknownReplicaKeys: Set<string>;
  /** Refs of replications whose rules are unknown (preview): one placeholder rule per destination the rules depend on. */
  placeholderRules: Set<string>;
  /** Replication configurations not ordered after the versioning resources of their buckets. */
  ordering: OrderingIssue[];
  /** Every single-valued configuration (bucket policy, key policy, replication configuration) and the resources writing it. */
  writers: ConfigurationWriters[];
  /** Refs of the buckets and keys the stack reads (`.get`) instead of managing: their hardening is not judged. */
  readRefs: Set<string>;
  /** What could not be judged yet, one entry per resource (values unknown in preview). */
  pending: PendingJudgement[];
  /** URNs of the resources that make up each bucket, key and role (by ref): the resource itself and those configuring it. */
  urnsOfRef: Map<string, string[]>;
  /** Every key by each way the stack names it (ARN, alias name and ARN). */
  keysByReference: Record<string, FoundKey>;
  /** Every role of the stack. */
  roles: FoundRole[];
  /**
   * AWS providers whose account the stack does not reveal (no `assumeRoles` or `allowedAccountIds`,
   * no known ARN of theirs: a preview with default credentials), unless `MapOptions.accounts`
   * assumed one. The analysis then judges every account they may be in.
   */
  unknownAccounts: UnknownAccount[];
  /** Every 12-digit account id the stack's values name (the accounts an unknown account may equal). */
  namedAccounts: string[];
  /** The stack's monitoring: its rules' metrics, CloudWatch alarms and S3 bucket notifications. */
  monitoring?: MonitoringFound;
  /**
   * Every property whose value had the wrong type for what the reader reads there (one per resource
   * and path): read as absent, so each is reported as a mandatory "could not be judged" finding
   * (S3R064) on its resource.
   */
  unreadable: UnreadableProperty[];
}

/** A provider whose account is not known. */
export interface UnknownAccount {
  /** The provider's URN (empty for resources without a provider). */
  provider: string;
  /** How messages name it: `the aws provider "src"`, `the default aws provider`. */
  label: string;
}

/** Options of the mapping. */
export interface MapOptions {
  /** An account assumed for a provider (by URN) whose account the stack does not reveal. */
  accounts?: ReadonlyMap<string, string>;
}

/** A resource some of whose values are unknown (preview): what they are, judged at `up`. */
export interface PendingJudgement {
  /** The resource's URN. */
  urn: string;
  /** How findings name it. */
  ref: string;
  /** What is unknown (e.g. "the policy document", "the replica key of rule dr"). */
  unknown: string[];
  /** The checks that wait for it, when known (e.g. "S3R019 destination-bucket-policy on bucket b"). */
  checks?: string[];
}
