/**
 * The pseudo-locale: English rebuilt with every letter accented and 40 % longer (POSTCART_PSEUDO=1),
 * the length most translations reach. Nothing in the popup, the options page or the card may spill
 * out of its box or be clipped without "…" at that length. The spec builds its own copy of the
 * extension into tests/.artifacts (the normal build in .output is left alone).
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { expect, ROOT, sendMessage, test, waitForCatalog } from './extension';
import { openFeed, overflowing, pageWidth, taggedPost } from './i18n';

const OUT_DIR = path.join(ROOT, 'tests/.artifacts/pseudo-build');

test.use({ extensionPath: path.join(OUT_DIR, 'chrome-mv3') });

test.beforeAll(() => {
  test.setTimeout(180_000);
  execFileSync('npx', ['wxt', 'build'], { cwd: ROOT, env: { ...process.env, WXT_OUT_DIR: OUT_DIR, POSTCART_PSEUDO: '1', POSTCART_TEST_HOOKS: '1' }, stdio: 'ignore' });
});

test('at 40 % longer, the popup, the options page and the card keep every text inside its box', async ({ context, popup, extensionId }) => {
  await waitForCatalog(popup);
  const added = await sendMessage(popup, {
    type: 'add-to-cart',
    productId: 'acme:1001',
    variantId: '40110010001',
    quantity: 1,
    source: { platform: 'instagram', postId: 'C8xYz123abc', url: 'https://www.instagram.com/p/C8xYz123abc/' },
    trusted: true,
  });
  expect(added.ok).toBe(true);

  await popup.reload();
  // The pseudo-locale is what the page speaks: accented letters, brackets around each text.
  await expect(popup.getByRole('tab').first()).toContainText('[Çáŕţ');
  await expect(popup.locator('.pc-line')).toHaveCount(1);
  expect(await pageWidth(popup)).toBeLessThanOrEqual(380);
  expect(await overflowing(popup, 'body')).toEqual([]);

  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await expect(options.getByRole('heading', { level: 1 })).toHaveText(/^\[.*\]$/);
  expect(await overflowing(options, 'body')).toEqual([]);

  const page = await openFeed(context, popup);
  const button = taggedPost(page).locator('postcart-overlay button.buy');
  await expect(button).toHaveText(/^\[/);
  expect(await overflowing(page, 'postcart-overlay')).toEqual([]);
  await button.click();
  await expect(page.locator('postcart-popover [role="dialog"] h2')).toBeVisible();
  expect(await overflowing(page, 'postcart-popover')).toEqual([]);
});
