import { describe, expect, it } from 'vitest';
import { gtinCheckDigit } from '@/utils/catalog/gtin';
import { findSameItems, packCount, SameItemOffers, sameItemKeys, titleMeasures, type OfferProduct, type OfferVariant } from '@/utils/catalog/same-item';

const variant = (id: string, priceMinor: number, extra: Partial<OfferVariant> = {}): OfferVariant => ({
  id,
  title: '',
  priceMinor,
  currency: 'USD',
  available: true,
  ...extra,
});

const product = (id: string, merchantId: string, title: string, variants: OfferVariant[], extra: Partial<OfferProduct> = {}): OfferProduct => ({
  id,
  merchantId,
  title,
  brand: 'Acme',
  gtin: null,
  variants,
  ...extra,
});

const UPC = '036000291452';
const EAN13 = '0036000291452';

describe('same-item tiers', () => {
  it('matches the GTIN-12 and GTIN-13 forms of one code as the same item', () => {
    const mine = product('a:1', 'a', 'Summit Bottle 750 ml', [variant('v1', 3400)], { gtin: UPC });
    const theirs = product('b:1', 'b', 'Insulated bottle, 0.75 l', [variant('w1', 2900)], { gtin: EAN13, brand: 'ACME Inc.' });
    expect(findSameItems(mine, 'v1', [theirs])).toMatchObject([
      { tier: 'same', productId: 'b:1', variantId: 'w1', basis: 'same-variant', savingMinor: 500, matchedBy: { gtin: '00036000291452' } },
    ]);
  });

  it('never matches a two-pack with a single, though the titles share their words', () => {
    const single = product('a:1', 'a', 'Beeswax Taper Candle', [variant('v1', 1800)], { mpn: 'BTC-1' });
    const packs = [
      product('b:1', 'b', 'Beeswax Taper Candle 2-Pack', [variant('w1', 1500)]),
      product('c:1', 'c', 'Beeswax Taper Candle, Set of 2', [variant('x1', 1500)]),
      product('d:1', 'd', 'Beeswax Taper Candle x2', [variant('y1', 1500)], { mpn: 'BTC-1' }),
      product('e:1', 'e', 'Beeswax Taper Candle (twin pack)', [variant('z1', 1500)]),
      product('f:1', 'f', 'Beeswax Taper Candles, Pair', [variant('u1', 1500)]),
    ];
    expect(findSameItems(single, 'v1', packs)).toEqual([]);
    // A pack mislabelled with the single's GTIN is still not the same item.
    const gtin = '4006381333931';
    expect(findSameItems({ ...single, gtin }, 'v1', [{ ...packs[0]!, gtin }])).toEqual([]);
  });

  it('calls the same brand and MPN "same model", priced from the cheapest option in stock', () => {
    const mine = product('a:1', 'a', 'Trail Jacket', [variant('v1', 12900, { title: 'M / Blue' })], { mpn: 'TJ-100' });
    const theirs = product('b:1', 'b', 'Acme Trail Shell Jacket', [variant('w1', 11900, { title: 'L' }), variant('w2', 9900, { title: 'S', available: false }), variant('w3', 11500, { title: 'XL' })], { mpn: 'tj 100' });
    expect(findSameItems(mine, 'v1', [theirs])).toMatchObject([{ tier: 'same-model', variantId: 'w3', basis: 'lowest-in-stock', matchedBy: { mpn: 'TJ100' } }]);
  });

  it('compares the exact variant when GTINs are per variant, not a cheaper other option', () => {
    const mine = product('a:1', 'a', 'Trail Jacket', [variant('m', 12900, { gtin: UPC }), variant('l', 12900, { gtin: '4006381333931' })]);
    const theirs = product('b:1', 'b', 'Trail Jacket', [variant('s', 9000, { gtin: '9780306406157' }), variant('m2', 12000, { gtin: EAN13 })]);
    expect(findSameItems(mine, 'm', [theirs])).toMatchObject([{ tier: 'same', variantId: 'm2', savingMinor: 900 }]);
  });

  it('says "same model, check options" when a shared GTIN is only the product\'s and the product has several options', () => {
    const mine = product('a:1', 'a', 'Trail Jacket', [variant('m', 12900), variant('l', 12900)], { gtin: UPC });
    const theirs = product('b:1', 'b', 'Rain jacket', [variant('x', 11000), variant('y', 10000)], { gtin: EAN13, brand: 'Other' });
    expect(findSameItems(mine, 'm', [theirs])).toMatchObject([{ tier: 'same-model', variantId: 'y', basis: 'lowest-in-stock', matchedBy: { gtin: '00036000291452' } }]);
  });

  it('never uses in-store or coupon numbers to call two items the same', () => {
    const inStore = `21234567890${gtinCheckDigit('21234567890')}`;
    const mine = product('a:1', 'a', 'Sourdough loaf', [variant('v', 500)], { gtin: inStore, brand: 'Bakery A' });
    const theirs = product('b:1', 'b', 'Rye bread', [variant('w', 300)], { gtin: inStore, brand: 'Bakery B' });
    expect(findSameItems(mine, 'v', [theirs])).toEqual([]);
  });

  it('shows a similar title as "similar", never as the same, and only for a compatible brand and size', () => {
    const mine = product('a:1', 'a', 'Summit Insulated Bottle 750 ml', [variant('v', 3400)]);
    const similar = product('b:1', 'b', 'Summit Insulated Steel Bottle 750ml', [variant('w', 3000)]);
    const smaller = product('c:1', 'c', 'Summit Insulated Bottle 500 ml', [variant('x', 2000)]);
    const otherBrand = product('d:1', 'd', 'Summit Insulated Bottle 750 ml', [variant('y', 2500)], { brand: 'Rival' });
    const offers = findSameItems(mine, 'v', [similar, smaller, otherBrand]);
    expect(offers).toMatchObject([{ tier: 'similar', productId: 'b:1', matchedBy: { titleSimilarity: 0.75 } }]);
  });

  it('ignores the same merchant and the product itself', () => {
    const mine = product('a:1', 'a', 'Trail Jacket', [variant('v', 12900)], { gtin: UPC });
    expect(findSameItems(mine, 'v', [mine, product('a:2', 'a', 'Trail Jacket', [variant('w', 9000)], { gtin: EAN13 })])).toEqual([]);
  });

  it('keeps the best offer of each tier, in tier order', () => {
    const mine = product('a:1', 'a', 'Trail Jacket', [variant('v', 12900)], { gtin: UPC, mpn: 'TJ-100' });
    const offers = findSameItems(mine, 'v', [
      product('s:1', 's', 'Acme Trail Jacket', [variant('s1', 12000)], { mpn: 'TJ-100' }),
      product('b:1', 'b', 'Trail Jacket', [variant('b1', 12500)], { gtin: EAN13 }),
      product('c:1', 'c', 'Trail Jacket', [variant('c1', 11900)], { gtin: UPC }),
      product('t:1', 't', 'Trail Jacket Pro', [variant('t1', 9900)]),
    ]);
    expect(offers.map((o) => [o.tier, o.productId])).toEqual([
      ['same', 'c:1'],
      ['same-model', 's:1'],
      ['similar', 't:1'],
    ]);
    expect(() => SameItemOffers.parse(offers)).not.toThrow();
  });
});

