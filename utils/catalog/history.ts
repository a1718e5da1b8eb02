/**
 * Price history per variant: every change of price or availability that sync (or a resolved linked
 * product) brings, from the first time Postcart sees the variant. Pure: no storage, no clock; the
 * caller passes rows in, writes the rows that come back, and passes the time.
 *
 * What is kept, and why it stays correct:
 * - A point is appended only when the price or availability differs from the last point, so a sync
 *   that brings nothing new writes nothing (and the same sync applied twice changes nothing).
 * - Points of the last RAW_DAYS (90) days are kept as they were observed: the card's chart and the
 *   30-day reduction rule read only that span.
 * - Older points are folded per UTC day to at most three real points: the day's first lowest, its
 *   first highest and its last (the close), in time order. Dropped points are never invented
 *   values, so on every folded day the step function still reaches the true low and true high,
 *   and it is exact at every day's end (the close carries into the next day). The minimum or
 *   maximum over whole days is therefore exact; inside one folded day the order of changes is
 *   simplified. A minimum over a window that starts or ends inside a folded day is read over the
 *   whole day (`foldSafeWindow`), so the 30-day low can only come out lower, never higher: a
 *   fold can hide a reduction but never overstate one.
 * - Points older than MAX_AGE_DAYS (400) days are dropped; the price in effect at that cut is kept
 *   as a point at the cut, so the step function stays defined from `since`.
 * - A row holds at most MAX_POINTS (500) points: if the 90 raw days alone hold more (a feed that
 *   changes a price at every sync), folding moves forward one day at a time until it fits.
 * - A change of currency starts a new history: prices in two currencies do not compare.
 *
 * Stored encoding (one row per variant, keyed [productId+variantId]): `points` is a flat list of
 * integer pairs [minutes since the previous point, price]; the price is stored as is when in stock
 * and as -(price + 1) when out of stock. Small integers keep the row small both as JSON and in
 * IndexedDB's structured-clone form (V8 writes them as varints).
 */
import { z } from 'zod';
import { CurrencyCode, Id, type StoredProduct } from '@/utils/model';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

export const HISTORY_LIMITS = {
  /** Points per variant, folded days included. */
  maxPoints: 500,
  /** Points older than this are dropped (the price in effect at the cut is kept). */
  maxAgeDays: 400,
  /** Points of this many recent days are kept unfolded (the chart's span). */
  rawDays: 90,
} as const;

/** Dexie stores line for the history table: `db.version(n).stores({ priceHistory: HISTORY_STORE })`. */
export const HISTORY_STORE = '[productId+variantId], productId';

export const HistoryRow = z
  .object({
    productId: Id,
    variantId: Id,
    currency: CurrencyCode,
    /** Epoch ms (a whole minute) of the first point: when Postcart first saw the variant, or the 400-day cut. */
    since: z.number().int().min(0),
    /** Epoch ms of a UTC midnight (0 when nothing is folded): days before it hold at most low, high and close. */
    foldedBefore: z.number().int().min(0),
    /** Flat pairs [minutes since the previous point (the first: 0), price or -(price + 1) when out of stock]. */
    points: z
      .array(z.number().int())
      .min(2)
      .max(HISTORY_LIMITS.maxPoints * 2),
  })
  .superRefine((row, ctx) => {
    if (row.points.length % 2 !== 0) ctx.addIssue({ code: 'custom', path: ['points'], message: 'points must be [minutes, price] pairs' });
    if (row.points[0] !== 0) ctx.addIssue({ code: 'custom', path: ['points', 0], message: 'the first point is at `since`' });
    for (let i = 2; i < row.points.length; i += 2) {
      if (row.points[i]! < 0) {
        ctx.addIssue({ code: 'custom', path: ['points', i], message: 'points must be in time order' });
        break;
      }
    }
  });
export type HistoryRow = z.infer<typeof HistoryRow>;

export interface PricePoint {
  /** Epoch ms, a whole minute. */
  at: number;
  priceMinor: number;
  inStock: boolean;
}

/** A decoded row: points in time order, never empty, the first at `since`. */
export interface PriceHistory {
  productId: string;
  variantId: string;
  currency: string;
  since: number;
  foldedBefore: number;
  points: readonly PricePoint[];
}

/** What one sync (or one resolved linked product) says about a variant now. */
export interface VariantObservation {
  productId: string;
  variantId: string;
  priceMinor: number;
  currency: string;
  inStock: boolean;
}

export type HistoryKey = [productId: string, variantId: string];

export function historyKey(row: { productId: string; variantId: string }): HistoryKey {
  return [row.productId, row.variantId];
}

export function floorToMinute(time: number): number {
  return Math.floor(time / MINUTE_MS) * MINUTE_MS;
}

export function utcDayStart(time: number): number {
  return Math.floor(time / DAY_MS) * DAY_MS;
}

function encodePrice(priceMinor: number, inStock: boolean): number {
  return inStock ? priceMinor : -priceMinor - 1;
}

