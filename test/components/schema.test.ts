/**
 * The multi-language schema: run @pulumi/pulumi's Analyzer (what `pulumi package add` runs) on
 * this package offline; fail on any schema error or any input/output without a description.
 */

import * as assert from "node:assert";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { AnalyzeResult, PropertyDefinition } from "@pulumi/pulumi/provider/experimental/analyzer";
import { getPulumiComponents } from "@pulumi/pulumi/provider/experimental/provider";
import type { PackageSpec } from "@pulumi/pulumi/provider/experimental/schema";
import {
  COMPONENTS,
  PLUGIN as ROOT,
  SCHEMA_FILE,
  analyze,
  schemaOf,
  schemaText,
  servedSchema,
} from "../support/schema";

/** Preloaded into the plugin: at exit (SIGTERM included), the .ts modules it loaded, as JSON, to S3R_PROBE_FILE. */
const PROBE = `"use strict";
process.on("SIGTERM", () => process.exit(0));
process.on("exit", () => require("fs").writeFileSync(process.env.S3R_PROBE_FILE,
  JSON.stringify(Object.keys(require.cache).filter((f) => /\\.ts$/.test(f)))));
`;

/** The clone's compiled development cache, rebuilt when a source changed since (as `npm test`'s build:dev does). */
function ensureFreshCache(): void {
  const devCache = require(path.join(ROOT, "..", "policypack", "devCache.js")) as { staleReason(): string };
  if (devCache.staleReason() === "") return;
  execFileSync(process.execPath, [path.join(ROOT, "build.js"), "dev"], { stdio: ["ignore", "ignore", "inherit"] });
  assert.strictEqual(devCache.staleReason(), "");
}

