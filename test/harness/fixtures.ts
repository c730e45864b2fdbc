// Programs and policies shared by the harness tests. The programs use real @pulumi/aws resources.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type {
  Policies,
  PolicyResource,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationArgs,
  StackValidationPolicy,
} from "@pulumi/policy";
import type { RecordedResource, RunResult } from "../../policypack/testing";

export const DST_ACCOUNT = "222222222222";
export const DST_ROLE = `arn:aws:iam::${DST_ACCOUNT}:role/replication-deployer`;

/** A component holding a destination provider, a key, a bucket and its versioning. */
export class ReplicaSide extends pulumi.ComponentResource {
  readonly bucketArn: pulumi.Output<string>;
  readonly keyArn: pulumi.Output<string>;
  readonly accountId: pulumi.Output<string>;

  constructor(name: string, args: { bucketName?: string }, opts?: pulumi.ComponentResourceOptions) {
    super("s3-replication:test:ReplicaSide", name, {}, opts);
    const provider = new aws.Provider(
      `${name}-dst`,
      { region: "eu-west-1", assumeRoles: [{ roleArn: DST_ROLE, externalId: "ext" }] },
      { parent: this },
    );
    const key = new aws.kms.Key(
      `${name}-key`,
      { multiRegion: true, enableKeyRotation: true },
      { parent: this, provider },
    );
    const bucket = new aws.s3.Bucket(
      `${name}-bucket`,
      args.bucketName === undefined ? {} : { bucket: args.bucketName },
      { parent: this, provider },
    );
    new aws.s3.BucketVersioning(
      `${name}-versioning`,
      { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } },
      { parent: this, provider, dependsOn: [key] },
    );
    this.bucketArn = bucket.arn;
    this.keyArn = key.arn;
    this.accountId = aws.getCallerIdentityOutput({}, { provider, parent: this }).accountId;
    this.registerOutputs({ bucketArn: this.bucketArn, keyArn: this.keyArn, accountId: this.accountId });
  }
}

/** Source bucket on the default provider plus a ReplicaSide; exports the replica ARNs. */
export function replicationProgram(opts: { bucketName?: string } = {}): () => Record<string, unknown> {
  return () => {
    const source = new aws.s3.Bucket("source", { tags: { team: "storage" } });
    const side = new ReplicaSide("dr", opts);
    return { sourceArn: source.arn, replicaArn: side.bucketArn, keyArn: side.keyArn, dstAccount: side.accountId };
  };
}

/** What a policy saw, captured inside the validation callback. */
export interface Seen {
  resources: {
    type: string;
    urn: string;
    name: string;
    props: Record<string, unknown>;
    args: ResourceValidationArgs;
  }[];
  stacks: StackValidationArgs[];
}

/**
 * A deliberately lenient pack: never reports anything, only records what it was handed. A broken
 * program must still fail the run with it.
 */
export function recordingPolicies(seen: Seen = { resources: [], stacks: [] }): { policies: Policies; seen: Seen } {
  const onResource: ResourceValidationPolicy = {
    name: "record-resources",
    description: "Records every resource (never reports).",
    enforcementLevel: "advisory",
    validateResource: (args) => {
      seen.resources.push({ type: args.type, urn: args.urn, name: args.name, props: args.props, args });
    },
  };
  const onStack: StackValidationPolicy = {
    name: "record-stack",
    description: "Records the stack (never reports).",
    enforcementLevel: "advisory",
    validateStack: (args) => {
      seen.stacks.push(args);
    },
  };
  return { policies: [onResource, onStack], seen };
}

export function byName(result: RunResult, name: string): RecordedResource {
  const r = result.resources.find((x) => x.name === name);
  if (r === undefined) {
    throw new Error(`no resource named ${name}; have ${result.resources.map((x) => x.name).join(", ")}`);
  }
  return r;
}

export function stackResource(args: StackValidationArgs, name: string): PolicyResource {
  const r = args.resources.find((x) => x.name === name);
  if (r === undefined) {
    throw new Error(`no stack resource named ${name}`);
  }
  return r;
}
