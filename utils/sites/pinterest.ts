/**
 * Pinterest (www.pinterest.com and its country subdomains): home feed, boards, search results and the
 * pin close-up (opened directly or by the SPA from any grid).
 *
 * Hooks, most stable first: pin ids in hrefs and in the page URL (`/pin/<id>/`, `/pin/<slug>--<id>/`),
 * ARIA roles (`role="listitem"`, `role="group"`), Pinterest's test-id data attributes
 * (`data-test-id="pin"`, `data-test-pin-id`, `closeup-*`, `creator-profile-link`). Generated class
 * names (`Jea XiG`, `ADXRXN`) are never used; `pinWrapper` and `PinCard__` are component names,
 * used only after every other hook. Interface text only for ad labels (labels.ts).
 *
 * Every function here only reads the DOM: no getComputedStyle, no layout in findPosts/readPost
 * (except the URL-named pin of page-post.ts, on close-ups its hooks do not recognise), and
 * readPost never throws.
 */
import { MAX_TEXT } from '../platform/limits';
import type { PostRef } from '../catalog/model';
import { cleanText, closestAny, hasLabel, isInside, largest, matchesAny, neverThrows, queryAll, queryFirst, textExcluding } from './dom';
import { PINTEREST_LABELS, labelSet } from './labels';
import { webUrl } from '../platform/urls';
import { outboundHref as outbound, urlsInText } from './links';
import { pagePosts as pagePostsOf } from './page-post';
import type { MountPoint, PageType, ReadResult, SiteAdapter } from './types';

const ORIGIN = 'https://www.pinterest.com';

