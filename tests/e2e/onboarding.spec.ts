/**
 * First run end to end: installing Postcart opens the onboarding page (and only installing does),
 * its sample post carries the real overlay with a product from the demo catalog, and the stats
 * stay off until the user says yes, there or in the popup's one-time question. Also: the seller's
 * tag editor offers only the connected seller's own products, and says so.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import { axeFindings, expect, extensionIdOf, launchExtension, routeSite, sendMessage, test, waitForCatalog } from './extension';
import { editorOf, turnOnSellerMode } from './tagging';

declare const chrome: { storage: { local: { set(items: Record<string, unknown>): Promise<void> } } };

type Settings = { sellerMode: boolean; analytics: boolean; consentAsked: boolean };

async function settingsOf(page: Page): Promise<Settings> {
  const reply = await sendMessage(page, { type: 'get-settings' });
  return reply.data as Settings;
}

/** The onboarding tab the install opened. */
async function onboardingPage(context: BrowserContext): Promise<Page> {
  const isOnboarding = (page: Page) => page.url().endsWith('/onboarding.html');
  const page = context.pages().find(isOnboarding) ?? (await context.waitForEvent('page', { predicate: isOnboarding, timeout: 20_000 }));
  await page.waitForLoadState();
  // No fades: axe measures contrast as it is now, not a button fading back from disabled.
  await page.emulateMedia({ reducedMotion: 'reduce' });
  return page;
}

test.describe('First run', () => {
  test('installing opens the onboarding page: a live demo on a sample post, stats off until the user says yes', async ({ context, extensionId }) => {
    const page = await onboardingPage(context);
    await page.setViewportSize({ width: 1280, height: 800 });
    await expect(page).toHaveURL(`chrome-extension://${extensionId}/onboarding.html`);
    await expect(page).toHaveTitle('Welcome to Postcart');
    await expect(page.getByRole('heading', { level: 1, name: 'Welcome to Postcart' })).toBeVisible();
    for (const heading of ['What Postcart does', 'Try it on a sample post', 'For sellers', 'Anonymous shopping stats']) {
      await expect(page.getByRole('heading', { level: 2, name: heading })).toBeVisible();
    }

    // The sample post gets the real buy button and dot from the demo catalog, and the real card.
    const sample = page.getByRole('article', { name: 'Sample post' });
    const buy = sample.locator('postcart-overlay button.buy');
    await expect(buy).toHaveText('Buy · $129.00 −18% ★4.6 (212)', { timeout: 20_000 });
    await expect(sample.locator('postcart-dots button.dot')).toHaveCount(1);
    await buy.click();
    const card = page.locator('postcart-popover [role="dialog"]');
    await expect(card.getByRole('heading', { name: 'Trail Jacket' })).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(card).toHaveCount(0);

    // Stats: off, and neither answer chosen beforehand.
    expect(await settingsOf(page)).toMatchObject({ sellerMode: false, analytics: false, consentAsked: false });
    const yes = page.getByRole('button', { name: 'Yes, share' });
    const no = page.getByRole('button', { name: 'No, thanks' });
    await expect(yes).toHaveAttribute('aria-pressed', 'false');
    await expect(no).toHaveAttribute('aria-pressed', 'false');
    await expect(yes).not.toBeFocused();
    await expect(no).not.toBeFocused();
    expect(await axeFindings(page)).toEqual([]);

    await yes.click();
    await expect(page.getByRole('status').filter({ hasText: 'Anonymous stats are on' })).toBeVisible();
    await expect(yes).toHaveAttribute('aria-pressed', 'true');
    expect(await settingsOf(page)).toMatchObject({ sellerMode: false, analytics: true, consentAsked: true });

    // The same choice is in the popup (as a switch) and asked there no more.
    const popup = await context.newPage();
    await popup.goto(`chrome-extension://${extensionId}/popup.html`);
    await expect(popup.getByRole('switch', { name: 'Share anonymous shopping stats' })).toHaveAttribute('aria-checked', 'true');
    await expect(popup.getByRole('heading', { name: 'Share anonymous shopping stats with the shops?' })).toHaveCount(0);
    // The popup shows no site access hint while the browser grants the sites.
    await expect(popup.getByText('cannot see posts')).toHaveCount(0);
  });

  test('the onboarding page works right to left', async ({ context }) => {
    const page = await onboardingPage(context);
    await page.setViewportSize({ width: 1000, height: 800 });
    await page.evaluate(() => (document.documentElement.dir = 'rtl'));
    const icon = await page.locator('header img').first().boundingBox();
    const heading = await page.getByRole('heading', { level: 1 }).boundingBox();
    // The icon starts the line: on the right in a right-to-left page.
    expect(icon!.x).toBeGreaterThan(heading!.x);
    const sample = await page.getByRole('article', { name: 'Sample post' }).boundingBox();
    const main = await page.locator('main').boundingBox();
    expect(Math.round(sample!.x + sample!.width)).toBe(Math.round(main!.x + main!.width));
    expect(await axeFindings(page)).toEqual([]);
  });

  test('the page opens on install only, not when the browser starts again', async () => {
    const profile = mkdtempSync(path.join(tmpdir(), 'postcart-e2e-'));
    const first = await launchExtension(profile);
    try {
      // Closed, so that the browser does not bring the tab back with the rest of the session.
      await (await onboardingPage(first)).close();
      const id = await extensionIdOf(first);
      const options = await first.newPage();
      await options.goto(`chrome-extension://${id}/options.html`);
      await waitForCatalog(options);
    } finally {
      await first.close();
    }
    const again = await launchExtension(profile);
    try {
      const id = await extensionIdOf(again);
      const page = await again.newPage();
      await page.goto(`chrome-extension://${id}/popup.html`);
      await expect(page.getByRole('switch', { name: 'Seller mode' })).toBeVisible();
      // Give a wrongly fired install event time to open its tab.
      await page.waitForTimeout(1500);
      expect(again.pages().filter((p) => p.url().endsWith('/onboarding.html'))).toEqual([]);
    } finally {
      await again.close();
    }
  });

  test('an existing user never asked is asked once in the popup, and a stored "on" nobody chose reads as off', async ({ context, popup, background }) => {
    // What earlier versions stored: analytics on by default, no question asked.
    await background.evaluate(() => chrome.storage.local.set({ settings: { sellerMode: false, analytics: true } }));
    await popup.emulateMedia({ reducedMotion: 'reduce' });
    await popup.reload();
    const question = popup.getByRole('heading', { name: 'Share anonymous shopping stats with the shops?' });
    await expect(question).toBeVisible();
    await expect(popup.getByRole('switch', { name: 'Share anonymous shopping stats' })).toHaveAttribute('aria-checked', 'false');
    expect((await settingsOf(popup)).analytics).toBe(false);
    expect(await axeFindings(popup)).toEqual([]);
    await popup.getByRole('button', { name: 'No, thanks' }).click();
    await expect(question).toHaveCount(0);
    expect(await settingsOf(popup)).toMatchObject({ sellerMode: false, analytics: false, consentAsked: true });
    await popup.reload();
    await expect(popup.getByRole('switch', { name: 'Seller mode' })).toBeVisible();
    await expect(question).toHaveCount(0);
    // Switching it on later is an answer too.
    await popup.getByRole('switch', { name: 'Share anonymous shopping stats' }).click();
    await expect.poll(async () => (await settingsOf(popup)).analytics).toBe(true);
  });
});

