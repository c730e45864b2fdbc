/** Lists indexed by a key, for looking their items up instead of scanning them. Pure. */

/**
 * The positions of a list's items by key, each key's in the list's order: built once for a list
 * that is asked about many times (a stack's resources by type, a shared list of replica keys by
 * name).
 */
export function positionsByKey<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, number[]> {
  const positions = new Map<string, number[]>();
  // Indexed: this runs mostly before the JIT optimises it, when for-of allocates per element.
  for (let index = 0; index < items.length; index++) {
    const key = keyOf(items[index]!);
    const known = positions.get(key);
    if (known === undefined) positions.set(key, [index]);
    else known.push(index);
  }
  return positions;
}

/**
 * The index of a list built once (`build`), kept in `indexes` for as long as the list lives: the
 * lists indexed are those of one stack, so the index goes with them.
 */
export function indexOnce<K extends object, V>(indexes: WeakMap<K, V>, list: K, build: (list: K) => V): V {
  let index = indexes.get(list);
  if (index === undefined) {
    index = build(list);
    indexes.set(list, index);
  }
  return index;
}
