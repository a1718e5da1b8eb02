/**
 * The computed review insights of one product, as stored (a Dexie row keyed by product) and as
 * sent to the card in a message. Everything a shopper reads is a message key with arguments the
 * card formats (numbers, percentages and dates through Intl); nothing here is English prose, and
 * no field is a hidden score: flags only say which findings the card should show first.
 */
import { z } from 'zod';
import { ASPECTS, INSIGHT_LANGUAGES, PRODUCT_TYPES } from './lexicons';

export const InsightLanguage = z.enum(INSIGHT_LANGUAGES);
export const ReviewLanguage = z.enum([...INSIGHT_LANGUAGES, 'other']);
export const Aspect = z.enum(ASPECTS);
export const ProductType = z.enum(PRODUCT_TYPES);
export const Polarity = z.enum(['positive', 'negative', 'neutral']);
export type Polarity = z.infer<typeof Polarity>;

const count = z.number().int().min(0);
const share = z.number().min(0).max(1);
const reviewId = z.string().min(1).max(200);

/** One argument of a message: the card formats it for the shopper's locale before substituting it. */
export const MessageArg = z.discriminatedUnion('type', [
  z.object({ type: z.literal('count'), value: count }),
  /** A decimal such as a median (1.5 reviews a week). */
  z.object({ type: z.literal('number'), value: z.number().min(0) }),
  /** 0..1, shown as a percentage. */
  z.object({ type: z.literal('percent'), value: share }),
  /** An ISO 8601 date-time. */
  z.object({ type: z.literal('date'), value: z.string().max(40) }),
]);
export type MessageArg = z.infer<typeof MessageArg>;

/** The sentences the logic can produce; their English texts are listed in the wiring notes. */
export const FINDING_KEYS = [
  'insightMethod',
  'insightMethodOtherLanguages',
  'insightSampleAll',
  'insightSampleRecent',
  'insightSamplePart',
  'insightVerified',
  'insightVerifiedNone',
  'insightIncentivized',
  'insightIncentivizedNone',
  'insightIncentivizedUnknown',
  'insightCollected',
  'insightDuplicates',
  'insightDuplicatesNone',
  'insightDuplicatesTooShort',
  'insightBurst',
  'insightBurstNone',
  'insightBurstShortHistory',
  'insightShapeFew',
  'insightShapeJ',
  'insightShapePolarized',
  'insightShapePositive',
  'insightShapeNegative',
  'insightShapeCentered',
] as const;
export const FindingKey = z.enum(FINDING_KEYS);
export type FindingKey = z.infer<typeof FindingKey>;

/**
 * A sentence for the shopper: a message key, the arguments in the message's $1..$n order, and the
 * number that picks its plural form (Intl.PluralRules), when it has one.
 */
export const Finding = z.object({
  key: FindingKey,
  args: z.array(MessageArg).max(6),
  plural: count.nullable(),
});
export type Finding = z.infer<typeof Finding>;

export const Quote = z.object({
  reviewId,
  /** The sentence as the reviewer wrote it (cut at a word with "…" past QUOTE_MAX characters). */
  text: z.string().max(400),
  truncated: z.boolean(),
  polarity: Polarity,
  source: z.enum(['title', 'text', 'pros', 'cons']),
});
export type Quote = z.infer<typeof Quote>;

/** "Fit · 7 of 20 reviews, 5 positive": mentions count reviews, each once per aspect. */
export const AspectChip = z.object({
  aspect: Aspect,
  mentions: count,
  positive: count,
  negative: count,
  quotes: z.array(Quote).max(2),
});
export type AspectChip = z.infer<typeof AspectChip>;

const signal = { flag: z.boolean(), finding: Finding };

export const TrustSignals = z.object({
  sample: z.object({ ...signal, read: count, total: count, selection: z.enum(['most-recent', 'all', 'unspecified']) }),
  verified: z.object({ ...signal, verified: count, of: count }),
  incentivized: z.object({
    ...signal,
    /** Reviews whose source says whether they were incentivized. */
    declared: count,
    incentivized: count,
    collection: z.object({ unsolicited: count, postFulfillment: count, unknown: count }),
    collectionFinding: Finding.nullable(),
  }),
  duplicates: z.object({
    ...signal,
    /** Reviews long enough to compare. */
    compared: count,
    groups: z.array(z.object({ reviewIds: z.array(reviewId).min(2), similarity: share })),
  }),
  bursts: z.object({
    ...signal,
    /** Median reviews per week over the reviews' history; null when the history is too short to judge. */
    medianWeekly: z.number().min(0).nullable(),
    historyDays: z.number().min(0),
    windows: z.array(z.object({ start: z.string(), end: z.string(), count, reviewIds: z.array(reviewId) })),
  }),
  distribution: z.object({
    ...signal,
    shape: z.enum(['few', 'j-shaped', 'polarized', 'positive', 'negative', 'centered']),
    histogram: z.array(count).length(5),
  }),
});
export type TrustSignals = z.infer<typeof TrustSignals>;

export const INSIGHTS_VERSION = 1;

export const ReviewInsights = z.object({
  version: z.literal(INSIGHTS_VERSION),
  /** Changes whenever the reviews or the summary counts change: recompute when it differs. */
  inputKey: z.string().max(40),
  method: z.object({
    /** Reviews read (the cache's), analysed (in one of the six languages), the product's total. */
    read: count,
    analysed: count,
    total: count,
    languages: z.record(ReviewLanguage, count),
    finding: Finding,
    otherLanguages: Finding.nullable(),
  }),
  productTypes: z.array(ProductType),
  aspects: z.array(Aspect),
  chips: z.array(AspectChip),
  trust: TrustSignals,
});
export type ReviewInsights = z.infer<typeof ReviewInsights>;
