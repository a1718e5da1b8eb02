/**
 * The message bundle in use in this page or content script, and what formatting reads from it.
 * Its own module so format.ts (which t() uses for numbers) and i18n.ts need not import each other.
 */

/** The plural categories of CLDR, as Intl.PluralRules names them. */
export type PluralCategory = 'zero' | 'one' | 'two' | 'few' | 'many' | 'other';

/**
 * A message as t() reads it: a text, or an object with the text per plural category (`other`
 * always) and which arguments are numbers: `c` selects the plural form, `n` lists every numeric
 * one (`c` too), formatted in the language. Arguments are 1-based, as in `$1`.
 */
export type CompiledMessage = string | ({ other: string; c?: number; n?: number[] } & Partial<Record<PluralCategory, string>>);

/** One language's messages with what the page needs to show them (storage.local `i18n`, /i18n/<lang>.json). */
export interface Bundle {
  /** The language of the messages (`lang` of pages and shadow roots). */
  lang: string;
  dir: 'ltr' | 'rtl';
  /** The Intl locale numbers, prices and dates are formatted in (Persian digits, calendar). */
  locale: string;
  messages: Record<string, CompiledMessage>;
}

let active: Bundle | null = null;

export function activeBundle(): Bundle | null {
  return active;
}

export function setActiveBundle(bundle: Bundle | null): void {
  active = bundle;
}

/**
 * The locale numbers, prices and dates are formatted in: the active bundle's. Without one the UI
 * speaks the English of public/_locales, so it formats in English too (never Persian digits in an
 * English sentence).
 */
export function uiLocale(): string {
  return active?.locale ?? 'en';
}

/** Text direction of the active language. */
export function uiDirection(): 'ltr' | 'rtl' {
  return active?.dir ?? 'ltr';
}

/** The language of the active messages, for `lang` attributes. */
export function uiLanguage(): string {
  return active?.lang ?? 'en';
}
