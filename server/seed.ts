/**
 * Fills an empty database with demo data: the demo catalog the extension also bundles
 * (public/demo-catalog.json), then a merchant that takes orders through this server
 * (server/orders-demo.json, checkout kind orders-api), so `npm run server` has something to serve.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { Db } from './db';
import { lockCatalogWrites, upsertMerchant, upsertProduct, upsertReview, upsertTag } from './catalog';
import { createSellerToken, revokeSellerTokens } from './tokens';
import { feedSchemas, type FeedMerchant, type FeedProduct, type FeedReviewSummary, type FeedTag } from '../utils/catalog/model';
import { originOf } from '../utils/platform/urls';

export const DEMO_CATALOG_PATH = new URL('../public/demo-catalog.json', import.meta.url);
/** Harbor Goods: the orders-api demo merchant (not in the extension's bundled catalog). */
export const ORDERS_DEMO_PATH = new URL('./orders-demo.json', import.meta.url);
export const DEMO_FILES: readonly URL[] = [DEMO_CATALOG_PATH, ORDERS_DEMO_PATH];
export const DEMO_TOKEN_LABEL = 'demo';

export interface SeedCounts {
  merchants: number;
  products: number;
  reviews: number;
  tags: number;
}

interface DemoFile {
  merchants: FeedMerchant[];
  products: FeedProduct[];
  reviews: FeedReviewSummary[];
  tags: FeedTag[];
}

/**
 * Reads one demo file. Image paths in it are relative ("demo/images/x.svg"): they become absolute
 * URLs on this server (`base`), which serves public/demo/images. The files are ours: a bad record
 * is a bug to fix there, not to skip.
 */
async function readDemoFile(path: URL, base: string): Promise<DemoFile> {
  const raw: unknown = JSON.parse(await readFile(path, 'utf8'));
  const schemas = feedSchemas([originOf(new URL(base))]);
  const feed = z
    .object({
      merchants: z.array(schemas.FeedMerchant),
      products: z.array(z.unknown()),
      reviews: z.array(schemas.FeedReviewSummary),
      tags: z.array(schemas.FeedTag),
    })
    .parse(raw);
  // Product ids are namespaced "<merchantId>:..."; a colon in a merchant id would blur whose they are.
  for (const merchant of feed.merchants) if (merchant.id.includes(':')) throw new Error(`merchant id "${merchant.id}" must not contain ":"`);
  const products = feed.products.map((record) => {
    const product = z.object({ images: z.array(z.string()).default([]) }).loose().parse(record);
    return schemas.FeedProduct.parse({ ...product, images: product.images.map((image) => new URL(image, base).href) });
  });
  return { ...feed, products };
}

/**
 * Seeds the demo files into a database that holds nothing but demo data: an empty one gets them
 * all; one seeded before a file was added (an older server/.data) gets the missing file. A
 * database with any merchant of its own is left alone. Returns what was written, or null.
 */
export async function seedIfEmpty(db: Db, publicUrl: string, files: URL | readonly URL[] = DEMO_FILES): Promise<SeedCounts | null> {
  const base = publicUrl.endsWith('/') ? publicUrl : `${publicUrl}/`;
  const demos = await Promise.all((files instanceof URL ? [files] : files).map((path) => readDemoFile(path, base)));
  const demoMerchants = new Set(demos.flatMap((demo) => demo.merchants.map((merchant) => merchant.id)));

  return db.transaction(async (tx) => {
    await lockCatalogWrites(tx);
    // Checked under the lock: two servers starting on one empty database seed it once.
    const present = new Set((await tx.query<{ id: string }>('SELECT id FROM merchants')).map((row) => row.id));
    if ([...present].some((id) => !demoMerchants.has(id))) return null;
    const counts: SeedCounts = { merchants: 0, products: 0, reviews: 0, tags: 0 };
    for (const demo of demos) {
      if (demo.merchants.some((merchant) => present.has(merchant.id))) continue;
      const merchantOf = new Map(demo.products.map((product) => [product.id, product.merchantId]));
      for (const merchant of demo.merchants) await upsertMerchant(tx, merchant);
      for (const product of demo.products) await upsertProduct(tx, product);
      for (const review of demo.reviews) await upsertReview(tx, review);
      for (const tag of demo.tags) {
        const merchantId = merchantOf.get(tag.productId);
        if (!merchantId) throw new Error(`demo tag ${tag.id} points at unknown product ${tag.productId}`);
        await upsertTag(tx, tag, merchantId);
      }
      counts.merchants += demo.merchants.length;
      counts.products += demo.products.length;
      counts.reviews += demo.reviews.length;
      counts.tags += demo.tags.length;
    }
    return counts.merchants > 0 ? counts : null;
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
