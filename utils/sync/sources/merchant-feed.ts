/**
 * Google Merchant Center product data: tab-separated text (a header row, then one item per row,
 * quoted fields may hold tabs and line breaks) or RSS 2.0 XML with the `g:` namespace (Atom 1.0
 * entries are read the same way). Rows sharing an `item_group_id` become one product with one
 * variant per row. Also home of the XML reading shared with the reviews feed: parsed by
 * fast-xml-parser with entity processing off, so no DOCTYPE entity is ever expanded.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { feedSchemas, safeUrl, type StoredMerchant, type StoredProduct } from '../../catalog/model';
import { parseDecimal } from '../../catalog/money';
import { codePointText, RecordCollector, reasonOf, sourcePage, sourceText, type SourcePage } from './shopify';
import { describeIssues, FeedError, toStoredProduct, type SkippedRecord } from './postcart';

// ---------------------------------------------------------------- XML

const XML_OPTIONS = {
  // No entity processing at all: DOCTYPE entities (billion laughs) are never expanded, and the
  // parser refuses external ones. The five XML entities and character references are decoded by
  // decodeXmlEntities below, in one pass. htmlEntities stays off (it only matters when entity
  // processing is on); HTML references in descriptions are decoded by htmlToText.
  processEntities: false,
  htmlEntities: false,
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  // Every value stays a string: GTINs and ids keep their leading zeros.
  parseTagValue: false,
  parseAttributeValue: false,
  // CDATA is kept apart from text: its content is literal, entities in it are not decoded.
  cdataPropName: '__cdata',
  // g:price and price read the same, whatever prefix the feed bound to the Google namespace.
  removeNSPrefix: true,
  trimValues: true,
} as const;

/**
 * Parses an XML document without expanding entities. A document that is not well-formed (a
 * truncated download, an HTML error page) throws FeedError. `stopNodes` (like `..description`)
 * keep their inner markup as raw text, for fields that may carry HTML.
 */
export function parseXml(text: string, stopNodes: string[] = []): Record<string, unknown> {
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    throw new FeedError(`The XML is malformed or cut off (line ${valid.err.line}): ${valid.err.msg.replace(/\s+/g, ' ')}`);
  }
  try {
    const parsed: unknown = new XMLParser({ ...XML_OPTIONS, stopNodes }).parse(text);
    if (!parsed || typeof parsed !== 'object') throw new Error('empty document');
    return parsed as Record<string, unknown>;
  } catch (error) {
    throw new FeedError(`The XML could not be read: ${(error as Error).message}`);
  }
}

