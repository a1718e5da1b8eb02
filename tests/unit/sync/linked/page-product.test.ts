import { describe, expect, it } from 'vitest';
import type { LinkedProduct, LinkedResult } from '@/utils/sync/linked/model';
import { extractPageProduct } from '@/utils/sync/linked/page-product';
import { classifyProductUrl } from '@/utils/sync/linked/product-url';
import { fixtureText } from './fixtures';

const READ_AT = Date.UTC(2026, 10, 22, 12);

function readHtml(html: string, url: string, finalUrl?: string): LinkedResult {
  const link = classifyProductUrl(url);
  if (!link) throw new Error(`not a product link: ${url}`);
  return extractPageProduct({ html, link, finalUrl: finalUrl ?? link.url, readAt: READ_AT });
}

function read(fixture: string, url: string, finalUrl?: string): LinkedResult {
  return readHtml(fixtureText(fixture), url, finalUrl);
}

function product(result: LinkedResult): LinkedProduct {
  if (!result.ok) throw new Error(`${result.reason}: ${result.detail}`);
  return result.product;
}

function reason(result: LinkedResult): string {
  return result.ok ? `ok (${result.product.method})` : result.reason;
}

/** A page whose head carries the given JSON-LD blocks and meta tags. */
function page(blocks: unknown[], head = ''): string {
  const scripts = blocks.map((block) => `<script type="application/ld+json">${typeof block === 'string' ? block : JSON.stringify(block)}</script>`).join('\n');
  return `<!doctype html><html><head>${head}${scripts}</head><body><h1>Page</h1></body></html>`;
}

const SHOP = 'https://shop.example/product/linen-shirt/';

