/**
 * Price history benchmark, node-side (no browser), two parts:
 * 1. Storage after a simulated year: HISTORY_PRODUCTS (100,000) generated products (1 to 6
 *    variants each), a year of price and stock changes recorded through recordObservation as sync
 *    would (a sync that brings nothing new returns the same row and writes nothing, so only the
 *    changes need simulating). Bytes per product as JSON and as V8's structured-clone
 *    serialization (what Chromium's IndexedDB stores for a row), and points per variant.
 * 2. Sync speed: the real parseFeed + applyFeed on Dexie over fake-indexeddb, with and without
 *    recording history in the same transaction, side by side in one process on HISTORY_SYNC_PRODUCTS
 *    (100,000) products: the first full sync, incremental runs with 1 % of products changed, and a
 *    snapshot run (every product sent, 1 % changed, as Shopify and Merchant Center sources do).
 *    fake-indexeddb is not Chromium's IndexedDB: the ratio is indicative; the wiring phase
 *    measures inside the extension.
 * Run with `npx playwright test -c tests/bench/playwright.config.ts history.bench` (also part of
 * `npm run bench`); results go to tests/bench/results/history.json and the "Price history"
 * section of BENCHMARKS.md.
 */
import 'fake-indexeddb/auto';
import { test } from '@playwright/test';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { serialize } from 'node:v8';
import type { Table } from 'dexie';
import { decodeHistory, DAY_MS, HISTORY_STORE, recordObservation, recordProducts, type HistoryRow, type VariantHistory } from '../../utils/catalog/history';
import { openDb, type PostcartDB } from '../../utils/catalog/db';
import type { StoredMerchant, StoredProduct } from '../../utils/catalog/model';
import { toDecimal } from '../../utils/platform/money';
import { newSourceState } from '../../utils/sync/source';
import { applyFeed } from '../../utils/sync/apply';
import { parseFeed } from '../../utils/sync/sources/postcart';
import { seededRandom } from '../../utils/catalog/demo-history';
import { generateCatalog } from './catalog-gen';

const ROOT = path.resolve(import.meta.dirname, '../..');
const YEAR_PRODUCTS = Number(process.env.HISTORY_PRODUCTS ?? 100_000);
const SYNC_PRODUCTS = Number(process.env.HISTORY_SYNC_PRODUCTS ?? 100_000);
const PAGE = 500;
const INCREMENTAL_RUNS = 9;
const SNAPSHOT_RUNS = 3;
const SYNC_EVERY_MS = 30 * 60_000;
const T0 = Date.UTC(2026, 0, 1);

// ---------------------------------------------------------------- part 1: a simulated year

type Kind = 'calm' | 'active' | 'repricer';

/**
 * The year's model, per product: calm (55 %) changes price about every 45 days, active (35 %)
 * about three times a month, a repricer (10 %) like active plus about two one-cent moves a day.
 * A price change moves all variants together (a sale, a new price list); about a third are sales
 * that end after 3 to 14 days. Each variant goes out of stock about once a month for 1 to 5 days.
 * Changes are seen at the next sync (every 30 minutes).
 */
function kindOf(random: () => number): Kind {
  const roll = random();
  return roll < 0.1 ? 'repricer' : roll < 0.45 ? 'active' : 'calm';
}

interface Change {
  at: number;
  variant: number;
  priceMinor?: number;
  inStock?: boolean;
}

function exponential(random: () => number, meanDays: number): number {
  return -Math.log(1 - random()) * meanDays * DAY_MS;
}

function toSync(time: number): number {
  return Math.ceil(time / SYNC_EVERY_MS) * SYNC_EVERY_MS;
}

