/**
 * The data model: zod schemas are the single source of truth for everything that crosses a
 * boundary (feed records, stored rows, forms). Types are inferred from them, never written twice.
 *
 * Two layers:
 * - Feed* schemas describe the Postcart feed v1 on the wire (decimal price strings).
 * - Stored* schemas describe IndexedDB rows (integer minor units + ISO 4217 currency).
 */
import { z } from 'zod';
import { MAX_QUANTITY, MAX_TEXT } from '../platform/limits';
import { ReasonSchema } from '../platform/reason';
import { isFeedUrl } from '../platform/urls';

export const PLATFORMS = ['instagram', 'pinterest', 'tiktok', 'facebook'] as const;
export const Platform = z.enum(PLATFORMS);
export type Platform = z.infer<typeof Platform>;

const shortText = z.string().trim().min(1).max(300);
const longText = z.string().max(MAX_TEXT);

export const CurrencyCode = z.string().regex(/^[A-Z]{3}$/, 'skipCurrencyCode');
/** A non-negative decimal amount as written on the wire: "129", "129.00", "0.5". */
export const DecimalString = z.string().regex(/^\d{1,12}(\.\d{1,4})?$/, 'skipDecimalString');
/** Ids name records everywhere (keys, URLs, CSV): no control characters, bidi overrides or lone surrogates. */
export const Id = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .refine((value) => value.isWellFormed() && !/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/u.test(value), 'skipIdCharacters');
/** A GTIN as digits (8, 12, 13 or 14 of them once separators are gone); its check digit is verified where it is read. */
export const Gtin = z.string().regex(/^\d{8,14}$/, 'skipGtinDigits');
export const IsoDateTime = z.iso.datetime({ offset: true });
export const IsoDate = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

/**
 * A URL a feed may carry. Only https (and, for the catalog bundled with the extension, the
 * extension's own origin) is accepted; javascript:, data:, http: and friends are rejected.
 */
export function safeUrl(allowedOrigins: readonly string[] = []) {
  return z
    .string()
    .max(2048)
    .refine((value) => isFeedUrl(value, allowedOrigins), 'skipUrlNotHttps');
}

export const CheckoutKind = z.enum(['shopify-permalink', 'orders-api', 'link']);
export type CheckoutKind = z.infer<typeof CheckoutKind>;

export const Accounts = z
  .object({
    instagram: z.string().max(100),
    pinterest: z.string().max(100),
    tiktok: z.string().max(100),
    facebook: z.string().max(100),
  })
  .partial();

// ---------------------------------------------------------------- feed (wire) records

/**
 * What a review source may add to a review (the Google reviews feed does): pros and cons as the
 * reviewer listed them, whether the review was incentivized, how it was collected, its language.
 * Optional, so rows stored before they existed still read.
 */
const reviewExtras = {
  pros: z.array(z.string().trim().min(1).max(300)).max(20).optional(),
  cons: z.array(z.string().trim().min(1).max(300)).max(20).optional(),
  incentivized: z.boolean().optional(),
  collectionMethod: z.enum(['unsolicited', 'post_fulfillment']).optional(),
  /** BCP 47 tag ("en", "fil-PH"). */
  language: z.string().regex(/^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*$/).max(35).optional(),
};

