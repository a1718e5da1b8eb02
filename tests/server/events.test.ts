import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_EVENTS, postLink } from '../../server/events';
import { getJson, isoDay, post, postEvents, repeat, startTestServer, uniqueId, type TestServer } from './helpers';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const CHROME = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';
const HOUR = 3_600_000;

interface Counts extends Record<string, unknown> {
  impressions: number;
  card_opens: number;
  add_to_carts: number;
  checkouts: number;
}

/** What the buckets hold for one post, summed over hours and products. */
async function counted(postId: string): Promise<Counts> {
  const [row] = await server.db.query<Counts>(
    `SELECT coalesce(sum(impressions), 0)::int AS impressions, coalesce(sum(card_opens), 0)::int AS card_opens,
            coalesce(sum(add_to_carts), 0)::int AS add_to_carts, coalesce(sum(checkouts), 0)::int AS checkouts
     FROM event_counts WHERE post_id = $1`,
    [postId],
  );
  return row!;
}

const at = (day: string, time = '10:15:00') => `${day}T${time}Z`;

describe('POST /v1/events', () => {
  it('counts a batch into hourly buckets per merchant, post, product and hour, without a token', async () => {
    const postId = uniqueId('post');
    const day = isoDay(-1);
    const response = await postEvents(server, [
      ...repeat(3, { type: 'impression', postId, productId: 'acme:1001', at: at(day, '10:05:00') }),
      { type: 'impression', postId, productId: 'acme:1001', at: at(day, '11:59:59') },
      { type: 'card-open', postId, productId: 'acme:1001', at: at(day, '10:06:00') },
      { type: 'add-to-cart', postId, productId: 'acme:1001', at: at(day, '10:07:00'), quantity: 2 },
      { type: 'checkout', postId, productId: 'acme:1001', at: at(day, '10:08:00'), quantity: 2, value: { amount: '258.00', currency: 'USD' } },
    ]);
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ accepted: 7, skipped: 0, duplicate: false });

    const rows = await server.db.query<Counts & { merchant_id: string; product_id: string; hour: string }>(
      `SELECT merchant_id, product_id, to_char(hour AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS') AS hour, impressions, card_opens, add_to_carts, checkouts
       FROM event_counts WHERE post_id = $1 ORDER BY hour`,
      [postId],
    );
    expect(rows).toEqual([
      { merchant_id: 'acme', product_id: 'acme:1001', hour: `${day}T10:00:00`, impressions: 3, card_opens: 1, add_to_carts: 1, checkouts: 1 },
      { merchant_id: 'acme', product_id: 'acme:1001', hour: `${day}T11:00:00`, impressions: 1, card_opens: 0, add_to_carts: 0, checkouts: 0 },
    ]);
    const revenue = await server.db.query('SELECT currency, orders, revenue_minor::int AS minor FROM event_revenue WHERE post_id = $1', [postId]);
    expect(revenue).toEqual([{ currency: 'USD', orders: 1, minor: 25800 }]);
  });

  it('adds to the same buckets across batches', async () => {
    const postId = uniqueId('post');
    const event = { type: 'impression' as const, postId, productId: 'acme:1001', at: at(isoDay(-1)) };
    await postEvents(server, repeat(2, event));
    await postEvents(server, repeat(5, event));
    expect((await counted(postId)).impressions).toBe(7);
  });

  it('acknowledges a replayed batch as a duplicate and does not count it again', async () => {
    const postId = uniqueId('post');
    const batchId = uniqueId('batch');
    const events = [
      ...repeat(4, { type: 'impression', postId, productId: 'acme:1001', at: at(isoDay(-2)) }),
      { type: 'impression' as const, postId, productId: 'nobody:0', at: at(isoDay(-2)) },
    ];
    const first = await postEvents(server, events, batchId);
    expect(first.body).toEqual({ accepted: 4, skipped: 1, duplicate: false });
    const again = await postEvents(server, events, batchId);
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ accepted: 4, skipped: 1, duplicate: true });
    expect((await counted(postId)).impressions).toBe(4);
  });

  it('counts a batch once when copies of it arrive at the same time', async () => {
    const postId = uniqueId('post');
    const batchId = uniqueId('batch');
    const events = repeat(3, { type: 'card-open', postId, productId: 'acme:1002', at: at(isoDay(-1)) });
    const responses = await Promise.all(Array.from({ length: 6 }, () => postEvents(server, events, batchId)));
    expect(responses.map((response) => response.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(responses.filter((response) => response.body.duplicate === false)).toHaveLength(1);
    expect(responses.every((response) => response.body.accepted === 3)).toBe(true);
    expect((await counted(postId)).card_opens).toBe(3);
  });

  it('skips and counts events for unknown products and times outside the window', async () => {
    const postId = uniqueId('post');
    const now = Date.now();
    const iso = (ms: number) => new Date(ms).toISOString();
    const response = await postEvents(server, [
      { type: 'impression', postId, productId: 'acme:does-not-exist', at: iso(now - HOUR) },
      { type: 'impression', postId, productId: 'acme:1001', at: iso(now - 8 * 24 * HOUR) },
      { type: 'impression', postId, productId: 'acme:1001', at: iso(now + 2 * HOUR) },
      { type: 'impression', postId, productId: 'acme:1001', at: iso(now + 30 * 60_000) },
      { type: 'impression', postId, productId: 'acme:1001', at: iso(now - 6 * 24 * HOUR) },
    ]);
    expect(response.body).toEqual({ accepted: 2, skipped: 3, duplicate: false });
    expect((await counted(postId)).impressions).toBe(2);
  });

  it('takes times with an offset and buckets them by their UTC hour', async () => {
    const postId = uniqueId('post');
    const day = isoDay(-1);
    // 10:30 at +02:00 is 08:30 UTC.
    await postEvents(server, [{ type: 'impression', postId, productId: 'acme:1001', at: `${day}T10:30:00+02:00` }]);
    const [row] = await server.db.query<{ hour: string }>(`SELECT to_char(hour AT TIME ZONE 'UTC', 'HH24:MI') AS hour FROM event_counts WHERE post_id = $1`, [postId]);
    expect(row?.hour).toBe('08:00');
  });

  it('answers 400 with reasons per event and counts nothing of a batch with a malformed event', async () => {
    const postId = uniqueId('post');
    const good = { type: 'impression', platform: 'instagram', postId, productId: 'acme:1001', at: at(isoDay(-1)) };
    const response = await post(server, '/v1/events', {
      batchId: uniqueId('batch'),
      events: [
        good,
        { ...good, type: 'purchase' },
        { ...good, platform: 'myspace' },
        { ...good, at: 'yesterday' },
        { ...good, quantity: 2 },
        { ...good, value: { amount: '1.00', currency: 'USD' } },
        { ...good, type: 'checkout', value: { amount: '12.345', currency: 'USD' } },
        { ...good, type: 'checkout', value: { amount: '-1', currency: 'USD' } },
        { ...good, type: 'add-to-cart', quantity: 0 },
        { ...good, postId: '' },
      ],
    });
    expect(response.status).toBe(400);
    const details = response.body.details as { index: number; path: string; message: string }[];
    expect(details.map((detail) => [detail.index, detail.path])).toEqual([
      [1, 'type'],
      [2, 'platform'],
      [3, 'at'],
      [4, 'quantity'],
      [5, 'value'],
      [6, 'value.amount'],
      [7, 'value.amount'],
      [8, 'quantity'],
      [9, 'postId'],
    ]);
    expect(details.find((detail) => detail.index === 6)?.message).toMatch(/more decimals than USD/);
    expect(await counted(postId)).toEqual({ impressions: 0, card_opens: 0, add_to_carts: 0, checkouts: 0 });
  });

  it('refuses bodies without a proper batch id or with too many or no events', async () => {
    const event = { type: 'impression', platform: 'instagram', postId: 'p', productId: 'acme:1001', at: at(isoDay(-1)) };
    const bodies = [
      { events: [event] },
      { batchId: '', events: [event] },
      { batchId: 'x'.repeat(201), events: [event] },
      { batchId: 'b', events: [] },
      { batchId: 'b', events: Array.from({ length: MAX_EVENTS + 1 }, () => event) },
      { batchId: 'b', events: 'all of them' },
      [],
    ];
    for (const body of bodies) {
      const response = await post(server, '/v1/events', body);
      expect(response.status, JSON.stringify(body).slice(0, 60)).toBe(400);
      expect(response.body.error).toMatch(/batchId/);
    }
    expect((await post(server, '/v1/events', 'not json')).status).toBe(400);
    const full = await post(server, '/v1/events', { batchId: uniqueId('batch'), events: Array.from({ length: MAX_EVENTS }, () => event) });
    expect(full.body).toEqual({ accepted: MAX_EVENTS, skipped: 0, duplicate: false });
  });

  it('answers extension origins with CORS headers, preflight included', async () => {
    const preflight = await fetch(`${server.url}/v1/events`, {
      method: 'OPTIONS',
      headers: { origin: CHROME, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(CHROME);
    const response = await postEvents(server, [{ type: 'impression', postId: uniqueId('post'), productId: 'acme:1001', at: at(isoDay(-1)) }], uniqueId('batch'), { origin: CHROME });
    expect(response.headers.get('access-control-allow-origin')).toBe(CHROME);
    const page = await postEvents(server, [{ type: 'impression', postId: uniqueId('post'), productId: 'acme:1001', at: at(isoDay(-1)) }], uniqueId('batch'), { origin: 'https://evil.example' });
    expect(page.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('takes only POST', async () => {
    expect((await getJson(server, '/v1/events')).status).toBe(405);
  });
});

describe('post links', () => {
  it("keeps the newest https link on the post's own platform", async () => {
    const postId = uniqueId('post');
    const older = `https://www.instagram.com/p/${postId}/`;
    const newer = `https://www.instagram.com/reel/${postId}/`;
    await postEvents(server, [{ type: 'impression', postId, productId: 'acme:1001', at: at(isoDay(-1)), postUrl: newer }]);
    // A late batch from an older hour does not replace it.
    await postEvents(server, [{ type: 'impression', postId, productId: 'acme:1001', at: at(isoDay(-3)), postUrl: older }]);
    const links = await server.db.query<{ url: string }>('SELECT url FROM post_urls WHERE post_id = $1', [postId]);
    expect(links).toEqual([{ url: newer }]);
  });

  it('drops links that are not https on the platform (they are shown to the seller)', () => {
    expect(postLink('instagram', 'https://www.instagram.com/p/abc/')).toBe('https://www.instagram.com/p/abc/');
    expect(postLink('pinterest', 'https://uk.pinterest.com/pin/123/')).toBe('https://uk.pinterest.com/pin/123/');
    expect(postLink('tiktok', 'https://www.tiktok.com/@a/video/1')).toBe('https://www.tiktok.com/@a/video/1');
    expect(postLink('facebook', 'https://m.facebook.com/story.php?story_fbid=1')).toBe('https://m.facebook.com/story.php?story_fbid=1');
    for (const [platform, url] of [
      ['instagram', 'http://www.instagram.com/p/abc/'],
      ['instagram', 'javascript:alert(1)'],
      ['instagram', 'https://instagram.com.evil.example/p/abc/'],
      ['instagram', 'https://evilinstagram.com/p/abc/'],
      ['instagram', 'https://www.pinterest.com/pin/1/'],
      ['instagram', 'https://user:pw@www.instagram.com/p/abc/'],
      ['instagram', 'not a url'],
    ] as const) {
      expect(postLink(platform, url), url).toBeNull();
    }
  });

  it('counts events with a foreign link but does not keep the link', async () => {
    const postId = uniqueId('post');
    const response = await postEvents(server, [{ type: 'impression', postId, productId: 'acme:1001', at: at(isoDay(-1)), postUrl: 'https://phish.example/login' }]);
    expect(response.body).toMatchObject({ accepted: 1 });
    expect(await server.db.query('SELECT url FROM post_urls WHERE post_id = $1', [postId])).toEqual([]);
  });
});

describe('privacy', () => {
  it('stores nothing about the shopper: no address, no user agent, no batch id, no exact time', async () => {
    const postId = uniqueId('post');
    const batchId = `batch-${'b'.repeat(20)}-identifying`;
    const userAgent = 'ShopperBrowser/9.9 (unique-fingerprint-42)';
    const response = await postEvents(
      server,
      [
        { type: 'impression', postId, productId: 'acme:1001', at: at(isoDay(-1), '10:17:43'), postUrl: `https://www.instagram.com/p/${postId}/` },
        { type: 'checkout', postId, productId: 'acme:1001', at: at(isoDay(-1), '10:19:02'), quantity: 1, value: { amount: '129.00', currency: 'USD' } },
      ],
      batchId,
      { 'user-agent': userAgent, 'x-forwarded-for': '203.0.113.77', cookie: 'session=shopper-123', origin: CHROME },
    );
    expect(response.status).toBe(200);

    // Every table the event path writes, dumped whole: none of what identifies the request is in it.
    const dump = JSON.stringify(
      await Promise.all(
        ['event_counts', 'event_revenue', 'post_urls', 'event_batches'].map((table) =>
          server.db.query(`SELECT to_jsonb(t)::text AS row FROM ${table} t`),
        ),
      ),
    );
    for (const secret of [batchId, userAgent, 'unique-fingerprint', '203.0.113.77', '127.0.0.1', 'shopper-123', CHROME, '10:17:43', '10:19:02', ':17:', ':19:']) {
      expect(dump, secret).not.toContain(secret);
    }
    const columns = await server.db.query<{ column_name: string }>(
      `SELECT column_name FROM information_schema.columns
       WHERE table_name IN ('event_counts', 'event_revenue', 'post_urls', 'event_batches') AND table_schema = current_schema()`,
    );
    expect(columns.length).toBeGreaterThan(0);
    for (const { column_name: name } of columns) expect(name).not.toMatch(/(^|_)(ip|agent|addr|address|client|shopper|user|session|cookie)(_|$)/);
    // Hours only: every stored time is on the hour.
    const times = await server.db.query<{ minutes: number }>(
      `SELECT extract(epoch FROM hour)::bigint % 3600 AS minutes FROM event_counts
       UNION ALL SELECT extract(epoch FROM received_hour)::bigint % 3600 FROM event_batches
       UNION ALL SELECT extract(epoch FROM seen_hour)::bigint % 3600 FROM post_urls`,
    );
    expect(times.every((row) => Number(row.minutes) === 0)).toBe(true);
  });
});
