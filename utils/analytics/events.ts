/**
 * Anonymous shopping events (buy button shown, card opened, added to cart, checkout started),
 * queued in IndexedDB and sent in batches to the catalog server the product came from, so its
 * sellers see what sells. No personal data: no contact, cart or user id; a post URL only when it is
 * https, without its query or fragment. Nothing is queued or sent while the user has it switched off.
 */
import { z } from 'zod';
import {
  FLUSH_THRESHOLD,
  MAX_EVENTS_PER_BATCH,
  MAX_QUEUED_EVENTS,
  QueuedEvent,
  ReportedEvent,
  WireEvent,
} from './schema';
import type { PostcartDB } from '../catalog/db';
import type { CartLine, StoredProduct } from '../catalog/model';
import { toDecimal } from '../platform/money';
import { backoffMs, exchange, HttpError, type Fetcher } from '../platform/http';
import type { Handlers } from '../platform/messages';
import { readSettings, type SettingsStore } from '../platform/settings';
import { cleanPostUrl } from '../platform/urls';
import type { SourceState } from '../sync/source';
import { sellerEndpoint } from '../seller/connection';


export interface AnalyticsDeps {
  db: PostcartDB;
  settings: SettingsStore;
  fetch: Fetcher;
  now?: () => number;
  random?: () => number;
  newId?: () => string;
  /** Whether the browser lets stats leave (Firefox's data collection permission, consent.ts); always, by default. */
  permitted?: () => Promise<boolean>;
}

/** The setting says yes and the browser allows it. */
async function statsAllowed(deps: Pick<AnalyticsDeps, 'settings' | 'permitted'>): Promise<boolean> {
  if (!(await readSettings(deps.settings)).analytics) return false;
  return deps.permitted ? deps.permitted() : true;
}

/** The events endpoint a product's events go to: its source's server, when that is a Postcart server. */
async function eventSources(db: PostcartDB, productIds: readonly string[]): Promise<Map<string, { sourceId: string }>> {
  const products = (await db.products.bulkGet([...new Set(productIds)])).filter((p): p is StoredProduct => p !== undefined);
  const sourceIds = [...new Set(products.map((p) => p.sourceId))];
  const sources = (await db.sources.bulkGet(sourceIds)).filter((s): s is SourceState => s !== undefined);
  const eligible = new Set(sources.filter((s) => sellerEndpoint(s, 'events') !== null).map((s) => s.id));
  return new Map(products.filter((p) => eligible.has(p.sourceId)).map((p) => [p.id, { sourceId: p.sourceId }]));
}

async function enqueue(db: PostcartDB, rows: QueuedEvent[]): Promise<void> {
  if (rows.length === 0) return;
  await db.transaction('rw', db.events, async () => {
    await db.events.bulkAdd(rows);
    const excess = (await db.events.count()) - MAX_QUEUED_EVENTS;
    if (excess > 0) await db.events.orderBy('at').limit(excess).delete();
  });
}

/**
 * Queues what an overlay reported. Only for products of a Postcart catalog server, only while the
 * user allows it; the time is the background's, not the page's.
 * Returns how many events were queued.
 */
export async function queueReportedEvents(db: PostcartDB, settings: SettingsStore, events: readonly ReportedEvent[], now: number): Promise<number> {
  if (!(await readSettings(settings)).analytics) return 0;
  const routes = await eventSources(db, events.map((e) => e.productId));
  const at = new Date(now).toISOString();
  const rows: QueuedEvent[] = [];
  for (const reported of events) {
    const route = routes.get(reported.productId);
    if (!route) continue;
    const event: WireEvent = { type: reported.type, platform: reported.platform, postId: reported.postId, productId: reported.productId, at };
    const postUrl = cleanPostUrl(reported.postUrl);
    if (postUrl) event.postUrl = postUrl;
    // Value is counted at checkout only; an add to cart says how many.
    if (reported.type === 'add-to-cart') event.quantity = reported.quantity ?? 1;
    rows.push({ at: now, sourceId: route.sourceId, batchId: null, event });
  }
  await enqueue(db, rows);
  return rows.length;
}

