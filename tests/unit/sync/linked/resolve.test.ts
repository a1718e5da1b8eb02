import { describe, expect, it } from 'vitest';
import { StoredMerchant, StoredProduct } from '@/utils/catalog/model';
import { fetchLimited } from '@/utils/sync/linked/fetch-page';
import { toCatalogRecords, type LinkedResult } from '@/utils/sync/linked/model';
import { classifyProductUrl, type ProductLink } from '@/utils/sync/linked/product-url';
import { failureRetryMs, LINKED_FRESH_MS, LinkedResolver, linkedFreshness, lookupDue, type PagePermission } from '@/utils/sync/linked/resolve';
import { countedStream, fakeShops, stalledStream, type Route } from './fake-shop';
import { fixtureText } from './fixtures';

const STORE = 'https://mtaa-atelier.example';
const DRESS_JS = `${STORE}/products/linen-wrap-dress.js`;
const CART_JS = `${STORE}/cart.js`;
const JSON_TYPE = 'application/json; charset=utf-8';
const JS_TYPE = 'application/javascript; charset=utf-8';

function link(url: string): ProductLink {
  const found = classifyProductUrl(url);
  if (!found) throw new Error(`not a product link: ${url}`);
  return found;
}

function setup(routes: Record<string, Route | (() => Route)>, permission: PagePermission = 'not-granted', limits = { totalMs: 2_000, firstByteMs: 1_000, maxBytes: 1_500_000 }) {
  let clock = Date.UTC(2026, 10, 22, 12);
  const shops = fakeShops(routes);
  const resolver = new LinkedResolver({ fetch: shops.fetch, pagePermission: () => permission, now: () => clock, limits });
  return { resolver, requests: shops.requests, advance: (ms: number) => (clock += ms), now: () => clock };
}

function reason(result: LinkedResult): string {
  return result.ok ? `ok (${result.product.method})` : result.reason;
}

const shopifyRoutes = (): Record<string, Route> => ({
  [DRESS_JS]: { body: fixtureText('shopify-product.js.json'), type: JS_TYPE },
  [CART_JS]: { body: fixtureText('shopify-cart.js.json'), type: JSON_TYPE },
});

