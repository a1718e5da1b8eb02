/**
 * Settings as a content script reads them. The background validates every write with the zod
 * schema in utils/settings.ts; this reader only has to be safe on whatever storage holds, and
 * skips zod to keep the content scripts small. tests/unit/settings.test.ts checks it agrees with
 * the schema.
 */
import type { Settings } from './settings';

export const SETTINGS_KEY = 'settings';

/** Settings from a raw stored value; anything unexpected reads as the defaults. */
export function settingsFromStored(raw: unknown): Settings {
  const defaults: Settings = { sellerMode: false, analytics: true };
  if (raw === undefined || raw === null) return defaults;
  if (typeof raw !== 'object' || Array.isArray(raw)) return defaults;
  const { sellerMode, analytics } = raw as { sellerMode?: unknown; analytics?: unknown };
  // Like the schema: one field of the wrong type makes the whole value read as the defaults.
  const ok = (value: unknown) => value === undefined || typeof value === 'boolean';
  if (!ok(sellerMode) || !ok(analytics)) return defaults;
  return { sellerMode: sellerMode === true, analytics: analytics !== false };
}

/** Settings from a storage change event, or null when the change is not about settings. */
export function settingsFromChange(changes: Record<string, { newValue?: unknown }>): Settings | null {
  const change = changes[SETTINGS_KEY];
  return change ? settingsFromStored(change.newValue) : null;
}
