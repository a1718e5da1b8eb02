/**
 * Catalog sync in the real extension against a Postcart feed served on this machine: adding a
 * source in the options page, progress, and a service worker stopped in the middle of a sync.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from '@playwright/test';
import { expect, test, waitForCatalog } from './extension';

const TOTAL = 3000;
const DEMO_PRODUCTS = 42;

interface FeedServer {
  url: string;
  sinces: (string | null)[];
  close(): Promise<void>;
}

/** A Postcart feed v1 of TOTAL products, slow enough per page to stop the worker halfway. */
async function startFeedServer(delayMs: number): Promise<FeedServer> {
  const sinces: (string | null)[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const cors = { 'access-control-allow-origin': req.headers.origin ?? '*', 'access-control-allow-headers': 'if-none-match' };
    if (req.method === 'OPTIONS') {
      res.writeHead(204, cors).end();
      return;
    }
    sinces.push(url.searchParams.get('since'));
    const since = Number(url.searchParams.get('since') ?? 0);
    const limit = Math.min(500, Number(url.searchParams.get('limit') ?? 500));
    const end = Math.min(TOTAL, since + limit);
    const body = JSON.stringify({
      version: 1,
      cursor: String(end),
      hasMore: end < TOTAL,
      merchants: since === 0 ? [{ id: 'ridge', name: 'Ridge Supply', url: 'https://ridge.example', currency: 'CAD', checkout: { kind: 'shopify-permalink' } }] : [],
      products: Array.from({ length: end - since }, (_, k) => {
        const i = since + k;
        return {
          id: `ridge:${i}`,
          merchantId: 'ridge',
          title: `Ridge canvas tote no. ${i}`,
          url: `https://ridge.example/products/tote-${i}`,
          variants: [{ id: `${7000000 + i}`, price: `${20 + (i % 50)}.00`, currency: 'CAD' }],
          updatedAt: '2026-11-20T10:00:00Z',
        };
      }),
    });
    setTimeout(() => res.writeHead(200, { 'content-type': 'application/json', ...cors }).end(body), delayMs);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/v1/feed`, sinces, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

async function productCount(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const reply = (await (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<{ data: { products: number } }> } } }).chrome.runtime.sendMessage({ type: 'catalog-status' }));
    return reply.data.products;
  });
}

test.describe('Catalog sync', () => {
  test('a source added in the options page syncs with visible progress and its products reach the cache', async ({ context, popup, extensionId }) => {
    await waitForCatalog(popup);
    const feed = await startFeedServer(50);
    try {
      const options = await context.newPage();
      await options.goto(`chrome-extension://${extensionId}/options.html`);
      await options.getByLabel('Address').fill('http://feeds.example/v1/feed');
      await options.getByRole('button', { name: 'Add source' }).click();
      await expect(options.getByLabel('Address')).toHaveAttribute('aria-invalid', 'true');

      await options.getByLabel('Address').fill(feed.url);
      await options.getByLabel('Name (optional)').fill('Ridge Supply feed');
      await options.getByRole('button', { name: 'Check' }).click();
      await expect(options.getByText(/Looks good: \d+ records on the first page \(skipped: 0\)/)).toBeVisible();
      await options.getByRole('button', { name: 'Add source' }).click();
      const item = options.getByRole('listitem', { name: 'Ridge Supply feed' });
      await expect(item).toBeVisible();
      await expect(item.getByText('Up to date')).toBeVisible({ timeout: 30_000 });
      await expect(item).toContainText(`${(TOTAL + 1).toLocaleString('en-US')} records applied (skipped: 0)`);
      expect(await productCount(options)).toBe(DEMO_PRODUCTS + TOTAL);
      // Pages were asked one after another from the feed's cursor.
      expect(feed.sinces).toContain('2500');

      await item.getByRole('button', { name: 'Remove Ridge Supply feed' }).click();
      await expect(item).toHaveCount(0);
      expect(await productCount(options)).toBe(DEMO_PRODUCTS);
    } finally {
      await feed.close();
    }
  });

  test('a service worker stopped in the middle of a sync resumes from its cursor: nothing lost, nothing twice', async ({ context, popup, extensionId }) => {
    await waitForCatalog(popup);
    const feed = await startFeedServer(400);
    try {
      await popup.evaluate(async (url) => {
        await (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }).chrome.runtime.sendMessage({ type: 'add-source', source: { kind: 'postcart', url, label: 'Ridge' } });
      }, feed.url);
      // Wait until a few pages are in, then restart the whole extension (its worker dies mid-sync).
      await expect.poll(() => productCount(popup), { timeout: 20_000 }).toBeGreaterThanOrEqual(DEMO_PRODUCTS + 1000);
      const before = await productCount(popup);
      expect(before).toBeLessThan(DEMO_PRODUCTS + TOTAL);
      // The popup shows the sync going on.
      await popup.reload();
      await expect(popup.getByText(/syncing Ridge: [\d,]+ records/)).toBeVisible();
      // Stop the extension's service worker as Chrome does to idle workers (DevTools protocol).
      const cdp = await context.newCDPSession(popup);
      const stopped = new Promise<void>((resolve) =>
        cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
          if (versions.some((v) => v.runningStatus === 'stopped')) resolve();
        }),
      );
      await cdp.send('ServiceWorker.enable');
      await cdp.send('ServiceWorker.stopAllWorkers');
      await stopped;
      await cdp.detach();
      expect(await productCount(popup).catch(() => -1)).not.toBe(DEMO_PRODUCTS + TOTAL);

      // The next message wakes a new worker, which picks the interrupted sync up.
      const page = await context.newPage();
      await page.goto(`chrome-extension://${extensionId}/options.html`);
      await expect(page.getByRole('listitem', { name: 'Ridge' }).getByText('Up to date')).toBeVisible({ timeout: 30_000 });
      expect(await productCount(page)).toBe(DEMO_PRODUCTS + TOTAL);
      // After the restart the sync went on from the last committed page, not from the start.
      const restartAt = feed.sinces.lastIndexOf(null);
      expect(restartAt).toBe(0);
      // Only pages in flight when the worker stopped are asked again: the one being committed and
      // the next one, which the engine prefetches meanwhile.
      const asked = feed.sinces.filter((s) => s !== null).map(Number);
      expect(new Set(asked).size).toBeGreaterThanOrEqual(asked.length - 2);
    } finally {
      await feed.close();
    }
  });
});
