/**
 * XML as the Merchant Center and reviews feeds use it, read by fast-xml-parser with entity
 * processing off, so no DOCTYPE entity is ever expanded (billion laughs, external entities), and
 * small readers for the parsed tree: a leaf's text, an attribute, a stop node's inner HTML.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { FeedError } from './records';
import { codePointText } from './text';

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
    throw new FeedError('errXmlMalformed', [valid.err.line, valid.err.msg.replace(/\s+/g, ' ')]);
  }
  let parsed: unknown;
  try {
    parsed = new XMLParser({ ...XML_OPTIONS, stopNodes }).parse(text);
  } catch (error) {
    throw new FeedError('errXmlUnreadable', [(error as Error).message]);
  }
  if (!parsed || typeof parsed !== 'object') throw new FeedError('errFeedEmpty');
  return parsed as Record<string, unknown>;
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

