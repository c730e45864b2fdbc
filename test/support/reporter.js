// Mocha's spec reporter plus one plain closing line, "N passed, N failed, N skipped",
// which CI reads as the test count. With S3R_FILE_TIMES=FILE it also writes each test file's
// wall time (its top-level suites, hooks included) as JSON to FILE (`npm run bench` reads it).
"use strict";
const fs = require("fs");
const Mocha = require("mocha");
const { EVENT_RUN_END, EVENT_SUITE_BEGIN, EVENT_SUITE_END } = Mocha.Runner.constants;

class SpecWithSummary extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const timesFile = process.env.S3R_FILE_TIMES;
    const times = {};
    const started = new Map();
    if (timesFile) {
      runner.on(EVENT_SUITE_BEGIN, (suite) => {
        if (suite.file && suite.parent && suite.parent.root) started.set(suite, process.hrtime.bigint());
      });
      runner.on(EVENT_SUITE_END, (suite) => {
        const start = started.get(suite);
        if (start === undefined) return;
        times[suite.file] = (times[suite.file] || 0) + Number(process.hrtime.bigint() - start) / 1e6;
      });
    }
    runner.once(EVENT_RUN_END, () => {
      const { passes, failures, pending } = runner.stats;
      if (timesFile) fs.writeFileSync(timesFile, JSON.stringify(times));
      process.stdout.write(`\ntests: ${passes} passed, ${failures} failed, ${pending} skipped\n`);
    });
  }
}

module.exports = SpecWithSummary;
