import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { openDb, type PostcartDB } from '@/utils/catalog/db';
import { MAX_PAGES_PER_RUN, syncDue, syncSource } from '@/utils/sync/engine';
import { newSourceState } from '@/utils/sync/source';
import { backoffMs, type Fetcher } from '@/utils/platform/http';
import { because } from '../fixtures';

const FEED_URL = 'https://feeds.example/v1/feed';
const TOTAL = 23;

function product(i: number) {
  return {
    id: `acme:${i}`,
    merchantId: 'acme',
    title: `Trail item ${i}`,
    url: `https://acme.example/products/item-${i}`,
    variants: [{ id: `${1000 + i}`, price: `${10 + i}.00`, currency: 'USD' }],
    updatedAt: '2026-11-20T10:00:00Z',
  };
}

/** A Postcart feed server in memory: `since` is an index into the product list. */
function feedServer(options: { failAt?: Set<number>; broken?: Set<number>; etag?: string } = {}) {
  const requests: string[] = [];
  const fetcher: Fetcher = async (url, init) => {
    requests.push(url);
    const params = new URL(url).searchParams;
    const since = Number(params.get('since') ?? 0);
    const limit = Number(params.get('limit') ?? 500);
    if (options.etag && (init?.headers as Record<string, string> | undefined)?.['If-None-Match'] === options.etag) {
      return new Response(null, { status: 304 });
    }
    if (options.failAt?.has(since)) {
      options.failAt.delete(since);
      throw new TypeError('Failed to fetch');
    }
    const end = Math.min(TOTAL, since + limit);
    const body = JSON.stringify({
      version: 1,
      cursor: String(end),
      hasMore: end < TOTAL,
      merchants: since === 0 ? [{ id: 'acme', name: 'Acme Outdoor', url: 'https://acme.example', currency: 'USD', checkout: { kind: 'shopify-permalink' } }] : [],
      products: Array.from({ length: end - since }, (_, k) => product(since + k)),
    });
    if (options.broken?.has(since)) return new Response(body.slice(0, body.length / 2), { status: 200 });
    return new Response(body, { status: 200, headers: options.etag ? { etag: options.etag } : {} });
  };
  return { fetcher, requests };
}

