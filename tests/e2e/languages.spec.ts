/**
 * Postcart in the languages its sellers write in: Persian from the browser's own language
 * (`--lang=fa`) and from the options page's picker, right to left in the popup, the options page
 * and the card on a left-to-right site, with no English sentence left; Latvian and Azerbaijani
 * (which Chrome's own i18n does not know) from the picker; long titles in the popup's cart.
 */
import type { BrowserContext, Page } from '@playwright/test';
import { axeFindings, expect, sendMessage, test, waitForCatalog } from './extension';
import { chooseLanguage, latinSentences, openFeed, pageWidth, taggedPost } from './i18n';

const PERSIAN_DIGITS = /[۰-۹]/;

async function openCard(page: Page): Promise<void> {
  const button = taggedPost(page).locator('postcart-overlay button.buy');
  await button.click();
  await expect(page.locator('postcart-popover [role="dialog"] h2')).toBeVisible();
}

/** Everything a Persian user sees: popup, options page and card, right to left and in Persian. */
async function expectPersianEverywhere(context: BrowserContext, extensionId: string, page: Page): Promise<void> {
  // The card on a left-to-right site.
  expect(await page.evaluate(() => document.documentElement.dir)).not.toBe('rtl');
  const overlay = taggedPost(page).locator('postcart-overlay');
  await expect(overlay).toHaveAttribute('dir', 'rtl');
  await expect(overlay).toHaveAttribute('lang', 'fa');
  const button = overlay.locator('button.buy');
  await expect(button).toContainText('خرید');
  await expect(button).toContainText(PERSIAN_DIGITS);
  expect(await button.textContent()).not.toMatch(/[0-9]/);
  await openCard(page);
  const popover = page.locator('postcart-popover');
  await expect(popover).toHaveAttribute('dir', 'rtl');
  const card = popover.locator('[role="dialog"]');
  await expect(card.getByRole('button', { name: 'افزودن به سبد' })).toBeVisible();
  await expect(card.getByTestId('card-price')).toHaveText(PERSIAN_DIGITS);
  // The card opens on the button's inline-start side in right-to-left: its right edges line up.
  const [cardBox, buttonBox] = [(await card.boundingBox())!, (await button.boundingBox())!];
  expect(Math.abs(cardBox.x + cardBox.width - (buttonBox.x + buttonBox.width))).toBeLessThan(40);
  expect(await latinSentences(page, 'postcart-popover')).toEqual([]);
  expect(await latinSentences(page, 'postcart-overlay')).toEqual([]);
  expect(await axeFindings(page, 'postcart-popover')).toEqual([]);
  await card.getByRole('button', { name: 'افزودن به سبد' }).click();
  await expect(card.getByRole('status').first()).toHaveText('به سبد افزوده شد');

  const popup = await context.newPage();
  await popup.goto(`chrome-extension://${extensionId}/popup.html`);
  await expect(popup.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(popup.locator('html')).toHaveAttribute('lang', 'fa');
  await expect(popup.getByRole('tab', { name: /سبد خرید/ })).toBeVisible();
  await expect(popup.locator('.pc-line')).toHaveCount(1);
  // The Latin product title keeps its own direction; the price and count are in Persian digits.
  await expect(popup.locator('.pc-line-title bdi')).toHaveText('Trail Jacket');
  await expect(popup.locator('.pc-line-total')).toHaveText(PERSIAN_DIGITS);
  expect(await latinSentences(popup, 'body')).toEqual([]);
  expect(await axeFindings(popup)).toEqual([]);
  expect(await pageWidth(popup)).toBeLessThanOrEqual(380);

  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await expect(options.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(options).toHaveTitle('تنظیمات Postcart');
  await expect(options.getByRole('heading', { name: 'منابع کاتالوگ' })).toBeVisible();
  // The address field reads left to right: its "https://" placeholder is not reversed.
  await expect(options.locator('#src-url')).toHaveAttribute('dir', 'ltr');
  expect(await latinSentences(options, 'body')).toEqual([]);
  expect(await axeFindings(options)).toEqual([]);
}

test.describe('Persian from the browser’s language', () => {
  test.use({ browserLocale: 'fa' });

  test('the popup, the options page and the card are right to left and in Persian, with nothing English left', async ({ context, popup, extensionId }) => {
    const page = await openFeed(context, popup);
    await expectPersianEverywhere(context, extensionId, page);
  });
});

test.describe('The language picker', () => {
  test('turns an English browser’s Postcart Persian: the page at once, the overlay already on a site, then the popup', async ({ context, popup, extensionId }) => {
    const page = await openFeed(context, popup);
    await expect(taggedPost(page).locator('postcart-overlay button.buy')).toHaveText('Buy · $129.00 −18% ★4.6 (212)');
    const options = await chooseLanguage(context, extensionId, 'fa');
    await expect(options.locator('html')).toHaveAttribute('dir', 'rtl');
    // "Browser language" names what it means now, in its own words.
    await expect(options.locator('#pc-language option[value="browser"]')).toHaveText('زبان مرورگر (\u2068English\u2069)');
    await expect(options.getByLabel('تقویم تاریخ‌ها')).toHaveValue('gregory');
    // The content script follows the stored bundle without a reload.
    await expect(taggedPost(page).locator('postcart-overlay')).toHaveAttribute('dir', 'rtl');
    await expectPersianEverywhere(context, extensionId, page);
  });

  test('with the Solar Hijri calendar, dates in Persian are Solar Hijri', async ({ context, popup, extensionId }) => {
    await waitForCatalog(popup);
    const options = await chooseLanguage(context, extensionId, 'fa');
    await options.getByLabel('تقویم تاریخ‌ها').selectOption('persian');
    const page = await openFeed(context, popup);
    await openCard(page);
    // Review dates of the demo catalog fall in the Solar Hijri years 1403–1405.
    await expect(page.locator('postcart-popover .reviews').first()).toContainText(/۱۴۰[۳-۵]/);
    await expect(page.locator('postcart-popover .reviews').first()).not.toContainText(/۲۰۲[4-6]|202[4-6]/);
  });

  for (const { language, buy, addToCart, added, tab, heading } of [
    { language: 'lv', buy: /^Pirkt · 129,00\s\$/, addToCart: 'Ielikt grozā', added: 'Ielikts grozā', tab: /Grozs/, heading: 'Postcart iestatījumi' },
    { language: 'az', buy: /^Al · 129,00\s\$/, addToCart: 'Səbətə at', added: 'Səbətə atıldı', tab: /Səbət/, heading: 'Postcart ayarları' },
  ]) {
    test(`speaks ${language} in the card, the popup and the options page`, async ({ context, popup, extensionId }) => {
      await waitForCatalog(popup);
      const options = await chooseLanguage(context, extensionId, language);
      await expect(options.getByRole('heading', { level: 1 })).toHaveText(heading);
      await expect(options.locator('html')).toHaveAttribute('dir', 'ltr');
      expect(await latinSentences(options, 'body')).not.toContainEqual(expect.stringMatching(/Catalog|sources|Privacy/));
      expect(await axeFindings(options)).toEqual([]);

      const page = await openFeed(context, popup);
      const overlay = taggedPost(page).locator('postcart-overlay');
      await expect(overlay).toHaveAttribute('lang', language);
      await expect(overlay.locator('button.buy')).toHaveText(buy);
      await openCard(page);
      const card = page.locator('postcart-popover [role="dialog"]');
      await card.getByRole('button', { name: addToCart }).click();
      await expect(card.getByRole('status').first()).toHaveText(added);
      expect(await axeFindings(page, 'postcart-popover')).toEqual([]);

      const again = await context.newPage();
      await again.goto(`chrome-extension://${extensionId}/popup.html`);
      await expect(again.locator('html')).toHaveAttribute('lang', language);
      await expect(again.getByRole('tab', { name: tab })).toBeVisible();
      await expect(again.locator('.pc-line')).toHaveCount(1);
      expect(await axeFindings(again)).toEqual([]);
    });
  }
});

test.describe('The popup cart', () => {
  test('wraps or ends in "…" a 150-character title and variant name instead of widening the 380 px popup', async ({ popup }) => {
    await waitForCatalog(popup);
    const added = await sendMessage(popup, {
      type: 'add-to-cart',
      productId: 'acme:1001',
      variantId: '40110010001',
      quantity: 2,
      source: { platform: 'instagram', postId: 'C8xYz123abc', url: 'https://www.instagram.com/p/C8xYz123abc/' },
      trusted: true,
    });
    expect(added.ok).toBe(true);
    const long = `${'Ultralight Waterproof Three-Layer Mountaineering Shell Jacket '.repeat(3)}`.slice(0, 150);
    await popup.evaluate(
      (title) =>
        new Promise<void>((resolve, reject) => {
          const open = indexedDB.open('postcart');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const tx = open.result.transaction(['cart', 'products'], 'readwrite');
            tx.objectStore('cart').openCursor().onsuccess = (event) => {
              const cursor = (event.target as IDBRequest<IDBCursorWithValue | null>).result;
              if (!cursor) return;
              cursor.update({ ...cursor.value, title, variantTitle: `${title} / Glacier Blue`, merchantName: `${title} Outfitters` });
              cursor.continue();
            };
            // The variant picker lists the catalog's variant names: make those as long.
            const products = tx.objectStore('products');
            products.get('acme:1001').onsuccess = (event) => {
              const product = (event.target as IDBRequest<{ variants: { title: string }[] }>).result;
              products.put({ ...product, variants: product.variants.map((variant) => ({ ...variant, title: `${title} / ${variant.title}` })) });
            };
            tx.oncomplete = () => resolve();
            tx.onerror = () => reject(tx.error);
          };
        }),
      long,
    );
    await popup.reload();
    const title = popup.locator('.pc-line-title');
    await expect(title).toBeVisible();
    await expect(popup.locator('.pc-variant option').first()).toContainText('Ultralight');
    expect(await pageWidth(popup)).toBeLessThanOrEqual(380);
    const box = (await title.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(380);
    // At most three lines, then "…" (line-clamp); the whole title is its tooltip.
    expect(box.height).toBeLessThanOrEqual(3 * 21 + 2);
    await expect(title).toHaveAttribute('title', long);
  });
});
