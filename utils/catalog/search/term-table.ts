/**
 * The index's term dictionaries, laid out for memory at 100,000 products (see BENCHMARKS.md,
 * "Catalog search"): each dictionary is one sorted, concatenated string plus offsets, and its
 * postings are one Int32Array (compressed sparse rows), so the index holds a handful of large
 * objects instead of one object per term. The sorted dictionary doubles as an implicit trie: the
 * typo search walks it with one edit-distance row per character and skips every subtree that can
 * no longer match.
 */

/** How a typed word met a term: the whole term, its start (the word being typed), or inside it (non-Latin scripts). */
export type MatchKind = 'exact' | 'prefix' | 'substring';

/**
 * A sorted dictionary of terms with their postings. Term i is text[bounds[i], bounds[i + 1]);
 * its postings are postings[starts[i], starts[i + 1]), each `doc * 8 + field`.
 */
export class TermTable {
  constructor(
    private readonly text: string,
    private readonly bounds: Int32Array,
    readonly starts: Int32Array,
    readonly postings: Int32Array,
  ) {}

  get size(): number {
    return this.bounds.length - 1;
  }

  private length(i: number): number {
    return this.bounds[i + 1]! - this.bounds[i]!;
  }

  private charAt(i: number, at: number): number {
    return this.text.charCodeAt(this.bounds[i]! + at);
  }

  private compare(i: number, s: string): number {
    const from = this.bounds[i]!;
    const length = this.length(i);
    const n = Math.min(length, s.length);
    for (let k = 0; k < n; k += 1) {
      const d = this.text.charCodeAt(from + k) - s.charCodeAt(k);
      if (d !== 0) return d;
    }
    return length - s.length;
  }

  private startsWith(i: number, s: string): boolean {
    return this.length(i) >= s.length && this.text.startsWith(s, this.bounds[i]!);
  }

  /** The first term not below `s`. */
  private lowerBound(s: string): number {
    let lo = 0;
    let hi = this.size;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.compare(mid, s) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** End of the run of terms from `from` on that share term `from`'s first `depth` characters. */
  private subtreeEnd(from: number, depth: number): number {
    let lo = from + 1;
    let hi = this.size;
    const base = this.bounds[from]!;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      let same = this.length(mid) >= depth;
      for (let k = 0; same && k < depth; k += 1) same = this.charAt(mid, k) === this.text.charCodeAt(base + k);
      if (same) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  find(s: string): number {
    const i = this.lowerBound(s);
    return i < this.size && this.compare(i, s) === 0 ? i : -1;
  }

  /** Terms that start with `s` and are longer than it: [lo, hi). */
  longerWithPrefix(s: string): [number, number] {
    let lo = this.lowerBound(s);
    if (lo < this.size && this.length(lo) === s.length && this.compare(lo, s) === 0) lo += 1;
    let hi = this.size;
    let left = lo;
    while (left < hi) {
      const mid = (left + hi) >>> 1;
      if (this.startsWith(mid, s)) left = mid + 1;
      else hi = mid;
    }
    return [lo, left];
  }

  /**
   * Terms within `maxEdits` of `query` (optimal string alignment: a swap of neighbours is one
   * edit), or with `prefix`, terms that start with something within `maxEdits` of it. The sorted
   * table is walked as a trie: rows of the shared prefix with the previous term are reused, and a
   * subtree is skipped as soon as no cell of its row is within reach.
   */
  fuzzy(query: string, maxEdits: number, prefix: boolean, visit: (lo: number, hi: number, edits: number, kind: MatchKind) => void): void {
    const m = query.length;
    const q = Array.from({ length: m }, (_, j) => query.charCodeAt(j));
    const rows: Int32Array[] = [Int32Array.from({ length: m + 1 }, (_, j) => j)];
    const bestPrefix: number[] = [m];
    let previous = -1;
    let computed = 0;
    let i = 0;
    while (i < this.size) {
      const length = this.length(i);
      let depth = 0;
      if (previous >= 0) {
        const limit = Math.min(computed, length);
        while (depth < limit && this.charAt(i, depth) === this.charAt(previous, depth)) depth += 1;
      }
      let prunedAt = -1;
      while (depth < length) {
        const c = this.charAt(i, depth);
        const before = depth > 0 ? this.charAt(i, depth - 1) : -1;
        const up = rows[depth]!;
        const upUp = depth > 0 ? rows[depth - 1]! : null;
        const row = (rows[depth + 1] ??= new Int32Array(m + 1));
        row[0] = depth + 1;
        let rowMin = row[0];
        for (let j = 1; j <= m; j += 1) {
          let v = Math.min(up[j]! + 1, row[j - 1]! + 1, up[j - 1]! + (q[j - 1] === c ? 0 : 1));
          if (upUp && j > 1 && q[j - 1] === before && q[j - 2] === c) v = Math.min(v, upUp[j - 2]! + 1);
          row[j] = v;
          if (v < rowMin) rowMin = v;
        }
        bestPrefix[depth + 1] = Math.min(bestPrefix[depth]!, row[m]!);
        depth += 1;
        if (rowMin > maxEdits) {
          prunedAt = depth;
          break;
        }
      }
      previous = i;
      computed = depth;
      if (prunedAt >= 0) {
        const end = this.subtreeEnd(i, prunedAt);
        // Everything below already started with a close enough prefix.
        if (prefix && bestPrefix[prunedAt]! <= maxEdits) visit(i, end, bestPrefix[prunedAt]!, 'prefix');
        i = end;
        continue;
      }
      const whole = rows[length]![m]!;
      if (whole <= maxEdits) visit(i, i + 1, whole, 'exact');
      else if (prefix && bestPrefix[length]! <= maxEdits) visit(i, i + 1, bestPrefix[length]!, 'prefix');
      i += 1;
    }
  }

  /** Terms containing `s` somewhere (not equal to it), for scripts written without spaces. */
  containing(s: string, visit: (term: number, atStart: boolean) => void): void {
    let last = -1;
    for (let at = this.text.indexOf(s); at >= 0; at = this.text.indexOf(s, at + 1)) {
      // The term holding position `at`: the last bound not after it.
      let lo = 0;
      let hi = this.size - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >>> 1;
        if (this.bounds[mid]! <= at) lo = mid;
        else hi = mid - 1;
      }
      const start = this.bounds[lo]!;
      const end = this.bounds[lo + 1]!;
      if (lo === last || at + s.length > end || (at === start && end - start === s.length)) continue;
      last = lo;
      visit(lo, at === start);
    }
  }
}

/** Collects a dictionary of repeated terms (words): one id per distinct term through a Map. */
export class TableBuilder {
  private readonly ids = new Map<string, number>();
  private readonly names: string[] = [];
  private pairTerms: Int32Array = new Int32Array(1 << 14);
  private pairPostings: Int32Array = new Int32Array(1 << 14);
  private pairs = 0;

