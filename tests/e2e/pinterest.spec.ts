import type { BrowserContext, Locator, Page } from '@playwright/test';
import { expect, routeSite, test, waitForCatalog } from './extension';
import { expectDotsOpenCards, tagTwoPinsMoveUndoSave, turnOnSellerMode } from './tagging';

const PIN = 'https://www.pinterest.com';
const pin = (n: number): string => `8452691000000000${String(n).padStart(2, '0')}`;
const SOCKS_PIN = '845269100000000040';
const ROUTES = {
  '/': 'home.html',
  '/search/pins/': 'search.html',
  [`/pin/${pin(3)}/`]: 'pin.html',
  '/maisonlune/kitchen-table/': 'board.html',
};
/** Pin id -> the product its button must show (tagged, link-matched or caption-matched). */
const HOME_MATCHES: Record<string, string> = {
  [pin(1)]: 'acme:1004', // tagged
  [pin(2)]: 'maison-lune:2001', // tagged
  [pin(3)]: 'kumo-tea:3002', // tagged
  [pin(4)]: 'maison-lune:2007', // outbound link to the Ceramic Pitcher
  [pin(5)]: 'kumo-tea:3006', // kumoteaworks names its Hagi Yunomi Cup
};
const HOME_UNMATCHED = [pin(10), pin(11), pin(12), pin(13), pin(14), pin(15), pin(99)];

async function openPinterest(context: BrowserContext, popup: Page, path: string, origin = PIN): Promise<Page> {
  await waitForCatalog(popup);
  await routeSite(context, origin, 'pinterest', ROUTES);
  const page = await context.newPage();
  await page.goto(`${origin}${path}`);
  return page;
}

/** A grid pin by its id. */
function gridPin(page: Page, id: string): Locator {
  return page.locator(`[data-test-pin-id="${id}"]`);
}

function buyButtons(scope: Locator | Page): Locator {
  return scope.locator('postcart-overlay button.buy');
}

/** The pin ids that carry an overlay: the grid pin around it, or the close-up's own id. */
function overlaidPins(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('postcart-overlay')]
      .map((host) => {
        const card = host.closest('[data-test-pin-id]');
        if (card) return card.getAttribute('data-test-pin-id')!;
        const closeup = host.closest('[data-test-id="closeup-body"]');
        const image = closeup?.querySelector('[id^="closeup-image-container-"]');
        if (image) return image.id.replace('closeup-image-container-', '');
        const link = host.parentElement?.querySelector('a[href*="/pin/"]');
        return /\/pin\/(\d+)\//.exec(link?.getAttribute('href') ?? '')?.[1] ?? '?';
      })
      .sort(),
  );
}

const loadMore = (page: Page) => page.evaluate(() => (window as unknown as { __pinLoadMore(): number }).__pinLoadMore());

