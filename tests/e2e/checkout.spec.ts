/**
 * Checkout in the popup, end to end: a cart across stores and currencies, the Shopify permalink
 * hand-off, orders placed on the real catalog server (orders-api) and every way a request can go
 * wrong on the way (server stopped, answer lost after commit, popup closed mid-request).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { expect, extensionIdOf, fillContact, launchExtension, ROOT, sendMessage, test, waitForCatalog } from './extension';
import { startCatalogServer, type E2ECatalogServer } from './catalog-server';

const POST = { platform: 'instagram', postId: 'C8xYz123abc', url: 'https://www.instagram.com/p/C8xYz123abc/' };
const JACKET = { productId: 'acme:1001', variantId: '40110010001' };
const APRON = { productId: 'harbor-goods:5002', variantId: '5500200001' };

/** The extension API as seen from an extension page inside `page.evaluate`. */
declare const chrome: { tabs: { query(filter: object): Promise<unknown[]> } };

/** Adds the catalog server as a source and waits for its first sync (Harbor Goods comes with it). */
async function connectServer(popup: Page, server: E2ECatalogServer): Promise<void> {
  await waitForCatalog(popup);
  const added = await sendMessage(popup, { type: 'add-source', source: { kind: 'postcart', url: server.feedUrl, label: 'Harbor server' } });
  expect(added.ok).toBe(true);
  await expect
    .poll(async () => (await sendMessage(popup, { type: 'get-card', productId: APRON.productId, variantId: null })).data !== null, { timeout: 30_000 })
    .toBe(true);
}

async function addToCart(page: Page, item: { productId: string; variantId: string }, quantity = 1): Promise<void> {
  const reply = await sendMessage(page, { type: 'add-to-cart', ...item, quantity, source: POST, trusted: true });
  expect(reply, reply.error).toMatchObject({ ok: true });
}

function step(popup: Page, merchantId: string) {
  return popup.locator(`.pc-progress-steps li[data-merchant="${merchantId}"]`);
}

let server: E2ECatalogServer;

test.beforeAll(async () => {
  server = await startCatalogServer();
});
test.afterAll(async () => {
  await server.close();
});
test.beforeEach(async () => {
  server.setOrderMode('normal');
  if (!(await fetch(`${server.origin}/health`).then((r) => r.ok, () => false))) await server.start();
});

