// fast-check settings shared by the property tests: a fixed seed (FC_SEED overrides it), printed
// once, so CI runs are reproducible; a failure's error names the seed, path and shrunk counterexample.
import type { Parameters } from "fast-check";

/** The seed every property test runs with. */
export const SEED = Number(process.env["FC_SEED"] ?? "20261201");

let printed = false;

/** fc.assert parameters with the fixed seed and `numRuns` runs; prints the seed once. */
export function propertyParameters<T>(numRuns: number): Parameters<T> {
  if (!printed) {
    printed = true;
    console.log(`      property tests: fast-check seed ${SEED} (set FC_SEED to change)`);
  }
  return { seed: SEED, numRuns, endOnFailure: false, verbose: 1 };
}
