// State of what a program reads instead of creating: `pulumi.StackReference` (the engine's builtin
// `pulumi:pulumi:StackReference`, whose outputs are the other stack's outputs) and `Resource.get`
// reads. Nothing is invented: a read's id is the id the program gave, the name it carries and the
// identifiers AWS derives from it (a bucket's ARN) are known, everything else comes from the user
// (`options.reads`) or is unknown.
import { dnsSuffixOf, type AwsContext } from "./awsContext";
import { outputProperties } from "./schema";
import { containsSecret, OfflineHarnessError, toWire, UNKNOWN, type WireObject } from "./wire";

/** Type token of a stack reference. */
export const STACK_REFERENCE_TYPE = "pulumi:pulumi:StackReference";

/**
 * The engine's answer to a StackReference read: `name`, `outputs` (secrets kept secret) and
 * `secretOutputNames` (sorted), from the user's `options.stackReferences`.
 */
export function stackReferenceOutputs(stackName: string, given: Record<string, Record<string, unknown>>): WireObject {
  const outputs = Object.prototype.hasOwnProperty.call(given, stackName) ? given[stackName] : undefined;
  if (outputs === undefined) {
    const known = Object.keys(given);
    throw new OfflineHarnessError(
      `offline harness: the program reads the stack '${stackName}' with a StackReference, and the run has no ` +
        `outputs for it. Give them in the options of runPolicies: ` +
        `{ stackReferences: { "${stackName}": { outputName: value, ... } } }` +
        (known.length > 0 ? ` (given: ${known.map((k) => `'${k}'`).join(", ")})` : ""),
    );
  }
  const wire = toWire(outputs, `stackReferences["${stackName}"]`) as WireObject;
  const secretOutputNames = Object.keys(wire)
    .filter((k) => containsSecret(wire[k]))
    .sort();
  return { name: stackName, outputs: wire, secretOutputNames };
}

/** Types whose id is their name, and the property holding it. */
const ID_IS: Record<string, string> = {
  "aws:s3/bucket:Bucket": "bucket",
  "aws:s3/bucketV2:BucketV2": "bucket",
  "aws:iam/role:Role": "name",
  "aws:iam/policy:Policy": "arn",
  "aws:kms/key:Key": "keyId",
  "aws:kms/replicaKey:ReplicaKey": "keyId",
  "aws:kms/alias:Alias": "name",
  "aws:sns/topic:Topic": "arn",
};

/**
 * Identifiers AWS derives from the id alone, by its documented ARN formats
 * (Amazon S3 bucket ARNs carry no region or account:
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/s3-arn-format.html; a KMS key ARN is
 * arn:partition:kms:region:account:key/key-id in the account and Region the key was read from:
 * https://docs.aws.amazon.com/kms/latest/developerguide/concepts.html#key-id-key-ARN).
 */
function derived(type: string, id: string, ctx: AwsContext | undefined): WireObject {
  if (ctx === undefined) {
    return {};
  }
  switch (type) {
    case "aws:s3/bucket:Bucket":
    case "aws:s3/bucketV2:BucketV2":
      return { arn: `arn:${ctx.partition}:s3:::${id}`, bucketDomainName: `${id}.s3.${dnsSuffixOf(ctx.partition)}` };
    case "aws:kms/key:Key":
    case "aws:kms/replicaKey:ReplicaKey": {
      const m = /^arn:[^:]+:kms:[^:]+:\d{12}:key\/(.+)$/.exec(id);
      return m !== null
        ? { arn: id, keyId: m[1] as string }
        : { arn: `arn:${ctx.partition}:kms:${ctx.region}:${ctx.account}:key/${id}` };
    }
    default:
      return {};
  }
}

/**
 * Outputs of a resource read with `.get(name, id, state)`: the id, its name property, the ARN
 * derived from it, the user's state (`given`), and every other output property of the type
 * unknown. `state` (what the program passed to `.get`) is kept as the engine keeps read inputs.
 */
export function readOutputs(
  type: string,
  id: string,
  state: WireObject,
  given: Record<string, unknown> | undefined,
  ctx: AwsContext | undefined,
): WireObject {
  const outputs: WireObject = {};
  for (const p of outputProperties(type)) {
    outputs[p.name] = UNKNOWN;
  }
  Object.assign(outputs, state, derived(type, id, ctx));
  const nameProp = ID_IS[type];
  if (nameProp !== undefined) {
    outputs[nameProp] = id;
  }
  if (given !== undefined) {
    Object.assign(outputs, toWire(given, `reads["${type}::${id}"]`) as WireObject);
  }
  outputs["id"] = id;
  return outputs;
}
