import { describe, expect, it } from 'vitest';
import { addMoney, currencyDigits, intlCurrencyDigits, parseDecimal, toDecimal, totalsByCurrency } from '@/utils/platform/money';
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

  it('takes minor units from ISO 4217, not from Intl, where the two disagree', () => {
    // Intl shows these without decimals; ISO 4217 gives them two (three for IQD).
    for (const code of ['COP', 'HUF', 'IDR', 'PKR', 'IRR', 'AFN', 'ALL', 'LAK', 'LBP', 'MMK', 'SOS', 'SYP', 'YER']) {
      expect(currencyDigits(code), code).toBe(2);
    }
    expect(currencyDigits('IQD')).toBe(3);
    expect(parseDecimal('28645.96', 'COP')).toBe(2864596);
    expect(parseDecimal('1999.5', 'HUF')).toBe(199950);
    expect(parseDecimal('150000', 'IDR')).toBe(15000000);
    expect(parseDecimal('2.250', 'IQD')).toBe(2250);
    expect(toDecimal(2864596, 'COP')).toBe('28645.96');
  });

  it('knows the currencies without a minor unit and those with three or four', () => {
    for (const code of ['JPY', 'KRW', 'VND', 'CLP', 'ISK', 'UGX', 'XAF', 'XOF', 'XPF', 'PYG', 'RWF', 'BIF', 'DJF', 'GNF', 'KMF', 'VUV', 'UYI']) {
      expect(currencyDigits(code), code).toBe(0);
    }
    for (const code of ['BHD', 'KWD', 'OMR', 'TND', 'JOD', 'LYD']) expect(currencyDigits(code), code).toBe(3);
    expect(currencyDigits('CLF')).toBe(4);
    expect(currencyDigits('UYW')).toBe(4);
    expect(currencyDigits('KES')).toBe(2);
    expect(currencyDigits('AZN')).toBe(2);
    expect(currencyDigits('PHP')).toBe(2);
    expect(currencyDigits('EUR')).toBe(2);
    expect(currencyDigits('kwd')).toBe(3);
    expect(() => parseDecimal('1500.5', 'UGX')).toThrow(expect.objectContaining({ key: 'skipTooManyDecimals' }));
    expect(parseDecimal('0.0001', 'CLF')).toBe(1);
  });

  it('still formats with Intl, which may show fewer decimals than the amount has', () => {
    expect(formatMoney({ minor: 2864596, currency: 'COP' }, 'en-US')).toMatch(/28,646/);
    expect(formatMoney({ minor: 1234, currency: 'KWD' }, 'en-US')).toMatch(/1\.234/);
    // The digits stored amounts used before ISO: what a one-time rescale of old rows starts from.
    expect(intlCurrencyDigits('COP')).toBe(0);
    expect(intlCurrencyDigits('USD')).toBe(2);
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
