import { describe, expect, it } from 'vitest';
import { computeReviewInsights } from '@/utils/catalog/insights';
import { reviewBursts } from '@/utils/catalog/insights/bursts';
import { MIN_SHINGLES, nearDuplicates } from '@/utils/catalog/insights/duplicates';
import { foldText, words } from '@/utils/catalog/insights/text';
import { distributionSignal, incentivizedSignal, sampleSignal, verifiedSignal } from '@/utils/catalog/insights/trust';
import { fixture, type TrustFixture } from './insights-fixtures';

const data = fixture<TrustFixture>('reviews-trust');
const insights = computeReviewInsights({ productTitle: data.product.title, reviews: data.reviews, totalCount: data.totalCount, histogram: data.histogram, selection: 'most-recent' });

describe('the 20-review trust fixture', () => {
  it('flags the four near-duplicates as one group, in words and numbers', () => {
    const { duplicates } = insights.trust;
    expect(duplicates.flag).toBe(true);
    expect(duplicates.groups.map((g) => g.reviewIds)).toEqual(data.expected.duplicateGroups);
    expect(duplicates.groups[0]!.similarity).toBeGreaterThanOrEqual(0.8);
    expect(duplicates.finding).toEqual({ key: 'insightDuplicates', args: [{ type: 'count', value: 4 }, { type: 'count', value: 1 }], plural: 4 });
  });

  it('flags the burst of ten reviews within 48 hours against a typical week of one', () => {
    const { bursts } = insights.trust;
    const { count, start, end, medianWeekly } = data.expected.burst;
    expect(bursts.flag).toBe(true);
    expect(bursts.medianWeekly).toBe(medianWeekly);
    expect(bursts.windows).toHaveLength(1);
    expect(bursts.windows[0]).toMatchObject({ count, start, end });
    expect(bursts.finding).toEqual({
      key: 'insightBurst',
      args: [
        { type: 'count', value: count },
        { type: 'date', value: start },
        { type: 'date', value: end },
        { type: 'number', value: medianWeekly },
      ],
      plural: count,
    });
  });

  it('reports verified purchases, incentivized reviews and how reviews were collected', () => {
    const { verified, incentivized } = insights.trust;
    expect([verified.verified, verified.of]).toEqual(data.expected.verified);
    expect([incentivized.incentivized, incentivized.declared]).toEqual(data.expected.incentivized);
    expect(incentivized.collection).toEqual(data.expected.collection);
    expect(incentivized.collectionFinding).toMatchObject({ key: 'insightCollected', args: [{ value: 6 }, { value: 12 }] });
  });

  it('has no score: each signal is a finding with a flag and its numbers', () => {
    for (const signal of Object.values(insights.trust)) {
      expect(Object.keys(signal)).toContain('finding');
      expect(typeof signal.flag).toBe('boolean');
    }
    expect(JSON.stringify(insights)).not.toMatch(/"score"/);
  });
});

