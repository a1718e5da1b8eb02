import { describe, expect, it } from 'vitest';
import { expandUpcE, gtinCheckDigit, matchableGtin, normalizeGtin, parseGtin } from '@/utils/catalog/gtin';

/** A number with its check digit appended, for prefixes no real product example is needed for. */
const withCheck = (body: string) => body + gtinCheckDigit(body);

describe('GTIN parsing', () => {
  it('computes GS1 check digits of real codes (UPC-A, EAN-13, EAN-8, ISBN-13)', () => {
    expect(gtinCheckDigit('03600029145')).toBe(2);
    expect(gtinCheckDigit('400638133393')).toBe(1);
    expect(gtinCheckDigit('9638507')).toBe(4);
    expect(gtinCheckDigit('978030640615')).toBe(7);
  });

  it('gives the GTIN-12 and GTIN-13 forms of one code the same 14-digit key', () => {
    expect(normalizeGtin('036000291452')).toBe('00036000291452');
    expect(normalizeGtin('0036000291452')).toBe('00036000291452');
    expect(normalizeGtin('00036000291452')).toBe('00036000291452');
    expect(matchableGtin('036000291452')).toBe(matchableGtin('0036000291452'));
  });

  it('names the kind of code it read', () => {
    expect(parseGtin('036000291452')).toMatchObject({ ok: true, kind: 'GTIN-12' });
    expect(parseGtin('4006381333931')).toMatchObject({ ok: true, kind: 'GTIN-13', gtin14: '04006381333931' });
    expect(parseGtin('96385074')).toMatchObject({ ok: true, kind: 'GTIN-8', gtin14: '00000096385074' });
    expect(parseGtin('10036000291459')).toMatchObject({ ok: true, kind: 'GTIN-14' });
  });

  it('accepts the separators sellers type and the leading zeros spreadsheets drop', () => {
    expect(normalizeGtin(' 0 36000 29145 2 ')).toBe('00036000291452');
    expect(normalizeGtin('400-6381-33393-1')).toBe('04006381333931');
    expect(normalizeGtin('36000291452')).toBe('00036000291452');
  });

  it('rejects wrong check digits, wrong lengths, letters and all zeros, with the reason', () => {
    expect(parseGtin('036000291453')).toEqual({ ok: false, reason: 'check-digit' });
    expect(parseGtin('4006381333932')).toEqual({ ok: false, reason: 'check-digit' });
    expect(parseGtin('1234567')).toEqual({ ok: false, reason: 'length' });
    expect(parseGtin('123456789012345')).toEqual({ ok: false, reason: 'length' });
    expect(parseGtin('03600029145X')).toEqual({ ok: false, reason: 'not-digits' });
    expect(parseGtin('00000000')).toEqual({ ok: false, reason: 'all-zero' });
    expect(normalizeGtin('')).toBeNull();
    expect(normalizeGtin(null)).toBeNull();
  });

  it('expands UPC-E to its UPC-A, so the short and long barcodes of one can match', () => {
    expect(expandUpcE('01234565')).toBe('012345000065');
    expect(expandUpcE('04252614')).toBe('042100005264');
    expect(expandUpcE('01234566')).toBeNull();
    expect(parseGtin('01234565')).toMatchObject({ ok: true, kind: 'UPC-E', gtin14: '00012345000065' });
    expect(matchableGtin('01234565')).toBe(matchableGtin('012345000065'));
  });

  it('reads an 8-digit code that is no valid UPC-E as EAN-8', () => {
    expect(parseGtin('96385074')).toMatchObject({ ok: true, kind: 'GTIN-8' });
    expect(parseGtin('12345670')).toMatchObject({ ok: true, kind: 'GTIN-8', restricted: null });
  });
});

describe('GTINs that cannot say "the same item at another shop"', () => {
  it('refuses in-store and company-internal numbers (GS1 prefixes 02, 04, 20–29; GTIN-8 starting with 0 or 2)', () => {
    for (const code of [withCheck('21234567890'), withCheck('41234567890'), withCheck('200123456789'), withCheck('299123456789'), withCheck('2123456')]) {
      expect(parseGtin(code), code).toMatchObject({ ok: true, restricted: 'restricted-circulation' });
      expect(matchableGtin(code), code).toBeNull();
    }
  });

  it('refuses coupons, refund receipts, variable-measure items and GS1 example numbers', () => {
    expect(parseGtin(withCheck('51234567890'))).toMatchObject({ restricted: 'coupon' });
    expect(parseGtin(withCheck('981123456789'))).toMatchObject({ restricted: 'coupon' });
    expect(parseGtin(withCheck('991234567890'))).toMatchObject({ restricted: 'coupon' });
    expect(parseGtin(withCheck('980123456789'))).toMatchObject({ restricted: 'refund-receipt' });
    expect(parseGtin(withCheck('9003600029145'))).toMatchObject({ restricted: 'variable-measure' });
    expect(parseGtin(withCheck('952123456789'))).toMatchObject({ restricted: 'example' });
    expect(normalizeGtin(withCheck('51234567890'))).not.toBeNull();
    expect(matchableGtin(withCheck('51234567890'))).toBeNull();
  });

  it('keeps ordinary retail codes, books and case codes (a case of 12 is its own item)', () => {
    expect(matchableGtin('4006381333931')).toBe('04006381333931');
    expect(matchableGtin('9780306406157')).toBe('09780306406157');
    expect(matchableGtin('10036000291459')).toBe('10036000291459');
    expect(matchableGtin('10036000291459')).not.toBe(matchableGtin('036000291452'));
  });

  it('keeps the GTINs of the demo catalog valid and matchable', async () => {
    const { readFileSync } = await import('node:fs');
    const demo = JSON.parse(readFileSync(new URL('../../../public/demo-catalog.json', import.meta.url), 'utf8')) as { products: { gtin?: string | null }[] };
    const gtins = demo.products.map((p) => p.gtin).filter((g): g is string => Boolean(g));
    expect(gtins.length).toBeGreaterThan(20);
    expect(gtins.filter((g) => matchableGtin(g) === null)).toEqual([]);
  });
});
