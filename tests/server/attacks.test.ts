/**
 * The catalog server against anonymous and hostile clients (issue 12): every break an attack run
 * found, and the siblings of each on other endpoints. Each case says what it sends and what the
 * server must answer; SECURITY.md counts them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SellerStats } from '../../utils/seller/stats';
import {
  bearer,
  getJson,
  isoDay,
  post,
  sampleContact,
  sampleProduct,
  sampleTag,
  startTestServer,
  uniqueId,
  writeOps,
  type EventInput,
  type JsonResponse,
  type TestServer,
} from './helpers';

let server: TestServer;
beforeAll(async () => {
  // Clients are told apart by X-Forwarded-For here, so every test can be a shopper of its own.
  server = await startTestServer({ trustProxy: true, limits: { eventsPerClient: { burst: 1000, perSecond: 1 } } });
});
afterAll(async () => {
  await server?.close();
});

let addressCounter = 0;
/** A client address nobody else in this file uses. */
function newAddress(): string {
  addressCounter += 1;
  return `198.51.${Math.floor(addressCounter / 250)}.${(addressCounter % 250) + 1}`;
}

const now = () => new Date().toISOString();
const event = (overrides: Partial<EventInput> = {}): EventInput & { platform: string } => ({
  type: 'impression',
  platform: 'instagram',
  postId: uniqueId('post'),
  productId: 'acme:1001',
  at: now(),
  ...overrides,
});

function sendEvents(events: unknown[], address = newAddress(), batchId = uniqueId('batch'), headers: Record<string, string> = {}): Promise<JsonResponse> {
  return post(server, '/v1/events', { batchId, events }, { 'x-forwarded-for': address, ...headers });
}

async function rawPost(path: string, body: string, headers: Record<string, string>): Promise<{ status: number; text: string; headers: Headers }> {
  const response = await fetch(`${server.url}${path}`, { method: 'POST', headers: { 'x-forwarded-for': newAddress(), ...headers }, body });
  return { status: response.status, text: await response.text(), headers: response.headers };
}

async function revenueOf(postId: string): Promise<{ currency: string; minor: string }[]> {
  return server.db.query<{ currency: string; minor: string }>('SELECT currency, revenue_minor::text AS minor FROM event_revenue WHERE post_id = $1 ORDER BY currency', [postId]);
}

async function countedImpressions(postIdLike: string): Promise<number> {
  const [row] = await server.db.query<{ n: number }>('SELECT coalesce(sum(impressions), 0)::int AS n FROM event_counts WHERE post_id LIKE $1', [postIdLike]);
  return row!.n;
}

/**
 * Every page of a stats period, following the cursor. `between` runs before each next page;
 * `forget` drops the cursor's walk, as when the server process that made it is gone.
 */
