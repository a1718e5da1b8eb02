import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { SETTINGS_DEFAULTS, settingsFromChange, settingsFromStored } from '@/utils/platform/settings-reader';
import { readSettings, Settings, writeSettings } from '@/utils/platform/settings';

const STORED = [
  undefined, null, {}, { sellerMode: true }, { sellerMode: false }, { sellerMode: 'yes' }, { sellerMode: 1 }, 'true', [], { sellerMode: true, extra: 1 },
  { analytics: false }, { analytics: true, sellerMode: true }, { analytics: 'off' }, { analytics: 0, sellerMode: true }, { sellerMode: true, analytics: null },
  { language: 'fa' }, { language: 'fil', calendar: 'persian' }, { language: 'tl' }, { language: 'fa-IR' }, { language: 1 }, { language: 'browser', sellerMode: true },
  { calendar: 'persian' }, { calendar: 'islamic' }, { language: 'az', analytics: false },
];

describe('settings', () => {
  it('read the same in a content script as the zod schema reads them, whatever storage holds', () => {
    for (const raw of STORED) {
      const parsed = Settings.safeParse(raw ?? {});
      const expected = parsed.success ? parsed.data : Settings.parse({});
      expect(settingsFromStored(raw), JSON.stringify(raw)).toEqual(expected);
    }
  });

  it('round-trip through extension storage, and a broken stored value reads as the defaults', async () => {
    expect(await readSettings(fakeBrowser.storage.local)).toEqual({ ...SETTINGS_DEFAULTS, sellerMode: false, analytics: true });
    await writeSettings(fakeBrowser.storage.local, { sellerMode: true, analytics: false });
    expect(await readSettings(fakeBrowser.storage.local)).toEqual({ ...SETTINGS_DEFAULTS, sellerMode: true, analytics: false });
    await writeSettings(fakeBrowser.storage.local, { sellerMode: true, analytics: false, language: 'lv' });
    expect(await readSettings(fakeBrowser.storage.local)).toEqual({ ...SETTINGS_DEFAULTS, sellerMode: true, analytics: false, language: 'lv' });
    await fakeBrowser.storage.local.set({ settings: { sellerMode: 'on' } });
    expect(await readSettings(fakeBrowser.storage.local)).toEqual({ ...SETTINGS_DEFAULTS, sellerMode: false, analytics: true });
  });

  it('come from a storage change only when the change is about settings', () => {
    expect(settingsFromChange({ other: { newValue: 1 } })).toBeNull();
    expect(settingsFromChange({ settings: { newValue: { sellerMode: true } } })).toEqual({ ...SETTINGS_DEFAULTS, sellerMode: true, analytics: true });
  });
});
