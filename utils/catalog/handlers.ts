/** The background's answers about the catalog: posts' buy buttons, product cards, search, status, price watches. */
import type { Reason } from '../platform/errors';
import type { CardData, Handlers } from '../platform/messages';
import { aiSummaryInput, aiSummaryPath } from './ai-summary';
import type { PostcartDB } from './db';
import type { PostRef } from './model';
import { lookupPosts, productCard, searchCatalog, type PostOffers } from './lookups';
import { chooseClaim, contestedAccounts } from './claims';
import { DEMO_SOURCE_ID } from '../sync/demo';
import type { Notifier } from './alerts';
import { changeWatch, listWatches, markAlertsSeen, productWatches, saveWatch, unseenAlertCount } from './watch-store';
import { sellerScope } from '../seller/tags';

/** What products read from linked shops add to lookups and cards (sync/linked/handlers.ts). */
export interface LinkedLookups {
  /** The chips of posts without offers that link to a product page; marks "from" prices. */
  annotate(posts: readonly PostRef[], offers: PostOffers): Promise<Record<string, Reason>>;
  card(productId: string): Promise<CardData['linked']>;
}

export interface CatalogHandlerDeps {
  now?: () => number;
  /** Opens an extension page (given as a path) in a small window of its own. */
  openPage: (path: string) => Promise<void>;
  linked?: LinkedLookups;
}

export function catalogHandlers(
  db: PostcartDB,
  { now = Date.now, openPage, linked }: CatalogHandlerDeps,
): Handlers<'lookup-posts' | 'get-card' | 'search-catalog' | 'catalog-status' | 'list-claims' | 'choose-claim' | 'open-ai-summary' | 'ai-summary-input'> {
  return {
    'list-claims': () => contestedAccounts(db),
    'choose-claim': (m) => chooseClaim(db, m.choice),
    'lookup-posts': async (m) => {
      const offers = await lookupPosts(db, m.posts, { now });
      return { offers, linkable: linked ? await linked.annotate(m.posts, offers) : {} };
    },
    'get-card': async (m) => {
      const card = await productCard(db, m.productId, m.variantId, now());
      return card && linked ? { ...card, linked: await linked.card(m.productId) } : card;
    },
    'search-catalog': async (m) => {
      // The page may say which platform the editor is on; whose products it gets is decided here.
      const scope = m.platform ? await sellerScope(db, m.platform) : null;
      return { hits: await searchCatalog(db, m.query, scope?.merchantIds), onlyMerchants: scope?.names ?? [] };
    },
    'open-ai-summary': async (m) => {
      await openPage(aiSummaryPath(m.productId));
      return null;
    },
    'ai-summary-input': (m) => aiSummaryInput(db, m.productId),
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
}

export interface WatchHandlerDeps {
  db: PostcartDB;
  now: () => number;
  newId: () => string;
  /** The toolbar badge follows the alerts the popup has shown. */
  notifier?: Pick<Notifier, 'badge'>;
}

/**
 * Watches: made and changed from the card (content scripts, after a trusted click: only on a
 * product the catalog holds and only that product's watches) and from the popup.
 */
export function watchHandlers({ db, now, newId, notifier }: WatchHandlerDeps): Handlers<'save-watch' | 'change-watch' | 'list-watches' | 'alerts-seen'> {
  return {
    'save-watch': async (m) => {
      await saveWatch(db, { productId: m.productId, variantId: m.variantId, watchId: m.watchId, rule: m.rule }, now(), newId);
      return productWatches(db, m.productId);
    },
    'change-watch': async (m) => {
      await changeWatch(db, m.productId, m.watchId, m.change, now());
      return productWatches(db, m.productId);
    },
    'list-watches': () => listWatches(db, now()),
    'alerts-seen': async () => {
      await markAlertsSeen(db);
      await notifier?.badge(await unseenAlertCount(db));
      return null;
    },
  };
}
