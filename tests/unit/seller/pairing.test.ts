import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { openDb, type PostcartDB } from '@/utils/catalog/db';
import { createBackground } from '@/utils/platform/router';
import { normalizePairingCode, pairSeller, parsePairingInput, type PairDeps } from '@/utils/seller/connection';
import { newSourceState, type SourceState } from '@/utils/sync/source';
import { applyFeed } from '@/utils/sync/apply';
import { syncSource } from '@/utils/sync/engine';
import { parseFeed } from '@/utils/sync/sources/postcart';
import { FakeCatalogServer } from '../fake-catalog-server';
import { refused, userError } from '../fixtures';

const ACME = { merchantId: 'acme', merchantName: 'Acme Outdoor' };
const EXT = { id: 'ext-id', origin: 'chrome-extension://ext-id' };
const OPTIONS = { id: EXT.id, url: `${EXT.origin}/options.html` };
const CONTENT = { id: EXT.id, url: 'https://www.instagram.com/', tab: { id: 1 } };

describe('what a seller types into the pairing field', () => {
  it('reads a code in any case, with or without the hyphen and spaces, and nothing else', () => {
    expect(normalizePairingCode('ABCD-EFGH')).toBe('ABCDEFGH');
    expect(normalizePairingCode(' abcd efgh ')).toBe('ABCDEFGH');
    expect(normalizePairingCode('abcd2345')).toBe('ABCD2345');
    // 0, O, 1, I and L are not in the alphabet: a look-alike is a typo, not another code.
    expect(normalizePairingCode('ABCD-EFG0')).toBeNull();
    expect(normalizePairingCode('ABCD-EFGI')).toBeNull();
    expect(normalizePairingCode('ABCD-EFG')).toBeNull();
    expect(parsePairingInput('abcd-efgh')).toEqual({ code: 'ABCDEFGH', feedUrl: null });
  });

  it('reads the pairing link, and the server it names, at the root or under a path', () => {
    expect(parsePairingInput('https://shop.example/pair#code=ABCD2345')).toEqual({ code: 'ABCD2345', feedUrl: 'https://shop.example/v1/feed' });
    expect(parsePairingInput('  https://host.example/acme/pair/#code=abcd2345&x=1 ')).toEqual({ code: 'ABCD2345', feedUrl: 'https://host.example/acme/v1/feed' });
    expect(parsePairingInput('http://127.0.0.1:8787/pair#code=ABCD2345')).toEqual({ code: 'ABCD2345', feedUrl: 'http://127.0.0.1:8787/v1/feed' });
  });

  it('refuses links that are not pairing links or name a server a source could not be', () => {
    expect(parsePairingInput('http://shop.example/pair#code=ABCD2345')).toBeNull();
    expect(parsePairingInput('https://user:pw@shop.example/pair#code=ABCD2345')).toBeNull();
    expect(parsePairingInput('https://shop.example/pair?code=ABCD2345')).toBeNull();
    expect(parsePairingInput('https://shop.example/other#code=ABCD2345')).toBeNull();
    expect(parsePairingInput('javascript:alert(1)//pair#code=ABCD2345')).toBeNull();
    expect(parsePairingInput('https://shop.example/pair#code=ABCD-0000')).toBeNull();
    expect(parsePairingInput('')).toBeNull();
  });
});

