/**
 * TikTok (www.tiktok.com): For You / Following feed, profile grid, the video page with its comments
 * panel (also opened over a grid or the feed as "browse mode" by pushState), and search results.
 *
 * Hooks, most stable first: video ids in hrefs and in the page URL (`/@user/video/<id>`,
 * `/@user/photo/<id>`), the player's `id="xgwrapper-<slot>-<id>"` (2024–26 feed items carry the id
 * nowhere else), ARIA roles, `data-e2e` test ids, then substrings of generated class names
 * (`--DivItemContainerForSearch`). Never the emotion hashes alone, never interface labels except
 * ad and suggestion labels (labels.ts).
 *
 * Every function here only reads the DOM: no getComputedStyle, no layout in findPosts/readPost
 * (except the URL-named post of page-post.ts, on video pages its hooks do not recognise), and
 * readPost never throws.
 */
import { MAX_TEXT } from '../platform/limits';
import type { PostRef } from '../catalog/model';
import { cleanText, hasLabel, isInside, largest, matchesAny, neverThrows, queryAll, queryFirst, textExcluding } from './dom';
import { TIKTOK_LABELS, labelSet } from './labels';
import { webUrl } from '../platform/urls';
import { outboundLinks } from './links';
import { pagePosts as pagePostsOf } from './page-post';
import type { MountPoint, PageType, ReadResult, SiteAdapter, SkipReason } from './types';
import { isOurs } from '../overlay/names';

const ORIGIN = 'https://www.tiktok.com';

/** Named selectors, each an ordered fallback list: newest markup first. */
export const SELECTORS = {
  /** Items of the vertical feeds (For You, Following, and the 2025–26 one-column video page). */
  feedItem: [
    // 2024–26: one <article> per video. Items far from the viewport are empty placeholders (only
    // data-scroll-index) until scrolled near: findPosts skips them until they have content.
    'article[data-e2e="recommend-list-item-container"]',
    // 2021–23: the same test id on a <div>, author and description above the video card.
    'div[data-e2e="recommend-list-item-container"]',
  ],
  /** The video player; its id carries the video id. */
  player: [
    // 2023–26 xgplayer: `xgwrapper-<slot>-<video id>` in feed items, tiles (hover preview) and the video page.
    '[id^="xgwrapper-"]',
  ],
  /** Links carrying a video id. */
  permalink: [
    // `/@user/video/<id>`, relative (live site) or absolute (saved pages, grid tiles).
    'a[href*="/video/"]',
    // Photo mode (image carousel) posts, 2022–26: `/@user/photo/<id>`.
    'a[href*="/photo/"]',
  ],
  /** Grid tiles: one video each, the permalink wrapping its cover. */
  gridTile: [
    // 2021–26 profile grid (Videos, Reposts, Liked tabs): role=button item around the permalink.
    '[data-e2e="user-post-item"]',
    // 2023–26 search results, Top and Videos tabs: the cover box; caption and author sit beside it.
    '[data-e2e="search_top-item"]',
    '[data-e2e="search_video-item"]',
    // 2022 search results.
    '[data-e2e="search-card-item"]',
    // Tiles without a known test id (explore, "You may like"): see `looseTile`.
  ],
  /** The search result cell around a tile, which also holds the caption and the author. */
  searchCell: [
    // 2023–26: the description block is the tile's sibling.
    '[data-e2e="search-card-desc"]',
    // Generated class name of the cell, for cells whose description block lost its test id.
    '[class*="DivItemContainerForSearch"]',
  ],
  /** The description on the video page and in browse mode (the comments side panel). */
  detailDesc: [
    // 2022–26: <h1 data-e2e="browse-video-desc"> in the panel's description box.
    '[data-e2e="browse-video-desc"]',
  ],
  /** The author of a video page / browse mode. */
  detailAuthor: [
    // 2022–26: uniqueId in the panel header; the avatar link as the fallback.
    '[data-e2e="browse-username"]',
    'a[data-e2e="browse-user-avatar"]',
  ],
  /** The copy-link box of a video page, holding the full video URL as text. */
  detailLink: ['[data-e2e="browse-video-link"]'],
  /** Feed item description. */
  feedDesc: [
    // 2021–26: spans, hashtag and mention links; 2025–26 also nests an AI summary (see isCaptionChrome).
    '[data-e2e="video-desc"]',
  ],
  /** Feed item author. */
  feedAuthor: [
    // 2021–26: the avatar link in the action column (2024–26) or beside the item (2021–23).
    'a[data-e2e="video-author-avatar"]',
    // 2021–23: the uniqueId heading.
    '[data-e2e="video-author-uniqueid"]',
    // 2024–26: the creator line on the video ("user · date"): the first profile link outside the description.
  ],
  /** Search result caption and author. */
  searchCaption: [
    // 2023–26.
    '[data-e2e="search-card-video-caption"]',
    // 2022: the whole description block (author link excluded as chrome).
    '[data-e2e="search-card-desc"]',
  ],
  searchAuthor: ['[data-e2e="search-card-user-unique-id"]', 'a[data-e2e="search-card-user-link"]'],
  /** Subtrees that are never part of the post's own text or labels. */
  notPostText: [
    // Comments: items, authors and the input (2022–26).
    '[data-e2e^="comment-"]',
    '[class*="DivCommentListContainer"]',
    '[class*="DivCommentItemContainer"]',
  ],
} as const;

