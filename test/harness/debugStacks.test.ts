// The Pulumi runtime's per-promise stack captures are formatted plainly while the harness runs a
// program; every other stack keeps the installed formatter (ts-node's source maps here).
import * as assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import { DEBUG_CAPTURE, DEBUG_FRAMES, plainStack, withPlainDebugStacks } from "../../policypack/harness/debugStacks";
import { runPolicies } from "../../policypack/testing";

/** A stack formatter (Error.prepareStackTrace), or none (V8's own format). */
type Formatter = ((error: Error, sites: NodeJS.CallSite[]) => unknown) | undefined;

/** Installs `formatter` as Error.prepareStackTrace (none: removes it). */
function install(formatter: Formatter): void {
  if (formatter === undefined) Reflect.deleteProperty(Error, "prepareStackTrace");
  else Error.prepareStackTrace = formatter;
}

/** Runs `run` with `formatter` installed as Error.prepareStackTrace, restoring the one before. */
async function withFormatter<T>(formatter: Formatter, run: () => Promise<T>): Promise<T> {
  const before = Error.prepareStackTrace;
  install(formatter);
  try {
    return await run();
  } finally {
    install(before);
  }
}

/** A stack captured the way runtime/debuggable.js captures one: `new Error().stack` in a function of that name. */
function debuggablePromise(): string | undefined {
  return new Error().stack;
}

function otherStack(): string | undefined {
  return new Error("mine").stack;
}

const marker: Formatter = (error) => `formatted: ${error.message}`;

