import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '@/utils/platform/errors';
import { newSourceState, type SourceState } from '@/utils/sync/source';
import {
  fetchStats,
  lastDays,
  periodProblem,
  postLink,
  postPermalink,
  SellerStats,
  statsToCsv,
  type Figures,
} from '@/utils/seller/stats';

const messages = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../../public/_locales/en/messages.json'), 'utf8')) as Record<string, { message: string }>;

const FEED = 'http://127.0.0.1:8787/v1/feed';

function source(seller: SourceState['seller'] = { token: 'pct_secret', merchantId: 'acme', merchantName: 'Acme Outdoor', connectedAt: 1 }): SourceState {
  return { ...newSourceState({ id: 'postcart-1', kind: 'postcart', url: FEED }), seller };
}

const zeros = (dates: string[]) => dates.map((date) => ({ date, impressions: 0, clicks: 0, addToCarts: 0, checkouts: 0 }));

function figures(over: Partial<Figures> = {}): Figures {
  return { impressions: 0, clicks: 0, addToCarts: 0, checkouts: 0, ctr: null, conversionRate: null, revenue: [], averageOrderValue: [], daily: zeros(['2026-11-01']), ...over };
}

function body(over: Record<string, unknown> = {}) {
  return {
    merchantId: 'acme',
    from: '2026-11-01',
    to: '2026-11-01',
    posts: [
      {
        platform: 'instagram',
        postId: 'C8xYz123abc',
        postUrl: 'https://www.instagram.com/p/C8xYz123abc/',
        tagged: true,
        productIds: ['acme:1001'],
        ...figures({ impressions: 16, clicks: 5, checkouts: 3, ctr: 5 / 16, conversionRate: 0.6, revenue: [{ currency: 'USD', amount: '258.00' }], averageOrderValue: [{ currency: 'USD', amount: '129.00' }] }),
      },
    ],
    products: [{ productId: 'acme:1001', title: 'Trail Jacket', image: 'http://127.0.0.1:8787/demo/images/trail-jacket.svg', ...figures({ impressions: 16 }) }],
    ...over,
  };
}

function reply(status: number, payload: unknown): Response {
  return new Response(typeof payload === 'string' ? payload : JSON.stringify(payload), { status, headers: { 'content-type': 'application/json' } });
}

async function problemOf(promise: Promise<unknown>): Promise<UserError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserError);
  return error as UserError;
}

describe('the stats answer schema', () => {
  it('accepts what the server sends', () => {
    expect(SellerStats.parse(body()).posts[0]?.impressions).toBe(16);
  });

  it('turns links that are not web links into null instead of rendering them', () => {
    const parsed = SellerStats.parse(
      body({
        posts: [{ ...body().posts[0], postUrl: 'javascript:alert(1)' }],
        products: [{ ...body().products[0], image: 'data:image/svg+xml,<svg onload=alert(1)>' }],
      }),
    );
    expect(parsed.posts[0]?.postUrl).toBeNull();
    expect(parsed.products[0]?.image).toBeNull();
    // Post links must be https; product images may live on a local catalog server (http).
    expect(SellerStats.parse(body({ posts: [{ ...body().posts[0], postUrl: 'http://www.instagram.com/p/x/' }] })).posts[0]?.postUrl).toBeNull();
  });

  it('refuses negative counts, unknown platforms and inexact amounts', () => {
    expect(SellerStats.safeParse(body({ posts: [{ ...body().posts[0], impressions: -1 }] })).success).toBe(false);
    expect(SellerStats.safeParse(body({ posts: [{ ...body().posts[0], platform: 'myspace' }] })).success).toBe(false);
    expect(SellerStats.safeParse(body({ posts: [{ ...body().posts[0], revenue: [{ currency: 'USD', amount: 258 }] }] })).success).toBe(false);
  });
});

