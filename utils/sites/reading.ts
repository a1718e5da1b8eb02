/**
 * How well Postcart reads each site, counted in the background from one small report per page
 * view (posts read, candidates skipped by reason: counts only, no addresses, no content), kept
 * locally: pages viewed, pages where nothing could be read, posts read, skips by reason, when the
 * site was last seen and last read. A site whose markup changed shows up here (options page) and
 * on its tab (popup) before anyone files a bug.
 */
import { z } from 'zod';
import { Platform } from '../catalog/model';
import type { PageType, SkipReason } from './types';

export const SKIP_REASONS = ['detached', 'sponsored', 'suggested', 'live', 'not-rendered', 'no-post-id', 'not-page-post', 'not-a-post', 'unreadable'] as const satisfies readonly SkipReason[];
const PAGE_TYPES = ['home', 'profile', 'post', 'modal', 'closeup', 'video', 'search', 'unsupported'] as const satisfies readonly PageType[];
/** Compiles only while the lists above name every SkipReason and PageType (`satisfies` checks the other way). */
type Complete<All, Listed> = [Exclude<All, Listed>] extends [never] ? true : never;
// 'not-wanted' (the tagged set says the post shows no product) is a post read, never a skip here.
const complete: [Complete<Exclude<SkipReason, 'not-wanted'>, (typeof SKIP_REASONS)[number]>, Complete<PageType, (typeof PAGE_TYPES)[number]>] = [true, true];
void complete;

const Count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
/** Skips by reason; a page reports at most a few thousand candidates. */
export const SkipCounts = z.partialRecord(z.enum(SKIP_REASONS), z.number().int().min(0).max(1_000_000));
export type SkipCounts = z.infer<typeof SkipCounts>;

/** What a content script says about its page view (the site and page type come from the sender's URL). */
export const PageReport = z.object({
  /** A random id per page view: a second report of the same view replaces the first. */
  view: z.string().min(1).max(40),
  read: z.number().int().min(0).max(1_000_000),
  skipped: SkipCounts,
});
export type PageReport = z.infer<typeof PageReport>;

export const SiteReading = z.object({
  /** Page views of a supported page type reported. */
  pages: Count,
  /** Of those, pages where not one post could be read. */
  unreadable: Count,
  posts: Count,
  skipped: z.partialRecord(z.enum(SKIP_REASONS), Count),
  /** Epoch ms of the last report, and of the last report with a post read. */
  lastSeen: z.number().nullable(),
  lastRead: z.number().nullable(),
});
export type SiteReading = z.infer<typeof SiteReading>;

export const ReadingCounters = z.partialRecord(Platform, SiteReading);
export type ReadingCounters = z.infer<typeof ReadingCounters>;

/** The latest report of a tab's page view, for the popup. */
export const TabReading = z.object({ view: z.string(), platform: Platform, type: z.enum(PAGE_TYPES), read: Count, skipped: SkipCounts, at: z.number() });
export type TabReading = z.infer<typeof TabReading>;
export const TabReadings = z.record(z.string(), TabReading);
export type TabReadings = z.infer<typeof TabReadings>;

/** Tabs remembered at most (the oldest report goes first). */
export const MAX_TABS = 64;

const EMPTY: SiteReading = { pages: 0, unreadable: 0, posts: 0, skipped: {}, lastSeen: null, lastRead: null };

/**
 * The counters after a tab's report. A report of a view already counted adds only what changed
 * since (a view reported unreadable that read a post later is no longer counted unreadable).
 */
export function countReport(counters: ReadingCounters, previous: TabReading | undefined, next: TabReading): ReadingCounters {
  const site = counters[next.platform] ?? EMPTY;
  const same = previous?.view === next.view && previous.platform === next.platform ? previous : undefined;
  const skipped = { ...site.skipped };
  for (const reason of SKIP_REASONS) {
    const added = (next.skipped[reason] ?? 0) - (same?.skipped[reason] ?? 0);
    if (added > 0) skipped[reason] = (skipped[reason] ?? 0) + added;
  }
  return {
    ...counters,
    [next.platform]: {
      pages: site.pages + (same ? 0 : 1),
      unreadable: Math.max(0, site.unreadable + (next.read === 0 ? 1 : 0) - (same?.read === 0 ? 1 : 0)),
      posts: site.posts + Math.max(0, next.read - (same?.read ?? 0)),
      skipped,
      lastSeen: next.at,
      lastRead: next.read > 0 ? next.at : site.lastRead,
    },
  };
}

/** The tabs' latest reports with `next` in, at most MAX_TABS of them. */
export function rememberTab(tabs: TabReadings, tabId: number, next: TabReading): TabReadings {
  const all = Object.entries({ ...tabs, [String(tabId)]: next });
  all.sort(([, a], [, b]) => b.at - a.at);
  return Object.fromEntries(all.slice(0, MAX_TABS));
}
