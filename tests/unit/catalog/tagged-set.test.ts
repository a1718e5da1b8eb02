import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { lookupPosts } from '@/utils/catalog/lookups';
import { openDb, type PostcartDB } from '@/utils/catalog/db';
import type { PostRef } from '@/utils/catalog/model';
import { decodeSet, encodeSet, hashKey, hashSet, LINKS_KEY, postLinks, setFromStorage, STALE_KEY, TaggedSet, taggedKey, VERSION_KEY } from '@/utils/catalog/tagged-set';
import { buildSets, taggedSets, type SetStore } from '@/utils/catalog/tagged-sets';
import { newSourceState } from '@/utils/sync/source';
import { parseFeed } from '@/utils/sync/sources/postcart';
import { applyFeed } from '@/utils/sync/apply';

const FEED = {
  version: 1,
  cursor: 'c1',
  hasMore: false,
  merchants: [
    { id: 'acme', name: 'Acme Outdoor', url: 'https://acme.example', currency: 'USD', checkout: { kind: 'shopify-permalink' }, accounts: { instagram: 'Acme', facebook: 'AcmeOutdoor' } },
  ],
  products: [
    { id: 'acme:1', merchantId: 'acme', title: 'Trail Jacket', url: 'https://acme.example/products/trail-jacket', variants: [{ id: '11', price: '129.00', currency: 'USD' }], updatedAt: '2026-11-20T10:00:00Z' },
    { id: 'acme:2', merchantId: 'acme', title: 'Canyon Trekking Poles', url: 'https://acme.example/products/canyon-trekking-poles', variants: [{ id: '21', price: '89.00', currency: 'USD' }], updatedAt: '2026-11-20T10:00:00Z' },
  ],
  tags: [
    { id: 't1', platform: 'instagram', postId: 'TAGGED', productId: 'acme:1', x: 0.1, y: 0.2, updatedAt: '2026-11-20T10:00:00Z' },
    { id: 't2', platform: 'tiktok', postId: '7300000000000000001', productId: 'acme:2', x: 0.5, y: 0.5, updatedAt: '2026-11-20T10:00:00Z' },
  ],
};

function post(over: Partial<PostRef>): PostRef {
  return { platform: 'instagram', postId: 'P', url: 'https://www.instagram.com/p/P/', author: null, caption: null, links: [], ...over };
}

/** A set as content scripts read it from storage. */
function stored(ids: string[] | null, handles: string[] | null, linkKeys: string[] | null): TaggedSet {
  const set = TaggedSet.fromStored(
    { ids: ids && encodeSet(hashSet(ids)!), handles },
    { keys: linkKeys && encodeSet(hashSet(linkKeys)!) },
  );
  if (!set) throw new Error('the stored set did not read back');
  return set;
}

/** storage.local as a map, recording what each write carried. */
function memoryStore(): SetStore & { data: Record<string, unknown>; writes: Record<string, unknown>[] } {
  const data: Record<string, unknown> = {};
  const writes: Record<string, unknown>[] = [];
  return {
    data,
    writes,
    async get(keys) {
      return Object.fromEntries(keys.filter((k) => k in data).map((k) => [k, structuredClone(data[k])]));
    },
    async set(items) {
      writes.push(structuredClone(items));
      Object.assign(data, structuredClone(items));
    },
  };
}

describe('the hashed sets', () => {
  it('are sorted and hold each key once', () => {
    const set = hashSet(['b', 'a', 'b', 'c', 'a'])!;
    expect(set.length).toBe(3);
    expect([...set]).toEqual([...set].sort((x, y) => x - y));
    expect([...set].sort()).toEqual(['a', 'b', 'c'].map(hashKey).sort());
  });

  it('survive encoding for storage bit for bit, the highest hashes included', () => {
    const hashes = Uint32Array.from([0, 1, 255, 256, 0x7fffffff, 0x80000000, 0xffffffff]);
    expect([...decodeSet(encodeSet(hashes))!]).toEqual([...hashes]);
    expect([...decodeSet(encodeSet(new Uint32Array(0)))!]).toEqual([]);
  });

  it('refuse what storage holds when it is not an encoded set', () => {
    expect(decodeSet(42)).toBeNull();
    expect(decodeSet('not base64 at all!')).toBeNull();
    expect(decodeSet(btoa('abc'))).toBeNull();
  });

  it('spread similar ids over different hashes', () => {
    const ids = Array.from({ length: 10_000 }, (_, i) => `BN${String(i).padStart(9, '0')}`);
    expect(hashSet(ids)!.length).toBeGreaterThan(9_990);
  });
});

