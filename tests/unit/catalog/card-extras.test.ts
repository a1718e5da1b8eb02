import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { aiSummaryInput } from '@/utils/catalog/ai-summary';
import { SIMILAR_SEARCH_MAX_PRODUCTS } from '@/utils/catalog/card-extras';
import { openDb, type PostcartDB } from '@/utils/catalog/db';
import { ASPECTS, INSIGHT_LANGUAGES } from '@/utils/catalog/insights/lexicons/types';
import { FINDING_KEYS } from '@/utils/catalog/insights/schema';
import { productCard } from '@/utils/catalog/lookups';
import { CardData } from '@/utils/platform/messages';
import { applyFeed } from '@/utils/sync/apply';
import { importDemoCatalog } from '@/utils/sync/demo';
import { newSourceState } from '@/utils/sync/source';
import { parseFeed } from '@/utils/sync/sources/postcart';
import { fixture, type TrustFixture } from './insights-fixtures';

const SOURCE = newSourceState({ id: 'feed', kind: 'postcart', url: 'https://feeds.example/v1/feed' });
const OPTS = { sourceId: 'feed', baseUrl: SOURCE.url };
const messages = JSON.parse(readFileSync(new URL('../../../public/_locales/en/messages.json', import.meta.url), 'utf8')) as Record<string, unknown>;

const merchants = [
  { id: 'acme', name: 'Acme Outdoor', url: 'https://acme.example', currency: 'USD', checkout: { kind: 'shopify-permalink' } },
  { id: 'trailhead', name: 'Trailhead Supply', url: 'https://trailhead.example', currency: 'USD', checkout: { kind: 'shopify-permalink' } },
  { id: 'lune', name: 'Maison Lune', url: 'https://lune.example', currency: 'EUR', checkout: { kind: 'shopify-permalink' } },
];
interface V {
  id: string;
  title?: string;
  price: string;
  currency?: string;
  available?: boolean;
  gtin?: string;
  mpn?: string;
}
function product(id: string, merchantId: string, title: string, variants: V[], brand: string | null = 'Acme') {
  const currency = merchants.find((m) => m.id === merchantId)!.currency;
  return {
    id,
    merchantId,
    title,
    brand,
    url: `https://${merchantId}.example/products/${id.replace(':', '-')}`,
    variants: variants.map((v) => ({ currency, title: '', ...v })),
    updatedAt: '2026-11-20T10:00:00Z',
  };
}
async function load(db: PostcartDB, products: unknown[], reviews: unknown[] = []) {
  await db.sources.put(SOURCE);
  const parsed = parseFeed({ version: 1, cursor: 'c', hasMore: false, merchants, products, reviews, tags: [] }, OPTS);
  expect(parsed.skipped).toEqual([]);
  await applyFeed(db, SOURCE, parsed);
}
async function card(db: PostcartDB, productId: string, variantId: string | null = null) {
  const data = await productCard(db, productId, variantId);
  // The card is plain data that fits its message schema.
  expect(CardData.parse(data)).toEqual(data);
  return data!;
}

describe('the card’s review insights', () => {
  let db: PostcartDB;
  beforeEach(() => {
    db = openDb(`card-${Math.random()}`);
  });

  it('give every chip the hand count of the English fixture, and quotes taken word for word from its reviews', async () => {
    const en = fixture('reviews-en');
    const items = en.reviews.map(({ language: _language, ...r }) => r);
    await load(db, [product('acme:socks', 'acme', en.product.title, [{ id: 's1', price: '22.00' }])], [{ productId: 'acme:socks', rating: 4, count: en.totalCount, histogram: en.histogram, items }]);
    const { insights } = await card(db, 'acme:socks');
    const counted = Object.fromEntries(insights!.chips.map((c) => [c.aspect, [c.mentions, c.positive, c.negative]]));
    expect(counted).toEqual(en.expected.chips);
    for (const chip of insights!.chips) {
      expect(chip.quotes.length).toBe(Math.min(2, chip.mentions));
      for (const quote of chip.quotes) {
        const review = items.find((r) => r.id === quote.reviewId)!;
        const said = [review.title, review.text, ...(review.pros ?? []), ...(review.cons ?? [])].join('\n');
        expect(said, quote.text).toContain(quote.text.replace(/…$/, ''));
      }
    }
    // One review is in Spanish: counted, not analysed, and the card says so.
    expect(insights!.otherLanguages).toMatchObject({ key: 'insightMethodOtherLanguages', args: [{ value: en.expected.languages.other }] });
    expect(insights!.analysed).toBe(items.length - (en.expected.languages.other ?? 0));
    expect(insights!.ai).toMatchObject({ language: 'en', options: { expectedInputLanguages: ['en'], outputLanguage: 'en', type: 'tldr', format: 'plain-text' } });
  });

  it('put the flagged trust findings first: the 20-review fixture’s near-copies and burst', async () => {
    const trust = fixture<TrustFixture>('reviews-trust');
    const items = trust.reviews.map(({ language: _language, ...r }) => r);
    await load(db, [product('acme:jacket', 'acme', trust.product.title, [{ id: 'j1', price: '129.00' }])], [{ productId: 'acme:jacket', rating: 4.4, count: 20, histogram: trust.histogram, items }]);
    const { insights } = await card(db, 'acme:jacket');
    expect(insights!.method).toMatchObject({ key: 'insightMethod', args: [{ value: 20 }, { value: 20 }] });
    const flagged = insights!.trust.filter((s) => s.flag).map((s) => s.signal);
    expect(flagged).toEqual(expect.arrayContaining(['duplicates', 'bursts']));
    expect(insights!.trust.slice(0, flagged.length).every((s) => s.flag)).toBe(true);
    expect(insights!.trust.map((s) => s.signal).sort()).toEqual(['bursts', 'collection', 'distribution', 'duplicates', 'incentivized', 'sample', 'verified']);
  });

  it('have English words for every finding, aspect and the card’s new lines', () => {
    const keys = [...FINDING_KEYS, ...ASPECTS.map((a) => `insightAspect_${a}`), 'insightChip', 'insightTrustHeading', 'insightAiButton', 'insightAiDownload', 'sameItemHeading'];
    expect(keys.filter((key) => !messages[key])).toEqual([]);
    expect(INSIGHT_LANGUAGES).toHaveLength(6);
  });

  it('are absent from the card of a product without reviews', async () => {
    await load(db, [product('acme:1', 'acme', 'Mug', [{ id: '1', price: '9.00' }])]);
    expect((await card(db, 'acme:1')).insights).toBeNull();
  });
});

