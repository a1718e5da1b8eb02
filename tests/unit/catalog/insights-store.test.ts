import { Dexie } from 'dexie';
import { beforeEach, describe, expect, it } from 'vitest';
import { openDb, type PostcartDB } from '@/utils/catalog/db';
import { insightsCodeKey } from '@/utils/catalog/insights';
import { productInsights } from '@/utils/catalog/insights/store';
import { createBackground } from '@/utils/platform/router';
import { applyFeed } from '@/utils/sync/apply';
import { syncSource } from '@/utils/sync/engine';
import { newSourceState } from '@/utils/sync/source';
import { parseFeed } from '@/utils/sync/sources/postcart';
import type { Fetcher } from '@/utils/platform/http';
import { fixture, type TrustFixture } from './insights-fixtures';

const SOURCE = newSourceState({ id: 'feed', kind: 'postcart', url: 'https://feeds.example/v1/feed' });
const OPTS = { sourceId: 'feed', baseUrl: SOURCE.url };
const trust = fixture<TrustFixture>('reviews-trust');

const merchant = { id: 'acme', name: 'Acme Outdoor', url: 'https://acme.example', currency: 'USD', checkout: { kind: 'shopify-permalink' } };
function product(id: string, title = trust.product.title) {
  return { id, merchantId: 'acme', title, url: `https://acme.example/products/${id.replace(':', '-')}`, variants: [{ id: `${id}-v`, price: '129.00', currency: 'USD' }], updatedAt: '2026-11-20T10:00:00Z' };
}
/** The 20 reviews of the trust fixture as the Postcart feed sends them (the feed takes 50 at most). */
function reviews(productId: string, items = trust.reviews) {
  return { productId, rating: 4.3, count: 212, histogram: [3, 4, 10, 45, 150], items: items.map(({ language: _language, ...review }) => review) };
}
function feed(over: Record<string, unknown> = {}) {
  return { version: 1, cursor: 'c', hasMore: false, merchants: [merchant], products: [product('acme:1')], reviews: [reviews('acme:1')], tags: [], ...over };
}

async function apply(db: PostcartDB, body: Record<string, unknown>) {
  return applyFeed(db, SOURCE, parseFeed(body, OPTS));
}

