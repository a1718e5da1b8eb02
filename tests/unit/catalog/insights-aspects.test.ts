import { describe, expect, it } from 'vitest';
import { reviewAspects } from '@/utils/catalog/insights/aspects';
import { computeReviewInsights } from '@/utils/catalog/insights';
import { detectLanguage } from '@/utils/catalog/insights/language';
import { INSIGHT_LANGUAGES, type Aspect, type InsightLanguage } from '@/utils/catalog/insights/lexicons';
import { aspectsFor, productTypes } from '@/utils/catalog/insights/product-type';
import { sentences } from '@/utils/catalog/insights/text';
import { fixture, type Hand } from './insights-fixtures';

describe.each(INSIGHT_LANGUAGES)('the hand-counted %s review fixture', (language) => {
  const data = fixture(`reviews-${language}`);
  const insights = computeReviewInsights({ productTitle: data.product.title, productCategory: data.product.category, reviews: data.reviews, totalCount: data.totalCount, histogram: data.histogram });
  const chips = Object.fromEntries(insights.chips.map((c) => [c.aspect, [c.mentions, c.positive, c.negative]]));

  it('is counted consistently: the chip counts are the sums of the per-review hand annotations', () => {
    const summed: Record<string, [number, number, number]> = {};
    for (const aspects of Object.values(data.expected.reviews)) {
      for (const [aspect, hand] of Object.entries(aspects)) {
        const entry = (summed[aspect] ??= [0, 0, 0]);
        entry[0]++;
        if (hand === '+') entry[1]++;
        if (hand === '-') entry[2]++;
      }
    }
    expect(summed).toEqual(data.expected.chips);
  });

  it('gives every chip the hand count: reviews mentioning the aspect, and how many of them are positive and negative', () => {
    expect(chips).toEqual(data.expected.chips);
  });

  it('reads each review as the hand annotation: the aspects it mentions and their polarity', () => {
    const allowed = new Set(aspectsFor(productTypes(data.product.title)));
    for (const review of data.reviews) {
      const lang = detectLanguage([review.title, review.text, ...(review.pros ?? []), ...(review.cons ?? [])].join('\n'));
      if (lang === 'other') continue;
      const read: Record<string, Hand> = {};
      for (const [aspect, mentions] of reviewAspects(review, lang as InsightLanguage, allowed)) {
        const sum = mentions.reduce((s, m) => s + m.sign, 0);
        read[aspect] = sum > 0 ? '+' : sum < 0 ? '-' : '0';
      }
      expect(read, review.id).toEqual(data.expected.reviews[review.id] ?? {});
    }
  });

  it('counts the reviews in other languages without analysing them, and says so', () => {
    const languages = Object.fromEntries(Object.entries(insights.method.languages).filter(([, n]) => n > 0));
    expect(languages).toEqual(data.expected.languages);
    expect(insights.method.read).toBe(data.reviews.length);
    expect(insights.method.analysed).toBe(data.reviews.length - (data.expected.languages.other ?? 0));
    expect(insights.method.otherLanguages).toEqual({ key: 'insightMethodOtherLanguages', args: [{ type: 'count', value: data.expected.languages.other }], plural: data.expected.languages.other });
  });

  it('sorts chips by the number of reviews mentioning them', () => {
    const mentions = insights.chips.map((c) => c.mentions);
    expect(mentions).toEqual([...mentions].sort((a, b) => b - a));
  });

  it('quotes verbatim: each quote is a title, sentence, pro or con of the review it names, with the polarity that review gives the aspect', () => {
    const byId = new Map(data.reviews.map((r) => [r.id, r]));
    for (const chip of insights.chips) {
      expect(chip.quotes.length).toBe(Math.min(2, chip.mentions));
      for (const quote of chip.quotes) {
        const review = byId.get(quote.reviewId)!;
        const parts = { title: [review.title], text: sentences(review.text), pros: review.pros ?? [], cons: review.cons ?? [] }[quote.source];
        expect(parts, `${chip.aspect}: ${quote.text}`).toContain(quote.text);
        const hand = data.expected.reviews[quote.reviewId]![chip.aspect as Aspect];
        expect({ '+': 'positive', '-': 'negative', '0': 'neutral' }[hand!]).toBe(quote.polarity);
      }
      if (chip.positive > 0 && chip.negative > 0) expect(new Set(chip.quotes.map((q) => q.polarity))).toEqual(new Set(['positive', 'negative']));
    }
  });
});