/**
 * Queues a `checkout` event per cart line that came from a post, valued at the line's price.
 * The checkout handler calls it once an order is recorded.
 */
export async function recordCheckoutEvents(db: PostcartDB, lines: readonly CartLine[], now: number, settings: SettingsStore): Promise<number> {
  if (!(await readSettings(settings)).analytics) return 0;
  const fromPosts = lines.filter((line) => line.source !== null);
  if (fromPosts.length === 0) return 0;
  const routes = await eventSources(db, fromPosts.map((l) => l.productId));
  const at = new Date(now).toISOString();
  const rows: QueuedEvent[] = [];
  for (const line of fromPosts) {
    const route = routes.get(line.productId);
    if (!route || !line.source) continue;
    const event: WireEvent = {
      type: 'checkout',
      platform: line.source.platform,
      postId: line.source.postId,
      productId: line.productId,
      at,
      quantity: line.quantity,
      value: { amount: toDecimal(line.unitMinor * line.quantity, line.currency), currency: line.currency },
    };
    const postUrl = cleanPostUrl(line.source.url);
    if (postUrl) event.postUrl = postUrl;
    rows.push({ at: now, sourceId: route.sourceId, batchId: null, event });
  }
  await enqueue(db, rows);
  return rows.length;
}

export const EventsBackoff = z.object({ failures: z.number().int().min(0), nextAttemptAt: z.number().int().nullable() });
export type EventsBackoff = z.infer<typeof EventsBackoff>;
const backoffKey = (sourceId: string) => `events:${sourceId}`;

async function readBackoff(db: PostcartDB, sourceId: string): Promise<EventsBackoff> {
  const parsed = EventsBackoff.safeParse((await db.meta.get(backoffKey(sourceId)))?.value);
  return parsed.success ? parsed.data : { failures: 0, nextAttemptAt: null };
}

export interface FlushSummary {
  sent: number;
  /** Events dropped: their source is gone, or the server refused the batch as invalid. */
  dropped: number;
  failed: number;
}

type SendResult = 'sent' | 'refused' | 'failed';

async function sendBatch(fetcher: Fetcher, endpoint: string, batchId: string, events: WireEvent[]): Promise<SendResult> {
  try {
    const { response, outcome } = await exchange(fetcher, endpoint, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ batchId, events }) });
    void response.body?.cancel().catch(() => undefined);
    // A refused token (a proxy, a server being set up) may be fixed: the counts wait rather than vanish.
    if (outcome === 'done') return 'sent';
    if (outcome === 'retry' || outcome === 'unauthorized') return 'failed';
    // 400, 413: this batch will never be taken; keeping it would block the queue.
    return 'refused';
  } catch (error) {
    if (error instanceof HttpError) return 'failed';
    throw error;
  }
}

/** The queue, oldest first; a row that does not read as an event (a bug, an old version) is dropped. */
async function readQueue(db: PostcartDB): Promise<QueuedEvent[]> {
  const rows: QueuedEvent[] = [];
  const broken: number[] = [];
  for (const row of await db.events.orderBy('at').toArray()) {
    const parsed = QueuedEvent.safeParse(row);
    if (parsed.success && parsed.data.id !== undefined) rows.push(parsed.data);
    else if (typeof row.id === 'number') broken.push(row.id);
  }
  if (broken.length) await db.events.bulkDelete(broken);
  return rows;
}

/** Rows of one source in batches: the ones already given a batch id first, as they were. */
async function nextBatch(db: PostcartDB, sourceId: string, newId: () => string): Promise<{ batchId: string; rows: QueuedEvent[] } | null> {
  return db.transaction('rw', db.events, async () => {
    const mine = (await readQueue(db)).filter((row) => row.sourceId === sourceId);
    const pending = mine.find((row) => row.batchId !== null);
    if (pending) return { batchId: pending.batchId!, rows: mine.filter((row) => row.batchId === pending.batchId) };
    const fresh = mine.filter((row) => row.batchId === null).slice(0, MAX_EVENTS_PER_BATCH);
    if (fresh.length === 0) return null;
    const batchId = newId();
    // Written before sending: a retry after a lost answer sends the same id, and the server counts it once.
    await db.events.bulkUpdate(fresh.map((row) => ({ key: row.id!, changes: { batchId } })));
    return { batchId, rows: fresh.map((row) => ({ ...row, batchId })) };
  });
}

