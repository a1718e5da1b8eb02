import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { openDb, type PostcartDB } from '@/utils/catalog/db';
import type { PostRef } from '@/utils/catalog/model';
import type { LinkedAnswer } from '@/utils/platform/messages';
import { SETTINGS_KEY } from '@/utils/platform/settings-reader';
import { createBackground } from '@/utils/platform/router';
import { applyFeed } from '@/utils/sync/apply';
import { newSourceState } from '@/utils/sync/source';
import { parseFeed } from '@/utils/sync/sources/postcart';
import { linkedProductId, readLinkedRows, REMOVED_HOLD_MS } from '@/utils/sync/linked/cache';
import { ASK_TIMEOUT_MS, LinkedService, productLinkOf, REFUSALS_KEY, type LinkedPlatform } from '@/utils/sync/linked/handlers';
import { LINKED_FRESH_MS } from '@/utils/sync/linked/resolve';
import { CONTACT, refused } from '../../fixtures';
import { fakeShops, type Route } from './fake-shop';
import { fixtureText } from './fixtures';

const EXT = { id: 'ext-id', origin: 'chrome-extension://ext-id' };
const PAGE = { id: EXT.id, url: `${EXT.origin}/linked-permission.html` };
const POPUP = { id: EXT.id, url: `${EXT.origin}/popup.html` };
const CONTENT: { id: string; url: string; tab?: { id: number } } = { id: EXT.id, url: 'https://www.pinterest.com/', tab: { id: 7 } };

const STORE = 'https://mtaa-atelier.example';
const DRESS = `${STORE}/products/linen-wrap-dress`;
const TOWEL_SHOP = 'https://linikoks.example';
const TOWEL = `${TOWEL_SHOP}/produkts/linu-dvielis/`;
const TOTE = 'https://habicrafts.example/product/abaca-tote-bag/';
const JSON_TYPE = 'application/json; charset=utf-8';
const JS_TYPE = 'application/javascript; charset=utf-8';
const START = Date.UTC(2026, 10, 22, 12);

const shopifyRoutes = (): Record<string, Route> => ({
  [`${DRESS}.js`]: { body: fixtureText('shopify-product.js.json'), type: JS_TYPE },
  [`${STORE}/cart.js`]: { body: fixtureText('shopify-cart.js.json'), type: JSON_TYPE },
});

function pin(postId: string, links: string[]): PostRef {
  return { platform: 'pinterest', postId, url: `https://www.pinterest.com/pin/${postId}/`, author: null, caption: null, links };
}

/** The permission page as the background sees it: which shops it was opened for, closing it, and the browser's grants. */
function fakePlatform() {
  const granted = new Set<string>();
  const asked: string[] = [];
  const closers: (() => void)[] = [];
  const platform: LinkedPlatform = {
    hasPermission: async (pattern) => granted.has(pattern),
    openPermissionPage: async (origin) => {
      asked.push(origin);
      return { closed: new Promise<void>((resolve) => closers.push(resolve)) };
    },
  };
  return { platform, granted, asked, closeAll: () => closers.splice(0).forEach((close) => close()) };
}

const until = (check: () => boolean) => vi.waitFor(() => expect(check()).toBe(true), { timeout: 5_000 });

