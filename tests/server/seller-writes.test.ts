import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getFeed, latestCursor, post, sampleProduct, sampleTag, startTestServer, writeOps, type TestServer } from './helpers';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

interface OpResult {
  index: number;
  op: 'upsert' | 'delete';
  id: string;
  version: number | null;
  changed: boolean;
}

function results(body: Record<string, unknown>): OpResult[] {
  return body.results as OpResult[];
}

async function productCount(): Promise<number> {
  const [row] = await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM products');
  return row!.n;
}

describe('seller authentication', () => {
  it('answers 401 with a Bearer challenge when the token is missing', async () => {
    const response = await writeOps(server, 'products', null, [{ op: 'upsert', product: sampleProduct('acme') }]);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(response.body.error).toMatch(/Authorization: Bearer/);
  });

  it('answers 401 to an unknown or malformed token', async () => {
    for (const authorization of ['Bearer pct_not-a-real-token', 'Bearer', 'Basic YWNtZTpwdw==', `Bearer ${'x'.repeat(5000)}`]) {
      const response = await post(server, '/v1/tags', { ops: [] }, { authorization });
      expect(response.status, authorization.slice(0, 20)).toBe(401);
    }
  });

  it('stores only hashes of tokens', async () => {
    const rows = await server.db.query<{ token_hash: string }>('SELECT token_hash FROM seller_tokens');
    expect(rows.length).toBe(6); // the five demo catalog merchants and Harbor Goods
    for (const value of server.tokens.values()) expect(rows.some((row) => row.token_hash === value)).toBe(false);
  });
});

describe('cross-merchant writes', () => {
  it("refuses with 403 a product whose merchantId is not the token's merchant", async () => {
    const response = await writeOps(server, 'products', 'acme', [{ op: 'upsert', product: sampleProduct('northwind') }]);
    expect(response.status).toBe(403);
    expect(response.body.details).toEqual([{ index: 0, message: expect.stringContaining('merchantId') }]);
  });

  it("refuses to overwrite, delete, review or tag another merchant's product", async () => {
    const theirs = 'northwind:4001';
    const cases: [kind: 'products' | 'reviews' | 'tags', op: unknown][] = [
      ['products', { op: 'upsert', product: sampleProduct('acme', { id: theirs }) }],
      ['products', { op: 'delete', product: { id: theirs } }],
      ['reviews', { op: 'upsert', review: { productId: theirs, rating: 1, count: 1, histogram: [1, 0, 0, 0, 0], items: [] } }],
      ['reviews', { op: 'delete', review: { productId: theirs } }],
      ['tags', { op: 'upsert', tag: sampleTag(theirs, { variantId: null }) }],
      ['tags', { op: 'delete', tag: { id: 'demo-t5' } }], // demo-t5 tags a northwind product
    ];
    const before = await latestCursor(server);
    for (const [kind, op] of cases) {
      const response = await writeOps(server, kind, 'acme', [op]);
      expect(response.status, JSON.stringify(op)).toBe(403);
    }
    const { page } = await getFeed(server, `?since=${before}`);
    expect(page.products.length + page.reviews.length + page.tags.length + page.deleted.tags.length).toBe(0);
  });
});

describe('validation', () => {
  it('answers 400 with the reasons per op index and writes nothing of the request', async () => {
    const good = sampleProduct('acme');
    const before = await productCount();
    const response = await writeOps(server, 'products', 'acme', [
      { op: 'upsert', product: good },
      { op: 'upsert', product: { ...sampleProduct('acme'), variants: [{ id: 'v', price: '-1.00', currency: 'USD' }] } },
      { op: 'upsert', product: { ...sampleProduct('acme'), url: 'javascript:alert(1)' } },
      { op: 'upsert', product: { ...sampleProduct('acme'), variants: [{ id: 'v', price: '12.345', currency: 'USD' }] } },
      { op: 'rename', product: good },
    ]);
    expect(response.status).toBe(400);
    const details = response.body.details as { index: number; path: string; message: string }[];
    expect(details.map((detail) => detail.index)).toEqual([1, 2, 3, 4]);
    expect(details.find((detail) => detail.index === 1)?.path).toBe('product.variants.0.price');
    expect(details.find((detail) => detail.index === 2)?.path).toBe('product.url');
    expect(details.find((detail) => detail.index === 3)?.message).toMatch(/more decimals than USD/);
    expect(await productCount()).toBe(before);
  });

  it('rolls back earlier ops when a later op is refused by the database checks', async () => {
    const product = sampleProduct('acme');
    const before = await latestCursor(server);
    const response = await writeOps(server, 'tags', 'acme', [
      { op: 'upsert', tag: sampleTag('acme:1001', { variantId: '40110010001' }) },
      { op: 'upsert', tag: sampleTag(product.id) }, // product not in the catalog
    ]);
    expect(response.status).toBe(400);
    expect(response.body.details).toEqual([{ index: 1, message: expect.stringContaining('unknown product') }]);
    const { page } = await getFeed(server, `?since=${before}`);
    expect(page.tags).toEqual([]);
  });

  it('refuses a tag naming a variant its product does not have', async () => {
    const response = await writeOps(server, 'tags', 'acme', [{ op: 'upsert', tag: sampleTag('acme:1001', { variantId: 'nope' }) }]);
    expect(response.status).toBe(400);
    expect(response.body.details).toEqual([{ index: 0, message: expect.stringContaining('variant') }]);
  });

  it('refuses bodies that are not { ops: [...] } or not JSON', async () => {
    const auth = { authorization: `Bearer ${server.tokens.get('acme')}` };
    expect((await post(server, '/v1/products', { ops: [] }, auth)).status).toBe(400);
    expect((await post(server, '/v1/products', [], auth)).status).toBe(400);
    const notJson = await post(server, '/v1/products', '{"ops": [', auth);
    expect(notJson.status).toBe(400);
    expect(notJson.body).toEqual({ error: 'request body is not valid JSON' });
  });
});

