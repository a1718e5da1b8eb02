/**
 * The real-page suite: every page of the reference folder served at its real URL to the built
 * extension, with a few of its posts tagged in the catalog. Each tagged post must show exactly its
 * buy buttons (one per rendition of the post) and nothing else may show. Instagram and Facebook
 * pages run again with their interface in Persian, Swahili and Spanish (pseudo-localized copies).
 *
 * Run: `npx wxt build && npx playwright test -c tests/reference` (REFERENCE_PAGES=<folder> to point
 * elsewhere). Results per page and language go to tests/.artifacts/reference-counts.json.
 */
import { test as base, expect, type BrowserContext, type Page } from '@playwright/test';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { launchExtension, ROOT, sendMessage, waitForCatalog } from '../e2e/extension';
import { DEMO_PRODUCTS, PAGES, PSEUDO_LANGUAGES, pageFile, pageUrl, referenceFolder, type PseudoLanguage, type ReferencePage } from './pages';
import { leftoverLabels, pseudoLocalize } from './pseudo-locale';
import { PageServer, prepare } from './serve';
import { unknownMarkup } from './unknown-markup';

const FOLDER = referenceFolder(ROOT);

interface Catalog {
  context: BrowserContext;
  server: PageServer;
  /** Tagged post id -> the product its button shows. */
  productOf: Map<string, string>;
}

/** One browser for the run: the tags go into the catalog once, through seller mode, like a seller's. */
const test = base.extend<object, { catalog: Catalog }>({
  catalog: [
    // eslint-disable-next-line no-empty-pattern
    async ({}, use) => {
      const context = await launchExtension(mkdtempSync(path.join(tmpdir(), 'postcart-reference-')));
      const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
      const popup = await context.newPage();
      await popup.goto(`chrome-extension://${new URL(worker.url()).host}/popup.html`);
      await waitForCatalog(popup);
      const settings = (await sendMessage(popup, { type: 'get-settings' })).data as Record<string, unknown>;
      expect(await sendMessage(popup, { type: 'set-settings', settings: { ...settings, sellerMode: true } })).toMatchObject({ ok: true });
      const productOf = new Map<string, string>();
      let next = 0;
      for (const page of PAGES) {
        for (const post of page.tagged) {
          // A post shown on two pages (a video and its tile on the profile) is tagged once.
          if (productOf.has(post.id)) continue;
          const product = DEMO_PRODUCTS[next++];
          if (!product) throw new Error('more tagged posts than demo products');
          const reply = await sendMessage(popup, {
            type: 'save-post-tags',
            platform: page.site,
            postId: post.id,
            tags: [{ id: null, ...product, x: 0.5, y: 0.5 }],
            trusted: true,
          });
          expect(reply, reply.error).toMatchObject({ ok: true });
          productOf.set(post.id, product.productId);
        }
      }
      // Shoppers' view: buy buttons only, no tagging controls.
      expect(await sendMessage(popup, { type: 'set-settings', settings: { ...settings, sellerMode: false } })).toMatchObject({ ok: true });
      await popup.close();
      const server = new PageServer(ROOT);
      await server.install(context);
      await use({ context, server, productOf });
      await context.close();
    },
    { scope: 'worker', timeout: 60_000 },
  ],
});

/** Buy buttons on the page: per product, and per product inside `inside` selectors. */
async function countButtons(page: Page, insideSelectors: string[]): Promise<{ total: Record<string, number>; inside: Record<string, number>; overlays: number }> {
  return page.evaluate((selectors) => {
    const total: Record<string, number> = {};
    const inside: Record<string, number> = {};
    const hosts = document.querySelectorAll('postcart-overlay');
    for (const host of hosts) {
      for (const button of host.shadowRoot?.querySelectorAll('button.buy') ?? []) {
        // A button a shopper could see: rendered with a size (not in a collapsed or hidden box).
        const rect = button.getBoundingClientRect();
        if (!button.checkVisibility({ visibilityProperty: true, opacityProperty: true }) || rect.width < 1 || rect.height < 1) continue;
        const id = button.getAttribute('data-product-id') ?? '?';
        total[id] = (total[id] ?? 0) + 1;
        for (const sel of selectors) if (host.closest(sel)) inside[`${id} in ${sel}`] = (inside[`${id} in ${sel}`] ?? 0) + 1;
      }
    }
    return { total, inside, overlays: hosts.length };
  }, insideSelectors);
}

interface Outcome {
  page: string;
  language: string;
  expected: Record<string, number>;
  found: Record<string, number>;
}

const COUNTS = path.join(ROOT, 'tests/.artifacts/reference-counts.json');

