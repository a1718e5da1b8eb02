import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { searchCatalog } from '@/utils/catalog/lookups';
import { openDb, type PostcartDB } from '@/utils/catalog/db';
import type { StoredMerchant, StoredProduct } from '@/utils/catalog/model';
import { fold, searchWords } from '@/utils/catalog/search/fold';
import { CatalogSearch, catalogSearch } from '@/utils/catalog/search/live';
import { buildIndex, parseQuery } from '@/utils/catalog/search/search-index';
import { generateCatalog } from '../../bench/catalog-gen';

const MERCHANTS: StoredMerchant[] = [
  { id: 'acme', name: 'Acme Outdoor', url: 'https://acme.example', currency: 'USD', checkout: { kind: 'shopify-permalink' }, accounts: {}, sourceId: 'demo' },
  { id: 'lune', name: 'Maison Lune', url: 'https://lune.example', currency: 'EUR', checkout: { kind: 'shopify-permalink' }, accounts: {}, sourceId: 'demo' },
  { id: 'kyo', name: '京都茶舗', url: 'https://kyo.example', currency: 'JPY', checkout: { kind: 'shopify-permalink' }, accounts: {}, sourceId: 'shop' },
];

let nextVariant = 1;

function product(id: string, title: string, options: { brand?: string; merchantId?: string; gtin?: string; sourceId?: string; variants?: [string, string | null][] } = {}): StoredProduct {
  const variants = options.variants ?? [['Default', null]];
  return {
    id,
    merchantId: options.merchantId ?? 'acme',
    title,
    url: `https://shop.example/products/${id}`,
    images: [],
    brand: options.brand ?? null,
    gtin: options.gtin ?? null,
    description: '',
    variants: variants.map(([variantTitle, sku]) => ({
      id: String(nextVariant++),
      title: variantTitle,
      priceMinor: 1000,
      compareAtMinor: null,
      currency: 'USD',
      available: true,
      sku,
    })),
    updatedAt: '2026-11-20T10:00:00Z',
    sourceId: options.sourceId ?? 'demo',
    urlKey: null,
  };
}

const CATALOG: StoredProduct[] = [
  product('acme:1', 'Trail Jacket', { brand: 'Acme', gtin: '00012345678905', variants: [['M / Blue', 'TJ-M-B'], ['L / Blue', 'TJ-L-B'], ['M / Red', 'TJ-M-R']] }),
  product('acme:2', 'Trial Jacket Kids', { brand: 'Acme', variants: [['S', 'TJK-S']] }),
  product('acme:3', 'Rain Jacket', { brand: 'Acme', variants: [['One size', 'RJ-1']] }),
  product('acme:4', 'Rain Jackat', { brand: 'Cheapo', variants: [['One size', 'RJ-2']] }),
  product('acme:5', 'Acme Thermos', { brand: 'Stanly', variants: [['1 l', 'TH-1']] }),
  product('acme:6', 'Blue Ridge Mug', { brand: 'Acme', variants: [['Default', 'MUG-1']] }),
  product('acme:7', 'Camp Mug', { brand: 'Acme', variants: [['Blue', 'MUG-2'], ['Green', 'MUG-3']] }),
  product('acme:8', 'Trail Jacket', { brand: 'Northpeak', variants: [['M / Blue', 'NP-TJ-M']] }),
  product('lune:1', 'Crème brûlée set', { merchantId: 'lune', brand: 'Maison Lune', variants: [['Set of 4', 'CB-4']] }),
  product('lune:2', 'Creme Fraiche Candle', { merchantId: 'lune', variants: [['Default', 'CFC-1']] }),
  product('lune:3', 'Linen Napkins', { merchantId: 'lune', variants: [['Set of 4', 'LN-4']] }),
  product('kyo:1', '有機抹茶パウダー', { merchantId: 'kyo', sourceId: 'shop', variants: [['30g', 'KY-MATCHA-30']] }),
  product('kyo:2', 'ほうじ茶 ティーバッグ', { merchantId: 'kyo', sourceId: 'shop', variants: [['10袋', 'KY-HOJI-10']] }),
];