test.describe('Pinterest', () => {
  test('the home feed shows buy buttons on the tagged, link-matched and caption-matched pins and nowhere else', async ({ context, popup }) => {
    const page = await openPinterest(context, popup, '/');
    for (const [id, product] of Object.entries(HOME_MATCHES)) {
      await expect(buyButtons(gridPin(page, id)), id).toHaveAttribute('data-product-id', product);
    }
    await expect(buyButtons(gridPin(page, pin(1)))).toContainText(/^Buy · \$349\.00/);
    for (const id of HOME_UNMATCHED) await expect(buyButtons(gridPin(page, id)), id).toHaveCount(0);
    await expect(page.locator('postcart-overlay')).toHaveCount(5);
    expect(await overlaidPins(page)).toEqual(Object.keys(HOME_MATCHES).sort());
    // The overlay sits on the picture, outside the pin link.
    expect(await page.locator('postcart-overlay').evaluateAll((hosts) => hosts.filter((host) => host.closest('a')).length)).toBe(0);
  });

  test('infinite scroll adds a button to a new matching pin and releases the overlays of pins scrolled away', async ({ context, popup }) => {
    const page = await openPinterest(context, popup, '/');
    await expect(page.locator('postcart-overlay')).toHaveCount(5);
    expect(await loadMore(page)).toBe(16);
    expect(await loadMore(page)).toBe(16);
    await expect(buyButtons(gridPin(page, SOCKS_PIN))).toHaveAttribute('data-product-id', 'acme:1009');
    await expect(gridPin(page, pin(1))).toHaveCount(0);
    await expect(gridPin(page, pin(4))).toHaveCount(0);
    await expect(page.locator('postcart-overlay')).toHaveCount(4);
    expect(await overlaidPins(page)).toEqual([pin(2), pin(3), pin(5), SOCKS_PIN].sort());
  });

  test('opening a pin from the feed navigates by pushState, the close-up gets its button, and Back brings the feed buttons back', async ({ context, popup }) => {
    const page = await openPinterest(context, popup, '/');
    await expect(page.locator('postcart-overlay')).toHaveCount(5);
    await gridPin(page, pin(4)).locator(`a[href="/pin/${pin(4)}/"]`).first().click();
    await expect(page).toHaveURL(`${PIN}/pin/${pin(4)}/`);
    const closeup = page.locator('[data-test-id="closeup-body"]');
    await expect(buyButtons(closeup)).toHaveAttribute('data-product-id', 'maison-lune:2007');
    await expect(page.locator('[data-test-id="closeupActionBar"] postcart-overlay')).toHaveCount(1);
    await expect(page.locator('postcart-overlay')).toHaveCount(1);

    await page.goBack();
    await expect(page).toHaveURL(`${PIN}/`);
    await expect(closeup).toHaveCount(0);
    await expect(page.locator('postcart-overlay')).toHaveCount(5);
    expect(await overlaidPins(page)).toEqual(Object.keys(HOME_MATCHES).sort());
  });

  test('search results show buttons on the caption-matched and link-matched pins only', async ({ context, popup }) => {
    const page = await openPinterest(context, popup, '/search/pins/?q=yunomi&rs=typed');
    await expect(buyButtons(gridPin(page, pin(5)))).toHaveAttribute('data-product-id', 'kumo-tea:3006');
    // The outbound link is wrapped in /offsite/?url=… here.
    await expect(buyButtons(gridPin(page, pin(4)))).toHaveAttribute('data-product-id', 'maison-lune:2007');
    await expect(page.locator('postcart-overlay')).toHaveCount(2);
    // A shopper naming the cup, the merchant's pin without a product and the promoted pin get nothing.
    for (const id of [pin(27), pin(28), pin(99)]) await expect(buyButtons(gridPin(page, id)), id).toHaveCount(0);
    expect(await overlaidPins(page)).toEqual([pin(4), pin(5)].sort());
  });

  test('a country host such as in.pinterest.com gets the same buttons', async ({ context, popup }) => {
    const page = await openPinterest(context, popup, '/search/pins/?q=yunomi&rs=typed', 'https://in.pinterest.com');
    await expect(buyButtons(gridPin(page, pin(5)))).toHaveAttribute('data-product-id', 'kumo-tea:3006');
    await expect(page.locator('postcart-overlay')).toHaveCount(2);
  });

  test('the pin close-up page shows the button for its own pin below the action bar and none on related pins', async ({ context, popup }) => {
    const page = await openPinterest(context, popup, `/pin/${pin(3)}/`);
    const button = page.locator('[data-test-id="closeupActionBar"] postcart-overlay button.buy');
    await expect(button).toHaveAttribute('data-product-id', 'kumo-tea:3002');
    await expect(button).toContainText('Buy ·');
    await expect(page.locator('postcart-overlay')).toHaveCount(1);
  });

  test('a board in the older markup shows the button on the tagged pin only', async ({ context, popup }) => {
    const page = await openPinterest(context, popup, '/maisonlune/kitchen-table/');
    await expect(buyButtons(gridPin(page, pin(2)))).toHaveAttribute('data-product-id', 'maison-lune:2001');
    await expect(page.locator('postcart-overlay')).toHaveCount(1);
    expect(await overlaidPins(page)).toEqual([pin(2)]);
  });

  test('the buy button opens the product card without opening the pin, and Add to cart puts the product in the cart', async ({ context, popup }) => {
    const page = await openPinterest(context, popup, '/');
    await buyButtons(gridPin(page, pin(5))).click();
    const card = page.locator('postcart-popover [role="dialog"]');
    await expect(card.getByRole('heading', { name: 'Hagi Yunomi Cup' })).toBeVisible();
    await expect(page).toHaveURL(`${PIN}/`);
    await card.getByRole('button', { name: 'Add to cart' }).click();
    await expect(card.getByRole('status').first()).toHaveText('Added to cart');
    await page.keyboard.press('Escape');
    await expect(page.locator('postcart-popover')).toHaveCount(0);

    await popup.reload();
    await expect(popup.getByText('Hagi Yunomi Cup', { exact: true })).toBeVisible();
  });

  test('a seller tags an untagged pin in place and the button appears at once and after a reload', async ({ context, popup }) => {
    await waitForCatalog(popup);
    await popup.getByRole('switch', { name: 'Seller mode' }).click();
    await expect(popup.getByRole('switch', { name: 'Seller mode' })).toHaveAttribute('aria-checked', 'true');
    const page = await openPinterest(context, popup, '/');
    const target = gridPin(page, pin(10));
    await target.getByRole('button', { name: 'Tag product' }).click();
    const editor = page.locator('postcart-popover [role="dialog"]');
    await editor.getByLabel('Search your catalog').fill('napkins');
    await editor.getByRole('button', { name: /Linen Napkins/ }).first().click();
    await expect(editor.getByLabel('Variant')).toBeVisible();
    await editor.getByRole('button', { name: 'Click the image where the product is' }).click();
    const layer = page.locator('postcart-pin-layer .pin-layer');
    await expect(layer).toBeVisible();
    // On a grid pin the editor opens over part of the picture: click where the layer is on top.
    const point = await page.evaluate(() => {
      const host = document.querySelector('postcart-pin-layer');
      const rect = host?.shadowRoot?.querySelector('.pin-layer')?.getBoundingClientRect();
      if (!host || !rect) return null;
      for (let fy = 0.9; fy > 0; fy -= 0.05) {
        for (let fx = 0.5; fx < 1; fx += 0.1) {
          const [x, y] = [rect.left + rect.width * fx, rect.top + rect.height * fy];
          if (document.elementFromPoint(x, y) === host) return { x, y };
        }
      }
      return null;
    });
    expect(point, 'some of the picture is not covered by the editor').not.toBeNull();
    await page.mouse.click(point!.x, point!.y);
    await expect(editor.getByText(/Pin placed at \d+% across, \d+% down/)).toBeVisible();
    await editor.getByRole('button', { name: 'Save tag' }).click();
    await expect(buyButtons(target).first()).toContainText('Buy ·');
    await expect(page).toHaveURL(`${PIN}/`);

    await page.reload();
    await expect(buyButtons(gridPin(page, pin(10))).first()).toContainText('Buy ·');
    await expect(buyButtons(gridPin(page, pin(10))).first()).toHaveAttribute('data-product-id', 'maison-lune:2006');
  });
});

