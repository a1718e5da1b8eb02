import type { BrowserContext, Locator, Page } from '@playwright/test';
import { expect, routeSite, test, waitForCatalog } from './extension';

const IG = 'https://www.instagram.com';
const ROUTES = {
  '/': 'feed.html',
  '/acme/': 'profile.html',
  '/p/DB5hWz0YcE7/': 'post.html',
};
const FEED_TAGGED = ['C8xYz123abc', 'C9mKp2LrT4q', 'DA3vQx8NnB1', 'DD1sLm9XpG6'];
const FEED_UNTAGGED = ['C6aBc0dEf1g', 'C5hIj2kLm3n', 'C4sPonSoR01'];

async function openInstagram(context: BrowserContext, popup: Page, path: string): Promise<Page> {
  await waitForCatalog(popup);
  await routeSite(context, IG, 'instagram', ROUTES);
  const page = await context.newPage();
  await page.goto(`${IG}${path}`);
  return page;
}

/** The feed article (or modal post) that carries a link to this shortcode. */
function feedPost(page: Page, code: string): Locator {
  return page.locator('article').filter({ has: page.locator(`a[href*="/p/${code}/"]`) }).first();
}

function buyButtons(scope: Locator | Page): Locator {
  return scope.locator('postcart-overlay button.buy');
}

