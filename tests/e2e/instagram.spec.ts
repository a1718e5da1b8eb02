import type { BrowserContext, Locator, Page } from '@playwright/test';
import { expect, fillContact, routeSite, test, waitForCatalog } from './extension';
import { axeFindings, dotsIn, editorOf, expectDotsOpenCards, marks, pct, tagTwoPinsMoveUndoSave, turnOnSellerMode } from './tagging';

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
    await expect(buyButtons(feedPost(page, 'C8xYz123abc'))).toHaveText('Buy · $129.00 −18% ★4.6 (212)');
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
    await expect(popup.locator('.pc-line-price').getByText('$129.00').first()).toBeVisible();
    await expect(popup.locator('.pc-line-price').getByText(/€/).first()).toBeVisible();
    await popup.getByLabel('Quantity of Trail Jacket').fill('2');
    await popup.getByLabel('Quantity of Trail Jacket').press('Tab');
    await expect(popup.locator('.pc-line-price').getByText('$258.00').first()).toBeVisible();

    await popup.getByRole('button', { name: 'Check out with Acme Outdoor' }).click();
    // Inline errors first.
    await popup.getByLabel('Email').fill('not-an-email');
    await popup.getByRole('button', { name: 'Place order' }).click();
    await expect(popup.getByLabel('Email')).toHaveAttribute('aria-invalid', 'true');
    await expect(popup.getByLabel('First name')).toHaveAttribute('aria-invalid', 'true');

    await fillContact(popup, 'ana.reyes@example.com');
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
    const editor = editorOf(page);
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