describe('a tagged set', () => {
  const set = stored(['TAGGED'], ['acme'], ['acme.example/products/trail-jacket']);

  it('lets through a tagged post and holds back a post nothing can match', () => {
    expect(set.mayMatch(post({ postId: 'TAGGED' }))).toBe(true);
    expect(set.mayMatch(post({ postId: 'OTHER', author: 'hiker.jo', caption: 'A long walk', links: ['https://example.org/blog'] }))).toBe(false);
  });

  it("lets through a merchant's own post with a caption, however the handle is written, but not without one", () => {
    expect(set.mayMatch(post({ postId: 'OWN', author: '@ACME', caption: 'New Trail Jacket' }))).toBe(true);
    expect(set.mayMatch(post({ postId: 'OWN', author: 'acme', caption: null }))).toBe(false);
  });

  it('lets through a post linking to a product page, through redirects, tracking and caption URLs', () => {
    const key = 'acme.example/products/trail-jacket';
    expect(set.mayMatch(post({ postId: 'L1', links: ['https://l.facebook.com/l.php?u=https%3A%2F%2Fwww.acme.example%2Fproducts%2Ftrail-jacket%3Ffbclid%3DIwAR0'] }))).toBe(true);
    expect(set.mayMatch(post({ postId: 'L2', caption: 'Back in stock: https://acme.example/products/trail-jacket?utm_source=ig' }))).toBe(true);
    expect(set.mayMatch(post({ postId: 'L3', links: ['https://acme.example/products/other-thing'] }))).toBe(false);
    expect(stored([], [], [key]).mayMatch(post({ postId: 'L4', links: ['https://acme.example/products/trail-jacket'] }))).toBe(true);
  });

  it('lets through any shortened link, which may hide a product page', () => {
    expect(set.mayMatch(post({ postId: 'S', links: ['https://bit.ly/3xYz'] }))).toBe(true);
  });

  it('lets everything through where a part was too large to keep', () => {
    const plain = post({ postId: 'X', author: 'someone', caption: 'hello', links: ['https://example.org/'] });
    expect(stored(null, [], []).mayMatch(plain)).toBe(true);
    expect(stored([], null, []).mayMatch(plain)).toBe(true);
    expect(stored([], [], null).mayMatch(plain)).toBe(true);
    expect(stored([], [], []).mayMatch(plain)).toBe(false);
  });

  it('is not read from storage that holds something else, so every post is asked about', () => {
    const links = { keys: encodeSet(hashSet([])!) };
    expect(TaggedSet.fromStored(undefined, links)).toBeNull();
    expect(TaggedSet.fromStored({ ids: 'not base64!', handles: [] }, links)).toBeNull();
    expect(TaggedSet.fromStored({ ids: encodeSet(hashSet([])!), handles: [1, 2] }, links)).toBeNull();
    expect(TaggedSet.fromStored({ ids: encodeSet(hashSet([])!), handles: [] }, { keys: 7 })).toBeNull();
  });

  it('follows at most twenty links of a post, as a lookup does', () => {
    const links = Array.from({ length: 30 }, (_, i) => `https://example.org/${i}`);
    expect(postLinks({ links, caption: 'see https://acme.example/products/trail-jacket' })).toHaveLength(20);
    expect(set.mayMatch(post({ postId: 'MANY', links: [...links, 'https://acme.example/products/trail-jacket'] }))).toBe(false);
  });
});

