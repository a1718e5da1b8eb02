/**
 * Facebook (www.facebook.com): the news feed, page and profile timelines, group feeds, the photo
 * viewer dialog (opened over a timeline by pushState, or loaded at /photo/?fbid=) and the reels viewer.
 *
 * Hooks, most stable first: post ids in hrefs and in the page URL (`/<page>/posts/<id>`,
 * `permalink.php?story_fbid=`, `/photo/?fbid=`, `/groups/<group>/posts/<id>/`, `/reel/<id>`,
 * `/watch/?v=`), ARIA (`aria-posinset` feed items, `role="article"`, `aria-labelledby` pointing at the
 * author heading, `role="dialog"`, `role="complementary"`, `role="button"`), then data attributes
 * (`data-ad-rendering-role`, `data-ad-preview`, `data-pagelet`, `data-video-id`). Generated class
 * names are never used, interface text only for ad and suggestion labels (labels.ts).
 *
 * Every function here only reads the DOM: no getComputedStyle, no layout in findPosts/readPost
 * (except the URL-named post of page-post.ts, on post pages its hooks do not recognise), and
 * readPost never throws.
 */
import { MAX_TEXT } from '../platform/limits';
import type { PostRef } from '../catalog/model';
import { cleanText, isLabelText, largest, matchLabels, matchesAny, neverThrows, queryAll, textExcluding } from './dom';
import { FACEBOOK_LABELS, labelSet } from './labels';
import { webUrl } from '../platform/urls';
import { outboundLinks } from './links';
import { pagePosts as pagePostsOf } from './page-post';
import type { MountPoint, PageType, ReadResult, SiteAdapter } from './types';

const ORIGIN = 'https://www.facebook.com';

/** Named selectors, each an ordered fallback list: newest markup first. */
export const SELECTORS = {
  /** Feed items: news feed, page/profile timelines, group feeds. */
  feedPost: [
    // 2021–26: every feed item carries aria-posinset; 2025–26 news feed items have no role at all,
    // 2021–24 timelines add role="article". Units without a post (People you may know) are items too.
    'div[aria-posinset]',
    // 2020–23 group feeds and permalink pages: div[role="feed"] > … > div[role="article"] labelled by the
    // author heading. Comments are role="article" too, but labelled by aria-label, never aria-labelledby.
    'div[role="article"][aria-labelledby]',
  ],
  /** Nested articles inside a post: its comments and replies. */
  nested: [
    // 2020–26: aria-label="Comment by <name> <when>".
    '[role="article"]',
  ],
  /** The photo viewer: a dialog holding the photo and a side column. */
  viewer: [
    // 2021–26: a portal-mounted ARIA dialog (aria-label "Photo Viewer", translated). Menus are dialogs
    // too: filtered by content, see isViewer.
    'div[role="dialog"]',
  ],
  /** The viewer's photo. */
  viewerPhoto: [
    // 2021–26: the MediaViewerPhoto pagelet wraps the image.
    '[data-pagelet="MediaViewerPhoto"] img',
    // 2021–26: the image itself is marked for visual-completion logging.
    'img[data-visualcompletion="media-vc-image"]',
  ],
  /** The viewer's side column with author, caption, reactions and comments. */
  viewerSide: [
    // 2021–26.
    '[role="complementary"]',
  ],
  /** Reels viewer cards (and feed videos, which are inside a feed post). */
  video: [
    // 2022–26: the player container carries the video id.
    '[data-video-id]',
  ],
  /** The author's name heading. */
  authorHeading: [
    // 2024–26 news feed: <div data-ad-rendering-role="profile_name"><h4>…</h4></div>.
    '[data-ad-rendering-role="profile_name"]',
    // 2020–26 timelines (h2), group feeds (h3), photo viewer and reels (h2). The post's own
    // aria-labelledby, when present, is tried before any of these (see authorHeading).
    'h2',
    'h3',
    'h4',
  ],
  /** The post text. */
  caption: [
    // 2024–26 news feed.
    '[data-ad-rendering-role="story_message"]',
    // 2020–26 everywhere else (also inside story_message).
    '[data-ad-preview="message"]',
    '[data-ad-comet-preview="message"]',
    // Photo viewer and reels have no marked caption: the first text block after the author heading
    // (see captionAfterHeading).
  ],
  /** The action bar's buttons (2024–26 news feed: the label span is marked, the button is its role="button" ancestor). */
  likeButton: ['[data-ad-rendering-role="like_button"]'],
  otherActionButton: ['[data-ad-rendering-role="comment_button"]', '[data-ad-rendering-role="share_button"]'],
  // Other markup: the row of three labelled icon buttons, by shape (see findActionBar).
  /** Loading placeholders at the end of a feed. */
  placeholder: ['[data-visualcompletion="loading-state"]', '[role="status"]'],
} as const;

