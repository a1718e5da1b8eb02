/**
 * How a post is matched to products beyond explicit tags: by the product URLs it links to, and by
 * a merchant's own account naming one of its products in the caption. Pure functions; the
 * database side is in utils/catalog.ts.
 */

/** Query parameters that only track clicks; dropping them makes two links to one product equal. */
const TRACKING_PARAM = /^(utm_[a-z_]+|fbclid|gclid|dclid|msclkid|igshid|igsh|mibextid|si|srsltid|epik|mc_cid|mc_eid|_ga|_gl|ref|ref_src|ref_url|spm|share_id|tt_from|is_from_webapp|sender_device|sender_web_id|__cft__\[0\]|__tn__|hss_channel|pp|trk)$/i;

/** Redirect wrappers the sites put around outbound links: host -> the parameter holding the target. */
const REDIRECTORS: Record<string, string> = {
  'l.facebook.com': 'u',
  'lm.facebook.com': 'u',
  'l.messenger.com': 'u',
  'l.instagram.com': 'u',
  'www.google.com': 'q',
  'out.reddit.com': 'url',
  'www.tiktok.com': 'target', // /link/v2?target=...
};

/** Link shorteners whose targets the background may resolve (a HEAD request, cached). */
export const SHORTENER_HOSTS: readonly string[] = [
  'bit.ly',
  'tinyurl.com',
  't.co',
  'ow.ly',
  'buff.ly',
  'rebrand.ly',
  'shorturl.at',
  'is.gd',
  'cutt.ly',
  'lnkd.in',
  'amzn.to',
  'shp.ee',
  'shop.app',
];

function parseHttpUrl(raw: string): URL | null {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return null;
  }
  return url.protocol === 'https:' || url.protocol === 'http:' ? url : null;
}

/** Follows the sites' redirect wrappers (several levels at most) to the real destination. */
export function unwrapRedirect(raw: string): URL | null {
  let url = parseHttpUrl(raw);
  for (let depth = 0; url && depth < 3; depth += 1) {
    // Own keys only: a link to https://__proto__/ or https://constructor/ is no redirector.
    const param = Object.hasOwn(REDIRECTORS, url.hostname) ? REDIRECTORS[url.hostname] : undefined;
    const target = param ? url.searchParams.get(param) : null;
    if (!target) break;
    const next = parseHttpUrl(target);
    if (!next) break;
    url = next;
  }
  return url;
}

export function isShortener(url: URL): boolean {
  return SHORTENER_HOSTS.includes(url.hostname.replace(/^www\./, ''));
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

const URL_IN_TEXT = /\bhttps?:\/\/[^\s<>"'`]+/gi;

/** URLs written in a caption, without the punctuation that usually follows them in prose. */
export function urlsInText(text: string): string[] {
  return [...text.matchAll(URL_IN_TEXT)].map((m) => m[0].replace(/[).,;:!?»”’]+$/, ''));
}

export function normalizeText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * The phrases of a product title a caption may use: the whole title, and its core before a comma,
 * dash or parenthesis ("Linen Napkins, Set of 4" -> "linen napkins"). Too-short cores ("Mug") are
 * dropped: they would match half the captions of a kitchen shop.
 */
export function titlePhrases(title: string): string[] {
  const phrases = new Set<string>();
  const whole = normalizeText(title);
  if (whole) phrases.add(whole);
  const core = normalizeText(title.split(/\s*[,(–—|]\s*|\s+-\s+/)[0] ?? '');
  if (core && (core.split(' ').length >= 2 || core.length >= 8)) phrases.add(core);
  return [...phrases];
}

/** Whether a caption names a product: one of its title phrases appears as whole words. */
export function captionNames(caption: string, phrases: readonly string[]): boolean {
  const text = ` ${normalizeText(caption)} `;
  return phrases.some((phrase) => text.includes(` ${phrase} `));
}

/** Account handles compare without case and without a leading @. */
export function normalizeHandle(handle: string): string {
  return handle.trim().replace(/^@/, '').toLowerCase();
}