// `pulumi package add ./components` runs the plugin in components/ (PulumiPlugin.yaml, package.json, tsconfig.json).
describe("multi-language schema (Analyzer)", function () {
  this.timeout(300000);
  let result: AnalyzeResult;
  let probeDir: string;
  before(() => {
    result = analyze();
    probeDir = fs.mkdtempSync(path.join(os.tmpdir(), "s3r-plugin-probe-"));
    fs.writeFileSync(path.join(probeDir, "probe.js"), PROBE);
  });
  after(() => fs.rmSync(probeDir, { recursive: true, force: true }));

  it("docs/schema.json is the schema the Analyzer infers now (npm run schema writes it)", () => {
    assert.strictEqual(
      fs.readFileSync(SCHEMA_FILE, "utf8"),
      schemaText(schemaOf(result)),
      "docs/schema.json is stale: run npm run schema",
    );
  });

  it("docs/schema.json is exactly what the plugin serves: GetSchema through the real run-plugin entry, from compiled JavaScript (no TypeScript module loaded)", async () => {
    ensureFreshCache();
    const loaded = path.join(probeDir, "loaded.json");
    const { schema, ms } = await servedSchema({
      nodeArgs: ["-r", path.join(probeDir, "probe.js")],
      env: { S3R_PROBE_FILE: loaded },
    });
    console.log(`      run-plugin answered GetSchema in ${(ms / 1000).toFixed(1)} s (compiled)`);
    assert.strictEqual(fs.readFileSync(SCHEMA_FILE, "utf8"), schemaText(JSON.parse(schema) as PackageSpec));
    assert.deepStrictEqual(JSON.parse(fs.readFileSync(loaded, "utf8")), [], "TypeScript modules the plugin loaded");
  });

  it("the same schema from the TypeScript sources (S3R_NO_COMPILED=1: ts-node, the SDK's Analyzer at GetSchema)", async () => {
    const loaded = path.join(probeDir, "loaded-sources.json");
    const { schema, ms } = await servedSchema({
      nodeArgs: ["-r", path.join(probeDir, "probe.js")],
      env: { S3R_NO_COMPILED: "1", S3R_PROBE_FILE: loaded },
    });
    console.log(`      run-plugin answered GetSchema in ${(ms / 1000).toFixed(1)} s (sources)`);
    assert.strictEqual(fs.readFileSync(SCHEMA_FILE, "utf8"), schemaText(JSON.parse(schema) as PackageSpec));
    assert.ok((JSON.parse(fs.readFileSync(loaded, "utf8")) as string[]).includes(path.join(ROOT, "index.ts")));
  });

  it("types each number as the argument types say: `number` (the Analyzer has no integer), e.g. kmsRequestAlarmShare 0.8", () => {
    const text = fs.readFileSync(SCHEMA_FILE, "utf8");
    assert.doesNotMatch(text, /"type": "integer"/);
    const schema = JSON.parse(text) as PackageSpec;
    const type = (props: Record<string, unknown> | undefined, name: string): unknown =>
      (props?.[name] as { type?: string } | undefined)?.type;
    assert.strictEqual(type(schema.types["s3-replication:index:Destination"]?.properties, "priority"), "number");
  });

  it("exports from the plugin entry exactly the components analysed here (what `pulumi package add` discovers; not BucketReplication)", () => {
    const exported = getPulumiComponents(require(path.join(ROOT, "index.ts"))).map((c: { name: string }) => c.name);
    assert.deepStrictEqual(exported.sort(), [...COMPONENTS].sort());
  });

  it("infers every component without error", () => {
    assert.deepStrictEqual(Object.keys(result.components).sort(), [...COMPONENTS].sort());
  });

  it("references no other package (no provider or resource objects in args or outputs)", () => {
    assert.deepStrictEqual(result.dependencies, []);
  });

  it("describes every component, input and output", () => {
    const missing: string[] = [];
    const check = (where: string, props: Record<string, PropertyDefinition>): void => {
      for (const [name, prop] of Object.entries(props)) if (!prop.description) missing.push(`${where}.${name}`);
    };
    for (const [name, component] of Object.entries(result.components)) {
      if (!component.description) missing.push(name);
      check(`${name} input`, component.inputs);
      check(`${name} output`, component.outputs);
    }
    for (const [name, type] of Object.entries(result.typeDefinitions)) {
      if (type.properties) check(`type ${name}`, type.properties);
      for (const member of type.enum ?? []) if (!member.description) missing.push(`enum ${name}.${member.name}`);
    }
    assert.deepStrictEqual(missing, []);
  });

  it("writes every default into the description (the schema drops @default)", () => {
    const noDefault: string[] = [];
    const visit = (where: string, props: Record<string, PropertyDefinition>): void => {
      for (const [name, prop] of Object.entries(props))
        if (prop.optional && !/Default:/.test(prop.description ?? "")) noDefault.push(`${where}.${name}`);
    };
    for (const [name, component] of Object.entries(result.components)) visit(name, component.inputs);
    for (const [name, type] of Object.entries(result.typeDefinitions))
      if (type.properties) visit(name, type.properties);
    assert.deepStrictEqual(noDefault, []);
  });

  it("states each default once in the TypeScript docs: a Default: sentence, no @default tag repeating it", () => {
    const repeated: string[] = [];
    for (const file of fs.readdirSync(ROOT).filter((f) => f.endsWith(".ts"))) {
      for (const block of fs.readFileSync(path.join(ROOT, file), "utf8").match(/\/\*\*[\s\S]*?\*\//g) ?? []) {
        if (/Default:/.test(block) && /@default\b/.test(block))
          repeated.push(`${file}: ${block.split("\n")[1]?.trim() ?? block}`);
      }
    }
    assert.deepStrictEqual(repeated, []);
  });

  it("shapes S3Replication as designed: enums for choices, plain lists, maps keyed by destination", () => {
    const s3 = result.components["S3Replication"];
    assert.ok(s3);
    const prop = (p: PropertyDefinition | undefined): { type?: string; $ref?: string; items?: PropertyDefinition } =>
      (p ?? {}) as { type?: string; $ref?: string; items?: PropertyDefinition };
    assert.deepStrictEqual(prop(s3.inputs["destinations"]).type, "array");
    assert.strictEqual(prop(prop(s3.inputs["destinations"]).items).$ref, "#/types/s3-replication:index:Destination");
    assert.deepStrictEqual(
      result.typeDefinitions["Encryption"]?.enum?.map((e) => e.value),
      ["AES256", "aws:kms", "aws:kms:dsse"],
    );
    assert.ok(result.typeDefinitions["ReplicaOwnership"]?.enum);
    assert.ok(result.typeDefinitions["StorageClass"]?.enum);
    assert.strictEqual(prop(s3.outputs["destinationBucketNames"]).type, "object");
    assert.ok(
      !Object.keys(result.typeDefinitions).some((n) => n.endsWith("Args") && n !== "S3ReplicationArgs"),
      "nested types must not end in Args",
    );
  });
});

describe("multi-language plugin directory (components/)", () => {
  const read = (file: string): string => fs.readFileSync(path.join(ROOT, file), "utf8");
  it("required by anything but run-plugin (a test importing ../../components), the directory is index.ts's exports, even with the compiled cache fresh", () => {
    ensureFreshCache();
    const exported = require(ROOT) as Record<string, unknown>;
    assert.strictEqual(exported, require(path.join(ROOT, "index.ts")));
    assert.strictEqual(typeof exported["S3Replication"], "function");
  });
  it("is a Node component plugin: PulumiPlugin.yaml with the nodejs runtime", () => {
    assert.match(read("PulumiPlugin.yaml"), /^runtime: nodejs\s*$/m);
  });
  it("names the package s3-replication at the root package's version, with the root's pinned Pulumi versions", () => {
    const plugin = JSON.parse(read("package.json")) as {
      name: string;
      version: string;
      main: string;
      dependencies: Record<string, string>;
    };
    const root = JSON.parse(fs.readFileSync(path.join(ROOT, "..", "package.json"), "utf8")) as {
      version: string;
      dependencies?: Record<string, string>;
      devDependencies: Record<string, string>;
    };
    assert.strictEqual(plugin.name, "s3-replication");
    assert.strictEqual(plugin.version, root.version);
    assert.strictEqual(plugin.main, "plugin.js", "the entry that serves the compiled cache (components/pluginHost.js)");
    for (const [name, version] of Object.entries(plugin.dependencies)) {
      assert.match(version, /^\d+\.\d+\.\d+$/, `${name} is not pinned`);
      assert.strictEqual(
        version,
        root.dependencies?.[name] ?? root.devDependencies[name],
        `${name} differs from the root package`,
      );
    }
  });
  it("has a lockfile for its dependencies, at the versions the root's lockfile installs", () => {
    const plugin = JSON.parse(read("package.json")) as { dependencies: Record<string, string> };
    const lock = JSON.parse(read("package-lock.json")) as {
      packages: Record<string, { version?: string; dependencies?: Record<string, string> }>;
    };
    const rootLock = JSON.parse(fs.readFileSync(path.join(ROOT, "..", "package-lock.json"), "utf8")) as typeof lock;
    assert.deepStrictEqual(lock.packages[""]?.dependencies, plugin.dependencies);
    for (const name of Object.keys(plugin.dependencies)) {
      assert.strictEqual(
        lock.packages[`node_modules/${name}`]?.version,
        rootLock.packages[`node_modules/${name}`]?.version,
        name,
      );
    }
  });
});
