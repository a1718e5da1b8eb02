/**
 * Debian's Firefox ESR, headless, driven over WebDriver BiDi by puppeteer-core (no geckodriver, no
 * browser download), with the Firefox build of Postcart installed as a temporary add-on and the
 * social sites' URLs answered from the fixtures in tests/fixtures/<site>/.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import puppeteer, { type Browser, type HTTPRequest, type Page } from 'puppeteer-core';

export const ROOT = path.resolve(import.meta.dirname, '../..');
/** The Firefox test build (`npm run build:e2e`: open shadow roots and fixed host names, utils/overlay/names.ts). */
export const FIREFOX_EXTENSION = process.env.POSTCART_FIREFOX_EXTENSION ?? path.join(ROOT, '.output/e2e/firefox-mv3');
export const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
/** How long Firefox lets the background event page idle before it stops it (30 s by default). */
export const BACKGROUND_IDLE_MS = 3_000;

/** The WebExtension API as an extension page sees it (inside `page.evaluate`). */
export interface ExtensionApi {
  runtime: {
    sendMessage(message: unknown): Promise<unknown>;
    getContexts(filter: { contextTypes: string[] }): Promise<unknown[]>;
  };
  permissions: {
    getAll(): Promise<{ origins: string[]; permissions: string[]; data_collection?: string[] }>;
    contains(permissions: { origins?: string[] }): Promise<boolean>;
  };
}

export interface FirefoxSession {
  browser: Browser;
  /** moz-extension://<uuid> of the installed build. */
  extensionOrigin: string;
  close(): Promise<void>;
}

/**
 * Starts Firefox and installs the build. The add-on's moz-extension UUID is random per profile, so
 * it is fixed up front through the `extensions.webextensions.uuids` pref (keyed by the gecko id).
 */
export async function launchFirefox(): Promise<FirefoxSession> {
  if (!existsSync(FIREFOX)) throw new Error(`No Firefox at ${FIREFOX}: apt-get install -y firefox-esr (or set FIREFOX_PATH)`);
  const manifestFile = path.join(FIREFOX_EXTENSION, 'manifest.json');
  if (!existsSync(manifestFile)) throw new Error(`No Firefox build at ${FIREFOX_EXTENSION}: run \`npm run build:e2e\` first`);
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { browser_specific_settings?: { gecko?: { id?: string } } };
  const id = manifest.browser_specific_settings?.gecko?.id;
  if (!id) throw new Error(`${manifestFile} has no browser_specific_settings.gecko.id`);
  const uuid = randomUUID();
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: true,
    // BiDi navigates a tab to moz-extension:// pages (the popup, the options page) only with this.
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [id]: uuid }),
      // permissions.request() still needs a user's click, but grants without the doorhanger, which
      // a headless browser cannot answer.
      'extensions.webextOptionalPermissionPrompts': false,
      // The event page stops after 30 s without events; sooner here, so the smoke can see it
      // stop and come back.
      'extensions.background.idle.timeout': BACKGROUND_IDLE_MS,
      'intl.accept_languages': 'en-US',
      'intl.locale.requested': 'en-US',
    },
  });
  try {
    const installed = await browser.installExtension(FIREFOX_EXTENSION);
    if (installed !== id) throw new Error(`Firefox installed ${installed}, the manifest says ${id}`);
  } catch (error) {
    await browser.close();
    throw error;
  }
  return { browser, extensionOrigin: `moz-extension://${uuid}`, close: () => browser.close() };
}

/**
 * Loads an extension page in `page`. The BiDi navigation into the extension's process never
 * reports its load to puppeteer (it times out although the page is there), so this waits for the
 * document itself.
 */
export async function gotoExtensionPage(page: Page, url: string): Promise<void> {
  // Marks the document being left, so going to the URL it already shows waits for the new one.
  await page.evaluate(() => Object.assign(window, { __postcartLeft: true })).catch(() => undefined);
  page.goto(url).catch(() => undefined);
  await page.waitForFunction(
    (href: string) => location.href === href && document.readyState === 'complete' && !('__postcartLeft' in window),
    { timeout: 15_000, polling: 100 },
    url,
  );
}

/** A new tab on an extension page (`popup.html`, `options.html`). */
export async function openExtensionPage(session: FirefoxSession, file: string): Promise<Page> {
  const page = await session.browser.newPage();
  await gotoExtensionPage(page, `${session.extensionOrigin}/${file}`);
  return page;
}

/** Waits until the background has imported the bundled demo catalog (first start of a profile). */
export async function waitForCatalog(extensionPage: Page): Promise<number> {
  const handle = await extensionPage.waitForFunction(
    async () => {
      const api = (globalThis as unknown as { browser: ExtensionApi }).browser;
      const reply = (await api.runtime.sendMessage({ type: 'catalog-status' })) as { ok: boolean; data?: { products: number } };
      return reply.ok && (reply.data?.products ?? 0) >= 30 ? reply.data!.products : 0;
    },
    { timeout: 20_000, polling: 250 },
  );
  return (await handle.jsonValue()) as number;
}

/** The site's real Content-Security-Policy (tests/fixtures/<site>/csp.txt) with a fresh nonce. */
function sitePolicy(site: string): { policy: string; nonce: string } | null {
  const file = path.join(ROOT, 'tests/fixtures', site, 'csp.txt');
  if (!existsSync(file)) return null;
  const nonce = randomBytes(12).toString('base64');
  const policy = readFileSync(file, 'utf8').trim().split('\n').map((line) => line.trim()).join(' ').replaceAll('{nonce}', nonce);
  return { policy, nonce };
}

/**
 * Answers `page`'s requests: `routes` (URL path -> fixture file) of `origin` as the site's pages
 * under its CSP, every other http(s) request with a 404, so nothing leaves the machine.
 * (puppeteer's request interception over BiDi: network.addIntercept + provideResponse.)
 */
export async function serveSite(page: Page, origin: string, site: string, routes: Record<string, string>): Promise<void> {
  await page.setRequestInterception(true);
  page.on('request', (request: HTTPRequest) => {
    void answer(request).catch((error: unknown) => console.error('[firefox smoke] interception failed', request.url(), error));
  });
  async function answer(request: HTTPRequest): Promise<void> {
    const url = new URL(request.url());
    const file = url.origin === origin ? routes[url.pathname] : undefined;
    if (file && request.isNavigationRequest()) {
      let html = readFileSync(path.join(ROOT, 'tests/fixtures', site, file), 'utf8');
      const csp = sitePolicy(site);
      const headers: Record<string, string> = {};
      if (csp) {
        html = html.replaceAll('<script', `<script nonce="${csp.nonce}"`);
        headers['content-security-policy'] = csp.policy;
      }
      await request.respond({ status: 200, contentType: 'text/html; charset=utf-8', headers, body: html });
    } else if (url.protocol === 'https:' || url.protocol === 'http:') {
      await request.respond({ status: 404, contentType: 'text/plain', body: 'not in fixtures' });
    } else {
      await request.continue();
    }
  }
}

/** Collects the page's CSP violations (reported to its own document), for asserting there are none of ours. */
export async function watchCspViolations(page: Page): Promise<() => Promise<string[]>> {
  await page.evaluateOnNewDocument(() => {
    const seen: string[] = [];
    (window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) => seen.push(`${event.violatedDirective} ${event.blockedURI}`));
  });
  return () => page.evaluate(() => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? []);
}