/** Ad labels (Facebook scrambles the visible letters, so the label is read from ARIA first) and suggestion units. */
const SPONSORED_LABELS = labelSet(FACEBOOK_LABELS.sponsored);
const SUGGESTED_LABELS = labelSet(FACEBOOK_LABELS.suggested);

const FACEBOOK_HOSTS = new Set(['facebook.com', 'www.facebook.com', 'web.facebook.com', 'm.facebook.com', 'mbasic.facebook.com']);
/** First path segments that are site sections, not vanity names of pages or people. */
const RESERVED_PATHS = new Set([
  'about', 'ad_center', 'ads', 'ajax', 'api', 'bookmarks', 'business', 'checkpoint', 'comment', 'community', 'composer',
  'dialog', 'events', 'feeds', 'friends', 'fundraisers', 'gaming', 'groups', 'hashtag', 'help', 'home.php', 'jobs', 'l.php',
  'latest', 'legal', 'live', 'login', 'login.php', 'logout.php', 'marketplace', 'me', 'media', 'memories', 'messages',
  'notifications', 'pages', 'people', 'permalink.php', 'pg', 'photo', 'photo.php', 'photos', 'places', 'plugins',
  'policies', 'privacy', 'profile.php', 'recover', 'reel', 'reels', 'saved', 'search', 'settings', 'share', 'sharer',
  'sharer.php', 'stories', 'story.php', 'terms', 'tr', 'video', 'videos', 'watch', 'weather',
]);
const NUMERIC_ID = /^\d{5,25}$/;
const PFBID = /^pfbid0[A-Za-z0-9]{10,120}$/;
const VANITY = /^[A-Za-z0-9][A-Za-z0-9.]{0,49}$/;

// ---------------------------------------------------------------- href helpers

/** Parses an href as a facebook.com URL (relative hrefs resolve against it); null for anything else. */
function facebookUrl(href: string | null | undefined): URL | null {
  const url = webUrl(href, ORIGIN + '/');
  return url && FACEBOOK_HOSTS.has(url.hostname) ? url : null;
}

function validId(value: string | null | undefined): string | null {
  return value && (NUMERIC_ID.test(value) || PFBID.test(value)) ? value : null;
}

function segments(url: URL): string[] {
  return url.pathname.split('/').filter(Boolean);
}

export interface Permalink {
  /** The post id: numeric, or an opaque `pfbid0…` where no numeric id is shown. */
  id: string;
  /** The canonical post URL. */
  url: string;
}

/**
 * The post a permalink points to: `/<page>/posts/<id>`, `/permalink.php?story_fbid=<id>&id=<owner>`,
 * `/story.php?story_fbid=`, `/photo/?fbid=<id>`, `/photo.php?fbid=`, `/<page>/photos/a.<album>/<id>/`,
 * `/groups/<group>/posts/<id>/`, `/groups/<group>/permalink/<id>/`, `/reel/<id>`, `/watch/?v=<id>`,
 * `/<page>/videos/<id>/`. Null for everything else (profiles, placeholders, hashtags, other sites).
 */