/** Decodes the five XML entities and character references in one pass; other references stay as written. */
export function decodeXmlEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(?:#(\d{1,8})|#x([0-9a-fA-F]{1,7})|(amp|lt|gt|quot|apos));/g, (_whole, dec?: string, hex?: string, name?: string) => {
    if (dec !== undefined) return codePointText(Number.parseInt(dec, 10));
    if (hex !== undefined) return codePointText(Number.parseInt(hex, 16));
    return XML_ENTITIES[name as keyof typeof XML_ENTITIES];
  });
}
const XML_ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function asArray(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** The text of a leaf element (text and CDATA; attributes and child elements ignored), trimmed. */
export function xmlText(node: unknown): string {
  if (Array.isArray(node)) return xmlText(node[0]);
  if (typeof node === 'string') return decodeXmlEntities(node).trim();
  if (typeof node === 'number' || typeof node === 'boolean') return String(node);
  if (node && typeof node === 'object') {
    const record = node as Record<string, unknown>;
    const text = asArray(record['#text']).map((part) => (typeof part === 'string' ? decodeXmlEntities(part) : String(part)));
    const cdata = asArray(record.__cdata).map(String);
    return [...text, ...cdata].join('').trim();
  }
  return '';
}

/** The text of an attribute of an element, decoded. */
export function xmlAttr(node: unknown, name: string): string | null {
  if (Array.isArray(node)) return xmlAttr(node[0], name);
  if (!node || typeof node !== 'object') return null;
  const value = (node as Record<string, unknown>)[`@_${name}`];
  return typeof value === 'string' ? decodeXmlEntities(value) : null;
}

/** The inner markup of a stop node as HTML: CDATA sections unwrapped (literal), entities outside them decoded. */
export function xmlInnerHtml(node: unknown): string {
  if (Array.isArray(node)) return xmlInnerHtml(node[0]);
  const raw = typeof node === 'string' ? node : node && typeof node === 'object' ? String((node as Record<string, unknown>)['#text'] ?? '') : '';
  let out = '';
  let i = 0;
  while (i < raw.length) {
    const start = raw.indexOf('<![CDATA[', i);
    if (start === -1) {
      out += decodeXmlEntities(raw.slice(i));
      break;
    }
    out += decodeXmlEntities(raw.slice(i, start));
    const end = raw.indexOf(']]>', start + 9);
    out += raw.slice(start + 9, end === -1 ? raw.length : end);
    i = end === -1 ? raw.length : end + 3;
  }
  return out;
}

// ---------------------------------------------------------------- TSV

/**
 * Splits tab-separated text into rows of fields. Quoted fields may contain tabs, line breaks and
 * doubled quotes; CRLF, LF and CR all end a row; blank rows are dropped. A quote that never
 * closes means the file was cut off: FeedError.
 */
export function parseTsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  const endRow = () => {
    row.push(field);
    field = '';
    if (row.length > 1 || row[0] !== '') rows.push(row);
    row = [];
  };
  while (i < text.length) {
    const c = text[i];
    if (c === '"' && field === '') {
      // A quoted field runs to the next quote not doubled.
      let j = i + 1;
      let value = '';
      for (;;) {
        const q = text.indexOf('"', j);
        if (q === -1) throw new FeedError('The feed is cut off: a quoted field never ends');
        value += text.slice(j, q);
        if (text[q + 1] === '"') {
          value += '"';
          j = q + 2;
        } else {
          j = q + 1;
          break;
        }
      }
      field = value;
      i = j;
      // Anything between the closing quote and the next separator is kept as written.
      while (i < text.length && text[i] !== '\t' && text[i] !== '\n' && text[i] !== '\r') field += text[i++];
      continue;
    }
    if (c === '\t') {
      row.push(field);
      field = '';
      i += 1;
    } else if (c === '\r' || c === '\n') {
      endRow();
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
    } else {
      const next = text.slice(i).search(/[\t\r\n]/);
      const end = next === -1 ? text.length : i + next;
      field += text.slice(i, end);
      i = end;
    }
  }
  if (field !== '' || row.length > 0) endRow();
  return rows;
}

/** Header names as Google spells them in any of its accepted ways: "Image Link", "image_link", "g:image_link". */
function attributeName(header: string): string {
  return header.trim().toLowerCase().replace(/^g:/, '').replace(/[\s-]+/g, '_');
}

// ---------------------------------------------------------------- items

/** One item of the feed: attribute name -> its values (repeated attributes give several). */
type RawItem = Map<string, string[]>;

function first(item: RawItem, name: string): string {
  return item.get(name)?.find((value) => value.trim() !== '')?.trim() ?? '';
}

function tsvItems(text: string): RawItem[] {
  const rows = parseTsv(text);
  const header = rows[0];
  if (!header) throw new FeedError('The feed is empty');
  const names = header.map(attributeName);
  if (!names.includes('id') || !names.includes('price')) {
    throw new FeedError('Not a Merchant Center feed: the header row has no "id" and "price" columns');
  }
  return rows.slice(1).map((cells) => {
    const item: RawItem = new Map();
    if (cells.length > names.length) item.set('__error', [`row has ${cells.length} fields, the header ${names.length} (an unquoted tab?)`]);
    names.forEach((name, index) => {
      const value = cells[index] ?? '';
      const values = name === 'additional_image_link' ? value.split(/,(?=\s*[a-z][a-z0-9+.-]*:)/i) : [value];
      item.set(name, [...(item.get(name) ?? []), ...values.map((v) => v.trim())]);
    });
    return item;
  });
}

