/**
 * The background's side of the reading counters (reading.ts): content scripts report each page
 * view, the popup asks about its tab, the options page shows and resets the per-site counters.
 * The site and page type come from the URL the browser gives for the sender, never from the page.
 */
import type { Handlers } from '../platform/messages';
import type { SettingsStore } from '../platform/settings';
import { countReport, ReadingCounters, rememberTab, TabReadings, type TabReading } from './reading';
import { pageOf } from './registry';

export const COUNTERS_KEY = 'readingCounters';
export const TABS_KEY = 'tabReadings';

export interface SitesDeps {
  /** Lasting storage (storage.local): the counters. */
  store: SettingsStore;
  /** Session storage (storage.session): each tab's latest report. */
  session: SettingsStore;
  now: () => number;
}

/** Storage that lives as long as the worker: where the browser has no session storage, and in tests. */
export function memoryStore(): SettingsStore {
  const items = new Map<string, unknown>();
  return {
    get: async (key) => (items.has(key) ? { [key]: items.get(key) } : {}),
    set: async (next) => {
      for (const [key, value] of Object.entries(next)) items.set(key, value);
    },
  };
}

async function read<T>(store: SettingsStore, key: string, schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } }, fallback: T): Promise<T> {
  const parsed = schema.safeParse((await store.get(key))[key]);
  // Unreadable counters (an older shape, a damaged store) start again rather than break the report.
  return parsed.success ? parsed.data : fallback;
}

export function sitesHandlers(deps: SitesDeps): Handlers<'page-report' | 'page-status' | 'reading-counters' | 'reset-reading-counters'> {
  const { store, session, now } = deps;
  // One read-modify-write at a time: reports of several tabs arrive together.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T,>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work);
    queue = next.catch(() => undefined);
    return next;
  };
  const counters = () => read(store, COUNTERS_KEY, ReadingCounters, {});
  const tabs = () => read(session, TABS_KEY, TabReadings, {});

  return {
    'page-report': (m, sender) =>
      serial(async () => {
        const page = sender.url ? pageOf(sender.url) : null;
        const tabId = sender.tab?.id;
        // Pages of no supported type (messages, settings) are not counted.
        if (!page || page.type === 'unsupported' || tabId === undefined) return null;
        const next: TabReading = { view: m.view, platform: page.platform, type: page.type, read: m.read, skipped: m.skipped, at: now() };
        const known = await tabs();
        await store.set({ [COUNTERS_KEY]: countReport(await counters(), known[String(tabId)], next) });
        await session.set({ [TABS_KEY]: rememberTab(known, tabId, next) });
        return null;
      }),
    'page-status': async (m) => {
      const report = (await tabs())[String(m.tabId)];
      if (!report || m.url === undefined) return report ?? null;
      const page = pageOf(m.url);
      return page?.platform === report.platform && page.type === report.type ? report : null;
    },
    'reading-counters': () => counters(),
    'reset-reading-counters': () =>
      serial(async () => {
        await store.set({ [COUNTERS_KEY]: {} });
        return {};
      }),
  };
}
