import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createBackground } from '@/utils/platform/router';
import { openDb, type PostcartDB } from '@/utils/catalog/db';
import { connectSeller, disconnectSeller, sellerEndpoint, verifySellerToken } from '@/utils/seller/connection';
import { parseFeed } from '@/utils/sync/sources/postcart';
import { newSourceState } from '@/utils/sync/source';
import { FakeCatalogServer } from '../fake-catalog-server';
import { applyFeed } from '@/utils/sync/apply';
import { refused, userError } from '../fixtures';

const TOKEN = 'pct_secret-token-value-0123456789';
const EXT = { id: 'ext-id', origin: 'chrome-extension://ext-id' };
const OPTIONS = { id: EXT.id, url: `${EXT.origin}/options.html` };
const CONTENT = { id: EXT.id, url: 'https://www.instagram.com/', tab: { id: 1 } };
const FEED_URL = 'https://cat.example/v1/feed';
const POST = { platform: 'instagram', postId: 'C8xYz123abc', url: 'https://www.instagram.com/p/C8xYz123abc/' } as const;

const FEED = {
  version: 1,
  cursor: 'c1',
  hasMore: false,
  merchants: [{ id: 'acme', name: 'Acme Outdoor', url: 'https://acme.example', currency: 'USD', checkout: { kind: 'shopify-permalink' }, accounts: { instagram: 'acme' } }],
  products: [
    {
      id: 'acme:1', merchantId: 'acme', title: 'Trail Jacket', url: 'https://acme.example/products/trail-jacket', images: [],
      variants: [{ id: '11', title: 'M / Blue', price: '129.00', currency: 'USD', available: true }],
      updatedAt: '2026-11-20T10:00:00Z',
    },
  ],
  tags: [{ id: 't1', platform: 'instagram' as const, postId: 'C8xYz123abc', productId: 'acme:1', variantId: '11', x: 0.4, y: 0.6, updatedAt: '2026-11-20T10:00:00Z', version: 3 }],
};

describe('the seller API address', () => {
  it('sits next to a Postcart feed, and nowhere for other sources or the bundled demo', () => {
    const postcart = (url: string) => ({ id: 'x', kind: 'postcart' as const, url });
    expect(sellerEndpoint(postcart('https://cat.example/v1/feed'), 'seller')).toBe('https://cat.example/v1/seller');
    expect(sellerEndpoint(postcart('http://127.0.0.1:8787/v1/feed/?since=3#x'), 'tags')).toBe('http://127.0.0.1:8787/v1/tags');
    expect(sellerEndpoint(postcart('https://shops.example/acme/v1/feed'), 'events')).toBe('https://shops.example/acme/v1/events');
    expect(sellerEndpoint(postcart('https://static.example/catalog.json'), 'seller')).toBeNull();
    expect(sellerEndpoint({ id: 'demo', kind: 'postcart', url: 'chrome-extension://abc/v1/feed' }, 'seller')).toBeNull();
    expect(sellerEndpoint({ id: 'shop', kind: 'shopify', url: 'https://shop.example/v1/feed' }, 'seller')).toBeNull();
  });

  it('carries the token without cookies, cache or redirects', async () => {
    let seen: RequestInit | undefined;
    const fetcher = async (_url: string, init?: RequestInit) => {
      seen = init;
      return Response.json({ merchantId: 'cat', merchantName: 'Cat' });
    };
    await verifySellerToken(fetcher, newSourceState({ id: 'cat', kind: 'postcart', url: 'https://cat.example/v1/feed' }), 'abc');
    expect(seen).toMatchObject({ method: 'GET', headers: { authorization: 'Bearer abc' }, credentials: 'omit', cache: 'no-store', redirect: 'error' });
  });
});

