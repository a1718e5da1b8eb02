/**
 * Read side of the cache: what the overlay asks for (offers per post, product cards, catalog
 * search). Everything is answered from IndexedDB, never from the network.
 */
import { cardExtras } from './card-extras';
import type { PostcartDB } from './db';
import { captionNames, normalizeHandle, titlePhrases } from './matching';
import { isShortener, productUrlKey, unwrapRedirect, urlsInText } from '../sites/links';
import { anyContested, captionOwner, captionOwners, CHOICES_KEY, parseChoices } from './claims';
import { sourceName } from '../sync/ownership';
import { DEMO_SOURCE_ID } from '../sync/demo';
import type { CardData, MatchReason, PostOffer, SearchHit, VariantPrice } from '../platform/messages';
import { LINKED_SOURCE_ID } from '../sync/linked/model';
import type { PostRef, StoredProduct, StoredVariant } from './model';
import { variantHistory, type HistoryRow } from './history';
import { priceChart } from './price-chart';
import { claimFromObserved, priceFacts } from './pricing';
import { productWatches } from './watch-store';
import { lookupCache, offerBase, type CaptionProduct, type OfferBase } from './lookup-cache';
import { catalogSearch } from './search/live';
import { MAX_HITS } from './search/search-index';
import { postLinks } from './tagged-set';
import { taggedSets } from './tagged-sets';

const EXCERPTS_IN_CARD = 3;

function pickVariant(product: Pick<StoredProduct, 'variants'>, variantId: string | null): StoredVariant {
  const wanted = variantId ? product.variants.find((v) => v.id === variantId) : undefined;
  // Prefer what the seller tagged; else the first one in stock; else the first.
  return wanted ?? product.variants.find((v) => v.available) ?? product.variants[0]!;
}

/** Offers per post id. */
export type PostOffers = Record<string, PostOffer[]>;

export interface LookupOptions {
  /** Resolves a shortened link (bit.ly, ...) to its target; absent offline or in tests. */
  resolveShortLink?: (url: URL) => Promise<URL | null>;
  /** The clock the price claims are decided at. */
  now?: () => number;
}

interface Match {
  postId: string;
  productId: string;
  reason: MatchReason;
  matchId: string;
  variantId: string | null;
  pin: { x: number; y: number } | null;
  order: string;
}

/** The product-URL keys of a post's links (outbound links and URLs written in the caption). */
async function linkKeys(post: PostRef, options: LookupOptions): Promise<string[]> {
  const keys = new Set<string>();
  for (const link of postLinks(post)) {
    let url = unwrapRedirect(link);
    if (url && isShortener(url) && options.resolveShortLink) url = await options.resolveShortLink(url);
    const key = url ? productUrlKey(url) : null;
    if (key) keys.add(key);
  }
  return [...keys];
}

/**
 * Offers for a batch of posts, best reason first: the seller's tags, then the product pages the
 * post links to, then products the merchant's own account names in its caption. Posts that no
 * tag, product link or merchant account can match (the worker's tagged sets, while no write
 * happened since they were built) are answered without reading anything. For the others,
 * IndexedDB is asked in rounds of parallel requests whatever the batch's size: tags and links,
 * then the catalogs of merchants whose own posts are in the batch (only when their caption
 * phrases are not in memory), then the products not in the worker's lookup cache.
 */
export async function lookupPosts(db: PostcartDB, posts: PostRef[], options: LookupOptions = {}): Promise<PostOffers> {
  const sets = taggedSets(db);
  const asked = posts.filter((post) => sets.fresh(post.platform)?.mayMatch(post) ?? true);
  // Post ids are page data: a null-prototype object keeps "__proto__" or "constructor" an ordinary key.
  const result: PostOffers = Object.create(null) as PostOffers;
  for (const post of posts) result[post.postId] = [];
  if (asked.length === 0) return result;
  // Links first: resolving a shortened one is a network call, which cannot sit inside a transaction.
  const postKeys = await Promise.all(asked.map((post) => linkKeys(post, options)));
  // One read transaction for the whole batch instead of one per query.
  const now = (options.now ?? Date.now)();
  const found = await db.transaction('r', [db.tags, db.products, db.reviews, db.merchants, db.meta], () => lookupInTransaction(db, asked, postKeys, now));
  for (const post of asked) if (Object.hasOwn(found, post.postId)) result[post.postId] = found[post.postId]!;
  return result;
}

/** A buy button's reduction: only one Postcart observed (from the product row, no history read). */
function reductionOf(variant: StoredVariant, now: number): PostOffer['reduction'] {
  const claim = claimFromObserved(variant.observed, variant, now);
  return claim.kind === 'reduction' ? { percent: claim.percent, wasMinor: claim.wasMinor } : null;
}

