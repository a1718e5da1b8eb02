/**
 * Price history in the product: recorded by sync in each page's transaction, gone with deleted
 * products, started for cached products at the v7 upgrade and made up for the demo catalog; what
 * a buy button and the card read of it.
 */
import { readFileSync } from 'node:fs';
import { Dexie } from 'dexie';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { openDb, type PostcartDB } from '@/utils/catalog/db';
import { DAY_MS, decodeHistory } from '@/utils/catalog/history';
import { lookupPosts, productCard } from '@/utils/catalog/lookups';
import { applyFeed } from '@/utils/sync/apply';
import { importDemoCatalog } from '@/utils/sync/demo';
import { syncSource } from '@/utils/sync/engine';
import { newSourceState } from '@/utils/sync/source';
import { parseFeed } from '@/utils/sync/sources/postcart';
import { createBackground } from '@/utils/platform/router';
import type { Fetcher } from '@/utils/platform/http';

const FEED_URL = 'https://feeds.example/v1/feed';
const T = Date.UTC(2026, 10, 1, 12);

function feedProduct(id: string, price: string, options: { available?: boolean; compareAt?: string } = {}) {
  return {
    id,
    merchantId: 'acme',
    title: `Item ${id}`,
    url: `https://acme.example/products/${id.replace(':', '-')}`,
    variants: [{ id: `${id}-v`, price, compareAtPrice: options.compareAt ?? null, currency: 'USD', available: options.available ?? true }],
    updatedAt: '2026-11-20T10:00:00Z',
  };
}

function feed(products: unknown[], deleted: string[] = []) {
  return {
    version: 1,
    cursor: 'c',
    hasMore: false,
    merchants: [{ id: 'acme', name: 'Acme Outdoor', url: 'https://acme.example', currency: 'USD', checkout: { kind: 'shopify-permalink' } }],
    products,
    tags: [],
    deleted: { products: deleted, tags: [] },
  };
}

const apply = (db: PostcartDB, body: unknown, now: number, sourceId = 'acme-feed') =>
  applyFeed(db, newSourceState({ id: sourceId, kind: 'postcart', url: FEED_URL }), parseFeed(body, { sourceId, baseUrl: FEED_URL }), now);

