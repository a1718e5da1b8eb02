/**
 * Plausible price histories for the bundled demo catalog, so a tester sees charts, "lowest in
 * 30 days" and the reduction rule at work on the first card. Deterministic: the same products,
 * `now` and seed give the same rows. Every history ends exactly at the variant's current price and
 * stock, so the demo import's own first observation adds nothing.
 *
 * Products with a compare-at price take turns at five stories, so each is on show:
 * - honest-sale: at the compare-at price for months, cut 4 to 20 days ago: "−N %" against it.
 * - fake-reference: never seen at the compare-at price: Postcart shows no reduction.
 * - raised-then-cut: raised to the compare-at price 12 days before a cut a few days ago, back to
 *   where it had been: the 30-day low is the current price, so no reduction.
 * - new-listing: first seen 14 days ago: the compare-at price is the merchant's reference price,
 *   no percentage; a typical price is already shown (10 days or more).
 * - long-sale: a real cut from the compare-at price, but 35 to 51 days ago: the reduced price is
 *   the established price now, so no reduction is stated.
 * Products without one: stable, an earlier sale (45 to 75 days ago), a price rise 50 to 70 days
 * ago, or small wobbles every week or so. Out-of-stock variants went out 2 to 15 days ago.
 */
import type { StoredProduct, StoredVariant } from './model';
import { currencyDigits } from '../platform/money';
import { DAY_MS, HOUR_MS, recordObservation, type HistoryRow, type VariantHistory } from './history';

export const DEMO_HISTORY_DAYS = 120;
const NEW_LISTING_DAYS = 14;

export const DEMO_SCENARIOS_WITH_COMPARE_AT = ['honest-sale', 'fake-reference', 'raised-then-cut', 'new-listing', 'long-sale'] as const;
export const DEMO_SCENARIOS_WITHOUT = ['stable', 'past-sale', 'price-rise', 'wobble'] as const;
export type DemoScenario = (typeof DEMO_SCENARIOS_WITH_COMPARE_AT)[number] | (typeof DEMO_SCENARIOS_WITHOUT)[number];

/** mulberry32: a small seeded generator, enough for demo data (and for tests' and benchmarks' generated data). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let x = state;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a: a product's own stream of numbers, independent of the catalog's order. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Shop prices are round: whole units (100 yen for currencies without minor units). */
function roundPrice(minor: number, currency: string): number {
  const digits = currencyDigits(currency);
  const step = digits === 0 ? 100 : 10 ** digits;
  return Math.max(step, Math.round(minor / step) * step);
}

/** Which story each product tells: compare-at products and the others each take turns, in order. */
export function demoScenarios(products: readonly Pick<StoredProduct, 'id' | 'variants'>[]): Map<string, DemoScenario> {
  const scenarios = new Map<string, DemoScenario>();
  let withCompareAt = 0;
  let without = 0;
  for (const product of products) {
    if (product.variants.some((v) => v.compareAtMinor !== null)) {
      scenarios.set(product.id, DEMO_SCENARIOS_WITH_COMPARE_AT[withCompareAt++ % DEMO_SCENARIOS_WITH_COMPARE_AT.length]!);
    } else {
      scenarios.set(product.id, DEMO_SCENARIOS_WITHOUT[without++ % DEMO_SCENARIOS_WITHOUT.length]!);
    }
  }
  return scenarios;
}

interface Change {
  /** Days before now (fractions are hours). */
  daysAgo: number;
  priceMinor: number;
}

interface StockChange {
  daysAgo: number;
  inStock: boolean;
}