function yearOfChanges(product: StoredProduct, kind: Kind, random: () => number, end: number): Change[] {
  const changes: Change[] = [];
  const prices = product.variants.map((v) => v.priceMinor);
  const base = [...prices];
  const meanDays = kind === 'calm' ? 45 : 10;
  for (let t = T0 + exponential(random, meanDays); t < end; t += exponential(random, meanDays)) {
    const sale = random() < 0.35;
    const factor = sale ? 0.7 + random() * 0.2 : 0.93 + random() * 0.14;
    product.variants.forEach((_, v) => {
      prices[v] = Math.max(1, Math.round((base[v]! * factor) / 100) * 100 - 1);
      changes.push({ at: toSync(t), variant: v, priceMinor: prices[v]! });
    });
    if (sale) {
      const back = t + (3 + random() * 11) * DAY_MS;
      product.variants.forEach((_, v) => changes.push({ at: toSync(back), variant: v, priceMinor: base[v]! }));
    }
  }
  if (kind === 'repricer') {
    for (let t = T0 + exponential(random, 0.5); t < end; t += exponential(random, 0.5)) {
      const v = Math.floor(random() * product.variants.length);
      changes.push({ at: toSync(t), variant: v, priceMinor: -1 }); // one cent, resolved in order below
    }
  }
  product.variants.forEach((_, v) => {
    for (let t = T0 + exponential(random, 30); t < end; t += exponential(random, 30)) {
      changes.push({ at: toSync(t), variant: v, inStock: false });
      changes.push({ at: toSync(t + (1 + random() * 4) * DAY_MS), variant: v, inStock: true });
    }
  });
  return changes.filter((c) => c.at < end).sort((a, b) => a.at - b.at);
}

interface YearResult {
  products: number;
  variants: number;
  jsonBytes: number;
  cloneBytes: number;
  jsonPerProduct: number;
  clonePerProduct: number;
  /** The same rows with points as a plain array of [minutes, price] integers, for comparison. */
  pairsPerProduct: number;
  /** The same histories as one row per variant (productId repeated in each), for comparison. */
  perVariantRowsPerProduct: number;
  budgetMB100k: number;
  pointsPerVariant: { p50: number; p95: number; max: number; mean: number };
  byKind: Record<Kind, { products: number; clonePerProduct: number; pointsPerVariant: number }>;
  appends: number;
  simulateMs: number;
}

/** The encoding the varint bytes replaced: [minutes since previous, price or −(price + 1)] integers. */
function pairs(variant: VariantHistory): number[] {
  const out: number[] = [];
  let previous = variant.since;
  for (const point of decodeHistory(variant).points) {
    out.push(Math.round((point.at - previous) / 60_000), point.inStock ? point.priceMinor : -point.priceMinor - 1);
    previous = point.at;
  }
  return out;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!;
}

