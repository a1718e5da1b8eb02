/**
 * Shopify stores: the public `/products.json?limit=250&page=N` listing. Prices are decimal strings
 * on the variants with no currency (the source carries the store's currency); the listing stops at
 * page * limit = 25,000. Each page becomes a ParsedFeed that `applyFeed` stores unchanged.
 */
import { z } from 'zod';
import { MAX_TEXT } from '../../platform/limits';
import { feedSchemas, type StoredMerchant, type StoredProduct } from '../../catalog/model';
import { describeIssues, FeedError, toStoredProduct, type ParsedFeed, type SkippedRecord } from './postcart';

export const SHOPIFY_PAGE_LIMIT = 250;
/** Shopify answers at most page * limit = 25,000 products through products.json. */
export const SHOPIFY_MAX_PAGE = 25_000 / SHOPIFY_PAGE_LIMIT;

/** A text longer than this in the source is refused outright ("oversized text"); shorter is cut to MAX_TEXT. */
export const MAX_SOURCE_TEXT = 100 * MAX_TEXT;

/** A parsed page plus what the user should know about the run (shown as the run's note). */
export interface SourcePage extends ParsedFeed {
  notes: string[];
}

/** A page of a source kind that brings only some record kinds: the rest empty, no deletions. */
export function sourcePage(page: Partial<SourcePage> & Pick<SourcePage, 'skipped'>): SourcePage {
  return { cursor: '', hasMore: false, merchants: [], products: [], reviews: [], tags: [], deleted: { products: [], tags: [] }, notes: [], ...page };
}

export interface ShopifyOptions {
  sourceId: string;
  /** The store: `https://acme.example`, `acme.example` or any page of it. */
  storeUrl: string;
  /** The store currency, given when the source was added (products.json has none). */
  currency: string;
  merchant: { id: string; name: string };
  /** The page number this listing came from (1-based); decides hasMore at the cap. Default 1. */
  page?: number;
}

/** The store's origin, always https (Shopify serves nothing else); other schemes are refused. */
export function shopifyStoreOrigin(storeUrl: string): string {
  const trimmed = storeUrl.trim();
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:/i.test(trimmed) ? trimmed : `https://${trimmed}`);
  } catch {
    throw new FeedError(`"${storeUrl}" is not a store address`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new FeedError(`"${storeUrl}" is not an https store address`);
  if (!url.hostname || url.username || url.password) throw new FeedError(`"${storeUrl}" is not a store address`);
  return `https://${url.host}`;
}

/** `https://<store>/products.json?limit=250&page=<page>`; pages run from 1 to SHOPIFY_MAX_PAGE. */
export function shopifyPageUrl(storeUrl: string, page: number): string {
  if (!Number.isInteger(page) || page < 1 || page > SHOPIFY_MAX_PAGE) {
    throw new RangeError(`Shopify pages run from 1 to ${SHOPIFY_MAX_PAGE}, not ${page}`);
  }
  return `${shopifyStoreOrigin(storeUrl)}/products.json?limit=${SHOPIFY_PAGE_LIMIT}&page=${page}`;
}

// ---------------------------------------------------------------- text

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', shy: '', ensp: ' ', emsp: ' ', thinsp: ' ',
  ndash: '–', mdash: '—', lsquo: '‘', rsquo: '’', sbquo: '‚', ldquo: '“', rdquo: '”', bdquo: '„',
  laquo: '«', raquo: '»', lsaquo: '‹', rsaquo: '›', hellip: '…', bull: '•', middot: '·', prime: '′', Prime: '″',
  copy: '©', reg: '®', trade: '™', deg: '°', times: '×', divide: '÷', plusmn: '±', micro: 'µ', para: '¶', sect: '§',
  frac12: '½', frac14: '¼', frac34: '¾', sup1: '¹', sup2: '²', sup3: '³', permil: '‰',
  euro: '€', pound: '£', yen: '¥', cent: '¢', curren: '¤', iexcl: '¡', iquest: '¿', dagger: '†', Dagger: '‡',
  larr: '←', rarr: '→', uarr: '↑', darr: '↓', harr: '↔', check: '✓', hearts: '♥', star: '☆',
  agrave: 'à', aacute: 'á', acirc: 'â', atilde: 'ã', auml: 'ä', aring: 'å', aelig: 'æ', ccedil: 'ç',
  egrave: 'è', eacute: 'é', ecirc: 'ê', euml: 'ë', igrave: 'ì', iacute: 'í', icirc: 'î', iuml: 'ï',
  ntilde: 'ñ', ograve: 'ò', oacute: 'ó', ocirc: 'ô', otilde: 'õ', ouml: 'ö', oslash: 'ø', oelig: 'œ',
  ugrave: 'ù', uacute: 'ú', ucirc: 'û', uuml: 'ü', yacute: 'ý', yuml: 'ÿ', szlig: 'ß', eth: 'ð', thorn: 'þ',
  Agrave: 'À', Aacute: 'Á', Acirc: 'Â', Atilde: 'Ã', Auml: 'Ä', Aring: 'Å', AElig: 'Æ', Ccedil: 'Ç',
  Egrave: 'È', Eacute: 'É', Ecirc: 'Ê', Euml: 'Ë', Igrave: 'Ì', Iacute: 'Í', Icirc: 'Î', Iuml: 'Ï',
  Ntilde: 'Ñ', Ograve: 'Ò', Oacute: 'Ó', Ocirc: 'Ô', Otilde: 'Õ', Ouml: 'Ö', Oslash: 'Ø', OElig: 'Œ',
  Ugrave: 'Ù', Uacute: 'Ú', Ucirc: 'Û', Uuml: 'Ü', Yacute: 'Ý', ETH: 'Ð', THORN: 'Þ',
};

