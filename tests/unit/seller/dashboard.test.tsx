// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { SellerDashboard, type SellerDashboardProps } from '../../../components/options/SellerDashboard';
import type { PageRequest } from '../../../utils/platform/messages';
import { busiestDay, chartGeometry, DashboardController, dashboardRows, DEFAULT_SORT, formatAmounts, formatRatio, type DashboardState } from '../../../utils/seller/dashboard-state';
import { postHandle, postLabel } from '../../../utils/seller/post-label';
import { SellerStats, type Figures } from '../../../utils/seller/stats';
import { newSourceState } from '../../../utils/sync/source';
import { because, refused } from '../fixtures';
import type { Reason } from '@/utils/platform/errors';
import { type SourceView } from '@/utils/seller/model';

const NOW = Date.parse('2026-11-30T15:00:00Z');
const days = (list: string[]) => list.map((date) => ({ date, impressions: 0, clicks: 0, addToCarts: 0, checkouts: 0 }));

function figures(over: Partial<Figures> = {}): Figures {
  return { impressions: 0, clicks: 0, addToCarts: 0, checkouts: 0, ctr: null, conversionRate: null, revenue: [], averageOrderValue: [], daily: days(['2026-11-29', '2026-11-30']), ...over };
}

function stats(over: Partial<SellerStats> = {}): SellerStats {
  return SellerStats.parse({
    merchantId: 'acme',
    from: '2026-11-29',
    to: '2026-11-30',
    posts: [
      {
        platform: 'instagram',
        postId: 'C8xYz123abc',
        postUrl: null,
        tagged: true,
        productIds: ['acme:1001', 'acme:1002'],
        ...figures({
          impressions: 1234,
          clicks: 400,
          addToCarts: 12,
          checkouts: 3,
          ctr: 400 / 1234,
          conversionRate: 3 / 400,
          revenue: [
            { currency: 'EUR', amount: '5.00' },
            { currency: 'USD', amount: '258.00' },
          ],
          averageOrderValue: [
            { currency: 'EUR', amount: '5.00' },
            { currency: 'USD', amount: '129.00' },
          ],
          daily: [
            { date: '2026-11-29', impressions: 234, clicks: 100, addToCarts: 2, checkouts: 1 },
            { date: '2026-11-30', impressions: 1000, clicks: 300, addToCarts: 10, checkouts: 2 },
          ],
        }),
      },
      { platform: 'tiktok', postId: '7301', postUrl: null, tagged: false, productIds: ['acme:1002'], ...figures() },
      { platform: 'tiktok', postId: '7302', postUrl: 'https://www.tiktok.com/@acme/video/7302', tagged: true, productIds: ['acme:9'], ...figures({ clicks: 2 }) },
    ],
    products: [
      { productId: 'acme:1001', title: 'Trail Jacket', image: 'http://127.0.0.1:8787/demo/images/trail-jacket.svg', ...figures() },
      { productId: 'acme:1002', title: 'Ridgeline Daypack', image: null, ...figures() },
    ],
    ...over,
  });
}

function source(id: string, connected: boolean): SourceView {
  const { seller: _, ...state } = newSourceState({ id, kind: 'postcart', url: 'http://127.0.0.1:8787/v1/feed' });
  return { ...state, seller: connected ? { merchantId: 'acme', merchantName: 'Acme Outdoor', connectedAt: 1 } : null };
}

type Answer = { ok: true; data: unknown } | { ok: false; error: Reason };

/** A fake background: records the requests, answers with what the test queues. */
function fakeSend(answer: (message: PageRequest) => Answer | Promise<Answer> = () => ({ ok: true, data: stats() })) {
  const sent: PageRequest[] = [];
  const send = vi.fn(async (message: PageRequest) => {
    // The labels' dates: a request of its own, after the figures.
    if (message.type === 'post-tag-dates') return { ok: true, data: { 'instagram:C8xYz123abc': '2026-11-20T10:00:00Z' } };
    sent.push(message);
    return answer(message);
  });
  return { send, sent };
}

