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