async function allStatsPages(
  merchantId: string,
  query: string,
  options: { between?: () => Promise<void>; forget?: boolean } = {},
): Promise<(SellerStats & { cursor: string | null; hasMore: boolean })[]> {
  const pages: (SellerStats & { cursor: string | null; hasMore: boolean })[] = [];
  let cursor: string | null = null;
  for (let guard = 0; guard < 1000; guard++) {
    const response = await getJson(server, `/v1/stats${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, bearer(server, merchantId));
    expect(response.status, JSON.stringify(response.body).slice(0, 300)).toBe(200);
    const page = { ...SellerStats.parse(response.body), cursor: response.body.cursor as string | null, hasMore: response.body.hasMore as boolean };
    pages.push(page);
    if (!page.hasMore) return pages;
    cursor = page.cursor;
    if (options.forget && cursor) {
      const { walk: _, postAt: __, productAt: ___, ...rest } = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as Record<string, unknown>;
      cursor = Buffer.from(JSON.stringify(rest)).toString('base64url');
    }
    await options.between?.();
  }
  throw new Error('stats never ended');
}

/** The posts of a merchant a full walk must list: those with events since `from`, and the tagged ones. */
async function expectedPosts(merchantId: string, from: string): Promise<number> {
  const [row] = await server.db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (SELECT platform, post_id FROM event_counts WHERE merchant_id = $1 AND hour >= $2::timestamptz
      UNION SELECT platform, post_id FROM tags WHERE merchant_id = $1) AS p`,
    [merchantId, `${from}T00:00:00Z`],
  );
  return row!.n;
}

describe('checkout values', () => {
  it('keeps a seller\'s stats working after ten checkout values summing past 2^53 in a currency the product is not sold in', async () => {
    // The attack: CLF has 4 decimals, so "900719925474.0991" is 2^53 - 1 minor units; ten of them pass 2^53.
    const postId = uniqueId('overflow');
    for (let i = 0; i < 10; i++) {
      const response = await sendEvents([event({ type: 'checkout', postId, quantity: 1, value: { amount: '900719925474.0991', currency: 'CLF' } })]);
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ accepted: 0, skipped: 1 });
    }
    expect(await revenueOf(postId)).toEqual([]);
    for (const query of ['', `?from=${isoDay(-1)}&to=${isoDay(0)}`, `?from=${isoDay(-365)}&to=${isoDay(0)}`]) {
      expect((await getJson(server, `/v1/stats${query}`, bearer(server, 'acme'))).status, query).toBe(200);
    }
  });

  it('skips a checkout value in a currency the product is not sold in', async () => {
    const postId = uniqueId('currency');
    const response = await sendEvents([
      event({ type: 'checkout', postId, quantity: 1, value: { amount: '129.00', currency: 'EUR' } }),
      event({ type: 'checkout', postId, quantity: 1, value: { amount: '129.00', currency: 'USD' } }),
    ]);
    expect(response.body).toEqual({ accepted: 1, skipped: 1, duplicate: false });
    expect(await revenueOf(postId)).toEqual([{ currency: 'USD', minor: '12900' }]);
  });

  it("skips a checkout value far above the product's price times the quantity", async () => {
    const postId = uniqueId('too-much');
    // The jacket is 129.00 USD (compare at 159.00): twice its highest price per unit is the most
    // a checkout may carry, since the price may change between cart and checkout.
    const response = await sendEvents([
      event({ type: 'checkout', postId, quantity: 1, value: { amount: '999999999999.00', currency: 'USD' } }),
      event({ type: 'checkout', postId, quantity: 1, value: { amount: '318.01', currency: 'USD' } }),
      event({ type: 'checkout', postId, value: { amount: '318.01', currency: 'USD' } }),
      event({ type: 'checkout', postId, quantity: 3, value: { amount: '387.00', currency: 'USD' } }),
      event({ type: 'checkout', postId, quantity: 1, value: { amount: '318.00', currency: 'USD' } }),
    ]);
    expect(response.body).toEqual({ accepted: 2, skipped: 3, duplicate: false });
    expect(await revenueOf(postId)).toEqual([{ currency: 'USD', minor: '70500' }]);
  });

  it('sums honest checkout values past 2^53 exactly, in SQL and in JS', async () => {
    const product = sampleProduct('acme', {
      variants: [{ id: 'v1', title: 'Yacht', price: '999999999999.00', compareAtPrice: null, currency: 'USD', available: true, sku: null }],
    });
    expect((await writeOps(server, 'products', 'acme', [{ op: 'upsert', product }])).status).toBe(200);
    const postId = uniqueId('yacht');
    const day = isoDay(0);
    // 100 checkouts of 999,999,999,999.00 USD: 9,999,999,999,990,000 cents, past 2^53 (9,007,199,254,740,992).
    for (let batch = 0; batch < 10; batch++) {
      const events = Array.from({ length: 10 }, () => event({ type: 'checkout', postId, productId: product.id, quantity: 1, value: { amount: '999999999999.00', currency: 'USD' } }));
      expect((await sendEvents(events)).body).toMatchObject({ accepted: 10, skipped: 0 });
    }
    expect(await revenueOf(postId)).toEqual([{ currency: 'USD', minor: '9999999999990000' }]);
    const [page] = await allStatsPages('acme', `?from=${day}&to=${day}`);
    const stats = page!.posts.find((p) => p.postId === postId);
    expect(stats?.revenue).toEqual([{ currency: 'USD', amount: '99999999999900.00' }]);
    expect(stats?.averageOrderValue).toEqual([{ currency: 'USD', amount: '999999999999.00' }]);
    expect(page!.products.find((p) => p.productId === product.id)?.revenue).toEqual([{ currency: 'USD', amount: '99999999999900.00' }]);
  });
});

