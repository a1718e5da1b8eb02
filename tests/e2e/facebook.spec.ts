import type { BrowserContext, Locator, Page } from '@playwright/test';
import { expect, routeSite, test, waitForCatalog } from './extension';
import { editorOf, expectDotsOpenCards, tagTwoPinsMoveUndoSave, turnOnSellerMode } from './tagging';

const FB = 'https://www.facebook.com';
const ID = (n: number): string => `11223344556677${String(n).padStart(2, '0')}`;
const ROUTES = {
  '/': 'feed.html',
  '/acme': 'page.html',
  '/photo/': 'photo.html',
  '/profile.php': 'profile.html',
  '/groups/kumotea.lovers/': 'group.html',
  [`/reel/${ID(4)}`]: 'reel.html',
  [`/reel/${ID(29)}`]: 'reel.html',
  [`/reel/${ID(30)}`]: 'reel.html',
};
/** Feed posts with a product: tagged (01), link-matched (05) and caption-matched (06). */
const FEED_MATCHING = [ID(1), ID(5), ID(6)];
/** Feed units without one: a hover-only permalink, the ad, a friend's photo, a suggested post, a group post. */
const FEED_OTHERS = [ID(11), ID(99), ID(12), ID(19), ID(13)];

async function openFacebook(context: BrowserContext, popup: Page, path: string): Promise<Page> {
  await waitForCatalog(popup);
  await routeSite(context, FB, 'facebook', ROUTES);
  const page = await context.newPage();
  await page.goto(`${FB}${path}`);
  return page;
}

/** The feed item, timeline post or group post that links to this post id (its timestamp, photo or comments). */
function fbPost(page: Page, id: string): Locator {
  return page.locator('div[aria-posinset], div[role="article"][aria-labelledby]').filter({ has: page.locator(`a[href*="${id}"]`) }).first();
}

function viewer(page: Page): Locator {
  return page.locator('div[role="dialog"][aria-label="Photo Viewer"]');
}

function buyButtons(scope: Locator | Page): Locator {
  return scope.locator('postcart-overlay button.buy');
}

/** Absence needs a moment: the runner has read the page once the first lookup answered. */
async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(800);
}

