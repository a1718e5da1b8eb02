/**
 * Honest price claims from a variant's observed history (EU price-indication rule, Omnibus
 * Art. 6a, CJEU C-330/23): a reduction is stated only against the lowest price of the 30 days
 * before the reduction, and only when Postcart saw those 30 days itself. Pure; the card formats.
 *
 * Decisions (each is tested in tests/unit/catalog/pricing.test.ts):
 * - The reduction starts when the current price began (`priceSince`: the first point of the last
 *   run of points at the current price; a stock change at the same price does not restart it).
 *   The "was" price is the lowest price in effect at any moment of [priceSince − 30 days,
 *   priceSince), read over whole days where the history is folded, so it can only be too low.
 * - Shown only when Postcart observed that whole window (first point at or before its start),
 *   the low is above the current price, and the floored percentage is at least 1.
 * - A reduction is shown for at most 30 days after it began: a price unchanged for longer is the
 *   price the shopper has seen for a month (it is then its own 30-day low), and a "sale" stated
 *   for months is the permanent-sale pattern price-indication guidance warns against.
 * - Out-of-stock prices count in every low: they were the trader's stated price. Leaving them out
 *   could only raise the reference and overstate a reduction.
 * - Without enough history to judge, the merchant's compare-at price is shown as the merchant's
 *   reference price, with no percentage. With enough history and no honest reduction, the
 *   compare-at price is not shown at all: Postcart then knows it is not a reduction.
 * - Typical price is time-weighted (each price counts for as long as it was in effect): a day of
 *   twenty one-cent wobbles must not outweigh the eighty-nine days the price sat still.
 * - A price of 0 makes no claim: it is far more often a feed error than a gift.
 */
import type { ObservedPrice, StoredVariant } from './model';
import { DAY_MS, decodeHistory, floorToMinute, foldSafeWindow, pointAt, type PriceHistory, type PricePoint, type VariantHistory } from './history';

export const PRICING_RULES = {
  /** The reference window before a reduction (Art. 6a: at least 30 days). */
  reductionWindowDays: 30,
  /** How long after it began a reduction is still shown. */
  maxReductionAgeDays: 30,
  /** "Lowest in the last N days". */
  lowestWindowDays: 30,
  /** Span of the typical price. */
  typicalWindowDays: 90,
  /** Days observed before a typical price is shown. */
  typicalMinDays: 10,
} as const;

export type CurrentVariant = Pick<StoredVariant, 'priceMinor' | 'compareAtMinor' | 'currency' | 'available'>;

export type PriceClaim =
  /** "−N %" with the struck-through "was" price (the 30-day low before `since`). */
  | { kind: 'reduction'; percent: number; wasMinor: number; since: number }
  /** The merchant's compare-at price, labelled as the merchant's reference price, without a percentage. */
  | { kind: 'reference'; compareAtMinor: number }
  | { kind: 'none' };

export interface PriceFacts {
  currency: string;
  priceMinor: number;
  /** "Data since": the first point Postcart holds for this variant in this currency. */
  dataSince: number;
  /** When the current price began, as far as Postcart saw. */
  priceSince: number;
  claim: PriceClaim;
  /**
   * Lowest price of the last 30 days, the current one included, and when it was last in effect.
   * `complete` is false when Postcart has seen less than those 30 days: the card then says
   * "lowest since <dataSince>" instead.
   */
  lowest30: { priceMinor: number; at: number; complete: boolean };
  /** Middle half (25th to 75th percentile, time-weighted) of the last 90 days; null before 10 days seen. */
  typical: { lowMinor: number; highMinor: number } | null;
}

/**
 * The history as it stands with the current price applied: a row that sync has not updated yet
 * (or none, or one in another currency) still describes the variant the card shows.
 */
export function historyAsOf(
  history: PriceHistory | undefined,
  variant: Pick<CurrentVariant, 'priceMinor' | 'currency' | 'available'>,
  now: number,
): PriceHistory {
  const current: PricePoint = { at: floorToMinute(now), priceMinor: variant.priceMinor, inStock: variant.available };
  if (!history || history.currency !== variant.currency || history.points.length === 0) {
    return { variantId: history?.variantId ?? '', currency: variant.currency, since: current.at, foldedBefore: 0, points: [current] };
  }
  const last = history.points[history.points.length - 1]!;
  if (last.priceMinor === current.priceMinor && last.inStock === current.inStock) return history;
  return { ...history, points: [...history.points, { ...current, at: Math.max(current.at, last.at) }] };
}

/** When the last price began: the first of the trailing points at that price (stock changes aside). */
export function priceSince(history: PriceHistory): number {
  const { points } = history;
  let i = points.length - 1;
  const price = points[i]!.priceMinor;
  while (i > 0 && points[i - 1]!.priceMinor === price) i -= 1;
  return points[i]!.at;
}

/**
 * The lowest price in effect at any moment of [from, to), and the latest time it was set (which
 * is before `from` when it was carried in). Every point counts, even one replaced within the same
 * minute; on folded days the window is read over whole days, so the low is never overstated.
 * Undefined when the history has nothing in that span.
 */
export function lowestBetween(history: PriceHistory, from: number, to: number): { priceMinor: number; at: number } | undefined {
  const [start, end] = foldSafeWindow(history, from, to);
  let best: { priceMinor: number; at: number } | undefined;
  const carried = pointAt(history, start);
  if (carried && start < end) best = { priceMinor: carried.priceMinor, at: carried.at };
  for (const point of history.points) {
    if (point.at < start || point.at >= end) continue;
    if (!best || point.priceMinor <= best.priceMinor) best = { priceMinor: point.priceMinor, at: point.at };
  }
  return best;
}

