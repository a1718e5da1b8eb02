import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { checkFeed } from '@/utils/sync/feed-check';
import { because } from '../fixtures';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const feed = (name: string) => readFileSync(path.join(ROOT, 'tests/feeds', name), 'utf8');
const serve = (body: string) => async () => new Response(body);

describe('checking a feed the way sync reads it', () => {
  it('reads Google’s own example feed: one product of two watches, http links over https, a GTIN per variant', async () => {
    const result = await checkFeed({ kind: 'merchant-feed', url: 'https://google-merchant-example.xml/', fetch: serve(feed('real/google-merchant-example.xml')), merchant: { id: 'diesel', name: 'Diesel' }, maxPages: 1 });
    expect(result.skipped).toEqual([]);
    expect(result.products).toHaveLength(1);
    expect(result.products[0]).toMatchObject({ title: "Diesel Men's Stainless-Steel Analog Watch", url: expect.stringMatching(/^https:\/\/www\.example\.com\/shop/) });
    expect(result.products[0]?.variants.map((v) => [v.price, v.currency, v.gtin, v.mpn, v.image])).toEqual([
      ['105.29', 'USD', '698615070527', 'DZ1437', 'https://www.example.com/image/watch-black.png'],
      ['105.29', 'USD', '698615086467', 'DZ1572', 'https://www.example.com/image/watch-white.png'],
    ]);
  });

  it('names every skipped record with its field path and reason', async () => {
    const result = await checkFeed({ kind: 'shopify', url: 'https://fernhill.example/', fetch: serve(feed('shopify-products-page-1.json')), currency: 'USD', merchant: { id: 'fernhill', name: 'Fernhill' }, maxPages: 1 });
    expect(result.skipped.map((skip) => [skip.path, skip.reason])).toEqual([
      ['variants', because('skipTooFew', 1)],
      ['variants.0.price', because('skipDecimalString')],
      ['images.0', because('skipUrlNotHttps')],
      ['', because('skipDuplicateId')],
    ]);
    expect(result.products[0]?.variants[0]).toMatchObject({ price: '189.00', compareAtPrice: '219.00', currency: 'USD' });
  });

  it('files the reviews of a reviews feed under the identifier sync would look their product up by', async () => {
    const result = await checkFeed({ kind: 'reviews-feed', url: 'https://reviews.example/', fetch: serve(feed('reviews-feed.xml')), maxPages: 1 });
    expect(result.reviews.length).toBeGreaterThan(0);
    expect(result.reviews.every((summary) => /^(gtin|sku|url):/.test(summary.productId))).toBe(true);
  });

  it('runs as a command that prints one JSON object, and fails clearly on a file of another kind', async () => {
    const run = promisify(execFile);
    const tsx = path.join(ROOT, 'node_modules/.bin/tsx');
    const { stdout } = await run(tsx, ['scripts/feed-check.ts', '--kind', 'merchant-feed', '--json', 'tests/feeds/merchant-feed.tsv'], { cwd: ROOT });
    const output = JSON.parse(stdout) as { products: unknown[]; reviews: unknown[]; tags: unknown[]; skipped: { reason: string; path: string; id: string | null }[] };
    expect(Object.keys(output)).toEqual(['products', 'reviews', 'tags', 'skipped']);
    expect(output.skipped).toContainEqual(expect.objectContaining({ path: 'price', id: 'TWK-BEAN-RIB', reason: '“USD 15” is not a price like “15.00 USD”' }));
    const wrong = await run(tsx, ['scripts/feed-check.ts', '--kind', 'postcart', 'tests/feeds/reviews-feed.xml'], { cwd: ROOT }).catch((error: { code: number; stderr: string }) => error);
    expect(wrong).toMatchObject({ code: 1, stderr: expect.stringContaining('does not read as postcart') });
  }, 60_000);
});
