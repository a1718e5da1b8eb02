/**
 * The seller dashboard end to end: the real catalog server in this process takes a known set of
 * shopper events; a seller connects in the options page and the dashboard page (opened from there)
 * shows exactly those figures, per post, over the chosen period, sortable, every figure column in
 * view at 1280×800, and exports them as CSV. Without a seller account it says what to do.
 */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { startCatalogServer, type E2ECatalogServer } from './catalog-server';
import { axeFindings, expect, test } from './extension';

const LABEL = 'Acme catalog server';
const DAY_MS = 86_400_000;
/** A tagged post of the demo data (acme:1001, the Trail Jacket). */
const IG_POST = 'C8xYz123abc';
/** A TikTok post with events but no tag: it links to the address its events carried. */
const TT_POST = '7301000000000000001';
const TT_URL = `https://www.tiktok.com/@acme/video/${TT_POST}`;


/** A time on a UTC day relative to today, inside the server's 7-day event window. */
function at(daysAgo: number, time: string): string {
  return `${new Date(Math.floor(Date.now() / DAY_MS) * DAY_MS - daysAgo * DAY_MS).toISOString().slice(0, 10)}T${time}Z`;
}
const dayOf = (daysAgo: number) => at(daysAgo, '00:00:00').slice(0, 10);
/** A day as the dashboard shows it (en-US, the browser's UI language here). */
const shown = (daysAgo: number) => new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(at(daysAgo, '00:00:00')));

type Event = Record<string, unknown>;
const times = (n: number, event: Event): Event[] => Array.from({ length: n }, () => event);

/**
 * The events, and what the dashboard must make of them:
 * - Instagram C8xYz123abc: 12 impressions, 5 clicks (41.7%), 2 adds, 2 checkouts (40%),
 *   129.00 + 258.00 USD, so an average order of $193.50.
 * - TikTok 7301…: 4 impressions, 1 click (25%), nothing else.
 * - 3 impressions of a product this server does not know: skipped.
 */
const EVENTS: Event[] = [
  ...times(7, { type: 'impression', platform: 'instagram', postId: IG_POST, productId: 'acme:1001', at: at(2, '09:00:00') }),
  ...times(5, { type: 'impression', platform: 'instagram', postId: IG_POST, productId: 'acme:1001', at: at(1, '18:30:00') }),
  ...times(5, { type: 'card-open', platform: 'instagram', postId: IG_POST, productId: 'acme:1001', at: at(1, '18:31:00') }),
  ...times(2, { type: 'add-to-cart', platform: 'instagram', postId: IG_POST, productId: 'acme:1001', at: at(1, '18:32:00'), quantity: 1 }),
  { type: 'checkout', platform: 'instagram', postId: IG_POST, productId: 'acme:1001', at: at(1, '18:40:00'), quantity: 1, value: { amount: '129.00', currency: 'USD' } },
  { type: 'checkout', platform: 'instagram', postId: IG_POST, productId: 'acme:1001', at: at(1, '18:41:00'), quantity: 2, value: { amount: '258.00', currency: 'USD' } },
  ...times(4, { type: 'impression', platform: 'tiktok', postId: TT_POST, productId: 'acme:1002', at: at(2, '12:00:00'), postUrl: TT_URL }),
  { type: 'card-open', platform: 'tiktok', postId: TT_POST, productId: 'acme:1002', at: at(2, '12:01:00') },
  ...times(3, { type: 'impression', platform: 'instagram', postId: IG_POST, productId: 'acme:no-such-product', at: at(1, '10:00:00') }),
];

