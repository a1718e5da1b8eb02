/**
 * The publisher: drains the seller's outbox (utils/model.ts OutboxEntry, one row per tag) to the
 * catalog servers with `POST /v1/tags`.
 *
 * - Each change goes where its product came from: product -> its source -> that source's seller
 *   connection. Changes with no connected source wait (and say so).
 * - One request per source and at most MAX_OPS_PER_REQUEST ops, each naming the server version it
 *   started from (`baseVersion`); the server applies or reports a conflict per op.
 * - Applied: the outbox row goes (unless the seller edited the tag again meanwhile) and the local
 *   tag learns the server's version.
 * - Conflict: the server's newer version wins (last writer by server version); the local tag is
 *   replaced by it (or deleted) and the seller's edit is kept in `conflicts` to be shown.
 * - Refused (4xx naming an op): that edit goes to `conflicts` with the server's reason, the rest is sent.
 * - Network errors and 5xx: the rows stay, with attempts and the error, and the source backs off.
 * - 401: the token is no longer good; the rows stay with that reason, which the options page shows
 *   (connect again), and the source backs off like after any other failure.
 */
import type { PostcartDB } from '../catalog/db';
import type { OutboxEntry, StoredProduct, StoredTag } from '../catalog/model';
import { reason, type Reason } from '../platform/errors';
import { backoffMs, exchange, HttpError, readText, type Fetcher } from '../platform/http';
import type { SourceState } from '../sync/source';
import { sellerEndpoint } from './connection';
import {
  PublishState,
  ServerProblem,
  SellerStatus,
  TagConflict,
  TagWriteResponse,
  type PublishRun,
  type ServerTag,
  type TagOpResult,
} from './model';

export const MAX_OPS_PER_REQUEST = 100;
export const WAITING_FOR_CONNECTION: Reason = reason('errWaitingForSeller');
export const TOKEN_REJECTED: Reason = reason('errSellerTokenRejected');

export interface PublishDeps {
  db: PostcartDB;
  fetch: Fetcher;
  now?: () => number;
  random?: () => number;
}

export interface PublishOptions {
  /** Publish even to sources still backing off after a failure (the seller asked, or just connected). */
  force?: boolean;
}

export interface PublishSummary {
  published: number;
  conflicts: number;
  refused: number;
  /** Changes with no connected source for their product. */
  waiting: number;
  /** Changes that could not be sent this time (network, server error, rejected token). */
  failed: number;
  /** When the earliest failing source may be tried again; null when none failed. */
  retryAt: number | null;
}

const emptySummary = (): PublishSummary => ({ published: 0, conflicts: 0, refused: 0, waiting: 0, failed: 0, retryAt: null });

function addSummary(a: PublishSummary, b: PublishSummary): PublishSummary {
  return {
    published: a.published + b.published,
    conflicts: a.conflicts + b.conflicts,
    refused: a.refused + b.refused,
    waiting: b.waiting,
    failed: b.failed,
    retryAt: b.retryAt,
  };
}

const publishKey = (sourceId: string) => `publish:${sourceId}`;

export async function readPublishState(db: PostcartDB, sourceId: string): Promise<PublishState> {
  const row = await db.meta.get(publishKey(sourceId));
  const parsed = PublishState.safeParse(row?.value ?? {});
  return parsed.success ? parsed.data : PublishState.parse({});
}

async function writePublishState(db: PostcartDB, sourceId: string, state: PublishState): Promise<void> {
  await db.meta.put({ key: publishKey(sourceId), value: state });
}

/** The connected source each change goes to, or null when it has to wait. */
export async function routeEntries(db: PostcartDB, entries: readonly OutboxEntry[]): Promise<Map<OutboxEntry, SourceState | null>> {
  const productIds = [...new Set(entries.map((e) => e.tag.productId))];
  const products = await db.products.bulkGet(productIds);
  const productById = new Map(products.filter((p): p is StoredProduct => p !== undefined).map((p) => [p.id, p]));
  const sources = new Map((await db.sources.toArray()).map((s) => [s.id, s]));
  const routes = new Map<OutboxEntry, SourceState | null>();
  for (const entry of entries) {
    const product = productById.get(entry.tag.productId);
    const source = product ? sources.get(product.sourceId) : undefined;
    routes.set(entry, source?.seller && sellerEndpoint(source, 'tags') ? source : null);
  }
  return routes;
}

