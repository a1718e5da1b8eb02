/**
 * Review insights of one product, computed on this device from the reviews the cache holds: aspect
 * chips (what reviewers say), trust signals (how far to trust it) and the line saying how it was
 * made. Pure and synchronous: the background computes it once per change of a product's reviews
 * (compare `insightsKey` with the stored row's `inputKey`) and stores the result; the card only
 * reads it.
 */
import { aspectChips, reviewAspects, type AspectReview, type ReviewAspects } from './aspects';
import { detectLanguage, type DetectedLanguage } from './language';
import { INSIGHT_LANGUAGES, LEXICONS, type InsightLanguage } from './lexicons';
import { aspectsFor, productTypes } from './product-type';
import { INSIGHTS_VERSION, type Finding, type ReviewInsights } from './schema';
import { fnv1a } from './text';
import { trustSignals, type Selection, type TrustReview } from './trust';

export { ReviewInsights } from './schema';

/** A review as the insights read it: StoredReview fits, with the optional feed fields when known. */
export interface InsightReview extends AspectReview, TrustReview {
  rating: number;
  /** The source's language tag (the reviews feed's review_language), when it gives one. */
  language?: string | null;
}

export interface InsightInput {
  productTitle: string;
  /** The source's category path ("Apparel > Outerwear"), when it gives one. */
  productCategory?: string | null;
  reviews: readonly InsightReview[];
  /** The product's review count and 1..5-star histogram from the summary (all reviews, not only those held). */
  totalCount: number;
  histogram: readonly number[];
  /** How the held reviews were chosen: the reviews feed keeps the most recent. */
  selection?: Selection;
}

let lexiconKey: string | null = null;

/**
 * A key that changes when anything the insights read changes, including the lexicons (an update
 * that improves a word list recomputes every product).
 */
export function insightsKey(input: InsightInput): string {
  lexiconKey ??= fnv1a(JSON.stringify(LEXICONS));
  const parts = [String(INSIGHTS_VERSION), lexiconKey, input.productTitle, input.productCategory ?? '', String(input.totalCount), input.histogram.join(','), input.selection ?? ''];
  for (const r of input.reviews) {
    parts.push(r.id, String(r.rating), r.date, r.title, r.text, String(r.verified), String(r.incentivized ?? ''), r.collectionMethod ?? '', r.language ?? '', (r.pros ?? []).join('\u0001'), (r.cons ?? []).join('\u0001'));
  }
  const joined = parts.join('\u0000');
  // Two independent 32-bit hashes: a collision would have to hit both.
  return `${fnv1a(joined)}${fnv1a(joined, 0x01000193)}`;
}

function count(value: number): Finding['args'][number] {
  return { type: 'count', value };
}

/** Computes the insights of one product. Never throws on odd review data: bad dates are skipped, empty texts count as empty. */
export function computeReviewInsights(input: InsightInput): ReviewInsights {
  const types = productTypes(input.productTitle, input.productCategory);
  const aspects = aspectsFor(types);
  const allowed = new Set(aspects);
  const languages = Object.fromEntries([...INSIGHT_LANGUAGES, 'other'].map((l) => [l, 0])) as Record<DetectedLanguage, number>;
  const analysed: { review: AspectReview; aspects: ReviewAspects }[] = [];
  for (const review of input.reviews) {
    const text = [review.title, review.text, ...(review.pros ?? []), ...(review.cons ?? [])].join('\n');
    const language = detectLanguage(text, review.language);
    languages[language]++;
    if (language === 'other') continue;
    analysed.push({ review, aspects: reviewAspects(review, language as InsightLanguage, allowed) });
  }
  const read = input.reviews.length;
  const total = Math.max(input.totalCount, read);
  return {
    version: INSIGHTS_VERSION,
    inputKey: insightsKey(input),
    method: {
      read,
      analysed: analysed.length,
      total,
      languages,
      finding: { key: 'insightMethod', args: [count(read), count(total)], plural: total },
      otherLanguages: languages.other > 0 ? { key: 'insightMethodOtherLanguages', args: [count(languages.other)], plural: languages.other } : null,
    },
    productTypes: types,
    aspects,
    chips: aspectChips(analysed, aspects),
    trust: trustSignals(input.reviews, total, input.histogram, input.selection ?? 'unspecified'),
  };
}
