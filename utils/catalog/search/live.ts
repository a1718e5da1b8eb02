/**
 * The search index of a database, kept live: built lazily in the background worker on the first
 * search, page by page, and kept fresh from Dexie's global `storagemutated` event (changed products
 * go to a small recent index until the next rebuild); released after a while idle.
 */
import { Dexie, type IntervalTree, type ObservabilitySet } from 'dexie';
import type { PostcartDB } from '../db';
import type { StoredProduct } from '../model';
import { buildIndex, compareCandidates, IndexBuilder, matchedVariant, MAX_HITS, parseQuery, type IndexedProduct, type SearchIndex } from './search-index';

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

  /** The best products for `query`; with `merchants`, only those merchants' products. */
  async search(query: string, limit: number = MAX_HITS, merchants?: ReadonlySet<string>): Promise<SearchResult[]> {
    this.touch();
    await this.fresh();
    const parsed = parseQuery(query);
    const found = [...(this.main?.search(parsed, limit, merchants) ?? []), ...(this.recent?.search(parsed, limit, merchants) ?? [])]
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
