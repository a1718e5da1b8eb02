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
import { ClaimChoice, type ContestedAccount } from '../catalog/claims';
import { Settings } from './settings';
import { NewSource, SkipCountSchema } from '../sync/source';
import { ReasonSchema } from './reason';
import { isShopOrigin } from './urls';
import { ReportedEvent } from '../analytics/schema';
import type { SellerStatus, SourceView } from '../seller/model';
import { WATCH_CHANGES, WatchRuleInput, type WatchList, WatchView } from '../catalog/watch-store';
import { IsoDay, type SellerStats } from '../seller/stats';
import { AspectChip, Finding, InsightLanguage, SummarizerOptions } from '../catalog/insights/schema';
import { SameItemOffer } from '../catalog/same-item';
import { LinkedFailureReason } from '../sync/linked/model';
import { PageReport, type ReadingCounters, type TabReading } from '../sites/reading';



// ---------------------------------------------------------------- content script -> background

/** `https://host` and nothing else: the origin of a shop a permission is about. */
export const HttpsOrigin = z.string().max(300).refine(isShopOrigin, 'skipUrlNotHttps');

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

// Price watches, from the card (after a trusted click), the cart and the popup: only on a product
// the catalog holds, and changes only to that product's watches. Answered with its watches.
const SaveWatch = z.object({
  type: z.literal('save-watch'),
  productId: Id,
  variantId: Id.nullable(),
  watchId: Id.nullable(),
  rule: WatchRuleInput,
  trusted: z.literal(true),
});
const ChangeWatch = z.object({ type: z.literal('change-watch'), productId: Id, watchId: Id, change: z.enum(WATCH_CHANGES), trusted: z.literal(true) });

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
  // The editor's platform: while the seller is connected as a merchant with an account there, only its products come back.
  z.object({ type: z.literal('search-catalog'), query: z.string().max(200), platform: Platform.optional() }),
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
  // The card's "Summarize with on-device AI": an extension window runs Chrome's Summarizer (a user's click only).
  z.object({ type: z.literal('open-ai-summary'), productId: Id, trusted: z.literal(true) }),
  // Anonymous overlay events (utils/analytics.ts); the background values, stamps and filters them.
  z.object({ type: z.literal('report-events'), events: z.array(ReportedEvent).min(1).max(MAX_REPORTED_EVENTS) }),
  SaveWatch,
  ChangeWatch,
  // "Check price" on a post linking to a shop's product page (utils/sync/linked/handlers.ts): only
  // after a trusted press, since it may go to the shop and ask for its permission.
  z.object({ type: z.literal('check-linked'), post: PostRef, trusted: z.literal(true) }),
  // The automatic mode: posts with a "Check price" chip came into view or left it (one observer
  // callback's worth); the background answers at once and tells the tab later (BackgroundNotice).
  z.object({ type: z.literal('linked-view'), posts: z.array(PostRef).min(1).max(MAX_LOOKUP_BATCH), inView: z.boolean() }),
  // "Remove" in the card of a product read from a linked shop.
  z.object({ type: z.literal('forget-linked'), productId: Id, trusted: z.literal(true) }),
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
  // The stats question answered (or the switch flipped): sets `analytics` and marks it asked.
  z.object({ type: z.literal('set-analytics'), analytics: z.boolean() }),
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
  // Social accounts claimed by merchants of several sources, and the user's choice per account.
  z.object({ type: z.literal('list-claims') }),
  z.object({ type: z.literal('choose-claim'), choice: ClaimChoice }),
  // Seller publishing (utils/seller/): the token comes in here and never goes back out.
  z.object({ type: z.literal('connect-seller'), sourceId: Id, token: z.string().trim().min(1).max(500) }),
  // Pairing: a code or pairing link from the server's seller page; the token it brings stays in the background.
  z.object({
    type: z.literal('pair-seller'),
    sourceId: Id.nullable(),
    input: z.string().trim().min(1).max(2048),
    device: z.string().trim().max(100).regex(/^[^\u0000-\u001f\u007f-\u009f]*$/),
  }),
  z.object({ type: z.literal('disconnect-seller'), sourceId: Id }),
  z.object({ type: z.literal('seller-status') }),
  z.object({ type: z.literal('publish-now') }),
  z.object({ type: z.literal('dismiss-conflict'), tagId: Id }),
  // Seller dashboard: the figures of a connected source's merchant over whole UTC days.
  z.object({ type: z.literal('seller-stats'), sourceId: Id, from: IsoDay, to: IsoDay }),
  // The popup's watch list; showing it clears the toolbar badge. Its changes are the card's requests.
  z.object({ type: z.literal('list-watches') }),
  SaveWatch,
  ChangeWatch,
  z.object({ type: z.literal('alerts-seen') }),
  // The AI summary window: a product's reviews labelled for Chrome's Summarizer.
  z.object({ type: z.literal('ai-summary-input'), productId: Id }),
  // The linked-shop permission page's answer: the shopper allowed reading the shop (the browser's
  // permission is checked again in the background) or said "Not now" (remembered).
  z.object({ type: z.literal('linked-permission'), origin: HttpsOrigin, decision: z.enum(['allow', 'refuse']) }),
  // When the dashboard's posts were first tagged here, for their labels.
  z.object({ type: z.literal('post-tag-dates'), posts: z.array(z.object({ platform: Platform, postId: Id })).max(5000) }),
  // How the overlay reads a tab's page (popup) and each site (options page).
  // `url`: the tab's address where the popup can see it, so a report of an earlier page is not taken for this one.
  z.object({ type: z.literal('page-status'), tabId: z.number().int().min(0), url: z.string().max(8192).optional() }),
  z.object({ type: z.literal('reading-counters') }),
  z.object({ type: z.literal('reset-reading-counters') }),
]);
export type PageRequest = z.infer<typeof PageRequest>;

