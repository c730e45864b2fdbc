// Answers for the AWS provider functions the components call, per provider: account from the
// provider's credentials, region from its configuration. Anything else is an error, so a program
// that depends on an unmocked function fails instead of silently losing resources.
import { dnsSuffixOf, hexFrom, partitionOf, type AwsContext } from "./awsContext";
import { knownString, type WireObject } from "./wire";

export const GET_CALLER_IDENTITY = "aws:index/getCallerIdentity:getCallerIdentity";
export const GET_REGION = "aws:index/getRegion:getRegion";
export const GET_PARTITION = "aws:index/getPartition:getPartition";

/** Tokens the harness answers. */
export const SUPPORTED_INVOKES: readonly string[] = [GET_CALLER_IDENTITY, GET_REGION, GET_PARTITION];

export class UnmockedInvokeError extends Error {
    constructor(token: string) {
        super(
            `offline harness: the program called provider function '${token}', which the harness does not answer ` +
                `(it answers ${SUPPORTED_INVOKES.join(", ")}). A real preview would call AWS; compute the value ` +
                `in the program or extend policypack/harness/awsInvokes.ts.`,
        );
        this.name = "UnmockedInvokeError";
    }
}

/** The result of an AWS provider function invoked on a provider working in `ctx`. */
export function awsInvoke(token: string, args: WireObject, ctx: AwsContext): WireObject {
    switch (token) {
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
