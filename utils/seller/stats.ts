/**
 * The seller dashboard's data: `GET /v1/stats?from=&to=` of a Postcart catalog server, read with
 * the seller token of a source. The zod schema here is the one definition of the answer; the
 * server builds it with the inferred types and the extension validates what arrives with it.
 */
import { z } from 'zod';
import type { PostcartDB } from '../catalog/db';
import { CurrencyCode, Id, Platform } from '../catalog/model';
import { toCsv } from '../platform/csv';
import { UserError } from '../platform/errors';
import { exchange, HttpError, parseJson, readText, type Fetcher, type Outcome } from '../platform/http';
import { isHttpsUrl, isWebUrl } from '../platform/urls';
import type { SourceState } from '../sync/source';
import { sellerEndpoint } from './connection';

/** A calendar day, UTC: "2026-11-20". */
export const IsoDay = z.iso.date();

const Count = z.number().int().min(0);
const Ratio = z.number().min(0).nullable();

/** An exact amount in one currency, as a decimal string with the currency's digits. */
export const Amount = z.object({ currency: CurrencyCode, amount: z.string().regex(/^\d{1,20}(\.\d{1,4})?$/) });
export type Amount = z.infer<typeof Amount>;

/** A link a server sent, kept only when the URL rule allows it; anything else (javascript:, data:) becomes null. */
function linkOrNull(allowed: (value: string) => boolean) {
  return z
    .string()
    .max(2048)
    .nullable()
    .transform((value) => (value !== null && allowed(value) ? value : null));
}

export const DailyFigures = z.object({ date: IsoDay, impressions: Count, clicks: Count, addToCarts: Count, checkouts: Count });
export type DailyFigures = z.infer<typeof DailyFigures>;

/** The figures of a post or a product over the period. */
export const Figures = z.object({
  impressions: Count,
  /** Product cards opened. */
  clicks: Count,
  addToCarts: Count,
  checkouts: Count,
  /** clicks / impressions; null without impressions. */
  ctr: Ratio,
  /** checkouts / clicks; null without clicks. */
  conversionRate: Ratio,
  /** Checkout value per currency (never added across currencies). */
  revenue: z.array(Amount),
  /** revenue / checkouts that carried a value, per currency, rounded half-up to the minor unit. */
  averageOrderValue: z.array(Amount),
  /** One entry per day of the period, oldest first. */
  daily: z.array(DailyFigures),
});
export type Figures = z.infer<typeof Figures>;

export const PostStats = Figures.extend({
  platform: Platform,
  postId: Id,
  /** The newest link to the post shoppers' events carried (https on the platform's site), or null. */
  postUrl: linkOrNull(isHttpsUrl),
  /** Whether the post has a tag of this merchant now (otherwise it only has events). */
  tagged: z.boolean(),
  /** Tagged products first (in tagging order), then products that only have events. */
  productIds: z.array(Id),
});
export type PostStats = z.infer<typeof PostStats>;

export const ProductStats = Figures.extend({
  productId: Id,
  /** The product's title; its id when the product is no longer in the catalog. */
  title: z.string(),
  image: linkOrNull(isWebUrl),
});
export type ProductStats = z.infer<typeof ProductStats>;

export const SellerStats = z.object({
  merchantId: Id,
  from: IsoDay,
  to: IsoDay,
  /** Sorted by impressions, most first, then by post id. */
  posts: z.array(PostStats),
  /** Sorted by impressions, most first, then by product id. */
  products: z.array(ProductStats),
  /** The server pages long lists: ask again with `cursor` while `hasMore` (absent: one page). */
  hasMore: z.boolean().optional(),
  cursor: z.string().max(2000).nullish(),
});
export type SellerStats = z.infer<typeof SellerStats>;

// ---------------------------------------------------------------- periods

export const MAX_PERIOD_DAYS = 366;
const DAY_MS = 86_400_000;

/** The last `days` UTC days, today included (the server counts whole UTC days). */
export function lastDays(days: number, now: number): { from: string; to: string } {
  const today = Math.floor(now / DAY_MS) * DAY_MS;
  return { from: new Date(today - (days - 1) * DAY_MS).toISOString().slice(0, 10), to: new Date(today).toISOString().slice(0, 10) };
}

export type PeriodProblem = 'bad-date' | 'reversed' | 'too-long';

/** Checks a custom period before asking the server; null when it is fine. */
export function periodProblem(from: string, to: string): PeriodProblem | null {
  if (!IsoDay.safeParse(from).success || !IsoDay.safeParse(to).success) return 'bad-date';
  const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS + 1;
  if (days < 1) return 'reversed';
  if (days > MAX_PERIOD_DAYS) return 'too-long';
  return null;
}

// ---------------------------------------------------------------- fetching

const ServerReason = z.object({ details: z.object({ reason: z.string().max(500) }) });

/** Pages of one period a dashboard reads at most (100 posts and 100 products a page). */
export const MAX_STATS_PAGES = 50;

/**
 * Reads `GET /v1/stats` of a source's catalog server with the seller token stored on the source,
 * page after page while the server says there is more, and joins the pages. Every page is
 * validated with SellerStats; anything else is a UserError naming what went wrong.
 */
