/**
 * Applying one parsed page to the cache: the page's records and the source's new cursor commit in
 * one transaction, so a worker stopped at any moment resumes where it was. A source writes and
 * deletes only records that are new or its own (sync/ownership.ts); the rest is skipped with the
 * owner's name.
 */
import type { PostcartDB } from '../catalog/db';
import type { StoredTag } from '../catalog/model';
import { reason, type Reason } from '../platform/errors';
import { LOCAL_OWNER, mayWrite, sourceName } from './ownership';
import { countReasons, type ParsedFeed, type RecordKind, type SkippedRecord } from './records';
import { forgetPrices, readPrices, recordPrices, type RecordOptions } from '../catalog/price-record';
import { dropInsights, markInsightsStale } from '../catalog/insights/store';
import type { SourceState } from './source';

export interface ApplyResult {
  applied: number;
  skipped: SkippedRecord[];
  /** Sources owning records this page also sent (refused). */
  refusedBy: string[];
}

export interface ApplyOptions extends RecordOptions {
  /** Records price history with the products (default). Off only to measure what it costs (tests/bench/sync.bench.ts). */
  history?: boolean;
}

/**
 * Writes one parsed page and the source's new cursor in a single transaction. Records that point
 * at a merchant or product neither in this page nor in the cache are skipped with a reason, and so
 * are records (and deletions) of ids another source owns. `cursor` is what the source's next run
 * starts from (the feed's own cursor unless the caller knows better, e.g. null when a full pass is
 * complete).
 */