describe('connecting as a seller', () => {
  let db: PostcartDB;
  let server: FakeCatalogServer;

  beforeEach(async () => {
    db = openDb(`connect-${Math.random()}`);
    server = new FakeCatalogServer();
    server.tokens.set(TOKEN, { merchantId: 'acme', merchantName: 'Acme Outdoor' });
    await db.sources.bulkPut([
      newSourceState({ id: 'cat', kind: 'postcart', url: FEED_URL }),
      newSourceState({ id: 'shop', kind: 'shopify', url: 'https://shop.example', currency: 'USD', merchant: { id: 'shop', name: 'Shop' } }),
      newSourceState({ id: 'demo', kind: 'postcart', url: 'chrome-extension://ext-id/demo-catalog.json' }),
    ]);
  });

  it('checks the token with the server and keeps it with the merchant it belongs to', async () => {
    const source = await connectSeller(db, server.fetch, 'cat', `  ${TOKEN} `, 42);
    expect(source.seller).toEqual({ token: TOKEN, merchantId: 'acme', merchantName: 'Acme Outdoor', connectedAt: 42 });
    expect((await db.sources.get('cat'))?.seller?.token).toBe(TOKEN);
    expect(server.requests).toEqual([{ url: 'https://cat.example/v1/seller', method: 'GET', authorization: `Bearer ${TOKEN}`, body: null }]);
    expect((await disconnectSeller(db, 'cat')).seller).toBeNull();
    expect((await db.sources.get('cat'))?.seller).toBeNull();
  });

  it('says clearly when the token is wrong, the server is unreachable or the source takes no seller', async () => {
    await expect(connectSeller(db, server.fetch, 'cat', 'pct_wrong', 1)).rejects.toThrow(userError('errSellerTokenRefused', 'cat.example'));
    server.mode = 'down';
    await expect(connectSeller(db, server.fetch, 'cat', TOKEN, 1)).rejects.toThrow(userError('errSellerUnreachable', 'cat.example'));
    server.mode = 'error';
    await expect(connectSeller(db, server.fetch, 'cat', TOKEN, 1)).rejects.toThrow(userError('errSellerStatus', 'cat.example', 503));
    server.mode = 'up';
    await expect(connectSeller(db, server.fetch, 'shop', TOKEN, 1)).rejects.toThrow(userError('errSellerNeedsServer'));
    await expect(connectSeller(db, server.fetch, 'demo', TOKEN, 1)).rejects.toThrow(userError('errSellerNeedsServer'));
    await expect(connectSeller(db, server.fetch, 'gone', TOKEN, 1)).rejects.toThrow(userError('errSourceGone'));
    const notOurs = async () => new Response('<html>', { status: 200 });
    await expect(connectSeller(db, notOurs, 'cat', TOKEN, 1)).rejects.toThrow(userError('errSellerNotPostcart', 'cat.example'));
    expect((await db.sources.get('cat'))?.seller).toBeNull();
    // The other sources were never asked anything.
    expect(server.requests.every((r) => r.url === 'https://cat.example/v1/seller')).toBe(true);
  });
});

