/**
 * The seller page in a real Chromium: signing in, making a code, the token list, revoking, and the
 * pairing link's page. Skipped where Debian's Chromium is not installed.
 */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './helpers';

const CHROMIUM = '/usr/bin/chromium';
const ADMIN = 'pca_admin-secret-for-the-page-test-0123';
let server: TestServer;
let browser: Browser;

describe.skipIf(!existsSync(CHROMIUM))('the seller page in a browser', () => {
  beforeAll(async () => {
    server = await startTestServer({ adminSecret: ADMIN });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('signs in with the admin secret, makes a code, lists the paired token as text and revokes it', async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    await page.goto(`${server.url}/seller`);

    await page.fill('#secret', 'pca_wrong');
    await page.click('button[type=submit]');
    await page.waitForSelector('#sign-in-error:not([hidden])');
    expect(await page.textContent('#sign-in-error')).toMatch(/Could not sign in/);

    await page.fill('#secret', ADMIN);
    await page.click('button[type=submit]');
    await page.waitForSelector('#pairing:not([hidden])');
    // The secret does not stay in the form.
    expect(await page.inputValue('#secret')).toBe('');
    await page.selectOption('#merchant', 'acme');
    await page.click('#new-code');
    await page.waitForSelector('#code-box:not([hidden])');
    const code = (await page.textContent('#code'))!;
    expect(code).toMatch(/^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$/);
    const link = (await page.textContent('#link'))!;
    expect(link).toBe(`${server.url}/pair#code=${code.replace('-', '')}`);
    expect(await page.textContent('#expiry')).toMatch(/^Expires in (10:00|9:5\d)$/);

    const rows = await page.locator('#tokens tr').count();
    const device = '<img src=x onerror=alert(1)> laptop';
    const redeemed = await fetch(`${server.url}/v1/pairing/redeem`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, device }) });
    expect(redeemed.status).toBe(201);
    // Switching shops reloads the list.
    await page.selectOption('#merchant', 'northwind');
    await page.selectOption('#merchant', 'acme');
    await page.waitForFunction((n) => document.querySelectorAll('#tokens tr').length === n, rows + 1);
    const last = page.locator('#tokens tr').last();
    expect(await last.locator('td').nth(2).textContent()).toBe(device);
    expect(await page.locator('#tokens img').count()).toBe(0);

    await last.locator('button').click();
    await page.waitForFunction((n) => document.querySelectorAll('#tokens tr').length === n, rows);
    const { tokenId } = (await redeemed.json()) as { tokenId: string };
    const [row] = await server.db.query('SELECT 1 FROM seller_tokens WHERE id = $1', [tokenId]);
    expect(row).toBeUndefined();

    const pair = await browser.newPage();
    pair.on('pageerror', (error) => errors.push(String(error)));
    await pair.goto(link);
    expect(await pair.textContent('#code')).toBe(code);
    expect(errors).toEqual([]);
  });
});
