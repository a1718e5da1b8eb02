/**
 * Seller publishing end to end, with the real catalog server in this process: a seller profile
 * connects to the server with its token and tags a post; a second, separate shopper profile syncs
 * the same server and sees the buy button (and the pin). Also: tagging while the server is down
 * publishes once it is back, and an edit that lost to a newer server version is shown.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import { startCatalogServer, type E2ECatalogServer } from './catalog-server';
import { axeFindings, expect, extensionIdOf, launchExtension, routeSite, sendMessage, test, waitForCatalog, type Reply } from './extension';
import { editorOf, placePin, type Product } from './tagging';

declare const chrome: { runtime: { sendMessage(message: unknown): Promise<unknown> }; alarms: { create(name: string, info: { when: number }): Promise<void> } };

const IG = 'https://www.instagram.com';
const UNTAGGED_POST = 'C6aBc0dEf1g';
const DEMO_TAGGED_POST = 'C8xYz123abc';
const POLES = { productId: 'acme:1006', variantId: '40110060001' };
const POLES_IN_EDITOR: Product = { query: 'trekking poles', name: /Canyon Trekking Poles/, title: 'Canyon Trekking Poles' };
const LABEL = 'Acme catalog server';



async function openOptions(context: BrowserContext, extensionId: string): Promise<Page> {
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  return options;
}

/** Adds the catalog server as a Postcart source in the options page and waits for its first sync. */
async function addServerSource(options: Page, server: E2ECatalogServer) {
  await options.getByLabel('Address').fill(server.feedUrl);
  await options.getByLabel('Name (optional)').fill(LABEL);
  await options.getByRole('button', { name: 'Add source' }).click();
  const item = options.getByRole('listitem', { name: LABEL });
  await expect(item.getByText('Up to date')).toBeVisible({ timeout: 30_000 });
  return item;
}

async function connectAsSeller(options: Page, token: string): Promise<void> {
  const item = options.getByRole('listitem', { name: LABEL });
  await item.getByRole('button', { name: `Connect as seller to ${LABEL}` }).click();
  const form = options.getByRole('form', { name: `Connect as seller to ${LABEL}` });
  // Pairing comes first; the token is the fallback.
  await form.getByRole('button', { name: 'Paste a token instead' }).click();
  await form.getByLabel('Seller token').fill(token);
  await form.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(item).toContainText('Selling as Acme Outdoor');
}

async function sellerModeOn(context: BrowserContext, extensionId: string): Promise<void> {
  const popup = await context.newPage();
  await popup.goto(`chrome-extension://${extensionId}/popup.html`);
  const toggle = popup.getByRole('switch', { name: 'Seller mode' });
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-checked', 'true');
  await popup.close();
}

interface TagInput {
  id: string | null;
  productId: string;
  variantId: string | null;
  x: number;
  y: number;
}

/** What the tag editor sends when the seller saves a post (the same message, from an extension page). */
async function savePostTags(page: Page, postId: string, tags: TagInput[]): Promise<Reply> {
  const reply = await sendMessage(page, { type: 'save-post-tags', platform: 'instagram', postId, tags, trusted: true });
  expect(reply, reply.error).toMatchObject({ ok: true });
  return reply;
}

async function serverTags(server: E2ECatalogServer, postId: string) {
  return server.db.query<{ id: string; product_id: string; x: number; seq: string }>('SELECT id, product_id, x, seq FROM tags WHERE post_id = $1 ORDER BY id', [postId]);
}

function publishing(options: Page) {
  return options.getByRole('region', { name: 'Publishing your tags' });
}

let server: E2ECatalogServer;

test.beforeAll(async () => {
  server = await startCatalogServer();
});
test.afterAll(async () => {
  await server.close();
});
test.beforeEach(async () => {
  if (!(await fetch(`${server.origin}/health`).then((r) => r.ok, () => false))) await server.start();
});

