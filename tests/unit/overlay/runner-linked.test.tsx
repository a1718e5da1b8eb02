// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BackgroundNotice, ContentRequest, PostOffer, ResponseMap } from '@/utils/platform/messages';
import type { Reason } from '@/utils/platform/errors';
import type { Settings } from '@/utils/platform/settings';
import { SETTINGS_DEFAULTS } from '@/utils/platform/settings-reader';
import { OVERLAY_TAG } from '@/utils/overlay/mount';
import { ContentRunner } from '@/utils/overlay/runner';
import type { Send } from '@/utils/overlay/messenger';
import type { SiteAdapter } from '@/utils/sites/types';
import { english } from '../fixtures';

// happy-dom lays nothing out, so every click would look hidden: the visibility guard is tested on its
// own (guard.test.ts) and in the browser (tests/e2e/attacks.spec.ts); here it lets trusted clicks through.
vi.mock('@/utils/overlay/guard', () => ({ seenClick: (event: Event) => event.isTrusted, trackVisibility: () => () => undefined }));

/** Posts are <article data-id>, each linking to a shop's page, mounted in their footer. */
const adapter: SiteAdapter = {
  platform: 'pinterest',
  matches: ['https://www.pinterest.com/*'],
  findPosts: (root) => [...root.querySelectorAll('article')],
  readPost: (el) => {
    const id = el.getAttribute('data-id')!;
    return { ok: true, post: { platform: 'pinterest', postId: id, url: `https://www.pinterest.com/pin/${id}/`, author: null, caption: null, links: [`https://shop.example/products/item-${id}`] } };
  },
  mountPoint: (el) => ({ target: el.querySelector('footer') ?? el, placement: 'bar' }),
  mediaElement: () => null,
};

const offer = (postId: string): PostOffer => ({
  matchId: `linked:${postId}`, reason: 'linked', productId: `linked:shop.example/products/item-${postId}`, variantId: '1', title: 'Item', merchantName: 'shop.example',
  priceMinor: 1500, reduction: null, currency: 'USD', available: true, rating: null, reviewCount: 0, pin: null,
});

