import type { BrowserContext, Locator, Page } from '@playwright/test';
import { expect, routeSite, test, waitForCatalog } from './extension';
import { editorOf, expectDotsOpenCards, tagTwoPinsMoveUndoSave, turnOnSellerMode } from './tagging';

const TT = 'https://www.tiktok.com';
const id = (n: number): string => `74300000000000000${String(n).padStart(2, '0')}`;
const ROUTES = {
  '/': 'foryou.html',
  '/foryou': 'foryou.html',
  '/@acme': 'profile.html',
  [`/@kumotea/video/${id(3)}`]: 'video.html',
  '/search': 'search.html',
};
const TAGGED = [id(1), id(2)];
/** The For You videos that must get a button: tagged, linking a product, a merchant naming its product. */
const FEED_MATCHES = [id(1), id(2), id(4), id(5)];

async function openTikTok(context: BrowserContext, popup: Page, path: string, routes: Record<string, string> = ROUTES): Promise<Page> {
  await waitForCatalog(popup);
  await routeSite(context, TT, 'tiktok', routes);
  const page = await context.newPage();
  await page.goto(`${TT}${path}`);
  return page;
}

/** The feed item whose player carries this video id. */
function feedItem(page: Page, videoId: string): Locator {
  return page.locator('[data-e2e="recommend-list-item-container"]').filter({ has: page.locator(`[id$="-${videoId}"], a[href$="/video/${videoId}"]`) });
}

function buyButtons(scope: Locator | Page): Locator {
  return scope.locator('postcart-overlay button.buy');
}

/** The browse-mode layer that opens over a grid or the feed. */
function browseMode(page: Page): Locator {
  return page.locator('#portal-root [class*="DivBrowserModeContainer"]');
}

/** The video ids of the posts that carry an overlay, read from each overlay's nearest player or permalink. */
function overlaidIds(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('postcart-overlay')].map((host) => {
      for (let el = host.parentElement; el; el = el.parentElement) {
        const player = el.querySelector('[id^="xgwrapper-"]');
        if (player) return player.id.split('-').pop()!;
        const link = el.querySelector('a[href*="/video/"], a[href*="/photo/"]');
        const m = link && /\/(?:video|photo)\/(\d+)/.exec(link.getAttribute('href') ?? '');
        if (m) return m[1]!;
      }
      return '?';
    }),
  );
}

const loadMore = (page: Page) => page.evaluate(() => (window as unknown as { __ttLoadMore(): number }).__ttLoadMore());

