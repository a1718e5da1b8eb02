import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertMerchant } from '../../server/catalog';
import { openDb, type Db } from '../../server/db';
import { DEMO_CATALOG_PATH, ORDERS_DEMO_PATH, seedIfEmpty } from '../../server/seed';
import { feedSchemas } from '../../utils/catalog/model';
import { getFeed, onPostgres, post, sampleContact as contact, startTestServer, type TestServer } from './helpers';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

describe('the orders-api demo merchant', () => {
  it('is in the feed: Harbor Goods, USD, orders-api checkout, 3 products and a review summary', async () => {
    const { page } = await getFeed(server, '?limit=5000');
    const schemas = feedSchemas([server.url]);
    const merchant = page.merchants.find((m) => m.id === 'harbor-goods');
    expect(merchant).toEqual({
      id: 'harbor-goods',
      name: 'Harbor Goods',
      url: 'https://harbor.example',
      currency: 'USD',
      checkout: { kind: 'orders-api' },
      accounts: expect.objectContaining({ instagram: expect.any(String) }),
    });
    const products = page.products.filter((p) => p.merchantId === 'harbor-goods');
    expect(products).toHaveLength(3);
    for (const product of products) {
      schemas.FeedProduct.parse(product);
      expect(product.images[0]).toMatch(new RegExp(`^${server.url}/demo/images/[a-z-]+\\.svg$`));
      expect((await fetch(product.images[0]!)).status).toBe(200);
      for (const variant of product.variants) {
        expect(variant.id).toMatch(/^\d+$/);
        expect(variant.price).toMatch(/^\d+\.\d{2}$/);
        expect(variant.currency).toBe('USD');
      }
    }
    expect(products.flatMap((p) => p.variants).filter((v) => !v.available)).toHaveLength(1);
    expect(page.reviews.filter((r) => products.some((p) => p.id === r.productId))).toHaveLength(1);
  });

  it('takes orders with exact totals and refuses the unavailable variant', async () => {
    const placed = await post(
      server,
      '/v1/orders',
      {
        merchantId: 'harbor-goods',
        lines: [
          { productId: 'harbor-goods:5002', variantId: '5500200001', quantity: 2 },
          { productId: 'harbor-goods:5003', variantId: '5500300001', quantity: 1 },
        ],
        contact,
      },
      { 'idempotency-key': `harbor-${randomBytes(6).toString('hex')}` },
    );
    expect(placed.status).toBe(201);
    expect(placed.body.totals).toEqual([{ currency: 'USD', amount: '135.99' }]);

    const refused = await post(
      server,
      '/v1/orders',
      { merchantId: 'harbor-goods', lines: [{ productId: 'harbor-goods:5001', variantId: '5500100002', quantity: 1 }], contact },
      { 'idempotency-key': `harbor-${randomBytes(6).toString('hex')}` },
    );
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body.details)).toMatch(/not available/);
  });

  it('has a demo seller token like the other demo merchants', () => {
    expect(server.tokens.has('harbor-goods')).toBe(true);
  });
});

describe('seeding the demo files', () => {
  let db: Db;
  const schema = onPostgres ? `test_${randomBytes(6).toString('hex')}` : undefined;
  beforeAll(async () => {
    db = await openDb(onPostgres ? { databaseUrl: process.env.DATABASE_URL, schema } : { dataDir: 'memory://' });
  });
  afterAll(async () => {
    if (schema) await db?.query(`DROP SCHEMA ${schema} CASCADE`);
    await db?.close();
  });
  const merchantIds = async () => (await db.query<{ id: string }>('SELECT id FROM merchants ORDER BY id')).map((row) => row.id);

  it('leaves a database with merchants of its own alone', async () => {
    await upsertMerchant(db, { id: 'own-shop', name: 'Own Shop', url: 'https://own.example', currency: 'USD', checkout: { kind: 'link' }, accounts: {} });
    expect(await seedIfEmpty(db, 'http://127.0.0.1:8787', [DEMO_CATALOG_PATH, ORDERS_DEMO_PATH])).toBeNull();
    expect(await merchantIds()).toEqual(['own-shop']);
    await db.query("DELETE FROM merchants WHERE id = 'own-shop'");
  });

  it('adds Harbor Goods to a database seeded before it existed, and only once', async () => {
    const url = 'http://127.0.0.1:8787';
    expect(await seedIfEmpty(db, url, DEMO_CATALOG_PATH)).toEqual({ merchants: 5, products: 42, reviews: 33, tags: 18 });
    expect(await seedIfEmpty(db, url)).toEqual({ merchants: 1, products: 3, reviews: 1, tags: 0 });
    expect(await seedIfEmpty(db, url)).toBeNull();
    expect(await merchantIds()).toEqual(['acme', 'harbor-goods', 'kumo-tea', 'maison-lune', 'northwind', 'trailhead']);
  });
});
