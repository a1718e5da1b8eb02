/**
 * GET /v1/stats?from=YYYY-MM-DD&to=YYYY-MM-DD[&limit=n][&cursor=c]: a merchant's figures per post
 * and per product over a period of UTC days, from the hourly buckets POST /v1/events fills. The
 * answer's shape is SellerStats in utils/seller/stats.ts (the schema the extension validates it
 * with) plus `hasMore` and `cursor`.
 *
 * Anyone can send events, so a merchant may have any number of posts: the answer is paged. Each
 * page holds at most `limit` posts and `limit` products (default and most: 100), the two lists
 * each continuing where the previous page ended; `cursor` asks for the next page. Sums, ordering
 * and paging happen in SQL, so a page costs the same whatever the number of posts, and money is
 * summed as numeric there and as BigInt here.
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Db, Queryable } from './db';
import type { Platform } from '../utils/catalog/model';
import { currencyDigits } from '../utils/platform/money';
import { MAX_PERIOD_DAYS, type Amount, type DailyFigures, type Figures, type PostStats, type ProductStats, type SellerStats } from '../utils/seller/stats';

export const DEFAULT_DAYS = 30;
/** Rows per list per page: the default and the most a client may ask for. */
export const MAX_PAGE_ROWS = 100;
/** A post lists at most this many product ids (tagged first); its figures still count them all. */
export const MAX_PRODUCT_IDS = 50;
/** The first day a period may start on: no events can be older than the server. */
export const FIRST_DAY = '2000-01-01';
/** A period may end at most this many days after today (a "this year" view), never in year 9999. */
export const MAX_DAYS_AHEAD = 366;
const DAY_MS = 86_400_000;

/** A request the client got wrong; the message says what is accepted. */
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

/**
 * from and to are inclusive UTC days; absent `to` is today, absent `from` is 29 days before `to`.
 * Both lie between FIRST_DAY and MAX_DAYS_AHEAD days after today: year 0000 or 9999 used to reach
 * SQL as timestamps PostgreSQL refuses.
 */
export function parsePeriod(fromRaw: string | null, toRaw: string | null, now: number = Date.now()): Period {
  const today = Math.floor(now / DAY_MS) * DAY_MS;
  const to = toRaw === null || toRaw === '' ? today : parseDay(toRaw, 'to');
  const from = fromRaw === null || fromRaw === '' ? to - (DEFAULT_DAYS - 1) * DAY_MS : parseDay(fromRaw, 'from');
  const first = Date.parse(`${FIRST_DAY}T00:00:00Z`);
  const last = today + MAX_DAYS_AHEAD * DAY_MS;
  if (from < first || to < first) throw new StatsRequestError(`from and to must not be before ${FIRST_DAY}`);
  if (from > last || to > last) throw new StatsRequestError(`from and to must not be more than ${MAX_DAYS_AHEAD} days after today (${dayOf(last)})`);
  if (from > to) throw new StatsRequestError('from must not be after to');
  const count = (to - from) / DAY_MS + 1;
  // The dashboard checks custom periods against the same limit before it asks.
  if (count > MAX_PERIOD_DAYS) throw new StatsRequestError(`the period may span at most ${MAX_PERIOD_DAYS} days`);
  const days: string[] = [];
  for (let ms = from; ms <= to; ms += DAY_MS) days.push(dayOf(ms));
  return { from: dayOf(from), to: dayOf(to), days };
}

// ---------------------------------------------------------------- paging

/** Where a list stopped: after this row, or at its end. Impressions travel as decimal strings. */
const PostAfter = z.union([z.literal('end'), z.tuple([z.string().regex(/^\d{1,20}$/), z.string().max(400), z.string().max(20)])]);
const ProductAfter = z.union([z.literal('end'), z.tuple([z.string().regex(/^\d{1,20}$/), z.string().max(400)])]);
const Offset = z.number().int().min(0).max(10_000_000);
/**
 * `walk`/`postAt`/`productAt`: where the next page starts in the order kept for this walk (see
 * Walks); `posts`/`products`: the last rows sent, to go on from by value when that order is gone.
 */
