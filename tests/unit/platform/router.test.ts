import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createBackground } from '@/utils/platform/router';
import { openDb, type PostcartDB } from '@/utils/catalog/db';
import { newSourceState } from '@/utils/sync/source';
import { parseFeed } from '@/utils/sync/sources/postcart';
import { CONTACT, POST, refused } from '../fixtures';
import { applyFeed } from '@/utils/sync/apply';

const EXT = { id: 'ext-id', origin: 'chrome-extension://ext-id' };
const POPUP = { id: EXT.id, url: `${EXT.origin}/popup.html` };
const CONTENT = { id: EXT.id, url: 'https://www.instagram.com/', tab: { id: 1 } };

const FEED = {
  version: 1,
  cursor: 'c1',
  hasMore: false,
  merchants: [
    { id: 'acme', name: 'Acme Outdoor', url: 'https://acme.example', currency: 'USD', checkout: { kind: 'shopify-permalink' } },
    { id: 'lune', name: 'Maison Lune', url: 'https://lune.example', currency: 'EUR', checkout: { kind: 'shopify-permalink' } },
  ],
  products: [
    {
      id: 'acme:1', merchantId: 'acme', title: 'Trail Jacket', url: 'https://acme.example/products/trail-jacket', images: [],
      variants: [
        { id: '11', title: 'M / Blue', price: '129.00', compareAtPrice: '159.00', currency: 'USD', available: true },
        { id: '12', title: 'L / Blue', price: '129.00', currency: 'USD', available: false },
      ],
      updatedAt: '2026-11-20T10:00:00Z',
    },
    {
      id: 'lune:1', merchantId: 'lune', title: 'Linen Napkins', url: 'https://lune.example/products/napkins', images: [],
      variants: [{ id: '21', title: 'Set of 4', price: '38.50', currency: 'EUR', available: true }],
      updatedAt: '2026-11-20T10:00:00Z',
    },
  ],
  reviews: [{ productId: 'acme:1', rating: 4.6, count: 212, histogram: [3, 4, 10, 45, 150], items: [] }],
  tags: [{ id: 't1', platform: 'instagram', postId: 'C8xYz123abc', productId: 'acme:1', variantId: '11', x: 0.4, y: 0.6, updatedAt: '2026-11-20T10:00:00Z' }],
};