let server: E2ECatalogServer;
test.beforeAll(async () => {
  server = await startCatalogServer();
  const response = await fetch(`${server.origin}/v1/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ batchId: 'dashboard-e2e-batch', events: EVENTS }),
  });
  expect(await response.json()).toEqual({ accepted: EVENTS.length - 3, skipped: 3, duplicate: false });
});
test.afterAll(async () => {
  await server?.close();
});

/**
 * The options page with the catalog server added as a source and the seller connected; then the
 * dashboard page, opened from the options page's link, at 1280×800.
 */
async function connectedOptions(page: Page, extensionId: string): Promise<Page> {
  await page.goto(`chrome-extension://${extensionId}/options.html`);
  await page.getByLabel('Address').fill(server.feedUrl);
  await page.getByLabel('Name (optional)').fill(LABEL);
  await page.getByRole('button', { name: 'Add source' }).click();
  const item = page.getByRole('listitem', { name: LABEL });
  await expect(item.getByText('Up to date')).toBeVisible({ timeout: 30_000 });
  // The options page links to the dashboard only once a seller account is connected.
  await expect(page.getByRole('link', { name: 'Open the seller dashboard' })).toHaveCount(0);
  await item.getByRole('button', { name: `Connect as seller to ${LABEL}` }).click();
  const form = page.getByRole('form', { name: `Connect as seller to ${LABEL}` });
  await form.getByRole('button', { name: 'Paste a token instead' }).click();
  await form.getByLabel('Seller token').fill(server.tokens.get('acme')!);
  await form.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(item).toContainText('Selling as Acme Outdoor');
  // The options page keeps a link, not the dashboard.
  await expect(page.locator('table')).toHaveCount(0);
  const [dashboardPage] = await Promise.all([page.context().waitForEvent('page'), page.getByRole('link', { name: 'Open the seller dashboard' }).click()]);
  await dashboardPage.setViewportSize({ width: 1280, height: 800 });
  // No fades: axe measures contrast as it is now, not a button fading back from disabled.
  await dashboardPage.emulateMedia({ reducedMotion: 'reduce' });
  await expect(dashboardPage).toHaveURL(`chrome-extension://${extensionId}/dashboard.html`);
  return dashboardPage;
}

const dashboard = (page: Page) => page.locator('main');
const row = (page: Page, postId: string) => dashboard(page).getByRole('row').filter({ has: page.getByRole('rowheader', { name: postId }) });

async function cellsOf(page: Page, postId: string): Promise<string[]> {
  return (await row(page, postId).getByRole('cell').allInnerTexts()).map((text) => text.trim());
}

test('the dashboard shows exactly the figures of the events, and exports them as CSV', async ({ context, extensionId }) => {
  const page = await connectedOptions(await context.newPage(), extensionId);
  await expect(page.getByRole('heading', { level: 1, name: 'What sells' })).toBeVisible();
  await expect(page.locator('header')).toContainText('Acme Outdoor on Acme catalog server');
  const section = dashboard(page);
  await expect(section).toBeVisible();
  await expect(section.getByRole('radio', { name: 'Last 30 days' })).toBeChecked();
  await expect(section.getByRole('status')).toContainText('Figures from');

  // Platform, products, impressions, clicks, CTR, add to carts, checkouts, conversion, AOV, chart.
  await expect(row(page, IG_POST)).toHaveCount(1);
  expect((await cellsOf(page, IG_POST)).slice(0, 9)).toEqual(['Instagram', 'Trail Jacket', '12', '5', '41.7%', '2', '2', '40%', '$193.50']);
  expect((await cellsOf(page, TT_POST)).slice(0, 9)).toEqual(['TikTok', 'Ridgeline 28L Daypack', '4', '1', '25%', '0', '0', '0%', '–']);
  await expect(row(page, TT_POST)).toContainText('(not tagged)');
  // The busiest post comes first.
  await expect(section.getByRole('rowheader').first()).toContainText(IG_POST);

  // Posts are named, not just numbered: the account the address carries, the platform, when tagged.
  await expect(row(page, IG_POST).getByRole('link')).toHaveText(/^Instagram post · tagged \w{3} \d{1,2}, \d{4}$/);
  await expect(row(page, TT_POST).getByRole('link')).toHaveText('@acme · TikTok post');
  // Links: a permalink built from the Instagram id; the TikTok address the events carried.
  await expect(row(page, IG_POST).getByRole('link')).toHaveAttribute('href', `https://www.instagram.com/p/${IG_POST}/`);
  await expect(row(page, IG_POST).getByRole('link')).toHaveAttribute('title', `Open the Instagram post ${IG_POST}`);
  await expect(row(page, TT_POST).getByRole('link')).toHaveAttribute('href', TT_URL);
  // The thumbnail is the first tagged product's image, served by the catalog server.
  await expect(row(page, IG_POST).locator('img')).toHaveAttribute('src', `${server.origin}/demo/images/trail-jacket.svg`);
  await expect.poll(() => row(page, IG_POST).locator('img').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
  // The chart says in words what it draws.
  await expect(row(page, IG_POST).getByRole('img', { name: `Daily impressions and clicks from ${shown(29)} to ${shown(0)}: impressions 12, clicks 5; most impressions on ${shown(2)} (7)` })).toBeVisible();

  // CSV export: the same figures, exact.
  const [download] = await Promise.all([page.waitForEvent('download'), section.getByRole('button', { name: 'Export CSV' }).click()]);
  expect(download.suggestedFilename()).toBe(`postcart-stats-acme-${dayOf(29)}-${dayOf(0)}.csv`);
  const csv = readFileSync((await download.path())!, 'utf8');
  const lines = csv.trimEnd().split('\r\n');
  expect(lines[0]).toBe(
    'from,to,platform,post_id,post_url,tagged,product_ids,products,impressions,clicks,ctr,add_to_carts,checkouts,conversion_rate,revenue_USD,average_order_value_USD',
  );
  expect(lines).toContain(`${dayOf(29)},${dayOf(0)},instagram,${IG_POST},https://www.instagram.com/p/${IG_POST}/,yes,acme:1001,Trail Jacket,12,5,0.4167,2,2,0.4,387.00,193.50`);
  expect(lines).toContain(`${dayOf(29)},${dayOf(0)},tiktok,${TT_POST},${TT_URL},no,acme:1002,Ridgeline 28L Daypack,4,1,0.25,0,0,0,,`);

  expect(await axeFindings(page)).toEqual([]);
});

test('the period picker narrows the figures to the chosen days', async ({ context, extensionId }) => {
  const page = await connectedOptions(await context.newPage(), extensionId);
  const section = dashboard(page);
  await expect(row(page, IG_POST)).toHaveCount(1);

  // Last 7 days hold every event.
  await section.getByRole('radio', { name: 'Last 7 days' }).check();
  await expect(row(page, IG_POST).getByRole('img')).toHaveAccessibleName(new RegExp(`^Daily impressions and clicks from ${shown(6)} to ${shown(0)}: impressions 12, clicks 5;`));
  expect((await cellsOf(page, IG_POST)).slice(2, 9)).toEqual(['12', '5', '41.7%', '2', '2', '40%', '$193.50']);

  // Yesterday only: the 5 evening impressions, the clicks, adds and checkouts; TikTok's day is out.
  await section.getByRole('radio', { name: 'Custom dates' }).check();
  await section.getByLabel('From', { exact: true }).fill(dayOf(1));
  await section.getByLabel('To', { exact: true }).fill(dayOf(1));
  await section.getByRole('button', { name: 'Show' }).click();
  await expect(row(page, IG_POST).getByRole('img')).toHaveAccessibleName(`Daily impressions and clicks from ${shown(1)} to ${shown(1)}: impressions 5, clicks 5; most impressions on ${shown(1)} (5)`);
  expect((await cellsOf(page, IG_POST)).slice(2, 9)).toEqual(['5', '5', '100%', '2', '2', '40%', '$193.50']);
  await expect(row(page, TT_POST)).toHaveCount(0);

  // A reversed period is refused in the page, with the reason next to the dates.
  await section.getByLabel('From', { exact: true }).fill(dayOf(2));
  await section.getByLabel('To', { exact: true }).fill(dayOf(5));
  await section.getByRole('button', { name: 'Show' }).click();
  await expect(section.getByRole('alert')).toHaveText('The first day is after the last day.');
  await expect(section.getByLabel('From', { exact: true })).toHaveAttribute('aria-invalid', 'true');

  // Three weeks back, before any event: the tagged post stays, with zeros and no rates.
  await section.getByLabel('From', { exact: true }).fill(dayOf(21));
  await section.getByLabel('To', { exact: true }).fill(dayOf(20));
  await section.getByRole('button', { name: 'Show' }).click();
  await expect(row(page, IG_POST).getByRole('img')).toHaveAccessibleName(`No impressions or clicks from ${shown(21)} to ${shown(20)}`);
  expect((await cellsOf(page, IG_POST)).slice(2, 9)).toEqual(['0', '0', '–', '0', '0', '–', '–']);
});

test('at 1280×800 every figure column is in view without scrolling sideways, and the columns sort from the keyboard', async ({ context, extensionId }) => {
  const page = await connectedOptions(await context.newPage(), extensionId);
  const section = dashboard(page);
  await expect(row(page, IG_POST)).toHaveCount(1);
  const fit = await page.evaluate(() => {
    const scroller = document.querySelector('.pc-dash-scroll')!;
    const headers = [...document.querySelectorAll('thead th')].map((th) => {
      const box = th.getBoundingClientRect();
      return { text: th.textContent, left: box.left, right: box.right };
    });
    return { overflow: scroller.scrollWidth - scroller.clientWidth, page: document.documentElement.scrollWidth - innerWidth, width: innerWidth, headers };
  });
  expect(fit.overflow).toBeLessThanOrEqual(0);
  expect(fit.page).toBeLessThanOrEqual(0);
  expect(fit.headers).toHaveLength(11);
  for (const header of fit.headers) {
    expect(header.left, header.text ?? '').toBeGreaterThanOrEqual(0);
    expect(header.right, header.text ?? '').toBeLessThanOrEqual(fit.width);
  }
  // The charts fit their cells.
  const charts = await page.locator('.pc-dash-trend').evaluateAll((cells) => cells.map((cell) => cell.querySelector('svg')!.getBoundingClientRect().width <= cell.getBoundingClientRect().width));
  expect(charts.every(Boolean)).toBe(true);

  // Sorted by impressions, most first, as the server sends them.
  const impressions = section.getByRole('columnheader', { name: 'Impressions' });
  await expect(impressions).toHaveAttribute('aria-sort', 'descending');
  const firstRow = () => section.getByRole('rowheader').first();
  await expect(firstRow()).toContainText(IG_POST);
  // By platform name, from the keyboard: Facebook first (the demo data tags posts on every
  // platform); again: the other way round, TikTok first, its busiest post on top.
  const platform = section.getByRole('button', { name: /^Platform/ });
  await platform.focus();
  await page.keyboard.press('Enter');
  await expect(section.getByRole('columnheader', { name: /^Platform/ })).toHaveAttribute('aria-sort', 'ascending');
  await expect(impressions).not.toHaveAttribute('aria-sort');
  await expect(firstRow()).toContainText('Facebook post');
  await page.keyboard.press('Space');
  await expect(section.getByRole('columnheader', { name: /^Platform/ })).toHaveAttribute('aria-sort', 'descending');
  await expect(firstRow()).toContainText(TT_POST);
  expect(await axeFindings(page)).toEqual([]);
});

test('without a seller account the dashboard says what it needs and links to where to connect', async ({ context, extensionId }) => {
  const page = await context.newPage();
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.goto(`chrome-extension://${extensionId}/dashboard.html`);
  await expect(page.getByRole('heading', { name: 'No seller account is connected' })).toBeVisible();
  await expect(page.getByText('npm run server')).toBeVisible();
  await expect(page.locator('table')).toHaveCount(0);
  expect(await axeFindings(page)).toEqual([]);
  await page.getByRole('link', { name: 'Connect a seller account' }).click();
  await expect(page).toHaveURL(`chrome-extension://${extensionId}/options.html#seller`);
  await expect(page.getByRole('heading', { name: 'Seller', exact: true })).toBeInViewport();
});