test.describe('TikTok', () => {
  test('the For You feed shows a buy button with price and rating on each tagged video and none on the others', async ({ context, popup }) => {
    const page = await openTikTok(context, popup, '/');
    await expect(buyButtons(feedItem(page, id(1)))).toHaveText('Buy · £22.00 ★4.3 (73)');
    await expect(buyButtons(feedItem(page, id(1)))).toHaveAttribute('data-product-id', 'northwind:4005');
    await expect(buyButtons(feedItem(page, id(2)))).toHaveText('Buy · $45.00 ★4.3 (90)');
    await expect(buyButtons(feedItem(page, id(2)))).toHaveAttribute('data-product-id', 'acme:1007');
    // The button sits under the video, not on the media card (whose clicks open the video).
    await expect(feedItem(page, id(2)).locator('section[data-e2e="feed-video"] postcart-overlay')).toHaveCount(0);
    // Untagged videos, the paid partnership, the ad, the LIVE unit and the account suggestions: nothing.
    for (const other of [id(10), id(11), id(12), id(99)]) await expect(buyButtons(feedItem(page, other)), other).toHaveCount(0);
    await expect(page.locator('article:has(a[href$="/live"]) postcart-overlay')).toHaveCount(0);
    await expect(page.locator('article:has-text("Suggested accounts") postcart-overlay')).toHaveCount(0);
    const ids = await overlaidIds(page);
    for (const tagged of TAGGED) expect(ids).toContain(tagged);
    expect(ids.every((videoId) => FEED_MATCHES.includes(videoId))).toBe(true);
  });

  test('a product URL written in a video description, tracking and all, gets a buy button without a tag', async ({ context, popup }) => {
    const page = await openTikTok(context, popup, '/');
    const button = buyButtons(feedItem(page, id(4)));
    await expect(button).toContainText('Buy · £24.00');
    await expect(button).toHaveAttribute('data-product-id', 'northwind:4004');
    await button.click();
    await expect(page.locator('postcart-popover [role="dialog"]')).toContainText('This post links to this product');
  });

  test("a merchant's own video naming its product gets a buy button without a tag", async ({ context, popup }) => {
    const page = await openTikTok(context, popup, '/');
    const button = buyButtons(feedItem(page, id(5)));
    await expect(button).toContainText('Buy · $79.00');
    await expect(button).toHaveAttribute('data-product-id', 'acme:1006');
    await button.click();
    await expect(page.locator('postcart-popover [role="dialog"]')).toContainText('Acme Outdoor posted this and names the product');
  });

  test('the For You feed has buy buttons on exactly the four matching videos', async ({ context, popup }) => {
    const page = await openTikTok(context, popup, '/');
    await expect(page.locator('postcart-overlay')).toHaveCount(FEED_MATCHES.length);
    expect((await overlaidIds(page)).sort()).toEqual([...FEED_MATCHES].sort());
  });

  test('videos loaded by infinite scroll get buttons and videos virtualised away release theirs', async ({ context, popup }) => {
    const page = await openTikTok(context, popup, '/');
    for (const tagged of TAGGED) await expect(buyButtons(feedItem(page, tagged)), tagged).toBeVisible();

    // Three more videos, the tagged teapot among them; the three oldest slots are emptied.
    expect(await loadMore(page)).toBe(10);
    await expect(buyButtons(feedItem(page, id(3)))).toHaveText('Buy · ¥12,800 ★4.6 (38)');
    await expect(page.locator(`[id$="-${id(1)}"]`)).toHaveCount(0);
    await page.waitForTimeout(300);
    let ids = await overlaidIds(page);
    expect(ids).not.toContain(id(1));
    expect(ids).toEqual(expect.arrayContaining([id(2), id(3)]));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((videoId) => [...FEED_MATCHES, id(3)].includes(videoId))).toBe(true);
    for (const untagged of [id(13), id(14)]) await expect(buyButtons(feedItem(page, untagged)), untagged).toHaveCount(0);

    // Further down, the headlamp's slot is emptied too and its overlay released.
    expect(await loadMore(page)).toBe(10);
    await expect(page.locator(`[id$="-${id(2)}"]`)).toHaveCount(0);
    await expect.poll(() => overlaidIds(page)).not.toContain(id(2));
    ids = await overlaidIds(page);
    expect(ids).toContain(id(3));
    expect(ids.every((videoId) => [id(3), id(5)].includes(videoId))).toBe(true);
  });

  test('a video opened from the feed in browse mode by pushState shows its button in the comments panel', async ({ context, popup }) => {
    const page = await openTikTok(context, popup, '/');
    await expect(buyButtons(feedItem(page, id(2)))).toBeVisible();
    await feedItem(page, id(2)).locator('section[data-e2e="feed-video"]').click({ position: { x: 169, y: 200 } });
    await expect(page).toHaveURL(`${TT}/@acme/video/${id(2)}`);
    const panel = browseMode(page).locator('[class*="DivDescriptionContentWrapper"]');
    await expect(buyButtons(panel)).toHaveText('Buy · $45.00 ★4.3 (90)');
    await page.keyboard.press('Escape');
    await expect(page).toHaveURL(`${TT}/`);
    await expect(browseMode(page)).toHaveCount(0);
    await expect(page.locator('postcart-overlay')).toHaveCount(FEED_MATCHES.length);
  });

  test('a profile grid shows the button on the tagged tile only, and the button opens the card without opening the video', async ({ context, popup }) => {
    const page = await openTikTok(context, popup, '/@acme');
    const button = page.locator('#grid-item-container-0 > postcart-overlay button.buy');
    // The tile is narrow: the pill is compact, its name keeps the full text.
    await expect(button).toContainText('$45.00');
    await expect(button).toHaveAccessibleName(/^Buy · \$45\.00 ★4\.3 \(90\)\. /);
    await expect(page.locator('postcart-overlay')).toHaveCount(1);
    expect(await overlaidIds(page)).toEqual([id(2)]);
    await button.click();
    await expect(page.locator('postcart-popover [role="dialog"]').getByRole('heading', { name: 'Lumen 400 Headlamp' })).toBeVisible();
    await expect(page).toHaveURL(`${TT}/@acme`);
    await expect(browseMode(page)).toHaveCount(0);
  });

  test('opening a tile by pushState and switching videos in browse mode evaluates the buttons again', async ({ context, popup }) => {
    const page = await openTikTok(context, popup, '/@acme');
    await expect(page.locator('postcart-overlay')).toHaveCount(1);
    await page.locator(`a[href$="/video/${id(20)}"] img`).click();
    await expect(page).toHaveURL(`${TT}/@acme/video/${id(20)}`);
    await expect(browseMode(page).locator('[data-e2e="browse-video-desc"]')).toContainText('Packing list');
    await page.waitForTimeout(1200);
    await expect(buyButtons(browseMode(page))).toHaveCount(0);

    await browseMode(page).getByRole('button', { name: 'Go to previous video' }).click();
    await expect(page).toHaveURL(`${TT}/@acme/video/${id(2)}`);
    await expect(buyButtons(browseMode(page))).toHaveText('Buy · $45.00 ★4.3 (90)');

    await browseMode(page).getByRole('button', { name: 'Go to next video' }).click();
    await expect(page).toHaveURL(`${TT}/@acme/video/${id(20)}`);
    await expect(buyButtons(browseMode(page))).toHaveCount(0);

    await browseMode(page).getByRole('button', { name: 'Close' }).click();
    await expect(page).toHaveURL(`${TT}/@acme`);
    await expect(browseMode(page)).toHaveCount(0);
    await expect(page.locator('postcart-overlay')).toHaveCount(1);
  });

  test('the video page shows one button, in the comments panel, for the video of its URL', async ({ context, popup }) => {
    const page = await openTikTok(context, popup, `/@kumotea/video/${id(3)}`);
    const panel = page.locator('[class*="DivDescriptionContentWrapper"]');
    await expect(buyButtons(panel)).toHaveText('Buy · ¥12,800 ★4.6 (38)');
    await expect(buyButtons(panel)).toHaveAttribute('data-product-id', 'kumo-tea:3004');
    // A comment links another catalog product: that is not the video's link.
    await page.waitForTimeout(1200);
    await expect(page.locator('postcart-overlay')).toHaveCount(1);
  });

  test("search results show a button on the merchant's own video naming the product and none on the others", async ({ context, popup }) => {
    const page = await openTikTok(context, popup, '/search?q=trekking%20poles');
    const cell = page.locator('[class*="DivItemContainerForSearch"]').filter({ has: page.locator(`a[href$="/video/${id(5)}"]`) });
    await expect(cell.locator('[data-e2e="search_top-item"] > postcart-overlay button.buy')).toHaveAttribute('data-product-id', 'acme:1006');
    await expect(page.locator('postcart-overlay')).toHaveCount(1);
    expect(await overlaidIds(page)).toEqual([id(5)]);

    await page.locator(`a[href$="/video/${id(28)}"] img`).click();
    await expect(page).toHaveURL(`${TT}/@ridgeline.rosa/video/${id(28)}`);
    await page.waitForTimeout(1200);
    await expect(buyButtons(browseMode(page))).toHaveCount(0);
    await page.keyboard.press('Escape');
    await expect(page).toHaveURL(`${TT}/search?q=trekking%20poles`);
    await expect(page.locator('postcart-overlay')).toHaveCount(1);
  });

  test('the 2021–22 For You markup gets buttons on its tagged, linked and merchant-named videos', async ({ context, popup }) => {
    const page = await openTikTok(context, popup, '/foryou', { '/foryou': 'foryou-2022.html' });
    await expect(buyButtons(feedItem(page, id(1)))).toHaveText('Buy · £22.00 ★4.3 (73)');
    await expect(buyButtons(feedItem(page, id(4)))).toHaveAttribute('data-product-id', 'northwind:4004');
    await expect(buyButtons(feedItem(page, id(5)))).toHaveAttribute('data-product-id', 'acme:1006');
    await expect(page.locator('postcart-overlay')).toHaveCount(3);
    expect((await overlaidIds(page)).sort()).toEqual([id(1), id(4), id(5)]);
  });

  test('a shopper adds the tagged headlamp to the cart and the popup lists it', async ({ context, popup }) => {
    const page = await openTikTok(context, popup, '/');
    await buyButtons(feedItem(page, id(2))).click();
    const card = page.locator('postcart-popover [role="dialog"]');
    await expect(card.getByRole('heading', { name: 'Lumen 400 Headlamp' })).toBeVisible();
    await expect(card).toContainText('by Acme Outdoor');
    await card.getByRole('button', { name: 'Add to cart' }).click();
    await expect(card.getByRole('status').first()).toHaveText('Added to cart');
    await popup.reload();
    await expect(popup.getByText('Lumen 400 Headlamp', { exact: true })).toBeVisible();
  });

  test('a seller tags an untagged video in the feed and the button appears at once and after a reload', async ({ context, popup }) => {
    await waitForCatalog(popup);
    await popup.getByRole('switch', { name: 'Seller mode' }).click();
    await expect(popup.getByRole('switch', { name: 'Seller mode' })).toHaveAttribute('aria-checked', 'true');
    const page = await openTikTok(context, popup, '/');
    const item = feedItem(page, id(10));
    await item.getByRole('button', { name: 'Tag product' }).click();
    const editor = editorOf(page);
    await editor.getByLabel('Search your catalog').fill('napkins');
    await editor.getByRole('button', { name: /Linen Napkins/ }).first().click();
    await expect(editor.getByLabel('Variant')).toBeVisible();
    await editor.getByRole('button', { name: 'Click the image where the product is' }).click();
    const layer = page.locator('postcart-pin-layer .pin-layer');
    await expect(layer).toBeVisible();
    const box = (await layer.boundingBox())!;
    // Pin where the layer itself is under the pointer (the editor may cover part of the video).
    const spot = await page.evaluate((b) => {
      for (const fy of [0.35, 0.25, 0.45, 0.15, 0.55, 0.65, 0.75, 0.85]) {
        for (const fx of [0.35, 0.25, 0.45, 0.15, 0.55, 0.65, 0.75]) {
          const hit = document.elementFromPoint(b.x + b.width * fx, b.y + b.height * fy);
          if (hit?.localName === 'postcart-pin-layer') return { fx, fy };
        }
      }
      return null;
    }, box);
    expect(spot).not.toBeNull();
    await page.mouse.click(box.x + box.width * spot!.fx, box.y + box.height * spot!.fy);
    await expect(editor.getByText(new RegExp(`Pin placed at ${Math.floor(spot!.fx * 10)}\\d% across, ${Math.floor(spot!.fy * 10)}\\d% down`))).toBeVisible();
    await editor.getByRole('button', { name: 'Save tag' }).click();
    await expect(buyButtons(item).first()).toContainText('Buy · €42.00');

    await page.reload();
    await expect(buyButtons(feedItem(page, id(10))).first()).toContainText('Buy · €42.00');
  });
});

test.describe('TikTok seller tagging and shoppers’ pins', () => {
  test('a seller pins two products on a video, moves one, undoes and saves; after a reload its dots open the card', async ({ context, popup }) => {
    await waitForCatalog(popup);
    await turnOnSellerMode(popup);
    const page = await openTikTok(context, popup, '/');
    const pins = await tagTwoPinsMoveUndoSave(page, feedItem(page, id(10)));
    await expect(buyButtons(feedItem(page, id(10)))).toHaveCount(2);

    await page.reload();
    await expectDotsOpenCards(page, feedItem(page, id(10)), pins);
  });
});

test.describe('TikTok in another language', () => {
  test('the For You feed with its interface in Spanish has buy buttons on exactly the four matching videos, none on the ad, the LIVE or the suggested accounts', async ({ context, popup }) => {
    const page = await openTikTok(context, popup, '/', { '/': 'foryou-es.html' });
    await expect(page.locator('html')).toHaveAttribute('lang', 'es');
    await expect(page.getByText('Patrocinado', { exact: true })).toHaveCount(1);
    await expect(page.locator('postcart-overlay')).toHaveCount(FEED_MATCHES.length);
    expect((await overlaidIds(page)).sort()).toEqual([...FEED_MATCHES].sort());
  });
});
