/**
 * What the overlay's lookups read again and again, kept in the worker's memory: the merchants,
 * the parts of a product a buy button shows (with its review summary), and the title phrases of
 * merchants whose own accounts post. A feed shows the same few products over and over, and every
 * read saved from IndexedDB is a round trip saved on the way to a painted button.
 *
 * Kept true by Dexie's `storagemutated` event (after every committed write, also from other
 * extension pages): a changed product or review drops that product, anything else (merchants, a
 * clear, a bulk write) drops everything. Entries read by a lookup that a write overtook are not kept.
 */
import { Dexie, type ObservabilitySet } from 'dexie';
import type { PostcartDB } from './db';
import type { StoredMerchant, StoredProduct, StoredReviewSummary } from './model';
import { keysOf } from './search/live';

/** The parts of a product and its reviews a buy button needs. */
export interface OfferBase {
  product: Pick<StoredProduct, 'id' | 'title' | 'merchantId' | 'variants'>;
  review: Pick<StoredReviewSummary, 'rating' | 'count'> | null;
}

/** Only what a button needs: a product's description and images stay on disk. */
export function offerBase(product: StoredProduct, review: StoredReviewSummary | undefined): OfferBase {
  const { id, title, merchantId, variants } = product;
  return { product: { id, title, merchantId, variants }, review: review ? { rating: review.rating, count: review.count } : null };
}

export interface CaptionProduct {
  id: string;
  phrases: string[];
}

/** Products kept; a feed page rarely shows more than a few hundred. */
const MAX_PRODUCTS = 2000;
/** Merchants whose title phrases are kept (their own accounts' posts name their products). */
const MAX_PHRASE_MERCHANTS = 8;
/** Per changed-keys notice; beyond this, emptying the cache is cheaper than picking keys out. */
const MAX_KEYS = 500;

export class LookupCache {
  private readonly offers = new Map<string, OfferBase>();
  private merchantList: StoredMerchant[] | null = null;
  /** Who owns each claimed account for caption matching (catalog/claims.ts), derived from the merchants. */
  private claimOwners: Map<string, string> | null = null;
  private readonly phrases = new Map<string, CaptionProduct[]>();
  private listening = false;
  /** Bumped by every write seen: what a lookup read before a write is not kept after it. */
  private generation = 0;
  private readonly parts: { products: string; reviews: string; merchants: string };

  constructor(db: PostcartDB) {
    const base = `idb://${db.name}/`;
    this.parts = { products: `${base}products/`, reviews: `${base}reviews/`, merchants: `${base}merchants/` };
  }

  private readonly onMutated = (parts: ObservabilitySet): void => {
    const { products, reviews, merchants } = this.parts;
    for (const [part, tree] of Object.entries(parts)) {
      if (part.startsWith('idb://') && ![products, reviews, merchants].some((prefix) => part.startsWith(prefix))) continue;
      this.generation += 1;
      // Index parts ("…/products/urlKey") come with the table's own part, which names the keys.
      const table = [products, reviews].find((prefix) => part === prefix || part === `${prefix}:dels`);
      if (!table) {
        if (!part.startsWith(products) && !part.startsWith(reviews)) this.clear();
        continue;
      }
      const keys = new Set<string>();
      if (!keysOf(tree, keys, MAX_KEYS)) {
        this.clear();
        continue;
      }
      for (const id of keys) this.offers.delete(id);
      // A new or renamed product changes its merchant's caption phrases.
      if (table === products) this.phrases.clear();
    }
  };

  /** A stamp to pass back to the `keep` methods: entries read before a later write are dropped. */
  begin(): number {
    if (!this.listening) {
      Dexie.on.storagemutated.subscribe(this.onMutated);
      this.listening = true;
    }
    return this.generation;
  }

  offer(productId: string): OfferBase | undefined {
    const hit = this.offers.get(productId);
    if (hit) {
      // Most recently used last: the oldest is the first to go.
      this.offers.delete(productId);
      this.offers.set(productId, hit);
    }
    return hit;
  }

  keepOffer(stamp: number, base: OfferBase): void {
    if (stamp !== this.generation) return;
    this.offers.set(base.product.id, base);
    if (this.offers.size > MAX_PRODUCTS) this.offers.delete(this.offers.keys().next().value!);
  }

  get merchants(): StoredMerchant[] | null {
    return this.merchantList;
  }

  keepMerchants(stamp: number, merchants: StoredMerchant[]): void {
    if (stamp === this.generation) this.merchantList = merchants;
  }

  get claims(): Map<string, string> | null {
    return this.claimOwners;
  }

  keepClaims(stamp: number, owners: Map<string, string>): void {
    if (stamp === this.generation) this.claimOwners = owners;
  }

  /** The user chose who owns a contested account: what lookups under way read is not kept. */
  forgetClaims(): void {
    this.generation += 1;
    this.claimOwners = null;
  }

  captionProducts(merchantId: string): CaptionProduct[] | undefined {
    return this.phrases.get(merchantId);
  }

  keepCaptionProducts(stamp: number, merchantId: string, products: CaptionProduct[]): void {
    if (stamp !== this.generation) return;
    this.phrases.set(merchantId, products);
    if (this.phrases.size > MAX_PHRASE_MERCHANTS) this.phrases.delete(this.phrases.keys().next().value!);
  }

  clear(): void {
    this.offers.clear();
    this.phrases.clear();
    this.merchantList = null;
    this.claimOwners = null;
  }
}

const caches = new WeakMap<PostcartDB, LookupCache>();

export function lookupCache(db: PostcartDB): LookupCache {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new LookupCache(db)));
  return cache;
}
