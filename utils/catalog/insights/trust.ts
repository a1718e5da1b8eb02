/**
 * The trust panel: each signal is a finding in words with its numbers. `flag` only marks the
 * findings the card should show first (a near-copy, a burst, polarized ratings...); there is no
 * score to add them up into.
 */
import { reviewBursts } from './bursts';
import { nearDuplicateWords, nearDuplicates } from './duplicates';
import type { Finding, MessageArg, TrustSignals } from './schema';

/** What the trust signals read of a review. */
export interface TrustReview {
  id: string;
  text: string;
  date: string;
  verified: boolean;
  incentivized?: boolean | null;
  collectionMethod?: string | null;
}

export type Selection = TrustSignals['sample']['selection'];

/** Fewer ratings than this do not have a shape. */
export const MIN_RATINGS_FOR_SHAPE = 10;

const n = (value: number): MessageArg => ({ type: 'count', value });
const pct = (value: number): MessageArg => ({ type: 'percent', value: Math.min(1, Math.max(0, value)) });

function finding(key: Finding['key'], args: MessageArg[], plural: number | null = null): Finding {
  return { key, args, plural };
}

export function sampleSignal(read: number, total: number, selection: Selection): TrustSignals['sample'] {
  const base = { read, total, selection, flag: read < Math.min(total, 10) };
  if (read >= total) return { ...base, finding: finding('insightSampleAll', [n(read)], read) };
  if (selection === 'most-recent') return { ...base, finding: finding('insightSampleRecent', [n(read), n(total)], total) };
  return { ...base, finding: finding('insightSamplePart', [n(read), n(total)], total) };
}

export function verifiedSignal(reviews: readonly TrustReview[]): TrustSignals['verified'] {
  const verified = reviews.filter((r) => r.verified).length;
  const of = reviews.length;
  return {
    verified,
    of,
    flag: of >= 5 && verified / of < 0.25,
    finding: verified === 0 ? finding('insightVerifiedNone', [n(of)], of) : finding('insightVerified', [n(verified), n(of)], of),
  };
}

export function incentivizedSignal(reviews: readonly TrustReview[]): TrustSignals['incentivized'] {
  let declared = 0;
  let incentivized = 0;
  const collection = { unsolicited: 0, postFulfillment: 0, unknown: 0 };
  for (const review of reviews) {
    if (typeof review.incentivized === 'boolean') {
      declared++;
      if (review.incentivized) incentivized++;
    }
    if (review.collectionMethod === 'unsolicited') collection.unsolicited++;
    else if (review.collectionMethod === 'post_fulfillment') collection.postFulfillment++;
    else collection.unknown++;
  }
  const main =
    declared === 0
      ? finding('insightIncentivizedUnknown', [])
      : incentivized === 0
        ? finding('insightIncentivizedNone', [n(declared)], declared)
        : finding('insightIncentivized', [n(incentivized), n(declared)], declared);
  return {
    declared,
    incentivized,
    collection,
    flag: declared > 0 && incentivized / declared >= 0.25,
    finding: main,
    collectionFinding:
      collection.unsolicited + collection.postFulfillment > 0
        ? finding('insightCollected', [n(collection.postFulfillment), n(collection.unsolicited)], collection.postFulfillment)
        : null,
  };
}

/** `textWords`, when given, are the folded words of each review's text (the analysis has them already). */
export function duplicateSignal(reviews: readonly TrustReview[], textWords?: readonly (readonly string[])[]): TrustSignals['duplicates'] {
  const { compared, groups } = textWords ? nearDuplicateWords(reviews.map((r, i) => ({ id: r.id, words: textWords[i] ?? [] }))) : nearDuplicates(reviews);
  if (compared < 2) return { compared, groups, flag: false, finding: finding('insightDuplicatesTooShort', [n(reviews.length)], reviews.length) };
  if (groups.length === 0) return { compared, groups, flag: false, finding: finding('insightDuplicatesNone', [n(compared)], compared) };
  const copies = groups.reduce((sum, g) => sum + g.reviewIds.length, 0);
  return { compared, groups, flag: true, finding: finding('insightDuplicates', [n(copies), n(groups.length)], copies) };
}

export function burstSignal(reviews: readonly TrustReview[]): TrustSignals['bursts'] {
  const { medianWeekly, historyDays, windows } = reviewBursts(reviews);
  if (medianWeekly === null) {
    // Whole days, at least one: "the reviews span 1 day" for a first afternoon of reviews.
    const days = Math.max(1, Math.ceil(historyDays));
    return { medianWeekly, historyDays, windows, flag: false, finding: finding('insightBurstShortHistory', [n(days)], days) };
  }
  const typical: MessageArg = { type: 'number', value: medianWeekly };
  if (windows.length === 0) return { medianWeekly, historyDays, windows, flag: false, finding: finding('insightBurstNone', [typical]) };
  const biggest = windows.reduce((a, b) => (b.count > a.count ? b : a));
  return {
    medianWeekly,
    historyDays,
    windows,
    flag: true,
    finding: finding('insightBurst', [n(biggest.count), { type: 'date', value: biggest.start }, { type: 'date', value: biggest.end }, typical], biggest.count),
  };
}

/**
 * The shape of the star histogram (1 to 5 stars): few (under 10 ratings); polarized (at least a
 * fifth at each of 1 and 5 stars, together 60 % or more); J-shaped (5 stars most common, with more
 * 1-star than 2-star ratings: the usual shape of online reviews); positive (4 and 5 stars 60 % or
 * more); negative (1 and 2 stars 60 % or more); else centered.
 */
export function distributionSignal(histogram: readonly number[]): TrustSignals['distribution'] {
  const h = [0, 1, 2, 3, 4].map((i) => Math.max(0, Math.round(histogram[i] ?? 0)));
  const total = h.reduce((a, b) => a + b, 0);
  const base = { histogram: h };
  if (total < MIN_RATINGS_FOR_SHAPE) return { ...base, shape: 'few', flag: true, finding: finding('insightShapeFew', [n(total)], total) };
  const [p1, p2, p3, p4, p5] = h.map((v) => v / total) as [number, number, number, number, number];
  const mode = h.indexOf(Math.max(...h)) + 1;
  if (p1 >= 0.2 && p5 >= 0.2 && p1 + p5 >= 0.6) return { ...base, shape: 'polarized', flag: true, finding: finding('insightShapePolarized', [pct(p5), pct(p1)]) };
  if (mode === 5 && p1 > p2) return { ...base, shape: 'j-shaped', flag: false, finding: finding('insightShapeJ', [pct(p5), pct(p1)]) };
  if (p4 + p5 >= 0.6) return { ...base, shape: 'positive', flag: false, finding: finding('insightShapePositive', [pct(p4 + p5)]) };
  if (p1 + p2 >= 0.6) return { ...base, shape: 'negative', flag: false, finding: finding('insightShapeNegative', [pct(p1 + p2)]) };
  return { ...base, shape: 'centered', flag: false, finding: finding('insightShapeCentered', [pct(p2 + p3 + p4)]) };
}

export function trustSignals(reviews: readonly TrustReview[], total: number, histogram: readonly number[], selection: Selection, textWords?: readonly (readonly string[])[]): TrustSignals {
  return {
    sample: sampleSignal(reviews.length, total, selection),
    verified: verifiedSignal(reviews),
    incentivized: incentivizedSignal(reviews),
    duplicates: duplicateSignal(reviews, textWords),
    bursts: burstSignal(reviews),
    distribution: distributionSignal(histogram),
  };
}