describe('the dashboard controller', () => {
  it('shows the last 30 days of the first connected source', async () => {
    const { send, sent } = fakeSend();
    const controller = new DashboardController({ send, now: () => NOW });
    await controller.setSources([source('postcart-off', false), source('postcart-on', true)]);
    expect(sent).toEqual([{ type: 'seller-stats', sourceId: 'postcart-on', from: '2026-11-01', to: '2026-11-30' }]);
    expect(controller.getState()).toMatchObject({ sourceId: 'postcart-on', loading: false, error: null, stats: { merchantId: 'acme' } });
    expect(controller.getState().taggedAt).toEqual({ 'instagram:C8xYz123abc': '2026-11-20T10:00:00Z' });
    expect(controller.getState().sources).toEqual([{ id: 'postcart-on', name: 'Acme Outdoor', merchantName: 'Acme Outdoor' }]);
  });

  it('reads the sources itself on the dashboard page, and knows when none is connected', async () => {
    const { send, sent } = fakeSend((message) => (message.type === 'list-sources' ? { ok: true, data: [source('a', false)] } : { ok: true, data: stats() }));
    const controller = new DashboardController({ send, now: () => NOW });
    expect(controller.getState().sources).toBeNull();
    await controller.loadSources();
    expect(controller.getState()).toMatchObject({ sources: [], sourceId: null, stats: null });
    expect(sent).toEqual([{ type: 'list-sources' }]);
  });

  it('sorts by a column, turning the order round on a second press; numbers start with the most, text from A', async () => {
    const { send } = fakeSend();
    const controller = new DashboardController({ send, now: () => NOW });
    await controller.setSources([source('a', true)]);
    expect(controller.getState().sort).toEqual(DEFAULT_SORT);
    const order = () => dashboardRows(controller.getState(), 'en-US').map((row) => row.post.postId);
    expect(order()).toEqual(['C8xYz123abc', '7301', '7302']);
    controller.sortBy('clicks');
    expect(controller.getState().sort).toEqual({ column: 'clicks', direction: 'descending' });
    expect(order()).toEqual(['C8xYz123abc', '7302', '7301']);
    controller.sortBy('clicks');
    expect(order()).toEqual(['7301', '7302', 'C8xYz123abc']);
    controller.sortBy('platform');
    expect(controller.getState().sort.direction).toBe('ascending');
    expect(order()).toEqual(['C8xYz123abc', '7301', '7302']);
    // Rates nobody can compute ("–") sort below every rate.
    controller.sortBy('ctr');
    expect(order()).toEqual(['C8xYz123abc', '7301', '7302']);
    controller.sortBy('post');
    expect(dashboardRows(controller.getState(), 'en-US').map((row) => row.label)).toEqual(['@acme · TikTok post', 'Instagram post · tagged Nov 20, 2026', 'TikTok post']);
  });

  it('asks nothing while no source has a seller connection, and forgets figures when the last one goes', async () => {
    const { send, sent } = fakeSend();
    const controller = new DashboardController({ send, now: () => NOW });
    await controller.setSources([source('a', false)]);
    expect(sent).toEqual([]);
    await controller.setSources([source('a', true)]);
    await controller.setSources([source('a', true)]);
    expect(sent).toHaveLength(1);
    await controller.setSources([source('a', false)]);
    expect(controller.getState()).toMatchObject({ sourceId: null, stats: null });
  });

  it('loads a preset period at once and a custom one only when it is valid', async () => {
    const { send, sent } = fakeSend();
    const controller = new DashboardController({ send, now: () => NOW });
    await controller.setSources([source('a', true)]);
    await controller.choose(7);
    expect(sent.at(-1)).toMatchObject({ from: '2026-11-24', to: '2026-11-30' });

    await controller.choose('custom');
    expect(sent).toHaveLength(2);
    expect(controller.getState().custom).toEqual({ from: '2026-11-24', to: '2026-11-30' });
    controller.setCustom('from', '2026-12-01');
    await controller.applyCustom();
    expect(controller.getState().customError).toEqual(because('dashboardReversed'));
    controller.setCustom('from', '2024-01-01');
    await controller.applyCustom();
    expect(controller.getState().customError).toEqual(because('dashboardTooLong'));
    controller.setCustom('from', '');
    await controller.applyCustom();
    expect(controller.getState().customError).toEqual(because('dashboardBadDate'));
    expect(sent).toHaveLength(2);
    controller.setCustom('from', '2026-10-01');
    await controller.applyCustom();
    expect(sent.at(-1)).toEqual({ type: 'seller-stats', sourceId: 'a', from: '2026-10-01', to: '2026-11-30' });
    expect(controller.getState()).toMatchObject({ customError: null, period: { from: '2026-10-01', to: '2026-11-30' } });
  });

  it("shows the background's reason when the figures cannot be read, and keeps the page usable", async () => {
    const { send } = fakeSend(() => refused('statsUnauthorized', '127.0.0.1:8787'));
    const controller = new DashboardController({ send, now: () => NOW });
    await controller.setSources([source('a', true)]);
    expect(controller.getState()).toMatchObject({ loading: false, stats: null, error: because('statsUnauthorized', '127.0.0.1:8787') });
  });

  it('drops an answer that arrives after a newer request was made', async () => {
    let release: (answer: Answer) => void = () => undefined;
    const slow = new Promise<Answer>((resolve) => (release = resolve));
    const { send } = fakeSend((message) => (message.type === 'seller-stats' && message.from === '2026-11-01' ? slow : { ok: true, data: stats({ from: '2026-11-24' }) }));
    const controller = new DashboardController({ send, now: () => NOW });
    const first = controller.setSources([source('a', true)]);
    await controller.choose(7);
    release({ ok: true, data: stats({ from: '2026-11-01' }) });
    await first;
    expect(controller.getState().stats?.from).toBe('2026-11-24');
  });

  it('exports the figures shown as a CSV file named after the merchant and period', async () => {
    const { send } = fakeSend();
    const controller = new DashboardController({ send, now: () => NOW });
    expect(controller.exportCsv()).toBeNull();
    await controller.setSources([source('a', true)]);
    const file = controller.exportCsv()!;
    expect(file.filename).toBe('postcart-stats-acme-2026-11-29-2026-11-30.csv');
    expect(file.mime).toBe('text/csv;charset=utf-8');
    expect(file.text.split('\r\n')[1]).toMatch(/^2026-11-29,2026-11-30,instagram,C8xYz123abc,https:\/\/www\.instagram\.com\/p\/C8xYz123abc\/,yes,/);
  });
});