export function permalinkFromHref(href: string | null | undefined): Permalink | null {
  const url = facebookUrl(href);
  if (!url) return null;
  const parts = segments(url);
  const [first, second, third, fourth] = parts;
  const query = url.searchParams;
  if (!first) return null;
  if (parts.length === 1 && (first === 'permalink.php' || first === 'story.php')) {
    const id = validId(query.get('story_fbid'));
    if (!id) return null;
    const owner = query.get('id');
    return { id, url: `${ORIGIN}/permalink.php?story_fbid=${id}${owner && NUMERIC_ID.test(owner) ? `&id=${owner}` : ''}` };
  }
  if (parts.length === 1 && (first === 'photo' || first === 'photo.php')) {
    const id = validId(query.get('fbid'));
    return id ? { id, url: `${ORIGIN}/photo/?fbid=${id}` } : null;
  }
  if (first === 'groups' && second && (third === 'posts' || third === 'permalink') && fourth) {
    const id = validId(fourth);
    return id && VANITY.test(second) ? { id, url: `${ORIGIN}/groups/${second}/posts/${id}/` } : null;
  }
  if (first === 'reel' && second) {
    const id = NUMERIC_ID.test(second) ? second : null;
    return id ? { id, url: `${ORIGIN}/reel/${id}` } : null;
  }
  if (first === 'watch' && parts.length === 1) {
    const id = query.get('v');
    return id && NUMERIC_ID.test(id) ? { id, url: `${ORIGIN}/watch/?v=${id}` } : null;
  }
  if (!VANITY.test(first) || RESERVED_PATHS.has(first.toLowerCase())) return null;
  if (second === 'posts' && third) {
    const id = validId(third);
    return id ? { id, url: `${ORIGIN}/${first}/posts/${id}` } : null;
  }
  if (second === 'videos' && third) {
    const id = validId(parts[parts.length - 1]);
    return id && NUMERIC_ID.test(id) ? { id, url: `${ORIGIN}/${first}/videos/${id}/` } : null;
  }
  if (second === 'photos' && third) {
    // 2015–21 photo permalinks: `/<page>/photos/a.<album>/<id>/` or `/<page>/photos/<id>/`.
    const last = parts[parts.length - 1];
    const id = last && NUMERIC_ID.test(last) ? last : null;
    return id ? { id, url: `${ORIGIN}/photo/?fbid=${id}` } : null;
  }
  return null;
}

export function postIdFromHref(href: string | null | undefined): string | null {
  return permalinkFromHref(href)?.id ?? null;
}

/**
 * The account handle in a profile link: the vanity name (`/MaisonLuneHome`), the numeric id of
 * `/profile.php?id=<n>`, `/people/<name>/<n>/` and of group member links `/groups/<g>/user/<n>/`.
 */
export function authorFromHref(href: string | null | undefined): string | null {
  const url = facebookUrl(href);
  if (!url) return null;
  const parts = segments(url);
  const [first, second, third, fourth] = parts;
  if (!first) return null;
  if (first === 'profile.php' && parts.length === 1) {
    const id = url.searchParams.get('id');
    return id && NUMERIC_ID.test(id) ? id : null;
  }
  if (first === 'groups' && third === 'user' && fourth && NUMERIC_ID.test(fourth)) return fourth;
  if (first === 'people' && third && NUMERIC_ID.test(third)) return third;
  // 2017–19 page links: `/pg/<vanity>/…`.
  if (first === 'pg' && second && VANITY.test(second) && !RESERVED_PATHS.has(second.toLowerCase())) return second;
  if (parts.length !== 1 || !VANITY.test(first) || RESERVED_PATHS.has(first.toLowerCase())) return null;
  return first;
}

/** What the page URL shows. The photo viewer is a dialog however it was opened. */
export function pageType(location: URL | Location): PageType {
  const url = facebookUrl(location.href);
  if (!url) return 'unsupported';
  const permalink = permalinkFromHref(url.href);
  if (permalink) return /\/photo\//.test(permalink.url) ? 'modal' : /\/(?:reel|watch|videos)\//.test(permalink.url) ? 'video' : 'post';
  const [first, second] = segments(url);
  if (!first || first === 'home.php' || (first === 'groups' && second) || first === 'watch' || first === 'reel') return first === 'reel' ? 'video' : 'home';
  if (first === 'search' || first === 'hashtag') return 'search';
  return authorFromHref(url.href) || first === 'people' ? 'profile' : 'unsupported';
}

/** The post the URL names: a permalink page, the photo viewer, a reel or video page. */
function idFromUrl(href: string): string | null {
  return permalinkFromHref(href)?.id ?? null;
}

// ---------------------------------------------------------------- DOM helpers

/** Inside a comment (or any article nested in `post`), so not part of the post itself. */
function inNested(node: Element, post: Element): boolean {
  const nested = node.closest(SELECTORS.nested.join(','));
  return nested !== null && nested !== post && post.contains(nested);
}

/** First element under `root` (outside comments) matching the first selector that matches anything. */
function queryOwn(root: Element, selectors: readonly string[]): Element | null {
  for (const sel of selectors) {
    for (const el of Array.from(root.querySelectorAll(sel))) if (!inNested(el, root)) return el;
  }
  return null;
}

