/**
 * GET /v1/feed: one page of the Postcart feed v1, everything changed after a cursor.
 *
 * A cursor is "<seq>.<catalog id>": the last change sequence number the page included, plus the
 * id of this database so a cursor from a wiped or different catalog is refused instead of silently
 * skipping records. Clients treat it as opaque.
 */
import { createHash } from 'node:crypto';
import type { Db, Queryable } from './db';
import {
  MERCHANT_COLUMNS,
  PRODUCT_COLUMNS,
  REVIEW_COLUMNS,
  TAG_COLUMNS,
  currentSeq,
  merchantRecord,
  productRecord,
  reviewRecord,
  tagRecord,
  type MerchantRow,
  type ProductRow,
  type ReviewRow,
  type TagRow,
} from './catalog';
import type { FeedMerchant, FeedProduct, FeedReviewSummary, FeedTag } from '../utils/catalog/model';

export const DEFAULT_LIMIT = 500;
export const MAX_LIMIT = 5000;

export interface FeedPage {
  version: 1;
  cursor: string;
  hasMore: boolean;
  merchants: FeedMerchant[];
  products: FeedProduct[];
  reviews: FeedReviewSummary[];
  tags: FeedTag[];
  deleted: { products: string[]; tags: string[] };
}

/** A cursor or limit the client got wrong; the message says what to do. */
export class FeedRequestError extends Error {
  override name = 'FeedRequestError';
}

export function encodeCursor(seq: number, catalog: string): string {
  return `${seq}.${catalog}`;
}

/** The seq a `since` parameter stands for; absent or empty means from the start. */
export function parseSince(raw: string | null, catalog: string): number {
  if (raw === null || raw === '' || raw === '0') return 0;
  const match = /^(\d{1,15})(?:\.([0-9a-z]{1,32}))?$/.exec(raw);
  if (!match) throw new FeedRequestError('since must be a cursor returned by this feed');
  if (match[2] !== undefined && match[2] !== catalog) {
    throw new FeedRequestError('since is a cursor of another catalog (was the database reset?): sync again without since');
  }
  return Number(match[1]);
}

export function parseLimit(raw: string | null): number {
  if (raw === null || raw === '') return DEFAULT_LIMIT;
  if (!/^\d{1,9}$/.test(raw) || Number(raw) < 1) throw new FeedRequestError(`limit must be a whole number from 1 to ${MAX_LIMIT}`);
  // Larger asks are served at the cap; the client pages on with hasMore.
  return Math.min(Number(raw), MAX_LIMIT);
}

interface SeqOnly extends Record<string, unknown> {
  seq: number;
}

/**
 * Reads one page: the first `limit` changes with seq > since, across all record kinds. Runs in one
 * repeatable-read snapshot so the page is consistent.
 */
