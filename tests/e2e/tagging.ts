/**
 * Seller tagging and shoppers' dots, the same on every site: helpers for the per-site specs.
 * Pins are checked as percentages of the media box, the unit the editor announces them in.
 */
import type { Locator, Page } from '@playwright/test';
import { expect } from './extension';

export interface Spot {
  /** Page coordinates. */
  x: number;
  y: number;
  /** Fractions of the media box. */
  fx: number;
  fy: number;
}

export interface Product {
  query: string;
  name: RegExp;
  title: string;
}

export const NAPKINS: Product = { query: 'napkins', name: /Linen Napkins/, title: 'Linen Napkins, Set of 4' };
export const KETTLE: Product = { query: 'kettle', name: /Tetsubin Kettle/, title: 'Cast Iron Tetsubin Kettle' };

export const pct = (fraction: number): string => String(Math.round(fraction * 100));

export async function turnOnSellerMode(popup: Page): Promise<void> {
  const toggle = popup.getByRole('switch', { name: 'Seller mode' });
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-checked', 'true');
}

/** The tag editor: an extension page framed in the popover, so the page never sees the seller's keys. */
export const editorOf = (page: Page): Locator => page.locator('postcart-popover iframe.editor').contentFrame().locator('[role="dialog"]');
export const marks = (page: Page): Locator => page.locator('postcart-pin-layer .mark');

/**
 * A point of the editor's layer that is on screen, not under the editor panel, and at least 15% of
 * the media away from `avoid` (pins already there).
 */
export async function freeSpot(page: Page, avoid: Spot[]): Promise<Spot> {
  const spot = await page.evaluate((taken) => {
    const host = document.querySelector('postcart-pin-layer');
    const rect = host?.shadowRoot?.querySelector('.pin-layer')?.getBoundingClientRect();
    if (!host || !rect) return null;
    for (const fy of [0.3, 0.5, 0.7, 0.2, 0.4, 0.6, 0.8]) {
      for (const fx of [0.3, 0.6, 0.2, 0.4, 0.5, 0.7, 0.8]) {
        const [x, y] = [rect.left + rect.width * fx, rect.top + rect.height * fy];
        if (y < 0 || y > innerHeight || x < 0 || x > innerWidth) continue;
        if (taken.some((t) => Math.hypot(t.fx - fx, t.fy - fy) < 0.15)) continue;
        if (document.elementFromPoint(x, y) === host) return { x, y, fx, fy };
      }
    }
    return null;
  }, avoid);
  expect(spot, 'some of the media is free of the editor and of other pins').not.toBeNull();
  return spot!;
}

/** Searches, picks the product and clicks a free spot of the media; returns where the pin went. */
export async function placePin(page: Page, product: Product, avoid: Spot[]): Promise<Spot> {
  const editor = editorOf(page);
  await editor.getByLabel('Search your catalog').fill(product.query);
  await editor.getByRole('button', { name: product.name }).first().click();
  await editor.getByRole('button', { name: 'Click the image where the product is' }).click();
  const spot = await freeSpot(page, avoid);
  await page.mouse.click(spot.x, spot.y);
  await expect(editor.getByRole('status')).toHaveText(`Pin placed at ${pct(spot.fx)}% across, ${pct(spot.fy)}% down`);
  return spot;
}

/**
 * Tags `post` with two pins, drags the second elsewhere, undoes the drag and saves. Returns the two
 * pins as saved.
 */
