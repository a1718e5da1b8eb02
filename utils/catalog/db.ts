/**
 * The local cache and the user's data, in IndexedDB through Dexie.
 * Opened only by the background worker and extension pages: an IndexedDB opened in a content
 * script would belong to the social site's origin.
 */
import { Dexie, type EntityTable } from 'dexie';
import { currencyDigits, intlCurrencyDigits } from '../platform/money';
import { productUrlKey } from '../sites/links';
import type { SourceState } from '../sync/source';
import type {
  CartLine,
  Order,
  OutboxEntry,
  StoredMerchant,
  StoredProduct,
  StoredReviewSummary,
  StoredTag,
} from './model';

/** Small key-value rows: the saved contact, schema markers. Values are validated where read. */
export interface MetaRow {
  key: string;
  value: unknown;
}

export type PostcartDB = Dexie & {
  merchants: EntityTable<StoredMerchant, 'id'>;
  products: EntityTable<StoredProduct, 'id'>;
  reviews: EntityTable<StoredReviewSummary, 'productId'>;
  tags: EntityTable<StoredTag, 'id'>;
  cart: EntityTable<CartLine, 'id'>;
  orders: EntityTable<Order, 'id'>;
  sources: EntityTable<SourceState, 'id'>;
  meta: EntityTable<MetaRow, 'key'>;
  /** Seller tag changes waiting to be published (see OutboxEntry). */
  outbox: EntityTable<OutboxEntry, 'tagId'>;
  /** Anonymous overlay events waiting to be sent in batches; rows are validated where read. */
  events: EntityTable<{ id?: number; at: number } & Record<string, unknown>, 'id'>;
  /** Seller edits the server had a newer version of; shown to the seller until dismissed. */
  conflicts: EntityTable<{ tagId: string; at: number } & Record<string, unknown>, 'tagId'>;
};

export const DB_NAME = 'postcart';

export function openDb(name: string = DB_NAME): PostcartDB {
  const db = new Dexie(name) as PostcartDB;
  db.version(1).stores({
    merchants: 'id, sourceId',
    products: 'id, merchantId, sourceId',
    reviews: 'productId',
    // Lookups by post go through the compound index: one indexed query per batch of posts.
    tags: 'id, [platform+postId], productId, sourceId',
    cart: 'id, merchantId, addedAt',
    orders: 'id, &idempotencyKey, merchantId, createdAt',
    sources: 'id',
    meta: 'key',
  });
  // v2: products are also found by the URL of their page (posts that link to them).
  db.version(2)
    .stores({ products: 'id, merchantId, sourceId, urlKey' })
    .upgrade((tx) =>
      tx
        .table('products')
        .toCollection()
        .modify((product: { url: string; urlKey?: string | null }) => {
          product.urlKey = productUrlKey(product.url);
        }),
    );
  // v3: a removed source takes its review summaries with it.
  db.version(3).stores({ reviews: 'productId, sourceId' });
  // v4: orders-api orders in flight are resumed by status; the seller's outbox, conflicts and the
  // shoppers' anonymous event queue.
  db.version(4).stores({
    orders: 'id, &idempotencyKey, merchantId, createdAt, status',
    outbox: 'tagId, queuedAt',
    events: '++id, at',
    conflicts: 'tagId, at',
  });
  // v5: minor units follow ISO 4217 (platform/money.ts), no longer Intl's display digits: amounts
  // stored before in a currency where the two differ (COP, HUF, IDR, IRR, PKR, IQD...) are rescaled
  // once, so a cart line or an order of then keeps its price.
  db.version(5)
    .stores({})
    .upgrade(async (tx) => {
      await tx.table('products').toCollection().modify((product: StoredProduct) => {
        for (const variant of product.variants ?? []) {
          variant.priceMinor = rescaled(variant.priceMinor, variant.currency);
          if (variant.compareAtMinor !== null) variant.compareAtMinor = rescaled(variant.compareAtMinor, variant.currency);
        }
      });
      await tx.table('cart').toCollection().modify((line: CartLine) => {
        line.unitMinor = rescaled(line.unitMinor, line.currency);
      });
      await tx.table('orders').toCollection().modify((order: Order) => {
        for (const line of order.lines ?? []) line.unitMinor = rescaled(line.unitMinor, line.currency);
        for (const total of order.totals ?? []) total.minor = rescaled(total.minor, total.currency);
      });
    });
  return db;
}

/** An amount stored in Intl's display digits, in ISO 4217 minor units. */
function rescaled(minor: number, currency: string): number {
  // Rows of old versions are not validated here: anything unexpected is left as it is.
  if (typeof minor !== 'number' || typeof currency !== 'string') return minor;
  const shift = currencyDigits(currency) - intlCurrencyDigits(currency);
  return shift === 0 ? minor : Math.round(minor * 10 ** shift);
}
