/** ReplicationKey: a customer managed KMS key (or multi-Region replica) for one side of replication. */

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { keyDeletionWindowIssues, throwIfIssues } from "./model/validate";

/** Arguments of ReplicationKey. */
export interface ReplicationKeyArgs {
  /**
   * Key description. Default: `S3 replication key <component name>`.
   * @default `S3 replication key <component name>`
   */
  description?: string;
  /**
   * Create a multi-Region primary key (changing it replaces the key). Default: false.
   * @default false
   */
  multiRegion?: boolean;
  /**
   * ARN of a multi-Region primary key: create this key as its replica (aws.kms.ReplicaKey) in the provider's region or `region`, in the primary's account. Default: none (a new key).
   * @default none
   */
  primaryKeyArn?: pulumi.Input<string>;
  /**
   * Region of the key when it differs from the provider's (the per-resource region argument). Default: the provider's region.
   * @default the provider's region
   */
  region?: string;
  /**
   * Waiting period, in days (7-30), before a deleted key is destroyed. Default: 30.
   * @default 30
   */
  deletionWindowInDays?: number;
  /**
   * Alias, starting with `alias/`. Default: none (no alias).
   * @default none
   */
  aliasName?: string;
  /**
   * The whole key policy as JSON, attached with aws.kms.KeyPolicy (so it can name a role created after the key). Default: none (the AWS default policy: the key's account administers it through IAM).
   * @default none
   */
  policy?: pulumi.Input<string>;
  /**
   * Keep the key in AWS when it is deleted from the stack. Default: true.
   * @default true
   */
  retainOnDelete?: boolean;
  /**
   * Tags of the key. Default: none.
   * @default none
   */
  tags?: Record<string, string>;
}

/**
 * A symmetric customer managed KMS key with rotation on (or a multi-Region replica of one),
 * an optional alias, a 30-day deletion window, retained on delete, and its policy attached as a
 * separate aws.kms.KeyPolicy so that it can name principals created after the key.
 */
export class ReplicationKey extends pulumi.ComponentResource {
  /** Full key ARN (for a replica: the ARN in the replica's region). */
  public readonly keyArn: pulumi.Output<string>;
  /** Key id. */
  public readonly keyId: pulumi.Output<string>;
  /** Alias name, or an empty string without an alias. */
  public readonly aliasName: pulumi.Output<string>;

  /** Creates the key, its alias and policy. */
  constructor(name: string, args: ReplicationKeyArgs, opts?: pulumi.ComponentResourceOptions) {
    super("s3-replication:index:ReplicationKey", name, {}, opts);
    const window = args.deletionWindowInDays ?? 30;
    throwIfIssues(keyDeletionWindowIssues(window, `ReplicationKey ${name}.deletionWindowInDays`));
    const region = args.region === undefined ? {} : { region: args.region };
    const tags = args.tags === undefined ? {} : { tags: args.tags };
    const description = args.description ?? `S3 replication key ${name}`;
    const keep = { parent: this, retainOnDelete: args.retainOnDelete ?? true };
    let key: aws.kms.Key | aws.kms.ReplicaKey;
    if (args.primaryKeyArn !== undefined) {
      key = new aws.kms.ReplicaKey(`${name}-key`, { ...region, ...tags, primaryKeyArn: args.primaryKeyArn, description, deletionWindowInDays: window }, keep);
    } else {
      key = new aws.kms.Key(`${name}-key`, {
        ...region, ...tags, description, deletionWindowInDays: window, enableKeyRotation: true,
        ...(args.multiRegion === true ? { multiRegion: true } : {}),
      }, keep);
    }
    if (args.aliasName !== undefined) {
      new aws.kms.Alias(`${name}-alias`, { ...region, name: args.aliasName, targetKeyId: key.keyId }, { parent: this });
    }
    if (args.policy !== undefined) {
      new aws.kms.KeyPolicy(`${name}-policy`, { ...region, keyId: key.keyId, policy: args.policy }, { parent: this });
    }
    this.keyArn = key.arn;
    this.keyId = key.keyId;
    this.aliasName = pulumi.output(args.aliasName ?? "");
    this.registerOutputs({ keyArn: this.keyArn, keyId: this.keyId, aliasName: this.aliasName });
  }
}
