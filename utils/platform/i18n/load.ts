/**
 * Loading the chosen language where the extension's own files can be fetched: the background
 * (which keeps a copy in storage for the content scripts) and the extension pages. The built
 * bundles are /i18n/<lang>.json; which one, and the Intl locale to format with, follow from the
 * language setting and the browser's UI language.
 */
import { browser } from 'wxt/browser';
import type { Settings } from '../settings';
import type { Bundle } from './active';
import type { BundleFile } from './compile';
import { formatLocaleOf, intlHasFormats, resolveLanguage, type Language } from './languages';
import { BUNDLE_KEY } from './stored';

export type LanguageSettings = Pick<Settings, 'language' | 'calendar'>;

/** The browser's UI language ("fa-IR", "tl"), or undefined outside an extension. */
export function browserLanguage(): string | undefined {
  try {
    return browser.i18n.getUILanguage() || undefined;
  } catch {
    return undefined;
  }
}

export type FetchBundle = (language: Language) => Promise<BundleFile>;

/** Reads a built bundle from the extension's own files (not web-accessible: only the extension can). */
export const fetchBuiltBundle: FetchBundle = async (language) => {
  const response = await fetch(browser.runtime.getURL(`/i18n/${language}.json` as '/'));
  if (!response.ok) throw new Error(`no bundle for ${language}`);
  return (await response.json()) as BundleFile;
};

/** The bundle the settings choose, with the locale to format in. */
export async function loadBundle(settings: LanguageSettings, uiLanguage = browserLanguage(), fetchBundle: FetchBundle = fetchBuiltBundle): Promise<Bundle> {
  const language = resolveLanguage(settings.language, uiLanguage);
  const file = await fetchBundle(language);
  return { ...file, locale: formatLocaleOf(language, uiLanguage, settings.calendar, intlHasFormats(language)) };
}

/** The slice of `browser.storage.local` the keeper needs; tests pass WXT's fake browser storage. */
export interface BundleStore {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
}

/** Beside the bundle: which build, language and locale it is, so a start can tell it is current without reading it. */
export const BUNDLE_TAG_KEY = 'i18nTag';

/**
 * Keeps the chosen language's bundle in storage for the content scripts. Called at every start of
 * the background (a browser whose UI language changed restarts), after install or update (`force`:
 * the messages changed) and whenever the settings change; writes only when something differs.
 */
export async function keepStoredBundle(
  store: BundleStore,
  settings: LanguageSettings,
  options: { build: string; force?: boolean; uiLanguage?: string; fetchBundle?: FetchBundle },
): Promise<Bundle | null> {
  const language = resolveLanguage(settings.language, options.uiLanguage);
  const tag = `${options.build}|${language}|${formatLocaleOf(language, options.uiLanguage, settings.calendar, intlHasFormats(language))}`;
  if (!options.force && (await store.get(BUNDLE_TAG_KEY))[BUNDLE_TAG_KEY] === tag) return null;
  const bundle = await loadBundle(settings, options.uiLanguage, options.fetchBundle);
  await store.set({ [BUNDLE_KEY]: bundle, [BUNDLE_TAG_KEY]: tag });
  return bundle;
}
