import { describe, expect, it } from 'vitest';
import { addMoney, currencyDigits, parseDecimal, toDecimal, totalsByCurrency } from '@/utils/platform/money';
import { formatMoney } from '@/utils/platform/format';

describe('money', () => {
  it('parses decimal strings into integer minor units per currency', () => {
    expect(parseDecimal('129.00', 'USD')).toBe(12900);
    expect(parseDecimal('129', 'USD')).toBe(12900);
    expect(parseDecimal('0.5', 'EUR')).toBe(50);
    expect(parseDecimal('3200', 'JPY')).toBe(3200);
    expect(parseDecimal('1.234', 'KWD')).toBe(1234);
  });

  it('knows that JPY has no minor unit and USD has two', () => {
    expect(currencyDigits('JPY')).toBe(0);
    expect(currencyDigits('USD')).toBe(2);
  });

  it('accepts trailing zeros beyond the currency digits but refuses real extra precision', () => {
    expect(parseDecimal('3200.00', 'JPY')).toBe(3200);
    expect(() => parseDecimal('3200.5', 'JPY')).toThrow(expect.objectContaining({ key: 'skipTooManyDecimals' }));
    expect(() => parseDecimal('12.345', 'USD')).toThrow(expect.objectContaining({ key: 'skipTooManyDecimals' }));
  });

  it('rejects anything that is not a plain non-negative decimal', () => {
    for (const bad of ['-1.00', '1e3', '12,00', '', 'abc', '1.2.3', ' ', 'NaN']) {
      expect(() => parseDecimal(bad, 'USD'), bad).toThrow();
    }
  });

  it('adds 0.10 and 0.20 to exactly 0.30', () => {
    const sum = addMoney({ minor: parseDecimal('0.10', 'USD'), currency: 'USD' }, { minor: parseDecimal('0.20', 'USD'), currency: 'USD' });
    expect(sum.minor).toBe(30);
    expect(toDecimal(sum.minor, 'USD')).toBe('0.30');
  });

  it('never adds two currencies together', () => {
    expect(() => addMoney({ minor: 1, currency: 'USD' }, { minor: 1, currency: 'EUR' })).toThrow(/Cannot add/);
    expect(
      totalsByCurrency([
        { unitMinor: 1000, quantity: 2, currency: 'USD' },
        { unitMinor: 500, quantity: 1, currency: 'EUR' },
        { unitMinor: 1, quantity: 3, currency: 'USD' },
      ]),
    ).toEqual([
      { currency: 'USD', minor: 2003 },
      { currency: 'EUR', minor: 500 },
    ]);
  });

  it('turns minor units back into exact decimal strings', () => {
    expect(toDecimal(5, 'USD')).toBe('0.05');
    expect(toDecimal(12900, 'USD')).toBe('129.00');
    expect(toDecimal(3200, 'JPY')).toBe('3200');
    expect(toDecimal(900719925474099, 'USD')).toBe('9007199254740.99');
  });

  it('formats prices with Intl in the given locale', () => {
    expect(formatMoney({ minor: 12900, currency: 'USD' }, 'en-US')).toBe('$129.00');
    expect(formatMoney({ minor: 3200, currency: 'JPY' }, 'en-US')).toBe('¥3,200');
    expect(formatMoney({ minor: 12950, currency: 'EUR' }, 'de-DE')).toBe('129,50\u00a0€');
    expect(formatMoney({ minor: 12950, currency: 'EUR' }, 'lv-LV')).toMatch(/129,50/);
  });
});

describe('ages', () => {
  it('say how old a price is in words of the locale', async () => {
    const { formatAge } = await import('@/utils/platform/format');
    const now = Date.UTC(2026, 10, 22, 12);
    expect(formatAge(now - 30_000, now, 'en')).toBe('this minute');
    expect(formatAge(now - 3 * 3_600_000, now, 'en')).toBe('3 hours ago');
    expect(formatAge(now - 26 * 3_600_000, now, 'en')).toBe('yesterday');
    expect(formatAge(now - 3 * 86_400_000, now, 'de')).toBe('vor 3 Tagen');
  });
});
