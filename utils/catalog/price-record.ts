/**
 * Price history in storage: what sync records in each page's transaction, what goes with deleted
 * products, and the rows the v7 upgrade starts for products already cached. The rules of the
 * history itself are in history.ts; this only reads and writes its rows.
 *
 * Recording reads the page's history rows in one bulkGet and writes only the rows that changed
 * (a sync that brings the same price and stock writes nothing). Each variant of the products it
 * returns carries `observed` (pricing.ts `observedPrice`), so a buy button can state an honest
 * reduction without reading history.
 */
import type { Table } from 'dexie';
import type { PostcartDB } from './db';
import { decodeHistory, recordProduct, recordProducts, variantHistory, type HistoryRow } from './history';
import type { StoredProduct, StoredVariant } from './model';
import { historyAsOf, observedPrice } from './pricing';

export interface RecordOptions {
  /** Rows to start from for products that have none yet (the demo catalog's made-up past). */
  seed?: (products: readonly StoredProduct[]) => HistoryRow[];
}

/** A variant with what its history says about its current price (nothing when it has no history in its currency). */
function withObserved(variant: StoredVariant, row: HistoryRow | undefined, now: number): StoredVariant {
  const { observed: _old, ...rest } = variant;
  const stored = variantHistory(row, variant.id);
  if (!stored || stored.currency !== variant.currency) return rest;
  return { ...rest, observed: observedPrice(historyAsOf(decodeHistory(stored), variant, now)) };
}

/** Reads the history rows of products about to be stored; start it early, it overlaps the page's other reads. */
export function readPrices(db: PostcartDB, productIds: readonly string[]): Promise<Map<string, HistoryRow>> {
  if (productIds.length === 0) return Promise.resolve(new Map());
  return db.priceHistory.bulkGet([...productIds]).then((rows) => new Map(rows.flatMap((row) => (row ? [[row.productId, row] as const] : []))));
}

export interface Recorded {
  /** The products to store, each variant with what was observed of its price. */
  products: StoredProduct[];
  /** The history rows that changed (write them in the same transaction). */
  rows: HistoryRow[];
}

/**
 * Records what a page of products says about prices and stock, given their stored rows
 * (`readPrices`). Pure apart from the seed: the caller writes `rows` with the products.
 */
export function recordPrices(products: readonly StoredProduct[], read: ReadonlyMap<string, HistoryRow>, now: number, options: RecordOptions = {}): Recorded {
  const write = new Map<string, HistoryRow>();
  const base = new Map(read);
  if (options.seed) {
    const missing = products.filter((product) => !base.has(product.id));
    if (missing.length) {
      for (const row of options.seed(missing)) {
        base.set(row.productId, row);
        write.set(row.productId, row);
      }
    }
  }
  const stored = products.map((product) => {
    const before = base.get(product.id);
    const after = recordProduct(before, product, now);
    if (after !== before) {
      write.set(product.id, after);
      // A product listed twice in a page: the second is recorded on top of the first.
      base.set(product.id, after);
    }
    return { ...product, variants: product.variants.map((variant) => withObserved(variant, after, now)) };
  });
  return { products: stored, rows: [...write.values()] };
}

/** Deletes the history of products that are gone; inside the caller's transaction. */
export async function forgetPrices(db: PostcartDB, productIds: readonly string[]): Promise<void> {
  if (productIds.length) await db.priceHistory.bulkDelete([...productIds]);
}

const SEED_CHUNK = 1000;

/**
 * Starts a history now for every cached product that has none (the v7 upgrade), a chunk at a
 * time so a large cache is never all in memory. Rows of older versions are not validated: a
 * product that cannot be read is left without history (its first sync starts one), never an
 * upgrade that fails and locks the database.
 */
export async function seedHistory(products: Table<StoredProduct, string>, history: Table<HistoryRow, string>, now: number): Promise<number> {
  let last: string | null = null;
  let seeded = 0;
  for (;;) {
    const chunk: StoredProduct[] = await (last === null ? products.orderBy(':id') : products.where(':id').above(last)).limit(SEED_CHUNK).toArray();
    if (chunk.length === 0) return seeded;
    last = chunk[chunk.length - 1]!.id;
    const existing = await history.bulkGet(chunk.map((product) => product.id));
    const rows: HistoryRow[] = [];
    chunk.forEach((product, i) => {
      if (existing[i] || !Array.isArray(product.variants)) return;
      try {
        rows.push(...recordProducts([product], [undefined], now));
      } catch (error) {
        console.warn('[postcart] no price history started for', product.id, error);
      }
    });
    if (rows.length) await history.bulkPut(rows);
    seeded += rows.length;
  }
}
