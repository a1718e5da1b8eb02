/**
 * Price history: every change of a variant's price or availability that sync (or a resolved
 * linked product) brings, from the first time Postcart sees the variant. Pure: no storage, no
 * clock; the caller passes rows in, writes the rows that come back, and passes the time.
 *
 * One row per product (keyed by productId) holds the history of each of its variants: a synced
 * page then costs one read per product, the card one read, and a product's variants usually
 * change together (a sale). Measured against one row per variant in tests/bench/history.bench.ts.
 *
 * What is kept per variant, and why it stays correct:
 * - A point is appended only when the price or availability differs from the last point, so a sync
 *   that brings nothing new writes nothing (and the same sync applied twice changes nothing).
 * - Points of the last 90 days (`rawDays`) are kept as they were observed: the card's chart and
 *   the 30-day reduction rule read only that span. Folding runs once points older than that are a
 *   week old (`slackDays`), so a variant that changes daily is compacted weekly, not daily.
 * - Older points are folded per UTC day to at most three real points: the day's first lowest, its
 *   first highest and its last (the close), in time order (and one at exactly midnight). Dropped points are never invented
 *   values, so on every folded day the step function still reaches the true low and true high,
 *   and it is exact at every day's end (the close carries into the next day). The minimum or
 *   maximum over whole days is therefore exact; inside one folded day the order of changes is
 *   simplified. A minimum over a window that starts or ends inside a folded day is read over the
 *   whole day (`foldSafeWindow`), so the 30-day low can only come out lower, never higher: a
 *   fold can hide a reduction but never overstate one.
 * - Nothing older than 400 days (`maxAgeDays`): once the first point is older, points older than
 *   393 days are dropped and the price in effect at the cut is kept as a point at the cut, so the
 *   step function stays defined from `since`.
 * - At most 500 points (`maxPoints`): if the 90 raw days alone hold more (a feed that changes a
 *   price at every sync), folding moves forward one day at a time until 450 (`refoldTo`) remain.
 * - A change of currency starts a new history: prices in two currencies do not compare.
 * - A variant the product no longer lists loses its history with the next change to the row.
 *
 * Stored encoding: a variant's `points` is a Uint8Array of unsigned LEB128 varints, two per point:
 * the minutes since the previous point (0 for the first, which is at `since`), then
 * zigzag(price − previous price) × 2, plus 1 when out of stock (the first point's previous price
 * is 0). Most points take 3 to 5 bytes. Against a plain array of integer pairs this is 40 %
 * smaller in V8's structured clone (Chromium's IndexedDB), and far smaller in Firefox, whose
 * structured clone spends 16 bytes on every array element. `latest` repeats the last point's price
 * (−(price + 1) when out of stock) so the common "nothing changed" sync is answered without decoding.
 */
import { z } from 'zod';
import { CurrencyCode, Id, type StoredProduct } from './model';

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
  /** Variants per product, as a feed allows. */
  maxVariants: 250,
  /**
   * Compaction waits until a bound is passed by this many days and then goes this far past it,
   * so a variant that changes daily is compacted about once a week, not at every change.
   */
  slackDays: 7,
  /** A full row is folded down to this many points, for the same reason. */
  refoldTo: 450,
} as const;

/** Dexie stores line for the history table: `db.version(n).stores({ priceHistory: HISTORY_STORE })`. */
export const HISTORY_STORE = 'productId';

/** The largest price stored: 2^50 minor units keeps every varint below 2^53 (exact in a double). */
export const MAX_STORED_PRICE = 2 ** 50;
/** ceil(53 / 7): the longest varint of a safe integer. */
const MAX_VARINT_BYTES = 8;

export const VariantHistory = z
  .object({
    variantId: Id,
    currency: CurrencyCode,
    /** Epoch ms (a whole minute) of the first point: when Postcart first saw the variant, or the 400-day cut. */
    since: z.number().int().min(0),
    /** Epoch ms of a UTC midnight (0 when nothing is folded): days before it hold at most low, high and close. */
    foldedBefore: z.number().int().min(0),
    /** The last point's price, or −(price + 1) when out of stock. */
    latest: z.number().int(),
    /** Varint pairs, see the top of this file. */
    points: z.instanceof(Uint8Array).refine((bytes) => bytes.length <= HISTORY_LIMITS.maxPoints * 2 * MAX_VARINT_BYTES, 'too many points'),
  })
  .superRefine((variant, ctx) => {
    const problem = checkPoints(variant.points, variant.latest);
    if (problem) ctx.addIssue({ code: 'custom', path: ['points'], message: problem });
  });