describe('catalog search', () => {
  let db: PostcartDB;

  beforeEach(async () => {
    db = openDb(`search-${Math.random()}`);
    await db.merchants.bulkPut(MERCHANTS);
    await db.products.bulkPut(CATALOG);
  });

  afterEach(() => {
    catalogSearch(db).release();
    db.close();
  });

  const titles = async (query: string) => (await searchCatalog(db, query)).map((hit) => hit.title);
  const ids = async (query: string) => (await searchCatalog(db, query)).map((hit) => hit.productId);

  it('puts the product with an exactly matching SKU first, whatever its case and separators, and names that variant', async () => {
    const hits = await searchCatalog(db, 'TJ-M-B');
    expect(hits[0]).toMatchObject({ productId: 'acme:1', variantId: CATALOG[0]!.variants[0]!.id });
    expect((await searchCatalog(db, 'tj m b'))[0]?.productId).toBe('acme:1');
    // Still typing a SKU: the products whose SKUs start with it.
    expect(await ids('TJ-M')).toEqual(expect.arrayContaining(['acme:1']));
  });

  it('finds a product by its GTIN, exactly', async () => {
    expect(await ids('00012345678905')).toEqual(['acme:1']);
    expect(await ids('0001234567890 ')).toEqual([]);
  });

  it('tolerates a swapped pair of letters: "jakcet" finds the jackets', async () => {
    expect(await titles('jakcet')).toEqual(expect.arrayContaining(['Trail Jacket', 'Rain Jacket', 'Trial Jacket Kids']));
  });

  it('tolerates a missing letter: "tral jacket" finds "Trail Jacket" first', async () => {
    const found = await titles('tral jacket');
    expect(found[0]).toBe('Trail Jacket');
    expect(found).toContain('Trial Jacket Kids');
  });

  it('ranks fewer typos above more: "rain jacket" puts the Rain Jacket above the Rain Jackat', async () => {
    expect(await titles('rain jacket ')).toEqual(['Rain Jacket', 'Rain Jackat']);
  });

  it('matches the word being typed by prefix, and only that word', async () => {
    expect(await titles('trail jac')).toEqual(['Trail Jacket', 'Trail Jacket', 'Trial Jacket Kids']);
    // "jac" is finished (a space follows): too short for typos, not a prefix any more.
    expect(await titles('trail jac ')).toEqual([]);
  });

  it('ranks a whole-title match above titles that merely contain the words', async () => {
    const found = await titles('trail jacket');
    expect(found.slice(0, 2)).toEqual(['Trail Jacket', 'Trail Jacket']);
  });

  it('finds products by brand, with title matches above brand matches', async () => {
    // Title first, then the brand (in title order), then the merchant's name only.
    expect(await ids('acme')).toEqual(['acme:5', 'acme:6', 'acme:7', 'acme:3', 'acme:1', 'acme:2', 'acme:4', 'acme:8']);
  });

  it('weighs the title above variant titles, and keeps equal scores in title order', async () => {
    const found = await titles('blue');
    expect(found[0]).toBe('Blue Ridge Mug');
    expect(found.slice(1)).toEqual(['Camp Mug', 'Trail Jacket', 'Trail Jacket']);
  });

  it('finds a variant by its title ("M / Blue") and names it for the editor', async () => {
    const hits = await searchCatalog(db, 'jacket m / blue');
    expect(hits.map((h) => h.productId)).toEqual(['acme:1', 'acme:8']);
    expect(hits[0]!.variantId).toBe(CATALOG[0]!.variants[0]!.id);
    // A query that fits every variant equally names none.
    expect((await searchCatalog(db, 'rain jacket'))[0]!.variantId).toBeUndefined();
  });

  it('folds case and accents both ways: "creme" finds "Crème", "CRÈME" finds "Creme"', async () => {
    expect(await titles('creme')).toEqual(['Crème brûlée set', 'Creme Fraiche Candle']);
    expect(await titles('crème')).toEqual(['Crème brûlée set', 'Creme Fraiche Candle']);
    expect(await titles('CRÈME BRULEE')).toEqual(['Crème brûlée set']);
    expect(fold('Ｃｒèｍｅ')).toBe('creme');
  });

  it('finds Japanese titles by a part of a word, without spaces', async () => {
    expect(await ids('抹茶')).toEqual(['kyo:1']);
    expect(await ids('パウダー')).toEqual(['kyo:1']);
    expect(await ids('ほうじ茶')).toEqual(['kyo:2']);
    // The merchant's name, in title order.
    expect(await ids('京都')).toEqual(['kyo:2', 'kyo:1']);
    // Voiced kana keep their marks: パ and ハ are different letters.
    expect(fold('パウダー')).toBe('パウダー');
  });

  it('lists the first products by title for an empty or blank query', async () => {
    const byTitle = (list: string[]) => list.map((t) => searchWords(t).join(' '));
    expect(byTitle(await titles(''))).toEqual(byTitle(CATALOG.map((p) => p.title)).sort());
    expect(await titles('   ')).toEqual(await titles(''));
  });

  it('answers a 200-character query without failing', async () => {
    expect(await searchCatalog(db, 'jacket '.repeat(28).slice(0, 200))).toHaveLength(5);
    expect(await searchCatalog(db, 'x'.repeat(200))).toEqual([]);
    expect(await searchCatalog(db, '-/ .,;'.repeat(30))).toHaveLength(13);
  });

  it('sees a new, changed or deleted product at the next search', async () => {
    expect(await ids('kettle')).toEqual([]);
    await db.products.put(product('acme:20', 'Camp Kettle'));
    expect(await ids('kettle')).toEqual(['acme:20']);
    await db.products.update('acme:20', { title: 'Camp Stove' });
    expect(await ids('kettle')).toEqual([]);
    expect(await ids('stove')).toEqual(['acme:20']);
    await db.products.delete('acme:20');
    expect(await ids('stove')).toEqual([]);
    // Products edited in place keep being found under their new words only once.
    await db.products.update('acme:3', { title: 'Storm Jacket' });
    expect(await titles('jacket ')).not.toContain('Rain Jacket');
    expect(await titles('storm')).toEqual(['Storm Jacket']);
  });

  it('sees bulk imports, a removed source and a renamed merchant', async () => {
    expect(await ids('lantern')).toEqual([]);
    // Dexie reports writes of 50 records or more as a range: the index is rebuilt.
    await db.products.bulkPut(Array.from({ length: 60 }, (_, i) => product(`bulk:${String(i).padStart(2, '0')}`, `Lantern ${i}`)));
    expect(await ids('lantern')).toHaveLength(20);
    await db.products.where('sourceId').equals('shop').delete();
    expect(await ids('抹茶')).toEqual([]);
    await db.merchants.update('lune', { name: 'Maison Soleil' });
    expect(await ids('soleil')).toEqual(['lune:1', 'lune:2', 'lune:3']);
    await db.products.clear();
    expect(await ids('')).toEqual([]);
  });

  it('keeps to the given merchants when asked, for typed and empty queries, also for products changed since the build', async () => {
    const lune = new Set(['lune']);
    expect(await titles('')).toContain('Trail Jacket');
    expect((await searchCatalog(db, '', lune)).map((hit) => hit.productId)).toEqual(['lune:1', 'lune:2', 'lune:3']);
    // "set" matches Acme's and Lune's products alike; only Lune's come back.
    expect((await searchCatalog(db, 'set', lune)).map((hit) => hit.productId)).toEqual(['lune:1', 'lune:3']);
    expect(await searchCatalog(db, 'jacket', lune)).toEqual([]);
    // A product changed after the build lives in the recent index: the filter holds there too.
    await db.products.put(product('acme:9', 'Linen Jacket'));
    await db.products.put(product('lune:4', 'Linen Runner', { merchantId: 'lune' }));
    expect((await searchCatalog(db, 'linen', lune)).map((hit) => hit.productId).sort()).toEqual(['lune:3', 'lune:4']);
    expect((await searchCatalog(db, 'linen')).map((hit) => hit.productId)).toContain('acme:9');
    // The empty query's cached first page is the unfiltered one, and a filter does not spoil it.
    expect((await searchCatalog(db, '')).length).toBeGreaterThan(3);
  });

  it('drops the index after being idle and builds it again on the next search', async () => {
    const search = new CatalogSearch(db, { idleMs: 10 });
    expect((await search.search('mug')).map((r) => r.product.id)).toEqual(['acme:6', 'acme:7']);
    expect(search.loaded).toBe(true);
    // Waits for the drop itself, not a fixed time: timers run late on a busy machine.
    await vi.waitFor(() => expect(search.loaded).toBe(false));
    await db.products.put(product('acme:21', 'Enamel Mug'));
    expect((await search.search('mug')).map((r) => r.product.id)).toEqual(['acme:6', 'acme:7', 'acme:21']);
    search.release();
  });
});

