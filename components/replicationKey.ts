/** ReplicationKey: a customer managed KMS key (or multi-Region replica) for one side of replication. */

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { keyPolicy } from "./documents/keyPolicy";
import { PolicyStatement } from "./model/policyDocument";
import { ValidationIssue, keyDeletionWindowIssues, throwIfIssues } from "./model/validate";
import { ArgSpec, checkBlockArgs } from "./blockArgs";
import { accountIssues, keyAliasIssues, keyDescriptionIssues, partitionIssues, regionIssues } from "./model/awsLimits";

/** The type and AWS rule of every ReplicationKey argument (checked at construction). */
const REPLICATION_KEY_ARGS: ArgSpec = {
  description: { kind: "string", check: keyDescriptionIssues },
  multiRegion: { kind: "boolean" },
  primaryKeyArn: { kind: "input" },
  region: { kind: "string", check: regionIssues },
  deletionWindowInDays: {
    kind: "number",
    check: (days: number, field: string): ValidationIssue[] => keyDeletionWindowIssues(days, field),
  },
  aliasName: { kind: "string", check: keyAliasIssues },
  policy: { kind: "input" },
  account: { kind: "input", check: accountIssues },
  partition: { kind: "input", check: partitionIssues },
  retainOnDelete: { kind: "boolean" },
  tags: { kind: "tags" },
};
import { PolicyStatements } from "./resourcePolicy";

/** Arguments of ReplicationKey. */
export interface ReplicationKeyArgs {
  /**
   * Key description. Default: `S3 replication key <component name>`.
   */
  description?: string;
  /**
   * Create a multi-Region primary key (changing it replaces the key). Default: false.
   */
  multiRegion?: boolean;
  /**
   * ARN of a multi-Region primary key: create this key as its replica (aws.kms.ReplicaKey) in the provider's region or `region`, in the primary's account. Default: none (a new key).
   */
  primaryKeyArn?: pulumi.Input<string>;
  /**
   * Region of the key when it differs from the provider's (the per-resource region argument). Default: the provider's region.
   */
  region?: string;
  /**
   * Waiting period, in days (7-30), before a deleted key is destroyed. Default: 30.
   */
  deletionWindowInDays?: number;
  /**
   * Alias, starting with `alias/`. Default: none (no alias).
   */
  aliasName?: string;
  /**
   * The whole key policy as JSON, attached with aws.kms.KeyPolicy (so it can name a role created after the key). Default: none (the AWS default policy: the key's account administers it through IAM).
   */
  policy?: pulumi.Input<string>;
  /**
   * Account id of the key's owner, for the owner statement of a policy built from added statements. Default: looked up with aws.getCallerIdentity on the provider when needed.
   */
  account?: pulumi.Input<string>;
  /**
   * AWS partition of the key's account. Default: looked up with aws.getPartition on the provider when needed.
   */
  partition?: pulumi.Input<string>;
  /**
   * Keep the key in AWS when it is deleted from the stack. Default: true.
   */
  retainOnDelete?: boolean;
  /**
   * Tags of the key. Default: none.
   */
  tags?: Record<string, string>;
}

/** Options of ReplicationKey: the standard ones, plus earlier URNs of its key policy (when it moved here from another parent). */
export interface ReplicationKeyOptions extends pulumi.ComponentResourceOptions {
  /**
   * Earlier URNs of the key policy, kept as aliases so an update moves it instead of replacing it. Default: none.
   */
  policyAliases?: pulumi.Input<string>[];
}

/** What the TypeScript methods of a ReplicationKey reach. */
interface Internals {
  written: pulumi.Output<string>;
  add: (statements: pulumi.Input<PolicyStatement[]>) => void;
}
const INTERNALS = new WeakMap<ReplicationKey, Internals>();
function internalsOf(key: ReplicationKey): Internals {
  const found = INTERNALS.get(key);
  if (found === undefined) throw new Error("ReplicationKey: not constructed");
  return found;
}

/**
 * A symmetric customer managed KMS key with rotation on (or a multi-Region replica of one),
 * an optional alias, a 30-day deletion window, retained on delete, and its policy attached as a
 * separate aws.kms.KeyPolicy so that it can name principals created after the key.
 *
 * @example
 * A key for a bucket block; the replication that uses it (BucketReplication) adds what S3 needs to its policy:
 * ```ts
 * import * as aws from "@pulumi/aws";
 * import { EncryptedBucket, ReplicationKey } from "s3-replication";
 *
 * const src = new aws.Provider("src", { region: "us-east-1" });
 * const key = new ReplicationKey("orders-key", { aliasName: "alias/orders", multiRegion: false }, { provider: src });
 * new EncryptedBucket("orders", { kmsKeyArn: key.keyArn }, { provider: src });
 *
 * export const keyArn = key.keyArn;
 * ```
 */
