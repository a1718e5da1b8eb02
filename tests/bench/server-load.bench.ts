/**
 * The catalog server under anonymous event load: LOAD_CLIENTS clients (50) post shopper events as
 * fast as the server answers them for LOAD_SECONDS (30 s) while probes time `GET /health` and
 * `GET /v1/feed`. The same probes run with no event load first, so the two sit side by side in
 * one run. Goal: /health and /v1/feed p99 under 100 ms on PGlite while the events pour in.
 *
 * The server runs as its own process (`server/main.ts` on an in-memory PGlite with the demo data),
 * the event clients in a worker thread and the probes here, so the probes' timers measure the
 * server, not the load generator. Each client posts from an address of its own (X-Forwarded-For,
 * with TRUST_PROXY=1 on the server), like 50 shoppers, and does not back off when refused, like
 * an attacker. A third scenario adds two sellers reading 366-day stats pages over and over.
 *
 * `npx playwright test -c tests/bench/playwright.config.ts server-load` (also part of `npm run bench`).
 * Results: tests/bench/results/server-load.json and a table on stdout. A benchmark reports; it
 * asserts nothing about time.
 */
import { test } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg } from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SECONDS = Number(process.env.LOAD_SECONDS ?? 30);
const CLIENTS = Number(process.env.LOAD_CLIENTS ?? 50);
const EVENTS_PER_BATCH = Number(process.env.LOAD_BATCH ?? 100);
/** Probes ask this often (ms between the end of one request and the start of the next). */
const PROBE_GAP_MS = 20;

interface RunningServer {
  url: string;
  tokens: Map<string, string>;
  child: ChildProcess;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** Starts `npm run server`'s entry point on a fresh in-memory database and waits for it to listen. */
async function startServer(): Promise<RunningServer> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), PGLITE_DIR: 'memory://', TRUST_PROXY: '1', DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const tokens = new Map<string, string>();
  let log = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${log}`)), 120_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      for (const match of log.matchAll(/seller token for (\S+): (\S+)/g)) tokens.set(match[1]!, match[2]!);
      if (/catalog server on http/.test(log) && tokens.size > 0) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${log}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    tokens,
    child,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** The event clients, as plain JS in a worker thread: every client loops until the deadline. */
const EVENT_CLIENTS = `
const { parentPort, workerData } = require('node:worker_threads');
const { url, clients, seconds, perBatch } = workerData;
const products = ['acme:1001', 'acme:1002', 'acme:1003', 'northwind:4001', 'kumo-tea:3001', 'maison-lune:2001'];
const prices = { 'acme:1001': '129.00', 'acme:1002': '59.00' };
const statuses = {};
let accepted = 0;
let sent = 0;
let failures = 0;
async function client(n) {
  const deadline = Date.now() + seconds * 1000;
  const address = '10.' + (n >> 8) + '.' + (n & 255) + '.7';
  let batch = 0;
  while (Date.now() < deadline) {
    const at = new Date().toISOString();
    const events = [];
    for (let i = 0; i < perBatch; i++) {
      const productId = products[(n + i) % products.length];
      const postId = 'load-' + n + '-' + (batch % 40) + '-' + (i % 10);
      const kind = i % 10;
      if (kind === 9 && prices[productId]) events.push({ type: 'checkout', platform: 'instagram', postId, productId, at, quantity: 1, value: { amount: prices[productId], currency: 'USD' } });
      else events.push({ type: kind < 6 ? 'impression' : kind < 8 ? 'card-open' : 'add-to-cart', platform: 'instagram', postId, productId, at, ...(kind === 8 ? { quantity: 1 } : {}) });
    }
    batch++;
    try {
      const response = await fetch(url + '/v1/events', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
        body: JSON.stringify({ batchId: 'load-' + n + '-' + batch + '-' + Math.random(), events }),
      });
      const text = await response.text();
      statuses[response.status] = (statuses[response.status] || 0) + 1;
      sent += perBatch;
      if (response.status === 200) accepted += JSON.parse(text).accepted;
    } catch {
      failures++;
    }
  }
}
Promise.all(Array.from({ length: clients }, (_, n) => client(n))).then(() => parentPort.postMessage({ statuses, accepted, sent, failures }));
`;

interface EventTotals {
  statuses: Record<string, number>;
  accepted: number;
  sent: number;
  failures: number;
}

function runEventClients(url: string): Promise<EventTotals> {
  const worker = new Worker(EVENT_CLIENTS, { eval: true, workerData: { url, clients: CLIENTS, seconds: SECONDS, perBatch: EVENTS_PER_BATCH } });
  return new Promise((resolve, reject) => {
    worker.once('message', (totals: EventTotals) => {
      void worker.terminate();
      resolve(totals);
    });
    worker.once('error', reject);
  });
}

interface ProbeResult {
  probe: string;
  requests: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  errors: number;
}

/** One request after another until the deadline, timing each. */
async function probe(name: string, deadline: number, request: () => Promise<Response>): Promise<ProbeResult> {
  const latencies: number[] = [];
  let errors = 0;
  while (performance.now() < deadline) {
    const t0 = performance.now();
    try {
      const response = await request();
      await response.arrayBuffer();
      if (response.status >= 400) errors++;
    } catch {
      errors++;
    }
    latencies.push(performance.now() - t0);
    await new Promise((resolve) => setTimeout(resolve, PROBE_GAP_MS));
  }
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => Number((latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? NaN).toFixed(1));
  return { probe: name, requests: latencies.length, p50: pct(50), p95: pct(95), p99: pct(99), max: Number((latencies[latencies.length - 1] ?? NaN).toFixed(1)), errors };
}

/** Reads every stats page of a period, over and over, until the deadline. */
async function statsReader(url: string, token: string, deadline: number): Promise<{ pages: number; errors: number }> {
  let pages = 0;
  let errors = 0;
  const to = new Date().toISOString().slice(0, 10);
  const from = new Date(Date.now() - 365 * 86_400_000).toISOString().slice(0, 10);
  while (performance.now() < deadline) {
    let cursor: string | null = null;
    do {
      const response = await fetch(`${url}/v1/stats?from=${from}&to=${to}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, {
        headers: { authorization: `Bearer ${token}`, 'x-forwarded-for': `10.251.0.${token.length % 200}` },
      });
      const body = (await response.json().catch(() => ({}))) as { cursor?: string | null; hasMore?: boolean };
      pages++;
      if (!response.ok) {
        errors++;
        break;
      }
      cursor = body.hasMore ? (body.cursor ?? null) : null;
    } while (cursor && performance.now() < deadline);
  }
  return { pages, errors };
}

