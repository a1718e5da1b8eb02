/**
 * Whether a post's outbound link points at one product's page, and of which shop kind. Pure and
 * cheap (no zod), so the overlay can decide to show a "Check price" chip without asking the
 * background. The link goes through the same clean-up as matching (redirect wrappers, tracking
 * parameters); only clear product URL shapes pass: a home page, a collection, a blog post or a
 * social site never does.
 */
import { isShortener, productUrlKey, stripTracking, unwrapRedirect } from '../../sites/links';

export const SHOP_KINDS = [
  'shopify', 'woocommerce', 'bigcommerce', 'squarespace', 'wix', 'magento', 'opencart', 'prestashop', 'etsy',
  'amazon', 'ebay', 'walmart', 'aliexpress', 'temu', 'shopee', 'lazada', 'tokopedia', 'jumia', 'kilimall',
  'takealot', 'digikala', 'basalam', 'trendyol', 'pigu', 'umico', 'generic',
] as const;
export type ShopKind = (typeof SHOP_KINDS)[number];

export interface ProductLink {
  kind: ShopKind;
  /** The link to read: https, tracking parameters and fragment removed, everything else kept. */
  url: string;
  /** `https://host` of the shop (its permission pattern is `${origin}/*`). */
  origin: string;
  /**
   * Stable key of the product for caching and for one request per product: host without `www.`
   * plus the shop's product id or handle, lower-case (`acme.example/products/trail-jacket`,
   * `amazon.de/dp/b0c1234567`). A Shopify locale prefix stays in: markets price differently.
   */
  key: string;
  /** productUrlKey(url): what the catalog's `urlKey` index holds for the same page. */
  urlKey: string;
  /** Shopify-shaped paths only: what the storefront's `/products/<handle>.js` needs. */
  shopify: { handle: string; localePrefix: string } | null;
  /** A variant the link names (`?variant=` on Shopify, `skuId`, `sku_id`), to preselect in the card. */
  variantHint: string | null;
}

/** Sites whose links are posts, profiles or link-in-bio pages, never one shop's product page. */
const SOCIAL_HOSTS = [
  'instagram.com', 'facebook.com', 'fb.com', 'fb.me', 'fb.watch', 'messenger.com', 'threads.net', 'threads.com',
  'tiktok.com', 'youtube.com', 'youtu.be', 'twitter.com', 'x.com', 'snapchat.com', 'reddit.com', 'linkedin.com',
  'whatsapp.com', 'wa.me', 't.me', 'telegram.me', 'vk.com', 'tumblr.com', 'pin.it',
  'linktr.ee', 'beacons.ai', 'lnk.bio', 'linkin.bio', 'bio.link', 'campsite.bio', 'taplink.cc', 'hoo.be', 'stan.store',
  'google.com', 'bing.com', 'substack.com', 'medium.com', 'wikipedia.org',
];

/** Pinterest has a domain per country (pinterest.co.uk, pinterest.ph, ...). */
const PINTEREST_HOST = /(^|\.)pinterest\.[a-z]{2,3}(\.[a-z]{2})?$/;

function hostMatches(host: string, domain: string): boolean {
  return host === domain || host.endsWith(`.${domain}`);
}

function isSocialHost(host: string): boolean {
  return PINTEREST_HOST.test(host) || SOCIAL_HOSTS.some((domain) => hostMatches(host, domain));
}

/**
 * Hosts a link from a stranger's post must never make the extension fetch: IP literals, localhost,
 * single-label names and local suffixes (the shopper's router or intranet).
 */
function isPublicHostname(host: string): boolean {
  if (!host.includes('.') || host.endsWith('.local') || host.endsWith('.internal') || host.endsWith('.localhost')) return false;
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.startsWith('[')) return false;
  return /^[a-z0-9.-]+$/.test(host) && !host.startsWith('.') && !host.endsWith('.') && !host.includes('..');
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function bareHost(host: string): string {
  return host.replace(/^(www\d?|m)\./, '');
}

