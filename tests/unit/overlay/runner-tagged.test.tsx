// @vitest-environment happy-dom
/**
 * The runner with a tagged set (issue 19) beside the features that need the background to see a
 * post the set rules out: a post linking out may get a "Check price" chip (issue 15), and a feed
 * nobody tagged is read, not unreadable (issue 13's reading report).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { encodeSet, hashSet, TaggedSet } from '@/utils/catalog/tagged-set';
import type { ContentRequest, ResponseMap } from '@/utils/platform/messages';
import { SETTINGS_DEFAULTS } from '@/utils/platform/settings-reader';
import type { TaggedSetSource } from '@/utils/overlay/lookups';
import type { Send } from '@/utils/overlay/messenger';
import { ContentRunner } from '@/utils/overlay/runner';
import type { SiteAdapter } from '@/utils/sites/types';

/** Posts are <article data-id data-link?>; the adapter asks `wanted` the way the real ones do. */
const adapter: SiteAdapter = {
  platform: 'pinterest',
  matches: ['https://www.pinterest.com/*'],
  findPosts: (root) => [...root.querySelectorAll('article')],
  readPost: (el, _location, wanted) => {
    const id = el.getAttribute('data-id')!;
    const link = el.getAttribute('data-link');
    const post = { platform: 'pinterest' as const, postId: id, url: `https://www.pinterest.com/pin/${id}/`, author: null, caption: null, links: link ? [link] : [] };
    if (wanted && !wanted(post)) return { ok: false, reason: 'not-wanted' };
    return { ok: true, post };
  },
  mountPoint: (el) => ({ target: el, placement: 'bar' }),
  mediaElement: () => null,
};

/** A set in which only post T1 is tagged and no catalog product page is known. */
const setWithT1 = (): TaggedSet => TaggedSet.fromStored({ ids: encodeSet(hashSet(['T1'])!), handles: [] }, { keys: encodeSet(hashSet([])!) })!;
const source = (set: TaggedSet): TaggedSetSource => ({ load: async () => set, watch: () => () => undefined });

describe('the runner with a tagged set', () => {
  let sent: ContentRequest[];
  let runner: ContentRunner;
  const send = (async <R extends ContentRequest>(message: R) => {
    sent.push(message);
    if (message.type === 'lookup-posts') return { offers: Object.fromEntries(message.posts.map((p) => [p.postId, []])), linkable: {} } as unknown as ResponseMap[R['type']];
    return null as unknown as ResponseMap[R['type']];
  }) as Send;

  beforeEach(() => {
    sent = [];
  });
  afterEach(() => runner.stop());

  function start(): void {
    runner = new ContentRunner({ adapter, send, settings: { ...SETTINGS_DEFAULTS, analytics: false }, taggedSet: source(setWithT1()), reportAfterMs: 10 });
    runner.start();
  }
  const askedAbout = () => sent.flatMap((m) => (m.type === 'lookup-posts' ? m.posts.map((p) => p.postId) : [])).sort();

  it('asks about tagged posts and posts that link out, never about the others', async () => {
    document.body.innerHTML =
      '<article data-id="T1"></article><article data-id="U1"></article><article data-id="L1" data-link="https://mtaa-atelier.example/products/linen-wrap-dress"></article>';
    start();
    await vi.waitFor(() => expect(askedAbout()).toEqual(['L1', 'T1']));
  });

  it('reports a feed nobody tagged as read, not as unreadable', async () => {
    document.body.innerHTML = '<article data-id="U1"></article><article data-id="U2"></article><article data-id="U3"></article>';
    start();
    await vi.waitFor(() => expect(sent.find((m) => m.type === 'page-report')).toMatchObject({ read: 3, skipped: {} }));
    expect(askedAbout()).toEqual([]);
  });
});
