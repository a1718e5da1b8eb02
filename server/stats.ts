/**
 * GET /v1/stats?from=YYYY-MM-DD&to=YYYY-MM-DD: a merchant's figures per post and per product over
 * a period of UTC days, from the hourly buckets POST /v1/events fills. The answer's shape is
 * SellerStats in utils/seller/stats.ts, the schema the extension validates it with.
 */
import type { Db } from './db';
import type { Platform } from '../utils/catalog/model';
import { toDecimal } from '../utils/platform/money';
import { MAX_PERIOD_DAYS, type Amount, type DailyFigures, type Figures, type PostStats, type ProductStats, type SellerStats } from '../utils/seller/stats';

export const DEFAULT_DAYS = 30;
const DAY_MS = 86_400_000;

/** A period the client got wrong; the message says what is accepted. */
export class StatsRequestError extends Error {
  override name = 'StatsRequestError';
}

export interface Period {
  from: string;
  to: string;
  /** Every day of the period, oldest first. */
  days: string[];
}

function parseDay(raw: string, name: string): number {
  const ms = /^\d{4}-\d{2}-\d{2}$/.test(raw) ? Date.parse(`${raw}T00:00:00Z`) : NaN;
  // Date.parse rolls 2026-02-30 over to March; the round trip catches it.
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== raw) {
    throw new StatsRequestError(`${name} must be a date like 2026-11-20 (YYYY-MM-DD, UTC)`);
  }
  return ms;
}

const dayOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** from and to are inclusive UTC days; absent `to` is today, absent `from` is 29 days before `to`. */
export function parsePeriod(fromRaw: string | null, toRaw: string | null, now: number = Date.now()): Period {
  const to = toRaw === null || toRaw === '' ? Math.floor(now / DAY_MS) * DAY_MS : parseDay(toRaw, 'to');
  const from = fromRaw === null || fromRaw === '' ? to - (DEFAULT_DAYS - 1) * DAY_MS : parseDay(fromRaw, 'from');
  if (from > to) throw new StatsRequestError('from must not be after to');
  const count = (to - from) / DAY_MS + 1;
  // The dashboard checks custom periods against the same limit before it asks.
  if (count > MAX_PERIOD_DAYS) throw new StatsRequestError(`the period may span at most ${MAX_PERIOD_DAYS} days`);
  const days: string[] = [];
  for (let ms = from; ms <= to; ms += DAY_MS) days.push(dayOf(ms));
  return { from: dayOf(from), to: dayOf(to), days };
}

interface CountRow extends Record<string, unknown> {
  platform: Platform;
  post_id: string;
  product_id: string;
  day: string;
  impressions: number;
  card_opens: number;
  add_to_carts: number;
  checkouts: number;
}

interface RevenueRow extends Record<string, unknown> {
  platform: Platform;
  post_id: string;
  product_id: string;
  currency: string;
  orders: number;
  minor: number;
}

/** Running totals of one post or product. */
class Tally {
  impressions = 0;
  clicks = 0;
  addToCarts = 0;
  checkouts = 0;
  readonly daily = new Map<string, DailyFigures>();
  /** currency -> checkouts with a value in it, and their sum in minor units */
  readonly revenue = new Map<string, { orders: number; minor: bigint }>();

  addCounts(row: CountRow): void {
    const counts = { impressions: Number(row.impressions), clicks: Number(row.card_opens), addToCarts: Number(row.add_to_carts), checkouts: Number(row.checkouts) };
    this.impressions += counts.impressions;
    this.clicks += counts.clicks;
    this.addToCarts += counts.addToCarts;
    this.checkouts += counts.checkouts;
    const day = this.daily.get(row.day) ?? { date: row.day, impressions: 0, clicks: 0, addToCarts: 0, checkouts: 0 };
    this.daily.set(row.day, day);
    day.impressions += counts.impressions;
    day.clicks += counts.clicks;
    day.addToCarts += counts.addToCarts;
    day.checkouts += counts.checkouts;
  }

  addRevenue(row: RevenueRow): void {
    const sum = this.revenue.get(row.currency) ?? { orders: 0, minor: 0n };
    this.revenue.set(row.currency, sum);
    sum.orders += Number(row.orders);
    sum.minor += BigInt(row.minor);
  }

  figures(days: readonly string[]): Figures {
    const currencies = [...this.revenue.keys()].sort();
    const revenue: Amount[] = [];
    const averageOrderValue: Amount[] = [];
    for (const currency of currencies) {
      const { orders, minor } = this.revenue.get(currency)!;
      revenue.push({ currency, amount: decimal(minor, currency) });
      if (orders > 0) averageOrderValue.push({ currency, amount: decimal(divideHalfUp(minor, BigInt(orders)), currency) });
    }
    return {
      impressions: this.impressions,
      clicks: this.clicks,
      addToCarts: this.addToCarts,
      checkouts: this.checkouts,
      ctr: this.impressions > 0 ? this.clicks / this.impressions : null,
      conversionRate: this.clicks > 0 ? this.checkouts / this.clicks : null,
      revenue,
      averageOrderValue,
      daily: days.map((date) => this.daily.get(date) ?? { date, impressions: 0, clicks: 0, addToCarts: 0, checkouts: 0 }),
    };
  }
}