export type VariantHistory = z.infer<typeof VariantHistory>;

export const HistoryRow = z
  .object({
    productId: Id,
    variants: z.array(VariantHistory).max(HISTORY_LIMITS.maxVariants),
  })
  .refine((row) => new Set(row.variants.map((v) => v.variantId)).size === row.variants.length, { message: 'a variant appears twice', path: ['variants'] });
export type HistoryRow = z.infer<typeof HistoryRow>;

export interface PricePoint {
  /** Epoch ms, a whole minute. */
  at: number;
  priceMinor: number;
  inStock: boolean;
}

/** A decoded variant history: points in time order, never empty, the first at `since`. */
export interface PriceHistory {
  variantId: string;
  currency: string;
  since: number;
  foldedBefore: number;
  points: readonly PricePoint[];
}

/** What one sync (or one resolved linked product) says about a variant now. */
export interface VariantObservation {
  variantId: string;
  priceMinor: number;
  currency: string;
  inStock: boolean;
}

export function floorToMinute(time: number): number {
  return Math.floor(time / MINUTE_MS) * MINUTE_MS;
}

export function utcDayStart(time: number): number {
  return Math.floor(time / DAY_MS) * DAY_MS;
}

// ---------------------------------------------------------------- encoding

function latestCode(priceMinor: number, inStock: boolean): number {
  return inStock ? priceMinor : -priceMinor - 1;
}

function zigzag(n: number): number {
  return n >= 0 ? n * 2 : -n * 2 - 1;
}

function unzigzag(n: number): number {
  return n % 2 === 0 ? n / 2 : -(n + 1) / 2;
}

/** Unsigned LEB128; arithmetic rather than bit operators, which would cut at 32 bits. */
function writeVarint(out: number[], value: number): void {
  let n = value;
  while (n >= 128) {
    out.push((n % 128) + 128);
    n = Math.floor(n / 128);
  }
  out.push(n);
}

/** All varints of `bytes`, or null when the last one is cut off or one is too long. */
function readVarints(bytes: Uint8Array): number[] | null {
  const values: number[] = [];
  let value = 0;
  let scale = 1;
  let length = 0;
  for (const byte of bytes) {
    value += (byte % 128) * scale;
    length += 1;
    if (byte < 128) {
      values.push(value);
      value = 0;
      scale = 1;
      length = 0;
    } else {
      scale *= 128;
      if (length >= MAX_VARINT_BYTES) return null;
    }
  }
  return length === 0 ? values : null;
}

/** Why stored points cannot be read, or null when they are sound. */
function checkPoints(bytes: Uint8Array, latest: number): string | null {
  const values = readVarints(bytes);
  if (!values || values.length === 0 || values.length % 2 !== 0) return 'points must be whole [minutes, price] pairs';
  if (values.length > HISTORY_LIMITS.maxPoints * 2) return 'too many points';
  if (values[0] !== 0) return 'the first point is at `since`';
  let price = 0;
  for (let i = 1; i < values.length; i += 2) {
    price += unzigzag(Math.floor(values[i]! / 2));
    if (price < 0 || price > MAX_STORED_PRICE) return 'a price is out of range';
  }
  const last = values[values.length - 1]!;
  return latestCode(price, last % 2 === 0) === latest ? null : '`latest` does not match the last point';
}

export function decodeHistory(variant: VariantHistory): PriceHistory {
  const values = readVarints(variant.points) ?? [];
  const points: PricePoint[] = [];
  let at = variant.since;
  let price = 0;
  for (let i = 0; i + 1 < values.length; i += 2) {
    at += values[i]! * MINUTE_MS;
    const code = values[i + 1]!;
    price += unzigzag(Math.floor(code / 2));
    points.push({ at, priceMinor: price, inStock: code % 2 === 0 });
  }
  return { variantId: variant.variantId, currency: variant.currency, since: variant.since, foldedBefore: variant.foldedBefore, points };
}

function pointBytes(out: number[], minutes: number, point: Pick<PricePoint, 'priceMinor' | 'inStock'>, previousPrice: number): void {
  writeVarint(out, minutes);
  writeVarint(out, zigzag(point.priceMinor - previousPrice) * 2 + (point.inStock ? 0 : 1));
}

