// Helpers for the checker tests: spawn the CLI as users run it, and temp files.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { main } from "../../policypack/check/cli";

export const REPO = path.join(__dirname, "..", "..");
export const BIN = path.join(REPO, "policypack", "check", "bin.js");
export const FIXTURES = path.join(__dirname, "fixtures");
export const LEGACY = path.join(FIXTURES, "legacy-stack.json");
export const TEST_POLICIES = path.join(FIXTURES, "testPolicies.ts");

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `s3-replication ARGS` from the repository root in a child process. */
export function cli(args: string[], input?: string): CliRun {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: REPO, encoding: "utf8", input, timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

let dir: string | undefined;

/** A file in a per-process temp directory. */
export function tmp(name: string, content?: string): string {
  dir ??= fs.mkdtempSync(path.join(os.tmpdir(), "s3r-check-"));
  const file = path.join(dir, name);
  if (content !== undefined) fs.writeFileSync(file, content);
  return file;
}

/** The legacy export, parsed (for tests that derive bad inputs from it). */
export function legacy(): {
  version: unknown;
  deployment: { resources: Array<Record<string, unknown>> } & Record<string, unknown>;
} {
  return JSON.parse(fs.readFileSync(LEGACY, "utf8")) as ReturnType<typeof legacy>;
}

/** Asserts no stack trace leaked. */
export function noStack(text: string): boolean {
  return !/\n\s+at .+\(.*:\d+:\d+\)/.test(text) && !/^\s+at /m.test(text);
}

/** Runs `s3-replication check ARGS` in process through the CLI's main (the same code as bin.js). */
export async function checkInProcess(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const status = await main(
    ["check", ...args],
    (s) => {
      stdout += s;
    },
    (s) => {
      stderr += s;
    },
  );
  return { status, stdout, stderr };
}
