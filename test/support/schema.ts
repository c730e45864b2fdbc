/**
 * The multi-language schema of the component plugin (components/), as `pulumi package add` gets it:
 * @pulumi/pulumi's Analyzer run offline on components/, then the SDK's own generateSchema, exactly
 * as the plugin's GetSchema computes it (no refinement: other languages get what the plugin serves).
 *
 * `npm run schema` writes docs/schema.json; test/components/schema.test.ts fails when it differs
 * from what this infers now, or from what the real plugin entry serves over GetSchema.
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { Analyzer, type AnalyzeResult } from "@pulumi/pulumi/provider/experimental/analyzer";
import { generateSchema, type PackageSpec } from "@pulumi/pulumi/provider/experimental/schema";

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

/**
 * The package schema the plugin serves: what @pulumi/pulumi's ComponentProvider.getSchema computes
 * from the same Analyzer result (provider/experimental/provider.js). Numbers stay `number`: the
 * Analyzer has no integer type (whole counts are checked at construction, Number.isInteger).
 */
export function schemaOf(result: AnalyzeResult): PackageSpec {
  const manifest = pluginManifest();
  return generateSchema(
    "s3-replication",
    manifest.version,
    manifest.description,
    result.components,
    result.typeDefinitions,
    result.dependencies,
  );
}

/** How `servedSchema` starts the plugin: its directory, `node` options before the entry, extra environment. */
export interface PluginStart {
  /** The plugin directory (default: components/). */
  dir?: string;
  /** `node` options before run-plugin's entry (e.g. `["-r", "probe.js"]`). */
  nodeArgs?: string[];
  /** Added to the plugin's environment. */
  env?: Record<string, string>;
}

/**
 * The schema as the engine gets it: the real plugin entry (`@pulumi/pulumi/cmd/run-plugin` on the
 * plugin directory, as the Node.js language host starts it for `pulumi package add`), asked over
 * gRPC with GetSchema; the plugin is then stopped with SIGTERM. Returns the JSON text it serves and
 * how long the plugin took to answer (wall).
 */
export async function servedSchema(start: PluginStart = {}): Promise<{ schema: string; ms: number }> {
  const dir = start.dir ?? PLUGIN;
  const pulumi = path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [dir] }));
  const grpc = require(require.resolve("@grpc/grpc-js", { paths: [pulumi] })) as typeof import("@grpc/grpc-js");
  const { ResourceProviderClient } = require(path.join(pulumi, "proto", "provider_grpc_pb")) as {
    ResourceProviderClient: new (
      address: string,
      credentials: unknown,
    ) => {
      getSchema(request: unknown, callback: (error: Error | null, response: { getSchema(): string }) => void): void;
      close(): void;
    };
  };
  const { GetSchemaRequest } = require(path.join(pulumi, "proto", "provider_pb")) as {
    GetSchemaRequest: new () => unknown;
  };
  const started = Date.now();
  const plugin = spawn(process.execPath, [...(start.nodeArgs ?? []), path.join(pulumi, "cmd", "run-plugin"), "."], {
    cwd: dir,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...start.env },
  });
  let stderr = "";
  plugin.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => plugin.on("exit", () => resolve()));
  try {
    const port = await new Promise<string>((resolve, reject) => {
      let stdout = "";
      plugin.stdout.on("data", (chunk: Buffer) => {
        stdout += chunk.toString();
        const line = /^(\d+)\n/.exec(stdout);
        if (line?.[1]) resolve(line[1]);
      });
      plugin.on("exit", (code) =>
        reject(new Error(`run-plugin exited ${String(code)} before serving:\n${stdout}${stderr}`)),
      );
    });
    const client = new ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    const schema = await new Promise<string>((resolve, reject) =>
      client.getSchema(new GetSchemaRequest(), (error, response) =>
        error ? reject(error) : resolve(response.getSchema()),
      ),
    );
    client.close();
    return { schema, ms: Date.now() - started };
  } finally {
    plugin.kill();
    await exited;
  }
}

/** The schema as written to docs/schema.json. */
export function schemaText(schema: PackageSpec): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}

if (require.main === module) {
  fs.writeFileSync(SCHEMA_FILE, schemaText(schemaOf(analyze())));
  console.log(`wrote ${path.relative(process.cwd(), SCHEMA_FILE)}`);
}