/** One rule per shop kind: hosts (null: any shop) and a path/query test giving the product's id part of the key. */
interface Rule {
  kind: ShopKind;
  hosts: RegExp | null;
  /** The product id path for the key (`/dp/b0...`) or null when this URL is no product page of the kind. */
  match: (url: URL, segments: string[]) => string | null;
}

const AMAZON_HOST = /(^|\.)amazon\.(com|ca|com\.mx|com\.br|co\.uk|de|fr|it|es|nl|se|pl|com\.be|com\.tr|ae|sa|eg|in|co\.jp|sg|com\.au|ie)$/;
const ASIN = /^[A-Z0-9]{10}$/i;

/** Marketplaces first (their paths would pass for a generic shop's), then shop platforms. */
const RULES: readonly Rule[] = [
  {
    kind: 'amazon',
    hosts: AMAZON_HOST,
    match: (_url, s) => {
      // /dp/<ASIN>, /<slug>/dp/<ASIN>, /gp/product/<ASIN>, /gp/aw/d/<ASIN> (mobile)
      const dp = s.indexOf('dp');
      if (dp >= 0 && ASIN.test(s[dp + 1] ?? '')) return `/dp/${s[dp + 1]}`;
      if (s[0] === 'gp' && s[1] === 'product' && ASIN.test(s[2] ?? '')) return `/dp/${s[2]}`;
      if (s[0] === 'gp' && s[1] === 'aw' && s[2] === 'd' && ASIN.test(s[3] ?? '')) return `/dp/${s[3]}`;
      return null;
    },
  },
  {
    kind: 'ebay',
    hosts: /(^|\.)ebay\.(com|co\.uk|de|fr|it|es|ca|com\.au|at|ch|ie|nl|pl|be|ph|com\.my|com\.sg)$/,
    match: (_url, s) => {
      if (s[0] !== 'itm') return null;
      const id = [...s.slice(1)].reverse().find((part) => /^\d{9,15}$/.test(part));
      return id ? `/itm/${id}` : null;
    },
  },
  {
    kind: 'walmart',
    hosts: /(^|\.)walmart\.(com|ca|com\.mx)$/,
    match: (_url, s) => (s[0] === 'ip' && /^\d{5,15}$/.test(s[s.length - 1] ?? '') ? `/ip/${s[s.length - 1]}` : null),
  },
  {
    kind: 'aliexpress',
    hosts: /(^|\.)aliexpress\.(com|us|ru)$/,
    match: (_url, s) => {
      const m = s[0] === 'item' && s.length === 2 ? /^(\d{6,20})\.html$/.exec(s[1] ?? '') : null;
      return m ? `/item/${m[1]}` : null;
    },
  },
  {
    kind: 'temu',
    hosts: /(^|\.)temu\.com$/,
    match: (_url, s) => {
      const m = /-g-(\d{6,20})\.html$/.exec(s[s.length - 1] ?? '');
      return m ? `/g-${m[1]}` : null;
    },
  },
  {
    kind: 'etsy',
    hosts: /(^|\.)etsy\.com$/,
    match: (_url, s) => {
      // /listing/<id>/<slug>, also under a language or region prefix (/uk/listing/..., /de/listing/...)
      const at = s.indexOf('listing');
      return at >= 0 && at <= 1 && /^\d{5,15}$/.test(s[at + 1] ?? '') ? `/listing/${s[at + 1]}` : null;
    },
  },
  {
    kind: 'shopee',
    hosts: /(^|\.)shopee\.(ph|sg|com\.my|co\.id|vn|co\.th|tw|com\.br|com\.mx|com\.co|cl)$/,
    match: (_url, s) => {
      // /<slug>-i.<shopId>.<itemId> or /product/<shopId>/<itemId>
      const slug = s.length === 1 ? /-i\.(\d{3,15})\.(\d{3,20})$/.exec(s[0] ?? '') : null;
      if (slug) return `/product/${slug[1]}/${slug[2]}`;
      if (s[0] === 'product' && /^\d{3,15}$/.test(s[1] ?? '') && /^\d{3,20}$/.test(s[2] ?? '')) return `/product/${s[1]}/${s[2]}`;
      return null;
    },
  },
  {
    kind: 'lazada',
    hosts: /(^|\.)lazada\.(com\.ph|sg|com\.my|co\.id|vn|co\.th)$/,
    match: (_url, s) => {
      const m = s[0] === 'products' && s.length === 2 ? /(?:^|-)i(\d{4,20})(?:-s\d{1,20})?\.html$/.exec(s[1] ?? '') : null;
      return m ? `/products/i${m[1]}` : null;
    },
  },
  {
    kind: 'tokopedia',
    hosts: /(^|\.)tokopedia\.com$/,
    match: (_url, s) => {
      // /<shop>/<product-slug>; the first segment is a shop unless it is one of the site's own sections.
      if (s.length !== 2) return null;
      const [shop = '', slug = ''] = s;
      if (TOKOPEDIA_SECTIONS.has(shop) || TOKOPEDIA_SHOP_PAGES.has(slug)) return null;
      return /^[a-z0-9-]{3,}$/.test(shop) && /^[a-z0-9-]*[a-z][a-z0-9-]*$/.test(slug) && slug.includes('-') ? `/${shop}/${slug}` : null;
    },
  },
  {
    kind: 'jumia',
    hosts: /(^|\.)jumia\.(co\.ke|com\.ng|com\.eg|ma|com\.gh|ci|ug|sn|dz|com\.tn)$/,
    match: (_url, s) => {
      const m = s.length === 1 ? /^[a-z0-9-]+-(\d{5,15})\.html$/.exec(s[0] ?? '') : null;
      return m ? `/${m[1]}` : null;
    },
  },
  {
    kind: 'kilimall',
    hosts: /(^|\.)kilimall\.(co\.ke|com)$/,
    match: (_url, s) => {
      const m = s[0] === 'listing' && s.length === 2 ? /^(\d{4,15})(?:-|$)/.exec(s[1] ?? '') : null;
      return m ? `/listing/${m[1]}` : null;
    },
  },
  {
    kind: 'takealot',
    hosts: /(^|\.)takealot\.com$/,
    match: (_url, s) => {
      const m = s.length === 2 ? /^PLID(\d{5,15})$/i.exec(s[1] ?? '') : null;
      return m ? `/plid${m[1]}` : null;
    },
  },
  {
    kind: 'digikala',
    hosts: /(^|\.)digikala\.com$/,
    match: (_url, s) => {
      const m = s[0] === 'product' ? /^dkp-(\d{3,15})$/.exec(s[1] ?? '') : null;
      return m ? `/dkp-${m[1]}` : null;
    },
  },
  {
    kind: 'basalam',
    hosts: /(^|\.)basalam\.com$/,
    match: (_url, s) => (s.length === 3 && s[1] === 'product' && /^\d{3,15}$/.test(s[2] ?? '') ? `/product/${s[2]}` : null),
  },
  {
    kind: 'trendyol',
    hosts: /(^|\.)trendyol\.com$/,
    match: (_url, s) => {
      const m = s.length >= 2 ? /-p-(\d{4,15})$/.exec(s[s.length - 1] ?? '') : null;
      return m ? `/p-${m[1]}` : null;
    },
  },
  {
    // Pigu group stores (220.lv, pigu.lt, kaup24.ee, hobbyhall.fi): /<lang>/<category...>/<slug>?id=<n>
    kind: 'pigu',
    hosts: /(^|\.)(220\.lv|pigu\.lt|kaup24\.ee|hobbyhall\.fi)$/,
    match: (url, s) => {
      const id = url.searchParams.get('id');
      return id && /^\d{4,15}$/.test(id) && s.length >= 2 ? `/id/${id}` : null;
    },
  },
  {
    kind: 'umico',
    hosts: /(^|\.)(umico\.az|birmarket\.az)$/,
    match: (_url, s) => {
      // /product/<id>-<slug>, also under a language prefix (/ru/product/...)
      const at = s[0] === 'product' ? 0 : s[1] === 'product' && /^[a-z]{2}$/.test(s[0] ?? '') ? 1 : -1;
      const m = at >= 0 && s.length === at + 2 ? /^(\d{3,15})(?:-|$)/.exec(s[at + 1] ?? '') : null;
      return m ? `/product/${m[1]}` : null;
    },
  },
  // ---- shop platforms on the shop's own domain
  {
    kind: 'wix',
    hosts: null,
    match: (_url, s) => {
      const at = s.indexOf('product-page');
      return at >= 0 && at === s.length - 2 && isSlug(s[at + 1]) ? `/product-page/${s[at + 1]}` : null;
    },
  },
  {
    // Older BigCommerce stores: /products/<slug>.html (Shopify handles never carry a dot).
    kind: 'bigcommerce',
    hosts: null,
    match: (_url, s) => {
      const m = s.length === 2 && s[0] === 'products' ? /^([^.]+)\.html$/.exec(s[1] ?? '') : null;
      return m && isSlug(m[1]) ? `/products/${m[1]}.html` : null;
    },
  },
  {
    kind: 'shopify',
    hosts: null,
    match: (_url, s) => {
      const shape = shopifyShape(s);
      return shape ? `${shape.localePrefix}/products/${shape.handle}` : null;
    },
  },
  {
    // Squarespace Commerce: /<store page>/p/<slug>
    kind: 'squarespace',
    hosts: null,
    match: (_url, s) => (s.length === 3 && s[1] === 'p' && isSlug(s[0]) && isSlug(s[2]) && !/^\d+$/.test(s[2] ?? '') ? `/${s[0]}/p/${s[2]}` : null),
  },
  {
    // WooCommerce's default product base, in the languages WordPress translates it to; a language prefix may come first.
    kind: 'woocommerce',
    hosts: null,
    match: (_url, s) => {
      const rest = s.length === 3 && LOCALE.test(s[0] ?? '') ? s.slice(1) : s;
      return rest.length === 2 && WOO_BASES.has(rest[0] ?? '') && isSlug(rest[1]) ? `/${rest[0]}/${rest[1]}` : null;
    },
  },
  {
    kind: 'magento',
    hosts: null,
    match: (_url, s) => {
      // The unrewritten Magento product route: /catalog/product/view/id/<n>[/category/<c>]
      const at = s.indexOf('catalog');
      const route = at >= 0 ? s.slice(at, at + 5) : [];
      return route.join('/').startsWith('catalog/product/view/id/') && /^\d{1,12}$/.test(route[4] ?? '') ? `/catalog/product/view/id/${route[4]}` : null;
    },
  },
  {
    kind: 'opencart',
    hosts: null,
    match: (url) => {
      const id = url.searchParams.get('product_id');
      return url.searchParams.get('route') === 'product/product' && id && /^\d{1,12}$/.test(id) ? `/product_id/${id}` : null;
    },
  },
  {
    kind: 'prestashop',
    hosts: null,
    match: (url) => {
      const id = url.searchParams.get('id_product');
      return url.searchParams.get('controller') === 'product' && id && /^\d{1,12}$/.test(id) ? `/id_product/${id}` : null;
    },
  },
  {
    // A bare /p/ path is strong only with a long number in it (/p/123456, /p/lamp/-/A-87654321):
    // Substack and many blogs use /p/<title> for posts.
    kind: 'generic',
    hosts: null,
    match: (_url, s) => {
      const at = s.indexOf('p');
      if (at < 0 || at > 1) return null;
      const id = s.slice(at + 1).map((part) => /(\d{6,15})/.exec(part)?.[1]).find(Boolean);
      return id && s.length - at <= 4 ? `/p/${id}` : null;
    },
  },
];

