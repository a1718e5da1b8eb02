/**
 * The background's message handling: validate, check who is asking, act on the database.
 * The entrypoint only wires browser events to `createBackground`.
 */
import type { PostcartDB } from './db';
import { lookupPosts, productCard, searchCatalog } from './catalog';
import { cartCount, groupByMerchant, lineId, primarySource, sourcePosts } from './cart';
import { buildShopifyPermalink, productLinkUrl } from './checkout';
import { Contact } from './contact';
import {
  ContentRequest,
  PageRequest,
  type CartView,
  type Reply,
  type ResponseMap,
} from './messages';
import { Order, type CartLine, type StoredTag } from './model';
import { totalsByCurrency } from './money';
import { readSettings, writeSettings, type SettingsStore } from './settings';
import { checkSource, syncAll, syncSource, type Fetcher, type SyncDeps } from './sync/engine';
import { DEMO_SOURCE_ID } from './sync/postcart';
import { newSourceState } from './sync/source';

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
  openTab: (url: string) => Promise<void>;
  /** The network, for catalog sources (tests pass a fake). */
  fetch?: Fetcher;
  /**
   * Puts the bundled demo catalog back. A source may have overwritten demo records (same ids, e.g.
   * the local catalog server's seed); removing that source must not leave the demo without them.
   */
  restoreDemo?: () => Promise<void>;
  now?: () => number;
  newId?: () => string;
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

  async function cartView(): Promise<CartView> {
    const lines = await db.cart.orderBy('addedAt').toArray();
    const merchants = await db.merchants.bulkGet([...new Set(lines.map((l) => l.merchantId))]);
    const byId = new Map(merchants.filter((m) => m !== undefined).map((m) => [m.id, m]));
    return { lines, groups: groupByMerchant(lines, byId) };
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
          quantity: Math.min(99, (existing?.quantity ?? 0) + m.quantity),
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

    'save-tag': async (m) => {
      if (!(await readSettings(settings)).sellerMode) throw new RequestError('Turn on seller mode to tag posts');
      const product = await db.products.get(m.productId);
      if (!product || !product.variants.some((v) => v.id === m.variantId)) {
        throw new RequestError('This product is no longer in the catalog');
      }
      // One local tag per product per post: tagging the same product again moves its pin.
      const tag: StoredTag = {
        id: `local:${m.platform}:${m.postId}:${m.productId}`,
        platform: m.platform,
        postId: m.postId,
        productId: m.productId,
        variantId: m.variantId,
        x: m.x,
        y: m.y,
        updatedAt: new Date(now()).toISOString(),
        origin: 'local',
        sourceId: 'local',
      };
      await db.tags.put(tag);
      return { tagId: tag.id };
    },

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

    checkout: async (m) => {
      const { order, isNew } = await db.transaction('rw', [db.cart, db.orders, db.merchants, db.products], async () => {
        // The same attempt clicked twice, or retried after the popup closed: answer with the first order.
        const existing = await db.orders.where('idempotencyKey').equals(m.idempotencyKey).first();
        if (existing) return { order: existing, isNew: false };
        const merchant = await db.merchants.get(m.merchantId);
        if (!merchant) throw new RequestError('Unknown merchant');
        const lines = await db.cart.where('merchantId').equals(m.merchantId).toArray();
        if (lines.length === 0) throw new RequestError('Nothing in the cart for this merchant');
        const sources = sourcePosts(lines);
        let checkoutUrl: string;
        if (merchant.checkout.kind === 'shopify-permalink') {
          checkoutUrl = buildShopifyPermalink({
            storeUrl: merchant.url,
            lines: lines.map((l) => ({ variantId: l.variantId, quantity: l.quantity })),
            contact: m.contact,
            source: primarySource(lines),
          });
        } else if (merchant.checkout.kind === 'link') {
          const product = await db.products.get(lines[0]!.productId);
          checkoutUrl = productLinkUrl(product?.url ?? merchant.url);
        } else {
          throw new RequestError(`${merchant.name} takes orders through its catalog server, which is not connected yet`);
        }
        const order = Order.parse({
          id: newId(),
          idempotencyKey: m.idempotencyKey,
          merchantId: merchant.id,
          merchantName: merchant.name,
          checkoutKind: merchant.checkout.kind,
          lines,
          totals: totalsByCurrency(lines),
          createdAt: now(),
          status: 'handed-off',
          checkoutUrl,
          sourcePosts: sources,
        });
        await db.orders.add(order);
        await db.cart.bulkDelete(lines.map((l) => l.id));
        return { order, isNew: true };
      });
      // Opened after the commit: a worker killed in between leaves the order in history, where
      // "open again" reaches the same link; opening first could hand off twice.
      if (isNew) await deps.openTab(order.checkoutUrl);
      return order;
    },

    'get-orders': () => db.orders.orderBy('createdAt').reverse().toArray(),

    'list-sources': () => db.sources.toArray(),
    'add-source': async (m) => {
      const state = newSourceState({ ...m.source, id: `${m.source.kind}-${newId().slice(0, 8)}` });
      await db.sources.put(state);
      // The first sync starts at once; the options page follows its progress.
      void syncSource(syncDeps(), state.id).catch((error: unknown) => console.error('[postcart] first sync failed', error));
      return state;
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
      return results.map((r) => r.state);
    },

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
      if (error instanceof RequestError) return { ok: false, error: error.message };
      console.error('[postcart] request failed', error);
      return { ok: false, error: 'Something went wrong in Postcart' };
    }
  }

  return { handleMessage, handlers };
}
