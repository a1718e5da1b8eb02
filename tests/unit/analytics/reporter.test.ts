// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EVENTS_FLUSH_AT, EVENTS_FLUSH_MS, EVENTS_IDLE_MS, EventReporter } from '@/utils/analytics/reporter';
import type { Send } from '@/utils/overlay/messenger';
import { ContentRunner } from '@/utils/overlay/runner';
import type { ContentRequest, PostOffer, ResponseMap } from '@/utils/platform/messages';
import type { OverlaySettings as Settings } from '@/utils/platform/settings';
import type { SiteAdapter } from '@/utils/sites/types';
import { type ReportedEvent } from '@/utils/analytics/schema';
import { SETTINGS_DEFAULTS } from '@/utils/platform/settings-reader';

const POST = { platform: 'instagram', postId: 'C8xYz123abc', url: 'https://www.instagram.com/p/C8xYz123abc/' } as const;

describe('the overlay event reporter', () => {
  let sent: ReportedEvent[][];
  let send: Send;

  beforeEach(() => {
    vi.useFakeTimers();
    sent = [];
    send = (async (message: { type: string; events?: ReportedEvent[] }) => {
      if (message.type === 'report-events') sent.push(message.events!);
      return { queued: message.events?.length ?? 0 };
    }) as Send;
  });
  afterEach(() => vi.useRealTimers());

  it("sends what waited in the page's next idle period, and asks for none once turned off", () => {
    const callbacks = new Map<number, IdleRequestCallback>();
    const timeouts: (number | undefined)[] = [];
    let handles = 0;
    vi.stubGlobal('requestIdleCallback', (callback: IdleRequestCallback, options?: IdleRequestOptions) => {
      timeouts.push(options?.timeout);
      callbacks.set(++handles, callback);
      return handles;
    });
    vi.stubGlobal('cancelIdleCallback', (handle: number) => void callbacks.delete(handle));
    try {
      const reporter = new EventReporter({ send, enabled: true });
      reporter.impression(POST, 'acme:1');
      vi.advanceTimersByTime(EVENTS_FLUSH_MS);
      expect(sent).toEqual([]);
      expect(timeouts).toEqual([EVENTS_IDLE_MS]);
      // More events while it waits join the same batch.
      reporter.cardOpened(POST, 'acme:1');
      callbacks.get(1)!({ didTimeout: false, timeRemaining: () => 10 });
      expect(sent.map((batch) => batch.map((e) => e.type))).toEqual([['impression', 'card-open']]);

      reporter.impression(POST, 'acme:2');
      vi.advanceTimersByTime(EVENTS_FLUSH_MS);
      expect(callbacks.has(2)).toBe(true);
      reporter.setEnabled(false);
      expect(callbacks.has(2)).toBe(false);
      expect(sent).toHaveLength(1);
      reporter.stop();
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('counts a shown button once per post and product per page view, and sends after a short wait', () => {
    const reporter = new EventReporter({ send, enabled: true });
    reporter.impression(POST, 'acme:1');
    reporter.impression(POST, 'acme:1');
    reporter.impression(POST, 'acme:2');
    reporter.impression({ ...POST, postId: 'other' }, 'acme:1');
    expect(sent).toEqual([]);
    vi.advanceTimersByTime(EVENTS_FLUSH_MS);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.map((e) => [e.type, e.postId, e.productId])).toEqual([
      ['impression', 'C8xYz123abc', 'acme:1'],
      ['impression', 'C8xYz123abc', 'acme:2'],
      ['impression', 'other', 'acme:1'],
    ]);
    expect(sent[0]![0]).toEqual({ type: 'impression', platform: 'instagram', postId: 'C8xYz123abc', productId: 'acme:1', postUrl: POST.url });

    // A new page view (SPA navigation) counts the same button again.
    reporter.impression(POST, 'acme:1');
    reporter.newPageView();
    reporter.impression(POST, 'acme:1');
    vi.advanceTimersByTime(EVENTS_FLUSH_MS);
    expect(sent[1]).toHaveLength(1);
  });

  it(`sends at once when ${EVENTS_FLUSH_AT} events are waiting, and reports opened cards and adds to cart`, () => {
    const reporter = new EventReporter({ send, enabled: true });
    for (let i = 0; i < EVENTS_FLUSH_AT - 2; i++) reporter.impression(POST, `p${i}`);
    reporter.cardOpened(POST, 'p0');
    expect(sent).toEqual([]);
    reporter.addedToCart(POST, 'p0', 1);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.slice(-2).map((e) => [e.type, e.quantity])).toEqual([
      ['card-open', undefined],
      ['add-to-cart', 1],
    ]);
    expect(reporter.queued).toBe(0);
  });

  it('sends nothing while switched off, and drops what waited when switched off', () => {
    const reporter = new EventReporter({ send, enabled: true });
    reporter.impression(POST, 'acme:1');
    reporter.setEnabled(false);
    reporter.impression(POST, 'acme:2');
    reporter.cardOpened(POST, 'acme:2');
    vi.advanceTimersByTime(EVENTS_FLUSH_MS * 2);
    reporter.stop();
    expect(sent).toEqual([]);
  });

  it('sends what waits when the page is left, with post links only when they are https', () => {
    const reporter = new EventReporter({ send, enabled: true });
    const http = { ...POST, url: 'http://www.instagram.com/p/C8xYz123abc/' };
    for (let i = 0; i < 15; i++) reporter.impression(http, `p${i}`);
    expect(sent).toEqual([]);
    const leave = new Event('pagehide');
    Object.defineProperty(leave, 'isTrusted', { value: true });
    window.dispatchEvent(leave);
    expect(sent.flat()).toHaveLength(15);
    expect(sent.flat().every((e) => e.postUrl === undefined)).toBe(true);
    reporter.stop();
  });
});

describe('the runner reporting events', () => {
  const adapter: SiteAdapter = {
    platform: 'instagram',
    matches: ['https://www.instagram.com/*'],
    findPosts: (root) => [...root.querySelectorAll('article')],
    readPost: (el) => {
      const id = el.getAttribute('data-id')!;
      return { ok: true, post: { platform: 'instagram', postId: id, url: `https://www.instagram.com/p/${id}/`, author: null, caption: null, links: [] } };
    },
    mountPoint: (el) => ({ target: el, placement: 'bar' }),
    mediaElement: () => null,
  };
  const offer = (productId: string): PostOffer => ({
    matchId: `t-${productId}`, reason: 'tag', productId, variantId: 'v1', title: 'Trail Jacket', merchantName: 'Acme', priceMinor: 12900, reduction: null, currency: 'USD', available: true, rating: null, reviewCount: 0, pin: null,
  });

  it('reports each painted button once, and nothing while analytics is off', async () => {
    vi.useRealTimers();
    const reported: ReportedEvent[] = [];
    const send = (async <R extends ContentRequest>(message: R) => {
      if (message.type === 'report-events') {
        reported.push(...message.events);
        return { queued: message.events.length } as ResponseMap[R['type']];
      }
      if (message.type !== 'lookup-posts') throw new Error(`unexpected ${message.type}`);
      const result: ResponseMap['lookup-posts'] = { offers: {}, linkable: {} };
      for (const post of message.posts) result.offers[post.postId] = post.postId === 'A1' ? [offer('acme:1'), offer('acme:2')] : [];
      return result as ResponseMap[R['type']];
    }) as Send;
    document.body.innerHTML = '<article data-id="A1"></article><article data-id="A2"></article>';
    let listener: ((s: Settings) => void) | null = null;
    const runner = new ContentRunner({ adapter, send, settings: { ...SETTINGS_DEFAULTS, sellerMode: false, analytics: true }, watchSettings: (l) => ((listener = l), () => undefined) });
    runner.start();
    await new Promise((resolve) => setTimeout(resolve, 0));
    // Seller mode redraws every overlay: the same buttons are not counted again.
    listener!({ ...SETTINGS_DEFAULTS, sellerMode: true, analytics: true });
    await new Promise((resolve) => setTimeout(resolve, 0));
    runner.stop();
    expect(reported.map((e) => [e.type, e.postId, e.productId])).toEqual([
      ['impression', 'A1', 'acme:1'],
      ['impression', 'A1', 'acme:2'],
    ]);

    reported.length = 0;
    const off = new ContentRunner({ adapter, send, settings: { ...SETTINGS_DEFAULTS, sellerMode: false, analytics: false } });
    off.start();
    await new Promise((resolve) => setTimeout(resolve, 0));
    off.stop();
    expect(reported).toEqual([]);
  });
});