export class ReplicationKey extends pulumi.ComponentResource {
  /** Full key ARN (for a replica: the ARN in the replica's region). */
  public readonly keyArn: pulumi.Output<string>;
  /** Key id. */
  public readonly keyId: pulumi.Output<string>;
  /** Alias name, or an empty string without an alias. */
  public readonly aliasName: pulumi.Output<string>;

  /** Resolves once the key policy built from added statements is written (its id; empty without one), for resources that must wait for it (TypeScript). */
  policyWritten(): pulumi.Output<string> {
    return internalsOf(this).written;
  }

  /**
   * Adds statements to the key's one policy, after the owner statement (TypeScript; the
   * replication blocks call it). The policy is then written as an aws.kms.KeyPolicy.
   */
  addToResourcePolicy(statements: pulumi.Input<PolicyStatement[]>): void {
    internalsOf(this).add(statements);
  }

  /** Creates the key, its alias and policy. */
  constructor(name: string, args: ReplicationKeyArgs, opts?: ReplicationKeyOptions) {
    checkBlockArgs("ReplicationKey", name, args, REPLICATION_KEY_ARGS);
    const { policyAliases, ...componentOpts } = opts ?? {};
    super("s3-replication:index:ReplicationKey", name, {}, componentOpts);
    const window = args.deletionWindowInDays ?? 30;
    throwIfIssues(keyDeletionWindowIssues(window, `ReplicationKey ${name}.deletionWindowInDays`));
    const region = args.region === undefined ? {} : { region: args.region };
    const tags = args.tags === undefined ? {} : { tags: args.tags };
    const description = args.description ?? `S3 replication key ${name}`;
    const keep = { parent: this, retainOnDelete: args.retainOnDelete ?? true };
    let key: aws.kms.Key | aws.kms.ReplicaKey;
    if (args.primaryKeyArn !== undefined) {
      key = new aws.kms.ReplicaKey(
        `${name}-key`,
        { ...region, ...tags, primaryKeyArn: args.primaryKeyArn, description, deletionWindowInDays: window },
        keep,
      );
    } else {
      key = new aws.kms.Key(
        `${name}-key`,
        {
          ...region,
          ...tags,
          description,
          deletionWindowInDays: window,
          enableKeyRotation: true,
          ...(args.multiRegion === true ? { multiRegion: true } : {}),
        },
        keep,
      );
    }
    if (args.aliasName !== undefined) {
      new aws.kms.Alias(`${name}-alias`, { ...region, name: args.aliasName, targetKeyId: key.keyId }, { parent: this });
    }
    const policyOpts = { parent: this, ...(policyAliases === undefined ? {} : { aliases: policyAliases }) };
    if (args.policy !== undefined) {
      new aws.kms.KeyPolicy(`${name}-policy`, { ...region, keyId: key.keyId, policy: args.policy }, policyOpts);
    }
    // The one key policy built from added statements: written once they are all in (see PolicyStatements).
    const [written, setWritten] = pulumi.deferredOutput<string>();
    const statements: PolicyStatements = new PolicyStatements(`ReplicationKey ${name}`, (wanted) => {
      if (!wanted) {
        setWritten(pulumi.output(""));
        return;
      }
      const invoke = { parent: this };
      const account = args.account ?? aws.getCallerIdentityOutput({}, invoke).accountId;
      const partition = args.partition ?? aws.getPartitionOutput({}, invoke).partition;
      const policy = pulumi
        .all([account, partition, statements.statements])
        .apply(([a, p, statements]) => JSON.stringify(keyPolicy(a, p, statements)));
      // keyId is the key ARN, as S3Replication wrote it before this block owned the policy (a changed keyId would replace it).
      setWritten(new aws.kms.KeyPolicy(`${name}-policy`, { ...region, keyId: key.arn, policy }, policyOpts).id);
    });
    // Kept off the instance: the multi-language schema takes every field for an output.
    INTERNALS.set(this, {
      written,
      add: (added) => {
        if (args.policy !== undefined)
          throw new Error(
            `ReplicationKey ${name}: a replication adds statements to its policy, but the whole policy is given (policy). Fix: drop policy.`,
          );
        statements.add(added);
      },
    });
    this.keyArn = key.arn;
    this.keyId = key.keyId;
    this.aliasName = pulumi.output(args.aliasName ?? "");
    this.registerOutputs({ keyArn: this.keyArn, keyId: this.keyId, aliasName: this.aliasName });
  }
}