describe('linked products in the background', () => {
  let db: PostcartDB;
  let clock: number;
  let opened: string[];

  beforeEach(() => {
    db = openDb(`linked-${Math.random()}`);
    clock = START;
    opened = [];
  });

  function background(routes: Record<string, Route | (() => Route)>, platform?: LinkedPlatform) {
    const shops = fakeShops(routes);
    const bg = createBackground({
      db,
      settings: fakeBrowser.storage.local,
      extensionId: EXT.id,
      extensionOrigin: EXT.origin,
      openTab: async (url) => void opened.push(url),
      fetch: shops.fetch,
      now: () => clock,
      newId: () => `id-${Math.random()}`,
      linked: platform,
    });
    const ask = async <T>(message: unknown, sender = CONTENT): Promise<T> => {
      const reply = await bg.handleMessage(message, sender);
      if (!reply.ok) throw new Error(`refused: ${JSON.stringify(reply.error)}`);
      return reply.data as T;
    };
    const lookup = (...posts: PostRef[]) => ask<{ offers: Record<string, { productId: string; reason: string; priceMinor: number; currency: string; from?: true; rating: number | null }[]>; linkable: Record<string, { key: string; args: string[] }> }>({ type: 'lookup-posts', posts });
    const check = (post: PostRef) => ask<LinkedAnswer>({ type: 'check-linked', post, trusted: true });
    return { bg, ask, lookup, check, requests: shops.requests };
  }

  it('gives a post linking to a shop\'s product page no catalog knows a "Check price" chip, and none to others', async () => {
    const { lookup, requests } = background(shopifyRoutes());
    const result = await lookup(
      pin('1', [`${DRESS}?utm_source=pinterest`]),
      pin('2', ['https://blog.example/2026/05/how-we-dye']),
      pin('3', []),
      pin('4', ['https://www.instagram.com/p/C8xYz123abc/']),
    );
    expect(result.offers).toEqual({ 1: [], 2: [], 3: [], 4: [] });
    expect(result.linkable).toEqual({ 1: { key: 'linkedCheckPrice', args: [] } });
    // A lookup reads nothing from any shop.
    expect(requests).toEqual([]);
  });

  it('reads a CORS-open Shopify store on a press, caches the product as the linked source\'s and answers with its buy button', async () => {
    const { check, lookup, requests } = background(shopifyRoutes());
    const post = pin('1', [`${DRESS}?utm_source=pinterest&variant=41877001234503`]);
    const answer = await check(post);
    expect(answer).toMatchObject({ ok: true, offers: [{ reason: 'linked', productId: linkedProductId('mtaa-atelier.example/products/linen-wrap-dress'), priceMinor: 450000, currency: 'KES', merchantName: 'mtaa-atelier.example' }] });
    expect(requests.map((request) => request.url)).toEqual([`${DRESS}.js`, `${STORE}/cart.js`]);

    const product = await db.products.get(linkedProductId('mtaa-atelier.example/products/linen-wrap-dress'));
    expect(product).toMatchObject({ sourceId: 'linked', merchantId: 'linked:mtaa-atelier.example', urlKey: 'mtaa-atelier.example/products/linen-wrap-dress' });
    expect(await db.merchants.get('linked:mtaa-atelier.example')).toMatchObject({ url: STORE, checkout: { kind: 'shopify-permalink' }, sourceId: 'linked' });
    const [row] = (await readLinkedRows(db, ['mtaa-atelier.example/products/linen-wrap-dress'])).values();
    expect(row).toMatchObject({ readAt: START, readFrom: `${DRESS}.js`, priceKind: 'exact', method: 'shopify-js', failure: null });

    // The next lookup (this page view or another) finds it from the cache, with no chip.
    expect(await lookup(post)).toMatchObject({ offers: { 1: [{ reason: 'linked', priceMinor: 450000 }] }, linkable: {} });
    // A second press within 6 hours reads nothing again.
    await check(post);
    expect(requests).toHaveLength(2);
  });

  it('shows in the card where and when the product was read, adds it to the cart and checks out through the store\'s cart permalink', async () => {
    const { check, ask } = background(shopifyRoutes());
    const answer = await check(pin('1', [DRESS]));
    if (!answer.ok) throw new Error('not resolved');
    const offer = answer.offers[0]!;
    clock += 2 * 60 * 60_000;
    const card = await ask<{ linked: unknown; variants: { id: string }[] }>({ type: 'get-card', productId: offer.productId, variantId: null });
    expect(card.linked).toEqual({ host: 'mtaa-atelier.example', readAt: START, from: false, url: DRESS });
    await ask({ type: 'add-to-cart', productId: offer.productId, variantId: offer.variantId, quantity: 2, source: { platform: 'pinterest', postId: '1', url: 'https://www.pinterest.com/pin/1/' }, trusted: true });
    const order = await ask<{ checkoutKind: string; checkoutUrl: string }>({ type: 'checkout', merchantId: 'linked:mtaa-atelier.example', contact: CONTACT, idempotencyKey: 'k1' }, POPUP);
    expect(order.checkoutKind).toBe('shopify-permalink');
    expect(order.checkoutUrl.startsWith(`${STORE}/cart/${offer.variantId}:2?`)).toBe(true);
    expect(opened).toEqual([order.checkoutUrl]);
  });

  it('asks for a shop\'s permission from the permission page once however many presses wait, and reads the page once allowed', async () => {
    const { platform, granted, asked } = fakePlatform();
    const routes = { [TOWEL]: { body: fixtureText('woocommerce-sale.html') } };
    const { check, ask, lookup, requests } = background(routes, platform);
    const post = pin('9', [`${TOWEL}?utm_source=facebook`]);
    const first = check(post);
    const second = check(pin('10', [TOWEL]));
    await until(() => asked.length === 1);
    // Nothing was read before the shopper answered.
    expect(requests).toEqual([]);
    granted.add(`${TOWEL_SHOP}/*`);
    expect(await ask({ type: 'linked-permission', origin: TOWEL_SHOP, decision: 'allow' }, PAGE)).toEqual({ granted: true });
    expect(await first).toMatchObject({ ok: true, offers: [{ reason: 'linked', priceMinor: 2990, currency: 'EUR', rating: 4.5 }] });
    expect(await second).toMatchObject({ ok: true });
    expect(asked).toEqual([TOWEL_SHOP]);
    expect(requests.map((request) => request.url)).toEqual([TOWEL]);
    expect(await db.merchants.get('linked:linikoks.example')).toMatchObject({ name: 'Lini un Koks', checkout: { kind: 'link' } });
    expect((await lookup(post)).offers['9']).toHaveLength(1);
  });

  it('remembers "Not now": the chip says so, a lookup never asks, and a later press asks again', async () => {
    const { platform, asked } = fakePlatform();
    const { check, ask, lookup, requests } = background({ [TOWEL]: { body: fixtureText('woocommerce-sale.html') } }, platform);
    const post = pin('9', [TOWEL]);
    const pressed = check(post);
    await until(() => asked.length === 1);
    expect(await ask({ type: 'linked-permission', origin: TOWEL_SHOP, decision: 'refuse' }, PAGE)).toEqual({ granted: false });
    expect(await pressed).toEqual({ ok: false, reason: 'permission-needed', chip: { key: 'linkedPermissionRefused', args: ['linikoks.example'] } });
    expect((await fakeBrowser.storage.local.get(REFUSALS_KEY))[REFUSALS_KEY]).toEqual([TOWEL_SHOP]);
    expect((await lookup(post)).linkable).toEqual({ 9: { key: 'linkedPermissionRefused', args: ['linikoks.example'] } });
    expect(asked).toHaveLength(1);
    void check(post);
    await until(() => asked.length === 2);
    expect(requests).toEqual([]);
  });

  it('counts "Allow" only when the browser granted the permission, and a closed page as no answer', async () => {
    const { platform, asked, closeAll } = fakePlatform();
    const { check, ask, lookup } = background({ [TOWEL]: { body: fixtureText('woocommerce-sale.html') } }, platform);
    const post = pin('9', [TOWEL]);
    let pressed = check(post);
    await until(() => asked.length === 1);
    // The shopper pressed Allow but dismissed the browser's own prompt.
    expect(await ask({ type: 'linked-permission', origin: TOWEL_SHOP, decision: 'allow' }, PAGE)).toEqual({ granted: false });
    expect(await pressed).toMatchObject({ ok: false, chip: { key: 'linkedPermissionRefused' } });

    await fakeBrowser.storage.local.set({ [REFUSALS_KEY]: [] });
    pressed = check(post);
    await until(() => asked.length === 2);
    closeAll();
    expect(await pressed).toEqual({ ok: false, reason: 'permission-needed', chip: { key: 'linkedNeedsPermission', args: ['linikoks.example'] } });
    expect((await lookup(post)).linkable['9']).toEqual({ key: 'linkedNeedsPermission', args: ['linikoks.example'] });
  });

  it('takes the permission answer only from an extension page, for one https shop origin', async () => {
    const { bg } = background({});
    expect(await bg.handleMessage({ type: 'linked-permission', origin: TOWEL_SHOP, decision: 'allow' }, CONTENT)).toEqual(refused('errNotFromPage'));
    for (const origin of ['http://linikoks.example', `${TOWEL_SHOP}/`, `${TOWEL_SHOP}/produkts/`, 'https://linikoks.example:8443', '*://*/*', 'https://*.example', 'https://10.0.0.1']) {
      expect(await bg.handleMessage({ type: 'linked-permission', origin, decision: 'allow' }, PAGE), origin).toEqual(refused('errMalformedMessage'));
    }
    // A press without the content script's trusted mark is no press.
    expect(await bg.handleMessage({ type: 'check-linked', post: pin('1', [DRESS]) }, CONTENT)).toEqual(refused('errMalformedMessage'));
  });

  it('marks a "from" price on the buy button and the card and never puts it into the cart', async () => {
    const { platform, granted } = fakePlatform();
    granted.add('https://habicrafts.example/*');
    const { check, ask, bg } = background({ [TOTE]: { body: fixtureText('woocommerce-variable.html') } }, platform);
    const answer = await check(pin('5', [TOTE]));
    expect(answer).toMatchObject({ ok: true, offers: [{ from: true, priceMinor: 125000, currency: 'PHP' }] });
    if (!answer.ok) return;
    const { productId, variantId } = answer.offers[0]!;
    expect(await ask({ type: 'get-card', productId, variantId: null })).toMatchObject({ linked: { from: true, url: TOTE } });
    const add = { type: 'add-to-cart', productId, variantId, quantity: 1, source: null, trusted: true };
    expect(await bg.handleMessage({ ...add, source: { platform: 'pinterest', postId: '5', url: 'https://www.pinterest.com/pin/5/' } }, CONTENT)).toEqual(refused('errLinkedChooseOnShop'));
    expect(await db.cart.count()).toBe(0);
  });

  it('lets a catalog product with the same page win over the one read from the shop', async () => {
    const { check, lookup } = background(shopifyRoutes());
    const post = pin('1', [DRESS]);
    await check(post);
    const feed = {
      version: 1, cursor: 'c', hasMore: false,
      merchants: [{ id: 'mtaa', name: 'Mtaa Atelier', url: STORE, currency: 'KES', checkout: { kind: 'shopify-permalink' } }],
      products: [{ id: 'mtaa:1', merchantId: 'mtaa', title: 'Linen Wrap Dress', url: DRESS, variants: [{ id: '1', price: '4400.00', currency: 'KES' }], updatedAt: '2026-11-20T10:00:00Z' }],
    };
    await applyFeed(db, newSourceState({ id: 'mtaa', kind: 'postcart', url: 'https://feed.example/v1/feed' }), parseFeed(feed, { sourceId: 'mtaa', baseUrl: 'https://feed.example/' }));
    expect((await lookup(post)).offers['1']).toEqual([expect.objectContaining({ productId: 'mtaa:1', reason: 'link' })]);
  });

  it('reads a product again only when its post is seen more than 6 hours after it was read, showing the old price meanwhile', async () => {
    const { check, lookup, requests } = background(shopifyRoutes());
    const post = pin('1', [DRESS]);
    await check(post);
    clock += LINKED_FRESH_MS - 1;
    await lookup(post);
    expect(requests).toHaveLength(2);
    clock += 1;
    expect((await lookup(post)).offers['1']).toHaveLength(1);
    await vi.waitFor(async () => {
      const rows = await readLinkedRows(db, ['mtaa-atelier.example/products/linen-wrap-dress']);
      expect(rows.get('mtaa-atelier.example/products/linen-wrap-dress')?.readAt).toBe(clock);
    });
    expect(requests[2]!.url).toBe(`${DRESS}.js`);
  });

  it('removes a product from the cache on "Remove": the post gets its chip back and the automatic mode leaves it alone a day', async () => {
    const { check, lookup, ask } = background(shopifyRoutes());
    const post = pin('1', [DRESS]);
    const answer = await check(post);
    if (!answer.ok) throw new Error('not resolved');
    const productId = answer.offers[0]!.productId;
    // A card opened on it stored its insights: they go with it.
    await db.insights.put({ productId } as Parameters<typeof db.insights.put>[0]);
    expect(await ask({ type: 'forget-linked', productId, trusted: true })).toBeNull();
    expect(await db.products.get(productId)).toBeUndefined();
    expect(await db.insights.get(productId)).toBeUndefined();
    expect(await db.merchants.get('linked:mtaa-atelier.example')).toBeUndefined();
    expect(await lookup(post)).toEqual({ offers: { 1: [] }, linkable: { 1: { key: 'linkedCheckPrice', args: [] } } });
    const [row] = (await readLinkedRows(db, ['mtaa-atelier.example/products/linen-wrap-dress'])).values();
    expect(row).toMatchObject({ productId: null, removedAt: START });
    // Only products of the linked source can be removed this way.
    expect(await ask({ type: 'forget-linked', productId: 'acme:1', trusted: true })).toBeNull();
    expect(REMOVED_HOLD_MS).toBe(24 * 60 * 60_000);
  });

  it('keeps products read from shops out of the seller\'s catalog search', async () => {
    const { check, ask } = background(shopifyRoutes());
    await check(pin('1', [DRESS]));
    expect(await ask<{ hits: unknown[] }>({ type: 'search-catalog', query: 'linen' })).toMatchObject({ hits: [] });
  });
});