function simulateYear(count: number): YearResult {
  const { products } = generateCatalog(count, 7);
  const random = seededRandom(99);
  const end = T0 + 365 * DAY_MS;
  let jsonBytes = 0;
  let cloneBytes = 0;
  let pairBytes = 0;
  let perVariantRowBytes = 0;
  let appends = 0;
  const points: number[] = [];
  const byKind: Record<Kind, { products: number; bytes: number; points: number; variants: number }> = {
    calm: { products: 0, bytes: 0, points: 0, variants: 0 },
    active: { products: 0, bytes: 0, points: 0, variants: 0 },
    repricer: { products: 0, bytes: 0, points: 0, variants: 0 },
  };
  const started = performance.now();
  for (const product of products) {
    const kind = kindOf(random);
    const histories: (VariantHistory | undefined)[] = product.variants.map(() => undefined);
    const state = product.variants.map((v) => ({ priceMinor: v.priceMinor, inStock: true }));
    const record = (v: number, at: number) => {
      const variant = product.variants[v]!;
      const before = histories[v];
      histories[v] = recordObservation(before, { variantId: variant.id, priceMinor: state[v]!.priceMinor, currency: variant.currency, inStock: state[v]!.inStock }, at);
      if (histories[v] !== before) appends += 1;
    };
    product.variants.forEach((_, v) => record(v, T0));
    for (const change of yearOfChanges(product, kind, random, end)) {
      const s = state[change.variant]!;
      if (change.priceMinor === -1) s.priceMinor += random() < 0.5 ? -1 : 1;
      else if (change.priceMinor !== undefined) s.priceMinor = change.priceMinor;
      if (change.inStock !== undefined) s.inStock = change.inStock;
      record(change.variant, change.at);
    }
    // The row sync would hold for this product (recordProduct builds the same from the same histories).
    const row: HistoryRow = { productId: product.id, variants: histories as VariantHistory[] };
    const clone = serialize(row).length;
    // JSON as an export would write it: the point bytes in base64.
    jsonBytes += JSON.stringify({ ...row, variants: row.variants.map((v) => ({ ...v, points: Buffer.from(v.points).toString('base64') })) }).length;
    cloneBytes += clone;
    pairBytes += serialize({ ...row, variants: row.variants.map((v) => ({ ...v, points: pairs(v) })) }).length;
    perVariantRowBytes += row.variants.reduce((sum, v) => sum + serialize({ productId: product.id, ...v }).length, 0);
    const k = byKind[kind];
    k.products += 1;
    k.bytes += clone;
    for (const variant of row.variants) {
      const count = decodeHistory(variant).points.length;
      k.points += count;
      k.variants += 1;
      points.push(count);
    }
  }
  const simulateMs = Math.round(performance.now() - started);
  points.sort((a, b) => a - b);
  const variants = points.length;
  const round = (n: number) => Math.round(n);
  return {
    products: count,
    variants,
    jsonBytes,
    cloneBytes,
    jsonPerProduct: round(jsonBytes / count),
    clonePerProduct: round(cloneBytes / count),
    pairsPerProduct: round(pairBytes / count),
    perVariantRowsPerProduct: round(perVariantRowBytes / count),
    budgetMB100k: Number(((cloneBytes / count) * 100_000 / 1e6).toFixed(1)),
    pointsPerVariant: { p50: percentile(points, 50), p95: percentile(points, 95), max: points[points.length - 1]!, mean: Number((points.reduce((a, b) => a + b, 0) / variants).toFixed(1)) },
    byKind: Object.fromEntries(
      Object.entries(byKind).map(([kind, k]) => [kind, { products: k.products, clonePerProduct: round(k.bytes / Math.max(1, k.products)), pointsPerVariant: Number((k.points / Math.max(1, k.variants)).toFixed(1)) }]),
    ) as YearResult['byKind'],
    appends,
    simulateMs,
  };
}

// ---------------------------------------------------------------- part 2: sync speed

type HistoryDB = PostcartDB & { priceHistory: Table<HistoryRow, string> };

function openBenchDb(name: string): HistoryDB {
  const db = openDb(name) as HistoryDB;
  // The wiring phase adds this version to utils/db.ts; declared here before the first open.
  db.version(5).stores({ priceHistory: HISTORY_STORE });
  return db;
}

function wireProduct(product: StoredProduct) {
  return {
    id: product.id,
    merchantId: product.merchantId,
    title: product.title,
    url: product.url,
    images: product.images,
    brand: product.brand,
    gtin: product.gtin,
    description: product.description,
    updatedAt: product.updatedAt,
    variants: product.variants.map((v) => ({
      id: v.id,
      title: v.title,
      price: toDecimal(v.priceMinor, v.currency),
      compareAtPrice: v.compareAtMinor === null ? null : toDecimal(v.compareAtMinor, v.currency),
      currency: v.currency,
      available: v.available,
      sku: v.sku,
    })),
  };
}

