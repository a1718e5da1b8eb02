/**
 * The languages Postcart speaks and how the user's choice becomes a language, a text direction and
 * an Intl locale. Chrome's own i18n knows only the browser's language, spells Tagalog `fil` and has
 * no Azerbaijani, so the choice is Postcart's setting and its messages are its own bundles.
 * No zod and no browser API here: pages, the background and tests share it.
 */

/** Every language with a message bundle, English first (the source every other is checked against). */
export const LANGUAGES = ['en', 'sw', 'fa', 'fil', 'lv', 'az'] as const;
export type Language = (typeof LANGUAGES)[number];

/** The language setting: a language, or whatever the browser's UI language resolves to. */
export const LANGUAGE_CHOICES = ['browser', ...LANGUAGES] as const;
export type LanguageChoice = (typeof LANGUAGE_CHOICES)[number];

/** Calendars for dates in Persian: Gregorian unless the user picks the Solar Hijri one (Intl's `persian`). */
export const CALENDARS = ['gregory', 'persian'] as const;
export type Calendar = (typeof CALENDARS)[number];

/** Each language named in itself, for the picker (a user who cannot read the UI still finds theirs). */
export const LANGUAGE_NAMES: Record<Language, string> = {
  en: 'English',
  sw: 'Kiswahili',
  fa: 'فارسی',
  fil: 'Filipino',
  lv: 'Latviešu',
  az: 'Azərbaycanca',
};

const RTL: ReadonlySet<string> = new Set(['fa']);

export function directionOf(language: string): 'ltr' | 'rtl' {
  return RTL.has(language) ? 'rtl' : 'ltr';
}

/** The language subtag of a BCP 47 tag, lower-cased, with Tagalog read as Filipino ("tl-PH" -> "fil"). */
function primaryLanguage(tag: string | undefined): string {
  const primary = (tag ?? '').split(/[-_]/)[0]!.toLowerCase();
  return primary === 'tl' ? 'fil' : primary;
}

/** The region subtag of a BCP 47 tag ("en-GB" -> "GB", "az-Latn-AZ" -> "AZ"), or ''. */
function regionOf(tag: string | undefined): string {
  const parts = (tag ?? '').split(/[-_]/).slice(1);
  return parts.find((part) => /^([A-Za-z]{2}|\d{3})$/.test(part))?.toUpperCase() ?? '';
}

/** The language a choice means with this browser UI language: region tags dropped, `tl` as `fil`, unknown as English. */
export function resolveLanguage(choice: LanguageChoice | string | undefined, browserLanguage: string | undefined): Language {
  const wanted = choice && choice !== 'browser' ? choice : primaryLanguage(browserLanguage);
  return (LANGUAGES as readonly string[]).includes(wanted) ? (wanted as Language) : 'en';
}

/**
 * A locale that writes numbers and dates as the language does, for a browser without the
 * language's own formats: Chromium's ICU ships Azerbaijani "abridged" (months "M11", "$ 1,234.50",
 * "-3 h"), and German writes prices ("1.234,50 $") and medium dates ("02.11.2026", digits only)
 * the Azerbaijani way.
 */
const NUMBERS_LIKE: Partial<Record<Language, string>> = { az: 'de' };

/** Whether this browser's Intl has the language's own formats (without them months are named "M1"…"M12"). */
export function intlHasFormats(language: Language): boolean {
  try {
    return !/^M\d/.test(new Intl.DateTimeFormat(language, { month: 'long', timeZone: 'UTC' }).format(0));
  } catch {
    return false;
  }
}

/**
 * The Intl locale for numbers, prices and dates: the chosen language with the browser's region
 * (so "en" in a British browser writes dates the British way and the checkout still guesses the
 * shopper's country), Persian with Persian digits and the Gregorian calendar unless Solar Hijri
 * was chosen. Where the browser lacks the language's formats (`hasFormats` false), a locale
 * writing them the same way stands in (NUMBERS_LIKE), with the region the language implies when
 * the browser names none (never the stand-in's country).
 */
export function formatLocaleOf(language: Language, browserLanguage: string | undefined, calendar: Calendar = 'gregory', hasFormats = true): string {
  const like = hasFormats ? undefined : NUMBERS_LIKE[language];
  const region = regionOf(browserLanguage) || (like ? (new Intl.Locale(language).maximize().region ?? '') : '');
  const base = [like ?? language, region].filter(Boolean).join('-');
  return language === 'fa' ? `${base}-u-ca-${calendar}-nu-arabext` : base;
}
