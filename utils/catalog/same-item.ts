/**
 * The same item at another merchant, in three tiers shown differently:
 * - "same": a shared GTIN (normalised to 14 digits, check digit verified, no in-store or coupon
 *   numbers), read per variant, falling back to the product's GTIN only where that cannot name
 *   another variant (a one-variant product);
 * - "same-model": the same brand and MPN, or a GTIN that only the product carries ("check options");
 * - "similar": a similar title of a compatible brand; never called the same.
 * A pack never matches a single (or another pack size), nor a 500 ml a 750 ml, even by GTIN.
 *
 * Prices compare only in-stock variants, with shipping where both sides give it, in one currency;
 * another currency only through a given exchange rate, shown as "≈" with its source and date, or
 * not at all. An offer is kept only when it saves at least 1 % of the current price, and the best
 * offer per tier wins.
 */
import { z } from 'zod';
import { matchableGtin } from './gtin';
import { currencyDigits } from '../platform/money';
import { foldText, words } from './insights/text';

export const SameItemTier = z.enum(['same', 'same-model', 'similar']);
export type SameItemTier = z.infer<typeof SameItemTier>;

const minor = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const currency = z.string().regex(/^[A-Z]{3}$/);

/** One cheaper offer for the card: it links to the other merchant's card, which adds to cart. */
export const SameItemOffer = z.object({
  tier: SameItemTier,
  productId: z.string().min(1),
  variantId: z.string().min(1),
  merchantId: z.string().min(1),
  title: z.string(),
  variantTitle: z.string(),
  /** same-variant: the variant with the shared GTIN; lowest-in-stock: the cheapest option in stock ("from"). */
  basis: z.enum(['same-variant', 'lowest-in-stock']),
  priceMinor: minor,
  shippingMinor: minor.nullable(),
  currency,
  /** Whether shipping is in the comparison (only when both merchants give it). */
  shippingIncluded: z.boolean(),
  /** The saving in the current product's currency (approximate when `converted` is set). */
  savingMinor: minor,
  /** Saving ÷ current price, at least 0.01. */
  savingRatio: z.number().min(0).max(1),
  /** Set when the offer is in another currency: its amount in the current currency and the rate used. */
  converted: z
    .object({ minor, currency, rate: z.number().positive(), source: z.string().min(1).max(200), date: z.string().min(1).max(40) })
    .nullable(),
  matchedBy: z.object({ gtin: z.string().nullable(), mpn: z.string().nullable(), titleSimilarity: z.number().min(0).max(1).nullable() }),
});
export type SameItemOffer = z.infer<typeof SameItemOffer>;
export const SameItemOffers = z.array(SameItemOffer).max(3);

/** What matching reads of a variant; StoredVariant fits (gtin, mpn and shipping arrive with the wiring). */
export interface OfferVariant {
  id: string;
  title: string;
  priceMinor: number;
  currency: string;
  available: boolean;
  gtin?: string | null;
  mpn?: string | null;
  /** Shipping to the shopper in the variant's currency, when the source gives it. */
  shippingMinor?: number | null;
}

/** What matching reads of a product; StoredProduct fits. */
export interface OfferProduct {
  id: string;
  merchantId: string;
  title: string;
  brand: string | null;
  gtin: string | null;
  mpn?: string | null;
  variants: readonly OfferVariant[];
  shippingMinor?: number | null;
}

/** One unit of `from` is worth `rate` units of `to`; where the rate came from and when, for the "≈" line. */
export interface ExchangeRate {
  from: string;
  to: string;
  rate: number;
  source: string;
  date: string;
}

export interface SameItemOptions {
  rates?: readonly ExchangeRate[];
}

/** An offer must save at least this share of the current price. */
export const MIN_SAVING_RATIO = 0.01;
/** Title similarity (Jaccard of content words) for the "similar" tier. */
export const SIMILAR_TITLE = 0.6;

// ------------------------------------------------------------------ packs and measures

