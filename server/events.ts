/**
 * POST /v1/events: shoppers' anonymous overlay events, counted into hourly buckets on arrival.
 *
 * - No personal data is kept: not the IP, not the user agent, no shopper or client id, no exact
 *   times. What is stored is counts (and checkout value in exact minor units) per merchant,
 *   platform, post, product and UTC hour, the newest https link per post, and a hash of each
 *   batch id for idempotency.
 * - A batch is counted once: its id's hash goes in with the counts, in one transaction, under a
 *   unique key. A resent batch (also one racing its twin) is acknowledged as a duplicate.
 * - Events for products this server does not know, or with a time outside the window (older than
 *   7 days, or more than an hour ahead), are skipped and counted, never an error: a client's queue
 *   may hold stale events. Malformed events fail the whole batch with reasons (400), like writes.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Db, Queryable } from './db';
import { HttpError, zodProblems, type Problem } from './http';
import type { Platform } from '../utils/catalog/model';
import { parseDecimal } from '../utils/platform/money';
import { MAX_EVENTS_PER_BATCH, WireEvent } from '@/utils/analytics/schema';

export const MAX_EVENTS = MAX_EVENTS_PER_BATCH;
export const MAX_AGE_MS = 7 * 24 * 3_600_000;
export const MAX_AHEAD_MS = 3_600_000;
const HOUR_MS = 3_600_000;

/**
 * One event as the extension sends it: the extension's wire schema, plus the rules a server must
 * check on input it did not produce (which fields go with which event, exact amounts).
 */
export const ShopperEvent = WireEvent
  .superRefine((event, ctx) => {
    if (event.quantity !== undefined && event.type !== 'add-to-cart' && event.type !== 'checkout') {
      ctx.addIssue({ code: 'custom', path: ['quantity'], message: 'quantity belongs to add-to-cart and checkout events only' });
    }
    if (event.value === undefined) return;
    if (event.type !== 'checkout') {
      ctx.addIssue({ code: 'custom', path: ['value'], message: 'value belongs to checkout events only' });
      return;
    }
    try {
      parseDecimal(event.value.amount, event.value.currency);
    } catch (error) {
      ctx.addIssue({ code: 'custom', path: ['value', 'amount'], message: (error as Error).message });
    }
    // Only on an otherwise valid event, so a malformed amount is reported once, by the schema.
  }, { when: (payload) => payload.issues.length === 0 });
export type ShopperEvent = z.infer<typeof ShopperEvent>;

export const EventBatch = z.object({
  batchId: z.string().min(1).max(200),
  events: z.array(z.unknown()).min(1).max(MAX_EVENTS),
});

export interface EventsResult {
  /** Events counted by this request (for a duplicate: by the request that counted the batch). */
  accepted: number;
  skipped: number;
  /** True when this batch id was counted before; nothing was counted again. */
  duplicate: boolean;
}

/** The sites a post link may point at, per platform (the extension's own manifest matches). */
const POST_HOSTS: Record<Platform, string> = {
  instagram: 'instagram.com',
  pinterest: 'pinterest.com',
  tiktok: 'tiktok.com',
  facebook: 'facebook.com',
};

/**
 * The post link worth keeping, or null. Anyone can send events, so a link elsewhere (a look-alike
 * site, javascript:) is dropped rather than shown to the seller as the post.
 */
export function postLink(platform: Platform, raw: string | undefined): string | null {
  if (!raw) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  const host = POST_HOSTS[platform];
  if (url.protocol !== 'https:' || url.username || url.password || url.port) return null;
  if (url.hostname !== host && !url.hostname.endsWith(`.${host}`)) return null;
  return url.href;
}

