/**
 * The same-item index of the products table: every product row carries `sameKeys`, the matchable
 * GTIN-14 keys of its variants and of itself and its brand + MPN keys (same-item.ts
 * `sameItemKeys`), under a multi-entry index, so a card finds the same item at other merchants
 * with one indexed query. A DBCore middleware writes the keys on every add and put of a product,
 * whoever writes it (sync, the demo import, a test), without reading anything back.
 */
import type { DBCore, DBCoreMutateRequest, Middleware } from 'dexie';
import { sameItemKeys, type OfferProduct } from './same-item';

/** The row field (and index) the keys live in. */
export const SAME_KEYS = 'sameKeys';

/** A product's same-item keys as one list: GTIN-14 keys (14 digits) and "brand|MPN" keys. */
export function productSameKeys(product: OfferProduct): string[] {
  const { gtins, models } = sameItemKeys(product);
  return [...gtins, ...models];
}

/** Rows that look like products get their keys; anything else is left as it is. */
function withKeys(value: unknown): unknown {
  if (!value || typeof value !== 'object' || !Array.isArray((value as { variants?: unknown }).variants)) return value;
  try {
    return { ...value, [SAME_KEYS]: productSameKeys(value as OfferProduct) };
  } catch {
    // A malformed row (not written by our sync) still stores; it simply has no keys.
    return { ...value, [SAME_KEYS]: [] };
  }
}

function keyed(request: DBCoreMutateRequest): DBCoreMutateRequest {
  if (request.type !== 'add' && request.type !== 'put') return request;
  return { ...request, values: request.values.map(withKeys) };
}

export const sameKeysMiddleware: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'PostcartSameKeys',
  create: (down) => ({
    ...down,
    table: (name) => {
      const table = down.table(name);
      return name === 'products' ? { ...table, mutate: (request) => table.mutate(keyed(request)) } : table;
    },
  }),
};
