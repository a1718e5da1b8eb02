/**
 * Products from linked shops in the real extension, on a Pinterest feed (tests/fixtures/pinterest/
 * linked.html) whose pins link to shops no catalog knows. The shops are served by the test:
 * - mtaa-atelier.example: a Shopify storefront that sends CORS headers (`.js` and `cart.js`);
 * - kikapu.example: a Shopify-shaped store that sends none (a CORS request fails, a no-cors probe
 *   gets an answer);
 * - linikoks.example and habicrafts.example: WooCommerce pages with JSON-LD, read only with the
 *   shop's permission (habicrafts gives only a "from" price);
 * - store10.example … store37.example: Shopify storefronts for the automatic mode's long feed.
 *
 * Two things of the browser are stood in for, since a test cannot reach them: Chromium's own
 * permission prompt (headless, nobody can answer it), so the permission page's `permissions.request`
 * and the worker's `permissions.contains` are told the answer for the shop under test; and CORS
 * for answers Playwright fulfils (the browser does not apply it to them), which the fake stores
 * apply themselves: a request with an Origin header is a CORS read.
 */
import type { BrowserContext, Page, Route, Worker } from '@playwright/test';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, fillContact, ROOT, routeSite, sendMessage, test, waitForCatalog } from './extension';

const PIN = 'https://www.pinterest.com';
const pinId = (n: number) => `8452691000000050${String(n).padStart(2, '0')}`;
const feed = (name: string) => readFileSync(path.join(ROOT, 'tests/feeds/linked', name), 'utf8');
const JSON_TYPE = 'application/json; charset=utf-8';

interface ShopRequest {
  url: string;
  mode: string;
  at: number;
}

/** A cross-origin read the browser lets the extension see only with CORS headers carries an Origin header. */
const modeOf = (headers: Record<string, string>) => (headers.origin ? 'cors' : 'no-cors');

/** The fake shops; `granted` lists the origins whose permission the browser holds (CORS then no longer applies). */
async function serveShops(context: BrowserContext, granted: Set<string>): Promise<ShopRequest[]> {
  const requests: ShopRequest[] = [];
  const stub = (route: Route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>Store</title><h1>Store</h1>' });
  const serve = async (origin: string, answer: (url: URL, route: Route, mode: string) => Promise<void>) => {
    await context.route(`${origin}/**`, async (route) => {
      const request = route.request();
      const url = new URL(request.url());
      const mode = modeOf(await request.allHeaders());
      // Pages the shopper opens (checkout, "choose options") and images are not the extension's reads.
      if (request.resourceType() === 'document' || request.resourceType() === 'image') return stub(route);
      requests.push({ url: url.href, mode, at: Date.now() });
      await answer(url, route, mode);
    });
  };
  const cors = { 'access-control-allow-origin': '*' };
  await serve('https://mtaa-atelier.example', async (url, route) => {
    if (url.pathname === '/products/linen-wrap-dress.js') return route.fulfill({ contentType: 'application/javascript', headers: cors, body: feed('shopify-product.js.json') });
    if (url.pathname === '/cart.js') return route.fulfill({ contentType: JSON_TYPE, headers: cors, body: feed('shopify-cart.js.json') });
    return route.fulfill({ status: 404, headers: cors, body: '' });
  });
  await serve('https://kikapu.example', async (url, route, mode) => {
    // No CORS headers: a cors read fails unless the extension holds the shop's permission.
    if (mode === 'cors' && !granted.has('https://kikapu.example')) return route.abort('failed');
    if (url.pathname === '/products/sisal-market-basket.js') {
      return route.fulfill({ contentType: 'application/javascript', body: JSON.stringify({ id: 5, title: 'Sisal Market Basket', handle: 'sisal-market-basket', variants: [{ id: 5501, title: 'Default Title', price: 320000, available: true }] }) });
    }
    if (url.pathname === '/cart.js') return route.fulfill({ contentType: JSON_TYPE, body: '{"currency":"KES","items":[]}' });
    return route.fulfill({ status: 404, body: '' });
  });
  await serve('https://linikoks.example', async (url, route) =>
    url.pathname === '/produkts/linu-dvielis/' ? route.fulfill({ contentType: 'text/html; charset=utf-8', body: feed('woocommerce-sale.html') }) : route.fulfill({ status: 404, contentType: 'text/html', body: '' }),
  );
  await serve('https://habicrafts.example', async (url, route) =>
    url.pathname === '/product/abaca-tote-bag/' ? route.fulfill({ contentType: 'text/html; charset=utf-8', body: feed('woocommerce-variable.html') }) : route.fulfill({ status: 404, contentType: 'text/html', body: '' }),
  );
  await context.route(/^https:\/\/store\d+\.example\//, async (route) => {
    const request = route.request();
    if (request.resourceType() === 'document' || request.resourceType() === 'image') return stub(route);
    const url = new URL(request.url());
    requests.push({ url: url.href, mode: modeOf(await request.allHeaders()), at: Date.now() });
    const n = Number(/store(\d+)/.exec(url.hostname)![1]);
    if (url.pathname === '/cart.js') return route.fulfill({ contentType: JSON_TYPE, headers: cors, body: '{"currency":"USD","items":[]}' });
    return route.fulfill({ contentType: 'application/javascript', headers: cors, body: JSON.stringify({ id: n, title: `Find no. ${n - 9}`, handle: `find-${n}`, variants: [{ id: 9000 + n, title: 'Default Title', price: 1500 + n * 10, available: true }] }) });
  });
  return requests;
}

