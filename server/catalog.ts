/**
 * Catalog rows in and out of SQL. Every write draws a new `seq` from change_seq inside the caller's
 * transaction; an upsert that changes nothing keeps its old seq, so a replayed request adds nothing
 * to the feed.
 *
 * Callers hold lockCatalogWrites() first: with writers taking turns, transactions commit in seq
 * order, so a reader that has seen seq N has seen every seq below N too. Without the lock a slow
 * transaction could commit seq 10 after a reader already moved its cursor past 11, and the change
 * would never reach that client.
 */
import type { Queryable } from './db';
import type { FeedMerchant, FeedProduct, FeedReviewSummary, FeedTag, FeedVariant } from '../utils/catalog/model';

export const CATALOG_WRITE_LOCK = 7_160_402;

export async function lockCatalogWrites(tx: Queryable): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock($1)', [CATALOG_WRITE_LOCK]);
}

/** The result of one write: the record's seq afterwards (its version), and whether it moved. */
export interface WriteResult {
  version: number | null;
  changed: boolean;
}

interface SeqRow extends Record<string, unknown> {
  seq: number;
}

/** The highest seq handed out so far (0 on an empty catalog). */
export async function currentSeq(db: Queryable): Promise<number> {
  const [row] = await db.query<{ last_value: number; is_called: boolean }>('SELECT last_value, is_called FROM change_seq');
  return row && row.is_called ? Number(row.last_value) : 0;
}

/** A short random id made with the schema; cursors carry it (see feed.ts). */
export async function catalogId(db: Queryable): Promise<string> {
  const [row] = await db.query<{ value: string }>("SELECT value FROM meta WHERE key = 'catalog_id'");
  if (!row) throw new Error('meta.catalog_id is missing: migrations did not run');
  return row.value;
}

// ---------------------------------------------------------------- row shapes (snake_case, as selected)

export interface MerchantRow extends Record<string, unknown> {
  id: string;
  name: string;
  url: string;
  currency: string;
  checkout_kind: FeedMerchant['checkout']['kind'];
  accounts: FeedMerchant['accounts'];
  seq: number;
}

export interface ProductRow extends Record<string, unknown> {
  id: string;
  merchant_id: string;
  title: string;
  url: string;
  images: string[];
  brand: string | null;
  gtin: string | null;
  description: string;
  variants: StoredVariantJson[];
  updated_at: string;
  seq: number;
}

/** A feed variant with every optional field present (null), so equal records compare equal. */
export interface StoredVariantJson {
  id: string;
  title: string;
  price: string;
  compareAtPrice: string | null;
  currency: string;
  available: boolean;
  sku: string | null;
}

export interface ReviewRow extends Record<string, unknown> {
  product_id: string;
  rating: number;
  count: number;
  histogram: number[];
  items: FeedReviewSummary['items'];
  seq: number;
}

export interface TagRow extends Record<string, unknown> {
  id: string;
  merchant_id: string;
  platform: FeedTag['platform'];
  post_id: string;
  product_id: string;
  variant_id: string | null;
  x: number;
  y: number;
  updated_at: string;
  seq: number;
}

export const MERCHANT_COLUMNS = 'id, name, url, currency, checkout_kind, accounts, seq';
export const PRODUCT_COLUMNS = 'id, merchant_id, title, url, images, brand, gtin, description, variants, updated_at, seq';
export const REVIEW_COLUMNS = 'product_id, rating, count, histogram, items, seq';
export const TAG_COLUMNS = 'id, merchant_id, platform, post_id, product_id, variant_id, x, y, updated_at, seq';

// ---------------------------------------------------------------- rows to feed records

export function merchantRecord(row: MerchantRow): FeedMerchant {
  return {
    id: row.id,
    name: row.name,
    url: row.url,
    currency: row.currency,
    checkout: { kind: row.checkout_kind },
    accounts: row.accounts,
  };
}

export function productRecord(row: ProductRow): FeedProduct {
  return {
    id: row.id,
    merchantId: row.merchant_id,
    title: row.title,
    url: row.url,
    images: row.images,
    brand: row.brand,
    gtin: row.gtin,
    description: row.description,
    variants: row.variants,
    updatedAt: row.updated_at,
  };
}

export function reviewRecord(row: ReviewRow): FeedReviewSummary {
  return { productId: row.product_id, rating: row.rating, count: row.count, histogram: row.histogram, items: row.items };
}

export function tagRecord(row: TagRow): FeedTag {
  return {
    id: row.id,
    platform: row.platform,
    postId: row.post_id,
    productId: row.product_id,
    variantId: row.variant_id,
    x: row.x,
    y: row.y,
    updatedAt: row.updated_at,
    // The tag's version: sellers send it back as baseVersion so the server can spot edits that
    // started from an older state (see applyTagOp in writes.ts).
    version: Number(row.seq),
  };
}

