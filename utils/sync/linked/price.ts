/**
 * Prices as shops write them in structured data: a number, or a string with a decimal point or a
 * decimal comma and grouping ("1,299.00", "1.299,00", "1 299,00", "29,99"). Read exactly into
 * minor units with ISO 4217 digits; anything ambiguous or textual is refused, never guessed.
 */
import { currencyDigits, parseDecimal } from '../../platform/money';

/** ISO 4217 codes that are no money a shop charges: funds, metals, testing and "no currency". */
const NOT_PRICING = new Set(['XAG', 'XAU', 'XBA', 'XBB', 'XBC', 'XBD', 'XDR', 'XPD', 'XPT', 'XSU', 'XTS', 'XUA', 'XXX', 'BOV', 'CHE', 'CHW', 'CLF', 'COU', 'MXV', 'USN', 'UYI', 'UYW']);

/** Symbols that name one currency only; "$", "£", "¥", "kr" and "﷼" name several and are refused. */
const UNAMBIGUOUS_SYMBOLS: Readonly<Record<string, string>> = {
  '€': 'EUR', '₹': 'INR', '₱': 'PHP', '₼': 'AZN', '₦': 'NGN', '₺': 'TRY', '₩': 'KRW', '₫': 'VND', '₴': 'UAH',
  '₸': 'KZT', '₽': 'RUB', '₪': 'ILS', '₾': 'GEL', '৳': 'BDT', '₭': 'LAK', '₮': 'MNT',
};

let supported: ReadonlySet<string> | null = null;

function supportedCurrencies(): ReadonlySet<string> | null {
  if (supported === null && typeof Intl.supportedValuesOf === 'function') supported = new Set(Intl.supportedValuesOf('currency'));
  return supported;
}

/**
 * An ISO 4217 code a shop can price in, from what a page wrote ("usd", " EUR ", "€"), or null.
 * Codes must be ones the browser knows (Intl), so "ABC" or "US$" never pass.
 */
export function normalizeCurrency(raw: unknown): string | null {
  if (typeof raw !== 'string') return null;
  const text = raw.trim();
  const bySymbol = UNAMBIGUOUS_SYMBOLS[text];
  if (bySymbol) return bySymbol;
  const code = text.toUpperCase();
  if (!/^[A-Z]{3}$/.test(code) || NOT_PRICING.has(code)) return null;
  const known = supportedCurrencies();
  return !known || known.has(code) ? code : null;
}

/** Currency signs a price string may carry around its number when the currency is declared apart. */
const SIGN_AROUND = /^(?:[$€£¥₹₱₼₦₺₩₫₴₸₽₪]|[A-Z]{3})?\s*([\d\s.,'\u00a0\u202f\u2009]+?)\s*(?:[$€£¥₹₱₼₦₺₩₫₴₸₽₪]|[A-Z]{3})?$/;

/** Signs several currencies write, and which. */
const SHARED_SIGNS: Readonly<Record<string, readonly string[]>> = {
  $: ['USD', 'CAD', 'AUD', 'NZD', 'SGD', 'HKD', 'TWD', 'MXN', 'ARS', 'CLP', 'COP', 'BRL', 'JMD', 'TTD', 'BSD', 'BBD', 'BZD', 'FJD', 'LRD', 'NAD', 'SBD', 'SRD', 'XCD', 'UYU', 'DOP', 'CUP'],
  '£': ['GBP', 'EGP', 'FKP', 'GIP', 'SHP', 'SYP', 'LBP', 'SSP'],
  '¥': ['JPY', 'CNY'],
};

/** Whether a sign or code written next to a price names the declared currency. */
function signNames(sign: string, currency: string): boolean {
  if (/^[A-Z]{3}$/.test(sign)) return sign === currency;
  return UNAMBIGUOUS_SYMBOLS[sign] === currency || (SHARED_SIGNS[sign]?.includes(currency) ?? false);
}

/**
 * Minor units of a price, or null when it is not a plain positive amount in this currency.
 * `currency` must already be a valid code: digits come from ISO 4217.
 * - numbers: exact decimal of the JSON number (29.9 -> 2990); exponents and NaN are refused;
 * - strings: one decimal separator at most, grouping in threes; "1.299" (dot) is 1.299 as
 *   schema.org says, refused for a two-digit currency; "1,299" is 1299 when the currency cannot
 *   have three decimals, refused when it can (KWD);
 * - a currency sign or code around the number is allowed only if it is this currency's.
 */
export function parsePrice(raw: unknown, currency: string): number | null {
  let text: string;
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw) || raw <= 0) return null;
    text = String(raw);
    if (!/^\d+(\.\d+)?$/.test(text)) return null;
  } else if (typeof raw === 'string') {
    text = raw.trim();
    if (text.length === 0 || text.length > 40) return null;
    const around = SIGN_AROUND.exec(text);
    if (!around) return null;
    const signs = text.replace(around[1] ?? '', ' ').trim().split(/\s+/).filter(Boolean);
    if (!signs.every((sign) => signNames(sign, currency))) return null;
    const decimal = toPlainDecimal(around[1] ?? '', currencyDigits(currency));
    if (decimal === null) return null;
    text = decimal;
  } else {
    return null;
  }
  try {
    const minor = parseDecimal(text, currency);
    return minor > 0 ? minor : null;
  } catch {
    return null;
  }
}

const SPACE_GROUPING = /[\s'\u00a0\u202f\u2009]/;

/** "1.299,00" -> "1299.00"; null when the grouping is irregular or the reading is ambiguous. */
function toPlainDecimal(number: string, digits: number): string | null {
  let grouped = number;
  if (SPACE_GROUPING.test(number)) {
    // Spaces and apostrophes only ever group thousands ("1 299,00", "1'299.00").
    if (!/^\d{1,3}(?:[\s'\u00a0\u202f\u2009]\d{3})+(?:[.,]\d+)?$/.test(number)) return null;
    grouped = number.replace(/[\s'\u00a0\u202f\u2009]/g, '');
  }
  if (!/^\d[\d.,]*$/.test(grouped) || /[.,]$/.test(grouped)) return null;
  const dots = (grouped.match(/\./g) ?? []).length;
  const commas = (grouped.match(/,/g) ?? []).length;
  if (dots > 0 && commas > 0) {
    const decimalSep = grouped.lastIndexOf('.') > grouped.lastIndexOf(',') ? '.' : ',';
    const groupSep = decimalSep === '.' ? ',' : '.';
    if ((grouped.match(new RegExp(`\\${decimalSep}`, 'g')) ?? []).length !== 1) return null;
    const [whole = '', fraction = ''] = grouped.split(decimalSep);
    return validGroups(whole, groupSep) ? `${whole.split(groupSep).join('')}.${fraction}` : null;
  }
  if (dots + commas === 0) return grouped;
  const sep = dots > 0 ? '.' : ',';
  const count = dots + commas;
  if (count > 1) return validGroups(grouped, sep) ? grouped.split(sep).join('') : null;
  const [whole = '', fraction = ''] = grouped.split(sep);
  // One separator: a dot is decimal (schema.org's rule); a comma before exactly three digits groups
  // thousands, unless the currency has three decimals and it could be either.
  if (sep === ',' && fraction.length === 3) return digits < 3 && validGroups(grouped, ',') ? `${whole}${fraction}` : null;
  return `${whole}.${fraction}`;
}

function validGroups(whole: string, sep: string): boolean {
  const groups = whole.split(sep);
  return /^\d{1,3}$/.test(groups[0] ?? '') && groups.slice(1).every((group) => /^\d{3}$/.test(group));
}