describe('query parsing and words', () => {
  it('folds apostrophes into words and splits on punctuation', () => {
    expect(searchWords("Levi's 501® Jeans")).toEqual(['levis', '501', 'jeans']);
    expect(parseQuery('tj-m-b ').chunks).toEqual([{ words: ['tj', 'm', 'b'], code: 'tjmb' }]);
    expect(parseQuery('tj-m-b ').open).toBe(false);
  });

  it('cuts very long queries to twelve words, even when written without spaces', () => {
    expect(parseQuery('a '.repeat(100)).chunks).toHaveLength(12);
    expect(parseQuery('a-'.repeat(100)).chunks[0]!.words).toHaveLength(12);
  });
});

describe('catalog search over a few thousand generated products', () => {
  const { merchants, products } = generateCatalog(4000, 7);
  const index = buildIndex(products, new Map(merchants.map((m) => [m.id, m.name])));
  const sample = products.filter((_, i) => i % 97 === 0);

  it('finds every sampled product first by its SKU or its GTIN', () => {
    for (const p of sample) {
      const sku = p.variants.find((v) => v.sku)?.sku;
      if (sku) expect(index.search(parseQuery(sku))[0]?.id).toBe(p.id);
      if (p.gtin) expect(index.search(parseQuery(p.gtin))[0]?.id).toBe(p.id);
    }
  });

  it('finds every sampled product by its exact title, ranked with its equals at the top', () => {
    for (const p of sample) {
      const hits = index.search(parseQuery(p.title));
      const key = searchWords(p.title).join(' ');
      const top = hits.filter((h) => h.title === key);
      expect(top.length).toBeGreaterThan(0);
      expect(hits.slice(0, top.length).every((h) => h.title === key)).toBe(true);
    }
  });

  it('finds sampled products with a typo in a long title word and the last word half typed', () => {
    let checked = 0;
    for (const p of sample) {
      const words = p.title.split(' ');
      if (words.length < 2 || !/^[A-Za-z ]+$/.test(p.title)) continue;
      checked += 1;
      const typed = words.map((w, i) => (i === words.length - 1 ? w.slice(0, Math.max(1, w.length - 2)) : w.length >= 5 ? w.slice(0, 2) + w[3] + w[2] + w.slice(4) : w));
      const hits = index.search(parseQuery(typed.join(' ')), 4000);
      expect(hits.map((h) => h.id)).toContain(p.id);
    }
    expect(checked).toBeGreaterThan(20);
  });

  it('returns only products that contain every word of the query', () => {
    const byId = new Map(products.map((p) => [p.id, p]));
    const merchantName = new Map(merchants.map((m) => [m.id, m.name]));
    // Words of three letters or fewer allow no typos, so each must appear as it is.
    for (const query of ['tea', 'mug red', 'xl', 'cap s']) {
      const hits = index.search(parseQuery(`${query} `), 4000);
      expect(hits.length).toBeGreaterThan(0);
      for (const hit of hits) {
        const p = byId.get(hit.id)!;
        const text = searchWords([p.title, p.brand ?? '', merchantName.get(p.merchantId)!, ...p.variants.map((v) => v.title)].join(' '));
        for (const word of query.split(' ')) expect(text).toContain(word);
      }
    }
  });
});