/** The price changes of one variant, oldest first; the last leaves it at its current price. */
function priceStory(scenario: DemoScenario, variant: StoredVariant, random: () => number, product: { cutDaysAgo: number; eventDaysAgo: number; span: number }): Change[] {
  const price = variant.priceMinor;
  const compareAt = variant.compareAtMinor;
  const round = (minor: number) => roundPrice(minor, variant.currency);
  const start = product.span;
  switch (scenario) {
    case 'honest-sale':
      if (compareAt === null) return [{ daysAgo: start, priceMinor: price }];
      return [
        { daysAgo: start, priceMinor: compareAt },
        { daysAgo: product.cutDaysAgo, priceMinor: price },
      ];
    case 'long-sale':
      if (compareAt === null) return [{ daysAgo: start, priceMinor: price }];
      return [
        { daysAgo: start, priceMinor: compareAt },
        { daysAgo: product.cutDaysAgo + 31, priceMinor: price },
      ];
    case 'raised-then-cut':
      if (compareAt === null) return [{ daysAgo: start, priceMinor: price }];
      return [
        { daysAgo: start, priceMinor: price },
        { daysAgo: product.cutDaysAgo + 12, priceMinor: compareAt },
        { daysAgo: product.cutDaysAgo, priceMinor: price },
      ];
    case 'fake-reference':
    case 'new-listing':
    case 'stable':
      return [{ daysAgo: start, priceMinor: price }];
    case 'past-sale': {
      const sale = round(price * (0.75 + random() * 0.1));
      const length = 7 + Math.floor(random() * 8);
      return [
        { daysAgo: start, priceMinor: price },
        { daysAgo: product.eventDaysAgo, priceMinor: sale < price ? sale : price },
        { daysAgo: product.eventDaysAgo - length, priceMinor: price },
      ];
    }
    case 'price-rise': {
      const before = round(price * (0.88 + random() * 0.04));
      return [
        { daysAgo: start, priceMinor: before < price ? before : round(price * 0.9) },
        { daysAgo: product.eventDaysAgo, priceMinor: price },
      ];
    }
    case 'wobble': {
      const changes: Change[] = [{ daysAgo: start, priceMinor: price }];
      let day = start - 5 - random() * 7;
      while (day > 8) {
        const step = Math.max(1, Math.round((price * (1 + random() * 2)) / 100));
        changes.push({ daysAgo: day, priceMinor: Math.max(1, price + (random() < 0.5 ? -step : step)) });
        day -= 5 + random() * 7;
      }
      changes.push({ daysAgo: Math.max(1, day), priceMinor: price });
      return changes;
    }
  }
}

/**
 * Demo history rows for products as stored (after parsing the demo feed), as of `now`. The lead's
 * demo import writes them with the products: `db.priceHistory.bulkPut(demoHistoryRows(products, Date.now()))`.
 */
export function demoHistoryRows(products: readonly StoredProduct[], now: number, seed = 1): HistoryRow[] {
  const scenarios = demoScenarios(products);
  const rows: HistoryRow[] = [];
  for (const product of products) {
    const scenario = scenarios.get(product.id)!;
    const random = seededRandom(hash(product.id) ^ seed);
    const shared = {
      span: scenario === 'new-listing' ? NEW_LISTING_DAYS : DEMO_HISTORY_DAYS,
      cutDaysAgo: 4 + Math.floor(random() * 17),
      eventDaysAgo: 45 + Math.floor(random() * 31),
    };
    const variants: VariantHistory[] = [];
    for (const variant of product.variants) {
      const changes = priceStory(scenario, variant, random, shared);
      // Stock: an out-of-stock variant went out 2 to 15 days ago; some others were out for a few days earlier.
      const stock: StockChange[] = [];
      if (!variant.available) stock.push({ daysAgo: Math.min(2 + random() * 13, shared.span - 1), inStock: false });
      else if (shared.span > 40 && random() < 0.3) {
        const out = 25 + random() * 60;
        stock.push({ daysAgo: out, inStock: false }, { daysAgo: out - 2 - random() * 4, inStock: true });
      }
      const events: (Change | StockChange)[] = [...changes, ...stock].sort((a, b) => b.daysAgo - a.daysAgo);
      let history: VariantHistory | undefined;
      let priceMinor = changes[0]!.priceMinor;
      let inStock = true;
      for (const event of events) {
        if ('priceMinor' in event) priceMinor = event.priceMinor;
        else inStock = event.inStock;
        // Changes land in shop hours, not on the minute the story says.
        const at = now - event.daysAgo * DAY_MS + (event.daysAgo === shared.span ? 0 : Math.floor(random() * 8) * HOUR_MS);
        history = recordObservation(history, { variantId: variant.id, priceMinor, currency: variant.currency, inStock }, Math.min(at, now));
      }
      variants.push(recordObservation(history, { variantId: variant.id, priceMinor: variant.priceMinor, currency: variant.currency, inStock: variant.available }, now));
    }
    rows.push({ productId: product.id, variants });
  }
  return rows;
}
