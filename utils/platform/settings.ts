/**
 * User settings live in extension storage (not IndexedDB) so content scripts can read them and
 * react to changes; writes go through the background only, checked with this schema (built from
 * the defaults in settings-reader.ts, the one place they are written).
 */
import { z } from 'zod';
import type { Handlers } from './messages';
import { CALENDARS, LANGUAGE_CHOICES } from './i18n/languages';
import { SETTINGS_DEFAULTS, SETTINGS_KEY } from './settings-reader';

export const Settings = z.object({
  sellerMode: z.boolean().default(SETTINGS_DEFAULTS.sellerMode),
  analytics: z.boolean().default(SETTINGS_DEFAULTS.analytics),
  language: z.enum(LANGUAGE_CHOICES).default(SETTINGS_DEFAULTS.language),
  calendar: z.enum(CALENDARS).default(SETTINGS_DEFAULTS.calendar),
});
export type Settings = z.infer<typeof Settings>;
/** What overlays read of the settings (their language comes with the stored bundle, platform/i18n/stored.ts). */
export type OverlaySettings = Pick<Settings, 'sellerMode' | 'analytics'>;

/** The slice of `browser.storage.local` settings need; tests pass WXT's fake browser storage. */
export interface SettingsStore {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
}

/** Reads settings; anything unreadable falls back to defaults rather than breaking the UI. */
export async function readSettings(store: SettingsStore): Promise<Settings> {
  const raw = (await store.get(SETTINGS_KEY))[SETTINGS_KEY];
  const parsed = Settings.safeParse(raw ?? {});
  return parsed.success ? parsed.data : Settings.parse({});
}

/** Writes settings; fields left out take their defaults. */
export async function writeSettings(store: SettingsStore, settings: z.input<typeof Settings>): Promise<Settings> {
  const valid = Settings.parse(settings);
  await store.set({ [SETTINGS_KEY]: valid });
  return valid;
}

export function settingsHandlers(store: SettingsStore): Handlers<'get-settings' | 'set-settings'> {
  return {
    'get-settings': () => readSettings(store),
    'set-settings': (m) => writeSettings(store, m.settings),
  };
}