function isBlock(el: Element): boolean {
  return el.localName === 'div' || el.localName === 'p' || el.localName === 'li';
}

/** Caption text: each paragraph block is a line, emoji images count as their alt. */
function captionText(root: Element): string {
  return textExcluding(root, isCaptionChrome, { isBlock, emojiImages: true });
}

/** Parts of a caption block that are not caption text ("See more", icons). */
function isCaptionChrome(el: Element): boolean {
  const name = el.localName;
  return name === 'svg' || name === 'script' || name === 'style' || name === 'button' || el.getAttribute('role') === 'button';
}

/** Text that belongs to what people wrote (post text, comments, link previews), never a UI label. */
function inUserText(node: Element, post: Element): boolean {
  if (inNested(node, post)) return true;
  return node.closest([...SELECTORS.caption, 'a[target="_blank"]'].join(',')) !== null;
}

/** Which short UI labels of the post (outside what people wrote) say Sponsored or Suggested. */
function uiLabels(post: Element): { sponsored: boolean; suggested: boolean } {
  const sets = [SPONSORED_LABELS, SUGGESTED_LABELS];
  // Text, aria-label and title (letters split by hidden fillers too).
  let [sponsored, suggested] = matchLabels(post, sets, (node) => inUserText(node, post));
  // 2022–26: the visible letters are scrambled and the real label sits in a hidden element elsewhere.
  for (const node of Array.from(post.querySelectorAll('[aria-labelledby]'))) {
    if (inUserText(node, post)) continue;
    for (const id of (node.getAttribute('aria-labelledby') ?? '').split(/\s+/)) {
      const ref = id ? post.ownerDocument.getElementById(id) : null;
      const text = ref && ref !== post ? (ref.textContent ?? '') : '';
      sponsored ||= isLabelText(text, SPONSORED_LABELS);
      suggested ||= isLabelText(text, SUGGESTED_LABELS);
    }
  }
  return { sponsored: !!sponsored, suggested: !!suggested };
}

function lowestCommonAncestor(a: Element, b: Element): Element | null {
  for (let cur: Element | null = a; cur; cur = cur.parentElement) if (cur.contains(b)) return cur;
  return null;
}

/**
 * A unit of suggestions by its shape, in any language: reels or videos side by side ("Reels and
 * short videos"), or people and no post of its own ("People you may know").
 */