/** Ad labels, matched against whole short labels (never caption text). "Paid partnership"
 *  (`data-e2e="sponsored-tag"`) marks branded creator content, not an ad: it is read as a post. */
const SPONSORED_LABELS = labelSet(TIKTOK_LABELS.sponsored);

const VIDEO_PATH = /^\/(?:@([A-Za-z0-9._-]{1,64})\/)?(video|photo)\/(\d{15,21})(?:[/?#]|$)/;
const PROFILE_PATH = /^\/@([A-Za-z0-9._-]{1,64})\/?$/;
const LIVE_PATH = /^\/@[A-Za-z0-9._-]{1,64}\/live\/?$/;
const PLAYER_ID = /^xgwrapper-[A-Za-z0-9]*-(\d{15,21})$/;

export interface VideoRef {
  id: string;
  kind: 'video' | 'photo';
  user: string | null;
}

// ---------------------------------------------------------------- href helpers

function isTikTokHost(hostname: string): boolean {
  return hostname === 'tiktok.com' || hostname.endsWith('.tiktok.com');
}

/** Parses an href as a tiktok.com URL (relative hrefs resolve against it); null for anything else. */
function tiktokUrl(href: string | null | undefined): URL | null {
  const url = webUrl(href, ORIGIN + '/');
  return url && isTikTokHost(url.hostname) ? url : null;
}

/** The video in `/@user/video/<id>`, `/@user/photo/<id>` or `/video/<id>`, or null. */
export function videoFromHref(href: string | null | undefined): VideoRef | null {
  const url = tiktokUrl(href);
  const m = url && VIDEO_PATH.exec(url.pathname);
  if (!m?.[3]) return null;
  return { id: m[3], kind: m[2] === 'photo' ? 'photo' : 'video', user: m[1] ?? null };
}

/** The handle in a profile href (`/@acme`), or null. */
export function userFromHref(href: string | null | undefined): string | null {
  const url = tiktokUrl(href);
  return (url && PROFILE_PATH.exec(url.pathname)?.[1]) ?? null;
}

/** What the page URL shows: a video page (also browse mode over a feed or grid), a feed, a profile, search. */
export function pageType(location: URL | Location): PageType {
  const url = tiktokUrl(location.href);
  if (!url) return 'unsupported';
  const path = url.pathname;
  if (videoFromHref(url.href)) return 'video';
  if (/^\/(?:foryou|following|explore|friends)?\/?$/.test(path)) return 'home';
  if (/^\/(?:search|tag|music|discover)(?:\/|$)/.test(path)) return 'search';
  return PROFILE_PATH.test(path) ? 'profile' : 'unsupported';
}

/** The video the page URL names (the video page, browse mode). */
function idFromUrl(href: string): string | null {
  return videoFromHref(href)?.id ?? null;
}

function cleanUser(text: string | null | undefined): string | null {
  const user = (text ?? '').trim().replace(/^@/, '');
  return /^[A-Za-z0-9._-]{1,64}$/.test(user) ? user : null;
}

// ---------------------------------------------------------------- DOM helpers

function inComments(el: Element, post: Element): boolean {
  const hit = el.closest(SELECTORS.notPostText.join(','));
  return !!hit && post.contains(hit) && hit !== post;
}

/** Parts of a description that are not the creator's text. */
function isCaptionChrome(el: Element): boolean {
  const name = el.localName;
  if (name === 'svg' || name === 'button' || name === 'script' || name === 'style' || name === 'img') return true;
  if (el.getAttribute('role') === 'button') return true;
  const e2e = el.getAttribute('data-e2e') ?? '';
  // 2025–26 AI summary ("v2t" title, description, keywords) nested in the description, with its disclaimer.
  if (e2e.startsWith('v2t-')) return true;
  if (name === 'div' && el.querySelector('[data-e2e^="v2t-"]')) return true;
  const cls = el.getAttribute('class') ?? '';
  if (cls.includes('Disclaimer')) return true;
  // The author line inside a 2022 search description block.
  return e2e === 'search-card-user-link' || e2e === 'search-card-user-unique-id';
}

/** An ad label of the post: never a caption, a comment or a username that happens to read "Ad". */
function hasPostLabel(el: Element, labels: ReadonlySet<string>): boolean {
  const captionish = [...SELECTORS.feedDesc, ...SELECTORS.detailDesc, ...SELECTORS.searchCaption, ...SELECTORS.notPostText].join(',');
  return hasLabel(el, labels, (node) => {
    const block = node.closest(captionish);
    if (block && el.contains(block)) return true;
    const link = node.closest('a[href]');
    return !!link && el.contains(link) && userFromHref(link.getAttribute('href')) !== null;
  });
}

/** A LIVE stream: it links to the creator's `/@user/live` page (the LIVE badge is text in the user's language). */
function isLive(el: Element): boolean {
  for (const a of Array.from(el.querySelectorAll('a[href]'))) {
    const url = tiktokUrl(a.getAttribute('href'));
    if (url && LIVE_PATH.test(url.pathname) && !inComments(a, el)) return true;
  }
  return false;
}

// ---------------------------------------------------------------- kinds of post elements

type Kind = 'feed' | 'detail' | 'tile' | 'link' | 'other';

function isSearchCell(el: Element): boolean {
  if (!matchesAny(el, SELECTORS.searchCell) && !el.querySelector(SELECTORS.searchCell[0])) return false;
  return queryAll(el, SELECTORS.gridTile).length === 1;
}

function kindOf(el: Element): Kind {
  if (el.localName === 'a') return 'link';
  if (matchesAny(el, SELECTORS.feedItem)) return 'feed';
  if (matchesAny(el, SELECTORS.gridTile) || isSearchCell(el)) return 'tile';
  if (queryFirst(el, SELECTORS.detailDesc)) return 'detail';
  return 'other';
}

/** A feed slot with nothing rendered in it yet (virtualised). */
function isPlaceholder(item: Element): boolean {
  return !item.querySelector('video, img, a[href], [id^="xgwrapper-"], [data-e2e]');
}

/** The search cell around a search tile (holding its caption), or the tile itself. */
function tileRoot(tile: Element): Element {
  const parent = tile.parentElement;
  if (parent && parent.querySelector(SELECTORS.searchCell[0]) && queryAll(parent, SELECTORS.gridTile).length === 1) return parent;
  if (parent && matchesAny(parent, SELECTORS.searchCell) && queryAll(parent, SELECTORS.gridTile).length === 1) return parent;
  return tile;
}

const BOUNDARY = new Set(['main', 'body', 'html']);

/**
 * The video page / browse mode: the smallest ancestor of the description that also holds the
 * player. Without a player yet, the description box (the block that also names the author).
 */
function detailRoot(desc: Element): Element {
  const mediaSelector = [...SELECTORS.player, 'video'].join(',');
  const feedSelector = SELECTORS.feedItem.join(',');
  for (let cur = desc.parentElement; cur; cur = cur.parentElement) {
    if (BOUNDARY.has(cur.localName) || cur.id === 'app' || cur.getAttribute('role') === 'main') break;
    // A panel beside a column of feed items: the items are posts of their own, never part of it.
    if (cur.querySelector(feedSelector)) break;
    if (Array.from(cur.querySelectorAll(mediaSelector)).some((media) => !inTile(media, cur))) return cur;
  }
  return descriptionBox(desc) ?? desc.parentElement ?? desc;
}

/** Inside a tile or permalink of another video ("Creator videos", "You may like") within `post`. */
function inTile(node: Element, post: Element): boolean {
  const tile = node.closest([...SELECTORS.gridTile, ...SELECTORS.permalink].join(','));
  return !!tile && tile !== post && post.contains(tile);
}

/** The description box of a video page: the closest block around the description naming the author. */
function descriptionBox(desc: Element, within?: Element): Element | null {
  for (let cur = desc.parentElement; cur && cur !== within; cur = cur.parentElement) {
    if (queryFirst(cur, SELECTORS.detailAuthor)) return cur;
  }
  return null;
}

/** Loose tiles: permalinks wrapping a cover, outside navigation, comments and descriptions. */
function looseTile(a: Element): boolean {
  if (!videoFromHref(a.getAttribute('href'))) return false;
  if (!a.querySelector('img, video, picture')) return false;
  return !a.closest(['nav', 'header', '#app-header', ...SELECTORS.notPostText, ...SELECTORS.feedDesc, ...SELECTORS.detailDesc].join(','));
}

// ---------------------------------------------------------------- finding posts

function findPosts(root: ParentNode): Element[] {
  const found = new Set<Element>();
  // Video pages and browse mode may hold tiles of other videos, which are posts of their own.
  const details = new Set<Element>();
  const claimed = (el: Element): boolean => {
    for (let cur: Element | null = el; cur; cur = cur.parentElement) if (found.has(cur) && !details.has(cur)) return true;
    return false;
  };
  // nodeType, not instanceof: the root may come from another window (iframes, tests).
  const self = (root as Node).nodeType === 1 ? (root as Element) : null;
  const withSelf = (selectors: readonly string[]): Element[] => {
    const list = queryAll(root, selectors);
    if (self) {
      const outer = self.closest(selectors.join(','));
      if (outer) list.unshift(outer);
    }
    return list;
  };

  // 1. Feed items with content.
  for (const item of withSelf(SELECTORS.feedItem)) {
    if (!isPlaceholder(item)) found.add(item);
  }

  // 2. The video page and browse mode, one per description outside the feed items.
  for (const desc of withSelf(SELECTORS.detailDesc)) {
    if (isInside(desc, found)) continue;
    const detail = detailRoot(desc);
    found.add(detail);
    details.add(detail);
  }

  // 3. Grid tiles (profile, search), skipping tiles not rendered yet (no link inside).
  for (const tile of withSelf(SELECTORS.gridTile)) {
    if (claimed(tile)) continue;
    if (!tile.querySelector('a[href]')) continue;
    found.add(tileRoot(tile));
  }

  // 4. Permalinks around a cover that no known container claims.
  const links = queryAll(root, SELECTORS.permalink);
  if (self && self.localName === 'a' && matchesAny(self, SELECTORS.permalink)) links.unshift(self);
  for (const a of links) {
    if (claimed(a) || !looseTile(a)) continue;
    found.add(a);
  }

  // Document order; drop anything nested in another result (tiles inside a video page stay).
  const list = Array.from(found).sort((a, b) => (a.compareDocumentPosition(b) & 4 ? -1 : 1));
  const posts = list.filter((el) => {
    for (let cur = el.parentElement; cur; cur = cur.parentElement) if (found.has(cur) && !details.has(cur)) return false;
    return true;
  });
  return pagePosts.complete(posts, (root as Node).ownerDocument ?? (root as Document));
}

// ---------------------------------------------------------------- reading posts

function fromPlayer(el: Element, skipTiles = false): VideoRef | null {
  const players = queryAll(el, SELECTORS.player);
  if (el.matches(SELECTORS.player.join(','))) players.unshift(el);
  for (const player of players) {
    // On a video page, hover previews in other videos' tiles carry their own ids.
    if (skipTiles && inTile(player, el)) continue;
    const id = PLAYER_ID.exec(player.id)?.[1];
    if (id) return { id, kind: 'video', user: null };
  }
  return null;
}

function fromPermalinks(el: Element, skipCaption: boolean): VideoRef | null {
  const caption = [...SELECTORS.feedDesc, ...SELECTORS.detailDesc, ...SELECTORS.searchCaption].join(',');
  for (const a of queryAll(el, SELECTORS.permalink)) {
    if (inComments(a, el)) continue;
    if (skipCaption && a.closest(caption)) continue;
    const ref = videoFromHref(a.getAttribute('href'));
    if (ref) return ref;
  }
  return null;
}

/** The post's own video, from its hooks (never from the page URL). */
function ownVideo(el: Element, kind: Kind): VideoRef | null {
  switch (kind) {
    case 'link':
      return videoFromHref(el.getAttribute('href'));
    case 'tile':
      return fromPermalinks(el, false) ?? fromPlayer(el);
    case 'feed':
      return fromPlayer(el) ?? fromPermalinks(el, true);
    case 'detail': {
      const ref = fromPlayer(el, true);
      if (ref) return ref;
      const box = queryFirst(el, SELECTORS.detailLink);
      return videoFromHref(box?.textContent?.trim()) ?? null;
    }
    default:
      return fromPermalinks(el, true) ?? fromPlayer(el);
  }
}

/** The video page's URL: only for the video page / browse mode itself. */
function videoFromLocation(location: Location | URL): VideoRef | null {
  return videoFromHref(location.href);
}

function firstProfileLink(el: Element): string | null {
  const skip = [...SELECTORS.feedDesc, ...SELECTORS.detailDesc, ...SELECTORS.searchCaption, ...SELECTORS.notPostText].join(',');
  for (const a of Array.from(el.querySelectorAll('a[href]'))) {
    const block = a.closest(skip);
    if (block && el.contains(block)) continue;
    const user = userFromHref(a.getAttribute('href'));
    if (user) return user;
  }
  return null;
}

function userOf(node: Element | null): string | null {
  if (!node) return null;
  if (node.localName === 'a') return userFromHref(node.getAttribute('href'));
  return cleanUser(node.textContent);
}

function readAuthor(el: Element, kind: Kind, ref: VideoRef, location: Location | URL): string | null {
  if (kind === 'feed') {
    for (const sel of SELECTORS.feedAuthor) {
      const user = userOf(el.querySelector(sel));
      if (user) return user;
    }
    return firstProfileLink(el) ?? ref.user;
  }
  if (kind === 'detail') {
    for (const sel of SELECTORS.detailAuthor) {
      const user = userOf(el.querySelector(sel));
      if (user) return user;
    }
    return ref.user ?? videoFromLocation(location)?.user ?? null;
  }
  if (ref.user) return ref.user;
  for (const sel of SELECTORS.searchAuthor) {
    const user = kind === 'link' ? null : userOf(el.querySelector(sel));
    if (user) return user;
  }
  // Short tile hrefs on a profile: the profile being viewed.
  const page = tiktokUrl(location.href);
  return (page && PROFILE_PATH.exec(page.pathname)?.[1]) ?? null;
}

function captionElement(el: Element, kind: Kind): Element | null {
  if (kind === 'feed') return queryFirst(el, SELECTORS.feedDesc);
  if (kind === 'detail') return queryFirst(el, SELECTORS.detailDesc);
  if (kind === 'tile') return queryFirst(el, SELECTORS.searchCaption);
  return null;
}

function readLinks(captionEl: Element | null, caption: string | null): string[] {
  return outboundLinks(caption, captionEl?.querySelectorAll('a[href]') ?? [], ORIGIN + '/');
}

function skipReason(el: Element): SkipReason {
  if (isLive(el)) return 'live';
  // "Suggested accounts" (in the user's language): several creators to follow, no video of its own.
  const users = new Set(Array.from(el.querySelectorAll('a[href]'), (a) => userFromHref(a.getAttribute('href'))).filter(Boolean));
  return users.size > 1 && !el.querySelector('video, [id^="xgwrapper-"]') ? 'suggested' : 'no-post-id';
}

/** The page's video found from its URL and dominant media (page-post.ts): only its id and author are known. */
function readPagePost(id: string, location: Location | URL): ReadResult {
  const ref = videoFromLocation(location);
  if (ref?.id !== id) return { ok: false, reason: 'not-page-post' };
  return { ok: true, post: { platform: 'tiktok', postId: id, url: `${ORIGIN}/@${ref.user ?? ''}/${ref.kind}/${id}`, author: ref.user, caption: null, links: [] } };
}

function readPost(el: Element, location: Location | URL, wanted?: (post: PostRef) => boolean): ReadResult {
  try {
    if (!el.isConnected) return { ok: false, reason: 'detached' };
    const pageId = pagePosts.chosenId(el);
    if (pageId) return readPagePost(pageId, location);
    const kind = kindOf(el);
    // Reads all of the post's text: only for a post that may be shown (see `wanted`).
    const sponsored = () => kind !== 'link' && hasPostLabel(el, SPONSORED_LABELS);
    const ref = ownVideo(el, kind) ?? (kind === 'detail' ? videoFromLocation(location) : null);
    if (!ref) return { ok: false, reason: sponsored() ? 'sponsored' : skipReason(el) };
    const author = readAuthor(el, kind, ref, location);
    const captionEl = captionElement(el, kind);
    const caption = captionEl ? cleanText(textExcluding(captionEl, isCaptionChrome)) || null : null;
    const post: PostRef = {
      platform: 'tiktok',
      postId: ref.id,
      url: `${ORIGIN}/@${author ?? ''}/${ref.kind}/${ref.id}`,
      author: author ? author.slice(0, 100) : null,
      caption: caption ? caption.slice(0, MAX_TEXT) : null,
      links: readLinks(captionEl, caption),
    };
    if (wanted && !wanted(post)) return { ok: false, reason: 'not-wanted' };
    if (sponsored()) return { ok: false, reason: 'sponsored' };
    return { ok: true, post };
  } catch {
    return { ok: false, reason: 'unreadable' };
  }
}

// ---------------------------------------------------------------- mounting

/** The element a grid overlay goes on: the tile's own cell, never inside the permalink. */
function tileTarget(el: Element): Element {
  // Search cell: the cover box (the caption below stays readable).
  if (el.localName !== 'a' && !matchesAny(el, SELECTORS.gridTile)) {
    const cover = queryFirst(el, SELECTORS.gridTile);
    if (cover) return cover;
  }
  // Profile item (role=button, a click opens the video) or a bare permalink: its own cell, when the
  // cell holds nothing else; otherwise the tile itself (a shared grid row would stack every overlay).
  const cell = el.parentElement;
  const others = cell ? Array.from(cell.children).filter((child) => child !== el && !isOurs(child)) : [];
  return cell && cell.localName === 'div' && others.length === 0 ? cell : el;
}

function mountPoint(el: Element): MountPoint | null {
  try {
    if (!el.isConnected) return null;
    // The page's video found from the URL: over its media's frame.
    if (pagePosts.chosenId(el)) return { target: el, placement: 'overlay' };
    const kind = kindOf(el);
    if (kind === 'link' || kind === 'tile') return { target: tileTarget(el), placement: 'overlay' };
    if (kind === 'detail') {
      // Under the description and the music line, in the comments panel (outside the player).
      const desc = queryFirst(el, SELECTORS.detailDesc);
      const box = desc ? (descriptionBox(desc, el) ?? desc.parentElement) : null;
      return { target: box && el.contains(box) ? box : el, placement: 'bar' };
    }
    if (kind === 'feed') {
      if (!ownVideo(el, kind)) return null;
      // 2021–23: the content column (text, then the video and its actions).
      const desc = queryFirst(el, SELECTORS.feedDesc);
      if (el.localName !== 'article' && desc) {
        for (let cur = desc.parentElement; cur && cur !== el; cur = cur.parentElement) {
          if (cur.querySelector('[data-e2e="feed-video"]')) return { target: cur, placement: 'bar' };
        }
      }
      // 2024–26: a row under the video and its action column. Never inside the media card, whose
      // clicks open the video.
      return { target: el, placement: 'bar' };
    }
    return ownVideo(el, kind) && mediaElement(el) ? { target: el, placement: 'bar' } : null;
  } catch {
    return null;
  }
}

/** Avatars, music discs and comment pictures: never the post's media. */
function isAvatar(media: Element, post: Element): boolean {
  if (media.closest('[shape="circle"], [data-e2e*="avatar"], [data-e2e*="music"], .user-avatar-container')) return true;
  if (inComments(media, post)) return true;
  const link = media.closest('a[href]');
  if (link && link !== post && post.contains(link) && userFromHref(link.getAttribute('href'))) return true;
  const attrSize = Number(media.getAttribute('height') ?? media.getAttribute('width') ?? NaN);
  return attrSize > 0 && attrSize <= 64;
}

function mediaElement(el: Element): Element | null {
  try {
    const detail = kindOf(el) === 'detail';
    const candidates = Array.from(el.querySelectorAll('img, video')).filter(
      (media) => !isAvatar(media, el) && !(detail && inTile(media, el)),
    );
    return largest(candidates);
  } catch {
    return null;
  }
}

/** The video a page URL names, when no hook of this file finds it in the page. */
const pagePosts = pagePostsOf({
  idFromUrl,
  idFromHref: (href) => videoFromHref(href)?.id ?? null,
  idOf: (el) => {
    const kind = kindOf(el);
    const view = el.ownerDocument.defaultView;
    return (ownVideo(el, kind) ?? (kind === 'detail' && view ? videoFromLocation(view.location) : null))?.id ?? null;
  },
});

export const tiktok: SiteAdapter = {
  platform: 'tiktok',
  matches: ['https://www.tiktok.com/*'],
  findPosts: neverThrows(findPosts, () => []),
  // findPosts already finds the item, page or tile around a root inside one.
  findPostsNear: neverThrows(findPosts, () => []),
  readPost,
  mountPoint,
  mediaElement,
};
