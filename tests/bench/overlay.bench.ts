/**
 * Overlay benchmark, in real Chromium, per site, set-ups side by side in one run:
 * - `none`: no extension (the page's own cost);
 * - `floor`: a bare content script that does "querySelector + append a button" for every post;
 * - `ask`: the same floor asking its worker about each batch first (the messaging floor);
 * - `postcart`: the built extension as a shopper has it (buttons, dots on pinned posts, anonymous
 *   events on), and the same without dots (posts that link to the product instead of pinned
 *   tags), without events, and in seller mode.
 * Run with `npm run bench`; results go to tests/bench/results/overlay.json and BENCHMARKS.md
 * (report: overlay-report.ts). Main-thread figures are thread time from a timeline trace of each
 * phase (trace.ts), not wall time: the machine is shared.
 */
import { test, chromium, type BrowserContext, type CDPSession, type Page, type Worker } from '@playwright/test';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { instrument, type Bench, type FeedResult, type SameFrameResult } from './page';
import { report, type Mode, type Result } from './overlay-report';
import type { BenchSite } from './site';
import { summarize, TRACE_CATEGORIES, type PhaseTrace, type TraceEvent } from './trace';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BUILD = process.env.POSTCART_EXTENSION ?? path.join(ROOT, '.output/chrome-mv3');
/** A baseline build (e.g. of the branch point) for the `postcart-before` set-up: before and after in one run. */
const BASELINE = process.env.POSTCART_BASELINE ?? null;
const FLOOR = path.join(ROOT, 'tests/bench/floor-extension');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const POSTS = Number(process.env.BENCH_POSTS ?? 1000);
const SCROLL_POSTS = Number(process.env.BENCH_SCROLL_POSTS ?? 5000);
/** The paced phase: posts arriving as a fast scroll brings them, one batch every PACE_MS. */
const PACED_POSTS = Number(process.env.BENCH_PACED_POSTS ?? 500);
/** The scroll phase: posts of a feed scrolled through at SCROLL_SPEED. */
const FEED_POSTS = Number(process.env.BENCH_FEED_POSTS ?? 120);
const SCROLL_SPEED = 3000;
const PACE_MS = 250;
const BATCH = 10;
/** Every TAG_EVERY-th post carries a product, as in a real feed where most posts sell nothing. */
const TAG_EVERY = 5;
/** The demo catalog's product the tagged posts show, and its page (for posts that link to it). */
const PRODUCT = { id: 'acme:1001', variantId: '40110010002', url: 'https://acme.example/products/trail-jacket' };
/**
 * BENCH_PROFILE=1 also saves a CPU profile of the stress phase and each phase's trace per site and
 * set-up to tests/.artifacts/bench-profiles/ (open them in DevTools). Build with NO_MINIFY=1 for
 * readable function names.
 */
const PROFILE = process.env.BENCH_PROFILE === '1';
const ALL_MODES: Mode[] = ['none', 'floor', 'ask', ...(BASELINE ? (['postcart-before'] as const) : []), 'postcart', 'postcart-links', 'postcart-quiet', 'postcart-seller'];
const MODES = process.env.BENCH_MODES ? (process.env.BENCH_MODES.split(',') as Mode[]) : ALL_MODES;
/** Set-ups that run every phase; the variants of Postcart run the idle and stress phases only. */
const FULL: ReadonlySet<Mode> = new Set(['none', 'floor', 'ask', 'postcart-before', 'postcart']);

/** Index ranges of the posts each phase inserts (each post once per run). */
const RANGES = {
  stress: 0,
  removal: POSTS,
  paced: POSTS + SCROLL_POSTS,
  feed: POSTS + SCROLL_POSTS + PACED_POSTS,
  end: POSTS + SCROLL_POSTS + PACED_POSTS + FEED_POSTS,
};
const isTagged = (i: number) => i % TAG_EVERY === 0;

async function loadSites(): Promise<BenchSite[]> {
  const dir = path.join(ROOT, 'tests/bench/sites');
  const only = process.env.BENCH_SITES?.split(',');
  const sites: BenchSite[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts')).sort()) {
    const mod = (await import(path.join(dir, file))) as { site: BenchSite };
    if (!only || only.includes(mod.site.platform)) sites.push(mod.site);
  }
  return sites;
}

async function launch(mode: Mode): Promise<BrowserContext> {
  if (mode === 'postcart-before' && !BASELINE) throw new Error('postcart-before needs POSTCART_BASELINE (the path of a baseline build)');
  const extension = mode === 'postcart-before' ? BASELINE : mode.startsWith('postcart') ? BUILD : mode === 'none' ? null : FLOOR;
  const args = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--lang=en-US', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--js-flags=--expose-gc'];
  if (extension) args.push(`--disable-extensions-except=${extension}`, `--load-extension=${extension}`);
  return chromium.launchPersistentContext(mkdtempSync(path.join(tmpdir(), `postcart-bench-${mode}-`)), {
    executablePath: CHROMIUM,
    headless: true,
    locale: 'en-US',
    viewport: { width: 1280, height: 900 },
    args,
  });
}

