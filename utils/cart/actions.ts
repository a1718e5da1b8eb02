/**
 * What the background does to the cart: add, change quantity or variant, take the catalog's new
 * prices, put lines back (a refused order, "buy again"). Each change is one Dexie transaction; a
 * line keeps the post it came from and is never silently repriced.
 */
import type { PostcartDB } from '../catalog/db';
import type { CartLine, PostSource } from '../catalog/model';
import { UserError } from '../platform/errors';
import type { CartView } from '../platform/messages';
import { cartCount, groupByMerchant, lineDetail, lineDetails, lineId, mergedQuantity } from './cart';
import { cartable } from '../sync/linked/cache';

export interface AddToCart {
  productId: string;
  variantId: string;
  quantity: number;
  source: PostSource | null;
}

/** Adds a variant at the catalog's price; the same variant again raises the quantity (capped). */
export async function addToCart(db: PostcartDB, item: AddToCart, now: number): Promise<{ cartCount: number }> {
  return db.transaction('rw', [db.products, db.cart, db.linked], async () => {
    const product = await db.products.get(item.productId);
    const variant = product?.variants.find((v) => v.id === item.variantId);
    if (!product || !variant) throw new UserError('errProductGone');
    if (!variant.available) throw new UserError('errOutOfStock');
    // A linked shop's "from" price is the lowest of several: the shopper chooses on the shop's page.
    if (!(await cartable(db, product.id))) throw new UserError('errLinkedChooseOnShop');
    const id = lineId(product.id, variant.id);
    const existing = await db.cart.get(id);
    const line: CartLine = {
      id,
      productId: product.id,
      variantId: variant.id,
      merchantId: product.merchantId,
      quantity: mergedQuantity(existing?.quantity ?? 0, item.quantity),
      unitMinor: variant.priceMinor,
      currency: variant.currency,
      title: product.title,
      variantTitle: variant.title,
      image: product.images[0] ?? null,
      source: existing?.source ?? item.source,
      addedAt: existing?.addedAt ?? now,
    };
    await db.cart.put(line);
    return { cartCount: cartCount(await db.cart.toArray()) };
  });
}

export async function readCart(db: PostcartDB): Promise<CartView> {
  const lines = await db.cart.orderBy('addedAt').toArray();
  const [merchants, products] = await Promise.all([
    db.merchants.bulkGet([...new Set(lines.map((line) => line.merchantId))]),
    db.products.bulkGet(lines.map((line) => line.productId)),
  ]);
  const byId = new Map(merchants.filter((m) => m !== undefined).map((m) => [m.id, m]));
  return { lines, details: lineDetails(lines, products), groups: groupByMerchant(lines, byId) };
}

/** The shopper accepted the catalog's new prices: lines take them (their `addedAt` and post stay). */
export async function acceptPrices(db: PostcartDB, merchantId: string | null): Promise<CartView> {
  await db.transaction('rw', [db.cart, db.products], async () => {
    const lines = merchantId === null ? await db.cart.toArray() : await db.cart.where('merchantId').equals(merchantId).toArray();
    const products = await db.products.bulkGet(lines.map((line) => line.productId));
    const updated: CartLine[] = [];
    lines.forEach((line, index) => {
      const detail = lineDetail(line, products[index]);
      if (detail.state === 'price-changed' && detail.current) {
        updated.push({ ...line, unitMinor: detail.current.minor, currency: detail.current.currency });
      }
    });
    await db.cart.bulkPut(updated);
  });
  return readCart(db);
}

/**
 * Switches a line to another variant of its product at the catalog's price. When the cart already
 * holds that variant the two lines become one (quantities added, capped at MAX_QUANTITY).
 */
export async function changeVariant(db: PostcartDB, id: string, variantId: string): Promise<CartView> {
  await db.transaction('rw', [db.cart, db.products], async () => {
    const line = await db.cart.get(id);
    if (!line) throw new UserError('errLineGone');
    if (line.variantId === variantId) return;
    const product = await db.products.get(line.productId);
    const variant = product?.variants.find((candidate) => candidate.id === variantId);
    if (!product || !variant) throw new UserError('errOptionGone');
    if (!variant.available) throw new UserError('errOutOfStock');
    const newId = lineId(product.id, variant.id);
    const other = await db.cart.get(newId);
    await db.cart.delete(line.id);
    await db.cart.put({
      ...line,
      id: newId,
      variantId: variant.id,
      variantTitle: variant.title,
      unitMinor: variant.priceMinor,
      currency: variant.currency,
      quantity: mergedQuantity(line.quantity, other?.quantity ?? 0),
      addedAt: Math.min(line.addedAt, other?.addedAt ?? line.addedAt),
      source: other && other.addedAt < line.addedAt ? other.source : line.source,
    });
  });
  return readCart(db);
}

/** Puts lines back (a refused order, "buy again"): same variant merges into the existing line. */
export async function returnToCart(db: PostcartDB, lines: readonly CartLine[]): Promise<void> {
  for (const line of lines) {
    const existing = await db.cart.get(line.id);
    await db.cart.put(existing ? { ...existing, quantity: mergedQuantity(existing.quantity, line.quantity) } : line);
  }
}

/**
 * "Buy again": the order's lines go back into the cart at today's catalog price. Lines whose
 * product, variant or stock is gone are counted as skipped, not added.
 */
export async function buyAgain(db: PostcartDB, orderId: string, now: number): Promise<{ added: number; skipped: number; cart: CartView }> {
  const result = await db.transaction('rw', [db.orders, db.cart, db.products], async () => {
    const order = await db.orders.get(orderId);
    if (!order) throw new UserError('errOrderGone');
    const products = await db.products.bulkGet(order.lines.map((line) => line.productId));
    const lines: CartLine[] = [];
    order.lines.forEach((line, index) => {
      const product = products[index];
      const variant = product?.variants.find((candidate) => candidate.id === line.variantId);
      if (!product || !variant?.available) return;
      lines.push({
        ...line,
        merchantId: product.merchantId,
        title: product.title,
        variantTitle: variant.title,
        unitMinor: variant.priceMinor,
        currency: variant.currency,
        image: product.images[0] ?? line.image,
        addedAt: now + index,
      });
    });
    await returnToCart(db, lines);
    return { added: lines.length, skipped: order.lines.length - lines.length };
  });
  return { ...result, cart: await readCart(db) };
}