describe('pairing', () => {
  let db: PostcartDB;
  let server: FakeCatalogServer;
  let added: string[];
  let deps: PairDeps;

  beforeEach(async () => {
    db = openDb(`pairing-${Math.random()}`);
    server = new FakeCatalogServer('https://cat.example');
    server.pairingCodes.set('ABCD2345', ACME);
    added = [];
    deps = {
      db,
      fetch: server.fetch,
      now: 42,
      addSource: async (feedUrl) => {
        added.push(feedUrl);
        const state = newSourceState({ id: `added-${added.length}`, kind: 'postcart', url: feedUrl });
        await db.sources.put(state);
        return state;
      },
    };
    await db.sources.bulkPut([
      newSourceState({ id: 'cat', kind: 'postcart', url: 'https://cat.example/v1/feed' }),
      newSourceState({ id: 'shop', kind: 'shopify', url: 'https://shop.example', currency: 'USD', merchant: { id: 'shop', name: 'Shop' } }),
      newSourceState({ id: 'demo', kind: 'postcart', url: 'chrome-extension://ext-id/demo-catalog.json' }),
    ]);
  });

  it('redeems a typed code at the chosen server for a token of the code’s merchant, sent without cookies or redirects', async () => {
    const source = await pairSeller(deps, { sourceId: 'cat', input: 'abcd-2345', device: 'Postcart in Chrome' });
    expect(source.seller).toMatchObject({ merchantId: 'acme', merchantName: 'Acme Outdoor', connectedAt: 42 });
    const token = (await db.sources.get('cat'))!.seller!.token;
    expect(server.tokens.get(token)).toEqual(ACME);
    const redeem = server.requests.find((r) => r.url === 'https://cat.example/v1/pairing/redeem')!;
    expect(redeem).toMatchObject({ method: 'POST', authorization: null, body: { code: 'ABCD2345', device: 'Postcart in Chrome' } });
    // The code works once.
    await expect(pairSeller(deps, { sourceId: 'cat', input: 'ABCD-2345', device: '' })).rejects.toThrow(userError('errPairingInvalid', 'cat.example'));
  });

  it('sends the request the way every seller request goes: no cookies, no cache, no redirects', async () => {
    let seen: RequestInit | undefined;
    await pairSeller({ ...deps, fetch: (url, init) => ((seen = init), server.fetch(url, init)) }, { sourceId: 'cat', input: 'ABCD2345', device: '' });
    expect(seen).toMatchObject({ credentials: 'omit', cache: 'no-store', redirect: 'error' });
  });

  it('takes the server from a pasted link, and uses a bare code with the only server there is', async () => {
    await pairSeller(deps, { sourceId: null, input: 'https://cat.example/pair#code=ABCD2345', device: '' });
    expect((await db.sources.get('cat'))?.seller?.merchantId).toBe('acme');
    expect(added).toEqual([]);
    server.pairingCodes.set('WXYZ6789', ACME);
    await pairSeller(deps, { sourceId: null, input: 'WXYZ-6789', device: '' });
    expect(added).toEqual([]);
  });

  it('adds a source for a linked server not added yet, only once the server took the code', async () => {
    const other = new FakeCatalogServer('https://other.example');
    other.pairingCodes.set('ABCD2345', { merchantId: 'lune', merchantName: 'Maison Lune' });
    const both = (url: string, init?: RequestInit) => (url.startsWith('https://other.example/') ? other.fetch(url, init) : server.fetch(url, init));
    await expect(pairSeller({ ...deps, fetch: both }, { sourceId: null, input: 'https://other.example/pair#code=WXYZ6789', device: '' })).rejects.toThrow(
      userError('errPairingInvalid', 'other.example'),
    );
    expect(added).toEqual([]);
    const source = await pairSeller({ ...deps, fetch: both }, { sourceId: null, input: 'https://other.example/pair#code=ABCD2345', device: '' });
    expect(added).toEqual(['https://other.example/v1/feed']);
    expect(source).toMatchObject({ id: 'added-1', seller: { merchantId: 'lune' } });
  });

  it('says what is wrong: a malformed code, a link for another server, no or several servers, a lockout, an older server', async () => {
    await expect(pairSeller(deps, { sourceId: 'cat', input: 'hello', device: '' })).rejects.toThrow(userError('errPairingMalformed'));
    await expect(pairSeller(deps, { sourceId: 'cat', input: 'https://else.example/pair#code=ABCD2345', device: '' })).rejects.toThrow(
      userError('errPairingOtherServer', 'else.example', 'cat.example'),
    );
    await expect(pairSeller(deps, { sourceId: 'shop', input: 'ABCD2345', device: '' })).rejects.toThrow(userError('errSellerNeedsServer'));
    await expect(pairSeller(deps, { sourceId: 'demo', input: 'ABCD2345', device: '' })).rejects.toThrow(userError('errSellerNeedsServer'));
    await db.sources.put(newSourceState({ id: 'cat2', kind: 'postcart', url: 'https://cat2.example/v1/feed' }));
    await expect(pairSeller(deps, { sourceId: null, input: 'ABCD2345', device: '' })).rejects.toThrow(userError('errPairingWhichServer'));
    await db.sources.bulkDelete(['cat', 'cat2']);
    await expect(pairSeller(deps, { sourceId: null, input: 'ABCD2345', device: '' })).rejects.toThrow(userError('errPairingNoServer'));
    // Nothing was sent for any of these.
    expect(server.requests).toEqual([]);

    await db.sources.put(newSourceState({ id: 'cat', kind: 'postcart', url: 'https://cat.example/v1/feed' }));
    server.pairingLockAfter = 1;
    await expect(pairSeller(deps, { sourceId: 'cat', input: 'WXYZ6789', device: '' })).rejects.toThrow(userError('errPairingInvalid', 'cat.example'));
    await expect(pairSeller(deps, { sourceId: 'cat', input: 'ABCD2345', device: '' })).rejects.toThrow(userError('errPairingLocked', 'cat.example', 10));
    server.pairingMissing = true;
    server.wrongCodes = 0;
    await expect(pairSeller(deps, { sourceId: 'cat', input: 'ABCD2345', device: '' })).rejects.toThrow(userError('errPairingNotOffered', 'cat.example'));
    server.pairingMissing = false;
    server.mode = 'down';
    await expect(pairSeller(deps, { sourceId: 'cat', input: 'ABCD2345', device: '' })).rejects.toThrow(userError('errSellerUnreachable', 'cat.example'));
    server.mode = 'error';
    await expect(pairSeller(deps, { sourceId: 'cat', input: 'ABCD2345', device: '' })).rejects.toThrow(userError('errSellerStatus', 'cat.example', 503));
    expect((await db.sources.get('cat'))?.seller).toBeNull();
  });

  it('keeps a connection made while the source syncs: the run writes its state, never the seller part', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const feed = { version: 1, cursor: 'c1', hasMore: false, merchants: [], products: [], reviews: [], tags: [], deleted: { products: [], tags: [] } };
    const fetcher = async (url: string, init?: RequestInit) => {
      if (new URL(url).pathname === '/v1/feed') {
        await gate;
        return Response.json(feed);
      }
      return server.fetch(url, init);
    };
    const run = syncSource({ db, fetch: fetcher }, 'cat');
    await vi.waitFor(async () => expect((await db.sources.get('cat'))?.status).toBe('syncing'));
    await pairSeller({ ...deps, fetch: fetcher }, { sourceId: 'cat', input: 'ABCD2345', device: '' });
    release();
    expect((await run).state.status).toBe('idle');
    expect((await db.sources.get('cat'))?.seller?.merchantId).toBe('acme');
  });

  it('refuses an answer that carries no token', async () => {
    const broken = async () => Response.json({ merchantId: 'acme' }, { status: 201 });
    await expect(pairSeller({ ...deps, fetch: broken }, { sourceId: 'cat', input: 'ABCD2345', device: '' })).rejects.toThrow(userError('errSellerNotPostcart', 'cat.example'));
    expect((await db.sources.get('cat'))?.seller).toBeNull();
  });
});