test.describe('The seller’s tag editor', () => {
  test('offers only the connected seller’s own products on a platform where their account is known, and says so', async ({ context, popup }) => {
    await waitForCatalog(popup);
    await turnOnSellerMode(popup);
    await routeSite(context, 'https://www.instagram.com', 'instagram', { '/': 'feed.html' });
    const page = await context.newPage();
    await page.goto('https://www.instagram.com/');
    const post = page.locator('article').filter({ has: page.locator('a[href*="/p/C6aBc0dEf1g/"]') }).first();

    // Not connected: the whole catalog, no notice.
    await post.getByRole('button', { name: 'Tag products' }).click();
    let editor = editorOf(page);
    await editor.getByLabel('Search your catalog').fill('napkins');
    await expect(editor.getByRole('button', { name: /Linen Napkins/ })).toBeVisible();
    await expect(editor.getByText(/Showing your products/)).toHaveCount(0);
    await editor.getByRole('button', { name: 'Cancel' }).first().click();

    // Connected as Acme Outdoor (Instagram account "acme" in the catalog), as the options page stores it.
    await popup.evaluate(
      () =>
        new Promise<void>((resolve, reject) => {
          const open = indexedDB.open('postcart');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const tx = open.result.transaction('sources', 'readwrite');
            tx.objectStore('sources').put({
              id: 'postcart-seller', kind: 'postcart', url: 'http://127.0.0.1:9/v1/feed', label: 'My shop', currency: null, merchant: null,
              cursor: null, etag: null, status: 'idle', progress: null, lastRun: null, error: null, failures: 0, nextAttemptAt: Date.now() + 3_600_000,
              seller: { token: 'not-for-pages', merchantId: 'acme', merchantName: 'Acme Outdoor', connectedAt: Date.now() },
            });
            tx.oncomplete = () => resolve();
            tx.onerror = () => reject(tx.error);
          };
        }),
    );
    await post.getByRole('button', { name: 'Tag products' }).click();
    editor = editorOf(page);
    const search = editor.getByLabel('Search your catalog');
    await search.fill('napkins');
    await expect(editor.getByText('Showing your products (Acme Outdoor) only')).toBeVisible();
    await expect(editor.getByText('No products match “napkins”')).toBeVisible();
    await expect(editor.getByRole('button', { name: /Linen Napkins/ })).toHaveCount(0);
    await search.fill('');
    // Every product offered is Acme's.
    await expect(editor.locator('ul.hits li').first()).toBeVisible();
    const merchants = await editor.locator('ul.hits li .muted').allInnerTexts();
    expect(merchants.length).toBeGreaterThan(0);
    expect(new Set(merchants)).toEqual(new Set(['Acme Outdoor']));
    await search.fill('jacket');
    await expect(editor.getByRole('button', { name: /Trail Jacket/ })).toBeVisible();
    await expect(search).toHaveAttribute('aria-describedby', 'postcart-tag-scope');
    expect(await page.content()).not.toContain('not-for-pages');
  });
});
