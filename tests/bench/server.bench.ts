/**
 * Catalog server load benchmark on loopback: feed requests per second and latency under
 * concurrent clients, on PGlite and (when DATABASE_URL is set) on PostgreSQL, in one run.
 * Bounded: each scenario runs for SERVER_BENCH_SECONDS with CONCURRENCY clients, never more.
 * Results: tests/bench/results/server.json and the "Server" section of BENCHMARKS.md.
 */
import { test } from '@playwright/test';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createApp } from '../../server/app';
import { openDb, type Db } from '../../server/db';
import { issueDemoTokens, seedIfEmpty } from '../../server/seed';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SECONDS = Number(process.env.SERVER_BENCH_SECONDS ?? 5);
const CONCURRENCY = Number(process.env.SERVER_BENCH_CONCURRENCY ?? 16);
const EXTRA_PRODUCTS = Number(process.env.SERVER_BENCH_PRODUCTS ?? 5000);

interface Scenario {
  name: string;
  path: (base: string, latest: string) => string;
  headers?: (etag: string) => Record<string, string>;
}

async function start(db: Db): Promise<{ server: Server; base: string }> {
  const base = 'http://127.0.0.1';
  await seedIfEmpty(db, base);
  const tokens = await issueDemoTokens(db);
  // All clients here come from 127.0.0.1: the per-address request budget would measure refusals,
  // not the feed (server-load.bench.ts measures the server with its budgets).
  const app = await createApp({ db, allowedOrigins: [base], limits: { requestsPerClient: { burst: 1e9, perSecond: 1e9 } } });
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `${base}:${(server.address() as AddressInfo).port}`;
  // More catalog than the demo: seller writes of EXTRA_PRODUCTS products, 1,000 a request.
  const token = tokens.get('acme')!;
  for (let start = 0; start < EXTRA_PRODUCTS; start += 1000) {
    const ops = Array.from({ length: Math.min(1000, EXTRA_PRODUCTS - start) }, (_, k) => {
      const i = start + k;
      return {
        op: 'upsert',
        product: {
          id: `acme:bench-${i}`,
          merchantId: 'acme',
          title: `Bench trail sock ${i}`,
          url: `https://acme.example/products/bench-sock-${i}`,
          variants: [{ id: `${80_000_000 + i}`, title: 'M', price: '19.00', currency: 'USD', available: true }],
          updatedAt: '2026-11-20T10:00:00Z',
        },
      };
    });
    const response = await fetch(`${url}/v1/products`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ ops }) });
    if (!response.ok) throw new Error(`seeding failed: ${response.status} ${await response.text()}`);
  }
  return { server, base: url };
}

async function load(base: string, scenario: Scenario, latest: string, etag: string) {
  const latencies: number[] = [];
  let errors = 0;
  const deadline = performance.now() + SECONDS * 1000;
  const client = async () => {
    while (performance.now() < deadline) {
      const t0 = performance.now();
      try {
        const response = await fetch(scenario.path(base, latest), { headers: scenario.headers?.(etag) });
        await response.arrayBuffer();
        if (response.status >= 400) errors += 1;
      } catch {
        errors += 1;
      }
      latencies.push(performance.now() - t0);
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, client));
  const seconds = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => Number(latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]!.toFixed(1));
  return { scenario: scenario.name, requests: latencies.length, rps: Math.round(latencies.length / seconds), p50: pct(50), p99: pct(99), errors };
}

const SCENARIOS: Scenario[] = [
  { name: 'full page (limit 500)', path: (b) => `${b}/v1/feed?limit=500` },
  { name: 'incremental, nothing new', path: (b, latest) => `${b}/v1/feed?since=${encodeURIComponent(latest)}` },
  { name: 'incremental, 304 by ETag', path: (b, latest) => `${b}/v1/feed?since=${encodeURIComponent(latest)}`, headers: (etag) => ({ 'if-none-match': etag }) },
];

test('server benchmark', async () => {
  test.setTimeout(15 * 60_000);
  // On PostgreSQL the benchmark works in a schema of its own, dropped afterwards.
  const schema = `bench_${Date.now()}`;
  const targets: { name: string; open: () => Promise<Db>; cleanUp?: (db: Db) => Promise<unknown> }[] = [{ name: 'PGlite', open: () => openDb({ dataDir: 'memory://' }) }];
  if (process.env.DATABASE_URL) {
    targets.push({ name: 'PostgreSQL', open: () => openDb({ databaseUrl: process.env.DATABASE_URL, schema }), cleanUp: (db) => db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`) });
  }
  const rows: Record<string, unknown>[] = [];
  for (const target of targets) {
    const db = await target.open();
    const { server, base } = await start(db);
    try {
      // The newest cursor: follow the feed to its end once.
      let cursor = '';
      for (;;) {
        const page = (await (await fetch(`${base}/v1/feed?limit=5000${cursor ? `&since=${encodeURIComponent(cursor)}` : ''}`)).json()) as { cursor: string; hasMore: boolean };
        cursor = page.cursor;
        if (!page.hasMore) break;
      }
      const etag = (await fetch(`${base}/v1/feed?since=${encodeURIComponent(cursor)}`)).headers.get('etag') ?? '';
      for (const scenario of SCENARIOS) {
        const row = { db: target.name, ...(await load(base, scenario, cursor, etag)) };
        console.log(JSON.stringify(row));
        rows.push(row);
      }
    } finally {
      await new Promise((resolve) => server.close(resolve));
      await target.cleanUp?.(db);
      await db.close();
    }
  }
  mkdirSync(path.join(ROOT, 'tests/bench/results'), { recursive: true });
  writeFileSync(path.join(ROOT, 'tests/bench/results/server.json'), `${JSON.stringify(rows, null, 2)}\n`);
  const file = path.join(ROOT, 'BENCHMARKS.md');
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const head = text.split('\n## Server')[0]!.trimEnd();
  // Sections after this one (the catalog search benchmark's) stay as they are.
  const rest = text.split('\n## Server')[1] ?? '';
  const tail = rest.includes('\n## ') ? rest.slice(rest.indexOf('\n## ')) : '';
  const table = [
    '',
    '## Server (`tests/bench/server.bench.ts`)',
    '',
    `Catalog server on 127.0.0.1 with the demo catalog + ${EXTRA_PRODUCTS} products, ${CONCURRENCY} concurrent keep-alive clients for ${SECONDS} s per scenario, client and server on the same 2-core machine.`,
    '',
    '| database | scenario | requests | req/s | p50 ms | p99 ms | errors |',
    '|---|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.db} | ${r.scenario} | ${r.requests} | ${r.rps} | ${r.p50} | ${r.p99} | ${r.errors} |`),
    '',
  ].join('\n');
  writeFileSync(file, `${head}\n${table}${tail}`);
});