test.describe('Facebook', () => {
  test('the news feed shows the tagged page post with its price and rating', async ({ context, popup }) => {
    const page = await openFacebook(context, popup, '/');
    await expect(buyButtons(fbPost(page, ID(1)))).toHaveText('Buy · $69.00 ★4.4 (104)');
  });

  test('a link post whose l.facebook.com link points at a catalog product gets a buy button', async ({ context, popup }) => {
    const page = await openFacebook(context, popup, '/');
    await expect(buyButtons(fbPost(page, ID(5))).first()).toContainText('$259.00');
  });

  test("a page's post that names one of its own products gets a buy button", async ({ context, popup }) => {
    const page = await openFacebook(context, popup, '/');
    await expect(buyButtons(fbPost(page, ID(6))).first()).toContainText('€18.00');
  });

  test('the news feed shows buttons on exactly the matching posts, none on ads, suggestions or other posts', async ({ context, popup }) => {
    const page = await openFacebook(context, popup, '/');
    for (const id of FEED_MATCHING) await expect(buyButtons(fbPost(page, id)).first(), id).toBeVisible();
    for (const id of FEED_OTHERS) await expect(buyButtons(fbPost(page, id)), id).toHaveCount(0);
    const unit = (text: string) => page.locator('div[aria-posinset]').filter({ hasText: text });
    await expect(buyButtons(unit('People you may know'))).toHaveCount(0);
    await expect(buyButtons(unit('Reels and short videos'))).toHaveCount(0);
    await expect(page.locator('postcart-overlay')).toHaveCount(FEED_MATCHING.length);
  });

  test('posts loaded by infinite scroll get buttons and posts scrolled away release theirs', async ({ context, popup }) => {
    const page = await openFacebook(context, popup, '/');
    await expect(buyButtons(fbPost(page, ID(1))).first()).toBeVisible();
    await page.evaluate(() => (window as unknown as { __fbLoadMore(): number }).__fbLoadMore());
    await page.evaluate(() => (window as unknown as { __fbLoadMore(): number }).__fbLoadMore());
    // The tagged group post came in with the first batch; 01, 05 and 06 were virtualized away.
    await expect(buyButtons(fbPost(page, ID(3)))).toHaveText('Buy · ¥1,800 ★4.5 (100)');
    // Units 1 (01), 4 (05) and 6 (06) are gone from the page.
    expect(await page.evaluate(() => [1, 4, 6].filter((pos) => document.querySelector(`[aria-posinset="${pos}"]`)))).toEqual([]);
    await expect(page.locator('postcart-overlay')).toHaveCount(1);
    // Scrolling to the bottom loads more through the page's own scroll handler.
    await page.mouse.wheel(0, 100_000);
    await expect.poll(() => page.locator('div[aria-posinset]').filter({ hasText: 'From the archive, part 8.' }).count()).toBe(1);
  });

  test('the page timeline shows buttons on its tagged post and tagged photo post', async ({ context, popup }) => {
    const page = await openFacebook(context, popup, '/acme');
    await expect(buyButtons(fbPost(page, ID(1)))).toHaveText('Buy · $69.00 ★4.4 (104)');
    await expect(buyButtons(fbPost(page, ID(2)))).toHaveText('Buy · €28.00 ★4.2 (72)');
    await expect(page.locator('postcart-overlay')).toHaveCount(2);
  });

  test('a photo opened from the timeline shows its button in the viewer, and the next photo is evaluated again', async ({ context, popup }) => {
    const page = await openFacebook(context, popup, '/acme');
    await expect(page.locator('postcart-overlay')).toHaveCount(2);
    await fbPost(page, ID(2)).locator(`a[href^="/photo/?fbid=${ID(2)}"] img`).click();
    await expect(page).toHaveURL(new RegExp(`/photo/\\?fbid=${ID(2)}&set=a\\.3344556677002$`));
    await expect(buyButtons(viewer(page))).toHaveText('Buy · €28.00 ★4.2 (72)');

    // Next photo: same dialog, another photo and URL; the button goes away.
    await viewer(page).getByRole('button', { name: 'Next photo' }).click();
    await expect(page).toHaveURL(new RegExp(`fbid=${ID(22)}`));
    await expect(buyButtons(viewer(page))).toHaveCount(0);
    await viewer(page).getByRole('button', { name: 'Previous photo' }).click();
    await expect(page).toHaveURL(new RegExp(`fbid=${ID(2)}`));
    await expect(buyButtons(viewer(page))).toHaveCount(1);

    await viewer(page).getByRole('button', { name: 'Close' }).click();
    await expect(page).toHaveURL(`${FB}/acme`);
    await expect(viewer(page)).toHaveCount(0);
    await expect(page.locator('postcart-overlay')).toHaveCount(2);
  });

  test('the photo viewer loaded at its own URL shows the button of its photo only', async ({ context, popup }) => {
    const page = await openFacebook(context, popup, `/photo/?fbid=${ID(2)}&set=a.3344556677002`);
    await expect(buyButtons(viewer(page))).toHaveText('Buy · €28.00 ★4.2 (72)');
    await expect(page.locator('postcart-overlay')).toHaveCount(1);
    await page.keyboard.press('ArrowRight');
    await expect(page).toHaveURL(new RegExp(`fbid=${ID(22)}`));
    await expect(page.locator('postcart-overlay')).toHaveCount(0);
  });

  test("a person's timeline shows no buttons: nothing tagged, a product named by a non-seller, a share of a tagged post", async ({ context, popup }) => {
    const page = await openFacebook(context, popup, '/profile.php?id=100091234567890');
    await expect(fbPost(page, ID(26))).toBeVisible();
    await settle(page);
    await expect(page.locator('postcart-overlay')).toHaveCount(0);
  });

  test('a group feed in the older markup shows a button on the tagged group post only', async ({ context, popup }) => {
    const page = await openFacebook(context, popup, '/groups/kumotea.lovers/');
    await expect(buyButtons(fbPost(page, ID(3)))).toHaveText('Buy · ¥1,800 ★4.5 (100)');
    await expect(page.locator('postcart-overlay')).toHaveCount(1);
  });

  test('the reels viewer shows the tagged reel’s button over the player and evaluates the next reel again', async ({ context, popup }) => {
    const page = await openFacebook(context, popup, `/reel/${ID(4)}`);
    const player = page.locator(`[data-video-id="${ID(4)}"]`);
    await expect(buyButtons(player)).toHaveText('Buy · £18.00 ★4.4 (170)');
    // Over the player, inside its box, clear of the player's own buttons.
    const [box, button] = [await player.boundingBox(), await buyButtons(player).boundingBox()];
    expect(button!.x).toBeGreaterThanOrEqual(box!.x);
    expect(button!.y).toBeGreaterThanOrEqual(box!.y);
    expect(button!.x + button!.width).toBeLessThanOrEqual(box!.x + box!.width);
    expect(button!.y + button!.height).toBeLessThanOrEqual(box!.y + box!.height);
    for (const control of await player.locator('button, [role="button"]').all()) {
      const c = await control.boundingBox();
      // Our own pill (in its shadow root) is no control of the player.
      if (!c || !c.width || (await control.evaluate((el) => el.getRootNode() !== document))) continue;
      const overlaps = button!.x < c.x + c.width && c.x < button!.x + button!.width && button!.y < c.y + c.height && c.y < button!.y + button!.height;
      expect(overlaps, `covers ${await control.getAttribute('aria-label')}`).toBe(false);
    }

    await page.getByRole('button', { name: 'Next card' }).click();
    await expect(page).toHaveURL(`${FB}/reel/${ID(29)}`);
    await expect(page.locator(`[data-video-id="${ID(29)}"]`)).toBeVisible();
    await expect(page.locator('postcart-overlay')).toHaveCount(0);
    await page.getByRole('button', { name: 'Previous card' }).click();
    await expect(page).toHaveURL(`${FB}/reel/${ID(4)}`);
    await expect(buyButtons(page.locator(`[data-video-id="${ID(4)}"]`))).toBeVisible();
  });

  test('the buy button opens the product card and Add to cart puts the product in the popup', async ({ context, popup }) => {
    const page = await openFacebook(context, popup, '/');
    await buyButtons(fbPost(page, ID(1))).click();
    const card = page.locator('postcart-popover [role="dialog"]');
    await expect(card.getByRole('heading', { name: 'Switchback Fleece Pullover' })).toBeVisible();
    await expect(card).toContainText('by Acme Outdoor');
    await card.getByRole('button', { name: 'Add to cart' }).click();
    await expect(card.getByRole('status').first()).toHaveText('Added to cart');
    await page.keyboard.press('Escape');
    await expect(page.locator('postcart-popover')).toHaveCount(0);

    await popup.reload();
    await expect(popup.getByText('Switchback Fleece Pullover', { exact: true })).toBeVisible();
    await expect(popup.locator('.pc-line-price').getByText('$69.00').first()).toBeVisible();
  });

  test('a seller tags an untagged feed post in place and the buy button appears at once and after a reload', async ({ context, popup }) => {
    await waitForCatalog(popup);
    await popup.getByRole('switch', { name: 'Seller mode' }).click();
    await expect(popup.getByRole('switch', { name: 'Seller mode' })).toHaveAttribute('aria-checked', 'true');
    const page = await openFacebook(context, popup, '/');
    const post = fbPost(page, ID(12));
    await post.getByRole('button', { name: 'Tag product' }).click();
    const editor = editorOf(page);
    await editor.getByLabel('Search your catalog').fill('napkins');
    await editor.getByRole('button', { name: /Linen Napkins/ }).first().click();
    await expect(editor.getByLabel('Variant')).toBeVisible();
    await editor.getByRole('button', { name: 'Click the image where the product is' }).click();
    const layer = page.locator('postcart-pin-layer .pin-layer');
    await expect(layer).toBeVisible();
    // The layer follows the post's photo (not the avatar, not the whole post) while the page scrolls.
    const photo = post.locator('a[href*="fbid=2233445566771201"] img');
    await photo.scrollIntoViewIfNeeded();
    const [layerBox, photoBox] = [(await layer.boundingBox())!, (await photo.boundingBox())!];
    expect(Math.round(layerBox.width)).toBe(Math.round(photoBox.width));
    expect(Math.round(layerBox.height)).toBe(Math.round(photoBox.height));
    expect(Math.round(layerBox.y)).toBe(Math.round(photoBox.y));
    // Click a spot of the photo that the editor panel does not cover.
    const panel = (await page.locator('postcart-popover .popover').boundingBox())!;
    const viewport = page.viewportSize()!;
    const spots = [[0.3, 0.7], [0.8, 0.2], [0.2, 0.2], [0.8, 0.8], [0.5, 0.5]] as const;
    const [fx, fy] = spots.find(([fx, fy]) => {
      const x = layerBox.x + layerBox.width * fx;
      const y = layerBox.y + layerBox.height * fy;
      const underPanel = x >= panel.x && x <= panel.x + panel.width && y >= panel.y && y <= panel.y + panel.height;
      return !underPanel && y > 0 && y < viewport.height;
    })!;
    await page.mouse.click(layerBox.x + layerBox.width * fx, layerBox.y + layerBox.height * fy);
    await expect(editor.getByText(new RegExp(`Pin placed at ${Math.round(fx * 100)}% across, ${Math.round(fy * 100)}% down`))).toBeVisible();
    await editor.getByRole('button', { name: 'Save tag' }).click();
    await expect(buyButtons(post).first()).toContainText('Buy ·');

    await page.reload();
    await expect(buyButtons(fbPost(page, ID(12))).first()).toContainText('Buy ·');
  });
});

