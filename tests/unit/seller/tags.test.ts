import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createBackground } from '@/utils/platform/router';
import { openDb, type PostcartDB } from '@/utils/catalog/db';
import type { StoredTag } from '@/utils/catalog/model';
import { postTags, savePostTags, sellerAccounts } from '@/utils/seller/tags';
import { newSourceState } from '@/utils/sync/source';
import { because, refused, userError } from '../fixtures';

const NOW = Date.parse('2026-12-01T12:00:00Z');
const POST = { platform: 'instagram', postId: 'C6aBc0dEf1g' } as const;

function tag(id: string, fields: Partial<StoredTag> = {}): StoredTag {
  return {
    id,
    ...POST,
    productId: 'acme:1',
    variantId: '11',
    x: 0.4,
    y: 0.6,
    updatedAt: '2026-11-20T10:00:00Z',
    origin: 'feed',
    sourceId: 'seller-src',
    version: 7,
    ...fields,
  };
}

async function seed(db: PostcartDB): Promise<void> {
  await db.merchants.bulkPut([
    { id: 'acme', name: 'Acme Outdoor', url: 'https://acme.example', currency: 'USD', checkout: { kind: 'shopify-permalink' }, accounts: { instagram: '@Acme', tiktok: 'acme.tt' }, sourceId: 'seller-src' },
    { id: 'lune', name: 'Maison Lune', url: 'https://lune.example', currency: 'EUR', checkout: { kind: 'shopify-permalink' }, accounts: { instagram: 'maisonlune' }, sourceId: 'demo' },
  ]);
  const product = (id: string, merchantId: string, title: string, variants: [string, string][]) => ({
    id,
    merchantId,
    title,
    url: `https://${merchantId}.example/products/${id}`,
    images: [`https://${merchantId}.example/${id}.jpg`],
    brand: null,
    gtin: null,
    description: '',
    variants: variants.map(([vid, vtitle]) => ({ id: vid, title: vtitle, priceMinor: 1000, compareAtMinor: null, currency: 'USD', available: true, sku: null })),
    updatedAt: '2026-11-20T10:00:00Z',
    sourceId: 'demo',
    urlKey: null,
  });
  await db.products.bulkPut([
    product('acme:1', 'acme', 'Trail Jacket', [['11', 'M / Blue'], ['12', 'L / Blue']]),
    product('lune:1', 'lune', 'Linen Napkins', [['21', 'Set of 4']]),
  ]);
}

let n = 0;
const newId = () => `uuid-${++n}`;

