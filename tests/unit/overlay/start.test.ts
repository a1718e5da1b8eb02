// @vitest-environment happy-dom
/**
 * The page cannot switch Postcart off (issue 12): dispatching WXT's "content-script-started" event
 * used to invalidate the content script. Now only the extension context going away (an update or
 * reload) stops it.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { ContentScriptContext } from 'wxt/utils/content-script-context';
import { startContentScript } from '@/utils/overlay/start';
import { OVERLAY_TAG } from '@/utils/overlay/mount';
import type { SiteAdapter } from '@/utils/sites/types';

const adapter: SiteAdapter = {
  platform: 'instagram',
  matches: ['https://www.instagram.com/*'],
  findPosts: (root) => [...root.querySelectorAll('article')],
  readPost: (el) => ({ ok: true, post: { platform: 'instagram', postId: el.id, url: 'https://www.instagram.com/p/x/', author: null, caption: null, links: [] } }),
  mountPoint: (el) => ({ target: el, placement: 'bar' }),
  mediaElement: () => null,
};

describe('starting the content script', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'] });
    document.body.innerHTML = '<article id="A1"></article>';
    const offer = { matchId: 't', reason: 'tag', productId: 'p', variantId: 'v', title: 'Jacket', merchantName: 'Acme', priceMinor: 100, reduction: null, currency: 'USD', available: true, rating: null, reviewCount: 0, pin: null };
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockResolvedValue({ ok: true, data: { offers: { A1: [offer] }, linkable: {} } } as never);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('keeps running when the page dispatches WXT’s "content-script-started" event, and stops when the extension goes away', async () => {
    const ctx = new ContentScriptContext('instagram');
    const runner = await startContentScript(adapter, ctx);
    await vi.waitFor(() => expect(document.querySelectorAll(OVERLAY_TAG)).toHaveLength(1));
    // What a page that learnt the event's name sends: another "newer script" started.
    const name = (ContentScriptContext as unknown as { SCRIPT_STARTED_MESSAGE_TYPE: string }).SCRIPT_STARTED_MESSAGE_TYPE;
    document.dispatchEvent(new CustomEvent(name, { detail: { contentScriptName: 'instagram', messageId: 'forged' } }));
    window.postMessage({ type: name, contentScriptName: 'instagram', messageId: 'forged' }, '*');
    expect(ctx.isValid).toBe(false);
    await vi.advanceTimersByTimeAsync(5000);
    expect(runner.mountedCount).toBe(1);
    expect(document.querySelectorAll(OVERLAY_TAG)).toHaveLength(1);
    // An extension reload: the runtime loses its id; the overlays go down with the script.
    vi.spyOn(fakeBrowser.runtime, 'id', 'get').mockReturnValue(undefined as unknown as string);
    await vi.advanceTimersByTimeAsync(5000);
    expect(runner.mountedCount).toBe(0);
    expect(document.querySelectorAll(OVERLAY_TAG)).toHaveLength(0);
  });
});