describe('fetchStats', () => {
  it('asks the source server for the period with the stored seller token, without cookies or redirects', async () => {
    const calls: [string, RequestInit | undefined][] = [];
    const stats = await fetchStats(
      async (url, init) => {
        calls.push([url, init]);
        return reply(200, body());
      },
      source(),
      '2026-11-01',
      '2026-11-30',
    );
    expect(stats.posts).toHaveLength(1);
    expect(calls).toHaveLength(1);
    const [url, init] = calls[0]!;
    expect(url).toBe('http://127.0.0.1:8787/v1/stats?from=2026-11-01&to=2026-11-30');
    expect(init).toMatchObject({ method: 'GET', credentials: 'omit', redirect: 'error', cache: 'no-store' });
    expect((init?.headers as Record<string, string>).authorization).toBe('Bearer pct_secret');
  });

  it('follows the server’s pages while it says there is more, and joins their posts and products', async () => {
    const asked: string[] = [];
    const one = body();
    const post = (postId: string) => ({ ...one.posts[0], postId });
    const pages: Record<string, unknown> = {
      '': body({ posts: [post('P1'), post('P2')], hasMore: true, cursor: 'c1' }),
      c1: body({ posts: [post('P3')], products: [], hasMore: true, cursor: 'c2' }),
      c2: body({ posts: [], products: [], hasMore: false, cursor: null }),
    };
    const stats = await fetchStats(
      async (url) => {
        const cursor = new URL(url).searchParams.get('cursor') ?? '';
        asked.push(cursor);
        return reply(200, pages[cursor]);
      },
      source(),
      '2026-11-01',
      '2026-11-30',
    );
    expect(asked).toEqual(['', 'c1', 'c2']);
    expect(stats.posts.map((p) => p.postId)).toEqual(['P1', 'P2', 'P3']);
    expect(stats.products).toHaveLength(1);
    expect(stats).not.toHaveProperty('cursor');
  });

  it('says why it could not read the stats', async () => {
    const host = '127.0.0.1:8787';
    const cases: [string, () => Promise<Response>, string[]][] = [
      ['statsNetwork', () => Promise.reject(new TypeError('Failed to fetch')), [host]],
      ['statsUnauthorized', async () => reply(401, { error: 'unknown seller token' }), [host]],
      ['statsBadRequest', async () => reply(400, { error: 'bad stats request', details: { reason: 'from must not be after to' } }), [host, 'from must not be after to']],
      ['statsBadRequest', async () => reply(400, 'not json'), [host, '']],
      ['statsServerError', async () => reply(503, { error: 'down' }), [host, '503']],
      ['statsBadBody', async () => reply(200, '<html>'), [host]],
      ['statsBadBody', async () => reply(200, { posts: 'many' }), [host]],
      ['statsBadBody', async () => reply(200, body({ merchantId: 'northwind' })), [host]],
    ];
    for (const [key, answer, args] of cases) {
      const error = await problemOf(fetchStats(answer, source(), '2026-11-01', '2026-11-30'));
      expect([error.key, error.args]).toEqual([key, args]);
    }
  });

  it('does not ask at all without a seller connection or for a source that is not a catalog server', async () => {
    const never = () => Promise.reject(new Error('must not be called'));
    expect((await problemOf(fetchStats(never, source(null), '2026-11-01', '2026-11-01'))).key).toBe('statsNotConnected');
    const shop = { ...source(), kind: 'shopify' as const, url: 'https://shop.example/products.json' };
    expect((await problemOf(fetchStats(never, shop, '2026-11-01', '2026-11-01'))).key).toBe('statsNotAServer');
  });

  it('has an English message for every problem, with a place for each of its arguments', () => {
    const keys: [string, number][] = [['statsNotConnected', 0], ['statsNotAServer', 0], ['statsNetwork', 1], ['statsUnauthorized', 1], ['statsBadRequest', 2], ['statsServerError', 2], ['statsBadBody', 1]];
    for (const [key, count] of keys) {
      expect(messages[key]?.message, key).toBeTruthy();
      for (let index = 0; index < count; index += 1) expect(messages[key]!.message).toContain(`$${index + 1}`);
    }
  });
});

describe('periods', () => {
  it('counts the last days with today included, in UTC', () => {
    const now = Date.parse('2026-03-10T23:30:00-05:00'); // already March 11 in UTC
    expect(lastDays(7, now)).toEqual({ from: '2026-03-05', to: '2026-03-11' });
    expect(lastDays(1, now)).toEqual({ from: '2026-03-11', to: '2026-03-11' });
  });

  it('finds what is wrong with a custom period', () => {
    expect(periodProblem('2026-03-01', '2026-03-31')).toBeNull();
    expect(periodProblem('2026-03-01', '2026-03-01')).toBeNull();
    expect(periodProblem('2026-02-30', '2026-03-31')).toBe('bad-date');
    expect(periodProblem('', '2026-03-31')).toBe('bad-date');
    expect(periodProblem('2026-03-02', '2026-03-01')).toBe('reversed');
    expect(periodProblem('2024-01-01', '2024-12-31')).toBeNull();
    expect(periodProblem('2025-01-01', '2026-01-02')).toBe('too-long');
  });
});

