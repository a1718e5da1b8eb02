/**
 * Google Merchant Center product data: tab-separated text (a header row, then one item per row,
 * quoted fields may hold tabs and line breaks) or RSS 2.0 XML with the `g:` namespace (Atom 1.0
 * entries are read the same way). Rows sharing an `item_group_id` become one product with one
 * variant per row.
 */
import { feedSchemas, safeUrl, type StoredMerchant, type StoredProduct } from '../../catalog/model';
import { reason, UserError, type Reason } from '../../platform/errors';
import { readText, send } from '../../platform/http';
import { parseDecimal } from '../../platform/money';
import { snapshotPages, type Puller } from '../puller';
import { FeedError, RecordCollector, SkipError, skipFromZod, skipOf, sourcePage, toStoredProduct, validGtin, type SkippedRecord, type SourcePage } from '../records';
import { groupTitle } from '../group-title';
import { sourceText } from '../text';
import { asArray, parseXml, xmlAttr, xmlInnerHtml, xmlText } from '../xml';

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
        if (q === -1) throw new FeedError('errTsvCutOff');
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
  if (!header) throw new FeedError('errFeedEmpty');
  const names = header.map(attributeName);
  if (!names.includes('id') || !names.includes('price')) {
    throw new FeedError('errNotMerchantTsv');
  }
  return rows.slice(1).map((cells) => {
    const item: RawItem = new Map();
    if (cells.length > names.length) item.set('__fields', [String(cells.length), String(names.length)]);
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
  if (!entries) throw new FeedError('errNotMerchantXml');
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
  if (!match) throw new SkipError(field, 'skipMerchantPrice', [value]);
  const amount = match[1] ?? '';
  const currency = (match[2] ?? '').toUpperCase();
  try {
    return { amount, currency, minor: parseDecimal(amount, currency) };
  } catch (error) {
    if (error instanceof UserError) throw new SkipError(field, error.key, error.args);
    throw error;
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
  mpn: string | null;
  /** The row's own picture: each variant keeps it, whatever the group's list of images keeps. */
  image: string | null;
  /** Size, color, material and pattern as the row gives them. */
  attributes: string[];
  variantTitle: string;
  price: string;
  compareAtPrice: string | null;
  currency: string;
  available: boolean;
}

const url = safeUrl();

/**
 * A link or image of the feed. Google's specification accepts http, and real feeds (Google's own
 * example among them) use it: the record is kept and its URLs are read over https, which stores
 * serve; anything that is not a web address is refused.
 */
function checkUrl(value: string, field: string): string {
  const upgraded = value.replace(/^http:\/\//i, 'https://');
  const result = url.safeParse(upgraded);
  if (!result.success) throw new SkipError(field, 'skipNotWebAddress');
  return result.data;
}

/** Validates one row on its own, so a bad row costs only its own variant. */
function readRow(item: RawItem, index: number, now: number): Row {
  const fields = item.get('__fields');
  if (fields) throw new SkipError('', 'skipTsvRowFields', fields);
  const id = first(item, 'id');
  if (!id) throw new SkipError('id', 'skipMissing');
  if (id.length > 200) throw new SkipError('id', 'skipTooLong', [200]);
  const title = first(item, 'title');
  if (!title) throw new SkipError('title', 'skipMissing');
  const linkValue = first(item, 'link');
  if (!linkValue) throw new SkipError('link', 'skipMissing');
  const link = checkUrl(linkValue, 'link');
  const imageValue = first(item, 'image_link');
  const image = imageValue ? checkUrl(imageValue, 'image_link') : null;
  const more = (item.get('additional_image_link') ?? []).map((value) => value.trim()).filter(Boolean).map((extra) => checkUrl(extra, 'additional_image_link'));
  const images = image ? [image, ...more] : more;

  const availabilityValue = first(item, 'availability').toLowerCase().replace(/\s+/g, '_');
  if (!availabilityValue) throw new SkipError('availability', 'skipMissing');
  const available = AVAILABILITY[availabilityValue];
  if (available === undefined) throw new SkipError('availability', 'skipAvailability', [first(item, 'availability')]);

  const priceValue = first(item, 'price');
  if (!priceValue) throw new SkipError('price', 'skipMissing');
  const price = parseMerchantPrice(priceValue);
  let current = price;
  let compareAt: typeof price | null = null;
  const saleValue = first(item, 'sale_price');
  if (saleValue) {
    const sale = parseMerchantPrice(saleValue, 'sale_price');
    if (sale.currency !== price.currency) throw new SkipError('sale_price', 'skipCurrencyMismatch', [sale.currency, price.currency]);
    if (sale.minor < price.minor && saleActive(first(item, 'sale_price_effective_date'), now)) {
      current = sale;
      compareAt = price;
    }
  }

  const gtin = first(item, 'gtin').replace(/[\s-]/g, '');
  const mpn = first(item, 'mpn').slice(0, 70) || null;
  const attributes = ['size', 'color', 'material', 'pattern'].map((name) => first(item, name)).filter(Boolean);
  const variantTitle = attributes.join(' / ');
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
    mpn,
    image,
    attributes,
    variantTitle: variantTitle.slice(0, 300),
    price: current.amount,
    compareAtPrice: compareAt?.amount ?? null,
    currency: current.currency,
    available,
  };
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
  if (!body.trim()) throw new FeedError('errFeedEmpty');
  const format = opts.format && opts.format !== 'auto' ? opts.format : body.trimStart().startsWith('<') ? 'xml' : 'tsv';
  const items = format === 'xml' ? xmlItems(body) : tsvItems(body);
  const now = opts.now ?? Date.now();
  const schemas = feedSchemas();
  const skipped: SkippedRecord[] = [];
  const skip = (index: number, id: string | null, path: string, why: Reason) => skipped.push({ kind: 'products', index, id, path, reason: why });

  // Rows first: each on its own, duplicates of an accepted id skipped.
  const groups = new Map<string, Row[]>();
  const seenRows = new Set<string>();
  items.forEach((item, index) => {
    const id = first(item, 'id') || null;
    if (id !== null && seenRows.has(id)) return skip(index, id, '', reason('skipDuplicateId'));
    let row: Row;
    try {
      row = readRow(item, index, now);
    } catch (error) {
      const why = skipOf(error);
      return skip(index, id, why.path, why.reason);
    }
    // Group ids and item ids are apart here; a product id both give is skipped as a duplicate below.
    const key = row.groupId !== null ? `group:${row.groupId}` : `item:${row.id}`;
    const group = groups.get(key);
    const groupCurrency = group?.[0]?.currency;
    if (groupCurrency && row.currency !== groupCurrency) {
      return skip(index, id, 'price', reason('skipCurrencyMismatch', row.currency, groupCurrency));
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
    const title = grouped ? groupTitle(rows) : head.title;
    products.add(head.index, productId, () => {
      const parsed = schemas.FeedProduct.safeParse({
        id: productId,
        merchantId: opts.merchant.id,
        title,
        url: head.link,
        images: [...new Set(rows.flatMap((row) => row.images))].slice(0, 20),
        brand: rows.find((row) => row.brand)?.brand ?? null,
        gtin: rows.map((row) => validGtin(row.gtin)).find((code) => code !== null) ?? null,
        description: rows.find((row) => row.description)?.description ?? '',
        variants: rows.map((row) => ({
          id: row.id,
          title: row.variantTitle || (grouped && row.title !== title ? row.title.slice(0, 300) : ''),
          price: row.price,
          compareAtPrice: row.compareAtPrice,
          currency: row.currency,
          available: row.available,
          sku: row.id.length <= 100 ? row.id : null,
          gtin: validGtin(row.gtin),
          mpn: row.mpn,
          image: row.image,
        })),
        updatedAt: new Date(now).toISOString(),
      });
      if (!parsed.success) throw skipFromZod(parsed.error);
      return toStoredProduct(parsed.data, opts.sourceId);
    });
  }

  const merchants: StoredMerchant[] = [];
  const firstProduct = products.records[0];
  const merchantUrl = opts.merchant.url ?? (firstProduct ? new URL(firstProduct.url).origin : null);
  const currency = firstProduct?.variants[0]?.currency;
  if (merchantUrl && currency) {
    const merchant = schemas.FeedMerchant.safeParse({ id: opts.merchant.id, name: opts.merchant.name, url: merchantUrl, currency, checkout: { kind: 'link' } });
    if (!merchant.success) throw new FeedError('errSourceMisconfigured', [skipFromZod(merchant.error).path]);
    merchants.push({ ...merchant.data, sourceId: opts.sourceId });
  }

  const notes: Reason[] = [];
  const wrongGtins = [...groups.values()].flat().filter((row) => row.gtin !== null && validGtin(row.gtin) === null).length;
  if (wrongGtins > 0) notes.push(reason('noteGtinsDropped', wrongGtins));
  const currencies = new Set(products.records.flatMap((product) => product.variants.map((variant) => variant.currency)));
  if (currencies.size > 1) notes.push(reason('noteSeveralCurrencies', [...currencies].join(', ')));
  return sourcePage({ cursor: opts.cursor ?? '', merchants, products: products.records, skipped, notes });
}


/** A Google Merchant Center product feed (tab-separated or RSS/Atom XML), one document. */
export const pullMerchantFeed: Puller = async function* (source, deps) {
  if (!source.merchant) throw new FeedError('errSourceMisconfigured', ['merchant']);
  const response = await send(deps.fetch, source.url, { followRedirects: true });
  const text = await readText(response, source.url);
  const feed = parseMerchantFeed(text, { sourceId: source.id, merchant: source.merchant, now: deps.now() });
  yield* snapshotPages(feed, deps.pageSize, text.length);
};
