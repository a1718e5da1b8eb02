/**
 * The Postcart feed v1: parse one page, validate record by record, and apply it to the cache in
 * one transaction together with the source's cursor (so a killed worker resumes cleanly).
 */
import type { z } from 'zod';
import type { PostcartDB, SourceState } from '../db';
import {
  feedSchemas,
  originOf,
  type FeedProduct,
  type StoredMerchant,
  type StoredProduct,
  type StoredReviewSummary,
  type StoredTag,
} from '../model';
import { productUrlKey } from '../sites/links';
import { newSourceState } from './source';
import { parseDecimal } from '../money';

export interface SkippedRecord {
  kind: 'merchants' | 'products' | 'reviews' | 'tags';
  index: number;
  id: string | null;
  reason: string;
}

export interface ParsedFeed {
  cursor: string;
  hasMore: boolean;
  merchants: StoredMerchant[];
  products: StoredProduct[];
  reviews: StoredReviewSummary[];
  tags: StoredTag[];
  deleted: { products: string[]; tags: string[] };
  skipped: SkippedRecord[];
}

export interface ParseOptions {
  sourceId: string;
  /** The feed's own URL: relative URLs inside it resolve against this. */
  baseUrl: string;
  /** Origins besides https that URLs may point at (the extension's own, for the bundled catalog). */
  allowedOrigins?: readonly string[];
}

/** Thrown when the page as a whole is unusable; the previous data is kept. */
export class FeedError extends Error {
  override name = 'FeedError';
}

export function describeIssues(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid record';
  const path = issue.path.join('.');
  return path ? `${path}: ${issue.message}` : issue.message;
}

function recordId(record: unknown, key = 'id'): string | null {
  if (record && typeof record === 'object' && key in record) {
    const value = (record as Record<string, unknown>)[key];
    return typeof value === 'string' ? value : null;
  }
  return null;
}

function resolveUrl(value: unknown, base: string): unknown {
  if (typeof value !== 'string') return value;
  try {
    return new URL(value, base).href;
  } catch {
    return value; // left for the schema to reject with a reason
  }
}

/** Resolves the URL fields of a raw record against the feed URL before validation. */
function withResolvedUrls(record: unknown, fields: string[], listFields: string[], base: string): unknown {
  if (!record || typeof record !== 'object' || Array.isArray(record)) return record;
  const copy: Record<string, unknown> = { ...(record as Record<string, unknown>) };
  for (const field of fields) copy[field] = resolveUrl(copy[field], base);
  for (const field of listFields) {
    const list = copy[field];
    if (Array.isArray(list)) copy[field] = list.map((item) => resolveUrl(item, base));
  }
  return copy;
}

export function toStoredProduct(product: FeedProduct, sourceId: string): StoredProduct {
  return {
    id: product.id,
    merchantId: product.merchantId,
    title: product.title,
    url: product.url,
    images: product.images,
    brand: product.brand ?? null,
    gtin: product.gtin ?? null,
    description: product.description,
    updatedAt: product.updatedAt,
    sourceId,
    urlKey: productUrlKey(product.url),
    variants: product.variants.map((variant) => {
      const priceMinor = parseDecimal(variant.price, variant.currency);
      const compareAtMinor = variant.compareAtPrice ? parseDecimal(variant.compareAtPrice, variant.currency) : null;
      return {
        id: variant.id,
        title: variant.title,
        priceMinor,
        // A compare-at price at or below the price is no sale: drop it rather than show a fake discount.
        compareAtMinor: compareAtMinor !== null && compareAtMinor > priceMinor ? compareAtMinor : null,
        currency: variant.currency,
        available: variant.available,
        sku: variant.sku ?? null,
      };
    }),
  };
}

/**
 * Validates one feed page. The envelope must be sound (else FeedError); each record is checked on
 * its own and a bad one is skipped with its reason, so the rest still applies.
 */
export function parseFeed(raw: unknown, options: ParseOptions): ParsedFeed {
  const schemas = feedSchemas(options.allowedOrigins ?? []);
  const envelope = schemas.FeedEnvelope.safeParse(raw);
  if (!envelope.success) throw new FeedError(`Not a Postcart feed v1: ${describeIssues(envelope.error)}`);
  const feed = envelope.data;
  const skipped: SkippedRecord[] = [];
  const { sourceId, baseUrl } = options;

  function collect<T>(
    kind: SkippedRecord['kind'],
    records: unknown[],
    idKey: string,
    parse: (record: unknown) => T,
  ): T[] {
    const seen = new Set<string>();
    const out: T[] = [];
    records.forEach((record, index) => {
      const id = recordId(record, idKey);
      if (id !== null && seen.has(id)) {
        skipped.push({ kind, index, id, reason: 'duplicate id' });
        return;
      }
      try {
        out.push(parse(record));
        if (id !== null) seen.add(id);
      } catch (error) {
        const reason = error instanceof Error && 'issues' in error ? describeIssues(error as z.ZodError) : String((error as Error).message ?? error);
        skipped.push({ kind, index, id, reason });
      }
    });
    return out;
  }

  const merchants = collect('merchants', feed.merchants, 'id', (record) => {
    const merchant = schemas.FeedMerchant.parse(withResolvedUrls(record, ['url'], [], baseUrl));
    return { ...merchant, sourceId } satisfies StoredMerchant;
  });
  const products = collect('products', feed.products, 'id', (record) => {
    const product = schemas.FeedProduct.parse(withResolvedUrls(record, ['url'], ['images'], baseUrl));
    return toStoredProduct(product, sourceId);
  });
  const reviews = collect('reviews', feed.reviews, 'productId', (record) => {
    const summary = schemas.FeedReviewSummary.parse(record);
    return { ...summary, sourceId } satisfies StoredReviewSummary;
  });
  const tags = collect('tags', feed.tags, 'id', (record) => {
    const tag = schemas.FeedTag.parse(record);
    return { ...tag, variantId: tag.variantId ?? null, origin: 'feed', sourceId } satisfies StoredTag;
  });

  return {
    cursor: feed.cursor,
    hasMore: feed.hasMore,
    merchants,
    products,
    reviews,
    tags,
    deleted: feed.deleted,
    skipped,
  };
}

