/**
 * The cache of products read from linked shops. The product itself is an ordinary catalog row of
 * the `linked` pseudo source (toCatalogRecords), so lookups, cards, the cart and checkout treat it
 * like a synced one; the `linked` table keeps, per product key, where and when it was read, whether
 * its price is a "from" price, and why the last lookup failed, which is what `lookupDue` decides on.
 */
import { z } from 'zod';
import type { PostcartDB } from '../../catalog/db';
import { dropInsights } from '../../catalog/insights/store';
import { Id, type StoredReviewSummary } from '../../catalog/model';
import { LINKED_SOURCE_ID, LinkedFailureReason, LinkedMethod, toCatalogRecords, type LinkedFailure, type LinkedProduct } from './model';
import type { ProductLink } from './product-url';
import type { LinkedCacheState } from './resolve';

export const LinkedRow = z.object({
  key: z.string().min(1).max(600),
  origin: z.string().max(300),
  /** The catalog product it is cached as; null before the first good read and after "Remove". */
  productId: Id.nullable(),
  /** The shop's host the product was read from, for "Read from shop.example 2 hours ago". */
  readFrom: z.string().max(2048).nullable(),
  readAt: z.number().int().nullable(),
  priceKind: z.enum(['exact', 'from']).nullable(),
  method: LinkedMethod.nullable(),
  /** The last lookup's failure; null after a good read. */
  failure: z.object({ reason: LinkedFailureReason, at: z.number().int(), status: z.number().int().nullable() }).nullable(),
  /** When the shopper removed the product from the card (the automatic mode leaves it alone a while). */
  removedAt: z.number().int().nullable(),
});
export type LinkedRow = z.infer<typeof LinkedRow>;

/** How long a removed product stays out of the automatic mode; a press reads it again at once. */
export const REMOVED_HOLD_MS = 24 * 60 * 60_000;

/** The product id a product key is cached under. */
export function linkedProductId(key: string): string {
  return `${LINKED_SOURCE_ID}:${key}`;
}

/** The product key back from a cached product's id, or null for any other product. */
export function linkedKeyOf(productId: string): string | null {
  return productId.startsWith(`${LINKED_SOURCE_ID}:`) ? productId.slice(LINKED_SOURCE_ID.length + 1) : null;
}

/** The rows of these keys that read as valid (a row written by another version and unreadable counts as none). */
export async function readLinkedRows(db: PostcartDB, keys: readonly string[]): Promise<Map<string, LinkedRow>> {
  const unique = [...new Set(keys)];
  const rows = unique.length ? await db.linked.bulkGet(unique) : [];
  const found = new Map<string, LinkedRow>();
  for (const raw of rows) {
    const row = LinkedRow.safeParse(raw);
    if (row.success) found.set(row.data.key, row.data);
  }
  return found;
}

/** What `lookupDue` needs of a row. */
export function cacheState(row: LinkedRow | undefined): LinkedCacheState | null {
  if (!row) return null;
  return { readAt: row.productId ? row.readAt : null, failure: row.failure ? { reason: row.failure.reason, at: row.failure.at } : null };
}

function emptyRow(link: Pick<ProductLink, 'key' | 'origin'>): LinkedRow {
  return { key: link.key, origin: link.origin, productId: null, readFrom: null, readAt: null, priceKind: null, method: null, failure: null, removedAt: null };
}

/**
 * Caches a product read from its shop: merchant, product, its rating (a summary without review
 * texts) and the row, in one transaction. A shop's merchant checks out through its Shopify cart
 * permalink only while every product cached from it was read from the storefront's `.js` (whose
 * variant ids the permalink takes); one read from a page makes it a `link` checkout.
 */
