import { describe, expect, it } from 'vitest';
import { classifyProductUrl, originPattern } from '@/utils/sync/linked/product-url';

function kindOf(url: string): string | null {
  return classifyProductUrl(url)?.kind ?? null;
}

describe('classifyProductUrl', () => {
  it('recognises Shopify product paths, under collections and locale prefixes too, with one key', () => {
    const plain = classifyProductUrl('https://acme.example/products/trail-jacket');
    expect(plain).toMatchObject({
      kind: 'shopify',
      url: 'https://acme.example/products/trail-jacket',
      origin: 'https://acme.example',
      key: 'acme.example/products/trail-jacket',
      urlKey: 'acme.example/products/trail-jacket',
      shopify: { handle: 'trail-jacket', localePrefix: '' },
    });
    expect(classifyProductUrl('https://www.acme.example/collections/sale/products/Trail-Jacket/')?.key).toBe('acme.example/products/trail-jacket');
    const market = classifyProductUrl('https://acme.example/en-gb/collections/outerwear/products/trail-jacket?variant=40123456789&utm_source=pinterest');
    expect(market).toMatchObject({ kind: 'shopify', key: 'acme.example/en-gb/products/trail-jacket', shopify: { handle: 'trail-jacket', localePrefix: '/en-gb' }, variantHint: '40123456789' });
    expect(market?.url).toBe('https://acme.example/en-gb/collections/outerwear/products/trail-jacket?variant=40123456789');
    // The catalog's index sees through the locale: same urlKey as the plain link.
    expect(market?.urlKey).toBe('acme.example/products/trail-jacket');
    expect(classifyProductUrl('https://duka.example/products/%D8%B4%D8%A7%D9%84-%D8%A2%D8%A8%DB%8C')?.shopify?.handle).toBe('شال-آبی');
  });

  it('sees through the sites\' redirect wrappers and tracking parameters, and reads over https', () => {
    const wrapped = `https://l.facebook.com/l.php?u=${encodeURIComponent('http://acme.example/products/mug?fbclid=abc&utm_medium=social')}&h=AT0`;
    expect(classifyProductUrl(wrapped)).toMatchObject({ kind: 'shopify', url: 'https://acme.example/products/mug', key: 'acme.example/products/mug' });
    const tiktok = `https://www.tiktok.com/link/v2?aid=1988&lang=en&scene=bio_url&target=${encodeURIComponent('https://shop.example/product/linen-shirt/')}`;
    expect(classifyProductUrl(tiktok)).toMatchObject({ kind: 'woocommerce', key: 'shop.example/product/linen-shirt' });
    expect(classifyProductUrl(new URL('https://acme.example/products/mug#reviews'))?.url).toBe('https://acme.example/products/mug');
  });

  it('recognises the shop platforms by their product paths', () => {
    const cases: [string, string, string][] = [
      ['https://shop.example/product/linen-shirt/', 'woocommerce', 'shop.example/product/linen-shirt'],
      ['https://shop.example/fr/produit/chemise-lin/', 'woocommerce', 'shop.example/produit/chemise-lin'],
      ['https://veikals.example/produkts/linu-krekls/', 'woocommerce', 'veikals.example/produkts/linu-krekls'],
      ['https://store.example/products/canvas-tote.html', 'bigcommerce', 'store.example/products/canvas-tote.html'],
      ['https://studio.example/shop/p/ceramic-vase', 'squarespace', 'studio.example/shop/p/ceramic-vase'],
      ['https://studio.example/store/p/print-a3', 'squarespace', 'studio.example/store/p/print-a3'],
      ['https://maker.example/product-page/beaded-necklace', 'wix', 'maker.example/product-page/beaded-necklace'],
      ['https://www.maker.example/fr/product-page/collier', 'wix', 'maker.example/product-page/collier'],
      ['https://m2.example/catalog/product/view/id/1542/category/12', 'magento', 'm2.example/catalog/product/view/id/1542'],
      ['https://oc.example/index.php?route=product/product&product_id=42', 'opencart', 'oc.example/product_id/42'],
      ['https://ps.example/index.php?id_product=7&controller=product&id_lang=1', 'prestashop', 'ps.example/id_product/7'],
      ['https://www.target.example/p/desk-lamp/-/A-87654321', 'generic', 'target.example/p/87654321'],
    ];
    for (const [url, kind, key] of cases) expect(classifyProductUrl(url), url).toMatchObject({ kind, key });
  });

  it('recognises marketplaces where our shoppers buy, with the product id as key', () => {
    const cases: [string, string, string][] = [
      ['https://www.amazon.com/Trail-Running-Shoes/dp/B0C1234567/ref=sr_1_3?keywords=shoes', 'amazon', 'amazon.com/dp/b0c1234567'],
      ['https://www.amazon.de/gp/product/B07XJ8C8F5?psc=1', 'amazon', 'amazon.de/dp/b07xj8c8f5'],
      ['https://www.amazon.co.uk/gp/aw/d/B09ABCDEF1', 'amazon', 'amazon.co.uk/dp/b09abcdef1'],
      ['https://www.etsy.com/listing/1234567890/handmade-linen-apron', 'etsy', 'etsy.com/listing/1234567890'],
      ['https://www.etsy.com/uk/listing/987654321/ceramic-mug', 'etsy', 'etsy.com/listing/987654321'],
      ['https://www.ebay.com/itm/Vintage-Camera/125678901234', 'ebay', 'ebay.com/itm/125678901234'],
      ['https://www.ebay.co.uk/itm/315678901234?hash=item1', 'ebay', 'ebay.co.uk/itm/315678901234'],
      ['https://www.walmart.com/ip/Kitchen-Scale/123456789', 'walmart', 'walmart.com/ip/123456789'],
      ['https://www.aliexpress.com/item/1005006123456789.html?spm=a2g0o', 'aliexpress', 'aliexpress.com/item/1005006123456789'],
      ['https://www.temu.com/ph/wireless-earbuds-g-601099512345678.html', 'temu', 'temu.com/g-601099512345678'],
      ['https://shopee.ph/Wireless-Earbuds-Bluetooth-5.3-i.123456789.23456789012', 'shopee', 'shopee.ph/product/123456789/23456789012'],
      ['https://shopee.ph/product/123456789/23456789012', 'shopee', 'shopee.ph/product/123456789/23456789012'],
      ['https://www.lazada.com.ph/products/rice-cooker-1l-i3456789012-s16789012345.html', 'lazada', 'lazada.com.ph/products/i3456789012'],
      ['https://www.tokopedia.com/tokobatik/kemeja-batik-pria-lengan-panjang', 'tokopedia', 'tokopedia.com/tokobatik/kemeja-batik-pria-lengan-panjang'],
      ['https://www.jumia.co.ke/samsung-galaxy-a15-128gb-black-247541553.html', 'jumia', 'jumia.co.ke/247541553'],
      ['https://www.kilimall.co.ke/listing/2253185-y30-tws-wireless-earphones?skuId=16936489', 'kilimall', 'kilimall.co.ke/listing/2253185'],
      ['https://www.takealot.com/samsung-galaxy-a14-64gb/PLID91234567', 'takealot', 'takealot.com/plid91234567'],
      ['https://www.digikala.com/product/dkp-13715199/spoon/', 'digikala', 'digikala.com/dkp-13715199'],
      ['https://basalam.com/erfan_salt/product/27337897', 'basalam', 'basalam.com/product/27337897'],
      ['https://www.trendyol.com/lattafa/yara-edp-100-ml-p-123456789?boutiqueId=61&merchantId=1', 'trendyol', 'trendyol.com/p-123456789'],
      ['https://220.lv/lv/tv-un-sadzives-tehnika/saimniecibai/puteklu-suceji-roboti/robots-puteklu-sucejs-xiaomi-x20-plus?id=29760481', 'pigu', '220.lv/id/29760481'],
      ['https://umico.az/product/376366-qrafik-planshet-vinsa-10-black', 'umico', 'umico.az/product/376366'],
    ];
    for (const [url, kind, key] of cases) expect(classifyProductUrl(url), url).toMatchObject({ kind, key });
    expect(classifyProductUrl('https://www.kilimall.co.ke/listing/2253185-y30?skuId=16936489')?.variantHint).toBe('16936489');
  });

  it('gives one key to two links to the same product', () => {
    const a = classifyProductUrl('https://www.amazon.com/dp/B0C1234567');
    const b = classifyProductUrl('https://amazon.com/Some-Title/dp/B0C1234567/ref=abc?th=1');
    expect(a?.key).toBe(b?.key);
    expect(classifyProductUrl('https://shopee.ph/x-i.1.2')?.key ?? null).toBeNull(); // ids too short to be real
  });

  it('never takes home pages, collections, blog posts, carts or searches for products', () => {
    const notProducts = [
      'https://acme.example/',
      'https://acme.example',
      'https://acme.example/collections/sale',
      'https://acme.example/collections/all?page=2',
      'https://acme.example/products',
      'https://acme.example/products/',
      'https://acme.example/products.json',
      'https://acme.example/products/trail-jacket.js',
      'https://acme.example/products/trail-jacket.json',
      'https://acme.example/blogs/news/spring-lookbook',
      'https://acme.example/pages/about-us',
      'https://acme.example/cart',
      'https://acme.example/search?q=jacket',
      'https://shop.example/shop/',
      'https://shop.example/product-category/shirts/',
      'https://shop.example/2024/05/new-arrivals/',
      'https://shop.example/product/',
      'https://writer.example/p/why-i-started-a-shop',
      'https://news.example/p/2024-review',
      'https://www.amazon.com/',
      'https://www.amazon.com/s?k=shoes',
      'https://www.amazon.com/stores/Acme/page/1234',
      'https://www.etsy.com/shop/LinenLab',
      'https://www.etsy.com/market/linen_apron',
      'https://www.jumia.co.ke/mlp-smart-tvs/',
      'https://www.jumia.co.ke/catalog/?q=phone',
      'https://www.kilimall.co.ke/listing/?q=phone',
      'https://www.tokopedia.com/tokobatik',
      'https://www.tokopedia.com/tokobatik/review',
      'https://www.tokopedia.com/search?st=product&q=batik',
      'https://www.tokopedia.com/discovery/kemeja-batik',
      'https://220.lv/lv/datortehnika/datoru-komponentes/videokartes-gpu',
      'https://www.trendyol.com/sr?q=parfum',
      'https://www.trendyol.com/magaza/irem-comfort-m-1286942',
      'https://www.digikala.com/search/category-mobile-phone/',
      'https://shopee.ph/search?keyword=earbuds',
      'https://www.lazada.com.ph/shop/acme-store/',
      'https://www.aliexpress.com/store/1234567',
      'https://www.lazada.com.ph/products/trail-jacket',
    ];
    for (const url of notProducts) expect(kindOf(url), url).toBeNull();
  });

  it('never takes social sites, link-in-bio pages or shorteners for shops', () => {
    const social = [
      'https://www.instagram.com/p/C8xYz123abc/',
      'https://www.pinterest.com/pin/123456789012345678/',
      'https://www.pinterest.co.uk/pin/123456789012345678/',
      'https://pin.it/abc123',
      'https://www.tiktok.com/@acme/video/7300000000000000000',
      'https://www.facebook.com/marketplace/item/123456789012345/',
      'https://www.facebook.com/commerce/products/1234567890/',
      'https://www.youtube.com/watch?v=abc',
      'https://linktr.ee/acme',
      'https://beacons.ai/acme/products/mug',
      'https://bit.ly/3abcDEF',
      'https://shp.ee/abc123',
      'https://amzn.to/3xYzAbc',
    ];
    for (const url of social) expect(kindOf(url), url).toBeNull();
  });

  it('refuses hosts a stranger\'s link must not make us fetch', () => {
    const unsafe = [
      'http://192.168.1.1/products/router',
      'https://127.0.0.1/products/x',
      'https://[::1]/products/x',
      'https://localhost/products/x',
      'https://intranet/products/x',
      'https://printer.local/products/x',
      'https://acme.example:8443/products/x',
      'https://user:secret@acme.example/products/x',
      'javascript:alert(1)//products/x',
      'ftp://acme.example/products/x',
      'not a url',
    ];
    for (const url of unsafe) expect(kindOf(url), url).toBeNull();
  });

  it('gives the permission pattern of a shop', () => {
    const link = classifyProductUrl('https://acme.example/products/mug');
    expect(link && originPattern(link.origin)).toBe('https://acme.example/*');
  });
});
