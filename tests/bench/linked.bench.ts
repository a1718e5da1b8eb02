/**
 * Linked-product benchmark, node-side (no browser, no network: a shop's network time is its own):
 * - the CPU cost of reading one product: each fixture page (JSON-LD, microdata, Open Graph, the
 *   refusals), the Shopify `.js` answer, and a 1.5 MB page (the size cap), beside htmlparser2's
 *   bare tokenizing of the same text in the same run (the floor any HTML reader pays);
 * - a whole resolution through LinkedResolver with an in-memory fetch (streaming, size cap,
 *   decoding, parsing), for a Shopify store and for a page;
 * - the automatic mode's cost while scrolling: classifying each post's link, the queue's
 *   bookkeeping per post entering and leaving the view, and the parsing it triggers at N a minute.
 * Run with `npx playwright test -c tests/bench/playwright.config.ts linked.bench` (also part of
 * `npm run bench`); results go to tests/bench/results/linked.json and stdout.
 */
import { test } from '@playwright/test';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Parser } from 'htmlparser2';
import { AutoLookupQueue } from '../../utils/sync/linked/auto';
import { extractPageProduct } from '../../utils/sync/linked/page-product';
import { classifyProductUrl, type ProductLink } from '../../utils/sync/linked/product-url';
import { LinkedResolver } from '../../utils/sync/linked/resolve';
import { parseShopifyProductJs } from '../../utils/sync/linked/shopify';
import { bigPage, fixture } from './linked-pages';

const ROOT = path.resolve(import.meta.dirname, '../..');
const RUNS = Number(process.env.LINKED_RUNS ?? 200);
const WARMUP = 20;


function link(url: string): ProductLink {
  const found = classifyProductUrl(url);
  if (!found) throw new Error(`not a product link: ${url}`);
  return found;
}

interface Timing {
  medianMs: number;
  p95Ms: number;
}

function time(run: () => unknown, runs = RUNS): Timing {
  for (let i = 0; i < WARMUP; i += 1) run();
  const samples: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const start = performance.now();
    run();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? 0;
  return { medianMs: round(at(0.5)), p95Ms: round(at(0.95)) };
}

async function timeAsync(run: () => Promise<unknown>, runs = RUNS): Promise<Timing> {
  for (let i = 0; i < WARMUP; i += 1) await run();
  const samples: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const start = performance.now();
    await run();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))] ?? 0;
  return { medianMs: round(at(0.5)), p95Ms: round(at(0.95)) };
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

function tokenizeOnly(html: string): void {
  const parser = new Parser({ onopentag() {}, ontext() {}, onclosetag() {} }, { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true });
  parser.write(html);
  parser.end();
}

const PAGES: [string, string, string][] = [
  ['Shopify Dawn (ProductGroup, 3 variants)', 'shopify-dawn.html', 'https://mtaa-atelier.example/products/linen-wrap-dress'],
  ['WooCommerce (@graph, priceSpecification)', 'woocommerce-sale.html', 'https://linikoks.example/produkts/linu-dvielis/'],
  ['WooCommerce variable (AggregateOffer)', 'woocommerce-variable.html', 'https://habicrafts.example/product/abaca-tote-bag/'],
  ['BigCommerce Cornerstone', 'bigcommerce-cornerstone.html', 'https://kahawagear.example/products/cold-brew-maker-1-5l.html'],
  ['Squarespace', 'squarespace-product.html', 'https://udongostudio.example/shop/p/hand-thrown-serving-bowl'],
  ['Wix', 'wix-product.html', 'https://www.shangaworks.example/product-page/beaded-maasai-collar'],
  ['microdata only', 'microdata-only.html', 'https://naxisevi.example/product/xalca-yastiq-uzu'],
  ['Open Graph only', 'open-graph-only.html', 'https://baltajura.example/p/dzintara-auskari-1002345'],
  ['several products (refused)', 'several-products.html', 'https://mtaa-atelier.example/products/summer-linen-edit'],
  ['broken JSON-LD (refused)', 'broken-json-ld.html', 'https://kubo.example/products/rattan-lamp-shade'],
  ['prices in text (refused)', 'prices-in-text.html', 'https://pwani.example/product/kikoi-beach-towel/'],
];