describe('extractPageProduct on platform templates', () => {
  it('reads Shopify Dawn\'s ProductGroup: variants, stock, relative @ids, and the review app\'s rating', () => {
    const dress = product(read('shopify-dawn.html', 'https://mtaa-atelier.example/products/linen-wrap-dress'));
    expect(dress).toMatchObject({
      method: 'json-ld',
      title: 'Linen Wrap Dress',
      brand: 'Mtaa Atelier',
      shopName: null,
      checkout: 'link',
      priceKind: 'exact',
      rating: { value: 4.74, count: 38 },
      readFrom: 'https://mtaa-atelier.example/products/linen-wrap-dress',
      readAt: READ_AT,
    });
    expect(dress.description).toBe('Washed linen, cut on the bias & tied at the waist.\n100% European flax\nMachine wash cold');
    expect(dress.variants.map(({ id, title, priceMinor, currency, available, sku, gtin }) => ({ id, title, priceMinor, currency, available, sku, gtin }))).toEqual([
      { id: '41877001234501', title: 'S / Sand', priceMinor: 450000, currency: 'KES', available: true, sku: 'LWD-S-SAND', gtin: '6161100987654' },
      { id: '41877001234502', title: 'M / Sand', priceMinor: 450000, currency: 'KES', available: false, sku: 'LWD-M-SAND', gtin: null },
      { id: '41877001234503', title: 'M / Indigo', priceMinor: 520000, currency: 'KES', available: true, sku: null, gtin: null },
    ]);
    expect(dress.variants[2]?.image).toBe('https://mtaa-atelier.example/cdn/shop/files/wrap-dress-indigo.jpg?v=1740841509&width=1920');
  });

  it('reads WooCommerce\'s @graph with the sale price in priceSpecification and the regular one as ListPrice', () => {
    const towel = product(read('woocommerce-sale.html', 'https://linikoks.example/produkts/linu-dvielis/?utm_source=facebook'));
    expect(towel).toMatchObject({
      method: 'json-ld',
      kind: 'woocommerce',
      title: 'Linu dvielis',
      shopName: 'Lini un Koks',
      gtin: '4751234567890',
      rating: { value: 4.5, count: 12 },
      images: ['https://linikoks.example/wp-content/uploads/2026/04/dvielis.jpg'],
      priceKind: 'exact',
    });
    expect(towel.description).toBe('Mazgāts lina dvielis, 70×140 cm.');
    expect(towel.variants).toEqual([
      { id: 'LK-DV-70', title: '', priceMinor: 2990, compareAtMinor: 3490, currency: 'EUR', available: true, sku: 'LK-DV-70', gtin: null, image: null, options: [] },
    ]);
  });

  it('reads a WooCommerce variable product\'s AggregateOffer as a "from" price, never as the price', () => {
    const tote = product(read('woocommerce-variable.html', 'https://habicrafts.example/product/abaca-tote-bag/'));
    expect(tote.priceKind).toBe('from');
    expect(tote.variants).toHaveLength(1);
    expect(tote.variants[0]).toMatchObject({ priceMinor: 125000, currency: 'PHP', compareAtMinor: null, sku: '517' });
  });

  it('reads BigCommerce Cornerstone\'s schema: gtin13, string rating, HTML description', () => {
    const maker = product(read('bigcommerce-cornerstone.html', 'https://kahawagear.example/products/cold-brew-maker-1-5l.html'));
    expect(maker).toMatchObject({
      kind: 'bigcommerce',
      method: 'json-ld',
      title: 'Cold Brew Coffee Maker 1.5L',
      brand: 'Kahawa Gear',
      gtin: '0812345678905',
      mpn: 'CB-1500',
      rating: { value: 4.8, count: 27 },
    });
    expect(maker.description).toBe('Glass carafe with a fine steel filter.\n\nMakes 1.5 litres; dishwasher safe.');
    expect(maker.variants[0]).toMatchObject({ priceMinor: 8995, currency: 'USD', available: true, sku: 'KG-CB15' });
  });

  it('reads Squarespace\'s Product among its WebSite and Organization blocks, with a numeric price and a bare InStock', () => {
    const bowl = product(read('squarespace-product.html', 'https://udongostudio.example/shop/p/hand-thrown-serving-bowl'));
    expect(bowl).toMatchObject({ kind: 'squarespace', method: 'json-ld', title: 'Hand-thrown Serving Bowl - Udongo Studio' });
    expect(bowl.images).toEqual(['https://static1.squarespace.example/static/5f1a/t/64b2/1689600000000/bowl.jpg?format=1500w']);
    expect(bowl.variants[0]).toMatchObject({ id: 'SQ3817264', priceMinor: 480000, currency: 'KES', available: true });
  });

  it('reads Wix\'s ImageObject images and capitalised Offers and Availability keys', () => {
    const collar = product(read('wix-product.html', 'https://www.shangaworks.example/product-page/beaded-maasai-collar'));
    expect(collar).toMatchObject({ kind: 'wix', method: 'json-ld', title: 'Beaded Maasai Collar', shopName: 'Shanga Works' });
    expect(collar.images).toHaveLength(2);
    expect(collar.images[0]).toMatch(/^https:\/\/static\.wixstatic\.example\/media\/5b1c2d_a1b2c3~mv2\.jpg/);
    expect(collar.variants[0]).toMatchObject({ priceMinor: 250000, currency: 'KES', available: true, sku: 'SW-COLLAR-01' });
  });

  it('reads microdata when there is no JSON-LD: content attributes, nested items, relative images', () => {
    const cover = product(read('microdata-only.html', 'https://naxisevi.example/product/xalca-yastiq-uzu'));
    expect(cover).toMatchObject({
      method: 'microdata',
      title: 'Xalça yastıq üzü 45×45',
      brand: 'Naxış Evi',
      rating: { value: 4.6, count: 9 },
      images: ['https://naxisevi.example/media/products/yastiq-1.jpg', 'https://naxisevi.example/media/products/yastiq-2.jpg'],
    });
    // The script inside the description is no part of it.
    expect(cover.description).toBe('Əl ilə toxunmuş yun xalçadan yastıq üzü.');
    expect(cover.variants[0]).toMatchObject({ priceMinor: 3500, currency: 'AZN', available: true, sku: 'NX-YU-45' });
  });

  it('reads Open Graph product tags when nothing else is there, the sale price with the regular one as compare-at', () => {
    const earrings = product(read('open-graph-only.html', 'https://baltajura.example/p/dzintara-auskari-1002345'));
    expect(earrings).toMatchObject({ method: 'open-graph', title: 'Dzintara auskari', brand: 'Baltā Jūra', shopName: 'Baltā Jūra', images: ['https://baltajura.example/img/auskari-large.jpg'] });
    expect(earrings.variants[0]).toMatchObject({ priceMinor: 109900, compareAtMinor: 129900, currency: 'EUR', available: true, sku: 'BJ-AUS-12' });
  });
});

