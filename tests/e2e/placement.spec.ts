/**
 * Where the overlay sits on every site: buy pills clear of the site's own controls and inside the
 * media, one line (compact where the room is short); the card and the tag editor inside the
 * viewport at a phone's and a laptop's size; the card holding the keyboard; and the reading report
 * (the popup on a page Postcart cannot read, the per-site counters in the options page).
 */
import type { BrowserContext, Page } from '@playwright/test';
import { expect, routeSite, sendMessage, test, waitForCatalog } from './extension';
import { editorOf, turnOnSellerMode } from './tagging';

interface Site {
  site: string;
  origin: string;
  path: string;
  file: string;
  /** The element a post's controls are looked for in (else the overlay's own target). */
  post: string;
  overlays: number;
}

const FEEDS: Site[] = [
  { site: 'instagram', origin: 'https://www.instagram.com', path: '/', file: 'feed.html', post: 'article', overlays: 4 },
  { site: 'instagram', origin: 'https://www.instagram.com', path: '/acme/', file: 'profile.html', post: 'a[href*="/p/"]', overlays: 2 },
  { site: 'pinterest', origin: 'https://www.pinterest.com', path: '/', file: 'home.html', post: '[data-test-id="pin"]', overlays: 5 },
  { site: 'tiktok', origin: 'https://www.tiktok.com', path: '/', file: 'foryou.html', post: '[data-e2e="recommend-list-item-container"]', overlays: 4 },
  { site: 'tiktok', origin: 'https://www.tiktok.com', path: '/@acme', file: 'profile.html', post: '[data-e2e="user-post-item"]', overlays: 1 },
  { site: 'facebook', origin: 'https://www.facebook.com', path: '/', file: 'feed.html', post: 'div[aria-posinset]', overlays: 3 },
];

async function open(context: BrowserContext, popup: Page, s: Pick<Site, 'site' | 'origin' | 'path' | 'file'>, size = { width: 1280, height: 800 }): Promise<Page> {
  await waitForCatalog(popup);
  await routeSite(context, s.origin, s.site, { [s.path]: s.file });
  const page = await context.newPage();
  await page.setViewportSize(size);
  await page.goto(`${s.origin}${s.path}`);
  return page;
}

/**
 * What is wrong with each pill on the page: covering a button of its post (any `button` or
 * `role=button` other than the clickable media itself), leaving the media (pills over it),
 * sticking out of its post sideways, taking more than one line, or having its text cut short (a full pill where a compact one fits).
 */
function pillProblems(page: Page, postSelector: string): Promise<string[]> {
  return page.evaluate((selector) => {
    const problems: string[] = [];
    const overlap = (a: DOMRect, b: DOMRect) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
    for (const host of document.querySelectorAll('postcart-overlay')) {
      const scope = host.closest(selector) ?? host.parentElement!;
      const media = [...scope.querySelectorAll('img, video')]
        .map((el) => ({ el, r: el.getBoundingClientRect() }))
        .sort((a, b) => b.r.width * b.r.height - a.r.width * a.r.height)[0];
      const controls = [...scope.querySelectorAll('button, [role="button"]')].filter((c) => !c.contains(host) && !(media && c.contains(media.el)));
      const over = getComputedStyle(host).position === 'absolute';
      for (const pill of host.shadowRoot!.querySelectorAll('button')) {
        const p = pill.getBoundingClientRect();
        const name = pill.getAttribute('aria-label') ?? pill.textContent;
        for (const control of controls) {
          const r = control.getBoundingClientRect();
          if (r.width && r.height && overlap(p, r)) problems.push(`${name} covers ${control.getAttribute('aria-label') ?? control.textContent}`);
        }
        if (over && media) {
          const m = media.r;
          if (p.left < m.left - 0.5 || p.right > m.right + 0.5 || p.top < m.top - 0.5 || p.bottom > m.bottom + 0.5) problems.push(`${name} leaves the media`);
        }
        const holder = host.parentElement!.getBoundingClientRect();
        if (p.left < holder.left - 0.5 || p.right > holder.right + 0.5) problems.push(`${name} sticks out of its post`);
        if (p.height > 36) problems.push(`${name} takes ${p.height}px: more than one line`);
        for (const text of [pill, ...pill.querySelectorAll('span')]) if (text.scrollWidth > text.clientWidth + 1) problems.push(`${name} is cut short`);
      }
    }
    return problems;
  }, postSelector);
}

