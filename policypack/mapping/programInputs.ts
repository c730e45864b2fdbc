/**
 * What the program sets, for callers that know it. The engine hands `AnalyzeStack` each
 * resource's outputs only, and the provider reads a key's or bucket's inline `policy` and a
 * bucket's inline `replicationConfiguration` back from AWS into them (after a refresh, what a
 * KeyPolicy, BucketPolicy or BucketReplicationConfig wrote): from outputs alone a second writer
 * and such a copy can look the same. `pulumi stack export` also keeps each resource's `inputs`,
 * so the checker knows exactly which resources set these properties; it says so here for the
 * duration of its run (`withProgramInputs`), and the stack reader asks (`programSets`).
 */

/** The inline properties whose copy may be a second writer, by resource type. */
export const INLINE_COPY_PROPERTIES: Readonly<Record<string, readonly string[]>> = {
  "aws:kms/key:Key": ["policy"],
  "aws:kms/replicaKey:ReplicaKey": ["policy"],
  "aws:s3/bucket:Bucket": ["policy", "replicationConfiguration"],
  "aws:s3/bucketV2:BucketV2": ["policy", "replicationConfigurations"],
};

/** One resource's inputs, as an export keeps them. */
export interface ProgramInputs {
  /** The resource's URN. */
  urn: string;
  /** Its type token. */
  type: string;
  /** Its inputs (`pulumi stack export`'s `inputs`). */
  inputs: Readonly<Record<string, unknown>>;
}

const known = new Map<string, boolean>();
let generation = 0;

/** Changes whenever what is known changes: a model mapped under another generation is stale. */
export function programInputsGeneration(): number {
  return generation;
}

/** Whether the program sets `prop` of the resource `urn`: undefined when no caller said. */
export function programSets(urn: string, prop: string): boolean | undefined {
  // Most runs (the pack's) know nothing: no key is made for them.
  return known.size === 0 ? undefined : known.get(`${urn}|${prop}`);
}

const isSet = (value: unknown): boolean =>
  value !== undefined && value !== null && value !== "" && !(Array.isArray(value) && value.length === 0);

/**
 * Runs `run` with the inline properties of `resources` known as set or not set by the program
 * (from their inputs), then forgets them. One run at a time: the checker's runs are sequential.
 */
export async function withProgramInputs<T>(resources: readonly ProgramInputs[], run: () => Promise<T>): Promise<T> {
  const keys: string[] = [];
  generation++;
  for (const r of resources) {
    for (const prop of INLINE_COPY_PROPERTIES[r.type] ?? []) {
      const key = `${r.urn}|${prop}`;
      known.set(key, isSet(r.inputs[prop]));
      keys.push(key);
    }
  }
  try {
    return await run();
  } finally {
    for (const key of keys) known.delete(key);
    generation++;
  }
}
