import { describe, expect, it, vi } from 'vitest';
import { SETTINGS_DEFAULTS } from '@/utils/platform/settings-reader';
import { answerStats, browserStatsPermission, statsDataCollection, statsPermitted, watchStatsPermission, type PermissionsApi } from '@/utils/analytics/consent';
import type { Settings } from '@/utils/platform/settings';

/** What our Firefox build's manifest declares (wxt.config.ts); Chrome's has no such key. */
const FIREFOX = { browser_specific_settings: { gecko: { data_collection_permissions: { required: ['personallyIdentifyingInfo'], optional: ['technicalAndInteraction', 'browsingActivity'] } } } };
const CHROME = { manifest_version: 3 };

function fakePermissions(granted = false) {
  const calls: string[] = [];
  let listener: ((removed: { data_collection?: string[] }) => void) | undefined;
  const api: PermissionsApi = {
    contains: vi.fn(async () => granted),
    request: vi.fn(async (p) => {
      calls.push(`request ${p.data_collection.join(',')}`);
      return granted;
    }),
    remove: vi.fn(async (p) => {
      calls.push(`remove ${p.data_collection.join(',')}`);
      return true;
    }),
    onRemoved: { addListener: (l) => (listener = l) },
  };
  return { api, calls, remove: (types: string[]) => listener?.({ data_collection: types }) };
}

const stored = (analytics: boolean): Settings => ({ ...SETTINGS_DEFAULTS, sellerMode: false, analytics, consentAsked: true });

describe('consent to the stats', () => {
  it('is a browser permission only where our manifest declares it optional (Firefox)', () => {
    expect(statsDataCollection(FIREFOX)).toEqual({ data_collection: ['technicalAndInteraction', 'browsingActivity'] });
    expect(statsDataCollection(CHROME)).toBeNull();
    expect(statsDataCollection(null)).toBeNull();
  });

  it('lets stats leave in Chrome on the setting alone, in Firefox only while the permission is granted', async () => {
    expect(await statsPermitted(fakePermissions(false).api, CHROME)).toBe(true);
    expect(await statsPermitted(fakePermissions(false).api, FIREFOX)).toBe(false);
    expect(await statsPermitted(fakePermissions(true).api, FIREFOX)).toBe(true);
    const broken = { contains: async () => Promise.reject(new Error('no')) };
    expect(await statsPermitted(broken, FIREFOX)).toBe(false);
  });

  it('asks Firefox on "yes" before the answer is stored, and stores no when it is refused', async () => {
    const refused = fakePermissions(false);
    const send = vi.fn(async (analytics: boolean) => stored(analytics));
    const answer = answerStats(browserStatsPermission(refused.api, FIREFOX), true, send);
    // The request starts in the same task as the click (before any await).
    expect(refused.calls).toEqual(['request technicalAndInteraction,browsingActivity']);
    expect(await answer).toEqual(stored(false));
    expect(send).toHaveBeenCalledWith(false);

    const granted = fakePermissions(true);
    expect(await answerStats(browserStatsPermission(granted.api, FIREFOX), true, send)).toEqual(stored(true));
  });

  it('gives the permission back on "no", and asks Chrome nothing', async () => {
    const firefox = fakePermissions(true);
    await answerStats(browserStatsPermission(firefox.api, FIREFOX), false, async (a) => stored(a));
    expect(firefox.calls).toEqual(['remove technicalAndInteraction,browsingActivity']);
    const chrome = fakePermissions(false);
    expect(await answerStats(browserStatsPermission(chrome.api, CHROME), true, async (a) => stored(a))).toEqual(stored(true));
    expect(chrome.calls).toEqual([]);
  });

  it('switches the stats off when the user takes the permission back in the add-ons manager', () => {
    const firefox = fakePermissions(true);
    const off = vi.fn(async () => undefined);
    watchStatsPermission(firefox.api, FIREFOX, off);
    firefox.remove(['websiteContent']);
    expect(off).not.toHaveBeenCalled();
    firefox.remove(['technicalAndInteraction']);
    expect(off).toHaveBeenCalledTimes(1);
  });
});
