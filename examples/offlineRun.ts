/**
 * The offline run of an example program, as `npm start` shows it: the program's own index.ts
 * (exactly what `pulumi up` runs) under the offline harness, in preview and then update mode,
 * with the policy pack, plus a collector that keeps the pack's view of the stack for the proof.
 */

import * as fs from "node:fs";
import * as path from "node:path";
import { StackValidationPolicy } from "@pulumi/policy";
import { mapStack, StackModel } from "../policypack/mapping";
import { policies as packPolicies, packName } from "../policypack/policies";
import { RecordedResource, RunResult, runPolicies } from "../policypack/testing";

const ROOT = path.resolve(__dirname, "..");

/** An example the runner can run. */
export interface ExampleInfo {
  /** Folder name (`root` for the root project). */
  name: string;
  /** Folder holding index.ts. */
  dir: string;
  /** Pulumi project name (config namespace). */
  project: string;
  /** The project's description. */
  description: string;
  /** The sample stack config (`Pulumi.demo.yaml`), keys namespaced as Pulumi writes them. */
  stackConfig: Record<string, string>;
}

/** The top-level `key: value` lines of a YAML file (flat values only: Pulumi.yaml's name, main, description). */
function topLevelValues(file: string): Record<string, string> {
  return yamlPairs(file, (line) => /^\S/.test(line));
}

/** The `config:` block of a Pulumi stack file (`Pulumi.<stack>.yaml`), flat values only. */
function stackConfigValues(file: string): Record<string, string> {
  let inConfig = false;
  return yamlPairs(file, (line) => {
    if (/^\S/.test(line)) inConfig = line.startsWith("config:");
    return inConfig && /^\s/.test(line);
  });
}

function yamlPairs(file: string, keep: (line: string) => boolean): Record<string, string> {
  const values: Record<string, string> = {};
  if (!fs.existsSync(file)) return values;
  for (const line of fs.readFileSync(file, "utf8").split("\n")) {
    if (line.trim() === "" || line.trim().startsWith("#") || !keep(line)) continue;
    const match = /^\s*([^\s:]+(?::[^\s:]+)?):\s+(.+)$/.exec(line);
    if (match?.[1] !== undefined && match[2] !== undefined) values[match[1]] = match[2].trim();
  }
  return values;
}

function exampleFrom(name: string, dir: string, projectFile: string, project?: string): ExampleInfo {
  const own = topLevelValues(path.join(dir, "Pulumi.yaml"));
  const meta = topLevelValues(projectFile);
  const ownProject = own["name"] ?? name;
  const targetProject = project ?? ownProject;
  const stackConfig: Record<string, string> = {};
  for (const [key, value] of Object.entries(stackConfigValues(path.join(dir, "Pulumi.demo.yaml")))) {
    stackConfig[key.startsWith(`${ownProject}:`) ? `${targetProject}:${key.slice(ownProject.length + 1)}` : key] =
      value;
  }
  return { name, dir, project: targetProject, description: meta["description"] ?? "", stackConfig };
}

/** Every example folder, and the root project (whose `main` is one of them). */
export function listExamples(): ExampleInfo[] {
  const examplesDir = path.join(ROOT, "examples");
  const folders = fs
    .readdirSync(examplesDir)
    .filter((entry) => fs.existsSync(path.join(examplesDir, entry, "Pulumi.yaml")))
    .sort();
  const root = topLevelValues(path.join(ROOT, "Pulumi.yaml"));
  const main = path.join(ROOT, root["main"] ?? ".");
  return [
    exampleFrom("root", main, path.join(ROOT, "Pulumi.yaml"), root["name"] ?? "s3-replication"),
    ...folders.map((folder) =>
      exampleFrom(folder, path.join(examplesDir, folder), path.join(examplesDir, folder, "Pulumi.yaml")),
    ),
  ];
}

/** One mode's run: the harness result and the pack's view of the stack. */
export interface ModeRun {
  /** Preview or update. */
  preview: boolean;
  /** What the harness recorded and the pack said. */
  result: RunResult;
  /** The stack as the pack's stack policies mapped it. */
  model: StackModel | undefined;
}

/** Runs an example's index.ts in one mode with the pack. */
export async function runExample(example: ExampleInfo, preview: boolean): Promise<ModeRun> {
  let model: StackModel | undefined;
  const collector: StackValidationPolicy = {
    name: "offline-run-collector",
    description: "Keeps the pack's view of the stack for npm start; never reports.",
    enforcementLevel: "advisory",
    validateStack: (args) => {
      model = mapStack(args.resources);
    },
  };
  const entry = require.resolve(path.join(example.dir, "index.ts"));
  // index.ts runs the program when it loads: load it afresh for this run, and leave no cached copy behind.
  const result = await runPolicies(
    () => {
      delete require.cache[entry];
      return require(entry) as unknown;
    },
    {
      preview,
      project: example.project,
      stack: "demo",
      stackConfig: example.stackConfig,
      policies: [...packPolicies, collector],
      packName,
    },
  ).finally(() => {
    delete require.cache[entry];
  });
  return { preview, result, model };
}

/** Resources other than the Stack and providers. */
export function managedResources(result: RunResult): RecordedResource[] {
  return result.resources.filter((resource) => resource.custom && !resource.type.startsWith("pulumi:providers:"));
}