/** A character reference's code point as text; NUL, surrogates and out-of-range become U+FFFD. */
export function codePointText(code: number): string {
  if (!Number.isInteger(code) || code <= 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '\uFFFD';
  return String.fromCodePoint(code);
}

/** Decodes HTML character references in one pass (`&amp;lt;` gives `&lt;`, never `<`). Unknown names stay as written. */
export function decodeHtmlEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(?:#(\d{1,8})|#[xX]([0-9a-fA-F]{1,7})|([A-Za-z][A-Za-z0-9]{1,31}));?/g, (whole, dec?: string, hex?: string, name?: string) => {
    if (dec !== undefined) return codePointText(Number.parseInt(dec, 10));
    if (hex !== undefined) return codePointText(Number.parseInt(hex, 16));
    const value = name !== undefined ? NAMED_ENTITIES[name] : undefined;
    return value !== undefined && whole.endsWith(';') ? value : whole;
  });
}

/** Elements whose content is not text at all. */
const SKIPPED_ELEMENTS = new Set(['script', 'style', 'template', 'noscript', 'iframe', 'object', 'svg', 'math', 'head', 'title', 'select', 'textarea']);
/** Elements that start a new line of text. */
const BLOCK_ELEMENTS = new Set([
  'address', 'article', 'aside', 'blockquote', 'dd', 'details', 'div', 'dl', 'dt', 'figcaption', 'figure', 'footer',
  'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main', 'nav', 'ol', 'p', 'pre', 'section',
  'summary', 'table', 'tbody', 'thead', 'tfoot', 'tr', 'ul', 'br', 'caption',
]);
const TAG_NAME = /<(\/?)([A-Za-z][A-Za-z0-9:-]*)/y;

/**
 * Plain text of an HTML fragment, for descriptions: no markup survives (tags, comments, scripts and
 * styles are dropped), character references are decoded, block elements become line breaks, list
 * items get a bullet, and runs of white space collapse. A linear scan, not a regex over the whole
 * input, so a hostile fragment cannot make it slow.
 */
export function htmlToText(html: string): string {
  const lower = html.toLowerCase();
  const parts: string[] = [];
  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    // Line breaks in the source are only white space; breaks come from the elements.
    if (lt === -1) {
      parts.push(decodeHtmlEntities(html.slice(i).replace(/\s+/g, ' ')));
      break;
    }
    if (lt > i) parts.push(decodeHtmlEntities(html.slice(i, lt).replace(/\s+/g, ' ')));
    if (html.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt + 4);
      i = end === -1 ? html.length : end + 3;
      continue;
    }
    if (html.startsWith('<!', lt) || html.startsWith('<?', lt)) {
      const end = html.indexOf('>', lt);
      i = end === -1 ? html.length : end + 1;
      continue;
    }
    TAG_NAME.lastIndex = lt;
    const match = TAG_NAME.exec(html);
    if (!match) {
      parts.push('<'); // a lone "<" in text ("size < 10")
      i = lt + 1;
      continue;
    }
    const closing = match[1] === '/';
    const name = (match[2] ?? '').toLowerCase();
    const gt = endOfTag(html, lt + match[0].length);
    if (gt === -1) break; // a tag cut off at the end: drop it
    i = gt + 1;
    if (!closing && SKIPPED_ELEMENTS.has(name) && html[gt - 1] !== '/') {
      const end = lower.indexOf(`</${name}`, i);
      const close = end === -1 ? -1 : html.indexOf('>', end);
      i = close === -1 ? html.length : close + 1;
      continue;
    }
    if (name === 'li') {
      if (!closing) parts.push('\n• ');
    } else if (BLOCK_ELEMENTS.has(name)) parts.push(name === 'p' || /^h\d$/.test(name) ? '\n\n' : '\n');
    else if (name === 'td' || name === 'th') parts.push(' ');
  }
  return tidyText(parts.join(''));
}

