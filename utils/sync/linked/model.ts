/**
 * What resolving a linked product gives: a product read from the shop a post links to, validated
 * with zod like every record crossing a boundary, or a typed reason why there is none. Also the
 * mapping onto the catalog's stored rows, so the wiring phase can cache it like a synced product.
 */
import { z } from 'zod';
import { CurrencyCode, Id, MinorUnits, safeUrl, type StoredMerchant, type StoredProduct } from '../../catalog/model';
import { MAX_TEXT } from '../../platform/limits';
import { SHOP_KINDS } from './product-url';

/** The pseudo source that owns products read from linked shops (never synced, never published). */
export const LINKED_SOURCE_ID = 'linked';

export const LINKED_METHODS = ['shopify-js', 'json-ld', 'microdata', 'open-graph'] as const;
export const LinkedMethod = z.enum(LINKED_METHODS);
export type LinkedMethod = z.infer<typeof LinkedMethod>;

const httpsUrl = safeUrl();

export const LinkedVariant = z.object({
  /** Shopify's variant id (digits) for Shopify stores; the offer's variant, SKU or position otherwise. */
  id: Id,
  /** '' for a product's only variant. */
  title: z.string().max(300),
  priceMinor: MinorUnits.positive(),
  compareAtMinor: MinorUnits.nullable(),
  currency: CurrencyCode,
  available: z.boolean(),
  sku: z.string().max(100).nullable(),
  /** As the shop wrote it (not checked): a barcode, gtin13, ... */
  gtin: z.string().max(50).nullable(),
  image: httpsUrl.nullable(),
  /** Option values in the order of the product's optionNames ("M", "Blue"). */
  options: z.array(z.string().max(300)).max(3),
});
export type LinkedVariant = z.infer<typeof LinkedVariant>;

export const LinkedProduct = z.object({
  /** ProductLink.key: the cache key and the one-request-per-product key. */
  key: z.string().min(1).max(600),
  kind: z.enum(SHOP_KINDS),
  /** The product page (the link, cleaned), where a `link` checkout sends the shopper. */
  url: httpsUrl,
  origin: httpsUrl,
  /** productUrlKey(url), for the catalog's urlKey index. */
  urlKey: z.string().min(1).max(2048),
  title: z.string().trim().min(1).max(300),
  description: z.string().max(MAX_TEXT),
  images: z.array(httpsUrl).max(20),
  brand: z.string().max(200).nullable(),
  /** The shop's own name when the page says it (og:site_name, the offer's seller). */
  shopName: z.string().max(200).nullable(),
  gtin: z.string().max(50).nullable(),
  mpn: z.string().max(100).nullable(),
  optionNames: z.array(z.string().max(100)).max(3),
  variants: z.array(LinkedVariant).min(1).max(250),
  /**
   * 'from': the page gave only the lowest of several prices (an AggregateOffer's lowPrice): show
   * "from $X" and send the shopper to the page to choose, never put it in the cart at that price.
   */
  priceKind: z.enum(['exact', 'from']),
  rating: z.object({ value: z.number().min(0).max(5), count: z.number().int().min(0).nullable() }).nullable(),
  method: LinkedMethod,
  checkout: z.enum(['shopify-permalink', 'link']),
  /** What was read and when (epoch ms): shown in the card ("Read from acme.example 2 hours ago"). */
  readFrom: httpsUrl,
  readAt: z.number().int().min(0),
});
export type LinkedProduct = z.infer<typeof LinkedProduct>;

export const LINKED_FAILURES = [
  'no-product',
  'several-products',
  'no-price',
  'bad-json',
  'too-large',
  'timeout',
  'redirected-off-origin',
  'http-error',
  'not-html',
  'permission-needed',
  // The shop could not be reached at all (DNS, refused connection, offline): not an HTTP answer.
  'unreachable',
] as const;
export const LinkedFailureReason = z.enum(LINKED_FAILURES);
export type LinkedFailureReason = z.infer<typeof LinkedFailureReason>;

export const LinkedFailure = z.object({
  ok: z.literal(false),
  reason: LinkedFailureReason,
  /** For logs and tests, in English; the UI shows the reason's message key instead. */
  detail: z.string().max(500),
  /** http-error: the status the shop answered. */
  status: z.number().int().nullable().default(null),
  /** permission-needed: the pattern to ask for (`https://shop.example/*`). */
  originPattern: z.string().nullable().default(null),
  /** permission-needed: the shopper already said no for this shop; do not ask again by itself. */
  refused: z.boolean().default(false),
  /** redirected-off-origin: where the shop sent us. */
  redirectedTo: z.string().nullable().default(null),
});
export type LinkedFailure = z.infer<typeof LinkedFailure>;

export type LinkedResult = { ok: true; product: LinkedProduct } | LinkedFailure;

export function linkedFailure(reason: LinkedFailureReason, detail: string, extra: Partial<Omit<LinkedFailure, 'ok' | 'reason' | 'detail'>> = {}): LinkedFailure {
  return LinkedFailure.parse({ ok: false, reason, detail: detail.slice(0, 500), ...extra });
}

/** Validates a product built by a reader; a reader bug or hostile data becomes a failure, never a bad record. */
export function linkedSuccess(candidate: unknown): LinkedResult {
  const parsed = LinkedProduct.safeParse(candidate);
  if (parsed.success) return { ok: true, product: parsed.data };
  const issue = parsed.error.issues[0];
  const where = issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid product';
  return linkedFailure(/variants\.\d+\.priceMinor|variants: /.test(where) ? 'no-price' : 'no-product', `The product read is not usable (${where})`);
}

/** The merchant and product rows a linked product is cached as (source `linked`). */
export function toCatalogRecords(product: LinkedProduct): { merchant: StoredMerchant; product: StoredProduct } {
  const host = new URL(product.origin).host.replace(/^www\./, '');
  const merchantId = `${LINKED_SOURCE_ID}:${host}`;
  const currency = product.variants[0]?.currency ?? 'USD';
  const gtin = product.gtin?.replace(/[\s-]/g, '') ?? '';
  return {
    merchant: {
      id: merchantId,
      name: product.shopName ?? host,
      url: product.origin,
      currency,
      checkout: { kind: product.checkout },
      accounts: {},
      sourceId: LINKED_SOURCE_ID,
    },
    product: {
      id: `${LINKED_SOURCE_ID}:${product.key}`,
      merchantId,
      title: product.title,
      url: product.url,
      images: product.images,
      brand: product.brand,
      gtin: /^\d{8,14}$/.test(gtin) ? gtin : null,
      description: product.description,
      variants: product.variants.map((variant) => ({
        id: variant.id,
        title: variant.title,
        priceMinor: variant.priceMinor,
        compareAtMinor: variant.compareAtMinor,
        currency: variant.currency,
        available: variant.available,
        sku: variant.sku,
      })),
      updatedAt: new Date(product.readAt).toISOString(),
      sourceId: LINKED_SOURCE_ID,
      urlKey: product.urlKey,
    },
  };
}
