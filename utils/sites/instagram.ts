/**
 * Instagram (www.instagram.com): home feed, profile grid, explore grid, single post and reel pages,
 * the post modal and the reels viewer.
 *
 * Hooks, most stable first: shortcodes in hrefs and in the page URL (`/p/<code>/`, `/reel/<code>/`,
 * `/<user>/p/<code>/`), ARIA roles (`role="dialog"`, `role="button"`), element shapes (`article`,
 * `section`, `time[datetime]`, `h1`, the 24px icons of an action row). Never the interface's
 * labels ("Like" is "Me gusta" or "پسندیدن" for our users), never generated class names.
 *
 * Every function here only reads the DOM: no getComputedStyle, no layout in findPosts/readPost
 * (except the URL-named post of page-post.ts, on post pages its hooks do not recognise), and
 * readPost never throws.
 */
import { MAX_TEXT } from '../platform/limits';
import type { PostRef } from '../catalog/model';
import { cleanText, hasLabel, isInside, largest, matchesAny, neverThrows, queryAll, queryFirst, textExcluding } from './dom';
import { INSTAGRAM_LABELS, labelSet } from './labels';
import { webUrl } from '../platform/urls';
import { outboundLinks } from './links';
import { pagePosts as pagePostsOf } from './page-post';
import type { MountPoint, PageType, ReadResult, SiteAdapter } from './types';

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
  /**
   * The post's own action icons (like, comment, share, save, more): 24px svg icons in buttons.
   * Comment like buttons are 12–16px; 24px icons in comment rows, forms, headers and links are not
   * the post's (see isActionIcon). Three or more of them together are a post's action row.
   */
  actionIcon: [
    // 2019–26: <div role="button"> (or <button>) … <svg height="24" width="24">.
    '[role="button"] svg[height="24"]',
    'button svg[height="24"]',
  ],
  /** Where action icons never belong to the post's own row. */
  notActionIcon: ['a[href]', 'header', 'nav', 'form', 'ul', 'li', 'h1', 'h2', 'h3'],
  /** The row of action icons, around the icons of one post. */
  actionBar: [
    // 2019–26: the icons live in a <section> (post page, modal and feed alike). Only a section with
    // one post's icons counts: the app shell is a <section> too, around everything (see actionBar).
    'section',
    // The reels viewer (2023–26) has no bar: the icons stand in a column of div[role="button"]
    // beside the video, and the overlay goes on the video instead (see `reelVideo`).
  ],
  /** Where a post can be: article-less posts are found from action rows inside these. */
  content: ['main', '[role="main"]', '[role="dialog"]'],
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
  /** Text of what people wrote: never an interface label, even when it reads "Sponsored". */
  userText: ['h1', 'ul', 'li'],
} as const;

const SPONSORED_LABELS = labelSet(INSTAGRAM_LABELS.sponsored);

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

