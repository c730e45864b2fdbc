// Answers for provider functions. Built in: the AWS ones answered from the provider's own
// configuration (account from its credentials, region, partition) and `aws.iam.getPolicyDocument`,
// which the provider computes locally. Every other function reads from the cloud: the user answers
// it (`options.invokes`), and without an answer the run fails with a message naming the token and
// the option, instead of silently losing the resources that depend on it.
import { dnsSuffixOf, hexFrom, partitionOf, type AwsContext } from "./awsContext";
import { getPolicyDocument, GET_POLICY_DOCUMENT } from "./policyDocument";
import { knownString, OfflineHarnessError, type WireObject } from "./wire";

export const GET_CALLER_IDENTITY = "aws:index/getCallerIdentity:getCallerIdentity";
export const GET_REGION = "aws:index/getRegion:getRegion";
export const GET_PARTITION = "aws:index/getPartition:getPartition";

/** Tokens the harness answers by itself (each can still be answered by `options.invokes`). */
export const SUPPORTED_INVOKES: readonly string[] = [
  GET_CALLER_IDENTITY,
  GET_REGION,
  GET_PARTITION,
  GET_POLICY_DOCUMENT,
];

/** A provider function the program called that nobody answers: an expected failure, without a stack. */
export class UnmockedInvokeError extends OfflineHarnessError {
  constructor(token: string) {
    super(
      `offline harness: the program called the provider function '${token}', which reads from the cloud, and ` +
        `the run has no answer for it. Answer it in the options of runPolicies, e.g. ` +
        `{ invokes: { "${token}": (args, provider) => ({ /* the function's result */ }) } } ` +
        `(the harness answers ${SUPPORTED_INVOKES.join(", ")} by itself).`,
    );
    this.name = "UnmockedInvokeError";
    this.stack = `${this.name}: ${this.message}`;
  }
}

/** True when the harness answers `token` without the user. */
export function isBuiltinInvoke(token: string): boolean {
  return SUPPORTED_INVOKES.includes(token);
}

/** The result of an AWS provider function invoked on a provider working in `ctx`. */
export function awsInvoke(token: string, args: WireObject, ctx: AwsContext): WireObject {
  switch (token) {
    case GET_POLICY_DOCUMENT:
      return getPolicyDocument(args);
    case GET_CALLER_IDENTITY: {
      const session = "pulumi-offline-harness";
      const arn =
        ctx.assumedRole !== undefined
          ? `arn:${ctx.partition}:sts::${ctx.account}:assumed-role/${ctx.assumedRole}/${session}`
          : `arn:${ctx.partition}:iam::${ctx.account}:user/${session}`;
      const principal = (ctx.assumedRole !== undefined ? "AROA" : "AIDA") + hexFrom(arn, 17).toUpperCase();
      return {
        id: ctx.account,
        accountId: ctx.account,
        arn,
        userId: ctx.assumedRole !== undefined ? `${principal}:${session}` : principal,
      };
    }
    case GET_REGION: {
      const region = knownString(args["region"]) ?? knownString(args["name"]) ?? ctx.region;
      return {
        id: region,
        region,
        name: region,
        description: region,
        endpoint: `ec2.${region}.${dnsSuffixOf(partitionOf(region))}`,
      };
    }
    case GET_PARTITION: {
      const partition = ctx.partition;
      const dnsSuffix = dnsSuffixOf(partition);
      return {
        id: partition,
        partition,
        dnsSuffix,
        reverseDnsPrefix: dnsSuffix.split(".").reverse().join("."),
      };
    }
    default:
      throw new UnmockedInvokeError(token);
  }
}