test.describe('Pinterest seller tagging and shoppers’ pins', () => {
  test('a seller pins two products on a pin, moves one, undoes and saves; after a reload its dots open the card', async ({ context, popup }) => {
    await waitForCatalog(popup);
    await turnOnSellerMode(popup);
    const page = await openPinterest(context, popup, '/');
    const pins = await tagTwoPinsMoveUndoSave(page, gridPin(page, pin(10)));
    await expect(buyButtons(gridPin(page, pin(10)))).toHaveCount(2);

    await page.reload();
    await expectDotsOpenCards(page, gridPin(page, pin(10)), pins);
  });
});

test.describe('Pinterest in another language', () => {
  test('the home feed with its interface in Tagalog shows buy buttons on the matching pins and nowhere else', async ({ context, popup }) => {
    await waitForCatalog(popup);
    await routeSite(context, PIN, 'pinterest', { '/': 'home-fil.html' });
    const page = await context.newPage();
    await page.goto(`${PIN}/`);
    await expect(page.locator('html')).toHaveAttribute('lang', 'fil');
    await expect(page.locator('[title="Inisponsor"]')).toHaveCount(1);
    for (const [id, product] of Object.entries(HOME_MATCHES)) {
      await expect(buyButtons(gridPin(page, id)), id).toHaveAttribute('data-product-id', product);
    }
    for (const id of HOME_UNMATCHED) await expect(buyButtons(gridPin(page, id)), id).toHaveCount(0);
    await expect(page.locator('postcart-overlay')).toHaveCount(5);
    expect(await overlaidPins(page)).toEqual(Object.keys(HOME_MATCHES).sort());
  });
});
