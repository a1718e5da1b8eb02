/**
 * Starts the real catalog server for a test file: its own database (in-memory PGlite, or a fresh
 * schema on DATABASE_URL), the demo catalog, demo seller tokens, listening on 127.0.0.1:<random>.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp, type AppOptions, type Handler } from '../../server/app';
import { openDb, type Db } from '../../server/db';
import type { FeedPage } from '../../server/feed';
import { issueDemoTokens, seedIfEmpty } from '../../server/seed';
import type { FeedProduct, FeedTag } from '../../utils/catalog/model';

export interface TestServer {
  url: string;
  db: Db;
  /** merchant id -> seller token */
  tokens: Map<string, string>;
  close(): Promise<void>;
}

export const onPostgres = Boolean(process.env.DATABASE_URL);

/** App options a test may set (limits, a trusted proxy, a clock, the admin secret); the rest is fixed. */
export type TestServerOptions = Omit<AppOptions, 'db' | 'allowedOrigins' | 'staticRoot'>;

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const schema = onPostgres ? `test_${randomBytes(6).toString('hex')}` : undefined;
  const db = await openDb(onPostgres ? { databaseUrl: process.env.DATABASE_URL, schema } : { dataDir: 'memory://' });

  // The app needs the server's own origin (its images are http), known only once it listens.
  let handler: Handler | undefined;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => handler?.(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // Refusals are answered at once unless a test asks otherwise: tests send on without waiting.
  handler = await createApp({ refusalDelayMs: 0, ...options, db, allowedOrigins: [url], staticRoot: new URL('../../public/', import.meta.url) });
  await seedIfEmpty(db, url);
  const tokens = await issueDemoTokens(db);

  return {
    url,
    db,
    tokens,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (schema) await db.query(`DROP SCHEMA ${schema} CASCADE`);
      await db.close();
    },
  };
}

export function token(server: TestServer, merchantId: string): string {
  const value = server.tokens.get(merchantId);
  if (!value) throw new Error(`no demo token for ${merchantId}`);
  return value;
}

export async function getFeed(server: TestServer, query = '', headers: Record<string, string> = {}): Promise<{ status: number; page: FeedPage; etag: string | null }> {
  const response = await fetch(`${server.url}/v1/feed${query}`, { headers });
  const text = await response.text();
  return { status: response.status, page: (text ? JSON.parse(text) : null) as FeedPage, etag: response.headers.get('etag') };
}

/** Follows hasMore from `since` to the end and returns every page. */
export async function readAll(server: TestServer, since: string | null, limit = 500): Promise<FeedPage[]> {
  const pages: FeedPage[] = [];
  let cursor = since;
  for (let guard = 0; guard < 1000; guard++) {
    const query = `?limit=${limit}${cursor ? `&since=${encodeURIComponent(cursor)}` : ''}`;
    const { status, page } = await getFeed(server, query);
    if (status !== 200) throw new Error(`feed answered ${status}: ${JSON.stringify(page)}`);
    pages.push(page);
    cursor = page.cursor;
    if (!page.hasMore) return pages;
  }
  throw new Error('feed never ended');
}

/** The cursor a fully synced client holds right now. */
export async function latestCursor(server: TestServer): Promise<string> {
  const pages = await readAll(server, null, 5000);
  return pages[pages.length - 1]!.cursor;
}

/** The sequence number inside a cursor ("<seq>.<catalog>"); tests peek, clients must not. */
export function seqOf(cursor: string): number {
  return Number(cursor.split('.')[0]);
}

export interface JsonResponse {
  status: number;
  body: { error?: string; details?: unknown; [key: string]: unknown };
  headers: Headers;
}

export async function post(server: TestServer, path: string, body: unknown, headers: Record<string, string> = {}): Promise<JsonResponse> {
  const response = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as JsonResponse['body']) : {}, headers: response.headers };
}

export function writeOps(server: TestServer, kind: 'products' | 'reviews' | 'tags', merchantId: string | null, ops: unknown[]): Promise<JsonResponse> {
  return post(server, `/v1/${kind}`, { ops }, merchantId ? { authorization: `Bearer ${token(server, merchantId)}` } : {});
}

let counter = 0;
/** A unique id per call, so tests in one file never collide. */
export function uniqueId(prefix: string): string {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${counter}`;
}

/** A shopper's contact as the orders endpoint takes it. */
export const sampleContact = {
  email: 'ada@example.com',
  firstName: 'Ada',
  lastName: 'Lovelace',
  address1: '1 Main St',
  city: 'Springfield',
  region: 'IL',
  postalCode: '62701',
  country: 'US',
};

export function sampleProduct(merchantId: string, overrides: Partial<FeedProduct> = {}): FeedProduct {
  const id = overrides.id ?? `${merchantId}:${uniqueId('p')}`;
  return {
    id,
    merchantId,
    title: 'Test Mug',
    url: `https://${merchantId}.example/products/${encodeURIComponent(id)}`,
    images: ['https://cdn.example/mug.png'],
    brand: 'Test',
    gtin: null,
    description: 'A mug for tests.',
    variants: [
      { id: 'v1', title: 'Blue', price: '12.50', compareAtPrice: null, currency: 'USD', available: true, sku: 'MUG-B' },
      { id: 'v2', title: 'Red', price: '0.10', compareAtPrice: '0.20', currency: 'USD', available: true, sku: 'MUG-R' },
    ],
    updatedAt: '2026-11-20T10:00:00Z',
    ...overrides,
  };
}

export function sampleTag(productId: string, overrides: Partial<FeedTag> = {}): FeedTag {
  return {
    id: uniqueId('t'),
    platform: 'instagram',
    postId: uniqueId('post'),
    productId,
    variantId: 'v1',
    x: 0.5,
    y: 0.25,
    updatedAt: '2026-11-20T10:00:00Z',
    ...overrides,
  };
}

const DAY_MS = 86_400_000;

/** A UTC day relative to today: isoDay(-2) is the day before yesterday, as "YYYY-MM-DD". */
export function isoDay(offsetDays = 0, now = Date.now()): string {
  return new Date(Math.floor(now / DAY_MS) * DAY_MS + offsetDays * DAY_MS).toISOString().slice(0, 10);
}

export interface EventInput {
  type: 'impression' | 'card-open' | 'add-to-cart' | 'checkout';
  platform?: FeedTag['platform'];
  postId: string;
  productId: string;
  postUrl?: string;
  at: string;
  quantity?: number;
  value?: { amount: string; currency: string };
}

/** `count` copies of one event, for building batches. */
export function repeat(count: number, event: EventInput): EventInput[] {
  return Array.from({ length: count }, () => ({ platform: 'instagram', ...event }));
}

export function postEvents(server: TestServer, events: EventInput[], batchId = uniqueId('batch'), headers: Record<string, string> = {}): Promise<JsonResponse> {
  return post(server, '/v1/events', { batchId, events: events.map((event) => ({ platform: 'instagram', ...event })) }, headers);
}

export async function getJson(server: TestServer, path: string, headers: Record<string, string> = {}): Promise<JsonResponse> {
  const response = await fetch(`${server.url}${path}`, { headers });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as JsonResponse['body']) : {}, headers: response.headers };
}

export function bearer(server: TestServer, merchantId: string): Record<string, string> {
  return { authorization: `Bearer ${token(server, merchantId)}` };
}