function feedPages(products: readonly StoredProduct[], merchants: readonly StoredMerchant[]): string[] {
  const pages: string[] = [];
  for (let i = 0; i < products.length; i += PAGE) {
    pages.push(
      JSON.stringify({
        version: 1,
        cursor: String(i + PAGE),
        hasMore: i + PAGE < products.length,
        merchants: i === 0 ? merchants.map((m) => ({ id: m.id, name: m.name, url: m.url, currency: m.currency, checkout: m.checkout, accounts: m.accounts })) : [],
        products: products.slice(i, i + PAGE).map(wireProduct),
      }),
    );
  }
  return pages;
}

function cpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

interface RunTime {
  wallMs: number;
  cpuMs: number;
  historyMs: number;
  historyRowsWritten: number;
}

type Mode = 'without' | 'with';
const MODES: Mode[] = ['without', 'with'];

/** One sync run over the given pages, as the engine does it: parse, then apply each page in a transaction. */
async function syncRun(db: HistoryDB, pages: readonly string[], withHistory: boolean, now: number): Promise<RunTime> {
  const source = newSourceState({ id: 'bench', kind: 'postcart', url: 'https://bench.example/v1/feed' });
  let historyMs = 0;
  let historyRowsWritten = 0;
  const cpu = cpuMs();
  const start = performance.now();
  for (const text of pages) {
    const feed = parseFeed(JSON.parse(text), { sourceId: 'bench', baseUrl: source.url });
    if (!withHistory) {
      await applyFeed(db, source, feed, now);
      continue;
    }
    // What the wiring phase does inside applyFeed's transaction: one read per product, one write per changed product.
    await db.transaction('rw', [db.merchants, db.products, db.reviews, db.tags, db.sources, db.outbox, db.priceHistory], async () => {
      await applyFeed(db, source, feed, now);
      const began = performance.now();
      const rows = await db.priceHistory.bulkGet(feed.products.map((p) => p.id));
      const changed = recordProducts(feed.products, rows, now);
      if (changed.length) await db.priceHistory.bulkPut(changed);
      historyMs += performance.now() - began;
      historyRowsWritten += changed.length;
    });
  }
  return { wallMs: Math.round(performance.now() - start), cpuMs: Math.round(cpuMs() - cpu), historyMs: Math.round(historyMs), historyRowsWritten };
}

/** 1 % of products get a new price on one variant and sometimes a stock change on another. */
function changeOnePercent(products: StoredProduct[], random: () => number): StoredProduct[] {
  const changed: StoredProduct[] = [];
  const picked = new Set<number>();
  while (picked.size < Math.max(1, Math.round(products.length / 100))) picked.add(Math.floor(random() * products.length));
  for (const i of picked) {
    const product = products[i]!;
    const variants = product.variants.map((v) => ({ ...v }));
    const v = variants[Math.floor(random() * variants.length)]!;
    v.priceMinor = Math.max(100, v.priceMinor + (random() < 0.5 ? -100 : 100));
    v.compareAtMinor = v.compareAtMinor !== null && v.compareAtMinor > v.priceMinor ? v.compareAtMinor : null;
    if (random() < 0.3) variants[0]!.available = !variants[0]!.available;
    products[i] = { ...product, variants };
    changed.push(products[i]!);
  }
  return changed;
}

type RunKind = 'full' | 'incremental' | 'snapshot';
const RUN_KINDS: RunKind[] = ['full', 'incremental', 'snapshot'];

interface KindSummary {
  runs: number;
  withoutWallMs: number;
  withWallMs: number;
  withoutCpuMs: number;
  withCpuMs: number;
  /** with / without, medians; CPU time is the steadier one on a shared machine (fake-indexeddb runs in this process). */
  wallRatio: number;
  cpuRatio: number;
  historyMs: number;
  historyRows: number;
}

interface SyncResult {
  products: number;
  variants: number;
  kinds: Record<RunKind, KindSummary>;
}

const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]!;
const ratio = (a: number, b: number) => Number((a / b).toFixed(3));

