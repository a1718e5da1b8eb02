/**
 * A catalog source is trusted only with its own records: what a second source re-declaring another
 * source's merchants, products, reviews and tags can and cannot do (issue 12), and what the bundled
 * demo catalog, the lowest-trust source, yields to a real one.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { openDb, type PostcartDB } from '@/utils/catalog/db';
import { checkout, type OrderDeps } from '@/utils/checkout/orders';
import { applyFeed } from '@/utils/sync/apply';
import { DEMO_SOURCE_ID } from '@/utils/sync/demo';
import { syncSource } from '@/utils/sync/engine';
import { sourceHandlers } from '@/utils/sync/handlers';
import { newSourceState, type SourceState } from '@/utils/sync/source';
import { parseFeed } from '@/utils/sync/sources/postcart';
import { lookupPosts, productCard } from '@/utils/catalog/lookups';
import { chooseClaim, contestedAccounts } from '@/utils/catalog/claims';
import type { CartLine, PostRef } from '@/utils/catalog/model';
import type { Fetcher } from '@/utils/platform/http';
import { CONTACT, POST, because } from '../fixtures';

const LEGIT_URL = 'http://127.0.0.1:8787/v1/feed';
const EVIL_URL = 'https://evil.example/v1/feed';
const T = '2026-11-20T10:00:00Z';

const variant = (id: string, price = '24.00') => ({ id, title: 'One', price, currency: 'USD', available: true });

function legitFeed() {
  return {
    version: 1,
    cursor: 'c1',
    hasMore: false,
    merchants: [
      { id: 'harbor-goods', name: 'Harbor Goods', url: 'https://harbor.example', currency: 'USD', checkout: { kind: 'orders-api' }, accounts: { instagram: 'harborgoods' } },
      { id: 'acme', name: 'Acme Outdoor', url: 'https://acme.example', currency: 'USD', checkout: { kind: 'shopify-permalink' }, accounts: { instagram: 'acme' } },
    ],
    products: [
      { id: 'harbor-goods:5003', merchantId: 'harbor-goods', title: 'Stoneware Mug', url: 'https://harbor.example/products/mug', variants: [variant('5500300001')], updatedAt: T },
      { id: 'acme:1001', merchantId: 'acme', title: 'Trail Jacket', url: 'https://acme.example/products/trail-jacket', variants: [variant('40110010001', '129.00')], updatedAt: T },
      { id: 'acme:1002', merchantId: 'acme', title: 'Canyon Trekking Poles', url: 'https://acme.example/products/poles', variants: [variant('40110020001', '89.00')], updatedAt: T },
    ],
    reviews: [{ productId: 'acme:1001', rating: 4.6, count: 212, histogram: [3, 4, 10, 45, 150] }],
    tags: [{ id: 't1', platform: 'instagram', postId: 'C8xYz123abc', productId: 'acme:1001', x: 0.4, y: 0.6, updatedAt: T }],
  };
}

/** What the attack run's hostile feed sent: the same ids with its own server, deletions of the rest. */
function hostileFeed() {
  return {
    version: 1,
    cursor: 'h1',
    hasMore: false,
    merchants: [
      { id: 'harbor-goods', name: 'Harbor Goods', url: 'https://evil.example', currency: 'USD', checkout: { kind: 'orders-api' } },
      { id: 'acme', name: 'Acme Outdoor', url: 'https://evil.example/shop', currency: 'USD', checkout: { kind: 'shopify-permalink' } },
      // A look-alike: its own id, Acme's name and Acme's Instagram account.
      { id: 'a-acme', name: 'Acme Outdoor', url: 'https://evil.example/acme', currency: 'USD', checkout: { kind: 'shopify-permalink' }, accounts: { instagram: '@Acme' } },
    ],
    products: [
      { id: 'harbor-goods:5003', merchantId: 'harbor-goods', title: 'Stoneware Mug', url: 'https://evil.example/products/mug', variants: [variant('666')], updatedAt: T },
      { id: 'acme:9999', merchantId: 'acme', title: 'Trail Jacket Pro', url: 'https://evil.example/products/x', variants: [variant('666')], updatedAt: T },
      { id: 'a-acme:1', merchantId: 'a-acme', title: 'Trail Jacket', url: 'https://evil.example/products/trail-jacket', variants: [variant('667', '19.00')], updatedAt: T },
    ],
    reviews: [{ productId: 'acme:1001', rating: 1, count: 1, histogram: [1, 0, 0, 0, 0] }],
    tags: [{ id: 't1', platform: 'instagram', postId: 'C8xYz123abc', productId: 'a-acme:1', x: 0.1, y: 0.1, updatedAt: T }],
    deleted: { products: ['acme:1002'], tags: ['t1'] },
  };
}