describe('near-duplicates', () => {
  const text = (seed: number, length = 14) => {
    // Deterministic pseudo-random reviews over a small vocabulary, so chance overlaps happen.
    const vocabulary = 'the fit is great and warm but colour faded after wash soft fabric zip broke quickly good value for money love it'.split(' ');
    let x = seed * 9301 + 49297;
    return Array.from({ length }, () => {
      x = (x * 9301 + 49297) % 233280;
      return vocabulary[x % vocabulary.length];
    }).join(' ');
  };

  it('finds exactly the pairs a brute-force comparison of all pairs finds', () => {
    const reviews = Array.from({ length: 300 }, (_, i) => ({ id: `r${i}`, text: i % 7 === 0 ? text(i - (i % 21)) + (i % 2 ? ' indeed' : '') : text(i) }));
    const shingles = (t: string) => {
      const w = words(foldText(t));
      return new Set(w.slice(0, Math.max(0, w.length - 2)).map((_, i) => w.slice(i, i + 3).join(' ')));
    };
    const sets = reviews.map((r) => shingles(r.text));
    const parent = reviews.map((_, i) => i);
    const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
    for (let i = 0; i < sets.length; i++) {
      for (let j = i + 1; j < sets.length; j++) {
        const a = sets[i]!;
        const b = sets[j]!;
        if (a.size < MIN_SHINGLES || b.size < MIN_SHINGLES) continue;
        const common = [...a].filter((s) => b.has(s)).length;
        if (common / (a.size + b.size - common) >= 0.8) parent[find(i)] = find(j);
      }
    }
    const groups = new Map<number, string[]>();
    reviews.forEach((r, i) => groups.set(find(i), [...(groups.get(find(i)) ?? []), r.id]));
    const expected = [...groups.values()].filter((g) => g.length > 1);
    expect(expected.length).toBeGreaterThan(3);
    expect(nearDuplicates(reviews).groups.map((g) => g.reviewIds).sort()).toEqual(expected.sort());
  });

  it('does not compare short reviews: strangers write "Love it, great quality" alike', () => {
    const result = nearDuplicates([
      { id: 'a', text: 'Love it, great quality!' },
      { id: 'b', text: 'Love it, great quality' },
    ]);
    expect(result).toEqual({ compared: 0, groups: [] });
    const short = computeReviewInsights({
      productTitle: 'Mug',
      reviews: [
        { id: 'a', rating: 5, title: '', text: 'Love it!', date: '2026-01-01', verified: true },
        { id: 'b', rating: 5, title: '', text: 'Love it!', date: '2026-01-02', verified: true },
      ],
      totalCount: 2,
      histogram: [0, 0, 0, 0, 2],
    });
    expect(short.trust.duplicates).toMatchObject({ flag: false, finding: { key: 'insightDuplicatesTooShort' } });
  });

  it('says when no near-copies were found among the reviews it compared', () => {
    const result = computeReviewInsights({
      productTitle: 'Mug',
      reviews: [
        { id: 'a', rating: 5, title: '', text: 'The glaze is a deep green and it holds a big coffee.', date: '2026-01-01', verified: true },
        { id: 'b', rating: 2, title: '', text: 'Chipped at the rim in the dishwasher within two weeks of use.', date: '2026-01-02', verified: true },
      ],
      totalCount: 2,
      histogram: [0, 1, 0, 0, 1],
    });
    expect(result.trust.duplicates).toMatchObject({ flag: false, compared: 2, finding: { key: 'insightDuplicatesNone', args: [{ value: 2 }] } });
  });
});

describe('review bursts', () => {
  const day = 24 * 3600_000;
  const at = (ms: number) => new Date(Date.UTC(2026, 0, 1) + ms).toISOString();
  const weekly = (weeks: number, perWeek = 1) => Array.from({ length: weeks * perWeek }, (_, i) => ({ id: `w${i}`, date: at(Math.floor(i / perWeek) * 7 * day + (i % perWeek) * day) }));

  it('does not judge a history shorter than four weeks', () => {
    const reviews = Array.from({ length: 12 }, (_, i) => ({ id: `r${i}`, date: at(i * 3600_000) }));
    expect(reviewBursts(reviews)).toMatchObject({ medianWeekly: null, windows: [] });
    const insights = computeReviewInsights({ productTitle: 'Mug', reviews: reviews.map((r) => ({ ...r, rating: 5, title: '', text: 'ok', verified: false })), totalCount: 12, histogram: [0, 0, 0, 0, 12] });
    expect(insights.trust.bursts.finding).toEqual({ key: 'insightBurstShortHistory', args: [{ type: 'count', value: 1 }], plural: 1 });
  });

  it('finds no burst in a steady stream, however busy', () => {
    expect(reviewBursts(weekly(20, 6)).windows).toEqual([]);
  });

  it('needs three times the median week, and at least five reviews, in 72 hours', () => {
    const base = weekly(10, 2);
    const four = Array.from({ length: 4 }, (_, i) => ({ id: `b${i}`, date: at(75 * day + i * 3600_000) }));
    expect(reviewBursts([...base, ...four]).windows).toEqual([]);
    const six = Array.from({ length: 6 }, (_, i) => ({ id: `b${i}`, date: at(75 * day + i * 3600_000) }));
    expect(reviewBursts([...base, ...six]).windows).toMatchObject([{ count: 6 }]);
  });

  it('reports two bursts far apart as two, not one long one', () => {
    const base = weekly(16);
    const burst = (start: number, prefix: string) => Array.from({ length: 6 }, (_, i) => ({ id: `${prefix}${i}`, date: at(start + i * 3600_000) }));
    const { windows } = reviewBursts([...base, ...burst(31.5 * day, 'a'), ...burst(87.5 * day, 'b')]);
    expect(windows.map((w) => w.count)).toEqual([6, 6]);
  });

  it('skips reviews without a readable date', () => {
    expect(reviewBursts([{ id: 'a', date: 'last Tuesday' }])).toEqual({ medianWeekly: null, historyDays: 0, windows: [] });
  });
});