/** Tells the worker the browser holds the shop's permission (Chromium's prompt cannot be answered headless). */
async function holdPermission(background: Worker, origin: string): Promise<void> {
  await background.evaluate((pattern) => {
    type Query = { origins?: string[] };
    const permissions = (globalThis as unknown as { chrome: { permissions: { contains: (query: Query, callback?: (has: boolean) => void) => Promise<boolean> | void } } }).chrome.permissions;
    const contains = permissions.contains.bind(permissions);
    permissions.contains = (query, callback) => {
      const answer = query.origins?.length === 1 && query.origins[0] === pattern ? Promise.resolve(true) : Promise.resolve(contains(query));
      if (callback) void answer.then((has) => callback(has === true));
      return answer as Promise<boolean>;
    };
  }, `${origin}/*`);
}

/** Makes the browser's own prompt, opened by the permission page's Allow, answer `granted`. */
async function answerBrowserPrompt(page: Page, granted: boolean): Promise<void> {
  await page.evaluate((answer) => {
    const permissions = (globalThis as unknown as { chrome: { permissions: { request: unknown } } }).chrome.permissions;
    permissions.request = (_query: unknown, callback?: (granted: boolean) => void) => {
      callback?.(answer);
      return Promise.resolve(answer);
    };
  }, granted);
}

async function openFeed(context: BrowserContext, popup: Page, settings: Record<string, unknown> = {}, fixture = 'linked.html'): Promise<Page> {
  await waitForCatalog(popup);
  if (Object.keys(settings).length) {
    const reply = await sendMessage(popup, { type: 'set-settings', settings: { sellerMode: false, analytics: false, linkedAuto: false, linkedPerMinute: 20, ...settings } });
    expect(reply.ok).toBe(true);
  }
  await routeSite(context, PIN, 'pinterest', { '/': fixture });
  const page = await context.newPage();
  await page.goto(`${PIN}/`);
  return page;
}

const gridPin = (page: Page, n: number) => page.locator(`[data-test-pin-id="${pinId(n)}"]`);
const chipOf = (page: Page, n: number) => gridPin(page, n).locator('postcart-overlay button.chip');
const buyOf = (page: Page, n: number) => gridPin(page, n).locator('postcart-overlay button.buy');

