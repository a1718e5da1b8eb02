/**
 * Page and feed data name keys: a post shortcode, a product id, an availability word, an entity
 * name or a link's host may be "__proto__", "constructor" or "toString". Each must stay an ordinary
 * key (issue 12: a `__proto__` shortcode made its whole lookup batch fail).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { openDb, type PostcartDB } from '@/utils/catalog/db';
import { lookupPosts } from '@/utils/catalog/lookups';
import { unwrapRedirect } from '@/utils/sites/links';
import type { PostRef } from '@/utils/catalog/model';
import { createBackground } from '@/utils/platform/router';
import { sellerStatus } from '@/utils/seller/publish';
import { applyFeed } from '@/utils/sync/apply';
import { newSourceState } from '@/utils/sync/source';
import { parseMerchantFeed } from '@/utils/sync/sources/merchant-feed';
import { parseFeed } from '@/utils/sync/sources/postcart';
import { decodeHtmlEntities } from '@/utils/sync/text';
import { nudge } from '@/utils/overlay/pins';
import { skipLine } from '../fixtures';

const KEYS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty'];
const T = '2026-11-20T10:00:00Z';

function feed() {
  return {
    version: 1,
    cursor: 'c',
    hasMore: false,
    merchants: [{ id: 'acme', name: 'Acme', url: 'https://acme.example', currency: 'USD', checkout: { kind: 'link' } }],
    products: [
      { id: 'acme:1', merchantId: 'acme', title: 'Trail Jacket', url: 'https://acme.example/p/1', variants: [{ id: '1', price: '10.00', currency: 'USD' }], updatedAt: T },
      { id: '__proto__', merchantId: 'acme', title: 'Odd Id', url: 'https://acme.example/p/2', variants: [{ id: '2', price: '11.00', currency: 'USD' }], updatedAt: T },
    ],
    tags: [
      ...KEYS.map((postId, i) => ({ id: `t${i}`, platform: 'instagram', postId, productId: 'acme:1', x: 0.5, y: 0.5, updatedAt: T })),
      { id: 't-normal', platform: 'instagram', postId: 'C8xYz123abc', productId: '__proto__', x: 0.2, y: 0.2, updatedAt: T },
    ],
  };
}

const post = (postId: string): PostRef => ({ platform: 'instagram', postId, url: `https://www.instagram.com/p/${postId}/`, author: null, caption: null, links: [] });

describe('keys named by page or feed data', () => {
  let db: PostcartDB;
  beforeEach(async () => {
    db = openDb(`proto-${Math.random()}`);
    await applyFeed(db, newSourceState({ id: 's', kind: 'postcart', url: 'https://x.example/v1/feed' }), parseFeed(feed(), { sourceId: 's', baseUrl: 'https://x.example/' }));
  });

  it('answers a lookup batch holding posts named __proto__, constructor and toString, each with its own offers', async () => {
    const result = await lookupPosts(db, [...KEYS, 'C8xYz123abc', 'UNTAGGED'].map(post));
    for (const key of KEYS) {
      expect(Object.hasOwn(result, key)).toBe(true);
      expect(result[key]).toEqual([expect.objectContaining({ productId: 'acme:1', reason: 'tag' })]);
    }
    expect(result.C8xYz123abc).toEqual([expect.objectContaining({ productId: '__proto__' })]);
    expect(result.UNTAGGED).toEqual([]);
    // What the content script receives went through the extension's JSON messaging.
    const wire = JSON.parse(JSON.stringify(result)) as Record<string, unknown>;
    expect(Object.keys(wire).sort()).toEqual([...KEYS, 'C8xYz123abc', 'UNTAGGED'].sort());
  });

  it('answers the same batch through the background’s message door', async () => {
    const { handleMessage } = createBackground({ db, settings: fakeSettings(), extensionId: 'ext', extensionOrigin: 'chrome-extension://ext', openTab: async () => undefined });
    const reply = (await handleMessage({ type: 'lookup-posts', posts: KEYS.map(post) }, { id: 'ext', tab: {} })) as { ok: boolean; data: { offers: Record<string, unknown[]> } };
    expect(reply.ok).toBe(true);
    expect(KEYS.map((key) => Object.hasOwn(reply.data.offers, key) && reply.data.offers[key]!.length)).toEqual([1, 1, 1, 1]);
  });

  it('keeps a product titled by id "__proto__" in the publishing status’s titles', async () => {
    await db.conflicts.put({ tagId: 'x', at: 1, sourceId: 's', kind: 'refused', mine: { op: 'upsert', tag: { id: 'x', platform: 'instagram', postId: 'P', productId: '__proto__', variantId: '2', x: 0, y: 0, updatedAt: T } }, theirs: null, reason: null });
    const status = await sellerStatus(db);
    expect(Object.hasOwn(status.titles, '__proto__')).toBe(true);
    expect(status.titles.__proto__).toBe('Odd Id');
  });

  it('reads an availability of "constructor" as unknown, not as Object.prototype’s', () => {
    const tsv = ['id\ttitle\tlink\tavailability\tprice', 'A\tBeanie\thttps://t.example/p/a\tconstructor\t15.00 USD', 'B\tBeanie\thttps://t.example/p/b\t__proto__\t15.00 USD'].join('\n');
    const page = parseMerchantFeed(tsv, { sourceId: 't', merchant: { id: 't', name: 'T' }, now: 0 });
    expect(page.products).toEqual([]);
    expect(page.skipped.map(skipLine)).toEqual(['A: availability: unknown availability “constructor”', 'B: availability: unknown availability “__proto__”']);
  });

  it('leaves "&constructor;" and "&toString;" in feed text as written', () => {
    expect(decodeHtmlEntities('a &constructor; b &toString; c &amp; d')).toBe('a &constructor; b &toString; c & d');
  });

  it('follows no redirect through a link whose host is "__proto__" or "constructor"', () => {
    expect(unwrapRedirect('https://__proto__/?[object Object]=https://evil.example/')?.href).toBe('https://__proto__/?[object%20Object]=https://evil.example/');
    expect(unwrapRedirect('https://constructor/x')?.hostname).toBe('constructor');
  });

  it('moves a pin only for arrow keys, whatever the key is called', () => {
    expect(nudge({ x: 0.5, y: 0.5 }, 'constructor', false)).toBeNull();
    expect(nudge({ x: 0.5, y: 0.5 }, '__proto__', false)).toBeNull();
  });
});

function fakeSettings() {
  const store: Record<string, unknown> = {};
  return {
    get: async () => ({ ...store }),
    set: async (items: Record<string, unknown>) => void Object.assign(store, items),
  };
}
