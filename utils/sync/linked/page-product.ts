/**
 * The product an arbitrary shop page describes, read from its HTML text: schema.org JSON-LD first
 * (Product, ProductGroup with hasVariant, @graph, arrays, Offer/AggregateOffer/priceSpecification),
 * then microdata, then Open Graph product tags. It never reads a price out of the page's visible
 * text, never guesses a currency, and never picks one of several products by chance: a wrong
 * price is worse than "no product found".
 */
import { clipText, decodeHtmlEntities, sourceText, tidyText } from '../text';
import { productUrlKey } from '../../sites/links';
import { linkedFailure, linkedSuccess, type LinkedFailure, type LinkedMethod, type LinkedResult, type LinkedVariant } from './model';
import { normalizeCurrency, parsePrice } from './price';
import type { ProductLink } from './product-url';
import { metaValue, scanPage, type MicroItem, type PageScan } from './page-scan';

export interface PageInput {
  html: string;
  link: ProductLink;
  /** The URL the page was finally read from (after same-site redirects). */
  finalUrl: string;
  readAt: number;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Node = { [key: string]: Json };

/** Walking bounds for hostile JSON: nodes visited, depth, product descriptions collected. */
const WALK_LIMITS = { nodes: 20_000, depth: 40, products: 1_000 } as const;
/** Entries read of one list (offers, variants, images): a product has at most 250 variants. */
const MAX_LIST = 250;

const PRODUCT_TYPES = new Set(['product', 'productgroup', 'productmodel', 'individualproduct', 'someproducts', 'vehicle', 'car', 'motorcycle']);
/** Price specifications that are a reference, not what the shopper pays now. */
const REFERENCE_PRICE_TYPES = new Set(['listprice', 'strikethroughprice', 'msrp', 'srp', 'minimumadvertisedprice', 'invoiceprice']);
/** schema.org ItemAvailability values, and Open Graph's words ("in stock", "available for order", "oos"). */
const AVAILABLE = new Set(['instock', 'limitedavailability', 'onlineonly', 'preorder', 'presale', 'backorder', 'madetoorder', 'available', 'availablefororder', 'pending']);
const UNAVAILABLE = new Set(['outofstock', 'soldout', 'discontinued', 'instoreonly', 'reserved', 'oos']);
/** Product properties that name other products: never candidates for the page's own product. */
const OTHER_PRODUCT_KEYS = new Set(['isrelatedto', 'issimilarto', 'isaccessoryorsparepartfor', 'isconsumablefor', 'hasvariant', 'isvariantof', 'model']);

// ---------------------------------------------------------------- small readers

function isNode(value: Json | undefined): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function list(value: Json | undefined): Json[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** A property by name, tolerating the capitalised keys some platforms write ("Offers"). */
function prop(node: Node, name: string): Json | undefined {
  if (name in node) return node[name];
  const lower = name.toLowerCase();
  for (const key of Object.keys(node)) if (key.toLowerCase() === lower) return node[key];
  return undefined;
}

function typeNames(node: Node): string[] {
  return list(prop(node, '@type')).flatMap((type) =>
    typeof type === 'string' ? [type.replace(/^(https?:\/\/)?(schema\.org|data-vocabulary\.org)\//i, '').replace(/^schema:/i, '').toLowerCase()] : [],
  );
}

function isProduct(node: Node): boolean {
  return typeNames(node).some((type) => PRODUCT_TYPES.has(type));
}

/** A scalar as trimmed text: strings, numbers, `{"@value": ...}` and `{"name": ...}` objects (a few levels deep). */
function textOf(value: Json | undefined, depth = 0): string | null {
  for (const entry of list(value)) {
    if (typeof entry === 'string' && entry.trim() !== '') return entry.trim();
    if (typeof entry === 'number' && Number.isFinite(entry)) return String(entry);
    if (isNode(entry) && depth < 4) {
      const inner = textOf(prop(entry, '@value') ?? prop(entry, 'name'), depth + 1);
      if (inner) return inner;
    }
  }
  return null;
}

/** A number written as a number or a string ("4.5", "4,5"). */
function numberOf(value: Json | undefined): number | null {
  const raw = list(value)[0];
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : null;
  if (typeof raw !== 'string') return null;
  const text = raw.trim().replace(',', '.');
  return /^\d+(\.\d+)?$/.test(text) ? Number(text) : null;
}

function cleanText(value: string | null, max: number): string | null {
  if (value === null) return null;
  const text = clipText(tidyText(decodeHtmlEntities(value)).replace(/\s+/g, ' '), max);
  return text === '' ? null : text;
}

function absoluteUrl(value: string | null, base: string): string | null {
  if (!value) return null;
  try {
    const url = new URL(value.trim(), base);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}

/** Images may be http on old themes (Shopify's og:image); they are asked for over https. */
function httpsImage(value: string | null, base: string): string | null {
  const absolute = absoluteUrl(value, base);
  if (!absolute) return null;
  const url = new URL(absolute);
  url.protocol = 'https:';
  return url.href;
}

function availability(value: Json | undefined): boolean | null {
  const text = textOf(value);
  if (!text) return null;
  const key = text.replace(/^(https?:\/\/)?(schema\.org\/|schema:)/i, '').replace(/[\s_-]/g, '').toLowerCase();
  if (AVAILABLE.has(key)) return true;
  if (UNAVAILABLE.has(key)) return false;
  return null;
}

// ---------------------------------------------------------------- JSON-LD documents

interface Graph {
  roots: Json[];
  byId: Map<string, Node>;
  broken: number;
}

/** JSON-LD as pages write it: comment or CDATA wrappers, raw control characters, trailing commas. */
function parseBlock(text: string): Json | undefined {
  const unwrapped = text
    .trim()
    .replace(/^<!--/, '')
    .replace(/-->$/, '')
    .replace(/^\/\/\s*<!\[CDATA\[/, '')
    .replace(/\/\/\s*\]\]>$/, '')
    // JSON forbids raw control characters in strings; pages put raw line breaks in descriptions.
    .replace(/[\u0000-\u001f]/g, ' ');
  try {
    return JSON.parse(unwrapped) as Json;
  } catch {
    try {
      return JSON.parse(unwrapped.replace(/,\s*([}\]])/g, '$1')) as Json;
    } catch {
      return undefined;
    }
  }
}

function buildGraph(blocks: readonly string[], base: string): Graph {
  const graph: Graph = { roots: [], byId: new Map(), broken: 0 };
  for (const block of blocks) {
    const parsed = parseBlock(block);
    if (parsed === undefined) {
      graph.broken += 1;
      continue;
    }
    graph.roots.push(parsed);
  }
  let visited = 0;
  const index = (value: Json, depth: number): void => {
    if (visited > WALK_LIMITS.nodes || depth > WALK_LIMITS.depth) return;
    visited += 1;
    if (Array.isArray(value)) {
      for (const entry of value) index(entry, depth + 1);
    } else if (isNode(value)) {
      const id = typeof value['@id'] === 'string' ? absoluteUrl(value['@id'], base) : null;
      // The fullest description of an @id wins over bare references to it.
      const existing = id ? graph.byId.get(id) : undefined;
      if (id && Object.keys(value).length > 1 && (!existing || Object.keys(existing).length < Object.keys(value).length)) graph.byId.set(id, value);
      for (const entry of Object.values(value)) index(entry, depth + 1);
    }
  };
  for (const root of graph.roots) index(root, 0);
  return graph;
}

/** A node with only an @id stands for the node with that @id elsewhere in the page's JSON-LD. */
function deref(value: Json | undefined, graph: Graph, base: string): Json | undefined {
  if (!isNode(value)) return value;
  const id = typeof value['@id'] === 'string' ? absoluteUrl(value['@id'], base) : null;
  if (id && Object.keys(value).every((key) => key === '@id' || key === '@type')) return graph.byId.get(id) ?? value;
  return value;
}

/** Product nodes anywhere in the documents, except those that are other products' relatives. */
function productNodes(roots: readonly Json[], graph: Graph, base: string): Node[] {
  const found: Node[] = [];
  const seen = new Set<Node>();
  let visited = 0;
  const walk = (value: Json | undefined, depth: number): void => {
    if (value === undefined || visited > WALK_LIMITS.nodes || depth > WALK_LIMITS.depth || found.length > WALK_LIMITS.products) return;
    visited += 1;
    if (Array.isArray(value)) {
      for (const entry of value) walk(entry, depth + 1);
      return;
    }
    const node = deref(value, graph, base);
    if (!isNode(node) || seen.has(node)) return;
    seen.add(node);
    if (isProduct(node)) {
      found.push(node);
      return;
    }
    // An Offer whose itemOffered is the product ("offer-first" markup).
    const offered = deref(prop(node, 'itemOffered'), graph, base);
    if (typeNames(node).includes('offer') && isNode(offered) && isProduct(offered)) {
      const { itemOffered: _itemOffered, ...offer } = node;
      found.push({ ...offered, offers: offer });
      seen.add(offered);
      return;
    }
    for (const [key, entry] of Object.entries(node)) if (!OTHER_PRODUCT_KEYS.has(key.toLowerCase())) walk(entry, depth + 1);
  };
  for (const root of roots) walk(root, 0);
  return groupVariants(found, graph, base);
}

/**
 * Variants written as separate Products pointing at their group (`isVariantOf`) join that group's
 * `hasVariant`, so a page marked up either way reads as one product with variants.
 */
function groupVariants(nodes: Node[], graph: Graph, base: string): Node[] {
  const groups = new Map<string, { group: Node; variants: Node[] }>();
  const standalone: Node[] = [];
  for (const node of nodes) {
    const parent = deref(prop(node, 'isVariantOf'), graph, base);
    if (!isNode(parent)) {
      standalone.push(node);
      continue;
    }
    const key = (typeof parent['@id'] === 'string' ? absoluteUrl(parent['@id'], base) : null) ?? textOf(prop(parent, 'productGroupID')) ?? textOf(prop(parent, 'name')) ?? '';
    const entry = groups.get(key) ?? { group: parent, variants: [] };
    entry.variants.push(node);
    groups.set(key, entry);
  }
  const result = standalone.filter((node) => ![...groups.values()].some((entry) => entry.group === node));
  for (const { group, variants } of groups.values()) {
    const own = list(prop(group, 'hasVariant')).map((entry) => deref(entry, graph, base));
    const merged = [...own, ...variants.filter((variant) => !own.includes(variant))];
    result.push({ ...group, '@type': 'ProductGroup', hasVariant: merged as Json[] });
  }
  return result;
}

// ---------------------------------------------------------------- reading one product

interface ReadVariant {
  id: string | null;
  title: string;
  priceMinor: number;
  compareAtMinor: number | null;
  currency: string;
  available: boolean;
  sku: string | null;
  gtin: string | null;
  image: string | null;
  options: string[];
}

interface ReadProduct {
  title: string;
  urls: string[];
  images: string[];
  brand: string | null;
  gtin: string | null;
  mpn: string | null;
  sku: string | null;
  description: string;
  rating: { value: number; count: number | null } | null;
  shopName: string | null;
  variants: ReadVariant[];
  priceKind: 'exact' | 'from';
  /** It has offers at all (priced or not). */
  offered: boolean;
  problems: string[];
}

interface Context {
  graph: Graph;
  base: string;
  /** The one currency the page declares, when it declares exactly one. */
  pageCurrency: string | null;
}

function gtinOf(node: Node): string | null {
  for (const key of ['gtin', 'gtin14', 'gtin13', 'gtin12', 'gtin8', 'isbn']) {
    const value = textOf(prop(node, key));
    if (value) return value.slice(0, 50);
  }
  return null;
}

function imagesOf(value: Json | undefined, ctx: Context): string[] {
  const images: string[] = [];
  for (const entry of list(value).slice(0, MAX_LIST)) {
    if (images.length >= 20) break;
    const image = deref(entry, ctx.graph, ctx.base);
    const raw = typeof image === 'string' ? image : isNode(image) ? textOf(prop(image, 'url') ?? prop(image, 'contentUrl')) : null;
    const url = httpsImage(raw, ctx.base);
    if (url && !images.includes(url)) images.push(url);
  }
  return images;
}

function ratingOf(value: Json | undefined, ctx: Context): ReadProduct['rating'] {
  const node = deref(list(value)[0], ctx.graph, ctx.base);
  if (!isNode(node)) return null;
  const raw = numberOf(prop(node, 'ratingValue'));
  if (raw === null) return null;
  const best = numberOf(prop(node, 'bestRating')) ?? 5;
  if (best <= 0) return null;
  const value5 = Math.round((raw / best) * 5 * 100) / 100;
  if (value5 < 0 || value5 > 5) return null;
  const count = numberOf(prop(node, 'reviewCount')) ?? numberOf(prop(node, 'ratingCount'));
  return { value: value5, count: count !== null && Number.isInteger(count) ? count : null };
}

function variantIdFromUrl(url: string | null): string | null {
  if (!url) return null;
  try {
    const value = new URL(url).searchParams.get('variant');
    return value && /^[A-Za-z0-9_-]{1,64}$/.test(value) ? value : null;
  } catch {
    return null;
  }
}

interface OfferRead {
  variants: ReadVariant[];
  from: boolean;
  urls: string[];
  seller: string | null;
  problems: string[];
  count: number;
}

/** Reads the shopper's price of one Offer-like node (price, priceSpecification, low/high), with its currency. */
function readOffers(value: Json | undefined, ctx: Context, inherited: { currency: string | null } = { currency: null }, depth = 0): OfferRead {
  const out: OfferRead = { variants: [], from: false, urls: [], seller: null, problems: [], count: 0 };
  for (const entry of list(value).slice(0, MAX_LIST)) {
    const offer = deref(entry, ctx.graph, ctx.base);
    if (!isNode(offer)) continue;
    out.count += 1;
    const declared = textOf(prop(offer, 'priceCurrency'));
    const currency = declared !== null ? normalizeCurrency(declared) : inherited.currency ?? ctx.pageCurrency;
    const nested = prop(offer, 'offers');
    if (nested !== undefined && depth < 3 && typeNames(offer).includes('aggregateoffer')) {
      const inner = readOffers(nested, ctx, { currency }, depth + 1);
      if (inner.variants.length > 0 || inner.problems.length > 0) {
        out.variants.push(...inner.variants);
        out.urls.push(...inner.urls);
        out.problems.push(...inner.problems);
        out.from ||= inner.from;
        out.seller ??= inner.seller;
        continue;
      }
    }
    const url = absoluteUrl(textOf(prop(offer, 'url')), ctx.base);
    if (url) out.urls.push(url);
    const seller = deref(prop(offer, 'seller'), ctx.graph, ctx.base);
    if (isNode(seller)) out.seller ??= textOf(prop(seller, 'name'));

    const read = readPrice(offer, currency, declared, ctx);
    if ('problem' in read) {
      out.problems.push(read.problem);
      continue;
    }
    out.from ||= read.from;
    const offered = deref(prop(offer, 'itemOffered'), ctx.graph, ctx.base);
    const item = isNode(offered) ? offered : null;
    out.variants.push({
      id: variantIdFromUrl(url),
      title: textOf(prop(offer, 'name')) ?? (item ? textOf(prop(item, 'name')) : null) ?? '',
      priceMinor: read.price,
      compareAtMinor: read.compareAt,
      currency: read.currency,
      available: availability(prop(offer, 'availability')) ?? true,
      sku: textOf(prop(offer, 'sku')) ?? (item ? textOf(prop(item, 'sku')) : null),
      gtin: gtinOf(offer) ?? (item ? gtinOf(item) : null),
      image: imagesOf(prop(offer, 'image') ?? (item ? prop(item, 'image') : undefined), ctx)[0] ?? null,
      options: [],
    });
  }
  return out;
}

type PriceRead = { price: number; compareAt: number | null; currency: string; from: boolean } | { problem: string };

function readPrice(offer: Node, currency: string | null, declared: string | null, ctx: Context): PriceRead {
  const specs = list(prop(offer, 'priceSpecification'))
    .map((spec) => deref(spec, ctx.graph, ctx.base))
    .filter(isNode);
  const isReference = (spec: Node) => {
    const type = (textOf(prop(spec, 'priceType')) ?? '').replace(/^(https?:\/\/)?(schema\.org\/|schema:)/i, '').toLowerCase();
    return REFERENCE_PRICE_TYPES.has(type);
  };
  // Unit prices ("per 100 ml") and bulk prices are not the price of one item.
  const isPerItem = (spec: Node) => {
    if (prop(spec, 'referenceQuantity') !== undefined) return false;
    const eligible = prop(spec, 'eligibleQuantity');
    const minimum = isNode(eligible) ? numberOf(prop(eligible, 'minValue')) : null;
    return minimum === null || minimum <= 1;
  };
  const current = specs.find((spec) => !isReference(spec) && isPerItem(spec) && prop(spec, 'price') !== undefined);
  const reference = specs.find((spec) => isReference(spec) && isPerItem(spec));

  const currencyOf = (node: Node | undefined): string | null => {
    const own = node ? textOf(prop(node, 'priceCurrency')) : null;
    return own !== null ? normalizeCurrency(own) : currency;
  };
  let rawPrice: Json | undefined = prop(offer, 'price');
  let priceCurrency = currency;
  if (rawPrice === undefined && current) {
    rawPrice = prop(current, 'price');
    priceCurrency = currencyOf(current);
  }
  let from = false;
  if (rawPrice === undefined) {
    // AggregateOffer (lowPrice/highPrice) or BigCommerce's Offer minPrice/maxPrice: a range.
    const low = prop(offer, 'lowPrice') ?? prop(offer, 'minPrice');
    const high = prop(offer, 'highPrice') ?? prop(offer, 'maxPrice');
    if (low === undefined) return { problem: 'no price' };
    if (!priceCurrency) return { problem: declared ? `unknown currency "${declared}"` : 'no currency' };
    const lowMinor = parsePrice(list(low)[0] ?? null, priceCurrency);
    const highMinor = high === undefined ? null : parsePrice(list(high)[0] ?? null, priceCurrency);
    if (lowMinor === null) return { problem: 'unreadable price' };
    const offerCount = numberOf(prop(offer, 'offerCount'));
    from = highMinor === null ? offerCount !== 1 : highMinor !== lowMinor;
    return { price: lowMinor, compareAt: null, currency: priceCurrency, from };
  }
  if (!priceCurrency) return { problem: declared ? `unknown currency "${declared}"` : 'no currency' };
  const price = parsePrice(list(rawPrice)[0] ?? null, priceCurrency);
  if (price === null) return { problem: 'unreadable price' };
  let compareAt: number | null = null;
  if (reference && currencyOf(reference) === priceCurrency) {
    const value = parsePrice(list(prop(reference, 'price'))[0] ?? null, priceCurrency);
    compareAt = value !== null && value > price ? value : null;
  }
  return { price, compareAt, currency: priceCurrency, from };
}

/** "Linen Shirt - M / Blue" under group "Linen Shirt" -> "M / Blue". */
function variantTitle(name: string | null, groupName: string): string {
  if (!name) return '';
  const trimmed = name.trim();
  if (trimmed.toLowerCase().startsWith(groupName.toLowerCase())) {
    return trimmed.slice(groupName.length).replace(/^[\s\-–—/|,:(]+/, '').replace(/\)$/, '').trim();
  }
  return trimmed;
}

/** The value of a variesBy property on a variant ("https://schema.org/size" -> variant.size). */
function variesByValues(group: Node, variant: Node): string[] {
  return list(prop(group, 'variesBy'))
    .flatMap((entry) => (typeof entry === 'string' ? [entry.replace(/^(https?:\/\/)?(schema\.org\/|schema:)/i, '')] : []))
    .map((name) => textOf(prop(variant, name)))
    .filter((value): value is string => value !== null)
    .slice(0, 3);
}

function readProduct(node: Node, ctx: Context): ReadProduct {
  const title = cleanText(textOf(prop(node, 'name')), 300) ?? '';
  const urls = [textOf(prop(node, 'url')), typeof node['@id'] === 'string' ? node['@id'] : null, textOf(prop(node, 'mainEntityOfPage'))]
    .map((value) => absoluteUrl(value, ctx.base))
    .filter((value): value is string => value !== null);
  const brandNode = deref(list(prop(node, 'brand'))[0], ctx.graph, ctx.base);
  const product: ReadProduct = {
    title,
    urls,
    images: imagesOf(prop(node, 'image'), ctx),
    brand: cleanText(typeof brandNode === 'string' ? brandNode : isNode(brandNode) ? textOf(prop(brandNode, 'name')) : null, 200),
    gtin: gtinOf(node),
    mpn: cleanText(textOf(prop(node, 'mpn')), 100),
    sku: cleanText(textOf(prop(node, 'sku')), 100),
    description: describe(textOf(prop(node, 'description'))),
    rating: ratingOf(prop(node, 'aggregateRating'), ctx),
    shopName: null,
    variants: [],
    priceKind: 'exact',
    offered: false,
    problems: [],
  };

  const members = list(prop(node, 'hasVariant'))
    .slice(0, MAX_LIST)
    .map((entry) => deref(entry, ctx.graph, ctx.base))
    .filter(isNode);
  if (members.length > 0) {
    for (const member of members) {
      const offers = readOffers(prop(member, 'offers'), ctx);
      product.offered ||= offers.count > 0;
      product.problems.push(...offers.problems);
      product.shopName ??= offers.seller;
      const first = offers.variants[0];
      if (!first) continue;
      product.priceKind = offers.from ? 'from' : product.priceKind;
      const memberUrl = absoluteUrl(textOf(prop(member, 'url')), ctx.base);
      const options = variesByValues(node, member);
      product.variants.push({
        ...first,
        id: first.id ?? variantIdFromUrl(memberUrl) ?? textOf(prop(member, 'sku')),
        title: options.length > 0 ? options.join(' / ') : variantTitle(textOf(prop(member, 'name')), title),
        sku: textOf(prop(member, 'sku')) ?? first.sku,
        gtin: gtinOf(member) ?? first.gtin,
        image: imagesOf(prop(member, 'image'), ctx)[0] ?? first.image,
        options,
      });
      product.urls.push(...offers.urls);
    }
  } else {
    const offers = readOffers(prop(node, 'offers'), ctx);
    product.offered = offers.count > 0;
    product.problems.push(...offers.problems);
    product.shopName = offers.seller;
    product.urls.push(...offers.urls);
    product.priceKind = offers.from ? 'from' : 'exact';
    product.variants = collapseOffers(offers.variants, title, product.sku);
    if (product.variants.length > 1 && product.variants.some((variant) => variant.title === '')) {
      // Several prices for one product and nothing telling them apart (sellers, conditions): a range.
      const lowest = [...product.variants].sort((a, b) => a.priceMinor - b.priceMinor)[0];
      product.variants = lowest ? [{ ...lowest, title: '' }] : [];
      product.priceKind = 'from';
    }
  }
  return product;
}

/** One product's offers as variants: identical offers fold into one, titles lose the product's name. */
function collapseOffers(variants: ReadVariant[], title: string, sku: string | null): ReadVariant[] {
  const seen = new Map<string, ReadVariant>();
  for (const variant of variants) {
    const named = { ...variant, title: variantTitle(variant.title, title), sku: variant.sku ?? (variants.length === 1 ? sku : null) };
    if (named.title === '' && variants.length > 1 && named.sku) named.title = named.sku;
    const key = [named.title, named.sku, named.priceMinor, named.currency, named.available, named.id].join('|');
    if (!seen.has(key)) seen.set(key, named);
  }
  const unique = [...seen.values()];
  // Offers that differ only in nothing visible (the same price twice) are one.
  if (unique.length > 1 && unique.every((variant) => variant.title === '' && variant.priceMinor === unique[0]?.priceMinor && variant.currency === unique[0]?.currency)) {
    return unique.slice(0, 1);
  }
  return unique;
}

function describe(raw: string | null): string {
  if (!raw) return '';
  try {
    return sourceText(raw, 'description', 'auto');
  } catch {
    return '';
  }
}

// ---------------------------------------------------------------- choosing the page's product

function normalizedTitle(title: string): string {
  return title.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
}

function urlKeys(product: ReadProduct): Set<string> {
  const keys = new Set<string>();
  for (const url of product.urls) {
    const key = productUrlKey(url);
    if (key) keys.add(key);
  }
  return keys;
}

function priceSignature(product: ReadProduct): string {
  return product.variants
    .map((variant) => `${variant.priceMinor} ${variant.currency}`)
    .sort()
    .join(',');
}

interface Described {
  product: ReadProduct;
  keys: Set<string>;
}

/**
 * Folds descriptions of one product (a theme's block and a review app's) together: same page URL,
 * GTIN or SKU, or the same name where one of them names no page. Linear in the number of
 * descriptions (maps, not pairwise comparison). A conflict when two disagree on the price.
 */
function mergeSame(described: Described[]): Described[] | { conflict: string } {
  const merged: Described[] = [];
  const byKey = new Map<string, Described>();
  const byCode = new Map<string, Described>();
  const byTitle = new Map<string, Described[]>();
  const remember = (entry: Described) => {
    for (const key of entry.keys) if (!byKey.has(key)) byKey.set(key, entry);
    for (const code of [entry.product.gtin && `gtin:${entry.product.gtin}`, entry.product.sku && `sku:${entry.product.sku}`]) {
      if (code && !byCode.has(code)) byCode.set(code, entry);
    }
    const title = normalizedTitle(entry.product.title);
    if (title) byTitle.set(title, [...(byTitle.get(title) ?? []), entry]);
  };
  for (const entry of described) {
    const { product, keys } = entry;
    const twin =
      [...keys].map((key) => byKey.get(key)).find(Boolean) ??
      (product.gtin ? byCode.get(`gtin:${product.gtin}`) : undefined) ??
      (product.sku ? byCode.get(`sku:${product.sku}`) : undefined) ??
      (byTitle.get(normalizedTitle(product.title)) ?? []).find((other) => other.keys.size === 0 || keys.size === 0);
    if (!twin) {
      const copy = { product: { ...product, urls: [...product.urls], images: [...product.images], problems: [...product.problems] }, keys: new Set(keys) };
      merged.push(copy);
      remember(copy);
      continue;
    }
    const base = twin.product;
    if (base.variants.length > 0 && product.variants.length > 0 && priceSignature(base) !== priceSignature(product)) {
      return { conflict: `two descriptions of "${base.title || product.title}" on the page disagree on its price` };
    }
    if (base.variants.length === 0 && product.variants.length > 0) {
      base.variants = product.variants;
      base.priceKind = product.priceKind;
    }
    base.title ||= product.title;
    base.urls.push(...product.urls);
    for (const image of product.images) if (!base.images.includes(image)) base.images.push(image);
    base.brand ??= product.brand;
    base.gtin ??= product.gtin;
    base.mpn ??= product.mpn;
    base.sku ??= product.sku;
    base.description ||= product.description;
    base.rating ??= product.rating;
    base.shopName ??= product.shopName;
    base.offered ||= product.offered;
    base.problems.push(...product.problems);
    for (const key of keys) twin.keys.add(key);
    remember(twin);
  }
  return merged;
}

/** More descriptions than this on one page is a listing, not a product page (and bounds the work). */
const MAX_DESCRIPTIONS = 200;

/** `final`: another format cannot settle it (several products, or two that disagree on the price). */
type Choice = { product: ReadProduct } | { failure: LinkedFailure; final: boolean } | { none: true };

/**
 * The page's own product among those its markup describes: the only one; else the one whose URL
 * is the page's (requested, final or canonical); else the only one naming no URL while the others
 * name other pages. Anything else is "several products", never a guess.
 */
function choose(products: ReadProduct[], targets: ReadonlySet<string>, method: LinkedMethod): Choice {
  let described = products.filter((product) => product.title !== '' || product.offered).map((product) => ({ product, keys: urlKeys(product) }));
  if (described.length === 0) return { none: true };
  const matches = (entry: Described) => [...entry.keys].some((key) => targets.has(key));
  if (described.length > MAX_DESCRIPTIONS) {
    described = described.filter((entry) => matches(entry) || entry.keys.size === 0);
    if (described.length === 0 || described.length > MAX_DESCRIPTIONS) {
      return { failure: linkedFailure('several-products', `${method}: ${products.length} products on the page`), final: true };
    }
  }
  const merged = mergeSame(described);
  if (!Array.isArray(merged)) return { failure: linkedFailure('no-price', `${method}: ${merged.conflict}`), final: true };

  let pick: Described[];
  if (merged.length === 1) pick = merged;
  else {
    const own = merged.filter(matches);
    pick = own.length > 0 ? own : merged.filter((entry) => entry.keys.size === 0);
    if (pick.length !== 1) {
      // Offer-less descriptions (a widget naming products) are no competitors for a priced one.
      const priced = pick.filter((entry) => entry.product.variants.length > 0 || entry.product.offered);
      if (priced.length === 1) pick = priced;
    }
    if (pick.length !== 1) {
      return { failure: linkedFailure('several-products', `${method}: ${merged.length} products on the page and none is this page's alone`), final: true };
    }
  }
  const product = (pick[0] as Described).product;
  if (product.variants.length === 0) {
    const why = product.problems[0] ?? (product.offered ? 'offer without price' : 'no offer');
    return { failure: linkedFailure('no-price', `${method}: "${product.title}" has no usable price (${why})`), final: false };
  }
  if (product.title === '') return { failure: linkedFailure('no-product', `${method}: the product has no name`), final: false };
  return { product };
}

// ---------------------------------------------------------------- microdata and Open Graph

/** Microdata items as JSON-LD-like nodes, so one reader serves both. */
function microToNode(item: MicroItem): Node {
  const node: Node = { '@type': item.types };
  if (item.id) node['@id'] = item.id;
  for (const [name, values] of item.props) {
    const converted = values.map((value) => (typeof value === 'string' ? value : microToNode(value)));
    node[name] = converted.length === 1 ? (converted[0] as Json) : converted;
  }
  return node;
}

function openGraphProduct(scan: PageScan, ctx: Context): ReadProduct | null {
  const amount = metaValue(scan, 'product:price:amount', 'og:price:amount');
  const title = cleanText(metaValue(scan, 'og:title', 'twitter:title'), 300);
  if (amount === null || title === null) return null;
  const declared = metaValue(scan, 'product:price:currency', 'og:price:currency');
  const currency = declared !== null ? normalizeCurrency(declared) : ctx.pageCurrency;
  const product: ReadProduct = {
    title,
    urls: [absoluteUrl(metaValue(scan, 'og:url'), ctx.base)].filter((url): url is string => url !== null),
    images: [...(scan.metas.get('og:image:secure_url') ?? []), ...(scan.metas.get('og:image') ?? [])]
      .map((image) => httpsImage(image, ctx.base))
      .filter((image, at, all): image is string => image !== null && all.indexOf(image) === at)
      .slice(0, 20),
    brand: cleanText(metaValue(scan, 'product:brand', 'og:brand'), 200),
    gtin: metaValue(scan, 'product:upc', 'product:ean', 'product:gtin')?.slice(0, 50) ?? null,
    mpn: null,
    sku: cleanText(metaValue(scan, 'product:retailer_item_id'), 100),
    description: describe(metaValue(scan, 'og:description')),
    rating: null,
    shopName: cleanText(metaValue(scan, 'og:site_name'), 200),
    variants: [],
    priceKind: 'exact',
    offered: true,
    problems: [],
  };
  if (!currency) {
    product.problems.push(declared ? `unknown currency "${declared}"` : 'no currency');
    return product;
  }
  const regular = parsePrice(amount, currency);
  const saleAmount = metaValue(scan, 'product:sale_price:amount');
  const saleCurrency = metaValue(scan, 'product:sale_price:currency');
  const sale = saleAmount !== null && (saleCurrency === null || normalizeCurrency(saleCurrency) === currency) ? parsePrice(saleAmount, currency) : null;
  const price = sale ?? regular;
  if (price === null) {
    product.problems.push('unreadable price');
    return product;
  }
  product.variants.push({
    id: null,
    title: '',
    priceMinor: price,
    compareAtMinor: sale !== null && regular !== null && regular > sale ? regular : null,
    currency,
    available: availability(metaValue(scan, 'product:availability', 'og:availability')) ?? true,
    sku: product.sku,
    gtin: product.gtin,
    image: null,
    options: [],
  });
  return product;
}

/** Every currency the page declares for a price, in any of the three formats. */
function declaredCurrencies(graph: Graph, micro: readonly Node[], scan: PageScan): Set<string> {
  const found = new Set<string>();
  let visited = 0;
  const walk = (value: Json | undefined, depth: number): void => {
    if (value === undefined || visited > WALK_LIMITS.nodes || depth > WALK_LIMITS.depth) return;
    visited += 1;
    if (Array.isArray(value)) for (const entry of value) walk(entry, depth + 1);
    else if (isNode(value)) {
      for (const [key, entry] of Object.entries(value)) {
        if (key.toLowerCase() === 'pricecurrency') {
          const code = normalizeCurrency(textOf(entry));
          if (code) found.add(code);
        } else walk(entry, depth + 1);
      }
    }
  };
  for (const root of graph.roots) walk(root, 0);
  for (const node of micro) walk(node, 0);
  for (const key of ['product:price:currency', 'og:price:currency', 'product:sale_price:currency']) {
    for (const value of scan.metas.get(key) ?? []) {
      const code = normalizeCurrency(value);
      if (code) found.add(code);
    }
  }
  return found;
}

// ---------------------------------------------------------------- the whole page

/** Reads the product of a product page. `finalUrl` is where the HTML came from. */
export function extractPageProduct(input: PageInput): LinkedResult {
  const scan = scanPage(input.html);
  const base = absoluteUrl(scan.base, input.finalUrl) ?? input.finalUrl;
  const graph = buildGraph(scan.jsonLd, base);
  const microNodes = scan.items.map(microToNode);
  const currencies = declaredCurrencies(graph, microNodes, scan);
  const ctx: Context = { graph, base, pageCurrency: currencies.size === 1 ? ([...currencies][0] ?? null) : null };

  const targets = new Set<string>();
  for (const url of [input.link.url, input.finalUrl, absoluteUrl(scan.canonical, base), absoluteUrl(metaValue(scan, 'og:url'), base)]) {
    const key = url ? productUrlKey(url) : null;
    if (key) targets.add(key);
  }

  const failures: LinkedFailure[] = [];
  const attempts: [LinkedMethod, () => ReadProduct[]][] = [
    ['json-ld', () => productNodes(graph.roots, graph, base).map((node) => readProduct(node, ctx))],
    ['microdata', () => {
      const microGraph: Graph = { roots: microNodes, byId: new Map(), broken: 0 };
      return productNodes(microNodes, microGraph, base).map((node) => readProduct(node, { ...ctx, graph: microGraph }));
    }],
    ['open-graph', () => {
      const product = openGraphProduct(scan, ctx);
      return product ? [product] : [];
    }],
  ];
  for (const [method, read] of attempts) {
    const choice = choose(read(), targets, method);
    if ('product' in choice) return finish(choice.product, method, input);
    if ('failure' in choice) {
      if (choice.final) return choice.failure;
      failures.push(choice.failure);
    }
  }
  const noPrice = failures.find((failure) => failure.reason === 'no-price');
  if (noPrice) return noPrice;
  if (graph.broken > 0) return linkedFailure('bad-json', `${graph.broken} JSON-LD block(s) on the page are not valid JSON and nothing else describes a product`);
  return failures[0] ?? linkedFailure('no-product', 'The page describes no product (no JSON-LD, microdata or Open Graph product)');
}

function finish(product: ReadProduct, method: LinkedMethod, input: PageInput): LinkedResult {
  const ids = new Set<string>();
  const variants: LinkedVariant[] = product.variants.slice(0, 250).map((variant, index) => {
    let id = (variant.id ?? variant.sku ?? `offer-${index + 1}`).slice(0, 200);
    while (ids.has(id)) id = `${id}-${index + 1}`;
    ids.add(id);
    return {
      id,
      title: cleanText(variant.title, 300) ?? '',
      priceMinor: variant.priceMinor,
      compareAtMinor: variant.compareAtMinor,
      currency: variant.currency,
      available: variant.available,
      sku: cleanText(variant.sku, 100),
      gtin: variant.gtin,
      image: variant.image,
      options: variant.options.map((option) => cleanText(option, 300) ?? '').filter(Boolean),
    };
  });
  return linkedSuccess({
    key: input.link.key,
    kind: input.link.kind,
    url: input.link.url,
    origin: input.link.origin,
    urlKey: input.link.urlKey,
    title: product.title,
    description: product.description,
    images: product.images.slice(0, 20),
    brand: product.brand,
    shopName: cleanText(product.shopName, 200),
    gtin: product.gtin,
    mpn: product.mpn,
    optionNames: [],
    variants,
    priceKind: product.priceKind,
    rating: product.rating,
    method,
    checkout: 'link',
    readFrom: input.finalUrl,
    readAt: input.readAt,
  });
}