describe('the sync engine', () => {
  let db: PostcartDB;
  beforeEach(async () => {
    db = openDb(`sync-${Math.random()}`);
    await db.sources.put(newSourceState({ id: 'acme', kind: 'postcart', url: FEED_URL }));
  });

  it('pulls a paged Postcart feed to the end and records the run', async () => {
    const { fetcher, requests } = feedServer();
    const { state, applied } = await syncSource({ db, fetch: fetcher, pageSize: 10, now: () => 5 }, 'acme');
    expect(await db.products.count()).toBe(TOTAL);
    expect(applied).toBe(TOTAL + 1);
    expect(requests.map((u) => new URL(u).searchParams.get('since'))).toEqual([null, '10', '20']);
    expect(state).toMatchObject({ status: 'idle', cursor: '23', failures: 0, progress: { done: TOTAL + 1 }, lastRun: { ok: true, applied: TOTAL + 1 } });
  });

  it('resumes after an interrupted run from the last committed page, without fetching or applying anything twice', async () => {
    const { fetcher, requests } = feedServer({ failAt: new Set([20]) });
    const first = await syncSource({ db, fetch: fetcher, pageSize: 10, now: () => 1000, random: () => 0 }, 'acme');
    expect(first.state.status).toBe('error');
    expect(first.state.cursor).toBe('20');
    expect(await db.products.count()).toBe(20);
    const second = await syncSource({ db, fetch: fetcher, pageSize: 10 }, 'acme');
    expect(second.state.status).toBe('idle');
    expect(await db.products.count()).toBe(TOTAL);
    expect(requests.map((u) => new URL(u).searchParams.get('since'))).toEqual([null, '10', '20', '20']);
  });

  it('backs off exponentially with jitter after network failures, and skips the source until then', async () => {
    const { fetcher } = feedServer({ failAt: new Set([0]) });
    const { state } = await syncSource({ db, fetch: fetcher, now: () => 1_000_000, random: () => 1 }, 'acme');
    expect(state).toMatchObject({ status: 'error', failures: 1, nextAttemptAt: 1_000_000 + 30_000 });
    expect(state.error).toEqual(because('errHttpNetwork', 'feeds.example'));
    expect(await syncDue({ db, fetch: fetcher, now: () => 1_000_000 + 10_000 })).toEqual([]);
    expect(backoffMs(1, () => 0)).toBe(15_000);
    expect(backoffMs(3, () => 1)).toBe(120_000);
    expect(backoffMs(40, () => 1)).toBe(6 * 60 * 60_000);
  });

  it('fails a run on a truncated response and keeps the data it had', async () => {
    await syncSource({ db, fetch: feedServer().fetcher, pageSize: 100 }, 'acme');
    await db.sources.update('acme', { cursor: null });
    const { state } = await syncSource({ db, fetch: feedServer({ broken: new Set([0]) }).fetcher, pageSize: 100 }, 'acme');
    expect(state.status).toBe('error');
    expect(state.error).toEqual(because('errHttpNotJson', 'feeds.example'));
    expect(state.nextAttemptAt).toBeNull();
    expect(await db.products.count()).toBe(TOTAL);
  });

  it('asks with the stored ETag and treats 304 as nothing new', async () => {
    const server = feedServer({ etag: '"v1"' });
    await syncSource({ db, fetch: server.fetcher, pageSize: 100 }, 'acme');
    expect((await db.sources.get('acme'))?.etag).toBe('"v1"');
    const again = await syncSource({ db, fetch: server.fetcher, pageSize: 100 }, 'acme');
    expect(again.applied).toBe(0);
    expect(again.state.status).toBe('idle');
  });

  it('runs one sync per source at a time however often it is asked', async () => {
    const { fetcher, requests } = feedServer();
    await Promise.all([syncSource({ db, fetch: fetcher, pageSize: 100 }, 'acme'), syncSource({ db, fetch: fetcher, pageSize: 100 }, 'acme')]);
    expect(requests).toHaveLength(1);
  });

  it('reports a refused source address as an error without retrying it', async () => {
    const fetcher: Fetcher = async () => new Response('nope', { status: 404 });
    const { state } = await syncSource({ db, fetch: fetcher }, 'acme');
    expect(state).toMatchObject({ status: 'error', error: because('errHttpStatus', 'feeds.example', 404), nextAttemptAt: null });
  });

  it('stops a feed that answers “more” with the same cursor instead of fetching it forever', async () => {
    const requests: string[] = [];
    const looping: Fetcher = async (url) => {
      requests.push(url);
      return Response.json({ version: 1, cursor: 'same', hasMore: true, products: [] });
    };
    const { state } = await syncSource({ db, fetch: looping }, 'acme');
    expect(state).toMatchObject({ status: 'error', error: because('errCursorStuck'), nextAttemptAt: null });
    // The first page, the one that repeated its cursor, and the prefetch of the next: nothing more.
    expect(requests.length).toBeLessThanOrEqual(3);
  });

  it('ends a run that never stops saying there is more after its page cap', async () => {
    let page = 0;
    const endless: Fetcher = async () => {
      page += 1;
      return Response.json({ version: 1, cursor: String(page), hasMore: true, products: [] });
    };
    const { state } = await syncSource({ db, fetch: endless, maxPages: 20 }, 'acme');
    expect(state).toMatchObject({ status: 'error', error: because('errTooManyPages', 20) });
    expect(page).toBeLessThanOrEqual(22);
    expect(MAX_PAGES_PER_RUN).toBeGreaterThanOrEqual(1000);
  });

  it('syncs sources side by side, so a source that stalls does not hold the others back', async () => {
    await db.sources.put(newSourceState({ id: 'slow', kind: 'postcart', url: 'https://slow.example/v1/feed' }));
    const { fetcher } = feedServer();
    let release: () => void = () => undefined;
    const stalled = new Promise<Response>((resolve) => (release = () => resolve(new Response('{}', { status: 503 }))));
    const both: Fetcher = (url, init) => (url.startsWith('https://slow.example') ? stalled : fetcher(url, init));
    const run = syncDue({ db, fetch: both, pageSize: 100 });
    await expect.poll(() => db.products.count()).toBe(TOTAL);
    await expect.poll(async () => (await db.sources.get('acme'))?.status).toBe('idle');
    expect((await db.sources.get('slow'))?.status).toBe('syncing');
    release();
    const results = await run;
    expect(results.map((r) => [r.state.id, r.state.status]).sort()).toEqual([
      ['acme', 'idle'],
      ['slow', 'error'],
    ]);
  });

  it('says so on the source when the browser refuses to store more, instead of staying “syncing”', async () => {
    const full = Object.assign(new Error('quota'), { name: 'QuotaExceededError' });
    db.products.hook('creating', () => {
      throw full;
    });
    const { state } = await syncSource({ db, fetch: feedServer().fetcher, pageSize: 100 }, 'acme');
    expect(state).toMatchObject({ status: 'error', error: because('errStorageFull') });
    expect((await db.sources.get('acme'))?.status).toBe('error');
  });
});

