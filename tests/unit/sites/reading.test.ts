import { describe, expect, it } from 'vitest';
import { COUNTERS_KEY, memoryStore, sitesHandlers, TABS_KEY } from '@/utils/sites/handlers';
import { countReport, MAX_TABS, PageReport, ReadingCounters, rememberTab, type TabReading, type TabReadings } from '@/utils/sites/reading';

const report = (over: Partial<TabReading> = {}): TabReading => ({ view: 'v1', platform: 'instagram', type: 'home', read: 3, skipped: {}, at: 1000, ...over });

describe('counting a page view’s report', () => {
  it('counts a first report as one page with its posts, skips and times', () => {
    const counters = countReport({}, undefined, report({ skipped: { sponsored: 1, suggested: 2 } }));
    expect(counters).toEqual({ instagram: { pages: 1, unreadable: 0, posts: 3, skipped: { sponsored: 1, suggested: 2 }, lastSeen: 1000, lastRead: 1000 } });
  });

  it('counts a page where nothing was read as unreadable and keeps the last read time', () => {
    const before = countReport({}, undefined, report());
    const after = countReport(before, report(), report({ view: 'v2', read: 0, skipped: { unreadable: 2 }, at: 2000 }));
    expect(after.instagram).toEqual({ pages: 2, unreadable: 1, posts: 3, skipped: { unreadable: 2 }, lastSeen: 2000, lastRead: 1000 });
  });

  it('adds only what changed when the same view reports again', () => {
    const first = report({ read: 2, skipped: { sponsored: 1 } });
    const second = report({ read: 5, skipped: { sponsored: 3 }, at: 3000 });
    const counters = countReport(countReport({}, undefined, first), first, second);
    expect(counters.instagram).toMatchObject({ pages: 1, posts: 5, skipped: { sponsored: 3 }, lastSeen: 3000 });
  });

  it('no longer counts a view unreadable once it read a post after all', () => {
    const empty = report({ read: 0 });
    const counters = countReport(countReport({}, undefined, empty), empty, report({ read: 1, at: 4000 }));
    expect(counters.instagram).toMatchObject({ pages: 1, unreadable: 0, posts: 1, lastRead: 4000 });
  });

  it('never takes counts back when a later report of the same view says less', () => {
    const first = report({ read: 4, skipped: { live: 2 } });
    const counters = countReport(countReport({}, undefined, first), first, report({ read: 1, skipped: {} }));
    expect(counters.instagram).toMatchObject({ pages: 1, posts: 4, skipped: { live: 2 } });
  });

  it('counts a view id seen on another site as a new page there', () => {
    const counters = countReport({}, report(), report({ platform: 'pinterest', type: 'closeup' }));
    expect(counters.pinterest).toMatchObject({ pages: 1, posts: 3 });
  });

  it('leaves the other sites’ counters as they were', () => {
    const pinterest = countReport({}, undefined, report({ platform: 'pinterest' }));
    expect(countReport(pinterest, undefined, report()).pinterest).toEqual(pinterest.pinterest);
  });
});

describe('the tabs’ latest reports', () => {
  it('keeps one report a tab, the newest replacing the older', () => {
    const tabs = rememberTab(rememberTab({}, 7, report()), 7, report({ view: 'v2', at: 2000 }));
    expect(Object.keys(tabs)).toEqual(['7']);
    expect(tabs['7']!.view).toBe('v2');
  });

  it(`keeps at most ${MAX_TABS} tabs, dropping the oldest report first`, () => {
    let tabs: TabReadings = {};
    for (let id = 0; id <= MAX_TABS; id++) tabs = rememberTab(tabs, id, report({ at: 1000 + id }));
    expect(Object.keys(tabs)).toHaveLength(MAX_TABS);
    expect(tabs['0']).toBeUndefined();
    expect(tabs[String(MAX_TABS)]).toBeDefined();
  });
});

describe('what a content script may report', () => {
  it('accepts counts per known skip reason', () => {
    expect(PageReport.safeParse({ view: 'abc', read: 2, skipped: { 'not-rendered': 4 } }).success).toBe(true);
  });

  it.each([
    ['a negative count', { view: 'abc', read: -1, skipped: {} }],
    ['a fractional count', { view: 'abc', read: 1.5, skipped: {} }],
    ['an unknown skip reason', { view: 'abc', read: 1, skipped: { 'made-up': 1 } }],
    ['an empty view id', { view: '', read: 1, skipped: {} }],
    ['a view id longer than 40 characters', { view: 'x'.repeat(41), read: 1, skipped: {} }],
  ])('refuses %s', (_, value) => {
    expect(PageReport.safeParse(value).success).toBe(false);
  });
});