/** Changes a row only if it is still the edit we read (the seller may have saved again meanwhile). */
async function patchIfSame(db: PostcartDB, entry: OutboxEntry, patch: (row: OutboxEntry) => Partial<OutboxEntry>): Promise<void> {
  await db.transaction('rw', db.outbox, async () => {
    const row = await db.outbox.get(entry.tagId);
    if (row && row.queuedAt === entry.queuedAt) await db.outbox.update(entry.tagId, patch(row));
  });
}

function storedFromServer(tag: ServerTag, sourceId: string): StoredTag {
  return {
    id: tag.id,
    platform: tag.platform,
    postId: tag.postId,
    productId: tag.productId,
    variantId: tag.variantId ?? null,
    x: tag.x,
    y: tag.y,
    updatedAt: tag.updatedAt,
    origin: 'feed',
    sourceId,
    version: tag.version,
  };
}

function toOp(entry: OutboxEntry): unknown {
  return entry.op === 'upsert'
    ? { op: 'upsert', tag: entry.tag, baseVersion: entry.baseVersion }
    : { op: 'delete', tag: { id: entry.tagId }, baseVersion: entry.baseVersion };
}

type SendOutcome =
  | { kind: 'ok'; results: TagOpResult[] }
  | { kind: 'refused'; indexes: Map<number, string>; error: string }
  | { kind: 'failed'; error: Reason };

async function sendOps(fetcher: Fetcher, endpoint: string, token: string, entries: readonly OutboxEntry[]): Promise<SendOutcome> {
  const host = new URL(endpoint).host;
  let answer: Awaited<ReturnType<typeof exchange>>;
  try {
    answer = await exchange(fetcher, endpoint, { method: 'POST', token, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ops: entries.map(toOp) }) });
  } catch (error) {
    if (error instanceof HttpError) return { kind: 'failed', error: error.reason };
    throw error;
  }
  const { response, outcome } = answer;
  // 401: the token is no longer good. A 403 is about the ops (another merchant's records) and names them below.
  if (response.status === 401) return { kind: 'failed', error: TOKEN_REJECTED };
  if (outcome === 'retry') return { kind: 'failed', error: reason('errHttpStatus', host, response.status) };
  let body: unknown = null;
  try {
    body = JSON.parse(await readText(response, endpoint, { maxBytes: 5 * 1024 * 1024 }));
  } catch {
    // judged below
  }
  if (outcome === 'done') {
    const parsed = TagWriteResponse.safeParse(body);
    if (parsed.success) return { kind: 'ok', results: parsed.data.results };
    return { kind: 'failed', error: reason('errSellerNotPostcart', host) };
  }
  // A 4xx refuses the whole request; the details say which ops were at fault when it can tell.
  const problem = ServerProblem.safeParse(body);
  const error = problem.success ? problem.data.error : String(response.status);
  const indexes = new Map<number, string>();
  for (const detail of (problem.success ? problem.data.details : undefined) ?? []) {
    if (detail.index !== undefined && detail.index < entries.length && !indexes.has(detail.index)) indexes.set(detail.index, detail.message);
  }
  if (indexes.size > 0) return { kind: 'refused', indexes, error };
  return { kind: 'failed', error: reason('errServerRefusedChanges', host, error) };
}

interface SourceTally {
  published: number;
  conflicts: number;
  refused: number;
}

