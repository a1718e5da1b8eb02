/** The review fixtures of tests/feeds/insights/, typed for the tests. */
import { readFileSync } from 'node:fs';
import type { InsightReview } from '@/utils/catalog/insights';

export type Hand = '+' | '-' | '0';

export interface LanguageFixture {
  description: string;
  product: { title: string; category: string | null };
  totalCount: number;
  histogram: number[];
  reviews: (InsightReview & { author: string })[];
  expected: {
    languages: Record<string, number>;
    /** Per review id: each aspect it mentions, hand-read as positive, negative or neither. */
    reviews: Record<string, Record<string, Hand>>;
    /** Per aspect: [reviews mentioning it, positive, negative], counted by hand. */
    chips: Record<string, [number, number, number]>;
  };
}

export interface TrustFixture {
  description: string;
  product: { title: string; category: string | null };
  totalCount: number;
  histogram: number[];
  reviews: (InsightReview & { author: string })[];
  expected: {
    duplicateGroups: string[][];
    burst: { count: number; start: string; end: string; medianWeekly: number };
    verified: [number, number];
    incentivized: [number, number];
    collection: { unsolicited: number; postFulfillment: number; unknown: number };
  };
}

export function fixture<T = LanguageFixture>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../../feeds/insights/${name}.json`, import.meta.url), 'utf8')) as T;
}
