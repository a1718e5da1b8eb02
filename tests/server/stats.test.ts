import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { divideHalfUp, parsePeriod } from '../../server/stats';
import { SellerStats, type PostStats, type ProductStats } from '../../utils/seller/stats';
import { bearer, getJson, isoDay, postEvents, repeat, sampleProduct, sampleTag, startTestServer, uniqueId, writeOps, type EventInput, type TestServer } from './helpers';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

async function stats(merchantId: string, query: string): Promise<SellerStats> {
  const response = await getJson(server, `/v1/stats${query}`, bearer(server, merchantId));
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  // The extension's schema is the contract: what the server sends must pass it unchanged.
  return SellerStats.parse(response.body);
}

const zeroDay = (date: string) => ({ date, impressions: 0, clicks: 0, addToCarts: 0, checkouts: 0 });

describe('GET /v1/stats: authentication and period', () => {
  it('answers 401 without a token or with an unknown one', async () => {
    expect((await getJson(server, '/v1/stats')).status).toBe(401);
    const unknown = await getJson(server, '/v1/stats', { authorization: 'Bearer pct_unknown' });
    expect(unknown.status).toBe(401);
    expect(unknown.headers.get('www-authenticate')).toMatch(/^Bearer/);
  });

  it('defaults to the last 30 days, today included, one daily entry per day', async () => {
    const body = await stats('northwind', '');
    expect(body).toMatchObject({ merchantId: 'northwind', from: isoDay(-29), to: isoDay(0) });
    for (const post of body.posts) expect(post.daily.map((day) => day.date)).toEqual(Array.from({ length: 30 }, (_, i) => isoDay(i - 29)));
  });

  it('answers 400 with a reason for a bad period', async () => {
    const cases: [string, RegExp][] = [
      ['?from=2026-13-01&to=2026-12-01', /from must be a date/],
      ['?from=2026-02-30&to=2026-03-01', /from must be a date/],
      ['?from=20261101&to=2026-11-30', /from must be a date/],
      ['?from=2026-11-01&to=tomorrow', /to must be a date/],
      ['?from=2026-11-30&to=2026-11-01', /from must not be after to/],
      ['?from=2025-01-01&to=2026-01-02', /at most 366 days/],
      [`?from=${isoDay(1)}`, /from must not be after to/],
    ];
    for (const [query, reason] of cases) {
      const response = await getJson(server, `/v1/stats${query}`, bearer(server, 'acme'));
      expect(response.status, query).toBe(400);
      expect(response.body).toEqual({ error: 'bad stats request', details: { reason: expect.stringMatching(reason) } });
    }
  });

  it('takes a period of exactly 366 days, and a single day', async () => {
    expect(parsePeriod('2024-01-01', '2024-12-31').days).toHaveLength(366);
    expect((await stats('acme', '?from=2024-01-01&to=2024-12-31')).from).toBe('2024-01-01');
    const single = await stats('acme', `?from=${isoDay(-1)}&to=${isoDay(-1)}`);
    expect(single.posts[0]?.daily).toEqual([expect.objectContaining({ date: isoDay(-1) })]);
  });

  it('fills a missing from with the 29 days before to, and a missing to with today', () => {
    const now = Date.parse('2026-03-10T15:00:00Z');
    expect(parsePeriod(null, '2026-03-01', now)).toMatchObject({ from: '2026-01-31', to: '2026-03-01' });
    expect(parsePeriod('2026-03-01', null, now)).toMatchObject({ from: '2026-03-01', to: '2026-03-10' });
    expect(parsePeriod('2024-02-28', '2024-03-01', now).days).toEqual(['2024-02-28', '2024-02-29', '2024-03-01']);
  });
});

