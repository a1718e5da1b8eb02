/**
 * A seller's check of a catalog file before adding it as a source (`npm run feed:check`): the file
 * or address is read by the very pullers sync uses, and what the cache would store comes back,
 * with every skipped record and why. Nothing is written anywhere.
 */
import type { StoredProduct, StoredReviewSummary, StoredTag } from '../catalog/model';
import type { Reason } from '../platform/errors';
import type { Fetcher } from '../platform/http';
import { toDecimal } from '../platform/money';
import type { Puller } from './puller';
import type { SkippedRecord } from './records';
import { newSourceState, type SourceKind } from './source';
import { pullMerchantFeed } from './sources/merchant-feed';
import { pullPostcart } from './sources/postcart';
import { pullReviewsFeed, type ReviewResolver } from './sources/reviews-feed';
import { pullShopify } from './sources/shopify';

export interface FeedCheckInput {
  kind: SourceKind;
  /** The file's address (a file is served to the pullers under this address). */
  url: string;
  fetch: Fetcher;
  /** Shopify's products.json has no currency: the store's. */
  currency?: string;
  /** Shopify and Merchant Center feeds sell for a merchant the source names. */
  merchant?: { id: string; name: string };
  /** Pages a check reads at most (a store of 25,000 products is 100 Shopify pages). */
  maxPages?: number;
}

/** A variant as the cache stores it, with its prices as decimal strings for people and scripts. */
export interface CheckedVariant {
  id: string;
  title: string;
  price: string;
  compareAtPrice: string | null;
  currency: string;
  available: boolean;
  sku: string | null;
  gtin: string | null;
  mpn: string | null;
  image: string | null;
}

export type CheckedProduct = Omit<StoredProduct, 'variants'> & { variants: CheckedVariant[] };

export interface FeedCheckResult {
  products: CheckedProduct[];
  reviews: StoredReviewSummary[];
  tags: StoredTag[];
  skipped: { kind: SkippedRecord['kind']; index: number; id: string | null; path: string; reason: Reason }[];
  notes: Reason[];
  pages: number;
  bytes: number;
}

function checkedProduct(product: StoredProduct): CheckedProduct {
  return {
    ...product,
    variants: product.variants.map((variant) => ({
      id: variant.id,
      title: variant.title,
      price: toDecimal(variant.priceMinor, variant.currency),
      compareAtPrice: variant.compareAtMinor === null ? null : toDecimal(variant.compareAtMinor, variant.currency),
      currency: variant.currency,
      available: variant.available,
      sku: variant.sku,
      gtin: variant.gtin ?? null,
      mpn: variant.mpn ?? null,
      image: variant.image ?? null,
    })),
  };
}

/**
 * A reviews feed joins reviews to cached products; a check has no cache, so each review is filed
 * under the first identifier it gives (gtin:…, sku:…, url:…), the key sync looks the product up by.
 */
const byIdentifier: ReviewResolver = (ids) => (ids.gtins[0] ? `gtin:${ids.gtins[0]}` : ids.skus[0] ? `sku:${ids.skus[0]}` : ids.urls[0] ? `url:${ids.urls[0]}` : null);

const PULLERS: Record<SourceKind, Puller> = { postcart: pullPostcart, shopify: pullShopify, 'merchant-feed': pullMerchantFeed, 'reviews-feed': pullReviewsFeed };

/** Reads the source the way sync does, page after page, and returns what it would store. */
export async function checkFeed(input: FeedCheckInput): Promise<FeedCheckResult> {
  const source = newSourceState({
    id: 'check',
    kind: input.kind,
    url: input.url,
    currency: input.currency?.toUpperCase() ?? null,
    merchant: input.merchant ?? null,
  });
  const result: FeedCheckResult = { products: [], reviews: [], tags: [], skipped: [], notes: [], pages: 0, bytes: 0 };
  const pages = PULLERS[input.kind](source, { fetch: input.fetch, now: Date.now, random: Math.random, pageSize: 500, maxPages: input.maxPages ?? 200, resolveReview: byIdentifier });
  for await (const page of pages) {
    result.pages += 1;
    result.bytes += page.bytes;
    result.products.push(...page.feed.products.map(checkedProduct));
    result.reviews.push(...page.feed.reviews);
    result.tags.push(...page.feed.tags);
    result.skipped.push(...page.feed.skipped);
    if ('notes' in page.feed) result.notes.push(...(page.feed.notes as Reason[]));
    if (result.pages >= (input.maxPages ?? 200)) break;
  }
  return result;
}