describe('failures a press can meet', () => {
  const SHOP = 'https://kubo.example';
  const PAGE_URL = `${SHOP}/products/rattan-lamp-shade`;
  const cases: [string, Route, string, string[]][] = [
    ['a page with no product', { body: fixtureText('no-product.html') }, 'linkedNoProduct', []],
    ['a collection with several products', { body: fixtureText('several-products.html') }, 'linkedSeveral', []],
    ['prices only in the visible text', { body: fixtureText('prices-in-text.html') }, 'linkedNoProduct', []],
    ['broken JSON-LD', { body: fixtureText('broken-json-ld.html') }, 'linkedBadPage', []],
    ['a 3 MB page', { body: 'x'.repeat(3_000_000) }, 'linkedTooLarge', []],
    ['a page that never answers', 'hang', 'linkedTimeout', []],
    ['a redirect to another site', { body: '<p>elsewhere</p>', finalUrl: 'https://other.example/products/rattan-lamp-shade' }, 'linkedRedirected', []],
    ['an HTTP error', { status: 503 }, 'linkedHttpError', ['503']],
    ['a shop that is down', 'down', 'linkedUnreachable', []],
  ];

  for (const [what, route, key, args] of cases) {
    it(`says so in words for ${what}, and never a price`, async () => {
      const db = openDb(`linked-fail-${Math.random()}`);
      const shops = fakeShops({ [PAGE_URL]: route, [`${PAGE_URL}.js`]: { status: 404 } });
      const service = new LinkedService({
        db,
        fetch: shops.fetch,
        store: fakeBrowser.storage.local,
        platform: { hasPermission: async () => true, openPermissionPage: async () => null },
        limits: { totalMs: 300, firstByteMs: 200 },
      });
      const answer = await service.check(pin('1', [PAGE_URL]));
      expect(answer).toMatchObject({ ok: false, chip: { key, args } });
      expect(await db.products.count()).toBe(0);
      // The lookup shows the same words on the chip afterwards.
      expect((await service.annotate([pin('1', [PAGE_URL])], { 1: [] }))['1']).toEqual({ key, args });
    });
  }

  it('waits for a permission page at most a few minutes', () => {
    expect(ASK_TIMEOUT_MS).toBe(3 * 60_000);
  });
});