/** The ">" closing a tag that starts before `from`, skipping quoted attribute values. */
function endOfTag(html: string, from: number): number {
  let quote: string | null = null;
  for (let j = from; j < html.length; j += 1) {
    const c = html[j];
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '>') {
      return j;
    }
  }
  return -1;
}

/** Cuts text to MAX_TEXT at a word boundary with an ellipsis. */
export function clipText(text: string, max = MAX_TEXT): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.8 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** Plain text tidied: runs of spaces and tabs become one space, lines are trimmed, at most one blank line in a row. */
export function tidyText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
    .replace(/[^\S\n]+/g, ' ')
    .replace(/ ?\n ?/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Whether text carries HTML markup or character references (many feeds put HTML in descriptions). */
export function looksLikeHtml(text: string): boolean {
  return /<\/?[a-z][a-z0-9]*(\s[^<>]*)?\/?>|&(#\d+|#x[0-9a-f]+|[a-z][a-z0-9]*);/i.test(text);
}

/**
 * Long free text from a source (a description, a review) is cut to MAX_TEXT rather than costing
 * the record: the store does not know our limit. Text beyond MAX_SOURCE_TEXT is refused.
 * `html`: true for HTML fields, false for plain text, 'auto' to decide by looking.
 */
export function sourceText(raw: string, field: string, html: boolean | 'auto'): string {
  if (raw.length > MAX_SOURCE_TEXT) throw new Error(`${field}: oversized text (${raw.length} characters)`);
  const isHtml = html === 'auto' ? looksLikeHtml(raw) : html;
  return clipText(isHtml ? htmlToText(raw) : tidyText(raw));
}

// ---------------------------------------------------------------- records

/** Collects records one by one: a bad one is skipped with its reason, a repeated id is skipped as a duplicate. */
export class RecordCollector<T extends { id: string }> {
  readonly records: T[] = [];
  private readonly seen = new Set<string>();
  constructor(
    readonly kind: SkippedRecord['kind'],
    readonly skipped: SkippedRecord[],
  ) {}

  add(index: number, id: string | null, build: () => T): T | null {
    if (id !== null && this.seen.has(id)) {
      this.skip(index, id, 'duplicate id');
      return null;
    }
    try {
      const record = build();
      if (this.seen.has(record.id)) {
        this.skip(index, id ?? record.id, 'duplicate id');
        return null;
      }
      this.seen.add(record.id);
      if (id !== null) this.seen.add(id);
      this.records.push(record);
      return record;
    } catch (error) {
      this.skip(index, id, reasonOf(error));
      return null;
    }
  }

  skip(index: number, id: string | null, reason: string): void {
    this.skipped.push({ kind: this.kind, index, id, reason });
  }
}

/** A zod error's first issue, described as if it sat under `prefix` ("variants.2.price: ..."). */
export function describeAt(error: z.ZodError, prefix: (string | number)[]): string {
  const issue = error.issues[0];
  if (!issue) return prefix.join('.') || 'invalid record';
  return `${[...prefix, ...issue.path.map(String)].join('.')}: ${issue.message}`;
}

/** A skip reason from a zod error ("variants.0.price: ...") or any other error's message. */
export function reasonOf(error: unknown): string {
  if (error instanceof z.ZodError) return describeIssues(error);
  return error instanceof Error ? error.message : String(error);
}

// ---------------------------------------------------------------- products.json

const ShopifyId = z.union([z.number().int().positive().transform(String), z.string().trim().regex(/^[A-Za-z0-9_-]{1,100}$/, 'id must be a Shopify id')]);
const optionalText = z.string().nullish().transform((value) => value ?? '');

const ShopifyVariant = z.looseObject({
  id: ShopifyId,
  title: optionalText,
  price: z.string({ error: 'price must be a decimal string like "129.00"' }),
  compare_at_price: z.string().nullish(),
  available: z.boolean().optional(),
  sku: z.string().nullish(),
  barcode: z.string().nullish(),
});

const ShopifyProduct = z.looseObject({
  id: ShopifyId,
  title: z.string(),
  handle: z.string().trim().min(1, 'handle is missing').max(255),
  body_html: z.string().nullish(),
  vendor: z.string().nullish(),
  updated_at: z.string().nullish(),
  published_at: z.string().nullish(),
  created_at: z.string().nullish(),
  images: z.array(z.looseObject({ src: z.string() })).default([]),
  variants: z.array(z.unknown()).default([]),
});

/** Shopify's placeholder title of a product's only variant. */
const DEFAULT_VARIANT_TITLE = 'Default Title';

/**
 * Turns one products.json page into records: the merchant (in every page, so any page applies on
 * its own) and the products, each validated on its own. A response that is not a products listing
 * at all throws FeedError. An empty page ends the listing; so does the page cap, with a note.
 */
export function parseShopifyPage(raw: unknown, opts: ShopifyOptions): SourcePage {
  const origin = shopifyStoreOrigin(opts.storeUrl);
  const page = opts.page ?? 1;
  if (!raw || typeof raw !== 'object' || Array.isArray(raw) || !Array.isArray((raw as { products?: unknown }).products)) {
    throw new FeedError('Not a Shopify products.json page (no "products" list)');
  }
  const rawProducts = (raw as { products: unknown[] }).products;
  const schemas = feedSchemas();
  const merchantResult = schemas.FeedMerchant.safeParse({
    id: opts.merchant.id,
    name: opts.merchant.name,
    url: origin,
    currency: opts.currency,
    checkout: { kind: 'shopify-permalink' },
  });
  if (!merchantResult.success) throw new FeedError(`The Shopify source is misconfigured: ${describeIssues(merchantResult.error)}`);
  const merchant: StoredMerchant = { ...merchantResult.data, sourceId: opts.sourceId };

  const skipped: SkippedRecord[] = [];
  const products = new RecordCollector<StoredProduct>('products', skipped);
  rawProducts.forEach((record, index) => {
    const rawId = (record as { id?: unknown } | null)?.id;
    const id = typeof rawId === 'number' || typeof rawId === 'string' ? `${opts.sourceId}:${rawId}` : null;
    products.add(index, id, () => toStoredProduct(schemas.FeedProduct.parse(shopifyToFeedProduct(record, opts, origin)), opts.sourceId));
  });

  const notes: string[] = [];
  let hasMore = rawProducts.length > 0;
  if (hasMore && page >= SHOPIFY_MAX_PAGE) {
    hasMore = false;
    notes.push(`Stopped at page ${SHOPIFY_MAX_PAGE}: Shopify lists at most ${SHOPIFY_MAX_PAGE * SHOPIFY_PAGE_LIMIT} products through products.json, so the rest of this store is not synced.`);
  }
  return sourcePage({ cursor: hasMore ? String(page + 1) : '', hasMore, merchants: [merchant], products: products.records, skipped, notes });
}

/** Maps a raw Shopify product onto the feed's product shape (validated by the caller). */
function shopifyToFeedProduct(record: unknown, opts: ShopifyOptions, origin: string): unknown {
  const product = ShopifyProduct.parse(record);
  const variants = product.variants.map((raw, index) => {
    const parsed = ShopifyVariant.safeParse(raw);
    if (!parsed.success) throw new Error(describeAt(parsed.error, ['variants', index]));
    const variant = parsed.data;
    return {
      id: variant.id,
      title: variant.title === DEFAULT_VARIANT_TITLE ? '' : variant.title,
      price: variant.price.trim(),
      compareAtPrice: variant.compare_at_price?.trim() || null,
      currency: opts.currency,
      available: variant.available ?? true,
      sku: variant.sku?.trim() || null,
      barcode: variant.barcode?.trim() ?? '',
    };
  });
  const gtin = variants.map((v) => v.barcode).find((code) => /^\d{8,14}$/.test(code)) ?? null;
  return {
    id: `${opts.sourceId}:${product.id}`,
    merchantId: opts.merchant.id,
    title: product.title,
    url: `${origin}/products/${encodeURIComponent(product.handle)}`,
    // Protocol-relative CDN paths ("//cdn.shopify.com/...") resolve against the store; a store
    // with hundreds of photos keeps its first 20.
    images: product.images.slice(0, 20).map((image) => resolveAgainst(image.src, origin)),
    brand: product.vendor?.trim() || null,
    gtin,
    description: sourceText(product.body_html ?? '', 'body_html', true),
    variants: variants.map(({ barcode: _barcode, ...variant }) => variant),
    updatedAt: product.updated_at ?? product.published_at ?? product.created_at,
  };
}

function resolveAgainst(value: string, base: string): string {
  try {
    return new URL(value.trim(), base).href;
  } catch {
    return value; // the schema refuses it with a reason
  }
}
