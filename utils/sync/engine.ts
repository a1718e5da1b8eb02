/**
 * The sync engine: pulls each catalog source page by page and applies every page in one
 * transaction together with the source's cursor, so a worker killed at any moment resumes where
 * it stopped (nothing lost, nothing applied twice). Network failures back off exponentially with
 * jitter; a broken response fails that run and keeps the previous data.
 */
import type { PostcartDB } from '../catalog/db';
import { parseMerchantFeed } from './sources/merchant-feed';
import { applyFeed, countReasons, DEMO_SOURCE_ID, FeedError, parseFeed, type ParsedFeed, type SkippedRecord } from './sources/postcart';
import { catalogResolver, parseReviewsFeed } from './sources/reviews-feed';
import { parseShopifyPage, SHOPIFY_MAX_PAGE, shopifyPageUrl } from './sources/shopify';
import { originOf } from '../catalog/model';
import type { SourceState } from './source';

export type Fetcher = (url: string, init?: RequestInit) => Promise<Response>;

export interface SyncDeps {
  db: PostcartDB;
  fetch: Fetcher;
  now?: () => number;
  random?: () => number;
  /** Records per page asked of paged sources. */
  pageSize?: number;
}

/** One page a source yields: what to apply and where the next page starts. */
export interface Page {
  feed: ParsedFeed;
  /** Cursor stored with this page; null when the run is complete and the next starts afresh. */
  nextCursor: string | null;
  etag?: string | null;
  bytes: number;
  /** Total records of the run when the source says (for progress). */
  total?: number | null;
  done: boolean;
}

/** Pulls one source from its stored cursor, page by page. */
export type Puller = (source: SourceState, deps: Required<SyncDeps>) => AsyncGenerator<Page, void, void>;

/** Thrown for failures worth retrying later (network, 5xx, 429). */
export class RetryableError extends Error {
  override name = 'RetryableError';
}

const MIN_BACKOFF_MS = 30_000;
const MAX_BACKOFF_MS = 6 * 60 * 60_000;

/** Exponential backoff with full jitter between half and all of the step. */
export function backoffMs(failures: number, random: () => number = Math.random): number {
  const step = Math.min(MAX_BACKOFF_MS, MIN_BACKOFF_MS * 2 ** Math.max(0, failures - 1));
  return Math.round(step * (0.5 + random() / 2));
}

async function readText(response: Response): Promise<string> {
  try {
    return await response.text();
  } catch (error) {
    throw new RetryableError(`The response was cut off: ${(error as Error).message}`);
  }
}

/** GETs a URL; 5xx, 429 and network errors are retryable, other non-2xx are not. */
export async function fetchChecked(fetcher: Fetcher, url: string, init?: RequestInit): Promise<Response> {
  let response: Response;
  try {
    response = await fetcher(url, { ...init, cache: 'no-store', credentials: 'omit' });
  } catch (error) {
    throw new RetryableError(`Could not reach ${new URL(url).host}: ${(error as Error).message}`);
  }
  if (response.status === 304 || response.ok) return response;
  if (response.status >= 500 || response.status === 429) throw new RetryableError(`${new URL(url).host} answered ${response.status}`);
  throw new FeedError(`${new URL(url).host} answered ${response.status}`);
}

/**
 * A catalog server on this machine (development, `npm run server`) serves its images over plain
 * http from its own origin; that origin, and only it, is allowed for its records' URLs.
 */
function ownLoopbackOrigin(sourceUrl: string): string[] {
  const url = new URL(sourceUrl);
  return url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname) ? [originOf(url)] : [];
}

/** The Postcart feed v1: `since` cursor, `hasMore` paging, ETag/304, deletions. */
export const pullPostcart: Puller = async function* (source, deps) {
  const request = (cursor: string | null, etag: string | null) => {
    const url = new URL(source.url);
    if (cursor) url.searchParams.set('since', cursor);
    url.searchParams.set('limit', String(deps.pageSize));
    return fetchChecked(deps.fetch, url.href, etag ? { headers: { 'If-None-Match': etag } } : undefined);
  };
  let pending = request(source.cursor, source.etag);
  for (;;) {
    const response = await pending;
    if (response.status === 304) return;
    const text = await readText(response);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new FeedError('The feed is not valid JSON (truncated or not a Postcart feed)');
    }
    const feed = parseFeed(json, { sourceId: source.id, baseUrl: source.url, allowedOrigins: ownLoopbackOrigin(source.url) });
    const etag = response.headers.get('etag');
    // The next page downloads while this one is written; a worker stopped meanwhile just drops it.
    if (feed.hasMore) {
      pending = request(feed.cursor, null);
      pending.catch(() => undefined);
    }
    yield { feed, nextCursor: feed.cursor, etag, bytes: text.length, done: !feed.hasMore };
    if (!feed.hasMore) return;
  }
};