export interface ApplyResult {
  applied: number;
  skipped: SkippedRecord[];
}

/** Skip reasons counted by kind, with record indexes folded (`variants.3.price` -> `variants.*.price`). */
export function countReasons(skipped: readonly SkippedRecord[]): Record<string, number> {
  const reasons: Record<string, number> = {};
  for (const skip of skipped) {
    const key = `${skip.kind}: ${skip.reason.replace(/\.\d+\./g, '.*.')}`;
    reasons[key] = (reasons[key] ?? 0) + 1;
  }
  return reasons;
}

/**
 * Writes one parsed page and the source's new cursor in a single transaction. Records that point
 * at a merchant or product neither in this page nor in the cache are skipped with a reason.
 * `cursor` is what the source's next run starts from (the feed's own cursor unless the caller
 * knows better, e.g. null when a full pass is complete).
 */
export async function applyFeed(db: PostcartDB, source: SourceState, feed: ParsedFeed, now = Date.now(), cursor: string | null = feed.cursor): Promise<ApplyResult> {
  return db.transaction('rw', [db.merchants, db.products, db.reviews, db.tags, db.sources, db.outbox], async () => {
    const skipped = [...feed.skipped];
    const merchantIds = new Set(feed.merchants.map((m) => m.id));
    const missingMerchants = [...new Set(feed.products.map((p) => p.merchantId))].filter((id) => !merchantIds.has(id));
    for (const [i, row] of (await db.merchants.bulkGet(missingMerchants)).entries()) {
      if (row) merchantIds.add(missingMerchants[i]!);
    }
    const products = feed.products.filter((product, index) => {
      if (merchantIds.has(product.merchantId)) return true;
      skipped.push({ kind: 'products', index, id: product.id, reason: 'merchantId: unknown merchant' });
      return false;
    });

    const productIds = new Set(products.map((p) => p.id));
    const referenced = [...new Set([...feed.reviews.map((r) => r.productId), ...feed.tags.map((t) => t.productId)])];
    const unknown = referenced.filter((id) => !productIds.has(id));
    for (const [i, row] of (await db.products.bulkGet(unknown)).entries()) {
      if (row) productIds.add(unknown[i]!);
    }
    const reviews = feed.reviews.filter((review, index) => {
      if (productIds.has(review.productId)) return true;
      skipped.push({ kind: 'reviews', index, id: review.productId, reason: 'productId: unknown product' });
      return false;
    });
    const tags = feed.tags.filter((tag, index) => {
      if (productIds.has(tag.productId)) return true;
      skipped.push({ kind: 'tags', index, id: tag.id, reason: 'productId: unknown product' });
      return false;
    });

    // A tag the seller changed here and has not published yet keeps the seller's version: the
    // publisher settles it with the server (applied, or replaced by the server's on a conflict).
    const tagIds = [...tags.map((tag) => tag.id), ...feed.deleted.tags];
    const unpublished = new Set(tagIds.length ? (await db.outbox.bulkGet(tagIds)).flatMap((row) => (row ? [row.tagId] : [])) : []);

    await db.merchants.bulkPut(feed.merchants);
    await db.products.bulkPut(products);
    await db.reviews.bulkPut(reviews);
    await db.tags.bulkPut(unpublished.size ? tags.filter((tag) => !unpublished.has(tag.id)) : tags);
    if (feed.deleted.products.length) {
      await db.products.bulkDelete(feed.deleted.products);
      await db.reviews.bulkDelete(feed.deleted.products);
      await db.tags.where('productId').anyOf(feed.deleted.products).delete();
    }
    if (feed.deleted.tags.length) await db.tags.bulkDelete(feed.deleted.tags.filter((id) => !unpublished.has(id)));

    const applied = feed.merchants.length + products.length + reviews.length + tags.length;
    await db.sources.put({
      ...source,
      cursor,
      lastRun: { at: now, applied, skipped: skipped.length, reasons: countReasons(skipped), bytes: 0, ok: true, note: null },
    });
    return { applied, skipped };
  });
}

export const DEMO_SOURCE_ID = 'demo';

/**
 * Imports the catalog bundled with the extension, once. Safe to call at every worker start: if the
 * worker died mid-import, the next start imports again (nothing was committed before).
 */
export async function importDemoCatalog(
  db: PostcartDB,
  feedUrl: string,
  fetchJson: (url: string) => Promise<unknown>,
  options: { again?: boolean } = {},
): Promise<ApplyResult | null> {
  const existing = await db.sources.get(DEMO_SOURCE_ID);
  if (existing?.cursor && !options.again) return null;
  const raw = await fetchJson(feedUrl);
  const parsed = parseFeed(raw, {
    sourceId: DEMO_SOURCE_ID,
    baseUrl: feedUrl,
    allowedOrigins: [originOf(new URL(feedUrl))],
  });
  const source: SourceState = existing ?? newSourceState({ id: DEMO_SOURCE_ID, kind: 'postcart', url: feedUrl });
  return applyFeed(db, source, parsed);
}
