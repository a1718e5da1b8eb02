/**
 * Google product reviews feed (XML, schema v2.4): each review names its products by GTIN, SKU,
 * MPN, brand and product URL. Reviews are joined to products of the cache through a resolver and
 * summarised per product (rating on 1..5, count, histogram, the most recent reviews).
 */
import type { PostcartDB } from '../../catalog/db';
import { normalizeGtin } from '../../catalog/gtin';
import { productUrlKey } from '../../sites/links';
import { feedSchemas, IsoDateTime, type StoredProduct, type StoredReview, type StoredReviewSummary } from '../../catalog/model';
import { reason, type Reason } from '../../platform/errors';
import { readText, send } from '../../platform/http';
import { snapshotPages, type Puller } from '../puller';
import { FeedError, SkipError, skipFromZod, skipOf, sourcePage, type SkippedRecord, type SourcePage } from '../records';
import { clipText, sourceText, tidyText } from '../text';
import { asArray, parseXml, xmlAttr, xmlText } from '../xml';

/** What a review says about one product it is about. */
export interface ReviewProductIds {
  gtins: string[];
  skus: string[];
  urls: string[];
}

/** Finds the cached product a review is about, or null. */
export type ReviewResolver = (ids: ReviewProductIds) => Promise<string | null> | string | null;

export interface ReviewsFeedOptions {
  sourceId: string;
  resolve: ReviewResolver;
  /** Stored as the ParsedFeed cursor ('' by default). */
  cursor?: string;
}

/** Recent reviews kept per product (the summary counts them all). */
export const REVIEW_ITEMS_PER_PRODUCT = 20;

function skuKey(sku: string): string {
  return sku.trim().toLowerCase();
}

type ResolvableProduct = Pick<StoredProduct, 'id' | 'gtin' | 'url'> & { variants: readonly { sku: string | null; gtin?: string | null }[] };

/** Indexes products by GTIN (product and variants'), variant SKU and product URL key; the first product to claim a key keeps it. */
class ProductIndex {
  readonly gtins = new Map<string, string>();
  readonly skus = new Map<string, string>();
  readonly urls = new Map<string, string>();

  add(product: ResolvableProduct): void {
    for (const code of [product.gtin, ...product.variants.map((variant) => variant.gtin)]) {
      const gtin = normalizeGtin(code);
      if (gtin && !this.gtins.has(gtin)) this.gtins.set(gtin, product.id);
    }
    for (const variant of product.variants) {
      if (variant.sku && !this.skus.has(skuKey(variant.sku))) this.skus.set(skuKey(variant.sku), product.id);
    }
    const url = productUrlKey(product.url);
    if (url && !this.urls.has(url)) this.urls.set(url, product.id);
  }

  /** GTIN first, then SKU, then the product URL (compared by productUrlKey). */
  resolve(ids: ReviewProductIds): string | null {
    for (const gtin of ids.gtins) {
      const key = normalizeGtin(gtin);
      const hit = key ? this.gtins.get(key) : undefined;
      if (hit) return hit;
    }
    for (const sku of ids.skus) {
      const hit = this.skus.get(skuKey(sku));
      if (hit) return hit;
    }
    for (const url of ids.urls) {
      const key = productUrlKey(url);
      const hit = key ? this.urls.get(key) : undefined;
      if (hit) return hit;
    }
    return null;
  }
}

/** A resolver over products in memory: GTIN first, then SKU, then product URL. */
export function productResolver(products: Iterable<ResolvableProduct>): ReviewResolver {
  const index = new ProductIndex();
  for (const product of products) index.add(product);
  return (ids) => index.resolve(ids);
}

/**
 * A resolver over the cache: reads the products once (only their keys are kept), optionally of
 * one merchant only, then answers GTIN first, then SKU, then product URL.
 */
export function catalogResolver(db: PostcartDB, options: { merchantId?: string } = {}): ReviewResolver {
  let index: Promise<ProductIndex> | null = null;
  return async (ids) => {
    index ??= (async () => {
      const built = new ProductIndex();
      const collection = options.merchantId ? db.products.where('merchantId').equals(options.merchantId) : db.products.toCollection();
      await collection.each((product) => built.add(product));
      return built;
    })();
    return (await index).resolve(ids);
  };
}