/** Number words up to twelve, in the six languages (as folded). */
const NUMBER_WORDS: Readonly<Record<string, number>> = {
  two: 2, three: 3, four: 4, five: 5, six: 6, eight: 8, ten: 10, twelve: 12,
  mbili: 2, tatu: 3, nne: 4, tano: 5, sita: 6, viwili: 2, vitatu: 3, vinne: 4, vitano: 5,
  دو: 2, سه: 3, چهار: 4, پنج: 5, شش: 6,
  dalawa: 2, dalawang: 2, tatlo: 3, tatlong: 3, apat: 4, lima: 5, limang: 5, anim: 6,
  divi: 2, divas: 2, tris: 3, cetri: 4, pieci: 5, sesi: 6,
  iki: 2, uc: 3, dord: 4, bes: 5, alti: 6,
};

/** Words that count units after a number: "2 pack", "3 pcs", "۲ عدد", "3 gab", "2 pāri", "2 ədəd", "2-li dəst". */
const UNIT_AFTER: ReadonlySet<string> = new Set([
  'pack', 'packs', 'pk', 'pcs', 'pc', 'piece', 'pieces', 'count', 'ct', 'pair', 'pairs', 'set', 'sets', 'units', 'rolls', 'bars', 'bottles',
  'cans', 'vipande', 'pakiti', 'jozi', 'عدد', 'عددی', 'تایی', 'تا', 'جفت', 'piraso', 'pares', 'pakete', 'gab', 'gabali', 'pari', 'paris',
  'eded', 'li', 'lu', 'cut',
]);
/** Words before a number: "pack of 3", "set of 2", "seti ya 3", "vipande 4", "بسته ۳", "set ng 2", "komplekts no 2". */
const UNIT_BEFORE: readonly (readonly string[])[] = [
  ['pack', 'of'], ['set', 'of'], ['box', 'of'], ['bundle', 'of'], ['case', 'of'], ['multipack', 'of'],
  ['seti', 'ya'], ['pakiti', 'ya'], ['vipande'], ['jozi'],
  ['بسته'], ['ست'],
  ['set', 'ng'], ['pakete', 'ng'], ['bundle', 'ng'],
  ['iepakojuma'], ['komplekts', 'no'],
];
/** Words that are a pack size by themselves ("twin" and "double" only before pack or set: alone they are bed sizes). */
const PACK_WORDS: Readonly<Record<string, number>> = { pair: 2, duo: 2, trio: 3, jozi: 2, جفت: 2, pares: 2 };
const PACK_BEFORE_SET: Readonly<Record<string, number>> = { twin: 2, double: 2, triple: 3 };
const MEASURE_UNITS: ReadonlySet<string> = new Set(['ml', 'cl', 'l', 'g', 'kg', 'oz', 'lb', 'lbs']);
const MEASURE_WORD = /^\d+(?:[.,]\d+)?(ml|cl|l|g|kg|oz|lb|lbs)$/;

function numberOf(word: string | undefined): number | null {
  if (word === undefined) return null;
  if (/^\d{1,4}$/.test(word)) return Number(word);
  return NUMBER_WORDS[word] ?? null;
}

/**
 * How many units a title sells: 1 unless it says otherwise ("2-pack", "Set of 3", "x2", "2 x 750 ml",
 * "3 pcs", "Pack of six", "Twin pack", "Pair", "seti ya 2", "۲ عددی", "set ng 3", "3 gab.", "2-li dəst").
 */
export function packCount(title: string): number {
  const text = words(foldText(title));
  let count = 1;
  const take = (n: number | null) => {
    if (n !== null && n > 1 && n <= 1000) count = Math.max(count, n);
  };
  for (let i = 0; i < text.length; i++) {
    const word = text[i]!;
    const previous = text[i - 1];
    const next = text[i + 1];
    if (numberOf(word) !== null && next !== undefined && UNIT_AFTER.has(next)) take(numberOf(word));
    // "x2", "2x" (a "2x4" stays a size).
    const times = /^x(\d{1,3})$/.exec(word) ?? /^(\d{1,3})x$/.exec(word);
    if (times) take(Number(times[1]));
    if (word === 'x' || word === '×') {
      const after = numberOf(next);
      if (after !== null && numberOf(previous) === null) take(after);
      // "2 x 750 ml": a count times a measure.
      else if (numberOf(previous) !== null && next !== undefined && (MEASURE_WORD.test(next) || (/^\d+$/.test(next) && MEASURE_UNITS.has(text[i + 2] ?? '')))) {
        take(numberOf(previous));
      }
    }
    for (const before of UNIT_BEFORE) {
      if (before.every((w, k) => text[i + k] === w)) take(numberOf(text[i + before.length]));
    }
    if (PACK_WORDS[word] !== undefined && numberOf(previous) === null && numberOf(next) === null) take(PACK_WORDS[word]);
    if (PACK_BEFORE_SET[word] !== undefined && (next === 'pack' || next === 'set')) take(PACK_BEFORE_SET[word]);
  }
  return count;
}

