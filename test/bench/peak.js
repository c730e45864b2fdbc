// Preloaded (`node -r`) into every benchmarked process: at exit, writes the process's peak
// resident set size (KiB, getrusage maxrss) and CPU time (user + system, ms) as JSON to the file
// named by BENCH_PEAK_FILE.
"use strict";
const fs = require("fs");
const file = process.env.BENCH_PEAK_FILE;
if (file) {
  process.on("exit", () => {
    const usage = process.resourceUsage();
    fs.writeFileSync(
      file,
      JSON.stringify({ maxRSS: usage.maxRSS, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000 }),
    );
  });
}
