/** The background's answers about catalog: posts' buy buttons, product cards, search, status. */
import type { Reason } from '../platform/errors';
import type { CardData, Handlers } from '../platform/messages';
import type { PostcartDB } from './db';
import type { PostRef } from './model';
import { lookupPosts, productCard, searchCatalog, type PostOffers } from './lookups';
import { DEMO_SOURCE_ID } from '../sync/demo';

/** What products read from linked shops add to lookups and cards (sync/linked/handlers.ts). */
export interface LinkedLookups {
  /** The chips of posts without offers that link to a product page; marks "from" prices. */
  annotate(posts: readonly PostRef[], offers: PostOffers): Promise<Record<string, Reason>>;
  card(productId: string): Promise<CardData['linked']>;
}

export function catalogHandlers(db: PostcartDB, linked?: LinkedLookups): Handlers<'lookup-posts' | 'get-card' | 'search-catalog' | 'catalog-status'> {
  return {
    'lookup-posts': async (m) => {
      const offers = await lookupPosts(db, m.posts);
      return { offers, linkable: linked ? await linked.annotate(m.posts, offers) : {} };
    },
    'get-card': async (m) => {
      const card = await productCard(db, m.productId, m.variantId);
      return card && linked ? { ...card, linked: await linked.card(m.productId) } : card;
    },
    'search-catalog': (m) => searchCatalog(db, m.query),
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