describe('stored review insights', () => {
  let db: PostcartDB;
  beforeEach(async () => {
    db = openDb(`insights-${Math.random()}`);
    await db.sources.put(SOURCE);
    await apply(db, feed());
  });

  it('are computed on the first card open, stored with their input key, and read back unchanged on later opens', async () => {
    expect(await db.insights.count()).toBe(0);
    const first = await productInsights(db, 'acme:1', 1000);
    expect(first?.method).toMatchObject({ read: 20, total: 212 });
    const row = await db.insights.get('acme:1');
    expect(row).toMatchObject({ productId: 'acme:1', stale: 0, computedAt: 1000, codeKey: insightsCodeKey() });
    expect(row?.insights.inputKey).toBe(first?.inputKey);

    // Later opens read the row: nothing is computed again (its time stays the first one).
    expect(await productInsights(db, 'acme:1', 2000)).toEqual(first);
    expect((await db.insights.get('acme:1'))?.computedAt).toBe(1000);
  });

  it('show the near-copy and burst flags of the 20-review fixture on the stored row', async () => {
    const insights = await productInsights(db, 'acme:1');
    expect(insights?.trust.duplicates).toMatchObject({ flag: true, finding: { key: 'insightDuplicates' } });
    expect(insights?.trust.bursts).toMatchObject({ flag: true, finding: { key: 'insightBurst' } });
  });

  it('are only re-keyed, not computed again, when a sync sends the same reviews again', async () => {
    await productInsights(db, 'acme:1', 1000);
    await apply(db, feed());
    expect((await db.insights.get('acme:1'))?.stale).toBe(1);
    await productInsights(db, 'acme:1', 2000);
    expect(await db.insights.get('acme:1')).toMatchObject({ stale: 0, computedAt: 1000 });
  });

  it('are computed again on the next open after a review changed, and after the title changed', async () => {
    const before = await productInsights(db, 'acme:1', 1000);
    const edited = trust.reviews.map((r, i) => (i === 0 ? { ...r, text: `${r.text} The zip broke after a week.` } : r));
    await apply(db, feed({ reviews: [reviews('acme:1', edited)] }));
    const after = await productInsights(db, 'acme:1', 2000);
    expect(after?.inputKey).not.toBe(before?.inputKey);
    expect((await db.insights.get('acme:1'))?.computedAt).toBe(2000);

    await apply(db, feed({ products: [product('acme:1', 'Alder Waterproof Hiking Jacket, Blue')], reviews: [] }));
    await productInsights(db, 'acme:1', 3000);
    expect((await db.insights.get('acme:1'))?.computedAt).toBe(3000);
  });

  it('are computed again when the code that made them changed (an update improved a word list)', async () => {
    await productInsights(db, 'acme:1', 1000);
    await db.insights.update('acme:1', { codeKey: 'an older build' });
    await productInsights(db, 'acme:1', 2000);
    expect(await db.insights.get('acme:1')).toMatchObject({ computedAt: 2000, codeKey: insightsCodeKey() });
  });

  it('do not exist for a product without reviews, and a stale row of one is dropped', async () => {
    await apply(db, feed({ products: [product('acme:2')], reviews: [] }));
    expect(await productInsights(db, 'acme:2')).toBeNull();
    await productInsights(db, 'acme:1');
    const row = (await db.insights.get('acme:1'))!;
    await db.insights.put({ ...row, productId: 'acme:2', stale: 1 });
    expect(await productInsights(db, 'acme:2')).toBeNull();
    expect(await db.insights.get('acme:2')).toBeUndefined();
  });

  it('are deleted with a product the feed deletes', async () => {
    await productInsights(db, 'acme:1');
    await apply(db, feed({ products: [], reviews: [], deleted: { products: ['acme:1'], tags: [] } }));
    expect(await db.insights.get('acme:1')).toBeUndefined();
  });

  it('are deleted with the source that brought the product or its reviews', async () => {
    const bg = createBackground({ db, settings: { get: async () => ({}), set: async () => undefined }, extensionId: 'ext', extensionOrigin: 'chrome-extension://ext', openTab: async () => undefined });
    await productInsights(db, 'acme:1');
    expect(await bg.handleMessage({ type: 'remove-source', id: 'feed' }, { id: 'ext', url: 'chrome-extension://ext/options.html' })).toEqual({ ok: true, data: null });
    expect(await db.insights.count()).toBe(0);
  });

  it('are deleted with a product a snapshot source no longer lists', async () => {
    await db.sources.put(newSourceState({ id: 'shop', kind: 'shopify', url: 'https://tidewater.example', currency: 'USD', merchant: { id: 'tidewater', name: 'Tidewater' } }));
    const page = (ids: number[]) =>
      JSON.stringify({ products: ids.map((id) => ({ id, title: `Rain Jacket ${id}`, handle: `jacket-${id}`, body_html: '', vendor: 'Tidewater', updated_at: '2026-11-18T16:02:41-05:00', images: [], variants: [{ id: id * 10, title: 'Default Title', price: '80.00', available: true }] })) });
    const serve = (ids: number[]): Fetcher => async (url) => new Response(url.includes('page=1') ? page(ids) : '{"products":[]}', { status: 200 });
    await syncSource({ db, fetch: serve([1, 2]) }, 'shop');
    // A review summary as a reviews feed would join it to the shop's product.
    const summary = parseFeed(feed({ reviews: [reviews('acme:1')] }), OPTS).reviews[0]!;
    await db.reviews.put({ ...summary, productId: 'shop:1', sourceId: 'shop' });
    expect(await productInsights(db, 'shop:1')).not.toBeNull();
    await syncSource({ db, fetch: serve([2]) }, 'shop');
    expect(await db.products.get('shop:1')).toBeUndefined();
    expect(await db.insights.get('shop:1')).toBeUndefined();
  });
});

describe('the same-item keys of products', () => {
  it('are written on every product write, from the variants’ GTINs, the product’s GTIN and brand + MPN', async () => {
    const db = openDb(`keys-${Math.random()}`);
    await db.sources.put(SOURCE);
    const jacket = {
      ...product('acme:1', 'Trail Jacket'),
      brand: 'Acme',
      gtin: '081234501006',
      variants: [
        { id: 's', title: 'S', price: '129.00', currency: 'USD', gtin: '081234501112', mpn: 'TJ-100-S' },
        { id: 'm', title: 'M', price: '129.00', currency: 'USD', gtin: '0081234501129' },
      ],
    };
    await apply(db, feed({ products: [jacket], reviews: [] }));
    expect((await db.products.get('acme:1'))?.sameKeys?.sort()).toEqual(['00081234501006', '00081234501112', '00081234501129', 'acme|TJ100S']);
    // A GTIN-13 spelling of the same code finds it through the index.
    expect((await db.products.where('sameKeys').equals('00081234501129').primaryKeys())).toEqual(['acme:1']);
    await db.products.update('acme:1', { brand: null });
    expect((await db.products.get('acme:1'))?.sameKeys?.sort()).toEqual(['00081234501006', '00081234501112', '00081234501129']);
  });

  it('are added to the products of an older database by the version 9 upgrade', async () => {
    const name = `upgrade9-${Math.random()}`;
    const old = new Dexie(name);
    old.version(5).stores({ merchants: 'id, sourceId', products: 'id, merchantId, sourceId, urlKey', reviews: 'productId, sourceId' });
    await old.open();
    await old.table('products').put({ id: 'p1', merchantId: 'm', sourceId: 's', urlKey: null, title: 'Bottle', brand: null, gtin: '4006381333931', variants: [{ id: 'v', title: '', priceMinor: 100, compareAtMinor: null, currency: 'EUR', available: true, sku: null }] });
    old.close();
    const db = openDb(name);
    expect((await db.products.get('p1'))?.sameKeys).toEqual(['04006381333931']);
    expect(await db.insights.count()).toBe(0);
    db.close();
  });
});
