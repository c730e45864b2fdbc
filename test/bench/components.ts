/**
 * The components benchmark, one mode per fresh process (test/bench.ts times them):
 * - `components N`: N `S3Replication`s (cross-account SSE-KMS, every secure default) under the
 *   offline harness;
 * - `record N FILE`: the same, writing the raw resources they register to FILE;
 * - `raw FILE`: a program of those raw resources only, as a hand-written program declares them:
 *   same type, name, inputs, provider and dependsOn, and every input that depended on other
 *   resources passed as an Output of those resources (as `bucket.arn.apply(...)` would be).
 */

import * as fs from "fs";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { S3Replication } from "../../components";
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

/** A resource declared by its type token (what `new aws.s3.Bucket(...)` and the like register). */
class Declared extends pulumi.CustomResource {
  constructor(type: string, name: string, inputs: Record<string, unknown>, opts: pulumi.CustomResourceOptions) {
    super(type, name, inputs, opts);
  }
}

function rawProgram(resources: readonly RawResource[]): () => void {
  return () => {
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
      const created = r.type.startsWith("pulumi:providers:")
        ? new aws.Provider(r.name, inputs as aws.ProviderArgs)
        : new Declared(r.type, r.name, inputs, { ...(provider ? { provider } : {}), dependsOn });
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
  } else if (mode === "raw") {
    const resources = JSON.parse(fs.readFileSync(arg!, "utf8")) as RawResource[];
    const result = await runPolicies(rawProgram(resources), options);
    console.log(`${result.resources.length} resources`);
  } else {
    throw new Error("usage: components.ts components N | record N FILE | raw FILE");
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
