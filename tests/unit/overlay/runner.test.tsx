// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ContentRequest, PostOffer, ResponseMap } from '@/utils/platform/messages';
import type { OverlaySettings as Settings } from '@/utils/platform/settings';
import { OVERLAY_TAG } from '@/utils/overlay/mount';
import { ContentRunner } from '@/utils/overlay/runner';
import type { Send } from '@/utils/overlay/messenger';
import type { SiteAdapter } from '@/utils/sites/types';
import { SETTINGS_DEFAULTS } from '@/utils/platform/settings-reader';
import { english } from '../fixtures';

/** A minimal adapter: posts are <article data-id>, mounted in their footer. */
const adapter: SiteAdapter = {
  platform: 'instagram',
  matches: ['https://www.instagram.com/*'],
  findPosts: (root) => [...root.querySelectorAll('article')],
  readPost: (el) => {
    const id = el.getAttribute('data-id');
    return id
      ? { ok: true, post: { platform: 'instagram', postId: id, url: `https://www.instagram.com/p/${id}/`, author: null, caption: null, links: [] } }
      : { ok: false, reason: 'no-post-id' };
  },
  mountPoint: (el) => ({ target: el.querySelector('footer') ?? el, placement: 'bar' }),
  mediaElement: (el) => el.querySelector('img'),
};

function offer(productId: string): PostOffer {
  return { matchId: `t-${productId}`, reason: 'tag', productId, variantId: 'v1', title: 'Trail Jacket', merchantName: 'Acme', priceMinor: 12900, reduction: null, currency: 'USD', available: true, rating: 4.6, reviewCount: 212, pin: { x: 0.5, y: 0.5 } };
}

const TAGGED = new Set(['A1', 'A3']);
let lookups: string[][];

const send: Send = async <R extends ContentRequest>(message: R) => {
  if (message.type !== 'lookup-posts') throw new Error(`unexpected ${message.type}`);
  lookups.push(message.posts.map((p) => p.postId));
  const result: ResponseMap['lookup-posts'] = { offers: {}, linkable: {} };
  for (const post of message.posts) result.offers[post.postId] = TAGGED.has(post.postId) ? [offer(`p-${post.postId}`)] : [];
  return result as ResponseMap[R['type']];
};

