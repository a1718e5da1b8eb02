import { describe, expect, it } from 'vitest';
import { computeReviewInsights, insightsKey, ReviewInsights, type InsightInput } from '@/utils/catalog/insights';
import { FINDING_KEYS } from '@/utils/catalog/insights/schema';
import { fixture, type TrustFixture } from './insights-fixtures';

const trust = fixture<TrustFixture>('reviews-trust');
const input: InsightInput = { productTitle: trust.product.title, reviews: trust.reviews, totalCount: 212, histogram: [3, 4, 10, 45, 150], selection: 'most-recent' };

describe('review insights', () => {
  it('fit their zod schema and survive a structured clone (a Dexie row, a message)', () => {
    const insights = computeReviewInsights(input);
    expect(ReviewInsights.parse(insights)).toEqual(insights);
    expect(structuredClone(insights)).toEqual(insights);
  });

  it('say how they were made: how many reviews were read of how many, on this device, by counting mentions', () => {
    expect(computeReviewInsights(input).method).toMatchObject({
      read: 20,
      analysed: 20,
      total: 212,
      finding: { key: 'insightMethod', args: [{ type: 'count', value: 20 }, { type: 'count', value: 212 }], plural: 212 },
      otherLanguages: null,
    });
  });

  it('only use message keys the wiring knows', () => {
    const keys = JSON.stringify(computeReviewInsights(input)).match(/"key":"(\w+)"/g)!.map((k) => k.slice(7, -1));
    expect(keys.filter((k) => !(FINDING_KEYS as readonly string[]).includes(k))).toEqual([]);
  });

  it('come out the same for the same input, and change their key when a review, a count or the title changes', () => {
    expect(computeReviewInsights(input)).toEqual(computeReviewInsights(input));
    const key = insightsKey(input);
    expect(insightsKey({ ...input, reviews: [...input.reviews] })).toBe(key);
    const edited = input.reviews.map((r, i) => (i === 3 ? { ...r, text: `${r.text}!` } : r));
    expect(insightsKey({ ...input, reviews: edited })).not.toBe(key);
    expect(insightsKey({ ...input, totalCount: 213 })).not.toBe(key);
    expect(insightsKey({ ...input, productTitle: 'Other' })).not.toBe(key);
  });

  it('cope with no reviews, odd dates and empty texts', () => {
    const empty = computeReviewInsights({ productTitle: 'Mug', reviews: [], totalCount: 0, histogram: [0, 0, 0, 0, 0] });
    expect(empty.chips).toEqual([]);
    expect(empty.trust.distribution.shape).toBe('few');
    expect(ReviewInsights.parse(empty)).toEqual(empty);
    const odd = computeReviewInsights({
      productTitle: 'Mug',
      reviews: [{ id: 'x', rating: 3, title: '', text: '', date: 'not a date', verified: false }],
      totalCount: 1,
      histogram: [0, 0, 1, 0, 0],
    });
    expect(odd.method).toMatchObject({ read: 1, analysed: 0, languages: { other: 1 } });
    expect(ReviewInsights.parse(odd)).toEqual(odd);
  });

  it('never count fewer total reviews than they read', () => {
    expect(computeReviewInsights({ ...input, totalCount: 3 }).method.total).toBe(20);
  });
});