function xmlItems(text: string): RawItem[] {
  const doc = parseXml(text, ['..description']);
  const channel = (doc.rss as Record<string, unknown> | undefined)?.channel;
  const entries = doc.rss !== undefined ? asArray((asArray(channel)[0] as Record<string, unknown> | undefined)?.item) : doc.feed !== undefined ? asArray((doc.feed as Record<string, unknown>).entry) : null;
  if (!entries) throw new FeedError('Not a Merchant Center feed: the XML is neither RSS 2.0 (<rss><channel><item>) nor Atom (<feed><entry>)');
  return entries.map((entry) => {
    const item: RawItem = new Map();
    if (!entry || typeof entry !== 'object') return item;
    for (const [key, value] of Object.entries(entry as Record<string, unknown>)) {
      if (key.startsWith('@_') || key === '#text' || key === '__cdata') continue;
      const values = asArray(value).map((node) => {
        if (key === 'description') return xmlInnerHtml(node);
        // Atom writes <link href="..."/>.
        if (key === 'link' && xmlAttr(node, 'href') !== null) return xmlAttr(node, 'href') ?? '';
        return xmlText(node);
      });
      item.set(key, values);
    }
    return item;
  });
}

// ---------------------------------------------------------------- rows -> products

export interface MerchantFeedOptions {
  sourceId: string;
  /** The merchant the feed sells for; its url defaults to the origin of the first product link. */
  merchant: { id: string; name: string; url?: string };
  format?: 'auto' | 'tsv' | 'xml';
  /** Stored as the ParsedFeed cursor (a Merchant feed has none of its own; '' by default). */
  cursor?: string;
  /** The time of the fetch: products carry it as updatedAt, and sale_price_effective_date is checked against it. */
  now?: number;
}

/** "15.00 USD" -> amount and ISO 4217 currency; anything else ("USD 15", "15,00 €") is malformed. */
export function parseMerchantPrice(value: string, field = 'price'): { amount: string; currency: string; minor: number } {
  const match = /^(\d{1,12}(?:\.\d{1,4})?)\s*([A-Za-z]{3})$/.exec(value.trim());
  if (!match) throw new Error(`${field}: "${value}" is not a price like "15.00 USD"`);
  const amount = match[1] ?? '';
  const currency = (match[2] ?? '').toUpperCase();
  try {
    return { amount, currency, minor: parseDecimal(amount, currency) };
  } catch (error) {
    throw new Error(`${field}: ${(error as Error).message}`);
  }
}

const AVAILABILITY: Record<string, boolean> = {
  in_stock: true,
  out_of_stock: false,
  preorder: true,
  backorder: true,
  // Values Google retired but old feeds still send.
  available_for_order: true,
  discontinued: false,
};

/** Whether a sale_price_effective_date window ("start/end", ISO 8601) holds at `now`. No window: always. Unreadable: never. */
function saleActive(window: string, now: number): boolean {
  if (!window) return true;
  const [start, end] = window.split('/').map((part) => Date.parse(part.trim().replace(/([+-]\d{2})(\d{2})$/, '$1:$2')));
  if (start === undefined || end === undefined || Number.isNaN(start) || Number.isNaN(end)) return false;
  return start <= now && now < end;
}

interface Row {
  index: number;
  id: string;
  groupId: string | null;
  title: string;
  description: string;
  link: string;
  images: string[];
  brand: string | null;
  gtin: string | null;
  variantTitle: string;
  price: string;
  compareAtPrice: string | null;
  currency: string;
  available: boolean;
}

const url = safeUrl();

function checkUrl(value: string, field: string): string {
  const result = url.safeParse(value);
  if (!result.success) throw new Error(`${field}: URL must be https`);
  return result.data;
}

