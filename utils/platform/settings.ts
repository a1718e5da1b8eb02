/**
 * User settings live in extension storage (not IndexedDB) so content scripts can read them and
 * react to changes; writes go through the background only, checked with this schema (built from
 * the defaults in settings-reader.ts, the one place they are written).
 */
import { z } from 'zod';
import type { Handlers } from './messages';
import { CALENDARS, LANGUAGE_CHOICES } from './i18n/languages';
import { SETTINGS_DEFAULTS, SETTINGS_KEY, SETTINGS_RANGES, withConsentRule } from './settings-reader';

export const Settings = z
  .object({
    sellerMode: z.boolean().default(SETTINGS_DEFAULTS.sellerMode),
    analytics: z.boolean().default(SETTINGS_DEFAULTS.analytics),
    consentAsked: z.boolean().default(SETTINGS_DEFAULTS.consentAsked),
    linkedAuto: z.boolean().default(SETTINGS_DEFAULTS.linkedAuto),
    linkedPerMinute: z.number().min(SETTINGS_RANGES.linkedPerMinute[0]).max(SETTINGS_RANGES.linkedPerMinute[1]).default(SETTINGS_DEFAULTS.linkedPerMinute),
    language: z.enum(LANGUAGE_CHOICES).default(SETTINGS_DEFAULTS.language),
    calendar: z.enum(CALENDARS).default(SETTINGS_DEFAULTS.calendar),
  })
  .transform(withConsentRule);
export type Settings = z.infer<typeof Settings>;
/** What overlays read of the settings (their language comes with the stored bundle, platform/i18n/stored.ts). */
export type OverlaySettings = Pick<Settings, 'sellerMode' | 'analytics' | 'linkedAuto' | 'linkedPerMinute'>;

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

/**
 * The user's answer about anonymous stats (the onboarding page, the popup's question, or the
 * switch): it counts as asked from now on. Only this field changes, so a page holding older
 * settings cannot undo another page's choice.
 */
export async function answerAnalytics(store: SettingsStore, analytics: boolean): Promise<Settings> {
  return writeSettings(store, { ...(await readSettings(store)), analytics, consentAsked: true });
}

export function settingsHandlers(store: SettingsStore): Handlers<'get-settings' | 'set-settings' | 'set-analytics'> {
  return {
    'get-settings': () => readSettings(store),
    'set-settings': (m) => writeSettings(store, m.settings),
    'set-analytics': (m) => answerAnalytics(store, m.analytics),
  };
}