/** A click as the user makes it (happy-dom leaves isTrusted unset, and the shadow root drops untrusted clicks). */
function press(el: Element): void {
  const click = new MouseEvent('click', { bubbles: true, composed: true });
  Object.defineProperty(click, 'isTrusted', { value: true });
  el.dispatchEvent(click);
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
const host = (id: string) => document.querySelector(`article[data-id="${id}"] ${OVERLAY_TAG}`);
const chip = (id: string) => host(id)?.shadowRoot?.querySelector<HTMLButtonElement>('button.chip') ?? null;
const buy = (id: string) => host(id)?.shadowRoot?.querySelector('button.buy') ?? null;

/** A stand-in IntersectionObserver the test moves posts in and out of view with. */
class FakeObserver {
  static last: FakeObserver | null = null;
  readonly watched = new Set<Element>();
  constructor(readonly callback: (entries: Partial<IntersectionObserverEntry>[]) => void) {
    FakeObserver.last = this;
  }
  observe(el: Element) {
    this.watched.add(el);
  }
  unobserve(el: Element) {
    this.watched.delete(el);
  }
  disconnect() {
    this.watched.clear();
  }
  show(el: Element, isIntersecting: boolean) {
    this.callback([{ target: el, isIntersecting }]);
  }
}

describe('the "Check price" chip and the automatic mode in the page', () => {
  let runner: ContentRunner;
  let sent: ContentRequest[];
  /** What the background knows: offers per post once "read", the chip's words otherwise. */
  let read: Set<string>;
  let chipWords: Reason;
  let checkAnswer: () => Promise<unknown>;
  /** The background's notices to the page ("look these posts up again"). */
  let notify: ((notice: BackgroundNotice) => void) | null;
  let settingsListener: ((s: Settings) => void) | null;

  const send = (async <R extends ContentRequest>(message: R) => {
    sent.push(message);
    const answer = (data: unknown) => data as ResponseMap[R['type']];
    if (message.type === 'lookup-posts') {
      const result: ResponseMap['lookup-posts'] = { offers: {}, linkable: {} };
      for (const post of message.posts) {
        result.offers[post.postId] = read.has(post.postId) ? [offer(post.postId)] : [];
        if (!read.has(post.postId) && post.postId !== 'X') result.linkable[post.postId] = chipWords;
      }
      return answer(result);
    }
    if (message.type === 'check-linked') return answer(await checkAnswer());
    if (message.type === 'linked-view') return answer(null);
    return answer(null);
  }) as Send;

  function start(settings: Partial<Settings> = {}) {
    runner = new ContentRunner({
      adapter,
      send,
      settings: { ...SETTINGS_DEFAULTS, analytics: false, ...settings },
      watchSettings: (listener) => {
        settingsListener = listener;
        return () => (settingsListener = null);
      },
      listen: (listener) => {
        notify = listener;
      },
    });
    runner.start();
  }

  beforeEach(() => {
    sent = [];
    read = new Set();
    chipWords = { key: 'linkedCheckPrice', args: [] };
    checkAnswer = async () => ({ ok: true, offers: [] });
    notify = null;
    settingsListener = null;
    FakeObserver.last = null;
    vi.stubGlobal('IntersectionObserver', FakeObserver);
    (window as unknown as { IntersectionObserver: unknown }).IntersectionObserver = FakeObserver;
    document.body.innerHTML = '<article data-id="A"><footer></footer></article><article data-id="B"><footer></footer></article><article data-id="X"><footer></footer></article>';
  });
  afterEach(() => runner.stop());

  it('shows a chip on posts the lookup says link to a product page, and no overlay on the others', async () => {
    start();
    await settle();
    expect(chip('A')?.textContent).toBe(english('linkedCheckPrice'));
    expect(chip('B')).not.toBeNull();
    expect(host('X')).toBeNull();
    expect(sent.filter((m) => m.type !== 'lookup-posts')).toEqual([]);
  });

  it('on a press says it is checking, asks the background once, then shows the buy button in place of the chip', async () => {
    start();
    await settle();
    let finish: () => void = () => undefined;
    checkAnswer = () => new Promise((resolve) => (finish = () => resolve({ ok: true, offers: [offer('A')] })));
    press(chip('A')!);
    await settle();
    expect(chip('A')?.textContent).toBe(english('linkedChecking'));
    expect(chip('A')?.disabled).toBe(true);
    press(chip('A')!);
    read.add('A');
    finish();
    await vi.waitFor(() => expect(buy('A')).not.toBeNull());
    expect(chip('A')).toBeNull();
    expect(sent.filter((m) => m.type === 'check-linked')).toEqual([{ type: 'check-linked', post: expect.objectContaining({ postId: 'A' }), trusted: true }]);
    // The chip of the other post is untouched.
    expect(chip('B')?.textContent).toBe(english('linkedCheckPrice'));
  });

  it('ignores a click a page script dispatches on the chip', async () => {
    start();
    await settle();
    chip('A')!.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
    await settle();
    expect(sent.some((m) => m.type === 'check-linked')).toBe(false);
  });

  it('shows the words of a failure on the chip, which can be pressed again', async () => {
    start();
    await settle();
    checkAnswer = async () => ({ ok: false, reason: 'no-product', chip: { key: 'linkedNoProduct', args: [] } });
    chipWords = { key: 'linkedNoProduct', args: [] };
    press(chip('A')!);
    await vi.waitFor(() => expect(chip('A')?.textContent).toBe(english('linkedNoProduct')));
    expect(chip('A')?.disabled).toBe(false);
  });

  it('gives the chip back its words when the background does not answer', async () => {
    start();
    await settle();
    checkAnswer = async () => Promise.reject(new Error('worker restarting'));
    press(chip('A')!);
    await vi.waitFor(() => expect(chip('A')?.textContent).toBe(english('linkedCheckPrice')));
  });

  it('watches nothing while the automatic mode is off', async () => {
    start();
    await settle();
    expect(FakeObserver.last?.watched.size ?? 0).toBe(0);
  });

  it('in the automatic mode reports posts with a chip coming into and leaving the view, one message per observer callback, and shows the buy button once told', async () => {
    start({ linkedAuto: true });
    await settle();
    const observer = FakeObserver.last!;
    expect([...observer.watched].map((el) => el.getAttribute('data-id')).sort()).toEqual(['A', 'B']);
    const [a, b] = ['A', 'B'].map((id) => document.querySelector(`article[data-id="${id}"]`)!);
    observer.callback([
      { target: a!, isIntersecting: true },
      { target: b!, isIntersecting: true },
    ]);
    observer.show(a!, true);
    observer.show(b!, false);
    const views = () => sent.filter((m): m is Extract<ContentRequest, { type: 'linked-view' }> => m.type === 'linked-view').map((m) => `${m.posts.map((p) => p.postId).join('+')}:${m.inView ? 'in' : 'out'}`);
    expect(views()).toEqual(['A+B:in', 'B:out']);
    // A fast scroll: B in, out and in again within one callback counts as its last entry, in view.
    observer.callback([
      { target: b!, isIntersecting: true },
      { target: b!, isIntersecting: false },
      { target: b!, isIntersecting: true },
    ]);
    expect(views()).toEqual(['A+B:in', 'B:out', 'B:in']);
    // The background read A's product and tells the page: A is looked up again and shows its buy button.
    read.add('A');
    notify!({ type: 'linked-read', postIds: ['A'] });
    await vi.waitFor(() => expect(buy('A')).not.toBeNull());
    // A post that shows its buy button is no longer watched, and out of view for the background.
    expect(observer.watched.has(a!)).toBe(false);
    expect(views()).toEqual(['A+B:in', 'B:out', 'B:in', 'A:out']);
    // Turning the option off stops watching.
    settingsListener!({ ...SETTINGS_DEFAULTS, analytics: false, linkedAuto: false });
    await settle();
    expect(observer.watched.size).toBe(0);
  });

  it('looks the posts of one notice up again in a single request, and ignores what it does not know', async () => {
    start({ linkedAuto: true });
    await settle();
    const lookups = () => sent.filter((m): m is Extract<ContentRequest, { type: 'lookup-posts' }> => m.type === 'lookup-posts');
    const before = lookups().length;
    read.add('A');
    read.add('B');
    // Another feature's notice, or junk: nothing happens.
    notify!({ type: 'something-else' } as unknown as BackgroundNotice);
    notify!({ type: 'linked-read', postIds: ['A', 'B', 'A', 'gone'] });
    await vi.waitFor(() => expect(buy('B')).not.toBeNull());
    expect(buy('A')).not.toBeNull();
    expect(lookups().slice(before).map((m) => m.posts.map((p) => p.postId))).toEqual([['A', 'B']]);
  });
});