export function encodeHistory(history: PriceHistory): VariantHistory {
  const first = history.points[0];
  const last = history.points[history.points.length - 1];
  if (!first || !last) throw new Error('A price history has at least one point');
  const bytes: number[] = [];
  let previousAt = first.at;
  let previousPrice = 0;
  for (const point of history.points) {
    pointBytes(bytes, Math.round((point.at - previousAt) / MINUTE_MS), point, previousPrice);
    previousAt = point.at;
    previousPrice = point.priceMinor;
  }
  return {
    variantId: history.variantId,
    currency: history.currency,
    since: first.at,
    foldedBefore: history.foldedBefore,
    latest: latestCode(last.priceMinor, last.inStock),
    points: Uint8Array.from(bytes),
  };
}

/** The last point's time and price, the number of points, and whether a point not yet folded is older than `rawStart`; without building objects. */
function scan(variant: VariantHistory, rawStart: number): { lastAt: number; lastPrice: number; count: number; unfoldedOld: boolean } {
  let value = 0;
  let scale = 1;
  let index = 0;
  let at = variant.since;
  let price = 0;
  let unfoldedOld = false;
  for (const byte of variant.points) {
    value += (byte % 128) * scale;
    if (byte >= 128) {
      scale *= 128;
      continue;
    }
    if (index % 2 === 0) {
      at += value * MINUTE_MS;
      if (at >= variant.foldedBefore && at < rawStart) unfoldedOld = true;
    } else {
      price += unzigzag(Math.floor(value / 2));
    }
    index += 1;
    value = 0;
    scale = 1;
  }
  return { lastAt: at, lastPrice: price, count: index / 2, unfoldedOld };
}

// ---------------------------------------------------------------- recording

/** A price that can be stored: a whole number of minor units up to MAX_STORED_PRICE. */
function isStorablePrice(priceMinor: number): boolean {
  return Number.isSafeInteger(priceMinor) && priceMinor >= 0 && priceMinor <= MAX_STORED_PRICE;
}

function samePoint(a: Pick<PricePoint, 'priceMinor' | 'inStock'>, b: Pick<PricePoint, 'priceMinor' | 'inStock'>): boolean {
  return a.priceMinor === b.priceMinor && a.inStock === b.inStock;
}

/**
 * Adds what a sync saw to a variant's history. Returns the same object when nothing changed
 * (identical price and availability), so callers write only what is `!==` what they read. A time
 * earlier than the last point (a clock set back) is recorded at the last point's time. Throws a
 * RangeError for a price that is not a whole number of minor units up to MAX_STORED_PRICE.
 */
export function recordObservation(variant: VariantHistory | undefined, observation: VariantObservation, now: number): VariantHistory {
  if (!isStorablePrice(observation.priceMinor)) throw new RangeError(`${observation.priceMinor} is not a price in minor units`);
  if (!Number.isFinite(now) || now < 0) throw new RangeError(`${now} is not a time`);
  const point = { at: floorToMinute(now), priceMinor: observation.priceMinor, inStock: observation.inStock };
  if (!variant || variant.currency !== observation.currency) {
    return encodeHistory({ variantId: observation.variantId, currency: observation.currency, since: point.at, foldedBefore: 0, points: [point] });
  }
  if (variant.variantId !== observation.variantId) throw new Error(`History of variant ${variant.variantId} given for ${observation.variantId}`);
  const latest = latestCode(point.priceMinor, point.inStock);
  if (variant.latest === latest) return variant;
  // Compaction is needed only when a bound is passed: a point not yet folded is older than the
  // raw window and the slack, the row is full, or its first point is older than 400 days.
  const { lastAt, lastPrice, count, unfoldedOld } = scan(variant, utcDayStart(now - (HISTORY_LIMITS.rawDays + HISTORY_LIMITS.slackDays) * DAY_MS));
  point.at = Math.max(point.at, lastAt);
  const cut = variant.since < now - HISTORY_LIMITS.maxAgeDays * DAY_MS;
  if (!unfoldedOld && !cut && count + 1 <= HISTORY_LIMITS.maxPoints) {
    const tail: number[] = [];
    pointBytes(tail, Math.round((point.at - lastAt) / MINUTE_MS), point, lastPrice);
    const points = new Uint8Array(variant.points.length + tail.length);
    points.set(variant.points);
    points.set(tail, variant.points.length);
    return { ...variant, latest, points };
  }
  const history = decodeHistory(variant);
  return encodeHistory(compactHistory({ ...history, points: [...history.points, point] }, now));
}

