// Several exports checked together (`s3-replication check A.json B.json DIR ...`): each team
// exports its own stack, and the checker judges the replication across them as one estate. The
// resources of every export are put side by side: each keeps its URN (its own stack and project)
// and its own provider, so each export's providers give its resources' accounts and regions, and
// the stack reader joins buckets, keys, roles and rules by the ARNs and names they carry, as it
// does inside one stack. Two resources claiming the same bucket, key or configuration across the
// exports are reported by the pack's own checks (they see one stack holding both).
import * as fs from "fs";
import * as path from "path";
import { InputError, type ExportedStack } from "./exportReader";

/** One export read, with the file it came from. */
export interface ExportInput {
  file: string;
  stack: ExportedStack;
}

/** What the report says of each export. */
export interface ExportSummary {
  file: string;
  project: string;
  stack: string;
  resources: number;
}

/** Several exports as one: resources in a canonical order, and which export each came from. */
export interface JoinedExports extends ExportedStack {
  /** The exports, in the canonical order (by stack and project, then file). */
  exports: ExportSummary[];
  /** The file of the export each resource URN came from. */
  origins: Map<string, string>;
}

/**
 * The export files the arguments name: a file as given (`-` for standard input), a directory as
 * its `*.json` files (not recursive), sorted by name. A directory without one is unusable input.
 */
export function exportFiles(args: readonly string[]): string[] {
  const files: string[] = [];
  for (const arg of args) {
    if (arg === "-" || !isDirectory(arg)) {
      files.push(arg);
      continue;
    }
    const inside = fs
      .readdirSync(arg)
      .filter((name) => name.endsWith(".json"))
      .sort()
      .map((name) => path.join(arg, name));
    if (inside.length === 0) throw new InputError(`directory ${arg} holds no export (*.json file)`);
    files.push(...inside);
  }
  const seen = new Set<string>();
  for (const file of files) {
    const key = file === "-" ? file : path.resolve(file);
    if (seen.has(key)) throw new InputError(`${file} is named twice; check each export once`);
    seen.add(key);
  }
  return files;
}

function isDirectory(file: string): boolean {
  try {
    return fs.statSync(file).isDirectory();
  } catch {
    return false; // reading it reports why
  }
}

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Joins exports into one stack. The order of the files given does not matter: the exports are
 * ordered by their stack and project (the URN prefix), then by file name. A URN in two exports
 * means the same stack was exported twice: unusable input naming both files.
 */
export function joinExports(inputs: readonly ExportInput[]): JoinedExports {
  const ordered = [...inputs].sort(
    (a, b) =>
      compare(a.stack.stack, b.stack.stack) || compare(a.stack.project, b.stack.project) || compare(a.file, b.file),
  );
  const origins = new Map<string, string>();
  for (const { file, stack } of ordered) {
    for (const r of stack.resources) {
      const other = origins.get(r.urn);
      if (other !== undefined) {
        throw new InputError(
          `${other} and ${file} both hold ${r.urn}: they are exports of the same stack (${stack.project}/${stack.stack}); check one of them`,
        );
      }
      origins.set(r.urn, file);
    }
  }
  const first = ordered[0];
  return {
    project: first?.stack.project ?? "",
    stack: first?.stack.stack ?? "",
    resources: ordered.flatMap((i) => i.stack.resources),
    exports: ordered.map((i) => ({
      file: i.file,
      project: i.stack.project,
      stack: i.stack.stack,
      resources: i.stack.resources.length,
    })),
    origins,
  };
}
