/**
 * Products from linked shops in real Chromium with the built extension (the node-side parts are in
 * linked.bench.ts):
 * - resolution time per product in the worker: a "Check price" as the worker runs it (classify,
 *   cache, requests, parsing, the catalog write, the post's offers), against fake shops on an HTTPS
 *   server on 127.0.0.1 (the browser resolves *.bench.example there), beside a bare fetch of the
 *   same answers from the worker in the same run (the network floor);
 * - the automatic mode's added main-thread cost while scrolling: a Pinterest feed of posts each
 *   linking to a product of an uncatalogued Shopify store, appended in batches of 10 every 250 ms
 *   while the page scrolls to them and keeps 50, measured side by side with the mode off and on
 *   (Chromium TaskDuration of the page, content scripts included; the shops' requests run in the
 *   worker, not on the page's main thread).
 * Run with `npx wxt build && npx playwright test -c tests/bench/playwright.config.ts linked-browser.bench`;
 * results go to tests/bench/results/linked-browser.json and the "Products from linked shops"
 * section of BENCHMARKS.md.
 */
import { chromium, test, type BrowserContext, type Worker } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bigPage, fixture } from './linked-pages';
import { site as pinterest } from './sites/pinterest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BUILD = process.env.POSTCART_EXTENSION ?? path.join(ROOT, '.output/chrome-mv3');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const RUNS = Number(process.env.LINKED_BROWSER_RUNS ?? 40);
const SCROLL_POSTS = Number(process.env.LINKED_SCROLL_POSTS ?? 400);
const PER_MINUTE = 20;
/** Off and on alternate this many times: the page's own work is noisy on a shared machine. */
const ROUNDS = Number(process.env.LINKED_SCROLL_ROUNDS ?? 3);
const BATCH = 10;
const PACE_MS = 250;

/** A self-signed certificate for the fake shops (the browser is told to accept it). */
function certificate(): { key: string; cert: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'postcart-bench-tls-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=bench.example', '-addext', 'subjectAltName=DNS:*.bench.example', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')], { stdio: 'ignore' });
  return { key: readFileSync(path.join(dir, 'key.pem'), 'utf8'), cert: readFileSync(path.join(dir, 'cert.pem'), 'utf8') };
}

const PRODUCT_JS = fixture('shopify-product.js.json');
const WOO_PAGE = fixture('woocommerce-sale.html');
const BIG_PAGE = bigPage(1_480_000);

/** Shopify storefronts (`/products/<handle>.js`, `/cart.js`) and product pages, on any *.bench.example host, all with CORS headers. */
async function startShops(): Promise<{ server: Server; port: number }> {
  const server = createServer(certificate(), (req, res) => {
    if (process.env.LINKED_BENCH_DEBUG) console.log(req.method, req.headers.host, req.url);
    const url = new URL(req.url ?? '/', 'https://bench.example');
    const cors = { 'access-control-allow-origin': '*' };
    if (url.pathname === '/cart.js') return void res.writeHead(200, { 'content-type': 'application/json', ...cors }).end('{"currency":"KES","items":[]}');
    const js = /^\/products\/([a-z0-9-]+)\.js$/.exec(url.pathname);
    if (js) return void res.writeHead(200, { 'content-type': 'application/javascript', ...cors }).end(PRODUCT_JS.replace('"handle": "linen-wrap-dress"', `"handle": "${js[1]}"`));
    // Pages send CORS headers too: they stand in for the host permission, which a headless browser cannot be given.
    if (url.pathname.startsWith('/product/big-')) return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...cors }).end(BIG_PAGE);
    if (url.pathname.startsWith('/product/')) return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...cors }).end(WOO_PAGE);
    res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not found</h1>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

async function launch(port: number): Promise<BrowserContext> {
  return chromium.launchPersistentContext(mkdtempSync(path.join(tmpdir(), 'postcart-bench-linked-')), {
    executablePath: CHROMIUM,
    headless: true,
    locale: 'en-US',
    viewport: { width: 1280, height: 900 },
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--lang=en-US', '--disable-background-networking', '--disable-component-update', '--disable-sync',
      `--host-resolver-rules=MAP *.bench.example 127.0.0.1:${port}`,
      '--ignore-certificate-errors',
      `--disable-extensions-except=${BUILD}`,
      `--load-extension=${BUILD}`,
    ],
  });
}

