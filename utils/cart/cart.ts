/**
 * Pure cart arithmetic over CartLine[]: grouping per merchant (checkout runs per merchant) and
 * totals per currency in integer minor units (different currencies are never summed).
 */
import { MAX_QUANTITY } from '../platform/limits';
import type { CartView, LineDetail } from '../platform/messages';
import type { CartLine, CheckoutKind, PostSource, StoredProduct } from '../catalog/model';
import { totalsByCurrency, type Money } from '../platform/money';

export type CartGroup = CartView['groups'][number];

/** What grouping needs to know about a merchant. */
export interface MerchantInfo {
  name: string;
  checkout: { kind: CheckoutKind };
}

/** Kind reported for lines whose merchant left the catalog: they stay visible but cannot check out. */
export const UNAVAILABLE_CHECKOUT = 'unavailable';

type MerchantLookup = ReadonlyMap<string, MerchantInfo> | Readonly<Record<string, MerchantInfo | undefined>>;

function findMerchant(merchants: MerchantLookup, id: string): MerchantInfo | undefined {
  if (merchants instanceof Map) return merchants.get(id);
  const record = merchants as Readonly<Record<string, MerchantInfo | undefined>>;
  // Own properties only, so an id like "constructor" cannot hit Object.prototype.
  return Object.hasOwn(record, id) ? record[id] : undefined;
}

/** The id of the line holding one variant of one product; the same variant added twice is one line. */
export function lineId(productId: string, variantId: string): string {
  // Escaping "%" and "|" keeps the mapping one-to-one whatever the ids contain.
  const escape = (value: string) => value.replace(/[%|]/g, (c) => encodeURIComponent(c));
  return `${escape(productId)}|${escape(variantId)}`;
}

/** Number of items in the cart (sum of quantities), for the badge. */
export function cartCount(lines: readonly Pick<CartLine, 'quantity'>[]): number {
  return lines.reduce((sum, line) => sum + line.quantity, 0);
}

/** Unit price times quantity, exact in minor units. */
export function lineTotal(line: Pick<CartLine, 'unitMinor' | 'quantity' | 'currency'>): Money {
  const minor = line.unitMinor * line.quantity;
  if (!Number.isSafeInteger(minor)) throw new Error('Line total is too large');
  return { minor, currency: line.currency };
}

/**
 * Groups lines by merchant, in order of each merchant's first line, with one subtotal per
 * currency. A merchant missing from the catalog keeps its lines under its id as the name.
 */
export function groupByMerchant(lines: readonly CartLine[], merchantsById: MerchantLookup): CartGroup[] {
  const byMerchant = new Map<string, CartLine[]>();
  for (const line of lines) {
    const group = byMerchant.get(line.merchantId);
    if (group) group.push(line);
    else byMerchant.set(line.merchantId, [line]);
  }
  return [...byMerchant].map(([merchantId, merchantLines]) => {
    const merchant = findMerchant(merchantsById, merchantId);
    return {
      merchantId,
      merchantName: merchant?.name ?? merchantId,
      checkoutKind: merchant?.checkout.kind ?? UNAVAILABLE_CHECKOUT,
      lineIds: merchantLines.map((line) => line.id),
      subtotals: totalsByCurrency(merchantLines),
    };
  });
}

/** Distinct posts the lines came from (for Order.sourcePosts), in line order. */
export function sourcePosts(lines: readonly CartLine[]): PostSource[] {
  const seen = new Map<string, PostSource>();
  for (const line of lines) {
    if (!line.source) continue;
    const key = `${line.source.platform}|${line.source.postId}`;
    if (!seen.has(key)) seen.set(key, line.source);
  }
  return [...seen.values()];
}

/** The post credited in a checkout URL: the one that led to the earliest-added line. */
export function primarySource(lines: readonly CartLine[]): PostSource | null {
  let best: CartLine | null = null;
  for (const line of lines) {
    if (line.source && (best === null || line.addedAt < best.addedAt)) best = line;
  }
  return best?.source ?? null;
}

/** Two quantities of one variant merged into one line, capped. */
export function mergedQuantity(a: number, b: number): number {
  return Math.min(MAX_QUANTITY, a + b);
}

/** Each line compared with its product as the catalog has it now (`products` in the lines' order). */
export function lineDetails(lines: readonly CartLine[], products: readonly (Pick<StoredProduct, 'variants'> | undefined)[]): Record<string, LineDetail> {
  const details: Record<string, LineDetail> = {};
  lines.forEach((line, index) => {
    details[line.id] = lineDetail(line, products[index]);
  });
  return details;
}

/**
 * Compares a line with its product as the catalog has it now. A different price or currency is a
 * price change the shopper must accept; a variant out of stock or gone cannot be checked out.
 */
export function lineDetail(line: CartLine, product: Pick<StoredProduct, 'variants'> | undefined): LineDetail {
  const variants = (product?.variants ?? []).map(({ id, title, priceMinor, currency, available }) => ({ id, title, priceMinor, currency, available }));
  const variant = product?.variants.find((candidate) => candidate.id === line.variantId);
  if (!variant) return { state: 'removed', current: null, variants };
  const current = { minor: variant.priceMinor, currency: variant.currency };
  if (!variant.available) return { state: 'out-of-stock', current, variants };
  const changed = variant.priceMinor !== line.unitMinor || variant.currency !== line.currency;
  return { state: changed ? 'price-changed' : 'ok', current, variants };
}

/** Lines that can be checked out as they are (in stock, price as the shopper saw it). */
export function checkableLines(lines: readonly CartLine[], details: Readonly<Record<string, LineDetail>>): CartLine[] {
  return lines.filter((line) => details[line.id]?.state === 'ok');
}
