// The Pulumi runtime reads a stack trace for every promise it makes (runtime/debuggable.js,
// `debuggablePromise`: `new Error().stack`, kept for its leaked-promise message). Under ts-node,
// or any source-map-support, each of those reads maps every frame through the source maps: in a
// program run by the offline harness that was about half of the CPU time (a profile of
// test/policypack/shapes.test.ts: 22.9 s of 48.8 s). While the harness runs a program, those
// captures alone are formatted as V8 formats a stack without a hook (positions in the JavaScript
// that ran, not mapped; the first DEBUG_FRAMES frames); every other stack, above all an error of
// the program's own, keeps the installed formatter and its TypeScript positions.

/** The runtime function whose stack captures are formatted plainly (its frame is the capture's first). */
export const DEBUG_CAPTURE = "debuggablePromise";

/**
 * Frames written for one of those captures: Node's default `Error.stackTraceLimit`. Mocha sets the
 * limit to Infinity, and the leaked-promise message needs only where the promise was made.
 */
export const DEBUG_FRAMES = 10;

/**
 * The stack as V8 writes it when no `Error.prepareStackTrace` is installed. An error whose
 * `toString` throws (a throwing `name` getter) throws here too, as it does there.
 */
export function plainStack(error: Error, sites: readonly NodeJS.CallSite[]): string {
  let out = Error.prototype.toString.call(error);
  for (const site of sites) out += `\n    at ${String(site)}`;
  return out;
}

/**
 * Runs `run` with the Pulumi runtime's per-promise stack captures formatted plainly (see above)
 * when a formatter is installed (none: nothing to change); the formatter is restored after, unless
 * something else replaced it meanwhile.
 */
export async function withPlainDebugStacks<T>(run: () => Promise<T>): Promise<T> {
  const installed = Error.prepareStackTrace;
  if (typeof installed !== "function") return run();
  const selective = (error: Error, sites: NodeJS.CallSite[]): unknown =>
    sites[0]?.getFunctionName() === DEBUG_CAPTURE
      ? plainStack(error, sites.slice(0, DEBUG_FRAMES))
      : installed(error, sites);
  Error.prepareStackTrace = selective;
  try {
    return await run();
  } finally {
    if (Error.prepareStackTrace === selective) Error.prepareStackTrace = installed;
  }
}