describe('content type of writes', () => {
  const writes: [path: string, headers: Record<string, string>, body: unknown][] = [
    ['/v1/events', {}, { batchId: 'ct', events: [{ type: 'impression', platform: 'instagram', postId: 'ct-post', productId: 'acme:1001', at: new Date().toISOString() }] }],
    ['/v1/orders', { 'idempotency-key': 'ct-order' }, { merchantId: 'harbor-goods', lines: [{ productId: 'harbor-goods:5001', variantId: '5500100001', quantity: 1 }], contact: sampleContact }],
    ['/v1/products', {}, { ops: [{ op: 'delete', product: { id: 'acme:nothing' } }] }],
    ['/v1/reviews', {}, { ops: [{ op: 'delete', review: { productId: 'acme:1001' } }] }],
    ['/v1/tags', {}, { ops: [{ op: 'delete', tag: { id: 'acme:nothing' } }] }],
    ['/v1/pairing/redeem', {}, { code: 'ABCD2345' }],
  ];
  const refused = ['text/plain', 'text/plain;charset=UTF-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonp', 'text/json', 'application/json; charset=latin1', ''];

  it('refuses a write that is not application/json with 415, also the CORS-safelisted ones a web page sends without preflight', async () => {
    for (const [path, headers, body] of writes) {
      const auth = path.startsWith('/v1/events') || path.startsWith('/v1/orders') || path.startsWith('/v1/pairing') ? {} : bearer(server, 'acme');
      for (const type of refused) {
        const response = await rawPost(path, JSON.stringify(body), { ...headers, ...auth, ...(type ? { 'content-type': type } : {}) });
        expect(response.status, `${path} ${type || '(none)'}`).toBe(415);
        expect(JSON.parse(response.text)).toMatchObject({ error: expect.stringMatching(/application\/json/) });
      }
    }
    expect(await countedImpressions('ct-post')).toBe(0);
    expect(await server.db.query("SELECT 1 FROM orders WHERE idempotency_key = 'ct-order'")).toEqual([]);
  });

  it('takes application/json in any letter case, with or without charset=utf-8', async () => {
    for (const type of ['application/json', 'Application/JSON', 'application/json; charset=utf-8', 'application/json;charset="UTF-8"']) {
      const response = await rawPost('/v1/events', JSON.stringify({ batchId: uniqueId('b'), events: [event()] }), { 'content-type': type });
      expect(response.status, type).toBe(200);
    }
  });
});