const Cursor = z.object({
  v: z.literal(1),
  from: z.string(),
  to: z.string(),
  walk: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/).optional(),
  postAt: Offset.optional(),
  productAt: Offset.optional(),
  posts: PostAfter,
  products: ProductAfter,
});
type Cursor = z.infer<typeof Cursor>;

export interface StatsRequest {
  period: Period;
  limit: number;
  /** null: the first page. */
  cursor: Cursor | null;
}

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

/** Reads from, to, limit and cursor; a cursor names its period and is refused for another one. */
export function parseStatsRequest(params: URLSearchParams, now: number = Date.now()): StatsRequest {
  const period = parsePeriod(params.get('from'), params.get('to'), now);
  const limitRaw = params.get('limit');
  let limit = MAX_PAGE_ROWS;
  if (limitRaw !== null && limitRaw !== '') {
    if (!/^\d{1,6}$/.test(limitRaw) || Number(limitRaw) < 1) throw new StatsRequestError(`limit must be a whole number from 1 to ${MAX_PAGE_ROWS}`);
    // Larger asks are served at the cap; the client pages on with hasMore.
    limit = Math.min(Number(limitRaw), MAX_PAGE_ROWS);
  }
  const raw = params.get('cursor');
  if (raw === null || raw === '') return { period, limit, cursor: null };
  let decoded: unknown = null;
  if (raw.length <= 2000 && /^[A-Za-z0-9_-]+$/.test(raw)) {
    try {
      decoded = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    } catch {
      decoded = null;
    }
  }
  const cursor = Cursor.safeParse(decoded);
  if (!cursor.success) throw new StatsRequestError('cursor must be one this server returned: start again without it');
  if (cursor.data.from !== period.from || cursor.data.to !== period.to) {
    throw new StatsRequestError('cursor belongs to another period: ask with the same from and to, or start again without it');
  }
  return { period, limit, cursor: cursor.data };
}

// ---------------------------------------------------------------- figures

interface DailyRow extends Record<string, unknown> {
  key: string;
  day: string;
  impressions: string;
  card_opens: string;
  add_to_carts: string;
  checkouts: string;
}

interface RevenueRow extends Record<string, unknown> {
  key: string;
  currency: string;
  orders: string;
  minor: string;
}

/** Running totals of one post or product. */
class Tally {
  impressions = 0;
  clicks = 0;
  addToCarts = 0;
  checkouts = 0;
  readonly daily = new Map<string, DailyFigures>();
  /** currency -> checkouts with a value in it, and their sum in minor units */
  readonly revenue = new Map<string, { orders: bigint; minor: bigint }>();

  addDay(row: DailyRow): void {
    const counts = { impressions: Number(row.impressions), clicks: Number(row.card_opens), addToCarts: Number(row.add_to_carts), checkouts: Number(row.checkouts) };
    this.impressions += counts.impressions;
    this.clicks += counts.clicks;
    this.addToCarts += counts.addToCarts;
    this.checkouts += counts.checkouts;
    this.daily.set(row.day, { date: row.day, ...counts });
  }

  addRevenue(row: RevenueRow): void {
    const sum = this.revenue.get(row.currency) ?? { orders: 0n, minor: 0n };
    this.revenue.set(row.currency, sum);
    sum.orders += BigInt(row.orders);
    sum.minor += BigInt(row.minor);
  }

