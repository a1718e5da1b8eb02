/**
 * The product card with review insights and a same-item offer, in Debian's Chromium with the built
 * extension and its demo catalog: the Trail Jacket tagged on an Instagram post has 12 reviews held
 * (of 212) and is sold cheaper by Trailhead Supply Co. under the same GTIN.
 */
import type { Worker } from '@playwright/test';
import { expect, routeSite, test, waitForCatalog } from './extension';

const IG = 'https://www.instagram.com';
const POST = 'C8xYz123abc';

/** The stored insights rows, read in the background worker (content scripts never open IndexedDB). */
function storedInsights(background: Worker): Promise<{ productId: string; stale: number }[]> {
  return background.evaluate(
    () =>
      new Promise<{ productId: string; stale: number }[]>((resolve, reject) => {
        const open = indexedDB.open('postcart');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const all = db.transaction('insights').objectStore('insights').getAll();
          all.onerror = () => reject(all.error);
          all.onsuccess = () => {
            db.close();
            resolve((all.result as { productId: string; stale: number }[]).map(({ productId, stale }) => ({ productId, stale })));
          };
        };
      }),
  );
}

test('the card shows what reviewers say, how far to trust it and the same item cheaper at another merchant, whose card opens in place', async ({ context, popup, background }) => {
  await waitForCatalog(popup);
  // Nothing is computed before a card is opened.
  expect(await storedInsights(background)).toEqual([]);

  await routeSite(context, IG, 'instagram', { '/': 'feed.html' });
  const page = await context.newPage();
  await page.goto(`${IG}/`);
  const post = page.locator('article').filter({ has: page.locator(`a[href*="/p/${POST}/"]`) }).first();
  await post.locator('postcart-overlay button.buy').click();
  const card = page.locator('postcart-popover [role="dialog"]');
  await expect(card.getByRole('heading', { name: 'Trail Jacket' })).toBeVisible();

  // Chips: each aspect with its counts; a click opens its quotes, taken from the reviews.
  const value = card.getByRole('button', { name: /^Value · / });
  await expect(value).toHaveText('Value · 2 of 12 reviews, 2 positive');
  await expect(value).toHaveAttribute('aria-expanded', 'false');
  await value.click();
  await expect(value).toHaveAttribute('aria-expanded', 'true');
  await expect(card.locator('.quotes q')).toHaveText(['Worth it on sale', 'Great value']);

  // The method line and the trust panel, in words, no score.
  await expect(card).toContainText('From 12 of 212 reviews, on this device, by counting mentions.');
  await expect(card.getByRole('heading', { name: 'How far to trust these reviews' })).toBeVisible();
  await expect(card.locator('.trust li').first()).toHaveText('12 of 212 reviews were read; the source does not say which ones it sent.');
  await expect(card.locator('.trust li')).toHaveCount(7);
  // Debian's Chromium has no on-device Summarizer: no AI button.
  await expect(card.getByRole('button', { name: 'Summarize with on-device AI' })).toHaveCount(0);

  // The insights were computed on this first open and stored for the next.
  await expect.poll(() => storedInsights(background)).toEqual([{ productId: 'acme:1001', stale: 0 }]);

  // Same item elsewhere: Trailhead's, cheaper, shipping not included.
  const offer = card.locator('[data-tier="same"]');
  await expect(offer).toContainText('Same item');
  await expect(offer).toContainText('$119.00 at Trailhead Supply Co.');
  await expect(offer).toContainText('Save $10.00 (7.8%)');
  await expect(offer).toContainText('Shipping not included');
  await offer.getByRole('button', { name: 'View at Trailhead Supply Co.' }).click();

  // Trailhead's card in the same popover; adding from there fills the cart, and Back returns.
  await expect(card.getByRole('heading', { name: 'Acme Trail Jacket' })).toBeVisible();
  await expect(card.getByTestId('card-price')).toHaveText('$119.00');
  await card.getByRole('button', { name: 'Add to cart' }).click();
  await expect(card.getByRole('status').first()).toHaveText('Added to cart');
  await card.getByRole('button', { name: 'Back' }).click();
  await expect(card.getByRole('heading', { name: 'Trail Jacket' })).toBeVisible();

  await popup.reload();
  await expect(popup.getByText('Acme Trail Jacket', { exact: true })).toBeVisible();
  await expect(popup.locator('.pc-line-price').getByText('$119.00').first()).toBeVisible();
  await expect(popup.getByRole('button', { name: 'Check out with Trailhead Supply Co.' })).toBeVisible();
});
