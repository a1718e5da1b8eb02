/**
 * The sync engine: pulls each catalog source page by page and applies every page in one
 * transaction together with the source's cursor, so a worker killed at any moment resumes where
 * it stopped (nothing lost, nothing applied twice). Network failures back off exponentially with
 * jitter; a broken response fails that run and keeps the previous data. Sources sync side by side:
 * one that is slow, stalled (every request has timeouts) or looping (a cursor that does not move,
 * more pages than a run may take) fails on its own and never holds the others.
 */
import type { PostcartDB } from '../catalog/db';
import { forgetPrices } from '../catalog/price-record';
import { dropInsights } from '../catalog/insights/store';
import { reason, reasonOfError, UserError, type Reason } from '../platform/errors';
import { backoffMs, HttpError } from '../platform/http';
import { DEMO_SOURCE_ID } from './demo';
import { applyFeed } from './apply';
import type { PullDeps, Puller, SyncDeps } from './puller';
import { countReasons, FeedError, type ParsedFeed, type SkipCount, type SkippedRecord } from './records';
import type { SourceState } from './source';
import { pullMerchantFeed } from './sources/merchant-feed';
import { pullPostcart } from './sources/postcart';
import { catalogResolver, pullReviewsFeed } from './sources/reviews-feed';
import { pullShopify } from './sources/shopify';


/** Pages one run may apply: a feed that never stops saying `hasMore` ends here (a million records at 500 a page). */
export const MAX_PAGES_PER_RUN = 2_000;

const PULLERS: Record<SourceState['kind'], Puller> = {
  postcart: pullPostcart,
  shopify: pullShopify,
  'merchant-feed': pullMerchantFeed,
  'reviews-feed': pullReviewsFeed,
};

/** Sources that send their whole catalog every run: what a full run did not see is gone. */
const SNAPSHOT_KINDS: ReadonlySet<SourceState['kind']> = new Set(['shopify', 'merchant-feed']);

export interface SyncResult {
  state: SourceState;
  applied: number;
  skipped: SkippedRecord[];
}

const running = new Map<string, Promise<SyncResult>>();

/** Syncs one source now; a second call while it runs gets the same run. */
export function syncSource(deps: SyncDeps, sourceId: string): Promise<SyncResult> {
  const existing = running.get(sourceId);
  if (existing) return existing;
  const run = runSync(deps, sourceId).finally(() => running.delete(sourceId));
  running.set(sourceId, run);
  return run;
}

function pullDeps(deps: SyncDeps, pageSize: number, maxPages: number): Required<SyncDeps> & PullDeps {
  return { now: Date.now, random: Math.random, pageSize, maxPages, history: true, afterRun: async () => undefined, ...deps, resolveReview: catalogResolver(deps.db) };
}

/** What a failed run tells the user: the failure's own reason, or that storage is full. */
function failureReason(error: unknown): Reason {
  const inner = (error as { inner?: { name?: string } } | null)?.inner;
  if ((error as Error | null)?.name === 'QuotaExceededError' || inner?.name === 'QuotaExceededError') return reason('errStorageFull');
  if (error instanceof UserError) return error.reason;
  console.error('[postcart] sync failed', error);
  return reasonOfError(error);
}

async function runSync(deps: SyncDeps, sourceId: string): Promise<SyncResult> {
  const full = pullDeps(deps, 500, MAX_PAGES_PER_RUN);
  const { db, now } = full;
  const stored = await db.sources.get(sourceId);
  if (!stored) throw new UserError('errSourceGone');
  const puller = PULLERS[stored.kind];

  let state: SourceState = { ...stored, status: 'syncing', error: null, progress: { done: 0, total: null } };
  // Once marked syncing, the source always leaves that state: every path below ends in the final put.
  let applied = 0;
  let bytes = 0;
  const skipped: SkippedRecord[] = [];
  try {
    await putKeepingSeller(db, state);
    // Only a run that starts from the beginning sees the whole snapshot.
    const seen = SNAPSHOT_KINDS.has(stored.kind) && !stored.cursor ? new Set<string>() : null;
    const cursors = new Set<string>(stored.cursor ? [stored.cursor] : []);
    let pages = 0;
    for await (const page of puller(state, full)) {
      pages += 1;
      if (pages > full.maxPages) throw new FeedError('errTooManyPages', [full.maxPages]);
      // A feed whose next cursor is one it already gave would loop forever.
      if (!page.done && page.nextCursor !== null) {
        if (cursors.has(page.nextCursor)) throw new FeedError('errCursorStuck');
        cursors.add(page.nextCursor);
      }
      bytes += page.bytes;
      const progress = { done: (state.progress?.done ?? 0) + countRecords(page.feed), total: page.total ?? state.progress?.total ?? null };
      // The page and the cursor after it commit together (applyFeed's transaction).
      const result = await applyFeed(db, { ...state, progress, etag: page.etag ?? state.etag }, page.feed, now(), page.nextCursor, { history: full.history });
      applied += result.applied;
      skipped.push(...result.skipped);
      for (const product of page.feed.products) seen?.add(product.id);
      const refusedBy = [...new Set([...(state.refusedBy ?? []), ...result.refusedBy])];
      state = { ...state, progress, etag: page.etag ?? state.etag, cursor: page.nextCursor, refusedBy };
    }
    const removed = seen ? await removeUnseen(db, sourceId, seen) : 0;
    state = { ...state, status: 'idle', failures: 0, nextAttemptAt: null, lastRun: summary(now(), applied, skipped, bytes, true, removed ? reason('noteProductsRemoved', removed) : null) };
  } catch (error) {
    const retryable = error instanceof HttpError && error.retryable;
    const failures = state.failures + 1;
    const why = failureReason(error);
    state = {
      ...state,
      status: 'error',
      error: why,
      failures,
      // A broken feed is retried at the normal schedule; a network failure backs off.
      nextAttemptAt: retryable ? now() + backoffMs(failures, full.random) : null,
      lastRun: summary(now(), applied, skipped, bytes, false, why),
    };
  }
  // state.cursor moved only after each committed page, so it is what the database holds. When
  // storage is full even this small write can fail: the source is then left as the last page put it.
  await putKeepingSeller(db, state).catch((error: unknown) => console.error('[postcart] could not record the sync result', error));
  const outcome = state.status === 'idle' ? 'complete' : applied > 0 ? 'partial' : 'failed';
  await full.afterRun({ sourceId, outcome }).catch((error: unknown) => console.error('[postcart] after the sync', error));
  return { state, applied, skipped };
}

