/**
 * A Shopify storefront's Ajax product answer, `/{locale}/products/<handle>.js`: prices are integers
 * in hundredths of the presentment currency (always hundredths, even for KRW or JPY), variants
 * carry `available`, `compare_at_price`, `featured_image` and their option values, and there is no
 * currency field. Shopify's documentation sends readers to `/{locale}/cart.js`, whose `currency` is
 * the presentment currency of the same (cookie-less) visit; that is what we pair it with.
 *
 * The answer is validated with zod, turned into the shape of a products.json record and handed to
 * the catalog's own Shopify mapper (`parseShopifyPage`), so a linked Shopify product is read by the
 * same rules as a synced one (HTML descriptions, "Default Title", images, barcodes, compare-at).
 */
import { z } from 'zod';
import { DEFAULT_VARIANT_TITLE, parseShopifyPage } from '../sources/shopify';
import { LINKED_SOURCE_ID, linkedFailure, linkedSuccess, type LinkedResult, type LinkedVariant } from './model';
import { normalizeCurrency } from './price';
import type { ProductLink } from './product-url';

/** The storefront Ajax URL of a Shopify-shaped link, in the same market (locale prefix) as the link. */
export function shopifyProductJsUrl(link: ProductLink): string {
  if (!link.shopify) throw new Error(`${link.url} is not a Shopify product path`);
  return `${link.origin}${link.shopify.localePrefix}/products/${encodeURIComponent(link.shopify.handle)}.js`;
}

/** The cart of a fresh cookie-less visit in the same market: its `currency` is what the .js prices are in. */
export function shopifyCartJsUrl(link: ProductLink): string {
  return `${link.origin}${link.shopify?.localePrefix ?? ''}/cart.js`;
}

const Cart = z.looseObject({ currency: z.string() });

/** The presentment currency from a `/cart.js` answer, or null when it is not one. */
export function parseShopifyCartCurrency(raw: unknown): string | null {
  const cart = Cart.safeParse(raw);
  return cart.success ? normalizeCurrency(cart.data.currency) : null;
}

const ShopifyId = z.union([z.number().int().positive().transform(String), z.string().regex(/^\d{1,20}$/)]);
/** Hundredths of the currency as Shopify's Ajax API gives them. */
const Hundredths = z.union([z.number().int().min(0).max(Number.MAX_SAFE_INTEGER), z.string().regex(/^\d{1,15}$/).transform(Number)]);
const text = z.string().nullish().transform((value) => value ?? '');

const JsVariant = z.looseObject({
  id: ShopifyId,
  title: text,
  price: Hundredths,
  compare_at_price: Hundredths.nullish(),
  available: z.boolean().optional(),
  sku: z.string().nullish(),
  barcode: z.string().nullish(),
  options: z.array(z.string().nullable()).nullish(),
  featured_image: z.looseObject({ src: z.string() }).nullish(),
});

const JsProduct = z.looseObject({
  id: ShopifyId,
  title: z.string().trim().min(1),
  handle: z.string().trim().min(1).max(255),
  description: z.string().nullish(),
  vendor: z.string().nullish(),
  published_at: z.string().nullish(),
  created_at: z.string().nullish(),
  images: z.array(z.string()).nullish(),
  options: z.array(z.union([z.string(), z.looseObject({ name: z.string() })])).nullish(),
  variants: z.array(z.unknown()).min(1, 'no variants'),
});

/** 12900 -> "129.00": the Ajax API's hundredths as the decimal string products.json would hold. */
function hundredthsToDecimal(value: number): string {
  return `${Math.floor(value / 100)}.${String(value % 100).padStart(2, '0')}`;
}