test.describe('Publishing seller tags', () => {
  test('a tag the seller places reaches another shopper profile through the catalog server', async ({ context, popup, extensionId }) => {
    // Profile A, the seller.
    await waitForCatalog(popup);
    const options = await openOptions(context, extensionId);
    await addServerSource(options, server);
    // A wrong token is refused with the reason, next to the field.
    const item = options.getByRole('listitem', { name: LABEL });
    await item.getByRole('button', { name: `Connect as seller to ${LABEL}` }).click();
    const form = options.getByRole('form', { name: `Connect as seller to ${LABEL}` });
    await form.getByRole('button', { name: 'Paste a token instead' }).click();
    await form.getByLabel('Seller token').fill('pct_not-a-real-token');
    await form.getByRole('button', { name: 'Connect', exact: true }).click();
    await expect(form.getByRole('alert')).toContainText('did not accept this seller token');
    expect(await axeFindings(options)).toEqual([]);
    await form.getByRole('button', { name: 'Cancel' }).click();
    await connectAsSeller(options, server.tokens.get('acme')!);
    // The token never comes back to a page.
    const listed = await sendMessage(options, { type: 'list-sources' });
    expect(JSON.stringify(listed)).not.toContain(server.tokens.get('acme')!);

    await sellerModeOn(context, extensionId);
    // The seller tags a post on the site with the tag editor.
    await routeSite(context, IG, 'instagram', { '/': 'feed.html' });
    const site = await context.newPage();
    await site.goto(`${IG}/`);
    const sellerPost = site.locator('article').filter({ has: site.locator(`a[href*="/p/${UNTAGGED_POST}/"]`) }).first();
    await sellerPost.getByRole('button', { name: 'Tag products' }).click();
    await placePin(site, POLES_IN_EDITOR, []);
    await editorOf(site).getByRole('button', { name: 'Save tags' }).click();
    await expect(sellerPost.locator('postcart-overlay button.buy')).toHaveAttribute('data-product-id', POLES.productId);
    await expect.poll(async () => (await serverTags(server, UNTAGGED_POST)).map((t) => t.product_id), { timeout: 15_000 }).toEqual([POLES.productId]);
    await options.reload();
    await expect(publishing(options).getByRole('status')).toHaveText('All tag changes are published.');
    await expect(publishing(options)).toContainText(`${LABEL}: last published`);

    // Profile B, a shopper on another browser profile.
    const shopper = await launchExtension(mkdtempSync(path.join(tmpdir(), 'postcart-e2e-shopper-')));
    try {
      const shopperId = await extensionIdOf(shopper);
      const shopperOptions = await openOptions(shopper, shopperId);
      await waitForCatalog(shopperOptions);
      // Before its sync the shopper's catalog knows nothing about the new tag.
      await routeSite(shopper, IG, 'instagram', { '/': 'feed.html' });
      const before = await shopper.newPage();
      await before.goto(`${IG}/`);
      const post = (page: Page) => page.locator('article').filter({ has: page.locator(`a[href*="/p/${UNTAGGED_POST}/"]`) }).first();
      await expect(before.locator('postcart-overlay button.buy').first()).toBeVisible();
      await expect(post(before).locator('postcart-overlay button.buy')).toHaveCount(0);
      await before.close();

      await addServerSource(shopperOptions, server);
      // The shopper agrees to share anonymous stats (off until asked).
      const stats = shopperOptions.getByRole('switch', { name: 'Share anonymous shopping stats' });
      await stats.click();
      await expect(stats).toHaveAttribute('aria-checked', 'true');
      const feed = await shopper.newPage();
      await feed.goto(`${IG}/`);
      const buy = post(feed).locator('postcart-overlay button.buy');
      await expect(buy).toHaveCount(1);
      await expect(buy).toContainText('Buy · $');
      await expect(buy).toHaveAttribute('data-product-id', POLES.productId);
      // The seller's pin shows as a dot on the picture that opens the same product.
      await expect(feed.locator(`postcart-dots button.dot[data-product-id="${POLES.productId}"]`)).toHaveCount(1);
      // A shopper has no seller connection and no token anywhere.
      expect(JSON.stringify(await sendMessage(shopperOptions, { type: 'list-sources' }))).not.toContain('pct_');

      // The shopper opens the card and adds to the cart: anonymous events reach the seller's server,
      // the overlay's batch within seconds, the background's with its periodic alarm (fired now).
      await buy.click();
      const card = feed.locator('postcart-popover [role="dialog"]');
      await card.getByRole('button', { name: 'Add to cart' }).click();
      await expect(card).toContainText('Added to cart');
      const counted = async () => {
        await shopperOptions.evaluate(() => chrome.alarms.create('postcart-sync', { when: Date.now() }));
        const rows = await server.db.query<{ impressions: number; card_opens: number; add_to_carts: number }>(
          'SELECT sum(impressions)::int AS impressions, sum(card_opens)::int AS card_opens, sum(add_to_carts)::int AS add_to_carts FROM event_counts WHERE post_id = $1',
          [UNTAGGED_POST],
        );
        return rows[0];
      };
      await expect.poll(counted, { timeout: 20_000, intervals: [1000] }).toEqual({ impressions: 1, card_opens: 1, add_to_carts: 1 });
      const links = await server.db.query<{ url: string }>('SELECT url FROM post_urls WHERE post_id = $1', [UNTAGGED_POST]);
      expect(links.map((l) => l.url)).toEqual([`${IG}/p/${UNTAGGED_POST}/`]);
    } finally {
      await shopper.close();
    }
  });

  test('a tag placed while the catalog server is down is published once it is back', async ({ context, popup, extensionId }) => {
    await waitForCatalog(popup);
    const options = await openOptions(context, extensionId);
    await addServerSource(options, server);
    await connectAsSeller(options, server.tokens.get('acme')!);
    await sellerModeOn(context, extensionId);

    await server.stop();
    const postId = 'C5hIj2kLm3n';
    await savePostTags(options, postId, [{ id: null, ...POLES, x: 0.5, y: 0.5 }]);
    await options.reload();
    const section = publishing(options);
    await expect(section.getByRole('status')).toHaveText('1 tag change waiting to publish');
    await expect(section).toContainText(`Could not reach ${new URL(server.origin).host}`);

    // The popup says so too while seller mode is on.
    const popupAgain = await context.newPage();
    await popupAgain.goto(`chrome-extension://${extensionId}/popup.html`);
    await expect(popupAgain.getByText('1 tag change waiting to publish')).toBeVisible();
    await popupAgain.close();

    await server.start();
    await section.getByRole('button', { name: 'Publish now' }).click();
    await expect(section.getByRole('status')).toHaveText('All tag changes are published.');
    expect((await serverTags(server, postId)).map((t) => t.product_id)).toEqual([POLES.productId]);
  });

  test('an edit that lost to a newer version on the server is shown to the seller, who can dismiss it', async ({ context, popup, extensionId }) => {
    await waitForCatalog(popup);
    const options = await openOptions(context, extensionId);
    await addServerSource(options, server);
    await connectAsSeller(options, server.tokens.get('acme')!);
    await sellerModeOn(context, extensionId);

    // The seller's other device moves the demo tag on the server after this profile synced.
    const [before] = await serverTags(server, DEMO_TAGGED_POST);
    const stored = (await server.db.query<Record<string, unknown>>('SELECT * FROM tags WHERE id = $1', [before!.id]))[0]!;
    const moved = await fetch(`${server.origin}/v1/tags`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${server.tokens.get('acme')}` },
      body: JSON.stringify({
        ops: [{ op: 'upsert', tag: { id: stored.id, platform: 'instagram', postId: DEMO_TAGGED_POST, productId: stored.product_id, variantId: stored.variant_id, x: 0.9, y: 0.1, updatedAt: new Date().toISOString() } }],
      }),
    });
    expect(moved.status).toBe(200);

    // This profile still has the older version and moves the same tag elsewhere.
    const current = (await sendMessage(options, { type: 'get-post-tags', platform: 'instagram', postId: DEMO_TAGGED_POST })).data as TagInput[];
    expect(current.map((t) => t.id)).toContain(before!.id);
    await savePostTags(
      options,
      DEMO_TAGGED_POST,
      current.map(({ id, productId, variantId, x, y }) => (id === before!.id ? { id, productId, variantId, x: 0.15, y: 0.85 } : { id, productId, variantId, x, y })),
    );

    await options.reload();
    const section = publishing(options);
    const conflict = section.getByRole('listitem').filter({ hasText: 'Trail Jacket' });
    await expect(conflict).toContainText(`A newer version of the tag “Trail Jacket” on instagram post ${DEMO_TAGGED_POST} was already on the server; it replaced your change.`, { timeout: 15_000 });
    // The server's version won, here and there.
    const [after] = await serverTags(server, DEMO_TAGGED_POST);
    expect(after!.x).toBe(0.9);
    const local = (await sendMessage(options, { type: 'get-post-tags', platform: 'instagram', postId: DEMO_TAGGED_POST })).data as TagInput[];
    expect(local.find((t) => t.id === before!.id)).toMatchObject({ x: 0.9, y: 0.1 });
    expect(await axeFindings(options)).toEqual([]);

    await conflict.getByRole('button', { name: /^Dismiss/ }).click();
    await expect(section.getByRole('listitem').filter({ hasText: 'Trail Jacket' })).toHaveCount(0);
  });
});
