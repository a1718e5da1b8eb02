/**
 * Helpers for the language tests: what a page says outside catalog data, whether anything spills
 * out of its box, and choosing a language in the options page.
 */
import type { BrowserContext, Page } from '@playwright/test';
import { expect, routeSite, waitForCatalog } from './extension';

export const IG = 'https://www.instagram.com';
export const TAGGED = 'C8xYz123abc';

/** Names that are the same in every language (brands, file formats) and may sit in any sentence. */
const NAMES = ['Google Merchant Center', 'Postcart', 'Shopify', 'Instagram', 'Pinterest', 'TikTok', 'Facebook', 'CSV', 'JSON', 'SKU', 'GTIN', 'UTC'];

/**
 * Runs of three or more Latin words in what the page itself says (text, accessible names,
 * titles, placeholders) under `selector`, shadow roots included. Catalog data is left out: it is
 * in <bdi>, in `dir="auto"` blocks, in another `lang`, or isolated (FSI…PDI) inside a sentence.
 */
export async function latinSentences(page: Page, selector: string): Promise<string[]> {
  return page.evaluate(
    ({ selector, names }) => {
      const texts: string[] = [];
      const language = document.documentElement.lang;
      const walk = (node: Node, lang: string): void => {
        if (node.nodeType === Node.TEXT_NODE) {
          texts.push(node.textContent ?? '');
          return;
        }
        if (node instanceof Element) {
          const tag = node.localName;
          if (tag === 'script' || tag === 'style' || tag === 'bdi' || node.getAttribute('dir') === 'auto') return;
          const own = node.getAttribute('lang') ?? lang;
          if (own !== lang) return;
          for (const attribute of ['aria-label', 'title', 'placeholder']) {
            const value = node.getAttribute(attribute);
            if (value) texts.push(value);
          }
          if (node.shadowRoot) for (const child of node.shadowRoot.childNodes) walk(child, node.getAttribute('lang') ?? lang);
        }
        for (const child of node.childNodes) walk(child, lang);
      };
      for (const root of document.querySelectorAll(selector)) walk(root, root.getAttribute('lang') ?? language);
      const sentence = /[A-Za-z][a-z]+(?:[ ,'’-]+[A-Za-z][a-z]+){2,}/g;
      return texts
        .map((text) => names.reduce((rest, name) => rest.replaceAll(name, ' '), text.replace(/\u2068[^\u2069]*\u2069/g, ' ')))
        .flatMap((text) => text.match(sentence) ?? []);
    },
    { selector, names: NAMES },
  );
}

/**
 * Elements under `selector` (shadow roots included) whose content is wider than their box and is
 * clipped without an ellipsis, or spills out of it: what a longer language must never do.
 */
export async function overflowing(page: Page, selector: string): Promise<string[]> {
  return page.evaluate((selector) => {
    const found: string[] = [];
    const visit = (el: Element): void => {
      // Text for screen readers only sits in a 1 px clipped box on purpose.
      const screenReaderOnly = el instanceof HTMLElement && el.clientWidth <= 1 && el.clientHeight <= 1;
      if (el instanceof HTMLElement && el.offsetParent !== null && !screenReaderOnly && !['select', 'input', 'textarea', 'svg'].includes(el.localName)) {
        const style = getComputedStyle(el);
        const scrolls = style.overflowX === 'auto' || style.overflowX === 'scroll';
        if (!scrolls && el.scrollWidth > el.clientWidth + 1) {
          const clipped = style.overflowX === 'hidden' || style.overflowX === 'clip';
          if (!clipped || style.textOverflow !== 'ellipsis') {
            found.push(`${el.localName}${el.className ? `.${String(el.className).split(' ').join('.')}` : ''} ${el.scrollWidth}>${el.clientWidth}: ${(el.textContent ?? '').trim().slice(0, 60)}`);
          }
        }
      }
      if (el.shadowRoot) for (const child of el.shadowRoot.children) visit(child);
      for (const child of el.children) visit(child);
    };
    for (const root of document.querySelectorAll(selector)) visit(root);
    return found;
  }, selector);
}

/**
 * How wide the popup's page wants to be, in a window as narrow as the popup (380 px): Chrome
 * sizes a popup to its content, so anything wider widens the popup.
 */
export async function pageWidth(page: Page): Promise<number> {
  await page.setViewportSize({ width: 380, height: 600 });
  return page.evaluate(() => document.documentElement.scrollWidth);
}

/** Picks a language (by its value, `fa`, `lv`…) in the options page and waits for the page to speak it. */
export async function chooseLanguage(context: BrowserContext, extensionId: string, language: string): Promise<Page> {
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  const picker = options.locator('#pc-language');
  await expect(picker).toBeEnabled();
  await picker.focus();
  await picker.selectOption(language);
  await expect(options.locator('html')).toHaveAttribute('lang', language);
  // The picker keeps focus while the page changes language around it.
  await expect(picker).toBeFocused();
  return options;
}

/** The Instagram feed with the demo catalog. */
export async function openFeed(context: BrowserContext, popup: Page): Promise<Page> {
  await waitForCatalog(popup);
  await routeSite(context, IG, 'instagram', { '/': 'feed.html' });
  const page = await context.newPage();
  await page.goto(`${IG}/`);
  return page;
}

export function taggedPost(page: Page) {
  return page.locator('article').filter({ has: page.locator(`a[href*="/p/${TAGGED}/"]`) }).first();
}
