/**
 * Seller writes: POST /v1/products, /v1/reviews, /v1/tags with `{ ops: [{ op, <kind>: record }] }`.
 *
 * - Every record is validated with the feed schemas of utils/model.ts (the same ones clients use),
 *   so the server never publishes what a client would skip.
 * - A request is all or nothing: one transaction; any bad op rolls every op back.
 * - A seller writes only records of its own merchant (the token's), in its own namespace: product
 *   ids start with "<merchantId>:", and so do review ids (their product's). Tag ids either carry
 *   the merchant's namespace or none (the extension makes "t-<uuid>"), and an un-namespaced id
 *   stays with the merchant that first wrote it. Deleted ids stay with their merchant too (by
 *   their tombstone), so nobody can take over an id another merchant deleted.
 * - Replays are harmless: an upsert equal to the stored record and a delete of a deleted record
 *   change nothing and keep the record's version.
 * - Tags are last-writer-wins by server version. A tag op may name the version it started from
 *   (`baseVersion`, null for "I have never seen this tag"); when the server holds a newer version
 *   the op is not applied and its result is a conflict carrying the server's tag. Without
 *   baseVersion an op writes blindly. The check runs under the catalog write lock, so of two
 *   writers starting from the same version exactly one wins.
 */
import { z } from 'zod';
import type { Db, Queryable } from './db';
import {
  TAG_COLUMNS,
  clearReview,
  deleteProduct,
  deleteTag,
  lockCatalogWrites,
  tagRecord,
  tombstoneOwner,
  tombstoneVersion,
  upsertProduct,
  upsertReview,
  upsertTag,
  type StoredVariantJson,
  type TagRow,
  type WriteResult,
} from './catalog';
import { errorInWords, HttpError, type Problem, zodProblems } from './http';
import { Id, feedSchemas, type FeedProduct, type FeedReviewSummary, type FeedTag } from '../utils/catalog/model';
import { parseDecimal } from '../utils/platform/money';

export const MAX_OPS = 1000;

export type ProductOp = { op: 'upsert'; product: FeedProduct } | { op: 'delete'; product: { id: string } };
export type ReviewOp = { op: 'upsert'; review: FeedReviewSummary } | { op: 'delete'; review: { productId: string } };
/** `baseVersion`: the tag's server version the seller's edit started from (null: never seen it). */
export type TagOp = ({ op: 'upsert'; tag: FeedTag } | { op: 'delete'; tag: { id: string } }) & { baseVersion?: number | null | undefined };

export interface OpResult {
  index: number;
  op: 'upsert' | 'delete';
  id: string;
  /** The record's seq after this request; null when it never existed. */
  version: number | null;
  changed: boolean;
  /** Tags only: true when the server had a newer version than the op's baseVersion (not applied). */
  conflict?: boolean;
  /** With a conflict: the server's tag as it is now (with its version), or null when it is deleted. */
  current?: FeedTag | null;
}

/**
 * Prices must also be exact in their currency ("12.345" USD, "3200.5" JPY are refused): clients
 * convert to minor units and would otherwise skip the product. Runs only on an otherwise valid
 * record, so a malformed price is reported once, by the schema.
 */
function checkPrices(product: FeedProduct, ctx: z.RefinementCtx): void {
  product.variants.forEach((variant, index) => {
    for (const field of ['price', 'compareAtPrice'] as const) {
      const value = variant[field];
      if (value === null || value === undefined) continue;
      try {
        parseDecimal(value, variant.currency);
      } catch (error) {
        ctx.addIssue({ code: 'custom', path: ['variants', index, field], message: errorInWords(error) });
      }
    }
  });
  const ids = new Set(product.variants.map((variant) => variant.id));
  if (ids.size !== product.variants.length) ctx.addIssue({ code: 'custom', path: ['variants'], message: 'variant ids must be unique' });
}

/** Op schemas per kind. `allowedOrigins` lets records point at this server's own images (http). */
export function opSchemas(allowedOrigins: readonly string[]) {
  const feed = feedSchemas(allowedOrigins);
  // A delete needs only the key; the full record may be sent too (extra fields are ignored).
  const products: z.ZodType<ProductOp> = z.discriminatedUnion('op', [
    z.object({ op: z.literal('upsert'), product: feed.FeedProduct.superRefine(checkPrices, { when: (payload) => payload.issues.length === 0 }) }),
    z.object({ op: z.literal('delete'), product: z.object({ id: Id }) }),
  ]);
  const reviews: z.ZodType<ReviewOp> = z.discriminatedUnion('op', [
    z.object({ op: z.literal('upsert'), review: feed.FeedReviewSummary }),
    z.object({ op: z.literal('delete'), review: z.object({ productId: Id }) }),
  ]);
  const baseVersion = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).nullable().optional();
  const tags: z.ZodType<TagOp> = z.discriminatedUnion('op', [
    z.object({ op: z.literal('upsert'), tag: feed.FeedTag, baseVersion }),
    z.object({ op: z.literal('delete'), tag: z.object({ id: Id }), baseVersion }),
  ]);
  return { products, reviews, tags };
}

