/** Helpers for the component tests: run a program offline (no policies) and read what the engine received. */

import * as aws from "@pulumi/aws";
import { RecordedResource, RunResult, runPolicies, unwrap } from "../../policypack/testing";
import { Encryption, S3Replication, S3ReplicationArgs } from "../../components";

export const SOURCE_ACCOUNT = "111111111111";
export const DEST_ACCOUNT = "222222222222";
export const DEST_ROLE = `arn:aws:iam::${DEST_ACCOUNT}:role/pulumi-deploy`;

/**
 * The smallest arguments with `count` rules: existing SSE-S3 destination buckets in two Regions,
 * alarms off (per destination the bucket block, versioning and default encryption, and one rule).
 */
export function fanOutArgs(count: number): S3ReplicationArgs {
  return {
    source: { encryption: Encryption.SseS3 },
    destinations: Array.from({ length: count }, (_, i) => ({
      name: `d${i}`,
      region: i % 2 === 0 ? "eu-west-1" : "us-west-2",
      existingBucketName: `fan-out-${i}`,
      encryption: Encryption.SseS3,
    })),
    alarms: false,
  };
}

/** Runs a program offline with no policies. */
export async function run(program: () => unknown, preview = false): Promise<RunResult> {
  return runPolicies(program, { policies: [], preview, stackConfig: { "aws:region": "us-east-1" } });
}

/** Runs one S3Replication named `orders` on an explicit source provider in us-east-1. */
export async function runReplication(args: S3ReplicationArgs, preview = false): Promise<RunResult> {
  return run(() => {
    const source = new aws.Provider("source", { region: "us-east-1" });
    new S3Replication("orders", args, { provider: source });
  }, preview);
}

/** The one resource of a type and name (throws when absent). */
export function find(result: RunResult, type: string, name: string): RecordedResource {
  const found = result.resources.find((r) => r.type === type && r.name === name);
  if (!found)
    throw new Error(
      `no ${type} named ${name}; have:\n${result.resources.map((r) => `${r.type} ${r.name}`).join("\n")}`,
    );
  return found;
}

/** Every resource of a type. */
export function all(result: RunResult, type: string): RecordedResource[] {
  return result.resources.filter((r) => r.type === type);
}

/** A plain input value (secrets unwrapped). */
export function input(resource: RecordedResource, key: string): unknown {
  return unwrap(resource.inputs[key]);
}

/** A plain output value. */
export function output(resource: RecordedResource, key: string): unknown {
  return unwrap(resource.outputs[key]);
}

/** The JSON document an input received, parsed. */
export function doc(resource: RecordedResource, key: string): unknown {
  const value = input(resource, key);
  if (typeof value !== "string") throw new Error(`${resource.name}.${key} is not a string: ${JSON.stringify(value)}`);
  return JSON.parse(value);
}

/** URNs of every resource except providers' defaults and the stack. */
export function urns(result: RunResult): Set<string> {
  return new Set(
    result.resources.filter((r) => r.type !== "pulumi:pulumi:Stack" && r.defaultProvider !== true).map((r) => r.urn),
  );
}
