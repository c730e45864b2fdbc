/** ReplicationRole: the IAM role S3 (or S3 Batch Operations) assumes to replicate, with its inline policy. */

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { batchReplicationTrustPolicy, replicationTrustPolicy } from "./documents/trustPolicy";
import { ArgSpec, checkBlockArgs } from "./blockArgs";
import { accountIssues, roleNameIssues } from "./model/awsLimits";

/** The type and AWS rule of every ReplicationRole argument (checked at construction). */
const REPLICATION_ROLE_ARGS: ArgSpec = {
  roleName: { kind: "string", check: roleNameIssues },
  permissionPolicy: { kind: "input" },
  batchReplication: { kind: "boolean" },
  trustConditions: { kind: "boolean" },
  sourceAccount: { kind: "input", check: accountIssues },
  tags: { kind: "tags" },
};

/** Arguments of ReplicationRole. */
export interface ReplicationRoleArgs {
  /**
   * Role name. Default: none (auto-named from the component name).
   */
  roleName?: string;
  /**
   * The least-privilege permission policy as JSON (from the core documents: replicationRolePolicy or batchReplicationRolePolicy), attached as an inline policy. Default: none (no inline policy).
   */
  permissionPolicy?: pulumi.Input<string>;
  /**
   * Make this a Batch Replication role: trust `batchoperations.s3.amazonaws.com` instead of `s3.amazonaws.com`. Default: false.
   */
  batchReplication?: boolean;
  /**
   * Opt-in (UNVERIFIED) trust condition `aws:SourceAccount` = sourceAccount on a replication role; if S3 does not send it, replication fails with AssumeRoleNotPermitted. Default: false.
   */
  trustConditions?: boolean;
  /**
   * The account for trustConditions. Default: looked up with aws.getCallerIdentity on the provider.
   */
  sourceAccount?: pulumi.Input<string>;
  /**
   * Tags of the role. Default: none.
   */
  tags?: Record<string, string>;
}

/**
 * An IAM role trusted only by `s3.amazonaws.com` (no conditions unless trustConditions is set),
 * or by `batchoperations.s3.amazonaws.com` for Batch Replication, with its permission policy
 * attached as an inline aws.iam.RolePolicy.
 */
export class ReplicationRole extends pulumi.ComponentResource {
  /** Role ARN. */
  public readonly roleArn: pulumi.Output<string>;
  /** Role name. */
  public readonly roleName: pulumi.Output<string>;

  /** Creates the role and its inline policy. */
  constructor(name: string, args: ReplicationRoleArgs, opts?: pulumi.ComponentResourceOptions) {
    checkBlockArgs("ReplicationRole", name, args, REPLICATION_ROLE_ARGS);
    super("s3-replication:index:ReplicationRole", name, {}, opts);
    let trust: pulumi.Input<string>;
    if (args.batchReplication === true) {
      trust = JSON.stringify(batchReplicationTrustPolicy());
    } else if (args.trustConditions === true) {
      const account = args.sourceAccount ?? aws.getCallerIdentityOutput({}, { parent: this }).accountId;
      trust = pulumi
        .output(account)
        .apply((sourceAccount) => JSON.stringify(replicationTrustPolicy({ sourceAccount })));
    } else {
      trust = JSON.stringify(replicationTrustPolicy());
    }
    const role = new aws.iam.Role(
      name,
      {
        assumeRolePolicy: trust,
        ...(args.roleName === undefined ? {} : { name: args.roleName }),
        ...(args.tags === undefined ? {} : { tags: args.tags }),
      },
      { parent: this },
    );
    if (args.permissionPolicy !== undefined) {
      new aws.iam.RolePolicy(`${name}-policy`, { role: role.name, policy: args.permissionPolicy }, { parent: this });
    }
    this.roleArn = role.arn;
    this.roleName = role.name;
    this.registerOutputs({ roleArn: this.roleArn, roleName: this.roleName });
  }
}
