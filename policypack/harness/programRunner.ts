// Runs a Pulumi program under the recording monitor, the way the Node language host runs one:
// in a fresh runtime store, inside runInPulumiStack (root Stack resource, which turns on the
// secrets and resource-reference features), then waits for every outstanding RPC. Any error the
// engine or the language host would fail the deployment with fails the run.
import * as settings from "@pulumi/pulumi/runtime/settings";
import * as runtimeConfig from "@pulumi/pulumi/runtime/config";
import { runInPulumiStack } from "@pulumi/pulumi/runtime/stack";
import { withPlainDebugStacks } from "./debugStacks";
import { RecordingMonitor, type MonitorSettings } from "./mockMonitor";

/** Internal SDK functions (not in the .d.ts files): runtime/state and runtime/settings. */
interface RuntimeInternals {
  withLocalStorage<T>(callback: () => Promise<T>): Promise<T>;
  getStore(): { logErrorCount: number };
  waitForRPCs(): Promise<void>;
}

function internals(): RuntimeInternals {
  const state = require("@pulumi/pulumi/runtime/state") as Pick<RuntimeInternals, "withLocalStorage" | "getStore">;
  const s = settings as unknown as Pick<RuntimeInternals, "waitForRPCs">;
  for (const [name, fn] of [
    ["runtime/state.withLocalStorage", state.withLocalStorage],
    ["runtime/state.getStore", state.getStore],
    ["runtime/settings.waitForRPCs", s.waitForRPCs],
  ] as const) {
    if (typeof fn !== "function") {
      throw new Error(`offline harness: @pulumi/pulumi no longer exports ${name}; update policypack/harness`);
    }
  }
  return { withLocalStorage: state.withLocalStorage, getStore: state.getStore, waitForRPCs: s.waitForRPCs };
}

export interface ProgramSettings extends MonitorSettings {
  organization: string;
}

let running = false;

function asError(reason: unknown): Error {
  return reason instanceof Error ? reason : new Error(`non-Error rejection: ${String(reason)}`);
}

/** The error a run fails with, prefixed; an expected failure keeps a stack-free form. */
function programFailed(reason: unknown): Error {
  const err = asError(reason);
  err.message = `program failed: ${err.message}`;
  if (!(err.stack ?? "").includes("\n    at ")) {
    err.stack = `${err.name}: ${err.message}`;
  }
  return err;
}

/** Runs `program`; resolves with the monitor holding the records, rejects with the first failure. */
export async function runProgram(
  program: () => unknown | Promise<unknown>,
  opts: ProgramSettings,
): Promise<RecordingMonitor> {
  if (running) {
    throw new Error("offline harness: runs must not overlap (await each runPolicies before the next)");
  }
  running = true;
  const rt = internals();
  const monitor = new RecordingMonitor(opts);
  const rejections = new Set<unknown>();
  const onRejection = (reason: unknown): void => {
    rejections.add(reason);
  };
  process.on("unhandledRejection", onRejection);
  let logErrors = 0;
  let failure: unknown;
  try {
    // Pulumi's per-promise stack captures unmapped (debugStacks.ts): half the run under ts-node.
    await withPlainDebugStacks(() =>
      rt.withLocalStorage(async () => {
        settings.setMockOptions(monitor, opts.project, opts.stack, opts.preview, opts.organization);
        const config: Record<string, string> = {};
        for (const [k, v] of Object.entries(opts.stackConfig)) {
          config[k] = typeof v === "string" ? v : JSON.stringify(v);
        }
        runtimeConfig.setAllConfig(config, []);
        let programError: unknown;
        try {
          await runInPulumiStack(async () => {
            const exported = await program();
            return typeof exported === "object" && exported !== null
              ? (exported as Record<string, unknown>)
              : undefined;
          });
        } catch (err) {
          programError = err ?? new Error("program failed");
        }
        // Let in-flight registrations finish so nothing of this run leaks into the next one.
        await rt.waitForRPCs().catch((err: unknown) => rejections.add(err));
        logErrors = rt.getStore().logErrorCount;
        if (programError !== undefined) {
          throw asError(programError);
        }
      }),
    );
  } catch (err) {
    failure = err;
  } finally {
    // Unhandled rejections are reported after the microtask queue drains; keep listening until
    // then so a late rejection of this run neither escapes nor lands in the next run.
    await new Promise<void>((resolve) => setImmediate(resolve));
    await new Promise<void>((resolve) => setImmediate(resolve));
    process.off("unhandledRejection", onRejection);
    running = false;
  }
  // The program's own error comes first; but when it is the SDK's copy of an RPC the harness
  // refused (the SDK rethrows a failed RPC as `new Error(details)`), report the refusal itself,
  // which carries no stack trace when it is an expected failure.
  if (failure !== undefined) {
    const message = asError(failure).message;
    const refused = monitor.errors.find((e) => e.message === message);
    throw refused !== undefined ? programFailed(refused) : asError(failure);
  }
  const first = [...monitor.errors, ...rejections][0];
  if (first !== undefined) {
    throw programFailed(first);
  }
  if (logErrors > 0) {
    throw new Error(`program failed: it logged ${logErrors} error(s) with pulumi.log.error`);
  }
  return monitor;
}