describe('LinkedResolver on Shopify stores', () => {
  it('reads a CORS-open store\'s .js and cart.js without any permission, sending nothing of the shopper', async () => {
    const { resolver, requests } = setup(shopifyRoutes());
    const result = await resolver.resolve(link(`${STORE}/products/linen-wrap-dress?utm_source=pinterest&variant=41877001234503`));
    expect(reason(result)).toBe('ok (shopify-js)');
    if (!result.ok) return;
    expect(result.product).toMatchObject({ checkout: 'shopify-permalink', readFrom: DRESS_JS, variants: [{ priceMinor: 450000, currency: 'KES' }, {}, {}] });
    expect(requests.map((request) => request.url)).toEqual([DRESS_JS, CART_JS]);
    for (const { init } of requests) {
      expect(init).toMatchObject({ method: 'GET', mode: 'cors', credentials: 'omit', referrerPolicy: 'no-referrer', redirect: 'follow', cache: 'no-store' });
      // Only a safelisted Accept header: nothing that would trigger a preflight or identify the shopper.
      expect(Object.keys(init.headers as Record<string, string>)).toEqual(['Accept']);
    }
  });

  it('asks a store for its currency once per market and six hours', async () => {
    const routes: Record<string, Route> = { ...shopifyRoutes(), [`${STORE}/products/linen-shirt.js`]: { body: JSON.stringify({ id: 9, title: 'Linen Shirt', handle: 'linen-shirt', variants: [{ id: 91, title: 'Default Title', price: 320000 }] }), type: JS_TYPE } };
    const { resolver, requests, advance } = setup(routes);
    await resolver.resolve(link(`${STORE}/products/linen-wrap-dress`));
    await resolver.resolve(link(`${STORE}/collections/all/products/linen-shirt`));
    expect(requests.filter((request) => request.url === CART_JS)).toHaveLength(1);
    advance(LINKED_FRESH_MS);
    await resolver.resolve(link(`${STORE}/products/linen-shirt`));
    expect(requests.filter((request) => request.url === CART_JS)).toHaveLength(2);
  });

  it('makes one request per product however many posts ask at once', async () => {
    const { resolver, requests } = setup(shopifyRoutes());
    const dress = link(`${STORE}/products/linen-wrap-dress`);
    const [a, b, c] = await Promise.all([resolver.resolve(dress), resolver.resolve(dress), resolver.resolve(link(`${STORE}/products/linen-wrap-dress?variant=41877001234502`))]);
    expect([a, b, c].map(reason)).toEqual(['ok (shopify-js)', 'ok (shopify-js)', 'ok (shopify-js)']);
    expect(requests.filter((request) => request.url === DRESS_JS)).toHaveLength(1);
    expect(resolver.pending).toBe(0);
  });

  it('tells a store that sends no CORS headers from a store that is down, and asks for the permission', async () => {
    const blocked = setup({ [DRESS_JS]: 'no-cors-headers' });
    const result = await blocked.resolver.resolve(link(`${STORE}/products/linen-wrap-dress`));
    expect(result).toMatchObject({ ok: false, reason: 'permission-needed', originPattern: `${STORE}/*`, refused: false });
    expect(result.ok ? '' : result.detail).toMatch(/CORS/);
    expect(blocked.requests.map((request) => request.init.mode)).toEqual(['cors', 'no-cors']);

    const down = setup({ [DRESS_JS]: 'down' });
    expect(reason(await down.resolver.resolve(link(`${STORE}/products/linen-wrap-dress`)))).toBe('unreachable');
  });

  it('says the shopper refused this shop before, so the overlay does not ask again by itself', async () => {
    const { resolver } = setup({ [DRESS_JS]: 'no-cors-headers' }, 'refused');
    expect(await resolver.resolve(link(`${STORE}/products/linen-wrap-dress`))).toMatchObject({ reason: 'permission-needed', refused: true });
  });

  it('reads the page instead when the shop is no Shopify store and its page may be read', async () => {
    const url = 'https://linikoks.example/products/linu-dvielis';
    const { resolver, requests } = setup({ 'https://linikoks.example/products/linu-dvielis.js': { status: 404, body: 'Not found' }, [url]: { body: fixtureText('woocommerce-sale.html') } }, 'granted');
    const result = await resolver.resolve(link(url));
    expect(result).toMatchObject({ ok: true, product: { method: 'json-ld', checkout: 'link', title: 'Linu dvielis' } });
    expect(requests.map((request) => request.url)).toEqual(['https://linikoks.example/products/linu-dvielis.js', url]);
  });

  it('reads the page when cart.js gives no currency, and asks for permission when it may not', async () => {
    const routes: Record<string, Route> = {
      [DRESS_JS]: { body: fixtureText('shopify-product.js.json'), type: JS_TYPE },
      [CART_JS]: { body: '{"items":[]}', type: JSON_TYPE },
      [`${STORE}/products/linen-wrap-dress`]: { body: fixtureText('shopify-dawn.html') },
    };
    expect(reason(await setup(routes, 'granted').resolver.resolve(link(`${STORE}/products/linen-wrap-dress`)))).toBe('ok (json-ld)');
    expect(reason(await setup(routes).resolver.resolve(link(`${STORE}/products/linen-wrap-dress`)))).toBe('permission-needed');
  });

  it('gives the whole resolution one deadline, not each of its requests', async () => {
    const limits = { totalMs: 400, firstByteMs: 300, maxBytes: 1_500_000 };
    const url = `${STORE}/products/linen-wrap-dress`;
    const { resolver } = setup({ [DRESS_JS]: { status: 404, body: 'no', delayMs: 250 }, [url]: { body: fixtureText('shopify-dawn.html'), delayMs: 250 } }, 'granted', limits);
    expect(reason(await resolver.resolve(link(url)))).toBe('timeout');
  });

  it('stops at a store error or a slow store instead of trying its page', async () => {
    const busy = setup({ [DRESS_JS]: { status: 503, body: 'busy' } }, 'granted');
    expect(await busy.resolver.resolve(link(`${STORE}/products/linen-wrap-dress`))).toMatchObject({ reason: 'http-error', status: 503 });
    expect(busy.requests).toHaveLength(1);
    const slow = setup({ [DRESS_JS]: 'hang' }, 'granted', { totalMs: 200, firstByteMs: 100, maxBytes: 1_500_000 });
    expect(reason(await slow.resolver.resolve(link(`${STORE}/products/linen-wrap-dress`)))).toBe('timeout');
  });
});

