import { describe, expect, it } from 'vitest';
import { toCatalogRecords } from '@/utils/sync/linked/model';
import { classifyProductUrl, type ProductLink } from '@/utils/sync/linked/product-url';
import { parseShopifyCartCurrency, parseShopifyProductJs, shopifyCartJsUrl, shopifyProductJsUrl } from '@/utils/sync/linked/shopify';
import { fixtureJson } from './fixtures';

const READ_AT = Date.UTC(2026, 10, 22, 12);

function link(url: string): ProductLink {
  const found = classifyProductUrl(url);
  if (!found) throw new Error(`not a product link: ${url}`);
  return found;
}

const DRESS = link('https://mtaa-atelier.example/products/linen-wrap-dress?variant=41877001234503');

function parse(raw: unknown, currency = 'KES') {
  return parseShopifyProductJs(raw, { link: DRESS, currency, readFrom: shopifyProductJsUrl(DRESS), readAt: READ_AT });
}

describe('Shopify storefront URLs', () => {
  it('ask for the product and the cart in the market the link is in', () => {
    expect(shopifyProductJsUrl(DRESS)).toBe('https://mtaa-atelier.example/products/linen-wrap-dress.js');
    expect(shopifyCartJsUrl(DRESS)).toBe('https://mtaa-atelier.example/cart.js');
    const uk = link('https://acme.example/en-gb/collections/sale/products/trail-jacket');
    expect(shopifyProductJsUrl(uk)).toBe('https://acme.example/en-gb/products/trail-jacket.js');
    expect(shopifyCartJsUrl(uk)).toBe('https://acme.example/en-gb/cart.js');
    expect(shopifyProductJsUrl(link('https://duka.example/products/%D8%B4%D8%A7%D9%84'))).toBe('https://duka.example/products/%D8%B4%D8%A7%D9%84.js');
  });

  it('read the presentment currency from cart.js', () => {
    expect(parseShopifyCartCurrency(fixtureJson('shopify-cart.js.json'))).toBe('KES');
    expect(parseShopifyCartCurrency({ currency: 'usd' })).toBe('USD');
    expect(parseShopifyCartCurrency({ currency: '$' })).toBeNull();
    expect(parseShopifyCartCurrency({ items: [] })).toBeNull();
    expect(parseShopifyCartCurrency('<html>')).toBeNull();
  });
});

