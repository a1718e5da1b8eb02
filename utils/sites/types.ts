import type { Platform, PostRef } from '../catalog/model';

/** Why a candidate element was not read as a post; counted, never thrown. */
export type SkipReason =
  | 'no-post-id'
  | 'sponsored'
  | 'suggested'
  | 'not-a-post'
  | 'detached';

export type ReadResult = { ok: true; post: PostRef } | { ok: false; reason: SkipReason };

/**
 * Where the overlay for one post goes.
 * - `bar`: an inline row appended inside `target` (a feed post's action bar area).
 * - `overlay`: absolutely positioned over `target` (a grid tile), which gets the host as its last child.
 */
export interface MountPoint {
  target: Element;
  placement: 'bar' | 'overlay';
}

/**
 * One social site. Selectors are ordered fallback lists (newest markup first); every method is
 * pure DOM reading and never throws, since pages are hostile and change without notice.
 */
export interface SiteAdapter {
  platform: Platform;
  /** Manifest match patterns; the entrypoint imports them. */
  matches: string[];
  /** Every post element under `root` (feed articles, grid tiles, the post page, the modal). */
  findPosts(root: ParentNode): Element[];
  /**
   * Fast path for infinite scroll: the posts a newly added subtree brings: `node` itself if it is
   * a post, posts inside it, and the post that contains it. Without it the runner rescans the
   * whole document on every change, which grows with the number of posts on the page.
   */
  findPostsNear?(node: Element): Element[];
  /** Reads one post element found by findPosts. */
  readPost(el: Element, location: Location | URL): ReadResult;
  /** Where to mount the overlay host for this post, or null if the post has no place for it yet. */
  mountPoint(el: Element): MountPoint | null;
  /** The image or video the seller places pins on, or null. */
  mediaElement(el: Element): Element | null;
}