describe('saving the tags of a post', () => {
  let db: PostcartDB;

  beforeEach(async () => {
    n = 0;
    db = openDb(`tags-${Math.random()}`);
    await seed(db);
  });

  it('gives new tags a t- id, stores them as the seller’s and queues one upsert each for a server that never saw them', async () => {
    const result = await savePostTags(db, { ...POST, tags: [{ id: null, productId: 'acme:1', variantId: '12', x: 0.3, y: 0.7 }, { id: null, productId: 'lune:1', variantId: '21', x: 0.6, y: 0.2 }] }, NOW, newId);
    expect(result).toEqual({ written: ['t-uuid-1', 't-uuid-2'], deleted: [], unchanged: [] });
    expect(await db.tags.get('t-uuid-1')).toEqual({
      id: 't-uuid-1', ...POST, productId: 'acme:1', variantId: '12', x: 0.3, y: 0.7, updatedAt: '2026-12-01T12:00:00.000Z', origin: 'local', sourceId: 'local', version: null,
    });
    expect(await db.outbox.get('t-uuid-1')).toEqual({
      tagId: 't-uuid-1',
      op: 'upsert',
      tag: { id: 't-uuid-1', ...POST, productId: 'acme:1', variantId: '12', x: 0.3, y: 0.7, updatedAt: '2026-12-01T12:00:00.000Z' },
      baseVersion: null,
      queuedAt: NOW,
      attempts: 0,
      lastError: null,
    });
    expect(await db.outbox.count()).toBe(2);
  });

  it('moves a tag: rewritten as local, keeping the server version it started from as the base', async () => {
    await db.tags.put(tag('t1'));
    await savePostTags(db, { ...POST, tags: [{ id: 't1', productId: 'acme:1', variantId: '11', x: 0.45, y: 0.6 }] }, NOW, newId);
    expect(await db.tags.get('t1')).toMatchObject({ x: 0.45, origin: 'local', sourceId: 'local', version: 7 });
    expect(await db.outbox.get('t1')).toMatchObject({ op: 'upsert', baseVersion: 7, tag: { id: 't1', x: 0.45, y: 0.6 } });
  });

  it('retags a tag with another product and variant in place', async () => {
    await db.tags.put(tag('t1'));
    await savePostTags(db, { ...POST, tags: [{ id: 't1', productId: 'lune:1', variantId: '21', x: 0.4, y: 0.6 }] }, NOW, newId);
    expect(await db.tags.get('t1')).toMatchObject({ productId: 'lune:1', variantId: '21', x: 0.4, y: 0.6 });
    expect(await db.outbox.get('t1')).toMatchObject({ op: 'upsert', tag: { productId: 'lune:1', variantId: '21' } });
  });

  it('deletes the post’s tags missing from the list and queues a delete with the tag as it was', async () => {
    await db.tags.bulkPut([tag('t1'), tag('t2', { x: 0.1, version: null, origin: 'local', sourceId: 'local' })]);
    const result = await savePostTags(db, { ...POST, tags: [] }, NOW, newId);
    expect(result.deleted.sort()).toEqual(['t1', 't2']);
    expect(await db.tags.count()).toBe(0);
    expect(await db.outbox.get('t1')).toMatchObject({ op: 'delete', baseVersion: 7, tag: { id: 't1', productId: 'acme:1', x: 0.4 } });
    expect(await db.outbox.get('t2')).toMatchObject({ op: 'delete', baseVersion: null });
  });

  it('queues nothing for tags that did not change and leaves them exactly as they were', async () => {
    const untouched = tag('t1');
    await db.tags.bulkPut([untouched, tag('t2', { x: 0.2 })]);
    const result = await savePostTags(db, { ...POST, tags: [{ id: 't1', productId: 'acme:1', variantId: '11', x: 0.4, y: 0.6 }, { id: 't2', productId: 'acme:1', variantId: '11', x: 0.25, y: 0.6 }] }, NOW, newId);
    expect(result).toEqual({ written: ['t2'], deleted: [], unchanged: ['t1'] });
    expect(await db.tags.get('t1')).toEqual(untouched);
    expect((await db.outbox.toArray()).map((e) => e.tagId)).toEqual(['t2']);
  });

  it('leaves other posts’ tags alone', async () => {
    await db.tags.bulkPut([tag('t1'), tag('other', { postId: 'C8xYz123abc' })]);
    await savePostTags(db, { ...POST, tags: [] }, NOW, newId);
    expect(await db.tags.get('other')).toBeDefined();
    expect(await db.outbox.get('other')).toBeUndefined();
  });

  it('replaces a pending entry of the same tag with the newer edit, with its attempts and error reset', async () => {
    await db.tags.put(tag('t1'));
    await db.outbox.put({ tagId: 't1', op: 'upsert', tag: { id: 't1', ...POST, productId: 'acme:1', variantId: '11', x: 0.5, y: 0.6, updatedAt: '2026-11-30T00:00:00Z' }, baseVersion: 7, queuedAt: 1, attempts: 3, lastError: because('errHttpNetwork', 'cat.example') });
    await savePostTags(db, { ...POST, tags: [] }, NOW, newId);
    expect(await db.outbox.toArray()).toEqual([expect.objectContaining({ tagId: 't1', op: 'delete', baseVersion: 7, queuedAt: NOW, attempts: 0, lastError: null })]);
  });

  it('keeps a feed tag without a variant as it is, and can move it', async () => {
    await db.tags.put(tag('t1', { variantId: null }));
    expect((await savePostTags(db, { ...POST, tags: [{ id: 't1', productId: 'acme:1', variantId: null, x: 0.4, y: 0.6 }] }, NOW, newId)).unchanged).toEqual(['t1']);
    await savePostTags(db, { ...POST, tags: [{ id: 't1', productId: 'acme:1', variantId: null, x: 0.5, y: 0.6 }] }, NOW, newId);
    expect(await db.tags.get('t1')).toMatchObject({ variantId: null, x: 0.5 });
  });

  it('takes 20 tags on a post and refuses a 21st', async () => {
    const tags = Array.from({ length: 20 }, (_, i) => ({ id: null, productId: 'acme:1', variantId: '11', x: i / 20, y: 0.5 }));
    expect((await savePostTags(db, { ...POST, tags }, NOW, newId)).written).toHaveLength(20);
    const current = await db.tags.where('[platform+postId]').equals([POST.platform, POST.postId]).toArray();
    await expect(savePostTags(db, { ...POST, tags: [...current, { id: null, productId: 'acme:1', variantId: '11', x: 1, y: 1 }] }, NOW, newId)).rejects.toThrow(userError('errTagLimit', 20));
    expect(await db.tags.count()).toBe(20);
  });

  it('writes nothing at all when one product is unknown', async () => {
    await db.tags.bulkPut([tag('t1'), tag('t2')]);
    const save = savePostTags(db, {
      ...POST,
      tags: [
        { id: 't1', productId: 'acme:1', variantId: '12', x: 0.1, y: 0.1 },
        { id: null, productId: 'lune:1', variantId: '21', x: 0.2, y: 0.2 },
        { id: null, productId: 'gone:1', variantId: '1', x: 0.3, y: 0.3 },
      ],
    }, NOW, newId);
    await expect(save).rejects.toThrow(userError('errTagProductGone'));
    expect(await db.tags.toArray()).toEqual([tag('t1'), tag('t2')]);
    expect(await db.outbox.count()).toBe(0);
  });

  it('refuses a variant the product does not have', async () => {
    await expect(savePostTags(db, { ...POST, tags: [{ id: null, productId: 'acme:1', variantId: '21', x: 0.1, y: 0.1 }] }, NOW, newId)).rejects.toThrow(userError('errTagProductGone'));
  });

  it('refuses the id of another post’s tag, and the same id twice', async () => {
    await db.tags.bulkPut([tag('t1'), tag('other', { postId: 'C8xYz123abc' })]);
    await expect(savePostTags(db, { ...POST, tags: [{ id: 'other', productId: 'acme:1', variantId: '11', x: 0.1, y: 0.1 }] }, NOW, newId)).rejects.toThrow(userError('errTagOtherPost'));
    const same = { id: 't1', productId: 'acme:1', variantId: '11', x: 0.4, y: 0.6 };
    await expect(savePostTags(db, { ...POST, tags: [same, same] }, NOW, newId)).rejects.toThrow(userError('errTagListedTwice'));
    expect(await db.tags.get('other')).toMatchObject({ postId: 'C8xYz123abc', x: 0.4 });
  });

  it('brings back a tag a sync deleted meanwhile under a new id', async () => {
    await savePostTags(db, { ...POST, tags: [{ id: 'gone', productId: 'acme:1', variantId: '11', x: 0.1, y: 0.1 }] }, NOW, newId);
    expect((await db.tags.toArray()).map((t) => t.id)).toEqual(['t-uuid-1']);
  });
});

