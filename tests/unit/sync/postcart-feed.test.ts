import { beforeEach, describe, expect, it } from 'vitest';
import { openDb, type PostcartDB } from '@/utils/catalog/db';
import { newSourceState } from '@/utils/sync/source';
import { parseFeed } from '@/utils/sync/sources/postcart';
import { applyFeed } from '@/utils/sync/apply';
import { FeedError } from '@/utils/sync/records';
import { importDemoCatalog } from '@/utils/sync/demo';
import { because, skipLine } from '../fixtures';

const SOURCE = newSourceState({ id: 'test', kind: 'postcart', url: 'https://feeds.example/v1/feed' });
const OPTS = { sourceId: 'test', baseUrl: SOURCE.url };

function merchant(over: Record<string, unknown> = {}) {
  return { id: 'acme', name: 'Acme Outdoor', url: 'https://acme.example', currency: 'USD', checkout: { kind: 'shopify-permalink' }, ...over };
}
function product(over: Record<string, unknown> = {}) {
  return {
    id: 'acme:1',
    merchantId: 'acme',
    title: 'Trail Jacket',
    url: 'https://acme.example/products/trail-jacket',
    images: ['https://acme.example/img/jacket.jpg'],
    variants: [{ id: '11', title: 'M / Blue', price: '129.00', compareAtPrice: '159.00', currency: 'USD', available: true, sku: 'TJ-M-B' }],
    updatedAt: '2026-11-20T10:00:00Z',
    ...over,
  };
}
function feed(over: Record<string, unknown> = {}) {
  return { version: 1, cursor: 'c1', hasMore: false, merchants: [merchant()], products: [product()], reviews: [], tags: [], ...over };
}

describe('the Postcart feed parser', () => {
  it('turns a good record into a stored product with prices in minor units', () => {
    const parsed = parseFeed(feed(), OPTS);
    expect(parsed.skipped).toEqual([]);
    expect(parsed.products[0]?.variants[0]).toMatchObject({ priceMinor: 12900, compareAtMinor: 15900, currency: 'USD' });
  });

  it('skips each bad record with its reason and keeps the good ones', () => {
    const parsed = parseFeed(
      feed({
        products: [
          product(),
          product({ id: 'acme:2', variants: [{ id: '21', price: '-3.00', currency: 'USD' }] }),
          product({ id: 'acme:3', variants: [{ id: '31', price: 12.5, currency: 'USD' }] }),
          product({ id: 'acme:4', url: 'javascript:alert(1)' }),
          product({ id: 'acme:5', url: 'http://acme.example/products/x' }),
          product({ id: '', title: 'No id' }),
          product({ id: 'acme:6', description: 'x'.repeat(10_000) }),
          product(),
          product({ id: 'acme:7', variants: [{ id: '71', price: '10.999', currency: 'USD' }] }),
          'not even an object',
        ],
      }),
      OPTS,
    );
    expect(parsed.products.map((p) => p.id)).toEqual(['acme:1']);
    const reasons = parsed.skipped.map(skipLine);
    expect(reasons).toEqual([
      expect.stringMatching(/^acme:2: variants\.0\.price/),
      expect.stringMatching(/^acme:3: variants\.0\.price/),
      'acme:4: url: not an https address',
      'acme:5: url: not an https address',
      expect.stringMatching(/^: id/),
      expect.stringMatching(/^acme:6: description/),
      'acme:1: the same id appears more than once',
      expect.stringMatching(/^acme:7: variants\.0\.price: .*more decimals/),
      expect.stringMatching(/^null: /),
    ]);
  });

  it('rejects a page that is not a Postcart feed as a whole', () => {
    expect(() => parseFeed({ version: 2 }, OPTS)).toThrow(FeedError);
    expect(() => parseFeed('<html>', OPTS)).toThrow(FeedError);
    expect(() => parseFeed(null, OPTS)).toThrow(FeedError);
  });

  it('resolves relative image paths against the feed URL and allows the extension origin only when asked', () => {
    const raw = feed({ products: [product({ images: ['demo/images/jacket.svg'] })] });
    const bundled = { sourceId: 'demo', baseUrl: 'chrome-extension://abc/demo-catalog.json', allowedOrigins: ['chrome-extension://abc'] };
    expect(parseFeed(raw, bundled).products[0]?.images).toEqual(['chrome-extension://abc/demo/images/jacket.svg']);
    const remote = parseFeed(raw, { sourceId: 'x', baseUrl: 'https://feeds.example/v1/feed' });
    expect(remote.products[0]?.images).toEqual(['https://feeds.example/v1/demo/images/jacket.svg']);
    const foreign = parseFeed(raw, { sourceId: 'x', baseUrl: 'chrome-extension://abc/demo-catalog.json' });
    expect(foreign.products).toEqual([]);
  });

  it('drops a compare-at price that is not above the price instead of showing a fake sale', () => {
    const parsed = parseFeed(feed({ products: [product({ variants: [{ id: '1', price: '10.00', compareAtPrice: '10.00', currency: 'USD' }] })] }), OPTS);
    expect(parsed.products[0]?.variants[0]?.compareAtMinor).toBeNull();
  });
});