export async function tagTwoPinsMoveUndoSave(page: Page, post: Locator, tagControl: Locator = post.getByRole('button', { name: 'Tag products' })): Promise<[Spot, Spot]> {
  await tagControl.click();
  const editor = editorOf(page);
  await expect(editor.getByText('Pins: 0 of 20')).toBeVisible();
  const first = await placePin(page, NAPKINS, []);
  const second = await placePin(page, KETTLE, [first]);
  await expect(marks(page)).toHaveText(['1', '2']);
  const list = editor.getByRole('list', { name: 'Pins: 2 of 20' }).getByRole('button');
  await expect(list.nth(0)).toHaveAccessibleName(`1 Linen Napkins, Set of 4 · Sauge ${pct(first.fx)}% across, ${pct(first.fy)}% down`);
  await expect(list.nth(1)).toHaveAccessibleName(new RegExp(`^2 Cast Iron Tetsubin Kettle · .* ${pct(second.fx)}% across, ${pct(second.fy)}% down$`));

  // Drag pin 2 with the pointer to another free spot.
  const target = await freeSpot(page, [first, second]);
  const grip = (await marks(page).nth(1).boundingBox())!;
  await page.mouse.move(grip.x + grip.width / 2, grip.y + grip.height / 2);
  await page.mouse.down();
  await page.mouse.move(target.x, target.y, { steps: 5 });
  await page.mouse.up();
  await expect(editor.getByRole('status')).toHaveText(`Pin 2 moved to ${pct(target.fx)}% across, ${pct(target.fy)}% down`);
  await expect(list.nth(1)).toHaveAccessibleName(new RegExp(` ${pct(target.fx)}% across, ${pct(target.fy)}% down$`));
  await expect(marks(page)).toHaveCount(2);

  await editor.getByRole('button', { name: 'Undo' }).click();
  await expect(editor.getByRole('status')).toHaveText('Undone');
  await expect(list.nth(1)).toHaveAccessibleName(new RegExp(` ${pct(second.fx)}% across, ${pct(second.fy)}% down$`));

  await editor.getByRole('button', { name: 'Save tags' }).click();
  await expect(page.locator('postcart-popover')).toHaveCount(0);
  await expect(page.locator('postcart-pin-layer')).toHaveCount(0);
  return [first, second];
}

export interface Dot {
  label: string;
  /** Centre on the page. */
  x: number;
  y: number;
  /** Fractions of the dots layer (the media box). */
  fx: number;
  fy: number;
  /** The layer covers exactly one of the post's pictures or videos. */
  onMedia: boolean;
}

/**
 * The dots a shopper can see and click whose centre lies inside `scope` (a post), in page order:
 * a dot under something else at its centre (a site modal) does not count.
 */
export async function dotsIn(page: Page, scope: Locator): Promise<Dot[]> {
  const box = await scope.boundingBox();
  if (!box) return [];
  const media = await scope.evaluate((post) => [...post.querySelectorAll('img, video')].map((el) => el.getBoundingClientRect().toJSON() as DOMRect));
  return page.evaluate(({ area, media }) => {
    const found: Dot[] = [];
    for (const host of document.querySelectorAll('postcart-dots')) {
      const layer = host.shadowRoot?.querySelector('.dots');
      if (!layer || (layer as HTMLElement).hidden) continue;
      const frame = layer.getBoundingClientRect();
      const onMedia = media.some((m) => Math.abs(m.left - frame.left) < 1.5 && Math.abs(m.top - frame.top) < 1.5 && Math.abs(m.width - frame.width) < 1.5 && Math.abs(m.height - frame.height) < 1.5);
      for (const dot of layer.querySelectorAll('.dot')) {
        const r = dot.getBoundingClientRect();
        const [x, y] = [r.left + r.width / 2, r.top + r.height / 2];
        if (x < area.x || x > area.x + area.width || y < area.y || y > area.y + area.height) continue;
        if (host.shadowRoot!.elementFromPoint(x, y) !== dot) continue;
        if (host.shadowRoot!.elementFromPoint(x, y) !== dot) continue;
        found.push({ label: dot.getAttribute('aria-label') ?? '', x, y, fx: (x - frame.left) / frame.width, fy: (y - frame.top) / frame.height, onMedia });
      }
    }
    return found;
  }, { area: box, media });
}

/** After a reload: the post shows both buy buttons and a dot where each pin was saved; a dot opens its card. */
export async function expectDotsOpenCards(page: Page, post: Locator, pins: [Spot, Spot]): Promise<void> {
  await expect(post.locator('postcart-overlay button.buy')).toHaveCount(2);
  await post.scrollIntoViewIfNeeded();
  await expect.poll(async () => (await dotsIn(page, post)).length, { message: 'two dots over the post' }).toBe(2);
  const dots = await dotsIn(page, post);
  expect(dots.map((d) => d.onMedia)).toEqual([true, true]);
  const where = (d: { fx: number; fy: number }) => `${pct(d.fx)},${pct(d.fy)}`;
  expect(dots.map(where).sort()).toEqual(pins.map(where).sort());
  const napkins = dots.find((d) => d.label.startsWith('Linen Napkins, Set of 4, '))!;
  expect(napkins.label).toMatch(/^Linen Napkins, Set of 4, €\d/);
  await page.mouse.click(napkins.x, napkins.y);
  const card = page.locator('postcart-popover [role="dialog"]');
  await expect(card.getByRole('heading', { name: 'Linen Napkins, Set of 4' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.locator('postcart-popover')).toHaveCount(0);
}

export { axeFindings } from './extension';