describe('LinkedResolver on other shops', () => {
  const TOWEL = 'https://linikoks.example/produkts/linu-dvielis/';

  it('never reads a page without its origin\'s permission: not one request', async () => {
    const { resolver, requests } = setup({ [TOWEL]: { body: fixtureText('woocommerce-sale.html') } });
    expect(await resolver.resolve(link(TOWEL))).toMatchObject({ ok: false, reason: 'permission-needed', originPattern: 'https://linikoks.example/*' });
    expect(requests).toHaveLength(0);
  });

  it('reads the page once the permission is there, and the result fits the catalog\'s rows', async () => {
    const { resolver, requests } = setup({ [TOWEL]: { body: fixtureText('woocommerce-sale.html') } }, 'granted');
    const result = await resolver.resolve(link(`${TOWEL}?fbclid=xyz`));
    if (!result.ok) throw new Error(result.detail);
    expect(requests.map((request) => request.url)).toEqual([TOWEL]);
    expect(requests[0]?.init).toMatchObject({ credentials: 'omit', referrerPolicy: 'no-referrer' });
    const records = toCatalogRecords(result.product);
    expect(StoredMerchant.parse(records.merchant)).toMatchObject({ id: 'linked:linikoks.example', name: 'Lini un Koks', checkout: { kind: 'link' }, currency: 'EUR' });
    expect(StoredProduct.parse(records.product)).toMatchObject({ title: 'Linu dvielis', gtin: '4751234567890', variants: [{ priceMinor: 2990, compareAtMinor: 3490 }] });
  });

  it('refuses a redirect to another site and follows one within the site', async () => {
    const off = setup({ [TOWEL]: { body: fixtureText('woocommerce-sale.html'), finalUrl: 'https://cheap-copies.example/produkts/linu-dvielis/' } }, 'granted');
    expect(await off.resolver.resolve(link(TOWEL))).toMatchObject({ reason: 'redirected-off-origin', redirectedTo: 'https://cheap-copies.example' });
    const www = setup({ [TOWEL]: { body: fixtureText('woocommerce-sale.html'), finalUrl: 'https://www.linikoks.example/produkts/linu-dvielis/' } }, 'granted');
    expect(await www.resolver.resolve(link(TOWEL))).toMatchObject({ ok: true, product: { readFrom: 'https://www.linikoks.example/produkts/linu-dvielis/' } });
    const downgraded = setup({ [TOWEL]: { body: fixtureText('woocommerce-sale.html'), finalUrl: 'http://linikoks.example/produkts/linu-dvielis/' } }, 'granted');
    expect(reason(await downgraded.resolver.resolve(link(TOWEL)))).toBe('redirected-off-origin');
  });

  it('gives clear reasons for errors, non-pages and pages without a product', async () => {
    const cases: [Route, string][] = [
      [{ status: 404, body: 'gone' }, 'http-error'],
      [{ status: 500, body: 'oops' }, 'http-error'],
      [{ body: '%PDF-1.7', type: 'application/pdf' }, 'not-html'],
      [{ body: '{}', type: 'application/json' }, 'not-html'],
      [{ body: fixtureText('prices-in-text.html') }, 'no-product'],
      [{ body: fixtureText('broken-json-ld.html') }, 'bad-json'],
      [{ body: fixtureText('several-products.html') }, 'several-products'],
      ['down', 'unreachable'],
    ];
    for (const [route, expected] of cases) {
      const { resolver } = setup({ [TOWEL]: route }, 'granted');
      expect(reason(await resolver.resolve(link(TOWEL))), JSON.stringify(route).slice(0, 60)).toBe(expected);
    }
  });

  it('stops reading a 3 MB page at the cap without downloading the rest', async () => {
    const big = countedStream(3 * 1024 * 1024);
    const { resolver } = setup({ [TOWEL]: { body: big.stream } }, 'granted');
    expect(reason(await resolver.resolve(link(TOWEL)))).toBe('too-large');
    expect(big.pulled()).toBeLessThan(1_500_000 + 3 * 64 * 1024);
    const declared = countedStream(3 * 1024 * 1024);
    const announced = setup({ [TOWEL]: { body: declared.stream, headers: { 'content-length': String(3 * 1024 * 1024) } } }, 'granted');
    expect(reason(await announced.resolver.resolve(link(TOWEL)))).toBe('too-large');
    expect(declared.pulled()).toBeLessThanOrEqual(2 * 64 * 1024);
  });

  it('gives up on a server that never answers, or stops in the middle, at the deadline', async () => {
    const limits = { totalMs: 300, firstByteMs: 150, maxBytes: 1_500_000 };
    const started = Date.now();
    const silent = setup({ [TOWEL]: 'hang' }, 'granted', limits);
    expect(reason(await silent.resolver.resolve(link(TOWEL)))).toBe('timeout');
    const stalled = setup({ [TOWEL]: { body: stalledStream() } }, 'granted', limits);
    expect(reason(await stalled.resolver.resolve(link(TOWEL)))).toBe('timeout');
    // Generous bound: the point is that it returns at all, not how fast.
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('decodes a page in the charset it declares', async () => {
    const head = new TextEncoder().encode('<html><head><meta charset="windows-1257"><meta property="og:title" content="Dzintara kr');
    const tail = new TextEncoder().encode('lle"><meta property="product:price:amount" content="19.00"><meta property="product:price:currency" content="EUR"></head></html>');
    // "ē" is 0xE7 in windows-1257.
    const body = new Uint8Array([...head, 0xe7, ...tail]);
    const { resolver } = setup({ [TOWEL]: { body, type: 'text/html' } }, 'granted');
    expect(await resolver.resolve(link(TOWEL))).toMatchObject({ ok: true, product: { title: 'Dzintara krēlle', method: 'open-graph' } });
  });
});

describe('fetchLimited', () => {
  it('never follows the shop to a page that is not HTML when a page is expected', async () => {
    const { fetch } = fakeShops({ 'https://a.example/x': { body: '<svg/>', type: 'image/svg+xml' } });
    expect(await fetchLimited(fetch, 'https://a.example/x', 'html')).toMatchObject({ ok: false, failure: { reason: 'not-html' } });
  });
});

describe('cache policy', () => {
  const now = Date.UTC(2026, 10, 22, 12);
  const hour = 60 * 60_000;

  it('keeps a product fresh for six hours, then refreshes it when seen again', () => {
    expect(linkedFreshness(now - 5 * hour, now)).toBe('fresh');
    expect(linkedFreshness(now - 6 * hour, now)).toBe('stale');
    expect(lookupDue({ readAt: now - 5 * hour, failure: null }, now, 'auto')).toBe(false);
    expect(lookupDue({ readAt: now - 5 * hour, failure: null }, now, 'press')).toBe(false);
    expect(lookupDue({ readAt: now - 7 * hour, failure: null }, now, 'auto')).toBe(true);
    expect(lookupDue(null, now, 'auto')).toBe(true);
  });

  it('holds the automatic mode off after a failure, but never a press', () => {
    const timedOut = { readAt: null, failure: { reason: 'timeout' as const, at: now - 10 * 60_000 } };
    expect(lookupDue(timedOut, now, 'auto')).toBe(false);
    expect(lookupDue(timedOut, now + failureRetryMs('timeout'), 'auto')).toBe(true);
    expect(lookupDue(timedOut, now, 'press')).toBe(true);
    const noProduct = { readAt: null, failure: { reason: 'no-product' as const, at: now - 2 * hour } };
    expect(lookupDue(noProduct, now, 'auto')).toBe(false);
    expect(lookupDue(noProduct, now + 24 * hour, 'auto')).toBe(true);
    const permission = { readAt: null, failure: { reason: 'permission-needed' as const, at: now - 300 * hour } };
    expect(lookupDue(permission, now, 'auto')).toBe(false);
    expect(lookupDue(permission, now, 'press')).toBe(true);
  });
});