function httpsImage(src: string | undefined, origin: string): string | null {
  if (!src) return null;
  try {
    const url = new URL(src.trim(), origin);
    return url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

export interface ShopifyJsInput {
  link: ProductLink;
  /** The presentment currency (from `/cart.js`). */
  currency: string;
  /** The `.js` URL that was read. */
  readFrom: string;
  readAt: number;
}

/**
 * A linked product from a `.js` answer, or a failure: `no-product` when the answer is not a Shopify
 * product at all (the caller then treats the shop as not Shopify), `no-price` when no variant
 * has a usable price.
 */
export function parseShopifyProductJs(raw: unknown, input: ShopifyJsInput): LinkedResult {
  const { link } = input;
  const product = JsProduct.safeParse(raw);
  if (!product.success) {
    const issue = product.error.issues[0];
    return linkedFailure('no-product', `Not a Shopify product answer (${issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid'})`);
  }
  const currency = normalizeCurrency(input.currency);
  if (!currency) return linkedFailure('no-price', `The store's currency "${input.currency}" is not a currency`);

  // A variant Shopify describes badly is left out; the others still sell.
  const variants = product.data.variants.flatMap((value) => {
    const variant = JsVariant.safeParse(value);
    return variant.success ? [variant.data] : [];
  });
  if (variants.length === 0) return linkedFailure('no-price', 'No variant of the product has a usable price');

  const host = new URL(link.origin).host;
  const page = parseShopifyPage(
    {
      products: [
        {
          id: product.data.id,
          title: product.data.title,
          handle: product.data.handle,
          body_html: product.data.description ?? '',
          vendor: product.data.vendor,
          updated_at: product.data.published_at ?? product.data.created_at ?? new Date(input.readAt).toISOString(),
          images: (product.data.images ?? []).map((src) => ({ src })),
          variants: variants.map((variant) => ({
            id: variant.id,
            title: variant.title,
            price: hundredthsToDecimal(variant.price),
            compare_at_price: variant.compare_at_price ? hundredthsToDecimal(variant.compare_at_price) : null,
            available: variant.available ?? true,
            sku: variant.sku,
            barcode: variant.barcode,
          })),
        },
      ],
    },
    { sourceId: LINKED_SOURCE_ID, storeUrl: link.origin, currency, merchant: { id: `${LINKED_SOURCE_ID}:${host}`, name: host } },
  );
  const stored = page.products[0];
  if (!stored) {
    const skip = page.skipped[0];
    const where = skip ? `${skip.path || 'product'}: ${skip.reason.key}` : 'product';
    return linkedFailure(skip && /price/i.test(skip.path) ? 'no-price' : 'no-product', `The Shopify product is not usable (${where})`);
  }

  const optionNames = (product.data.options ?? [])
    .map((option) => (typeof option === 'string' ? option : option.name).trim())
    .filter((name) => name !== '' && name !== 'Title')
    .slice(0, 3);
  const byId = new Map(variants.map((variant) => [variant.id, variant]));
  const linkedVariants: LinkedVariant[] = stored.variants.map((variant) => {
    const source = byId.get(variant.id);
    const options = (source?.options ?? []).filter((value): value is string => typeof value === 'string' && value !== DEFAULT_VARIANT_TITLE).slice(0, 3);
    return {
      ...variant,
      gtin: source?.barcode?.trim() || null,
      image: httpsImage(source?.featured_image?.src, link.origin),
      options,
    };
  });
  return linkedSuccess({
    key: link.key,
    kind: link.kind,
    url: link.url,
    origin: link.origin,
    urlKey: link.urlKey,
    title: stored.title,
    description: stored.description,
    images: stored.images,
    brand: stored.brand,
    shopName: null,
    gtin: stored.gtin,
    mpn: null,
    optionNames,
    // A zero price is Shopify's "free": on a linked shop far likelier a placeholder than a gift.
    variants: linkedVariants.filter((variant) => variant.priceMinor > 0),
    priceKind: 'exact',
    rating: null,
    method: 'shopify-js',
    checkout: 'shopify-permalink',
    readFrom: input.readFrom,
    readAt: input.readAt,
  });
}