describe('post labels', () => {
  it('name the account where the post’s address carries one, never a site page', () => {
    expect(postHandle('tiktok', 'https://www.tiktok.com/@acme.shop/video/7302')).toBe('acme.shop');
    expect(postHandle('instagram', 'https://www.instagram.com/acme/p/C8xYz123abc/')).toBe('acme');
    expect(postHandle('instagram', 'https://www.instagram.com/p/C8xYz123abc/')).toBeNull();
    expect(postHandle('facebook', 'https://www.facebook.com/AcmeOutdoor/posts/pfbid0abc')).toBe('AcmeOutdoor');
    expect(postHandle('facebook', 'https://www.facebook.com/groups/123/posts/456')).toBeNull();
    expect(postHandle('pinterest', 'https://www.pinterest.com/pin/123/')).toBeNull();
    expect(postHandle('tiktok', 'javascript:alert(1)//@x/video/1')).toBeNull();
    expect(postHandle('tiktok', null)).toBeNull();
  });

  it('always name the platform, then what else is known', () => {
    expect(postLabel({ platform: 'pinterest', postUrl: null, taggedAt: null }, 'en-US')).toBe('Pinterest post');
    expect(postLabel({ platform: 'tiktok', postUrl: 'https://www.tiktok.com/@acme/video/1', taggedAt: '2026-11-02T08:00:00Z' }, 'en-US')).toBe('@acme · TikTok post · tagged Nov 2, 2026');
  });
});

describe('display helpers', () => {
  it('formats rates and amounts with Intl in the given locale, currencies apart', () => {
    expect(formatRatio(0.3125, 'en-US')).toBe('31.3%');
    expect(formatRatio(null, 'en-US')).toBeNull();
    expect(formatAmounts([{ currency: 'USD', amount: '129.00' }, { currency: 'JPY', amount: '1001' }], 'en-US')).toBe('$129.00, ¥1,001');
    expect(formatAmounts([{ currency: 'EUR', amount: '5.00' }], 'de-DE')).toBe('5,00\u00a0€');
  });

  it('draws impressions and clicks on one scale, and a single day as a flat line', () => {
    const geometry = chartGeometry(
      [
        { date: 'a', impressions: 10, clicks: 5, addToCarts: 0, checkouts: 0 },
        { date: 'b', impressions: 0, clicks: 0, addToCarts: 0, checkouts: 0 },
      ],
      100,
      20,
    );
    expect(geometry.impressions).toBe('2,2 98,18');
    expect(geometry.clicks).toBe('2,10 98,18');
    expect(chartGeometry([{ date: 'a', impressions: 0, clicks: 0, addToCarts: 0, checkouts: 0 }], 100, 20).impressions).toBe('2,18 98,18');
  });

  it('finds the busiest day', () => {
    expect(busiestDay(stats().posts[0]!.daily)?.date).toBe('2026-11-30');
    expect(busiestDay(days(['2026-11-29']))).toBeNull();
  });
});