describe('event volume', () => {
  it('stops one address posting 20,000 fake posts in 40 requests after its budget, with 429 and Retry-After', async () => {
    const address = newAddress();
    const statuses: number[] = [];
    let accepted = 0;
    let retryAfter: string | null = null;
    for (let request = 0; request < 40; request++) {
      const events = Array.from({ length: 500 }, (_, i) => event({ postId: `fake-${request}-${i}` }));
      const response = await sendEvents(events, address);
      statuses.push(response.status);
      if (response.status === 200) accepted += response.body.accepted as number;
      if (response.status === 429) retryAfter ??= response.headers.get('retry-after');
    }
    // The budget of this server is 1,000 events at once, then 1 a second.
    expect(accepted).toBeLessThanOrEqual(1000 + 60);
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(37);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    expect(await countedImpressions('fake-%')).toBe(accepted);
    // Another shopper is not held back by it.
    expect((await sendEvents([event()])).status).toBe(200);
  });

  it('holds back refusals for a client that does not wait, and still answers them with 429', async () => {
    const slow = await startTestServer({ trustProxy: true, refusalDelayMs: 50, limits: { eventsPerClient: { burst: 500, perSecond: 1 } } });
    try {
      const send = () => post(slow, '/v1/events', { batchId: uniqueId('b'), events: Array.from({ length: 500 }, () => event()) }, { 'x-forwarded-for': '192.0.2.1' });
      expect((await send()).status).toBe(200);
      const refused = await Promise.all([send(), send(), send()]);
      expect(refused.map((response) => response.status)).toEqual([429, 429, 429]);
      expect(refused[0]!.body).toMatchObject({ error: expect.stringMatching(/too many events/), details: { retryAfterSeconds: expect.any(Number) } });
    } finally {
      await slow.close();
    }
  });

  it('refuses a batch of more than 500 events and counts none of it', async () => {
    const postId = uniqueId('big');
    const response = await sendEvents(Array.from({ length: 501 }, () => event({ postId })));
    expect(response.status).toBe(400);
    expect(await countedImpressions(postId)).toBe(0);
  });

  it('answers a 366-day stats request over 20,000 fake posts with one bounded page and a cursor', async () => {
    await server.db.query(
      `INSERT INTO event_counts (merchant_id, platform, post_id, product_id, hour, impressions)
       SELECT 'northwind', 'instagram', 'swarm-' || lpad(i::text, 5, '0'), 'northwind:4002', date_trunc('hour', now()) - (i % 100) * interval '1 hour', 1 + i % 7
       FROM generate_series(1, 20000) AS i`,
    );
    const response = await fetch(`${server.url}/v1/stats?from=${isoDay(-365)}&to=${isoDay(0)}`, { headers: bearer(server, 'northwind') });
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text.length).toBeLessThan(8 * 1024 * 1024);
    const body = JSON.parse(text) as Record<string, unknown>;
    const page = SellerStats.parse(body);
    expect(page.posts.length).toBeLessThanOrEqual(100);
    expect(page.posts.length).toBeGreaterThan(0);
    expect(page.posts[0]!.daily).toHaveLength(366);
    expect(body).toMatchObject({ hasMore: true, cursor: expect.any(String) });
    // The most seen first: 7 impressions is the most any swarm post has.
    expect(page.posts[0]!.impressions).toBe(7);
  });

  it('pages through every post and product exactly once, in order, with bounded pages', async () => {
    await server.db.query(
      `INSERT INTO event_counts (merchant_id, platform, post_id, product_id, hour, impressions, card_opens)
       SELECT 'kumo-tea', CASE WHEN i % 2 = 0 THEN 'tiktok' ELSE 'instagram' END, 'paged-' || (i % 260), 'kumo-tea:300' || (1 + i % 9),
              date_trunc('hour', now()) - (i % 48) * interval '1 hour', 1 + (i % 13), i % 3
       FROM generate_series(1, 1500) AS i`,
    );
    const period = `?from=${isoDay(-6)}&to=${isoDay(0)}&limit=40`;
    // Kept order (the server's walk), and by value when the walk is gone: the same pages.
    for (const forget of [false, true]) {
      const pages = await allStatsPages('kumo-tea', period, { forget });
      expect(pages.length).toBeGreaterThan(5);
      for (const page of pages) {
        expect(page.posts.length).toBeLessThanOrEqual(40);
        expect(page.products.length).toBeLessThanOrEqual(40);
      }
      const posts = pages.flatMap((page) => page.posts);
      const keys = posts.map((p) => `${p.platform}/${p.postId}`);
      expect(new Set(keys).size).toBe(keys.length);
      expect(keys.length).toBe(await expectedPosts('kumo-tea', isoDay(-6)));
      for (let i = 1; i < posts.length; i++) {
        const [a, b] = [posts[i - 1]!, posts[i]!];
        expect(a.impressions > b.impressions || (a.impressions === b.impressions && (a.postId < b.postId || (a.postId === b.postId && a.platform < b.platform)))).toBe(true);
      }
      const products = pages.flatMap((page) => page.products).map((p) => p.productId);
      expect(new Set(products).size).toBe(products.length);
      expect(products.length).toBeGreaterThanOrEqual(9);
      // The figures add up: every impression of the period is on exactly one post.
      const total = posts.reduce((sum, p) => sum + p.impressions, 0);
      const [sum] = await server.db.query<{ n: number }>(`SELECT sum(impressions)::int AS n FROM event_counts WHERE merchant_id = 'kumo-tea' AND hour >= $1::timestamptz`, [`${isoDay(-6)}T00:00:00Z`]);
      expect(total).toBe(sum!.n);
    }
  });

  it('lists every post once even when events reorder the posts during the walk', async () => {
    await server.db.query(
      `INSERT INTO event_counts (merchant_id, platform, post_id, product_id, hour, impressions)
       SELECT 'maison-lune', 'pinterest', 'moving-' || i, 'maison-lune:2001', date_trunc('hour', now()) - interval '2 hours', i FROM generate_series(1, 120) AS i`,
    );
    let round = 0;
    // Between pages the least seen posts become the most seen: by value alone they would be listed twice.
    const between = async () => {
      round += 1;
      await server.db.query(
        `UPDATE event_counts SET impressions = impressions + 1000 * $1 WHERE merchant_id = 'maison-lune' AND post_id IN (SELECT 'moving-' || i FROM generate_series(1, 10 * $1) AS i)`,
        [round],
      );
    };
    const pages = await allStatsPages('maison-lune', `?from=${isoDay(-1)}&to=${isoDay(0)}&limit=25`, { between });
    const keys = pages.flatMap((page) => page.posts.map((p) => p.postId));
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.length).toBe(await expectedPosts('maison-lune', isoDay(-1)));
  });

  it('refuses a malformed stats cursor, a cursor of another period and a bad page size with 400', async () => {
    const first = await getJson(server, `/v1/stats?from=${isoDay(-6)}&to=${isoDay(0)}&limit=1`, bearer(server, 'acme'));
    expect(first.body).toMatchObject({ hasMore: true });
    const cases = [
      `?cursor=${encodeURIComponent('not a cursor')}`,
      `?cursor=${'A'.repeat(5000)}`,
      `?from=${isoDay(-5)}&to=${isoDay(0)}&cursor=${encodeURIComponent(first.body.cursor as string)}`,
      '?limit=0',
      '?limit=-1',
      '?limit=abc',
      '?limit=1e3',
    ];
    for (const query of cases) {
      const response = await getJson(server, `/v1/stats${query}`, bearer(server, 'acme'));
      expect(response.status, query).toBe(400);
      expect(response.body).toMatchObject({ error: 'bad stats request', details: { reason: expect.any(String) } });
    }
  });
});

