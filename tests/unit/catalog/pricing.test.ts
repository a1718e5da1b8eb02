import { describe, expect, it } from 'vitest';
import { DAY_MS, decodeHistory, HOUR_MS } from '@/utils/catalog/history';
import { floorPercent, historyAsOf, lowestBetween, priceFacts, priceSince, weightedPercentiles } from '@/utils/catalog/pricing';
import { day, historyOf, T0 } from './history-helpers';

const current = (priceMinor: number, compareAtMinor: number | null = null, extra: { available?: boolean; currency?: string } = {}) => ({
  priceMinor,
  compareAtMinor,
  currency: extra.currency ?? 'USD',
  available: extra.available ?? true,
});

describe('the reduction rule', () => {
  it('shows no percentage without history: a compare-at price is the merchant\'s reference price', () => {
    const facts = priceFacts(undefined, current(12900, 15900), day(0));
    expect(facts.claim).toEqual({ kind: 'reference', compareAtMinor: 15900 });
    expect(facts.dataSince).toBe(day(0));
  });

  it('shows no percentage under 30 days observed, even after a real cut', () => {
    const row = historyOf([{ at: day(0), price: 10000 }, { at: day(20), price: 8000 }]);
    expect(priceFacts(row, current(8000, 10000), day(21)).claim).toEqual({ kind: 'reference', compareAtMinor: 10000 });
    expect(priceFacts(row, current(8000), day(21)).claim).toEqual({ kind: 'none' });
  });

  it('states a cut after 30 days observed against the lowest price of the 30 days before it', () => {
    const row = historyOf([{ at: day(0), price: 10000 }, { at: day(40), price: 7999 }]);
    const facts = priceFacts(row, current(7999, 15900), day(41));
    expect(facts.claim).toEqual({ kind: 'reduction', percent: 20, wasMinor: 10000, since: day(40) });
    expect(facts.priceSince).toBe(day(40));
  });

  it('needs the whole 30 days before the cut observed, not just 30 days in all', () => {
    // Seen for 40 days, but the cut came on day 20: days −10 to 0 of its window were never seen.
    const row = historyOf([{ at: day(0), price: 10000 }, { at: day(20), price: 8000 }]);
    expect(priceFacts(row, current(8000, 10000), day(40)).claim).toEqual({ kind: 'reference', compareAtMinor: 10000 });
    const justEnough = historyOf([{ at: day(0), price: 10000 }, { at: day(30), price: 8000 }]);
    expect(priceFacts(justEnough, current(8000, 10000), day(31)).claim).toMatchObject({ kind: 'reduction', percent: 20 });
  });

  it('floors the percentage, so it never overstates', () => {
    const row = historyOf([{ at: day(0), price: 10000 }, { at: day(40), price: 8001 }]);
    expect(priceFacts(row, current(8001), day(41)).claim).toMatchObject({ percent: 19 });
    expect(floorPercent(1999, 10000)).toBe(19);
    expect(floorPercent(1, 3)).toBe(33);
    // Large amounts stay exact where floating point would round up to 100.
    expect(floorPercent(Number.MAX_SAFE_INTEGER - 1, Number.MAX_SAFE_INTEGER)).toBe(99);
  });

  it('shows no reduction when the seller raised the price and then cut it back', () => {
    const row = historyOf([
      { at: day(0), price: 10000 },
      { at: day(60), price: 15000 },
      { at: day(70), price: 12000 },
    ]);
    const facts = priceFacts(row, current(12000, 15000), day(71));
    // Postcart saw the whole window: the merchant's compare-at price is not shown either.
    expect(facts.claim).toEqual({ kind: 'none' });
    expect(facts.lowest30).toEqual({ priceMinor: 10000, at: day(0), complete: true });
  });

  it('states a raise-then-cut below the earlier price against that earlier price', () => {
    const row = historyOf([
      { at: day(0), price: 10000 },
      { at: day(60), price: 15000 },
      { at: day(70), price: 9000 },
    ]);
    expect(priceFacts(row, current(9000, 15000), day(71)).claim).toEqual({ kind: 'reduction', percent: 10, wasMinor: 10000, since: day(70) });
  });

  it('shows no reduction for a price equal to the 30-day low', () => {
    const row = historyOf([
      { at: day(0), price: 10000 },
      { at: day(50), price: 11000 },
      { at: day(55), price: 10000 },
    ]);
    expect(priceFacts(row, current(10000, 11000), day(56)).claim).toEqual({ kind: 'none' });
  });

  it('stops showing a reduction 30 days after it began', () => {
    const row = historyOf([{ at: day(0), price: 10000 }, { at: day(40), price: 8000 }]);
    expect(priceFacts(row, current(8000), day(70)).claim).toMatchObject({ kind: 'reduction', percent: 20 });
    expect(priceFacts(row, current(8000), day(70) + 1).claim).toEqual({ kind: 'none' });
    expect(priceFacts(row, current(8000, 10000), day(100)).claim).toEqual({ kind: 'none' });
  });

  it('does not restart the reduction when stock changes at the same price', () => {
    const row = historyOf([
      { at: day(0), price: 10000 },
      { at: day(40), price: 8000 },
      { at: day(45), price: 8000, inStock: false },
      { at: day(48), price: 8000 },
    ]);
    const facts = priceFacts(row, current(8000), day(50));
    expect(facts.priceSince).toBe(day(40));
    expect(facts.claim).toMatchObject({ kind: 'reduction', since: day(40), wasMinor: 10000 });
  });

  it('counts prices while out of stock in the 30-day low', () => {
    const row = historyOf([
      { at: day(0), price: 10000 },
      { at: day(30), price: 7000, inStock: false },
      { at: day(35), price: 10000 },
      { at: day(45), price: 8000 },
    ]);
    // The 7000 while out of stock lies in the window [day 15, day 45): 8000 is no reduction.
    expect(priceFacts(row, current(8000), day(46)).claim).toEqual({ kind: 'none' });
  });

  it('compares a progressive cut with the lowest price of the 30 days before the latest cut', () => {
    const row = historyOf([
      { at: day(0), price: 10000 },
      { at: day(40), price: 9000 },
      { at: day(55), price: 8000 },
    ]);
    expect(priceFacts(row, current(8000), day(56)).claim).toEqual({ kind: 'reduction', percent: 11, wasMinor: 9000, since: day(55) });
  });

  it('does not state a reduction under 1 %', () => {
    const row = historyOf([{ at: day(0), price: 10000 }, { at: day(40), price: 9901 }]);
    expect(priceFacts(row, current(9901), day(41)).claim).toEqual({ kind: 'none' });
  });

  it('makes no claim about a price of 0', () => {
    const row = historyOf([{ at: day(0), price: 10000 }, { at: day(40), price: 0 }]);
    expect(priceFacts(row, current(0, 10000), day(41)).claim).toEqual({ kind: 'none' });
  });

  it('starts over when the currency changed: the old currency\'s history is not compared', () => {
    const row = historyOf([{ at: day(0), price: 10000, currency: 'EUR' }]);
    const facts = priceFacts(row, current(9000, 12000, { currency: 'USD' }), day(60));
    expect(facts.dataSince).toBe(day(60));
    expect(facts.claim).toEqual({ kind: 'reference', compareAtMinor: 12000 });
  });

  it('reads a history that sync has not updated yet together with the current price', () => {
    const row = historyOf([{ at: day(0), price: 10000 }]);
    const facts = priceFacts(row, current(8000), day(40));
    expect(facts.priceSince).toBe(day(40));
    expect(facts.claim).toEqual({ kind: 'reduction', percent: 20, wasMinor: 10000, since: day(40) });
    const seen = historyAsOf(decodeHistory(row), current(8000), day(40));
    expect(seen.points.map((p) => p.priceMinor)).toEqual([10000, 8000]);
  });
});

