/**
 * Instagram (www.instagram.com): home feed, profile grid, explore grid, single post and reel pages,
 * the post modal and the reels viewer.
 *
 * Hooks, most stable first: shortcodes in hrefs (`/p/<code>/`, `/reel/<code>/`, `/<user>/p/<code>/`),
 * ARIA roles and labels (`role="dialog"`, `svg[aria-label="Like"]`), plain elements (`article`,
 * `section`, `time[datetime]`, `h1`). Generated class names are never used.
 *
 * Every function here only reads the DOM: no getComputedStyle, no layout in findPosts/readPost,
 * and readPost never throws.
 */
import { MAX_TEXT } from '../platform/limits';
import type { PostRef } from '../catalog/model';
import { cleanText, isInside, largest, matchesAny, neverThrows, queryAll, queryFirst, textExcluding, webUrl } from './dom';
import type { MountPoint, ReadResult, SiteAdapter } from './types';

const ORIGIN = 'https://www.instagram.com';

/** Named selectors, each an ordered fallback list: newest markup first. */
export const SELECTORS = {
  /** The post modal that opens over the feed, a profile or explore. */
  modal: [
    // 2019–26: a portal-mounted ARIA dialog. Share/options menus are dialogs too: filtered by content.
    'div[role="dialog"]',
  ],
  /** The post inside a modal; when none matches, the dialog itself is the post. */
  modalPost: [
    // 2021–26: media and side column sit in <article role="presentation">.
    'article',
  ],
  /** Home feed posts. */
  feedPost: [
    // 2019–26: one <article> per post (main > div > div > article), ads and suggestion units included.
    'article',
    // Article-less layouts (the 2025–26 single post page, A/B feeds built from div[role="presentation"]
    // wrappers) have no selector: findPosts climbs from each action bar, see `actionIcon`.
  ],
  /** The post's own 24px action icons; comment like buttons are 12–16px. */
  actionIcon: [
    // 2019–26 English labels (the heart turns into "Unlike" once liked).
    'svg[aria-label="Like"][height="24"]',
    'svg[aria-label="Unlike"][height="24"]',
    // Posts with likes hidden still have the comment icon.
    'svg[aria-label="Comment"][height="24"]',
  ],
  /** The row of action icons, searched from an action icon (closest) or inside the post. */
  actionBar: [
    // 2019–26: the icons live in a <section> (post page, modal and feed alike). Only a section with
    // one post's icons counts: the app shell is a <section> too, around everything (see actionBarOf).
    'section',
    // The reels viewer (2023–26) has no bar: the icons stand in a column of div[role="button"]
    // beside the video, and the overlay goes on the video instead (see `reelVideo`).
  ],
  /** Reels viewer: the video whose box carries the site's own overlay (author, caption, audio). */
  reelVideo: [
    // 2023–26 viewer (/reels/<code>/), current div items and <article> items alike.
    'video',
  ],
  /** Reels viewer: the caption, a text span beside the author row (no <h1>, not after a bar). */
  reelCaption: [
    // 2023–26: span[dir="auto"] holding the text and hashtag links, followed by a "… more" button.
    'span[dir="auto"]',
  ],
  /** Links carrying a shortcode. */
  permalink: [
    // Classic and current post/reel links, also `/<user>/p/<code>/` (2025–26) and `/p/<code>/c/<id>/` comments.
    'a[href*="/p/"]',
    'a[href*="/reel/"]',
    // `/reels/<code>/` on the relative time of each reel in the 2025–26 reels viewer (2023–24
    // viewer items use `/reel/<code>/`), `/tv/<code>/` for legacy IGTV.
    'a[href*="/reels/"]',
    'a[href*="/tv/"]',
  ],
  /** The post's timestamp permalink, the most reliable own link of a post. */
  timePermalink: [
    // 2019–26: <a href="/p/<code>/"><span><time datetime></time></span></a>.
    'a[href] time[datetime]',
    'a[href] time',
  ],
  /** Grid tiles (profile grid, "More posts from", explore): a permalink wrapping an image. */
  gridTile: [
    // 2025–26 `/<user>/p/<code>/` and classic `/p/<code>/` tiles (explore mixes both).
    'a[href*="/p/"]',
    // Reels in the grid (the tall explore tiles, "More reels from"): `/reel/<code>/` and `/<user>/reel/<code>/`.
    'a[href*="/reel/"]',
    // Legacy IGTV tiles.
    'a[href*="/tv/"]',
  ],
  /** The post header with the author's profile link. */
  header: [
    // 2019–26 modal and older feeds: a real <header>.
    'header',
    // Feed and post page without <header>: the first profile link in the post is the author (see readAuthor).
  ],
  /** The caption element. */
  caption: [
    // 2021–26 modal (and older post pages): the first comment row holds the caption in an <h1>.
    'h1',
    // 2025–26 post page: a row "author • <time> (no link)" followed by the caption span (see captionAfterBareTime).
    // Feed: the first author link after the action bar starts the caption block (see captionAfterAuthor).
  ],
  /** Ad labels ("Sponsored") in the languages Postcart speaks plus the big ones. */
  sponsoredLabel: ['Sponsored', 'Patrocinado', 'Gesponsert', 'Sponsorisé', 'Sponsorizzato', 'Gesponsord', 'Sponsorlu'],
  /** Suggestion units without a post of their own. */
  suggestedLabel: ['Suggested for you', 'Suggested posts', 'Sugerencias para ti', 'Vorschläge für dich'],
} as const;

