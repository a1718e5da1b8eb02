import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { openDb, type PostcartDB } from '@/utils/catalog/db';
import { parseMerchantFeed } from '@/utils/sync/sources/merchant-feed';
import { catalogResolver, normaliseRating, parseReviewsFeed, productResolver, type ReviewProductIds } from '@/utils/sync/sources/reviews-feed';
import { normalizeGtin } from '@/utils/catalog/gtin';
import { parseShopifyPage } from '@/utils/sync/sources/shopify';
import { newSourceState } from '@/utils/sync/source';
import { applyFeed } from '@/utils/sync/apply';
import { FeedError } from '@/utils/sync/records';
import { because, skipLine, userError } from '../fixtures';

const text = (name: string): string => readFileSync(new URL(`../../feeds/${name}`, import.meta.url), 'utf8');
const JACKET = 'fernhill:7741532225714';
const PACK = 'fernhill:7741532389554';
const SWEATER = 'tidewater:TWK-MCS';

/** The products of the Shopify and Merchant Center fixtures, as the cache holds them. */
function catalog() {
  const shopify = parseShopifyPage(JSON.parse(text('shopify-products-page-1.json')), {
    sourceId: 'fernhill',
    storeUrl: 'https://fernhill.example',
    currency: 'USD',
    merchant: { id: 'fernhill', name: 'Fernhill Outfitters' },
  });
  const merchant = parseMerchantFeed(text('merchant-feed.tsv'), { sourceId: 'tidewater', merchant: { id: 'tidewater', name: 'Tidewater Knits' }, now: Date.parse('2026-11-20T12:00:00Z') });
  return { shopify, merchant, products: [...shopify.products, ...merchant.products] };
}

const OPTS = { sourceId: 'trailnotes', resolve: productResolver(catalog().products) };

