/** Starts Postcart on a page for one site adapter; each site's entrypoint calls only this. */
import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { SiteAdapter } from '../sites/types';
import { SETTINGS_KEY, settingsFromChange, settingsFromStored } from '../platform/settings-reader';
import { sendToBackground } from './messenger';
import { ContentRunner } from './runner';

export async function startContentScript(adapter: SiteAdapter, ctx: ContentScriptContext): Promise<ContentRunner> {
  const settings = settingsFromStored((await browser.storage.local.get(SETTINGS_KEY))[SETTINGS_KEY]);
  const runner = new ContentRunner({
    adapter,
    send: sendToBackground,
    settings,
    watchSettings: (listener) => {
      const onChanged = (changes: Record<string, { newValue?: unknown }>, area: string) => {
        if (area !== 'local') return;
        const next = settingsFromChange(changes);
        if (next) listener(next);
      };
      browser.storage.onChanged.addListener(onChanged);
      return () => browser.storage.onChanged.removeListener(onChanged);
    },
  });
  runner.start();
  // An extension update or reload invalidates this script: take the overlays down with it.
  ctx.onInvalidated(() => runner.stop());
  return runner;
}
