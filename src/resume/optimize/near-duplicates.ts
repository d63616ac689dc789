/**
 * Near-duplicate bullets in n·log n instead of all pairs.
 *
 * Two bullets are near-duplicates when the Jaccard similarity of their word
 * sets reaches the threshold. Prefix filtering finds the candidates exactly:
 * with every set's words sorted by one global order (rarest first), two sets
 * that reach the threshold must share a word among the first
 * `|A| − ⌈t·|A|⌉ + 1` of each. So each bullet is indexed under its prefix words
 * only, and compared only with bullets that share one of them and whose size
 * could reach the threshold. A cap on the candidates verified per bullet keeps
 * the worst case (thousands of bullets sharing their rarest words) linear.
 */

/** Candidates verified per bullet at most; real resumes have a handful. */
const MAX_CANDIDATES = 256;

/**
 * For each set, the index of the earliest earlier set it repeats (similarity
 * ≥ `threshold`), or undefined. Sets smaller than `minSize` are never reported
 * as repeats; sets that repeat another are not candidates for later ones.
 */
export function findNearDuplicates(
  sets: ReadonlySet<string>[],
  threshold: number,
  minSize: number,
): (number | undefined)[] {
  const frequency = new Map<string, number>();
  for (const set of sets) for (const word of set) frequency.set(word, (frequency.get(word) ?? 0) + 1);
  const order = (a: string, b: string) =>
    frequency.get(a)! - frequency.get(b)! || (a < b ? -1 : a > b ? 1 : 0);
  const prefixOf = (set: ReadonlySet<string>) => {
    const words = [...set].sort(order);
    return words.slice(0, words.length - Math.ceil(threshold * words.length) + 1);
  };

  const index = new Map<string, number[]>();
  const result: (number | undefined)[] = [];
  sets.forEach((set, i) => {
    const prefix = prefixOf(set);
    let match: number | undefined;
    if (set.size >= minSize) {
      const checked = new Set<number>();
      for (const word of prefix) {
        for (const j of index.get(word) ?? []) {
          if (checked.size >= MAX_CANDIDATES) break;
          if (checked.has(j) || (match !== undefined && j >= match)) continue;
          checked.add(j);
          const other = sets[j]!;
          if (other.size < threshold * set.size || set.size < threshold * other.size) continue;
          if (similarity(set, other) >= threshold) match = j;
        }
      }
    }
    result.push(match);
    if (match !== undefined) return;
    for (const word of prefix) {
      const list = index.get(word);
      if (list) list.push(i);
      else index.set(word, [i]);
    }
  });
  return result;
}

/** Jaccard similarity of two word sets. */
export function similarity(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let common = 0;
  for (const w of a) if (b.has(w)) common++;
  return common / Math.max(1, a.size + b.size - common);
}
