/** Starts Postcart on a page for one site adapter; each site's entrypoint calls only this. */
import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { SiteAdapter } from '../sites/types';
import { setActiveBundle } from '../platform/i18n/active';
import { BUNDLE_KEY, bundleFromStored, watchStoredBundle } from '../platform/i18n/stored';
import { SETTINGS_KEY, settingsFromStored, watchSettings } from '../platform/settings-reader';
import { storedTaggedSet } from './lookups';
import { listenToBackground, sendToBackground } from './messenger';
import { ContentRunner } from './runner';

/** How often the script checks that its extension is still there (an update or reload ends it). */
const ALIVE_CHECK_MS = 2000;

/**
 * Entrypoint options every site uses: WXT would otherwise announce each start to the page with
 * `window.postMessage`, whose type names the extension's id.
 */
export const CONTENT_SCRIPT_OPTIONS = { runAt: 'document_idle', noScriptStartedPostMessage: true } as const;

export async function startContentScript(adapter: SiteAdapter, _ctx: ContentScriptContext): Promise<ContentRunner> {
  // The chosen language's messages come with the settings (the background keeps them in storage).
  const stored = await browser.storage.local.get([SETTINGS_KEY, BUNDLE_KEY]);
  setActiveBundle(bundleFromStored(stored[BUNDLE_KEY]));
  const runner = new ContentRunner({
    adapter,
    send: sendToBackground,
    listen: listenToBackground,
    settings: settingsFromStored(stored[SETTINGS_KEY]),
    watchSettings,
    taggedSet: storedTaggedSet(adapter.platform),
  });
  runner.start();
  const unwatchLanguage = watchStoredBundle((next) => {
    setActiveBundle(next);
    runner.redraw();
  });
  // Not WXT's ctx.onInvalidated: it also fires on a "content-script-started" event, which any page
  // can dispatch to switch Postcart off. An extension update or reload is noticed instead by the
  // extension context going away, which no page can fake; the overlays go down with it.
  const alive = setInterval(() => {
    if (browser.runtime?.id) return;
    clearInterval(alive);
    unwatchLanguage();
    runner.stop();
  }, ALIVE_CHECK_MS);
  return runner;
}
