// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// happy-dom lays nothing out, so every click would look hidden: the visibility guard is tested on its
// own (guard.test.ts) and in the browser (tests/e2e/attacks.spec.ts); here it lets trusted clicks through.
vi.mock('@/utils/overlay/guard', () => ({ seenClick: (event: Event) => event.isTrusted, trackVisibility: () => () => undefined }));
import type { ContentRequest, PostOffer, ResponseMap, SellerAccount } from '@/utils/platform/messages';
import { OVERLAY_TAG } from '@/utils/overlay/mount';
import { ContentRunner } from '@/utils/overlay/runner';
import type { Send } from '@/utils/overlay/messenger';
import { DOTS_TAG } from '@/utils/overlay/pin-layer';
import { POPOVER_TAG } from '@/utils/overlay/popover';
import type { SiteAdapter } from '@/utils/sites/types';
import { SETTINGS_DEFAULTS } from '@/utils/platform/settings-reader';
import { english } from '../fixtures';

/** Posts are <article data-id data-author>, with their picture and a footer for the overlay. */
const adapter: SiteAdapter = {
  platform: 'instagram',
  matches: ['https://www.instagram.com/*'],
  findPosts: (root) => [...root.querySelectorAll('article')],
  readPost: (el) => {
    const id = el.getAttribute('data-id')!;
    return { ok: true, post: { platform: 'instagram', postId: id, url: `https://www.instagram.com/p/${id}/`, author: el.getAttribute('data-author'), caption: null, links: [] } };
  },
  mountPoint: (el) => ({ target: el.querySelector('footer')!, placement: 'bar' }),
  mediaElement: (el) => el.querySelector('img'),
};

function offer(productId: string, pin: { x: number; y: number } | null): PostOffer {
  return { matchId: `t-${productId}`, reason: pin ? 'tag' : 'link', productId, variantId: 'v1', title: 'Trail Jacket', merchantName: 'Acme', priceMinor: 12900, reduction: null, currency: 'USD', available: true, rating: null, reviewCount: 0, pin };
}

const OFFERS: Record<string, PostOffer[]> = {
  P1: [offer('acme:1', { x: 0.2, y: 0.3 }), offer('acme:2', { x: 0.7, y: 0.8 }), offer('acme:3', null)],
  P2: [],
};

function article(id: string, author: string): HTMLElement {
  const el = document.createElement('article');
  el.dataset.id = id;
  el.dataset.author = author;
  el.innerHTML = '<img alt=""><footer></footer>';
  return el;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));
const overlay = (id: string) => document.querySelector(`article[data-id="${id}"] ${OVERLAY_TAG}`)!.shadowRoot!;
const dots = () => [...document.querySelectorAll(DOTS_TAG)].flatMap((host) => [...host.shadowRoot!.querySelectorAll<HTMLButtonElement>('.dot')]);

describe('the runner for sellers and shoppers’ pins', () => {
  let accounts: SellerAccount[] | Error;
  let runner: ContentRunner;
  let cards: string[];

  const send: Send = async <R extends ContentRequest>(message: R) => {
    const answer = (data: unknown) => data as ResponseMap[R['type']];
    if (message.type === 'lookup-posts') return answer({ offers: Object.fromEntries(message.posts.map((p) => [p.postId, OFFERS[p.postId] ?? []])), linkable: {} });
    if (message.type === 'seller-accounts') {
      if (accounts instanceof Error) throw accounts;
      return answer(accounts);
    }
    if (message.type === 'get-card') {
      cards.push(message.productId);
      return answer(null);
    }
    return answer(null);
  };

  function start(sellerMode: boolean): void {
    runner = new ContentRunner({ adapter, send, settings: { ...SETTINGS_DEFAULTS, sellerMode, analytics: false } });
    runner.start();
  }

  beforeEach(() => {
    document.body.innerHTML = '';
    document.body.append(article('P1', 'someone'), article('P2', 'acme'));
    accounts = [{ platform: 'instagram', handle: '@Acme' }, { platform: 'tiktok', handle: 'someone' }];
    cards = [];
  });
  afterEach(() => runner.stop());

  it('offers "Tag your post" first on the seller’s own posts and the compact control after the buttons elsewhere', async () => {
    start(true);
    await settle();
    const own = overlay('P2').querySelector('button')!;
    expect(own.textContent).toBe(english('tagOwnButton'));
    expect(own.classList.contains('own')).toBe(true);
    const other = [...overlay('P1').querySelectorAll('button')];
    expect(other.map((b) => b.className)).toEqual(['buy', 'buy', 'buy', 'tag']);
    expect(other.at(-1)!.textContent).toBe(english('tagButton'));
  });

  it('keeps the compact control everywhere when no seller account is connected', async () => {
    accounts = new Error('Turn on seller mode to tag posts');
    start(true);
    await settle();
    expect(overlay('P2').querySelector('button')!.textContent).toBe(english('tagButton'));
  });

  it('draws one dot per pinned product over the media, labelled, and none for products without a pin', async () => {
    start(false);
    await settle();
    expect(document.querySelectorAll(DOTS_TAG)).toHaveLength(1);
    expect(dots().map((d) => [d.style.left, d.style.top, d.getAttribute('aria-label'), d.dataset.productId])).toEqual([
      ['20%', '30%', english('pinDotLabel', ['Trail Jacket', '$129.00']), 'acme:1'],
      ['70%', '80%', english('pinDotLabel', ['Trail Jacket', '$129.00']), 'acme:2'],
    ]);
  });

  it('puts the dots beside the media, or beside the site\'s link around it, and a click on a dot never follows that link', async () => {
    const linked = document.querySelector('article[data-id="P1"]')!;
    const link = document.createElement('a');
    link.href = '/p/P1/';
    link.append(linked.querySelector('img')!);
    linked.prepend(link);
    start(false);
    await settle();
    const host = document.querySelector(DOTS_TAG)!;
    expect(host.parentElement).toBe(linked);
    expect(link.contains(host)).toBe(false);
    const click = new MouseEvent('click', { bubbles: true, composed: true, cancelable: true, detail: 1 });
    Object.defineProperty(click, 'isTrusted', { value: true });
    dots()[0]!.dispatchEvent(click);
    expect(click.defaultPrevented).toBe(true);
  });

  it('opens the product card from a dot on a real click only', async () => {
    start(false);
    await settle();
    dots()[1]!.click();
    await settle();
    expect(document.querySelector(POPOVER_TAG)).toBeNull();
    const click = new MouseEvent('click', { bubbles: true, detail: 1 });
    Object.defineProperty(click, 'isTrusted', { value: true });
    dots()[1]!.dispatchEvent(click);
    await settle();
    expect(document.querySelector(POPOVER_TAG)).not.toBeNull();
    // The card asks for its product once it has painted.
    await expect.poll(() => cards).toEqual(['acme:2']);
  });

  it('takes the dots away with the post', async () => {
    start(false);
    await settle();
    document.querySelector('article[data-id="P1"]')!.remove();
    await settle();
    expect(document.querySelectorAll(DOTS_TAG)).toHaveLength(0);
    start(false);
    runner.stop();
    expect(document.querySelectorAll(DOTS_TAG)).toHaveLength(0);
  });
});