const LOCALE = /^[a-z]{2}(-[a-z0-9]{2,4})?$/;
const WOO_BASES = new Set(['product', 'produkt', 'produit', 'producto', 'prodotto', 'produto', 'produkts', 'produktas', 'tuote', 'urun']);
const TOKOPEDIA_SECTIONS = new Set([
  'search', 'discovery', 'help', 'p', 'b', 'promo', 'about', 'careers', 'blog', 'cart', 'login', 'register', 'top-up',
  'pulsa', 'events', 'official-store', 'hot', 'find', 'category', 'kategori', 'play', 'seller', 'edu', 'feed', 'rewards',
]);
const TOKOPEDIA_SHOP_PAGES = new Set(['review', 'etalase', 'product', 'info', 'note', 'notes', 'feed', 'campaign', 'follower', 'followers']);
/** Shopify handles may be any Unicode letters once decoded; no dots, no slashes. */
const SHOPIFY_HANDLE = /^[\p{L}\p{N}][\p{L}\p{N}_-]*$/u;

function isSlug(segment: string | undefined): segment is string {
  return !!segment && segment.length <= 300 && /^[\p{L}\p{N}][\p{L}\p{N}._~%-]*$/u.test(segment);
}

/** `/products/<handle>`, `/collections/<c>/products/<handle>`, and both under a locale prefix (`/en-gb`). */
function shopifyShape(segments: string[]): { handle: string; localePrefix: string } | null {
  let s = segments;
  let localePrefix = '';
  if (s.length >= 3 && LOCALE.test(s[0] ?? '') && (s[1] === 'products' || s[1] === 'collections')) {
    localePrefix = `/${s[0]}`;
    s = s.slice(1);
  }
  if (s.length === 4 && s[0] === 'collections' && s[2] === 'products') s = s.slice(2);
  if (s.length !== 2 || s[0] !== 'products') return null;
  const handle = s[1] ?? '';
  return SHOPIFY_HANDLE.test(handle) && handle.length <= 255 ? { handle, localePrefix } : null;
}