// ---------------------------------------------------------------- responses

/**
 * Why a post shows a product: a seller's tag, a link to a catalog product's page, the merchant
 * naming it, or a link to a shop's page Postcart read the product from (`linked`).
 */
export const MatchReason = z.enum(['tag', 'link', 'caption', 'linked']);
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
  /**
   * A reduction Postcart observed (the lowest price of the 30 days before it, catalog/pricing.ts);
   * never the merchant's compare-at price, which is no evidence of one.
   */
  reduction: z.object({ percent: z.number().int(), wasMinor: MinorUnits }).nullable(),
  currency: CurrencyCode,
  available: z.boolean(),
  rating: z.number().nullable(),
  reviewCount: z.number().int(),
  /** Pin position on the media (0..1); only tags have one. */
  pin: z.object({ x: z.number(), y: z.number() }).nullable(),
  /** The shop's page gave only the lowest of several prices: "from $X", never put in the cart at it. */
  from: z.literal(true).optional(),
});
export type PostOffer = z.infer<typeof PostOffer>;

/**
 * The offers of each post of a batch, and for posts without any whose outbound link is a shop's
 * product page, what their "Check price" chip says (the content script classifies no links).
 */
export const LookupResult = z.object({
  offers: z.record(z.string(), z.array(PostOffer)),
  linkable: z.record(z.string(), ReasonSchema),
});
export type LookupResult = z.infer<typeof LookupResult>;

/** The answer to a "Check price": the post's offers, or why there are none (the chip's words). */
export const LinkedAnswer = z.union([
  z.object({ ok: z.literal(true), offers: z.array(PostOffer) }),
  z.object({ ok: z.literal(false), reason: z.union([LinkedFailureReason, z.literal('not-linkable')]), chip: ReasonSchema }),
]);
export type LinkedAnswer = z.infer<typeof LinkedAnswer>;

/** The claim a card may make about a price (catalog/pricing.ts `PriceClaim`). */
export const PriceClaimView = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('reduction'), percent: z.number().int(), wasMinor: MinorUnits, since: z.number().int() }),
  z.object({ kind: z.literal('reference'), compareAtMinor: MinorUnits }),
  z.object({ kind: z.literal('none') }),
]);

const ChartMarkView = z.object({ priceMinor: MinorUnits, at: z.number().int(), y: z.number() });

/** The step chart of the last 90 days (catalog/price-chart.ts), drawn by the card as SVG. */
export const PriceChartView = z.object({
  width: z.number(),
  height: z.number(),
  start: z.number().int(),
  end: z.number().int(),
  path: z.string(),
  outOfStock: z.array(z.object({ x: z.number(), width: z.number() })),
  low: ChartMarkView,
  high: ChartMarkView,
});
export type PriceChartView = z.infer<typeof PriceChartView>;

/** What Postcart observed of one variant's price, as the card shows it. */
export const VariantPrice = z.object({
  variantId: Id,
  currency: CurrencyCode,
  priceMinor: MinorUnits,
  dataSince: z.number().int(),
  claim: PriceClaimView,
  lowest30: z.object({ priceMinor: MinorUnits, at: z.number().int(), complete: z.boolean() }),
  typical: z.object({ lowMinor: MinorUnits, highMinor: MinorUnits }).nullable(),
  chart: PriceChartView.nullable(),
});
export type VariantPrice = z.infer<typeof VariantPrice>;
/** What reviewers say and how far to trust it, for the card: every sentence a message key with arguments. */
export const CardInsights = z.object({
  method: Finding,
  otherLanguages: Finding.nullable(),
  /** Reviews analysed (in one of the six languages): what each chip's count is out of. */
  analysed: z.number().int().min(0),
  chips: z.array(AspectChip),
  /** Each trust signal in words, the flagged ones first; no score. */
  trust: z.array(z.object({ signal: z.string(), flag: z.boolean(), finding: Finding })),
  /** The reviews' main language and the Summarizer's options for it; the card asks Chrome whether it can. */
  ai: z.object({ language: InsightLanguage, options: SummarizerOptions }).nullable(),
});
export type CardInsights = z.infer<typeof CardInsights>;

