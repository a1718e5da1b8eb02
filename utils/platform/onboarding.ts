/**
 * First run: the onboarding page (entrypoints/onboarding/) opens once, when Postcart is installed;
 * never on an update, a browser update or a reload of the unpacked build. Existing users who were
 * never asked about stats are asked once in the popup instead (settings `consentAsked`).
 */

/** The onboarding page, from the extension's root. */
export const ONBOARDING_PATH = '/onboarding.html';

/** The seller dashboard page, from the extension's root (opened from the options page and the popup). */
export const DASHBOARD_PATH = '/dashboard.html';

/** What `runtime.onInstalled` hands its listeners (the part we read). */
export interface InstallDetails {
  reason: string;
  temporary?: boolean;
}

/**
 * The `runtime.onInstalled` listener: opens the onboarding page on a fresh install only. `open`
 * gets the page's path (the background turns it into a tab).
 */
export function onboardingOnInstall(open: (path: string) => Promise<unknown>): (details: InstallDetails) => void {
  return (details) => {
    if (details.reason !== 'install') return;
    void open(ONBOARDING_PATH).catch((error: unknown) => console.error('[postcart] opening the onboarding page failed', error));
  };
}
