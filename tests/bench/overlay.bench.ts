/**
 * Overlay benchmark, in real Chromium, per site, three set-ups side by side in one run:
 * - `none`: no extension (the page's own cost);
 * - `floor`: a bare content script that does "querySelector + append a button" for every post;
 * - `postcart`: the built extension (batched lookups, shadow roots, Preact).
 * Run with `npm run bench`; results go to tests/bench/results/overlay.json and BENCHMARKS.md.
 */
import { test, chromium, type BrowserContext, type CDPSession, type Page } from '@playwright/test';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BenchSite } from './site';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BUILD = process.env.POSTCART_EXTENSION ?? path.join(ROOT, '.output/chrome-mv3');
const FLOOR = path.join(ROOT, 'tests/bench/floor-extension');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const POSTS = Number(process.env.BENCH_POSTS ?? 1000);
const SCROLL_POSTS = Number(process.env.BENCH_SCROLL_POSTS ?? 5000);
const BATCH = 10;
/** Every TAG_EVERY-th post carries a product, as in a real feed where most posts sell nothing. */
const TAG_EVERY = 5;

type Mode = 'none' | 'floor' | 'ask' | 'postcart';
/**
 * BENCH_PROFILE=1 saves a CPU profile and a timeline trace (layouts, style recalcs, paints) of the
 * 1,000-post phase per site and set-up, to tests/.artifacts/bench-profiles/ (open them in DevTools).
 * Build with NO_MINIFY=1 for readable function names.
 */
const PROFILE = process.env.BENCH_PROFILE === '1';
const MODES: Mode[] = ['none', 'floor', 'ask', 'postcart'];
/** The paced phase: posts arriving as a fast scroll brings them, one batch every PACE_MS. */
const PACED_POSTS = Number(process.env.BENCH_PACED_POSTS ?? 500);
const PACE_MS = 250;

interface Result {
  site: string;
  mode: Mode;
  buttons: number;
  latencyP50: number | null;
  latencyP95: number | null;
  pacedP50: number | null;
  pacedP95: number | null;
  mainThreadMsPer100: number;
  longTasks: number;
  longestTaskMs: number;
  heapAt1000MB: number;
  heapAfterScrollMB: number;
  idleMsPer5s: number;
}

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
  const extension = mode === 'postcart' ? BUILD : mode === 'none' ? null : FLOOR;
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

/** Tags every TAG_EVERY-th synthetic post through the background, as a seller would. */
async function tagPosts(context: BrowserContext, site: BenchSite, count: number): Promise<void> {
  let [worker] = context.serviceWorkers();
  worker ??= await context.waitForEvent('serviceworker');
  const id = new URL(worker.url()).host;
  const page = await context.newPage();
  await page.goto(`chrome-extension://${id}/popup.html`);
  const postIds = Array.from({ length: count }, (_, i) => i).filter((i) => i % TAG_EVERY === 0).map((i) => site.postId(i));
  await page.evaluate(
    async ({ platform, postIds }) => {
      const send = (m: unknown) => (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<{ ok: boolean; data?: { products: number } }> } } }).chrome.runtime.sendMessage(m);
      for (let i = 0; i < 100; i += 1) {
        const status = await send({ type: 'catalog-status' });
        if (status.ok && (status.data?.products ?? 0) > 0) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      await send({ type: 'set-settings', settings: { sellerMode: true } });
      for (const postId of postIds) {
        await send({ type: 'save-post-tags', platform, postId, tags: [{ id: null, productId: 'acme:1001', variantId: '40110010002', x: 0.5, y: 0.5 }], trusted: true });
      }
      await send({ type: 'set-settings', settings: { sellerMode: false } });
    },
    { platform: site.platform, postIds },
  );
  await page.close();
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

function percentile(values: number[], p: number): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Main-world instrumentation: appends posts in batches, timestamps each post and each button. */
function instrument(container: string) {
  const w = window as unknown as Record<string, unknown>;
  const inserted = new Map<Element, number>();
  const latencies: number[] = [];
  const longTasks: number[] = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) longTasks.push(entry.duration);
  }).observe({ type: 'longtask', buffered: true });
  new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) {
        if (!(node instanceof Element)) continue;
        // Postcart's hosts have random custom element names in production builds (utils/overlay/names.ts).
        if (!node.localName.includes('-') && !node.classList.contains('floor-buy')) continue;
        let post: Element | null = node;
        while (post && !inserted.has(post)) post = post.parentElement;
        if (!post) continue;
        const start = inserted.get(post)!;
        inserted.delete(post);
        // The button is painted in the frame after it is added.
        requestAnimationFrame(() => latencies.push(performance.now() - start));
      }
    }
  }).observe(document, { childList: true, subtree: true });
  w.__bench = {
    latencies,
    longTasks,
    append(html: string, keep: number) {
      const host = document.querySelector(container)!;
      const template = document.createElement('template');
      template.innerHTML = html;
      const nodes = [...template.content.children];
      const now = performance.now();
      for (const node of nodes) inserted.set(node, now);
      host.append(...nodes);
      while (keep > 0 && host.children.length > keep) {
        const first = host.firstElementChild!;
        inserted.delete(first);
        first.remove();
      }
      return host.children.length;
    },
  };
}