describe("harness: Pulumi's per-promise stacks are not source-mapped (debugStacks.ts)", () => {
  it("names the SDK's capturing function as the pinned @pulumi/pulumi defines it", () => {
    const debuggable = require("@pulumi/pulumi/runtime/debuggable") as Record<string, unknown>;
    const capture = debuggable[DEBUG_CAPTURE];
    assert.equal(typeof capture, "function", `@pulumi/pulumi/runtime/debuggable no longer exports ${DEBUG_CAPTURE}`);
    assert.equal((capture as { name: string }).name, DEBUG_CAPTURE);
    assert.match(String(capture), /new Error\(\)\.stack/, "it still reads a stack per promise");
  });

  it("formats a capture made in debuggablePromise plainly and any other stack with the installed formatter", async () => {
    await withFormatter(marker, () =>
      withPlainDebugStacks(async () => {
        const debug = debuggablePromise();
        assert.match(debug ?? "", /^Error\n {4}at debuggablePromise \(.*debugStacks\.test\.ts:\d+:\d+\)\n/);
        assert.equal(otherStack(), "formatted: mine");
      }),
    );
  });

  it("writes the first DEBUG_FRAMES frames of a capture however deep the stack (mocha's limit is Infinity)", async () => {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = Infinity;
    const deep = (depth: number): string | undefined => (depth === 0 ? debuggablePromise() : deep(depth - 1));
    try {
      await withFormatter(marker, () =>
        withPlainDebugStacks(async () => {
          const lines = (deep(3 * DEBUG_FRAMES) ?? "").split("\n");
          assert.equal(lines.length, 1 + DEBUG_FRAMES);
          assert.match(lines[1] ?? "", /^ {4}at debuggablePromise \(/);
          assert.ok(lines.slice(2).every((line) => /^ {4}at deep \(/.test(line)));
        }),
      );
    } finally {
      Error.stackTraceLimit = limit;
    }
  });

  it("restores the installed formatter after the run, also when the run fails", async () => {
    await withFormatter(marker, async () => {
      await withPlainDebugStacks(async () => undefined);
      assert.equal(Error.prepareStackTrace, marker);
      await assert.rejects(
        withPlainDebugStacks(async () => {
          throw new Error("boom");
        }),
        /boom/,
      );
      assert.equal(Error.prepareStackTrace, marker);
    });
  });

  it("leaves a formatter installed during the run in place", async () => {
    const later: Formatter = () => "later";
    await withFormatter(marker, async () => {
      await withPlainDebugStacks(async () => {
        Error.prepareStackTrace = later;
      });
      assert.equal(Error.prepareStackTrace, later);
    });
  });

  it("installs nothing when no formatter is installed (V8's own format is already plain)", async () => {
    await withFormatter(undefined, () =>
      withPlainDebugStacks(async () => {
        assert.equal(Error.prepareStackTrace, undefined);
      }),
    );
  });

  it("writes a stack exactly as V8 does without a formatter", () => {
    let sites: NodeJS.CallSite[] = [];
    const recordSites: Formatter = (error, callSites) => {
      sites = callSites;
      return plainStack(error, callSites);
    };
    const capture = (): string => new Error("same place").stack ?? "";
    const before = Error.prepareStackTrace;
    const stacks: string[] = [];
    try {
      // One call site, synchronously: the same frames twice, formatted by V8, then by plainStack.
      for (const formatter of [undefined, recordSites]) {
        install(formatter);
        stacks.push(capture());
      }
    } finally {
      install(before);
    }
    assert.ok(sites.length > 1, "the formatter saw the frames");
    assert.match(stacks[0] ?? "", /^Error: same place\n {4}at capture \(/);
    assert.equal(stacks[1], stacks[0]);
  });

  it("throws, as V8 does without a formatter, for an error whose name cannot be read", () => {
    const throwingName = (): Error => {
      const error = new Error("x");
      Object.defineProperty(error, "name", {
        get: () => {
          throw new Error("name getter");
        },
      });
      return error;
    };
    const before = Error.prepareStackTrace;
    try {
      install(undefined);
      assert.throws(() => throwingName().stack, /name getter/, "V8's own format");
      install((error, sites) => plainStack(error, sites));
      assert.throws(() => throwingName().stack, /name getter/, "plainStack");
    } finally {
      install(before);
    }
  });

  it("keeps the TypeScript positions of a program's own error under the harness", async () => {
    const failure = await runPolicies(
      () => {
        new aws.s3.Bucket("b");
        throw new Error("program error");
      },
      { policies: [] },
    ).then(
      () => undefined,
      (error: unknown) => error,
    );
    assert.ok(failure instanceof Error);
    assert.match(failure.stack ?? "", /debugStacks\.test\.ts:\d+:\d+/);
  });

  it("formats none of the runtime's captures in a program run through the installed formatter", async () => {
    const sdk = require("@pulumi/pulumi/runtime/debuggable") as {
      debuggablePromise<T>(p: Promise<T>, ctx: string): Promise<T>;
    };
    let mapped = 0;
    const counting: Formatter = (error, sites) => {
      if (sites.some((site) => site.getFunctionName() === DEBUG_CAPTURE)) mapped++;
      return `mapped: ${error.message}`;
    };
    let trace: unknown;
    await withFormatter(counting, () =>
      runPolicies(
        async () => {
          new aws.s3.Bucket("b");
          // The SDK's own capture, made inside the program as the runtime makes them.
          const marked = Promise.resolve(1);
          await sdk.debuggablePromise(marked, "test");
          trace = (marked as unknown as { _debugStackTrace?: unknown })._debugStackTrace;
        },
        { policies: [] },
      ).then(() => undefined),
    );
    assert.equal(mapped, 0, "no capture reached the installed formatter");
    assert.equal(typeof trace, "string");
    const lines = String(trace).split("\n");
    assert.match(lines[1] ?? "", /^ {4}at (Object\.)?debuggablePromise \(.*debuggable\.js:\d+:\d+\)$/);
    assert.ok(lines.length <= 1 + DEBUG_FRAMES, `${lines.length - 1} frames`);
    // Outside the harness's run the same capture reaches the installed formatter.
    await withFormatter(counting, async () => {
      await sdk.debuggablePromise(Promise.resolve(1), "outside");
    });
    assert.equal(mapped, 1);
  });
});
