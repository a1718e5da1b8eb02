/** The background's answers about the catalog: posts' buy buttons, product cards, search, status. */
import type { Handlers } from '../platform/messages';
import type { PostcartDB } from './db';
import { lookupPosts, productCard, searchCatalog } from './lookups';
import { DEMO_SOURCE_ID } from '../sync/demo';
import { sellerScope } from '../seller/tags';

export function catalogHandlers(db: PostcartDB): Handlers<'lookup-posts' | 'get-card' | 'search-catalog' | 'catalog-status'> {
  return {
    'lookup-posts': (m) => lookupPosts(db, m.posts),
    'get-card': (m) => productCard(db, m.productId, m.variantId),
    'search-catalog': async (m) => {
      // The page may say which platform the editor is on; whose products it gets is decided here.
      const scope = m.platform ? await sellerScope(db, m.platform) : null;
      return { hits: await searchCatalog(db, m.query, scope?.merchantIds), onlyMerchants: scope?.names ?? [] };
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
}
