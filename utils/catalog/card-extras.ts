/**
 * The parts of a product card that come from reading across the cache, computed in the background
 * and sent as plain data: what reviewers say and how far to trust it (the stored insights, see
 * insights/store.ts), and the same item at other merchants (same-item.ts over the `sameKeys`
 * index, plus title-similar products from the catalog search in small catalogs).
 */
import type { PostcartDB } from './db';
import { INSIGHT_LANGUAGES } from './insights/lexicons/types';
import { summarizerOptions, type ReviewInsights } from './insights/schema';
import { productInsights } from './insights/store';
import type { StoredProduct } from './model';
import { findSameItems } from './same-item';
import { productSameKeys } from './same-keys';
import { catalogSearch } from './search/live';
import type { CardData, CardInsights, CardSameItem } from '../platform/messages';

/** Products sharing a key that one card reads at most (a GTIN a thousand shops list is still one item). */
export const MAX_SAME_ITEM_CANDIDATES = 200;
/** Title-similar candidates come from the catalog search, whose index is built on first use: only in catalogs up to this size. */
export const SIMILAR_SEARCH_MAX_PRODUCTS = 2000;
const SIMILAR_HITS = 20;
/** Variants of one product priced against other merchants (each has its own GTIN and price). */
const MAX_VARIANTS_COMPARED = 100;

/** The insights as the card shows them: sentences and chips, flagged trust findings first. */
export function cardInsights(insights: ReviewInsights): CardInsights {
  const { trust, method } = insights;
  const signals: CardInsights['trust'] = [
    { signal: 'sample', flag: trust.sample.flag, finding: trust.sample.finding },
    { signal: 'verified', flag: trust.verified.flag, finding: trust.verified.finding },
    { signal: 'incentivized', flag: trust.incentivized.flag, finding: trust.incentivized.finding },
    ...(trust.incentivized.collectionFinding ? [{ signal: 'collection', flag: false, finding: trust.incentivized.collectionFinding }] : []),
    { signal: 'duplicates', flag: trust.duplicates.flag, finding: trust.duplicates.finding },
    { signal: 'bursts', flag: trust.bursts.flag, finding: trust.bursts.finding },
    { signal: 'distribution', flag: trust.distribution.flag, finding: trust.distribution.finding },
  ];
  // The language most of the analysed reviews are in (ties: the UI languages' order).
  let language: (typeof INSIGHT_LANGUAGES)[number] | null = null;
  for (const candidate of INSIGHT_LANGUAGES) {
    if ((method.languages[candidate] ?? 0) > (language ? (method.languages[language] ?? 0) : 0)) language = candidate;
  }
  return {
    method: method.finding,
    otherLanguages: method.otherLanguages,
    analysed: method.analysed,
    chips: insights.chips,
    // Array.prototype.sort is stable: flagged findings first, each group in the order above.
    trust: signals.sort((a, b) => Number(b.flag) - Number(a.flag)),
    ai: language ? { language, options: summarizerOptions(language) } : null,
  };
}

type KeyedProduct = StoredProduct & { sameKeys?: string[] };

/** Other merchants' products that may be the same item: by shared keys, and by title in small catalogs. */
async function sameItemCandidates(db: PostcartDB, product: KeyedProduct): Promise<StoredProduct[]> {
  const keys = product.sameKeys ?? productSameKeys(product);
  const [byKey, byTitle] = await Promise.all([
    keys.length ? db.products.where('sameKeys').anyOf(keys).distinct().limit(MAX_SAME_ITEM_CANDIDATES).toArray() : [],
    similarByTitle(db, product),
  ]);
  const found = new Map<string, StoredProduct>();
  for (const candidate of [...byKey, ...byTitle]) {
    if (candidate.merchantId !== product.merchantId) found.set(candidate.id, candidate);
  }
  return [...found.values()];
}

async function similarByTitle(db: PostcartDB, product: StoredProduct): Promise<StoredProduct[]> {
  // Reading up to the limit's keys is bounded; counting a large table is not (IndexedDB walks it).
  const sample = await db.products.orderBy(':id').limit(SIMILAR_SEARCH_MAX_PRODUCTS + 1).primaryKeys();
  if (sample.length > SIMILAR_SEARCH_MAX_PRODUCTS) return [];
  return (await catalogSearch(db).search(product.title, SIMILAR_HITS)).map((hit) => hit.product);
}

/** Cheaper offers at other merchants for each variant of the product (offers exist only in the product's own currency today: no exchange rates are held). */
export async function sameItemsFor(db: PostcartDB, product: KeyedProduct): Promise<CardData['sameItems']> {
  const candidates = await sameItemCandidates(db, product);
  if (candidates.length === 0) return {};
  const merchantIds = [...new Set(candidates.map((c) => c.merchantId))];
  const names = new Map((await db.merchants.bulkGet(merchantIds)).flatMap((m) => (m ? [[m.id, m.name] as const] : [])));
  const out: CardData['sameItems'] = {};
  for (const variant of product.variants.slice(0, MAX_VARIANTS_COMPARED)) {
    const offers = findSameItems(product, variant.id, candidates);
    if (offers.length === 0) continue;
    out[variant.id] = offers.map(({ matchedBy: _matchedBy, ...offer }): CardSameItem => ({ ...offer, merchantName: names.get(offer.merchantId) ?? '' }));
  }
  return out;
}

/** The card's insights and same-item offers for a product (a card of a product without reviews has no insights). */
export async function cardExtras(db: PostcartDB, product: KeyedProduct): Promise<Pick<CardData, 'insights' | 'sameItems'>> {
  const [insights, sameItems] = await Promise.all([productInsights(db, product.id), sameItemsFor(db, product)]);
  return { insights: insights ? cardInsights(insights) : null, sameItems };
}