describe('the background’s reading handlers', () => {
  function setup() {
    const store = memoryStore();
    const session = memoryStore();
    let now = 1000;
    const handlers = sitesHandlers({ store, session, now: () => now });
    return { store, session, handlers, tick: (ms: number) => (now += ms) };
  }
  const feed = { url: 'https://www.instagram.com/', tab: { id: 4 } };
  const message = (read: number, view = 'v1') => ({ type: 'page-report' as const, view, read, skipped: {} });

  it('counts a report under the site and page type of the sender’s URL', async () => {
    const { handlers, store } = setup();
    await handlers['page-report'](message(2), feed);
    const counters = await handlers['reading-counters']({ type: 'reading-counters' }, {});
    expect(counters.instagram).toMatchObject({ pages: 1, posts: 2 });
    expect(ReadingCounters.parse((await store.get(COUNTERS_KEY))[COUNTERS_KEY])).toEqual(counters);
  });

  it('does not count pages of no supported type, nor reports without a tab or a URL', async () => {
    const { handlers } = setup();
    await handlers['page-report'](message(0), { url: 'https://www.instagram.com/direct/inbox/', tab: { id: 4 } });
    await handlers['page-report'](message(0), { url: 'https://www.instagram.com/' });
    await handlers['page-report'](message(0), { tab: { id: 4 } });
    await handlers['page-report'](message(0), { url: 'https://example.com/', tab: { id: 4 } });
    expect(await handlers['reading-counters']({ type: 'reading-counters' }, {})).toEqual({});
  });

  it('tells the popup its tab’s report while the tab still shows that kind of page', async () => {
    const { handlers } = setup();
    await handlers['page-report'](message(0), feed);
    expect(await handlers['page-status']({ type: 'page-status', tabId: 4, url: 'https://www.instagram.com/' }, {})).toMatchObject({ platform: 'instagram', type: 'home', read: 0 });
    expect(await handlers['page-status']({ type: 'page-status', tabId: 4 }, {})).toMatchObject({ read: 0 });
  });

  it('tells the popup nothing for a tab that moved to another page type or site, or never reported', async () => {
    const { handlers } = setup();
    await handlers['page-report'](message(0), feed);
    expect(await handlers['page-status']({ type: 'page-status', tabId: 4, url: 'https://www.instagram.com/acme/' }, {})).toBeNull();
    expect(await handlers['page-status']({ type: 'page-status', tabId: 4, url: 'https://www.pinterest.com/' }, {})).toBeNull();
    expect(await handlers['page-status']({ type: 'page-status', tabId: 9, url: 'https://www.instagram.com/' }, {})).toBeNull();
  });

  it('counts reports of several tabs arriving together without losing one', async () => {
    const { handlers } = setup();
    await Promise.all([1, 2, 3, 4, 5].map((id) => handlers['page-report'](message(1, `v${id}`), { url: 'https://www.instagram.com/', tab: { id } })));
    expect((await handlers['reading-counters']({ type: 'reading-counters' }, {})).instagram).toMatchObject({ pages: 5, posts: 5 });
  });

  it('counts a second report of the same view as the same page', async () => {
    const { handlers, tick } = setup();
    await handlers['page-report'](message(0), feed);
    tick(5000);
    await handlers['page-report'](message(2), feed);
    expect((await handlers['reading-counters']({ type: 'reading-counters' }, {})).instagram).toMatchObject({ pages: 1, unreadable: 0, posts: 2, lastRead: 6000 });
  });

  it('starts again from damaged stored counters and tab reports rather than failing', async () => {
    const { handlers, store, session } = setup();
    await store.set({ [COUNTERS_KEY]: { instagram: { pages: 'many' } } });
    await session.set({ [TABS_KEY]: 'garbage' });
    await handlers['page-report'](message(1), feed);
    expect(await handlers['reading-counters']({ type: 'reading-counters' }, {})).toEqual({
      instagram: { pages: 1, unreadable: 0, posts: 1, skipped: {}, lastSeen: 1000, lastRead: 1000 },
    });
  });

  it('resets the counters to none and answers with them', async () => {
    const { handlers } = setup();
    await handlers['page-report'](message(1), feed);
    expect(await handlers['reset-reading-counters']({ type: 'reset-reading-counters' }, {})).toEqual({});
    expect(await handlers['reading-counters']({ type: 'reading-counters' }, {})).toEqual({});
  });
});
