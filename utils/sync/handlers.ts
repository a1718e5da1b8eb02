/** The background's answers about catalog sources: list, add (and sync at once), check, remove, sync now. */
import { forgetPrices } from '../catalog/price-record';
import { dropInsights } from '../catalog/insights/store';
import { UserError } from '../platform/errors';
import type { Handlers } from '../platform/messages';
import { sourceView } from '../seller/model';
import { DEMO_SOURCE_ID } from './demo';
import { checkSource, syncAll, syncSource } from './engine';
import { releaseRefused } from './ownership';
import type { SyncDeps } from './puller';
import { newSourceState, type NewSource, type SourceState } from './source';

export interface SourceHandlerDeps {
  sync: () => SyncDeps;
  newId: () => string;
  /**
   * Puts the bundled demo catalog back. A source may have overwritten demo records (same ids, e.g.
   * the local catalog server's seed); removing that source must not leave the demo without them.
   */
  restoreDemo?: () => Promise<void>;
}

/** Stores a new source and starts its first sync (the options page follows its progress). */
export async function addSource(deps: SourceHandlerDeps, source: NewSource): Promise<SourceState> {
  const { db } = deps.sync();
  const state = newSourceState({ ...source, id: `${source.kind}-${deps.newId().slice(0, 8)}` });
  await db.sources.put(state);
  void syncSource(deps.sync(), state.id).catch((error: unknown) => console.error('[postcart] first sync failed', error));
  return state;
}

export function sourceHandlers(deps: SourceHandlerDeps): Handlers<'list-sources' | 'add-source' | 'check-source' | 'remove-source' | 'sync-now'> {
  const { db } = deps.sync();
  return {
    // Sources leave the background without their seller token (sourceView), with the names of their merchants.
    'list-sources': async () => {
      const [sources, merchants] = await Promise.all([db.sources.toArray(), db.merchants.toArray()]);
      const names = new Map<string, string[]>();
      for (const merchant of merchants) names.set(merchant.sourceId, [...(names.get(merchant.sourceId) ?? []), merchant.name]);
      return sources.map((source) => ({ ...sourceView(source), merchantNames: names.get(source.id) ?? [] }));
    },
    'add-source': async (m) => sourceView(await addSource(deps, m.source)),
    'check-source': (m) => checkSource(deps.sync(), newSourceState({ ...m.source, id: 'check' })),
    'remove-source': async (m) => {
      if (m.id === DEMO_SOURCE_ID) throw new UserError('errDemoNotRemovable');
      // The source and everything it brought go together; cart lines stay (shown as unavailable).
      await db.transaction('rw', [db.sources, db.merchants, db.products, db.reviews, db.tags, db.priceHistory, db.insights], async () => {
        await db.sources.delete(m.id);
        // Price history and insights of the products (and reviews) that go with the source.
        const [products, reviews] = await Promise.all([db.products.where('sourceId').equals(m.id).primaryKeys(), db.reviews.where('sourceId').equals(m.id).primaryKeys()]);
        await forgetPrices(db, products);
        await dropInsights(db, [...new Set([...products, ...reviews])]);
        for (const table of [db.merchants, db.products, db.reviews, db.tags] as const) {
          await table.where('sourceId').equals(m.id).delete();
        }
      });
      await deps.restoreDemo?.();
      // What it had refused other sources is free now: they sync again from the start to bring it in.
      for (const id of await releaseRefused(db, m.id)) {
        void syncSource(deps.sync(), id).catch((error: unknown) => console.error('[postcart] sync after removal failed', error));
      }
      return null;
    },
    'sync-now': async (m) => {
      const results = m.id ? [await syncSource(deps.sync(), m.id)] : await syncAll(deps.sync());
      return results.map((r) => sourceView(r.state));
    },
  };
}