export async function storeLinked(db: PostcartDB, product: LinkedProduct): Promise<string> {
  const { merchant, product: row } = toCatalogRecords(product);
  return db.transaction('rw', [db.merchants, db.products, db.reviews, db.linked], async () => {
    if (merchant.checkout.kind === 'shopify-permalink') {
      const siblings = (await db.products.where('merchantId').equals(merchant.id).toArray()).filter((other) => other.id !== row.id);
      const keys = siblings.flatMap((other) => linkedKeyOf(other.id) ?? []);
      const rows = await readLinkedRows(db, keys);
      if (keys.some((key) => rows.get(key)?.method !== 'shopify-js')) merchant.checkout = { kind: 'link' };
    }
    // Otherwise the merchant becomes a `link` checkout: products read from the storefront before go by link too.
    await db.merchants.put(merchant);
    await db.products.put(row);
    const rating = product.rating;
    if (rating && rating.count !== null && rating.count > 0) {
      const summary: StoredReviewSummary = { productId: row.id, rating: rating.value, count: rating.count, histogram: [0, 0, 0, 0, 0], items: [], sourceId: LINKED_SOURCE_ID };
      await db.reviews.put(summary);
    } else {
      await db.reviews.delete(row.id);
    }
    await db.linked.put({
      key: product.key,
      origin: product.origin,
      productId: row.id,
      readFrom: product.readFrom,
      readAt: product.readAt,
      priceKind: product.priceKind,
      method: product.method,
      failure: null,
      removedAt: null,
    } satisfies LinkedRow);
    return row.id;
  });
}

/** Records a failed lookup; a product cached before stays (shown as of when it was read). */
export async function storeFailure(db: PostcartDB, link: Pick<ProductLink, 'key' | 'origin'>, failure: LinkedFailure, at: number): Promise<LinkedRow> {
  return db.transaction('rw', [db.linked], async () => {
    const [known] = (await readLinkedRows(db, [link.key])).values();
    const row: LinkedRow = { ...(known ?? emptyRow(link)), failure: { reason: failure.reason, at, status: failure.status } };
    await db.linked.put(row);
    return row;
  });
}

/**
 * "Remove" in the card: the product, its rating and (when nothing else of the shop is left and no
 * cart line needs it) its merchant go; the row remembers when, so the automatic mode does not read
 * it straight back. Cart lines stay, shown as no longer available, like those of a removed source.
 */
export async function forgetLinked(db: PostcartDB, productId: string, at: number): Promise<boolean> {
  const key = linkedKeyOf(productId);
  if (!key) return false;
  return db.transaction('rw', [db.merchants, db.products, db.reviews, db.linked, db.cart, db.insights], async () => {
    const product = await db.products.get(productId);
    if (!product || product.sourceId !== LINKED_SOURCE_ID) return false;
    await db.products.delete(productId);
    await db.reviews.delete(productId);
    // A card opened on it stored what its reviews say: that goes with it too.
    await dropInsights(db, [productId]);
    const [others, lines] = await Promise.all([db.products.where('merchantId').equals(product.merchantId).count(), db.cart.where('merchantId').equals(product.merchantId).count()]);
    if (others === 0 && lines === 0) await db.merchants.delete(product.merchantId);
    const [known] = (await readLinkedRows(db, [key])).values();
    const origin = known?.origin ?? new URL(product.url).origin;
    await db.linked.put({ ...(known ?? emptyRow({ key, origin })), productId: null, readAt: null, removedAt: at });
    return true;
  });
}

/** Forgets the "needs permission" failures of a shop once its permission is there: they may be read now. */
export async function clearPermissionFailures(db: PostcartDB, origin: string): Promise<void> {
  await db.linked
    .where('origin')
    .equals(origin)
    .modify((row) => {
      const failure = (row as Partial<LinkedRow>).failure;
      if (failure?.reason === 'permission-needed') (row as Partial<LinkedRow>).failure = null;
    });
}

/** Whether a product may go into the cart: a "from" price is no price to buy at. */
export async function cartable(db: PostcartDB, productId: string): Promise<boolean> {
  const key = linkedKeyOf(productId);
  if (!key) return true;
  const row = (await readLinkedRows(db, [key])).get(key);
  return row?.priceKind !== 'from';
}
