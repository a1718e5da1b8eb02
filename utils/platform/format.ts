/** Display helpers shared by overlay and popup; numbers always through Intl in the UI locale. */
import { uiLocale } from './i18n';

/**
 * Intl formatters are slow to build (a buy button's count and price, hundreds per feed): one per
 * locale and kind, built on first use.
 */
function memo<F>(build: (locale: string | undefined) => F): (locale: string | undefined) => F {
  const built = new Map<string, F>();
  return (locale) => {
    let format = built.get(locale ?? '');
    if (!format) built.set(locale ?? '', (format = build(locale)));
    return format;
  };
}

const ratingFormat = memo((locale) => new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }));
const countFormat = memo((locale) => new Intl.NumberFormat(locale));
const dateFormat = memo((locale) => new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }));
const ageFormat = memo((locale) => new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }));

/** 4.6 -> "4.6" (or "4,6" in Latvian); always one decimal so ratings line up. */
export function formatRating(rating: number, locale: string | undefined = uiLocale()): string {
  return ratingFormat(locale).format(rating);
}

export function formatCount(count: number, locale: string | undefined = uiLocale()): string {
  return countFormat(locale).format(count);
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

/** How long ago, in words of the UI language: "3 hours ago", "gestern". */
export function formatAge(at: number, now: number, locale: string | undefined = uiLocale()): string {
  const elapsed = Math.max(0, now - at);
  const format = ageFormat(locale);
  for (const [unit, ms] of UNITS) {
    if (elapsed >= ms) return format.format(-Math.floor(elapsed / ms), unit);
  }
  return format.format(0, 'minute');
}
