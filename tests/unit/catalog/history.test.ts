import { describe, expect, it } from 'vitest';
import { Dexie, type Table } from 'dexie';
import { serialize } from 'node:v8';
import {
  compactHistory,
  DAY_MS,
  decodeHistory,
  encodeHistory,
  HISTORY_LIMITS,
  HISTORY_STORE,
  HistoryRow,
  MAX_STORED_PRICE,
  MINUTE_MS,
  pointAt,
  recordObservation,
  recordProduct,
  recordProducts,
  utcDayStart,
  variantHistory,
  VariantHistory,
  type PricePoint,
} from '@/utils/catalog/history';
import { lowestBetween } from '@/utils/catalog/pricing';
import { day, historyOf, product, T0, variant } from './history-helpers';
import { seededRandom } from '@/utils/catalog/demo-history';

const seen = (priceMinor: number, inStock = true, currency = 'USD') => ({ variantId: 'v1', priceMinor, currency, inStock });

/** Seeded generator for the property tests. */
const random = seededRandom;

/** The true step function, straight from every observed point. */
function valueAt(points: readonly PricePoint[], time: number): PricePoint | undefined {
  let found: PricePoint | undefined;
  for (const point of points) if (point.at <= time) found = point;
  return found;
}
function trueRange(points: readonly PricePoint[], from: number, to: number): { low: number; high: number } {
  const values = [valueAt(points, from), ...points.filter((p) => p.at > from && p.at < to)].filter((p): p is PricePoint => p !== undefined).map((p) => p.priceMinor);
  return { low: Math.min(...values), high: Math.max(...values) };
}

/** Observations every few hours for `days` days with random prices; returns the row and the truth. */
function randomHistory(seed: number, days: number, perDay: number, end: number) {
  const next = random(seed);
  const truth: PricePoint[] = [];
  let row: VariantHistory | undefined;
  const start = end - days * DAY_MS;
  const count = days * perDay;
  for (let i = 0; i < count; i += 1) {
    const at = Math.floor((start + (i * (end - start)) / count + next() * 3_600_000) / MINUTE_MS) * MINUTE_MS;
    const price = 9000 + Math.floor(next() * 20) * 100;
    const inStock = next() > 0.1;
    const last = truth[truth.length - 1];
    if (!last || last.priceMinor !== price || last.inStock !== inStock) truth.push({ at, priceMinor: price, inStock });
    row = recordObservation(row, seen(price, inStock), at);
  }
  return { row: row!, truth };
}

