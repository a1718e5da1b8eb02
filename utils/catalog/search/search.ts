/**
 * Seller catalog search: an in-memory index of the cached products (title, brand, merchant,
 * variant titles, SKU, GTIN), built lazily in the background worker on the first search and kept
 * fresh from Dexie's global `storagemutated` event. Typo tolerant (optimal string alignment
 * distance: one edit for words of 4+ letters, two for 8+), prefix matching for the word being
 * typed, case and accents folded, substring matching for words in non-Latin scripts.
 *
 * Layout, chosen for memory at 100,000 products (see BENCHMARKS.md, "Catalog search"): each term
 * dictionary is one sorted, concatenated string plus offsets, and its postings are one Int32Array
 * (compressed sparse rows), so the index holds a handful of large objects instead of one object per
 * term. The sorted dictionary doubles as an implicit trie: the typo search walks it with one
 * edit-distance row per character and skips every subtree that can no longer match.
 */
import { Dexie, type IntervalTree, type ObservabilitySet } from 'dexie';
import type { PostcartDB } from '../db';
import type { StoredProduct, StoredVariant } from '../model';

// ------------------------------------------------------------------ text

/** Latin-style combining marks (accents). Others stay: they carry meaning (e.g. Japanese voicing marks). */
const ACCENTS = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/g;
const ASCII = /^[\x00-\x7f]*$/;
const ASCII_SEPARATORS = /[^a-z0-9]+/g;
const WORD = /[\p{L}\p{N}\p{M}]+/gu;
const APOSTROPHES = /['\u2019]/g;
const NON_LATIN = /[^\p{Script=Latin}\p{N}\p{M}]/u;

/** Case, accent and width folding: "Crème" and "CREME" both become "creme"; ｶﾀｶﾅ becomes カタカナ. */
export function fold(text: string): string {
  if (ASCII.test(text)) return text.toLowerCase();
  return text.normalize('NFKD').toLowerCase().replace(ACCENTS, '').normalize('NFC');
}

/** The searchable words of a text, folded; apostrophes do not split words ("Levi's" is "levis"). */
export function searchWords(text: string): string[] {
  let folded = fold(text);
  if (folded.includes("'") || folded.includes('\u2019')) folded = folded.replace(APOSTROPHES, '');
  return folded.match(WORD) ?? [];
}

/** SKUs and GTINs compare without case, spaces or separators: "tj-m-b" finds "TJ M B". */
function codeKey(text: string): string {
  return ASCII.test(text) ? text.toLowerCase().replace(ASCII_SEPARATORS, '') : searchWords(text).join('');
}

/** Edits allowed for a typed word of this length. */
function allowedEdits(length: number): number {
  return length >= 8 ? 2 : length >= 4 ? 1 : 0;
}

// ------------------------------------------------------------------ ranking weights

const FIELD = { title: 0, brand: 1, merchant: 2, variant: 3, sku: 4, gtin: 5 } as const;
type Field = (typeof FIELD)[keyof typeof FIELD];
/** Title over brand over variant and SKU; the merchant's name counts least. */
const FIELD_WEIGHT: Record<Field, number> = { 0: 40, 1: 30, 2: 10, 3: 20, 4: 20, 5: 20 };
/** One typo costs more than any field or match-kind difference: fewer typos always rank higher. */
const EDIT_COST = 1000;
/** An exact SKU or GTIN beats everything else. */
const CODE_EXACT = 1_000_000;
const WHOLE_TITLE = 200_000;
const TITLE_PREFIX = 100_000;
const KIND_BONUS = { exact: 3, prefix: 1, substring: 0 } as const;
type Kind = keyof typeof KIND_BONUS;
const SKIP = -0x80000000;

export const MAX_HITS = 20;
/** Longer queries are cut: 12 words or 64 letters a word already pin a product down. */
const MAX_CLAUSES = 12;
const MAX_WORD = 64;

// ------------------------------------------------------------------ the term table

/**
 * A sorted dictionary of terms with their postings. Term i is text[bounds[i], bounds[i + 1]);
 * its postings are postings[starts[i], starts[i + 1]), each `doc * 8 + field`.
 */
class TermTable {
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
  fuzzy(query: string, maxEdits: number, prefix: boolean, visit: (lo: number, hi: number, edits: number, kind: Kind) => void): void {
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
class TableBuilder {
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
class CodeTableBuilder {
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

// ------------------------------------------------------------------ the index

/** What the index reads of a product. */
export type IndexedProduct = Pick<StoredProduct, 'id' | 'merchantId' | 'title' | 'brand' | 'gtin'> & {
  variants: readonly Pick<StoredVariant, 'id' | 'title' | 'sku'>[];
};

/** A parsed query, shared by the main index and the index of recent changes. */
interface ParsedQuery {
  chunks: { words: string[]; code: string }[];
  /** All words run together: a SKU typed with spaces ("tj m b") is still one code. */
  code: string;
  /** The query's words joined by one space, to compare with whole titles. */
  key: string;
  /** Whether the last word is still being typed (no space after it). */
  open: boolean;
}

export function parseQuery(query: string): ParsedQuery {
  const chunks: ParsedQuery['chunks'] = [];
  let clauses = 0;
  for (const raw of query.trim().split(/\s+/)) {
    const words = searchWords(raw)
      .slice(0, MAX_CLAUSES - clauses)
      .map((w) => w.slice(0, MAX_WORD));
    if (words.length === 0) continue;
    clauses += words.length;
    chunks.push({ words, code: words.join('').slice(0, MAX_WORD * 2) });
  }
  const words = chunks.flatMap((c) => c.words);
  return { chunks, code: words.join('').slice(0, MAX_WORD * 2), key: words.join(' '), open: !/\s$/.test(query) };
}

interface Candidate {
  id: string;
  title: string;
  score: number;
}

interface Source {
  table: TermTable;
  lo: number;
  hi: number;
  values: Int32Array;
}

/** Score of a match per field (indexed by `posting & 7`); SKIP where the field may not match this way. */
function valuesFor(edits: number, kind: Kind, fields: readonly Field[]): Int32Array {
  const values = new Int32Array(8).fill(SKIP);
  for (const field of fields) values[field] = -EDIT_COST * edits + FIELD_WEIGHT[field] + KIND_BONUS[kind];
  return values;
}

const WORD_FIELDS: readonly Field[] = [FIELD.title, FIELD.brand, FIELD.merchant, FIELD.variant];
/** WORD_VALUES[kind][edits], made once. */
const WORD_VALUES = Object.fromEntries(
  (Object.keys(KIND_BONUS) as Kind[]).map((kind) => [kind, [0, 1, 2].map((edits) => valuesFor(edits, kind, WORD_FIELDS))]),
) as Record<Kind, Int32Array[]>;
const EXACT_CODE_VALUES = (() => {
  const values = new Int32Array(8).fill(SKIP);
  values[FIELD.sku] = CODE_EXACT;
  values[FIELD.gtin] = CODE_EXACT;
  return values;
})();
/** A GTIN is matched exactly or not at all; SKUs also by prefix while typed. */
const PREFIX_CODE_VALUES = valuesFor(0, 'prefix', [FIELD.sku]);

/** Candidate order: score, then title, then id, so equal scores keep a stable order. */
function compareCandidates(a: Candidate, b: Candidate): number {
  return b.score - a.score || (a.title < b.title ? -1 : a.title > b.title ? 1 : 0) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Keeps the best `limit` candidates, sorted. */
class TopK {
  readonly items: Candidate[] = [];
  constructor(private readonly limit: number) {}

  /** Whether a candidate with this score and title could still enter. */
  admits(score: number, title: string): boolean {
    if (this.items.length < this.limit) return true;
    const worst = this.items[this.items.length - 1]!;
    return score > worst.score || (score === worst.score && title <= worst.title);
  }

  push(candidate: Candidate): void {
    if (this.items.length === this.limit && compareCandidates(candidate, this.items[this.items.length - 1]!) >= 0) return;
    let at = this.items.length;
    while (at > 0 && compareCandidates(candidate, this.items[at - 1]!) < 0) at -= 1;
    this.items.splice(at, 0, candidate);
    if (this.items.length > this.limit) this.items.pop();
  }
}

/** An immutable index over products added in ascending id order; removals are marked, not applied. */
export class SearchIndex {
  private readonly dead: Uint8Array;
  // Scratch for one search at a time (searches are synchronous).
  private seen: Int32Array | null = null;
  private best: Int32Array | null = null;
  private total: Int32Array | null = null;
  private touched: Int32Array | null = null;
  private stamp = 0;
  private firstByTitle: { limit: number; items: Candidate[] } | null = null;

  constructor(
    private readonly ids: string[],
    private readonly titles: string[],
    private readonly words: TermTable,
    private readonly codes: TermTable,
  ) {
    this.dead = new Uint8Array(ids.length);
  }

  /** Marks a product as gone (changed or deleted); its newer version lives elsewhere. */
  remove(id: string): void {
    let lo = 0;
    let hi = this.ids.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.ids[mid]! < id) lo = mid + 1;
      else hi = mid;
    }
    if (this.ids[lo] !== id || this.dead[lo]) return;
    this.dead[lo] = 1;
    this.firstByTitle = null;
  }

  /**
   * Where one typed word may match among the words of the catalog: exactly, by prefix while
   * `last` (being typed), with the allowed typos, by substring in non-Latin scripts.
   */
  private wordSources(word: string, last: boolean): Source[] {
    const sources: Source[] = [];
    const words = this.words;
    const addWord = (lo: number, hi: number, edits: number, kind: Kind) => sources.push({ table: words, lo, hi, values: WORD_VALUES[kind][edits]! });
    const edits = allowedEdits(word.length);
    if (edits > 0) words.fuzzy(word, edits, last, addWord);
    else {
      const exact = words.find(word);
      if (exact >= 0) addWord(exact, exact + 1, 0, 'exact');
      if (last) {
        const [lo, hi] = words.longerWithPrefix(word);
        if (hi > lo) addWord(lo, hi, 0, 'prefix');
      }
    }
    if (NON_LATIN.test(word)) words.containing(word, (term, atStart) => addWord(term, term + 1, 0, atStart ? 'prefix' : 'substring'));
    return sources;
  }

  /** SKUs and GTINs equal to `code`, or SKUs starting with it while it is being typed (`open`). */
  private codeSources(code: string, open: boolean): Source[] {
    const sources: Source[] = [];
    if (code.length === 0) return sources;
    const exact = this.codes.find(code);
    if (exact >= 0) sources.push({ table: this.codes, lo: exact, hi: exact + 1, values: EXACT_CODE_VALUES });
    if (open && code.length >= 2) {
      const [lo, hi] = this.codes.longerWithPrefix(code);
      if (hi > lo) sources.push({ table: this.codes, lo, hi, values: PREFIX_CODE_VALUES });
    }
    return sources;
  }

  private scratch(): void {
    if (this.seen) return;
    const n = this.ids.length;
    this.seen = new Int32Array(n);
    this.best = new Int32Array(n);
    this.total = new Int32Array(n);
    this.touched = new Int32Array(n);
  }

  /**
   * The best `limit` products for the query. Every word must match (as a word, by prefix while
   * typed, with allowed typos, or as part of a SKU/GTIN typed with it); per word the best field
   * counts.
   */
  search(query: ParsedQuery, limit: number = MAX_HITS): Candidate[] {
    const top = new TopK(limit);
    const n = this.ids.length;
    if (n === 0) return [];
    if (query.chunks.length === 0) {
      // The tag editor asks for this list each time it opens: kept until a product is removed.
      if (this.firstByTitle && this.firstByTitle.limit >= limit) return this.firstByTitle.items.slice(0, limit);
      for (let doc = 0; doc < n; doc += 1) {
        if (!this.dead[doc] && top.admits(0, this.titles[doc]!)) top.push({ id: this.ids[doc]!, title: this.titles[doc]!, score: 0 });
      }
      this.firstByTitle = { limit, items: top.items };
      return top.items.slice();
    }
    this.scratch();
    const seen = this.seen!;
    const best = this.best!;
    const total = this.total!;
    const touched = this.touched!;
    if (this.stamp > 0x7fff0000) {
      seen.fill(0);
      this.stamp = 0;
    }
    let count = 0;
    let previousStamp = 0;
    const lastChunk = query.chunks.length - 1;
    // A SKU or GTIN may be typed as one chunk ("TJ-M-B") or spread over the query ("tj m b"); it
    // then stands for all the words it covers. Adding it to each of their clauses does exactly
    // that: (code ∨ w1) ∧ (code ∨ w2) is code ∨ (w1 ∧ w2).
    const queryCodes = query.chunks.length > 1 ? this.codeSources(query.code, query.open) : [];
    let first = true;
    for (let c = 0; c <= lastChunk; c += 1) {
      const chunk = query.chunks[c]!;
      const open = query.open && c === lastChunk;
      const chunkCodes = [...this.codeSources(chunk.code, open), ...queryCodes];
      for (let w = 0; w < chunk.words.length; w += 1) {
        const sources = [...this.wordSources(chunk.words[w]!, open && w === chunk.words.length - 1), ...chunkCodes];
        const stamp = ++this.stamp;
        count = 0;
        for (const { table, lo, hi, values } of sources) {
          const postings = table.postings;
          for (let p = table.starts[lo]!, end = table.starts[hi]!; p < end; p += 1) {
            const posting = postings[p]!;
            const doc = posting >>> 3;
            const mark = seen[doc]!;
            if (mark !== stamp && (first ? this.dead[doc] === 1 : mark !== previousStamp)) continue;
            const value = values[posting & 7]!;
            if (value === SKIP) continue;
            if (mark !== stamp) {
              seen[doc] = stamp;
              best[doc] = value;
              touched[count++] = doc;
            } else if (value > best[doc]!) best[doc] = value;
          }
        }
        for (let t = 0; t < count; t += 1) {
          const doc = touched[t]!;
          total[doc] = (first ? 0 : total[doc]!) + best[doc]!;
        }
        if (count === 0) return [];
        previousStamp = stamp;
        first = false;
      }
    }
    for (let t = 0; t < count; t += 1) {
      const doc = touched[t]!;
      const title = this.titles[doc]!;
      let score = total[doc]!;
      if (title === query.key) score += WHOLE_TITLE;
      // The title starts with the query: at a word boundary, or anywhere while the last word is typed.
      else if (title.startsWith(query.key) && (query.open || title.charCodeAt(query.key.length) === 32)) score += TITLE_PREFIX;
      if (top.admits(score, title)) top.push({ id: this.ids[doc]!, title, score });
    }
    return top.items;
  }
}

/** Builds an index; products must come in ascending id order (the IndexedDB primary key order). */
class IndexBuilder {
  private readonly ids: string[] = [];
  private readonly titles: string[] = [];
  private readonly words = new TableBuilder();
  private readonly codes = new CodeTableBuilder();
  /** term * 8 + field already posted for the current product (a few dozen at most). */
  private readonly posted: number[] = [];
  /** Variant titles, brands and merchant names repeat a lot: their terms are looked up once. */
  private readonly repeated = new Map<string, number[]>();

  constructor(private readonly merchantNames: ReadonlyMap<string, string>) {}

  private termsOf(text: string): number[] {
    let terms = this.repeated.get(text);
    if (!terms) {
      if (this.repeated.size > 20_000) this.repeated.clear();
      terms = searchWords(text).map((word) => this.words.termId(word));
      this.repeated.set(text, terms);
    }
    return terms;
  }

  private addTerm(term: number, doc: number, field: Field): void {
    const key = term * 8 + field;
    if (this.posted.includes(key)) return;
    this.posted.push(key);
    this.words.add(term, doc * 8 + field);
  }

  add(product: IndexedProduct): void {
    const previous = this.ids[this.ids.length - 1];
    if (previous !== undefined && !(previous < product.id)) throw new Error(`Products must be added in ascending id order (${previous} before ${product.id})`);
    const doc = this.ids.length;
    this.ids.push(product.id);
    this.posted.length = 0;
    const title = searchWords(product.title);
    this.titles.push(title.join(' '));
    for (const word of title) this.addTerm(this.words.termId(word), doc, FIELD.title);
    if (product.brand) for (const term of this.termsOf(product.brand)) this.addTerm(term, doc, FIELD.brand);
    const merchant = this.merchantNames.get(product.merchantId);
    if (merchant) for (const term of this.termsOf(merchant)) this.addTerm(term, doc, FIELD.merchant);
    for (const variant of product.variants) {
      for (const term of this.termsOf(variant.title)) this.addTerm(term, doc, FIELD.variant);
      const sku = variant.sku ? codeKey(variant.sku) : '';
      if (sku) this.codes.add(sku, doc * 8 + FIELD.sku);
    }
    const gtin = product.gtin ? codeKey(product.gtin) : '';
    if (gtin) this.codes.add(gtin, doc * 8 + FIELD.gtin);
  }

  finish(): SearchIndex {
    return new SearchIndex(this.ids, this.titles, this.words.finish(), this.codes.finish());
  }
}

/** An index over a list of products in any order. */
export function buildIndex(products: readonly IndexedProduct[], merchantNames: ReadonlyMap<string, string>): SearchIndex {
  const builder = new IndexBuilder(merchantNames);
  for (const product of [...products].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) builder.add(product);
  return builder.finish();
}

/** Whether a typed word names this word of the catalog (same rules as the index, for one pair). */
function wordMatches(typed: string, word: string, last: boolean): boolean {
  if (typed === word || (last && word.startsWith(typed))) return true;
  const k = allowedEdits(typed.length);
  if (k === 0 || (!last && Math.abs(word.length - typed.length) > k)) return false;
  const target = last ? word.slice(0, typed.length + k) : word;
  // Optimal string alignment distance, with prefixes of `target` allowed when typing.
  let upUp: number[] = [];
  let up = Array.from({ length: typed.length + 1 }, (_, j) => j);
  let bestPrefix = up[typed.length]!;
  for (let i = 1; i <= target.length; i += 1) {
    const row = [i];
    for (let j = 1; j <= typed.length; j += 1) {
      let v = Math.min(up[j]! + 1, row[j - 1]! + 1, up[j - 1]! + (typed[j - 1] === target[i - 1] ? 0 : 1));
      if (i > 1 && j > 1 && typed[j - 1] === target[i - 2] && typed[j - 2] === target[i - 1]) v = Math.min(v, upUp[j - 2]! + 1);
      row.push(v);
    }
    bestPrefix = Math.min(bestPrefix, row[typed.length]!);
    upUp = up;
    up = row;
  }
  return (last ? bestPrefix : up[typed.length]!) <= k;
}

/**
 * The variant the query names, if it singles one out: an exact SKU or one being typed counts most,
 * then the query words found in the variant's title. Null when every variant fits the query
 * equally (e.g. "trail jacket"): the editor then keeps its own default.
 */
function matchedVariant(product: IndexedProduct, query: ParsedQuery): string | null {
  const lastChunk = query.chunks.length - 1;
  const scores = product.variants.map((variant) => {
    const sku = variant.sku ? codeKey(variant.sku) : '';
    const words = searchWords(variant.title);
    let score = 0;
    query.chunks.forEach((chunk, c) => {
      const open = query.open && c === lastChunk;
      if (sku && (sku === chunk.code || (open && chunk.code.length >= 2 && sku.startsWith(chunk.code)))) score += 100;
      else if (sku && c === 0 && query.chunks.length > 1 && (sku === query.code || (query.open && sku.startsWith(query.code)))) score += 100;
      chunk.words.forEach((typed, w) => {
        const last = open && w === chunk.words.length - 1;
        if (words.some((word) => wordMatches(typed, word, last))) score += 1;
      });
    });
    return score;
  });
  const top = Math.max(...scores);
  if (top === 0 || scores.every((s) => s === top)) return null;
  return product.variants[scores.indexOf(top)]!.id;
}

// ------------------------------------------------------------------ the live index of a database

interface SearchResult {
  product: StoredProduct;
  /** The variant the query named (SKU or variant words), for the editor to preselect. */
  variantId: string | null;
}

interface CatalogSearchOptions {
  /** The index is dropped after this long without a search (the worker may live for hours). */
  idleMs?: number;
}

const BUILD_PAGE = 2000;
const IDLE_RELEASE_MS = 5 * 60_000;
/** Beyond this many changed products since the build, a rebuild is cheaper than patching. */
const MAX_CHANGED = 2000;

/**
 * Adds the keys of one of Dexie's interval trees of primary keys (from `storagemutated`); false
 * when it holds a range (a clear, a bulk write) or more than `max` keys.
 */
export function keysOf(tree: IntervalTree, into: Set<string>, max = MAX_CHANGED): boolean {
  const stack: IntervalTree[] = [tree];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (!('from' in node)) continue;
    if (typeof node.from !== 'string' || node.from !== node.to) return false;
    into.add(node.from);
    if (into.size > max) return false;
    if (node.l) stack.push(node.l);
    if (node.r) stack.push(node.r);
  }
  return true;
}

function slim(product: StoredProduct): IndexedProduct {
  return {
    id: product.id,
    merchantId: product.merchantId,
    title: product.title,
    brand: product.brand,
    gtin: product.gtin,
    variants: product.variants.map(({ id, title, sku }) => ({ id, title, sku })),
  };
}

/**
 * The search index of one database. Built on the first search from pages of products; Dexie's
 * global `storagemutated` event (fired after every committed write, also from other extension
 * pages) marks what changed: single products are re-read into a small index of recent changes at
 * the next search, while a clear or a bulk write (Dexie reports those as ranges) makes the next
 * search rebuild. No table hooks, so bulk imports stay as fast as before.
 */
export class CatalogSearch {
  private main: SearchIndex | null = null;
  private recent: SearchIndex | null = null;
  private readonly recentProducts = new Map<string, IndexedProduct>();
  private merchantNames = new Map<string, string>();
  private stale = true;
  private readonly changed = new Set<string>();
  private merchantsChanged = false;
  private refreshing: Promise<void> | null = null;
  private idleTimer: ReturnType<typeof setTimeout> | null = null;
  private listening = false;
  /** Bumped by release(): a build still running for an older generation is thrown away. */
  private generation = 0;
  private readonly productsPart: string;
  private readonly merchantsPart: string;
  private readonly idleMs: number;

  constructor(
    private readonly db: PostcartDB,
    options: CatalogSearchOptions = {},
  ) {
    this.productsPart = `idb://${db.name}/products/`;
    this.merchantsPart = `idb://${db.name}/merchants/`;
    this.idleMs = options.idleMs ?? IDLE_RELEASE_MS;
  }

  private readonly onMutated = (parts: ObservabilitySet): void => {
    for (const [part, tree] of Object.entries(parts)) {
      if (part === this.productsPart || part === `${this.productsPart}:dels`) {
        if (!this.stale && !keysOf(tree, this.changed)) this.markStale();
      } else if (part.startsWith(this.merchantsPart)) {
        this.merchantsChanged = true;
      } else if (!part.startsWith('idb://')) {
        // e.g. "all", sent when a page comes back from the back/forward cache.
        this.markStale();
      }
    }
  };

  private markStale(): void {
    this.stale = true;
    this.changed.clear();
  }

  /** Whether an index is held in memory. */
  get loaded(): boolean {
    return this.main !== null;
  }

  async search(query: string, limit: number = MAX_HITS): Promise<SearchResult[]> {
    this.touch();
    await this.fresh();
    const parsed = parseQuery(query);
    const found = [...(this.main?.search(parsed, limit) ?? []), ...(this.recent?.search(parsed, limit) ?? [])]
      .sort(compareCandidates)
      .slice(0, limit);
    const products = await this.db.products.bulkGet(found.map((c) => c.id));
    const results: SearchResult[] = [];
    for (const product of products) {
      // A product deleted between ranking and reading is left out; the next search will not find it.
      if (product) results.push({ product, variantId: parsed.chunks.length ? matchedVariant(product, parsed) : null });
    }
    return results;
  }

  /** Drops the index and stops listening; the next search builds it again. */
  release(): void {
    this.generation += 1;
    if (this.idleTimer !== null) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    if (this.listening) Dexie.on.storagemutated.unsubscribe(this.onMutated);
    this.listening = false;
    this.main = null;
    this.recent = null;
    this.recentProducts.clear();
    this.markStale();
  }

  private touch(): void {
    if (this.idleTimer !== null) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.release(), this.idleMs);
    // In Node (tests, benchmarks) an idle timer must not keep the process alive.
    (this.idleTimer as { unref?: () => void }).unref?.();
  }

  private async fresh(): Promise<void> {
    // Writes during a refresh leave more to do; two rounds at most, then answer with what is there.
    for (let round = 0; round < 2 && (this.stale || this.changed.size > 0 || this.merchantsChanged); round += 1) {
      this.refreshing ??= this.refresh().finally(() => {
        this.refreshing = null;
      });
      await this.refreshing;
    }
  }

  private async refresh(): Promise<void> {
    if (!this.listening) {
      Dexie.on.storagemutated.subscribe(this.onMutated);
      this.listening = true;
    }
    if (this.merchantsChanged) {
      this.merchantsChanged = false;
      const names = await this.readMerchantNames();
      const same = names.size === this.merchantNames.size && [...names].every(([id, name]) => this.merchantNames.get(id) === name);
      if (!same) this.markStale();
    }
    if (this.stale) {
      await this.rebuild();
      return;
    }
    const keys = [...this.changed];
    this.changed.clear();
    if (keys.length === 0) return;
    const generation = this.generation;
    const products = await this.db.products.bulkGet(keys);
    if (generation !== this.generation) return;
    keys.forEach((id, i) => {
      this.main?.remove(id);
      const product = products[i];
      if (product) this.recentProducts.set(id, slim(product));
      else this.recentProducts.delete(id);
    });
    if (this.recentProducts.size > MAX_CHANGED) {
      this.markStale();
      await this.rebuild();
      return;
    }
    this.recent = buildIndex([...this.recentProducts.values()], this.merchantNames);
  }

  private async readMerchantNames(): Promise<Map<string, string>> {
    return new Map((await this.db.merchants.toArray()).map((m) => [m.id, m.name]));
  }

  private async rebuild(): Promise<void> {
    // Changes from here on are caught by the listener and patched in after the build.
    this.stale = false;
    this.changed.clear();
    this.merchantsChanged = false;
    // The old index goes first so that two never sit in memory together.
    this.main = null;
    this.recent = null;
    this.recentProducts.clear();
    const generation = this.generation;
    try {
      const merchantNames = await this.readMerchantNames();
      const builder = new IndexBuilder(merchantNames);
      // Pages in primary-key order: memory stays at one page of products, not the whole table.
      let after: string | null = null;
      for (;;) {
        const page: StoredProduct[] = await (after === null ? this.db.products.orderBy(':id') : this.db.products.where(':id').above(after)).limit(BUILD_PAGE).toArray();
        for (const product of page) builder.add(product);
        if (page.length < BUILD_PAGE) break;
        after = page[page.length - 1]!.id;
        if (generation !== this.generation) return;
      }
      if (generation !== this.generation) return;
      this.merchantNames = merchantNames;
      this.main = builder.finish();
    } catch (error) {
      this.markStale();
      throw error;
    }
  }
}

const searches = new WeakMap<PostcartDB, CatalogSearch>();

/** The search index of a database (one per database, created on first use). */
export function catalogSearch(db: PostcartDB): CatalogSearch {
  let search = searches.get(db);
  if (!search) {
    search = new CatalogSearch(db);
    searches.set(db, search);
  }
  return search;
}
