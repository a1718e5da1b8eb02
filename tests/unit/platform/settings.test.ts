import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { SETTINGS_DEFAULTS, settingsFromChange, settingsFromStored } from '@/utils/platform/settings-reader';
import { answerAnalytics, readSettings, Settings, writeSettings } from '@/utils/platform/settings';

const STORED = [
  undefined, null, {}, { sellerMode: true }, { sellerMode: false }, { sellerMode: 'yes' }, { sellerMode: 1 }, 'true', [], { sellerMode: true, extra: 1 },
  { analytics: false }, { analytics: true, sellerMode: true }, { analytics: 'off' }, { analytics: 0, sellerMode: true }, { sellerMode: true, analytics: null },
  { linkedAuto: true }, { linkedAuto: 'on' }, { linkedAuto: true, linkedPerMinute: 12 }, { linkedPerMinute: 2.5 }, { linkedPerMinute: 0 }, { linkedPerMinute: 61 },
  { linkedPerMinute: -5, linkedAuto: true }, { linkedPerMinute: '20' }, { linkedPerMinute: 60, sellerMode: true },
  { analytics: true, consentAsked: true }, { analytics: true, consentAsked: false }, { consentAsked: true }, { consentAsked: 'yes', analytics: true },
  { language: 'fa' }, { language: 'fil', calendar: 'persian' }, { language: 'tl' }, { language: 'fa-IR' }, { language: 1 }, { language: 'browser', sellerMode: true },
  { calendar: 'persian' }, { calendar: 'islamic' }, { language: 'az', analytics: false },
];
const DEFAULTS = { ...SETTINGS_DEFAULTS };

describe('settings', () => {
  it('read the same in a content script as the zod schema reads them, whatever storage holds', () => {
    for (const raw of STORED) {
      const parsed = Settings.safeParse(raw ?? {});
      const expected = parsed.success ? parsed.data : Settings.parse({});
      expect(settingsFromStored(raw), JSON.stringify(raw)).toEqual(expected);
    }
  });

  it('round-trip through extension storage, and a broken stored value reads as the defaults', async () => {
    expect(await readSettings(fakeBrowser.storage.local)).toEqual(DEFAULTS);
    await writeSettings(fakeBrowser.storage.local, { ...DEFAULTS, sellerMode: true, analytics: true, consentAsked: true });
    expect(await readSettings(fakeBrowser.storage.local)).toEqual({ ...DEFAULTS, sellerMode: true, analytics: true, consentAsked: true });
    await writeSettings(fakeBrowser.storage.local, { ...DEFAULTS, sellerMode: true, language: 'lv' });
    expect(await readSettings(fakeBrowser.storage.local)).toEqual({ ...DEFAULTS, sellerMode: true, language: 'lv' });
    await fakeBrowser.storage.local.set({ settings: { sellerMode: 'on' } });
    expect(await readSettings(fakeBrowser.storage.local)).toEqual(DEFAULTS);
  });

  it('come from a storage change only when the change is about settings', () => {
    expect(settingsFromChange({ other: { newValue: 1 } })).toBeNull();
    expect(settingsFromChange({ settings: { newValue: { sellerMode: true } } })).toEqual({ ...DEFAULTS, sellerMode: true });
  });

  it('share no stats until the user was asked: off by default, and a stored yes nobody was asked for reads as off', async () => {
    expect(Settings.parse({})).toEqual(DEFAULTS);
    // What versions before the question stored: analytics true as a default, consentAsked absent.
    const legacy = { sellerMode: true, analytics: true };
    expect(Settings.parse(legacy)).toEqual({ ...DEFAULTS, sellerMode: true, analytics: false, consentAsked: false });
    expect(settingsFromStored(legacy)).toEqual({ ...DEFAULTS, sellerMode: true, analytics: false, consentAsked: false });
    await fakeBrowser.storage.local.set({ settings: legacy });
    expect((await readSettings(fakeBrowser.storage.local)).analytics).toBe(false);
  });

  it('record an answer to the stats question as asked, changing nothing else', async () => {
    await fakeBrowser.storage.local.set({ settings: { sellerMode: true } });
    expect(await answerAnalytics(fakeBrowser.storage.local, true)).toEqual({ ...DEFAULTS, sellerMode: true, analytics: true, consentAsked: true });
    expect(await answerAnalytics(fakeBrowser.storage.local, false)).toEqual({ ...DEFAULTS, sellerMode: true, analytics: false, consentAsked: true });
    expect(await readSettings(fakeBrowser.storage.local)).toEqual({ ...DEFAULTS, sellerMode: true, analytics: false, consentAsked: true });
  });
});
