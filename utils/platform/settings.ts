/**
 * User settings live in extension storage (not IndexedDB) so content scripts can read them and
 * react to changes; writes go through the background only.
 */
import { z } from 'zod';
import { SETTINGS_KEY } from './settings-reader';

export const Settings = z.object({
  sellerMode: z.boolean().default(false),
  /** Anonymous, batched shopping events to the catalog servers (utils/analytics.ts); the user can switch them off. */
  analytics: z.boolean().default(true),
});
export type Settings = z.infer<typeof Settings>;

export { SETTINGS_KEY };

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

export async function writeSettings(store: SettingsStore, settings: Settings): Promise<Settings> {
  const valid = Settings.parse(settings);
  await store.set({ [SETTINGS_KEY]: valid });
  return valid;
}
