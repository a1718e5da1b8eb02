/** The background's answers about the catalog: posts' buy buttons, product cards, search, status. */
import type { Handlers } from '../platform/messages';
import { aiSummaryInput, aiSummaryPath } from './ai-summary';
import type { PostcartDB } from './db';
import { lookupPosts, productCard, searchCatalog } from './lookups';
import { DEMO_SOURCE_ID } from '../sync/demo';

export interface CatalogHandlerDeps {
  /** Opens an extension page (given as a path) in a small window of its own. */
  openPage: (path: string) => Promise<void>;
}

export function catalogHandlers(
  db: PostcartDB,
  deps: CatalogHandlerDeps,
): Handlers<'lookup-posts' | 'get-card' | 'search-catalog' | 'catalog-status' | 'open-ai-summary' | 'ai-summary-input'> {
  return {
    'lookup-posts': (m) => lookupPosts(db, m.posts),
    'get-card': (m) => productCard(db, m.productId, m.variantId),
    'search-catalog': (m) => searchCatalog(db, m.query),
    'open-ai-summary': async (m) => {
      await deps.openPage(aiSummaryPath(m.productId));
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
