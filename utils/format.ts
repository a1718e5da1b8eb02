/** Display helpers shared by overlay and popup; numbers always through Intl in the UI locale. */
import { uiLocale } from './i18n';

const ratingFormats = new Map<string, Intl.NumberFormat>();

/** 4.6 -> "4.6" (or "4,6" in Latvian); always one decimal so ratings line up. */
export function formatRating(rating: number, locale: string | undefined = uiLocale()): string {
  const key = locale ?? '';
  let format = ratingFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
    ratingFormats.set(key, format);
  }
  return format.format(rating);
}

export function formatCount(count: number, locale: string | undefined = uiLocale()): string {
  return new Intl.NumberFormat(locale).format(count);
}

export function formatDate(date: string | number, locale: string | undefined = uiLocale()): string {
  const value = new Date(date);
  if (Number.isNaN(value.getTime())) return '';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(value);
}

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

/** How long ago, in words of the UI language: "3 hours ago", "gestern". */
export function formatAge(at: number, now: number, locale: string | undefined = uiLocale()): string {
  const elapsed = Math.max(0, now - at);
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  for (const [unit, ms] of UNITS) {
    if (elapsed >= ms) return format.format(-Math.floor(elapsed / ms), unit);
  }
  return format.format(0, 'minute');
}