describe('extractPageProduct on bad and hostile pages', () => {
  it('says several-products for a collection page, and picks the product whose URL the link names', () => {
    expect(reason(read('several-products.html', 'https://mtaa-atelier.example/products/summer-linen-edit'))).toBe('several-products');
    const shirt = product(read('several-products.html', 'https://mtaa-atelier.example/products/linen-shirt'));
    expect(shirt).toMatchObject({ title: 'Linen Shirt' });
    expect(shirt.variants[0]?.priceMinor).toBe(320000);
  });

  it('says bad-json when the only structured data is broken JSON, and never reads the visible price', () => {
    expect(reason(read('broken-json-ld.html', 'https://kubo.example/products/rattan-lamp-shade'))).toBe('bad-json');
  });

  it('uses another format when a broken JSON-LD block sits beside good Open Graph tags', () => {
    const html = fixtureText('broken-json-ld.html').replace('<head>', '<head><meta property="og:title" content="Rattan Lamp Shade"><meta property="og:price:amount" content="2450.00"><meta property="og:price:currency" content="PHP">');
    expect(product(readHtml(html, 'https://kubo.example/products/rattan-lamp-shade'))).toMatchObject({ method: 'open-graph', variants: [{ priceMinor: 245000, currency: 'PHP' }] });
  });

  it('says no-product for prices only in text and for a page about no product', () => {
    expect(reason(read('prices-in-text.html', 'https://pwani.example/product/kikoi-beach-towel/'))).toBe('no-product');
    expect(reason(read('no-product.html', 'https://mtaa-atelier.example/products/how-we-dye'))).toBe('no-product');
    expect(reason(readHtml('', SHOP))).toBe('no-product');
    expect(reason(readHtml('<<<>>> not html at all \u0000', SHOP))).toBe('no-product');
  });

  it('refuses a price without a currency, unless the page declares exactly one elsewhere', () => {
    const offer = { '@type': 'Product', name: 'Linen Shirt', offers: { '@type': 'Offer', price: '45.00' } };
    expect(reason(readHtml(page([offer]), SHOP))).toBe('no-price');
    const declared = readHtml(page([offer], '<meta property="og:price:currency" content="EUR">'), SHOP);
    expect(product(declared).variants[0]).toMatchObject({ priceMinor: 4500, currency: 'EUR' });
    const two = page([offer, { '@type': 'Offer', priceCurrency: 'USD' }], '<meta property="og:price:currency" content="EUR">');
    expect(reason(readHtml(two, SHOP))).toBe('no-price');
    const symbol = { ...offer, offers: { ...offer.offers, priceCurrency: '$' } };
    expect(reason(readHtml(page([symbol]), SHOP))).toBe('no-price');
  });

  it('refuses prices written as text, zero or with ambiguous separators', () => {
    for (const price of ['from 45', 'Call us', '0', '0.00', '45-60', '1,299']) {
      const html = page([{ '@type': 'Product', name: 'Scale', offers: { '@type': 'Offer', price, priceCurrency: 'KWD' } }]);
      expect(reason(readHtml(html, SHOP)), price).toBe('no-price');
    }
    const comma = page([{ '@type': 'Product', name: 'Shirt', offers: { '@type': 'Offer', price: '45,50', priceCurrency: 'EUR' } }]);
    expect(product(readHtml(comma, SHOP)).variants[0]?.priceMinor).toBe(4550);
  });

  it('refuses two descriptions of one product that disagree on its price', () => {
    const a = { '@type': 'Product', name: 'Linen Shirt', url: SHOP, offers: { '@type': 'Offer', price: '45.00', priceCurrency: 'EUR' } };
    const b = { ...a, offers: { '@type': 'Offer', price: '39.00', priceCurrency: 'EUR' } };
    const result = readHtml(page([a, b], '<meta property="og:price:amount" content="45.00"><meta property="og:price:currency" content="EUR"><meta property="og:title" content="Linen Shirt">'), SHOP);
    expect(reason(result)).toBe('no-price');
    expect(result.ok ? '' : result.detail).toMatch(/disagree/);
  });

  it('does not count a review widget\'s offer-less product, nor products on other pages, as rivals', () => {
    const own = { '@type': 'Product', name: 'Linen Shirt', url: SHOP, offers: { '@type': 'Offer', price: '45.00', priceCurrency: 'EUR' } };
    const related = { '@type': 'Product', name: 'Linen Trousers', url: 'https://shop.example/product/linen-trousers/', offers: { '@type': 'Offer', price: '59.00', priceCurrency: 'EUR' } };
    const widget = { '@type': 'Product', name: 'Something else', aggregateRating: { '@type': 'AggregateRating', ratingValue: 3, reviewCount: 2 } };
    expect(product(readHtml(page([own, related, widget]), SHOP))).toMatchObject({ title: 'Linen Shirt', rating: null, variants: [{ priceMinor: 4500 }] });
    // The page's own product has no price while another product has one: never that other price.
    const unpriced = { '@type': 'Product', name: 'Linen Shirt', url: SHOP };
    expect(reason(readHtml(page([unpriced, related]), SHOP))).toBe('no-price');
  });

  it('matches the page by its canonical URL or the URL it was finally read from', () => {
    const a = { '@type': 'Product', name: 'Shirt A', url: 'https://shop.example/product/shirt-a/', offers: { '@type': 'Offer', price: '45.00', priceCurrency: 'EUR' } };
    const b = { '@type': 'Product', name: 'Shirt B', url: 'https://shop.example/product/shirt-b/', offers: { '@type': 'Offer', price: '55.00', priceCurrency: 'EUR' } };
    const canonical = page([a, b], '<link rel="canonical" href="/product/shirt-b/">');
    expect(product(readHtml(canonical, 'https://shop.example/product/old-shirt/')).title).toBe('Shirt B');
    expect(product(readHtml(page([a, b]), 'https://shop.example/product/old-shirt/', 'https://shop.example/product/shirt-a/')).title).toBe('Shirt A');
  });

  // Bounded work, not speed, is the point: a generous timeout for a busy machine.
  it('survives deep nesting, huge arrays and junk types without hanging', { timeout: 30_000 }, () => {
    const inner = JSON.stringify({ '@type': 'Product', name: 'Deep', offers: { '@type': 'Offer', price: '1.00', priceCurrency: 'EUR' } });
    const deep = `${'{"a":'.repeat(100_000)}${inner}${'}'.repeat(100_000)}`;
    const deepArrays = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const junk = { '@type': ['Thing', 42, null], name: { '@value': { x: 1 } }, offers: 'nope' };
    const many = Array.from({ length: 30_000 }, (_, i) => ({ '@type': 'Thing', name: `t${i}` }));
    const nestedNames = `{"@type":"Product","name":${'{"name":'.repeat(50_000)}"x"${'}'.repeat(50_000)},"offers":${'{"@type":"AggregateOffer","offers":'.repeat(50_000)}{}${'}'.repeat(50_000)}}`;
    expect(['no-product', 'no-price', 'bad-json']).toContain(reason(readHtml(page([nestedNames]), SHOP)));
    const wide = {
      '@type': 'Product',
      name: 'Wide',
      image: Array.from({ length: 20_000 }, (_, i) => `https://cdn.example/${i}.jpg`),
      offers: Array.from({ length: 20_000 }, (_, i) => ({ '@type': 'Offer', sku: `s${i}`, price: `${(i % 90) + 10}.00`, priceCurrency: 'EUR' })),
    };
    const widened = product(readHtml(page([wide]), SHOP));
    expect(widened.images).toHaveLength(20);
    expect(widened.variants).toHaveLength(250);
    const deepHtml = `${'<div itemscope itemtype="https://schema.org/Thing"><span itemprop="x">'.repeat(20_000)}${'</span></div>'.repeat(20_000)}`;
    expect(reason(readHtml(deepHtml, SHOP))).toBe('no-product');
    expect(['no-product', 'no-price', 'bad-json']).toContain(reason(readHtml(page([deep, deepArrays, junk, many]), SHOP)));
  });
});