async function measureSync(count: number): Promise<SyncResult> {
  const { merchants, products } = generateCatalog(count, 11);
  const random = seededRandom(5);
  const dbs = Object.fromEntries(MODES.map((mode) => [mode, openBenchDb(`history-bench-${mode}-${process.pid}`)])) as Record<Mode, HistoryDB>;
  for (const db of Object.values(dbs)) await db.open();
  const times: Record<RunKind, Record<Mode, RunTime[]>> = {
    full: { without: [], with: [] },
    incremental: { without: [], with: [] },
    snapshot: { without: [], with: [] },
  };
  // Each run goes to both in alternating order, so drift on a shared machine hits both alike.
  let run = 0;
  let now = T0;
  const runBoth = async (kind: RunKind, pages: string[]) => {
    for (const mode of run % 2 === 0 ? MODES : [...MODES].reverse()) times[kind][mode].push(await syncRun(dbs[mode], pages, mode === 'with', now));
    run += 1;
  };

  await runBoth('full', feedPages(products, merchants));
  for (let i = 0; i < INCREMENTAL_RUNS; i += 1) {
    now += 30 * 60_000;
    await runBoth('incremental', feedPages(changeOnePercent(products, random), merchants));
  }
  for (let i = 0; i < SNAPSHOT_RUNS; i += 1) {
    now += 30 * 60_000;
    changeOnePercent(products, random);
    await runBoth('snapshot', feedPages(products, merchants));
  }
  for (const db of Object.values(dbs)) db.close();
  console.log(JSON.stringify(times));

  const kinds = Object.fromEntries(
    RUN_KINDS.map((kind) => {
      const { without, with: withHistory } = times[kind];
      const wall = (list: RunTime[]) => median(list.map((t) => t.wallMs));
      const cpu = (list: RunTime[]) => median(list.map((t) => t.cpuMs));
      const summary: KindSummary = {
        runs: without.length,
        withoutWallMs: wall(without),
        withWallMs: wall(withHistory),
        withoutCpuMs: cpu(without),
        withCpuMs: cpu(withHistory),
        wallRatio: ratio(wall(withHistory), wall(without)),
        cpuRatio: ratio(cpu(withHistory), cpu(without)),
        historyMs: median(withHistory.map((t) => t.historyMs)),
        historyRows: median(withHistory.map((t) => t.historyRowsWritten)),
      };
      return [kind, summary];
    }),
  ) as Record<RunKind, KindSummary>;
  return { products: count, variants: products.reduce((n, p) => n + p.variants.length, 0), kinds };
}

// ---------------------------------------------------------------- the run and the report

test('price history benchmark', async () => {
  test.setTimeout(60 * 60_000);
  const year = simulateYear(YEAR_PRODUCTS);
  console.log(JSON.stringify(year));
  const sync = await measureSync(SYNC_PRODUCTS);
  console.log(JSON.stringify(sync));
  const result = { date: new Date().toISOString().slice(0, 10), node: process.version, year, sync };
  mkdirSync(path.join(ROOT, 'tests/bench/results'), { recursive: true });
  const partial = Boolean(process.env.HISTORY_PRODUCTS || process.env.HISTORY_SYNC_PRODUCTS);
  writeFileSync(path.join(ROOT, `tests/bench/results/${partial ? 'history-partial' : 'history'}.json`), `${JSON.stringify(result, null, 2)}\n`);
  if (!partial) writeReport(result);
});

