/**
 * The multi-language schema of the component plugin (components/), as `pulumi package add` gets it:
 * @pulumi/pulumi's Analyzer run offline on components/, then the SDK's own generateSchema. One
 * refinement: the Analyzer types every TypeScript `number` as a schema `number`, and every number
 * this package takes is a whole count (key deletion windows and expiration in days, rule
 * priorities, each rejected at construction unless Number.isInteger), so they are written as
 * `integer` (Python `int`, Go `int`, C# `int`).
 *
 * `npm run schema` writes docs/schema.json; test/components/schema.test.ts fails when it differs
 * from what this infers now.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { Analyzer, type AnalyzeResult } from "@pulumi/pulumi/provider/experimental/analyzer";
import { generateSchema, type PackageSpec, type Type } from "@pulumi/pulumi/provider/experimental/schema";

/** The plugin directory. */
export const PLUGIN = path.resolve(__dirname, "../../components");
/** Where the schema is written. */
export const SCHEMA_FILE = path.resolve(__dirname, "../../docs/schema.json");
/** The components the plugin serves. */
export const COMPONENTS = [
  "S3Replication",
  "EncryptedBucket",
  "ReplicationKey",
  "ReplicationRole",
  "ReplicationAccess",
  "ReplicationGrant",
];

/** The plugin's package.json. */
export function pluginManifest(): { name: string; version: string; description: string } {
  return JSON.parse(fs.readFileSync(path.join(PLUGIN, "package.json"), "utf8")) as {
    name: string;
    version: string;
    description: string;
  };
}

/** Runs the Analyzer on components/ (what `pulumi package add ./components` runs). */
export function analyze(): AnalyzeResult {
  return new Analyzer(PLUGIN, "s3-replication", pluginManifest(), new Set(COMPONENTS)).analyze();
}

/** A property type with every `number` made `integer`, items and map values included. */
function integer<T extends Type>(type: T): T {
  const out: T = { ...type };
  if ("type" in out && out.type === "number") out.type = "integer";
  if (out.items) out.items = integer(out.items);
  if (out.additionalProperties) out.additionalProperties = integer(out.additionalProperties);
  return out;
}

function integers<T extends Type>(props: Record<string, T> | undefined): Record<string, T> | undefined {
  return props && Object.fromEntries(Object.entries(props).map(([name, prop]) => [name, integer(prop)]));
}

/** The package schema `pulumi package add` would use, numbers as integers. */
export function schemaOf(result: AnalyzeResult): PackageSpec {
  const manifest = pluginManifest();
  const schema = generateSchema(
    "s3-replication",
    manifest.version,
    manifest.description,
    result.components,
    result.typeDefinitions,
    result.dependencies,
  );
  for (const resource of Object.values(schema.resources)) {
    const inputs = integers(resource.inputProperties);
    const outputs = integers(resource.properties);
    if (inputs) resource.inputProperties = inputs;
    if (outputs) resource.properties = outputs;
  }
  for (const type of Object.values(schema.types)) {
    const props = integers(type.properties);
    if (props) type.properties = props;
  }
  return schema;
}

/** The schema as written to docs/schema.json. */
export function schemaText(schema: PackageSpec): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}

if (require.main === module) {
  fs.writeFileSync(SCHEMA_FILE, schemaText(schemaOf(analyze())));
  console.log(`wrote ${path.relative(process.cwd(), SCHEMA_FILE)}`);
}
