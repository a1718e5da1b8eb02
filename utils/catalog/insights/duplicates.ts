/**
 * Near-duplicate reviews: word 3-shingles (three consecutive folded words), Jaccard similarity of
 * the shingle sets ≥ 0.8, found exactly (not estimated, as MinHash would) with the prefix filter of
 * similarity joins: order each set's shingles rarest first; two sets reaching the threshold must
 * share a shingle among the first |A| − ⌈0.8·|A|⌉ + 1 of each, and their sizes may differ by at
 * most 20 %. Only those candidate pairs are compared in full, so 2,000 ordinary reviews cost
 * a few thousand comparisons, not two million.
 */
import { foldText, words } from './text';

export const SHINGLE = 3;
export const DUPLICATE_SIMILARITY = 0.8;
/**
 * Reviews with fewer shingles are not compared: "Love it, great quality" written by two strangers
 * is not a copy.
 */
export const MIN_SHINGLES = 5;

export interface DuplicateGroup {
  reviewIds: string[];
  /** The lowest similarity of the pairs that joined the group. */
  similarity: number;
}

export interface DuplicateResult {
  compared: number;
  groups: DuplicateGroup[];
}

/** Word ids are below 2^17 and three of them make one exact integer key below 2^51. */
const WORD_BITS = 131072;

/** Shingle keys of a text, unique. */
function shingles(text: string, vocabulary: Map<string, number>): number[] {
  const ids = words(foldText(text)).map((w) => {
    let id = vocabulary.get(w);
    if (id === undefined) {
      // Past 2^17 distinct words, ids wrap: a shared key then only adds a candidate, verified below.
      id = vocabulary.size % WORD_BITS;
      vocabulary.set(w, id);
    }
    return id;
  });
  const keys = new Set<number>();
  for (let i = 0; i + SHINGLE <= ids.length; i++) keys.add((ids[i]! * WORD_BITS + ids[i + 1]!) * WORD_BITS + ids[i + 2]!);
  return [...keys];
}

/** |A ∩ B| / |A ∪ B| of two ascending arrays. */
function jaccard(a: Float64Array, b: Float64Array): number {
  let i = 0;
  let j = 0;
  let common = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      common++;
      i++;
      j++;
    } else if (a[i]! < b[j]!) i++;
    else j++;
  }
  return common / (a.length + b.length - common);
}

/** Groups of near-duplicate reviews (each group's ids in input order; groups by their first review). */
export function nearDuplicates(reviews: readonly { id: string; text: string }[], threshold = DUPLICATE_SIMILARITY): DuplicateResult {
  const vocabulary = new Map<string, number>();
  const sets: { index: number; keys: number[] }[] = [];
  const frequency = new Map<number, number>();
  reviews.forEach((review, index) => {
    const keys = shingles(review.text, vocabulary);
    if (keys.length < MIN_SHINGLES) return;
    sets.push({ index, keys });
    for (const key of keys) frequency.set(key, (frequency.get(key) ?? 0) + 1);
  });

  // Rarest shingles first (ties by key) for the prefixes; ascending keys for the exact comparison.
  const byRarity = (a: number, b: number) => frequency.get(a)! - frequency.get(b)! || a - b;
  const prepared = sets
    .map(({ index, keys }) => ({ index, rare: [...keys].sort(byRarity), sorted: Float64Array.from(keys).sort() }))
    .sort((a, b) => a.sorted.length - b.sorted.length || a.index - b.index);

  const parent = prepared.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  const lowest = new Map<number, number>();
  const postings = new Map<number, number[]>();
  prepared.forEach((set, i) => {
    const size = set.sorted.length;
    // The epsilon keeps float products like 0.8 × 15 = 12.000000000000002 from shortening the prefix.
    const prefix = size - Math.ceil(threshold * size - 1e-9) + 1;
    const seen = new Set<number>();
    for (let p = 0; p < prefix; p++) {
      for (const j of postings.get(set.rare[p]!) ?? []) {
        if (seen.has(j)) continue;
        seen.add(j);
        // Sets come smallest first: a shorter one below threshold × |A| cannot reach the threshold.
        if (prepared[j]!.sorted.length < threshold * size - 1e-9) continue;
        const similarity = jaccard(set.sorted, prepared[j]!.sorted);
        if (similarity < threshold) continue;
        const a = find(i);
        const b = find(j);
        const low = Math.min(similarity, lowest.get(a) ?? 1, lowest.get(b) ?? 1);
        parent[a] = b;
        lowest.set(b, low);
      }
    }
    for (let p = 0; p < prefix; p++) {
      const list = postings.get(set.rare[p]!);
      if (list) list.push(i);
      else postings.set(set.rare[p]!, [i]);
    }
  });

  const members = new Map<number, number[]>();
  prepared.forEach((set, i) => {
    const root = find(i);
    const list = members.get(root);
    if (list) list.push(set.index);
    else members.set(root, [set.index]);
  });
  const groups: (DuplicateGroup & { first: number })[] = [];
  for (const [root, indexes] of members) {
    if (indexes.length < 2) continue;
    indexes.sort((a, b) => a - b);
    groups.push({ first: indexes[0]!, reviewIds: indexes.map((i) => reviews[i]!.id), similarity: Math.floor((lowest.get(root) ?? 1) * 100) / 100 });
  }
  groups.sort((a, b) => a.first - b.first);
  return { compared: sets.length, groups: groups.map(({ first: _first, ...group }) => group) };
}
