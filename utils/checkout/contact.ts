/**
 * Contact and shipping address, validated with zod. Messages are i18n keys (see
 * public/_locales/en/messages.json) so the form can show them inline in the user's language.
 */
import { z } from 'zod';

/** ISO 3166-1 alpha-2 code + English name; the UI localizes names with Intl.DisplayNames. */
export interface Country {
  code: string;
  name: string;
}

// Generated from Intl.DisplayNames('en'), minus deprecated, reserved and uninhabited codes.
const COUNTRY_TABLE: ReadonlyArray<readonly [string, string]> = [
  ['AD', 'Andorra'], ['AE', 'United Arab Emirates'], ['AF', 'Afghanistan'], ['AG', 'Antigua & Barbuda'],
  ['AI', 'Anguilla'], ['AL', 'Albania'], ['AM', 'Armenia'], ['AO', 'Angola'], ['AR', 'Argentina'],
  ['AS', 'American Samoa'], ['AT', 'Austria'], ['AU', 'Australia'], ['AW', 'Aruba'], ['AX', 'Åland Islands'],
  ['AZ', 'Azerbaijan'], ['BA', 'Bosnia & Herzegovina'], ['BB', 'Barbados'], ['BD', 'Bangladesh'],
  ['BE', 'Belgium'], ['BF', 'Burkina Faso'], ['BG', 'Bulgaria'], ['BH', 'Bahrain'], ['BI', 'Burundi'],
  ['BJ', 'Benin'], ['BL', 'St. Barthélemy'], ['BM', 'Bermuda'], ['BN', 'Brunei'], ['BO', 'Bolivia'],
  ['BQ', 'Caribbean Netherlands'], ['BR', 'Brazil'], ['BS', 'Bahamas'], ['BT', 'Bhutan'], ['BW', 'Botswana'],
  ['BY', 'Belarus'], ['BZ', 'Belize'], ['CA', 'Canada'], ['CC', 'Cocos (Keeling) Islands'],
  ['CD', 'Congo - Kinshasa'], ['CF', 'Central African Republic'], ['CG', 'Congo - Brazzaville'],
  ['CH', 'Switzerland'], ['CI', 'Côte d’Ivoire'], ['CK', 'Cook Islands'], ['CL', 'Chile'],
  ['CM', 'Cameroon'], ['CN', 'China'], ['CO', 'Colombia'], ['CR', 'Costa Rica'], ['CU', 'Cuba'],
  ['CV', 'Cape Verde'], ['CW', 'Curaçao'], ['CX', 'Christmas Island'], ['CY', 'Cyprus'], ['CZ', 'Czechia'],
  ['DE', 'Germany'], ['DJ', 'Djibouti'], ['DK', 'Denmark'], ['DM', 'Dominica'], ['DO', 'Dominican Republic'],
  ['DZ', 'Algeria'], ['EC', 'Ecuador'], ['EE', 'Estonia'], ['EG', 'Egypt'], ['EH', 'Western Sahara'],
  ['ER', 'Eritrea'], ['ES', 'Spain'], ['ET', 'Ethiopia'], ['FI', 'Finland'], ['FJ', 'Fiji'],
  ['FK', 'Falkland Islands'], ['FM', 'Micronesia'], ['FO', 'Faroe Islands'], ['FR', 'France'],
  ['GA', 'Gabon'], ['GB', 'United Kingdom'], ['GD', 'Grenada'], ['GE', 'Georgia'], ['GF', 'French Guiana'],
  ['GG', 'Guernsey'], ['GH', 'Ghana'], ['GI', 'Gibraltar'], ['GL', 'Greenland'], ['GM', 'Gambia'],
  ['GN', 'Guinea'], ['GP', 'Guadeloupe'], ['GQ', 'Equatorial Guinea'], ['GR', 'Greece'],
  ['GS', 'South Georgia & South Sandwich Islands'], ['GT', 'Guatemala'], ['GU', 'Guam'],
  ['GW', 'Guinea-Bissau'], ['GY', 'Guyana'], ['HK', 'Hong Kong SAR China'], ['HN', 'Honduras'],
  ['HR', 'Croatia'], ['HT', 'Haiti'], ['HU', 'Hungary'], ['ID', 'Indonesia'], ['IE', 'Ireland'],
  ['IL', 'Israel'], ['IM', 'Isle of Man'], ['IN', 'India'], ['IO', 'British Indian Ocean Territory'],
  ['IQ', 'Iraq'], ['IR', 'Iran'], ['IS', 'Iceland'], ['IT', 'Italy'], ['JE', 'Jersey'], ['JM', 'Jamaica'],
  ['JO', 'Jordan'], ['JP', 'Japan'], ['KE', 'Kenya'], ['KG', 'Kyrgyzstan'], ['KH', 'Cambodia'],
  ['KI', 'Kiribati'], ['KM', 'Comoros'], ['KN', 'St. Kitts & Nevis'], ['KP', 'North Korea'],
  ['KR', 'South Korea'], ['KW', 'Kuwait'], ['KY', 'Cayman Islands'], ['KZ', 'Kazakhstan'], ['LA', 'Laos'],
  ['LB', 'Lebanon'], ['LC', 'St. Lucia'], ['LI', 'Liechtenstein'], ['LK', 'Sri Lanka'], ['LR', 'Liberia'],
  ['LS', 'Lesotho'], ['LT', 'Lithuania'], ['LU', 'Luxembourg'], ['LV', 'Latvia'], ['LY', 'Libya'],
  ['MA', 'Morocco'], ['MC', 'Monaco'], ['MD', 'Moldova'], ['ME', 'Montenegro'], ['MF', 'St. Martin'],
  ['MG', 'Madagascar'], ['MH', 'Marshall Islands'], ['MK', 'North Macedonia'], ['ML', 'Mali'],
  ['MM', 'Myanmar (Burma)'], ['MN', 'Mongolia'], ['MO', 'Macao SAR China'],
  ['MP', 'Northern Mariana Islands'], ['MQ', 'Martinique'], ['MR', 'Mauritania'], ['MS', 'Montserrat'],
  ['MT', 'Malta'], ['MU', 'Mauritius'], ['MV', 'Maldives'], ['MW', 'Malawi'], ['MX', 'Mexico'],
  ['MY', 'Malaysia'], ['MZ', 'Mozambique'], ['NA', 'Namibia'], ['NC', 'New Caledonia'], ['NE', 'Niger'],
  ['NF', 'Norfolk Island'], ['NG', 'Nigeria'], ['NI', 'Nicaragua'], ['NL', 'Netherlands'], ['NO', 'Norway'],
  ['NP', 'Nepal'], ['NR', 'Nauru'], ['NU', 'Niue'], ['NZ', 'New Zealand'], ['OM', 'Oman'], ['PA', 'Panama'],
  ['PE', 'Peru'], ['PF', 'French Polynesia'], ['PG', 'Papua New Guinea'], ['PH', 'Philippines'],
  ['PK', 'Pakistan'], ['PL', 'Poland'], ['PM', 'St. Pierre & Miquelon'], ['PN', 'Pitcairn Islands'],
  ['PR', 'Puerto Rico'], ['PS', 'Palestinian Territories'], ['PT', 'Portugal'], ['PW', 'Palau'],
  ['PY', 'Paraguay'], ['QA', 'Qatar'], ['RE', 'Réunion'], ['RO', 'Romania'], ['RS', 'Serbia'],
  ['RU', 'Russia'], ['RW', 'Rwanda'], ['SA', 'Saudi Arabia'], ['SB', 'Solomon Islands'],
  ['SC', 'Seychelles'], ['SD', 'Sudan'], ['SE', 'Sweden'], ['SG', 'Singapore'], ['SH', 'St. Helena'],
  ['SI', 'Slovenia'], ['SJ', 'Svalbard & Jan Mayen'], ['SK', 'Slovakia'], ['SL', 'Sierra Leone'],
  ['SM', 'San Marino'], ['SN', 'Senegal'], ['SO', 'Somalia'], ['SR', 'Suriname'], ['SS', 'South Sudan'],
  ['ST', 'São Tomé & Príncipe'], ['SV', 'El Salvador'], ['SX', 'Sint Maarten'], ['SY', 'Syria'],
  ['SZ', 'Eswatini'], ['TC', 'Turks & Caicos Islands'], ['TD', 'Chad'],
  ['TF', 'French Southern Territories'], ['TG', 'Togo'], ['TH', 'Thailand'], ['TJ', 'Tajikistan'],
  ['TK', 'Tokelau'], ['TL', 'Timor-Leste'], ['TM', 'Turkmenistan'], ['TN', 'Tunisia'], ['TO', 'Tonga'],
  ['TR', 'Türkiye'], ['TT', 'Trinidad & Tobago'], ['TV', 'Tuvalu'], ['TW', 'Taiwan'], ['TZ', 'Tanzania'],
  ['UA', 'Ukraine'], ['UG', 'Uganda'], ['UM', 'U.S. Outlying Islands'], ['US', 'United States'],
  ['UY', 'Uruguay'], ['UZ', 'Uzbekistan'], ['VA', 'Vatican City'], ['VC', 'St. Vincent & Grenadines'],
  ['VE', 'Venezuela'], ['VG', 'British Virgin Islands'], ['VI', 'U.S. Virgin Islands'], ['VN', 'Vietnam'],
  ['VU', 'Vanuatu'], ['WF', 'Wallis & Futuna'], ['WS', 'Samoa'], ['XK', 'Kosovo'], ['YE', 'Yemen'],
  ['YT', 'Mayotte'], ['ZA', 'South Africa'], ['ZM', 'Zambia'], ['ZW', 'Zimbabwe'],
];

