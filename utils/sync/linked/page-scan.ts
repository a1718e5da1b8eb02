/**
 * One pass over a product page's HTML, as text (a service worker has no DOMParser): the JSON-LD
 * blocks, the <meta> tags, the canonical link and the schema.org microdata items. Tokenizing is
 * htmlparser2's (a streaming, forgiving HTML tokenizer with the full HTML entity table); what this
 * module adds is the microdata walk and bounds, so a hostile page cannot make it hold more than a
 * few megabytes or recurse without end.
 */
import { Parser } from 'htmlparser2';

/** A microdata item: its types (full URLs as written), itemid, and properties in document order. */
export interface MicroItem {
  types: string[];
  id: string | null;
  props: Map<string, MicroValue[]>;
}
export type MicroValue = string | MicroItem;

export interface PageScan {
  /** The text of each `<script type="application/ld+json">`, in document order. */
  jsonLd: string[];
  /** `<meta property|name="..." content="...">`, by lower-case key, values in document order. */
  metas: Map<string, string[]>;
  canonical: string | null;
  /** `<base href>`: relative URLs of the page resolve against it. */
  base: string | null;
  /** Microdata items that are no property of another item. */
  items: MicroItem[];
}

/** Bounds on what one page may make us keep (the page itself is capped at 1.5 MB before this). */
export const SCAN_LIMITS = {
  jsonLdBlocks: 50,
  metaValues: 400,
  items: 2000,
  /** Characters kept of one text-valued microdata property. */
  propText: 2000,
  /** Nesting of microdata items. */
  itemDepth: 32,
  /** Text-valued properties being read at once (nested inside each other). */
  openCaptures: 32,
} as const;

/** Where a property's value is, per element, when it is not the element's text (HTML microdata rules). */
const VALUE_ATTRIBUTE: Readonly<Record<string, string>> = {
  meta: 'content', a: 'href', area: 'href', link: 'href', img: 'src', audio: 'src', embed: 'src', iframe: 'src',
  source: 'src', track: 'src', video: 'src', object: 'data', data: 'value', meter: 'value', time: 'datetime',
};

const RAW_TEXT = new Set(['script', 'style', 'template', 'noscript', 'textarea']);

interface Capture {
  target: MicroItem;
  names: string[];
  parts: string[];
  length: number;
}

interface Open {
  item: MicroItem | null;
  capture: Capture | null;
  raw: boolean;
}

function addProp(item: MicroItem, names: readonly string[], value: MicroValue): void {
  for (const name of names) {
    const values = item.props.get(name);
    if (values) {
      if (values.length < 100) values.push(value);
    } else {
      item.props.set(name, [value]);
    }
  }
}

function words(value: string | undefined): string[] {
  return value ? value.split(/\s+/).filter(Boolean) : [];
}

export function scanPage(html: string): PageScan {
  const scan: PageScan = { jsonLd: [], metas: new Map(), canonical: null, base: null, items: [] };
  const stack: Open[] = [];
  const captures: Capture[] = [];
  let metaValues = 0;
  let itemCount = 0;
  let itemDepth = 0;
  let rawDepth = 0;
  let ldParts: string[] | null = null;

  // Items open around the current element, innermost last (a lookup per tag must not walk the whole stack).
  const openItems: MicroItem[] = [];

  const parser = new Parser(
    {
      onopentag(name, attribs) {
        if (name === 'script' && /^\s*application\/ld\+json\s*(;|$)/i.test(attribs.type ?? '') && scan.jsonLd.length < SCAN_LIMITS.jsonLdBlocks) {
          ldParts = [];
        } else if (name === 'meta') {
          const key = (attribs.property ?? attribs.name ?? '').trim().toLowerCase();
          if (key && attribs.content !== undefined && metaValues < SCAN_LIMITS.metaValues) {
            metaValues += 1;
            const list = scan.metas.get(key);
            if (list) list.push(attribs.content);
            else scan.metas.set(key, [attribs.content]);
          }
        } else if (name === 'link' && scan.canonical === null && words(attribs.rel?.toLowerCase()).includes('canonical') && attribs.href) {
          scan.canonical = attribs.href;
        } else if (name === 'base' && scan.base === null && attribs.href) {
          scan.base = attribs.href;
        }

        const raw = RAW_TEXT.has(name);
        if (raw) rawDepth += 1;
        const parent = openItems[openItems.length - 1] ?? null;
        const names = parent ? words(attribs.itemprop) : [];
        let item: MicroItem | null = null;
        let capture: Capture | null = null;
        if ('itemscope' in attribs && itemCount < SCAN_LIMITS.items && itemDepth < SCAN_LIMITS.itemDepth) {
          itemCount += 1;
          itemDepth += 1;
          item = { types: words(attribs.itemtype), id: attribs.itemid?.trim() || null, props: new Map() };
          if (parent && names.length > 0) addProp(parent, names, item);
          else scan.items.push(item);
          openItems.push(item);
        } else if (parent && names.length > 0) {
          // schema.org readers honour `content` on any element, not only <meta>.
          const attribute = attribs.content !== undefined ? 'content' : VALUE_ATTRIBUTE[name];
          const value = attribute ? attribs[attribute] : undefined;
          if (value !== undefined) addProp(parent, names, value.trim());
          else if (captures.length < SCAN_LIMITS.openCaptures) {
            capture = { target: parent, names, parts: [], length: 0 };
            captures.push(capture);
          }
        }
        stack.push({ item, capture, raw });
      },
      ontext(text) {
        if (ldParts) {
          ldParts.push(text);
          return;
        }
        if (rawDepth > 0 || captures.length === 0) return;
        for (const capture of captures) {
          if (capture.length >= SCAN_LIMITS.propText) continue;
          const part = text.slice(0, SCAN_LIMITS.propText - capture.length);
          capture.parts.push(part);
          capture.length += part.length;
        }
      },
      onclosetag(name) {
        if (name === 'script' && ldParts) {
          scan.jsonLd.push(ldParts.join(''));
          ldParts = null;
        }
        const open = stack.pop();
        if (!open) return;
        if (open.raw) rawDepth -= 1;
        if (open.item) {
          itemDepth -= 1;
          openItems.pop();
        }
        if (open.capture) {
          const at = captures.lastIndexOf(open.capture);
          if (at >= 0) captures.splice(at, 1);
          addProp(open.capture.target, open.capture.names, open.capture.parts.join('').replace(/\s+/g, ' ').trim());
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  return scan;
}

/** The first value of a meta key, trimmed, or null. */
export function metaValue(scan: PageScan, ...keys: string[]): string | null {
  for (const key of keys) {
    const value = scan.metas.get(key)?.find((entry) => entry.trim() !== '');
    if (value !== undefined) return value.trim();
  }
  return null;
}
