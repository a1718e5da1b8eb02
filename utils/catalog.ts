/**
 * Read side of the cache: what the overlay asks for (offers per post, product cards, catalog
 * search). Everything is answered from IndexedDB, never from the network.
 */
import type { PostcartDB } from './db';
import type { CardData, LookupResult, PostOffer, SearchHit } from './messages';
import type { PostRef, StoredProduct, StoredVariant } from './model';

const EXCERPTS_IN_CARD = 3;

function pickVariant(product: StoredProduct, variantId: string | null): StoredVariant {
  const wanted = variantId ? product.variants.find((v) => v.id === variantId) : undefined;
  // Prefer what the seller tagged; else the first one in stock; else the first.
  return wanted ?? product.variants.find((v) => v.available) ?? product.variants[0]!;
}

/** Offers for a batch of posts: one indexed query for all of them, then bulk reads. */
export async function lookupPosts(db: PostcartDB, posts: PostRef[]): Promise<LookupResult> {
  const keys = posts.map((post) => [post.platform, post.postId] as [string, string]);
  const tags = await db.tags.where('[platform+postId]').anyOf(keys).toArray();
  const result: LookupResult = {};
  for (const post of posts) result[post.postId] = [];
  if (tags.length === 0) return result;

  const productIds = [...new Set(tags.map((tag) => tag.productId))];
  const [products, reviews] = await Promise.all([db.products.bulkGet(productIds), db.reviews.bulkGet(productIds)]);
  const productById = new Map(products.filter((p) => p !== undefined).map((p) => [p.id, p]));
  const reviewById = new Map(reviews.filter((r) => r !== undefined).map((r) => [r.productId, r]));
  const merchantIds = [...new Set([...productById.values()].map((p) => p.merchantId))];
  const merchants = await db.merchants.bulkGet(merchantIds);
  const merchantName = new Map(merchants.filter((m) => m !== undefined).map((m) => [m.id, m.name]));

  // Several tags of one product on one post (a retag from two sources) show one button.
  const seen = new Set<string>();
  for (const tag of tags.sort((a, b) => a.updatedAt.localeCompare(b.updatedAt))) {
    const product = productById.get(tag.productId);
    const list = result[tag.postId];
    if (!product || !list || seen.has(`${tag.postId}|${product.id}`)) continue;
    seen.add(`${tag.postId}|${product.id}`);
    const variant = pickVariant(product, tag.variantId);
    const review = reviewById.get(product.id);
    const offer: PostOffer = {
      tagId: tag.id,
      productId: product.id,
      variantId: variant.id,
      title: product.title,
      merchantName: merchantName.get(product.merchantId) ?? '',
      priceMinor: variant.priceMinor,
      compareAtMinor: variant.compareAtMinor,
      currency: variant.currency,
      available: variant.available,
      rating: review && review.count > 0 ? review.rating : null,
      reviewCount: review?.count ?? 0,
      x: tag.x,
      y: tag.y,
    };
    list.push(offer);
  }
  return result;
}

/** Everything the product card shows. The excerpts favour recent, substantive reviews. */
export async function productCard(db: PostcartDB, productId: string, variantId: string | null): Promise<CardData | null> {
  const product = await db.products.get(productId);
  if (!product) return null;
  const [merchant, review] = await Promise.all([db.merchants.get(product.merchantId), db.reviews.get(productId)]);
  const excerpts = [...(review?.items ?? [])]
    .sort((a, b) => b.date.localeCompare(a.date) || b.text.length - a.text.length)
    .slice(0, EXCERPTS_IN_CARD);
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
    variants: product.variants,
    selectedVariantId: pickVariant(product, variantId).id,
    reviews: review ? { rating: review.rating, count: review.count, histogram: review.histogram, excerpts } : null,
  };
}

function normalize(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

const MAX_HITS = 20;

/**
 * Catalog search for sellers: every query word must appear in the title, brand, SKU or variant
 * titles; title hits and word starts rank higher. Good enough for a few thousand products; the
 * 100,000-product index with typo tolerance is a later step.
 */
export async function searchCatalog(db: PostcartDB, query: string): Promise<SearchHit[]> {
  const words = normalize(query).split(/\s+/).filter(Boolean);
  const [products, merchants] = await Promise.all([db.products.toArray(), db.merchants.toArray()]);
  const merchantName = new Map(merchants.map((m) => [m.id, m.name]));
  const scored: { score: number; product: StoredProduct }[] = [];
  for (const product of products) {
    const title = normalize(product.title);
    const rest = normalize(
      [product.brand ?? '', merchantName.get(product.merchantId) ?? '', ...product.variants.flatMap((v) => [v.title, v.sku ?? ''])].join(' '),
    );
    let score = 0;
    let all = true;
    for (const word of words) {
      const inTitle = title.indexOf(word);
      if (inTitle >= 0) score += inTitle === 0 || title[inTitle - 1] === ' ' ? 3 : 2;
      else if (rest.includes(word)) score += 1;
      else {
        all = false;
        break;
      }
    }
    if (all) scored.push({ score, product });
  }
  scored.sort((a, b) => b.score - a.score || a.product.title.localeCompare(b.product.title));
  return scored.slice(0, MAX_HITS).map(({ product }) => ({
    productId: product.id,
    title: product.title,
    merchantName: merchantName.get(product.merchantId) ?? '',
    brand: product.brand,
    image: product.images[0] ?? null,
    variants: product.variants.map(({ id, title, priceMinor, currency, sku }) => ({ id, title, priceMinor, currency, sku })),
  }));
}
