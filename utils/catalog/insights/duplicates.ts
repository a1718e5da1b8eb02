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

/**
 * Shingles interned in an open-addressing table of word-id triples: one integer id per distinct
 * shingle, without a Map entry or a string per shingle (this runs on every word of every review).
 */
class ShingleTable {
  private a: Int32Array;
  private b: Int32Array;
  private c: Int32Array;
  private slotId: Int32Array;
  private mask: number;
  size = 0;

  constructor(expected: number) {
    let capacity = 1024;
    while (capacity < expected * 2) capacity *= 2;
    this.mask = capacity - 1;
    this.a = new Int32Array(capacity);
    this.b = new Int32Array(capacity);
    this.c = new Int32Array(capacity);
    this.slotId = new Int32Array(capacity).fill(-1);
  }

  /** The id of the shingle (a, b, c), added if new. */
  id(a: number, b: number, c: number): number {
    let slot = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca77) ^ Math.imul(c, 0xc2b2ae3d)) & this.mask;
    for (;;) {
      const id = this.slotId[slot]!;
      if (id < 0) {
        if (this.size * 2 >= this.mask) this.grow();
        return this.insert(a, b, c);
      }
      if (this.a[slot] === a && this.b[slot] === b && this.c[slot] === c) return id;
      slot = (slot + 1) & this.mask;
    }
  }

  private insert(a: number, b: number, c: number): number {
    let slot = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca77) ^ Math.imul(c, 0xc2b2ae3d)) & this.mask;
    while (this.slotId[slot]! >= 0) slot = (slot + 1) & this.mask;
    this.a[slot] = a;
    this.b[slot] = b;
    this.c[slot] = c;
    this.slotId[slot] = this.size;
    return this.size++;
  }

  private grow(): void {
    const { a, b, c, slotId } = this;
    const capacity = (this.mask + 1) * 2;
    this.mask = capacity - 1;
    this.a = new Int32Array(capacity);
    this.b = new Int32Array(capacity);
    this.c = new Int32Array(capacity);
    this.slotId = new Int32Array(capacity).fill(-1);
    for (let slot = 0; slot < slotId.length; slot++) {
      const id = slotId[slot]!;
      if (id < 0) continue;
      let to = (Math.imul(a[slot]!, 0x9e3779b1) ^ Math.imul(b[slot]!, 0x85ebca77) ^ Math.imul(c[slot]!, 0xc2b2ae3d)) & this.mask;
      while (this.slotId[to]! >= 0) to = (to + 1) & this.mask;
      this.a[to] = a[slot]!;
      this.b[to] = b[slot]!;
      this.c[to] = c[slot]!;
      this.slotId[to] = id;
    }
  }
}

/** The distinct shingle ids of a word list, ascending. */
function shingleIds(list: readonly string[], vocabulary: Map<string, number>, table: ShingleTable): Int32Array {
  const n = list.length - SHINGLE + 1;
  if (n <= 0) return new Int32Array(0);
  const ids = new Int32Array(list.length);
  for (let i = 0; i < list.length; i++) {
    let id = vocabulary.get(list[i]!);
    if (id === undefined) {
      id = vocabulary.size;
      vocabulary.set(list[i]!, id);
    }
    ids[i] = id;
  }
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = table.id(ids[i]!, ids[i + 1]!, ids[i + 2]!);
  out.sort();
  let unique = 0;
  for (let i = 0; i < n; i++) if (i === 0 || out[i] !== out[i - 1]) out[unique++] = out[i]!;
  return out.subarray(0, unique);
}

/** |A ∩ B| / |A ∪ B| of two ascending arrays. */
function jaccard(a: Int32Array, b: Int32Array): number {
  let i = 0;
  let j = 0;
  let common = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) {
      common++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return common / (a.length + b.length - common);
}

/** Groups of near-duplicate reviews, from their texts. */
export function nearDuplicates(reviews: readonly { id: string; text: string }[], threshold = DUPLICATE_SIMILARITY): DuplicateResult {
  return nearDuplicateWords(
    reviews.map((r) => ({ id: r.id, words: words(foldText(r.text)) })),
    threshold,
  );
}

/**
 * Groups of near-duplicate reviews from their folded words (each group's ids in input order,
 * groups in the order of their first review).
 */
export function nearDuplicateWords(reviews: readonly { id: string; words: readonly string[] }[], threshold = DUPLICATE_SIMILARITY): DuplicateResult {
  const vocabulary = new Map<string, number>();
  let totalWords = 0;
  for (const review of reviews) totalWords += review.words.length;
  const table = new ShingleTable(totalWords);
  const idSets: { index: number; ids: Int32Array }[] = [];
  reviews.forEach((review, index) => {
    const ids = shingleIds(review.words, vocabulary, table);
    if (ids.length >= MIN_SHINGLES) idSets.push({ index, ids });
  });

  // Rarest first: a counting sort of the shingles by how many reviews have them (ties by id: deterministic).
  const frequency = new Int32Array(table.size);
  for (const { ids } of idSets) for (const id of ids) frequency[id]!++;
  let maxFrequency = 0;
  for (const f of frequency) if (f > maxFrequency) maxFrequency = f;
  const offset = new Int32Array(maxFrequency + 2);
  for (const f of frequency) offset[f + 1]!++;
  for (let f = 1; f < offset.length; f++) offset[f]! += offset[f - 1]!;
  const rank = new Int32Array(table.size);
  for (let id = 0; id < table.size; id++) rank[id] = offset[frequency[id]!]!++;

  const sets = idSets
    .map(({ index, ids }) => {
      const ranks = new Int32Array(ids.length);
      for (let k = 0; k < ids.length; k++) ranks[k] = rank[ids[k]!]!;
      ranks.sort();
      return { index, ranks };
    })
    .sort((a, b) => a.ranks.length - b.ranks.length || a.index - b.index);

  const parent = sets.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  const lowest = new Map<number, number>();
  const postings: (number[] | undefined)[] = new Array(table.size);
  const seen = new Int32Array(sets.length).fill(-1);
  sets.forEach((set, i) => {
    const size = set.ranks.length;
    // The epsilon keeps float products like 0.8 × 15 = 12.000000000000002 from shortening the prefix.
    const prefix = size - Math.ceil(threshold * size - 1e-9) + 1;
    for (let p = 0; p < prefix; p++) {
      for (const j of postings[set.ranks[p]!] ?? []) {
        if (seen[j] === i) continue;
        seen[j] = i;
        // Sets come smallest first: a shorter one below threshold × |A| cannot reach the threshold.
        if (sets[j]!.ranks.length < threshold * size - 1e-9) continue;
        const similarity = jaccard(set.ranks, sets[j]!.ranks);
        if (similarity < threshold) continue;
        const a = find(i);
        const b = find(j);
        const low = Math.min(similarity, lowest.get(a) ?? 1, lowest.get(b) ?? 1);
        parent[a] = b;
        lowest.set(b, low);
      }
    }
    for (let p = 0; p < prefix; p++) (postings[set.ranks[p]!] ??= []).push(i);
  });

  const members = new Map<number, number[]>();
  sets.forEach((set, i) => {
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