async function lookupInTransaction(db: PostcartDB, posts: PostRef[], postKeys: string[][], now: number): Promise<PostOffers> {
  const cache = lookupCache(db);
  const stamp = cache.begin();
  const matches: Match[] = [];
  const allKeys = [...new Set(postKeys.flat())];
  const authored = posts.filter((post) => post.author && post.caption);
  const readMerchants = async () => cache.merchants ?? db.merchants.toArray().then((list) => (cache.keepMerchants(stamp, list), list));

  // Round one, all at once: each post's tags (one request per post: a cursor over anyOf() would
  // take one round trip per key), the products behind its links, and the merchants.
  const [tagLists, linkLists, merchants] = await Promise.all([
    Promise.all(posts.map((post) => db.tags.where('[platform+postId]').equals([post.platform, post.postId]).toArray())),
    Promise.all(allKeys.map((key) => db.products.where('urlKey').equals(key).toArray())),
    authored.length === 0 ? null : readMerchants(),
  ]);

  for (const tag of tagLists.flat()) {
    matches.push({ postId: tag.postId, productId: tag.productId, reason: 'tag', matchId: tag.id, variantId: tag.variantId, pin: { x: tag.x, y: tag.y }, order: `0${tag.updatedAt}` });
  }

  const byKey = new Map(allKeys.map((key, i) => [key, linkLists[i]!]));
  posts.forEach((post, i) => {
    for (const key of postKeys[i]!) {
      const products = byKey.get(key) ?? [];
      // A product read from the linked shop's page stands in only for a page no catalog knows.
      const catalogued = products.some((product) => product.sourceId !== LINKED_SOURCE_ID);
      for (const product of products) {
        const linked = product.sourceId === LINKED_SOURCE_ID;
        if (linked && catalogued) continue;
        const reason = linked ? 'linked' : 'link';
        matches.push({ postId: post.postId, productId: product.id, reason, matchId: `${reason}:${product.id}`, variantId: null, pin: null, order: '1' });
      }
    }
  });

  // The merchant behind each authored post, if its account is theirs and no other source claims
  // it too (catalog/claims.ts); then the title phrases of those merchants, from memory or read
  // (all at once), kept for the batch either way.
  const authorMerchant = new Map<PostRef, string>();
  let owners = cache.claims;
  if (merchants && !owners) {
    // Read in the transaction as a Dexie promise (awaiting a function of ours here could let it commit).
    const choices = anyContested(merchants) ? parseChoices((await db.meta.get(CHOICES_KEY))?.value) : new Map<string, string | null>();
    owners = captionOwners(merchants, choices);
    cache.keepClaims(stamp, owners);
  }
  for (const post of authored) {
    const merchantId = owners && captionOwner(owners, post.platform, post.author!);
    if (merchantId) authorMerchant.set(post, merchantId);
  }
  const titles = new Map<string, CaptionProduct[]>();
  await Promise.all(
    [...new Set(authorMerchant.values())].map(async (merchantId) => {
      let list = cache.captionProducts(merchantId);
      if (!list) {
        const products = await db.products.where('merchantId').equals(merchantId).toArray();
        list = products.map((product) => ({ id: product.id, phrases: titlePhrases(product.title) }));
        cache.keepCaptionProducts(stamp, merchantId, list);
      }
      titles.set(merchantId, list);
    }),
  );
  for (const [post, merchantId] of authorMerchant) {
    for (const product of titles.get(merchantId) ?? []) {
      if (captionNames(post.caption!, product.phrases)) {
        matches.push({ postId: post.postId, productId: product.id, reason: 'caption', matchId: `caption:${product.id}`, variantId: null, pin: null, order: '2' });
      }
    }
  }

  // Post ids are page data: a null-prototype object keeps "__proto__" or "constructor" an ordinary key.
  const result: PostOffers = Object.create(null) as PostOffers;
  for (const post of posts) result[post.postId] = [];
  if (matches.length === 0) return result;

  // Last round: the products (and their reviews) the cache does not hold.
  const offerBases = new Map<string, OfferBase>();
  const missing: string[] = [];
  for (const id of new Set(matches.map((m) => m.productId))) {
    const hit = cache.offer(id);
    if (hit) offerBases.set(id, hit);
    else missing.push(id);
  }
  const [products, reviews, merchantList] = await Promise.all([
    missing.length ? db.products.bulkGet(missing) : [],
    missing.length ? db.reviews.bulkGet(missing) : [],
    merchants ?? readMerchants(),
  ]);
  products.forEach((product, i) => {
    if (!product) return;
    const base = offerBase(product, reviews[i]);
    cache.keepOffer(stamp, base);
    offerBases.set(product.id, base);
  });
  const merchantName = new Map(merchantList.map((m) => [m.id, m.name]));

  // One button per product per post, for its best reason.
  const seen = new Set<string>();
  for (const match of matches.sort((a, b) => a.order.localeCompare(b.order))) {
    const base = offerBases.get(match.productId);
    const list = result[match.postId];
    const key = `${match.postId}|${match.productId}`;
    if (!base || !list || seen.has(key)) continue;
    seen.add(key);
    const { product, review } = base;
    const variant = pickVariant(product, match.variantId);
    list.push({
      matchId: match.matchId,
      reason: match.reason,
      productId: product.id,
      variantId: variant.id,
      title: product.title,
      merchantName: merchantName.get(product.merchantId) ?? '',
      priceMinor: variant.priceMinor,
      reduction: reductionOf(variant, now),
      currency: variant.currency,
      available: variant.available,
      rating: review && review.count > 0 ? review.rating : null,
      reviewCount: review?.count ?? 0,
      pin: match.pin,
    } satisfies PostOffer);
  }
  return result;
}