test('linked products benchmark', async () => {
  const readAt = Date.now();
  const pages = PAGES.map(([label, file, url]) => {
    const html = fixture(file);
    const target = link(url);
    const read = () => extractPageProduct({ html, link: target, finalUrl: target.url, readAt });
    const outcome = read();
    return { label, bytes: Buffer.byteLength(html), outcome: outcome.ok ? `${outcome.product.method}, ${outcome.product.variants.length} variant(s)` : outcome.reason, extract: time(read), tokenize: time(() => tokenizeOnly(html)) };
  });

  // Just under the 1.5 MB cap, so it is read, not refused.
  const big = bigPage(1_480_000);
  const dress = link('https://mtaa-atelier.example/products/linen-wrap-dress');
  const bigOutcome = extractPageProduct({ html: big, link: dress, finalUrl: dress.url, readAt });
  const bigRow = {
    label: '1.48 MB Dawn page (related products, scripts, SVG)',
    bytes: Buffer.byteLength(big),
    outcome: bigOutcome.ok ? `${bigOutcome.product.method}, ${bigOutcome.product.variants.length} variant(s)` : bigOutcome.reason,
    extract: time(() => extractPageProduct({ html: big, link: dress, finalUrl: dress.url, readAt }), 30),
    tokenize: time(() => tokenizeOnly(big), 30),
  };

  const js = JSON.parse(fixture('shopify-product.js.json')) as unknown;
  const shopifyJs = time(() => parseShopifyProductJs(js, { link: dress, currency: 'KES', readFrom: `${dress.origin}/products/linen-wrap-dress.js`, readAt }));

  // Whole resolutions, network replaced by memory: what the worker spends per product.
  const answers: Record<string, { body: string; type: string }> = {
    'https://mtaa-atelier.example/products/linen-wrap-dress.js': { body: fixture('shopify-product.js.json'), type: 'application/javascript' },
    'https://mtaa-atelier.example/cart.js': { body: fixture('shopify-cart.js.json'), type: 'application/json' },
    'https://linikoks.example/produkts/linu-dvielis/': { body: fixture('woocommerce-sale.html'), type: 'text/html; charset=utf-8' },
    'https://big.example/products/linen-wrap-dress': { body: big, type: 'text/html; charset=utf-8' },
  };
  const memoryFetch = async (url: string) => {
    const answer = answers[url];
    return answer ? new Response(answer.body, { headers: { 'content-type': answer.type } }) : new Response('not found', { status: 404, headers: { 'content-type': 'text/html' } });
  };
  const resolveOnce = (target: ProductLink) => () => new LinkedResolver({ fetch: memoryFetch, pagePermission: () => 'granted' }).resolve(target);
  for (const url of ['https://mtaa-atelier.example/products/linen-wrap-dress', 'https://linikoks.example/produkts/linu-dvielis/', 'https://big.example/products/linen-wrap-dress']) {
    const outcome = await resolveOnce(link(url))();
    if (!outcome.ok) throw new Error(`${url} did not resolve: ${outcome.reason} (${outcome.detail})`);
  }
  const resolution = {
    shopifyJsWithCartJs: await timeAsync(resolveOnce(dress)),
    wooPage: await timeAsync(resolveOnce(link('https://linikoks.example/produkts/linu-dvielis/'))),
    page1_5MB: await timeAsync(resolveOnce(link('https://big.example/products/linen-wrap-dress')), 30),
  };

  // The automatic mode while scrolling: per post, its link is classified and the queue is told
  // when it enters and leaves the view; lookups themselves are paced to N a minute.
  const links = Array.from({ length: 5_000 }, (_, i) =>
    i % 4 === 0
      ? `https://l.facebook.com/l.php?u=${encodeURIComponent(`https://shop${i % 50}.example/products/item-${i}?utm_source=facebook&fbclid=x${i}`)}`
      : i % 4 === 1
        ? `https://www.instagram.com/p/C${i}abc/`
        : i % 4 === 2
          ? `https://shop${i % 50}.example/product/item-${i}/`
          : `https://www.pinterest.com/pin/${100000 + i}/`,
  );
  const classify = time(() => {
    for (const url of links) classifyProductUrl(url);
  }, 30);
  const classified = links.map((url) => classifyProductUrl(url)).filter((found): found is ProductLink => found !== null);
  let clock = 0;
  const queue = new AutoLookupQueue({ perMinute: 30, now: () => clock, schedule: () => () => undefined, due: () => true, lookUp: async () => undefined });
  const queueCost = time(() => {
    clock += 1;
    for (const found of classified) queue.inView(found);
    for (const found of classified) queue.outOfView(found.key);
    queue.clear();
  }, 30);
  const perPost = {
    classifyUs: round((classify.medianMs * 1000) / links.length),
    queueInAndOutUs: round((queueCost.medianMs * 1000) / classified.length),
  };
  const typicalParseMs = pages[0]?.extract.medianMs ?? 0;
  const autoMode = [10, 30, 60].map((n) => ({
    perMinute: n,
    parseMsPerMinuteTypical: round(n * typicalParseMs),
    parseMsPerMinuteWorst1_5MB: round(n * bigRow.extract.medianMs),
  }));

  const result = { at: new Date().toISOString(), runs: RUNS, pages: [...pages, bigRow], shopifyJs, resolution, perPost, autoMode };
  mkdirSync(path.join(ROOT, 'tests/bench/results'), { recursive: true });
  writeFileSync(path.join(ROOT, 'tests/bench/results/linked.json'), `${JSON.stringify(result, null, 2)}\n`);

  const lines = [
    '| page | bytes | outcome | extract median (p95) ms | tokenize only median ms | ratio |',
    '| --- | ---: | --- | ---: | ---: | ---: |',
    ...[...pages, bigRow].map((row) => `| ${row.label} | ${row.bytes} | ${row.outcome} | ${row.extract.medianMs} (${row.extract.p95Ms}) | ${row.tokenize.medianMs} | ${round(row.extract.medianMs / Math.max(row.tokenize.medianMs, 0.001))} |`),
    '',
    `Shopify .js answer to product: median ${shopifyJs.medianMs} ms (p95 ${shopifyJs.p95Ms})`,
    `Whole resolution in memory: Shopify .js + cart.js ${resolution.shopifyJsWithCartJs.medianMs} ms, WooCommerce page ${resolution.wooPage.medianMs} ms, 1.48 MB page ${resolution.page1_5MB.medianMs} ms (medians)`,
    `Per post while scrolling: classify link ${perPost.classifyUs} µs, queue in+out ${perPost.queueInAndOutUs} µs`,
    ...autoMode.map((row) => `Automatic mode at N=${row.perMinute}/min: ${row.parseMsPerMinuteTypical} ms of parsing a minute (typical page), ${row.parseMsPerMinuteWorst1_5MB} ms if every page were 1.48 MB`),
  ];
  console.log(lines.join('\n'));
});