describe('the automatic mode', () => {
  const SHOPS = 12;
  const link = (n: number) => `https://shop${n}.example/products/item-${n}`;
  const routes = () => {
    const table: Record<string, Route> = {};
    for (let n = 0; n < SHOPS; n += 1) {
      table[`${link(n)}.js`] = { body: JSON.stringify({ id: n + 1, title: `Item ${n}`, handle: `item-${n}`, variants: [{ id: 100 + n, title: 'Default Title', price: 1500 + n }] }), type: JS_TYPE };
      table[`https://shop${n}.example/cart.js`] = { body: '{"currency":"USD"}', type: JSON_TYPE };
    }
    return table;
  };

  function service(perMinute: number, auto = true, extra: Partial<LinkedPlatform> = {}) {
    const db = openDb(`linked-auto-${Math.random()}`);
    const shops = fakeShops(routes());
    let clock = START;
    const timers: { at: number; run: () => void }[] = [];
    /** What the background told each tab: "look these posts up again". */
    const told: { tab: number; frameId: number | undefined; postIds: string[] }[] = [];
    const svc = new LinkedService({
      db,
      fetch: shops.fetch,
      store: fakeBrowser.storage.local,
      platform: {
        hasPermission: async () => false,
        openPermissionPage: async () => null,
        tellTab: async (tab, frameId, notice) => void told.push({ tab, frameId, postIds: notice.postIds }),
        ...extra,
      },
      now: () => clock,
      schedule: (run, ms) => {
        const timer = { at: clock + ms, run };
        timers.push(timer);
        return () => timers.splice(timers.indexOf(timer), 1);
      },
    });
    const advance = (ms: number) => {
      clock += ms;
      for (const timer of timers.filter((t) => t.at <= clock)) {
        timers.splice(timers.indexOf(timer), 1);
        timer.run();
      }
    };
    const ready = fakeBrowser.storage.local.set({ [SETTINGS_KEY]: { linkedAuto: auto, linkedPerMinute: perMinute } });
    const jsRequests = () => shops.requests.filter((request) => request.url.endsWith('.js') && !request.url.endsWith('cart.js')).map((request) => request.url);
    const toldPosts = () => told.flatMap((notice) => notice.postIds).sort();
    return { db, svc, ready, advance, jsRequests, told, toldPosts };
  }

  const from = (id: number, frameId?: number) => ({ tab: { id }, frameId });

  it('is off by default: posts in view are not looked up and no shop is asked', async () => {
    const { svc, jsRequests, told } = service(20, false);
    expect(await svc.view([pin('1', [link(0)])], true, from(1))).toBeNull();
    expect(jsRequests()).toEqual([]);
    expect(told).toEqual([]);
  });

  it('looks up posts as they come into view, one request per product, and tells their tab to look them up again', async () => {
    const { svc, ready, jsRequests, told } = service(20);
    await ready;
    await svc.view([pin('1', [link(0)]), pin('2', [`${link(0)}?utm_source=pinterest`])], true, from(1, 0));
    await until(() => told.length === 1);
    expect(told).toEqual([{ tab: 1, frameId: 0, postIds: ['1', '2'] }]);
    expect(jsRequests()).toEqual([`${link(0)}.js`]);
    // A post of the same product coming into view later, in another tab, is told at once, from the cache.
    await svc.view([pin('3', [link(0)])], true, from(2));
    expect(told[1]).toEqual({ tab: 2, frameId: undefined, postIds: ['3'] });
    expect(jsRequests()).toHaveLength(1);
  });

  it('asks at most N a minute, and never for posts that left the view or whose tab went away before their turn', async () => {
    const { svc, ready, advance, jsRequests, toldPosts } = service(4);
    await ready;
    await svc.view(Array.from({ length: 6 }, (_, n) => pin(`p${n}`, [link(n)])), true, from(1));
    await svc.view([pin('p6', [link(6)]), pin('p7', [link(7)])], true, from(2));
    await until(() => jsRequests().length === 1);
    // A burst of 1 (N/4), then one every 20 s: the rest wait.
    await svc.view([pin('p2', [link(2)])], false, from(1));
    svc.tabGone(2);
    for (let step = 0; step < 6; step += 1) {
      advance(20_000);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await until(() => jsRequests().length === 5);
    await until(() => toldPosts().length === 5);
    expect(jsRequests()).toEqual([0, 1, 3, 4, 5].map((n) => `${link(n)}.js`));
    expect(toldPosts()).toEqual(['p0', 'p1', 'p3', 'p4', 'p5']);
  });

  it('never reads a page that is no Shopify storefront without its permission, and never asks for one', async () => {
    const asked: string[] = [];
    const { svc, ready, db, told } = service(20, true, { openPermissionPage: async (origin) => (asked.push(origin), null) });
    await ready;
    await svc.view([pin('1', [TOWEL])], true, from(1));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(asked).toEqual([]);
    expect(told).toEqual([]);
    expect(await db.linked.count()).toBe(0);
  });

  it('does not read again a product the shopper removed a moment ago', async () => {
    const { svc, ready, jsRequests, told, db } = service(20);
    await ready;
    await svc.view([pin('1', [link(0)])], true, from(1));
    await until(() => told.length === 1);
    await svc.forget(linkedProductId('shop0.example/products/item-0'));
    expect(await db.products.count()).toBe(0);
    // Another page view: the queue took that product once already, and the removal holds it off a day.
    await svc.view([pin('1', [link(0)])], true, from(3));
    expect(jsRequests()).toHaveLength(1);
  });

  it('finds the product link of a post among its links and caption', () => {
    expect(productLinkOf({ ...pin('1', ['https://blog.example/about']), caption: `Shop it: ${DRESS}?utm_source=ig` })?.key).toBe('mtaa-atelier.example/products/linen-wrap-dress');
    expect(productLinkOf(pin('1', ['https://l.facebook.com/l.php?u=' + encodeURIComponent(DRESS)]))?.key).toBe('mtaa-atelier.example/products/linen-wrap-dress');
    expect(productLinkOf(pin('1', ['https://www.pinterest.com/pin/2/']))).toBeNull();
  });
});