function article(id: string | null): HTMLElement {
  const el = document.createElement('article');
  if (id) el.setAttribute('data-id', id);
  el.innerHTML = '<img alt=""><footer></footer>';
  return el;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
const overlays = () => [...document.querySelectorAll(OVERLAY_TAG)];

describe('the content-script runner', () => {
  let runner: ContentRunner;
  let settingsListener: ((s: Settings) => void) | null;

  beforeEach(() => {
    lookups = [];
    settingsListener = null;
    document.body.innerHTML = '';
    document.body.append(article('A1'), article('A2'), article('A3'), article(null));
    runner = new ContentRunner({
      adapter,
      send,
      settings: { ...SETTINGS_DEFAULTS, sellerMode: false, analytics: false },
      watchSettings: (listener) => {
        settingsListener = listener;
        return () => (settingsListener = null);
      },
    });
  });
  afterEach(() => runner.stop());

  it('looks up all posts of the page in one batch and mounts overlays only on tagged ones', async () => {
    runner.start();
    await settle();
    expect(lookups).toEqual([['A1', 'A2', 'A3']]);
    expect(overlays()).toHaveLength(2);
    const button = overlays()[0]!.shadowRoot!.querySelector('button.buy')!;
    expect(button.textContent).toContain(english('buyButton', '$129.00'));
  });

  it('gives posts added by infinite scroll their overlay with one more batched lookup', async () => {
    runner.start();
    await settle();
    document.body.append(article('A4'), article('A1'));
    await settle();
    await settle();
    // A1 was already resolved this page view: it is not asked for again.
    expect(lookups).toEqual([['A1', 'A2', 'A3'], ['A4']]);
    expect(overlays()).toHaveLength(3);
  });

  it('releases the overlays of posts removed from the page', async () => {
    runner.start();
    await settle();
    document.querySelector('article[data-id="A1"]')!.remove();
    await settle();
    expect(runner.mountedCount).toBe(1);
    expect(runner.stats.unmounts).toBe(1);
  });

  it('never mounts two overlays on one post however often it scans', async () => {
    runner.start();
    await settle();
    runner.scan();
    runner.scan();
    await settle();
    expect(overlays()).toHaveLength(2);
    expect(document.querySelectorAll(`article[data-id="A1"] ${OVERLAY_TAG}`)).toHaveLength(1);
  });

  it('puts a tag control on every post in seller mode and takes it away after', async () => {
    runner.start();
    await settle();
    settingsListener!({ ...SETTINGS_DEFAULTS, sellerMode: true, analytics: false });
    await settle();
    expect(overlays()).toHaveLength(3);
    expect(overlays().every((o) => o.shadowRoot!.querySelector('button.tag'))).toBe(true);
    settingsListener!({ ...SETTINGS_DEFAULTS, sellerMode: false, analytics: false });
    await settle();
    expect(overlays()).toHaveLength(2);
  });

  it('ignores a synthetic click a page script dispatches on the buy button', async () => {
    runner.start();
    await settle();
    const button = overlays()[0]!.shadowRoot!.querySelector<HTMLButtonElement>('button.buy')!;
    button.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    await settle();
    expect(document.querySelector('postcart-popover')).toBeNull();
  });

  it('shows nothing and keeps working when the background does not answer', async () => {
    const failing = new ContentRunner({ adapter, send: async () => Promise.reject(new Error('worker restarting')), settings: { ...SETTINGS_DEFAULTS, sellerMode: false, analytics: false } });
    runner.stop();
    failing.start();
    await settle();
    expect(overlays()).toHaveLength(0);
    failing.stop();
  });

  it('with a fast path, looks only near what was added instead of rescanning the page', async () => {
    let fullScans = 0;
    const near: SiteAdapter = {
      ...adapter,
      findPosts: (root) => {
        fullScans += 1;
        return adapter.findPosts(root);
      },
      findPostsNear: (node) => {
        const post = node.closest('article');
        return post ? [post] : [...node.querySelectorAll('article')];
      },
    };
    runner.stop();
    const fast = new ContentRunner({ adapter: near, send, settings: { ...SETTINGS_DEFAULTS, sellerMode: false, analytics: false } });
    fast.start();
    await settle();
    const batch = document.createElement('div');
    batch.append(article('A3'), article('A5'));
    document.body.append(batch, article('A6'));
    await settle();
    await settle();
    expect(fullScans).toBe(1);
    expect(lookups).toEqual([['A1', 'A2', 'A3'], ['A5', 'A6']]);
    expect(overlays()).toHaveLength(3);
    fast.stop();
  });

  it('reads a post again when the site reuses its element for another post', async () => {
    const near: SiteAdapter = { ...adapter, findPostsNear: (node) => [node.closest('article') ?? node].filter((n) => n.localName === 'article') };
    runner.stop();
    const fast = new ContentRunner({ adapter: near, send, settings: { ...SETTINGS_DEFAULTS, sellerMode: false, analytics: false } });
    fast.start();
    await settle();
    const reused = document.querySelector('article[data-id="A2"]')!;
    expect(reused.querySelector(OVERLAY_TAG)).toBeNull();
    reused.setAttribute('data-id', 'A3');
    reused.querySelector('footer')!.append(document.createElement('span'));
    await settle();
    await settle();
    expect(reused.querySelector(OVERLAY_TAG)).not.toBeNull();
    const tagged = document.querySelector('article[data-id="A1"]')!;
    tagged.setAttribute('data-id', 'A2');
    tagged.querySelector('footer')!.append(document.createElement('span'));
    await settle();
    expect(tagged.querySelector(OVERLAY_TAG)).toBeNull();
    fast.stop();
  });

  it('mounts the overlay again when the site re-renders a post and drops it', async () => {
    runner.start();
    await settle();
    const post = document.querySelector('article[data-id="A1"]')!;
    post.querySelector(OVERLAY_TAG)!.remove();
    await settle();
    await settle();
    expect(post.querySelectorAll(OVERLAY_TAG)).toHaveLength(1);
    expect(runner.mountedCount).toBe(2);
  });

  it('takes every overlay down when stopped', async () => {
    runner.start();
    await settle();
    runner.stop();
    expect(overlays()).toHaveLength(0);
  });
});