export const COUNTRIES: readonly Country[] = COUNTRY_TABLE.map(([code, name]) => ({ code, name }));
const COUNTRY_CODES = new Set(COUNTRIES.map((country) => country.code));

/**
 * Postal code formats, checked after trimming and upper-casing. Patterns follow each postal
 * service's published format; they check shape, not that the code exists.
 */
export const POSTAL_CODE_PATTERNS: Readonly<Record<string, RegExp>> = {
  US: /^\d{5}(?:-\d{4})?$/, // ZIP or ZIP+4
  // Canadian codes never use D, F, I, O, Q, U, and W/Z never start one.
  CA: /^[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z] ?\d[ABCEGHJ-NPRSTV-Z]\d$/,
  GB: /^(?:GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2})$/,
  DE: /^\d{5}$/,
  FR: /^\d{5}$/,
  // Dutch letter pairs SA, SD and SS are not issued.
  NL: /^[1-9]\d{3} ?(?!SA|SD|SS)[A-Z]{2}$/,
  IN: /^[1-9]\d{2} ?\d{3}$/, // PIN, sometimes written "110 001"
  BR: /^\d{5}-?\d{3}$/, // CEP
  JP: /^\d{3}-?\d{4}$/,
  AU: /^\d{4}$/,
};

/** One example per checked format, shown as a hint in the form. */
export const POSTAL_CODE_EXAMPLES: Readonly<Record<string, string>> = {
  US: '94103',
  CA: 'K1A 0B1',
  GB: 'SW1A 1AA',
  DE: '10115',
  FR: '75001',
  NL: '1012 AB',
  IN: '110001',
  BR: '01310-100',
  JP: '100-0001',
  AU: '2000',
};

