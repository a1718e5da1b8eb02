import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { openDb, type PostcartDB } from '@/utils/catalog/db';
import { parseShopifyPage, SHOPIFY_MAX_PAGE, shopifyPageUrl } from '@/utils/sync/sources/shopify';
import { newSourceState } from '@/utils/sync/source';
import { applyFeed } from '@/utils/sync/apply';
import { FeedError } from '@/utils/sync/records';
import { htmlToText } from '@/utils/sync/text';
import { because, skipLine } from '../fixtures';

const fixture = (name: string): unknown => JSON.parse(readFileSync(new URL(`../../feeds/${name}`, import.meta.url), 'utf8'));
const OPTS = { sourceId: 'fernhill', storeUrl: 'https://fernhill.example', currency: 'USD', merchant: { id: 'fernhill', name: 'Fernhill Outfitters' } };
const JACKET = 'fernhill:7741532225714';
const MUG = 'fernhill:7741532258482';
const PACK = 'fernhill:7741532389554';

describe('the Shopify products.json page parser', () => {
  it('turns each good product into a stored product with its variants priced in the store currency', () => {
    const page = parseShopifyPage(fixture('shopify-products-page-1.json'), OPTS);
    expect(page.products.map((p) => p.id)).toEqual([JACKET, MUG, PACK]);
    const jacket = page.products[0]!;
    expect(jacket).toMatchObject({
      merchantId: 'fernhill',
      title: 'Ridgeline Waterproof Shell Jacket',
      url: 'https://fernhill.example/products/ridgeline-waterproof-shell-jacket',
      urlKey: 'fernhill.example/products/ridgeline-waterproof-shell-jacket',
      brand: 'Fernhill',
      gtin: '0840243108817',
      updatedAt: '2026-11-18T16:02:41-05:00',
      sourceId: 'fernhill',
    });
    expect(jacket.variants).toEqual([
      // Each variant's barcode is its GTIN; its picture is its featured image, or the product image listing it.
      { id: '43128476205234', title: 'S / Slate', priceMinor: 18900, compareAtMinor: 21900, currency: 'USD', available: true, sku: 'RWS-S-SLT', gtin: '0840243108817', mpn: null, image: 'https://cdn.shopify.com/s/files/1/0612/4471/8890/files/ridgeline-slate-front.jpg?v=1731963761' },
      { id: '43128476238002', title: 'M / Slate', priceMinor: 18900, compareAtMinor: 21900, currency: 'USD', available: true, sku: 'RWS-M-SLT', gtin: '0840243108824', mpn: null, image: 'https://cdn.shopify.com/s/files/1/0612/4471/8890/files/ridgeline-slate-front.jpg?v=1731963761' },
      { id: '43128476270770', title: 'L / Moss', priceMinor: 18900, compareAtMinor: 21900, currency: 'USD', available: false, sku: 'RWS-L-MOS', gtin: '0840243108831', mpn: null, image: 'https://cdn.shopify.com/s/files/1/0612/4471/8890/files/ridgeline-moss-front.jpg?v=1731963761' },
    ]);
  });

  it('resolves protocol-relative image paths against the store and keeps https images', () => {
    const page = parseShopifyPage(fixture('shopify-products-page-1.json'), OPTS);
    expect(page.products[0]?.images).toEqual([
      'https://cdn.shopify.com/s/files/1/0612/4471/8890/files/ridgeline-slate-front.jpg?v=1731963761',
      'https://cdn.shopify.com/s/files/1/0612/4471/8890/files/ridgeline-slate-back.jpg?v=1731963761',
    ]);
  });

  it('turns body_html into plain text with no markup, scripts or styles left', () => {
    const page = parseShopifyPage(fixture('shopify-products-page-1.json'), OPTS);
    const description = page.products[0]!.description;
    expect(description).toBe(
      'A three-layer shell for wet ridgelines & windy summits. Taped seams, pit zips and a helmet\u2011compatible hood.\n\n' +
        '• 20,000 mm waterproof rating\n• Packs into its own chest pocket\n• Recycled nylon face fabric\n\n' +
        'Fit: regular. Size down if you’re between sizes.',
    );
    expect(description).not.toMatch(/[<>]|dataLayer|margin/);
    expect(page.products[2]?.description).toBe('Roll-top main compartment, hip-belt pockets and a sleeve for a 2 L reservoir.\nWeight: 890 g.\nFits torsos 40–51 cm.');
  });

  it('leaves the title of a single "Default Title" variant empty and drops a compare-at price that is no discount', () => {
    const page = parseShopifyPage(fixture('shopify-products-page-1.json'), OPTS);
    const mug = page.products[1]!;
    expect(mug.variants).toEqual([{ id: '43128476303538', title: '', priceMinor: 1800, compareAtMinor: null, currency: 'USD', available: true, sku: 'ECM-12-SPK', gtin: null, mpn: null, image: null }]);
    expect(mug.gtin).toBeNull(); // an empty barcode is no GTIN
    const pack = page.products[2]!;
    expect(pack.gtin).toBe('840243108879');
    expect(pack.variants.map((v) => v.compareAtMinor)).toEqual([14900, null]);
  });

  it('skips a product without variants, with a negative price, with a javascript: image, or repeated, each with its reason', () => {
    const page = parseShopifyPage(fixture('shopify-products-page-1.json'), OPTS);
    expect(page.skipped).toEqual([
      { kind: 'products', index: 2, id: 'fernhill:7741532291250', path: 'variants', reason: because('skipTooFew', 1) },
      { kind: 'products', index: 3, id: 'fernhill:7741532324018', path: 'variants.0.price', reason: because('skipDecimalString') },
      { kind: 'products', index: 4, id: 'fernhill:7741532356786', path: 'images.0', reason: because('skipUrlNotHttps') },
      { kind: 'products', index: 6, id: MUG, path: '', reason: because('skipDuplicateId') },
    ]);
  });

  it('skips records of the wrong type and keeps the rest of the page', () => {
    const page = parseShopifyPage(
      {
        products: [
          'not a product',
          { id: 1, title: 'No handle', variants: [{ id: 2, price: '5.00' }], updated_at: '2026-11-01T00:00:00Z' },
          { id: 3, title: 'Numeric price', handle: 'numeric-price', variants: [{ id: 4, price: 5 }], updated_at: '2026-11-01T00:00:00Z' },
          { id: 5, title: 'x'.repeat(400), handle: 'long-title', variants: [{ id: 6, price: '5.00' }], updated_at: '2026-11-01T00:00:00Z' },
          { id: 7, title: 'Too many decimals', handle: 'decimals', variants: [{ id: 8, price: '5.005' }], updated_at: '2026-11-01T00:00:00Z' },
          { id: 9, title: 'Fine', handle: 'fine', variants: [{ id: 10, price: '5.00' }], updated_at: '2026-11-01T00:00:00Z' },
        ],
      },
      OPTS,
    );
    expect(page.products.map((p) => p.id)).toEqual(['fernhill:9']);
    expect(page.skipped.map(skipLine)).toEqual([
      expect.stringMatching(/^null: /),
      expect.stringMatching(/^fernhill:1: handle: /),
      expect.stringMatching(/^fernhill:3: variants\.0\.price: /),
      expect.stringMatching(/^fernhill:5: title: /),
      expect.stringMatching(/^fernhill:7: .*more decimals than USD allows/),
    ]);
  });

  it('cuts a very long description instead of losing the product', () => {
    const body = `<p>${'Soft merino wool. '.repeat(1000)}</p>`;
    const page = parseShopifyPage({ products: [{ id: 1, title: 'Long story', handle: 'long', body_html: body, variants: [{ id: 2, price: '5.00' }], updated_at: '2026-11-01T00:00:00Z' }] }, OPTS);
    expect(page.products[0]?.description.length).toBeGreaterThan(4900);
    expect(page.products[0]?.description.length).toBeLessThanOrEqual(5000);
    expect(page.products[0]?.description.endsWith('…')).toBe(true);
  });

  it('includes the merchant with the store currency in every page so any page applies on its own', () => {
    const page = parseShopifyPage(fixture('shopify-products-page-1.json'), { ...OPTS, page: 3 });
    expect(page.merchants).toEqual([
      { id: 'fernhill', name: 'Fernhill Outfitters', url: 'https://fernhill.example', currency: 'USD', checkout: { kind: 'shopify-permalink' }, accounts: {}, sourceId: 'fernhill' },
    ]);
  });

  it('goes on to the next page after a full one and ends at an empty page', () => {
    const full = parseShopifyPage(fixture('shopify-products-page-1.json'), { ...OPTS, page: 1 });
    expect(full).toMatchObject({ hasMore: true, cursor: '2', notes: [] });
    const empty = parseShopifyPage(fixture('shopify-products-page-2-empty.json'), { ...OPTS, page: 2 });
    expect(empty).toMatchObject({ hasMore: false, cursor: '', products: [], skipped: [], notes: [] });
  });

  it('ends at the 25,000 product cap with a note instead of an error', () => {
    expect(SHOPIFY_MAX_PAGE).toBe(100);
    const last = parseShopifyPage(fixture('shopify-products-page-1.json'), { ...OPTS, page: SHOPIFY_MAX_PAGE });
    expect(last.hasMore).toBe(false);
    expect(last.products).toHaveLength(3);
    expect(last.notes).toEqual([because('noteShopifyPageCap', 100, 25000)]);
  });

  it('builds page URLs on the store origin and refuses pages past the cap', () => {
    expect(shopifyPageUrl('https://fernhill.example/collections/all', 1)).toBe('https://fernhill.example/products.json?limit=250&page=1');
    expect(shopifyPageUrl('fernhill.example', 100)).toBe('https://fernhill.example/products.json?limit=250&page=100');
    expect(shopifyPageUrl('http://fernhill.example', 2)).toBe('https://fernhill.example/products.json?limit=250&page=2');
    expect(() => shopifyPageUrl('https://fernhill.example', 101)).toThrow(RangeError);
    expect(() => shopifyPageUrl('https://fernhill.example', 0)).toThrow(RangeError);
    expect(() => shopifyPageUrl('javascript:alert(1)', 1)).toThrow(FeedError);
  });

  it('rejects a response that is not a products listing as a whole', () => {
    expect(() => parseShopifyPage({ errors: 'Not Found' }, OPTS)).toThrow(FeedError);
    expect(() => parseShopifyPage('<!DOCTYPE html><title>Password</title>', OPTS)).toThrow(FeedError);
    expect(() => parseShopifyPage(null, OPTS)).toThrow(FeedError);
    expect(() => parseShopifyPage({ products: [] }, { ...OPTS, currency: 'dollars' })).toThrow(FeedError);
  });
});