describe('applying a feed to the cache', () => {
  let db: PostcartDB;
  beforeEach(async () => {
    db = openDb(`feed-${Math.random()}`);
    await db.open();
  });

  it('stores records and the cursor together and reports what it skipped', async () => {
    const parsed = parseFeed(
      feed({
        tags: [
          { id: 't1', platform: 'instagram', postId: 'C8xYz123abc', productId: 'acme:1', variantId: '11', x: 0.4, y: 0.6, updatedAt: '2026-11-20T10:00:00Z' },
          { id: 't2', platform: 'instagram', postId: 'C8xYz123abd', productId: 'acme:404', x: 0.4, y: 0.6, updatedAt: '2026-11-20T10:00:00Z' },
        ],
      }),
      OPTS,
    );
    const result = await applyFeed(db, SOURCE, parsed, 1000);
    expect(result.applied).toBe(3);
    expect(result.skipped.map((s) => [s.path, s.reason])).toEqual([['productId', because('skipUnknownProduct')]]);
    expect(await db.products.count()).toBe(1);
    expect((await db.sources.get('test'))?.cursor).toBe('c1');
    expect((await db.sources.get('test'))?.lastRun).toMatchObject({ at: 1000, applied: 3, skipped: 1, reasons: [{ kind: 'tags', path: 'productId', reason: because('skipUnknownProduct'), count: 1, example: 't2' }] });
  });

  it("keeps each tag's server version, so a seller's later edit can name it", async () => {
    const tag = { id: 't1', platform: 'instagram', postId: 'P1', productId: 'acme:1', x: 0.1, y: 0.2, updatedAt: '2026-11-20T10:00:00Z' };
    await applyFeed(db, SOURCE, parseFeed(feed({ tags: [{ ...tag, version: 42 }, { ...tag, id: 't2' }] }), OPTS));
    expect((await db.tags.get('t1'))?.version).toBe(42);
    expect((await db.tags.get('t2'))?.version ?? null).toBeNull();
  });

  it('skips products whose merchant is unknown', async () => {
    const parsed = parseFeed(feed({ merchants: [] }), OPTS);
    const result = await applyFeed(db, SOURCE, parsed);
    expect(result.skipped[0]).toMatchObject({ path: 'merchantId', reason: because('skipUnknownMerchant') });
    expect(await db.products.count()).toBe(0);
  });

  it('deletes products with their tags and reviews when the feed says so', async () => {
    await applyFeed(db, SOURCE, parseFeed(feed({ tags: [{ id: 't1', platform: 'instagram', postId: 'P1', productId: 'acme:1', x: 0, y: 0, updatedAt: '2026-11-20T10:00:00Z' }] }), OPTS));
    await applyFeed(db, SOURCE, parseFeed(feed({ merchants: [], products: [], cursor: 'c2', deleted: { products: ['acme:1'], tags: [] } }), OPTS));
    expect(await db.products.count()).toBe(0);
    expect(await db.tags.count()).toBe(0);
    expect((await db.sources.get('test'))?.cursor).toBe('c2');
  });

  it('imports the bundled demo catalog once, however often the worker starts', async () => {
    let fetches = 0;
    const fetchJson = async () => {
      fetches += 1;
      return feed();
    };
    const first = await importDemoCatalog(db, 'chrome-extension://abc/demo-catalog.json', fetchJson);
    const second = await importDemoCatalog(db, 'chrome-extension://abc/demo-catalog.json', fetchJson);
    expect(first?.applied).toBe(2);
    expect(second).toBeNull();
    expect(fetches).toBe(1);
  });

  it('keeps the previous data when a later page is unusable', async () => {
    await importDemoCatalog(db, 'chrome-extension://abc/demo-catalog.json', async () => feed());
    expect(() => parseFeed({ version: 1, cursor: 'c2' }, OPTS)).toThrow(FeedError);
    expect(await db.products.count()).toBe(1);
  });
});

describe('the bundled demo catalog', () => {
  it('can be put back over records another source overwrote', async () => {
    const db = openDb(`demo-again-${Math.random()}`);
    const fetchJson = async () => feed();
    await importDemoCatalog(db, 'chrome-extension://abc/demo-catalog.json', fetchJson);
    await db.products.update('acme:1', { sourceId: 'server', title: 'Overwritten' });
    await db.products.where('sourceId').equals('server').delete();
    expect(await importDemoCatalog(db, 'chrome-extension://abc/demo-catalog.json', fetchJson)).toBeNull();
    await importDemoCatalog(db, 'chrome-extension://abc/demo-catalog.json', fetchJson, { again: true });
    expect((await db.products.get('acme:1'))?.title).toBe('Trail Jacket');
  });
});
