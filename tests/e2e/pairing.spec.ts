/**
 * Connecting a seller account without pasting secrets, against the real catalog server in this
 * process: the seller makes a pairing code on the server (as its seller page does), types it or
 * pastes the pairing link in the options page, and the extension gets a token of that merchant
 * (which never reaches a page). The options page is laid out as settings, its sources named.
 */
import type { Page } from '@playwright/test';
import { startCatalogServer, type E2ECatalogServer } from './catalog-server';
import { axeFindings, expect, sendMessage, test, waitForCatalog } from './extension';

let server: E2ECatalogServer;
test.beforeAll(async () => {
  server = await startCatalogServer();
});
test.afterAll(async () => {
  await server?.close();
});

interface Pairing {
  code: string;
  link: string;
  merchantId: string;
  merchantName: string;
}

/** A pairing code of a merchant, made the way the server's seller page makes one (signed in with a seller token). */
async function pairingCode(merchantId: string): Promise<Pairing> {
  const response = await fetch(`${server.origin}/v1/seller/pairing-codes`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.tokens.get(merchantId)}`, 'content-type': 'application/json' },
    body: JSON.stringify({}),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as Pairing;
}

/** The merchant's tokens as the server lists them (public ids and device names, never the secrets). */
async function tokensOf(merchantId: string): Promise<{ label: string; device: string }[]> {
  const response = await fetch(`${server.origin}/v1/seller/tokens`, { headers: { authorization: `Bearer ${server.tokens.get(merchantId)}` } });
  return ((await response.json()) as { tokens: { label: string; device: string }[] }).tokens;
}

async function openOptions(page: Page, extensionId: string): Promise<void> {
  await page.setViewportSize({ width: 1280, height: 800 });
  // No fades: axe measures contrast as it is now, and a button fading back from disabled is not its colour.
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.goto(`chrome-extension://${extensionId}/options.html`);
}

test('a typed pairing code connects the seller account of that merchant', async ({ context, extensionId, popup }) => {
  await waitForCatalog(popup);
  const page = await context.newPage();
  await openOptions(page, extensionId);
  await page.getByLabel('Address').fill(server.feedUrl);
  await page.getByRole('button', { name: 'Add source' }).click();
  // Named by its merchant once synced (the server's feed carries several: its host until connected).
  const item = page.getByRole('listitem', { name: new URL(server.origin).host });
  await expect(item.getByText('Up to date')).toBeVisible({ timeout: 30_000 });
  const before = (await tokensOf('acme')).length;

  await item.getByRole('button', { name: /^Connect as seller to / }).click();
  const form = page.getByRole('form', { name: /^Connect as seller to / });
  const field = form.getByLabel('Pairing code or link');
  await expect(field).toHaveAttribute('type', 'text');
  // A code the server never made is refused, with its reason next to the field.
  await field.fill('ABCD-EFGH');
  await form.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(form.getByRole('alert')).toContainText('did not accept this pairing code');
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  expect(await axeFindings(page)).toEqual([]);

  const { code } = await pairingCode('acme');
  expect(code).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
  await field.fill(code.toLowerCase());
  await form.getByRole('button', { name: 'Connect', exact: true }).click();
  const connected = page.getByRole('listitem', { name: 'Acme Outdoor' }).first();
  await expect(connected).toContainText('Selling as Acme Outdoor');
  // The server made a new token for this browser, named after it; the page never saw it.
  const tokens = await tokensOf('acme');
  expect(tokens).toHaveLength(before + 1);
  expect(tokens.some((token) => token.label === 'paired' && token.device === 'Postcart in Chrome')).toBe(true);
  expect(JSON.stringify(await sendMessage(page, { type: 'list-sources' }))).not.toContain('pct_');
  // The token works: the dashboard reads the merchant's figures with it.
  const sources = (await sendMessage(page, { type: 'list-sources' })).data as { id: string; seller: unknown }[];
  const stats = await sendMessage(page, { type: 'seller-stats', sourceId: sources.find((s) => s.seller)!.id, from: '2026-11-01', to: '2026-11-02' });
  expect(stats).toMatchObject({ ok: true, data: { merchantId: 'acme' } });
  // The code worked once.
  const again = await fetch(`${server.origin}/v1/pairing/redeem`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) });
  expect(again.status).toBe(400);
});