/**
 * Writes a run's state of a source, with the seller connection the row holds now: the seller may
 * connect (or disconnect) while a run goes on, and the run's copy of the row is older.
 */
function putKeepingSeller(db: PostcartDB, state: SourceState): Promise<unknown> {
  return db.transaction('rw', db.sources, async () => {
    const stored = await db.sources.get(state.id);
    await db.sources.put(stored ? { ...state, seller: stored.seller } : state);
  });
}

/**
 * Deletes a snapshot source's products that its full run did not list, with their price history, and
 * with their tags and reviews when those are its own too (another source's stay: sync/ownership.ts).
 */
async function removeUnseen(db: PostcartDB, sourceId: string, seen: ReadonlySet<string>): Promise<number> {
  return db.transaction('rw', [db.products, db.reviews, db.tags, db.priceHistory, db.insights], async () => {
    const gone = (await db.products.where('sourceId').equals(sourceId).primaryKeys()).filter((id) => !seen.has(id));
    if (gone.length === 0) return 0;
    await db.products.bulkDelete(gone);
    await db.reviews.where('productId').anyOf(gone).filter((review) => review.sourceId === sourceId).delete();
    await db.tags.where('productId').anyOf(gone).filter((tag) => tag.sourceId === sourceId).delete();
    await forgetPrices(db, gone);
    await dropInsights(db, gone);
    return gone.length;
  });
}

function countRecords(feed: ParsedFeed): number {
  return feed.merchants.length + feed.products.length + feed.reviews.length + feed.tags.length + feed.skipped.length;
}

function summary(at: number, applied: number, skipped: SkippedRecord[], bytes: number, ok: boolean, note: Reason | null) {
  return { at, applied, skipped: skipped.length, reasons: countReasons(skipped), bytes, ok, note };
}

/** Syncs the given sources side by side; one that fails or stalls never holds the others. */
async function syncEach(deps: SyncDeps, sources: readonly SourceState[]): Promise<SyncResult[]> {
  const runs = await Promise.allSettled(sources.map((source) => syncSource(deps, source.id)));
  return runs.flatMap((run) => (run.status === 'fulfilled' ? [run.value] : []));
}

/** Syncs every source that is due (not the bundled demo catalog, not one backing off). */
export async function syncDue(deps: SyncDeps): Promise<SyncResult[]> {
  const now = (deps.now ?? Date.now)();
  const sources = await deps.db.sources.toArray();
  return syncEach(deps, sources.filter((source) => source.id !== DEMO_SOURCE_ID && (source.nextAttemptAt === null || source.nextAttemptAt <= now)));
}

export interface SourceCheckResult {
  ok: boolean;
  records: number;
  skipped: number;
  reasons: SkipCount[];
  error: Reason | null;
}

/** A dry run for the options page: fetch and validate the first page, store nothing. */
export async function checkSource(deps: SyncDeps, source: SourceState): Promise<SourceCheckResult> {
  const full = pullDeps(deps, 50, 1);
  const puller = PULLERS[source.kind];
  try {
    const first = await puller({ ...source, cursor: null, etag: null }, full).next();
    if (first.done) return { ok: true, records: 0, skipped: 0, reasons: [], error: null };
    const { feed } = first.value;
    return { ok: true, records: countRecords(feed) - feed.skipped.length, skipped: feed.skipped.length, reasons: countReasons(feed.skipped), error: null };
  } catch (error) {
    return { ok: false, records: 0, skipped: 0, reasons: [], error: failureReason(error) };
  }
}

/** Syncs every source except the bundled demo catalog, now, whatever its backoff says. */
export async function syncAll(deps: SyncDeps): Promise<SyncResult[]> {
  const sources = await deps.db.sources.toArray();
  return syncEach(deps, sources.filter((source) => source.id !== DEMO_SOURCE_ID));
}

/** Runs again the syncs a killed worker left half done (they resume from their cursor). */
export async function resumeInterrupted(deps: SyncDeps): Promise<SyncResult[]> {
  return syncEach(deps, await deps.db.sources.filter((source) => source.status === 'syncing').toArray());
}

export const SYNC_ALARM = 'postcart-sync';
export const SYNC_PERIOD_MINUTES = 30;
