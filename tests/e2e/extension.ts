/**
 * Playwright fixtures: a real Chromium (Debian's) with the built extension loaded, social site
 * URLs routed to saved fixtures, and the extension's pages at hand.
 */
import { test as base, chromium, type BrowserContext, type Page, type Worker } from '@playwright/test';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** The extension API as seen from an extension page inside `page.evaluate`. */
declare const chrome: { runtime: { sendMessage(message: unknown): Promise<unknown> } };

export const ROOT = path.resolve(import.meta.dirname, '../..');
/**
 * The test build (`npm run build:e2e`): open shadow roots and fixed host names (postcart-overlay,
 * postcart-popover…) so locators can read the overlay (utils/overlay/names.ts). Everything else is
 * the production code.
 */
export const EXTENSION_PATH = process.env.POSTCART_EXTENSION ?? path.join(ROOT, '.output/e2e/chrome-mv3');
/** The production build (`npm run build`): closed shadow roots and random host names; the attack suite runs on it. */
export const PRODUCTION_PATH = process.env.POSTCART_PRODUCTION_EXTENSION ?? path.join(ROOT, '.output/chrome-mv3');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function fixture(site: string, name: string): string {
  return readFileSync(path.join(ROOT, 'tests/fixtures', site, name), 'utf8');
}

/**
 * The site's real Content-Security-Policy (tests/fixtures/<site>/csp.txt, one directive a line),
 * so every e2e test proves the overlay's styles and images load under it. A `{nonce}` in the
 * policy gets a fresh nonce per response, stamped on the fixture's own <script> tags.
 */
function withCsp(site: string, html: string): { html: string; headers: Record<string, string> } {
  const file = path.join(ROOT, 'tests/fixtures', site, 'csp.txt');
  if (!existsSync(file)) return { html, headers: {} };
  const nonce = randomBytes(12).toString('base64');
  const policy = readFileSync(file, 'utf8').trim().split('\n').map((line) => line.trim()).join(' ').replaceAll('{nonce}', nonce);
  return { html: html.replaceAll('<script', `<script nonce="${nonce}"`), headers: { 'content-security-policy': policy } };
}

/** Serves `routes` (URL path -> fixture file) for a site, under its CSP; any other path of that host is a 404. */
export async function routeSite(context: BrowserContext, origin: string, site: string, routes: Record<string, string>) {
  await context.route(`${origin}/**`, async (route) => {
    const { pathname } = new URL(route.request().url());
    const file = routes[pathname];
    if (file && route.request().resourceType() === 'document') {
      const { html, headers } = withCsp(site, fixture(site, file));
      await route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', headers, body: html });
    } else {
      await route.fulfill({ status: 404, contentType: 'text/plain', body: 'not in fixtures' });
    }
  });
}

/** Collects the page's CSP violation reports, so a test can assert there were none of ours. */
export async function collectCspViolations(page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) => seen.push(`${event.violatedDirective} ${event.blockedURI}`));
  });
  return () => page.evaluate(() => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? []);
}

type Fixtures = {
  /** The browser's UI language for the test (`test.use({ browserLocale: 'fa' })`). */
  browserLocale: string;
  /** The build under test (`test.use({ extensionPath })`). */
  extensionPath: string;
  context: BrowserContext;
  extensionId: string;
  background: Worker;
  popup: Page;
};

export interface LaunchOptions {
  /** The browser's UI language (`--lang`, what browser.i18n.getUILanguage() answers) and the pages' locale. */
  locale?: string;
  /** Another build of the extension (the pseudo-locale build). */
  extensionPath?: string;
}

/**
 * Chromium with the built extension on a profile folder. Launching again on the same folder is a
 * browser restart: IndexedDB, storage and the extension's state are still there.
 */
export async function launchExtension(userDataDir: string, { locale = 'en-US', extensionPath = EXTENSION_PATH }: LaunchOptions = {}): Promise<BrowserContext> {
  if (!existsSync(path.join(extensionPath, 'manifest.json'))) {
    throw new Error(`No built extension at ${extensionPath}: run \`npm run build && npm run build:e2e\` first`);
  }
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    locale,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      `--lang=${locale}`,
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--disable-extensions-except=${extensionPath}`,
      `--load-extension=${extensionPath}`,
    ],
  });
  // Nothing leaves the machine: the demo stores' domains answer with a stub page.
  await context.route(/^https:\/\/[a-z0-9-]+\.example\//, (route) =>
    route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>Store</title><h1>Store checkout</h1>' }),
  );
  return context;
}

/** The extension's id, once its service worker runs. */
export async function extensionIdOf(context: BrowserContext): Promise<string> {
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  return new URL(worker.url()).host;
}

export const test = base.extend<Fixtures>({
  browserLocale: ['en-US', { option: true }],
  extensionPath: [EXTENSION_PATH, { option: true }],
  context: async ({ browserLocale, extensionPath }, use) => {
    const context = await launchExtension(mkdtempSync(path.join(tmpdir(), 'postcart-e2e-')), { locale: browserLocale, extensionPath });
    await use(context);
    await context.close();
  },
  background: async ({ context }, use) => {
    let [worker] = context.serviceWorkers();
    worker ??= await context.waitForEvent('serviceworker');
    await use(worker);
  },
  extensionId: async ({ background }, use) => {
    await use(new URL(background.url()).host);
  },
  popup: async ({ context, extensionId }, use) => {
    const page = await context.newPage();
    await page.goto(`chrome-extension://${extensionId}/popup.html`);
    await use(page);
  },
});

export const expect = test.expect;

/** Waits until the background has imported the demo catalog (fresh profile, first start). */
export async function waitForCatalog(popup: Page): Promise<void> {
  await expect
    .poll(
      () =>
        popup.evaluate(async () => {
          const reply = (await chrome.runtime.sendMessage({ type: 'catalog-status' })) as { ok: boolean; data?: { products: number } };
          return reply.ok ? (reply.data?.products ?? 0) : 0;
        }),
      { timeout: 20_000 },
    )
    .toBeGreaterThanOrEqual(30);
}

/** A background reply as an extension page receives it. */
export type Reply = { ok: boolean; data?: unknown; error?: string };

/** Sends a message to the background from an extension page (popup, options). */
export async function sendMessage(page: Page, message: unknown): Promise<Reply> {
  return page.evaluate((m) => chrome.runtime.sendMessage(m) as Promise<Reply>, message);
}

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Serious and critical axe-core findings (rule ids) inside `selector`. */
export async function axeFindings(page: Page, selector = 'body'): Promise<string[]> {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async (include) => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: { id: string; impact: string | null }[] }> } }).axe;
    const { violations } = await axe.run({ include: [[include]] }, { resultTypes: ['violations'] });
    return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id);
  }, selector);
}

/** Fills the popup's checkout form with a shopper's details. */
export async function fillContact(popup: Page, email = 'ana@example.com'): Promise<void> {
  await popup.getByLabel('Email').fill(email);
  await popup.getByLabel('First name').fill('Ana');
  await popup.getByLabel('Last name').fill('Reyes');
  await popup.getByLabel('Address', { exact: true }).fill('12 Harbor St');
  await popup.getByLabel('City').fill('Portland');
  await popup.getByLabel('Country').selectOption('US');
  await popup.getByLabel('State / region').fill('OR');
  await popup.getByLabel('Postal code').fill('97201');
}