describe("the worker's tagged sets", () => {
  let db: PostcartDB;
  beforeEach(async () => {
    db = openDb(`tagged-${Math.random()}`);
    await applyFeed(db, newSourceState({ id: 's', kind: 'postcart', url: 'x' }), parseFeed(FEED, { sourceId: 's', baseUrl: 'https://x.example/' }));
  });
  afterEach(() => {
    taggedSets(db).stop();
    db.close();
  });

  it("are built from the database's tags, product pages and merchant accounts, per platform", async () => {
    const built = await buildSets(db);
    expect(built.counts.tags).toEqual({ instagram: 1, pinterest: 0, tiktok: 1, facebook: 0 });
    expect(built.counts.links).toBe(2);
    expect(built.platforms.instagram.handles).toEqual(['acme']);
    expect(built.platforms.facebook.handles).toEqual(['acmeoutdoor']);
    expect(built.platforms.pinterest.handles).toEqual([]);
    const instagram = TaggedSet.fromStored(built.platforms.instagram, built.links)!;
    expect(instagram.mayMatch(post({ postId: 'TAGGED' }))).toBe(true);
    expect(instagram.mayMatch(post({ postId: '7300000000000000001' }))).toBe(false);
  });

  it('answer posts nothing can match without opening a transaction, and the others as before', async () => {
    const sets = taggedSets(db);
    await sets.build();
    expect(sets.fresh('instagram')).not.toBeNull();
    const transaction = vi.spyOn(db, 'transaction');
    const none = await lookupPosts(db, [post({ postId: 'A' }), post({ postId: 'B', author: 'hiker', caption: 'hi' })]);
    expect(none).toEqual({ A: [], B: [] });
    expect(transaction).not.toHaveBeenCalled();
    const some = await lookupPosts(db, [post({ postId: 'A' }), post({ postId: 'TAGGED' }), post({ postId: 'OWN', author: 'acme', caption: 'Our Canyon Trekking Poles' })]);
    expect(some.A).toEqual([]);
    expect(some.TAGGED).toEqual([expect.objectContaining({ productId: 'acme:1', reason: 'tag' })]);
    expect(some.OWN).toEqual([expect.objectContaining({ productId: 'acme:2', reason: 'caption' })]);
  });

  it('are not trusted after a write, so a post tagged a moment ago is found at once', async () => {
    const sets = taggedSets(db);
    sets.start();
    await vi.waitFor(() => expect(sets.fresh('instagram')).not.toBeNull());
    await db.tags.put({ ...(await db.tags.get('t1'))!, id: 't3', postId: 'NEW' });
    expect(sets.fresh('instagram')).toBeNull();
    expect((await lookupPosts(db, [post({ postId: 'NEW' })])).NEW).toEqual([expect.objectContaining({ productId: 'acme:1', reason: 'tag' })]);
    // Rebuilt once writes pause, with the new post in it.
    await vi.waitFor(() => expect(sets.fresh('instagram')?.mayMatch(post({ postId: 'NEW' }))).toBe(true), { timeout: 5000 });
  });

  it('publish to storage, and bump the version only when a write may have changed an offer', async () => {
    const store = memoryStore();
    const sets = taggedSets(db);
    sets.publishTo(store);
    await sets.build();
    expect(Object.keys(store.data).sort()).toEqual([LINKS_KEY, VERSION_KEY, ...(['instagram', 'pinterest', 'tiktok', 'facebook'] as const).map(taggedKey)].sort());
    expect(store.data[VERSION_KEY]).toBe(1);
    const fromStorage = TaggedSet.fromStored(store.data[taggedKey('instagram')], store.data[LINKS_KEY])!;
    expect(fromStorage.mayMatch(post({ postId: 'TAGGED' }))).toBe(true);

    // Nothing changed: nothing written.
    await sets.build();
    expect(store.writes).toHaveLength(1);

    // A price changed: the sets are the same, but tabs must drop the offers they hold.
    sets.start();
    const product = (await db.products.get('acme:1'))!;
    await db.products.put({ ...product, variants: product.variants.map((v) => ({ ...v, priceMinor: v.priceMinor + 100 })) });
    await vi.waitFor(() => expect(store.data[VERSION_KEY]).toBe(2), { timeout: 5000 });
    expect(Object.keys(store.writes.at(-1)!)).toEqual([VERSION_KEY]);
  });

  it('tell tabs from the first write on that the stored sets may miss it, until the next build', async () => {
    const store = memoryStore();
    const sets = taggedSets(db);
    sets.publishTo(store);
    await sets.build();
    expect(setFromStorage(store.data, 'instagram')?.mayMatch(post({ postId: 'NEW' }))).toBe(false);
    sets.start();
    await db.tags.put({ ...(await db.tags.get('t1'))!, id: 't3', postId: 'NEW' });
    // At once: a tab trusts no set and asks about every post.
    await vi.waitFor(() => expect(store.data[STALE_KEY]).toBe(store.data[VERSION_KEY]));
    expect(setFromStorage(store.data, 'instagram')).toBeNull();
    // Rebuilt once writes pause: the new post is in the set tabs read.
    await vi.waitFor(() => expect(setFromStorage(store.data, 'instagram')?.mayMatch(post({ postId: 'NEW' }))).toBe(true), { timeout: 5000 });
  });

  it('leave writes to other tables alone', async () => {
    const sets = taggedSets(db);
    await sets.build();
    sets.start();
    await vi.waitFor(() => expect(sets.fresh('instagram')).not.toBeNull());
    await db.cart.put({ id: 'l1', productId: 'acme:1', variantId: '11', merchantId: 'acme', quantity: 1, addedAt: 1 } as never);
    expect(sets.fresh('instagram')).not.toBeNull();
  });
});
