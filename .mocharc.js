// Mocha's options for every run: `npx mocha FILE...` runs exactly those files with them. No `spec`
// here on purpose: mocha adds a configured spec list to the files named on the command line (a
// `spec` in package.json made `npx mocha one.test.ts` run the whole suite). The scripts name what
// they run: `npm test` every file outside test/release/ (in parallel, 2 workers), `npm run
// test:release` the slow release checks (serial: what packs, installs or publishes the package, a
// clone's build, the verdict fixture replayed under every config, 1,000 destinations), `npm run
// test:unit` the pure core.
"use strict";

module.exports = {
  require: ["ts-node/register/transpile-only", "test/support/fileTimes.js", "test/support/sdkWarnings.js"],
  // A guard against hangs, not a speed check: two files run at once (npm test), on machines shared
  // with other jobs, and a program under the offline harness took 30 s alone at load 19.
  timeout: 180000,
  reporter: "test/support/reporter.js",
};