  termId(name: string): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.names.length;
      this.ids.set(name, id);
      this.names.push(name);
    }
    return id;
  }

  add(termId: number, posting: number): void {
    if (this.pairs === this.pairTerms.length) {
      this.pairTerms = grow(this.pairTerms);
      this.pairPostings = grow(this.pairPostings);
    }
    this.pairTerms[this.pairs] = termId;
    this.pairPostings[this.pairs] = posting;
    this.pairs += 1;
  }

  finish(): TermTable {
    // Default sort compares UTF-16 code units, the order charCodeAt walks in.
    const sorted = this.names.slice().sort();
    const rank = new Int32Array(sorted.length);
    const bounds = new Int32Array(sorted.length + 1);
    sorted.forEach((name, r) => {
      rank[this.ids.get(name)!] = r;
      bounds[r + 1] = bounds[r]! + name.length;
    });
    const starts = new Int32Array(sorted.length + 1);
    for (let p = 0; p < this.pairs; p += 1) starts[rank[this.pairTerms[p]!]! + 1]! += 1;
    for (let r = 0; r < sorted.length; r += 1) starts[r + 1]! += starts[r]!;
    const cursor = starts.slice(0, sorted.length);
    const postings = new Int32Array(this.pairs);
    for (let p = 0; p < this.pairs; p += 1) postings[cursor[rank[this.pairTerms[p]!]!]!++] = this.pairPostings[p]!;
    return new TermTable(sorted.join(''), bounds, starts, postings);
  }
}

/**
 * Collects a dictionary of mostly unique terms (SKUs, GTINs): a Map of hundreds of thousands of
 * one-off keys costs more than sorting them once, so pairs are listed and sorted at the end.
 */
export class CodeTableBuilder {
  /** Each entry is the code, a \u0001 and its posting in four 8-bit characters, so the native sort orders them. */
  private readonly entries: string[] = [];

  add(code: string, posting: number): void {
    this.entries.push(code + String.fromCharCode(1, posting >>> 24, (posting >>> 16) & 255, (posting >>> 8) & 255, posting & 255));
  }

  finish(): TermTable {
    const entries = this.entries.sort();
    const names: string[] = [];
    const bounds: number[] = [0];
    const starts: number[] = [0];
    const postings = new Int32Array(entries.length);
    let count = 0;
    let previous = '';
    for (const entry of entries) {
      const n = entry.length;
      const posting = (entry.charCodeAt(n - 4) << 24) | (entry.charCodeAt(n - 3) << 16) | (entry.charCodeAt(n - 2) << 8) | entry.charCodeAt(n - 1);
      const code = entry.slice(0, n - 5);
      const isNew = names.length === 0 || previous !== code;
      if (!isNew && postings[count - 1] === posting) continue;
      if (isNew) {
        if (names.length > 0) starts.push(count);
        names.push(code);
        previous = code;
        bounds.push(bounds[bounds.length - 1]! + code.length);
      }
      postings[count++] = posting;
    }
    if (names.length > 0) starts.push(count);
    return new TermTable(names.join(''), Int32Array.from(bounds), Int32Array.from(starts), postings.slice(0, count));
  }
}

function grow(array: Int32Array): Int32Array {
  const bigger = new Int32Array(array.length * 2);
  bigger.set(array);
  return bigger;
}
