import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { flushEvents } from '@/utils/analytics/events';
import { createBackground } from '@/utils/platform/router';
import { openDb } from '@/utils/catalog/db';
import { taggedSets } from '@/utils/catalog/tagged-sets';
import { resumeInterrupted, syncDue, syncSource, SYNC_ALARM, SYNC_PERIOD_MINUTES } from '@/utils/sync/engine';
import { importDemoCatalog } from '@/utils/sync/demo';
import { publishOutbox } from '@/utils/seller/publish';
import { browserNotifier, listenToNotifications } from '@/utils/catalog/notifier';
import { unseenAlertCount } from '@/utils/catalog/watch-store';
import { browserLinkedPlatform } from '@/utils/sync/linked/platform';
import { statsPermitted, watchStatsPermission, type PermissionsApi } from '@/utils/analytics/consent';
import { answerAnalytics } from '@/utils/platform/settings';
import { onboardingOnInstall } from '@/utils/platform/onboarding';
import { browserLanguage, keepStoredBundle } from '@/utils/platform/i18n/load';
import { loadSettings, watchSettings } from '@/utils/platform/settings-reader';

export default defineBackground({
  type: 'module',
  main() {
    const db = openDb();
    // What can match a post, for content scripts (storage.local) and the worker's own lookups.
    const sets = taggedSets(db);
    sets.publishTo(browser.storage.local);
    sets.start();
    const fetcher = (url: string, init?: RequestInit) => fetch(url, init);
    const demoUrl = browser.runtime.getURL('/demo-catalog.json');
    const fetchJson = async (url: string) => (await fetch(url)).json();
    // Firefox's data collection permission for the stats (utils/analytics/consent.ts); Chrome has none.
    const permissions = browser.permissions as unknown as PermissionsApi;
    const manifest = browser.runtime.getManifest();
    const permitted = () => statsPermitted(permissions, manifest);
    watchStatsPermission(permissions, manifest, () => answerAnalytics(browser.storage.local, false));
    // Registered first thing: the event fires once, right after the worker starts for the install.
    browser.runtime.onInstalled.addListener(onboardingOnInstall((path) => browser.tabs.create({ url: browser.runtime.getURL(path as '/onboarding.html') }), browser.storage.local));
    const events = { db, settings: browser.storage.local, fetch: fetcher, permitted };
    // Seller tag changes go out after each save, at start, with the periodic alarm and on request.
    const publish = () => void publishOutbox({ db, fetch: fetcher }).catch((error: unknown) => console.error('[postcart] publishing failed', error));
    const notifier = browserNotifier();
    const { handleMessage, resumeOrders, syncDeps, linked } = createBackground({
      db,
      settings: browser.storage.local,
      session: browser.storage.session,
      extensionId: browser.runtime.id,
      extensionOrigin: new URL(browser.runtime.getURL('/')).origin,
      openTab: async (url, { active }) => {
        await browser.tabs.create({ url, active });
      },
      openWindow: async (url) => {
        await browser.windows.create({ url, type: 'popup', width: 460, height: 680 });
      },
      locale: browser.i18n.getUILanguage(),
      fetch: fetcher,
      notifier,
      onTagsChanged: publish,
      linked: browserLinkedPlatform(),
      statsPermitted: permitted,
      restoreDemo: async () => {
        await importDemoCatalog(db, demoUrl, fetchJson, { again: true });
      },
    });

    // The chosen language's messages in storage, where content scripts read them: at every start
    // (a browser whose UI language changed has restarted), after install or update, and whenever
    // the language setting changes.
    // One after the other, so a quick second change never ends up under the first.
    let languageWrites = Promise.resolve();
    const keepLanguage = (force = false) => {
      languageWrites = languageWrites
        .then(() => loadSettings())
        .then((settings) => keepStoredBundle(browser.storage.local, settings, { build: browser.runtime.getManifest().version, force, uiLanguage: browserLanguage() }))
        .then(
          () => undefined,
          (error: unknown) => console.error('[postcart] storing the messages failed', error),
        );
    };
    browser.runtime.onInstalled.addListener(() => keepLanguage(true));
    watchSettings(() => keepLanguage());
    keepLanguage();
    // Chromium answers getUILanguage() with "en-US" in a freshly installed worker's first moments
    // (seen with --lang=fa), then with the browser's language, and no event says so: every message
    // (a content script's first lookup, a page opening) compares it again, which costs a call.
    let keptUiLanguage = browserLanguage();
    const recheckUiLanguage = () => {
      const now = browserLanguage();
      if (now === keptUiLanguage) return;
      keptUiLanguage = now;
      keepLanguage();
    };

    browser.runtime.onMessage.addListener((message, sender) => {
      recheckUiLanguage();
      return handleMessage(message, sender);
    });
    // Price alerts: a click opens the popup on the product; the badge counts what it has not shown.
    listenToNotifications({ db, now: Date.now });
    void unseenAlertCount(db).then((count) => notifier.badge(count)).catch((error: unknown) => console.warn('[postcart] badge', error));
    // The automatic mode of linked products: a closed or reloaded tab's posts are out of view.
    browser.tabs.onRemoved.addListener((tabId) => linked.tabGone(tabId));
    browser.tabs.onUpdated.addListener((tabId, change) => {
      if (change.status === 'loading') linked.tabGone(tabId);
    });
    // For the worker's DevTools console and the benchmarks, which time requests inside the worker
    // (and a sync without price history beside the same sync with it).
    const sync = (sourceId: string, options: { history?: boolean } = {}) => syncSource({ ...syncDeps(), ...options }, sourceId);
    Object.assign(globalThis, { postcart: { db, handleMessage, sync } });
    void resumeOrders().catch((error: unknown) => console.error('[postcart] resuming orders failed', error));

    // At every start, not only on install: a worker killed mid-import must finish the job later.
    importDemoCatalog(db, demoUrl, fetchJson)
      .then((result) => {
        if (result) console.info(`[postcart] demo catalog: ${result.applied} records, ${result.skipped.length} skipped`);
      })
      .catch((error: unknown) => console.error('[postcart] demo catalog import failed', error));

    // The periodic sync alarm is made sure of at every start (creating it again would reset its clock).
    void browser.alarms.get(SYNC_ALARM).then((alarm) => {
      if (!alarm) void browser.alarms.create(SYNC_ALARM, { periodInMinutes: SYNC_PERIOD_MINUTES, delayInMinutes: 1 });
    });
    browser.alarms.onAlarm.addListener((alarm) => {
      if (alarm.name !== SYNC_ALARM) return;
      void syncDue(syncDeps()).catch((error: unknown) => console.error('[postcart] sync failed', error));
      publish();
      void flushEvents(events).catch((error: unknown) => console.warn('[postcart] sending events failed', error));
    });
    publish();
    void resumeInterrupted(syncDeps()).catch((error: unknown) => console.error('[postcart] resuming sync failed', error));
  },
});