/** Named selectors, each an ordered fallback list: newest markup first. */
export const SELECTORS = {
  /** The pin close-up (`/pin/<id>/`, opened directly or over a grid by the SPA). */
  closeup: [
    // 2022–26: the pin's own block. In 2026 it sits in the first cell of the related-pins grid.
    '[data-test-id="closeup-body"]',
    // 2019–22: the details column and media side in one container.
    '[data-test-id="CloseupDetails"]',
    // Without either, findPosts climbs from the close-up image, see `closeupImage`.
  ],
  /** The close-up image container: its element id carries the pin id (`closeup-image-container-<id>`). */
  closeupImage: [
    // 2024–26
    '[data-test-id="closeup-image"]',
    '[id^="closeup-image-container-"]',
    // 2021–24 video pins
    '[data-test-id="closeup-video"]',
  ],
  /** The close-up's main picture or video. */
  closeupMedia: [
    // 2026: a blurred backdrop <img> precedes the main one; the main one is in `closeup-image-main`.
    '[data-test-id="closeup-image-main"] img',
    '[data-test-id="closeup-image"] img',
    '[data-test-id="closeup-video"] video',
    '[data-test-id="closeup-image"] video',
  ],
  /** The row of close-up actions (React, Comments, Share, …, Save); the overlay row goes below it. */
  closeupActionBar: [
    // 2025–26
    '[data-test-id="closeupActionBar"]',
    // 2023–26 outer wrapper (sticky action bar)
    '[data-test-id="closeup-action-bar"]',
    // 2023–26 the list of actions itself
    '[data-test-id="closeup-action-items"]',
  ],
  closeupTitle: [
    // 2021–26
    '[data-test-id="closeup-title"] h1',
    '[data-test-id="closeup-title"]',
    // 2019–22 rich pins
    '[data-test-id="rich-pin-information"] h1',
    // The close-up has one <h1>: the pin title (comment and creator headings are h2).
    'h1',
  ],
  closeupDescription: [
    // 2022–26
    '[data-test-id="truncated-description"]',
    // 2019–22 rich pins
    '[data-test-id="richPinInformation-description"]',
    '[data-test-id="closeup-description"]',
  ],
  /** The pin's creator in the close-up. */
  closeupCreator: [
    // 2021–26 creator card: name link, then avatar link
    '[data-test-id="creator-profile-link"]',
    '[data-test-id="creator-avatar-link"]',
    '[data-test-id="creator-card-profile"] a[href]',
  ],
  /** The close-up's outbound links (the pin's website). */
  closeupOutbound: [
    // 2024–26 "Visit site" button next to Save
    'a[data-test-id="visit-button"]',
    '[data-test-id="visit-button"] a',
    // 2021–26 domain link above the title
    '[data-test-id="maybe-clickthrough-link"] a',
    // 2019–22 rich pins
    '[data-test-id="rich-pin-information"] a',
    // 2019–23 image wrapped in a link to the site
    '[data-test-id="closeup-image"] a[href]',
  ],
  /** Comments and "saved to board" notes in the close-up: their links and names are not the pin's. */
  closeupNotOwn: [
    '#canonical-card',
    '[data-test-id="canonical-card"]',
    '[data-test-id="comment"]',
    '[data-test-id="inline-comment-composer-container"]',
  ],
  /** One pin in a grid (home feed, board, search, related pins). */
  pinCard: [
    // 2021–26: `<div data-test-id="pin" data-test-pin-id>`; 2025–26 adds role="group" aria-label="Pin card".
    '[data-test-id="pin"]',
    // Pin reps that lost the test id but kept the id attribute.
    '[data-test-pin-id]',
    // ≤2020: the pinWrapper component class around each pin.
    '.pinWrapper',
  ],
  /** A masonry cell: a pin, or a module (ideas, related searches, boards) with no pin of its own. */
  gridItem: [
    // 2019–26 masonry cell
    '[data-grid-item="true"]',
    // ARIA list items of the masonry list (the cell's role since 2023), for cells without the data flag
    '[data-test-id="masonry-container"] [role="list"] > [role="listitem"]',
    '.masonryContainer [role="list"] > [role="listitem"]',
  ],
  /** Links carrying a pin id. */
  pinLink: [
    // Relative (live site) and absolute (saved pages, regional hosts) pin links, `/pin/<slug>--<id>/` too.
    'a[href*="/pin/"]',
  ],
  /** The grid pin's picture or video. */
  pinMedia: [
    // 2021–26 image pins, idea/story pins, video pins
    '[data-test-id="pinrep-image"] img',
    '[data-test-id="non-story-pin-image"] img',
    '[data-test-id="story-pin-image-box"] img',
    '[data-test-id="pinrep-video"] video',
    '[data-test-id="pinrep-video"] img',
  ],
  /** The grid pin's title under the picture. */
  pinTitle: [
    // 2023–26
    '[data-test-id="pinrep-footer-organic-title"]',
    // 2021–23 footers without the title test id
    '[data-test-id="pinrep-footer"] h2',
    '[data-test-id="pinrep-footer"] h3',
  ],
  /** Promoted ("one tap") pins whose image links straight to the advertiser. */
  adStructure: [
    // 2024–26 one-tap promoted pin wrappers
    '[data-test-id="otpp"]',
    '[data-test-id="one-tap-desktop"]',
  ],
  /**
   * Links a suggestion module is made of: a grid cell of searches, ideas or boards to try ("Ideas
   * you might love", "Related searches" in the user's language) holds these instead of a pin.
   */
  suggestionLink: ['a[href*="/search/"]', 'a[href*="/ideas/"]', 'a[href*="/today/"]'],
} as const;

const SPONSORED_LABELS = labelSet(PINTEREST_LABELS.sponsored);

const PIN_PATH = /^\/pin\/(?:[^/]*--)?(\d{6,25})(?:\/|$)/;
const PROFILE_PATH = /^\/([A-Za-z0-9_]{1,30})\/?$/;
const PINTEREST_HOST = /^(?:[a-z0-9-]+\.)*pinterest\.(?:com|[a-z]{2}|co\.[a-z]{2}|com\.[a-z]{2})$/;
const RESERVED_PATHS = new Set([
  'pin', 'pins', 'search', 'ideas', 'today', 'explore', 'settings', 'business', 'login', 'logout', 'signup',
  'password', 'resource', 'resources', 'about', 'news_hub', 'notifications', 'inbox', 'messages', 'homefeed',
  'categories', 'discover', 'shopping', 'shop', 'offsite', 'secure', 'oauth', 'static', 'help', 'privacy',
  'terms', 'videos', 'video', 'create', 'topics', 'board', 'boards', 'following', 'followers', 'me', 'edit',
  'user', 'users', 'home', 'trends', 'analytics', 'ads', 'product', 'products', 'collections', 'website',
  'developers', 'careers', 'newsroom', 'policy', 'download', 'unauth', 'convert', 'v3', 'api', 'amp',
]);
const MAX_LINKS = 50;