describe('recording observations', () => {
  it('starts a history at the minute of the first observation', () => {
    const row = recordObservation(undefined, seen(12900), T0 + 90_500);
    expect(row).toMatchObject({ variantId: 'v1', currency: 'USD', since: T0 + 60_000, foldedBefore: 0, latest: 12900 });
    expect(decodeHistory(row).points).toEqual([{ at: T0 + 60_000, priceMinor: 12900, inStock: true }]);
    expect(VariantHistory.parse(row)).toEqual(row);
  });

  it('returns the very same row for an identical sync, however often it runs', () => {
    const first = recordObservation(undefined, seen(12900), T0);
    let row = first;
    for (let i = 1; i <= 50; i += 1) row = recordObservation(row, seen(12900), T0 + i * 30 * MINUTE_MS);
    expect(row).toBe(first);
  });

  it('appends one point for a price change and one for a stock change', () => {
    const row = historyOf([
      { at: T0, price: 12900 },
      { at: T0 + DAY_MS, price: 11900 },
      { at: T0 + 2 * DAY_MS, price: 11900, inStock: false },
      { at: T0 + 3 * DAY_MS, price: 11900, inStock: false },
    ]);
    expect(decodeHistory(row).points).toEqual([
      { at: T0, priceMinor: 12900, inStock: true },
      { at: T0 + DAY_MS, priceMinor: 11900, inStock: true },
      { at: T0 + 2 * DAY_MS, priceMinor: 11900, inStock: false },
    ]);
  });

  it('stores out-of-stock prices, zero included, and reads them back', () => {
    const row = historyOf([
      { at: T0, price: 0, inStock: false },
      { at: T0 + MINUTE_MS, price: 0 },
      { at: T0 + 2 * MINUTE_MS, price: 500, inStock: false },
    ]);
    expect(decodeHistory(row).points.map((p) => [p.priceMinor, p.inStock])).toEqual([[0, false], [0, true], [500, false]]);
    expect(row.latest).toBe(-501);
    // [0 min, price 0 out of stock], [1, +0 in stock], [1, +500 out of stock]: zigzag(500) × 2 + 1 = 2001.
    expect([...row.points]).toEqual([0, 1, 1, 0, 1, 0xd1, 0x0f]);
  });

  it('starts a new history when the currency changes', () => {
    const usd = historyOf([{ at: day(0), price: 12900 }, { at: day(5), price: 11900 }]);
    const eur = recordObservation(usd, seen(11000, true, 'EUR'), day(9));
    expect(eur).toMatchObject({ currency: 'EUR', since: day(9), latest: 11000 });
    expect(decodeHistory(eur).points).toEqual([{ at: day(9), priceMinor: 11000, inStock: true }]);
  });

  it('records at the last point\'s time when the clock went back', () => {
    const row = historyOf([{ at: day(3), price: 100 }, { at: day(1), price: 90 }]);
    expect(decodeHistory(row).points.map((p) => p.at)).toEqual([day(3), day(3)]);
  });

  it('stores prices up to 2^50 minor units exactly, up and down', () => {
    const row = historyOf([
      { at: T0, price: MAX_STORED_PRICE },
      { at: T0 + MINUTE_MS, price: 1 },
      { at: T0 + 2 * MINUTE_MS, price: MAX_STORED_PRICE, inStock: false },
    ]);
    expect(decodeHistory(row).points.map((p) => p.priceMinor)).toEqual([MAX_STORED_PRICE, 1, MAX_STORED_PRICE]);
    expect(VariantHistory.safeParse(row).success).toBe(true);
    expect(() => recordObservation(row, seen(MAX_STORED_PRICE + 1), T0 + DAY_MS)).toThrow(RangeError);
  });

  it('refuses a price that is not an amount in minor units', () => {
    expect(() => recordObservation(undefined, seen(12.5), T0)).toThrow(RangeError);
    expect(() => recordObservation(undefined, seen(-1), T0)).toThrow(RangeError);
    expect(() => recordObservation(undefined, seen(100), Number.NaN)).toThrow(RangeError);
  });

  it('refuses to record one variant into another\'s history', () => {
    const row = recordObservation(undefined, seen(100), T0);
    expect(() => recordObservation(row, { ...seen(90), variantId: 'v2' }, T0 + DAY_MS)).toThrow(/v2/);
  });
});

describe('the stored row', () => {
  it('survives encode and decode unchanged and passes its schema', () => {
    const { row } = randomHistory(7, 60, 4, day(60));
    expect(encodeHistory(decodeHistory(row))).toEqual(row);
    expect(VariantHistory.safeParse(row).success).toBe(true);
  });

  it('is refused by the schema when its points are broken', () => {
    const row = historyOf([{ at: T0, price: 100 }, { at: T0 + DAY_MS, price: 90 }]);
    const broken = (points: number[], latest = row.latest) => VariantHistory.safeParse({ ...row, latest, points: Uint8Array.from(points) }).success;
    expect(broken([...row.points])).toBe(true);
    expect(broken([0, 200, 1])).toBe(false); // three varints: not pairs
    expect(broken([0, 200, 1, 0x80])).toBe(false); // the last varint is cut off
    expect(broken([3, 200])).toBe(false); // the first point is not at since
    expect(broken([0, 200], 99)).toBe(false); // latest disagrees
    expect(broken([0, 3])).toBe(false); // a price below zero
    expect(VariantHistory.safeParse({ ...row, points: [0, 200] }).success).toBe(false);
    expect(VariantHistory.safeParse({ ...row, currency: 'usd' }).success).toBe(false);
  });

  it('finds the price in effect at any time', () => {
    const history = decodeHistory(historyOf([{ at: day(0), price: 100 }, { at: day(5), price: 90 }]));
    expect(pointAt(history, day(0) - 1)).toBeUndefined();
    expect(pointAt(history, day(0))?.priceMinor).toBe(100);
    expect(pointAt(history, day(5) - 1)?.priceMinor).toBe(100);
    expect(pointAt(history, day(5))?.priceMinor).toBe(90);
    expect(pointAt(history, day(50))?.priceMinor).toBe(90);
  });
});