interface ScenarioResult {
  scenario: string;
  /** The machine's 1-minute load average at the end (2 cores, shared): how noisy the numbers are. */
  load: number;
  probes: ProbeResult[];
  events?: EventTotals & { acceptedPerSecond: number };
  stats?: { pages: number; errors: number };
}

async function scenario(name: string, withEvents: boolean, withStats: boolean): Promise<ScenarioResult> {
  const server = await startServer();
  try {
    const feed = (await (await fetch(`${server.url}/v1/feed?limit=5000`)).json()) as { cursor: string };
    const deadline = performance.now() + SECONDS * 1000;
    const events = withEvents ? runEventClients(server.url) : Promise.resolve(undefined);
    const stats = withStats
      ? Promise.all([statsReader(server.url, server.tokens.get('acme')!, deadline), statsReader(server.url, server.tokens.get('northwind')!, deadline)])
      : Promise.resolve(undefined);
    // Each probe is a client of its own, like the monitoring and the shoppers it stands for.
    const as = (address: string) => ({ headers: { 'x-forwarded-for': address } });
    const probes = await Promise.all([
      probe('GET /health', deadline, () => fetch(`${server.url}/health`, as('10.250.0.1'))),
      probe('GET /v1/feed?since=<latest>', deadline, () => fetch(`${server.url}/v1/feed?since=${encodeURIComponent(feed.cursor)}`, as('10.250.0.2'))),
      probe('GET /v1/feed?limit=100', deadline, () => fetch(`${server.url}/v1/feed?limit=100`, as('10.250.0.3'))),
    ]);
    const totals = await events;
    const readers = await stats;
    return {
      scenario: name,
      load: Number(loadavg()[0]!.toFixed(1)),
      probes,
      ...(totals ? { events: { ...totals, acceptedPerSecond: Math.round(totals.accepted / SECONDS) } } : {}),
      ...(readers ? { stats: { pages: readers[0].pages + readers[1].pages, errors: readers[0].errors + readers[1].errors } } : {}),
    };
  } finally {
    await server.stop();
  }
}

test('catalog server under event load', async () => {
  test.setTimeout(20 * 60_000);
  const results: ScenarioResult[] = [];
  results.push(await scenario('no event load', false, false));
  results.push(await scenario(`${CLIENTS} event clients`, true, false));
  results.push(await scenario(`${CLIENTS} event clients + 2 stats readers`, true, true));

  mkdirSync(path.join(ROOT, 'tests/bench/results'), { recursive: true });
  writeFileSync(path.join(ROOT, 'tests/bench/results/server-load.json'), `${JSON.stringify({ seconds: SECONDS, clients: CLIENTS, eventsPerBatch: EVENTS_PER_BATCH, results }, null, 2)}\n`);
  const lines = [
    `PGlite, ${SECONDS} s per scenario, ${CLIENTS} event clients posting ${EVENTS_PER_BATCH}-event batches back to back, probes ${PROBE_GAP_MS} ms apart`,
    '',
    '| scenario (machine load) | probe | requests | p50 ms | p95 ms | p99 ms | max ms | errors |',
    '|---|---|---|---|---|---|---|---|',
    ...results.flatMap((r) => r.probes.map((p) => `| ${r.scenario} (${r.load}) | ${p.probe} | ${p.requests} | ${p.p50} | ${p.p95} | ${p.p99} | ${p.max} | ${p.errors} |`)),
    '',
    '| scenario | event requests by status | events offered | events accepted | accepted/s | stats pages (errors) |',
    '|---|---|---|---|---|---|',
    ...results
      .filter((r) => r.events)
      .map((r) => `| ${r.scenario} | ${JSON.stringify(r.events!.statuses)} | ${r.events!.sent} | ${r.events!.accepted} | ${r.events!.acceptedPerSecond} | ${r.stats ? `${r.stats.pages} (${r.stats.errors})` : '-'} |`),
  ];
  console.log(lines.join('\n'));
});
