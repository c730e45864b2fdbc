// Mocha's spec reporter plus one plain closing line, "N passed, N failed, N skipped",
// which CI reads as the test count. With S3R_FILE_TIMES=FILE it also writes each test file's
// wall time (its top-level suites, hooks included) as JSON to FILE (`npm run bench` reads it):
// test/support/fileTimes.js measures them where the files run (in the workers in parallel mode)
// and leaves parts in FILE.parts/, merged here at the end of the run.
"use strict";
const fs = require("fs");
const path = require("path");
const Mocha = require("mocha");
const { EVENT_RUN_END } = Mocha.Runner.constants;

/** Sums the parts the workers wrote into one { file: ms } object and removes them. */
function mergeParts(timesFile) {
  const dir = `${timesFile}.parts`;
  const times = {};
  for (const name of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
    for (const [file, ms] of Object.entries(JSON.parse(fs.readFileSync(path.join(dir, name), "utf8"))))
      times[file] = (times[file] || 0) + ms;
  }
  fs.rmSync(dir, { recursive: true, force: true });
  return times;
}

class SpecWithSummary extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const timesFile = process.env.S3R_FILE_TIMES;
    if (timesFile) fs.rmSync(`${timesFile}.parts`, { recursive: true, force: true });
    runner.once(EVENT_RUN_END, () => {
      const { passes, failures, pending } = runner.stats;
      if (timesFile) fs.writeFileSync(timesFile, JSON.stringify(mergeParts(timesFile)));
      process.stdout.write(`\ntests: ${passes} passed, ${failures} failed, ${pending} skipped\n`);
    });
  }
}

module.exports = SpecWithSummary;