const MEASURE = /(\d+(?:[.,]\d+)?)\s*(ml|cl|ltr|litres?|liters?|l|kg|mg|g|oz|lbs?|mm|cm|m)(?![\p{L}])/giu;
const TO_BASE: Readonly<Record<string, number>> = { ml: 1, cl: 10, l: 1000, ltr: 1000, litre: 1000, litres: 1000, liter: 1000, liters: 1000, mg: 0.001, g: 1, kg: 1000, oz: 28.35, lb: 453.6, lbs: 453.6, mm: 1, cm: 10, m: 1000 };
const DIMENSION: Readonly<Record<string, string>> = { ml: 'v', cl: 'v', l: 'v', ltr: 'v', litre: 'v', litres: 'v', liter: 'v', liters: 'v', mg: 'w', g: 'w', kg: 'w', oz: 'w', lb: 'w', lbs: 'w', mm: 'd', cm: 'd', m: 'd' };

/** The sizes a title states, per dimension (volume, weight, length) in base units: "750 ml", "28L", "100 g". */
export function titleMeasures(title: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const m of foldText(title).matchAll(MEASURE)) {
    const unit = m[2]!.toLowerCase();
    const value = Number(m[1]!.replace(',', '.')) * TO_BASE[unit]!;
    const dim = DIMENSION[unit]!;
    if (!out.has(dim)) out.set(dim, Math.round(value * 10) / 10);
  }
  return out;
}

function measuresAgree(a: Map<string, number>, b: Map<string, number>): boolean {
  for (const [dim, value] of a) {
    const other = b.get(dim);
    // Rounding differs between shops (750 ml vs 0.75 l vs 25 oz ≈ 739 ml): within 3 % is the same size.
    if (other !== undefined && Math.abs(other - value) > 0.03 * Math.max(value, other)) return false;
  }
  return true;
}

// ------------------------------------------------------------------ identity

function normaliseBrand(brand: string | null | undefined): string | null {
  if (!brand) return null;
  const folded = words(foldText(brand))
    .filter((w) => !['inc', 'ltd', 'llc', 'gmbh', 'co', 'corp', 'company', 'the'].includes(w))
    .join('');
  return folded || null;
}

function normaliseMpn(mpn: string | null | undefined): string | null {
  if (!mpn) return null;
  const key = mpn.toUpperCase().replace(/[\s\-./_]/g, '');
  return /^[A-Z0-9]{3,40}$/.test(key) ? key : null;
}

/** Words that say nothing about which item a title names. */
const TITLE_NOISE = new Set([
  'a', 'an', 'and', 'the', 'for', 'with', 'of', 'in', 'by', 'new', 'set', 'pack', 'pcs', 'pc', 'piece', 'pieces', 'pair', 'pairs', 'count', 'ct',
  'x', 'ml', 'l', 'g', 'kg', 'oz', 'cm', 'mm',
]);

function titleWords(title: string): Set<string> {
  return new Set(words(foldText(title)).filter((w) => !TITLE_NOISE.has(w) && !/^\d+([.,]\d+)?[a-z]*$/.test(w) && numberOf(w) === null));
}

function jaccard(a: Set<string>, b: Set<string>): { similarity: number; shared: number } {
  let shared = 0;
  for (const w of a) if (b.has(w)) shared++;
  const union = a.size + b.size - shared;
  return { similarity: union === 0 ? 0 : shared / union, shared };
}

// ------------------------------------------------------------------ prices

interface Price {
  minor: number;
  currency: string;
  converted: SameItemOffer['converted'];
}