/** Adds the page's counts to the run's file (appended per test: a failed test restarts the worker) and prints them. */
function record(outcome: Outcome): void {
  mkdirSync(path.dirname(COUNTS), { recursive: true });
  const all: Outcome[] = existsSync(COUNTS) ? (JSON.parse(readFileSync(COUNTS, 'utf8')) as Outcome[]) : [];
  writeFileSync(COUNTS, JSON.stringify([...all, outcome], null, 2));
  const ids = Object.keys({ ...outcome.expected, ...outcome.found });
  const cells = ids.map((id) => `${id} ${outcome.found[id] ?? 0}/${outcome.expected[id] ?? 0}`);
  console.log(`[reference] ${outcome.page} (${outcome.language}): ${cells.join(', ') || 'no buttons expected, none found'}`);
}

/** How a page is served: as saved, pseudo-localized, or in markup no adapter knows. */
type Variant = PseudoLanguage | 'unknown-markup' | null;

async function expectButtons(catalog: Catalog, ref: ReferencePage, language: Variant): Promise<void> {
  const file = pageFile(FOLDER!, ref);
  test.skip(!file, `${ref.prefix}: not in ${FOLDER}`);
  const saved = readFileSync(file!, 'utf8');
  const url = pageUrl(saved, ref);
  // The table names every tagged post the page shows, also those tagged for another page.
  const untold = PAGES.flatMap((other) => (other.site === ref.site ? other.tagged : []))
    .filter((post) => !ref.tagged.some((own) => own.id === post.id) && new RegExp(`[/=]${post.id}\\b`).test(saved))
    .map((post) => post.id);
  expect(untold, 'tagged posts this page shows that its table entry does not list').toEqual([]);
  let html = prepare(saved);
  if (language === 'unknown-markup') {
    html = unknownMarkup(html);
  } else if (language) {
    html = pseudoLocalize(html, language);
    expect(leftoverLabels(html, language), 'no interface label of the saved language is left').toEqual([]);
  }
  catalog.server.serve(url, ref.site, html);

  // Per tagged post, keyed by its product: how many buttons in all, and inside the modal.
  const expected: Record<string, number> = {};
  const expectedInside: Record<string, number> = {};
  for (const post of ref.tagged) {
    const product = catalog.productOf.get(post.id)!;
    const buttons = post.buttons ?? 1;
    if (buttons > 0) expected[product] = buttons;
    if (post.inside) expectedInside[`${product} in ${post.inside.selector}`] = post.inside.count;
  }
  const insideSelectors = [...new Set(ref.tagged.flatMap((post) => (post.inside ? [post.inside.selector] : [])))];

  const page = await catalog.context.newPage();
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  // Wait for the expected buttons (or give up after a while), then a little more for extra ones.
  const deadline = Date.now() + 8_000;
  let counts = await countButtons(page, insideSelectors);
  while (Date.now() < deadline && JSON.stringify(sorted(counts.total)) !== JSON.stringify(sorted(expected))) {
    await page.waitForTimeout(250);
    counts = await countButtons(page, insideSelectors);
  }
  await page.waitForTimeout(1_000);
  counts = await countButtons(page, insideSelectors);
  if (process.env.REFERENCE_SCREENSHOTS) {
    const name = `${ref.prefix.replace(/_+$/, '')}-${language ?? 'saved'}.png`;
    await page.screenshot({ path: path.join(ROOT, 'tests/.artifacts/reference-shots', name) });
  }
  record({ page: ref.prefix.replace(/_+$/, ''), language: language ?? 'as saved', expected, found: counts.total });
  await page.close();

  expect(sorted(counts.total), 'one buy button per rendition of each tagged post, none elsewhere').toEqual(sorted(expected));
  for (const [key, count] of Object.entries(expectedInside)) expect(counts.inside[key] ?? 0, key).toBe(count);
}

function sorted(record: Record<string, number>): [string, number][] {
  return Object.entries(record).sort(([a], [b]) => a.localeCompare(b));
}

if (!FOLDER) {
  test('the reference pages', () => {
    const reason = `No reference pages in ${process.env.REFERENCE_PAGES ?? '../shared/reference-pages'}: the suite is skipped (set REFERENCE_PAGES=<folder>)`;
    console.log(`[reference] ${reason}`);
    test.skip(true, reason);
  });
} else {
  for (const ref of PAGES) {
    const variants: Variant[] = [null, ...(ref.localize ? PSEUDO_LANGUAGES : []), ...(ref.urlNamed ? (['unknown-markup'] as const) : [])];
    for (const language of variants) {
      const what = ref.tagged.length ? `${ref.tagged.length} tagged posts show their buttons` : 'no post can be tagged and nothing shows';
      const how = language === 'unknown-markup' ? 'in markup no adapter knows' : language ? `in ${language}` : 'as saved';
      test(`${ref.prefix.replace(/_+$/, '')} ${how}: ${what}, nothing else`, async ({ catalog }) => {
        await expectButtons(catalog, ref, language);
      });
    }
  }
}