describe('the background', () => {
  let db: PostcartDB;
  let opened: string[];
  let bg: ReturnType<typeof createBackground>;
  let restored = 0;

  beforeEach(async () => {
    db = openDb(`bg-${Math.random()}`);
    await applyFeed(db, newSourceState({ id: 'demo', kind: 'postcart', url: 'x' }), parseFeed(FEED, { sourceId: 'demo', baseUrl: 'https://x.example/' }));
    opened = [];
    let n = 0;
    bg = createBackground({
      db,
      settings: fakeBrowser.storage.local,
      extensionId: EXT.id,
      extensionOrigin: EXT.origin,
      openTab: async (url) => {
        opened.push(url);
      },
      now: () => 1_700_000_000_000,
      newId: () => `order-${++n}`,
      // No network in unit tests: every catalog source answers "unavailable".
      fetch: async () => new Response('', { status: 503 }),
      restoreDemo: async () => {
        restored += 1;
      },
    });
  });

  it('answers a batch of posts with offers only for the tagged ones', async () => {
    const reply = await bg.handleMessage(
      {
        type: 'lookup-posts',
        posts: [
          { ...POST, author: 'acme', caption: null, links: [] },
          { platform: 'instagram', postId: 'C6aBc0dEf1g', url: 'https://www.instagram.com/p/C6aBc0dEf1g/', author: null, caption: null, links: [] },
        ],
      },
      CONTENT,
    );
    expect(reply).toEqual({
      ok: true,
      data: {
        offers: {
          C8xYz123abc: [expect.objectContaining({ title: 'Trail Jacket', priceMinor: 12900, currency: 'USD', rating: 4.6, reviewCount: 212, merchantName: 'Acme Outdoor' })],
          C6aBc0dEf1g: [],
        },
        linkable: {},
      },
    });
  });

  it('rejects malformed messages and messages from other extensions', async () => {
    expect(await bg.handleMessage({ type: 'lookup-posts', posts: 'all' }, CONTENT)).toEqual(refused('errMalformedMessage'));
    expect(await bg.handleMessage({ type: 'drop-tables' }, POPUP)).toEqual(refused('errMalformedMessage'));
    expect(await bg.handleMessage({ type: 'get-cart' }, { id: 'other', url: 'chrome-extension://other/popup.html' })).toEqual(refused('errUnknownSender'));
  });

  it('refuses privileged requests from content scripts', async () => {
    for (const message of [
      { type: 'get-cart' },
      { type: 'checkout', merchantId: 'acme', contact: CONTACT, idempotencyKey: 'k' },
      { type: 'set-settings', settings: { sellerMode: true } },
      { type: 'get-contact' },
    ]) {
      expect(await bg.handleMessage(message, CONTENT)).toEqual(refused('errNotFromPage'));
    }
  });

  it('adds to the cart only for a click the content script saw as trusted', async () => {
    const add = { type: 'add-to-cart', productId: 'acme:1', variantId: '11', quantity: 1, source: POST };
    expect(await bg.handleMessage(add, CONTENT)).toMatchObject(refused('errMalformedMessage'));
    expect(await bg.handleMessage({ ...add, trusted: false }, CONTENT)).toMatchObject({ ok: false });
    expect(await bg.handleMessage({ ...add, trusted: true }, CONTENT)).toEqual({ ok: true, data: { cartCount: 1 } });
    expect(await bg.handleMessage({ ...add, trusted: true }, CONTENT)).toEqual({ ok: true, data: { cartCount: 2 } });
    expect(await db.cart.count()).toBe(1);
  });

  it('refuses an out-of-stock variant or an unknown product', async () => {
    const add = { type: 'add-to-cart', productId: 'acme:1', variantId: '12', quantity: 1, source: POST, trusted: true };
    expect(await bg.handleMessage(add, CONTENT)).toEqual(refused('errOutOfStock'));
    expect(await bg.handleMessage({ ...add, productId: 'gone' }, CONTENT)).toEqual(refused('errProductGone'));
  });

  it('saves a seller tag only in seller mode and then shows it on the post', async () => {
    const tag = { type: 'save-post-tags', platform: 'instagram', postId: 'C6aBc0dEf1g', tags: [{ id: null, productId: 'lune:1', variantId: '21', x: 0.25, y: 0.75 }], trusted: true };
    expect(await bg.handleMessage(tag, CONTENT)).toEqual(refused('errSellerModeOff'));
    await bg.handleMessage({ type: 'set-settings', settings: { sellerMode: true } }, POPUP);
    expect(await bg.handleMessage(tag, CONTENT)).toMatchObject({ ok: true, data: [{ id: 't-order-1', productId: 'lune:1', title: 'Linen Napkins', origin: 'local', pending: true }] });
    const lookup = await bg.handleMessage(
      { type: 'lookup-posts', posts: [{ platform: 'instagram', postId: 'C6aBc0dEf1g', url: 'https://www.instagram.com/p/C6aBc0dEf1g/', author: null, caption: null, links: [] }] },
      CONTENT,
    );
    expect(lookup).toMatchObject({ ok: true, data: { offers: { C6aBc0dEf1g: [{ productId: 'lune:1', reason: 'tag', pin: { x: 0.25, y: 0.75 }, currency: 'EUR', priceMinor: 3850 }] } } });
  });

  it('checks out one merchant into a Shopify permalink, records the order and empties only those lines', async () => {
    await bg.handleMessage({ type: 'add-to-cart', productId: 'acme:1', variantId: '11', quantity: 2, source: POST, trusted: true }, CONTENT);
    await bg.handleMessage({ type: 'add-to-cart', productId: 'lune:1', variantId: '21', quantity: 1, source: POST, trusted: true }, CONTENT);
    const reply = await bg.handleMessage({ type: 'checkout', merchantId: 'acme', contact: CONTACT, idempotencyKey: 'attempt-1' }, POPUP);
    expect(reply).toMatchObject({ ok: true, data: { merchantId: 'acme', status: 'handed-off', totals: [{ currency: 'USD', minor: 25800 }] } });
    expect(opened).toHaveLength(1);
    const url = new URL(opened[0]!);
    expect(url.origin + url.pathname).toBe('https://acme.example/cart/11:2');
    expect(url.searchParams.get('checkout[email]')).toBe('ana@example.com');
    expect(url.searchParams.get('attributes[postcart_post]')).toBe(POST.url);
    expect((await db.cart.toArray()).map((l) => l.merchantId)).toEqual(['lune']);
    expect(await db.orders.count()).toBe(1);
  });

  it('never places an order twice for one checkout attempt', async () => {
    await bg.handleMessage({ type: 'add-to-cart', productId: 'acme:1', variantId: '11', quantity: 1, source: POST, trusted: true }, CONTENT);
    const checkout = { type: 'checkout', merchantId: 'acme', contact: CONTACT, idempotencyKey: 'attempt-1' };
    const [a, b] = await Promise.all([bg.handleMessage(checkout, POPUP), bg.handleMessage(checkout, POPUP)]);
    const again = await bg.handleMessage(checkout, POPUP);
    expect(a).toMatchObject({ ok: true, data: { id: 'order-1' } });
    expect(b).toMatchObject({ ok: true, data: { id: 'order-1' } });
    expect(again).toMatchObject({ ok: true, data: { id: 'order-1' } });
    expect(opened).toHaveLength(1);
    expect(await db.orders.count()).toBe(1);
  });

  it('refuses a checkout with an invalid address before touching the cart', async () => {
    await bg.handleMessage({ type: 'add-to-cart', productId: 'acme:1', variantId: '11', quantity: 1, source: POST, trusted: true }, CONTENT);
    const reply = await bg.handleMessage({ type: 'checkout', merchantId: 'acme', contact: { ...CONTACT, email: 'nope' }, idempotencyKey: 'k' }, POPUP);
    expect(reply).toEqual(refused('errMalformedMessage'));
    expect(await db.cart.count()).toBe(1);
    expect(opened).toEqual([]);
  });

  it('groups the cart per merchant with subtotals per currency', async () => {
    await bg.handleMessage({ type: 'add-to-cart', productId: 'acme:1', variantId: '11', quantity: 3, source: POST, trusted: true }, CONTENT);
    await bg.handleMessage({ type: 'add-to-cart', productId: 'lune:1', variantId: '21', quantity: 2, source: POST, trusted: true }, CONTENT);
    const reply = await bg.handleMessage({ type: 'get-cart' }, POPUP);
    expect(reply).toMatchObject({
      ok: true,
      data: {
        groups: [
          { merchantId: 'acme', subtotals: [{ currency: 'USD', minor: 38700 }] },
          { merchantId: 'lune', subtotals: [{ currency: 'EUR', minor: 7700 }] },
        ],
      },
    });
  });

  it('keeps the saved contact until the user asks to forget it', async () => {
    await bg.handleMessage({ type: 'save-contact', contact: CONTACT }, POPUP);
    expect(await bg.handleMessage({ type: 'get-contact' }, POPUP)).toMatchObject({ ok: true, data: { email: 'ana@example.com' } });
    await bg.handleMessage({ type: 'forget-contact' }, POPUP);
    expect(await bg.handleMessage({ type: 'get-contact' }, POPUP)).toEqual({ ok: true, data: null });
  });

  it('gives product cards with the tagged variant and at most three review excerpts', async () => {
    const reply = await bg.handleMessage({ type: 'get-card', productId: 'acme:1', variantId: '11' }, CONTENT);
    expect(reply).toMatchObject({ ok: true, data: { selectedVariantId: '11', merchant: { name: 'Acme Outdoor' }, reviews: { count: 212 } } });
    expect(await bg.handleMessage({ type: 'get-card', productId: 'gone', variantId: null }, CONTENT)).toEqual({ ok: true, data: null });
  });

  it('adds a catalog source from an extension page only, validated, and removes it with everything it brought', async () => {
    const source = { kind: 'postcart', url: 'https://feeds.example/v1/feed', label: 'Acme feed' };
    expect(await bg.handleMessage({ type: 'add-source', source }, CONTENT)).toEqual(refused('errNotFromPage'));
    expect(await bg.handleMessage({ type: 'add-source', source: { ...source, url: 'http://feeds.example/v1/feed' } }, POPUP)).toEqual(refused('errMalformedMessage'));
    expect(await bg.handleMessage({ type: 'add-source', source: { kind: 'shopify', url: 'https://shop.example' } }, POPUP)).toEqual(refused('errMalformedMessage'));
    const added = await bg.handleMessage({ type: 'add-source', source }, POPUP);
    expect(added).toMatchObject({ ok: true, data: { kind: 'postcart', label: 'Acme feed', status: 'idle' } });
    const id = (added as { data: { id: string } }).data.id;
    await db.products.put({ ...(await db.products.get('acme:1'))!, id: 'feed:1', sourceId: id });
    expect(await bg.handleMessage({ type: 'remove-source', id }, POPUP)).toEqual({ ok: true, data: null });
    expect(await db.products.get('feed:1')).toBeUndefined();
    expect(await db.products.get('acme:1')).toBeDefined();
    // Demo records the source may have overwritten come back.
    expect(restored).toBe(1);
    expect(await bg.handleMessage({ type: 'remove-source', id: 'demo' }, POPUP)).toMatchObject({ ok: false });
  });

  it('finds catalog products by title, brand, SKU or variant words', async () => {
    const reply = await bg.handleMessage({ type: 'search-catalog', query: 'linen' }, CONTENT);
    expect(reply).toMatchObject({ ok: true, data: { hits: [{ productId: 'lune:1' }], onlyMerchants: [] } });
    const both = await bg.handleMessage({ type: 'search-catalog', query: '' }, CONTENT);
    expect(both.ok && (both.data as { hits: unknown[] }).hits.length).toBe(2);
  });
});