test.describe('Instagram', () => {
  test('the home feed shows a buy button with price and rating on exactly the tagged posts', async ({ context, popup }) => {
    const page = await openInstagram(context, popup, '/');
    await expect(buyButtons(feedPost(page, 'C8xYz123abc'))).toHaveText('Buy · $129.00 ★4.6 (212)');
    for (const code of FEED_TAGGED) await expect(buyButtons(feedPost(page, code)).first(), code).toBeVisible();
    // The post showing two products gets two buttons.
    await expect(buyButtons(feedPost(page, 'DD1sLm9XpG6'))).toHaveCount(2);
    for (const code of FEED_UNTAGGED) await expect(buyButtons(feedPost(page, code)), code).toHaveCount(0);
    await expect(page.locator('postcart-overlay')).toHaveCount(FEED_TAGGED.length);
  });

  test('posts loaded by infinite scroll get buttons and posts scrolled away release theirs', async ({ context, popup }) => {
    const page = await openInstagram(context, popup, '/');
    await expect(page.locator('postcart-overlay')).toHaveCount(FEED_TAGGED.length);
    await page.evaluate(() => (window as unknown as { __igLoadMore(): void }).__igLoadMore());
    await page.evaluate(() => (window as unknown as { __igLoadMore(): void }).__igLoadMore());
    await expect(buyButtons(feedPost(page, 'DC7jRt4UaF2')).first()).toBeVisible();
    // Every overlay on the page sits inside a post that is still in the page and tagged.
    const overlayCount = await page.locator('postcart-overlay').count();
    const taggedPresent = await page.evaluate((codes) => {
      return codes.filter((code) => document.querySelector(`article a[href*="/p/${code}/"]`)).length;
    }, [...FEED_TAGGED, 'DC7jRt4UaF2']);
    // One overlay per tagged post still in the page: the ones virtualized away were released.
    expect(overlayCount).toBe(taggedPresent);
  });

  test('a profile grid shows buttons on the tagged tiles only', async ({ context, popup }) => {
    const page = await openInstagram(context, popup, '/acme/');
    for (const code of ['DA3vQx8NnB1', 'DB5hWz0YcE7']) {
      await expect(page.locator(`a[href*="/p/${code}/"] + postcart-overlay button.buy`).first(), code).toBeVisible();
    }
    await expect(page.locator('postcart-overlay')).toHaveCount(2);
  });

  test('a single post page shows the button for its own post', async ({ context, popup }) => {
    const page = await openInstagram(context, popup, '/p/DB5hWz0YcE7/');
    await expect(buyButtons(page).first()).toBeVisible();
    await expect(buyButtons(page).first()).toContainText('Buy ·');
    await expect(page.locator('postcart-overlay')).toHaveCount(1);
  });

  test('the post modal opened over the feed shows the button without a reload', async ({ context, popup }) => {
    const page = await openInstagram(context, popup, '/');
    await expect(page.locator('postcart-overlay')).toHaveCount(FEED_TAGGED.length);
    await feedPost(page, 'C9mKp2LrT4q').locator('a[href*="/p/C9mKp2LrT4q/"]:has(time)').click();
    await expect(page).toHaveURL(/\/p\/C9mKp2LrT4q\/$/);
    const dialog = page.getByRole('dialog').filter({ has: page.locator('a[href*="/p/C9mKp2LrT4q/"]') });
    await expect(buyButtons(dialog).first()).toBeVisible();
  });

  test('the buy button opens a product card that Esc and an outside click close', async ({ context, popup }) => {
    const page = await openInstagram(context, popup, '/');
    const button = buyButtons(feedPost(page, 'C8xYz123abc'));
    await button.click();
    const card = page.locator('postcart-popover [role="dialog"]');
    await expect(card.getByRole('heading', { name: 'Trail Jacket' })).toBeVisible();
    await expect(card).toContainText('by Acme Outdoor');
    await expect(card.getByTestId('card-price')).toHaveText('$129.00');
    await expect(card.locator('s')).toHaveText('$159.00');
    await expect(card.getByRole('meter')).toHaveCount(5);
    await expect(card.locator('.reviews li')).toHaveCount(3);
    await expect(card.getByRole('combobox', { name: 'Option' })).toBeVisible();
    await expect(card.locator('img').first()).toHaveJSProperty('complete', true);
    expect(await card.locator('img').first().evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);

    await page.keyboard.press('Escape');
    await expect(page.locator('postcart-popover')).toHaveCount(0);
    await expect(button).toBeFocused();

    await button.click();
    await expect(card).toBeVisible();
    await page.mouse.click(5, 5);
    await expect(page.locator('postcart-popover')).toHaveCount(0);
  });

  test('the card flips above the button at the bottom edge of the viewport', async ({ context, popup }) => {
    const page = await openInstagram(context, popup, '/');
    const button = buyButtons(feedPost(page, 'C8xYz123abc'));
    await button.scrollIntoViewIfNeeded();
    // Put the button near the bottom of the viewport.
    await button.evaluate((el) => {
      const rect = el.getBoundingClientRect();
      window.scrollBy(0, rect.bottom - window.innerHeight + 20);
    });
    await button.click();
    const panel = page.locator('postcart-popover .popover');
    await expect(panel).toHaveAttribute('data-placement', /^top/);
    const [buttonBox, panelBox] = [await button.boundingBox(), await panel.boundingBox()];
    expect(panelBox!.y + panelBox!.height).toBeLessThanOrEqual(buttonBox!.y);
  });

  test('a page script cannot add to the cart with synthetic clicks', async ({ context, popup }) => {
    const page = await openInstagram(context, popup, '/');
    const button = buyButtons(feedPost(page, 'C8xYz123abc'));
    await expect(button).toBeVisible();
    await page.evaluate(() => {
      const host = document.querySelector('postcart-overlay');
      host?.shadowRoot?.querySelector<HTMLButtonElement>('button.buy')?.click();
    });
    await expect(page.locator('postcart-popover')).toHaveCount(0);
    // Even with the card open, a scripted click on "Add to cart" does nothing.
    await button.click();
    await page.evaluate(() => {
      const host = document.querySelector('postcart-popover');
      const add = [...(host?.shadowRoot?.querySelectorAll('button') ?? [])].find((b) => b.textContent === 'Add to cart');
      add?.click();
    });
    await page.waitForTimeout(300);
    await popup.reload();
    await expect(popup.getByText('Trail Jacket', { exact: true })).toHaveCount(0);
  });

  test("the page's aggressive CSS cannot hide or restyle the overlay, and the overlay's CSS stays inside", async ({ context, popup }) => {
    const page = await openInstagram(context, popup, '/');
    const button = buyButtons(feedPost(page, 'C8xYz123abc'));
    await expect(button).toBeVisible();
    await page.addStyleTag({
      content: `* { font-family: serif !important; color: red !important; }
        button { background: red !important; font-size: 40px !important; }
        postcart-overlay, postcart-popover { display: none !important; opacity: 0 !important; }`,
    });
    await page.evaluate(() => {
      const probe = document.createElement('button');
      probe.className = 'buy popover primary';
      probe.id = 'probe';
      probe.textContent = 'page button';
      document.body.append(probe);
    });
    await expect(button).toBeVisible();
    const style = await button.evaluate((el) => {
      const s = getComputedStyle(el);
      return { fontSize: s.fontSize, background: s.backgroundColor, font: s.fontFamily };
    });
    expect(style.fontSize).toBe('13px');
    expect(style.background).not.toBe('rgb(255, 0, 0)');
    expect(style.font).toContain('system-ui');
    // Our .buy/.popover/.primary rules do not reach the page's own elements.
    const probe = await page.locator('#probe').evaluate((el) => getComputedStyle(el).borderRadius);
    expect(probe).not.toBe('999px');
    await button.click();
    await expect(page.locator('postcart-popover [role="dialog"]')).toBeVisible();
  });

  test('a shopper adds to the cart, checks out in the popup and lands on the Shopify cart permalink', async ({ context, popup }) => {
    const page = await openInstagram(context, popup, '/');
    await buyButtons(feedPost(page, 'C8xYz123abc')).click();
    const card = page.locator('postcart-popover [role="dialog"]');
    await card.getByRole('button', { name: 'Add to cart' }).click();
    await expect(card.getByRole('status').first()).toHaveText('Added to cart');
    await page.keyboard.press('Escape');

    // A second merchant in another currency, from another post.
    await buyButtons(feedPost(page, 'DA3vQx8NnB1')).first().click();
    await card.getByRole('button', { name: 'Add to cart' }).click();
    await expect(card.getByRole('status').first()).toHaveText('Added to cart');

    await popup.reload();
    await expect(popup.getByText('Trail Jacket', { exact: true })).toBeVisible();
    await expect(popup.getByText('$129.00').first()).toBeVisible();
    await expect(popup.getByText(/€/).first()).toBeVisible();
    await popup.getByLabel('Quantity of Trail Jacket').fill('2');
    await popup.getByLabel('Quantity of Trail Jacket').press('Tab');
    await expect(popup.getByText('$258.00').first()).toBeVisible();

    await popup.getByRole('button', { name: 'Check out with Acme Outdoor' }).click();
    // Inline errors first.
    await popup.getByLabel('Email').fill('not-an-email');
    await popup.getByRole('button', { name: 'Place order' }).click();
    await expect(popup.getByLabel('Email')).toHaveAttribute('aria-invalid', 'true');
    await expect(popup.getByLabel('First name')).toHaveAttribute('aria-invalid', 'true');

    await popup.getByLabel('Email').fill('ana.reyes@example.com');
    await popup.getByLabel('First name').fill('Ana');
    await popup.getByLabel('Last name').fill('Reyes');
    await popup.getByLabel('Address', { exact: true }).fill('12 Harbor St');
    await popup.getByLabel('City').fill('Portland');
    await popup.getByLabel('Country').selectOption('US');
    await popup.getByLabel('State / region').fill('OR');
    await popup.getByLabel('Postal code').fill('97201');
    const opened = context.waitForEvent('page');
    await popup.getByRole('button', { name: 'Place order' }).click();
    const store = await opened;
    await store.waitForURL(/acme\.example/);
    const url = new URL(store.url());
    expect(url.origin).toBe('https://acme.example');
    expect(url.pathname).toMatch(/^\/cart\/\d+:2$/);
    expect(url.searchParams.get('checkout[email]')).toBe('ana.reyes@example.com');
    expect(url.searchParams.get('checkout[shipping_address][first_name]')).toBe('Ana');
    expect(url.searchParams.get('checkout[shipping_address][city]')).toBe('Portland');
    expect(url.searchParams.get('checkout[shipping_address][zip]')).toBe('97201');
    expect(url.searchParams.get('ref')).toBe('postcart');
    expect(url.searchParams.get('attributes[postcart_post]')).toBe(`${IG}/p/C8xYz123abc/`);

    // The Acme lines left the cart; the other merchant's stayed; the order is in the history.
    await popup.reload();
    await expect(popup.getByText('Trail Jacket', { exact: true })).toHaveCount(0);
    await expect(popup.getByRole('button', { name: /Check out with Maison Lune/ })).toBeVisible();
    await popup.getByRole('tab', { name: 'Orders' }).click();
    const order = popup.getByRole('article', { name: 'Acme Outdoor' });
    await expect(order).toContainText('2 × Trail Jacket · M / Blue');
    await expect(order.getByRole('link', { name: 'Open checkout again' })).toHaveAttribute('href', store.url());
  });

  test('a seller tags an untagged post in place and the buy button appears at once and after a reload', async ({ context, popup }) => {
    await waitForCatalog(popup);
    await popup.getByRole('switch', { name: 'Seller mode' }).click();
    await expect(popup.getByRole('switch', { name: 'Seller mode' })).toHaveAttribute('aria-checked', 'true');
    const page = await openInstagram(context, popup, '/');
    const post = feedPost(page, 'C6aBc0dEf1g');
    await post.getByRole('button', { name: 'Tag product' }).click();
    const editor = page.locator('postcart-popover [role="dialog"]');
    await editor.getByLabel('Search your catalog').fill('napkins');
    await editor.getByRole('button', { name: /Linen Napkins/ }).first().click();
    await expect(editor.getByLabel('Variant')).toBeVisible();
    await editor.getByRole('button', { name: 'Click the image where the product is' }).click();
    const layer = page.locator('postcart-pin-layer .pin-layer');
    await expect(layer).toBeVisible();
    const box = (await layer.boundingBox())!;
    await page.mouse.click(box.x + box.width * 0.3, box.y + box.height * 0.7);
    await expect(editor.getByText(/Pin placed at 3\d% across, 7\d% down/)).toBeVisible();
    await editor.getByRole('button', { name: 'Save tag' }).click();
    await expect(buyButtons(post).first()).toContainText('Buy ·');

    await page.reload();
    await expect(buyButtons(feedPost(page, 'C6aBc0dEf1g')).first()).toContainText('Buy ·');
  });
});