  figures(days: readonly string[]): Figures {
    const currencies = [...this.revenue.keys()].sort();
    const revenue: Amount[] = [];
    const averageOrderValue: Amount[] = [];
    for (const currency of currencies) {
      const { orders, minor } = this.revenue.get(currency)!;
      revenue.push({ currency, amount: decimal(minor, currency) });
      if (orders > 0n) averageOrderValue.push({ currency, amount: decimal(divideHalfUp(minor, orders), currency) });
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

/** The most the wire's Amount takes: 20 integer digits. */
const MAX_INTEGER_DIGITS = 20;

/**
 * Minor units as a decimal string with the currency's digits, exact at any size. A sum past what
 * the wire format can carry (10^20 in major units) is shown at that maximum rather than failing
 * the whole answer.
 */
export function decimal(minor: bigint, currency: string): string {
  const digits = currencyDigits(currency);
  const cap = 10n ** BigInt(MAX_INTEGER_DIGITS + digits) - 1n;
  const text = (minor > cap ? cap : minor < 0n ? 0n : minor).toString().padStart(digits + 1, '0');
  return digits === 0 ? text : `${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

// ---------------------------------------------------------------- reading a page

export type StatsPage = SellerStats & { hasMore: boolean; cursor: string | null };

interface PostKey extends Record<string, unknown> {
  platform: Platform;
  post_id: string;
  impressions: string;
}

interface ProductKey extends Record<string, unknown> {
  product_id: string;
  impressions: string;
}

const COUNTS = `sum(impressions)::text AS impressions, sum(card_opens)::text AS card_opens,
                sum(add_to_carts)::text AS add_to_carts, sum(checkouts)::text AS checkouts`;
/** The UTC day of an hour bucket; a date casts to text as YYYY-MM-DD (ISO DateStyle). */
const DAY = `(hour AT TIME ZONE 'UTC')::date`;

/**
 * The order of one walk through a period's pages, kept in memory so that page 2..n cost only their
 * own rows: without it every page would sum the whole period again to find where it starts, and
 * reading all pages of N posts would cost N²/limit rows. A walk also pins the order: a post whose
 * figures change meanwhile is still listed exactly once. Bounded: at most MAX_WALKS walks of at
 * most MAX_WALK_ROWS rows, each kept WALK_TTL_MS after its last page. A cursor whose walk is gone
 * (expired, another server process) goes on by value instead (keyset paging).
 */
export class Walks {
  private readonly walks = new Map<string, Walk>();

  constructor(private readonly now: () => number = Date.now) {}

  get(id: string | undefined, merchantId: string, period: Period): Walk | null {
    if (id === undefined) return null;
    const walk = this.walks.get(id);
    if (!walk || walk.merchantId !== merchantId || walk.from !== period.from || walk.to !== period.to || this.now() - walk.at > WALK_TTL_MS) return null;
    walk.at = this.now();
    this.walks.delete(id);
    this.walks.set(id, walk);
    return walk;
  }

  add(walk: Omit<Walk, 'id' | 'at'>): Walk {
    const stored: Walk = { ...walk, id: randomBytes(12).toString('base64url'), at: this.now() };
    this.walks.set(stored.id, stored);
    for (const [id, old] of this.walks) {
      if (this.walks.size <= MAX_WALKS && this.now() - old.at <= WALK_TTL_MS) break;
      this.walks.delete(id);
    }
    return stored;
  }
}

interface Walk {
  id: string;
  at: number;
  merchantId: string;
  from: string;
  to: string;
  posts: PostKey[];
  products: ProductKey[];
}

export const MAX_WALKS = 8;
export const MAX_WALK_ROWS = 25_000;
export const WALK_TTL_MS = 10 * 60_000;

/**
 * One page. Its statements run one by one in PGlite's 'heavy' lane, not as one transaction: a
 * page over many posts scans a lot, and between its statements /health and feed pages go first.
 * Events counted meanwhile may show in one list of the page and not yet in the other; pages are
 * apart in time anyway.
 */
export async function readStats(db: Db, merchantId: string, request: StatsRequest, walks: Walks = new Walks()): Promise<StatsPage> {
  const { period, limit, cursor } = request;
  const start = `${period.from}T00:00:00Z`;
  const end = new Date(Date.parse(`${period.to}T00:00:00Z`) + DAY_MS).toISOString();
  const range = [merchantId, start, end];
  const inRange = 'merchant_id = $1 AND hour >= $2::timestamptz AND hour < $3::timestamptz';
  const tx = db.at('heavy');

  let walk = walks.get(cursor?.walk, merchantId, period);
  if (!cursor) {
    // A first page: the whole order, kept for the pages after it (unless it is too long to keep).
    const posts = await postOrder(tx, range, inRange, null, MAX_WALK_ROWS + 1);
    const products = posts.length > MAX_WALK_ROWS ? [] : await productOrder(tx, range, inRange, null, MAX_WALK_ROWS + 1);
    if (posts.length <= MAX_WALK_ROWS && products.length <= MAX_WALK_ROWS) walk = walks.add({ merchantId, from: period.from, to: period.to, posts, products });
  }

  let posts: PostKey[];
  let products: ProductKey[];
  let postAt = 0;
  let productAt = 0;
  let morePosts: boolean;
  let moreProducts: boolean;
  if (walk) {
    postAt = cursor?.postAt ?? 0;
    productAt = cursor?.productAt ?? 0;
    posts = cursor?.posts === 'end' ? [] : walk.posts.slice(postAt, postAt + limit);
    products = cursor?.products === 'end' ? [] : walk.products.slice(productAt, productAt + limit);
    morePosts = cursor?.posts !== 'end' && postAt + limit < walk.posts.length;
    moreProducts = cursor?.products !== 'end' && productAt + limit < walk.products.length;
  } else {
    const postRows = cursor?.posts === 'end' ? [] : await postOrder(tx, range, inRange, cursor?.posts ?? null, limit + 1);
    const productRows = cursor?.products === 'end' ? [] : await productOrder(tx, range, inRange, cursor?.products ?? null, limit + 1);
    morePosts = postRows.length > limit;
    moreProducts = productRows.length > limit;
    posts = postRows.slice(0, limit);
    products = productRows.slice(0, limit);
  }

  const page: StatsPage = {
    merchantId,
    from: period.from,
    to: period.to,
    posts: await postFigures(tx, range, period, posts),
    products: await productFigures(tx, range, inRange, period, products),
    hasMore: morePosts || moreProducts,
    cursor: null,
  };
  if (page.hasMore) {
    const lastPost = posts[posts.length - 1];
    const lastProduct = products[products.length - 1];
    page.cursor = encodeCursor({
      v: 1,
      from: period.from,
      to: period.to,
      ...(walk ? { walk: walk.id, postAt: postAt + posts.length, productAt: productAt + products.length } : {}),
      posts: morePosts && lastPost ? [lastPost.impressions, lastPost.post_id, lastPost.platform] : 'end',
      products: moreProducts && lastProduct ? [lastProduct.impressions, lastProduct.product_id] : 'end',
    });
  }
  return page;
}

/**
 * Posts (tagged now, or with events in the period) by impressions, most first, then by post id and
 * platform in "C" order (bytes: the same in PGlite and on any server locale, so cursors hold),
 * after `after` when given.
 */
function postOrder(tx: Queryable, range: string[], inRange: string, after: z.infer<typeof PostAfter> | null, limit: number): Promise<PostKey[]> {
  const from = after === 'end' ? null : after;
  // ORDER BY names totals.impressions: the bare name would be the text column selected.
  return tx.query<PostKey>(
    `WITH totals AS (
       SELECT platform, post_id, sum(impressions)::bigint AS impressions FROM (
         SELECT platform, post_id, impressions FROM event_counts WHERE ${inRange}
         UNION ALL SELECT platform, post_id, 0 FROM event_revenue WHERE ${inRange}
         UNION ALL SELECT platform, post_id, 0 FROM tags WHERE merchant_id = $1
       ) AS everything GROUP BY platform, post_id)
     SELECT platform, post_id, impressions::text AS impressions FROM totals
     WHERE $4::boolean OR impressions < $5::bigint
        OR (impressions = $5::bigint AND (post_id COLLATE "C" > $6 OR (post_id = $6 AND platform COLLATE "C" > $7)))
     ORDER BY totals.impressions DESC, post_id COLLATE "C", platform COLLATE "C"
     LIMIT $8`,
    [...range, from === null, from?.[0] ?? '0', from?.[1] ?? '', from?.[2] ?? '', limit],
  );
}

/** Products (tagged now, or with events in the period) in the same order. */
function productOrder(tx: Queryable, range: string[], inRange: string, after: z.infer<typeof ProductAfter> | null, limit: number): Promise<ProductKey[]> {
  const from = after === 'end' ? null : after;
  return tx.query<ProductKey>(
    `WITH totals AS (
       SELECT product_id, sum(impressions)::bigint AS impressions FROM (
         SELECT product_id, impressions FROM event_counts WHERE ${inRange}
         UNION ALL SELECT product_id, 0 FROM event_revenue WHERE ${inRange}
         UNION ALL SELECT product_id, 0 FROM tags WHERE merchant_id = $1
       ) AS everything GROUP BY product_id)
     SELECT product_id, impressions::text AS impressions FROM totals
     WHERE $4::boolean OR impressions < $5::bigint OR (impressions = $5::bigint AND product_id COLLATE "C" > $6)
     ORDER BY totals.impressions DESC, product_id COLLATE "C"
     LIMIT $7`,
    [...range, from === null, from?.[0] ?? '0', from?.[1] ?? '', limit],
  );
}

async function postFigures(tx: Queryable, range: string[], period: Period, keys: PostKey[]): Promise<PostStats[]> {
  if (keys.length === 0) return [];
  const postKey = (row: { platform: string; post_id: string }) => JSON.stringify([row.platform, row.post_id]);
  const wanted = JSON.stringify(keys.map((key) => ({ platform: key.platform, post_id: key.post_id })));
  const join = `JOIN jsonb_to_recordset($4::jsonb) AS k(platform text, post_id text) ON k.platform = t.platform AND k.post_id = t.post_id`;
  // The page's posts one by one, each through its primary key (merchant, platform, post, ...):
  // OFFSET 0 keeps the planner from turning this into a scan of all the merchant's rows.
  const rowsOf = (table: string) =>
    `jsonb_to_recordset($4::jsonb) AS k(platform text, post_id text) CROSS JOIN LATERAL (
       SELECT * FROM ${table} e WHERE e.merchant_id = $1 AND e.platform = k.platform AND e.post_id = k.post_id
         AND e.hour >= $2::timestamptz AND e.hour < $3::timestamptz OFFSET 0) AS t`;
  const daily = await tx.query<DailyRow>(
    `SELECT key, day::text AS day, impressions, card_opens, add_to_carts, checkouts FROM (
       SELECT json_build_array(t.platform, t.post_id)::text AS key, ${DAY} AS day, ${COUNTS}
       FROM ${rowsOf('event_counts')} GROUP BY t.platform, t.post_id, 2) AS days`,
    [...range, wanted],
  );
  const revenue = await tx.query<RevenueRow>(
    `SELECT json_build_array(t.platform, t.post_id)::text AS key, currency, sum(orders)::text AS orders, sum(revenue_minor)::text AS minor
     FROM ${rowsOf('event_revenue')} GROUP BY t.platform, t.post_id, currency`,
    [...range, wanted],
  );
  // Tagging order: the product tagged first on a post gives the post its thumbnail.
  const tagged = await tx.query<{ platform: string; post_id: string; product_id: string }>(
    `SELECT t.platform, t.post_id, t.product_id FROM tags t ${join.replace('$4', '$2')} WHERE t.merchant_id = $1
     GROUP BY t.platform, t.post_id, t.product_id ORDER BY min(t.seq)`,
    [range[0]!, wanted],
  );
  // Products with events but no tag on the post: the most seen first, a bounded few.
  const others = await tx.query<{ platform: string; post_id: string; product_id: string }>(
    `SELECT platform, post_id, product_id FROM (
       SELECT t.platform, t.post_id, t.product_id,
              row_number() OVER (PARTITION BY t.platform, t.post_id ORDER BY sum(t.impressions) DESC, t.product_id COLLATE "C") AS rank
       FROM ${rowsOf('event_counts')} GROUP BY t.platform, t.post_id, t.product_id) AS ranked
     WHERE rank <= ${MAX_PRODUCT_IDS} ORDER BY rank`,
    [...range, wanted],
  );
  const links = await tx.query<{ platform: string; post_id: string; url: string }>(
    `SELECT t.platform, t.post_id, t.url FROM post_urls t ${join.replace('$4', '$2')} WHERE t.merchant_id = $1`,
    [range[0]!, wanted],
  );

  const tallies = new Map(keys.map((key) => [postKey(key), new Tally()]));
  for (const row of daily) tallies.get(canonical(row.key))?.addDay(row);
  for (const row of revenue) tallies.get(canonical(row.key))?.addRevenue(row);
  const productIds = new Map(keys.map((key) => [postKey(key), [] as string[]]));
  for (const row of [...tagged, ...others]) {
    const list = productIds.get(postKey(row));
    if (list && list.length < MAX_PRODUCT_IDS && !list.includes(row.product_id)) list.push(row.product_id);
  }
  const taggedPosts = new Set(tagged.map(postKey));
  const urls = new Map(links.map((row) => [postKey(row), row.url]));
  return keys.map((key) => ({
    platform: key.platform,
    postId: key.post_id,
    postUrl: urls.get(postKey(key)) ?? null,
    tagged: taggedPosts.has(postKey(key)),
    productIds: productIds.get(postKey(key))!,
    ...tallies.get(postKey(key))!.figures(period.days),
  }));
}

async function productFigures(tx: Queryable, range: string[], inRange: string, period: Period, keys: ProductKey[]): Promise<ProductStats[]> {
  if (keys.length === 0) return [];
  const wanted = JSON.stringify(keys.map((key) => key.product_id));
  const join = 'JOIN (SELECT jsonb_array_elements_text($4::jsonb) AS product_id) AS k ON k.product_id = t.product_id';
  const daily = await tx.query<DailyRow>(
    `SELECT key, day::text AS day, impressions, card_opens, add_to_carts, checkouts FROM (
       SELECT t.product_id AS key, ${DAY} AS day, ${COUNTS} FROM event_counts t ${join} WHERE t.${inRange} GROUP BY t.product_id, 2) AS days`,
    [...range, wanted],
  );
  const revenue = await tx.query<RevenueRow>(
    `SELECT t.product_id AS key, currency, sum(orders)::text AS orders, sum(revenue_minor)::text AS minor
     FROM event_revenue t ${join} WHERE t.${inRange} GROUP BY t.product_id, currency`,
    [...range, wanted],
  );
  const catalog = new Map(
    (
      await tx.query<{ id: string; title: string; image: string | null }>(
        `SELECT id, title, images->>0 AS image FROM products WHERE merchant_id = $1 AND id IN (SELECT jsonb_array_elements_text($2::jsonb))`,
        [range[0]!, wanted],
      )
    ).map((row) => [row.id, row]),
  );
  const tallies = new Map(keys.map((key) => [key.product_id, new Tally()]));
  for (const row of daily) tallies.get(row.key)?.addDay(row);
  for (const row of revenue) tallies.get(row.key)?.addRevenue(row);
  return keys.map((key) => {
    const row = catalog.get(key.product_id);
    return { productId: key.product_id, title: row?.title ?? key.product_id, image: row?.image ?? null, ...tallies.get(key.product_id)!.figures(period.days) };
  });
}

/** json_build_array(...)::text spaces its items; JSON.stringify does not. */
function canonical(key: string): string {
  return JSON.stringify(JSON.parse(key) as unknown);
}