const RESERVED_PATHS = new Set([
  'p', 'reel', 'reels', 'tv', 'explore', 'direct', 'accounts', 'stories', 'about', 'legal', 'developer',
  'web', 'emails', 'challenge', 'session', 'privacy', 'terms', 'help', 'ar', 'create', 'lite', 'your_activity',
  'api', 'graphql', 'oauth', 'static', 'press', 'jobs', 'directory', 'topics', 'locations', 'nametag',
]);
const SHORTCODE_PATH = /^\/(?:([A-Za-z0-9._]{1,30})\/)?(p|reel|reels|tv)\/([A-Za-z0-9_-]{5,64})(?:\/|$)/;
/** The reels viewer: its URL names the reel in view, one of many in the page. */
const REELS_VIEWER_PATH = /^\/reels\/(?!audio\/)[A-Za-z0-9_-]{5,64}\/?$/;
/** Counts such as "1,204", "12.3K" or "2 M" beside the reel's action icons. */
const COUNT_TEXT = /^[\d.,\s\u00a0]+[KMB]?$/i;
const PROFILE_PATH = /^\/([A-Za-z0-9._]{1,30})\/?$/;
const URL_IN_TEXT = /\bhttps?:\/\/[^\s<>"'`]+/gi;
const MAX_LINKS = 50;

// ---------------------------------------------------------------- href helpers

/** Parses an href as an instagram.com URL (relative hrefs resolve against it); null for anything else. */
function instagramUrl(href: string | null | undefined): URL | null {
  const url = webUrl(href, ORIGIN + '/');
  if (!url) return null;
  if (url.hostname !== 'instagram.com' && url.hostname !== 'www.instagram.com' && url.hostname !== 'm.instagram.com') return null;
  return url;
}

/** The shortcode in `/p/<code>/`, `/reel/<code>/`, `/<user>/p/<code>/`, `/tv/<code>/`, or null. */
export function shortcodeFromHref(href: string | null | undefined): string | null {
  const url = instagramUrl(href);
  if (!url) return null;
  const m = SHORTCODE_PATH.exec(url.pathname);
  if (!m) return null;
  const user = m[1];
  const code = m[3] ?? null;
  // `/reels/audio/<id>/` is a sound page, not a post.
  if (m[2] === 'reels' && code === 'audio') return null;
  if (user && RESERVED_PATHS.has(user.toLowerCase())) return null;
  return code;
}

/** The username in a profile href (`/acme/`), or in a 2025–26 permalink (`/acme/p/<code>/`), or null. */
export function usernameFromHref(href: string | null | undefined): string | null {
  const url = instagramUrl(href);
  if (!url) return null;
  const profile = PROFILE_PATH.exec(url.pathname);
  const user = profile?.[1] ?? SHORTCODE_PATH.exec(url.pathname)?.[1];
  if (!user || RESERVED_PATHS.has(user.toLowerCase())) return null;
  return user;
}

/** A profile link (not a post, not a hashtag, not a site page). */
function profileUser(a: Element): string | null {
  const url = instagramUrl(a.getAttribute('href'));
  if (!url) return null;
  const m = PROFILE_PATH.exec(url.pathname);
  const user = m?.[1];
  if (!user || RESERVED_PATHS.has(user.toLowerCase())) return null;
  return user;
}

/** An external http(s) URL from an anchor, with Instagram's `l.instagram.com/?u=` redirect unwrapped. */
function externalHref(href: string | null): string | null {
  if (!href) return null;
  let url: URL;
  try {
    url = new URL(href, ORIGIN + '/');
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  if (url.hostname === 'l.instagram.com' || url.hostname === 'l.facebook.com') {
    const target = url.searchParams.get('u');
    return target ? externalHref(target) : null;
  }
  if (url.hostname === 'instagram.com' || url.hostname.endsWith('.instagram.com')) return null;
  return url.href;
}

// ---------------------------------------------------------------- DOM helpers

/** Parts of a caption block that are not caption text. */
function isCaptionChrome(el: Element): boolean {
  const name = el.localName;
  return (
    name === 'time' ||
    name === 'svg' ||
    name === 'button' ||
    name === 'script' ||
    name === 'style' ||
    el.getAttribute('role') === 'button'
  );
}

function hasLabel(el: Element, labels: readonly string[]): boolean {
  const all = el.textContent ?? '';
  if (!labels.some((label) => all.includes(label))) return false;
  for (const node of Array.from(el.querySelectorAll('span, a, div'))) {
    // Only short leaf-ish labels, never a caption or comment that happens to contain the word.
    const block = node.closest('h1, ul, li');
    if (block && el.contains(block)) continue;
    const text = node.textContent?.trim() ?? '';
    if (text.length <= 40 && labels.includes(text)) return true;
  }
  return false;
}

function isTile(el: Element): boolean {
  return el.localName === 'a' && shortcodeFromHref(el.getAttribute('href')) !== null;
}

// ---------------------------------------------------------------- finding posts

/** The post a dialog holds, or null for the share sheet, the options menu and friends. */
function dialogPost(dialog: Element): Element | null {
  const inner = queryFirst(dialog, SELECTORS.modalPost);
  if (inner) return inner;
  if (queryFirst(dialog, SELECTORS.actionIcon)) return dialog;
  const timeLink = queryFirst(dialog, SELECTORS.timePermalink)?.closest('a');
  return shortcodeFromHref(timeLink?.getAttribute('href')) ? dialog : null;
}

function distinctShortcodes(el: Element, limit: number): number {
  const codes = new Set<string>();
  for (const a of queryAll(el, SELECTORS.permalink)) {
    const code = shortcodeFromHref(a.getAttribute('href'));
    if (code) codes.add(code);
    if (codes.size > limit) break;
  }
  return codes.size;
}

const BOUNDARY = new Set(['main', 'body', 'html']);

/**
 * Article-less layouts: the post is the smallest ancestor of its action bar that also holds the
 * post's media (stable while lazy parts such as the "More posts from" grid load around it). Without
 * media yet, the largest ancestor that holds no other post (no second action bar, no link to another
 * shortcode).
 */
function climbToPostRoot(from: Element): Element {
  const iconSelector = SELECTORS.actionIcon.join(',');
  let cur = from;
  for (let parent = cur.parentElement; parent; parent = parent.parentElement) {
    if (BOUNDARY.has(parent.localName) || parent.getAttribute('role') === 'main' || parent.getAttribute('role') === 'dialog') break;
    const icons = parent.querySelectorAll(iconSelector);
    // One post has at most one Like and one Comment icon of 24px.
    if (icons.length > 2 || countDistinctLabels(icons) < icons.length) break;
    if (distinctShortcodes(parent, 1) > 1) break;
    cur = parent;
    if (hasMedia(cur)) break;
  }
  return cur;
}

function hasMedia(el: Element): boolean {
  for (const media of Array.from(el.querySelectorAll('img, video'))) {
    if (!isAvatar(media, el) && !media.closest(SELECTORS.gridTile.join(','))) return true;
  }
  return false;
}

/**
 * The action bar around an icon: the closest <section> that holds one post's icons (one Like, one
 * Comment). Null when the closest section is a wrapper of many posts, such as the app shell around
 * the reels viewer.
 */
function actionBarOf(icon: Element): Element | null {
  const bar = icon.closest(SELECTORS.actionBar.join(','));
  if (!bar) return null;
  const icons = bar.querySelectorAll(SELECTORS.actionIcon.join(','));
  return icons.length <= 2 && countDistinctLabels(icons) === icons.length ? bar : null;
}

function countDistinctLabels(icons: NodeListOf<Element>): number {
  const labels = new Set<string>();
  for (const icon of Array.from(icons)) labels.add(icon.getAttribute('aria-label') ?? '');
  return labels.size;
}

function findPosts(root: ParentNode): Element[] {
  const found = new Set<Element>();
  const add = (el: Element | null): void => {
    if (el && !found.has(el)) found.add(el);
  };
  // nodeType, not instanceof: the root may come from another window (iframes, tests).
  const self = (root as Node).nodeType === 1 ? (root as Element) : null;

  // 1. Post modals.
  const dialogs = queryAll(root, SELECTORS.modal);
  if (self && matchesAny(self, SELECTORS.modal)) dialogs.unshift(self);
  for (const dialog of dialogs) add(dialogPost(dialog));

  // 2. Feed articles (the modal's article is already in).
  const articles = queryAll(root, SELECTORS.feedPost);
  if (self && matchesAny(self, SELECTORS.feedPost)) articles.unshift(self);
  for (const article of articles) add(article);

  // 3. Article-less posts (post page, div-wrapped feeds): one per action bar outside known posts.
  const bars = new Set<Element>();
  for (const icon of queryAll(root, SELECTORS.actionIcon)) {
    if (isInside(icon, found)) continue;
    const article = icon.closest(SELECTORS.feedPost.join(','));
    if (article) {
      add(article);
      continue;
    }
    const dialog = icon.closest(SELECTORS.modal.join(','));
    if (dialog) {
      add(dialogPost(dialog));
      continue;
    }
    const bar = actionBarOf(icon) ?? icon;
    if (bars.has(bar)) continue;
    bars.add(bar);
    add(climbToPostRoot(bar));
  }

  // 4. Grid tiles: permalinks wrapping a picture, outside any post found above.
  const tiles = queryAll(root, SELECTORS.gridTile);
  if (self && matchesAny(self, SELECTORS.gridTile)) tiles.unshift(self);
  for (const tile of tiles) {
    if (!tile.querySelector('img, video')) continue;
    if (!shortcodeFromHref(tile.getAttribute('href'))) continue;
    if (isInside(tile, found)) continue;
    add(tile);
  }

  // Document order; drop anything nested in another result that reads as the same post.
  const list = Array.from(found).sort((a, b) => (a.compareDocumentPosition(b) & 4 ? -1 : 1));
  return list.filter((el) => {
    for (let cur = el.parentElement; cur; cur = cur.parentElement) {
      if (found.has(cur) && ownShortcode(cur) === ownShortcode(el)) return false;
    }
    return true;
  });
}

/**
 * Posts a newly added subtree brings (the runner's fast path under infinite scroll): the posts in
 * or at `node`, else the post around it (a lazily rendered action bar or image inside a post).
 */
function findPostsNear(node: Element): Element[] {
  const inside = findPosts(node);
  if (inside.length) return inside;
  const article = node.closest(SELECTORS.feedPost.join(','));
  if (article) return [article];
  const dialog = node.closest(SELECTORS.modal.join(','));
  if (dialog) {
    const post = dialogPost(dialog);
    return post ? [post] : [];
  }
  const tile = node.closest(SELECTORS.gridTile.join(','));
  return tile && tile.querySelector('img, video') && shortcodeFromHref(tile.getAttribute('href')) ? [tile] : [];
}

// ---------------------------------------------------------------- reading posts

/** The post's own shortcode from its links (tile href, timestamp permalink, then any permalink). */
function ownShortcode(el: Element): string | null {
  if (el.localName === 'a') return shortcodeFromHref(el.getAttribute('href'));
  for (const time of queryAll(el, SELECTORS.timePermalink)) {
    const code = shortcodeFromHref(time.closest('a')?.getAttribute('href'));
    if (code) return code;
  }
  for (const a of queryAll(el, SELECTORS.permalink)) {
    // Tiles inside the element (a "More posts" grid) belong to other posts.
    if (a.querySelector('img, video')) continue;
    const code = shortcodeFromHref(a.getAttribute('href'));
    if (code) return code;
  }
  return null;
}

/**
 * The post page and the modal are identified by the page URL. Only used for elements that are the
 * page's post: inside a dialog, or on a page without a dialog (a feed article under an open modal
 * must not take the modal's shortcode).
 */
function shortcodeFromLocation(el: Element, location: Location | URL): string | null {
  if (el.localName === 'a') return null;
  const dialogSelector = SELECTORS.modal.join(',');
  if (!el.closest(dialogSelector)) {
    for (const dialog of Array.from(el.ownerDocument.querySelectorAll(dialogSelector))) {
      if (dialogPost(dialog)) return null;
    }
    // The reels viewer's URL names the reel in view, one of several in the page: a reel without a
    // permalink of its own cannot be told apart from its neighbours, so it gets no id (never a guess).
    const url = instagramUrl(location.href);
    if (url && REELS_VIEWER_PATH.test(url.pathname)) return null;
  }
  return shortcodeFromHref(location.href);
}

function readAuthor(el: Element, location: Location | URL): string | null {
  if (el.localName === 'a') {
    // Tile: `/<user>/p/<code>/`, else the profile whose grid this is.
    const fromHref = usernameFromHref(el.getAttribute('href'));
    if (fromHref) return fromHref;
    const url = instagramUrl(location.href);
    const m = url && /^\/([A-Za-z0-9._]{1,30})\/(?:reels\/)?$/.exec(url.pathname);
    const user = m?.[1];
    return user && !RESERVED_PATHS.has(user.toLowerCase()) ? user : null;
  }
  // Header link first, then the first profile link of the post (the header row in div layouts).
  for (const header of queryAll(el, SELECTORS.header)) {
    for (const a of Array.from(header.querySelectorAll('a[href]'))) {
      const user = profileUser(a);
      if (user) return user;
    }
  }
  for (const a of Array.from(el.querySelectorAll('a[href]'))) {
    const user = profileUser(a);
    if (user) return user;
  }
  // 2025–26 permalinks carry the owner: `/<user>/p/<code>/`.
  for (const time of queryAll(el, SELECTORS.timePermalink)) {
    const user = usernameFromHref(time.closest('a')?.getAttribute('href'));
    if (user) return user;
  }
  return null;
}

/** Modal: the caption is the first comment row's <h1>. */
function captionFromHeading(el: Element): Element | null {
  const h1 = queryFirst(el, SELECTORS.caption);
  return h1 && !h1.closest('header') ? h1 : null;
}

/** 2025–26 post page: "author • Edited • <time>" row (time not in a link), the caption next to it. */
function captionAfterBareTime(el: Element, author: string | null): string | null {
  for (const time of Array.from(el.querySelectorAll('time'))) {
    if (time.closest('a')) continue;
    // The row holding both the author link and the time; the caption is in its parent, beside it.
    let row: Element = time;
    while (row.parentElement && row !== el && !hasAuthorLink(row, author)) row = row.parentElement;
    if (row === el || !row.parentElement || row.parentElement === el) continue;
    const text = cleanText(textExcluding(row.parentElement, (node) => node === row || isCaptionChrome(node)));
    if (text) return text;
  }
  return null;
}

function hasAuthorLink(el: Element, author: string | null): boolean {
  for (const a of Array.from(el.querySelectorAll('a[href]'))) {
    const user = profileUser(a);
    if (user && (!author || user === author)) return true;
  }
  return false;
}

/** Feed: the first author link after the action bar (or media) starts "author caption… more". */
function captionAfterAuthor(el: Element, author: string | null): string | null {
  if (!author) return null;
  const bar = findActionBar(el);
  for (const a of Array.from(el.querySelectorAll('a[href]'))) {
    if (profileUser(a) !== author) continue;
    if (a.closest('header')) continue;
    if (bar && !(bar.compareDocumentPosition(a) & 4)) continue;
    let block: Element = a;
    for (let depth = 0; depth < 4 && block.parentElement && block.parentElement !== el; depth++) {
      block = block.parentElement;
      if (block.querySelector('section, img, video, header')) break;
      const text = cleanText(textExcluding(block, (node) => node === a || isCaptionChrome(node)));
      if (text) return text;
    }
    return null;
  }
  return null;
}

/**
 * Reels viewer (no <h1>, no bar to start from): the longest text span of the overlay that is not a
 * link, a button, a count or the author row (which holds the author's profile link).
 */
function captionInReelOverlay(el: Element): string | null {
  if (!queryFirst(el, SELECTORS.reelVideo)) return null;
  let best: string | null = null;
  for (const span of queryAll(el, SELECTORS.reelCaption)) {
    if (span.closest('a, button, [role="button"], header, ul, h1, h2, time')) continue;
    if (Array.from(span.querySelectorAll('a[href]')).some((a) => profileUser(a) && !a.textContent?.trim().startsWith('@'))) continue;
    const text = cleanText(textExcluding(span, isCaptionChrome));
    if (!text || COUNT_TEXT.test(text)) continue;
    if (!best || text.length > best.length) best = text;
  }
  return best;
}

function readCaption(el: Element, author: string | null): string | null {
  const heading = captionFromHeading(el);
  if (heading) return cleanText(textExcluding(heading, isCaptionChrome)) || null;
  const caption = captionAfterBareTime(el, author) ?? captionAfterAuthor(el, author);
  if (caption) return caption;
  return findActionBar(el) ? null : captionInReelOverlay(el);
}

function readLinks(el: Element, caption: string | null): string[] {
  const links = new Set<string>();
  for (const match of (caption ?? '').match(URL_IN_TEXT) ?? []) {
    const url = match.replace(/[)\].,!?;:'"»”’]+$/, '');
    try {
      links.add(new URL(url).href);
    } catch {
      // not a URL after all
    }
  }
  for (const a of Array.from(el.querySelectorAll('a[href]'))) {
    const href = externalHref(a.getAttribute('href'));
    if (href) links.add(href);
  }
  return Array.from(links)
    .filter((href) => href.length <= 2048)
    .slice(0, MAX_LINKS);
}

function readPost(el: Element, location: Location | URL): ReadResult {
  try {
    if (!el.isConnected) return { ok: false, reason: 'detached' };
    if (el.localName !== 'a' && hasLabel(el, SELECTORS.sponsoredLabel)) return { ok: false, reason: 'sponsored' };
    const code = ownShortcode(el) ?? shortcodeFromLocation(el, location);
    if (!code) {
      return { ok: false, reason: hasLabel(el, SELECTORS.suggestedLabel) ? 'suggested' : 'no-post-id' };
    }
    const author = readAuthor(el, location);
    const caption = el.localName === 'a' ? null : readCaption(el, author);
    const post: PostRef = {
      platform: 'instagram',
      postId: code,
      url: `${ORIGIN}/p/${code}/`,
      author: author ? author.slice(0, 100) : null,
      caption: caption ? caption.slice(0, MAX_TEXT) : null,
      links: el.localName === 'a' ? [] : readLinks(el, caption),
    };
    return { ok: true, post };
  } catch {
    return { ok: false, reason: 'not-a-post' };
  }
}

// ---------------------------------------------------------------- mounting

function findActionBar(el: Element): Element | null {
  const icon = queryFirst(el, SELECTORS.actionIcon);
  if (icon) {
    const bar = actionBarOf(icon);
    if (bar && el.contains(bar)) return bar;
  }
  // Other languages: the first section holding a row of icons.
  for (const section of queryAll(el, SELECTORS.actionBar)) {
    if (section.closest('header')) continue;
    if (section.querySelectorAll('svg').length >= 3) return section;
  }
  return null;
}

function mountPoint(el: Element): MountPoint | null {
  try {
    if (!el.isConnected) return null;
    if (isTile(el)) {
      // The tile's cell, so the overlay is not inside the link (a click on it must not navigate).
      const cell = el.parentElement;
      const target = cell && cell.childElementCount === 1 && cell.localName === 'div' ? cell : el;
      return { target, placement: 'overlay' };
    }
    const bar = findActionBar(el);
    if (bar) return { target: bar, placement: 'bar' };
    // Reels viewer: over the video's box, where the site puts its own overlay (not in the narrow
    // icon column, not after the full-height reel where it would be off screen).
    const media = mediaElement(el);
    if (media && matchesAny(media, SELECTORS.reelVideo) && media.parentElement && el.contains(media.parentElement) && media.parentElement !== el) {
      return { target: media.parentElement, placement: 'overlay' };
    }
    // No action bar (not rendered yet, or a layout we do not know): a row at the end of the post.
    return media ? { target: el, placement: 'bar' } : null;
  } catch {
    return null;
  }
}

function styleSize(el: Element): number | null {
  const style = el.getAttribute('style') ?? '';
  const m = /(?:^|;)\s*(?:height|width)\s*:\s*(\d+(?:\.\d+)?)px/.exec(style);
  return m?.[1] ? Number(m[1]) : null;
}

/** Avatars: in the header, in a profile link, in a `role="link"` span, or in a small fixed-size box. */
function isAvatar(img: Element, post: Element): boolean {
  if (img.closest('header')) return true;
  const link = img.closest('a, [role="link"]');
  if (link && link !== post && post.contains(link)) return true;
  const attrSize = Number(img.getAttribute('height') ?? img.getAttribute('width') ?? NaN);
  if (attrSize > 0 && attrSize <= 64) return true;
  let cur: Element | null = img;
  for (let depth = 0; cur && cur !== post && depth < 3; depth++, cur = cur.parentElement) {
    const size = styleSize(cur);
    if (size !== null && size <= 64) return true;
  }
  return false;
}

function mediaElement(el: Element): Element | null {
  try {
    const candidates = Array.from(el.querySelectorAll('img, video')).filter((media) => !isAvatar(media, el));
    return largest(candidates);
  } catch {
    return null;
  }
}

export const instagram: SiteAdapter = {
  platform: 'instagram',
  matches: ['https://www.instagram.com/*'],
  findPosts: neverThrows(findPosts, () => []),
  findPostsNear: neverThrows(findPostsNear, () => []),
  readPost,
  mountPoint,
  mediaElement,
};