async function serviceWorker(context: BrowserContext): Promise<Worker> {
  return context.serviceWorkers().at(-1) ?? (await context.waitForEvent('serviceworker'));
}

/**
 * Prepares Postcart as the set-up needs it, through the extension's own messages from its popup
 * page: the tagged posts (as a seller saves them), the settings.
 */
async function prepare(context: BrowserContext, site: BenchSite, mode: Mode): Promise<void> {
  const id = new URL((await serviceWorker(context)).url()).host;
  const page = await context.newPage();
  await page.goto(`chrome-extension://${id}/popup.html`);
  const postIds = mode === 'postcart-links' ? [] : Array.from({ length: RANGES.end }, (_, i) => i).filter(isTagged).map((i) => site.postId(i));
  await page.evaluate(
    async ({ platform, postIds, product, seller, analytics }) => {
      const send = (m: unknown) => (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<{ ok: boolean; data?: { products: number } }> } } }).chrome.runtime.sendMessage(m);
      for (let i = 0; i < 100; i += 1) {
        const status = await send({ type: 'catalog-status' });
        if (status.ok && (status.data?.products ?? 0) > 0) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      await send({ type: 'set-settings', settings: { sellerMode: true, analytics } });
      for (let i = 0; i < postIds.length; i += 25) {
        await Promise.all(
          postIds.slice(i, i + 25).map((postId) => send({ type: 'save-post-tags', platform, postId, tags: [{ id: null, productId: product.id, variantId: product.variantId, x: 0.5, y: 0.5 }], trusted: true })),
        );
      }
      await send({ type: 'set-settings', settings: { sellerMode: seller, analytics } });
    },
    { platform: site.platform, postIds, product: PRODUCT, seller: mode === 'postcart-seller', analytics: mode !== 'postcart-quiet' },
  );
  await page.close();
}

/** Counts, in the extension's worker, the posts content scripts ask about and its IndexedDB requests. */
async function countWorker(context: BrowserContext): Promise<() => Promise<{ postsAsked: number; dbRequests: number } | null>> {
  const worker = await serviceWorker(context);
  await worker.evaluate(() => {
    const g = globalThis as unknown as { __benchCounts?: { postsAsked: number; dbRequests: number }; chrome: { runtime: { onMessage: { addListener(f: (m: unknown) => void): void } } } };
    if (g.__benchCounts) return;
    const counts = (g.__benchCounts = { postsAsked: 0, dbRequests: 0 });
    g.chrome.runtime.onMessage.addListener((m) => {
      const message = m as { type?: string; posts?: unknown[] };
      if (message?.type === 'lookup-posts') counts.postsAsked += message.posts?.length ?? 0;
    });
    for (const proto of [IDBObjectStore.prototype, IDBIndex.prototype] as unknown as Record<string, (...a: unknown[]) => unknown>[]) {
      for (const name of ['get', 'getAll', 'getAllKeys', 'getKey', 'count', 'openCursor', 'openKeyCursor']) {
        const original = proto[name];
        if (!original) continue;
        proto[name] = function (this: unknown, ...args: unknown[]) {
          counts.dbRequests += 1;
          return original.apply(this, args);
        };
      }
    }
  });
  const read = () => worker.evaluate(() => (globalThis as unknown as { __benchCounts?: { postsAsked: number; dbRequests: number } }).__benchCounts ?? null);
  const before = await read();
  return async () => {
    // The worker may have been stopped and replaced since: then nothing can be said.
    if (!context.serviceWorkers().includes(worker)) return null;
    const after = await read().catch(() => null);
    return after && before ? { postsAsked: after.postsAsked - before.postsAsked, dbRequests: after.dbRequests - before.dbRequests } : null;
  };
}

async function metrics(cdp: CDPSession): Promise<Record<string, number>> {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  return Object.fromEntries(metrics.map((m) => [m.name, m.value]));
}

async function heapMB(page: Page, cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  await page.waitForTimeout(100);
  await cdp.send('HeapProfiler.collectGarbage');
  return (await metrics(cdp)).JSHeapUsedSize! / 1024 / 1024;
}