export function decodeHistory(row: HistoryRow): PriceHistory {
  const points: PricePoint[] = [];
  let at = row.since;
  for (let i = 0; i + 1 < row.points.length; i += 2) {
    at += row.points[i]! * MINUTE_MS;
    const value = row.points[i + 1]!;
    points.push(value >= 0 ? { at, priceMinor: value, inStock: true } : { at, priceMinor: -value - 1, inStock: false });
  }
  return { productId: row.productId, variantId: row.variantId, currency: row.currency, since: row.since, foldedBefore: row.foldedBefore, points };
}

export function encodeHistory(history: PriceHistory): HistoryRow {
  const first = history.points[0];
  if (!first) throw new Error('A price history has at least one point');
  const points: number[] = [];
  let previous = first.at;
  for (const point of history.points) {
    points.push(Math.round((point.at - previous) / MINUTE_MS), encodePrice(point.priceMinor, point.inStock));
    previous = point.at;
  }
  return {
    productId: history.productId,
    variantId: history.variantId,
    currency: history.currency,
    since: first.at,
    foldedBefore: history.foldedBefore,
    points,
  };
}

/** A price that can be stored: a non-negative safe integer whose out-of-stock code is safe too. */
function isStorablePrice(priceMinor: number): boolean {
  return Number.isSafeInteger(priceMinor) && priceMinor >= 0 && priceMinor < Number.MAX_SAFE_INTEGER;
}

function checkObservation(observation: VariantObservation, now: number): void {
  if (!isStorablePrice(observation.priceMinor)) throw new RangeError(`${observation.priceMinor} is not a price in minor units`);
  if (!Number.isFinite(now) || now < 0) throw new RangeError(`${now} is not a time`);
}

function samePoint(a: Pick<PricePoint, 'priceMinor' | 'inStock'>, b: Pick<PricePoint, 'priceMinor' | 'inStock'>): boolean {
  return a.priceMinor === b.priceMinor && a.inStock === b.inStock;
}

function startHistory(observation: VariantObservation, now: number): PriceHistory {
  const at = floorToMinute(now);
  return {
    productId: observation.productId,
    variantId: observation.variantId,
    currency: observation.currency,
    since: at,
    foldedBefore: 0,
    points: [{ at, priceMinor: observation.priceMinor, inStock: observation.inStock }],
  };
}

/**
 * Adds what a sync saw to a variant's history. Returns the same row object when nothing changed
 * (identical price and availability), so callers write only rows that are `!==` the ones they
 * read. A time earlier than the last point (a clock set back) is recorded at the last point's time.
 */
export function recordObservation(row: HistoryRow | undefined, observation: VariantObservation, now: number): HistoryRow {
  checkObservation(observation, now);
  if (!row || row.currency !== observation.currency) return encodeHistory(startHistory(observation, now));
  if (row.productId !== observation.productId || row.variantId !== observation.variantId) {
    throw new Error(`History of ${row.productId}/${row.variantId} given for ${observation.productId}/${observation.variantId}`);
  }
  // Fast path for the common case (nothing changed): compare with the last stored pair only.
  if (row.points[row.points.length - 1] === encodePrice(observation.priceMinor, observation.inStock)) return row;
  const history = decodeHistory(row);
  const last = history.points[history.points.length - 1]!;
  const at = Math.max(floorToMinute(now), last.at);
  const next = { ...history, points: [...history.points, { at, priceMinor: observation.priceMinor, inStock: observation.inStock }] };
  return encodeHistory(compactHistory(next, now));
}

/** Keeps, of one day's points, the first lowest, the first highest and the last, in time order. */
function foldDay(day: readonly PricePoint[]): PricePoint[] {
  if (day.length <= 2) return [...day];
  let low = 0;
  let high = 0;
  day.forEach((point, i) => {
    if (point.priceMinor < day[low]!.priceMinor) low = i;
    if (point.priceMinor > day[high]!.priceMinor) high = i;
  });
  const keep = new Set([low, high, day.length - 1]);
  return day.filter((_, i) => keep.has(i));
}

/** Splits points into runs of the same UTC day, in order. */
function byDay(points: readonly PricePoint[]): PricePoint[][] {
  const days: PricePoint[][] = [];
  let current: PricePoint[] | null = null;
  let currentDay = Number.NaN;
  for (const point of points) {
    const day = utcDayStart(point.at);
    if (day !== currentDay) {
      current = [];
      days.push(current);
      currentDay = day;
    }
    current!.push(point);
  }
  return days;
}

/** Drops points that repeat the one before them (folding can leave such pairs side by side). */
function withoutRepeats(points: readonly PricePoint[]): PricePoint[] {
  const out: PricePoint[] = [];
  for (const point of points) {
    const last = out[out.length - 1];
    if (!last || !samePoint(last, point)) out.push(point);
  }
  return out;
}