const Envelope = z.object({ ops: z.array(z.unknown()).min(1).max(MAX_OPS) });

/** Validates a request body: every op is checked, so the answer lists every bad op at once. */
export function parseOps<T>(body: unknown, schema: z.ZodType<T>): T[] {
  const envelope = Envelope.safeParse(body);
  if (!envelope.success) throw new HttpError(400, 'body must be { "ops": [...] } with 1 to 1000 ops', zodProblems(envelope.error));
  const ops: T[] = [];
  const problems: Problem[] = [];
  envelope.data.ops.forEach((raw, index) => {
    const parsed = schema.safeParse(raw);
    if (parsed.success) ops.push(parsed.data);
    else problems.push(...zodProblems(parsed.error, index));
  });
  if (problems.length > 0) throw new HttpError(400, 'invalid records; nothing was written', problems);
  return ops;
}

/** Ops refused once the database was consulted (ownership, references). Rolls the transaction back. */
class Refused extends Error {
  constructor(readonly problems: (Problem & { status: 400 | 403 })[]) {
    super('refused');
  }
}

interface ProductOwner extends Record<string, unknown> {
  merchant_id: string;
  variants: StoredVariantJson[];
}

/** What applying one op came to: a write (plus kind-specific result fields), or a refusal with its status. */
type Outcome = { id: string; result: WriteResult; extra?: Pick<OpResult, 'conflict' | 'current'> } | { refused: string; status: 400 | 403 };
type Applier<T> = (tx: Queryable, merchantId: string, op: T) => Promise<Outcome>;

/** Applies validated ops for `merchantId` in one transaction; all succeed or none do. */
export async function applyOps<T extends { op: 'upsert' | 'delete' }>(db: Db, merchantId: string, ops: T[], apply: Applier<T>): Promise<OpResult[]> {
  try {
    return await db.transaction(async (tx) => {
      await lockCatalogWrites(tx);
      const results: OpResult[] = [];
      const refused: (Problem & { status: 400 | 403 })[] = [];
      for (const [index, op] of ops.entries()) {
        const outcome = await apply(tx, merchantId, op);
        if ('refused' in outcome) refused.push({ index, status: outcome.status, message: outcome.refused });
        else results.push({ index, op: op.op, id: outcome.id, ...outcome.result, ...outcome.extra });
      }
      if (refused.length > 0) throw new Refused(refused);
      return results;
    });
  } catch (error) {
    if (!(error instanceof Refused)) throw error;
    const forbidden = error.problems.some((problem) => problem.status === 403);
    throw new HttpError(
      forbidden ? 403 : 400,
      forbidden ? "records of another merchant can't be written with this token; nothing was written" : 'invalid records; nothing was written',
      error.problems.map(({ index, message }) => ({ index, message })),
    );
  }
}

async function productOwner(tx: Queryable, productId: string): Promise<ProductOwner | undefined> {
  // FOR UPDATE: the row can't change owner between this check and our write.
  const [row] = await tx.query<ProductOwner>('SELECT merchant_id, variants FROM products WHERE id = $1 FOR UPDATE', [productId]);
  return row;
}

const notYours = (what: string): Outcome => ({ refused: `${what} belongs to another merchant`, status: 403 });
const unknownProduct = (id: string): Outcome => ({ refused: `productId: unknown product "${id}"`, status: 400 });

/**
 * Whether `id` may be written by `merchantId` as far as its namespace goes: null when it may, or
 * the refusal. `namespaceRequired`: products and reviews must carry "<merchantId>:"; tags only
 * must not carry anyone else's.
 */
function namespaceRefusal(id: string, merchantId: string, what: string, namespaceRequired: boolean): Outcome | null {
  const prefix = `${merchantId}:`;
  if (id.startsWith(prefix)) return id.length > prefix.length ? null : { refused: `${what} id "${id}" needs something after "${prefix}"`, status: 400 };
  if (namespaceRequired || id.includes(':')) return { refused: `${what} id "${id}" must start with "${prefix}", the namespace of this token's merchant`, status: 403 };
  return null;
}