describe('GET /v1/stats: figures', () => {
  const d1 = isoDay(-3);
  const d2 = isoDay(-2);
  const outside = isoDay(-5);
  const postA = uniqueId('statsA');
  const postB = uniqueId('statsB');
  const postC = uniqueId('statsC');
  const postTaggedOnly = uniqueId('statsQuiet');
  const jacket = 'acme:1001';
  const pack = 'acme:1002';
  // Checkout values count only in a currency the product is sold in: two acme products in yen and euros.
  const tea = 'acme:stats-jpy';
  const scarf = 'acme:stats-eur';
  let body: SellerStats;
  let postOf: (id: string) => PostStats;
  let productOf: (id: string) => ProductStats;

  beforeAll(async () => {
    // Post A tags the jacket, then the daypack; post "quiet" is tagged and never seen.
    const tags = [
      sampleTag(jacket, { postId: postA, variantId: null }),
      sampleTag(pack, { postId: postA, variantId: null }),
      sampleTag(pack, { postId: postTaggedOnly, variantId: null }),
    ];
    for (const tag of tags) expect((await writeOps(server, 'tags', 'acme', [{ op: 'upsert', tag }])).status).toBe(200);
    const priced = (id: string, price: string, currency: string) =>
      sampleProduct('acme', { id, variants: [{ id: 'v1', title: 'One', price, compareAtPrice: null, currency, available: true, sku: null }] });
    const products = [priced(tea, '1001', 'JPY'), priced(scarf, '5.00', 'EUR')].map((product) => ({ op: 'upsert', product }));
    expect((await writeOps(server, 'products', 'acme', products)).status).toBe(200);

    const events: EventInput[] = [
      // Post A, day 1: 10 impressions of the jacket, 4 cards, 3 adds, 3 checkouts (one without a value).
      ...repeat(10, { type: 'impression', postId: postA, productId: jacket, at: `${d1}T09:00:00Z`, postUrl: `https://www.instagram.com/p/${postA}/` }),
      ...repeat(4, { type: 'card-open', postId: postA, productId: jacket, at: `${d1}T09:10:00Z` }),
      ...repeat(3, { type: 'add-to-cart', postId: postA, productId: jacket, at: `${d1}T09:11:00Z`, quantity: 1 }),
      ...repeat(2, { type: 'checkout', postId: postA, productId: jacket, at: `${d1}T09:30:00Z`, quantity: 1, value: { amount: '129.00', currency: 'USD' } }),
      { type: 'checkout', postId: postA, productId: jacket, at: `${d1}T09:31:00Z` },
      // Post A, day 2 (the last second of the day belongs to it): 6 impressions of the daypack, 1 card.
      ...repeat(6, { type: 'impression', postId: postA, productId: pack, at: `${d2}T23:59:59Z` }),
      { type: 'card-open', postId: postA, productId: pack, at: `${d2}T00:00:00Z` },
      // Post B (TikTok, not tagged): 0.01 + 0.02 USD is 0.015 on average, 0.02 rounded half-up;
      // 1000 + 1001 JPY is 1000.5, 1001 rounded; 5.00 EUR once.
      ...repeat(3, { type: 'impression', platform: 'tiktok', postId: postB, productId: pack, at: `${d2}T12:00:00Z` }),
      ...repeat(5, { type: 'card-open', platform: 'tiktok', postId: postB, productId: pack, at: `${d2}T12:01:00Z` }),
      { type: 'checkout', platform: 'tiktok', postId: postB, productId: pack, at: `${d2}T12:02:00Z`, value: { amount: '0.01', currency: 'USD' } },
      { type: 'checkout', platform: 'tiktok', postId: postB, productId: pack, at: `${d2}T13:02:00Z`, value: { amount: '0.02', currency: 'USD' } },
      { type: 'checkout', platform: 'tiktok', postId: postB, productId: tea, at: `${d2}T12:03:00Z`, value: { amount: '1000', currency: 'JPY' } },
      { type: 'checkout', platform: 'tiktok', postId: postB, productId: tea, at: `${d2}T12:04:00Z`, value: { amount: '1001', currency: 'JPY' } },
      { type: 'checkout', platform: 'tiktok', postId: postB, productId: scarf, at: `${d2}T12:05:00Z`, value: { amount: '5.00', currency: 'EUR' } },
      // Post C: as many impressions as post B, so post id decides the order; also the jacket.
      ...repeat(3, { type: 'impression', postId: postC, productId: jacket, at: `${d1}T20:00:00Z` }),
      // Outside the period: not counted anywhere.
      ...repeat(50, { type: 'impression', postId: postA, productId: jacket, at: `${outside}T10:00:00Z` }),
      { type: 'checkout', postId: postA, productId: jacket, at: `${outside}T10:00:00Z`, value: { amount: '300.00', currency: 'USD' } },
      // Another merchant's product on post A: not acme's business.
      ...repeat(7, { type: 'impression', postId: postA, productId: 'northwind:4001', at: `${d1}T09:00:00Z` }),
    ];
    const response = await postEvents(server, events);
    expect(response.body).toEqual({ accepted: events.length, skipped: 0, duplicate: false });

    body = await stats('acme', `?from=${d1}&to=${d2}`);
    postOf = (id) => body.posts.find((post) => post.postId === id)!;
    productOf = (id) => body.products.find((product) => product.productId === id)!;
  });

  it('sums a post over its products, with CTR, conversion rate, revenue and AOV', () => {
    expect(postOf(postA)).toEqual({
      platform: 'instagram',
      postId: postA,
      postUrl: `https://www.instagram.com/p/${postA}/`,
      tagged: true,
      productIds: [jacket, pack],
      impressions: 16,
      clicks: 5,
      addToCarts: 3,
      checkouts: 3,
      ctr: 5 / 16,
      conversionRate: 3 / 5,
      revenue: [{ currency: 'USD', amount: '258.00' }],
      // Two checkouts carried a value: 258.00 / 2, the one without a value is not in the divisor.
      averageOrderValue: [{ currency: 'USD', amount: '129.00' }],
      daily: [
        { date: d1, impressions: 10, clicks: 4, addToCarts: 3, checkouts: 3 },
        { date: d2, impressions: 6, clicks: 1, addToCarts: 0, checkouts: 0 },
      ],
    });
  });

  it('keeps currencies apart and rounds the average order value half-up to the minor unit', () => {
    const post = postOf(postB);
    // Untagged products: the most seen first, then by id.
    expect(post).toMatchObject({ platform: 'tiktok', tagged: false, postUrl: null, productIds: [pack, scarf, tea], impressions: 3, clicks: 5, checkouts: 5, ctr: 5 / 3, conversionRate: 1 });
    expect(post.revenue).toEqual([
      { currency: 'EUR', amount: '5.00' },
      { currency: 'JPY', amount: '2001' },
      { currency: 'USD', amount: '0.03' },
    ]);
    expect(post.averageOrderValue).toEqual([
      { currency: 'EUR', amount: '5.00' },
      { currency: 'JPY', amount: '1001' },
      { currency: 'USD', amount: '0.02' },
    ]);
  });

  it('lists tagged posts without events with zeros and no rates', () => {
    expect(postOf(postTaggedOnly)).toEqual({
      platform: 'instagram',
      postId: postTaggedOnly,
      postUrl: null,
      tagged: true,
      productIds: [pack],
      impressions: 0,
      clicks: 0,
      addToCarts: 0,
      checkouts: 0,
      ctr: null,
      conversionRate: null,
      revenue: [],
      averageOrderValue: [],
      daily: [zeroDay(d1), zeroDay(d2)],
    });
  });

  it('sorts posts by impressions, most first, then by post id', () => {
    const order = body.posts.map((post) => [post.impressions, post.postId] as const);
    const sorted = [...order].sort((a, b) => b[0] - a[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
    expect(order).toEqual(sorted);
    expect(body.posts[0]!.postId).toBe(postA);
    const three = body.posts.filter((post) => post.impressions === 3).map((post) => post.postId);
    expect(three).toEqual([postB, postC].sort());
    // The demo catalog's tagged posts are listed too (with zeros).
    expect(body.posts.some((post) => post.postId === 'C8xYz123abc' && post.impressions === 0)).toBe(true);
  });

  it('sums a product over the posts it was seen on', () => {
    expect(productOf(jacket)).toMatchObject({
      title: 'Trail Jacket',
      image: `${server.url}/demo/images/trail-jacket.svg`,
      impressions: 13,
      clicks: 4,
      addToCarts: 3,
      checkouts: 3,
      revenue: [{ currency: 'USD', amount: '258.00' }],
      averageOrderValue: [{ currency: 'USD', amount: '129.00' }],
      daily: [
        { date: d1, impressions: 13, clicks: 4, addToCarts: 3, checkouts: 3 },
        { date: d2, impressions: 0, clicks: 0, addToCarts: 0, checkouts: 0 },
      ],
    });
    expect(productOf(pack)).toMatchObject({ impressions: 9, clicks: 6, checkouts: 2, ctr: 6 / 9, conversionRate: 2 / 6 });
    expect(productOf(tea)).toMatchObject({ impressions: 0, checkouts: 2, revenue: [{ currency: 'JPY', amount: '2001' }], averageOrderValue: [{ currency: 'JPY', amount: '1001' }] });
    expect(body.products.slice(0, 2).map((product) => product.productId)).toEqual([jacket, pack]);
    expect(body.products.some((product) => product.productId.startsWith('northwind:'))).toBe(false);
  });

  it("shows each merchant only its own products' figures", async () => {
    const theirs = await stats('northwind', `?from=${d1}&to=${d2}`);
    const post = theirs.posts.find((p) => p.postId === postA);
    expect(post).toMatchObject({ tagged: false, productIds: ['northwind:4001'], impressions: 7, clicks: 0 });
    expect(theirs.products.find((product) => product.productId === jacket)).toBeUndefined();
  });

  it('counts events of the day before and after only in their own period', async () => {
    const earlier = await stats('acme', `?from=${outside}&to=${outside}`);
    expect(earlier.posts.find((post) => post.postId === postA)).toMatchObject({ impressions: 50, checkouts: 1, revenue: [{ currency: 'USD', amount: '300.00' }] });
  });

  it('divides exactly, rounding half-up', () => {
    expect(divideHalfUp(3n, 2n)).toBe(2n);
    expect(divideHalfUp(5n, 2n)).toBe(3n);
    expect(divideHalfUp(10n, 3n)).toBe(3n);
    expect(divideHalfUp(20n, 3n)).toBe(7n);
    expect(divideHalfUp(0n, 4n)).toBe(0n);
    expect(divideHalfUp(9_007_199_254_740_991n * 3n, 3n)).toBe(9_007_199_254_740_991n);
  });
});
