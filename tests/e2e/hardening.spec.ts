/**
 * What must hold on every site, proven on the Instagram fixtures: the site's CSP, hostile page
 * scripts, accessibility, dark and right-to-left pages.
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { collectCspViolations, expect, routeSite, test, waitForCatalog } from './extension';

const IG = 'https://www.instagram.com';
const TAGGED = 'C8xYz123abc';
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

function post(page: Page, code: string) {
  return page.locator('article').filter({ has: page.locator(`a[href*="/p/${code}/"]`) }).first();
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/** Runs axe-core (injected through the debugger, which the page's CSP does not govern) on `include`. */
async function axeViolations(page: Page, include: string[][]): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(async (context) => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: AxeViolation[] }> } }).axe;
    return axe.run({ include: context }, { resultTypes: ['violations'] });
  }, include);
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

test.describe('On a hostile or unusual page', () => {
  test("the overlay's styles and images load under the site's real Content-Security-Policy", async ({ context, popup }) => {
    await waitForCatalog(popup);
    await routeSite(context, IG, 'instagram', { '/': 'feed.html' });
    const page = await context.newPage();
    const violations = await collectCspViolations(page);
    const response = await page.goto(`${IG}/`);
    expect(response?.headers()['content-security-policy']).toContain("img-src 'self' data: blob:");
    const button = post(page, TAGGED).locator('postcart-overlay button.buy');
    await expect(button).toHaveCSS('border-radius', '999px');
    await button.click();
    const image = page.locator('postcart-popover [role="dialog"] img').first();
    await expect(image).toHaveJSProperty('complete', true);
    expect(await image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    expect(await violations()).toEqual([]);
  });

  test('a page script that patches DOM prototypes, forges messages and clicks cannot add to the cart nor break the overlay', async ({ context, popup, extensionId }) => {
    await waitForCatalog(popup);
    await routeSite(context, IG, 'instagram', { '/': 'feed.html' });
    const page = await context.newPage();
    await page.addInitScript((id) => {
      // Everything a hostile page can do in its own world before and after the content script runs.
      const proto = Element.prototype as unknown as Record<string, unknown>;
      proto.attachShadow = () => {
        throw new Error('no shadow roots here');
      };
      const appendChild = Node.prototype.appendChild;
      Node.prototype.appendChild = function <T extends Node>(this: Node, node: T): T {
        if (node instanceof Element && node.localName.startsWith('postcart')) throw new Error('blocked');
        return appendChild.call(this, node) as T;
      };
      Element.prototype.append = function () {
        throw new Error('append disabled');
      };
      window.MutationObserver = undefined as unknown as typeof MutationObserver;
      const forge = () => {
        window.postMessage({ type: 'add-to-cart', productId: 'acme:1001', variantId: '40110010002', quantity: 5, trusted: true }, '*');
        const runtime = (window as unknown as { chrome?: { runtime?: { sendMessage?: (...a: unknown[]) => void } } }).chrome?.runtime;
        try {
          runtime?.sendMessage?.(id, { type: 'add-to-cart', productId: 'acme:1001', variantId: '40110010002', quantity: 5, trusted: true });
        } catch {
          // No externally_connectable: the page cannot reach the extension.
        }
        for (const host of document.querySelectorAll('postcart-overlay, postcart-popover')) {
          for (const button of host.shadowRoot?.querySelectorAll('button') ?? []) {
            button.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
            (button as HTMLButtonElement).click();
          }
        }
      };
      setInterval(forge, 50);
    }, extensionId);
    await page.goto(`${IG}/`);
    const button = post(page, TAGGED).locator('postcart-overlay button.buy');
    await expect(button).toHaveText('Buy · $129.00 −18% ★4.6 (212)');
    // Let the forgeries run for a while, then check nothing reached the cart.
    await page.waitForTimeout(1500);
    await popup.reload();
    await expect(popup.getByText('Your cart is empty')).toBeVisible();
    // A real click still works.
    await button.click();
    await expect(page.locator('postcart-popover [role="dialog"]').getByRole('heading', { name: 'Trail Jacket' })).toBeVisible();
  });

  test('the overlay, the card and the popup have no serious or critical accessibility violations', async ({ context, popup }) => {
    await waitForCatalog(popup);
    await routeSite(context, IG, 'instagram', { '/': 'feed.html' });
    const page = await context.newPage();
    await page.goto(`${IG}/`);
    const button = post(page, TAGGED).locator('postcart-overlay button.buy');
    await expect(button).toBeVisible();
    expect(await axeViolations(page, [['postcart-overlay']])).toEqual([]);
    await button.click();
    await expect(page.locator('postcart-popover [role="dialog"]')).toBeVisible();
    expect(await axeViolations(page, [['postcart-popover']])).toEqual([]);
    expect(await axeViolations(popup, [['body']])).toEqual([]);
  });

  test('a keyboard user reaches the buy button, opens the card, picks a variant and adds to the cart', async ({ context, popup }) => {
    await waitForCatalog(popup);
    await routeSite(context, IG, 'instagram', { '/': 'feed.html' });
    const page = await context.newPage();
    await page.goto(`${IG}/`);
    const button = post(page, TAGGED).locator('postcart-overlay button.buy');
    await button.focus();
    await expect(button).toBeFocused();
    await page.keyboard.press('Enter');
    const card = page.locator('postcart-popover [role="dialog"]');
    const select = card.getByRole('combobox', { name: 'Option' });
    await expect(select).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(card.getByRole('button', { name: 'Add to cart' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(card.getByRole('status').first()).toHaveText('Added to cart');
    await page.keyboard.press('Escape');
    await expect(button).toBeFocused();
  });

  test('on a dark page the card uses dark colours, and on a right-to-left page it stays on screen', async ({ context, popup }) => {
    await waitForCatalog(popup);
    await routeSite(context, IG, 'instagram', { '/': 'feed.html' });
    const page = await context.newPage();
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.addInitScript(() => {
      document.addEventListener('DOMContentLoaded', () => {
        document.documentElement.dir = 'rtl';
        document.documentElement.lang = 'fa';
        document.body.style.background = '#000';
      });
    });
    await page.goto(`${IG}/`);
    const button = post(page, TAGGED).locator('postcart-overlay button.buy');
    await button.click();
    const panel = page.locator('postcart-popover .popover');
    await expect(panel).toHaveCSS('background-color', 'rgb(29, 33, 41)');
    const box = (await panel.boundingBox())!;
    const viewport = page.viewportSize()!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(viewport.width);
    const article = (await post(page, TAGGED).boundingBox())!;
    const buttonBox = (await button.boundingBox())!;
    expect(buttonBox.x).toBeGreaterThanOrEqual(article.x);
    expect(buttonBox.x + buttonBox.width).toBeLessThanOrEqual(article.x + article.width + 1);
  });
});
