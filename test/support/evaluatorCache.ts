/**
 * A cache in front of one lookup of the IAM evaluator. For every simulation the evaluator asks
 * which of an action's resource types a resource ARN can be
 * (`simulation_engine/resourceTypes.js` `getResourceTypesForAction(service, action, resource)`:
 * every resource type's ARN pattern matched against the ARN character by character), a third of
 * the proof tests' CPU (test/proof/matrixBoundary.test.ts: 6.1 s of 16.8 s). The answer depends on
 * the three strings and the evaluator's bundled IAM data only, and both of its callers
 * (`simulationEngine.js`, `contextKeys.js`) only read the array, so each answer is kept for the
 * process. The callers reach it through the module object (`(0, m.getResourceTypesForAction)(...)`),
 * so replacing the module's export is what they call. `test/evaluator/cache.test.ts` compares it
 * with the evaluator's own function.
 */
import * as path from "node:path";

/** The evaluator's lookup: the action's resource types the resource can be. */
export type ResourceTypesLookup = (service: string, action: string, resource: string) => Promise<unknown[]>;

interface ResourceTypesModule {
  getResourceTypesForAction: ResourceTypesLookup & { original?: ResourceTypesLookup };
}

/** The evaluator's module holding the lookup (its package exports only its index, so by path). */
export function resourceTypesModule(): ResourceTypesModule {
  const index = require.resolve("@cloud-copilot/iam-simulate");
  return require(path.join(path.dirname(index), "simulation_engine", "resourceTypes.js")) as ResourceTypesModule;
}

/** `lookup` with each answer (or rejection) kept per service, action and resource. */
export function cachedLookup(lookup: ResourceTypesLookup): ResourceTypesLookup {
  const answers = new Map<string, Promise<unknown[]>>();
  return (service, action, resource) => {
    const key = `${service}\u0000${action}\u0000${resource}`;
    let answer = answers.get(key);
    if (answer === undefined) {
      answer = lookup(service, action, resource);
      answers.set(key, answer);
    }
    return answer;
  };
}

/** Puts the cache in front of the evaluator's lookup, once per process; returns the evaluator's own function. */
export function installEvaluatorCache(): ResourceTypesLookup {
  const m = resourceTypesModule();
  const current = m.getResourceTypesForAction;
  // Checked first: reading `.original` of a missing export would throw a TypeError that names nothing.
  if (typeof current !== "function") {
    throw new Error(
      "@cloud-copilot/iam-simulate no longer exports getResourceTypesForAction; update test/support/evaluatorCache.ts",
    );
  }
  if (current.original !== undefined) return current.original;
  m.getResourceTypesForAction = Object.assign(cachedLookup(current), { original: current });
  return current;
}
