import { Dexie } from 'dexie';
import { beforeEach, describe, expect, it } from 'vitest';
import { lookupPosts } from '@/utils/catalog/lookups';
import { openDb, type PostcartDB } from '@/utils/catalog/db';
import { captionNames, titlePhrases } from '@/utils/catalog/matching';
import type { PostRef } from '@/utils/catalog/model';
import { newSourceState } from '@/utils/sync/source';
import { parseFeed } from '@/utils/sync/sources/postcart';
import { applyFeed } from '@/utils/sync/apply';

describe('captions', () => {
  it('name a product by its whole title or by the core before a comma', () => {
    expect(titlePhrases('Linen Napkins, Set of 4')).toEqual(['linen napkins set of 4', 'linen napkins']);
    expect(captionNames('Sunday table with our linen napkins 🌿', titlePhrases('Linen Napkins, Set of 4'))).toBe(true);
    expect(captionNames('Fig & Cedar candle season', titlePhrases('Fig & Cedar Candle'))).toBe(true);
    expect(captionNames('Crème brûlée night', titlePhrases('Creme Brulee Torch'))).toBe(false);
  });

  it('do not name a product by part of a word or by a too-short title', () => {
    expect(captionNames('the glass cold-brewer is here', titlePhrases('Glass Cold-Brew Bottle'))).toBe(false);
    expect(titlePhrases('Mug, Blue')).toEqual(['mug blue']);
  });
});

const FEED = {
  version: 1,
  cursor: 'c1',
  hasMore: false,
  merchants: [
    { id: 'acme', name: 'Acme Outdoor', url: 'https://acme.example', currency: 'USD', checkout: { kind: 'shopify-permalink' }, accounts: { instagram: 'acme', facebook: 'AcmeOutdoor' } },
    { id: 'lune', name: 'Maison Lune', url: 'https://maisonlune.example', currency: 'EUR', checkout: { kind: 'shopify-permalink' }, accounts: { instagram: 'maisonlune' } },
  ],
  products: [
    { id: 'acme:1', merchantId: 'acme', title: 'Trail Jacket', url: 'https://acme.example/products/trail-jacket', variants: [{ id: '11', price: '129.00', currency: 'USD' }], updatedAt: '2026-11-20T10:00:00Z' },
    { id: 'acme:2', merchantId: 'acme', title: 'Canyon Trekking Poles', url: 'https://acme.example/products/canyon-trekking-poles', variants: [{ id: '21', price: '89.00', currency: 'USD' }], updatedAt: '2026-11-20T10:00:00Z' },
    { id: 'lune:1', merchantId: 'lune', title: 'Beeswax Taper Candles, Pair', url: 'https://maisonlune.example/products/beeswax-tapers', variants: [{ id: '31', price: '18.00', currency: 'EUR' }], updatedAt: '2026-11-20T10:00:00Z' },
  ],
  tags: [{ id: 't1', platform: 'instagram', postId: 'TAGGED', productId: 'acme:1', x: 0.1, y: 0.2, updatedAt: '2026-11-20T10:00:00Z' }],
};

function post(over: Partial<PostRef>): PostRef {
  return { platform: 'instagram', postId: 'P', url: 'https://www.instagram.com/p/P/', author: null, caption: null, links: [], ...over };
}

describe('looking posts up beyond tags', () => {
  let db: PostcartDB;
  beforeEach(async () => {
    db = openDb(`match-${Math.random()}`);
    await applyFeed(db, newSourceState({ id: 's', kind: 'postcart', url: 'x' }), parseFeed(FEED, { sourceId: 's', baseUrl: 'https://x.example/' }));
  });

  it('matches a post whose outbound link points at a product page, through redirects and tracking', async () => {
    const result = await lookupPosts(db, [
      post({ postId: 'LINK', links: ['https://l.facebook.com/l.php?u=https%3A%2F%2Fwww.acme.example%2Fproducts%2Ftrail-jacket%3Ffbclid%3DIwAR0'] }),
    ]);
    expect(result.LINK).toEqual([expect.objectContaining({ productId: 'acme:1', reason: 'link', pin: null })]);
  });

  it('matches a URL written in the caption', async () => {
    const result = await lookupPosts(db, [post({ postId: 'CAP', caption: 'Restocked: https://maisonlune.example/products/beeswax-tapers?utm_source=ig' })]);
    expect(result.CAP).toEqual([expect.objectContaining({ productId: 'lune:1', reason: 'link' })]);
  });

  it("matches a merchant's own post that names one of its products, and nobody else's", async () => {
    const caption = 'Our Canyon Trekking Poles survived the whole ridge.';
    const result = await lookupPosts(db, [
      post({ postId: 'OWN', author: '@Acme', caption }),
      post({ postId: 'FAN', author: 'hiker.jo', caption }),
      post({ postId: 'OTHER', author: 'maisonlune', caption }),
    ]);
    expect(result.OWN).toEqual([expect.objectContaining({ productId: 'acme:2', reason: 'caption' })]);
    expect(result.FAN).toEqual([]);
    expect(result.OTHER).toEqual([]);
  });

  it('shows each product once per post, for its best reason', async () => {
    const result = await lookupPosts(db, [
      post({ postId: 'TAGGED', author: 'acme', caption: 'Trail Jacket https://acme.example/products/trail-jacket', links: ['https://acme.example/products/trail-jacket'] }),
    ]);
    expect(result.TAGGED).toEqual([expect.objectContaining({ productId: 'acme:1', reason: 'tag', pin: { x: 0.1, y: 0.2 } })]);
  });

  it('resolves shortened links through the injected resolver', async () => {
    const asked: string[] = [];
    const result = await lookupPosts(db, [post({ postId: 'SHORT', links: ['https://bit.ly/3xYz'] })], {
      resolveShortLink: async (url) => {
        asked.push(url.href);
        return new URL('https://acme.example/products/canyon-trekking-poles?utm_source=bitly');
      },
    });
    expect(asked).toEqual(['https://bit.ly/3xYz']);
    expect(result.SHORT).toEqual([expect.objectContaining({ productId: 'acme:2', reason: 'link' })]);
  });
});

