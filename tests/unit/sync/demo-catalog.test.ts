import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { feedSchemas } from '../../../utils/catalog/model';

/** The bundled catalog is loaded from the extension's own origin; relative image paths resolve against it. */
const ORIGIN = 'chrome-extension://test';
const FEED_URL = `${ORIGIN}/demo-catalog.json`;
const publicDir = fileURLToPath(new URL('../../../public/', import.meta.url));
const rawText = readFileSync(`${publicDir}demo-catalog.json`, 'utf8');

interface DemoVariant {
  id: string;
  title: string;
  price: string;
  compareAtPrice?: string | null;
  currency: string;
  available: boolean;
  gtin?: string | null;
  mpn?: string | null;
}
interface DemoProduct {
  id: string;
  merchantId: string;
  title: string;
  images: string[];
  gtin?: string | null;
  variants: DemoVariant[];
}
interface DemoReviewSummary {
  productId: string;
  rating: number;
  count: number;
  histogram: number[];
  items: { id: string; rating: number }[];
}
interface DemoTag {
  id: string;
  postId: string;
  productId: string;
  variantId?: string | null;
}
interface DemoFeed {
  merchants: { id: string; currency: string }[];
  products: DemoProduct[];
  reviews: DemoReviewSummary[];
  tags: DemoTag[];
}

const feed = JSON.parse(rawText) as DemoFeed;
const schemas = feedSchemas([ORIGIN]);
const resolve = (path: string) => new URL(path, FEED_URL).href;
const productsById = new Map(feed.products.map((p) => [p.id, p]));
const merchantsById = new Map(feed.merchants.map((m) => [m.id, m]));
const allVariants = feed.products.flatMap((p) => p.variants);
const imagePaths = [...new Set(feed.products.flatMap((p) => p.images))];

function duplicates(values: string[]): string[] {
  const seen = new Set<string>();
  return values.filter((v) => (seen.has(v) ? true : (seen.add(v), false)));
}

/** Runs a schema over every record and returns a readable line for each one that fails. */
function failures(records: unknown[], schema: { safeParse(v: unknown): { success: boolean; error?: { issues: unknown[] } } }) {
  return records.flatMap((record, index) => {
    const result = schema.safeParse(record);
    return result.success ? [] : [`#${index}: ${JSON.stringify(result.error?.issues)}`];
  });
}