async function workerOf(context: BrowserContext): Promise<Worker> {
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  // The worker holds the permission of the fake page shops (Chromium's own prompt cannot be answered headless).
  await worker.evaluate(() => {
    type Query = { origins?: string[] };
    const permissions = (globalThis as unknown as { chrome: { permissions: { contains: (query: Query, callback?: (has: boolean) => void) => unknown } } }).chrome.permissions;
    permissions.contains = (query, callback) => {
      const has = (query.origins ?? []).every((pattern) => /^https:\/\/[a-z0-9-]+\.bench\.example\/\*$/.test(pattern));
      callback?.(has);
      return Promise.resolve(has);
    };
  });
  return worker;
}

interface Timing {
  p50: number;
  p95: number;
}

function summary(samples: number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => Math.round((sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0) * 100) / 100;
  return { p50: at(0.5), p95: at(0.95) };
}

/** Times, in the worker, a "Check price" on a post linking to each URL (each a product never read), and a bare fetch of what it reads. */
async function resolveInWorker(worker: Worker, urls: string[], reads: (url: string) => string[]): Promise<{ check: Timing; fetch: Timing; outcomes: string[] }> {
  return worker.evaluate(
    async ({ urls, reads }) => {
      const g = globalThis as unknown as { postcart: { handleMessage(m: unknown, s: unknown): Promise<{ ok: boolean; data?: { ok: boolean; reason?: string } }> }; chrome: { runtime: { id: string } } };
      const sender = { id: g.chrome.runtime.id, url: 'https://www.pinterest.com/', tab: { id: 1 } };
      const check: number[] = [];
      const bare: number[] = [];
      const outcomes: string[] = [];
      for (const [i, url] of urls.entries()) {
        const post = { platform: 'pinterest', postId: `b${i}`, url: `https://www.pinterest.com/pin/b${i}/`, author: null, caption: null, links: [url] };
        let start = performance.now();
        const reply = await g.postcart.handleMessage({ type: 'check-linked', post, trusted: true }, sender);
        check.push(performance.now() - start);
        outcomes.push(reply.ok && reply.data?.ok ? 'ok' : `${reply.data?.reason ?? 'refused'}`);
        start = performance.now();
        for (const read of reads[i]!) {
          try {
            await (await fetch(read, { credentials: 'omit', cache: 'no-store' })).text();
          } catch (error) {
            throw new Error(`${read}: ${String(error)}`);
          }
        }
        bare.push(performance.now() - start);
      }
      return { check, bare, outcomes };
    },
    { urls, reads: urls.map(reads) },
  ).then(({ check, bare, outcomes }) => ({ check: summary(check), fetch: summary(bare), outcomes }));
}

/** A Pinterest grid pin linking to product `i` of one of 40 uncatalogued Shopify stores. */
function linkedPin(i: number): string {
  const link = `https://shop${i % 40}.bench.example/products/item-${i}?utm_source=pinterest`;
  const domain = `<div data-test-id="pointer-events-wrapper" class="Vq8cLw"><a aria-label="shop${i % 40}.bench.example" class="dP7uYh" href="${link}" rel="nofollow noopener" tabindex="0" target="_blank"><div class="Wn3tPx">shop${i % 40}.bench.example</div></a></div>`;
  return pinterest.post(i).replace('<div data-test-id="pointer-events-wrapper" class="Vq8cLw qR6bNs">', `${domain}<div data-test-id="pointer-events-wrapper" class="Vq8cLw qR6bNs">`);
}

interface ScrollResult {
  auto: boolean;
  posts: number;
  chips: number;
  buyButtons: number;
  shopReads: number;
  mainThreadMsPer100: number;
  scriptMsPer100: number;
  longTasks: number;
}