describe('aspect chips', () => {
  it('count a review once per aspect however often it mentions it, and add its mentions up', () => {
    const insights = computeReviewInsights({
      productTitle: 'Rain Jacket',
      reviews: [{ id: 'r', rating: 4, title: 'Great fit', text: 'The fit is great. Really, the fit is perfect. I love the fit.', date: '2026-01-01', verified: true }],
      totalCount: 1,
      histogram: [0, 0, 0, 1, 0],
    });
    expect(insights.chips).toMatchObject([{ aspect: 'fit', mentions: 1, positive: 1, negative: 0 }]);
  });

  it('count the pros of the feed as positive and the cons as negative mentions', () => {
    const insights = computeReviewInsights({
      productTitle: 'Rain Jacket',
      reviews: [{ id: 'r', rating: 3, title: '', text: 'Bought it in spring.', date: '2026-01-01', verified: true, pros: ['Hood fits over a helmet'], cons: ['Crinkly fabric is a bit loud'] }],
      totalCount: 1,
      histogram: [0, 0, 1, 0, 0],
    });
    expect(Object.fromEntries(insights.chips.map((c) => [c.aspect, [c.positive, c.negative]]))).toEqual({ fit: [1, 0], material: [0, 1] });
    expect(insights.chips.find((c) => c.aspect === 'material')!.quotes[0]).toMatchObject({ text: 'Crinkly fabric is a bit loud', source: 'cons', polarity: 'negative' });
  });

  it('cut a quote longer than 300 characters at a word and say so', () => {
    const long = `The fit is great ${'and really very comfortable on long walks '.repeat(10)}today.`;
    const insights = computeReviewInsights({ productTitle: 'Jacket', reviews: [{ id: 'r', rating: 5, title: '', text: long, date: '2026-01-01', verified: true }], totalCount: 1, histogram: [0, 0, 0, 0, 1] });
    const quote = insights.chips[0]!.quotes[0]!;
    expect(quote.truncated).toBe(true);
    expect(quote.text.length).toBeLessThanOrEqual(301);
    expect(quote.text.endsWith('…')).toBe(true);
    expect(long.startsWith(quote.text.slice(0, -1))).toBe(true);
  });

  it('only chip the aspects of the product type: a tea does not get a "fit" chip from "fits in my cupboard"', () => {
    const insights = computeReviewInsights({
      productTitle: 'Uji Sencha',
      reviews: [{ id: 'r', rating: 5, title: '', text: 'The tin fits in my cupboard and the taste is lovely.', date: '2026-01-01', verified: true }],
      totalCount: 1,
      histogram: [0, 0, 0, 0, 1],
    });
    expect(insights.productTypes).toEqual(['food']);
    expect(insights.chips.map((c) => c.aspect)).toEqual(['taste']);
  });
});

describe('product types', () => {
  it('are read from titles in all six languages', () => {
    expect(productTypes('Trail Jacket')).toEqual(['apparel']);
    expect(productTypes('Viatu vya Kukimbia')).toEqual(['footwear']);
    expect(productTypes('کرم مرطوب‌کننده صورت')).toEqual(['beauty']);
    expect(productTypes('Kumot na malambot')).toEqual(['textiles']);
    expect(productTypes('Vilnas džemperis')).toEqual(['apparel']);
    expect(productTypes('Qadın çantası')).toEqual(['bags']);
    expect(productTypes('Merino Hiking Socks')).toEqual(['apparel', 'outdoor']);
    expect(productTypes('Gadget', 'Electronics > Audio > Speakers')).toEqual(['electronics']);
  });

  it('are known for every product of the demo catalog', async () => {
    const { readFileSync } = await import('node:fs');
    const demo = JSON.parse(readFileSync(new URL('../../../public/demo-catalog.json', import.meta.url), 'utf8')) as { products: { title: string }[] };
    expect(demo.products.filter((p) => productTypes(p.title).length === 0).map((p) => p.title)).toEqual([]);
  });

  it('give an unknown product every aspect and a known one the general aspects plus its own', () => {
    expect(aspectsFor([])).toHaveLength(20);
    expect(aspectsFor(['food'])).toEqual(['quality', 'value', 'delivery', 'durability', 'service', 'taste', 'smell']);
  });
});