async function applyResult(db: PostcartDB, source: SourceState, entry: OutboxEntry, result: TagOpResult, now: number, tally: SourceTally): Promise<void> {
  if (result.conflict) {
    const theirs = result.current ?? null;
    await db.transaction('rw', [db.outbox, db.tags, db.conflicts], async () => {
      // The seller's latest edit of this tag started from the same stale version: it loses too,
      // and is what the conflict shows as "mine".
      const latest = (await db.outbox.get(entry.tagId)) ?? entry;
      await db.outbox.delete(entry.tagId);
      if (theirs) await db.tags.put(storedFromServer(theirs, source.id));
      else await db.tags.delete(entry.tagId);
      const conflict: TagConflict = { tagId: entry.tagId, at: now, sourceId: source.id, kind: 'conflict', mine: { op: latest.op, tag: latest.tag }, theirs, reason: null };
      await db.conflicts.put(conflict);
    });
    tally.conflicts += 1;
    return;
  }
  await db.transaction('rw', [db.outbox, db.tags], async () => {
    const row = await db.outbox.get(entry.tagId);
    if (row && row.queuedAt === entry.queuedAt) {
      await db.outbox.delete(entry.tagId);
    } else if (row && row.baseVersion === entry.baseVersion && result.version !== null) {
      // Edited again while this edit was on its way: the newer edit builds on what we just wrote.
      await db.outbox.update(entry.tagId, { baseVersion: result.version });
    }
    if (result.version !== null && (await db.tags.get(entry.tagId))) await db.tags.update(entry.tagId, { version: result.version });
  });
  tally.published += 1;
}

async function refuse(db: PostcartDB, source: SourceState, entry: OutboxEntry, why: Reason, now: number): Promise<void> {
  await db.transaction('rw', [db.outbox, db.conflicts], async () => {
    const row = await db.outbox.get(entry.tagId);
    // A newer edit may fix what the server disliked: it stays and is sent next time.
    if (row && row.queuedAt === entry.queuedAt) await db.outbox.delete(entry.tagId);
    const conflict: TagConflict = { tagId: entry.tagId, at: now, sourceId: source.id, kind: 'refused', mine: { op: entry.op, tag: entry.tag }, theirs: null, reason: why };
    await db.conflicts.put(conflict);
  });
}

/** Publishes one source's changes; returns the tally and the error that stopped it, if any. */
async function publishSource(deps: Required<PublishDeps>, source: SourceState, entries: OutboxEntry[]): Promise<{ tally: SourceTally; error: Reason | null; unsent: number }> {
  const { db, now } = deps;
  const endpoint = sellerEndpoint(source, 'tags')!;
  const token = source.seller!.token;
  const tally: SourceTally = { published: 0, conflicts: 0, refused: 0 };
  let queue = [...entries];
  while (queue.length > 0) {
    const chunk = queue.slice(0, MAX_OPS_PER_REQUEST);
    const outcome = await sendOps(deps.fetch, endpoint, token, chunk);
    if (outcome.kind === 'failed') {
      for (const entry of queue) await patchIfSame(db, entry, (row) => ({ attempts: row.attempts + 1, lastError: outcome.error }));
      return { tally, error: outcome.error, unsent: queue.length };
    }
    if (outcome.kind === 'refused') {
      // Nothing of this request was written: set the faulty edits aside and send the others again.
      for (const [index, message] of outcome.indexes) {
        await refuse(db, source, chunk[index]!, reason('errServerRefusedTag', outcome.error, message), now());
        tally.refused += 1;
      }
      queue = queue.filter((entry, i) => i >= chunk.length || !outcome.indexes.has(i));
      continue;
    }
    for (const result of outcome.results) {
      const entry = chunk[result.index];
      if (entry && entry.tagId === result.id) await applyResult(db, source, entry, result, now(), tally);
    }
    queue = queue.slice(chunk.length);
  }
  return { tally, error: null, unsent: 0 };
}

