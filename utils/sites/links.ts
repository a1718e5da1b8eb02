/**
 * Where a link really goes. One reader and one redirect table for the four site adapters (which
 * collect a post's outbound links) and for matching in the background (which compares them with
 * product pages): the sites' leaving-the-site wrappers (`l.facebook.com`, `l.instagram.com`,
 * TikTok's `link/v2`, Pinterest's `offsite`) and search redirects are seen through, link
 * shorteners are known by host, tracking parameters can be dropped.
 *
 * Pure functions; the content scripts import only the reader (`outboundHref`, `urlsInText`).
 */
import { webUrl } from '../platform/urls';

/**
 * Redirect wrappers: `host/path` of the wrapper, and the query parameters holding the target
 * (first present wins). Anything else on those hosts is a page of the site itself.
 * - Facebook, Messenger: l.facebook.com/l.php?u=…, lm. on mobile, and facebook.com/l.php itself.
 * - Instagram: l.instagram.com/?u=…
 * - TikTok: www.tiktok.com/link/v2?aid=1988&scene=bio_url&target=… (older: ?u=).
 * - Pinterest: /offsite/?url=… on any Pinterest host.
 * - Search engines and forums that wrap outbound links.
 */
const REDIRECTS: readonly [wrapper: RegExp, params: readonly string[]][] = [
  [/^(?:lm?\.facebook\.com|l\.messenger\.com)\/(?:l\.php)?$|^(?:www\.|m\.|web\.)?facebook\.com\/l\.php$|^l\.instagram\.com\/$/, ['u']],
  [/^(?:www\.)?tiktok\.com\/link(?:\/|$)/, ['target', 'u']],
  [/(?:^|\.)pinterest\.[a-z.]+\/offsite\/?$/, ['url']],
  [/^www\.google\.[a-z.]+\/url$|^out\.reddit\.com\//, ['q', 'url']],
];

/**
 * The sites themselves (Pinterest's country domains too) and their CDNs and short links: never a
 * product page. A post's link to another post, a profile or a pin is not an outbound link.
 */
const SOCIAL_HOST = /(?:^|\.)(?:facebook\.com|fb\.(?:com|me|watch)|fbcdn\.net|messenger\.com|(?:cdn)?instagram\.com|threads\.net|tiktok(?:cdn(?:-[a-z]+)?)?\.com|pinimg\.com|pin\.it|pinterest\.(?:[a-z]{2,3}|com?\.[a-z]{2}))$/;

/** Link shorteners whose targets the background may resolve (a HEAD request, cached). */
export const SHORTENER_HOSTS: readonly string[] = [
  'amzn.to',
  'bit.ly',
  'buff.ly',
  'cutt.ly',
  'is.gd',
  'lnkd.in',
  'ow.ly',
  'rebrand.ly',
  'shop.app',
  'shorturl.at',
  'shp.ee',
  't.co',
  'tinyurl.com',
];

/** Query parameters that only track clicks; dropping them makes two links to one product equal. */
const TRACKING_PARAM = /^(utm_[a-z_]+|fbclid|gclid|dclid|msclkid|igshid|igsh|mibextid|si|srsltid|epik|mc_cid|mc_eid|_ga|_gl|ref|ref_src|ref_url|spm|share_id|tt_from|is_from_webapp|sender_device|sender_web_id|__cft__\[0\]|__tn__|hss_channel|pp|trk)$/i;

const MAX_DEPTH = 3;

/** The target a redirect wrapper holds, or null when `url` is not a wrapper. */
function redirectTarget(url: URL): URL | null {
  const wrapper = url.hostname.toLowerCase() + url.pathname;
  const params = REDIRECTS.find(([pattern]) => pattern.test(wrapper))?.[1] ?? [];
  for (const param of params) {
    const target = url.searchParams.get(param)?.trim();
    // Bio links are sometimes stored without a scheme ("acme.example/shop").
    if (target) return webUrl(/^[a-z][a-z0-9+.-]*:/i.test(target) ? target : `https://${target}`);
  }
  return null;
}

/** Follows the redirect wrappers (a few levels at most) to the real destination. */
export function unwrapRedirect(raw: string | URL, base?: string): URL | null {
  let url = typeof raw === 'string' ? webUrl(raw, base) : raw;
  for (let depth = 0, next; url && depth < MAX_DEPTH && (next = redirectTarget(url)); depth++) url = next;
  return url;
}

/** Whether the host is one of the four sites (or Threads, Messenger), their CDNs or short links. */
export function isSocialHost(hostname: string): boolean {
  return SOCIAL_HOST.test(hostname.toLowerCase());
}

/**
 * Where an anchor of a post leads outside the social sites: the href resolved against the page
 * (`base`), redirect wrappers unwrapped; null for the sites' own pages, a wrapper without a
 * target and anything but http(s). The query stays as written (matching strips tracking).
 */
export function outboundHref(href: string | null | undefined, base: string): string | null {
  const url = unwrapRedirect(href ?? '', base);
  if (!url || redirectTarget(url) || isSocialHost(url.hostname)) return null;
  return url.href.length <= 2048 ? url.href : null;
}

export function isShortener(url: URL): boolean {
  return SHORTENER_HOSTS.includes(url.hostname.toLowerCase().replace(/^www\./, ''));
}

const URL_IN_TEXT = /\bhttps?:\/\/[^\s<>"'`]+/gi;

/**
 * URLs written in text (a caption), without the punctuation that usually follows them in prose.
 * Display text shortened with an ellipsis ("acme.example/products/…") is not a URL.
 */
export function urlsInText(text: string): string[] {
  return [...text.matchAll(URL_IN_TEXT)].map((m) => m[0].replace(/[)\].,;:!?'"»”’]+$/, '')).filter((url) => !url.includes('…'));
}

/**
 * A post's outbound links, in order and without repeats: URLs written in its caption first, then
 * its anchors. At most `max`.
 */
export function outboundLinks(caption: string | null, anchors: Iterable<Element>, base: string, max = 50): string[] {
  const links = new Set<string>();
  for (const url of urlsInText(caption ?? '')) {
    const href = outboundHref(url, base);
    if (href) links.add(href);
  }
  for (const a of anchors) {
    if (links.size >= max) break;
    const href = outboundHref(a.getAttribute('href'), base);
    if (href) links.add(href);
  }
  return [...links].slice(0, max);
}

/**
 * A comparable key for a product page: host without www, path without locale prefix, collection
 * prefix or trailing slash, lower-cased. Query and fragment are dropped (variant ids and tracking
 * live there). `https://www.Acme.example/en-gb/collections/sale/products/Trail-Jacket/?utm_source=x`
 * and `https://acme.example/products/trail-jacket` give the same key.
 */
export function productUrlKey(raw: string | URL): string | null {
  const url = typeof raw === 'string' ? unwrapRedirect(raw) : raw;
  if (!url) return null;
  const host = url.hostname.toLowerCase().replace(/^www\./, '');
  let path = decodeURIComponentSafe(url.pathname).toLowerCase();
  // Shopify stores: /<locale>/..., /collections/<c>/products/<handle> -> /products/<handle>
  path = path.replace(/^\/[a-z]{2}(-[a-z]{2})?(?=\/(products|collections|shop|p)\/)/, '');
  path = path.replace(/^\/collections\/[^/]+(?=\/products\/)/, '');
  path = path.replace(/\/+$/, '');
  if (!host || !path) return null;
  return host + path;
}

function decodeURIComponentSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** The link without tracking parameters, for display and for resolving shorteners. */
export function stripTracking(url: URL): URL {
  const clean = new URL(url.href);
  for (const key of [...clean.searchParams.keys()]) {
    if (TRACKING_PARAM.test(key)) clean.searchParams.delete(key);
  }
  clean.hash = '';
  return clean;
}
