import { Dexie } from 'dexie';
import { describe, expect, it } from 'vitest';
import { openDb } from '@/utils/catalog/db';

describe('the database', () => {
  it('rescales amounts stored in Intl display digits to ISO 4217 minor units once, leaving other currencies alone', async () => {
    const name = `upgrade-${Math.random()}`;
    // A version 4 database, as an earlier Postcart wrote it: COP in whole pesos, IQD in whole dinars.
    const old = new Dexie(name);
    old.version(4).stores({ products: 'id, merchantId, sourceId, urlKey', cart: 'id, merchantId, addedAt', orders: 'id, &idempotencyKey, merchantId, createdAt, status' });
    await old.open();
    const variant = (currency: string, priceMinor: number, compareAtMinor: number | null) => ({ id: currency, title: '', priceMinor, compareAtMinor, currency, available: true, sku: null });
    await old.table('products').bulkPut([
      { id: 'p1', merchantId: 'm', sourceId: 's', urlKey: null, variants: [variant('COP', 28646, 30000), variant('USD', 12900, null)] },
      { id: 'p2', merchantId: 'm', sourceId: 's', urlKey: null, variants: [variant('IQD', 2250, null)] },
    ]);
    await old.table('cart').put({ id: 'l1', merchantId: 'm', addedAt: 1, unitMinor: 28646, currency: 'COP', quantity: 2 });
    await old.table('orders').put({ id: 'o1', idempotencyKey: 'k', merchantId: 'm', createdAt: 1, status: 'placed', lines: [{ unitMinor: 28646, currency: 'COP' }], totals: [{ minor: 57292, currency: 'COP' }] });
    old.close();

    const db = openDb(name);
    const p1 = await db.products.get('p1');
    expect(p1?.variants.map((v) => [v.currency, v.priceMinor, v.compareAtMinor])).toEqual([
      ['COP', 2864600, 3000000],
      ['USD', 12900, null],
    ]);
    expect((await db.products.get('p2'))?.variants[0]?.priceMinor).toBe(2250000);
    expect((await db.cart.get('l1'))?.unitMinor).toBe(2864600);
    const order = await db.orders.get('o1');
    expect([order?.lines[0]?.unitMinor, order?.totals[0]?.minor]).toEqual([2864600, 5729200]);
    db.close();
  });

  it('opens a version 5 database at the current version with an empty linked-products table, keeping every row', async () => {
    const name = `upgrade-v5-${Math.random()}`;
    const old = new Dexie(name);
    old.version(5).stores({ merchants: 'id, sourceId', products: 'id, merchantId, sourceId, urlKey', cart: 'id, merchantId, addedAt' });
    await old.open();
    await old.table('products').put({ id: 'p1', merchantId: 'm', sourceId: 's', urlKey: 'acme.example/products/a', variants: [] });
    old.close();

    const db = openDb(name);
    await db.open();
    expect(db.verno).toBeGreaterThanOrEqual(8);
    expect(await db.products.get('p1')).toMatchObject({ urlKey: 'acme.example/products/a' });
    expect(await db.linked.count()).toBe(0);
    await db.linked.put({ key: 'shop.example/products/a', origin: 'https://shop.example' });
    expect(await db.linked.where('origin').equals('https://shop.example').count()).toBe(1);
    db.close();
  });
});
