/**
 * The active language's bundle in extension storage, where the background puts it (i18n/keeper.ts)
 * and content scripts read it with the settings: a content script carries no message text and
 * loads only the chosen language, and the bundles are never web-accessible resources (a page
 * could probe for those and fingerprint the extension). No zod: content scripts import this.
 */
import { watchStorage } from '../settings-reader';
import type { Bundle } from './active';

export const BUNDLE_KEY = 'i18n';

/**
 * A stored bundle, or null for anything without messages. Only the background writes this key,
 * from a bundle it built, so a content script checks no more than that (every byte counts there).
 */
export function bundleFromStored(raw: unknown): Bundle | null {
  return typeof (raw as Bundle | null)?.messages === 'object' ? (raw as Bundle) : null;
}

/** Calls `listener` with the bundle whenever the background replaces it; returns the unsubscribe. */
export function watchStoredBundle(listener: (bundle: Bundle) => void): () => void {
  return watchStorage(BUNDLE_KEY, bundleFromStored, listener);
}