export async function applyFeed(
  db: PostcartDB,
  source: SourceState,
  feed: ParsedFeed,
  now = Date.now(),
  cursor: string | null = feed.cursor,
  options: ApplyOptions = {},
): Promise<ApplyResult> {
  return db.transaction('rw', [db.merchants, db.products, db.reviews, db.tags, db.sources, db.outbox, db.priceHistory, db.insights], async () => {
    const me = source.id;
    const skipped = [...feed.skipped];
    const refusedBy = new Set<string>();
    const names = new Map<string, string>();
    const ownerName = async (owner: string) => {
      if (!names.has(owner)) names.set(owner, sourceName(await db.sources.get(owner), owner));
      return names.get(owner)!;
    };
    const refusals: { kind: RecordKind; index: number; id: string; path: string; owner: string }[] = [];
    const refuse = (kind: RecordKind, index: number, id: string, path: string, owner: string) => {
      refusedBy.add(owner);
      refusals.push({ kind, index, id, path, owner });
    };

    // The rows already there for every id the page names, with who owns them.
    const tagIds = [...feed.tags.map((tag) => tag.id), ...feed.deleted.tags];
    const productIds = [...new Set([...feed.products.map((p) => p.id), ...feed.deleted.products])];
    const [merchantRows, productRows, reviewRows, tagRows] = await Promise.all([
      db.merchants.bulkGet([...new Set([...feed.merchants.map((m) => m.id), ...feed.products.map((p) => p.merchantId)])]),
      db.products.bulkGet(productIds),
      db.reviews.bulkGet([...new Set([...feed.reviews.map((r) => r.productId), ...feed.deleted.products])]),
      db.tags.bulkGet(tagIds),
    ]);
    const merchantOwner = new Map(merchantRows.flatMap((row) => (row ? [[row.id, row.sourceId] as const] : [])));
    const productOwner = new Map(productRows.flatMap((row) => (row ? [[row.id, row.sourceId] as const] : [])));
    const reviewOwner = new Map(reviewRows.flatMap((row) => (row ? [[row.productId, row.sourceId] as const] : [])));
    const tagRow = new Map(tagRows.flatMap((row) => (row ? [[row.id, row] as const] : [])));

    const merchants = feed.merchants.filter((merchant, index) => {
      const owner = merchantOwner.get(merchant.id);
      if (mayWrite(owner, me)) return true;
      refuse('merchants', index, merchant.id, '', owner!);
      return false;
    });
    // Products go only under a merchant this source brought (in this page or before).
    const ownMerchants = new Set(merchants.map((m) => m.id));
    for (const [id, owner] of merchantOwner) if (owner === me) ownMerchants.add(id);
    const products = feed.products.filter((product, index) => {
      const owner = productOwner.get(product.id);
      if (!mayWrite(owner, me)) {
        refuse('products', index, product.id, '', owner!);
        return false;
      }
      if (ownMerchants.has(product.merchantId)) return true;
      const merchantOwnedBy = merchantOwner.get(product.merchantId);
      if (merchantOwnedBy !== undefined) refuse('products', index, product.id, 'merchantId', merchantOwnedBy);
      else skipped.push({ kind: 'products', index, id: product.id, path: 'merchantId', reason: reason('skipUnknownMerchant') });
      return false;
    });

    // Reviews and tags may name any source's product (a reviews feed reviews a shop's products).
    const knownProducts = new Set([...products.map((p) => p.id), ...productOwner.keys()]);
    const unknown = [...new Set([...feed.reviews.map((r) => r.productId), ...feed.tags.map((t) => t.productId)])].filter((id) => !knownProducts.has(id));
    for (const [i, row] of (await db.products.bulkGet(unknown)).entries()) {
      if (row) knownProducts.add(unknown[i]!);
    }
    const reviews = feed.reviews.filter((review, index) => {
      const owner = reviewOwner.get(review.productId);
      if (!mayWrite(owner, me)) {
        refuse('reviews', index, review.productId, '', owner!);
        return false;
      }
      if (knownProducts.has(review.productId)) return true;
      skipped.push({ kind: 'reviews', index, id: review.productId, path: 'productId', reason: reason('skipUnknownProduct') });
      return false;
    });
    // A tag placed in this browser belongs to its product's source until that source sends it back.
    const localTagOwners = await tagOwners(db, [...tagRow.values()].filter((tag) => tag.sourceId === LOCAL_OWNER));
    const ownerOfTag = (id: string) => {
      const row = tagRow.get(id);
      return row?.sourceId === LOCAL_OWNER ? localTagOwners.get(id) : row?.sourceId;
    };
    const tags = feed.tags.filter((tag, index) => {
      const owner = ownerOfTag(tag.id);
      if (!mayWrite(owner, me)) {
        refuse('tags', index, tag.id, '', owner!);
        return false;
      }
      if (knownProducts.has(tag.productId)) return true;
      skipped.push({ kind: 'tags', index, id: tag.id, path: 'productId', reason: reason('skipUnknownProduct') });
      return false;
    });

    // Deletions: only of this source's own records; a product's reviews and tags go with it only when they are its too.
    const deletedProducts = feed.deleted.products.filter((id, index) => {
      const owner = productOwner.get(id);
      if (owner === undefined || owner === me) return owner !== undefined;
      refuse('products', index, id, 'deleted', owner);
      return false;
    });
    const deletedTags = feed.deleted.tags.filter((id, index) => {
      const owner = ownerOfTag(id);
      if (owner === undefined || owner === me) return owner !== undefined;
      refuse('tags', index, id, 'deleted', owner);
      return false;
    });

    // A tag the seller changed here and has not published yet keeps the seller's version: the
    // publisher settles it with the server (applied, or replaced by the server's on a conflict).
    const pending = [...tags.map((tag) => tag.id), ...deletedTags];
    const unpublished = new Set(pending.length ? (await db.outbox.bulkGet(pending)).flatMap((row) => (row ? [row.tagId] : [])) : []);

    // Price history first: the stored products carry what it observed of their prices. (Writes
    // stay one store after another: sent together they measured slower in Chromium.)
    const recorded = options.history === false ? null : recordPrices(products, await readPrices(db, products.map((p) => p.id)), now, options);
    await db.merchants.bulkPut(merchants);
    await db.products.bulkPut(recorded?.products ?? products);
    if (recorded?.rows.length) await db.priceHistory.bulkPut(recorded.rows);
    await db.reviews.bulkPut(reviews);
    await db.tags.bulkPut(unpublished.size ? tags.filter((tag) => !unpublished.has(tag.id)) : tags);
    // Insights read a product's title and reviews: written ones are looked at again on the next card open.
    await markInsightsStale(db, [...new Set([...products.map((p) => p.id), ...reviews.map((r) => r.productId)])]);
    if (deletedProducts.length) {
      await db.products.bulkDelete(deletedProducts);
      await db.reviews.bulkDelete(deletedProducts.filter((id) => reviewOwner.get(id) === me));
      await db.tags.where('productId').anyOf(deletedProducts).filter((tag) => tag.sourceId === me).delete();
      await forgetPrices(db, deletedProducts);
      await dropInsights(db, deletedProducts);
    }
    if (deletedTags.length) await db.tags.bulkDelete(deletedTags.filter((id) => !unpublished.has(id)));

    for (const { kind, index, id, path, owner } of refusals) {
      skipped.push({ kind, index, id, path, reason: reason('skipOwnedByOtherSource', await ownerName(owner)) satisfies Reason });
    }
    const applied = merchants.length + products.length + reviews.length + tags.length;
    const refused = [...refusedBy];
    // The seller connection is not the sync's: one made or removed while this run went on stays as it is.
    const stored = await db.sources.get(source.id);
    await db.sources.put({
      ...source,
      seller: stored ? stored.seller : source.seller,
      cursor,
      refusedBy: [...new Set([...(source.refusedBy ?? []), ...refused])],
      lastRun: { at: now, applied, skipped: skipped.length, reasons: countReasons(skipped), bytes: 0, ok: true, note: null },
    });
    return { applied, skipped, refusedBy: refused };
  });
}

/** The source each local tag's product comes from (where it is published and comes back from). */
async function tagOwners(db: PostcartDB, local: StoredTag[]): Promise<Map<string, string>> {
  if (local.length === 0) return new Map();
  const products = await db.products.bulkGet(local.map((tag) => tag.productId));
  return new Map(local.flatMap((tag, i) => (products[i] ? [[tag.id, products[i].sourceId] as const] : [])));
}
