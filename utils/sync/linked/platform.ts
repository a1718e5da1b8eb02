/**
 * The browser's side of linked products for the background: whether a shop's host permission is
 * held, and the permission page, opened in a small window of its own (a tab where the browser has
 * no windows, as Firefox for Android) so the shopper answers without losing the feed.
 */
import { browser } from 'wxt/browser';
import type { LinkedPlatform } from './handlers';

export const PERMISSION_PAGE = '/linked-permission.html';

/** Settles once the window (or tab) with this id is closed. */
function closedPromise(event: { addListener(listener: (id: number) => void): void; removeListener(listener: (id: number) => void): void }, id: number | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (id === undefined) return;
    const onRemoved = (removed: number) => {
      if (removed !== id) return;
      event.removeListener(onRemoved);
      resolve();
    };
    event.addListener(onRemoved);
  });
}

export function browserLinkedPlatform(): LinkedPlatform {
  return {
    hasPermission: (pattern) => browser.permissions.contains({ origins: [pattern] }),
    openPermissionPage: async (origin) => {
      const url = `${browser.runtime.getURL(PERMISSION_PAGE)}?origin=${encodeURIComponent(origin)}`;
      if (browser.windows?.create) {
        const win = await browser.windows.create({ url, type: 'popup', width: 480, height: 440, focused: true });
        return { closed: closedPromise(browser.windows.onRemoved, win?.id) };
      }
      const tab = await browser.tabs.create({ url, active: true });
      return { closed: closedPromise(browser.tabs.onRemoved, tab.id) };
    },
    tellTab: async (tab, frameId, notice) => {
      await browser.tabs.sendMessage(tab, notice, frameId === undefined ? undefined : { frameId });
    },
  };
}
