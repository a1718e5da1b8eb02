/**
 * Applying one parsed page to the cache: the page's records and the source's new cursor commit in
 * one transaction, so a worker stopped at any moment resumes where it was.
 */
import type { PostcartDB } from '../catalog/db';
import { reason } from '../platform/errors';
import { countReasons, type ParsedFeed, type SkippedRecord } from './records';
import type { SourceState } from './source';

export interface ApplyResult {
  applied: number;
  skipped: SkippedRecord[];
}

/**
 * Writes one parsed page and the source's new cursor in a single transaction. Records that point
 * at a merchant or product neither in this page nor in the cache are skipped with a reason.
 * `cursor` is what the source's next run starts from (the feed's own cursor unless the caller
 * knows better, e.g. null when a full pass is complete).
 */
export async function applyFeed(db: PostcartDB, source: SourceState, feed: ParsedFeed, now = Date.now(), cursor: string | null = feed.cursor): Promise<ApplyResult> {
  return db.transaction('rw', [db.merchants, db.products, db.reviews, db.tags, db.sources, db.outbox], async () => {
    const skipped = [...feed.skipped];
    const merchantIds = new Set(feed.merchants.map((m) => m.id));
    const missingMerchants = [...new Set(feed.products.map((p) => p.merchantId))].filter((id) => !merchantIds.has(id));
    for (const [i, row] of (await db.merchants.bulkGet(missingMerchants)).entries()) {
      if (row) merchantIds.add(missingMerchants[i]!);
    }
    const products = feed.products.filter((product, index) => {
      if (merchantIds.has(product.merchantId)) return true;
      skipped.push({ kind: 'products', index, id: product.id, path: 'merchantId', reason: reason('skipUnknownMerchant') });
      return false;
    });

    const productIds = new Set(products.map((p) => p.id));
    const referenced = [...new Set([...feed.reviews.map((r) => r.productId), ...feed.tags.map((t) => t.productId)])];
    const unknown = referenced.filter((id) => !productIds.has(id));
    for (const [i, row] of (await db.products.bulkGet(unknown)).entries()) {
      if (row) productIds.add(unknown[i]!);
    }
    const reviews = feed.reviews.filter((review, index) => {
      if (productIds.has(review.productId)) return true;
      skipped.push({ kind: 'reviews', index, id: review.productId, path: 'productId', reason: reason('skipUnknownProduct') });
      return false;
    });
    const tags = feed.tags.filter((tag, index) => {
      if (productIds.has(tag.productId)) return true;
      skipped.push({ kind: 'tags', index, id: tag.id, path: 'productId', reason: reason('skipUnknownProduct') });
      return false;
    });

    // A tag the seller changed here and has not published yet keeps the seller's version: the
    // publisher settles it with the server (applied, or replaced by the server's on a conflict).
    const tagIds = [...tags.map((tag) => tag.id), ...feed.deleted.tags];
    const unpublished = new Set(tagIds.length ? (await db.outbox.bulkGet(tagIds)).flatMap((row) => (row ? [row.tagId] : [])) : []);

    await db.merchants.bulkPut(feed.merchants);
    await db.products.bulkPut(products);
    await db.reviews.bulkPut(reviews);
    await db.tags.bulkPut(unpublished.size ? tags.filter((tag) => !unpublished.has(tag.id)) : tags);
    if (feed.deleted.products.length) {
      await db.products.bulkDelete(feed.deleted.products);
      await db.reviews.bulkDelete(feed.deleted.products);
      await db.tags.where('productId').anyOf(feed.deleted.products).delete();
    }
    if (feed.deleted.tags.length) await db.tags.bulkDelete(feed.deleted.tags.filter((id) => !unpublished.has(id)));

    const applied = feed.merchants.length + products.length + reviews.length + tags.length;
    // The seller connection is not the sync's: one made or removed while this run went on stays as it is.
    const stored = await db.sources.get(source.id);
    await db.sources.put({
      ...source,
      seller: stored ? stored.seller : source.seller,
      cursor,
      lastRun: { at: now, applied, skipped: skipped.length, reasons: countReasons(skipped), bytes: 0, ok: true, note: null },
    });
    return { applied, skipped };
  });
}