/** Any other country: letters, digits, spaces and hyphens, 2 to 12 of them. */
const GENERIC_POSTAL_CODE = /^[A-Z\d][A-Z\d -]{0,10}[A-Z\d]$/;

/**
 * Countries without a postal code system; asking for one there would block real addresses.
 * (Checkout platforms such as Shopify treat these as zip-less too.)
 */
const NO_POSTAL_CODE = new Set([
  'AE', 'AG', 'AO', 'AW', 'BF', 'BI', 'BJ', 'BO', 'BS', 'BW', 'BZ', 'CD', 'CF', 'CG', 'CI', 'CK', 'CM',
  'DJ', 'DM', 'ER', 'FJ', 'GA', 'GD', 'GH', 'GM', 'GQ', 'GY', 'HK', 'KI', 'KM', 'KN', 'KP', 'LC', 'ML',
  'MO', 'MR', 'MW', 'NR', 'NU', 'QA', 'RW', 'SB', 'SC', 'SL', 'SR', 'SS', 'ST', 'SY', 'TD', 'TG', 'TK',
  'TL', 'TO', 'TV', 'UG', 'VU', 'YE', 'ZW',
]);

/** Countries whose addresses need a state, province or prefecture. */
export const REGION_REQUIRED: ReadonlySet<string> = new Set(['US', 'CA', 'AU', 'IN', 'BR', 'JP']);

export function requiresRegion(country: string): boolean {
  return REGION_REQUIRED.has(country);
}

export function requiresPostalCode(country: string): boolean {
  return !NO_POSTAL_CODE.has(country);
}

/** Whether a (trimmed, upper-cased) postal code has the shape used in `country`. */
export function isValidPostalCode(country: string, postalCode: string): boolean {
  const code = postalCode.trim().toUpperCase();
  const pattern = POSTAL_CODE_PATTERNS[country] ?? GENERIC_POSTAL_CODE;
  return pattern.test(code);
}

/** Plausible phone: only digits, spaces, + - ( ) . and 6 to 20 digits in all. */
export function isPlausiblePhone(phone: string): boolean {
  if (!/^\+?[\d\s().-]+$/.test(phone)) return false;
  const digits = phone.replace(/\D/g, '').length;
  return digits >= 6 && digits <= 20;
}

const required = (max: number) =>
  z.string().trim().min(1, { error: 'errRequired' }).max(max, { error: 'errTooLong' });
const optional = (max: number) => z.string().trim().max(max, { error: 'errTooLong' }).default('');