async function runSite(site: BenchSite, mode: Mode): Promise<Result> {
  const context = await launch(mode);
  try {
    if (mode === 'postcart') await tagPosts(context, site, Math.max(POSTS, SCROLL_POSTS));
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
    await page.addInitScript(instrument, container);
    // The floor extension finds the container (and whether to ask its worker) from the URL fragment.
    await page.goto(`${site.url}#floor=${encodeURIComponent(container)}${mode === 'ask' ? '&ask=1' : ''}`);
    await page.waitForTimeout(1000);

    // Idle: a page with no posts, doing nothing, for 5 s.
    const idle0 = await metrics(cdp);
    await page.waitForTimeout(5000);
    const idle1 = await metrics(cdp);
    const idleMsPer5s = (idle1.TaskDuration! - idle0.TaskDuration!) * 1000;

    // Paced: batches of 10 every PACE_MS on an empty feed, the speed of a fast scroll. These
    // posts come from the end of the tagged range, which the later phases do not measure.
    for (let i = 0; i < PACED_POSTS; i += BATCH) {
      const html = Array.from({ length: BATCH }, (_, k) => site.post(SCROLL_POSTS - PACED_POSTS + i + k)).join('');
      await page.evaluate(([h]) => (window as unknown as { __bench: { append(h: string, k: number): number } }).__bench.append(h, 0), [html] as const);
      await page.waitForTimeout(PACE_MS);
    }
    await page.waitForTimeout(1000);
    const paced = await page.evaluate(([c]) => {
      document.querySelector(c)!.replaceChildren();
      return (window as unknown as { __bench: { latencies: number[] } }).__bench.latencies.splice(0);
    }, [container] as const);

    // Stress: 1,000 posts appended in batches of 10, one batch per frame or so.
    const traceEvents: unknown[] = [];
    if (PROFILE) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
      await cdp.send('Profiler.start');
      cdp.on('Tracing.dataCollected', (e: { value: unknown[] }) => void traceEvents.push(...e.value));
      await cdp.send('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline', transferMode: 'ReportEvents' });
    }
    const before = await metrics(cdp);
    for (let i = 0; i < POSTS; i += BATCH) {
      const html = Array.from({ length: BATCH }, (_, k) => site.post(i + k)).join('');
      await page.evaluate(([h]) => (window as unknown as { __bench: { append(h: string, k: number): number } }).__bench.append(h, 0), [html] as const);
      await page.waitForTimeout(16);
    }
    await page.waitForTimeout(1500);
    const after = await metrics(cdp);
    if (PROFILE) {
      const { profile } = (await cdp.send('Profiler.stop')) as { profile: unknown };
      const traced = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
      await cdp.send('Tracing.end');
      await traced;
      const dir = path.join(ROOT, 'tests/.artifacts/bench-profiles');
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, `${site.platform}-${mode}.cpuprofile`), JSON.stringify(profile));
      writeFileSync(path.join(dir, `${site.platform}-${mode}.trace.json`), JSON.stringify(traceEvents));
    }
    const heapAt1000MB = await heapMB(page, cdp);
    const { latencies, longTasks } = await page.evaluate(() => {
      const b = (window as unknown as { __bench: { latencies: number[]; longTasks: number[] } }).__bench;
      return { latencies: [...b.latencies], longTasks: [...b.longTasks] };
    });

    // Scroll 5,000 posts with removal: the page keeps 50 in the DOM, like a virtualized feed.
    await page.evaluate(([c]) => {
      const host = document.querySelector(c)!;
      host.replaceChildren();
    }, [container] as const);
    for (let i = 0; i < SCROLL_POSTS; i += BATCH) {
      const html = Array.from({ length: BATCH }, (_, k) => site.post(POSTS + i + k)).join('');
      await page.evaluate(([h]) => (window as unknown as { __bench: { append(h: string, k: number): number } }).__bench.append(h, 50), [html] as const);
      if (i % 200 === 0) await page.waitForTimeout(16);
    }
    await page.waitForTimeout(1500);
    const heapAfterScrollMB = await heapMB(page, cdp);

    return {
      site: site.platform,
      mode,
      buttons: latencies.length,
      latencyP50: percentile(latencies, 50),
      latencyP95: percentile(latencies, 95),
      pacedP50: percentile(paced, 50),
      pacedP95: percentile(paced, 95),
      mainThreadMsPer100: ((after.TaskDuration! - before.TaskDuration!) * 1000) / (POSTS / 100),
      longTasks: longTasks.filter((d) => d > 50).length,
      longestTaskMs: Math.max(0, ...longTasks),
      heapAt1000MB,
      heapAfterScrollMB,
      idleMsPer5s,
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

const fmt = (n: number | null, digits = 1) => (n === null ? '–' : n.toFixed(digits));

function report(results: Result[], sizes: Record<string, { bytes: number; gzip: number }>): string {
  const lines = [
    '# Benchmarks',
    '',
    `Overlay benchmark (\`npm run bench\`), ${new Date().toISOString().slice(0, 10)}, Debian Chromium headless on a 2-core machine.`,
    `Per site: ${PACED_POSTS} posts in batches of ${BATCH} every ${PACE_MS} ms (paced, a fast scroll), then ${POSTS} posts appended in batches of ${BATCH} one per frame or so (stress), then ${SCROLL_POSTS} more with the page keeping 50 in the DOM. Every ${TAG_EVERY}th post carries a product.`,
    '`none` = no extension, `floor` = a bare "querySelector + append a button" content script (tests/bench/floor-extension), `ask` = the same floor asking its worker about each batch first (which answers at once: the messaging floor), `postcart` = the build.',
    'Latency = post inserted to its button in the next animation frame. Main thread = Chromium TaskDuration per 100 posts of the stress phase (page work included; compare with `none`).',
    'Shared, noisy machines: read the ratios measured side by side in one run, not the absolute numbers.',
    '',
    '| site | set-up | buttons | paced latency p50 ms | paced p95 ms | stress latency p50 ms | stress p95 ms | main thread ms/100 posts | long tasks >50 ms | longest task ms | heap after 1k MB | heap after 5k scroll MB | idle ms / 5 s |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of results) {
    lines.push(`| ${r.site} | ${r.mode} | ${r.buttons} | ${fmt(r.pacedP50)} | ${fmt(r.pacedP95)} | ${fmt(r.latencyP50)} | ${fmt(r.latencyP95)} | ${fmt(r.mainThreadMsPer100)} | ${r.longTasks} | ${fmt(r.longestTaskMs, 0)} | ${fmt(r.heapAt1000MB)} | ${fmt(r.heapAfterScrollMB)} | ${fmt(r.idleMsPer5s)} |`);
  }
  lines.push(
    '',
    '## Postcart against the floors (same run)',
    '',
    '| site | paced p95 / floor | paced p95 / ask | stress p95 / floor | stress p95 / ask | main thread ratio to floor (minus `none`) | heap growth 1k→5k MB |',
    '|---|---|---|---|---|---|---|',
  );
  const ratio = (a: number | null, b: number | null) => (a !== null && b ? a / b : null);
  for (const site of [...new Set(results.map((r) => r.site))]) {
    const get = (mode: Mode) => results.find((r) => r.site === site && r.mode === mode)!;
    const [none, floor, ask, pc] = [get('none'), get('floor'), get('ask'), get('postcart')];
    const main = (pc.mainThreadMsPer100 - none.mainThreadMsPer100) / Math.max(0.01, floor.mainThreadMsPer100 - none.mainThreadMsPer100);
    const cells = [ratio(pc.pacedP95, floor.pacedP95), ratio(pc.pacedP95, ask.pacedP95), ratio(pc.latencyP95, floor.latencyP95), ratio(pc.latencyP95, ask.latencyP95), main];
    lines.push(`| ${site} | ${cells.map((c) => fmt(c, 2)).join(' | ')} | ${fmt(pc.heapAfterScrollMB - pc.heapAt1000MB)} |`);
  }
  lines.push('', '## Content scripts', '', '| file | bytes | gzipped |', '|---|---|---|');
  for (const [file, size] of Object.entries(sizes)) lines.push(`| ${file} | ${size.bytes} | ${size.gzip} |`);
  return `${lines.join('\n')}\n`;
}

test('overlay benchmark', async () => {
  test.setTimeout(30 * 60_000);
  const results: Result[] = [];
  for (const site of await loadSites()) {
    for (const mode of MODES) {
      const result = await runSite(site, mode);
      console.log(JSON.stringify(result));
      results.push(result);
    }
  }
  const sizes = contentScriptSizes();
  mkdirSync(path.join(ROOT, 'tests/bench/results'), { recursive: true });
  // A narrowed run (fewer sites or posts) must not overwrite the published full results.
  const partial = Boolean(process.env.BENCH_SITES || process.env.BENCH_POSTS || process.env.BENCH_SCROLL_POSTS || process.env.BENCH_PACED_POSTS);
  const name = partial ? 'overlay-partial' : 'overlay';
  writeFileSync(path.join(ROOT, `tests/bench/results/${name}.json`), `${JSON.stringify({ results, sizes }, null, 2)}\n`);
  const file = path.join(ROOT, 'BENCHMARKS.md');
  // The sync benchmark owns its own section of the same page: keep it.
  const syncSection = !partial && existsSync(file) ? readFileSync(file, 'utf8').split('\n## Sync')[1] : undefined;
  const text = report(results, sizes) + (syncSection ? `\n## Sync${syncSection}` : '');
  writeFileSync(partial ? path.join(ROOT, 'tests/bench/results/overlay-partial.md') : file, text);
});
