/**
 * The message protocol. One zod discriminated union per direction; the background parses every
 * message with these before acting, so a malformed or forged message is rejected, never trusted.
 */
import { z } from 'zod';
import { MAX_LOOKUP_BATCH, MAX_QUANTITY, MAX_REPORTED_EVENTS, MAX_TAGS_PER_POST } from './limits';
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
} from '../catalog/model';
import { Contact } from '../checkout/contact';
import { Settings } from './settings';
import { NewSource, SkipCountSchema } from '../sync/source';
import { ReasonSchema } from './reason';
import { ReportedEvent } from '../analytics/schema';
import type { SellerStatus, SourceView } from '../seller/model';
import { IsoDay, type SellerStats } from '../seller/stats';
import { PageReport, type ReadingCounters, type TabReading } from '../sites/reading';



// ---------------------------------------------------------------- content script -> background

/** One tag of a post as the seller's editor saves it: `id` null for a new tag. */
export const PostTagInput = z.object({
  id: Id.nullable(),
  productId: Id,
  // Null only for a feed tag that never named a variant and is kept as it is.
  variantId: Id.nullable(),
  x: z.number().min(0).max(1),
  y: z.number().min(0).max(1),
});
export type PostTagInput = z.infer<typeof PostTagInput>;

export const ContentRequest = z.discriminatedUnion('type', [
  z.object({ type: z.literal('lookup-posts'), posts: z.array(PostRef).min(1).max(MAX_LOOKUP_BATCH) }),
  z.object({ type: z.literal('get-card'), productId: Id, variantId: Id.nullable() }),
  z.object({
    type: z.literal('add-to-cart'),
    productId: Id,
    variantId: Id,
    quantity: z.number().int().min(1).max(MAX_QUANTITY),
    source: PostSource,
    // Set only after the content script saw a trusted (isTrusted) user click.
    trusted: z.literal(true),
  }),
  z.object({ type: z.literal('search-catalog'), query: z.string().max(200) }),
  // Seller mode only: the tags on one post, and the seller's whole edited set replacing them.
  z.object({ type: z.literal('get-post-tags'), platform: Platform, postId: Id }),
  z.object({
    type: z.literal('save-post-tags'),
    platform: Platform,
    postId: Id,
    tags: z.array(PostTagInput).max(MAX_TAGS_PER_POST),
    trusted: z.literal(true),
  }),
  z.object({ type: z.literal('seller-accounts') }),
  // Anonymous overlay events (utils/analytics.ts); the background values, stamps and filters them.
  z.object({ type: z.literal('report-events'), events: z.array(ReportedEvent).min(1).max(MAX_REPORTED_EVENTS) }),
  // Once per page view (sites/reading.ts): how many posts the overlay read, why it skipped others.
  PageReport.extend({ type: z.literal('page-report') }),
]);
export type ContentRequest = z.infer<typeof ContentRequest>;

// ---------------------------------------------------------------- extension pages -> background

export const PageRequest = z.discriminatedUnion('type', [
  z.object({ type: z.literal('get-cart') }),
  z.object({ type: z.literal('set-quantity'), lineId: Id, quantity: z.number().int().min(1).max(MAX_QUANTITY) }),
  z.object({ type: z.literal('remove-line'), lineId: Id }),
  z.object({ type: z.literal('get-settings') }),
  z.object({ type: z.literal('set-settings'), settings: Settings }),
  z.object({ type: z.literal('get-contact') }),
  z.object({ type: z.literal('save-contact'), contact: Contact }),
  z.object({ type: z.literal('forget-contact') }),
  z.object({ type: z.literal('checkout'), merchantId: Id, contact: Contact, idempotencyKey: Id, inBackground: z.boolean().default(false) }),
  z.object({ type: z.literal('retry-order'), orderId: Id }),
  z.object({ type: z.literal('accept-prices'), merchantId: Id.nullable() }),
  z.object({ type: z.literal('set-variant'), lineId: Id, variantId: Id }),
  z.object({ type: z.literal('buy-again'), orderId: Id }),
  z.object({ type: z.literal('get-orders') }),
  z.object({ type: z.literal('catalog-status') }),
  z.object({ type: z.literal('list-sources') }),
  z.object({ type: z.literal('add-source'), source: NewSource }),
  z.object({ type: z.literal('check-source'), source: NewSource }),
  z.object({ type: z.literal('remove-source'), id: Id }),
  z.object({ type: z.literal('sync-now'), id: Id.nullable() }),
  // Seller publishing (utils/seller/): the token comes in here and never goes back out.
  z.object({ type: z.literal('connect-seller'), sourceId: Id, token: z.string().trim().min(1).max(500) }),
  z.object({ type: z.literal('disconnect-seller'), sourceId: Id }),
  z.object({ type: z.literal('seller-status') }),
  z.object({ type: z.literal('publish-now') }),
  z.object({ type: z.literal('dismiss-conflict'), tagId: Id }),
  // Seller dashboard: the figures of a connected source's merchant over whole UTC days.
  z.object({ type: z.literal('seller-stats'), sourceId: Id, from: IsoDay, to: IsoDay }),
  // How the overlay reads a tab's page (popup) and each site (options page).
  // `url`: the tab's address where the popup can see it, so a report of an earlier page is not taken for this one.
  z.object({ type: z.literal('page-status'), tabId: z.number().int().min(0), url: z.string().max(8192).optional() }),
  z.object({ type: z.literal('reading-counters') }),
  z.object({ type: z.literal('reset-reading-counters') }),
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
  /** The variant the query named (its SKU or title words), for the editor to preselect. */
  variantId: Id.optional(),
});
export type SearchHit = z.infer<typeof SearchHit>;

