// The pack's stack policy run several times in one process, each run on the stack plus one
// placeholder resource of its own (the model cache recognises a stack by its content, so every run
// maps and judges the whole stack anew). The first run is the pack as the engine meets it, its code
// cold; the later runs are the same work with the code warm: what is left of the pack's cost once
// V8 has compiled it. Only the first run reports violations; every run's count is checked against
// it. Prints one line to stderr: `warm runs: WALL/CPU ...` in ms per run (CPU of all threads).
// `node test/bench/servedRun.js ROOT FILE test/bench/warmStackPolicy.js` (or packRun.js); runs:
// BENCH_WARM_RUNS (default 5). A diagnostic, not a contender of `npm run bench`.
"use strict";
const path = require("path");
const { performance } = require("perf_hooks");
// servedPack.js and packRun.js both take the compiled tree as their first argument.
const root = path.resolve(process.argv[2]);
const pack = require(path.join(root, "policypack", "policies.js"));
const runs = Math.max(1, Number(process.env.BENCH_WARM_RUNS ?? 5));

/** The stack with a placeholder resource named after the run (none for the first run). */
function stackForRun(resources, run) {
  if (run === 0) return resources;
  const name = `warm-run-${run}`;
  const urn = `urn:pulumi:bench::bench::bench:index:Placeholder::${name}`;
  const placeholder = { type: "bench:index:Placeholder", name, urn, props: {}, opts: {} };
  return [...resources, { ...placeholder, dependencies: [], propertyDependencies: {} }];
}

/** The stack policy, run `runs` times per call. */
function repeated(policy) {
  return {
    ...policy,
    validateStack: async (args, reportViolation) => {
      const figures = [];
      let first = -1;
      for (let run = 0; run < runs; run++) {
        let count = 0;
        const report = (...violation) => {
          count++;
          if (run === 0) reportViolation(...violation);
        };
        const cpu = process.cpuUsage();
        const start = performance.now();
        await policy.validateStack({ ...args, resources: stackForRun(args.resources, run) }, report);
        const used = process.cpuUsage(cpu);
        figures.push(`${(performance.now() - start).toFixed(0)}/${((used.user + used.system) / 1000).toFixed(0)}`);
        if (run === 0) first = count;
        else if (count !== first) throw new Error(`run ${run} reported ${count} violations, the first ${first}`);
      }
      process.stderr.write(`warm runs: ${figures.join(" ")} (wall/CPU ms; ${first} violations each)\n`);
    },
  };
}

module.exports = {
  packName: pack.packName,
  policies: pack.policies.map((policy) => (policy.validateStack ? repeated(policy) : policy)),
};