// ---------------------------------------------------------------- href helpers

function parseHref(href: string | null | undefined): URL | null {
  return webUrl(href, ORIGIN + '/');
}

function isPinterestHost(hostname: string): boolean {
  return PINTEREST_HOST.test(hostname.toLowerCase());
}

/** Parses an href as a Pinterest URL (relative hrefs resolve against www); null for anything else. */
function pinterestUrl(href: string | null | undefined): URL | null {
  const url = parseHref(href);
  return url && isPinterestHost(url.hostname) ? url : null;
}

/** The pin id in `/pin/<id>/` or `/pin/<slug>--<id>/` on any Pinterest host, or null. */
export function pinIdFromHref(href: string | null | undefined): string | null {
  const url = pinterestUrl(href);
  if (!url) return null;
  return PIN_PATH.exec(url.pathname)?.[1] ?? null;
}

/** The username in a profile href (`/kumoteaworks/`), or null for pins, boards and site pages. */
export function usernameFromHref(href: string | null | undefined): string | null {
  const url = pinterestUrl(href);
  if (!url) return null;
  const user = PROFILE_PATH.exec(url.pathname)?.[1];
  if (!user || user.startsWith('_') || RESERVED_PATHS.has(user.toLowerCase())) return null;
  return user;
}

/** An outbound link of a pin (Pinterest's `/offsite/?url=` unwrapped), or null for Pinterest's own pages. */
function outboundHref(href: string | null | undefined): string | null {
  return outbound(href, ORIGIN + '/');
}

