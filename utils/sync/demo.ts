/**
 * The demo catalog bundled with the extension (public/demo-catalog.json): imported on install so a
 * tester sees buy buttons and can tag posts with no server at all.
 */
import type { PostcartDB } from '../catalog/db';
import { demoHistoryRows } from '../catalog/demo-history';
import { originOf } from '../platform/urls';
import type { ApplyResult } from './apply';
import { applyFeed } from './apply';
import { parseFeed } from './sources/postcart';
import { DEMO_SOURCE_ID } from './ownership';
import { newSourceState, type SourceState } from './source';

export { DEMO_SOURCE_ID };

/**
 * Imports the catalog bundled with the extension, once, with a plausible price history for each
 * product (catalog/demo-history.ts). Safe to call at every worker start: if the worker died
 * mid-import, the next start imports again (nothing was committed before).
 */
export async function importDemoCatalog(
  db: PostcartDB,
  feedUrl: string,
  fetchJson: (url: string) => Promise<unknown>,
  options: { again?: boolean } = {},
): Promise<ApplyResult | null> {
  const existing = await db.sources.get(DEMO_SOURCE_ID);
  if (existing?.cursor && !options.again) return null;
  const raw = await fetchJson(feedUrl);
  const parsed = parseFeed(raw, {
    sourceId: DEMO_SOURCE_ID,
    baseUrl: feedUrl,
    allowedOrigins: [originOf(new URL(feedUrl))],
  });
  const source: SourceState = existing ?? newSourceState({ id: DEMO_SOURCE_ID, kind: 'postcart', url: feedUrl });
  const now = Date.now();
  // A made-up past for products without history, so a tester sees charts and the reduction rule
  // at once; a product that has one (imported before, or synced from a real source) keeps it.
  return applyFeed(db, source, parsed, now, parsed.cursor, { seed: (products) => demoHistoryRows(products, now) });
}