/** An amount in another currency through a given rate (either direction), or null without one. */
function convert(amount: number, from: string, to: string, rates: readonly ExchangeRate[]): Price | null {
  if (from === to) return { minor: amount, currency: to, converted: null };
  const direct = rates.find((r) => r.from === from && r.to === to && r.rate > 0);
  const inverse = direct ? undefined : rates.find((r) => r.from === to && r.to === from && r.rate > 0);
  const rate = direct?.rate ?? (inverse ? 1 / inverse.rate : null);
  const source = direct ?? inverse;
  if (rate === null || !source) return null;
  const scale = 10 ** (currencyDigits(to) - currencyDigits(from));
  const minor = Math.round(amount * rate * scale);
  if (!Number.isSafeInteger(minor) || minor < 0) return null;
  return { minor, currency: to, converted: { minor, currency: to, rate, source: source.source, date: source.date } };
}

function shippingOf(product: OfferProduct, variant: OfferVariant): number | null {
  const value = variant.shippingMinor ?? product.shippingMinor ?? null;
  return value !== null && Number.isSafeInteger(value) && value >= 0 ? value : null;
}

// ------------------------------------------------------------------ matching

interface Identity {
  /** The current variant's GTIN key; `exact` when it is the variant's own (or the product has one variant). */
  gtin: { key: string; exact: boolean } | null;
  brand: string | null;
  mpn: string | null;
  pack: number;
  measures: Map<string, number>;
  words: Set<string>;
}

function identity(product: OfferProduct, variant: OfferVariant): Identity {
  const own = matchableGtin(variant.gtin);
  const inherited = own ? null : matchableGtin(product.gtin);
  return {
    gtin: own ? { key: own, exact: true } : inherited ? { key: inherited, exact: product.variants.length === 1 } : null,
    brand: normaliseBrand(product.brand),
    mpn: normaliseMpn(product.mpn ?? variant.mpn),
    pack: packCount(`${product.title} ${variant.title}`),
    measures: titleMeasures(`${product.title} ${variant.title}`),
    words: titleWords(product.title),
  };
}

interface Candidate {
  tier: SameItemTier;
  variants: OfferVariant[];
  basis: SameItemOffer['basis'];
  matchedBy: SameItemOffer['matchedBy'];
}

/** How a candidate product relates to the current variant, with the variants to price. */
function classify(current: Identity, product: OfferProduct): Candidate | null {
  const inStock = product.variants.filter((v) => v.available && Number.isSafeInteger(v.priceMinor) && v.priceMinor >= 0);
  if (inStock.length === 0) return null;
  const sameUnits = (v: OfferVariant) =>
    packCount(`${product.title} ${v.title}`) === current.pack && measuresAgree(current.measures, titleMeasures(`${product.title} ${v.title}`));
  const comparable = inStock.filter(sameUnits);
  if (comparable.length === 0) return null;

  if (current.gtin) {
    const key = current.gtin.key;
    const byVariant = comparable.filter((v) => matchableGtin(v.gtin) === key);
    if (byVariant.length && current.gtin.exact) return { tier: 'same', variants: byVariant, basis: 'same-variant', matchedBy: { gtin: key, mpn: null, titleSimilarity: null } };
    const productKey = product.variants.some((v) => matchableGtin(v.gtin)) ? null : matchableGtin(product.gtin);
    if (productKey === key && product.variants.length === 1 && current.gtin.exact) {
      return { tier: 'same', variants: comparable, basis: 'same-variant', matchedBy: { gtin: key, mpn: null, titleSimilarity: null } };
    }
    // The GTIN is shared, but one side only has it per product: it may name another option.
    if (byVariant.length || productKey === key) return { tier: 'same-model', variants: comparable, basis: 'lowest-in-stock', matchedBy: { gtin: key, mpn: null, titleSimilarity: null } };
  }

  const brand = normaliseBrand(product.brand);
  if (current.brand && current.mpn && brand === current.brand) {
    const mpns = new Set([normaliseMpn(product.mpn), ...product.variants.map((v) => normaliseMpn(v.mpn))]);
    if (mpns.has(current.mpn)) return { tier: 'same-model', variants: comparable, basis: 'lowest-in-stock', matchedBy: { gtin: null, mpn: current.mpn, titleSimilarity: null } };
  }

  if (current.brand && brand && brand !== current.brand) return null;
  const { similarity, shared } = jaccard(current.words, titleWords(product.title));
  if (similarity >= SIMILAR_TITLE && shared >= 2) {
    return { tier: 'similar', variants: comparable, basis: 'lowest-in-stock', matchedBy: { gtin: null, mpn: null, titleSimilarity: Math.round(similarity * 100) / 100 } };
  }
  return null;
}