describe('same-item index keys', () => {
  it('are the matchable GTINs of the variants and the product, and brand + MPN', () => {
    const keys = sameItemKeys(product('a:1', 'a', 'Trail Jacket', [variant('m', 100, { gtin: EAN13, mpn: 'TJ-100-M' }), variant('l', 100, { gtin: `21234567890${gtinCheckDigit('21234567890')}` })], { gtin: UPC, mpn: 'TJ-100', brand: 'Acme Inc.' }));
    expect(keys).toEqual({ gtins: ['00036000291452'], models: ['acme|TJ100', 'acme|TJ100M'] });
    expect(sameItemKeys(product('b:1', 'b', 'Mug', [variant('v', 100)], { brand: null, mpn: 'X-1' }))).toEqual({ gtins: [], models: [] });
  });
});

describe('same-item prices', () => {
  const mine = (extra: Partial<OfferVariant> = {}, product_: Partial<OfferProduct> = {}) => product('a:1', 'a', 'Trail Jacket', [variant('v', 10000, extra)], { gtin: UPC, ...product_ });
  const theirs = (price: number, extra: Partial<OfferVariant> = {}) => product('b:1', 'b', 'Trail Jacket', [variant('w', price, extra)], { gtin: EAN13 });

  it('shows an offer only when it saves at least 1 % of the price', () => {
    expect(findSameItems(mine(), 'v', [theirs(9901)])).toEqual([]);
    expect(findSameItems(mine(), 'v', [theirs(9900)])).toMatchObject([{ savingMinor: 100, savingRatio: 0.01 }]);
    expect(findSameItems(mine(), 'v', [theirs(10500)])).toEqual([]);
  });

  it('compares only variants in stock', () => {
    expect(findSameItems(mine(), 'v', [theirs(5000, { available: false })])).toEqual([]);
  });

  it('adds shipping when both merchants give it, and compares item prices alone otherwise', () => {
    expect(findSameItems(mine({ shippingMinor: 0 }), 'v', [theirs(9000, { shippingMinor: 1500 })])).toEqual([]);
    expect(findSameItems(mine({ shippingMinor: 500 }), 'v', [theirs(9000, { shippingMinor: 0 })])).toMatchObject([{ shippingIncluded: true, savingMinor: 1500, shippingMinor: 0 }]);
    expect(findSameItems(mine(), 'v', [theirs(9000, { shippingMinor: 1500 })])).toMatchObject([{ shippingIncluded: false, savingMinor: 1000, shippingMinor: 1500 }]);
  });

  it('leaves out another currency without a rate, and shows it as converted with the rate\'s source and date with one', () => {
    const yen = theirs(12000, { currency: 'JPY' });
    expect(findSameItems(mine(), 'v', [yen])).toEqual([]);
    const rates = [{ from: 'USD', to: 'JPY', rate: 150, source: 'European Central Bank', date: '2026-11-20' }];
    // ¥12,000 at 150 ¥ per dollar is $80.00: the inverse of the given rate is used.
    expect(findSameItems(mine(), 'v', [yen], { rates })).toMatchObject([
      { currency: 'JPY', priceMinor: 12000, savingMinor: 2000, converted: { minor: 8000, currency: 'USD', source: 'European Central Bank', date: '2026-11-20' } },
    ]);
  });

  it('prefers the offer in the same currency when a converted one saves no more', () => {
    const rates = [{ from: 'EUR', to: 'USD', rate: 1, source: 'test', date: '2026-11-20' }];
    const eur = product('b:1', 'b', 'Trail Jacket', [variant('w', 9000, { currency: 'EUR' })], { gtin: EAN13 });
    const usd = product('c:1', 'c', 'Trail Jacket', [variant('x', 9000)], { gtin: EAN13 });
    expect(findSameItems(mine(), 'v', [eur, usd], { rates })).toMatchObject([{ productId: 'c:1', converted: null }]);
  });

  it('finds nothing for a free or malformed current price', () => {
    expect(findSameItems(product('a:1', 'a', 'Trail Jacket', [variant('v', 0)], { gtin: UPC }), 'v', [theirs(0)])).toEqual([]);
  });
});

