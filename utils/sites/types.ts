import type { Platform, PostRef } from '../catalog/model';

/**
 * Why a candidate element was not read as a post; counted per site, never thrown.
 * - `detached`: the element left the page before it was read.
 * - `sponsored`: an ad (its label says so).
 * - `suggested`: a unit suggesting accounts, groups or posts, not a post of the feed.
 * - `live`: a live stream, not a post.
 * - `not-rendered`: a placeholder the site has not filled yet (virtualised lists, lazy modals).
 * - `no-post-id`: it looks like a post but carries no id the adapter can read.
 * - `not-page-post`: the page's post found from the URL, and the URL no longer names it.
 * - `not-a-post`: what was found is no post after all (a menu dialog, an empty grid cell).
 * - `unreadable`: reading it failed on markup the adapter does not understand.
 * - `not-wanted`: the caller's `wanted` test said no before the post's labels were read.
 */
export type SkipReason =
  | 'detached'
  | 'sponsored'
  | 'suggested'
  | 'live'
  | 'not-rendered'
  | 'no-post-id'
  | 'not-page-post'
  | 'not-a-post'
  | 'unreadable'
  | 'not-wanted';

export type ReadResult = { ok: true; post: PostRef } | { ok: false; reason: SkipReason };

/**
 * What kind of page a URL is, by the URL alone (each adapter module's `pageType`, gathered in
 * registry.ts for the background: it knows the tab's URL, so the content scripts do not carry it) (a post page and the modal over a feed share their
 * URL on Instagram and TikTok: those read as `post` and `video`).
 * - `home`: a feed (home, For You, Following, a group's feed).
 * - `profile`: an account's grid or timeline (boards included).
 * - `post`: one post's own page.
 * - `modal`: a viewer that always opens as a dialog (Facebook's photo viewer).
 * - `closeup`: a pin close-up.
 * - `video`: one video's page, a reel, a reels viewer.
 * - `search`: search results, explore and topic grids.
 * - `unsupported`: anything else (messages, settings, stories, live).
 */
export type PageType = 'home' | 'profile' | 'post' | 'modal' | 'closeup' | 'video' | 'search' | 'unsupported';

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
 * DOM reading and never throws, since pages are hostile and change without notice. Posts, media,
 * action bars and mount points are found by structure (URLs, roles, element shapes, data
 * attributes), never by the text of the site's interface.
 */
export interface SiteAdapter {
  platform: Platform;
  /** Manifest match patterns; the entrypoint imports them. */
  matches: string[];
  /**
   * Every post element under `root` (feed articles, grid tiles, the post page, the modal). Where
   * the URL names a post and no known markup holds it, the element around the page's dominant
   * picture or video stands for it (once, however many links point at it).
   */
  findPosts(root: ParentNode): Element[];
  /**
   * Fast path for infinite scroll: the posts a newly added subtree brings: `node` itself if it is
   * a post, posts inside it, and the post that contains it. Without it the runner rescans the
   * whole document on every change, which grows with the number of posts on the page.
   */
  findPostsNear?(node: Element): Element[];
  /**
   * Reads one post element found by findPosts. With `wanted`, the post as read is shown to it
   * before the checks that only matter for a post that will be shown (its ad and suggestion
   * labels, which read all of its text): when it says no, the result is `not-wanted`. Without it,
   * or when it says yes, the result is the same as ever.
   */
  readPost(el: Element, location: Location | URL, wanted?: (post: PostRef) => boolean): ReadResult;
  /** Where to mount the overlay host for this post, or null if the post has no place for it yet. */
  mountPoint(el: Element): MountPoint | null;
  /** The image or video the seller places pins on, or null. */
  mediaElement(el: Element): Element | null;
}