/** The feed scrolled as fast as posts arrive, with the automatic mode off or on. */
async function scroll(context: BrowserContext, worker: Worker, auto: boolean): Promise<ScrollResult> {
  await worker.evaluate(async (linkedAuto) => {
    const g = globalThis as unknown as { chrome: { storage: { local: { set(items: unknown): Promise<void> } } } };
    await g.chrome.storage.local.set({ settings: { sellerMode: false, analytics: false, linkedAuto, linkedPerMinute: 20 } });
  }, auto);
  await context.route('https://www.pinterest.com/**', (route) =>
    route.request().resourceType() === 'document' ? route.fulfill({ contentType: 'text/html; charset=utf-8', body: pinterest.shell }) : route.fulfill({ status: 404, body: '' }),
  );
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  await page.addInitScript(() => {
    const seen: number[] = [];
    new PerformanceObserver((list) => list.getEntries().forEach((entry) => seen.push(entry.duration))).observe({ type: 'longtask', buffered: true });
    (window as unknown as { __longTasks: number[] }).__longTasks = seen;
  });
  await page.goto(pinterest.url);
  await page.waitForTimeout(1000);
  const metrics = async () => Object.fromEntries(((await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] }).metrics.map((m) => [m.name, m.value]));
  const before = await metrics();
  let buyButtons = 0;
  let chips = 0;
  for (let i = 0; i < SCROLL_POSTS; i += BATCH) {
    const html = Array.from({ length: BATCH }, (_, k) => linkedPin(i + k)).join('');
    const counts = await page.evaluate(
      ([container, h]) => {
        const host = document.querySelector(container)!;
        const template = document.createElement('template');
        template.innerHTML = h;
        host.append(...template.content.children);
        while (host.children.length > 50) host.firstElementChild!.remove();
        // The shopper's view follows the newest posts, the way a fast scroll does.
        host.lastElementChild!.scrollIntoView({ block: 'end' });
        const shadows = [...document.querySelectorAll('postcart-overlay')].map((el) => el.shadowRoot);
        return { buy: shadows.filter((root) => root?.querySelector('button.buy')).length, chips: shadows.filter((root) => root?.querySelector('button.chip')).length };
      },
      [pinterest.container, html] as const,
    );
    buyButtons = Math.max(buyButtons, counts.buy);
    chips = Math.max(chips, counts.chips);
    await page.waitForTimeout(PACE_MS);
  }
  await page.waitForTimeout(1500);
  const after = await metrics();
  const longTasks = await page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks.filter((d) => d > 50).length);
  const shopReads = await worker.evaluate(async () => {
    const g = globalThis as unknown as { postcart: { db: { table(name: string): { count(): Promise<number> } } } };
    return g.postcart.db.table('linked').count();
  });
  await page.close();
  await context.unroute('https://www.pinterest.com/**');
  return {
    auto,
    posts: SCROLL_POSTS,
    chips,
    buyButtons,
    shopReads,
    mainThreadMsPer100: Math.round((((after.TaskDuration ?? 0) - (before.TaskDuration ?? 0)) * 1000 * 100) / SCROLL_POSTS * 10) / 10,
    scriptMsPer100: Math.round((((after.ScriptDuration ?? 0) - (before.ScriptDuration ?? 0)) * 1000 * 100) / SCROLL_POSTS * 10) / 10,
    longTasks,
  };
}

