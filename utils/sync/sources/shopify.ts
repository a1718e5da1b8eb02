/**
 * Shopify stores: the public `/products.json?limit=250&page=N` listing. Prices are decimal strings
 * on the variants with no currency (the source carries the store's currency); the listing stops at
 * page * limit = 25,000. Each page becomes a ParsedFeed that `applyFeed` stores unchanged.
 */
import { z } from 'zod';
import { feedSchemas, type StoredMerchant, type StoredProduct } from '../../catalog/model';
import { reason, type Reason } from '../../platform/errors';
import { getJson } from '../../platform/http';
import type { Puller } from '../puller';
import { FeedError, RecordCollector, skipFromZod, sourcePage, toStoredProduct, type SkippedRecord, type SourcePage } from '../records';
import { sourceText } from '../text';

export const SHOPIFY_PAGE_LIMIT = 250;
/** Shopify answers at most page * limit = 25,000 products through products.json. */
export const SHOPIFY_MAX_PAGE = 25_000 / SHOPIFY_PAGE_LIMIT;

export interface ShopifyOptions {
  sourceId: string;
  /** The store: `https://acme.example`, `acme.example` or any page of it. */
  storeUrl: string;
  /** The store currency, given when the source was added (products.json has none). */
  currency: string;
  merchant: { id: string; name: string };
  /** The page number this listing came from (1-based); decides hasMore at the cap. Default 1. */
  page?: number;
}

/** The store's origin, always https (Shopify serves nothing else); other schemes are refused. */
export function shopifyStoreOrigin(storeUrl: string): string {
  const trimmed = storeUrl.trim();
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:/i.test(trimmed) ? trimmed : `https://${trimmed}`);
  } catch {
    throw new FeedError('errNotStoreAddress', [storeUrl]);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new FeedError('errNotStoreAddress', [storeUrl]);
  if (!url.hostname || url.username || url.password) throw new FeedError('errNotStoreAddress', [storeUrl]);
  return `https://${url.host}`;
}

/** `https://<store>/products.json?limit=250&page=<page>`; pages run from 1 to SHOPIFY_MAX_PAGE. */
export function shopifyPageUrl(storeUrl: string, page: number): string {
  if (!Number.isInteger(page) || page < 1 || page > SHOPIFY_MAX_PAGE) {
    throw new RangeError(`Shopify pages run from 1 to ${SHOPIFY_MAX_PAGE}, not ${page}`);
  }
  return `${shopifyStoreOrigin(storeUrl)}/products.json?limit=${SHOPIFY_PAGE_LIMIT}&page=${page}`;
}

// ---------------------------------------------------------------- products.json

const ShopifyId = z.union([z.number().int().positive().transform(String), z.string().trim().regex(/^[A-Za-z0-9_-]{1,100}$/, 'skipShopifyId')]);
const optionalText = z.string().nullish().transform((value) => value ?? '');

const ShopifyVariant = z.looseObject({
  id: ShopifyId,
  title: optionalText,
  price: z.string({ error: 'skipDecimalString' }),
  compare_at_price: z.string().nullish(),
  available: z.boolean().optional(),
  sku: z.string().nullish(),
  barcode: z.string().nullish(),
  featured_image: z.looseObject({ src: z.string() }).nullish().catch(null),
});

const ShopifyProduct = z.looseObject({
  id: ShopifyId,
  title: z.string(),
  handle: z.string().trim().min(1, 'skipMissing').max(255),
  body_html: z.string().nullish(),
  vendor: z.string().nullish(),
  updated_at: z.string().nullish(),
  published_at: z.string().nullish(),
  created_at: z.string().nullish(),
  images: z.array(z.looseObject({ src: z.string(), variant_ids: z.array(z.number()).optional().catch(undefined) })).default([]),
  variants: z.array(z.unknown()).default([]),
});

/** Shopify's placeholder title of a product's only variant. */
export const DEFAULT_VARIANT_TITLE = 'Default Title';

/**
 * Turns one products.json page into records: the merchant (in every page, so any page applies on
 * its own) and the products, each validated on its own. A response that is not a products listing
 * at all throws FeedError. An empty page ends the listing; so does the page cap, with a note.
 */