describe('the card’s same item elsewhere', () => {
  let db: PostcartDB;
  beforeEach(() => {
    db = openDb(`same-${Math.random()}`);
  });

  it('finds the GTIN-12 variant of one merchant under the GTIN-13 of another, cheaper and in stock: “same item” with the saving', async () => {
    await load(db, [
      product('acme:1', 'acme', 'Trail Jacket', [
        { id: 's', title: 'S / Blue', price: '129.00', gtin: '081234501112' },
        { id: 'm', title: 'M / Blue', price: '129.00', gtin: '081234501129' },
      ]),
      product('trailhead:1', 'trailhead', 'Acme Trail Jacket, Blue M', [{ id: 'tm', title: 'M / Blue', price: '119.00', gtin: '0081234501129' }]),
    ]);
    const { sameItems } = await card(db, 'acme:1', 'm');
    expect(sameItems.m).toEqual([
      expect.objectContaining({ tier: 'same', productId: 'trailhead:1', variantId: 'tm', merchantName: 'Trailhead Supply', priceMinor: 11900, currency: 'USD', savingMinor: 1000, basis: 'same-variant', shippingIncluded: false, converted: null }),
    ]);
    // The S variant's GTIN is nowhere else: not "the same item" (a similar title at most).
    expect(sameItems.s?.some((offer) => offer.tier === 'same') ?? false).toBe(false);
    // From the cheaper merchant's card, nothing is cheaper.
    expect((await card(db, 'trailhead:1')).sameItems).toEqual({});
  });

  it('calls the same brand and MPN “same model” and a similar title “similar”, never the same', async () => {
    await load(db, [
      product('acme:lamp', 'acme', 'Lumen 400 Headlamp', [{ id: 'l1', title: 'Black', price: '45.00', mpn: 'LM-400-BK' }]),
      product('trailhead:lamp', 'trailhead', 'Headlamp 400 lumens', [{ id: 'tl', title: 'Black', price: '41.00', mpn: 'lm400bk' }]),
      product('acme:socks', 'acme', 'Merino Hiking Socks', [{ id: 'a1', title: 'M', price: '22.00' }]),
      product('trailhead:socks', 'trailhead', 'Acme Merino Hiking Socks', [{ id: 't1', title: 'M', price: '19.00' }]),
    ]);
    expect((await card(db, 'acme:lamp')).sameItems.l1).toEqual([expect.objectContaining({ tier: 'same-model', productId: 'trailhead:lamp', basis: 'lowest-in-stock', savingMinor: 400 })]);
    expect((await card(db, 'acme:socks')).sameItems.a1).toEqual([expect.objectContaining({ tier: 'similar', productId: 'trailhead:socks', savingMinor: 300 })]);
  });

  it('never matches a two-pack that shares the single item’s words, nor one under the same GTIN', async () => {
    await load(db, [
      product('acme:socks', 'acme', 'Merino Hiking Socks', [{ id: 'a1', title: 'M', price: '22.00', gtin: '081234501099' }]),
      product('trailhead:2pk', 'trailhead', 'Merino Hiking Socks, 2-Pack', [{ id: 't2', title: 'M', price: '19.00' }]),
      product('trailhead:2pk-gtin', 'trailhead', 'Merino Hiking Socks 2 pack', [{ id: 't3', title: 'M', price: '18.00', gtin: '081234501099' }]),
    ]);
    expect((await card(db, 'acme:socks')).sameItems).toEqual({});
  });

  it('leaves out twins that are out of stock, save under 1 %, or are priced in another currency (no exchange rates are held)', async () => {
    await load(db, [
      product('acme:bottle', 'acme', 'Summit Bottle 750 ml', [{ id: 'b', title: 'Glacier', price: '100.00', gtin: '081234501310' }]),
      product('trailhead:gone', 'trailhead', 'Summit Bottle 750 ml', [{ id: 'g', title: 'Glacier', price: '80.00', gtin: '081234501310', available: false }]),
      product('trailhead:penny', 'trailhead', 'Summit Bottle 750 ml', [{ id: 'p', title: 'Glacier', price: '99.50', gtin: '081234501310' }]),
      product('lune:bottle', 'lune', 'Summit Bottle 750 ml', [{ id: 'e', title: 'Glacier', price: '20.00', gtin: '081234501310' }]),
    ]);
    expect((await card(db, 'acme:bottle')).sameItems).toEqual({});
  });

  it('looks for similar titles only in catalogs small enough to search at a card’s open', async () => {
    const many = Array.from({ length: SIMILAR_SEARCH_MAX_PRODUCTS }, (_, i) => product(`acme:filler-${i}`, 'acme', `Filler ${i}`, [{ id: `f${i}`, price: '5.00' }], null));
    await load(db, [
      product('acme:socks', 'acme', 'Merino Hiking Socks', [{ id: 'a1', title: 'M', price: '22.00' }]),
      product('trailhead:socks', 'trailhead', 'Acme Merino Hiking Socks', [{ id: 't1', title: 'M', price: '19.00' }]),
      ...many,
    ]);
    expect((await card(db, 'acme:socks')).sameItems).toEqual({});
  });
});