/** Runs `work` under a timeline trace of the page and sums up the page's main thread. */
async function traced(cdp: CDPSession, name: string, scriptPrefix: string | null, work: () => Promise<void>): Promise<PhaseTrace> {
  const events: TraceEvent[] = [];
  const onData = (e: { value: unknown[] }) => void events.push(...(e.value as TraceEvent[]));
  cdp.on('Tracing.dataCollected', onData);
  await cdp.send('Tracing.start', { categories: TRACE_CATEGORIES, transferMode: 'ReportEvents' });
  await work();
  const done = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.end');
  await done;
  cdp.off('Tracing.dataCollected', onData);
  if (PROFILE) {
    const dir = path.join(ROOT, 'tests/.artifacts/bench-profiles');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, `${name}.trace.json`), JSON.stringify(events));
  }
  return summarize(events, scriptPrefix);
}

function percentile(values: number[], p: number): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function runSite(site: BenchSite, mode: Mode): Promise<Result> {
  const context = await launch(mode);
  try {
    const extension = mode === 'none' ? null : await serviceWorker(context);
    const scriptPrefix = extension ? `chrome-extension://${new URL(extension.url()).host}/` : null;
    if (mode.startsWith('postcart')) await prepare(context, site, mode);
    const link = mode === 'postcart-links' ? PRODUCT.url : undefined;
    const html = (i: number) => site.post(i, isTagged(i) ? link : undefined);
    const batchHtml = (from: number) => Array.from({ length: BATCH }, (_, k) => html(from + k)).join('');
    const container = site.container;
    await context.route(`${new URL(site.url).origin}/**`, (route) =>
      route.request().resourceType() === 'document'
        ? route.fulfill({ contentType: 'text/html; charset=utf-8', body: site.shell })
        : route.fulfill({ status: 404, body: '' }),
    );
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    page.on('pageerror', (error) => console.error(`[${site.platform}/${mode}] page error: ${error.message}`));
    await page.addInitScript(instrument);
    const append = (from: number, keep: number) => page.evaluate(([c, h, k]) => (window as unknown as { __bench: Bench }).__bench.append(c, h, k), [container, batchHtml(from), keep] as const);
    const empty = () => page.evaluate((c) => document.querySelector(c)!.replaceChildren(), container);
    // The floor extension finds the container (and whether to ask its worker) from the URL fragment.
    await page.goto(`${site.url}#floor=${encodeURIComponent(container)}${mode === 'ask' ? '&ask=1' : ''}`);
    await page.waitForTimeout(1500);
    const full = FULL.has(mode);
    const name = (phase: string) => `${site.platform}-${mode}-${phase}`;

    // Idle: a page with no posts, doing nothing.
    const idle = await traced(cdp, name('idle'), scriptPrefix, () => page.waitForTimeout(5000));

    // Paced: batches of 10 every PACE_MS on an empty feed, the speed of a fast scroll.
    let paced: number[] = [];
    let pacedTrace: PhaseTrace | null = null;
    if (full) {
      pacedTrace = await traced(cdp, name('paced'), scriptPrefix, async () => {
        for (let i = 0; i < PACED_POSTS; i += BATCH) {
          await append(RANGES.paced + i, 0);
          await page.waitForTimeout(PACE_MS);
        }
        await page.waitForTimeout(1000);
      });
      await empty();
      paced = await page.evaluate(() => (window as unknown as { __bench: Bench }).__bench.latencies.splice(0));
    }

    // Stress: POSTS posts appended in batches of 10, one batch per frame or so.
    if (PROFILE) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
      await cdp.send('Profiler.start');
    }
    const workerCounts = mode.startsWith('postcart') ? await countWorker(context) : null;
    const stress = await traced(cdp, name('stress'), scriptPrefix, async () => {
      for (let i = 0; i < POSTS; i += BATCH) {
        await append(RANGES.stress + i, 0);
        await page.waitForTimeout(16);
      }
      await page.waitForTimeout(1500);
    });
    const asked = workerCounts ? await workerCounts() : null;
    if (PROFILE) {
      const { profile } = (await cdp.send('Profiler.stop')) as { profile: unknown };
      writeFileSync(path.join(ROOT, 'tests/.artifacts/bench-profiles', `${site.platform}-${mode}.cpuprofile`), JSON.stringify(profile));
    }
    const heapAt1000MB = await heapMB(page, cdp);
    const { latencies, buttons } = await page.evaluate(() => {
      const b = (window as unknown as { __bench: Bench }).__bench;
      return { latencies: b.latencies.splice(0), buttons: b.buttons };
    });

    let heapAfterScrollMB: number | null = null;
    let feed: FeedResult | null = null;
    let feedTrace: PhaseTrace | null = null;
    let back: SameFrameResult | null = null;
    let navigated: SameFrameResult | null = null;
    if (full) {
      // Scroll 5,000 posts with removal: the page keeps 50 in the DOM, like a virtualized feed.
      await empty();
      for (let i = 0; i < SCROLL_POSTS; i += BATCH) {
        await append(RANGES.removal + i, 50);
        if (i % 200 === 0) await page.waitForTimeout(16);
      }
      await page.waitForTimeout(1500);
      heapAfterScrollMB = await heapMB(page, cdp);
      await empty();

      // The shopper scrolls a feed at SCROLL_SPEED while it inserts posts ahead as the site does.
      if (mode !== 'none') {
        const posts = Array.from({ length: FEED_POSTS }, (_, k) => html(RANGES.feed + k));
        const tagged = posts.map((_, k) => k).filter((k) => isTagged(RANGES.feed + k));
        feedTrace = await traced(cdp, name('scroll'), scriptPrefix, async () => {
          feed = await page.evaluate((o) => (window as unknown as { __bench: Bench }).__bench.scrollFeed(o), { container, posts, tagged, batch: site.feed.batch, aheadPx: site.feed.aheadPx, speed: SCROLL_SPEED });
        });
        // Posts the tab has answers for, back as new elements: scrolled back to, and after an SPA
        // navigation away and back.
        const seenTagged = tagged.map((k) => posts[k]!);
        const reinsert = (navigateTo: string | null) => page.evaluate((o) => (window as unknown as { __bench: Bench }).__bench.reinsert(o), { container, posts: seenTagged, navigateTo });
        back = await reinsert(null);
        navigated = await reinsert(`${new URL(site.url).origin}/bench-elsewhere/`);
      }
    }

    return {
      site: site.platform,
      mode,
      buttons,
      latencyP50: percentile(latencies, 50),
      latencyP95: percentile(latencies, 95),
      pacedP50: percentile(paced, 50),
      pacedP95: percentile(paced, 95),
      idle,
      paced: pacedTrace,
      stress,
      scroll: feedTrace,
      feed,
      back,
      navigated,
      postsAsked: asked?.postsAsked ?? null,
      dbRequests: asked?.dbRequests ?? null,
      taggedInStress: Array.from({ length: POSTS }, (_, i) => RANGES.stress + i).filter(isTagged).length,
      heapAt1000MB,
      heapAfterScrollMB,
    };
  } finally {
    await context.close();
  }
}