export function parseShopifyPage(raw: unknown, opts: ShopifyOptions): SourcePage {
  const origin = shopifyStoreOrigin(opts.storeUrl);
  const page = opts.page ?? 1;
  if (!raw || typeof raw !== 'object' || Array.isArray(raw) || !Array.isArray((raw as { products?: unknown }).products)) {
    throw new FeedError('errNotShopifyPage');
  }
  const rawProducts = (raw as { products: unknown[] }).products;
  const schemas = feedSchemas();
  const merchantResult = schemas.FeedMerchant.safeParse({
    id: opts.merchant.id,
    name: opts.merchant.name,
    url: origin,
    currency: opts.currency,
    checkout: { kind: 'shopify-permalink' },
  });
  if (!merchantResult.success) throw new FeedError('errSourceMisconfigured', [skipFromZod(merchantResult.error).path]);
  const merchant: StoredMerchant = { ...merchantResult.data, sourceId: opts.sourceId };

  const skipped: SkippedRecord[] = [];
  const products = new RecordCollector<StoredProduct>('products', skipped);
  rawProducts.forEach((record, index) => {
    const rawId = (record as { id?: unknown } | null)?.id;
    const id = typeof rawId === 'number' || typeof rawId === 'string' ? `${opts.sourceId}:${rawId}` : null;
    products.add(index, id, () => toStoredProduct(schemas.FeedProduct.parse(shopifyToFeedProduct(record, opts, origin)), opts.sourceId));
  });

  const notes: Reason[] = [];
  let hasMore = rawProducts.length > 0;
  if (hasMore && page >= SHOPIFY_MAX_PAGE) {
    hasMore = false;
    notes.push(reason('noteShopifyPageCap', SHOPIFY_MAX_PAGE, SHOPIFY_MAX_PAGE * SHOPIFY_PAGE_LIMIT));
  }
  return sourcePage({ cursor: hasMore ? String(page + 1) : '', hasMore, merchants: [merchant], products: products.records, skipped, notes });
}

/** Maps a raw Shopify product onto the feed's product shape (validated by the caller). */
function shopifyToFeedProduct(record: unknown, opts: ShopifyOptions, origin: string): unknown {
  const product = ShopifyProduct.parse(record);
  // A variant's picture: its featured image, else the product image listing its id.
  const variantImage = (id: string, featured: string | undefined): string | null => {
    const src = featured ?? product.images.find((image) => image.variant_ids?.some((variantId) => String(variantId) === id))?.src;
    return src ? resolveAgainst(src, origin) : null;
  };
  const variants = product.variants.map((raw, index) => {
    const parsed = ShopifyVariant.safeParse(raw);
    if (!parsed.success) throw skipFromZod(parsed.error, ['variants', index]);
    const variant = parsed.data;
    return {
      id: variant.id,
      title: variant.title === DEFAULT_VARIANT_TITLE ? '' : variant.title,
      price: variant.price.trim(),
      compareAtPrice: variant.compare_at_price?.trim() || null,
      currency: opts.currency,
      available: variant.available ?? true,
      sku: variant.sku?.trim() || null,
      // A barcode is a GTIN only when it is one (stores put SKUs and internal codes there too).
      gtin: /^\d{8,14}$/.test(variant.barcode?.trim() ?? '') ? variant.barcode!.trim() : null,
      image: variantImage(variant.id, variant.featured_image?.src),
    };
  });
  const gtin = variants.map((v) => v.gtin).find((code) => code !== null) ?? null;
  return {
    id: `${opts.sourceId}:${product.id}`,
    merchantId: opts.merchant.id,
    title: product.title,
    url: `${origin}/products/${encodeURIComponent(product.handle)}`,
    // Protocol-relative CDN paths ("//cdn.shopify.com/...") resolve against the store; a store
    // with hundreds of photos keeps its first 20.
    images: product.images.slice(0, 20).map((image) => resolveAgainst(image.src, origin)),
    brand: product.vendor?.trim() || null,
    gtin,
    description: sourceText(product.body_html ?? '', 'body_html', true),
    variants,
    updatedAt: product.updated_at ?? product.published_at ?? product.created_at,
  };
}

function resolveAgainst(value: string, base: string): string {
  try {
    return new URL(value.trim(), base).href;
  } catch {
    return value; // the schema refuses it with a reason
  }
}

/** A Shopify store's public products.json, page by page (the page number is the cursor). */
export const pullShopify: Puller = async function* (source, deps) {
  if (!source.currency || !source.merchant) throw new FeedError('errSourceMisconfigured', ['currency']);
  for (let page = Number(source.cursor ?? 1) || 1; page <= SHOPIFY_MAX_PAGE; page += 1) {
    const { json, bytes } = await getJson(deps.fetch, shopifyPageUrl(source.url, page), { followRedirects: true });
    const feed = parseShopifyPage(json, { sourceId: source.id, storeUrl: source.url, currency: source.currency, merchant: source.merchant, page });
    const next = feed.cursor ? feed.cursor : null;
    yield { feed, nextCursor: next, bytes, done: next === null };
    if (next === null) return;
  }
};
