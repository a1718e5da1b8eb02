import { beforeEach, describe, expect, it } from 'vitest';
import { openDb, type PostcartDB } from '@/utils/catalog/db';
import { checkout, readOrders, resumePendingOrders, submitOrder, type OrderDeps } from '@/utils/checkout/orders';
import { newSourceState } from '@/utils/sync/source';
import { parseFeed } from '@/utils/sync/sources/postcart';
import type { CartLine } from '@/utils/catalog/model';
import { CONTACT, POST, because, userError } from '../fixtures';
import { acceptPrices, buyAgain, changeVariant, readCart } from '@/utils/cart/actions';
import { applyFeed } from '@/utils/sync/apply';

const FEED_URL = 'http://127.0.0.1:8787/v1/feed';

function feed(overrides: { jacketPrice?: string; mugAvailable?: boolean; dropMug?: boolean } = {}) {
  return {
    version: 1,
    cursor: 'c1',
    hasMore: false,
    merchants: [
      { id: 'acme', name: 'Acme Outdoor', url: 'https://acme.example/en-gb?ref=anna', currency: 'USD', checkout: { kind: 'shopify-permalink' } },
      { id: 'harbor', name: 'Harbor Goods', url: 'https://harbor.example', currency: 'USD', checkout: { kind: 'orders-api' } },
      { id: 'kumo', name: 'Kumo Tea', url: 'https://kumo.example', currency: 'JPY', checkout: { kind: 'link' } },
    ],
    products: [
      {
        id: 'acme:1', merchantId: 'acme', title: 'Trail Jacket', url: 'https://acme.example/products/trail-jacket', images: [],
        variants: [
          { id: '11', title: 'M / Blue', price: overrides.jacketPrice ?? '129.00', currency: 'USD', available: true },
          { id: '12', title: 'L / Blue', price: '139.00', currency: 'USD', available: true },
          { id: '13', title: 'XL / Blue', price: '139.00', currency: 'USD', available: false },
        ],
        updatedAt: '2026-11-20T10:00:00Z',
      },
      ...(overrides.dropMug
        ? []
        : [{
            id: 'harbor:1', merchantId: 'harbor', title: 'Stoneware Mug', url: 'https://harbor.example/products/mug', images: [],
            variants: [{ id: '31', title: 'Sand', price: '24.00', currency: 'USD', available: overrides.mugAvailable ?? true }],
            updatedAt: '2026-11-20T10:00:00Z',
          }]),
      {
        id: 'kumo:1', merchantId: 'kumo', title: 'Sencha', url: 'https://kumo.example/products/sencha?aff=k1', images: [],
        variants: [{ id: '41', title: '100 g', price: '1800', currency: 'JPY', available: true }],
        updatedAt: '2026-11-20T10:00:00Z',
      },
    ],
  };
}

/**
 * The merchant's catalog server as far as orders go: one order per Idempotency-Key (same body), and
 * switches to make the network fail before or after the server has recorded the order.
 */
function fakeOrdersServer() {
  const orders = new Map<string, { number: number; body: string }>();
  const state = { down: false, dropAnswer: false, reject: false, requests: 0, gate: null as Promise<void> | null };
  const fetch = async (url: string, init?: RequestInit): Promise<Response> => {
    state.requests += 1;
    if (state.gate) await state.gate;
    if (state.down) throw new TypeError('Failed to fetch');
    expect(url).toBe('http://127.0.0.1:8787/v1/orders');
    const key = new Headers(init?.headers).get('idempotency-key')!;
    const body = String(init?.body);
    if (state.reject) return Response.json({ error: 'invalid order', details: [{ path: 'lines.0.variantId', message: '"Stoneware Mug Sand" is not available' }] }, { status: 400 });
    let order = orders.get(key);
    if (order && order.body !== body) return Response.json({ error: 'key reused' }, { status: 409 });
    const created = !order;
    order ??= { number: 1001 + orders.size, body };
    orders.set(key, order);
    // The order exists now; a dropped answer is the "timed out after the server committed" case.
    if (state.dropAnswer) throw new DOMException('The operation timed out.', 'TimeoutError');
    return Response.json({ orderId: `o-${order.number}`, number: order.number, status: 'received', totals: [{ currency: 'USD', amount: '48.00' }] }, { status: created ? 201 : 200 });
  };
  return { orders, state, fetch };
}