describe('looking posts up again from the worker\'s memory', () => {
  let db: PostcartDB;
  beforeEach(async () => {
    db = openDb(`cache-${Math.random()}`);
    await applyFeed(db, newSourceState({ id: 's', kind: 'postcart', url: 'x' }), parseFeed(FEED, { sourceId: 's', baseUrl: 'https://x.example/' }));
  });
  const tagged = () => lookupPosts(db, [post({ postId: 'TAGGED' })]).then((r) => r.TAGGED![0]!);

  it('shows a new price, review summary and merchant name as soon as they are written', async () => {
    expect(await tagged()).toMatchObject({ priceMinor: 12900, rating: null, merchantName: 'Acme Outdoor' });
    await db.products.update('acme:1', { variants: [{ ...(await db.products.get('acme:1'))!.variants[0]!, priceMinor: 9900 }] });
    expect(await tagged()).toMatchObject({ priceMinor: 9900 });
    await db.reviews.put({ productId: 'acme:1', sourceId: 's', rating: 4.5, count: 12, histogram: [0, 0, 1, 4, 7], items: [] });
    expect(await tagged()).toMatchObject({ rating: 4.5, reviewCount: 12 });
    await db.merchants.update('acme', { name: 'Acme Outdoor Co.' });
    expect(await tagged()).toMatchObject({ merchantName: 'Acme Outdoor Co.' });
  });

  it('forgets a deleted product, and every product when the table is cleared', async () => {
    await tagged();
    await db.products.delete('acme:1');
    expect((await lookupPosts(db, [post({ postId: 'TAGGED' })])).TAGGED).toEqual([]);
    await db.products.put({ ...(await readFeedProduct(db, 'acme:2')), id: 'acme:1' });
    await tagged();
    await db.products.clear();
    expect((await lookupPosts(db, [post({ postId: 'TAGGED' })])).TAGGED).toEqual([]);
  });

  it("matches a merchant's caption against a product added after its titles were read", async () => {
    const own = (caption: string) => lookupPosts(db, [post({ postId: 'OWN', author: 'acme', caption })]).then((r) => r.OWN!.map((o) => o.productId));
    expect(await own('Our Summit Daypack is here')).toEqual([]);
    await db.products.put({ ...(await readFeedProduct(db, 'acme:2')), id: 'acme:3', title: 'Summit Daypack', urlKey: 'acme.example/products/summit-daypack' });
    expect(await own('Our Summit Daypack is here')).toEqual(['acme:3']);
  });
});

async function readFeedProduct(db: PostcartDB, id: string) {
  return (await db.products.get(id))!;
}

describe('the database schema', () => {
  it('upgrades version 1 data, keeping it and indexing product URLs', async () => {
    const name = `upgrade-${Math.random()}`;
    const v1 = new Dexie(name);
    v1.version(1).stores({ merchants: 'id, sourceId', products: 'id, merchantId, sourceId', reviews: 'productId', tags: 'id, [platform+postId], productId, sourceId', cart: 'id, merchantId, addedAt', orders: 'id, &idempotencyKey, merchantId, createdAt', sources: 'id', meta: 'key' });
    await v1.table('products').put({ id: 'acme:1', merchantId: 'acme', title: 'Trail Jacket', url: 'https://acme.example/products/trail-jacket', images: [], brand: null, gtin: null, description: '', variants: [], updatedAt: '', sourceId: 's' });
    await v1.table('cart').put({ id: 'line', merchantId: 'acme', addedAt: 1 });
    v1.close();

    const db = openDb(name);
    expect(await db.cart.count()).toBe(1);
    expect((await db.products.where('urlKey').equals('acme.example/products/trail-jacket').first())?.id).toBe('acme:1');
  });
});
