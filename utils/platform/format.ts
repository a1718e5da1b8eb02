/**
 * Every number, price, date and duration a user reads goes through here, with Intl in the locale
 * of the language the user chose (platform/i18n/languages.ts: Persian digits and the Gregorian
 * calendar unless Solar Hijri was chosen): one memoised formatter per locale and kind, since
 * building them is slow and a feed formats hundreds of prices and counts.
 */
import { uiLanguage, uiLocale, type PluralCategory } from './i18n/active';
import { toDecimal, type Money } from './money';

/**
 * Intl formatters are slow to build (a buy button's count and price, hundreds per feed): one per
 * locale and kind, built on first use.
 */
function memo<F>(build: (locale: string | undefined) => F): (locale: string | undefined) => F {
  const built = new Map<string, F>();
  return (locale) => {
    let format = built.get(locale ?? '');
    if (!format) built.set(locale ?? '', (format = buildOrDefault(build, locale)));
    return format;
  };
}

/** A locale Intl does not know (a typo in a setting, a page's odd lang) falls back to the default one. */
function buildOrDefault<F>(build: (locale: string | undefined) => F, locale: string | undefined): F {
  try {
    return build(locale);
  } catch {
    return build(undefined);
  }
}

const ratingFormat = memo((locale) => new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }));
const countFormat = memo((locale) => new Intl.NumberFormat(locale));
const dateFormat = memo((locale) => new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }));
const ageFormat = memo((locale) => new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }));
const dateTimeFormat = memo((locale) => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }));
const dayFormat = memo((locale) => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }));
const monthDayFormat = memo((locale) => new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric' }));
const percentFormat = memo((locale) => new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }));
const andListFormat = memo((locale) => new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' }));
const pluralRules = memo((locale) => new Intl.PluralRules(locale));
const listFormat = memo((locale) => new Intl.ListFormat(locale, { style: 'short', type: 'unit' }));
const moneyFormats = new Map<string, Intl.NumberFormat>();

/** 12900 USD -> "$129.00" (en-US), "129,00 $" (fr). */
export function formatMoney(money: Money, locale: string | undefined = uiLocale()): string {
  const key = `${locale ?? ''}|${money.currency}`;
  let format = moneyFormats.get(key);
  if (!format) moneyFormats.set(key, (format = buildOrDefault((l) => new Intl.NumberFormat(l, { style: 'currency', currency: money.currency }), locale)));
  // Intl takes decimal strings exactly (no float rounding on the way).
  return format.format(toDecimal(money.minor, money.currency) as unknown as number);
}

/** 0.123 -> "12.3%". */
export function formatPercent(ratio: number, locale: string | undefined = uiLocale()): string {
  return percentFormat(locale).format(ratio);
}

/** A moment with its time: "Nov 2, 2026, 14:05". */
export function formatDateTime(at: number, locale: string | undefined = uiLocale()): string {
  return dateTimeFormat(locale).format(new Date(at));
}

/** A day within the last months, without the year: "Nov 2" (a price chart's low). */
export function formatMonthDay(at: number, locale: string | undefined = uiLocale()): string {
  return monthDayFormat(locale).format(new Date(at));
}

/** A calendar day given as "2026-11-02", shown as that day wherever the user is. */
export function formatDay(isoDay: string, locale: string | undefined = uiLocale()): string {
  const value = new Date(`${isoDay}T00:00:00Z`);
  return Number.isNaN(value.getTime()) ? isoDay : dayFormat(locale).format(value);
}

/** 4.6 -> "4.6" (or "4,6" in Latvian); always one decimal so ratings line up. */
export function formatRating(rating: number, locale: string | undefined = uiLocale()): string {
  return ratingFormat(locale).format(rating);
}

/** ["Instagram", "TikTok"] -> "Instagram and TikTok" (the language's own "and"). */
export function formatAndList(items: readonly string[], locale: string | undefined = uiLanguage()): string {
  return andListFormat(locale).format(items);
}

/** 1234 -> "1,234", "1 234" (Latvian), "۱٬۲۳۴" (Persian). */
export function formatCount(count: number, locale: string | undefined = uiLocale()): string {
  return countFormat(locale).format(count);
}

/** Names side by side: "Trail Jacket, Linen Napkins" ("…، …" in Persian); in the language (its words, not a stand-in's). */
export function formatList(items: readonly string[], locale: string | undefined = uiLanguage()): string {
  return listFormat(locale).format(items);
}

/** The plural form a count takes in the language (Latvian 11 -> "zero", Filipino 5 -> "one"). */
export function pluralCategory(count: number, locale: string | undefined = uiLocale()): PluralCategory {
  return pluralRules(locale).select(count);
}

export function formatDate(date: string | number, locale: string | undefined = uiLocale()): string {
  const value = new Date(date);
  if (Number.isNaN(value.getTime())) return '';
  return dateFormat(locale).format(value);
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

/** How long ago in whole days, hours or minutes ([null, 0]: under a minute), for messages that say it in a sentence. */
export function ageOf(at: number, now: number): [Intl.RelativeTimeFormatUnit | null, number] {
  const elapsed = Math.max(0, now - at);
  for (const [unit, ms] of UNITS) {
    if (elapsed >= ms) return [unit, Math.floor(elapsed / ms)];
  }
  return [null, 0];
}

/**
 * How long ago, in words of the locale: "3 hours ago", "gestern". A locale standing in for a
 * language the browser has no formats for (i18n/languages.ts) would say it in its own language:
 * UI text says it with messages instead (`ageOf`, the product card).
 */
export function formatAge(at: number, now: number, locale: string | undefined = uiLocale()): string {
  const [unit, count] = ageOf(at, now);
  return ageFormat(locale).format(-count, unit ?? 'minute');
}