describe('in IndexedDB', () => {
  it('stores one row per product under its id and reads it back intact', async () => {
    const db = new Dexie('history-store-test') as Dexie & { priceHistory: Table<HistoryRow, string> };
    db.version(1).stores({ priceHistory: HISTORY_STORE });
    const page = [product('a', [variant('a1', 1000), variant('a2', 1200, { available: false })]), product('b', [variant('b1', 500)])];
    const rows = recordProducts(page, [undefined, undefined], T0);
    await db.priceHistory.bulkPut(rows);
    const read = await db.priceHistory.bulkGet(['a', 'b', 'c']);
    expect(read.slice(0, 2).map((row) => HistoryRow.parse(row))).toEqual(rows);
    expect(read[2]).toBeUndefined();
    expect(recordProducts(page, read.slice(0, 2), T0 + DAY_MS)).toEqual([]);
    db.close();
  });
});

describe('bounds', () => {
  it('folds a day older than 90 days to its first low, first high and close', () => {
    const old = day(0);
    const row = historyOf([
      { at: old - DAY_MS, price: 100 },
      { at: old + 1 * 3_600_000, price: 95 },
      { at: old + 2 * 3_600_000, price: 80 },
      { at: old + 3 * 3_600_000, price: 120 },
      { at: old + 4 * 3_600_000, price: 80 },
      { at: old + 5 * 3_600_000, price: 110 },
      { at: old + 6 * 3_600_000, price: 105 },
      { at: day(100), price: 99 },
    ]);
    const history = decodeHistory(row);
    expect(history.points.map((p) => [(p.at - old) / 3_600_000, p.priceMinor])).toEqual([
      [-24, 100],
      [2, 80],
      [3, 120],
      [6, 105],
      [2400, 99],
    ]);
    expect(history.foldedBefore).toBe(utcDayStart(day(100) - 90 * DAY_MS));
  });

  it('keeps every point of the last 90 days as observed', () => {
    const { row, truth } = randomHistory(3, 85, 6, day(85));
    expect(decodeHistory(row).points).toEqual(truth);
  });

  it('keeps each folded day\'s exact low, high and closing price, and recent points untouched', () => {
    for (const seed of [1, 2, 3]) {
      const end = day(200);
      const { row, truth } = randomHistory(seed, 200, 3, end);
      const history = compactHistory(decodeHistory(row), end);
      expect(history.points.length).toBeLessThanOrEqual(HISTORY_LIMITS.maxPoints);
      expect(history.foldedBefore).toBeGreaterThan(history.since);
      for (let d = utcDayStart(history.since) + DAY_MS; d < history.foldedBefore; d += DAY_MS) {
        expect(trueRange(history.points, d, d + DAY_MS), `day ${(d - T0) / DAY_MS}`).toEqual(trueRange(truth, d, d + DAY_MS));
        const close = pointAt(history, d + DAY_MS - 1)!;
        const trueClose = valueAt(truth, d + DAY_MS - 1)!;
        expect([close.priceMinor, close.inStock]).toEqual([trueClose.priceMinor, trueClose.inStock]);
      }
      expect(history.points.filter((p) => p.at >= history.foldedBefore)).toEqual(truth.filter((p) => p.at >= history.foldedBefore));
    }
  });

  it('never overstates a window\'s lowest price when the window starts or ends inside a folded day', () => {
    const end = day(200);
    for (const seed of [4, 5, 6]) {
      const { row, truth } = randomHistory(seed, 200, 6, end);
      const history = decodeHistory(row);
      const next = random(seed);
      for (let i = 0; i < 300; i += 1) {
        const from = end - 180 * DAY_MS + Math.floor(next() * 170 * DAY_MS);
        // The densest histories dropped their oldest days to stay under 500 points.
        if (from < history.since) continue;
        // Short windows too: the edge day decides them, so a fold that overstated would show.
        const to = from + (i % 2 === 0 ? 30 * DAY_MS : Math.floor(next() * 3 * DAY_MS) + MINUTE_MS);
        const folded = lowestBetween(history, from, to)!.priceMinor;
        expect(folded).toBeLessThanOrEqual(trueRange(truth, from, to).low);
      }
    }
  });

  it('folds recent days too when a variant changes at every sync, keeping at most 500 points', () => {
    const steps = Array.from({ length: 30 * 48 }, (_, i) => ({ at: day(0) + i * 30 * MINUTE_MS, price: 1000 + (i % 2) * 500 + (i % 7) }));
    const row = historyOf(steps);
    const history = decodeHistory(row);
    expect(history.points.length).toBeLessThanOrEqual(HISTORY_LIMITS.maxPoints);
    expect(history.points.length).toBeGreaterThanOrEqual(HISTORY_LIMITS.refoldTo - 50);
    expect(VariantHistory.safeParse(row).success).toBe(true);
    // Folding starts with the oldest days; the latest observations stay exact.
    const last = steps.slice(-40).map((s) => s.price);
    expect(history.points.slice(-40).map((p) => p.priceMinor)).toEqual(last);
    expect(history.foldedBefore).toBeGreaterThan(day(0));
    expect(trueRange(history.points, day(0), day(1))).toEqual({ low: 1000, high: 1506 });
  });

  it('never holds more than 400 days: past that, it drops to 393 and keeps the price in effect at the cut', () => {
    const steps = [
      { at: day(0), price: 100 },
      { at: day(10), price: 200 },
      { at: day(20), price: 300 },
      { at: day(30), price: 350 },
    ];
    const within = historyOf([...steps, { at: day(400), price: 400 }]);
    expect(decodeHistory(within).since).toBe(day(0));
    const history = decodeHistory(historyOf([...steps, { at: day(415), price: 400 }]));
    const cut = day(415 - 393);
    expect(history.since).toBe(cut);
    expect(history.points.map((p) => [p.at, p.priceMinor])).toEqual([[cut, 300], [day(30), 350], [day(415), 400]]);
  });

  it('compacts a row that has not changed for a long time when asked', () => {
    const row = historyOf([{ at: day(0), price: 100 }, { at: day(10), price: 200 }]);
    const history = compactHistory(decodeHistory(row), day(500));
    expect(history.points).toEqual([{ at: day(107), priceMinor: 200, inStock: true }]);
    expect(VariantHistory.safeParse(encodeHistory(history)).success).toBe(true);
  });

  it('keeps a full variant history (500 points) within about 3 KB as IndexedDB stores it', () => {
    // Prices up to 10,000.00 jumping anywhere at every change, minutes to hours apart: the worst the bound allows.
    const next = random(11);
    let history: VariantHistory | undefined;
    let at = day(0);
    for (let i = 0; i < 2000; i += 1) {
      at += Math.floor(next() * DAY_MS / 2);
      history = recordObservation(history, seen(Math.floor(next() * 1_000_000), next() > 0.2), at);
    }
    expect(decodeHistory(history!).points.length).toBeGreaterThan(HISTORY_LIMITS.refoldTo - 50);
    const bytes = serialize(history).length;
    expect(bytes).toBeLessThan(3200);
  });

  it('compacts a variant that changes every day about once a week, not at every change', () => {
    let history: VariantHistory | undefined;
    const folds = new Set<number>();
    for (let d = 0; d < 200; d += 1) {
      history = recordObservation(history, seen(1000 + (d % 2)), day(d) + 12 * 3_600_000);
      // Each compaction moves the fold boundary; a plain append leaves it.
      folds.add(history.foldedBefore);
    }
    folds.delete(0);
    expect(folds.size).toBeGreaterThan(10);
    expect(folds.size).toBeLessThanOrEqual(Math.ceil((200 - 97) / 7) + 1);
  });
});