test.describe('Checkout', () => {
  test('a cart with two stores checks out store by store: the Shopify checkout opens and the orders-api order is placed once', async ({ context, popup, extensionId }) => {
    await connectServer(popup, server);
    await addToCart(popup, JACKET, 2);
    await addToCart(popup, APRON, 1);
    const before = await server.orderCount('harbor-goods');

    // The cart outlives the worker: stop it, and a fresh one shows the same lines.
    const cdp = await context.newCDPSession(popup);
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    await cdp.detach();
    await popup.goto(`chrome-extension://${extensionId}/popup.html`);
    await expect(popup.locator('.pc-line')).toHaveCount(2);
    await expect(popup.getByRole('region', { name: 'Acme Outdoor' })).toContainText('$258.00');
    await expect(popup.getByRole('region', { name: 'Harbor Goods' })).toContainText('$58.50');

    const tabCount = () => popup.evaluate(async () => (await chrome.tabs.query({})).length);
    const tabsBefore = await tabCount();
    await popup.getByRole('button', { name: 'Check out all 2 stores' }).click();
    await fillContact(popup);
    // A double click is one checkout per store.
    await popup.getByRole('button', { name: 'Place 2 orders' }).dblclick();

    // One tab opened for the Shopify hand-off (behind the popup, which goes on with Harbor Goods).
    await expect.poll(tabCount, { timeout: 20_000 }).toBe(tabsBefore + 1);
    const orders = (await sendMessage(popup, { type: 'get-orders' })).data as { merchantId: string; checkoutUrl: string }[];
    const url = new URL(orders.find((order) => order.merchantId === 'acme')!.checkoutUrl);
    expect(url.origin + url.pathname).toBe(`https://acme.example/cart/${JACKET.variantId}:2`);
    expect(url.searchParams.get('checkout[email]')).toBe('ana@example.com');
    expect(url.searchParams.get('attributes[postcart_post]')).toBe(POST.url);

    await expect(popup.getByRole('status').filter({ hasText: 'Checked out with 2 stores' })).toBeVisible({ timeout: 20_000 });
    await expect(step(popup, 'acme')).toContainText('Checkout opened in a new tab');
    await expect(step(popup, 'harbor-goods')).toContainText(/Order #\d+ placed/);
    await expect(popup.locator('.pc-line')).toHaveCount(0);
    expect(await server.orderCount('harbor-goods')).toBe(before + 1);

    await popup.getByRole('tab', { name: 'Orders' }).click();
    const harbor = popup.locator('.pc-order[data-status="placed"]');
    await expect(harbor).toContainText('Harbor Goods');
    await expect(harbor.locator('.pc-order-number')).toHaveText(/Order #\d+/);
    await expect(popup.locator('.pc-order[data-status="handed-off"]')).toContainText('Acme Outdoor');
  });

  test('with the catalog server stopped the order waits as not placed, and Retry places it exactly once', async ({ popup }) => {
    await connectServer(popup, server);
    await addToCart(popup, APRON, 2);
    await popup.reload();
    const before = await server.orderCount('harbor-goods');
    await server.stop();

    await popup.getByRole('button', { name: 'Check out with Harbor Goods' }).click();
    await fillContact(popup);
    await popup.getByRole('button', { name: 'Place order' }).click();
    await expect(step(popup, 'harbor-goods')).toContainText("Not placed: the store's server could not be reached", { timeout: 20_000 });
    // Nothing lost: the lines wait in the order, not in the cart where they could be ordered twice.
    await popup.getByRole('tab', { name: 'Orders' }).click();
    const order = popup.locator('.pc-order[data-status="failed"]');
    await expect(order).toContainText('2 × Dockside Canvas Apron');

    await server.start();
    await order.getByRole('button', { name: 'Retry' }).click();
    await expect(popup.locator('.pc-order[data-status="placed"] .pc-order-number')).toHaveText(/Order #\d+/);
    expect(await server.orderCount('harbor-goods')).toBe(before + 1);
  });

  test('an answer lost after the server took the order, then retried, never makes a second order', async ({ popup }) => {
    await connectServer(popup, server);
    await addToCart(popup, APRON, 1);
    await popup.reload();
    const before = await server.orderCount('harbor-goods');
    server.setOrderMode('lose-answer');

    await popup.getByRole('button', { name: 'Check out with Harbor Goods' }).click();
    await fillContact(popup);
    await popup.getByRole('button', { name: 'Place order' }).click();
    await expect(step(popup, 'harbor-goods')).toContainText('Not placed', { timeout: 20_000 });
    // The server did record it; the shopper cannot know, so they try again with the same key.
    expect(await server.orderCount('harbor-goods')).toBe(before + 1);

    server.setOrderMode('normal');
    await popup.getByRole('button', { name: 'Try again' }).click();
    await expect(popup.getByRole('status').filter({ hasText: /Order placed with Harbor Goods \(#\d+\)/ })).toBeVisible({ timeout: 20_000 });
    expect(await server.orderCount('harbor-goods')).toBe(before + 1);
  });

  test('a popup closed while the order is on its way leaves it to the background, which places it once', async ({ context, popup, extensionId }) => {
    await connectServer(popup, server);
    await addToCart(popup, APRON, 3);
    await popup.reload();
    const before = await server.orderCount('harbor-goods');
    server.setOrderMode('slow', 2500);

    await popup.getByRole('button', { name: 'Check out with Harbor Goods' }).click();
    await fillContact(popup);
    await popup.getByRole('button', { name: 'Place order' }).click();
    await expect(step(popup, 'harbor-goods')).toContainText('Checking out');
    await popup.close();

    const again = await context.newPage();
    await again.goto(`chrome-extension://${extensionId}/popup.html`);
    await again.getByRole('tab', { name: 'Orders' }).click();
    await expect
      .poll(async () => {
        await again.getByRole('tab', { name: 'Cart' }).click();
        await again.getByRole('tab', { name: 'Orders' }).click();
        return again.locator('.pc-order[data-status="placed"]').count();
      }, { timeout: 20_000 })
      .toBe(1);
    await expect(again.locator('.pc-order[data-status="placed"]')).toContainText('3 × Dockside Canvas Apron');
    expect(await server.orderCount('harbor-goods')).toBe(before + 1);
  });

  test('a price changed by a sync shows old and new price and is accepted before the order is placed', async ({ popup }) => {
    await connectServer(popup, server);
    await addToCart(popup, APRON, 2);

    // The seller lowers the price on the catalog server; the extension syncs.
    const demo = JSON.parse(readFileSync(path.join(ROOT, 'server/orders-demo.json'), 'utf8')) as {
      products: { id: string; images: string[]; variants: { id: string; price: string }[] }[];
    };
    const apron = demo.products.find((p) => p.id === APRON.productId)!;
    const cheaper = {
      ...apron,
      images: apron.images.map((image) => new URL(image, `${server.origin}/`).href),
      variants: apron.variants.map((v) => (v.id === APRON.variantId ? { ...v, price: '54.00' } : v)),
      updatedAt: new Date().toISOString(),
    };
    const write = await fetch(`${server.origin}/v1/products`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.tokens.get('harbor-goods')}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ops: [{ op: 'upsert', product: cheaper }] }),
    });
    expect(write.status, await write.clone().text()).toBe(200);
    expect(await sendMessage(popup, { type: 'sync-now', id: null })).toMatchObject({ ok: true });

    await popup.reload();
    const line = popup.locator('.pc-line[data-state="price-changed"]');
    await expect(line).toContainText('Price changed from $58.50 to $54.00');
    await popup.getByRole('button', { name: 'Check out with Harbor Goods' }).click();
    await expect(popup.getByRole('heading', { name: 'Some items changed' })).toBeVisible();
    await popup.getByRole('button', { name: 'Accept new prices and continue' }).click();
    await fillContact(popup);
    await popup.getByRole('button', { name: 'Place order' }).click();
    await expect(popup.getByRole('status').filter({ hasText: /Order placed with Harbor Goods/ })).toBeVisible({ timeout: 20_000 });

    await popup.getByRole('tab', { name: 'Orders' }).click();
    await expect(popup.locator('.pc-order[data-status="placed"] [data-currency="USD"]')).toHaveText('$108.00');
  });

  test('the cart and the saved details survive a browser restart', async () => {
    const profile = mkdtempSync(path.join(tmpdir(), 'postcart-restart-'));
    let context = await launchExtension(profile);
    let id = await extensionIdOf(context);
    let popup = await context.newPage();
    await popup.goto(`chrome-extension://${id}/popup.html`);
    await waitForCatalog(popup);
    await addToCart(popup, JACKET, 3);
    expect(await sendMessage(popup, { type: 'save-contact', contact: { email: 'ana@example.com', phone: '', firstName: 'Ana', lastName: 'Reyes', address1: '12 Harbor St', address2: '', city: 'Portland', region: 'OR', postalCode: '97201', country: 'US' } })).toMatchObject({ ok: true });
    await context.close();

    context = await launchExtension(profile);
    id = await extensionIdOf(context);
    popup = await context.newPage();
    await popup.goto(`chrome-extension://${id}/popup.html`);
    await expect(popup.locator('.pc-line')).toHaveCount(1);
    await expect(popup.getByRole('region', { name: 'Acme Outdoor' })).toContainText('$387.00');
    await popup.getByRole('button', { name: 'Check out with Acme Outdoor' }).click();
    await expect(popup.getByLabel('Email')).toHaveValue('ana@example.com');
    await context.close();
  });
});