/** A cheaper offer of the same item (or model, or a similar item) at another merchant, for the card. */
export const CardSameItem = SameItemOffer.omit({ matchedBy: true }).extend({ merchantName: z.string() });
export type CardSameItem = z.infer<typeof CardSameItem>;

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
  /** The catalog source the product came from (its label or host), or the bundled demo catalog. */
  source: z.object({ name: z.string(), demo: z.boolean() }),
  /** When the price was last confirmed by its source (the last good sync), for "as of" offline. */
  pricedAt: z.number().int().nullable(),
  /** A product read from a linked shop's page: where and when, and whether its price is a "from" price. */
  linked: z.object({ host: z.string(), readAt: z.number().int(), from: z.boolean(), url: z.string() }).nullable().optional(),
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
  /** The price history of the selected variant (the card asks again for another variant). */
  price: VariantPrice.nullable(),
  /** The shopper's watches on this product. */
  watches: z.array(WatchView),
  insights: CardInsights.nullable(),
  /** Per variant id of this product: cheaper offers at other merchants, one per tier at most. */
  sameItems: z.record(z.string(), z.array(CardSameItem).max(3)),
});
export type CardData = z.infer<typeof CardData>;

/** What the AI summary window needs: the Summarizer's input and the labelled reviews it cites. */
export const AiSummaryInput = z.object({
  productId: Id,
  title: z.string(),
  language: InsightLanguage,
  text: z.string(),
  context: z.string(),
  options: SummarizerOptions,
  /** Label ("R1") → review id. */
  labels: z.record(z.string(), Id),
  reviews: z.array(StoredReview.pick({ id: true, rating: true, title: true, text: true, author: true, date: true, verified: true })),
});
export type AiSummaryInput = z.infer<typeof AiSummaryInput>;

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

export const SearchResults = z.object({
  hits: z.array(SearchHit),
  /** The seller's own merchants the search was kept to (their names); empty: the whole catalog. */
  onlyMerchants: z.array(z.string()),
});
export type SearchResults = z.infer<typeof SearchResults>;

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
  'search-catalog': SearchResults;
  'get-post-tags': PostTagView[];
  'save-post-tags': PostTagView[];
  'seller-accounts': SellerAccount[];
  'open-ai-summary': null;
  'ai-summary-input': AiSummaryInput | null;
  'get-cart': CartView;
  'set-quantity': CartView;
  'remove-line': CartView;
  'get-settings': Settings;
  'set-settings': Settings;
  'set-analytics': Settings;
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
  'list-claims': ContestedAccount[];
  'choose-claim': ContestedAccount[];
  'report-events': { queued: number };
  'connect-seller': SourceView;
  'pair-seller': SourceView;
  'disconnect-seller': SourceView;
  'seller-status': SellerStatus;
  'publish-now': SellerStatus;
  'dismiss-conflict': SellerStatus;
  'seller-stats': SellerStats;
  'save-watch': WatchView[];
  'change-watch': WatchView[];
  'list-watches': WatchList;
  'alerts-seen': null;
  'check-linked': LinkedAnswer;
  'forget-linked': null;
  'linked-view': null;
  'linked-permission': { granted: boolean };
  /** First tag date (ISO) per post key "platform:postId"; posts without a tag left out. */
  'post-tag-dates': Record<string, string>;
  'page-report': null;
  'page-status': TabReading | null;
  'reading-counters': ReadingCounters;
  'reset-reading-counters': ReadingCounters;
}

export type AnyRequest = ContentRequest | PageRequest;

/** The parts of `runtime.MessageSender` the router checks and the handlers may read. */
export interface SenderInfo {
  id?: string;
  url?: string;
  tab?: { id?: number };
  frameId?: number;
}

// ---------------------------------------------------------------- background -> content script

/** What the background tells a page's content script by itself (never from a page: only the extension can send these). */
export type BackgroundNotice =
  /** The automatic mode looked up the products of these posts: look them up again. */
  { type: 'linked-read'; postIds: string[] };

/** What answers each request type of `K`: the domains' handler groups, put together by the router. */
export type Handlers<K extends keyof ResponseMap> = { [P in K]: (message: Extract<AnyRequest, { type: P }>, sender: SenderInfo) => Promise<ResponseMap[P]> };
