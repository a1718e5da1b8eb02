import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { demoHistoryRows, demoScenarios, DEMO_SCENARIOS_WITH_COMPARE_AT, DEMO_SCENARIOS_WITHOUT, type DemoScenario } from '@/utils/catalog/demo-history';
import { DAY_MS, decodeHistory, HistoryRow, recordProducts, variantHistory } from '@/utils/catalog/history';
import { priceChart } from '@/utils/catalog/price-chart';
import { priceFacts } from '@/utils/catalog/pricing';
import { parseFeed } from '@/utils/sync/sources/postcart';

const FEED_URL = 'chrome-extension://test/demo-catalog.json';
const raw: unknown = JSON.parse(readFileSync(fileURLToPath(new URL('../../../public/demo-catalog.json', import.meta.url)), 'utf8'));
const { products } = parseFeed(raw, { sourceId: 'demo', baseUrl: FEED_URL, allowedOrigins: ['chrome-extension://test'] });
const NOW = Date.UTC(2026, 10, 22, 10, 30);
const rows = demoHistoryRows(products, NOW);
const rowOf = (productId: string, variantId: string) => variantHistory(rows.find((row) => row.productId === productId), variantId);
const scenarios = demoScenarios(products);

describe('the demo catalog\'s price history', () => {
  it('has a valid row per product, ending at each variant\'s price and stock as the catalog says', () => {
    expect(products.length).toBeGreaterThan(30);
    expect(rows.map((row) => row.productId)).toEqual(products.map((p) => p.id));
    for (const row of rows) expect(HistoryRow.safeParse(row).success).toBe(true);
    // The demo import's own first observation finds nothing new.
    expect(recordProducts(products, rows, NOW)).toEqual([]);
    for (const product of products) {
      for (const variant of product.variants) {
        const history = rowOf(product.id, variant.id)!;
        expect(history.since).toBeLessThanOrEqual(NOW);
        expect(history.since).toBeGreaterThanOrEqual(NOW - 120 * DAY_MS);
      }
    }
  });

  it('is the same for the same products, time and seed, and moves with the time', () => {
    expect(demoHistoryRows(products, NOW)).toEqual(rows);
    const later = demoHistoryRows(products, NOW + 5 * DAY_MS);
    const shifted = later.map((row) => ({
      ...row,
      variants: row.variants.map((v) => ({ ...v, since: v.since - 5 * DAY_MS, foldedBefore: v.foldedBefore && v.foldedBefore - 5 * DAY_MS })),
    }));
    expect(shifted).toEqual(rows);
    expect(demoHistoryRows(products, NOW, 2)).not.toEqual(rows);
  });

  it('tells every story at least once', () => {
    const told = new Set(scenarios.values());
    for (const story of [...DEMO_SCENARIOS_WITH_COMPARE_AT, ...DEMO_SCENARIOS_WITHOUT]) expect(told, story).toContain(story);
  });

  it('shows on the card what each story is meant to show', () => {
    const expected: Record<DemoScenario, (claim: ReturnType<typeof priceFacts>['claim'], compareAt: number | null) => void> = {
      'honest-sale': (claim, compareAt) => {
        if (compareAt === null) return expect(claim.kind).toBe('none');
        expect(claim).toMatchObject({ kind: 'reduction', wasMinor: compareAt });
      },
      'fake-reference': (claim) => expect(claim.kind).toBe('none'),
      'raised-then-cut': (claim) => expect(claim.kind).toBe('none'),
      'long-sale': (claim) => expect(claim.kind).toBe('none'),
      'new-listing': (claim, compareAt) => expect(claim).toEqual(compareAt === null ? { kind: 'none' } : { kind: 'reference', compareAtMinor: compareAt }),
      stable: (claim) => expect(claim.kind).toBe('none'),
      'past-sale': (claim) => expect(claim.kind).toBe('none'),
      'price-rise': (claim) => expect(claim.kind).toBe('none'),
      wobble: (claim) => expect(['none', 'reduction']).toContain(claim.kind),
    };
    let reductions = 0;
    for (const product of products) {
      const story = scenarios.get(product.id)!;
      for (const variant of product.variants) {
        const facts = priceFacts(rowOf(product.id, variant.id), variant, NOW);
        expected[story](facts.claim, variant.compareAtMinor);
        if (facts.claim.kind === 'reduction') reductions += 1;
        // Ten days or more everywhere: every card has a typical price.
        expect(facts.typical, `${product.id}/${variant.id}`).not.toBeNull();
      }
    }
    expect(reductions).toBeGreaterThan(0);
  });

  it('shows the compare-at price in the history of real sales only', () => {
    for (const product of products) {
      const story = scenarios.get(product.id)!;
      for (const variant of product.variants) {
        if (variant.compareAtMinor === null) continue;
        const prices = decodeHistory(rowOf(product.id, variant.id)!).points.map((p) => p.priceMinor);
        const seenAtCompareAt = prices.includes(variant.compareAtMinor);
        expect(seenAtCompareAt, `${story} ${product.id}/${variant.id}`).toBe(['honest-sale', 'long-sale', 'raised-then-cut'].includes(story));
      }
    }
  });

  it('gives every variant a chart, and most charts more than one price', () => {
    const charts = products.flatMap((product) => product.variants.map((variant) => priceChart(rowOf(product.id, variant.id), variant, NOW)));
    expect(charts.every((chart) => chart !== null)).toBe(true);
    const moving = charts.filter((chart) => new Set(chart!.steps.map((s) => `${s.priceMinor}/${s.inStock}`)).size > 1);
    expect(moving.length / charts.length).toBeGreaterThan(0.5);
  });

  it('keeps shop prices round in their currency', () => {
    for (const product of products) {
      if (scenarios.get(product.id) === 'wobble') continue;
      for (const variant of product.variants) {
        // Whole units for the demo's USD, EUR and GBP; 100 yen for JPY: 100 minor units either way.
        for (const point of decodeHistory(rowOf(product.id, variant.id)!).points) {
          if (point.priceMinor === variant.priceMinor || point.priceMinor === variant.compareAtMinor) continue;
          expect(point.priceMinor % 100, `${product.id} ${point.priceMinor}`).toBe(0);
        }
      }
    }
  });
});