/** Validates one row on its own, so a bad row costs only its own variant. */
function readRow(item: RawItem, index: number, now: number): Row {
  const error = first(item, '__error');
  if (error) throw new Error(error);
  const id = first(item, 'id');
  if (!id) throw new Error('id: missing');
  if (id.length > 200) throw new Error('id: longer than 200 characters');
  const title = first(item, 'title');
  if (!title) throw new Error('title: missing');
  const linkValue = first(item, 'link');
  if (!linkValue) throw new Error('link: missing');
  const link = checkUrl(linkValue, 'link');
  const image = first(item, 'image_link');
  const more = (item.get('additional_image_link') ?? []).map((value) => value.trim()).filter(Boolean);
  if (image) checkUrl(image, 'image_link');
  for (const extra of more) checkUrl(extra, 'additional_image_link');
  const images = image ? [image, ...more] : more;

  const availabilityValue = first(item, 'availability').toLowerCase().replace(/\s+/g, '_');
  if (!availabilityValue) throw new Error('availability: missing');
  const available = AVAILABILITY[availabilityValue];
  if (available === undefined) throw new Error(`availability: unknown value "${first(item, 'availability')}"`);

  const priceValue = first(item, 'price');
  if (!priceValue) throw new Error('price: missing');
  const price = parseMerchantPrice(priceValue);
  let current = price;
  let compareAt: typeof price | null = null;
  const saleValue = first(item, 'sale_price');
  if (saleValue) {
    const sale = parseMerchantPrice(saleValue, 'sale_price');
    if (sale.currency !== price.currency) throw new Error(`sale_price: currency ${sale.currency} differs from the price's ${price.currency}`);
    if (sale.minor < price.minor && saleActive(first(item, 'sale_price_effective_date'), now)) {
      current = sale;
      compareAt = price;
    }
  }

  const gtin = first(item, 'gtin').replace(/[\s-]/g, '');
  if (gtin && !/^\d{8,14}$/.test(gtin)) throw new Error('gtin: must be 8 to 14 digits');
  const variantTitle = ['size', 'color', 'material', 'pattern'].map((name) => first(item, name)).filter(Boolean).join(' / ');
  return {
    index,
    id,
    groupId: first(item, 'item_group_id') || null,
    title,
    description: sourceText(first(item, 'description'), 'description', 'auto'),
    link,
    images,
    brand: first(item, 'brand') || null,
    gtin: gtin || null,
    variantTitle: variantTitle.slice(0, 300),
    price: current.amount,
    compareAtPrice: compareAt?.amount ?? null,
    currency: current.currency,
    available,
  };
}

