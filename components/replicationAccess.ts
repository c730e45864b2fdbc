/**
 * ReplicationAccess: what one side (usually the destination account) gives the replication role:
 * its bucket policy, its key policy, or KMS grants on a key whose policy this stack cannot write.
 * (Formerly ReplicationGrant, still exported under that name for existing programs.)
 */

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ArgSpec, checkBlockArgs } from "./blockArgs";
import { bucketNameIssues, regionIssues } from "./model/awsLimits";
import { throwIfIssues } from "./model/validate";

/** The type and AWS rule of every ReplicationAccess argument (checked at construction). */
const REPLICATION_ACCESS_ARGS: ArgSpec = {
  bucketName: { kind: "input", check: bucketNameIssues },
  bucketPolicy: { kind: "input" },
  keyArn: { kind: "input" },
  keyPolicy: { kind: "input" },
  grants: {
    kind: "list",
    fields: {
      name: { kind: "string", required: true },
      granteeRoleArn: { kind: "input", required: true },
      operations: { kind: "list", required: true },
      encryptionContextSubset: { kind: "object" },
    },
  },
  region: { kind: "string", check: regionIssues },
};

/** One KMS grant to a role. */
export interface KeyGrant {
  /** Stable name of the grant (part of the resource name; never change it once deployed). */
  name: string;
  /** ARN of the role that receives the grant. */
  granteeRoleArn: pulumi.Input<string>;
  /** KMS operations without the `kms:` prefix, e.g. Decrypt, Encrypt, GenerateDataKey (from the core key statements). */
  operations: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * The encryption context every request under the grant must include (`EncryptionContextSubset`,
   * e.g. `{"aws:s3:arn": BUCKET_ARN}`; from the core's keyGrantFor). Default: none (unconstrained).
   */
  encryptionContextSubset?: pulumi.Input<Record<string, string> | undefined>;
}

/** Arguments of ReplicationAccess. */
export interface ReplicationAccessArgs {
  /**
   * The bucket whose policy is written. Default: none (no bucket policy).
   */
  bucketName?: pulumi.Input<string>;
  /**
   * The whole bucket policy as JSON (from the core documents: TLS-only plus the replication grants). Default: none.
   */
  bucketPolicy?: pulumi.Input<string>;
  /**
   * Full ARN of the KMS key whose policy is written or on which grants are created. Default: none.
   */
  keyArn?: pulumi.Input<string>;
  /**
   * The whole key policy as JSON (from the core documents), for a key this stack owns. Default: none (the key policy is left alone).
   */
  keyPolicy?: pulumi.Input<string>;
  /**
   * KMS grants on keyArn, for a key whose policy this stack cannot write. Default: none.
   */
  grants?: KeyGrant[];
  /**
   * Region of the bucket and key when it differs from the provider's. Default: the provider's region.
   */
  region?: string;
}

/** Creates the policies and grants as children of `parent`; returns the grant ids by grant name. `label` names the block in errors. */
function writeAccess(
  parent: pulumi.ComponentResource,
  label: string,
  name: string,
  args: ReplicationAccessArgs,
): pulumi.Output<Record<string, string>> {
  checkBlockArgs(label, name, args, REPLICATION_ACCESS_ARGS);
  const region = args.region === undefined ? {} : { region: args.region };
  if ((args.bucketPolicy === undefined) !== (args.bucketName === undefined)) {
    throwIfIssues([
      {
        field: `${label} ${name}.bucketPolicy`,
        problem: "bucketName and bucketPolicy go together",
        fix: "give both or neither",
      },
    ]);
  }
  if ((args.keyPolicy !== undefined || (args.grants ?? []).length > 0) && args.keyArn === undefined) {
    throwIfIssues([
      { field: `${label} ${name}.keyArn`, problem: "a key policy or grant needs the key", fix: "give keyArn" },
    ]);
  }
  if (args.bucketName !== undefined && args.bucketPolicy !== undefined) {
    new aws.s3.BucketPolicy(
      `${name}-bucket-policy`,
      { ...region, bucket: args.bucketName, policy: args.bucketPolicy },
      { parent },
    );
  }
  if (args.keyArn !== undefined && args.keyPolicy !== undefined) {
    new aws.kms.KeyPolicy(`${name}-key-policy`, { ...region, keyId: args.keyArn, policy: args.keyPolicy }, { parent });
  }
  const names = (args.grants ?? []).map((grant) => grant.name);
  const repeated = names.find((grantName, i) => names.indexOf(grantName) !== i);
  if (repeated !== undefined)
    throwIfIssues([
      {
        field: `${label} ${name}.grants`,
        problem: `the grant name ${JSON.stringify(repeated)} is used twice`,
        fix: "give each grant its own name",
      },
    ]);
  const ids: Record<string, pulumi.Output<string>> = {};
  for (const grant of args.grants ?? []) {
    if (args.keyArn === undefined) break;
    const created = new aws.kms.Grant(
      `${name}-grant-${grant.name}`,
      {
        ...region,
        keyId: args.keyArn,
        granteePrincipal: grant.granteeRoleArn,
        operations: grant.operations,
        constraints: pulumi
          .output(grant.encryptionContextSubset)
          .apply((subset) => (subset === undefined ? undefined : [{ encryptionContextSubset: subset }])),
      },
      { parent },
    );
    ids[grant.name] = created.grantId;
  }
  return pulumi.output(ids);
}

/**
 * Writes, through the provider of the account that owns them, the bucket policy and the key
 * policy (or KMS grants on a key you do not own) that admit a replication role. Create it after
 * the role (pass the role's ARN in the documents): KMS and S3 reject policies naming a role that
 * does not exist yet.
 *
 * @example
 * What the destination account writes for a topology described as plain data: its bucket policy
 * and its key policy, generated by the core, through the destination account's provider:
 * ```ts
 * import * as aws from "@pulumi/aws";
 * import { ReplicationAccess } from "s3-replication";
 * import { generateDocuments } from "s3-replication/components/documents";
 * import { Encryption, type ReplicationTopology } from "s3-replication/components/model";
 *
 * const drKeyArn = "arn:aws:kms:eu-west-1:222222222222:key/5678abcd-12ab-34cd-56ef-1234567890ab";
 * const bucket = { partition: "aws", encryption: Encryption.SseKms, bucketKeyEnabled: true, objectLockEnabled: false };
 * const topology: ReplicationTopology = {
 *   source: { ...bucket, account: "111111111111", region: "us-east-1", bucketName: "acme-orders",
 *     keyArn: "arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab" },
 *   role: { account: "111111111111", partition: "aws", name: "orders-replication" },
 *   destinations: [{ ...bucket, account: "222222222222", region: "eu-west-1", bucketName: "acme-orders-dr",
 *     keyArn: drKeyArn,
 *     name: "dr", ruleId: "dr", priority: 0, deleteMarkerReplication: false, ownershipOverride: true,
 *     replicationTime: false, metrics: true, replicaModifications: false }],
 *   twoWay: false,
 * };
 * const documents = generateDocuments(topology);
 *
 * const dst = new aws.Provider("dst", { region: "eu-west-1", profile: "orders-dr" });
 * new ReplicationAccess(
 *   "orders-dr-access",
 *   {
 *     bucketName: "acme-orders-dr",
 *     bucketPolicy: JSON.stringify(documents.buckets["acme-orders-dr"]?.policy),
 *     keyArn: drKeyArn,
 *     keyPolicy: JSON.stringify(documents.keys[drKeyArn]?.policy),
 *   },
 *   { provider: dst },
 * );
 * ```
 */
export class ReplicationAccess extends pulumi.ComponentResource {
  /** Names of the grants created, keyed by grant name (grant ids). */
  public readonly grantIds: pulumi.Output<Record<string, string>>;