/** Refuses a record id someone else deleted: the tombstone says whose it was. */
async function deletedByAnother(tx: Queryable, kind: 'product' | 'tag', id: string, merchantId: string): Promise<Outcome | null> {
  const owner = await tombstoneOwner(tx, kind, id);
  return owner !== null && owner !== merchantId ? notYours(`${kind} "${id}" (deleted)`) : null;
}

export const applyProductOp: Applier<ProductOp> = async (tx, merchantId, op) => {
  const id = op.product.id;
  const owner = await productOwner(tx, id);
  if (owner && owner.merchant_id !== merchantId) return notYours(`product "${id}"`);
  if (!owner) {
    const refusal = await deletedByAnother(tx, 'product', id, merchantId);
    if (refusal) return refusal;
  }
  if (op.op === 'delete') {
    // A product of this merchant from before namespaces were enforced may still be deleted.
    const refusal = owner ? null : namespaceRefusal(id, merchantId, 'product', true);
    return refusal ?? { id, result: await deleteProduct(tx, id) };
  }
  if (op.product.merchantId !== merchantId) return { refused: `merchantId must be "${merchantId}", the merchant of this token`, status: 403 };
  return namespaceRefusal(id, merchantId, 'product', true) ?? { id, result: await upsertProduct(tx, op.product) };
};

export const applyReviewOp: Applier<ReviewOp> = async (tx, merchantId, op) => {
  const productId = op.review.productId;
  const owner = await productOwner(tx, productId);
  if (!owner) return unknownProduct(productId);
  if (owner.merchant_id !== merchantId) return notYours(`product "${productId}"`);
  if (op.op === 'delete') return { id: productId, result: await clearReview(tx, productId) };
  return namespaceRefusal(productId, merchantId, 'review product', true) ?? { id: productId, result: await upsertReview(tx, op.review) };
};

export const applyTagOp: Applier<TagOp> = async (tx, merchantId, op) => {
  const [existing] = await tx.query<TagRow>(`SELECT ${TAG_COLUMNS} FROM tags WHERE id = $1 FOR UPDATE`, [op.tag.id]);
  if (existing && existing.merchant_id !== merchantId) return notYours(`tag "${op.tag.id}"`);
  if (!existing) {
    const refusal = (await deletedByAnother(tx, 'tag', op.tag.id, merchantId)) ?? namespaceRefusal(op.tag.id, merchantId, 'tag', false);
    if (refusal) return refusal;
  } else if (op.op === 'upsert') {
    const refusal = namespaceRefusal(op.tag.id, merchantId, 'tag', false);
    if (refusal) return refusal;
  }
  if (op.op === 'upsert') {
    const tag = op.tag;
    const product = await productOwner(tx, tag.productId);
    if (!product) return unknownProduct(tag.productId);
    if (product.merchant_id !== merchantId) return notYours(`product "${tag.productId}"`);
    if (tag.variantId && !product.variants.some((variant) => variant.id === tag.variantId)) {
      return { refused: `variantId: product "${tag.productId}" has no variant "${tag.variantId}"`, status: 400 };
    }
  }
  // Checked after the refusals above: a bad op fails the request even when it would also conflict.
  const conflict = op.baseVersion === undefined ? null : await tagConflict(tx, existing, op, op.baseVersion);
  if (conflict) return conflict;
  const result = op.op === 'delete' ? await deleteTag(tx, op.tag.id) : await upsertTag(tx, op.tag, merchantId);
  return { id: op.tag.id, result, extra: { conflict: false } };
};

/**
 * A conflict when the server's current version of the tag (row, tombstone, or none) is newer than
 * the one the op started from. An op that would change nothing is no conflict: it is a retry of a
 * write that already landed (its answer was lost), or a delete of what someone else deleted too.
 */
async function tagConflict(tx: Queryable, existing: TagRow | undefined, op: TagOp, baseVersion: number | null): Promise<Outcome | null> {
  const current = existing ? Number(existing.seq) : await tombstoneVersion(tx, 'tag', op.tag.id);
  if (current === null || (baseVersion !== null && current <= baseVersion)) return null;
  if (op.op === 'delete' && !existing) return null;
  if (op.op === 'upsert' && existing && sameTag(existing, op.tag)) return null;
  return {
    id: op.tag.id,
    result: { version: current, changed: false },
    extra: { conflict: true, current: existing ? tagRecord(existing) : null },
  };
}

function sameTag(row: TagRow, tag: FeedTag): boolean {
  return (
    row.platform === tag.platform &&
    row.post_id === tag.postId &&
    row.product_id === tag.productId &&
    row.variant_id === (tag.variantId ?? null) &&
    row.x === tag.x &&
    row.y === tag.y &&
    row.updated_at === tag.updatedAt
  );
}
