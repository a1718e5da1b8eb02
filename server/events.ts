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
 *   may hold stale events. So are checkout values in a currency the product is not sold in, or
 *   above twice its highest price times the quantity (prices change between cart and checkout, but
 *   not a thousandfold). Malformed events fail the whole batch with reasons (400), like writes.
 * - Money is summed exactly without limit: BigInt here, numeric in SQL.
 * - Batches are written together (group commit): while one transaction runs, the batches that
 *   arrive wait and go into the next one, as a handful of multi-row statements. A batch is
 *   answered only once its transaction committed, so an answered batch is never lost, and a batch
 *   whose transaction failed is answered 500 and counted by nobody (the client sends it again).
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Db, Queryable } from './db';
import { errorInWords, HttpError, zodProblems, type Problem } from './http';
import type { StoredVariantJson } from './catalog';
import { MAX_EVENTS_PER_BATCH, WireEvent } from '../utils/analytics/schema';
import type { Platform } from '../utils/catalog/model';
import { parseDecimal } from '../utils/platform/money';

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
      ctx.addIssue({ code: 'custom', path: ['value', 'amount'], message: errorInWords(error) });
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
  minor: bigint;
}

interface PostLink {
  merchantId: string;
  platform: Platform;
  postId: string;
  url: string;
  hour: string;
}

/** What a batch needs to know of a product: its merchant and its highest price per currency. */
interface ProductFacts {
  merchantId: string;
  maxMinor: Map<string, bigint>;
}

interface ProductRow extends Record<string, unknown> {
  id: string;
  merchant_id: string;
  variants: StoredVariantJson[];
}

/** The start of the UTC hour `ms` falls in, as an ISO string. */
function hourOf(ms: number): string {
  return new Date(Math.floor(ms / HOUR_MS) * HOUR_MS).toISOString();
}

function productFacts(row: ProductRow): ProductFacts {
  const maxMinor = new Map<string, bigint>();
  for (const variant of row.variants) {
    for (const price of [variant.price, variant.compareAtPrice]) {
      if (price === null || price === undefined) continue;
      let minor: bigint;
      try {
        minor = BigInt(parseDecimal(price, variant.currency));
      } catch {
        continue;
      }
      const known = maxMinor.get(variant.currency);
      if (known === undefined || minor > known) maxMinor.set(variant.currency, minor);
    }
  }
  return { merchantId: row.merchant_id, maxMinor };
}

/** A checkout value worth counting: in a currency the product is sold in, and not absurdly high. */
export function plausibleValue(event: ShopperEvent, product: ProductFacts): boolean {
  if (!event.value) return true;
  const max = product.maxMinor.get(event.value.currency);
  if (max === undefined) return false;
  const minor = BigInt(parseDecimal(event.value.amount, event.value.currency));
  return minor <= max * BigInt(event.quantity ?? 1) * VALUE_TOLERANCE;
}

/** A value may be this many times the product's highest price times the quantity. */
const VALUE_TOLERANCE = 2n;

/** One batch waiting for its transaction. */
interface Pending {
  batchHash: string;
  events: ShopperEvent[];
  now: number;
  resolve: (result: EventsResult) => void;
  reject: (error: unknown) => void;
}

/** A batch's events sorted into buckets. */
interface Tally {
  accepted: number;
  skipped: number;
  counts: Map<string, CountBucket>;
  revenue: Map<string, RevenueBucket>;
  links: Map<string, PostLink>;
}

function emptyTally(): Tally {
  return { accepted: 0, skipped: 0, counts: new Map(), revenue: new Map(), links: new Map() };
}

/** Adds one batch's events to `into` and returns its own accepted/skipped counts. */
function tallyBatch(events: readonly ShopperEvent[], products: ReadonlyMap<string, ProductFacts>, now: number, into: Tally): { accepted: number; skipped: number } {
  let accepted = 0;
  let skipped = 0;
  for (const event of events) {
    const product = products.get(event.productId);
    const at = Date.parse(event.at);
    if (!product || !(at >= now - MAX_AGE_MS && at <= now + MAX_AHEAD_MS) || !plausibleValue(event, product)) {
      skipped++;
      continue;
    }
    accepted++;
    const { merchantId } = product;
    const hour = hourOf(at);
    const base = { merchantId, platform: event.platform, postId: event.postId, productId: event.productId, hour };
    const key = JSON.stringify([merchantId, event.platform, event.postId, event.productId, hour]);
    const bucket = into.counts.get(key) ?? { ...base, impressions: 0, cardOpens: 0, addToCarts: 0, checkouts: 0 };
    into.counts.set(key, bucket);
    if (event.type === 'impression') bucket.impressions++;
    else if (event.type === 'card-open') bucket.cardOpens++;
    else if (event.type === 'add-to-cart') bucket.addToCarts++;
    else bucket.checkouts++;
    if (event.value) {
      const { currency, amount } = event.value;
      const revenueKey = JSON.stringify([merchantId, event.platform, event.postId, event.productId, hour, currency]);
      const sum = into.revenue.get(revenueKey) ?? { ...base, currency, orders: 0, minor: 0n };
      into.revenue.set(revenueKey, sum);
      sum.orders++;
      sum.minor += BigInt(parseDecimal(amount, currency));
    }
    const url = postLink(event.platform, event.postUrl);
    if (url) {
      const linkKey = JSON.stringify([merchantId, event.platform, event.postId]);
      const previous = into.links.get(linkKey);
      if (!previous || previous.hour <= hour) into.links.set(linkKey, { merchantId, platform: event.platform, postId: event.postId, url, hour });
    }
  }
  into.accepted += accepted;
  into.skipped += skipped;
  return { accepted, skipped };
}