test('a pasted pairing link names its server: it is added as a source and connected in one go', async ({ context, extensionId, popup }) => {
  await waitForCatalog(popup);
  const page = await context.newPage();
  await openOptions(page, extensionId);
  const seller = page.locator('section#seller');
  await expect(seller).toContainText('No seller account is connected.');
  await seller.getByRole('button', { name: 'Connect with a pairing code' }).click();
  const form = page.getByRole('form', { name: 'Connect a seller account' });
  const { link } = await pairingCode('harbor-goods');
  expect(link).toMatch(new RegExp(`^${server.origin}/pair#code=`));
  await form.getByLabel('Pairing code or link').fill(link);
  // No server to pick: the link says which.
  await expect(form.getByLabel('Catalog server')).toHaveCount(0);
  await form.getByRole('button', { name: 'Connect', exact: true }).click();
  await expect(seller.getByRole('list', { name: 'Connected seller accounts' })).toContainText('Harbor Goods');
  const item = page.getByRole('listitem', { name: 'Harbor Goods' }).first();
  await expect(item).toContainText('Selling as Harbor Goods');
  await expect(item).toContainText(server.feedUrl);
  await expect(seller.getByRole('link', { name: 'Open the seller dashboard' })).toHaveAttribute('href', '/dashboard.html');
  expect(await axeFindings(page)).toEqual([]);
});

test('the options page is laid out as settings: the language first, sections, named sources, long addresses cut', async ({ context, extensionId, popup }) => {
  await waitForCatalog(popup);
  const page = await context.newPage();
  await openOptions(page, extensionId);
  const nav = page.getByRole('navigation', { name: 'Settings sections' });
  const sections = ['Language', 'Catalog sources', 'Seller', 'Products from linked shops', 'How Postcart reads each site', 'Privacy'];
  await expect(nav.getByRole('link')).toHaveText(sections);
  for (const name of sections) await expect(page.getByRole('heading', { level: 2, name, exact: true })).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Language of Postcart' })).toBeVisible();

  // The built-in catalog by its name, never its chrome-extension:// address.
  await expect(page.getByRole('listitem', { name: 'Demo catalog (built in)' })).toBeVisible();
  expect(await page.locator('main').innerText()).not.toContain('chrome-extension://');

  // A long address stays on one line, cut with an ellipsis; the whole one is in its tooltip.
  const long = `${server.origin}/v1/feed?${'x'.repeat(300)}=1`;
  await page.getByLabel('Address').fill(long);
  await page.getByLabel('Name (optional)').fill('Long one');
  await page.getByRole('button', { name: 'Add source' }).click();
  const address = page.getByRole('listitem', { name: 'Long one' }).locator('.pc-ellipsis');
  await expect(address).toHaveAttribute('title', `Address: ${long}`);
  const cut = await address.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth, height: el.getBoundingClientRect().height }));
  expect(cut.scroll).toBeGreaterThan(cut.client);
  expect(cut.height).toBeLessThan(30);
  // Labels and fields line up: every field of the add form starts at the same place.
  const starts = await page.locator('form[aria-label="Add a catalog source"] .pc-field :is(input, select)').evaluateAll((fields) => fields.map((f) => Math.round(f.getBoundingClientRect().left)));
  expect(new Set(starts).size).toBe(1);
  expect(await axeFindings(page)).toEqual([]);

  // Right to left: the section links move to the right of the content.
  await page.evaluate(() => (document.documentElement.dir = 'rtl'));
  const navBox = await nav.boundingBox();
  const mainBox = await page.locator('main').boundingBox();
  expect(navBox!.x).toBeGreaterThan(mainBox!.x);
});
