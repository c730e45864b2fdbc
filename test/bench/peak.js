// Preloaded (`node -r`) into every benchmarked process: at exit, writes the process's peak
// resident set size (KiB, getrusage maxrss), CPU time (user + system, ms) and how many TypeScript
// modules it loaded (require.cache entries ending in .ts: 0 when it ran compiled JavaScript only)
// as JSON to the file named by BENCH_PEAK_FILE. A server stopped with SIGTERM (the component
// plugin) exits through the same path.
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
      JSON.stringify({ maxRSS: usage.maxRSS, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000, tsModules }),
    );
  });
}