const legit = (over: Partial<SourceState> = {}) => newSourceState({ id: 'server', kind: 'postcart', url: LEGIT_URL, ...over });
const evil = () => newSourceState({ id: 'evil', kind: 'postcart', url: EVIL_URL });

async function apply(db: PostcartDB, source: SourceState, raw: unknown) {
  await db.sources.put(source);
  const allowedOrigins = source.url.startsWith('http://127.0.0.1') ? ['http://127.0.0.1:8787'] : [];
  return applyFeed(db, (await db.sources.get(source.id))!, parseFeed(raw, { sourceId: source.id, baseUrl: source.url, allowedOrigins }));
}

/** Every catalog record as "table:id@owner", to compare before and after an attack. */
async function snapshot(db: PostcartDB): Promise<string[]> {
  const rows = await Promise.all([
    db.merchants.toArray().then((list) => list.map((r) => `merchant:${r.id}@${r.sourceId}:${r.url}`)),
    db.products.toArray().then((list) => list.map((r) => `product:${r.id}@${r.sourceId}:${r.url}`)),
    db.reviews.toArray().then((list) => list.map((r) => `review:${r.productId}@${r.sourceId}:${r.rating}`)),
    db.tags.toArray().then((list) => list.map((r) => `tag:${r.id}@${r.sourceId}:${r.productId}`)),
  ]);
  return rows.flat().sort();
}

function post(over: Partial<PostRef>): PostRef {
  return { platform: 'instagram', postId: 'P', url: 'https://www.instagram.com/p/P/', author: null, caption: null, links: [], ...over };
}

