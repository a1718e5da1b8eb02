import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { flushEvents } from '@/utils/analytics/events';
import { createBackground } from '@/utils/platform/router';
import { openDb } from '@/utils/catalog/db';
import { resumeInterrupted, syncDue, SYNC_ALARM, SYNC_PERIOD_MINUTES } from '@/utils/sync/engine';
import { importDemoCatalog } from '@/utils/sync/demo';
import { publishOutbox } from '@/utils/seller/publish';
import { browserLanguage, keepStoredBundle } from '@/utils/platform/i18n/load';
import { loadSettings, watchSettings } from '@/utils/platform/settings-reader';

export default defineBackground({
  type: 'module',
  main() {
    const db = openDb();
    const fetcher = (url: string, init?: RequestInit) => fetch(url, init);
    const demoUrl = browser.runtime.getURL('/demo-catalog.json');
    const fetchJson = async (url: string) => (await fetch(url)).json();
    const events = { db, settings: browser.storage.local, fetch: fetcher };
    // Seller tag changes go out after each save, at start, with the periodic alarm and on request.
    const publish = () => void publishOutbox({ db, fetch: fetcher }).catch((error: unknown) => console.error('[postcart] publishing failed', error));
    const { handleMessage, resumeOrders } = createBackground({
      db,
      settings: browser.storage.local,
      extensionId: browser.runtime.id,
      extensionOrigin: new URL(browser.runtime.getURL('/')).origin,
      openTab: async (url, { active }) => {
        await browser.tabs.create({ url, active });
      },
      locale: browser.i18n.getUILanguage(),
      fetch: fetcher,
      onTagsChanged: publish,
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
    // For the worker's DevTools console and the benchmarks, which time requests inside the worker.
    Object.assign(globalThis, { postcart: { db, handleMessage } });
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
      void syncDue({ db, fetch: fetcher }).catch((error: unknown) => console.error('[postcart] sync failed', error));
      publish();
      void flushEvents(events).catch((error: unknown) => console.warn('[postcart] sending events failed', error));
    });
    publish();
    void resumeInterrupted({ db, fetch: fetcher }).catch((error: unknown) => console.error('[postcart] resuming sync failed', error));
  },
});
