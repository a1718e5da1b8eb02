/**
 * Review insights as stored: one row per product in the `insights` table, computed in the
 * background worker the first time a card asks for them and kept until the product or its reviews
 * change. Sync marks a product's row stale in the same transaction that writes the product or its
 * reviews (and deletes it with them); the next card open compares the phase-1 `inputKey` and
 * computes again only when what the insights read really changed (a feed sending the same
 * reviews again costs one hash, not an analysis). A fresh row is read and nothing is computed.
 *
 * Why on first open and not right after each sync: a catalog holds up to tens of thousands of
 * products with reviews and a shopper opens a handful of cards; a card's product holds at most 50
 * reviews (the Postcart feed) or 20 (the reviews feed), which take a few milliseconds.
 */
import type { PostcartDB } from '../db';
import type { StoredProduct, StoredReviewSummary } from '../model';
import type { SourceState } from '../../sync/source';
import { computeReviewInsights, insightsCodeKey, insightsKey, type InsightInput } from './index';
import type { ReviewInsights } from './schema';

export interface StoredInsights {
  productId: string;
  /** 1 once the product or its reviews were written after the row was computed. */
  stale: 0 | 1;
  /** insightsCodeKey() of the code that computed the row. */
  codeKey: string;
  computedAt: number;
  insights: ReviewInsights;
}

/** What the insights read of a product and its review summary. */
export function insightInput(product: Pick<StoredProduct, 'title'>, review: StoredReviewSummary, sourceKind: SourceState['kind'] | null): InsightInput {
  return {
    productTitle: product.title,
    reviews: review.items,
    totalCount: review.count,
    histogram: review.histogram,
    // The reviews feed keeps each product's most recent reviews; other sources do not say which.
    selection: review.items.length >= review.count ? 'all' : sourceKind === 'reviews-feed' ? 'most-recent' : 'unspecified',
  };
}

function fresh(row: StoredInsights | undefined): ReviewInsights | null {
  return row !== undefined && row.stale === 0 && row.codeKey === insightsCodeKey() ? row.insights : null;
}

/**
 * The insights of a product for its card: the stored row when fresh, else computed (or re-keyed
 * when unchanged) and stored. Null when the product has no reviews to read.
 */
export async function productInsights(db: PostcartDB, productId: string, now: number = Date.now()): Promise<ReviewInsights | null> {
  const stored = fresh(await db.insights.get(productId));
  if (stored) return stored;
  // Read, compute and write in one transaction: a sync cannot write new reviews in between and
  // leave a row computed from the old ones marked fresh.
  return db.transaction('rw', [db.products, db.reviews, db.sources, db.insights], async () => {
    const [product, review, current] = await Promise.all([db.products.get(productId), db.reviews.get(productId), db.insights.get(productId)]);
    if (!product || !review || review.items.length === 0) {
      if (current) await db.insights.delete(productId);
      return null;
    }
    const storedMeanwhile = fresh(current);
    if (storedMeanwhile) return storedMeanwhile;
    const source = await db.sources.get(review.sourceId);
    const input = insightInput(product, review, source?.kind ?? null);
    const key = insightsKey(input);
    const codeKey = insightsCodeKey();
    if (current && current.codeKey === codeKey && current.insights.inputKey === key) {
      await db.insights.update(productId, { stale: 0 });
      return current.insights;
    }
    const insights = computeReviewInsights(input, key);
    await db.insights.put({ productId, stale: 0, codeKey, computedAt: now, insights });
    return insights;
  });
}

/** Inside a sync transaction that writes these products or their reviews: their rows need a look. */
export async function markInsightsStale(db: PostcartDB, productIds: readonly string[]): Promise<void> {
  if (productIds.length === 0) return;
  await db.insights.where('productId').anyOf(productIds).modify({ stale: 1 });
}

/** Inside the transaction that deletes these products or their reviews. */
export async function dropInsights(db: PostcartDB, productIds: readonly string[]): Promise<void> {
  if (productIds.length > 0) await db.insights.bulkDelete([...productIds]);
}