/** A review's rating on 1..5 from its own scale: 1 + 4 * (value - min) / (max - min). */
export function normaliseRating(value: number, min: number, max: number): number {
  return 1 + (4 * (value - min)) / (max - min);
}

function readRating(review: Record<string, unknown>): number {
  const overall = asArray((review.ratings as Record<string, unknown> | undefined)?.overall)[0];
  if (overall === undefined) throw new SkipError('ratings.overall', 'skipMissing');
  const text = xmlText(overall);
  const number = (raw: string | null, fallback: number) => (raw === null || raw.trim() === '' ? fallback : /^-?\d+(\.\d+)?$/.test(raw.trim()) ? Number(raw) : Number.NaN);
  const value = number(text, Number.NaN);
  const min = number(xmlAttr(overall, 'min'), 1);
  const max = number(xmlAttr(overall, 'max'), 5);
  if (Number.isNaN(value)) throw new SkipError('ratings.overall', 'skipNotNumber', [text]);
  if (Number.isNaN(min) || Number.isNaN(max) || max <= min) throw new SkipError('ratings.overall', 'skipRatingScale');
  if (value < min || value > max) throw new SkipError('ratings.overall', 'skipOutsideRange', [value, min, max]);
  // One decimal, like the stars a shopper sees; the summary averages these.
  return Math.round(normaliseRating(value, min, max) * 10) / 10;
}

function texts(parent: unknown, child: string): string[] {
  return asArray((parent as Record<string, unknown> | undefined)?.[child]).map(xmlText).filter(Boolean);
}

interface ReviewRecord {
  item: StoredReview;
  products: ReviewProductIds[];
}

function readReview(raw: unknown, reviewSchema: ReturnType<typeof feedSchemas>['FeedReview']): ReviewRecord {
  if (!raw || typeof raw !== 'object') throw new SkipError('review', 'skipEmpty');
  const review = raw as Record<string, unknown>;
  const id = xmlText(review.review_id);
  if (!id) throw new SkipError('review_id', 'skipMissing');
  if (xmlText(review.is_spam) === 'true') throw new SkipError('is_spam', 'skipSpam');
  const rating = readRating(review);
  const timestamp = xmlText(review.review_timestamp);
  if (!IsoDateTime.safeParse(timestamp).success) throw new SkipError('review_timestamp', 'skipDateTime');
  const content = xmlText(review.content);
  if (!content) throw new SkipError('content', 'skipMissing');
  // Pros and cons stay lists of their own: the card labels them, review insights count them as mentions.
  const listed = (items: string[]) => items.map((item) => clipText(tidyText(item), 300)).filter(Boolean).slice(0, 20);
  const pros = listed(texts(review.pros, 'pro'));
  const cons = listed(texts(review.cons, 'con'));
  const incentivized = xmlText(review.is_incentivized_review);
  const collection = xmlText(review.collection_method);
  const language = xmlText(review.review_language);

  const reviewer = asArray(review.reviewer)[0] as Record<string, unknown> | undefined;
  const name = reviewer?.name;
  const author = xmlAttr(name, 'is_anonymous') === 'true' ? 'Anonymous' : xmlText(name);

  const products = asArray((review.products as Record<string, unknown> | undefined)?.product).map((product) => {
    const p = (product ?? {}) as Record<string, unknown>;
    const ids = asArray(p.product_ids)[0] as Record<string, unknown> | undefined;
    return {
      gtins: texts(asArray(ids?.gtins)[0], 'gtin'),
      skus: texts(asArray(ids?.skus)[0], 'sku'),
      urls: asArray(p.product_url).map(xmlText).filter(Boolean),
    };
  });
  if (!products.some((p) => p.gtins.length || p.skus.length || p.urls.length)) {
    throw new SkipError('products', 'skipNoProductKey');
  }

  const parsed = reviewSchema.safeParse({
    id,
    rating,
    title: clipText(xmlText(review.title), 300),
    text: sourceText(content, 'content', false),
    author: clipText(author, 100),
    date: timestamp,
    verified: xmlText(review.is_verified_purchase) === 'true',
    ...(pros.length ? { pros } : {}),
    ...(cons.length ? { cons } : {}),
    // Absent means the source does not say; anything but true/false is ignored, not a reason to drop the review.
    ...(incentivized === 'true' || incentivized === 'false' ? { incentivized: incentivized === 'true' } : {}),
    ...(collection === 'unsolicited' || collection === 'post_fulfillment' ? { collectionMethod: collection } : {}),
    ...(/^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*$/.test(language) && language.length <= 35 ? { language } : {}),
  });
  if (!parsed.success) throw skipFromZod(parsed.error);
  return { item: parsed.data, products };
}