function contentScriptSizes(): Record<string, { bytes: number; gzip: number }> {
  const dir = path.join(BUILD, 'content-scripts');
  const out: Record<string, { bytes: number; gzip: number }> = {};
  if (!existsSync(dir)) return out;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.js'))) {
    const body = readFileSync(path.join(dir, file));
    out[file] = { bytes: body.length, gzip: gzipSync(body, { level: 9 }).length };
  }
  return out;
}

test('overlay benchmark', async () => {
  test.setTimeout(180 * 60_000);
  const results: Result[] = [];
  const load: number[] = [];
  const sites = await loadSites();
  for (const site of sites) {
    for (const mode of MODES) {
      load.push(loadavg()[0]!);
      const result = await runSite(site, mode);
      console.log(JSON.stringify({ ...result, feed: result.feed && { ...result.feed, seen: undefined } }));
      results.push(result);
    }
  }
  load.push(loadavg()[0]!);
  const sizes = contentScriptSizes();
  const settings = { posts: POSTS, scrollPosts: SCROLL_POSTS, pacedPosts: PACED_POSTS, feedPosts: FEED_POSTS, batch: BATCH, paceMs: PACE_MS, tagEvery: TAG_EVERY, scrollSpeed: SCROLL_SPEED, load: { min: Math.min(...load), max: Math.max(...load), mean: load.reduce((a, b) => a + b, 0) / load.length } };
  mkdirSync(path.join(ROOT, 'tests/bench/results'), { recursive: true });
  // A narrowed run (fewer sites, set-ups or posts) must not overwrite the published full results.
  const partial = ['BENCH_SITES', 'BENCH_MODES', 'BENCH_POSTS', 'BENCH_SCROLL_POSTS', 'BENCH_PACED_POSTS', 'BENCH_FEED_POSTS'].some((key) => process.env[key]);
  const name = partial ? 'overlay-partial' : 'overlay';
  writeFileSync(path.join(ROOT, `tests/bench/results/${name}.json`), `${JSON.stringify({ settings, results, sizes }, null, 2)}\n`);
  const file = path.join(ROOT, 'BENCHMARKS.md');
  const text = report({ settings, results, sizes, sites: sites.map((s) => ({ platform: s.platform, feed: s.feed })), previous: existsSync(file) ? readFileSync(file, 'utf8') : '' });
  writeFileSync(partial ? path.join(ROOT, 'tests/bench/results/overlay-partial.md') : file, text);
});