async function fetchJson(deps: Required<SyncDeps>, url: string): Promise<{ json: unknown; bytes: number }> {
  const text = await readText(await fetchChecked(deps.fetch, url));
  try {
    return { json: JSON.parse(text), bytes: text.length };
  } catch {
    throw new FeedError('The response is not valid JSON (truncated or not the expected format)');
  }
}

/** Splits one big parsed document into pages of `size` records, each its own transaction. */
function* chunked(feed: ParsedFeed, size: number, bytes: number): Generator<Page> {
  const { products, reviews } = feed;
  const pages = Math.max(1, Math.ceil(Math.max(products.length, reviews.length) / size));
  for (let i = 0; i < pages; i += 1) {
    const first = i === 0;
    yield {
      feed: {
        ...feed,
        merchants: first ? feed.merchants : [],
        tags: first ? feed.tags : [],
        skipped: first ? feed.skipped : [],
        deleted: first ? feed.deleted : { products: [], tags: [] },
        products: products.slice(i * size, (i + 1) * size),
        reviews: reviews.slice(i * size, (i + 1) * size),
      },
      // A snapshot has no resumable position: a run cut short starts over, and upserts make the
      // pages already applied harmless.
      nextCursor: null,
      bytes: first ? bytes : 0,
      total: products.length + reviews.length,
      done: i === pages - 1,
    };
  }
}

/** A Shopify store's public products.json, page by page (the page number is the cursor). */
export const pullShopify: Puller = async function* (source, deps) {
  if (!source.currency || !source.merchant) throw new FeedError('This Shopify source has no currency or merchant');
  for (let page = Number(source.cursor ?? 1) || 1; page <= SHOPIFY_MAX_PAGE; page += 1) {
    const { json, bytes } = await fetchJson(deps, shopifyPageUrl(source.url, page));
    const feed = parseShopifyPage(json, { sourceId: source.id, storeUrl: source.url, currency: source.currency, merchant: source.merchant, page });
    const next = feed.cursor ? feed.cursor : null;
    yield { feed, nextCursor: next, bytes, done: next === null };
    if (next === null) return;
  }
};

/** A Google Merchant Center product feed (tab-separated or RSS/Atom XML), one document. */
export const pullMerchantFeed: Puller = async function* (source, deps) {
  if (!source.merchant) throw new FeedError('This Merchant Center source has no merchant');
  const text = await readText(await fetchChecked(deps.fetch, source.url));
  const feed = parseMerchantFeed(text, { sourceId: source.id, merchant: source.merchant, now: deps.now() });
  yield* chunked(feed, deps.pageSize, text.length);
};

/** A Google product reviews feed, joined to cached products by GTIN, SKU or URL. */
export const pullReviewsFeed: Puller = async function* (source, deps) {
  const text = await readText(await fetchChecked(deps.fetch, source.url));
  const feed = await parseReviewsFeed(text, { sourceId: source.id, resolve: catalogResolver(deps.db) });
  yield* chunked(feed, deps.pageSize, text.length);
};

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

function describe(error: unknown): string {
  const inner = (error as { inner?: { name?: string } }).inner;
  if ((error as Error).name === 'QuotaExceededError' || inner?.name === 'QuotaExceededError') {
    return 'The browser refused to store more data (storage quota). Free some space or remove a source.';
  }
  return error instanceof Error ? error.message : String(error);
}