describe('lowest in the last 30 days', () => {
  it('includes the current price and says when it was last in effect', () => {
    const row = historyOf([
      { at: day(0), price: 10000 },
      { at: day(40), price: 7000 },
      { at: day(45), price: 9000 },
      { at: day(50), price: 7000 },
      { at: day(52), price: 9500 },
    ]);
    expect(priceFacts(row, current(9500), day(60)).lowest30).toEqual({ priceMinor: 7000, at: day(50), complete: true });
    expect(priceFacts(row, current(9500), day(81)).lowest30).toEqual({ priceMinor: 7000, at: day(50), complete: true });
    expect(priceFacts(row, current(9500), day(83)).lowest30).toEqual({ priceMinor: 9500, at: day(52), complete: true });
  });

  it('is marked incomplete when Postcart has seen less than 30 days', () => {
    const row = historyOf([{ at: day(0), price: 10000 }, { at: day(3), price: 9000 }]);
    expect(priceFacts(row, current(9000), day(10)).lowest30).toEqual({ priceMinor: 9000, at: day(3), complete: false });
  });

  it('counts a price that lasted less than a minute', () => {
    const history = decodeHistory(historyOf([{ at: day(0), price: 10000 }, { at: day(1), price: 5000 }, { at: day(1), price: 10000 }]));
    expect(lowestBetween(history, day(0), day(2))?.priceMinor).toBe(5000);
  });
});