function isSuggestionUnit(el: Element): boolean {
  const videos = new Set<string>();
  const people = new Set<string>();
  for (const a of Array.from(el.querySelectorAll('a[href]'))) {
    if (inNested(a, el)) continue;
    const href = a.getAttribute('href');
    const permalink = permalinkFromHref(href);
    if (permalink && !/\/(?:reel|watch|videos)\//.test(permalink.url)) return false;
    if (permalink) videos.add(permalink.id);
    else people.add(authorFromHref(href) ?? '');
  }
  people.delete('');
  return videos.size > 1 || (videos.size === 0 && people.size > 1);
}

// ---------------------------------------------------------------- kinds of post elements

type Kind = 'viewer' | 'feed' | 'reel';

/** A dialog showing a photo with its side column (not a menu, not a share sheet). */
function isViewer(el: Element): boolean {
  if (!matchesAny(el, SELECTORS.viewer)) return false;
  return queryAll(el, SELECTORS.viewerPhoto).length > 0;
}

function kindOf(el: Element): Kind {
  if (isViewer(el)) return 'viewer';
  if (!matchesAny(el, SELECTORS.feedPost) && (matchesAny(el, SELECTORS.video) || queryAll(el, SELECTORS.video).length > 0)) return 'reel';
  return 'feed';
}

function viewerSide(el: Element): Element {
  return queryAll(el, SELECTORS.viewerSide)[0] ?? el;
}

// ---------------------------------------------------------------- finding posts

const BOUNDARY = new Set(['main', 'body', 'html']);

function distinctVideoIds(el: Element): number {
  const ids = new Set<string>();
  for (const v of queryAll(el, SELECTORS.video)) ids.add(v.getAttribute('data-video-id') ?? '');
  if (matchesAny(el, SELECTORS.video)) ids.add(el.getAttribute('data-video-id') ?? '');
  return ids.size;
}

function hasAuthorHeading(el: Element): boolean {
  return queryAll(el, SELECTORS.authorHeading).some((h) => h.querySelector('a[href]'));
}

/** A reels card: the smallest ancestor of the player that also holds the author, never two videos. */
function climbToCard(video: Element): Element {
  let cur = video;
  for (let parent = cur.parentElement; parent; parent = parent.parentElement) {
    if (BOUNDARY.has(parent.localName) || parent.getAttribute('role') === 'main' || parent.getAttribute('role') === 'dialog') break;
    if (distinctVideoIds(parent) > 1) break;
    cur = parent;
    if (hasAuthorHeading(cur)) break;
  }
  return cur;
}

/** A loading skeleton: no links at all, only a status. */
function isPlaceholder(el: Element): boolean {
  return !el.querySelector('a[href]') && queryAll(el, SELECTORS.placeholder).length > 0;
}

function findPosts(root: ParentNode): Element[] {
  const found = new Set<Element>();
  // nodeType, not instanceof: the root may come from another window (iframes, tests).
  const self = (root as Node).nodeType === 1 ? (root as Element) : null;
  const feedSelector = SELECTORS.feedPost.join(',');

  // 1. Photo viewer dialogs.
  const dialogs = queryAll(root, SELECTORS.viewer);
  if (self) {
    const dialog = self.closest(SELECTORS.viewer.join(','));
    if (dialog) dialogs.unshift(dialog);
  }
  for (const dialog of dialogs) if (isViewer(dialog)) found.add(dialog);

  // 2. Feed items, outermost only (a root inside a post finds that post).
  const candidates = queryAll(root, SELECTORS.feedPost);
  if (self) {
    for (let cur = self.closest(feedSelector); cur; cur = cur.parentElement?.closest(feedSelector) ?? null) candidates.unshift(cur);
  }
  for (const el of candidates) {
    if (el.parentElement?.closest(feedSelector)) continue;
    if (isPlaceholder(el)) continue;
    found.add(el);
  }

  // 3. Reels cards: players outside any feed post.
  const videos = queryAll(root, SELECTORS.video);
  if (self && matchesAny(self, SELECTORS.video)) videos.unshift(self);
  for (const video of videos) {
    if (video.closest(feedSelector) || video.closest(SELECTORS.viewer.join(','))) continue;
    found.add(climbToCard(video));
  }

  // Document order, nothing nested in another result.
  const list = Array.from(found).sort((a, b) => (a.compareDocumentPosition(b) & 4 ? -1 : 1));
  const posts = list.filter((el) => {
    for (let cur = el.parentElement; cur; cur = cur.parentElement) if (found.has(cur)) return false;
    return true;
  });
  return pagePosts.complete(posts, (root as Node).ownerDocument ?? (root as Document));
}

// ---------------------------------------------------------------- reading posts

/** The post's own permalink: the first one in document order outside comments (the timestamp link). */
function ownPermalink(el: Element): Permalink | null {
  for (const a of Array.from(el.querySelectorAll('a[href]'))) {
    if (inNested(a, el)) continue;
    const permalink = permalinkFromHref(a.getAttribute('href'));
    if (permalink) return permalink;
  }
  return null;
}

function readPermalink(el: Element, kind: Kind, location: Location | URL): Permalink | null {
  const scope = kind === 'viewer' ? viewerSide(el) : el;
  const own = ownPermalink(scope);
  if (own) return own;
  if (kind === 'reel') {
    const video = matchesAny(el, SELECTORS.video) ? el : queryAll(el, SELECTORS.video)[0];
    const id = video?.getAttribute('data-video-id');
    if (id && NUMERIC_ID.test(id)) return { id, url: `${ORIGIN}/reel/${id}` };
  }
  // The viewer and the reels page are identified by the page URL when they show no permalink.
  if (kind === 'viewer' || kind === 'reel') {
    const fromUrl = permalinkFromHref(location.href);
    if (fromUrl && (kind === 'viewer' ? /\/photo(?:\.php|\/)/.test(fromUrl.url) : fromUrl.url.includes('/reel/'))) return fromUrl;
  }
  return null;
}

/** The author's heading: the post's aria-labelledby target, then the marked name, then a heading. */
function authorHeading(el: Element, scope: Element): Element | null {
  const doc = el.ownerDocument;
  for (const id of (el.getAttribute('aria-labelledby') ?? '').split(/\s+/)) {
    const ref = id ? doc.getElementById(id) : null;
    if (ref && el.contains(ref) && ref.querySelector('a[href]')) return ref;
  }
  for (const sel of SELECTORS.authorHeading) {
    for (const heading of Array.from(scope.querySelectorAll(sel))) {
      if (inNested(heading, el) || !heading.querySelector('a[href]')) continue;
      return heading;
    }
  }
  return null;
}

function readAuthor(el: Element, scope: Element, heading: Element | null): string | null {
  for (const a of Array.from(heading?.querySelectorAll('a[href]') ?? [])) {
    const author = authorFromHref(a.getAttribute('href'));
    if (author) return author;
  }
  // No heading: the avatar link, the first profile link of the post.
  for (const a of Array.from(scope.querySelectorAll('a[href]'))) {
    if (inNested(a, el)) continue;
    const author = authorFromHref(a.getAttribute('href'));
    if (author) return author;
  }
  return null;
}

/** Parts around a viewer or reels caption that are not caption text. */
function isCaptionNeighbour(node: Element): boolean {
  return node.closest('a, h1, h2, h3, h4, [role="button"], [role="toolbar"], [role="article"]') !== null;
}

/** Photo viewer and reels: the first text block after the author heading, before the action bar. */
function captionAfterHeading(el: Element, scope: Element, heading: Element | null, bar: Element | null): string | null {
  if (!heading) return null;
  for (const block of Array.from(scope.querySelectorAll('[dir="auto"]'))) {
    if (!(heading.compareDocumentPosition(block) & 4) || heading.contains(block)) continue;
    if (bar && (bar.contains(block) || bar.compareDocumentPosition(block) & 4)) break;
    if (isCaptionNeighbour(block) || inNested(block, el)) continue;
    // The time row holds the permalink (hashtags and mentions in a caption are links too).
    if (block.querySelector('[role="button"], h1, h2, h3, h4')) continue;
    if (Array.from(block.querySelectorAll('a[href]')).some((a) => permalinkFromHref(a.getAttribute('href')))) continue;
    const text = cleanText(captionText(block));
    if (text) return text;
  }
  return null;
}

function readCaption(el: Element, kind: Kind, scope: Element, heading: Element | null): string | null {
  const box = queryOwn(scope, SELECTORS.caption);
  if (box) return cleanText(captionText(box)) || null;
  if (kind === 'feed') return null;
  return captionAfterHeading(el, scope, heading, findActionBar(scope, el));
}

function readLinks(el: Element, caption: string | null): string[] {
  const anchors = Array.from(el.querySelectorAll('a[href]')).filter((a) => !inNested(a, el));
  return outboundLinks(caption, anchors, ORIGIN + '/');
}

/** The page's post found from its URL and dominant media (page-post.ts): only its id is known. */
function readPagePost(id: string, location: Location | URL): ReadResult {
  const permalink = permalinkFromHref(location.href);
  if (permalink?.id !== id) return { ok: false, reason: 'not-page-post' };
  return { ok: true, post: { platform: 'facebook', postId: id, url: permalink.url, author: null, caption: null, links: [] } };
}

function readPost(el: Element, location: Location | URL, wanted?: (post: PostRef) => boolean): ReadResult {
  try {
    if (!el.isConnected) return { ok: false, reason: 'detached' };
    const pageId = pagePosts.chosenId(el);
    if (pageId) return readPagePost(pageId, location);
    const kind = kindOf(el);
    // Reads all of the post's text: only for a post that may be shown (see `wanted`).
    const skipped = (): 'sponsored' | 'suggested' | null => {
      const labels = kind === 'viewer' ? null : uiLabels(el);
      if (labels?.sponsored) return 'sponsored';
      return kind === 'feed' && (labels?.suggested || isSuggestionUnit(el)) ? 'suggested' : null;
    };
    const permalink = readPermalink(el, kind, location);
    if (!permalink) return { ok: false, reason: skipped() ?? 'no-post-id' };
    const scope = kind === 'viewer' ? viewerSide(el) : el;
    const heading = authorHeading(el, scope);
    const author = readAuthor(el, scope, heading);
    const caption = readCaption(el, kind, scope, heading);
    const post: PostRef = {
      platform: 'facebook',
      postId: permalink.id,
      url: permalink.url,
      author: author ? author.slice(0, 100) : null,
      caption: caption ? caption.slice(0, MAX_TEXT) : null,
      links: readLinks(scope, caption),
    };
    if (wanted && !wanted(post)) return { ok: false, reason: 'not-wanted' };
    const reason = skipped();
    return reason ? { ok: false, reason } : { ok: true, post };
  } catch {
    return { ok: false, reason: 'unreadable' };
  }
}

// ---------------------------------------------------------------- mounting

/** A role="button" with an icon and a short text label: the shape of Like, Comment and Share. */
function isLabelledIconButton(button: Element): boolean {
  if (!button.querySelector('i, svg')) return false;
  const text = (button.textContent ?? '').trim();
  return text.length > 0 && text.length <= 30;
}

/** The row of Like / Comment / Share buttons of the post. */
function findActionBar(scope: Element, post: Element): Element | null {
  const own = (selectors: readonly string[]): Element | null => {
    const hit = queryOwn(scope, selectors);
    return hit ? (hit.closest('[role="button"]') ?? hit) : null;
  };
  const like = own(SELECTORS.likeButton);
  const other = own(SELECTORS.otherActionButton);
  if (like && other) {
    const row = lowestCommonAncestor(like, other);
    if (row && scope.contains(row)) return row;
  }
  // Any language: the smallest ancestor holding three labelled icon buttons.
  const buttons = Array.from(scope.querySelectorAll('[role="button"]')).filter((b) => !inNested(b, post) && isLabelledIconButton(b));
  for (const button of buttons) {
    let cur: Element | null = button.parentElement;
    for (let depth = 0; cur && cur !== scope && depth < 5; depth++, cur = cur.parentElement) {
      const inside = buttons.filter((b) => cur!.contains(b)).length;
      if (inside >= 3) return cur;
    }
  }
  return null;
}

function mountPoint(el: Element): MountPoint | null {
  try {
    if (!el.isConnected) return null;
    // The page's post found from the URL: over its media's frame.
    if (pagePosts.chosenId(el)) return { target: el, placement: 'overlay' };
    const kind = kindOf(el);
    if (kind === 'reel') {
      // Over the player, not inside a link.
      const video = matchesAny(el, SELECTORS.video) ? el : queryAll(el, SELECTORS.video)[0];
      return video ? { target: video, placement: 'overlay' } : null;
    }
    const scope = kind === 'viewer' ? viewerSide(el) : el;
    const bar = findActionBar(scope, el);
    if (bar) {
      // Below the row rather than inside it: the row is a flex line of three equal buttons.
      const wrapper = bar.parentElement;
      const target = wrapper && wrapper !== scope && wrapper.childElementCount === 1 && scope.contains(wrapper) ? wrapper : bar;
      return { target, placement: 'bar' };
    }
    // No action bar (not rendered yet, a layout we do not know): a row at the end of a real post.
    return ownPermalink(scope) ? { target: scope, placement: 'bar' } : null;
  } catch {
    return null;
  }
}

/** Avatars, reaction icons and emoji: small, or drawn as an <image> inside an svg. */
function isIcon(media: Element): boolean {
  const attrSize = Math.min(Number(media.getAttribute('height') ?? NaN), Number(media.getAttribute('width') ?? NaN));
  return attrSize > 0 && attrSize <= 64;
}

function mediaElement(el: Element): Element | null {
  try {
    const kind = kindOf(el);
    if (kind === 'viewer') {
      const photo = queryAll(el, SELECTORS.viewerPhoto)[0];
      if (photo) return photo;
    }
    if (kind === 'reel') {
      const video = el.querySelector('[data-video-id] video, video');
      if (video) return video;
    }
    const candidates = Array.from(el.querySelectorAll('img, video')).filter(
      (media) => !isIcon(media) && !inNested(media, el) && !media.closest(SELECTORS.authorHeading.join(',')),
    );
    return largest(candidates);
  } catch {
    return null;
  }
}

/** The post a page URL names, when no hook of this file finds it in the page. */
const pagePosts = pagePostsOf({
  idFromUrl,
  idFromHref: postIdFromHref,
  idOf: (el) => {
    const view = el.ownerDocument.defaultView;
    return view ? (readPermalink(el, kindOf(el), view.location)?.id ?? null) : null;
  },
});

export const facebook: SiteAdapter = {
  platform: 'facebook',
  matches: ['https://www.facebook.com/*'],
  findPosts: neverThrows(findPosts, () => []),
  // findPosts already finds the post around a root inside one: the same walk serves added subtrees.
  findPostsNear: neverThrows(findPosts, () => []),
  readPost,
  mountPoint,
  mediaElement,
};
