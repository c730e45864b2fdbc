/**
 * Stack resources known not to change: the checker's direct analysis (policypack/harness/
 * directAnalyzer.ts) hands every stack policy the same resource objects, frozen, their values
 * behind a read-only view, and registers them here. A policy that meets the same sealed objects
 * again knows the stack is the one it mapped, without comparing it value by value.
 */

import type { StackModel } from "./stack";

const sealed = new WeakSet<object>();

/** Registers resources whose fields and values can no longer change (frozen objects only). */
export function sealResources(resources: readonly object[]): void {
  for (const resource of resources) {
    if (!Object.isFrozen(resource)) {
      throw new Error("sealResources: only frozen resource objects can be sealed");
    }
    sealed.add(resource);
  }
}

/** True when `resources` is a list of exactly the sealed objects `previous` holds, in the same order. */
export function sameSealedResources(resources: unknown, previous: readonly object[]): boolean {
  return (
    Array.isArray(resources) &&
    resources.length === previous.length &&
    resources.every((resource, i) => resource === previous[i])
  );
}

/** True when every resource is sealed (so sameSealedResources may stand in for a comparison). */
export function allSealed(resources: unknown): resources is readonly object[] {
  return (
    Array.isArray(resources) &&
    resources.every((resource) => resource !== null && typeof resource === "object" && sealed.has(resource))
  );
}

/**
 * The key under which a read-only view of shared values (the direct analysis's) hands its target
 * to the mapping, which only copies from it: the copy is made from the plain objects, without a
 * view per nested value. Nothing else answers to it.
 */
export const READ_ONLY_TARGET: unique symbol = Symbol("s3-replication read-only target");

let remembered: { resources: readonly object[]; model: StackModel } | undefined;

/**
 * Records the model a policy mapped from sealed resources: the checker draws its topology from it
 * instead of mapping the stack a second time. The last one only.
 */
export function rememberSealedModel(resources: readonly object[], model: StackModel): void {
  remembered = { resources, model };
}

/** The model recorded for exactly these sealed resources, if a policy mapped them. */
export function sealedModelOf(resources: unknown): StackModel | undefined {
  return remembered !== undefined && sameSealedResources(resources, remembered.resources)
    ? remembered.model
    : undefined;
}