test('linked products in the browser', async () => {
  if (!existsSync(path.join(BUILD, 'manifest.json'))) throw new Error(`No built extension at ${BUILD}: run \`npx wxt build\` first`);
  const { server, port } = await startShops();
  try {
    const context = await launch(port);
    let resolution: Record<string, { check: Timing; fetch: Timing; outcomes: string[] }>;
    try {
      const worker = await workerOf(context);
      await worker.evaluate(async () => {
        // The demo catalog first, so its import does not run beside the measurements.
        const g = globalThis as unknown as { postcart: { handleMessage(m: unknown, s: unknown): Promise<{ ok: boolean; data?: { products: number } }> }; chrome: { runtime: { id: string } } };
        for (let i = 0; i < 100; i += 1) {
          const status = await g.postcart.handleMessage({ type: 'catalog-status' }, { id: g.chrome.runtime.id, url: 'chrome-extension://x/popup.html' });
          if (status.ok && (status.data?.products ?? 0) > 0) return;
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
      });
      const ids = Array.from({ length: RUNS }, (_, i) => i);
      resolution = {
        // A store never seen: its .js, then its cart.js for the currency.
        shopifyNewStore: await resolveInWorker(worker, ids.map((i) => `https://cold${i}.bench.example/products/dress-${i}`), (url) => [`${url}.js`, `${new URL(url).origin}/cart.js`]),
        // A store seen before (currency known): its .js only.
        shopifyKnownStore: await resolveInWorker(worker, ids.map((i) => `https://warm.bench.example/products/dress-${i}`), (url) => [`${url}.js`]),
        wooCommercePage: await resolveInWorker(worker, ids.map((i) => `https://woo.bench.example/product/towel-${i}/`), (url) => [url]),
        page1_48MB: await resolveInWorker(worker, ids.slice(0, Math.max(5, Math.floor(RUNS / 4))).map((i) => `https://big.bench.example/product/big-${i}/`), (url) => [url]),
      };
    } finally {
      await context.close();
    }
    for (const [label, row] of Object.entries(resolution)) {
      if (row.outcomes.some((outcome) => outcome !== 'ok')) throw new Error(`${label}: ${row.outcomes.join(', ')}`);
    }

    // Side by side: the same feed with the automatic mode off, then on, alternating, each in a fresh profile.
    const rounds: ScrollResult[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      for (const auto of [false, true]) {
        const fresh = await launch(port);
        try {
          rounds.push(await scroll(fresh, await workerOf(fresh), auto));
        } finally {
          await fresh.close();
        }
      }
    }
    const scrolls = [false, true].map((auto) => medianOf(rounds.filter((row) => row.auto === auto)));

    const result = { at: new Date().toISOString(), runs: RUNS, perMinute: PER_MINUTE, resolution, scrolls, rounds };
    mkdirSync(path.join(ROOT, 'tests/bench/results'), { recursive: true });
    const partial = Boolean(process.env.LINKED_BROWSER_RUNS || process.env.LINKED_SCROLL_POSTS || process.env.LINKED_SCROLL_ROUNDS);
    writeFileSync(path.join(ROOT, `tests/bench/results/${partial ? 'linked-browser-partial' : 'linked-browser'}.json`), `${JSON.stringify(result, null, 2)}\n`);
    const report = section(result);
    console.log(report);
    if (!partial) writeSection(report);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});

/** Each measure's median over the rounds of one set-up. */
function medianOf(rows: ScrollResult[]): ScrollResult {
  const median = (pick: (row: ScrollResult) => number) => {
    const values = rows.map(pick).sort((a, b) => a - b);
    return values[Math.floor(values.length / 2)] ?? 0;
  };
  return {
    auto: rows[0]?.auto ?? false,
    posts: rows[0]?.posts ?? 0,
    chips: median((row) => row.chips),
    buyButtons: median((row) => row.buyButtons),
    shopReads: median((row) => row.shopReads),
    mainThreadMsPer100: median((row) => row.mainThreadMsPer100),
    scriptMsPer100: median((row) => row.scriptMsPer100),
    longTasks: median((row) => row.longTasks),
  };
}

function section(r: { at: string; runs: number; resolution: Record<string, { check: Timing; fetch: Timing }>; scrolls: ScrollResult[]; rounds: ScrollResult[] }): string {
  const labels: Record<string, string> = {
    shopifyNewStore: 'Shopify store never seen (.js + cart.js)',
    shopifyKnownStore: 'Shopify store seen before (.js)',
    wooCommercePage: 'WooCommerce page, JSON-LD (2 KB)',
    page1_48MB: '1.48 MB product page',
  };
  const [off, on] = r.scrolls;
  const ratio = (pick: (row: ScrollResult) => number) => (off && on && pick(off) > 0 ? Math.round((pick(on) / pick(off)) * 100) / 100 : null);
  const range = (auto: boolean, pick: (row: ScrollResult) => number) => {
    const values = r.rounds.filter((row) => row.auto === auto).map(pick);
    return `${Math.min(...values)}–${Math.max(...values)}`;
  };
  return [
    '## Products from linked shops (`tests/bench/linked-browser.bench.ts`, `tests/bench/linked.bench.ts`)',
    '',
    `${r.at.slice(0, 10)}, Debian Chromium headless with the build, on a shared 2-core machine. \`npx wxt build && npx playwright test -c tests/bench/playwright.config.ts linked.bench linked-browser.bench\` reruns both (this section is written by linked-browser.bench.ts; \`LINKED_BROWSER_RUNS\` and \`LINKED_SCROLL_POSTS\` narrow a run, which then writes only tests/bench/results/linked-browser-partial.json). The node-side parse times per page are in tests/bench/results/linked.json.`,
    '',
    `Resolution time per product, in the worker: a "Check price" as the worker answers it (classify, cache, the shop's answers, parsing, the catalog write, the post's offers), against fake shops on an HTTPS server on 127.0.0.1, beside a bare \`fetch\` + \`text()\` of the same answers from the same worker (the network floor). ${r.runs} products per row, each read once.`,
    '',
    '| product | check price p50 / p95 ms | bare fetch p50 / p95 ms | ours (p50 difference) ms |',
    '|---|---|---|---|',
    ...Object.entries(r.resolution).map(([key, row]) => `| ${labels[key] ?? key} | ${row.check.p50} / ${row.check.p95} | ${row.fetch.p50} / ${row.fetch.p95} | ${Math.round((row.check.p50 - row.fetch.p50) * 100) / 100} |`),
    '',
    `The automatic mode while scrolling: ${off?.posts ?? 0} Pinterest pins, each linking a product of one of 40 uncatalogued Shopify stores, appended 10 every ${PACE_MS} ms while the view follows them and the page keeps 50 (about ${Math.round(((off?.posts ?? 0) / BATCH) * PACE_MS / 1000)} s); the mode off and on (N = ${PER_MINUTE} a minute) alternating, ${r.rounds.length / 2} rounds each, every run in a fresh profile; medians (range over the rounds). Main thread = Chromium TaskDuration of the page per 100 pins (the page's own work included, which dominates and is noisy here); script = ScriptDuration (the page's scripts and the content script). The shops' requests and parsing run in the worker, off the page's main thread.`,
    '',
    '| automatic mode | chips (most at once) | buy buttons (most at once) | products read | main thread ms / 100 pins | script ms / 100 pins | long tasks > 50 ms |',
    '|---|---|---|---|---|---|---|',
    ...r.scrolls.map((row) => `| ${row.auto ? 'on' : 'off'} | ${row.chips} | ${row.buyButtons} | ${row.shopReads} | ${row.mainThreadMsPer100} (${range(row.auto, (x) => x.mainThreadMsPer100)}) | ${row.scriptMsPer100} (${range(row.auto, (x) => x.scriptMsPer100)}) | ${row.longTasks} |`),
    '',
    `On against off, same run: ${ratio((row) => row.mainThreadMsPer100)}× the main-thread time, ${ratio((row) => row.scriptMsPer100)}× the script time. Products read stays at what N a minute allows over the scroll (a burst of N/4, then the rest of N over the minute), one per product.`,
    '',
  ].join('\n');
}

function writeSection(text: string): void {
  const file = path.join(ROOT, 'BENCHMARKS.md');
  let page = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const start = page.indexOf('## Products from linked shops');
  if (start < 0) {
    writeFileSync(file, `${page.trimEnd()}\n\n${text}`);
    return;
  }
  const next = page.indexOf('\n## ', start + 1);
  page = `${page.slice(0, start)}${text}${next < 0 ? '' : page.slice(next + 1)}`;
  writeFileSync(file, page);
}