describe('the Google product reviews feed parser', () => {
  it('summarises the reviews of each product with a 1..5 rating, a count and a five-bucket histogram', async () => {
    const feed = await parseReviewsFeed(text('reviews-feed.xml'), OPTS);
    expect(feed.reviews.map((r) => [r.productId, r.rating, r.count, r.histogram])).toEqual([
      [JACKET, 3.67, 3, [0, 1, 0, 1, 1]],
      [PACK, 4.6, 1, [0, 0, 0, 0, 1]],
      [SWEATER, 3.6, 2, [0, 1, 0, 0, 1]],
    ]);
    expect(feed.reviews.every((r) => r.sourceId === 'trailnotes')).toBe(true);
    expect(feed).toMatchObject({ merchants: [], products: [], tags: [], hasMore: false });
  });

  it('normalises ratings from their own min..max onto 1..5', async () => {
    expect(normaliseRating(0, 0, 10)).toBe(1);
    expect(normaliseRating(10, 0, 10)).toBe(5);
    expect(normaliseRating(5, 0, 10)).toBe(3);
    expect(normaliseRating(4, 1, 5)).toBe(4);
    const feed = await parseReviewsFeed(text('reviews-feed.xml'), OPTS);
    const sweater = feed.reviews.find((r) => r.productId === SWEATER)!;
    expect(sweater.items.map((i) => [i.id, i.rating])).toEqual([
      ['TWK-RV-5540', 2.2], // 3 of 0..10
      ['TWK-RV-5531', 5], // 10 of 0..10
    ]);
  });

  it('keeps the review text, its pros and cons, newest first, with author, date, verified purchase and collection method', async () => {
    const feed = await parseReviewsFeed(text('reviews-feed.xml'), OPTS);
    const jacket = feed.reviews.find((r) => r.productId === JACKET)!;
    expect(jacket.items.map((i) => i.id)).toEqual(['FH-RV-10260', 'FH-RV-10244', 'FH-RV-10231']);
    expect(jacket.items[2]).toEqual({
      id: 'FH-RV-10231',
      rating: 5,
      title: 'Bone dry on a soggy Snowdon day',
      text: 'Four hours of sideways rain and my base layer stayed dry. The hood cinches down properly over a helmet & still turns with my head.',
      author: 'Dana K.',
      date: '2026-10-03T18:22:10Z',
      verified: true,
      pros: ['Hood fits over a helmet', 'Pit zips'],
      cons: ['Crinkly fabric is a bit loud'],
      collectionMethod: 'post_fulfillment',
    });
    expect(jacket.items[1]).toMatchObject({
      author: 'Anonymous',
      verified: false,
      text: 'Sized up to a L so it fits over a fleece. Sleeves are long enough for scrambling. <3',
      date: '2026-10-19T07:05:44-07:00',
    });
  });

  it('reads whether a review was incentivized, how it was collected and its language, and ignores values it does not know', async () => {
    const product = '<products><product><product_ids><skus><sku>RWS-S-SLT</sku></skus></product_ids></product></products>';
    const review = (id: string, extra: string) =>
      `<review><review_id>${id}</review_id><review_timestamp>2026-11-01T10:00:00Z</review_timestamp><content>Warm.</content>` +
      `<ratings><overall min="1" max="5">4</overall></ratings>${product}${extra}</review>`;
    const xml = `<feed><reviews>
      ${review('a', '<is_incentivized_review>true</is_incentivized_review><collection_method>unsolicited</collection_method><review_language>fil-PH</review_language>')}
      ${review('b', '<is_incentivized_review>false</is_incentivized_review><collection_method>post_fulfillment</collection_method>')}
      ${review('c', '<is_incentivized_review>maybe</is_incentivized_review><collection_method>door_to_door</collection_method><review_language>not a tag!</review_language>')}
    </reviews></feed>`;
    const feed = await parseReviewsFeed(xml, OPTS);
    const items = Object.fromEntries(feed.reviews[0]!.items.map((i) => [i.id, i]));
    expect(items.a).toMatchObject({ incentivized: true, collectionMethod: 'unsolicited', language: 'fil-PH' });
    expect(items.b).toMatchObject({ incentivized: false, collectionMethod: 'post_fulfillment' });
    expect(items.c).not.toHaveProperty('incentivized');
    expect(items.c).not.toHaveProperty('collectionMethod');
    expect(items.c).not.toHaveProperty('language');
    expect(feed.skipped).toEqual([]);
  });

  it('joins by GTIN first (any GTIN length), then SKU (any case), then product URL (tracking and collection paths ignored)', async () => {
    const resolve = vi.fn(OPTS.resolve);
    await parseReviewsFeed(text('reviews-feed.xml'), { ...OPTS, resolve });
    expect(resolve).toHaveBeenCalledWith({ gtins: ['840243108817'], skus: ['RWS-S-SLT'], urls: ['https://fernhill.example/products/ridgeline-waterproof-shell-jacket'] });
    const byGtin: ReviewProductIds = { gtins: ['00840243108817'], skus: ['TWK-MCS-OAT-M'], urls: [] };
    expect(OPTS.resolve(byGtin)).toBe(JACKET);
    expect(OPTS.resolve({ gtins: ['0840243108831'], skus: ['rws-l-mos'], urls: [] })).toBe(JACKET);
    expect(OPTS.resolve({ gtins: [], skus: [], urls: ['https://www.fernhill.example/collections/packs/products/switchback-28l-daypack/?utm_source=google&utm_medium=reviews'] })).toBe(PACK);
    expect(OPTS.resolve({ gtins: ['0840243109999'], skus: [], urls: ['https://fernhill.example/products/alpine-canister-stove'] })).toBeNull();
    expect(normalizeGtin('840243108817')).toBe(normalizeGtin('0840243108817'));
    expect(normalizeGtin('not-a-gtin')).toBeNull();
  });

  it('skips reviews without product ids, matching no product, marked as spam, rated outside their scale or repeated, each with its reason', async () => {
    const feed = await parseReviewsFeed(text('reviews-feed.xml'), OPTS);
    expect(feed.skipped).toEqual([
      { kind: 'reviews', index: 6, id: 'FH-RV-10290', path: 'products', reason: because('skipNoProductKey') },
      { kind: 'reviews', index: 7, id: 'FH-RV-10301', path: 'products', reason: because('skipNoMatchingProduct') },
      { kind: 'reviews', index: 8, id: 'FH-RV-10302', path: 'is_spam', reason: because('skipSpam') },
      { kind: 'reviews', index: 9, id: 'FH-RV-10310', path: 'ratings.overall', reason: because('skipOutsideRange', 11, 1, 5) },
      { kind: 'reviews', index: 10, id: 'FH-RV-10231', path: '', reason: because('skipDuplicateId') },
    ]);
  });

  it('skips malformed reviews and keeps the rest', async () => {
    const review = (id: string, body: string) => `<review>${id ? `<review_id>${id}</review_id>` : ''}${body}</review>`;
    const product = '<products><product><product_ids><skus><sku>RWS-S-SLT</sku></skus></product_ids></product></products>';
    const good = '<review_timestamp>2026-11-01T10:00:00Z</review_timestamp><content>Warm.</content><ratings><overall min="1" max="5">4</overall></ratings>';
    const xml = `<feed><version>2.4</version><reviews>
      ${review('', good + product)}
      ${review('a', good.replace('2026-11-01T10:00:00Z', 'last Tuesday') + product)}
      ${review('b', good.replace('>4<', '>four<') + product)}
      ${review('c', good.replace('min="1" max="5"', 'min="5" max="5"') + product)}
      ${review('d', good.replace('<content>Warm.</content>', '') + product)}
      ${review('e', good.replace('Warm.', 'w'.repeat(600_000)) + product)}
      ${review('f', good + product)}
    </reviews></feed>`;
    const feed = await parseReviewsFeed(xml, OPTS);
    expect(feed.reviews).toMatchObject([{ productId: JACKET, count: 1, rating: 4, histogram: [0, 0, 0, 1, 0] }]);
    expect(feed.skipped.map(skipLine)).toEqual([
      'null: review_id: missing',
      'a: review_timestamp: not an ISO 8601 date and time',
      'b: ratings.overall: “four” is not a number',
      'c: ratings.overall: the rating scale needs a minimum below its maximum',
      'd: content: missing',
      'e: content: far too long (600,000 characters)',
    ]);
  });

  it('keeps the 20 most recent reviews of a product but counts them all', async () => {
    const reviews = Array.from({ length: 25 }, (_, i) => {
      const day = String(i + 1).padStart(2, '0');
      return `<review><review_id>R${i}</review_id><review_timestamp>2026-10-${day}T10:00:00Z</review_timestamp><content>Review ${i}</content>
        <ratings><overall min="1" max="5">${(i % 5) + 1}</overall></ratings>
        <products><product><product_url>https://fernhill.example/products/enamel-camp-mug-12-oz</product_url></product></products></review>`;
    });
    const feed = await parseReviewsFeed(`<feed><reviews>${reviews.join('')}</reviews></feed>`, OPTS);
    const mug = feed.reviews[0]!;
    expect(mug).toMatchObject({ productId: 'fernhill:7741532258482', count: 25, rating: 3, histogram: [5, 5, 5, 5, 5] });
    expect(mug.items).toHaveLength(20);
    expect(mug.items[0]?.id).toBe('R24');
    expect(mug.items[19]?.id).toBe('R5');
  });

  it('asks the resolver once for products named the same way', async () => {
    const resolve = vi.fn(() => JACKET);
    const review = (id: string) =>
      `<review><review_id>${id}</review_id><review_timestamp>2026-11-01T10:00:00Z</review_timestamp><content>Ok.</content><ratings><overall min="1" max="5">3</overall></ratings><products><product><product_ids><gtins><gtin>0840243108817</gtin></gtins></product_ids></product></products></review>`;
    await parseReviewsFeed(`<feed><reviews>${review('1')}${review('2')}${review('3')}</reviews></feed>`, { sourceId: 's', resolve });
    expect(resolve).toHaveBeenCalledTimes(1);
  });

  it('fails the run cleanly on a truncated or non-feed file', async () => {
    await expect(parseReviewsFeed(text('reviews-feed-truncated.xml'), OPTS)).rejects.toThrow(FeedError);
    await expect(parseReviewsFeed('<rss><channel/></rss>', OPTS)).rejects.toThrow(userError('errNotReviewsFeed'));
    await expect(parseReviewsFeed('{"reviews": []}', OPTS)).rejects.toThrow(FeedError);
    await expect(parseReviewsFeed('<feed><version>2.4</version><reviews></reviews></feed>', OPTS)).resolves.toMatchObject({ reviews: [], skipped: [] });
  });
});