describe('the sync engine with the other source kinds', () => {
  const feeds = new URL('../../feeds/', import.meta.url);
  const read = (name: string) => readFileSync(new URL(name, feeds), 'utf8');
  let db: PostcartDB;
  beforeEach(() => {
    db = openDb(`kinds-${Math.random()}`);
  });

  function serve(routes: Record<string, string>): { fetcher: Fetcher; asked: string[] } {
    const asked: string[] = [];
    const fetcher: Fetcher = async (url) => {
      asked.push(url);
      const body = routes[url];
      return body === undefined ? new Response('missing', { status: 404 }) : new Response(body, { status: 200 });
    };
    return { fetcher, asked };
  }

  it('pulls a Shopify store page by page until an empty page, and drops products it no longer lists', async () => {
    await db.sources.put(newSourceState({ id: 'shop', kind: 'shopify', url: 'https://tidewater.example', currency: 'USD', merchant: { id: 'tidewater', name: 'Tidewater' } }));
    const page1 = read('shopify-products-page-1.json');
    const { fetcher, asked } = serve({
      'https://tidewater.example/products.json?limit=250&page=1': page1,
      'https://tidewater.example/products.json?limit=250&page=2': read('shopify-products-page-2-empty.json'),
    });
    const first = await syncSource({ db, fetch: fetcher }, 'shop');
    expect(asked).toHaveLength(2);
    expect(first.state).toMatchObject({ status: 'idle', cursor: null });
    const count = await db.products.where('sourceId').equals('shop').count();
    expect(count).toBeGreaterThan(2);

    const fewer = JSON.parse(page1) as { products: unknown[] };
    fewer.products = fewer.products.slice(1);
    const again = serve({
      'https://tidewater.example/products.json?limit=250&page=1': JSON.stringify(fewer),
      'https://tidewater.example/products.json?limit=250&page=2': '{"products":[]}',
    });
    const second = await syncSource({ db, fetch: again.fetcher }, 'shop');
    expect(await db.products.where('sourceId').equals('shop').count()).toBe(count - 1);
    expect(second.state.lastRun?.note).toEqual(because('noteProductsRemoved', 1));
    // Their price history goes with them.
    expect((await db.priceHistory.toCollection().primaryKeys()).sort()).toEqual((await db.products.toCollection().primaryKeys()).sort());
  });

  it('applies a Merchant Center feed in pages and joins a reviews feed to its products', async () => {
    await db.sources.bulkPut([
      newSourceState({ id: 'mc', kind: 'merchant-feed', url: 'https://tidewater.example/feed.tsv', merchant: { id: 'tidewater', name: 'Tidewater Knits' } }),
      newSourceState({ id: 'rv', kind: 'reviews-feed', url: 'https://tidewater.example/reviews.xml' }),
    ]);
    const { fetcher } = serve({ 'https://tidewater.example/feed.tsv': read('merchant-feed.tsv'), 'https://tidewater.example/reviews.xml': read('reviews-feed.xml') });
    const mc = await syncSource({ db, fetch: fetcher, pageSize: 2 }, 'mc');
    expect(mc.state.status).toBe('idle');
    expect(mc.state.lastRun?.skipped).toBeGreaterThan(0);
    expect(await db.products.where('sourceId').equals('mc').count()).toBeGreaterThan(1);
    const rv = await syncSource({ db, fetch: fetcher }, 'rv');
    expect(rv.state.status).toBe('idle');
    expect(await db.reviews.where('sourceId').equals('rv').count()).toBeGreaterThan(0);
  });

  it('fails a run on a truncated reviews feed and keeps the previous data', async () => {
    await db.sources.put(newSourceState({ id: 'rv', kind: 'reviews-feed', url: 'https://tidewater.example/reviews.xml' }));
    const { fetcher } = serve({ 'https://tidewater.example/reviews.xml': read('reviews-feed-truncated.xml') });
    const { state } = await syncSource({ db, fetch: fetcher }, 'rv');
    expect(state.status).toBe('error');
    expect(state.nextAttemptAt).toBeNull();
  });
});

describe('a catalog server on this machine', () => {
  it('may serve its images from its own http origin, and only from it', async () => {
    const db = openDb(`loopback-${Math.random()}`);
    await db.sources.put(newSourceState({ id: 'dev', kind: 'postcart', url: 'http://127.0.0.1:8787/v1/feed' }));
    const body = {
      version: 1,
      cursor: '1',
      hasMore: false,
      merchants: [{ id: 'acme', name: 'Acme', url: 'https://acme.example', currency: 'USD', checkout: { kind: 'link' } }],
      products: [
        { ...product(1), images: ['http://127.0.0.1:8787/demo/images/a.svg'] },
        { ...product(2), images: ['http://127.0.0.1:9999/elsewhere.svg'] },
      ],
    };
    const fetcher: Fetcher = async () => new Response(JSON.stringify(body), { status: 200 });
    const { skipped } = await syncSource({ db, fetch: fetcher }, 'dev');
    expect((await db.products.get('acme:1'))?.images).toEqual(['http://127.0.0.1:8787/demo/images/a.svg']);
    expect(skipped.map((s) => s.id)).toEqual(['acme:2']);
  });
});