describe('control characters and broken text', () => {
  const productWith = (patch: Record<string, unknown>) => ({ ...sampleProduct('acme'), ...patch });
  const validEvent = () => event();
  const order = (patch: Record<string, unknown> = {}) => ({
    merchantId: 'harbor-goods',
    lines: [{ productId: 'harbor-goods:5001', variantId: '5500100001', quantity: 1 }],
    contact: sampleContact,
    ...patch,
  });
  // Tab and newline travel as \t and \n escapes, the others as \u escapes or raw.
  const bad = ['\u0000', '\u0001', '\t', '\n', '\u001f', '\u007f', '\u0085', '\u202e', '\ud800'];

  /** [what, path, body, headers]: one case per id field a client can send. */
  function idCases(c: string): [string, string, unknown, Record<string, string>][] {
    const acme = bearer(server, 'acme');
    return [
      ['event postId', '/v1/events', { batchId: uniqueId('b'), events: [{ ...validEvent(), postId: `p${c}x` }] }, {}],
      ['event productId', '/v1/events', { batchId: uniqueId('b'), events: [{ ...validEvent(), productId: `acme:1001${c}` }] }, {}],
      ['event batchId', '/v1/events', { batchId: `b${c}${uniqueId('b')}`, events: [validEvent()] }, {}],
      ['product id', '/v1/products', { ops: [{ op: 'upsert', product: productWith({ id: `acme:x${c}` }) }] }, acme],
      ['product delete id', '/v1/products', { ops: [{ op: 'delete', product: { id: `acme:x${c}` } }] }, acme],
      ['variant id', '/v1/products', { ops: [{ op: 'upsert', product: productWith({ variants: [{ id: `v${c}`, title: 'A', price: '1.00', currency: 'USD', available: true }] }) }] }, acme],
      ['review productId', '/v1/reviews', { ops: [{ op: 'upsert', review: { productId: `acme:1001${c}`, rating: 4, count: 1, histogram: [0, 0, 0, 1, 0], items: [] } }] }, acme],
      ['review item id', '/v1/reviews', { ops: [{ op: 'upsert', review: { productId: 'acme:1001', rating: 4, count: 1, histogram: [0, 0, 0, 1, 0], items: [{ id: `r${c}`, rating: 4, text: 'ok', author: 'A', date: '2026-01-01', verified: true }] } }] }, acme],
      ['tag id', '/v1/tags', { ops: [{ op: 'upsert', tag: sampleTag('acme:1001', { id: `acme:t${c}`, variantId: null }) }] }, acme],
      ['tag delete id', '/v1/tags', { ops: [{ op: 'delete', tag: { id: `acme:t${c}` } }] }, acme],
      ['tag postId', '/v1/tags', { ops: [{ op: 'upsert', tag: sampleTag('acme:1001', { postId: `C8${c}`, variantId: null }) }] }, acme],
      ['tag variantId', '/v1/tags', { ops: [{ op: 'upsert', tag: sampleTag('acme:1001', { variantId: `40110010001${c}` }) }] }, acme],
      ['order merchantId', '/v1/orders', order({ merchantId: `harbor-goods${c}` }), { 'idempotency-key': uniqueId('k') }],
      ['order productId', '/v1/orders', order({ lines: [{ productId: `harbor-goods:5001${c}`, variantId: '5500100001', quantity: 1 }] }), { 'idempotency-key': uniqueId('k') }],
      ['order variantId', '/v1/orders', order({ lines: [{ productId: 'harbor-goods:5001', variantId: `5500100001${c}`, quantity: 1 }] }), { 'idempotency-key': uniqueId('k') }],
      ['order source postId', '/v1/orders', order({ source: { platform: 'instagram', postId: `C8${c}`, url: 'https://www.instagram.com/p/C8/' } }), { 'idempotency-key': uniqueId('k') }],
      ['pairing code', '/v1/pairing/redeem', { code: `ABCD${c}234` }, {}],
    ];
  }

  it('refuses NUL, other control characters and lone surrogates in every id with 400, never 500', async () => {
    for (const c of bad) {
      for (const [what, path, body, headers] of idCases(c)) {
        const response = await post(server, path, body, { 'x-forwarded-for': newAddress(), ...headers });
        expect(response.status, `${what} with U+${c.charCodeAt(0).toString(16).padStart(4, '0')}`).toBe(400);
      }
    }
    expect(await server.db.query("SELECT id FROM products WHERE id LIKE 'acme:x%'")).toEqual([]);
  });

  it('refuses NUL in any text of a body, titles, reviews and contacts included, with 400', async () => {
    const acme = bearer(server, 'acme');
    const cases: [string, string, unknown, Record<string, string>][] = [
      ['product title', '/v1/products', { ops: [{ op: 'upsert', product: productWith({ title: 'Mug\u0000' }) }] }, acme],
      ['product description', '/v1/products', { ops: [{ op: 'upsert', product: productWith({ description: 'x\u0000y' }) }] }, acme],
      ['variant sku', '/v1/products', { ops: [{ op: 'upsert', product: productWith({ variants: [{ id: 'v', title: 'A', price: '1.00', currency: 'USD', available: true, sku: 'S\u0000' }] }) }] }, acme],
      ['review text', '/v1/reviews', { ops: [{ op: 'upsert', review: { productId: 'acme:1001', rating: 4, count: 1, histogram: [0, 0, 0, 1, 0], items: [{ id: 'r1', rating: 4, text: 'ok\u0000', author: 'A', date: '2026-01-01', verified: true }] } }] }, acme],
      ['contact name', '/v1/orders', order({ contact: { ...sampleContact, firstName: 'Ada\u0000' } }), { 'idempotency-key': uniqueId('k') }],
      ['key with NUL', '/v1/orders', { ...order(), ['extra\u0000']: 1 }, { 'idempotency-key': uniqueId('k') }],
      ['event postUrl', '/v1/events', { batchId: uniqueId('b'), events: [{ ...validEvent(), postUrl: 'https://www.instagram.com/p/\u0000/' }] }, {}],
    ];
    for (const [what, path, body, headers] of cases) {
      const response = await post(server, path, body, { 'x-forwarded-for': newAddress(), ...headers });
      expect(response.status, what).toBe(400);
    }
  });

  it('refuses control characters in the Idempotency-Key header with 400', async () => {
    const response = await post(server, '/v1/orders', order(), { 'x-forwarded-for': newAddress(), 'idempotency-key': 'key\twith-tab' });
    expect(response.status).toBe(400);
  });

  it('answers a deeply nested body with 400, not 500', async () => {
    const depth = 100_000;
    const nested = `{"batchId":"deep","events":[${'['.repeat(depth)}${']'.repeat(depth)}]}`;
    const response = await rawPost('/v1/events', nested, { 'content-type': 'application/json' });
    expect(response.status).toBe(400);
    const products = await rawPost('/v1/products', `{"ops":${'['.repeat(depth)}${']'.repeat(depth)}}`, { 'content-type': 'application/json', ...bearer(server, 'acme') });
    expect(products.status).toBe(400);
  });
});