async function runSync(deps: SyncDeps, sourceId: string): Promise<SyncResult> {
  const full: Required<SyncDeps> = { now: Date.now, random: Math.random, pageSize: 500, ...deps };
  const { db, now } = full;
  const stored = await db.sources.get(sourceId);
  if (!stored) throw new Error(`No source ${sourceId}`);
  const puller = PULLERS[stored.kind];

  let state: SourceState = { ...stored, status: 'syncing', error: null, progress: { done: 0, total: null } };
  await db.sources.put(state);
  // Only a run that starts from the beginning sees the whole snapshot.
  const seen = SNAPSHOT_KINDS.has(stored.kind) && !stored.cursor ? new Set<string>() : null;
  let applied = 0;
  let bytes = 0;
  const skipped: SkippedRecord[] = [];
  try {
    for await (const page of puller(state, full)) {
      bytes += page.bytes;
      const progress = { done: (state.progress?.done ?? 0) + countRecords(page.feed), total: page.total ?? state.progress?.total ?? null };
      // The page and the cursor after it commit together (applyFeed's transaction).
      const result = await applyFeed(db, { ...state, progress, etag: page.etag ?? state.etag }, page.feed, now(), page.nextCursor);
      applied += result.applied;
      skipped.push(...result.skipped);
      for (const product of page.feed.products) seen?.add(product.id);
      state = { ...state, progress, etag: page.etag ?? state.etag, cursor: page.nextCursor };
    }
    const removed = seen ? await removeUnseen(db, sourceId, seen) : 0;
    state = { ...state, status: 'idle', failures: 0, nextAttemptAt: null, lastRun: summary(now(), applied, skipped, bytes, true, removed ? `${removed} products no longer listed were removed` : null) };
  } catch (error) {
    const retryable = error instanceof RetryableError;
    const failures = state.failures + 1;
    state = {
      ...state,
      status: 'error',
      error: describe(error),
      failures,
      // A broken feed is retried at the normal schedule; a network failure backs off.
      nextAttemptAt: retryable ? now() + backoffMs(failures, full.random) : null,
      lastRun: summary(now(), applied, skipped, bytes, false, describe(error)),
    };
  }
  // state.cursor moved only after each committed page, so it is what the database holds.
  await db.sources.put(state);
  return { state, applied, skipped };
}

/** Deletes a snapshot source's products (with their tags and reviews) that its full run did not list. */
async function removeUnseen(db: PostcartDB, sourceId: string, seen: ReadonlySet<string>): Promise<number> {
  return db.transaction('rw', [db.products, db.reviews, db.tags], async () => {
    const gone = (await db.products.where('sourceId').equals(sourceId).primaryKeys()).filter((id) => !seen.has(id));
    if (gone.length === 0) return 0;
    await db.products.bulkDelete(gone);
    await db.reviews.bulkDelete(gone);
    await db.tags.where('productId').anyOf(gone).delete();
    return gone.length;
  });
}

function countRecords(feed: ParsedFeed): number {
  return feed.merchants.length + feed.products.length + feed.reviews.length + feed.tags.length + feed.skipped.length;
}

function summary(at: number, applied: number, skipped: SkippedRecord[], bytes: number, ok: boolean, note: string | null) {
  return { at, applied, skipped: skipped.length, reasons: countReasons(skipped), bytes, ok, note };
}

/** Syncs every source that is due (not the bundled demo catalog, not one backing off). */
export async function syncDue(deps: SyncDeps): Promise<SyncResult[]> {
  const now = (deps.now ?? Date.now)();
  const sources = await deps.db.sources.toArray();
  const results: SyncResult[] = [];
  for (const source of sources) {
    if (source.id === DEMO_SOURCE_ID) continue;
    if (source.nextAttemptAt !== null && source.nextAttemptAt > now) continue;
    results.push(await syncSource(deps, source.id));
  }
  return results;
}

/** A dry run for the options page: fetch and validate the first page, store nothing. */
export async function checkSource(deps: SyncDeps, source: SourceState): Promise<{ ok: boolean; records: number; skipped: number; reasons: Record<string, number>; error: string | null }> {
  const full: Required<SyncDeps> = { now: Date.now, random: Math.random, pageSize: 50, ...deps };
  const puller = PULLERS[source.kind];
  try {
    const first = await puller({ ...source, cursor: null, etag: null }, full).next();
    if (first.done) return { ok: true, records: 0, skipped: 0, reasons: {}, error: null };
    const { feed } = first.value;
    const run = summary(full.now(), 0, feed.skipped, first.value.bytes, true, null);
    return { ok: true, records: countRecords(feed) - feed.skipped.length, skipped: feed.skipped.length, reasons: run.reasons, error: null };
  } catch (error) {
    return { ok: false, records: 0, skipped: 0, reasons: {}, error: describe(error) };
  }
}

/** Syncs every source except the bundled demo catalog, now, whatever its backoff says. */
export async function syncAll(deps: SyncDeps): Promise<SyncResult[]> {
  const sources = await deps.db.sources.toArray();
  const results: SyncResult[] = [];
  for (const source of sources) {
    if (source.id !== DEMO_SOURCE_ID) results.push(await syncSource(deps, source.id));
  }
  return results;
}

/** Runs again the syncs a killed worker left half done (they resume from their cursor). */
export async function resumeInterrupted(deps: SyncDeps): Promise<SyncResult[]> {
  const interrupted = await deps.db.sources.filter((source) => source.status === 'syncing').toArray();
  const results: SyncResult[] = [];
  for (const source of interrupted) results.push(await syncSource(deps, source.id));
  return results;
}

export const SYNC_ALARM = 'postcart-sync';
export const SYNC_PERIOD_MINUTES = 30;