export interface IngestOptions {
  /**
   * At most this many events go into one transaction: a longer one holds PGlite's one connection
   * longer, and /health or a feed page that arrives meanwhile waits for it.
   */
  maxEventsPerTransaction?: number;
}

/**
 * Takes validated batches and writes them in shared transactions, one at a time. `queuedEvents`
 * is what waits (the app refuses new batches with 503 past its limit).
 */
export class EventIngest {
  private readonly waiting: Pending[] = [];
  private running = false;
  private queued = 0;
  private lastCleanup = 0;
  private readonly maxPerTransaction: number;

  constructor(
    private readonly db: Db,
    options: IngestOptions = {},
  ) {
    this.maxPerTransaction = options.maxEventsPerTransaction ?? 250;
  }

  get queuedEvents(): number {
    return this.queued;
  }

  /**
   * Counts one batch. `now` is the server's clock when the request came (tests pass their own).
   * The batch id is stored only as a hash: it is the client's random string and must not become
   * a handle on anyone.
   */
  submit(batchId: string, events: ShopperEvent[], now: number): Promise<EventsResult> {
    const batchHash = createHash('sha256').update(batchId).digest('hex');
    return new Promise<EventsResult>((resolve, reject) => {
      this.waiting.push({ batchHash, events, now, resolve, reject });
      this.queued += events.length;
      void this.run();
    });
  }