export async function readFeed(db: Db, since: number, limit: number, catalog: string): Promise<FeedPage> {
  return db.transaction(
    async (tx) => {
      const latest = await currentSeq(tx);
      if (since > latest) {
        throw new FeedRequestError('since is ahead of this catalog (was the database reset?): sync again without since');
      }
      // Tombstones only matter to a client that holds something; a first sync skips them.
      const withTombstones = since > 0;
      // Each branch is an index range scan cut at limit+1, so a page costs O(limit), not O(catalog).
      const seqs = await tx.query<SeqOnly>(
        `SELECT seq FROM (
           (SELECT seq FROM merchants WHERE seq > $1 ORDER BY seq LIMIT $2)
           UNION ALL (SELECT seq FROM products WHERE seq > $1 ORDER BY seq LIMIT $2)
           UNION ALL (SELECT seq FROM review_summaries WHERE seq > $1 ORDER BY seq LIMIT $2)
           UNION ALL (SELECT seq FROM tags WHERE seq > $1 ORDER BY seq LIMIT $2)
           UNION ALL (SELECT seq FROM tombstones WHERE $3 AND seq > $1 ORDER BY seq LIMIT $2)
         ) changes ORDER BY seq LIMIT $2`,
        [since, limit + 1, withTombstones],
      );
      const hasMore = seqs.length > limit;
      const last = hasMore ? seqs[limit - 1] : seqs[seqs.length - 1];
      // Nothing new: the cursor stays where the client is.
      const upper = last ? Number(last.seq) : since;
      const page: FeedPage = {
        version: 1,
        cursor: encodeCursor(upper, catalog),
        hasMore,
        merchants: [],
        products: [],
        reviews: [],
        tags: [],
        deleted: { products: [], tags: [] },
      };
      if (!last) return page;

      const range = [since, upper];
      const inRange = 'seq > $1 AND seq <= $2 ORDER BY seq';
      const merchants = await tx.query<MerchantRow>(`SELECT ${MERCHANT_COLUMNS} FROM merchants WHERE ${inRange}`, range);
      const products = await tx.query<ProductRow>(`SELECT ${PRODUCT_COLUMNS} FROM products WHERE ${inRange}`, range);
      const reviews = await tx.query<ReviewRow>(`SELECT ${REVIEW_COLUMNS} FROM review_summaries WHERE ${inRange}`, range);
      const tags = await tx.query<TagRow>(`SELECT ${TAG_COLUMNS} FROM tags WHERE ${inRange}`, range);
      const tombstones = withTombstones
        ? await tx.query<{ kind: string; id: string }>(`SELECT kind, id FROM tombstones WHERE ${inRange}`, range)
        : [];

      products.push(...(await parentsFromLaterPages(tx, since, upper)));
      merchants.push(...(await merchantsFromLaterPages(tx, products, merchants, upper)));

      page.merchants = merchants.map(merchantRecord);
      page.products = products.map(productRecord);
      page.reviews = reviews.map(reviewRecord);
      page.tags = tags.map(tagRecord);
      for (const row of tombstones) (row.kind === 'product' ? page.deleted.products : page.deleted.tags).push(row.id);
      return page;
    },
    { isolation: 'repeatable read' },
  );
}

/**
 * Clients skip a tag or review whose product they do not have (yet). A product edited after its
 * tag was written sits on a later page, so a client syncing from scratch would drop the tag: such
 * products travel along with this page too (and again on their own page, which is harmless).
 */
function parentsFromLaterPages(tx: Queryable, since: number, upper: number): Promise<ProductRow[]> {
  return tx.query<ProductRow>(
    `SELECT ${PRODUCT_COLUMNS} FROM products
     WHERE seq > $2 AND id IN (
       SELECT product_id FROM tags WHERE seq > $1 AND seq <= $2
       UNION SELECT product_id FROM review_summaries WHERE seq > $1 AND seq <= $2)
     ORDER BY seq`,
    [since, upper],
  );
}

/** The same for products whose merchant changed after them. */
async function merchantsFromLaterPages(tx: Queryable, products: ProductRow[], merchants: MerchantRow[], upper: number): Promise<MerchantRow[]> {
  const have = new Set(merchants.map((merchant) => merchant.id));
  const wanted = [...new Set(products.map((product) => product.merchant_id))].filter((id) => !have.has(id));
  if (wanted.length === 0) return [];
  return tx.query<MerchantRow>(
    `SELECT ${MERCHANT_COLUMNS} FROM merchants
     WHERE seq > $1 AND id IN (SELECT jsonb_array_elements_text($2::jsonb)) ORDER BY seq`,
    [upper, JSON.stringify(wanted)],
  );
}

/** A strong ETag over the exact bytes sent: equal bodies, equal tags, whatever produced them. */
export function etagOf(body: string): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
}

/** If-None-Match may list several tags, weak or strong, or "*". */
export function matchesEtag(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((candidate) => {
    const tag = candidate.trim();
    return tag === '*' || tag === etag || tag === `W/${etag}`;
  });
}
