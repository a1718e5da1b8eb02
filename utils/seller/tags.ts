/**
 * The seller's tags on one post: read them for the editor, and save the edited set in one
 * transaction that also queues each change for publishing (the outbox, drained by the publisher).
 */
import type { PostcartDB } from '../catalog/db';
import { UserError } from '../platform/errors';
import { MAX_TAGS_PER_POST } from '../platform/limits';
import type { PostTagInput, PostTagView, SellerAccount } from '../platform/messages';
import { OutboxTag, PLATFORMS, type OutboxEntry, type Platform, type StoredTag } from '../catalog/model';

/** A save the seller has to correct (shown to them as it is). */

export interface SavePostTagsInput {
  platform: Platform;
  postId: string;
  tags: PostTagInput[];
}

export interface SavePostTagsResult {
  /** Ids of the tags written (new or changed). */
  written: string[];
  deleted: string[];
  unchanged: string[];
}

/** Tags of one post in reading order (top to bottom, then left to right), with what the editor lists. */
export async function postTags(db: PostcartDB, platform: Platform, postId: string): Promise<PostTagView[]> {
  return db.transaction('r', [db.tags, db.products, db.merchants, db.outbox], async () => {
    const tags = await db.tags.where('[platform+postId]').equals([platform, postId]).toArray();
    tags.sort((a, b) => a.y - b.y || a.x - b.x || a.id.localeCompare(b.id));
    const products = await db.products.bulkGet(tags.map((tag) => tag.productId));
    const merchants = await db.merchants.bulkGet([...new Set(products.flatMap((p) => (p ? [p.merchantId] : [])))]);
    const merchantName = new Map(merchants.flatMap((m) => (m ? [[m.id, m.name] as const] : [])));
    const pending = await db.outbox.bulkGet(tags.map((tag) => tag.id));
    return tags.map((tag, i) => {
      const product = products[i];
      return {
        id: tag.id,
        productId: tag.productId,
        variantId: tag.variantId,
        x: tag.x,
        y: tag.y,
        title: product?.title ?? '',
        variantTitle: product?.variants.find((v) => v.id === tag.variantId)?.title ?? '',
        image: product?.images[0] ?? null,
        merchantName: product ? (merchantName.get(product.merchantId) ?? '') : '',
        origin: tag.origin,
        pending: pending[i] !== undefined,
      };
    });
  });
}

const same = (tag: StoredTag, input: PostTagInput) =>
  tag.productId === input.productId && tag.variantId === input.variantId && tag.x === input.x && tag.y === input.y;

/**
 * Replaces the tags of one post with `input.tags`: new ones (id null) get `t-<uuid>`, changed ones
 * are rewritten as the seller's (origin 'local', keeping the server `version` they started from),
 * the post's tags missing from the list are deleted. Every written or deleted tag gets one outbox
 * entry that replaces any still pending for it, so the publisher only sends the latest state.
 * All or nothing: one unknown product rolls the whole save back.
 */