export async function fetchStats(fetcher: Fetcher, source: SourceState, from: string, to: string): Promise<SellerStats> {
  if (!source.seller) throw new UserError('statsNotConnected');
  const endpoint = sellerEndpoint(source, 'stats');
  if (!endpoint) throw new UserError('statsNotAServer');
  const pages: SellerStats[] = [];
  let cursor: string | null = null;
  do {
    const url = new URL(endpoint);
    url.searchParams.set('from', from);
    url.searchParams.set('to', to);
    if (cursor) url.searchParams.set('cursor', cursor);
    const page = await fetchStatsPage(fetcher, url, source.seller.token, source.seller.merchantId);
    pages.push(page);
    cursor = page.hasMore && page.cursor ? page.cursor : null;
  } while (cursor && pages.length < MAX_STATS_PAGES);
  const { hasMore: _hasMore, cursor: _cursor, ...first } = pages[0]!;
  return { ...first, posts: pages.flatMap((page) => page.posts), products: pages.flatMap((page) => page.products) };
}

async function fetchStatsPage(fetcher: Fetcher, url: URL, token: string, merchantId: string): Promise<SellerStats> {
  let response: Response;
  let outcome: Outcome;
  try {
    ({ response, outcome } = await exchange(fetcher, url.href, { token, headers: { accept: 'application/json' } }));
  } catch (error) {
    if (error instanceof HttpError) throw new UserError('statsNetwork', [url.host]);
    throw error;
  }
  let body: unknown = null;
  try {
    body = parseJson(await readText(response, url.href, { maxBytes: 20 * 1024 * 1024 }), url.href);
  } catch {
    if (outcome === 'done') throw new UserError('statsBadBody', [url.host]);
  }
  if (outcome === 'unauthorized') throw new UserError('statsUnauthorized', [url.host]);
  if (response.status === 400) {
    const reason = ServerReason.safeParse(body);
    throw new UserError('statsBadRequest', [url.host, reason.success ? reason.data.details.reason : '']);
  }
  if (outcome !== 'done') throw new UserError('statsServerError', [url.host, response.status]);
  const stats = SellerStats.safeParse(body);
  // Figures of another merchant would be someone else's business, and a sign of a mixed-up token.
  if (!stats.success || stats.data.merchantId !== merchantId) throw new UserError('statsBadBody', [url.host]);
  return stats.data;
}

/** fetchStats for a source by id, as the background answers the dashboard's `seller-stats` request. */
export async function readSellerStats(db: PostcartDB, fetcher: Fetcher, sourceId: string, from: string, to: string): Promise<SellerStats> {
  const source = await db.sources.get(sourceId);
  if (!source) throw new UserError('statsNotConnected');
  return fetchStats(fetcher, source, from, to);
}

// ---------------------------------------------------------------- links

/**
 * A link to a post built from its id, where the platform has one that needs nothing else:
 * Instagram (/p/<shortcode>/ also opens reels) and Pinterest. TikTok and Facebook links need the
 * author or page as well, so those posts link only when events brought their address.
 */
export function postPermalink(platform: Platform, postId: string): string | null {
  const id = encodeURIComponent(postId);
  if (platform === 'instagram') return `https://www.instagram.com/p/${id}/`;
  if (platform === 'pinterest') return `https://www.pinterest.com/pin/${id}/`;
  return null;
}

export function postLink(post: Pick<PostStats, 'platform' | 'postId' | 'postUrl'>): string | null {
  return post.postUrl ?? postPermalink(post.platform, post.postId);
}

// ---------------------------------------------------------------- CSV

const ratio = (value: number | null): string | null => (value === null ? null : String(Math.round(value * 10_000) / 10_000));

/**
 * The posts of a stats answer as CSV (RFC 4180, CRLF), one row per post, for a spreadsheet.
 * Money gets one column per currency that occurs (amounts are never added across currencies);
 * ratios are fractions (0.3125), not percentages. Cells a spreadsheet would run as formulas are
 * defused by csvCell: post ids and titles come from pages and feeds we do not control.
 */
export function statsToCsv(stats: SellerStats): string {
  const currencies = [...new Set(stats.posts.flatMap((post) => post.revenue.map((amount) => amount.currency)))].sort();
  const titles = new Map(stats.products.map((product) => [product.productId, product.title]));
  const header = [
    'from',
    'to',
    'platform',
    'post_id',
    'post_url',
    'tagged',
    'product_ids',
    'products',
    'impressions',
    'clicks',
    'ctr',
    'add_to_carts',
    'checkouts',
    'conversion_rate',
    ...currencies.flatMap((currency) => [`revenue_${currency}`, `average_order_value_${currency}`]),
  ];
  const rows: (string | number | null)[][] = [header];
  for (const post of stats.posts) {
    const money = (list: readonly Amount[], currency: string) => list.find((amount) => amount.currency === currency)?.amount ?? null;
    rows.push([
      stats.from,
      stats.to,
      post.platform,
      post.postId,
      postLink(post),
      post.tagged ? 'yes' : 'no',
      post.productIds.join(' '),
      post.productIds.map((id) => titles.get(id) ?? id).join('; '),
      post.impressions,
      post.clicks,
      ratio(post.ctr),
      post.addToCarts,
      post.checkouts,
      ratio(post.conversionRate),
      ...currencies.flatMap((currency) => [money(post.revenue, currency), money(post.averageOrderValue, currency)]),
    ]);
  }
  return toCsv(rows);
}
