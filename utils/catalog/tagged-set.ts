/**
 * What can match a post, held where it is asked often (DESIGN.md, "Data flow"): per platform, the
 * ids of the posts sellers tagged and the accounts of merchants whose own posts may name their
 * products, and for every platform the product-page keys of the catalog. A post none of these can
 * match shows nothing, so it is not asked about: a content script tests its posts here and sends
 * nothing for a feed with no product, and the worker answers such posts without reading IndexedDB.
 *
 * Ids and link keys are kept as sorted 32-bit hashes (4 bytes each, however long the id): a post
 * whose hash collides with another's is asked about for nothing (at 100,000 entries about one test
 * in 43,000), and a post that can match always tests positive. Only public catalog data: no cart,
 * no contact, no orders, no tokens. Content scripts read it from `storage.local`, where the
 * background publishes it (tagged-sets.ts) when tags, products or merchants change.
 */
import type { Platform, PostRef } from './model';
import { normalizeHandle } from './matching';
import { isShortener, productUrlKey, unwrapRedirect, urlsInText } from '../sites/links';

/** Post links a lookup follows: the post's links, then URLs written in its caption. */
const MAX_LINKS = 20;
/**
 * Above this many entries a set is not kept (it would cost a tab more than 1 MB): every post may
 * match, and is asked about as before.
 */
export const MAX_SET_ENTRIES = 250_000;
/** Above this many merchant accounts on a platform, any authored post may match. */
export const MAX_HANDLES = 2000;

/** storage.local keys: one per platform, one for the link keys, and the catalog's version. */
export const taggedKey = (platform: Platform) => `tagged:${platform}` as const;
export const LINKS_KEY = 'tagged:links';
/** Bumped whenever an offer a tab holds may have changed (a price, a tag, a review summary). */
export const VERSION_KEY = 'tagged:version';
/**
 * The version at which the worker saw a write its stored sets do not hold yet: while it equals
 * VERSION_KEY, tabs trust no set and ask about every post (the next build bumps the version).
 */
export const STALE_KEY = 'tagged:staleAt';

/** The stored set of a platform as a tab should use it: null while a write is not in it yet. */
export function setFromStorage(stored: Record<string, unknown>, platform: Platform): TaggedSet | null {
  if (stored[STALE_KEY] !== undefined && stored[STALE_KEY] === stored[VERSION_KEY]) return null;
  return TaggedSet.fromStored(stored[taggedKey(platform)], stored[LINKS_KEY]);
}

/** As stored: base64 of the sorted hashes (little-endian), or null when over MAX_SET_ENTRIES. */
export interface StoredPlatformSet {
  ids: string | null;
  /** Normalized handles of merchants' accounts on the platform; null when over MAX_HANDLES. */
  handles: string[] | null;
}
export interface StoredLinkSet {
  keys: string | null;
}

/** The URLs a lookup reads products by, in its order: the post's links, then URLs in its caption. */
export function postLinks(post: Pick<PostRef, 'links' | 'caption'>): string[] {
  return [...post.links, ...(post.caption ? urlsInText(post.caption) : [])].slice(0, MAX_LINKS);
}

/** A 32-bit hash of a string (FNV-1a, then a finalizer that spreads it over every bit). */
export function hashKey(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Sorted, distinct hashes of the keys, or null when there are more than MAX_SET_ENTRIES. */
export function hashSet(keys: Iterable<string>): Uint32Array | null {
  const hashes: number[] = [];
  for (const key of keys) hashes.push(hashKey(key));
  const sorted = Uint32Array.from(hashes).sort();
  let n = 0;
  for (let i = 0; i < sorted.length; i += 1) if (i === 0 || sorted[i] !== sorted[n - 1]) sorted[n++] = sorted[i]!;
  return n > MAX_SET_ENTRIES ? null : sorted.slice(0, n);
}

export function encodeSet(hashes: Uint32Array): string {
  let binary = '';
  for (let i = 0; i < hashes.length; i += 1) {
    const h = hashes[i]!;
    binary += String.fromCharCode(h & 255, (h >>> 8) & 255, (h >>> 16) & 255, h >>> 24);
  }
  return btoa(binary);
}

/** The hashes of an encoded set; null for anything that is not one (storage is not trusted blindly). */
export function decodeSet(encoded: unknown): Uint32Array | null {
  if (typeof encoded !== 'string') return null;
  let binary: string;
  try {
    binary = atob(encoded);
  } catch {
    return null;
  }
  if (binary.length % 4 !== 0) return null;
  const out = new Uint32Array(binary.length / 4);
  for (let i = 0, j = 0; i < out.length; i += 1, j += 4) {
    out[i] = (binary.charCodeAt(j) | (binary.charCodeAt(j + 1) << 8) | (binary.charCodeAt(j + 2) << 16) | (binary.charCodeAt(j + 3) << 24)) >>> 0;
  }
  return out;
}

function hasHash(sorted: Uint32Array, hash: number): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const value = sorted[mid]!;
    if (value === hash) return true;
    if (value < hash) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/** One platform's set with the catalog's link keys. A null part means "too many to keep": anything may match. */
export class TaggedSet {
  constructor(
    private readonly ids: Uint32Array | null,
    private readonly handles: ReadonlySet<string> | null,
    private readonly links: Uint32Array | null,
  ) {}

  static fromStored(platform: unknown, links: unknown): TaggedSet | null {
    if (!platform || typeof platform !== 'object' || !links || typeof links !== 'object') return null;
    const { ids, handles } = platform as Partial<StoredPlatformSet>;
    const { keys } = links as Partial<StoredLinkSet>;
    const idSet = ids === null ? null : decodeSet(ids);
    const linkSet = keys === null ? null : decodeSet(keys);
    // Unreadable (not "too many") is no set at all: every post is asked about.
    if ((ids !== null && !idSet) || (keys !== null && !linkSet)) return null;
    if (handles !== null && !(Array.isArray(handles) && handles.every((h) => typeof h === 'string'))) return null;
    return new TaggedSet(idSet, handles === null ? null : new Set(handles), linkSet);
  }

  /** Entries held, for memory figures. */
  get size(): number {
    return (this.ids?.length ?? 0) + (this.links?.length ?? 0) + (this.handles?.size ?? 0);
  }

  /**
   * Whether a lookup could find a product for the post: a tag on its id, a link to a product
   * page (a shortened link may hide one), or an account of a merchant posting with a caption.
   * Never false for a post a lookup would match.
   */
  mayMatch(post: PostRef): boolean {
    if (!this.ids || hasHash(this.ids, hashKey(post.postId))) return true;
    if (post.author && post.caption && (!this.handles || this.handles.has(normalizeHandle(post.author)))) return true;
    for (const link of postLinks(post)) {
      const url = unwrapRedirect(link);
      if (!url) continue;
      if (isShortener(url) || !this.links) return true;
      const key = productUrlKey(url);
      if (key && hasHash(this.links, hashKey(key))) return true;
    }
    return false;
  }
}