test.describe('Instagram reels and explore', () => {
  const MORE_ROUTES = {
    '/reels/DE9rEeLs0a1/': 'reels.html',
    // The viewer's URL follows the reel in view, so a reload asks for that reel.
    '/reels/DF4wAvEs2Rt/': 'reels.html',
    '/reel/DE9rEeLs0a1/': 'reel.html',
    '/explore/': 'explore.html',
  };

  async function open(context: BrowserContext, popup: Page, path: string): Promise<Page> {
    await waitForCatalog(popup);
    await routeSite(context, IG, 'instagram', { ...ROUTES, ...MORE_ROUTES });
    const page = await context.newPage();
    await page.goto(`${IG}${path}`);
    return page;
  }

  /** A reel of the viewer: the innermost box holding both its permalink and its video. */
  function reel(page: Page, code: string): Locator {
    return page
      .locator('main div, main article')
      .filter({ has: page.locator(`a[href$="/${code}/"] time`) })
      .filter({ has: page.locator('video') })
      .last();
  }

  /** The shortcodes of the posts that carry an overlay, read from each overlay's nearest permalink. */
  function overlaidCodes(page: Page): Promise<string[]> {
    return page.evaluate(() =>
      [...document.querySelectorAll('postcart-overlay')].map((host) => {
        for (let el = host.parentElement; el; el = el.parentElement) {
          // A tile's cell holds the tile link; a post or reel holds its timestamp permalink.
          const link = el.querySelector(':scope > a[href]') ?? el.querySelector('a[href] time')?.closest('a');
          const m = link && /\/(?:p|reel|reels)\/([\w-]+)\//.exec(link.getAttribute('href') ?? '');
          if (m) return m[1]!;
        }
        return '?';
      }),
    );
  }

  const loadMore = (page: Page) => page.evaluate(() => (window as unknown as { __igLoadMore(): number }).__igLoadMore());

  test('the reels viewer shows a buy button over the tagged reel only', async ({ context, popup }) => {
    const page = await open(context, popup, '/reels/DE9rEeLs0a1/');
    const button = buyButtons(reel(page, 'DE9rEeLs0a1'));
    await expect(button).toHaveText('Buy · $22.00');
    await expect(button).toHaveAttribute('data-product-id', 'acme:1009');
    // Over the video, not in the icon column and not after the full-height reel.
    const [buttonBox, videoBox] = [await button.boundingBox(), await reel(page, 'DE9rEeLs0a1').locator('video').boundingBox()];
    expect(buttonBox!.x).toBeGreaterThanOrEqual(videoBox!.x);
    expect(buttonBox!.y + buttonBox!.height).toBeLessThanOrEqual(videoBox!.y + videoBox!.height);
    await expect(page.locator('postcart-overlay')).toHaveCount(1);
    expect(await overlaidCodes(page)).toEqual(['DE9rEeLs0a1']);
  });

  test('scrolling the reels viewer moves the URL to the reel in view and the buttons are evaluated again', async ({ context, popup }) => {
    const page = await open(context, popup, '/reels/DE9rEeLs0a1/');
    await expect(buyButtons(reel(page, 'DE9rEeLs0a1'))).toBeVisible();
    await page.mouse.move(400, 300);
    await page.mouse.wheel(0, 700);
    await expect(page).toHaveURL(/\/reels\/DF4wAvEs2Rt\/$/);
    // The page view changed: posts were looked up again, and the tagged reel still has exactly one button.
    await page.waitForTimeout(1200);
    expect(await overlaidCodes(page)).toEqual(['DE9rEeLs0a1']);
    await page.evaluate(() => (window as unknown as { __igShowReel(code: string): string }).__igShowReel('DE9rEeLs0a1'));
    await expect(page).toHaveURL(/\/reels\/DE9rEeLs0a1\/$/);
    await page.waitForTimeout(1200);
    await expect(page.locator('postcart-overlay')).toHaveCount(1);

    // Further down, the viewer removes the first reels: the tagged reel's overlay is released.
    expect(await loadMore(page)).toBe(7);
    expect(await loadMore(page)).toBe(8);
    await expect(page.locator('postcart-overlay')).toHaveCount(0);
    expect(await page.locator('a[href="/reels/DE9rEeLs0a1/"]').count()).toBe(0);
  });

  test('a single reel page shows the button for the reel named in its URL', async ({ context, popup }) => {
    const page = await open(context, popup, '/reel/DE9rEeLs0a1/');
    await expect(page.locator('section:has(svg[aria-label="Like"]) postcart-overlay button.buy')).toHaveText('Buy · $22.00');
    await expect(page.locator('postcart-overlay')).toHaveCount(1);
  });

  test('the explore grid shows buttons on exactly the tagged tiles, and a reel tile opens in the modal with its button', async ({ context, popup }) => {
    const page = await open(context, popup, '/explore/');
    for (const href of ['/p/DA3vQx8NnB1/', '/reel/DE9rEeLs0a1/']) {
      await expect(page.locator(`a[href="${href}"] + postcart-overlay button.buy`).first(), href).toBeVisible();
    }
    await expect(page.locator('postcart-overlay')).toHaveCount(2);
    expect((await overlaidCodes(page)).sort()).toEqual(['DA3vQx8NnB1', 'DE9rEeLs0a1']);

    // Infinite scroll brings untagged tiles only.
    expect(await loadMore(page)).toBe(15);
    await page.waitForTimeout(300);
    await expect(page.locator('postcart-overlay')).toHaveCount(2);

    await page.locator('a[href="/reel/DE9rEeLs0a1/"]').click();
    await expect(page).toHaveURL(/\/reel\/DE9rEeLs0a1\/$/);
    const dialog = page.getByRole('dialog').filter({ has: page.locator('video') });
    await expect(buyButtons(dialog)).toHaveText('Buy · $22.00');
    await page.keyboard.press('Escape');
    await expect(page).toHaveURL(/\/explore\/$/);
    await expect(page.getByRole('dialog')).toHaveCount(0);
    await expect(page.locator('postcart-overlay')).toHaveCount(2);
  });

  test('a shopper adds the socks from the tagged reel to the cart and the popup lists them', async ({ context, popup }) => {
    const page = await open(context, popup, '/reels/DE9rEeLs0a1/');
    await buyButtons(reel(page, 'DE9rEeLs0a1')).click();
    const card = page.locator('postcart-popover [role="dialog"]');
    await expect(card.getByRole('heading', { name: 'Merino Hiking Socks' })).toBeVisible();
    await card.getByRole('button', { name: 'Add to cart' }).click();
    await expect(card.getByRole('status').first()).toHaveText('Added to cart');
    await popup.reload();
    await expect(popup.getByText('Merino Hiking Socks', { exact: true })).toBeVisible();
  });

  test('a seller tags an untagged reel in the viewer and the button appears at once and after a reload', async ({ context, popup }) => {
    await waitForCatalog(popup);
    await popup.getByRole('switch', { name: 'Seller mode' }).click();
    await expect(popup.getByRole('switch', { name: 'Seller mode' })).toHaveAttribute('aria-checked', 'true');
    const page = await open(context, popup, '/reels/DE9rEeLs0a1/');
    const target = reel(page, 'DF4wAvEs2Rt');
    // Bring the reel into view first, as a seller would: the URL follows it, which starts a new page view.
    await page.evaluate(() => (window as unknown as { __igShowReel(code: string): string }).__igShowReel('DF4wAvEs2Rt'));
    await expect(page).toHaveURL(/\/reels\/DF4wAvEs2Rt\/$/);
    await page.waitForTimeout(1200);
    await target.getByRole('button', { name: 'Tag product' }).click();
    const editor = editorOf(page);
    await editor.getByLabel('Search your catalog').fill('kettle');
    await editor.getByRole('button', { name: /Tetsubin Kettle/ }).first().click();
    await editor.getByRole('button', { name: 'Click the image where the product is' }).click();
    const layer = page.locator('postcart-pin-layer .pin-layer');
    await expect(layer).toBeVisible();
    const box = (await layer.boundingBox())!;
    // The editor opens over the top of the video (the tag button is there): pin below it.
    await page.mouse.click(box.x + box.width * 0.4, box.y + box.height * 0.92);
    await expect(editor.getByText(/Pin placed at 4\d% across, 9\d% down/)).toBeVisible();
    await editor.getByRole('button', { name: 'Save tag' }).click();
    await expect(buyButtons(target).first()).toContainText('Buy · ¥');

    await page.reload();
    await expect(page).toHaveURL(/\/reels\/DF4wAvEs2Rt\/$/);
    await expect(buyButtons(reel(page, 'DF4wAvEs2Rt')).first()).toContainText('Buy · ¥');
  });

  test('a merchant naming its product in a feed caption gets a buy button without a tag', async ({ context, popup }) => {
    const page = await open(context, popup, '/');
    for (let i = 0; i < 3; i++) await loadMore(page);
    const button = buyButtons(feedPost(page, 'DL4nOrThW1d'));
    await expect(button).toHaveText('Buy · £9.00 ★4.6 (100)');
    await expect(button).toHaveAttribute('data-product-id', 'northwind:4006');
    await button.click();
    await expect(page.locator('postcart-popover [role="dialog"]')).toContainText('Northwind Skincare posted this and names the product');
  });

  test('a product URL written in a feed caption, tracking and all, gets a buy button without a tag', async ({ context, popup }) => {
    const page = await open(context, popup, '/');
    for (let i = 0; i < 3; i++) await loadMore(page);
    const button = buyButtons(feedPost(page, 'DM7lInKcAp2'));
    await expect(button).toContainText('Buy · ¥1,200');
    await expect(button).toHaveAttribute('data-product-id', 'kumo-tea:3008');
    await button.click();
    await expect(page.locator('postcart-popover [role="dialog"]')).toContainText('This post links to this product');
    // Every overlay in the feed belongs to a tagged post or one of these two.
    const codes = await overlaidCodes(page);
    expect(codes.every((code) => ['DC7jRt4UaF2', 'DL4nOrThW1d', 'DM7lInKcAp2'].includes(code))).toBe(true);
  });
});