describe('the demo catalog’s twins', () => {
  it('show a tester “same item” for the Trail Jacket, the poles and the bottle, “same model” for the headlamp, “similar” for the socks', async () => {
    const db = openDb(`demo-${Math.random()}`);
    const raw = JSON.parse(readFileSync(new URL('../../../public/demo-catalog.json', import.meta.url), 'utf8')) as unknown;
    await importDemoCatalog(db, 'chrome-extension://abc/demo-catalog.json', async () => raw);
    const first = async (productId: string, variantId: string | null) => {
      const data = await card(db, productId, variantId);
      return data.sameItems[data.selectedVariantId]?.[0];
    };
    expect(await first('acme:1001', '40110010002')).toMatchObject({ tier: 'same', merchantName: 'Trailhead Supply Co.', priceMinor: 11900, savingMinor: 1000 });
    expect(await first('acme:1006', null)).toMatchObject({ tier: 'same', productId: 'trailhead:5002' });
    expect(await first('acme:1003', '40110030001')).toMatchObject({ tier: 'same', productId: 'trailhead:5003' });
    expect(await first('acme:1007', '40110070001')).toMatchObject({ tier: 'same-model', productId: 'trailhead:5004' });
    expect(await first('acme:1009', '40110090002')).toMatchObject({ tier: 'similar', productId: 'trailhead:5005' });
    // The 2-pack of socks is never offered for the single pair.
    const socks = await card(db, 'acme:1009', '40110090002');
    expect(Object.values(socks.sameItems).flat().map((o) => o.productId)).not.toContain('trailhead:5006');
  });
});

describe('the AI summary window’s input', () => {
  it('labels the product’s reviews in their main language for the Summarizer and lists them', async () => {
    const db = openDb(`ai-${Math.random()}`);
    const en = fixture('reviews-en');
    const items = en.reviews.map(({ language: _language, ...r }) => r);
    await load(db, [product('acme:socks', 'acme', en.product.title, [{ id: 's1', price: '22.00' }]), product('acme:mug', 'acme', 'Mug', [{ id: 'm', price: '9.00' }])], [
      { productId: 'acme:socks', rating: 4, count: en.totalCount, histogram: en.histogram, items },
    ]);
    const input = await aiSummaryInput(db, 'acme:socks');
    expect(input?.language).toBe('en');
    expect(input?.options).toMatchObject({ expectedInputLanguages: ['en'] });
    expect(Object.keys(input!.labels)[0]).toBe('R1');
    expect(input!.text).toMatch(/^\[R1\] \(\d\/5\) /);
    // Every labelled review is listed for the shopper to check; the Spanish one is not summarised.
    expect(input!.reviews.map((r) => r.id).sort()).toEqual(Object.values(input!.labels).sort());
    expect(input!.reviews).toHaveLength(items.length - (en.expected.languages.other ?? 0));
    expect(await aiSummaryInput(db, 'acme:mug')).toBeNull();
  });
});