function writeReport(r: { date: string; node: string; year: YearResult; sync: SyncResult }): void {
  const file = path.join(ROOT, 'BENCHMARKS.md');
  const { year, sync } = r;
  const kb = (bytes: number) => (bytes / 1000).toFixed(2);
  const section = [
    '## Price history (`tests/bench/history.bench.ts`)',
    '',
    `${r.date}, Node ${r.node}, node-side (no browser). \`npx playwright test -c tests/bench/playwright.config.ts history.bench\` reruns it (\`HISTORY_PRODUCTS\` and \`HISTORY_SYNC_PRODUCTS\` narrow it; a narrowed run writes only tests/bench/results/history-partial.json).`,
    '',
    `Storage after a simulated year: ${year.products} generated products, ${year.variants} variants; per product: calm (55 %) a price change about every 45 days, active (35 %) about three a month, repricers (10 %) the same plus about two one-cent moves a day; a third of changes are sales that end after 3 to 14 days; each variant out of stock about once a month for 1 to 5 days. Rows as sync leaves them (bounded to 500 points, folded after 90 days).`,
    '',
    '| measure | value |',
    '|---|---|',
    `| structured-clone bytes per product (V8 serializer, what IndexedDB stores) | ${year.clonePerProduct} |`,
    `| JSON bytes per product (points in base64) | ${year.jsonPerProduct} |`,
    `| the same with points as a plain integer array (the encoding not chosen) | ${year.pairsPerProduct} |`,
    `| the same as one row per variant (the layout not chosen) | ${year.perVariantRowsPerProduct} |`,
    `| history of 100,000 such products (structured clone, values only) | ${year.budgetMB100k} MB |`,
    `| points per variant p50 / p95 / max (mean) | ${year.pointsPerVariant.p50} / ${year.pointsPerVariant.p95} / ${year.pointsPerVariant.max} (${year.pointsPerVariant.mean}) |`,
    ...(['calm', 'active', 'repricer'] as const).map((kind) => `| ${kind}: bytes per product, points per variant | ${year.byKind[kind].clonePerProduct}, ${year.byKind[kind].pointsPerVariant} |`),
    `| recording the year (${year.appends} appends) | ${year.simulateMs} ms |`,
    '',
    `Sync speed with history recording against the same sync without it: real parseFeed + applyFeed, pages of ${PAGE}, Dexie on fake-indexeddb in Node (indicative: not Chromium's IndexedDB), ${sync.products} products, ${sync.variants} variants. Wall time, same process, runs interleaved.`,
    '',
    'With history: in the page\'s transaction, bulkGet of the page\'s history rows (one per product), recordProducts, bulkPut of the changed rows.',
    '',
    '| run | runs | without history: wall / CPU ms | with history: wall / CPU ms | ratio wall / CPU | history part ms | history rows written |',
    '|---|---|---|---|---|---|---|',
    ...(
      [
        ['first full sync', sync.kinds.full],
        ['incremental, 1 % changed', sync.kinds.incremental],
        ['snapshot (every product sent), 1 % changed', sync.kinds.snapshot],
      ] as const
    ).map(([label, k]) => `| ${label} | ${k.runs} | ${k.withoutWallMs} / ${k.withoutCpuMs} | ${k.withWallMs} / ${k.withCpuMs} | ${k.wallRatio} / ${k.cpuRatio} | ${k.historyMs} | ${k.historyRows} |`),
    '',
    'Medians. The history part is the time inside the page transactions spent reading, recording and writing history rows.',
    '',
    `Goal: under 10 % slower (ratio < 1.10) on the incremental run: ${sync.kinds.incremental.cpuRatio < 1.1 ? 'met' : 'not met'} here (CPU ratio ${sync.kinds.incremental.cpuRatio}). fake-indexeddb charges a read about as much as a write, and the history adds one read per product in the page and one write per changed product; the extension's own measurement (Chromium's IndexedDB, network and parsing included) decides. History bytes per product after a year: ${kb(year.clonePerProduct)} KB.`,
    '',
  ].join('\n');
  let text = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const start = text.indexOf('## Price history');
  if (start < 0) {
    writeFileSync(file, `${text.trimEnd()}\n\n${section}`);
    return;
  }
  const next = text.indexOf('\n## ', start + 1);
  text = `${text.slice(0, start)}${section}${next < 0 ? '' : text.slice(next + 1)}`;
  writeFileSync(file, text);
}