/** Builds the feed schemas; `allowedOrigins` lets a bundled feed point at its own assets. */
export function feedSchemas(allowedOrigins: readonly string[] = []) {
  const url = safeUrl(allowedOrigins);
  const FeedMerchant = z.object({
    id: Id,
    name: shortText,
    url,
    currency: CurrencyCode,
    checkout: z.object({ kind: CheckoutKind }),
    accounts: Accounts.default({}),
  });
  const FeedVariant = z.object({
    id: Id,
    title: z.string().trim().max(300).default(''),
    price: DecimalString,
    compareAtPrice: DecimalString.nullish(),
    currency: CurrencyCode,
    available: z.boolean().default(true),
    sku: z.string().max(100).nullish(),
    /** The variant's own trade item number and part number, and its picture (GTINs belong to variants). */
    gtin: Gtin.nullish(),
    mpn: z.string().trim().max(70).nullish(),
    image: url.nullish(),
  });
  const FeedProduct = z.object({
    id: Id,
    merchantId: Id,
    title: shortText,
    url,
    images: z.array(url).max(20).default([]),
    brand: z.string().max(200).nullish(),
    gtin: Gtin.nullish(),
    description: longText.default(''),
    variants: z.array(FeedVariant).min(1).max(250),
    updatedAt: IsoDateTime,
  });
  const FeedReview = z.object({
    id: Id,
    rating: z.number().min(1).max(5),
    title: z.string().max(300).default(''),
    text: longText,
    author: z.string().max(100).default(''),
    date: IsoDate,
    verified: z.boolean().default(false),
    ...reviewExtras,
  });
  const FeedReviewSummary = z.object({
    productId: Id,
    rating: z.number().min(0).max(5),
    count: z.number().int().min(0),
    histogram: z.array(z.number().int().min(0)).length(5),
    items: z.array(FeedReview).max(50).default([]),
  });
  const FeedTag = z.object({
    id: Id,
    platform: Platform,
    postId: Id,
    productId: Id,
    variantId: Id.nullish(),
    x: z.number().min(0).max(1),
    y: z.number().min(0).max(1),
    updatedAt: IsoDateTime,
    /** The server's version of the tag (its change sequence number); sellers' edits name the one they started from. */
    version: z.number().int().min(0).nullish(),
  });
  /** The envelope is checked strictly; records inside are checked one by one so one bad record is skipped, not fatal. */
  const FeedEnvelope = z.object({
    version: z.literal(1),
    cursor: z.string().max(500),
    hasMore: z.boolean(),
    merchants: z.array(z.unknown()).default([]),
    products: z.array(z.unknown()).default([]),
    reviews: z.array(z.unknown()).default([]),
    tags: z.array(z.unknown()).default([]),
    deleted: z
      .object({ products: z.array(Id).default([]), tags: z.array(Id).default([]) })
      .default({ products: [], tags: [] }),
  });
  return { FeedMerchant, FeedVariant, FeedProduct, FeedReview, FeedReviewSummary, FeedTag, FeedEnvelope };
}

const wire = feedSchemas();
export type FeedMerchant = z.infer<typeof wire.FeedMerchant>;
export type FeedProduct = z.infer<typeof wire.FeedProduct>;
export type FeedVariant = z.infer<typeof wire.FeedVariant>;
export type FeedReviewSummary = z.infer<typeof wire.FeedReviewSummary>;
export type FeedReview = z.infer<typeof wire.FeedReview>;
export type FeedTag = z.infer<typeof wire.FeedTag>;
export type FeedEnvelope = z.infer<typeof wire.FeedEnvelope>;

// ---------------------------------------------------------------- stored rows

export const MinorUnits = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

export const StoredMerchant = z.object({
  id: Id,
  name: z.string(),
  url: z.string(),
  currency: CurrencyCode,
  checkout: z.object({ kind: CheckoutKind }),
  accounts: Accounts,
  sourceId: Id,
});
export type StoredMerchant = z.infer<typeof StoredMerchant>;

export const StoredVariant = z.object({
  id: Id,
  title: z.string(),
  priceMinor: MinorUnits,
  compareAtMinor: MinorUnits.nullable(),
  currency: CurrencyCode,
  available: z.boolean(),
  sku: z.string().nullable(),
  /** Absent on rows written before variants had their own (read as unknown). */
  gtin: z.string().nullish(),
  mpn: z.string().nullish(),
  image: z.string().nullish(),
});
export type StoredVariant = z.infer<typeof StoredVariant>;

export const StoredProduct = z.object({
  id: Id,
  merchantId: Id,
  title: z.string(),
  url: z.string(),
  images: z.array(z.string()),
  brand: z.string().nullable(),
  gtin: z.string().nullable(),
  description: z.string(),
  variants: z.array(StoredVariant).min(1),
  updatedAt: z.string(),
  sourceId: Id,
  /** productUrlKey(url): posts linking to the product find it through this index. */
  urlKey: z.string().nullable(),
});
export type StoredProduct = z.infer<typeof StoredProduct>;

export const StoredReview = z.object({
  id: Id,
  rating: z.number(),
  title: z.string(),
  text: z.string(),
  author: z.string(),
  date: z.string(),
  verified: z.boolean(),
  ...reviewExtras,
});
export type StoredReview = z.infer<typeof StoredReview>;

export const StoredReviewSummary = z.object({
  productId: Id,
  rating: z.number(),
  count: z.number().int(),
  histogram: z.array(z.number().int()).length(5),
  items: z.array(StoredReview),
  sourceId: Id,
});
export type StoredReviewSummary = z.infer<typeof StoredReviewSummary>;