/** How a cart line compares with the catalog now: a sync may have changed its price or stock. */
export const LineDetail = z.object({
  state: z.enum(['ok', 'price-changed', 'out-of-stock', 'removed']),
  /** The catalog's price now; null when the product or its variant is gone. */
  current: z.object({ minor: MinorUnits, currency: CurrencyCode }).nullable(),
  /** The product's variants now, to switch the line to another one. */
  variants: z.array(StoredVariant.pick({ id: true, title: true, priceMinor: true, currency: true, available: true })),
});
export type LineDetail = z.infer<typeof LineDetail>;

/** A tag on a post as the seller's editor shows it. */
export const PostTagView = z.object({
  id: Id,
  productId: Id,
  variantId: Id.nullable(),
  x: z.number(),
  y: z.number(),
  /** '' when the product is no longer in the catalog (the seller can still move or remove the tag). */
  title: z.string(),
  variantTitle: z.string(),
  image: z.string().nullable(),
  merchantName: z.string(),
  origin: z.enum(['feed', 'local']),
  /** A change of this tag waits in the outbox to be published. */
  pending: z.boolean(),
});
export type PostTagView = z.infer<typeof PostTagView>;

/** A social account of a merchant the seller connected (the token never leaves the background). */
export const SellerAccount = z.object({ platform: Platform, handle: z.string() });
export type SellerAccount = z.infer<typeof SellerAccount>;

export const CartView = z.object({
  lines: z.array(CartLine),
  /** Per line id. */
  details: z.record(z.string(), LineDetail),
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
  reasons: z.array(SkipCountSchema),
  error: ReasonSchema.nullable(),
});
export type SourceCheck = z.infer<typeof SourceCheck>;

/** The data each request answers with. */
export interface ResponseMap {
  'lookup-posts': LookupResult;
  'get-card': CardData | null;
  'add-to-cart': { cartCount: number };
  'search-catalog': SearchHit[];
  'get-post-tags': PostTagView[];
  'save-post-tags': PostTagView[];
  'seller-accounts': SellerAccount[];
  'get-cart': CartView;
  'set-quantity': CartView;
  'remove-line': CartView;
  'get-settings': Settings;
  'set-settings': Settings;
  'get-contact': Contact | null;
  'save-contact': Contact;
  'forget-contact': null;
  checkout: Order;
  'retry-order': Order;
  'accept-prices': CartView;
  'set-variant': CartView;
  'buy-again': { added: number; skipped: number; cart: CartView };
  'get-orders': Order[];
  'catalog-status': CatalogStatus;
  'list-sources': SourceView[];
  'add-source': SourceView;
  'check-source': SourceCheck;
  'remove-source': null;
  'sync-now': SourceView[];
  'report-events': { queued: number };
  'connect-seller': SourceView;
  'disconnect-seller': SourceView;
  'seller-status': SellerStatus;
  'publish-now': SellerStatus;
  'dismiss-conflict': SellerStatus;
  'seller-stats': SellerStats;
  'page-report': null;
  'page-status': TabReading | null;
  'reading-counters': ReadingCounters;
  'reset-reading-counters': ReadingCounters;
}

export type AnyRequest = ContentRequest | PageRequest;

/** Who sent a request, as the browser says (runtime.MessageSender): its page's URL and tab. */
export interface Sender {
  url?: string;
  tab?: { id?: number };
}

/** What answers each request type of `K`: the domains' handler groups, put together by the router. */
export type Handlers<K extends keyof ResponseMap> = { [P in K]: (message: Extract<AnyRequest, { type: P }>, sender: Sender) => Promise<ResponseMap[P]> };