describe('the other trust signals', () => {
  it('say how many reviews were read of how many, and how they were chosen', () => {
    expect(sampleSignal(20, 212, 'most-recent')).toMatchObject({ flag: false, finding: { key: 'insightSampleRecent', args: [{ value: 20 }, { value: 212 }], plural: 212 } });
    expect(sampleSignal(3, 212, 'unspecified')).toMatchObject({ flag: true, finding: { key: 'insightSamplePart' } });
    expect(sampleSignal(5, 5, 'most-recent')).toMatchObject({ flag: false, finding: { key: 'insightSampleAll', args: [{ value: 5 }] } });
  });

  it('count verified purchases', () => {
    const review = (verified: boolean) => ({ id: 'r', text: '', date: '', verified });
    expect(verifiedSignal([review(true), review(false)])).toMatchObject({ verified: 1, of: 2, finding: { key: 'insightVerified' } });
    expect(verifiedSignal(Array.from({ length: 5 }, () => review(false)))).toMatchObject({ flag: true, finding: { key: 'insightVerifiedNone', args: [{ value: 5 }] } });
  });

  it('tell "not incentivized" from "the source does not say"', () => {
    const review = (incentivized?: boolean) => ({ id: 'r', text: '', date: '', verified: false, ...(incentivized === undefined ? {} : { incentivized }) });
    expect(incentivizedSignal([review(), review()])).toMatchObject({ declared: 0, flag: false, finding: { key: 'insightIncentivizedUnknown', args: [] }, collectionFinding: null });
    expect(incentivizedSignal([review(false), review()])).toMatchObject({ declared: 1, finding: { key: 'insightIncentivizedNone', args: [{ value: 1 }] } });
    expect(incentivizedSignal([review(true), review(false)])).toMatchObject({ incentivized: 1, flag: true, finding: { key: 'insightIncentivized' } });
  });

  it.each([
    [[1, 0, 0, 2, 4], 'few', true],
    [[40, 5, 5, 10, 40], 'polarized', true],
    [[10, 3, 5, 12, 70], 'j-shaped', false],
    [[3, 4, 10, 45, 150], 'positive', false],
    [[50, 30, 10, 5, 5], 'negative', false],
    [[5, 20, 40, 25, 10], 'centered', false],
  ] as const)('read the histogram %j as %s', (histogram, shape, flag) => {
    expect(distributionSignal(histogram)).toMatchObject({ shape, flag });
  });

  it('give the J shape its five-star and one-star shares', () => {
    expect(distributionSignal([10, 3, 5, 12, 70]).finding).toEqual({ key: 'insightShapeJ', args: [{ type: 'percent', value: 0.7 }, { type: 'percent', value: 0.1 }], plural: null });
  });
});