function variantJson(variant: FeedVariant): StoredVariantJson {
  return {
    id: variant.id,
    title: variant.title,
    price: variant.price,
    compareAtPrice: variant.compareAtPrice ?? null,
    currency: variant.currency,
    available: variant.available,
    sku: variant.sku ?? null,
  };
}

// ---------------------------------------------------------------- writes

/**
 * INSERT ... ON CONFLICT DO UPDATE ... WHERE (old) IS DISTINCT FROM (new): the row only takes the
 * new seq when something differs. When nothing did, RETURNING is empty and we read the old seq.
 */
async function upsertReturningVersion(tx: Queryable, sql: string, params: (string | number | boolean | null)[], table: string, keyColumn: string, key: string): Promise<WriteResult> {
  const [changed] = await tx.query<SeqRow>(sql, params);
  if (changed) return { version: Number(changed.seq), changed: true };
  const [row] = await tx.query<SeqRow>(`SELECT seq FROM ${table} WHERE ${keyColumn} = $1`, [key]);
  return { version: row ? Number(row.seq) : null, changed: false };
}

export function upsertMerchant(tx: Queryable, merchant: FeedMerchant): Promise<WriteResult> {
  return upsertReturningVersion(
    tx,
    `INSERT INTO merchants (id, name, url, currency, checkout_kind, accounts, seq)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, nextval('change_seq'))
     ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, url = EXCLUDED.url, currency = EXCLUDED.currency,
       checkout_kind = EXCLUDED.checkout_kind, accounts = EXCLUDED.accounts, seq = EXCLUDED.seq
     WHERE (merchants.name, merchants.url, merchants.currency, merchants.checkout_kind, merchants.accounts)
       IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.url, EXCLUDED.currency, EXCLUDED.checkout_kind, EXCLUDED.accounts)
     RETURNING seq`,
    [merchant.id, merchant.name, merchant.url, merchant.currency, merchant.checkout.kind, JSON.stringify(merchant.accounts)],
    'merchants',
    'id',
    merchant.id,
  );
}

export async function upsertProduct(tx: Queryable, product: FeedProduct): Promise<WriteResult> {
  const result = await upsertReturningVersion(
    tx,
    `INSERT INTO products (id, merchant_id, title, url, images, brand, gtin, description, variants, updated_at, seq)
     VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8, $9::jsonb, $10, nextval('change_seq'))
     ON CONFLICT (id) DO UPDATE SET merchant_id = EXCLUDED.merchant_id, title = EXCLUDED.title, url = EXCLUDED.url,
       images = EXCLUDED.images, brand = EXCLUDED.brand, gtin = EXCLUDED.gtin, description = EXCLUDED.description,
       variants = EXCLUDED.variants, updated_at = EXCLUDED.updated_at, seq = EXCLUDED.seq
     WHERE (products.merchant_id, products.title, products.url, products.images, products.brand, products.gtin,
            products.description, products.variants, products.updated_at)
       IS DISTINCT FROM (EXCLUDED.merchant_id, EXCLUDED.title, EXCLUDED.url, EXCLUDED.images, EXCLUDED.brand,
            EXCLUDED.gtin, EXCLUDED.description, EXCLUDED.variants, EXCLUDED.updated_at)
     RETURNING seq`,
    [
      product.id,
      product.merchantId,
      product.title,
      product.url,
      JSON.stringify(product.images),
      product.brand ?? null,
      product.gtin ?? null,
      product.description,
      JSON.stringify(product.variants.map(variantJson)),
      product.updatedAt,
    ],
    'products',
    'id',
    product.id,
  );
  // Back from the dead: the old tombstone would tell clients to delete what we just sent.
  if (result.changed) await tx.query("DELETE FROM tombstones WHERE kind = 'product' AND id = $1", [product.id]);
  return result;
}

/** Writes a tombstone (new seq) for a row the caller just deleted. */
async function tombstone(tx: Queryable, kind: 'product' | 'tag', id: string, merchantId: string): Promise<number> {
  const [row] = await tx.query<SeqRow>(
    `INSERT INTO tombstones (kind, id, merchant_id, seq) VALUES ($1, $2, $3, nextval('change_seq'))
     ON CONFLICT (kind, id) DO UPDATE SET merchant_id = EXCLUDED.merchant_id, seq = EXCLUDED.seq
     RETURNING seq`,
    [kind, id, merchantId],
  );
  return Number(row?.seq);
}

/** The seq of a deleted record's tombstone, or null when there is none. */
export async function tombstoneVersion(tx: Queryable, kind: 'product' | 'tag', id: string): Promise<number | null> {
  const [row] = await tx.query<SeqRow>('SELECT seq FROM tombstones WHERE kind = $1 AND id = $2', [kind, id]);
  return row ? Number(row.seq) : null;
}