describe('pack sizes and measures in titles', () => {
  it.each([
    ['Trail socks', 1],
    ['Trail socks 3-pack', 3],
    ['Trail socks, pack of 3', 3],
    ['Trail socks - pack of six', 6],
    ['Linen Napkins, Set of 4', 4],
    ['Candle x2', 2],
    ['2x Candle', 2],
    ['Cold brew 2 x 750 ml', 2],
    ['Shelf board 2x4', 1],
    ['Tea towels (3 pcs)', 3],
    ['Beeswax Taper Candles, Pair', 2],
    ['Merino socks, 3 pairs', 3],
    ['Twin pack razor blades', 2],
    ['Twin duvet cover', 1],
    ['Basecamp 2-Person Tent', 1],
    ['Soksi jozi 3', 3],
    ['Mishumaa seti ya 2', 2],
    ['Sabuni vipande viwili', 2],
    ['شمع ۲ عددی', 2],
    ['جوراب ۳ جفت', 3],
    ['Kandila set ng 2', 2],
    ['Medyas dalawang piraso', 2],
    ['Sveces 4 gab.', 4],
    ['Zeķes 2 pāri', 2],
    ['Şam 2-li dəst', 2],
    ['Corab 3 ədəd', 3],
  ])('%s sells %i', (title, count) => {
    expect(packCount(title)).toBe(count);
  });

  it('reads volumes, weights and lengths in base units', () => {
    expect(titleMeasures('Summit Bottle 750 ml')).toEqual(new Map([['v', 750]]));
    expect(titleMeasures('Ridgeline 28L Daypack')).toEqual(new Map([['v', 28000]]));
    expect(titleMeasures('Sencha 100 g')).toEqual(new Map([['w', 100]]));
    expect(titleMeasures('Basecamp 2-Person Tent')).toEqual(new Map());
  });
});
