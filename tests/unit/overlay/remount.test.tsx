// @vitest-environment happy-dom
/**
 * A page that removes each of our hosts as it mounts (issue 12: the page froze in an endless
 * re-mount loop) gets a bounded number of re-mounts with growing pauses, then the post is left
 * alone; a site that re-renders a post now and then still gets its overlay back at once.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SETTINGS_DEFAULTS } from '@/utils/platform/settings-reader';
import type { ContentRequest, ResponseMap } from '@/utils/platform/messages';
import { OVERLAY_TAG } from '@/utils/overlay/mount';
import { ContentRunner } from '@/utils/overlay/runner';
import type { Send } from '@/utils/overlay/messenger';
import type { SiteAdapter } from '@/utils/sites/types';

const adapter: SiteAdapter = {
  platform: 'instagram',
  matches: ['https://www.instagram.com/*'],
  findPosts: (root) => [...root.querySelectorAll('article')],
  readPost: (el) => ({ ok: true, post: { platform: 'instagram', postId: el.getAttribute('data-id')!, url: 'https://www.instagram.com/p/x/', author: null, caption: null, links: [] } }),
  mountPoint: (el) => ({ target: el.querySelector('footer') ?? el, placement: 'bar' }),
  mediaElement: () => null,
};

const send: Send = async <R extends ContentRequest>(message: R) => {
  const result: ResponseMap['lookup-posts'] = { offers: {}, linkable: {} };
  if (message.type === 'lookup-posts') {
    for (const post of message.posts) {
      result.offers[post.postId] = [{ matchId: 't', reason: 'tag', productId: 'p', variantId: 'v', title: 'Jacket', merchantName: 'Acme', priceMinor: 100, reduction: null, currency: 'USD', available: true, rating: null, reviewCount: 0, pin: null }];
    }
  }
  return result as ResponseMap[R['type']];
};

describe('a page that keeps removing our overlay', () => {
  let runner: ContentRunner;
  let hostile: MutationObserver | null;
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    document.body.innerHTML = '<article data-id="A1"><footer></footer></article><article data-id="A2"><footer></footer></article>';
    runner = new ContentRunner({ adapter, send, settings: { ...SETTINGS_DEFAULTS, sellerMode: false, analytics: false } });
    hostile = null;
  });
  afterEach(() => {
    hostile?.disconnect();
    runner.stop();
    vi.useRealTimers();
  });

  it('re-mounts a bounded number of times with growing pauses, then leaves that post alone', async () => {
    runner.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(document.querySelectorAll(OVERLAY_TAG)).toHaveLength(2);
    // From now on the page removes every host of ours it sees in A1, as soon as it appears.
    hostile = new MutationObserver(() => document.querySelector(`article[data-id="A1"] ${OVERLAY_TAG}`)?.remove());
    hostile.observe(document.body, { childList: true, subtree: true });
    document.querySelector(`article[data-id="A1"] ${OVERLAY_TAG}`)!.remove();
    const mountsBefore = runner.stats.mounts;
    await vi.advanceTimersByTimeAsync(10_000);
    // Six re-mounts (at once, then after 50, 100, 200, 400 ms), then the seventh removal gives up.
    expect(runner.stats.mounts - mountsBefore).toBe(6);
    expect(runner.stats.abandoned).toBe(1);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(runner.stats.mounts - mountsBefore).toBe(6);
    // The other post keeps its overlay.
    expect(document.querySelectorAll(`article[data-id="A2"] ${OVERLAY_TAG}`)).toHaveLength(1);
  });

  it('gives a post a site re-renders now and then its overlay back at once, every time', async () => {
    runner.start();
    await vi.advanceTimersByTimeAsync(0);
    for (let i = 0; i < 10; i += 1) {
      document.querySelector(`article[data-id="A1"] ${OVERLAY_TAG}`)!.remove();
      await vi.advanceTimersByTimeAsync(0);
      expect(document.querySelectorAll(`article[data-id="A1"] ${OVERLAY_TAG}`)).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(15_000);
    }
    expect(runner.stats.abandoned).toBe(0);
  });
});