describe('dates', () => {
  it('refuses stats periods in years 0000 and 9999 and other far dates with 400', async () => {
    const cases = [
      '?from=0000-01-01&to=0000-01-02',
      '?from=9999-12-30&to=9999-12-31',
      '?from=9999-12-31',
      '?to=0000-12-31',
      '?from=0001-01-01&to=0001-01-01',
      '?from=1999-12-31&to=2000-01-01',
      `?from=${Number(isoDay(0).slice(0, 4)) + 2}-01-01&to=${Number(isoDay(0).slice(0, 4)) + 2}-01-02`,
    ];
    for (const query of cases) {
      const response = await getJson(server, `/v1/stats${query}`, bearer(server, 'acme'));
      expect(response.status, query).toBe(400);
      expect(response.body).toMatchObject({ error: 'bad stats request', details: { reason: expect.any(String) } });
    }
    expect((await getJson(server, '/v1/stats?from=2000-01-01&to=2000-12-31', bearer(server, 'acme'))).status).toBe(200);
  });

  it('skips events dated in years 0000 and 9999, or far from now', async () => {
    const postId = uniqueId('when');
    const response = await sendEvents([
      event({ postId, at: '0000-01-01T00:00:00Z' }),
      event({ postId, at: '9999-12-31T23:59:59Z' }),
      event({ postId, at: '2000-01-01T00:00:00+14:00' }),
      event({ postId }),
    ]);
    expect(response.body).toEqual({ accepted: 1, skipped: 3, duplicate: false });
  });
});

