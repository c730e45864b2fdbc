/**
 * The components benchmark, one mode per fresh process (test/bench.ts times them):
 * - `components N`: N `S3Replication`s (cross-account SSE-KMS, every secure default) under the
 *   offline harness;
 * - `record N FILE`: the same, writing the raw resources they register to FILE;
 * - `many N`: one `S3Replication` with N destinations (existing SSE-S3 buckets in two Regions,
 *   alarms off: the smallest program with N rules), for its construction time and peak RSS;
 * - `raw FILE`: a program of those raw resources only, as a hand-written program declares them:
 *   the same @pulumi/aws class (`new aws.s3.Bucket(...)`, which declares every output property of
 *   the type), name, inputs, provider and dependsOn, and every input that depended on other
 *   resources passed as an Output of those resources (as `bucket.arn.apply(...)` would be). With
 *   RAW_CHECK=FILE it writes what the replay registered to FILE, to compare with the recording.
 */

import * as fs from "fs";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { S3Replication } from "../../components";
import { fanOutArgs } from "../components/support";
import { isSecret, runPolicies, type RecordedResource } from "../../policypack/testing";

const DESTINATION_ROLE = "arn:aws:iam::222222222222:role/deployer";

function componentsProgram(count: number): () => void {
  return () => {
    const source = new aws.Provider("source", { region: "us-east-1" });
    for (let i = 0; i < count; i++) {
      new S3Replication(
        `orders${i}`,
        {
          source: {},
          destinations: [{ name: "dr", region: "eu-west-1", assumeRoleArn: DESTINATION_ROLE }],
        },
        { provider: source },
      );
    }
  };
}

function manyDestinationsProgram(count: number): () => void {
  return () => {
    const source = new aws.Provider("source", { region: "us-east-1" });
    new S3Replication("orders", fanOutArgs(count), { provider: source });
  };
}

/** What the raw program replays of one recorded resource. */
interface RawResource {
  type: string;
  name: string;
  urn: string;
  inputs: Record<string, unknown>;
  provider?: string;
  dependencies: string[];
  propertyDependencies: Record<string, string[]>;
}

/** A @pulumi/aws resource class, as a program calls it: `new aws.s3.Bucket(name, args, opts)`. */
type AwsClass = new (
  name: string,
  args: Record<string, unknown>,
  opts: pulumi.CustomResourceOptions,
) => pulumi.Resource;

/** The @pulumi/aws class of each type token the components register (its static `__pulumiType`). */
function awsClasses(): Map<string, AwsClass> {
  const classes = new Map<string, AwsClass>();
  for (const mod of [aws.s3, aws.kms, aws.iam, aws.cloudwatch, aws.sns] as unknown as Record<string, unknown>[]) {
    for (const value of Object.values(mod)) {
      const type = (value as { __pulumiType?: unknown } | undefined)?.__pulumiType;
      if (typeof value === "function" && typeof type === "string") classes.set(type, value as AwsClass);
    }
  }
  return classes;
}

/** A provider's recorded inputs as a program writes them: the provider sends non-string settings as JSON text. */
function providerArgs(inputs: Record<string, unknown>): aws.ProviderArgs {
  const parsed = (value: unknown): unknown => {
    if (typeof value !== "string") return value;
    try {
      const decoded: unknown = JSON.parse(value);
      return typeof decoded === "string" ? value : decoded;
    } catch {
      return value; // a plain string setting (region, profile) is not JSON: it is the value itself
    }
  };
  return Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, parsed(v)])) as aws.ProviderArgs;
}

function rawProgram(resources: readonly RawResource[]): () => void {
  return () => {
    const classes = awsClasses();
    const byUrn = new Map<string, pulumi.Resource>();
    for (const r of resources) {
      const provider =
        r.provider === undefined ? undefined : (byUrn.get(r.provider) as pulumi.ProviderResource | undefined);
      const dependsOn = r.dependencies
        .map((urn) => byUrn.get(urn))
        .filter((d): d is pulumi.Resource => d !== undefined);
      const inputs: Record<string, unknown> = { ...r.inputs };
      for (const [key, urns] of Object.entries(r.propertyDependencies)) {
        const from = urns.map((urn) => byUrn.get(urn)).filter((d): d is pulumi.Resource => d !== undefined);
        if (from.length > 0 && key in inputs)
          inputs[key] = pulumi.all(from.map((d) => d.urn)).apply(() => r.inputs[key]);
      }
      const Class = classes.get(r.type);
      if (!r.type.startsWith("pulumi:providers:") && Class === undefined)
        throw new Error(`no @pulumi/aws class for ${r.type}`);
      const created =
        Class === undefined
          ? new aws.Provider(r.name, providerArgs(inputs))
          : new Class(r.name, inputs, { ...(provider ? { provider } : {}), dependsOn });
      byUrn.set(r.urn, created);
    }
  };
}

/** A recorded value as a program writes it (secret envelopes replaced by their value). */
function plainValue(value: unknown): unknown {
  if (isSecret(value as never)) return plainValue((value as { value?: unknown }).value);
  if (Array.isArray(value)) return value.map(plainValue);
  if (value !== null && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plainValue(v)]));
  return value;
}

function toRaw(records: readonly RecordedResource[]): RawResource[] {
  return records
    .filter((r) => r.custom)
    .map((r) => ({
      type: r.type,
      name: r.name,
      urn: r.urn,
      inputs: plainValue(r.inputs) as Record<string, unknown>,
      ...(r.provider ? { provider: r.provider.urn } : {}),
      dependencies: r.dependencies,
      propertyDependencies: r.propertyDependencies,
    }));
}

async function main(): Promise<void> {
  const [mode, arg, file] = process.argv.slice(2);
  const options = { policies: [], accounts: { [DESTINATION_ROLE]: "222222222222" } };
  if (mode === "components" || mode === "record") {
    const result = await runPolicies(componentsProgram(Number(arg)), options);
    if (mode === "record") fs.writeFileSync(file!, JSON.stringify(toRaw(result.resources)));
    console.log(`${result.resources.length} resources`);
  } else if (mode === "many") {
    const result = await runPolicies(manyDestinationsProgram(Number(arg)), options);
    console.log(`${result.resources.length} resources`);
  } else if (mode === "raw") {
    const resources = JSON.parse(fs.readFileSync(arg!, "utf8")) as RawResource[];
    const result = await runPolicies(rawProgram(resources), options);
    if (process.env.RAW_CHECK) fs.writeFileSync(process.env.RAW_CHECK, JSON.stringify(toRaw(result.resources)));
    console.log(`${result.resources.length} resources`);
  } else {
    throw new Error("usage: components.ts components N | record N FILE | many N | raw FILE");
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