test.describe('Pills clear of the site’s controls', () => {
  for (const s of FEEDS) {
    test(`on ${s.site} ${s.path} no pill covers a button of its post, leaves its media or wraps`, async ({ context, popup }) => {
      const page = await open(context, popup, s);
      await expect(page.locator('postcart-overlay')).toHaveCount(s.overlays);
      await expect(page.locator('postcart-overlay button.buy').first()).toBeVisible();
      expect(await pillProblems(page, s.post)).toEqual([]);
    });
  }

  test('on a 236 px pin whose top-end corner Save holds, the whole pill takes one line clear of Save', async ({ context, popup }) => {
    const page = await open(context, popup, FEEDS[2]!);
    const pin = page.locator('[data-test-pin-id="845269100000000001"]');
    const pill = pin.locator('postcart-overlay button.buy');
    await expect(pill).toBeVisible();
    await expect(pill).not.toHaveAttribute('data-compact');
    await expect(pill).toContainText(/^Buy · \$349\.00/);
    const [box, save] = [await pill.boundingBox(), await pin.locator('[data-test-id="quick-save-button"] button').boundingBox()];
    expect(box!.height).toBeLessThan(36);
    const clear = box!.x + box!.width <= save!.x || box!.y >= save!.y + save!.height || box!.y + box!.height <= save!.y;
    expect(clear, `pill ${JSON.stringify(box)} and Save ${JSON.stringify(save)}`).toBe(true);
  });

  test('where the site’s controls leave little room the pill is compact: the price on one line, the full text in its name', async ({ context, popup }) => {
    const page = await open(context, popup, FEEDS[2]!);
    const pin = page.locator('[data-test-pin-id="845269100000000001"]');
    const pill = pin.locator('postcart-overlay button.buy');
    await expect(pill).not.toHaveAttribute('data-compact');
    // A rail of controls down the start side of the media (as TikTok's action column), leaving about 130 px.
    await pin.locator('[data-test-id="contentLayer"]').evaluate((layer) => {
      const rail = document.createElement('div');
      rail.style.cssText = 'position:absolute;top:0;left:0;pointer-events:auto';
      rail.innerHTML = '<button type="button" aria-label="Reactions" style="display:block;width:100px;height:340px">♥</button>';
      layer.append(rail);
    });
    await expect(pill).toHaveAttribute('data-compact', '');
    await expect(pill).toHaveText('$349.00');
    await expect(pill).toHaveAccessibleName(/^Buy · \$349\.00 ★\d\.\d \(\d+\)\. .+ from Acme Outdoor, rated/);
    expect((await pill.boundingBox())!.height).toBeLessThan(36);
    await expect.poll(() => pillProblems(page, FEEDS[2]!.post)).toEqual([]);
  });

  test('where the room is wide enough the pill stays whole', async ({ context, popup }) => {
    const page = await open(context, popup, FEEDS[1]!);
    const pills = page.locator('postcart-overlay button.buy');
    await expect(pills).toHaveCount(2);
    for (const pill of await pills.all()) {
      await expect(pill).not.toHaveAttribute('data-compact');
      await expect(pill).toContainText(/^Buy · /);
    }
  });

  for (const s of [FEEDS[0]!, FEEDS[3]!, FEEDS[5]!]) {
    test(`on ${s.site} ${s.path} the pills are placed again when the window narrows to a phone’s width`, async ({ context, popup }) => {
      const page = await open(context, popup, s);
      await expect(page.locator('postcart-overlay')).toHaveCount(s.overlays);
      await page.setViewportSize({ width: 390, height: 844 });
      for (const host of await page.locator('postcart-overlay').all()) await host.scrollIntoViewIfNeeded();
      await expect.poll(() => pillProblems(page, s.post)).toEqual([]);
    });
  }

  test('controls a site adds later (on hover) move the pill clear of them', async ({ context, popup }) => {
    const page = await open(context, popup, FEEDS[2]!);
    const pin = page.locator('[data-test-pin-id="845269100000000002"]');
    await expect(pin.locator('postcart-overlay button.buy')).toBeVisible();
    // Pinterest mounts its hover layer on first hover: a board picker in the top-start corner.
    await pin.locator('[data-test-id="contentLayer"]').evaluate((layer) => {
      const picker = document.createElement('div');
      picker.style.cssText = 'position:absolute;top:12px;left:12px;pointer-events:auto';
      picker.innerHTML = '<button type="button" aria-label="Choose a board" style="padding:12px 40px">Kitchen ▾</button>';
      layer.append(picker);
    });
    await expect.poll(() => pillProblems(page, FEEDS[2]!.post)).toEqual([]);
  });
});

