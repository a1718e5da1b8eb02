/**
 * Review insights of one product, computed on this device from the reviews the cache holds: aspect
 * chips (what reviewers say), trust signals (how far to trust it) and the line saying how it was
 * made. Pure and synchronous: the background computes it once per change of a product's reviews
 * (compare `insightsKey` with the stored row's `inputKey`) and stores the result; the card only
 * reads it.
 */
import { aspectChips, reviewAspects, type AspectReview, type ReviewAspects } from './aspects';
import { detectLanguageOfWords, type DetectedLanguage } from './language';
import { INSIGHT_LANGUAGES, LEXICONS, type InsightLanguage } from './lexicons';
import { aspectsFor, productTypes } from './product-type';
import { INSIGHTS_VERSION, type Finding, type ReviewInsights } from './schema';
import { prepareReview } from './prepare';
import { Fnv64, fnv1a } from './text';
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
  const hash = new Fnv64();
  for (const part of [String(INSIGHTS_VERSION), lexiconKey, input.productTitle, input.productCategory ?? '', String(input.totalCount), input.histogram.join(','), input.selection ?? '']) hash.add(part);
  for (const r of input.reviews) {
    hash.add(r.id).add(String(r.rating)).add(r.date).add(r.title).add(r.text).add(String(r.verified)).add(String(r.incentivized ?? '')).add(r.collectionMethod ?? '').add(r.language ?? '');
    hash.add((r.pros ?? []).join('\u0001')).add((r.cons ?? []).join('\u0001'));
  }
  return hash.hex();
}

function count(value: number): Finding['args'][number] {
  return { type: 'count', value };
}

/**
 * Computes the insights of one product. Never throws on odd review data: bad dates are skipped,
 * empty texts count as empty. Pass the key when it was just computed to decide whether to run.
 */
export function computeReviewInsights(input: InsightInput, key: string = insightsKey(input)): ReviewInsights {
  const types = productTypes(input.productTitle, input.productCategory);
  const aspects = aspectsFor(types);
  const allowed = new Set(aspects);
  const languages = Object.fromEntries([...INSIGHT_LANGUAGES, 'other'].map((l) => [l, 0])) as Record<DetectedLanguage, number>;
  const analysed: { review: AspectReview; aspects: ReviewAspects }[] = [];
  const textWords: string[][] = [];
  for (const review of input.reviews) {
    // Each review is split into sentences and words once, for its language, its aspects and near-copies.
    const prepared = prepareReview(review);
    textWords.push(prepared.textWords);
    const language = detectLanguageOfWords(prepared.opening, prepared.openingWords, review.language);
    languages[language]++;
    if (language === 'other') continue;
    analysed.push({ review, aspects: reviewAspects(review, language as InsightLanguage, allowed, prepared) });
  }
  const read = input.reviews.length;
  const total = Math.max(input.totalCount, read);
  return {
    version: INSIGHTS_VERSION,
    inputKey: key,
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
    trust: trustSignals(input.reviews, total, input.histogram, input.selection ?? 'unspecified', textWords),
  };
}
