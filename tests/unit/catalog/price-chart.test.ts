import { describe, expect, it } from 'vitest';
import { DAY_MS } from '@/utils/catalog/history';
import { CHART_DEFAULTS, priceChart } from '@/utils/catalog/price-chart';
import { day, historyOf } from './history-helpers';

const now = day(120);
const state = (priceMinor: number, available = true) => ({ priceMinor, currency: 'USD', available });

describe('the price chart', () => {
  it('draws the last 90 days as a step line, one horizontal piece per price', () => {
    const row = historyOf([
      { at: day(0), price: 10000 },
      { at: day(75), price: 8000 },
      { at: day(110), price: 9000 },
    ]);
    const chart = priceChart(row, state(9000), now)!;
    expect(chart).toMatchObject({ width: 300, height: 80, start: day(30), end: now, dataSince: day(0), currency: 'USD' });
    // x: 90 days over 300 units (day 75 is 150, day 110 is 266.7); y: 100.00 at the top padding, 80.00 at the bottom.
    expect(chart.path).toBe('M0 4H150V76H266.7V40H300');
    expect(chart.steps).toEqual([
      { from: day(30), to: day(75), priceMinor: 10000, inStock: true },
      { from: day(75), to: day(110), priceMinor: 8000, inStock: true },
      { from: day(110), to: now, priceMinor: 9000, inStock: true },
    ]);
    expect(chart.low).toEqual({ priceMinor: 8000, at: day(75), y: 76 });
    expect(chart.high).toEqual({ priceMinor: 10000, at: day(30), y: 4 });
    expect(chart.current).toEqual({ priceMinor: 9000, inStock: true });
  });

  it('gives the latest date a price was the lowest, for the summary', () => {
    const row = historyOf([
      { at: day(40), price: 9900 },
      { at: day(50), price: 12900 },
      { at: day(100), price: 9900 },
      { at: day(105), price: 12900 },
    ]);
    const chart = priceChart(row, state(12900), now)!;
    expect(chart.low).toMatchObject({ priceMinor: 9900, at: day(100) });
    expect(chart.high).toMatchObject({ priceMinor: 12900, at: day(105) });
  });

  it('starts at the first point when Postcart has seen less than 90 days', () => {
    const row = historyOf([{ at: day(100), price: 5000 }, { at: day(110), price: 4000 }]);
    const chart = priceChart(row, state(4000), now)!;
    expect(chart.start).toBe(day(100));
    expect(chart.path).toBe('M0 4H150V76H300');
  });

  it('draws a flat price across the middle', () => {
    const chart = priceChart(historyOf([{ at: day(0), price: 5000 }]), state(5000), now)!;
    expect(chart.path).toBe('M0 40H300');
    expect(chart.low).toEqual({ priceMinor: 5000, at: day(30), y: 40 });
  });

  it('marks out-of-stock spans as x ranges, one span across a price change', () => {
    const row = historyOf([
      { at: day(30), price: 5000 },
      { at: day(60), price: 5000, inStock: false },
      { at: day(75), price: 4000, inStock: false },
      { at: day(90), price: 4000 },
      { at: day(105), price: 4000, inStock: false },
    ]);
    const chart = priceChart(row, state(4000, false), now)!;
    expect(chart.outOfStock).toEqual([
      { x: 100, width: 100 },
      { x: 250, width: 50 },
    ]);
    expect(chart.current).toEqual({ priceMinor: 4000, inStock: false });
  });

  it('includes the current price when the stored history lags behind it', () => {
    const chart = priceChart(historyOf([{ at: day(0), price: 5000 }]), state(4500), now)!;
    expect(chart.steps.at(-1)).toEqual({ from: now, to: now, priceMinor: 4500, inStock: true });
    expect(chart.current).toEqual({ priceMinor: 4500, inStock: true });
    expect(chart.low).toMatchObject({ priceMinor: 4500, at: now });
    expect(chart.path).toBe('M0 4H300V76H300');
  });

  it('has nothing to draw for a variant first seen this minute', () => {
    expect(priceChart(undefined, state(4500), now)).toBeNull();
  });

  it('takes another span and size when asked', () => {
    const row = historyOf([{ at: day(0), price: 10000 }, { at: day(115), price: 8000 }]);
    const chart = priceChart(row, state(8000), now, { days: 10, width: 100, height: 20, padding: 0 })!;
    expect(chart.start).toBe(now - 10 * DAY_MS);
    expect(chart.path).toBe('M0 0H50V20H100');
    expect(CHART_DEFAULTS.days).toBe(90);
  });
});