describe('reading the tags of a post for the editor', () => {
  let db: PostcartDB;

  beforeEach(async () => {
    db = openDb(`tags-read-${Math.random()}`);
    await seed(db);
  });

  it('lists them top to bottom with titles, merchant, image and whether they wait to be published', async () => {
    await db.tags.bulkPut([tag('low', { y: 0.9 }), tag('high', { y: 0.1, productId: 'lune:1', variantId: '21', origin: 'local', sourceId: 'local' }), tag('gone', { y: 0.5, productId: 'gone:1' })]);
    await db.outbox.put({ tagId: 'high', op: 'upsert', tag: { id: 'high', ...POST, productId: 'lune:1', variantId: '21', x: 0.4, y: 0.1, updatedAt: 'x' }, baseVersion: null, queuedAt: 1, attempts: 0, lastError: null });
    expect(await postTags(db, POST.platform, POST.postId)).toEqual([
      { id: 'high', productId: 'lune:1', variantId: '21', x: 0.4, y: 0.1, title: 'Linen Napkins', variantTitle: 'Set of 4', image: 'https://lune.example/lune:1.jpg', merchantName: 'Maison Lune', origin: 'local', pending: true },
      // A product gone from the catalog: listed without a title, so the seller can remove the pin.
      { id: 'gone', productId: 'gone:1', variantId: '11', x: 0.4, y: 0.5, title: '', variantTitle: '', image: null, merchantName: '', origin: 'feed', pending: false },
      { id: 'low', productId: 'acme:1', variantId: '11', x: 0.4, y: 0.9, title: 'Trail Jacket', variantTitle: 'M / Blue', image: 'https://acme.example/acme:1.jpg', merchantName: 'Acme Outdoor', origin: 'feed', pending: false },
    ]);
  });

  it('names the seller’s connected accounts and nothing of the token', async () => {
    await db.sources.bulkPut([
      { ...newSourceState({ id: 'seller-src', kind: 'postcart', url: 'https://shop.example/v1/feed' }), seller: { token: 'secret-token', merchantId: 'acme', merchantName: 'Acme Outdoor', connectedAt: 1 } },
      newSourceState({ id: 'demo', kind: 'postcart', url: 'https://demo.example/v1/feed' }),
    ]);
    const accounts = await sellerAccounts(db);
    expect(accounts).toEqual([{ platform: 'instagram', handle: '@Acme' }, { platform: 'tiktok', handle: 'acme.tt' }]);
    expect(JSON.stringify(accounts)).not.toContain('secret');
  });
});