/** `origin` tells a tag that came from a catalog feed from one a seller placed in this browser. */
export const StoredTag = z.object({
  id: Id,
  platform: Platform,
  postId: Id,
  productId: Id,
  variantId: Id.nullable(),
  x: z.number().min(0).max(1),
  y: z.number().min(0).max(1),
  updatedAt: z.string(),
  origin: z.enum(['feed', 'local']),
  sourceId: Id,
  /** The catalog server's version of this tag, when it came from (or was published to) one. */
  version: z.number().int().min(0).nullish(),
});
export type StoredTag = z.infer<typeof StoredTag>;

/** A tag as sent to a catalog server (`POST /v1/tags`), without local bookkeeping. */
export const OutboxTag = StoredTag.pick({ id: true, platform: true, postId: true, productId: true, variantId: true, x: true, y: true, updatedAt: true });
export type OutboxTag = z.infer<typeof OutboxTag>;

/**
 * One unpublished tag change. One row per tag: a newer edit of the same tag replaces the pending
 * one, so the server only ever sees the latest state (ops are idempotent upserts and deletes).
 */
export const OutboxEntry = z.object({
  tagId: Id,
  op: z.enum(['upsert', 'delete']),
  /** The tag as it should be on the server; for a delete, as it was (for routing and display). */
  tag: OutboxTag,
  /** The server version this edit started from; null for a tag the server has never seen. */
  baseVersion: z.number().int().min(0).nullable(),
  queuedAt: z.number().int(),
  attempts: z.number().int().min(0),
  lastError: ReasonSchema.nullable(),
});
export type OutboxEntry = z.infer<typeof OutboxEntry>;

// ---------------------------------------------------------------- posts

/** What a site adapter reads off one post in the page. */
export const PostRef = z.object({
  platform: Platform,
  postId: Id,
  url: z.string().max(2048),
  author: z.string().max(100).nullable(),
  caption: z.string().max(MAX_TEXT).nullable(),
  links: z.array(z.string().max(2048)).max(50),
});
export type PostRef = z.infer<typeof PostRef>;

/** The post a cart line or an order came from (attribution). */
export const PostSource = PostRef.pick({ platform: true, postId: true, url: true });
export type PostSource = z.infer<typeof PostSource>;

// ---------------------------------------------------------------- cart and orders

export const CartLine = z.object({
  /** productId + variantId: adding the same variant again raises the quantity. */
  id: Id,
  productId: Id,
  variantId: Id,
  merchantId: Id,
  quantity: z.number().int().min(1).max(MAX_QUANTITY),
  /** Price and titles at the time of adding, so a deleted product stays visible in the cart. */
  unitMinor: MinorUnits,
  currency: CurrencyCode,
  title: z.string(),
  variantTitle: z.string(),
  image: z.string().nullable(),
  source: PostSource.nullable(),
  addedAt: z.number().int(),
});
export type CartLine = z.infer<typeof CartLine>;

export const Order = z.object({
  id: Id,
  /** One key per checkout attempt: a second click with the same key returns this order. */
  idempotencyKey: Id,
  merchantId: Id,
  merchantName: z.string(),
  checkoutKind: CheckoutKind,
  lines: z.array(CartLine).min(1),
  totals: z.array(z.object({ currency: CurrencyCode, minor: MinorUnits })),
  createdAt: z.number().int(),
  /**
   * handed-off: the store's checkout page was opened (permalink, product link).
   * pending: an orders-api request is on its way (or was cut off; it is resent with the same key).
   * placed: the merchant's server confirmed the order.
   * failed: the request did not get through (network, timeout, server error); retry with the same key.
   * rejected: the server refused the order; its lines went back to the cart.
   */
  status: z.enum(['handed-off', 'pending', 'placed', 'failed', 'rejected']),
  /** The page handed off to ('' for orders-api); further product pages of a `link` checkout after it. */
  checkoutUrl: z.string(),
  extraUrls: z.array(z.string()).default([]),
  sourcePosts: z.array(PostSource),
  /** What the merchant's server answered for an orders-api order. */
  remote: z.object({ orderId: z.string().max(200), number: z.number().int(), status: z.string().max(100) }).nullable().default(null),
  /** Why the last attempt failed or was refused (an i18n reason; older rows hold text). */
  error: ReasonSchema.nullable().default(null),
  attempts: z.number().int().min(0).default(0),
  /**
   * The exact orders-api request, kept until the server has answered for good so a retry sends the
   * same body with the same Idempotency-Key (the server refuses a key reused for another body).
   */
  request: z.object({ url: z.string(), body: z.string() }).nullable().default(null),
  updatedAt: z.number().int().nullable().default(null),
});
export type Order = z.infer<typeof Order>;