/** The box of the open popover panel, and whether it lies inside the viewport. */
async function panelInside(page: Page): Promise<string> {
  const panel = page.locator('postcart-popover .popover');
  await expect(panel).toBeVisible();
  // The panel is placed again in the frame after its reference moves (follow.ts); read it once it is still.
  await page.waitForFunction(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve(true)))));
  return panel.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const { clientWidth: w, clientHeight: h } = document.documentElement;
    const inside = r.left >= 0 && r.top >= 0 && r.right <= w + 0.5 && r.bottom <= h + 0.5;
    return inside ? 'inside' : `${Math.round(r.left)},${Math.round(r.top)} to ${Math.round(r.right)},${Math.round(r.bottom)} in ${w}×${h}`;
  });
}

const POPOVER_PAGES = [
  { name: 'TikTok’s video page', site: 'tiktok', origin: 'https://www.tiktok.com', path: '/@kumotea/video/7430000000000000003', file: 'video.html' },
  { name: 'Pinterest’s close-up', site: 'pinterest', origin: 'https://www.pinterest.com', path: '/pin/845269100000000003/', file: 'pin.html' },
  { name: 'Pinterest’s home feed', site: 'pinterest', origin: 'https://www.pinterest.com', path: '/', file: 'home.html' },
  { name: 'Instagram’s feed', site: 'instagram', origin: 'https://www.instagram.com', path: '/', file: 'feed.html' },
  { name: 'Facebook’s feed', site: 'facebook', origin: 'https://www.facebook.com', path: '/', file: 'feed.html' },
];

test.describe('Card and tag editor inside the viewport', () => {
  for (const p of POPOVER_PAGES) {
    test(`on ${p.name} the editor and the card stay inside 1280×800 and 390×844 (a bottom sheet there)`, async ({ context, popup }) => {
      // Two window sizes, each opening the framed editor and the card: more than the default minute on a busy machine.
      test.setTimeout(120_000);
      await waitForCatalog(popup);
      await turnOnSellerMode(popup);
      const page = await open(context, popup, p);
      for (const size of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
        await page.setViewportSize(size);
        const tag = page.locator('postcart-overlay button.tag').first();
        await tag.scrollIntoViewIfNeeded();
        await tag.click();
        // The editor is an extension page framed in the popover (keystrokes never reach the site).
        await expect(editorOf(page)).toBeVisible();
        expect(await panelInside(page), `editor at ${size.width}`).toBe('inside');
        if (size.width < 480) await expect(page.locator('postcart-popover .popover')).toHaveAttribute('data-sheet', '');
        else await expect(page.locator('postcart-popover .popover')).not.toHaveAttribute('data-sheet');
        // Closed by a click outside it, with nothing unsaved (Esc and Cancel in the editor have their own test below).
        await page.mouse.click(2, 2);
        await expect(page.locator('postcart-popover')).toHaveCount(0);

        const buy = page.locator('postcart-overlay button.buy').first();
        await buy.scrollIntoViewIfNeeded();
        await buy.click();
        await expect(page.locator('postcart-popover [role="dialog"] h2')).toBeVisible();
        expect(await panelInside(page), `card at ${size.width}`).toBe('inside');
        await page.keyboard.press('Escape');
        await expect(page.locator('postcart-popover')).toHaveCount(0);
      }
    });
  }
});

/** The element focused inside our popover, or where focus is instead. */
function focusIn(page: Page): Promise<string> {
  return page.evaluate(() => {
    const active = document.activeElement;
    if (active?.localName !== 'postcart-popover') return `page: ${active?.localName}`;
    const inner = active.shadowRoot?.activeElement;
    return inner ? (inner.getAttribute('aria-label') ?? inner.textContent?.trim() ?? inner.localName) : 'popover host';
  });
}