async function runPublish(deps: Required<PublishDeps>, options: PublishOptions): Promise<PublishSummary> {
  const { db, now } = deps;
  const entries = await db.outbox.orderBy('queuedAt').toArray();
  const summary = emptySummary();
  if (entries.length === 0) return summary;
  const routes = await routeEntries(db, entries);
  const bySource = new Map<string, { source: SourceState; entries: OutboxEntry[] }>();
  for (const entry of entries) {
    const source = routes.get(entry) ?? null;
    if (!source) {
      summary.waiting += 1;
      if (entry.lastError?.key !== WAITING_FOR_CONNECTION.key) await patchIfSame(db, entry, () => ({ lastError: WAITING_FOR_CONNECTION }));
      continue;
    }
    const group = bySource.get(source.id) ?? { source, entries: [] };
    group.entries.push(entry);
    bySource.set(source.id, group);
  }
  for (const { source, entries: sourceEntries } of bySource.values()) {
    const state = await readPublishState(db, source.id);
    if (!options.force && state.nextAttemptAt !== null && state.nextAttemptAt > now()) {
      summary.failed += sourceEntries.length;
      summary.retryAt = Math.min(summary.retryAt ?? Infinity, state.nextAttemptAt);
      continue;
    }
    const { tally, error, unsent } = await publishSource(deps, source, sourceEntries);
    summary.published += tally.published;
    summary.conflicts += tally.conflicts;
    summary.refused += tally.refused;
    summary.failed += unsent;
    const run: PublishRun = { at: now(), ...tally, error };
    if (error === null) {
      await writePublishState(db, source.id, { lastRun: run, failures: 0, nextAttemptAt: null });
    } else {
      const failures = state.failures + 1;
      const nextAttemptAt = now() + backoffMs(failures, deps.random);
      await writePublishState(db, source.id, { lastRun: run, failures, nextAttemptAt });
      summary.retryAt = Math.min(summary.retryAt ?? Infinity, nextAttemptAt);
    }
  }
  return summary;
}

interface Running {
  promise: Promise<PublishSummary>;
  again: boolean;
  force: boolean;
}

const running = new WeakMap<PostcartDB, Running>();

/**
 * Publishes what the outbox holds. One run at a time per database: a call during a run joins it
 * and makes it go round once more (the new change may have come after the run read the outbox).
 */
export function publishOutbox(deps: PublishDeps, options: PublishOptions = {}): Promise<PublishSummary> {
  const current = running.get(deps.db);
  if (current) {
    current.again = true;
    current.force ||= Boolean(options.force);
    return current.promise;
  }
  const full: Required<PublishDeps> = { now: Date.now, random: Math.random, ...deps };
  const slot: Running = { promise: Promise.resolve(emptySummary()), again: false, force: false };
  slot.promise = (async () => {
    let summary = await runPublish(full, options);
    while (slot.again) {
      const force = slot.force;
      slot.again = false;
      slot.force = false;
      summary = addSummary(summary, await runPublish(full, { force }));
    }
    return summary;
  })().finally(() => running.delete(deps.db));
  running.set(deps.db, slot);
  return slot.promise;
}

/** What the options page and the popup show about publishing. */
export async function sellerStatus(db: PostcartDB): Promise<SellerStatus> {
  const entries = await db.outbox.orderBy('queuedAt').toArray();
  const routes = await routeEntries(db, entries);
  const sources = await db.sources.toArray();
  const runs: SellerStatus['runs'] = [];
  for (const source of sources) {
    const { lastRun } = await readPublishState(db, source.id);
    if (lastRun) runs.push({ sourceId: source.id, label: source.label || source.url, run: lastRun });
  }
  const conflicts: TagConflict[] = [];
  for (const row of await db.conflicts.orderBy('at').reverse().toArray()) {
    const parsed = TagConflict.safeParse(row);
    if (parsed.success) conflicts.push(parsed.data);
  }
  const productIds = [...new Set(conflicts.flatMap((c) => [c.mine.tag.productId, ...(c.theirs ? [c.theirs.productId] : [])]))];
  // Product ids are feed data: a null prototype keeps "__proto__" an ordinary key.
  const titles: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const product of await db.products.bulkGet(productIds)) if (product) titles[product.id] = product.title;
  return {
    titles,
    pending: entries.length,
    waiting: entries.filter((entry) => routes.get(entry) === null).length,
    errors: entries.filter((entry) => entry.lastError !== null).map((entry) => ({ tagId: entry.tagId, error: entry.lastError! })),
    runs,
    conflicts,
  };
}

export async function dismissConflict(db: PostcartDB, tagId: string): Promise<void> {
  await db.conflicts.delete(tagId);
}
