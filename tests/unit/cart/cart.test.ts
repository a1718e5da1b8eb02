import { describe, it, expect } from 'vitest';
import {
  lineDetail,
  cartCount,
  groupByMerchant,
  lineId,
  lineTotal,
  primarySource,
  sourcePosts,
  UNAVAILABLE_CHECKOUT,
  type MerchantInfo,
} from '../../../utils/cart/cart';
import type { CartLine } from '../../../utils/catalog/model';

let added = 0;
function line(overrides: Partial<CartLine> & Pick<CartLine, 'merchantId'>): CartLine {
  added += 1;
  const productId = overrides.productId ?? `${overrides.merchantId}:p${added}`;
  const variantId = overrides.variantId ?? String(1000 + added);
  return {
    id: lineId(productId, variantId),
    productId,
    variantId,
    quantity: 1,
    unitMinor: 1000,
    currency: 'USD',
    title: `Product ${added}`,
    variantTitle: '',
    image: null,
    source: null,
    addedAt: added,
    ...overrides,
  };
}

const merchants = new Map<string, MerchantInfo>([
  ['acme', { name: 'Acme Outdoor', checkout: { kind: 'shopify-permalink' } }],
  ['kyoto', { name: 'Kyoto Tea', checkout: { kind: 'orders-api' } }],
]);

describe('groupByMerchant', () => {
  it('groups lines per merchant in the order merchants first appear', () => {
    const lines = [line({ merchantId: 'kyoto' }), line({ merchantId: 'acme' }), line({ merchantId: 'kyoto' })];
    const groups = groupByMerchant(lines, merchants);
    expect(groups.map((group) => group.merchantId)).toEqual(['kyoto', 'acme']);
    expect(groups[0]?.lineIds).toEqual([lines[0]?.id, lines[2]?.id]);
    expect(groups[0]).toMatchObject({ merchantName: 'Kyoto Tea', checkoutKind: 'orders-api' });
    expect(groups[1]).toMatchObject({ merchantName: 'Acme Outdoor', checkoutKind: 'shopify-permalink' });
  });

  it('gives one subtotal per currency when a merchant sells in USD and EUR', () => {
    const lines = [
      line({ merchantId: 'acme', unitMinor: 12900, quantity: 2, currency: 'USD' }),
      line({ merchantId: 'acme', unitMinor: 4550, quantity: 1, currency: 'EUR' }),
      line({ merchantId: 'acme', unitMinor: 100, quantity: 3, currency: 'USD' }),
    ];
    const [group] = groupByMerchant(lines, merchants);
    expect(group?.subtotals).toEqual([
      { currency: 'USD', minor: 26100 },
      { currency: 'EUR', minor: 4550 },
    ]);
  });

  it('sums yen as whole units, since JPY has no decimals', () => {
    const lines = [
      line({ merchantId: 'kyoto', unitMinor: 3200, quantity: 2, currency: 'JPY' }),
      line({ merchantId: 'kyoto', unitMinor: 980, quantity: 1, currency: 'JPY' }),
    ];
    expect(groupByMerchant(lines, merchants)[0]?.subtotals).toEqual([{ currency: 'JPY', minor: 7380 }]);
  });

  it('sums 0.10 and 0.20 to exactly 30 minor units', () => {
    const lines = [
      line({ merchantId: 'acme', unitMinor: 10, currency: 'USD' }),
      line({ merchantId: 'acme', unitMinor: 20, currency: 'USD' }),
    ];
    const subtotal = groupByMerchant(lines, merchants)[0]?.subtotals[0];
    expect(subtotal?.minor).toBe(30);
    expect(Number.isInteger(subtotal?.minor)).toBe(true);
  });

  it('keeps lines of a merchant that left the catalog, flagged as not checkout-able', () => {
    const [group] = groupByMerchant([line({ merchantId: 'gone' })], merchants);
    expect(group).toMatchObject({ merchantId: 'gone', merchantName: 'gone', checkoutKind: UNAVAILABLE_CHECKOUT });
  });

  it('accepts merchants as a plain record and ignores inherited keys', () => {
    const record = { acme: { name: 'Acme Outdoor', checkout: { kind: 'link' as const } } };
    expect(groupByMerchant([line({ merchantId: 'acme' })], record)[0]?.checkoutKind).toBe('link');
    expect(groupByMerchant([line({ merchantId: 'constructor' })], record)[0]?.merchantName).toBe('constructor');
  });

  it('returns no groups for an empty cart', () => {
    expect(groupByMerchant([], merchants)).toEqual([]);
  });
});

describe('cart helpers', () => {
  it('counts items by quantity', () => {
    expect(cartCount([line({ merchantId: 'acme', quantity: 2 }), line({ merchantId: 'kyoto', quantity: 3 })])).toBe(5);
    expect(cartCount([])).toBe(0);
  });

  it('multiplies a line total exactly in minor units', () => {
    expect(lineTotal({ unitMinor: 1999, quantity: 3, currency: 'USD' })).toEqual({ minor: 5997, currency: 'USD' });
  });

  it('builds the same line id for the same variant and different ids otherwise', () => {
    expect(lineId('acme:123', '456')).toBe(lineId('acme:123', '456'));
    expect(lineId('acme:123', '456')).not.toBe(lineId('acme:123', '457'));
    // Ids containing the separator cannot collide.
    expect(lineId('a|b', 'c')).not.toBe(lineId('a', 'b|c'));
  });

  it('lists each source post once and credits the earliest one', () => {
    const post = { platform: 'instagram' as const, postId: 'A', url: 'https://www.instagram.com/p/A/' };
    const other = { platform: 'pinterest' as const, postId: 'B', url: 'https://www.pinterest.com/pin/B/' };
    const lines = [
      line({ merchantId: 'acme', source: other, addedAt: 20 }),
      line({ merchantId: 'acme', source: post, addedAt: 10 }),
      line({ merchantId: 'acme', source: post, addedAt: 30 }),
      line({ merchantId: 'acme', source: null, addedAt: 1 }),
    ];
    expect(sourcePosts(lines)).toEqual([other, post]);
    expect(primarySource(lines)).toEqual(post);
    expect(primarySource([line({ merchantId: 'acme' })])).toBeNull();
  });
});

describe('lineDetail', () => {
  const line = {
    id: 'p|1', productId: 'p', variantId: '1', merchantId: 'm', quantity: 1, unitMinor: 1000, currency: 'USD',
    title: 'Mug', variantTitle: 'Sand', image: null, source: null, addedAt: 1,
  };
  const variant = { id: '1', title: 'Sand', priceMinor: 1000, compareAtMinor: null, currency: 'USD', available: true, sku: null };

  it('is ok when the catalog still sells the variant at the price the shopper saw', () => {
    expect(lineDetail(line, { variants: [variant] })).toMatchObject({ state: 'ok', current: { minor: 1000, currency: 'USD' } });
  });

  it('reports a new price or a new currency as a price change', () => {
    expect(lineDetail(line, { variants: [{ ...variant, priceMinor: 1200 }] }).state).toBe('price-changed');
    expect(lineDetail(line, { variants: [{ ...variant, currency: 'CAD' }] }).state).toBe('price-changed');
  });

  it('tells out of stock from gone', () => {
    expect(lineDetail(line, { variants: [{ ...variant, available: false }] }).state).toBe('out-of-stock');
    expect(lineDetail(line, { variants: [{ ...variant, id: '2' }] })).toMatchObject({ state: 'removed', current: null });
    expect(lineDetail(line, undefined)).toMatchObject({ state: 'removed', variants: [] });
  });
});
