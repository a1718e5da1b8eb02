import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { createBackground } from '@/utils/background';
import { openDb } from '@/utils/db';
import { importDemoCatalog } from '@/utils/sync/postcart';

export default defineBackground({
  type: 'module',
  main() {
    const db = openDb();
    const { handleMessage } = createBackground({
      db,
      settings: browser.storage.local,
      extensionId: browser.runtime.id,
      extensionOrigin: new URL(browser.runtime.getURL('/')).origin,
      openTab: async (url) => {
        await browser.tabs.create({ url });
      },
    });

    browser.runtime.onMessage.addListener((message, sender) => handleMessage(message, sender));

    // At every start, not only on install: a worker killed mid-import must finish the job later.
    const demoUrl = browser.runtime.getURL('/demo-catalog.json');
    importDemoCatalog(db, demoUrl, async (url) => (await fetch(url)).json())
      .then((result) => {
        if (result) console.info(`[postcart] demo catalog: ${result.applied} records, ${result.skipped.length} skipped`);
      })
      .catch((error: unknown) => console.error('[postcart] demo catalog import failed', error));
  },
});
