import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { post, sampleContact as contact, sampleProduct, startTestServer, uniqueId, writeOps, type TestServer } from './helpers';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

function acmeOrder(overrides: Record<string, unknown> = {}) {
  return {
    merchantId: 'acme',
    lines: [
      { productId: 'acme:1001', variantId: '40110010002', quantity: 2 }, // Trail Jacket M / Blue, 129.00
      { productId: 'acme:1002', variantId: '40110020003', quantity: 1 }, // 74.00
    ],
    contact,
    source: { platform: 'instagram', postId: 'C8xYz123abc', url: 'https://www.instagram.com/p/C8xYz123abc/' },
    ...overrides,
  };
}

function placeOrder(body: unknown, key: string | null = uniqueId('key')) {
  return post(server, '/v1/orders', body, key === null ? {} : { 'idempotency-key': key });
}

async function orderCount(): Promise<number> {
  const [row] = await server.db.query<{ n: number }>('SELECT count(*)::int AS n FROM orders');
  return row!.n;
}

describe('POST /v1/orders', () => {
  it('creates an order priced from the catalog: 201 with number, status and exact totals', async () => {
    const response = await placeOrder(acmeOrder());
    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      orderId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      number: expect.any(Number),
      status: 'received',
      totals: [{ currency: 'USD', amount: '332.00' }],
    });
  });

  it('ignores prices a client sends and uses the catalog price', async () => {
    const lines = [{ productId: 'acme:1001', variantId: '40110010002', quantity: 1, price: '0.01', unitMinor: 1 }];
    const response = await placeOrder(acmeOrder({ lines, totals: [{ currency: 'USD', amount: '0.01' }] }));
    expect(response.status).toBe(201);
    expect(response.body.totals).toEqual([{ currency: 'USD', amount: '129.00' }]);
  });

  it('adds cents exactly (no float drift) and handles zero-decimal currencies', async () => {
    const product = sampleProduct('acme'); // variant v2 costs 0.10
    await writeOps(server, 'products', 'acme', [{ op: 'upsert', product }]);
    const cents = await placeOrder(acmeOrder({ lines: [{ productId: product.id, variantId: 'v2', quantity: 3 }] }));
    expect(cents.body.totals).toEqual([{ currency: 'USD', amount: '0.30' }]);

    const yen = await placeOrder({ merchantId: 'kumo-tea', lines: [{ productId: 'kumo-tea:3001', variantId: '40330010002', quantity: 3 }], contact });
    expect(yen.status).toBe(201);
    expect(yen.body.totals).toEqual([{ currency: 'JPY', amount: '9600' }]);
  });

  it('sees a price change at once: the next order pays the new price', async () => {
    const product = sampleProduct('acme');
    await writeOps(server, 'products', 'acme', [{ op: 'upsert', product }]);
    const line = [{ productId: product.id, variantId: 'v1', quantity: 1 }];
    expect((await placeOrder(acmeOrder({ lines: line }))).body.totals).toEqual([{ currency: 'USD', amount: '12.50' }]);
    const repriced = { ...product, variants: product.variants.map((v) => (v.id === 'v1' ? { ...v, price: '13.75' } : v)) };
    await writeOps(server, 'products', 'acme', [{ op: 'upsert', product: repriced }]);
    expect((await placeOrder(acmeOrder({ lines: line }))).body.totals).toEqual([{ currency: 'USD', amount: '13.75' }]);
  });

  it('answers the same order (200) to the same key and body, and creates it once', async () => {
    const key = uniqueId('key');
    const first = await placeOrder(acmeOrder(), key);
    const before = await orderCount();
    const second = await placeOrder(acmeOrder(), key);
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(second.body).toEqual(first.body);
    expect(await orderCount()).toBe(before);
  });

  it('makes one order of 20 concurrent requests with one key', async () => {
    const key = uniqueId('key');
    const before = await orderCount();
    const responses = await Promise.all(Array.from({ length: 20 }, () => placeOrder(acmeOrder(), key)));
    expect(responses.map((r) => r.status).sort((a, b) => a - b)).toEqual([...Array<number>(19).fill(200), 201]);
    expect(new Set(responses.map((r) => r.body.orderId)).size).toBe(1);
    expect(await orderCount()).toBe(before + 1);
  });

  it('answers 409 when a key comes back with a different body', async () => {
    const key = uniqueId('key');
    expect((await placeOrder(acmeOrder(), key)).status).toBe(201);
    const changed = await placeOrder(acmeOrder({ lines: [{ productId: 'acme:1001', variantId: '40110010002', quantity: 5 }] }), key);
    expect(changed.status).toBe(409);
    expect(changed.body.error).toMatch(/Idempotency-Key/);
  });

  it('requires an Idempotency-Key header', async () => {
    const before = await orderCount();
    for (const key of [null, '', 'k'.repeat(201)]) {
      const response = await placeOrder(acmeOrder(), key);
      expect(response.status).toBe(400);
      expect(response.body.error).toMatch(/Idempotency-Key/);
    }
    expect(await orderCount()).toBe(before);
  });

  it('refuses unknown products, unknown variants, sold-out variants and other merchants’ products with reasons', async () => {
    const response = await placeOrder(
      acmeOrder({
        lines: [
          { productId: 'acme:nope', variantId: '1', quantity: 1 },
          { productId: 'acme:1001', variantId: 'nope', quantity: 1 },
          { productId: 'acme:1001', variantId: '40110010003', quantity: 1 }, // L / Blue: not available
          { productId: 'northwind:4001', variantId: '40440010001', quantity: 1 },
        ],
      }),
    );
    expect(response.status).toBe(400);
    const details = response.body.details as { path: string; message: string }[];
    expect(details.map((detail) => detail.path)).toEqual(['lines.0.productId', 'lines.1.variantId', 'lines.2.variantId', 'lines.3.productId']);
    expect(details[2]!.message).toMatch(/not available/);
  });

  it('validates the body with zod: contact, quantities, merchant', async () => {
    const bad = await placeOrder(acmeOrder({ contact: { ...contact, email: 'not-an-email' }, lines: [{ productId: 'acme:1001', variantId: '40110010002', quantity: 0 }] }));
    expect(bad.status).toBe(400);
    const paths = (bad.body.details as { path: string }[]).map((detail) => detail.path);
    expect(paths).toEqual(expect.arrayContaining(['lines.0.quantity', 'contact.email']));
    const unknownMerchant = await placeOrder(acmeOrder({ merchantId: 'nobody' }));
    expect(unknownMerchant.status).toBe(400);
  });
});