/** The words all titles of a group start with ("Merino Crew Sweater - Navy / M" and "... - Grey / L" give "Merino Crew Sweater"). */
function commonTitle(titles: string[]): string {
  const words = titles.map((title) => title.split(/\s+/));
  const head = words[0] ?? [];
  let n = 0;
  while (n < head.length && words.every((w) => w[n] === head[n])) n += 1;
  return head.slice(0, n).join(' ').replace(/[\s,–—/|(-]+$/, '');
}

/**
 * Parses a Merchant Center feed (TSV or RSS/Atom XML) into products of one merchant.
 * - Rows are validated one by one; a bad row (missing id, malformed price like "USD 15", unknown
 *   availability, non-https link or image, bad gtin, duplicate id) is skipped with its reason, and
 *   the other rows of its group still make the product.
 * - Rows with the same item_group_id are one product (id `<sourceId>:<item_group_id>`), others one
 *   product each (`<sourceId>:<id>`); the row's id is the variant id and its SKU (Google asks for
 *   the SKU as id). Variant title from size / color / material / pattern.
 * - A sale_price below price (inside its effective date window) becomes the price and the price
 *   the compare-at price.
 * - Currency comes from each price. Products may differ in currency (a feed may mix markets), but
 *   the variants of one product may not: a row whose currency differs from its group's first
 *   valid row is skipped. The merchant's currency is the first one seen.
 */
export function parseMerchantFeed(text: string, opts: MerchantFeedOptions): SourcePage {
  const body = text.replace(/^\uFEFF/, '');
  if (!body.trim()) throw new FeedError('The feed is empty');
  const format = opts.format && opts.format !== 'auto' ? opts.format : body.trimStart().startsWith('<') ? 'xml' : 'tsv';
  const items = format === 'xml' ? xmlItems(body) : tsvItems(body);
  const now = opts.now ?? Date.now();
  const schemas = feedSchemas();
  const skipped: SkippedRecord[] = [];
  const skip = (index: number, id: string | null, reason: string) => skipped.push({ kind: 'products', index, id, reason });

  // Rows first: each on its own, duplicates of an accepted id skipped.
  const groups = new Map<string, Row[]>();
  const seenRows = new Set<string>();
  items.forEach((item, index) => {
    const id = first(item, 'id') || null;
    if (id !== null && seenRows.has(id)) return skip(index, id, 'duplicate id');
    let row: Row;
    try {
      row = readRow(item, index, now);
    } catch (error) {
      return skip(index, id, reasonOf(error));
    }
    // Group ids and item ids are apart here; a product id both give is skipped as a duplicate below.
    const key = row.groupId !== null ? `group:${row.groupId}` : `item:${row.id}`;
    const group = groups.get(key);
    const groupCurrency = group?.[0]?.currency;
    if (groupCurrency && row.currency !== groupCurrency) {
      return skip(index, id, `price: currency ${row.currency} differs from ${groupCurrency} of the other variants of ${row.groupId}`);
    }
    seenRows.add(row.id);
    if (group) group.push(row);
    else groups.set(key, [row]);
  });

  const products = new RecordCollector<StoredProduct>('products', skipped);
  for (const rows of groups.values()) {
    const head = rows[0]!;
    const productId = `${opts.sourceId}:${head.groupId ?? head.id}`;
    const grouped = rows.length > 1 || head.groupId !== null;
    const title = grouped ? commonTitle(rows.map((row) => row.title)) || head.title : head.title;
    products.add(head.index, productId, () => {
      const parsed = schemas.FeedProduct.safeParse({
        id: productId,
        merchantId: opts.merchant.id,
        title,
        url: head.link,
        images: [...new Set(rows.flatMap((row) => row.images))].slice(0, 20),
        brand: rows.find((row) => row.brand)?.brand ?? null,
        gtin: rows.find((row) => row.gtin)?.gtin ?? null,
        description: rows.find((row) => row.description)?.description ?? '',
        variants: rows.map((row) => ({
          id: row.id,
          title: row.variantTitle || (grouped && row.title !== title ? row.title.slice(0, 300) : ''),
          price: row.price,
          compareAtPrice: row.compareAtPrice,
          currency: row.currency,
          available: row.available,
          sku: row.id.length <= 100 ? row.id : null,
        })),
        updatedAt: new Date(now).toISOString(),
      });
      if (!parsed.success) throw new Error(describeIssues(parsed.error));
      return toStoredProduct(parsed.data, opts.sourceId);
    });
  }

  const merchants: StoredMerchant[] = [];
  const firstProduct = products.records[0];
  const merchantUrl = opts.merchant.url ?? (firstProduct ? new URL(firstProduct.url).origin : null);
  const currency = firstProduct?.variants[0]?.currency;
  if (merchantUrl && currency) {
    const merchant = schemas.FeedMerchant.safeParse({ id: opts.merchant.id, name: opts.merchant.name, url: merchantUrl, currency, checkout: { kind: 'link' } });
    if (!merchant.success) throw new FeedError(`The Merchant feed source is misconfigured: ${describeIssues(merchant.error)}`);
    merchants.push({ ...merchant.data, sourceId: opts.sourceId });
  }

  const notes: string[] = [];
  const currencies = new Set(products.records.flatMap((product) => product.variants.map((variant) => variant.currency)));
  if (currencies.size > 1) notes.push(`Prices in several currencies: ${[...currencies].join(', ')}`);
  return sourcePage({ cursor: opts.cursor ?? '', merchants, products: products.records, skipped, notes });
}

