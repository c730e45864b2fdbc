// Preloaded (`node -r`) into every benchmarked process: at exit, writes the process's peak
// resident set size (KiB, getrusage maxrss), CPU time (user + system, ms) and how many TypeScript
// modules it loaded (require.cache entries ending in .ts: 0 when it ran compiled JavaScript only)
// as JSON to the file named by BENCH_PEAK_FILE. A server stopped with SIGTERM (the component
// plugin) exits through the same path. On Linux it also writes the CPU time of the main thread
// (JavaScript, and what V8 does there) apart from the other threads' (V8's background threads:
// the optimising compiler and the collector's helpers; libuv's pool), from each thread's
// /proc/self/task/TID/schedstat (nanoseconds on a CPU).
"use strict";
const fs = require("fs");
const file = process.env.BENCH_PEAK_FILE;
if (file) {
  process.on("SIGTERM", () => process.exit(0));
  process.on("exit", () => {
    const usage = process.resourceUsage();
    const tsModules = Object.keys(require.cache).filter((name) => /\.[cm]?tsx?$/.test(name)).length;
    fs.writeFileSync(
      file,
      JSON.stringify({
        maxRSS: usage.maxRSS,
        cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000,
        tsModules,
        ...threadSplit(),
      }),
    );
  });
}

/**
 * CPU ms of the main thread and of all other threads, or nothing where /proc has no schedstat (not
 * Linux, or a kernel without scheduler statistics). A thread that ended between the listing and
 * its read is left out; any other failure is an error of the measurement and is thrown.
 */
function threadSplit() {
  if (!fs.existsSync("/proc/self/task") || !fs.existsSync(`/proc/self/task/${process.pid}/schedstat`)) return {};
  let mainCpuMs = 0;
  let backgroundCpuMs = 0;
  for (const tid of fs.readdirSync("/proc/self/task")) {
    let text;
    try {
      text = fs.readFileSync(`/proc/self/task/${tid}/schedstat`, "utf8");
    } catch (error) {
      if (error.code === "ENOENT" || error.code === "ESRCH") continue; // the thread has ended
      throw error;
    }
    const ns = Number(text.split(" ")[0]);
    if (!Number.isFinite(ns))
      throw new Error(`/proc/self/task/${tid}/schedstat: no run time in ${JSON.stringify(text)}`);
    if (tid === String(process.pid)) mainCpuMs += ns / 1e6;
    else backgroundCpuMs += ns / 1e6;
  }
  return { mainCpuMs, backgroundCpuMs };
}