describe('plain text from HTML', () => {
  it('decodes references once, keeps a lone "<" and drops comments and unknown markup', () => {
    expect(htmlToText('Fish &amp;amp; chips &lt;3 <!-- hidden --><span style="a>b">for 2 < 3 people</span>&#x1F41F;&#0;')).toBe('Fish &amp; chips <3 for 2 < 3 people🐟\uFFFD');
  });

  it('stays fast on hostile input', () => {
    const started = performance.now();
    htmlToText('<script>'.repeat(20_000) + '<a '.repeat(20_000) + '&#'.repeat(20_000));
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('applying a Shopify page to the cache', () => {
  let db: PostcartDB;
  beforeEach(async () => {
    db = openDb(`shopify-${Math.random()}`);
    await db.open();
  });

  it('stores the merchant and products a shopper needs, prices in minor units, and counts what it skipped', async () => {
    const source = newSourceState({ id: 'fernhill', kind: 'shopify', url: 'https://fernhill.example' });
    const page = parseShopifyPage(fixture('shopify-products-page-1.json'), OPTS);
    const result = await applyFeed(db, source, page, 1000, page.cursor);
    expect(result.applied).toBe(4);
    expect(await db.merchants.get('fernhill')).toMatchObject({ currency: 'USD', checkout: { kind: 'shopify-permalink' } });
    const jacket = await db.products.get(JACKET);
    expect(jacket?.variants.map((v) => [v.title, v.priceMinor, v.compareAtMinor, v.available])).toEqual([
      ['S / Slate', 18900, 21900, true],
      ['M / Slate', 18900, 21900, true],
      ['L / Moss', 18900, 21900, false],
    ]);
    expect(await db.products.where('urlKey').equals('fernhill.example/products/switchback-28l-daypack').first()).toMatchObject({ id: PACK });
    const state = await db.sources.get('fernhill');
    expect(state?.cursor).toBe('2');
    expect(state?.lastRun).toMatchObject({
      applied: 4,
      skipped: 4,
      reasons: [
        { kind: 'products', path: 'variants', reason: because('skipTooFew', 1), count: 1 },
        { kind: 'products', path: 'variants.*.price', reason: because('skipDecimalString'), count: 1 },
        { kind: 'products', path: 'images.*', reason: because('skipUrlNotHttps'), count: 1 },
        { kind: 'products', path: '', reason: because('skipDuplicateId'), count: 1 },
      ],
    });
  });
});