test.describe('Instagram seller tagging and shoppers’ pins', () => {
  test('a seller pins two products on a post, moves one, undoes and saves; after a reload its dots open the card', async ({ context, popup }) => {
    await waitForCatalog(popup);
    await turnOnSellerMode(popup);
    const page = await openInstagram(context, popup, '/');
    const pins = await tagTwoPinsMoveUndoSave(page, feedPost(page, 'C6aBc0dEf1g'));
    await expect(buyButtons(feedPost(page, 'C6aBc0dEf1g'))).toHaveCount(2);

    await page.reload();
    await expectDotsOpenCards(page, feedPost(page, 'C6aBc0dEf1g'), pins);
    // Opened again, the editor holds the two saved pins, numbered as on the media.
    await feedPost(page, 'C6aBc0dEf1g').getByRole('button', { name: 'Tag products' }).click();
    const editor = editorOf(page);
    await expect(editor.getByText('Pins: 2 of 20')).toBeVisible();
    await expect(marks(page)).toHaveText(['1', '2']);
    // An unsaved move survives a stray click outside and Esc; Cancel discards it.
    const first = editor.getByRole('list').getByRole('button').first();
    await first.click();
    await page.keyboard.press('ArrowUp');
    await page.mouse.click(5, 5);
    await expect(editor).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(editor).toBeVisible();
    await editor.getByRole('button', { name: 'Cancel' }).first().click();
    await expect(page.locator('postcart-popover')).toHaveCount(0);
    await expect(page.locator('postcart-pin-layer')).toHaveCount(0);
    await expect.poll(async () => (await dotsIn(page, feedPost(page, 'C6aBc0dEf1g'))).map((d) => `${pct(d.fx)},${pct(d.fy)}`).sort()).toEqual(pins.map((p) => `${pct(p.fx)},${pct(p.fy)}`).sort());
  });

  test('a keyboard-only seller tags a post: the pin starts in the middle, moves with the arrow keys, undo and save', async ({ context, popup }) => {
    await waitForCatalog(popup);
    await turnOnSellerMode(popup);
    const page = await openInstagram(context, popup, '/');
    const post = feedPost(page, 'C5hIj2kLm3n');
    const control = post.getByRole('button', { name: 'Tag products' });
    await control.focus();
    await page.keyboard.press('Enter');
    const editor = editorOf(page);
    const search = editor.getByLabel('Search your catalog');
    await expect(search).toBeFocused();
    await page.keyboard.type('napkins');
    const hit = editor.getByRole('button', { name: /Linen Napkins/ }).first();
    await expect(hit).toBeVisible();
    await page.keyboard.press('Tab');
    await expect(hit).toBeFocused();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    await expect(editor.getByLabel('Variant')).toBeFocused();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Tab');
    await expect(editor.getByRole('button', { name: 'Click the image where the product is' })).toBeFocused();
    await page.keyboard.press('Enter');
    const pin = editor.getByRole('list', { name: 'Pins: 1 of 20' }).getByRole('button');
    await expect(pin).toBeFocused();
    await expect(pin).toHaveAccessibleName('1 Linen Napkins, Set of 4 · Sable 50% across, 50% down');
    await expect(pin).toHaveAccessibleDescription(/arrow keys/);

    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Shift+ArrowDown');
    await expect(editor.getByRole('status')).toHaveText('Pin 1 moved to 53% across, 60% down');
    // One undo takes back the whole run of steps.
    await page.keyboard.press('Control+z');
    await expect(pin).toHaveAccessibleName(/ 50% across, 50% down$/);
    for (let i = 0; i < 5; i++) await page.keyboard.press('ArrowLeft');
    await expect(pin).toHaveAccessibleName(/ 45% across, 50% down$/);
    expect(await axeFindings(page, 'postcart-popover')).toEqual([]);

    const save = editor.getByRole('button', { name: 'Save tags' });
    for (let i = 0; i < 20 && !(await save.evaluate((el) => (el.getRootNode() as ShadowRoot).activeElement === el)); i++) await page.keyboard.press('Tab');
    await expect(save).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.locator('postcart-popover')).toHaveCount(0);
    await expect(control).toBeFocused();
    await expect(buyButtons(post)).toHaveText(/Buy · €42\.00/);

    await page.reload();
    const again = feedPost(page, 'C5hIj2kLm3n');
    await again.scrollIntoViewIfNeeded();
    await expect.poll(async () => (await dotsIn(page, again)).map((d) => `${pct(d.fx)},${pct(d.fy)}`)).toEqual(['45,50']);
  });

  test("on the seller's connected account their own posts offer “Tag your post” first, other posts the compact control", async ({ context, popup }) => {
    await waitForCatalog(popup);
    // A connected seller source for merchant acme (Instagram account `acme`), as the options page stores it.
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
    await turnOnSellerMode(popup);
    const page = await openInstagram(context, popup, '/');
    const own = feedPost(page, 'C8xYz123abc').locator('postcart-overlay').getByRole('button');
    await expect(own.first()).toHaveText('Tag your post');
    await expect(own.nth(1)).toHaveText(/^Buy · /);
    const other = feedPost(page, 'C9mKp2LrT4q').locator('postcart-overlay').getByRole('button');
    await expect(other.last()).toHaveText('Tag products');
    await expect(other.first()).toHaveText(/^Buy · /);
    // First in the overlay's tab order.
    await own.nth(1).focus();
    await page.keyboard.press('Shift+Tab');
    await expect(own.first()).toBeFocused();
    expect(await page.content()).not.toContain('not-for-pages');
  });

  test('shoppers see the dots of a tagged post, and not while a post modal covers the feed', async ({ context, popup }) => {
    const page = await openInstagram(context, popup, '/');
    const post = feedPost(page, 'C8xYz123abc');
    await post.scrollIntoViewIfNeeded();
    await expect.poll(async () => (await dotsIn(page, post)).map((d) => [d.label, pct(d.fx), pct(d.fy), d.onMedia])).toEqual([['Trail Jacket, $129.00', '42', '61', true]]);
    // The next post's permalink is just below: opening its modal leaves the jacket post on screen, under the backdrop.
    await feedPost(page, 'C6aBc0dEf1g').locator('a[href*="/p/C6aBc0dEf1g/"]:has(time)').click();
    await expect(page).toHaveURL(/\/p\/C6aBc0dEf1g\/$/);
    const jackets = async () => (await dotsIn(page, post)).filter((d) => d.label.startsWith('Trail Jacket')).length;
    await expect.poll(jackets).toBe(0);
    await page.keyboard.press('Escape');
    await post.scrollIntoViewIfNeeded();
    await expect.poll(jackets).toBe(1);
  });
});

test.describe('Instagram in another language', () => {
  test('a post page with its interface in Persian shows the button for its own post in its action row and none on its "More posts" tiles', async ({ context, popup }) => {
    await waitForCatalog(popup);
    await routeSite(context, IG, 'instagram', { '/p/DB5hWz0YcE7/': 'post-fa.html' });
    const page = await context.newPage();
    await page.goto(`${IG}/p/DB5hWz0YcE7/`);
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    await expect(buyButtons(page).first()).toContainText('Buy ·');
    await expect(page.locator('postcart-overlay')).toHaveCount(1);
    // In the post's own row of actions (its Save icon is labelled in Persian), not over a picture.
    const actions = page.locator('section').filter({ has: page.locator('svg[aria-label="ذخیره"]') });
    await expect(actions.locator('postcart-overlay')).toHaveCount(1);
  });
});