describe('SellerDashboard', () => {
  let root: HTMLElement;
  beforeEach(() => {
    root = document.createElement('div');
    document.body.append(root);
  });
  afterEach(() => {
    render(null, root);
    root.remove();
  });

  function state(over: Partial<DashboardState> = {}): DashboardState {
    return {
      sources: [{ id: 'a', name: 'Local catalog' }],
      taggedAt: { 'instagram:C8xYz123abc': '2026-11-20T10:00:00Z' },
      sort: DEFAULT_SORT,
      sourceId: 'a',
      choice: 30,
      period: { from: '2026-11-29', to: '2026-11-30' },
      custom: { from: '2026-11-29', to: '2026-11-30' },
      customError: null,
      stats: stats(),
      loading: false,
      error: null,
      ...over,
    };
  }

  function show(over: Partial<SellerDashboardProps> = {}) {
    const props: SellerDashboardProps = {
      sources: [{ id: 'a', name: 'Local catalog' }],
      state: state(),
      locale: 'en-US',
      onSource: vi.fn(),
      onChoose: vi.fn(),
      onCustom: vi.fn(),
      onApplyCustom: vi.fn(),
      onExport: vi.fn(),
      ...over,
    };
    act(() => render(<SellerDashboard {...props} />, root));
    return props;
  }

  const rows = () => [...root.querySelectorAll('tbody tr')];
  const cells = (row: Element) => [...row.children].map((cell) => cell.textContent?.trim());

  it('lists each post by a readable label with its figures in the UI locale', () => {
    show();
    expect([...root.querySelectorAll('thead th')].map((th) => th.textContent?.replace(/[▲▼↕]/g, ''))).toEqual([
      'Post',
      'Platform',
      'Products',
      'Impressions',
      'Clicks',
      'CTR',
      'Add to carts',
      'Checkouts',
      'Conversion',
      'Avg. order',
      'Per day',
    ]);
    expect(cells(rows()[0]!).slice(0, 10)).toEqual(['Instagram post · tagged Nov 20, 2026id C8xYz123abc', 'Instagram', 'Trail Jacket, Ridgeline Daypack', '1,234', '400', '32.4%', '12', '3', '0.8%', '€5.00, $129.00']);
    expect(cells(rows()[1]!).slice(0, 10)).toEqual(['TikTok postid 7301 (not tagged)', 'TikTok', 'Ridgeline Daypack', '0', '0', '–', '0', '0', '–', '–']);
    expect(cells(rows()[2]!)[0]).toBe('@acme · TikTok postid 7302');
    expect(root.textContent).toContain('Figures from Nov 29, 2026 to Nov 30, 2026 (whole days, UTC)');
  });

  it("shows the first tagged product's image and links the post where a link is known", () => {
    show();
    const [instagram, quiet, linked] = rows();
    expect(instagram!.querySelector('img')?.getAttribute('src')).toBe('http://127.0.0.1:8787/demo/images/trail-jacket.svg');
    expect(instagram!.querySelector('img')?.getAttribute('alt')).toBe('');
    const link = instagram!.querySelector('a')!;
    expect(link.getAttribute('href')).toBe('https://www.instagram.com/p/C8xYz123abc/');
    expect(link.getAttribute('rel')).toBe('noopener noreferrer');
    expect(link.textContent).toBe('Instagram post · tagged Nov 20, 2026');
    expect(link.getAttribute('title')).toBe('Open the Instagram post C8xYz123abc');
    // A TikTok link needs the author: no link without one from events.
    expect(quiet!.querySelector('a')).toBeNull();
    expect(quiet!.querySelector('img')).toBeNull();
    expect(linked!.querySelector('a')?.getAttribute('href')).toBe('https://www.tiktok.com/@acme/video/7302');
  });

  it('summarizes each chart for screen readers', () => {
    show();
    const charts = [...root.querySelectorAll('svg[role="img"]')];
    expect(charts).toHaveLength(3);
    expect(charts[0]!.getAttribute('aria-label')).toBe('Daily impressions and clicks from Nov 29, 2026 to Nov 30, 2026: impressions 1,234, clicks 400; most impressions on Nov 30, 2026 (1,000)');
    expect(charts[1]!.getAttribute('aria-label')).toBe('No impressions or clicks from Nov 29, 2026 to Nov 30, 2026');
    expect(charts[2]!.getAttribute('aria-label')).toBe('Daily clicks from Nov 29, 2026 to Nov 30, 2026: 2 clicks, no impressions');
  });

  it('offers the period presets and custom dates, labelled, and reports the choice', () => {
    const props = show();
    const radios = [...root.querySelectorAll<HTMLInputElement>('input[type="radio"]')];
    expect(radios.map((radio) => radio.parentElement?.textContent)).toEqual(['Last 7 days', 'Last 30 days', 'Last 90 days', 'Custom dates']);
    expect(radios[1]!.checked).toBe(true);
    act(() => radios[0]!.click());
    expect(props.onChoose).toHaveBeenCalledWith(7);
    expect(root.querySelector('input[type="date"]')).toBeNull();

    const custom = show({ state: state({ choice: 'custom', customError: because('dashboardBadDate') }) });
    const from = root.querySelector<HTMLInputElement>('#pc-dash-from')!;
    expect(root.querySelector('label[for="pc-dash-from"]')?.textContent).toBe('From');
    expect(from.getAttribute('aria-invalid')).toBe('true');
    expect(root.querySelector('[role="alert"]')?.textContent).toBe('Enter both dates.');
    from.value = '2026-11-01';
    act(() => {
      from.dispatchEvent(new Event('input', { bubbles: true }));
    });
    expect(custom.onCustom).toHaveBeenCalledWith('from', '2026-11-01');
    act(() => root.querySelector<HTMLButtonElement>('.pc-dash-custom button[type="submit"]')!.click());
    expect(custom.onApplyCustom).toHaveBeenCalled();
  });

  it('exports on request, and picks between several connected sources', () => {
    const props = show({ sources: [{ id: 'a', name: 'Local catalog' }, { id: 'b', name: 'Shop server' }] });
    act(() => [...root.querySelectorAll('button')].find((button) => button.textContent === 'Export CSV')!.click());
    expect(props.onExport).toHaveBeenCalled();
    const select = root.querySelector<HTMLSelectElement>('#pc-dash-source')!;
    expect(root.querySelector('label[for="pc-dash-source"]')?.textContent).toBe('Catalog server');
    select.value = 'b';
    act(() => {
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
    expect(props.onSource).toHaveBeenCalledWith('b');
  });

  it('sorts from keyboard-reachable header buttons and says which column is sorted how', () => {
    const props = show({ onSort: vi.fn(), state: state({ sort: { column: 'clicks', direction: 'ascending' } }) });
    const headers = [...root.querySelectorAll('thead th')];
    expect(headers.map((th) => th.getAttribute('aria-sort'))).toEqual([null, null, null, null, 'ascending', null, null, null, null, null, null]);
    // The chart column is not sortable.
    expect(headers.at(-1)!.querySelector('button')).toBeNull();
    const button = headers[3]!.querySelector('button')!;
    expect(button.type).toBe('button');
    act(() => button.click());
    expect(props.onSort).toHaveBeenCalledWith('impressions');
  });

  it('says what to do when no seller account is connected, with a way to connect one', () => {
    show({ sources: [], state: state({ sources: [], sourceId: null, stats: null }), settingsHref: '/options.html#seller' });
    expect(root.querySelector('h2')?.textContent).toBe('No seller account is connected');
    expect(root.textContent).toContain('npm run server');
    expect(root.querySelector('a')?.getAttribute('href')).toBe('/options.html#seller');
    expect(root.querySelector('table')).toBeNull();
  });

  it('says when it is loading, when it failed, and when there is nothing to show', () => {
    show({ state: state({ loading: true, stats: null }) });
    expect(root.querySelector('[role="status"]')?.textContent).toBe('Loading the figures…');
    expect(root.querySelector('table')).toBeNull();
    show({ state: state({ stats: null, error: because('statsNetwork', '127.0.0.1:8787') }) });
    expect(root.querySelector('[role="alert"]')?.textContent).toBe('Could not reach 127.0.0.1:8787. Check that the catalog server is running and try again.');
    show({ state: state({ stats: stats({ posts: [] }) }) });
    expect(root.textContent).toContain('No tagged posts and no shopper activity in this period.');
  });
});
