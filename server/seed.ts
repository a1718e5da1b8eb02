/**
 * Fills an empty database with the demo catalog the extension also bundles
 * (public/demo-catalog.json), so `npm run server` has something to serve.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { Db } from './db';
import { lockCatalogWrites, upsertMerchant, upsertProduct, upsertReview, upsertTag } from './catalog';
import { createSellerToken, revokeSellerTokens } from './tokens';
import { feedSchemas, originOf } from '../utils/model';

export const DEMO_CATALOG_PATH = new URL('../public/demo-catalog.json', import.meta.url);
export const DEMO_TOKEN_LABEL = 'demo';

export interface SeedCounts {
  merchants: number;
  products: number;
  reviews: number;
  tags: number;
}

/**
 * Seeds the catalog if it has no merchants yet; returns what it wrote, or null when there was data
 * already. Image paths in the demo file are relative ("demo/images/x.svg"): they become absolute
 * URLs on this server (`publicUrl`), which serves public/demo/images.
 */
export async function seedIfEmpty(db: Db, publicUrl: string, catalogPath: URL = DEMO_CATALOG_PATH): Promise<SeedCounts | null> {
  const raw: unknown = JSON.parse(await readFile(catalogPath, 'utf8'));
  const base = publicUrl.endsWith('/') ? publicUrl : `${publicUrl}/`;
  const schemas = feedSchemas([originOf(new URL(base))]);
  // The demo file is ours: a bad record is a bug to fix there, not to skip.
  const feed = z
    .object({
      merchants: z.array(schemas.FeedMerchant),
      products: z.array(z.unknown()),
      reviews: z.array(schemas.FeedReviewSummary),
      tags: z.array(schemas.FeedTag),
    })
    .parse(raw);
  const products = feed.products.map((record) => {
    const product = z.object({ images: z.array(z.string()).default([]) }).loose().parse(record);
    return schemas.FeedProduct.parse({ ...product, images: product.images.map((image) => new URL(image, base).href) });
  });
  const merchantOf = new Map(products.map((product) => [product.id, product.merchantId]));

  return db.transaction(async (tx) => {
    await lockCatalogWrites(tx);
    // Checked under the lock: two servers starting on one empty database seed it once.
    const [{ count } = { count: 0 }] = await tx.query<{ count: number }>('SELECT count(*)::int AS count FROM merchants');
    if (count > 0) return null;
    for (const merchant of feed.merchants) await upsertMerchant(tx, merchant);
    for (const product of products) await upsertProduct(tx, product);
    for (const review of feed.reviews) await upsertReview(tx, review);
    for (const tag of feed.tags) {
      const merchantId = merchantOf.get(tag.productId);
      if (!merchantId) throw new Error(`demo tag ${tag.id} points at unknown product ${tag.productId}`);
      await upsertTag(tx, tag, merchantId);
    }
    return { merchants: feed.merchants.length, products: products.length, reviews: feed.reviews.length, tags: feed.tags.length };
  });
}

/**
 * Replaces the demo seller tokens with one fresh token per merchant and returns them. Only hashes
 * are stored, so printing them at start is the only way to hand them out.
 */
export async function issueDemoTokens(db: Db): Promise<Map<string, string>> {
  return db.transaction(async (tx) => {
    await revokeSellerTokens(tx, DEMO_TOKEN_LABEL);
    const merchants = await tx.query<{ id: string }>('SELECT id FROM merchants ORDER BY id');
    const tokens = new Map<string, string>();
    for (const { id } of merchants) tokens.set(id, await createSellerToken(tx, id, DEMO_TOKEN_LABEL));
    return tokens;
  });
}