describe('extractPageProduct on schema.org shapes', () => {
  it('resolves @id references inside an @graph (Yoast style)', () => {
    const graph = {
      '@context': 'https://schema.org',
      '@graph': [
        { '@type': 'WebPage', '@id': `${SHOP}#webpage`, url: SHOP, mainEntity: { '@id': `${SHOP}#product` } },
        { '@type': 'Product', '@id': `${SHOP}#product`, name: 'Linen Shirt', brand: { '@id': 'https://shop.example/#brand' }, offers: [{ '@id': `${SHOP}#offer` }] },
        { '@type': 'Offer', '@id': `${SHOP}#offer`, price: 45, priceCurrency: 'EUR', availability: 'https://schema.org/OutOfStock' },
        { '@type': 'Brand', '@id': 'https://shop.example/#brand', name: 'Lin & Co' },
      ],
    };
    expect(product(readHtml(page([graph]), SHOP))).toMatchObject({ title: 'Linen Shirt', brand: 'Lin & Co', variants: [{ priceMinor: 4500, available: false }] });
  });

  it('reads an Offer-first block whose itemOffered is the product', () => {
    const offerFirst = { '@type': 'Offer', price: '12.50', priceCurrency: 'GBP', itemOffered: { '@type': 'Product', name: 'Tea Towel', sku: 'TT-1' } };
    expect(product(readHtml(page([offerFirst]), SHOP))).toMatchObject({ title: 'Tea Towel', variants: [{ priceMinor: 1250, currency: 'GBP', sku: 'TT-1' }] });
  });

  it('joins Products marked isVariantOf one ProductGroup into that group, titled by variesBy', () => {
    const group = { '@type': 'ProductGroup', '@id': '#shirt', name: 'Linen Shirt', productGroupID: 'LS', variesBy: ['https://schema.org/size', 'https://schema.org/color'], url: SHOP };
    const small = { '@type': 'Product', isVariantOf: { '@id': '#shirt' }, size: 'S', color: { '@type': 'Text', name: 'Blue' }, sku: 'LS-S-B', offers: { '@type': 'Offer', price: '45.00', priceCurrency: 'EUR' } };
    const large = { '@type': 'Product', isVariantOf: { '@id': '#shirt' }, size: 'L', color: 'Blue', sku: 'LS-L-B', offers: { '@type': 'Offer', price: '49.00', priceCurrency: 'EUR', availability: 'OutOfStock' } };
    const shirt = product(readHtml(page([group, small, large]), SHOP));
    expect(shirt.variants.map(({ id, title, options, priceMinor, available }) => ({ id, title, options, priceMinor, available }))).toEqual([
      { id: 'LS-S-B', title: 'S / Blue', options: ['S', 'Blue'], priceMinor: 4500, available: true },
      { id: 'LS-L-B', title: 'L / Blue', options: ['L', 'Blue'], priceMinor: 4900, available: false },
    ]);
  });

  it('reads offers as an array of variants (older Shopify themes) and folds identical offers', () => {
    const offers = [
      { '@type': 'Offer', name: 'Linen Shirt - S', sku: 'LS-S', price: '45.00', priceCurrency: 'EUR', url: `${SHOP}?variant=111` },
      { '@type': 'Offer', name: 'Linen Shirt - M', sku: 'LS-M', price: '45.00', priceCurrency: 'EUR', url: `${SHOP}?variant=222`, availability: 'http://schema.org/SoldOut' },
    ];
    const shirt = product(readHtml(page([{ '@type': 'Product', name: 'Linen Shirt', offers }]), SHOP));
    expect(shirt.variants.map(({ id, title, available }) => ({ id, title, available }))).toEqual([
      { id: '111', title: 'S', available: true },
      { id: '222', title: 'M', available: false },
    ]);
    const twice = product(readHtml(page([{ '@type': 'Product', name: 'Mug', offers: [offers[0], offers[0]] }]), SHOP));
    expect(twice.variants).toHaveLength(1);
  });

  it('takes an AggregateOffer whose low and high prices are equal as the price, and its nested offers as variants', () => {
    const equal = { '@type': 'Product', name: 'Mug', offers: { '@type': 'AggregateOffer', lowPrice: '12.00', highPrice: '12.00', priceCurrency: 'USD', offerCount: 3 } };
    expect(product(readHtml(page([equal]), SHOP))).toMatchObject({ priceKind: 'exact', variants: [{ priceMinor: 1200 }] });
    const nested = { '@type': 'Product', name: 'Mug', offers: { '@type': 'AggregateOffer', priceCurrency: 'USD', lowPrice: 10, offers: [{ '@type': 'Offer', name: 'Small', price: 10 }, { '@type': 'Offer', name: 'Large', price: 14 }] } };
    expect(product(readHtml(page([nested]), SHOP)).variants.map((variant) => [variant.title, variant.priceMinor, variant.currency])).toEqual([['Small', 1000, 'USD'], ['Large', 1400, 'USD']]);
  });

  it('ignores unit and bulk price specifications and reads a strikethrough price as compare-at', () => {
    const offer = {
      '@type': 'Offer',
      priceCurrency: 'EUR',
      priceSpecification: [
        { '@type': 'UnitPriceSpecification', price: 19.9, priceCurrency: 'EUR', referenceQuantity: { '@type': 'QuantitativeValue', value: 1, unitCode: 'LTR' } },
        { '@type': 'UnitPriceSpecification', price: 8.5, priceCurrency: 'EUR', eligibleQuantity: { minValue: 10 } },
        { '@type': 'UnitPriceSpecification', price: 9.95, priceCurrency: 'EUR' },
        { '@type': 'UnitPriceSpecification', priceType: 'https://schema.org/StrikethroughPrice', price: 12.95, priceCurrency: 'EUR' },
      ],
    };
    expect(product(readHtml(page([{ '@type': 'Product', name: 'Olive Oil 500 ml', offers: offer }]), SHOP)).variants[0]).toMatchObject({ priceMinor: 995, compareAtMinor: 1295 });
  });

  it('reads brand as text or object, image forms, gtin forms and ratings on other scales', () => {
    const html = page([
      {
        '@type': 'Product',
        name: 'Kettle &amp; Stand',
        brand: ['Acme'],
        image: ['//cdn.shop.example/k1.jpg', { '@type': 'ImageObject', url: 'http://cdn.shop.example/k2.jpg' }, 'javascript:alert(1)', '/k3.jpg'],
        gtin12: 123456789012,
        mpn: 'KT-1',
        aggregateRating: { ratingValue: '8,6', bestRating: '10', ratingCount: '140' },
        offers: { '@type': 'Offer', price: '30', priceCurrency: 'usd' },
      },
    ]);
    expect(product(readHtml(html, SHOP))).toMatchObject({
      title: 'Kettle & Stand',
      brand: 'Acme',
      images: ['https://cdn.shop.example/k1.jpg', 'https://cdn.shop.example/k2.jpg', 'https://shop.example/k3.jpg'],
      gtin: '123456789012',
      mpn: 'KT-1',
      rating: { value: 4.3, count: 140 },
    });
  });

  it('resolves relative URLs against the page\'s <base>', () => {
    const html = page([{ '@type': 'Product', name: 'Bowl', image: 'img/bowl.jpg', offers: { '@type': 'Offer', price: '20', priceCurrency: 'EUR' } }], '<base href="https://cdn.shop.example/assets/">');
    expect(product(readHtml(html, SHOP)).images).toEqual(['https://cdn.shop.example/assets/img/bowl.jpg']);
  });

  it('reads JSON-LD wrapped in comments, with raw line breaks or trailing commas', () => {
    const wrapped = '<!--\n{"@type":"Product","name":"Basket","description":"Line one\nline two","offers":{"@type":"Offer","price":"15.00","priceCurrency":"EUR",},}\n-->';
    expect(product(readHtml(page([wrapped]), SHOP))).toMatchObject({ title: 'Basket', description: 'Line one line two' });
  });
});