describe('typical price', () => {
  it('is the time-weighted middle half of the last 90 days', () => {
    const steps = [
      { at: day(0), price: 10000 },
      { at: day(50), price: 8000 },
      // A day of one-cent wobbles: twenty points that sat for an hour each.
      ...Array.from({ length: 20 }, (_, i) => ({ at: day(65) + i * HOUR_MS, price: i % 2 === 0 ? 8001 : 7999 })),
      { at: day(65) + 20 * HOUR_MS, price: 8000 },
      { at: day(80), price: 10000 },
    ];
    const facts = priceFacts(historyOf(steps), current(10000), day(90));
    // 60 days at 100.00 and 30 around 80.00: the 25th percentile is 80.00, the 75th 100.00.
    // Counting points instead, the twenty wobbles would make both 79.99 or 80.01.
    expect(facts.typical).toEqual({ lowMinor: 8000, highMinor: 10000 });
  });

  it('reads only the last 90 days', () => {
    const row = historyOf([{ at: day(0), price: 5000 }, { at: day(100), price: 10000 }]);
    expect(priceFacts(row, current(10000), day(200)).typical).toEqual({ lowMinor: 10000, highMinor: 10000 });
  });

  it('needs 10 days observed', () => {
    const row = historyOf([{ at: day(0), price: 10000 }]);
    expect(priceFacts(row, current(10000), day(10) - 1).typical).toBeNull();
    expect(priceFacts(row, current(10000), day(10)).typical).toEqual({ lowMinor: 10000, highMinor: 10000 });
  });

  it('weights each price by how long it was in effect', () => {
    const history = decodeHistory(historyOf([{ at: day(0), price: 100 }, { at: day(1), price: 200 }, { at: day(4), price: 300 }]));
    expect(weightedPercentiles(history, day(0), day(5), [0, 0.2, 0.25, 0.5, 0.8, 0.81, 1])).toEqual([100, 100, 200, 200, 200, 300, 300]);
    expect(weightedPercentiles(history, day(0), day(0), [0.5])).toBeNull();
  });
});

describe('when the current price began', () => {
  it('is the first of the trailing points at the current price', () => {
    const history = decodeHistory(historyOf([{ at: T0, price: 100 }, { at: T0 + DAY_MS, price: 90, inStock: false }, { at: T0 + 2 * DAY_MS, price: 90 }]));
    expect(priceSince(history)).toBe(T0 + DAY_MS);
  });
});
