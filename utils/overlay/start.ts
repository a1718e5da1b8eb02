/** Starts Postcart on a page for one site adapter; each site's entrypoint calls only this. */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { SiteAdapter } from '../sites/types';
import { browser } from 'wxt/browser';
import { setActiveBundle } from '../platform/i18n/active';
import { BUNDLE_KEY, bundleFromStored, watchStoredBundle } from '../platform/i18n/stored';
import { SETTINGS_KEY, settingsFromStored, watchSettings } from '../platform/settings-reader';
import { sendToBackground } from './messenger';
import { ContentRunner } from './runner';

export async function startContentScript(adapter: SiteAdapter, ctx: ContentScriptContext): Promise<ContentRunner> {
  // The chosen language's messages come with the settings (the background keeps them in storage).
  const stored = await browser.storage.local.get([SETTINGS_KEY, BUNDLE_KEY]);
  setActiveBundle(bundleFromStored(stored[BUNDLE_KEY]));
  const runner = new ContentRunner({ adapter, send: sendToBackground, settings: settingsFromStored(stored[SETTINGS_KEY]), watchSettings });
  runner.start();
  const unwatchLanguage = watchStoredBundle((next) => {
    setActiveBundle(next);
    runner.redraw();
  });
  // An extension update or reload invalidates this script: take the overlays down with it.
  ctx.onInvalidated(() => {
    unwatchLanguage();
    runner.stop();
  });
  return runner;
}