/** What the card shows of a variant's price over time, as plain data (never the stored bytes). */
export function variantPrice(row: HistoryRow | undefined, variant: StoredVariant, now: number): VariantPrice {
  const stored = variantHistory(row, variant.id);
  const facts = priceFacts(stored, variant, now);
  const chart = priceChart(stored, variant, now);
  return {
    variantId: variant.id,
    currency: facts.currency,
    priceMinor: facts.priceMinor,
    dataSince: facts.dataSince,
    claim: facts.claim,
    lowest30: facts.lowest30,
    typical: facts.typical,
    chart: chart && { width: chart.width, height: chart.height, start: chart.start, end: chart.end, path: chart.path, outOfStock: chart.outOfStock, low: chart.low, high: chart.high },
  };
}

/** Everything the product card shows. The excerpts favour recent, substantive reviews. */
export async function productCard(db: PostcartDB, productId: string, variantId: string | null, now = Date.now()): Promise<CardData | null> {
  const product = await db.products.get(productId);
  if (!product) return null;
  const [merchant, review, source, history, watches, extras] = await Promise.all([
    db.merchants.get(product.merchantId),
    db.reviews.get(productId),
    db.sources.get(product.sourceId),
    db.priceHistory.get(productId),
    productWatches(db, productId),
    // What reviewers say, how far to trust it, and the same item at other merchants.
    cardExtras(db, product),
  ]);
  const excerpts = [...(review?.items ?? [])]
    .sort((a, b) => b.date.localeCompare(a.date) || b.text.length - a.text.length)
    .slice(0, EXCERPTS_IN_CARD);
  const selected = pickVariant(product, variantId);
  return {
    product: {
      id: product.id,
      title: product.title,
      url: product.url,
      images: product.images,
      brand: product.brand,
      description: product.description,
    },
    merchant: { id: product.merchantId, name: merchant?.name ?? '' },
    // Which source the product came from, so a look-alike from another source can be told apart.
    source: { name: sourceName(source, product.sourceId), demo: product.sourceId === DEMO_SOURCE_ID },
    pricedAt: source?.lastRun?.ok ? source.lastRun.at : null,
    // The summaries stay in the background: the card gets the claim worked out for its variant.
    variants: product.variants.map(({ observed: _observed, ...variant }) => variant),
    selectedVariantId: selected.id,
    reviews: review ? { rating: review.rating, count: review.count, histogram: review.histogram, excerpts } : null,
    price: variantPrice(history, selected, now),
    watches,
    ...extras,
  };
}

/**
 * Catalog search for sellers, answered from the in-memory index of utils/search.ts (typo tolerant,
 * prefix while typing, SKU/GTIN exact first; built on the first search, kept fresh by Dexie's
 * storagemutated event). An empty query lists the first products by title. With `onlyMerchantIds`,
 * only those merchants' products (the seller's own, seller/tags.ts `sellerScope`).
 */
export async function searchCatalog(db: PostcartDB, query: string, onlyMerchantIds?: ReadonlySet<string>): Promise<SearchHit[]> {
  // Products read from linked shops are the shopper's, not the seller's catalog: never tagged.
  const results = (await catalogSearch(db).search(query, MAX_HITS, onlyMerchantIds)).filter((result) => result.product.sourceId !== LINKED_SOURCE_ID);
  const merchantIds = [...new Set(results.map((r) => r.product.merchantId))];
  const merchantName = new Map((await db.merchants.bulkGet(merchantIds)).filter((m) => m !== undefined).map((m) => [m.id, m.name]));
  return results.map(({ product, variantId }) => ({
    productId: product.id,
    title: product.title,
    merchantName: merchantName.get(product.merchantId) ?? '',
    brand: product.brand,
    image: product.images[0] ?? null,
    variants: product.variants.map(({ id, title, priceMinor, currency, sku }) => ({ id, title, priceMinor, currency, sku })),
    ...(variantId ? { variantId } : {}),
  }));
}
