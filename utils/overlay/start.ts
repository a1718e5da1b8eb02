/** Starts Postcart on a page for one site adapter; each site's entrypoint calls only this. */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { SiteAdapter } from '../sites/types';
import { loadSettings, watchSettings } from '../platform/settings-reader';
import { storedTaggedSet } from './lookups';
import { sendToBackground } from './messenger';
import { ContentRunner } from './runner';

export async function startContentScript(adapter: SiteAdapter, ctx: ContentScriptContext): Promise<ContentRunner> {
  const runner = new ContentRunner({ adapter, send: sendToBackground, settings: await loadSettings(), watchSettings, taggedSet: storedTaggedSet(adapter.platform) });
  runner.start();
  // An extension update or reload invalidates this script: take the overlays down with it.
  ctx.onInvalidated(() => runner.stop());
  return runner;
}