describe('recording price history with sync', () => {
  let db: PostcartDB;
  beforeEach(() => {
    db = openDb(`history-${Math.random()}`);
  });

  it('starts a history the first time it sees a product and appends only changes', async () => {
    await apply(db, feed([feedProduct('acme:1', '100.00'), feedProduct('acme:2', '20.00', { available: false })]), T);
    const first = await db.priceHistory.get('acme:1');
    expect(first && decodeHistory(first.variants[0]!).points).toEqual([{ at: T, priceMinor: 10000, inStock: true }]);
    expect(decodeHistory((await db.priceHistory.get('acme:2'))!.variants[0]!).points).toEqual([{ at: T, priceMinor: 2000, inStock: false }]);

    const put = vi.spyOn(db.priceHistory, 'bulkPut');
    await apply(db, feed([feedProduct('acme:1', '100.00'), feedProduct('acme:2', '20.00', { available: false })]), T + DAY_MS);
    expect(put).not.toHaveBeenCalled();

    await apply(db, feed([feedProduct('acme:1', '90.00')]), T + 2 * DAY_MS);
    expect(put.mock.calls.flatMap(([rows]) => rows.map((row) => row.productId))).toEqual(['acme:1']);
    const row = await db.priceHistory.get('acme:1');
    expect(decodeHistory(row!.variants[0]!).points.map((p) => p.priceMinor)).toEqual([10000, 9000]);
  });

  it('keeps on each variant what it observed of the price, for buy buttons', async () => {
    await apply(db, feed([feedProduct('acme:1', '100.00', { compareAt: '150.00' })]), T);
    await apply(db, feed([feedProduct('acme:1', '80.00', { compareAt: '150.00' })]), T + 40 * DAY_MS);
    const product = await db.products.get('acme:1');
    expect(product?.variants[0]?.observed).toEqual({ priceMinor: 8000, currency: 'USD', since: T, priceSince: T + 40 * DAY_MS, lowBefore: 10000 });
  });

  it('deletes the history of products the feed deletes, and of a removed source', async () => {
    await apply(db, feed([feedProduct('acme:1', '100.00'), feedProduct('acme:2', '20.00')]), T);
    await apply(db, feed([], ['acme:1']), T + 1);
    expect(await db.priceHistory.toCollection().primaryKeys()).toEqual(['acme:2']);

    const bg = createBackground({ db, settings: fakeBrowser.storage.local, extensionId: 'x', extensionOrigin: 'chrome-extension://x', openTab: async () => undefined });
    await db.sources.put(newSourceState({ id: 'acme-feed', kind: 'postcart', url: FEED_URL }));
    const reply = await bg.handleMessage({ type: 'remove-source', id: 'acme-feed' }, { id: 'x', url: 'chrome-extension://x/options.html' });
    expect(reply.ok).toBe(true);
    expect(await db.priceHistory.count()).toBe(0);
  });

  it('records nothing when asked not to (what the benchmark compares against)', async () => {
    const source = newSourceState({ id: 'acme-feed', kind: 'postcart', url: FEED_URL });
    await applyFeed(db, source, parseFeed(feed([feedProduct('acme:1', '100.00')]), { sourceId: 'acme-feed', baseUrl: FEED_URL }), T, 'c', { history: false });
    expect(await db.priceHistory.count()).toBe(0);
    expect((await db.products.get('acme:1'))?.variants[0]?.observed).toBeUndefined();
  });

  it('records through the sync engine, page by page', async () => {
    const fetcher: Fetcher = async () => new Response(JSON.stringify(feed([feedProduct('acme:1', '100.00')])), { status: 200 });
    await db.sources.put(newSourceState({ id: 'acme-feed', kind: 'postcart', url: FEED_URL }));
    await syncSource({ db, fetch: fetcher, now: () => T }, 'acme-feed');
    expect(await db.priceHistory.count()).toBe(1);
  });
});

describe('the v7 upgrade', () => {
  it('starts a history now for every product already cached, and the rest of the data is untouched', async () => {
    const name = `upgrade-${Math.random()}`;
    // The database as version 5 left it (the stores of openDb's versions 1 to 5).
    const old = new Dexie(name);
    old.version(5).stores({
      merchants: 'id, sourceId',
      products: 'id, merchantId, sourceId, urlKey',
      reviews: 'productId, sourceId',
      tags: 'id, [platform+postId], productId, sourceId',
      cart: 'id, merchantId, addedAt',
      orders: 'id, &idempotencyKey, merchantId, createdAt, status',
      sources: 'id',
      meta: 'key',
      outbox: 'tagId, queuedAt',
      events: '++id, at',
      conflicts: 'tagId, at',
    });
    const products = Array.from({ length: 2500 }, (_, i) => ({
      id: `p${String(i).padStart(4, '0')}`,
      merchantId: 'm',
      title: `Product ${i}`,
      url: `https://m.example/p/${i}`,
      images: [],
      brand: null,
      gtin: null,
      description: '',
      variants: [{ id: 'v', title: '', priceMinor: 1000 + i, compareAtMinor: null, currency: 'USD', available: i % 2 === 0, sku: null }],
      updatedAt: '2026-01-01T00:00:00Z',
      sourceId: 's',
      urlKey: null,
    }));
    await old.table('products').bulkPut([...products, { id: 'broken', variants: 'not a list' }]);
    old.close();

    const db = openDb(name);
    const before = Date.now();
    expect(await db.priceHistory.count()).toBe(2500);
    const row = await db.priceHistory.get('p0007');
    const point = decodeHistory(row!.variants[0]!).points[0]!;
    expect(point).toMatchObject({ priceMinor: 1007, inStock: false });
    expect(point.at).toBeLessThanOrEqual(before);
    expect(await db.products.count()).toBe(2501);
  });
});