export const Contact = z
  .object({
    email: z.string().trim().pipe(z.email({ error: 'errEmail' }).max(254, { error: 'errEmail' })),
    phone: z
      .string()
      .trim()
      .max(30, { error: 'errPhone' })
      .default('')
      .refine((value) => value === '' || isPlausiblePhone(value), { error: 'errPhone' }),
    firstName: required(100),
    lastName: required(100),
    address1: required(200),
    address2: optional(200),
    city: required(100),
    region: optional(100),
    postalCode: z.string().trim().toUpperCase().max(20, { error: 'errPostalCode' }).default(''),
    country: z
      .string()
      .trim()
      .toUpperCase()
      .refine((value) => COUNTRY_CODES.has(value), { error: 'errCountry' }),
  })
  .superRefine(
    (value, ctx) => {
      // Runs even when other fields failed (see `when`), so the form shows every error at once;
      // hence the defensive reads: a failed field may still hold its raw input.
      const country = typeof value.country === 'string' ? value.country.trim().toUpperCase() : '';
      if (!COUNTRY_CODES.has(country)) return;
      const postalCode = typeof value.postalCode === 'string' ? value.postalCode.trim() : '';
      if (postalCode === '') {
        if (requiresPostalCode(country)) ctx.addIssue({ code: 'custom', path: ['postalCode'], message: 'errRequired' });
      } else if (postalCode.length <= 20 && !isValidPostalCode(country, postalCode)) {
        ctx.addIssue({ code: 'custom', path: ['postalCode'], message: 'errPostalCode' });
      }
      const region = typeof value.region === 'string' ? value.region.trim() : '';
      if (region === '' && requiresRegion(country)) {
        ctx.addIssue({ code: 'custom', path: ['region'], message: 'errRegion' });
      }
    },
    { when: (payload) => typeof payload.value === 'object' && payload.value !== null },
  );
export type Contact = z.infer<typeof Contact>;
/** What a form holds before validation: every field as typed. */
export type ContactInput = z.input<typeof Contact>;

export const CONTACT_FIELDS = [
  'email',
  'firstName',
  'lastName',
  'address1',
  'address2',
  'city',
  'country',
  'region',
  'postalCode',
  'phone',
] as const satisfies ReadonlyArray<keyof Contact>;
export type ContactField = (typeof CONTACT_FIELDS)[number];

export type ContactErrors = Partial<Record<keyof Contact, string>>;

export type ContactValidation = { ok: true; contact: Contact } | { ok: false; errors: ContactErrors };

function isContactField(key: PropertyKey | undefined): key is keyof Contact {
  return typeof key === 'string' && (CONTACT_FIELDS as readonly string[]).includes(key);
}

/**
 * Validates a form's values. Each zod issue is mapped to the field it belongs to (first issue per
 * field wins); an issue without a field (input not even an object) lands on `email`, the first field.
 */
export function validateContact(input: unknown): ContactValidation {
  const result = Contact.safeParse(input);
  if (result.success) return { ok: true, contact: result.data };
  const errors: ContactErrors = {};
  for (const issue of result.error.issues) {
    const field = issue.path[0];
    const key: keyof Contact = isContactField(field) ? field : 'email';
    // zod's own messages are English sentences; only our i18n keys are passed on.
    const message = /^err[A-Z]\w*$/.test(issue.message) ? issue.message : fallbackKey(issue.code);
    errors[key] ??= message;
  }
  return { ok: false, errors };
}

function fallbackKey(code: string): string {
  return code === 'invalid_type' ? 'errRequired' : 'errInvalid';
}

/** An empty form, with the country preselected (e.g. from the UI locale's region). */
export function emptyContact(country = ''): Record<ContactField, string> {
  return {
    email: '',
    firstName: '',
    lastName: '',
    address1: '',
    address2: '',
    city: '',
    country,
    region: '',
    postalCode: '',
    phone: '',
  };
}

/** The region of a locale like "en-US" or "fa-IR" if it is a known country, else ''. */
export function countryFromLocale(locale: string | undefined): string {
  if (!locale) return '';
  try {
    const region = new Intl.Locale(locale).maximize().region ?? '';
    return COUNTRY_CODES.has(region) ? region : '';
  } catch {
    return '';
  }
}

/**
 * The country list for a select, named and sorted in the UI language. Falls back to the English
 * names where Intl.DisplayNames is missing or does not know a code.
 */
export function countryOptions(locale: string | undefined): Country[] {
  let names: Intl.DisplayNames | null = null;
  try {
    names = new Intl.DisplayNames(locale ? [locale, 'en'] : ['en'], { type: 'region', fallback: 'none' });
  } catch {
    names = null;
  }
  let collator: Intl.Collator;
  try {
    collator = new Intl.Collator(locale);
  } catch {
    collator = new Intl.Collator();
  }
  return COUNTRIES.map((country) => {
    let name: string | undefined;
    try {
      name = names?.of(country.code);
    } catch {
      name = undefined;
    }
    return { code: country.code, name: name ?? country.name };
  }).sort((a, b) => collator.compare(a.name, b.name));
}
