/**
 * The background's watch requests (from the card's content script and from the popup) and the
 * worker's side of alerts: notifications, their buttons, and a click that opens the popup.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { browser } from 'wxt/browser';
import { createBackground } from '@/utils/platform/router';
import { openDb, type PostcartDB } from '@/utils/catalog/db';
import { newSourceState } from '@/utils/sync/source';
import { parseFeed } from '@/utils/sync/sources/postcart';
import { applyFeed } from '@/utils/sync/apply';
import { browserNotifier, onNotificationButton, onNotificationClicked, openPopupSomehow } from '@/utils/catalog/notifier';
import { recordAlerts } from '@/utils/catalog/watch-store';
import { DAY_MS } from '@/utils/catalog/history';
import { english, refused } from '../fixtures';

const EXT = { id: 'ext-id', origin: 'chrome-extension://ext-id' };
const POPUP = { id: EXT.id, url: `${EXT.origin}/popup.html` };
const CONTENT = { id: EXT.id, url: 'https://www.instagram.com/', tab: { id: 1 } };
const NOW = Date.UTC(2026, 10, 1, 12);

const FEED = {
  version: 1,
  cursor: 'c',
  hasMore: false,
  merchants: [{ id: 'acme', name: 'Acme Outdoor', url: 'https://acme.example', currency: 'USD', checkout: { kind: 'shopify-permalink' } }],
  products: [
    {
      id: 'acme:1',
      merchantId: 'acme',
      title: 'Trail Jacket',
      url: 'https://acme.example/products/trail-jacket',
      images: ['https://acme.example/jacket.jpg'],
      variants: [
        { id: 'm', title: 'M', price: '129.00', currency: 'USD', available: true },
        { id: 'l', title: 'L', price: '139.00', currency: 'USD', available: false },
      ],
      updatedAt: '2026-11-20T10:00:00Z',
    },
  ],
};

describe('watch requests', () => {
  let db: PostcartDB;
  let bg: ReturnType<typeof createBackground>;
  let ids: number;
  let clock: number;

  const ask = (message: unknown, sender: object = CONTENT) => bg.handleMessage(message, sender);
  const save = (rule: unknown, extra: object = {}) => ask({ type: 'save-watch', productId: 'acme:1', variantId: 'm', watchId: null, rule, trusted: true, ...extra });

  beforeEach(async () => {
    db = openDb(`watch-${Math.random()}`);
    await applyFeed(db, newSourceState({ id: 'acme-feed', kind: 'postcart', url: 'https://x.example/feed' }), parseFeed(FEED, { sourceId: 'acme-feed', baseUrl: 'https://x.example/' }), NOW);
    ids = 0;
    clock = NOW;
    bg = createBackground({ db, settings: fakeBrowser.storage.local, extensionId: EXT.id, extensionOrigin: EXT.origin, openTab: async () => undefined, now: () => clock, newId: () => `w${++ids}` });
  });

  it('makes a watch from the card on a product the catalog holds, measured from the price now', async () => {
    const reply = await save({ kind: 'target', target: '99.50' });
    expect(reply).toEqual({
      ok: true,
      data: [
        expect.objectContaining({
          id: 'w1',
          productId: 'acme:1',
          variantId: 'm',
          rule: { kind: 'target', targetMinor: 9950 },
          baselineMinor: 12900,
          createdAt: NOW,
          title: 'Trail Jacket',
          variantTitle: 'M',
          current: { priceMinor: 12900, inStock: true },
          problem: null,
          alerted: null,
          unseen: false,
        }),
      ],
    });
  });

  it('refuses a product or option the catalog does not hold, and a request without a trusted click', async () => {
    expect(await ask({ type: 'save-watch', productId: 'acme:999', variantId: null, watchId: null, rule: { kind: 'drop-percent', percent: 5 }, trusted: true })).toEqual(refused('errProductGone'));
    expect(await save({ kind: 'drop-percent', percent: 5 }, { variantId: 'xl' })).toEqual(refused('errOptionGone'));
    expect(await ask({ type: 'save-watch', productId: 'acme:1', variantId: 'm', watchId: null, rule: { kind: 'drop-percent', percent: 5 } })).toEqual(refused('errMalformedMessage'));
    expect(await db.watches.count()).toBe(0);
  });

  it('says why a rule makes no sense for the price now', async () => {
    expect(await save({ kind: 'target', target: '129.00' })).toEqual(refused('cardWatchTargetTooHigh', '$129.00'));
    expect(await save({ kind: 'drop-amount', amount: '129.00' })).toEqual(refused('errWatchDropTooLarge', '$129.00'));
    expect(await save({ kind: 'target', target: 'cheap' })).toEqual(refused('skipNotDecimal', 'cheap'));
    expect(await save({ kind: 'target', target: '0.00' })).toEqual(refused('errWatchAmount'));
    expect(await save({ kind: 'back-in-stock' })).toEqual(refused('errWatchInStock'));
    expect(await save({ kind: 'back-in-stock' }, { variantId: null })).toEqual(refused('errWatchPickVariant'));
    expect(await save({ kind: 'drop-percent', percent: 100 })).toEqual(refused('errMalformedMessage'));
    expect((await save({ kind: 'back-in-stock' }, { variantId: 'l' })).ok).toBe(true);
  });

  it('changes the watch of the same kind instead of making a second one, and an edit keeps when it began', async () => {
    await save({ kind: 'target', target: '100.00' });
    clock += DAY_MS;
    await save({ kind: 'target', target: '110.00' });
    expect(await db.watches.toArray()).toEqual([expect.objectContaining({ id: 'w1', rule: { kind: 'target', targetMinor: 11000 }, createdAt: NOW })]);
    await db.alertStates.put({ watchId: 'w1', productId: 'acme:1', phase: 'spent', thresholdMinor: 11000, referenceMinor: 12900, spentAt: NOW, spentPriceMinor: 10900, alertedAt: NOW });
    const edited = await ask({ type: 'save-watch', productId: 'acme:1', variantId: null, watchId: 'w1', rule: { kind: 'drop-percent', percent: 10 }, trusted: true }, POPUP);
    expect(edited.ok).toBe(true);
    expect(await db.watches.get('w1')).toMatchObject({ variantId: null, rule: { kind: 'drop-percent', percent: 10 }, createdAt: NOW });
    // Measured afresh: the old state goes.
    expect(await db.alertStates.get('w1')).toBeUndefined();
    expect(await ask({ type: 'save-watch', productId: 'acme:1', variantId: null, watchId: 'nope', rule: { kind: 'drop-percent', percent: 10 }, trusted: true })).toEqual(refused('errWatchGone'));
  });

  it('snoozes, turns off, resumes and removes only that product\'s watches', async () => {
    await save({ kind: 'target', target: '100.00' });
    const snoozed = await ask({ type: 'change-watch', productId: 'acme:1', watchId: 'w1', change: 'week', trusted: true });
    expect(snoozed).toMatchObject({ ok: true, data: [{ snoozedUntil: NOW + 7 * DAY_MS, enabled: true }] });
    expect(await ask({ type: 'change-watch', productId: 'acme:1', watchId: 'w1', change: 'off', trusted: true })).toMatchObject({ ok: true, data: [{ enabled: false, snoozedUntil: null }] });
    expect(await ask({ type: 'change-watch', productId: 'acme:1', watchId: 'w1', change: 'resume', trusted: true })).toMatchObject({ ok: true, data: [{ enabled: true, snoozedUntil: null }] });
    expect(await ask({ type: 'change-watch', productId: 'other:1', watchId: 'w1', change: 'remove', trusted: true })).toEqual(refused('errWatchGone'));
    expect(await ask({ type: 'change-watch', productId: 'acme:1', watchId: 'w1', change: 'remove', trusted: true })).toEqual({ ok: true, data: [] });
    expect(await db.watches.count()).toBe(0);
  });

  it('lists watches for the popup only, with what keeps one from being followed', async () => {
    await save({ kind: 'target', target: '100.00' });
    await save({ kind: 'back-in-stock' }, { variantId: 'l' });
    expect(await ask({ type: 'list-watches' })).toEqual(refused('errNotFromPage'));
    expect(await ask({ type: 'alerts-seen' })).toEqual(refused('errNotFromPage'));
    await db.products.update('acme:1', { variants: [{ id: 'm', title: 'M', priceMinor: 12900, compareAtMinor: null, currency: 'EUR', available: true, sku: null }] });
    const list = await ask({ type: 'list-watches' }, POPUP);
    expect(list).toMatchObject({ ok: true, data: { focus: null, watches: [{ id: 'w1', problem: 'currency-changed' }, { id: 'w2', problem: 'variant-gone' }] } });
    await db.products.delete('acme:1');
    expect(await ask({ type: 'list-watches' }, POPUP)).toMatchObject({ ok: true, data: { watches: [{ problem: 'product-gone', title: '' }, { problem: 'product-gone' }] } });
  });

  it('puts the card\'s watches in the card', async () => {
    await save({ kind: 'drop-percent', percent: 15 });
    const card = await ask({ type: 'get-card', productId: 'acme:1', variantId: null });
    expect(card).toMatchObject({ ok: true, data: { watches: [{ id: 'w1', rule: { kind: 'drop-percent', percent: 15 } }], price: { variantId: 'm' } } });
  });
});

describe('notifications in the browser', () => {
  let db: PostcartDB;

  beforeEach(async () => {
    db = openDb(`notify-${Math.random()}`);
  });

  it('shows an alert with Postcart\'s icon, and snooze buttons only where notifications have buttons', async () => {
    const create = vi.spyOn(fakeBrowser.notifications, 'create');
    await browserNotifier().show({ id: 'postcart-alert:acme:1', productId: 'acme:1', title: 'Price drop: Trail Jacket', message: 'Now $99.00' });
    expect(create).toHaveBeenCalledWith('postcart-alert:acme:1', {
      type: 'basic',
      iconUrl: browser.runtime.getURL('/icons/96.png'),
      title: 'Price drop: Trail Jacket',
      message: 'Now $99.00',
      buttons: [{ title: english('popupWatchSnoozeDay') }, { title: english('popupWatchOff') }],
    });
    // Firefox: no onButtonClicked, no buttons.
    const real = fakeBrowser.notifications.onButtonClicked;
    Object.defineProperty(fakeBrowser.notifications, 'onButtonClicked', { value: undefined, configurable: true });
    try {
      await browserNotifier().show({ id: 'x', productId: 'acme:1', title: 't', message: 'm' });
      expect(create).toHaveBeenLastCalledWith('x', expect.not.objectContaining({ buttons: expect.anything() }));
    } finally {
      Object.defineProperty(fakeBrowser.notifications, 'onButtonClicked', { value: real, configurable: true });
    }
  });

  it('counts unseen alerts on the toolbar badge and clears it at 0', async () => {
    const text = vi.spyOn(fakeBrowser.action, 'setBadgeText');
    await browserNotifier().badge(3);
    await browserNotifier().badge(0);
    expect(text.mock.calls.map(([details]) => details.text)).toEqual(['3', '']);
  });

  it('opens the popup on the clicked product, once', async () => {
    const open = vi.fn(async () => 'popup' as const);
    expect(await onNotificationClicked({ db, now: () => NOW, open }, 'postcart-alert:acme:1')).toBe('popup');
    expect(open).toHaveBeenCalledOnce();
    const bg = createBackground({ db, settings: fakeBrowser.storage.local, extensionId: EXT.id, extensionOrigin: EXT.origin, openTab: async () => undefined, now: () => NOW + 1000 });
    expect(await bg.handleMessage({ type: 'list-watches' }, POPUP)).toEqual({ ok: true, data: { watches: [], focus: { kind: 'product', productId: 'acme:1' } } });
    expect(await bg.handleMessage({ type: 'list-watches' }, POPUP)).toEqual({ ok: true, data: { watches: [], focus: null } });
    // A digest opens the watch list; an id that is not ours opens nothing.
    await onNotificationClicked({ db, now: () => NOW, open }, 'postcart-alerts:123');
    expect(await bg.handleMessage({ type: 'list-watches' }, POPUP)).toMatchObject({ ok: true, data: { focus: { kind: 'watches' } } });
    expect(await onNotificationClicked({ db, now: () => NOW, open }, 'someone-else')).toBeNull();
  });

  it('forgets a click the popup did not open for within two minutes', async () => {
    await onNotificationClicked({ db, now: () => NOW, open: async () => 'tab' }, 'postcart-alert:acme:1');
    const bg = createBackground({ db, settings: fakeBrowser.storage.local, extensionId: EXT.id, extensionOrigin: EXT.origin, openTab: async () => undefined, now: () => NOW + 3 * 60_000 });
    expect(await bg.handleMessage({ type: 'list-watches' }, POPUP)).toMatchObject({ ok: true, data: { focus: null } });
  });

  it('opens the popup where the browser allows it, else its page in a window, else in a tab', async () => {
    const openPopup = vi.fn(async () => undefined);
    Object.assign(fakeBrowser.action, { openPopup });
    expect(await openPopupSomehow()).toBe('popup');
    openPopup.mockRejectedValue(new Error('openPopup requires a user gesture'));
    const windows = vi.spyOn(fakeBrowser.windows, 'create').mockResolvedValue({} as never);
    expect(await openPopupSomehow()).toBe('window');
    expect(windows).toHaveBeenCalledWith(expect.objectContaining({ url: browser.runtime.getURL('/popup.html'), type: 'popup' }));
    windows.mockRejectedValue(new Error('no popup windows'));
    const tabs = vi.spyOn(fakeBrowser.tabs, 'create').mockResolvedValue({} as never);
    expect(await openPopupSomehow()).toBe('tab');
    expect(tabs).toHaveBeenCalledWith({ url: browser.runtime.getURL('/popup.html') });
  });

  it('snoozes the watches an alert was about from its button', async () => {
    const bg = createBackground({ db, settings: fakeBrowser.storage.local, extensionId: EXT.id, extensionOrigin: EXT.origin, openTab: async () => undefined, now: () => NOW, newId: () => 'w1' });
    await applyFeed(db, newSourceState({ id: 'acme-feed', kind: 'postcart', url: 'https://x.example/feed' }), parseFeed(FEED, { sourceId: 'acme-feed', baseUrl: 'https://x.example/' }), NOW);
    await bg.handleMessage({ type: 'save-watch', productId: 'acme:1', variantId: 'm', watchId: null, rule: { kind: 'drop-percent', percent: 10 }, trusted: true }, CONTENT);
    const alert = { productId: 'acme:1', at: NOW, items: [{ watchId: 'w1', rule: 'drop-percent' as const, variantId: 'm', currency: 'USD', priceMinor: 9900, referenceMinor: 12900, thresholdMinor: 11610, dropPercent: 23 }] };
    await recordAlerts(db, [{ id: 'postcart-alert:acme:1', notification: { kind: 'single', alert } }], NOW);
    expect(await onNotificationButton({ db, now: () => NOW }, 'postcart-alert:acme:1', 0)).toBe(1);
    expect(await db.watches.get('w1')).toMatchObject({ snoozedUntil: NOW + DAY_MS });
    expect(await onNotificationButton({ db, now: () => NOW }, 'postcart-alert:acme:1', 1)).toBe(1);
    expect(await db.watches.get('w1')).toMatchObject({ enabled: false });
  });
});