/**
 * Parses a reviews feed and summarises it per product of the cache. A review is skipped with its
 * reason when it is malformed (no id, rating outside its min..max, bad timestamp, no content),
 * marked as spam, a duplicate, names no product, or names none the resolver finds. A review
 * about several products counts for each. A truncated or non-XML file throws FeedError.
 */
export async function parseReviewsFeed(text: string, opts: ReviewsFeedOptions): Promise<SourcePage> {
  const doc = parseXml(text.replace(/^\uFEFF/, ''));
  const feed = doc.feed;
  if (feed === undefined) throw new FeedError('errNotReviewsFeed');
  const reviewsElement = asArray((feed as Record<string, unknown> | null)?.reviews)[0];
  const rawReviews = asArray((reviewsElement as Record<string, unknown> | undefined)?.review);
  const schemas = feedSchemas();
  const skipped: SkippedRecord[] = [];
  const skip = (index: number, id: string | null, path: string, why: Reason) => skipped.push({ kind: 'reviews', index, id, path, reason: why });

  const cache = new Map<string, Promise<string | null>>();
  const resolve = (ids: ReviewProductIds) => {
    const key = JSON.stringify(ids);
    let hit = cache.get(key);
    if (!hit) {
      hit = Promise.resolve(opts.resolve(ids));
      cache.set(key, hit);
    }
    return hit;
  };

  const seen = new Set<string>();
  const byProduct = new Map<string, StoredReview[]>();
  for (const [index, raw] of rawReviews.entries()) {
    const id = xmlText((raw as Record<string, unknown> | null)?.review_id) || null;
    if (id !== null && seen.has(id)) {
      skip(index, id, '', reason('skipDuplicateId'));
      continue;
    }
    let record: ReviewRecord;
    try {
      record = readReview(raw, schemas.FeedReview);
    } catch (error) {
      const why = skipOf(error);
      skip(index, id, why.path, why.reason);
      continue;
    }
    const productIds = new Set<string>();
    for (const ids of record.products) {
      const productId = await resolve(ids);
      if (productId) productIds.add(productId);
    }
    if (productIds.size === 0) {
      skip(index, id, 'products', reason('skipNoMatchingProduct'));
      continue;
    }
    seen.add(record.item.id);
    for (const productId of productIds) {
      const list = byProduct.get(productId);
      if (list) list.push(record.item);
      else byProduct.set(productId, [record.item]);
    }
  }

  const reviews: StoredReviewSummary[] = [];
  for (const [productId, items] of byProduct) {
    const histogram = [0, 0, 0, 0, 0];
    let sum = 0;
    for (const item of items) {
      sum += item.rating;
      const bucket = Math.min(5, Math.max(1, Math.round(item.rating))) - 1;
      histogram[bucket] = (histogram[bucket] ?? 0) + 1;
    }
    const recent = [...items].sort((a, b) => Date.parse(b.date) - Date.parse(a.date)).slice(0, REVIEW_ITEMS_PER_PRODUCT);
    const summary = schemas.FeedReviewSummary.parse({
      productId,
      rating: Math.round((sum / items.length) * 100) / 100,
      count: items.length,
      histogram,
      items: recent,
    });
    reviews.push({ ...summary, sourceId: opts.sourceId });
  }

  return sourcePage({ cursor: opts.cursor ?? '', reviews, skipped });
}

/** A Google product reviews feed, joined to cached products by GTIN, SKU or URL. */
export const pullReviewsFeed: Puller = async function* (source, deps) {
  const response = await send(deps.fetch, source.url, { followRedirects: true });
  const text = await readText(response, source.url);
  const feed = await parseReviewsFeed(text, { sourceId: source.id, resolve: deps.resolveReview });
  yield* snapshotPages(feed, deps.pageSize, text.length);
};
