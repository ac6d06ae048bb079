/**
 * Which known key an unknown one was meant to be: "did you mean" hints for keys that are close,
 * and the slips of a known key (case, "-", "_", one edit) that must not be ignored.
 */

/**
 * Edit distance counting a swap of two neighbours as one edit (optimal string alignment), for
 * "did you mean" on unknown keys: "titel" is one slip away from "title", not two.
 */
function distance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = best;
    }
  }
  return rows[a.length]![b.length]!;
}

/** Keys compared as they are meant: case, "-", "_" and spaces do not count. */
function plainKey(key: string): string {
  return key.toLowerCase().replace(/[-_\s]/g, '');
}

/** The known key with the lowest distance to `key` that `accept` lets through. */
function nearestKey(key: string, known: readonly string[], measure: (wanted: string, other: string) => number, accept: (d: number, wanted: string, other: string) => boolean): string | undefined {
  const wanted = plainKey(key);
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const other = plainKey(candidate);
    const d = measure(wanted, other);
    if (d < bestDistance && accept(d, wanted, other)) [best, bestDistance] = [candidate, d];
  }
  return best;
}

/**
 * The known key closest to `key`, when it is close enough to be a typo. Case, "-" and "_" are
 * ignored ("reviewDate", "review-date"), and a key that is the start of a known one ("max_size"
 * for "max_size_mb") counts as close too.
 */
export function suggestKey(key: string, known: readonly string[]): string | undefined {
  return nearestKey(
    key,
    known,
    (wanted, other) => (wanted.length >= 3 && (other.startsWith(wanted) || wanted.startsWith(other)) ? 1 : distance(wanted, other)),
    (d) => d <= Math.max(1, Math.floor(key.length / 3)),
  );
}

/**
 * The known key that `key` is a slip of: the same key but for case, "-", "_" or spaces (`Draft`,
 * `draft_`, `Title`), or one edit away (`drafts`, `tag`, `summmary`, `titel`; two for keys of
 * eight letters or more). Narrower than `suggestKey`, which also offers "identifier" -> "id" as a
 * hint: a key this close was surely meant as the known one, so ignoring it would be wrong.
 */
export function misspeltKey(key: string, known: readonly string[]): string | undefined {
  return nearestKey(key, known, distance, (d, wanted, other) => {
    const shorter = Math.min(wanted.length, other.length);
    return d === 0 || (shorter >= 3 && d <= (shorter >= 8 ? 2 : 1));
  });
}