/**
 * The keys to find a product's candidates by, for an index in the cache: the matchable GTINs of
 * its variants and of the product, and its brand + MPN ("acme|TJ100"). Title-similar candidates
 * come from the catalog search instead.
 */
export function sameItemKeys(product: OfferProduct): { gtins: string[]; models: string[] } {
  const gtins = new Set<string>();
  for (const v of product.variants) {
    const key = matchableGtin(v.gtin);
    if (key) gtins.add(key);
  }
  const own = matchableGtin(product.gtin);
  if (own) gtins.add(own);
  const brand = normaliseBrand(product.brand);
  const models = new Set<string>();
  if (brand) {
    for (const mpn of [product.mpn, ...product.variants.map((v) => v.mpn)]) {
      const key = normaliseMpn(mpn);
      if (key) models.add(`${brand}|${key}`);
    }
  }
  return { gtins: [...gtins], models: [...models] };
}

const TIER_ORDER: readonly SameItemTier[] = ['same', 'same-model', 'similar'];

/**
 * Cheaper offers for the current product's variant among candidate products of the local catalog
 * (other merchants only): at most one per tier, the best saving, in tier order.
 */
export function findSameItems(current: OfferProduct, variantId: string | null, candidates: readonly OfferProduct[], options: SameItemOptions = {}): SameItemOffer[] {
  const variant = current.variants.find((v) => v.id === variantId) ?? current.variants[0];
  if (!variant || !Number.isSafeInteger(variant.priceMinor) || variant.priceMinor <= 0) return [];
  const me = identity(current, variant);
  const myShipping = shippingOf(current, variant);
  const rates = options.rates ?? [];
  const best = new Map<SameItemTier, SameItemOffer>();

  for (const product of candidates) {
    if (product.id === current.id || product.merchantId === current.merchantId) continue;
    const match = classify(me, product);
    if (!match) continue;
    for (const offer of match.variants) {
      const theirShipping = shippingOf(product, offer);
      const shippingIncluded = myShipping !== null && theirShipping !== null;
      const mine = variant.priceMinor + (shippingIncluded ? myShipping : 0);
      const theirs = offer.priceMinor + (shippingIncluded ? theirShipping : 0);
      const price = convert(theirs, offer.currency, variant.currency, rates);
      if (!price) continue;
      const saving = mine - price.minor;
      // Integer test of saving ≥ 1 % of the price.
      if (saving <= 0 || saving * 100 < mine * MIN_SAVING_RATIO * 100) continue;
      const candidate: SameItemOffer = {
        tier: match.tier,
        productId: product.id,
        variantId: offer.id,
        merchantId: product.merchantId,
        title: product.title,
        variantTitle: offer.title,
        basis: match.basis,
        priceMinor: offer.priceMinor,
        shippingMinor: theirShipping,
        currency: offer.currency,
        shippingIncluded,
        savingMinor: saving,
        savingRatio: Math.round((saving / mine) * 10000) / 10000,
        converted: price.converted,
        matchedBy: match.matchedBy,
      };
      const current = best.get(match.tier);
      // More saving wins; on a tie, an exact currency over a converted one, then the lower product id.
      if (
        !current ||
        candidate.savingMinor > current.savingMinor ||
        (candidate.savingMinor === current.savingMinor &&
          (Number(current.converted !== null) - Number(candidate.converted !== null) || current.productId.localeCompare(candidate.productId)) > 0)
      ) {
        best.set(match.tier, candidate);
      }
    }
  }
  return TIER_ORDER.flatMap((tier) => {
    const offer = best.get(tier);
    return offer ? [offer] : [];
  });
}