describe('the demo catalog', () => {
  const raw = JSON.parse(readFileSync(new URL('../../../public/demo-catalog.json', import.meta.url), 'utf8')) as { products: { id: string }[] };
  const fetchJson = async () => structuredClone(raw);
  const DEMO_URL = 'chrome-extension://test/demo-catalog.json';

  it('comes with a made-up past for every product, so a tester sees charts at once', async () => {
    const db = openDb(`demo-${Math.random()}`);
    await importDemoCatalog(db, DEMO_URL, fetchJson);
    expect(await db.priceHistory.count()).toBe(raw.products.length);
    const card = await productCard(db, 'acme:1001', null);
    expect(card?.price?.chart?.path).toMatch(/^M0 /);
    expect(card?.price?.dataSince).toBeLessThan(Date.now() - 100 * DAY_MS);
    expect(card?.price?.lowest30.complete).toBe(true);
  });

  it('shows an honest reduction on some products and only a merchant\'s reference price on others', async () => {
    const db = openDb(`demo-${Math.random()}`);
    await importDemoCatalog(db, DEMO_URL, fetchJson);
    // Trail Jacket: at $159 for months, cut to $129 days ago.
    expect((await productCard(db, 'acme:1001', null))?.price?.claim).toMatchObject({ kind: 'reduction', percent: 18, wasMinor: 15900 });
    // Drift Down Sleeping Bag: first seen two weeks ago, so its compare-at price is the merchant's word only.
    expect((await productCard(db, 'acme:1008', null))?.price?.claim).toEqual({ kind: 'reference', compareAtMinor: 29900 });
    // Ridgeline Daypack's A6 option: never seen at its compare-at price.
    expect((await productCard(db, 'acme:1002', '40110020003'))?.price).toMatchObject({ variantId: '40110020003', claim: { kind: 'none' } });

    await db.tags.bulkPut([
      { id: 'x1', platform: 'instagram', postId: 'P1', productId: 'acme:1001', variantId: null, x: 0.5, y: 0.5, updatedAt: '', origin: 'feed', sourceId: 'demo' },
      { id: 'x2', platform: 'instagram', postId: 'P2', productId: 'acme:1008', variantId: null, x: 0.5, y: 0.5, updatedAt: '', origin: 'feed', sourceId: 'demo' },
    ]);
    const offers = await lookupPosts(db, ['P1', 'P2'].map((postId) => ({ platform: 'instagram' as const, postId, url: '', author: null, caption: null, links: [] })));
    expect(offers.P1?.[0]?.reduction).toEqual({ percent: 18, wasMinor: 15900 });
    expect(offers.P2?.[0]?.reduction).toBeNull();
  });

  it('keeps a product\'s history when the demo is imported again', async () => {
    const db = openDb(`demo-${Math.random()}`);
    await importDemoCatalog(db, DEMO_URL, fetchJson);
    const before = await db.priceHistory.get('acme:1001');
    await importDemoCatalog(db, DEMO_URL, fetchJson, { again: true });
    expect(await db.priceHistory.get('acme:1001')).toEqual(before);
  });
});

describe('the card', () => {
  it('has the selected option\'s price history as plain data, and the shopper\'s watches of the product', async () => {
    const db = openDb(`card-${Math.random()}`);
    await apply(db, feed([feedProduct('acme:1', '100.00', { compareAt: '120.00' })]), T);
    await apply(db, feed([feedProduct('acme:1', '90.00', { compareAt: '120.00' })]), T + 5 * DAY_MS);
    const card = await productCard(db, 'acme:1', null, T + 6 * DAY_MS);
    expect(card?.price).toMatchObject({
      variantId: 'acme:1-v',
      currency: 'USD',
      dataSince: T,
      claim: { kind: 'reference', compareAtMinor: 12000 },
      lowest30: { priceMinor: 9000, complete: false },
      typical: null,
      chart: { low: { priceMinor: 9000 }, high: { priceMinor: 10000 } },
    });
    expect(card?.price?.chart?.path).toMatch(/^M0 \d/);
    expect(card?.variants[0]).not.toHaveProperty('observed');
    expect(card?.watches).toEqual([]);
    expect(JSON.stringify(card)).not.toContain('Uint8Array');
  });
});