describe('the bundled demo catalog', () => {
  it('is a Postcart feed v1 envelope with nothing more to fetch and nothing deleted', () => {
    const envelope = schemas.FeedEnvelope.parse(JSON.parse(rawText));
    expect(envelope.version).toBe(1);
    expect(envelope.cursor).toBe('demo-1');
    expect(envelope.hasMore).toBe(false);
    expect(envelope.deleted).toEqual({ products: [], tags: [] });
  });

  it('has merchants, products, review summaries and tags that all pass the feed schemas once image paths are resolved', () => {
    const resolved = feed.products.map((p) => ({ ...p, images: p.images.map(resolve) }));
    expect(failures(feed.merchants, schemas.FeedMerchant)).toEqual([]);
    expect(failures(resolved, schemas.FeedProduct)).toEqual([]);
    expect(failures(feed.reviews, schemas.FeedReviewSummary)).toEqual([]);
    expect(failures(feed.tags, schemas.FeedTag)).toEqual([]);
  });

  it('keeps image paths relative so the importer resolves them against the feed URL', () => {
    for (const path of imagePaths) {
      expect(path).toMatch(/^demo\/images\/[a-z0-9-]+\.svg$/);
      expect(resolve(path)).toBe(`${ORIGIN}/${path}`);
    }
  });

  it('offers at least 3 merchants, 30 products and two or more currencies', () => {
    expect(feed.merchants.length).toBeGreaterThanOrEqual(3);
    expect(feed.products.length).toBeGreaterThanOrEqual(30);
    expect(new Set(feed.merchants.map((m) => m.currency)).size).toBeGreaterThanOrEqual(2);
  });

  it("belongs every product to a listed merchant and prices every variant in that merchant's currency", () => {
    for (const product of feed.products) {
      const merchant = merchantsById.get(product.merchantId);
      expect(merchant, product.id).toBeDefined();
      for (const variant of product.variants) {
        expect(variant.currency, `${product.id} ${variant.id}`).toBe(merchant?.currency);
      }
    }
  });

  it('writes yen prices as whole numbers, other prices with two decimals, and sale prices below the compare-at price', () => {
    for (const variant of allVariants) {
      const format = variant.currency === 'JPY' ? /^\d+$/ : /^\d+\.\d{2}$/;
      expect(variant.price, variant.id).toMatch(format);
      if (variant.compareAtPrice != null) {
        expect(variant.compareAtPrice, variant.id).toMatch(format);
        expect(Number(variant.compareAtPrice), variant.id).toBeGreaterThan(Number(variant.price));
      }
    }
  });

  it('uses unique ids for merchants, products, variants, tags and reviews', () => {
    expect(duplicates(feed.merchants.map((m) => m.id))).toEqual([]);
    expect(duplicates(feed.products.map((p) => p.id))).toEqual([]);
    expect(duplicates(allVariants.map((v) => v.id))).toEqual([]);
    expect(duplicates(feed.tags.map((t) => t.id))).toEqual([]);
    expect(duplicates(feed.reviews.map((r) => r.productId))).toEqual([]);
    expect(duplicates(feed.reviews.flatMap((r) => r.items.map((item) => item.id)))).toEqual([]);
  });

  it("points every tag at an existing product and one of that product's variants", () => {
    expect(feed.tags.length).toBeGreaterThan(0);
    for (const tag of feed.tags) {
      const product = productsById.get(tag.productId);
      expect(product, tag.id).toBeDefined();
      expect(product?.variants.map((v) => v.id), tag.id).toContain(tag.variantId);
    }
  });

  it('tags the Trail Jacket on post C8xYz123abc in M / Blue at 129.00, down from 159.00', () => {
    const tag = feed.tags.find((t) => t.postId === 'C8xYz123abc');
    expect(tag?.productId).toBe('acme:1001');
    const product = productsById.get('acme:1001');
    expect(product?.title).toBe('Trail Jacket');
    const variant = product?.variants.find((v) => v.id === tag?.variantId);
    expect(variant).toMatchObject({ title: 'M / Blue', price: '129.00', compareAtPrice: '159.00', currency: 'USD' });
    expect(feed.reviews.find((r) => r.productId === 'acme:1001')).toMatchObject({ rating: 4.6, count: 212 });
  });

  it('shows two products from two merchants on post DD1sLm9XpG6', () => {
    const tagged = feed.tags.filter((t) => t.postId === 'DD1sLm9XpG6');
    const merchantIds = tagged.map((t) => productsById.get(t.productId)?.merchantId);
    expect(merchantIds.sort()).toEqual(['acme', 'maison-lune']);
  });

  it('summarises reviews for existing products only', () => {
    expect(feed.reviews.length).toBeGreaterThanOrEqual(30);
    for (const summary of feed.reviews) expect(productsById.has(summary.productId), summary.productId).toBe(true);
  });

  it("keeps every review summary's histogram summing to its count and its rating within 0.05 of the histogram mean", () => {
    for (const { productId, histogram, count, rating } of feed.reviews) {
      expect(histogram.reduce((sum, n) => sum + n, 0), productId).toBe(count);
      const mean = histogram.reduce((sum, n, i) => sum + n * (i + 1), 0) / count;
      expect(Math.abs(rating - mean), productId).toBeLessThanOrEqual(0.05 + 1e-9);
    }
  });

  it('references only image files that exist on disk', () => {
    const missing = imagePaths.filter((path) => !existsSync(`${publicDir}${path}`));
    expect(missing).toEqual([]);
  });

  it('keeps each illustration small and self-contained: no text, scripts or external references', () => {
    for (const path of imagePaths) {
      const file = `${publicDir}${path}`;
      const svg = readFileSync(file, 'utf8');
      expect(statSync(file).size, path).toBeLessThan(1500);
      expect(svg, path).toContain('viewBox="0 0 400 400"');
      expect(svg, path).not.toMatch(/<script|<text|<image|<foreignObject|href=|url\(|\bon[a-z]+=/i);
    }
  });

  it('gives every gtin, of products and of variants, a valid GS1 check digit', () => {
    const gtins = [...feed.products.map((p) => ({ id: p.id, gtin: p.gtin })), ...allVariants.map((v) => ({ id: v.id, gtin: v.gtin }))];
    for (const { id, gtin } of gtins) {
      if (gtin == null) continue;
      const digits = [...gtin].map(Number);
      const check = digits.pop();
      const sum = digits.reverse().reduce((acc, d, i) => acc + d * (i % 2 === 0 ? 3 : 1), 0);
      expect((10 - (sum % 10)) % 10, id).toBe(check);
    }
  });

  it('sells a few products of one merchant again at another in the same currency, by GTIN, cheaper and in stock, so a tester sees “same item”', () => {
    const byGtin = new Map<string, { product: DemoProduct; variant: DemoVariant }[]>();
    for (const product of feed.products) {
      for (const variant of product.variants) {
        const gtin = (variant.gtin ?? (product.variants.length === 1 ? product.gtin : null))?.padStart(14, '0');
        if (gtin) byGtin.set(gtin, [...(byGtin.get(gtin) ?? []), { product, variant }]);
      }
    }
    const twins = [...byGtin.values()].filter((list) => new Set(list.map((x) => x.product.merchantId)).size > 1);
    expect(twins.length).toBeGreaterThanOrEqual(3);
    for (const [first, second] of twins.map((list) => [...list].sort((a, b) => Number(a.variant.price) - Number(b.variant.price)))) {
      expect(first!.variant.currency).toBe(second!.variant.currency);
      expect(first!.variant.available, first!.product.id).toBe(true);
      expect(Number(first!.variant.price)).toBeLessThanOrEqual(Number(second!.variant.price) * 0.99);
      expect(first!.product.variants, first!.product.id).toHaveLength(1);
    }
  });

  it('contains no lorem ipsum filler', () => {
    expect(rawText.toLowerCase()).not.toContain('lorem');
    expect(rawText.toLowerCase()).not.toContain('ipsum');
  });
});