/** The merchant that deleted a record, or null when it was never deleted (or came back). */
export async function tombstoneOwner(tx: Queryable, kind: 'product' | 'tag', id: string): Promise<string | null> {
  const [row] = await tx.query<{ merchant_id: string }>('SELECT merchant_id FROM tombstones WHERE kind = $1 AND id = $2', [kind, id]);
  return row?.merchant_id ?? null;
}

/**
 * Deletes a product with its review summary and tags. The tags get tombstones of their own so a
 * client that only follows deleted.tags drops them as well. Deleting what is gone is a no-op.
 */
export async function deleteProduct(tx: Queryable, id: string): Promise<WriteResult> {
  const tags = await tx.query<{ id: string; merchant_id: string }>('DELETE FROM tags WHERE product_id = $1 RETURNING id, merchant_id', [id]);
  for (const tag of tags) await tombstone(tx, 'tag', tag.id, tag.merchant_id);
  const [row] = await tx.query<{ merchant_id: string }>('DELETE FROM products WHERE id = $1 RETURNING merchant_id', [id]);
  if (!row) return { version: await tombstoneVersion(tx, 'product', id), changed: false };
  return { version: await tombstone(tx, 'product', id, row.merchant_id), changed: true };
}

export function upsertReview(tx: Queryable, review: FeedReviewSummary): Promise<WriteResult> {
  return upsertReturningVersion(
    tx,
    `INSERT INTO review_summaries (product_id, rating, count, histogram, items, seq)
     VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, nextval('change_seq'))
     ON CONFLICT (product_id) DO UPDATE SET rating = EXCLUDED.rating, count = EXCLUDED.count,
       histogram = EXCLUDED.histogram, items = EXCLUDED.items, seq = EXCLUDED.seq
     WHERE (review_summaries.rating, review_summaries.count, review_summaries.histogram, review_summaries.items)
       IS DISTINCT FROM (EXCLUDED.rating, EXCLUDED.count, EXCLUDED.histogram, EXCLUDED.items)
     RETURNING seq`,
    [review.productId, review.rating, review.count, JSON.stringify(review.histogram), JSON.stringify(review.items)],
    'review_summaries',
    'product_id',
    review.productId,
  );
}

/**
 * The feed has no deleted.reviews, so removing a product's reviews publishes an empty summary
 * (count 0) that replaces the old one in every client. Nothing to remove is a no-op.
 */
export async function clearReview(tx: Queryable, productId: string): Promise<WriteResult> {
  const [existing] = await tx.query<SeqRow>('SELECT seq FROM review_summaries WHERE product_id = $1', [productId]);
  if (!existing) return { version: null, changed: false };
  return upsertReview(tx, { productId, rating: 0, count: 0, histogram: [0, 0, 0, 0, 0], items: [] });
}

export async function upsertTag(tx: Queryable, tag: FeedTag, merchantId: string): Promise<WriteResult> {
  const result = await upsertReturningVersion(
    tx,
    `INSERT INTO tags (id, merchant_id, platform, post_id, product_id, variant_id, x, y, updated_at, seq)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, nextval('change_seq'))
     ON CONFLICT (id) DO UPDATE SET merchant_id = EXCLUDED.merchant_id, platform = EXCLUDED.platform,
       post_id = EXCLUDED.post_id, product_id = EXCLUDED.product_id, variant_id = EXCLUDED.variant_id,
       x = EXCLUDED.x, y = EXCLUDED.y, updated_at = EXCLUDED.updated_at, seq = EXCLUDED.seq
     WHERE (tags.merchant_id, tags.platform, tags.post_id, tags.product_id, tags.variant_id, tags.x, tags.y, tags.updated_at)
       IS DISTINCT FROM (EXCLUDED.merchant_id, EXCLUDED.platform, EXCLUDED.post_id, EXCLUDED.product_id,
            EXCLUDED.variant_id, EXCLUDED.x, EXCLUDED.y, EXCLUDED.updated_at)
     RETURNING seq`,
    [tag.id, merchantId, tag.platform, tag.postId, tag.productId, tag.variantId ?? null, tag.x, tag.y, tag.updatedAt],
    'tags',
    'id',
    tag.id,
  );
  if (result.changed) await tx.query("DELETE FROM tombstones WHERE kind = 'tag' AND id = $1", [tag.id]);
  return result;
}

export async function deleteTag(tx: Queryable, id: string): Promise<WriteResult> {
  const [row] = await tx.query<{ merchant_id: string }>('DELETE FROM tags WHERE id = $1 RETURNING merchant_id', [id]);
  if (!row) return { version: await tombstoneVersion(tx, 'tag', id), changed: false };
  return { version: await tombstone(tx, 'tag', id, row.merchant_id), changed: true };
}