describe('idempotent writes', () => {
  it('an upsert replayed changes nothing and keeps its version', async () => {
    const product = sampleProduct('acme');
    const first = await writeOps(server, 'products', 'acme', [{ op: 'upsert', product }]);
    expect(first.status).toBe(200);
    const [created] = results(first.body);
    expect(created).toMatchObject({ index: 0, op: 'upsert', id: product.id, changed: true });

    const cursor = await latestCursor(server);
    const replay = await writeOps(server, 'products', 'acme', [{ op: 'upsert', product }]);
    expect(results(replay.body)).toEqual([{ ...created, changed: false }]);
    // Nothing new in the feed.
    expect((await getFeed(server, `?since=${cursor}`)).page.products).toEqual([]);
  });

  it('a delete replayed is a no-op, and deleting something unknown is fine too', async () => {
    const product = sampleProduct('acme');
    await writeOps(server, 'products', 'acme', [{ op: 'upsert', product }]);
    const first = results((await writeOps(server, 'products', 'acme', [{ op: 'delete', product: { id: product.id } }])).body)[0]!;
    const second = results((await writeOps(server, 'products', 'acme', [{ op: 'delete', product: { id: product.id } }])).body)[0]!;
    expect(first.changed).toBe(true);
    expect(second).toEqual({ ...first, changed: false });
    const unknown = await writeOps(server, 'tags', 'acme', [{ op: 'delete', tag: { id: 'never-existed' } }]);
    expect(results(unknown.body)).toEqual([{ index: 0, op: 'delete', id: 'never-existed', version: null, changed: false, conflict: false }]);
  });

  it('review summaries are upserted, and a delete publishes an empty summary', async () => {
    const review = { productId: 'acme:1009', rating: 4.5, count: 2, histogram: [0, 0, 0, 1, 1], items: [] };
    const before = await latestCursor(server);
    const written = await writeOps(server, 'reviews', 'acme', [{ op: 'upsert', review }]);
    expect(written.status).toBe(200);
    expect((await getFeed(server, `?since=${before}`)).page.reviews).toEqual([review]);

    const middle = await latestCursor(server);
    await writeOps(server, 'reviews', 'acme', [{ op: 'delete', review: { productId: 'acme:1009' } }]);
    const { page } = await getFeed(server, `?since=${middle}`);
    expect(page.reviews).toEqual([{ productId: 'acme:1009', rating: 0, count: 0, histogram: [0, 0, 0, 0, 0], items: [] }]);
  });
});

describe('tags', () => {
  it('returns each tag version; the last writer wins and versions only grow', async () => {
    const tag = sampleTag('acme:1001', { variantId: null });
    const first = results((await writeOps(server, 'tags', 'acme', [{ op: 'upsert', tag }])).body)[0]!;
    const moved = results((await writeOps(server, 'tags', 'acme', [{ op: 'upsert', tag: { ...tag, x: 0.9 } }])).body)[0]!;
    expect(first.version).toEqual(expect.any(Number));
    expect(moved.version!).toBeGreaterThan(first.version!);

    // A second device still holding the first version writes its own edit: it wins (it came last),
    // and the version it gets back tells it that it overwrote someone else's.
    const other = results((await writeOps(server, 'tags', 'acme', [{ op: 'upsert', tag: { ...tag, y: 0.1 } }])).body)[0]!;
    expect(other.version!).toBeGreaterThan(moved.version!);
    const { page } = await getFeed(server, '?limit=5000');
    expect(page.tags.find((t) => t.id === tag.id)).toMatchObject({ x: 0.5, y: 0.1 });
  });

  it('takes several ops in one request, applied in order', async () => {
    const tag = sampleTag('acme:1002', { variantId: null });
    const response = await writeOps(server, 'tags', 'acme', [
      { op: 'upsert', tag },
      { op: 'upsert', tag: { ...tag, x: 0.3 } },
      { op: 'delete', tag: { id: tag.id } },
    ]);
    expect(response.status).toBe(200);
    const [a, b, c] = results(response.body);
    expect([a!.version!, b!.version!, c!.version!]).toEqual([a!.version!, a!.version! + 1, a!.version! + 2]);
    const { page } = await getFeed(server, '?limit=5000');
    expect(page.tags.some((t) => t.id === tag.id)).toBe(false);
  });
});