test.describe('The card holds the keyboard', () => {
  test('Tab and Shift+Tab cycle inside the open card, Add to cart keeps focus in it, Esc gives focus back to the pill', async ({ context, popup }) => {
    const page = await open(context, popup, FEEDS[0]!);
    const pill = page.locator('article').filter({ has: page.locator('a[href*="/p/C8xYz123abc/"]') }).first().locator('postcart-overlay button.buy');
    await pill.focus();
    await page.keyboard.press('Enter');
    const card = page.locator('postcart-popover [role="dialog"]');
    await expect(card.getByRole('heading', { name: 'Trail Jacket' })).toBeVisible();
    await expect.poll(() => focusIn(page)).not.toMatch(/^page/);

    const seen = new Set<string>();
    // More presses than the card has stops (close, variant, Add to cart, watch, chips, …).
    const presses = (await card.locator('button:visible, select:visible, a[href]:visible, input:visible, [tabindex]:visible').count()) + 2;
    for (let i = 0; i < presses; i++) {
      await page.keyboard.press('Tab');
      const where = await focusIn(page);
      expect(where, `Tab ${i + 1}`).not.toMatch(/^page|popover host/);
      seen.add(where);
    }
    // The cycle came round.
    expect(seen.has('Close')).toBe(true);
    expect(seen.has('Add to cart')).toBe(true);
    for (let i = 0; i < presses; i++) {
      await page.keyboard.press('Shift+Tab');
      expect(await focusIn(page), `Shift+Tab ${i + 1}`).not.toMatch(/^page|popover host/);
    }

    await card.getByRole('button', { name: 'Add to cart' }).focus();
    await page.keyboard.press('Enter');
    await expect(card.getByRole('status').first()).toHaveText('Added to cart');
    expect(await focusIn(page)).toBe('Add to cart');
    await page.keyboard.press('Tab');
    expect(await focusIn(page)).not.toMatch(/^page/);

    await page.keyboard.press('Escape');
    await expect(page.locator('postcart-popover')).toHaveCount(0);
    expect(await pill.evaluate((el) => (el.getRootNode() as ShadowRoot).activeElement === el && document.activeElement === (el.getRootNode() as ShadowRoot).host)).toBe(true);
  });

  test('Esc keeps the tag editor open while pins are unsaved and says so; Cancel discards them', async ({ context, popup }) => {
    await waitForCatalog(popup);
    await turnOnSellerMode(popup);
    const page = await open(context, popup, FEEDS[0]!);
    const post = page.locator('article').filter({ has: page.locator('a[href*="/p/C6aBc0dEf1g/"]') }).first();
    await post.locator('postcart-overlay button.tag').click();
    const editor = editorOf(page);
    await expect(editor.getByText('Pins: 0 of 20')).toBeVisible();
    await editor.getByLabel('Search your catalog').fill('napkins');
    await editor.getByRole('button', { name: /Linen Napkins/ }).first().click();
    // From the keyboard the pin starts in the middle of the picture.
    await editor.getByRole('button', { name: 'Click the image where the product is' }).focus();
    await page.keyboard.press('Enter');
    await expect(editor.getByText('Pins: 1 of 20')).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(editor.getByRole('status')).toHaveText('Your pins are not saved yet: save them, or Cancel to discard them');
    await expect(editor).toBeVisible();
    await editor.getByRole('button', { name: 'Cancel' }).first().click();
    await expect(page.locator('postcart-popover')).toHaveCount(0);
  });
});

test.describe('Reading report', () => {
  test('on an Instagram feed in markup no adapter knows the popup says it cannot read it, and the options page counts it until reset', async ({ context, popup, extensionId }) => {
    const page = await open(context, popup, { site: 'instagram', origin: 'https://www.instagram.com', path: '/', file: 'unreadable.html' });
    await expect
      .poll(async () => ((await sendMessage(popup, { type: 'reading-counters' })).data as { instagram?: { unreadable: number } }).instagram?.unreadable ?? 0, { timeout: 20_000 })
      .toBe(1);
    await page.bringToFront();
    await popup.reload();
    await expect(popup.getByText("Postcart can't read posts on this Instagram page yet")).toBeVisible();

    const options = await context.newPage();
    await options.goto(`chrome-extension://${extensionId}/options.html`);
    const table = options.getByRole('table', { name: 'Reading per site' });
    const row = table.getByRole('row', { name: /^Instagram/ });
    await expect(row.getByRole('cell')).toHaveText(['1', '1', '0', /^(–|.+ \d+)$/, 'never']);
    await options.getByRole('button', { name: 'Reset the counters' }).click();
    await expect(options.getByText('No pages counted yet.')).toBeVisible();
  });

  test('on a feed it reads the popup says nothing about reading, and the options page counts the posts', async ({ context, popup, extensionId }) => {
    const page = await open(context, popup, FEEDS[0]!);
    await expect(page.locator('postcart-overlay')).toHaveCount(4);
    await expect
      .poll(async () => ((await sendMessage(popup, { type: 'reading-counters' })).data as { instagram?: { pages: number } }).instagram?.pages ?? 0, { timeout: 20_000 })
      .toBe(1);
    await page.bringToFront();
    await popup.reload();
    await expect(popup.getByRole('heading', { name: 'Postcart' })).toBeVisible();
    await expect(popup.getByText(/can't read posts/)).toHaveCount(0);

    const options = await context.newPage();
    await options.goto(`chrome-extension://${extensionId}/options.html`);
    const row = options.getByRole('table', { name: 'Reading per site' }).getByRole('row', { name: /^Instagram/ });
    // Six posts read; the ad and the suggestions unit skipped.
    await expect(row.getByRole('cell')).toHaveText(['1', '0', '6', 'ads 1, suggestions 1', 'this minute']);
  });
});