/** Validates a request body; every event is checked, so the answer lists every bad one at once. */
export function parseBatch(body: unknown): { batchId: string; events: ShopperEvent[] } {
  const envelope = EventBatch.safeParse(body);
  if (!envelope.success) {
    throw new HttpError(400, `body must be { "batchId": "<1 to 200 characters>", "events": [...] } with 1 to ${MAX_EVENTS} events`, zodProblems(envelope.error));
  }
  const events: ShopperEvent[] = [];
  const problems: Problem[] = [];
  envelope.data.events.forEach((raw, index) => {
    const parsed = ShopperEvent.safeParse(raw);
    if (parsed.success) events.push(parsed.data);
    else problems.push(...zodProblems(parsed.error, index));
  });
  if (problems.length > 0) throw new HttpError(400, 'invalid events; nothing was counted', problems);
  return { batchId: envelope.data.batchId, events };
}

interface CountBucket {
  merchantId: string;
  platform: Platform;
  postId: string;
  productId: string;
  hour: string;
  impressions: number;
  cardOpens: number;
  addToCarts: number;
  checkouts: number;
}

interface RevenueBucket {
  merchantId: string;
  platform: Platform;
  postId: string;
  productId: string;
  hour: string;
  currency: string;
  orders: number;
  minor: number;
}

interface PostLink {
  merchantId: string;
  platform: Platform;
  postId: string;
  url: string;
  hour: string;
}

/** The start of the UTC hour `ms` falls in, as an ISO string. */
function hourOf(ms: number): string {
  return new Date(Math.floor(ms / HOUR_MS) * HOUR_MS).toISOString();
}

/**
 * Counts one batch. `now` is the server's clock (tests pass their own). The batch id is stored
 * only as a hash: it is the client's random string and must not become a handle on anyone.
 */
export async function recordEvents(db: Db, body: unknown, now: number = Date.now()): Promise<EventsResult> {
  const { batchId, events } = parseBatch(body);
  const batchHash = createHash('sha256').update(batchId).digest('hex');

  const productIds = [...new Set(events.map((event) => event.productId))];
  const known = new Map(
    (
      await db.query<{ id: string; merchant_id: string }>('SELECT id, merchant_id FROM products WHERE id IN (SELECT jsonb_array_elements_text($1::jsonb))', [
        JSON.stringify(productIds),
      ])
    ).map((row) => [row.id, row.merchant_id]),
  );

  const counts = new Map<string, CountBucket>();
  const revenue = new Map<string, RevenueBucket>();
  const links = new Map<string, PostLink>();
  let accepted = 0;
  let skipped = 0;
  for (const event of events) {
    const merchantId = known.get(event.productId);
    const at = Date.parse(event.at);
    if (!merchantId || at < now - MAX_AGE_MS || at > now + MAX_AHEAD_MS) {
      skipped++;
      continue;
    }
    accepted++;
    const hour = hourOf(at);
    const base = { merchantId, platform: event.platform, postId: event.postId, productId: event.productId, hour };
    const key = JSON.stringify([merchantId, event.platform, event.postId, event.productId, hour]);
    const bucket = counts.get(key) ?? { ...base, impressions: 0, cardOpens: 0, addToCarts: 0, checkouts: 0 };
    counts.set(key, bucket);
    if (event.type === 'impression') bucket.impressions++;
    else if (event.type === 'card-open') bucket.cardOpens++;
    else if (event.type === 'add-to-cart') bucket.addToCarts++;
    else bucket.checkouts++;
    if (event.value) {
      const { currency, amount } = event.value;
      const revenueKey = JSON.stringify([key, currency]);
      const sum = revenue.get(revenueKey) ?? { ...base, currency, orders: 0, minor: 0 };
      revenue.set(revenueKey, sum);
      sum.orders++;
      sum.minor += parseDecimal(amount, currency);
      if (!Number.isSafeInteger(sum.minor)) throw new HttpError(400, 'invalid events; nothing was counted', [{ message: 'checkout values are too large' }]);
    }
    const url = postLink(event.platform, event.postUrl);
    if (url) {
      const linkKey = JSON.stringify([merchantId, event.platform, event.postId]);
      const previous = links.get(linkKey);
      if (!previous || previous.hour <= hour) links.set(linkKey, { merchantId, platform: event.platform, postId: event.postId, url, hour });
    }
  }

  return db.transaction(async (tx) => {
    // Batches older than the event window can go: a resent one would have all its events skipped.
    const received = hourOf(now);
    await tx.query('DELETE FROM event_batches WHERE received_hour < $1::timestamptz', [new Date(now - MAX_AGE_MS - 2 * HOUR_MS).toISOString()]);
    // The unique key decides between a batch and its concurrent twin: PostgreSQL makes the second
    // insert wait for the first to commit, then it inserts nothing and reads the first one's counts.
    const [inserted] = await tx.query<{ accepted: number }>(
      `INSERT INTO event_batches (batch_hash, accepted, skipped, received_hour) VALUES ($1, $2, $3, $4::timestamptz)
       ON CONFLICT (batch_hash) DO NOTHING RETURNING accepted`,
      [batchHash, accepted, skipped, received],
    );
    if (!inserted) {
      const [first] = await tx.query<{ accepted: number; skipped: number }>('SELECT accepted, skipped FROM event_batches WHERE batch_hash = $1', [batchHash]);
      return { accepted: Number(first?.accepted ?? 0), skipped: Number(first?.skipped ?? 0), duplicate: true };
    }
    // Buckets in key order: two batches touching the same rows lock them in the same order, so
    // they wait for each other instead of deadlocking.
    for (const [, bucket] of [...counts].sort(byKey)) await addCounts(tx, bucket);
    for (const [, sum] of [...revenue].sort(byKey)) await addRevenue(tx, sum);
    for (const [, link] of [...links].sort(byKey)) await keepLink(tx, link);
    return { accepted, skipped, duplicate: false };
  });
}

