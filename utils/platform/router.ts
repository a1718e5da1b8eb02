/**
 * The background's message handling: validate, check who is asking, act on the database.
 * The entrypoint only wires browser events to `createBackground`.
 */
import type { PostcartDB } from '../catalog/db';
import { lookupPosts, productCard, searchCatalog } from '../catalog/lookups';
import { cartCount, lineId, mergedQuantity } from '../cart/cart';
import { Contact } from '../checkout/contact';
import {
  ContentRequest,
  PageRequest,
  type Reply,
  type ResponseMap,
} from './messages';
import type { CartLine } from '../catalog/model';
import { acceptPrices, buyAgain, changeVariant, checkout, CheckoutError, readCart, readOrders, resumePendingOrders, submitOrder, type OrderDeps } from '../checkout/orders';
import { readSettings, writeSettings, type SettingsStore } from './settings';
import { postTags, savePostTags, sellerAccounts, TagSaveError } from '../seller/tags';
import { checkSource, syncAll, syncSource, type Fetcher, type SyncDeps } from '../sync/engine';
import { DEMO_SOURCE_ID } from '../sync/sources/postcart';
import { newSourceState } from '../sync/source';
import { recordCheckoutEvents, reportEvents } from '../analytics/events';
import { sellerHandlers } from '../seller/handlers';
import { readSellerStats, StatsError, statsErrorMessage } from '../seller/stats';
import { t } from './i18n';
import { sourceView } from '../seller/model';

/** The parts of `runtime.MessageSender` the checks need. */
export interface SenderInfo {
  id?: string;
  url?: string;
  tab?: unknown;
}

export interface BackgroundDeps {
  db: PostcartDB;
  settings: SettingsStore;
  extensionId: string;
  /** e.g. "chrome-extension://abc": extension pages are the only senders of privileged requests. */
  extensionOrigin: string;
  /** `active: false` opens the page behind the popup (several merchants checking out in a row). */
  openTab: (url: string, options: { active: boolean }) => Promise<void>;
  /** The shopper's UI locale, for store checkouts that can take one. */
  locale?: string;
  /** Called with a checkout's lines once it is recorded; by default queues anonymous "checkout" events. */
  onCheckoutStarted?: OrderDeps['onCheckoutStarted'];
  /** The network, for catalog sources (tests pass a fake). */
  fetch?: Fetcher;
  /**
   * Puts the bundled demo catalog back. A source may have overwritten demo records (same ids, e.g.
   * the local catalog server's seed); removing that source must not leave the demo without them.
   */
  restoreDemo?: () => Promise<void>;
  now?: () => number;
  newId?: () => string;
  /** Called after a seller's tag edits are committed to the outbox (the publisher starts a run). */
  onTagsChanged?: () => void;
}

export class RequestError extends Error {
  override name = 'RequestError';
}

type Handlers = { [K in keyof ResponseMap]: (message: Extract<ContentRequest | PageRequest, { type: K }>) => Promise<ResponseMap[K]> };