describe("merchants' namespaces", () => {
  it("refuses a product id outside the merchant's namespace, also one another merchant deleted", async () => {
    const theirs = sampleProduct('northwind');
    expect((await writeOps(server, 'products', 'northwind', [{ op: 'upsert', product: theirs }])).status).toBe(200);
    expect((await writeOps(server, 'products', 'northwind', [{ op: 'delete', product: { id: theirs.id } }])).status).toBe(200);
    const cases = [
      { ...sampleProduct('acme'), id: theirs.id }, // deleted by northwind
      { ...sampleProduct('acme'), id: `northwind:${uniqueId('never')}` }, // never existed
      { ...sampleProduct('acme'), id: uniqueId('no-namespace') },
      { ...sampleProduct('acme'), id: `acme-evil:${uniqueId('x')}` },
      { ...sampleProduct('acme'), id: 'acme:' },
    ];
    for (const product of cases) {
      const response = await writeOps(server, 'products', 'acme', [{ op: 'upsert', product }]);
      expect(response.status, product.id).toBe(product.id === 'acme:' ? 400 : 403);
    }
    const [row] = await server.db.query<{ merchant_id: string }>("SELECT merchant_id FROM tombstones WHERE kind = 'product' AND id = $1", [theirs.id]);
    expect(row?.merchant_id).toBe('northwind');
    expect(await server.db.query('SELECT id FROM products WHERE id = $1', [theirs.id])).toEqual([]);
  });

  it("refuses to delete another merchant's product that is already deleted", async () => {
    const theirs = sampleProduct('northwind');
    await writeOps(server, 'products', 'northwind', [{ op: 'upsert', product: theirs }]);
    await writeOps(server, 'products', 'northwind', [{ op: 'delete', product: { id: theirs.id } }]);
    expect((await writeOps(server, 'products', 'acme', [{ op: 'delete', product: { id: theirs.id } }])).status).toBe(403);
  });

  it("refuses a tag id in another merchant's namespace, or one another merchant used and deleted", async () => {
    const deleted = sampleTag('northwind:4001', { variantId: null });
    expect((await writeOps(server, 'tags', 'northwind', [{ op: 'upsert', tag: deleted }])).status).toBe(200);
    expect((await writeOps(server, 'tags', 'northwind', [{ op: 'delete', tag: { id: deleted.id } }])).status).toBe(200);
    const cases = [
      { op: 'upsert', tag: sampleTag('acme:1001', { id: deleted.id, variantId: null }) },
      { op: 'upsert', tag: sampleTag('acme:1001', { id: `northwind:${uniqueId('t')}`, variantId: null }) },
      { op: 'delete', tag: { id: deleted.id } },
      { op: 'delete', tag: { id: `northwind:${uniqueId('t')}` } },
    ];
    for (const op of cases) {
      const response = await writeOps(server, 'tags', 'acme', [op]);
      expect(response.status, JSON.stringify(op)).toBe(403);
    }
    const [tomb] = await server.db.query<{ merchant_id: string }>("SELECT merchant_id FROM tombstones WHERE kind = 'tag' AND id = $1", [deleted.id]);
    expect(tomb?.merchant_id).toBe('northwind');
  });

  it("still takes the extension's own tag ids (t-<uuid>) and namespaced ones of the merchant", async () => {
    for (const id of [`t-${crypto.randomUUID()}`, `acme:t-${crypto.randomUUID()}`]) {
      const response = await writeOps(server, 'tags', 'acme', [{ op: 'upsert', tag: sampleTag('acme:1001', { id, variantId: null }) }]);
      expect(response.status, id).toBe(200);
    }
  });

  it("refuses a review of a product outside the merchant's namespace, even one it holds from before the rule", async () => {
    // A product written before ids had to carry the merchant's prefix.
    const legacy = `northwind:legacy-${uniqueId('p')}`;
    await server.db.query(
      `INSERT INTO products (id, merchant_id, title, url, images, description, variants, updated_at, seq)
       VALUES ($1, 'acme', 'Old', 'https://acme.example/old', '[]', '', '[]', '2026-01-01T00:00:00Z', nextval('change_seq'))`,
      [legacy],
    );
    const review = { productId: legacy, rating: 4, count: 1, histogram: [0, 0, 0, 1, 0], items: [] };
    expect((await writeOps(server, 'reviews', 'acme', [{ op: 'upsert', review }])).status).toBe(403);
  });
});