test.describe('Products from linked shops', () => {
  test('a pin linking to an uncatalogued Shopify store gets a chip; pressed, a buy button; its card says where it was read; the cart checks out through the store\'s cart permalink', async ({ context, popup }) => {
    const requests = await serveShops(context, new Set());
    const page = await openFeed(context, popup);
    await expect(chipOf(page, 1)).toHaveText(/Check price/);
    // Pins linking to shops' product pages have chips; the catalog's product its buy button; the rest nothing.
    await expect(chipOf(page, 2)).toBeVisible();
    await expect(buyOf(page, 5)).toHaveAttribute('data-product-id', 'maison-lune:2007');
    for (const n of [6, 7, 8]) await expect(gridPin(page, n).locator('postcart-overlay'), String(n)).toHaveCount(0);
    // Nothing was read from any shop before a press (the automatic mode is off).
    expect(requests).toEqual([]);

    await chipOf(page, 1).click();
    await expect(buyOf(page, 1)).toHaveAttribute('data-product-id', 'linked:mtaa-atelier.example/products/linen-wrap-dress');
    await expect(buyOf(page, 1)).toContainText('Buy · KES 4,500.00');
    await expect(chipOf(page, 1)).toHaveCount(0);
    expect(requests.map((r) => r.url)).toEqual(['https://mtaa-atelier.example/products/linen-wrap-dress.js', 'https://mtaa-atelier.example/cart.js']);
    expect(requests.every((r) => r.mode === 'cors')).toBe(true);

    await buyOf(page, 1).click();
    const card = page.locator('postcart-popover [role="dialog"]');
    await expect(card.getByRole('heading', { name: 'Linen Wrap Dress' })).toBeVisible();
    await expect(card).toContainText("From the shop's page this post links to: read from mtaa-atelier.example");
    await expect(card.getByLabel('Option')).toBeVisible();
    await card.getByRole('button', { name: 'Add to cart' }).click();
    await expect(card.getByRole('status').first()).toHaveText('Added to cart');
    await page.keyboard.press('Escape');

    await popup.reload();
    await expect(popup.getByText('Linen Wrap Dress', { exact: true })).toBeVisible();
    await popup.getByRole('button', { name: 'Check out with mtaa-atelier.example' }).click();
    await fillContact(popup);
    const opened = context.waitForEvent('page');
    await popup.getByRole('button', { name: 'Place order' }).click();
    const store = await opened;
    await store.waitForURL(/mtaa-atelier\.example/);
    const url = new URL(store.url());
    expect(url.origin).toBe('https://mtaa-atelier.example');
    expect(url.pathname).toBe('/cart/41877001234501:1');
    expect(url.searchParams.get('checkout[email]')).toBe('ana@example.com');
    expect(url.searchParams.get('attributes[postcart_post]')).toBe(`${PIN}/pin/${pinId(1)}/`);
  });

  test('a shop page that needs a permission asks for it on the permission page; after Allow the pin gets its buy button', async ({ context, popup, background }) => {
    const requests = await serveShops(context, new Set());
    const page = await openFeed(context, popup);
    const asking = context.waitForEvent('page');
    await chipOf(page, 2).click();
    const permission = await asking;
    await expect(permission.getByRole('heading', { name: 'Read product pages of linikoks.example?' })).toBeVisible();
    await expect(permission.getByText('Nothing about the page you are on is sent: only the request for the product itself goes to the shop.')).toBeVisible();
    await expect(chipOf(page, 2)).toHaveText(/Checking/);
    // The page was not read before the shopper answered.
    expect(requests).toEqual([]);

    await answerBrowserPrompt(permission, true);
    await holdPermission(background, 'https://linikoks.example');
    await permission.getByRole('button', { name: 'Allow' }).click();
    await expect(buyOf(page, 2)).toContainText('Buy · €29.90 ★4.5 (12)');
    expect(requests.map((r) => r.url)).toEqual(['https://linikoks.example/produkts/linu-dvielis/']);
    // The permission window closes by itself once the answer is in.
    await permission.waitForEvent('close');
    await buyOf(page, 2).click();
    await expect(page.locator('postcart-popover [role="dialog"]')).toContainText('Lini un Koks');
  });

  test('"Not now" is remembered and the chip says so; pressed again, it asks again', async ({ context, popup }) => {
    const requests = await serveShops(context, new Set());
    const page = await openFeed(context, popup);
    let asking = context.waitForEvent('page');
    await chipOf(page, 3).click();
    let permission = await asking;
    await expect(permission.getByRole('heading', { name: 'Read product pages of kikapu.example?' })).toBeVisible();
    // The store's Shopify answer was tried without permission (no CORS headers), and the store answered a no-cors probe.
    expect(requests.map((r) => `${r.mode} ${r.url}`)).toEqual(['cors https://kikapu.example/products/sisal-market-basket.js', 'no-cors https://kikapu.example/products/sisal-market-basket.js']);
    await permission.getByRole('button', { name: 'Not now' }).click();
    await expect(permission.getByText('Postcart will not read kikapu.example.')).toBeVisible();
    await expect(chipOf(page, 3)).toHaveText('Not allowed for kikapu.example · Ask again');
    await permission.close();

    // Another page view: still remembered.
    await page.reload();
    await expect(chipOf(page, 3)).toHaveText('Not allowed for kikapu.example · Ask again');
    asking = context.waitForEvent('page');
    await chipOf(page, 3).click();
    permission = await asking;
    await expect(permission.getByRole('button', { name: 'Allow' })).toBeVisible();
    // Closing the window without an answer leaves the chip asking, nothing read.
    await permission.close();
    await expect(chipOf(page, 3)).toHaveText(/Not allowed for kikapu\.example|Check price \(asks to read kikapu\.example\)/);
    expect(requests.filter((r) => r.mode === 'cors')).toHaveLength(2);
  });

  test('a page giving only a "from" price shows it so, and the card sends the shopper to choose on the shop\'s page', async ({ context, popup, background }) => {
    await serveShops(context, new Set());
    await holdPermission(background, 'https://habicrafts.example');
    const page = await openFeed(context, popup);
    await chipOf(page, 4).click();
    await expect(buyOf(page, 4)).toContainText('Buy · from ₱1,250.00');
    await buyOf(page, 4).click();
    const card = page.locator('postcart-popover [role="dialog"]');
    await expect(card.getByRole('link', { name: "Choose options on the shop's page" })).toHaveAttribute('href', 'https://habicrafts.example/product/abaca-tote-bag/');
    await expect(card.getByRole('button', { name: 'Add to cart' })).toHaveCount(0);

    // Remove forgets it: the pin gets its chip back.
    await card.getByRole('button', { name: 'Remove' }).click();
    await expect(chipOf(page, 4)).toHaveText(/Check price/);
    await expect(buyOf(page, 4)).toHaveCount(0);
  });

  test('the automatic mode reads only pins in view, at most N a minute, while a fast scroll goes by', async ({ context, popup }) => {
    const requests = await serveShops(context, new Set());
    // N = 12: a burst of 3 (N/4), then one every 60/9 s.
    const page = await openFeed(context, popup, { linkedAuto: true, linkedPerMinute: 12 }, 'linked-scroll.html');
    const start = Date.now();
    const inView = () =>
      page.evaluate(() =>
        [...document.querySelectorAll('[data-test-pin-id]')]
          .filter((pin) => {
            const box = pin.closest('[data-grid-item]')!.getBoundingClientRect();
            return box.bottom > 0 && box.top < innerHeight && box.right > 0 && box.left < innerWidth;
          })
          .map((pin) => pin.getAttribute('data-test-pin-id')!),
      );
    const storeOf = (id: string) => `store${Number(id.slice(-2))}.example`;
    const jsReads = () => requests.filter((r) => /^https:\/\/store\d+\.example\/products\//.test(r.url));

    await expect(chipOf(page, 10)).toBeVisible();
    const top = (await inView()).filter((id) => Number(id.slice(-2)) >= 10);
    await expect.poll(() => jsReads().length).toBe(3);
    // A fast scroll to the end of the feed: the pins at the top leave the view before their turn.
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    const bottom = (await inView()).filter((id) => Number(id.slice(-2)) >= 10);
    expect(bottom.some((id) => top.includes(id))).toBe(false);
    await expect.poll(() => jsReads().length, { timeout: 15_000 }).toBe(4);

    const read = jsReads().map((r) => new URL(r.url).hostname);
    // The burst went to pins in view at the top, the next one to a pin in view at the bottom.
    expect(read.slice(0, 3).every((host) => top.map(storeOf).includes(host))).toBe(true);
    expect(bottom.map(storeOf)).toContain(read[3]);
    // One request per product, and never more than the rate allows in the time gone by.
    expect(new Set(read).size).toBe(read.length);
    const minutes = (Date.now() - start) / 60_000;
    expect(read.length).toBeLessThanOrEqual(3 + Math.ceil(9 * minutes));
    // The pins read first got their buy buttons without a press.
    await page.evaluate(() => window.scrollTo(0, 0));
    const firstRead = top.find((id) => storeOf(id) === read[0])!;
    await expect(page.locator(`[data-test-pin-id="${firstRead}"] postcart-overlay button.buy`)).toBeVisible();
    // No pin that never came into view was read, however long it waits.
    const never = (await page.evaluate(() => [...document.querySelectorAll('[data-test-pin-id]')].map((pin) => pin.getAttribute('data-test-pin-id')!))).filter((id) => Number(id.slice(-2)) >= 10 && !top.includes(id) && !bottom.includes(id));
    expect(never.length).toBeGreaterThan(0);
    expect(read.filter((host) => never.map(storeOf).includes(host))).toEqual([]);
  });
});
