/**
 * The local cache and the user's data, in IndexedDB through Dexie.
 * Opened only by the background worker and extension pages: an IndexedDB opened in a content
 * script would belong to the social site's origin.
 */
import { Dexie, type EntityTable } from 'dexie';
import { currencyDigits, intlCurrencyDigits } from '../platform/money';
import { productUrlKey } from '../sites/links';
import { HISTORY_STORE, type HistoryRow } from './history';
import { seedHistory } from './price-record';
import type { AlertState, Watch } from './watches';
import type { AlertRecord } from './watch-store';
import type { SourceState } from '../sync/source';
import type { StoredInsights } from './insights/store';
import { productSameKeys, sameKeysMiddleware } from './same-keys';
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
  /** Rows carry `sameKeys` (same-keys.ts), written on every put: the same item at other merchants. */
  products: EntityTable<StoredProduct & { sameKeys?: string[] }, 'id'>;
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
  /** Price and stock changes per product (catalog/history.ts), one row per product. */
  priceHistory: EntityTable<HistoryRow, 'productId'>;
  /** The shopper's price and stock watches, and each one's alert state (catalog/watches.ts). */
  watches: EntityTable<Watch, 'id'>;
  alertStates: EntityTable<AlertState, 'watchId'>;
  /** Alerts sent, newest kept (the popup lists them; unseen ones make the toolbar badge). */
  alerts: EntityTable<AlertRecord, 'id'>;
  /** Review insights per product, computed when a card first needs them (insights/store.ts). */
  insights: EntityTable<StoredInsights, 'productId'>;
  /** What was read from linked shops, per product page (utils/sync/linked/cache.ts validates rows). */
  linked: EntityTable<{ key: string; origin: string } & Record<string, unknown>, 'key'>;
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
  // v7: price history, watches and their alerts. Products already cached start their history now.
  db.version(7)
    .stores({ priceHistory: HISTORY_STORE, watches: 'id, productId', alertStates: 'watchId, productId', alerts: 'id, at' })
    .upgrade((tx) => seedHistory(tx.table('products'), tx.table('priceHistory'), Date.now()));
  // v8: products read from the shops posts link to: per product key when and where it was read,
  // or why it could not be (the product itself is a catalog row of the `linked` source).
  db.version(8).stores({ linked: 'key, origin' });
  // v9: review insights per product; products are found by their same-item keys (GTIN-14 of any
  // variant or of the product, brand + MPN), kept on every write by sameKeysMiddleware.
  db.version(9)
    .stores({ products: 'id, merchantId, sourceId, urlKey, *sameKeys', insights: 'productId' })
    .upgrade((tx) =>
      tx
        .table('products')
        .toCollection()
        .modify((product: StoredProduct & { sameKeys?: string[] }) => {
          product.sameKeys = productSameKeys(product);
        }),
    );
  db.use(sameKeysMiddleware);
  return db;
}

/** An amount stored in Intl's display digits, in ISO 4217 minor units. */
function rescaled(minor: number, currency: string): number {
  // Rows of old versions are not validated here: anything unexpected is left as it is.
  if (typeof minor !== 'number' || typeof currency !== 'string') return minor;
  const shift = currencyDigits(currency) - intlCurrencyDigits(currency);
  return shift === 0 ? minor : Math.round(minor * 10 ** shift);
}