describe('anonymous orders', () => {
  it('limits the orders one address may place, with 429 and Retry-After', async () => {
    const address = newAddress();
    const statuses: number[] = [];
    for (let i = 0; i < 80; i++) {
      const response = await post(
        server,
        '/v1/orders',
        { merchantId: 'harbor-goods', lines: [{ productId: 'harbor-goods:5001', variantId: '5500100001', quantity: 1 }], contact: sampleContact },
        { 'x-forwarded-for': address, 'idempotency-key': uniqueId('flood') },
      );
      statuses.push(response.status);
      if (response.status === 429) expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThan(0);
    expect(statuses.every((status) => status === 201 || status === 400 || status === 429)).toBe(true);
  });
});

describe('faults', () => {
  it('loses no event and counts none twice when the database fails in the middle of ingestion', async () => {
    const prefix = uniqueId('fault');
    const original = server.db.transaction.bind(server.db);
    let failures = 0;
    // Every other event transaction fails (the first one included), as if the database dropped out.
    let calls = 0;
    server.db.transaction = ((fn, options) => {
      calls += 1;
      if (calls % 2 === 1) {
        failures += 1;
        return Promise.reject(new Error('injected database fault'));
      }
      return original(fn, options);
    }) as typeof server.db.transaction;
    const batches = Array.from({ length: 30 }, (_, i) => ({ batchId: `${prefix}-${i}`, events: Array.from({ length: 5 }, () => event({ postId: `${prefix}-post` })), address: newAddress() }));
    let accepted = 0;
    try {
      let pending = batches;
      for (let round = 0; round < 20 && pending.length > 0; round++) {
        const answers = await Promise.all(pending.map((batch) => sendEvents(batch.events, batch.address, batch.batchId)));
        const retry: typeof batches = [];
        answers.forEach((answer, i) => {
          if (answer.status === 200 && answer.body.duplicate === false) accepted += answer.body.accepted as number;
          else if (answer.status !== 200) retry.push(pending[i]!);
        });
        pending = retry;
      }
    } finally {
      server.db.transaction = original;
    }
    expect(failures).toBeGreaterThan(0);
    expect(accepted).toBe(150);
    expect(await countedImpressions(`${prefix}-post`)).toBe(150);
  });

  it('counts nothing of a batch whose client hung up in the middle of the body, and keeps answering', async () => {
    const { request } = await import('node:http');
    const postId = uniqueId('hangup');
    await new Promise<void>((resolve) => {
      const req = request(`${server.url}/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': '100000' } });
      req.on('error', () => resolve());
      req.write(`{"batchId":"hangup","events":[${JSON.stringify(event({ postId }))}`);
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 100);
    });
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
    expect(await countedImpressions(postId)).toBe(0);
  });
});