/** What the page URL shows. `/p/<code>/` is the post page and also the modal over a feed or grid. */
export function pageType(location: URL | Location): PageType {
  const url = instagramUrl(location.href);
  if (!url) return 'unsupported';
  const path = url.pathname;
  if (path === '/' || path === '') return 'home';
  if (REELS_VIEWER_PATH.test(path) || /^\/(?:[A-Za-z0-9._]{1,30}\/)?(?:reel|tv)\//.test(path)) return 'video';
  if (shortcodeFromHref(url.href)) return 'post';
  if (/^\/explore(?:\/|$)/.test(path)) return 'search';
  const user = /^\/([A-Za-z0-9._]{1,30})(?:\/(?:reels|tagged|saved))?\/?$/.exec(path)?.[1];
  return user && !RESERVED_PATHS.has(user.toLowerCase()) ? 'profile' : 'unsupported';
}

/** The post the URL names: a post or reel page, or the modal. The reels viewer names one of many reels. */
function idFromUrl(href: string): string | null {
  const url = instagramUrl(href);
  return url && !REELS_VIEWER_PATH.test(url.pathname) ? shortcodeFromHref(url.href) : null;
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

/** An ad label of the post: interface text outside what people wrote and outside profile links. */
function hasPostLabel(el: Element, labels: ReadonlySet<string>): boolean {
  return hasLabel(el, labels, (node) => {
    const block = node.closest(SELECTORS.userText.join(','));
    if (block && el.contains(block)) return true;
    const link = node.closest('a[href]');
    return !!link && el.contains(link) && profileUser(link) !== null;
  });
}

function isTile(el: Element): boolean {
  return el.localName === 'a' && shortcodeFromHref(el.getAttribute('href')) !== null;
}

// ---------------------------------------------------------------- finding posts

/** A 24px icon in a button that is one of the post's own actions (not a comment's, a form's or a link's). */
function isActionIcon(svg: Element): boolean {
  return svg.closest(SELECTORS.notActionIcon.join(',')) === null;
}

function actionIcons(el: ParentNode): Element[] {
  return queryAll(el, SELECTORS.actionIcon).filter(isActionIcon);
}

/** The action icons under `root` (document order) and which of them an icon is. */
interface IconList {
  root: ParentNode;
  icons: Element[];
  index: number;
}

/**
 * Whether `cur` (inside the list's root) holds three or more of the icons. What an element holds
 * is one run of the list in document order, around the icon climbing from inside it: counting its
 * neighbours is the same as querying it again, without reading the subtree.
 */
function holdsThree(cur: Element, { icons, index }: IconList): boolean {
  let n = 1;
  for (let j = index - 1; j >= 0 && n < 3 && cur.contains(icons[j]!); j--) n++;
  for (let j = index + 1; j < icons.length && n < 3 && cur.contains(icons[j]!); j++) n++;
  return n >= 3;
}

/** The closest ancestor of an action icon that holds three or more of them: its row, or a whole post. */
function rowOf(icon: Element, within?: Element, list?: IconList): Element | null {
  let cur = icon.parentElement;
  for (let depth = 0; cur && depth < 10 && cur !== within?.parentElement; depth++, cur = cur.parentElement) {
    if (list && (list.root as Node).contains(cur) ? holdsThree(cur, list) : actionIcons(cur).length >= 3) return cur;
  }
  return null;
}

/**
 * Action rows: the innermost elements holding three or more of the post's own action icons (like,
 * comment, share, save): a feed post's bar, the post page's and the modal's bar, a reel's column.
 */
function actionRows(root: ParentNode, skip?: ReadonlySet<Element>): Element[] {
  const rows = new Set<Element>();
  const icons = actionIcons(root);
  icons.forEach((icon, index) => {
    // Icons of posts found already (feed articles) need no row: their post is known.
    if (skip && isInside(icon, skip)) return;
    const row = rowOf(icon, undefined, { root, icons, index });
    if (row) rows.add(row);
  });
  return [...rows].filter((row) => ![...rows].some((other) => other !== row && row.contains(other)));
}

/** Whether `parent` holds the action row of another post than the one `cur` holds. */
function hasOtherRow(parent: Element, cur: Element): boolean {
  const icons = actionIcons(parent);
  return icons.some((icon, index) => {
    if (cur.contains(icon)) return false;
    const row = rowOf(icon, parent, { root: parent, icons, index });
    return row !== null && !row.contains(cur);
  });
}

/** The post a dialog holds, or null for the share sheet, the options menu and friends. */
function dialogPost(dialog: Element): Element | null {
  const inner = queryFirst(dialog, SELECTORS.modalPost);
  if (inner) return inner;
  if (actionRows(dialog).length) return dialog;
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
 * Article-less layouts: the post is the smallest ancestor of its action row that also holds the
 * post's media (stable while lazy parts such as the "More posts from" grid load around it). Without
 * media yet, the largest ancestor that holds no other post (no other action row, no link to another
 * shortcode).
 */
function climbToPostRoot(from: Element): Element {
  let cur = from;
  for (let parent = cur.parentElement; parent; parent = parent.parentElement) {
    if (BOUNDARY.has(parent.localName) || parent.getAttribute('role') === 'main' || parent.getAttribute('role') === 'dialog') break;
    if (hasOtherRow(parent, cur)) break;
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

  // 3. Article-less posts (post page, div-wrapped feeds, reels): one per action row outside known posts.
  const content = SELECTORS.content.join(',');
  for (const row of actionRows(root, found)) {
    // The app's own rows of icons (navigation) stand outside the main region and dialogs.
    if (isInside(row, found) || !row.closest(content)) continue;
    const article = row.closest(SELECTORS.feedPost.join(','));
    if (article) {
      add(article);
      continue;
    }
    const dialog = row.closest(SELECTORS.modal.join(','));
    if (dialog) {
      add(dialogPost(dialog));
      continue;
    }
    add(climbToPostRoot(row));
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
  const posts = list.filter((el) => {
    for (let cur = el.parentElement; cur; cur = cur.parentElement) {
      if (found.has(cur) && ownShortcode(cur) === ownShortcode(el)) return false;
    }
    return true;
  });
  const doc = (root as Node).ownerDocument ?? (root as Document);
  return pagePosts.complete(posts, doc);
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
    return pagePosts.complete(post ? [post] : [], node.ownerDocument);
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
  return outboundLinks(caption, el.querySelectorAll('a[href]'), ORIGIN + '/');
}

/** The page's post found from its URL and dominant media (page-post.ts): only its id is known. */
function readPagePost(el: Element, id: string, location: Location | URL): ReadResult {
  if (idFromUrl(location.href) !== id) return { ok: false, reason: 'not-page-post' };
  const author = usernameFromHref(location.href);
  return { ok: true, post: { platform: 'instagram', postId: id, url: `${ORIGIN}/p/${id}/`, author, caption: null, links: [] } };
}

function readPost(el: Element, location: Location | URL, wanted?: (post: PostRef) => boolean): ReadResult {
  try {
    if (!el.isConnected) return { ok: false, reason: 'detached' };
    const pageId = pagePosts.chosenId(el);
    if (pageId) return readPagePost(el, pageId, location);
    const tile = el.localName === 'a';
    // Reads all of the post's text: only for a post that may be shown (see `wanted`).
    const sponsored = () => !tile && hasPostLabel(el, SPONSORED_LABELS);
    const code = ownShortcode(el) ?? shortcodeFromLocation(el, location);
    if (!code) {
      if (tile) return { ok: false, reason: 'no-post-id' };
      if (sponsored()) return { ok: false, reason: 'sponsored' };
      // "Suggested for you" (in the user's language): accounts to follow, no picture of a post.
      if (!hasMedia(el) && new Set(Array.from(el.querySelectorAll('a[href]'), profileUser).filter(Boolean)).size > 1) return { ok: false, reason: 'suggested' };
      // A loading skeleton has neither links nor pictures yet.
      return { ok: false, reason: el.querySelector('a[href], img, video') ? 'no-post-id' : 'not-rendered' };
    }
    const author = readAuthor(el, location);
    const caption = tile ? null : readCaption(el, author);
    const post: PostRef = {
      platform: 'instagram',
      postId: code,
      url: `${ORIGIN}/p/${code}/`,
      author: author ? author.slice(0, 100) : null,
      caption: caption ? caption.slice(0, MAX_TEXT) : null,
      links: tile ? [] : readLinks(el, caption),
    };
    if (wanted && !wanted(post)) return { ok: false, reason: 'not-wanted' };
    if (sponsored()) return { ok: false, reason: 'sponsored' };
    return { ok: true, post };
  } catch {
    return { ok: false, reason: 'unreadable' };
  }
}

// ---------------------------------------------------------------- mounting

/**
 * The post's action bar: the <section> around its action row (post page, modal, feed), or the row
 * itself when it sits in no section of its own. None for the reels viewer, whose icons stand in a
 * narrow column beside the video (the app shell around it is a section of every reel).
 */
function findActionBar(el: Element): Element | null {
  for (const row of actionRows(el)) {
    const section = row.closest(SELECTORS.actionBar.join(','));
    if (section && el.contains(section) && !section.closest('header') && actionRows(section).length === 1) return section;
  }
  return null;
}

function mountPoint(el: Element): MountPoint | null {
  try {
    if (!el.isConnected) return null;
    // The page's post found from the URL: over its media's frame.
    if (pagePosts.chosenId(el)) return { target: el, placement: 'overlay' };
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

/** The post a page URL names, when no hook of this file finds it in the page. */
const pagePosts = pagePostsOf({
  idFromUrl,
  idFromHref: shortcodeFromHref,
  idOf: (el) => {
    const view = el.ownerDocument.defaultView;
    return ownShortcode(el) ?? (view ? shortcodeFromLocation(el, view.location) : null);
  },
});

export const instagram: SiteAdapter = {
  platform: 'instagram',
  matches: ['https://www.instagram.com/*'],
  findPosts: neverThrows(findPosts, () => []),
  findPostsNear: neverThrows(findPostsNear, () => []),
  readPost,
  mountPoint,
  mediaElement,
};