describe('the background’s tag messages', () => {
  const EXT = { id: 'ext-id', origin: 'chrome-extension://ext-id' };
  const POPUP = { id: EXT.id, url: `${EXT.origin}/popup.html` };
  const CONTENT = { id: EXT.id, url: 'https://www.instagram.com/', tab: { id: 1 } };
  let db: PostcartDB;
  let changed: number;
  let bg: ReturnType<typeof createBackground>;

  beforeEach(async () => {
    db = openDb(`tags-bg-${Math.random()}`);
    await seed(db);
    changed = 0;
    bg = createBackground({
      db,
      settings: fakeBrowser.storage.local,
      extensionId: EXT.id,
      extensionOrigin: EXT.origin,
      openTab: async () => undefined,
      now: () => NOW,
      newId,
      onTagsChanged: () => {
        changed += 1;
      },
    });
  });

  const save = (tags: unknown[]) => bg.handleMessage({ type: 'save-post-tags', ...POST, tags, trusted: true }, CONTENT);

  it('answer only in seller mode', async () => {
    for (const message of [{ type: 'get-post-tags', ...POST }, { type: 'seller-accounts' }, { type: 'save-post-tags', ...POST, tags: [], trusted: true }]) {
      expect(await bg.handleMessage(message, CONTENT)).toEqual(refused('errSellerModeOff'));
    }
    expect(changed).toBe(0);
  });

  it('save the set, answer with the post’s tags and start the publisher once something changed', async () => {
    await bg.handleMessage({ type: 'set-settings', settings: { sellerMode: true } }, POPUP);
    const reply = await save([{ id: null, productId: 'acme:1', variantId: '11', x: 0.3, y: 0.7 }]);
    expect(reply).toMatchObject({ ok: true, data: [{ productId: 'acme:1', title: 'Trail Jacket', pending: true, origin: 'local' }] });
    expect(changed).toBe(1);
    // The publisher finds the entry when it is called: the transaction has committed.
    expect(await db.outbox.count()).toBe(1);
    const [current] = (reply as { data: { id: string }[] }).data;
    await save([{ id: current!.id, productId: 'acme:1', variantId: '11', x: 0.3, y: 0.7 }]);
    expect(changed).toBe(1);
    expect(await bg.handleMessage({ type: 'get-post-tags', ...POST }, CONTENT)).toMatchObject({ ok: true, data: [{ id: current!.id }] });
  });

  it('tell the seller why a save was refused and keep what was there', async () => {
    await bg.handleMessage({ type: 'set-settings', settings: { sellerMode: true } }, POPUP);
    expect(await save([{ id: null, productId: 'gone:1', variantId: '1', x: 0.3, y: 0.7 }])).toEqual(refused('errTagProductGone'));
    expect(changed).toBe(0);
  });

  it('reject more than 20 tags, out-of-range pins and untrusted saves before touching the database', async () => {
    await bg.handleMessage({ type: 'set-settings', settings: { sellerMode: true } }, POPUP);
    const many = Array.from({ length: 21 }, () => ({ id: null, productId: 'acme:1', variantId: '11', x: 0.5, y: 0.5 }));
    expect(await save(many)).toEqual(refused('errMalformedMessage'));
    expect(await save([{ id: null, productId: 'acme:1', variantId: '11', x: 1.5, y: 0.5 }])).toEqual(refused('errMalformedMessage'));
    expect(await bg.handleMessage({ type: 'save-post-tags', ...POST, tags: [], trusted: false }, CONTENT)).toEqual(refused('errMalformedMessage'));
    expect(await bg.handleMessage({ type: 'save-tag', ...POST, productId: 'acme:1', variantId: '11', x: 0.5, y: 0.5, trusted: true }, CONTENT)).toEqual(refused('errMalformedMessage'));
    expect(await db.tags.count()).toBe(0);
  });

  it('give a content script the seller’s handles without the token', async () => {
    await db.sources.put({ ...newSourceState({ id: 'seller-src', kind: 'postcart', url: 'https://shop.example/v1/feed' }), seller: { token: 'secret-token', merchantId: 'acme', merchantName: 'Acme Outdoor', connectedAt: 1 } });
    await bg.handleMessage({ type: 'set-settings', settings: { sellerMode: true } }, POPUP);
    const reply = await bg.handleMessage({ type: 'seller-accounts' }, CONTENT);
    expect(reply).toEqual({ ok: true, data: [{ platform: 'instagram', handle: '@Acme' }, { platform: 'tiktok', handle: 'acme.tt' }] });
    expect(JSON.stringify(reply)).not.toContain('secret');
  });
});