describe('post links', () => {
  it('builds links from the id where the platform allows it', () => {
    expect(postPermalink('instagram', 'C8xYz123abc')).toBe('https://www.instagram.com/p/C8xYz123abc/');
    expect(postPermalink('pinterest', '1234567890')).toBe('https://www.pinterest.com/pin/1234567890/');
    expect(postPermalink('tiktok', '7301')).toBeNull();
    expect(postPermalink('facebook', '1001')).toBeNull();
    expect(postPermalink('instagram', '../../evil')).toBe('https://www.instagram.com/p/..%2F..%2Fevil/');
  });

  it('prefers the link events brought', () => {
    expect(postLink({ platform: 'tiktok', postId: '7301', postUrl: 'https://www.tiktok.com/@a/video/7301' })).toBe('https://www.tiktok.com/@a/video/7301');
    expect(postLink({ platform: 'instagram', postId: 'abc', postUrl: null })).toBe('https://www.instagram.com/p/abc/');
  });
});

describe('statsToCsv', () => {
  it('writes one row per post with a header, CRLF line ends and a column pair per currency', () => {
    const stats = SellerStats.parse(
      body({
        posts: [
          body().posts[0],
          {
            ...body().posts[0],
            platform: 'tiktok',
            postId: '7301',
            postUrl: null,
            tagged: false,
            revenue: [
              { currency: 'EUR', amount: '5.00' },
              { currency: 'USD', amount: '0.03' },
            ],
            averageOrderValue: [
              { currency: 'EUR', amount: '5.00' },
              { currency: 'USD', amount: '0.02' },
            ],
            ctr: 1 / 3,
            conversionRate: null,
          },
        ],
      }),
    );
    const csv = statsToCsv(stats);
    expect(csv.endsWith('\r\n')).toBe(true);
    const lines = csv.trimEnd().split('\r\n');
    expect(lines).toEqual([
      'from,to,platform,post_id,post_url,tagged,product_ids,products,impressions,clicks,ctr,add_to_carts,checkouts,conversion_rate,revenue_EUR,average_order_value_EUR,revenue_USD,average_order_value_USD',
      '2026-11-01,2026-11-01,instagram,C8xYz123abc,https://www.instagram.com/p/C8xYz123abc/,yes,acme:1001,Trail Jacket,16,5,0.3125,0,3,0.6,,,258.00,129.00',
      '2026-11-01,2026-11-01,tiktok,7301,,no,acme:1001,Trail Jacket,16,5,0.3333,0,3,,5.00,5.00,0.03,0.02',
    ]);
  });

  it('quotes cells with commas, quotes and line breaks (RFC 4180)', () => {
    const stats = SellerStats.parse(
      body({
        products: [{ ...body().products[0], title: 'Jacket, "Trail"\nedition' }],
      }),
    );
    const csv = statsToCsv(stats);
    expect(csv).toContain(',"Jacket, ""Trail""\nedition",');
  });

  it('defuses cells a spreadsheet would run as a formula', () => {
    const post = body().posts[0]!;
    const stats = SellerStats.parse(
      body({
        posts: ['=HYPERLINK("http://evil")', '+1+1', '-2', '@SUM(A1)'].map((postId) => ({ ...post, postId, postUrl: null, platform: 'tiktok' })),
        products: [{ ...body().products[0], title: '=cmd|"/c calc"!A1' }],
      }),
    );
    const rows = statsToCsv(stats).trimEnd().split('\r\n').slice(1);
    expect(rows.map((row) => row.split(',')[3])).toEqual([`"'=HYPERLINK(""http://evil"")"`, "'+1+1", "'-2", "'@SUM(A1)"]);
    expect(rows[0]).toContain(`"'=cmd|""/c calc""!A1"`);
  });
});