describe('applying a reviews feed to the cache', () => {
  let db: PostcartDB;
  beforeEach(async () => {
    db = openDb(`reviews-feed-${Math.random()}`);
    await db.open();
  });

  it('joins reviews to cached products through the catalog resolver and stores the summaries', async () => {
    const { shopify, merchant } = catalog();
    await applyFeed(db, newSourceState({ id: 'fernhill', kind: 'shopify', url: 'https://fernhill.example' }), shopify);
    await applyFeed(db, newSourceState({ id: 'tidewater', kind: 'merchant-feed', url: 'https://tidewaterknits.example/feeds/google.tsv' }), merchant);

    const source = newSourceState({ id: 'trailnotes', kind: 'reviews-feed', url: 'https://reviews.trailnotes.example/fernhill.xml' });
    const feed = await parseReviewsFeed(text('reviews-feed.xml'), { sourceId: 'trailnotes', resolve: catalogResolver(db) });
    const result = await applyFeed(db, source, feed, 1000, null);
    expect(result.applied).toBe(3);

    const jacket = await db.reviews.get(JACKET);
    expect(jacket).toMatchObject({ rating: 3.67, count: 3, histogram: [0, 1, 0, 1, 1], sourceId: 'trailnotes' });
    expect(jacket?.items.map((i) => i.id)).toEqual(['FH-RV-10260', 'FH-RV-10244', 'FH-RV-10231']);
    expect(await db.reviews.get(SWEATER)).toMatchObject({ rating: 3.6, count: 2, histogram: [0, 1, 0, 0, 1] });
    expect(await db.reviews.get(PACK)).toMatchObject({ rating: 4.6, count: 1 });
    expect((await db.sources.get('trailnotes'))?.lastRun).toMatchObject({
      applied: 3,
      skipped: 5,
      reasons: [
        { kind: 'reviews', path: 'products', reason: because('skipNoProductKey'), count: 1 },
        { kind: 'reviews', path: 'products', reason: because('skipNoMatchingProduct'), count: 1 },
        { kind: 'reviews', path: 'is_spam', reason: because('skipSpam'), count: 1 },
        { kind: 'reviews', path: 'ratings.overall', reason: because('skipOutsideRange', 11, 1, 5), count: 1 },
        { kind: 'reviews', path: '', reason: because('skipDuplicateId'), count: 1 },
      ],
    });
  });

  it('joins only products of one merchant when asked', async () => {
    const { shopify, merchant } = catalog();
    await applyFeed(db, newSourceState({ id: 'fernhill', kind: 'shopify', url: 'https://fernhill.example' }), shopify);
    await applyFeed(db, newSourceState({ id: 'tidewater', kind: 'merchant-feed', url: 'https://tidewaterknits.example/feeds/google.tsv' }), merchant);
    const feed = await parseReviewsFeed(text('reviews-feed.xml'), { sourceId: 'trailnotes', resolve: catalogResolver(db, { merchantId: 'fernhill' }) });
    expect(feed.reviews.map((r) => r.productId)).toEqual([JACKET, PACK]);
  });
});