/** What the page URL shows: a close-up, the home feed, search, a profile or board. */
export function pageType(location: URL | Location): PageType {
  const url = pinterestUrl(location.href);
  if (!url) return 'unsupported';
  const path = url.pathname;
  if (PIN_PATH.test(path)) return 'closeup';
  if (path === '/' || /^\/(?:homefeed|today)\/?/.test(path)) return 'home';
  if (/^\/(?:search|ideas|explore)\//.test(path)) return 'search';
  const user = /^\/([A-Za-z0-9_]{1,30})\/(?:[^/]+\/?)?$/.exec(path)?.[1];
  return user && !RESERVED_PATHS.has(user.toLowerCase()) ? 'profile' : 'unsupported';
}

function idFromUrl(href: string): string | null {
  return pinIdFromHref(href);
}

// ---------------------------------------------------------------- DOM helpers

/** Parts of a title or description block that are not text of the pin. */
function isChrome(el: Element): boolean {
  const name = el.localName;
  return (
    name === 'svg' ||
    name === 'button' ||
    name === 'script' ||
    name === 'style' ||
    name === 'img' ||
    el.getAttribute('role') === 'button' ||
    el.getAttribute('aria-hidden') === 'true'
  );
}

/** The element's text without chrome; <br> becomes a newline. */
function textOf(root: Element): string {
  return cleanText(textExcluding(root, isChrome));
}

/** An ad label of the pin, as text or as a title/aria-label, outside `skip` (a pin may well be called "Promoted"). */
function hasAdLabel(el: Element, skip: (node: Element) => boolean): boolean {
  return hasLabel(el, SPONSORED_LABELS, skip);
}

// ---------------------------------------------------------------- finding posts

function isCloseup(el: Element): boolean {
  return matchesAny(el, SELECTORS.closeup);
}

/**
 * Close-ups without a known body container: the largest ancestor of the close-up image that holds
 * no grid pin and no other close-up image (the related pins grid must stay outside).
 */
function climbFromCloseupImage(image: Element): Element {
  let cur = image;
  for (let parent = cur.parentElement; parent; parent = parent.parentElement) {
    if (parent.localName === 'body' || parent.localName === 'html' || parent.getAttribute('role') === 'main') break;
    if (matchesAny(parent, SELECTORS.gridItem)) break;
    if (queryFirst(parent, SELECTORS.pinCard)) break;
    if (queryAll(parent, SELECTORS.closeupImage).some((other) => !image.contains(other) && !other.contains(image))) break;
    cur = parent;
  }
  return cur;
}

function findCloseups(root: ParentNode, self: Element | null): Element[] {
  const found: Element[] = queryAll(root, SELECTORS.closeup);
  if (self && matchesAny(self, SELECTORS.closeup)) found.unshift(self);
  const known = new Set(found);
  for (const image of queryAll(root, SELECTORS.closeupImage)) {
    if (isInside(image, known) || closestAny(image, SELECTORS.closeup)) continue;
    if (closestAny(image, SELECTORS.pinCard)) continue;
    const body = climbFromCloseupImage(image);
    if (!known.has(body)) {
      known.add(body);
      found.push(body);
    }
  }
  // A close-up body nested in another (2019–22 details inside a newer body) counts once.
  return found.filter((el) => !found.some((other) => other !== el && other.contains(el)));
}

/**
 * Posts a newly added subtree brings (the runner's fast path): the pins in or at `node`, else the
 * pin, grid cell or close-up around it (a hover-filled link or a lazily loaded image).
 */
function findPostsNear(node: Element): Element[] {
  const inside = findPosts(node);
  if (inside.length) return inside;
  const around = [...SELECTORS.pinCard, ...SELECTORS.gridItem, ...SELECTORS.closeup];
  for (let cur = node.parentElement; cur; cur = cur.parentElement) {
    if (matchesAny(cur, around)) {
      const posts = findPosts(cur);
      if (posts.length) return posts;
    }
  }
  return [];
}

function findPosts(root: ParentNode): Element[] {
  const found = new Set<Element>();
  // nodeType, not instanceof: the root may come from another window (iframes, tests).
  const self = (root as Node).nodeType === 1 ? (root as Element) : null;

  // 1. The close-up.
  const closeups = findCloseups(root, self);
  for (const el of closeups) found.add(el);

  // 2. Grid pins: the outermost pin card of each pin.
  const cards = queryAll(root, SELECTORS.pinCard);
  if (self && matchesAny(self, SELECTORS.pinCard)) cards.unshift(self);
  const cardSet = new Set(cards);
  for (const card of cards) {
    let outer = false;
    for (let cur = card.parentElement; cur; cur = cur.parentElement) {
      if (cardSet.has(cur)) {
        outer = true;
        break;
      }
    }
    if (outer) continue;
    if (closeups.some((closeup) => closeup.contains(card)) && ownPinId(card) === null) continue;
    found.add(card);
  }

  // 3. Grid cells without a pin card: older tiles (a pin link around an image) and suggestion modules.
  const cells = queryAll(root, SELECTORS.gridItem);
  if (self && matchesAny(self, SELECTORS.gridItem)) cells.unshift(self);
  const cellSet = new Set(cells);
  const cellSelector = SELECTORS.gridItem.join(',');
  // Cells holding a post found above (the pin's own cell, the close-up's cell and their outer cells).
  const covered = new Set<Element>();
  for (const post of found) {
    for (let cell = post.closest(cellSelector); cell && !covered.has(cell); cell = cell.parentElement?.closest(cellSelector) ?? null) {
      covered.add(cell);
    }
  }
  for (const cell of cells) {
    if (covered.has(cell) || isInside(cell, found)) continue;
    // Nested grids (a module's own list of items) are read through their outer cell.
    const outerCell = cell.parentElement?.closest(cellSelector);
    if (outerCell && cellSet.has(outerCell)) continue;
    found.add(cell);
  }

  // 4. Bare tiles anywhere else (layouts without grid hooks): a pin link wrapping a picture.
  for (const a of queryAll(root, SELECTORS.pinLink)) {
    if (!a.querySelector('img, video')) continue;
    if (!pinIdFromHref(a.getAttribute('href'))) continue;
    if (isInside(a, found)) continue;
    found.add(a);
  }

  // Document order.
  const posts = Array.from(found).sort((a, b) => (a.compareDocumentPosition(b) & 4 ? -1 : 1));
  return pagePosts.complete(posts, (root as Node).ownerDocument ?? (root as Document));
}

// ---------------------------------------------------------------- reading posts

/** The pin's own id in a grid card or tile: its pin links first, then `data-test-pin-id`. */
function ownPinId(el: Element): string | null {
  if (el.localName === 'a') return pinIdFromHref(el.getAttribute('href'));
  for (const a of queryAll(el, SELECTORS.pinLink)) {
    const id = pinIdFromHref(a.getAttribute('href'));
    if (id) return id;
  }
  const holder = el.hasAttribute('data-test-pin-id') ? el : el.querySelector('[data-test-pin-id]');
  const attr = holder?.getAttribute('data-test-pin-id')?.trim() ?? '';
  return /^\d{6,25}$/.test(attr) ? attr : null;
}

/** The close-up's pin id from the DOM (the image container id or a pin id attribute), or null. */
function closeupIdFromDom(el: Element): string | null {
  for (const image of queryAll(el, SELECTORS.closeupImage)) {
    const m = /^closeup-image-container-(\d{6,25})$/.exec(image.id);
    if (m?.[1]) return m[1];
  }
  const attr = el.getAttribute('data-test-pin-id')?.trim() ?? '';
  return /^\d{6,25}$/.test(attr) ? attr : null;
}

function isNotOwn(el: Element): boolean {
  return closestAny(el, SELECTORS.closeupNotOwn) !== null;
}

function readCloseupAuthor(el: Element): string | null {
  for (const sel of SELECTORS.closeupCreator) {
    for (const a of Array.from(el.querySelectorAll(sel))) {
      if (isNotOwn(a)) continue;
      const user = usernameFromHref(a.getAttribute('href'));
      if (user) return user;
    }
  }
  for (const a of Array.from(el.querySelectorAll('a[href]'))) {
    if (isNotOwn(a)) continue;
    const user = usernameFromHref(a.getAttribute('href'));
    if (user) return user;
  }
  return null;
}

function readCardAuthor(el: Element): string | null {
  if (el.localName === 'a') return null;
  for (const a of Array.from(el.querySelectorAll('a[href]'))) {
    const user = usernameFromHref(a.getAttribute('href'));
    if (user) return user;
  }
  return null;
}

function joinCaption(title: string, description: string): string | null {
  if (title && description) {
    if (description.startsWith(title)) return description;
    return `${title}\n${description}`;
  }
  return title || description || null;
}

function readCloseupCaption(el: Element): string | null {
  const titleEl = queryFirst(el, SELECTORS.closeupTitle, (node) => !isNotOwn(node));
  const descEl = queryFirst(el, SELECTORS.closeupDescription, (node) => !isNotOwn(node));
  const title = titleEl ? textOf(titleEl) : '';
  const description = descEl && !(titleEl && (descEl.contains(titleEl) || titleEl.contains(descEl))) ? textOf(descEl) : '';
  return joinCaption(title, description);
}

function readCardCaption(el: Element): string | null {
  if (el.localName === 'a') return null;
  const titleEl = queryFirst(el, SELECTORS.pinTitle);
  return titleEl ? textOf(titleEl) || null : null;
}

function linksInText(text: string | null): string[] {
  return urlsInText(text ?? '').flatMap((url) => outboundHref(url) ?? []);
}

function finishLinks(links: Iterable<string>): string[] {
  return Array.from(new Set(links)).slice(0, MAX_LINKS);
}

function readCloseupLinks(el: Element, caption: string | null): string[] {
  const links: string[] = [];
  for (const a of queryAll(el, SELECTORS.closeupOutbound)) {
    if (isNotOwn(a)) continue;
    const href = outboundHref(a.getAttribute('href'));
    if (href) links.push(href);
  }
  // Links written in the description, linked or not.
  const descEl = queryFirst(el, SELECTORS.closeupDescription, (node) => !isNotOwn(node));
  for (const a of descEl ? Array.from(descEl.querySelectorAll('a[href]')) : []) {
    const href = outboundHref(a.getAttribute('href'));
    if (href) links.push(href);
  }
  links.push(...linksInText(caption));
  if (links.length === 0) {
    // Close-up layouts we do not know: any outbound link outside comments and the creator card.
    for (const a of Array.from(el.querySelectorAll('a[href]'))) {
      if (isNotOwn(a) || a.closest('[data-test-id="creator-card-profile"]')) continue;
      const href = outboundHref(a.getAttribute('href'));
      if (href) links.push(href);
    }
  }
  return finishLinks(links);
}

function readCardLinks(el: Element, caption: string | null): string[] {
  const links: string[] = [];
  const anchors = el.localName === 'a' ? [el] : Array.from(el.querySelectorAll('a[href]'));
  for (const a of anchors) {
    const href = outboundHref(a.getAttribute('href'));
    if (href) links.push(href);
  }
  links.push(...linksInText(caption));
  return finishLinks(links);
}

function isSponsoredCard(el: Element): boolean {
  const cell = closestAny(el, SELECTORS.gridItem) ?? el;
  const scope = cell.contains(el) ? cell : el;
  if (scope.querySelector(SELECTORS.adStructure.join(',')) || matchesAny(scope, SELECTORS.adStructure)) return true;
  // Labels only outside the title (a pin may well be called "Promoted").
  const titles = queryAll(scope, SELECTORS.pinTitle);
  return hasAdLabel(scope, (node) => titles.some((title) => title.contains(node)));
}

function isSponsoredCloseup(el: Element): boolean {
  const text = [...queryAll(el, SELECTORS.closeupTitle), ...queryAll(el, SELECTORS.closeupDescription)];
  const skip = (node: Element): boolean => isNotOwn(node) || text.some((block) => block.contains(node));
  if (queryAll(el, SELECTORS.adStructure).some((node) => !skip(node))) return true;
  return hasAdLabel(el, skip);
}

/** A grid cell of searches, ideas or boards to try, instead of a pin. */
function isSuggestion(el: Element): boolean {
  return queryFirst(el, SELECTORS.suggestionLink) !== null;
}

function canonicalUrl(id: string): string {
  return `${ORIGIN}/pin/${id}/`;
}

/** The post as read, unless `wanted` says no or it is an ad (whose label is read last: it reads all the text). */
function shown(post: PostRef, wanted: ((post: PostRef) => boolean) | undefined, sponsored: () => boolean): ReadResult {
  if (wanted && !wanted(post)) return { ok: false, reason: 'not-wanted' };
  return sponsored() ? { ok: false, reason: 'sponsored' } : { ok: true, post };
}

function readCloseup(el: Element, location: Location | URL, wanted?: (post: PostRef) => boolean): ReadResult {
  const id = closeupIdFromDom(el) ?? pinIdFromHref(location.href);
  if (!id) return { ok: false, reason: isSponsoredCloseup(el) ? 'sponsored' : 'no-post-id' };
  const author = readCloseupAuthor(el);
  const caption = readCloseupCaption(el);
  const post: PostRef = {
    platform: 'pinterest',
    postId: id,
    url: canonicalUrl(id),
    author: author ? author.slice(0, 100) : null,
    caption: caption ? caption.slice(0, MAX_TEXT) : null,
    links: readCloseupLinks(el, caption),
  };
  return shown(post, wanted, () => isSponsoredCloseup(el));
}

function readCard(el: Element, wanted?: (post: PostRef) => boolean): ReadResult {
  const sponsored = () => el.localName !== 'a' && isSponsoredCard(el);
  const id = ownPinId(el);
  if (!id) return { ok: false, reason: sponsored() ? 'sponsored' : isSuggestion(el) ? 'suggested' : 'no-post-id' };
  const author = readCardAuthor(el);
  const caption = readCardCaption(el);
  const post: PostRef = {
    platform: 'pinterest',
    postId: id,
    url: canonicalUrl(id),
    author: author ? author.slice(0, 100) : null,
    caption: caption ? caption.slice(0, MAX_TEXT) : null,
    links: readCardLinks(el, caption),
  };
  return shown(post, wanted, sponsored);
}

/** The page's pin found from its URL and dominant media (page-post.ts): only its id is known. */
function readPagePost(id: string, location: Location | URL): ReadResult {
  if (idFromUrl(location.href) !== id) return { ok: false, reason: 'not-page-post' };
  return { ok: true, post: { platform: 'pinterest', postId: id, url: canonicalUrl(id), author: null, caption: null, links: [] } };
}

function readPost(el: Element, location: Location | URL, wanted?: (post: PostRef) => boolean): ReadResult {
  try {
    if (!el.isConnected) return { ok: false, reason: 'detached' };
    const pageId = pagePosts.chosenId(el);
    if (pageId) return readPagePost(pageId, location);
    return isCloseupElement(el) ? readCloseup(el, location, wanted) : readCard(el, wanted);
  } catch {
    return { ok: false, reason: 'unreadable' };
  }
}

/** A close-up body found by findPosts: a known container, or one climbed to from the close-up image. */
function isCloseupElement(el: Element): boolean {
  if (isCloseup(el)) return true;
  if (matchesAny(el, SELECTORS.pinCard) || matchesAny(el, SELECTORS.gridItem) || el.localName === 'a') return false;
  const image = queryFirst(el, SELECTORS.closeupImage);
  return image !== null && closestAny(image, SELECTORS.pinCard) === null;
}

// ---------------------------------------------------------------- mounting

function closeupMedia(el: Element): Element | null {
  return queryFirst(el, SELECTORS.closeupMedia) ?? largestMedia(el);
}

function cardMedia(el: Element): Element | null {
  return queryFirst(el, SELECTORS.pinMedia) ?? largestMedia(el);
}

/** Avatars: in a profile link, in an avatar test id, or small by their attributes. */
function isAvatar(media: Element): boolean {
  if (media.closest('[data-test-id="gestalt-avatar-svg"], [data-test-id="creator-avatar"]')) return true;
  const link = media.closest('a[href]');
  if (link && usernameFromHref(link.getAttribute('href'))) return true;
  const size = Number(media.getAttribute('height') ?? media.getAttribute('width') ?? NaN);
  return size > 0 && size <= 64;
}

function largestMedia(el: Element): Element | null {
  return largest(Array.from(el.querySelectorAll('img, video')).filter((media) => !isAvatar(media) && !isNotOwn(media)));
}

function mountPoint(el: Element): MountPoint | null {
  try {
    if (!el.isConnected) return null;
    // The page's pin found from the URL: over its media's frame.
    if (pagePosts.chosenId(el)) return { target: el, placement: 'overlay' };
    if (isCloseupElement(el)) {
      const bar = queryFirst(el, SELECTORS.closeupActionBar);
      if (bar) return { target: bar, placement: 'bar' };
      return closeupMedia(el) ? { target: el, placement: 'bar' } : null;
    }
    if (el.localName !== 'a' && !ownPinId(el)) return null;
    const media = cardMedia(el);
    if (!media) return null;
    // The overlay goes on the picture's box but outside its link, so a click on it does not open the pin.
    const link = media.closest('a');
    let target: Element | null =
      link && (link === el || el.contains(link))
        ? link.parentElement
        : (media.closest('[data-test-id="pinWrapper"], [data-test-id="pinrep-image"], [data-test-id="pinrep-video"]') ?? media.parentElement);
    while (target && target.closest('a')) target = target.parentElement;
    if (!target) return null;
    return { target, placement: 'overlay' };
  } catch {
    return null;
  }
}

function mediaElement(el: Element): Element | null {
  try {
    return isCloseupElement(el) ? closeupMedia(el) : cardMedia(el);
  } catch {
    return null;
  }
}

/** The pin a close-up URL names, when no hook of this file finds it in the page. */
const pagePosts = pagePostsOf({
  idFromUrl,
  idFromHref: pinIdFromHref,
  idOf: (el) => {
    if (!isCloseupElement(el)) return ownPinId(el);
    const view = el.ownerDocument.defaultView;
    return closeupIdFromDom(el) ?? (view ? pinIdFromHref(view.location.href) : null);
  },
});

export const pinterest: SiteAdapter = {
  platform: 'pinterest',
  // www is the main host; the country subdomains (in., uk., de., br., …) serve the same app, and the
  // country domains (pinterest.co.uk, pinterest.de, …) redirect to them.
  matches: ['https://www.pinterest.com/*', 'https://*.pinterest.com/*'],
  findPosts: neverThrows(findPosts, () => []),
  findPostsNear: neverThrows(findPostsNear, () => []),
  readPost,
  mountPoint,
  mediaElement,
};