export function createBackground(deps: BackgroundDeps) {
  const { db, settings } = deps;
  const now = deps.now ?? Date.now;
  const newId = deps.newId ?? (() => crypto.randomUUID());

  function syncDeps(): SyncDeps {
    return { db, fetch: deps.fetch ?? ((url, init) => fetch(url, init)), now };
  }

  function orderDeps(): OrderDeps {
    const { fetch: fetcher } = syncDeps();
    const onCheckoutStarted = deps.onCheckoutStarted ?? (async (lines) => void (await recordCheckoutEvents(db, lines, now(), settings)));
    return { db, openTab: deps.openTab, fetch: fetcher, now, newId, locale: deps.locale, onCheckoutStarted };
  }
  const cartView = () => readCart(db);

  async function requireSellerMode(): Promise<void> {
    if (!(await readSettings(settings)).sellerMode) throw new RequestError('Turn on seller mode to tag posts');
  }

  const handlers: Handlers = {
    'lookup-posts': (m) => lookupPosts(db, m.posts),
    'get-card': (m) => productCard(db, m.productId, m.variantId),
    'search-catalog': (m) => searchCatalog(db, m.query),

    'add-to-cart': async (m) => {
      return db.transaction('rw', [db.products, db.cart], async () => {
        const product = await db.products.get(m.productId);
        const variant = product?.variants.find((v) => v.id === m.variantId);
        if (!product || !variant) throw new RequestError('This product is no longer in the catalog');
        if (!variant.available) throw new RequestError('This option is out of stock');
        const id = lineId(product.id, variant.id);
        const existing = await db.cart.get(id);
        const line: CartLine = {
          id,
          productId: product.id,
          variantId: variant.id,
          merchantId: product.merchantId,
          quantity: mergedQuantity(existing?.quantity ?? 0, m.quantity),
          unitMinor: variant.priceMinor,
          currency: variant.currency,
          title: product.title,
          variantTitle: variant.title,
          image: product.images[0] ?? null,
          source: existing?.source ?? m.source,
          addedAt: existing?.addedAt ?? now(),
        };
        await db.cart.put(line);
        return { cartCount: cartCount(await db.cart.toArray()) };
      });
    },

    'get-post-tags': async (m) => {
      await requireSellerMode();
      return postTags(db, m.platform, m.postId);
    },
    'save-post-tags': async (m) => {
      await requireSellerMode();
      const saved = await savePostTags(db, m, now(), newId).catch((error: unknown) => {
        throw error instanceof TagSaveError ? new RequestError(error.message) : error;
      });
      // After the commit: the publisher must find the outbox entries when it runs.
      if (saved.written.length + saved.deleted.length > 0) deps.onTagsChanged?.();
      return postTags(db, m.platform, m.postId);
    },
    'seller-accounts': async () => {
      await requireSellerMode();
      return sellerAccounts(db);
    },
    'report-events': (m) => reportEvents({ ...syncDeps(), settings }, m.events),

    'get-cart': () => cartView(),
    'set-quantity': async (m) => {
      await db.cart.update(m.lineId, { quantity: m.quantity });
      return cartView();
    },
    'remove-line': async (m) => {
      await db.cart.delete(m.lineId);
      return cartView();
    },

    'get-settings': () => readSettings(settings),
    'set-settings': (m) => writeSettings(settings, m.settings),

    'get-contact': async () => {
      const row = await db.meta.get('contact');
      const parsed = Contact.safeParse(row?.value);
      return parsed.success ? parsed.data : null;
    },
    'save-contact': async (m) => {
      await db.meta.put({ key: 'contact', value: m.contact });
      return m.contact;
    },
    'forget-contact': async () => {
      await db.meta.delete('contact');
      return null;
    },

    checkout: (m) => checkout(orderDeps(), m),
    'retry-order': (m) => submitOrder(orderDeps(), m.orderId),
    'accept-prices': (m) => acceptPrices(db, m.merchantId),
    'set-variant': (m) => changeVariant(db, m.lineId, m.variantId),
    'buy-again': (m) => buyAgain(db, m.orderId, now()),

    'get-orders': () => readOrders(db),

    // Sources leave the background without their seller token (sourceView).
    'list-sources': async () => (await db.sources.toArray()).map(sourceView),
    'add-source': async (m) => {
      const state = newSourceState({ ...m.source, id: `${m.source.kind}-${newId().slice(0, 8)}` });
      await db.sources.put(state);
      // The first sync starts at once; the options page follows its progress.
      void syncSource(syncDeps(), state.id).catch((error: unknown) => console.error('[postcart] first sync failed', error));
      return sourceView(state);
    },
    'check-source': (m) => checkSource(syncDeps(), newSourceState({ ...m.source, id: 'check' })),
    'remove-source': async (m) => {
      if (m.id === DEMO_SOURCE_ID) throw new RequestError('The demo catalog is part of the extension and cannot be removed');
      // The source and everything it brought go together; cart lines stay (shown as unavailable).
      await db.transaction('rw', [db.sources, db.merchants, db.products, db.reviews, db.tags], async () => {
        await db.sources.delete(m.id);
        for (const table of [db.merchants, db.products, db.reviews, db.tags] as const) {
          await table.where('sourceId').equals(m.id).delete();
        }
      });
      await deps.restoreDemo?.();
      return null;
    },
    'sync-now': async (m) => {
      const results = m.id ? [await syncSource(syncDeps(), m.id)] : await syncAll(syncDeps());
      return results.map((r) => sourceView(r.state));
    },
    ...sellerHandlers({ db, fetch: syncDeps().fetch, now, fail: (message) => new RequestError(message) }),
    'seller-stats': (m) =>
      readSellerStats(db, syncDeps().fetch, m.sourceId, m.from, m.to).catch((error: unknown) => {
        throw error instanceof StatsError ? new RequestError(t(...statsErrorMessage(error))) : error;
      }),

    'catalog-status': async () => {
      const [merchants, products, tags, sources] = await Promise.all([db.merchants.count(), db.products.count(), db.tags.count(), db.sources.toArray()]);
      const demo = sources.find((s) => s.id === DEMO_SOURCE_ID);
      return {
        merchants,
        products,
        tags,
        syncing: sources.filter((s) => s.status === 'syncing').map((s) => ({ label: s.label || new URL(s.url).host, done: s.progress?.done ?? 0, total: s.progress?.total ?? null })),
        failing: sources.filter((s) => s.status === 'error').length,
        lastImport: demo?.lastRun ? { at: demo.lastRun.at, applied: demo.lastRun.applied, skipped: demo.lastRun.skipped } : null,
      };
    },
  };

  function isOurs(sender: SenderInfo): boolean {
    return sender.id === deps.extensionId;
  }
  function isExtensionPage(sender: SenderInfo): boolean {
    return isOurs(sender) && typeof sender.url === 'string' && sender.url.startsWith(`${deps.extensionOrigin}/`);
  }

  /** Parses and routes one message. Never throws: errors become `{ ok: false, error }`. */
  async function handleMessage(message: unknown, sender: SenderInfo): Promise<Reply<unknown>> {
    try {
      if (!isOurs(sender)) throw new RequestError('Unknown sender');
      const content = ContentRequest.safeParse(message);
      if (content.success) {
        const handler = handlers[content.data.type] as (m: ContentRequest) => Promise<unknown>;
        return { ok: true, data: await handler(content.data) };
      }
      const page = PageRequest.safeParse(message);
      if (page.success) {
        // Cart, checkout, settings and contact are privileged: extension pages only.
        if (!isExtensionPage(sender)) throw new RequestError('Not allowed from a web page');
        const handler = handlers[page.data.type] as (m: PageRequest) => Promise<unknown>;
        return { ok: true, data: await handler(page.data) };
      }
      throw new RequestError('Malformed message');
    } catch (error) {
      if (error instanceof RequestError || error instanceof CheckoutError) return { ok: false, error: error.message };
      console.error('[postcart] request failed', error);
      return { ok: false, error: 'Something went wrong in Postcart' };
    }
  }

  /** Orders-api requests a stopped worker cut off are resent (same key) when it starts again. */
  const resumeOrders = () => resumePendingOrders(orderDeps());

  return { handleMessage, handlers, resumeOrders };
}