async function flushRun(deps: AnalyticsDeps, force: boolean): Promise<FlushSummary> {
  const { db } = deps;
  const now = deps.now ?? Date.now;
  const newId = deps.newId ?? (() => crypto.randomUUID());
  const summary: FlushSummary = { sent: 0, dropped: 0, failed: 0 };
  if (!(await statsAllowed(deps))) {
    // Switched off (or the browser's permission taken back): what was queued before is not sent later either.
    summary.dropped = await db.events.count();
    await db.events.clear();
    return summary;
  }
  const rows = await readQueue(db);
  const sourceIds = [...new Set(rows.map((row) => row.sourceId))];
  const sources = await db.sources.bulkGet(sourceIds);
  for (const [i, sourceId] of sourceIds.entries()) {
    const source = sources[i];
    const endpoint = source ? sellerEndpoint(source, 'events') : null;
    if (!endpoint) {
      const gone = await db.events.filter((row) => row.sourceId === sourceId).primaryKeys();
      await db.events.bulkDelete(gone);
      summary.dropped += gone.length;
      continue;
    }
    const backoff = await readBackoff(db, sourceId);
    if (!force && backoff.nextAttemptAt !== null && backoff.nextAttemptAt > now()) continue;
    for (;;) {
      const batch = await nextBatch(db, sourceId, newId);
      if (!batch) break;
      const result = await sendBatch(deps.fetch, endpoint, batch.batchId, batch.rows.map((row) => row.event));
      if (result === 'failed') {
        const failures = backoff.failures + 1;
        await db.meta.put({ key: backoffKey(sourceId), value: { failures, nextAttemptAt: now() + backoffMs(failures, deps.random) } satisfies EventsBackoff });
        summary.failed += batch.rows.length;
        break;
      }
      await db.events.bulkDelete(batch.rows.map((row) => row.id!));
      if (result === 'sent') summary.sent += batch.rows.length;
      else summary.dropped += batch.rows.length;
      if (backoff.failures > 0) {
        backoff.failures = 0;
        await db.meta.delete(backoffKey(sourceId));
      }
    }
  }
  return summary;
}

const flushing = new WeakMap<PostcartDB, Promise<FlushSummary>>();

/** Sends queued events in batches; one flush at a time per database (a second call joins it). */
export function flushEvents(deps: AnalyticsDeps, options: { force?: boolean } = {}): Promise<FlushSummary> {
  const current = flushing.get(deps.db);
  if (current) return current;
  const run = flushRun(deps, Boolean(options.force)).finally(() => flushing.delete(deps.db));
  flushing.set(deps.db, run);
  return run;
}

/** Flushes when enough events are waiting (called after queueing). */
export async function flushIfFull(deps: AnalyticsDeps): Promise<FlushSummary | null> {
  if ((await deps.db.events.count()) < FLUSH_THRESHOLD) return null;
  return flushEvents(deps);
}

/** The `report-events` request: queue, and send at once when a full batch is waiting. */
export async function reportEvents(deps: AnalyticsDeps, events: readonly ReportedEvent[]): Promise<{ queued: number }> {
  if (!(await statsAllowed(deps))) return { queued: 0 };
  const queued = await queueReportedEvents(deps.db, deps.settings, events, (deps.now ?? Date.now)());
  if (queued > 0) void flushIfFull(deps).catch((error: unknown) => console.warn('[postcart] sending events failed', error));
  return { queued };
}

export function analyticsHandlers(deps: AnalyticsDeps): Handlers<'report-events'> {
  return { 'report-events': (m) => reportEvents(deps, m.events) };
}