describe('recording a synced page', () => {
  const page = [
    product('a', [variant('a1', 1000), variant('a2', 1200)]),
    product('b', [variant('b1', 500, { available: false })]),
  ];

  it('returns a row per product the first time and nothing for the same page again', () => {
    const first = recordProducts(page, [undefined, undefined], T0);
    expect(first.map((row) => [row.productId, row.variants.map((v) => [v.variantId, v.latest])])).toEqual([
      ['a', [['a1', 1000], ['a2', 1200]]],
      ['b', [['b1', -501]]],
    ]);
    expect(first.every((row) => HistoryRow.safeParse(row).success)).toBe(true);
    expect(recordProducts(page, first, T0 + DAY_MS)).toEqual([]);
  });

  it('returns only the rows of products where a variant\'s price or stock changed', () => {
    const rows = recordProducts(page, [undefined, undefined], T0);
    const next = [product('a', [variant('a1', 1000), variant('a2', 1100)]), page[1]!];
    const changed = recordProducts(next, rows, T0 + DAY_MS);
    expect(changed.map((row) => row.productId)).toEqual(['a']);
    // The unchanged variant keeps its very object; the changed one gains a point.
    expect(variantHistory(changed[0], 'a1')).toBe(variantHistory(rows[0], 'a1'));
    expect(decodeHistory(variantHistory(changed[0], 'a2')!).points.map((p) => [p.at, p.priceMinor])).toEqual([[T0, 1200], [T0 + DAY_MS, 1100]]);
  });

  it('adds a new variant and drops one the product no longer lists', () => {
    const [row] = recordProducts([page[0]!], [undefined], T0);
    const next = recordProduct(row, product('a', [variant('a2', 1200), variant('a3', 900)]), T0 + DAY_MS);
    expect(next.variants.map((v) => [v.variantId, v.since])).toEqual([['a2', T0], ['a3', T0 + DAY_MS]]);
    // The same variants in another order are no change.
    expect(recordProduct(next, product('a', [variant('a3', 900), variant('a2', 1200)]), T0 + 2 * DAY_MS)).toBe(next);
  });

  it('keeps a variant\'s history as it was when its price cannot be stored', () => {
    const [row] = recordProducts([page[0]!], [undefined], T0);
    const next = recordProduct(row, product('a', [variant('a1', 10.5), variant('a2', 1200)]), T0 + DAY_MS);
    expect(next).toBe(row);
    const fresh = recordProduct(undefined, product('a', [variant('a1', 10.5), variant('a2', 1200)]), T0);
    expect(fresh.variants.map((v) => v.variantId)).toEqual(['a2']);
    expect(recordProduct(fresh, product('a', [variant('a1', 10.5), variant('a2', 1200)]), T0 + DAY_MS)).toBe(fresh);
  });

  it('counts a repeated variant id once and does not rewrite the row for it', () => {
    const twice = product('a', [variant('a1', 1000), variant('a1', 900)]);
    const row = recordProduct(undefined, twice, T0);
    expect(row.variants.map((v) => [v.variantId, v.latest])).toEqual([['a1', 1000]]);
    expect(HistoryRow.safeParse(row).success).toBe(true);
    expect(recordProduct(row, twice, T0 + DAY_MS)).toBe(row);
  });

  it('refuses rows that do not line up with the page', () => {
    const rows = recordProducts(page, [undefined, undefined], T0);
    expect(() => recordProducts(page, [rows[1], rows[0]], T0)).toThrow(/History of b given for a/);
    expect(() => recordProducts(page, rows.slice(0, 1), T0)).toThrow(/1 history rows given for 2 products/);
  });

  it('refuses a row where a variant appears twice', () => {
    const [row] = recordProducts([page[0]!], [undefined], T0);
    expect(HistoryRow.safeParse({ ...row!, variants: [row!.variants[0], row!.variants[0]] }).success).toBe(false);
  });
});
