import { describe, expect, it } from 'vitest';
import { directionOf, formatLocaleOf, intlHasFormats, LANGUAGE_NAMES, LANGUAGES, resolveLanguage } from '@/utils/platform/i18n/languages';
import { formatCount, formatDate, formatMoney, formatPercent } from '@/utils/platform/format';

describe('the language a user gets', () => {
  it('is the browser’s when the setting says so: region dropped, Tagalog as Filipino, anything else English', () => {
    const cases: [string | undefined, string][] = [
      ['fa-IR', 'fa'],
      ['fa', 'fa'],
      ['tl', 'fil'],
      ['tl-PH', 'fil'],
      ['fil-PH', 'fil'],
      ['sw-KE', 'sw'],
      ['sw_TZ', 'sw'],
      ['lv-LV', 'lv'],
      ['az-Latn-AZ', 'az'],
      ['AZ', 'az'],
      ['en-GB', 'en'],
      ['de-DE', 'en'],
      ['ar', 'en'],
      ['', 'en'],
      [undefined, 'en'],
    ];
    for (const [browser, expected] of cases) expect(resolveLanguage('browser', browser), String(browser)).toBe(expected);
  });

  it('is the chosen one whatever the browser speaks, and English for a value Postcart does not know', () => {
    expect(resolveLanguage('lv', 'fa-IR')).toBe('lv');
    expect(resolveLanguage('en', 'fa-IR')).toBe('en');
    expect(resolveLanguage('xx', 'fa-IR')).toBe('en');
    expect(resolveLanguage(undefined, 'sw-KE')).toBe('sw');
  });

  it('reads right to left only in Persian', () => {
    expect(LANGUAGES.filter((language) => directionOf(language) === 'rtl')).toEqual(['fa']);
  });

  it('is named in itself in the picker', () => {
    expect(LANGUAGE_NAMES).toEqual({ en: 'English', sw: 'Kiswahili', fa: 'فارسی', fil: 'Filipino', lv: 'Latviešu', az: 'Azərbaycanca' });
  });
});

describe('the locale numbers, prices and dates are written in', () => {
  it('is the chosen language with the browser’s region', () => {
    expect(formatLocaleOf('en', 'en-GB')).toBe('en-GB');
    expect(formatLocaleOf('sw', 'sw-KE')).toBe('sw-KE');
    expect(formatLocaleOf('lv', 'fa-IR')).toBe('lv-IR');
    expect(formatLocaleOf('fil', 'tl')).toBe('fil');
    expect(formatLocaleOf('en', undefined)).toBe('en');
  });

  it('writes Persian in Persian digits on the Gregorian calendar unless Solar Hijri is chosen', () => {
    const gregorian = formatLocaleOf('fa', 'fa-IR');
    const solar = formatLocaleOf('fa', 'fa-IR', 'persian');
    expect(gregorian).toBe('fa-IR-u-ca-gregory-nu-arabext');
    expect(solar).toBe('fa-IR-u-ca-persian-nu-arabext');
    const day = Date.UTC(2026, 10, 2, 12);
    expect(formatDate(day, gregorian)).toBe('۲ نوامبر ۲۰۲۶');
    expect(formatDate(day, solar)).toBe('۱۱ آبان ۱۴۰۵');
    expect(formatCount(1234, gregorian)).toBe('۱٬۲۳۴');
    expect(formatMoney({ minor: 12900, currency: 'USD' }, gregorian)).toContain('۱۲۹٫۰۰');
  });

  it('keeps English in Latin digits in a Persian browser (no Persian digits in an English sentence)', () => {
    const locale = formatLocaleOf('en', 'fa-IR');
    expect(locale).toBe('en-IR');
    expect(formatCount(212, locale)).toBe('212');
    expect(formatMoney({ minor: 12900, currency: 'USD' }, locale)).toMatch(/^\$?129\.00/);
  });

  it('stands in a locale writing numbers the same way where the browser has no Azerbaijani formats (Chromium)', () => {
    // Node has full ICU, so the browser without Azerbaijani data is told, not detected.
    expect(intlHasFormats('az')).toBe(true);
    const standIn = formatLocaleOf('az', undefined, 'gregory', false);
    expect(standIn).toBe('de-AZ');
    expect(formatMoney({ minor: 123450, currency: 'USD' }, standIn)).toBe('1.234,50\u00a0$');
    expect(formatDate(Date.UTC(2026, 10, 2, 12), standIn)).toBe('02.11.2026');
    expect(formatPercent(0.123, standIn)).toBe('12,3\u00a0%');
    // Where the browser has the formats, Azerbaijani is Azerbaijani.
    expect(formatLocaleOf('az', 'az-AZ', 'gregory', true)).toBe('az-AZ');
  });
});