export async function savePostTags(db: PostcartDB, input: SavePostTagsInput, now: number, newId: () => string): Promise<SavePostTagsResult> {
  if (input.tags.length > MAX_TAGS_PER_POST) throw new UserError('errTagLimit', [MAX_TAGS_PER_POST]);
  const updatedAt = new Date(now).toISOString();
  return db.transaction('rw', [db.tags, db.outbox, db.products], async () => {
    const current = new Map((await db.tags.where('[platform+postId]').equals([input.platform, input.postId]).toArray()).map((tag) => [tag.id, tag]));
    const result: SavePostTagsResult = { written: [], deleted: [], unchanged: [] };
    const kept = new Set<string>();
    const tags: StoredTag[] = [];
    const entries: OutboxEntry[] = [];
    const queue = (op: OutboxEntry['op'], tag: StoredTag, baseVersion: number | null | undefined) =>
      entries.push({ tagId: tag.id, op, tag: OutboxTag.parse(tag), baseVersion: baseVersion ?? null, queuedAt: now, attempts: 0, lastError: null });

    for (const wanted of input.tags) {
      const existing = wanted.id === null ? undefined : current.get(wanted.id);
      if (wanted.id !== null) {
        if (kept.has(wanted.id)) throw new UserError('errTagListedTwice');
        // An id of another post's tag would let one post's editor overwrite another post.
        if (!existing && (await db.tags.get(wanted.id))) throw new UserError('errTagOtherPost');
      }
      if (existing && same(existing, wanted)) {
        kept.add(existing.id);
        result.unchanged.push(existing.id);
        continue;
      }
      const product = await db.products.get(wanted.productId);
      if (!product || (wanted.variantId !== null && !product.variants.some((v) => v.id === wanted.variantId))) {
        throw new UserError('errTagProductGone');
      }
      // A tag gone meanwhile (a sync deleted it) comes back as a new one rather than reviving its id.
      const id = existing?.id ?? `t-${newId()}`;
      kept.add(id);
      const tag: StoredTag = {
        id,
        platform: input.platform,
        postId: input.postId,
        productId: wanted.productId,
        variantId: wanted.variantId,
        x: wanted.x,
        y: wanted.y,
        updatedAt,
        origin: 'local',
        sourceId: 'local',
        version: existing?.version ?? null,
      };
      tags.push(tag);
      queue('upsert', tag, existing?.version);
      result.written.push(id);
    }
    for (const tag of current.values()) {
      if (kept.has(tag.id)) continue;
      queue('delete', tag, tag.version);
      result.deleted.push(tag.id);
    }
    await db.tags.bulkPut(tags);
    await db.tags.bulkDelete(result.deleted);
    // Keyed by tagId: a newer edit of a tag replaces its pending one.
    await db.outbox.bulkPut(entries);
    return result;
  });
}

/** The social handles of the merchants the seller connected (sources with a seller token). */
export async function sellerAccounts(db: PostcartDB): Promise<SellerAccount[]> {
  const sources = await db.sources.toArray();
  const merchantIds = [...new Set(sources.flatMap((source) => (source.seller ? [source.seller.merchantId] : [])))];
  const merchants = await db.merchants.bulkGet(merchantIds);
  const accounts: SellerAccount[] = [];
  for (const merchant of merchants) {
    for (const platform of PLATFORMS) {
      const handle = merchant?.accounts[platform]?.trim();
      if (handle) accounts.push({ platform, handle });
    }
  }
  return accounts;
}

/** The merchants whose products the seller's editor offers on one platform, and their names. */
export interface SellerScope {
  merchantIds: ReadonlySet<string>;
  names: string[];
}

/**
 * While the seller has a connection for a merchant whose account on `platform` is known (the
 * catalog names it), the editor there offers only that merchant's products: a seller tags their
 * own products, and another merchant's would be refused by the server anyway. Null: no such
 * connection, everything is offered. Decided here from the database, never from the page.
 */
export async function sellerScope(db: PostcartDB, platform: Platform): Promise<SellerScope | null> {
  const sources = await db.sources.toArray();
  const connected = new Map<string, string>();
  for (const source of sources) if (source.seller) connected.set(source.seller.merchantId, source.seller.merchantName);
  if (connected.size === 0) return null;
  const merchants = await db.merchants.bulkGet([...connected.keys()]);
  const own = merchants.filter((merchant) => merchant !== undefined && Boolean(merchant.accounts[platform]?.trim()));
  if (own.length === 0) return null;
  return { merchantIds: new Set(own.map((merchant) => merchant!.id)), names: own.map((merchant) => merchant!.name || connected.get(merchant!.id) || merchant!.id) };
}

/** A post's key in answers about several posts: "instagram:C8xYz123abc". */
export const postKey = (post: { platform: Platform; postId: string }): string => `${post.platform}:${post.postId}`;

/**
 * When each post got its first tag known here (feed or local, its `updatedAt`), by post key, for
 * the dashboard's labels. Posts without a tag are left out.
 */
export async function firstTaggedAt(db: PostcartDB, posts: readonly { platform: Platform; postId: string }[]): Promise<Record<string, string>> {
  if (posts.length === 0) return {};
  const tags = await db.tags.where('[platform+postId]').anyOf(posts.map((post) => [post.platform, post.postId])).toArray();
  const first: Record<string, string> = {};
  for (const tag of tags) {
    const key = postKey(tag);
    const at = first[key];
    if (at === undefined || tag.updatedAt < at) first[key] = tag.updatedAt;
  }
  return first;
}
