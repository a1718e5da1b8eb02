/**
 * The message protocol. One zod discriminated union per direction; the background parses every
 * message with these before acting, so a malformed or forged message is rejected, never trusted.
 */
import { z } from 'zod';
import { MAX_LOOKUP_BATCH } from './limits';
import {
  CartLine,
  CurrencyCode,
  Id,
  MinorUnits,
  Order,
  Platform,
  PostRef,
  PostSource,
  StoredReview,
  StoredVariant,
} from './model';
import { Contact } from './contact';
import { Settings } from './settings';
import { NewSource, type SourceState } from './sync/source';

export { MAX_LOOKUP_BATCH };

// ---------------------------------------------------------------- content script -> background

export const ContentRequest = z.discriminatedUnion('type', [
  z.object({ type: z.literal('lookup-posts'), posts: z.array(PostRef).min(1).max(MAX_LOOKUP_BATCH) }),
  z.object({ type: z.literal('get-card'), productId: Id, variantId: Id.nullable() }),
  z.object({
    type: z.literal('add-to-cart'),
    productId: Id,
    variantId: Id,
    quantity: z.number().int().min(1).max(99),
    source: PostSource,
    // Set only after the content script saw a trusted (isTrusted) user click.
    trusted: z.literal(true),
  }),
  z.object({ type: z.literal('search-catalog'), query: z.string().max(200) }),
  z.object({
    type: z.literal('save-tag'),
    platform: Platform,
    postId: Id,
    productId: Id,
    variantId: Id,
    x: z.number().min(0).max(1),
    y: z.number().min(0).max(1),
    trusted: z.literal(true),
  }),
]);
export type ContentRequest = z.infer<typeof ContentRequest>;

// ---------------------------------------------------------------- extension pages -> background

export const PageRequest = z.discriminatedUnion('type', [
  z.object({ type: z.literal('get-cart') }),
  z.object({ type: z.literal('set-quantity'), lineId: Id, quantity: z.number().int().min(1).max(99) }),
  z.object({ type: z.literal('remove-line'), lineId: Id }),
  z.object({ type: z.literal('get-settings') }),
  z.object({ type: z.literal('set-settings'), settings: Settings }),
  z.object({ type: z.literal('get-contact') }),
  z.object({ type: z.literal('save-contact'), contact: Contact }),
  z.object({ type: z.literal('forget-contact') }),
  z.object({ type: z.literal('checkout'), merchantId: Id, contact: Contact, idempotencyKey: Id }),
  z.object({ type: z.literal('get-orders') }),
  z.object({ type: z.literal('catalog-status') }),
  z.object({ type: z.literal('list-sources') }),
  z.object({ type: z.literal('add-source'), source: NewSource }),
  z.object({ type: z.literal('check-source'), source: NewSource }),
  z.object({ type: z.literal('remove-source'), id: Id }),
  z.object({ type: z.literal('sync-now'), id: Id.nullable() }),
]);
export type PageRequest = z.infer<typeof PageRequest>;

// ---------------------------------------------------------------- responses

/** Why a post shows a product: a seller's tag, a link to the product page, or the merchant naming it. */
export const MatchReason = z.enum(['tag', 'link', 'caption']);
export type MatchReason = z.infer<typeof MatchReason>;

/** What the overlay needs to draw a buy button for one product on one post; nothing more. */
export const PostOffer = z.object({
  /** Unique per post: the tag id, or `link:`/`caption:` + product id. */
  matchId: Id,
  reason: MatchReason,
  productId: Id,
  variantId: Id,
  title: z.string(),
  merchantName: z.string(),
  priceMinor: MinorUnits,
  compareAtMinor: MinorUnits.nullable(),
  currency: CurrencyCode,
  available: z.boolean(),
  rating: z.number().nullable(),
  reviewCount: z.number().int(),
  /** Pin position on the media (0..1); only tags have one. */
  pin: z.object({ x: z.number(), y: z.number() }).nullable(),
});
export type PostOffer = z.infer<typeof PostOffer>;

export const LookupResult = z.record(z.string(), z.array(PostOffer));
export type LookupResult = z.infer<typeof LookupResult>;

export const CardData = z.object({
  product: z.object({
    id: Id,
    title: z.string(),
    url: z.string(),
    images: z.array(z.string()),
    brand: z.string().nullable(),
    description: z.string(),
  }),
  merchant: z.object({ id: Id, name: z.string() }),
  /** When the price was last confirmed by its source (the last good sync), for "as of" offline. */
  pricedAt: z.number().int().nullable(),
  variants: z.array(StoredVariant),
  selectedVariantId: Id,
  reviews: z
    .object({
      rating: z.number(),
      count: z.number().int(),
      histogram: z.array(z.number().int()),
      excerpts: z.array(StoredReview),
    })
    .nullable(),
});
export type CardData = z.infer<typeof CardData>;

export const SearchHit = z.object({
  productId: Id,
  title: z.string(),
  merchantName: z.string(),
  brand: z.string().nullable(),
  image: z.string().nullable(),
  variants: z.array(StoredVariant.pick({ id: true, title: true, priceMinor: true, currency: true, sku: true })),
});
export type SearchHit = z.infer<typeof SearchHit>;

export const CartView = z.object({
  lines: z.array(CartLine),
  groups: z.array(
    z.object({
      merchantId: Id,
      merchantName: z.string(),
      checkoutKind: z.string(),
      lineIds: z.array(Id),
      subtotals: z.array(z.object({ currency: CurrencyCode, minor: MinorUnits })),
    }),
  ),
});
export type CartView = z.infer<typeof CartView>;

export const CatalogStatus = z.object({
  merchants: z.number().int(),
  products: z.number().int(),
  tags: z.number().int(),
  lastImport: z.object({ at: z.number().int(), applied: z.number().int(), skipped: z.number().int() }).nullable(),
  /** Sources syncing right now, with their progress, and how many failed their last run. */
  syncing: z.array(z.object({ label: z.string(), done: z.number().int(), total: z.number().int().nullable() })),
  failing: z.number().int(),
});
export type CatalogStatus = z.infer<typeof CatalogStatus>;

/** A dry run of a source: what its first page would bring, nothing stored. */
export const SourceCheck = z.object({
  ok: z.boolean(),
  records: z.number().int(),
  skipped: z.number().int(),
  reasons: z.record(z.string(), z.number().int()),
  error: z.string().nullable(),
});
export type SourceCheck = z.infer<typeof SourceCheck>;

/** The data each request answers with. */
export interface ResponseMap {
  'lookup-posts': LookupResult;
  'get-card': CardData | null;
  'add-to-cart': { cartCount: number };
  'search-catalog': SearchHit[];
  'save-tag': { tagId: string };
  'get-cart': CartView;
  'set-quantity': CartView;
  'remove-line': CartView;
  'get-settings': Settings;
  'set-settings': Settings;
  'get-contact': Contact | null;
  'save-contact': Contact;
  'forget-contact': null;
  checkout: Order;
  'get-orders': Order[];
  'catalog-status': CatalogStatus;
  'list-sources': SourceState[];
  'add-source': SourceState;
  'check-source': SourceCheck;
  'remove-source': null;
  'sync-now': SourceState[];
}

export type AnyRequest = ContentRequest | PageRequest;
export { request, type Reply } from './request';