describe('the seller token in the background', () => {
  let db: PostcartDB;
  let server: FakeCatalogServer;
  let bg: ReturnType<typeof createBackground>;

  beforeEach(async () => {
    db = openDb(`token-${Math.random()}`);
    server = new FakeCatalogServer();
    server.tokens.set(TOKEN, { merchantId: 'acme', merchantName: 'Acme Outdoor' });
    const source = newSourceState({ id: 'cat', kind: 'postcart', url: FEED_URL });
    await db.sources.put(source);
    await applyFeed(db, source, parseFeed(FEED, { sourceId: 'cat', baseUrl: FEED_URL }));
    bg = createBackground({
      db,
      settings: fakeBrowser.storage.local,
      extensionId: EXT.id,
      extensionOrigin: EXT.origin,
      openTab: async () => undefined,
      fetch: server.fetch,
      now: () => 1_800_000_000_000,
    });
  });

  it('is taken from extension pages only, and never answered back, not even to them', async () => {
    const connect = { type: 'connect-seller', sourceId: 'cat', token: TOKEN };
    expect(await bg.handleMessage(connect, CONTENT)).toEqual(refused('errNotFromPage'));
    expect(await db.sources.get('cat')).toMatchObject({ seller: null });

    const connected = await bg.handleMessage(connect, OPTIONS);
    expect(connected).toMatchObject({ ok: true, data: { id: 'cat', seller: { merchantId: 'acme', merchantName: 'Acme Outdoor' } } });
    expect((await db.sources.get('cat'))?.seller?.token).toBe(TOKEN);

    const replies = [
      connected,
      await bg.handleMessage({ type: 'list-sources' }, OPTIONS),
      await bg.handleMessage({ type: 'sync-now', id: 'cat' }, OPTIONS),
      await bg.handleMessage({ type: 'add-source', source: { kind: 'postcart', url: 'https://other.example/v1/feed' } }, OPTIONS),
      await bg.handleMessage({ type: 'seller-status' }, OPTIONS),
      await bg.handleMessage({ type: 'catalog-status' }, OPTIONS),
    ];
    for (const reply of replies) {
      expect(reply.ok, JSON.stringify(reply)).toBe(true);
      expect(JSON.stringify(reply)).not.toContain(TOKEN);
    }
    const listed = replies[1] as { data: { seller: unknown }[] };
    expect(listed.data.find((s) => s.seller)?.seller).toEqual({ merchantId: 'acme', merchantName: 'Acme Outdoor', connectedAt: 1_800_000_000_000 });
  });

  it('never reaches a content script, whatever it asks', async () => {
    await bg.handleMessage({ type: 'connect-seller', sourceId: 'cat', token: TOKEN }, OPTIONS);
    await bg.handleMessage({ type: 'set-settings', settings: { sellerMode: true, analytics: true } }, OPTIONS);
    const asks = [
      { type: 'lookup-posts', posts: [{ ...POST, author: 'acme', caption: 'Trail Jacket', links: [] }] },
      { type: 'get-card', productId: 'acme:1', variantId: null },
      { type: 'search-catalog', query: '' },
      { type: 'get-post-tags', platform: 'instagram', postId: POST.postId },
      { type: 'seller-accounts' },
      { type: 'report-events', events: [{ type: 'impression', platform: 'instagram', postId: POST.postId, productId: 'acme:1' }] },
      { type: 'add-to-cart', productId: 'acme:1', variantId: '11', quantity: 1, source: POST, trusted: true },
      { type: 'save-post-tags', platform: 'instagram', postId: POST.postId, tags: [{ id: 't1', productId: 'acme:1', variantId: '11', x: 0.5, y: 0.5 }], trusted: true },
      // Page requests are refused to a content script before anything is read.
      { type: 'list-sources' },
      { type: 'seller-status' },
      { type: 'publish-now' },
    ];
    for (const message of asks) {
      const reply = await bg.handleMessage(message, CONTENT);
      expect(JSON.stringify(reply), message.type).not.toContain(TOKEN);
      expect(JSON.stringify(reply), message.type).not.toContain('pct_');
    }
    // Only the seller API of the source's own server ever saw it.
    const withToken = server.requests.filter((r) => r.authorization?.includes(TOKEN));
    expect(withToken.length).toBeGreaterThan(0);
    expect(withToken.every((r) => r.url.startsWith('https://cat.example/v1/'))).toBe(true);
  });

  it('publishes waiting tag changes when asked, and shows and dismisses conflicts', async () => {
    await bg.handleMessage({ type: 'set-settings', settings: { sellerMode: true, analytics: true } }, OPTIONS);
    // The seller moves a feed tag while not connected: it waits.
    const saved = await bg.handleMessage(
      { type: 'save-post-tags', platform: 'instagram', postId: POST.postId, tags: [{ id: 't1', productId: 'acme:1', variantId: '11', x: 0.1, y: 0.6 }], trusted: true },
      CONTENT,
    );
    expect(saved.ok).toBe(true);
    expect(await bg.handleMessage({ type: 'publish-now' }, OPTIONS)).toMatchObject({ ok: true, data: { pending: 1, waiting: 1 } });

    // Someone else moved it on the server meanwhile (version 3 -> newer): connecting publishes, and the server wins.
    server.serverWrite({ ...FEED.tags[0]!, x: 0.8, updatedAt: '2026-11-21T00:00:00Z' });
    await bg.handleMessage({ type: 'connect-seller', sourceId: 'cat', token: TOKEN }, OPTIONS);
    const status = await bg.handleMessage({ type: 'publish-now' }, OPTIONS);
    expect(status).toMatchObject({ ok: true, data: { pending: 0, conflicts: [{ tagId: 't1', kind: 'conflict', mine: { tag: { x: 0.1 } }, theirs: { x: 0.8 } }], titles: { 'acme:1': 'Trail Jacket' } } });
    expect(await db.tags.get('t1')).toMatchObject({ x: 0.8 });
    expect(await bg.handleMessage({ type: 'dismiss-conflict', tagId: 't1' }, OPTIONS)).toMatchObject({ ok: true, data: { conflicts: [] } });
  });
});
