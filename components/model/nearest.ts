// Nearest names, for "did you mean ...?" in messages about a misspelt name (an IAM action, a
// command-line option, a config property).

/** Levenshtein distance between a and b; any distance above `cap` is reported as cap + 1 (early exit). */
export function editDistance(a: string, b: string, cap = Number.POSITIVE_INFINITY): number {
  if (Math.abs(a.length - b.length) > cap) return cap + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost));
    }
    previous = current;
  }
  return Math.min(previous[b.length] ?? 0, cap + 1);
}

/**
 * The candidate nearest to `name` (case-insensitive edit distance), when it is at most
 * `maxDistance` edits away (default: a third of the name's length, at least 2); the first of equally
 * near candidates wins, so the answer does not depend on anything but the candidates' order.
 */
export function nearestName(name: string, candidates: readonly string[], maxDistance?: number): string | undefined {
  const cap = maxDistance ?? Math.max(2, Math.floor(name.length / 3));
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(candidate.toLowerCase(), name.toLowerCase(), cap);
    if (distance <= cap && (best === undefined || distance < best.distance)) best = { candidate, distance };
  }
  return best?.candidate;
}