describe('checkout and the cart', () => {
  let db: PostcartDB;
  let opened: { url: string; active: boolean }[];
  let server: ReturnType<typeof fakeOrdersServer>;
  let deps: OrderDeps;
  let clock: number;

  async function load(overrides?: Parameters<typeof feed>[0]) {
    await applyFeed(db, newSourceState({ id: 'server', kind: 'postcart', url: FEED_URL }), parseFeed(feed(overrides), { sourceId: 'server', baseUrl: FEED_URL, allowedOrigins: ['http://127.0.0.1:8787'] }));
  }

  async function add(productId: string, variantId: string, quantity = 1): Promise<void> {
    const product = (await db.products.get(productId))!;
    const variant = product.variants.find((v) => v.id === variantId)!;
    const line: CartLine = {
      id: `${productId}|${variantId}`, productId, variantId, merchantId: product.merchantId, quantity,
      unitMinor: variant.priceMinor, currency: variant.currency, title: product.title, variantTitle: variant.title,
      image: null, source: POST, addedAt: clock++,
    };
    await db.cart.put(line);
  }

  beforeEach(async () => {
    db = openDb(`orders-${Math.random()}`);
    await db.sources.put(newSourceState({ id: 'server', kind: 'postcart', url: FEED_URL }));
    await load();
    opened = [];
    server = fakeOrdersServer();
    clock = 1_700_000_000_000;
    let n = 0;
    deps = {
      db,
      openTab: async (url, { active }) => {
        opened.push({ url, active });
      },
      fetch: server.fetch,
      now: () => clock,
      newId: () => `order-${++n}`,
      locale: 'en-US',
    };
  });

  it('hands a Shopify cart off with the store’s locale prefix and keeps the referral code it already has', async () => {
    await add('acme:1', '11', 2);
    const order = await checkout(deps, { merchantId: 'acme', contact: CONTACT, idempotencyKey: 'k1', inBackground: false });
    expect(order.status).toBe('handed-off');
    const url = new URL(opened[0]!.url);
    expect(url.pathname).toBe('/en-gb/cart/11:2');
    expect(url.searchParams.get('ref')).toBe('anna');
    // The store chose its language; the shopper's is not forced on it.
    expect(url.searchParams.has('locale')).toBe(false);
    expect(opened[0]!.active).toBe(true);
  });

  it('opens each product page of a link merchant, behind the popup when more stores follow', async () => {
    await add('kumo:1', '41');
    const order = await checkout(deps, { merchantId: 'kumo', contact: CONTACT, idempotencyKey: 'k1', inBackground: true });
    expect(order.checkoutUrl).toBe('https://kumo.example/products/sencha?aff=k1&ref=postcart');
    expect(opened).toEqual([{ url: order.checkoutUrl, active: false }]);
  });

  it('places an orders-api order with an Idempotency-Key and records the store’s number and totals', async () => {
    await add('harbor:1', '31', 2);
    const order = await checkout(deps, { merchantId: 'harbor', contact: CONTACT, idempotencyKey: 'k1', inBackground: false });
    expect(order).toMatchObject({ status: 'placed', remote: { number: 1001 }, totals: [{ currency: 'USD', minor: 4800 }], request: null });
    expect(JSON.parse(server.orders.get('k1')!.body)).toEqual({
      merchantId: 'harbor',
      lines: [{ productId: 'harbor:1', variantId: '31', quantity: 2 }],
      contact: CONTACT,
      source: POST,
    });
    expect(opened).toEqual([]);
    expect(await db.cart.count()).toBe(0);
  });

  it('never creates a second order when the answer is lost after the server committed and the shopper retries', async () => {
    await add('harbor:1', '31');
    server.state.dropAnswer = true;
    const first = await checkout(deps, { merchantId: 'harbor', contact: CONTACT, idempotencyKey: 'k1', inBackground: false });
    expect(first).toMatchObject({ status: 'failed', error: because('errOrderTimeout') });
    // The lines are in the order, not lost, and not in the cart to be ordered a second time.
    expect((await readOrders(db))[0]!.lines).toHaveLength(1);
    server.state.dropAnswer = false;
    const again = await submitOrder(deps, first.id);
    const sameKey = await checkout(deps, { merchantId: 'harbor', contact: CONTACT, idempotencyKey: 'k1', inBackground: false });
    expect(again).toMatchObject({ status: 'placed', remote: { number: 1001 }, attempts: 2 });
    expect(sameKey.id).toBe(first.id);
    expect(server.orders.size).toBe(1);
    expect(await db.orders.count()).toBe(1);
  });

  it('keeps an order the server never saw as failed, and places it once the server is back', async () => {
    await add('harbor:1', '31');
    server.state.down = true;
    const failed = await checkout(deps, { merchantId: 'harbor', contact: CONTACT, idempotencyKey: 'k1', inBackground: false });
    expect(failed).toMatchObject({ status: 'failed', error: because('errOrderUnreachable') });
    server.state.down = false;
    expect(await submitOrder(deps, failed.id)).toMatchObject({ status: 'placed' });
    expect(server.orders.size).toBe(1);
  });

  it('shares one request between a double click and a retry that land while it is in flight', async () => {
    await add('harbor:1', '31');
    let open!: () => void;
    server.state.gate = new Promise((resolve) => (open = resolve));
    const clicks = [
      checkout(deps, { merchantId: 'harbor', contact: CONTACT, idempotencyKey: 'k1', inBackground: false }),
      checkout(deps, { merchantId: 'harbor', contact: CONTACT, idempotencyKey: 'k1', inBackground: false }),
    ];
    await new Promise((resolve) => setTimeout(resolve, 20));
    const order = (await db.orders.toArray())[0]!;
    const retry = submitOrder(deps, order.id);
    open();
    const results = await Promise.all([...clicks, retry]);
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(results.every((r) => r.status === 'placed')).toBe(true);
    expect(server.state.requests).toBe(1);
  });

  it('resends an order a stopped worker left pending, with the same key', async () => {
    await add('harbor:1', '31');
    server.state.dropAnswer = true;
    const order = await checkout(deps, { merchantId: 'harbor', contact: CONTACT, idempotencyKey: 'k1', inBackground: false });
    // As if the worker died mid-request: the row still says pending.
    await db.orders.update(order.id, { status: 'pending' });
    server.state.dropAnswer = false;
    const resumed = await resumePendingOrders(deps);
    expect(resumed.map((o) => o.status)).toEqual(['placed']);
    expect(server.orders.size).toBe(1);
  });

  it('puts the lines of an order the store refused back in the cart', async () => {
    await add('harbor:1', '31', 3);
    server.state.reject = true;
    const order = await checkout(deps, { merchantId: 'harbor', contact: CONTACT, idempotencyKey: 'k1', inBackground: false });
    expect(order.status).toBe('rejected');
    expect(order.error).toEqual(because('errOrderRefusedSaying', 'invalid order: "Stoneware Mug Sand" is not available'));
    expect(await db.cart.toArray()).toMatchObject([{ productId: 'harbor:1', quantity: 3 }]);
  });

  it('refuses orders-api checkout for a merchant whose catalog server is not a connected source', async () => {
    await db.sources.delete('server');
    await add('harbor:1', '31');
    await expect(checkout(deps, { merchantId: 'harbor', contact: CONTACT, idempotencyKey: 'k1', inBackground: false })).rejects.toThrow(userError('errOrdersNeedServer', 'Harbor Goods'));
    expect(await db.cart.count()).toBe(1);
    expect(await db.orders.count()).toBe(0);
  });

  it('shows price changes after a sync and refuses checkout until the shopper accepts them', async () => {
    await add('acme:1', '11');
    await load({ jacketPrice: '99.00' });
    const cart = await readCart(db);
    expect(cart.details['acme:1|11']).toMatchObject({ state: 'price-changed', current: { minor: 9900, currency: 'USD' } });
    expect(cart.lines[0]!.unitMinor).toBe(12900);
    await expect(checkout(deps, { merchantId: 'acme', contact: CONTACT, idempotencyKey: 'k1', inBackground: false })).rejects.toThrow(userError('errCartPricesChanged'));
    const accepted = await acceptPrices(db, 'acme');
    expect(accepted.lines[0]!.unitMinor).toBe(9900);
    expect(accepted.details['acme:1|11']!.state).toBe('ok');
    expect(await checkout(deps, { merchantId: 'acme', contact: CONTACT, idempotencyKey: 'k1', inBackground: false })).toMatchObject({ totals: [{ minor: 9900 }] });
  });

  it('keeps out-of-stock and deleted products in the cart as unavailable and checks out the rest', async () => {
    await add('acme:1', '11');
    await add('acme:1', '12');
    await add('harbor:1', '31');
    await db.products.update('acme:1', { variants: (await db.products.get('acme:1'))!.variants.map((v) => (v.id === '12' ? { ...v, available: false } : v)) });
    await db.products.delete('harbor:1');
    const cart = await readCart(db);
    expect(cart.details['acme:1|12']!.state).toBe('out-of-stock');
    expect(cart.details['harbor:1|31']).toMatchObject({ state: 'removed', current: null });
    const order = await checkout(deps, { merchantId: 'acme', contact: CONTACT, idempotencyKey: 'k1', inBackground: false });
    expect(order.lines.map((l) => l.variantId)).toEqual(['11']);
    expect((await db.cart.toArray()).map((l) => l.id).sort()).toEqual(['acme:1|12', 'harbor:1|31']);
    await expect(checkout(deps, { merchantId: 'harbor', contact: CONTACT, idempotencyKey: 'k2', inBackground: false })).rejects.toThrow(userError('errNothingAvailable'));
  });

  it('switches a line to another variant at its price, merging with a line that already holds it', async () => {
    await add('acme:1', '11', 2);
    await add('acme:1', '12', 1);
    const cart = await changeVariant(db, 'acme:1|11', '12');
    expect(cart.lines).toMatchObject([{ id: 'acme:1|12', variantId: '12', quantity: 3, unitMinor: 13900, variantTitle: 'L / Blue', source: POST }]);
    await expect(changeVariant(db, 'acme:1|12', '13')).rejects.toThrow(userError('errOutOfStock'));
  });

  it('buys an order again at today’s prices, skipping what is no longer sold', async () => {
    await add('acme:1', '11');
    await add('harbor:1', '31');
    const acme = await checkout(deps, { merchantId: 'acme', contact: CONTACT, idempotencyKey: 'k1', inBackground: false });
    await load({ jacketPrice: '119.00' });
    const result = await buyAgain(db, acme.id, clock);
    expect(result).toMatchObject({ added: 1, skipped: 0 });
    expect(result.cart.lines.find((l) => l.productId === 'acme:1')).toMatchObject({ unitMinor: 11900, quantity: 1 });
    await db.products.delete('acme:1');
    expect(await buyAgain(db, acme.id, clock)).toMatchObject({ added: 0, skipped: 1 });
  });
});