  private async run(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (this.waiting.length > 0) {
        const group: Pending[] = [];
        let size = 0;
        while (this.waiting.length > 0 && (group.length === 0 || size + this.waiting[0]!.events.length <= this.maxPerTransaction)) {
          const next = this.waiting.shift()!;
          group.push(next);
          size += next.events.length;
        }
        try {
          await this.write(group);
        } catch (error) {
          // One batch the database refuses must not fail the others: try each alone.
          if (group.length === 1) group[0]!.reject(error);
          else {
            for (const one of group) {
              try {
                await this.write([one]);
              } catch (alone) {
                one.reject(alone);
              }
            }
          }
        } finally {
          this.queued -= size;
        }
      }
    } finally {
      this.running = false;
    }
  }

  /** One transaction for a group of batches; answers each only after the commit. */
  private async write(group: Pending[]): Promise<void> {
    const answers = await this.db.transaction(async (tx) => {
      const productIds = [...new Set(group.flatMap((pending) => pending.events.map((event) => event.productId)))];
      const products = new Map(
        (await tx.query<ProductRow>('SELECT id, merchant_id, variants FROM products WHERE id IN (SELECT jsonb_array_elements_text($1::jsonb))', [JSON.stringify(productIds)])).map(
          (row) => [row.id, productFacts(row)],
        ),
      );

      // Each batch's own counts first (a duplicate is answered with what the first one counted).
      const firsts = new Map<string, Pending>();
      const counts = new Map<Pending, { accepted: number; skipped: number }>();
      for (const pending of group) {
        if (firsts.has(pending.batchHash)) continue;
        firsts.set(pending.batchHash, pending);
        counts.set(pending, tallyBatch(pending.events, products, pending.now, emptyTally()));
      }
      const received = hourOf(Math.max(...group.map((pending) => pending.now)));
      await this.cleanUp(tx, received);

      // The unique key decides between a batch and its twin (here, in another transaction, or in
      // another server process): the second insert waits for the first to commit, then inserts
      // nothing, and the batch is a duplicate.
      const rows = [...firsts.values()].map((pending) => ({ hash: pending.batchHash, accepted: counts.get(pending)!.accepted, skipped: counts.get(pending)!.skipped }));
      rows.sort((a, b) => compare(a.hash, b.hash));
      const inserted = new Set(
        (
          await tx.query<{ batch_hash: string }>(
            `INSERT INTO event_batches (batch_hash, accepted, skipped, received_hour)
             SELECT hash, accepted, skipped, $2::timestamptz FROM jsonb_to_recordset($1::jsonb) AS b(hash text, accepted int, skipped int)
             ON CONFLICT (batch_hash) DO NOTHING RETURNING batch_hash`,
            [JSON.stringify(rows), received],
          )
        ).map((row) => row.batch_hash),
      );
      const resent = rows.filter((row) => !inserted.has(row.hash)).map((row) => row.hash);
      const earlier = new Map(
        resent.length === 0
          ? []
          : (
              await tx.query<{ batch_hash: string; accepted: number; skipped: number }>(
                'SELECT batch_hash, accepted, skipped FROM event_batches WHERE batch_hash IN (SELECT jsonb_array_elements_text($1::jsonb))',
                [JSON.stringify(resent)],
              )
            ).map((row) => [row.batch_hash, { accepted: Number(row.accepted), skipped: Number(row.skipped) }]),
      );

      const tally = emptyTally();
      const answers = new Map<Pending, EventsResult>();
      for (const pending of group) {
        const first = firsts.get(pending.batchHash)!;
        if (first === pending && inserted.has(pending.batchHash)) {
          answers.set(pending, { ...tallyBatch(pending.events, products, pending.now, tally), duplicate: false });
        } else {
          const known = inserted.has(pending.batchHash) ? counts.get(first)! : (earlier.get(pending.batchHash) ?? { accepted: 0, skipped: 0 });
          answers.set(pending, { ...known, duplicate: true });
        }
      }
      await writeTally(tx, tally);
      return answers;
    }, { priority: 'background' });
    for (const pending of group) pending.resolve(answers.get(pending)!);
  }

  /** Batch hashes older than the event window can go: a resent batch would be skipped whole anyway. */
  private async cleanUp(tx: Queryable, received: string): Promise<void> {
    const now = Date.parse(received);
    if (now - this.lastCleanup < HOUR_MS) return;
    this.lastCleanup = now;
    await tx.query('DELETE FROM event_batches WHERE received_hour < $1::timestamptz', [new Date(now - MAX_AGE_MS - 2 * HOUR_MS).toISOString()]);
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Buckets sorted by key: two transactions touching the same rows lock them in the same order. */
function sorted<T>(map: Map<string, T>): T[] {
  return [...map].sort((a, b) => compare(a[0], b[0])).map(([, value]) => value);
}

const INT_MAX = 2_147_483_647;

async function writeTally(tx: Queryable, tally: Tally): Promise<void> {
  const counts = sorted(tally.counts);
  if (counts.length > 0) {
    // Counts saturate at the column's limit rather than failing the batch.
    await tx.query(
      `INSERT INTO event_counts (merchant_id, platform, post_id, product_id, hour, impressions, card_opens, add_to_carts, checkouts)
       SELECT m, pl, po, pr, h::timestamptz, i, c, a, k
       FROM jsonb_to_recordset($1::jsonb) AS r(m text, pl text, po text, pr text, h text, i int, c int, a int, k int)
       ON CONFLICT (merchant_id, platform, post_id, product_id, hour) DO UPDATE SET
         impressions = least(event_counts.impressions::bigint + EXCLUDED.impressions, ${INT_MAX})::int,
         card_opens = least(event_counts.card_opens::bigint + EXCLUDED.card_opens, ${INT_MAX})::int,
         add_to_carts = least(event_counts.add_to_carts::bigint + EXCLUDED.add_to_carts, ${INT_MAX})::int,
         checkouts = least(event_counts.checkouts::bigint + EXCLUDED.checkouts, ${INT_MAX})::int`,
      [JSON.stringify(counts.map((b) => ({ m: b.merchantId, pl: b.platform, po: b.postId, pr: b.productId, h: b.hour, i: b.impressions, c: b.cardOpens, a: b.addToCarts, k: b.checkouts })))],
    );
  }
  const revenue = sorted(tally.revenue);
  if (revenue.length > 0) {
    // Minor units travel as decimal strings and are summed as numeric: no 2^53, no 2^63.
    await tx.query(
      `INSERT INTO event_revenue (merchant_id, platform, post_id, product_id, hour, currency, orders, revenue_minor)
       SELECT m, pl, po, pr, h::timestamptz, cu, o, v::numeric
       FROM jsonb_to_recordset($1::jsonb) AS r(m text, pl text, po text, pr text, h text, cu text, o int, v text)
       ON CONFLICT (merchant_id, platform, post_id, product_id, hour, currency) DO UPDATE SET
         orders = least(event_revenue.orders::bigint + EXCLUDED.orders, ${INT_MAX})::int,
         revenue_minor = event_revenue.revenue_minor + EXCLUDED.revenue_minor`,
      [JSON.stringify(revenue.map((b) => ({ m: b.merchantId, pl: b.platform, po: b.postId, pr: b.productId, h: b.hour, cu: b.currency, o: b.orders, v: b.minor.toString() })))],
    );
  }
  const links = sorted(tally.links);
  if (links.length > 0) {
    // Events arrive out of order (queued offline): the link seen in the latest hour wins.
    await tx.query(
      `INSERT INTO post_urls (merchant_id, platform, post_id, url, seen_hour)
       SELECT m, pl, po, u, h::timestamptz FROM jsonb_to_recordset($1::jsonb) AS r(m text, pl text, po text, u text, h text)
       ON CONFLICT (merchant_id, platform, post_id) DO UPDATE SET url = EXCLUDED.url, seen_hour = EXCLUDED.seen_hour
       WHERE post_urls.seen_hour <= EXCLUDED.seen_hour`,
      [JSON.stringify(links.map((l) => ({ m: l.merchantId, pl: l.platform, po: l.postId, u: l.url, h: l.hour })))],
    );
  }
}