function byKey(a: [string, unknown], b: [string, unknown]): number {
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
}

async function addCounts(tx: Queryable, bucket: CountBucket): Promise<void> {
  await tx.query(
    `INSERT INTO event_counts (merchant_id, platform, post_id, product_id, hour, impressions, card_opens, add_to_carts, checkouts)
     VALUES ($1, $2, $3, $4, $5::timestamptz, $6, $7, $8, $9)
     ON CONFLICT (merchant_id, platform, post_id, product_id, hour) DO UPDATE SET
       impressions = event_counts.impressions + EXCLUDED.impressions,
       card_opens = event_counts.card_opens + EXCLUDED.card_opens,
       add_to_carts = event_counts.add_to_carts + EXCLUDED.add_to_carts,
       checkouts = event_counts.checkouts + EXCLUDED.checkouts`,
    [bucket.merchantId, bucket.platform, bucket.postId, bucket.productId, bucket.hour, bucket.impressions, bucket.cardOpens, bucket.addToCarts, bucket.checkouts],
  );
}

async function addRevenue(tx: Queryable, sum: RevenueBucket): Promise<void> {
  await tx.query(
    `INSERT INTO event_revenue (merchant_id, platform, post_id, product_id, hour, currency, orders, revenue_minor)
     VALUES ($1, $2, $3, $4, $5::timestamptz, $6, $7, $8)
     ON CONFLICT (merchant_id, platform, post_id, product_id, hour, currency) DO UPDATE SET
       orders = event_revenue.orders + EXCLUDED.orders,
       revenue_minor = event_revenue.revenue_minor + EXCLUDED.revenue_minor`,
    [sum.merchantId, sum.platform, sum.postId, sum.productId, sum.hour, sum.currency, sum.orders, sum.minor],
  );
}

async function keepLink(tx: Queryable, link: PostLink): Promise<void> {
  // Events arrive out of order (queued offline): the link seen in the latest hour wins.
  await tx.query(
    `INSERT INTO post_urls (merchant_id, platform, post_id, url, seen_hour) VALUES ($1, $2, $3, $4, $5::timestamptz)
     ON CONFLICT (merchant_id, platform, post_id) DO UPDATE SET url = EXCLUDED.url, seen_hour = EXCLUDED.seen_hour
     WHERE post_urls.seen_hour <= EXCLUDED.seen_hour`,
    [link.merchantId, link.platform, link.postId, link.url, link.hour],
  );
}