/**
 * Applies the bounds (see the top of this file) as of `now`. Runs on every append; a maintenance
 * pass may also run it on rows that have not changed for a long time to drop their oldest days.
 */
export function compactHistory(history: PriceHistory, now: number): PriceHistory {
  let points: PricePoint[] = [...history.points];
  if (points.length === 0) return history;

  const cutoff = floorToMinute(now - HISTORY_LIMITS.maxAgeDays * DAY_MS);
  if (points[0]!.at < cutoff) {
    let carried = 0;
    while (carried + 1 < points.length && points[carried + 1]!.at <= cutoff) carried += 1;
    points = [{ ...points[carried]!, at: Math.max(points[carried]!.at, cutoff) }, ...points.slice(carried + 1)];
  }

  const rawStart = utcDayStart(now - HISTORY_LIMITS.rawDays * DAY_MS);
  let foldedBefore = Math.max(history.foldedBefore, rawStart);
  const days = byDay(points);
  let folded: PricePoint[] = [];
  let index = 0;
  for (; index < days.length && utcDayStart(days[index]![0]!.at) < foldedBefore; index += 1) folded.push(...foldDay(days[index]!));
  folded = withoutRepeats(folded);
  const rest = days.slice(index);
  let restCount = rest.reduce((sum, day) => sum + day.length, 0);
  // Too many points even so: fold more recent days, oldest first, until the row fits.
  while (folded.length + restCount > HISTORY_LIMITS.maxPoints && rest.length > 0) {
    const day = rest.shift()!;
    restCount -= day.length;
    folded = withoutRepeats([...folded, ...foldDay(day)]);
    foldedBefore = Math.max(foldedBefore, utcDayStart(day[0]!.at) + DAY_MS);
  }
  points = withoutRepeats([...folded, ...rest.flat()]);
  // Still too many (hundreds of changes within today): the oldest go, the newest stay exact.
  if (points.length > HISTORY_LIMITS.maxPoints) points = points.slice(points.length - HISTORY_LIMITS.maxPoints);

  const since = points[0]!.at;
  // Nothing before `since` remains, so a fold boundary before it says nothing.
  return { ...history, since, foldedBefore: foldedBefore > since ? foldedBefore : 0, points };
}

/**
 * A window [from, to) widened to whole UTC days where it starts or ends on a folded day (see the
 * top): over whole folded days the low and high are exact, so a low read over the widened window
 * is never above the true low of the window asked for.
 */
export function foldSafeWindow(history: Pick<PriceHistory, 'foldedBefore'>, from: number, to: number): [from: number, to: number] {
  const start = from < history.foldedBefore ? utcDayStart(from) : from;
  const end = to < history.foldedBefore && to !== utcDayStart(to) ? utcDayStart(to) + DAY_MS : to;
  return [start, end];
}

/** Every variant of a product as an observation, in product order. */
export function observationsOf(product: Pick<StoredProduct, 'id' | 'variants'>): VariantObservation[] {
  return product.variants.map((variant) => ({
    productId: product.id,
    variantId: variant.id,
    priceMinor: variant.priceMinor,
    currency: variant.currency,
    inStock: variant.available,
  }));
}

/** The history keys of a page of products, in the order `recordProducts` expects their rows. */
export function historyKeys(products: readonly Pick<StoredProduct, 'id' | 'variants'>[]): HistoryKey[] {
  return products.flatMap((product) => product.variants.map((variant): HistoryKey => [product.id, variant.id]));
}

/**
 * Records a synced page: `rows[i]` is the stored row for `historyKeys(products)[i]` (undefined when
 * none). Returns only the rows that are new or changed, for one bulkPut in the page's transaction.
 * A variant whose price cannot be stored is skipped (its history is left as it was).
 */
export function recordProducts(
  products: readonly Pick<StoredProduct, 'id' | 'variants'>[],
  rows: readonly (HistoryRow | undefined)[],
  now: number,
): HistoryRow[] {
  const changed: HistoryRow[] = [];
  let i = 0;
  for (const product of products) {
    for (const observation of observationsOf(product)) {
      const row = rows[i];
      i += 1;
      if (!isStorablePrice(observation.priceMinor)) continue;
      if (row && (row.productId !== observation.productId || row.variantId !== observation.variantId)) {
        throw new Error(`rows[${i - 1}] is the history of ${row.productId}/${row.variantId}, not ${observation.productId}/${observation.variantId}`);
      }
      const next = recordObservation(row, observation, now);
      if (next !== row) changed.push(next);
    }
  }
  if (i !== rows.length) throw new Error(`${rows.length} history rows given for ${i} variants`);
  return changed;
}

/**
 * The step function's value at `time`: the last point at or before it (undefined before `since`).
 * Points are in time order, so a binary search finds it.
 */
export function pointAt(history: Pick<PriceHistory, 'points'>, time: number): PricePoint | undefined {
  const { points } = history;
  let lo = 0;
  let hi = points.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (points[mid]!.at <= time) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? undefined : points[lo - 1];
}
