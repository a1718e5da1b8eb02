/**
 * GTINs (EAN/UPC barcodes) as one 14-digit key, so the UPC-A, EAN-13 and GTIN-14 spellings of one
 * code compare equal, with the check digit verified. Cross-merchant matching also refuses numbers
 * that only mean something inside one shop or one country's coupon scheme (GS1 restricted
 * circulation numbers, coupons, refund receipts, variable-measure items, the GS1 example prefix):
 * two shops using the same in-store code are not selling the same item.
 */

export type GtinKind = 'GTIN-8' | 'UPC-E' | 'GTIN-12' | 'GTIN-13' | 'GTIN-14';

/** Why a valid GTIN must not be used to say two shops sell the same item. */
export type GtinRestriction =
  /** GS1 prefixes 02, 04, 20–29 and GTIN-8 starting with 0 or 2: numbers a shop or a country assigns internally (in-store, weighed goods). */
  | 'restricted-circulation'
  /** GS1 prefixes 05 (UPC coupons), 981–984 and 99: coupons, not goods. */
  | 'coupon'
  /** GS1 prefix 980. */
  | 'refund-receipt'
  /** GTIN-14 indicator 9: the price depends on weight or length; the number names a kind of item, not a priced unit. */
  | 'variable-measure'
  /** GS1 prefix 952: reserved for demonstrations and examples. */
  | 'example';

export type GtinReason = 'not-digits' | 'length' | 'check-digit' | 'all-zero';

export type ParsedGtin =
  | { ok: true; gtin14: string; kind: GtinKind; restricted: GtinRestriction | null }
  | { ok: false; reason: GtinReason };

/** Separators sellers write inside barcodes ("0 12345 67890 5", "4-006381-333931"). */
const SEPARATORS = /[\s\u00a0\-.]/g;

/**
 * The GS1 check digit of a number without its check digit: weights 3,1,3,… from the right.
 * Zeros on the left do not change it, which is why padding to 14 digits keeps codes valid.
 */
export function gtinCheckDigit(body: string): number {
  let sum = 0;
  for (let i = body.length - 1, weight = 3; i >= 0; i--, weight = 4 - weight) {
    sum += (body.charCodeAt(i) - 48) * weight;
  }
  return (10 - (sum % 10)) % 10;
}

function checkDigitValid(code: string): boolean {
  return gtinCheckDigit(code.slice(0, -1)) === code.charCodeAt(code.length - 1) - 48;
}

/**
 * A UPC-E code (8 digits: number system 0 or 1, six digits, check digit) expanded to its 12-digit
 * UPC-A, or null when it is not a valid UPC-E (wrong number system or check digit).
 */
export function expandUpcE(code: string): string | null {
  if (!/^[01]\d{7}$/.test(code)) return null;
  const system = code[0]!;
  const [d1, d2, d3, d4, d5, d6] = code.slice(1, 7);
  let body: string;
  switch (d6) {
    case '0':
    case '1':
    case '2':
      body = `${system}${d1}${d2}${d6}0000${d3}${d4}${d5}`;
      break;
    case '3':
      body = `${system}${d1}${d2}${d3}00000${d4}${d5}`;
      break;
    case '4':
      body = `${system}${d1}${d2}${d3}${d4}00000${d5}`;
      break;
    default:
      body = `${system}${d1}${d2}${d3}${d4}${d5}0000${d6}`;
  }
  const check = gtinCheckDigit(body);
  return check === code.charCodeAt(7) - 48 ? `${body}${check}` : null;
}

function kindOf(gtin14: string): Exclude<GtinKind, 'UPC-E'> {
  if (gtin14.startsWith('000000')) return 'GTIN-8';
  if (gtin14.startsWith('00')) return 'GTIN-12';
  if (gtin14.startsWith('0')) return 'GTIN-13';
  return 'GTIN-14';
}

/** The GS1 prefix rules that matter for matching, read off the 14-digit key. */
function restrictionOf(gtin14: string): GtinRestriction | null {
  if (gtin14[0] === '9') return 'variable-measure';
  if (gtin14.startsWith('000000')) {
    // GTIN-8: prefixes 0 and 2 are restricted circulation numbers (RCN-8).
    const first = gtin14[6];
    return first === '0' || first === '2' ? 'restricted-circulation' : null;
  }
  // The GS1 prefix is read in the GTIN-13 view (the indicator digit dropped).
  const prefix = Number(gtin14.slice(1, 4));
  if ((prefix >= 20 && prefix <= 29) || (prefix >= 40 && prefix <= 49) || (prefix >= 200 && prefix <= 299)) return 'restricted-circulation';
  if ((prefix >= 50 && prefix <= 59) || (prefix >= 981 && prefix <= 984) || prefix >= 990) return 'coupon';
  if (prefix === 980) return 'refund-receipt';
  if (prefix === 952) return 'example';
  return null;
}

/**
 * Reads a GTIN as a seller wrote it. Accepts 8 to 14 digits (spreadsheets drop the leading zeros
 * of UPCs; zeros on the left change neither the item nor the check digit) with spaces, hyphens or
 * dots between them. An 8-digit code is read as UPC-E when it is a valid one and starts with 0
 * (an EAN-8 starting with 0 would be an in-store number), else as EAN-8, else as UPC-E with
 * number system 1.
 */
export function parseGtin(raw: string): ParsedGtin {
  const digits = raw.trim().replace(SEPARATORS, '');
  if (!/^\d+$/.test(digits)) return { ok: false, reason: 'not-digits' };
  if (digits.length < 8 || digits.length > 14) return { ok: false, reason: 'length' };
  if (/^0+$/.test(digits)) return { ok: false, reason: 'all-zero' };

  if (digits.length === 8) {
    const upcA = digits[0] === '0' ? expandUpcE(digits) : null;
    if (upcA) return withKind(upcA.padStart(14, '0'), 'UPC-E');
    if (checkDigitValid(digits)) return withKind(digits.padStart(14, '0'), 'GTIN-8');
    const upcA1 = expandUpcE(digits);
    if (upcA1) return withKind(upcA1.padStart(14, '0'), 'UPC-E');
    return { ok: false, reason: 'check-digit' };
  }
  if (!checkDigitValid(digits)) return { ok: false, reason: 'check-digit' };
  const gtin14 = digits.padStart(14, '0');
  return withKind(gtin14, kindOf(gtin14));
}

function withKind(gtin14: string, kind: GtinKind): ParsedGtin {
  return { ok: true, gtin14, kind, restricted: restrictionOf(gtin14) };
}

/** The 14-digit key of a valid GTIN (check digit verified, any prefix), or null. */
export function normalizeGtin(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const parsed = parseGtin(raw);
  return parsed.ok ? parsed.gtin14 : null;
}

/**
 * The 14-digit key of a GTIN that can say "the same item at another merchant": valid, and not a
 * restricted, coupon, receipt, variable-measure or example number. Null otherwise.
 */
export function matchableGtin(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const parsed = parseGtin(raw);
  return parsed.ok && parsed.restricted === null ? parsed.gtin14 : null;
}