/** Every variant of a product as an observation, in product order. */
export function observationsOf(product: Pick<StoredProduct, 'variants'>): VariantObservation[] {
  return product.variants.map((variant) => ({ variantId: variant.id, priceMinor: variant.priceMinor, currency: variant.currency, inStock: variant.available }));
}

/** A variant's history in a product's row. */
export function variantHistory(row: HistoryRow | undefined, variantId: string): VariantHistory | undefined {
  return row?.variants.find((v) => v.variantId === variantId);
}

/**
 * Records what a sync saw of a product. Returns the same row object when nothing changed; else
 * the new row, with the variants in the product's order (a variant it no longer lists is dropped).
 * A variant whose price cannot be stored keeps its history as it was; a repeated variant id
 * counts once (the first).
 */
export function recordProduct(row: HistoryRow | undefined, product: Pick<StoredProduct, 'id' | 'variants'>, now: number): HistoryRow {
  if (row && row.productId !== product.id) throw new Error(`History of ${row.productId} given for ${product.id}`);
  const before = new Map((row?.variants ?? []).map((v) => [v.variantId, v]));
  const seen = new Set<string>();
  const variants: VariantHistory[] = [];
  let changed = !row;
  let kept = 0;
  for (const observation of observationsOf(product)) {
    if (seen.has(observation.variantId)) continue;
    seen.add(observation.variantId);
    const old = before.get(observation.variantId);
    if (old) kept += 1;
    if (!isStorablePrice(observation.priceMinor)) {
      if (old) variants.push(old);
      continue;
    }
    const next = recordObservation(old, observation, now);
    if (next !== old) changed = true;
    variants.push(next);
  }
  // A variant the product no longer lists is dropped: that changes the row too.
  return changed || kept !== before.size ? { productId: product.id, variants } : row!;
}

/**
 * Records a synced page: `rows[i]` is the stored row of `products[i]` (undefined when none; one
 * `bulkGet(products.map(p => p.id))`). Returns only the new or changed rows, for one bulkPut in
 * the page's transaction.
 */
export function recordProducts(products: readonly Pick<StoredProduct, 'id' | 'variants'>[], rows: readonly (HistoryRow | undefined)[], now: number): HistoryRow[] {
  if (rows.length !== products.length) throw new Error(`${rows.length} history rows given for ${products.length} products`);
  const changed: HistoryRow[] = [];
  products.forEach((product, i) => {
    const row = rows[i];
    const next = recordProduct(row, product, now);
    if (next !== row) changed.push(next);
  });
  return changed;
}

// ---------------------------------------------------------------- bounds

/**
 * Keeps, of one day's points, the first lowest, the first highest and the last, in time order;
 * and a point at exactly midnight, so the previous day's close does not seem to last into the day.
 */
function foldDay(day: readonly PricePoint[]): PricePoint[] {
  if (day.length <= 2) return [...day];
  let low = 0;
  let high = 0;
  day.forEach((point, i) => {
    if (point.priceMinor < day[low]!.priceMinor) low = i;
    if (point.priceMinor > day[high]!.priceMinor) high = i;
  });
  const keep = new Set([low, high, day.length - 1]);
  if (day[0]!.at === utcDayStart(day[0]!.at)) keep.add(0);
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
 * Applies the bounds (see the top of this file) as of `now`. Runs when an append passes a bound;
 * a maintenance pass may also run it on histories that have not changed for a long time.
 */
export function compactHistory(history: PriceHistory, now: number): PriceHistory {
  let points: PricePoint[] = [...history.points];
  if (points.length === 0) return history;

  if (points[0]!.at < now - HISTORY_LIMITS.maxAgeDays * DAY_MS) {
    const cutoff = floorToMinute(now - (HISTORY_LIMITS.maxAgeDays - HISTORY_LIMITS.slackDays) * DAY_MS);
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
  // Too many points even so: fold more recent days, oldest first, until the row fits with room to spare.
  const limit = folded.length + restCount > HISTORY_LIMITS.maxPoints ? HISTORY_LIMITS.refoldTo : HISTORY_LIMITS.maxPoints;
  while (folded.length + restCount > limit && rest.length > 0) {
    const day = rest.shift()!;
    restCount -= day.length;
    folded = withoutRepeats([...folded, ...foldDay(day)]);
    foldedBefore = Math.max(foldedBefore, utcDayStart(day[0]!.at) + DAY_MS);
  }
  points = withoutRepeats([...folded, ...rest.flat()]);
  // Still too many (hundreds of changes within today): the oldest go, the newest stay exact.
  if (points.length > limit) points = points.slice(points.length - limit);

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
