import { describe, it, expect } from 'vitest';
import { COUNTRIES, Contact, countryFromLocale, countryOptions, validateContact } from '../../../utils/checkout/contact';

const base = {
  email: 'ana@example.com',
  phone: '',
  firstName: 'Ana',
  lastName: 'Silva',
  address1: '1 Main St',
  address2: '',
  city: 'Springfield',
  region: 'Region',
  postalCode: '',
  country: 'US',
};

function errorsFor(input: Record<string, string>) {
  const result = validateContact(input);
  return result.ok ? {} : result.errors;
}

const POSTAL_CODES: Record<string, { valid: string[]; invalid: string[] }> = {
  US: { valid: ['62701', '62701-1234'], invalid: ['6270', '62701-12', 'ABCDE'] },
  CA: { valid: ['K1A 0B1', 'm5v3l9'], invalid: ['K1A 0B', 'D1A 0B1', '12345'] },
  GB: { valid: ['SW1A 1AA', 'ec1a1bb', 'M1 1AE', 'GIR 0AA'], invalid: ['SW1A', '12345', 'SW1A 1A1'] },
  DE: { valid: ['10115'], invalid: ['1011', '101155', 'D-10115'] },
  FR: { valid: ['75001', '20000'], invalid: ['7500', 'F75001'] },
  NL: { valid: ['1012 AB', '1012ab'], invalid: ['0123 AB', '1012 SA', '1012'] },
  IN: { valid: ['110001', '560 034'], invalid: ['011001', '11001', '1100011'] },
  BR: { valid: ['01310-100', '01310100'], invalid: ['01310-10', '0131-0100'] },
  JP: { valid: ['100-0001', '1000001'], invalid: ['100-001', '10-00001'] },
  AU: { valid: ['2000', '0800'], invalid: ['200', '20000'] },
};

describe('validateContact postal codes', () => {
  for (const [country, { valid, invalid }] of Object.entries(POSTAL_CODES)) {
    it(`accepts well-formed ${country} postal codes`, () => {
      for (const postalCode of valid) {
        const result = validateContact({ ...base, country, postalCode });
        expect(result, `${country} ${postalCode}`).toMatchObject({ ok: true });
      }
    });

    it(`rejects malformed ${country} postal codes on the postal code field`, () => {
      for (const postalCode of invalid) {
        expect(errorsFor({ ...base, country, postalCode }), `${country} ${postalCode}`).toEqual({
          postalCode: 'errPostalCode',
        });
      }
    });
  }

  it('normalizes postal codes to upper case', () => {
    const result = validateContact({ ...base, country: 'GB', region: '', postalCode: ' sw1a 1aa ' });
    expect(result.ok && result.contact.postalCode).toBe('SW1A 1AA');
  });

  it('asks for a postal code when it is empty', () => {
    expect(errorsFor({ ...base, country: 'DE', postalCode: '' })).toEqual({ postalCode: 'errRequired' });
  });

  it('accepts 2 to 12 letters, digits, spaces or hyphens in other countries', () => {
    expect(validateContact({ ...base, country: 'LV', region: '', postalCode: 'LV-1010' }).ok).toBe(true);
    expect(validateContact({ ...base, country: 'AZ', region: '', postalCode: 'AZ 1000' }).ok).toBe(true);
    expect(errorsFor({ ...base, country: 'LV', region: '', postalCode: '1' })).toEqual({ postalCode: 'errPostalCode' });
    expect(errorsFor({ ...base, country: 'LV', region: '', postalCode: '1234567890123' })).toEqual({
      postalCode: 'errPostalCode',
    });
    expect(errorsFor({ ...base, country: 'LV', region: '', postalCode: 'LV#1010' })).toEqual({
      postalCode: 'errPostalCode',
    });
  });

  it('does not require a postal code where the country has none', () => {
    expect(validateContact({ ...base, country: 'HK', region: '', postalCode: '' }).ok).toBe(true);
  });
});