/** a / b rounded half-up, for non-negative integers: exact, no floats. */
export function divideHalfUp(a: bigint, b: bigint): bigint {
  return (2n * a + b) / (2n * b);
}

function decimal(minor: bigint, currency: string): string {
  if (minor > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error(`revenue ${minor} ${currency} is too large to show`);
  return toDecimal(Number(minor), currency);
}

export async function readStats(db: Db, merchantId: string, period: Period): Promise<SellerStats> {
  const start = `${period.from}T00:00:00Z`;
  const end = new Date(Date.parse(`${period.to}T00:00:00Z`) + DAY_MS).toISOString();
  // One snapshot: counts, revenue and tags agree with each other.
  const { counts, revenue, tags, links } = await db.transaction(
    async (tx) => ({
      counts: await tx.query<CountRow>(
        `SELECT platform, post_id, product_id, to_char(hour AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day,
                sum(impressions)::bigint AS impressions, sum(card_opens)::bigint AS card_opens,
                sum(add_to_carts)::bigint AS add_to_carts, sum(checkouts)::bigint AS checkouts
         FROM event_counts WHERE merchant_id = $1 AND hour >= $2::timestamptz AND hour < $3::timestamptz
         GROUP BY platform, post_id, product_id, day`,
        [merchantId, start, end],
      ),
      revenue: await tx.query<RevenueRow>(
        `SELECT platform, post_id, product_id, currency, sum(orders)::bigint AS orders, sum(revenue_minor)::text AS minor
         FROM event_revenue WHERE merchant_id = $1 AND hour >= $2::timestamptz AND hour < $3::timestamptz
         GROUP BY platform, post_id, product_id, currency`,
        [merchantId, start, end],
      ),
      // Tagging order: the product tagged first on a post gives the post its thumbnail.
      tags: await tx.query<{ platform: Platform; post_id: string; product_id: string }>(
        `SELECT platform, post_id, product_id FROM tags WHERE merchant_id = $1
         GROUP BY platform, post_id, product_id ORDER BY min(seq)`,
        [merchantId],
      ),
      links: await tx.query<{ platform: Platform; post_id: string; url: string }>('SELECT platform, post_id, url FROM post_urls WHERE merchant_id = $1', [merchantId]),
    }),
    { isolation: 'repeatable read' },
  );

  const postKey = (row: { platform: string; post_id: string }) => JSON.stringify([row.platform, row.post_id]);
  const posts = new Map<string, { platform: Platform; postId: string; tagged: Set<string>; others: Set<string>; tally: Tally }>();
  const products = new Map<string, Tally>();
  const post = (row: { platform: Platform; post_id: string }) => {
    const key = postKey(row);
    let entry = posts.get(key);
    if (!entry) {
      entry = { platform: row.platform, postId: row.post_id, tagged: new Set(), others: new Set(), tally: new Tally() };
      posts.set(key, entry);
    }
    return entry;
  };
  const product = (id: string) => {
    let tally = products.get(id);
    if (!tally) {
      tally = new Tally();
      products.set(id, tally);
    }
    return tally;
  };

  for (const row of tags) {
    post(row).tagged.add(row.product_id);
    product(row.product_id);
  }
  for (const row of counts) {
    const entry = post(row);
    if (!entry.tagged.has(row.product_id)) entry.others.add(row.product_id);
    entry.tally.addCounts(row);
    product(row.product_id).addCounts(row);
  }
  for (const row of revenue) {
    const entry = post(row);
    if (!entry.tagged.has(row.product_id)) entry.others.add(row.product_id);
    entry.tally.addRevenue(row);
    product(row.product_id).addRevenue(row);
  }

  const catalog = new Map(
    (
      await db.query<{ id: string; title: string; image: string | null }>(
        `SELECT id, title, images->>0 AS image FROM products WHERE merchant_id = $1 AND id IN (SELECT jsonb_array_elements_text($2::jsonb))`,
        [merchantId, JSON.stringify([...products.keys()])],
      )
    ).map((row) => [row.id, row]),
  );
  const urls = new Map(links.map((row) => [postKey(row), row.url]));

  const postStats: PostStats[] = [...posts.entries()].map(([key, entry]) => ({
    platform: entry.platform,
    postId: entry.postId,
    postUrl: urls.get(key) ?? null,
    tagged: entry.tagged.size > 0,
    productIds: [...entry.tagged, ...[...entry.others].sort()],
    ...entry.tally.figures(period.days),
  }));
  postStats.sort((a, b) => b.impressions - a.impressions || compare(a.postId, b.postId) || compare(a.platform, b.platform));

  const productStats: ProductStats[] = [...products.entries()].map(([productId, tally]) => {
    const row = catalog.get(productId);
    return { productId, title: row?.title ?? productId, image: row?.image ?? null, ...tally.figures(period.days) };
  });
  productStats.sort((a, b) => b.impressions - a.impressions || compare(a.productId, b.productId));

  return { merchantId, from: period.from, to: period.to, posts: postStats, products: productStats };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
