/**
 * Money is exact: decimal strings on the wire, integer minor units + ISO 4217 code inside.
 * Floats never hold a price; formatting (platform/format.ts) hands Intl a decimal string, not a
 * division result. An amount that cannot be exact is refused with a reason, never rounded.
 */
import { UserError } from './errors';

export interface Money {
  minor: number;
  currency: string;
}

/**
 * ISO 4217 minor units of the currencies where they are not 2 (List One). Not Intl's
 * `maximumFractionDigits`: that is CLDR's display precision, 0 for COP, HUF, IDR, IRR, PKR and
 * others whose ISO minor unit is 2, so "28645.96" COP would be refused. Funds and metals (XAU, XDR,
 * XXX...) have no minor unit ("N.A." in ISO): they count in whole units here.
 */
const ISO_MINOR_UNITS: Readonly<Record<string, number>> = {
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0, UYI: 0,
  VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
  XAG: 0, XAU: 0, XBA: 0, XBB: 0, XBC: 0, XBD: 0, XDR: 0, XPD: 0, XPT: 0, XSU: 0, XTS: 0, XUA: 0, XXX: 0,
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
  CLF: 4, UYW: 4,
};

/** Minor-unit digits of a currency per ISO 4217 (USD 2, JPY 0, KWD 3, COP 2, CLF 4). */
export function currencyDigits(currency: string): number {
  return ISO_MINOR_UNITS[currency.toUpperCase()] ?? 2;
}

const intlDigitsCache = new Map<string, number>();

/**
 * The digits Intl shows for a currency (COP 0), which is what this module used as minor units
 * before it followed ISO. Amounts stored then in a currency where the two differ need rescaling
 * by 10^(currencyDigits - intlCurrencyDigits) once.
 */
export function intlCurrencyDigits(currency: string): number {
  let digits = intlDigitsCache.get(currency);
  if (digits === undefined) {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    intlDigitsCache.set(currency, digits);
  }
  return digits;
}

/**
 * Parses a decimal string ("129.00", "3200", "0.1") into minor units.
 * Throws when the string is not a plain non-negative decimal or has more fraction digits than the
 * currency allows with non-zero value ("12.345" USD, "3200.5" JPY): silently rounding a price is a bug.
 */
export function parseDecimal(value: string, currency: string): number {
  const match = /^(\d{1,15})(?:\.(\d{1,6}))?$/.exec(value.trim());
  if (!match) throw new UserError('skipNotDecimal', [value]);
  const digits = currencyDigits(currency);
  const whole = match[1] ?? '0';
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  if (fraction.length > digits) throw new UserError('skipTooManyDecimals', [value, currency]);
  const minor = Number(whole + fraction.padEnd(digits, '0'));
  if (!Number.isSafeInteger(minor)) throw new UserError('skipAmountTooLarge', [value]);
  return minor;
}

/** Minor units back to a decimal string with the currency's digits: 12900 USD -> "129.00". */
export function toDecimal(minor: number, currency: string): string {
  if (!Number.isSafeInteger(minor)) throw new Error(`${minor} is not an integer amount`);
  const digits = currencyDigits(currency);
  const sign = minor < 0 ? '-' : '';
  const abs = String(Math.abs(minor)).padStart(digits + 1, '0');
  if (digits === 0) return sign + abs;
  return `${sign}${abs.slice(0, -digits)}.${abs.slice(-digits)}`;
}

/** Adds amounts of one currency; mixing currencies is a programming error, so it throws. */
export function addMoney(a: Money, b: Money): Money {
  if (a.currency !== b.currency) throw new Error(`Cannot add ${a.currency} to ${b.currency}`);
  return { minor: a.minor + b.minor, currency: a.currency };
}

/**
 * Sums line totals per currency, never across currencies. Order follows first appearance so the
 * list is stable as lines change.
 */
export function totalsByCurrency(lines: Iterable<{ unitMinor: number; quantity: number; currency: string }>): Money[] {
  const totals = new Map<string, number>();
  for (const line of lines) {
    totals.set(line.currency, (totals.get(line.currency) ?? 0) + line.unitMinor * line.quantity);
  }
  return [...totals].map(([currency, minor]) => ({ currency, minor }));
}