describe('pairing and the editor’s search in the background', () => {
  let db: PostcartDB;
  let server: FakeCatalogServer;
  let bg: ReturnType<typeof createBackground>;
  const FEED_URL = 'https://cat.example/v1/feed';

  beforeEach(async () => {
    db = openDb(`pair-bg-${Math.random()}`);
    server = new FakeCatalogServer();
    server.pairingCodes.set('ABCD2345', ACME);
    const source: SourceState = newSourceState({ id: 'cat', kind: 'postcart', url: FEED_URL });
    await db.sources.put(source);
    const product = (id: string, merchantId: string, title: string) => ({
      id, merchantId, title, url: `https://${merchantId}.example/products/${id}`, images: [],
      variants: [{ id: `${id}-v`, title: 'One size', price: '10.00', currency: 'USD', available: true }],
      updatedAt: '2026-11-20T10:00:00Z',
    });
    const merchant = (id: string, name: string, accounts: Record<string, string>) => ({ id, name, url: `https://${id}.example`, currency: 'USD', checkout: { kind: 'shopify-permalink' }, accounts });
    const feed = {
      version: 1, cursor: 'c1', hasMore: false,
      merchants: [merchant('acme', 'Acme Outdoor', { instagram: 'acme' }), merchant('lune', 'Maison Lune', { instagram: 'maisonlune', pinterest: 'maisonlune' })],
      products: [product('acme:1', 'acme', 'Linen Jacket'), product('lune:1', 'lune', 'Linen Napkins')],
    };
    await applyFeed(db, source, parseFeed(feed, { sourceId: 'cat', baseUrl: FEED_URL }));
    bg = createBackground({ db, settings: fakeBrowser.storage.local, extensionId: EXT.id, extensionOrigin: EXT.origin, openTab: async () => undefined, fetch: server.fetch, now: () => 7 });
  });

  const pair = { type: 'pair-seller', sourceId: 'cat', input: 'ABCD-2345', device: 'Postcart in Chrome' };
  const search = async (platform?: string) => {
    const reply = await bg.handleMessage({ type: 'search-catalog', query: 'linen', ...(platform ? { platform } : {}) }, CONTENT);
    const data = (reply as { data: { hits: { productId: string }[]; onlyMerchants: string[] } }).data;
    return { ids: data.hits.map((hit) => hit.productId).sort(), only: data.onlyMerchants };
  };

  it('pairs from an extension page only, and never hands the token to a page', async () => {
    expect(await bg.handleMessage(pair, CONTENT)).toEqual(refused('errNotFromPage'));
    expect(await bg.handleMessage({ ...pair, device: 'bad\u0000name' }, OPTIONS)).toEqual(refused('errMalformedMessage'));
    const reply = await bg.handleMessage(pair, OPTIONS);
    expect(reply).toMatchObject({ ok: true, data: { id: 'cat', seller: { merchantId: 'acme', merchantName: 'Acme Outdoor', connectedAt: 7 } } });
    expect(JSON.stringify(reply)).not.toContain('pct_');
    expect(JSON.stringify(await bg.handleMessage({ type: 'list-sources' }, OPTIONS))).not.toContain('pct_');
  });

  it('offers every product until the seller is connected, then only their own on the platforms where their account is known', async () => {
    expect(await search('instagram')).toEqual({ ids: ['acme:1', 'lune:1'], only: [] });
    await bg.handleMessage(pair, OPTIONS);
    expect(await search('instagram')).toEqual({ ids: ['acme:1'], only: ['Acme Outdoor'] });
    // Acme has no Pinterest account in the catalog: there the editor offers everything.
    expect(await search('pinterest')).toEqual({ ids: ['acme:1', 'lune:1'], only: [] });
    // Without a platform (an older content script) nothing is narrowed.
    expect(await search()).toEqual({ ids: ['acme:1', 'lune:1'], only: [] });
    await bg.handleMessage({ type: 'disconnect-seller', sourceId: 'cat' }, OPTIONS);
    expect(await search('instagram')).toEqual({ ids: ['acme:1', 'lune:1'], only: [] });
  });
});
