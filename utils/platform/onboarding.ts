/**
 * First run: the onboarding page (entrypoints/onboarding/) opens once, when Postcart is installed;
 * never on an update or a browser update. Chrome reports "install" again at every start for an
 * extension loaded with --load-extension (its storage kept), so the page also opens only if it
 * never did in this profile. Existing users who were never asked about stats are asked once in the
 * popup instead (settings `consentAsked`).
 */
import type { SettingsStore } from './settings';

/** The onboarding page, from the extension's root. */
export const ONBOARDING_PATH = '/onboarding.html';

/** The seller dashboard page, from the extension's root (opened from the options page and the popup). */
export const DASHBOARD_PATH = '/dashboard.html';

/** What `runtime.onInstalled` hands its listeners (the part we read). */
export interface InstallDetails {
  reason: string;
  temporary?: boolean;
}

/** Where extension storage remembers that the onboarding page was opened (when). */
export const ONBOARDED_KEY = 'onboardedAt';

/**
 * The `runtime.onInstalled` listener: opens the onboarding page on a fresh install, once per
 * profile. `open` gets the page's path (the background turns it into a tab).
 */
export function onboardingOnInstall(open: (path: string) => Promise<unknown>, store: SettingsStore, now: () => number = Date.now): (details: InstallDetails) => Promise<void> {
  return async (details) => {
    if (details.reason !== 'install') return;
    try {
      if ((await store.get(ONBOARDED_KEY))[ONBOARDED_KEY] !== undefined) return;
      await store.set({ [ONBOARDED_KEY]: now() });
      await open(ONBOARDING_PATH);
    } catch (error) {
      console.error('[postcart] opening the onboarding page failed', error);
    }
  };
}
