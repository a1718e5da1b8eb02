import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedSchemas } from '../../utils/catalog/model';
import { getFeed, latestCursor, readAll, sampleProduct, sampleTag, seqOf, startTestServer, writeOps, type TestServer } from './helpers';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

// Merchants, products, review summaries, tags in public/demo-catalog.json plus server/orders-demo.json.
const DEMO_FILES = ['../../public/demo-catalog.json', '../../server/orders-demo.json'].map(
  (file) => JSON.parse(readFileSync(new URL(file, import.meta.url), 'utf8')) as Record<'merchants' | 'products' | 'reviews' | 'tags', unknown[] | undefined>,
);
const DEMO_COUNTS = (['merchants', 'products', 'reviews', 'tags'] as const).map((kind) => DEMO_FILES.reduce((sum, file) => sum + (file[kind]?.length ?? 0), 0));
const DEMO_RECORDS = DEMO_COUNTS.reduce((a, b) => a + b, 0);

describe('GET /v1/feed', () => {
  it('serves the whole demo data from an empty cursor as a valid Postcart feed v1', async () => {
    const { status, page } = await getFeed(server, '?limit=5000');
    expect(status).toBe(200);
    expect(page).toMatchObject({ version: 1, hasMore: false, deleted: { products: [], tags: [] } });
    expect(Object.keys(page).sort()).toEqual(['cursor', 'deleted', 'hasMore', 'merchants', 'products', 'reviews', 'tags', 'version']);
    expect([page.merchants.length, page.products.length, page.reviews.length, page.tags.length]).toEqual(DEMO_COUNTS);

    // Every record passes the schemas the extension validates with (images live on this server).
    const schemas = feedSchemas([server.url]);
    for (const merchant of page.merchants) schemas.FeedMerchant.parse(merchant);
    for (const product of page.products) schemas.FeedProduct.parse(product);
    for (const review of page.reviews) schemas.FeedReviewSummary.parse(review);
    for (const tag of page.tags) schemas.FeedTag.parse(tag);
  });

  it('keeps prices as the exact decimal strings of the catalog', async () => {
    const { page } = await getFeed(server, '?limit=5000');
    const jacket = page.products.find((product) => product.id === 'acme:1001');
    expect(jacket?.variants[0]).toMatchObject({ price: '129.00', compareAtPrice: '159.00', currency: 'USD' });
    const tea = page.products.find((product) => product.id === 'kumo-tea:3001');
    expect(tea?.variants[0]).toMatchObject({ price: '1800', currency: 'JPY' });
  });

  it('turns the demo images into absolute URLs on this server and serves them as SVG', async () => {
    const { page } = await getFeed(server, '?limit=5000');
    const image = page.products[0]!.images[0]!;
    expect(image.startsWith(`${server.url}/demo/images/`)).toBe(true);
    const response = await fetch(image);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/svg+xml');
    expect(await response.text()).toContain('<svg');
  });

  it('refuses image paths that try to leave the images folder', async () => {
    for (const path of ['/demo/images/..%2F..%2Fpackage.json', '/demo/images/.hidden.svg', '/demo/images/missing.svg', '/demo/images/x.json']) {
      const response = await fetch(`${server.url}${path}`);
      expect(response.status, path).toBe(404);
      expect(await response.json()).toEqual({ error: 'not found' });
    }
  });

  it('pages with limit and hasMore, every record exactly once, in sequence order', async () => {
    const pages = await readAll(server, null, 7);
    expect(pages.length).toBeGreaterThan(DEMO_RECORDS / 7);
    expect(pages.slice(0, -1).every((page) => page.hasMore)).toBe(true);
    expect(pages.at(-1)!.hasMore).toBe(false);
    const productIds = pages.flatMap((page) => page.products.map((product) => product.id));
    const tagIds = pages.flatMap((page) => page.tags.map((tag) => tag.id));
    expect(new Set(productIds).size).toBe(DEMO_COUNTS[1]);
    expect(new Set(tagIds).size).toBe(18);
    expect(tagIds.length).toBe(18);
    // Cursors only move forward.
    const seqs = pages.map((page) => seqOf(page.cursor));
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    expect(new Set(seqs).size).toBe(seqs.length);
  });

  it('puts at most limit changes in a page', async () => {
    const { page } = await getFeed(server, '?limit=3');
    const records = page.merchants.length + page.products.length + page.reviews.length + page.tags.length;
    expect(records).toBe(3);
    expect(page.hasMore).toBe(true);
  });

  it('uses a change sequence as cursor, not a clock', async () => {
    const first = await getFeed(server, '?limit=1');
    const second = await getFeed(server, `?limit=1&since=${first.page.cursor}`);
    // Sequence numbers are small and consecutive for consecutive changes; a timestamp is neither.
    expect(seqOf(first.page.cursor)).toBe(1);
    expect(seqOf(second.page.cursor)).toBe(2);
    const end = await latestCursor(server);
    expect(seqOf(end)).toBeLessThan(1_000_000);
    const health = (await (await fetch(`${server.url}/health`)).json()) as { seq: number };
    expect(health.seq).toBeGreaterThanOrEqual(seqOf(end));
  });

  it('answers 304 to If-None-Match with the current ETag, and 200 once something changed', async () => {
    const since = await latestCursor(server);
    const first = await getFeed(server, `?since=${since}`);
    expect(first.status).toBe(200);
    expect(first.etag).toMatch(/^"[\w-]+"$/);
    const again = await getFeed(server, `?since=${since}`, { 'if-none-match': first.etag! });
    expect(again.status).toBe(304);
    expect(again.page).toBeNull();
    expect((await getFeed(server, `?since=${since}`, { 'if-none-match': `"other", W/${first.etag}` })).status).toBe(304);

    expect((await writeOps(server, 'products', 'acme', [{ op: 'upsert', product: sampleProduct('acme') }])).status).toBe(200);
    const changed = await getFeed(server, `?since=${since}`, { 'if-none-match': first.etag! });
    expect(changed.status).toBe(200);
    expect(changed.etag).not.toBe(first.etag);
    expect(changed.page.products).toHaveLength(1);
  });

  it('after one change returns only that change', async () => {
    const since = await latestCursor(server);
    const product = sampleProduct('acme');
    await writeOps(server, 'products', 'acme', [{ op: 'upsert', product }]);
    const { page } = await getFeed(server, `?since=${since}`);
    expect(page).toMatchObject({ hasMore: false, merchants: [], reviews: [], tags: [], deleted: { products: [], tags: [] } });
    expect(page.products).toEqual([product]);
    expect(seqOf(page.cursor)).toBe(seqOf(since) + 1);

    // A product changed twice since the cursor shows up once, as it is now.
    await writeOps(server, 'products', 'acme', [{ op: 'upsert', product: { ...product, title: 'Renamed Mug' } }]);
    const later = await getFeed(server, `?since=${since}`);
    expect(later.page.products.map((p) => [p.id, p.title])).toEqual([[product.id, 'Renamed Mug']]);
  });

  it('reports deletions as tombstones, and the record no longer appears', async () => {
    const product = sampleProduct('acme');
    const tag = sampleTag(product.id);
    await writeOps(server, 'products', 'acme', [{ op: 'upsert', product }]);
    await writeOps(server, 'tags', 'acme', [{ op: 'upsert', tag }]);
    const since = await latestCursor(server);

    expect((await writeOps(server, 'products', 'acme', [{ op: 'delete', product: { id: product.id } }])).status).toBe(200);
    const { page } = await getFeed(server, `?since=${since}`);
    expect(page.deleted.products).toEqual([product.id]);
    // Its tag went with it, with a tombstone of its own.
    expect(page.deleted.tags).toEqual([tag.id]);
    expect(page.products).toEqual([]);

    const everything = await readAll(server, null, 5000);
    expect(everything.flatMap((p) => p.products).some((p) => p.id === product.id)).toBe(false);
    // A client syncing from scratch has nothing to delete: no tombstones for it.
    expect(everything.flatMap((p) => p.deleted.products)).toEqual([]);
  });

  it('brings a deleted product back without its old tombstone', async () => {
    const product = sampleProduct('acme');
    await writeOps(server, 'products', 'acme', [{ op: 'upsert', product }]);
    const before = await latestCursor(server);
    await writeOps(server, 'products', 'acme', [{ op: 'delete', product: { id: product.id } }]);
    await writeOps(server, 'products', 'acme', [{ op: 'upsert', product }]);
    const { page } = await getFeed(server, `?since=${before}`);
    expect(page.products.map((p) => p.id)).toEqual([product.id]);
    expect(page.deleted.products).toEqual([]);
  });

  it('sends a product along with a tag on an earlier page, so a fresh client never drops the tag', async () => {
    const product = sampleProduct('acme');
    const tag = sampleTag(product.id);
    await writeOps(server, 'products', 'acme', [{ op: 'upsert', product }]);
    await writeOps(server, 'tags', 'acme', [{ op: 'upsert', tag }]);
    // The product changes after its tag: its seq is now beyond the tag's.
    await writeOps(server, 'products', 'acme', [{ op: 'upsert', product: { ...product, title: 'Newer Mug' } }]);

    const pages = await readAll(server, null, 1);
    const tagPage = pages.find((page) => page.tags.some((t) => t.id === tag.id))!;
    expect(tagPage.products.map((p) => [p.id, p.title])).toEqual([[product.id, 'Newer Mug']]);
  });

  it('refuses a malformed, foreign or future cursor with 400 and a reason', async () => {
    const current = await latestCursor(server);
    const [seq, catalog] = current.split('.');
    const otherCatalog = catalog === 'ffffffff' ? 'eeeeeeee' : 'ffffffff';
    const cases = ['yesterday', '2026-11-20T10:00:00Z', '-5', `${seq}.${otherCatalog}`, `${Number(seq) + 1000}.${catalog}`];
    for (const since of cases) {
      const { status, page } = await getFeed(server, `?since=${encodeURIComponent(since)}`);
      expect(status, since).toBe(400);
      const body = page as unknown as { error: string; details: { reason: string } };
      expect(body.error).toBe('bad feed request');
      expect(body.details.reason.length).toBeGreaterThan(10);
    }
  });

  it('checks limit: default 500, capped at 5000, nonsense refused', async () => {
    expect((await getFeed(server, '?limit=0')).status).toBe(400);
    expect((await getFeed(server, '?limit=ten')).status).toBe(400);
    expect((await getFeed(server, '?limit=999999')).status).toBe(200);
    const { page } = await getFeed(server, '');
    expect(page.hasMore).toBe(false); // the demo catalog is far below 500 records
  });
});