/** floor(part × 100 / whole) in exact integer arithmetic: a percentage never rounds up. */
export function floorPercent(part: number, whole: number): number {
  if (whole <= 0) throw new RangeError('percent of a non-positive amount');
  return Number((BigInt(part) * 100n) / BigInt(whole));
}

/** Time-weighted percentiles (0..1) of the prices in effect over [from, to). */
export function weightedPercentiles(history: PriceHistory, from: number, to: number, quantiles: readonly number[]): number[] | null {
  const spans: { priceMinor: number; duration: number }[] = [];
  let current = pointAt(history, from);
  let since = from;
  for (const point of history.points) {
    if (point.at <= from) continue;
    if (point.at >= to) break;
    if (current) spans.push({ priceMinor: current.priceMinor, duration: point.at - since });
    current = point;
    since = point.at;
  }
  if (current) spans.push({ priceMinor: current.priceMinor, duration: to - since });
  const total = spans.reduce((sum, span) => sum + span.duration, 0);
  if (total <= 0) return null;
  spans.sort((a, b) => a.priceMinor - b.priceMinor);
  return quantiles.map((q) => {
    let cumulative = 0;
    for (const span of spans) {
      cumulative += span.duration;
      if (cumulative >= q * total && span.duration > 0) return span.priceMinor;
    }
    return spans[spans.length - 1]!.priceMinor;
  });
}

/**
 * What decides the claims about a history's last price (see the rules at the top), small enough
 * to keep on the product row: sync stores it per variant so a buy button needs no history read.
 */
export function observedPrice(history: PriceHistory): ObservedPrice {
  const last = history.points[history.points.length - 1]!;
  const start = priceSince(history);
  const windowFrom = start - PRICING_RULES.reductionWindowDays * DAY_MS;
  // Only when Postcart saw the whole window; then a low exists (the price in effect at its start).
  const lowBefore = history.since <= windowFrom ? (lowestBetween(history, windowFrom, start)?.priceMinor ?? null) : null;
  return { priceMinor: last.priceMinor, currency: history.currency, since: history.since, priceSince: start, lowBefore };
}

/**
 * The claim about a variant's price at `now` from what was observed of it. A summary of another
 * price or currency, or none, means Postcart has just seen this price: the merchant's
 * compare-at price is then only the merchant's reference.
 */
export function claimFromObserved(
  observed: ObservedPrice | undefined,
  variant: Pick<CurrentVariant, 'priceMinor' | 'compareAtMinor' | 'currency'>,
  now: number,
): PriceClaim {
  const price = variant.priceMinor;
  if (price === 0) return { kind: 'none' };
  const seen = observed && observed.priceMinor === price && observed.currency === variant.currency ? observed : null;
  // A price unchanged for over 30 days is established, whatever it is compared with.
  if (seen && seen.priceSince < now - PRICING_RULES.maxReductionAgeDays * DAY_MS) return { kind: 'none' };
  if (seen && seen.lowBefore !== null) {
    // Postcart saw the whole window: it decides, and a merchant's compare-at price says nothing more.
    const low = seen.lowBefore;
    if (low <= price) return { kind: 'none' };
    const percent = floorPercent(low - price, low);
    return percent >= 1 ? { kind: 'reduction', percent, wasMinor: low, since: seen.priceSince } : { kind: 'none' };
  }
  const compareAt = variant.compareAtMinor;
  return compareAt !== null && compareAt > price ? { kind: 'reference', compareAtMinor: compareAt } : { kind: 'none' };
}

/** The claim the card may make about the price; `history` ends at the variant's current price (`historyAsOf`). */
export function priceClaim(history: PriceHistory, variant: Pick<CurrentVariant, 'priceMinor' | 'compareAtMinor' | 'currency'>, now: number): PriceClaim {
  return claimFromObserved(observedPrice(history), variant, now);
}

/**
 * Everything the card shows about a variant's price beyond the price itself. `history` is the
 * variant's stored history (`variantHistory(row, variant.id)`, undefined when there is none yet);
 * the variant is what the catalog says now.
 */
export function priceFacts(history: VariantHistory | undefined, variant: CurrentVariant, now: number): PriceFacts {
  const seen = historyAsOf(history && decodeHistory(history), variant, now);
  const lowestFrom = now - PRICING_RULES.lowestWindowDays * DAY_MS;
  const low = lowestBetween(seen, Math.max(lowestFrom, seen.since), now + 1) ?? { priceMinor: variant.priceMinor, at: now };
  let typical: PriceFacts['typical'] = null;
  if (now - seen.since >= PRICING_RULES.typicalMinDays * DAY_MS) {
    const range = weightedPercentiles(seen, Math.max(seen.since, now - PRICING_RULES.typicalWindowDays * DAY_MS), now, [0.25, 0.75]);
    if (range) typical = { lowMinor: range[0]!, highMinor: range[1]! };
  }
  return {
    currency: variant.currency,
    priceMinor: variant.priceMinor,
    dataSince: seen.since,
    priceSince: priceSince(seen),
    claim: priceClaim(seen, variant, now),
    lowest30: { ...low, complete: seen.since <= lowestFrom },
    typical,
  };
}