test.describe('Facebook seller tagging and shoppers’ pins', () => {
  test('a seller pins two products on a post, moves one, undoes and saves; after a reload its dots open the card', async ({ context, popup }) => {
    await waitForCatalog(popup);
    await turnOnSellerMode(popup);
    const page = await openFacebook(context, popup, '/');
    const pins = await tagTwoPinsMoveUndoSave(page, fbPost(page, ID(12)));
    await expect(buyButtons(fbPost(page, ID(12)))).toHaveCount(2);

    await page.reload();
    await expectDotsOpenCards(page, fbPost(page, ID(12)), pins);
  });
});

test.describe('Facebook in another language', () => {
  test('the news feed with its interface in Swahili shows buttons on exactly the matching posts, none on its ad or its suggestions', async ({ context, popup }) => {
    await waitForCatalog(popup);
    await routeSite(context, FB, 'facebook', { '/': 'feed-sw.html' });
    const page = await context.newPage();
    await page.goto(`${FB}/`);
    await expect(page.locator('html')).toHaveAttribute('lang', 'sw');
    await expect(buyButtons(fbPost(page, ID(1)))).toHaveText('Buy · $69.00 ★4.4 (104)');
    for (const id of FEED_MATCHING) await expect(buyButtons(fbPost(page, id)).first(), id).toBeVisible();
    for (const id of FEED_OTHERS) await expect(buyButtons(fbPost(page, id)), id).toHaveCount(0);
    const unit = (text: string) => page.locator('div[aria-posinset]').filter({ hasText: text });
    // The ad: its label is "Imedhaminiwa", scrambled among hidden letters and given whole only to screen readers.
    await expect(buyButtons(page.locator('div[aria-posinset]').filter({ has: page.locator('a[aria-label="Imedhaminiwa"]') }))).toHaveCount(0);
    await expect(buyButtons(unit('Watu unaoweza kuwajua'))).toHaveCount(0);
    await expect(buyButtons(unit('Reels na video fupi'))).toHaveCount(0);
    await expect(buyButtons(unit('Mapendekezo kwa ajili yako'))).toHaveCount(0);
    await expect(page.locator('postcart-overlay')).toHaveCount(FEED_MATCHING.length);
  });
});
