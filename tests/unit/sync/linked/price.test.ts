import { describe, expect, it } from 'vitest';
import { normalizeCurrency, parsePrice } from '@/utils/sync/linked/price';

describe('parsePrice', () => {
  it('reads numbers and plain decimal strings exactly, with ISO digits', () => {
    expect(parsePrice(29.9, 'USD')).toBe(2990);
    expect(parsePrice(129, 'USD')).toBe(12900);
    expect(parsePrice('129.00', 'EUR')).toBe(12900);
    expect(parsePrice('3200', 'JPY')).toBe(3200);
    expect(parsePrice('28645.96', 'COP')).toBe(2864596);
    expect(parsePrice('1.250', 'KWD')).toBe(1250);
    expect(parsePrice(0.1, 'USD')).toBe(10);
  });

  it('reads decimal commas and grouping the way shops format them', () => {
    expect(parsePrice('29,99', 'EUR')).toBe(2999);
    expect(parsePrice('1,299.00', 'USD')).toBe(129900);
    expect(parsePrice('1.299,00', 'EUR')).toBe(129900);
    expect(parsePrice('1 299,00', 'EUR')).toBe(129900);
    expect(parsePrice('1\u00a0299,50', 'EUR')).toBe(129950);
    expect(parsePrice("1'299.00", 'CHF')).toBe(129900);
    expect(parsePrice('1.299.000', 'COP')).toBe(129900000);
    expect(parsePrice('1,299', 'USD')).toBe(129900); // three digits after a lone comma cannot be USD cents
    expect(parsePrice('3,200', 'JPY')).toBe(3200);
    expect(parsePrice('150,000', 'KES')).toBe(15000000);
  });

  it('refuses what could be read two ways, and decimals the currency does not have', () => {
    expect(parsePrice('1,299', 'KWD')).toBeNull();
    expect(parsePrice('1.299', 'EUR')).toBeNull(); // schema.org: a dot is decimal, and EUR has no thousandths
    expect(parsePrice('12.345', 'USD')).toBeNull();
    expect(parsePrice('3200.5', 'JPY')).toBeNull();
    expect(parsePrice('1,29,900', 'INR')).toBeNull(); // irregular grouping is refused rather than guessed
  });

  it('refuses prices in text, zero, negatives and other junk', () => {
    for (const bad of ['', ' ', 'Call for price', 'from 29.99', '29.99 - 39.99', '-5', '0', '0.00', 'NaN', '1e3', '29.', ',99', '$$29', '29.99 USD extra', 'Rp 150.000']) {
      expect(parsePrice(bad, 'USD'), bad).toBeNull();
    }
    expect(parsePrice(0, 'USD')).toBeNull();
    expect(parsePrice(-3, 'USD')).toBeNull();
    expect(parsePrice(1e21, 'USD')).toBeNull();
    expect(parsePrice(Number.NaN, 'USD')).toBeNull();
    expect(parsePrice(null, 'USD')).toBeNull();
    expect(parsePrice({ value: 3 }, 'USD')).toBeNull();
  });

  it('lets a sign or code of the declared currency stand around the number, no other', () => {
    expect(parsePrice('€29,90', 'EUR')).toBe(2990);
    expect(parsePrice('29.90 EUR', 'EUR')).toBe(2990);
    expect(parsePrice('$29.90', 'USD')).toBe(2990);
    expect(parsePrice('29.90 USD', 'EUR')).toBeNull();
    expect(parsePrice('€29,90', 'USD')).toBeNull();
  });
});

describe('normalizeCurrency', () => {
  it('accepts real ISO codes in any case and unambiguous signs', () => {
    expect(normalizeCurrency('usd')).toBe('USD');
    expect(normalizeCurrency(' KES ')).toBe('KES');
    expect(normalizeCurrency('€')).toBe('EUR');
    expect(normalizeCurrency('₱')).toBe('PHP');
    expect(normalizeCurrency('₼')).toBe('AZN');
    expect(normalizeCurrency('IRR')).toBe('IRR');
  });

  it('refuses signs shared by several currencies, made-up codes and non-money codes', () => {
    for (const bad of ['$', '£', '¥', 'kr', 'US$', 'ABC', 'XAU', 'XXX', 'XTS', 'CLF', '', 'EURO', 12]) {
      expect(normalizeCurrency(bad), String(bad)).toBeNull();
    }
  });
});
