/**
 * Seller catalog search: an in-memory index of the cached products (title, brand, merchant,
 * variant titles, SKU, GTIN). Typo tolerant (optimal string alignment distance: one edit for words
 * of 4+ letters, two for 8+), prefix matching for the word being typed, case and accents folded,
 * substring matching for words in non-Latin scripts. live.ts keeps one up to date with the database.
 */
import type { StoredProduct, StoredVariant } from '../model';
import { allowedEdits, codeKey, NON_LATIN, searchWords } from './fold';
import { CodeTableBuilder, TableBuilder, TermTable, type MatchKind } from './term-table';

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
const KIND_BONUS: Record<MatchKind, number> = { exact: 3, prefix: 1, substring: 0 };
type Kind = MatchKind;
const SKIP = -0x80000000;

export const MAX_HITS = 20;
/** Longer queries are cut: 12 words or 64 letters a word already pin a product down. */
const MAX_CLAUSES = 12;
const MAX_WORD = 64;

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
export function compareCandidates(a: Candidate, b: Candidate): number {
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
    /** Per product, the number of its merchant in `merchantIds` (for searches within some merchants). */
    private readonly merchantOf: Int32Array,
    private readonly merchantIds: readonly string[],
  ) {
    this.dead = new Uint8Array(ids.length);
  }

  /** Which merchant numbers a search within `merchants` keeps; null for all of them. */
  private merchantFilter(merchants: ReadonlySet<string> | undefined): Uint8Array | null {
    if (!merchants) return null;
    const keep = new Uint8Array(this.merchantIds.length);
    this.merchantIds.forEach((id, number) => {
      if (merchants.has(id)) keep[number] = 1;
    });
    return keep;
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
   * counts. With `merchants`, only those merchants' products are candidates.
   */
  search(query: ParsedQuery, limit: number = MAX_HITS, merchants?: ReadonlySet<string>): Candidate[] {
    const top = new TopK(limit);
    const n = this.ids.length;
    if (n === 0) return [];
    const keep = this.merchantFilter(merchants);
    const merchantOf = this.merchantOf;
    if (query.chunks.length === 0 && keep) {
      for (let doc = 0; doc < n; doc += 1) {
        if (!this.dead[doc] && keep[merchantOf[doc]!] && top.admits(0, this.titles[doc]!)) top.push({ id: this.ids[doc]!, title: this.titles[doc]!, score: 0 });
      }
      return top.items;
    }
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
      if (keep && !keep[merchantOf[doc]!]) continue;
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
export class IndexBuilder {
  private readonly ids: string[] = [];
  private readonly titles: string[] = [];
  private readonly merchantOf: number[] = [];
  private readonly merchantNumbers = new Map<string, number>();
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
    let merchantNumber = this.merchantNumbers.get(product.merchantId);
    if (merchantNumber === undefined) {
      merchantNumber = this.merchantNumbers.size;
      this.merchantNumbers.set(product.merchantId, merchantNumber);
    }
    this.merchantOf.push(merchantNumber);
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
    return new SearchIndex(this.ids, this.titles, this.words.finish(), this.codes.finish(), Int32Array.from(this.merchantOf), [...this.merchantNumbers.keys()]);
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
export function matchedVariant(product: IndexedProduct, query: ParsedQuery): string | null {
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