/**
 * Classifies an outbound link (raw, or a URL already cleaned by matching). Null when it is not a
 * product page this module recognises, points at a social site or a shortener (resolve it first),
 * or at a host the extension must not fetch (IP addresses, localhost, other ports, credentials).
 */
export function classifyProductUrl(raw: string | URL): ProductLink | null {
  const unwrapped = typeof raw === 'string' ? unwrapRedirect(raw) : raw;
  if (!unwrapped || (unwrapped.protocol !== 'https:' && unwrapped.protocol !== 'http:')) return null;
  if (unwrapped.username || unwrapped.password || unwrapped.port) return null;
  const url = stripTracking(unwrapped);
  // Read over https only: a price read over plain http could have been rewritten on the way.
  url.protocol = 'https:';
  const host = url.hostname.toLowerCase().replace(/\.$/, '');
  if (!isPublicHostname(host) || isSocialHost(host) || isShortener(url)) return null;
  const segments = url.pathname.split('/').filter((part) => part !== '').map(decodeSegment);
  if (segments.length === 0 || segments.length > 8) return null;
  const marketplace = MARKETPLACE_HOSTS.some((hosts) => hosts.test(host));
  for (const rule of RULES) {
    if (rule.hosts ? !rule.hosts.test(host) : marketplace) continue;
    const id = rule.match(url, segments);
    if (!id) continue;
    const shopify = rule.kind === 'shopify' ? shopifyShape(segments) : null;
    return {
      kind: rule.kind,
      url: url.href,
      origin: `https://${url.host}`,
      key: `${bareHost(host)}${id}`.toLowerCase(),
      urlKey: productUrlKey(url) ?? `${bareHost(host)}${url.pathname}`.toLowerCase(),
      shopify,
      variantHint: variantHint(url),
    };
  }
  return null;
}

/** Marketplaces handled by their own rule: a shop-platform rule must not claim their other pages. */
const MARKETPLACE_HOSTS: readonly RegExp[] = RULES.flatMap((rule) => (rule.hosts ? [rule.hosts] : []));

function variantHint(url: URL): string | null {
  for (const name of ['variant', 'skuId', 'sku_id', 'sku']) {
    const value = url.searchParams.get(name);
    if (value && /^[A-Za-z0-9_-]{1,64}$/.test(value)) return value;
  }
  return null;
}

/** The permission pattern an extension page asks for before reading pages of this shop. */
export function originPattern(origin: string): string {
  return `${origin}/*`;
}