describe('a second source re-declaring another source’s records', () => {
  let db: PostcartDB;
  beforeEach(async () => {
    db = openDb(`own-${Math.random()}`);
    await apply(db, legit(), legitFeed());
  });

  it('cannot take over a merchant, its products, reviews or tags, and is told why record by record', async () => {
    const before = await snapshot(db);
    const result = await apply(db, evil(), hostileFeed());
    const after = await snapshot(db);
    // Only the look-alike merchant and its product are new; nothing of the first source changed.
    expect(after.filter((row) => !before.includes(row))).toEqual(['merchant:a-acme@evil:https://evil.example/acme', 'product:a-acme:1@evil:https://evil.example/products/trail-jacket']);
    expect(before.filter((row) => !after.includes(row))).toEqual([]);
    const owned = because('skipOwnedByOtherSource', '127.0.0.1:8787');
    expect(result.skipped.map(({ kind, id, path, reason }) => ({ kind, id, path, reason }))).toEqual([
      { kind: 'merchants', id: 'harbor-goods', path: '', reason: owned },
      { kind: 'merchants', id: 'acme', path: '', reason: owned },
      { kind: 'products', id: 'harbor-goods:5003', path: '', reason: owned },
      { kind: 'products', id: 'acme:9999', path: 'merchantId', reason: owned },
      { kind: 'reviews', id: 'acme:1001', path: '', reason: owned },
      { kind: 'tags', id: 't1', path: '', reason: owned },
      { kind: 'products', id: 'acme:1002', path: 'deleted', reason: owned },
      { kind: 'tags', id: 't1', path: 'deleted', reason: owned },
    ]);
  });

  it('leaves the orders-api checkout going to the source that declared the merchant', async () => {
    await apply(db, evil(), hostileFeed());
    const posted: string[] = [];
    const fetch: Fetcher = async (url) => {
      posted.push(url);
      return Response.json({ orderId: 'o-1', number: 1001, status: 'received', totals: [{ currency: 'USD', amount: '24.00' }] }, { status: 201 });
    };
    await db.cart.put(cartLine('harbor-goods:5003', 'harbor-goods', '5500300001'));
    const order = await checkout(orderDeps(db, fetch), { merchantId: 'harbor-goods', contact: CONTACT, idempotencyKey: 'k1', inBackground: false });
    expect(posted).toEqual(['http://127.0.0.1:8787/v1/orders']);
    expect(order).toMatchObject({ status: 'placed', remote: { number: 1001 } });
  });

  it('leaves the Shopify permalink on the store origin the declaring source gave', async () => {
    await apply(db, evil(), hostileFeed());
    const opened: string[] = [];
    await db.cart.put(cartLine('acme:1001', 'acme', '40110010001', 12900));
    await checkout({ ...orderDeps(db, async () => new Response(null, { status: 500 })), openTab: async (url) => void opened.push(url) }, { merchantId: 'acme', contact: CONTACT, idempotencyKey: 'k2', inBackground: false });
    expect(opened).toHaveLength(1);
    expect(new URL(opened[0]!).origin).toBe('https://acme.example');
  });

  it('loses no record of the first source when the hostile source is removed, and the first source still syncs', async () => {
    const before = await snapshot(db);
    await apply(db, evil(), hostileFeed());
    const handlers = sourceHandlers({ sync: () => ({ db, fetch: async () => new Response(null, { status: 304 }) }), newId: () => 'x' });
    await handlers['remove-source']({ type: 'remove-source', id: 'evil' }, {});
    expect(await snapshot(db)).toEqual(before);
    // The legitimate source syncing incrementally (nothing new) keeps everything it brought.
    await db.sources.update('server', { etag: '"v1"' });
    await syncSource({ db, fetch: async () => new Response(null, { status: 304 }) }, 'server');
    expect(await snapshot(db)).toEqual(before);
  });

  it('counts a source’s own deletions, and only those, as deletions', async () => {
    const feed = { ...legitFeed(), merchants: [], products: [], reviews: [], tags: [], deleted: { products: ['acme:1001'], tags: [] } };
    await apply(db, legit(), feed);
    expect(await db.products.get('acme:1001')).toBeUndefined();
    expect(await db.reviews.get('acme:1001')).toBeUndefined();
    expect(await db.tags.get('t1')).toBeUndefined();
  });

  it('refuses products a source files under another source’s merchant', async () => {
    const feed = { version: 1, cursor: 'x', hasMore: false, products: [{ id: 'acme:7', merchantId: 'acme', title: 'Gift card', url: 'https://evil.example/gift', variants: [variant('1')], updatedAt: T }] };
    const result = await apply(db, evil(), feed);
    expect(await db.products.get('acme:7')).toBeUndefined();
    expect(result.skipped).toEqual([expect.objectContaining({ id: 'acme:7', path: 'merchantId', reason: because('skipOwnedByOtherSource', '127.0.0.1:8787') })]);
  });

  it('lets a source review and tag products of another source without changing them (a reviews feed)', async () => {
    const feed = {
      version: 1, cursor: 'r', hasMore: false,
      reviews: [{ productId: 'acme:1002', rating: 4, count: 2, histogram: [0, 0, 0, 2, 0] }],
      tags: [{ id: 'e1', platform: 'instagram', postId: 'X1', productId: 'acme:1002', x: 0.5, y: 0.5, updatedAt: T }],
    };
    const result = await apply(db, evil(), feed);
    expect(result.skipped).toEqual([]);
    expect(await db.reviews.get('acme:1002')).toMatchObject({ sourceId: 'evil', count: 2 });
    expect(await db.tags.get('e1')).toMatchObject({ sourceId: 'evil' });
    expect(await db.products.get('acme:1002')).toMatchObject({ sourceId: 'server' });
  });

  it('syncs again from the start a source whose records an owner refused, once that owner is removed', async () => {
    // The hostile source came first this time: the legitimate one is refused, then the user removes the hostile one.
    const fresh = openDb(`own-first-${Math.random()}`);
    await apply(fresh, evil(), hostileFeed());
    const refused = await apply(fresh, legit({ cursor: null }), legitFeed());
    expect(refused.refusedBy).toEqual(['evil']);
    await fresh.sources.update('server', { cursor: 'c1', etag: '"v1"', refusedBy: ['evil'] });
    const requests: string[] = [];
    const fetch: Fetcher = async (url) => {
      requests.push(url);
      return Response.json(legitFeed());
    };
    const handlers = sourceHandlers({ sync: () => ({ db: fresh, fetch }), newId: () => 'x' });
    await handlers['remove-source']({ type: 'remove-source', id: 'evil' }, {});
    await expect.poll(async () => (await fresh.merchants.get('harbor-goods'))?.sourceId).toBe('server');
    expect(new URL(requests[0]!).searchParams.has('since')).toBe(false);
    expect(await fresh.products.get('harbor-goods:5003')).toMatchObject({ sourceId: 'server', url: 'https://harbor.example/products/mug' });
  });
});

describe('the bundled demo catalog, the lowest-trust source', () => {
  let db: PostcartDB;
  const demo = () => newSourceState({ id: DEMO_SOURCE_ID, kind: 'postcart', url: 'chrome-extension://abc/demo-catalog.json' });
  const demoFeed = () => ({ ...legitFeed(), merchants: legitFeed().merchants.map((m) => ({ ...m, url: 'https://demo.example' })) });
  beforeEach(async () => {
    db = openDb(`own-demo-${Math.random()}`);
    await apply(db, demo(), demoFeed());
  });

  it('yields its records to a real source that declares the same ids', async () => {
    const result = await apply(db, legit(), legitFeed());
    expect(result.skipped).toEqual([]);
    expect(await db.merchants.get('acme')).toMatchObject({ sourceId: 'server', url: 'https://acme.example/' });
  });

  it('never takes records back from a real source when it is imported again', async () => {
    await apply(db, legit(), legitFeed());
    const before = await snapshot(db);
    await apply(db, demo(), demoFeed());
    expect(await snapshot(db)).toEqual(before);
  });

  it('takes no orders: an orders-api merchant of the demo catalog has no server to post to', async () => {
    await db.cart.put(cartLine('harbor-goods:5003', 'harbor-goods', '5500300001'));
    const posted: string[] = [];
    await expect(
      checkout(orderDeps(db, async (url) => (posted.push(url), new Response(null, { status: 500 }))), { merchantId: 'harbor-goods', contact: CONTACT, idempotencyKey: 'k', inBackground: false }),
    ).rejects.toMatchObject({ key: 'errOrdersNeedServer' });
    expect(posted).toEqual([]);
  });
});