describe('validateContact regions', () => {
  for (const country of ['US', 'CA', 'AU', 'IN', 'BR', 'JP']) {
    it(`requires a region in ${country}`, () => {
      const postalCode = POSTAL_CODES[country]?.valid[0] ?? '';
      expect(errorsFor({ ...base, country, postalCode, region: ' ' })).toEqual({ region: 'errRegion' });
    });
  }

  it('does not require a region in countries without one', () => {
    for (const country of ['GB', 'DE', 'FR', 'NL']) {
      const postalCode = POSTAL_CODES[country]?.valid[0] ?? '';
      expect(validateContact({ ...base, country, postalCode, region: '' }).ok).toBe(true);
    }
  });
});

describe('validateContact field errors', () => {
  const us = { ...base, postalCode: '62701', region: 'IL' };

  it('maps a bad email to the email field', () => {
    expect(errorsFor({ ...us, email: 'ana@' })).toEqual({ email: 'errEmail' });
    expect(errorsFor({ ...us, email: '' })).toEqual({ email: 'errEmail' });
  });

  it('accepts no phone, and a plausible phone with spaces, +, - and parentheses', () => {
    expect(validateContact({ ...us, phone: '' }).ok).toBe(true);
    expect(validateContact({ ...us, phone: '+1 (415) 555-0100' }).ok).toBe(true);
  });

  it('maps an implausible phone to the phone field', () => {
    expect(errorsFor({ ...us, phone: '12345' })).toEqual({ phone: 'errPhone' });
    expect(errorsFor({ ...us, phone: 'call me' })).toEqual({ phone: 'errPhone' });
    expect(errorsFor({ ...us, phone: '+1 415 555 0100 1234 5678 90' })).toEqual({ phone: 'errPhone' });
    expect(errorsFor({ ...us, phone: '+1 415 555 0100 ext 12345678901234' })).toEqual({ phone: 'errPhone' });
  });

  it('maps empty required fields to their own fields', () => {
    expect(errorsFor({ ...us, firstName: '', lastName: ' ', address1: '', city: '' })).toEqual({
      firstName: 'errRequired',
      lastName: 'errRequired',
      address1: 'errRequired',
      city: 'errRequired',
    });
  });

  it('rejects an unknown country on the country field', () => {
    expect(errorsFor({ ...us, country: 'XX' })).toEqual({ country: 'errCountry' });
    expect(errorsFor({ ...us, country: '' })).toEqual({ country: 'errCountry' });
  });

  it('reports every problem at once, including country rules, when other fields fail too', () => {
    expect(errorsFor({ ...base, email: 'nope', region: '', postalCode: '1' })).toEqual({
      email: 'errEmail',
      region: 'errRegion',
      postalCode: 'errPostalCode',
    });
  });

  it('maps missing fields to their own fields instead of throwing', () => {
    const errors = errorsFor({ email: 'ana@example.com', country: 'US' });
    expect(errors.firstName).toBe('errRequired');
    expect(errors.city).toBe('errRequired');
    expect(errors.email).toBeUndefined();
  });

  it('returns the parsed contact with optional fields defaulted', () => {
    const result = validateContact({ ...us, phone: undefined, address2: undefined });
    expect(result).toEqual({ ok: true, contact: { ...us, phone: '', address2: '' } });
  });

  it('keeps the Contact schema usable where messages are parsed', () => {
    expect(Contact.safeParse({ ...us, postalCode: 'nope' }).success).toBe(false);
    expect(Contact.safeParse(us).success).toBe(true);
  });
});

describe('countries', () => {
  it('lists each of the supported postal formats and the sellers’ countries once', () => {
    const codes = COUNTRIES.map((country) => country.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of [...Object.keys(POSTAL_CODES), 'KE', 'TZ', 'IR', 'PH', 'LV', 'AZ']) {
      expect(codes).toContain(code);
    }
  });

  it('names countries in the UI language', () => {
    const names = new Map(countryOptions('de').map((country) => [country.code, country.name]));
    expect(names.get('DE')).toBe('Deutschland');
  });

  it('preselects the country of the UI locale when it has one', () => {
    expect(countryFromLocale('en-GB')).toBe('GB');
    expect(countryFromLocale('fa')).toBe('IR');
    expect(countryFromLocale(undefined)).toBe('');
  });
});
