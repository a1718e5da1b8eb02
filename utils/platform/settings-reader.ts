/**
 * Settings as everything but the background reads them, and the one list of their defaults. The
 * background validates every write with the zod schema in settings.ts, which is built from these
 * defaults; this reader only has to be safe on whatever storage holds, and carries no zod, so a
 * content script stays small. tests/unit/platform/settings.test.ts checks both read alike.
 */
import { browser } from 'wxt/browser';
import { CALENDARS, LANGUAGE_CHOICES } from './i18n/languages';
import type { Settings } from './settings';

export const SETTINGS_KEY = 'settings';

/** Every setting and its default. */
export const SETTINGS_DEFAULTS = {
  sellerMode: false,
  /** Anonymous, batched shopping events to the catalog servers (utils/analytics/): off until the user says yes. */
  analytics: false,
  /** The user answered the stats question (onboarding page, popup, or the switch itself): it is not asked again. */
  consentAsked: false,
  /** Look up products linked from posts as they come into view (utils/sync/linked/), off until the user turns it on. */
  linkedAuto: false,
  /** The automatic mode's lookups a minute at most, all shops together. */
  linkedPerMinute: 20,
  /** The UI language (platform/i18n/languages.ts): the browser's by default, or one Postcart speaks. */
  language: 'browser',
  /** Dates in Persian: the Gregorian calendar, or the Solar Hijri one (`persian`). */
  calendar: 'gregory',
} as const satisfies Record<string, boolean | string | number>;

/** The numbers a number setting may take, inclusive (the schema and this reader both hold to them). */
export const SETTINGS_RANGES = {
  linkedPerMinute: [1, 60],
} as const satisfies { [K in keyof typeof SETTINGS_DEFAULTS]?: readonly [number, number] };

/**
 * Stats count as agreed to only once the user was asked. Versions before the question stored
 * `analytics: true` as a default nobody chose (every write carried the whole object), so a stored
 * `true` without `consentAsked` reads as off, and the popup asks once.
 */
export function withConsentRule<S extends { analytics: boolean; consentAsked: boolean }>(settings: S): S {
  return settings.analytics && !settings.consentAsked ? { ...settings, analytics: false } : settings;
}

/** The values a string setting may take; any other reads as the defaults, as the schema reads it. */
export const SETTINGS_CHOICES: Partial<Record<keyof typeof SETTINGS_DEFAULTS, readonly string[]>> = {
  language: LANGUAGE_CHOICES,
  calendar: CALENDARS,
};

/** Settings from a raw stored value; anything unexpected reads as the defaults. */
export function settingsFromStored(raw: unknown): Settings {
  const defaults: Settings = { ...SETTINGS_DEFAULTS };
  if (raw === undefined || raw === null || typeof raw !== 'object' || Array.isArray(raw)) return defaults;
  const stored = raw as Record<string, unknown>;
  const read: Record<string, unknown> = { ...defaults };
  for (const [key, fallback] of Object.entries(SETTINGS_DEFAULTS)) {
    const value = stored[key];
    if (value === undefined) continue;
    // Like the schema: one field of the wrong type makes the whole value read as the defaults.
    const range = (SETTINGS_RANGES as Record<string, readonly [number, number] | undefined>)[key];
    if (typeof value !== typeof fallback || (range && !((value as number) >= range[0] && (value as number) <= range[1]))) return defaults;
    if (SETTINGS_CHOICES[key as keyof typeof SETTINGS_DEFAULTS]?.includes(value as string) === false) return defaults;
    read[key] = value;
  }
  return withConsentRule(read as Settings);
}

/** Settings from a storage change event, or null when the change is not about settings. */
export function settingsFromChange(changes: Record<string, { newValue?: unknown }>): Settings | null {
  const change = changes[SETTINGS_KEY];
  return change ? settingsFromStored(change.newValue) : null;
}

export async function loadSettings(): Promise<Settings> {
  return settingsFromStored((await browser.storage.local.get(SETTINGS_KEY))[SETTINGS_KEY]);
}

/** Calls `listener` with the new settings whenever they change; returns the unsubscribe. */
export function watchSettings(listener: (settings: Settings) => void): () => void {
  return watchStorage(SETTINGS_KEY, settingsFromStored, listener);
}

/** Calls `listener` with what `read` makes of a storage.local key's new value, when it changes into something; returns the unsubscribe. */
export function watchStorage<T>(key: string, read: (raw: unknown) => T | null, listener: (value: T) => void): () => void {
  const onChanged = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    const value = area === 'local' && key in changes ? read(changes[key]!.newValue) : null;
    if (value) listener(value);
  };
  browser.storage.onChanged.addListener(onChanged);
  return () => browser.storage.onChanged.removeListener(onChanged);
}