describe('social accounts declared by merchants are claims', () => {
  let db: PostcartDB;
  const caption = 'The Trail Jacket held up all week.';
  beforeEach(async () => {
    db = openDb(`claims-${Math.random()}`);
    await apply(db, legit(), legitFeed());
  });

  it('turns caption matching on an account off for both sources while two claim it, until the user chooses', async () => {
    const own = post({ postId: 'OWN', author: 'acme', caption });
    expect((await lookupPosts(db, [own])).OWN).toEqual([expect.objectContaining({ productId: 'acme:1001', reason: 'caption' })]);
    await apply(db, evil(), hostileFeed());
    expect((await lookupPosts(db, [own])).OWN).toEqual([]);
    expect(await contestedAccounts(db)).toEqual([
      {
        platform: 'instagram',
        handle: 'acme',
        chosen: null,
        claims: [
          { merchantId: 'acme', merchantName: 'Acme Outdoor', sourceId: 'server', sourceName: '127.0.0.1:8787', demo: false },
          { merchantId: 'a-acme', merchantName: 'Acme Outdoor', sourceId: 'evil', sourceName: 'evil.example', demo: false },
        ],
      },
    ]);
    await chooseClaim(db, { platform: 'instagram', handle: 'ACME', merchantId: 'acme' });
    expect((await lookupPosts(db, [own])).OWN).toEqual([expect.objectContaining({ productId: 'acme:1001', reason: 'caption' })]);
    expect((await contestedAccounts(db))[0]?.chosen).toBe('acme');
    await chooseClaim(db, { platform: 'instagram', handle: 'acme', merchantId: 'a-acme' });
    expect((await lookupPosts(db, [own])).OWN).toEqual([expect.objectContaining({ productId: 'a-acme:1', reason: 'caption' })]);
  });

  it('treats a look-alike of a demo merchant as a claim like any other', async () => {
    const fresh = openDb(`claims-demo-${Math.random()}`);
    await apply(fresh, newSourceState({ id: DEMO_SOURCE_ID, kind: 'postcart', url: 'chrome-extension://abc/demo-catalog.json' }), legitFeed());
    const feed = { ...hostileFeed(), merchants: hostileFeed().merchants.slice(2), products: hostileFeed().products.slice(2), reviews: [], tags: [], deleted: undefined };
    await apply(fresh, evil(), feed);
    expect((await contestedAccounts(fresh)).map((a) => a.claims.map((c) => c.merchantId))).toEqual([['acme', 'a-acme']]);
    expect((await lookupPosts(fresh, [post({ postId: 'OWN', author: 'acme', caption })])).OWN).toEqual([]);
  });

  it('contests nothing when a source declares the demo merchant itself (the local catalog server does)', async () => {
    const fresh = openDb(`claims-same-${Math.random()}`);
    await apply(fresh, newSourceState({ id: DEMO_SOURCE_ID, kind: 'postcart', url: 'chrome-extension://abc/demo-catalog.json' }), legitFeed());
    await apply(fresh, legit(), legitFeed());
    expect(await contestedAccounts(fresh)).toEqual([]);
    expect((await lookupPosts(fresh, [post({ postId: 'OWN', author: 'acme', caption })])).OWN).toEqual([expect.objectContaining({ productId: 'acme:1001' })]);
  });

  it('says on the card which source a product came from', async () => {
    await db.sources.update('server', { label: 'My shop server' });
    expect((await productCard(db, 'acme:1001', null))?.source).toEqual({ name: 'My shop server', demo: false });
    await apply(db, evil(), hostileFeed());
    expect((await productCard(db, 'a-acme:1', null))?.source).toEqual({ name: 'evil.example', demo: false });
  });
});

function cartLine(productId: string, merchantId: string, variantId: string, unitMinor = 2400): CartLine {
  return { id: `${productId}|${variantId}`, productId, variantId, merchantId, quantity: 1, unitMinor, currency: 'USD', title: 'x', variantTitle: 'One', image: null, source: POST, addedAt: 1 };
}

function orderDeps(db: PostcartDB, fetch: Fetcher): OrderDeps {
  let n = 0;
  return { db, fetch, openTab: async () => undefined, now: () => 1_700_000_000_000, newId: () => `o-${++n}` };
}
