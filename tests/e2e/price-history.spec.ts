/**
 * Price history and watches in the real extension: the demo card's chart and honest reduction,
 * a watch made in the card listed and snoozed in the popup, and a sync that drops a price
 * alerting exactly once (read from the background's record of alerts and the toolbar badge:
 * headless Chromium shows no notifications).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page, Worker } from '@playwright/test';
import { expect, routeSite, sendMessage, test, waitForCatalog } from './extension';

const IG = 'https://www.instagram.com';
const TAGGED = 'C8xYz123abc';

async function openCard(context: import('@playwright/test').BrowserContext, popup: Page, dark = false) {
  await waitForCatalog(popup);
  await routeSite(context, IG, 'instagram', { '/': 'feed.html' });
  const page = await context.newPage();
  if (dark) await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto(`${IG}/`);
  const post = page.locator('article').filter({ has: page.locator(`a[href*="/p/${TAGGED}/"]`) }).first();
  await post.locator('postcart-overlay button.buy').click();
  const card = page.locator('postcart-popover [role="dialog"]');
  await expect(card.getByRole('heading', { name: 'Trail Jacket' })).toBeVisible();
  return { page, card };
}

/** A Postcart feed with one product whose price the test sets; CORS for the extension. */
async function priceFeed(): Promise<{ url: string; price: { value: string }; requests: () => number; close(): Promise<void> }> {
  const price = { value: '100.00' };
  let requests = 0;
  const server: Server = createServer((req, res) => {
    requests += 1;
    const cors = { 'access-control-allow-origin': req.headers.origin ?? '*', 'access-control-allow-headers': 'if-none-match' };
    if (req.method === 'OPTIONS') return void res.writeHead(204, cors).end();
    const body = JSON.stringify({
      version: 1,
      cursor: `c${requests}`,
      hasMore: false,
      merchants: [{ id: 'ridge', name: 'Ridge Supply', url: 'https://ridge.example', currency: 'USD', checkout: { kind: 'shopify-permalink' } }],
      products: [
        {
          id: 'ridge:tote',
          merchantId: 'ridge',
          title: 'Ridge canvas tote',
          url: 'https://ridge.example/products/tote',
          variants: [{ id: '7000001', price: price.value, currency: 'USD' }],
          updatedAt: '2026-11-20T10:00:00Z',
        },
      ],
    });
    res.writeHead(200, { 'content-type': 'application/json', ...cors }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/v1/feed`, price, requests: () => requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** The alerts the background recorded (what it handed to chrome.notifications). */
function alertRecords(worker: Worker): Promise<{ notificationId: string; alerts: { productId: string }[] }[]> {
  return worker.evaluate(() => (globalThis as unknown as { postcart: { db: { alerts: { toArray(): Promise<never[]> } } } }).postcart.db.alerts.toArray());
}

test.describe('Price history', () => {
  test('the demo card shows the honest reduction, the 90-day chart with its summary, data since and the 30-day low', async ({ context, popup }) => {
    const { card } = await openCard(context, popup);
    // At $159 for months, cut to $129 days ago: "−18%" against the 30-day low before the cut.
    await expect(card.locator('.price s')).toHaveText('$159.00');
    await expect(card.locator('.price .sale')).toHaveText('−18%');
    const history = card.getByRole('region', { name: 'Price history' });
    await expect(history.getByRole('img', { name: /^Price history: lowest \$129\.00 on [A-Z][a-z]{2} \d{1,2}, highest \$159\.00$/ })).toBeVisible();
    await expect(history).toContainText(/Data since [A-Z][a-z]{2} \d{1,2}, \d{4}/);
    await expect(history).toContainText('Lowest in the last 30 days: $129.00');
    await expect(history).toContainText(/Typical price: \$(129|159)\.00/);
    // At the top ($159) from the chart's start, down to the bottom ($129) for the last days.
    const path = await history.locator('svg path').getAttribute('d');
    expect(path).toMatch(/^M0 4H.*V76H300$/);
  });

  test('the chart follows a dark page', async ({ context, popup }) => {
    const { card } = await openCard(context, popup, true);
    await expect(card.locator('svg.chart path')).toHaveCSS('stroke', 'rgb(90, 162, 255)');
  });

  test('a product first seen two weeks ago shows its compare-at price as the merchant\'s reference, without a percentage', async ({ popup }) => {
    await waitForCatalog(popup);
    const reply = await sendMessage(popup, { type: 'get-card', productId: 'acme:1008', variantId: null });
    expect(reply).toMatchObject({ ok: true, data: { price: { claim: { kind: 'reference', compareAtMinor: 29900 }, lowest30: { complete: false } } } });
  });

  test('a watch made in the card is listed in the popup and can be snoozed there', async ({ context, popup, extensionId }) => {
    const { card } = await openCard(context, popup);
    await card.getByRole('button', { name: 'Watch price' }).click();
    await card.getByLabel('Target price').fill('120');
    await card.getByRole('button', { name: 'Save watch' }).click();
    await expect(card.getByRole('status').filter({ hasText: 'Watching.' })).toBeVisible();
    await expect(card.locator('.watch-list li')).toContainText('At or below $120.00');

    const list = await popup.context().newPage();
    await list.goto(`chrome-extension://${extensionId}/popup.html`);
    await list.getByRole('tab', { name: 'Watches' }).click();
    const item = list.locator('li.pc-watch');
    await expect(item).toHaveCount(1);
    await expect(item).toContainText('Trail Jacket');
    await expect(item).toContainText('At or below $120.00 · Now $129.00');
    await item.getByRole('button', { name: /^Snooze 1 day:/ }).click();
    await expect(item).toContainText(/Snoozed until/);
    await expect(item.getByRole('button', { name: /^Resume:/ })).toBeVisible();
  });

  test('a sync that drops the price sends exactly one alert, shown on the toolbar badge until the popup shows it', async ({ popup, background, extensionId }) => {
    await waitForCatalog(popup);
    const feed = await priceFeed();
    try {
      const added = await sendMessage(popup, { type: 'add-source', source: { kind: 'postcart', url: feed.url, label: 'Ridge' } });
      expect(added.ok).toBe(true);
      const sourceId = (added.data as { id: string }).id;
      await expect.poll(async () => (await sendMessage(popup, { type: 'get-card', productId: 'ridge:tote', variantId: null })).data !== null).toBe(true);
      const saved = await sendMessage(popup, { type: 'save-watch', productId: 'ridge:tote', variantId: '7000001', watchId: null, rule: { kind: 'drop-percent', percent: 10 }, trusted: true });
      expect(saved.ok).toBe(true);

      // A wobble first: no alert.
      feed.price.value = '99.99';
      expect((await sendMessage(popup, { type: 'sync-now', id: sourceId })).ok).toBe(true);
      expect(await alertRecords(background)).toEqual([]);

      feed.price.value = '89.00';
      for (let i = 0; i < 3; i += 1) expect((await sendMessage(popup, { type: 'sync-now', id: sourceId })).ok).toBe(true);
      await expect.poll(() => alertRecords(background)).toHaveLength(1);
      const [record] = await alertRecords(background);
      expect(record).toMatchObject({ notificationId: 'postcart-alert:ridge:tote', alerts: [{ productId: 'ridge:tote' }] });
      const badge = () => popup.evaluate(() => (globalThis as unknown as { chrome: { action: { getBadgeText(d: object): Promise<string> } } }).chrome.action.getBadgeText({}));
      await expect.poll(badge).toBe('1');

      // Opening the popup shows the alert (on the watch list) and clears the badge.
      const list = await popup.context().newPage();
      await list.goto(`chrome-extension://${extensionId}/popup.html`);
      await expect(list.getByRole('tab', { name: 'Watches' })).toHaveAttribute('aria-selected', 'true');
      await expect(list.locator('li.pc-watch')).toContainText('New alert');
      await expect.poll(badge).toBe('');
    } finally {
      await feed.close();
    }
  });
});