describe('parseShopifyProductJs', () => {
  it('maps the .js answer onto a linked product with variants, options, images and stock', () => {
    const result = parse(fixtureJson('shopify-product.js.json'));
    if (!result.ok) throw new Error(result.detail);
    const product = result.product;
    expect(product).toMatchObject({
      key: 'mtaa-atelier.example/products/linen-wrap-dress',
      kind: 'shopify',
      url: 'https://mtaa-atelier.example/products/linen-wrap-dress?variant=41877001234503',
      title: 'Linen Wrap Dress',
      brand: 'Mtaa Atelier',
      method: 'shopify-js',
      checkout: 'shopify-permalink',
      priceKind: 'exact',
      optionNames: ['Size', 'Colour'],
      gtin: '6161100987654',
      readFrom: 'https://mtaa-atelier.example/products/linen-wrap-dress.js',
      readAt: READ_AT,
    });
    expect(product.description).toContain('Washed linen, cut on the bias & tied at the waist.');
    expect(product.description).toContain('• 100% European flax');
    expect(product.images).toEqual([
      'https://mtaa-atelier.example/cdn/shop/files/wrap-dress-sand.jpg?v=1740841502',
      'https://mtaa-atelier.example/cdn/shop/files/wrap-dress-indigo.jpg?v=1740841509',
      'https://mtaa-atelier.example/cdn/shop/files/wrap-dress-back.jpg?v=1740841515',
    ]);
    expect(product.variants).toEqual([
      {
        id: '41877001234501', title: 'S / Sand', priceMinor: 450000, compareAtMinor: 560000, currency: 'KES', available: true,
        sku: 'LWD-S-SAND', gtin: '6161100987654', image: 'https://mtaa-atelier.example/cdn/shop/files/wrap-dress-sand.jpg?v=1740841502', options: ['S', 'Sand'],
      },
      { id: '41877001234502', title: 'M / Sand', priceMinor: 450000, compareAtMinor: null, currency: 'KES', available: false, sku: 'LWD-M-SAND', gtin: null, image: null, options: ['M', 'Sand'] },
      // A compare-at price equal to the price is no sale.
      {
        id: '41877001234503', title: 'M / Indigo', priceMinor: 520000, compareAtMinor: null, currency: 'KES', available: true,
        sku: null, gtin: null, image: 'https://mtaa-atelier.example/cdn/shop/files/wrap-dress-indigo.jpg?v=1740841509', options: ['M', 'Indigo'],
      },
    ]);
  });

  it('reads hundredths for every currency, as the Ajax API gives them, into ISO minor units', () => {
    const raw = { id: 1, title: 'Hanbok', handle: 'hanbok', variants: [{ id: 11, title: 'Default Title', options: ['Default Title'], price: 8900000, available: true }], options: [{ name: 'Title', position: 1 }] };
    const krw = parse(raw, 'KRW');
    if (!krw.ok) throw new Error(krw.detail);
    expect(krw.product.variants[0]).toMatchObject({ id: '11', title: '', priceMinor: 89000, currency: 'KRW', options: [] });
    expect(krw.product.optionNames).toEqual([]);
    const cop = parse({ ...raw, variants: [{ id: 11, title: 'Default Title', price: 2864596 }] }, 'COP');
    expect(cop.ok && cop.product.variants[0]?.priceMinor).toBe(2864596);
  });

  it('accepts the older answer with option names as plain strings', () => {
    const result = parse({ id: 2, title: 'Mug', handle: 'mug', options: ['Colour'], variants: [{ id: 21, title: 'Red', options: ['Red'], price: 1500, available: true }] });
    expect(result.ok && result.product.optionNames).toEqual(['Colour']);
  });

  it('leaves out a malformed variant and keeps the rest', () => {
    const result = parse({ id: 3, title: 'Tote', handle: 'tote', variants: [{ id: 31, title: 'Big', price: 'lots' }, { id: 32, title: 'Small', price: 2500 }] });
    expect(result.ok && result.product.variants.map((variant) => variant.id)).toEqual(['32']);
  });

  it('says no-product for an answer that is no Shopify product (a theme page, an error object)', () => {
    for (const raw of ['<!doctype html><title>Not found</title>', { status: 404, message: 'Not Found' }, { id: 1, title: 'X', handle: 'x', variants: [] }, null, []]) {
      const result = parse(raw);
      expect(result.ok ? 'ok' : result.reason, JSON.stringify(raw)).toBe('no-product');
    }
  });

  it('says no-price when no variant has a price, a zero price or the currency is not one', () => {
    const zero = parse({ id: 4, title: 'Sample', handle: 'sample', variants: [{ id: 41, title: 'Default Title', price: 0 }] });
    expect(zero.ok ? 'ok' : zero.reason).toBe('no-price');
    const broken = parse({ id: 4, title: 'Sample', handle: 'sample', variants: [{ id: 41, price: -1 }] });
    expect(broken.ok ? 'ok' : broken.reason).toBe('no-price');
    const noCurrency = parse(fixtureJson('shopify-product.js.json'), 'XXX');
    expect(noCurrency.ok ? 'ok' : noCurrency.reason).toBe('no-price');
  });

  it('becomes a merchant and a product of the linked source, checkout by permalink', () => {
    const result = parse(fixtureJson('shopify-product.js.json'));
    if (!result.ok) throw new Error(result.detail);
    const { merchant, product } = toCatalogRecords(result.product);
    expect(merchant).toEqual({
      id: 'linked:mtaa-atelier.example', name: 'mtaa-atelier.example', url: 'https://mtaa-atelier.example', currency: 'KES',
      checkout: { kind: 'shopify-permalink' }, accounts: {}, sourceId: 'linked',
    });
    expect(product).toMatchObject({
      id: 'linked:mtaa-atelier.example/products/linen-wrap-dress', merchantId: 'linked:mtaa-atelier.example', sourceId: 'linked',
      urlKey: 'mtaa-atelier.example/products/linen-wrap-dress', gtin: '6161100987654', updatedAt: '2026-11-22T12:00:00.000Z',
    });
    expect(product.variants[0]).toEqual({ id: '41877001234501', title: 'S / Sand', priceMinor: 450000, compareAtMinor: 560000, currency: 'KES', available: true, sku: 'LWD-S-SAND' });
  });
});