  /** Creates the policies and grants. */
  constructor(name: string, args: ReplicationAccessArgs, opts?: pulumi.ComponentResourceOptions) {
    super(REPLICATION_ACCESS_TYPE, name, {}, opts);
    this.grantIds = writeAccess(this, "ReplicationAccess", name, args);
    this.registerOutputs({ grantIds: this.grantIds });
  }
}

/** The type token of ReplicationAccess. */
export const REPLICATION_ACCESS_TYPE = "s3-replication:index:ReplicationAccess";
/** The type token ReplicationAccess had as ReplicationGrant: an alias of every ReplicationAccess that moved from it. */
export const REPLICATION_GRANT_TYPE = "s3-replication:index:ReplicationGrant";

/** Arguments of ReplicationGrant (the same as ReplicationAccess's). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- the former name of ReplicationAccessArgs, kept for existing programs
export interface ReplicationGrantArgs extends ReplicationAccessArgs {}

/**
 * The former name of ReplicationAccess, kept (with its type token, so existing stacks keep their
 * URNs) for programs written against 0.1.0.
 *
 * @deprecated Use ReplicationAccess: this block writes bucket and key policies, not only KMS grants.
 * Changing a program from ReplicationGrant to ReplicationAccess changes the type token: add
 * `aliases: [{ type: "s3-replication:index:ReplicationGrant" }]` to keep the resources.
 *
 * @example
 * A program written against 0.1.0: KMS grants for a replication role on a key whose policy this
 * stack cannot write. To move it to ReplicationAccess, change the class name and add
 * `aliases: [{ type: "s3-replication:index:ReplicationGrant" }]` to its options.
 * ```ts
 * import * as aws from "@pulumi/aws";
 * import { ReplicationGrant } from "s3-replication";
 *
 * const dst = new aws.Provider("dst", { region: "eu-west-1" });
 * const grant = new ReplicationGrant(
 *   "orders-dr-grant",
 *   {
 *     keyArn: "arn:aws:kms:eu-west-1:222222222222:key/5678abcd-12ab-34cd-56ef-1234567890ab",
 *     grants: [
 *       {
 *         name: "replicas",
 *         granteeRoleArn: "arn:aws:iam::111111111111:role/orders-replication",
 *         operations: ["Encrypt", "GenerateDataKey"],
 *         encryptionContextSubset: { "aws:s3:arn": "arn:aws:s3:::acme-orders-dr" },
 *       },
 *     ],
 *   },
 *   { provider: dst },
 * );
 *
 * export const grantIds = grant.grantIds;
 * ```
 */
export class ReplicationGrant extends pulumi.ComponentResource {
  /** Names of the grants created, keyed by grant name (grant ids). */
  public readonly grantIds: pulumi.Output<Record<string, string>>;

  /** Creates the policies and grants. */
  constructor(name: string, args: ReplicationGrantArgs, opts?: pulumi.ComponentResourceOptions) {
    super(REPLICATION_GRANT_TYPE, name, {}, opts);
    this.grantIds = writeAccess(this, "ReplicationGrant", name, args);
    this.registerOutputs({ grantIds: this.grantIds });
  }
}
